/*
 * read-xml.c: arXiv's XML, read as a stream.  One reader covers the four
 * ways arXiv hands out metadata as XML, because they share one loop and
 * differ only in element names:
 *
 *	arXiv API (Atom)	feed/entry: title, summary, author/name, id URL,
 *				published, category/@term, arxiv:doi, ...
 *	RSS 2.0 (2024 on)	rss/channel/item: title, description ("arXiv:ID
 *				Announce Type: new Abstract: ..."), dc:creator
 *				"A, B", category, arxiv:announce_type
 *	RSS 1.0/RDF (before)	rdf:RDF/item: title "T. (arXiv:ID [cat])",
 *				description and dc:creator as HTML
 *	OAI-PMH ListRecords	record/header + metadata in the arXiv, arXivRaw
 *				or oai_dc format (GetRecord too)
 *
 * libxml2's SAX2 push parser is fed bytes from pp_input_read(), so stdin
 * works and a harvest of any size is read in memory bounded by its largest
 * element.  SAX rather than xmlTextReader: its callbacks come in document
 * order as the bytes are parsed, so the line of a start tag is exact at any
 * size (the reader keeps node lines in 16 bits, and its parser runs ahead)
 * and every paper closed before an XML error is written (the reader loses
 * those its parser read past); no tree is built, a third less time; and
 * the parser can be stopped where the root element closes, so documents
 * appended to one another (harvest pages) are read as pages.
 *
 * Elements are told apart by namespace and local name, never by prefix.
 * A record's fields are committed as their elements close; the paper is
 * written when the record closes.
 */
#define _GNU_SOURCE		/* memmem */
#include <stdlib.h>
#include <string.h>

#include "libxml.h"
#include "split.h"

/* The namespaces whose elements mean something here. */
enum ns {
	NS_NONE,		/* RSS 2.0 has none */
	NS_ATOM,
	NS_ARXIV_ATOM,		/* arxiv: in the API and RSS 2.0 */
	NS_OAI,
	NS_OAI_ARXIV,
	NS_OAI_RAW,
	NS_OAI_DC,
	NS_DC,
	NS_RSS1,
	NS_OTHER
};

static const struct {
	const char	*uri;
	enum ns		 ns;
} namespaces[] = {
	{ "http://www.w3.org/2005/Atom",		NS_ATOM },
	{ "http://arxiv.org/schemas/atom",		NS_ARXIV_ATOM },
	{ "http://www.openarchives.org/OAI/2.0/",	NS_OAI },
	{ "http://arxiv.org/OAI/arXiv/",		NS_OAI_ARXIV },
	{ "http://arxiv.org/OAI/arXivRaw/",		NS_OAI_RAW },
	{ "http://www.openarchives.org/OAI/2.0/oai_dc/", NS_OAI_DC },
	{ "http://purl.org/dc/elements/1.1/",		NS_DC },
	{ "http://purl.org/rss/1.0/",			NS_RSS1 },
};

/* What the text of an element inside a record is. */
enum field {
	F_NONE,
	F_TITLE,
	F_ABSTRACT,
	F_DESCRIPTION,		/* RSS: abstract with a prefix, maybe HTML */
	F_DC_DESCRIPTION,	/* oai_dc: abstract, "Comment: ...", ... */
	F_ID,			/* an id, a URL or oai:arXiv.org:ID naming one */
	F_LINK,			/* RSS link: url, and an id */
	F_OAI_ID,		/* OAI header identifier */
	F_DATESTAMP,		/* OAI header datestamp */
	F_DATE,			/* the first version's date, ISO */
	F_VERSION_DATE,		/* arXivRaw version/date, RFC 822 */
	F_DC_DATE,		/* oai_dc, RSS 1.0: one of several dates */
	F_PUB_DATE,		/* RSS pubDate: the announcement's day */
	F_AUTHOR_NAME,		/* Atom author/name */
	F_KEYNAME,		/* OAI arXiv author parts */
	F_FORENAMES,
	F_SUFFIX,
	F_AUTHOR_LIST,		/* arXivRaw "A, B and C" */
	F_CREATOR,		/* dc:creator */
	F_CATEGORY,		/* one category */
	F_CATEGORY_LIST,	/* "hep-th math.QA", primary first */
	F_COMMENTS,
	F_DOI,
	F_VENUE,
	F_DC_IDENTIFIER,
	F_ANNOUNCE,
	F_EXTRA,		/* a key of its own: report-no as report_no */
	F_OAI_ERROR		/* outside records: the server says no */
};

/* Elements with text worth keeping, by namespace and local name. */
static const struct {
	enum ns		 ns;
	const char	*name;
	enum field	 field;
} fields[] = {
	{ NS_ATOM,	"title",		F_TITLE },
	{ NS_ATOM,	"summary",		F_ABSTRACT },
	{ NS_ATOM,	"id",			F_ID },
	{ NS_ATOM,	"published",		F_DATE },
	{ NS_ATOM,	"name",			F_AUTHOR_NAME },
	{ NS_ARXIV_ATOM, "doi",			F_DOI },
	{ NS_ARXIV_ATOM, "DOI",			F_DOI },
	{ NS_ARXIV_ATOM, "comment",		F_COMMENTS },
	{ NS_ARXIV_ATOM, "journal_ref",		F_VENUE },
	{ NS_ARXIV_ATOM, "journal_reference",	F_VENUE },
	{ NS_ARXIV_ATOM, "announce_type",	F_ANNOUNCE },
	{ NS_NONE,	"title",		F_TITLE },
	{ NS_NONE,	"description",		F_DESCRIPTION },
	{ NS_NONE,	"link",			F_LINK },
	{ NS_NONE,	"guid",			F_ID },
	{ NS_NONE,	"category",		F_CATEGORY },
	{ NS_NONE,	"pubDate",		F_PUB_DATE },
	{ NS_RSS1,	"title",		F_TITLE },
	{ NS_RSS1,	"description",		F_DESCRIPTION },
	{ NS_RSS1,	"link",			F_LINK },
	{ NS_OAI,	"identifier",		F_OAI_ID },
	{ NS_OAI,	"datestamp",		F_DATESTAMP },
	{ NS_OAI_ARXIV,	"id",			F_ID },
	{ NS_OAI_ARXIV,	"created",		F_DATE },
	{ NS_OAI_ARXIV,	"keyname",		F_KEYNAME },
	{ NS_OAI_ARXIV,	"forenames",		F_FORENAMES },
	{ NS_OAI_ARXIV,	"suffix",		F_SUFFIX },
	{ NS_OAI_ARXIV,	"title",		F_TITLE },
	{ NS_OAI_ARXIV,	"categories",		F_CATEGORY_LIST },
	{ NS_OAI_ARXIV,	"comments",		F_COMMENTS },
	{ NS_OAI_ARXIV,	"journal-ref",		F_VENUE },
	{ NS_OAI_ARXIV,	"doi",			F_DOI },
	{ NS_OAI_ARXIV,	"abstract",		F_ABSTRACT },
	{ NS_OAI_ARXIV,	"report-no",		F_EXTRA },
	{ NS_OAI_ARXIV,	"msc-class",		F_EXTRA },
	{ NS_OAI_ARXIV,	"acm-class",		F_EXTRA },
	{ NS_OAI_ARXIV,	"license",		F_EXTRA },
	{ NS_OAI_ARXIV,	"proxy",		F_EXTRA },
	{ NS_OAI_RAW,	"id",			F_ID },
	{ NS_OAI_RAW,	"date",			F_VERSION_DATE },
	{ NS_OAI_RAW,	"title",		F_TITLE },
	{ NS_OAI_RAW,	"authors",		F_AUTHOR_LIST },
	{ NS_OAI_RAW,	"categories",		F_CATEGORY_LIST },
	{ NS_OAI_RAW,	"comments",		F_COMMENTS },
	{ NS_OAI_RAW,	"journal-ref",		F_VENUE },
	{ NS_OAI_RAW,	"doi",			F_DOI },
	{ NS_OAI_RAW,	"abstract",		F_ABSTRACT },
	{ NS_OAI_RAW,	"report-no",		F_EXTRA },
	{ NS_OAI_RAW,	"msc-class",		F_EXTRA },
	{ NS_OAI_RAW,	"acm-class",		F_EXTRA },
	{ NS_OAI_RAW,	"license",		F_EXTRA },
	{ NS_OAI_RAW,	"proxy",		F_EXTRA },
	{ NS_OAI_RAW,	"submitter",		F_EXTRA },
	{ NS_DC,	"title",		F_TITLE },
	{ NS_DC,	"creator",		F_CREATOR },
	{ NS_DC,	"description",		F_DC_DESCRIPTION },
	{ NS_DC,	"date",			F_DC_DATE },
	{ NS_DC,	"identifier",		F_DC_IDENTIFIER },
};

