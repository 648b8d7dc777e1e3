/*
 * Formats of columns: the aligned table, TSV, CSV and Markdown tables.
 * Their columns are fixed before the first row: named with -f, or the
 * keys of the records main.c held back (DESIGN's order, then the order
 * they were first seen in).
 */
#include <stdlib.h>
#include <string.h>

#include "fmt.h"

/* Columns between table cells. */
#define GAP		2
/* The narrowest a flexible column gets, however narrow the terminal. */
#define MIN_FLEX	8

/*
 * DESIGN's keys a table or a Markdown table shows without -f: what a
 * person triages by.  Keys that are not DESIGN's (score, what pp-fields
 * derived) are shown too; the long texts (abstract, authors, url, ...)
 * are for -o text, csv, html or -f.
 */
static const char *const table_keys[] = {
	"title", "date", "upvotes", "n_comments", "id", NULL
};

/* Would key be a column of the default columns of this format? */
int
column_shows(const struct fmt *f, const char *key)
{
	size_t i;

	if (f->format == F_TSV || f->format == F_CSV)
		return 1;
	if (pp_key_lookup(key, strlen(key)) < 0)
		return 1;
	for (i = 0; table_keys[i] != NULL; i++)
		if (strcmp(table_keys[i], key) == 0)
			return 1;
	return 0;
}

static void
add_column(struct fmt *f, const char *key, size_t len)
{
	f->cols = xreallocarray(f->cols, f->ncols + 1, sizeof(*f->cols));
	memset(&f->cols[f->ncols], 0, sizeof(*f->cols));
	f->cols[f->ncols++].key = xmemdup(key, len);
}

/*
 * The default columns: every key of the held records, DESIGN's keys in
 * DESIGN's order, then the others in the order they were first seen;
 * for the table and Markdown only those column_shows() allows.
 */
static void
default_columns(struct fmt *f, struct pp_record *held, size_t nheld)
{
	struct pp_set seen = { 0 };
	struct pp_buf key = { 0 };
	int present[PP_NKEYS] = { 0 };
	char **other = NULL;
	size_t nother = 0, r, i;
	int k;

	for (r = 0; r < nheld; r++) {
		for (i = 0; i < held[r].nmembers; i++) {
			const struct pp_member *m = &held[r].members[i];

			pp_buf_reset(&key);
			pp_json_unquote(&key, m->key.p - 1, m->key.len + 2);
			if (key.s == NULL)
				pp_buf_add(&key, "", 0);
			if (pp_set_add(&seen, key.s, key.len) < 0)
				continue;
			if ((k = pp_key_lookup(key.s, key.len)) >= 0) {
				present[k] = 1;
				continue;
			}
			other = xreallocarray(other, nother + 1, sizeof(*other));
			other[nother++] = xmemdup(key.s, key.len);
		}
	}
	for (k = 0; k < PP_NKEYS; k++)
		if (present[k] && column_shows(f, pp_keys[k].name))
			add_column(f, pp_keys[k].name, strlen(pp_keys[k].name));
	for (i = 0; i < nother; i++) {
		add_column(f, other[i], strlen(other[i]));
		free(other[i]);
	}
	free(other);
	/* a table with no key to show still shows the titles */
	if (f->ncols == 0 && nheld > 0 && f->format != F_TSV &&
	    f->format != F_CSV)
		add_column(f, "title", 5);
	pp_set_free(&seen);
	pp_buf_free(&key);
}

/* Known keys: their usual width in cells, and whether they are numbers. */
static const struct {
	const char	*key;
	size_t		 width;
	int		 right;
} known[] = {
	{ "date", 10, 0 },
	{ "upvotes", 7, 1 },
	{ "n_comments", 10, 1 },
	{ "score", 6, 1 },
	{ "n_authors", 9, 1 },
	{ "year", 4, 1 },
	{ "words", 5, 1 },
	{ "id", 10, 0 },		/* arXiv since 2015: 2303.08867 */
	{ NULL, 0, 0 }
};

