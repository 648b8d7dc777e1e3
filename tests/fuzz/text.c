/*
 * libFuzzer target: the text helpers (common/text.c).  The first two
 * bytes choose the folding flags and a width; the rest is the text.
 *
 *  - pp_utf8_repair always gives valid UTF-8, leaves valid text alone,
 *    and counts what it replaced; pp_utf8_valid agrees with it;
 *  - pp_text_fold never fails and always gives valid UTF-8, on any bytes
 *    (NUL bytes may pass through);
 *    its ASCII short cut gives what utf8proc gives;
 *  - pp_text_fit never cuts a character, never overflows the width, takes
 *    the longest prefix that fits, and agrees with pp_text_width;
 *  - pp_text_squeeze leaves no white space run, nothing at either end,
 *    changes nothing but white space, and is idempotent.
 */
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "pp.h"

static void
die(const char *what, const char *s, size_t len)
{
	size_t i;

	fprintf(stderr, "text fuzz: %s\ninput (%zu bytes):", what, len);
	for (i = 0; i < len && i < 400; i++)
		fprintf(stderr, " %02x", (unsigned char)s[i]);
	fputc('\n', stderr);
	abort();
}

static int
is_ascii(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] >= 0x80)
			return 0;
	return 1;
}

#include "utf8-nul.h"

static void
check_fold(const char *s, size_t len, int flags)
{
	struct pp_buf out = { 0 };
	utf8proc_uint8_t *mapped = NULL;
	utf8proc_ssize_t n;
	int options;

	pp_text_fold(&out, s, len, flags);
	if (!utf8_valid_nul(out.s ? out.s : "", out.len))
		die("fold gave invalid UTF-8", s, len);
	if (out.len > 0 && memchr(out.s, '\0', out.len) != NULL &&
	    memchr(s, '\0', len) == NULL)
		die("fold made a NUL", s, len);
	if (is_ascii(s, len)) {
		options = UTF8PROC_STABLE | UTF8PROC_COMPOSE;
		if (flags & PP_FOLD_CASE)
			options |= UTF8PROC_CASEFOLD;
		if (flags & PP_FOLD_MARKS)
			options |= UTF8PROC_STRIPMARK;
		if (flags & PP_FOLD_COMPAT)
			options |= UTF8PROC_COMPAT;
		n = utf8proc_map((const utf8proc_uint8_t *)s,
		    (utf8proc_ssize_t)len, &mapped, (utf8proc_option_t)options);
		if (n < 0 || (size_t)n != out.len ||
		    memcmp(mapped, out.s ? out.s : "", out.len) != 0)
			die("ASCII short cut differs from utf8proc", s, len);
		free(mapped);
	}
	pp_buf_free(&out);
}

static void
check_fit(const char *s, size_t len, size_t cells)
{
	size_t n, used, w, next;
	int32_t cp;

	n = pp_text_fit(s, len, cells, &used);
	if (n > len)
		die("fit beyond the text", s, len);
	if (used > cells)
		die("fit wider than asked", s, len);
	if ((w = pp_text_width(s, n)) != used)
		die("fit's width disagrees with pp_text_width", s, len);
	if (!pp_utf8_valid(s, n) || !pp_utf8_valid(s + n, len - n))
		die("fit cut a character", s, len);
	if (n < len) {
		next = pp_utf8_decode(s + n, len - n, &cp);
		if (pp_text_width(s, n + next) <= cells)
			die("fit stopped before the longest prefix that fits",
			    s, len);
	}
	if (pp_text_fit(s, len, pp_text_width(s, len), NULL) != len)
		die("the whole text does not fit in its own width", s, len);
}

static int
is_space_at(const char *s, size_t len, size_t *n)
{
	int32_t cp;

	*n = pp_utf8_decode(s, len, &cp);
	if (cp < 0x80)
		return cp != 0 && strchr(" \t\n\r\f\v", (int)cp) != NULL;
	return utf8proc_category(cp) == UTF8PROC_CATEGORY_ZS;
}

/* s without any white space. */
static void
strip_space(struct pp_buf *out, const char *s, size_t len)
{
	size_t i = 0, n;

	while (i < len) {
		if (!is_space_at(s + i, len - i, &n))
			pp_buf_add(out, s + i, n);
		i += n;
	}
}

static void
check_squeeze(const char *s, size_t len)
{
	struct pp_buf a = { 0 }, b = { 0 }, x = { 0 }, y = { 0 };
	size_t i, n;
	int prev_space = 0, space;

	pp_buf_adds(&a, "");
	pp_text_squeeze(&a, s, len);
	if (a.len > 0 && (a.s[0] == ' ' || a.s[a.len - 1] == ' '))
		die("squeeze left a space at an end", s, len);
	for (i = 0; i < a.len; i += n) {
		space = is_space_at(a.s + i, a.len - i, &n);
		if (space && (a.s[i] != ' ' || prev_space))
			die("squeeze left a white space run", s, len);
		prev_space = space;
	}
	strip_space(&x, s, len);
	strip_space(&y, a.s, a.len);
	if (x.len != y.len || memcmp(x.s ? x.s : "", y.s ? y.s : "", x.len) != 0)
		die("squeeze changed more than white space", s, len);
	pp_buf_adds(&b, "");
	pp_text_squeeze(&b, a.s, a.len);
	if (a.len != b.len || memcmp(a.s, b.s, a.len) != 0)
		die("squeeze is not idempotent", s, len);
	pp_buf_free(&a);
	pp_buf_free(&b);
	pp_buf_free(&x);
	pp_buf_free(&y);
}

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pp_buf fixed = { 0 };
	size_t bad, i, fffd;
	const char *s;
	char *copy;
	int flags;
	size_t cells;

	if (size < 2 || size > (1 << 16))
		return 0;
	flags = data[0] & 7;
	cells = data[1];
	copy = malloc(size - 2 ? size - 2 : 1);
	memcpy(copy, data + 2, size - 2);
	s = copy;
	size -= 2;

	bad = pp_utf8_repair(&fixed, s, size);
	if (!pp_utf8_valid(fixed.s ? fixed.s : "", fixed.len))
		die("repair gave invalid UTF-8", s, size);
	if ((bad == 0) != pp_utf8_valid(s, size))
		die("pp_utf8_valid disagrees with pp_utf8_repair", s, size);
	if (bad == 0 && (fixed.len != size ||
	    memcmp(fixed.s ? fixed.s : "", s, size) != 0))
		die("repair changed valid UTF-8", s, size);
	for (i = 0, fffd = 0; i + 3 <= fixed.len; i++)
		if (memcmp(fixed.s + i, "\xef\xbf\xbd", 3) == 0)
			fffd++;
	if (fffd < bad)
		die("repair counted more than it replaced", s, size);

	check_fold(s, size, flags);
	check_fold(fixed.s ? fixed.s : "", fixed.len, flags);
	check_fit(fixed.s ? fixed.s : "", fixed.len, cells);
	check_squeeze(fixed.s ? fixed.s : "", fixed.len);
	/* the raw bytes too: width and squeeze must not fail on them */
	(void)pp_text_width(s, size);
	(void)pp_text_fit(s, size, cells, NULL);
	{
		struct pp_buf q = { 0 };

		pp_text_squeeze(&q, s, size);
		pp_buf_free(&q);
	}
	pp_buf_free(&fixed);
	free(copy);
	return 0;
}