/* Where a date came from: a surer source replaces a less sure one. */
enum date_rank {
	DATE_NONE,
	DATE_STAMP,		/* when the repository last changed the record */
	DATE_PUB,		/* a feed item's date */
	DATE_FIRST		/* the first version's */
};

/* The kinds of record; they differ in how creators and dates are read. */
enum kind { K_ATOM, K_RSS, K_OAI };

struct xml {
	struct split	*sp;
	struct pp_input	*in;
	const struct libxml *lx;	/* libxml2's functions */
	xmlParserCtxtPtr ctxt;
	int		 failed;	/* an XML error was reported */
	int		 level;		/* elements open */
	int		 ended;		/* the root element closed */
	struct pp_buf	*pending;	/* what the parser left when it closed */
	unsigned long	 line_base;	/* lines of the documents before */
	struct pp_buf	 error_code;	/* an OAI-PMH error's code */
	unsigned long	 error_line;

	/* the record being read; depth -1 outside one */
	int		 depth;
	enum kind	 kind;
	unsigned long	 lineno;
	int		 deleted;	/* OAI header status="deleted" */
	int		 api_error;	/* an Atom entry that is an API error */
	int		 versions;	/* arXivRaw versions seen */
	int		 descriptions;	/* oai_dc descriptions seen */
	int		 arxiv_item;	/* an RSS item from arXiv */
	struct pp_buf	 format;	/* OAI metadata format not read */
	enum date_rank	 date_rank;
	struct pp_date	 date;
	struct pp_buf	 cats;		/* categories, each NUL-terminated */
	struct pp_buf	 primary;
	struct pp_buf	 creators;	/* dc:creator texts, NUL-terminated */
	int		 ncreators;
	struct pp_buf	 error;		/* an API error's message */
	unsigned long	 unread;	/* records in a format not read */

	/* invalid UTF-8 repaired before the parser sees it (feed()) */
	int		 repair;	/* the document is UTF-8 */
	unsigned long	 fed_lines;	/* newlines fed to this document */
	unsigned long	 bad_lines;	/* lines repaired, in all */
	unsigned long	 bad_line;	/* the last of them */
	unsigned char	 carry[4];	/* a character cut by the chunk's end */
	size_t		 ncarry;
	struct pp_buf	 fixed, repaired;

	/* the element whose text is being gathered */
	enum field	 field;
	int		 field_depth;
	struct pp_buf	 text;

	/* Atom and OAI arXiv author elements */
	int		 author_depth;	/* -1 outside one */
	struct pp_buf	 keyname, forenames, suffix;

	struct pp_buf	 tmp, tmp2, tmp3, title;
	struct pp_buf	 extra_key;	/* F_EXTRA's key */
	struct pp_buf	 squeezed, quoted;	/* set_text() */
	const xmlChar	*uri;		/* the last namespace URI seen */
	enum ns		 uri_ns;	/* and what it is */
};

/* The line the parser is on: in SAX, the end of the tag just read. */
static unsigned long
parser_line(const struct xml *x)
{
	int line = x->ctxt != NULL && x->ctxt->input != NULL ?
	    x->ctxt->input->line : 1;

	return x->line_base + (unsigned long)(line > 0 ? line : 1);
}

static enum ns
ns_of(const xmlChar *uri)
{
	size_t i;

	if (uri == NULL)
		return NS_NONE;
	for (i = 0; i < sizeof(namespaces) / sizeof(namespaces[0]); i++)
		if (strcmp((const char *)uri, namespaces[i].uri) == 0)
			return namespaces[i].ns;
	return NS_OTHER;
}

static enum field
field_of(enum ns ns, const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		if (fields[i].ns == ns && strcmp(fields[i].name, name) == 0)
			return fields[i].field;
	return F_NONE;
}

/* --- text helpers ------------------------------------------------------- */

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int
is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int
starts(const char *s, size_t len, const char *prefix)
{
	size_t n = strlen(prefix);

	return len >= n && strncasecmp(s, prefix, n) == 0;
}

/*
 * The HTML entities arXiv's feeds put in text that was HTML before it was
 * escaped for XML; a numeric reference becomes its character.
 */
static const struct {
	const char	*name;
	const char	*text;
} entities[] = {
	{ "amp", "&" }, { "lt", "<" }, { "gt", ">" }, { "quot", "\"" },
	{ "apos", "'" }, { "nbsp", " " },
};

/*
 * The HTML tags feeds put in text, so that "x<y and y>z" in an abstract is
 * not taken for one: inline ones go without a trace, the others leave a
 * space between the words they separated.
 */
static const struct {
	const char	*name;
	int		 inline_tag;
} html_tags[] = {
	{ "a", 1 }, { "b", 1 }, { "i", 1 }, { "em", 1 }, { "strong", 1 },
	{ "sub", 1 }, { "sup", 1 }, { "span", 1 }, { "code", 1 }, { "tt", 1 },
	{ "u", 1 }, { "s", 1 }, { "small", 1 }, { "big", 1 }, { "font", 1 },
	{ "abbr", 1 }, { "cite", 1 }, { "q", 1 }, { "var", 1 },
	{ "p", 0 }, { "br", 0 }, { "div", 0 }, { "li", 0 }, { "ul", 0 },
	{ "ol", 0 }, { "blockquote", 0 }, { "pre", 0 }, { "hr", 0 },
	{ "img", 0 }, { "h1", 0 }, { "h2", 0 }, { "h3", 0 }, { "h4", 0 },
	{ "table", 0 }, { "tr", 0 }, { "td", 0 }, { "th", 0 }, { "dl", 0 },
	{ "dt", 0 }, { "dd", 0 },
};

/*
 * At s (a '<'), a tag of html_tags: its length, and whether it is inline;
 * 0 when it is no such tag.
 */
static size_t
html_tag(const char *s, const char *end, int *inline_tag)
{
	const char *p = s + 1, *name, *close;
	size_t i, n;

	if (p < end && *p == '/')
		p++;
	for (name = p; p < end && (is_alpha((unsigned char)*p) ||
	    is_digit((unsigned char)*p)); p++)
		continue;
	n = (size_t)(p - name);
	if (n == 0 || p == end || !(split_space((unsigned char)*p) || *p == '>' ||
	    *p == '/') || (close = memchr(p, '>', (size_t)(end - p))) == NULL)
		return 0;
	/* "a<b and c>d" is text: after the name, attributes or nothing */
	while (p < close && split_space((unsigned char)*p))
		p++;
	if (p < close && *p != '/' && memchr(p, '=', (size_t)(close - p)) == NULL)
		return 0;
	for (i = 0; i < sizeof(html_tags) / sizeof(html_tags[0]); i++)
		if (strlen(html_tags[i].name) == n &&
		    strncasecmp(html_tags[i].name, name, n) == 0) {
			*inline_tag = html_tags[i].inline_tag;
			return (size_t)(close + 1 - s);
		}
	return 0;
}

