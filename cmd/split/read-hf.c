/*
 * Hugging Face papers pages as a browser copies them, or as converters
 * write them in Markdown: the search layout (a title line, an abstract
 * line) and the daily layout (title, abstract, "N authors", "·", the date
 * and a count).  The page is read a line at a time; what a line is (text,
 * a count, a date, page chrome) is told from the line alone, and where a
 * paper starts and ends from the order of those kinds.
 */
#define _GNU_SOURCE		/* memmem */
#include <stdlib.h>
#include <string.h>

#include "text.h"

#define SAMPLE		(16 * 1024)	/* bytes looked at to tell a layout */
#define SAMPLE_LINES	400
#define LONG_LINE	300	/* a line this long is no hard-wrapped line */

/* What one line of a Hugging Face page is. */
enum kind { K_BLANK, K_TEXT, K_NOISE, K_COUNT, K_ORG, K_DOT, K_DATE, K_VOTE };
/* A paragraph of a Hugging Face page, with the link a markdown title had. */
struct unit {
	struct text	 t;
	struct text	 url;
	int		 has_url;
};

/* The Hugging Face page parser (hf-search and hf-daily). */
struct hf {
	struct split	*sp;
	struct pp_input	*in;
	int		 para;		/* blank lines separate the fields */
	struct unit	 unit;		/* paragraph being read */
	int		 in_unit;
	struct unit	 title, held;
	struct text	 abstract;
	int		 has_title, has_abstract, has_held;
	int		 held_bare;	/* held after a title alone */
	struct text	 summary;	/* a one-line AI summary */
	int		 has_summary;
	int		 summary_next;	/* "AI-generated summary" was shown */
	int		 daily;		/* a "Daily Papers" heading: no cards */
	unsigned long	 start;		/* line the record starts on */
	int		 n_authors, org, dot;
	struct date	 date;
	long		 vote;		/* count before the title, or -1 */
	long		 comments;	/* a dump's count after the authors */
	int		 has_vote;	/* a count, or '-', before the title */
	int		 page_votes;	/* the page shows counts before titles */
	int		 date_open;	/* a count may follow the date's line */
	int		 page_meta;	/* a paper's metadata was seen on it */
	unsigned long	 page_line;	/* where the page starts */
	int		 trending;	/* a Trending page: summaries */
	struct date	 page;		/* the page's own date (y 0: none) */
	unsigned long	 date_line;
	int		 told_year;	/* warned of a future yearless date */
	unsigned long	 vote_line;
	long		 bare;		/* a count after the authors, unmarked,
					   held for the line after it, or -1 */
	unsigned long	 bare_line;
	int		 submitter_first;	/* the page's cards start with
					   "Submitted by": a count held is
					   the comments */
};

/*
 * Lines of Hugging Face page chrome: never titles, never records.  Compared
 * without case after trimming.
 */
static const char *const boilerplate[] = {
	"new", "subscribe", "get trending papers in your email inbox!",
	"get trending papers in your email inbox once a day!", "daily papers",
	"byak and the research community", "by ak and the research community",
	"and the research community", "trending papers", "papers",
	"trending", "search", "submit", "submit a paper", "models", "datasets",
	"spaces", "posts", "docs", "enterprise", "pricing", "log in", "login",
	"sign up", "hugging face", "collections", "community", "previous",
	"next", "load more", "view all", "newest", "most upvoted", "daily",
	"weekly", "monthly", "upvote", "upvotes", "abstract", "solutions",
	/* the list of links lynx -dump and elinks -dump put at the end */
	"references", "visible links:", "hidden links:", "visible links",
	"hidden links", NULL
};
static void
text_swap(struct text *a, struct text *b)
{
	struct text t = *a;

	*a = *b;
	*b = t;
}

/* --- Hugging Face pages --------------------------------------------------- */

/* Skips a list bullet (• * - ·) and the spaces after it; 1 if there was one. */
static int
skip_bullet(const char **s, size_t *len)
{
	size_t n = 0;

	if (*len >= 3 && memcmp(*s, "\xe2\x80\xa2", 3) == 0)
		n = 3;
	else if (*len >= 2 && memcmp(*s, "\xc2\xb7", 2) == 0)
		n = 2;
	else if (*len >= 1 && (**s == '*' || **s == '-' || **s == '+'))
		n = 1;
	if (n == 0 || n == *len || !is_space((unsigned char)(*s)[n]))
		return 0;
	*s += n;
	*len -= n;
	trim(s, len);
	return 1;
}

/*
 * A horizontal rule: "---", "***", "___", "===", or a line drawn with
 * box-drawing characters, U+2500 to U+257F (w3m).
 */
static int
is_drawn_rule(const char *s, size_t len)
{
	size_t i;

	if (len >= 3 && (s[0] == '-' || s[0] == '*' || s[0] == '_' ||
	    s[0] == '=')) {
		for (i = 1; i < len && s[i] == s[0]; i++)
			;
		return i == len;
	}
	if (len < 9 || len % 3 != 0)
		return 0;
	for (i = 0; i < len && (unsigned char)s[i] == 0xe2 &&
	    ((unsigned char)s[i + 1] == 0x94 || (unsigned char)s[i + 1] == 0x95);
	    i += 3)
		;
	return i == len;
}

/*
 * A placeholder a text-mode browser or converter leaves for an image
 * without alternative text, at s: "[]" or "[ ]" (pandoc, lynx), or w3m's
 * "[be9c948ecf]" from the image's file name when it is all the line holds
 * (alone is nonzero).  Its length, or 0.
 */
