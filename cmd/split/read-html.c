/*
 * read-html.c: listing pages as HTML, as a browser saves them or curl
 * fetches them.
 *
 * The page goes through libxml2's HTML parser as a stream of SAX events,
 * the parser pulling the bytes as it needs them, so the file is never held
 * whole and no tree is built; broken markup is mended the way a browser
 * mends it: unclosed elements are closed, stray end tags dropped, script
 * and style bodies kept out of the text.  A stack of the open elements
 * says which field of which paper the text under each one is.  What a
 * paper is comes from the markup alone:
 *
 *	arXiv /list/ pages	a <dt> (the id link, "(replaced)") and its
 *				<dd>: div.list-title, .list-authors,
 *				.list-comments, .list-journal-ref,
 *				.list-subjects, p.mathjax (the abstract)
 *	arXiv search results	li.arxiv-result: p.list-title (the id),
 *				p.title, p.authors, span.abstract-full,
 *				span.tag (categories), "Submitted" (date)
 *	arXiv /abs/ pages	the citation_* meta tags, the abstract's
 *				blockquote, the comments, journal and
 *				subjects cells
 *	Hugging Face pages	the JSON in data-props attributes (the
 *				entities decoded by the parser), mapped by
 *				split_json_text(); the visible text is not read
 *
 * Labels ("Title:", "Authors:") are elements of their own on these pages
 * and are left out; white space is collapsed when a field is set.
 */
#define _GNU_SOURCE		/* memmem */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "libxml.h"
#include "split.h"

/* What the text under an element is to the paper being read. */
enum field {
	F_NONE,		/* not a field (yet) */
	F_SKIP,		/* labels, scripts, "More" links: never text */
	F_LABEL,	/* the label of a search result's note line */
	F_HEAD,		/* a list entry's <dt>: number, id, "(replaced)" */
	F_TITLE,
	F_AUTHORS,	/* an author list: commas, affiliations */
	F_AUTHOR,	/* one author's link */
	F_ABSTRACT,
	F_COMMENTS,
	F_VENUE,
	F_SUBJECTS,	/* "Full Name (cs.DS); Other (cs.IT)" */
	F_CATEGORY,	/* one category tag of a search result */
	F_DOI,
	F_NOTE,		/* a search result's "Comments:" or "Journal ref:" */
	F_SUBMITTED,	/* "Submitted 9 June, 2023; originally announced" */
	NFIELDS
};

/* Where the text goes: a list entry, a search result, or the page. */
enum entry {
	E_NONE,		/* the page itself (an /abs/ page's body) */
	E_LIST,		/* between a <dt> and the end of its <dd> */
	E_SEARCH	/* inside li.arxiv-result */
};

struct frame {
	unsigned char	 field;
	unsigned char	 page;		/* text goes to the page, not an entry */
	unsigned char	 opens;		/* this element began its field */
	unsigned char	 dd;		/* the <dd> of a list entry */
	unsigned char	 block;		/* its edges separate words */
};

struct html {
	struct split	*sp;
	htmlParserCtxtPtr ctxt;

	struct frame	*stack;		/* the open elements; [0] the document */
	size_t		 depth, cap;

	enum entry	 entry;
	size_t		 entry_floor;	/* it ends when depth drops below */
	unsigned long	 entry_line;
	int		 entry_links;	/* author links seen in it */
	struct pp_buf	 text[NFIELDS];	/* the entry's fields */

	/* The page as one paper: an /abs/ page. */
	struct pp_paper	 page;
	struct pp_buf	 ptext[NFIELDS];
	struct pp_buf	 meta_authors;	/* citation_author, NUL after each */
	int		 page_links;
	int		 page_meta;	/* citation_title was seen */
	unsigned long	 page_line;
	unsigned long	 page_start;	/* sp->papers when the page began */
	unsigned long	 hf_papers;	/* papers the page's data-props gave */

	struct pp_buf	 tmp, tmp2;
};

/* --- attributes and classes ---------------------------------------------- */

/* The elements that matter, told apart once per start tag. */
enum kind {
	K_OTHER, K_A, K_BLOCKQUOTE, K_DD, K_DIV, K_DT, K_H1, K_HTML, K_LI,
	K_META, K_P, K_SPAN, K_TD,
	K_HIDDEN		/* script, style, forms: never a paper's text */
};

static const struct element {
	const char	*name;
	unsigned char	 kind;
	unsigned char	 block;	/* its edges separate words */
} elements[] = {		/* sorted by name, for bsearch() */
	{ "a",		K_A,		0 },
	{ "address",	K_OTHER,	1 },
	{ "blockquote",	K_BLOCKQUOTE,	1 },
	{ "br",		K_OTHER,	1 },
	{ "button",	K_HIDDEN,	1 },
	{ "dd",		K_DD,		1 },
	{ "div",	K_DIV,		1 },
	{ "dl",		K_OTHER,	1 },
	{ "dt",		K_DT,		1 },
	{ "h1",		K_H1,		1 },
	{ "h2",		K_OTHER,	1 },
	{ "h3",		K_OTHER,	1 },
	{ "h4",		K_OTHER,	1 },
	{ "h5",		K_OTHER,	1 },
	{ "h6",		K_OTHER,	1 },
	{ "hr",		K_OTHER,	1 },
	{ "html",	K_HTML,		1 },
	{ "li",		K_LI,		1 },
	{ "math",	K_HIDDEN,	0 },
	{ "meta",	K_META,		0 },
	{ "noscript",	K_HIDDEN,	1 },
	{ "ol",		K_OTHER,	1 },
	{ "p",		K_P,		1 },
	{ "script",	K_HIDDEN,	1 },
	{ "section",	K_OTHER,	1 },
	{ "select",	K_HIDDEN,	1 },
	{ "span",	K_SPAN,		0 },
	{ "style",	K_HIDDEN,	1 },
	{ "svg",	K_HIDDEN,	0 },
	{ "table",	K_OTHER,	1 },
	{ "td",		K_TD,		1 },
	{ "template",	K_HIDDEN,	1 },
	{ "textarea",	K_HIDDEN,	1 },
	{ "th",		K_OTHER,	1 },
	{ "tr",		K_OTHER,	1 },
	{ "ul",		K_OTHER,	1 }
};

