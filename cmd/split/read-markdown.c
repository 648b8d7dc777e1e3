/*
 * Listing pages as Markdown converters write them (Firecrawl, Jina Reader,
 * MarkDownload, pandoc, NotebookLM, web captures): md4c parses the
 * Markdown, and what it reports is written out as the plain text a
 * browser would show, which the text reader surest of it then reads
 * (read-hf.c, read-arxiv.c).  So the text layouts are known once, and
 * Markdown's links, reference definitions, images, escapes, entities
 * and hard breaks are md4c's business, not theirs.
 *
 * The text keeps the Markdown file's lines: each piece of text is put on
 * the line it came from (md4c hands out pointers into the document), so
 * FILE:LINE of a record, and of a message, is a line of the Markdown.
 * What is dropped: images (a line left with only a bullet once its image
 * is gone is left blank, so that "- ![](avatar.png)" is not read as "-",
 * no upvotes), link targets, raw HTML, YAML front matter and Jina
 * Reader's header.  What is kept of a link: its text, with a space when
 * it touches a word ("May 29[6](...#community)" is "May 29 6"); and a
 * heading or paragraph that is one link to a paper page is written
 * "[Title](URL)", which the text readers take for the title and its url
 * and id.
 */
#define _GNU_SOURCE		/* memmem */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <md4c.h>

#include "text.h"

struct md {
	const char	*doc;
	size_t		 size;
	struct pp_buf	 out;
	unsigned long	 line;		/* out's current line, from 1 */
	size_t		 line_start;	/* where it starts in out */
	int		 line_image;	/* an image was dropped from it */
	int		 bullet;	/* a list item's "- " is due */
	int		 image;		/* depth inside images */
	int		 link;		/* depth inside links */
	int		 after_link;	/* a link just ended */
	int		 join;		/* a break before the next text: 1 soft, 2 hard */
	int		 joined;	/* the block's text goes on on its line */

	/* the heading or paragraph under way, which may be one link */
	int		 block;		/* inside one */
	int		 links;		/* links in it */
	int		 other;		/* text outside its link */
	int		 multiline;	/* its link's text is on several lines */
	unsigned long	 link_line;
	size_t		 link_at;	/* where the link's text starts in out */
	struct pp_buf	 href;

	const char	*at;		/* doc_line()'s last answer */
	unsigned long	 at_line;
};

/*
 * The line of the document that p points into, or 0 (a text md4c made,
 * not in it); counted on from the last answer.
 */
static unsigned long
doc_line(struct md *m, const char *p)
{
	if (p < m->doc || p > m->doc + m->size)
		return 0;
	if (p < m->at) {
		m->at = m->doc;
		m->at_line = 1;
	}
	for (; m->at < p; m->at++)
		m->at_line += *m->at == '\n';
	return m->at_line;
}

/* Does s[0..len) hold word? */
static int
has(const char *s, size_t len, const char *word)
{
	size_t n = strlen(word), i;

	for (i = 0; i + n <= len; i++)
		if (memcmp(s + i, word, n) == 0)
			return 1;
	return 0;
}

/*
 * What is left of a link md4c could not take for one: a converter wrote
 * "[- ![](a.png)\\" and "- 3 authors](URL)" on lines of their own, and
 * the second line starts a list, which ends the link's paragraph.  A
 * line ending in "](URL)" with no '[' before it loses that tail, and a
 * '[' with no ']' after it on its line goes.  Returns the line's length.
 */
static size_t
unbroken_link(char *s, size_t n)
{
	size_t i, open = n, close = n;

	if (n > 3 && s[n - 1] == ')') {
		for (i = n - 1; i-- > 0; )
			if (s[i] == '(' && i > 0 && s[i - 1] == ']') {
				close = i - 1;
				break;
			} else if (s[i] == ' ' || s[i] == '(' || s[i] == ')')
				break;
	}
	for (i = 0; i < close; i++)
		if (s[i] == '[') {
			open = i;
			break;
		}
	if (close < n && open >= close) {
		n = close;
		while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
			n--;
	}
	for (i = 0; i < n; i++)
		if (s[i] == '[') {
			if (memchr(s + i, ']', n - i) == NULL) {
				memmove(s + i, s + i + 1, n - i - 1);
				n--;
			}
			break;
		} else if (s[i] != ' ' && s[i] != '-' && s[i] != '*')
			break;
	return n;
}

