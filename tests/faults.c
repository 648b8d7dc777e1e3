/*
 * faults.so: a disk that fails and a file renamed over while it is read,
 * for the tests of threaded reading, through LD_PRELOAD.  Each fault is
 * asked for by an environment variable:
 *
 * PP_FAULT_BAD=FILE:OFF:LEN
 *	FILE's bytes [OFF, OFF+LEN) cannot be read, as a bad sector's: a
 *	read that starts before them returns the bytes up to them (a short
 *	count, as the kernel gives), one that starts among them fails with
 *	EIO, and one that starts after them succeeds.
 * PP_FAULT_SWAP=FILE:OTHER
 *	The first pthread_create() renames OTHER over FILE first: threads
 *	that open FILE by its name from then on read another file.
 *
 * Only the calls pp reads with are covered: read, pread and their
 * fortified and 64-bit names.  All is set up when the library is loaded,
 * before any thread: threads that met a half-made setup would read past
 * the fault.
 */
#define _GNU_SOURCE
#include <sys/stat.h>
#include <sys/types.h>
#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int	 bad_on;
static dev_t	 bad_dev;
static ino_t	 bad_ino;
static off_t	 bad_from, bad_to;

static ssize_t	(*real_read)(int, void *, size_t);
static ssize_t	(*real_pread)(int, void *, size_t, off_t);
static int	(*real_pthread_create)(pthread_t *, const pthread_attr_t *,
		    void *(*)(void *), void *);

__attribute__((constructor)) static void
setup(void)
{
	const char *env = getenv("PP_FAULT_BAD");
	char path[4096], *c1, *c2;
	long long off, len;
	struct stat st;

	real_read = (ssize_t (*)(int, void *, size_t))dlsym(RTLD_NEXT,
	    "read");
	real_pread = (ssize_t (*)(int, void *, size_t, off_t))dlsym(
	    RTLD_NEXT, "pread");
	real_pthread_create = (int (*)(pthread_t *, const pthread_attr_t *,
	    void *(*)(void *), void *))dlsym(RTLD_NEXT, "pthread_create");
	if (env == NULL || strlen(env) >= sizeof(path))
		return;
	strcpy(path, env);
	if ((c2 = strrchr(path, ':')) == NULL)
		return;
	*c2++ = '\0';
	if ((c1 = strrchr(path, ':')) == NULL)
		return;
	*c1++ = '\0';
	off = atoll(c1);
	len = atoll(c2);
	if (stat(path, &st) == -1)
		return;
	bad_dev = st.st_dev;
	bad_ino = st.st_ino;
	bad_from = (off_t)off;
	bad_to = (off_t)(off + len);
	bad_on = 1;
}

/*
 * How many of n bytes at off fd may read: n, fewer (up to the bad
 * bytes), or -1 (it starts among them).
 */
static ssize_t
allowed(int fd, off_t off, size_t n)
{
	struct stat st;

	if (!bad_on || fstat(fd, &st) == -1 || st.st_dev != bad_dev ||
	    st.st_ino != bad_ino)
		return (ssize_t)n;
	if (off >= bad_from && off < bad_to)
		return -1;
	if (off < bad_from && (off_t)n > bad_from - off)
		return (ssize_t)(bad_from - off);
	return (ssize_t)n;
}

ssize_t
read(int fd, void *buf, size_t n)
{
	off_t off;
	ssize_t may;

	if ((off = lseek(fd, 0, SEEK_CUR)) != -1 &&
	    (may = allowed(fd, off, n)) != (ssize_t)n) {
		if (may == -1) {
			errno = EIO;
			return -1;
		}
		n = (size_t)may;
	}
	return real_read(fd, buf, n);
}

ssize_t
pread(int fd, void *buf, size_t n, off_t off)
{
	ssize_t may;

	if ((may = allowed(fd, off, n)) == -1) {
		errno = EIO;
		return -1;
	}
	return real_pread(fd, buf, (size_t)may, off);
}

ssize_t
pread64(int fd, void *buf, size_t n, off_t off)
{
	return pread(fd, buf, n, off);
}

ssize_t
__read_chk(int fd, void *buf, size_t n, size_t buflen)
{
	(void)buflen;
	return read(fd, buf, n);
}

ssize_t
__pread_chk(int fd, void *buf, size_t n, off_t off, size_t buflen)
{
	(void)buflen;
	return pread(fd, buf, n, off);
}

ssize_t
__pread64_chk(int fd, void *buf, size_t n, off_t off, size_t buflen)
{
	(void)buflen;
	return pread(fd, buf, n, off);
}

int
pthread_create(pthread_t *t, const pthread_attr_t *attr,
    void *(*fn)(void *), void *arg)
{
	static int swapped;	/* only the main thread starts threads */
	const char *env = getenv("PP_FAULT_SWAP");
	char path[4096], *other;

	if (!swapped && env != NULL && strlen(env) < sizeof(path)) {
		swapped = 1;
		strcpy(path, env);
		if ((other = strchr(path, ':')) != NULL) {
			*other++ = '\0';
			if (rename(other, path) == -1)
				perror("faults.so: rename");
		}
	}
	return real_pthread_create(t, attr, fn, arg);
}
