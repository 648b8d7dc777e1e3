/*
 * A file's lines handed to a program, by threads on a large regular file.
 *
 * The file is cut into blocks of bytes; a block's lines are those that
 * start in it, so each line is one block's whatever its length.  Threads
 * take the blocks in order, each reading with its own pp_input, and hold
 * what a block writes and reports (pp_held, set for the thread while it
 * reads the block) and the block's counts, in a state of its own.  The
 * caller's thread gives the blocks out in order: the output up to a
 * message, the message with its line number counted from the file's
 * start, the rest, and the counts merged; the state goes back to a pool
 * for another block, so states are made only for the blocks in flight.
 * Only a few blocks are taken ahead of the one given out, so memory stays
 * a few blocks a thread however large the file, and a slow reader of the
 * output slows the threads rather than filling memory.
 *
 * A read error ends the file for one thread.  The block that meets it is
 * given out up to its message, and the blocks after it are dropped
 * unseen: the output, messages and counts stay one thread's.
 */
#define _GNU_SOURCE		/* sched_getaffinity, CPU_COUNT */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pp.h"

/* A message a block's lines gave, and where in its output it came. */
struct note {
	size_t		 at;		/* output bytes before it */
	unsigned long	 lineno;	/* of in, 0: no line */
	int		 error;		/* sets the exit status */
	const char	*tag;		/* said once a run: pp_warn_once_at() */
	char		*msg;		/* after "prog: FILE:LINE: " */
};

struct pp_held {
	struct pp_buf	 out;
	struct note	*notes;
	size_t		 nnotes;
};

struct block {
	struct pp_held	 held;
	void		*state;		/* from clone(), for merge() */
	unsigned long	 before;	/* line numbers the thread started at */
	unsigned long	 lines;		/* lines that start in the block */
	int		 failed;	/* a read error ended it */
	int		 done;
};

struct run {
	const struct pp_map *map;
	void		*model;		/* clone()d when the pool is empty: a
					   state no thread changes */
	void		**pool;		/* states merged, for other blocks */
	size_t		 npool, poolcap;
	off_t		 bsize;
	size_t		 nblocks;
	size_t		 next;		/* the first block no thread took */
	size_t		 given;		/* the first block not given out */
	size_t		 ahead;		/* blocks taken past it, at most */
	int		 stopped;	/* a read error: no block is taken */
	struct block	*blocks;
	pthread_mutex_t	 lock;
	pthread_cond_t	 room;		/* a block was given out */
	pthread_cond_t	 done;		/* a block was read */
	const char	**told;		/* the tags of messages given out */
	size_t		 ntold;
};

struct worker {
	struct run	*run;
	struct pp_input	 in;
};

/*
 * Threads for a file of size bytes: a thread started for a small file
 * costs more than it saves, and on a busy machine waits for a core.
 */
#define THREAD_MIN	((off_t)4 << 20)
/* Blocks: small enough to share the work, large enough to cost nothing. */
#define BLOCK_MIN	((off_t)64 << 10)
#define BLOCK_MAX	((off_t)1 << 20)
#define AHEAD		2		/* blocks a thread may read ahead */

void
pp_held_write(struct pp_held *h, const void *p, size_t n)
{
	pp_buf_add(&h->out, p, n);
}

void
pp_held_report(struct pp_held *h, const struct pp_input *in, const char *tag,
    const char *fmt, va_list ap, int errnum, int error)
{
	struct pp_buf b = { 0 };
	struct note *n;

	pp_buf_vprintf(&b, fmt, ap);
	if (errnum != 0)
		pp_buf_printf(&b, ": %s", strerror(errnum));
	h->notes = xreallocarray(h->notes, h->nnotes + 1, sizeof(*h->notes));
	n = &h->notes[h->nnotes++];
	n->at = h->out.len;
	n->lineno = in != NULL ? in->lineno : 0;
	n->error = error;
	n->tag = tag;
	n->msg = b.s != NULL ? b.s : xstrdup("");
}

long
pp_cpus(void)
{
	cpu_set_t set;
	int n;

	if (sched_getaffinity(0, sizeof(set), &set) == -1 ||
	    (n = CPU_COUNT(&set)) < 1)
		return 1;
	return n < PP_MAXJOBS ? n : PP_MAXJOBS;
}