/* Keys whose text is long by nature: they share the free width. */
static const char *const flexible[] = {
	"title", "abstract", "summary", "authors", "comments", "url", "source",
	"categories", "venue", NULL
};

/*
 * The widest cell of key among the held records, in display cells; *has
 * is set when one has a value, *number when every value is a number.
 */
static size_t
widest_value(struct fmt *f, struct pp_record *held, size_t nheld,
    const char *key, int *has, int *number)
{
	struct pp_buf text = { 0 };
	struct value v;
	size_t r, w, widest = 0;

	*has = 0;
	*number = 1;
	for (r = 0; r < nheld; r++) {
		if (!fmt_get(f, &held[r], key, &v) || v.type == PP_JNULL)
			continue;
		*has = 1;
		*number &= v.type == PP_JNUMBER;
		pp_buf_reset(&text);
		add_value(f, &text, &v, 1);
		if (text.len > 0 &&
		    (w = pp_text_width(text.s, text.len)) > widest)
			widest = w;
	}
	pp_buf_free(&text);
	if (!*has)
		*number = 0;
	return widest;
}

/*
 * Decides the table's column widths, once, from the terminal width, the
 * keys and the held records: known keys get their usual width, short
 * values the width of the widest held one, and the long ones (title first)
 * share what is left.  Later values that are wider are cut with "…", but
 * for numbers and ids (right-aligned columns and "id"), which are written
 * whole: a number cut short is another number.
 */
static void
plan_table(struct fmt *f, struct pp_record *held, size_t nheld)
{
	size_t i, k, fixed = 0, shares = 0, left, share, hw;
	struct column *c;
	int has, number;

	for (i = 0; i < f->ncols; i++) {
		c = &f->cols[i];
		hw = f->header ? pp_text_width(c->key, strlen(c->key)) : 1;
		for (k = 0; known[k].key != NULL; k++)
			if (strcmp(known[k].key, c->key) == 0)
				break;
		c->width = widest_value(f, held, nheld, c->key, &has, &number);
		/* counts, scores, ids and the numbers of other keys */
		c->whole = known[k].key != NULL ? known[k].right ||
		    strcmp(c->key, "id") == 0 : number;
		if (known[k].key != NULL) {
			/*
			 * The usual width, or the widest value's if wider but
			 * still short: a long odd value must not widen the
			 * table past the terminal.
			 */
			if (c->width < known[k].width ||
			    c->width > (c->whole ? 24 : 16))
				c->width = known[k].width;
			if (c->width < hw)
				c->width = hw;
			c->right = known[k].right;
			fixed += c->width;
			continue;
		}
		if (has)
			c->right = number;
		for (k = 0; flexible[k] != NULL; k++)
			if (strcmp(flexible[k], c->key) == 0)
				break;
		/* no value to measure: share the rest */
		if (flexible[k] != NULL || c->width > (c->whole ? 24 : 16) ||
		    c->width == 0) {
			c->flex = strcmp(c->key, "title") == 0 ? 2 : 1;
			shares += (size_t)c->flex;
			continue;
		}
		if (c->width < hw)
			c->width = hw;
		fixed += c->width;
	}
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

/*
 * Called once, after the look-ahead: the columns (unless -f named them)
 * and, for the table, their widths.
 */
void
plan_columns(struct fmt *f, struct pp_record *held, size_t nheld)
{
	if (!f->fields_given)
		default_columns(f, held, nheld);
	if (f->format == F_TABLE)
		plan_table(f, held, nheld);
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
		add_clean(f, &f->clean, p, len);
		add_fitted(&f->out, f->clean.s != NULL ? f->clean.s : "",
		    f->clean.len, c->whole && rec != NULL ? whole_cells(c->width,
		    f->clean.s, f->clean.len) : c->width, c->right, 1);
	}
	/* no trailing spaces: an empty or short last cell ends the line */
	while (f->out.len > 0 && f->out.s[f->out.len - 1] == ' ')
		f->out.len--;
	if (f->out.s != NULL)
		f->out.s[f->out.len] = '\0';
}

