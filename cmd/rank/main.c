/*
 * pp-rank: order records by BM25 relevance to a query, or by keys.
 *
 * One pass over the input keeps, per record, where its line is (to re-read
 * it at the end) and, for the few records that contain a query term, the
 * term frequencies per field and the field lengths (score.c).  Scores are
 * computed after the pass, when the collection statistics are known; then
 * the best records are read again and written with their score.
 *
 * A regular file is read by -j threads, each a range of its lines with
 * its own engines' contexts; what they kept is appended in the order of
 * the ranges, and their counts summed, so the answer is the one thread's.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libstemmer.h>

#include "rank.h"

#define SYNOPSIS \
	"[-r] [-j N] [-n K] [--b B] [--fields spec] [--k1 K1]\n" \
	"               [--lang name] [--no-stem] [--recency half_life]\n" \
	"               [--with-stats file] [--all] [--literal] [--rm3]\n" \
	"               query [file ...]\n" \
	"       pp-rank [options] -e query | -f query_file [file ...]\n" \
	"       pp-rank --like liked_file [-e query | -f query_file] [options]\n" \
	"               [file ...]\n" \
	"       pp-rank --stats [--fields spec] [--lang name] [--no-stem] query\n" \
	"               [file ...]\n" \
	"       pp-rank --by key[:asc|desc][,...] [-r] [-n K] [file ...]\n" \
	"       pp-rank --merge [-r] [-n K] [file ...]"

#define DEFAULT_FIELDS	"title^2,abstract"

static const char help[] =
"Order records (one JSON object a line) by BM25 relevance to a query, by\n"
"likeness to papers liked, or by keys; add \"score\".  With a query or\n"
"--like only matching records are written; none: exit status 1.\n"
"\n"
"  -n K                 write the best K\n"
"  -r, --reverse        the worst first (with --by: every key reversed)\n"
"  -e, --query=QUERY    the query as an option; every operand is a file\n"
"  -f, --file=FILE      the query from FILE, taken literally\n"
"      --literal        plain words: no \"phrases\" or -exclusions\n"
"      --all            write records that do not match too, scored 0\n"
"      --like=FILE      rank by likeness to the papers in FILE (NDJSON)\n"
"      --rm3            expand the query from its best records, rank again\n"
"      --fields=SPEC    fields and weights (default title^2,abstract)\n"
"      --k1=K1, --b=B   BM25 parameters (default 1.2, 0.75)\n"
"      --lang=NAME      Snowball stemmer (default english); --no-stem\n"
"      --recency=HALF   halve a score per HALF of age (180d, 6m, 1y)\n"
"      --by=KEY[:asc|:desc],...  order by keys, records unchanged\n"
"      --stats          write collection statistics for sharding\n"
"      --with-stats=F   score with statistics summed from F\n"
"      --merge          merge ranked outputs by score\n"
"      --generate=SHELL a completion script: complete-bash, complete-zsh,\n"
"                       complete-fish\n"
"  -h, --help           this help; -V, --version  the version\n"
"\n"
"See pp-rank(1).\n";

enum {
	OPT_ALL = CHAR_MAX + 1, OPT_B, OPT_BY, OPT_FIELDS, OPT_K1, OPT_LANG, OPT_LIKE, OPT_LITERAL, OPT_MERGE,
	OPT_NO_STEM, OPT_RECENCY, OPT_RM3, OPT_STATS, OPT_WITH_STATS,
	OPT_GENERATE
};

static const struct option longopts[] = {
	{ "all",	no_argument,		NULL, OPT_ALL },
	{ "b",		required_argument,	NULL, OPT_B },
	{ "by",		required_argument,	NULL, OPT_BY },
	{ "fields",	required_argument,	NULL, OPT_FIELDS },
	{ "file",	required_argument,	NULL, 'f' },
	{ "query",	required_argument,	NULL, 'e' },
	{ "help",	no_argument,		NULL, 'h' },
	{ "jobs",	required_argument,	NULL, 'j' },
	{ "k1",		required_argument,	NULL, OPT_K1 },
	{ "lang",	required_argument,	NULL, OPT_LANG },
	{ "like",	required_argument,	NULL, OPT_LIKE },
	{ "literal",	no_argument,		NULL, OPT_LITERAL },
	{ "merge",	no_argument,		NULL, OPT_MERGE },
	{ "no-stem",	no_argument,		NULL, OPT_NO_STEM },
	{ "recency",	required_argument,	NULL, OPT_RECENCY },
	{ "reverse",	no_argument,		NULL, 'r' },
	{ "rm3",	no_argument,		NULL, OPT_RM3 },
	{ "stats",	no_argument,		NULL, OPT_STATS },
	{ "version",	no_argument,		NULL, 'V' },
	{ "with-stats",	required_argument,	NULL, OPT_WITH_STATS },
	{ "generate",	required_argument,	NULL, OPT_GENERATE },
	{ NULL, 0, NULL, 0 }
};

/* One run: the engines and what main decided. */
struct run {
	struct tok	 tok;
	struct query	 q;
	struct score	 sc;
	struct store	 st;
	struct order	 ord;
	struct like	 lk;
	int		 query;		/* rank by a query */
	int		 rm3;		/* --rm3: and again, expanded */
	int		 like;		/* and/or by likeness (--like) */
	double		*scores;
	long		 limit;		/* -n, or -1 for all */
	int		 stats_only;
	int		 all;		/* --all: records that do not match too */
	int		 fields_named;	/* --fields given */
	struct pp_keylist named;	/* keys the user named */
	uint64_t	 matched;
	long		 jobs;		/* -j: threads reading a file */
	int		 jobs_given;	/* -j given: that many, however small */
	const char	*lang;

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

/*
 * What one reader of the input fills: the run's own engines, or a
 * thread's clones of them.
 */
struct part {
	struct score	*sc;
	struct like	*lk;
	struct store	*st;
	struct order	*ord;
	struct pp_keylist *named;
	uint64_t	 matched;
};

static void
one_record(const struct run *r, struct part *p, struct pp_input *in,
    struct pp_record *rec, int src)
{
	struct rec kept;
	uint64_t post = 0;
	size_t i;
	int match = 1, liked = 1;

