/*
 * libFuzzer target: pp-split's layout detection and parsers, through its
 * main.  Input: a byte choosing the layout (detection, or --format
 * hf-search, hf-daily, arxiv, json), then the page.  Whatever the page:
 *
 *  - the status is 0 or 2, and every line written is a record: one JSON
 *    object (pp_record_parse), which jq reads as one too;
 *  - from the text layouts, the record's keys have DESIGN.md's types
 *    (title, abstract, date, id, comments, url, source strings; authors
 *    and categories arrays of strings; n_authors and upvotes integers),
 *    title and abstract have their white space collapsed, date is
 *    YYYY-MM-DD, and source is FILE:LINE with a line of the page.
 *
 * pp-split keeps --format in a file-scope variable, put back between runs.
 */
int pp_split_main(int, char **);

#define main pp_split_main
#define pp_init fuzz_init
#define pp_finish fuzz_finish
#include "../../cmd/pp-split.c"
#undef main
#include "harness.h"

#include <jv.h>

static const char *const formats[] = {
	NULL, "hf-search", "hf-daily", "arxiv", "json"
};

static const uint8_t *in_data;
static size_t in_size;

static void
fail(const char *what, const char *line, size_t len)
{
	fprintf(stderr, "pp-split fuzz: %s\nrecord: %.*s\n", what,
	    (int)(len > 2000 ? 2000 : len), line);
	die(what, in_data, in_size);
}

static int
is_type(const struct pp_member *m, enum pp_jtype t)
{
	return m == NULL || m->type == t;
}

static int
string_array(const struct pp_member *m)
{
	struct pp_span elem;
	enum pp_jtype type;
	size_t pos = 0;

	if (m == NULL)
		return 1;
	if (m->type != PP_JARRAY)
		return 0;
	while (pp_json_array_next(&m->value, &pos, &elem, &type))
		if (type != PP_JSTRING)
			return 0;
	return 1;
}

static int
integer(const struct pp_member *m)
{
	size_t i;

	if (m == NULL)
		return 1;
	if (m->type != PP_JNUMBER)
		return 0;
	for (i = 0; i < m->value.len; i++)
		if (m->value.p[i] == '.' || m->value.p[i] == 'e' ||
		    m->value.p[i] == 'E')
			return 0;
	return 1;
}

/* A string member whose text has no white space run, none at the ends. */
static int
squeezed(const struct pp_member *m)
{
	struct pp_buf text = { 0 }, sq = { 0 };
	int same;

	if (m == NULL || m->type != PP_JSTRING)
		return 1;
	pp_json_unquote(&text, m->value.p, m->value.len);
	pp_buf_adds(&sq, "");
	pp_text_squeeze(&sq, text.s ? text.s : "", text.len);
	same = sq.len == text.len && memcmp(sq.s, text.s ? text.s : "", sq.len) == 0;
	pp_buf_free(&text);
	pp_buf_free(&sq);
	return same;
}

static int
good_date(const struct pp_member *m)
{
	const char *d;
	int month, day;

	if (m == NULL)
		return 1;
	if (m->type != PP_JSTRING || m->value.len != 12)
		return 0;
	d = m->value.p + 1;
	if (d[4] != '-' || d[7] != '-')
		return 0;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (d[i] < '0' || d[i] > '9'))
			return 0;
	month = (d[5] - '0') * 10 + d[6] - '0';
	day = (d[8] - '0') * 10 + d[9] - '0';
	return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

