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
    "[-cEFHhiLloPqSsVvwx] [-e pattern] [-f file] [-j num] [-k key] [-m num]\n"
    "\t[--all] [--color[=when]] [--ignore-accents] [--has key]\n"
    "\t[--seen file[:key]] [--since date] [--until date] [--unique key]\n"
    "\t[--where expr] [pattern] [file ...]";

/* --help: the synopsis, then one line an option, as the manual has them. */
static const char help[] =
    "Select records (one JSON object a line) whose fields match a pattern.\n"
    "\n"
    "  -e, --regexp=PATTERN     a pattern (repeatable); else the first operand\n"
    "  -f, --file=FILE          patterns from FILE, one a line\n"
    "  -F, --fixed-strings      patterns are text, not regular expressions\n"
    "  -E, -P                   patterns are PCRE2 regular expressions (the default)\n"
    "  -i, --ignore-case        Unicode case folding\n"
    "  -S, --smart-case         -i for a pattern without capitals\n"
    "      --ignore-accents     accents and other combining marks do not count\n"
    "  -w, --word-regexp        match whole words only\n"
    "  -x, --line-regexp        match whole field values only\n"
    "  -v, --invert-match       select the records that do not match\n"
    "      --all                every pattern must match, not any\n"
    "  -k, --field=KEYS         fields to search (comma list, a.b paths;\n"
    "                           default title,abstract)\n"
    "  -c, --count              print how many records are selected\n"
    "  -l, --files-with-matches print the names of files with a selected record\n"
    "  -L, --files-without-match print the names of files without one\n"
    "  -o, --only-matching      print each match, one a line\n"
    "  -H, --with-filename      name the file on -c and -o lines\n"
    "  -h, --no-filename        do not name it (the default for one file)\n"
    "  -m, --max-count=NUM      stop reading a file after NUM selected records\n"
    "  -q, --quiet              print nothing; exit 0 on the first selected record\n"
    "  -j, --jobs=NUM           threads reading a large file (default: the CPUs)\n"
    "  -s, --no-messages        no messages about unreadable files\n"
    "      --color[=WHEN]       show matches in color: never, always, auto\n"
    "                           (a terminal; never with NO_COLOR)\n"
    "      --has=KEYS           keep records that have the keys (not null)\n"
    "      --since=DATE         keep records dated on or after DATE\n"
    "      --until=DATE         keep records dated on or before DATE\n"
    "                           (YYYY[-MM[-DD]], today, yesterday, 7d, 2w)\n"
    "      --where=EXPR         keep records for which the jq EXPR is true\n"
    "      --unique=KEYS        one record per value of KEYS, the most complete\n"
    "      --seen=FILE[:KEYS]   drop records whose id (or title) is in FILE\n"
    "      --generate=SHELL     print a completion script: complete-bash,\n"
    "                           complete-zsh or complete-fish\n"
    "      --help               show this help\n"
    "  -V, --version            show the version\n"
    "\n"
    "Exit status: 0 selected, 1 none selected, 2 an error.\n";

enum {
	OPT_ALL = CHAR_MAX + 1,
	OPT_ACCENTS,
	OPT_COLOR,
	OPT_HAS,
	OPT_HELP,
	OPT_SEEN,
	OPT_SINCE,
	OPT_UNTIL,
	OPT_UNIQUE,
	OPT_WHERE,
	OPT_GENERATE
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
	{ "perl-regexp",	no_argument,		NULL,	'P' },
	{ "count",		no_argument,		NULL,	'c' },
	{ "files-with-matches",	no_argument,		NULL,	'l' },
	{ "files-without-match", no_argument,		NULL,	'L' },
	{ "only-matching",	no_argument,		NULL,	'o' },
	{ "with-filename",	no_argument,		NULL,	'H' },
	{ "no-filename",	no_argument,		NULL,	'h' },
	{ "max-count",		required_argument,	NULL,	'm' },
	{ "jobs",		required_argument,	NULL,	'j' },
	{ "quiet",		no_argument,		NULL,	'q' },
	{ "silent",		no_argument,		NULL,	'q' },
	{ "no-messages",	no_argument,		NULL,	's' },
	{ "field",		required_argument,	NULL,	'k' },
	{ "help",		no_argument,		NULL,	OPT_HELP },
	{ "version",		no_argument,		NULL,	'V' },
	{ "all",		no_argument,		NULL,	OPT_ALL },
	{ "color",		optional_argument,	NULL,	OPT_COLOR },
	{ "colour",		optional_argument,	NULL,	OPT_COLOR },
	{ "ignore-accents",	no_argument,		NULL,	OPT_ACCENTS },
	{ "has",		required_argument,	NULL,	OPT_HAS },
	{ "seen",		required_argument,	NULL,	OPT_SEEN },
	{ "since",		required_argument,	NULL,	OPT_SINCE },
	{ "until",		required_argument,	NULL,	OPT_UNTIL },
	{ "unique",		required_argument,	NULL,	OPT_UNIQUE },
	{ "where",		required_argument,	NULL,	OPT_WHERE },
	{ "generate",		required_argument,	NULL,	OPT_GENERATE },
	{ NULL,			0,			NULL,	0 }
};

