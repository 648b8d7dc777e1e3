/*
 * Reading lists: -o text for a pager, -o md-list for notes, and -t
 * templates, one line (or a few) per record.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "fmt.h"

/* The characters add_md() escapes. */
static const unsigned char md_special[256] = {
	['`'] = 1, ['*'] = 1, ['_'] = 1, ['~'] = 1, ['['] = 1, [']'] = 1,
	['<'] = 1, ['>'] = 1, ['|'] = 1, ['#'] = 1
};

/*
 * Appends s (already on one line) as Markdown inline text: the characters
 * that would start emphasis, strikethrough (GitHub's ~), code, links,
 * HTML, headings or end a table cell are escaped with a backslash, and so
 * is a backslash before any punctuation (else it would escape it).
 */
void
add_md(struct pp_buf *b, const char *s, size_t len)
{
	size_t i, run = 0;

	pp_buf_grow(b, len);
	for (i = 0; i < len; i++) {
		if (md_special[(unsigned char)s[i]] || (s[i] == '\\' &&
		    i + 1 < len && ispunct((unsigned char)s[i + 1]))) {
			pp_buf_add(b, s + run, i - run);
			pp_buf_addc(b, '\\');
			run = i;
		}
	}
	pp_buf_add(b, s + run, len - run);
}

/* The keys of the default metadata line, in its order (url or id last). */
static const char *const meta_keys[] = {
	"authors", "date", "upvotes", "n_comments", "score", NULL
};

/* Appends one part of the metadata line; returns 0 if rec lacks it. */
static int
add_meta_part(struct fmt *f, struct pp_buf *b, const struct pp_record *rec,
    const char *key)
{
	struct value v;
	size_t start = b->len, i;
	int one;

	if (strcmp(key, "authors") == 0) {
		/* "N authors" unless -f names n_authors too */
		for (i = 0; i < f->ncols; i++)
			if (strcmp(f->cols[i].key, "n_authors") == 0)
				break;
		add_authors_short(f, b, rec, !f->fields_given || i == f->ncols);
		return b->len > start;
	}
	if (!fmt_get(f, rec, key, &v) || v.type == PP_JNULL)
		return 0;
	one = v.span.len == 1 && v.span.p[0] == '1';
	if (v.type == PP_JNUMBER && strcmp(key, "upvotes") == 0)
		pp_buf_printf(b, "%.*s upvote%s", (int)v.span.len, v.span.p,
		    one ? "" : "s");
	else if (v.type == PP_JNUMBER && strcmp(key, "n_comments") == 0)
		pp_buf_printf(b, "%.*s comment%s", (int)v.span.len, v.span.p,
		    one ? "" : "s");
	else if (v.type == PP_JNUMBER && strcmp(key, "n_authors") == 0)
		pp_buf_printf(b, "%.*s author%s", (int)v.span.len, v.span.p,
		    one ? "" : "s");
	else if (v.type == PP_JNUMBER && strcmp(key, "score") == 0) {
		pp_buf_adds(b, "score ");
		add_number_short(b, v.span.p, v.span.len);
	} else {
		if (v.type == PP_JSTRING && strcmp(key, "id") == 0)
			pp_buf_adds(b, "arXiv:");
		pp_buf_reset(&f->tmp);
		add_value(f, &f->tmp, &v, 1);
		add_clean(f, b, f->tmp.s != NULL ? f->tmp.s : "", f->tmp.len);
	}
	return b->len > start;
}

/*
 * The metadata line: authors (three, then "et al."), date, upvotes,
 * comments, score, and the url or else the arXiv id, as present; with -f,
 * the keys it names in its order.  skip_url: the title links to the url
 * already (md-list), so only the id is shown.
 */
void
add_meta(struct fmt *f, struct pp_buf *b, const struct pp_record *rec,
    int skip_url)
{
	const char *sep = "";
	size_t i, mark;

	if (f->fields_given) {
		for (i = 0; i < f->ncols; i++) {
			mark = b->len;
			pp_buf_adds(b, sep);
			if (add_meta_part(f, b, rec, f->cols[i].key))
				sep = " · ";
			else
				b->len = mark;
		}
		return;
	}
	for (i = 0; meta_keys[i] != NULL; i++) {
		mark = b->len;
		pp_buf_adds(b, sep);
		if (add_meta_part(f, b, rec, meta_keys[i]))
			sep = " · ";
		else
			b->len = mark;
	}
	mark = b->len;
	pp_buf_adds(b, sep);
	if (skip_url || !add_meta_part(f, b, rec, "url")) {
		b->len = mark;
		pp_buf_adds(b, sep);
		if (!add_meta_part(f, b, rec, "id"))
			b->len = mark;
	}
	if (b->s != NULL)
		b->s[b->len] = '\0';
}

