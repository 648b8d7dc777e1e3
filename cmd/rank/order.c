/*
 * The order records are written in: by score, or by keys (--by, --merge),
 * ties in input order; and the best k of them without sorting them all.
 */
#include <stdlib.h>
#include <string.h>

#include "rank.h"

/*
 * A date at the start of a string value as YYYYMMDD (missing parts 0), or
 * -1 if the value is no date.
 */
static long
date_value(const char *s, size_t len)
{
	struct pp_date d;

	if (!pp_date_read(s, len, &d))
		return -1;
	return (long)d.year * 10000 + d.month * 100 + d.day;
}

void
order_keys(struct order *o, const char *spec)
{
	char *copy = xstrdup(spec), *item, *next, *dir;
	int asc;

	for (item = copy; item != NULL; item = next) {
		if ((next = strchr(item, ',')) != NULL)
			*next++ = '\0';
		asc = -1;	/* the key's own way: numbers down, text up */
		if ((dir = strrchr(item, ':')) != NULL) {
			if (strcmp(dir, ":asc") == 0)
				asc = 1;
			else if (strcmp(dir, ":desc") == 0)
				asc = 0;
			else
				pp_fatal("--by: %s: the order is asc or desc",
				    item);
			*dir = '\0';
		}
		if (*item == '\0')
			pp_fatal("--by: empty key in %s", spec);
		o->keys = xreallocarray(o->keys, (size_t)o->nkeys + 1,
		    sizeof(*o->keys));
		o->asc = xreallocarray(o->asc, (size_t)o->nkeys + 1,
		    sizeof(*o->asc));
		o->asc[o->nkeys] = asc;
		o->keys[o->nkeys++] = xstrdup(item);
	}
	free(copy);
}

void
order_read(struct order *o, size_t i, const struct pp_record *rec)
{
	struct pp_member fm, *m;
	struct keyval *kv;
	const char *p;
	size_t len;
	long d;
	int k;

	if (i >= o->valscap) {
		o->valscap = o->valscap ? o->valscap * 2 : 4096;
		o->vals = xreallocarray(o->vals, o->valscap,
		    (size_t)o->nkeys * sizeof(*o->vals));
	}
	kv = o->vals + i * (size_t)o->nkeys;
	for (k = 0; k < o->nkeys; k++, kv++) {
		memset(kv, 0, sizeof(*kv));
		m = rank_value(rec, o->keys[k], &fm) ? &fm : NULL;
		if (m == NULL || m->type == PP_JNULL) {
			kv->cls = K_MISSING;
			continue;
		}
		p = m->value.p;
		if (m->type == PP_JNUMBER) {
			kv->cls = K_NUMBER;
			kv->num = strtod(p, NULL);
			continue;
		}
		if (m->type == PP_JSTRING &&
		    (d = date_value(p + 1, m->value.len - 2)) >= 0) {
			kv->cls = K_DATE;
			kv->num = (double)d;
			continue;
		}
		kv->off = o->strings.len;
		if (m->type == PP_JSTRING) {
			kv->cls = K_STRING;
			pp_json_unquote(&o->strings, p, m->value.len);
		} else {
			kv->cls = K_OTHER;
			pp_buf_add(&o->strings, p, m->value.len);
		}
		/* a value is shorter than its line, which is checked */
		len = o->strings.len - kv->off;
		kv->len = (uint32_t)len;
	}
}

void
order_clone(struct order *o, const struct order *from)
{
	*o = *from;
	o->vals = NULL;
	o->valscap = 0;
	memset(&o->strings, 0, sizeof(o->strings));
	o->heap = NULL;
	o->nheap = o->heapcap = 0;
}

/* from's n records become records at.. of o; from is freed. */
void
order_merge(struct order *o, size_t at, struct order *from, size_t n)
{
	size_t i, nk = (size_t)o->nkeys;

	if (at + n > o->valscap) {
		o->valscap = at + n;
		o->vals = xreallocarray(o->vals, o->valscap + 1,
		    nk * sizeof(*o->vals));
	}
	for (i = 0; i < n * nk; i++) {
		o->vals[at * nk + i] = from->vals[i];
		if (from->vals[i].cls == K_STRING ||
		    from->vals[i].cls == K_OTHER)
			o->vals[at * nk + i].off += o->strings.len;
	}
	if (from->strings.len > 0)
		pp_buf_add(&o->strings, from->strings.s, from->strings.len);
	order_clone_free(from);
}

void
order_clone_free(struct order *o)
{
	free(o->vals);
	free(o->heap);
	pp_buf_free(&o->strings);
	memset(o, 0, sizeof(*o));
}

