/*
 * BM25F: per record the term frequencies per field and the field lengths
 * of the few records that contain a query term, scored once the pass has
 * the collection statistics (record count, average field lengths,
 * document frequencies).  The same statistics can come from other shards
 * (--stats, --with-stats), which makes a sharded ranking exactly equal to
 * a single one.
 */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "rank.h"

/* A word of the record matched term ti at position p: count it. */
static void
term_hit(int ti, uint32_t stem, long p, void *arg)
{
	struct score *s = arg;
	struct query *q = s->q;
	struct term *t;
	struct phrase *ph;
	const struct compref *c, *end;
	long want, k;
	int f = s->field;

	(void)stem;
	if (ti < 0)
		return;
	t = &q->terms[ti];
	t->tf[f]++;
	t->seen = 1;
	/* phrase components, last first so one word does not chain itself */
	end = q->comprefs + q->cstart[ti];
	for (c = q->comprefs + q->cstart[ti + 1]; c-- > end;) {
		ph = &q->phrases[c->phrase];
		if (c->comp > 0) {
			want = p - (ph->at[c->comp] - ph->at[c->comp - 1]);
			k = ph->last[c->comp - 1] - want;
			if (k < 0 || k >= 64 || !(ph->hist[c->comp - 1] >> k & 1))
				continue;
		}
		if (c->comp == ph->n - 1) {
			ph->tf[f]++;
			continue;
		}
		k = p - ph->last[c->comp];
		ph->hist[c->comp] = k >= 64 ? 0 : ph->hist[c->comp] << k;
		ph->hist[c->comp] |= 1;
		ph->last[c->comp] = p;
	}
}

void
score_init(struct score *s, struct tok *t, struct query *q)
{
	memset(s, 0, sizeof(*s));
	s->tok = t;
	s->q = q;
	s->k1 = 1.2;
	s->b = 0.75;
	s->newest = NODAY;
}

static double
weight_arg(const char *s)
{
	double v;

	if (pp_num_real("--fields", s, 0, 1e6, &v) == -1)
		exit(PP_ERROR);
	return v;
}

void
score_fields(struct score *s, const char *spec)
{
	char *copy = xstrdup(spec), *item, *next, *caret;
	int i;

	s->nfields = 0;
	for (item = copy; item != NULL; item = next) {
		if ((next = strchr(item, ',')) != NULL)
			*next++ = '\0';
		if (s->nfields == MAXFIELDS)
			pp_fatal("--fields: at most %d fields", MAXFIELDS);
		s->fields[s->nfields].weight = 1;
		if ((caret = strchr(item, '^')) != NULL) {
			*caret++ = '\0';
			s->fields[s->nfields].weight = weight_arg(caret);
		}
		if (*item == '\0')
			pp_fatal("--fields: empty field name in %s", spec);
		for (i = 0; i < s->nfields; i++)
			if (strcmp(s->fields[i].name, item) == 0)
				pp_fatal("--fields: %s given twice", item);
		s->fields[s->nfields++].name = xstrdup(item);
	}
	free(copy);
}

static void
scan_field(struct score *s, const struct pp_member *m, const char *line_end)
{
	struct tok *t = s->tok;
	struct query *q = s->q;
	struct pp_span elem;
	enum pp_jtype type;
	size_t at = 0;
	int i, j;

	for (i = 0; i < q->nphrases; i++)
		for (j = 0; j < q->phrases[i].n; j++) {
			q->phrases[i].last[j] = LONG_MIN / 2;
			q->phrases[i].hist[j] = 0;
		}
	t->pos = 0;
	t->dl = 0;
	if (m->type == PP_JSTRING)
		tok_scan_json(t, m->value.p, m->value.len, line_end,
		    m->plain);
	else if (m->type == PP_JARRAY)
		while (pp_json_array_next(&m->value, &at, &elem, &type))
			if (type == PP_JSTRING) {
				tok_scan_json(t, elem.p, elem.len, line_end, 0);
				t->pos += ELEMENT_GAP;
			}
	s->dl[s->field] = t->dl;
}

int
rank_value(const struct pp_record *rec, const char *key, struct pp_member *m)
{
	const struct pp_member *top;

	/* a member of the record itself, with what its parse found */
	if ((top = pp_record_get(rec, key)) != NULL) {
		*m = *top;
		return 1;
	}
	memset(m, 0, sizeof(*m));
	return pp_record_path(rec, key, strlen(key), &m->value, &m->type);
}

