/*
 * The JSON reader: NDJSON, arrays, pretty-printed documents, several
 * documents in one file, and API responses that wrap their list of papers
 * ({"data": [...]}), mapped onto DESIGN's record.  Hugging Face's
 * /api/daily_papers and /api/papers (the paper under "paper"), Semantic
 * Scholar's paper objects and the arXiv metadata snapshot each name the
 * same fields their own way; a record already in DESIGN's shape maps onto
 * itself.  Keys the mapping does not read pass through as they came.
 *
 * Two parts.  The scanner finds where each JSON value starts and ends: a
 * line that holds a whole object is taken at once (NDJSON, the common and
 * the fast case); otherwise it follows strings and brackets across lines,
 * and hands over each element of a top-level array, or of a response's
 * "data" list, as soon as it is closed, so a pretty-printed array of a
 * million papers needs the memory of one.  A value that cannot be one
 * (a string broken by a newline, a line that starts a new element at the
 * indentation of one still open) is reported where it starts, and the
 * scan goes on from the next value.  The mapper reads a value with the shared validating
 * scanner (pp_record_parse: members as raw spans, nothing decoded that is
 * not looked at) and fills sp->paper.  libjq's jv_parser would parse
 * every document, but into values built in full, and without the line a
 * value starts on, which every diagnostic names.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <strings.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include <string.h>

#include "split.h"

/* Levels of objects the mapper reads at once: wrapper, paper, nested. */
#define LEVELS		4

/* The keys of other sources the mapper reads, and DESIGN's own. */
enum src {
	S_TITLE, S_ABSTRACT, S_SUMMARY, S_AI_SUMMARY, S_AUTHORS_PARSED,
	S_AUTHORS, S_N_AUTHORS, S_DATE, S_PUBLISHED_AT, S_PUBLICATION_DATE,
	S_PUBLISHED, S_VERSIONS, S_YEAR, S_UPVOTES, S_N_COMMENTS,
	S_NUM_COMMENTS, S_ID, S_EXTERNAL_IDS, S_CATEGORIES, S_COMMENTS, S_DOI,
	S_JOURNAL_REF, S_JOURNAL_REF_, S_VENUE, S_URL, S_SOURCE,
	S_DISCUSSION_ID, S_SUBMITTED_ON_DAILY_AT,
	S_PUBLICATION_VENUE, S_JOURNAL, S_TLDR,
	S_PAPER, S_CITING_PAPER, S_CITED_PAPER,	/* a paper nested */
	S_N
};

static const struct srckey {
	const char	*name;
	size_t		 len;
} srckeys[S_N] = {
#define K(e, s)	[e] = { s, sizeof(s) - 1 }
	K(S_TITLE, "title"),
	K(S_ABSTRACT, "abstract"),
	K(S_SUMMARY, "summary"),
	K(S_AI_SUMMARY, "ai_summary"),
	K(S_AUTHORS_PARSED, "authors_parsed"),
	K(S_AUTHORS, "authors"),
	K(S_N_AUTHORS, "n_authors"),
	K(S_DATE, "date"),
	K(S_PUBLISHED_AT, "publishedAt"),
	K(S_PUBLICATION_DATE, "publicationDate"),
	K(S_PUBLISHED, "published"),
	K(S_VERSIONS, "versions"),
	K(S_YEAR, "year"),
	K(S_UPVOTES, "upvotes"),
	K(S_N_COMMENTS, "n_comments"),
	K(S_NUM_COMMENTS, "numComments"),
	K(S_ID, "id"),
	K(S_EXTERNAL_IDS, "externalIds"),
	K(S_CATEGORIES, "categories"),
	K(S_COMMENTS, "comments"),
	K(S_DOI, "doi"),
	K(S_JOURNAL_REF, "journal-ref"),
	K(S_JOURNAL_REF_, "journal_ref"),
	K(S_VENUE, "venue"),
	K(S_URL, "url"),
	K(S_SOURCE, "source"),
	K(S_DISCUSSION_ID, "discussionId"),
	K(S_SUBMITTED_ON_DAILY_AT, "submittedOnDailyAt"),
	K(S_PUBLICATION_VENUE, "publicationVenue"),
	K(S_JOURNAL, "journal"),
	K(S_TLDR, "tldr"),
	K(S_PAPER, "paper"),
	K(S_CITING_PAPER, "citingPaper"),
	K(S_CITED_PAPER, "citedPaper"),
#undef K
};

/* The arXiv snapshot's hyphenated keys, named as the other readers do. */
static const char *const renames[][2] = {
	{ "report-no", "report_no" },
	{ "msc-class", "msc_class" },
	{ "acm-class", "acm_class" },
};

/*
 * Keys under which an API response lists its papers: in a document over
 * several lines, such a list is read element by element, as a top-level
 * array is (unless a title or a paper came first: then it is a paper's).
 */
static const char *const list_keys[] = {
	"data", "papers", "results", "dailyPapers", "recommendedPapers"
};

/* Keys under which an object holds the paper it is about. */
static const enum src paper_keys[] = { S_PAPER, S_CITING_PAPER, S_CITED_PAPER };

/* One object being mapped: its members, and which of them it read. */
struct obj {
	struct pp_record rec;
	const struct pp_member *at[S_N];	/* the last of each key */
	unsigned char	*used;			/* by member */
	size_t		 cap;
};

struct json {
	struct split	*sp;
	int		 quiet;		/* an object not a paper is no error */
	unsigned long	 bad_line;	/* the last "not a JSON object" */
	int		 junk;		/* in a run of lines that are not JSON */
	struct obj	 obj[LEVELS];	/* wrapper or paper, paper, ... */
	struct pp_record aux;		/* an author's, a version's */
	struct pp_buf	 tmp, tmp2, tmp3;
	struct pp_buf	 id;		/* arxiv_id()'s */
	struct pp_buf	 fix;		/* text, its UTF-8 repaired */
	unsigned	 raw_said;	/* keys said to be kept as KEY_raw */
	unsigned	 nul_said;	/* keys said to hold a \u0000 */
	unsigned long	 paper_line;	/* where the paper being mapped starts */

	/* the scanner */
	int		 depth;		/* containers open */
	int		 top;		/* the document's '[' or '{', or 0 */
	int		 instr, esc;
	int		 skip;		/* after a broken value */
	int		 in_unit;	/* collecting a value */
	struct pp_buf	 unit;		/* an element or a document */
	unsigned long	 unit_line, top_line;
	size_t		 unit_col;	/* its column */
	int		 unit_first;	/* first on its line */
	size_t		 top_col;
	int		 ndjson;	/* the last document was one line */
	int		 indented;	/* a line inside the document is */

	/* a list being read element by element, and how it was found */
	int		 list;		/* the depth of its elements, or 0 */
	size_t		 list_col;	/* the indentation of its '[' */
	int		 expect_key;	/* in a '{' document, at depth 1 */
	int		 in_key, value_next, not_wrapper;
	char		 key[24];
	size_t		 keylen;
};

static void	map_value(struct json *, const char *, size_t, unsigned long,
		    int level, int parsed);

/* --- strings ------------------------------------------------------------- */

#define ONES	0x0101010101010101ULL
#define HIGHS	0x8080808080808080ULL

/* High bits at (at least) the bytes of w equal to c; none if there is none. */
static inline uint64_t
bytes_eq(uint64_t w, unsigned char c)
{
	uint64_t x = w ^ (ONES * c);

	return (x - ONES) & ~x & HIGHS;
}

/*
 * Is the raw JSON string s (quotes included) already what DESIGN writes:
 * no escape to decode, no white space run to squeeze, nothing to trim?
 * Then it is copied as it is: most strings of most records are.  Eight
 * bytes at a time: a word of ASCII without a backslash or two spaces in a
 * row needs no closer look (the tests may say "look" wrongly, never "fine"
 * wrongly).
 */
static int
raw_ok(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s + 1;
	const unsigned char *end = (const unsigned char *)s + len - 1;
	uint64_t w, sp;
	int last_space = 0;

	if (p == end || *p == ' ' || end[-1] == ' ')
		return 0;	/* empty text leaves the key absent */
#ifdef __SSE2__
	/* sixteen bytes at a time: a backslash, non-ASCII, two spaces */
	{
		const __m128i bs = _mm_set1_epi8('\\');
		const __m128i sp16 = _mm_set1_epi8(' ');
		unsigned m, spaces;

		while (end - p >= 17) {
			__m128i v = _mm_loadu_si128((const __m128i *)p);

			m = (unsigned)_mm_movemask_epi8(_mm_or_si128(v,
			    _mm_cmpeq_epi8(v, bs)));
			spaces = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v,
			    sp16)) | (p[16] == ' ') << 16;
			if (m != 0 || (spaces & (spaces >> 1)) != 0)
				break;
			p += 16;
		}
		last_space = p[-1] == ' ';
	}
