/*
 * What every reader of pp-split calls: the one place a paper becomes a
 * line of output, and the one wording of a part that cannot be read.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "split.h"

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define HAVE_AES_DIGEST		/* chosen at run time, on CPUs with AES-NI */
#endif

/*
 * The repeat check remembers a digest of each paper on the current page
 * (a 16-byte hash of its identity: AES rounds where the CPU has them,
 * else two independent 64-bit multiply hashes), in two generations of
 * REPEAT_WINDOW papers: when the young one fills, the old one is
 * dropped.  Memory stays fixed however many papers a page holds, and a
 * repeat is still caught if fewer than REPEAT_WINDOW papers lie between
 * the two copies; a Trending page repeats each card a few dozen cards
 * later.  Two different papers share a digest with odds of about 2^-128.
 */
#define REPEAT_WINDOW	16384		/* papers a generation */
#define REPEAT_SLOTS	(2 * REPEAT_WINDOW)	/* power of two, half full */

struct digest {
	uint64_t	 a, b;
};

struct repeats {
	struct digest	*gen[2];	/* young, old; a == b == 0 is free */
	size_t		 n;		/* digests in the young one */
};

static int
gen_has(const struct digest *g, struct digest d)
{
	size_t i;

	if (g == NULL)
		return 0;
	for (i = d.a & (REPEAT_SLOTS - 1); g[i].a != 0 || g[i].b != 0;
	    i = (i + 1) & (REPEAT_SLOTS - 1))
		if (g[i].a == d.a && g[i].b == d.b)
			return 1;
	return 0;
}

/* Adds d; returns 0 if the page already had it. */
static int
repeats_add(struct repeats *r, struct digest d)
{
	struct digest *young;
	size_t i;

	/* both generations' slots at once: two cache misses, not one after one */
	for (i = 0; i < 2; i++)
		if (r->gen[i] != NULL)
			__builtin_prefetch(&r->gen[i][d.a & (REPEAT_SLOTS - 1)]);
	if (gen_has(r->gen[0], d) || gen_has(r->gen[1], d))
		return 0;
	if (r->gen[0] == NULL || r->n == REPEAT_WINDOW) {
		young = r->gen[1];	/* the old generation's memory */
		if (young == NULL)
			young = xcalloc(REPEAT_SLOTS, sizeof(*young));
		else
			memset(young, 0, REPEAT_SLOTS * sizeof(*young));
		r->gen[1] = r->gen[0];
		r->gen[0] = young;
		r->n = 0;
	}
	if (d.a == 0 && d.b == 0)
		d.b = 1;
	for (i = d.a & (REPEAT_SLOTS - 1); r->gen[0][i].a != 0 ||
	    r->gen[0][i].b != 0; i = (i + 1) & (REPEAT_SLOTS - 1))
		;
	r->gen[0][i] = d;
	r->n++;
	return 1;
}

static void
repeats_clear(struct repeats *r)
{
	size_t i;

	for (i = 0; i < 2; i++)
		if (r->gen[i] != NULL)
			memset(r->gen[i], 0, REPEAT_SLOTS * sizeof(*r->gen[i]));
	r->n = 0;
}

void
split_free(struct split *sp)
{
	if (sp->repeats != NULL) {
		free(sp->repeats->gen[0]);
		free(sp->repeats->gen[1]);
		free(sp->repeats);
		sp->repeats = NULL;
	}
}

#ifdef HAVE_AES_DIGEST
/*
 * digest_add() by AES rounds, where the multiplies below cost a tenth of
 * pp-split's time on a raw page, most of it in abstracts.  Each 16 bytes
 * go into the state as the key of a round; a round is a permutation, so
 * two texts that differ in a block differ after it.  One round spreads a
 * difference over only four bytes, and two such differences can agree by
 * chance (one in 2^7 for one-byte edits, as a test of a first version
 * found), so the state goes through two more rounds before it is
 * compared or folded: then a difference has spread over all 16 bytes.
 * Texts of 64 bytes or more are taken 64 bytes a step in four lanes that
 * start apart, each spread so, then folded in turn.  The length goes in
 * first, so the zeros that pad the tail cannot pass for text.
 */
#define AES	__attribute__((target("aes,sse2")))

static inline AES __m128i
load_block(const char *s)
{
	return _mm_loadu_si128((const __m128i *)(const void *)s);
}

/* Two rounds: a difference anywhere in x spread over all of it. */
static inline AES __m128i
spread(__m128i x, __m128i k)
{
	return _mm_aesenc_si128(_mm_aesenc_si128(x, k), k);
}

