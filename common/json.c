/*
 * JSON for records.  Reading: a validating scanner that checks a whole line
 * is one JSON object (RFC 8259, strict UTF-8) and indexes its top-level
 * members as raw spans, building no values: the programs look at a few keys
 * of each record and write the rest byte for byte, so decoding everything
 * (as jv_parse does) would cost most of the run.  Values that need the jq
 * language go through libjq in the programs that use it.
 * Writing: quoting strings into a buffer.
 */
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#ifdef __x86_64__
#include <immintrin.h>
#define HAVE_AVX2_STRINGS	/* chosen at run time, on CPUs that have it */
#endif

#include "pp.h"

/* Byte classes inside a JSON string. */
enum { C_PLAIN, C_QUOTE, C_ESCAPE, C_CONTROL, C_UTF8 };
#define P C_PLAIN
#define Q C_QUOTE
#define E C_ESCAPE
#define C C_CONTROL
#define U C_UTF8
static const unsigned char string_class[256] = {
	C, C, C, C, C, C, C, C, C, C, C, C, C, C, C, C,
	C, C, C, C, C, C, C, C, C, C, C, C, C, C, C, C,
	P, P, Q, P, P, P, P, P, P, P, P, P, P, P, P, P,
	P, P, P, P, P, P, P, P, P, P, P, P, P, P, P, P,
	P, P, P, P, P, P, P, P, P, P, P, P, P, P, P, P,
	P, P, P, P, P, P, P, P, P, P, P, P, E, P, P, P,
	P, P, P, P, P, P, P, P, P, P, P, P, P, P, P, P,
	P, P, P, P, P, P, P, P, P, P, P, P, P, P, P, P,
	U, U, U, U, U, U, U, U, U, U, U, U, U, U, U, U,
	U, U, U, U, U, U, U, U, U, U, U, U, U, U, U, U,
	U, U, U, U, U, U, U, U, U, U, U, U, U, U, U, U,
	U, U, U, U, U, U, U, U, U, U, U, U, U, U, U, U,
	U, U, U, U, U, U, U, U, U, U, U, U, U, U, U, U,
	U, U, U, U, U, U, U, U, U, U, U, U, U, U, U, U,
	U, U, U, U, U, U, U, U, U, U, U, U, U, U, U, U,
	U, U, U, U, U, U, U, U, U, U, U, U, U, U, U, U,
};
#undef P
#undef Q
#undef E
#undef C
#undef U

int pp_json_simd = 1;

struct scan {
	const char	*p, *end, *start;
	char		*err;
	size_t		 errlen;
	int		 failed;
	int		 escaped;	/* the last string had an escape */
	int		 nonascii;	/* and a byte above 0x7f */
	size_t		 maxdepth;	/* of containers scan_value may open */
	const char	*strend;	/* the last string's closing quote */
};

static int
fail(struct scan *s, const char *what)
{
	if (!s->failed) {
		if (s->p < s->end)
			snprintf(s->err, s->errlen, "%s at column %zu", what,
			    (size_t)(s->p - s->start) + 1);
		else
			snprintf(s->err, s->errlen, "%s at end of line", what);
	}
	s->failed = 1;
	return -1;
}

/*
 * Skips white space.  It runs before and after every value, key and comma,
 * and there is mostly none or one space: a byte above ' ' (almost always
 * the case) ends it after one test, and a local pointer keeps the loop
 * out of memory.
 */
static inline void
skip_ws(struct scan *s)
{
	const char *p = s->p;

	while (p < s->end && (unsigned char)*p <= ' ' && (*p == ' ' ||
	    *p == '\t' || *p == '\n' || *p == '\r'))
		p++;
	s->p = p;
}

/* Length of the valid UTF-8 sequence at p (lead byte >= 0x80), or 0. */
static size_t
utf8_seq(const unsigned char *p, const unsigned char *end)
{
	size_t avail = (size_t)(end - p);

	if (p[0] >= 0xc2 && p[0] <= 0xdf) {
		if (avail >= 2 && (p[1] & 0xc0) == 0x80)
			return 2;
	} else if (p[0] >= 0xe0 && p[0] <= 0xef) {
		if (avail >= 3 && (p[1] & 0xc0) == 0x80 && (p[2] & 0xc0) == 0x80 &&
		    !(p[0] == 0xe0 && p[1] < 0xa0) &&
		    !(p[0] == 0xed && p[1] > 0x9f))
			return 3;
	} else if (p[0] >= 0xf0 && p[0] <= 0xf4) {
		if (avail >= 4 && (p[1] & 0xc0) == 0x80 &&
		    (p[2] & 0xc0) == 0x80 && (p[3] & 0xc0) == 0x80 &&
		    !(p[0] == 0xf0 && p[1] < 0x90) &&
		    !(p[0] == 0xf4 && p[1] > 0x8f))
			return 4;
	}
	return 0;
}

