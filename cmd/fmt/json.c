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
