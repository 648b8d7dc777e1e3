/*
 * Diagnostics and exit statuses.  Every message goes to stderr, starts with
 * the program's name and, for bad input, names FILE:LINE.  An error sets
 * pp_status to PP_ERROR; the program goes on and returns it at the end.
 * On a thread of pp_map_file() (map.c) the messages and what pp_write()
 * writes are held for their block's turn, and it sets the status then.
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pp.h"

const char *pp_progname = "pp";
int pp_status = PP_OK;

void
pp_init(const char *argv0)
{
	const char *slash;

	if (argv0 != NULL && *argv0 != '\0') {
		slash = strrchr(argv0, '/');
		pp_progname = slash != NULL ? slash + 1 : argv0;
	}
	/*
	 * A closed pipe (| head) ends us quietly, as it does cat and grep,
	 * even when the parent left SIGPIPE ignored.
	 */
	signal(SIGPIPE, SIG_DFL);
	/*
	 * Records are written whole; a large buffer saves system calls.  The
	 * buffer must be ours: glibc ignores the size when given NULL and
	 * writes 4 KiB at a time.
	 */
	static char outbuf[1 << 16];
	setvbuf(stdout, outbuf, _IOFBF, sizeof(outbuf));
}

_Thread_local struct pp_held *pp_held;

static void
vreport(const struct pp_input *in, const char *fmt, va_list ap, int errnum)
{
	fflush(stdout);
	if (in != NULL)
		fprintf(stderr, "%s: %s:%lu: ", pp_progname, in->name, in->lineno);
	else
		fprintf(stderr, "%s: ", pp_progname);
	vfprintf(stderr, fmt, ap);
	if (errnum != 0)
		fprintf(stderr, ": %s", strerror(errnum));
	fputc('\n', stderr);
}

/* A message, and for an error the exit status; held on a map thread. */
static void
report(const struct pp_input *in, int error, int errnum, const char *tag,
    const char *fmt, va_list ap)
{
	if (pp_held != NULL) {
		pp_held_report(pp_held, in, tag, fmt, ap, errnum, error);
		return;
	}
	vreport(in, fmt, ap, errnum);
	if (error)
		pp_status = PP_ERROR;
}

void
pp_warnx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report(NULL, 0, 0, NULL, fmt, ap);
	va_end(ap);
}

void
pp_errorx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report(NULL, 1, 0, NULL, fmt, ap);
	va_end(ap);
}

void
pp_error(const char *fmt, ...)
{
	va_list ap;
	int errnum = errno;

	va_start(ap, fmt);
	report(NULL, 1, errnum, NULL, fmt, ap);
	va_end(ap);
}

void
pp_error_at(const struct pp_input *in, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report(in, 1, 0, NULL, fmt, ap);
	va_end(ap);
}

void
pp_warn_at(const struct pp_input *in, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report(in, 0, 0, NULL, fmt, ap);
	va_end(ap);
}

void
pp_warn_once_at(const struct pp_input *in, const char *tag, const char *fmt,
    ...)
{
	va_list ap;

	va_start(ap, fmt);
	report(in, 0, 0, tag, fmt, ap);
	va_end(ap);
}

void
pp_fatal(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(NULL, fmt, ap, 0);
	va_end(ap);
	exit(PP_ERROR);
}

void
pp_usage(const char *synopsis)
{
	fprintf(stderr, "usage: %s %s\n", pp_progname, synopsis);
	exit(PP_ERROR);
}

void
pp_help(const char *synopsis, const char *text)
{
	printf("usage: %s %s\n\n%s", pp_progname, synopsis, text);
	exit(pp_finish());
}

void
pp_version(void)
{
	printf("%s %s\n", pp_progname, VERSION);
	exit(pp_finish());
}

static _Noreturn void
write_failed(void)
{
	int errnum = errno;

	if (errnum == EPIPE)
		_exit(PP_ERROR);	/* the reader went away: quietly */
	fprintf(stderr, "%s: write error: %s\n", pp_progname,
	    strerror(errnum != 0 ? errnum : EIO));
	_exit(PP_ERROR);
}

/*
 * Writes to stdout (on a map thread, to its block's output); a failed
 * write (disk full) ends the program, status 2.
 */
void
pp_write(const void *p, size_t n)
{
	if (pp_held != NULL) {
		pp_held_write(pp_held, p, n);
		return;
	}
	if (n != 0 && fwrite(p, 1, n, stdout) != n)
		write_failed();
}

void
pp_puts(const char *s)
{
	pp_write(s, strlen(s));
}

/* Flushes and closes stdout, checking both; returns the exit status. */
int
pp_finish(void)
{
	errno = 0;
	if (fflush(stdout) != 0 || ferror(stdout))
		write_failed();
	if (fclose(stdout) != 0)
		write_failed();
	return pp_status;
}