int32_t
score_day(const struct pp_record *rec)
{
	const struct pp_member *m = pp_record_get(rec, "date");
	struct pp_date d;

	/* "2024" and "2024-05" count from their first day */
	if (m == NULL || m->type != PP_JSTRING ||
	    !pp_date_read(m->value.p + 1, m->value.len - 2, &d))
		return NODAY;
	return pp_date_days(&d);
}

/* n as 7 bits a byte, the high bit saying that more follow. */
static void
add_number(struct score *s, uint32_t n)
{
	if (s->postscap - s->nposts < 5) {
		s->postscap = s->postscap ? s->postscap * 2 : 4096;
		s->posts = xrealloc(s->posts, s->postscap);
	}
	while (n >= 0x80) {
		s->posts[s->nposts++] = (unsigned char)(n | 0x80);
		n >>= 7;
	}
	s->posts[s->nposts++] = (unsigned char)n;
}

static inline uint32_t
read_number(const unsigned char **pp)
{
	const unsigned char *p = *pp;
	uint32_t n = 0;
	int shift = 0;

	while (*p & 0x80) {
		n |= (uint32_t)(*p++ & 0x7f) << shift;
		shift += 7;
	}
	n |= (uint32_t)*p++ << shift;
	*pp = p;
	return n;
}

static void
add_posting(struct score *s, unsigned unit, unsigned field, uint32_t tf)
{
	add_number(s, (uint32_t)(unit * (unsigned)s->nfields + field));
	add_number(s, tf);
}

int
score_record(struct score *s, const struct pp_record *rec, uint64_t *post,
    uint16_t *npost)
{
	struct query *q = s->q;
	struct pp_member m;
	struct term *t;
	struct phrase *ph;
	int f, i, any = 0;
	size_t first;
	uint32_t tf;

	s->tok->hit = term_hit;
	s->tok->hit_arg = s;
	for (f = 0; f < s->nfields; f++) {
		s->dl[f] = 0;
		s->field = f;
		if (rank_value(rec, s->fields[f].name, &m)) {
			scan_field(s, &m, rec->line + rec->len);
		}
		s->total[f] += s->dl[f];
	}
	s->n++;
	for (i = 0; i < q->nterms; i++) {
		t = &q->terms[i];
		if (!t->seen)
			continue;
		t->df++;
		if (t->excluded)
			any = -1;
		else if (t->unit >= 0 && any == 0)
			any = 1;
	}
	for (i = 0; i < q->nphrases && any >= 0; i++) {
		ph = &q->phrases[i];
		for (f = 0; f < s->nfields; f++)
			if (ph->tf[f] > 0)
				any = ph->excluded ? -1 : 1;
	}
	*npost = 0;
	first = s->nposts;
	if (any == 1 && post != NULL) {
		for (f = 0; f < s->nfields; f++)
			add_number(s, s->dl[f]);
		for (i = 0; i < q->nunits; i++)
			for (f = 0; f < s->nfields; f++) {
				tf = q->units[i].phrase >= 0 ?
				    q->phrases[q->units[i].phrase].tf[f] :
				    q->terms[q->units[i].term].tf[f];
				if (tf > 0) {
					add_posting(s, (unsigned)i,
					    (unsigned)f, tf);
					(*npost)++;
				}
			}
		*post = first;
	}
	for (i = 0; i < q->nterms; i++)
		if (q->terms[i].seen) {
			memset(q->terms[i].tf, 0, sizeof(q->terms[i].tf));
			q->terms[i].seen = 0;
		}
	for (i = 0; i < q->nphrases; i++)
		memset(q->phrases[i].tf, 0, sizeof(q->phrases[i].tf));
	return any;
}

void
score_clone(struct score *s, const struct score *from, struct tok *t,
    struct query *q)
{
	*s = *from;
	s->tok = t;
	s->q = q;
	s->n = 0;
	memset(s->total, 0, sizeof(s->total));
	s->newest = NODAY;
	s->posts = NULL;
	s->nposts = s->postscap = 0;
	s->decoded = NULL;
}

uint64_t
score_merge(struct score *s, struct score *from)
{
	uint64_t at = s->nposts;
	int i;

	s->n += from->n;
	for (i = 0; i < s->nfields; i++)
		s->total[i] += from->total[i];
	for (i = 0; i < s->q->nterms; i++)
		s->q->terms[i].df += from->q->terms[i].df;
	if (from->newest != NODAY && (s->newest == NODAY ||
	    from->newest > s->newest))
		s->newest = from->newest;
	if (s->nposts + from->nposts > s->postscap) {
		s->postscap = s->nposts + from->nposts;
		s->posts = xrealloc(s->posts, s->postscap + 1);
	}
	if (from->nposts > 0)
		memcpy(s->posts + s->nposts, from->posts, from->nposts);
	s->nposts += from->nposts;
	score_clone_free(from);
	return at;
}