static size_t
placeholder(const char *s, size_t len, int alone)
{
	size_t i;

	if (len >= 2 && s[0] == '[' && s[1] == ']')
		return 2;
	if (len >= 3 && s[0] == '[' && s[1] == ' ') {
		/* "[ ]", or w3m's empty text box "[          ]" */
		for (i = 2; i < len && s[i] == ' '; i++)
			;
		if (i < len && s[i] == ']')
			return i + 1;
	}
	if (!alone || len < 3 || len > 26 || s[0] != '[' || s[len - 1] != ']')
		return 0;
	for (i = 1; i < len - 1; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' &&
		    s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
		    s[i] == '_' || s[i] == '-'))
			return 0;
	return len;
}

/*
 * A link number at s ("[15]" before the link's text: lynx, elinks), not a
 * Markdown link or reference ("[15](", "[15][", "[15]:"), but for elinks's
 * image link "[25][IMG]".  Its length, or 0.
 */
static size_t
link_number(const char *s, size_t len)
{
	size_t n;

	if (len < 3 || s[0] != '[')
		return 0;
	for (n = 1; n < len && s[n] >= '0' && s[n] <= '9'; n++)
		;
	if (n == 1 || n == len || s[n] != ']')
		return 0;
	if (n + 1 < len && (s[n + 1] == '(' || s[n + 1] == ':' ||
	    (s[n + 1] == '[' && !(len - n - 1 >= 5 &&
	    memcmp(s + n + 1, "[IMG]", 5) == 0))))
		return 0;
	return n + 1;
}

/*
 * What text dumps of a page (lynx -dump, w3m -dump, pandoc -t plain) put
 * around its text, taken off the trimmed line s: lynx's link numbers
 * ("[15]The title", "[16]5"), image placeholders, and the bullets of
 * lists that held only images (a card's author avatars) or the dot
 * ("-   ·").  raw is the line before trimming: "-" alone is
 * the vote box with no count, but pandoc's empty list item is "-   ".
 * Returns 1 if nothing else was on the line.
 */
static int
take_dump_marks(const char **sp, size_t *lenp, const char *raw,
    size_t raw_len)
{
	const char *s = *sp, *r;
	size_t len = *lenp, n, rlen;

	if (len >= 3 && s[0] == ']' && s[1] == '(' &&
	    (r = memchr(s, ')', len)) != NULL) {
		/* "](/papers/ID)  5": the end of a link a converter broke */
		len -= (size_t)(r + 1 - s);
		s = r + 1;
		trim(&s, &len);
	}
	for (;;) {
		if ((n = placeholder(s, len, 0)) == 0)
			n = link_number(s, len);
		if (n == 0)
			break;
		s += n;
		len -= n;
		trim(&s, &len);
	}
	while (len >= 2 && s[len - 1] == ']') {
		for (n = len - 1; n > 0 && s[n - 1] == ' '; n--)
			;
		if (n == 0 || s[n - 1] != '[')
			break;
		len = n - 1;
		trim(&s, &len);
	}
	*sp = s;
	*lenp = len;
	if (len == 0 || placeholder(s, len, 1) == len)
		return 1;
	/* a bullet with nothing after it, or only the dot */
	r = s;
	rlen = len;
	if (len == 1 && *s == '-' && (raw_len < 3 ||
	    memmem(raw, raw_len, "-  ", 3) == NULL))
		return 0;
	if ((len == 1 && (*s == '-' || *s == '*' || *s == '+')) ||
	    (len == 3 && memcmp(s, "\xe2\x80\xa2", 3) == 0))
		return 1;
	if (!skip_bullet(&r, &rlen))
		return 0;
	for (;;) {
		/* elinks: "• [25][IMG]"; links2, the bullets on one line */
		if ((n = placeholder(r, rlen, 1)) == 0 &&
		    (n = link_number(r, rlen)) == 0) {
			if (!skip_bullet(&r, &rlen))
				break;
			continue;
		}
		r += n;
		rlen -= n;
		trim(&r, &rlen);
	}
	if (rlen == 0 || is_drawn_rule(r, rlen))
		return 1;
	if (rlen == 2 && memcmp(r, "\xc2\xb7", 2) == 0) {
		*sp = r;
		*lenp = rlen;
	}
	return 0;
}

/* "N authors", after a bullet or not. */
static int
parse_count(const char *s, size_t len, int *n)
{
	long v;

	/* "- · 533 authors": a list item around the dot (html2text) */
	if (skip_bullet(&s, &len))
		skip_bullet(&s, &len);
	if (!parse_uint(&s, &len, &v) || len == 0 || s[0] != ' ')
		return 0;
	s++;
	len--;
	if (!same_nocase(s, len, "authors") && !same_nocase(s, len, "author"))
		return 0;
	*n = (int)v;
	return 1;
}

/*
 * "Dec 20, 2024" or "May 5" (*noyear; the year is resolved later against
 * the page's date) at *s, which moves past it.  Digits glued to a
 * four-digit year are the comment count, *glued.
 */
static int
month_day_year(const char **sp, size_t *lenp, int *m, long *day, long *year,
    long *glued, int *noyear)
{
	const char *s = *sp, *w;
	size_t len = *lenp, n;
	long v;

	for (w = s; len > 0 && ((*s >= 'A' && *s <= 'Z') ||
	    (*s >= 'a' && *s <= 'z') || *s == '.'); s++, len--)
		;
	if ((*m = month_of(w, (size_t)(s - w))) == 0 || len == 0 || *s != ' ')
		return 0;
	s++, len--;
	if (!parse_uint(&s, &len, day) || *day < 1)
		return 0;
	if (len > 0 && *s == ',') {
		s++, len--;
		while (len > 0 && *s == ' ')
			s++, len--;
		for (n = 0; n < 4 && n < len && s[n] >= '0' && s[n] <= '9'; n++)
			*year = *year * 10 + (s[n] - '0');
		if (n != 4 || *year < 1900)
			return 0;
		s += 4, len -= 4;
		if (len > 0 && *s >= '0' && *s <= '9' && parse_uint(&s, &len, &v))
			*glued = v;	/* "Jun 20, 20235": a comment count */
	} else {
		*year = 2000;	/* a leap year: Feb 29 may be shown */
		*noyear = 1;
	}
	*sp = s;
	*lenp = len;
	return 1;
}