static AES void
digest_add_aes(struct digest *d, const char *s, size_t len)
{
	const __m128i k = _mm_set_epi64x((long long)0x9e3779b97f4a7c15ULL,
	    (long long)0xc2b2ae3d27d4eb4fULL);
	__m128i h, l0, l1, l2, l3;
	char tail[16];

	h = _mm_set_epi64x((long long)d->b, (long long)(d->a ^ len));
	if (len >= 64) {
		l0 = h;
		l1 = _mm_xor_si128(h, k);
		l2 = _mm_xor_si128(h, _mm_slli_epi64(k, 1));
		l3 = _mm_xor_si128(h, _mm_srli_epi64(k, 1));
		for (; len >= 64; s += 64, len -= 64) {
			l0 = _mm_aesenc_si128(l0, load_block(s));
			l1 = _mm_aesenc_si128(l1, load_block(s + 16));
			l2 = _mm_aesenc_si128(l2, load_block(s + 32));
			l3 = _mm_aesenc_si128(l3, load_block(s + 48));
		}
		h = spread(l0, k);
		h = _mm_aesenc_si128(_mm_xor_si128(h, spread(l1, k)), k);
		h = _mm_aesenc_si128(_mm_xor_si128(h, spread(l2, k)), k);
		h = _mm_aesenc_si128(_mm_xor_si128(h, spread(l3, k)), k);
	}
	for (; len >= 16; s += 16, len -= 16)
		h = _mm_aesenc_si128(h, load_block(s));
	if (len > 0) {		/* s may be NULL only when len is 0 */
		memset(tail, 0, sizeof(tail));
		memcpy(tail, s, len);
		h = _mm_aesenc_si128(h, load_block(tail));
	}
	h = spread(h, k);
	d->a = (uint64_t)_mm_cvtsi128_si64(h);
	d->b = (uint64_t)_mm_cvtsi128_si64(_mm_unpackhi_epi64(h, h));
}
#endif

/*
 * Two 64-bit hashes of s[0..len), eight bytes at a time: fast enough that
 * the repeat check costs little beside writing the line.
 */
static void
digest_add(struct digest *d, const char *s, size_t len)
{
	uint64_t w, w2, a2 = len, b2 = ~(uint64_t)len;

#ifdef HAVE_AES_DIGEST
	if (__builtin_cpu_supports("aes")) {
		digest_add_aes(d, s, len);
		return;
	}
#endif
	/*
	 * Sixteen bytes a round, each hash in two chains (a and a2, b and
	 * b2) that do not wait on each other's multiplies, folded together
	 * at the end: each hash still sees every byte.
	 */
	while (len >= 16) {
		memcpy(&w, s, 8);
		memcpy(&w2, s + 8, 8);
		d->a = (d->a ^ w) * 0x9e3779b97f4a7c15ULL;
		d->a ^= d->a >> 29;
		a2 = (a2 ^ w2) * 0x9e3779b97f4a7c15ULL;
		a2 ^= a2 >> 29;
		d->b = (d->b ^ w) * 0xc2b2ae3d27d4eb4fULL;
		d->b ^= d->b >> 31;
		b2 = (b2 ^ w2) * 0xc2b2ae3d27d4eb4fULL;
		b2 ^= b2 >> 31;
		s += 16;
		len -= 16;
	}
	d->a = (d->a ^ a2) * 0xff51afd7ed558ccdULL;
	d->b = (d->b ^ b2) * 0xc4ceb9fe1a85ec53ULL;
	while (len >= 8) {
		memcpy(&w, s, 8);
		d->a = (d->a ^ w) * 0x9e3779b97f4a7c15ULL;
		d->a ^= d->a >> 29;
		d->b = (d->b ^ w) * 0xc2b2ae3d27d4eb4fULL;
		d->b ^= d->b >> 31;
		s += 8;
		len -= 8;
	}
	w = len;		/* the tail, and its length */
	if (len > 0)		/* s may be NULL: an absent key */
		memcpy((char *)&w + 1, s, len);
	d->a = (d->a ^ w) * 0x9e3779b97f4a7c15ULL;
	d->a ^= d->a >> 29;
	d->b = (d->b ^ w) * 0xc2b2ae3d27d4eb4fULL;
	d->b ^= d->b >> 31;
}

void
split_page(struct split *sp)
{
	if (sp->repeats != NULL)
		repeats_clear(sp->repeats);
	sp->page_papers = 0;
}

/* A part of a file that one reader read and that gave no paper. */
struct empty_part {
	const struct reader *r;
	int		 part;		/* 0 for the first */
	unsigned long	 first, last;	/* its lines */
};

void
split_read(struct split *sp, struct pp_input *in, const struct reader *r)
{
	struct empty_part *empty = NULL;
	unsigned long first, papers = sp->papers;
	size_t n = 0, cap = 0, i;
	int part;

	for (part = 0;; part++) {
		sp->reader = r;
		sp->handoff = NULL;
		sp->part_papers = 0;
		first = in->lineno + 1;
		r->read(sp, in);
		if (sp->part_papers == 0) {
			if (n == cap) {
				cap = cap == 0 ? 4 : 2 * cap;
				empty = xreallocarray(empty, cap,
				    sizeof(*empty));
			}
			empty[n].r = r;
			empty[n].part = part;
			empty[n].first = first;
			empty[n++].last = in->lineno;
		}
		if ((r = sp->handoff) == NULL)
			break;
		sp->handoffs++;
		split_page(sp);
	}
	/*
	 * A file read in parts: main's "no paper found in this FORMAT file"
	 * would name one reader of several.  Each part that gave no paper
	 * is named instead, with its reader and lines: a page handed to a
	 * reader that found nothing in it is lost, as a page without papers
	 * is.  The first part, text before another layout's heading, is
	 * named only when the file gave no paper at all, and not when the
	 * file starts with that heading.
	 */
	for (i = 0; part > 0 && i < n; i++)
		if (empty[i].last >= empty[i].first && (empty[i].part > 0 ||
		    sp->papers == papers))
			split_bad(sp, empty[i].first, "no paper found in this "
			    "%s part of the file (lines %lu-%lu)",
			    empty[i].r->name, empty[i].first, empty[i].last);
	free(empty);
}