#endif
	while (p < end) {
		if (end - p >= 8) {
			memcpy(&w, p, 8);
			sp = bytes_eq(w, ' ');
			if ((w & HIGHS) == 0 && bytes_eq(w, '\\') == 0 &&
			    (sp & (sp << 8)) == 0 &&
			    !(last_space && (w & 0xff) == ' ')) {
				last_space = (w >> 56) == ' ';
				p += 8;
				continue;
			}
		}
		/* byte by byte, up to the next word boundary */
		if (*p == '\\' || (*p == ' ' && last_space))
			return 0;
		/* Unicode space separators (Zs) are squeezed too */
		if (*p >= 0xc2 && *p <= 0xe3 && end - p >= 3 &&
		    ((*p == 0xc2 && p[1] == 0xa0) ||
		    (*p == 0xe1 && p[1] == 0x9a && p[2] == 0x80) ||
		    (*p == 0xe2 && p[1] == 0x80 &&
		    (p[2] <= 0x8a || p[2] == 0xaf)) ||
		    (*p == 0xe2 && p[1] == 0x81 && p[2] == 0x9f) ||
		    (*p == 0xe3 && p[1] == 0x80 && p[2] == 0x80)))
			return 0;
		if (*p == 0xc2 && end - p >= 2 && p[1] == 0xa0)
			return 0;
		last_space = *p == ' ';
		p++;
	}
	return 1;
}

/* The decoded text of a raw JSON string, in b (reset first). */
static void
unquote(struct pp_buf *b, struct pp_span v)
{
	pp_buf_reset(b);
	pp_json_unquote(b, v.p, v.len);
	if (b->s == NULL)
		pp_buf_addc(b, '\0'), b->len = 0;
}

/*
 * The text of a raw JSON string, white space squeezed, in j->tmp3: 0, or
 * -1 when it holds a NUL (\u0000), which pp_paper_set() replaces, as it
 * does invalid UTF-8, and which is said once a file for each key k (a
 * text of the record holds no NUL: C strings and most tools end at one).
 * The string was validated (pp_record_parse) and unquote writes U+FFFD for
 * a lone surrogate: the text is UTF-8, and needs no check.
 */
static int
squeezed(struct json *j, enum pp_key k, struct pp_span v)
{
	struct pp_input at;

	unquote(&j->tmp, v);
	if (memchr(j->tmp.s, '\0', j->tmp.len) != NULL) {
		if (!(j->nul_said & 1u << k)) {
			j->nul_said |= 1u << k;
			at = *j->sp->in;
			at.lineno = j->paper_line;
			pp_warn_at(&at, "\"%s\" holds \\u0000: written as "
			    "U+FFFD", pp_keys[k].name);
		}
		return -1;
	}
	pp_buf_reset(&j->tmp3);
	pp_text_squeeze(&j->tmp3, j->tmp.s, j->tmp.len);
	return 0;
}

/* A string key of the paper from a raw JSON string. */
static void
set_text(struct json *j, enum pp_key k, struct pp_span v)
{
	struct pp_paper *p = &j->sp->paper;

	if (raw_ok(v.p, v.len)) {
		pp_paper_set_json(p, k, v.p, v.len);
		return;
	}
	if (squeezed(j, k, v) == -1) {
		pp_paper_set(p, k, j->tmp.s, j->tmp.len);
		return;
	}
	pp_buf_reset(&p->json[k]);
	if (j->tmp3.len > 0)
		pp_json_quote(&p->json[k], j->tmp3.s, j->tmp3.len);
	p->count[k] = p->json[k].len > 0;
}

/* One more element of a list key from a raw JSON string. */
static void
add_text(struct json *j, enum pp_key k, struct pp_span v)
{
	struct pp_paper *p = &j->sp->paper;

	if (raw_ok(v.p, v.len)) {
		if (p->json[k].len > 0)
			pp_buf_addc(&p->json[k], ',');
		pp_buf_add(&p->json[k], v.p, v.len);
		p->count[k]++;
		return;
	}
	if (squeezed(j, k, v) == -1) {
		pp_paper_add(p, k, j->tmp.s, j->tmp.len);
		return;
	}
	if (j->tmp3.len == 0)
		return;
	if (p->json[k].len > 0)
		pp_buf_addc(&p->json[k], ',');
	pp_json_quote(&p->json[k], j->tmp3.s, j->tmp3.len);
	p->count[k]++;
}

static int
span_is(struct pp_span s, const char *word)
{
	size_t n = strlen(word);

	return s.len == n && memcmp(s.p, word, n) == 0;
}

/* --- objects ------------------------------------------------------------- */

/*
 * A value that is not an object where a paper should be: said once a line
 * ([1, 2, 3] is one mistake).
 */
static void
not_object(struct json *j, unsigned long lineno)
{
	if (j->bad_line == lineno)
		return;
	j->bad_line = lineno;
	split_bad(j->sp, lineno, "not a JSON object");
}

/*
 * Is s[0..len) one whole JSON value, white space around it aside (a line
 * of NDJSON that holds a string or a number)?  Parsed as a member's value
 * in j->tmp2, as only objects are records.
 */
static int
one_value(struct json *j, const char *s, size_t len)
{
	pp_buf_reset(&j->tmp2);
	pp_buf_adds(&j->tmp2, "{\"v\":");
	pp_buf_add(&j->tmp2, s, len);
	pp_buf_addc(&j->tmp2, '}');
	return pp_record_parse(&j->aux, j->tmp2.s, j->tmp2.len, NULL, 0) ==
	    PP_JSON_OK;
}

/*
 * The scanner counts columns from the start of the value; in a value over
 * several lines, "at column 812" becomes "at line 59, column 5" (the
 * message names the line the value starts on, lineno).
 */
static void
where(char *err, size_t errlen, const char *text, size_t len,
    unsigned long lineno)
{
	char *at = strstr(err, " at column ");
	size_t col, k, nl = 0;
	unsigned long line = 0;

	if (at == NULL || sscanf(at, " at column %zu", &col) != 1 || col == 0 ||
	    col > len || memchr(text, '\n', col - 1) == NULL)
		return;
	for (k = 0; k < col - 1; k++)
		if (text[k] == '\n') {
			line++;
			nl = k + 1;
		}
	snprintf(at, errlen - (size_t)(at - err), " at line %lu, column %zu",
	    lineno + line, col - nl);
}

/* m's key decoded, in j->tmp if escaped: "d\u0061te" is "date", as in jq. */
static struct pp_span
key_of(struct json *j, const struct pp_member *m)
{
	if (!m->key_escaped)
		return m->key;
	unquote(&j->tmp, (struct pp_span){ m->key.p - 1, m->key.len + 2 });
	return (struct pp_span){ j->tmp.s, j->tmp.len };
}

/* Is m's key, decoded, name[0..len)? */
static int
key_is(struct json *j, const struct pp_member *m, const char *name,
    size_t len)
{
	struct pp_span key = key_of(j, m);

	return key.len == len && memcmp(key.p, name, len) == 0;
}

/*
 * Parses text as the object o (unless the caller did: parsed); invalid
 * UTF-8 is repaired with a warning, as the other readers do.  Returns 0,
 * or -1 after reporting.
 */
static int
parse(struct json *j, struct obj *o, const char *text, size_t len,
    unsigned long lineno, int parsed)
{
	struct pp_input at = *j->sp->in;
	char err[128];
	size_t i;
	int r = PP_JSON_OK;

	at.lineno = lineno;
	if (!parsed)
		r = pp_record_parse(&o->rec, text, len, err, sizeof(err));
	if (r == PP_JSON_INVALID && !pp_utf8_valid(text, len)) {
		pp_buf_reset(&j->fix);
		pp_utf8_repair(&j->fix, text, len);
		if ((r = pp_record_parse(&o->rec, j->fix.s, j->fix.len, err,
		    sizeof(err))) == PP_JSON_OK)
			pp_warn_at(&at, "invalid UTF-8 replaced with U+FFFD");
	}
	if (r == PP_JSON_NOT_OBJECT) {
		split_bad(j->sp, lineno, "not a JSON object");
		return -1;
	}
	if (r != PP_JSON_OK) {
		where(err, sizeof(err), text, len, lineno);
		split_bad(j->sp, lineno, "invalid JSON: %s", err);
		return -1;
	}
	memset(o->at, 0, sizeof(o->at));
	if (o->cap < o->rec.nmembers) {
		o->cap = o->rec.nmembers;
		o->used = xreallocarray(o->used, o->cap, 1);
	}
	if (o->rec.nmembers > 0)	/* {}: used may still be NULL */
		memset(o->used, 0, o->rec.nmembers);
	for (i = 0; i < o->rec.nmembers; i++) {
		const struct pp_member *m = &o->rec.members[i];
		struct pp_span key = key_of(j, m);
		int s;

		for (s = 0; s < S_N; s++)
			if (key.len == srckeys[s].len &&
			    memcmp(key.p, srckeys[s].name, key.len) == 0) {
				o->at[s] = m;
				break;
			}
	}
	return 0;
}

static void
use(struct obj *o, const struct pp_member *m)
{
	if (m != NULL)
		o->used[m - o->rec.members] = 1;
}

/* Does the object have a title, or a paper under a key of paper_keys? */
static const struct pp_member *
paper_member(const struct obj *o)
{
	const struct pp_member *m;
	size_t i;

	for (i = 0; i < sizeof(paper_keys) / sizeof(paper_keys[0]); i++)
		if ((m = o->at[paper_keys[i]]) != NULL &&
		    m->type == PP_JOBJECT)
			return m;
	return NULL;
}