/*
 * A date line: "Dec 20, 2024", "May 5" (no year), "September 17, 2024",
 * or "2024-12-20" (as pp-fmt -t writes a record back), optionally
 * "Published on " before, then the counts shown beside it: the comments
 * ("Sep 17, 2024 7", "May 5 · 3 comments"), after the upvotes where a
 * copy put both there ("Sep 17, 2024 12 7").  Anything else after the date
 * makes the line no date line.
 */
static int
parse_date(const char *s, size_t len, struct date *d)
{
	struct pp_date iso;
	long day = 0, year = 0, v, glued = -1;
	int m, noyear = 0;

	if (starts(s, len, "Published on "))
		s += 13, len -= 13;
	else if (starts(s, len, "Submitted on "))
		s += 13, len -= 13;
	if (pp_date_parse(s, len, &iso) == 10 && (len == 10 || s[10] == ' ')) {
		year = iso.year;
		m = iso.month;
		day = iso.day;
		s += 10, len -= 10;
		if (year < 1900)
			return 0;
	} else if (!month_day_year(&s, &len, &m, &day, &year, &glued, &noyear))
		return 0;
	if (day > pp_days_in_month((int)year, m))
		return 0;
	d->noyear = noyear;
	d->y = (int)year;
	d->m = m;
	d->d = (int)day;
	d->ncount = 0;
	if (glued >= 0)
		d->count[d->ncount++] = (int)glued;
	for (;;) {
		while (len > 0 && (is_space((unsigned char)*s) || *s == ','))
			s++, len--;
		if (len >= 2 && (memcmp(s, "\xc2\xb7", 2) == 0)) {
			s += 2, len -= 2;
			continue;
		}
		if (len >= 3 && memcmp(s, "\xe2\x80\xa2", 3) == 0) {
			s += 3, len -= 3;
			continue;
		}
		if (len == 0)
			return 1;
		if (starts(s, len, "comments"))
			s += 8, len -= 8;
		else if (starts(s, len, "comment"))
			s += 7, len -= 7;
		else if (parse_uint(&s, &len, &v)) {
			if (d->ncount == 2)
				return 0;	/* no date line shows three */
			d->count[d->ncount++] = (int)v;
		} else
			return 0;
	}
}

static int
is_boilerplate(const char *s, size_t len)
{
	int i;

	for (i = 0; boilerplate[i] != NULL; i++)
		if (same_nocase(s, len, boilerplate[i]))
			return 1;
	return 0;
}

/* A line that is only a URL, an image, or a rule. */
static int
is_noise(const char *s, size_t len)
{
	size_t i;

	if (is_boilerplate(s, len))
		return 1;
	if (starts(s, len, "![") || starts(s, len, "[!["))
		return 1;
	if (starts(s, len, "Submitted by ") || starts(s, len, "submitted by "))
		return 1;	/* who put the paper on the page */
	if (is_drawn_rule(s, len))
		return 1;
	for (i = 0; i < len && s[i] >= '0' && s[i] <= '9'; i++)
		;
	if (i > 0 && i + 2 < len && s[i] == '.' && s[i + 1] == ' ') {
		/* "15. https://...": lynx's list of the page's links */
		s += i + 2;
		len -= i + 2;
		if (starts(s, len, "file:"))
			return memchr(s, ' ', len) == NULL;
	}
	if (starts(s, len, "http://") || starts(s, len, "https://") ||
	    starts(s, len, "www.")) {
		for (i = 0; i < len && !is_space((unsigned char)s[i]); i++)
			;
		return i == len;
	}
	return 0;
}

/*
 * What a trimmed line of a Hugging Face page is.  Long lines are text
 * without a look: nothing else is long.
 */
static enum kind
hf_kind(const char *s, size_t len, struct date *d, long *n)
{
	const char *b = s;
	size_t blen = len, k;
	int count;

	if (len == 0)
		return K_BLANK;
	if (len > 80)
		/* a long URL, alone or numbered in a dump's list of links */
		return (*s == 'h' || *s == 'w' || *s == '!' || *s == '[' ||
		    (*s >= '1' && *s <= '9')) && is_noise(s, len) ? K_NOISE :
		    K_TEXT;
	/* "·", or "- ·" where a converter kept the list it is in (pandoc) */
	if ((len == 2 && memcmp(s, "\xc2\xb7", 2) == 0) || (len == 4 &&
	    (*s == '-' || *s == '*') && memcmp(s + 1, " \xc2\xb7", 3) == 0))
		return K_DOT;
	if ((len == 1 && *s == '-') || (len <= 7 && parse_uint(&b, &blen, n) &&
	    blen == 0)) {
		if (*s == '-')
			*n = -1;	/* the vote box shows no count */
		return K_VOTE;
	}
	if (len > 7 && len <= 17 && same_nocase(s, 7, "upvote ")) {
		b = s + 7;	/* "Upvote 12", as a button's text copies */
		blen = len - 7;
		if (parse_uint(&b, &blen, n) && blen == 0)
			return K_VOTE;
	}
	if (parse_count(s, len, &count)) {
		*n = count;
		return K_COUNT;
	}
	if (parse_date(s, len, d))
		return K_DATE;
	if (is_noise(s, len))
		return K_NOISE;
	b = s;
	blen = len;
	if (len >= 3 && memcmp(s, "\xe2\x80\xa2", 3) == 0 &&
	    skip_bullet(&b, &blen) && blen > 0) {
		/*
		 * "• Models": a menu of the page as a text dump lists it,
		 * its link numbered by elinks ("• [6]Models")
		 */
		if ((k = link_number(b, blen)) > 0 && k < blen) {
			b += k;
			blen -= k;
		}
		return is_noise(b, blen) ? K_NOISE : K_ORG;
	}
	return K_TEXT;
}