static int
element_cmp(const void *key, const void *e)
{
	return strcmp(key, ((const struct element *)e)->name);
}

/* A start tag: its element and the attributes that matter, in one pass. */
struct tag {
	enum kind	 kind;
	int		 block;
	const char	*cls, *href, *props, *onclick, *tooltip;
	const char	*name, *content;	/* of a meta tag */
};

static void
tag_read(struct tag *t, const xmlChar *name, const xmlChar **atts)
{
	static const struct element other = { "", K_OTHER, 0 };
	const struct element *e;
	const char *a, *v;

	memset(t, 0, sizeof(*t));
	e = bsearch(name, elements, sizeof(elements) / sizeof(elements[0]),
	    sizeof(elements[0]), element_cmp);
	if (e == NULL)
		e = &other;
	t->kind = e->kind;
	t->block = e->block;
	/* libxml2 gives attribute names in lower case */
	for (; atts != NULL && atts[0] != NULL; atts += 2) {
		a = (const char *)atts[0];
		v = atts[1] != NULL ? (const char *)atts[1] : "";
		if (strcmp(a, "class") == 0)
			t->cls = v;
		else if (strcmp(a, "href") == 0)
			t->href = v;
		else if (strcmp(a, "data-props") == 0 ||
		    strcmp(a, "props") == 0)
			t->props = v;	/* pandoc keeps data-* without data- */
		else if (strcmp(a, "onclick") == 0)
			t->onclick = v;
		else if (strcmp(a, "data-tooltip") == 0)
			t->tooltip = v;
		else if (strcmp(a, "name") == 0)
			t->name = v;
		else if (strcmp(a, "content") == 0)
			t->content = v;
	}
}

/* Is word one of the white-space separated tokens of a class attribute? */
static int
has_class(const char *cls, const char *word)
{
	size_t n = strlen(word), len;

	if (cls == NULL)
		return 0;
	while (*cls != '\0') {
		cls += strspn(cls, " \t\r\n\f");
		len = strcspn(cls, " \t\r\n\f");
		if (len == n && strncmp(cls, word, n) == 0)
			return 1;
		cls += len;
	}
	return 0;
}

/*
 * The arXiv id in a link to an abstract ("/abs/1807.07091v2",
 * "https://arxiv.org/abs/astro-ph/0701001"), as arxiv_id() gives it, in
 * out; 0 if href is no such link.
 */
static int
abs_id(struct pp_buf *out, const char *href)
{
	const char *p;
	size_t len;

	if (href == NULL || (p = strstr(href, "/abs/")) == NULL)
		return 0;
	p += 5;
	len = strcspn(p, "?#");
	return len > 0 && arxiv_id(p, len, out) == len;
}

/* The bare DOI of a resolver link or a text ("doi:10.1/x"), or NULL. */
static const char *
bare_doi(const char *s)
{
	const char *p;

	if (s == NULL || (p = strstr(s, "10.")) == NULL)
		return NULL;
	return p;
}

/* --- text of the current element ---------------------------------------- */

static struct frame *
top(struct html *h)
{
	return &h->stack[h->depth - 1];
}

static struct pp_buf *
buf_of(struct html *h, const struct frame *f)
{
	if (f->field <= F_SKIP)
		return NULL;
	return f->page ? &h->ptext[f->field] : &h->text[f->field];
}

static void
space(struct html *h, const struct frame *f)
{
	struct pp_buf *b;

	if ((b = buf_of(h, f)) != NULL && b->len > 0 && b->s[b->len - 1] != ' ')
		pp_buf_addc(b, ' ');
}

static void
on_text(void *ctx, const xmlChar *s, int len)
{
	struct html *h = ctx;
	struct pp_buf *b;

	if (len > 0 && (b = buf_of(h, top(h))) != NULL)
		pp_buf_add(b, s, (size_t)len);
}

/* Script and style bodies come here: they are never text of a paper. */
static void
on_cdata(void *ctx, const xmlChar *s, int len)
{
	(void)ctx;
	(void)s;
	(void)len;
}

static void
quiet(void *ctx, xmlErrorPtr err)
{
	(void)ctx;
	(void)err;
}

static unsigned long
line_now(const struct html *h)
{
	if (h->ctxt == NULL || h->ctxt->input == NULL ||
	    h->ctxt->input->line < 1)
		return 1;
	return (unsigned long)h->ctxt->input->line;
}

/* --- fields into a paper ------------------------------------------------- */

/*
 * Categories from a subjects line, "Data Structures and Algorithms
 * (cs.DS); Information Theory (cs.IT)": the last parenthesis of each part.
 */
static void
add_subjects(struct pp_paper *p, const char *s, size_t len)
{
	const char *end = s + len, *part, *semi, *open, *close;

	for (part = s; part < end; part = semi + 1) {
		if ((semi = memchr(part, ';', (size_t)(end - part))) == NULL)
			semi = end;
		open = close = NULL;
		for (const char *c = part; c < semi; c++)
			if (*c == '(')
				open = c;
			else if (*c == ')' && open != NULL)
				close = c;
		if (open != NULL && close != NULL && close > open + 1 &&
		    memchr(open + 1, ' ', (size_t)(close - open - 1)) == NULL)
			pp_paper_add(p, PP_CATEGORIES, open + 1,
			    (size_t)(close - open - 1));
		if (semi == end)
			break;
	}
}

