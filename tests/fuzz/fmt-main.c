/*
 * libFuzzer target: pp-fmt's display widths and truncation, through its
 * main.  Input: a width byte, a cells byte, then records.
 *
 *  - `-o table --width W`: every line is valid UTF-8 (a cell is never
 *    cut inside a character) and at most W display cells wide.  W is 60
 *    or more: pp-fmt gives a long column at least 8 cells (MIN_FLEX), so
 *    a narrow width with several columns overflows, which its man page
 *    does not say (reported);
 *  - `-t '{title:N}|'`: every record gives one line of exactly N cells
 *    and the bar, whatever the title holds (wide, combining, control
 *    characters, newlines, or no title at all), but for a number wider
 *    than N, which is written whole;
 *  - `-o bibtex`: one entry per record, its braces balanced (a brace from
 *    the data must never open or close a field), valid UTF-8;
 *  - `-o html`: one list item per record, and no tag but pp-fmt's own
 *    (a '<' from the data is always escaped);
 *  - the status is 0 or 2, never an exit.
 */
int pp_fmt_main(int, char **);

#define main pp_fmt_main
#define pp_init fuzz_init
#define pp_finish fuzz_finish
#include "../../cmd/fmt/main.c"
#undef main
#include "harness.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/*
 * Off a terminal pp-fmt passes control characters as they are (a "\u0000"
 * in a title is a NUL in the table): what is checked is that a cell is
 * never cut inside a character.
 */
#include "utf8-nul.h"

/*
 * Is s[0..len) a number's text written whole because it is wider than
 * cells (up to 24 cells, as a table writes one)?
 */
static int
number_whole(const char *s, size_t len, size_t cells)
{
	size_t i;

	if (len <= cells || len > 24)
		return 0;
	for (i = 0; i < len; i++)
		if (s[i] == '\0' || strchr("0123456789+-.eE", s[i]) == NULL)
			return 0;
	return 1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *line, *nl, *end;
	char width[16], tmpl[32];
	size_t w, cells, len, n, i;
	const char *body;
	long depth;
	int status;

	if (size < 2 || size > 100000)
		return 0;
	w = 60 + data[0];
	cells = 1 + data[1] % 64;
	snprintf(width, sizeof(width), "%zu", w);
	snprintf(tmpl, sizeof(tmpl), "{title:%zu}|", cells);

	status = run_main(pp_fmt_main, data + 2, size - 2, "pp-fmt", "-o",
	    "table", "--width", width, "-f", "title,authors,date,abstract",
	    "FILE", NULL);
	if (exited || (status != 0 && status != 2))
		die("table: exited or a status not 0 or 2", data, size);
	end = out + outlen;
	for (line = out; line < end; line = nl + 1) {
		if ((nl = memchr(line, '\n', (size_t)(end - line))) == NULL)
			die("table: a last line without newline", data, size);
		len = (size_t)(nl - line);
		if (!utf8_valid_nul(line, len))
			die("table: a line is not valid UTF-8", data, size);
		if (pp_text_width(line, len) > w)
			die("table: a line wider than --width", data, size);
	}

	status = run_main(pp_fmt_main, data + 2, size - 2, "pp-fmt", "-t",
	    tmpl, "FILE", NULL);
	if (exited || (status != 0 && status != 2))
		die("template: exited or a status not 0 or 2", data, size);
	if (out_lines() != input_records((const char *)data + 2, size - 2))
		die("template: not one line per record", data, size);
	end = out + outlen;
	for (line = out, n = 0; line < end; line = nl + 1, n++) {
		nl = memchr(line, '\n', (size_t)(end - line));
		len = (size_t)(nl - line);
		if (!utf8_valid_nul(line, len))
			die("template: a line is not valid UTF-8", data, size);
		if (len == 0 || line[len - 1] != '|' ||
		    (pp_text_width(line, len - 1) != cells &&
		    !number_whole(line, len - 1, cells)))
			die("template: {title:N} is not N cells wide", data, size);
	}

	status = run_main(pp_fmt_main, data + 2, size - 2, "pp-fmt", "-o",
	    "bibtex", "FILE", NULL);
	if (exited || (status != 0 && status != 2))
		die("bibtex: exited or a status not 0 or 2", data, size);
	if (!utf8_valid_nul(out, outlen))
		die("bibtex: not valid UTF-8", data, size);
	for (i = 0, n = 0, depth = 0; i < outlen; i++) {
		if (out[i] == '@' && (i == 0 || out[i - 1] == '\n'))
			n++;
		depth += out[i] == '{' ? 1 : out[i] == '}' ? -1 : 0;
		if (depth < 0)
			die("bibtex: a '}' closes more than was opened", data, size);
		if (out[i] == '\n' && i + 1 < outlen && out[i + 1] == '@' &&
		    depth != 0)
			die("bibtex: an entry's braces do not balance", data, size);
	}
	if (depth != 0 || n != input_records((const char *)data + 2, size - 2))
		die("bibtex: unbalanced, or not one entry per record", data, size);

	status = run_main(pp_fmt_main, data + 2, size - 2, "pp-fmt", "-o",
	    "html", "FILE", NULL);
	if (exited || (status != 0 && status != 2))
		die("html: exited or a status not 0 or 2", data, size);
	/* the body: the style sheet above it has a "<" of its own */
	for (body = NULL, i = 0; i + 6 <= outlen && body == NULL; i++)
		if (memcmp(out + i, "<body>", 6) == 0)
			body = out + i;
	if (body == NULL)
		die("html: no body", data, size);
	for (i = (size_t)(body - out), n = 0; i < outlen; i++) {
		static const char *const tags[] = { "<li>", "</li>", "<h2>",
		    "</h2>", "<a href=", "</a>", "<p class=", "<p>", "</p>",
		    "<details>", "</details>", "<summary>", "</summary>",
		    "<ol>", "</ol>", "<main>", "</main>", "</body>", "</html>",
		    "<h1>", "</h1>", "<body>", NULL };
		size_t t;

		if (out[i] != '<')
			continue;
		for (t = 0; tags[t] != NULL; t++)
			if (strncmp(out + i, tags[t], strlen(tags[t])) == 0)
				break;
		if (tags[t] == NULL)
			die("html: a tag that is not pp-fmt's", data, size);
		n += t == 0;
	}
	if (n != input_records((const char *)data + 2, size - 2))
		die("html: not one list item per record", data, size);
	return 0;
}