/*
 * Takes markdown off a paragraph, once it is whole (a link around a title
 * may be hard-wrapped): list bullets, heading marks, emphasis, and a link
 * around the whole ("### [Title](url)"), whose target goes to u's url.
 * The text is already escaped and squeezed; none of these marks is
 * escaped, so the url is copied as it is.
 */
static void
strip_markdown(struct unit *u)
{
	const char *p = u->t.q.s, *mid;
	size_t n = u->t.q.len, i;

	if (n >= 2 && (p[0] == '-' || p[0] == '*' || p[0] == '+') &&
	    p[1] == ' ')
		skip_bullet(&p, &n);
	if (n > 0 && p[0] == '#') {
		for (i = 0; i < n && p[i] == '#'; i++)
			;
		if (i < n && p[i] == ' ') {
			p += i;
			n -= i;
			trim(&p, &n);
		}
	}
	while (n >= 4 && ((p[0] == '*' && p[1] == '*' && p[n - 1] == '*' &&
	    p[n - 2] == '*') || (p[0] == '_' && p[1] == '_' && p[n - 1] == '_' &&
	    p[n - 2] == '_'))) {
		p += 2;
		n -= 4;
		trim(&p, &n);
	}
	if (n >= 4 && p[0] == '[' && p[n - 1] == ')') {
		for (mid = p + n - 2; mid > p && !(mid[0] == ']' && mid[1] == '(');
		    mid--)
			;
		if (mid > p + 1 && memchr(mid, ' ', (size_t)(p + n - mid)) == NULL) {
			text_reset(&u->url, u->t.lineno);
			if (mid[2] == '/')
				pp_buf_adds(&u->url.q, "https://huggingface.co");
			pp_buf_add(&u->url.q, mid + 2,
			    (size_t)(p + n - 1 - (mid + 2)));
			u->has_url = 1;
			n = (size_t)(mid - p - 1);
			p++;
			trim(&p, &n);
		}
	}
	if (p != u->t.q.s)
		memmove(u->t.q.s, p, n);
	u->t.q.len = n;
	u->t.q.s[n] = '\0';
}

static void
hf_clear(struct hf *h)
{
	h->has_title = h->has_abstract = 0;
	h->has_summary = h->summary_next = 0;
	h->n_authors = -1;
	h->org = h->dot = 0;
	h->date.y = 0;
	h->vote = -1;
	h->comments = -1;
	h->has_vote = 0;
	h->date_open = 0;
}

/* Has the record under way a metadata block ("N authors", "·", a date)? */
static int
hf_meta_seen(const struct hf *h)
{
	return h->n_authors >= 0 || h->org || h->dot || h->date.y != 0;
}

/*
 * Is the record under way a record: a title and more than a date?  (A line
 * of page text before the page's own date is no paper.)
 */
static int
hf_worthy(const struct hf *h)
{
	return h->has_title && (h->has_abstract || h->has_summary ||
	    h->n_authors >= 0 ||
	    h->org || h->dot);
}

/* The paper's id, when its link goes to its Hugging Face or arXiv page. */
static void
put_url_id(struct pp_paper *p, const struct text *url)
{
	const char *u = url->q.s, *end = u + url->q.len, *id;

	if ((id = strstr(u, "huggingface.co/papers/")) != NULL)
		id += 22;
	else if ((id = strstr(u, "arxiv.org/abs/")) != NULL)
		id += 14;
	else
		return;
	for (u = id; u < end && *u != '?' && *u != '#' && *u != '/'; u++)
		;
	if (u - id > 2 && u[-2] == 'v' && u[-1] >= '0' && u[-1] <= '9')
		u -= 2;		/* arXiv's version suffix */
	if (u == id)
		return;
	text_put(p, PP_ID, id, (size_t)(u - id));
}

/*
 * A date shown without a year took --year's, by default this year's: if
 * that puts it after today, the page is likely older.  Say so, once a
 * file, rather than guess silently.
 */
static void
hf_check_year(struct hf *h)
{
	const struct date *d = &h->date;
	const struct pp_date *today = &h->sp->today;

	if (!d->noyear || h->sp->year_given || h->told_year ||
	    d->y * 10000L + d->m * 100 + d->d <=
	    today->year * 10000L + today->month * 100 + today->day)
		return;
	pp_warn_at(&(struct pp_input){ .name = h->sp->in->name,
	    .lineno = h->date_line }, "a date without a year taken as "
	    "%04d-%02d-%02d, after today: give --year", d->y, d->m, d->d);
	h->told_year = 1;
}

static const char *const months_shown[] = {
	"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
	"Nov", "Dec"
};

/*
 * The year of a date the page shows without one (DESIGN.md, "dates"): the
 * page's own date's, or the year before for a month and day after it;
 * without a page date, --year's, else today's (and hf_check_year() warns
 * of a date after today).  0 when that year has no such day (Feb 29).
 */
static int
hf_resolve(struct hf *h, struct date *d)
{
	if (!d->noyear)
		return 1;
	if (h->page.y != 0) {
		d->y = h->page.y;
		if (d->m * 100 + d->d > h->page.m * 100 + h->page.d)
			d->y--;
		d->noyear = 0;
	} else if (h->sp->year_given) {
		d->y = h->sp->year;
		d->noyear = 0;
	} else
		d->y = h->sp->today.year;
	return d->d <= pp_days_in_month(d->y, d->m);
}