void
split_read_text(struct split *sp, struct pp_input *in, const char *text,
    size_t len, const char *what)
{
	const struct reader *self = sp->reader, *best = NULL;
	struct pp_input mem;
	const char *head = text;
	size_t headlen, i;
	int sure, best_sure = 0;

	/* the lines kept blank before it (a web archive's) are no layout */
	while (head < text + len && split_space((unsigned char)*head))
		head++;
	headlen = (size_t)(text + len - head);
	if (headlen > SPLIT_HEAD)
		headlen = SPLIT_HEAD;
	for (i = 0; readers[i] != NULL; i++)
		if (!readers[i]->converts &&
		    (sure = readers[i]->detect(head, headlen)) > best_sure) {
			best_sure = sure;
			best = readers[i];
		}
	if (best == NULL) {
		pp_errorx("%s: no listing layout in the text of this %s",
		    in->name, what);
		sp->told = 1;
		return;
	}
	pp_input_open_mem(&mem, in->name, text, len);
	split_read(sp, &mem, best);
	sp->reader = self;	/* the file's format */
	pp_input_close(&mem);
}

int
split_may_handoff(const struct split *sp)
{
	return sp->reader != sp->forced;
}

void
split_bad(struct split *sp, unsigned long lineno, const char *fmt, ...)
{
	struct pp_input at = *sp->in;
	struct pp_buf msg = { 0 };
	va_list ap;

	va_start(ap, fmt);
	pp_buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	if (msg.s == NULL)
		return;
	at.lineno = lineno;
	pp_error_at(&at, "%s", msg.s);
	pp_buf_free(&msg);
}

/* The keys that tell two papers apart, for the repeat check. */
static const enum pp_key identity[] = {
	PP_TITLE, PP_ABSTRACT, PP_SUMMARY, PP_AUTHORS, PP_DATE, PP_ID, PP_URL
};

/* Appends "FILE:LINE" with its quotes, without printf's cost a record. */
static void
put_source(struct pp_buf *b, const struct pp_buf *file, unsigned long lineno)
{
	char digits[24];
	int n = 0;

	do
		digits[n++] = (char)('0' + lineno % 10);
	while ((lineno /= 10) != 0);
	pp_buf_grow(b, file->len + (size_t)n + 3);
	pp_buf_addc(b, '"');
	pp_buf_add(b, file->s, file->len);
	pp_buf_addc(b, ':');
	while (n > 0)
		pp_buf_addc(b, digits[--n]);
	pp_buf_addc(b, '"');
}

void
split_emit(struct split *sp, struct pp_paper *p, unsigned long lineno)
{
	struct digest d;
	size_t i;

	if (!pp_paper_has(p, PP_TITLE)) {
		split_bad(sp, lineno, "a paper without a title: skipped");
		pp_paper_clear(p);
		return;
	}
	if (sp->every_paper) {
		split_write(sp, p, lineno);
		return;
	}
	d.a = 0xcbf29ce484222325ULL;
	d.b = 0x84222325cbf29ce4ULL;
	for (i = 0; i < sizeof(identity) / sizeof(identity[0]); i++)
		digest_add(&d, p->json[identity[i]].s,
		    p->json[identity[i]].len);
	if (sp->repeats == NULL)
		sp->repeats = xcalloc(1, sizeof(*sp->repeats));
	if (!repeats_add(sp->repeats, d)) {
		pp_paper_clear(p);
		return;
	}
	split_write(sp, p, lineno);
}

void
split_write(struct split *sp, struct pp_paper *p, unsigned long lineno)
{
	if (!pp_paper_has(p, PP_TITLE)) {
		split_bad(sp, lineno, "a paper without a title: skipped");
		pp_paper_clear(p);
		return;
	}
	pp_buf_reset(&p->json[PP_SOURCE]);
	put_source(&p->json[PP_SOURCE], &sp->source, lineno);
	pp_buf_reset(&sp->out);
	pp_paper_write(&sp->out, p);
	pp_write(sp->out.s, sp->out.len);
	sp->papers++;
	sp->part_papers++;
	sp->page_papers++;
	pp_paper_clear(p);
}

void
split_trim(const char **s, size_t *len)
{
	while (*len > 0 && split_space((unsigned char)**s)) {
		(*s)++;
		(*len)--;
	}
	while (*len > 0 && split_space((unsigned char)(*s)[*len - 1]))
		(*len)--;
}

int
split_all_space(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (!split_space((unsigned char)s[i]))
			return 0;
	return 1;
}
