/*
 * pp-split: raw listing page text in, one JSON record per paper out.
 *
 * Each file is read once, front to back.  Its first lines (up to SAMPLE
 * bytes) are kept aside to tell its layout, then replayed to the parser of
 * that layout, so memory stays bounded by the longest record.  The raw text
 * layouts write JSON straight from the input bytes (escaping, squeezing
 * white space and repairing UTF-8 in one pass); only the json layout parses
 * JSON, with the shared validating scanner.
 */
#include <getopt.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pp.h"

#define SYNOPSIS "[--format hf-search|hf-daily|arxiv|json] [--year YYYY] " \
	"[FILE ...]"

#define SAMPLE		(16 * 1024)	/* bytes looked at to tell a layout */
#define SAMPLE_LINES	400
#define TITLE_MAX	400	/* a longer text is never a title */
#define ABSTRACT_MIN	60	/* a shorter text is never an abstract */
#define LONG_LINE	300	/* a line this long is no hard-wrapped line */

enum layout { L_NONE, L_HF_SEARCH, L_HF_DAILY, L_ARXIV, L_JSON };
static const char *const layout_names[] = {
	"", "hf-search", "hf-daily", "arxiv", "json"
};

/* What one line of a Hugging Face page is. */
enum kind { K_BLANK, K_TEXT, K_NOISE, K_COUNT, K_ORG, K_DOT, K_DATE, K_VOTE };

/*
 * A piece of text being built, already JSON-escaped (no quotes), white
 * space runs squeezed to one space, invalid UTF-8 replaced.  Lines added
 * one after another are joined with a space.
 */
struct text {
	struct pp_buf	 q;
	int		 space;		/* a space is due before more text */
	int		 set;		/* anything was added, even nothing */
	unsigned long	 lineno;	/* of its first line */
};

struct date {
	int	 y, m, d;		/* y == 0: none */
	int	 up;			/* upvote count after the date, or -1 */
	int	 noyear;		/* the year is --year's, not the page's */
};

/* A paragraph of a Hugging Face page, with the link a markdown title had. */
struct unit {
	struct text	 t;
	struct text	 url;
	int		 has_url;
};

/* A paper written: hashes of its title and abstract (0: none). */
struct seen {
	uint64_t	 title, abstract;
};

/* The Hugging Face page parser (hf-search and hf-daily). */
struct hf {
	int		 para;		/* blank lines separate the fields */
	struct unit	 unit;		/* paragraph being read */
	int		 in_unit;
	struct unit	 title, held;
	struct text	 abstract;
	int		 has_title, has_abstract, has_held;
	unsigned long	 start;		/* line the record starts on */
	int		 n_authors, org, dot;
	struct date	 date;
	long		 vote;		/* count before the title, or -1 */
	unsigned long	 date_line;
	int		 told_year;	/* warned of a future yearless date */
	unsigned long	 vote_line;
	struct seen	*seen;		/* to emit a paper once */
	size_t		 nseen, seencap;
};

/* The arXiv listing parser. */
#define AX_EXTRAS 8
struct ax {
	int		 state;		/* 0 outside, 1 header, 2 abstract */
	unsigned long	 start;
	struct text	 id, title, authors, categories, comments, abstract, url;
	struct text	 extra[AX_EXTRAS];
	char		 extra_key[AX_EXTRAS][24];
	int		 nextra;
	struct text	*field;		/* continuation lines go here */
	struct date	 date;
	int		 subjects;	/* categories as "Name (code); ..." */
};

/* The JSON reader: NDJSON, or arrays of records. */
struct js {
	int		 mode;		/* 0 unknown, 1 NDJSON, 2 array */
	int		 depth, instr, esc, in_elem;
	struct pp_buf	 elem;
	unsigned long	 elem_line;
	struct pp_record rec, sub, ver;
	struct pp_buf	 tmp, tmp2;
	struct pp_buf	 fix;		/* a record with its UTF-8 repaired */
	struct text	 t;
};

struct split {
	enum layout	 layout;
	struct pp_input	*in;		/* the file being read */
	struct pp_buf	 source;	/* its name, JSON-escaped */
	struct hf	 hf;
	struct ax	 ax;
	struct js	 js;
	struct pp_buf	 out;
	unsigned long	 records;	/* written from the file being read */
};

static enum layout opt_layout = L_NONE;
static int opt_year, opt_year_given;
static long today;			/* YYYYMMDD */

static unsigned char cls[256];	/* 0 copy, 1 space, 2 escape, 3 not ASCII */
static struct pp_buf scratch;

static const char *const months[] = {
	"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
	"nov", "dec"
};
static const char *const month_names[] = {
	"january", "february", "march", "april", "may", "june", "july",
	"august", "september", "october", "november", "december"
};

/*
 * Lines of Hugging Face page chrome: never titles, never records.  Compared
 * without case after trimming.
 */
static const char *const boilerplate[] = {
	"new", "subscribe", "get trending papers in your email inbox!",
	"get trending papers in your email inbox once a day!", "daily papers",
	"byak and the research community", "trending papers", "papers",
	"trending", "search", "submit", "submit a paper", "models", "datasets",
	"spaces", "posts", "docs", "enterprise", "pricing", "log in", "login",
	"sign up", "hugging face", "collections", "community", "previous",
	"next", "load more", "view all", "newest", "most upvoted", "daily",
	"weekly", "monthly", "upvote", "upvotes", NULL
};

/* --- small helpers ------------------------------------------------------ */

static void
init_classes(void)
{
	int c;

	for (c = 0; c < 256; c++)
		cls[c] = c >= 0x80 ? 3 : c < 0x20 ? 2 : 0;
	cls[0] = 3;
	cls['"'] = cls['\\'] = 2;
	cls[' '] = cls['\t'] = cls['\n'] = cls['\v'] = cls['\f'] =
	    cls['\r'] = 1;
}

static int
is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

static void
trim(const char **s, size_t *len)
{
	while (*len > 0 && is_space((unsigned char)**s)) {
		(*s)++;
		(*len)--;
	}
	while (*len > 0 && is_space((unsigned char)(*s)[*len - 1]))
		(*len)--;
}

static int
starts(const char *s, size_t len, const char *prefix)
{
	size_t n = strlen(prefix);

	return len >= n && memcmp(s, prefix, n) == 0;
}

static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static int
same_nocase(const char *s, size_t len, const char *word)
{
	size_t i;

	for (i = 0; i < len && word[i] != '\0'; i++)
		if (lower((unsigned char)s[i]) != word[i])
			return 0;
	return i == len && word[i] == '\0';
}

static void
add_int(struct pp_buf *b, long v)
{
	char tmp[24];
	int n = 0;
	unsigned long u = v < 0 ? -(unsigned long)v : (unsigned long)v;

	do
		tmp[n++] = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (v < 0)
		pp_buf_addc(b, '-');
	while (n > 0)
		pp_buf_addc(b, tmp[--n]);
}

static void
add_date(struct pp_buf *b, const struct date *d)
{
	char tmp[10];

	tmp[0] = (char)('0' + d->y / 1000 % 10);
	tmp[1] = (char)('0' + d->y / 100 % 10);
	tmp[2] = (char)('0' + d->y / 10 % 10);
	tmp[3] = (char)('0' + d->y % 10);
	tmp[4] = tmp[7] = '-';
	tmp[5] = (char)('0' + d->m / 10);
	tmp[6] = (char)('0' + d->m % 10);
	tmp[8] = (char)('0' + d->d / 10);
	tmp[9] = (char)('0' + d->d % 10);
	pp_buf_add(b, tmp, sizeof(tmp));
}