/*
 * Finishes out's current line: "\ " and a final "\" (hard breaks and
 * escaped spaces some converters write) go, and a line that an image
 * left with only a bullet is emptied.
 */
static void
end_line(struct md *m)
{
	char *s = m->out.s + m->line_start, *d;
	size_t n = m->out.len - m->line_start, i;

	if (n == 0)
		return;
	for (i = 0, d = s; i < n; i++) {
		if (s[i] == '\\' && (i + 1 == n || s[i + 1] == ' ' ||
		    s[i + 1] == '\t'))
			continue;
		*d++ = s[i];
	}
	n = (size_t)(d - s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	n = unbroken_link(s, n);
	if (m->line_image) {
		for (i = 0; i < n && strchr(" \t-*+", s[i]) != NULL; i++)
			;
		if (i == n || (n - i == 3 && memcmp(s + i, "\xe2\x80\xa2", 3) == 0))
			n = 0;
	}
	m->out.len = m->line_start + n;
	m->out.s[m->out.len] = '\0';
}

static void
new_line(struct md *m)
{
	end_line(m);
	pp_buf_addc(&m->out, '\n');
	m->line++;
	m->line_start = m->out.len;
	m->line_image = 0;
}

/* Moves out to the document's line; never back. */
static void
go_to_line(struct md *m, unsigned long line)
{
	while (line > m->line)
		new_line(m);
}

/* Appends text that may hold newlines (code blocks). */
static void
add_text(struct md *m, const char *s, size_t len)
{
	const char *nl;

	while ((nl = memchr(s, '\n', len)) != NULL) {
		pp_buf_add(&m->out, s, (size_t)(nl - s));
		new_line(m);
		len -= (size_t)(nl - s) + 1;
		s = nl + 1;
	}
	pp_buf_add(&m->out, s, len);
}

static int
last_is_word(const struct md *m)
{
	return m->out.len > m->line_start &&
	    (isalnum((unsigned char)m->out.s[m->out.len - 1]) ||
	    (unsigned char)m->out.s[m->out.len - 1] >= 0x80);
}

/* The few entities converters write, and numeric ones; others as written. */
static void
add_entity(struct md *m, const char *s, size_t len)
{
	static const struct {
		const char	*name;
		int32_t		 cp;
	} names[] = {
		{ "&amp;", '&' }, { "&lt;", '<' }, { "&gt;", '>' },
		{ "&quot;", '"' }, { "&apos;", '\'' }, { "&nbsp;", ' ' },
		{ "&ndash;", 0x2013 }, { "&mdash;", 0x2014 },
		{ "&hellip;", 0x2026 }, { "&middot;", 0xb7 }
	};
	size_t i;
	int32_t cp;

	if (numeric_ref(s, len, &cp) == len) {
		pp_utf8_put(&m->out, cp);
		return;
	}
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strlen(names[i].name) == len &&
		    memcmp(names[i].name, s, len) == 0) {
			pp_utf8_put(&m->out, names[i].cp);
			return;
		}
	pp_buf_add(&m->out, s, len);
}

/* A link to a paper's own page, whose id the text readers can read. */
static int
paper_url(const char *s, size_t len)
{
	static const char *const pages[] = {
		"huggingface.co/papers/", "arxiv.org/abs/", NULL
	};
	size_t i, n;
	const char *p;

	if (len > 8 && memcmp(s, "/papers/", 8) == 0)
		return memchr(s, '#', len) == NULL;
	for (i = 0; pages[i] != NULL; i++) {
		n = strlen(pages[i]);
		for (p = s; p + n < s + len; p++)
			if (memcmp(p, pages[i], n) == 0)
				return memchr(s, '#', len) == NULL &&
				    memchr(s, ' ', len) == NULL;
	}
	return 0;
}

static int
md_enter_block(MD_BLOCKTYPE type, void *detail, void *ctx)
{
	struct md *m = ctx;

	(void)detail;
	m->joined = m->join = 0;
	switch (type) {
	case MD_BLOCK_H:
	case MD_BLOCK_P:
		m->block = 1;
		m->links = m->other = m->multiline = 0;
		break;
	case MD_BLOCK_LI:
		m->bullet = 1;
		break;
	default:
		break;
	}
	return 0;
}

