/*
 * arXiv listings as text: the mailing format ("arXiv:ID", "Date:",
 * "Title:", "Authors:", "Categories:", "Comments:", "\\", the abstract,
 * "\\ ( URL , 14kb)") and the web listing copied from a browser ("[12]
 * arXiv:ID [pdf, other]", "Subjects:", the abstract without "\\"), and
 * search results ("1. arXiv:ID", the title without a label).  Each
 * header label a paper shows becomes a key: those DESIGN names (doi,
 * venue from Journal-ref) as such, others (MSC-class, Report-no, ...) as
 * keys of their own, as many as the entry has.
 */
#define _GNU_SOURCE		/* memmem */
#include <stddef.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

/* A label DESIGN does not name: "MSC-class" as msc_class. */
struct ax_extra {
	struct pp_buf	 key;
	struct text	 t;
};

struct ax {
	struct split	*sp;
	int		 state;		/* 0 outside, 1 header, 2 abstract */
	unsigned long	 start;
	struct text	 id, title, authors, categories, comments, abstract, url;
	struct text	 doi, venue;
	struct text	 submitted;	/* a search result's "Submitted ..." */
	struct pp_buf	 idbuf;		/* arxiv_id()'s */
	struct ax_extra	*extra;
	size_t		 nextra, extracap;
	struct text	*field;		/* continuation lines go here */
	struct date	 date;
	int		 subjects;	/* categories as "Name (code); ..." */
	int		 gap;		/* a blank line after Subjects */
	int		 blank;		/* the line before was blank */
	size_t		 cols;		/* the width of the line before */
	int		 open_end;	/* the line before ends mid-phrase */
	int		 guessed;	/* authors: the unlabelled line */
	int		 search;	/* a search result: "1. arXiv:ID" */
	int		 bare_title;	/* its title, unlabelled, unconfirmed */
	int		 listing;	/* a web listing's "[N] arXiv:ID" */
	int		 cite_next;	/* "Cite as:" alone: the id follows */
	int		 replaced;	/* "arXiv:ID (replaced)": a new version */
	size_t		 label_indent;	/* the blanks before the last label */
	int		 abstract_indented;	/* as the labels are */
	int		 abstract_under;	/* right under Subjects */
	/* of the file so far, for the 2024 listings' unlabelled authors */
	size_t		 maxcols;	/* the widest line, URLs left out */
	int		 authors_label;	/* an "Authors:" label was seen */
	int		 blank_authors;	/* authors come after a blank line */
};

/* Header labels that fill a key of the record. */
static const struct {
	const char	*label;
	size_t		 offset;	/* of the struct text in struct ax */
	int		 subjects;
} labels[] = {
	{ "Title",	offsetof(struct ax, title),	0 },
	{ "Authors",	offsetof(struct ax, authors),	0 },
	{ "Categories",	offsetof(struct ax, categories), 0 },
	{ "Subjects",	offsetof(struct ax, categories), 1 },	/* web listing */
	{ "Comments",	offsetof(struct ax, comments),	0 },
	{ "DOI",	offsetof(struct ax, doi),	0 },
	{ "Journal-ref", offsetof(struct ax, venue),	0 },
	/* an /abs/ page as a browser copies it */
	{ "Abstract",	offsetof(struct ax, abstract),	0 },
	{ "Journal reference", offsetof(struct ax, venue), 0 },
	/* a search result */
	{ "Journal ref", offsetof(struct ax, venue),	0 },
	{ "Related DOI", offsetof(struct ax, doi),	0 },
};

static void
ax_clear(struct ax *a)
{
	size_t i;

	a->state = 0;
	a->id.set = a->title.set = a->authors.set = a->categories.set = 0;
	a->comments.set = a->abstract.set = a->url.set = 0;
	a->doi.set = a->venue.set = a->submitted.set = 0;
	for (i = 0; i < a->nextra; i++)
		a->extra[i].t.set = 0;
	a->nextra = 0;
	a->field = NULL;
	a->date.y = 0;
	a->subjects = a->gap = a->guessed = a->search = a->bare_title = 0;
	a->replaced = 0;
	a->label_indent = 0;
	a->abstract_indented = 0;
	a->abstract_under = 0;
}

/*
 * Do a web listing's subjects end here, with a code in parentheses
 * ("Logic in Computer Science (cs.LO)")?  A line wrapped in them ends in
 * a name or after "; ".  Then an indented line that follows, without a
 * blank line (html2text(1)), is the abstract.
 */
static int
subjects_done(const char *s, size_t len)
{
	size_t i;

	while (len > 0 && is_space((unsigned char)s[len - 1]))
		len--;
	if (len < 3 || s[len - 1] != ')')
		return 0;
	for (i = len - 1; i-- > 0 && s[i] != '(';)
		if (!isalnum((unsigned char)s[i]) && s[i] != '.' &&
		    s[i] != '-')
			return 0;
	return i < len && s[i] == '(' && i + 2 < len;
}

/*
 * The codes of a web listing's subjects, "Computational Finance
 * (q-fin.CP); Statistical Mechanics (cond-mat.stat-mech)", as categories.
 */