/* Starts a member: comma (unless first), quoted key, colon. */
static void
add_key(struct pp_buf *b, const char *key)
{
	if (b->len > 1)
		pp_buf_addc(b, ',');
	pp_buf_addc(b, '"');
	pp_buf_adds(b, key);
	pp_buf_adds(b, "\":");
}

/* Month number of a month word ("Dec", "Dec.", "December", "Sept"), or 0. */
static int
month_of(const char *s, size_t len)
{
	int m;

	if (len > 0 && s[len - 1] == '.')
		len--;
	if (len < 3)
		return 0;
	for (m = 0; m < 12; m++)
		if (same_nocase(s, 3, months[m]))
			break;
	if (m == 12)
		return 0;
	if (len == 3 || same_nocase(s, len, month_names[m]) ||
	    (m == 8 && same_nocase(s, len, "sept")))
		return m + 1;
	return 0;
}

static uint64_t
hash(const char *s, size_t len)
{
	uint64_t h = 14695981039346656037ULL;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= (unsigned char)lower((unsigned char)s[i]);
		h *= 1099511628211ULL;
	}
	return h != 0 ? h : 1;
}

/* --- text: escape, squeeze and repair in one pass ----------------------- */

static void
text_reset(struct text *t, unsigned long lineno)
{
	pp_buf_reset(&t->q);
	pp_buf_grow(&t->q, 0);
	t->space = 0;
	t->set = 0;
	t->lineno = lineno;
}

/* Length a UTF-8 lead byte announces; 1 for bytes that cannot lead. */
static size_t
utf8_len(unsigned char c)
{
	if (c >= 0xc2 && c <= 0xdf)
		return 2;
	if (c >= 0xe0 && c <= 0xef)
		return 3;
	if (c >= 0xf0 && c <= 0xf4)
		return 4;
	return 1;
}

#define ONES	0x0101010101010101ULL
#define HIGHS	0x8080808080808080ULL

/* High bit set in exactly the bytes of v that are zero. */
static inline uint64_t
zero_bytes(uint64_t v)
{
	return ~(((v & ~HIGHS) + ~HIGHS) | v | ~HIGHS);
}

/*
 * The end of the run of plain text from s[i]: printable ASCII that needs
 * no escape, with single spaces between words.  Eight bytes at a time
 * while they are plain; byte by byte near anything else.
 */
static size_t
plain_run(const char *s, size_t i, size_t len)
{
	size_t start = i;
	uint64_t v, sp;

	while (i + 8 <= len) {
		memcpy(&v, s + i, 8);
		if ((v & HIGHS) || ((v - ONES * 0x20) & ~v & HIGHS) ||
		    zero_bytes(v ^ (ONES * '"')) || zero_bytes(v ^ (ONES * '\\')))
			break;
		sp = zero_bytes(v ^ (ONES * ' '));
		if ((sp & (sp >> 8)) ||
		    (s[i] == ' ' && (i == start || s[i - 1] == ' ')))
			break;
		i += 8;
	}
	for (; i < len; i++) {
		if (cls[(unsigned char)s[i]] == 0)
			continue;
		if (s[i] == ' ' && i > start && s[i - 1] != ' ' && i + 1 < len &&
		    cls[(unsigned char)s[i + 1]] == 0)
			continue;
		break;
	}
	if (i > start && s[i - 1] == ' ')
		i--;	/* a space before what is not plain: not the run's */
	return i;
}

/*
 * Appends s[0..len), a line of raw text, to t: JSON escapes, every run of
 * white space (Unicode's too, as pp_text_squeeze has it) one space, each
 * invalid UTF-8 byte U+FFFD as pp_utf8_repair has it, with a warning naming
 * the line.  ASCII, nearly all of a page, is copied in runs.
 */
static void
text_add(struct text *t, const char *s, size_t len, const struct pp_input *in)
{
	static const char hex[] = "0123456789abcdef";
	size_t i = 0, run, n, bad = 0;
	unsigned char c;

	t->set = 1;
	while (i < len) {
		run = i;
		i = plain_run(s, i, len);
		if (i > run) {
			if (t->space && t->q.len > 0)
				pp_buf_addc(&t->q, ' ');
			t->space = 0;
			pp_buf_add(&t->q, s + run, i - run);
		}
		if (i == len)
			break;
		c = (unsigned char)s[i];
		if (cls[c] == 1) {
			t->space = 1;
			i++;
			continue;
		}
		if (cls[c] == 3) {
			n = utf8_len(c);
			if (n > len - i)
				n = len - i;
			pp_buf_reset(&scratch);
			if (c == 0 || pp_utf8_repair(&scratch, s + i, n) > 0 ||
			    n < utf8_len(c)) {
				bad++;
				n = 1;
				pp_buf_reset(&scratch);
				pp_utf8_repair(&scratch, s + i, 1);
			} else {
				pp_buf_reset(&scratch);
				pp_text_squeeze(&scratch, s + i, n);
				if (scratch.len == 0) {	/* Unicode space */
					t->space = 1;
					i += n;
					continue;
				}
			}
			if (t->space && t->q.len > 0)
				pp_buf_addc(&t->q, ' ');
			t->space = 0;
			pp_buf_add(&t->q, scratch.s, scratch.len);
			i += n;
			continue;
		}
		if (t->space && t->q.len > 0)
			pp_buf_addc(&t->q, ' ');
		t->space = 0;
		pp_buf_addc(&t->q, '\\');
		switch (c) {
		case '"': pp_buf_addc(&t->q, '"'); break;
		case '\\': pp_buf_addc(&t->q, '\\'); break;
		case '\b': pp_buf_addc(&t->q, 'b'); break;
		default:
			pp_buf_adds(&t->q, "u00");
			pp_buf_addc(&t->q, hex[c >> 4]);
			pp_buf_addc(&t->q, hex[c & 0xf]);
		}
		i++;
	}
	/* The next line joins with a space; trailing space never shows. */
	t->space = 1;
	if (bad > 0 && in != NULL)
		pp_warn_at(in, "invalid UTF-8 replaced with U+FFFD");
}

static void
text_swap(struct text *a, struct text *b)
{
	struct text t = *a;

	*a = *b;
	*b = t;
}

static void
put_text(struct pp_buf *out, const char *key, const struct text *t)
{
	add_key(out, key);
	pp_buf_addc(out, '"');
	pp_buf_add(out, t->q.s, t->q.len);
	pp_buf_addc(out, '"');
}

static void
put_source(struct split *sp, unsigned long lineno)
{
	add_key(&sp->out, "source");
	pp_buf_addc(&sp->out, '"');
	pp_buf_add(&sp->out, sp->source.s, sp->source.len);
	pp_buf_addc(&sp->out, ':');
	add_int(&sp->out, (long)lineno);
	pp_buf_addc(&sp->out, '"');
}

static void
flush_record(struct split *sp)
{
	pp_buf_adds(&sp->out, "}\n");
	pp_write(sp->out.s, sp->out.len);
	pp_buf_reset(&sp->out);
	sp->records++;
}

/*
 * Does text look like an abstract rather than a title?  Titles are short,
 * do not end with a full stop and hold at most one sentence break.
 */