static int
is_hex(int c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
	    (c >= 'A' && c <= 'F');
}

/*
 * Are all eight bytes at p plain string bytes, none a quote, a backslash,
 * a control character or non-ASCII?  Most of a record is such text, and
 * testing a word at a time scans it several times faster than a byte at a
 * time.  (Each test below is exact: a word that fails goes byte by byte.)
 */
#define ONES	0x0101010101010101ULL
#define HIGHS	0x8080808080808080ULL
static inline int
plain8(const unsigned char *p)
{
	uint64_t w, q, b;

	memcpy(&w, p, sizeof(w));
	q = w ^ (ONES * '"');
	b = w ^ (ONES * '\\');
	return ((w | ((w - ONES * 0x20) & ~w) | ((q - ONES) & ~q) |
	    ((b - ONES) & ~b)) & HIGHS) == 0;
}

/*
 * Skips plain string bytes: with SSE2 (every x86-64) sixteen at a time,
 * stopping exactly at the first quote, backslash, control character or
 * non-ASCII byte; elsewhere eight at a time, then byte by byte.
 */
static inline const unsigned char *
skip_plain16(const unsigned char *p, const unsigned char *end)
{
#ifdef __SSE2__
	const __m128i quote = _mm_set1_epi8('"');
	const __m128i backslash = _mm_set1_epi8('\\');
	const __m128i space = _mm_set1_epi8(0x20);
	__m128i v;
	unsigned mask;

	while (end - p >= 16) {
		v = _mm_loadu_si128((const __m128i *)(const void *)p);
		/* signed: bytes >= 0x80 are negative, so below ' ' too */
		mask = (unsigned)_mm_movemask_epi8(_mm_or_si128(
		    _mm_or_si128(_mm_cmpeq_epi8(v, quote),
		    _mm_cmpeq_epi8(v, backslash)), _mm_cmplt_epi8(v, space)));
		if (mask != 0)
			return p + __builtin_ctz(mask);
		p += 16;
	}
#endif
	while (end - p >= 8 && plain8(p))
		p += 8;
	while (p < end && string_class[*p] == C_PLAIN)
		p++;
	return p;
}

#ifdef HAVE_AVX2_STRINGS
/*
 * Strings with AVX2, 32 bytes at a time, and non-ASCII text checked in the
 * same step: a record of accented names and typographic quotes has a
 * multi-byte character every hundred bytes or so, and stopping at each one
 * for utf8_seq() cost a quarter of a parse.  The check is the lookup-table
 * method of Keiser and Lemire ("Validating UTF-8 in less than one
 * instruction per byte", 2021): three 16-entry tables, indexed by the high
 * and low halves of each byte and the high half of the byte after it, give
 * bit sets of the errors each could be part of, and a byte pair is wrong
 * where the three agree; the third and fourth bytes of a sequence are
 * found from the lead bytes two and three places back.  Every step starts
 * on a character boundary, so nothing is carried from the step before:
 * a character cut by the end of the step is checked again in the next.
 * Anything found wrong goes back to utf8_seq() at the first non-ASCII byte,
 * which says what the scalar scan says, at the same column.
 */
#define AVX2	__attribute__((target("avx2")))

/* The error classes, bits of the tables below. */
#define TOO_SHORT	(1 << 0)	/* a lead not followed by a continuation */
#define TOO_LONG	(1 << 1)	/* a continuation after ASCII */
#define OVERLONG_3	(1 << 2)
#define TOO_LARGE	(1 << 3)	/* above U+10FFFF */
#define SURROGATE	(1 << 4)
#define OVERLONG_2	(1 << 5)
#define TOO_LARGE_1000	(1 << 6)
#define OVERLONG_4	(1 << 6)
#define TWO_CONTS	(1 << 7)	/* allowed only in a 3- or 4-byte one */
#define CARRY		(TOO_SHORT | TOO_LONG | TWO_CONTS)