/*
 * Appends s (one line, single spaces) wrapped to the width in display
 * cells, greedily by words; a word wider than a line is cut at a
 * character boundary.
 */
static void
add_wrapped(struct fmt *f, const char *s, size_t len)
{
	size_t i = 0, j, n, w, col = 0, used;

	while (i < len) {
		for (j = i; j < len && s[j] != ' '; j++)
			continue;
		w = clean_width(s + i, j - i);
		if (col > 0 && col + 1 + w > f->width) {
			pp_buf_addc(&f->out, '\n');
			col = 0;
		} else if (col > 0) {
			pp_buf_addc(&f->out, ' ');
			col++;
		}
		while (w > f->width - col) {
			/* a word longer than the line: as much as fits */
			n = pp_text_fit(s + i, j - i, f->width - col, &used);
			if (n == 0)	/* a wide char in a 1-cell line */
				n = pp_utf8_decode(s + i, j - i, &(int32_t){ 0 });
			pp_buf_add(&f->out, s + i, n);
			pp_buf_addc(&f->out, '\n');
			i += n;
			col = 0;
			w = pp_text_width(s + i, j - i);
		}
		pp_buf_add(&f->out, s + i, j - i);
		col += w;
		i = j + 1;
	}
	pp_buf_addc(&f->out, '\n');
}

void
text_record(struct fmt *f, const struct pp_record *rec)
{
	struct pp_buf meta = { 0 };
	const char *s;
	size_t len;

	if (f->started)
		pp_buf_addc(&f->out, '\n');
	s = string_text(f, rec, "title", &len);
	if (f->color)
		pp_buf_adds(&f->out, SGR_BOLD);
	add_wrapped(f, len > 0 ? s : "(no title)", len > 0 ? len : 10);
	if (f->color) {
		f->out.len--;	/* the reset goes before the newline */
		pp_buf_adds(&f->out, SGR_RESET "\n");
	}
	add_meta(f, &meta, rec, 0);
	if (meta.len > 0) {
		/* short, and clearer whole than wrapped between its parts */
		if (f->color)
			pp_buf_adds(&f->out, SGR_DIM);
		pp_buf_add(&f->out, meta.s, meta.len);
		if (f->color)
			pp_buf_adds(&f->out, SGR_RESET);
		pp_buf_addc(&f->out, '\n');
	}
	pp_buf_free(&meta);
	s = string_text(f, rec, "abstract", &len);
	if (len > 0)
		add_wrapped(f, s, len);
}

/* A URL inside Markdown's (...): the characters that would end it encoded. */
static void
add_md_url(struct pp_buf *b, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (s[i] != '\0' && strchr(" ()<>", s[i]) != NULL)
			pp_buf_printf(b, "%%%02X", (unsigned char)s[i]);
		else
			pp_buf_addc(b, s[i]);
}

/*
 * Appends s as add_md() does, at the start of a paragraph: there a
 * leading "-", "+" or "1." would begin a list, so it is escaped too.
 */
static void
add_md_paragraph(struct pp_buf *b, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len && i < 9 && isdigit((unsigned char)s[i]); i++)
		continue;
	if (i > 0 && i < len && (s[i] == '.' || s[i] == ')')) {
		pp_buf_add(b, s, i);
		pp_buf_addc(b, '\\');
		s += i;
		len -= i;
	} else if (len > 0 && (s[0] == '-' || s[0] == '+'))
		pp_buf_addc(b, '\\');
	add_md(b, s, len);
}

void
mdlist_record(struct fmt *f, const struct pp_record *rec)
{
	struct pp_buf meta = { 0 }, url = { 0 };
	const char *s;
	size_t len;

	s = string_text(f, rec, "url", &len);
	pp_buf_add(&url, s, len);
	s = string_text(f, rec, "title", &len);
	pp_buf_adds(&f->out, url.len > 0 ? "- **[" : "- **");
	if (len > 0)
		add_md(&f->out, s, len);
	else
		pp_buf_adds(&f->out, "(no title)");
	if (url.len > 0) {
		pp_buf_adds(&f->out, "](");
		add_md_url(&f->out, url.s, url.len);
		pp_buf_addc(&f->out, ')');
	}
	pp_buf_adds(&f->out, "**\n");
	add_meta(f, &meta, rec, url.len > 0);
	if (meta.len > 0) {
		pp_buf_adds(&f->out, "\n  *");
		add_md(&f->out, meta.s, meta.len);
		pp_buf_adds(&f->out, "*\n");
	}
	s = string_text(f, rec, "abstract", &len);
	if (len > 0) {
		pp_buf_adds(&f->out, "\n  ");
		add_md_paragraph(&f->out, s, len);
		pp_buf_addc(&f->out, '\n');
	}
	pp_buf_addc(&f->out, '\n');
	pp_buf_free(&meta);
	pp_buf_free(&url);
}

