/*
 * JSON records as round 1 read them: NDJSON (one object a line) or a
 * top-level array of objects (over any number of lines), with the keys of
 * the arXiv metadata snapshot and of the Hugging Face API mapped onto the
 * record and every other key passed through as it came.
 */
#include <string.h>

#include "text.h"

struct js {
	struct split	*sp;
	int		 mode;		/* 0 unknown, 1 NDJSON, 2 array */
	int		 depth, instr, esc, in_elem;
	struct pp_buf	 elem;
	unsigned long	 elem_line;
	struct pp_record rec, sub, ver;
	int		 paper;		/* sub holds the "paper" object */
	struct pp_buf	 tmp, tmp2;
	struct pp_buf	 fix;		/* a record with its UTF-8 repaired */
	struct text	 t;
};

/*
 * A string member's text, white space squeezed, escaped for JSON again
 * (no quotes).  Without escapes the raw text is the text: no decoding.
 */
static const struct text *
js_text(struct js *j, const struct pp_member *m)
{
	const char *s = m->value.p + 1;
	size_t len = m->value.len - 2;

	text_reset(&j->t, 0);
	if (memchr(s, '\\', len) == NULL) {
		text_add(&j->t, s, len, NULL);
		return &j->t;
	}
	pp_buf_reset(&j->tmp);
	pp_json_unquote(&j->tmp, m->value.p, m->value.len);
	text_add(&j->t, j->tmp.s != NULL ? j->tmp.s : "", j->tmp.len, NULL);
	return &j->t;
}

/* A key from a member: its string value squeezed, else its raw value. */
static void
put_squeezed(struct js *j, enum pp_key k, const struct pp_member *m)
{
	const struct text *t;

	if (m->type != PP_JSTRING) {
		pp_paper_set_json(&j->sp->paper, k, m->value.p, m->value.len);
		return;
	}
	t = js_text(j, m);
	text_put(&j->sp->paper, k, t->q.s, t->q.len);
}

static int
key_is(const struct pp_member *m, const char *key)
{
	size_t n = strlen(key);

	return !m->key_escaped && m->key.len == n && memcmp(m->key.p, key, n) == 0;
}

/* Keys the mapping reads; any other key passes through. */
static const char *const mapped[] = {
	"title", "abstract", "summary", "authors", "authors_parsed",
	"n_authors", "date", "publishedAt", "published", "versions", "upvotes",
	"id", "categories", "comments", "journal-ref", "journal_ref", "doi",
	"report-no", "report_no", "msc-class", "msc_class", "acm-class",
	"acm_class", "url", "source", "paper", NULL
};
/* Keys of the arXiv snapshot that DESIGN does not name, as they become. */
static const char *const extras[][2] = {
	{ "report-no", "report_no" }, { "report_no", "report_no" },
	{ "msc-class", "msc_class" }, { "msc_class", "msc_class" },
	{ "acm-class", "acm_class" }, { "acm_class", "acm_class" },
	{ NULL, NULL }
};

static int
is_mapped(const struct pp_member *m)
{
	int i;

	for (i = 0; mapped[i] != NULL; i++)
		if (key_is(m, mapped[i]))
			return 1;
	return 0;
}

/* The member key of the paper object, else of the record; not null. */
static const struct pp_member *
js_get(struct js *j, const char *key)
{
	const struct pp_member *m = NULL;

	if (j->paper)
		m = pp_record_get(&j->sub, key);
	if (m == NULL)
		m = pp_record_get(&j->rec, key);
	return m != NULL && m->type != PP_JNULL ? m : NULL;
}

/* "2024-09-17..." (ISO 8601) to a date, else 0. */
static int
iso_date(struct js *j, const struct pp_member *m, struct date *d)
{
	struct pp_date date;

	if (m == NULL || m->type != PP_JSTRING)
		return 0;
	pp_buf_reset(&j->tmp);
	pp_json_unquote(&j->tmp, m->value.p, m->value.len);
	if (pp_date_parse(j->tmp.s, j->tmp.len, &date) != 10 || date.year < 1000)
		return 0;
	d->y = date.year;
	d->m = date.month;
	d->d = date.day;
	return 1;
}

