/*
 * What the text readers share: text built straight into its JSON form (one
 * pass over the bytes escapes, squeezes white space and repairs UTF-8, so
 * that a page is never copied twice), and the scanners of words, numbers
 * and dates that listing pages of every kind show.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#if defined(__SSE2__) && defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define HAVE_AVX2_RUNS		/* chosen at run time, on CPUs that have it */
#endif

#include "text.h"

/*
 * What a byte is to text_add(): 0 copied as it is, 1 white space, 2 to be
 * escaped, 3 not ASCII (or NUL) and looked at as UTF-8.
 */
static const unsigned char cls[256] = {
	3, 2, 2, 2, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1, 2, 2,	/* 00 */
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,	/* 10 */
	1, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,	/* 20 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,	/* 30 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,	/* 40 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0,	/* 50 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,	/* 60 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,	/* 70 */
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,	/* 80 */
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,	/* 90 */
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,	/* a0 */
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,	/* b0 */
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,	/* c0 */
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,	/* d0 */
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,	/* e0 */
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,	/* f0 */
};

static const char *const months[] = {
	"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
	"nov", "dec"
};
static const char *const month_names[] = {
	"january", "february", "march", "april", "may", "june", "july",
	"august", "september", "october", "november", "december"
};






int
month_of(const char *s, size_t len)
{
	int m;

	if (len > 0 && s[len - 1] == '.')
		len--;
	if (len < 3)
		return 0;
	for (m = 0; m < 12; m++)
		if (same_nocase(s, 3, months[m]))
			break;
	if (m == 12)
		return 0;
	if (len == 3 || same_nocase(s, len, month_names[m]) ||
	    (m == 8 && same_nocase(s, len, "sept")))
		return m + 1;
	return 0;
}

int
parse_uint(const char **s, size_t *len, long *v)
{
	size_t i = 0;

	*v = 0;
	while (i < *len && i < 9 && (*s)[i] >= '0' && (*s)[i] <= '9')
		*v = *v * 10 + ((*s)[i++] - '0');
	if (i == 0 || (i < *len && (*s)[i] >= '0' && (*s)[i] <= '9'))
		return 0;
	*s += i;
	*len -= i;
	return 1;
}

int
parse_rfc_date(const char *s, size_t len, struct date *d)
{
	const char *w;
	long day, year;
	int m;

	trim(&s, &len);
	if (len > 4 && s[3] == ',') {
		s += 4, len -= 4;
		trim(&s, &len);
	}
	if (!parse_uint(&s, &len, &day) || len == 0 || *s != ' ')
		return 0;
	s++, len--;
	for (w = s; len > 0 && *s != ' '; s++, len--)
		;
	/* "8 June, 2023", as arXiv's search results give it */
	if ((m = month_of(w, (size_t)(s - w) - (s > w && s[-1] == ','))) == 0 ||
	    len == 0)
		return 0;
	s++, len--;
	if (!parse_uint(&s, &len, &year) || year < 1000 || year > 9999 ||
	    day < 1 || day > pp_days_in_month((int)year, m))
		return 0;
	d->y = (int)year;
	d->m = m;
	d->d = (int)day;
	d->ncount = 0;
	d->noyear = 0;
	return 1;
}

/*
 * After a line that ends "word-", does the line s go on with the word?
 * Python's textwrap (html2text) breaks words after their hyphens
 * ("Fine-" then "Tuning"), but a hyphen left hanging before a conjunction
 * is a word of its own ("pre-" then "and post-training").
 */
int
hyphen_joins(const char *s, size_t len)
{
	static const char *const words[] = {
		"and", "or", "nor", "to", "vs", "vs.", "versus", "as", "but",
		"&", NULL
	};
	size_t i, n;

	while (len > 0 && (*s == ' ' || *s == '\t'))
		s++, len--;
	for (n = 0; n < len && s[n] != ' ' && s[n] != '\t' && s[n] != ','; n++)
		;
	if (n == 0)
		return 0;
	for (i = 0; words[i] != NULL; i++)
		if (strlen(words[i]) == n && strncasecmp(s, words[i], n) == 0)
			return 0;
	return 1;
}

/* --- text: escape, squeeze and repair in one pass ----------------------- */

void
text_reset(struct text *t, unsigned long lineno)
{
	pp_buf_reset(&t->q);
	pp_buf_grow(&t->q, 0);
	t->space = t->hyphen = 0;
	t->set = 0;
	t->lineno = lineno;
}