/* --- templates ----------------------------------------------------------- */

static void
add_piece(struct fmt *f, const char *text, size_t len, int is_key,
    size_t cells)
{
	struct piece *pc;

	if (!is_key && len == 0)
		return;
	if (!is_key && f->npieces > 0 && !f->pieces[f->npieces - 1].is_key) {
		/* join adjacent literal text */
		pc = &f->pieces[f->npieces - 1];
		pc->text = xrealloc(pc->text, pc->len + len + 1);
		memcpy(pc->text + pc->len, text, len);
		pc->len += len;
		pc->text[pc->len] = '\0';
		return;
	}
	f->pieces = xreallocarray(f->pieces, f->npieces + 1, sizeof(*f->pieces));
	pc = &f->pieces[f->npieces++];
	memset(pc, 0, sizeof(*pc));
	pc->text = xmemdup(text, len);
	pc->len = len;
	pc->is_key = is_key;
	pc->cells = cells;
}

/*
 * Parses a template once: {key}, {key:N}, {key:>N}, {{ and }}, the escapes \n
 * \t \\.  Anything else that looks like a mistake (an unclosed brace, a
 * lone }, a bad width) is an error now rather than odd output later.
 */
void
parse_template(struct fmt *f, const char *t)
{
	const char *p = t, *close, *colon, *num;
	char *end;
	unsigned long cells;
	int right;

	while (*p != '\0') {
		if (p[0] == '{' && p[1] == '{') {
			add_piece(f, "{", 1, 0, 0);
			p += 2;
		} else if (p[0] == '}' && p[1] == '}') {
			add_piece(f, "}", 1, 0, 0);
			p += 2;
		} else if (p[0] == '}') {
			pp_fatal("template: lone '}' at column %zu (write }})",
			    (size_t)(p - t) + 1);
		} else if (p[0] == '{') {
			if ((close = strchr(p, '}')) == NULL)
				pp_fatal("template: unclosed '{' at column %zu",
				    (size_t)(p - t) + 1);
			colon = memchr(p, ':', (size_t)(close - p));
			cells = 0;
			right = 0;
			if (colon != NULL) {
				num = colon + 1;
				if (*num == '>') {
					right = 1;
					num++;
				}
				errno = 0;
				cells = strtoul(num, &end, 10);
				if (end != close || !isdigit((unsigned char)*num) ||
				    errno != 0 || cells == 0 || cells > 100000)
					pp_fatal("template: bad width in '%.*s'",
					    (int)(close - p + 1), p);
			} else
				colon = close;
			if (colon == p + 1)
				pp_fatal("template: empty key at column %zu",
				    (size_t)(p - t) + 1);
			add_piece(f, p + 1, (size_t)(colon - p - 1), 1, cells);
			f->pieces[f->npieces - 1].right = right;
			p = close + 1;
		} else if (p[0] == '\\' && (p[1] == 'n' || p[1] == 't' ||
		    p[1] == '\\')) {
			add_piece(f, p[1] == 'n' ? "\n" : p[1] == 't' ? "\t" :
			    "\\", 1, 0, 0);
			p += 2;
		} else {
			add_piece(f, p, 1, 0, 0);
			p++;
		}
	}
}

void
template_record(struct fmt *f, const struct pp_record *rec)
{
	struct piece *pc;
	struct value v;
	const char *p;
	size_t i, len, cells;

	for (i = 0; i < f->npieces; i++) {
		pc = &f->pieces[i];
		if (!pc->is_key) {
			pp_buf_add(&f->out, pc->text, pc->len);
			continue;
		}
		p = "";
		len = 0;
		if (!fmt_get(f, rec, pc->text, &v))
			v.type = PP_JNULL;	/* missing: empty */
		else
			value_text(f, &v, 0, &p, &len);
		if (pc->cells == 0) {
			add_visible(f, &f->out, p, len);
			continue;
		}
		pp_buf_reset(&f->clean);
		add_clean(f, &f->clean, p, len);
		/* a number or an id is written whole, as in a table */
		cells = pc->cells;
		if (v.type == PP_JNUMBER || strcmp(pc->text, "id") == 0)
			cells = whole_cells(cells, f->clean.s, f->clean.len);
		add_fitted(&f->out, f->clean.s != NULL ? f->clean.s : "",
		    f->clean.len, cells, pc->right, 1);
	}
	pp_buf_addc(&f->out, '\n');
}