/* --- the mapping --------------------------------------------------------- */

/* A paper: the object itself (outer), or its "paper" (inner) first. */
struct paper {
	struct json	*j;
	struct obj	*outer, *inner;	/* inner may be NULL */
	int		 hf;		/* a Hugging Face paper object */
	int		 arxiv;		/* an arXiv snapshot record */
	unsigned long	 lineno;	/* where it starts */
};

/* A whole number, written or quoted ("12"): its digits in v. */
static int
whole(const struct pp_member *m, struct pp_span *v)
{
	size_t i;

	*v = m->value;
	if (m->type == PP_JSTRING) {
		v->p++;
		v->len -= 2;
	} else if (m->type != PP_JNUMBER)
		return 0;
	for (i = v->len > 0 && v->p[0] == '-'; i < v->len; i++)
		if (!isdigit((unsigned char)v->p[i]))
			return 0;
	return v->len > 0 && v->len <= 18 && !(v->len == 1 && v->p[0] == '-');
}

/* Is m an array of values of type t1 or t2 only? */
static int
only(const struct pp_member *m, enum pp_jtype t1, enum pp_jtype t2)
{
	struct pp_span e;
	enum pp_jtype t;
	size_t pos = 0;

	if (m->type != PP_JARRAY)
		return 0;
	while (pp_json_array_next(&m->value, &pos, &e, &t))
		if (t != t1 && t != t2)
			return 0;
	return 1;
}

/*
 * Is m of a type the mapping reads for s: text, names, a whole number,
 * an object?  Of the inner object's value and the outer's for one key,
 * one that is wins, and one that is not is left unread (a key of the
 * record keeps it as KEY_raw).
 */
static int
fits(enum src s, const struct pp_member *m)
{
	struct pp_span v;

	switch (s) {
	case S_TITLE: case S_ABSTRACT: case S_SUMMARY: case S_AI_SUMMARY:
	case S_DATE: case S_PUBLISHED_AT: case S_PUBLICATION_DATE:
	case S_PUBLISHED: case S_ID: case S_COMMENTS: case S_DOI:
	case S_JOURNAL_REF: case S_JOURNAL_REF_: case S_VENUE: case S_URL:
		return m->type == PP_JSTRING;
	case S_AUTHORS:
		return m->type == PP_JSTRING ||
		    only(m, PP_JSTRING, PP_JOBJECT);
	case S_CATEGORIES:
		return m->type == PP_JSTRING || only(m, PP_JSTRING, PP_JSTRING);
	case S_N_AUTHORS: case S_UPVOTES: case S_N_COMMENTS:
	case S_NUM_COMMENTS:
		return whole(m, &v);
	case S_EXTERNAL_IDS: case S_PUBLICATION_VENUE: case S_JOURNAL:
	case S_TLDR:
		return m->type == PP_JOBJECT;
	case S_VERSIONS: case S_AUTHORS_PARSED:
		return m->type == PP_JARRAY;
	case S_YEAR:
		return m->type == PP_JNUMBER;
	case S_SOURCE: case S_DISCUSSION_ID: case S_SUBMITTED_ON_DAILY_AT:
	case S_PAPER: case S_CITING_PAPER: case S_CITED_PAPER: case S_N:
		break;
	}
	return 1;
}

/* 1 for a value of another type, 2 for blank text, 3 for a value. */
static int
rank(enum src s, const struct pp_member *m)
{
	if (!fits(s, m))
		return 1;
	if (m->type == PP_JSTRING && pp_is_blank(m->value.p + 1,
	    m->value.len - 2))
		return 2;
	return 3;
}

/*
 * The member for source key s, not null: the inner object's first,
 * unless the outer's is a better one ({"authors": ["A"], "paper":
 * {"authors": 5}} has the names, and 5 is kept as authors_raw).
 */
static const struct pp_member *
get(const struct paper *pa, enum src s)
{
	const struct pp_member *in = NULL, *out = pa->outer->at[s];

	if (pa->inner != NULL && (in = pa->inner->at[s]) != NULL &&
	    in->type == PP_JNULL)
		in = NULL;
	if (out != NULL && out->type == PP_JNULL)
		out = NULL;
	if (in == NULL || out == NULL)
		return in != NULL ? in : out;
	return rank(s, out) > rank(s, in) ? out : in;
}

/*
 * The member m of o, or o's value for s that says no more: a null,
 * blank text, the same field again.  One of another type stays unread.
 */
static void
consume_in(struct obj *o, enum src s, const struct pp_member *m)
{
	const struct pp_member *x = o->at[s];

	if (x != NULL && (x == m || x->type == PP_JNULL || fits(s, x)))
		use(o, x);
}

/* Key s was read: neither object passes it on, but for a value of
   another type. */
static void
consume(struct paper *pa, enum src s)
{
	const struct pp_member *m = get(pa, s);

	if (pa->inner != NULL)
		consume_in(pa->inner, s, m);
	consume_in(pa->outer, s, m);
}

/* A string member for a string key. */
static int
map_text(struct paper *pa, enum src s, enum pp_key k)
{
	const struct pp_member *m = get(pa, s);

	if (m == NULL || m->type != PP_JSTRING ||
	    pp_paper_has(&pa->j->sp->paper, k))
		return 0;
	set_text(pa->j, k, m->value);
	consume(pa, s);
	return 1;
}

/*
 * A string key from a member of an object member ("tldr": {"text": ...}),
 * when the paper has none yet.  The object itself stays in the record:
 * its other members (a journal's volume and pages) are no field.
 */
static int
map_inner_text(struct paper *pa, enum src s, const char *key, enum pp_key k)
{
	struct json *j = pa->j;
	const struct pp_member *m = get(pa, s), *v;
	char err[16];

	if (m == NULL || m->type != PP_JOBJECT ||
	    pp_paper_has(&j->sp->paper, k) ||
	    pp_record_parse(&j->aux, m->value.p, m->value.len, err,
	    sizeof(err)) != PP_JSON_OK ||
	    (v = pp_record_get(&j->aux, key)) == NULL || v->type != PP_JSTRING)
		return 0;
	set_text(j, k, v->value);
	return pp_paper_has(&j->sp->paper, k);
}

/* A whole number, written or quoted ("12"), for an integer key. */
static int
map_int(struct paper *pa, enum src s, enum pp_key k)
{
	const struct pp_member *m = get(pa, s);
	struct pp_span v;

	if (m == NULL || pp_paper_has(&pa->j->sp->paper, k) || !whole(m, &v))
		return 0;
	pp_paper_set_json(&pa->j->sp->paper, k, v.p, v.len);
	consume(pa, s);
	return 1;
}

/*
 * Splits "A, B and C" into authors; an affiliation in parentheses, as the
 * arXiv snapshot's authors string has them ("A. Author (Univ. X), B"), is
 * no part of a name, and a comma inside one parts no names.
 */
static void
split_names(struct json *j, const char *s, size_t len)
{
	struct pp_buf name = { 0 };
	size_t i = 0, start = 0, cut, k, n;
	int depth = 0;

	while (i <= len) {
		cut = 0;
		if (i < len && s[i] == '(')
			depth++;
		else if (i < len && s[i] == ')' && depth > 0)
			depth--;
		else if (i == len || (depth == 0 && (s[i] == ',' || s[i] == ';')))
			cut = 1;
		else if (depth == 0 && i + 5 <= len &&
		    memcmp(s + i, " and ", 5) == 0)
			cut = 5;
		if (cut == 0) {
			i++;
			continue;
		}
		/* the name without what is in parentheses, spaces squeezed */
		pp_buf_reset(&name);
		for (k = start, depth = 0; k < i; k++) {
			if (s[k] == '(')
				depth++;
			else if (s[k] == ')' && depth > 0)
				depth--;
			else if (depth == 0 && (!isspace((unsigned char)s[k]) ||
			    (name.len > 0 && name.s[name.len - 1] != ' ')))
				pp_buf_addc(&name, isspace((unsigned char)s[k]) ?
				    ' ' : s[k]);
		}
		depth = 0;
		n = name.len;
		while (n > 0 && name.s[n - 1] == ' ')
			n--;
		/* ", and B": the "and" is no name */
		k = n >= 4 && memcmp(name.s, "and ", 4) == 0 ? 4 : 0;
		if (n > k)
			pp_paper_add(&j->sp->paper, PP_AUTHORS, name.s + k,
			    n - k);
		i += cut;
		start = i;
	}
	pp_buf_free(&name);
}

