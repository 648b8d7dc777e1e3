/*
 * pp-rank: order records by BM25 relevance to a query, or by keys.
 *
 * One pass over the input keeps, per record, where its line is (to re-read
 * it at the end) and, for the few records that contain a query term, the
 * term frequencies per field and the field lengths.  BM25 needs collection
 * statistics (record count, average field lengths, document frequencies)
 * that are only known at the end of the pass, so scoring happens after it;
 * the same statistics can come from other shards (--stats, --with-stats),
 * which makes a sharded ranking exactly equal to a single one.
 *
 * Tokenizing is most of the work.  ASCII words are cut and lowered by table;
 * only chunks with non-ASCII bytes go through utf8proc.  Stemming every
 * word would cost several times the rest, so a word is stemmed (through a
 * cache) only when its first two bytes could begin a query stem.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include <libstemmer.h>
#include <utf8proc.h>

#include "pp.h"

#define SYNOPSIS \
	"[-r] [-n K] [--b B] [--fields spec] [--k1 K1] [--lang name]\n" \
	"               [--no-stem] [--recency half_life] [--with-stats file]\n" \
	"               query [file ...]\n" \
	"       pp-rank --stats [--fields spec] [--lang name] [--no-stem] query\n" \
	"               [file ...]\n" \
	"       pp-rank --by key[,key ...] [-r] [-n K] [file ...]\n" \
	"       pp-rank --merge [-r] [-n K] [file ...]"

#define MAXFIELDS	16
#define MAXTOKEN	255	/* longer words are cut to their first 255 bytes */
#define MAXPHRASE	32	/* positions a phrase may span */
#define ELEMENT_GAP	100	/* positions between array elements */
#define MAXPAIRS	8	/* first-two-byte pairs the block scan tests */
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

/*
 * Snowball's English stop word list (snowball.tartarus.org), which the
 * Snowball stemmer is designed to follow.  Stop words count as positions
 * (a phrase "transfer of knowledge" keeps its gap) but not in lengths.
 */
static const char *const english_stop[] = {
	"i", "me", "my", "myself", "we", "our", "ours", "ourselves", "you",
	"your", "yours", "yourself", "yourselves", "he", "him", "his",
	"himself", "she", "her", "hers", "herself", "it", "its", "itself",
	"they", "them", "their", "theirs", "themselves", "what", "which",
	"who", "whom", "this", "that", "these", "those", "am", "is", "are",
	"was", "were", "be", "been", "being", "have", "has", "had", "having",
	"do", "does", "did", "doing", "would", "should", "could", "ought",
	"i'm", "you're", "he's", "she's", "it's", "we're", "they're", "i've",
	"you've", "we've", "they've", "i'd", "you'd", "he'd", "she'd", "we'd",
	"they'd", "i'll", "you'll", "he'll", "she'll", "we'll", "they'll",
	"isn't", "aren't", "wasn't", "weren't", "hasn't", "haven't", "hadn't",
	"doesn't", "don't", "didn't", "won't", "wouldn't", "shan't",
	"shouldn't", "can't", "cannot", "couldn't", "mustn't", "let's",
	"that's", "who's", "what's", "here's", "there's", "when's", "where's",
	"why's", "how's", "a", "an", "the", "and", "but", "if", "or",
	"because", "as", "until", "while", "of", "at", "by", "for", "with",
	"about", "against", "between", "into", "through", "during", "before",
	"after", "above", "below", "to", "from", "up", "down", "in", "out",
	"on", "off", "over", "under", "again", "further", "then", "once",
	"here", "there", "when", "where", "why", "how", "all", "any", "both",
	"each", "few", "more", "most", "other", "some", "such", "no", "nor",
	"not", "only", "own", "same", "so", "than", "too", "very", NULL
};

/* --- options and the query ------------------------------------------------ */

struct field {
	char		*name;
	double		 weight;
	double		 avgdl;
};

/* A stem the query mentions, as a term, in a phrase, or excluded. */
struct term {
	char		*stem;
	size_t		 len;
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

/* --- records ------------------------------------------------------------- */

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
#define MAXOPEN	64	/* named files open at once while writing */

struct rec {
	off_t		 off;		/* of the line, in its source's fd */
	uint32_t	 len;
	uint16_t	 src;
	uint16_t	 npost;
	uint32_t	 post;		/* postings, after nfields lengths */
	int32_t		 day;		/* days since 1970 of "date", or NODAY */
};
#define NODAY	INT32_MIN

struct posting {
	uint16_t	 unit;
	uint16_t	 field;
	uint32_t	 tf;
};

/* A sort key's value: class first (missing last), then number or bytes. */
enum { K_NUMBER, K_DATE, K_STRING, K_OTHER, K_MISSING };
struct keyval {
	double		 num;
	uint32_t	 off, len;
	int		 cls;
};

/* Everything one run knows; one static instance. */
static struct {
	/* options */
	long		 limit;		/* -n, or -1 for all */
	int		 reverse;
	double		 k1, b;
	struct field	 fields[MAXFIELDS];
	int		 nfields;
	const char	*lang;
	int		 stem;
	double		 halflife;	/* days, 0 without --recency */
	char		**bykeys;
	int		 nbykeys;
	int		 by;		/* --by or --merge: order by keys */
	int		 stats_only;
	const char	*with_stats;

	/* the query */
	struct sb_stemmer *stemmer;
	struct term	*terms;
	int		 nterms;
	struct phrase	*phrases;
	int		 nphrases;
	struct unit	*units;
	int		 nunits;
	struct compref	*comprefs;	/* by term: comprefs[cstart[t]..] */
	int		*cstart;
	unsigned char	 filter[65536 / 8];	/* first two bytes of a stem */
	int		 filter_all;
	unsigned char	 pair[MAXPAIRS][2];	/* the same, for the block scan */
	int		 npairs;

	/* the collection */
	uint64_t	 n;
	uint64_t	 total[MAXFIELDS];
	int32_t		 newest;

	/* per record being read */
	uint32_t	 dl[MAXFIELDS];
	long		 pos;
	int		 field;
	const char	*line_end;

	/* records */
	struct source	*sources;
	size_t		 nsources;
	struct rec	*recs;
	size_t		 nrecs, recscap;
	struct posting	*posts;
	size_t		 nposts, postscap;
	double		*scores;
	struct keyval	*keys;
	struct pp_buf	 strings;	/* --by string values */
	FILE		*spool;
	off_t		 spooloff;
	int		 spoolsrc;

