/*
 * pp-fmt: records to people and to other programs.  The last stage of
 * most pipelines: an aligned table sized to the terminal, TSV and CSV for
 * spreadsheets, Miller and SQLite, Markdown for notes, a wrapped reading
 * list for a pager, a template, or JSON.
 *
 * Everything streams: each record is formatted and written as it is read,
 * so memory is bounded by the longest line.  What has to be decided before
 * the first row (the table's columns and their widths, the default fields)
 * is decided from the first record and never changes afterwards, so
 * columns do not jump between rows.
 */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "pp.h"

#define SYNOPSIS \
	"[-o table | tsv | csv | md | md-list | text | json | ndjson]\n" \
	"              [-f FIELDS] [-t TEMPLATE] [--width N]\n" \
	"              [--color[=auto | always | never]] [--no-header] [--crlf]\n" \
	"              [FILE ...]"

enum format {
	F_TABLE, F_TSV, F_CSV, F_MD, F_MDLIST, F_TEXT, F_JSON, F_NDJSON,
	F_TEMPLATE
};

static const char *const format_names[] = {
	"table", "tsv", "csv", "md", "md-list", "text", "json", "ndjson", NULL
};

enum {
	OPT_WIDTH = CHAR_MAX + 1,
	OPT_COLOR,
	OPT_NO_HEADER,
	OPT_CRLF
};

/* Terminal attributes, used only when color is on. */
#define SGR_BOLD	"\033[1m"
#define SGR_DIM		"\033[2m"
#define SGR_KEY		"\033[34;1m"
#define SGR_STRING	"\033[32m"
#define SGR_NULL	"\033[1;30m"
#define SGR_RESET	"\033[0m"

/* Columns between table cells. */
#define GAP		2
/* The narrowest a flexible column gets, however narrow the terminal. */
#define MIN_FLEX	8

struct column {
	char	*key;
	size_t	 width;		/* display cells */
	int	 right;		/* right-aligned: numbers */
	int	 flex;		/* shares the width left by the fixed columns */
};

/* One piece of a template: literal text, or a key with an optional width. */
struct piece {
	char	*text;		/* literal text, or the key */
	size_t	 len;
	int	 is_key;
	size_t	 cells;		/* {key:N}: N; 0: as it is */
	int	 right;		/* {key:>N} */
};

struct fmt {
	enum format	 format;
	int		 color;
	int		 header;
	int		 crlf;
	int		 flush;		/* stdout is a terminal: a row at a time */
	size_t		 width;		/* display cells */
	struct column	*cols;
	size_t		 ncols;
	int		 fields_given;
	int		 started;	/* the first record was seen */
	struct piece	*pieces;
	size_t		 npieces;
	struct pp_buf	 out;		/* what one record writes */
	struct pp_buf	 cell;		/* a value's text */
	struct pp_buf	 clean;		/* a value's text on one line */
	struct pp_buf	 stack;		/* -o json: the open containers */
};

static _Noreturn void
usage(void)
{
	pp_usage(SYNOPSIS);
}

/* --- values as text ---------------------------------------------------- */

/* A value that is a number: integers as written, the rest with 2 decimals. */
static void
add_number_short(struct pp_buf *b, const char *p, size_t len)
{
	char tmp[64];
	size_t i;

	for (i = 0; i < len; i++)
		if (p[i] == '.' || p[i] == 'e' || p[i] == 'E')
			break;
	if (i == len || len >= sizeof(tmp)) {
		pp_buf_add(b, p, len);
		return;
	}
	memcpy(tmp, p, len);
	tmp[len] = '\0';
	pp_buf_printf(b, "%.2f", strtod(tmp, NULL));
}

/*
 * Appends the text of a value: a string decoded, a number as its JSON text
 * (shortened when short is set), true and false as words, null as nothing,
 * an array as its elements joined with "; ", an object as its JSON text.
 */
static void
add_value(struct pp_buf *b, const struct pp_span *v, enum pp_jtype type,
    int short_numbers)
{
	struct pp_span elem;
	enum pp_jtype etype;
	size_t pos = 0;
	int first = 1;

	switch (type) {
	case PP_JNULL:
		break;
	case PP_JSTRING:
		pp_json_unquote(b, v->p, v->len);
		break;
	case PP_JNUMBER:
		if (short_numbers)
			add_number_short(b, v->p, v->len);
		else
			pp_buf_add(b, v->p, v->len);
		break;
	case PP_JARRAY:
		while (pp_json_array_next(v, &pos, &elem, &etype)) {
			if (!first)
				pp_buf_add(b, "; ", 2);
			first = 0;
			if (etype == PP_JARRAY)
				pp_buf_add(b, elem.p, elem.len);
			else
				add_value(b, &elem, etype, short_numbers);
		}
		break;
	default:	/* true, false, objects: as written */
		pp_buf_add(b, v->p, v->len);
	}
}