/* [["Last", "First", "Suffix"], ...] as "First Last Suffix". */
static int
map_authors_parsed(struct paper *pa, const struct pp_member *m)
{
	static const int order[] = { 1, 0, 2 };
	struct json *j = pa->j;
	struct pp_span e, f, parts[3];
	enum pp_jtype t, ft;
	size_t pos = 0, fpos;
	int n = 0, np, k;

	while (pp_json_array_next(&m->value, &pos, &e, &t)) {
		if (t != PP_JARRAY)
			continue;
		fpos = 0;
		np = 0;
		while (np < 3 && pp_json_array_next(&e, &fpos, &f, &ft))
			if (ft == PP_JSTRING)
				parts[np++] = f;
		pp_buf_reset(&j->tmp2);
		for (k = 0; k < 3; k++) {
			if (order[k] >= np)
				continue;
			unquote(&j->tmp, parts[order[k]]);
			if (j->tmp2.len > 0)
				pp_buf_addc(&j->tmp2, ' ');
			pp_buf_add(&j->tmp2, j->tmp.s, j->tmp.len);
		}
		if (j->tmp2.len > 0) {
			pp_paper_add(&j->sp->paper, PP_AUTHORS, j->tmp2.s,
			    j->tmp2.len);
			n++;
		}
	}
	return n;
}

/* Names, {"name": ...} objects (Hugging Face, Semantic Scholar), a line. */
static void
map_authors(struct paper *pa)
{
	struct json *j = pa->j;
	const struct pp_member *m, *name, *hidden;
	struct pp_span e;
	enum pp_jtype t;
	size_t pos = 0;
	char err[16];

	if ((m = get(pa, S_AUTHORS_PARSED)) != NULL && m->type == PP_JARRAY &&
	    map_authors_parsed(pa, m) > 0) {
		consume(pa, S_AUTHORS_PARSED);
		/* the same names, in TeX; "authors": 5 is kept */
		if ((m = get(pa, S_AUTHORS)) != NULL && fits(S_AUTHORS, m))
			consume(pa, S_AUTHORS);
		return;
	}
	if ((m = get(pa, S_AUTHORS)) == NULL)
		return;
	if (m->type == PP_JSTRING) {
		unquote(&j->tmp2, m->value);
		split_names(j, j->tmp2.s, j->tmp2.len);
	} else if (m->type == PP_JARRAY) {
		/* [1, "A B"]: not a list of names, kept as it came */
		if (!only(m, PP_JSTRING, PP_JOBJECT))
			return;
		while (pp_json_array_next(&m->value, &pos, &e, &t)) {
			if (t == PP_JOBJECT) {
				if (pp_record_parse(&j->aux, e.p, e.len, err,
				    sizeof(err)) != PP_JSON_OK ||
				    (name = pp_record_get(&j->aux, "name")) ==
				    NULL || name->type != PP_JSTRING)
					continue;
				/* Hugging Face lists, but does not show, a
				   hidden author */
				if ((hidden = pp_record_get(&j->aux,
				    "hidden")) != NULL &&
				    hidden->type == PP_JTRUE)
					continue;
				e = name->value;
			} else if (t != PP_JSTRING)
				continue;
			add_text(j, PP_AUTHORS, e);
		}
	} else
		return;
	consume(pa, S_AUTHORS);
	if (get(pa, S_AUTHORS_PARSED) != NULL &&
	    get(pa, S_AUTHORS_PARSED)->type == PP_JARRAY)
		consume(pa, S_AUTHORS_PARSED);	/* empty: no name lost */
}

/* "2024-09-17T16:42:46.000Z" as 2024-09-17; other dates as they came. */
static int
map_date(struct paper *pa, enum src s, int iso_only)
{
	struct json *j = pa->j;
	const struct pp_member *m = get(pa, s);
	struct pp_date d;

	if (m == NULL || m->type != PP_JSTRING ||
	    pp_paper_has(&j->sp->paper, PP_DATE))
		return 0;
	if (m->value.len == 12 && pp_date_parse(m->value.p + 1, 10, &d) == 10) {
		/* "2024-09-17", as DESIGN writes it */
		pp_paper_set_json(&j->sp->paper, PP_DATE, m->value.p, 12);
		consume(pa, s);
		return 1;
	}
	unquote(&j->tmp, m->value);
	if (pp_date_read(j->tmp.s, j->tmp.len, &d)) {
		pp_buf_reset(&j->tmp2);
		pp_buf_printf(&j->tmp2, "\"%.*s\"",
		    (int)(j->tmp.len < 10 ? j->tmp.len : 10), j->tmp.s);
		pp_paper_set_json(&j->sp->paper, PP_DATE, j->tmp2.s,
		    j->tmp2.len);
	} else if (pp_date_rfc822(j->tmp.s, j->tmp.len, &d)) {
		/* "Mon, 2 Apr 2007 19:18:42 GMT", as feed readers keep it */
		pp_buf_reset(&j->tmp2);
		pp_buf_printf(&j->tmp2, "\"%04d-%02d-%02d\"", d.year, d.month,
		    d.day);
		pp_paper_set_json(&j->sp->paper, PP_DATE, j->tmp2.s,
		    j->tmp2.len);
	} else if (!iso_only) {
		/*
		 * As it came.  "" (or blank) is no date: read, so that it is
		 * no KEY_raw, but the next key may still give one.
		 */
		set_text(j, PP_DATE, m->value);
		consume(pa, s);
		return pp_paper_has(&j->sp->paper, PP_DATE);
	} else
		return 0;
	consume(pa, s);
	return 1;
}

/* The arXiv snapshot's date: that of the first version. */
static int
map_versions(struct paper *pa)
{
	struct json *j = pa->j;
	const struct pp_member *m = get(pa, S_VERSIONS), *c;
	struct pp_span e;
	enum pp_jtype t;
	struct pp_date d;
	size_t pos = 0;
	char err[16];

	if (m == NULL || m->type != PP_JARRAY ||
	    pp_paper_has(&j->sp->paper, PP_DATE) ||
	    !pp_json_array_next(&m->value, &pos, &e, &t) || t != PP_JOBJECT ||
	    pp_record_parse(&j->aux, e.p, e.len, err, sizeof(err)) != 0 ||
	    (c = pp_record_get(&j->aux, "created")) == NULL ||
	    c->type != PP_JSTRING)
		return 0;
	unquote(&j->tmp, c->value);
	if (!pp_date_rfc822(j->tmp.s, j->tmp.len, &d))
		return 0;
	pp_buf_reset(&j->tmp2);
	pp_buf_printf(&j->tmp2, "\"%04d-%02d-%02d\"", d.year, d.month, d.day);
	pp_paper_set_json(&j->sp->paper, PP_DATE, j->tmp2.s, j->tmp2.len);
	consume(pa, S_VERSIONS);
	return 1;
}

/* Semantic Scholar's "year": 2021, when it gives no publicationDate. */
static void
map_year(struct paper *pa)
{
	const struct pp_member *m = get(pa, S_YEAR);
	char buf[8];

	if (m == NULL || m->type != PP_JNUMBER || m->value.len != 4 ||
	    pp_paper_has(&pa->j->sp->paper, PP_DATE) ||
	    !isdigit((unsigned char)m->value.p[0]))
		return;
	snprintf(buf, sizeof(buf), "\"%.4s\"", m->value.p);
	pp_paper_set_json(&pa->j->sp->paper, PP_DATE, buf, 6);
	/* not consumed: year stays beside the date */
}

/* The length of an arXiv identifier's version ("v2"), or 0. */
static size_t
id_version(const char *s, size_t len)
{
	size_t n;

	for (n = len; n > 0 && isdigit((unsigned char)s[n - 1]); n--)
		;
	if (n >= 2 && n < len && (s[n - 1] == 'v' || s[n - 1] == 'V') &&
	    isdigit((unsigned char)s[n - 2]) &&
	    (memchr(s, '.', n) != NULL || memchr(s, '/', n) != NULL))
		return len - n + 1;
	return 0;
}

/* The length of an arXiv URL's part before the identifier, or 0. */
static size_t
id_url(const char *s, size_t len)
{
	static const char *const hosts[] = {
		"https://arxiv.org/", "http://arxiv.org/",
		"https://www.arxiv.org/", "http://www.arxiv.org/", "arxiv.org/"
	};
	size_t i, n;

	for (i = 0; i < sizeof(hosts) / sizeof(hosts[0]); i++) {
		n = strlen(hosts[i]);
		if (len > n + 4 && strncasecmp(s, hosts[i], n) == 0 &&
		    (strncmp(s + n, "abs/", 4) == 0 ||
		    strncmp(s + n, "pdf/", 4) == 0))
			return n + 4;
	}
	return 0;
}

/* Has the identifier an "arXiv:", a URL or a version to take off? */
static int
id_has_extra(const char *s, size_t len)
{
	return (len > 6 && strncasecmp(s, "arxiv:", 6) == 0) ||
	    id_url(s, len) > 0 || id_version(s, len) > 0;
}

/*
 * An arXiv identifier without "arXiv:", URL and version: 2303.08867v2,
 * arXiv:hep-th/9901001v1 and https://arxiv.org/abs/2401.01236v2 become
 * 2303.08867, hep-th/9901001 and 2401.01236.  Returns 0, setting nothing,
 * for an identifier of something else (a Papers with Code slug, a Zotero
 * or OpenAlex URI): a record's id is arXiv's.
 */
