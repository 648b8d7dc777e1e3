/*
 * BibTeX and BibLaTeX (Zotero and Better BibTeX exports, arXiv's own,
 * JabRef, Mendeley, biber), parsed with btparse, the library under
 * Text::BibTeX: @string macros, # concatenation, braces and quotes,
 * whitespace the way BibTeX has it.
 *
 * btparse falls short in several ways, and this file works around each:
 *
 *  - It recovers badly: an entry with an unbalanced brace swallows every
 *    entry after it.  The file is cut at each line that starts with
 *    @type{ or @type(, each entry is checked against BibTeX's grammar
 *    here (scan_entry), and btparse reads only entries that pass, one at
 *    a time, from fmemopen.  A broken entry is reported with FILE:LINE and
 *    what is wrong, and the next one is read; memory is bounded by the
 *    longest entry.
 *  - It exits the program ("usage error") or fails an assertion on some
 *    broken input, from inside bt_parse_entry(): the same check keeps
 *    such input away from it, and NULs become '?'.
 *  - Its syntax errors use a bad token's text as a printf format: no '%'
 *    reaches it (hide_percents()).
 *  - It writes its messages to stderr itself and offers no handler.
 *    glibc documents stderr as a variable a program may assign, so while
 *    btparse runs stderr is a memory stream; its messages are said again
 *    as "pp-split: FILE:LINE: BibTeX: ...".
 *  - A broken @string leaves a macro without text, which crashes its next
 *    use: such macros are deleted.
 *  - bt_split_name() frees memory twice on a name that starts with a
 *    comma: names are put in order here (name_in_order()).
 *  - After a syntax error, what its recovery left unread, parsed as the
 *    next entry, can be a malformed tree that it ends the program on
 *    (exit(1) in bt_postprocess_field()): a broken entry is the last
 *    btparse reads of its text, and "@type{key}", which BibTeX takes
 *    and btparse calls an error, never reaches it.
 *
 * btparse keeps its macro table in globals: it is emptied (and the month
 * macros put back) for each file, so one file's @string does not leak into
 * the next.  It must come before libxml2 on the link line (see Makefile).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <btparse.h>

#include "split.h"

/* What stands for '%' in the text btparse reads (see hide_percents()). */
#define PERCENT	'\x01'

/* The name btparse is given for the input, to find its messages' lines. */
#define BT_NAME	"@"

/* The fields read, by their names (btparse gives them in lower case). */
enum field {
	F_TITLE, F_AUTHOR, F_ABSTRACT, F_DATE, F_YEAR, F_MONTH, F_EPRINT,
	F_ARCHIVEPREFIX, F_EPRINTTYPE, F_PRIMARYCLASS, F_ARXIVID, F_JOURNAL,
	F_BOOKTITLE, F_DOI, F_URL, F_KEYWORDS, F_CROSSREF, F_NFIELDS
};
/* An entry waiting for the entry its crossref names. */
struct held {
	AST		*entry;
	unsigned long	 line;
	char		*xref;		/* lowered; NULL once it is read */
};

struct bib {
	struct split	*sp;
	struct pp_buf	 entry;		/* the entry's text being gathered */
	unsigned long	 chunk_first;	/* the line it starts on */
	unsigned long	 first, last;	/* the lines of the entry btparse reads */
	size_t		 at_byte;	/* line_at()'s last answer */
	unsigned long	 at_line;
	struct pp_buf	 why;		/* btparse's error about it */
	unsigned long	 why_line;	/* and the line it names */

	/* btparse's stderr, caught */
	FILE		*caught;
	char		*msg;
	size_t		 msglen;
	FILE		*saved;

	/* the entry being mapped */
	unsigned long	 line;		/* its first line in the file */
	const char	*type, *key;
	AST		*field[F_NFIELDS];	/* by enum field */
	struct pp_buf	 value, fixed, text, nfc, json;
	struct pp_buf	 id;		/* arxiv_id()'s */

	/*
	 * crossref: each keyed entry's venue and date as JSON, by its key
	 * lowered (BibTeX matches them without case), for the entries that
	 * name it; and the entries read but not yet mapped, in file order,
	 * because the first of them names an entry not read yet.
	 */
	struct pp_set	 parents;
	struct pp_buf	*parent_venue, *parent_date;
	size_t		 parentcap;
	struct held	*held;
	size_t		 nheld, heldcap;
};

static const char *const field_names[F_NFIELDS] = {
	"title", "author", "abstract", "date", "year", "month", "eprint",
	"archiveprefix", "eprinttype", "primaryclass", "arxivid", "journal",
	"booktitle", "doi", "url", "keywords", "crossref"
};
/* Other spellings of a field: BibLaTeX's, Mendeley's. */
static const struct {
	const char	*name;
	enum field	 field;
} field_aliases[] = {
	{ "journaltitle", F_JOURNAL }, { "arxiv", F_ARXIVID },
	{ "eprintclass", F_PRIMARYCLASS }, { "arxiv_id", F_ARXIVID }
};

static const char *const months[12] = {
	"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
	"nov", "dec"
};
static const char *const month_names[12] = {
	"January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December"
};

/* --- btparse's messages -------------------------------------------------- */

static void
catch_begin(struct bib *b)
{
	b->saved = stderr;
	stderr = b->caught;
}

/* The file's line for line n of the text btparse read, within it. */
static unsigned long
file_line(const struct bib *b, unsigned long first, unsigned long n)
{
	if (n == 0)
		n = 1;
	if (first == b->first && first + n - 1 > b->last)
		return b->last;
	return first + n - 1;
}

/*
 * Puts stderr back and says again what btparse said, as FILE:LINE of
 * the input (line 1 of its text being the file's line first), its own
 * line numbers changed to the file's.  For an entry that could not be
 * read (bad) the first error is kept in b->why, for the one message
 * about it; else each is a warning.
 */