	/* progress */
	int		 progress;
	struct timespec	 start, shown;
	uint64_t	 bytes;
} R = { .limit = -1, .k1 = 1.2, .b = 0.75, .lang = "english", .stem = 1,
    .newest = NODAY, .spoolsrc = -1 };

/* --- byte classes -------------------------------------------------------- */

enum { C_SEP, C_WORD, C_HIGH, C_APOS };
static unsigned char cls[256], lower[256];

static void
init_tables(void)
{
	int c;

	for (c = 0; c < 256; c++) {
		lower[c] = c >= 'A' && c <= 'Z' ? c + 32 : c;
		cls[c] = c >= 0x80 ? C_HIGH : C_SEP;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9'))
			cls[c] = C_WORD;
	}
	cls['\''] = C_APOS;
}

/* --- small hash tables: stop words and the stem cache --------------------- */

static uint32_t
hash(const unsigned char *s, size_t n)
{
	uint32_t h = 2166136261u;

	while (n-- > 0)
		h = (h ^ *s++) * 16777619u;
	return h;
}

/*
 * Stop words, looked up as two 64-bit words (they are at most 16 bytes):
 * a word is loaded, masked to its length and lowered by or-ing 0x20, which
 * lowers ASCII letters and keeps digits and apostrophes.
 */
#define STOPSIZE 1024
static struct {
	uint64_t	 a, b;
	size_t		 len;
} stops[STOPSIZE];
static uint64_t masks[9];
static int have_stops;

static inline uint32_t
stop_slot(uint64_t a, uint64_t b, size_t n)
{
	return (uint32_t)(((a ^ (b * 0xff51afd7ed558ccdULL) ^ n) *
	    0x9e3779b97f4a7c15ULL) >> (64 - 10));
}

static inline int
stop_ab(uint64_t a, uint64_t b, size_t n)
{
	uint32_t i;

	for (i = stop_slot(a, b, n); stops[i].len != 0; i = (i + 1) & (STOPSIZE - 1))
		if (stops[i].a == a && stops[i].b == b && stops[i].len == n)
			return 1;
	return 0;
}

/* Loads word w[0..n), n <= 16, with at least 16 bytes readable at w. */
static inline void
load16(const unsigned char *w, size_t n, uint64_t *a, uint64_t *b)
{
	memcpy(a, w, 8);
	memcpy(b, w + 8, 8);
	*a = (*a | 0x2020202020202020ULL) & masks[n < 8 ? n : 8];
	*b = (*b | 0x2020202020202020ULL) & masks[n > 8 ? n - 8 : 0];
}

static int
is_stop(const unsigned char *w, size_t n)
{
	unsigned char pad[16] = { 0 };
	uint64_t a, b;

	if (n > 16 || !have_stops)
		return 0;
	memcpy(pad, w, n);
	load16(pad, n, &a, &b);
	return stop_ab(a, b, n);
}

/* --lang names English: Snowball's names and aliases ("en", "eng"). */
static int
english(void)
{
	static const char *const names[] = { "english", "en", "eng", "porter",
	    NULL };
	const char *const *n;

	for (n = names; *n != NULL; n++)
		if (strcmp(R.lang, *n) == 0)
			return 1;
	return 0;
}

static void
init_stops(void)
{
	const char *const *w;
	unsigned char m[8];
	uint64_t a, b;
	uint32_t i;
	size_t len, k;

	for (k = 0; k <= 8; k++) {
		memset(m, 0, sizeof(m));
		memset(m, 0xff, k);
		memcpy(&masks[k], m, 8);
	}
	if (!english())
		return;		/* no list for other languages */
	have_stops = 1;
	for (w = english_stop; *w != NULL; w++) {
		unsigned char pad[16] = { 0 };

		len = strlen(*w);
		memcpy(pad, *w, len);
		load16(pad, len, &a, &b);
		for (i = stop_slot(a, b, len); stops[i].len != 0;)
			i = (i + 1) & (STOPSIZE - 1);
		stops[i].a = a;
		stops[i].b = b;
		stops[i].len = len;
	}
}

/*
 * Words already stemmed, and which term they are (or -1).  Bounded: when
 * it fills up it starts again empty.
 */
#define CACHESIZE (1 << 16)
static struct centry {
	uint32_t	 hash;
	uint32_t	 off;
	uint16_t	 len;
	int16_t		 term;
} cache[CACHESIZE];
static size_t ncached;
static struct pp_buf cachewords;

static const unsigned char *
stem(const unsigned char *w, size_t n, size_t *len)
{
	const sb_symbol *s;

	if (R.stemmer == NULL) {
		*len = n;
		return w;
	}
	s = sb_stemmer_stem(R.stemmer, w, (int)n);
	if (s == NULL)
		pp_fatal("out of memory");
	*len = (size_t)sb_stemmer_length(R.stemmer);
	return s;
}

static int
find_term(const unsigned char *s, size_t n)
{
	int t;

	for (t = 0; t < R.nterms; t++)
		if (R.terms[t].len == n && memcmp(R.terms[t].stem, s, n) == 0)
			return t;
	return -1;
}

static int
lookup(const unsigned char *w, size_t n)
{
	const unsigned char *s;
	uint32_t h = hash(w, n), i;
	size_t sl;
	int t;

	for (i = h & (CACHESIZE - 1); cache[i].len != 0; i = (i + 1) & (CACHESIZE - 1))
		if (cache[i].hash == h && cache[i].len == n &&
		    memcmp(cachewords.s + cache[i].off, w, n) == 0)
			return cache[i].term;
	s = stem(w, n, &sl);
	t = find_term(s, sl);
	if (ncached >= CACHESIZE / 2) {
		memset(cache, 0, sizeof(cache));
		ncached = 0;
		pp_buf_reset(&cachewords);
		for (i = h & (CACHESIZE - 1); cache[i].len != 0;)
			i = (i + 1) & (CACHESIZE - 1);
	}
	cache[i].hash = h;
	cache[i].off = (uint32_t)cachewords.len;
	cache[i].len = (uint16_t)n;
	cache[i].term = (int16_t)t;
	pp_buf_add(&cachewords, w, n);
	ncached++;
	return t;
}

/*
 * Marks the first two bytes of every word that can stem to s.  Snowball's
 * English stemmer keeps a word's first two bytes, except that "dying",
 * "lying" and "tying" become "die", "lie", "tie" and that stems of one
 * letter come from longer words ("aed" -> "a"); checked against 140,000
 * words.  For other stemmers every word is looked up.
 */
static void
add_pair(unsigned c0, unsigned c1)
{
	unsigned k;
	int i;

	if (c1 == 256)		/* any second byte, or none */
		for (k = 0; k < 256; k++)
			R.filter[(c0 << 8 | k) >> 3] |= 1 << (k & 7);
	else
		R.filter[(c0 << 8 | c1) >> 3] |= 1 << (c1 & 7);
	for (i = 0; i < R.npairs; i++)
		if (R.pair[i][0] == c0 && (R.pair[i][1] == c1 ||
		    (c1 == 256 && R.pair[i][1] == 0)))
			return;
	if (c0 >= 0x80 || (c1 != 256 && c1 >= 0x80))
		return;		/* cannot begin a word of an ASCII text */
	if (R.npairs == MAXPAIRS) {
		R.filter_all = 1;	/* the block scan tests every word */
		return;
	}
	R.pair[R.npairs][0] = (unsigned char)c0;
	R.pair[R.npairs][1] = c1 == 256 ? 0 : (unsigned char)c1;
	R.npairs++;
}

static void
filter_add(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;

	if (R.stemmer != NULL && !english()) {
		R.filter_all = 1;
		memset(R.filter, 0xff, sizeof(R.filter));
		return;
	}
	if (n < 2)
		add_pair(u[0], 256);
	else {
		add_pair(u[0], u[1]);
		if (u[1] == 'i' && R.stemmer != NULL)
			add_pair(u[0], 'y');
	}
}

static inline int
filter_has(const unsigned char *w, size_t n)
{
	unsigned k = (unsigned)w[0] << 8 | (n > 1 ? w[1] : 0);

	return R.filter[k >> 3] >> (k & 7) & 1;
}

/* --- tokenizing ------------------------------------------------------------ */

typedef void (*token_fn)(const unsigned char *w, size_t n, void *ctx);

static int
is_word_cp(int32_t cp)
{
	utf8proc_category_t c;

	if (cp < 0x80)
		return cp < 0 ? 0 : cls[cp] == C_WORD;
	c = utf8proc_category(cp);
	return c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_NO;
}

/*
 * A chunk with non-ASCII bytes: NFKC, case folded, marks stripped, then cut
 * into words of letters, marks and digits (an apostrophe, ' or U+2019,
 * inside a word belongs to it).
 */
static void
slow_chunk(const char *s, size_t len, token_fn fn, void *ctx)
{
	static struct pp_buf folded;
	unsigned char w[MAXTOKEN];
	size_t i, n, k = 0;
	int32_t cp, next;

	pp_buf_reset(&folded);
	pp_text_fold(&folded, s, len, PP_FOLD_CASE | PP_FOLD_MARKS | PP_FOLD_COMPAT);
	for (i = 0; i < folded.len; i += n) {
		n = pp_utf8_decode(folded.s + i, folded.len - i, &cp);
		if (is_word_cp(cp)) {
			if (k + n <= MAXTOKEN) {
				memcpy(w + k, folded.s + i, n);
				k += n;
			}
			continue;
		}
		if ((cp == '\'' || cp == 0x2019) && k > 0 && i + n < folded.len) {
			pp_utf8_decode(folded.s + i + n, folded.len - i - n, &next);
			if (is_word_cp(next)) {
				if (k < MAXTOKEN)
					w[k++] = '\'';
				continue;
			}
		}
		if (k > 0)
			fn(w, k, ctx);
		k = 0;
	}
	if (k > 0)
		fn(w, k, ctx);
}

/* Cuts s into folded words and hands each to fn. */
static void
tokenize(const char *str, size_t len, token_fn fn, void *ctx)
{
	const unsigned char *s = (const unsigned char *)str;
	unsigned char w[MAXTOKEN];
	size_t i = 0, start, k;

	while (i < len) {
		while (i < len && (cls[s[i]] == C_SEP || cls[s[i]] == C_APOS))
			i++;
		if (i == len)
			break;
		start = i;
		k = 0;
		for (;;) {
			while (i < len && cls[s[i]] == C_WORD) {
				if (k < MAXTOKEN)
					w[k++] = lower[s[i]];
				i++;
			}
			if (i + 1 < len && s[i] == '\'' && i > start &&
			    cls[s[i + 1]] == C_WORD) {
				if (k < MAXTOKEN)
					w[k++] = '\'';
				i++;
				continue;
			}
			break;
		}
		if (i < len && cls[s[i]] == C_HIGH) {
			while (i < len && cls[s[i]] != C_SEP)
				i++;
			slow_chunk(str + start, i - start, fn, ctx);
			continue;
		}
		fn(w, k, ctx);
	}
}

/* --- scanning records ----------------------------------------------------- */

/* A word of the record matched term ti at position p: count it. */
static void
term_hit(int ti, long p)
{
	struct term *t = &R.terms[ti];
	struct phrase *ph;
	const struct compref *c, *end;
	long want, k;
	int f = R.field;

	t->tf[f]++;
	t->seen = 1;
	/* phrase components, last first so one word does not chain itself */
	end = R.comprefs + R.cstart[ti];
	for (c = R.comprefs + R.cstart[ti + 1]; c-- > end;) {
		ph = &R.phrases[c->phrase];
		if (c->comp > 0) {
			want = p - (ph->at[c->comp] - ph->at[c->comp - 1]);
			k = ph->last[c->comp - 1] - want;
			if (k < 0 || k >= 64 || !(ph->hist[c->comp - 1] >> k & 1))
				continue;
		}
		if (c->comp == ph->n - 1) {
			ph->tf[f]++;
			continue;
		}
		k = p - ph->last[c->comp];
		ph->hist[c->comp] = k >= 64 ? 0 : ph->hist[c->comp] << k;
		ph->hist[c->comp] |= 1;
		ph->last[c->comp] = p;
	}
}

/* A folded word of a record (the slow path's); w has MAXTOKEN bytes. */
static void
doc_token(const unsigned char *w, size_t n, void *ctx)
{
	uint64_t a, b;
	long p = R.pos++;
	int ti;

	(void)ctx;
	R.dl[R.field]++;
	if (n <= 16 && have_stops) {
		load16(w, n, &a, &b);
		if (stop_ab(a, b, n))
			return;
	}
	if (filter_has(w, n) && (ti = lookup(w, n)) >= 0)
		term_hit(ti, p);
}

/*
 * ASCII text, 16 bytes at a time.  For a block at p three masks, bit i for
 * p[i]: word starts (a word byte after a non-word byte), joins (an
 * apostrophe between word bytes, which makes "don't" one word) and
 * candidates (starts whose first two bytes, lowered, begin a query stem).
 * Words are counted by popcount; only candidates are looked at closely.
 * p[-1] and p[16] must be readable.
 */
struct masks {
	unsigned	 starts, joins, cand;
};

#ifdef __SSE2__
static inline __m128i
word16(__m128i v)
{
	__m128i l = _mm_or_si128(v, _mm_set1_epi8(0x20));
	__m128i a = _mm_add_epi8(l, _mm_set1_epi8((char)(0x80 - 'a')));
	__m128i d = _mm_add_epi8(v, _mm_set1_epi8((char)(0x80 - '0')));

	return _mm_or_si128(
	    _mm_cmplt_epi8(a, _mm_set1_epi8((char)(0x80 + 26))),
	    _mm_cmplt_epi8(d, _mm_set1_epi8((char)(0x80 + 10))));
}

static inline void
block_masks(const unsigned char *p, struct masks *m)
{
	__m128i v = _mm_loadu_si128((const __m128i *)p);
	__m128i vp = _mm_loadu_si128((const __m128i *)(p - 1));
	__m128i vn = _mm_loadu_si128((const __m128i *)(p + 1));
	__m128i w = word16(v), wp = word16(vp), wn = word16(vn);
	__m128i low = _mm_or_si128(v, _mm_set1_epi8(0x20));
	__m128i lown = _mm_or_si128(vn, _mm_set1_epi8(0x20));
	__m128i c = _mm_setzero_si128(), t;
	int i;

	m->starts = (unsigned)_mm_movemask_epi8(_mm_andnot_si128(wp, w));
	m->joins = (unsigned)_mm_movemask_epi8(_mm_and_si128(
	    _mm_cmpeq_epi8(v, _mm_set1_epi8('\'')), _mm_and_si128(wp, wn)));
	if (R.filter_all) {
		m->cand = m->starts;
		return;
	}
	for (i = 0; i < R.npairs; i++) {
		t = _mm_cmpeq_epi8(low, _mm_set1_epi8((char)R.pair[i][0]));
		if (R.pair[i][1] != 0)
			t = _mm_and_si128(t, _mm_cmpeq_epi8(lown,
			    _mm_set1_epi8((char)R.pair[i][1])));
		c = _mm_or_si128(c, t);
	}
	m->cand = m->starts & (unsigned)_mm_movemask_epi8(c);
}
#else
static inline void
block_masks(const unsigned char *p, struct masks *m)
{
	int i, j, w, wp, wn, hit;

	m->starts = m->joins = m->cand = 0;
	for (i = 0; i < 16; i++) {
		w = cls[p[i]] == C_WORD;
		wp = cls[p[i - 1]] == C_WORD;
		wn = cls[p[i + 1]] == C_WORD;
		if (w && !wp)
			m->starts |= 1u << i;
		if (p[i] == '\'' && wp && wn)
			m->joins |= 1u << i;
		hit = R.filter_all;
		for (j = 0; j < R.npairs && !hit; j++)
			hit = (p[i] | 0x20) == R.pair[j][0] && (R.pair[j][1] == 0 ||
			    (p[i + 1] | 0x20) == R.pair[j][1]);
		if (hit && w && !wp)
			m->cand |= 1u << i;
	}
}
#endif

/* Bits set in a 16-bit mask (portable; no popcnt instruction needed). */
static inline long
popcount(unsigned x)
{
	x = x - ((x >> 1) & 0x5555);
	x = (x & 0x3333) + ((x >> 2) & 0x3333);
	x = (x + (x >> 4)) & 0x0f0f;
	return (long)((x + (x >> 8)) & 0x1f);
}

/* The candidates of one block; *pos counts words before the block. */
static void
block_words(const unsigned char *p, const struct masks *m, long *pos,
    const unsigned char *lim)
{
	const unsigned char *q, *t;
	unsigned char w[MAXTOKEN + 16];
	unsigned cand = m->cand, below;
	uint64_t a, b;
	size_t n, i;
	int j, ti;

	while (cand != 0) {
		j = __builtin_ctz(cand);
		cand &= cand - 1;
		q = p + j;
		if (q[-1] == '\'' && cls[q[-2]] == C_WORD)
			continue;	/* the "t" of "don't" */
		for (t = q;;) {
			while (cls[*t] == C_WORD)
				t++;
			if (*t == '\'' && cls[t[1]] == C_WORD) {
				t++;
				continue;
			}
			break;
		}
		n = (size_t)(t - q);
		if (n <= 16 && have_stops) {
			if (q <= lim)
				load16(q, n, &a, &b);
			else {
				memcpy(w, q, n);
				load16(w, n, &a, &b);
			}
			if (stop_ab(a, b, n))
				continue;
		}
		if (n > MAXTOKEN)
			n = MAXTOKEN;
		for (i = 0; i < n; i++)
			w[i] = q[i] | 0x20;
		if (!filter_has(w, n) || (ti = lookup(w, n)) < 0)
			continue;
		below = (1u << j) - 1;
		term_hit(ti, *pos + popcount(m->starts & below) -
		    popcount(m->joins & below));
	}
}

/*
 * ASCII text s[0..len): s[-2..-1] and s[len] readable, s[len] a separator;
 * safe is how far bytes can be read.
 */
static void
scan_ascii(const char *str, size_t len, const char *safe)
{
	const unsigned char *p = (const unsigned char *)str, *e = p + len;
	const unsigned char *lim = (const unsigned char *)safe - 16;
	unsigned char tail[2 + 16 + 32];
	struct masks m;
	long pos = R.pos;
	size_t rest;

	for (; p + 16 <= e; p += 16) {
		block_masks(p, &m);
		if (m.cand != 0)
			block_words(p, &m, &pos, lim);
		pos += popcount(m.starts);
		if (m.joins != 0)
			pos -= popcount(m.joins);
	}
	if ((rest = (size_t)(e - p)) > 0) {
		/* the last bytes, padded with spaces, as one more block */
		memset(tail, ' ', sizeof(tail));
		memcpy(tail, p - 2, 2 + rest);
		block_masks(tail + 2, &m);
		if (m.cand != 0)
			block_words(tail + 2, &m, &pos, tail + 2 + rest - 16);
		pos += popcount(m.starts) - popcount(m.joins);
	}
	R.dl[R.field] += (uint32_t)(pos - R.pos);
	R.pos = pos;
}

/* The first byte >= 0x80 in [p, e), or e. */
static const unsigned char *
next_high(const unsigned char *p, const unsigned char *e)
{
#ifdef __SSE2__
	int bits;

	for (; p + 16 <= e; p += 16)
		if ((bits = _mm_movemask_epi8(_mm_loadu_si128(
		    (const __m128i *)p))) != 0)
			return p + __builtin_ctz((unsigned)bits);
#endif
	for (; p < e; p++)
		if (*p >= 0x80)
			return p;
	return e;
}

/*
 * Text of a record's field: ASCII stretches by blocks, and each chunk with
 * non-ASCII bytes (the run of non-separators around them) by slow_chunk().
 * Stretches end at separators, so no word spans two.  s[len] must be a
 * separator, s[-2..-1] readable, and bytes readable up to safe.
 */
static void
scan_any(const char *str, size_t len, const char *safe)
{
	const unsigned char *s = (const unsigned char *)str, *e = s + len;
	const unsigned char *h, *a, *z;

	while (s < e) {
		h = next_high(s, e);
		if (h == e) {
			scan_ascii((const char *)s, (size_t)(e - s), safe);
			return;
		}
		for (a = h; a > s && cls[a[-1]] != C_SEP;)
			a--;
		for (z = h; cls[*z] != C_SEP;)
			z++;
		if (a > s)
			scan_ascii((const char *)s, (size_t)(a - s), safe);
		slow_chunk((const char *)a, (size_t)(z - a), doc_token, NULL);
		s = z;
	}
}

static void
scan_string(const struct pp_span *v)
{
	static struct pp_buf text;

	if (memchr(v->p, '\\', v->len) == NULL) {
		scan_any(v->p + 1, v->len - 2, R.line_end);
		return;
	}
	/* two bytes before the text, as the raw string has */
	pp_buf_reset(&text);
	pp_buf_add(&text, "  ", 2);
	pp_json_unquote(&text, v->p, v->len);
	scan_any(text.s + 2, text.len - 2, text.s + text.len);
}

static void
scan_field(const struct pp_member *m)
{
	struct pp_span elem;
	enum pp_jtype type;
	size_t at = 0;
	int i, j;

	for (i = 0; i < R.nphrases; i++)
		for (j = 0; j < R.phrases[i].n; j++) {
			R.phrases[i].last[j] = LONG_MIN / 2;
			R.phrases[i].hist[j] = 0;
		}
	R.pos = 0;
	if (m->type == PP_JSTRING)
		scan_string(&m->value);
	else if (m->type == PP_JARRAY)
		while (pp_json_array_next(&m->value, &at, &elem, &type))
			if (type == PP_JSTRING) {
				scan_string(&elem);
				R.pos += ELEMENT_GAP;
			}
}

/* The civil date of a day since 1970-01-01: pp_date_days's inverse. */
static void
civil_from_days(int32_t days, long *year, long *month, long *day)
{
	long z = (long)days + 719468, era, doe, yoe, doy, mp;

	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*day = doy - (153 * mp + 2) / 5 + 1;
	*month = mp + (mp < 10 ? 3 : -9);
	*year = yoe + era * 400 + (*month <= 2);
}

/*
 * A date at the start of a string value as YYYYMMDD (missing parts 0), or
 * -1 if the value is no date.
 */
static long
date_value(const char *s, size_t len)
{
	struct pp_date d;

	if (!pp_date_read(s, len, &d))
		return -1;
	return (long)d.year * 10000 + d.month * 100 + d.day;
}

static int32_t
record_day(const struct pp_record *rec)
{
	const struct pp_member *m = pp_record_get(rec, "date");
	struct pp_date d;

	/* "2024" and "2024-05" count from their first day */
	if (m == NULL || m->type != PP_JSTRING ||
	    !pp_date_read(m->value.p + 1, m->value.len - 2, &d))
		return NODAY;
	return pp_date_days(&d);
}

static void
add_posting(unsigned unit, unsigned field, uint32_t tf)
{
	if (R.nposts == R.postscap) {
		R.postscap = R.postscap ? R.postscap * 2 : 4096;
		R.posts = xreallocarray(R.posts, R.postscap, sizeof(*R.posts));
	}
	R.posts[R.nposts].unit = (uint16_t)unit;
	R.posts[R.nposts].field = (uint16_t)field;
	R.posts[R.nposts].tf = tf;
	R.nposts++;
}

/*
 * Reads one record's fields; returns 1 if it is kept, 0 if the query
 * excludes it.  Postings go to R.posts (lengths first) when any unit
 * matched; *npost says how many.
 */
static int
score_record(const struct pp_record *rec, uint32_t *post, uint16_t *npost)
{
	const struct pp_member *m;
	struct term *t;
	struct phrase *ph;
	int f, i, any = 0;
	size_t first;

	R.line_end = rec->line + rec->len;
	for (f = 0; f < R.nfields; f++) {
		R.dl[f] = 0;
		R.field = f;
		if ((m = pp_record_get(rec, R.fields[f].name)) != NULL)
			scan_field(m);
		R.total[f] += R.dl[f];
	}
	R.n++;
	for (i = 0; i < R.nterms; i++) {
		t = &R.terms[i];
		if (!t->seen)
			continue;
		t->df++;
		if (t->excluded)
			any = -1;
		else if (t->unit >= 0 && any == 0)
			any = 1;
	}
	for (i = 0; i < R.nphrases && any >= 0; i++) {
		ph = &R.phrases[i];
		for (f = 0; f < R.nfields; f++)
			if (ph->tf[f] > 0)
				any = ph->excluded ? -1 : 1;
	}
	*npost = 0;
	first = R.nposts;
	if (any == 1 && post != NULL) {
		for (f = 0; f < R.nfields; f++)
			add_posting(UINT16_MAX, (unsigned)f, R.dl[f]);
		for (i = 0; i < R.nunits; i++)
			for (f = 0; f < R.nfields; f++) {
				uint32_t tf = R.units[i].phrase >= 0 ?
				    R.phrases[R.units[i].phrase].tf[f] :
				    R.terms[R.units[i].term].tf[f];
				if (tf > 0)
					add_posting((unsigned)i, (unsigned)f, tf);
			}
		*post = (uint32_t)first;
		*npost = (uint16_t)(R.nposts - first - (size_t)R.nfields);
	}
	for (i = 0; i < R.nterms; i++)
		if (R.terms[i].seen) {
			memset(R.terms[i].tf, 0, sizeof(R.terms[i].tf));
			R.terms[i].seen = 0;
		}
	for (i = 0; i < R.nphrases; i++)
		memset(R.phrases[i].tf, 0, sizeof(R.phrases[i].tf));
	return any >= 0;
}

/* --- keys for --by and --merge ---------------------------------------------- */

static void
read_keys(const struct pp_record *rec, struct keyval *kv)
{
	const struct pp_member *m;
	const char *p;
	long d;
	int i;

	for (i = 0; i < R.nbykeys; i++, kv++) {
		memset(kv, 0, sizeof(*kv));
		m = pp_record_get(rec, R.bykeys[i]);
		if (m == NULL || m->type == PP_JNULL) {
			kv->cls = K_MISSING;
			continue;
		}
		p = m->value.p;
		if (m->type == PP_JNUMBER) {
			kv->cls = K_NUMBER;
			kv->num = strtod(p, NULL);
			continue;
		}
		if (m->type == PP_JSTRING &&
		    (d = date_value(p + 1, m->value.len - 2)) >= 0) {
			kv->cls = K_DATE;
			kv->num = (double)d;
			continue;
		}
		kv->off = (uint32_t)R.strings.len;
		if (m->type == PP_JSTRING) {
			kv->cls = K_STRING;
			pp_json_unquote(&R.strings, p, m->value.len);
		} else {
			kv->cls = K_OTHER;
			pp_buf_add(&R.strings, p, m->value.len);
		}
		kv->len = (uint32_t)(R.strings.len - kv->off);
	}
}

/* --- the pass ------------------------------------------------------------- */

/*
 * Shows bytes read and the rate on standard error, a terminal, once the
 * pass has taken a second; with done, takes the line away (at the end,
 * and before a diagnostic, which would otherwise run on from it).
 */
static void
show_progress(int done)
{
	struct timespec now;
	double t, since;

	if (!R.progress)
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	t = (double)(now.tv_sec - R.start.tv_sec) +
	    (double)(now.tv_nsec - R.start.tv_nsec) / 1e9;
	since = (double)(now.tv_sec - R.shown.tv_sec) +
	    (double)(now.tv_nsec - R.shown.tv_nsec) / 1e9;
	if (done) {
		if (R.shown.tv_sec != 0)
			fprintf(stderr, "\r\033[K");
		R.shown.tv_sec = 0;
		return;
	}
	if (t < 1.0 || since < 0.5)
		return;
	R.shown = now;
	fprintf(stderr, "\r%s: %.0f MB read, %.0f MB/s\033[K", pp_progname,
	    (double)R.bytes / 1e6, (double)R.bytes / 1e6 / t);
}

/* Adds a place to read lines again from, as the last source. */
static struct source *
add_source(const char *name, int fd, off_t base)
{
	struct source *s;

	R.sources = xreallocarray(R.sources, R.nsources + 1, sizeof(*R.sources));
	s = &R.sources[R.nsources++];
	memset(s, 0, sizeof(*s));
	s->name = name;
	s->fd = fd;
	s->base = base;
	return s;
}

/*
 * The spool: an unlinked file in TMPDIR (tmpfile() would ignore it, and
 * /tmp is often a small tmpfs while a spooled corpus can be large).
 */
static FILE *
spool_open(void)
{
	const char *dir = getenv("TMPDIR");
	struct pp_buf path = { 0 };
	FILE *fp = NULL;
	int fd;

	if (dir == NULL || *dir == '\0')
		dir = "/tmp";
	pp_buf_printf(&path, "%s/pp-rank.XXXXXX", dir);
	if ((fd = mkstemp(path.s)) == -1 || unlink(path.s) == -1 ||
	    (fp = fdopen(fd, "w+")) == NULL)
		pp_fatal("temporary file in %s: %s", dir, strerror(errno));
	pp_buf_free(&path);
	return fp;
}

static void
spool_line(const struct pp_input *in, struct rec *r)
{
	if (R.spool == NULL) {
		R.spool = spool_open();
		R.spoolsrc = (int)R.nsources;
		add_source("(spool)", fileno(R.spool), 0)->spooled = 1;
	}
	if (fwrite(in->line, 1, in->len, R.spool) != in->len ||
	    putc('\n', R.spool) == EOF)
		pp_fatal("temporary file: %s", strerror(errno));
	r->off = R.spooloff;
	r->src = (uint16_t)R.spoolsrc;
	R.spooloff += (off_t)in->len + 1;
}

static void
one_record(struct pp_input *in, struct pp_record *rec, int src)
{
	struct rec r;

	memset(&r, 0, sizeof(r));
	r.day = NODAY;
	if (!R.by) {
		if (!score_record(rec, R.stats_only ? NULL : &r.post, &r.npost))
			return;
		if (R.halflife > 0 || R.stats_only) {
			r.day = record_day(rec);
			if (r.day != NODAY && (R.newest == NODAY || r.day > R.newest))
				R.newest = r.day;
		}
		if (R.stats_only)
			return;
	}
	if (in->len > UINT32_MAX)
		pp_fatal("%s:%lu: line too long", in->name, in->lineno);
	if (R.nrecs == R.recscap) {
		R.recscap = R.recscap ? R.recscap * 2 : 4096;
		R.recs = xreallocarray(R.recs, R.recscap, sizeof(*R.recs));
		if (R.by)
			R.keys = xreallocarray(R.keys, R.recscap,
			    (size_t)R.nbykeys * sizeof(*R.keys));
	}
	if (R.by)
		read_keys(rec, R.keys + R.nrecs * (size_t)R.nbykeys);
	r.len = (uint32_t)in->len;
	if (src >= 0) {
		r.off = in->offset;
		r.src = (uint16_t)src;
	} else
		spool_line(in, &r);
	R.recs[R.nrecs++] = r;
}

/*
 * Opens one input and says where its lines can be read again: regular
 * files by offset (the source's index), anything else through the spool
 * (-1).  Returns -2 if it cannot be opened.
 */
static int
open_source(struct pp_input *in, const char *name)
{
	struct stat st;
	struct source *s;
	off_t base;
	int fd;

	if (pp_input_open(in, name) == -1)
		return -2;
	if (R.stats_only || fstat(in->fd, &st) == -1 || !S_ISREG(st.st_mode))
		return -1;
	if (R.nsources >= UINT16_MAX - 1)
		return -1;	/* a rec's src counts no more: spool the rest */
	if ((base = lseek(in->fd, 0, SEEK_CUR)) == -1)
		pp_fatal("%s: %s", name, strerror(errno));
	if (strcmp(name, "-") == 0) {
		if ((fd = dup(in->fd)) == -1)
			pp_fatal("%s: %s", name, strerror(errno));
		add_source(name, fd, base);
	} else {
		s = add_source(name, -1, base);
		s->named = 1;
		s->dev = st.st_dev;
		s->ino = st.st_ino;
	}
	return (int)R.nsources - 1;
}

static void
read_inputs(int argc, char **argv)
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
	clock_gettime(CLOCK_MONOTONIC, &R.start);
	R.progress = isatty(STDERR_FILENO);
	for (i = 0; i < argc; i++) {
		show_progress(1);	/* the file may not open */
		if ((src = open_source(&in, argv[i])) == -2)
			continue;
		while (pp_input_next(&in) == 1) {
			if ((++count & 1023) == 0) {
				R.bytes = before + (uint64_t)in.offset;
				show_progress(0);
			}
			if (pp_is_blank(in.line, in.len))
				continue;
			if (pp_record_parse(&rec, in.line, in.len, err,
			    sizeof(err)) != 0) {
				show_progress(1);
				if (strcmp(err, "not a JSON object") == 0)
					pp_error_at(&in, "%s", err);
				else
					pp_error_at(&in, "invalid JSON: %s", err);
				continue;
			}
			one_record(&in, &rec, src);
		}
		before += (uint64_t)in.offset + in.len;
		pp_input_close(&in);
	}
	show_progress(1);
	pp_record_free(&rec);
}

