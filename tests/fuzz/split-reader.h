/*
 * split-reader.h: a libFuzzer target for pp-split's readers, called
 * through the table of readers as main.c calls them (pp_input_open_mem,
 * then reader->read), not through main.  A target names its reader:
 *
 *	#define READER "bibtex"
 *	#include "split-reader.h"
 *
 * or several, NULL standing for the one detection picks, each run on
 * every input as --format forces it:
 *
 *	#define READERS NULL, "hf-daily", "arxiv"
 *
 * and may define, before the #include, FUZZ_AFTER (a function called
 * after each read, with the page still open, to drive another entry
 * point on the same bytes) and FUZZ_RECORD (a function that returns what
 * is wrong with one record the reader wrote, or NULL).
 *
 * Whatever the bytes: detect() reads only the head it is given (an exact
 * copy, so that ASan sees a read past it) and answers 0..100; every line
 * written is one JSON object (pp_record_parse) with a string title, a
 * source "FUZZ:LINE" whose LINE is a line of the input, and DESIGN.md's
 * types for the record's other keys (strings; authors and categories
 * arrays of strings; counts integers).  The records go
 * to a memory stream and the diagnostics to /dev/null (sanitizers write
 * to fd 2, not through stderr).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "split.h"

#ifdef READER
#define READERS READER
#endif
#ifndef FUZZ_MAX_SIZE
#define FUZZ_MAX_SIZE	200000
#endif

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);
#ifdef FUZZ_AFTER
static void FUZZ_AFTER(struct split *, const uint8_t *, size_t);
#endif
#ifdef FUZZ_RECORD
static const char *FUZZ_RECORD(const struct reader *,
    const struct pp_record *);
#endif

static const char *const fuzz_names[] = { READERS };

static const struct reader *
fuzz_reader(const char *name)
{
	size_t i;

	for (i = 0; readers[i] != NULL; i++)
		if (strcmp(readers[i]->name, name) == 0)
			return readers[i];
	fprintf(stderr, "no reader named %s in the table\n", name);
	abort();
}

static void
fuzz_fail(const struct reader *r, const char *what, const char *line,
    size_t len)
{
	fprintf(stderr, "split-%s fuzz: %s\nrecord: %.*s\n", r->name, what,
	    (int)(len > 2000 ? 2000 : len), line);
	abort();
}

/* The reader detection picks, or NULL; detect() sees an exact copy. */
static const struct reader *
fuzz_detect(const uint8_t *data, size_t size)
{
	const struct reader *best = NULL;
	size_t len = size < SPLIT_HEAD ? size : SPLIT_HEAD, i;
	char *copy;
	int sure, best_sure = 0;

	if ((copy = malloc(len > 0 ? len : 1)) == NULL)
		abort();
	memcpy(copy, data, len);
	for (i = 0; readers[i] != NULL; i++) {
		sure = readers[i]->detect(copy, len);
		if (sure < 0 || sure > 100)
			fuzz_fail(readers[i], "detect() out of 0..100", copy,
			    len);
		if (sure > best_sure) {
			best_sure = sure;
			best = readers[i];
		}
	}
	free(copy);
	return best;
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

/* Checks each line the reader wrote: out[0..outlen). */
static void
fuzz_check(const struct reader *rd, const char *out, size_t outlen,
    size_t lines)
{
	struct pp_record r = { 0 };
	const struct pp_member *m;
	const char *line, *nl, *end = out + outlen, *what;
	char msg[128], want[32];
	unsigned long n;

	if (outlen > 0 && end[-1] != '\n')
		fuzz_fail(rd, "output does not end with a newline", out,
		    outlen);
	for (line = out; line < end; line = nl + 1) {
		nl = memchr(line, '\n', (size_t)(end - line));
		if (pp_record_parse(&r, line, (size_t)(nl - line), msg,
		    sizeof(msg)) != 0)
			fuzz_fail(rd, msg, line, (size_t)(nl - line));
		if ((m = pp_record_get(&r, "title")) == NULL ||
		    m->type != PP_JSTRING)
			fuzz_fail(rd, "no title string", line,
			    (size_t)(nl - line));
		if ((m = pp_record_get(&r, "source")) == NULL ||
		    m->value.len < 8 || memcmp(m->value.p, "\"FUZZ:", 6) != 0)
			fuzz_fail(rd, "no source FUZZ:LINE", line,
			    (size_t)(nl - line));
		n = strtoul(m->value.p + 6, NULL, 10);
		snprintf(want, sizeof(want), "\"FUZZ:%lu\"", n);
		if (n < 1 || n > lines || strlen(want) != m->value.len ||
		    memcmp(want, m->value.p, m->value.len) != 0)
			fuzz_fail(rd, "source is not a line of the input", line,
			    (size_t)(nl - line));
		if (!is_type(pp_record_get(&r, "abstract"), PP_JSTRING) ||
		    !is_type(pp_record_get(&r, "summary"), PP_JSTRING) ||
		    !is_type(pp_record_get(&r, "date"), PP_JSTRING) ||
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
			fuzz_fail(rd, "a key of the wrong type", line,
			    (size_t)(nl - line));
#ifdef FUZZ_RECORD
		if ((what = FUZZ_RECORD(rd, &r)) != NULL)
			fuzz_fail(rd, what, line, (size_t)(nl - line));
#else
		(void)what;
#endif
	}
	pp_record_free(&r);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *null;
	const struct reader *r, *detected;
	struct split sp = { 0 };
	struct pp_input in;
	FILE *real_stdout = stdout, *real_stderr = stderr, *mem;
	char *out;
	size_t outlen, lines = 1, i, k;

	if (size > FUZZ_MAX_SIZE)
		return 0;
	if (null == NULL && (null = fopen("/dev/null", "w")) == NULL)
		abort();
	pp_progname = "pp-split";
	for (i = 0; i < size; i++)
		lines += data[i] == '\n';

	sp.year = 2024;
	sp.today.year = 2024;
	sp.today.month = 6;
	sp.today.day = 12;
	pp_buf_adds(&sp.source, "FUZZ");
	detected = fuzz_detect(data, size);
	for (k = 0; k < sizeof(fuzz_names) / sizeof(fuzz_names[0]); k++) {
		r = fuzz_names[k] != NULL ? fuzz_reader(fuzz_names[k]) :
		    detected;
		if (r == NULL)
			continue;
		if (pp_input_open_mem(&in, "FUZZ", data, size) == -1)
			abort();
		out = NULL;
		outlen = 0;
		if ((mem = open_memstream(&out, &outlen)) == NULL)
			abort();
		sp.in = &in;
		sp.reader = r;
		/* as --format names it: no handoff to another reader */
		sp.forced = fuzz_names[k] != NULL ? r : NULL;
		sp.papers = 0;
		sp.handoffs = 0;
		stdout = mem;
		stderr = null;
		split_page(&sp);
		split_read(&sp, &in, r);
#ifdef FUZZ_AFTER
		FUZZ_AFTER(&sp, data, size);
#endif
		fflush(mem);
		stdout = real_stdout;
		stderr = real_stderr;
		fclose(mem);
		pp_input_close(&in);
		pp_paper_clear(&sp.paper);
		fuzz_check(r, out, outlen, lines);
		free(out);
	}
	split_free(&sp);
	pp_paper_free(&sp.paper);
	pp_buf_free(&sp.source);
	pp_buf_free(&sp.out);
	pp_status = 0;
	return 0;
}