static void
subjects_put(struct pp_paper *p, const char *s, size_t len)
{
	const char *q = s, *end = s + len, *open, *close, *c;
	size_t n;

	while ((open = memchr(q, '(', (size_t)(end - q))) != NULL &&
	    (close = memchr(open, ')', (size_t)(end - open))) != NULL) {
		/* "(cs.AI )": a line wrapped before the parenthesis closed */
		c = open + 1;
		n = (size_t)(close - c);
		split_trim(&c, &n);
		if (n > 0 && memchr(c, ' ', n) == NULL)
			text_put(p, PP_CATEGORIES, c, n);
		q = close + 1;
	}
}

static void
put_set(struct pp_paper *p, enum pp_key k, const struct text *t)
{
	if (t->set)
		text_put(p, k, t->q.s, t->q.len);
}

/*
 * What a search result shows in its own way: the abstract cut short, then
 * "▽ More", the whole, and "△ Less"; and the date of the first version,
 * "v1 submitted 8 June, 2023", the paper's date as every reader has it.
 */
static void
ax_search_end(struct ax *a)
{
	static const char more[] = "\xe2\x96\xbd More ";
	static const char less[] = " \xe2\x96\xb3 Less";
	struct pp_buf *q = &a->abstract.q;
	const char *s, *v1;
	size_t n;

	if (a->abstract.set && (s = memmem(q->s, q->len, more,
	    sizeof(more) - 1)) != NULL) {
		n = (size_t)(s - q->s) + sizeof(more) - 1;
		memmove(q->s, q->s + n, q->len - n);
		q->len -= n;
		if (q->len >= sizeof(less) - 1 && memcmp(q->s + q->len -
		    (sizeof(less) - 1), less, sizeof(less) - 1) == 0)
			q->len -= sizeof(less) - 1;
		q->s[q->len] = '\0';
	}
	if (a->submitted.set && a->date.y == 0) {
		s = a->submitted.q.s + 10;	/* "Submitted " */
		n = a->submitted.q.len - 10;
		if ((v1 = memmem(s, n, "v1 submitted ", 13)) != NULL) {
			n -= (size_t)(v1 + 13 - s);
			s = v1 + 13;
		}
		parse_rfc_date(s, n, &a->date);
	}
}

static void
ax_emit(struct ax *a)
{
	struct pp_paper *p = &a->sp->paper;
	const char *flaw;
	struct pp_buf *v;
	size_t i;
	int n;

	if (a->state == 0)
		return;
	/*
	 * A search result's title has no label: a line under "1. arXiv:ID"
	 * is one only when the result has categories or authors, not in a
	 * numbered list of ids with notes.
	 */
	if (a->bare_title && !a->categories.set && !a->authors.set)
		a->title.set = 0;
	if (!a->title.set || a->title.q.len == 0) {
		split_bad(a->sp, a->start, "arXiv entry without a title skipped");
		ax_clear(a);
		return;
	}
	if ((flaw = title_flaw(a->title.q.s, a->title.q.len)) != NULL) {
		split_bad(a->sp, a->start, "%s: %.*s", flaw,
		    (int)pp_text_fit(a->title.q.s, a->title.q.len, 40, NULL),
		    a->title.q.s);
		ax_clear(a);
		return;
	}
	/*
	 * After a blank line, the paragraph is the abstract (a browser's copy,
	 * Markdown converters) unless it is the page's: a heading ("Cross
	 * submissions (showing 1 of 1 entries)") after an entry without one.
	 */
	if ((a->gap || a->abstract_under) && a->abstract.set &&
	    !looks_abstract(a->abstract.q.s, a->abstract.q.len))
		a->abstract.set = 0;
	put_set(p, PP_TITLE, &a->title);
	if (a->search)
		ax_search_end(a);
	put_set(p, PP_ABSTRACT, &a->abstract);
	if (a->authors.set && a->authors.q.len > 0) {
		n = authors_put(p, a->authors.q.s, a->authors.q.len);
		int_put(p, PP_N_AUTHORS, n);
	}
	if (a->date.y != 0)
		date_put(p, &a->date);
	put_set(p, PP_ID, &a->id);
	if (a->categories.set && a->subjects)
		subjects_put(p, a->categories.q.s, a->categories.q.len);
	else if (a->categories.set)
		words_put(p, PP_CATEGORIES, a->categories.q.s,
		    a->categories.q.len);
	put_set(p, PP_COMMENTS, &a->comments);
	if (a->doi.set && a->doi.q.len > 0) {
		/* "https://doi.org/10.3847/...", as an /abs/ page links it */
		const char *d = a->doi.q.s, *end = d + a->doi.q.len;

		while (d + 3 < end && (d[0] != '1' || d[1] != '0' ||
		    d[2] != '.'))
			d++;
		if (d + 3 >= end)
			d = a->doi.q.s;
		text_put(p, PP_DOI, d, (size_t)(end - d));
	}
	put_set(p, PP_VENUE, &a->venue);
	for (i = 0; i < a->nextra; i++) {
		v = &p->tmp;
		pp_buf_reset(v);
		pp_buf_addc(v, '"');
		pp_buf_add(v, a->extra[i].t.q.s, a->extra[i].t.q.len);
		pp_buf_addc(v, '"');
		pp_paper_extra(p, a->extra[i].key.s, a->extra[i].key.len,
		    v->s, v->len);
	}
	if (a->replaced)
		pp_paper_extra(p, "replaced", 8, "true", 4);
	if (a->url.set)
		put_set(p, PP_URL, &a->url);
	else if (a->id.set) {
		v = &p->json[PP_URL];
		pp_buf_reset(v);
		pp_buf_adds(v, "\"https://arxiv.org/abs/");
		pp_buf_add(v, a->id.q.s, a->id.q.len);
		pp_buf_addc(v, '"');
		p->count[PP_URL] = 1;
	}
	split_emit(a->sp, p, a->start);
	ax_clear(a);
}