static void
catch_end(struct bib *b, unsigned long first, int bad)
{
	struct pp_input at = *b->sp->in;
	char *s, *nl, *end, *l;
	unsigned long n;

	stderr = b->saved;
	fflush(b->caught);
	pp_buf_reset(&b->why);
	for (s = b->msg; s < b->msg + b->msglen; s = nl + 1) {
		if ((nl = memchr(s, '\n', b->msg + b->msglen - s)) == NULL)
			nl = b->msg + b->msglen;
		*nl = '\0';
		at.lineno = first;
		if (strncmp(s, BT_NAME ", ", sizeof(BT_NAME ", ") - 1) == 0)
			s += sizeof(BT_NAME ", ") - 1;
		if (strncmp(s, "line ", 5) == 0 &&
		    (n = strtoul(s + 5, &end, 10)) > 0 && *end == ',') {
			at.lineno = file_line(b, first, n);
			s = end + 1;
			while (*s == ' ')
				s++;
		}
		if (*s == '\0')
			continue;
		/* "runaway string started at line 2" */
		pp_buf_reset(&b->text);
		while ((l = strstr(s, "line ")) != NULL &&
		    (n = strtoul(l + 5, &end, 10)) > 0) {
			pp_buf_add(&b->text, s, (size_t)(l - s));
			pp_buf_printf(&b->text, "line %lu",
			    file_line(b, first, n));
			s = end;
		}
		pp_buf_adds(&b->text, s);
		if (!bad)
			pp_warn_at(&at, "BibTeX: %s", b->text.s);
		else if (b->why.len == 0 || (strstr(b->why.s, "error") == NULL &&
		    strstr(b->text.s, "error") != NULL)) {
			pp_buf_reset(&b->why);
			pp_buf_printf(&b->why, "line %lu: %s", at.lineno,
			    b->text.s);
			b->why_line = at.lineno;
		}
	}
	rewind(b->caught);
	b->msglen = 0;
}

/* --- fields to the record ---------------------------------------------- */

/* The field's value, macros expanded and pieces pasted, in b->value. */
static int
get_value(struct bib *b, enum field f)
{
	bt_nodetype type;
	AST *v = NULL;
	char *text;
	size_t i;

	pp_buf_reset(&b->value);
	if (b->field[f] == NULL)
		return 0;
	while ((v = bt_next_value(b->field[f], v, &type, &text)) != NULL)
		if (text != NULL)
			pp_buf_adds(&b->value, text);
	for (i = 0; i < b->value.len; i++)
		if (b->value.s[i] == PERCENT)
			b->value.s[i] = '%';
	return b->value.len > 0;
}

/* s[0..len) for reading, in b->nfc: valid UTF-8, TeX decoded, NFC. */
static void
decode(struct bib *b, const char *s, size_t len)
{
	pp_buf_reset(&b->fixed);
	pp_buf_reset(&b->text);
	pp_buf_reset(&b->nfc);
	pp_buf_adds(&b->nfc, "");
	pp_utf8_repair(&b->fixed, s, len);
	if (b->fixed.len == 0)
		return;
	pp_tex_decode(&b->text, b->fixed.s, b->fixed.len);
	if (b->text.len > 0)
		pp_text_fold(&b->nfc, b->text.s, b->text.len, 0);
}

/* The field's text for reading, in b->nfc. */
static int
get_text(struct bib *b, enum field f)
{
	if (!get_value(b, f))
		return 0;
	decode(b, b->value.s, b->value.len);
	return b->nfc.len > 0;
}

/* A URL, DOI or identifier: braces gone, \_ and \% as _ and %, no blanks. */
static int
get_verbatim(struct bib *b, enum field f)
{
	size_t i, j;

	if (!get_value(b, f))
		return 0;
	for (i = j = 0; i < b->value.len; i++) {
		if (b->value.s[i] == '\\' && i + 1 < b->value.len &&
		    strchr("_%&#~$", b->value.s[i + 1]) != NULL)
			i++;
		else if (strchr("{} \t\n", b->value.s[i]) != NULL)
			continue;
		b->value.s[j++] = b->value.s[i];
	}
	b->value.len = j;
	b->value.s[j] = '\0';
	return j > 0;
}

/* Sets the record's id from an identifier, URL or DOI that names one. */
static int
set_id(struct bib *b, const char *s, size_t len)
{
	static const char *const prefixes[] = {
		"arxiv.org/abs/", "arxiv.org/pdf/", "10.48550/arxiv.", "arxiv:",
		NULL
	};
	const char *p;
	size_t i, n;
	int found = 0;

	for (i = 0; prefixes[i] != NULL && !found; i++) {
		n = strlen(prefixes[i]);
		for (p = s; p + n <= s + len; p++)
			if (strncasecmp(p, prefixes[i], n) == 0) {
				len -= (size_t)(p + n - s);
				s = p + n;
				found = 1;
				break;
			}
	}
	if (arxiv_id(s, len, &b->id) == 0)
		return 0;
	pp_paper_set(&b->sp->paper, PP_ID, b->id.s, b->id.len);
	return 1;
}

static void
map_id(struct bib *b)
{
	int arxiv = 0;

	if (get_value(b, F_ARCHIVEPREFIX) || get_value(b, F_EPRINTTYPE))
		arxiv = strcasecmp(b->value.s, "arxiv") == 0;
	if (get_verbatim(b, F_EPRINT)) {
		/* an eprint with no archive named is arXiv's when it reads so */
		if ((arxiv || (b->field[F_ARCHIVEPREFIX] == NULL &&
		    b->field[F_EPRINTTYPE] == NULL)) &&
		    set_id(b, b->value.s, b->value.len))
			return;
	}
	if (get_verbatim(b, F_ARXIVID) && set_id(b, b->value.s, b->value.len))
		return;
	if (get_verbatim(b, F_DOI) && strncasecmp(b->value.s, "10.48550/arxiv.",
	    15) == 0 && set_id(b, b->value.s, b->value.len))
		return;
	if (get_verbatim(b, F_URL) && set_id(b, b->value.s, b->value.len))
		return;
}