void
text_free(struct text *t)
{
	pp_buf_free(&t->q);
	pp_buf_free(&t->tmp);
}

/* Length a UTF-8 lead byte announces; 1 for bytes that cannot lead. */
static size_t
utf8_len(unsigned char c)
{
	if (c >= 0xc2 && c <= 0xdf)
		return 2;
	if (c >= 0xe0 && c <= 0xef)
		return 3;
	if (c >= 0xf0 && c <= 0xf4)
		return 4;
	return 1;
}

#define ONES	0x0101010101010101ULL
#define HIGHS	0x8080808080808080ULL

/* High bit set in exactly the bytes of v that are zero. */
static inline uint64_t
zero_bytes(uint64_t v)
{
	return ~(((v & ~HIGHS) + ~HIGHS) | v | ~HIGHS);
}

#ifdef HAVE_AVX2_RUNS
/*
 * Long runs (an abstract on one line, most of a page) 64 bytes a step on
 * CPUs with AVX2: the step that holds anything but plain text, or two
 * spaces in a row, is left to plain_run()'s exact loops.
 */
__attribute__((target("avx2"))) static size_t
plain_steps(const char *s, size_t i, size_t len, size_t start)
{
	const __m256i space = _mm256_set1_epi8(' ');
	const __m256i quote = _mm256_set1_epi8('"');
	const __m256i backslash = _mm256_set1_epi8('\\');
	const __m256i below = _mm256_set1_epi8(0x20);
	__m256i a, b;
	uint64_t bad, sp;

	while (i + 64 <= len) {
		a = _mm256_loadu_si256((const __m256i *)(const void *)(s + i));
		b = _mm256_loadu_si256((const __m256i *)(const void *)(s + i + 32));
		/* signed: a byte above 0x7f is below ' ' too */
		bad = (uint32_t)_mm256_movemask_epi8(_mm256_or_si256(
		    _mm256_cmpgt_epi8(below, a), _mm256_or_si256(
		    _mm256_cmpeq_epi8(a, quote), _mm256_cmpeq_epi8(a, backslash))));
		bad |= (uint64_t)(uint32_t)_mm256_movemask_epi8(_mm256_or_si256(
		    _mm256_cmpgt_epi8(below, b), _mm256_or_si256(
		    _mm256_cmpeq_epi8(b, quote), _mm256_cmpeq_epi8(b, backslash))))
		    << 32;
		sp = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(a, space));
		sp |= (uint64_t)(uint32_t)_mm256_movemask_epi8(
		    _mm256_cmpeq_epi8(b, space)) << 32;
		if (bad != 0 || (sp & (sp >> 1)) != 0 ||
		    (s[i] == ' ' && (i == start || s[i - 1] == ' ')))
			break;
		i += 64;
	}
	return i;
}
#endif

/*
 * The end of the run of plain text from s[i]: printable ASCII that needs
 * no escape, with single spaces between words.  Eight bytes at a time
 * while they are plain; byte by byte near anything else.
 */
static size_t
plain_run(const char *s, size_t i, size_t len)
{
	size_t start = i;
	uint64_t v, sp;

#ifdef HAVE_AVX2_RUNS
	if (len - i >= 128 && __builtin_cpu_supports("avx2"))
		i = plain_steps(s, i, len, start);
#endif
#ifdef __SSE2__
	/*
	 * Sixteen bytes at a time where SSE2 is (every x86-64): a control
	 * byte or one above 0x7f (negative as a signed char), a quote, a
	 * backslash or two spaces in a row end the fast path.
	 */
	while (i + 16 <= len) {
		__m128i b = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
		__m128i space = _mm_cmpeq_epi8(b, _mm_set1_epi8(' '));
		__m128i bad = _mm_or_si128(
		    _mm_cmplt_epi8(b, _mm_set1_epi8(0x20)),
		    _mm_or_si128(_mm_cmpeq_epi8(b, _mm_set1_epi8('"')),
		    _mm_cmpeq_epi8(b, _mm_set1_epi8('\\'))));

		bad = _mm_or_si128(bad, _mm_and_si128(space,
		    _mm_srli_si128(space, 1)));
		if (_mm_movemask_epi8(bad) != 0 ||
		    (s[i] == ' ' && (i == start || s[i - 1] == ' ')))
			break;
		i += 16;
	}
#endif
	while (i + 8 <= len) {
		memcpy(&v, s + i, 8);
		if ((v & HIGHS) || ((v - ONES * 0x20) & ~v & HIGHS) ||
		    zero_bytes(v ^ (ONES * '"')) || zero_bytes(v ^ (ONES * '\\')))
			break;
		sp = zero_bytes(v ^ (ONES * ' '));
		if ((sp & (sp >> 8)) ||
		    (s[i] == ' ' && (i == start || s[i - 1] == ' ')))
			break;
		i += 8;
	}
	for (; i < len; i++) {
		if (cls[(unsigned char)s[i]] == 0)
			continue;
		if (s[i] == ' ' && i > start && s[i - 1] != ' ' && i + 1 < len &&
		    cls[(unsigned char)s[i + 1]] == 0)
			continue;
		break;
	}
	if (i > start && s[i - 1] == ' ')
		i--;	/* a space before what is not plain: not the run's */
	return i;
}

