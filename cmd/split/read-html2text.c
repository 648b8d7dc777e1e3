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
 *
 * Without -utf8, html2text takes the page's bytes for Latin-1: each byte
 * of a character the page has as UTF-8 comes out as a character of its
 * own ('\xc2\xb7', a Hugging Face card's "·", as "Â·"), while the ones it
 * decodes from references come out right.  Such a sequence is put back
 * where its bytes make one UTF-8 character.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

/* Most lines a heading wraps over, html2text's width being 79 columns. */
#define HEADING_LINES	8

/*
 * The stars of a heading's mark at s, one to six, and the space after
 * them (an underscore when the heading is a link: "***_Chat_with_X_***");
 * or 0.
 */
static size_t
stars(const char *s, size_t len)
{
	size_t n = 0;

	while (n < len && n < 7 && s[n] == '*')
		n++;
	return n >= 1 && n <= 6 && n < len && (s[n] == ' ' || s[n] == '_') ?
	    n : 0;
}

/* s[0..len) without the blanks and '\r' at its end. */
static size_t
trimmed(const char *s, size_t len)
{
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\r'))
		len--;
	return len;
}

/* Does s[0..len) end with a space or '_' and n stars (a heading's end)? */
static int
closes(const char *s, size_t len, size_t n)
{
	size_t i;

	len = trimmed(s, len);
	if (len < n + 1 || (s[len - n - 1] != ' ' && s[len - n - 1] != '_') ||
	    (len > n + 1 && s[len - n - 2] == '*'))
		return 0;
	for (i = len - n; i < len; i++)
		if (s[i] != '*')
			return 0;
	return 1;
}

/*
 * The length of a UTF-8 character written byte by byte as Latin-1 at s
 * ("Â·": C3 82 C2 B7 for C2 B7), its bytes appended to out; or 0.  A lead
 * byte 0xc2 to 0xf4 comes out as C3 82 to C3 B4, each continuation byte
 * as C2 80 to C2 BF.
 */
static size_t
latin1_bytes(struct pp_buf *out, const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	char b[4];
	size_t need, k;

	if (len < 4 || u[0] != 0xc3 || u[1] < 0x82 || u[1] > 0xb4)
		return 0;
	b[0] = (char)(u[1] + 0x40);
	need = u[1] >= 0xb0 ? 4 : u[1] >= 0xa0 ? 3 : 2;
	if (len < 2 * need)
		return 0;
	for (k = 1; k < need; k++) {
		if (u[2 * k] != 0xc2 || u[2 * k + 1] < 0x80 || u[2 * k + 1] > 0xbf)
			return 0;
		b[k] = (char)u[2 * k + 1];
	}
	if (!pp_utf8_valid(b, need))
		return 0;
	pp_buf_add(out, b, need);
	return 2 * need;
}

/*
 * Appends line s[0..len) as the page shows it.  *math: inside TeX math,
 * which a paragraph's lines carry on (html2text wraps inside it).
 */
static void
put_back(struct pp_buf *out, const char *s, size_t len, int *math)
{
	size_t i, n;
	int32_t cp;

	for (i = 0; i < len; i++) {
		if (s[i] == '$' && (i == 0 || s[i - 1] != '\\'))
			*math = !*math;
		if (s[i] == '_' && !*math && i > 0 && i + 1 < len &&
		    !is_space((unsigned char)s[i - 1]) &&
		    !is_space((unsigned char)s[i + 1]) &&
		    s[i - 1] != '_' && s[i + 1] != '_')
			pp_buf_addc(out, ' ');
		else if (s[i] == '&' && (n = numeric_ref(s + i, len - i, &cp)) > 0) {
			/*
			 * only numeric ones: html2text decodes the others, so
			 * an "&lt;" it writes is one the page shows
			 */
			pp_utf8_put(out, cp);
			i += n - 1;
		} else if ((n = latin1_bytes(out, s + i, len - i)) > 0)
			i += n - 1;
		else
			pp_buf_addc(out, s[i]);
	}
}

/*
 * The line that closes a heading opened by n stars on the line before
 * from (the end of that line), within HEADING_LINES, or NULL: not past a
 * blank line or another heading.
 */
static const char *
heading_end(const char *from, const char *end, size_t n)
{
	const char *s, *nl;
	size_t len;
	int lines;

	for (s = from, lines = 1; s < end && lines < HEADING_LINES;
	    s = nl + 1, lines++) {
		if ((nl = memchr(s, '\n', (size_t)(end - s))) == NULL)
			nl = end;
		len = trimmed(s, (size_t)(nl - s));
		if (len == 0 || stars(s, len) > 0)
			return NULL;
		if (closes(s, len, n))
			return s;
		if (nl == end)
			break;
	}
	return NULL;
}

/*
 * A heading, "**** Title ****", from its first line s to its last, as its
 * text: on the first line, the lines it wrapped over left blank, so that
 * lines still count as in the file.
 */
static void
put_heading(struct pp_buf *out, const char *s, const char *last,
    const char *end, size_t n)
{
	const char *nl, *from;
	size_t len;
	int math = 0, lines = 0;

	for (;;) {
		if ((nl = memchr(s, '\n', (size_t)(end - s))) == NULL)
			nl = end;
		len = trimmed(s, (size_t)(nl - s));
		from = s;
		if (lines == 0) {
			from += n + 1;	/* the stars, and the space or '_' */
			len -= n + 1;
		} else
			pp_buf_addc(out, ' ');
		if (s == last)
			len -= n + 1;
		put_back(out, from, len, &math);
		if (s == last)
			break;
		lines++;
		s = nl + 1;
	}
	for (; lines > 0; lines--)
		pp_buf_addc(out, '\n');
}

static void
html2text_read(struct split *sp, struct pp_input *in)
{
	struct pp_buf doc = { 0 }, out = { 0 };
	const char *s, *end, *nl, *last;
	size_t len, n;
	int math = 0;

	pp_input_rest(in, &doc);
	for (s = doc.s, end = doc.s + doc.len; s < end; s = nl + 1) {
		if ((nl = memchr(s, '\n', (size_t)(end - s))) == NULL)
			nl = end;
		len = (size_t)(nl - s);
		last = NULL;
		if ((n = stars(s, len)) > 0)
			last = closes(s, len, n) ? s : nl < end ?
			    heading_end(nl + 1, end, n) : NULL;
		if (last != NULL) {
			put_heading(&out, s, last, end, n);
			math = 0;
			if ((nl = memchr(last, '\n', (size_t)(end - last))) == NULL)
				nl = end;
		} else {
			if (trimmed(s, len) == 0)
				math = 0;	/* a paragraph ends */
			put_back(&out, s, len, &math);
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