/* A 16-entry table in both halves, for _mm256_shuffle_epi8(). */
static inline AVX2 __m256i
table16(int b0, int b1, int b2, int b3, int b4, int b5, int b6, int b7,
    int b8, int b9, int b10, int b11, int b12, int b13, int b14, int b15)
{
	return _mm256_setr_epi8((char)b0, (char)b1, (char)b2, (char)b3,
	    (char)b4, (char)b5, (char)b6, (char)b7, (char)b8, (char)b9,
	    (char)b10, (char)b11, (char)b12, (char)b13, (char)b14, (char)b15,
	    (char)b0, (char)b1, (char)b2, (char)b3, (char)b4, (char)b5,
	    (char)b6, (char)b7, (char)b8, (char)b9, (char)b10, (char)b11,
	    (char)b12, (char)b13, (char)b14, (char)b15);
}

/*
 * Whether v, a step that starts on a character boundary, has an error.  Not
 * inlined: its tables would be loaded on each call of skip_plain32(), and
 * most strings are ASCII.
 */
static inline AVX2 int
utf8_wrong32(__m256i v)
{
	const __m256i low4 = _mm256_set1_epi8(0x0f);
	const __m256i byte_1_high = table16(
	    TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG,
	    TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG,
	    TWO_CONTS, TWO_CONTS, TWO_CONTS, TWO_CONTS,
	    TOO_SHORT | OVERLONG_2,
	    TOO_SHORT,
	    TOO_SHORT | OVERLONG_3 | SURROGATE,
	    TOO_SHORT | TOO_LARGE | TOO_LARGE_1000 | OVERLONG_4);
	const __m256i byte_1_low = table16(
	    CARRY | OVERLONG_3 | OVERLONG_2 | OVERLONG_4,
	    CARRY | OVERLONG_2,
	    CARRY,
	    CARRY,
	    CARRY | TOO_LARGE,
	    CARRY | TOO_LARGE | TOO_LARGE_1000,
	    CARRY | TOO_LARGE | TOO_LARGE_1000,
	    CARRY | TOO_LARGE | TOO_LARGE_1000,
	    CARRY | TOO_LARGE | TOO_LARGE_1000,
	    CARRY | TOO_LARGE | TOO_LARGE_1000,
	    CARRY | TOO_LARGE | TOO_LARGE_1000,
	    CARRY | TOO_LARGE | TOO_LARGE_1000,
	    CARRY | TOO_LARGE | TOO_LARGE_1000,
	    CARRY | TOO_LARGE | TOO_LARGE_1000 | SURROGATE,
	    CARRY | TOO_LARGE | TOO_LARGE_1000,
	    CARRY | TOO_LARGE | TOO_LARGE_1000);
	const __m256i byte_2_high = table16(
	    TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT,
	    TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT,
	    TOO_LONG | OVERLONG_2 | TWO_CONTS | OVERLONG_3 | TOO_LARGE_1000 |
	    OVERLONG_4,
	    TOO_LONG | OVERLONG_2 | TWO_CONTS | OVERLONG_3 | TOO_LARGE,
	    TOO_LONG | OVERLONG_2 | TWO_CONTS | SURROGATE | TOO_LARGE,
	    TOO_LONG | OVERLONG_2 | TWO_CONTS | SURROGATE | TOO_LARGE,
	    TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT);
	__m256i before, prev1, prev2, prev3, special, third, fourth, must23;

	/* v shifted on by 1, 2 and 3 bytes, zeros (ASCII) coming in */
	before = _mm256_permute2x128_si256(v, v, 0x08);
	prev1 = _mm256_alignr_epi8(v, before, 15);
	prev2 = _mm256_alignr_epi8(v, before, 14);
	prev3 = _mm256_alignr_epi8(v, before, 13);
	special = _mm256_and_si256(_mm256_and_si256(
	    _mm256_shuffle_epi8(byte_1_high,
	    _mm256_and_si256(_mm256_srli_epi16(prev1, 4), low4)),
	    _mm256_shuffle_epi8(byte_1_low, _mm256_and_si256(prev1, low4))),
	    _mm256_shuffle_epi8(byte_2_high,
	    _mm256_and_si256(_mm256_srli_epi16(v, 4), low4)));
	/* the third byte after a 3- or 4-byte lead, the fourth after a 4 */
	third = _mm256_subs_epu8(prev2, _mm256_set1_epi8((char)(0xe0 - 0x80)));
	fourth = _mm256_subs_epu8(prev3, _mm256_set1_epi8((char)(0xf0 - 0x80)));
	must23 = _mm256_and_si256(_mm256_or_si256(third, fourth),
	    _mm256_set1_epi8((char)0x80));
	return !_mm256_testz_si256(_mm256_xor_si256(must23, special),
	    _mm256_xor_si256(must23, special));
}

