/*
 * Pages as html2text(1) writes them (Debian's html2text 1.3): the text a
 * browser shows, but for three marks of its own.  A link's spaces are
 * underscores ("Authors: Assaf_Kfoury, Didier_Lime", a Hugging Face
 * card's title "The_Llama_3_Herd_of_Models"); a heading stands between
 * rows of stars ("**** Title ****", one to six by its level), and a long
 * one wraps with its closing stars on the next line; and the character
 * references of a link's text are left as written ("&#xc9;tienne").
 * They are put back as the page shows them, line for line, and the text
 * is read by the text reader surest of it (read-arxiv.c, read-hf.c), as
 * Markdown's is (read-markdown.c): FILE:LINE stays the file's.
 *
 * An underscore is a space only outside TeX math ("$\ell_1$" in an
 * abstract is kept) and between two characters that are not spaces.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

/* The stars of a heading's mark at s, one to six, and a space; or 0. */
static size_t
stars(const char *s, size_t len)
{
	size_t n = 0;

	while (n < len && n < 7 && s[n] == '*')
		n++;
	return n >= 1 && n <= 6 && n < len && s[n] == ' ' ? n : 0;
}

/* Does s[0..len) end with " " and n stars (a heading's closing mark)? */
static int
closes(const char *s, size_t len, size_t n)
{
	size_t i;

	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\r'))
		len--;
	if (len < n + 1 || s[len - n - 1] != ' ' ||
	    (len > n + 1 && s[len - n - 2] == '*'))
		return 0;
	for (i = len - n; i < len; i++)
		if (s[i] != '*')
			return 0;
	return 1;
}

/* "&#xc9;", "&#201;", "&amp;" and the like at s, into out; or 0. */
static size_t
reference(const char *s, size_t len, struct pp_buf *out)
{
	static const struct {
		const char	*name;
		int32_t		 cp;
	} names[] = {
		{ "&amp;", '&' }, { "&lt;", '<' }, { "&gt;", '>' },
		{ "&quot;", '"' }, { "&apos;", '\'' }, { "&nbsp;", ' ' }
	};
	const char *semi, *digits;
	char *end;
	long cp;
	size_t i, n;
	int hex;

	if (len < 4 || (semi = memchr(s, ';', len < 12 ? len : 12)) == NULL)
		return 0;
	n = (size_t)(semi - s) + 1;
	if (s[1] == '#') {
		hex = s[2] == 'x' || s[2] == 'X';
		digits = s + (hex ? 3 : 2);
		if (!(hex ? isxdigit((unsigned char)*digits) :
		    isdigit((unsigned char)*digits)))
			return 0;
		cp = strtol(digits, &end, hex ? 16 : 10);
		if (end != semi || cp <= 0 || cp > 0x10ffff ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		pp_utf8_put(out, (int32_t)cp);
		return n;
	}
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strlen(names[i].name) == n && memcmp(s, names[i].name, n) == 0) {
			pp_utf8_put(out, names[i].cp);
			return n;
		}
	return 0;
}

/* Appends line s[0..len) as the page shows it. */
static void
put_back(struct pp_buf *out, const char *s, size_t len)
{
	size_t i, n;
	int math = 0;

	for (i = 0; i < len; i++) {
		if (s[i] == '$' && (i == 0 || s[i - 1] != '\\'))
			math = !math;
		if (s[i] == '_' && !math && i > 0 && i + 1 < len &&
		    !is_space((unsigned char)s[i - 1]) &&
		    !is_space((unsigned char)s[i + 1]) &&
		    s[i - 1] != '_' && s[i + 1] != '_')
			pp_buf_addc(out, ' ');
		else if (s[i] == '&' && (n = reference(s + i, len - i, out)) > 0)
			i += n - 1;
		else
			pp_buf_addc(out, s[i]);
	}
}

static void
html2text_read(struct split *sp, struct pp_input *in)
{
	struct pp_buf doc = { 0 }, out = { 0 };
	const char *s, *end, *nl, *next, *nnl;
	char buf[64 * 1024];
	ssize_t got;
	size_t len, n, nextlen;

	while ((got = pp_input_read(in, buf, sizeof(buf))) > 0)
		pp_buf_add(&doc, buf, (size_t)got);
	pp_buf_adds(&doc, "");
	for (s = doc.s, end = doc.s + doc.len; s < end; s = nl + 1) {
		if ((nl = memchr(s, '\n', (size_t)(end - s))) == NULL)
			nl = end;
		len = (size_t)(nl - s);
		if ((n = stars(s, len)) == 0) {
			put_back(&out, s, len);
		} else if (closes(s, len, n)) {
			/* "**** Title ****" */
			while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\r'))
				len--;
			put_back(&out, s + n + 1, len - 2 * n - 2);
		} else {
			/*
			 * A heading wrapped: its closing stars end the next
			 * line, which joins it; the next line is left blank
			 * so that the lines still count as in the file.
			 */
			next = nl < end ? nl + 1 : end;
			if ((nnl = memchr(next, '\n', (size_t)(end - next))) == NULL)
				nnl = end;
			nextlen = (size_t)(nnl - next);
			if (next < end && closes(next, nextlen, n) &&
			    stars(next, nextlen) == 0) {
				while (nextlen > 0 && (next[nextlen - 1] == ' ' ||
				    next[nextlen - 1] == '\r'))
					nextlen--;
				put_back(&out, s + n + 1, len - n - 1);
				pp_buf_addc(&out, ' ');
				put_back(&out, next, nextlen - n - 1);
				pp_buf_addc(&out, '\n');
				nl = nnl;
			} else
				put_back(&out, s, len);
		}
		if (nl < end)
			pp_buf_addc(&out, '\n');
	}
	pp_buf_adds(&out, "");
	split_read_text(sp, in, out.s, out.len, "html2text dump");
	pp_buf_free(&doc);
	pp_buf_free(&out);
}

/*
 * Headings between stars, and words joined by underscores: html2text's
 * own marks, many of them, with a heading among them.
 */
static int
html2text_detect(const char *head, size_t len)
{
	const char *s = head, *end = head + len, *nl, *p;
	size_t n;
	int headings = 0, joined = 0;

	for (; s < end; s = nl + 1) {
		if ((nl = memchr(s, '\n', (size_t)(end - s))) == NULL)
			nl = end;
		if ((n = stars(s, (size_t)(nl - s))) >= 3 &&
		    closes(s, (size_t)(nl - s), n))
			headings++;
		for (p = s + 1; p + 1 < nl; p++)
			joined += *p == '_' && isalnum((unsigned char)p[-1]) &&
			    isalnum((unsigned char)p[1]);
	}
	return headings >= 1 && joined >= 5 ? 70 : 0;
}

const struct reader reader_html2text = {
	"html2text",
	"pages as html2text(1) writes them (links' spaces as underscores, "
	    "headings between stars), read as the page shows",
	html2text_detect, html2text_read, 1
};
