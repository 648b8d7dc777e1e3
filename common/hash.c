/*
 * One set of byte strings for every program: --unique and --seen in
 * pp-grep, the duplicate check of pp-split, the liked papers of pp-rank.
 * Open addressing with linear probing, FNV-1a, at most half full.  Each
 * slot keeps its value's index so that a caller can hang data beside it.
 */
#include <stdlib.h>
#include <string.h>

#include "pp.h"

uint64_t
pp_hash(const void *p, size_t len)
{
	const unsigned char *s = p;
	uint64_t h = 0xcbf29ce484222325ULL;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= s[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

static void
grow(struct pp_set *set)
{
	struct pp_set_slot *old = set->slot;
	size_t i, j, oldcap = set->cap;

	set->cap = oldcap ? oldcap * 2 : 64;
	set->slot = xcalloc(set->cap, sizeof(*set->slot));
	for (i = 0; i < oldcap; i++) {
		if (old[i].s == NULL)
			continue;
		for (j = old[i].hash & (set->cap - 1); set->slot[j].s != NULL;
		    j = (j + 1) & (set->cap - 1))
			continue;
		set->slot[j] = old[i];
	}
	free(old);
}

static struct pp_set_slot *
find(const struct pp_set *set, const char *s, size_t len, uint64_t h)
{
	size_t i;

	for (i = h & (set->cap - 1); set->slot[i].s != NULL;
	    i = (i + 1) & (set->cap - 1))
		if (set->slot[i].hash == h && set->slot[i].len == len &&
		    memcmp(set->slot[i].s, s, len) == 0)
			break;
	return &set->slot[i];
}

long
pp_set_add(struct pp_set *set, const char *s, size_t len)
{
	struct pp_set_slot *slot;
	uint64_t h = pp_hash(s, len);

	if (2 * (set->n + 1) > set->cap)
		grow(set);
	slot = find(set, s, len, h);
	if (slot->s != NULL)
		return -1 - (long)slot->index;
	slot->s = xmemdup(s, len);
	slot->len = len;
	slot->hash = h;
	slot->index = set->n++;
	return (long)slot->index;
}

long
pp_set_find(const struct pp_set *set, const char *s, size_t len)
{
	const struct pp_set_slot *slot;

	if (set->n == 0)
		return -1;
	slot = find(set, s, len, pp_hash(s, len));
	return slot->s != NULL ? (long)slot->index : -1;
}

void
pp_set_clear(struct pp_set *set)
{
	size_t i;

	for (i = 0; i < set->cap; i++) {
		free(set->slot[i].s);
		set->slot[i].s = NULL;
	}
	set->n = 0;
}

void
pp_set_free(struct pp_set *set)
{
	pp_set_clear(set);
	free(set->slot);
	set->slot = NULL;
	set->cap = 0;
}