/*
 * The text of rec's key: points *p into the line itself when the value is
 * a string without escapes (most of them, and the fast path of -o tsv),
 * else into f->cell.  A missing key is empty.
 */
static void
cell_text(struct fmt *f, const struct pp_record *rec, const char *key,
    int short_numbers, const char **p, size_t *len)
{
	const struct pp_member *m;

	*p = "";
	*len = 0;
	if ((m = pp_record_get(rec, key)) == NULL)
		return;
	if (m->type == PP_JSTRING &&
	    memchr(m->value.p + 1, '\\', m->value.len - 2) == NULL) {
		*p = m->value.p + 1;
		*len = m->value.len - 2;
		return;
	}
	pp_buf_reset(&f->cell);
	add_value(&f->cell, &m->value, m->type, short_numbers);
	*p = f->cell.s != NULL ? f->cell.s : "";
	*len = f->cell.len;
}

/*
 * Appends s on one line, for a terminal or a Markdown cell: runs of white
 * space (newlines included) become one space, other control characters
 * (escape sequences could drive the terminal) become U+FFFD.
 */
static void
add_clean(struct pp_buf *b, const char *s, size_t len)
{
	size_t i = 0, n, start = b->len;
	int32_t cp;
	int space = 0;

	pp_buf_grow(b, len);
	while (i < len) {
		if ((unsigned char)s[i] > ' ' && (unsigned char)s[i] < 0x7f) {
			/* a run of printable ASCII, most of any text */
			for (n = i + 1; n < len && (unsigned char)s[n] > ' ' &&
			    (unsigned char)s[n] < 0x7f; n++)
				continue;
			if (space)
				pp_buf_addc(b, ' ');
			space = 0;
			pp_buf_add(b, s + i, n - i);
			i = n;
			continue;
		}
		n = pp_utf8_decode(s + i, len - i, &cp);
		if (cp == ' ' || (cp >= '\t' && cp <= '\r') || cp == 0x85 ||
		    cp == 0xa0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200a) ||
		    cp == 0x2028 || cp == 0x2029 || cp == 0x202f || cp == 0x205f ||
		    cp == 0x3000) {
			space = b->len > start;
		} else {
			if (space)
				pp_buf_addc(b, ' ');
			space = 0;
			if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0))
				pp_buf_add(b, "\xef\xbf\xbd", 3);
			else
				pp_buf_add(b, s + i, n);
		}
		i += n;
	}
}

/* Display cells of text add_clean() wrote: ASCII has no control left. */
static size_t
clean_width(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] >= 0x80)
			return pp_text_width(s, len);
	return len;
}

static void
add_spaces(struct pp_buf *b, size_t n)
{
	while (n-- > 0)
		pp_buf_addc(b, ' ');
}

/*
 * Appends s fitted to cells display cells: cut with "…" when wider, padded
 * with spaces (before it when right) unless pad is 0.
 */
static void
add_fitted(struct pp_buf *b, const char *s, size_t len, size_t cells,
    int right, int pad)
{
	size_t w = clean_width(s, len), n, used;

	if (w > cells) {
		if (cells == 0)
			return;
		n = pp_text_fit(s, len, cells - 1, &used);
		if (pad && right)	/* a wide character did not fit */
			add_spaces(b, cells - 1 - used);
		pp_buf_add(b, s, n);
		pp_buf_add(b, "\xe2\x80\xa6", 3);
		if (pad && !right)
			add_spaces(b, cells - 1 - used);
		return;
	}
	if (pad && right)
		add_spaces(b, cells - w);
	pp_buf_add(b, s, len);
	if (pad && !right)
		add_spaces(b, cells - w);
}

/* --- columns ------------------------------------------------------------ */

static void
add_column(struct fmt *f, const char *key, size_t len)
{
	f->cols = xreallocarray(f->cols, f->ncols + 1, sizeof(*f->cols));
	memset(&f->cols[f->ncols], 0, sizeof(*f->cols));
	f->cols[f->ncols++].key = xmemdup(key, len);
}