	memset(&kept, 0, sizeof(kept));
	kept.day = NODAY;
	if (!r->ord.by) {
		if (r->query)
			match = score_record(p->sc, rec, r->stats_only ?
			    NULL : &post, &kept.npost);
		rec_set_post(&kept, post);
		if (r->like)
			liked = like_record(p->lk, rec);
		if (r->rm3 && !r->stats_only)
			match = 1;	/* all kept: ranked again at the end */
		if (match < 0 || liked < 0)
			return;		/* excluded, or a liked paper */
		/* a query of exclusions or stop words only: all match */
		if ((match == 1 || r->q.nunits == 0) && liked == 1)
			p->matched++;
		else if (!r->all && !r->stats_only)
			return;
		if (r->sc.halflife > 0 || r->stats_only) {
			kept.day = score_day(rec);
			if (kept.day != NODAY && (p->sc->newest == NODAY ||
			    kept.day > p->sc->newest))
				p->sc->newest = kept.day;
		}
		if (r->stats_only)
			return;
		if (r->like)
			kept.nlike = like_keep(p->lk);
	}
	if (r->ord.by && r->limit >= 0 &&
	    !order_offer(p->ord, p->st->nrecs, rec, (size_t)r->limit))
		return;		/* not among the best -n so far */
	i = store_add(p->st, in, src, &kept);
	if (r->ord.by && r->limit < 0)
		order_read(p->ord, i, rec);
}

/* --- threads -------------------------------------------------------------- */

/* A bad line a thread found, reported when the lines before are counted. */
struct badline {
	unsigned long	 lineno;	/* in the thread's range */
	char		*msg;
};

/* A thread's range of a file, its engines, and what it found. */
struct chunk {
	const struct run *r;
	struct pp_input	 in;		/* the open file again, its own offset */
	const char	*name;
	int		 src;
	off_t		 from, to;	/* to: -1 for the end of the file */
	unsigned long	 lines;
	int		 errnum;	/* a read error ended the range */
	struct part	 p;
	struct tok	 tok;
	struct query	 q;
	struct score	 sc;
	struct like	 lk;
	struct store	 st;
	struct order	 ord;
	struct pp_keylist named;
	struct badline	*bad;
	size_t		 nbad, badcap;
};

static void
chunk_bad(struct chunk *c, unsigned long lineno, const char *what,
    const char *err)
{
	struct pp_buf b = { 0 };

	if (c->nbad == c->badcap) {
		c->badcap = c->badcap ? c->badcap * 2 : 16;
		c->bad = xreallocarray(c->bad, c->badcap, sizeof(*c->bad));
	}
	pp_buf_printf(&b, "%s%s", what, err);
	c->bad[c->nbad].lineno = lineno;
	c->bad[c->nbad++].msg = b.s;
}

static void *
chunk_read(void *arg)
{
	struct chunk *c = arg;
	struct pp_input in = c->in;
	struct pp_record rec = { 0 };
	char err[128];
	unsigned long before = c->from > 0;

	/* a read error is chunk_merge()'s to report, among the messages */
	in.caller_reports = 1;
	if (pp_input_seek(&in, c->from, before) == -1) {
		c->errnum = errno;
		pp_input_close(&in);
		return NULL;
	}
	while (pp_input_next(&in) == 1) {
		if (c->to >= 0 && in.offset >= c->to)
			break;
		c->lines = in.lineno - before;
		if (pp_is_blank(in.line, in.len))
			continue;
		if (pp_record_parse(&rec, in.line, in.len, err,
		    sizeof(err)) != 0) {
			chunk_bad(c, c->lines, strcmp(err, "not a JSON "
			    "object") == 0 ? "" : "invalid JSON: ", err);
			continue;
		}
		if (c->named.n > 0)
			pp_keylist_check(&c->named, &rec);
		one_record(c->r, &c->p, &in, &rec, c->src);
	}
	c->errnum = in.errnum;
	pp_input_close(&in);
	pp_record_free(&rec);
	return NULL;
}

static void
chunk_init(struct chunk *c, struct run *r, const char *name, int src)
{
	size_t i;

	c->r = r;
	c->name = name;
	c->src = src;
	c->p.st = &c->st;
	c->p.sc = &c->sc;
	c->p.lk = &c->lk;
	c->p.ord = &c->ord;
	c->p.named = &c->named;
	if (r->ord.by)
		order_clone(&c->ord, &r->ord);
	else {
		tok_clone(&c->tok, &r->tok, r->lang);
		query_clone(&c->q, &r->q);
		score_clone(&c->sc, &r->sc, &c->tok, &c->q);
		if (r->like)
			like_clone(&c->lk, &r->lk, r->lang);
	}
	c->named = r->named;
	if (r->named.n > 0) {
		c->named.keys = xreallocarray(NULL, r->named.n,
		    sizeof(*c->named.keys));
		for (i = 0; i < r->named.n; i++)
			c->named.keys[i] = r->named.keys[i];
	}
	c->named.records = 0;
}

/* Adds what the thread read after what the run has; frees the chunk. */
static void
chunk_merge(struct run *r, struct chunk *c, unsigned long lines_before)
{
	struct pp_input at;
	size_t i, n = c->st.nrecs, first = r->st.nrecs;
	uint64_t post;

	memset(&at, 0, sizeof(at));
	at.name = c->name;
	for (i = 0; i < c->nbad; i++) {
		at.lineno = lines_before + c->bad[i].lineno;
		pp_error_at(&at, "%s", c->bad[i].msg);
		free(c->bad[i].msg);
	}
	free(c->bad);
	if (c->errnum != 0) {
		errno = c->errnum;
		pp_error("%s", c->name);
	}
	r->matched += c->p.matched;
	if (r->ord.by)
		order_merge(&r->ord, first, &c->ord, n);
	else {
		post = score_merge(&r->sc, &c->sc);
		for (i = 0; i < n; i++)
			if (c->st.recs[i].npost > 0)
				rec_set_post(&c->st.recs[i],
				    rec_post(&c->st.recs[i]) + post);
		if (r->like)
			like_merge(&r->lk, &c->lk);
		query_clone_free(&c->q);
		tok_free(&c->tok);
	}
	store_append(&r->st, c->st.recs, n);
	free(c->st.recs);
	for (i = 0; i < r->named.n; i++)
		if (!r->named.keys[i].found && c->named.keys[i].found) {
			r->named.keys[i].found = 1;
			r->named.nfound++;
		}
	r->named.records += c->named.records;
	free(c->named.keys);
}

/*
 * A range after one a read error ended: one thread would have stopped
 * there, so what it read is thrown away, the answer and the messages
 * being one thread's.
 */
static void
chunk_drop(struct run *r, struct chunk *c)
{
	size_t i;

	for (i = 0; i < c->nbad; i++)
		free(c->bad[i].msg);
	free(c->bad);
	if (r->ord.by)
		order_clone_free(&c->ord);
	else {
		score_clone_free(&c->sc);
		if (r->like)
			like_clone_free(&c->lk);
		query_clone_free(&c->q);
		tok_free(&c->tok);
	}
	free(c->st.recs);
	free(c->named.keys);
}

/*
 * Where the k-th of n ranges of a file of size bytes starts: the first
 * line starting at or after k/n of it, or from if that is later.
 */
static off_t
range_start(int fd, off_t size, long k, long n, off_t from)
{
	off_t at = (off_t)((double)size * (double)k / (double)n);

	if (at <= from)
		return from;
	if ((at = pp_line_start(fd, at, 0)) < 0)
		return size;
	return at > from ? at : from;
}

/*
 * Reads a regular file in n ranges, one thread each; 0 if the file could
 * not be opened again for each (no /proc, no descriptor left), and then
 * one thread reads it.  Each thread reads the open file, not its name,
 * which may be another file's by now (renamed over): the ranges are this
 * one's.
 */
static int
read_parallel(struct run *r, const struct pp_input *in, off_t size, int src,
    long n)
{
	struct chunk *c;
	pthread_t *tid;
	off_t from = 0;
	unsigned long lines = 0;
	long k;
	int e, failed = 0;

	c = xcalloc((size_t)n, sizeof(*c));
	for (k = 0; k < n; k++)
		if (pp_input_reopen(&c[k].in, in) == -1) {
			while (--k >= 0)
				pp_input_close(&c[k].in);
			free(c);
			return 0;
		}
	tid = xcalloc((size_t)n, sizeof(*tid));
	for (k = 0; k < n; k++) {
		chunk_init(&c[k], r, in->name, src);
		c[k].from = from;
		c[k].to = k + 1 < n ? (from = range_start(in->fd, size, k + 1, n,
		    from)) : -1;
	}
	for (k = 0; k < n; k++)
		if ((e = pthread_create(&tid[k], NULL, chunk_read, &c[k])) != 0)
			pp_fatal("threads: %s", strerror(e));
	for (k = 0; k < n; k++) {
		pthread_join(tid[k], NULL);
		if (failed) {
			chunk_drop(r, &c[k]);
			continue;
		}
		chunk_merge(r, &c[k], lines);
		lines += c[k].lines;
		failed = c[k].errnum != 0;
	}
	free(tid);
	free(c);
	return 1;
}

static void
read_inputs(struct run *r, int argc, char **argv)
{
	static char *stdin_only[] = { "-", NULL };
	struct pp_input in;
	struct pp_record rec = { 0 };
	struct part p = { &r->sc, &r->lk, &r->st, &r->ord, &r->named, 0 };
	struct stat sb;
	char err[128];
	int i, src, parsed;
	long n;
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
		/* stdin is one stream, even from a file */
		if (r->jobs > 1 && (src >= 0 || r->stats_only) &&
		    strcmp(argv[i], "-") != 0 && fstat(in.fd, &sb) == 0 &&
		    S_ISREG(sb.st_mode) && (n = pp_threads_for(r->jobs,
		    r->jobs_given, sb.st_size)) > 1 &&
		    read_parallel(r, &in, sb.st_size, src, n)) {
			before += (uint64_t)sb.st_size;
			pp_input_close(&in);
			continue;
		}
		while (pp_input_next(&in) == 1) {
			if ((++count & 1023) == 0) {
				r->bytes = before + (uint64_t)in.offset;
				show_progress(r, 0);
			}
			if (pp_is_blank(in.line, in.len))
				continue;
			if ((parsed = pp_record_parse(&rec, in.line, in.len,
			    err, sizeof(err))) != PP_JSON_OK) {
				show_progress(r, 1);
				if (parsed == PP_JSON_NOT_OBJECT)
					pp_error_at(&in, "%s", err);
				else
					pp_error_at(&in, "invalid JSON: %s", err);
				continue;
			}
			if (r->named.n > 0)
				pp_keylist_check(&r->named, &rec);
			one_record(r, &p, &in, &rec, src);
		}
		before += (uint64_t)in.offset + in.len;
		pp_input_close(&in);
	}
	r->matched += p.matched;
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

/*
 * --rm3: the query expanded by the words of its best records, and every
 * record read again and scored with it; those that do not match it (or
 * that it excludes) are dropped, as the first pass would have.
 */
static void
rank_again(struct run *r)
{
	struct pp_buf line = { 0 };
	struct pp_record rec = { 0 };
	struct rec *kept;
	uint64_t post;
	char err[128];
	size_t i, n = 0;
	int match, t;

	store_done(&r->st);	/* the spool is read from now on */
	rm3_expand(&r->sc, &r->q, &r->tok, &r->st, r->scores);
	r->sc.n = 0;
	memset(r->sc.total, 0, sizeof(r->sc.total));
	r->sc.nposts = 0;
	for (t = 0; t < r->q.nterms; t++)
		r->q.terms[t].df = 0;
	r->matched = 0;
	for (i = 0; i < r->st.nrecs; i++) {
		kept = &r->st.recs[i];
		store_line(&r->st, i, &line);
		if (pp_record_parse(&rec, line.s, line.len, err,
		    sizeof(err)) != 0)
			pp_fatal("%s: file changed while being ranked",
			    store_name(&r->st, i));
		post = 0;
		match = score_record(&r->sc, &rec, &post, &kept->npost);
		rec_set_post(kept, post);
		if (match < 0)
			continue;
		if (match == 1 || r->q.nunits == 0)
			r->matched++;
		else if (!r->all)
			continue;
		r->st.recs[n++] = *kept;
	}
	r->st.nrecs = n;
	score_all(&r->sc, r->st.recs, r->st.nrecs, r->scores);
	pp_buf_free(&line);
	pp_record_free(&rec);
}

/*
 * --like's cosine, alone or times the query's BM25 score: a product, so
 * that a record must match both, and neither scale (BM25 grows with the
 * query, a cosine is at most 1) outweighs the other.
 */
static void
combine_like(struct run *r)
{
	double *cos = xcalloc(r->st.nrecs + 1, sizeof(*cos));
	size_t i;

	like_scores(&r->lk, r->st.recs, r->st.nrecs, cos);
	for (i = 0; i < r->st.nrecs; i++)
		r->scores[i] = score_round(r->query ? r->scores[i] * cos[i] :
		    cos[i] * score_decay(&r->sc, r->st.recs[i].day));
	free(cos);
}

static void
run_free(struct run *r)
{
	tok_free(&r->tok);
	query_free(&r->q);
	score_free(&r->sc);
	store_free(&r->st);
	order_free(&r->ord);
	if (r->like)
		like_free(&r->lk);
	free(r->scores);
	pp_keylist_free(&r->named);
}


/* --- options --------------------------------------------------------------- */

/* A number option's value; pp_num_real says what is wrong with it. */
static double
number_arg(const char *opt, const char *s, double min, double max)
{
	double v;

	if (pp_num_real(opt, s, min, max, &v) == -1)
		exit(PP_ERROR);
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

/*
 * -f FILE: the query is the file's text, its lines joined by spaces, taken
 * literally (a pasted abstract has quotes and hyphens that are no
 * operators).
 */
static char *
read_query_file(const char *name)
{
	struct pp_input in;
	struct pp_buf b = { 0 };

	if (pp_input_open(&in, name) == -1)
		exit(PP_ERROR);
	pp_buf_adds(&b, "");
	while (pp_input_next(&in) == 1) {
		pp_buf_add(&b, in.line, in.len);
		pp_buf_addc(&b, ' ');
	}
	pp_input_close(&in);
	if (memchr(b.s, '\0', b.len) != NULL)
		pp_fatal("%s: a query file has no NUL bytes", name);
	return b.s;
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

/*
 * --generate SHELL: a completion script from the options above; --lang
 * offers the stemmers libstemmer has.
 */
static int
generate(const char *shell)
{
	static const char *const by_words[] = { "score", NULL };
	const struct pp_comp_opt opts[] = {
		{ NULL, 'n', PP_COMP_NUMBER, 0, NULL, "write the best K" },
		{ "jobs", 'j', PP_COMP_NUMBER, 0, NULL, "threads reading a file" },
		{ "reverse", 'r', PP_COMP_NONE, 0, NULL, "the worst first" },
		{ "query", 'e', PP_COMP_TEXT, 0, NULL, "the query" },
		{ "file", 'f', PP_COMP_FILE, 0, NULL, "the query from a file" },
		{ "literal", 0, PP_COMP_NONE, 0, NULL, "plain words" },
		{ "all", 0, PP_COMP_NONE, 0, NULL, "records that do not match too" },
		{ "like", 0, PP_COMP_FILE, 0, NULL, "likeness to papers liked" },
		{ "rm3", 0, PP_COMP_NONE, 0, NULL, "expand the query" },
		{ "fields", 0, PP_COMP_KEYS, 0, NULL, "fields and weights" },
		{ "k1", 0, PP_COMP_NUMBER, 0, NULL, "BM25 k1" },
		{ "b", 0, PP_COMP_NUMBER, 0, NULL, "BM25 b" },
		{ "lang", 0, PP_COMP_WORDS, 0, sb_stemmer_list(),
		    "Snowball stemmer" },
		{ "no-stem", 0, PP_COMP_NONE, 0, NULL, "no stemming" },
		{ "recency", 0, PP_COMP_TEXT, 0, NULL, "half life of a score" },
		{ "by", 0, PP_COMP_KEYS, 0, by_words, "order by keys" },
		{ "stats", 0, PP_COMP_NONE, 0, NULL, "collection statistics" },
		{ "with-stats", 0, PP_COMP_FILE, 0, NULL,
		    "statistics summed from a file" },
		{ "merge", 0, PP_COMP_NONE, 0, NULL, "merge ranked outputs" },
		{ "help", 'h', PP_COMP_NONE, 0, NULL, "show the help" },
		{ "version", 'V', PP_COMP_NONE, 0, NULL, "show the version" },
		{ NULL, 0, 0, 0, NULL, NULL }
	};
	const struct pp_comp comp = {
		"pp-rank", opts, PP_COMP_TEXT, NULL, "query",
		"query file like by merge"
	};

	return pp_complete(shell, &comp);
}

int
main(int argc, char *argv[])
{
	/* static: what it holds lives until exit, as LeakSanitizer sees */
	static struct run r;
	struct pp_buf b = { 0 };
	struct saved saved = { 0 };
	const char *query = NULL, *fields = DEFAULT_FIELDS, *lang = "english";
	const char *with_stats = NULL, *query_file = NULL, *like_file = NULL;
	char *text = NULL, err[128];
	long long n;
	double k1 = 1.2, bb = 0.75, halflife = 0;
	int ch, i, merge = 0, field_opts = 0, stem = 1, literal = 0, status;

	pp_init(argv[0]);
	memset(&r, 0, sizeof(r));
	r.limit = -1;
	r.jobs = pp_cpus();
	while ((ch = getopt_long(argc, argv, "e:f:hj:n:rV", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'e':
			query = optarg;
			break;
		case 'f':
			query_file = optarg;
			break;
		case 'j':
			if (pp_num_int("-j", optarg, 1, PP_MAXJOBS, &n) == -1)
				exit(PP_ERROR);
			r.jobs = (long)n;
			r.jobs_given = 1;
			break;
		case 'n':
			if (pp_num_int("-n", optarg, 0, LONG_MAX, &n) == -1)
				exit(PP_ERROR);
			r.limit = (long)n;
			break;
		case 'r':
			r.ord.reverse = 1;
			break;
		case OPT_ALL:
			r.all = 1;
			break;
		case OPT_LITERAL:
			literal = 1;
			break;
		case OPT_LIKE:
			like_file = optarg;
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
			r.fields_named = 1;
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
		case OPT_RM3:
			r.rm3 = 1;
			break;
		case OPT_STATS:
			r.stats_only = 1;
			break;
		case OPT_WITH_STATS:
			with_stats = optarg;
			break;
		case OPT_GENERATE:
			exit(generate(optarg));
		case 'V':
			pp_version();
			break;
		case 'h':
			pp_help(SYNOPSIS, help);
		default:
			/* getopt said which; "-survey x" is a query, though */
			if (optopt != 0 && strchr("efhjnrV", optopt) == NULL)
				fprintf(stderr, "%s: a query that starts with "
				    "'-' goes after '--': %s -- '-word ...'\n",
				    pp_progname, pp_progname);
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
	if (r.stats_only && (r.limit >= 0 || r.ord.reverse || halflife > 0 ||
	    r.all))
		pp_fatal("--stats writes statistics: -n, -r, --all and "
		    "--recency do not apply");
	if ((merge || r.ord.nkeys > 0) && (query_file != NULL || literal ||
	    r.all || query != NULL || like_file != NULL))
		pp_fatal("--by and --merge order by keys: -e, -f, --like, "
		    "--literal and --all do not apply");
	if (r.rm3 && (r.stats_only || with_stats != NULL || like_file != NULL ||
	    merge || r.ord.nkeys > 0))
		pp_fatal("--rm3 learns from the best records of the whole "
		    "collection: not with --stats, --with-stats, --like, "
		    "--by or --merge");
	if (query != NULL && query_file != NULL)
		pp_fatal("-e and -f both give the query");
	if (merge) {
		order_keys(&r.ord, "score");
		r.ord.by = 1;
	} else if (r.ord.nkeys > 0)
		r.ord.by = 1;
	else if (query != NULL)
		;	/* -e: every operand is a file */
	else if (query_file != NULL) {
		if (strcmp(query_file, "-") == 0) {
			for (i = 0; i < argc; i++)
				if (strcmp(argv[i], "-") == 0)
					break;
			if (argc == 0 || i < argc)
				pp_fatal("-f -: the query is standard input, "
				    "so the records cannot be");
		}
		query = text = read_query_file(query_file);
		literal = 1;
	} else if (like_file == NULL) {
		if (argc == 0)
			pp_usage(SYNOPSIS);
		query = *argv++;
		argc--;
	}
	if (like_file != NULL && strcmp(like_file, "-") == 0) {
		for (i = 0; i < argc; i++)
			if (strcmp(argv[i], "-") == 0)
				break;
		if (argc == 0 || i < argc || (query_file != NULL &&
		    strcmp(query_file, "-") == 0))
			pp_fatal("--like -: the liked papers are standard "
			    "input, so the records cannot be");
	}
	r.query = query != NULL;
	r.like = like_file != NULL;
	r.lang = lang;

	if (!r.ord.by) {
		score_init(&r.sc, &r.tok, &r.q);
		r.sc.k1 = k1;
		r.sc.b = bb;
		r.sc.halflife = halflife;
		score_fields(&r.sc, fields);
		set_language(&r.tok, lang, stem);
		if (r.query && query_parse(&r.q, &r.tok, query, literal, err,
		    sizeof(err)) == -1)
			pp_fatal("%s", err);
		if (r.like)
			like_load(&r.lk, like_file, &r.sc, lang, stem);
		if (r.query && r.q.nunits == 0 && !query_excludes(&r.q))
			pp_warnx("the query has no word to rank by (only stop "
			    "words?): every score is 0");
		if ((long)r.q.nunits * r.sc.nfields >= UINT16_MAX)
			pp_fatal("the query has too many terms");
		if (with_stats != NULL) {
			score_read_stats(&r.sc, with_stats);
			score_save(&r.sc, &saved);
			if (r.like)
				like_read_stats(&r.lk, with_stats);
		}
	}
	if (merge)
		;	/* the user did not name "score" */
	else if (r.ord.by)
		for (i = 0; i < r.ord.nkeys; i++)
			pp_keylist_add(&r.named, "--by", r.ord.keys[i]);
	else if (r.fields_named)
		for (i = 0; i < r.sc.nfields; i++)
			pp_keylist_add(&r.named, "--fields",
			    r.sc.fields[i].name);
	read_inputs(&r, argc, argv);
	if (r.stats_only) {
		if (!r.query) {
			/* the like pass counted records and lengths */
			r.sc.n = r.lk.n;
			memcpy(r.sc.total, r.lk.total, sizeof(r.sc.total));
		}
		score_stats_line(&r.sc, &b);
		if (r.like) {
			b.len -= 2;	/* "}\n" */
			like_stats_line(&r.lk, &b);
			pp_buf_adds(&b, "}\n");
		}
		pp_write(b.s, b.len);
		pp_buf_free(&b);
	} else {
		if (with_stats != NULL)
			score_restore(&r.sc, &saved);
		if (!r.ord.by) {
			r.scores = xcalloc(r.st.nrecs + 1, sizeof(*r.scores));
			if (r.query)
				score_all(&r.sc, r.st.recs, r.st.nrecs,
				    r.scores);
			if (r.rm3)
				rank_again(&r);
			if (r.like)
				combine_like(&r);
			r.ord.scores = r.scores;
		}
		write_ranked(&r);
		/* a key no record has: a typo, most likely */
		pp_keylist_report(&r.named);
	}
	run_free(&r);
	free(text);
	status = pp_finish();
	/* as grep: 1 when nothing matched the query */
	if (status == PP_OK && !r.ord.by && !r.stats_only && r.matched == 0)
		status = PP_NOMATCH;
	return status;
}