static int
set_id(struct json *j, const char *s, size_t len)
{
	size_t n;

	if (len > 6 && strncasecmp(s, "arxiv:", 6) == 0) {
		s += 6;
		len -= 6;
	} else if ((n = id_url(s, len)) > 0) {
		s += n;
		len -= n;
		if (len > 4 && strncmp(s + len - 4, ".pdf", 4) == 0)
			len -= 4;
	}
	len -= id_version(s, len);
	if (len == 0 || arxiv_id(s, len, &j->id) != len)
		return 0;
	pp_paper_set(&j->sp->paper, PP_ID, j->id.s, j->id.len);
	return 1;
}

static void
map_id(struct paper *pa)
{
	struct json *j = pa->j;
	const struct pp_member *m = get(pa, S_ID), *x;
	char err[16];

	/* an id of something else is left unread: kept as id_raw */
	if (m != NULL && m->type == PP_JSTRING) {
		if (m->value.len == 2)
			consume(pa, S_ID);	/* "": none */
		else if (raw_ok(m->value.p, m->value.len) &&
		    !id_has_extra(m->value.p + 1, m->value.len - 2)) {
			if (arxiv_id(m->value.p + 1, m->value.len - 2,
			    &j->id) == m->value.len - 2) {
				if (j->id.len == m->value.len - 2)
					pp_paper_set_json(&j->sp->paper, PP_ID,
					    m->value.p, m->value.len);
				else	/* math.GT/0309136 */
					pp_paper_set(&j->sp->paper, PP_ID,
					    j->id.s, j->id.len);
				consume(pa, S_ID);
			}
		} else {
			unquote(&j->tmp2, m->value);
			if (set_id(j, j->tmp2.s, j->tmp2.len))
				consume(pa, S_ID);
		}
	}
	/* Semantic Scholar: "externalIds": {"ArXiv": ..., "DOI": ...} */
	if ((m = get(pa, S_EXTERNAL_IDS)) == NULL || m->type != PP_JOBJECT ||
	    pp_record_parse(&j->aux, m->value.p, m->value.len, err,
	    sizeof(err)) != PP_JSON_OK)
		return;
	if (!pp_paper_has(&j->sp->paper, PP_ID) &&
	    (x = pp_record_get(&j->aux, "ArXiv")) != NULL &&
	    x->type == PP_JSTRING) {
		unquote(&j->tmp2, x->value);
		set_id(j, j->tmp2.s, j->tmp2.len);
	}
	if ((x = pp_record_get(&j->aux, "DOI")) != NULL &&
	    x->type == PP_JSTRING && !pp_paper_has(&j->sp->paper, PP_DOI))
		set_text(j, PP_DOI, x->value);
}

/* A DOI, bare: without https://doi.org/ or doi:. */
static void
map_doi(struct paper *pa)
{
	static const char *const prefixes[] = {
		"https://doi.org/", "http://doi.org/", "https://dx.doi.org/",
		"http://dx.doi.org/", "doi:"
	};
	struct json *j = pa->j;
	const struct pp_member *m = get(pa, S_DOI);
	const char *s;
	size_t i, len, n;

	if (m == NULL || m->type != PP_JSTRING)
		return;
	unquote(&j->tmp2, m->value);
	s = j->tmp2.s;
	len = j->tmp2.len;
	for (i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++) {
		n = strlen(prefixes[i]);
		if (len > n && strncasecmp(s, prefixes[i], n) == 0) {
			s += n;
			len -= n;
			break;
		}
	}
	pp_paper_set(&j->sp->paper, PP_DOI, s, len);
	consume(pa, S_DOI);
}

/* "math.CO cs.CG" (the arXiv snapshot) or a list. */
static void
map_categories(struct paper *pa)
{
	struct json *j = pa->j;
	const struct pp_member *m = get(pa, S_CATEGORIES);
	struct pp_span e;
	enum pp_jtype t;
	size_t pos = 0, i, start;

	if (m == NULL)
		return;
	if (m->type == PP_JSTRING) {
		unquote(&j->tmp2, m->value);
		for (i = start = 0; i <= j->tmp2.len; i++)
			if (i == j->tmp2.len || j->tmp2.s[i] == ',' ||
			    isspace((unsigned char)j->tmp2.s[i])) {
				pp_paper_add(&j->sp->paper, PP_CATEGORIES,
				    j->tmp2.s + start, i - start);
				start = i + 1;
			}
	} else if (m->type == PP_JARRAY) {
		/* ["cs.LG", 1]: not a list of names, kept whole as it came
		   (KEY_raw); half of it would lose the rest unsaid */
		if (!only(m, PP_JSTRING, PP_JSTRING))
			return;
		while (pp_json_array_next(&m->value, &pos, &e, &t))
			add_text(j, PP_CATEGORIES, e);
	} else
		return;
	consume(pa, S_CATEGORIES);
}

/* Where the paper lives: the source's url, else its page by the id. */
static void
map_url(struct paper *pa)
{
	struct json *j = pa->j;
	struct pp_paper *p = &j->sp->paper;

	if (map_text(pa, S_URL, PP_URL) || !pp_paper_has(p, PP_ID) ||
	    (!pa->hf && !pa->arxiv))
		return;
	pp_buf_reset(&j->tmp2);
	pp_buf_adds(&j->tmp2, pa->hf ? "\"https://huggingface.co/papers/" :
	    "\"https://arxiv.org/abs/");
	/* the id as written: a JSON string, so its quotes go */
	pp_buf_add(&j->tmp2, p->json[PP_ID].s + 1, p->json[PP_ID].len - 1);
	pp_paper_set_json(p, PP_URL, j->tmp2.s, j->tmp2.len);
}

/*
 * A JSON value (valid) without the white space between its tokens, as a
 * record is written: one line, however the source was pretty-printed.
 */
static void
compact(struct pp_buf *out, struct pp_span v)
{
	const char *p = v.p, *end = v.p + v.len, *run = p;
	int instr = 0;

	pp_buf_reset(out);
	pp_buf_grow(out, v.len);
	for (; p < end; p++) {
		if (instr) {
			if (*p == '\\')
				p++;
			else if (*p == '"')
				instr = 0;
		} else if (*p == '"')
			instr = 1;
		else if (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r') {
			pp_buf_add(out, run, (size_t)(p - run));
			run = p + 1;
		}
	}
	pp_buf_add(out, run, (size_t)(end - run));
}

/* Has o a member named name? */
static int
has_key(struct json *j, const struct obj *o, const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < o->rec.nmembers; i++)
		if (key_is(j, &o->rec.members[i], name, len))
			return 1;
	return 0;
}

/* Is o's member named name (the last, if repeated) left unread? */
static int
unread(struct json *j, const struct obj *o, const char *name, size_t len)
{
	size_t i = o->rec.nmembers;

	while (i-- > 0)
		if (key_is(j, &o->rec.members[i], name, len))
			return !o->used[i];
	return 0;
}

/* The source key named as record key k (each of DESIGN's keys is one). */
static enum src
src_of(enum pp_key k)
{
	int s;

	for (s = 0; s < S_N; s++)
		if (strcmp(srckeys[s].name, pp_keys[k].name) == 0)
			break;
	return s;
}

/*
 * A field of the record whose value the mapping could not read (an
 * "authors" that is a number, an "id" that is an object): written as it
 * came under KEY_raw, since under KEY it would break the record's types,
 * and said once a file for each key.  A KEY_raw the source has passes
 * through as it came, as other keys do; this one is then KEY_raw_raw
 * (and so on): a record never has a key twice.
 */
static void
keep_raw(struct paper *pa, enum pp_key k, const struct pp_member *m)
{
	static const char *const kinds[] = {
		[PP_JSTRING] = "a string", [PP_JNUMBER] = "a number",
		[PP_JOBJECT] = "an object", [PP_JARRAY] = "an array",
		[PP_JTRUE] = "true", [PP_JFALSE] = "false", [PP_JNULL] = "null"
	};
	struct json *j = pa->j;
	struct pp_input at = *j->sp->in;
	const char *want;

	pp_buf_reset(&j->tmp2);
	pp_buf_adds(&j->tmp2, pp_keys[k].name);
	do
		pp_buf_adds(&j->tmp2, "_raw");
	while (has_key(j, pa->outer, j->tmp2.s, j->tmp2.len) ||
	    (pa->inner != NULL && has_key(j, pa->inner, j->tmp2.s,
	    j->tmp2.len)));
	if (m->type == PP_JOBJECT || m->type == PP_JARRAY) {
		compact(&j->tmp3, m->value);
		pp_paper_extra(&j->sp->paper, j->tmp2.s, j->tmp2.len,
		    j->tmp3.s, j->tmp3.len);
	} else
		pp_paper_extra(&j->sp->paper, j->tmp2.s, j->tmp2.len,
		    m->value.p, m->value.len);
	if (j->raw_said & 1u << k || !pp_paper_has(&j->sp->paper, PP_TITLE))
		return;	/* said, or the paper is skipped, as is said */
	j->raw_said |= 1u << k;
	at.lineno = pa->lineno;
	want = pp_keys[k].type == PP_KEY_STRING ? "a string" :
	    pp_keys[k].type == PP_KEY_INT ? "an integer" : "a list of strings";
	if (m->type == PP_JARRAY && pp_keys[k].type == PP_KEY_LIST)
		pp_warn_at(&at, "\"%s\" holds a value that is not a string: "
		    "kept as \"%.*s\"", pp_keys[k].name, (int)j->tmp2.len,
		    j->tmp2.s);
	else if (k == PP_ID && m->type == PP_JSTRING)
		pp_warn_at(&at, "\"id\" is not an arXiv identifier: kept as "
		    "\"%.*s\"", (int)j->tmp2.len, j->tmp2.s);
	else if (strcmp(kinds[m->type], want) == 0)
		/* no mapping leaves such a value: were one to, the message
		   must not say "a string, not a string" */
		pp_warn_at(&at, "\"%s\" could not be read: kept as \"%.*s\"",
		    pp_keys[k].name, (int)j->tmp2.len, j->tmp2.s);
	else
		pp_warn_at(&at, "\"%s\" is %s, not %s: kept as \"%.*s\"",
		    pp_keys[k].name, kinds[m->type], want, (int)j->tmp2.len,
		    j->tmp2.s);
}

