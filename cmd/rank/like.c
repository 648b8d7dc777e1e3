/*
 * --like FILE: rank records by likeness to papers the user liked.
 *
 * Each paper is a vector of its stems (pp-rank's own words: the same
 * folding, stop words and stemming), weighted by 1 + ln(tf), tf counting
 * a word once per field weight (title^2: twice), and normalised.  The
 * liked papers' vectors are averaged into a centroid, and a record scores
 * the cosine between its vector and the centroid weighted by idf squared
 * (idf as BM25 has it, from the corpus), that is the dot product of the
 * two tf-idf vectors the reference method compares.  FILE is read once,
 * first; the corpus once.  The idf is known only at the end of the pass,
 * so each record keeps its weights on FILE's terms: memory is bounded by
 * FILE's vocabulary, and the weights go to a temporary file beyond a few
 * megabytes.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rank.h"

#ifndef MEMPOSTINGS
#define MEMPOSTINGS	(1 << 20)	/* postings kept in memory (8 MB) */
#endif

/* 1 + ln(tf), continuous below 1 for fractional field weights. */
static double
log_tf(double tf)
{
	/* most are small whole numbers: ln(1) .. ln(16) */
	static const double ln[] = { 0, 0, 0.6931471805599453,
	    1.0986122886681098, 1.3862943611198906, 1.6094379124341003,
	    1.791759469228055, 1.9459101490553132, 2.0794415416798357,
	    2.1972245773362196, 2.302585092994046, 2.3978952727983707,
	    2.4849066497880004, 2.5649493574615367, 2.6390573296152584,
	    2.70805020110221, 2.772588722239781 };
	int i = (int)tf;

	if (i == tf && i >= 1 && i <= 16)
		return 1 + ln[i];
	return tf >= 1 ? 1 + log(tf) : tf;
}

/* --- the record's words -------------------------------------------------- */

static void
slots_reset(struct like *lk)
{
	size_t i;

	for (i = 0; i < lk->nused; i++)
		lk->slots[lk->touched[i]].used = 0;
	lk->nused = 0;
}

static void
slots_grow(struct like *lk)
{
	struct like_slot *old = lk->slots;
	size_t oldn = lk->nslots, i, j;

	lk->nslots = oldn ? oldn * 2 : 1024;
	lk->slots = xcalloc(lk->nslots, sizeof(*lk->slots));
	lk->touched = xreallocarray(lk->touched, lk->nslots,
	    sizeof(*lk->touched));
	lk->nused = 0;
	for (i = 0; i < oldn; i++) {
		if (!old[i].used)
			continue;
		for (j = old[i].stem & (lk->nslots - 1); lk->slots[j].used;)
			j = (j + 1) & (lk->nslots - 1);
		lk->slots[j] = old[i];
		lk->touched[lk->nused++] = (uint32_t)j;
	}
	free(old);
}

/* A stem of the record: counted once more, weighted by its field. */
static void
add_stem(struct like *lk, uint32_t stem, int term)
{
	struct like_slot *s;
	size_t i;

	if (lk->weight <= 0)
		return;		/* a field of weight 0 is not read */
	if (2 * (lk->nused + 1) > lk->nslots)
		slots_grow(lk);
	for (i = stem & (lk->nslots - 1);; i = (i + 1) & (lk->nslots - 1)) {
		s = &lk->slots[i];
		if (!s->used) {
			s->used = 1;
			s->stem = stem;
			s->term = term;
			s->tf = 0;
			lk->touched[lk->nused++] = (uint32_t)i;
			break;
		}
		if (s->stem == stem)
			break;
	}
	s->tf += lk->weight;
}

static void
like_hit(int term, uint32_t stem, long pos, void *arg)
{
	(void)pos;
	add_stem(arg, stem, term);
}

/* The norm of the record's vector, over all its stems. */
static double
slots_norm(const struct like *lk)
{
	double sum = 0, x;
	size_t i;

	for (i = 0; i < lk->nused; i++) {
		x = log_tf(lk->slots[lk->touched[i]].tf);
		sum += x * x;
	}
	return sqrt(sum);
}

/* --- the liked papers ------------------------------------------------------ */