void
score_clone_free(struct score *s)
{
	free(s->posts);
	free(s->decoded);
	s->posts = NULL;
	s->decoded = NULL;
	s->nposts = s->postscap = 0;
}

/* --- statistics shared between shards ------------------------------------- */

/* The civil date of a day since 1970-01-01: pp_date_days's inverse. */
static void
civil_from_days(int32_t days, long *year, long *month, long *day)
{
	long z = (long)days + 719468, era, doe, yoe, doy, mp;

	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*day = doy - (153 * mp + 2) / 5 + 1;
	*month = mp + (mp < 10 ? 3 : -9);
	*year = yoe + era * 400 + (*month <= 2);
}

void
score_stats_line(const struct score *s, struct pp_buf *b)
{
	const struct tok *t = s->tok;
	long y, m, d;
	int i;

	pp_buf_printf(b, "{\"pp_rank_stats\":1,\"records\":%llu",
	    (unsigned long long)s->n);
	pp_buf_adds(b, ",\"fields\":[");
	for (i = 0; i < s->nfields; i++) {
		if (i > 0)
			pp_buf_addc(b, ',');
		pp_json_quote(b, s->fields[i].name, strlen(s->fields[i].name));
	}
	pp_buf_adds(b, "],\"lengths\":[");
	for (i = 0; i < s->nfields; i++)
		pp_buf_printf(b, "%s%llu", i > 0 ? "," : "",
		    (unsigned long long)s->total[i]);
	pp_buf_adds(b, "],\"terms\":[");
	for (i = 0; i < s->q->nterms; i++) {
		if (i > 0)
			pp_buf_addc(b, ',');
		pp_json_quote(b, t->stems[i], t->stemlens[i]);
	}
	pp_buf_adds(b, "],\"df\":[");
	for (i = 0; i < s->q->nterms; i++)
		pp_buf_printf(b, "%s%llu", i > 0 ? "," : "",
		    (unsigned long long)s->q->terms[i].df);
	pp_buf_adds(b, "]");
	if (s->newest != NODAY) {
		civil_from_days(s->newest, &y, &m, &d);
		pp_buf_printf(b, ",\"newest\":\"%04ld-%02ld-%02ld\"", y, m, d);
	}
	pp_buf_adds(b, "}\n");
}

/* Sets *elem to the n-th element of array m; 1 if there is one of type want. */
static int
array_at(const struct pp_member *m, size_t n, struct pp_span *elem,
    enum pp_jtype want)
{
	enum pp_jtype type;
	size_t pos = 0, i = 0;

	if (m == NULL || m->type != PP_JARRAY)
		return 0;
	while (pp_json_array_next(&m->value, &pos, elem, &type))
		if (i++ == n)
			return type == want;
	return 0;
}

static int
array_find(const struct pp_member *m, const char *s, size_t len,
    struct pp_buf *b)
{
	struct pp_span elem;
	enum pp_jtype type;
	size_t pos = 0;
	int i = 0;

	if (m == NULL || m->type != PP_JARRAY)
		return -1;
	while (pp_json_array_next(&m->value, &pos, &elem, &type)) {
		if (type == PP_JSTRING) {
			pp_buf_reset(b);
			pp_json_unquote(b, elem.p, elem.len);
			if (b->len == len && memcmp(b->s, s, len) == 0)
				return i;
		}
		i++;
	}
	return -1;
}

/* A count in a line of statistics: a JSON number that is a whole number. */
int
score_count(const struct pp_span *num, uint64_t *v)
{
	char *end;
	unsigned long long x;

	if (num->p[0] < '0' || num->p[0] > '9')
		return -1;
	errno = 0;
	x = strtoull(num->p, &end, 10);
	if (errno != 0 || end != num->p + num->len)
		return -1;
	*v = x;
	return 0;
}

/*
 * The next line of a statistics file, parsed into rec; 0 at the end.  A
 * line that is no JSON stops the run: the scores would be wrong.
 */
int
score_stats_next(struct pp_input *in, struct pp_record *rec,
    const char *name)
{
	char err[128];

	while (pp_input_next(in) == 1) {
		if (pp_is_blank(in->line, in->len))
			continue;
		if (pp_record_parse(rec, in->line, in->len, err,
		    sizeof(err)) != 0)
			pp_fatal("%s:%lu: invalid JSON: %s", name, in->lineno,
			    err);
		return 1;
	}
	return 0;
}

/*
 * Reads --with-stats FILE: one line of statistics per shard, summed.  The
 * statistics must cover this query's terms and fields.
 */
