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
#include <fcntl.h>
#include <getopt.h>
#include <setjmp.h>
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

#define HARNESS_MAXFD 256

void __real_exit(int) __attribute__((noreturn));
void __wrap_exit(int) __attribute__((noreturn));
static jmp_buf exit_jmp;
static int in_main, exit_status;
static int exited;		/* the last run ended in exit(), not a return */

void
__wrap_exit(int status)
{
	if (!in_main)
		__real_exit(status);
	in_main = 0;
	exit_status = status;
	longjmp(exit_jmp, 1);
}

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
fd_reset(int fd)
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
	char *argv[32], was_open[HARNESS_MAXFD];
	va_list ap;
	int argc = 0, fd;
	volatile int status;

	harness_init();
	va_start(ap, size);
	while (argc < 31 && (argv[argc] = va_arg(ap, char *)) != NULL) {
		if (strcmp(argv[argc], "FILE") == 0)
			argv[argc] = in_name;
		argc++;
	}
	va_end(ap);
	argv[argc] = NULL;

	fd_reset(in_fd);
	if (size > 0 && write(in_fd, data, size) != (ssize_t)size)
		abort();
	fd_reset(out_fd);
	fd_reset(err_fd);
	fflush(stderr);
	if (dup2(err_fd, STDERR_FILENO) == -1)
		abort();
	for (fd = 0; fd < HARNESS_MAXFD; fd++)
		was_open[fd] = fcntl(fd, F_GETFD) != -1;
	optind = 0;		/* glibc: start getopt afresh */
	pp_status = PP_OK;
	errno = 0;
	in_main = 1;
	exited = 0;
	if (setjmp(exit_jmp) == 0)
		status = fn(argc, argv);
	else {
		status = exit_status;
		exited = 1;
	}
	in_main = 0;
	for (fd = 0; fd < HARNESS_MAXFD; fd++)
		if (!was_open[fd] && fcntl(fd, F_GETFD) != -1)
			close(fd);
	fflush(stdout);
	fflush(stderr);
	dup2(real_stderr, STDERR_FILENO);
	slurp(out_fd, &out, &outlen);
	slurp(err_fd, &err, &errlen);
	return status;
}

static void __attribute__((unused))
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
static size_t __attribute__((unused))
out_lines(void)
{
	size_t i, n = 0;

	for (i = 0; i < outlen; i++)
		n += out[i] == '\n';
	return n;
}

/* The lines of the input that are records, as pp_record_next sees them. */
static size_t __attribute__((unused))
input_records(const char *p, size_t size)
{
	struct pp_record r = { 0 };
	const char *end = p + size, *nl;
	size_t len, n = 0, lineno = 0, i;
	char msg[128];
	int blank;

	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		len = nl != NULL ? (size_t)(nl - p) : (size_t)(end - p);
		lineno++;
		if (len > 0 && p[len - 1] == '\r')
			len--;
		if (lineno == 1 && len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0) {
			p += 3;
			len -= 3;
		}
		for (blank = 1, i = 0; i < len; i++)
			if (p[i] != ' ' && p[i] != '\t' && p[i] != '\r')
				blank = 0;
		if (!blank && pp_record_parse(&r, p, len, msg, sizeof(msg)) == 0)
			n++;
		p = nl != NULL ? nl + 1 : end;
	}
	pp_record_free(&r);
	return n;
}