/* Does s hold an HTML tag of html_tags? */
static int
has_html(const char *s, size_t len)
{
	const char *end = s + len, *p;
	int inline_tag;

	for (p = s; (p = memchr(p, '<', (size_t)(end - p))) != NULL; p++)
		if (html_tag(p, end, &inline_tag) > 0)
			return 1;
	return 0;
}

/* Appends HTML text s with its tags dropped and its entities decoded. */
static void
strip_html(struct pp_buf *out, const char *s, size_t len)
{
	const char *end = s + len, *semi;
	size_t i, n;
	int inline_tag;
	long cp;

	while (s < end) {
		if (*s == '<' && (n = html_tag(s, end, &inline_tag)) > 0) {
			if (!inline_tag)
				pp_buf_addc(out, ' ');
			s += n;
			continue;
		}
		if (*s == '&' && (semi = memchr(s, ';', (size_t)(end - s))) !=
		    NULL && semi - s <= 10) {
			n = (size_t)(semi - s - 1);
			if (n >= 2 && s[1] == '#') {
				cp = s[2] == 'x' || s[2] == 'X' ?
				    strtol(s + 3, NULL, 16) : strtol(s + 2, NULL, 10);
				if (cp > 0 && cp <= 0x10ffff &&
				    !(cp >= 0xd800 && cp <= 0xdfff)) {
					pp_utf8_put(out, (int32_t)cp);
					s = semi + 1;
					continue;
				}
			}
			for (i = 0; i < sizeof(entities) / sizeof(entities[0]);
			    i++)
				if (strlen(entities[i].name) == n &&
				    memcmp(entities[i].name, s + 1, n) == 0)
					break;
			if (i < sizeof(entities) / sizeof(entities[0])) {
				pp_buf_adds(out, entities[i].text);
				s = semi + 1;
				continue;
			}
		}
		pp_buf_addc(out, *s++);
	}
	if (out->s == NULL)
		pp_buf_add(out, "", 0);
}

/*
 * pp_paper_set() for text from libxml2, which is valid UTF-8 without NUL
 * (the parser stops at anything else): the same squeezed JSON string,
 * without checking the UTF-8 again, a sixth of the time of a harvest.
 */
static int
quote_text(struct xml *x, const char *s, size_t len)
{
	pp_buf_reset(&x->squeezed);
	pp_text_squeeze(&x->squeezed, s, len);
	if (x->squeezed.len == 0)
		return 0;
	pp_buf_reset(&x->quoted);
	pp_json_quote(&x->quoted, x->squeezed.s, x->squeezed.len);
	return 1;
}

static void
set_text(struct xml *x, enum pp_key k, const char *s, size_t len)
{
	if (quote_text(x, s, len))
		pp_paper_set_json(&x->sp->paper, k, x->quoted.s,
		    x->quoted.len);
}

/* --- ids, dates, names -------------------------------------------------- */

/*
 * The id a text names: an arXiv URL (/abs/, /pdf/), an OAI identifier
 * oai:arXiv.org:ID, "arXiv:ID", or, when bare is set (arXiv's own id
 * elements), the text itself: another feed's guid "news/2024001" is no
 * arXiv id.  Sets the paper's id unless it has one.
 */
static void
take_id(struct xml *x, const char *s, size_t len, int bare)
{
	static const char *const prefixes[] = {
		"oai:arXiv.org:", "/abs/", "/pdf/"
	};
	const char *p;
	size_t i, n;

	if (pp_paper_has(&x->sp->paper, PP_ID))
		return;
	split_trim(&s, &len);
	for (i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++) {
		n = strlen(prefixes[i]);
		for (p = s; p + n <= s + len; p++)
			if (strncasecmp(p, prefixes[i], n) == 0)
				break;
		if (p + n <= s + len) {
			if (i > 0 && memmem(s, len, "arxiv.org", 9) == NULL)
				return;
			len -= (size_t)(p + n - s);
			s = p + n;
			bare = 1;
			break;
		}
	}
	if ((bare || starts(s, len, "arXiv:")) && arxiv_id(s, len, &x->tmp2) > 0)
		set_text(x, PP_ID, x->tmp2.s, x->tmp2.len);
}

/* A date in a record: a surer source replaces a less sure one. */
static void
take_date(struct xml *x, const struct pp_date *d, enum date_rank rank)
{
	if (rank > x->date_rank ||
	    (rank == x->date_rank && pp_date_days(d) < pp_date_days(&x->date))) {
		x->date = *d;
		x->date_rank = rank;
	}
}

static int
iso_date(const char *s, size_t len, struct pp_date *d)
{
	size_t n;

	split_trim(&s, &len);
	n = pp_date_parse(s, len, d);
	return n > 0 && (n == len || !is_digit((unsigned char)s[n]));
}

/* "Last, First" as written in Dublin Core: "First Last". */
static void
add_inverted_name(struct xml *x, const char *s, size_t len)
{
	const char *comma;

	split_trim(&s, &len);
	if ((comma = memchr(s, ',', len)) != NULL &&
	    memchr(comma + 1, ',', len - (size_t)(comma + 1 - s)) == NULL) {
		pp_buf_reset(&x->tmp2);
		pp_buf_add(&x->tmp2, comma + 1, len - (size_t)(comma + 1 - s));
		pp_buf_addc(&x->tmp2, ' ');
		pp_buf_add(&x->tmp2, s, (size_t)(comma - s));
		pp_paper_add(&x->sp->paper, PP_AUTHORS, x->tmp2.s, x->tmp2.len);
	} else
		pp_paper_add(&x->sp->paper, PP_AUTHORS, s, len);
}

/* Are s[0..len) a name's initials, "J." or "K. L." or "J.-P."? */
static int
initials(const char *s, size_t len)
{
	size_t i;

	split_trim(&s, &len);
	if (len < 2 || s[len - 1] != '.')
		return 0;
	for (i = 0; i < len; i++)
		if (!(s[i] >= 'A' && s[i] <= 'Z') && s[i] != '.' &&
		    s[i] != ' ' && s[i] != '-')
			return 0;
	return 1;
}

/*
 * Is the list "Last, I., Last, I." (bioRxiv's and other feeds'
 * dc:creator): an even number of comma-parted pieces, every second one
 * initials?  Then each pair is one author.
 */
static int
inverted_list(const char *s, size_t len)
{
	const char *p = s, *end = s + len, *piece;
	size_t n = 0;

	if (memchr(s, ';', len) != NULL || memchr(s, '&', len) != NULL)
		return 0;
	while (p <= end) {
		piece = p;
		while (p < end && *p != ',')
			p++;
		if (n++ % 2 == 1 && !initials(piece, (size_t)(p - piece)))
			return 0;
		p++;
	}
	return n >= 2 && n % 2 == 0;
}

/*
 * An arXiv author line, "A. Smith (1), B. Jones ((1) IUCAA, (2) MIT) and
 * C. Wu": parenthesized affiliations dropped, then split at commas,
 * semicolons, "&" and the word "and".
 */