/* Members the mapping did not read, as they came (hyphens renamed). */
static void
map_extras(struct paper *pa, struct obj *o, const struct obj *skip,
    const struct pp_member *paperm)
{
	struct json *j = pa->j;
	const struct pp_member *m;
	const char *name;
	size_t i, k, nlen;

	for (i = 0; i < o->rec.nmembers; i++) {
		m = &o->rec.members[i];
		if (o->used[i] || m == paperm)
			continue;
		if (m->key_escaped) {
			unquote(&j->tmp2, (struct pp_span){ m->key.p - 1,
			    m->key.len + 2 });
			name = j->tmp2.s;
			nlen = j->tmp2.len;
		} else {
			name = m->key.p;
			nlen = m->key.len;
		}
		/* a repeated key: the last one counts, as in jq */
		for (k = i + 1; k < o->rec.nmembers; k++)
			if (key_is(j, &o->rec.members[k], name, nlen))
				break;
		if (k < o->rec.nmembers)
			continue;
		/*
		 * The wrapping object's key wins, unless it was read (or
		 * was null): this one is then left over from the mapping,
		 * a value of another type.
		 */
		if (skip != NULL && (span_is(m->key, "_id") ||
		    unread(j, skip, name, nlen)))
			continue;
		/*
		 * A field of the record: a second value of its type is
		 * dropped (a record has a key once), another kept as KEY_raw.
		 */
		if ((k = (size_t)pp_key_lookup(name, nlen)) < PP_NKEYS) {
			if (!pp_paper_has(&j->sp->paper, (enum pp_key)k) ||
			    !fits(src_of((enum pp_key)k), m))
				keep_raw(pa, (enum pp_key)k, m);
			continue;
		}
		/* "report-no" as report_no, unless the source has that too:
		   then each keeps its own name */
		for (k = 0; k < sizeof(renames) / sizeof(renames[0]); k++)
			if (span_is((struct pp_span){ name, nlen },
			    renames[k][0]))
				break;
		if (k < sizeof(renames) / sizeof(renames[0]) &&
		    (has_key(j, pa->outer, renames[k][1],
		    strlen(renames[k][1])) || (pa->inner != NULL &&
		    has_key(j, pa->inner, renames[k][1],
		    strlen(renames[k][1])))))
			k = sizeof(renames) / sizeof(renames[0]);
		if (m->type == PP_JOBJECT || m->type == PP_JARRAY) {
			compact(&j->tmp3, m->value);
			pp_paper_extra(&j->sp->paper, name, nlen, j->tmp3.s,
			    j->tmp3.len);
			continue;
		}
		if (k == sizeof(renames) / sizeof(renames[0]) ||
		    m->type != PP_JSTRING || raw_ok(m->value.p, m->value.len)) {
			if (k < sizeof(renames) / sizeof(renames[0]))
				name = renames[k][1], nlen = strlen(name);
			pp_paper_extra(&j->sp->paper, name, nlen, m->value.p,
			    m->value.len);
			continue;
		}
		/* arXiv's text fields, hard-wrapped as its comments are */
		unquote(&j->tmp, m->value);
		pp_buf_reset(&j->tmp3);
		pp_text_squeeze(&j->tmp3, j->tmp.s, j->tmp.len);
		pp_buf_reset(&j->tmp);
		pp_json_quote(&j->tmp, j->tmp3.s != NULL ? j->tmp3.s : "",
		    j->tmp3.len);
		pp_paper_extra(&j->sp->paper, renames[k][1],
		    strlen(renames[k][1]), j->tmp.s, j->tmp.len);
	}
}

/*
 * A null says nothing: a field of the record (or one the arXiv snapshot
 * gives every paper, such as "report-no": null) is absent rather than
 * null.  Other keys pass through as they came, nulls too.
 */
static void
drop_nulls(struct obj *o)
{
	const struct pp_member *m;
	size_t i, k;

	for (i = 0; i < o->rec.nmembers; i++) {
		m = &o->rec.members[i];
		if (m->type != PP_JNULL || m->key_escaped)
			continue;
		if (pp_key_lookup(m->key.p, m->key.len) >= 0)
			o->used[i] = 1;
		for (k = 0; k < S_N; k++)
			if (o->at[k] == m)
				o->used[i] = 1;
		for (k = 0; k < sizeof(renames) / sizeof(renames[0]); k++)
			if (span_is(m->key, renames[k][0]))
				o->used[i] = 1;
	}
}

/*
 * Maps the paper in obj[level] (with the one under its "paper" key in
 * obj[level + 1]) onto sp->paper and emits it.
 */
static void
map_paper(struct json *j, int level, unsigned long lineno)
{
	struct paper pa = { j, &j->obj[level], NULL, 0, 0, lineno };
	const struct pp_member *paperm = NULL;

	j->paper_line = lineno;
	if (level + 1 < LEVELS && (paperm = paper_member(pa.outer)) != NULL) {
		if (parse(j, &j->obj[level + 1], paperm->value.p,
		    paperm->value.len, lineno, 0) == 0)
			pa.inner = &j->obj[level + 1];
		else
			paperm = NULL;
	}
	pa.hf = (pa.inner != NULL && span_is(paperm->key, "paper")) ||
	    get(&pa, S_AI_SUMMARY) != NULL ||
	    get(&pa, S_DISCUSSION_ID) != NULL ||
	    get(&pa, S_SUBMITTED_ON_DAILY_AT) != NULL ||
	    get(&pa, S_PUBLISHED_AT) != NULL;
	pa.arxiv = get(&pa, S_VERSIONS) != NULL ||
	    get(&pa, S_AUTHORS_PARSED) != NULL;

	pp_paper_clear(&j->sp->paper);
	map_text(&pa, S_TITLE, PP_TITLE);
	map_text(&pa, S_ABSTRACT, PP_ABSTRACT);
	/* Hugging Face's "summary" is the abstract; its AI line, ai_summary */
	if (!pa.hf || !map_text(&pa, S_SUMMARY, PP_ABSTRACT))
		map_text(&pa, S_SUMMARY, PP_SUMMARY);
	map_text(&pa, S_AI_SUMMARY, PP_SUMMARY);
	map_inner_text(&pa, S_TLDR, "text", PP_SUMMARY); /* Semantic Scholar */
	map_authors(&pa);
	map_int(&pa, S_N_AUTHORS, PP_N_AUTHORS);
	if (!map_date(&pa, S_DATE, 0) && !map_date(&pa, S_PUBLISHED_AT, 1) &&
	    !map_date(&pa, S_PUBLICATION_DATE, 1) &&
	    !map_date(&pa, S_PUBLISHED, 1) && !map_versions(&pa))
		map_year(&pa);
	map_int(&pa, S_UPVOTES, PP_UPVOTES);
	if (!map_int(&pa, S_N_COMMENTS, PP_N_COMMENTS))
		map_int(&pa, S_NUM_COMMENTS, PP_N_COMMENTS);
	map_id(&pa);
	map_categories(&pa);
	map_text(&pa, S_COMMENTS, PP_COMMENTS);
	map_doi(&pa);
	if (!map_text(&pa, S_VENUE, PP_VENUE) &&
	    !map_text(&pa, S_JOURNAL_REF, PP_VENUE))
		map_text(&pa, S_JOURNAL_REF_, PP_VENUE);
	/* Semantic Scholar: "venue": "" for many, a journal object for some */
	if (!map_inner_text(&pa, S_PUBLICATION_VENUE, "name", PP_VENUE))
		map_inner_text(&pa, S_JOURNAL, "name", PP_VENUE);
	map_url(&pa);
	consume(&pa, S_SOURCE);	/* split_emit() writes the new one */
	drop_nulls(pa.outer);
	if (pa.inner != NULL)
		drop_nulls(pa.inner);
	map_extras(&pa, pa.outer, NULL, paperm);
	if (pa.inner != NULL)
		map_extras(&pa, pa.inner, pa.outer, NULL);
	split_emit(j->sp, &j->sp->paper, lineno);
}

/* Lines from text[0..off) to add to the line text starts on. */
static unsigned long
lines_to(const char *text, size_t from, size_t to)
{
	unsigned long n = 0;
	const char *p = text + from, *end = text + to;

	while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		n++;
		p++;
	}
	return n;
}