/* One more element, raw JSON, of a list key. */
static void
json_push(struct pp_paper *p, enum pp_key k, const char *json, size_t len)
{
	if (p->json[k].len > 0)
		pp_buf_addc(&p->json[k], ',');
	pp_buf_add(&p->json[k], json, len);
	p->count[k]++;
}

/* The authors: authors_parsed, or an array of names or {name}, or a line. */
static int
js_authors(struct js *j)
{
	struct pp_paper *p = &j->sp->paper;
	static const int order[] = { 1, 0, 2 };	/* First Last Suffix */
	const struct pp_member *m, *name;
	struct pp_span e, f, parts[3];
	size_t pos = 0, fpos;
	enum pp_jtype t, ft;
	char err[64];
	int n = 0, np, i, k;

	if ((m = js_get(j, "authors_parsed")) != NULL &&
	    m->type == PP_JARRAY) {
		/* [["Last", "First", "Suffix"], ...] as "First Last Suffix" */
		while (pp_json_array_next(&m->value, &pos, &e, &t)) {
			if (t != PP_JARRAY)
				continue;
			fpos = 0;
			np = 0;
			while (np < 3 && pp_json_array_next(&e, &fpos, &f, &ft))
				if (ft == PP_JSTRING)
					parts[np++] = f;
			pp_buf_reset(&j->tmp);
			for (k = 0; k < 3; k++) {
				if ((i = order[k]) >= np)
					continue;
				pp_buf_reset(&j->tmp2);
				pp_json_unquote(&j->tmp2, parts[i].p, parts[i].len);
				if (j->tmp2.len == 0)
					continue;
				if (j->tmp.len > 0)
					pp_buf_addc(&j->tmp, ' ');
				pp_buf_add(&j->tmp, j->tmp2.s, j->tmp2.len);
			}
			if (j->tmp.len == 0)
				continue;
			i = p->count[PP_AUTHORS];
			pp_paper_add(p, PP_AUTHORS, j->tmp.s, j->tmp.len);
			n += p->count[PP_AUTHORS] > i;
		}
		if (n > 0 || js_get(j, "authors") == NULL)
			return n;
		/* no name parsed: the authors line may still have them */
	}
	if ((m = js_get(j, "authors")) == NULL)
		return -1;
	if (m->type == PP_JSTRING) {
		/* split the escaped text: ", " and " and " need no escapes */
		const struct text *a = js_text(j, m);

		return authors_put(p, a->q.s, a->q.len);
	}
	if (m->type != PP_JARRAY) {
		json_push(p, PP_AUTHORS, m->value.p, m->value.len);
		return -1;
	}
	pos = 0;
	while (pp_json_array_next(&m->value, &pos, &e, &t)) {
		if (t == PP_JOBJECT) {
			/* {"name": ...}, as the Hugging Face API has them */
			if (pp_record_parse(&j->ver, e.p, e.len, err,
			    sizeof(err)) != 0)
				continue;
			name = pp_record_get(&j->ver, "name");
			if (name == NULL || name->type != PP_JSTRING)
				continue;
			e = name->value;
		}
		json_push(p, PP_AUTHORS, e.p, e.len);
		n++;
	}
	return n;
}

/* A member passed through: a key DESIGN names in its place, else extra. */
static void
pass_through(struct js *j, const struct pp_member *m)
{
	struct pp_paper *p = &j->sp->paper;
	const char *key = m->key.p;
	size_t klen = m->key.len;
	int k;

	if (m->key_escaped) {
		pp_buf_reset(&j->tmp2);
		pp_buf_addc(&j->tmp2, '"');
		pp_buf_add(&j->tmp2, m->key.p, m->key.len);
		pp_buf_addc(&j->tmp2, '"');
		pp_buf_reset(&j->tmp);
		pp_json_unquote(&j->tmp, j->tmp2.s, j->tmp2.len);
		key = j->tmp.s != NULL ? j->tmp.s : "";
		klen = j->tmp.len;
	}
	if ((k = pp_key_lookup(key, klen)) >= 0 && k != PP_SOURCE) {
		if (!pp_paper_has(p, k))
			pp_paper_set_json(p, k, m->value.p, m->value.len);
		return;
	}
	pp_paper_extra(p, key, klen, m->value.p, m->value.len);
}