/* Splits "a,b,c" into columns; an empty name is an error. */
static void
parse_fields(struct fmt *f, const char *list)
{
	const char *p = list, *comma;
	size_t n;

	for (;;) {
		comma = strchr(p, ',');
		n = comma != NULL ? (size_t)(comma - p) : strlen(p);
		if (n == 0)
			pp_fatal("empty field name in -f '%s'", list);
		add_column(f, p, n);
		if (comma == NULL)
			break;
		p = comma + 1;
	}
}

/*
 * Default columns, from the first record.  The table and Markdown show
 * what a person triages by: the title, then date, upvotes and score when
 * the first record has them.  TSV and CSV export every key of the first
 * record, in its order.
 */
static void
default_fields(struct fmt *f, const struct pp_record *rec)
{
	static const char *const extra[] = { "date", "upvotes", "score", NULL };
	struct pp_buf key = { 0 };
	size_t i;

	if (f->format == F_TSV || f->format == F_CSV) {
		for (i = 0; i < rec->nmembers; i++) {
			const struct pp_member *m = &rec->members[i];

			pp_buf_reset(&key);
			pp_json_unquote(&key, m->key.p - 1, m->key.len + 2);
			add_column(f, key.s != NULL ? key.s : "", key.len);
		}
		pp_buf_free(&key);
		return;
	}
	add_column(f, "title", 5);
	for (i = 0; extra[i] != NULL; i++)
		if (pp_record_get(rec, extra[i]) != NULL)
			add_column(f, extra[i], strlen(extra[i]));
}

/* Known keys: their usual width in cells, and whether they are numbers. */
static const struct {
	const char	*key;
	size_t		 width;
	int		 right;
} known[] = {
	{ "date", 10, 0 },
	{ "upvotes", 7, 1 },
	{ "score", 6, 1 },
	{ "n_authors", 9, 1 },
	{ "year", 4, 1 },
	{ "words", 5, 1 },
	{ "id", 10, 0 },		/* arXiv since 2015: 2303.08867 */
	{ NULL, 0, 0 }
};

/* Keys whose text is long by nature: they share the free width. */
static const char *const flexible[] = {
	"title", "abstract", "authors", "comments", "url", "source",
	"categories", NULL
};

/*
 * Decides the table's column widths, once, from the terminal width, the
 * keys and the first record: known keys get their usual width, short
 * values the width of the first one, and the long ones (title first) share
 * what is left.  Later values that are wider are cut with "…".
 */
static void
plan_table(struct fmt *f, const struct pp_record *rec)
{
	struct pp_buf v = { 0 };
	size_t i, k, fixed = 0, shares = 0, left, share, hw;
	const struct pp_member *m;
	struct column *c;

	for (i = 0; i < f->ncols; i++) {
		c = &f->cols[i];
		hw = f->header ? pp_text_width(c->key, strlen(c->key)) : 1;
		for (k = 0; known[k].key != NULL; k++)
			if (strcmp(known[k].key, c->key) == 0)
				break;
		m = pp_record_get(rec, c->key);
		pp_buf_reset(&v);
		if (m != NULL)
			add_value(&v, &m->value, m->type, 1);
		c->width = v.len > 0 ? pp_text_width(v.s, v.len) : 0;
		if (known[k].key != NULL) {
			/*
			 * The usual width, or the first value's if wider but
			 * still short: a long odd value must not widen the
			 * table past the terminal.
			 */
			if (c->width < known[k].width || c->width > 16)
				c->width = known[k].width;
			if (c->width < hw)
				c->width = hw;
			c->right = known[k].right;
			fixed += c->width;
			continue;
		}
		if (m != NULL)
			c->right = m->type == PP_JNUMBER;
		for (k = 0; flexible[k] != NULL; k++)
			if (strcmp(flexible[k], c->key) == 0)
				break;
		/* no value to measure in the first record: share the rest */
		if (flexible[k] != NULL || c->width > 16 || c->width == 0) {
			c->flex = strcmp(c->key, "title") == 0 ? 2 : 1;
			shares += (size_t)c->flex;
			continue;
		}
		if (c->width < hw)
			c->width = hw;
		fixed += c->width;
	}
	pp_buf_free(&v);
	if (shares == 0)
		return;
	fixed += GAP * (f->ncols - 1);
	left = f->width > fixed ? f->width - fixed : 0;
	for (i = 0; i < f->ncols; i++) {
		c = &f->cols[i];
		if (!c->flex)
			continue;
		share = left * (size_t)c->flex / shares;
		left -= share;
		shares -= (size_t)c->flex;
		hw = f->header ? pp_text_width(c->key, strlen(c->key)) : 1;
		c->width = share > MIN_FLEX ? share : MIN_FLEX;
		if (c->width < hw)
			c->width = hw;
	}
}

