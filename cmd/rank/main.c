/*
 * pp-rank: order records by BM25 relevance to a query, or by keys.
 *
 * One pass over the input keeps, per record, where its line is (to re-read
 * it at the end) and, for the few records that contain a query term, the
 * term frequencies per field and the field lengths (score.c).  Scores are
 * computed after the pass, when the collection statistics are known; then
 * the best records are read again and written with their score.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libstemmer.h>

#include "rank.h"

#define SYNOPSIS \
	"[-r] [-n K] [--b B] [--fields spec] [--k1 K1] [--lang name]\n" \
	"               [--no-stem] [--recency half_life] [--with-stats file]\n" \
	"               query [file ...]\n" \
	"       pp-rank --stats [--fields spec] [--lang name] [--no-stem] query\n" \
	"               [file ...]\n" \
	"       pp-rank --by key[,key ...] [-r] [-n K] [file ...]\n" \
	"       pp-rank --merge [-r] [-n K] [file ...]"

#define DEFAULT_FIELDS	"title^2,abstract"

enum {
	OPT_B = CHAR_MAX + 1, OPT_BY, OPT_FIELDS, OPT_K1, OPT_LANG, OPT_MERGE,
	OPT_NO_STEM, OPT_RECENCY, OPT_STATS, OPT_WITH_STATS
};

static const struct option longopts[] = {
	{ "b",		required_argument,	NULL, OPT_B },
	{ "by",		required_argument,	NULL, OPT_BY },
	{ "fields",	required_argument,	NULL, OPT_FIELDS },
	{ "help",	no_argument,		NULL, 'h' },
	{ "k1",		required_argument,	NULL, OPT_K1 },
	{ "lang",	required_argument,	NULL, OPT_LANG },
	{ "merge",	no_argument,		NULL, OPT_MERGE },
	{ "no-stem",	no_argument,		NULL, OPT_NO_STEM },
	{ "recency",	required_argument,	NULL, OPT_RECENCY },
	{ "reverse",	no_argument,		NULL, 'r' },
	{ "stats",	no_argument,		NULL, OPT_STATS },
	{ "version",	no_argument,		NULL, 'V' },
	{ "with-stats",	required_argument,	NULL, OPT_WITH_STATS },
	{ NULL, 0, NULL, 0 }
};

/* One run: the engines and what main decided. */
struct run {
	struct tok	 tok;
	struct query	 q;
	struct score	 sc;
	struct store	 st;
	struct order	 ord;
	double		*scores;
	long		 limit;		/* -n, or -1 for all */
	int		 stats_only;

	/* progress on a terminal */
	int		 progress;
	struct timespec	 start, shown;
	uint64_t	 bytes;
};

/*
 * Shows bytes read and the rate on standard error, a terminal, once the
 * pass has taken a second; with done, takes the line away (at the end,
 * and before a diagnostic, which would otherwise run on from it).
 */
static void
show_progress(struct run *r, int done)
{
	struct timespec now;
	double t, since;

	if (!r->progress)
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	t = (double)(now.tv_sec - r->start.tv_sec) +
	    (double)(now.tv_nsec - r->start.tv_nsec) / 1e9;
	since = (double)(now.tv_sec - r->shown.tv_sec) +
	    (double)(now.tv_nsec - r->shown.tv_nsec) / 1e9;
	if (done) {
		if (r->shown.tv_sec != 0)
			fprintf(stderr, "\r\033[K");
		r->shown.tv_sec = 0;
		return;
	}
	if (t < 1.0 || since < 0.5)
		return;
	r->shown = now;
	fprintf(stderr, "\r%s: %.0f MB read, %.0f MB/s\033[K", pp_progname,
	    (double)r->bytes / 1e6, (double)r->bytes / 1e6 / t);
}

static void
one_record(struct run *r, struct pp_input *in, struct pp_record *rec,
    int src)
{
	struct rec kept;
	size_t i;

	memset(&kept, 0, sizeof(kept));
	kept.day = NODAY;
	if (!r->ord.by) {
		if (!score_record(&r->sc, rec, r->stats_only ? NULL :
		    &kept.post, &kept.npost))
			return;
		if (r->sc.halflife > 0 || r->stats_only) {
			kept.day = score_day(rec);
			if (kept.day != NODAY && (r->sc.newest == NODAY ||
			    kept.day > r->sc.newest))
				r->sc.newest = kept.day;
		}
		if (r->stats_only)
			return;
	}
	i = store_add(&r->st, in, src, &kept);
	if (r->ord.by)
		order_read(&r->ord, i, rec);
}