/* --- the query --------------------------------------------------------------- */

static int
add_term(const unsigned char *s, size_t n)
{
	int t;

	if ((t = find_term(s, n)) >= 0)
		return t;
	if (R.nterms >= INT16_MAX)
		pp_fatal("too many query terms");
	R.terms = xreallocarray(R.terms, (size_t)R.nterms + 1, sizeof(*R.terms));
	memset(&R.terms[R.nterms], 0, sizeof(R.terms[0]));
	R.terms[R.nterms].stem = xmemdup((const char *)s, n);
	R.terms[R.nterms].len = n;
	R.terms[R.nterms].unit = -1;
	filter_add((const char *)s, n);
	return R.nterms++;
}

static int
add_unit(int term, int phrase)
{
	int u;

	for (u = 0; u < R.nunits; u++)
		if (R.units[u].term == term && R.units[u].phrase == phrase) {
			R.units[u].qtf += 1;
			return u;
		}
	R.units = xreallocarray(R.units, (size_t)R.nunits + 1, sizeof(*R.units));
	R.units[R.nunits].term = term;
	R.units[R.nunits].phrase = phrase;
	R.units[R.nunits].qtf = 1;
	R.units[R.nunits].idf = 0;
	return R.nunits++;
}

/* The words of one query item, stemmed, with stop words as -1. */
struct qwords {
	int		 term[MAXPHRASE];
	int		 n;
	int		 overflow;
};