/*
 * The page's own date ("Dec 8" above a Daily Papers page): without a year,
 * --year's, else the last such day not after today.
 */
static void
hf_page_date(struct hf *h, const struct date *d)
{
	const struct pp_date *t = &h->sp->today;
	int i;

	h->page = *d;
	if (!d->noyear)
		return;
	if (h->sp->year_given)
		h->page.y = h->sp->year;
	else {
		h->page.y = t->year;
		if (d->m * 100 + d->d > t->month * 100 + t->day)
			h->page.y--;
	}
	/* Feb 29: the last year that had one */
	for (i = 0; i < 8 && d->d > pp_days_in_month(h->page.y, d->m); i++)
		h->page.y--;
	h->page.noyear = 0;
}

/* Writes the record under way if it is one, and starts afresh. */
static void
hf_emit(struct hf *h)
{
	struct pp_paper *p = &h->sp->paper;
	const char *flaw;

	if (hf_worthy(h) && (flaw = title_flaw(h->title.t.q.s,
	    h->title.t.q.len)) != NULL) {
		split_bad(h->sp, h->start, "%s: %.*s", flaw,
		    (int)pp_text_fit(h->title.t.q.s, h->title.t.q.len, 40, NULL),
		    h->title.t.q.s);
		hf_clear(h);
		return;
	}
	if (hf_worthy(h)) {
		text_put(p, PP_TITLE, h->title.t.q.s, h->title.t.q.len);
		if (h->has_abstract)
			text_put(p, PP_ABSTRACT, h->abstract.q.s,
			    h->abstract.q.len);
		if (h->has_summary)
			text_put(p, PP_SUMMARY, h->summary.q.s,
			    h->summary.q.len);
		if (h->n_authors >= 0)
			int_put(p, PP_N_AUTHORS, h->n_authors);
		if (h->date.y != 0) {
			date_put(p, &h->date);
			hf_check_year(h);
		}
		/*
		 * The upvotes are the count shown before the title; the count
		 * beside the date links to the discussion: the comments.  Two
		 * counts there are the upvotes and the comments.
		 */
		if (h->vote >= 0)
			int_put(p, PP_UPVOTES, h->vote);
		else if (h->date.y != 0 && h->date.ncount == 2)
			int_put(p, PP_UPVOTES, h->date.count[0]);
		if (h->date.y != 0 && h->date.ncount > 0)
			int_put(p, PP_N_COMMENTS,
			    h->date.count[h->date.ncount - 1]);
		else if (h->comments >= 0)
			int_put(p, PP_N_COMMENTS, h->comments);
		if (h->title.has_url) {
			put_url_id(p, &h->title.url);
			text_put(p, PP_URL, h->title.url.q.s,
			    h->title.url.q.len);
		}
		/* a card the page repeats is written once */
		split_emit(h->sp, p, h->start);
	}
	hf_clear(h);
}

static void
unit_swap(struct unit *a, struct unit *b)
{
	struct unit t = *a;

	*a = *b;
	*b = t;
}

static void
hf_set_title(struct hf *h, struct unit *u)
{
	unit_swap(&h->title, u);
	h->has_title = 1;
	h->page_votes |= h->has_vote;
	h->date.y = 0;
	h->start = h->has_vote ? h->vote_line : h->title.t.lineno;
}

static void hf_text(struct hf *, struct unit *);

/*
 * The held paragraph was no organisation's name.  After an abstract it
 * starts a record; after a title alone it is the title, and what came
 * before it was page text (unless it is the title shown twice).
 */
static void
hf_unhold(struct hf *h)
{
	if (!h->has_held)
		return;
	h->has_held = 0;
	if (h->held_bare) {
		h->held_bare = 0;
		if (h->held.t.q.len != h->title.t.q.len ||
		    memcmp(h->held.t.q.s, h->title.t.q.s, h->held.t.q.len) != 0)
			hf_set_title(h, &h->held);
		return;
	}
	hf_emit(h);
	hf_text(h, &h->held);
}

/* A paragraph (a line, outside para mode) of text arrived. */
static void
hf_text(struct hf *h, struct unit *u)
{
	
	if (u->t.q.len == 0)
		return;
	if (h->date_open)
		hf_emit(h);
	if (h->has_held)
		hf_unhold(h);
	if (h->summary_next && h->has_title) {
		text_swap(&h->summary, &u->t);
		h->has_summary = 1;
		h->summary_next = 0;
		return;
	}
	if (h->has_title && h->has_abstract && !hf_meta_seen(h)) {
		if (looks_abstract(u->t.q.s, u->t.q.len)) {
			/* a second paragraph of the abstract */
			pp_buf_addc(&h->abstract.q, ' ');
			pp_buf_add(&h->abstract.q, u->t.q.s, u->t.q.len);
			return;
		}
		/* an organisation's name if "·" follows, else a title */
		unit_swap(&h->held, u);
		h->has_held = 1;
		return;
	}
	if (h->has_title && h->has_summary && !h->has_abstract &&
	    !hf_meta_seen(h) && looks_abstract(u->t.q.s, u->t.q.len) && !h->trending) {
		/* a paper's page: its AI summary, then its abstract */
		text_swap(&h->abstract, &u->t);
		h->has_abstract = 1;
		return;
	}
	if (h->has_title && hf_worthy(h))
		hf_emit(h);	/* the record had its metadata */
	if (!h->has_title) {
		if (looks_abstract(u->t.q.s, u->t.q.len)) {
			split_bad(h->sp, u->t.lineno, "text without a title "
			    "skipped: %.*s...", (int)pp_text_fit(u->t.q.s,
			    u->t.q.len, 40, NULL), u->t.q.s);
			return;
		}
		hf_set_title(h, u);
		return;
	}
	/* a title and nothing else yet (or its summary) */
	if (looks_abstract(u->t.q.s, u->t.q.len) && h->trending && h->page.y == 0 &&
	    !h->has_summary) {
		/* a Trending card shows a one-line summary, no abstract */
		text_swap(&h->summary, &u->t);
		h->has_summary = 1;
		return;
	}
	if (looks_abstract(u->t.q.s, u->t.q.len)) {
		text_swap(&h->abstract, &u->t);
		h->has_abstract = 1;
		return;
	}
	if (u->t.q.len == h->title.t.q.len &&
	    memcmp(u->t.q.s, h->title.t.q.s, u->t.q.len) == 0)
		return;		/* the title shown twice */
	/*
	 * A card without an abstract shows its byline next: an
	 * organisation's name if "·" follows, else this is the title and
	 * what looked like one was page text.
	 */
	unit_swap(&h->held, u);
	h->has_held = 1;
	h->held_bare = 1;
}