/* Bytes at the end of a step that begin a character it does not finish. */
static inline size_t
unfinished(const unsigned char *end)
{
	if (end[-1] >= 0xc0)
		return 1;
	if (end[-2] >= 0xe0)
		return 2;
	if (end[-3] >= 0xf0)
		return 3;
	return 0;
}

/*
 * skip_plain16(), but non-ASCII text is plain too when it is valid UTF-8;
 * *nonascii is set when some was.
 */
static AVX2 const unsigned char *
skip_plain32(const unsigned char *p, const unsigned char *end, int *nonascii)
{
	static const unsigned char keep[64] = {
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	};
	const __m256i quote = _mm256_set1_epi8('"');
	const __m256i backslash = _mm256_set1_epi8('\\');
	const __m256i control = _mm256_set1_epi8(0x1f);
	__m256i v;
	unsigned stop, high;
	int k;

	while (end - p >= 32) {
		v = _mm256_loadu_si256((const __m256i *)(const void *)p);
		stop = (unsigned)_mm256_movemask_epi8(_mm256_or_si256(
		    _mm256_or_si256(_mm256_cmpeq_epi8(v, quote),
		    _mm256_cmpeq_epi8(v, backslash)),
		    _mm256_cmpeq_epi8(_mm256_min_epu8(v, control), v)));
		high = (unsigned)_mm256_movemask_epi8(v);
		if ((stop | high) == 0) {
			p += 32;
			continue;
		}
		k = stop != 0 ? __builtin_ctz(stop) : 32;
		if (k < 32) {
			high &= (1u << k) - 1;
			if (high == 0)
				return p + k;
			/* the stop and what follows count as ASCII */
			v = _mm256_and_si256(v, _mm256_loadu_si256(
			    (const __m256i *)(const void *)(keep + 32 - k)));
		}
		if (utf8_wrong32(v))
			return p + __builtin_ctz(high);
		*nonascii = 1;
		if (k < 32)
			return p + k;
		p += 32 - unfinished(p + 32);
	}
	return skip_plain16(p, end);
}
#endif


/*
 * The plain bytes of a string from p: where the scan must look closer.
 * *nonascii is set if non-ASCII text was passed over.
 */
static inline const unsigned char *
skip_plain(const unsigned char *p, const unsigned char *end, int *nonascii)
{
#ifdef HAVE_AVX2_STRINGS
	const unsigned char *q;

	/*
	 * Most strings are keys, names and dates, ASCII and short: sixteen
	 * bytes settle them without a call.  The rest, long or not ASCII,
	 * go on 32 bytes at a time.
	 */
	if (end - p >= 32 && pp_json_simd && __builtin_cpu_supports("avx2")) {
		q = skip_plain16(p, p + 16);
		if (q < p + 16 && *q < 0x80)
			return q;
		return skip_plain32(q, end, nonascii);
	}
#else
	(void)nonascii;
#endif
	return skip_plain16(p, end);
}

/* Scans a string; s->p is on the opening quote. */
static int
scan_string(struct scan *s)
{
	const unsigned char *p = (const unsigned char *)s->p + 1;
	const unsigned char *end = (const unsigned char *)s->end;
	size_t n;

	s->escaped = 0;
	s->nonascii = 0;
	for (;;) {
		p = skip_plain(p, end, &s->nonascii);
		if (p == end) {
			s->p = (const char *)p;
			return fail(s, "unterminated string");
		}
		/* most stops are the closing quote: test it before the table */
		if (*p == '"') {
			s->strend = (const char *)p;
			s->p = (const char *)p + 1;
			return 0;
		}
		switch (string_class[*p]) {
		case C_QUOTE:
			s->strend = (const char *)p;
			s->p = (const char *)p + 1;
			return 0;
		case C_ESCAPE:
			s->escaped = 1;
			if (p + 1 == end) {
				s->p = (const char *)p + 1;
				return fail(s, "unterminated string");
			}
			if (p[1] == 'u') {
				if (end - p < 6 || !is_hex(p[2]) || !is_hex(p[3]) ||
				    !is_hex(p[4]) || !is_hex(p[5])) {
					s->p = (const char *)p;
					return fail(s, "invalid \\u escape");
				}
				p += 6;
			} else if (strchr("\"\\/bfnrt", p[1]) != NULL && p[1] != '\0') {
				p += 2;
			} else {
				s->p = (const char *)p;
				return fail(s, "invalid escape");
			}
			break;
		case C_CONTROL:
			s->p = (const char *)p;
			return fail(s, *p == '\0' ? "NUL byte in string" :
			    "control character in string");
		default:
			if ((n = utf8_seq(p, end)) == 0) {
				s->p = (const char *)p;
				return fail(s, "invalid UTF-8");
			}
			s->nonascii = 1;
			p += n;
		}
	}
}