/* --generate complete-bash|zsh|fish: the options above, for the shells. */
static const char *const color_words[] = { "never", "always", "auto", NULL };
static const struct pp_comp_opt comp_opts[] = {
	{ "regexp", 'e', PP_COMP_TEXT, 0, NULL, "a pattern" },
	{ "file", 'f', PP_COMP_FILE, 0, NULL, "patterns from a file" },
	{ "fixed-strings", 'F', PP_COMP_NONE, 0, NULL, "patterns are text" },
	{ "extended-regexp", 'E', PP_COMP_NONE, 0, NULL, "PCRE2 patterns" },
	{ "perl-regexp", 'P', PP_COMP_NONE, 0, NULL, "PCRE2 patterns" },
	{ "ignore-case", 'i', PP_COMP_NONE, 0, NULL, "Unicode case folding" },
	{ "smart-case", 'S', PP_COMP_NONE, 0, NULL,
	    "-i for a pattern without capitals" },
	{ "ignore-accents", 0, PP_COMP_NONE, 0, NULL, "accents do not count" },
	{ "word-regexp", 'w', PP_COMP_NONE, 0, NULL, "whole words only" },
	{ "line-regexp", 'x', PP_COMP_NONE, 0, NULL,
	    "whole field values only" },
	{ "invert-match", 'v', PP_COMP_NONE, 0, NULL,
	    "select records that do not match" },
	{ "all", 0, PP_COMP_NONE, 0, NULL, "every pattern must match" },
	{ "field", 'k', PP_COMP_KEYS, 0, NULL, "fields to search" },
	{ "count", 'c', PP_COMP_NONE, 0, NULL, "count selected records" },
	{ "files-with-matches", 'l', PP_COMP_NONE, 0, NULL,
	    "names of files with a selected record" },
	{ "files-without-match", 'L', PP_COMP_NONE, 0, NULL,
	    "names of files without one" },
	{ "only-matching", 'o', PP_COMP_NONE, 0, NULL, "print each match" },
	{ "with-filename", 'H', PP_COMP_NONE, 0, NULL, "name the file" },
	{ "no-filename", 'h', PP_COMP_NONE, 0, NULL, "do not name the file" },
	{ "max-count", 'm', PP_COMP_NUMBER, 0, NULL,
	    "stop after so many selected records" },
	{ "jobs", 'j', PP_COMP_NUMBER, 0, NULL, "threads reading a file" },
	{ "quiet", 'q', PP_COMP_NONE, 0, NULL, "print nothing" },
	{ "silent", 0, PP_COMP_NONE, 0, NULL, "print nothing" },
	{ "no-messages", 's', PP_COMP_NONE, 0, NULL,
	    "no messages about unreadable files" },
	{ "color", 0, PP_COMP_WORDS, 1, color_words, "show matches in color" },
	{ "colour", 0, PP_COMP_WORDS, 1, color_words, "show matches in color" },
	{ "has", 0, PP_COMP_KEYS, 0, NULL, "keep records that have the keys" },
	{ "since", 0, PP_COMP_TEXT, 0, NULL, "records dated on or after" },
	{ "until", 0, PP_COMP_TEXT, 0, NULL, "records dated on or before" },
	{ "where", 0, PP_COMP_TEXT, 0, NULL, "records a jq expression keeps" },
	{ "unique", 0, PP_COMP_KEYS, 0, NULL, "one record per value of keys" },
	{ "seen", 0, PP_COMP_FILE, 0, NULL, "drop records already in a file" },
	{ "help", 0, PP_COMP_NONE, 0, NULL, "show the help" },
	{ "version", 'V', PP_COMP_NONE, 0, NULL, "show the version" },
	{ NULL, 0, 0, 0, NULL, NULL }
};
static const struct pp_comp comp = {
	"pp-grep", comp_opts, PP_COMP_TEXT, NULL, "pattern",
	"regexp file"
};

/* A --since or --until bound. */
struct bound {
	const char	*arg;		/* as given */
	struct pp_date	 date;
	int		 set;
};

struct group;
struct held;

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
	unsigned long	 unsure_before;	/* a thread's: the run's when it began */
	const char	*where_expr;
	int		 default_fields;	/* no -k: title and abstract */
	jq_state	*jq;		/* --where, compiled once */
	struct pp_keylist unique;	/* --unique */
	struct pp_set	 groupset;	/* its values, each a group */
	struct group	*groups;
	size_t		 ngroups_cap;	/* groups allocated */
	long		 group;		/* of the record selected, or -1 */
	struct held	*held;		/* the records to write at the end */
	size_t		 nheld;
	const char	*seen_arg;	/* --seen FILE[:KEYS] */
	struct pp_keylist seen_keys;
	struct pp_set	 seen;
	size_t		 seen_noid;	/* seen papers known by title only */
	/* per line, reused */
	struct pp_record rec;
	struct pp_span	*vals;
	enum pp_jtype	*types;
	struct pp_buf	 scratch;
	/* output */
	int		 with_names;	/* -H 1, -h 0, -1: when several files */
	int		 list;		/* 'l', 'L' or 0 */
	int		 oflag;
	int		 color;		/* --color, on a terminal, no NO_COLOR */
	size_t		*map;		/* --color: decoded byte to raw offset */
	size_t		 mapcap;
	size_t		(*spans)[2];	/* --color: matches in the line */
	size_t		 nspans;
	/* a file read by threads (grep_line) */
	const char	*prefix;	/* -o: the file's name, or NULL */
	long long	 count;		/* records selected */
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
		pp_warn_once_at(in, "unsure", "date '%s' is neither before "
		    "nor after --%s %s: not selected", g->scratch.s,
		    since == -1 ? "since" : "until",
		    since == -1 ? g->since.arg : g->until.arg);
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

