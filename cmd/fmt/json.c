/*
 * -o json: each record pretty-printed as jq . prints it.
 */
#include <string.h>

#include "fmt.h"

static void
newline_indent(struct fmt *f)
{
	pp_buf_addc(&f->out, '\n');
	add_spaces(&f->out, 2 * f->stack.len);
}

/* Has s[0..len) DEL or a C1 control (U+0080..U+009F, C2 80..C2 9F)? */
static int
has_del_c1(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] == 0x7f || ((unsigned char)s[i] == 0xc2 &&
		    i + 1 < len && (unsigned char)s[i + 1] >= 0x80 &&
		    (unsigned char)s[i + 1] <= 0x9f))
			return 1;
	return 0;
}

/*
 * A JSON string, quoted, for a terminal: DEL and the C1 controls, which
 * JSON lets pass raw but a terminal obeys (U+009B is CSI), written as
 * \u escapes, as the C0 controls always are.
 */
static void
quote_visible(struct pp_buf *out, const char *s, size_t len)
{
	struct pp_buf q = { 0 };
	size_t i, run = 0;

	/* pp_json_quote() passes DEL and C1 as they are: escaped after it */
	pp_json_quote(&q, s, len);
	for (i = 0; i < q.len; i++) {
		if ((unsigned char)q.s[i] == 0x7f) {
			pp_buf_add(out, q.s + run, i - run);
			pp_buf_adds(out, "\\u007f");
			run = i + 1;
		} else if ((unsigned char)q.s[i] == 0xc2 && i + 1 < q.len &&
		    (unsigned char)q.s[i + 1] >= 0x80 &&
		    (unsigned char)q.s[i + 1] <= 0x9f) {
			pp_buf_add(out, q.s + run, i - run);
			pp_buf_printf(out, "\\u%04x", (unsigned char)q.s[i + 1]);
			run = ++i + 1;
		}
	}
	pp_buf_add(out, q.s + run, q.len - run);
	pp_buf_free(&q);
}

/*
 * Pretty-prints a validated record with two-space indents, as jq does,
 * from its text: numbers keep their exact spelling (jq 1.6 would round big
 * integers through a double); strings are shown with their escapes decoded
 * except those JSON requires.
 */
void
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
		if (c == '"' && (memchr(p, '\\', (size_t)(q - p)) != NULL ||
		    (f->visible && has_del_c1(p, (size_t)(q - p))))) {
			/* \u00e9 and the like shown as the characters */
			pp_buf_reset(&f->cell);
			pp_json_unquote(&f->cell, p, (size_t)(q - p));
			if (f->visible && has_del_c1(f->cell.s, f->cell.len))
				quote_visible(&f->out, f->cell.s, f->cell.len);
			else
				pp_json_quote(&f->out, f->cell.s, f->cell.len);
		} else
			pp_buf_add(&f->out, p, (size_t)(q - p));
		if (f->color && (key || c == '"' || c == 'n'))
			pp_buf_adds(&f->out, SGR_RESET);
		p = q;
	}
	pp_buf_addc(&f->out, '\n');
}