static void
add_author_list(struct xml *x, const char *s, size_t len)
{
	struct pp_buf *b = &x->tmp2;
	const char *p, *end, *name, *last = NULL;
	size_t i, n, nlast = 0;
	int depth = 0, open = 0, inverted;

	/* a parenthesis never closed would take the names after it along */
	for (i = 0; i < len; i++)
		if (s[i] == '(')
			open++;
		else if (s[i] == ')' && open > 0)
			open--;
	pp_buf_reset(b);
	for (i = 0; i < len; i++) {
		if (open > 0)
			pp_buf_addc(b, split_space((unsigned char)s[i]) ? ' ' :
			    s[i]);
		else if (s[i] == '(')
			depth++;
		else if (s[i] == ')' && depth > 0)
			depth--;
		else if (depth == 0)
			pp_buf_addc(b, split_space((unsigned char)s[i]) ? ' ' :
			    s[i]);
	}
	if (b->s == NULL)
		return;
	inverted = inverted_list(b->s, b->len);
	p = b->s;
	end = b->s + b->len;
	while (p < end) {
		name = p;
		while (p < end && *p != ',' && *p != ';' && *p != '&' &&
		    !(p > name && p[-1] == ' ' && end - p >= 4 &&
		    strncmp(p, "and ", 4) == 0))
			p++;
		n = (size_t)(p - name);
		if (p < end)
			p += *p == 'a' ? 4 : 1;
		/* ", and" leaves "" before "and": skipped below */
		split_trim(&name, &n);
		if (n == 0)
			continue;
		if (inverted && last == NULL) {
			last = name;	/* "Smith," of "Smith, J." */
			nlast = n;
			continue;
		}
		if (inverted) {
			pp_buf_reset(&x->tmp3);
			pp_buf_add(&x->tmp3, name, n);
			pp_buf_addc(&x->tmp3, ' ');
			pp_buf_add(&x->tmp3, last, nlast);
			pp_paper_add(&x->sp->paper, PP_AUTHORS, x->tmp3.s,
			    x->tmp3.len);
			last = NULL;
			continue;
		}
		pp_paper_add(&x->sp->paper, PP_AUTHORS, name, n);
	}
}

static void
add_category(struct xml *x, const char *s, size_t len)
{
	split_trim(&s, &len);
	if (len == 0)
		return;
	pp_buf_add(&x->cats, s, len);
	pp_buf_addc(&x->cats, '\0');
}

static void
set_primary(struct xml *x, const char *s, size_t len)
{
	split_trim(&s, &len);
	if (x->primary.len == 0 && len > 0)
		pp_buf_add(&x->primary, s, len);
}

static void
set_announce(struct xml *x, const char *s, size_t len)
{
	struct pp_paper *p = &x->sp->paper;

	split_trim(&s, &len);
	if (len == 0 || memmem(p->extra.s != NULL ? p->extra.s : "",
	    p->extra.len, "\"announce_type\":", 16) != NULL)
		return;
	pp_buf_reset(&x->tmp2);
	pp_utf8_repair(&x->tmp2, s, len);
	pp_buf_reset(&x->tmp);
	pp_json_quote(&x->tmp, x->tmp2.s, x->tmp2.len);
	pp_paper_extra(p, "announce_type", 13, x->tmp.s, x->tmp.len);
}

/* A bare DOI from "10.1/x", "doi:10.1/x" or a doi.org URL. */
static void
set_doi(struct xml *x, const char *s, size_t len)
{
	const char *p;
	size_t n;

	split_trim(&s, &len);
	if ((p = memmem(s, len, "10.", 3)) == NULL)
		return;
	len -= (size_t)(p - s);
	s = p;
	/* arXiv lists several DOIs with spaces between: the first */
	for (n = 0; n < len && !split_space((unsigned char)s[n]); n++)
		continue;
	if (!pp_paper_has(&x->sp->paper, PP_DOI))
		set_text(x, PP_DOI, s, n);
}

/*
 * An RSS description: "arXiv:ID Announce Type: new \nAbstract: text" in
 * arXiv's RSS 2.0, "<p>text</p>" as HTML in its RSS 1.0.  The id and the
 * announce type go to their keys; the abstract is what is left.
 */
static void
rss_description(struct xml *x, const char *s, size_t len)
{
	size_t n, w;

	split_trim(&s, &len);
	/* arXiv's RSS 2.0 has plain text ("arXiv:ID ..."), its RSS 1.0 HTML */
	if (!starts(s, len, "arXiv:") && has_html(s, len)) {
		pp_buf_reset(&x->tmp);
		strip_html(&x->tmp, s, len);
		s = x->tmp.s;
		len = x->tmp.len;
		split_trim(&s, &len);
	}
	if (starts(s, len, "arXiv:") && (n = arxiv_id(s, len, &x->tmp2)) > 0) {
		x->arxiv_item = 1;
		if (!pp_paper_has(&x->sp->paper, PP_ID))
			set_text(x, PP_ID, x->tmp2.s,
			    x->tmp2.len);
		s += n;
		len -= n;
		split_trim(&s, &len);
		if (starts(s, len, "Announce Type:")) {
			s += 14;
			len -= 14;
			split_trim(&s, &len);
			for (w = 0; w < len && !split_space((unsigned char)s[w]); w++)
				continue;
			set_announce(x, s, w);
			s += w;
			len -= w;
			split_trim(&s, &len);
		}
		if (starts(s, len, "Abstract:")) {
			s += 9;
			len -= 9;
		}
	}
	if (!pp_paper_has(&x->sp->paper, PP_ABSTRACT))
		set_text(x, PP_ABSTRACT, s, len);
}

/*
 * A title from arXiv's RSS 1.0 ends "Title. (arXiv:1712.01234v1 [cs.AI])",
 * " UPDATED)" for a new version, " CROSS LISTED)" for a cross-list: the id,
 * category and announce type go to their keys, the title keeps the rest.
 */
static void
set_title(struct xml *x, const char *s, size_t len)
{
	const char *p = NULL, *q, *end;
	size_t n;

	split_trim(&s, &len);
	if (x->kind == K_RSS && has_html(s, len)) {
		pp_buf_reset(&x->title);
		strip_html(&x->title, s, len);
		s = x->title.s;
		len = x->title.len;
		split_trim(&s, &len);
	}
	if (x->kind == K_RSS && len > 0 && s[len - 1] == ')')
		for (q = s; (q = memmem(q, len - (size_t)(q - s), "(arXiv:",
		    7)) != NULL; q++)
			p = q;
	if (p != NULL && (n = arxiv_id(p + 1, len - (size_t)(p + 1 - s),
	    &x->tmp2)) > 0) {
		x->arxiv_item = 1;
		if (!pp_paper_has(&x->sp->paper, PP_ID))
			set_text(x, PP_ID, x->tmp2.s,
			    x->tmp2.len);
		q = p + 1 + n;
		end = s + len - 1;
		while (q < end && *q == ' ')
			q++;
		if (q < end && *q == '[') {
			const char *close = memchr(q, ']', (size_t)(end - q));

			if (close != NULL) {
				for (n = 1; q + n < close && q[n] != ' '; n++)
					continue;
				set_primary(x, q + 1, n - 1);
				add_category(x, q + 1, n - 1);
				q = close + 1;
			}
		}
		while (q < end && *q == ' ')
			q++;
		if ((size_t)(end - q) >= 7 && memcmp(q, "UPDATED", 7) == 0)
			set_announce(x, "replace", 7);
		else if ((size_t)(end - q) >= 5 && memcmp(q, "CROSS", 5) == 0)
			set_announce(x, "cross", 5);
		else
			set_announce(x, "new", 3);
		len = (size_t)(p - s);
		split_trim(&s, &len);
		if (len > 0 && s[len - 1] == '.')
			len--;
	}
	set_text(x, PP_TITLE, s, len);
}

