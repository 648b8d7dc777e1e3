/*
 * -o bibtex: one entry per record, ready for \cite.  arXiv papers are
 * @misc with eprint, archivePrefix and primaryClass (as arXiv's own
 * export has them); a paper with a venue, authors, a title and a year is
 * an @article in that journal.  Text is escaped for TeX and kept as UTF-8
 * (accents and all), which biber and LaTeX since 2018 read as it is; the
 * citation key is lastnameYEARfirstword in ASCII, unique in the output.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "fmt.h"

static const char *const months[] = {
	"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
	"nov", "dec"
};

/* Title words a citation key skips, as Google Scholar's keys do. */
static const char *const stopwords[] = {
	"a", "an", "the", "on", "of", "in", "for", "to", "and", "with", "from",
	"at", "by", "is", "are", "towards", "toward", NULL
};

/* Words that make a name a collaboration, kept whole in braces. */
static const char *const groups[] = {
	"Collaboration", "Consortium", "Team", "Group", "Project",
	"Collaborations", "Initiative", "Committee", NULL
};

/* Name suffixes that BibTeX writes as "Last, Jr., First". */
static const char *const suffixes[] = {
	"Jr.", "Jr", "Sr.", "Sr", "II", "III", "IV", NULL
};

static int
in_list(const char *const *list, const char *s, size_t len)
{
	size_t i;

	for (i = 0; list[i] != NULL; i++)
		if (strlen(list[i]) == len && memcmp(list[i], s, len) == 0)
			return 1;
	return 0;
}

/* Does the UTF-8 character at s[0..len) start with a capital (É, Ø)? */
static int
capital_at(const char *s, size_t len)
{
	int32_t cp;
	utf8proc_category_t c;

	pp_utf8_decode(s, len, &cp);
	c = utf8proc_category(cp);
	return c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LT;
}

/*
 * Appends text escaped for TeX inside a braced BibTeX field.  The braces
 * of the data become \textbraceleft{} and \textbraceright{}: BibTeX counts
 * \{ as a brace too, and one unpaired brace would swallow the file.
 * Control characters become spaces.  protect: each word holding a capital
 * letter, of any script, goes in braces, so a style that lowercases titles
 * keeps "BERT" and "Über".
 */
static void
add_tex(struct pp_buf *b, const char *s, size_t len, int protect)
{
	size_t i, j;
	int caps;

	for (i = 0; i < len; ) {
		if (protect && s[i] != ' ') {
			for (j = i, caps = 0; j < len && s[j] != ' '; j++)
				if (isupper((unsigned char)s[j]) ||
				    ((unsigned char)s[j] >= 0xc0 &&
				    capital_at(s + j, len - j)))
					caps = 1;
			if (caps) {
				pp_buf_addc(b, '{');
				add_tex(b, s + i, j - i, 0);
				pp_buf_addc(b, '}');
				i = j;
				continue;
			}
		}
		switch (s[i]) {
		case '\\': pp_buf_adds(b, "\\textbackslash{}"); break;
		case '{': pp_buf_adds(b, "\\textbraceleft{}"); break;
		case '}': pp_buf_adds(b, "\\textbraceright{}"); break;
		case '~': pp_buf_adds(b, "\\textasciitilde{}"); break;
		case '^': pp_buf_adds(b, "\\^{}"); break;
		case '-':
			/* "--" would be a dash in TeX: the text's hyphens stay */
			pp_buf_adds(b, i + 1 < len && s[i + 1] == '-' ?
			    "-{}" : "-");
			break;
		case '#': case '$': case '%': case '&': case '_':
			pp_buf_addc(b, '\\');
			pp_buf_addc(b, s[i]);
			break;
		default:
			if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
				pp_buf_addc(b, ' ');
			else
				pp_buf_addc(b, s[i]);
		}
		i++;
	}
}

/*
 * Appends a URL, DOI or eprint: taken as it is by url-aware styles and
 * biblatex, so nothing is TeX-escaped; what would break the field (braces,
 * backslash, white space, control characters) is percent-encoded.
 */
static void
add_verbatim(struct pp_buf *b, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] <= ' ' || s[i] == 0x7f || s[i] == '{' ||
		    s[i] == '}' || s[i] == '\\' || s[i] == '%')
			pp_buf_printf(b, "%%%02X", (unsigned char)s[i]);
		else
			pp_buf_addc(b, s[i]);
}

/* The bounds of one name's parts: first [0, last), last [last, suffix). */
struct name {
	const char	*s;
	size_t		 len;
	size_t		 last;		/* where the (von) last part begins */
	size_t		 suffix;	/* where " Jr." begins, or len */
	int		 whole;		/* a collaboration: {as it is} */
	int		 comma;		/* "Last, First" as it is */
};