static int
same_key(const struct pp_member *a, const struct pp_member *b)
{
	return a->key.len == b->key.len &&
	    memcmp(a->key.p, b->key.p, a->key.len) == 0;
}

/* Maps one JSON object onto the record and writes it. */
static void
js_record(struct js *j, const char *text, size_t len, unsigned long lineno)
{
	struct pp_paper *p = &j->sp->paper;
	const struct pp_member *m, *paperm;
	struct pp_input at = { .name = j->sp->in->name, .lineno = lineno };
	const struct text *tx;
	char err[128];
	struct date d;
	int count, arxiv, i, r;
	size_t k, l, pos;
	struct pp_span e;
	enum pp_jtype t;

	if ((r = pp_record_parse(&j->rec, text, len, err, sizeof(err))) != 0) {
		if (!pp_utf8_valid(text, len)) {
			/*
			 * Repaired, it may parse: say so and go on.  Not in
			 * j->elem: text may be an array element kept there.
			 */
			pp_buf_reset(&j->fix);
			pp_utf8_repair(&j->fix, text, len);
			if (pp_record_parse(&j->rec, j->fix.s, j->fix.len, err,
			    sizeof(err)) == 0) {
				pp_warn_at(&at, "invalid UTF-8 replaced with U+FFFD");
				goto parsed;
			}
		}
		if (r == PP_JSON_NOT_OBJECT)
			pp_error_at(&at, "%s", err);
		else
			pp_error_at(&at, "invalid JSON: %s", err);
		return;
	}
parsed:
	pp_paper_clear(p);
	paperm = pp_record_get(&j->rec, "paper");
	j->paper = paperm != NULL && paperm->type == PP_JOBJECT &&
	    pp_record_parse(&j->sub, paperm->value.p, paperm->value.len, err,
	    sizeof(err)) == 0;
	arxiv = pp_record_get(&j->rec, "versions") != NULL ||
	    pp_record_get(&j->rec, "authors_parsed") != NULL;

	if ((m = js_get(j, "title")) != NULL)
		put_squeezed(j, PP_TITLE, m);
	if ((m = js_get(j, "abstract")) != NULL ||
	    (m = js_get(j, "summary")) != NULL)
		put_squeezed(j, PP_ABSTRACT, m);
	count = js_authors(j);
	if ((m = js_get(j, "n_authors")) != NULL)
		pp_paper_set_json(p, PP_N_AUTHORS, m->value.p, m->value.len);
	else if (count >= 0)
		pp_paper_set_int(p, PP_N_AUTHORS, count);
	d.y = 0;
	if (!iso_date(j, js_get(j, "date"), &d) &&
	    !iso_date(j, js_get(j, "publishedAt"), &d) &&
	    !iso_date(j, js_get(j, "published"), &d)) {
		d.y = 0;
		/* the arXiv snapshot: the date of the first version */
		m = js_get(j, "versions");
		pos = 0;
		if (m != NULL && m->type == PP_JARRAY &&
		    pp_json_array_next(&m->value, &pos, &e, &t) &&
		    t == PP_JOBJECT &&
		    pp_record_parse(&j->ver, e.p, e.len, err, sizeof(err)) == 0 &&
		    (m = pp_record_get(&j->ver, "created")) != NULL &&
		    m->type == PP_JSTRING) {
			pp_buf_reset(&j->tmp);
			pp_json_unquote(&j->tmp, m->value.p, m->value.len);
			if (!parse_rfc_date(j->tmp.s, j->tmp.len, &d))
				d.y = 0;
		}
	}
	if (d.y != 0)
		date_put(p, &d);
	else if ((m = js_get(j, "date")) != NULL)
		/* "2024", "2024-05", "May 2024": not ours to drop */
		pp_paper_set_json(p, PP_DATE, m->value.p, m->value.len);
	if ((m = js_get(j, "upvotes")) != NULL)
		pp_paper_set_json(p, PP_UPVOTES, m->value.p, m->value.len);
	if ((m = js_get(j, "id")) != NULL)
		pp_paper_set_json(p, PP_ID, m->value.p, m->value.len);
	if ((m = js_get(j, "categories")) != NULL) {
		if (m->type == PP_JSTRING) {
			tx = js_text(j, m);
			words_put(p, PP_CATEGORIES, tx->q.s, tx->q.len);
		} else if (m->type == PP_JARRAY)
			pp_paper_set_json(p, PP_CATEGORIES, m->value.p,
			    m->value.len);
		else
			json_push(p, PP_CATEGORIES, m->value.p, m->value.len);
	}
	if ((m = js_get(j, "comments")) != NULL)
		put_squeezed(j, PP_COMMENTS, m);
	if ((m = js_get(j, "doi")) != NULL)
		put_squeezed(j, PP_DOI, m);
	if ((m = js_get(j, "journal-ref")) != NULL ||
	    (m = js_get(j, "journal_ref")) != NULL)
		put_squeezed(j, PP_VENUE, m);
	for (i = 0; extras[i][0] != NULL; i++)
		if ((m = js_get(j, extras[i][0])) != NULL &&
		    (i == 0 || strcmp(extras[i][1], extras[i - 1][1]) != 0 ||
		    js_get(j, extras[i - 1][0]) == NULL)) {
			if (m->type == PP_JSTRING) {
				tx = js_text(j, m);
				pp_buf_reset(&j->tmp2);
				pp_buf_addc(&j->tmp2, '"');
				pp_buf_add(&j->tmp2, tx->q.s, tx->q.len);
				pp_buf_addc(&j->tmp2, '"');
				pp_paper_extra(p, extras[i][1],
				    strlen(extras[i][1]), j->tmp2.s,
				    j->tmp2.len);
			} else
				pp_paper_extra(p, extras[i][1],
				    strlen(extras[i][1]), m->value.p,
				    m->value.len);
		}
	/* what the mapping does not read passes through as it came */
	for (k = 0; k < j->rec.nmembers; k++) {
		m = &j->rec.members[k];
		if (is_mapped(m) && (j->paper || !key_is(m, "paper")))
			continue;	/* a "paper" that is no object is data */
		for (l = k + 1; l < j->rec.nmembers; l++)
			if (same_key(&j->rec.members[l], m))
				break;
		if (l < j->rec.nmembers)
			continue;	/* a duplicate key: jq keeps the last */
		pass_through(j, m);
	}
	for (k = 0; j->paper && k < j->sub.nmembers; k++) {
		m = &j->sub.members[k];
		if (is_mapped(m) || key_is(m, "_id"))
			continue;
		for (l = 0; l < j->rec.nmembers; l++)
			if (same_key(&j->rec.members[l], m))
				break;
		if (l < j->rec.nmembers)
			continue;	/* the record's own key wins */
		pass_through(j, m);
	}
	if ((m = js_get(j, "url")) != NULL)
		pp_paper_set_json(p, PP_URL, m->value.p, m->value.len);
	else if ((m = js_get(j, "id")) != NULL &&
	    m->type == PP_JSTRING && (j->paper || arxiv)) {
		pp_buf_reset(&j->tmp);
		pp_json_unquote(&j->tmp, m->value.p, m->value.len);
		pp_buf_reset(&j->tmp2);
		pp_buf_adds(&j->tmp2, j->paper ?
		    "https://huggingface.co/papers/" : "https://arxiv.org/abs/");
		pp_buf_add(&j->tmp2, j->tmp.s, j->tmp.len);
		pp_paper_set(p, PP_URL, j->tmp2.s, j->tmp2.len);
	}
	split_emit(j->sp, p, lineno);
}