/*
 * A list of papers: an array's elements.  null (Semantic Scholar's batch
 * answer for an id it does not know) is no paper and no error.
 */
static void
map_list(struct json *j, const char *text, struct pp_span array,
    unsigned long lineno, int level)
{
	struct pp_span e;
	enum pp_jtype t;
	size_t pos = 0, seen = (size_t)(array.p - text);

	/* lineno is that of the array's start */

	while (pp_json_array_next(&array, &pos, &e, &t)) {
		lineno += lines_to(text, seen, (size_t)(e.p - text));
		seen = (size_t)(e.p - text);
		if (t == PP_JOBJECT)
			map_value(j, e.p, e.len, lineno, level, 0);
		else if (t != PP_JNULL && !j->quiet)
			not_object(j, lineno);
	}
}

/* Does the array hold an object (a list of papers, perhaps)? */
static int
has_objects(struct pp_span array)
{
	struct pp_span e;
	enum pp_jtype t;
	size_t pos = 0;

	while (pp_json_array_next(&array, &pos, &e, &t))
		if (t == PP_JOBJECT)
			return 1;
	return 0;
}

/* Has the object an array of objects (a list of papers, perhaps)? */
static int
has_lists(const struct obj *o)
{
	size_t i;

	for (i = 0; i < o->rec.nmembers; i++)
		if (o->rec.members[i].type == PP_JARRAY &&
		    has_objects(o->rec.members[i].value))
			return 1;
	return 0;
}

/*
 * One JSON object: a paper, or a response that wraps lists of papers
 * (every array of objects in it: "data", "papers", "results",
 * "dailyPapers" in a Hugging Face page's data-props).
 */
static void
map_value(struct json *j, const char *text, size_t len, unsigned long lineno,
    int level, int parsed)
{
	struct obj *o;
	const struct pp_member *m;
	size_t i;
	int lists = 0;

	if (level > LEVELS - 2) {
		split_bad(j->sp, lineno, "papers nested too deep: skipped");
		return;
	}
	o = &j->obj[level];
	if (parse(j, o, text, len, lineno, parsed) == -1)
		return;
	text = o->rec.line;	/* the repaired copy, if UTF-8 was */
	if (o->at[S_TITLE] != NULL || paper_member(o) != NULL) {
		map_paper(j, level, lineno);
		return;
	}
	/* in a page's JSON, an element of a list that is no paper is
	   another component's: a list of models, of authors */
	if (j->quiet && level > 0 && !has_lists(o))
		return;
	for (i = 0; i < o->rec.nmembers; i++) {
		m = &j->obj[level].rec.members[i];
		if (m->type != PP_JARRAY || !has_objects(m->value))
			continue;
		lists++;
		/* the next level's parse leaves this one's members alone */
		map_list(j, text, m->value, lineno + lines_to(text, 0,
		    (size_t)(m->value.p - text)), level + 1);
	}
	if (lists == 0 && !j->quiet)
		split_bad(j->sp, lineno, "a JSON object with no title and no "
		    "list of papers: skipped");
}

/* --- the scanner --------------------------------------------------------- */

static void
unit_start(struct json *j, const char *line, size_t i, unsigned long lineno)
{
	size_t k;

	j->in_unit = 1;
	j->unit_line = lineno;
	pp_buf_reset(&j->unit);
	for (k = 0; k < i && (line[k] == ' ' || line[k] == '\t'); k++)
		;
	j->unit_first = k == i;
	j->unit_col = i;
}

/* A value was collected: an element of the top-level array, or a document. */
static void
unit_end(struct json *j)
{
	const char *s = j->unit.s;
	size_t len = j->unit.len;

	j->in_unit = 0;
	while (len > 0 && isspace((unsigned char)s[len - 1]))
		len--;
	if (s[0] == '{')
		map_value(j, s, len, j->unit_line, 0, 0);
	else if (!(len == 4 && memcmp(s, "null", 4) == 0) && !j->quiet)
		not_object(j, j->unit_line);
}

/*
 * The value being read cannot be one: report it where it starts, and skip
 * to where a new one does.
 */
static void
broken(struct json *j, unsigned long lineno, const char *what)
{
	unsigned long start = j->in_unit ? j->unit_line : j->top_line;

	if (start == lineno)
		split_bad(j->sp, start, "invalid JSON: %s", what);
	else
		split_bad(j->sp, start, "invalid JSON: %s (line %lu)", what,
		    lineno);
	j->in_unit = 0;
	j->instr = j->esc = 0;
	j->skip = 1;
}

/* A list of papers starts: its elements are at depth. */
static void
list_start(struct json *j, const char *line, int depth)
{
	size_t k;

	for (k = 0; line[k] == ' ' || line[k] == '\t'; k++)
		;
	j->list = depth;
	j->list_col = k;
}

/* A key of a '{' document ends: a paper's keys say it is no wrapper. */
static void
key_end(struct json *j)
{
	static const char *const paperish[] = {
		"title", "paper", "citingPaper", "citedPaper"
	};
	size_t i;

	j->in_key = 0;
	j->expect_key = 0;
	for (i = 0; i < sizeof(paperish) / sizeof(paperish[0]); i++)
		if (j->keylen == strlen(paperish[i]) &&
		    memcmp(j->key, paperish[i], j->keylen) == 0)
			j->not_wrapper = 1;
}

static int
is_list_key(const struct json *j)
{
	size_t i;

	for (i = 0; i < sizeof(list_keys) / sizeof(list_keys[0]); i++)
		if (j->keylen == strlen(list_keys[i]) &&
		    memcmp(j->key, list_keys[i], j->keylen) == 0)
			return 1;
	return 0;
}

static void
new_document(struct json *j)
{
	j->depth = 0;
	j->top = 0;
	j->in_unit = 0;
	j->skip = 0;
	j->indented = 0;
	j->list = 0;
	j->in_key = j->value_next = j->not_wrapper = 0;
}

/*
 * A line that starts a value where the broken one was, or a new document
 * at the left margin, ends the skip (pretty printers indent what is inside
 * a value deeper than the value).  Also catches a value never closed: a
 * new one starts at its own indentation, when the document is indented
 * at all (Python's indent=0 puts every line at the left margin).
 */
static void
restart(struct json *j, const char *s, size_t len, unsigned long lineno)
{
	size_t ind;

	for (ind = 0; ind < len && (s[ind] == ' ' || s[ind] == '\t'); ind++)
		;
	if (ind == len)
		return;
	if (j->list && j->unit_first && ind == j->unit_col &&
	    s[ind] == '{' && (j->skip || (j->unit_col > 0 && j->in_unit &&
	    j->depth > j->list))) {
		if (!j->skip)
			broken(j, lineno, "not closed before the next "
			    "element");
		j->skip = 0;
		j->depth = j->list;
		return;
	}
	if (ind == 0 && (s[0] == '{' || s[0] == '[') && (j->skip ||
	    (j->indented && j->depth > 0 &&
	    !(j->list && j->depth == j->list)))) {
		if (!j->skip)
			broken(j, lineno, "not closed before the next "
			    "document");
		new_document(j);
		return;
	}
	if (j->skip && j->list && ind == j->list_col && s[ind] == ']') {
		j->skip = 0;
		j->depth = j->list;
	}
}

static int
starts(const char *s, size_t len, const char *word)
{
	size_t n = strlen(word);

	return len >= n && memcmp(s, word, n) == 0;
}