static void
read_inputs(struct run *r, int argc, char **argv)
{
	static char *stdin_only[] = { "-", NULL };
	struct pp_input in;
	struct pp_record rec = { 0 };
	char err[128];
	int i, src;
	unsigned long count = 0;
	uint64_t before = 0;

	if (argc == 0) {
		argc = 1;
		argv = stdin_only;
	}
	clock_gettime(CLOCK_MONOTONIC, &r->start);
	r->progress = isatty(STDERR_FILENO);
	for (i = 0; i < argc; i++) {
		show_progress(r, 1);	/* the file may not open */
		if ((src = store_open(&r->st, &in, argv[i],
		    r->stats_only)) == -2)
			continue;
		while (pp_input_next(&in) == 1) {
			if ((++count & 1023) == 0) {
				r->bytes = before + (uint64_t)in.offset;
				show_progress(r, 0);
			}
			if (pp_is_blank(in.line, in.len))
				continue;
			if (pp_record_parse(&rec, in.line, in.len, err,
			    sizeof(err)) != 0) {
				show_progress(r, 1);
				if (strcmp(err, "not a JSON object") == 0)
					pp_error_at(&in, "%s", err);
				else
					pp_error_at(&in, "invalid JSON: %s", err);
				continue;
			}
			one_record(r, &in, &rec, src);
		}
		before += (uint64_t)in.offset + in.len;
		pp_input_close(&in);
	}
	show_progress(r, 1);
	pp_record_free(&rec);
}

/* Writes the record with "score" set: replaced if it has one, else added. */
static void
write_scored(const struct pp_buf *line, struct pp_record *rec, double score,
    const char *srcname)
{
	const struct pp_member *m;
	char num[40], err[128];
	const char *end;
	int n;

	if (pp_record_parse(rec, line->s, line->len, err, sizeof(err)) != 0)
		pp_fatal("%s: file changed while being ranked", srcname);
	if ((m = pp_record_get(rec, "score")) != NULL && !m->key_escaped) {
		n = snprintf(num, sizeof(num), "%.6g", score);
		pp_write(line->s, (size_t)(m->value.p - line->s));
		pp_write(num, (size_t)n);
		end = m->value.p + m->value.len;
		pp_write(end, (size_t)(line->s + line->len - end));
		pp_write("\n", 1);
		return;
	}
	end = line->s + line->len;
	while (end[-1] != '}')
		end--;
	end--;
	n = snprintf(num, sizeof(num), "%s\"score\":%.6g",
	    rec->nmembers > 0 ? "," : "", score);
	pp_write(line->s, (size_t)(end - line->s));
	pp_write(num, (size_t)n);
	pp_write(end, (size_t)(line->s + line->len - end));
	pp_write("\n", 1);
}

static void
write_ranked(struct run *r)
{
	struct pp_buf line = { 0 };
	struct pp_record rec = { 0 };
	uint32_t *order;
	size_t i, k, n = r->st.nrecs;

	store_done(&r->st);
	k = r->limit >= 0 && (size_t)r->limit < n ? (size_t)r->limit : n;
	order = xreallocarray(NULL, k + 1, sizeof(*order));
	order_top(&r->ord, n, k, order);
	for (i = 0; i < k; i++) {
		store_line(&r->st, order[i], &line);
		if (r->ord.by) {
			pp_write(line.s, line.len);
			pp_write("\n", 1);
		} else
			write_scored(&line, &rec, r->scores[order[i]],
			    store_name(&r->st, order[i]));
	}
	free(order);
	pp_buf_free(&line);
	pp_record_free(&rec);
}

/* --- options --------------------------------------------------------------- */

static double
number_arg(const char *opt, const char *s, double min, double max)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (*s == '\0' || *end != '\0' || errno != 0 || !(v >= min && v <= max))
		pp_fatal("%s: bad value: %s (must be from %g to %g)", opt, s,
		    min, max);
	return v;
}

/* HALF_LIFE: a number of days, or with a unit: 12h, 180d, 4w, 6m, 2y. */
static double
parse_halflife(const char *s)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (end == s || errno != 0 || !(v > 0) || v > 1e6)
		goto bad;
	if (*end != '\0' && end[1] != '\0')
		goto bad;
	switch (*end) {
	case '\0': case 'd': return v;
	case 'h': return v / 24;
	case 'w': return v * 7;
	case 'm': return v * 30;
	case 'y': return v * 365;
	}
bad:
	pp_fatal("--recency: bad half-life: %s (e.g. 180d, 6m, 1y)", s);
}

static void
set_language(struct tok *t, const char *lang, int stem)
{
	const char **l;
	struct pp_buf names = { 0 };

	if (tok_init(t, lang, stem) == 0)
		return;
	for (l = sb_stemmer_list(); *l != NULL; l++) {
		pp_buf_adds(&names, " ");
		pp_buf_adds(&names, *l);
	}
	pp_fatal("--lang: unknown language %s; known:%s", lang, names.s);
}