/*
 * Appends s[0..len), a line of raw text, to t: JSON escapes, every run of
 * white space (Unicode's too, as pp_text_squeeze has it) one space, each
 * invalid UTF-8 byte U+FFFD as pp_utf8_repair has it, with a warning naming
 * the line.  ASCII, nearly all of a page, is copied in runs.
 */
void
text_add(struct text *t, const char *s, size_t len, const struct pp_input *in)
{
	static const char hex[] = "0123456789abcdef";
	struct pp_buf *tmp = &t->tmp;
	size_t i = 0, run, n, bad = 0;
	unsigned char c;

	t->set = 1;
	if (t->hyphen && hyphen_joins(s, len)) {
		/* the line goes on with the word: its indent is no space */
		while (i < len && (s[i] == ' ' || s[i] == '\t'))
			i++;
		t->space = 0;
	}
	t->hyphen = 0;
	while (i < len) {
		run = i;
		i = plain_run(s, i, len);
		if (i > run) {
			if (t->space && t->q.len > 0)
				pp_buf_addc(&t->q, ' ');
			t->space = 0;
			pp_buf_add(&t->q, s + run, i - run);
		}
		if (i == len)
			break;
		c = (unsigned char)s[i];
		if (cls[c] == 1) {
			t->space = 1;
			i++;
			continue;
		}
		if (cls[c] == 3) {
			n = utf8_len(c);
			if (n > len - i)
				n = len - i;
			pp_buf_reset(tmp);
			if (c == 0 || pp_utf8_repair(tmp, s + i, n) > 0 ||
			    n < utf8_len(c)) {
				bad++;
				n = 1;
				pp_buf_reset(tmp);
				pp_utf8_repair(tmp, s + i, 1);
			} else {
				pp_buf_reset(tmp);
				pp_text_squeeze(tmp, s + i, n);
				if (tmp->len == 0) {	/* Unicode space */
					t->space = 1;
					i += n;
					continue;
				}
			}
			if (t->space && t->q.len > 0)
				pp_buf_addc(&t->q, ' ');
			t->space = 0;
			pp_buf_add(&t->q, tmp->s, tmp->len);
			i += n;
			continue;
		}
		if (t->space && t->q.len > 0)
			pp_buf_addc(&t->q, ' ');
		t->space = 0;
		pp_buf_addc(&t->q, '\\');
		switch (c) {
		case '"': pp_buf_addc(&t->q, '"'); break;
		case '\\': pp_buf_addc(&t->q, '\\'); break;
		case '\b': pp_buf_addc(&t->q, 'b'); break;
		default:
			pp_buf_adds(&t->q, "u00");
			pp_buf_addc(&t->q, hex[c >> 4]);
			pp_buf_addc(&t->q, hex[c & 0xf]);
		}
		i++;
	}
	/*
	 * The next line joins with a space; trailing space never shows.  A
	 * word broken after its hyphen ("Fine-" then "Tuning": Python's
	 * textwrap, html2text) joins without one.
	 */
	t->hyphen = len > 0 && s[len - 1] == '-' && t->q.len >= 2 &&
	    isalpha((unsigned char)t->q.s[t->q.len - 2]);
	t->space = 1;
	if (bad > 0 && in != NULL)
		pp_warn_at(in, "invalid UTF-8 replaced with U+FFFD");
}

/* --- into the paper ----------------------------------------------------- */

