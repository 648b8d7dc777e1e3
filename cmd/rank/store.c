/*
 * The records kept between the pass and the output: a few bytes each
 * (where the line is), not the records.  Lines of regular files are read
 * again by offset; lines of pipes are copied to a spool file.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rank.h"

#define MAXOPEN	64	/* named files open at once while writing */

/* Adds a place to read lines again from, as the last source. */
static struct source *
add_source(struct store *st, const char *name, int fd, off_t base)
{
	struct source *s;

	/* geometric: 65,536 files are 65,536 sources */
	if (st->nsources == st->sourcescap) {
		st->sourcescap = st->sourcescap ? st->sourcescap * 2 : 16;
		st->sources = xreallocarray(st->sources, st->sourcescap,
		    sizeof(*st->sources));
	}
	s = &st->sources[st->nsources++];
	memset(s, 0, sizeof(*s));
	s->name = name;
	s->fd = fd;
	s->base = base;
	return s;
}

/*
 * The spool: an unlinked file in TMPDIR (tmpfile() would ignore it, and
 * /tmp is often a small tmpfs while a spooled corpus can be large).
 */
FILE *
store_tmpfile(void)
{
	const char *dir = getenv("TMPDIR");
	struct pp_buf path = { 0 };
	FILE *fp = NULL;
	int fd;

	if (dir == NULL || *dir == '\0')
		dir = "/tmp";
	pp_buf_printf(&path, "%s/pp-rank.XXXXXX", dir);
	if ((fd = mkstemp(path.s)) == -1 || unlink(path.s) == -1 ||
	    (fp = fdopen(fd, "w+")) == NULL)
		pp_fatal("temporary file in %s: %s", dir, strerror(errno));
	pp_buf_free(&path);
	return fp;
}

int
store_open(struct store *st, struct pp_input *in, const char *name, int spool)
{
	struct stat sb;
	struct source *s;
	off_t base;
	int fd;

	if (pp_input_open(in, name) == -1)
		return -2;
	if (spool || fstat(in->fd, &sb) == -1 || !S_ISREG(sb.st_mode))
		return -1;
	if (st->nsources >= UINT16_MAX - 1)
		return -1;	/* a rec's src counts no more: spool the rest */
	if ((base = lseek(in->fd, 0, SEEK_CUR)) == -1)
		pp_fatal("%s: %s", name, strerror(errno));
	if (strcmp(name, "-") == 0) {
		if ((fd = dup(in->fd)) == -1)
			pp_fatal("%s: %s", name, strerror(errno));
		add_source(st, name, fd, base);
	} else {
		s = add_source(st, name, -1, base);
		s->named = 1;
		s->dev = sb.st_dev;
		s->ino = sb.st_ino;
	}
	return (int)st->nsources - 1;
}

static void
spool_line(struct store *st, const struct pp_input *in, struct rec *r)
{
	if (st->spool == NULL) {
		st->spool = store_tmpfile();
		st->spoolsrc = (int)st->nsources;
		add_source(st, "(spool)", fileno(st->spool), 0)->spooled = 1;
	}
	if (fwrite(in->line, 1, in->len, st->spool) != in->len ||
	    putc('\n', st->spool) == EOF)
		pp_fatal("temporary file: %s", strerror(errno));
	rec_set_off(r, (uint64_t)st->spooloff);
	r->src = (uint16_t)st->spoolsrc;
	st->spooloff += (off_t)in->len + 1;
}

size_t
store_add(struct store *st, const struct pp_input *in, int src, struct rec *r)
{
	/* the order is kept in 32-bit indices */
	if (st->nrecs == UINT32_MAX)
		pp_fatal("%s:%lu: more than %lu records", in->name, in->lineno,
		    (unsigned long)UINT32_MAX - 1);
	if (st->nrecs == st->recscap) {
		st->recscap = st->recscap ? st->recscap * 2 : 4096;
		st->recs = xreallocarray(st->recs, st->recscap,
		    sizeof(*st->recs));
	}
	if (src >= 0) {
		if ((uint64_t)in->offset >= REC_MAXOFF)
			pp_fatal("%s:%lu: beyond 256 TB", in->name, in->lineno);
		rec_set_off(r, (uint64_t)in->offset);
		r->src = (uint16_t)src;
	} else
		spool_line(st, in, r);
	st->recs[st->nrecs] = *r;
	return st->nrecs++;
}