static void
query_token(const unsigned char *w, size_t n, void *ctx)
{
	struct qwords *q = ctx;
	const unsigned char *s;
	size_t sl;

	if (q->n == MAXPHRASE) {
		q->overflow = 1;
		return;
	}
	if (is_stop(w, n)) {
		q->term[q->n++] = -1;
		return;
	}
	s = stem(w, n, &sl);
	q->term[q->n++] = add_term(s, sl);
}

/*
 * One item of the query: words, each a term of its own ("pitot-static" is
 * two), or a phrase when quoted or excluded ("-pitot-static" leaves out
 * the phrase).
 */
static void
add_item(const char *s, size_t len, int quoted, int excluded)
{
	struct qwords q = { { 0 }, 0, 0 };
	struct phrase *ph;
	int i, first = -1, last = -1, t;

	tokenize(s, len, query_token, &q);
	if (q.overflow)
		pp_fatal("a phrase may have at most %d words", MAXPHRASE);
	for (i = 0; i < q.n; i++)
		if (q.term[i] >= 0) {
			if (first < 0)
				first = i;
			last = i;
		}
	if (first < 0)
		return;		/* stop words only */
	if (!quoted && !excluded) {
		/* "pitot-static" unquoted: two terms, as search engines do */
		for (i = first; i <= last; i++)
			if ((t = q.term[i]) >= 0) {
				R.terms[t].unit = add_unit(t, -1);
			}
		return;
	}
	if (first == last) {
		t = q.term[first];
		if (excluded)
			R.terms[t].excluded = 1;
		else
			R.terms[t].unit = add_unit(t, -1);
		return;
	}
	R.phrases = xreallocarray(R.phrases, (size_t)R.nphrases + 1,
	    sizeof(*R.phrases));
	ph = &R.phrases[R.nphrases];
	memset(ph, 0, sizeof(*ph));
	for (i = first; i <= last; i++)
		if (q.term[i] >= 0) {
			ph->term[ph->n] = q.term[i];
			ph->at[ph->n++] = i - first;
		}
	ph->excluded = excluded;
	ph->unit = excluded ? -1 : add_unit(-1, R.nphrases);
	R.nphrases++;
}

