/*
 * Values as text, for every writer: a key or a path looked up, a value
 * turned into text, text made safe for a terminal, fitted to a width.
 */
#include <stdlib.h>
#include <string.h>

#include "fmt.h"

/*
 * The value of key in rec: a top-level key as named, else a path of
 * object keys separated by dots (submittedBy.fullname), as every program
 * reads keys.  Returns 0 when the record has neither.
 */
int
fmt_get(struct fmt *f, const struct pp_record *rec, const char *key,
    struct value *v)
{
	(void)f;
	return pp_record_path(rec, key, strlen(key), &v->span, &v->type);
}

/* A value that is a number: integers as written, the rest with 2 decimals. */
void
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
 * An array element in a CSV or TSV cell.  Elements are joined with "; ",
 * so an element that holds ";" or a double quote is written as a JSON
 * string ("x; y" with its quotes), and one that is not a string as its
 * JSON text: split at "; " outside JSON strings and brackets, and each
 * part that begins with a quote, bracket or brace is JSON.
 */
static void
add_element(struct fmt *f, struct pp_buf *b, const struct value *e,
    int short_numbers)
{
	pp_buf_reset(&f->tmp);
	if (e->type == PP_JSTRING) {
		pp_json_unquote(&f->tmp, e->span.p, e->span.len);
		if (f->tmp.len > 0 && (memchr(f->tmp.s, ';', f->tmp.len) ||
		    memchr(f->tmp.s, '"', f->tmp.len) || f->tmp.s[0] == '[' ||
		    f->tmp.s[0] == '{'))
			pp_json_quote(b, f->tmp.s, f->tmp.len);
		else
			pp_buf_add(b, f->tmp.s, f->tmp.len);
	} else if (e->type == PP_JNUMBER)
		add_value(f, b, e, short_numbers);
	else if (e->type != PP_JNULL)
		pp_buf_add(b, e->span.p, e->span.len);
}

/*
 * Appends the text of a value: a string decoded, a number as its JSON text
 * (shortened when short_numbers is 1), true and false as words, null as
 * nothing, an array as its elements joined with "; ", an object as its
 * JSON text.  short_numbers 2: arrays for CSV and TSV, as add_element()
 * says, or as JSON with --arrays json.
 */
void
add_value(struct fmt *f, struct pp_buf *b, const struct value *v,
    int short_numbers)
{
	struct value e;
	size_t pos = 0;
	int first = 1;

	switch (v->type) {
	case PP_JNULL:
		break;
	case PP_JSTRING:
		pp_json_unquote(b, v->span.p, v->span.len);
		break;
	case PP_JNUMBER:
		if (short_numbers == 1)
			add_number_short(b, v->span.p, v->span.len);
		else
			pp_buf_add(b, v->span.p, v->span.len);
		break;
	case PP_JARRAY:
		if (short_numbers == 2 && f->arrays_json) {
			pp_buf_add(b, v->span.p, v->span.len);
			break;
		}
		while (pp_json_array_next(&v->span, &pos, &e.span, &e.type)) {
			if (!first)
				pp_buf_add(b, "; ", 2);
			first = 0;
			if (short_numbers == 2)
				add_element(f, b, &e, 0);
			else if (e.type == PP_JARRAY)
				pp_buf_add(b, e.span.p, e.span.len);
			else
				add_value(f, b, &e, short_numbers);
		}
		break;
	default:	/* true, false, objects: as written */
		pp_buf_add(b, v->span.p, v->span.len);
	}
}

/*
 * The text of a value: points *p into the line itself when it is a string
 * without escapes (most of them, and the fast path of -o tsv), else into
 * f->cell.
 */
void
value_text(struct fmt *f, const struct value *v, int short_numbers,
    const char **p, size_t *len)
{
	if (v->type == PP_JSTRING &&
	    memchr(v->span.p + 1, '\\', v->span.len - 2) == NULL) {
		*p = v->span.p + 1;
		*len = v->span.len - 2;
		return;
	}
	pp_buf_reset(&f->cell);
	add_value(f, &f->cell, v, short_numbers);
	*p = f->cell.s != NULL ? f->cell.s : "";
	*len = f->cell.len;
}

/* The text of rec's key, as value_text() gives it; a missing key is empty. */
void
cell_text(struct fmt *f, const struct pp_record *rec, const char *key,
    int short_numbers, const char **p, size_t *len)
{
	struct value v;

	*p = "";
	*len = 0;
	if (fmt_get(f, rec, key, &v))
		value_text(f, &v, short_numbers, p, len);
}

/* Is the code point a control character a terminal would act on? */
static int
is_control(int32_t cp)
{
	return (cp < 0x20 && cp != '\t' && cp != '\n') || cp == 0x7f ||
	    (cp >= 0x80 && cp < 0xa0);
}

/* Appends a control character as cat -v shows it: ^[ for ESC, M-^[ for CSI. */
static void
add_caret(struct pp_buf *b, int32_t cp)
{
	if (cp >= 0x80) {
		pp_buf_add(b, "M-", 2);
		cp -= 0x80;
	}
	pp_buf_addc(b, '^');
	pp_buf_addc(b, cp == 0x7f ? '?' : cp + '@');
}

/*
 * Appends data text for the output: to a terminal (f->visible) control
 * characters other than tab and newline are shown as ^X, so a record
 * cannot move the cursor, retitle the window or change colors; elsewhere
 * the bytes pass as they are.
 */