static void
hf_meta(struct hf *h, enum kind k, const struct date *d, long n,
    unsigned long lineno)
{
	
	if (h->date_open) {
		/*
		 * A page without counts before its titles: a count on the
		 * line after the date is the one beside it, the comments.
		 */
		if (k == K_VOTE && n >= 0)
			h->date.count[h->date.ncount++] = (int)n;
		hf_emit(h);
		if (k == K_VOTE && n >= 0)
			return;
	}
	if (h->has_held) {
		h->has_held = 0;
		if (k == K_DOT) {
			h->org = 1;
			h->held_bare = 0;
		} else if (h->held_bare) {
			h->has_held = 1;
			hf_unhold(h);
		} else if (k == K_COUNT || k == K_ORG || k == K_DATE) {
			/*
			 * No title comes straight before the metadata: the
			 * held text was the abstract's short last paragraph
			 * ("Code: github.com/x."), and the metadata is this
			 * record's.
			 */
			pp_buf_addc(&h->abstract.q, ' ');
			pp_buf_add(&h->abstract.q, h->held.t.q.s,
			    h->held.t.q.len);
		} else {
			h->has_held = 1;
			hf_unhold(h);
		}
	}
	switch (k) {
	case K_VOTE:
		hf_emit(h);
		h->vote = n;
		h->has_vote = 1;
		h->vote_line = lineno;
		return;
	case K_COUNT:
		if (h->has_title)
			h->n_authors = (int)n;
		h->page_meta |= h->has_title;
		return;
	case K_ORG:
		if (h->has_title)
			h->org = 1;
		return;
	case K_DOT:
		if (h->has_title)
			h->dot = 1;
		return;
	case K_DATE:
		if (!h->has_title) {
			if (!h->page_meta && h->sp->page_papers == 0)
				hf_page_date(h, d);
			return;
		}
		h->page_meta = 1;
		h->date = *d;
		h->date_line = lineno;
		if (!hf_resolve(h, &h->date)) {
			split_bad(h->sp, lineno, "%s %d has no day %d in %d, "
			    "the year this page gives it", months_shown[d->m - 1],
			    d->d, d->d, h->date.y);
			h->date.y = 0;
		}
		if (hf_worthy(h) && !h->page_votes && h->date.y != 0 &&
		    h->date.ncount == 0)
			h->date_open = 1;
		else if (hf_worthy(h))
			hf_emit(h);
		return;
	default:
		return;
	}
}

static void
hf_flush_unit(struct hf *h)
{
	
	if (h->in_unit) {
		h->in_unit = 0;
		strip_markdown(&h->unit);
		hf_text(h, &h->unit);
	}
}

/*
 * "• 9 authors · Sep 17, 2024 7" on one line: a copy tool joined the
 * metadata block, or part of it ("9 authors ·", "· Sep 17, 2024").
 * Returns 0 when the line is no such thing.
 */
static int
hf_inline_meta(struct hf *h, const char *s, size_t len,
    unsigned long lineno)
{
	const char *dot, *r;
	size_t llen, rlen;
	struct date d;
	int count;

	if (len > 120)
		return 0;
	for (dot = s; (dot = memchr(dot, 0xc2, len - (size_t)(dot - s))) != NULL;
	    dot++)
		if (dot + 1 < s + len && (unsigned char)dot[1] == 0xb7)
			break;
	if (dot == NULL)
		return 0;
	llen = (size_t)(dot - s);
	r = dot + 2;
	rlen = len - llen - 2;
	trim(&s, &llen);
	trim(&r, &rlen);
	if (llen == 0 && rlen == 0)
		return 0;	/* the dot alone: hf_kind's */
	if (rlen == 0 ? !parse_count(s, llen, &count) :
	    !parse_date(r, rlen, &d))
		return 0;
	hf_flush_unit(h);
	if (llen > 0 && parse_count(s, llen, &count))
		hf_meta(h, K_COUNT, NULL, count, lineno);
	else if (llen > 0)
		hf_meta(h, K_ORG, NULL, 0, lineno);
	hf_meta(h, K_DOT, NULL, 0, lineno);
	if (rlen > 0)
		hf_meta(h, K_DATE, &d, 0, lineno);
	return 1;
}

/*
 * The heading a Hugging Face papers page starts with ("Daily Papers", or
 * the e-mail box above it): in a file of pages copied one after another,
 * a new page.  Markdown heading marks are allowed.
 */