/* The end of the digits at p, at least one, or NULL. */
static const char *
scan_digits(const char *p, const char *end)
{
	if (p == end || *p < '0' || *p > '9')
		return NULL;
	while (p < end && *p >= '0' && *p <= '9')
		p++;
	return p;
}

static int
scan_number(struct scan *s)
{
	const char *p = s->p, *end = s->end, *q;

	if (p < end && *p == '-')
		p++;
	/* a leading zero stands alone: 0.5, not 05 */
	q = p < end && *p == '0' ? p + 1 : scan_digits(p, end);
	if (q != NULL && q < end && *q == '.')
		q = scan_digits(p = q + 1, end);
	if (q != NULL && q < end && (*q == 'e' || *q == 'E')) {
		p = q + 1;
		if (p < end && (*p == '+' || *p == '-'))
			p++;
		q = scan_digits(p, end);
	}
	if (q == NULL) {
		s->p = p;
		return fail(s, "invalid number");
	}
	s->p = q;
	return 0;
}

static int
scan_literal(struct scan *s, const char *word)
{
	size_t n = strlen(word);

	if ((size_t)(s->end - s->p) < n || memcmp(s->p, word, n) != 0)
		return fail(s, "invalid literal");
	s->p += n;
	return 0;
}

static int
scan_key(struct scan *s)
{
	skip_ws(s);
	if (s->p == s->end || *s->p != '"')
		return fail(s, "expected a string key");
	if (scan_string(s) == -1)
		return -1;
	skip_ws(s);
	if (s->p == s->end || *s->p != ':')
		return fail(s, "expected ':'");
	s->p++;
	return 0;
}

/*
 * Scans one value of any depth without recursion: open containers are kept
 * on a stack of '[' and '{', so hostile nesting costs a byte a level.
 */
static int
scan_value(struct scan *s, enum pp_jtype *type)
{
	char stack[PP_JSON_MAXDEPTH];	/* not static: pp-rank parses in threads */
	size_t depth = 0;
	int first = 1;

value:
	skip_ws(s);
	if (s->p == s->end)
		return fail(s, "expected a value");
	switch (*s->p) {
	case '"':
		if (first)
			*type = PP_JSTRING;
		if (scan_string(s) == -1)
			return -1;
		break;
	case '{':
	case '[':
		if (first)
			*type = *s->p == '{' ? PP_JOBJECT : PP_JARRAY;
		if (depth == s->maxdepth)
			return fail(s, "nesting too deep");
		stack[depth++] = *s->p++;
		first = 0;
		skip_ws(s);
		if (s->p < s->end && *s->p == (stack[depth - 1] == '{' ? '}' : ']')) {
			s->p++;
			depth--;
			break;
		}
		if (stack[depth - 1] == '{' && scan_key(s) == -1)
			return -1;
		goto value;
	case 't':
		if (first)
			*type = PP_JTRUE;
		if (scan_literal(s, "true") == -1)
			return -1;
		break;
	case 'f':
		if (first)
			*type = PP_JFALSE;
		if (scan_literal(s, "false") == -1)
			return -1;
		break;
	case 'n':
		if (first)
			*type = PP_JNULL;
		if (scan_literal(s, "null") == -1)
			return -1;
		break;
	default:
		if (first)
			*type = PP_JNUMBER;
		if (*s->p != '-' && (*s->p < '0' || *s->p > '9'))
			return fail(s, "unexpected character");
		if (scan_number(s) == -1)
			return -1;
	}
	first = 0;
	/* After a value: close containers or go on to the next element. */
	while (depth > 0) {
		skip_ws(s);
		if (s->p == s->end)
			return fail(s, "unterminated container");
		if (*s->p == ',') {
			s->p++;
			if (stack[depth - 1] == '{' && scan_key(s) == -1)
				return -1;
			goto value;
		}
		if (*s->p != (stack[depth - 1] == '{' ? '}' : ']'))
			return fail(s, "expected ',' or a closing bracket");
		s->p++;
		depth--;
	}
	return 0;
}