static int
md_leave_block(MD_BLOCKTYPE type, void *detail, void *ctx)
{
	struct md *m = ctx;
	size_t n;

	(void)detail;
	m->joined = m->join = 0;
	if (type != MD_BLOCK_H && type != MD_BLOCK_P)
		return 0;
	m->block = 0;
	if (m->links != 1 || m->other || m->multiline ||
	    !paper_url(m->href.s, m->href.len) ||
	    m->link_at >= m->out.len || m->link_at < m->line_start ||
	    strchr("-*+0123456789", m->out.s[m->link_at]) != NULL ||
	    (m->out.len - m->link_at > 6 &&
	    memcmp(m->out.s + m->link_at, "arXiv:", 6) == 0))
		return 0;	/* (an id's link, "[arXiv:ID](URL)", is no title) */
	/* [Title](URL): the text readers' title link */
	end_line(m);
	n = m->out.len - m->link_at;
	pp_buf_addc(&m->out, ' ');
	memmove(m->out.s + m->link_at + 1, m->out.s + m->link_at, n);
	m->out.s[m->link_at] = '[';
	pp_buf_adds(&m->out, "](");
	pp_buf_add(&m->out, m->href.s, m->href.len);
	pp_buf_addc(&m->out, ')');
	return 0;
}

/* Does text start with a label, "Authors:", "Comments:", "Journal-ref:"? */
static int
is_label(const char *s, size_t len)
{
	size_t i;

	if (len < 3 || !isupper((unsigned char)s[0]))
		return 0;
	for (i = 1; i < len && i < 24 && (isalpha((unsigned char)s[i]) ||
	    s[i] == '-' || s[i] == ' '); i++)
		;
	return i < len && s[i] == ':';
}

/* Is p on the line of a reference definition, "[label]: p"? */
static int
defined_at(const struct md *m, const char *p)
{
	const char *s;

	if (p < m->doc || p > m->doc + m->size)
		return 1;
	for (s = p; s > m->doc && s[-1] != '\n'; s--)
		;
	while (s < p && (*s == ' ' || *s == '\t'))
		s++;
	if (s == p || *s != '[')
		return 0;
	for (; s + 1 < p; s++)
		if (s[0] == ']' && s[1] == ':')
			return 1;
	return 0;
}

static int
md_enter_span(MD_SPANTYPE type, void *detail, void *ctx)
{
	struct md *m = ctx;
	MD_SPAN_A_DETAIL *a = detail;
	MD_SPAN_IMG_DETAIL *img = detail;
	unsigned long line;

	if (type == MD_SPAN_IMG) {
		/*
		 * ![](src) has no text: its line is its source's, unless the
		 * source is a reference's ([5]: src), elsewhere.
		 */
		if (m->image++ == 0 && !m->joined && !defined_at(m, img->src.text) &&
		    (line = doc_line(m, img->src.text)) > 0)
			go_to_line(m, line);
		m->line_image = 1;
		return 0;
	}
	if (type != MD_SPAN_A || m->image > 0)
		return 0;
	if (m->link++ == 0 && m->block) {
		m->links++;
		m->link_line = 0;
		m->link_at = (size_t)-1;
		pp_buf_reset(&m->href);
		pp_buf_add(&m->href, a->href.text, a->href.size);
	}
	return 0;
}

static int
md_leave_span(MD_SPANTYPE type, void *detail, void *ctx)
{
	struct md *m = ctx;

	(void)detail;
	if (type == MD_SPAN_IMG)
		m->image--;
	else if (type == MD_SPAN_A && m->image == 0 && m->link > 0 &&
	    --m->link == 0)
		m->after_link = 1;
	return 0;
}