/* Appends a table row (rec NULL: the header). */
static void
table_row(struct fmt *f, const struct pp_record *rec)
{
	const char *p;
	size_t i, len;
	struct column *c;

	for (i = 0; i < f->ncols; i++) {
		c = &f->cols[i];
		if (i > 0)
			add_spaces(&f->out, GAP);
		if (rec == NULL) {
			p = c->key;
			len = strlen(p);
		} else
			cell_text(f, rec, c->key, 1, &p, &len);
		pp_buf_reset(&f->clean);
		add_clean(&f->clean, p, len);
		add_fitted(&f->out, f->clean.s != NULL ? f->clean.s : "",
		    f->clean.len, c->width, c->right, 1);
	}
	/* no trailing spaces: an empty or short last cell ends the line */
	while (f->out.len > 0 && f->out.s[f->out.len - 1] == ' ')
		f->out.len--;
	if (f->out.s != NULL)
		f->out.s[f->out.len] = '\0';
}

static void
table_record(struct fmt *f, const struct pp_record *rec)
{
	if (!f->started) {
		plan_table(f, rec);
		if (f->header) {
			if (f->color)
				pp_buf_adds(&f->out, SGR_BOLD);
			table_row(f, NULL);
			if (f->color)
				pp_buf_adds(&f->out, SGR_RESET);
			pp_buf_addc(&f->out, '\n');
		}
	}
	table_row(f, rec);
	pp_buf_addc(&f->out, '\n');
}

/* --- TSV and CSV --------------------------------------------------------- */

/*
 * TSV as PostgreSQL's COPY and Miller read it: backslash, tab, newline and
 * carriage return written as \\ \t \n \r.  NUL, which no reader takes,
 * becomes U+FFFD.
 */
static void
add_tsv(struct pp_buf *b, const char *s, size_t len)
{
	size_t i, run = 0;
	const char *esc;

	pp_buf_grow(b, len);
	for (i = 0; i < len; i++) {
		switch (s[i]) {
		case '\\': esc = "\\\\"; break;
		case '\t': esc = "\\t"; break;
		case '\n': esc = "\\n"; break;
		case '\r': esc = "\\r"; break;
		case '\0': esc = "\xef\xbf\xbd"; break;
		default: continue;
		}
		pp_buf_add(b, s + run, i - run);
		pp_buf_adds(b, esc);
		run = i + 1;
	}
	pp_buf_add(b, s + run, len - run);
}

/*
 * CSV per RFC 4180: a field with a comma, quote, CR or LF is quoted and
 * its quotes doubled.  NUL becomes U+FFFD (Python's csv refuses it).
 */
static void
add_csv(struct pp_buf *b, const char *s, size_t len)
{
	size_t i, run = 0;

	for (i = 0; i < len; i++)
		if (s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n' ||
		    s[i] == '\0')
			break;
	if (i == len) {
		pp_buf_add(b, s, len);
		return;
	}
	pp_buf_grow(b, len + 2);
	pp_buf_addc(b, '"');
	for (i = 0; i < len; i++) {
		if (s[i] == '"') {
			pp_buf_add(b, s + run, i + 1 - run);
			pp_buf_addc(b, '"');
			run = i + 1;
		} else if (s[i] == '\0') {
			pp_buf_add(b, s + run, i - run);
			pp_buf_add(b, "\xef\xbf\xbd", 3);
			run = i + 1;
		}
	}
	pp_buf_add(b, s + run, len - run);
	pp_buf_addc(b, '"');
}

static void
sv_end(struct fmt *f, size_t rowstart)
{
	/*
	 * A row of one empty cell would be an empty line, which readers
	 * skip: write it as "" (TSV has no quoting; an empty line it stays).
	 */
	if (f->format == F_CSV && f->out.len == rowstart)
		pp_buf_add(&f->out, "\"\"", 2);
	if (f->crlf)
		pp_buf_addc(&f->out, '\r');
	pp_buf_addc(&f->out, '\n');
}

static void
sv_header(struct fmt *f)
{
	size_t i, start = f->out.len;

	for (i = 0; i < f->ncols; i++) {
		if (i > 0)
			pp_buf_addc(&f->out, f->format == F_TSV ? '\t' : ',');
		if (f->format == F_TSV)
			add_tsv(&f->out, f->cols[i].key, strlen(f->cols[i].key));
		else
			add_csv(&f->out, f->cols[i].key, strlen(f->cols[i].key));
	}
	sv_end(f, start);
}

