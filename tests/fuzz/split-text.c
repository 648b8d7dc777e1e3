/*
 * libFuzzer target: pp-split's text readers (read-hf.c, read-arxiv.c) and
 * the round-1 JSON reader (read-json.c), called through the table of
 * readers as main.c calls them: pp_input_open_mem, then reader->read.
 * Each input is read by the reader detection picks and by each of these
 * readers forced, as --format forces it.  Whatever the bytes:
 *
 *  - no crash, no leak, detect() reads only the head it is given;
 *  - every line written is one JSON object (pp_record_parse), which jq
 *    reads as one too, with a string title and a source "FUZZ:LINE" whose
 *    LINE is a line of the input;
 *  - from the text readers, the keys have DESIGN.md's types (strings;
 *    authors and categories arrays of strings; counts integers), title
 *    and abstract have their white space collapsed, and date is
 *    YYYY-MM-DD.
 *
 * Every reader takes its state on its own stack: nothing to reset here.
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <jv.h>

#include "split.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* The readers run on every input, detection's choice first (NULL). */
static const char *const names[] = {
	NULL, "hf-daily", "hf-search", "arxiv", "json"
};

static int out_fd = -1;
static FILE *real_stderr;
static char *out;
static size_t outlen;
static const uint8_t *in_data;
static size_t in_size;

static void
die(const char *what, const char *reader, const char *line, size_t len)
{
	fprintf(real_stderr, "split-text fuzz (%s): %s\nrecord: %.*s\n"
	    "input (%zu bytes): %.*s\n", reader, what,
	    (int)(len > 2000 ? 2000 : len), line, in_size,
	    (int)(in_size > 2000 ? 2000 : in_size), (const char *)in_data);
	fflush(real_stderr);
	abort();
}

static const struct reader *
find(const char *name)
{
	size_t i;

	for (i = 0; readers[i] != NULL; i++)
		if (strcmp(readers[i]->name, name) == 0)
			return readers[i];
	abort();
}

/* stdout into a memory file, read back after each run; stderr muted. */
static void
init(void)
{
	FILE *null;

	if (out_fd != -1)
		return;
	if ((out_fd = memfd_create("split-text-out", 0)) == -1 ||
	    dup2(out_fd, STDOUT_FILENO) == -1 ||
	    (null = fopen("/dev/null", "w")) == NULL ||
	    (real_stderr = fdopen(dup(STDERR_FILENO), "w")) == NULL)
		abort();
	stderr = null;	/* libFuzzer and the sanitizers keep fd 2 */
	pp_progname = "pp-split";
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
		if (strchr(".eE", m->value.p[i]) != NULL)
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
	same = sq.len == text.len &&
	    memcmp(sq.s, text.s ? text.s : "", sq.len) == 0;
	pp_buf_free(&text);
	pp_buf_free(&sq);
	return same;
}

static int
good_date(const struct pp_member *m)
{
	struct pp_date d;

	return m == NULL || (m->type == PP_JSTRING && m->value.len == 12 &&
	    pp_date_parse(m->value.p + 1, 10, &d) == 10);
}

/* source is "FUZZ:LINE", LINE within the input. */
static int
good_source(const struct pp_member *m, size_t lines)
{
	char buf[32], *end;
	unsigned long n;

	if (m == NULL || m->type != PP_JSTRING || m->value.len < 8 ||
	    m->value.len > sizeof(buf) || memcmp(m->value.p, "\"FUZZ:", 6) != 0)
		return 0;
	memcpy(buf, m->value.p + 6, m->value.len - 7);
	buf[m->value.len - 7] = '\0';
	n = strtoul(buf, &end, 10);
	return *end == '\0' && n >= 1 && n <= lines;
}