/*
 * Authors from the text of a list without a link per author: split at
 * commas outside parentheses (affiliations) and at a last "and", the
 * parentheses left out.
 */
static void
add_author_text(struct pp_paper *p, struct pp_buf *tmp, const char *s,
    size_t len)
{
	const char *a;
	size_t i, alen;
	int nest = 0, c;

	pp_buf_reset(tmp);
	for (i = 0; i <= len; i++) {
		c = i < len ? (unsigned char)s[i] : ',';
		if (c == '(' || (c == ')' && nest > 0)) {
			nest += c == '(' ? 1 : -1;
			continue;
		}
		if (nest > 0)
			continue;
		if (c != ',' && c != '&' && (i + 5 > len ||
		    strncmp(s + i, " and ", 5) != 0)) {
			pp_buf_addc(tmp, c);
			continue;
		}
		/* the end of a name */
		if ((a = tmp->s) != NULL) {
			alen = tmp->len;
			split_trim(&a, &alen);
			if (alen > 4 && strncmp(a, "and ", 4) == 0) {
				a += 4;
				alen -= 4;
			}
			pp_paper_add(p, PP_AUTHORS, a, alen);
		}
		pp_buf_reset(tmp);
		if (c != ',' && c != '&')
			i += 4;		/* " and " */
	}
}

static const char *const months[] = {
	"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
	"nov", "dec"
};

/*
 * The first "D Month[,] YYYY" of s ("Submitted 9 June, 2023; originally
 * announced June 2023."), as YYYY-MM-DD in out; 0 if there is none.
 */
static int
day_month_year(struct pp_buf *out, const char *s, size_t len)
{
	size_t i, j, k;
	int day, month, year, m;

	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9' || (i > 0 && s[i - 1] >= '0' &&
		    s[i - 1] <= '9'))
			continue;
		for (day = 0, j = i; j < len && j < i + 2 && s[j] >= '0' &&
		    s[j] <= '9'; j++)
			day = day * 10 + s[j] - '0';
		if (j >= len || s[j] != ' ')
			continue;
		j++;
		for (month = 0, m = 0; m < 12; m++)
			if (j + 3 <= len && strncasecmp(s + j, months[m], 3) == 0)
				month = m + 1;
		if (month == 0)
			continue;
		while (j < len && ((s[j] >= 'a' && s[j] <= 'z') ||
		    (s[j] >= 'A' && s[j] <= 'Z') || s[j] == '.'))
			j++;
		if (j < len && s[j] == ',')
			j++;
		while (j < len && s[j] == ' ')
			j++;
		for (year = 0, k = j; k < len && k < j + 4 && s[k] >= '0' &&
		    s[k] <= '9'; k++)
			year = year * 10 + s[k] - '0';
		if (k != j + 4 || (k < len && s[k] >= '0' && s[k] <= '9'))
			continue;
		if (day < 1 || year < 1000 || day > pp_days_in_month(year, month))
			continue;
		pp_buf_reset(out);
		pp_buf_printf(out, "%04d-%02d-%02d", year, month, day);
		return 1;
	}
	return 0;
}

/* A meta tag's date, "2018/07/20" or "2018-07-20", as YYYY-MM-DD. */
static void
set_meta_date(struct pp_paper *p, struct pp_buf *tmp, const char *s)
{
	struct pp_date d;
	size_t i;

	pp_buf_reset(tmp);
	pp_buf_adds(tmp, s);
	for (i = 0; i < tmp->len && i < 10; i++)
		if (tmp->s[i] == '/')
			tmp->s[i] = '-';
	if ((i = pp_date_parse(tmp->s, tmp->len, &d)) > 0)
		pp_paper_set(p, PP_DATE, tmp->s, i);
}

/* Sets key k of p from a captured field, if it holds text. */
static void
set_from(struct pp_paper *p, enum pp_key k, const struct pp_buf *b)
{
	if (b->len > 0)
		pp_paper_set(p, k, b->s, b->len);
}

/*
 * The labels arXiv puts before its fields.  They are elements of their own
 * (span.descriptor), left out as such; a page saved by a tool that dropped
 * that markup still has them as text, taken off here.
 */
static const struct label {
	unsigned char	 field;
	const char	*text;
} labels[] = {
	{ F_TITLE,	"Title:" },
	{ F_AUTHORS,	"Authors:" },
	{ F_ABSTRACT,	"Abstract:" },
	{ F_COMMENTS,	"Comments:" },
	{ F_VENUE,	"Journal-ref:" },
	{ F_VENUE,	"Journal ref:" },
	{ F_VENUE,	"Journal reference:" },
	{ F_SUBJECTS,	"Subjects:" },
	{ F_DOI,	"DOI:" }
};

static void
strip_labels(struct pp_buf *t)
{
	const struct label *l;
	size_t i, n, skip;

	for (i = 0; i < sizeof(labels) / sizeof(labels[0]); i++) {
		l = &labels[i];
		if (t[l->field].len == 0)
			continue;
		for (skip = 0; skip < t[l->field].len &&
		    split_space((unsigned char)t[l->field].s[skip]); skip++)
			;
		n = strlen(l->text);
		if (t[l->field].len - skip >= n &&
		    strncasecmp(t[l->field].s + skip, l->text, n) == 0) {
			skip += n;
			memmove(t[l->field].s, t[l->field].s + skip,
			    t[l->field].len - skip + 1);
			t[l->field].len -= skip;
		}
	}
}