static void
file_word(const unsigned char *w, size_t n, void *arg)
{
	struct like *lk = arg;
	const unsigned char *s;
	size_t sl;
	int t;

	if (tok_is_stop(&lk->tok, w, n))
		return;
	s = tok_stem(&lk->tok, w, n, &sl);
	t = tok_term_add(&lk->tok, s, sl);
	add_stem(lk, tok_hash(s, sl), t);
}

/* The words of a string or an array of strings, through tok_words(). */
static void
file_field(struct like *lk, const struct pp_member *m)
{
	struct pp_span elem;
	enum pp_jtype type;
	size_t at = 0;

	if (m->type == PP_JSTRING) {
		pp_buf_reset(&lk->tmp);
		pp_json_unquote(&lk->tmp, m->value.p, m->value.len);
		tok_words(&lk->tok, lk->tmp.s, lk->tmp.len, file_word, lk);
	} else if (m->type == PP_JARRAY)
		while (pp_json_array_next(&m->value, &at, &elem, &type))
			if (type == PP_JSTRING) {
				pp_buf_reset(&lk->tmp);
				pp_json_unquote(&lk->tmp, elem.p, elem.len);
				tok_words(&lk->tok, lk->tmp.s, lk->tmp.len,
				    file_word, lk);
			}
}

/* The title, case folded and its white space collapsed, into lk->fold. */
static int
folded_title(struct like *lk, const struct pp_record *rec)
{
	const struct pp_member *m = pp_record_get(rec, "title");
	size_t i, j;
	int space = 1;

	if (m == NULL || m->type != PP_JSTRING)
		return 0;
	pp_buf_reset(&lk->tmp);
	pp_json_unquote(&lk->tmp, m->value.p, m->value.len);
	pp_buf_reset(&lk->fold);
	pp_text_fold(&lk->fold, lk->tmp.s, lk->tmp.len, PP_FOLD_CASE |
	    PP_FOLD_MARKS | PP_FOLD_COMPAT);
	for (i = j = 0; i < lk->fold.len; i++) {
		if (lk->fold.s[i] == ' ' || lk->fold.s[i] == '\t' ||
		    lk->fold.s[i] == '\n') {
			if (!space)
				lk->fold.s[j++] = ' ';
			space = 1;
			continue;
		}
		lk->fold.s[j++] = lk->fold.s[i];
		space = 0;
	}
	if (j > 0 && lk->fold.s[j - 1] == ' ')
		j--;
	lk->fold.len = j;
	return j > 0;
}

/* The unquoted string value of key, into lk->tmp. */
static int
string_of(struct like *lk, const struct pp_record *rec, const char *key)
{
	const struct pp_member *m = pp_record_get(rec, key);

	if (m == NULL || m->type != PP_JSTRING)
		return 0;
	pp_buf_reset(&lk->tmp);
	pp_json_unquote(&lk->tmp, m->value.p, m->value.len);
	return lk->tmp.len > 0;
}

void
like_load(struct like *lk, const char *file, const struct score *sc,
    const char *lang, int stem)
{
	struct pp_input in;
	struct pp_record rec = { 0 };
	struct pp_member fm;
	struct like_slot *s;
	enum pp_next next;
	double norm;
	size_t i, have = 0;
	int f, hasid;

	memset(lk, 0, sizeof(*lk));
	lk->sc = sc;
	if (tok_init(&lk->tok, lang, stem) == -1)
		pp_fatal("--lang: unknown language %s", lang);
	tok_look_at_all(&lk->tok);
	lk->tok.every_word = 1;
	if (pp_input_open(&in, file) == -1)
		exit(PP_ERROR);
	while ((next = pp_record_next(&in, &rec)) != PP_NEXT_END) {
		if (next != PP_NEXT_RECORD)
			continue;	/* reported */
		hasid = string_of(lk, &rec, "id");
		if (hasid)
			pp_set_add(&lk->ids, lk->tmp.s, lk->tmp.len);
		if (folded_title(lk, &rec)) {
			pp_set_add(&lk->titles, lk->fold.s, lk->fold.len);
			if (!hasid)
				pp_set_add(&lk->idless, lk->fold.s,
				    lk->fold.len);
		}
		slots_reset(lk);
		for (f = 0; f < sc->nfields; f++) {
			lk->weight = sc->fields[f].weight;
			if (rank_value(&rec, sc->fields[f].name, &fm))
				file_field(lk, &fm);
		}
		if ((norm = slots_norm(lk)) == 0)
			continue;	/* no word: nothing to be like */
		lk->centroid = xreallocarray(lk->centroid,
		    (size_t)lk->tok.nterms + 1, sizeof(*lk->centroid));
		for (; have < (size_t)lk->tok.nterms; have++)
			lk->centroid[have] = 0;
		/* the sum now, the mean below */
		for (i = 0; i < lk->nused; i++) {
			s = &lk->slots[lk->touched[i]];
			lk->centroid[s->term] += log_tf(s->tf) / norm;
		}
		lk->nliked++;
	}
	pp_input_close(&in);
	pp_record_free(&rec);
	slots_reset(lk);
	if (lk->nliked == 0)
		pp_fatal("%s: no liked paper with words to be like", file);
	for (i = 0; i < (size_t)lk->tok.nterms; i++)
		lk->centroid[i] /= lk->nliked;
	lk->df = xcalloc((size_t)lk->tok.nterms + 1, sizeof(*lk->df));
	lk->buf = xreallocarray(NULL, MEMPOSTINGS, sizeof(*lk->buf));
}