/* journal = {arXiv:1305.4904 [quant-ph]}, {ArXiv e-prints}: no venue. */
static int
is_arxiv_venue(const char *s)
{
	return strncasecmp(s, "arxiv", 5) == 0;
}

static void
map_venue(struct bib *b)
{
	const char *l, *r;

	if (!get_text(b, F_JOURNAL))
		;
	else if (is_arxiv_venue(b->nfc.s)) {
		/* the id and the category it names */
		if (!pp_paper_has(&b->sp->paper, PP_ID))
			set_id(b, b->nfc.s, b->nfc.len);
		if (!pp_paper_has(&b->sp->paper, PP_CATEGORIES) &&
		    (l = strchr(b->nfc.s, '[')) != NULL &&
		    (r = strchr(l, ']')) != NULL && r > l + 1)
			pp_paper_add(&b->sp->paper, PP_CATEGORIES, l + 1,
			    (size_t)(r - l - 1));
	} else
		pp_paper_set(&b->sp->paper, PP_VENUE, b->nfc.s, b->nfc.len);
	if (!pp_paper_has(&b->sp->paper, PP_VENUE) && get_text(b, F_BOOKTITLE))
		pp_paper_set(&b->sp->paper, PP_VENUE, b->nfc.s, b->nfc.len);
}

/* month = jul, {July}, 7, {7}: 1..12, or 0. */
static int
month_number(const char *s)
{
	char *end;
	long n;
	int i;

	n = strtol(s, &end, 10);
	if (end != s && *end == '\0')
		return n >= 1 && n <= 12 ? (int)n : 0;
	for (i = 0; i < 12; i++)
		if (strncasecmp(s, months[i], 3) == 0 &&
		    (strlen(s) == 3 || (s[3] == '.' && s[4] == '\0') ||
		    strcasecmp(s, month_names[i]) == 0))
			return i + 1;
	return 0;
}

/*
 * The entry's date as the record writes it, in s; its length, or 0.  A
 * year that is no year gives no date, and a warning when warn is set.
 */
static size_t
entry_date(struct bib *b, int warn, char s[16])
{
	struct pp_date d = { 0 };
	size_t n;

	if (get_verbatim(b, F_DATE) &&
	    (n = pp_date_parse(b->value.s, b->value.len, &d)) > 0) {
		/* 2020-05-01/2020-05-03, a range: its start */
		if (n > 15)
			n = 15;
		memcpy(s, b->value.s, n);
		return n;
	}
	if (!get_verbatim(b, F_YEAR))
		return 0;
	/* 2020, and the 2020a of author-year styles or a 2020--2021 range */
	if (b->value.len < 4 || pp_date_parse(b->value.s, 4, &d) != 4 ||
	    (b->value.len > 4 && isdigit((unsigned char)b->value.s[4]))) {
		struct pp_input at = *b->sp->in;

		if (!warn)
			return 0;
		at.lineno = b->line;
		get_text(b, F_YEAR);
		pp_warn_at(&at, "year '%s' is not a year: no date", b->nfc.s);
		return 0;
	}
	if (get_verbatim(b, F_MONTH) && (d.month = month_number(b->value.s)) > 0)
		snprintf(s, 16, "%04d-%02d", d.year, d.month);
	else
		snprintf(s, 16, "%04d", d.year);
	return strlen(s);
}

static void
map_date(struct bib *b)
{
	char s[16];
	size_t n;

	if ((n = entry_date(b, 1, s)) > 0)
		pp_paper_set(&b->sp->paper, PP_DATE, s, n);
}

/*
 * One name, s[0..len), as BibTeX writes it ("von Last, First", "von Last,
 * Jr, First" or "First von Last"; braces protect commas), appended to out
 * as "First von Last Jr".  BibTeX's von rules only decide which words are
 * the last name; the order a person reads is the same either way.
 * (btparse's bt_split_name() does this too, but frees memory twice on a
 * name that starts with a comma.)
 */
static void
name_in_order(struct pp_buf *out, const char *s, size_t len)
{
	const char *part[3], *end[3];
	size_t i, depth = 0, n = 0;
	int k;

	part[0] = s;
	for (i = 0; i < len; i++) {
		if (s[i] == '{')
			depth++;
		else if (s[i] == '}' && depth > 0)
			depth--;
		else if (s[i] == ',' && depth == 0 && n < 2) {
			end[n++] = s + i;
			part[n] = s + i + 1;
		}
	}
	end[n] = s + len;
	/* First (what follows the last comma), von Last, Jr */
	for (k = n == 0 ? 0 : (int)n; ; k = k == (int)n ? 0 : k + 1) {
		while (part[k] < end[k] && isspace((unsigned char)*part[k]))
			part[k]++;
		while (end[k] > part[k] && isspace((unsigned char)end[k][-1]))
			end[k]--;
		if (end[k] > part[k]) {
			if (out->len > 0)
				pp_buf_addc(out, ' ');
			pp_buf_add(out, part[k], (size_t)(end[k] - part[k]));
		}
		if (n == 0 || k == (int)n - 1)
			break;
	}
}

/* Is s[i..] " and " at brace depth 0 (the caller knows the depth)? */
static size_t
and_at(const char *s, size_t len, size_t i)
{
	size_t j;

	if (!isspace((unsigned char)s[i]))
		return 0;
	for (j = i; j < len && isspace((unsigned char)s[j]); j++)
		;
	if (j + 3 < len && strncasecmp(s + j, "and", 3) == 0 &&
	    isspace((unsigned char)s[j + 3])) {
		for (j += 3; j < len && isspace((unsigned char)s[j]); j++)
			;
		return j - i;
	}
	return 0;
}

