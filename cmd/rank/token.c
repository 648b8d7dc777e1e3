/*
 * The tokenizer: folding, stop words, stemming through a cache, and a
 * scan of records that looks closely only at the words that may matter.
 *
 * Words are runs of letters, marks and digits; an apostrophe between two
 * word characters belongs to the word ("don't").  A run of bytes between
 * separators that holds a non-ASCII byte is folded as a whole by utf8proc
 * (NFKC, case, marks); ASCII is cut and lowered by table.  Stemming every
 * word would cost several times the rest, so a scan stems a word (through
 * a cache) only when its first two bytes could begin a term's stem.
 */
#include <stdlib.h>
#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif
#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define HAVE_AVX2_SCAN
#endif

#include <libstemmer.h>
#include <utf8proc.h>

#include "rank.h"

/* Byte classes: separator, ASCII word byte, non-ASCII, apostrophe. */
enum { S, W, H, A };
static const unsigned char cls[256] = {
	S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, S,
	S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, S,
	S, S, S, S, S, S, S, A, S, S, S, S, S, S, S, S,
	W, W, W, W, W, W, W, W, W, W, S, S, S, S, S, S,
	S, W, W, W, W, W, W, W, W, W, W, W, W, W, W, W,
	W, W, W, W, W, W, W, W, W, W, W, S, S, S, S, S,
	S, W, W, W, W, W, W, W, W, W, W, W, W, W, W, W,
	W, W, W, W, W, W, W, W, W, W, W, S, S, S, S, S,
	H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H,
	H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H,
	H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H,
	H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H,
	H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H,
	H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H,
	H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H,
	H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H,
};

/* The first n bytes of a 64-bit word (little or big endian alike). */
static const uint64_t masks[9] = {
	0, 0xffULL, 0xffffULL, 0xffffffULL, 0xffffffffULL, 0xffffffffffULL,
	0xffffffffffffULL, 0xffffffffffffffULL, 0xffffffffffffffffULL
};

/*
 * Snowball's English stop word list (snowball.tartarus.org), which the
 * Snowball stemmer is designed to follow.  Stop words are never terms but
 * count as positions (a phrase "transfer of knowledge" keeps its gap) and
 * in lengths (the scan counts words without looking at most of them).
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

/* --lang names English: Snowball's names and aliases ("en", "eng"). */
static const char *const english_names[] = { "english", "en", "eng",
    "porter", NULL };

uint32_t
tok_hash(const unsigned char *s, size_t n)
{
	uint32_t h = 2166136261u;

	while (n-- > 0)
		h = (h ^ *s++) * 16777619u;
	return h;
}

/*
 * Stop words are looked up as two 64-bit words (they are at most 16
 * bytes): a word is loaded, masked to its length and lowered by or-ing
 * 0x20, which lowers ASCII letters and keeps digits and apostrophes.
 */
static inline uint32_t
stop_slot(uint64_t a, uint64_t b, size_t n)
{
	return (uint32_t)(((a ^ (b * 0xff51afd7ed558ccdULL) ^ n) *
	    0x9e3779b97f4a7c15ULL) >> (64 - 10));
}

