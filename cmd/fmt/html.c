/*
 * -o html: one self-contained page to open and send.  Inline CSS, no
 * script, nothing fetched from the network; readable on a phone (a
 * viewport and one column), in print (the abstracts unfolded, links
 * spelled out) and in dark mode (prefers-color-scheme).  Every value from
 * a record is escaped, and only http and https URLs become links, so a
 * hostile page can neither run a script nor plant a javascript: link.
 */
#include <string.h>
#include <strings.h>

#include "fmt.h"

static const char page_head[] =
"<!DOCTYPE html>\n"
"<html lang=\"en\">\n"
"<head>\n"
"<meta charset=\"utf-8\">\n"
"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
"<meta name=\"generator\" content=\"pp-fmt\">\n"
"<title>Reading list</title>\n"
"<style>\n"
":root { color-scheme: light dark; --fg: #1b1b1b; --bg: #fdfdfc;\n"
"  --muted: #5b5e63; --link: #0b57d0; --rule: #dddddd; }\n"
"@media (prefers-color-scheme: dark) {\n"
"  :root { --fg: #e6e4e0; --bg: #17181a; --muted: #a3a6ab;\n"
"    --link: #8ab4f8; --rule: #34363a; } }\n"
"body { margin: 0 auto; max-width: 46rem; padding: 1rem;\n"
"  font: 1rem/1.5 system-ui, -apple-system, \"Segoe UI\", sans-serif;\n"
"  color: var(--fg); background: var(--bg); overflow-wrap: break-word; }\n"
"h1 { font-size: 1.5rem; margin: 0.5rem 0 1rem; }\n"
"ol { padding-left: 1.75rem; margin: 0; }\n"
"li { margin: 0 0 1rem; padding-bottom: 0.75rem;\n"
"  border-bottom: 1px solid var(--rule); }\n"
"h2 { font-size: 1.05rem; line-height: 1.35; margin: 0 0 0.25rem; }\n"
"a { color: var(--link); }\n"
".meta { color: var(--muted); font-size: 0.9rem; margin: 0 0 0.25rem; }\n"
"summary { color: var(--muted); font-size: 0.9rem; cursor: pointer; }\n"
"details p { margin: 0.25rem 0 0; }\n"
".none { color: var(--muted); }\n"
"@media print {\n"
"  :root { --fg: #000; --bg: #fff; --muted: #333; --link: #000; }\n"
"  body { max-width: none; padding: 0; font-size: 10.5pt; }\n"
"  li { break-inside: avoid; }\n"
"  a { text-decoration: none; }\n"
"  h2 a::after { content: \" <\" attr(href) \">\"; font-weight: normal;\n"
"    font-size: 0.8rem; overflow-wrap: anywhere; }\n"
"  summary { display: none; }\n"
"  details::details-content { content-visibility: visible;"
" display: contents; } }\n"
"</style>\n"
"</head>\n"
"<body>\n"
"<main>\n"
"<h1>Reading list</h1>\n";

/*
 * What add_html() writes for a byte: NULL for the byte itself.  & < > " '
 * as references; the control characters HTML forbids as U+FFFD.
 */
#define FFFD "\xef\xbf\xbd"
static const char *const html_refs[256] = {
	[0x00] = FFFD, [0x01] = FFFD, [0x02] = FFFD, [0x03] = FFFD,
	[0x04] = FFFD, [0x05] = FFFD, [0x06] = FFFD, [0x07] = FFFD,
	[0x08] = FFFD, [0x0b] = FFFD, [0x0c] = FFFD, [0x0d] = FFFD,
	[0x0e] = FFFD, [0x0f] = FFFD, [0x10] = FFFD, [0x11] = FFFD,
	[0x12] = FFFD, [0x13] = FFFD, [0x14] = FFFD, [0x15] = FFFD,
	[0x16] = FFFD, [0x17] = FFFD, [0x18] = FFFD, [0x19] = FFFD,
	[0x1a] = FFFD, [0x1b] = FFFD, [0x1c] = FFFD, [0x1d] = FFFD,
	[0x1e] = FFFD, [0x1f] = FFFD, [0x7f] = FFFD,
	['&'] = "&amp;", ['<'] = "&lt;", ['>'] = "&gt;", ['"'] = "&quot;",
	['\''] = "&#39;",
	[0xc2] = ""	/* the lead byte of U+0080 to U+00BF: see below */
};