/*
 * author = {Last, First and {Org Name} and First Last and others}: each
 * name "First von Last Jr", TeX decoded.  "others" (et al.) is no name.
 */
static void
map_authors(struct bib *b)
{
	const char *s;
	size_t i, from, len, depth = 0, sep;

	if (!get_value(b, F_AUTHOR))
		return;
	s = b->value.s;
	len = b->value.len;
	for (from = i = 0; i <= len; i++) {
		sep = 0;
		if (i < len && s[i] == '{')
			depth++;
		else if (i < len && s[i] == '}' && depth > 0)
			depth--;
		else if (i < len && (depth > 0 || (sep = and_at(s, len, i)) == 0))
			continue;
		if (i < len && sep == 0)
			continue;
		pp_buf_reset(&b->json);
		name_in_order(&b->json, s + from, i - from);
		if (b->json.len > 0 && strcmp(b->json.s, "others") != 0) {
			decode(b, b->json.s, b->json.len);
			pp_paper_add(&b->sp->paper, PP_AUTHORS, b->nfc.s,
			    b->nfc.len);
		}
		from = i + sep;
		if (sep > 0)
			i += sep - 1;
	}
}

/* keywords = {a,b; c}: "keywords": ["a","b","c"], a key of its own. */
static void
map_keywords(struct bib *b)
{
	const char *s, *e, *end;
	int n = 0;

	if (!get_text(b, F_KEYWORDS))
		return;
	pp_buf_reset(&b->json);
	pp_buf_addc(&b->json, '[');
	end = b->nfc.s + b->nfc.len;
	for (s = b->nfc.s; s < end; s = e + 1) {
		for (e = s; e < end && *e != ',' && *e != ';'; e++)
			;
		while (s < e && isspace((unsigned char)*s))
			s++;
		while (e > s && isspace((unsigned char)e[-1]))
			e--;
		if (e > s) {
			if (n++ > 0)
				pp_buf_addc(&b->json, ',');
			pp_json_quote(&b->json, s, (size_t)(e - s));
		}
		while (e < end && *e != ',' && *e != ';')
			e++;
	}
	pp_buf_addc(&b->json, ']');
	if (n > 0)
		pp_paper_extra(&b->sp->paper, "keywords", 8, b->json.s,
		    b->json.len);
}

/* The fields of entry that are read, in b->field. */
static void
find_fields(struct bib *b, AST *entry)
{
	AST *f = NULL;
	char *name;
	size_t i;
	int k;

	memset(b->field, 0, sizeof(b->field));
	while ((f = bt_next_field(entry, f, &name)) != NULL) {
		for (k = 0; k < F_NFIELDS; k++)
			if (strcasecmp(name, field_names[k]) == 0)
				break;
		for (i = 0; k == F_NFIELDS &&
		    i < sizeof(field_aliases) / sizeof(field_aliases[0]); i++)
			if (strcasecmp(name, field_aliases[i].name) == 0)
				k = (int)field_aliases[i].field;
		if (k < F_NFIELDS && b->field[k] == NULL)
			b->field[k] = f;
	}
}

/*
 * A proceedings volume is no paper: it is there for its papers' crossref
 * (DBLP writes one after each paper), and gives them its title and date.
 */
static int
is_volume(const char *type)
{
	return strcmp(type, "proceedings") == 0 ||
	    strcmp(type, "mvproceedings") == 0;
}

/* The field's value lowered in b->json, as crossref keys are matched. */
static int
get_key(struct bib *b, enum field f)
{
	size_t i;

	if (!get_verbatim(b, f))
		return 0;
	pp_buf_reset(&b->json);
	for (i = 0; i < b->value.len; i++)
		pp_buf_addc(&b->json, (char)tolower((unsigned char)b->value.s[i]));
	pp_buf_adds(&b->json, "");
	return 1;
}

/*
 * Notes what entry gives the entries whose crossref names it: as a venue
 * its booktitle, else its journal, else its title (a proceedings' title is
 * its papers' booktitle); and its date.  The first entry of a key counts.
 */
static void
note_parent(struct bib *b, AST *entry)
{
	const char *key = bt_entry_key(entry);
	char date[16];
	size_t i, n;
	long k;

	if (key == NULL || *key == '\0')
		return;
	pp_buf_reset(&b->json);
	for (i = 0; key[i] != '\0'; i++)
		pp_buf_addc(&b->json, (char)tolower((unsigned char)key[i]));
	if ((k = pp_set_add(&b->parents, b->json.s, b->json.len)) < 0)
		return;
	if ((size_t)k >= b->parentcap) {
		n = b->parentcap ? b->parentcap * 2 : 16;
		b->parent_venue = xreallocarray(b->parent_venue, n,
		    sizeof(*b->parent_venue));
		b->parent_date = xreallocarray(b->parent_date, n,
		    sizeof(*b->parent_date));
		memset(b->parent_venue + b->parentcap, 0,
		    (n - b->parentcap) * sizeof(*b->parent_venue));
		memset(b->parent_date + b->parentcap, 0,
		    (n - b->parentcap) * sizeof(*b->parent_date));
		b->parentcap = n;
	}
	find_fields(b, entry);
	if (get_text(b, F_BOOKTITLE) ||
	    (get_text(b, F_JOURNAL) && !is_arxiv_venue(b->nfc.s)) ||
	    get_text(b, F_TITLE))
		pp_buf_add(&b->parent_venue[k], b->nfc.s, b->nfc.len);
	if ((n = entry_date(b, 0, date)) > 0)
		pp_buf_add(&b->parent_date[k], date, n);
}