static int
md_text(MD_TEXTTYPE type, const MD_CHAR *text, MD_SIZE size, void *ctx)
{
	struct md *m = ctx;
	unsigned long line;
	MD_SIZE i;

	if (m->image > 0)
		return 0;
	switch (type) {
	case MD_TEXT_SOFTBR:
	case MD_TEXT_BR:
		/*
		 * A paragraph is one line of text, as the text readers take
		 * a hard-wrapped one; a hard break before a label ("Authors:
		 * ...") keeps its line, as arXiv's listings need.
		 */
		m->join = type == MD_TEXT_BR ? 2 : 1;
		return 0;
	case MD_TEXT_HTML:
		return 0;	/* markup */
	default:
		break;
	}
	if (m->join == 2 && is_label(text, size))
		m->joined = 0;
	else if (m->join == 1 && m->out.len >= 2 &&
	    m->out.s[m->out.len - 1] == '-' &&
	    isalpha((unsigned char)m->out.s[m->out.len - 2]) &&
	    hyphen_joins(text, size))
		;	/* "Fine-" then "Tuning": a word wrapped at its hyphen */
	else if (m->join)
		pp_buf_addc(&m->out, ' ');
	m->join = 0;
	if (!m->joined && (line = doc_line(m, text)) > 0)
		go_to_line(m, line);
	m->joined = 1;
	if (m->bullet) {
		if (m->out.len == m->line_start)
			pp_buf_adds(&m->out, "- ");
		m->bullet = 0;
	}
	for (i = 0; i < size && isspace((unsigned char)text[i]); i++)
		;
	if (m->block && i < size) {
		if (m->link == 0)
			m->other = 1;
		else if (m->link_line == 0) {
			m->link_line = m->line;
			m->link_at = m->out.len;
		} else if (m->link_line != m->line)
			m->multiline = 1;
	}
	/* a link touching a word is a word of its own */
	if (i == 0 && size > 0 && last_is_word(m) &&
	    (isalnum((unsigned char)text[0]) || (unsigned char)text[0] >= 0x80) &&
	    (m->after_link || (m->link > 0 && m->link_at == m->out.len))) {
		pp_buf_addc(&m->out, ' ');
		if (m->link > 0 && m->link_at == m->out.len - 1)
			m->link_at++;
	}
	m->after_link = 0;
	switch (type) {
	case MD_TEXT_NULLCHAR:
		pp_buf_adds(&m->out, "\xef\xbf\xbd");
		break;
	case MD_TEXT_ENTITY:
		add_entity(m, text, size);
		break;
	default:
		add_text(m, text, size);
		break;
	}
	return 0;
}

/*
 * An ATX heading is one line, so a converter that wraps it (Python's
 * html2text, at 78 columns) cuts a link in it in two: "### [A long" then
 * "title](/papers/ID)", a heading with a '[' and a paragraph with the
 * link's end.  The lines the link goes on over (three at most, no blank
 * one) join the heading's, and stay as empty lines, so that lines still
 * count as in the file.
 */
/* How far s[0..len) opens brackets: '[' counts 1, ']' -1, from depth. */
static int
brackets(const char *s, size_t len, int depth, size_t *closed)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (s[i] == '[')
			depth++;
		else if (s[i] == ']' && --depth == 0) {
			*closed = i;
			return 0;
		}
	}
	return depth;
}

/*
 * After a heading's line (ending at nl) with depth brackets left open:
 * the lines, one to three and none blank, to the one that closes them
 * with "](", or 0.
 */
static int
link_end(const char *nl, const char *end, int depth)
{
	const char *t, *tnl;
	size_t closed;
	int lines;

	for (t = nl + 1, lines = 1; nl < end && t < end && lines <= 3;
	    t = tnl + 1, lines++) {
		if ((tnl = memchr(t, '\n', (size_t)(end - t))) == NULL)
			tnl = end;
		if (tnl == t)
			return 0;
		if ((depth = brackets(t, (size_t)(tnl - t), depth, &closed)) > 0)
			continue;
		return t + closed + 1 < tnl && t[closed + 1] == '(' ? lines : 0;
	}
	return 0;
}

static void
join_wrapped_headings(struct pp_buf *doc)
{
	struct pp_buf out = { 0 };
	const char *s = doc->s, *end = doc->s + doc->len, *nl, *t;
	size_t n, closed;
	int depth, k, lines;

	for (; s < end; s = nl + 1) {
		if ((nl = memchr(s, '\n', (size_t)(end - s))) == NULL)
			nl = end;
		pp_buf_add(&out, s, (size_t)(nl - s));
		for (n = 0; s + n < nl && s[n] == '#' && n < 7; n++)
			;
		lines = 0;
		if (n >= 1 && n <= 6 && s + n < nl && s[n] == ' ' &&
		    (depth = brackets(s, (size_t)(nl - s), 0, &closed)) > 0)
			lines = link_end(nl, end, depth);
		for (k = 0; k < lines; k++) {
			t = nl + 1;
			if ((nl = memchr(t, '\n', (size_t)(end - t))) == NULL)
				nl = end;
			/* "Fine-" then "Tuning", as md_text() joins them */
			if (!(out.len >= 2 && out.s[out.len - 1] == '-' &&
			    isalpha((unsigned char)out.s[out.len - 2]) &&
			    hyphen_joins(t, (size_t)(nl - t))))
				pp_buf_addc(&out, ' ');
			pp_buf_add(&out, t, (size_t)(nl - t));
		}
		for (k = 0; k < lines; k++)
			pp_buf_addc(&out, '\n');
		if (nl < end)
			pp_buf_addc(&out, '\n');
	}
	pp_buf_adds(&out, "");
	pp_buf_free(doc);
	*doc = out;
}