static int
cmp_vals(const struct order *o, const struct keyval *a,
    const struct keyval *b)
{
	int k, c;
	size_t n;

	for (k = 0; k < o->nkeys; k++, a++, b++) {
		if (a->cls != b->cls)
			return a->cls < b->cls ? -1 : 1;	/* missing last */
		switch (a->cls) {
		case K_NUMBER:
		case K_DATE:
			/* greatest and newest first */
			if (a->num != b->num)
				c = a->num > b->num ? -1 : 1;
			else
				c = 0;
			if (o->asc[k] == 1)
				c = -c;
			break;
		case K_STRING:
		case K_OTHER:
			n = a->len < b->len ? a->len : b->len;
			c = memcmp(o->strings.s + a->off,
			    o->strings.s + b->off, n);
			if (c == 0 && a->len != b->len)
				c = a->len < b->len ? -1 : 1;
			if (o->asc[k] == 0)
				c = -c;
			break;
		default:
			c = 0;
		}
		if (c != 0)
			return o->reverse ? -c : c;
	}
	return 0;
}

/* <0 when record a comes before record b. */
static int
cmp_recs(const struct order *o, uint32_t a, uint32_t b)
{
	int c = 0;

	if (o->by)
		c = cmp_vals(o, o->vals + (size_t)a * o->nkeys,
		    o->vals + (size_t)b * o->nkeys);
	else if (o->scores[a] != o->scores[b])
		c = (o->scores[a] > o->scores[b] ? -1 : 1) *
		    (o->reverse ? -1 : 1);
	if (c != 0)
		return c;
	return a < b ? -1 : a > b;	/* ties keep input order */
}

/* Sifts heap[i] down: the heap keeps the worst of the best k on top. */
static void
sift_down(const struct order *o, uint32_t *heap, size_t k, size_t i)
{
	size_t c;
	uint32_t x;

	for (; (c = 2 * i + 1) < k; i = c) {
		if (c + 1 < k && cmp_recs(o, heap[c + 1], heap[c]) > 0)
			c++;
		if (cmp_recs(o, heap[c], heap[i]) <= 0)
			break;
		x = heap[i];
		heap[i] = heap[c];
		heap[c] = x;
	}
}

/* Moves heap[i] up to its place. */
static void
sift_up(const struct order *o, uint32_t *heap, size_t i)
{
	size_t parent;
	uint32_t x;

	for (; i > 0; i = parent) {
		parent = (i - 1) / 2;
		if (cmp_recs(o, heap[i], heap[parent]) <= 0)
			break;
		x = heap[i];
		heap[i] = heap[parent];
		heap[parent] = x;
	}
}

/*
 * A record that is not better than the worst of the best k so far can
 * never be among the best k: its values and its line need not be kept.
 * It loses a tie too, coming later.  The records kept are a superset of
 * the answer (one that left the heap stays kept), and order_top() picks
 * the answer from them as from all; threads' kept records merged the
 * same.
 */
int
order_offer(struct order *o, size_t i, const struct pp_record *rec, size_t k)
{
	size_t before = o->strings.len;

	if (k == 0)
		return 0;
	order_read(o, i, rec);
	if (o->nheap < k) {
		if (o->nheap == o->heapcap) {
			o->heapcap = o->heapcap ? o->heapcap * 2 : 64;
			o->heap = xreallocarray(o->heap, o->heapcap,
			    sizeof(*o->heap));
		}
		o->heap[o->nheap] = (uint32_t)i;
		sift_up(o, o->heap, o->nheap++);
		return 1;
	}
	if (cmp_recs(o, (uint32_t)i, o->heap[0]) >= 0) {
		o->strings.len = before;	/* its strings go too */
		return 0;
	}
	o->heap[0] = (uint32_t)i;
	sift_down(o, o->heap, k, 0);
	return 1;
}

/* Merge sort of a[0..n) with tmp of n elements (qsort has no context). */
static void
sort_recs(const struct order *o, uint32_t *a, uint32_t *tmp, size_t n)
{
	size_t h = n / 2, i = 0, j = h, k = 0;

	if (n < 2)
		return;
	sort_recs(o, a, tmp, h);
	sort_recs(o, a + h, tmp, n - h);
	if (cmp_recs(o, a[h - 1], a[h]) <= 0)
		return;
	while (i < h && j < n)
		tmp[k++] = cmp_recs(o, a[j], a[i]) < 0 ? a[j++] : a[i++];
	while (i < h)
		tmp[k++] = a[i++];
	memcpy(a, tmp, k * sizeof(*a));
}

void
order_top(const struct order *o, size_t n, size_t k, uint32_t *out)
{
	uint32_t *tmp, r;
	size_t i;

	if (k > n)
		k = n;
	if (k == 0)
		return;
	for (i = 0; i < k; i++)
		out[i] = (uint32_t)i;
	if (k < n) {
		/* O(n log k), not a sort of all n */
		for (i = k / 2; i-- > 0;)
			sift_down(o, out, k, i);
		for (i = k; i < n; i++) {
			r = (uint32_t)i;
			if (cmp_recs(o, r, out[0]) < 0) {
				out[0] = r;
				sift_down(o, out, k, 0);
			}
		}
	}
	tmp = xreallocarray(NULL, k, sizeof(*tmp));
	sort_recs(o, out, tmp, k);
	free(tmp);
}

void
order_free(struct order *o)
{
	int k;

	for (k = 0; k < o->nkeys; k++)
		free(o->keys[k]);
	free(o->keys);
	free(o->asc);
	free(o->vals);
	free(o->heap);
	pp_buf_free(&o->strings);
}