static void
check(const char *reader, int text, size_t lines)
{
	struct pp_record r = { 0 };
	const char *line, *nl, *end;
	char msg[128];
	off_t n;
	jv v;

	fflush(stdout);
	n = lseek(STDOUT_FILENO, 0, SEEK_END);
	free(out);
	if ((out = malloc((size_t)n + 1)) == NULL ||
	    pread(STDOUT_FILENO, out, (size_t)n, 0) != n)
		abort();
	out[n] = '\0';
	outlen = (size_t)n;
	if (outlen > 0 && out[outlen - 1] != '\n')
		die("output does not end with a newline", reader, out, outlen);
	end = out + outlen;
	for (line = out; line < end; line = nl + 1) {
		nl = memchr(line, '\n', (size_t)(end - line));
		if (pp_record_parse(&r, line, (size_t)(nl - line), msg,
		    sizeof(msg)) != PP_JSON_OK)
			die(msg, reader, line, (size_t)(nl - line));
		v = jv_parse_sized(line, (int)(nl - line));
		if (jv_get_kind(v) != JV_KIND_OBJECT) {
			jv m = jv_invalid_get_msg(jv_copy(v));
			int surrogate = jv_get_kind(m) == JV_KIND_STRING &&
			    strstr(jv_string_value(m), "surrogate") != NULL;

			jv_free(m);
			if (!surrogate)
				die("jq does not read the record", reader, line,
				    (size_t)(nl - line));
		}
		jv_free(v);
		if (!good_source(pp_record_get(&r, "source"), lines))
			die("source is not FUZZ:LINE of the input", reader,
			    line, (size_t)(nl - line));
		if (!text)
			continue;
		if (pp_record_get(&r, "title") == NULL ||
		    !is_type(pp_record_get(&r, "title"), PP_JSTRING) ||
		    !is_type(pp_record_get(&r, "abstract"), PP_JSTRING) ||
		    !is_type(pp_record_get(&r, "summary"), PP_JSTRING) ||
		    !is_type(pp_record_get(&r, "id"), PP_JSTRING) ||
		    !is_type(pp_record_get(&r, "comments"), PP_JSTRING) ||
		    !is_type(pp_record_get(&r, "doi"), PP_JSTRING) ||
		    !is_type(pp_record_get(&r, "venue"), PP_JSTRING) ||
		    !is_type(pp_record_get(&r, "url"), PP_JSTRING) ||
		    !string_array(pp_record_get(&r, "authors")) ||
		    !string_array(pp_record_get(&r, "categories")) ||
		    !integer(pp_record_get(&r, "n_authors")) ||
		    !integer(pp_record_get(&r, "upvotes")) ||
		    !integer(pp_record_get(&r, "n_comments")))
			die("a key of the wrong type", reader, line,
			    (size_t)(nl - line));
		if (!squeezed(pp_record_get(&r, "title")) ||
		    !squeezed(pp_record_get(&r, "abstract")))
			die("white space not collapsed", reader, line,
			    (size_t)(nl - line));
		if (!good_date(pp_record_get(&r, "date")))
			die("date is not YYYY-MM-DD", reader, line,
			    (size_t)(nl - line));
	}
	pp_record_free(&r);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct reader *r;
	struct split sp = { 0 };
	struct pp_input in;
	size_t lines = 1, i, k, len;
	const char *head;
	char *copy;
	int sure, best;

	if (size > 100000)
		return 0;
	init();
	in_data = data;
	in_size = size;
	for (i = 0; i < size; i++)
		lines += data[i] == '\n';
	sp.year = 2024;
	sp.today.year = 2024;
	sp.today.month = 6;
	sp.today.day = 12;
	pp_buf_adds(&sp.source, "FUZZ");

	for (k = 0; k < sizeof(names) / sizeof(names[0]); k++) {
		if (ftruncate(STDOUT_FILENO, 0) == -1 ||
		    lseek(STDOUT_FILENO, 0, SEEK_SET) == -1)
			abort();
		if (pp_input_open_mem(&in, "FUZZ", data, size) == -1)
			abort();
		if (names[k] != NULL)
			r = find(names[k]);
		else {
			/* detect() on an exact copy: ASan sees a read past it */
			len = pp_input_peek(&in, SPLIT_HEAD, &head);
			if ((copy = malloc(len + 1)) == NULL)
				abort();
			memcpy(copy, head, len);
			for (r = NULL, best = 0, i = 0; readers[i] != NULL; i++)
				if ((sure = readers[i]->detect(copy, len)) > best) {
					best = sure;
					r = readers[i];
				}
			free(copy);
			if (r == NULL) {
				pp_input_close(&in);
				continue;
			}
		}
		sp.in = &in;
		sp.reader = r;
		sp.papers = 0;
		split_page(&sp);
		r->read(&sp, &in);
		pp_input_close(&in);
		pp_paper_clear(&sp.paper);
		check(r->name, strcmp(r->name, "json") != 0, lines);
	}
	split_free(&sp);
	pp_paper_free(&sp.paper);
	pp_buf_free(&sp.source);
	pp_buf_free(&sp.out);
	return 0;
}
