/*
 * libFuzzer target: pp-split's XML reader (cmd/split/read-xml.c), called
 * through the table of readers as main.c calls it, on the fuzz input as
 * a file in memory.  Whatever the bytes:
 *
 *  - no crash, no leak, no read outside the input (libxml2 included, as
 *    far as its use here goes);
 *  - every line written is one JSON object with a title and a source,
 *    "FUZZ:LINE" with LINE a line of the input (documents appended to one
 *    another count their lines through): a record is never half written
 *    or made of nothing, and an error never ends in the middle of a line;
 *  - detect() never reads past the head it is given.
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "split.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static int out_fd = -1;
static FILE *real_stderr;
static char *out;
static size_t outlen;

static void
die(const char *what, const uint8_t *data, size_t size)
{
	fprintf(real_stderr, "split-xml fuzz: %s\noutput (%zu bytes): %.*s\n"
	    "input (%zu bytes): %.*s\n", what, outlen,
	    (int)(outlen > 2000 ? 2000 : outlen), out, size,
	    (int)(size > 2000 ? 2000 : size), (const char *)data);
	fflush(real_stderr);
	abort();
}

static const struct reader *
xml_reader(void)
{
	size_t i;

	for (i = 0; readers[i] != NULL; i++)
		if (strcmp(readers[i]->name, "xml") == 0)
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
	if ((out_fd = memfd_create("split-xml-out", 0)) == -1 ||
	    dup2(out_fd, STDOUT_FILENO) == -1 ||
	    (null = fopen("/dev/null", "w")) == NULL ||
	    (real_stderr = fdopen(dup(STDERR_FILENO), "w")) == NULL)
		abort();
	/* libFuzzer and the sanitizers keep the real stderr */
	stderr = null;
	pp_progname = "pp-split";
}

static void
check_output(const uint8_t *data, size_t size)
{
	struct pp_record rec = { 0 };
	const struct pp_member *m;
	const char *p, *end, *nl;
	unsigned long line, lines = 1;
	off_t n;
	size_t i;
	char err[128];

	for (i = 0; i < size; i++)
		lines += data[i] == '\n';

	fflush(stdout);
	n = lseek(STDOUT_FILENO, 0, SEEK_END);
	free(out);
	out = malloc((size_t)n + 1);
	if (out == NULL || pread(STDOUT_FILENO, out, (size_t)n, 0) != n)
		abort();
	out[n] = '\0';
	outlen = (size_t)n;
	if (outlen > 0 && out[outlen - 1] != '\n')
		die("output does not end in a newline", data, size);
	for (p = out, end = out + outlen; p < end; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (pp_record_parse(&rec, p, (size_t)(nl - p), err,
		    sizeof(err)) != PP_JSON_OK)
			die(err, data, size);
		if (pp_record_get(&rec, "title") == NULL)
			die("a record without a title", data, size);
		if ((m = pp_record_get(&rec, "source")) == NULL ||
		    m->value.len < 8 || memcmp(m->value.p, "\"FUZZ:", 6) != 0 ||
		    m->value.p[6] < '1' || m->value.p[6] > '9')
			die("a record without FUZZ:LINE as its source", data,
			    size);
		line = strtoul(m->value.p + 6, NULL, 10);
		if (line > lines)
			die("a source past the input's last line", data, size);
	}
	pp_record_free(&rec);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct reader *r = xml_reader();
	struct split sp = { 0 };
	struct pp_input in;
	char *head;

	init();
	if (ftruncate(STDOUT_FILENO, 0) == -1 ||
	    lseek(STDOUT_FILENO, 0, SEEK_SET) == -1)
		abort();

	/* detect() on an exact copy: ASan catches a read past its end */
	head = malloc(size > 0 ? size : 1);
	if (head == NULL)
		abort();
	memcpy(head, data, size);
	if (r->detect(head, size) < 0 || r->detect(head, size) > 100)
		die("detect() out of 0..100", data, size);
	free(head);

	sp.year = sp.today.year = 2025;
	sp.today.month = sp.today.day = 1;
	pp_buf_adds(&sp.source, "FUZZ");
	if (pp_input_open_mem(&in, "FUZZ", data, size) == -1)
		abort();
	sp.in = &in;
	sp.reader = r;
	split_page(&sp);
	r->read(&sp, &in);
	pp_input_close(&in);
	pp_paper_free(&sp.paper);
	split_free(&sp);
	pp_buf_free(&sp.source);
	pp_buf_free(&sp.out);
	check_output(data, size);
	pp_status = PP_OK;
	return 0;
}
