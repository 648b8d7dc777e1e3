/*
 * harness.h: runs a whole program's main in-process under libFuzzer.  A
 * target does
 *
 *	#define main pp_X_main
 *	#define pp_init fuzz_init
 *	#define pp_finish fuzz_finish
 *	#include "../../cmd/pp-X.c"
 *	#undef main
 *	#include "harness.h"
 *
 * and calls run_main(pp_X_main, args..., NULL) with the fuzz input as the
 * program's one FILE operand.  stdout is captured (out, outlen), stderr too
 * (err, errlen): the programs' diagnostics would drown libFuzzer's, and a
 * target may want to check them.  Sanitizer reports still go to the real
 * stderr.  fuzz_finish flushes instead of closing stdout, so that the
 * next run can write; fuzz_init names the program without touching
 * signals or buffering.
 */
#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int memfd_create(const char *, unsigned int);
void __sanitizer_set_report_fd(void *);

static int in_fd = -1, out_fd, err_fd, real_stderr;
static char in_name[64];
static char *out, *err;
static size_t outlen, errlen;

int
fuzz_finish(void)
{
	fflush(stdout);
	return pp_status;
}

void
fuzz_init(const char *argv0)
{
	pp_progname = argv0;
}

static void
harness_init(void)
{
	if (in_fd != -1)
		return;
	if ((in_fd = memfd_create("fuzz-in", 0)) == -1 ||
	    (out_fd = memfd_create("fuzz-out", 0)) == -1 ||
	    (err_fd = memfd_create("fuzz-err", 0)) == -1 ||
	    (real_stderr = dup(STDERR_FILENO)) == -1)
		abort();
	__sanitizer_set_report_fd((void *)(intptr_t)real_stderr);
	snprintf(in_name, sizeof(in_name), "/proc/self/fd/%d", in_fd);
	fflush(stdout);
	if (dup2(out_fd, STDOUT_FILENO) == -1)
		abort();
}

/* Reads all of fd into *buf (NUL-terminated), *len bytes. */
static void
slurp(int fd, char **buf, size_t *len)
{
	off_t size = lseek(fd, 0, SEEK_END);
	ssize_t n;

	free(*buf);
	*buf = malloc((size_t)size + 1);
	n = size > 0 ? pread(fd, *buf, (size_t)size, 0) : 0;
	if (n != size)
		abort();
	(*buf)[size] = '\0';
	*len = (size_t)size;
}

static void
reset(int fd)
{
	if (ftruncate(fd, 0) == -1 || lseek(fd, 0, SEEK_SET) == -1)
		abort();
}

/*
 * Runs fn (a program's main) with the arguments given (NULL-terminated,
 * the program name first), the input data[0..size) as a file named after
 * the last argument, which must be "FILE".  Returns main's status.
 */
static int
run_main(int (*fn)(int, char **), const uint8_t *data, size_t size, ...)
{
	char *argv[32];
	va_list ap;
	int argc = 0, status;

	harness_init();
	va_start(ap, size);
	while (argc < 31 && (argv[argc] = va_arg(ap, char *)) != NULL) {
		if (strcmp(argv[argc], "FILE") == 0)
			argv[argc] = in_name;
		argc++;
	}
	va_end(ap);
	argv[argc] = NULL;

	reset(in_fd);
	if (size > 0 && write(in_fd, data, size) != (ssize_t)size)
		abort();
	reset(out_fd);
	reset(err_fd);
	fflush(stderr);
	if (dup2(err_fd, STDERR_FILENO) == -1)
		abort();
	optind = 0;		/* glibc: start getopt afresh */
	pp_status = PP_OK;
	errno = 0;
	status = fn(argc, argv);
	fflush(stdout);
	fflush(stderr);
	dup2(real_stderr, STDERR_FILENO);
	slurp(out_fd, &out, &outlen);
	slurp(err_fd, &err, &errlen);
	return status;
}

static void
die(const char *what, const uint8_t *data, size_t size)
{
	fprintf(stderr, "fuzz: %s\nstatus output (%zu bytes): %.*s\n"
	    "stderr: %.*s\ninput (%zu bytes): %.*s\n", what, outlen,
	    (int)(outlen > 1000 ? 1000 : outlen), out,
	    (int)(errlen > 1000 ? 1000 : errlen), err,
	    size, (int)(size > 1000 ? 1000 : size), (const char *)data);
	abort();
}

/* How many lines (newline-terminated) out holds. */
static size_t
out_lines(void)
{
	size_t i, n = 0;

	for (i = 0; i < outlen; i++)
		n += out[i] == '\n';
	return n;
}