void
text_put(struct pp_paper *p, enum pp_key k, const char *q, size_t len)
{
	struct pp_buf *v = &p->json[k];

	if (len == 0)
		return;
	if (pp_keys[k].type == PP_KEY_LIST) {
		if (v->len > 0)
			pp_buf_addc(v, ',');
		p->count[k]++;
	} else {
		pp_buf_reset(v);
		p->count[k] = 1;
	}
	pp_buf_grow(v, len + 2);
	pp_buf_addc(v, '"');
	pp_buf_add(v, q, len);
	pp_buf_addc(v, '"');
}

void
date_put(struct pp_paper *p, const struct date *d)
{
	struct pp_buf *v = &p->json[PP_DATE];
	char tmp[12];

	/* by hand: printf would cost more than the rest of the record */
	tmp[0] = tmp[11] = '"';
	tmp[1] = (char)('0' + d->y / 1000 % 10);
	tmp[2] = (char)('0' + d->y / 100 % 10);
	tmp[3] = (char)('0' + d->y / 10 % 10);
	tmp[4] = (char)('0' + d->y % 10);
	tmp[5] = tmp[8] = '-';
	tmp[6] = (char)('0' + d->m / 10 % 10);
	tmp[7] = (char)('0' + d->m % 10);
	tmp[9] = (char)('0' + d->d / 10 % 10);
	tmp[10] = (char)('0' + d->d % 10);
	pp_buf_reset(v);
	pp_buf_add(v, tmp, sizeof(tmp));
	p->count[PP_DATE] = 1;
}

void
int_put(struct pp_paper *p, enum pp_key k, long v)
{
	struct pp_buf *b = &p->json[k];
	unsigned long u = v < 0 ? -(unsigned long)v : (unsigned long)v;
	char tmp[24];
	int n = 0;

	do
		tmp[n++] = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	pp_buf_reset(b);
	if (v < 0)
		pp_buf_addc(b, '-');
	while (n > 0)
		pp_buf_addc(b, tmp[--n]);
	p->count[k] = 1;
}

/*
 * arXiv's long author lists end "et al. (17 additional authors not
 * shown)": those count, though they have no names here.
 */
static int
more_authors(const char *s, size_t len)
{
	static const char tail[] = " additional authors not shown";
	const char *t;
	long v = 0, scale = 1;

	for (t = s; t + sizeof(tail) - 1 <= s + len; t++)
		if (*t == ' ' && memcmp(t, tail, sizeof(tail) - 1) == 0)
			break;
	if (t + sizeof(tail) - 1 > s + len)
		return 0;
	while (t > s && t[-1] >= '0' && t[-1] <= '9' && scale < 1000000) {
		v += (t[-1] - '0') * scale;
		scale *= 10;
		t--;
	}
	return (int)v;
}

/* One name of an author line, unless it is "et al.": 1 if it was one. */
static int
author_put(struct pp_paper *p, const char *n, size_t nlen)
{
	trim(&n, &nlen);
	if (nlen > 4 && memcmp(n, "and ", 4) == 0) {
		n += 4;
		nlen -= 4;
		trim(&n, &nlen);
	}
	if (nlen == 0 || same_nocase(n, nlen, "et al.") ||
	    same_nocase(n, nlen, "et al"))
		return 0;
	text_put(p, PP_AUTHORS, n, nlen);
	return 1;
}

/* authors_put() for a line without parentheses: no copy, names in place. */
static int
plain_authors(struct pp_paper *p, const char *s, size_t len)
{
	size_t i = 0, start = 0, cut;
	int count = 0;

	while (i <= len) {
		cut = 0;
		if (i == len || s[i] == ',' || s[i] == '&' || s[i] == ';')
			cut = 1;
		else if (s[i] == ' ' && len - i > 5 &&
		    memcmp(s + i, " and ", 5) == 0)
			cut = 5;
		if (!cut) {
			i++;
			continue;
		}
		count += author_put(p, s + start, i - start);
		i += cut;
		start = i;
	}
	return count;
}