static void
sv_record(struct fmt *f, const struct pp_record *rec)
{
	const char *p;
	size_t i, len, start;

	if (!f->started && !f->fields_given && f->header)
		sv_header(f);
	start = f->out.len;
	for (i = 0; i < f->ncols; i++) {
		if (i > 0)
			pp_buf_addc(&f->out, f->format == F_TSV ? '\t' : ',');
		cell_text(f, rec, f->cols[i].key, 0, &p, &len);
		if (f->format == F_TSV && p >= rec->line &&
		    p < rec->line + rec->len)
			/* JSON text without escapes has no tab, newline, \ */
			pp_buf_add(&f->out, p, len);
		else if (f->format == F_TSV)
			add_tsv(&f->out, p, len);
		else
			add_csv(&f->out, p, len);
	}
	sv_end(f, start);
}

/* --- Markdown ------------------------------------------------------------ */

/*
 * Appends s (already on one line) as Markdown inline text: the characters
 * that would start emphasis, strikethrough (GitHub's ~), code, links, HTML,
 * headings or end a table cell are escaped with a backslash, and so is a backslash before any
 * punctuation (else it would escape it).
 */
static void
add_md(struct pp_buf *b, const char *s, size_t len)
{
	static unsigned char special[256];
	const char *p;
	size_t i, run = 0;

	if (!special['|'])
		for (p = "`*_~[]<>|#"; *p != '\0'; p++)
			special[(unsigned char)*p] = 1;
	pp_buf_grow(b, len);
	for (i = 0; i < len; i++) {
		if (special[(unsigned char)s[i]] || (s[i] == '\\' &&
		    i + 1 < len && ispunct((unsigned char)s[i + 1]))) {
			pp_buf_add(b, s + run, i - run);
			pp_buf_addc(b, '\\');
			run = i;
		}
	}
	pp_buf_add(b, s + run, len - run);
}

static void
md_row(struct fmt *f, const struct pp_record *rec)
{
	const char *p;
	size_t i, len;

	pp_buf_addc(&f->out, '|');
	for (i = 0; i < f->ncols; i++) {
		if (rec == NULL) {
			p = f->cols[i].key;
			len = strlen(p);
		} else
			cell_text(f, rec, f->cols[i].key, 0, &p, &len);
		pp_buf_reset(&f->clean);
		add_clean(&f->clean, p, len);
		pp_buf_addc(&f->out, ' ');
		add_md(&f->out, f->clean.s != NULL ? f->clean.s : "", f->clean.len);
		pp_buf_adds(&f->out, " |");
	}
	pp_buf_addc(&f->out, '\n');
}

static void
md_record(struct fmt *f, const struct pp_record *rec)
{
	const struct pp_member *m;
	size_t i;

	if (!f->started) {
		md_row(f, NULL);
		pp_buf_addc(&f->out, '|');
		for (i = 0; i < f->ncols; i++) {
			m = pp_record_get(rec, f->cols[i].key);
			pp_buf_adds(&f->out, m != NULL && m->type == PP_JNUMBER ?
			    " ---: |" : " --- |");
		}
		pp_buf_addc(&f->out, '\n');
	}
	md_row(f, rec);
}

/* --- reading lists: text and md-list ------------------------------------ */

/* The metadata line: date · N authors · N upvotes · score S, as present. */
static void
add_meta(struct fmt *f, struct pp_buf *b, const struct pp_record *rec)
{
	const struct pp_member *m;
	const char *sep = "";
	struct pp_span elem;
	enum pp_jtype type;
	size_t pos = 0;
	long n = -1;

	if ((m = pp_record_get(rec, "date")) != NULL && m->type == PP_JSTRING) {
		pp_buf_reset(&f->cell);
		pp_json_unquote(&f->cell, m->value.p, m->value.len);
		add_clean(b, f->cell.s, f->cell.len);
		sep = " · ";
	}
	if ((m = pp_record_get(rec, "n_authors")) != NULL &&
	    m->type == PP_JNUMBER)
		n = strtol(m->value.p, NULL, 10);
	else if ((m = pp_record_get(rec, "authors")) != NULL &&
	    m->type == PP_JARRAY)
		for (n = 0; pp_json_array_next(&m->value, &pos, &elem, &type); )
			n++;
	if (n >= 0) {
		pp_buf_printf(b, "%s%ld author%s", sep, n, n == 1 ? "" : "s");
		sep = " · ";
	}
	if ((m = pp_record_get(rec, "upvotes")) != NULL &&
	    m->type == PP_JNUMBER) {
		pp_buf_adds(b, sep);
		pp_buf_add(b, m->value.p, m->value.len);
		pp_buf_adds(b, m->value.len == 1 && m->value.p[0] == '1' ?
		    " upvote" : " upvotes");
		sep = " · ";
	}
	if ((m = pp_record_get(rec, "score")) != NULL && m->type == PP_JNUMBER) {
		pp_buf_adds(b, sep);
		pp_buf_adds(b, "score ");
		add_number_short(b, m->value.p, m->value.len);
	}
}

