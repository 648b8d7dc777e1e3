/*
 * libFuzzer target: pp-rank's tokenizer (cmd/rank/token.c).
 *
 * tok_scan() cuts records 16 (with AVX2 32, with AVX-512 64) bytes at a
 * time, reads p[-1] to p[16] (p[32], p[64]) around each block and looks
 * closely only at the words whose first two bytes could begin a term; tok_words() is the plain scalar definition, a byte
 * at a time.  On the same bytes (valid UTF-8, as records are) they must
 * give the same words at the same positions, the same stems, the same
 * length, whatever the bytes:
 *
 *  - the first byte chooses: every word reported (as --like scans), or
 *    only the terms made of the stems of a few of the input's words (as a
 *    query scans, through the first-two-byte filter);
 *  - two more bits take the 16-byte or the 32-byte blocks on a CPU with
 *    wider ones, so every scan is checked there;
 *  - the text is copied into a buffer of exactly the bytes tok_scan() may
 *    read (two before, one separator after), so ASan sees any read past.
 */
#include <stdlib.h>
#include <string.h>

#include "rank.h"

#define MAXHITS	65536

struct hit {
	int		 term;
	uint32_t	 stem;
	long		 pos;
};

struct hits {
	struct hit	 h[MAXHITS];
	size_t		 n;
};

static struct hits scanned, expected;

static void
die(const char *what, const uint8_t *data, size_t size)
{
	fprintf(stderr, "rank-token fuzz: %s\ninput (%zu bytes): %.*s\n",
	    what, size, (int)(size > 2000 ? 2000 : size), (const char *)data);
	abort();
}

static void
record_hit(int term, uint32_t stem, long pos, void *arg)
{
	struct hits *h = arg;

	if (h->n < MAXHITS) {
		h->h[h->n].term = term;
		h->h[h->n].stem = stem;
		h->h[h->n].pos = pos;
	}
	h->n++;
}

/* The reference: every word, a position each, stop words never terms. */
struct ref {
	struct tok	*t;
	int		 every_word;
	int		 add_terms;	/* first words become terms */
	long		 pos;
};

static void
ref_word(const unsigned char *w, size_t n, void *arg)
{
	struct ref *r = arg;
	const unsigned char *s;
	size_t sl;
	long pos = r->pos++;
	int term;

	if (tok_is_stop(r->t, w, n))
		return;
	s = tok_stem(r->t, w, n, &sl);
	if (r->add_terms > 0) {
		tok_term_add(r->t, s, sl);
		r->add_terms--;
		return;
	}
	if ((term = tok_term_find(r->t, s, sl)) >= 0 || r->every_word)
		record_hit(term, tok_hash(s, sl), pos, &expected);
}

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tok t;
	struct ref r;
	char *buf;
	size_t i;
	int mode;

	if (size < 1)
		return 0;
	mode = data[0];
	data++;
	size--;
	if (!pp_utf8_valid((const char *)data, size))
		return 0;
	if (tok_init(&t, mode & 2 ? "porter" : "english", !(mode & 4)) != 0)
		die("tok_init failed", data, size);

	/* the reference first: it also makes the terms */
	memset(&r, 0, sizeof(r));
	r.t = &t;
	r.every_word = mode & 1;
	if (r.every_word)
		tok_look_at_all(&t);
	else {
		r.add_terms = 3;
		tok_words(&t, (const char *)data, size, ref_word, &r);
		r.add_terms = 0;
		r.pos = 0;
	}
	expected.n = 0;
	tok_words(&t, (const char *)data, size, ref_word, &r);

	buf = malloc(size + 3);
	memcpy(buf, "  ", 2);
	memcpy(buf + 2, data, size);
	buf[size + 2] = ' ';
	scanned.n = 0;
	t.every_word = r.every_word;
	t.hit = record_hit;
	t.hit_arg = &scanned;
	t.pos = 0;
	t.dl = 0;
	if (mode & 8)
		t.width = 16;
	else if (mode & 16 && t.width > 32)
		t.width = 32;
	tok_scan(&t, buf + 2, size, buf + size + 3);
	free(buf);

	if (t.pos != r.pos || t.dl != (uint32_t)r.pos)
		die("tok_scan counts another number of words", data, size);
	if (scanned.n != expected.n)
		die("tok_scan reports another number of words", data, size);
	for (i = 0; i < scanned.n && i < MAXHITS; i++)
		if (scanned.h[i].term != expected.h[i].term ||
		    scanned.h[i].stem != expected.h[i].stem ||
		    scanned.h[i].pos != expected.h[i].pos)
			die("tok_scan and tok_words disagree on a word", data,
			    size);
	tok_free(&t);
	return 0;
}