/* jq's input and inputs: a --where expression sees one record, no more. */
static jv
where_no_input(jq_state *jq, void *data)
{
	(void)jq;
	(void)data;
	return jv_invalid_with_msg(jv_string("input and inputs read nothing: "
	    "the expression sees one record at a time"));
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
		if (jq_halted(g->jq)) {
			/* halt, halt_error: jq would stop; this record stops */
			jv_free(v);
			msg = jq_get_error_message(g->jq);
			if (jv_is_valid(msg) &&
			    jv_get_kind(msg) != JV_KIND_STRING)
				msg = jv_dump_string(msg, 0);
			if (jv_get_kind(msg) == JV_KIND_STRING)
				pp_error_at(in, "--where: halt_error: %.*s; "
				    "record not selected", (int)strcspn(
				    jv_string_value(msg), "\n"),
				    jv_string_value(msg));
			else
				pp_error_at(in, "--where: the expression "
				    "halted; record not selected");
			jv_free(msg);
			return 0;
		}
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

/* --- --unique and --seen ------------------------------------------------- */

/*
 * Appends a value as --unique and --seen compare it: an arXiv id without
 * "arXiv:" and without its version (2401.01234v2 is 2401.01234), other
 * strings with white space squeezed and case folded, lists element by
 * element, anything else as written.
 */
static void
compare_text(struct pp_buf *out, struct pp_span v, enum pp_jtype t, int is_id)
{
	struct pp_buf dec = { 0 }, sq = { 0 };
	struct pp_span elem;
	enum pp_jtype type;
	const char *p;
	size_t pos = 0, n;

	if (t == PP_JARRAY) {
		while (pp_json_array_next(&v, &pos, &elem, &type)) {
			pp_buf_addc(out, '\x1e');
			compare_text(out, elem, type, is_id);
		}
		return;
	}
	if (t != PP_JSTRING) {
		pp_buf_add(out, v.p, v.len);
		return;
	}
	pp_buf_add(&dec, "", 0);
	pp_json_unquote(&dec, v.p, v.len);
	pp_buf_add(&sq, "", 0);
	pp_text_squeeze(&sq, dec.s, dec.len);
	p = sq.s;
	n = sq.len;
	if (is_id) {
		if (n > 6 && strncasecmp(p, "arxiv:", 6) == 0) {
			p += 6;
			n -= 6;
		}
		/* a version: v and digits at the end, after a digit */
		for (pos = n; pos > 0 && p[pos - 1] >= '0' && p[pos - 1] <= '9';
		    pos--)
			continue;
		if (pos < n && pos >= 2 && (p[pos - 1] == 'v' ||
		    p[pos - 1] == 'V') && p[pos - 2] >= '0' && p[pos - 2] <= '9')
			n = pos - 1;
	}
	pp_text_fold(out, p, n, PP_FOLD_CASE);
	pp_buf_free(&dec);
	pp_buf_free(&sq);
}

static int
is_id_key(const struct pp_keypath *k)
{
	return strcmp(k->name, "id") == 0 || (k->len > 3 &&
	    strcmp(k->name + k->len - 3, ".id") == 0);
}

/*
 * The compared values of the keys in kl, into out; 0 if the record has
 * none of them (or only nulls).
 */
static int
keys_value(const struct pp_record *r, const struct pp_keylist *kl,
    struct pp_buf *out)
{
	struct pp_span v;
	enum pp_jtype t;
	size_t i;
	int any = 0;

	pp_buf_reset(out);
	pp_buf_add(out, "", 0);
	for (i = 0; i < kl->n; i++) {
		pp_buf_addc(out, '\x1f');
		if (!pp_record_path(r, kl->keys[i].name, kl->keys[i].len, &v,
		    &t) || t == PP_JNULL)
			continue;
		pp_buf_addc(out, "0ftnsao"[t]);
		compare_text(out, v, t, is_id_key(&kl->keys[i]));
		any = 1;
	}
	return any;
}

/* The default --seen keys: the id ("i"), else the title ("t", "T"). */
static int
paper_value(const struct pp_record *r, int which, struct pp_buf *out)
{
	struct pp_span v;
	enum pp_jtype t;

	pp_buf_reset(out);
	pp_buf_addc(out, which);
	if (!pp_record_path(r, which == 'i' ? "id" : "title",
	    which == 'i' ? 2 : 5, &v, &t) || t != PP_JSTRING)
		return 0;
	compare_text(out, v, t, which == 'i');
	return out->len > 1;
}

/*
 * --seen FILE[:KEYS]: the papers of FILE (NDJSON, such as yesterday's
 * output) go into one hash set, so each record costs a lookup.  Without
 * KEYS a paper is known by its id; a paper without one by its title.
 */
static void
read_seen(struct grep *g, const char *arg)
{
	struct pp_input in;
	struct pp_record r = { 0 };
	struct pp_buf text = { 0 };
	struct stat st;
	const char *colon;
	char *name, chunk[65536];
	enum pp_next next;
	ssize_t n;
	int fd, have_id;

	colon = strrchr(arg, ':');
	if (stat(arg, &st) == 0 || colon == NULL || colon[1] == '\0')
		name = xstrdup(arg);
	else {
		name = xmemdup(arg, (size_t)(colon - arg));
		if (pp_keylist_add(&g->seen_keys, "--seen", colon + 1) == -1)
			exit(PP_ERROR);
	}
	/*
	 * Read whole before any output, so FILE may be the very file the
	 * output is appended to (a daily job: ... >> seen.ndjson), which
	 * pp_input_open refuses for an input read while writing.
	 */
	if ((fd = open(name, O_RDONLY)) == -1 || fstat(fd, &st) == -1 ||
	    S_ISDIR(st.st_mode)) {
		if (fd != -1 && S_ISDIR(st.st_mode))
			errno = EISDIR;
		pp_error("--seen: %s", name);
		exit(PP_ERROR);
	}
	while ((n = read(fd, chunk, sizeof(chunk))) != 0) {
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			pp_error("--seen: %s", name);
			exit(PP_ERROR);
		}
		pp_buf_add(&text, chunk, (size_t)n);
	}
	close(fd);
	pp_input_open_mem(&in, name, text.s != NULL ? text.s : "", text.len);
	pp_buf_free(&text);
	while ((next = pp_record_next(&in, &r)) != PP_NEXT_END) {
		if (next == PP_NEXT_BAD)
			continue;
		if (g->seen_keys.n > 0) {
			pp_keylist_check(&g->seen_keys, &r);
			if (keys_value(&r, &g->seen_keys, &g->scratch))
				pp_set_add(&g->seen, g->scratch.s,
				    g->scratch.len);
			continue;
		}
		if ((have_id = paper_value(&r, 'i', &g->scratch)))
			pp_set_add(&g->seen, g->scratch.s, g->scratch.len);
		if (paper_value(&r, 'T', &g->scratch))
			pp_set_add(&g->seen, g->scratch.s, g->scratch.len);
		if (!have_id && paper_value(&r, 't', &g->scratch)) {
			pp_set_add(&g->seen, g->scratch.s, g->scratch.len);
			g->seen_noid++;
		}
	}
	pp_input_close(&in);
	pp_record_free(&r);
	pp_keylist_report(&g->seen_keys);
	free(name);
}