/* Is name a key pp records have, or pp-rank's score? */
static int
is_record_key(const char *name, size_t len)
{
	return pp_key_lookup(name, len) >= 0 ||
	    (len == 5 && memcmp(name, "score", 5) == 0);
}

/*
 * The length of "label:" at the start of s, or 0.  A space in the label
 * may be several (a no-break space, unbroken into two: pandoc).
 */
static size_t
label_at(const char *s, size_t len, const char *label)
{
	size_t i = 0;

	for (; *label != '\0'; label++) {
		if (i == len || s[i] != *label)
			return 0;
		i++;
		if (*label == ' ')
			while (i < len && s[i] == ' ')
				i++;
	}
	return i < len && s[i] == ':' ? i + 1 : 0;
}

/* Does s start with one of the labels that fill a key ("Title:")? */
static int
is_label(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < sizeof(labels) / sizeof(labels[0]); i++)
		if (label_at(s, len, labels[i].label) > 0)
			return 1;
	return 0;
}

/* "Key: value" at the start of a header line: the field to fill, or NULL. */
static struct text *
ax_field(struct ax *a, const char *s, size_t len, size_t *skip,
    const struct pp_input *in)
{
	struct ax_extra *e;
	struct text *t;
	size_t k, i;

	/*
	 * The labels of two words first: "Journal reference:", the space
	 * maybe a no-break space (two spaces once unbroken, pandoc).
	 */
	for (i = 0; i < sizeof(labels) / sizeof(labels[0]); i++)
		if (strchr(labels[i].label, ' ') != NULL &&
		    (k = label_at(s, len, labels[i].label)) > 0) {
			*skip = k;
			return (struct text *)((char *)a + labels[i].offset);
		}
	for (k = 0; k < len && ((s[k] >= 'A' && s[k] <= 'Z') ||
	    (s[k] >= 'a' && s[k] <= 'z') || s[k] == '-'); k++)
		;
	/* "https://doi.org/...": a URL, no label */
	if (k == 0 || k >= len || s[k] != ':' ||
	    (k + 2 < len && s[k + 1] == '/' && s[k + 2] == '/'))
		return NULL;
	*skip = k + 1;
	if (k == 4 && memcmp(s, "Date", 4) == 0) {
		parse_rfc_date(s + 5, len - 5, &a->date);
		return NULL;
	}
	for (i = 0; i < sizeof(labels) / sizeof(labels[0]); i++)
		if (strlen(labels[i].label) == k &&
		    memcmp(s, labels[i].label, k) == 0)
			break;
	if (i < sizeof(labels) / sizeof(labels[0])) {
		t = (struct text *)((char *)a + labels[i].offset);
		if (labels[i].subjects)
			a->subjects = 1;
	} else {
		/* MSC-class, Report-no...: keys of their own */
		if (a->nextra == a->extracap) {
			a->extracap = a->extracap != 0 ? 2 * a->extracap : 8;
			a->extra = xreallocarray(a->extra, a->extracap,
			    sizeof(*a->extra));
			memset(a->extra + a->nextra, 0, (a->extracap -
			    a->nextra) * sizeof(*a->extra));
		}
		e = &a->extra[a->nextra++];
		pp_buf_reset(&e->key);
		for (i = 0; i < k; i++)
			pp_buf_addc(&e->key, s[i] == '-' ? '_' :
			    lower((unsigned char)s[i]));
		/*
		 * A label spelled like a key of the record ("Source:",
		 * "TITLE:") must not add a second one, or one of the wrong
		 * type: it is kept as arxiv_source, arxiv_title.
		 */
		if (is_record_key(e->key.s, e->key.len)) {
			pp_buf_add(&e->key, "arxiv_", 6);
			memmove(e->key.s + 6, e->key.s, e->key.len - 6);
			memcpy(e->key.s, "arxiv_", 6);
		}
		t = &e->t;
	}
	text_reset(t, in->lineno);
	t->set = 1;
	return t;
}

/*
 * A mailing's separator between entries: ten or more '-' (or '%', the
 * older mailings').
 */
static int
is_mailing_rule(const char *s, size_t len)
{
	size_t i;

	if (len < 10)
		return 0;
	for (i = 0; i < len; i++)
		if (s[i] != '-' && s[i] != '%')
			return 0;
	return 1;
}