/* oai_dc's dc:identifier: an arXiv URL, a DOI, a URL, or (arXiv) a venue. */
static void
dc_identifier(struct xml *x, const char *s, size_t len)
{
	struct pp_paper *p = &x->sp->paper;

	split_trim(&s, &len);
	if (starts(s, len, "doi:") || starts(s, len, "https://doi.org/") ||
	    starts(s, len, "http://dx.doi.org/") ||
	    starts(s, len, "https://dx.doi.org/"))
		set_doi(x, s, len);
	else if (starts(s, len, "http://") || starts(s, len, "https://")) {
		if (!pp_paper_has(p, PP_URL))
			set_text(x, PP_URL, s, len);
		take_id(x, s, len, 0);
	} else if (memmem(s, len, "arXiv.org", 9) == NULL && len > 0 &&
	    pp_paper_has(p, PP_ID) && !pp_paper_has(p, PP_VENUE))
		/* arXiv's oai_dc lists the journal reference here */
		set_text(x, PP_VENUE, s, len);
}

/* The text of an element of the record, as its element closes. */
static void
commit(struct xml *x, enum field f, const char *s, size_t len)
{
	struct pp_paper *p = &x->sp->paper;
	struct pp_date d;

	switch (f) {
	case F_NONE:
	case F_OAI_ERROR:
		break;
	case F_TITLE:
		if (!pp_paper_has(p, PP_TITLE))
			set_title(x, s, len);
		break;
	case F_ABSTRACT:
		if (x->kind == K_ATOM) {
			pp_buf_reset(&x->error);
			pp_buf_add(&x->error, s, len);
		}
		if (!pp_paper_has(p, PP_ABSTRACT))
			set_text(x, PP_ABSTRACT, s, len);
		break;
	case F_DESCRIPTION:
		rss_description(x, s, len);
		break;
	case F_DC_DESCRIPTION:
		split_trim(&s, &len);
		if (starts(s, len, "Comment:")) {
			if (!pp_paper_has(p, PP_COMMENTS))
				set_text(x, PP_COMMENTS, s + 8, len - 8);
		} else if (!starts(s, len, "Report number:") &&
		    x->descriptions++ == 0)
			set_text(x, PP_ABSTRACT, s, len);
		break;
	case F_ID:
		if (x->kind == K_ATOM && memmem(s, len, "/api/errors", 11))
			x->api_error = 1;
		take_id(x, s, len, x->kind == K_OAI);
		break;
	case F_LINK:
		split_trim(&s, &len);
		if (!pp_paper_has(p, PP_URL))
			set_text(x, PP_URL, s, len);
		if (memmem(s, len, "arxiv.org/abs/", 14) != NULL)
			x->arxiv_item = 1;
		take_id(x, s, len, 0);
		break;
	case F_OAI_ID:
		take_id(x, s, len, 0);
		break;
	case F_DATESTAMP:
		if (iso_date(s, len, &d))
			take_date(x, &d, DATE_STAMP);
		break;
	case F_DATE:
		if (iso_date(s, len, &d))
			take_date(x, &d, DATE_FIRST);
		break;
	case F_VERSION_DATE:
		if (x->versions == 1 && pp_date_rfc822(s, len, &d))
			take_date(x, &d, DATE_FIRST);
		break;
	case F_DC_DATE:
		if (iso_date(s, len, &d))
			take_date(x, &d, x->kind == K_OAI ? DATE_FIRST :
			    DATE_PUB);
		break;
	case F_PUB_DATE:
		if (pp_date_rfc822(s, len, &d))
			take_date(x, &d, DATE_PUB);
		break;
	case F_AUTHOR_NAME:
		pp_paper_add(p, PP_AUTHORS, s, len);
		break;
	case F_KEYNAME:
		pp_buf_reset(&x->keyname);
		pp_buf_add(&x->keyname, s, len);
		break;
	case F_FORENAMES:
		pp_buf_reset(&x->forenames);
		pp_buf_add(&x->forenames, s, len);
		break;
	case F_SUFFIX:
		pp_buf_reset(&x->suffix);
		pp_buf_add(&x->suffix, s, len);
		break;
	case F_AUTHOR_LIST:
		add_author_list(x, s, len);
		break;
	case F_CREATOR:
		pp_buf_add(&x->creators, s, len);
		pp_buf_addc(&x->creators, '\0');
		x->ncreators++;
		break;
	case F_CATEGORY:
		add_category(x, s, len);
		break;
	case F_CATEGORY_LIST:
		while (len > 0) {
			size_t w;

			split_trim(&s, &len);
			for (w = 0; w < len && !split_space((unsigned char)s[w]); w++)
				continue;
			if (w > 0) {
				set_primary(x, s, w);
				add_category(x, s, w);
			}
			s += w;
			len -= w;
		}
		break;
	case F_COMMENTS:
		if (!pp_paper_has(p, PP_COMMENTS))
			set_text(x, PP_COMMENTS, s, len);
		break;
	case F_EXTRA:
		if (quote_text(x, s, len))
			pp_paper_extra(p, x->extra_key.s, x->extra_key.len,
			    x->quoted.s, x->quoted.len);
		break;
	case F_DOI:
		set_doi(x, s, len);
		break;
	case F_VENUE:
		if (!pp_paper_has(p, PP_VENUE))
			set_text(x, PP_VENUE, s, len);
		break;
	case F_DC_IDENTIFIER:
		dc_identifier(x, s, len);
		break;
	case F_ANNOUNCE:
		x->arxiv_item = 1;
		set_announce(x, s, len);
		break;
	}
}

/* --- records ------------------------------------------------------------ */

static void
record_start(struct xml *x, enum kind kind, int depth)
{
	x->depth = depth;
	x->kind = kind;
	x->lineno = parser_line(x);
	x->deleted = x->api_error = x->versions = x->descriptions = 0;
	x->arxiv_item = x->ncreators = 0;
	pp_buf_reset(&x->format);
	x->date_rank = DATE_NONE;
	x->field = F_NONE;
	x->author_depth = -1;
	pp_buf_reset(&x->cats);
	pp_buf_reset(&x->primary);
	pp_buf_reset(&x->creators);
	pp_buf_reset(&x->error);
	pp_paper_clear(&x->sp->paper);
}

/*
 * "Smith, John" or "Smith, J. A." rather than "Ann Lee, Bo Wu": one comma,
 * one word before it.  Another feed's lone creator is read so.
 */
static int
lone_inverted_name(const char *s, size_t len)
{
	const char *comma;
	size_t before;

	split_trim(&s, &len);
	if ((comma = memchr(s, ',', len)) == NULL ||
	    memchr(comma + 1, ',', len - (size_t)(comma + 1 - s)) != NULL ||
	    memchr(s, '<', len) != NULL)
		return 0;
	before = (size_t)(comma - s);
	return memchr(s, ' ', before) == NULL && before > 0;
}

/* The creators of a feed item or a Dublin Core record. */
static void
add_creators(struct xml *x)
{
	const char *s = x->creators.s, *end;
	size_t len;

	if (s == NULL)
		return;
	for (end = s + x->creators.len; s < end; s += len + 1) {
		len = strlen(s);
		if (x->kind == K_RSS && x->ncreators == 1 && (x->arxiv_item ||
		    !lone_inverted_name(s, len))) {
			/* arXiv's feeds: one element, "A, B", maybe as HTML */
			pp_buf_reset(&x->tmp);
			strip_html(&x->tmp, s, len);
			add_author_list(x, x->tmp.s, x->tmp.len);
		} else
			add_inverted_name(x, s, len);
	}
}