/* source is "NAME:LINE", LINE within the page. */
static int
good_source(const struct pp_member *m, size_t lines)
{
	struct pp_buf s = { 0 };
	char *colon, *end;
	unsigned long n;
	int ok;

	if (m == NULL)
		return 1;
	if (m->type != PP_JSTRING)
		return 0;
	pp_json_unquote(&s, m->value.p, m->value.len);
	colon = s.s != NULL ? strrchr(s.s, ':') : NULL;
	ok = colon != NULL && strncmp(s.s, in_name, (size_t)(colon - s.s)) == 0;
	if (ok) {
		n = strtoul(colon + 1, &end, 10);
		ok = *end == '\0' && n >= 1 && n <= lines;
	}
	pp_buf_free(&s);
	return ok;
}

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pp_record r = { 0 };
	const char *line, *nl, *end;
	const uint8_t *page;
	size_t pagelen, lines, i;
	char msg[128];
	int status, text_layout;
	jv v;

	if (size < 1 || size > 100000)
		return 0;
	in_data = data;
	in_size = size;
	page = data + 1;
	pagelen = size - 1;
	for (lines = 0, i = 0; i < pagelen; i++)
		lines += page[i] == '\n';
	if (pagelen > 0 && page[pagelen - 1] != '\n')
		lines++;

	opt_layout = L_NONE;
	if (formats[data[0] % 5] != NULL)
		status = run_main(pp_split_main, page, pagelen, "pp-split",
		    "--year", "2024", "--format", formats[data[0] % 5], "FILE",
		    NULL);
	else
		status = run_main(pp_split_main, page, pagelen, "pp-split",
		    "--year", "2024", "FILE", NULL);
	if (exited || (status != 0 && status != 2))
		die("pp-split exited or gave a status not 0 or 2", data, size);
	if (outlen > 0 && out[outlen - 1] != '\n')
		die("output does not end with a newline", data, size);

	/*
	 * The text layouts make every key themselves, so their types are
	 * checked; json passes keys on as the input has them.  Only a forced
	 * layout is known: detection may find JSON lines after a line of
	 * text, so a detected page is not type-checked.
	 */
	text_layout = data[0] % 5 >= 1 && data[0] % 5 <= 3;

	end = out + outlen;
	for (line = out; line < end; line = nl + 1) {
		nl = memchr(line, '\n', (size_t)(end - line));
		if (pp_record_parse(&r, line, (size_t)(nl - line), msg,
		    sizeof(msg)) != 0)
			fail(msg, line, (size_t)(nl - line));
		v = jv_parse_sized(line, (int)(nl - line));
		if (jv_get_kind(v) != JV_KIND_OBJECT) {
			jv m = jv_invalid_get_msg(jv_copy(v));
			int surrogate = jv_get_kind(m) == JV_KIND_STRING &&
			    strstr(jv_string_value(m), "surrogate") != NULL;

			jv_free(m);
			if (!surrogate)
				fail("jq does not read the record", line,
				    (size_t)(nl - line));
		}
		jv_free(v);
		if (!text_layout)
			continue;
		if (!is_type(pp_record_get(&r, "title"), PP_JSTRING) ||
		    !is_type(pp_record_get(&r, "abstract"), PP_JSTRING) ||
		    !is_type(pp_record_get(&r, "id"), PP_JSTRING) ||
		    !is_type(pp_record_get(&r, "comments"), PP_JSTRING) ||
		    !is_type(pp_record_get(&r, "url"), PP_JSTRING) ||
		    !string_array(pp_record_get(&r, "authors")) ||
		    !string_array(pp_record_get(&r, "categories")) ||
		    !integer(pp_record_get(&r, "n_authors")) ||
		    !integer(pp_record_get(&r, "upvotes")))
			fail("a key of the wrong type", line, (size_t)(nl - line));
		if (!squeezed(pp_record_get(&r, "title")) ||
		    !squeezed(pp_record_get(&r, "abstract")))
			fail("white space not collapsed", line, (size_t)(nl - line));
		if (!good_date(pp_record_get(&r, "date")))
			fail("date is not YYYY-MM-DD", line, (size_t)(nl - line));
		if (!good_source(pp_record_get(&r, "source"), lines))
			fail("source is not FILE:LINE of the page", line,
			    (size_t)(nl - line));
	}
	pp_record_free(&r);
	return 0;
}