/* The one-line text of a string key, or empty. */
static const char *
clean_string(struct fmt *f, const struct pp_record *rec, const char *key,
    size_t *len)
{
	const struct pp_member *m;

	pp_buf_reset(&f->clean);
	if ((m = pp_record_get(rec, key)) != NULL && m->type == PP_JSTRING) {
		pp_buf_reset(&f->cell);
		pp_json_unquote(&f->cell, m->value.p, m->value.len);
		add_clean(&f->clean, f->cell.s, f->cell.len);
	}
	*len = f->clean.len;
	return f->clean.s != NULL ? f->clean.s : "";
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

static void
text_record(struct fmt *f, const struct pp_record *rec)
{
	struct pp_buf meta = { 0 };
	const char *s;
	size_t len;

	if (f->started)
		pp_buf_addc(&f->out, '\n');
	s = clean_string(f, rec, "title", &len);
	if (f->color)
		pp_buf_adds(&f->out, SGR_BOLD);
	add_wrapped(f, len > 0 ? s : "(no title)", len > 0 ? len : 10);
	if (f->color) {
		f->out.len--;	/* the reset goes before the newline */
		pp_buf_adds(&f->out, SGR_RESET "\n");
	}
	add_meta(f, &meta, rec);
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
	s = clean_string(f, rec, "abstract", &len);
	if (len > 0)
		add_wrapped(f, s, len);
}

/* A URL inside Markdown's (...): the characters that would end it encoded. */
static void
add_md_url(struct pp_buf *b, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (strchr(" ()<>", s[i]) != NULL && s[i] != '\0')
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

static void
mdlist_record(struct fmt *f, const struct pp_record *rec)
{
	struct pp_buf meta = { 0 }, url = { 0 };
	const struct pp_member *m;
	const char *s;
	size_t len;

	if ((m = pp_record_get(rec, "url")) != NULL && m->type == PP_JSTRING) {
		pp_buf_reset(&f->cell);
		pp_json_unquote(&f->cell, m->value.p, m->value.len);
		add_clean(&url, f->cell.s, f->cell.len);
	}
	s = clean_string(f, rec, "title", &len);
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
	add_meta(f, &meta, rec);
	if (meta.len > 0) {
		pp_buf_adds(&f->out, "\n  *");
		add_md(&f->out, meta.s, meta.len);
		pp_buf_adds(&f->out, "*\n");
	}
	s = clean_string(f, rec, "abstract", &len);
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
static void
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

static void
template_record(struct fmt *f, const struct pp_record *rec)
{
	const struct piece *pc;
	const char *p;
	size_t i, len;

	for (i = 0; i < f->npieces; i++) {
		pc = &f->pieces[i];
		if (!pc->is_key) {
			pp_buf_add(&f->out, pc->text, pc->len);
			continue;
		}
		cell_text(f, rec, pc->text, 0, &p, &len);
		if (pc->cells == 0) {
			pp_buf_add(&f->out, p, len);
			continue;
		}
		pp_buf_reset(&f->clean);
		add_clean(&f->clean, p, len);
		add_fitted(&f->out, f->clean.s != NULL ? f->clean.s : "",
		    f->clean.len, pc->cells, pc->right, 1);
	}
	pp_buf_addc(&f->out, '\n');
}

/* --- JSON ---------------------------------------------------------------- */

static void
newline_indent(struct fmt *f)
{
	pp_buf_addc(&f->out, '\n');
	add_spaces(&f->out, 2 * f->stack.len);
}

/*
 * Pretty-prints a validated record with two-space indents, as jq does,
 * from its text: numbers keep their exact spelling (jq 1.6 would round big
 * integers through a double); strings are shown with their escapes decoded
 * except those JSON requires.
 */
static void
json_record(struct fmt *f, const struct pp_record *rec)
{
	const char *p = rec->line, *end = rec->line + rec->len, *q;
	int key = 0;
	char c;

	pp_buf_reset(&f->stack);
	while (p < end) {
		c = *p;
		switch (c) {
		case ' ': case '\t': case '\n': case '\r':
			p++;
			continue;
		case '{': case '[':
			for (q = p + 1; q < end && strchr(" \t\n\r", *q) != NULL &&
			    *q != '\0'; q++)
				continue;
			if (q < end && (*q == '}' || *q == ']')) {
				pp_buf_addc(&f->out, c);
				pp_buf_addc(&f->out, *q);
				p = q + 1;
				key = 0;
				continue;
			}
			pp_buf_addc(&f->out, c);
			pp_buf_addc(&f->stack, c);
			newline_indent(f);
			key = c == '{';
			p++;
			continue;
		case '}': case ']':
			f->stack.len--;
			newline_indent(f);
			pp_buf_addc(&f->out, c);
			key = 0;
			p++;
			continue;
		case ',':
			pp_buf_addc(&f->out, ',');
			newline_indent(f);
			key = f->stack.s[f->stack.len - 1] == '{';
			p++;
			continue;
		case ':':
			pp_buf_add(&f->out, ": ", 2);
			key = 0;
			p++;
			continue;
		case '"':
			for (q = p + 1; *q != '"'; q++)
				if (*q == '\\')
					q++;
			q++;
			break;
		default:	/* numbers, true, false, null */
			for (q = p; q < end && strchr(" \t\n\r,]}", *q) == NULL;
			    q++)
				continue;
		}
		if (f->color)
			pp_buf_adds(&f->out, key ? SGR_KEY : c == '"' ?
			    SGR_STRING : c == 'n' ? SGR_NULL : "");
		if (c == '"' && memchr(p, '\\', (size_t)(q - p)) != NULL) {
			/* \u00e9 and the like shown as the characters */
			pp_buf_reset(&f->cell);
			pp_json_unquote(&f->cell, p, (size_t)(q - p));
			pp_json_quote(&f->out, f->cell.s, f->cell.len);
		} else
			pp_buf_add(&f->out, p, (size_t)(q - p));
		if (f->color && (key || c == '"' || c == 'n'))
			pp_buf_adds(&f->out, SGR_RESET);
		p = q;
	}
	pp_buf_addc(&f->out, '\n');
}

/* --- the walk ------------------------------------------------------------ */

static int
each_record(struct pp_input *in, struct pp_record *rec, void *ctx)
{
	struct fmt *f = ctx;

	(void)in;
	if (!f->started && f->ncols == 0 && (f->format == F_TABLE ||
	    f->format == F_TSV || f->format == F_CSV || f->format == F_MD))
		default_fields(f, rec);
	pp_buf_reset(&f->out);
	switch (f->format) {
	case F_TABLE:
		table_record(f, rec);
		break;
	case F_TSV:
	case F_CSV:
		sv_record(f, rec);
		break;
	case F_MD:
		md_record(f, rec);
		break;
	case F_MDLIST:
		mdlist_record(f, rec);
		break;
	case F_TEXT:
		text_record(f, rec);
		break;
	case F_TEMPLATE:
		template_record(f, rec);
		break;
	case F_JSON:
		json_record(f, rec);
		break;
	case F_NDJSON:
		pp_buf_add(&f->out, rec->line, rec->len);
		pp_buf_addc(&f->out, '\n');
		break;
	}
	pp_write(f->out.s, f->out.len);
	if (f->flush && fflush(stdout) != 0)
		exit(pp_finish());	/* fails again, with the message */
	f->started = 1;
	return PP_GO_ON;
}

static void
fmt_free(struct fmt *f)
{
	size_t i;

	for (i = 0; i < f->ncols; i++)
		free(f->cols[i].key);
	free(f->cols);
	for (i = 0; i < f->npieces; i++)
		free(f->pieces[i].text);
	free(f->pieces);
	pp_buf_free(&f->out);
	pp_buf_free(&f->cell);
	pp_buf_free(&f->clean);
	pp_buf_free(&f->stack);
}

/* --- options ------------------------------------------------------------- */

/* A positive number of cells, or 0. */
static size_t
parse_cells(const char *s)
{
	unsigned long n;
	char *end;

	if (!isdigit((unsigned char)*s))
		return 0;
	errno = 0;
	n = strtoul(s, &end, 10);
	if (*end != '\0' || errno != 0 || n > 100000)
		return 0;
	return (size_t)n;
}

/* --width, else COLUMNS, else the terminal's width, else 80. */
static size_t
output_width(const char *opt)
{
	struct winsize ws;
	const char *env;
	size_t n;

	if (opt != NULL) {
		if ((n = parse_cells(opt)) == 0) {
			pp_warnx("--width: '%s': not a number of columns from 1 "
			    "to 100000", opt);
			usage();
		}
		return n;
	}
	if ((env = getenv("COLUMNS")) != NULL && (n = parse_cells(env)) > 0)
		return n;
	if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 &&
	    ws.ws_col > 0)
		return ws.ws_col;
	return 80;
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "fields", required_argument, NULL, 'f' },
		{ "template", required_argument, NULL, 't' },
		{ "width", required_argument, NULL, OPT_WIDTH },
		{ "color", optional_argument, NULL, OPT_COLOR },
		{ "colour", optional_argument, NULL, OPT_COLOR },
		{ "no-header", no_argument, NULL, OPT_NO_HEADER },
		{ "crlf", no_argument, NULL, OPT_CRLF },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct fmt f;
	const char *output = NULL, *fields = NULL, *template = NULL;
	const char *width = NULL, *color = "auto", *env;
	int ch, i, tty, columnar;

	pp_init(argv[0]);
	memset(&f, 0, sizeof(f));
	f.header = 1;
	while ((ch = getopt_long(argc, argv, "o:f:t:hV", longopts, NULL)) != -1) {
		switch (ch) {
		case 'o':
			output = optarg;
			break;
		case 'f':
			fields = optarg;
			break;
		case 't':
			template = optarg;
			break;
		case OPT_WIDTH:
			width = optarg;
			break;
		case OPT_COLOR:
			color = optarg != NULL ? optarg : "always";
			break;
		case OPT_NO_HEADER:
			f.header = 0;
			break;
		case OPT_CRLF:
			f.crlf = 1;
			break;
		case 'h':
			printf("usage: %s %s\n", pp_progname, SYNOPSIS);
			return pp_finish();
		case 'V':
			pp_version();
			break;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;

	tty = isatty(STDOUT_FILENO);
	if (output != NULL) {
		for (i = 0; format_names[i] != NULL; i++)
			if (strcmp(format_names[i], output) == 0)
				break;
		if (format_names[i] == NULL) {
			pp_warnx("-o: unknown format '%s' (table, tsv, csv, md, "
			    "md-list, text, json, ndjson)", output);
			usage();
		}
		f.format = (enum format)i;
	} else if (template != NULL)
		f.format = F_TEMPLATE;
	else
		f.format = tty ? F_TABLE : F_TEXT;
	columnar = f.format == F_TABLE || f.format == F_TSV ||
	    f.format == F_CSV || f.format == F_MD;
	if (template != NULL && output != NULL) {
		pp_warnx("-t and -o cannot be used together");
		usage();
	}
	if (fields != NULL && !columnar) {
		pp_warnx("-f applies to -o table, tsv, csv and md");
		usage();
	}
	if (!f.header && f.format != F_TABLE && f.format != F_TSV &&
	    f.format != F_CSV) {
		pp_warnx("--no-header applies to -o table, tsv and csv");
		usage();
	}
	if (f.crlf && f.format != F_TSV && f.format != F_CSV) {
		pp_warnx("--crlf applies to -o tsv and csv");
		usage();
	}
	if (strcmp(color, "always") == 0)
		f.color = 1;
	else if (strcmp(color, "never") == 0)
		f.color = 0;
	else if (strcmp(color, "auto") == 0)
		f.color = tty && ((env = getenv("NO_COLOR")) == NULL ||
		    *env == '\0') && ((env = getenv("TERM")) == NULL ||
		    strcmp(env, "dumb") != 0);
	else {
		pp_warnx("--color: '%s': not auto, always or never", color);
		usage();
	}
	f.width = output_width(width);
	f.flush = tty;
	if (fields != NULL) {
		parse_fields(&f, fields);
		f.fields_given = 1;
	}
	if (template != NULL)
		parse_template(&f, template);

	/* With the columns known, CSV and TSV have a header even for no input. */
	if ((f.format == F_TSV || f.format == F_CSV) && f.fields_given &&
	    f.header) {
		sv_header(&f);
		pp_write(f.out.s, f.out.len);
	}
	pp_each_record(argc, argv, each_record, &f);
	fmt_free(&f);
	return pp_finish();
}
