/*
 * pp-grep: keep the records whose fields match a pattern, with grep's
 * options and exit status, plus predicates on whole records (dates, a jq
 * expression, keys present, duplicates).
 *
 * Every line is parsed, so a bad line is always reported; the matcher's
 * prefilter (pattern.c) spares the fields of the lines that cannot match.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jq.h>
#include <jv.h>

#include "pp.h"
#include "grep.h"

static const char synopsis[] =
    "[-cEFhiqSsVvwx] [-e pattern] [-f file] [-k key] [-m num] [--all]\n"
    "\t[--ignore-accents] [--has key] [--since date] [--until date]\n"
    "\t[--unique key] [--where expr] [pattern] [file ...]";

enum {
	OPT_ALL = CHAR_MAX + 1,
	OPT_ACCENTS,
	OPT_HAS,
	OPT_SINCE,
	OPT_UNTIL,
	OPT_UNIQUE,
	OPT_WHERE
};

static const struct option longopts[] = {
	{ "regexp",		required_argument,	NULL,	'e' },
	{ "file",		required_argument,	NULL,	'f' },
	{ "ignore-case",	no_argument,		NULL,	'i' },
	{ "smart-case",		no_argument,		NULL,	'S' },
	{ "invert-match",	no_argument,		NULL,	'v' },
	{ "word-regexp",	no_argument,		NULL,	'w' },
	{ "line-regexp",	no_argument,		NULL,	'x' },
	{ "fixed-strings",	no_argument,		NULL,	'F' },
	{ "extended-regexp",	no_argument,		NULL,	'E' },
	{ "count",		no_argument,		NULL,	'c' },
	{ "max-count",		required_argument,	NULL,	'm' },
	{ "quiet",		no_argument,		NULL,	'q' },
	{ "silent",		no_argument,		NULL,	'q' },
	{ "no-messages",	no_argument,		NULL,	's' },
	{ "field",		required_argument,	NULL,	'k' },
	{ "help",		no_argument,		NULL,	'h' },
	{ "version",		no_argument,		NULL,	'V' },
	{ "all",		no_argument,		NULL,	OPT_ALL },
	{ "ignore-accents",	no_argument,		NULL,	OPT_ACCENTS },
	{ "has",		required_argument,	NULL,	OPT_HAS },
	{ "since",		required_argument,	NULL,	OPT_SINCE },
	{ "until",		required_argument,	NULL,	OPT_UNTIL },
	{ "unique",		required_argument,	NULL,	OPT_UNIQUE },
	{ "where",		required_argument,	NULL,	OPT_WHERE },
	{ NULL,			0,			NULL,	0 }
};

/* A --since or --until bound. */
struct bound {
	const char	*arg;		/* as given */
	struct pp_date	 date;
	int		 set;
};

/* The whole run: options, the matcher, the record being looked at. */
struct grep {
	struct matcher	 m;
	int		 have_patterns;	/* -e, -f or an operand gave the list */
	struct pp_keylist fields;	/* -k, or title and abstract */
	struct pp_keylist has;		/* --has */
	int		 cflag, qflag, sflag, vflag;
	long long	 max_count;	/* -1: no limit */
	struct bound	 since, until;
	unsigned long	 unsure;	/* dates neither in nor out of range */
	const char	*unique_key, *where_expr;
	jq_state	*jq;		/* --where, compiled once */
	struct pp_set	 seen;		/* --unique */
	/* per line, reused */
	struct pp_record rec;
	struct pp_span	*vals;
	enum pp_jtype	*types;
	struct pp_buf	 scratch;
};

/* -f FILE: one pattern a line, as grep reads them; an empty file has none. */
static void
read_patterns(struct matcher *m, const char *name)
{
	struct pp_input in;

	if (pp_input_open(&in, name) == -1)
		exit(PP_ERROR);
	while (pp_input_next(&in) == 1)
		matcher_add(m, in.line, in.len);
	if (pp_status != PP_OK)
		exit(PP_ERROR);
	pp_input_close(&in);
}

/* --- record predicates -------------------------------------------------- */

/* The string value at key in a record, decoded into out; 0 if none. */
static int
string_at(const struct pp_record *r, const char *key, struct pp_buf *out)
{
	struct pp_span v;
	enum pp_jtype t;

	if (!pp_record_path(r, key, strlen(key), &v, &t) || t != PP_JSTRING)
		return 0;
	pp_buf_reset(out);
	pp_buf_add(out, "", 0);
	pp_json_unquote(out, v.p, v.len);
	return 1;
}