/*
 * The id of a list entry's head without a link to the abstract:
 * "arXiv:1807.07091v2" in its text.
 */
static void
head_id(struct html *h, struct pp_paper *p, const struct pp_buf *head)
{
	const char *a;
	size_t n;

	if (head->len == 0 || (a = strstr(head->s, "arXiv:")) == NULL)
		return;
	a += 6;
	n = strcspn(a, " \t\r\n[(,;");
	pp_buf_reset(&h->tmp);
	pp_buf_adds(&h->tmp, "/abs/");
	pp_buf_add(&h->tmp, a, n);
	if (abs_id(&h->tmp2, h->tmp.s))
		pp_paper_set(p, PP_ID, h->tmp2.s, h->tmp2.len);
}

/* The fields of an entry or of the page into p; clears them. */
static void
fill(struct html *h, struct pp_paper *p, struct pp_buf *t, int links)
{
	const char *s, *v1;
	size_t len;
	int i;

	strip_labels(t);
	set_from(p, PP_TITLE, &t[F_TITLE]);
	set_from(p, PP_ABSTRACT, &t[F_ABSTRACT]);
	set_from(p, PP_COMMENTS, &t[F_COMMENTS]);
	set_from(p, PP_VENUE, &t[F_VENUE]);
	if (!links && t[F_AUTHORS].len > 0 && !pp_paper_has(p, PP_AUTHORS))
		add_author_text(p, &h->tmp, t[F_AUTHORS].s, t[F_AUTHORS].len);
	if (t[F_SUBJECTS].len > 0 && !pp_paper_has(p, PP_CATEGORIES))
		add_subjects(p, t[F_SUBJECTS].s, t[F_SUBJECTS].len);
	if (t[F_DOI].len > 0 && !pp_paper_has(p, PP_DOI) &&
	    (s = bare_doi(t[F_DOI].s)) != NULL) {
		len = strlen(s);
		split_trim(&s, &len);
		pp_paper_set(p, PP_DOI, s, strcspn(s, " \t\r\n"));
	}
	/*
	 * "Submitted 2 October, 2023; v1 submitted 8 June, 2023": the first
	 * version's date is the paper's, as every other reader has it.
	 */
	if (t[F_SUBMITTED].len > 0 && !pp_paper_has(p, PP_DATE)) {
		s = t[F_SUBMITTED].s;
		len = t[F_SUBMITTED].len;
		if ((v1 = memmem(s, len, "v1 submitted ", 13)) != NULL) {
			len -= (size_t)(v1 - s);
			s = v1;
		}
		if (day_month_year(&h->tmp, s, len))
			pp_paper_set(p, PP_DATE, h->tmp.s, h->tmp.len);
	}
	for (i = 0; i < NFIELDS; i++)
		pp_buf_reset(&t[i]);
}

/* --- entries: a list's <dt>/<dd>, a search result ------------------------ */

static void
entry_end(struct html *h)
{
	struct pp_paper *p = &h->sp->paper;
	const struct pp_buf *head = &h->text[F_HEAD];

	if (h->entry == E_NONE)
		return;
	h->entry = E_NONE;
	if (head->len > 0 && strstr(head->s, "(replaced)") != NULL)
		pp_paper_extra(p, "replaced", 8, "true", 4);
	if (!pp_paper_has(p, PP_ID))
		head_id(h, p, head);
	fill(h, p, h->text, h->entry_links);
	/* A <dt> of some other list (a glossary) is no paper. */
	if (!pp_paper_has(p, PP_TITLE) && !pp_paper_has(p, PP_ID)) {
		pp_paper_clear(p);
		return;
	}
	split_emit(h->sp, p, h->entry_line);
}

static void
entry_begin(struct html *h, enum entry e, size_t floor)
{
	int i;

	entry_end(h);
	for (i = 0; i < NFIELDS; i++)
		pp_buf_reset(&h->text[i]);
	pp_paper_clear(&h->sp->paper);
	h->entry = e;
	h->entry_floor = floor;
	h->entry_line = line_now(h);
	h->entry_links = 0;
}

/* --- the page: an /abs/ page's paper, Hugging Face's data-props ---------- */

static void
page_begin(struct html *h)
{
	int i;

	pp_paper_clear(&h->page);
	for (i = 0; i < NFIELDS; i++)
		pp_buf_reset(&h->ptext[i]);
	pp_buf_reset(&h->meta_authors);
	h->page_links = 0;
	h->page_meta = 0;
	h->page_line = 0;
	h->hf_papers = 0;
	h->page_start = h->sp->papers;
}

/* "Last, First" (citation_author) as "First Last". */
static void
add_meta_author(struct pp_paper *p, struct pp_buf *tmp, const char *s,
    size_t len)
{
	const char *comma = NULL, *c;

	for (c = s; c < s + len; c++)
		if (*c == ',')
			comma = c;
	if (comma == NULL) {
		pp_paper_add(p, PP_AUTHORS, s, len);
		return;
	}
	pp_buf_reset(tmp);
	pp_buf_add(tmp, comma + 1, (size_t)(s + len - comma - 1));
	pp_buf_addc(tmp, ' ');
	pp_buf_add(tmp, s, (size_t)(comma - s));
	pp_paper_add(p, PP_AUTHORS, tmp->s, tmp->len);
}

/*
 * The end of a page: an /abs/ page gives its one paper, from the meta tags
 * it has for citation managers and the text of its body.  A page whose
 * embedded JSON gave its papers is read from that alone.
 */
