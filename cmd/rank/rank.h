/*
 * pp-rank's engines: the tokenizer (token.c), the query (query.c), BM25
 * and the statistics (score.c), the records kept to be written again
 * (store.c).  Each takes its context explicitly, so a test or a fuzzer
 * can call it without running main.
 */
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "pp.h"

#define MAXFIELDS	16
#define MAXTOKEN	255	/* longer words are cut to their first 255 bytes */
#define MAXPHRASE	32	/* positions a phrase may span */
#define MAXPAIRS	8	/* first-two-byte pairs the block scan tests */
#define STOPSIZE	1024
#define CACHESIZE	(1 << 16)
#define ELEMENT_GAP	100	/* positions between array elements */

struct sb_stemmer;

/* --- token.c ------------------------------------------------------------ */

/* A folded word w[0..n) of a plain text; w has MAXTOKEN bytes. */
typedef void (*tok_word_fn)(const unsigned char *w, size_t n, void *arg);
/*
 * A word of a scanned text at position pos, not a stop word: term is the
 * term its stem is (tok_term_add), or -1; stem a hash of its stem.
 */
typedef void (*tok_hit_fn)(int term, uint32_t stem, long pos, void *arg);

struct tok_stop {
	uint64_t	 a, b;
	size_t		 len;
};

/* A word already stemmed: which term its stem is, and the stem's hash. */
struct tok_centry {
	uint32_t	 hash;
	uint32_t	 off;		/* of the word in cachewords */
	uint16_t	 len;
	int32_t		 term;
	uint32_t	 stem;
};

/* The same for words of at most 16 ASCII bytes, as two 64-bit words. */
struct tok_fast {
	uint64_t	 a, b;
	uint32_t	 len;		/* 0: none */
	int32_t		 term;
	uint32_t	 stem;
};
#define FASTBITS	14
#define FASTSIZE	(1 << FASTBITS)

struct tok {
	struct sb_stemmer *stemmer;	/* NULL: --no-stem */
	int		 shared;	/* a clone: the terms are another's */
	int		 english;	/* the stop list */
	int		 pairs_hold;	/* stems begin as their words do */
	struct tok_stop	 stops[STOPSIZE];

	/* the terms words are looked up in: stems */
	struct pp_set	 termset;
	char		**stems;
	size_t		*stemlens;
	int		 nterms, termcap;

	/* words already stemmed; starts again empty when half full */
	struct tok_centry *cache;
	size_t		 ncached;
	struct tok_fast	*fast;
	size_t		 nfast;
	struct pp_buf	 cachewords;

	/*
	 * Which words a scan looks at: those whose first two bytes could
	 * begin a term's stem (may report false positives, never a false
	 * negative), or all of them.
	 */
	unsigned char	 filter[65536 / 8];
	int		 filter_all;
	unsigned char	 pair[MAXPAIRS][2];
	int		 npairs;
	int		 every_word;	/* hit() for words of no term too */
	int		 width;		/* bytes a block of the ASCII scan */

	/* the scan in progress */
	tok_hit_fn	 hit;
	void		*hit_arg;
	long		 pos;		/* words so far, stop words included */
	uint32_t	 dl;		/* words so far, stop words too */
	struct pp_buf	 folded, text;
};

/* 0, or -1 when Snowball has no stemmer for lang. */
int	tok_init(struct tok *, const char *lang, int stem);
void	tok_free(struct tok *);
/*
 * A tokenizer for another thread: the same terms (shared, so no term may
 * be added while it is used), its own stemmer and caches.
 */
void	tok_clone(struct tok *, const struct tok *from, const char *lang);
int	tok_is_stop(const struct tok *, const unsigned char *w, size_t n);
const unsigned char *tok_stem(struct tok *, const unsigned char *w, size_t n,
	    size_t *len);
uint32_t tok_hash(const unsigned char *, size_t);
int	tok_term_add(struct tok *, const unsigned char *stem, size_t n);
int	tok_term_find(const struct tok *, const unsigned char *stem, size_t n);
/* Every word scans look at, whatever its first bytes. */
void	tok_look_at_all(struct tok *);
/* The plain tokenizer: every folded word of s, stop words included. */
void	tok_words(struct tok *, const char *s, size_t len, tok_word_fn,
	    void *arg);
/*
 * The fast one, for records: calls tok->hit for the words of s[0..len)
 * that may be terms and counts positions and lengths.  s[-2..-1] must be
 * readable, and bytes up to safe (at least s[len], a separator).
 */