/*
 * Splits "First von Last Jr." as BibTeX reads names: the last word is the
 * last name, with the lowercase words before it ("van der", "de") as its
 * von part; a trailing Jr., II, III is the suffix.
 */
static void
split_name(struct name *n, const char *s, size_t len)
{
	size_t i, start, words = 0, wstart[64], wend[64];

	memset(n, 0, sizeof(*n));
	n->s = s;
	n->len = n->suffix = len;
	for (i = 0; i < len && words < 64; ) {
		while (i < len && s[i] == ' ')
			i++;
		if (i == len)
			break;
		start = i;
		while (i < len && s[i] != ' ')
			i++;
		wstart[words] = start;
		wend[words++] = i;
		if (in_list(groups, s + start, i - start))
			n->whole = 1;
	}
	if (memchr(s, '{', len) != NULL || memchr(s, '}', len) != NULL)
		n->whole = 1;
	/* "Last, First" already: one comma, as BibTeX reads it */
	if (memchr(s, ',', len) != NULL) {
		const char *comma = memchr(s, ',', len);

		if (memchr(comma + 1, ',', len - (size_t)(comma - s) - 1) ==
		    NULL && !n->whole && words > 1) {
			n->last = 0;
			n->comma = 1;
			return;
		}
		n->whole = 1;
	}
	for (i = 0; i < words; i++)
		if (wend[i] - wstart[i] == 3 && memcmp(s + wstart[i], "and", 3) == 0)
			n->whole = 1;
	if (words == 0 || n->whole) {
		n->whole = 1;
		return;
	}
	if (words >= 3 && in_list(suffixes, s + wstart[words - 1],
	    wend[words - 1] - wstart[words - 1])) {
		n->suffix = wstart[words - 1];
		while (n->suffix > 0 && s[n->suffix - 1] == ' ')
			n->suffix--;
		words--;
	}
	n->last = wstart[words - 1];
	for (i = 1; i + 1 < words; i++)
		if (islower((unsigned char)s[wstart[i]])) {
			n->last = wstart[i];
			break;
		}
}

static void
add_name(struct pp_buf *b, const struct name *n)
{
	size_t first;

	if (n->comma) {
		add_tex(b, n->s, n->len, 0);
		return;
	}
	if (n->whole) {
		pp_buf_addc(b, '{');
		add_tex(b, n->s, n->len, 0);
		pp_buf_addc(b, '}');
		return;
	}
	first = n->last;
	while (first > 0 && n->s[first - 1] == ' ')
		first--;
	add_tex(b, n->s + n->last, n->suffix - n->last, 0);
	if (n->suffix < n->len) {
		pp_buf_adds(b, ", ");
		add_tex(b, n->s + n->suffix + 1, n->len - n->suffix - 1, 0);
	}
	if (first > 0) {
		pp_buf_adds(b, ", ");
		add_tex(b, n->s, first, 0);
	}
}

/*
 * Letters that lose no accent on the way to ASCII but are other letters,
 * as TeX spells them (\o, \ae, \ss, \l): case folded already.
 */
static const struct {
	const char	*utf8, *ascii;
} translit[] = {
	{ "\xc3\xb8", "o" }, { "\xc3\xa6", "ae" }, { "\xc5\x93", "oe" },
	{ "\xc3\x9f", "ss" }, { "\xc5\x82", "l" }, { "\xc4\x91", "d" },
	{ "\xc3\xb0", "d" }, { "\xc3\xbe", "th" }, { "\xc4\xb1", "i" },
	{ NULL, NULL }
};

/* Appends s folded to lowercase ASCII letters and digits, accents removed. */
static void
add_key_part(struct fmt *f, struct pp_buf *b, const char *s, size_t len)
{
	size_t i, k;

	pp_buf_reset(&f->tmp);
	pp_text_fold(&f->tmp, s, len, PP_FOLD_CASE | PP_FOLD_MARKS |
	    PP_FOLD_COMPAT);
	for (i = 0; i < f->tmp.len; i++) {
		if (isalnum((unsigned char)f->tmp.s[i])) {
			pp_buf_addc(b, tolower((unsigned char)f->tmp.s[i]));
			continue;
		}
		for (k = 0; translit[k].utf8 != NULL; k++)
			if (i + 1 < f->tmp.len &&
			    memcmp(f->tmp.s + i, translit[k].utf8, 2) == 0) {
				pp_buf_adds(b, translit[k].ascii);
				i++;
				break;
			}
	}
}