/*
 * A link's destination is one word: a converter that wraps inside it
 * (Python's html2text: "](/search/?query=Cornell-" then "Farrow%2C+S)")
 * leaves no link, and its text in brackets.  The word is joined again,
 * and the line break goes after it, before the ')' or the title, where
 * CommonMark allows one; lines count as in the file.
 */
static void
join_wrapped_destinations(struct pp_buf *doc)
{
	struct pp_buf out = { 0 };
	const char *s = doc->s, *end = doc->s + doc->len, *p, *q, *r;
	int depth;

	while (s < end && (p = memmem(s, (size_t)(end - s), "](", 2)) != NULL) {
		pp_buf_add(&out, s, (size_t)(p + 2 - s));
		/* the destination's word, up to a blank or its ')' */
		for (q = p + 2, depth = 1; q < end && !split_space((unsigned
		    char)*q); q++) {
			depth += *q == '(';
			if (*q == ')' && --depth == 0)
				break;
		}
		s = p + 2;
		if (q == p + 2 || q == end || *q != '\n' || q + 1 == end ||
		    split_space((unsigned char)q[1]))
			continue;
		/* its rest on the next line, then the break */
		for (r = q + 1; r < end && !split_space((unsigned char)*r);
		    r++) {
			depth += *r == '(';
			if (*r == ')' && --depth == 0)
				break;
		}
		if (r == end || (*r != ')' && *r != ' '))
			continue;
		pp_buf_add(&out, p + 2, (size_t)(q - p - 2));
		pp_buf_add(&out, q + 1, (size_t)(r - q - 1));
		pp_buf_addc(&out, '\n');
		s = r;
	}
	if (s < end)
		pp_buf_add(&out, s, (size_t)(end - s));
	pp_buf_adds(&out, "");
	pp_buf_free(doc);
	*doc = out;
}

/*
 * "\r\n" as "\n": md4c knows both, the passes before it (pandoc's
 * attributes at a line's end, front matter) look for "\n" only.
 */
static void
unreturn(struct pp_buf *doc)
{
	size_t i, j;

	for (i = j = 0; i < doc->len; i++)
		if (doc->s[i] != '\r' || i + 1 == doc->len ||
		    doc->s[i + 1] != '\n')
			doc->s[j++] = doc->s[i];
	doc->len = j;
	doc->s[j] = '\0';
}

/*
 * Blanks what is not the page in doc (its newlines kept): YAML front
 * matter, and the header Jina Reader writes before "Markdown Content:".
 */
static void
blank_header(char *doc, size_t size)
{
	char *s = doc, *end = doc + size, *nl, *stop = NULL;
	int lines;

	if (size >= 4 && memcmp(doc, "---", 3) == 0 &&
	    (doc[3] == '\n' || doc[3] == '\r')) {
		for (s = memchr(doc, '\n', size); s != NULL && s + 1 < end;
		    s = nl) {
			s++;
			if ((nl = memchr(s, '\n', (size_t)(end - s))) == NULL)
				nl = end;
			if (nl - s >= 3 && memcmp(s, "---", 3) == 0 &&
			    (nl - s == 3 || s[3] == '\r')) {
				stop = nl;
				break;
			}
		}
	} else if (size >= 7 && memcmp(doc, "Title: ", 7) == 0) {
		for (lines = 0, s = doc; s < end && lines < 20; s = nl + 1,
		    lines++) {
			if ((nl = memchr(s, '\n', (size_t)(end - s))) == NULL)
				nl = end;
			if (nl - s >= 17 && memcmp(s, "Markdown Content:", 17) == 0) {
				stop = nl;
				break;
			}
			if (nl == end)
				break;
		}
	}
	if (stop == NULL)
		return;
	for (s = doc; s < stop; s++)
		if (*s != '\n')
			*s = ' ';
}

/* --- pandoc's own Markdown ------------------------------------------------- */