/* What the entry's crossref gives: its venue and date when it has none. */
static void
map_crossref(struct bib *b)
{
	struct pp_paper *p = &b->sp->paper;
	long k;

	if (!get_key(b, F_CROSSREF) ||
	    (k = pp_set_find(&b->parents, b->json.s, b->json.len)) < 0)
		return;
	if (!pp_paper_has(p, PP_VENUE) && b->parent_venue[k].len > 0)
		pp_paper_set(p, PP_VENUE, b->parent_venue[k].s,
		    b->parent_venue[k].len);
	if (!pp_paper_has(p, PP_DATE) && b->parent_date[k].len > 0)
		pp_paper_set(p, PP_DATE, b->parent_date[k].s,
		    b->parent_date[k].len);
}

static void
map_entry(struct bib *b, AST *entry)
{
	struct pp_paper *p = &b->sp->paper;
	size_t i;

	if (is_volume(b->type))
		return;
	find_fields(b, entry);
	if (get_text(b, F_TITLE))
		pp_paper_set(p, PP_TITLE, b->nfc.s, b->nfc.len);
	if (get_text(b, F_ABSTRACT))
		pp_paper_set(p, PP_ABSTRACT, b->nfc.s, b->nfc.len);
	map_authors(b);
	map_date(b);
	map_id(b);
	if (get_verbatim(b, F_PRIMARYCLASS))
		pp_paper_add(p, PP_CATEGORIES, b->value.s, b->value.len);
	if (get_verbatim(b, F_DOI)) {
		for (i = 0; i + 3 < b->value.len; i++)
			if (strncmp(b->value.s + i, "10.", 3) == 0)
				break;
		if (i + 3 < b->value.len)
			pp_paper_set(p, PP_DOI, b->value.s + i, b->value.len - i);
	}
	map_venue(b);
	map_crossref(b);
	if (get_verbatim(b, F_URL))
		pp_paper_set(p, PP_URL, b->value.s, b->value.len);

	/* what the entry is, as the export names it */
	pp_buf_reset(&b->json);
	pp_buf_reset(&b->text);
	pp_utf8_repair(&b->text, b->type, strlen(b->type));
	pp_json_quote(&b->json, b->text.s, b->text.len);
	pp_paper_extra(p, "entry_type", 10, b->json.s, b->json.len);
	if (b->key != NULL && *b->key != '\0') {
		pp_buf_reset(&b->json);
		pp_buf_reset(&b->text);
		pp_utf8_repair(&b->text, b->key, strlen(b->key));
		pp_json_quote(&b->json, b->text.s, b->text.len);
		pp_paper_extra(p, "key", 3, b->json.s, b->json.len);
	}
	map_keywords(b);
	split_emit(b->sp, p, b->line);
}

/* --- entries ------------------------------------------------------------- */