/*
 * The line that starts an entry: "arXiv:ID", alone or with
 * "(*cross-listing*)", as arXiv's web listing shows it ("[12]  arXiv:ID
 * [pdf, other]"), or as the mailings before 2007 did ("Paper: ID",
 * "Paper (*cross-listing*): ID").  *id and *end get where the id starts
 * and ends.  An abstract line that starts with an id is none.
 */
/* Is s a no-break space, U+00A0 in UTF-8? */
static int
is_nbsp(const char *s, size_t len)
{
	return len >= 2 && (unsigned char)s[0] == 0xc2 &&
	    (unsigned char)s[1] == 0xa0;
}

int
ax_id_line(const char *s, size_t len, size_t *id, size_t *end)
{
	size_t n = 0, k;

	if (len > 6 && memcmp(s, "Paper", 5) == 0 &&
	    (s[5] == ':' || s[5] == ' ')) {
		for (n = 5; n < len && s[n] == ' '; n++)
			;
		if (n < len && s[n] == '(') {
			while (n < len && s[n] != ')')
				n++;
			for (n++; n < len && s[n] == ' '; n++)
				;
		}
		if (n >= len || s[n] != ':')
			return 0;
		for (n++; n < len && is_space((unsigned char)s[n]); n++)
			;
		if (starts(s + n, len - n, "arXiv:"))
			n += 6;
		/* an id has a digit and a '.' or '/' in it */
		*id = n;
		for (; n < len && !is_space((unsigned char)s[n]); n++)
			;
		*end = n;
		if (*end == *id || (memchr(s + *id, '/', *end - *id) == NULL &&
		    memchr(s + *id, '.', *end - *id) == NULL))
			return 0;
		while (n < len && is_space((unsigned char)s[n]))
			n++;
		return n == len || s[n] == '(' || s[n] == '[';
	}
	if (len > 0 && s[0] >= '1' && s[0] <= '9') {
		/* a search result: "1. arXiv:2306.05432  [pdf, other]" */
		for (n = 1; n < len && s[n] >= '0' && s[n] <= '9'; n++)
			;
		if (n + 1 >= len || s[n] != '.' || !is_space((unsigned char)s[n + 1]))
			return 0;
		for (n++; n < len && is_space((unsigned char)s[n]); n++)
			;
	} else if (len > 2 && (s[0] == '-' || s[0] == '*') && s[1] == ' ' &&
	    starts(s + 2, len - 2, "arXiv:")) {
		n = 2;	/* the same, its number a bullet (Markdown) */
	} else if (len > 0 && s[0] == '[') {
		for (n = 1; n < len && s[n] >= '0' && s[n] <= '9'; n++)
			;
		if (n == 1 || n == len || s[n] != ']')
			return 0;
		/* spaces, or the no-break space the web listing has there */
		for (n++; n < len; n++)
			if (is_nbsp(s + n, len - n))
				n++;
			else if (!is_space((unsigned char)s[n]))
				break;
	}
	if (n > 0 && n < len && s[n] == '[') {
		/* lynx's link number: "[1] [4]arXiv:2408.17434" */
		for (k = n + 1; k < len && s[k] >= '0' && s[k] <= '9'; k++)
			;
		if (k > n + 1 && k < len && s[k] == ']' &&
		    starts(s + k + 1, len - k - 1, "arXiv:"))
			n = k + 1;
	}
	if (!starts(s + n, len - n, "arXiv:") || len - n == 6 ||
	    is_space((unsigned char)s[n + 6]))
		return 0;
	*id = n + 6;
	for (n += 6; n < len && !is_space((unsigned char)s[n]) &&
	    !is_nbsp(s + n, len - n); n++)
		;
	*end = n;
	/* spaces, or no-break ones (a page saved by Turndown) */
	while (n < len && (is_space((unsigned char)s[n]) ||
	    is_nbsp(s + n, len - n)))
		n += is_nbsp(s + n, len - n) ? 2 : 1;
	return n == len || s[n] == '(' || s[n] == '[';
}

/*
 * "María Pérez, Wei Zhang, Euclid Collaboration": names separated by
 * commas, each word capitalised but for the particles of names.  A title's
 * wrapped line has words in lower case, or no comma.
 */
static int
looks_like_names(const char *s, size_t len)
{
	static const char *const particles[] = {
		"de", "del", "della", "der", "den", "van", "von", "da", "di",
		"du", "la", "le", "y", "and", "et", "al.", NULL
	};
	size_t i, n;
	int j, ok;

	if (memchr(s, ',', len) == NULL)
		return 0;
	for (i = 0; i < len; i += n) {
		while (i < len && (is_space((unsigned char)s[i]) || s[i] == ','))
			i++;
		for (n = 0; i + n < len && !is_space((unsigned char)s[i + n]) &&
		    s[i + n] != ','; n++)
			;
		if (n == 0)
			break;
		if ((s[i] >= 'A' && s[i] <= 'Z') || (unsigned char)s[i] >= 0x80)
			continue;
		for (ok = 0, j = 0; particles[j] != NULL && !ok; j++)
			ok = strlen(particles[j]) == n &&
			    memcmp(particles[j], s + i, n) == 0;
		if (!ok)
			return 0;
	}
	return 1;
}