/*
 * Splits the query into items: words, "quoted phrases", and either with a
 * leading - to exclude records that contain them.
 */
static void
parse_query(const char *q)
{
	const char *p = q, *start;
	int excluded, i, j, t;
	size_t nrefs = 0;

	while (*p != '\0') {
		while (*p == ' ' || *p == '\t' || *p == '\n')
			p++;
		if (*p == '\0')
			break;
		excluded = 0;
		if (*p == '-' && p[1] != '\0' && p[1] != ' ' && p[1] != '\t') {
			excluded = 1;
			p++;
		}
		if (*p == '"') {
			start = ++p;
			while (*p != '\0' && *p != '"')
				p++;
			add_item(start, (size_t)(p - start), 1, excluded);
			if (*p == '"')
				p++;
			continue;
		}
		start = p;
		while (*p != '\0' && *p != ' ' && *p != '\t' && *p != '\n' &&
		    *p != '"')
			p++;
		add_item(start, (size_t)(p - start), 0, excluded);
	}
	/* phrase components by term, to follow phrases word by word */
	R.cstart = xcalloc((size_t)R.nterms + 1, sizeof(*R.cstart));
	for (i = 0; i < R.nphrases; i++)
		nrefs += (size_t)R.phrases[i].n;
	R.comprefs = xcalloc(nrefs + 1, sizeof(*R.comprefs));
	nrefs = 0;
	for (t = 0; t < R.nterms; t++) {
		R.cstart[t] = (int)nrefs;
		for (i = 0; i < R.nphrases; i++)
			for (j = 0; j < R.phrases[i].n; j++)
				if (R.phrases[i].term[j] == t) {
					R.comprefs[nrefs].phrase = i;
					R.comprefs[nrefs].comp = j;
					nrefs++;
				}
	}
	R.cstart[R.nterms] = (int)nrefs;
}