void
score_read_stats(struct score *s, const char *name)
{
	struct tok *tk = s->tok;
	struct query *q = s->q;
	struct pp_input in;
	struct pp_record rec = { 0 };
	struct pp_span elem;
	struct pp_buf b = { 0 };
	const struct pp_member *m;
	uint64_t v;
	struct pp_date date;
	int32_t day;
	int f, t, i, lines = 0;

	s->n = 0;
	memset(s->total, 0, sizeof(s->total));
	for (t = 0; t < q->nterms; t++)
		q->terms[t].df = 0;
	s->newest = NODAY;
	if (pp_input_open(&in, name) == -1)
		exit(PP_ERROR);
	while (score_stats_next(&in, &rec, name)) {
		m = pp_record_get(&rec, "records");
		if (pp_record_get(&rec, "pp_rank_stats") == NULL || m == NULL ||
		    m->type != PP_JNUMBER || score_count(&m->value, &v) == -1)
			pp_fatal("%s:%lu: not a line of pp-rank --stats", name,
			    in.lineno);
		s->n += v;
		for (f = 0; f < s->nfields; f++) {
			i = array_find(pp_record_get(&rec, "fields"),
			    s->fields[f].name, strlen(s->fields[f].name), &b);
			if (i < 0 || !array_at(pp_record_get(&rec, "lengths"),
			    (size_t)i, &elem, PP_JNUMBER))
				pp_fatal("%s:%lu: no statistics for field %s",
				    name, in.lineno, s->fields[f].name);
			if (score_count(&elem, &v) == -1)
				pp_fatal("%s:%lu: bad length for field %s",
				    name, in.lineno, s->fields[f].name);
			s->total[f] += v;
		}
		for (t = 0; t < q->nterms; t++) {
			i = array_find(pp_record_get(&rec, "terms"),
			    tk->stems[t], tk->stemlens[t], &b);
			if (i < 0 || !array_at(pp_record_get(&rec, "df"),
			    (size_t)i, &elem, PP_JNUMBER))
				pp_fatal("%s:%lu: no statistics for term %s "
				    "(made for another query?)", name,
				    in.lineno, tk->stems[t]);
			if (score_count(&elem, &v) == -1)
				pp_fatal("%s:%lu: bad count for term %s",
				    name, in.lineno, tk->stems[t]);
			q->terms[t].df += v;
		}
		m = pp_record_get(&rec, "newest");
		if (m != NULL && m->type == PP_JSTRING &&
		    pp_date_read(m->value.p + 1, m->value.len - 2, &date) &&
		    date.day != 0) {
			day = pp_date_days(&date);
			if (s->newest == NODAY || day > s->newest)
				s->newest = day;
		}
		lines++;
	}
	pp_input_close(&in);
	pp_record_free(&rec);
	pp_buf_free(&b);
	if (lines == 0)
		pp_fatal("%s: no statistics", name);
}

void
score_save(struct score *s, struct saved *sv)
{
	struct query *q = s->q;
	int t;

	sv->n = s->n;
	memcpy(sv->total, s->total, sizeof(sv->total));
	sv->df = xcalloc((size_t)q->nterms + 1, sizeof(*sv->df));
	for (t = 0; t < q->nterms; t++)
		sv->df[t] = q->terms[t].df;
	sv->newest = s->newest;
	s->n = 0;
	memset(s->total, 0, sizeof(s->total));
	for (t = 0; t < q->nterms; t++)
		q->terms[t].df = 0;
	s->newest = NODAY;
}

void
score_restore(struct score *s, struct saved *sv)
{
	struct query *q = s->q;
	int t;

	s->n = sv->n;
	memcpy(s->total, sv->total, sizeof(s->total));
	for (t = 0; t < q->nterms; t++)
		q->terms[t].df = sv->df[t];
	s->newest = sv->newest;
	free(sv->df);
}

/* --- scoring ---------------------------------------------------------------- */