/* Has s a word of 30 bytes or more: a URL, which no wrapping breaks? */
static int
has_long_word(const char *s, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++)
		if (is_space((unsigned char)s[i]))
			n = 0;
		else if (++n >= 30)
			return 1;
	return 0;
}

/*
 * Does s end mid-phrase, so that the next line goes on with it: after a
 * comma, colon, semicolon or hyphen, or a word that needs one after it
 * ("of", "for", "over").
 */
static int
open_end(const char *s, size_t len)
{
	static const char *const words[] = {
		"a", "an", "and", "at", "by", "for", "from", "in", "into", "of",
		"on", "or", "over", "the", "to", "via", "with", NULL
	};
	size_t i, n;

	while (len > 0 && is_space((unsigned char)s[len - 1]))
		len--;
	if (len == 0)
		return 0;
	if (strchr(",:;-(", s[len - 1]) != NULL)
		return 1;
	for (n = 0; n < len && !is_space((unsigned char)s[len - 1 - n]); n++)
		;
	for (i = 0; words[i] != NULL; i++)
		if (strlen(words[i]) == n &&
		    strncasecmp(s + len - n, words[i], n) == 0)
			return 1;
	return 0;
}

/* The width of s in characters (UTF-8), trailing white space left out. */
static size_t
columns(const char *s, size_t len)
{
	size_t i, n = 0;

	while (len > 0 && is_space((unsigned char)s[len - 1]))
		len--;
	for (i = 0; i < len; i++)
		n += ((unsigned char)s[i] & 0xc0) != 0x80;
	return n;
}

/* The id without its version: "2303.08867v2" is 2303.08867. */
static size_t
id_len(const char *id, size_t len)
{
	size_t n = len;

	while (n > 0 && id[n - 1] >= '0' && id[n - 1] <= '9')
		n--;
	if (n < len && n >= 2 && id[n - 1] == 'v' && id[n - 2] >= '0' &&
	    id[n - 2] <= '9')
		return n - 1;
	return len;
}

/* The entry's id: as arxiv_id() gives it, else as written, unversioned. */
static void
ax_set_id(struct ax *a, const char *s, size_t len, const struct pp_input *in)
{
	if (arxiv_id(s, len, &a->idbuf) == len)
		text_add(&a->id, a->idbuf.s, a->idbuf.len, in);
	else
		text_add(&a->id, s, id_len(s, len), in);
}

/*
 * The head of a mailing ("Subject: math.OA daily Subj-class mailing") or
 * of a web listing ("Showing new listings for ...", "New submissions for
 * ..."): where a page starts.
 */
int
ax_page_start(const char *s, size_t len)
{
	if (starts(s, len, "Subject: ") && len > 8 &&
	    memcmp(s + len - 7, "mailing", 7) == 0)
		return 1;
	return starts(s, len, "Showing new listings for ") ||
	    starts(s, len, "New submissions for ");
}

/*
 * lynx -dump numbers every link where it starts: "[13]arXiv:2405.07001
 * [[14]pdf, ...]", "Authors: [17]Alice Smith".  Outside abstracts, a
 * "[N]" right before a word is taken out of the line, in place; "[1] "
 * (the listing's own number, a space after it) stays.
 */
static void
unlink_lynx(struct pp_input *in)
{
	char *s = in->line;
	size_t len = in->len, i, j, k;

	if (memchr(s, '[', len) == NULL)
		return;
	for (i = j = 0; i < len; ) {
		/* at a word's start: "W[1]-hardness" is a title's */
		if (s[i] == '[' && i + 2 < len && s[i + 1] >= '0' &&
		    s[i + 1] <= '9' && (i == 0 || !isalnum((unsigned char)s[i - 1]))) {
			for (k = i + 1; k < len && s[k] >= '0' && s[k] <= '9';
			    k++)
				;
			if (k + 1 < len && s[k] == ']' && !is_space(
			    (unsigned char)s[k + 1]) && s[k + 1] != ']' &&
			    s[k + 1] != ',') {
				i = k + 1;
				continue;
			}
		}
		s[j++] = s[i++];
	}
	s[j] = '\0';
	in->len = j;
}

/*
 * Can a page start at line s (untrimmed): between entries, or in an
 * entry's header, but not in its abstract, nor on a line that goes on
 * with a field (indented, or the value of a label alone on the line
 * before)?  An abstract's line that starts "New submissions for", or that
 * is "Daily Papers", is the abstract's.  A mailing's abstract has no
 * blank line (a web listing's ends at one): after one, in an entry that
 * ended with "\\" and no abstract (a past-week listing's last), the
 * next page may start.
 */
static int
ax_between(const struct ax *a, const char *s, size_t len)
{
	if (a->state == 0)
		return 1;
	if (a->state == 2)
		return a->blank;
	if (a->field == NULL)
		return 1;
	if (a->field->q.len == 0)
		return 0;
	return len == 0 || !is_space((unsigned char)s[0]) || a->gap;
}

