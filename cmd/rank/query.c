/*
 * The query: words, "quoted phrases", and either with a leading - to leave
 * out the records that contain them.  Each word is a term of its own
 * ("pitot-static" unquoted is two, as search engines have it); a term or a
 * phrase is a unit the score sums over.
 */
#include <stdlib.h>
#include <string.h>

#include "rank.h"

/* Makes term s[0..n) known to the tokenizer and the query. */
static int
add_term(struct query *q, struct tok *t, const unsigned char *s, size_t n)
{
	int i = tok_term_add(t, s, n);

	if (i < q->nterms)
		return i;
	q->terms = xreallocarray(q->terms, (size_t)i + 1, sizeof(*q->terms));
	memset(&q->terms[i], 0, sizeof(q->terms[i]));
	q->terms[i].unit = -1;
	q->nterms = i + 1;
	return i;
}

static int
add_unit(struct query *q, int term, int phrase)
{
	int u;

	for (u = 0; u < q->nunits; u++)
		if (q->units[u].term == term && q->units[u].phrase == phrase) {
			q->units[u].qtf += 1;
			return u;
		}
	q->units = xreallocarray(q->units, (size_t)q->nunits + 1,
	    sizeof(*q->units));
	q->units[q->nunits].term = term;
	q->units[q->nunits].phrase = phrase;
	q->units[q->nunits].qtf = 1;
	q->units[q->nunits].idf = 0;
	return q->nunits++;
}

/* The words of one query item, stemmed, with stop words as -1. */
struct qwords {
	struct query	*q;
	struct tok	*t;
	int		 plain;		/* each word a term, no positions */
	int		 term[MAXPHRASE];
	int		 n;
	int		 overflow;
};

static void
query_token(const unsigned char *w, size_t n, void *arg)
{
	struct qwords *qw = arg;
	const unsigned char *s;
	size_t sl;
	int t;

	if (tok_is_stop(qw->t, w, n)) {
		if (!qw->plain && qw->n < MAXPHRASE)
			qw->term[qw->n++] = -1;
		return;
	}
	s = tok_stem(qw->t, w, n, &sl);
	t = add_term(qw->q, qw->t, s, sl);
	if (qw->plain) {
		qw->q->terms[t].unit = add_unit(qw->q, t, -1);
		return;
	}
	if (qw->n == MAXPHRASE) {
		qw->overflow = 1;
		return;
	}
	qw->term[qw->n++] = t;
}

/*
 * One item of the query: plain words, each a term of its own, or a phrase
 * when quoted or excluded ("-pitot-static" leaves out the phrase).
 */
static int
add_item(struct query *q, struct tok *t, const char *s, size_t len,
    int quoted, int excluded)
{
	struct qwords qw;
	struct phrase *ph;
	int i, first = -1, last = -1, ti;

	memset(&qw, 0, sizeof(qw));
	qw.q = q;
	qw.t = t;
	qw.plain = !quoted && !excluded;
	tok_words(t, s, len, query_token, &qw);
	if (qw.plain)
		return 0;
	if (qw.overflow)
		return -1;
	for (i = 0; i < qw.n; i++)
		if (qw.term[i] >= 0) {
			if (first < 0)
				first = i;
			last = i;
		}
	if (first < 0)
		return 0;		/* stop words only */
	if (first == last) {
		ti = qw.term[first];
		if (excluded)
			q->terms[ti].excluded = 1;
		else
			q->terms[ti].unit = add_unit(q, ti, -1);
		return 0;
	}
	q->phrases = xreallocarray(q->phrases, (size_t)q->nphrases + 1,
	    sizeof(*q->phrases));
	ph = &q->phrases[q->nphrases];
	memset(ph, 0, sizeof(*ph));
	for (i = first; i <= last; i++)
		if (qw.term[i] >= 0) {
			ph->term[ph->n] = qw.term[i];
			ph->at[ph->n++] = i - first;
		}
	ph->excluded = excluded;
	ph->unit = excluded ? -1 : add_unit(q, -1, q->nphrases);
	q->nphrases++;
	return 0;
}