/*
 * Was the record seen?  By KEYS when given; else by id when both have
 * one, and by title where either has none.
 */
static int
was_seen(struct grep *g)
{
	if (g->seen_keys.n > 0)
		return keys_value(&g->rec, &g->seen_keys, &g->scratch) &&
		    pp_set_find(&g->seen, g->scratch.s, g->scratch.len) >= 0;
	if (paper_value(&g->rec, 'i', &g->scratch)) {
		if (pp_set_find(&g->seen, g->scratch.s, g->scratch.len) >= 0)
			return 1;
		return g->seen_noid > 0 && paper_value(&g->rec, 't',
		    &g->scratch) &&
		    pp_set_find(&g->seen, g->scratch.s, g->scratch.len) >= 0;
	}
	return paper_value(&g->rec, 'T', &g->scratch) &&
	    pp_set_find(&g->seen, g->scratch.s, g->scratch.len) >= 0;
}

/*
 * --unique: one record per value, the most complete copy (the one with
 * the most keys that are not null, the first of equals), with the keys it
 * lacks filled in from the other copies.  A later copy may be the most
 * complete, so the records are held until the end of the input and
 * written then, in the order of their first copies.
 */
struct group {
	char		*line;		/* the most complete copy */
	size_t		 len;
	size_t		 nkeys;
	struct pp_buf	 fill;		/* ,"key":value of keys it lacks */
	struct pp_set	 fillkeys;
};

struct held {
	long		 group;		/* -1: a record without the key */
	char		*line;
	size_t		 len;
};

static size_t
count_keys(const struct pp_record *r)
{
	size_t i, n = 0;

	for (i = 0; i < r->nmembers; i++)
		n += r->members[i].type != PP_JNULL;
	return n;
}

/* Does the line (a record) have the raw key k with a value not null? */
static int
line_has(const char *line, size_t len, struct pp_span k)
{
	struct pp_record r = { 0 };
	char err[8];
	size_t i;
	int has = 0;

	if (pp_record_parse(&r, line, len, err, sizeof(err)) != PP_JSON_OK)
		return 0;
	for (i = 0; i < r.nmembers && !has; i++)
		has = r.members[i].key.len == k.len && r.members[i].type !=
		    PP_JNULL && memcmp(r.members[i].key.p, k.p, k.len) == 0;
	pp_record_free(&r);
	return has;
}

/* Adds the members of r that gr's copy lacks to its fill. */
static void
add_fill(struct group *gr, const struct pp_record *r)
{
	const struct pp_member *m;
	size_t i;

	for (i = 0; i < r->nmembers; i++) {
		m = &r->members[i];
		if (m->type == PP_JNULL || line_has(gr->line, gr->len, m->key) ||
		    pp_set_add(&gr->fillkeys, m->key.p, m->key.len) < 0)
			continue;
		pp_buf_add(&gr->fill, ",\"", 2);
		pp_buf_add(&gr->fill, m->key.p, m->key.len);
		pp_buf_add(&gr->fill, "\":", 2);
		pp_buf_add(&gr->fill, m->value.p, m->value.len);
	}
}

/* Returns 1 for the first copy (selected), 0 for a later one (merged). */
static int
unique_add(struct grep *g)
{
	struct pp_record old = { 0 };
	struct pp_buf fill, line = { 0 };
	struct group *gr;
	char *oldline, err[8];
	long idx;
	size_t n;

	g->group = -1;
	if (!keys_value(&g->rec, &g->unique, &g->scratch))
		return 1;
	idx = pp_set_add(&g->groupset, g->scratch.s, g->scratch.len);
	if (idx >= 0) {
		if ((size_t)idx >= g->ngroups_cap) {	/* doubling: linear */
			g->ngroups_cap = g->ngroups_cap ? 2 * g->ngroups_cap : 64;
			g->groups = xreallocarray(g->groups, g->ngroups_cap,
			    sizeof(*g->groups));
		}
		gr = &g->groups[idx];
		memset(gr, 0, sizeof(*gr));
		gr->line = xmemdup(g->rec.line, g->rec.len);
		gr->len = g->rec.len;
		gr->nkeys = count_keys(&g->rec);
		g->group = idx;
		return 1;
	}
	gr = &g->groups[-1 - idx];
	if ((n = count_keys(&g->rec)) > gr->nkeys) {
		/* the new copy is the best: the old one fills what it lacks */
		oldline = gr->line;
		pp_record_parse(&old, oldline, gr->len, err, sizeof(err));
		gr->line = xmemdup(g->rec.line, g->rec.len);
		gr->len = g->rec.len;
		gr->nkeys = n;
		fill = gr->fill;
		memset(&gr->fill, 0, sizeof(gr->fill));
		pp_set_clear(&gr->fillkeys);
		add_fill(gr, &old);
		/* and what the others filled in before, if still lacking */
		if (fill.len > 0) {
			pp_buf_reset(&line);
			pp_buf_addc(&line, '{');
			pp_buf_add(&line, fill.s + 1, fill.len - 1);
			pp_buf_addc(&line, '}');
			pp_record_free(&old);
			if (pp_record_parse(&old, line.s, line.len, err,
			    sizeof(err)) == PP_JSON_OK)
				add_fill(gr, &old);
		}
		free(oldline);
		pp_buf_free(&fill);
		pp_buf_free(&line);
		pp_record_free(&old);
	} else
		add_fill(gr, &g->rec);
	return 0;
}

static void
unique_hold(struct grep *g, const struct pp_input *in)
{
	struct held *h;

	if (g->nheld % 64 == 0)
		g->held = xreallocarray(g->held, g->nheld + 64,
		    sizeof(*g->held));
	h = &g->held[g->nheld++];
	h->group = g->group;
	h->line = h->group == -1 ? xmemdup(in->line, in->len) : NULL;
	h->len = in->len;
}