/* --- the corpus ------------------------------------------------------------ */

static void
keep_posting(struct like *lk, uint32_t term, float w)
{
	if (lk->nbuf == MEMPOSTINGS) {
		/* spill: the postings are read back in the same order */
		if (lk->spill == NULL)
			lk->spill = store_tmpfile();
		if (fwrite(lk->buf, sizeof(*lk->buf), lk->nbuf, lk->spill) !=
		    lk->nbuf)
			pp_fatal("temporary file: %s", strerror(errno));
		lk->spilled += lk->nbuf;
		lk->nbuf = 0;
	}
	lk->buf[lk->nbuf].term = term;
	lk->buf[lk->nbuf].w = w;
	lk->nbuf++;
}

/* Whether the record is one of the liked papers: same id, else title. */
static int
is_liked(struct like *lk, const struct pp_record *rec)
{
	int hasid = string_of(lk, rec, "id");

	if (hasid && pp_set_find(&lk->ids, lk->tmp.s, lk->tmp.len) >= 0)
		return 1;
	if (hasid && lk->idless.n == 0)
		return 0;	/* no title to compare: fold none */
	if (!folded_title(lk, rec))
		return 0;
	if (pp_set_find(&lk->idless, lk->fold.s, lk->fold.len) >= 0)
		return 1;
	return !hasid && pp_set_find(&lk->titles, lk->fold.s,
	    lk->fold.len) >= 0;
}

int
like_record(struct like *lk, const struct pp_record *rec)
{
	const struct score *sc = lk->sc;
	const struct pp_member *m, *e;
	struct pp_member fm;
	struct like_slot *s;
	struct pp_span elem;
	enum pp_jtype type;
	size_t i, at;
	int f;

	lk->tok.hit = like_hit;
	lk->tok.hit_arg = lk;
	slots_reset(lk);
	for (f = 0; f < sc->nfields; f++) {
		if (!rank_value(rec, sc->fields[f].name, &fm))
			continue;
		m = &fm;
		lk->weight = sc->fields[f].weight;
		lk->tok.pos = 0;
		lk->tok.dl = 0;
		e = m;
		if (m->type == PP_JSTRING)
			tok_scan_json(&lk->tok, m->value.p, m->value.len,
			    rec->line + rec->len, m->plain);
		else if (m->type == PP_JARRAY)
			for (at = 0; pp_json_array_next(&e->value, &at, &elem,
			    &type);)
				if (type == PP_JSTRING)
					tok_scan_json(&lk->tok, elem.p,
					    elem.len, rec->line + rec->len, 0);
		lk->total[f] += lk->tok.dl;
	}
	lk->n++;
	for (i = 0; i < lk->nused; i++) {
		s = &lk->slots[lk->touched[i]];
		if (s->term >= 0)
			lk->df[s->term]++;
	}
	if (is_liked(lk, rec))
		return -1;
	for (i = 0; i < lk->nused; i++)
		if (lk->slots[lk->touched[i]].term >= 0)
			return 1;
	return 0;
}