static void
record_end(struct xml *x)
{
	struct split *sp = x->sp;
	struct pp_paper *p = &sp->paper;
	const char *c, *end;
	char date[32];
	size_t len;

	x->depth = -1;
	if (x->deleted) {
		pp_paper_clear(p);
		return;
	}
	if (x->api_error) {
		split_bad(sp, x->lineno, "arXiv API error: %s",
		    x->error.s != NULL ? x->error.s : "(no message)");
		pp_paper_clear(p);
		return;
	}
	if (x->format.len > 0 && !pp_paper_has(p, PP_TITLE)) {
		/* the first with its line; a harvest's others in one count */
		if (x->unread++ == 0)
			split_bad(sp, x->lineno, "OAI-PMH metadata format '%s' "
			    "is not one pp-split reads (arXiv, arXivRaw, oai_dc): "
			    "record skipped", x->format.s);
		pp_paper_clear(p);
		return;
	}
	add_creators(x);
	if (x->primary.len > 0)
		pp_paper_add(p, PP_CATEGORIES, x->primary.s, x->primary.len);
	for (c = x->cats.s, end = c != NULL ? c + x->cats.len : NULL; c < end;
	    c += len + 1) {
		len = strlen(c);
		if (len != x->primary.len || memcmp(c, x->primary.s, len) != 0)
			pp_paper_add(p, PP_CATEGORIES, c, len);
	}
	/*
	 * arXiv's feeds date the day they announce a paper, not the paper:
	 * that is no date of the paper's own (DESIGN: never invented).
	 */
	if (x->date_rank != DATE_NONE &&
	    !(x->kind == K_RSS && x->arxiv_item)) {
		if (x->date.day > 0)
			snprintf(date, sizeof(date), "%04d-%02d-%02d",
			    x->date.year, x->date.month, x->date.day);
		else if (x->date.month > 0)
			snprintf(date, sizeof(date), "%04d-%02d", x->date.year,
			    x->date.month);
		else
			snprintf(date, sizeof(date), "%04d", x->date.year);
		set_text(x, PP_DATE, date, strlen(date));
	}
	split_emit(sp, p, x->lineno);
}

/*
 * The value of the attribute name (no namespace) among SAX2's attributes,
 * five pointers each: local name, prefix, URI, value, end of value.
 */
static const char *
attribute(const xmlChar **attrs, int n, const char *name, size_t *len)
{
	int i;

	for (i = 0; i < n; i++, attrs += 5)
		if (attrs[2] == NULL && strcmp((const char *)attrs[0], name) == 0) {
			*len = (size_t)(attrs[4] - attrs[3]);
			return (const char *)attrs[3];
		}
	return NULL;
}

/* The attributes that carry data: link/@href, category/@term, ... */
static void
element_attributes(struct xml *x, enum ns ns, const char *name,
    const xmlChar **attrs, int n)
{
	const char *rel, *v;
	size_t rlen, len;

	if (ns == NS_ATOM && strcmp(name, "link") == 0) {
		rel = attribute(attrs, n, "rel", &rlen);
		v = attribute(attrs, n, "href", &len);
		if (v != NULL && (rel == NULL || (rlen == 9 &&
		    memcmp(rel, "alternate", 9) == 0)) &&
		    !pp_paper_has(&x->sp->paper, PP_URL))
			set_text(x, PP_URL, v, len);
	} else if (ns == NS_ATOM && strcmp(name, "category") == 0) {
		if ((v = attribute(attrs, n, "term", &len)) != NULL)
			add_category(x, v, len);
	} else if (ns == NS_ARXIV_ATOM && strcmp(name, "primary_category") == 0) {
		if ((v = attribute(attrs, n, "term", &len)) != NULL)
			set_primary(x, v, len);
	} else if (ns == NS_OAI && strcmp(name, "header") == 0) {
		if ((v = attribute(attrs, n, "status", &len)) != NULL &&
		    len == 7 && memcmp(v, "deleted", 7) == 0)
			x->deleted = 1;
	}
}

static void
element_start(void *arg, const xmlChar *localname, const xmlChar *prefix,
    const xmlChar *uri, int nb_namespaces, const xmlChar **ns_decls,
    int nb_attributes, int nb_defaulted, const xmlChar **attrs)
{
	struct xml *x = arg;
	const char *name = (const char *)localname, *v;
	int depth = x->level++;
	size_t len;
	enum ns ns;

	(void)prefix;
	(void)nb_namespaces;
	(void)ns_decls;
	(void)nb_defaulted;
	/* the parser's names come from one dictionary: a pointer says it */
	if (uri != x->uri || uri == NULL) {
		x->uri = uri;
		x->uri_ns = ns_of(uri);
	}
	ns = x->uri_ns;
	if (x->depth < 0) {
		if (x->field != F_NONE)
			return;
		if (ns == NS_ATOM && strcmp(name, "entry") == 0)
			record_start(x, K_ATOM, depth);
		else if ((ns == NS_NONE || ns == NS_RSS1) &&
		    strcmp(name, "item") == 0)
			record_start(x, K_RSS, depth);
		else if (ns == NS_OAI && strcmp(name, "record") == 0)
			record_start(x, K_OAI, depth);
		else if (ns == NS_OAI && strcmp(name, "error") == 0) {
			/* "noRecordsMatch" and friends: say what the server said */
			x->field = F_OAI_ERROR;
			x->field_depth = depth;
			x->error_line = parser_line(x);
			pp_buf_reset(&x->text);
			pp_buf_reset(&x->error_code);
			if ((v = attribute(attrs, nb_attributes, "code",
			    &len)) != NULL)
				pp_buf_add(&x->error_code, v, len);
		}
		return;
	}
	if (x->field != F_NONE)		/* markup inside a field's text */
		return;
	if ((ns == NS_ATOM || ns == NS_OAI_ARXIV) &&
	    strcmp(name, "author") == 0) {
		x->author_depth = depth;
		pp_buf_reset(&x->keyname);
		pp_buf_reset(&x->forenames);
		pp_buf_reset(&x->suffix);
		return;
	}
	if (ns == NS_OAI_RAW && strcmp(name, "version") == 0)
		x->versions++;
	if (depth == x->depth + 2 && ns != NS_OAI && x->kind == K_OAI &&
	    ns != NS_OAI_ARXIV && ns != NS_OAI_RAW && ns != NS_OAI_DC)
		pp_buf_adds(&x->format, name);	/* metadata's child */
	if (nb_attributes > 0)
		element_attributes(x, ns, name, attrs, nb_attributes);
	x->field = field_of(ns, name);
	if (x->field == F_AUTHOR_NAME && x->author_depth < 0)
		x->field = F_NONE;	/* an Atom name that is no author's */
	if (x->field == F_NONE)
		return;
	if (x->field == F_EXTRA) {
		/* the key the text reader gives the same label: report_no */
		pp_buf_reset(&x->extra_key);
		for (; *name != '\0'; name++)
			pp_buf_addc(&x->extra_key, *name == '-' ? '_' : *name);
	}
	x->field_depth = depth;
	pp_buf_reset(&x->text);
}

static void
element_end(void *arg, const xmlChar *localname, const xmlChar *prefix,
    const xmlChar *uri)
{
	struct xml *x = arg;
	int depth = --x->level;
	const char *text;
	struct pp_buf *b;

	(void)localname;
	(void)prefix;
	(void)uri;
	if (x->field != F_NONE && depth == x->field_depth) {
		text = x->text.s != NULL ? x->text.s : "";
		if (x->field == F_OAI_ERROR)
			split_bad(x->sp, x->error_line, "OAI-PMH error %s: %s",
			    x->error_code.s != NULL ? x->error_code.s : "",
			    text);
		else
			commit(x, x->field, text, x->text.len);
		x->field = F_NONE;
	} else if (x->depth >= 0 && depth == x->author_depth) {
		/* forenames keyname suffix: "Jr." goes last */
		b = &x->tmp;
		pp_buf_reset(b);
		pp_buf_add(b, x->forenames.s, x->forenames.len);
		pp_buf_addc(b, ' ');
		pp_buf_add(b, x->keyname.s, x->keyname.len);
		pp_buf_addc(b, ' ');
		pp_buf_add(b, x->suffix.s, x->suffix.len);
		pp_paper_add(&x->sp->paper, PP_AUTHORS, b->s, b->len);
		x->author_depth = -1;
	} else if (x->depth >= 0 && depth == x->depth)
		record_end(x);
	if (depth == 0 && !x->ended) {
		/*
		 * The document is over, and what follows may be the next
		 * one: keep the bytes the parser was given and did not
		 * parse, before stopping it frees them.
		 */
		xmlParserInputPtr input = x->ctxt->input;

		x->ended = 1;
		if (input != NULL && input->cur != NULL && input->end != NULL &&
		    input->cur < input->end)
			pp_buf_add(x->pending, input->cur,
			    (size_t)(input->end - input->cur));
		if (input != NULL && input->line > 1)
			x->line_base += (unsigned long)input->line - 1;
		x->lx->xmlStopParser(x->ctxt);
	}
}