/* Does line start an entry: blanks, @, a name, blanks, { or (? */
static int
entry_start(const char *s, size_t len)
{
	size_t i = 0, name;

	while (i < len && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (i == len || s[i] != '@')
		return 0;
	for (name = ++i; i < len && (isalnum((unsigned char)s[i]) ||
	    s[i] == '_' || s[i] == '-'); i++)
		;
	if (i == name || !isalpha((unsigned char)s[name]))
		return 0;
	while (i < len && (s[i] == ' ' || s[i] == '\t'))
		i++;
	return i < len && (s[i] == '{' || s[i] == '(');
}

static void
define_months(void)
{
	int i;

	for (i = 0; i < 12; i++)
		bt_add_macro_text((char *)months[i], (char *)month_names[i],
		    NULL, 0);
}

/*
 * btparse puts the text of a bad token into the format string of its
 * syntax error message, so a '%' there is a printf directive ("% n" is
 * %n) and crashes it.  So no '%' reaches it: in a value each becomes
 * PERCENT, put back by get_value(); outside values, where BibTeX's %
 * starts a comment, the comment is blanked.  NUL, which stops btparse's
 * lexer, and PERCENT itself become '?'.  A CR left inside a line (pp_input
 * takes off only the one before a newline) becomes a space, and ends a
 * comment as a line break would: btparse reads past the end of a value
 * that ends with three ("{}\r\r\r"), and its writes there corrupt the
 * heap.  (Not a newline: the lines btparse counts are the file's.)
 */
static void
hide_percents(struct pp_buf *text)
{
	size_t i, depth = 0;
	int quoted = 0, paren = 0, after_at = 0;
	char *s = text->s;

	for (i = 0; i < text->len; i++) {
		switch (s[i]) {
		case '\0':
		case PERCENT:
			s[i] = '?';
			break;
		case '\r':
			s[i] = ' ';
			break;
		case '\\':
			/* \{ \} \" change no depth, \% is text */
			if (i + 1 < text->len && s[i + 1] == '%')
				s[++i] = PERCENT;
			else if (i + 1 < text->len && strchr("{}\"", s[i + 1]) != NULL &&
			    s[i + 1] != '\0')
				i++;
			break;
		case '@':
			if (depth == 0)
				after_at = 1;
			break;
		case '{':
			depth++;
			after_at = 0;
			break;
		case '}':
			if (depth > 0)
				depth--;
			break;
		case '(':
			if (depth == 0 && after_at)
				paren = 1;
			after_at = 0;
			break;
		case ')':
			if (depth == 0)
				paren = 0;
			break;
		case '"':
			/* a quoted value at the entry's own level */
			if (depth == (paren ? 0 : 1))
				quoted = !quoted;
			break;
		case '\n':
			after_at = 0;
			break;
		case '%':
			if (quoted || depth > (paren ? 0u : 1u)) {
				s[i] = PERCENT;
				break;
			}
			/* a comment, to the end of the line */
			for (; i < text->len && s[i] != '\n' && s[i] != '\r';
			    i++)
				s[i] = ' ';
			if (i < text->len && s[i] == '\r')
				s[i] = ' ';
			break;
		}
	}
}

/* --- the syntax, checked before btparse sees it ------------------------ */

/*
 * btparse exits the program (a "usage error") or aborts (a failed
 * assertion) on some broken input, "@g{}@e\"\"" for one, from inside
 * bt_parse_entry().  So every entry is checked here against BibTeX's
 * grammar first, and btparse is given only entries that pass, one at a
 * time; a broken one is reported with what is wrong.
 */
struct scan {
	const char	*s;
	size_t		 i, n;
	const char	*err;		/* what is wrong, or NULL */
	size_t		 err_at;
	size_t		 key, key_len;	/* the entry's key */
	int		 fields;	/* fields read */
};

static int
scan_fail(struct scan *sc, const char *err)
{
	if (sc->err == NULL) {
		sc->err = err;
		sc->err_at = sc->i;
	}
	return 0;
}

static void
scan_blanks(struct scan *sc)
{
	while (sc->i < sc->n && strchr(" \t\r\n\f\v", sc->s[sc->i]) != NULL &&
	    sc->s[sc->i] != '\0')
		sc->i++;
}

/* btparse's NAME: field names, macros, entry types. */
static int
name_char(char c)
{
	return isalnum((unsigned char)c) || (c != '\0' &&
	    strchr("!$&*+-./:;<>?[]^_`|", c) != NULL);
}

static size_t
scan_name(struct scan *sc)
{
	size_t from = sc->i;

	while (sc->i < sc->n && name_char(sc->s[sc->i]))
		sc->i++;
	return sc->i - from;
}

/* From the '{' at sc->i past its '}'. */
static int
scan_group(struct scan *sc)
{
	size_t depth = 0, open = sc->i;

	for (; sc->i < sc->n; sc->i++)
		if (sc->s[sc->i] == '{')
			depth++;
		else if (sc->s[sc->i] == '}' && --depth == 0) {
			sc->i++;
			return 1;
		}
	sc->i = open;
	return scan_fail(sc, "this brace is not closed");
}

/* A value: pieces joined by #, each {text}, "text", a number or a macro. */
static int
scan_value(struct scan *sc)
{
	size_t depth, open;

	for (;;) {
		scan_blanks(sc);
		if (sc->i == sc->n)
			return scan_fail(sc, "a value is missing");
		if (sc->s[sc->i] == '{') {
			if (!scan_group(sc))
				return 0;
		} else if (sc->s[sc->i] == '"') {
			/* a " inside braces does not end it */
			open = sc->i;
			for (depth = 0, sc->i++; sc->i < sc->n; sc->i++)
				if (sc->s[sc->i] == '{')
					depth++;
				else if (sc->s[sc->i] == '}') {
					if (depth-- == 0)
						return scan_fail(sc, "a '}' too many "
						    "in a quoted value");
				} else if (sc->s[sc->i] == '"' && depth == 0)
					break;
			if (sc->i == sc->n) {
				sc->i = open;
				return scan_fail(sc, "this quote is not closed");
			}
			sc->i++;
		} else if (scan_name(sc) == 0)
			return scan_fail(sc, "a value is missing");
		scan_blanks(sc);
		if (sc->i == sc->n || sc->s[sc->i] != '#')
			return 1;
		sc->i++;
	}
}

/* name = value */
static int
scan_field(struct scan *sc)
{
	if (scan_name(sc) == 0)
		return scan_fail(sc, "a field name is missing");
	scan_blanks(sc);
	if (sc->i == sc->n || sc->s[sc->i] != '=')
		return scan_fail(sc, "'=' is missing after a field name");
	sc->i++;
	sc->fields++;
	return scan_value(sc);
}

enum entry_kind { E_SKIP, E_STRING, E_REGULAR };

/*
 * The entry whose '@' is at sc->i: checks it and moves past it.  Returns
 * what btparse is to do with it; sets sc->err when it is broken.
 */
static enum entry_kind
scan_entry(struct scan *sc)
{
	enum entry_kind kind = E_REGULAR;
	size_t type, len;
	char close;

	sc->i++;
	sc->key_len = 0;
	scan_blanks(sc);
	type = sc->i;
	if ((len = scan_name(sc)) == 0) {
		scan_fail(sc, "an entry type is missing after '@'");
		return E_SKIP;
	}
	if (len == 7 && strncasecmp(sc->s + type, "comment", 7) == 0)
		kind = E_SKIP;
	scan_blanks(sc);
	if (sc->i == sc->n || (sc->s[sc->i] != '{' && sc->s[sc->i] != '(')) {
		if (kind == E_SKIP)
			return E_SKIP;	/* @comment is a comment to BibTeX */
		scan_fail(sc, "'{' is missing after the entry type");
		return E_SKIP;
	}
	close = sc->s[sc->i] == '{' ? '}' : ')';
	if (kind == E_SKIP) {
		/* @comment{anything balanced} */
		if (close == '}')
			scan_group(sc);
		else {
			while (sc->i < sc->n && sc->s[sc->i] != ')')
				sc->i++;
			if (sc->i == sc->n)
				scan_fail(sc, "@comment( is not closed");
			else
				sc->i++;
		}
		return E_SKIP;
	}
	sc->i++;
	scan_blanks(sc);
	if (len == 8 && strncasecmp(sc->s + type, "preamble", 8) == 0) {
		kind = E_SKIP;
		if (!scan_value(sc))
			return E_SKIP;
	} else if (len == 6 && strncasecmp(sc->s + type, "string", 6) == 0) {
		kind = E_STRING;
		if (!scan_field(sc))
			return E_SKIP;
	} else {
		/* the key: anything up to a comma, a blank or the end */
		sc->key = sc->i;
		while (sc->i < sc->n && sc->s[sc->i] != ',' &&
		    sc->s[sc->i] != close && strchr(" \t\r\n\f\v{}()\"#=",
		    sc->s[sc->i]) == NULL && sc->s[sc->i] != '\0')
			sc->i++;
		if ((sc->key_len = sc->i - sc->key) == 0) {
			scan_fail(sc, "the entry's key is missing");
			return E_SKIP;
		}
		scan_blanks(sc);
		/*
		 * BibTeX takes "@misc{key}", btparse reports a syntax error,
		 * and what its error recovery leaves behind ends the program
		 * (exit(1), "a usage error") on a later broken entry, even in
		 * the next file: it never sees one.  An entry without fields
		 * has no title anyway.
		 */
		if (sc->i < sc->n && sc->s[sc->i] == close) {
			scan_fail(sc, "the entry has no fields");
			return E_SKIP;
		}
		while (sc->i < sc->n && sc->s[sc->i] == ',') {
			sc->i++;
			scan_blanks(sc);
			if (sc->i < sc->n && sc->s[sc->i] == close)
				break;
			if (!scan_field(sc))
				return E_SKIP;
			scan_blanks(sc);
		}
	}
	scan_blanks(sc);
	if (sc->i == sc->n || sc->s[sc->i] != close) {
		scan_fail(sc, close == '}' ? "'}' or ',' is missing" :
		    "')' or ',' is missing");
		return E_SKIP;
	}
	sc->i++;
	return kind;
}

/* --- entries ------------------------------------------------------------- */

/*
 * The line of byte at of b->entry, which starts on line b->chunk_first;
 * counted on from the last answer, as the bytes asked for move forward.
 */
static unsigned long
line_at(struct bib *b, size_t at)
{
	if (at >= b->entry.len && at > 0)
		at = b->entry.len - 1;	/* the end: the last line */
	if (at < b->at_byte) {
		b->at_byte = 0;
		b->at_line = b->chunk_first;
	}
	for (; b->at_byte < at && b->at_byte < b->entry.len; b->at_byte++)
		b->at_line += b->entry.s[b->at_byte] == '\n';
	return b->at_line;
}

/* Maps entry, which starts on line, and frees it. */
static void
map_at(struct bib *b, AST *entry, unsigned long line)
{
	b->line = line;
	b->type = bt_entry_type(entry);
	b->key = bt_entry_key(entry);
	map_entry(b, entry);
	bt_free_ast(entry);
}

/*
 * Maps the waiting entries from the first up to one whose crossref names
 * an entry still unread; with all, every one (the file has ended: such a
 * crossref names an entry of another file, and gives nothing).
 */
static void
release(struct bib *b, int all)
{
	struct held *h;
	size_t i, done;

	for (i = 0; i < b->nheld; i++) {
		h = &b->held[i];
		if (h->xref != NULL &&
		    pp_set_find(&b->parents, h->xref, strlen(h->xref)) >= 0) {
			free(h->xref);
			h->xref = NULL;
		}
	}
	for (done = 0; done < b->nheld; done++) {
		h = &b->held[done];
		if (h->xref != NULL && !all)
			break;
		map_at(b, h->entry, h->line);
		free(h->xref);
	}
	b->nheld -= done;
	if (b->nheld > 0)
		memmove(b->held, b->held + done, b->nheld * sizeof(*b->held));
}

/*
 * A regular entry read: mapped now, or kept in file order while an entry
 * before it (or itself) waits for the entry its crossref names.  BibTeX
 * wants that entry after the ones that name it, so it is usually the next.
 */
static void
entry_read(struct bib *b, AST *entry, unsigned long line)
{
	char *xref = NULL;

	note_parent(b, entry);
	find_fields(b, entry);
	if (get_key(b, F_CROSSREF) &&
	    pp_set_find(&b->parents, b->json.s, b->json.len) < 0)
		xref = xstrdup(b->json.s);
	if (b->nheld == 0 && xref == NULL) {
		map_at(b, entry, line);
		return;
	}
	if (b->nheld == b->heldcap) {
		b->heldcap = b->heldcap ? b->heldcap * 2 : 16;
		b->held = xreallocarray(b->held, b->heldcap, sizeof(*b->held));
	}
	b->held[b->nheld].entry = entry;
	b->held[b->nheld].line = line;
	b->held[b->nheld].xref = xref;
	b->nheld++;
	release(b, 0);
}

/* btparse reads the entry s[0..len), checked, which starts on line first. */
static void
parse_entry(struct bib *b, char *s, size_t len, unsigned long first,
    unsigned long last)
{
	FILE *fp;
	AST *e, *f;
	boolean ok;
	char *key;

	b->first = first;
	b->last = last;
	if ((fp = fmemopen(s, len, "r")) == NULL) {
		pp_error("fmemopen");
		return;
	}
	for (;;) {
		ok = TRUE;
		catch_begin(b);
		e = bt_parse_entry(fp, BT_NAME, 0, &ok);
		catch_end(b, b->first, !ok);
		if (e == NULL && ok)
			break;		/* the end, and btparse has cleaned up */
		if (e == NULL) {
			/* it cleans up only once it sees the end itself */
			split_bad(b->sp, b->why.len > 0 ? b->why_line : b->first,
			    "BibTeX text cannot be read (%s): skipped",
			    b->why.len > 0 ? b->why.s : "btparse gave no reason");
			while (getc(fp) != EOF)
				;
			continue;
		}
		b->line = b->first + (unsigned long)e->line - 1;
		if (bt_entry_metatype(e) == BTE_MACRODEF) {
			/*
			 * btparse stores the macros of a broken @string
			 * without their text, and crashes (strlen(NULL)) on
			 * the first use: they are taken back.  So is one
			 * defined by itself (@string{p = p}), which btparse
			 * also leaves without text though the entry is fine.
			 */
			f = NULL;
			while ((f = bt_next_macro(e, f, &key)) != NULL)
				if (key != NULL && (!ok ||
				    bt_macro_text(key, NULL, 0) == NULL))
					bt_delete_macro(key);
		}
		if (!ok) {
			key = bt_entry_key(e);
			split_bad(b->sp, b->line, "BibTeX entry %s%s%scannot be "
			    "read (%s): skipped", key ? "'" : "", key ? key : "",
			    key ? "' " : "", b->why.len > 0 ? b->why.s :
			    "btparse gave no reason");
		} else if (bt_entry_metatype(e) == BTE_REGULAR) {
			entry_read(b, e, b->line);
			e = NULL;	/* entry_read() frees it once mapped */
		}
		if (e != NULL)
			bt_free_ast(e);
		if (!ok) {
			/*
			 * Not on to what its error recovery left unread: read
			 * as an entry, that ended the program (exit(1), its
			 * "usage error" on a malformed tree) after some
			 * earlier errors.  A NULL file is its way to finish.
			 */
			catch_begin(b);
			(void)bt_parse_entry(NULL, NULL, 0, NULL);
			catch_end(b, b->first, 0);
			break;
		}
	}
	fclose(fp);
}

/*
 * Reads the text gathered in b->entry, from a line that starts an entry
 * to the next such line: its entries (usually one), and text between them,
 * which BibTeX takes for a comment.  After a broken entry the rest of the
 * text is skipped: the next line that starts an entry is a fresh start.
 */
static void
read_entries(struct bib *b)
{
	struct scan sc = { 0 };
	enum entry_kind kind;
	unsigned long first;
	size_t start;

	if (b->entry.len == 0)
		return;
	b->at_byte = 0;
	b->at_line = b->chunk_first;
	hide_percents(&b->entry);
	sc.s = b->entry.s;
	sc.n = b->entry.len;
	while (sc.i < sc.n) {
		if (sc.s[sc.i] != '@') {
			sc.i++;
			continue;
		}
		start = sc.i;
		kind = scan_entry(&sc);
		if (sc.err != NULL) {
			unsigned long line = line_at(b, start);

			pp_buf_reset(&b->text);
			pp_buf_adds(&b->text, "");
			if (sc.key_len > 0) {
				pp_buf_addc(&b->text, '\'');
				pp_utf8_repair(&b->text, sc.s + sc.key, sc.key_len);
				pp_buf_adds(&b->text, "' ");
			}
			split_bad(b->sp, line, "BibTeX entry %scannot be read "
			    "(line %lu: %s): skipped", b->text.s,
			    line_at(b, sc.err_at), sc.err);
			break;
		}
		if (kind == E_SKIP)
			continue;
		first = line_at(b, start);
		parse_entry(b, b->entry.s + start, sc.i - start, first,
		    line_at(b, sc.i));
	}
	pp_buf_reset(&b->entry);
}

static void
bibtex_read(struct split *sp, struct pp_input *in)
{
	struct bib b = { 0 };
	size_t i;

	b.sp = sp;
	if ((b.caught = open_memstream(&b.msg, &b.msglen)) == NULL) {
		pp_error("open_memstream");
		return;
	}
	bt_initialize();
	bt_delete_all_macros();
	define_months();
	while (pp_input_next(in)) {
		if (entry_start(in->line, in->len)) {
			read_entries(&b);
			b.chunk_first = in->lineno;
		} else if (b.entry.len == 0)
			continue;	/* text before the first entry */
		pp_buf_add(&b.entry, in->line, in->len);
		pp_buf_addc(&b.entry, '\n');
	}
	read_entries(&b);
	release(&b, 1);
	bt_delete_all_macros();
	bt_cleanup();
	fclose(b.caught);
	free(b.msg);
	pp_buf_free(&b.entry);
	pp_buf_free(&b.why);
	pp_buf_free(&b.value);
	pp_buf_free(&b.fixed);
	pp_buf_free(&b.text);
	pp_buf_free(&b.nfc);
	pp_buf_free(&b.json);
	pp_buf_free(&b.id);
	for (i = 0; i < b.parentcap; i++) {
		pp_buf_free(&b.parent_venue[i]);
		pp_buf_free(&b.parent_date[i]);
	}
	free(b.parent_venue);
	free(b.parent_date);
	pp_set_free(&b.parents);
	free(b.held);
}

/*
 * Entries that BibTeX's grammar takes, with a key and a field (CSS's
 * "@font-face {" is none): sure when the file starts with one, after
 * blank lines and % comments.
 */
static int
bibtex_detect(const char *head, size_t len)
{
	struct pp_buf text = { 0 };
	struct scan sc = { 0 };
	const char *s, *end, *nl, *at;
	int first = 1, sure = 0, likely = 0;

	/* % comments as the reader sees them */
	pp_buf_add(&text, head, len);
	hide_percents(&text);
	for (s = text.s, end = text.s + text.len; s < end && sure == 0;
	    s = nl + 1) {
		if ((nl = memchr(s, '\n', (size_t)(end - s))) == NULL)
			nl = end;
		if (entry_start(s, (size_t)(nl - s))) {
			at = memchr(s, '@', (size_t)(nl - s));
			sc.s = at;
			sc.n = (size_t)(end - at);
			sc.i = 0;
			sc.err = NULL;
			sc.fields = 0;
			if (scan_entry(&sc) == E_REGULAR && sc.err == NULL &&
			    sc.fields > 0)
				sure = first ? 95 : 70;
			else if (memchr(at, ',', (size_t)(nl - at)) != NULL)
				/*
				 * @type{key, but broken, or longer than the
				 * head (a 64 KB abstract): surer on the
				 * file's first line
				 */
				likely = likely > 0 ? likely : first ? 2 : 1;
		}
		if (!pp_is_blank(s, (size_t)(nl - s)) && *s != '%')
			first = 0;
	}
	pp_buf_free(&text);
	return sure > 0 ? sure : likely == 2 ? 60 : likely ? 20 : 0;
}

const struct reader reader_bibtex = {
	"bibtex", "BibTeX and BibLaTeX (Zotero, arXiv, JabRef)",
	bibtex_detect, bibtex_read, 0
};
