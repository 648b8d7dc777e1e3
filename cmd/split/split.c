/*
 * What every reader of pp-split calls: the one place a paper becomes a
 * line of output, and the one wording of a part that cannot be read.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "split.h"

void
split_page(struct split *sp)
{
	if (sp->page.n > 0)
		memset(sp->page.slot, 0, sp->page.cap * sizeof(uint64_t));
	sp->page.n = 0;
	sp->page_papers = 0;
}

void
split_free(struct split *sp)
{
	free(sp->page.slot);
	memset(&sp->page, 0, sizeof(sp->page));
}

void
split_bad(struct split *sp, unsigned long lineno, const char *fmt, ...)
{
	struct pp_input at = *sp->in;
	struct pp_buf msg = { 0 };
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	pp_buf_grow(&msg, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(msg.s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	at.lineno = lineno;
	pp_error_at(&at, "%s", msg.s);
	pp_buf_free(&msg);
}

/* The keys that tell two papers apart, for the repeat check. */
static const enum pp_key identity[] = {
	PP_TITLE, PP_ABSTRACT, PP_SUMMARY, PP_AUTHORS, PP_DATE, PP_ID, PP_URL
};

/*
 * A 64-bit hash of s[0..len) mixed into h, eight bytes at a time in four
 * lanes, so that hashing an abstract costs less than writing it.  Not a
 * cryptographic hash: two different papers of one page share a value with
 * odds of about n^2 / 2^65 for n papers.
 */
static uint64_t
mix(uint64_t h, const char *s, size_t len)
{
	static const uint64_t k = 0x9e3779b97f4a7c15ULL;
	uint64_t l[4] = { h, h ^ k, h + k, h - k }, w;
	size_t i = 0, j;

	for (; i + 32 <= len; i += 32)
		for (j = 0; j < 4; j++) {
			memcpy(&w, s + i + 8 * j, 8);
			l[j] = (l[j] ^ w) * 0xff51afd7ed558ccdULL;
			l[j] ^= l[j] >> 29;
		}
	for (; i + 8 <= len; i += 8) {
		memcpy(&w, s + i, 8);
		l[0] = (l[0] ^ w) * 0xc4ceb9fe1a85ec53ULL;
		l[0] ^= l[0] >> 29;
	}
	for (; i < len; i++)
		l[1] = (l[1] ^ (unsigned char)s[i]) * 0x100000001b3ULL;
	h = l[0] ^ (l[1] * k) ^ (l[2] * 0xff51afd7ed558ccdULL) ^
	    (l[3] * 0xc4ceb9fe1a85ec53ULL) ^ len;
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	return h;
}

/* Adds h to the page's set: 1 if it is new, 0 if it was there. */
static int
seen_add(struct split_seen *set, uint64_t h)
{
	uint64_t *old;
	size_t i, cap;

	if (h == 0)
		h = 1;
	if (2 * (set->n + 1) > set->cap) {
		old = set->slot;
		cap = set->cap;
		set->cap = cap != 0 ? 2 * cap : 256;
		set->slot = xcalloc(set->cap, sizeof(uint64_t));
		set->n = 0;
		for (i = 0; i < cap; i++)
			if (old[i] != 0)
				seen_add(set, old[i]);
		free(old);
	}
	for (i = h & (set->cap - 1); set->slot[i] != 0;
	    i = (i + 1) & (set->cap - 1))
		if (set->slot[i] == h)
			return 0;
	set->slot[i] = h;
	set->n++;
	return 1;
}

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
	uint64_t h = 0;
	size_t i;

	if (!pp_paper_has(p, PP_TITLE)) {
		split_bad(sp, lineno, "a paper without a title: skipped");
		pp_paper_clear(p);
		return;
	}
	for (i = 0; i < sizeof(identity) / sizeof(identity[0]); i++)
		h = mix(h + i, p->json[identity[i]].s, p->json[identity[i]].len);
	if (!seen_add(&sp->page, h)) {
		pp_paper_clear(p);
		return;
	}
	pp_buf_reset(&p->json[PP_SOURCE]);
	put_source(&p->json[PP_SOURCE], &sp->source, lineno);
	pp_buf_reset(&sp->out);
	pp_paper_write(&sp->out, p);
	pp_write(sp->out.s, sp->out.len);
	sp->papers++;
	sp->page_papers++;
	pp_paper_clear(p);
}