/*
 * --since and --until take each date at its precision (common/date.c).
 * A record without a date (or with one that is no date, 2024-13-99) is
 * not known to be in range and is not kept; nor is one whose date is
 * too coarse to tell, which is said once.
 */
static int
date_in_range(struct grep *g, struct pp_input *in)
{
	struct pp_date d;
	int since = 1, until = 1;

	if (!string_at(&g->rec, "date", &g->scratch) ||
	    !pp_date_read(g->scratch.s, g->scratch.len, &d))
		return 0;
	if (g->since.set)
		since = pp_date_since(&d, &g->since.date);
	if (g->until.set && since != 0)
		until = pp_date_until(&d, &g->until.date);
	if (since == 1 && until == 1)
		return 1;
	if (since == 0 || until == 0)
		return 0;
	if (g->unsure++ == 0)
		pp_warn_at(in, "date '%s' is neither before nor after --%s "
		    "%s: not selected", g->scratch.s, since == -1 ? "since" :
		    "until", since == -1 ? g->since.arg : g->until.arg);
	return 0;
}

static int
has_all_keys(struct grep *g)
{
	struct pp_span v;
	enum pp_jtype t;
	size_t i;

	for (i = 0; i < g->has.n; i++)
		if (!pp_record_path(&g->rec, g->has.keys[i].name,
		    g->has.keys[i].len, &v, &t) || t == PP_JNULL)
			return 0;
	return 1;
}

static void
where_error(void *data, jv msg)
{
	(void)data;
	if (jv_get_kind(msg) != JV_KIND_STRING)
		msg = jv_dump_string(msg, 0);
	fprintf(stderr, "%s: --where: %s\n", pp_progname, jv_string_value(msg));
	jv_free(msg);
}

/* Does the --where expression give a true value (not false or null)? */
static int
where_keeps(struct grep *g, struct pp_input *in)
{
	const struct pp_record *r = &g->rec;
	jv v, msg;
	int keep = 0;

	if (r->len > INT_MAX) {
		pp_error_at(in, "--where: record too long for jq");
		return 0;
	}
	v = jv_parse_sized(r->line, (int)r->len);
	if (!jv_is_valid(v)) {
		msg = jv_invalid_get_msg(v);
		pp_error_at(in, "--where: %s", jv_get_kind(msg) == JV_KIND_STRING ?
		    jv_string_value(msg) : "jq cannot read the record");
		jv_free(msg);
		return 0;
	}
	jq_start(g->jq, v, 0);
	for (;;) {
		v = jq_next(g->jq);
		if (!jv_is_valid(v))
			break;
		keep = jv_get_kind(v) != JV_KIND_NULL &&
		    jv_get_kind(v) != JV_KIND_FALSE;
		jv_free(v);
		if (keep)
			return 1;
	}
	if (jv_invalid_has_msg(jv_copy(v))) {
		msg = jv_invalid_get_msg(v);
		if (jv_get_kind(msg) != JV_KIND_STRING)
			msg = jv_dump_string(msg, 0);
		pp_error_at(in, "--where: %s", jv_string_value(msg));
		jv_free(msg);
	} else
		jv_free(v);
	return 0;
}

/* Appends a value squeezed and case folded, for --unique. */
static void
unique_text(struct pp_buf *out, const char *raw, size_t len, enum pp_jtype type)
{
	struct pp_buf dec = { 0 }, sq = { 0 };

	if (type == PP_JSTRING) {
		pp_json_unquote(&dec, raw, len);
		pp_buf_add(&sq, "", 0);
		pp_text_squeeze(&sq, dec.s != NULL ? dec.s : "", dec.len);
		pp_text_fold(out, sq.s, sq.len, PP_FOLD_CASE);
	} else
		pp_buf_add(out, raw, len);
	pp_buf_free(&dec);
	pp_buf_free(&sq);
}

/*
 * Is this the first record with its value of the --unique key?  A record
 * without the key (or null) has no value to repeat and is kept.
 */
static int
first_of_its_kind(struct grep *g)
{
	struct pp_span v, elem;
	enum pp_jtype t, type;
	size_t pos = 0;

	if (!pp_record_path(&g->rec, g->unique_key, strlen(g->unique_key),
	    &v, &t) || t == PP_JNULL)
		return 1;
	pp_buf_reset(&g->scratch);
	pp_buf_addc(&g->scratch, "0ftnsao"[t]);
	if (t == PP_JARRAY)
		while (pp_json_array_next(&v, &pos, &elem, &type)) {
			pp_buf_addc(&g->scratch, '\x1e');
			unique_text(&g->scratch, elem.p, elem.len, type);
		}
	else
		unique_text(&g->scratch, v.p, v.len, t);
	return pp_set_add(&g->seen, g->scratch.s, g->scratch.len) >= 0;
}