/* Is s[i] escaped by a backslash (an odd number of them)? */
static int
escaped(const char *s, size_t i)
{
	size_t n = 0;

	while (i > n && s[i - n - 1] == '\\')
		n++;
	return n % 2 == 1;
}

/*
 * The end (the '}') of a pandoc attribute block "{#id .class key=val}"
 * opening at s[i], or 0: on one line or a few (pandoc wraps long ones),
 * never across a blank line, quoted values skipped.
 */
static size_t
attr_end(const char *s, size_t len, size_t i)
{
	size_t j = i + 1, k, lim = i + 4096 < len ? i + 4096 : len;
	int eq = 0;

	while (j < lim && s[j] == ' ')
		j++;
	if (j == lim || !(s[j] == '#' || s[j] == '.' || s[j] == '-' ||
	    isalpha((unsigned char)s[j])))
		return 0;
	if (s[j] == '-' && (j + 1 == lim || (s[j + 1] != '}' && s[j + 1] != ' ')))
		return 0;
	for (; j < lim; j++) {
		switch (s[j]) {
		case '}':
			/* a word alone ("{word}") is no attribute: TeX, text */
			return eq || s[i + 1] == '#' || s[i + 1] == '.' ||
			    s[i + 1] == '-' || s[i + 1] == ' ' ? j : 0;
		case '{':
			return 0;
		case '=':
			eq = 1;
			break;
		case '"':
			while (++j < lim && s[j] != '"' && s[j] != '\n')
				;
			if (j == lim || s[j] == '\n')
				return 0;
			break;
		case '\n':
			/* not past a blank line */
			for (k = j + 1; k < lim && s[k] == ' '; k++)
				;
			if (k == lim || s[k] == '\n')
				return 0;
			break;
		}
	}
	return 0;
}

/* The '[' that the ']' at s[j] closes, not past a blank line; or -1. */
static long
span_start(const char *s, size_t j)
{
	size_t k, lim = j > 4096 ? j - 4096 : 0;
	int depth = 0;

	for (k = j; k-- > lim;) {
		if (s[k] == '\n' && k > 0 && s[k - 1] == '\n')
			return -1;
		if ((s[k] != '[' && s[k] != ']') || escaped(s, k))
			continue;
		if (s[k] == ']')
			depth++;
		else if (depth-- == 0)
			return (long)k;
	}
	return -1;
}

/*
 * The leading part of line s[0..n) that a fenced div's ":::" follows
 * (blanks, "-   " or "1.  " list markers), or n when it is no fence.
 */
static size_t
fence_at(const char *s, size_t n)
{
	size_t i = 0, j;

	for (;;) {
		while (i < n && s[i] == ' ')
			i++;
		if (i < n && (s[i] == '-' || s[i] == '*') && i + 1 < n &&
		    s[i + 1] == ' ') {
			i++;
			continue;
		}
		for (j = i; j < n && j - i < 9 && isdigit((unsigned char)s[j]);
		    j++)
			;
		if (j > i && j + 1 < n && (s[j] == '.' || s[j] == ')') &&
		    s[j + 1] == ' ') {
			i = j + 1;
			continue;
		}
		break;
	}
	if (n - i >= 3 && memcmp(s + i, ":::", 3) == 0)
		return i;
	return n;
}

/* Does doc look like pandoc's own Markdown: fenced divs, attributes? */
static int
is_pandoc(const char *doc, size_t size)
{
	const char *s, *nl, *end = doc + size;
	int marks = 0;

	for (s = doc; s < end && marks < 3; s = nl + 1) {
		if ((nl = memchr(s, '\n', (size_t)(end - s))) == NULL)
			nl = end;
		if (fence_at(s, (size_t)(nl - s)) < (size_t)(nl - s))
			marks++;
		else if (has(s, (size_t)(nl - s), "]{.") ||
		    has(s, (size_t)(nl - s), "]{#"))
			marks++;
	}
	return marks >= 3;
}

/*
 * pandoc's own Markdown (pandoc -t markdown) has syntax md4c does not
 * know, which would be read as text: fenced divs (":::"), attribute
 * blocks ("{#id .class}") after links, images, spans and headings, and
 * bracketed spans ("[Title:]{.descriptor}"); and in a definition list
 * (":   " then lines indented four spaces) md4c would read the indented
 * lines as code.  They are taken out; the document's newlines are all
 * kept, so lines still count as in the file.
 */