int
main(int argc, char *argv[])
{
	/* static: what it holds lives until exit, as LeakSanitizer sees */
	static struct run r;
	struct pp_buf b = { 0 };
	struct saved saved = { 0 };
	const char *query = NULL, *fields = DEFAULT_FIELDS, *lang = "english";
	const char *with_stats = NULL;
	char *end, err[128];
	double k1 = 1.2, bb = 0.75, halflife = 0;
	int ch, merge = 0, field_opts = 0, stem = 1;

	pp_init(argv[0]);
	memset(&r, 0, sizeof(r));
	r.limit = -1;
	while ((ch = getopt_long(argc, argv, "hn:rV", longopts, NULL)) != -1) {
		switch (ch) {
		case 'n':
			errno = 0;
			r.limit = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || errno != 0 ||
			    r.limit < 0)
				pp_fatal("-n: bad count: %s", optarg);
			break;
		case 'r':
			r.ord.reverse = 1;
			break;
		case OPT_B:
			bb = number_arg("--b", optarg, 0, 1);
			field_opts = 1;
			break;
		case OPT_BY:
			order_keys(&r.ord, optarg);
			break;
		case OPT_FIELDS:
			fields = optarg;
			field_opts = 1;
			break;
		case OPT_K1:
			k1 = number_arg("--k1", optarg, 0, 1e6);
			field_opts = 1;
			break;
		case OPT_LANG:
			lang = optarg;
			field_opts = 1;
			break;
		case OPT_MERGE:
			merge = 1;
			break;
		case OPT_NO_STEM:
			stem = 0;
			field_opts = 1;
			break;
		case OPT_RECENCY:
			halflife = parse_halflife(optarg);
			break;
		case OPT_STATS:
			r.stats_only = 1;
			break;
		case OPT_WITH_STATS:
			with_stats = optarg;
			break;
		case 'V':
			pp_version();
			break;
		case 'h':
			printf("usage: %s %s\n", pp_progname, SYNOPSIS);
			exit(pp_finish());
		default:
			pp_usage(SYNOPSIS);
		}
	}
	argc -= optind;
	argv += optind;

	if (merge + (r.ord.nkeys > 0) + r.stats_only + (with_stats != NULL) > 1)
		pp_fatal("--by, --merge, --stats and --with-stats exclude "
		    "each other");
	if ((merge || r.ord.nkeys > 0) && (field_opts || halflife > 0))
		pp_fatal("--by and --merge order by keys: relevance options "
		    "do not apply");
	if (r.stats_only && (r.limit >= 0 || r.ord.reverse || halflife > 0))
		pp_fatal("--stats writes statistics: -n, -r and --recency "
		    "do not apply");
	if (merge) {
		order_keys(&r.ord, "score");
		r.ord.by = 1;
	} else if (r.ord.nkeys > 0)
		r.ord.by = 1;
	else {
		if (argc == 0)
			pp_usage(SYNOPSIS);
		query = *argv++;
		argc--;
	}

	if (!r.ord.by) {
		score_init(&r.sc, &r.tok, &r.q);
		r.sc.k1 = k1;
		r.sc.b = bb;
		r.sc.halflife = halflife;
		score_fields(&r.sc, fields);
		set_language(&r.tok, lang, stem);
		if (query_parse(&r.q, &r.tok, query, 0, err, sizeof(err)) == -1)
			pp_fatal("%s", err);
		if (r.q.nunits == 0 && !query_excludes(&r.q))
			pp_warnx("the query has no word to rank by (only stop "
			    "words?): every score is 0");
		if ((long)r.q.nunits * r.sc.nfields >= UINT16_MAX)
			pp_fatal("the query has too many terms");
		if (with_stats != NULL) {
			score_read_stats(&r.sc, with_stats);
			score_save(&r.sc, &saved);
		}
	}
	read_inputs(&r, argc, argv);
	if (r.stats_only) {
		score_stats_line(&r.sc, &b);
		pp_write(b.s, b.len);
		pp_buf_free(&b);
		return pp_finish();
	}
	if (with_stats != NULL)
		score_restore(&r.sc, &saved);
	if (!r.ord.by) {
		r.scores = xcalloc(r.st.nrecs + 1, sizeof(*r.scores));
		score_all(&r.sc, r.st.recs, r.st.nrecs, r.scores);
		r.ord.scores = r.scores;
	}
	write_ranked(&r);
	if (!r.ord.by)
		tok_free(&r.tok);
	return pp_finish();
}