static void
page_end(struct html *h)
{
	struct pp_paper *p = &h->page;
	const char *a, *end;
	int abs_body;

	entry_end(h);
	abs_body = h->ptext[F_TITLE].len > 0 && h->ptext[F_ABSTRACT].len > 0;
	if (h->hf_papers == 0 && (h->page_meta || abs_body)) {
		if (h->meta_authors.len > 0) {
			pp_buf_reset(&p->json[PP_AUTHORS]);
			p->count[PP_AUTHORS] = 0;
			end = h->meta_authors.s + h->meta_authors.len;
			for (a = h->meta_authors.s; a < end; a += strlen(a) + 1)
				add_meta_author(p, &h->tmp, a, strlen(a));
		}
		if (h->page_meta)	/* the meta tag's title is plain text */
			pp_buf_reset(&h->ptext[F_TITLE]);
		if (h->ptext[F_ABSTRACT].len > 0)
			pp_buf_reset(&p->json[PP_ABSTRACT]);
		fill(h, p, h->ptext, h->page_links || h->meta_authors.len > 0);
		split_emit(h->sp, p, h->page_line ? h->page_line : line_now(h));
	}
	page_begin(h);
}

static void
on_meta(struct html *h, const struct tag *t)
{
	const char *name = t->name, *content = t->content;
	struct pp_paper *p = &h->page;

	if (name == NULL || content == NULL ||
	    strncasecmp(name, "citation_", 9) != 0)
		return;
	name += 9;
	if (strcasecmp(name, "title") == 0) {
		pp_paper_set(p, PP_TITLE, content, strlen(content));
		h->page_meta = 1;
		h->page_line = line_now(h);
	} else if (strcasecmp(name, "author") == 0) {
		pp_buf_add(&h->meta_authors, content, strlen(content) + 1);
	} else if (strcasecmp(name, "date") == 0) {
		set_meta_date(p, &h->tmp, content);
	} else if (strcasecmp(name, "arxiv_id") == 0) {
		pp_buf_reset(&h->tmp);
		pp_buf_adds(&h->tmp, "/abs/");
		pp_buf_adds(&h->tmp, content);
		if (abs_id(&h->tmp2, h->tmp.s))
			pp_paper_set(p, PP_ID, h->tmp2.s, h->tmp2.len);
	} else if (strcasecmp(name, "doi") == 0 && bare_doi(content) != NULL) {
		pp_paper_set(p, PP_DOI, bare_doi(content),
		    strlen(bare_doi(content)));
	} else if (strcasecmp(name, "abstract") == 0) {
		pp_paper_set(p, PP_ABSTRACT, content, strlen(content));
	}
}

/*
 * A Hugging Face component's data-props: the JSON its part of the page
 * was drawn from (the parser has decoded the entities).
 */
static void
on_props(struct html *h, const char *json)
{
	unsigned long before = h->sp->papers;

	split_props_json(h->sp, json, strlen(json), line_now(h));
	h->hf_papers += h->sp->papers - before;
}

/*
 * Pages appended to one another ("curl URL1 URL2 > pages.html"): the
 * parser reads on after </html>, and reports the next page's DOCTYPE and
 * its <html> (an <html> inside one still open it drops).  Either starts a
 * page of its own once the current one gave something.
 */
static void
next_page(struct html *h)
{
	if (h->sp->papers > h->page_start || h->page_meta) {
		page_end(h);
		split_page(h->sp);
	}
}

static void
on_doctype(void *ctx, const xmlChar *name, const xmlChar *ext,
    const xmlChar *sys)
{
	(void)name;
	(void)ext;
	(void)sys;
	next_page(ctx);
}

/* --- elements ------------------------------------------------------------ */

/* The field an element begins inside a list entry (<dt>, <dd>). */
static int
list_field(const struct tag *t, int parent)
{
	if (t->kind == K_DIV) {
		if (has_class(t->cls, "list-title"))
			return F_TITLE;
		if (has_class(t->cls, "list-authors"))
			return F_AUTHORS;
		if (has_class(t->cls, "list-comments"))
			return F_COMMENTS;
		if (has_class(t->cls, "list-journal-ref"))
			return F_VENUE;
		if (has_class(t->cls, "list-subjects"))
			return F_SUBJECTS;
		if (has_class(t->cls, "list-doi"))
			return F_DOI;
	}
	/* even inside a title left open: a browser shows it as a paragraph */
	if (t->kind == K_P && parent != F_HEAD && has_class(t->cls, "mathjax"))
		return F_ABSTRACT;
	if (t->kind == K_SPAN && has_class(t->cls, "descriptor"))
		return F_SKIP;
	return parent;
}

/* The field an element begins inside li.arxiv-result. */
static int
search_field(const struct tag *t, int parent)
{
	if (t->kind == K_P) {
		if (has_class(t->cls, "list-title"))
			return F_HEAD;
		if (has_class(t->cls, "title"))
			return F_TITLE;
		if (has_class(t->cls, "authors"))
			return F_AUTHORS;
		if (has_class(t->cls, "comments"))
			return F_NOTE;
		if (has_class(t->cls, "is-size-7") && parent == F_NONE)
			return F_SUBMITTED;
	}
	if (t->kind == K_SPAN) {
		if (has_class(t->cls, "abstract-full"))
			return F_ABSTRACT;
		if (has_class(t->cls, "abstract-short"))
			return F_SKIP;
		if (has_class(t->cls, "tag") && t->tooltip != NULL &&
		    parent == F_NONE)
			return F_CATEGORY;
		if (has_class(t->cls, "has-text-weight-semibold"))
			return parent == F_NOTE ? F_LABEL :
			    parent == F_SUBMITTED ? parent : F_SKIP;
	}
	/* "▽ More", "△ Less" */
	if (t->kind == K_A && t->onclick != NULL)
		return F_SKIP;
	return parent;
}