/* Whether the query leaves out records: an excluded term or phrase. */
static int
excludes(void)
{
	int i;

	for (i = 0; i < R.nterms; i++)
		if (R.terms[i].excluded)
			return 1;
	for (i = 0; i < R.nphrases; i++)
		if (R.phrases[i].excluded)
			return 1;
	return 0;
}

/* --- statistics shared between shards ------------------------------------- */

static void
add_stats_line(struct pp_buf *b)
{
	char num[32];
	long y, m, d;
	int i;

	pp_buf_adds(b, "{\"pp_rank_stats\":1,\"records\":");
	snprintf(num, sizeof(num), "%llu", (unsigned long long)R.n);
	pp_buf_adds(b, num);
	pp_buf_adds(b, ",\"fields\":[");
	for (i = 0; i < R.nfields; i++) {
		if (i > 0)
			pp_buf_addc(b, ',');
		pp_json_quote(b, R.fields[i].name, strlen(R.fields[i].name));
	}
	pp_buf_adds(b, "],\"lengths\":[");
	for (i = 0; i < R.nfields; i++)
		pp_buf_printf(b, "%s%llu", i > 0 ? "," : "",
		    (unsigned long long)R.total[i]);
	pp_buf_adds(b, "],\"terms\":[");
	for (i = 0; i < R.nterms; i++) {
		if (i > 0)
			pp_buf_addc(b, ',');
		pp_json_quote(b, R.terms[i].stem, R.terms[i].len);
	}
	pp_buf_adds(b, "],\"df\":[");
	for (i = 0; i < R.nterms; i++)
		pp_buf_printf(b, "%s%llu", i > 0 ? "," : "",
		    (unsigned long long)R.terms[i].df);
	pp_buf_adds(b, "]");
	if (R.newest != NODAY) {
		civil_from_days(R.newest, &y, &m, &d);
		pp_buf_printf(b, ",\"newest\":\"%04ld-%02ld-%02ld\"", y, m, d);
	}
	pp_buf_adds(b, "}\n");
}

/* Sets *elem to the n-th element of array m; 1 if there is one of type want. */
static int
array_at(const struct pp_member *m, size_t n, struct pp_span *elem,
    enum pp_jtype want)
{
	enum pp_jtype type;
	size_t pos = 0, i = 0;

	if (m == NULL || m->type != PP_JARRAY)
		return 0;
	while (pp_json_array_next(&m->value, &pos, elem, &type))
		if (i++ == n)
			return type == want;
	return 0;
}

static int
array_find(const struct pp_member *m, const char *s, size_t len)
{
	static struct pp_buf b;
	struct pp_span elem;
	enum pp_jtype type;
	size_t pos = 0;
	int i = 0;

	if (m == NULL || m->type != PP_JARRAY)
		return -1;
	while (pp_json_array_next(&m->value, &pos, &elem, &type)) {
		if (type == PP_JSTRING) {
			pp_buf_reset(&b);
			pp_json_unquote(&b, elem.p, elem.len);
			if (b.len == len && memcmp(b.s, s, len) == 0)
				return i;
		}
		i++;
	}
	return -1;
}

/* A count in a line of statistics: a JSON number that is a whole number. */
static int
read_count(const struct pp_span *num, uint64_t *v)
{
	char *end;
	unsigned long long x;

	if (num->p[0] < '0' || num->p[0] > '9')
		return -1;
	errno = 0;
	x = strtoull(num->p, &end, 10);
	if (errno != 0 || end != num->p + num->len)
		return -1;
	*v = x;
	return 0;
}

/*
 * Reads --with-stats FILE: one line of statistics per shard, summed.  The
 * statistics must cover this query's terms and fields.
 */