void
pp_map_jobs(struct pp_map *m, const char *arg)
{
	long long n;

	if (pp_num_int("-j", arg, 1, PP_MAXJOBS, &n) == -1)
		exit(PP_ERROR);
	m->jobs = (long)n;
	m->jobs_given = 1;
}

/* A state for a block: one merged before, or a new one. */
static void *
take_state(struct run *r)
{
	void *state = NULL;

	pthread_mutex_lock(&r->lock);
	if (r->npool > 0)
		state = r->pool[--r->npool];
	pthread_mutex_unlock(&r->lock);
	return state != NULL ? state : r->map->clone(r->model);
}

/* A merged state back to the pool; r->lock is held. */
static void
put_state(struct run *r, void *state)
{
	if (r->npool == r->poolcap) {
		r->poolcap = r->poolcap > 0 ? 2 * r->poolcap : 8;
		r->pool = xreallocarray(r->pool, r->poolcap, sizeof(*r->pool));
	}
	r->pool[r->npool++] = state;
}

/* Reads block k's lines into its held output, messages and state. */
static void
read_block(struct worker *w, size_t k)
{
	struct run *r = w->run;
	struct block *b = &r->blocks[k];
	off_t from = (off_t)k * r->bsize, to, start = 0;

	pp_held = &b->held;
	b->state = take_state(r);
	/* room for a block's worth: untouched pages cost no memory */
	pp_buf_grow(&b->held.out, (size_t)r->bsize + (size_t)r->bsize / 4);
	/*
	 * A later block's lines are counted from 2, after the line it
	 * starts inside, so none is taken for the file's first (whose byte
	 * order mark is skipped).
	 */
	b->before = k > 0;
	to = k + 1 < r->nblocks ? from + r->bsize : 0;
	if (k > 0 && (start = pp_line_start(w->in.fd, from, to)) == -2) {
		pp_error("%s", w->in.name);
		b->failed = 1;
	}
	w->in.stop = to;
	w->in.lineno = b->before;
	w->in.errnum = 0;
	if (start >= 0) {
		if (pp_input_seek(&w->in, start, b->before) == -1) {
			pp_error("%s", w->in.name);
			b->failed = 1;
		} else {
			while (pp_input_next(&w->in) == 1)
				r->map->line(b->state, &w->in);
			b->failed = w->in.errnum != 0;
		}
	}
	b->lines = w->in.lineno - b->before;
	pp_held = NULL;
}

static void *
work(void *arg)
{
	struct worker *w = arg;
	struct run *r = w->run;
	size_t k;

	for (;;) {
		pthread_mutex_lock(&r->lock);
		while (r->next < r->nblocks && !r->stopped &&
		    r->next >= r->given + r->ahead)
			pthread_cond_wait(&r->room, &r->lock);
		if (r->next == r->nblocks || r->stopped) {
			pthread_mutex_unlock(&r->lock);
			return NULL;
		}
		k = r->next++;
		pthread_mutex_unlock(&r->lock);

		read_block(w, k);

		pthread_mutex_lock(&r->lock);
		r->blocks[k].done = 1;
		pthread_cond_signal(&r->done);
		pthread_mutex_unlock(&r->lock);
	}
}

/* Was a message of this tag given out already?  Notes it if not. */
static int
told_before(struct run *r, const char *tag)
{
	size_t i;

	for (i = 0; i < r->ntold; i++)
		if (strcmp(r->told[i], tag) == 0)
			return 1;
	r->told = xreallocarray(r->told, r->ntold + 1, sizeof(*r->told));
	r->told[r->ntold++] = tag;
	return 0;
}

/* Writes a block's output and messages, in the order they came. */
static void
give_out(struct run *r, struct block *b, const char *name,
    unsigned long lines)
{
	struct pp_held *h = &b->held;
	struct note *n;
	size_t i, at = 0;

	for (i = 0; i < h->nnotes; i++) {
		n = &h->notes[i];
		pp_write(h->out.s + at, n->at - at);
		at = n->at;
		if (n->tag != NULL && told_before(r, n->tag)) {
			free(n->msg);
			continue;
		}
		fflush(stdout);
		if (n->lineno > 0)
			fprintf(stderr, "%s: %s:%lu: %s\n", pp_progname, name,
			    lines + n->lineno - b->before, n->msg);
		else
			fprintf(stderr, "%s: %s\n", pp_progname, n->msg);
		if (n->error)
			pp_status = PP_ERROR;
		free(n->msg);
	}
	pp_write(h->out.s + at, h->out.len - at);
	free(h->notes);
	pp_buf_free(&h->out);
	r->map->merge(r->map->state, b->state);
}