int
hf_page_header(const char *s, size_t len)
{
	static const char *const headers[] = {
		"daily papers", "trending papers",
		"get trending papers in your email inbox!",
		"get trending papers in your email inbox once a day!"
	};
	size_t i;

	while (len > 0 && *s == '#')
		s++, len--;
	trim(&s, &len);
	for (i = 0; i < sizeof(headers) / sizeof(headers[0]); i++)
		if (same_nocase(s, len, headers[i]))
			return 1;
	return 0;
}

/*
 * A count held after a card's author count goes on as the next card's
 * votes, as a count alone does.
 */
static void
hf_release(struct hf *h)
{
	struct date d = { 0 };
	long n = h->bare;

	if (n < 0)
		return;
	h->bare = -1;
	if (h->submitter_first) {
		/* the last card's, before the page's footer */
		h->comments = n;
		return;
	}
	hf_flush_unit(h);
	hf_meta(h, K_VOTE, &d, n, h->bare_line);
}

/*
 * A page starts in the same file: the record under way ends, and the page
 * date, the repeat checks and the page's kind start afresh.  A page whose
 * cards gave no paper is reported.
 */
static void
hf_new_page(struct hf *h, unsigned long lineno)
{
	const char *head;
	size_t len;

	hf_release(h);
	hf_flush_unit(h);
	hf_unhold(h);
	hf_emit(h);
	if (h->page_meta && h->sp->page_papers == 0)
		split_bad(h->sp, h->page_line, "no paper in this page");
	split_page(h->sp);
	h->page.y = 0;
	h->page_meta = 0;
	h->page_votes = 0;
	h->submitter_first = 0;
	h->trending = h->daily = 0;
	h->page_line = lineno;
	/* a page saved another way may join its lines another way */
	len = pp_input_peek(h->in, SPLIT_HEAD, &head);
	text_layout(head, len, &h->para);
}

/*
 * Is a card under way: from its title to its metadata, or to its abstract
 * on a page whose cards show none (a search page)?  A page's heading
 * ("Daily Papers", an arXiv listing's "New submissions for ...") is looked
 * for between cards, and inside one only where a paragraph starts: a line
 * of a paragraph under way in a card (an abstract wrapped over lines) is
 * its text.  Between cards the heading may follow a line of page text
 * (a mailing's "Date:", a listing's subject) without a blank line.
 */
static int
hf_in_card(const struct hf *h)
{
	return h->has_title && !hf_meta_seen(h) &&
	    (!h->has_abstract || h->page_meta);
}

static void
hf_line(struct hf *h, struct pp_input *in)
{
	const char *s = in->line;
	size_t len = in->len;
	struct date d;
	long n = 0;
	enum kind k;
	size_t marked;
	int between = !h->in_unit || !hf_in_card(h);

	text_unbreak(in->line, in->len);
	trim(&s, &len);
	if (len > 9 && memcmp(s, "Subscribe", 9) == 0 &&
	    !(s[9] >= 'a' && s[9] <= 'z') && !is_space((unsigned char)s[9])) {
		/* a copy tool glued the button to the first title */
		s += 9;
		len -= 9;
	}
	marked = len;
	if (take_dump_marks(&s, &len, in->line, in->len)) {
		if (h->para)
			hf_flush_unit(h);
		return;
	}
	marked = marked != len;
	if (h->bare >= 0 && len > 0) {
		if (starts(s, len, "Submitted by ") ||
		    starts(s, len, "submitted by ")) {
			/*
			 * The next card starts with who submitted it, so the
			 * count before was this card's comments.
			 */
			h->comments = h->bare;
			h->bare = -1;
			h->submitter_first = 1;
		} else
			hf_release(h);
	}
	if (between && split_may_handoff(h->sp) && ax_page_start(s, len)) {
		/* an arXiv listing follows in the same file */
		hf_flush_unit(h);
		hf_unhold(h);
		hf_emit(h);
		if (pp_input_unread(in) == 0) {
			h->sp->handoff = &reader_arxiv;
			return;
		}
	}
	if (between && len < 60 && hf_page_header(s, len)) {
		int trending = same_nocase(s, len, "trending papers");
		int daily = same_nocase(s, len, "daily papers");

		/* the line is gone once the next page is peeked at */
		if (h->page_meta || h->sp->page_papers > 0)
			hf_new_page(h, in->lineno);
		/* a daily page links to the trending one: not a heading */
		h->daily |= daily;
		h->trending = (h->trending || trending) && !h->daily;
		return;
	}
	if (len == 20 && same_nocase(s, len, "ai-generated summary")) {
		hf_flush_unit(h);
		h->summary_next = 1;
		return;
	}
	if (hf_inline_meta(h, s, len, in->lineno))
		return;
	k = hf_kind(s, len, &d, &n);
	if (k == K_NOISE && h->para && h->in_unit)
		k = K_TEXT;	/* a URL, even "Models", inside a paragraph is its text */
	switch (k) {
	case K_TEXT:
		if (len >= 2 && s[len - 1] == '\\' && s[len - 2] != '\\') {
			len--;	/* Markdown's hard break: a line break */
			trim(&s, &len);
		}
		if (h->in_unit && (!h->para || (len > LONG_LINE &&
		    h->unit.t.q.len <= LONG_LINE)))
			hf_flush_unit(h);	/* no blank line before it */
		if (!h->in_unit) {
			text_reset(&h->unit.t, in->lineno);
			h->unit.has_url = 0;
			h->in_unit = 1;
		}
		text_add(&h->unit.t, s, len, in);
		if (!h->para)
			hf_flush_unit(h);
		return;
	case K_BLANK:
		hf_flush_unit(h);
		return;
	case K_NOISE:
		if (h->para)
			hf_flush_unit(h);
		return;
	default:
		hf_flush_unit(h);
		if (k == K_VOTE && n >= 0 && h->has_title &&
		    h->n_authors >= 0 && h->date.y == 0 && h->comments < 0) {
			/*
			 * A dump's count after the author count, marked as
			 * a link ("[16]5", lynx) or beside an icon ("[] 5",
			 * pandoc): the comments.  Alone (w3m, html2text(1)),
			 * it is the comments when the next card starts with
			 * "Submitted by", else the next card's votes: held.
			 */
			if (marked) {
				h->comments = n;
				return;
			}
			if (h->bare < 0) {
				h->bare = n;
				h->bare_line = in->lineno;
				return;
			}
		}
		hf_meta(h, k, &d, n, in->lineno);
	}
}