static void
element_text(void *arg, const xmlChar *s, int len)
{
	struct xml *x = arg;

	if (x->field != F_NONE && len > 0)
		pp_buf_add(&x->text, s, (size_t)len);
}

/* libxml2's messages: the first error ends the file, with FILE:LINE. */
static void
xml_error(void *arg, xmlErrorPtr e)
{
	struct xml *x = arg;

	if (e == NULL || e->level < XML_ERR_ERROR || x->failed ||
	    e->code == XML_ERR_USER_STOP)
		return;
	x->failed = 1;
	if (e->code == XML_ERR_DOCUMENT_END && x->level > 0) {
		/* libxml2 2.9's push parser words a cut file so */
		split_bad(x->sp, parser_line(x), "XML: the file ends inside "
		    "the document, %d element%s still open (a download cut "
		    "short?)%s", x->level, x->level == 1 ? "" : "s",
		    x->depth >= 0 ? "; the paper being read there is lost" :
		    "");
		return;
	}
	/* libxml2 puts some details on a line of their own: one line */
	pp_buf_reset(&x->tmp);
	if (e->message != NULL)
		pp_text_squeeze(&x->tmp, e->message, strlen(e->message));
	split_bad(x->sp, e->line > 0 ? x->line_base + (unsigned long)e->line :
	    parser_line(x), "XML: %s%s", x->tmp.s != NULL ? x->tmp.s : "",
	    x->depth >= 0 ? " (the paper being read there is lost)" : "");
}

/*
 * The length of the valid UTF-8 character at s[0..len) (not ASCII), 0 if
 * it is invalid, -1 if s ends before it does (the next chunk may end it).
 */