static int
looks_abstract(const struct text *t)
{
	const char *s = t->q.s, *p, *end = s + t->q.len;
	size_t len = t->q.len;
	int breaks = 0;

	if (len > TITLE_MAX)
		return 1;
	if (len < ABSTRACT_MIN)
		return 0;
	while (len > 0 && strchr(")\"'", s[len - 1]) != NULL)
		len--;
	if (len > 0 && s[len - 1] == '.')
		return 1;
	for (p = s; (p = memchr(p, '.', (size_t)(end - p))) != NULL; p++)
		if (end - p > 2 && p[1] == ' ' && p[2] >= 'A' && p[2] <= 'Z' &&
		    ++breaks >= 2)
			return 1;
	return 0;
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

static int
parse_uint(const char **s, size_t *len, long *v)
{
	size_t i = 0;

	*v = 0;
	while (i < *len && i < 9 && (*s)[i] >= '0' && (*s)[i] <= '9')
		*v = *v * 10 + ((*s)[i++] - '0');
	if (i == 0 || (i < *len && (*s)[i] >= '0' && (*s)[i] <= '9'))
		return 0;
	*s += i;
	*len -= i;
	return 1;
}

/* "N authors", after a bullet or not. */
static int
parse_count(const char *s, size_t len, int *n)
{
	long v;

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
 * "Dec 20, 2024" or "May 5" (year from --year) at *s, which moves past
 * it.  Digits glued to a four-digit year are a comment count: *counts.
 */
static int
month_day_year(const char **sp, size_t *lenp, int *m, long *day, long *year,
    int *counts, int *noyear)
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
			*counts = 1;	/* a glued comment count */
	} else {
		*year = opt_year;
		*noyear = 1;
	}
	*sp = s;
	*lenp = len;
	return 1;
}

/*
 * A date line: "Dec 20, 2024", "May 5" (year from --year), "September 17,
 * 2024", or "2024-12-20" (as pp-fmt -t writes a record back), optionally
 * "Published on " before, then up to two counts: the upvotes and the
 * comments ("Sep 17, 2024 7 2", "May 5 1").  Anything else after the date
 * makes the line no date line.
 */
static int
parse_date(const char *s, size_t len, struct date *d)
{
	struct pp_date iso;
	long day = 0, year = 0, v;
	int m, counts = 0, noyear = 0;

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
	} else if (!month_day_year(&s, &len, &m, &day, &year, &counts, &noyear))
		return 0;
	if (day > pp_days_in_month((int)year, m))
		return 0;
	d->noyear = noyear;
	d->y = (int)year;
	d->m = m;
	d->d = (int)day;
	d->up = -1;
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
			if (counts++ == 0)
				d->up = (int)v;
			/* the upvotes come first; a comment count may follow */
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
	if (len >= 3 && (s[0] == '-' || s[0] == '*' || s[0] == '_' ||
	    s[0] == '=')) {
		for (i = 1; i < len && s[i] == s[0]; i++)
			;
		if (i == len)
			return 1;
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
	size_t blen = len;
	int count;

	if (len == 0)
		return K_BLANK;
	if (len > 80)
		return (*s == 'h' || *s == 'w' || *s == '!' || *s == '[') &&
		    is_noise(s, len) ? K_NOISE : K_TEXT;
	if (len == 2 && memcmp(s, "\xc2\xb7", 2) == 0)
		return K_DOT;
	if ((len == 1 && *s == '-') || (len <= 7 && parse_uint(&b, &blen, n) &&
	    blen == 0)) {
		if (*s == '-')
			*n = 0;
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
	    skip_bullet(&b, &blen) && blen > 0)
		return K_ORG;
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
	h->n_authors = -1;
	h->org = h->dot = 0;
	h->date.y = 0;
	h->date.up = -1;
	h->vote = -1;
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
	return h->has_title && (h->has_abstract || h->n_authors >= 0 ||
	    h->org || h->dot);
}

/*
 * Was this paper written already?  The same title is the same paper,
 * unless both show an abstract and the abstracts differ: two papers may
 * share a title ("Knowledge Distillation: A Survey").
 */
static int
hf_seen(struct hf *h, uint64_t title, uint64_t abstract)
{
	size_t i, cap;
	struct seen *old, *e;

	if (2 * (h->nseen + 1) > h->seencap) {
		old = h->seen;
		cap = h->seencap;
		h->seencap = cap != 0 ? 2 * cap : 1024;
		h->seen = xcalloc(h->seencap, sizeof(*h->seen));
		h->nseen = 0;
		for (i = 0; i < cap; i++)
			if (old[i].title != 0)
				hf_seen(h, old[i].title, old[i].abstract);
		free(old);
	}
	for (i = title & (h->seencap - 1); (e = &h->seen[i])->title != 0;
	    i = (i + 1) & (h->seencap - 1))
		if (e->title == title && (abstract == 0 || e->abstract == 0 ||
		    e->abstract == abstract))
			return 1;
	e->title = title;
	e->abstract = abstract;
	h->nseen++;
	return 0;
}

/* The paper's id, when its link goes to its Hugging Face or arXiv page. */
static void
put_url_id(struct pp_buf *out, const struct text *url)
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
	add_key(out, "id");
	pp_buf_addc(out, '"');
	pp_buf_add(out, id, (size_t)(u - id));
	pp_buf_addc(out, '"');
}

/*
 * What tells two abstracts apart: their length and first 64 bytes, so
 * that a page is not hashed twice over.
 */
static uint64_t
abstract_key(const struct text *t)
{
	uint64_t h = hash(t->q.s, t->q.len < 64 ? t->q.len : 64);

	return (h ^ (t->q.len * 0x9e3779b97f4a7c15ULL)) | 1;
}

/*
 * A date shown without a year took --year's, by default this year's: if
 * that puts it after today, the page is likely older.  Say so, once a
 * file, rather than guess silently.
 */
static void
hf_check_year(struct split *sp)
{
	struct hf *h = &sp->hf;
	const struct date *d = &h->date;

	if (!d->noyear || opt_year_given || h->told_year ||
	    d->y * 10000L + d->m * 100 + d->d <= today)
		return;
	pp_warn_at(&(struct pp_input){ .name = sp->in->name,
	    .lineno = h->date_line }, "a date without a year taken as "
	    "%04d-%02d-%02d, after today: give --year", d->y, d->m, d->d);
	h->told_year = 1;
}