static void
add_html(struct pp_buf *b, const char *s, size_t len)
{
	size_t i, run = 0;
	const char *ref;

	pp_buf_grow(b, len);
	for (i = 0; i < len; i++) {
		if ((ref = html_refs[(unsigned char)s[i]]) == NULL)
			continue;
		if (*ref == '\0') {
			/* U+0080 to U+009F, C1 controls, are forbidden too */
			if (i + 1 == len || (unsigned char)s[i + 1] > 0x9f)
				continue;
			pp_buf_add(b, s + run, i - run);
			pp_buf_adds(b, FFFD);
			run = i + 2;
			i++;
			continue;
		}
		pp_buf_add(b, s + run, i - run);
		pp_buf_adds(b, ref);
		run = i + 1;
	}
	pp_buf_add(b, s + run, len - run);
}

/* The characters a URI may hold as they are (RFC 3986), & aside. */
static const char uri_chars[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
    "-._~:/?#[]@!$'()*+,;=%";

/*
 * Appends a URL for href: what a URI cannot hold (space, quotes, angle
 * brackets, non-ASCII) percent-encoded, so neither the attribute nor the
 * link can be broken out of, and & as &amp;.
 */
static void
add_href(struct pp_buf *b, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (s[i] == '&')
			pp_buf_adds(b, "&amp;");
		else if (s[i] != '\0' && strchr(uri_chars, s[i]) != NULL &&
		    s[i] != '\'')
			pp_buf_addc(b, s[i]);
		else
			pp_buf_printf(b, "%%%02X", (unsigned char)s[i]);
}

/*
 * The text of a string key for HTML, which collapses white space itself:
 * the string's bytes in the line when it has no escapes (most do), else
 * decoded into f->cell.
 */
static const char *
html_text(struct fmt *f, const struct pp_record *rec, const char *key,
    size_t *len)
{
	struct value v;

	*len = 0;
	if (!fmt_get(f, rec, key, &v) || v.type != PP_JSTRING)
		return "";
	if (memchr(v.span.p, '\\', v.span.len) == NULL) {
		*len = v.span.len - 2;
		return v.span.p + 1;
	}
	pp_buf_reset(&f->cell);
	pp_json_unquote(&f->cell, v.span.p, v.span.len);
	*len = f->cell.len;
	return f->cell.s != NULL ? f->cell.s : "";
}

void
html_begin(struct fmt *f)
{
	pp_buf_reset(&f->out);
	pp_buf_adds(&f->out, page_head);
}

void
html_record(struct fmt *f, const struct pp_record *rec)
{
	struct pp_buf url = { 0 }, meta = { 0 };
	const char *s;
	size_t len;
	int link;

	if (!f->started)
		pp_buf_adds(&f->out, "<ol>\n");
	s = string_text(f, rec, "url", &len);
	pp_buf_add(&url, s, len);
	/* only the web's own schemes: never javascript: or data: */
	link = (url.len > 7 && strncasecmp(url.s, "http://", 7) == 0) ||
	    (url.len > 8 && strncasecmp(url.s, "https://", 8) == 0);
	pp_buf_adds(&f->out, "<li>\n<h2>");
	if (link) {
		pp_buf_adds(&f->out, "<a href=\"");
		add_href(&f->out, url.s, url.len);
		pp_buf_adds(&f->out, "\">");
	}
	s = html_text(f, rec, "title", &len);
	while (len > 0 && *s == ' ')
		s++, len--;
	add_html(&f->out, len > 0 ? s : "(no title)", len > 0 ? len : 10);
	pp_buf_adds(&f->out, link ? "</a></h2>\n" : "</h2>\n");
	add_meta(f, &meta, rec, link);
	if (meta.len > 0) {
		pp_buf_adds(&f->out, "<p class=\"meta\">");
		add_html(&f->out, meta.s, meta.len);
		pp_buf_adds(&f->out, "</p>\n");
	}
	s = html_text(f, rec, "abstract", &len);
	if (len > 0) {
		pp_buf_adds(&f->out, "<details><summary>Abstract</summary>\n"
		    "<p>");
		add_html(&f->out, s, len);
		pp_buf_adds(&f->out, "</p>\n</details>\n");
	}
	pp_buf_adds(&f->out, "</li>\n");
	pp_buf_free(&url);
	pp_buf_free(&meta);
}

void
html_end(struct fmt *f)
{
	if (f->started)
		pp_buf_adds(&f->out, "</ol>\n");
	else
		pp_buf_adds(&f->out, "<p class=\"none\">No papers.</p>\n");
	pp_buf_adds(&f->out, "</main>\n</body>\n</html>\n");
}