uint32_t
like_keep(struct like *lk)
{
	struct like_slot *s;
	double norm = slots_norm(lk);
	uint32_t npost = 0;
	size_t i;

	for (i = 0; i < lk->nused; i++) {
		s = &lk->slots[lk->touched[i]];
		if (s->term < 0)
			continue;
		keep_posting(lk, (uint32_t)s->term,
		    (float)(log_tf(s->tf) / norm));
		npost++;
	}
	return npost;
}

void
like_scores(struct like *lk, const struct rec *recs, size_t n,
    double *scores)
{
	struct like_posting *chunk = NULL, *p = lk->buf;
	double *w, N, df, idf, sum;
	size_t i, j, left = lk->spilled, have, from = 0;
	int t;

	N = (double)(lk->given ? lk->given_n : lk->n);
	w = xcalloc((size_t)lk->tok.nterms + 1, sizeof(*w));
	for (t = 0; t < lk->tok.nterms; t++) {
		df = (double)(lk->given ? lk->given_df[t] : lk->df[t]);
		idf = log(1 + (N - df + 0.5) / (df + 0.5));
		w[t] = lk->centroid[t] * idf * idf;
	}
	/* the spilled postings first, a buffer at a time, then the rest */
	have = left > 0 ? 0 : lk->nbuf;
	if (left > 0) {
		if (fflush(lk->spill) == EOF || fseeko(lk->spill, 0,
		    SEEK_SET) == -1)
			pp_fatal("temporary file: %s", strerror(errno));
		p = chunk = xreallocarray(NULL, MEMPOSTINGS, sizeof(*chunk));
	}
	for (i = 0; i < n; i++) {
		sum = 0;
		for (j = 0; j < recs[i].nlike; j++, from++) {
			if (from == have) {
				from = 0;
				if (left == 0) {
					p = lk->buf;
					have = lk->nbuf;
				} else {
					have = left < MEMPOSTINGS ? left :
					    MEMPOSTINGS;
					if (fread(chunk, sizeof(*chunk), have,
					    lk->spill) != have)
						pp_fatal("temporary file: %s",
						    ferror(lk->spill) ?
						    strerror(errno) : "short");
					left -= have;
				}
			}
			sum += (double)p[from].w * w[p[from].term];
		}
		scores[i] = sum;
	}
	free(chunk);
	free(w);
}

/* --- threads --------------------------------------------------------------- */

void
like_clone(struct like *lk, const struct like *from, const char *lang)
{
	*lk = *from;
	tok_clone(&lk->tok, &from->tok, lang);
	lk->df = xcalloc((size_t)lk->tok.nterms + 1, sizeof(*lk->df));
	lk->n = 0;
	memset(lk->total, 0, sizeof(lk->total));
	lk->slots = NULL;
	lk->touched = NULL;
	lk->nslots = lk->nused = 0;
	lk->buf = xreallocarray(NULL, MEMPOSTINGS, sizeof(*lk->buf));
	lk->nbuf = lk->spilled = 0;
	lk->spill = NULL;
	memset(&lk->tmp, 0, sizeof(lk->tmp));
	memset(&lk->fold, 0, sizeof(lk->fold));
}

/* from's postings go after lk's, in their order; from is freed. */
void
like_merge(struct like *lk, struct like *from)
{
	struct like_posting *p;
	size_t i, left = from->spilled, have;
	int f, t;

	lk->n += from->n;
	for (f = 0; f < MAXFIELDS; f++)
		lk->total[f] += from->total[f];
	for (t = 0; t < lk->tok.nterms; t++)
		lk->df[t] += from->df[t];
	if (left > 0 && (fflush(from->spill) == EOF ||
	    fseeko(from->spill, 0, SEEK_SET) == -1))
		pp_fatal("temporary file: %s", strerror(errno));
	p = left > 0 ? xreallocarray(NULL, MEMPOSTINGS, sizeof(*p)) : NULL;
	while (left > 0) {
		have = left < MEMPOSTINGS ? left : MEMPOSTINGS;
		if (fread(p, sizeof(*p), have, from->spill) != have)
			pp_fatal("temporary file: %s", ferror(from->spill) ?
			    strerror(errno) : "short");
		for (i = 0; i < have; i++)
			keep_posting(lk, p[i].term, p[i].w);
		left -= have;
	}
	free(p);
	for (i = 0; i < from->nbuf; i++)
		keep_posting(lk, from->buf[i].term, from->buf[i].w);
	like_clone_free(from);
}