/*
 * "astro-ph.SR physics.flu-dyn": a search result's categories, each an
 * archive with its subject class ("cs.LG") or with a hyphen ("hep-th").
 */
static int
is_category_line(const char *s, size_t len)
{
	size_t i, word = 0;
	int marked = 0;

	for (i = 0; i <= len; i++) {
		if (i == len || s[i] == ' ') {
			if (word > 0 && !marked)
				return 0;
			word = 0;
			marked = 0;
			continue;
		}
		if (!((s[i] >= 'a' && s[i] <= 'z') || s[i] == '-' ||
		    (word > 0 && (s[i] == '.' || (s[i] >= 'A' && s[i] <= 'Z')))))
			return 0;
		marked |= word > 0 && (s[i] == '.' || s[i] == '-');
		word++;
	}
	return len > 0;
}

/*
 * A line of an arXiv search result (arxiv.org/search, /a/ author pages)
 * as a browser copies it or a text dump writes it: after "1. arXiv:ID",
 * the categories, "doi 10...", the title without a label, then
 * "Authors:", "Abstract:", "Submitted 8 June, 2023; ...", "Comments:".
 * Returns 1 if the line was one of those that have no label.
 */
static int
ax_search_line(struct ax *a, const char *t, size_t tlen,
    const struct pp_input *in)
{
	const char *d;
	size_t n;

	if (starts(t, tlen, "Submitted ")) {
		/* "Submitted 2 October, 2023; v1 submitted 8 June, 2023" */
		text_reset(&a->submitted, in->lineno);
		text_add(&a->submitted, t, tlen, in);
		a->field = &a->submitted;
		return 1;
	}
	if (tlen == 0 || a->title.set || is_label(t, tlen))
		return 0;
	if (!a->categories.set && is_category_line(t, tlen)) {
		text_reset(&a->categories, in->lineno);
		text_add(&a->categories, t, tlen, in);
		return 1;
	}
	/*
	 * "doi 10.3847/x", or "doi" and the DOI on the next line
	 * (html2text(1)); only the DOI, not an icon's text after it
	 */
	if (tlen == 3 && memcmp(t, "doi", 3) == 0)
		return 1;
	d = t;
	n = tlen;
	if (starts(d, n, "doi ")) {
		d += 4;
		n -= 4;
		trim(&d, &n);
	}
	if (!a->doi.set && starts(d, n, "10.") && (d != t ||
	    memchr(t, ' ', tlen) == NULL)) {
		for (tlen = 0; tlen < n && !is_space((unsigned char)d[tlen]);
		    tlen++)
			;
		text_reset(&a->doi, in->lineno);
		text_add(&a->doi, d, tlen, in);
		return 1;
	}
	text_reset(&a->title, in->lineno);
	text_add(&a->title, t, tlen, in);
	a->field = &a->title;
	a->bare_title = 1;
	return 1;
}

/* The id of "Cite as: arXiv:2306.05432 [astro-ph.SR]", if none was seen. */
static void
ax_cite(struct ax *a, const char *t, size_t tlen, struct pp_input *in)
{
	const char *p;
	size_t n;

	if (a->id.set || (p = memmem(t, tlen, "arXiv:", 6)) == NULL)
		return;
	p += 6;
	for (n = 0; p + n < t + tlen && !is_space((unsigned char)p[n]); n++)
		;
	text_reset(&a->id, in->lineno);
	ax_set_id(a, p, n, in);
}