int
pp_record_parse(struct pp_record *r, const char *line, size_t len,
    char *err, size_t errlen)
{
	struct scan s;
	struct pp_member *m;
	enum pp_jtype type;
	const char *key;

	memset(&s, 0, sizeof(s));
	s.start = s.p = line;
	s.end = line + len;
	s.err = err;
	s.errlen = errlen;
	/* the record's own braces are the first level */
	s.maxdepth = PP_JSON_MAXDEPTH - 1;
	r->line = line;
	r->len = len;
	r->nmembers = 0;

	skip_ws(&s);
	if (s.p == s.end)
		return fail(&s, "empty line"), -1;
	if (*s.p != '{') {
		if (scan_value(&s, &type) == 0) {
			skip_ws(&s);
			if (s.p == s.end) {
				snprintf(err, errlen, "not a JSON object");
				return PP_JSON_NOT_OBJECT;
			}
			fail(&s, "unexpected text after the value");
		}
		return -1;
	}
	s.p++;
	skip_ws(&s);
	if (s.p < s.end && *s.p == '}')
		s.p++;
	else
		for (;;) {
			skip_ws(&s);
			key = s.p + 1;
			if (scan_key(&s) == -1)
				return -1;
			if (r->nmembers == r->cap) {
				r->cap = r->cap ? r->cap * 2 : 16;
				r->members = xreallocarray(r->members, r->cap,
				    sizeof(*r->members));
			}
			m = &r->members[r->nmembers];
			m->key.p = key;
			m->key_escaped = s.escaped;
			m->key.len = (size_t)(s.strend - key);
			skip_ws(&s);
			m->value.p = s.p;
			if (scan_value(&s, &m->type) == -1)
				return -1;
			m->value.len = (size_t)(s.p - m->value.p);
			m->plain = m->type == PP_JSTRING && !s.escaped &&
			    !s.nonascii;
			r->nmembers++;
			skip_ws(&s);
			if (s.p < s.end && *s.p == ',') {
				s.p++;
				continue;
			}
			if (s.p < s.end && *s.p == '}') {
				s.p++;
				break;
			}
			return fail(&s, "expected ',' or '}'");
		}
	skip_ws(&s);
	if (s.p != s.end)
		return fail(&s, "unexpected text after the object");
	return 0;
}

void
pp_record_free(struct pp_record *r)
{
	free(r->members);
	memset(r, 0, sizeof(*r));
}

/* Does the raw key (escapes undecoded) spell name? */
static int
key_is(const struct pp_member *m, const char *name, size_t namelen)
{
	struct pp_buf b = { 0 };
	int same;

	if (!m->key_escaped)
		return m->key.len == namelen && memcmp(m->key.p, name, namelen) == 0;
	pp_json_unquote(&b, m->key.p - 1, m->key.len + 2);
	same = b.len == namelen && memcmp(b.s, name, namelen) == 0;
	pp_buf_free(&b);
	return same;
}

const struct pp_member *
pp_record_get(const struct pp_record *r, const char *key)
{
	size_t i, n = strlen(key);

	for (i = r->nmembers; i-- > 0; )
		if (key_is(&r->members[i], key, n))
			return &r->members[i];
	return NULL;
}