static int
utf8_char(const unsigned char *s, size_t len)
{
	uint32_t cp;
	int n, i;

	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4, cp = s[0] & 0x07;
	else
		return 0;
	for (i = 1; i < n; i++) {
		if ((size_t)i >= len)
			return -1;
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((n == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
	    (n == 4 && (cp < 0x10000 || cp > 0x10ffff)))
		return 0;
	return n;
}

/*
 * Is a document that starts with s UTF-8: no UTF-16 byte order mark, no
 * encoding other than UTF-8 in its XML declaration?
 */
static int
declared_utf8(const char *s, size_t len)
{
	const char *end, *enc, *q;

	if (len >= 2 && ((s[0] == '\xfe' && s[1] == '\xff') ||
	    (s[0] == '\xff' && s[1] == '\xfe') || s[0] == '\0' || s[1] == '\0'))
		return 0;
	if (len >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0) {
		s += 3;
		len -= 3;
	}
	if (len < 5 || memcmp(s, "<?xml", 5) != 0 ||
	    (end = memmem(s, len, "?>", 2)) == NULL ||
	    (enc = memmem(s, (size_t)(end - s), "encoding", 8)) == NULL)
		return 1;
	for (q = enc + 8; q < end && (split_space((unsigned char)*q) ||
	    *q == '='); q++)
		continue;
	if (q == end || (*q != '"' && *q != '\''))
		return 1;
	q++;
	return (end - q >= 5 && strncasecmp(q, "utf-8", 5) == 0 &&
	    (q[5] == '"' || q[5] == '\'')) || (end - q >= 4 &&
	    strncasecmp(q, "utf8", 4) == 0 && (q[4] == '"' || q[4] == '\''));
}

/*
 * Hands the parser s[0..len), terminate at the end.  In a UTF-8 document,
 * invalid UTF-8 becomes U+FFFD with a warning, as in every reader, rather
 * than an XML error that would end the file there; a chunk that is valid
 * UTF-8 (nearly all) goes as it is.
 */
static void
feed(struct xml *x, const char *p, size_t len, int terminate)
{
	const unsigned char *s = (const unsigned char *)p;
	struct pp_input at;
	const char *q;
	size_t i = 0, line;
	int n;

	if (p == NULL)		/* the end */
		s = (const unsigned char *)(p = "");
	if (!x->repair) {
		x->lx->xmlParseChunk(x->ctxt, p, (int)len, terminate);
		return;
	}
	if (x->ncarry == 0) {
		while (i < len && (s[i] < 0x80 ? (i++, 1) :
		    (n = utf8_char(s + i, len - i)) > 0 ? (i += (size_t)n, 1) : 0))
			continue;
		if (i == len) {
			for (q = p; (q = memchr(q, '\n', (size_t)(p + len - q))) !=
			    NULL; q++)
				x->fed_lines++;
			x->lx->xmlParseChunk(x->ctxt, p, (int)len, terminate);
			return;
		}
	}
	/* the slow way: the carried bytes, then the chunk, repaired */
	pp_buf_reset(&x->fixed);
	pp_buf_add(&x->fixed, x->carry, x->ncarry);
	if (len > 0)
		pp_buf_add(&x->fixed, p, len);
	x->ncarry = 0;
	s = (const unsigned char *)x->fixed.s;
	len = x->fixed.len;
	pp_buf_reset(&x->repaired);
	for (i = 0; i < len; ) {
		if (s[i] < 0x80) {
			x->fed_lines += s[i] == '\n';
			pp_buf_addc(&x->repaired, s[i++]);
			continue;
		}
		if ((n = utf8_char(s + i, len - i)) > 0) {
			pp_buf_add(&x->repaired, s + i, (size_t)n);
			i += (size_t)n;
			continue;
		}
		if (n < 0 && !terminate) {
			/* cut by the end of the chunk: finish it next time */
			x->ncarry = len - i;
			memcpy(x->carry, s + i, x->ncarry);
			break;
		}
		pp_buf_add(&x->repaired, "\xef\xbf\xbd", 3);
		i++;
		line = x->line_base + x->fed_lines + 1;
		if (line == x->bad_line)
			continue;
		x->bad_line = line;
		if (x->bad_lines++ == 0) {
			at = *x->in;
			at.lineno = line;
			pp_warn_at(&at, "invalid UTF-8 replaced with U+FFFD");
		}
	}
	x->lx->xmlParseChunk(x->ctxt,
	    x->repaired.s != NULL ? x->repaired.s : "",
	    (int)x->repaired.len, terminate);
}

/*
 * One document of the file, from the bytes pending[0..*npending) and then
 * the input; SAX2 callbacks in document order, so every paper closed before
 * an error is written.  When the root element closes, the parser stops and
 * the bytes it had not parsed go back to pending: if they are more than
 * white space, another document (an appended harvest page) follows.
 */
static void
read_document(struct xml *x, struct pp_buf *pending)
{
	xmlSAXHandler sax;
	char buf[64 * 1024];
	ssize_t n;

	memset(&sax, 0, sizeof(sax));
	sax.initialized = XML_SAX2_MAGIC;
	sax.startElementNs = element_start;
	sax.endElementNs = element_end;
	sax.characters = element_text;
	sax.cdataBlock = element_text;
	sax.ignorableWhitespace = element_text;
	sax.serror = xml_error;
	x->level = 0;
	x->ended = 0;
	x->depth = -1;
	x->author_depth = -1;
	x->field = F_NONE;
	x->uri = NULL;
	/*
	 * No network, no entities from DTDs (a feed is data, not a program);
	 * libxml2 detects the encoding from the first bytes.
	 */
	x->ctxt = x->lx->xmlCreatePushParserCtxt(&sax, x, NULL, 0, NULL);
	if (x->ctxt == NULL) {
		split_bad(x->sp, x->line_base + 1, "cannot start the XML parser");
		x->failed = 1;
		return;
	}
	x->lx->xmlCtxtUseOptions(x->ctxt,
	    XML_PARSE_NONET | XML_PARSE_NOWARNING);
	x->pending = pending;
	x->fed_lines = 0;
	x->ncarry = 0;
	if (pending->len == 0 &&
	    (n = pp_input_read(x->in, buf, sizeof(buf))) > 0)
		pp_buf_add(pending, buf, (size_t)n);
	x->repair = declared_utf8(pending->s != NULL ? pending->s : "",
	    pending->len);
	if (pending->len > 0) {
		/* the parser's copy is its own: pending takes what it leaves */
		struct pp_buf first = *pending;

		memset(pending, 0, sizeof(*pending));
		feed(x, first.s, first.len, 0);
		pp_buf_free(&first);
	}
	while (!x->failed && !x->ended &&
	    (n = pp_input_read(x->in, buf, sizeof(buf))) > 0)
		feed(x, buf, (size_t)n, 0);
	if (!x->ended && !x->failed)
		feed(x, NULL, 0, 1);	/* the end: complete? */
	x->lx->xmlFreeParserCtxt(x->ctxt);
	x->ctxt = NULL;
}

static void
read_xml(struct split *sp, struct pp_input *in)
{
	struct pp_buf pending = { 0 };
	struct xml x;
	const char *why;
	char buf[4096];
	ssize_t n;
	size_t skip;
	int docs = 0;

	memset(&x, 0, sizeof(x));
	x.sp = sp;
	x.in = in;
	if ((x.lx = libxml_open(&why)) == NULL) {
		split_bad(sp, 1, "XML cannot be read without libxml2: %s", why);
		return;
	}
	for (;;) {
		if (docs++ > 0)
			split_page(sp);
		read_document(&x, &pending);
		if (x.failed || !x.ended)
			break;
		/* anything but white space after the root is another page */
		while (split_all_space(pending.s, pending.len)) {
			pp_buf_reset(&pending);
			if ((n = pp_input_read(in, buf, sizeof(buf))) <= 0)
				break;
			pp_buf_add(&pending, buf, (size_t)n);
		}
		if (split_all_space(pending.s, pending.len))
			break;
		/* an XML declaration must be the document's first byte */
		for (skip = 0; split_space((unsigned char)pending.s[skip]); skip++)
			x.line_base += pending.s[skip] == '\n';
		memmove(pending.s, pending.s + skip, pending.len - skip + 1);
		pending.len -= skip;
	}
	if (x.bad_lines > 1) {
		struct pp_input at = *in;

		at.lineno = parser_line(&x);
		pp_warn_at(&at, "invalid UTF-8 replaced with U+FFFD on %lu lines "
		    "in all", x.bad_lines);
	}
	if (x.unread > 1)
		split_bad(sp, parser_line(&x), "%lu records in all skipped "
		    "for their metadata format", x.unread);
	pp_buf_free(&pending);
	pp_buf_free(&x.fixed);
	pp_buf_free(&x.repaired);
	pp_buf_free(&x.text);
	pp_buf_free(&x.cats);
	pp_buf_free(&x.primary);
	pp_buf_free(&x.creators);
	pp_buf_free(&x.error);
	pp_buf_free(&x.error_code);
	pp_buf_free(&x.format);
	pp_buf_free(&x.keyname);
	pp_buf_free(&x.forenames);
	pp_buf_free(&x.suffix);
	pp_buf_free(&x.tmp);
	pp_buf_free(&x.tmp2);
	pp_buf_free(&x.tmp3);
	pp_buf_free(&x.extra_key);
	pp_buf_free(&x.title);
	pp_buf_free(&x.squeezed);
	pp_buf_free(&x.quoted);
}

/* --- detection ---------------------------------------------------------- */

/*
 * The root element's name, after a byte order mark, the XML declaration,
 * comments, processing instructions and a DOCTYPE; *attrs..*end is its
 * start tag.  NULL when the head is no XML.
 */
static const char *
root_element(const char *s, size_t len, size_t *namelen, const char **tagend)
{
	const char *end = s + len, *p;

	if (len >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0)
		s += 3;
	for (;;) {
		while (s < end && split_space((unsigned char)*s))
			s++;
		if (end - s < 2 || *s != '<')
			return NULL;
		if (s[1] == '?') {
			if ((p = memmem(s, (size_t)(end - s), "?>", 2)) != NULL)
				p++;
		} else if (end - s >= 4 && memcmp(s, "<!--", 4) == 0) {
			if ((p = memmem(s, (size_t)(end - s), "-->", 3)) != NULL)
				p += 2;
		} else if (s[1] == '!') {
			/* a DOCTYPE, maybe with an internal subset */
			p = memchr(s, '[', (size_t)(end - s));
			if (p != NULL && p < (const char *)memchr(s, '>',
			    (size_t)(end - s)))
				p = memmem(p, (size_t)(end - p), "]>", 2) != NULL ?
				    memmem(p, (size_t)(end - p), "]>", 2) + 1 : NULL;
			else
				p = memchr(s, '>', (size_t)(end - s));
		} else
			break;
		if (p == NULL)
			return NULL;
		s = p + 1;
	}
	s++;
	for (p = s; p < end && !split_space((unsigned char)*p) && *p != '>' &&
	    *p != '/'; p++)
		continue;
	*namelen = (size_t)(p - s);
	if ((*tagend = memchr(p, '>', (size_t)(end - p))) == NULL)
		*tagend = end;
	return s;
}

static int
named(const char *name, size_t len, const char *want)
{
	const char *colon = memchr(name, ':', len);

	if (colon != NULL) {	/* the prefix is the writer's choice */
		len -= (size_t)(colon + 1 - name);
		name = colon + 1;
	}
	return len == strlen(want) && memcmp(name, want, len) == 0;
}

static int
detect_xml(const char *head, size_t len)
{
	const char *name, *tagend;
	size_t n, taglen;
	int arxiv = memmem(head, len, "arxiv.org", 9) != NULL ||
	    memmem(head, len, "arXiv.org", 9) != NULL;

	if ((name = root_element(head, len, &n, &tagend)) == NULL)
		return 0;
	taglen = (size_t)(tagend - name);
	if (named(name, n, "OAI-PMH"))
		return 100;
	if (named(name, n, "feed") &&
	    memmem(name, taglen, "http://www.w3.org/2005/Atom", 27) != NULL)
		return arxiv ? 100 : 90;
	if (named(name, n, "entry") &&
	    memmem(name, taglen, "http://www.w3.org/2005/Atom", 27) != NULL)
		return 80;
	if (named(name, n, "rss"))
		return arxiv ? 100 : 90;
	if (named(name, n, "RDF") &&
	    memmem(head, len, "http://purl.org/rss/1.0/", 24) != NULL)
		return arxiv ? 100 : 90;
	return 0;
}

const struct reader reader_xml = {
	"xml",
	"arXiv API (Atom), arXiv RSS 2.0 and 1.0/RDF, OAI-PMH (arXiv, "
	    "arXivRaw, oai_dc)",
	detect_xml,
	read_xml,
	0
};