/*
 * Takes the white space outside strings out of b: an element of an array
 * over many lines must come out as one line, its raw values too.
 */
static void
compact(struct pp_buf *b)
{
	size_t i, n = 0;
	int instr = 0, esc = 0;
	char c;

	for (i = 0; i < b->len; i++) {
		c = b->s[i];
		if (instr) {
			if (esc)
				esc = 0;
			else if (c == '\\')
				esc = 1;
			else if (c == '"')
				instr = 0;
		} else if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
			continue;
		else if (c == '"')
			instr = 1;
		b->s[n++] = c;
	}
	b->len = n;
	if (b->s != NULL)
		b->s[n] = '\0';
}

/* Finds the elements of top-level arrays, across lines. */
static void
js_scan(struct js *j, struct pp_input *in)
{
	const char *s = in->line;
	size_t len = in->len, i, seg = 0;
	unsigned char c;

	for (i = 0; i < len; i++) {
		c = (unsigned char)s[i];
		if (j->instr) {
			if (j->esc)
				j->esc = 0;
			else if (c == '\\')
				j->esc = 1;
			else if (c == '"')
				j->instr = 0;
			continue;
		}
		if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
			continue;
		if (j->depth == 0) {
			if (c == '[') {
				j->depth = 1;
				continue;
			}
			pp_error_at(in, "invalid JSON: text outside the array "
			    "at column %zu", i + 1);
			return;
		}
		if (j->depth == 1 && (c == ',' || c == ']')) {
			if (j->in_elem) {
				/* a scalar element ends here */
				pp_buf_add(&j->elem, s + seg, i - seg);
				j->in_elem = 0;
				compact(&j->elem);
				js_record(j, j->elem.s, j->elem.len, j->elem_line);
			}
			if (c == ']')
				j->depth = 0;
			continue;
		}
		if (j->depth == 1 && !j->in_elem) {
			j->in_elem = 1;
			j->elem_line = in->lineno;
			pp_buf_reset(&j->elem);
			seg = i;
		}
		if (c == '"')
			j->instr = 1;
		else if (c == '{' || c == '[')
			j->depth++;
		else if (c == '}' || c == ']') {
			if (--j->depth == 1 && j->in_elem) {
				pp_buf_add(&j->elem, s + seg, i + 1 - seg);
				j->in_elem = 0;
				compact(&j->elem);
				js_record(j, j->elem.s, j->elem.len, j->elem_line);
			}
		}
	}
	if (j->in_elem) {
		pp_buf_add(&j->elem, s + seg, len - seg);
		pp_buf_addc(&j->elem, '\n');
	}
}

