/*
 * Text: UTF-8 repair, Unicode normalization and case folding, display
 * width.  utf8proc does the Unicode work; ASCII, most of every record,
 * takes a short path around it.
 */
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "pp.h"

static const char replacement[] = "\xef\xbf\xbd";	/* U+FFFD */

/* Length of the valid UTF-8 character at s, or 0 (NUL counts as invalid). */
static size_t
valid_char(const char *s, size_t len)
{
	utf8proc_int32_t cp;
	utf8proc_ssize_t n;

	if ((unsigned char)*s < 0x80)
		return *s != '\0';
	n = utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &cp);
	return n > 0 ? (size_t)n : 0;
}

size_t
pp_utf8_repair(struct pp_buf *out, const char *s, size_t len)
{
	size_t i = 0, run, n, bad = 0;

	pp_buf_grow(out, len);
	while (i < len) {
		run = i;
		while (i < len && (unsigned char)s[i] < 0x80 && s[i] != '\0')
			i++;
		while (i < len && (n = valid_char(s + i, len - i)) > 0)
			i += n;
		pp_buf_add(out, s + run, i - run);
		if (i < len) {
			pp_buf_add(out, replacement, 3);
			bad++;
			i++;
		}
	}
	return bad;
}

int
pp_utf8_valid(const char *s, size_t len)
{
	size_t i = 0, n;

	while (i < len) {
#ifdef __SSE2__
		/* ASCII without NUL, most of any text, 16 bytes at a time */
		while (len - i >= 16) {
			__m128i v = _mm_loadu_si128((const __m128i *)(const void *)
			    (s + i));

			if (_mm_movemask_epi8(_mm_or_si128(v, _mm_cmpeq_epi8(v,
			    _mm_setzero_si128()))) != 0)
				break;
			i += 16;
		}
		if (i == len)
			break;
#endif
		if ((n = valid_char(s + i, len - i)) == 0)
			return 0;
		i += n;
	}
	return 1;
}

void
pp_utf8_put(struct pp_buf *b, int32_t cp)
{
	char u[4];
	size_t n;

	if (cp < 0x80) {
		u[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xc0 | cp >> 6);
		u[1] = (char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		u[0] = (char)(0xe0 | cp >> 12);
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[2] = (char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		u[0] = (char)(0xf0 | cp >> 18);
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[3] = (char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	pp_buf_add(b, u, n);
}

size_t
pp_utf8_decode(const char *s, size_t len, int32_t *cp)
{
	utf8proc_int32_t c;
	utf8proc_ssize_t n;

	if ((unsigned char)*s < 0x80) {
		*cp = (unsigned char)*s;
		return 1;
	}
	n = utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &c);
	if (n <= 0) {
		*cp = 0xfffd;
		return 1;
	}
	*cp = c;
	return (size_t)n;
}

/* Folds text holding non-ASCII characters with utf8proc. */
static void
fold_unicode(struct pp_buf *out, const char *s, size_t len, int flags)
{
	utf8proc_uint8_t *mapped = NULL;
	utf8proc_ssize_t n;
	int options;

	options = UTF8PROC_STABLE | UTF8PROC_COMPOSE;
	if (flags & PP_FOLD_CASE)
		options |= UTF8PROC_CASEFOLD;
	if (flags & PP_FOLD_MARKS)
		options |= UTF8PROC_STRIPMARK;
	if (flags & PP_FOLD_COMPAT)
		options |= UTF8PROC_COMPAT;
	n = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len,
	    &mapped, (utf8proc_option_t)options);
	if (n < 0) {
		/* invalid UTF-8: fold what is valid, keep the rest as U+FFFD */
		struct pp_buf fixed = { 0 };

		pp_utf8_repair(&fixed, s, len);
		if (pp_utf8_valid(fixed.s, fixed.len))
			fold_unicode(out, fixed.s, fixed.len, flags);
		pp_buf_free(&fixed);
		return;
	}
	pp_buf_add(out, mapped, (size_t)n);
	free(mapped);
}

/*
 * ASCII is its own NFC and NFKC and folds to lower case, so it is folded
 * here, and only the runs of other characters go to utf8proc, each with
 * the ASCII character before it, with which it may compose.  Nothing
 * composes across an ASCII character followed by another, so the result
 * is that of folding the whole text at once, several times faster on the
 * mostly ASCII text of papers.
 */
void
pp_text_fold(struct pp_buf *out, const char *s, size_t len, int flags)
{
	size_t i = 0, run, upto;
	char *d;

	pp_buf_grow(out, len);
	while (i < len) {
		for (run = i; i < len && (unsigned char)s[i] < 0x80; i++)
			continue;
		upto = i < len && i > run && s[i - 1] != '\0' ? i - 1 : i;
		pp_buf_grow(out, upto - run);
		d = out->s + out->len;
		for (; run < upto; run++)
			*d++ = (flags & PP_FOLD_CASE) && s[run] >= 'A' &&
			    s[run] <= 'Z' ? s[run] + 32 : s[run];
		out->len = (size_t)(d - out->s);
		out->s[out->len] = '\0';
		if (i == len)
			break;
		while (i < len && (unsigned char)s[i] >= 0x80)
			i++;
		fold_unicode(out, s + upto, i - upto, flags);
	}
}

static size_t
char_width(int32_t cp)
{
	int w;

	if (cp < 0x80)
		return cp >= 0x20 && cp != 0x7f;
	w = utf8proc_charwidth(cp);
	return w > 0 ? (size_t)w : 0;
}

size_t
pp_text_width(const char *s, size_t len)
{
	size_t i = 0, width = 0;
	int32_t cp;

	while (i < len) {
		i += pp_utf8_decode(s + i, len - i, &cp);
		width += char_width(cp);
	}
	return width;
}

size_t
pp_text_fit(const char *s, size_t len, size_t cells, size_t *used)
{
	size_t i = 0, n, w, width = 0;
	int32_t cp;

	while (i < len) {
		n = pp_utf8_decode(s + i, len - i, &cp);
		w = char_width(cp);
		if (width + w > cells)
			break;
		width += w;
		i += n;
	}
	if (used != NULL)
		*used = width;
	return i;
}

static int
ascii_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	    c == '\v';
}

/* Is the character at s white space?  Returns its length, or 0. */
static size_t
space_at(const char *s, size_t len)
{
	int32_t cp;
	size_t n;

	if ((unsigned char)*s < 0x80)
		return ascii_space(*s);
	n = pp_utf8_decode(s, len, &cp);
	return utf8proc_category(cp) == UTF8PROC_CATEGORY_ZS ? n : 0;
}

void
pp_text_squeeze(struct pp_buf *out, const char *s, size_t len)
{
	size_t i = 0, n, start = out->len;
	int pending = 0;

	pp_buf_grow(out, len);
	while (i < len) {
		if ((n = space_at(s + i, len - i)) > 0) {
			pending = out->len > start;
			i += n;
			continue;
		}
		if (pending)
			pp_buf_addc(out, ' ');
		pending = 0;
		/* A run of ASCII that is not white space goes in at once. */
		for (n = 0; i + n < len && (unsigned char)s[i + n] < 0x80 &&
		    !ascii_space(s[i + n]); n++)
			;
		if (n == 0)
			n = pp_utf8_decode(s + i, len - i, &(int32_t){ 0 });
		pp_buf_add(out, s + i, n);
		i += n;
	}
}