/* Writes the record under way if it is one, and starts afresh. */
static void
hf_emit(struct split *sp)
{
	struct hf *h = &sp->hf;
	struct pp_buf *out = &sp->out;

	if (hf_worthy(h) &&
	    !hf_seen(h, hash(h->title.t.q.s, h->title.t.q.len),
	    h->has_abstract ? abstract_key(&h->abstract) : 0)) {
		pp_buf_addc(out, '{');
		put_text(out, "title", &h->title.t);
		if (h->has_abstract)
			put_text(out, "abstract", &h->abstract);
		if (h->n_authors >= 0) {
			add_key(out, "n_authors");
			add_int(out, h->n_authors);
		}
		if (h->date.y != 0) {
			add_key(out, "date");
			pp_buf_addc(out, '"');
			add_date(out, &h->date);
			pp_buf_addc(out, '"');
			hf_check_year(sp);
		}
		if (h->date.y != 0 || h->vote >= 0) {
			add_key(out, "upvotes");
			/*
			 * With the count before the title, numbers after the
			 * date are the comments'.
			 */
			add_int(out, h->vote >= 0 ? h->vote :
			    h->date.up >= 0 ? h->date.up : 0);
		}
		if (h->title.has_url) {
			put_url_id(out, &h->title.url);
			put_text(out, "url", &h->title.url);
		}
		put_source(sp, h->start);
		flush_record(sp);
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
	h->date.y = 0;
	h->start = h->vote >= 0 ? h->vote_line : h->title.t.lineno;
}

static void hf_text(struct split *, struct unit *);

/* The held paragraph was no organisation's name: it starts a record. */
static void
hf_unhold(struct split *sp)
{
	struct hf *h = &sp->hf;

	if (!h->has_held)
		return;
	h->has_held = 0;
	hf_emit(sp);
	hf_text(sp, &h->held);
}

/* A paragraph (a line, outside para mode) of text arrived. */
static void
hf_text(struct split *sp, struct unit *u)
{
	struct hf *h = &sp->hf;

	if (u->t.q.len == 0)
		return;
	if (h->has_held)
		hf_unhold(sp);
	if (h->has_title && h->has_abstract && !hf_meta_seen(h)) {
		if (looks_abstract(&u->t)) {
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
	if (h->has_title && hf_worthy(h))
		hf_emit(sp);	/* the record had its metadata */
	if (!h->has_title) {
		if (looks_abstract(&u->t)) {
			pp_warn_at(&(struct pp_input){ .name = sp->in->name,
			    .lineno = u->t.lineno }, "text without a title "
			    "skipped: %.*s...", (int)pp_text_fit(u->t.q.s,
			    u->t.q.len, 40, NULL), u->t.q.s);
			return;
		}
		hf_set_title(h, u);
		return;
	}
	/* a title and nothing else yet */
	if (looks_abstract(&u->t)) {
		text_swap(&h->abstract, &u->t);
		h->has_abstract = 1;
		return;
	}
	if (u->t.q.len == h->title.t.q.len &&
	    memcmp(u->t.q.s, h->title.t.q.s, u->t.q.len) == 0)
		return;		/* the title shown twice */
	/* what looked like a title was page text */
	hf_set_title(h, u);
}

static void
hf_meta(struct split *sp, enum kind k, const struct date *d, long n,
    unsigned long lineno)
{
	struct hf *h = &sp->hf;

	if (h->has_held) {
		h->has_held = 0;
		if (k == K_DOT)
			h->org = 1;
		else if (k == K_COUNT || k == K_ORG || k == K_DATE) {
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
			hf_unhold(sp);
		}
	}
	switch (k) {
	case K_VOTE:
		hf_emit(sp);
		h->vote = n;
		h->vote_line = lineno;
		return;
	case K_COUNT:
		if (h->has_title)
			h->n_authors = (int)n;
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
		if (!h->has_title)
			return;		/* the page's own date */
		h->date = *d;
		h->date_line = lineno;
		if (hf_worthy(h))
			hf_emit(sp);
		return;
	default:
		return;
	}
}

static void
hf_flush_unit(struct split *sp)
{
	struct hf *h = &sp->hf;

	if (h->in_unit) {
		h->in_unit = 0;
		strip_markdown(&h->unit);
		hf_text(sp, &h->unit);
	}
}

/*
 * "• 9 authors · Sep 17, 2024 7" on one line: a copy tool joined the
 * metadata block, or part of it ("9 authors ·", "· Sep 17, 2024").
 * Returns 0 when the line is no such thing.
 */
static int
hf_inline_meta(struct split *sp, const char *s, size_t len,
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
	hf_flush_unit(sp);
	if (llen > 0 && parse_count(s, llen, &count))
		hf_meta(sp, K_COUNT, NULL, count, lineno);
	else if (llen > 0)
		hf_meta(sp, K_ORG, NULL, 0, lineno);
	hf_meta(sp, K_DOT, NULL, 0, lineno);
	if (rlen > 0)
		hf_meta(sp, K_DATE, &d, 0, lineno);
	return 1;
}

static void
hf_line(struct split *sp, struct pp_input *in)
{
	struct hf *h = &sp->hf;
	const char *s = in->line;
	size_t len = in->len;
	struct date d;
	long n = 0;
	enum kind k;

	trim(&s, &len);
	if (len > 9 && memcmp(s, "Subscribe", 9) == 0 &&
	    !(s[9] >= 'a' && s[9] <= 'z') && !is_space((unsigned char)s[9])) {
		/* a copy tool glued the button to the first title */
		s += 9;
		len -= 9;
	}
	if (hf_inline_meta(sp, s, len, in->lineno))
		return;
	k = hf_kind(s, len, &d, &n);
	if (k == K_NOISE && h->para && h->in_unit)
		k = K_TEXT;	/* a URL, even "Models", inside a paragraph is its text */
	switch (k) {
	case K_TEXT:
		if (h->in_unit && (!h->para || (len > LONG_LINE &&
		    h->unit.t.q.len <= LONG_LINE)))
			hf_flush_unit(sp);	/* no blank line before it */
		if (!h->in_unit) {
			text_reset(&h->unit.t, in->lineno);
			h->unit.has_url = 0;
			h->in_unit = 1;
		}
		text_add(&h->unit.t, s, len, in);
		if (!h->para)
			hf_flush_unit(sp);
		return;
	case K_BLANK:
		hf_flush_unit(sp);
		return;
	case K_NOISE:
		if (h->para)
			hf_flush_unit(sp);
		return;
	default:
		hf_flush_unit(sp);
		hf_meta(sp, k, &d, n, in->lineno);
	}
}

static void
hf_end(struct split *sp)
{
	hf_flush_unit(sp);
	hf_unhold(sp);
	hf_emit(sp);
	free(sp->hf.seen);
	sp->hf.seen = NULL;
	sp->hf.nseen = sp->hf.seencap = 0;
}

/* --- arXiv listings ------------------------------------------------------- */

/* "Wed, 7 Jun 2023 18:23:40 GMT" or "7 Jun 2023": the date, else 0. */
static int
parse_rfc_date(const char *s, size_t len, struct date *d)
{
	const char *w;
	long day, year;
	int m;

	trim(&s, &len);
	if (len > 4 && s[3] == ',') {
		s += 4, len -= 4;
		trim(&s, &len);
	}
	if (!parse_uint(&s, &len, &day) || len == 0 || *s != ' ')
		return 0;
	s++, len--;
	for (w = s; len > 0 && *s != ' '; s++, len--)
		;
	if ((m = month_of(w, (size_t)(s - w))) == 0 || len == 0)
		return 0;
	s++, len--;
	if (!parse_uint(&s, &len, &year) || year < 1000 || year > 9999 ||
	    day < 1 || day > pp_days_in_month((int)year, m))
		return 0;
	d->y = (int)year;
	d->m = m;
	d->d = (int)day;
	d->up = -1;
	d->noyear = 0;
	return 1;
}

static void
ax_clear(struct ax *a)
{
	int i;

	a->state = 0;
	a->id.set = a->title.set = a->authors.set = a->categories.set = 0;
	a->comments.set = a->abstract.set = a->url.set = 0;
	for (i = 0; i < AX_EXTRAS; i++)
		a->extra[i].set = 0;
	a->nextra = 0;
	a->field = NULL;
	a->date.y = 0;
	a->subjects = 0;
}

/*
 * Writes the names of an author line: split on ',' and " and " outside
 * parentheses (affiliations), each name trimmed, "and " before it taken
 * off ("A, B, and C", "A , B").
 */
static int
put_authors(struct pp_buf *out, const char *s, size_t len)
{
	size_t i = 0, start = 0, cut;
	const char *name;
	size_t nlen;
	int depth = 0, n = 0;

	add_key(out, "authors");
	pp_buf_addc(out, '[');
	while (i <= len) {
		cut = 0;
		if (i == len)
			cut = 1;
		else if (s[i] == '(')
			depth++;
		else if (s[i] == ')' && depth > 0)
			depth--;
		else if (depth == 0 && s[i] == ',')
			cut = 1;
		else if (depth == 0 && len - i > 5 && memcmp(s + i, " and ", 5) == 0)
			cut = 5;
		if (!cut) {
			i++;
			continue;
		}
		name = s + start;
		nlen = i - start;
		trim(&name, &nlen);
		if (nlen > 4 && memcmp(name, "and ", 4) == 0) {
			name += 4;
			nlen -= 4;
			trim(&name, &nlen);
		}
		if (nlen > 0) {
			if (n++ > 0)
				pp_buf_addc(out, ',');
			pp_buf_addc(out, '"');
			pp_buf_add(out, name, nlen);
			pp_buf_addc(out, '"');
		}
		i += cut;
		start = i;
	}
	pp_buf_addc(out, ']');
	return n;
}

/*
 * Writes the codes of a web listing's subjects, "Computational Finance
 * (q-fin.CP); Statistical Mechanics (cond-mat.stat-mech)", as categories.
 */
static void
put_subjects(struct pp_buf *out, const char *s, size_t len)
{
	const char *p = s, *end = s + len, *open, *close;
	int n = 0;

	add_key(out, "categories");
	pp_buf_addc(out, '[');
	while ((open = memchr(p, '(', (size_t)(end - p))) != NULL &&
	    (close = memchr(open, ')', (size_t)(end - open))) != NULL) {
		if (close > open + 1 &&
		    memchr(open, ' ', (size_t)(close - open)) == NULL) {
			if (n++ > 0)
				pp_buf_addc(out, ',');
			pp_buf_addc(out, '"');
			pp_buf_add(out, open + 1, (size_t)(close - open - 1));
			pp_buf_addc(out, '"');
		}
		p = close + 1;
	}
	pp_buf_addc(out, ']');
}

/* Writes a list of words (categories) as an array of strings. */
static void
put_words(struct pp_buf *out, const char *key, const char *s, size_t len)
{
	size_t i = 0, start;
	int n = 0;

	add_key(out, key);
	pp_buf_addc(out, '[');
	while (i < len) {
		while (i < len && s[i] == ' ')
			i++;
		start = i;
		while (i < len && s[i] != ' ')
			i++;
		if (i > start) {
			if (n++ > 0)
				pp_buf_addc(out, ',');
			pp_buf_addc(out, '"');
			pp_buf_add(out, s + start, i - start);
			pp_buf_addc(out, '"');
		}
	}
	pp_buf_addc(out, ']');
}

static void
ax_emit(struct split *sp)
{
	struct ax *a = &sp->ax;
	struct pp_buf *out = &sp->out;
	int i, n;

	if (a->state == 0)
		return;
	if (!a->title.set || a->title.q.len == 0) {
		pp_warn_at(&(struct pp_input){ .name = sp->in->name,
		    .lineno = a->start }, "arXiv entry without a title skipped");
		ax_clear(a);
		return;
	}
	pp_buf_addc(out, '{');
	put_text(out, "title", &a->title);
	if (a->abstract.set && a->abstract.q.len > 0)
		put_text(out, "abstract", &a->abstract);
	if (a->authors.set && a->authors.q.len > 0) {
		n = put_authors(out, a->authors.q.s, a->authors.q.len);
		add_key(out, "n_authors");
		add_int(out, n);
	}
	if (a->date.y != 0) {
		add_key(out, "date");
		pp_buf_addc(out, '"');
		add_date(out, &a->date);
		pp_buf_addc(out, '"');
	}
	if (a->id.set)
		put_text(out, "id", &a->id);
	if (a->categories.set && a->subjects)
		put_subjects(out, a->categories.q.s, a->categories.q.len);
	else if (a->categories.set)
		put_words(out, "categories", a->categories.q.s,
		    a->categories.q.len);
	if (a->comments.set)
		put_text(out, "comments", &a->comments);
	for (i = 0; i < a->nextra; i++)
		put_text(out, a->extra_key[i], &a->extra[i]);
	if (a->url.set)
		put_text(out, "url", &a->url);
	else if (a->id.set) {
		add_key(out, "url");
		pp_buf_adds(out, "\"https://arxiv.org/abs/");
		pp_buf_add(out, a->id.q.s, a->id.q.len);
		pp_buf_addc(out, '"');
	}
	put_source(sp, a->start);
	flush_record(sp);
	ax_clear(a);
}

/* Is name a key pp records have, or pp-rank's score? */
static int
is_record_key(const char *name)
{
	static const char *const keys[] = { "title", "abstract", "authors",
	    "n_authors", "date", "upvotes", "id", "categories", "comments",
	    "url", "source", "score" };
	size_t i;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (strcmp(name, keys[i]) == 0)
			return 1;
	return 0;
}

/* "Key: value" at the start of a header line: the field to fill, or NULL. */
static struct text *
ax_field(struct ax *a, const char *s, size_t len, size_t *skip,
    const struct pp_input *in)
{
	size_t k, i;
	struct text *t;
	char *key;

	for (k = 0; k < len && ((s[k] >= 'A' && s[k] <= 'Z') ||
	    (s[k] >= 'a' && s[k] <= 'z') || s[k] == '-'); k++)
		;
	if (k == 0 || k >= len || s[k] != ':' ||
	    k + 6 >= sizeof(a->extra_key[0]))
		return NULL;
	*skip = k + 1;
	if (k == 4 && memcmp(s, "Date", 4) == 0) {
		parse_rfc_date(s + 5, len - 5, &a->date);
		return NULL;
	}
	if (k == 5 && memcmp(s, "Title", 5) == 0)
		t = &a->title;
	else if (k == 7 && memcmp(s, "Authors", 7) == 0)
		t = &a->authors;
	else if (k == 10 && memcmp(s, "Categories", 10) == 0)
		t = &a->categories;
	else if (k == 8 && memcmp(s, "Subjects", 8) == 0) {
		t = &a->categories;	/* the web listing's */
		a->subjects = 1;
	}
	else if (k == 8 && memcmp(s, "Comments", 8) == 0)
		t = &a->comments;
	else {
		/* MSC-class, Journal-ref, DOI, Report-no...: keys of their own */
		if (a->nextra == AX_EXTRAS)
			return NULL;
		key = a->extra_key[a->nextra];
		for (i = 0; i < k; i++)
			key[i] = s[i] == '-' ? '_' : (char)lower((unsigned char)s[i]);
		key[k] = '\0';
		/*
		 * A label spelled like a key of the record ("Source:",
		 * "TITLE:") must not add a second one, or one of the wrong
		 * type: it is kept as arxiv_source, arxiv_title.
		 */
		if (is_record_key(key)) {
			memmove(key + 6, key, k + 1);
			memcpy(key, "arxiv_", 6);
		}
		t = &a->extra[a->nextra++];
	}
	text_reset(t, in->lineno);
	t->set = 1;
	return t;
}

static int
is_rule(const char *s, size_t len)
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
 * "arXiv:ID", alone or with "(*cross-listing*)", or as arXiv's web listing
 * shows it, "[12]  arXiv:ID [pdf, other]": an entry starts.  *id and *end
 * get where the id starts and ends.  An abstract line that starts with an
 * id is none.
 */
static int
ax_id_line(const char *s, size_t len, size_t *id, size_t *end)
{
	size_t n = 0;

	if (len > 0 && s[0] == '[') {
		for (n = 1; n < len && s[n] >= '0' && s[n] <= '9'; n++)
			;
		if (n == 1 || n == len || s[n] != ']')
			return 0;
		for (n++; n < len && is_space((unsigned char)s[n]); n++)
			;
	}
	if (!starts(s + n, len - n, "arXiv:") || len - n == 6 ||
	    is_space((unsigned char)s[n + 6]))
		return 0;
	*id = n + 6;
	for (n += 6; n < len && !is_space((unsigned char)s[n]); n++)
		;
	*end = n;
	while (n < len && is_space((unsigned char)s[n]))
		n++;
	return n == len || s[n] == '(' || s[n] == '[';
}

static void
ax_line(struct split *sp, struct pp_input *in)
{
	struct ax *a = &sp->ax;
	const char *s = in->line, *p, *t;
	size_t len = in->len, skip, n, tlen;

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
	if (ax_id_line(t, tlen, &skip, &n)) {
		ax_emit(sp);
		a->state = 1;
		a->start = in->lineno;
		text_reset(&a->id, in->lineno);
		text_add(&a->id, t + skip, n - skip, in);
		return;
	}
	if (a->state == 0)
		return;
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
		ax_emit(sp);
		return;
	}
	if (tlen == 2 && t[0] == '\\' && t[1] == '\\') {
		if (a->state == 1) {
			a->state = 2;
			text_reset(&a->abstract, in->lineno);
		} else
			ax_emit(sp);
		return;
	}
	if (is_rule(t, tlen) || starts(t, tlen, "/*")) {
		ax_emit(sp);
		return;
	}
	if (a->state == 2) {
		if (a->subjects && len == 0) {
			ax_emit(sp);	/* the web listing's abstract ends */
			return;
		}
		text_add(&a->abstract, s, len, in);
		return;
	}
	if (len == 0) {
		if (a->subjects)
			ax_emit(sp);	/* a web listing's entry without abstract */
		return;
	}
	if (is_space((unsigned char)s[0])) {
		if (a->field != NULL)
			text_add(a->field, s, len, in);
		return;
	}
	for (n = 0; n < len && ((s[n] >= 'A' && s[n] <= 'Z') ||
	    (s[n] >= 'a' && s[n] <= 'z') || s[n] == '-'); n++)
		;
	if (a->subjects && (n == len || s[n] != ':')) {
		/* the web listing's abstract follows Subjects, without \\ */
		a->state = 2;
		text_reset(&a->abstract, in->lineno);
		text_add(&a->abstract, s, len, in);
		return;
	}
	a->field = ax_field(a, s, len, &skip, in);
	if (a->field != NULL)
		text_add(a->field, s + skip, len - skip, in);
}

static void
ax_end(struct split *sp)
{
	ax_emit(sp);
}

/* --- JSON ----------------------------------------------------------------- */

/*
 * A string member's text, white space squeezed, escaped for JSON again
 * (no quotes).  Without escapes the raw text is the text: no decoding.
 */
static const struct text *
js_text(struct split *sp, const struct pp_member *m)
{
	struct js *j = &sp->js;
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

/* Writes a member's string value squeezed, else its raw value. */
static void
put_squeezed(struct split *sp, const char *key, const struct pp_member *m)
{
	if (m->type != PP_JSTRING) {
		add_key(&sp->out, key);
		pp_buf_add(&sp->out, m->value.p, m->value.len);
		return;
	}
	put_text(&sp->out, key, js_text(sp, m));
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
static const char *const extras[][2] = {
	{ "journal-ref", "journal_ref" }, { "journal_ref", "journal_ref" },
	{ "doi", "doi" }, { "report-no", "report_no" },
	{ "report_no", "report_no" }, { "msc-class", "msc_class" },
	{ "msc_class", "msc_class" }, { "acm-class", "acm_class" },
	{ "acm_class", "acm_class" }, { NULL, NULL }
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
js_get(struct js *j, int paper, const char *key)
{
	const struct pp_member *m = NULL;

	if (paper)
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

/* The authors: authors_parsed, or an array of names or {name}, or a line. */
static void
js_authors(struct split *sp, int paper, int *count)
{
	struct js *j = &sp->js;
	const struct pp_member *m;
	struct pp_span e, f;
	size_t pos = 0, fpos;
	enum pp_jtype t, ft;
	struct pp_buf *out = &sp->out;
	static const int order[] = { 1, 0, 2 };	/* First Last Suffix */
	const struct pp_member *name;
	struct pp_span parts[3];
	const struct text *a;
	char err[64];
	int n = 0, np, i, k;
	size_t mark = out->len;

	*count = -1;
	if ((m = js_get(j, paper, "authors_parsed")) != NULL &&
	    m->type == PP_JARRAY) {
		/* [["Last", "First", "Suffix"], ...] as "First Last Suffix" */
		add_key(out, "authors");
		pp_buf_addc(out, '[');
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
			pp_buf_reset(&j->tmp2);
			pp_text_squeeze(&j->tmp2, j->tmp.s != NULL ? j->tmp.s : "",
			    j->tmp.len);
			if (j->tmp2.len == 0)
				continue;
			if (n++ > 0)
				pp_buf_addc(out, ',');
			pp_json_quote(out, j->tmp2.s, j->tmp2.len);
		}
		pp_buf_addc(out, ']');
		*count = n;
		if (n > 0 || js_get(j, paper, "authors") == NULL)
			return;
		/* no name parsed: the authors line may still have them */
		out->len = mark;
		out->s[mark] = '\0';
		*count = -1;
	}
	if ((m = js_get(j, paper, "authors")) == NULL)
		return;
	if (m->type == PP_JSTRING) {
		/* split the escaped text: ", " and " and " need no escapes */
		a = js_text(sp, m);
		*count = put_authors(out, a->q.s, a->q.len);
		return;
	}
	if (m->type != PP_JARRAY) {
		add_key(out, "authors");
		pp_buf_add(out, m->value.p, m->value.len);
		return;
	}
	add_key(out, "authors");
	pp_buf_addc(out, '[');
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
		if (n++ > 0)
			pp_buf_addc(out, ',');
		pp_buf_add(out, e.p, e.len);
	}
	pp_buf_addc(out, ']');
	*count = n;
}

/* Maps one JSON object onto the record and writes it. */
static void
js_record(struct split *sp, const char *text, size_t len, unsigned long lineno)
{
	struct js *j = &sp->js;
	struct pp_buf *out = &sp->out;
	const struct pp_member *m, *paperm;
	struct pp_input at = { .name = sp->in->name, .lineno = lineno };
	char err[128];
	const struct text *tx;
	struct date d;
	int paper = 0, count, arxiv, i;
	size_t k, l;
	struct pp_span e;
	enum pp_jtype t;
	size_t pos;

	if (pp_record_parse(&j->rec, text, len, err, sizeof(err)) != 0) {
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
		if (strcmp(err, "not a JSON object") == 0)
			pp_error_at(&at, "%s", err);
		else
			pp_error_at(&at, "invalid JSON: %s", err);
		return;
	}
parsed:
	paperm = pp_record_get(&j->rec, "paper");
	if (paperm != NULL && paperm->type == PP_JOBJECT &&
	    pp_record_parse(&j->sub, paperm->value.p, paperm->value.len, err,
	    sizeof(err)) == 0)
		paper = 1;
	arxiv = pp_record_get(&j->rec, "versions") != NULL ||
	    pp_record_get(&j->rec, "authors_parsed") != NULL;

	pp_buf_reset(out);
	pp_buf_addc(out, '{');
	if ((m = js_get(j, paper, "title")) != NULL)
		put_squeezed(sp, "title", m);
	if ((m = js_get(j, paper, "abstract")) != NULL ||
	    (m = js_get(j, paper, "summary")) != NULL)
		put_squeezed(sp, "abstract", m);
	js_authors(sp, paper, &count);
	if ((m = js_get(j, paper, "n_authors")) != NULL) {
		add_key(out, "n_authors");
		pp_buf_add(out, m->value.p, m->value.len);
	} else if (count >= 0) {
		add_key(out, "n_authors");
		add_int(out, count);
	}
	d.y = 0;
	if (!iso_date(j, js_get(j, paper, "date"), &d) &&
	    !iso_date(j, js_get(j, paper, "publishedAt"), &d) &&
	    !iso_date(j, js_get(j, paper, "published"), &d)) {
		d.y = 0;
		/* the arXiv snapshot: the date of the first version */
		m = js_get(j, paper, "versions");
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
	if (d.y != 0) {
		add_key(out, "date");
		pp_buf_addc(out, '"');
		add_date(out, &d);
		pp_buf_addc(out, '"');
	} else if ((m = js_get(j, paper, "date")) != NULL) {
		/* "2024", "2024-05", "May 2024": not ours to drop */
		add_key(out, "date");
		pp_buf_add(out, m->value.p, m->value.len);
	}
	if ((m = js_get(j, paper, "upvotes")) != NULL) {
		add_key(out, "upvotes");
		pp_buf_add(out, m->value.p, m->value.len);
	}
	if ((m = js_get(j, paper, "id")) != NULL) {
		add_key(out, "id");
		pp_buf_add(out, m->value.p, m->value.len);
	}
	if ((m = js_get(j, paper, "categories")) != NULL) {
		if (m->type == PP_JSTRING) {
			tx = js_text(sp, m);
			put_words(out, "categories", tx->q.s, tx->q.len);
		} else {
			add_key(out, "categories");
			pp_buf_add(out, m->value.p, m->value.len);
		}
	}
	if ((m = js_get(j, paper, "comments")) != NULL)
		put_squeezed(sp, "comments", m);
	for (i = 0; extras[i][0] != NULL; i++)
		if ((m = js_get(j, paper, extras[i][0])) != NULL &&
		    (i == 0 || strcmp(extras[i][1], extras[i - 1][1]) != 0 ||
		    js_get(j, paper, extras[i - 1][0]) == NULL))
			put_squeezed(sp, extras[i][1], m);
	/* what the mapping does not read passes through as it came */
	for (k = 0; k < j->rec.nmembers; k++) {
		m = &j->rec.members[k];
		if (is_mapped(m) && (paper || !key_is(m, "paper")))
			continue;	/* a "paper" that is no object is data */
		for (l = 0; l < k; l++)
			if (j->rec.members[l].key.len == m->key.len &&
			    memcmp(j->rec.members[l].key.p, m->key.p,
			    m->key.len) == 0)
				break;
		if (l < k)
			continue;	/* a duplicate key: jq keeps the last */
		if (out->len > 1)
			pp_buf_addc(out, ',');
		pp_buf_addc(out, '"');
		pp_buf_add(out, m->key.p, m->key.len);
		pp_buf_adds(out, "\":");
		pp_buf_add(out, m->value.p, m->value.len);
	}
	for (k = 0; paper && k < j->sub.nmembers; k++) {
		m = &j->sub.members[k];
		if (is_mapped(m) || key_is(m, "_id"))
			continue;
		for (l = 0; l < j->rec.nmembers; l++)
			if (j->rec.members[l].key.len == m->key.len &&
			    memcmp(j->rec.members[l].key.p, m->key.p,
			    m->key.len) == 0)
				break;
		if (l < j->rec.nmembers)
			continue;	/* the record's own key wins */
		if (out->len > 1)
			pp_buf_addc(out, ',');
		pp_buf_addc(out, '"');
		pp_buf_add(out, m->key.p, m->key.len);
		pp_buf_adds(out, "\":");
		pp_buf_add(out, m->value.p, m->value.len);
	}
	if ((m = js_get(j, paper, "url")) != NULL) {
		add_key(out, "url");
		pp_buf_add(out, m->value.p, m->value.len);
	} else if ((m = js_get(j, paper, "id")) != NULL &&
	    m->type == PP_JSTRING && (paper || arxiv)) {
		pp_buf_reset(&j->tmp);
		pp_json_unquote(&j->tmp, m->value.p, m->value.len);
		add_key(out, "url");
		pp_buf_reset(&j->tmp2);
		pp_buf_adds(&j->tmp2, paper ? "https://huggingface.co/papers/" :
		    "https://arxiv.org/abs/");
		pp_buf_add(&j->tmp2, j->tmp.s, j->tmp.len);
		pp_json_quote(out, j->tmp2.s, j->tmp2.len);
	}
	put_source(sp, lineno);
	flush_record(sp);
}

/* Finds the elements of top-level arrays, across lines. */
static void
js_scan(struct split *sp, struct pp_input *in)
{
	struct js *j = &sp->js;
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
				js_record(sp, j->elem.s, j->elem.len, j->elem_line);
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
				js_record(sp, j->elem.s, j->elem.len, j->elem_line);
			}
		}
	}
	if (j->in_elem) {
		pp_buf_add(&j->elem, s + seg, len - seg);
		pp_buf_addc(&j->elem, '\n');
	}
}

static void
js_line(struct split *sp, struct pp_input *in)
{
	struct js *j = &sp->js;
	const char *s = in->line;
	size_t len = in->len;

	if (j->mode == 0) {
		trim(&s, &len);
		if (len == 0)
			return;
		j->mode = *s == '[' ? 2 : 1;
	}
	if (j->mode == 2) {
		js_scan(sp, in);
		return;
	}
	trim(&s, &len);
	if (len > 0)
		js_record(sp, in->line, in->len, in->lineno);
}

static void
js_end(struct split *sp)
{
	struct js *j = &sp->js;

	if (j->mode == 2 && (j->depth > 0 || j->instr))
		pp_error_at(sp->in, "invalid JSON: the array is not closed");
	j->mode = j->depth = j->instr = j->esc = j->in_elem = 0;
}

/* --- layouts -------------------------------------------------------------- */

struct sample {
	struct pp_buf	 text;		/* the lines, one after another */
	size_t		*off, *len;
	unsigned long	*lineno;
	size_t		 n, cap;
};

/* Tells a file's layout from its first lines. */
static enum layout
detect(const struct sample *sm, int *para)
{
	const char *s;
	size_t i, len, k;
	int text = 0, blank_after_text = 0, longtext = 0, hf = 0, arxiv = 0;
	int title = 0, authors = 0, first = 1;
	size_t bytes = 0, bad = 0;
	struct date d;
	long n;

	*para = 0;
	for (i = 0; i < sm->n; i++) {
		s = sm->text.s + sm->off[i];
		len = sm->len[i];
		trim(&s, &len);
		if (len == 0) {
			blank_after_text |= text;
			continue;
		}
		bytes += len;
		if (memchr(s, '\0', len) != NULL)
			bad += len;
		else if (!pp_utf8_valid(s, len)) {
			pp_buf_reset(&scratch);
			bad += pp_utf8_repair(&scratch, s, len);
		}
		if (first) {
			first = 0;
			if (*s == '{')
				return L_JSON;
			if (*s == '[') {
				for (k = 1; k < len && is_space((unsigned char)s[k]); k++)
					;
				if (k == len || s[k] == '{' || s[k] == ']' ||
				    s[k] == '"' || s[k] == '[')
					return L_JSON;
			}
		}
		if (ax_id_line(s, len, &k, &k))
			arxiv++;
		title += starts(s, len, "Title: ");
		authors += starts(s, len, "Authors: ");
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
dispatch(struct split *sp, struct pp_input *in)
{
	switch (sp->layout) {
	case L_HF_SEARCH:
	case L_HF_DAILY:
		hf_line(sp, in);
		break;
	case L_ARXIV:
		ax_line(sp, in);
		break;
	case L_JSON:
		js_line(sp, in);
		break;
	default:
		break;
	}
}

static void
split_file(struct split *sp, const char *name)
{
	struct pp_input in, re;
	struct sample sm = { 0 };
	size_t i, bytes = 0;
	int r = 0, para, nonblank = 0;

	if (pp_input_open(&in, name) == -1)
		return;
	sp->in = &in;
	pp_buf_reset(&sp->source);
	pp_buf_reset(&scratch);
	pp_utf8_repair(&scratch, name, strlen(name));
	pp_json_quote(&sp->source, scratch.s, scratch.len);
	/* without its quotes: put_source adds them around FILE:LINE */
	memmove(sp->source.s, sp->source.s + 1, sp->source.len - 2);
	sp->source.len -= 2;

	/* keep the first lines aside to tell the layout */
	while (bytes < SAMPLE && sm.n < SAMPLE_LINES &&
	    (r = pp_input_next(&in)) == 1) {
		if (sm.n == sm.cap) {
			sm.cap = sm.cap != 0 ? 2 * sm.cap : 64;
			sm.off = xreallocarray(sm.off, sm.cap, sizeof(*sm.off));
			sm.len = xreallocarray(sm.len, sm.cap, sizeof(*sm.len));
			sm.lineno = xreallocarray(sm.lineno, sm.cap,
			    sizeof(*sm.lineno));
		}
		sm.off[sm.n] = sm.text.len;
		sm.len[sm.n] = in.len;
		sm.lineno[sm.n++] = in.lineno;
		pp_buf_add(&sm.text, in.line, in.len);
		pp_buf_addc(&sm.text, '\n');
		bytes += in.len + 1;
		for (i = 0; i < in.len && !nonblank; i++)
			nonblank = !is_space((unsigned char)in.line[i]);
	}
	sp->layout = detect(&sm, &para);
	if (opt_layout != L_NONE)
		sp->layout = opt_layout;
	if (sp->layout == L_NONE) {
		if (nonblank)
			pp_errorx("%s: cannot tell the layout of this page; "
			    "name it with --format", name);
		goto done;
	}
	memset(&sp->hf.date, 0, sizeof(sp->hf.date));
	hf_clear(&sp->hf);
	sp->hf.para = para;
	sp->hf.told_year = 0;
	sp->hf.in_unit = sp->hf.has_held = 0;
	ax_clear(&sp->ax);
	sp->records = 0;
	re = in;
	for (i = 0; i < sm.n; i++) {
		re.line = sm.text.s + sm.off[i];
		re.len = sm.len[i];
		re.lineno = sm.lineno[i];
		sp->in = &re;
		dispatch(sp, &re);
	}
	sp->in = &in;
	while (r == 1 && (r = pp_input_next(&in)) == 1)
		dispatch(sp, &in);
	switch (sp->layout) {
	case L_HF_SEARCH:
	case L_HF_DAILY:
		hf_end(sp);
		break;
	case L_ARXIV:
		ax_end(sp);
		break;
	case L_JSON:
		js_end(sp);
		break;
	default:
		break;
	}
	/* a page of text that gave nothing must not pass for an empty one */
	if (sp->records == 0 && sp->layout != L_JSON && r == 0)
		pp_warnx("%s: no paper found in this %s page", name,
		    layout_names[sp->layout]);
done:
	pp_input_close(&in);
	pp_buf_free(&sm.text);
	free(sm.off);
	free(sm.len);
	free(sm.lineno);
}

/* Frees what the parsers kept from file to file. */
static void
split_free(struct split *sp)
{
	struct text *texts[] = {
		&sp->hf.unit.t, &sp->hf.unit.url, &sp->hf.title.t,
		&sp->hf.title.url, &sp->hf.held.t, &sp->hf.held.url,
		&sp->hf.abstract, &sp->ax.id, &sp->ax.title, &sp->ax.authors,
		&sp->ax.categories, &sp->ax.comments, &sp->ax.abstract,
		&sp->ax.url
	};
	size_t i;

	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
		pp_buf_free(&texts[i]->q);
	for (i = 0; i < AX_EXTRAS; i++)
		pp_buf_free(&sp->ax.extra[i].q);
	pp_record_free(&sp->js.rec);
	pp_record_free(&sp->js.sub);
	pp_record_free(&sp->js.ver);
	pp_buf_free(&sp->js.elem);
	pp_buf_free(&sp->js.tmp);
	pp_buf_free(&sp->js.tmp2);
	pp_buf_free(&sp->js.fix);
	pp_buf_free(&sp->js.t.q);
	pp_buf_free(&sp->source);
	pp_buf_free(&sp->out);
	pp_buf_free(&scratch);
}

static void
usage(void)
{
	pp_usage(SYNOPSIS);
}

int
main(int argc, char *argv[])
{
	enum { OPT_FORMAT = CHAR_MAX + 1, OPT_YEAR };
	static const struct option longopts[] = {
		{ "format",	required_argument,	NULL,	OPT_FORMAT },
		{ "year",	required_argument,	NULL,	OPT_YEAR },
		{ "help",	no_argument,		NULL,	'h' },
		{ "version",	no_argument,		NULL,	'V' },
		{ NULL,		0,			NULL,	0 }
	};
	static char *stdin_only[] = { "-", NULL };
	struct split sp;
	char *end;
	long year;
	time_t now;
	struct tm *tm;
	int ch, i;

	pp_init(argv[0]);
	now = time(NULL);
	tm = localtime(&now);
	opt_year = tm->tm_year + 1900;
	today = opt_year * 10000L + (tm->tm_mon + 1) * 100 + tm->tm_mday;
	while ((ch = getopt_long(argc, argv, "hV", longopts, NULL)) != -1) {
		switch (ch) {
		case OPT_FORMAT:
			for (i = L_HF_SEARCH; i <= L_JSON; i++)
				if (strcmp(optarg, layout_names[i]) == 0)
					break;
			if (i > L_JSON) {
				pp_warnx("unknown format '%s': use hf-search, "
				    "hf-daily, arxiv or json", optarg);
				usage();
			}
			opt_layout = (enum layout)i;
			break;
		case OPT_YEAR:
			year = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || year < 1000 ||
			    year > 9999) {
				pp_warnx("bad year '%s': want YYYY", optarg);
				usage();
			}
			opt_year = (int)year;
			opt_year_given = 1;
			break;
		case 'h':
			printf("usage: %s %s\n", pp_progname, SYNOPSIS);
			return pp_finish();
		case 'V':
			pp_version();
			break;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;

	init_classes();
	memset(&sp, 0, sizeof(sp));
	if (argc == 0) {
		argc = 1;
		argv = stdin_only;
	}
	for (i = 0; i < argc; i++)
		split_file(&sp, argv[i]);
	split_free(&sp);
	return pp_finish();
}