/* Phrase components by term, to follow phrases word by word. */
static void
index_phrases(struct query *q)
{
	size_t nrefs = 0;
	int i, j, t;

	q->cstart = xcalloc((size_t)q->nterms + 1, sizeof(*q->cstart));
	for (i = 0; i < q->nphrases; i++)
		nrefs += (size_t)q->phrases[i].n;
	q->comprefs = xcalloc(nrefs + 1, sizeof(*q->comprefs));
	nrefs = 0;
	for (t = 0; t < q->nterms; t++) {
		q->cstart[t] = (int)nrefs;
		for (i = 0; i < q->nphrases; i++)
			for (j = 0; j < q->phrases[i].n; j++)
				if (q->phrases[i].term[j] == t) {
					q->comprefs[nrefs].phrase = i;
					q->comprefs[nrefs].comp = j;
					nrefs++;
				}
	}
	q->cstart[q->nterms] = (int)nrefs;
}

int
query_parse(struct query *q, struct tok *t, const char *text, int literal,
    char *err, size_t errlen)
{
	const char *p = text, *start;
	int excluded;

	memset(q, 0, sizeof(*q));
	if (literal) {
		add_item(q, t, text, strlen(text), 0, 0);
		index_phrases(q);
		return 0;
	}
	while (*p != '\0') {
		while (*p == ' ' || *p == '\t' || *p == '\n')
			p++;
		if (*p == '\0')
			break;
		excluded = 0;
		if (*p == '-' && p[1] != '\0' && p[1] != ' ' && p[1] != '\t' &&
		    p[1] != '\n') {
			excluded = 1;
			p++;
		}
		if (*p == '"') {
			start = ++p;
			while (*p != '\0' && *p != '"')
				p++;
			if (add_item(q, t, start, (size_t)(p - start), 1,
			    excluded) == -1)
				goto long_phrase;
			if (*p == '"')
				p++;
			continue;
		}
		start = p;
		while (*p != '\0' && *p != ' ' && *p != '\t' && *p != '\n' &&
		    *p != '"')
			p++;
		if (add_item(q, t, start, (size_t)(p - start), 0,
		    excluded) == -1)
			goto long_phrase;
	}
	index_phrases(q);
	return 0;
long_phrase:
	snprintf(err, errlen, "a phrase may have at most %d words", MAXPHRASE);
	index_phrases(q);
	return -1;
}

/* Whether the query leaves out records: an excluded term or phrase. */
int
query_excludes(const struct query *q)
{
	int i;

	for (i = 0; i < q->nterms; i++)
		if (q->terms[i].excluded)
			return 1;
	for (i = 0; i < q->nphrases; i++)
		if (q->phrases[i].excluded)
			return 1;
	return 0;
}

void
query_free(struct query *q)
{
	free(q->terms);
	free(q->phrases);
	free(q->units);
	free(q->comprefs);
	free(q->cstart);
	memset(q, 0, sizeof(*q));
}

void
query_clone(struct query *q, const struct query *from)
{
	int i;

	*q = *from;
	q->terms = xreallocarray(NULL, (size_t)from->nterms + 1,
	    sizeof(*q->terms));
	/* memcpy wants valid pointers even for no bytes: a query may have none */
	if (from->nterms > 0)
		memcpy(q->terms, from->terms,
		    (size_t)from->nterms * sizeof(*q->terms));
	for (i = 0; i < q->nterms; i++)
		q->terms[i].df = 0;
	q->phrases = xreallocarray(NULL, (size_t)from->nphrases + 1,
	    sizeof(*q->phrases));
	if (from->nphrases > 0)
		memcpy(q->phrases, from->phrases,
		    (size_t)from->nphrases * sizeof(*q->phrases));
}

void
query_clone_free(struct query *q)
{
	free(q->terms);
	free(q->phrases);
	memset(q, 0, sizeof(*q));
}

/*
 * RM3's expanded query: every unit weighted orig times its share of the
 * query, and each of the k feedback stems added (or added to) with its
 * weight times 1 - orig.
 */
void
query_expand(struct query *q, struct tok *t, char *const *stems,
    const size_t *lens, const double *weights, int k, double orig)
{
	double sum = 0;
	int i, u, ti;

	for (u = 0; u < q->nunits; u++)
		sum += q->units[u].qtf;
	for (u = 0; u < q->nunits; u++)
		q->units[u].qtf = sum > 0 ? orig * q->units[u].qtf / sum : 0;
	for (i = 0; i < k; i++) {
		ti = add_term(q, t, (const unsigned char *)stems[i], lens[i]);
		if (q->terms[ti].unit < 0) {
			q->terms[ti].unit = add_unit(q, ti, -1);
			q->units[q->terms[ti].unit].qtf = 0;
		}
		q->units[q->terms[ti].unit].qtf += (1 - orig) * weights[i];
	}
	free(q->cstart);
	free(q->comprefs);
	index_phrases(q);
}