void	tok_scan(struct tok *, const char *s, size_t len, const char *safe);
/*
 * The same for a JSON string v[0..len), quotes included, in a line; plain
 * if it is known to be ASCII without escapes (a pp_member's plain).
 */
void	tok_scan_json(struct tok *, const char *v, size_t len,
	    const char *line_end, int plain);

/* --- query.c ------------------------------------------------------------ */

/* A stem the query mentions, as a term, in a phrase, or excluded. */
struct term {
	int		 unit;		/* scoring unit of it alone, or -1 */
	int		 excluded;
	uint64_t	 df;
	/* per record */
	uint32_t	 tf[MAXFIELDS];
	int		 seen;
};

/* "quoted phrase": terms at fixed position offsets (stop words are gaps). */
struct phrase {
	int		 term[MAXPHRASE];
	int		 at[MAXPHRASE];	/* position from the phrase's start */
	int		 n;
	int		 unit;		/* or -1 when excluded */
	int		 excluded;
	/* per field being scanned: where a prefix of the phrase ended */
	long		 last[MAXPHRASE];
	uint64_t	 hist[MAXPHRASE];
	uint32_t	 tf[MAXFIELDS];
};

/* What a score sums over: a term or a phrase, weighted by repetitions. */
struct unit {
	int		 term, phrase;
	double		 qtf, idf;
};

/* A term a phrase component refers to: which phrase, which component. */
struct compref {
	int		 phrase, comp;
};

/* The query; its terms are the tokenizer's (same index). */
struct query {
	struct term	*terms;
	int		 nterms;
	struct phrase	*phrases;
	int		 nphrases;
	struct unit	*units;
	int		 nunits;
	struct compref	*comprefs;	/* by term: comprefs[cstart[t]..] */
	int		*cstart;
};

/*
 * Parses text into q with t's words.  literal: plain words, no phrases or
 * exclusions.  0, or -1 with a message in err.
 */
int	query_parse(struct query *q, struct tok *t, const char *text,
	    int literal, char *err, size_t errlen);
int	query_excludes(const struct query *);
void	query_expand(struct query *, struct tok *, char *const *stems,
	    const size_t *lens, const double *weights, int k, double orig);
void	query_free(struct query *);
/* The same query with its own per-record state, for another thread. */
void	query_clone(struct query *, const struct query *from);
void	query_clone_free(struct query *);

/* --- store.c ------------------------------------------------------------ */

/*
 * What is kept of a record: where its line is (read again to its newline),
 * its postings, its date.  24 bytes: offsets are 48 bits, in 32-bit words
 * so the struct packs without padding.
 */
struct rec {
	uint32_t	 off_lo;	/* of the line, in its source's fd */
	uint16_t	 off_hi;
	uint16_t	 src;
	uint32_t	 post_lo;	/* of the postings, in score's bytes */
	uint16_t	 post_hi;
	uint16_t	 npost;
	int32_t		 day;		/* days since 1970 of "date", or NODAY */
	uint32_t	 nlike;		/* --like postings */
};
#define REC_MAXOFF	((uint64_t)1 << 48)

static inline uint64_t
rec_off(const struct rec *r)
{
	return (uint64_t)r->off_hi << 32 | r->off_lo;
}

static inline void
rec_set_off(struct rec *r, uint64_t off)
{
	r->off_lo = (uint32_t)off;
	r->off_hi = (uint16_t)(off >> 32);
}

static inline uint64_t
rec_post(const struct rec *r)
{
	return (uint64_t)r->post_hi << 32 | r->post_lo;
}

static inline void
rec_set_post(struct rec *r, uint64_t post)
{
	r->post_lo = (uint32_t)post;
	r->post_hi = (uint16_t)(post >> 32);
}
#define NODAY	INT32_MIN

/* --- score.c ------------------------------------------------------------ */

struct field {
	char		*name;
	double		 weight;
	double		 avgdl;
};

/* A record's term frequency in a field, as score_all() reads it back. */
struct posting {
	uint16_t	 unit;
	uint16_t	 field;
	uint32_t	 tf;
};

/* BM25F over fields, and the collection statistics it needs. */
struct score {
	struct tok	*tok;
	struct query	*q;
	double		 k1, b;
	struct field	 fields[MAXFIELDS];
	int		 nfields;
	double		 halflife;	/* days, 0 without --recency */

	/* the collection */
	uint64_t	 n;
	uint64_t	 total[MAXFIELDS];
	int32_t		 newest;

	/* the record being read */
	int		 field;
	uint32_t	 dl[MAXFIELDS];