static void
read_stats(const char *name)
{
	struct pp_input in;
	struct pp_record rec = { 0 };
	struct pp_span elem;
	const struct pp_member *m;
	char err[128];
	uint64_t v;
	struct pp_date date;
	int f, t, i, lines = 0;

	R.n = 0;
	memset(R.total, 0, sizeof(R.total));
	for (t = 0; t < R.nterms; t++)
		R.terms[t].df = 0;
	R.newest = NODAY;
	if (pp_input_open(&in, name) == -1)
		exit(PP_ERROR);
	while (pp_input_next(&in) == 1) {
		if (pp_is_blank(in.line, in.len))
			continue;
		if (pp_record_parse(&rec, in.line, in.len, err, sizeof(err)) != 0)
			pp_fatal("%s:%lu: invalid JSON: %s", name, in.lineno, err);
		m = pp_record_get(&rec, "records");
		if (pp_record_get(&rec, "pp_rank_stats") == NULL || m == NULL ||
		    m->type != PP_JNUMBER || read_count(&m->value, &v) == -1)
			pp_fatal("%s:%lu: not a line of pp-rank --stats", name,
			    in.lineno);
		R.n += v;
		for (f = 0; f < R.nfields; f++) {
			i = array_find(pp_record_get(&rec, "fields"),
			    R.fields[f].name, strlen(R.fields[f].name));
			if (i < 0 || !array_at(pp_record_get(&rec, "lengths"),
			    (size_t)i, &elem, PP_JNUMBER))
				pp_fatal("%s:%lu: no statistics for field %s",
				    name, in.lineno, R.fields[f].name);
			if (read_count(&elem, &v) == -1)
				pp_fatal("%s:%lu: bad length for field %s",
				    name, in.lineno, R.fields[f].name);
			R.total[f] += v;
		}
		for (t = 0; t < R.nterms; t++) {
			i = array_find(pp_record_get(&rec, "terms"),
			    R.terms[t].stem, R.terms[t].len);
			if (i < 0 || !array_at(pp_record_get(&rec, "df"),
			    (size_t)i, &elem, PP_JNUMBER))
				pp_fatal("%s:%lu: no statistics for term %s "
				    "(made for another query?)", name,
				    in.lineno, R.terms[t].stem);
			if (read_count(&elem, &v) == -1)
				pp_fatal("%s:%lu: bad count for term %s",
				    name, in.lineno, R.terms[t].stem);
			R.terms[t].df += v;
		}
		m = pp_record_get(&rec, "newest");
		if (m != NULL && m->type == PP_JSTRING &&
		    pp_date_read(m->value.p + 1, m->value.len - 2, &date) &&
		    date.day != 0) {
			int32_t day = pp_date_days(&date);
			if (R.newest == NODAY || day > R.newest)
				R.newest = day;
		}
		lines++;
	}
	pp_input_close(&in);
	pp_record_free(&rec);
	if (lines == 0)
		pp_fatal("%s: no statistics", name);
}

/* Merged statistics, kept aside while the pass counts its own. */
struct saved {
	uint64_t	 n, total[MAXFIELDS], *df;
	int32_t		 newest;
};

static void
save_stats(struct saved *s)
{
	int t;

	s->n = R.n;
	memcpy(s->total, R.total, sizeof(s->total));
	s->df = xcalloc((size_t)R.nterms + 1, sizeof(*s->df));
	for (t = 0; t < R.nterms; t++)
		s->df[t] = R.terms[t].df;
	s->newest = R.newest;
	R.n = 0;
	memset(R.total, 0, sizeof(R.total));
	for (t = 0; t < R.nterms; t++)
		R.terms[t].df = 0;
	R.newest = NODAY;
}

static void
restore_stats(struct saved *s)
{
	int t;

	R.n = s->n;
	memcpy(R.total, s->total, sizeof(s->total));
	for (t = 0; t < R.nterms; t++)
		R.terms[t].df = s->df[t];
	R.newest = s->newest;
	free(s->df);
}

/* --- scoring, ordering, writing ------------------------------------------------ */

static void
compute_scores(void)
{
	char num[32];
	struct unit *u;
	const struct rec *r;
	const struct posting *p, *dl;
	double s, w, x, n = (double)R.n, *tfs;
	uint64_t df;
	size_t i, j;
	int f, k;

	for (f = 0; f < R.nfields; f++)
		R.fields[f].avgdl = R.n > 0 ? (double)R.total[f] / n : 0;
	for (k = 0; k < R.nunits; k++) {
		u = &R.units[k];
		u->idf = 0;
		if (u->phrase < 0) {
			df = R.terms[u->term].df;
			u->idf = log(1 + (n - (double)df + 0.5) / ((double)df + 0.5));
			continue;
		}
		/* a phrase weighs as its words do together, as in Lucene */
		for (j = 0; j < (size_t)R.phrases[u->phrase].n; j++) {
			df = R.terms[R.phrases[u->phrase].term[j]].df;
			u->idf += log(1 + (n - (double)df + 0.5) / ((double)df + 0.5));
		}
	}
	/* pseudo-frequencies summed over fields, then saturated (BM25F) */
	tfs = xcalloc((size_t)R.nunits + 1, sizeof(double));
	R.scores = xcalloc(R.nrecs + 1, sizeof(double));
	for (i = 0; i < R.nrecs; i++) {
		r = &R.recs[i];
		if (r->npost == 0)
			continue;
		dl = R.posts + r->post;
		p = dl + R.nfields;
		for (j = 0; j < r->npost; j++, p++) {
			f = p->field;
			w = R.fields[f].avgdl > 0 ? (double)dl[f].tf /
			    R.fields[f].avgdl : 0;
			tfs[p->unit] += R.fields[f].weight * (double)p->tf /
			    (1 - R.b + R.b * w);
		}
		s = 0;
		p = dl + R.nfields;
		for (j = 0; j < r->npost; j++, p++) {
			if ((x = tfs[p->unit]) == 0)
				continue;
			u = &R.units[p->unit];
			s += u->qtf * u->idf * x / (R.k1 + x);
			tfs[p->unit] = 0;
		}
		if (R.halflife > 0)
			s *= r->day == NODAY || R.newest == NODAY ? 0 :
			    exp2(-(double)(R.newest > r->day ?
			    R.newest - r->day : 0) / R.halflife);
		/*
		 * Order by the score as written, so that --merge, which
		 * only sees what was written, orders exactly as we do.
		 */
		snprintf(num, sizeof(num), "%.6g", s);
		R.scores[i] = strtod(num, NULL);
	}
	free(tfs);
}

static int
cmp_keys(const struct keyval *a, const struct keyval *b)
{
	int i, c;
	size_t n;

	for (i = 0; i < R.nbykeys; i++, a++, b++) {
		if (a->cls != b->cls)
			return a->cls < b->cls ? -1 : 1;
		switch (a->cls) {
		case K_NUMBER:
		case K_DATE:
			/* greatest and newest first */
			if (a->num != b->num)
				c = a->num > b->num ? -1 : 1;
			else
				c = 0;
			break;
		case K_STRING:
		case K_OTHER:
			n = a->len < b->len ? a->len : b->len;
			c = memcmp(R.strings.s + a->off, R.strings.s + b->off, n);
			if (c == 0 && a->len != b->len)
				c = a->len < b->len ? -1 : 1;
			break;
		default:
			c = 0;
		}
		if (c != 0)
			return R.reverse ? -c : c;
	}
	return 0;
}

static int
cmp_recs(const void *pa, const void *pb)
{
	uint32_t a = *(const uint32_t *)pa, b = *(const uint32_t *)pb;
	int c = 0;

	if (R.by)
		c = cmp_keys(R.keys + (size_t)a * R.nbykeys,
		    R.keys + (size_t)b * R.nbykeys);
	else if (R.scores[a] != R.scores[b])
		c = (R.scores[a] > R.scores[b] ? -1 : 1) * (R.reverse ? -1 : 1);
	if (c != 0)
		return c;
	return a < b ? -1 : a > b;	/* ties keep input order */
}

/* Closes the named files opened by source_fd(). */
static void
close_named(void)
{
	size_t i;

	for (i = 0; i < R.nsources; i++)
		if (R.sources[i].named && R.sources[i].fd != -1) {
			close(R.sources[i].fd);
			R.sources[i].fd = -1;
		}
}

/* The descriptor of a source, opening a named file again if need be. */
static int
source_fd(struct source *s)
{
	static size_t nopen;
	struct stat st;

	if (s->fd != -1)
		return s->fd;
	if (nopen == MAXOPEN) {
		close_named();
		nopen = 0;
	}
	while ((s->fd = open(s->name, O_RDONLY)) == -1 && nopen > 0 &&
	    (errno == EMFILE || errno == ENFILE)) {
		close_named();
		nopen = 0;
	}
	if (s->fd == -1)
		pp_fatal("%s: %s", s->name, strerror(errno));
	if (fstat(s->fd, &st) == -1 || st.st_dev != s->dev ||
	    st.st_ino != s->ino)
		pp_fatal("%s: file changed while being ranked", s->name);
	nopen++;
	return s->fd;
}