static inline int
stop_ab(const struct tok *t, uint64_t a, uint64_t b, size_t n)
{
	uint32_t i;

	for (i = stop_slot(a, b, n); t->stops[i].len != 0;
	    i = (i + 1) & (STOPSIZE - 1))
		if (t->stops[i].a == a && t->stops[i].b == b &&
		    t->stops[i].len == n)
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

int
tok_is_stop(const struct tok *t, const unsigned char *w, size_t n)
{
	unsigned char pad[16] = { 0 };
	uint64_t a, b;

	if (n > 16 || !t->english)
		return 0;
	memcpy(pad, w, n);
	load16(pad, n, &a, &b);
	return stop_ab(t, a, b, n);
}

int
tok_init(struct tok *t, const char *lang, int stem)
{
	const char *const *w;
	uint64_t a, b;
	uint32_t i;
	size_t len;

	memset(t, 0, sizeof(*t));
	t->width = 16;
#ifdef HAVE_AVX2_SCAN
	if (__builtin_cpu_supports("popcnt")) {
		if (__builtin_cpu_supports("avx512f") &&
		    __builtin_cpu_supports("avx512bw"))
			t->width = 64;
		else if (__builtin_cpu_supports("avx2"))
			t->width = 32;
	}
#endif
	for (w = english_names; *w != NULL; w++)
		if (strcmp(lang, *w) == 0)
			t->english = 1;
	if (stem && (t->stemmer = sb_stemmer_new(lang, NULL)) == NULL)
		return -1;
	/* Porter's original stemmer takes "s" to "": it keeps no bytes */
	t->pairs_hold = t->stemmer == NULL ||
	    (t->english && strcmp(lang, "porter") != 0);
	t->cache = xcalloc(CACHESIZE, sizeof(*t->cache));
	t->fast = xcalloc(FASTSIZE, sizeof(*t->fast));
	if (!t->english)
		return 0;	/* no stop list for other languages */
	for (w = english_stop; *w != NULL; w++) {
		unsigned char pad[16] = { 0 };

		len = strlen(*w);
		memcpy(pad, *w, len);
		load16(pad, len, &a, &b);
		for (i = stop_slot(a, b, len); t->stops[i].len != 0;)
			i = (i + 1) & (STOPSIZE - 1);
		t->stops[i].a = a;
		t->stops[i].b = b;
		t->stops[i].len = len;
	}
	return 0;
}

void
tok_clone(struct tok *t, const struct tok *from, const char *lang)
{
	memcpy(t, from, sizeof(*t));
	t->shared = 1;
	if (from->stemmer != NULL &&
	    (t->stemmer = sb_stemmer_new(lang, NULL)) == NULL)
		pp_fatal("out of memory");
	t->cache = xcalloc(CACHESIZE, sizeof(*t->cache));
	t->ncached = 0;
	t->fast = xcalloc(FASTSIZE, sizeof(*t->fast));
	t->nfast = 0;
	memset(&t->cachewords, 0, sizeof(t->cachewords));
	memset(&t->folded, 0, sizeof(t->folded));
	memset(&t->text, 0, sizeof(t->text));
}

void
tok_free(struct tok *t)
{
	int i;

	if (t->stemmer != NULL)
		sb_stemmer_delete(t->stemmer);
	if (!t->shared) {
		for (i = 0; i < t->nterms; i++)
			free(t->stems[i]);
		free(t->stems);
		free(t->stemlens);
		pp_set_free(&t->termset);
	}
	free(t->cache);
	free(t->fast);
	pp_buf_free(&t->cachewords);
	pp_buf_free(&t->folded);
	pp_buf_free(&t->text);
}

const unsigned char *
tok_stem(struct tok *t, const unsigned char *w, size_t n, size_t *len)
{
	const sb_symbol *s;

	if (t->stemmer == NULL) {
		*len = n;
		return w;
	}
	s = sb_stemmer_stem(t->stemmer, w, (int)n);
	if (s == NULL)
		pp_fatal("out of memory");
	*len = (size_t)sb_stemmer_length(t->stemmer);
	return s;
}

int
tok_term_find(const struct tok *t, const unsigned char *s, size_t n)
{
	return (int)pp_set_find(&t->termset, (const char *)s, n);
}

/*
 * Marks the first two bytes of every word that can stem to a term.
 * Snowball's English stemmer keeps a word's first two bytes, except that
 * "dying", "lying" and "tying" become "die", "lie", "tie" and that stems
 * of one letter come from longer words ("aed" -> "a"); checked against
 * 140,000 words (pairs_hold).  For other stemmers every word is looked
 * up.
 */
static void
add_pair(struct tok *t, unsigned c0, unsigned c1)
{
	unsigned k;
	int i;

	if (c1 == 256)		/* any second byte, or none */
		for (k = 0; k < 256; k++)
			t->filter[(c0 << 8 | k) >> 3] |= 1 << (k & 7);
	else
		t->filter[(c0 << 8 | c1) >> 3] |= 1 << (c1 & 7);
	for (i = 0; i < t->npairs; i++)
		if (t->pair[i][0] == c0 && (t->pair[i][1] == c1 ||
		    (c1 == 256 && t->pair[i][1] == 0)))
			return;
	if (c0 >= 0x80 || (c1 != 256 && c1 >= 0x80))
		return;		/* cannot begin a word of an ASCII text */
	if (t->npairs == MAXPAIRS) {
		t->filter_all = 1;	/* the block scan tests every word */
		return;
	}
	t->pair[t->npairs][0] = (unsigned char)c0;
	t->pair[t->npairs][1] = c1 == 256 ? 0 : (unsigned char)c1;
	t->npairs++;
}

void
tok_look_at_all(struct tok *t)
{
	t->filter_all = 1;
	memset(t->filter, 0xff, sizeof(t->filter));
}

int
tok_term_add(struct tok *t, const unsigned char *s, size_t n)
{
	long i;

	if ((i = pp_set_add(&t->termset, (const char *)s, n)) < 0)
		return (int)(-1 - i);
	if (t->nterms == INT32_MAX)
		pp_fatal("too many terms");
	if (t->nterms == t->termcap) {
		t->termcap = t->termcap ? t->termcap * 2 : 16;
		t->stems = xreallocarray(t->stems, (size_t)t->termcap,
		    sizeof(*t->stems));
		t->stemlens = xreallocarray(t->stemlens, (size_t)t->termcap,
		    sizeof(*t->stemlens));
	}
	t->stems[t->nterms] = xmemdup((const char *)s, n);
	t->stemlens[t->nterms] = n;
	if (!t->pairs_hold)
		tok_look_at_all(t);
	else if (n < 2)
		add_pair(t, s[0], 256);
	else {
		add_pair(t, s[0], s[1]);
		if (s[1] == 'i' && t->stemmer != NULL)
			add_pair(t, s[0], 'y');
	}
	/* a word seen before may stem to the new term */
	if (t->ncached > 0) {
		memset(t->cache, 0, CACHESIZE * sizeof(*t->cache));
		t->ncached = 0;
		pp_buf_reset(&t->cachewords);
	}
	if (t->nfast > 0) {
		memset(t->fast, 0, FASTSIZE * sizeof(*t->fast));
		t->nfast = 0;
	}
	return t->nterms++;
}

/* The term word w[0..n) stems to, or -1; *stem the stem's hash. */
static int
lookup(struct tok *t, const unsigned char *w, size_t n, uint32_t *stem)
{
	struct tok_centry *c = t->cache;
	const unsigned char *s;
	uint32_t h = tok_hash(w, n), i;
	size_t sl;
	int term;

	for (i = h & (CACHESIZE - 1); c[i].len != 0; i = (i + 1) & (CACHESIZE - 1))
		if (c[i].hash == h && c[i].len == n &&
		    memcmp(t->cachewords.s + c[i].off, w, n) == 0) {
			*stem = c[i].stem;
			return c[i].term;
		}
	s = tok_stem(t, w, n, &sl);
	term = tok_term_find(t, s, sl);
	*stem = tok_hash(s, sl);
	if (t->ncached >= CACHESIZE / 2) {
		memset(c, 0, CACHESIZE * sizeof(*c));
		t->ncached = 0;
		pp_buf_reset(&t->cachewords);
		for (i = h & (CACHESIZE - 1); c[i].len != 0;)
			i = (i + 1) & (CACHESIZE - 1);
	}
	c[i].hash = h;
	c[i].off = (uint32_t)t->cachewords.len;
	c[i].len = (uint16_t)n;
	c[i].term = term;
	c[i].stem = *stem;
	pp_buf_add(&t->cachewords, w, n);
	t->ncached++;
	return term;
}

/*
 * lookup() and the stop list at once for an ASCII word q[0..n), n <= 16,
 * loaded in a and b (lowered and masked, which for ASCII word bytes is
 * exact): no hashing byte by byte, no comparing of strings, one probe for
 * the words every record repeats.  Direct mapped: a word takes the place
 * of the one before it, so the table stays small enough for the caches.
 * Returns the term, -1 for none, STOPWORD for a stop word.
 */
#define STOPWORD	(-2)
static inline int
lookup_fast(struct tok *t, const unsigned char *q, size_t n, uint64_t a,
    uint64_t b, uint32_t *stem)
{
	struct tok_fast *f = &t->fast[(uint32_t)(((a ^
	    (b * 0xff51afd7ed558ccdULL) ^ n) * 0x9e3779b97f4a7c15ULL) >>
	    (64 - FASTBITS))];
	unsigned char w[16];
	size_t k;

	if (f->a == a && f->b == b && f->len == n) {
		*stem = f->stem;
		return f->term;
	}
	f->a = a;
	f->b = b;
	f->len = (uint32_t)n;
	t->nfast++;
	if (t->english && stop_ab(t, a, b, n)) {
		f->stem = *stem = 0;
		return f->term = STOPWORD;
	}
	for (k = 0; k < n; k++)
		w[k] = q[k] | 0x20;
	f->term = lookup(t, w, n, stem);
	f->stem = *stem;
	return f->term;
}

static inline int
filter_has(const struct tok *t, const unsigned char *w, size_t n)
{
	unsigned k = (unsigned)w[0] << 8 | (n > 1 ? w[1] : 0);

	return t->filter[k >> 3] >> (k & 7) & 1;
}

/* --- the plain tokenizer ---------------------------------------------------- */

static int
is_word_cp(int32_t cp)
{
	utf8proc_category_t c;

	if (cp < 0x80)
		return cp < 0 ? 0 : cls[cp] == W;
	c = utf8proc_category(cp);
	return c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_NO;
}

/*
 * Han, Hiragana, Katakana and Hangul (after NFKC, which makes half-width
 * forms full-width): scripts written without spaces between words.
 */
static int
is_cjk(int32_t cp)
{
	return (cp >= 0x1100 && cp <= 0x11ff) ||	/* Hangul Jamo */
	    (cp >= 0x3005 && cp <= 0x3007) ||		/* marks, zero */
	    (cp >= 0x3040 && cp <= 0x30ff) ||		/* kana */
	    (cp >= 0x3130 && cp <= 0x318f) ||		/* Hangul Jamo */
	    (cp >= 0x31f0 && cp <= 0x31ff) ||		/* kana */
	    (cp >= 0x3400 && cp <= 0x4dbf) ||		/* Han */
	    (cp >= 0x4e00 && cp <= 0x9fff) ||
	    (cp >= 0xa960 && cp <= 0xa97f) ||		/* Hangul */
	    (cp >= 0xac00 && cp <= 0xd7ff) ||
	    (cp >= 0xf900 && cp <= 0xfaff) ||		/* Han */
	    (cp >= 0x20000 && cp <= 0x3ffff);
}

/*
 * A chunk with non-ASCII bytes: NFKC, case folded, marks stripped, then cut
 * into words of letters, marks and digits (an apostrophe, ' or U+2019,
 * inside a word belongs to it).  A run of CJK characters gives its
 * overlapping pairs ("知识蒸馏": "知识", "识蒸", "蒸馏"), or the character
 * when it stands alone, as Lucene's CJK analyzer does: a query word then
 * matches inside a longer one without a dictionary of words.
 */
static void
slow_chunk(struct tok *t, const char *s, size_t len, tok_word_fn fn,
    void *arg)
{
	struct pp_buf *folded = &t->folded;
	unsigned char w[MAXTOKEN];
	const char *prev = NULL;	/* the CJK character before */
	size_t i, n, k = 0, prevlen = 0;
	int32_t cp, next;
	int paired = 0;			/* the run gave a pair */

	pp_buf_reset(folded);
	pp_text_fold(folded, s, len, PP_FOLD_CASE | PP_FOLD_MARKS |
	    PP_FOLD_COMPAT);
	for (i = 0; i < folded->len; i += n) {
		n = pp_utf8_decode(folded->s + i, folded->len - i, &cp);
		if (is_cjk(cp)) {
			if (k > 0)
				fn(w, k, arg);
			k = 0;
			if (prev != NULL) {
				memcpy(w, prev, prevlen);
				memcpy(w + prevlen, folded->s + i, n);
				fn(w, prevlen + n, arg);
				paired = 1;
			}
			prev = folded->s + i;
			prevlen = n;
			continue;
		}
		if (prev != NULL) {
			if (!paired) {
				memcpy(w, prev, prevlen);
				fn(w, prevlen, arg);
			}
			prev = NULL;
			paired = 0;
		}
		if (is_word_cp(cp)) {
			if (k + n <= MAXTOKEN) {
				memcpy(w + k, folded->s + i, n);
				k += n;
			}
			continue;
		}
		if ((cp == '\'' || cp == 0x2019) && k > 0 &&
		    i + n < folded->len) {
			pp_utf8_decode(folded->s + i + n, folded->len - i - n,
			    &next);
			if (is_word_cp(next) && !is_cjk(next)) {
				if (k < MAXTOKEN)
					w[k++] = '\'';
				continue;
			}
		}
		if (k > 0)
			fn(w, k, arg);
		k = 0;
	}
	if (k > 0)
		fn(w, k, arg);
	if (prev != NULL && !paired) {
		memcpy(w, prev, prevlen);
		fn(w, prevlen, arg);
	}
}

/*
 * Cuts s into runs of non-separators; a run with a non-ASCII byte goes to
 * slow_chunk(), the words of the others are lowered here.  This is the
 * definition tok_scan() must agree with (tests/fuzz/rank-token.c).
 */
void
tok_words(struct tok *t, const char *str, size_t len, tok_word_fn fn,
    void *arg)
{
	const unsigned char *s = (const unsigned char *)str;
	unsigned char w[MAXTOKEN];
	size_t i = 0, run, end, k;
	int high;

	while (i < len) {
		while (i < len && cls[s[i]] == S)
			i++;
		run = i;
		high = 0;
		while (i < len && cls[s[i]] != S)
			high |= cls[s[i++]] == H;
		end = i;
		if (high) {
			slow_chunk(t, str + run, end - run, fn, arg);
			continue;
		}
		for (i = run; i < end;) {
			while (i < end && cls[s[i]] != W)
				i++;	/* apostrophes outside words */
			if (i == end)
				break;
			k = 0;
			for (;;) {
				while (i < end && cls[s[i]] == W) {
					if (k < MAXTOKEN)
						w[k++] = s[i] | 0x20;
					i++;
				}
				if (i + 1 < end && s[i] == '\'' &&
				    cls[s[i + 1]] == W) {
					if (k < MAXTOKEN)
						w[k++] = '\'';
					i++;
					continue;
				}
				break;
			}
			fn(w, k, arg);
		}
		i = end;
	}
}

/* --- the scan of records ------------------------------------------------------ */

/* A folded word of the slow path; w has MAXTOKEN bytes. */
static void
scan_token(const unsigned char *w, size_t n, void *arg)
{
	struct tok *t = arg;
	uint64_t a, b;
	uint32_t stem;
	long p = t->pos++;
	int term;

	t->dl++;
	if (n <= 16 && t->english) {
		load16(w, n, &a, &b);
		if (stop_ab(t, a, b, n))
			return;
	}
	if (!filter_has(t, w, n))
		return;
	if ((term = lookup(t, w, n, &stem)) >= 0 || t->every_word)
		t->hit(term, stem, p, t->hit_arg);
}

/*
 * ASCII text, 16 bytes at a time.  For a block at p four masks, bit i for
 * p[i]: word starts (a word byte after a non-word byte), joins (an
 * apostrophe between word bytes, which makes "don't" one word), the bytes
 * of words (joins included) and candidates (starts whose first two bytes,
 * lowered, begin a term's stem).  Words are counted by popcount; only
 * candidates are looked at closely, and where each ends is read from the
 * mask while in the block.  p[-1] and p[16] must be readable.
 */
struct masks {
	uint64_t	 starts, joins, inword, cand;
	int		 width;		/* of the block: 16, 32 or 64 */
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
block_masks(const struct tok *t, const unsigned char *p, struct masks *m)
{
	__m128i v = _mm_loadu_si128((const __m128i *)p);
	__m128i vp = _mm_loadu_si128((const __m128i *)(p - 1));
	__m128i vn = _mm_loadu_si128((const __m128i *)(p + 1));
	__m128i w = word16(v), wp = word16(vp), wn = word16(vn);
	__m128i low = _mm_or_si128(v, _mm_set1_epi8(0x20));
	__m128i lown = _mm_or_si128(vn, _mm_set1_epi8(0x20));
	__m128i c = _mm_setzero_si128(), x;
	int i;

	m->width = 16;
	m->starts = (unsigned)_mm_movemask_epi8(_mm_andnot_si128(wp, w));
	m->joins = (unsigned)_mm_movemask_epi8(_mm_and_si128(
	    _mm_cmpeq_epi8(v, _mm_set1_epi8('\'')), _mm_and_si128(wp, wn)));
	m->inword = (unsigned)_mm_movemask_epi8(w) | m->joins;
	if (t->filter_all) {
		m->cand = m->starts;
		return;
	}
	for (i = 0; i < t->npairs; i++) {
		x = _mm_cmpeq_epi8(low, _mm_set1_epi8((char)t->pair[i][0]));
		if (t->pair[i][1] != 0)
			x = _mm_and_si128(x, _mm_cmpeq_epi8(lown,
			    _mm_set1_epi8((char)t->pair[i][1])));
		c = _mm_or_si128(c, x);
	}
	m->cand = m->starts & (unsigned)_mm_movemask_epi8(c);
}
#else
static inline void
block_masks(const struct tok *t, const unsigned char *p, struct masks *m)
{
	int i, j, w, wp, wn, hit;

	m->width = 16;
	m->starts = m->joins = m->inword = m->cand = 0;
	for (i = 0; i < 16; i++) {
		w = cls[p[i]] == W;
		wp = cls[p[i - 1]] == W;
		wn = cls[p[i + 1]] == W;
		if (w && !wp)
			m->starts |= 1u << i;
		if (p[i] == '\'' && wp && wn)
			m->joins |= 1u << i;
		if (w || (p[i] == '\'' && wp && wn))
			m->inword |= 1u << i;
		hit = t->filter_all;
		for (j = 0; j < t->npairs && !hit; j++)
			hit = (p[i] | 0x20) == t->pair[j][0] &&
			    (t->pair[j][1] == 0 ||
			    (p[i + 1] | 0x20) == t->pair[j][1]);
		if (hit && w && !wp)
			m->cand |= 1u << i;
	}
}
#endif

/* Bits set in a mask (portable; no popcnt instruction needed). */
static inline long
popcount(uint64_t x)
{
	x = x - ((x >> 1) & 0x5555555555555555ULL);
	x = (x & 0x3333333333333333ULL) + ((x >> 2) & 0x3333333333333333ULL);
	x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0fULL;
	return (long)((x * 0x0101010101010101ULL) >> 56);
}

/* Where the word that goes on at e ends, byte by byte. */
static inline const unsigned char *
word_end(const unsigned char *e)
{
	for (;;) {
		while (cls[*e] == W)
			e++;
		if (*e == '\'' && cls[e[1]] == W) {
			e++;
			continue;
		}
		return e;
	}
}

/*
 * The candidates of one block (16, 32 or 64 bytes); pos counts words
 * before the block.
 */
static void
block_words(struct tok *t, const unsigned char *p, const struct masks *m,
    long pos, const unsigned char *lim)
{
	const unsigned char *q, *e;
	unsigned char w[MAXTOKEN + 16];
	uint64_t cand = m->cand, below, a, b, rest;
	uint32_t stem;
	size_t n, i;
	int j, term;

	while (cand != 0) {
		j = __builtin_ctzll(cand);
		cand &= cand - 1;
		q = p + j;
		if (q[-1] == '\'' && cls[q[-2]] == W)
			continue;	/* the "t" of "don't" */
		/* the word's end, from the mask while the block has it */
		rest = ~(m->inword >> j);
		e = q + (rest != 0 ? __builtin_ctzll(rest) : 64 - j);
		if (e == p + m->width)
			e = word_end(e);
		n = (size_t)(e - q);
		if (n <= 16) {
			if (q <= lim)
				load16(q, n, &a, &b);
			else {
				memcpy(w, q, n);
				load16(w, n, &a, &b);
			}
			w[0] = q[0] | 0x20;
			w[1] = n > 1 ? q[1] | 0x20 : 0;
			if (!filter_has(t, w, n))
				continue;
			term = lookup_fast(t, q, n, a, b, &stem);
			if (term == STOPWORD || (term < 0 && !t->every_word))
				continue;
			below = (UINT64_C(1) << j) - 1;
			t->hit(term, stem, pos + popcount(m->starts & below) -
			    popcount(m->joins & below), t->hit_arg);
			continue;
		}
		if (n > MAXTOKEN)
			n = MAXTOKEN;
		for (i = 0; i < n; i++)
			w[i] = q[i] | 0x20;
		if (!filter_has(t, w, n))
			continue;
		if ((term = lookup(t, w, n, &stem)) < 0 && !t->every_word)
			continue;
		below = (UINT64_C(1) << j) - 1;
		t->hit(term, stem, pos + popcount(m->starts & below) -
		    popcount(m->joins & below), t->hit_arg);
	}
}

/*
 * ASCII text s[0..len): s[-2..-1] and s[len] readable, s[len] a separator;
 * safe is how far bytes can be read.
 */
static void
scan_ascii(struct tok *t, const char *str, size_t len, const char *safe)
{
	const unsigned char *p = (const unsigned char *)str, *e = p + len;
	const unsigned char *lim = (const unsigned char *)safe - 16;
	unsigned char tail[2 + 16 + 32];
	struct masks m;
	long pos = t->pos;
	size_t rest;

	for (; p + 16 <= e; p += 16) {
		block_masks(t, p, &m);
		if (m.cand != 0)
			block_words(t, p, &m, pos, lim);
		pos += popcount(m.starts);
		if (m.joins != 0)
			pos -= popcount(m.joins);
	}
	if ((rest = (size_t)(e - p)) > 0) {
		/* the last bytes, padded with spaces, as one more block */
		memset(tail, ' ', sizeof(tail));
		memcpy(tail, p - 2, 2 + rest);
		block_masks(t, tail + 2, &m);
		if (m.cand != 0)
			block_words(t, tail + 2, &m, pos, tail + 2 + rest - 16);
		pos += popcount(m.starts) - popcount(m.joins);
	}
	t->dl += (uint32_t)(pos - t->pos);
	t->pos = pos;
}

#ifdef HAVE_AVX2_SCAN
/*
 * scan_ascii() 32 or 64 bytes a block, on CPUs with AVX2 or AVX-512
 * (tok_init() asks once): the same masks, fewer blocks.  On this scan
 * most of a ranking pass is spent; 32-byte blocks make it about a third
 * faster than 16, and 64-byte ones (AVX-512's compares give the masks
 * themselves) a seventh faster again.
 */
#define AVX2	__attribute__((target("avx2,popcnt")))
#define AVX512	__attribute__((target("avx512f,avx512bw,popcnt")))

static inline AVX2 __m256i
word32(__m256i v)
{
	__m256i l = _mm256_or_si256(v, _mm256_set1_epi8(0x20));
	__m256i a = _mm256_add_epi8(l, _mm256_set1_epi8((char)(0x80 - 'a')));
	__m256i d = _mm256_add_epi8(v, _mm256_set1_epi8((char)(0x80 - '0')));

	/* signed compares: a and d are below -128 + 26 (+ 10) when in range */
	return _mm256_or_si256(
	    _mm256_cmpgt_epi8(_mm256_set1_epi8((char)(0x80 + 26)), a),
	    _mm256_cmpgt_epi8(_mm256_set1_epi8((char)(0x80 + 10)), d));
}

static inline AVX2 void
block_masks32(const struct tok *t, const unsigned char *p, struct masks *m)
{
	__m256i v = _mm256_loadu_si256((const __m256i *)p);
	__m256i vp = _mm256_loadu_si256((const __m256i *)(p - 1));
	__m256i vn = _mm256_loadu_si256((const __m256i *)(p + 1));
	__m256i w = word32(v), wp = word32(vp), wn = word32(vn);
	__m256i low = _mm256_or_si256(v, _mm256_set1_epi8(0x20));
	__m256i lown = _mm256_or_si256(vn, _mm256_set1_epi8(0x20));
	__m256i c = _mm256_setzero_si256(), x;
	int i;

	m->width = 32;
	m->starts = (uint32_t)_mm256_movemask_epi8(_mm256_andnot_si256(wp, w));
	m->joins = (uint32_t)_mm256_movemask_epi8(_mm256_and_si256(
	    _mm256_cmpeq_epi8(v, _mm256_set1_epi8('\'')),
	    _mm256_and_si256(wp, wn)));
	m->inword = (uint32_t)_mm256_movemask_epi8(w) | m->joins;
	if (t->filter_all) {
		m->cand = m->starts;
		return;
	}
	for (i = 0; i < t->npairs; i++) {
		x = _mm256_cmpeq_epi8(low, _mm256_set1_epi8((char)t->pair[i][0]));
		if (t->pair[i][1] != 0)
			x = _mm256_and_si256(x, _mm256_cmpeq_epi8(lown,
			    _mm256_set1_epi8((char)t->pair[i][1])));
		c = _mm256_or_si256(c, x);
	}
	m->cand = m->starts & (uint32_t)_mm256_movemask_epi8(c);
}

static inline AVX512 uint64_t
word64(__m512i v)
{
	__m512i l = _mm512_or_si512(v, _mm512_set1_epi8(0x20));

	return _mm512_cmplt_epu8_mask(_mm512_sub_epi8(l,
	    _mm512_set1_epi8('a')), _mm512_set1_epi8(26)) |
	    _mm512_cmplt_epu8_mask(_mm512_sub_epi8(v,
	    _mm512_set1_epi8('0')), _mm512_set1_epi8(10));
}

static inline AVX512 void
block_masks64(const struct tok *t, const unsigned char *p, struct masks *m)
{
	__m512i v = _mm512_loadu_si512((const void *)p);
	__m512i vp = _mm512_loadu_si512((const void *)(p - 1));
	__m512i vn = _mm512_loadu_si512((const void *)(p + 1));
	__m512i low = _mm512_or_si512(v, _mm512_set1_epi8(0x20));
	__m512i lown = _mm512_or_si512(vn, _mm512_set1_epi8(0x20));
	uint64_t w = word64(v), wp = word64(vp), wn = word64(vn), c = 0, x;
	int i;

	m->width = 64;
	m->starts = w & ~wp;
	m->joins = _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8('\'')) & wp & wn;
	m->inword = w | m->joins;
	if (t->filter_all) {
		m->cand = m->starts;
		return;
	}
	for (i = 0; i < t->npairs; i++) {
		x = _mm512_cmpeq_epi8_mask(low,
		    _mm512_set1_epi8((char)t->pair[i][0]));
		if (t->pair[i][1] != 0)
			x &= _mm512_cmpeq_epi8_mask(lown,
			    _mm512_set1_epi8((char)t->pair[i][1]));
		c |= x;
	}
	m->cand = m->starts & c;
}

/*
 * The scan of scan_ascii() by blocks of WIDTH bytes, with MASKS, in a
 * function compiled for TARGET.
 */
#define SCAN_WIDE(name, WIDTH, MASKS, TARGET)				\
static TARGET void							\
name(struct tok *t, const char *str, size_t len, const char *safe)	\
{									\
	const unsigned char *p = (const unsigned char *)str, *e = p + len; \
	const unsigned char *lim = (const unsigned char *)safe - 16;	\
	unsigned char tail[2 + WIDTH + 32];				\
	struct masks m;							\
	long pos = t->pos;						\
	size_t rest;							\
									\
	for (; p + WIDTH <= e; p += WIDTH) {				\
		MASKS(t, p, &m);					\
		if (m.cand != 0)					\
			block_words(t, p, &m, pos, lim);		\
		pos += __builtin_popcountll(m.starts);			\
		if (m.joins != 0)					\
			pos -= __builtin_popcountll(m.joins);		\
	}								\
	if ((rest = (size_t)(e - p)) > 0) {				\
		/* the last bytes, padded with spaces, as one more block */ \
		memset(tail, ' ', sizeof(tail));			\
		memcpy(tail, p - 2, 2 + rest);				\
		MASKS(t, tail + 2, &m);					\
		if (m.cand != 0)					\
			block_words(t, tail + 2, &m, pos,		\
			    tail + 2 + rest - 16);			\
		pos += __builtin_popcountll(m.starts) -			\
		    __builtin_popcountll(m.joins);			\
	}								\
	t->dl += (uint32_t)(pos - t->pos);				\
	t->pos = pos;							\
}

SCAN_WIDE(scan_ascii32, 32, block_masks32, AVX2)
SCAN_WIDE(scan_ascii64, 64, block_masks64, AVX512)

/* plain_ascii() 64 bytes at a time. */
static AVX512 int
plain_ascii64(const unsigned char *p, const unsigned char *e)
{
	__m512i v;

	for (; p + 64 <= e; p += 64) {
		v = _mm512_loadu_si512((const void *)p);
		if ((_mm512_movepi8_mask(v) | _mm512_cmpeq_epi8_mask(v,
		    _mm512_set1_epi8('\\'))) != 0)
			return 0;
	}
	for (; p < e; p++)
		if (*p >= 0x80 || *p == '\\')
			return 0;
	return 1;
}
#endif

/* ASCII text by the widest blocks the CPU has. */
static inline void
scan_ascii_best(struct tok *t, const char *str, size_t len, const char *safe)
{
#ifdef HAVE_AVX2_SCAN
	if (t->width == 64) {
		scan_ascii64(t, str, len, safe);
		return;
	}
	if (t->width == 32) {
		scan_ascii32(t, str, len, safe);
		return;
	}
#endif
	scan_ascii(t, str, len, safe);
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
 * ASCII stretches by blocks, and each run of non-separators with a
 * non-ASCII byte by slow_chunk(), as tok_words() cuts them.  Stretches
 * end at separators, so no word spans two.
 */
void
tok_scan(struct tok *t, const char *str, size_t len, const char *safe)
{
	const unsigned char *s = (const unsigned char *)str, *e = s + len;
	const unsigned char *h, *a, *z;

	while (s < e) {
		h = next_high(s, e);
		if (h == e) {
			scan_ascii_best(t, (const char *)s, (size_t)(e - s), safe);
			return;
		}
		for (a = h; a > s && cls[a[-1]] != S;)
			a--;
		for (z = h; z < e && cls[*z] != S;)
			z++;
		if (a > s)
			scan_ascii_best(t, (const char *)s, (size_t)(a - s), safe);
		slow_chunk(t, (const char *)a, (size_t)(z - a), scan_token, t);
		s = z;
	}
}

/*
 * Is [p, e) ASCII without a backslash?  Then the text of a JSON string is
 * the bytes as they are, and all of it goes to the block scan: one look
 * at each byte here, where looking for each kind apart took two.
 */
static int
plain_ascii(const struct tok *t, const unsigned char *p,
    const unsigned char *e)
{
#ifdef HAVE_AVX2_SCAN
	if (t->width == 64)
		return plain_ascii64(p, e);
#endif
#ifdef __SSE2__
	for (; p + 16 <= e; p += 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)p);

		if (_mm_movemask_epi8(_mm_or_si128(v, _mm_cmpeq_epi8(v,
		    _mm_set1_epi8('\\')))) != 0)
			return 0;
	}
#endif
	for (; p < e; p++)
		if (*p >= 0x80 || *p == '\\')
			return 0;
	return 1;
}

void
tok_scan_json(struct tok *t, const char *v, size_t len, const char *line_end,
    int plain)
{
	if (plain || plain_ascii(t, (const unsigned char *)v + 1,
	    (const unsigned char *)v + len - 1)) {
		scan_ascii_best(t, v + 1, len - 2, line_end);
		return;
	}
	if (memchr(v, '\\', len) == NULL) {
		tok_scan(t, v + 1, len - 2, line_end);
		return;
	}
	/* two bytes before the text, as the raw string has */
	pp_buf_reset(&t->text);
	pp_buf_add(&t->text, "  ", 2);
	pp_json_unquote(&t->text, v, len);
	tok_scan(t, t->text.s + 2, t->text.len - 2, t->text.s + t->text.len);
}
