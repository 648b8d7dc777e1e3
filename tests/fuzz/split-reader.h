/*
 * split-reader.h: a libFuzzer target for one of pp-split's readers, called
 * through the table of readers as main.c calls it (pp_input_open_mem, then
 * reader->read), not through main.  A target names its reader:
 *
 *	#define READER "bibtex"
 *	#include "split-reader.h"
 *
 * Whatever the bytes, every line the reader writes is one JSON object
 * (pp_record_parse) with a string title and a source "FUZZ:LINE" whose
 * LINE is a line of the input.  The records go to a memory stream and the
 * diagnostics to /dev/null (sanitizers write to fd 2, not through stderr).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "split.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const struct reader *
fuzz_reader(void)
{
	static const struct reader *r;
	size_t i;

	if (r != NULL)
		return r;
	for (i = 0; readers[i] != NULL; i++)
		if (strcmp(readers[i]->name, READER) == 0)
			r = readers[i];
	if (r == NULL) {
		fprintf(stderr, "no reader named %s in the table\n", READER);
		abort();
	}
	return r;
}

static void
fuzz_fail(const char *what, const char *line, size_t len)
{
	fprintf(stderr, "split-%s fuzz: %s\nrecord: %.*s\n", READER, what,
	    (int)(len > 2000 ? 2000 : len), line);
	abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *null;
	struct split sp = { 0 };
	struct pp_input in;
	struct pp_record r = { 0 };
	const struct pp_member *m;
	FILE *real_stdout = stdout, *real_stderr = stderr, *mem;
	char *out = NULL, *line, *nl, *end, msg[128], want[32];
	size_t outlen = 0, lines = 1, i;
	unsigned long n;

	if (size > 200000)
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
	if (pp_input_open_mem(&in, "FUZZ", data, size) == -1)
		abort();
	sp.in = &in;
	sp.reader = fuzz_reader();
	if ((mem = open_memstream(&out, &outlen)) == NULL)
		abort();
	stdout = mem;
	stderr = null;
	sp.reader->read(&sp, &in);
	fflush(mem);
	stdout = real_stdout;
	stderr = real_stderr;
	fclose(mem);
	pp_input_close(&in);

	end = out + outlen;
	if (outlen > 0 && end[-1] != '\n')
		fuzz_fail("output does not end with a newline", out, outlen);
	for (line = out; line < end; line = nl + 1) {
		nl = memchr(line, '\n', (size_t)(end - line));
		if (pp_record_parse(&r, line, (size_t)(nl - line), msg,
		    sizeof(msg)) != 0)
			fuzz_fail(msg, line, (size_t)(nl - line));
		if ((m = pp_record_get(&r, "title")) == NULL ||
		    m->type != PP_JSTRING)
			fuzz_fail("no title string", line, (size_t)(nl - line));
		if ((m = pp_record_get(&r, "source")) == NULL ||
		    m->value.len < 8 || memcmp(m->value.p, "\"FUZZ:", 6) != 0)
			fuzz_fail("no source FUZZ:LINE", line, (size_t)(nl - line));
		n = strtoul(m->value.p + 6, NULL, 10);
		snprintf(want, sizeof(want), "\"FUZZ:%lu\"", n);
		if (n < 1 || n > lines || strlen(want) != m->value.len ||
		    memcmp(want, m->value.p, m->value.len) != 0)
			fuzz_fail("source is not a line of the input", line,
			    (size_t)(nl - line));
	}
	pp_record_free(&r);
	free(out);
	split_free(&sp);
	pp_paper_free(&sp.paper);
	pp_buf_free(&sp.source);
	pp_buf_free(&sp.out);
	pp_status = 0;
	return 0;
}