/* One line of JSON text: see the comment at the top. */
static void
scan_line(struct json *j, const char *s, size_t len, unsigned long lineno)
{
	size_t i, seg = 0, n = len;
	unsigned char c;
	int scalar;

	if (j->depth > 0 && !j->instr && len > 0 &&
	    (s[0] == ' ' || s[0] == '\t'))
		j->indented = 1;
	if ((j->depth > 0 || j->skip) && !j->instr)
		restart(j, s, len, lineno);
	if (j->skip)
		return;
	if (j->depth == 0) {
		/* one whole object on the line: NDJSON */
		for (i = 0; i < len && isspace((unsigned char)s[i]); i++)
			;
		while (n > i && isspace((unsigned char)s[n - 1]))
			n--;
		if (i == n)
			return;
		if (s[i] == '{' && s[n - 1] == '}' &&
		    pp_record_parse(&j->obj[0].rec, s + i, n - i, NULL, 0) ==
		    PP_JSON_OK) {
			map_value(j, s + i, n - i, lineno, 0, 1);
			j->ndjson = 1;
			j->junk = 0;
			return;
		}
	}
	for (i = 0; i < len; i++) {
		c = (unsigned char)s[i];
		if (j->instr && !j->esc && !j->in_key && c != '"' && c != '\\') {
			/* most bytes are inside strings: to the next quote */
			const char *q = memchr(s + i, '"', len - i);
			const char *bs = memchr(s + i, '\\', (q != NULL ? q :
			    s + len) - (s + i));

			if (bs != NULL)
				q = bs;
			if (q == NULL)
				break;
			i = (size_t)(q - s);
			c = (unsigned char)s[i];
		}
		if (j->instr) {
			if (j->esc)
				j->esc = 0;
			else if (c == '\\') {
				j->esc = 1;
				if (j->in_key)	/* no name of ours */
					j->keylen = sizeof(j->key);
			}
			else if (c == '"') {
				j->instr = 0;
				if (j->in_key)
					key_end(j);
			} else if (j->in_key && j->keylen < sizeof(j->key))
				j->key[j->keylen++] = (char)c;
			continue;
		}
		if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
			continue;
		if (j->depth == 0) {
			if (c == '{' || c == '[') {
				if (j->sp->page_papers > 0)
					split_page(j->sp);
				j->junk = 0;
				j->top = c;
				j->top_line = lineno;
				j->top_col = i;
				j->depth = 1;
				if (c == '[')
					list_start(j, s, 1);
				else {
					unit_start(j, s, i, lineno);
					seg = i;
					j->expect_key = 1;
				}
				continue;
			}
			/* a bare value, or text that is not JSON */
			scalar = strchr("\"-0123456789", c) != NULL ||
			    starts(s + i, len - i, "true") ||
			    starts(s + i, len - i, "false") ||
			    starts(s + i, len - i, "null");
			if (j->quiet && scalar)
				return;
			/*
			 * A run of lines that are not JSON is said once, at its
			 * first; a line that is one value each time, as NDJSON's
			 * lines are
			 */
			if (scalar && (!j->junk || one_value(j, s + i, len - i)))
				not_object(j, lineno);
			else if (!j->junk)
				split_bad(j->sp, lineno, "invalid JSON: '%c' "
				    "outside any object or array", c);
			j->junk = 1;
			return;
		}
		if (j->list && j->depth == j->list) {
			if (c == ',' || c == ']') {
				if (j->in_unit) {
					pp_buf_add(&j->unit, s + seg, i - seg);
					unit_end(j);
				}
				if (c == ']' && j->list == 1)
					new_document(j);
				else if (c == ']') {
					j->list = 0;	/* back in the wrapper */
					j->depth--;
				}
				continue;
			}
			if (!j->in_unit) {
				unit_start(j, s, i, lineno);
				seg = i;
			}
		} else if (j->top == '{' && j->depth == 1) {
			/* a member of a document: is it a list of papers? */
			if (c == ':') {
				j->value_next = 1;
				continue;
			}
			if (c == ',') {
				j->expect_key = 1;
				continue;
			}
			if (c == '[' && j->value_next && !j->not_wrapper &&
			    is_list_key(j)) {
				j->in_unit = 0;	/* the wrapper is not kept */
				j->value_next = 0;
				j->depth = 2;
				list_start(j, s, 2);
				continue;
			}
			if (c == '"' && j->expect_key) {
				j->in_key = 1;
				j->keylen = 0;
			}
			j->value_next = 0;
		}
		if (c == '"')
			j->instr = 1;
		else if (c == '{' || c == '[')
			j->depth++;
		else if (c == '}' || c == ']') {
			j->depth--;
			if (j->list && j->depth == j->list && j->in_unit) {
				pp_buf_add(&j->unit, s + seg, i + 1 - seg);
				unit_end(j);
			} else if (j->depth == 0) {
				if (j->in_unit) {
					pp_buf_add(&j->unit, s + seg,
					    i + 1 - seg);
					unit_end(j);
				}
				j->ndjson = j->top_line == lineno;
				new_document(j);
			}
		}
	}
	if (j->instr)
		broken(j, lineno, "a string is not closed at the end of the "
		    "line");
	else if (j->ndjson && j->top == '{' && j->top_line == lineno &&
	    !pp_is_blank(s + j->top_col + 1, len - j->top_col - 1)) {
		/* NDJSON: a line is a record; the next line is the next */
		broken(j, lineno, "the object is not closed at the end of the "
		    "line");
		new_document(j);
	} else if (j->in_unit) {
		pp_buf_add(&j->unit, s + seg, len - seg);
		pp_buf_addc(&j->unit, '\n');
	}
}

static void
scan_end(struct json *j, unsigned long lineno)
{
	if (j->depth > 0 && !j->skip) {
		if (j->in_unit || j->top == '{')
			broken(j, lineno, "the file ends inside this value: "
			    "not closed");
		else
			split_bad(j->sp, j->top_line, "invalid JSON: the array "
			    "is not closed");
	}
	new_document(j);
}

static void
json_free(struct json *j)
{
	int i;

	for (i = 0; i < LEVELS; i++) {
		pp_record_free(&j->obj[i].rec);
		free(j->obj[i].used);
	}
	pp_record_free(&j->aux);
	pp_buf_free(&j->tmp);
	pp_buf_free(&j->tmp2);
	pp_buf_free(&j->tmp3);
	pp_buf_free(&j->id);
	pp_buf_free(&j->fix);
	pp_buf_free(&j->unit);
}

void
split_json_text(struct split *sp, const char *text, size_t len,
    unsigned long lineno)
{
	struct json j = { .sp = sp, .quiet = 1 };
	const char *nl, *end = text + len;

	while (text < end) {
		nl = memchr(text, '\n', (size_t)(end - text));
		scan_line(&j, text, nl != NULL ? (size_t)(nl - text) :
		    (size_t)(end - text), lineno);
		if (nl == NULL)
			break;
		text = nl + 1;
		lineno++;
	}
	scan_end(&j, lineno);
	json_free(&j);
}

/*
 * Is a member of a component's props a list of papers?  "dailyPapers" on
 * daily, week and month pages, "papers" and the like elsewhere; a paper
 * page's props hold the one "paper".  Other lists (linked models, spaces,
 * collections) are not read: their titles are not papers', nor is the
 * state of the component (canReadDatabase) a paper's key.
 */
static int
papers_key(const struct pp_member *m)
{
	const char *k = m->key.p;
	size_t n = m->key.len;

	if (m->type == PP_JARRAY)
		return (n >= 6 && strncasecmp(k + n - 6, "papers", 6) == 0) ||
		    (n == 7 && strncmp(k, "results", 7) == 0) ||
		    (n == 13 && strncmp(k, "searchResults", 13) == 0);
	return m->type == PP_JOBJECT && n == 5 && strncmp(k, "paper", 5) == 0;
}

void
split_props_json(struct split *sp, const char *json, size_t len,
    unsigned long lineno)
{
	struct pp_record props = { 0 };
	const struct pp_member *m;
	size_t i;
	char err[8];

	if (pp_record_parse(&props, json, len, err, sizeof(err)) ==
	    PP_JSON_OK)
		for (i = 0; i < props.nmembers; i++) {
			m = &props.members[i];
			/* the list, or the paper, without the state */
			if (papers_key(m))
				split_json_text(sp, m->value.p, m->value.len,
				    lineno);
		}
	pp_record_free(&props);
}

static void
json_read(struct split *sp, struct pp_input *in)
{
	struct json j = { .sp = sp };

	/*
	 * A JSON file's records are data, not a page's cards: each is
	 * written, as cat would (pp-grep --unique drops repeats on request).
	 */
	sp->every_paper = 1;
	while (pp_input_next(in) == 1)
		scan_line(&j, in->line, in->len, in->lineno);
	scan_end(&j, in->lineno);
	sp->every_paper = 0;
	json_free(&j);
}

/*
 * JSON starts with an object or an array of values; "[Title](url)", a
 * Markdown link, does not.
 */
static int
json_detect(const char *head, size_t len)
{
	const char *p = head, *end = head + len;
	char open;

	if (len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	while (p < end && isspace((unsigned char)*p))
		p++;
	if (p == end || (*p != '{' && *p != '['))
		return 0;
	open = *p;
	for (p++; p < end && isspace((unsigned char)*p); p++)
		;
	if (p == end)
		return 50;
	if (open == '{')
		return *p == '"' || *p == '}' ? 90 : 0;
	if (*p == '{')
		return 90;
	if (*p == ']') {
		/*
		 * [] alone, or before more JSON; not the "[]" of an empty
		 * link that starts a text (pandoc -t plain of an arXiv page)
		 */
		for (p++; p < end && isspace((unsigned char)*p); p++)
			;
		return p == end || json_detect(p, (size_t)(end - p)) > 0 ?
		    70 : 0;
	}
	if (*p == '[' || *p == '"')
		return 70;
	/*
	 * [null, {...}] (a batch answer) or [1, 2]; not "[1]  arXiv:..."
	 * (a listing's numbered entries): after the first value, a comma, or
	 * the end of the array and of the line.
	 */
	if (end - p >= 4 && memcmp(p, "null", 4) == 0)
		p += 4;
	else if (isdigit((unsigned char)*p) || *p == '-')
		while (p < end && strchr("+-.eE0123456789", *p) != NULL &&
		    *p != '\0')
			p++;
	else
		return 0;
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\r'))
		p++;
	if (p < end && *p == ',')
		return 60;
	if (p < end && *p == ']') {
		for (p++; p < end && (*p == ' ' || *p == '\t' || *p == '\r');
		    p++)
			;
		return p == end || *p == '\n' ? 60 : 0;
	}
	return 0;
}

const struct reader reader_json = {
	"json",
	"NDJSON, arrays, pretty-printed documents, API responses "
	"(Hugging Face, Semantic Scholar, the arXiv snapshot)",
	json_detect, json_read, 0
};