static void
put_member(struct pp_buf *out, const struct pp_member *m)
{
	if (out->len > 1)
		pp_buf_addc(out, ',');
	pp_buf_addc(out, '"');
	pp_buf_add(out, m->key.p, m->key.len);
	pp_buf_add(out, "\":", 2);
	pp_buf_add(out, m->value.p, m->value.len);
}

/*
 * Writes a copy with the keys of its fill: DESIGN's keys in their order,
 * other keys after venue as pp-split places them, values as they came.
 */
static void
write_merged(const struct group *gr)
{
	struct pp_record r = { 0 };
	struct pp_buf line = { 0 }, out = { 0 };
	const struct pp_member *m;
	char err[8];
	size_t i, n;
	int k;

	for (n = gr->len; n > 0 && gr->line[n - 1] != '}'; n--)
		continue;
	pp_buf_add(&line, gr->line, n - 1);
	pp_buf_add(&line, gr->fill.s, gr->fill.len);
	pp_buf_addc(&line, '}');
	if (pp_record_parse(&r, line.s, line.len, err, sizeof(err)) !=
	    PP_JSON_OK) {
		/* cannot be: each part was a valid record */
		pp_write(gr->line, gr->len);
		pp_write("\n", 1);
		goto done;
	}
	pp_buf_addc(&out, '{');
	for (k = 0; k < PP_NKEYS; k++) {
		if ((m = pp_record_get(&r, pp_keys[k].name)) != NULL)
			put_member(&out, m);
		if (k != PP_VENUE)
			continue;
		for (i = 0; i < r.nmembers; i++)
			if (pp_key_lookup(r.members[i].key.p,
			    r.members[i].key.len) < 0)
				put_member(&out, &r.members[i]);
	}
	pp_buf_add(&out, "}\n", 2);
	pp_write(out.s, out.len);
done:
	pp_record_free(&r);
	pp_buf_free(&line);
	pp_buf_free(&out);
}

static void
unique_flush(struct grep *g)
{
	struct group *gr;
	size_t i;

	for (i = 0; i < g->nheld; i++) {
		if (g->held[i].group == -1) {
			pp_write(g->held[i].line, g->held[i].len);
			pp_write("\n", 1);
			free(g->held[i].line);
			continue;
		}
		gr = &g->groups[g->held[i].group];
		if (gr->fill.len == 0) {
			pp_write(gr->line, gr->len);
			pp_write("\n", 1);
		} else
			write_merged(gr);
	}
	/* every group, held or not (-c and -l hold none) */
	for (i = 0; i < g->groupset.n; i++) {
		gr = &g->groups[i];
		free(gr->line);
		pp_buf_free(&gr->fill);
		pp_set_free(&gr->fillkeys);
	}
	free(g->held);
	free(g->groups);
	pp_set_free(&g->groupset);
}

/* --- the walk ----------------------------------------------------------- */

/* Do the record's fields match?  -1 after an error, reported. */
static int
fields_match(struct grep *g, struct pp_input *in)
{
	PCRE2_UCHAR msg[256];
	int hit;

	hit = matcher_match(&g->m, g->vals, g->types, g->fields.n);
	if (hit == -1) {
		pcre2_get_error_message(g->m.match_error, msg, sizeof(msg));
		pp_error_at(in, "cannot match: %s", (char *)msg);
	}
	return hit;
}

/*
 * Finds the values of the fields searched (NULL where a record lacks one,
 * or has it null: DESIGN.md treats the two alike) and returns the stretch
 * of the line that holds them all, or the whole line if it holds none.
 */
static struct pp_span
find_fields(struct grep *g, struct pp_input *in)
{
	const char *from = NULL, *to = NULL;
	struct pp_span all;
	size_t i;

	for (i = 0; i < g->fields.n; i++) {
		if (!pp_record_path(&g->rec, g->fields.keys[i].name,
		    g->fields.keys[i].len, &g->vals[i], &g->types[i]) ||
		    g->types[i] == PP_JNULL) {
			g->vals[i].p = NULL;
			continue;
		}
		if (from == NULL || g->vals[i].p < from)
			from = g->vals[i].p;
		if (to == NULL || g->vals[i].p + g->vals[i].len > to)
			to = g->vals[i].p + g->vals[i].len;
	}
	all.p = from != NULL ? from : in->line;
	all.len = from != NULL ? (size_t)(to - from) : in->len;
	return all;
}