static void
js_line(struct js *j, struct pp_input *in)
{
	const char *s = in->line;
	size_t len = in->len;

	if (j->mode == 0) {
		trim(&s, &len);
		if (len == 0)
			return;
		j->mode = *s == '[' ? 2 : 1;
	}
	if (j->mode == 2) {
		js_scan(j, in);
		return;
	}
	trim(&s, &len);
	if (len > 0)
		js_record(j, in->line, in->len, in->lineno);
}

static void
js_read(struct split *sp, struct pp_input *in)
{
	struct js j = { 0 };

	j.sp = sp;
	while (pp_input_next(in) == 1)
		js_line(&j, in);
	if (j.mode == 2 && (j.depth > 0 || j.instr))
		pp_error_at(in, "invalid JSON: the array is not closed");
	pp_record_free(&j.rec);
	pp_record_free(&j.sub);
	pp_record_free(&j.ver);
	pp_buf_free(&j.elem);
	pp_buf_free(&j.tmp);
	pp_buf_free(&j.tmp2);
	pp_buf_free(&j.fix);
	text_free(&j.t);
}

/* A first character of '{', or '[' before an object, array or string. */
static int
js_detect(const char *s, size_t len)
{
	size_t i = 0, k;

	if (len >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	while (i < len && strchr(" \t\r\n\f\v", s[i]) != NULL && s[i] != '\0')
		i++;
	if (i == len)
		return 0;
	if (s[i] == '{')
		return 90;
	if (s[i] != '[')
		return 0;
	for (k = i + 1; k < len && strchr(" \t\r\f\v", s[k]) != NULL &&
	    s[k] != '\0'; k++)
		;
	if (k == len || s[k] == '\n' || s[k] == '{' || s[k] == ']' ||
	    s[k] == '"' || s[k] == '[')
		return 90;
	return 0;
}

const struct reader reader_json = {
	"json",
	"NDJSON and JSON arrays of records (arXiv snapshot, Hugging Face API)",
	js_detect, js_read
};