	/*
	 * Postings of matching records, as variable-length numbers (7 bits
	 * a byte): the field lengths, then unit * nfields + field and the
	 * frequency of each posting.  Most take a byte: a few bytes a record.
	 */
	unsigned char	*posts;
	size_t		 nposts, postscap;
	struct posting	*decoded;	/* one record's, in score_all() */
};

/* Merged statistics, kept aside while the pass counts its own. */
struct saved {
	uint64_t	 n, total[MAXFIELDS], *df;
	int32_t		 newest;
};

void	score_init(struct score *, struct tok *, struct query *);
/* Sets s->fields from "title^2,abstract"; exits on a bad spec. */
void	score_fields(struct score *, const char *spec);
/*
 * Reads one record's fields into the statistics; returns 1 if it matches
 * the query (a term or phrase to rank by), 0 if not, -1 if the query
 * excludes it.  With post, the postings go to s->posts (lengths first,
 * *post says where)
 * when it matches, *npost saying how many.
 */
int	score_record(struct score *, const struct pp_record *, uint64_t *post,
	    uint16_t *npost);
int32_t	score_day(const struct pp_record *);
/*
 * The value of key, named as everywhere in pp ("title", a path such as
 * "submittedBy.fullname"), in m's value and type; 0 if the record has none.
 */
int	rank_value(const struct pp_record *, const char *key,
	    struct pp_member *m);
void	score_stats_line(const struct score *, struct pp_buf *);
void	score_read_stats(struct score *, const char *name);
/* A count in a line of statistics, a whole JSON number: 0, or -1. */
int	score_count(const struct pp_span *num, uint64_t *v);
/* The next line of a statistics file (like.c's too); 0 at the end. */
int	score_stats_next(struct pp_input *, struct pp_record *,
	    const char *name);
void	score_save(struct score *, struct saved *);
void	score_restore(struct score *, struct saved *);
/* The score of each record, rounded as it is written. */
void	score_all(struct score *, const struct rec *, size_t nrecs,
	    double *scores);
void	score_free(struct score *);
/* --recency's factor for a record of that day. */
double	score_decay(const struct score *, int32_t day);
/*
 * A context counting its own statistics and postings with t and q (clones),
 * for a thread reading a part of the input.
 */
void	score_clone(struct score *, const struct score *from, struct tok *t,
	    struct query *q);
/*
 * Adds the statistics and postings of from (records read after s's) to s;
 * returns where from's postings now start in s->posts.  Frees from.
 */
uint64_t score_merge(struct score *, struct score *from);
/* Frees a clone whose records are not wanted (after a read error). */
void	score_clone_free(struct score *);
/* A score as it is written (6 significant digits), so --merge agrees. */
double	score_round(double);

/* --- like.c ------------------------------------------------------------- */

/* A word of a record: its stem, the FILE term it is, its frequency. */
struct like_slot {
	uint32_t	 stem;
	int32_t		 term;		/* -1: not in FILE */
	double		 tf;		/* weighted by field */
	int		 used;
};

/* What a record shares with the liked papers: term and weight. */
struct like_posting {
	uint32_t	 term;
	float		 w;
};

/*
 * --like FILE: the liked papers' centroid of normalised log-tf vectors,
 * and per record the same vector's entries on FILE's terms, kept until
 * the idf is known (in memory, then in a temporary file).
 */
struct like {
	struct tok	 tok;		/* its terms: FILE's stems */
	const struct score *sc;		/* the fields and their weights */
	double		*centroid;
	uint64_t	*df;		/* records with the term */
	uint64_t	 n;		/* records */
	uint64_t	 total[MAXFIELDS];
	int		 given;		/* statistics from --with-stats */
	uint64_t	*given_df, given_n;
	int		 nliked;

	/* liked papers, to leave out */
	struct pp_set	 ids, titles, idless;

	/* the record being read */
	struct like_slot *slots;
	size_t		 nslots, nused;
	uint32_t	*touched;
	double		 weight;

	/* postings of every record, in order */
	struct like_posting *buf;
	size_t		 nbuf, spilled;
	FILE		*spill;

	struct pp_buf	 tmp, fold;
};

/* Reads FILE's papers; exits on an error that makes the run pointless. */
void	like_load(struct like *, const char *file, const struct score *,
	    const char *lang, int stem);
/*
 * Reads a record of the corpus: -1 if it is a liked paper, 1 if it shares
 * a term with them, else 0.
 */