void
table_record(struct fmt *f, const struct pp_record *rec)
{
	if (!f->started && f->header) {
		if (f->color)
			pp_buf_adds(&f->out, SGR_BOLD);
		table_row(f, NULL);
		if (f->color)
			pp_buf_adds(&f->out, SGR_RESET);
		pp_buf_addc(&f->out, '\n');
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
add_tsv(struct fmt *f, struct pp_buf *b, const char *s, size_t len)
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
		add_visible(f, b, s + run, i - run);
		pp_buf_adds(b, esc);
		run = i + 1;
	}
	add_visible(f, b, s + run, len - run);
}

/*
 * CSV per RFC 4180: a field with a comma, quote, CR or LF is quoted and
 * its quotes doubled.  NUL becomes U+FFFD (Python's csv refuses it).
 */
static void
add_csv(struct fmt *f, struct pp_buf *b, const char *s, size_t len)
{
	size_t i, run = 0;

	for (i = 0; i < len; i++)
		if (s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n' ||
		    s[i] == '\0')
			break;
	if (i == len) {
		add_visible(f, b, s, len);
		return;
	}
	pp_buf_grow(b, len + 2);
	pp_buf_addc(b, '"');
	for (i = 0; i < len; i++) {
		if (s[i] == '"') {
			add_visible(f, b, s + run, i + 1 - run);
			pp_buf_addc(b, '"');
			run = i + 1;
		} else if (s[i] == '\0') {
			add_visible(f, b, s + run, i - run);
			pp_buf_add(b, "\xef\xbf\xbd", 3);
			run = i + 1;
		}
	}
	add_visible(f, b, s + run, len - run);
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

void
sv_header(struct fmt *f)
{
	size_t i, start = f->out.len;

	if (f->ncols == 0)
		return;
	for (i = 0; i < f->ncols; i++) {
		if (i > 0)
			pp_buf_addc(&f->out, f->format == F_TSV ? '\t' : ',');
		if (f->format == F_TSV)
			add_tsv(f, &f->out, f->cols[i].key,
			    strlen(f->cols[i].key));
		else
			add_csv(f, &f->out, f->cols[i].key,
			    strlen(f->cols[i].key));
	}
	sv_end(f, start);
}

void
sv_record(struct fmt *f, const struct pp_record *rec)
{
	const char *p;
	size_t i, len, start;

	start = f->out.len;
	for (i = 0; i < f->ncols; i++) {
		if (i > 0)
			pp_buf_addc(&f->out, f->format == F_TSV ? '\t' : ',');
		cell_text(f, rec, f->cols[i].key, 2, &p, &len);
		if (f->format == F_TSV && !f->visible && p >= rec->line &&
		    p < rec->line + rec->len)
			/* JSON text without escapes has no tab, newline, \ */
			pp_buf_add(&f->out, p, len);
		else if (f->format == F_TSV)
			add_tsv(f, &f->out, p, len);
		else
			add_csv(f, &f->out, p, len);
	}
	sv_end(f, start);
}

/* --- Markdown ------------------------------------------------------------ */

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
		add_clean(f, &f->clean, p, len);
		pp_buf_addc(&f->out, ' ');
		add_md(&f->out, f->clean.s != NULL ? f->clean.s : "",
		    f->clean.len);
		pp_buf_adds(&f->out, " |");
	}
	pp_buf_addc(&f->out, '\n');
}

/*
 * The header and the alignment row, from the held records: a column is
 * right-aligned when its values are numbers.  With no columns (no
 * -f and no record) there is no table to begin.
 */
void
md_header(struct fmt *f, struct pp_record *held, size_t nheld)
{
	size_t i;
	int has, number;

	if (f->ncols == 0)
		return;
	md_row(f, NULL);
	pp_buf_addc(&f->out, '|');
	for (i = 0; i < f->ncols; i++) {
		widest_value(f, held, nheld, f->cols[i].key, &has, &number);
		pp_buf_adds(&f->out, number ? " ---: |" : " --- |");
	}
	pp_buf_addc(&f->out, '\n');
}

void
md_record(struct fmt *f, const struct pp_record *rec)
{
	md_row(f, rec);
}
