/*
 * Web archives: a page saved as one MHTML file (.mhtml, .mht: Chrome's
 * and Edge's "Save as: Webpage, Single File"), a MIME multipart/related
 * message whose first text/html part is the page, quoted-printable or
 * base64, and whose other parts are its images and style sheets.  The
 * page is decoded and read by the reader surest of it (read-html.c), as
 * if it had been saved alone.
 *
 * FILE:LINE names the archive's lines: the decoded text keeps them.  The
 * lines before the page are blank, and a line that quoted-printable's
 * soft breaks ("=" at the end of a line) joined to the lines after it is
 * followed by as many blank lines, whitespace to HTML.  (A base64 page
 * has no lines to keep: its lines are counted from its part's start.)
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "split.h"

struct header {
	struct pp_buf	 type;		/* Content-Type, unfolded */
	struct pp_buf	 encoding;	/* Content-Transfer-Encoding */
};

/* The line at s (to end): its length without "\r\n" or "\n"; *next. */
static size_t
line_at(const char *s, const char *end, const char **next)
{
	const char *nl = memchr(s, '\n', (size_t)(end - s));
	size_t len;

	if (nl == NULL) {
		*next = end;
		len = (size_t)(end - s);
	} else {
		*next = nl + 1;
		len = (size_t)(nl - s);
	}
	if (len > 0 && s[len - 1] == '\r')
		len--;
	return len;
}

/*
 * Reads a header block from *s: the two headers wanted, their folded
 * lines unfolded.  *s ends after the blank line; *lines counts the lines.
 */
static void
read_header(const char **s, const char *end, struct header *h,
    unsigned long *lines)
{
	struct pp_buf *cur = NULL;
	const char *next;
	size_t len;

	pp_buf_reset(&h->type);
	pp_buf_reset(&h->encoding);
	while (*s < end) {
		len = line_at(*s, end, &next);
		(*lines)++;
		if (len == 0) {
			*s = next;
			return;
		}
		if ((**s == ' ' || **s == '\t') && cur != NULL)
			pp_buf_add(cur, *s, len);	/* folded */
		else if (len > 13 && strncasecmp(*s, "Content-Type:", 13) == 0) {
			cur = &h->type;
			pp_buf_add(cur, *s + 13, len - 13);
		} else if (len > 26 && strncasecmp(*s,
		    "Content-Transfer-Encoding:", 26) == 0) {
			cur = &h->encoding;
			pp_buf_add(cur, *s + 26, len - 26);
		} else
			cur = NULL;
		*s = next;
	}
}

/* Does the header value v hold word, ignoring case? */
static int
has_word(const struct pp_buf *v, const char *word)
{
	size_t n = strlen(word), i;

	for (i = 0; v->s != NULL && i + n <= v->len; i++)
		if (strncasecmp(v->s + i, word, n) == 0)
			return 1;
	return 0;
}

/* The boundary parameter of a Content-Type, into b; 0 if none. */
static int
boundary(const struct pp_buf *type, struct pp_buf *b)
{
	const char *p = NULL, *end;
	size_t i;

	for (i = 0; type->s != NULL && i + 9 <= type->len; i++)
		if (strncasecmp(type->s + i, "boundary=", 9) == 0) {
			p = type->s + i + 9;
			break;
		}
	if (p == NULL)
		return 0;
	end = type->s + type->len;
	pp_buf_reset(b);
	if (*p == '"') {
		for (p++; p < end && *p != '"'; p++)
			pp_buf_addc(b, *p);
	} else
		for (; p < end && *p != ';' && !split_space((unsigned char)*p); p++)
			pp_buf_addc(b, *p);
	return b->len > 0;
}

/* Is the line s[0..len) "--boundary" or "--boundary--"? */
static int
delimiter(const char *s, size_t len, const struct pp_buf *b)
{
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	return len >= b->len + 2 && s[0] == '-' && s[1] == '-' &&
	    memcmp(s + 2, b->s, b->len) == 0 &&
	    (len == b->len + 2 || (len == b->len + 4 &&
	    s[len - 2] == '-' && s[len - 1] == '-'));
}