/* The first title word that is not a stop word, as add_key_part() has it. */
static void
add_key_word(struct fmt *f, struct pp_buf *b, const char *s, size_t len)
{
	struct pp_buf word = { 0 };
	size_t i = 0, j;

	while (i < len) {
		while (i < len && !isalnum((unsigned char)s[i]) &&
		    (unsigned char)s[i] < 0x80)
			i++;
		for (j = i; j < len && (isalnum((unsigned char)s[j]) ||
		    (unsigned char)s[j] >= 0x80); j++)
			continue;
		pp_buf_reset(&word);
		add_key_part(f, &word, s + i, j - i);
		if (word.len > 0 && !in_list(stopwords, word.s, word.len)) {
			pp_buf_add(b, word.s, word.len);
			break;
		}
		i = j;
	}
	pp_buf_free(&word);
}

/*
 * Adds a citation key to the keys given; 0 if it was given already.  Only
 * 64-bit hashes are kept (16 bytes a record, where the keys themselves
 * took 150): a collision, about one in 10^9 at a million records, costs
 * an unneeded suffix, never a duplicate key.
 */
static int
key_add(struct fmt *f, const char *s, size_t len)
{
	uint64_t h = pp_hash(s, len), *old;
	size_t i, cap;

	if (h == 0)
		h = 1;		/* 0 marks a free slot */
	if (2 * (f->nkeys + 1) > f->keycap) {
		old = f->keys;
		cap = f->keycap;
		f->keycap = cap ? 2 * cap : 1024;
		f->keys = xcalloc(f->keycap, sizeof(*f->keys));
		f->nkeys = 0;
		for (i = 0; i < cap; i++)
			if (old[i] != 0)
				for (size_t j = old[i] & (f->keycap - 1);;
				    j = (j + 1) & (f->keycap - 1))
					if (f->keys[j] == 0) {
						f->keys[j] = old[i];
						f->nkeys++;
						break;
					}
		free(old);
	}
	for (i = h & (f->keycap - 1);; i = (i + 1) & (f->keycap - 1)) {
		if (f->keys[i] == h)
			return 0;
		if (f->keys[i] == 0) {
			f->keys[i] = h;
			f->nkeys++;
			return 1;
		}
	}
}

/*
 * Appends the citation key: the first author's last name, the year and
 * the first word of the title, in ASCII; a key given already gets a, b,
 * ... z, aa, ab ...
 */
static void
add_key(struct fmt *f, struct pp_buf *b, const struct pp_record *rec)
{
	struct pp_buf key = { 0 };
	struct value v, e;
	struct name n;
	size_t pos = 0, base, i;
	unsigned long k;
	char suffix[16];

	if (fmt_get(f, rec, "authors", &v) && v.type == PP_JARRAY &&
	    pp_json_array_next(&v.span, &pos, &e.span, &e.type) &&
	    e.type == PP_JSTRING) {
		pp_buf_reset(&f->cell);
		pp_json_unquote(&f->cell, e.span.p, e.span.len);
		split_name(&n, f->cell.s, f->cell.len);
		if (n.comma)
			add_key_part(f, &key, n.s,
			    (size_t)((const char *)memchr(n.s, ',', n.len) - n.s));
		else if (n.whole)
			add_key_word(f, &key, n.s, n.len);
		else
			add_key_part(f, &key, n.s + n.last, n.suffix - n.last);
	}
	if (key.len == 0)
		pp_buf_adds(&key, "anon");
	if (fmt_get(f, rec, "date", &v) && v.type == PP_JSTRING &&
	    v.span.len >= 6 && isdigit((unsigned char)v.span.p[1]))
		for (i = 1; i < 5 && isdigit((unsigned char)v.span.p[i]); i++)
			pp_buf_addc(&key, v.span.p[i]);
	if (fmt_get(f, rec, "title", &v) && v.type == PP_JSTRING) {
		pp_buf_reset(&f->cell);
		pp_json_unquote(&f->cell, v.span.p, v.span.len);
		add_key_word(f, &key, f->cell.s, f->cell.len);
	}
	base = key.len;
	for (k = 0; !key_add(f, key.s, key.len); k++) {
		/* a, b, ..., z, aa, ab, ... */
		unsigned long m = k;
		size_t sl = sizeof(suffix);

		suffix[--sl] = '\0';
		do {
			suffix[--sl] = (char)('a' + m % 26);
			m = m / 26;
		} while (m-- > 0 && sl > 0);
		key.len = base;
		pp_buf_adds(&key, suffix + sl);
	}
	pp_buf_add(b, key.s, key.len);
	pp_buf_free(&key);
}