/* The field an element begins in the body of an /abs/ page. */
static int
page_field(const struct tag *t, int parent)
{
	switch (t->kind) {
	case K_H1:
		return has_class(t->cls, "title") ? F_TITLE : parent;
	case K_DIV:
		return has_class(t->cls, "authors") ? F_AUTHORS : parent;
	case K_BLOCKQUOTE:
		return has_class(t->cls, "abstract") ? F_ABSTRACT : parent;
	case K_SPAN:
		return has_class(t->cls, "descriptor") ? F_SKIP : parent;
	case K_TD:
		if (!has_class(t->cls, "tablecell"))
			return parent;
		if (has_class(t->cls, "comments"))
			return F_COMMENTS;
		if (has_class(t->cls, "jref"))
			return F_VENUE;
		if (has_class(t->cls, "doi"))
			return F_DOI;
		if (has_class(t->cls, "subjects"))
			return F_SUBJECTS;
		return parent;
	default:
		return parent;
	}
}

static struct frame *
push(struct html *h, const struct tag *t)
{
	if (h->depth == h->cap) {
		h->cap = h->cap ? h->cap * 2 : 64;
		h->stack = xreallocarray(h->stack, h->cap, sizeof(*h->stack));
	}
	h->stack[h->depth] = h->stack[h->depth - 1];
	h->stack[h->depth].opens = 0;
	h->stack[h->depth].dd = 0;
	h->stack[h->depth].block = (unsigned char)t->block;
	return &h->stack[h->depth++];
}

static void
on_start(void *ctx, const xmlChar *name, const xmlChar **atts)
{
	struct html *h = ctx;
	struct frame *f;
	struct tag t;
	int field, parent = top(h)->field;

	tag_read(&t, name, atts);
	if (t.kind == K_HTML)
		next_page(h);
	if (t.props != NULL)
		on_props(h, t.props);
	if (t.kind == K_META)
		on_meta(h, &t);
	if (t.block)
		space(h, top(h));

	if (parent == F_SKIP || t.kind == K_HIDDEN) {
		f = push(h, &t);
		f->field = F_SKIP;
		return;
	}
	if (t.kind == K_DT && h->entry != E_SEARCH) {
		entry_begin(h, E_LIST, h->depth);
		f = push(h, &t);
		f->field = F_HEAD;
		f->page = 0;
		f->opens = 1;
		return;
	}
	if (t.kind == K_LI && has_class(t.cls, "arxiv-result")) {
		entry_begin(h, E_SEARCH, h->depth + 1);
		f = push(h, &t);
		f->field = F_NONE;
		f->page = 0;
		return;
	}
	if (t.kind == K_DD && h->entry == E_LIST) {
		f = push(h, &t);
		f->field = F_NONE;
		f->page = 0;
		f->dd = 1;
		return;
	}

	switch (h->entry) {
	case E_LIST:
		field = list_field(&t, parent);
		break;
	case E_SEARCH:
		field = search_field(&t, parent);
		break;
	default:
		field = page_field(&t, parent);
		break;
	}
	if (t.kind == K_A) {
		struct pp_paper *p = h->entry != E_NONE ? &h->sp->paper :
		    &h->page;
		const char *doi;

		if (parent == F_HEAD && !pp_paper_has(p, PP_ID) &&
		    abs_id(&h->tmp, t.href))
			pp_paper_set(p, PP_ID, h->tmp.s, h->tmp.len);
		if (h->entry == E_SEARCH && field != F_SKIP && t.href != NULL &&
		    (strncmp(t.href, "https://doi.org/", 16) == 0 ||
		    strncmp(t.href, "http://dx.doi.org/", 18) == 0) &&
		    !pp_paper_has(p, PP_DOI) && (doi = bare_doi(t.href)) != NULL)
			pp_paper_set(p, PP_DOI, doi, strlen(doi));
		if (field == F_AUTHORS) {
			field = F_AUTHOR;
			if (h->entry != E_NONE)
				h->entry_links++;
			else
				h->page_links++;
		}
	}
	f = push(h, &t);
	if (field != f->field) {
		f->field = (unsigned char)field;
		f->opens = 1;
		if (field == F_AUTHOR || field == F_CATEGORY ||
		    field == F_LABEL) {
			struct pp_buf *b = buf_of(h, f);

			pp_buf_reset(b);
		}
	}
}

/* The end of an element that began a field of its own. */
static void
field_end(struct html *h, const struct frame *f)
{
	struct pp_paper *p = f->page ? &h->page : &h->sp->paper;
	struct pp_buf *t = f->page ? h->ptext : h->text;
	const char *s;
	size_t len;

	switch (f->field) {
	case F_AUTHOR:
		pp_paper_add(p, PP_AUTHORS, t[F_AUTHOR].s, t[F_AUTHOR].len);
		pp_buf_reset(&t[F_AUTHOR]);
		break;
	case F_CATEGORY:
		pp_paper_add(p, PP_CATEGORIES, t[F_CATEGORY].s,
		    t[F_CATEGORY].len);
		pp_buf_reset(&t[F_CATEGORY]);
		break;
	case F_NOTE:
		s = t[F_LABEL].s;
		len = t[F_LABEL].len;
		split_trim(&s, &len);
		if (len >= 8 && strncasecmp(s, "Comments", 8) == 0)
			set_from(p, PP_COMMENTS, &t[F_NOTE]);
		else if (len >= 7 && strncasecmp(s, "Journal", 7) == 0)
			set_from(p, PP_VENUE, &t[F_NOTE]);
		pp_buf_reset(&t[F_NOTE]);
		pp_buf_reset(&t[F_LABEL]);
		break;
	default:
		space(h, f);
		break;
	}
}