/* --- the walk ----------------------------------------------------------- */

/* Do the record's fields match?  -1 after an error, reported. */
static int
fields_match(struct grep *g, struct pp_input *in)
{
	PCRE2_UCHAR msg[256];
	size_t i;
	int hit;

	for (i = 0; i < g->fields.n; i++)
		if (!pp_record_path(&g->rec, g->fields.keys[i].name,
		    g->fields.keys[i].len, &g->vals[i], &g->types[i]))
			g->vals[i].p = NULL;
	hit = matcher_match(&g->m, g->vals, g->types, g->fields.n);
	if (hit == -1) {
		pcre2_get_error_message(g->m.match_error, msg, sizeof(msg));
		pp_error_at(in, "cannot match: %s", (char *)msg);
	}
	return hit;
}

/* Is the line selected?  Reports bad lines; 0 for them. */
static int
selected(struct grep *g, struct pp_input *in)
{
	char err[128];
	int hit = 1, r;

	if (g->have_patterns)
		hit = matcher_may_select(&g->m, in->line, in->len);
	if ((r = pp_record_parse(&g->rec, in->line, in->len, err,
	    sizeof(err))) != PP_JSON_OK) {
		if (r == PP_JSON_NOT_OBJECT)
			pp_error_at(in, "%s", err);
		else
			pp_error_at(in, "invalid JSON: %s", err);
		return 0;
	}
	pp_keylist_check(&g->fields, &g->rec);
	pp_keylist_check(&g->has, &g->rec);
	if (g->have_patterns && hit && (hit = fields_match(g, in)) == -1)
		return 0;
	if (hit == g->vflag)
		return 0;
	if (g->has.n > 0 && !has_all_keys(g))
		return 0;
	if ((g->since.set || g->until.set) && !date_in_range(g, in))
		return 0;
	if (g->where_expr != NULL && !where_keeps(g, in))
		return 0;
	if (g->unique_key != NULL && !first_of_its_kind(g))
		return 0;
	return 1;
}

/*
 * Opens a file; with -s, one that cannot be opened counts as an error
 * but is not reported, as grep -s has it.
 */
static int
open_input(struct grep *g, struct pp_input *in, const char *name)
{
	struct stat st;
	int fd;

	if (g->sflag && strcmp(name, "-") != 0) {
		if ((fd = open(name, O_RDONLY)) == -1) {
			pp_status = PP_ERROR;
			return -1;
		}
		if (fstat(fd, &st) == -1 || S_ISDIR(st.st_mode)) {
			close(fd);
			pp_status = PP_ERROR;
			return -1;
		}
		close(fd);
	}
	return pp_input_open(in, name);
}

static void
grep_files(struct grep *g, int argc, char **argv)
{
	static char *stdin_only[] = { "-", NULL };
	struct pp_input in;
	long long count, total = 0;
	int i;

	if (argc == 0) {
		argc = 1;
		argv = stdin_only;
	}
	for (i = 0; i < argc; i++) {
		count = 0;
		if (g->max_count != 0 && open_input(g, &in, argv[i]) == 0) {
			while (pp_input_next(&in) == 1) {
				if (pp_is_blank(in.line, in.len) ||
				    !selected(g, &in))
					continue;
				count++;
				if (g->qflag) {
					pp_finish();
					exit(PP_OK);
				}
				if (!g->cflag) {
					pp_write(in.line, in.len);
					pp_write("\n", 1);
				}
				if (count == g->max_count)
					break;
			}
			pp_input_close(&in);
		}
		if (g->cflag && !g->qflag && argc > 1)
			printf("%s:%lld\n", argv[i], count);
		total += count;
	}
	if (g->cflag && !g->qflag && argc == 1)
		printf("%lld\n", total);
	if (total == 0 && pp_status == PP_OK)
		pp_status = PP_NOMATCH;
}

static void
set_bound(struct bound *b, const char *opt, const char *arg)
{
	size_t n = strlen(arg);

	if (n == 0 || pp_date_parse(arg, n, &b->date) != n)
		pp_fatal("--%s %s: not YYYY, YYYY-MM or YYYY-MM-DD", opt, arg);
	b->arg = arg;
	b->set = 1;
}