static uint32_t
hex4(const char *p)
{
	uint32_t v = 0;
	int i, c;

	for (i = 0; i < 4; i++) {
		c = (unsigned char)p[i];
		v = v * 16 + (uint32_t)(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
	}
	return v;
}

/*
 * Decodes a validated JSON string (raw, with its quotes).  A lone UTF-16
 * surrogate becomes U+FFFD, as jq does.
 */
void
pp_json_unquote(struct pp_buf *b, const char *raw, size_t len)
{
	const char *p = raw + 1, *end = raw + len - 1, *run;
	uint32_t cp, lo;

	pp_buf_grow(b, len);
	while (p < end) {
		run = p;
		while (p < end && *p != '\\')
			p++;
		pp_buf_add(b, run, (size_t)(p - run));
		if (p == end)
			break;
		switch (p[1]) {
		case 'b': pp_buf_addc(b, '\b'); break;
		case 'f': pp_buf_addc(b, '\f'); break;
		case 'n': pp_buf_addc(b, '\n'); break;
		case 'r': pp_buf_addc(b, '\r'); break;
		case 't': pp_buf_addc(b, '\t'); break;
		case 'u':
			cp = hex4(p + 2);
			p += 4;
			if (cp >= 0xd800 && cp <= 0xdbff && end - p >= 8 &&
			    p[2] == '\\' && p[3] == 'u' &&
			    (lo = hex4(p + 4)) >= 0xdc00 && lo <= 0xdfff) {
				cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
				p += 6;
			} else if (cp >= 0xd800 && cp <= 0xdfff)
				cp = 0xfffd;
			pp_utf8_put(b, (int32_t)cp);
			break;
		default:	/* \" \\ \/ */
			pp_buf_addc(b, p[1]);
		}
		p += 2;
	}
}

int
pp_json_array_next(const struct pp_span *array, size_t *pos,
    struct pp_span *elem, enum pp_jtype *type)
{
	struct scan s;
	char err[8];

	memset(&s, 0, sizeof(s));
	s.start = array->p;
	s.p = array->p + (*pos == 0 ? 1 : *pos);
	s.end = array->p + array->len;
	s.err = err;
	s.errlen = sizeof(err);
	s.maxdepth = PP_JSON_MAXDEPTH;
	skip_ws(&s);
	if (s.p < s.end && *s.p == ',') {
		s.p++;
		skip_ws(&s);
	}
	if (s.p >= s.end - 1 || *s.p == ']')
		return 0;
	elem->p = s.p;
	if (scan_value(&s, type) == -1)
		return 0;
	elem->len = (size_t)(s.p - elem->p);
	*pos = (size_t)(s.p - array->p);
	return 1;
}

void
pp_json_quote(struct pp_buf *b, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	const char *run, *end = s + len;
	unsigned char c;

	pp_buf_grow(b, len + 2);
	pp_buf_addc(b, '"');
	while (s < end) {
		run = s;
		while (s < end && (unsigned char)*s >= 0x20 && *s != '"' &&
		    *s != '\\')
			s++;
		pp_buf_add(b, run, (size_t)(s - run));
		if (s == end)
			break;
		c = (unsigned char)*s++;
		pp_buf_addc(b, '\\');
		switch (c) {
		case '"': pp_buf_addc(b, '"'); break;
		case '\\': pp_buf_addc(b, '\\'); break;
		case '\b': pp_buf_addc(b, 'b'); break;
		case '\f': pp_buf_addc(b, 'f'); break;
		case '\n': pp_buf_addc(b, 'n'); break;
		case '\r': pp_buf_addc(b, 'r'); break;
		case '\t': pp_buf_addc(b, 't'); break;
		default:
			pp_buf_adds(b, "u00");
			pp_buf_addc(b, hex[c >> 4]);
			pp_buf_addc(b, hex[c & 0xf]);
		}
	}
	pp_buf_addc(b, '"');
}

/* Parses in's line into rec, reporting a line that is no record. */
int
pp_record_line(struct pp_input *in, struct pp_record *rec)
{
	char err[128];
	int r;

	if ((r = pp_record_parse(rec, in->line, in->len, err, sizeof(err))) ==
	    PP_JSON_OK)
		return 1;
	if (r == PP_JSON_NOT_OBJECT)
		pp_error_at(in, "%s", err);
	else
		pp_error_at(in, "invalid JSON: %s", err);
	return 0;
}

enum pp_next
pp_record_next(struct pp_input *in, struct pp_record *rec)
{
	do
		if (pp_input_next(in) != 1)
			return PP_NEXT_END;
	while (pp_is_blank(in->line, in->len));
	return pp_record_line(in, rec) ? PP_NEXT_RECORD : PP_NEXT_BAD;
}

/* --- keys as the user names them ------------------------------------------ */

/*
 * The member key[0..klen) of a validated raw JSON object; with duplicate
 * keys the last, as jq has it.
 */
int
pp_json_object_get(const struct pp_span *obj, const char *key, size_t klen,
    struct pp_span *value, enum pp_jtype *type)
{
	struct pp_member m;
	struct scan s;
	char err[8];
	int found = 0;

	memset(&s, 0, sizeof(s));
	s.start = obj->p;
	s.p = obj->p + 1;
	s.end = obj->p + obj->len;
	s.err = err;
	s.errlen = sizeof(err);
	s.maxdepth = PP_JSON_MAXDEPTH;
	for (;;) {
		skip_ws(&s);
		if (s.p >= s.end || *s.p == '}')
			break;
		if (*s.p == ',') {
			s.p++;
			skip_ws(&s);
		}
		m.key.p = s.p + 1;
		if (scan_key(&s) == -1)
			break;
		m.key.len = (size_t)(s.strend - m.key.p);
		m.key_escaped = s.escaped;
		skip_ws(&s);
		m.value.p = s.p;
		if (scan_value(&s, &m.type) == -1)
			break;
		m.value.len = (size_t)(s.p - m.value.p);
		if (key_is(&m, key, klen)) {
			*value = m.value;
			*type = m.type;
			found = 1;
		}
	}
	return found;
}

/* The member name[0..len) of a record, last of duplicates, or NULL. */
static const struct pp_member *
record_member(const struct pp_record *r, const char *name, size_t len)
{
	size_t i;

	for (i = r->nmembers; i-- > 0; )
		if (key_is(&r->members[i], name, len))
			return &r->members[i];
	return NULL;
}

/* path[0..len) inside the object obj: a key as it is, else split at a dot. */
static int
object_path(const struct pp_span *obj, const char *path, size_t len,
    struct pp_span *value, enum pp_jtype *type)
{
	struct pp_span inner;
	enum pp_jtype t;
	size_t i;

	if (pp_json_object_get(obj, path, len, value, type))
		return 1;
	for (i = 0; i < len; i++)
		if (path[i] == '.' && pp_json_object_get(obj, path, i, &inner,
		    &t) && t == PP_JOBJECT && object_path(&inner, path + i + 1,
		    len - i - 1, value, type))
			return 1;
	return 0;
}

int
pp_record_path(const struct pp_record *r, const char *path, size_t len,
    struct pp_span *value, enum pp_jtype *type)
{
	const struct pp_member *m;
	size_t i;

	/* a key with a dot in its name is itself first, as in Miller */
	if ((m = record_member(r, path, len)) != NULL) {
		*value = m->value;
		*type = m->type;
		return 1;
	}
	for (i = 0; i < len; i++)
		if (path[i] == '.' && (m = record_member(r, path, i)) != NULL &&
		    m->type == PP_JOBJECT && object_path(&m->value,
		    path + i + 1, len - i - 1, value, type))
			return 1;
	return 0;
}

int
pp_keylist_add(struct pp_keylist *kl, const char *opt, const char *list)
{
	const char *p = list, *comma;
	struct pp_keypath *k;
	size_t n;

	for (;;) {
		comma = strchr(p, ',');
		n = comma != NULL ? (size_t)(comma - p) : strlen(p);
		if (n == 0) {
			pp_errorx("%s: '%s': an empty key name", opt, list);
			return -1;
		}
		kl->keys = xreallocarray(kl->keys, kl->n + 1, sizeof(*kl->keys));
		k = &kl->keys[kl->n++];
		k->name = xmemdup(p, n);
		k->len = n;
		k->found = 0;
		if (comma == NULL)
			return 0;
		p = comma + 1;
	}
}

void
pp_keylist_check(struct pp_keylist *kl, const struct pp_record *r)
{
	struct pp_span v;
	enum pp_jtype t;
	size_t i;

	kl->records++;
	if (kl->nfound == kl->n)
		return;
	for (i = 0; i < kl->n; i++)
		if (!kl->keys[i].found && pp_record_path(r, kl->keys[i].name,
		    kl->keys[i].len, &v, &t)) {
			kl->keys[i].found = 1;
			kl->nfound++;
		}
}

void
pp_keylist_report(const struct pp_keylist *kl)
{
	size_t i, j;

	if (kl->records == 0 || kl->nfound == kl->n)
		return;
	for (i = 0; i < kl->n; i++) {
		if (kl->keys[i].found)
			continue;
		for (j = 0; j < i; j++)
			if (strcmp(kl->keys[j].name, kl->keys[i].name) == 0)
				break;
		if (j == i)
			pp_warnx("key '%s' is in none of %lu record%s",
			    kl->keys[i].name, kl->records,
			    kl->records == 1 ? "" : "s");
	}
}

/* A thread's copy: the names shared, nothing found or checked yet. */
void
pp_keylist_clone(struct pp_keylist *to, const struct pp_keylist *from)
{
	size_t i;

	*to = *from;
	to->keys = NULL;
	to->nfound = 0;
	to->records = 0;
	if (from->n == 0)
		return;
	to->keys = xreallocarray(NULL, from->n, sizeof(*to->keys));
	for (i = 0; i < from->n; i++) {
		to->keys[i] = from->keys[i];
		to->keys[i].found = 0;
	}
}

/* Adds what a copy found and checked to kl; the copy reads on. */
void
pp_keylist_merge(struct pp_keylist *kl, struct pp_keylist *copy)
{
	size_t i;

	for (i = 0; i < kl->n; i++)
		if (!kl->keys[i].found && copy->keys[i].found) {
			kl->keys[i].found = 1;
			kl->nfound++;
		}
	kl->records += copy->records;
	copy->records = 0;
}

void
pp_keylist_clone_free(struct pp_keylist *copy)
{
	free(copy->keys);
	memset(copy, 0, sizeof(*copy));
}

void
pp_keylist_free(struct pp_keylist *kl)
{
	size_t i;

	for (i = 0; i < kl->n; i++)
		free(kl->keys[i].name);
	free(kl->keys);
	memset(kl, 0, sizeof(*kl));
}