static void
unpandoc(struct pp_buf *doc)
{
	struct pp_buf out = { 0 };
	const char *s = doc->s, *end = doc->s + doc->len, *nl;
	char *del;
	size_t n, i, j, k;
	long open;
	int definition = 0, blank;

	/* fences, definition markers and their indent, line by line */
	for (; s < end; s = nl + 1) {
		if ((nl = memchr(s, '\n', (size_t)(end - s))) == NULL)
			nl = end;
		n = (size_t)(nl - s);
		if (n >= 4 && s[0] == ':' && memcmp(s + 1, "   ", 3) == 0) {
			definition = 1;
			s += 4;
			n -= 4;
		} else if (definition && n >= 4 && memcmp(s, "    ", 4) == 0) {
			s += 4;
			n -= 4;
		} else if (!pp_is_blank(s, n))
			definition = 0;
		if ((i = fence_at(s, n)) < n)
			n = i;	/* the fence; a list marker before it stays */
		pp_buf_add(&out, s, n);
		if (nl < end)
			pp_buf_addc(&out, '\n');
	}
	pp_buf_adds(&out, "");

	/* attribute blocks, and the brackets of the spans they follow */
	del = xcalloc(out.len + 1, 1);
	for (i = 1; i < out.len; i++) {
		if (out.s[i] != '{' || escaped(out.s, i))
			continue;
		if (out.s[i - 1] == ']' || out.s[i - 1] == ')')
			;
		else if (out.s[i - 1] == ' ' &&
		    (out.s[i + 1] == '#' || out.s[i + 1] == '.'))
			;	/* a heading's: then nothing more on the line */
		else
			continue;
		if ((j = attr_end(out.s, out.len, i)) == 0)
			continue;
		if (out.s[i - 1] == ' ') {
			for (k = j + 1; k < out.len && out.s[k] == ' '; k++)
				;
			if (k < out.len && out.s[k] != '\n')
				continue;
		}
		memset(del + i, 1, j + 1 - i);
		if (out.s[i - 1] == ']' && (open = span_start(out.s, i - 1)) >= 0) {
			del[open] = 1;
			del[i - 1] = 1;
		}
		i = j;
	}
	/*
	 * What is left, line by line.  A line that only an attribute block
	 * emptied (one spanning lines: the newlines stay) must not end the
	 * paragraph or list item it is in: it gets an empty comment, markup
	 * that md4c reports and md_text() drops.
	 */
	pp_buf_reset(doc);
	for (s = out.s, end = out.s + out.len; s < end; s = nl + 1) {
		if ((nl = memchr(s, '\n', (size_t)(end - s))) == NULL)
			nl = end;
		i = (size_t)(s - out.s);
		n = (size_t)(nl - s);
		blank = pp_is_blank(s, n);
		for (j = k = 0; j < n; j++)
			if (!del[i + j])
				out.s[i + k++] = s[j];
		if (!blank && pp_is_blank(out.s + i, k))
			pp_buf_adds(doc, "<!-- -->");
		else
			pp_buf_add(doc, out.s + i, k);
		if (nl < end)
			pp_buf_addc(doc, '\n');
	}
	pp_buf_adds(doc, "");
	free(del);
	pp_buf_free(&out);
}

/*
 * The data-props of a Hugging Face page, which pandoc keeps as an
 * attribute ("::: {.SVELTE_HYDRATER props="{\"dailyPapers\":...}"}",
 * data- taken off) with its quotes and backslashes escaped: the papers
 * the page was drawn from, with what its cards do not show (abstracts,
 * names, dates), as the HTML reader reads them.  Whether any was found.
 */
static int
pandoc_props(struct split *sp, const char *doc, size_t size)
{
	const char *s = doc, *end = doc + size, *p;
	struct pp_buf json = { 0 };
	unsigned long before = sp->papers, lineno = 1;
	const char *counted = doc;

	while ((p = memmem(s, (size_t)(end - s), "props=\"", 7)) != NULL) {
		s = p + 7;
		if (p > doc && p[-1] != ' ' && p[-1] != '{' && p[-1] != '-')
			continue;
		for (; counted < p; counted++)
			lineno += *counted == '\n';
		pp_buf_reset(&json);
		for (; s < end && *s != '"'; s++) {
			if (*s == '\\' && s + 1 < end)
				s++;
			pp_buf_addc(&json, *s);
		}
		if (json.len > 0)
			split_props_json(sp, json.s, json.len, lineno);
	}
	pp_buf_free(&json);
	return sp->papers > before;
}