int	like_record(struct like *, const struct pp_record *);
/* Keeps the weights of the record just read; how many. */
uint32_t like_keep(struct like *);
/* Appends the statistics FILE's terms need to a --stats line. */
void	like_stats_line(const struct like *, struct pp_buf *);
void	like_read_stats(struct like *, const char *name);
/* The cosine of each record (records in the order they were read). */
void	like_scores(struct like *, const struct rec *, size_t n,
	    double *scores);
void	like_free(struct like *);
/* The same for another thread, and its counts added back (freed). */
void	like_clone(struct like *, const struct like *from, const char *lang);
void	like_merge(struct like *, struct like *from);
void	like_clone_free(struct like *);

/* --- store.c ------------------------------------------------------------ */

/*
 * Where each input's lines can be read again.  A named file is not kept
 * open during the pass (there may be more files than a process can have
 * open): it is opened again by name when its lines are written, and must
 * then be the same file (dev, ino).
 */
struct source {
	const char	*name;
	int		 fd;		/* -1: a named file, not open now */
	off_t		 base;
	int		 spooled;
	int		 named;
	dev_t		 dev;
	ino_t		 ino;
};

struct store {
	struct source	*sources;
	size_t		 nsources, sourcescap;
	struct rec	*recs;
	size_t		 nrecs, recscap;
	FILE		*spool;		/* lines of pipes, to read again */
	off_t		 spooloff;
	int		 spoolsrc;
	size_t		 nopen;		/* named files open now */
};

/*
 * Opens one input and says where its lines can be read again: regular
 * files by offset (the source's index), anything else (and everything
 * with spool) through the spool (-1).  -2 if it cannot be opened.
 */
int	store_open(struct store *, struct pp_input *, const char *name,
	    int spool);
/* Keeps r for the current line of in (src from store_open); its index. */
size_t	store_add(struct store *, const struct pp_input *, int src,
	    struct rec *r);
/* Appends n records read by another thread (in a regular file). */
void	store_append(struct store *, const struct rec *, size_t n);
/* Done adding: flushes the spool. */
void	store_done(struct store *);
/* Reads record i's line into b; exits if the file changed. */
void	store_line(struct store *, size_t i, struct pp_buf *b);
const char *store_name(const struct store *, size_t i);
/* An unlinked temporary file in TMPDIR; exits if there is none. */
FILE	*store_tmpfile(void);
void	store_free(struct store *);

/* --- order.c ------------------------------------------------------------ */

/* A sort key's value: class first (missing last), then number or bytes. */
enum { K_NUMBER, K_DATE, K_STRING, K_OTHER, K_MISSING };
struct keyval {
	double		 num;
	uint64_t	 off;		/* of the bytes in strings */
	uint32_t	 len;
	int		 cls;
};

struct order {
	int		 by;		/* by keys, else by scores */
	int		 reverse;
	char		**keys;
	int		*asc;		/* per key: 1 up, 0 down, -1 its own */
	int		 nkeys;
	struct keyval	*vals;		/* nkeys per record */
	size_t		 valscap;
	struct pp_buf	 strings;
	const double	*scores;
	uint32_t	*heap;		/* order_offer()'s best, worst on top */
	size_t		 nheap, heapcap;
};

/* Adds the keys of "date:asc,upvotes"; exits on a bad spec. */
void	order_keys(struct order *, const char *spec);
/* Reads record i's key values. */
void	order_read(struct order *, size_t i, const struct pp_record *);
/*
 * Reads them, and 1 if record i is among the best k offered so far (to
 * be kept as record i), else 0 (its values are dropped, and i is the
 * next record's): -n K keeps K records' values, not every record's.
 */
int	order_offer(struct order *, size_t i, const struct pp_record *,
	    size_t k);
/* The best k of n records, best first, into out[0..k). */
void	order_top(const struct order *, size_t n, size_t k, uint32_t *out);
void	order_free(struct order *);
/* The same keys, none read, for another thread; and its values appended. */
void	order_clone(struct order *, const struct order *from);
void	order_merge(struct order *, size_t at, struct order *from, size_t n);
void	order_clone_free(struct order *);

/* --- rm3.c -------------------------------------------------------------- */

#define RM3_DOCS	10	/* feedback records */
#define RM3_TERMS	10	/* feedback terms */
#define RM3_ORIGINAL	0.9	/* the original query's weight */

/*
 * Expands q with the words of the best records by scores (Anserini's RM3);
 * the number of terms added.
 */
int	rm3_expand(struct score *, struct query *, struct tok *,
	    struct store *, const double *scores);
