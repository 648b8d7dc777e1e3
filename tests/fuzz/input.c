/*
 * libFuzzer target: the line reader (common/input.c), built with a tiny
 * buffer (-DINPUT_BUFSIZE=8) so that every refill and growth path runs on
 * small inputs.  The file is read through pp_input_next and must come back
 * exactly: each line's bytes, line number and byte offset, the newline,
 * one CR before it and a byte order mark on the first line stripped, a
 * last line without a newline kept, NUL bytes kept.
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "pp.h"

static void
die(const char *what, const uint8_t *data, size_t size, unsigned long lineno)
{
	fprintf(stderr, "input fuzz: line %lu: %s (input %zu bytes)\n", lineno,
	    what, size);
	(void)data;
	abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pp_input in;
	const char *p = (const char *)data, *end = p + size, *nl, *line;
	unsigned long lineno = 0;
	char name[64];
	size_t len;
	int fd, r;

	if ((fd = memfd_create("input-fuzz", 0)) == -1)
		abort();
	if (size > 0 && write(fd, data, size) != (ssize_t)size)
		abort();
	snprintf(name, sizeof(name), "/proc/self/fd/%d", fd);
	if (pp_input_open(&in, name) == -1)
		abort();
	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		line = p;
		len = nl != NULL ? (size_t)(nl - p) : (size_t)(end - p);
		lineno++;
		if ((r = pp_input_next(&in)) != 1)
			die("line missing", data, size, lineno);
		if (in.lineno != lineno)
			die("wrong line number", data, size, lineno);
		if (in.offset != (off_t)(line - (const char *)data))
			die("wrong offset", data, size, lineno);
		if (len > 0 && line[len - 1] == '\r')
			len--;
		if (lineno == 1 && len >= 3 && memcmp(line, "\xef\xbb\xbf", 3) == 0) {
			line += 3;
			len -= 3;
		}
		if (in.len != len || memcmp(in.line, line, len) != 0)
			die("wrong line text", data, size, lineno);
		if (in.line[in.len] != '\0')
			die("line not NUL-terminated", data, size, lineno);
		p = nl != NULL ? nl + 1 : end;
	}
	if (pp_input_next(&in) != 0)
		die("a line after the end", data, size, lineno + 1);
	if (pp_input_next(&in) != 0)
		die("a line after the end, twice", data, size, lineno + 1);
	pp_input_close(&in);
	close(fd);
	return 0;
}