void
like_clone_free(struct like *lk)
{
	tok_free(&lk->tok);
	free(lk->df);
	free(lk->slots);
	free(lk->touched);
	free(lk->buf);
	if (lk->spill != NULL)
		fclose(lk->spill);
	pp_buf_free(&lk->tmp);
	pp_buf_free(&lk->fold);
	memset(lk, 0, sizeof(*lk));
}

/* --- statistics shared between shards ------------------------------------- */

void
like_stats_line(const struct like *lk, struct pp_buf *b)
{
	const struct tok *t = &lk->tok;
	int i;

	pp_buf_adds(b, ",\"like_terms\":[");
	for (i = 0; i < t->nterms; i++) {
		if (i > 0)
			pp_buf_addc(b, ',');
		pp_json_quote(b, t->stems[i], t->stemlens[i]);
	}
	pp_buf_adds(b, "],\"like_df\":[");
	for (i = 0; i < t->nterms; i++)
		pp_buf_printf(b, "%s%llu", i > 0 ? "," : "",
		    (unsigned long long)lk->df[i]);
	pp_buf_adds(b, "]");
}

/*
 * Sums the document frequencies of FILE's terms over the lines of
 * --with-stats FILE, which must cover them all.
 */
void
like_read_stats(struct like *lk, const char *name)
{
	struct pp_input in;
	struct pp_record rec = { 0 };
	const struct pp_member *terms, *dfs, *m;
	struct pp_span te, de;
	enum pp_jtype tt, dt;
	size_t tpos, dpos, covered;
	unsigned char *seen;
	uint64_t v;
	long t;

	lk->given = 1;
	lk->given_n = 0;
	lk->given_df = xcalloc((size_t)lk->tok.nterms + 1,
	    sizeof(*lk->given_df));
	seen = xcalloc((size_t)lk->tok.nterms + 1, 1);
	if (pp_input_open(&in, name) == -1)
		exit(PP_ERROR);
	while (score_stats_next(&in, &rec, name)) {
		m = pp_record_get(&rec, "records");
		terms = pp_record_get(&rec, "like_terms");
		dfs = pp_record_get(&rec, "like_df");
		if (m == NULL || m->type != PP_JNUMBER || terms == NULL ||
		    terms->type != PP_JARRAY || dfs == NULL ||
		    dfs->type != PP_JARRAY)
			pp_fatal("%s:%lu: no statistics for --like (made "
			    "without it?)", name, in.lineno);
		if (score_count(&m->value, &v) == -1)
			pp_fatal("%s:%lu: bad count of records", name,
			    in.lineno);
		lk->given_n += v;
		memset(seen, 0, (size_t)lk->tok.nterms);
		covered = 0;
		tpos = dpos = 0;
		while (pp_json_array_next(&terms->value, &tpos, &te, &tt)) {
			if (!pp_json_array_next(&dfs->value, &dpos, &de, &dt) ||
			    tt != PP_JSTRING || dt != PP_JNUMBER)
				pp_fatal("%s:%lu: bad --like statistics", name,
				    in.lineno);
			pp_buf_reset(&lk->tmp);
			pp_json_unquote(&lk->tmp, te.p, te.len);
			t = tok_term_find(&lk->tok, (const unsigned char *)
			    lk->tmp.s, lk->tmp.len);
			if (t < 0 || seen[t])
				continue;
			if (score_count(&de, &v) == -1)
				pp_fatal("%s:%lu: bad count for term %s", name,
				    in.lineno, lk->tok.stems[t]);
			lk->given_df[t] += v;
			seen[t] = 1;
			covered++;
		}
		if (covered != (size_t)lk->tok.nterms)
			pp_fatal("%s:%lu: no statistics for some terms of the "
			    "liked papers (made for another --like file?)",
			    name, in.lineno);
	}
	pp_input_close(&in);
	pp_record_free(&rec);
	free(seen);
}

void
like_free(struct like *lk)
{
	/* what a clone shares, then what each has of its own */
	free(lk->centroid);
	free(lk->given_df);
	pp_set_free(&lk->ids);
	pp_set_free(&lk->titles);
	pp_set_free(&lk->idless);
	like_clone_free(lk);
}