static int
hex(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/*
 * Quoted-printable, line for line: a soft break joins the next line,
 * whose newline follows the joined line's.
 */
static void
unquote(struct pp_buf *out, const char *s, const char *end)
{
	const char *next;
	size_t len, i, owed = 0;
	int hi, lo, soft;

	while (s < end) {
		len = line_at(s, end, &next);
		while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
			len--;	/* (transport padding) */
		soft = 0;
		for (i = 0; i < len; i++) {
			if (s[i] == '=' && i + 1 == len) {
				soft = 1;
				break;
			}
			if (s[i] == '=' && i + 2 < len &&
			    (hi = hex((unsigned char)s[i + 1])) >= 0 &&
			    (lo = hex((unsigned char)s[i + 2])) >= 0) {
				pp_buf_addc(out, hi << 4 | lo);
				i += 2;
			} else
				pp_buf_addc(out, s[i]);
		}
		if (soft)
			owed++;
		else if (next[-1] == '\n') {
			pp_buf_addc(out, '\n');
			for (; owed > 0; owed--)
				pp_buf_addc(out, '\n');
		}
		s = next;
	}
	for (; owed > 0; owed--)
		pp_buf_addc(out, '\n');
}

static void
unbase64(struct pp_buf *out, const char *s, const char *end)
{
	static const char digits[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const char *d;
	unsigned long v = 0;
	int n = 0;

	for (; s < end; s++) {
		if (*s == '=')
			break;
		if (*s == '\0' || (d = strchr(digits, *s)) == NULL)
			continue;	/* line ends, blanks */
		v = v << 6 | (unsigned long)(d - digits);
		if (++n == 4) {
			pp_buf_addc(out, (int)(v >> 16 & 0xff));
			pp_buf_addc(out, (int)(v >> 8 & 0xff));
			pp_buf_addc(out, (int)(v & 0xff));
			v = 0;
			n = 0;
		}
	}
	if (n == 3) {
		pp_buf_addc(out, (int)(v >> 10 & 0xff));
		pp_buf_addc(out, (int)(v >> 2 & 0xff));
	} else if (n == 2)
		pp_buf_addc(out, (int)(v >> 4 & 0xff));
}

static void
mhtml_read(struct split *sp, struct pp_input *in)
{
	struct pp_buf doc = { 0 }, page = { 0 }, bound = { 0 };
	struct header h = { { 0 }, { 0 } };
	const char *s, *end, *next, *line, *body = NULL, *body_end = NULL;
	size_t len;
	unsigned long lines = 0, body_line = 0;
	int found = 0;

	pp_input_rest(in, &doc);
	s = doc.s;
	end = doc.s + doc.len;
	read_header(&s, end, &h, &lines);
	if (!has_word(&h.type, "multipart/") || !boundary(&h.type, &bound)) {
		split_bad(sp, 1, "no multipart Content-Type with a boundary: "
		    "no web archive");
		sp->told = 1;
		goto done;
	}
	/* the parts, to the first page */
	while (s < end && !found) {
		line = s;
		len = line_at(s, end, &s);
		lines++;
		if (!delimiter(line, len, &bound))
			continue;
		read_header(&s, end, &h, &lines);
		if (!has_word(&h.type, "text/html") &&
		    !has_word(&h.type, "application/xhtml"))
			continue;
		body = s;
		body_line = lines;
		for (body_end = s; body_end < end; body_end = next) {
			len = line_at(body_end, end, &next);
			if (delimiter(body_end, len, &bound))
				break;
		}
		found = 1;
	}
	if (!found) {
		split_bad(sp, 1, "no HTML page in this web archive");
		sp->told = 1;
		goto done;
	}
	/* the lines before the page, blank */
	for (; body_line > 0; body_line--)
		pp_buf_addc(&page, '\n');
	if (has_word(&h.encoding, "quoted-printable"))
		unquote(&page, body, body_end);
	else if (has_word(&h.encoding, "base64"))
		unbase64(&page, body, body_end);
	else
		pp_buf_add(&page, body, (size_t)(body_end - body));
	pp_buf_adds(&page, "");
	split_read_text(sp, in, page.s, page.len, "web archive");
done:
	pp_buf_free(&doc);
	pp_buf_free(&page);
	pp_buf_free(&bound);
	pp_buf_free(&h.type);
	pp_buf_free(&h.encoding);
}

/*
 * A MIME message's header: "MIME-Version:" and a multipart/related
 * Content-Type (Blink writes "From: <Saved by Blink>" first).
 */
static int
mhtml_detect(const char *head, size_t len)
{
	const char *s = head, *end = head + len, *next;
	size_t n;
	int mime = 0, related = 0;

	while (s < end) {
		n = line_at(s, end, &next);
		if (n == 0)
			break;
		if (n >= 13 && strncasecmp(s, "MIME-Version:", 13) == 0)
			mime = 1;
		if (n >= 13 && strncasecmp(s, "Content-Type:", 13) == 0) {
			for (s += 13, n -= 13; n > 0 && split_space((unsigned char)*s);
			    s++, n--)
				;
			related = n >= 17 &&
			    strncasecmp(s, "multipart/related", 17) == 0;
		} else if (n > 0 && *s != ' ' && *s != '\t' &&
		    memchr(s, ':', n) == NULL)
			return 0;	/* no header line */
		s = next;
	}
	return mime && related ? 90 : 0;
}

const struct reader reader_mhtml = {
	"mhtml",
	"web archives (.mhtml, .mht: a browser's \"Webpage, Single File\"), "
	    "their page read as HTML",
	mhtml_detect, mhtml_read, 1
};
