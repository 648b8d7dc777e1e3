/*
 * --rm3: pseudo-relevance feedback as Anserini does it (RM3: 10 feedback
 * records, 10 terms, the original query weighing 0.9).  The best records
 * of a first ranking are taken as relevant; their words, each record's
 * weighted counts scaled to sum 1 and by the record's score, are summed,
 * and the 10 heaviest stems join the query.  The records are then ranked
 * again with the expanded query (main.c reads them a second time).
 */
#include <stdlib.h>
#include <string.h>

#include "rank.h"

struct fb_word {
	struct tok	*tok;
	struct pp_set	*seen;		/* stems of this record */
	double		**tf;		/* by stem index */
	size_t		*cap;
	double		 weight;
};

static void
fb_word(const unsigned char *w, size_t n, void *arg)
{
	struct fb_word *fw = arg;
	const unsigned char *s;
	size_t sl, i;
	long k;

	if (tok_is_stop(fw->tok, w, n))
		return;
	s = tok_stem(fw->tok, w, n, &sl);
	if ((k = pp_set_add(fw->seen, (const char *)s, sl)) < 0)
		k = -1 - k;
	if ((size_t)k >= *fw->cap) {
		i = *fw->cap;
		*fw->cap = *fw->cap ? *fw->cap * 2 : 256;
		*fw->tf = xreallocarray(*fw->tf, *fw->cap, sizeof(**fw->tf));
		for (; i < *fw->cap; i++)
			(*fw->tf)[i] = 0;
	}
	(*fw->tf)[k] += fw->weight;
}

/* The stems of a set, by index. */
static void
set_strings(const struct pp_set *set, const char **s, size_t *len)
{
	size_t i;

	for (i = 0; i < set->cap; i++)
		if (set->slot[i].s != NULL) {
			s[set->slot[i].index] = set->slot[i].s;
			len[set->slot[i].index] = set->slot[i].len;
		}
}

int
rm3_expand(struct score *sc, struct query *q, struct tok *t,
    struct store *st, const double *scores)
{
	struct order o;
	struct pp_record rec = { 0 };
	struct pp_buf line = { 0 }, text = { 0 };
	struct pp_set vocab = { 0 }, seen = { 0 };
	struct fb_word fw;
	const struct pp_member *m;
	struct pp_member fm;
	struct pp_span elem;
	enum pp_jtype type;
	const char **rs, **vs;
	size_t *rl, *vl, cap = 0, i, j, at, k, nfb = 0, *best;
	double *tf = NULL, *fbw = NULL, sum, x, bw[RM3_TERMS];
	char *bs[RM3_TERMS], err[128];
	size_t blen[RM3_TERMS];
	uint32_t top[RM3_DOCS];
	long v;
	int f, nb = 0;

	memset(&o, 0, sizeof(o));
	o.scores = scores;
	k = st->nrecs < RM3_DOCS ? st->nrecs : RM3_DOCS;
	order_top(&o, st->nrecs, k, top);
	memset(&fw, 0, sizeof(fw));
	fw.tok = t;
	fw.seen = &seen;
	fw.tf = &tf;
	fw.cap = &cap;
	for (i = 0; i < k && scores[top[i]] > 0; i++) {
		store_line(st, top[i], &line);
		if (pp_record_parse(&rec, line.s, line.len, err,
		    sizeof(err)) != 0)
			continue;
		pp_set_clear(&seen);
		for (j = 0; j < cap; j++)
			tf[j] = 0;
		for (f = 0; f < sc->nfields; f++) {
			if (!rank_value(&rec, sc->fields[f].name, &fm))
				continue;
			m = &fm;
			fw.weight = sc->fields[f].weight;
			if (m->type == PP_JSTRING) {
				pp_buf_reset(&text);
				pp_json_unquote(&text, m->value.p, m->value.len);
				tok_words(t, text.s, text.len, fb_word, &fw);
			} else if (m->type == PP_JARRAY)
				for (at = 0; pp_json_array_next(&m->value, &at,
				    &elem, &type);)
					if (type == PP_JSTRING) {
						pp_buf_reset(&text);
						pp_json_unquote(&text, elem.p,
						    elem.len);
						tok_words(t, text.s, text.len,
						    fb_word, &fw);
					}
		}
		if (seen.n == 0)
			continue;
		rs = xcalloc(seen.n, sizeof(*rs));
		rl = xcalloc(seen.n, sizeof(*rl));
		set_strings(&seen, rs, rl);
		for (sum = 0, j = 0; j < seen.n; j++)
			sum += tf[j];
		for (j = 0; j < seen.n; j++) {
			if ((v = pp_set_add(&vocab, rs[j], rl[j])) < 0)
				v = -1 - v;
			if ((size_t)v >= nfb) {
				fbw = xreallocarray(fbw, (size_t)v + 1,
				    sizeof(*fbw));
				for (; nfb <= (size_t)v; nfb++)
					fbw[nfb] = 0;
			}
			fbw[v] += tf[j] / sum * scores[top[i]];
		}
		free(rs);
		free(rl);
	}
	/* the heaviest stems, ties in the order they came */
	if (vocab.n > 0) {
		vs = xcalloc(vocab.n, sizeof(*vs));
		vl = xcalloc(vocab.n, sizeof(*vl));
		set_strings(&vocab, vs, vl);
		best = xcalloc(RM3_TERMS, sizeof(*best));
		for (j = 0; j < vocab.n; j++) {
			x = fbw[j];
			if (nb == RM3_TERMS && x <= fbw[best[nb - 1]])
				continue;
			if (nb < RM3_TERMS)
				nb++;
			for (i = (size_t)nb - 1; i > 0 && fbw[best[i - 1]] < x; i--)
				best[i] = best[i - 1];
			best[i] = j;
		}
		for (sum = 0, i = 0; i < (size_t)nb; i++)
			sum += fbw[best[i]];
		for (i = 0; i < (size_t)nb; i++) {
			bs[i] = xmemdup(vs[best[i]], vl[best[i]]);
			blen[i] = vl[best[i]];
			bw[i] = fbw[best[i]] / sum;
		}
		free(vs);
		free(vl);
		free(best);
	}
	if (nb > 0)
		query_expand(q, t, bs, blen, bw, nb, RM3_ORIGINAL);
	for (i = 0; i < (size_t)nb; i++)
		free(bs[i]);
	free(tf);
	free(fbw);
	pp_set_free(&vocab);
	pp_set_free(&seen);
	pp_record_free(&rec);
	pp_buf_free(&line);
	pp_buf_free(&text);
	return nb;
}