void
add_visible(struct fmt *f, struct pp_buf *b, const char *s, size_t len)
{
	size_t i, run = 0, n;
	int32_t cp;

	if (!f->visible) {
		pp_buf_add(b, s, len);
		return;
	}
	for (i = 0; i < len; i += n) {
		n = 1;
		if ((unsigned char)s[i] >= 0x20 && (unsigned char)s[i] < 0x7f)
			continue;
		if ((unsigned char)s[i] >= 0x80)
			n = pp_utf8_decode(s + i, len - i, &cp);
		else
			cp = (unsigned char)s[i];
		if (!is_control(cp))
			continue;
		pp_buf_add(b, s + run, i - run);
		add_caret(b, cp);
		run = i + n;
	}
	pp_buf_add(b, s + run, len - run);
}

static int
is_space(int32_t cp)
{
	return cp == ' ' || (cp >= '\t' && cp <= '\r') || cp == 0x85 ||
	    cp == 0xa0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200a) ||
	    cp == 0x2028 || cp == 0x2029 || cp == 0x202f || cp == 0x205f ||
	    cp == 0x3000;
}

/*
 * Appends s on one line, for a table cell or a reading list: runs of white
 * space (newlines included) become one space; other control characters
 * are shown as ^X on a terminal and pass as they are elsewhere.
 */
void
add_clean(struct fmt *f, struct pp_buf *b, const char *s, size_t len)
{
	size_t i = 0, n, start = b->len;
	int32_t cp;
	int space = 0;

	pp_buf_grow(b, len);
	while (i < len) {
		if ((unsigned char)s[i] > ' ' && (unsigned char)s[i] < 0x7f) {
			/*
			 * A run of printable ASCII and single spaces between
			 * words, most of any text: one copy for all of it.
			 */
			for (n = i + 1; n < len; n++)
				if ((unsigned char)s[n] <= ' ' ||
				    (unsigned char)s[n] >= 0x7f) {
					if (s[n] != ' ' || n + 1 == len ||
					    (unsigned char)s[n + 1] <= ' ' ||
					    (unsigned char)s[n + 1] >= 0x7f)
						break;
					n++;
				}
			if (space)
				pp_buf_addc(b, ' ');
			space = 0;
			pp_buf_add(b, s + i, n - i);
			i = n;
			continue;
		}
		n = pp_utf8_decode(s + i, len - i, &cp);
		if (is_space(cp)) {
			space = b->len > start;
		} else {
			if (space)
				pp_buf_addc(b, ' ');
			space = 0;
			if (is_control(cp) && f->visible)
				add_caret(b, cp);
			else
				pp_buf_add(b, s + i, n);
		}
		i += n;
	}
}

/*
 * Display cells of text add_clean() wrote.  Only printable ASCII is one
 * cell a byte: DEL, which passes as it is off a terminal, takes none.
 */
size_t
clean_width(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] >= 0x7f || (unsigned char)s[i] < 0x20)
			return pp_text_width(s, len);
	return len;
}

void
add_spaces(struct pp_buf *b, size_t n)
{
	while (n-- > 0)
		pp_buf_addc(b, ' ');
}

/*
 * The cells a value written whole takes (a number: cut short, it would be
 * another number): its own if more than cells, up to 24 (a longer
 * "number" is no count, and is cut).
 */
size_t
whole_cells(size_t cells, const char *s, size_t len)
{
	size_t w = s != NULL ? pp_text_width(s, len) : 0;

	return w > cells && w <= 24 ? w : cells;
}

/*
 * Appends s fitted to cells display cells: cut with "…" when wider, padded
 * with spaces (before it when right) unless pad is 0.
 */
void
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

/* The one-line text of a string key (in f->clean), or empty. */
const char *
string_text(struct fmt *f, const struct pp_record *rec, const char *key,
    size_t *len)
{
	struct value v;

	pp_buf_reset(&f->clean);
	if (fmt_get(f, rec, key, &v) && v.type == PP_JSTRING) {
		pp_buf_reset(&f->cell);
		pp_json_unquote(&f->cell, v.span.p, v.span.len);
		add_clean(f, &f->clean, f->cell.s, f->cell.len);
	}
	*len = f->clean.len;
	return f->clean.s != NULL ? f->clean.s : "";
}

/*
 * The authors for a reading list: the first three names, then "et al."
 * (with the count when n_authors or the list says how many); without
 * names, "N authors" from n_authors when count is set.
 */
void
add_authors_short(struct fmt *f, struct pp_buf *b, const struct pp_record *rec,
    int count)
{
	struct value v, e;
	size_t pos = 0, n = 0, shown = 0;
	long total = -1;

	if (fmt_get(f, rec, "n_authors", &v) && v.type == PP_JNUMBER)
		total = strtol(v.span.p, NULL, 10);
	if (fmt_get(f, rec, "authors", &v) && v.type == PP_JARRAY) {
		while (pp_json_array_next(&v.span, &pos, &e.span, &e.type)) {
			n++;
			if (e.type != PP_JSTRING || shown == 3)
				continue;
			if (shown > 0)
				pp_buf_add(b, ", ", 2);
			pp_buf_reset(&f->cell);
			pp_json_unquote(&f->cell, e.span.p, e.span.len);
			add_clean(f, b, f->cell.s, f->cell.len);
			shown++;
		}
		if ((long)n > total)
			total = (long)n;
		if (shown > 0 && total > (long)shown)
			pp_buf_adds(b, " et al.");
		if (shown > 0)
			return;
	}
	if (total >= 0 && count)
		pp_buf_printf(b, "%ld author%s", total, total == 1 ? "" : "s");
}