static void
read_line(const struct rec *r, struct pp_buf *b)
{
	struct source *s = &R.sources[r->src];
	off_t off = s->base + r->off;
	char bom[3];
	size_t got = 0;
	ssize_t n;
	int fd = source_fd(s);

	if (r->off == 0 && !s->spooled && pread(fd, bom, 3, off) == 3 &&
	    memcmp(bom, "\xef\xbb\xbf", 3) == 0)
		off += 3;
	pp_buf_reset(b);
	pp_buf_grow(b, r->len);
	while (got < r->len) {
		n = pread(fd, b->s + got, r->len - got, off + (off_t)got);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			pp_fatal("%s: %s", s->name, n == 0 ?
			    "file shrank while being ranked" : strerror(errno));
		got += (size_t)n;
	}
	b->len = r->len;
	b->s[b->len] = '\0';
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

/* Sifts heap[i] down: the heap keeps the worst of the best k on top. */
static void
sift_down(uint32_t *heap, size_t k, size_t i)
{
	size_t c;
	uint32_t x;

	for (; (c = 2 * i + 1) < k; i = c) {
		if (c + 1 < k && cmp_recs(&heap[c + 1], &heap[c]) > 0)
			c++;
		if (cmp_recs(&heap[c], &heap[i]) <= 0)
			break;
		x = heap[i];
		heap[i] = heap[c];
		heap[c] = x;
	}
}

/* The best k records (k < R.nrecs), in no order: O(n log k), not a sort. */
static void
select_top(uint32_t *heap, size_t k)
{
	size_t i;
	uint32_t r;

	if (k == 0)
		return;
	for (i = 0; i < k; i++)
		heap[i] = (uint32_t)i;
	for (i = k / 2; i-- > 0;)
		sift_down(heap, k, i);
	for (i = k; i < R.nrecs; i++) {
		r = (uint32_t)i;
		if (cmp_recs(&r, &heap[0]) < 0) {
			heap[0] = r;
			sift_down(heap, k, 0);
		}
	}
}

static void
write_ranked(void)
{
	struct pp_buf line = { 0 };
	struct pp_record rec = { 0 };
	uint32_t *order;
	size_t i, k;

	if (R.spool != NULL && fflush(R.spool) == EOF)
		pp_fatal("temporary file: %s", strerror(errno));
	k = R.limit >= 0 && (size_t)R.limit < R.nrecs ? (size_t)R.limit : R.nrecs;
	order = xreallocarray(NULL, k + 1, sizeof(*order));
	if (k < R.nrecs)
		select_top(order, k);
	else
		for (i = 0; i < R.nrecs; i++)
			order[i] = (uint32_t)i;
	qsort(order, k, sizeof(*order), cmp_recs);
	for (i = 0; i < k; i++) {
		read_line(&R.recs[order[i]], &line);
		if (R.by) {
			pp_write(line.s, line.len);
			pp_write("\n", 1);
		} else
			write_scored(&line, &rec, R.scores[order[i]],
			    R.sources[R.recs[order[i]].src].name);
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

static void
parse_fields(const char *spec)
{
	char *copy = xstrdup(spec), *item, *next, *caret;
	int i;

	R.nfields = 0;
	for (item = copy; item != NULL; item = next) {
		if ((next = strchr(item, ',')) != NULL)
			*next++ = '\0';
		if (R.nfields == MAXFIELDS)
			pp_fatal("--fields: at most %d fields", MAXFIELDS);
		R.fields[R.nfields].weight = 1;
		if ((caret = strchr(item, '^')) != NULL) {
			*caret++ = '\0';
			R.fields[R.nfields].weight = number_arg("--fields",
			    caret, 0, 1e6);
		}
		if (*item == '\0')
			pp_fatal("--fields: empty field name in %s", spec);
		for (i = 0; i < R.nfields; i++)
			if (strcmp(R.fields[i].name, item) == 0)
				pp_fatal("--fields: %s given twice", item);
		R.fields[R.nfields++].name = xstrdup(item);
	}
	free(copy);
}

static void
parse_by(const char *spec)
{
	char *copy = xstrdup(spec), *item, *next;

	for (item = copy; item != NULL; item = next) {
		if ((next = strchr(item, ',')) != NULL)
			*next++ = '\0';
		if (*item == '\0')
			pp_fatal("--by: empty key in %s", spec);
		R.bykeys = xreallocarray(R.bykeys, (size_t)R.nbykeys + 1,
		    sizeof(*R.bykeys));
		R.bykeys[R.nbykeys++] = xstrdup(item);
	}
	free(copy);
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
set_language(void)
{
	const char **l;
	struct pp_buf names = { 0 };

	if (!R.stem)
		return;
	if ((R.stemmer = sb_stemmer_new(R.lang, NULL)) != NULL)
		return;
	for (l = sb_stemmer_list(); *l != NULL; l++) {
		pp_buf_adds(&names, " ");
		pp_buf_adds(&names, *l);
	}
	pp_fatal("--lang: unknown language %s; known:%s", R.lang, names.s);
}

int
main(int argc, char *argv[])
{
	struct pp_buf b = { 0 };
	struct saved saved = { 0 };
	const char *query = NULL, *fields = DEFAULT_FIELDS;
	char *end;
	int ch, merge = 0, field_opts = 0;

	pp_init(argv[0]);
	while ((ch = getopt_long(argc, argv, "hn:rV", longopts, NULL)) != -1) {
		switch (ch) {
		case 'n':
			errno = 0;
			R.limit = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || errno != 0 ||
			    R.limit < 0)
				pp_fatal("-n: bad count: %s", optarg);
			break;
		case 'r':
			R.reverse = 1;
			break;
		case OPT_B:
			R.b = number_arg("--b", optarg, 0, 1);
			field_opts = 1;
			break;
		case OPT_BY:
			parse_by(optarg);
			break;
		case OPT_FIELDS:
			fields = optarg;
			field_opts = 1;
			break;
		case OPT_K1:
			R.k1 = number_arg("--k1", optarg, 0, 1e6);
			field_opts = 1;
			break;
		case OPT_LANG:
			R.lang = optarg;
			field_opts = 1;
			break;
		case OPT_MERGE:
			merge = 1;
			break;
		case OPT_NO_STEM:
			R.stem = 0;
			field_opts = 1;
			break;
		case OPT_RECENCY:
			R.halflife = parse_halflife(optarg);
			break;
		case OPT_STATS:
			R.stats_only = 1;
			break;
		case OPT_WITH_STATS:
			R.with_stats = optarg;
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

	if (merge + (R.nbykeys > 0) + R.stats_only + (R.with_stats != NULL) > 1)
		pp_fatal("--by, --merge, --stats and --with-stats exclude "
		    "each other");
	if ((merge || R.nbykeys > 0) && (field_opts || R.halflife > 0))
		pp_fatal("--by and --merge order by keys: relevance options "
		    "do not apply");
	if (R.stats_only && (R.limit >= 0 || R.reverse || R.halflife > 0))
		pp_fatal("--stats writes statistics: -n, -r and --recency "
		    "do not apply");
	if (merge) {
		parse_by("score");
		R.by = 1;
	} else if (R.nbykeys > 0)
		R.by = 1;
	else {
		if (argc == 0)
			pp_usage(SYNOPSIS);
		query = *argv++;
		argc--;
	}

	init_tables();
	if (!R.by) {
		parse_fields(fields);
		set_language();
		init_stops();
		parse_query(query);
		if (R.nunits == 0 && !excludes())
			pp_warnx("the query has no word to rank by (only stop "
			    "words?): every score is 0");
		if ((long)R.nunits * R.nfields >= UINT16_MAX)
			pp_fatal("the query has too many terms");
		if (R.with_stats != NULL) {
			read_stats(R.with_stats);
			save_stats(&saved);
		}
	}
	read_inputs(argc, argv);
	if (R.stats_only) {
		add_stats_line(&b);
		pp_write(b.s, b.len);
		pp_buf_free(&b);
		return pp_finish();
	}
	if (R.with_stats != NULL)
		restore_stats(&saved);
	if (!R.by)
		compute_scores();
	write_ranked();
	if (R.stemmer != NULL)
		sb_stemmer_delete(R.stemmer);
	return pp_finish();
}