void
score_all(struct score *s, const struct rec *recs, size_t nrecs,
    double *scores)
{
	struct query *q = s->q;
	struct unit *u;
	const struct rec *r;
	const struct posting *p;
	const unsigned char *bytes;
	uint32_t dl[MAXFIELDS], uf;
	double x, w, sum, n = (double)s->n, *tfs;
	uint64_t df;
	size_t i, j;
	int f, k;

	for (f = 0; f < s->nfields; f++)
		s->fields[f].avgdl = s->n > 0 ? (double)s->total[f] / n : 0;
	for (k = 0; k < q->nunits; k++) {
		u = &q->units[k];
		u->idf = 0;
		if (u->phrase < 0) {
			df = q->terms[u->term].df;
			u->idf = log(1 + (n - (double)df + 0.5) /
			    ((double)df + 0.5));
			continue;
		}
		/* a phrase weighs as its words do together, as in Lucene */
		for (j = 0; j < (size_t)q->phrases[u->phrase].n; j++) {
			df = q->terms[q->phrases[u->phrase].term[j]].df;
			u->idf += log(1 + (n - (double)df + 0.5) /
			    ((double)df + 0.5));
		}
	}
	/* pseudo-frequencies summed over fields, then saturated (BM25F) */
	tfs = xcalloc((size_t)q->nunits + 1, sizeof(double));
	if (s->decoded == NULL)
		s->decoded = xreallocarray(NULL, UINT16_MAX + 1,
		    sizeof(*s->decoded));
	for (i = 0; i < nrecs; i++) {
		r = &recs[i];
		scores[i] = 0;
		if (r->npost == 0)
			continue;
		bytes = s->posts + rec_post(r);
		for (f = 0; f < s->nfields; f++)
			dl[f] = read_number(&bytes);
		for (j = 0; j < r->npost; j++) {
			uf = read_number(&bytes);
			s->decoded[j].unit = (uint16_t)(uf / (uint32_t)s->nfields);
			s->decoded[j].field = (uint16_t)(uf % (uint32_t)s->nfields);
			s->decoded[j].tf = read_number(&bytes);
		}
		p = s->decoded;
		for (j = 0; j < r->npost; j++, p++) {
			f = p->field;
			w = s->fields[f].avgdl > 0 ? (double)dl[f] /
			    s->fields[f].avgdl : 0;
			tfs[p->unit] += s->fields[f].weight * (double)p->tf /
			    (1 - s->b + s->b * w);
		}
		sum = 0;
		p = s->decoded;
		for (j = 0; j < r->npost; j++, p++) {
			if ((x = tfs[p->unit]) == 0)
				continue;
			u = &q->units[p->unit];
			sum += u->qtf * u->idf * x / (s->k1 + x);
			tfs[p->unit] = 0;
		}
		scores[i] = score_round(sum * score_decay(s, r->day));
	}
	free(tfs);
}

double
score_decay(const struct score *s, int32_t day)
{
	if (s->halflife <= 0)
		return 1;
	if (day == NODAY || s->newest == NODAY)
		return 0;
	return exp2(-(double)(s->newest > day ? s->newest - day : 0) /
	    s->halflife);
}

/* What printf's "%.6g" writes, read back by strtod(): the slow way. */
static double
round_printed(double x)
{
	char num[32];

	snprintf(num, sizeof(num), "%.6g", x);
	return strtod(num, NULL);
}

/*
 * Order by the score as written, so that --merge, which only sees what
 * was written, orders exactly as we do: x to six significant digits, the
 * value of "%.6g" read back, without printf and strtod (a tenth of a
 * threaded run's time went there).  With x scaled by an exact power of
 * ten s into [1e5, 1e6), fma() gives the sign of x * s - c exactly, so the
 * digits n are those printf writes (a tie goes to the even n, as glibc
 * rounds), and n / s, both exact, rounds to the double strtod() reads.
 * Scores out of [1e-16, 1e5) take the slow way.
 */
double
score_round(double x)
{
	static const double ten[] = {
		1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
		1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22
	};
	double n, d;
	int k, e2;

	if (!(x >= 1e-16 && x < 1e5))
		return x == 0 ? 0 : round_printed(x);
	/* x < 2^e2: log10(x) < e2 * log10(2), a digit off at most */
	(void)frexp(x, &e2);
	k = 5 - (int)floor(e2 * 0.30102999566398120);
	if (k < 1)
		k = 1;
	if (k > 22)
		k = 22;
	/* x * ten[k] in [1e5, 1e6), exactly */
	while (k < 22 && fma(x, ten[k], -1e5) < 0)
		k++;
	while (k > 0 && fma(x, ten[k], -1e6) >= 0)
		k--;
	if (fma(x, ten[k], -1e5) < 0 || fma(x, ten[k], -1e6) >= 0)
		return round_printed(x);
	n = floor(x * ten[k]);
	if (fma(x, ten[k], -n) < 0)
		n--;			/* the product rounded up to n */
	d = fma(x, ten[k], -(n + 0.5));
	if (d > 0 || (d == 0 && fmod(n, 2) != 0))
		n++;
	return n / ten[k];
}

void
score_free(struct score *s)
{
	int f;

	for (f = 0; f < s->nfields; f++)
		free(s->fields[f].name);
	free(s->posts);
	free(s->decoded);
}