int
authors_put(struct pp_paper *p, const char *s, size_t len)
{
	struct pp_buf *name = &p->tmp;
	size_t i = 0, cut;
	const char *n;
	size_t nlen;
	int depth = 0, count = 0;

	if (memchr(s, '(', len) == NULL)
		return plain_authors(p, s, len);
	pp_buf_reset(name);
	while (i <= len) {
		cut = 0;
		if (i == len)
			cut = 1;
		else if (s[i] == '(') {
			depth++;	/* an affiliation: not the name's */
			i++;
			continue;
		} else if (s[i] == ')' && depth > 0) {
			depth--;
			i++;
			continue;
		} else if (depth == 0 && (s[i] == ',' || s[i] == '&' ||
		    s[i] == ';'))
			cut = 1;
		else if (depth == 0 && len - i > 5 && memcmp(s + i, " and ", 5) == 0)
			cut = 5;
		if (!cut) {
			if (depth == 0 && !(s[i] == ' ' && (name->len == 0 ||
			    name->s[name->len - 1] == ' ')))
				pp_buf_addc(name, s[i]);
			i++;
			continue;
		}
		n = name->s;
		nlen = name->len;
		trim(&n, &nlen);
		if (nlen > 4 && memcmp(n, "and ", 4) == 0) {
			n += 4;
			nlen -= 4;
			trim(&n, &nlen);
		}
		if (nlen > 0 && !same_nocase(n, nlen, "et al.") &&
		    !same_nocase(n, nlen, "et al")) {
			text_put(p, PP_AUTHORS, n, nlen);
			count++;
		}
		pp_buf_reset(name);
		i += cut;
	}
	return count + more_authors(s, len);
}

void
words_put(struct pp_paper *p, enum pp_key k, const char *s, size_t len)
{
	size_t i = 0, start;

	while (i < len) {
		while (i < len && s[i] == ' ')
			i++;
		start = i;
		while (i < len && s[i] != ' ')
			i++;
		if (i > start)
			text_put(p, k, s + start, i - start);
	}
}

/* --- what a title is not -------------------------------------------------- */

/* HTML elements whose tags a title copied with its markup would show. */
static const char *const tags[] = {
	"a", "abbr", "b", "br", "div", "em", "h1", "h2", "h3", "h4", "h5",
	"h6", "i", "img", "li", "p", "section", "article", "span", "strong",
	"sub", "sup", "svg", "td", "tr", "ul", "ol", "button", "header",
	"footer", "nav", "main", "script", "style", "meta", "link", "html",
	"body", "head", "title", "time", "figure", NULL
};

/* Is s[0..len) at a tag, "<div ...>", "</span>" or "<br/>"? */
static int
is_tag(const char *s, size_t len)
{
	size_t i = 1, n, k;

	if (len < 3 || s[0] != '<')
		return 0;
	if (s[i] == '/')
		i++;
	for (n = i; n < len && ((s[n] >= 'a' && s[n] <= 'z') ||
	    (s[n] >= 'A' && s[n] <= 'Z') || (s[n] >= '0' && s[n] <= '9')); n++)
		;
	if (n == i || n == len || (s[n] != '>' && s[n] != ' ' && s[n] != '/'))
		return 0;
	for (k = 0; tags[k] != NULL; k++)
		if (same_nocase(s + i, n - i, tags[k]))
			return memchr(s + n, '>', len - n) != NULL;
	return 0;
}

#define TITLE_MAX	400	/* a longer text is never a title */
#define ABSTRACT_MIN	60	/* a shorter text is never an abstract */

/*
 * Does text look like an abstract rather than a title or a heading?
 * Titles are short, do not end with a full stop and hold at most one
 * sentence break.
 */
int
looks_abstract(const char *s, size_t len)
{
	const char *p, *end = s + len;
	int breaks = 0;

	if (len > TITLE_MAX)
		return 1;
	if (len < ABSTRACT_MIN)
		return 0;
	while (len > 0 && strchr(")\"'", s[len - 1]) != NULL)
		len--;
	if (len > 0 && s[len - 1] == '.')
		return 1;
	for (p = s; (p = memchr(p, '.', (size_t)(end - p))) != NULL; p++)
		if (end - p > 2 && p[1] == ' ' && p[2] >= 'A' && p[2] <= 'Z' &&
		    ++breaks >= 2)
			return 1;
	return 0;
}