int
main(int argc, char *argv[])
{
	static struct grep g;
	char *end, err[512];
	int ch, Eflag = 0;

	pp_init(argv[0]);
	g.max_count = -1;
	while ((ch = getopt_long(argc, argv, "cEe:Ff:hik:m:qSsVvwx", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'c':
			g.cflag = 1;
			break;
		case 'E':
			Eflag = 1;
			break;
		case 'e':
			matcher_add(&g.m, optarg, strlen(optarg));
			g.have_patterns = 1;
			break;
		case 'F':
			g.m.flags |= MATCH_FIXED;
			break;
		case 'f':
			read_patterns(&g.m, optarg);
			g.have_patterns = 1;
			break;
		case 'i':
			g.m.casing = CASE_IGNORE;
			break;
		case 'k':
			if (pp_keylist_add(&g.fields, "-k", optarg) == -1)
				exit(PP_ERROR);
			break;
		case 'm':
			errno = 0;
			g.max_count = strtoll(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || g.max_count < 0 ||
			    errno != 0)
				pp_fatal("-m %s: not a count", optarg);
			break;
		case 'q':
			g.qflag = 1;
			break;
		case 'S':
			g.m.casing = CASE_SMART;
			break;
		case 's':
			g.sflag = 1;
			break;
		case 'V':
			pp_version();
			break;
		case 'v':
			g.vflag = 1;
			break;
		case 'w':
			g.m.flags |= MATCH_WORD;
			break;
		case 'x':
			g.m.flags |= MATCH_LINE;
			break;
		case OPT_ALL:
			g.m.flags |= MATCH_ALL;
			break;
		case OPT_ACCENTS:
			g.m.flags |= MATCH_ACCENTS;
			break;
		case OPT_HAS:
			if (pp_keylist_add(&g.has, "--has", optarg) == -1)
				exit(PP_ERROR);
			break;
		case OPT_SINCE:
			set_bound(&g.since, "since", optarg);
			break;
		case OPT_UNTIL:
			set_bound(&g.until, "until", optarg);
			break;
		case OPT_UNIQUE:
			g.unique_key = optarg;
			break;
		case OPT_WHERE:
			if (g.where_expr != NULL)
				pp_fatal("--where given twice: join the "
				    "expressions with 'and'");
			g.where_expr = optarg;
			break;
		case 'h':
			fprintf(stdout, "usage: %s %s\n", pp_progname, synopsis);
			exit(pp_finish());
		default:
			pp_usage(synopsis);
		}
	}
	argc -= optind;
	argv += optind;

	if (Eflag && (g.m.flags & MATCH_FIXED))
		pp_fatal("-E and -F conflict");

	/* Without -e or -f the first operand is the pattern, unless a record
	 * predicate was given: then every operand is a file. */
	if (!g.have_patterns && g.has.n == 0 && !g.since.set && !g.until.set &&
	    g.where_expr == NULL && g.unique_key == NULL) {
		if (argc == 0)
			pp_usage(synopsis);
		matcher_add(&g.m, argv[0], strlen(argv[0]));
		g.have_patterns = 1;
		argc--;
		argv++;
	}
	if (g.vflag && !g.have_patterns)
		pp_fatal("-v inverts the pattern match: give a pattern");
	if (g.since.set && g.until.set && pp_date_since(&g.until.date,
	    &g.since.date) == 0)
		pp_warnx("--since %s is after --until %s: nothing can be "
		    "selected", g.since.arg, g.until.arg);
	if (g.fields.n == 0)
		pp_keylist_add(&g.fields, "-k", "title,abstract");
	g.vals = xcalloc(g.fields.n, sizeof(*g.vals));
	g.types = xcalloc(g.fields.n, sizeof(*g.types));
	if (matcher_compile(&g.m, err, sizeof(err)) == -1)
		pp_fatal("%s", err);
	if (g.where_expr != NULL) {
		if ((g.jq = jq_init()) == NULL)
			pp_fatal("cannot initialize jq");
		jq_set_error_cb(g.jq, where_error, NULL);
		if (!jq_compile(g.jq, g.where_expr))
			pp_fatal("--where '%s': the expression does not compile",
			    g.where_expr);
	}

	grep_files(&g, argc, argv);

	if (g.unsure > 1)
		pp_warnx("%lu records with a date too coarse to compare with "
		    "--since or --until were not selected", g.unsure);
	if (g.jq != NULL)
		jq_teardown(&g.jq);
	return pp_finish();
}