/* Is the line selected?  Reports bad lines; 0 for them. */
static int
selected(struct grep *g, struct pp_input *in)
{
	struct pp_span within;
	char err[128];
	int hit = 1, r;

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
	pp_keylist_check(&g->unique, &g->rec);
	if (g->have_patterns) {
		/*
		 * The literal prefilter looks only at the bytes that hold the
		 * searched fields, not the whole line: with -k title that is
		 * a twentieth of a record.  (The line is parsed anyway, to
		 * report bad ones, so the fields are at hand.)
		 */
		within = find_fields(g, in);
		hit = matcher_may_select(&g->m, within.p, within.len);
		if (hit && (hit = fields_match(g, in)) == -1)
			return 0;
	}
	if (hit == g->vflag)
		return 0;
	if (g->has.n > 0 && !has_all_keys(g))
		return 0;
	if (g->seen_arg != NULL && was_seen(g))
		return 0;
	if ((g->since.set || g->until.set) && !date_in_range(g, in))
		return 0;
	if (g->where_expr != NULL && !where_keeps(g, in))
		return 0;
	if (g->unique.n > 0 && !unique_add(g))
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

/* grep's colors: bold red for a match. */
#define COLOR_MATCH	"\033[01;31m\033[K"
#define COLOR_END	"\033[m\033[K"

static uint32_t
hex4(const char *p)
{
	uint32_t v = 0;
	int i;

	for (i = 0; i < 4; i++)
		v = v * 16 + (uint32_t)(p[i] <= '9' ? p[i] - '0' :
		    (p[i] | 0x20) - 'a' + 10);
	return v;
}

/*
 * Decodes the JSON string raw[0..len) into g->scratch, and notes in
 * g->map where in raw each decoded byte's character starts (map[decoded
 * length]: the closing quote), so that a match found in the text can be
 * shown in the line.
 */
static void
decode_mapped(struct grep *g, const char *raw, size_t len)
{
	const char *p = raw + 1, *end = raw + len - 1;
	char tmp[16];
	size_t from, k, n;

	pp_buf_reset(&g->scratch);
	pp_buf_add(&g->scratch, "", 0);
	if (g->mapcap < len + 1) {
		g->mapcap = len + 1;
		g->map = xreallocarray(g->map, g->mapcap, sizeof(*g->map));
	}
	while (p < end) {
		from = g->scratch.len;
		if (*p != '\\') {
			pp_buf_addc(&g->scratch, *p);
			g->map[from] = (size_t)(p - raw);
			p++;
			continue;
		}
		n = 2;
		if (p[1] == 'u') {
			n = 6;
			if (hex4(p + 2) >= 0xd800 && hex4(p + 2) <= 0xdbff &&
			    end - p >= 12 && p[6] == '\\' && p[7] == 'u' &&
			    hex4(p + 8) >= 0xdc00 && hex4(p + 8) <= 0xdfff)
				n = 12;
		}
		tmp[0] = '"';
		memcpy(tmp + 1, p, n);
		tmp[n + 1] = '"';
		pp_json_unquote(&g->scratch, tmp, n + 2);
		for (k = from; k < g->scratch.len; k++)
			g->map[k] = (size_t)(p - raw);
		p += n;
	}
	g->map[g->scratch.len] = (size_t)(end - raw);
}

struct spans {
	struct grep	*g;
	size_t		 base;		/* of the value in the line */
	const size_t	*map;		/* NULL: text is the raw value */
};

static void
add_span(void *ctx, size_t start, size_t end)
{
	struct spans *sp = ctx;
	struct grep *g = sp->g;

	if (g->nspans % 16 == 0)
		g->spans = xreallocarray(g->spans, g->nspans + 16,
		    sizeof(*g->spans));
	g->spans[g->nspans][0] = sp->base + (sp->map ? sp->map[start] : start);
	g->spans[g->nspans][1] = sp->base + (sp->map ? sp->map[end] : end);
	g->nspans++;
}

static void
value_spans(struct grep *g, const struct pp_input *in, struct pp_span v,
    enum pp_jtype type)
{
	struct spans sp = { g, (size_t)(v.p - in->line), NULL };

	if (type == PP_JSTRING) {
		decode_mapped(g, v.p, v.len);
		sp.map = g->map;
		matcher_each(&g->m, g->scratch.s, g->scratch.len, add_span, &sp);
	} else if (type == PP_JNUMBER)
		matcher_each(&g->m, v.p, v.len, add_span, &sp);
}

static int
span_cmp(const void *a, const void *b)
{
	const size_t *x = a, *y = b;

	return x[0] < y[0] ? -1 : x[0] > y[0];
}

/*
 * Writes the record as it came in; with --color, the matches in the
 * fields searched are shown as grep shows them, inside the JSON text.
 */
static void
write_record(struct grep *g, const struct pp_input *in)
{
	struct pp_span elem;
	enum pp_jtype type;
	size_t i, pos, at = 0, start, end;

	if (!g->color || g->vflag) {
		pp_write(in->line, in->len);
		pp_write("\n", 1);
		return;
	}
	g->nspans = 0;
	for (i = 0; i < g->fields.n; i++) {
		if (g->vals[i].p == NULL)
			continue;
		if (g->types[i] != PP_JARRAY) {
			value_spans(g, in, g->vals[i], g->types[i]);
			continue;
		}
		pos = 0;
		while (pp_json_array_next(&g->vals[i], &pos, &elem, &type))
			value_spans(g, in, elem, type);
	}
	qsort(g->spans, g->nspans, sizeof(*g->spans), span_cmp);
	for (i = 0; i < g->nspans; i++) {
		start = g->spans[i][0] > at ? g->spans[i][0] : at;
		end = g->spans[i][1];
		/* overlapping matches (one value in two fields) are one */
		while (i + 1 < g->nspans && g->spans[i + 1][0] <= end) {
			if (g->spans[i + 1][1] > end)
				end = g->spans[i + 1][1];
			i++;
		}
		if (end <= start)
			continue;
		pp_write(in->line + at, start - at);
		pp_puts(COLOR_MATCH);
		pp_write(in->line + start, end - start);
		pp_puts(COLOR_END);
		at = end;
	}
	pp_write(in->line + at, in->len - at);
	pp_write("\n", 1);
}

/* The name grep gives a file on -c, -l, -L and -o output. */
static const char *
display_name(const char *name)
{
	return strcmp(name, "-") == 0 ? "(standard input)" : name;
}

struct only {
	struct grep	*g;
	const char	*name;		/* to prefix, or NULL */
	const char	*s;
};

static void
print_only(void *ctx, size_t start, size_t end)
{
	struct only *o = ctx;

	if (o->name != NULL) {
		pp_puts(o->name);
		pp_write(":", 1);
	}
	if (o->g->color)
		pp_puts(COLOR_MATCH);
	pp_write(o->s + start, end - start);
	if (o->g->color)
		pp_puts(COLOR_END);
	pp_write("\n", 1);
}

/* -o: each match in the searched fields of the record, one a line. */
static void
write_matches(struct grep *g, const char *name)
{
	struct only o = { g, name, NULL };
	struct pp_span v;
	enum pp_jtype type;
	size_t i, pos;

	for (i = 0; i < g->fields.n; i++) {
		if (g->vals[i].p == NULL)
			continue;
		pos = 0;
		v = g->vals[i];
		type = g->types[i];
		if (type == PP_JARRAY && !pp_json_array_next(&g->vals[i], &pos,
		    &v, &type))
			continue;
		do {
			if (type == PP_JSTRING) {
				pp_buf_reset(&g->scratch);
				pp_buf_add(&g->scratch, "", 0);
				pp_json_unquote(&g->scratch, v.p, v.len);
				o.s = g->scratch.s;
				matcher_each(&g->m, g->scratch.s,
				    g->scratch.len, print_only, &o);
			} else if (type == PP_JNUMBER) {
				o.s = v.p;
				matcher_each(&g->m, v.p, v.len, print_only, &o);
			}
		} while (g->types[i] == PP_JARRAY && pp_json_array_next(
		    &g->vals[i], &pos, &v, &type));
	}
}

/* Writes a selected record as the options say: whole, or its matches. */
static void
put_selected(struct grep *g, struct pp_input *in, const char *name)
{
	if (g->oflag && !g->vflag && !g->cflag)
		write_matches(g, name);
	else if (!g->cflag && !g->oflag && g->unique.n > 0)
		unique_hold(g, in);
	else if (!g->cflag && !g->oflag)
		write_record(g, in);
}

/* Reads one file; returns how many records it selected. */
static long long
grep_file(struct grep *g, struct pp_input *in, const char *name)
{
	long long count = 0;

	while (pp_input_next(in) == 1) {
		if (pp_is_blank(in->line, in->len) || !selected(g, in))
			continue;
		count++;
		if (g->qflag) {
			pp_finish();
			exit(PP_OK);
		}
		if (g->list != 0)
			break;		/* -l and -L: one record tells */
		put_selected(g, in, name);
		if (count == g->max_count)
			break;
	}
	return count;
}

/*
 * May threads read a file: does a record's selection and output depend
 * on it alone?  Not when the run stops early (-q, -l, -L, -m), holds the
 * records (--unique) or runs jq (one state).  The date too coarse for
 * --since and --until, said once, is said once by pp_warn_once_at().
 */
static int
by_record(const struct grep *g)
{
	return !g->qflag && g->list == 0 && g->max_count < 0 &&
	    g->unique.n == 0 && g->where_expr == NULL;
}

/* One line of a file read by threads (pp_map_file). */
static void
grep_line(void *state, struct pp_input *in)
{
	struct grep *g = state;

	if (pp_is_blank(in->line, in->len) || !selected(g, in))
		return;
	g->count++;
	put_selected(g, in, g->prefix);
}

/* A block's copy of the run: the options and patterns shared. */
static void *
grep_clone(void *state)
{
	struct grep *g = state, *t;

	t = xmalloc(sizeof(*t));
	*t = *g;
	matcher_clone(&t->m, &g->m);
	pp_keylist_clone(&t->fields, &g->fields);
	pp_keylist_clone(&t->has, &g->has);
	memset(&t->rec, 0, sizeof(t->rec));
	t->vals = xcalloc(g->fields.n, sizeof(*t->vals));
	t->types = xcalloc(g->fields.n, sizeof(*t->types));
	memset(&t->scratch, 0, sizeof(t->scratch));
	t->map = NULL;
	t->mapcap = 0;
	t->spans = NULL;
	t->nspans = 0;
	t->count = 0;
	/* a thread says nothing of a date once the run has */
	t->unsure_before = g->unsure;
	return t;
}

/*
 * A block's counts added to the run's and zeroed, the state kept for
 * another block (merge); a state freed (drop).
 */
static void
grep_drop(void *thread_state)
{
	struct grep *t = thread_state;

	matcher_clone_free(&t->m);
	pp_keylist_clone_free(&t->fields);
	pp_keylist_clone_free(&t->has);
	pp_record_free(&t->rec);
	free(t->vals);
	free(t->types);
	pp_buf_free(&t->scratch);
	free(t->map);
	free(t->spans);
	free(t);
}

static void
grep_merge(void *state, void *thread_state)
{
	struct grep *g = state, *t = thread_state;

	g->count += t->count;
	t->count = 0;
	g->unsure += t->unsure - t->unsure_before;
	t->unsure_before = t->unsure;
	pp_keylist_merge(&g->fields, &t->fields);
	pp_keylist_merge(&g->has, &t->has);
}

static void
grep_files(struct grep *g, const struct pp_map *map, int argc, char **argv)
{
	static char *stdin_only[] = { "-", NULL };
	struct pp_input in;
	long long count, total = 0;
	const char *name;
	int i;

	if (argc == 0) {
		argc = 1;
		argv = stdin_only;
	}
	if (g->with_names == -1)
		g->with_names = argc > 1;
	for (i = 0; i < argc && g->max_count != 0; i++) {
		/* a file not read is not counted, nor listed by -L */
		if (open_input(g, &in, argv[i]) == -1)
			continue;
		name = display_name(argv[i]);
		if (by_record(g)) {
			g->prefix = g->with_names ? name : NULL;
			g->count = 0;
			pp_map_file(map, &in);
			count = g->count;
		} else
			count = grep_file(g, &in, g->with_names ? name : NULL);
		pp_input_close(&in);
		total += count;
		if (g->list == 'l' && count > 0)
			printf("%s\n", name);
		else if (g->list == 'L' && count == 0)
			printf("%s\n", name);
		else if (g->list == 0 && g->cflag && g->with_names)
			printf("%s:%lld\n", name, count);
		else if (g->list == 0 && g->cflag)
			printf("%lld\n", count);
	}
	if (total == 0 && pp_status == PP_OK)
		pp_status = PP_NOMATCH;
}

static void
set_bound(struct bound *b, const char *opt, const char *arg)
{
	if (pp_date_bound(arg, &b->date) == -1)
		pp_fatal("--%s: '%s' is not a date: YYYY, YYYY-MM, YYYY-MM-DD, "
		    "today, yesterday, or days or weeks ago (7d, 2w)", opt, arg);
	b->arg = arg;
	b->set = 1;
}

/* --color[=WHEN]: on a terminal (auto), always or never; NO_COLOR wins. */
static int
use_color(const char *when)
{
	const char *no = getenv("NO_COLOR");
	int on;

	if (when == NULL || strcmp(when, "auto") == 0 ||
	    strcmp(when, "tty") == 0 || strcmp(when, "if-tty") == 0)
		on = isatty(STDOUT_FILENO);
	else if (strcmp(when, "always") == 0 || strcmp(when, "yes") == 0 ||
	    strcmp(when, "force") == 0)
		on = 1;
	else if (strcmp(when, "never") == 0 || strcmp(when, "no") == 0 ||
	    strcmp(when, "none") == 0)
		on = 0;
	else
		pp_fatal("--color: '%s' is not never, always or auto", when);
	return on && (no == NULL || *no == '\0');
}

int
main(int argc, char *argv[])
{
	static struct grep g;
	struct pp_map map = { grep_line, grep_clone, grep_merge, grep_drop, &g,
	    0, 0 };
	long long n;
	char err[512];
	int ch, Eflag = 0;

	pp_init(argv[0]);
	g.max_count = -1;
	g.with_names = -1;
	map.jobs = pp_cpus();
	while ((ch = getopt_long(argc, argv, "cEe:Ff:Hhij:Lk:lm:oPqSsVvwx",
	    longopts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			g.cflag = 1;
			break;
		case 'E':
		case 'P':
			/* PCRE2 is the only syntax: -E and -P say so again */
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
		case 'H':
			g.with_names = 1;
			break;
		case 'h':
			g.with_names = 0;
			break;
		case 'i':
			g.m.casing = CASE_IGNORE;
			break;
		case 'j':
			pp_map_jobs(&map, optarg);
			break;
		case 'k':
			if (pp_keylist_add(&g.fields, "-k", optarg) == -1)
				exit(PP_ERROR);
			break;
		case 'L':
		case 'l':
			g.list = ch;
			break;
		case 'm':
			if (pp_num_int("-m", optarg, 0, LLONG_MAX, &n) == -1)
				exit(PP_ERROR);
			g.max_count = n;
			break;
		case 'o':
			g.oflag = 1;
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
		case OPT_COLOR:
			g.color = use_color(optarg);
			break;
		case OPT_HAS:
			if (pp_keylist_add(&g.has, "--has", optarg) == -1)
				exit(PP_ERROR);
			break;
		case OPT_GENERATE:
			exit(pp_complete(optarg, &comp));
		case OPT_HELP:
			pp_help(synopsis, help);
		case OPT_SEEN:
			g.seen_arg = optarg;
			break;
		case OPT_SINCE:
			set_bound(&g.since, "since", optarg);
			break;
		case OPT_UNTIL:
			set_bound(&g.until, "until", optarg);
			break;
		case OPT_UNIQUE:
			if (pp_keylist_add(&g.unique, "--unique", optarg) == -1)
				exit(PP_ERROR);
			break;
		case OPT_WHERE:
			if (g.where_expr != NULL)
				pp_fatal("--where given twice: join the "
				    "expressions with 'and'");
			g.where_expr = optarg;
			break;
		default:
			/* a pattern such as -survey reads as options */
			if (optind < argc && argv[optind][0] == '-' &&
			    argv[optind][1] != '-' && strlen(argv[optind]) > 2)
				fprintf(stderr, "%s: a pattern that starts "
				    "with '-' goes after -e, or after --\n",
				    pp_progname);
			pp_usage(synopsis);
		}
	}
	argc -= optind;
	argv += optind;

	if (Eflag && (g.m.flags & MATCH_FIXED))
		pp_fatal("-E and -F conflict");
	/*
	 * Without -e or -f the first operand is the pattern, as grep has
	 * it, whatever else is given.  With no operand at all, record
	 * predicates alone may select from the standard input.
	 */
	if (!g.have_patterns && argc > 0) {
		matcher_add(&g.m, argv[0], strlen(argv[0]));
		g.have_patterns = 1;
		argc--;
		argv++;
	}
	if (!g.have_patterns && g.has.n == 0 && !g.since.set && !g.until.set &&
	    g.where_expr == NULL && g.unique.n == 0 && g.seen_arg == NULL)
		pp_usage(synopsis);
	if (g.vflag && !g.have_patterns)
		pp_fatal("-v inverts the pattern match: give a pattern");
	if (g.since.set && g.until.set && pp_date_since(&g.until.date,
	    &g.since.date) == 0)
		pp_warnx("--since %s is after --until %s: nothing can be "
		    "selected", g.since.arg, g.until.arg);
	if (g.fields.n == 0) {
		pp_keylist_add(&g.fields, "-k", "title,abstract");
		g.default_fields = 1;
	}
	g.vals = xcalloc(g.fields.n, sizeof(*g.vals));
	g.types = xcalloc(g.fields.n, sizeof(*g.types));
	if (matcher_compile(&g.m, err, sizeof(err)) == -1)
		pp_fatal("%s", err);
	if (g.where_expr != NULL) {
		if ((g.jq = jq_init()) == NULL)
			pp_fatal("cannot initialize jq");
		jq_set_error_cb(g.jq, where_error, NULL);
		jq_set_input_cb(g.jq, where_no_input, NULL);
		if (!jq_compile(g.jq, g.where_expr))
			pp_fatal("--where '%s': the expression does not compile",
			    g.where_expr);
	}
	if (g.seen_arg != NULL)
		read_seen(&g, g.seen_arg);

	grep_files(&g, &map, argc, argv);

	if (g.unique.n > 0)
		unique_flush(&g);
	if (g.unsure > 1)
		pp_warnx("%lu records with a date too coarse to compare with "
		    "--since or --until were not selected", g.unsure);
	if (!g.default_fields)
		pp_keylist_report(&g.fields);
	pp_keylist_report(&g.has);
	pp_keylist_report(&g.unique);
	if (g.jq != NULL)
		jq_teardown(&g.jq);
	return pp_finish();
}