void
store_append(struct store *st, const struct rec *recs, size_t n)
{
	if (n == 0)
		return;		/* recs may be NULL: memcpy must not see it */
	if (n > UINT32_MAX - st->nrecs)
		pp_fatal("more than %lu records", (unsigned long)UINT32_MAX - 1);
	if (st->nrecs + n > st->recscap) {
		st->recscap = st->nrecs + n;
		st->recs = xreallocarray(st->recs, st->recscap + 1,
		    sizeof(*st->recs));
	}
	if (n > 0)
		memcpy(st->recs + st->nrecs, recs, n * sizeof(*recs));
	st->nrecs += n;
}

void
store_done(struct store *st)
{
	if (st->spool != NULL && fflush(st->spool) == EOF)
		pp_fatal("temporary file: %s", strerror(errno));
}

/* Closes the named files opened by source_fd(). */
static void
close_named(struct store *st)
{
	size_t i;

	for (i = 0; i < st->nsources; i++)
		if (st->sources[i].named && st->sources[i].fd != -1) {
			close(st->sources[i].fd);
			st->sources[i].fd = -1;
		}
	st->nopen = 0;
}

/* The descriptor of a source, opening a named file again if need be. */
static int
source_fd(struct store *st, struct source *s)
{
	struct stat sb;

	if (s->fd != -1)
		return s->fd;
	if (st->nopen == MAXOPEN)
		close_named(st);
	while ((s->fd = open(s->name, O_RDONLY)) == -1 && st->nopen > 0 &&
	    (errno == EMFILE || errno == ENFILE))
		close_named(st);
	if (s->fd == -1)
		pp_fatal("%s: %s", s->name, strerror(errno));
	if (fstat(s->fd, &sb) == -1 || sb.st_dev != s->dev ||
	    sb.st_ino != s->ino)
		pp_fatal("%s: file changed while being ranked", s->name);
	st->nopen++;
	return s->fd;
}

/*
 * The line is read again up to its newline (its length is not kept: 4
 * bytes a record), and taken as pp_input_next() took it: without a BOM
 * at the start of the file, without the CR of a CRLF.
 */
void
store_line(struct store *st, size_t i, struct pp_buf *b)
{
	const struct rec *r = &st->recs[i];
	struct source *s = &st->sources[r->src];
	off_t off = s->base + (off_t)rec_off(r);
	char bom[3], *nl = NULL;
	size_t got = 0, want = 2048;
	ssize_t n;
	int fd = source_fd(st, s);

	if (rec_off(r) == 0 && !s->spooled && pread(fd, bom, 3, off) == 3 &&
	    memcmp(bom, "\xef\xbb\xbf", 3) == 0)
		off += 3;
	pp_buf_reset(b);
	for (;;) {
		pp_buf_grow(b, want);
		n = pread(fd, b->s + got, want, off + (off_t)got);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			pp_fatal("%s: %s", s->name, strerror(errno));
		if (n == 0 && got == 0)
			pp_fatal("%s: file shrank while being ranked",
			    s->name);
		if (n == 0)
			break;		/* the last line, without a newline */
		if ((nl = memchr(b->s + got, '\n', (size_t)n)) != NULL)
			break;
		got += (size_t)n;
		b->len = got;
		want *= 2;
	}
	b->len = nl != NULL ? (size_t)(nl - b->s) : got;
	/* the spool holds lines as they were taken: a CR there is the line's */
	if (b->len > 0 && b->s[b->len - 1] == '\r' && !s->spooled)
		b->len--;
	b->s[b->len] = '\0';
}

const char *
store_name(const struct store *st, size_t i)
{
	return st->sources[st->recs[i].src].name;
}

void
store_free(struct store *st)
{
	close_named(st);
	if (st->spool != NULL)
		fclose(st->spool);
	free(st->sources);
	free(st->recs);
	memset(st, 0, sizeof(*st));
}