static void
markdown_read(struct split *sp, struct pp_input *in)
{
	MD_PARSER parser = {
		0, MD_FLAG_PERMISSIVEURLAUTOLINKS | MD_FLAG_STRIKETHROUGH |
		MD_FLAG_NOHTMLBLOCKS,
		md_enter_block, md_leave_block, md_enter_span, md_leave_span,
		md_text, NULL, NULL
	};
	struct md m = { 0 };
	struct pp_buf doc = { 0 };

	pp_input_rest(in, &doc);
	unreturn(&doc);
	if (doc.len > 0xffffffffu) {
		pp_error_at(in, "a Markdown file over 4 GB is not read");
		pp_buf_free(&doc);
		return;
	}
	blank_header(doc.s, doc.len);
	if (is_pandoc(doc.s, doc.len)) {
		if (pandoc_props(sp, doc.s, doc.len)) {
			pp_buf_free(&doc);
			return;		/* the page's data: its text shows less */
		}
		unpandoc(&doc);
	}
	join_wrapped_destinations(&doc);
	join_wrapped_headings(&doc);
	m.doc = doc.s;
	m.size = doc.len;
	m.line = 1;
	m.at = doc.s;
	m.at_line = 1;
	pp_buf_adds(&m.out, "");
	if (md_parse(doc.s, (MD_SIZE)doc.len, &parser, &m) != 0)
		pp_error_at(in, "md4c cannot parse this Markdown");
	end_line(&m);
	pp_buf_addc(&m.out, '\n');

	split_read_text(sp, in, m.out.s, m.out.len, "Markdown");
	pp_buf_free(&doc);
	pp_buf_free(&m.out);
	pp_buf_free(&m.href);
}

/*
 * Markdown's marks: links "](http", reference definitions "[12]: http",
 * ATX headings, and a converter's front matter.  Text with a few of them
 * is still the text readers' (they take "### [Title](url)" too); many
 * make it Markdown.
 */
static int
markdown_detect(const char *head, size_t len)
{
	const char *s = head, *end = head + len, *nl, *p;
	int marks = 0, lines = 0, tags = 0, links = 0;

	/* front matter: Firecrawl's url:, MarkDownload's source: */
	if (len >= 4 && memcmp(head, "---\n", 4) == 0 &&
	    (has(head, len, "\nurl: ") || has(head, len, "\nsource: ")))
		marks += 10;
	if (len >= 7 && memcmp(head, "Title: ", 7) == 0 &&
	    has(head, len, "\nMarkdown Content:"))
		marks += 10;
	for (; s < end; s = nl + 1) {
		if ((nl = memchr(s, '\n', (size_t)(end - s))) == NULL)
			nl = end;
		lines++;
		if (*s == '#' && nl - s > 2 && (s[1] == ' ' || s[1] == '#'))
			marks++;
		if (*s == '[' && (p = memchr(s, ']', (size_t)(nl - s))) != NULL &&
		    p + 2 < nl && p[1] == ':' && p[2] == ' ')
			marks++;
		for (p = s; p + 1 < nl; p++)
			marks += p[0] == ']' && p[1] == '(';
		for (p = s; p < nl && strchr(" \t-*0123456789.", *p) != NULL; p++)
			;
		if (p + 1 < nl && *p == '<' &&
		    (isalpha((unsigned char)p[1]) || p[1] == '/'))
			tags++;
		else
			for (; p + 1 < nl; p++)
				links += p[0] == ']' && p[1] == '(';
	}
	if (marks >= 20)
		return 60;
	if (marks >= 8 && marks * 10 >= lines)
		return 50;
	/*
	 * Markdown that kept the page's markup as raw HTML (pandoc -t gfm or
	 * commonmark): the tags make a fragment of a page for the HTML
	 * reader, but links written as Markdown between them say Markdown,
	 * read as a browser shows it, the tags dropped.
	 */
	if (tags >= 3 && links >= 3)
		return 55;
	return 0;
}

const struct reader reader_markdown = {
	"markdown",
	"Markdown from converters (Firecrawl, Jina Reader, NotebookLM), read as "
	"the text it shows",
	markdown_detect, markdown_read, 1
};