static void
on_end(void *ctx, const xmlChar *name)
{
	struct html *h = ctx;
	struct frame f;

	if (h->depth <= 1)
		return;
	f = h->stack[--h->depth];
	(void)name;	/* libxml2 ends each element it started, in order */
	if (f.opens)
		field_end(h, &f);
	if (f.block)
		space(h, top(h));
	if (h->entry != E_NONE && (f.dd || h->depth < h->entry_floor))
		entry_end(h);
}


/*
 * The bytes the parser pulls.  On a page in UTF-8 (declared, or declaring
 * nothing) an invalid sequence or a NUL becomes U+FFFD on the way in:
 * libxml2 2.9 would read the rest of the page as ISO-8859-1 after the
 * first one, and get every later accented letter wrong.
 */
struct source {
	struct pp_input	*in;
	int		 repair;
	unsigned char	 held[4];	/* a sequence cut by the last read */
	size_t		 nheld;
	struct pp_buf	 out;		/* repaired, not yet taken */
	size_t		 pos;
};

/* The length of the valid UTF-8 sequence at s[0..len), 0 if invalid, -1
   if it may be valid but is cut short. */
static int
utf8_seq(const unsigned char *s, size_t len)
{
	int n, i;

	if (s[0] > 0 && s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4;
	else
		return 0;
	for (i = 1; i < n; i++) {
		if ((size_t)i >= len)
			return -1;
		if ((s[i] & 0xc0) != 0x80 ||
		    (i == 1 && s[0] == 0xe0 && s[1] < 0xa0) ||
		    (i == 1 && s[0] == 0xed && s[1] > 0x9f) ||
		    (i == 1 && s[0] == 0xf0 && s[1] < 0x90) ||
		    (i == 1 && s[0] == 0xf4 && s[1] > 0x8f))
			return 0;
	}
	return n;
}

/* Fills src->out with the next bytes, repaired; 0 at the end. */
static int
refill(struct source *src)
{
	unsigned char raw[4096 + 4];
	size_t have, i;
	ssize_t n;
	int k;

	pp_buf_reset(&src->out);
	src->pos = 0;
	memcpy(raw, src->held, src->nheld);
	if ((n = pp_input_read(src->in, raw + src->nheld,
	    sizeof(raw) - 4)) < 0)
		return -1;
	have = src->nheld + (size_t)n;
	src->nheld = 0;
	for (i = 0; i < have; i += (size_t)k) {
		/* runs of ASCII, most of a page, go in at once */
		for (k = 0; i + (size_t)k < have && raw[i + k] > 0 &&
		    raw[i + k] < 0x80; k++)
			;
		if (k > 0) {
			pp_buf_add(&src->out, raw + i, (size_t)k);
			continue;
		}
		k = utf8_seq(raw + i, have - i);
		if (k == -1 && n > 0) {		/* the rest comes next time */
			src->nheld = have - i;
			memcpy(src->held, raw + i, src->nheld);
			break;
		}
		if (k <= 0) {
			pp_buf_add(&src->out, "\xef\xbf\xbd", 3);
			k = 1;
		} else
			pp_buf_add(&src->out, raw + i, (size_t)k);
	}
	return n > 0 || src->out.len > 0;
}

static int
io_read(void *ctx, char *buf, int len)
{
	struct source *src = ctx;
	size_t n;
	ssize_t r;
	int more;

	if (!src->repair) {
		r = pp_input_read(src->in, buf, (size_t)len);
		return r < 0 ? -1 : (int)r;
	}
	while (src->pos == src->out.len)
		if ((more = refill(src)) <= 0)
			return more;
	n = src->out.len - src->pos;
	if (n > (size_t)len)
		n = (size_t)len;
	memcpy(buf, src->out.s + src->pos, n);
	src->pos += n;
	return (int)n;
}

/*
 * The character set a page names in its first bytes (a meta tag's
 * charset, an XML declaration's encoding), as a browser's prescan finds
 * it: is it UTF-8, or none?
 */
static int
says_utf8(const char *head, size_t len)
{
	static const char *const keys[] = { "charset=", "encoding=" };
	const char *p, *end = head + len;
	size_t i, k, n;

	for (k = 0; k < 2; k++) {
		n = strlen(keys[k]);
		for (p = head; p + n <= end; p++) {
			if (strncasecmp(p, keys[k], n) != 0)
				continue;
			p += n;
			while (p < end && (*p == '"' || *p == '\'' || *p == ' '))
				p++;
			for (i = 0; p + i < end && (isalnum((unsigned char)p[i]) ||
			    p[i] == '-' || p[i] == '_'); i++)
				;
			/*
			 * "utf-16" read in a byte stream is UTF-8, as a
			 * browser's prescan takes it (a UTF-16 file comes
			 * here in UTF-8, main.c)
			 */
			return (i == 5 && strncasecmp(p, "utf-8", 5) == 0) ||
			    (i == 4 && strncasecmp(p, "utf8", 4) == 0) ||
			    (i >= 6 && strncasecmp(p, "utf-16", 6) == 0);
		}
	}
	return 1;
}

static void
html_read(struct split *sp, struct pp_input *in)
{
	struct source src = { 0 };
	const char *head;
	size_t len;
	htmlSAXHandler sax;
	xmlParserInputBufferPtr buf;
	xmlParserInputPtr stream;
	struct html h;
	const struct libxml *lx;
	const char *why;
	int i;

	if ((lx = libxml_open(&why)) == NULL) {
		split_bad(sp, 1, "HTML cannot be read without libxml2: %s", why);
		return;
	}
	memset(&sax, 0, sizeof(sax));
	sax.startElement = on_start;
	sax.endElement = on_end;
	sax.characters = on_text;
	sax.ignorableWhitespace = on_text;
	sax.cdataBlock = on_cdata;
	sax.internalSubset = on_doctype;
	sax.serror = quiet;
	sax.initialized = XML_SAX2_MAGIC;

	memset(&h, 0, sizeof(h));
	h.sp = sp;
	h.cap = 64;
	h.stack = xcalloc(h.cap, sizeof(*h.stack));
	h.stack[0].page = 1;	/* text outside entries is the page's */
	h.depth = 1;
	page_begin(&h);

	/*
	 * The pull parser, reading through io_read(): libxml2 2.9's push
	 * parser stalls on long attributes (data-props) and then holds the
	 * whole file.  SAX events only: no tree is built.
	 */
	if ((h.ctxt = lx->htmlNewParserCtxt()) == NULL)
		pp_fatal("%s: cannot start the HTML parser", in->name);
	memcpy(h.ctxt->sax, &sax, sizeof(sax));
	h.ctxt->userData = &h;
	lx->htmlCtxtUseOptions(h.ctxt, HTML_PARSE_NOERROR |
	    HTML_PARSE_NOWARNING | HTML_PARSE_NONET | HTML_PARSE_NOIMPLIED);
	/*
	 * UTF-8 unless the page says otherwise in a meta tag: libxml2 would
	 * take an undeclared page for ISO-8859-1, and the web is UTF-8.
	 */
	src.in = in;
	len = pp_input_peek(in, SPLIT_HEAD, &head);
	src.repair = says_utf8(head, len);
	buf = lx->xmlParserInputBufferCreateIO(io_read, NULL, &src,
	    XML_CHAR_ENCODING_NONE);
	if (buf == NULL || (stream = lx->xmlNewIOInputStream(h.ctxt, buf,
	    XML_CHAR_ENCODING_UTF8)) == NULL)
		pp_fatal("%s: cannot start the HTML parser", in->name);
	lx->inputPush(h.ctxt, stream);
	lx->htmlParseDocument(h.ctxt);
	page_end(&h);

	if (h.ctxt->myDoc != NULL)
		lx->xmlFreeDoc(h.ctxt->myDoc);
	lx->htmlFreeParserCtxt(h.ctxt);
	free(h.stack);
	pp_paper_free(&h.page);
	for (i = 0; i < NFIELDS; i++) {
		pp_buf_free(&h.text[i]);
		pp_buf_free(&h.ptext[i]);
	}
	pp_buf_free(&h.meta_authors);
	pp_buf_free(&h.tmp);
	pp_buf_free(&h.tmp2);
	pp_buf_free(&src.out);
}

/* --- detection ----------------------------------------------------------- */

/* Does head[0..len) contain s, ignoring case? */
static int
contains(const char *head, size_t len, const char *s)
{
	size_t n = strlen(s), i;

	for (i = 0; i + n <= len; i++)
		if (strncasecmp(head + i, s, n) == 0)
			return 1;
	return 0;
}

/*
 * An HTML page starts (after a byte order mark, white space, an XML
 * declaration or comments) with a DOCTYPE or <html>; the marks of an arXiv
 * or a Hugging Face page make it certain.
 */
static int
html_detect(const char *head, size_t len)
{
	size_t i = 0, n;
	int html = 0;

	if (len >= 3 && memcmp(head, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	for (;;) {
		while (i < len && split_space((unsigned char)head[i]))
			i++;
		n = len - i;
		if (n >= 5 && strncmp(head + i, "<?xml", 5) == 0) {
			const char *e = memchr(head + i, '>', n);

			if (e == NULL)
				return 0;
			i = (size_t)(e - head) + 1;
		} else if (n >= 4 && strncmp(head + i, "<!--", 4) == 0) {
			for (i += 4; i + 3 <= len &&
			    strncmp(head + i, "-->", 3) != 0; i++)
				;
			i += 3;
			if (i > len)
				return 0;
		} else
			break;
	}
	if (n >= 14 && strncasecmp(head + i, "<!doctype html", 14) == 0)
		html = 1;
	else if (n >= 5 && strncasecmp(head + i, "<html", 5) == 0 &&
	    (n == 5 || strchr(" \t\r\n>", head[i + 5]) != NULL))
		html = 1;
	if (!html) {
		/*
		 * A fragment: part of a listing, saved by hand, or the markup
		 * a Markdown converter kept.  Hugging Face's data-props hold
		 * the papers' data, more than any text around them shows.
		 */
		if (n == 0 || head[i] != '<')
			return 0;
		if (contains(head, len, "data-props=") ||
		    contains(head, len, "class=\"SVELTE_HYDRATER"))
			return 65;
		if (contains(head, len, "class=\"arxiv-result\"") ||
		    contains(head, len, "class=\"list-title"))
			return 40;
		return 0;
	}
	if (contains(head, len, "arxiv.org") ||
	    contains(head, len, "huggingface.co") ||
	    contains(head, len, "data-props="))
		return 95;
	return 80;
}

const struct reader reader_html = {
	"html",
	"HTML pages: arXiv /list/, /abs/ and search results, Hugging Face "
	    "papers pages (their data-props JSON)",
	html_detect,
	html_read,
	0
};
