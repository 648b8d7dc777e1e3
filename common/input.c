/*
 * Input: the named files or stdin, line by line, with the file name, line
 * number and byte offset of each line at hand for diagnostics (and for
 * pp-rank, which re-reads records by offset).  Lines may be of any length:
 * the buffer grows to hold the longest, so memory is bounded by it.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pp.h"

/* The fuzz target builds with a tiny buffer to run every refill path. */
/* Read past a block's stop at a time: a few records' worth. */
#define STOP_SLACK	((off_t)16 * 1024)
#ifndef INPUT_BUFSIZE
#define INPUT_BUFSIZE	(256 * 1024)
#endif

/*
 * Whether a file is our own standard output: a regular file (not a pipe,
 * a terminal or /dev/null) with the same device and inode.
 */
static int
is_output(const struct stat *st)
{
	struct stat out;

	if (!S_ISREG(st->st_mode) || fstat(STDOUT_FILENO, &out) == -1)
		return 0;
	return S_ISREG(out.st_mode) && out.st_dev == st->st_dev &&
	    out.st_ino == st->st_ino;
}

/*
 * Opens name ("-" is stdin); reports and returns -1 if it cannot, or if it
 * is the file standard output writes to.
 */
int
pp_input_open(struct pp_input *in, const char *name)
{
	struct stat st;

	memset(in, 0, sizeof(*in));
	in->name = name;
	if (strcmp(name, "-") == 0)
		in->fd = STDIN_FILENO;
	else if ((in->fd = open(name, O_RDONLY)) == -1) {
		pp_error("%s", name);
		return -1;
	}
	if (fstat(in->fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		errno = EISDIR;
		pp_error("%s", name);
		pp_input_close(in);
		return -1;
	}
	if (is_output(&st)) {
		/* As grep: reading what we write would never end. */
		pp_errorx("%s: input file is also the output", name);
		pp_input_close(in);
		return -1;
	}
#ifdef POSIX_FADV_SEQUENTIAL
	posix_fadvise(in->fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
	in->cap = INPUT_BUFSIZE;
	in->buf = xmalloc(in->cap + 1);
	return 0;
}

/*
 * A second reader of the file from is reading, with its own offset: the
 * open file itself, not the name, which may name another file by now
 * (renamed over, rotated).  Reports nothing: -1 and the caller does
 * without (no /proc, no descriptor left).
 */
int
pp_input_reopen(struct pp_input *in, const struct pp_input *from)
{
	char path[64];

	memset(in, 0, sizeof(*in));
	in->name = from->name;
	snprintf(path, sizeof(path), "/proc/self/fd/%d", from->fd);
	if ((in->fd = open(path, O_RDONLY)) == -1)
		return -1;
	in->cap = INPUT_BUFSIZE;
	in->buf = xmalloc(in->cap + 1);
	return 0;
}

int
pp_input_open_mem(struct pp_input *in, const char *name, const void *p,
    size_t len)
{
	memset(in, 0, sizeof(*in));
	in->name = name;
	in->fd = -1;
	in->cap = len > 0 ? len : 1;
	in->buf = xmalloc(in->cap + 1);
	memcpy(in->buf, p, len);
	in->end = len;
	in->eof = 1;
	return 0;
}

off_t
pp_line_start(int fd, off_t from, off_t to)
{
	char buf[16384];
	const char *nl;
	off_t at;
	ssize_t got;

	for (at = from - 1; to == 0 || at < to - 1; at += got) {
		got = pread(fd, buf, sizeof(buf), at);
		if (got == -1 && errno == EINTR) {
			got = 0;
			continue;
		}
		if (got == -1)
			return -2;
		if (got == 0)
			return -1;
		if (to != 0 && got > to - 1 - at)
			got = (ssize_t)(to - 1 - at);
		if ((nl = memchr(buf, '\n', (size_t)got)) != NULL)
			return at + (nl - buf) + 1;
	}
	return -1;
}

int
pp_input_seek(struct pp_input *in, off_t off, unsigned long lineno)
{
	if (lseek(in->fd, off, SEEK_SET) == -1)
		return -1;
	in->start = in->end = 0;
	in->bufoff = off;
	in->lineno = lineno;
	in->eof = 0;
	return 0;
}

/* Refills the buffer, keeping the unread tail; returns bytes read, 0, -1. */
static ssize_t
refill(struct pp_input *in)
{
	size_t keep = in->end - in->start, want;
	off_t ahead;
	ssize_t n;

	if (in->start > 0) {
		memmove(in->buf, in->buf + in->start, keep);
		in->bufoff += (off_t)in->start;
		in->start = 0;
		in->end = keep;
	}
	if (in->end == in->cap) {
		in->cap *= 2;
		in->buf = xrealloc(in->buf, in->cap + 1);
	}
	want = in->cap - in->end;
	/*
	 * A thread's block needs only the end of its last line past stop:
	 * a full buffer there would read a quarter of a megabyte that the
	 * next block's thread reads again.
	 */
	if (in->stop > 0) {
		ahead = in->stop - (in->bufoff + (off_t)in->end);
		if (ahead < 0)
			ahead = 0;
		if ((off_t)want > ahead + STOP_SLACK)
			want = (size_t)(ahead + STOP_SLACK);
	}
	do
		n = read(in->fd, in->buf + in->end, want);
	while (n == -1 && errno == EINTR);
	if (n > 0)
		in->end += (size_t)n;
	return n;
}

/*
 * A read error ends the file: reported, or kept in errnum for a caller
 * that reports it in its place among its own messages (a thread's).
 */
static void
read_failed(struct pp_input *in)
{
	in->errnum = errno;
	in->eof = 1;
	if (!in->caller_reports)
		pp_error("%s", in->name);
}

/*
 * Moves to the next line: 1 if there is one, 0 at the end of the file,
 * -1 after a read error (reported).  A last line without a newline counts.
 */
int
pp_input_next(struct pp_input *in)
{
	char *nl = NULL;
	size_t scanned = 0, len;
	ssize_t n;

	if (in->stop > 0 && in->bufoff + (off_t)in->start >= in->stop)
		return 0;
	for (;;) {
		if (in->end > in->start + scanned)
			nl = memchr(in->buf + in->start + scanned, '\n',
			    in->end - in->start - scanned);
		if (nl != NULL || in->eof)
			break;
		scanned = in->end - in->start;
		if ((n = refill(in)) == -1) {
			read_failed(in);
			return -1;
		}
		if (n == 0)
			in->eof = 1;
	}
	if (nl == NULL && in->start == in->end)
		return 0;
	in->line = in->buf + in->start;
	in->offset = in->bufoff + (off_t)in->start;
	len = nl != NULL ? (size_t)(nl - in->line) : in->end - in->start;
	in->start += len + (nl != NULL);
	in->lineno++;
	if (len > 0 && in->line[len - 1] == '\r')
		len--;
	in->cut = in->line + len < in->buf + in->end ? in->line[len] : '\0';
	in->line[len] = '\0';
	if (in->lineno == 1 && len >= 3 && memcmp(in->line, "\xef\xbb\xbf", 3) == 0) {
		in->line += 3;
		len -= 3;
	}
	in->len = len;
	return 1;
}

int
pp_input_unread(struct pp_input *in)
{
	size_t at;

	if (in->line == NULL || in->lineno == 0 || in->offset < in->bufoff)
		return -1;
	at = (size_t)(in->offset - in->bufoff);
	if (at > in->start)
		return -1;
	if (in->line + in->len < in->buf + in->end)
		in->line[in->len] = in->cut;
	in->start = at;
	in->lineno--;
	return 0;
}

size_t
pp_input_peek(struct pp_input *in, size_t want, const char **p)
{
	ssize_t n;

	while (in->end - in->start < want && !in->eof) {
		if ((n = refill(in)) == -1)
			read_failed(in);
		else if (n == 0)
			in->eof = 1;
	}
	*p = in->buf + in->start;
	return in->end - in->start < want ? in->end - in->start : want;
}

ssize_t
pp_input_read(struct pp_input *in, void *buf, size_t n)
{
	size_t have = in->end - in->start;
	ssize_t r;

	if (have > 0) {
		if (n > have)
			n = have;
		memcpy(buf, in->buf + in->start, n);
		in->start += n;
		return (ssize_t)n;
	}
	if (in->eof)
		return 0;
	do
		r = read(in->fd, buf, n);
	while (r == -1 && errno == EINTR);
	if (r == -1)
		read_failed(in);
	else if (r == 0)
		in->eof = 1;
	else
		in->bufoff += r;
	return r;
}

int
pp_input_rest(struct pp_input *in, struct pp_buf *b)
{
	ssize_t got;

	for (;;) {
		pp_buf_grow(b, 64 * 1024);
		got = pp_input_read(in, b->s + b->len, b->cap - b->len - 1);
		if (got <= 0)
			break;
		b->len += (size_t)got;
	}
	b->s[b->len] = '\0';
	return got < 0 ? -1 : 0;
}

void
pp_files_init(struct pp_files *fs, int argc, char **argv)
{
	static char *stdin_only[] = { "-", NULL };

	if (argc == 0) {
		argc = 1;
		argv = stdin_only;
	}
	fs->names = argv;
	fs->n = argc;
	fs->i = 0;
}

int
pp_files_next(struct pp_files *fs, struct pp_input *in)
{
	while (fs->i < fs->n)
		if (pp_input_open(in, fs->names[fs->i++]) == 0)
			return 1;
	return 0;
}

void
pp_input_close(struct pp_input *in)
{
	if (in->fd > STDIN_FILENO)
		close(in->fd);
	in->fd = -1;
	free(in->buf);
	in->buf = NULL;
}

int
pp_is_blank(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
			return 0;
	return 1;
}