/* Frees a block that is not given out. */
static void
drop_block(struct run *r, struct block *b)
{
	size_t i;

	for (i = 0; i < b->held.nnotes; i++)
		free(b->held.notes[i].msg);
	free(b->held.notes);
	pp_buf_free(&b->held.out);
	r->map->drop(b->state);
}

long
pp_threads_for(long jobs, int jobs_given, off_t size)
{
	if (jobs_given || size / THREAD_MIN >= jobs)
		return jobs;
	return size / THREAD_MIN > 1 ? (long)(size / THREAD_MIN) : 1;
}

/* Reads in, size bytes, by n threads; 0 if none could start. */
static int
map_threads(const struct pp_map *m, struct pp_input *in, off_t size, long n)
{
	struct run r;
	struct worker *w;
	pthread_t *tid;
	unsigned long lines = 0;
	long i, started;
	size_t k, taken;
	int e;

	memset(&r, 0, sizeof(r));
	r.map = m;
	r.bsize = size / (n * 16);
	if (r.bsize < BLOCK_MIN)
		r.bsize = BLOCK_MIN;
	if (r.bsize > BLOCK_MAX)
		r.bsize = BLOCK_MAX;
	r.nblocks = (size_t)((size + r.bsize - 1) / r.bsize);
	r.ahead = (size_t)n * AHEAD;
	r.blocks = xcalloc(r.nblocks, sizeof(*r.blocks));
	pthread_mutex_init(&r.lock, NULL);
	pthread_cond_init(&r.room, NULL);
	pthread_cond_init(&r.done, NULL);

	w = xcalloc((size_t)n, sizeof(*w));
	tid = xcalloc((size_t)n, sizeof(*tid));
	if ((size_t)n > r.nblocks)
		n = (long)r.nblocks;
	r.model = m->clone(m->state);
	for (started = 0; started < n; started++) {
		w[started].run = &r;
		if (pp_input_reopen(&w[started].in, in) == -1)
			break;
		if ((e = pthread_create(&tid[started], NULL, work,
		    &w[started])) != 0)
			pp_fatal("threads: %s", strerror(e));
	}
	if (started == 0)
		r.nblocks = 0;		/* read below, on its own */
	taken = r.nblocks;

	for (k = 0; k < taken; k++) {
		pthread_mutex_lock(&r.lock);
		while (!r.blocks[k].done)
			pthread_cond_wait(&r.done, &r.lock);
		pthread_mutex_unlock(&r.lock);
		if (r.stopped) {
			drop_block(&r, &r.blocks[k]);
			continue;
		}
		give_out(&r, &r.blocks[k], in->name, lines);
		lines += r.blocks[k].lines;
		pthread_mutex_lock(&r.lock);
		put_state(&r, r.blocks[k].state);
		r.given = k + 1;
		if (r.blocks[k].failed) {
			r.stopped = 1;
			taken = r.next;		/* those to wait for, and drop */
		}
		pthread_cond_broadcast(&r.room);
		pthread_mutex_unlock(&r.lock);
	}
	for (i = 0; i < started; i++) {
		pthread_join(tid[i], NULL);
		pp_input_close(&w[i].in);
	}
	while (r.npool > 0)
		m->drop(r.pool[--r.npool]);
	m->drop(r.model);
	in->lineno = lines;
	pthread_cond_destroy(&r.done);
	pthread_cond_destroy(&r.room);
	pthread_mutex_destroy(&r.lock);
	free(r.blocks);
	free(r.pool);
	free(r.told);
	free(tid);
	free(w);
	return started > 0;
}

void
pp_map_file(const struct pp_map *m, struct pp_input *in)
{
	struct stat st;
	long n;

	if (m->jobs > 1 && strcmp(in->name, "-") != 0 &&
	    fstat(in->fd, &st) == 0 && S_ISREG(st.st_mode) &&
	    st.st_size >= 2 * BLOCK_MIN &&
	    (n = pp_threads_for(m->jobs, m->jobs_given, st.st_size)) > 1 &&
	    map_threads(m, in, st.st_size, n))
		return;
	while (pp_input_next(in) == 1)
		m->line(m->state, in);
}