static void
hf_end(struct hf *h)
{
	if (h->bare >= 0) {
		/* no card follows to have it for votes */
		h->comments = h->bare;
		h->bare = -1;
	}
	hf_flush_unit(h);
	hf_unhold(h);
	hf_emit(h);
	/*
	 * (a file, or a part of one after a handoff, that gave no paper at
	 * all is main.c's or split_read()'s to report)
	 */
	if (h->page_meta && h->sp->page_papers == 0 && h->sp->part_papers > 0)
		split_bad(h->sp, h->page_line, "no paper in this page");
}
/*
 * Tells a file's text layout from its first lines (SAMPLE bytes at most):
 * arXiv ids or "Title:" and "Authors:" lines make an arXiv listing, a
 * "N authors" or "·" line a daily page, two long text lines a search page.
 * A file whose bytes are not text is none of them.
 */
enum layout
text_layout(const char *head, size_t hlen, int *para)
{
	const char *s, *end = head + hlen, *nl;
	size_t len, k, lines = 0;
	int text = 0, blank_after_text = 0, longtext = 0, hf = 0, arxiv = 0;
	int title = 0, authors = 0, first = 1;
	size_t bytes = 0, bad = 0, tlen;
	char spaced[512];
	const char *t;
	struct date d;
	long n;

	*para = 0;
	if (hlen >= 3 && memcmp(head, "\xef\xbb\xbf", 3) == 0)
		head += 3;	/* a byte order mark */
	for (s = head; s < end && (size_t)(s - head) < SAMPLE &&
	    lines < SAMPLE_LINES; s = nl + 1, lines++) {
		if ((nl = memchr(s, '\n', (size_t)(end - s))) == NULL)
			nl = end;
		len = (size_t)(nl - s);
		trim(&s, &len);
		if (len == 0) {
			blank_after_text |= text;
			continue;
		}
		bytes += len;
		if (memchr(s, '\0', len) != NULL)
			bad += len;
		else if (!pp_utf8_valid(s, len)) {
			struct pp_buf fixed = { 0 };

			bad += pp_utf8_repair(&fixed, s, len);
			pp_buf_free(&fixed);
		}
		if (first) {
			first = 0;
			/* JSON's, not text's ("[]" before text is text's) */
			if ((*s == '{' || *s == '[') &&
			    reader_json.detect(s, (size_t)(end - s)) > 0)
				return L_NONE;
		}
		/*
		 * The arXiv reader's tests, on the line as it reads it: its
		 * no-break spaces as spaces (elinks writes "1.&nbsp;arXiv:ID")
		 */
		t = spaced;
		tlen = len < sizeof(spaced) ? len : sizeof(spaced);
		memcpy(spaced, s, tlen);
		text_unbreak(spaced, tlen);
		trim(&t, &tlen);
		if (ax_id_line(t, tlen, &k, &k))
			arxiv++;
		/* an /abs/ page's "[Submitted on 8 Jun 2023 (v1), ...]" */
		arxiv += starts(t, tlen, "[Submitted on ");
		title += starts(t, tlen, "Title: ");
		authors += starts(t, tlen, "Authors: ");
		switch (hf_kind(s, len, &d, &n)) {
		case K_COUNT:
		case K_DOT:
			hf++;
			break;
		case K_TEXT:
			if (len > LONG_LINE && text)
				longtext++;
			text = 1;
			break;
		default:
			break;
		}
	}
	*para = blank_after_text;
	if (bad * 100 > bytes)
		return L_NONE;	/* not text; a page with a few bad bytes is */
	if (arxiv > 0 || (title > 0 && authors > 0))
		return L_ARXIV;
	if (hf > 0)
		return L_HF_DAILY;
	if (longtext > 0)
		return L_HF_SEARCH;
	return L_NONE;
}

static void
hf_read(struct split *sp, struct pp_input *in)
{
	struct hf h = { 0 };
	const char *head;
	size_t len;
	struct unit *units[] = { &h.unit, &h.title, &h.held };
	size_t i;

	len = pp_input_peek(in, SPLIT_HEAD, &head);
	text_layout(head, len, &h.para);
	h.sp = sp;
	h.in = in;
	h.bare = -1;
	hf_clear(&h);
	while (sp->handoff == NULL && pp_input_next(in) == 1)
		hf_line(&h, in);
	hf_end(&h);
	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		text_free(&units[i]->t);
		text_free(&units[i]->url);
	}
	text_free(&h.abstract);
	text_free(&h.summary);
}

static int
hf_daily_detect(const char *head, size_t len)
{
	int para;

	return text_layout(head, len, &para) == L_HF_DAILY ? 40 : 0;
}

static int
hf_search_detect(const char *head, size_t len)
{
	int para;

	return text_layout(head, len, &para) == L_HF_SEARCH ? 30 : 0;
}

const struct reader reader_hf_daily = {
	"hf-daily",
	"Hugging Face Daily Papers text: title, abstract, N authors, date",
	hf_daily_detect, hf_read, 0
};

const struct reader reader_hf_search = {
	"hf-search",
	"Hugging Face search results text: a title line, an abstract line",
	hf_search_detect, hf_read, 0
};