static void
ax_line(struct ax *a, struct pp_input *in)
{
	const char *s, *p, *t;
	size_t len, skip, n, tlen, prev_cols, indent;
	int between, after_text, prev_open;

	text_unbreak(in->line, in->len);
	prev_cols = a->cols;
	prev_open = a->open_end;
	if (a->listing && !a->authors_label) {
		/*
		 * Only the 2024 listings' unlabelled authors need the lines'
		 * widths; a URL runs past the width a text is wrapped to.
		 */
		a->cols = columns(in->line, in->len);
		a->open_end = open_end(in->line, in->len);
		if (a->cols > a->maxcols && !has_long_word(in->line, in->len))
			a->maxcols = a->cols;
	}
	between = ax_between(a, in->line, in->len);
	t = in->line;
	tlen = in->len;
	trim(&t, &tlen);
	after_text = !a->blank;
	a->blank = tlen == 0;
	if (between && tlen < 60 && split_may_handoff(a->sp) &&
	    hf_page_header(t, tlen)) {
		/* a Hugging Face page follows in the same file */
		ax_emit(a);
		if (pp_input_unread(in) == 0) {
			a->sp->handoff = &reader_hf_daily;
			return;
		}
	}
	if (a->state != 2)
		unlink_lynx(in);
	s = in->line;
	len = in->len;

	/*
	 * Mail and copy tools add white space around lines: it means nothing
	 * at a line's end, and nothing before the lines that mark an entry
	 * (the id, "\\", rules).  Before a header line it still marks a
	 * continued field.
	 */
	while (len > 0 && is_space((unsigned char)s[len - 1]))
		len--;
	t = s;
	tlen = len;
	trim(&t, &tlen);
	if (a->cite_next && tlen > 0) {
		/*
		 * "Cite as:" on a line of its own and the id on the next (an
		 * /abs/ page's table, as Turndown writes it): this entry's
		 * id, not a new entry
		 */
		a->cite_next = 0;
		if (starts(t, tlen, "arXiv:")) {
			ax_cite(a, t, tlen, in);
			return;
		}
	}
	/*
	 * "    arXiv:1611.08983", indented right under a field's first line
	 * (a comment wrapped by pandoc or a text browser), goes on with it
	 */
	if (ax_id_line(t, tlen, &skip, &n) && !(is_space((unsigned char)s[0]) &&
	    after_text && a->state == 1 && a->field != NULL &&
	    starts(t, tlen, "arXiv:"))) {
		ax_emit(a);
		a->state = 1;
		/* "1. arXiv:ID", or "- arXiv:ID" in Markdown: a search result */
		a->search = (t[0] >= '1' && t[0] <= '9') || t[0] == '-' ||
		    t[0] == '*';
		a->listing = t[0] == '[';
		/* as the HTML reader marks it (read-html.c) */
		a->replaced = memmem(t + n, tlen - n, "(replaced)", 10) != NULL;
		a->start = in->lineno;
		text_reset(&a->id, in->lineno);
		ax_set_id(a, t + skip, n - skip, in);
		return;
	}
	if (between && ax_page_start(t, tlen)) {
		/* mailings or listings appended in one file: a new page */
		ax_emit(a);
		split_page(a->sp);
		return;
	}
	if (a->state == 0 && starts(t, tlen, "[Submitted on ")) {
		/*
		 * An /abs/ page as a text dump writes it: the id shows only
		 * in the links above ("arxiv logo > astro-ph > arXiv:ID")
		 * and in "Cite as:" below.
		 */
		a->state = 1;
		a->start = in->lineno;
		a->field = NULL;
	}
	if (a->state == 0)
		return;
	if (a->state == 1 && !a->search && !a->title.set && a->field == NULL &&
	    a->nextra == 0 && is_category_line(t, tlen))
		a->search = 1;	/* a search result, however numbered */
	if (a->search && a->state == 1 && ax_search_line(a, t, tlen, in))
		return;
	if (tlen > 0 && t[0] == '-' && t[tlen - 1] == '-' &&
	    strspn(t, "- ") == tlen && memchr(t, ' ', tlen) != NULL) {
		/* "----- -------": the rule of a table pandoc drew */
		return;
	}
	if (starts(t, tlen, "View a PDF of the paper titled ") ||
	    (tlen == 8 && memcmp(t, "View PDF", 8) == 0)) {
		/* an /abs/ page's link under the authors, not theirs */
		a->field = NULL;
		return;
	}
	if (starts(t, tlen, "Cite as:")) {
		/* "Cite as: arXiv:2306.05432 [astro-ph.SR]" */
		if (memmem(t, tlen, "arXiv:", 6) != NULL)
			ax_cite(a, t, tlen, in);
		else
			a->cite_next = 1;
		a->field = NULL;
		return;
	}
	if (a->state == 1 && !a->title.set &&
	    starts(t, tlen, "replaced with revised version ")) {
		/*
		 * A mailing's replacement, under its id: "replaced with
		 * revised version Wed, 15 Mar 2023 18:05:58 GMT (829kb,D)",
		 * the date of the new version, not the paper's
		 */
		a->replaced = 1;
		return;
	}
	if (starts(t, tlen, "[Submitted on ")) {
		/* an /abs/ page: "[Submitted on 8 Jun 2023 (v1), last ..." */
		parse_rfc_date(t + 14, tlen - 14, &a->date);
		return;
	}
	if (starts(t, tlen, "\\\\ (") || starts(t, tlen, "\\\\(")) {
		/* "\\ ( https://arxiv.org/abs/ID ,  14kb)": the end */
		p = t + 3;
		n = tlen - 3;
		trim(&p, &n);
		if (n > 0 && *p == '(') {
			p++, n--;
			trim(&p, &n);
		}
		for (skip = 0; skip < n && !is_space((unsigned char)p[skip]) &&
		    p[skip] != ','; skip++)
			;
		if (skip > 0) {
			text_reset(&a->url, in->lineno);
			text_add(&a->url, p, skip, in);
		}
		ax_emit(a);
		return;
	}
	if (tlen == 2 && t[0] == '\\' && t[1] == '\\') {
		if (a->state == 1) {
			a->state = 2;
			text_reset(&a->abstract, in->lineno);
		} else
			ax_emit(a);
		return;
	}
	if (is_mailing_rule(t, tlen) || starts(t, tlen, "/*")) {
		ax_emit(a);
		return;
	}
	if (a->state == 2) {
		if (a->subjects && len == 0) {
			ax_emit(a);	/* the web listing's abstract ends */
			return;
		}
		if (a->subjects && a->abstract_indented && !is_space((unsigned
		    char)s[0])) {
			/*
			 * an abstract indented as the labels are, then a
			 * line that is not: the page's own ("Cross-lists for
			 * Fri, 20 Jul 18", a heading html2text(1) wrote)
			 */
			ax_emit(a);
			return;
		}
		text_add(&a->abstract, s, len, in);
		return;
	}
	if (len == 0) {
		/* a web listing's abstract may follow, or the next entry */
		if (a->subjects)
			a->gap = 1;
		return;
	}
	/*
	 * arXiv's web listings since 2024 ("[N] arXiv:ID", no "Authors:"
	 * label anywhere) show the authors without a label, in a block of
	 * their own under the title: lynx and pandoc -t plain put a blank
	 * line between the two, and then a line right under the title is
	 * the title's; w3m and a browser's copy do not, and then the line is
	 * the title's if the title's last line was wrapped (too full for the
	 * line's first word, in a text whose widest line so far tells the
	 * width it was wrapped to) and is no list of names, or if the
	 * title's line ends mid-phrase ("over Text,", "of").
	 */
	for (n = 0; n < tlen && !is_space((unsigned char)t[n]); n++)
		;
	if (a->listing && !a->authors_label && a->field == &a->title &&
	    a->title.q.len > 0 && !a->authors.set && !a->subjects &&
	    !is_label(t, tlen) && (!after_text || (!a->blank_authors &&
	    !prev_open && ((a->maxcols >= 60 &&
	    prev_cols + 1 + columns(t, n) <= a->maxcols) ||
	    looks_like_names(t, tlen))))) {
		if (!after_text)
			a->blank_authors = 1;
		text_reset(&a->authors, in->lineno);
		a->field = &a->authors;
		text_add(&a->authors, t, tlen, in);
		a->guessed = 1;
		return;
	}
	/*
	 * Text browsers' dumps (w3m) indent every label of an entry: an
	 * indented line is a continuation unless it is one of the labels
	 * the entry's fields come from, or the paragraph after a gap.
	 */
	indent = (size_t)(t - s);
	if (is_space((unsigned char)s[0]) && !a->gap && !is_label(t, tlen) &&
	    !(a->field == &a->categories && a->subjects &&
	    indent == a->label_indent &&
	    subjects_done(a->categories.q.s, a->categories.q.len))) {
		if (a->field != NULL)
			text_add(a->field, s, len, in);
		return;
	}
	if (is_space((unsigned char)s[0]) && is_label(t, tlen)) {
		s = t;
		len = tlen;
	}
	for (n = 0; n < len && ((s[n] >= 'A' && s[n] <= 'Z') ||
	    (s[n] >= 'a' && s[n] <= 'z') || s[n] == '-'); n++)
		;
	if (a->field != NULL && a->field->q.len == 0 && (n == len ||
	    s[n] != ':' || (n + 2 < len && s[n + 1] == '/' && s[n + 2] == '/'))) {
		/*
		 * a web listing copied with each label on a line of its own;
		 * the value may be a URL ("Related DOI:", then the DOI's)
		 */
		text_add(a->field, s, len, in);
		return;
	}
	if (a->subjects && !a->abstract.set && !is_label(s, len) &&
	    (n == len || s[n] != ':') && (a->gap || indent == a->label_indent)) {
		/*
		 * the web listing's abstract follows Subjects, without \\;
		 * right under it (no blank line), where the labels are
		 */
		a->state = 2;
		a->abstract_indented = indent > 0;
		a->abstract_under = !a->gap;
		text_reset(&a->abstract, in->lineno);
		text_add(&a->abstract, s, len, in);
		return;
	}
	if (starts(s, len, "Authors:")) {
		a->authors_label = 1;
		if (a->guessed) {
			/* the line was the title's after all */
			pp_buf_addc(&a->title.q, ' ');
			pp_buf_add(&a->title.q, a->authors.q.s,
			    a->authors.q.len);
			a->authors.set = a->guessed = 0;
		}
	}
	a->field = ax_field(a, s, len, &skip, in);
	if (a->field != NULL) {
		a->label_indent = indent;
		text_add(a->field, s + skip, len - skip, in);
	}
}

static void
ax_read(struct split *sp, struct pp_input *in)
{
	struct ax a = { 0 };
	struct text *texts[] = { &a.id, &a.title, &a.authors, &a.categories,
	    &a.comments, &a.abstract, &a.url, &a.doi, &a.venue, &a.submitted };
	size_t i;

	a.sp = sp;
	ax_clear(&a);
	while (sp->handoff == NULL && pp_input_next(in) == 1)
		ax_line(&a, in);
	ax_emit(&a);
	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
		text_free(texts[i]);
	for (i = 0; i < a.extracap; i++) {
		pp_buf_free(&a.extra[i].key);
		text_free(&a.extra[i].t);
	}
	free(a.extra);
	pp_buf_free(&a.idbuf);
}

static int
ax_detect(const char *head, size_t len)
{
	int para;

	return text_layout(head, len, &para) == L_ARXIV ? 50 : 0;
}

const struct reader reader_arxiv = {
	"arxiv",
	"arXiv listings as text: mailings (arXiv:ID, Title:, Authors:, \\\\) "
	    "and web listings copied",
	ax_detect, ax_read, 0
};