/* Appends "  name = {" text-as-TeX "},\n" for a string key rec has. */
static int
add_field(struct fmt *f, const struct pp_record *rec, const char *key,
    const char *field, int how)
{
	struct value v;

	if (!fmt_get(f, rec, key, &v) || v.type != PP_JSTRING ||
	    v.span.len <= 2)
		return 0;
	pp_buf_reset(&f->cell);
	pp_json_unquote(&f->cell, v.span.p, v.span.len);
	pp_buf_printf(&f->out, "  %s = {", field);
	if (how == 2)
		add_verbatim(&f->out, f->cell.s, f->cell.len);
	else
		add_tex(&f->out, f->cell.s, f->cell.len, how == 1);
	pp_buf_adds(&f->out, "},\n");
	return 1;
}

void
bibtex_record(struct fmt *f, const struct pp_record *rec)
{
	struct value v, e, date, venue, title;
	struct name n;
	size_t pos = 0, count = 0, i;
	long total = -1;
	int year = 0, month = 0, article;

	if (f->started)
		pp_buf_addc(&f->out, '\n');
	if (fmt_get(f, rec, "date", &date) && date.type == PP_JSTRING &&
	    date.span.len >= 6) {
		for (i = 1; i < 5 && isdigit((unsigned char)date.span.p[i]); i++)
			year = year * 10 + date.span.p[i] - '0';
		if (i < 5)
			year = 0;
		if (year && date.span.len >= 9 && date.span.p[5] == '-' &&
		    isdigit((unsigned char)date.span.p[6]) &&
		    isdigit((unsigned char)date.span.p[7]))
			month = (date.span.p[6] - '0') * 10 + date.span.p[7] - '0';
		if (month > 12)
			month = 0;
	}
	article = fmt_get(f, rec, "venue", &venue) &&
	    venue.type == PP_JSTRING && venue.span.len > 2 && year > 0 &&
	    fmt_get(f, rec, "title", &title) && title.type == PP_JSTRING &&
	    fmt_get(f, rec, "authors", &v) && v.type == PP_JARRAY &&
	    v.span.len > 2;
	pp_buf_adds(&f->out, article ? "@article{" : "@misc{");
	add_key(f, &f->out, rec);
	pp_buf_adds(&f->out, ",\n");

	if (fmt_get(f, rec, "n_authors", &v) && v.type == PP_JNUMBER)
		total = strtol(v.span.p, NULL, 10);
	if (fmt_get(f, rec, "authors", &v) && v.type == PP_JARRAY) {
		while (pp_json_array_next(&v.span, &pos, &e.span, &e.type)) {
			if (e.type != PP_JSTRING)
				continue;
			pp_buf_reset(&f->cell);
			pp_json_unquote(&f->cell, e.span.p, e.span.len);
			split_name(&n, f->cell.s, f->cell.len);
			pp_buf_adds(&f->out, count++ == 0 ? "  author = {" :
			    " and ");
			add_name(&f->out, &n);
		}
		if (count > 0) {
			/* a list cut short by the source: BibTeX's et al. */
			if (total > (long)count)
				pp_buf_adds(&f->out, " and others");
			pp_buf_adds(&f->out, "},\n");
		}
	}
	if (count == 0) {
		/* plain and its kin sort by author, else by key */
		pp_buf_adds(&f->out, "  key = {");
		for (i = 0; f->out.s[i] != '{'; i++)
			continue;
		for (i++; f->out.s[i] != ','; i++)
			pp_buf_addc(&f->out, f->out.s[i]);
		pp_buf_adds(&f->out, "},\n");
	}
	/* as -o text and html show it; plain.bst warns of an empty entry */
	if (!add_field(f, rec, "title", "title", 1))
		pp_buf_adds(&f->out, "  title = {(no title)},\n");
	if (article)
		add_field(f, rec, "venue", "journal", 0);
	else
		add_field(f, rec, "venue", "howpublished", 0);
	if (year > 0)
		pp_buf_printf(&f->out, "  year = {%d},\n", year);
	if (month > 0)
		pp_buf_printf(&f->out, "  month = %s,\n", months[month - 1]);
	if (add_field(f, rec, "id", "eprint", 2)) {
		pp_buf_adds(&f->out, "  archivePrefix = {arXiv},\n");
		pos = 0;
		if (fmt_get(f, rec, "categories", &v) &&
		    v.type == PP_JARRAY &&
		    pp_json_array_next(&v.span, &pos, &e.span, &e.type) &&
		    e.type == PP_JSTRING) {
			pp_buf_reset(&f->cell);
			pp_json_unquote(&f->cell, e.span.p, e.span.len);
			pp_buf_adds(&f->out, "  primaryClass = {");
			add_verbatim(&f->out, f->cell.s, f->cell.len);
			pp_buf_adds(&f->out, "},\n");
		}
	}
	add_field(f, rec, "doi", "doi", 2);
	add_field(f, rec, "url", "url", 2);
	pp_buf_adds(&f->out, "}\n");
}