const char *
title_flaw(const char *q, size_t len)
{
	const char *s = q;
	size_t i, n = len;
	long v;

	if (len >= 6 && same_nocase(q, 6, "title:"))
		return "a label, not a title";
	if (q[0] == ']' || q[0] == ')')
		return "the rest of a Markdown link, not a title";
	for (s = q; (s = memchr(s, ']', len - (size_t)(s - q))) != NULL &&
	    s + 1 < q + len; s++)
		if (s[1] == '(' || s[1] == '[')
			return "a Markdown link, not a title";
	for (s = q; (s = memchr(s, '<', len - (size_t)(s - q))) != NULL; s++)
		if (is_tag(s, len - (size_t)(s - q)))
			return "HTML markup, not a title";
	s = q;
	if (parse_uint(&s, &n, &v) && n > 0 && s[0] == ' ' &&
	    (same_nocase(s + 1, n - 1, "authors") ||
	    same_nocase(s + 1, n - 1, "author") ||
	    starts(s + 1, n - 1, "authors]") || starts(s + 1, n - 1, "author]")))
		return "an author line, not a title";
	for (i = 0; i < len; i++)
		if ((q[i] >= 'a' && q[i] <= 'z') || (q[i] >= 'A' && q[i] <= 'Z') ||
		    (unsigned char)q[i] >= 0x80)
			return NULL;
	return "no words, not a title";
}

/*
 * The arXiv identifier at s, after an "arXiv:" if there is one:
 * 2303.08867, 0704.0001, astro-ph/0701001, math.GT/0309136, a version
 * after it allowed.  Puts the identifier in id as arXiv's own metadata
 * gives it, without version or subject class (math/0309136: the class is
 * no part of it), and returns the length of s it takes, prefix and
 * version included; 0 if s starts with none.  The one test of an id for
 * every reader.
 */
size_t
arxiv_id(const char *s, size_t len, struct pp_buf *id)
{
	size_t i = 0, start, d, archive = 0;

	if (len >= 6 && strncasecmp(s, "arxiv:", 6) == 0)
		i = 6;
	start = i;
	for (d = i; d < len && isdigit((unsigned char)s[d]); d++)
		;
	if (d - i == 4 && d < len && s[d] == '.') {
		for (i = d + 1; i < len && isdigit((unsigned char)s[i]); i++)
			;
		if (i - d - 1 < 4 || i - d - 1 > 5)
			return 0;
	} else {
		/* an archive name, an optional .XX subject class, /7 digits */
		for (; i < len && (islower((unsigned char)s[i]) ||
		    s[i] == '-'); i++)
			;
		if (i - start < 2)
			return 0;
		archive = i;
		if (i < len && s[i] == '.')
			for (i++; i < len && isalpha((unsigned char)s[i]); i++)
				;
		if (i >= len || s[i] != '/')
			return 0;
		for (d = ++i; i < len && isdigit((unsigned char)s[i]); i++)
			;
		if (i - d != 7)
			return 0;
	}
	pp_buf_reset(id);
	if (archive > 0) {
		pp_buf_add(id, s + start, archive - start);
		pp_buf_add(id, s + i - 8, 8);	/* "/0309136" */
	} else
		pp_buf_add(id, s + start, i - start);
	if (i < len && s[i] == 'v') {
		for (d = i + 1; d < len && isdigit((unsigned char)s[d]); d++)
			;
		if (d == i + 1)
			return 0;
		i = d;
	}
	/* a whole word: "1234.56789x" or "1234.5678.9" is none */
	if (i < len && (isalnum((unsigned char)s[i]) || (s[i] == '.' &&
	    i + 1 < len && isalnum((unsigned char)s[i + 1]))))
		return 0;
	return i;
}

void
text_unbreak(char *s, size_t len)
{
	char *p = s, *end = s + len;

	while ((p = memchr(p, '\xc2', (size_t)(end - p))) != NULL &&
	    p + 1 < end) {
		if ((unsigned char)p[1] == 0xa0)
			p[0] = p[1] = ' ';
		p++;
	}
}

size_t
numeric_ref(const char *s, size_t len, int32_t *cp)
{
	const char *semi, *digits;
	char *end;
	long v;
	int hex;

	if (len < 4 || s[0] != '&' || s[1] != '#' ||
	    (semi = memchr(s, ';', len < 12 ? len : 12)) == NULL)
		return 0;
	hex = s[2] == 'x' || s[2] == 'X';
	digits = s + (hex ? 3 : 2);
	if (!(hex ? isxdigit((unsigned char)*digits) :
	    isdigit((unsigned char)*digits)))
		return 0;
	v = strtol(digits, &end, hex ? 16 : 10);
	if (end != semi || v <= 0 || v > 0x10ffff ||
	    (v >= 0xd800 && v <= 0xdfff))
		return 0;
	*cp = (int32_t)v;
	return (size_t)(semi - s) + 1;
}
