/*
 * text.h: what the text readers (read-hf.c, read-arxiv.c) share with each
 * other and with read-json.c: a piece of text built line by line straight
 * into its JSON form, the small word and number scanners of listing pages,
 * and the one test that tells which text layout a file has.
 */
#ifndef SPLIT_TEXT_H
#define SPLIT_TEXT_H

#include <string.h>

#include "split.h"

/*
 * A piece of text being built, already JSON-escaped (no quotes), white
 * space runs squeezed to one space, invalid UTF-8 replaced.  Lines added
 * one after another are joined with a space.  Start from a zeroed struct.
 */
struct text {
	struct pp_buf	 q;
	struct pp_buf	 tmp;		/* one character being looked at */
	int		 space;		/* a space is due before more text */
	int		 hyphen;	/* the last line ended "word-" */
	int		 set;		/* anything was added, even nothing */
	unsigned long	 lineno;	/* of its first line */
};

/* A date of a listing: y == 0 is none. */
struct date {
	int	 y, m, d;
	int	 count[2];		/* counts shown after the date */
	int	 ncount;
	int	 noyear;		/* the page showed no year */
};

void	text_reset(struct text *, unsigned long lineno);
/* Appends a line of raw text; bad UTF-8 is reported at in (if not NULL). */
void	text_add(struct text *, const char *, size_t, const struct pp_input *);
void	text_free(struct text *);
/* After a line ending "word-": does s go on with the word ("Tuning")? */
int	hyphen_joins(const char *s, size_t len);

/*
 * Puts escaped text (struct text's q, or any text that needs no escape)
 * into a paper: a string key is set, a list key gets one more element.
 * Empty text leaves the paper as it was.
 */
void	text_put(struct pp_paper *, enum pp_key, const char *q, size_t len);
void	date_put(struct pp_paper *, const struct date *);
/* An integer key (pp_paper_set_int without printf). */
void	int_put(struct pp_paper *, enum pp_key, long);

/*
 * The names of an author line, escaped text: split on ',', ';', '&' and
 * " and " outside parentheses, affiliations (the parentheses) taken off,
 * "et al." left out.  Returns how many authors the line counts, those
 * "(17 additional authors not shown)" included.
 */
int	authors_put(struct pp_paper *, const char *q, size_t len);
/* Words (categories) as a list key. */
void	words_put(struct pp_paper *, enum pp_key, const char *q, size_t len);

/*
 * No-break spaces (U+00A0) as two spaces, in place, so a line keeps its
 * length: arXiv's listing puts one after "[12]", elinks one after a list's
 * bullet or number ("1.&nbsp;arXiv:ID", "•&nbsp;[IMG]"), and a copy that
 * keeps them would hide the line's layout; in text they are spaces anyway.
 */
void	text_unbreak(char *s, size_t len);

/*
 * A numeric character reference at s, "&#xc9;" or "&#201;": its length,
 * and its code point in *cp; 0 when it is none (or names no character).
 */
size_t	numeric_ref(const char *s, size_t len, int32_t *cp);

/* Small and called for every byte of a line: inline. */
static inline int
is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

static inline void
trim(const char **s, size_t *len)
{
	while (*len > 0 && is_space((unsigned char)**s)) {
		(*s)++;
		(*len)--;
	}
	while (*len > 0 && is_space((unsigned char)(*s)[*len - 1]))
		(*len)--;
}

static inline int
starts(const char *s, size_t len, const char *prefix)
{
	size_t n = strlen(prefix);

	return len >= n && memcmp(s, prefix, n) == 0;
}

static inline int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* s[0..len) is word (lower case) in any case. */
static inline int
same_nocase(const char *s, size_t len, const char *word)
{
	size_t i;

	for (i = 0; i < len && word[i] != '\0'; i++)
		if (lower((unsigned char)s[i]) != word[i])
			return 0;
	return i == len && word[i] == '\0';
}
/* Month number of "Dec", "Dec.", "December", "Sept", or 0. */
int	month_of(const char *, size_t);
/* Up to 9 digits at *s, which moves past them: 1, else 0. */
int	parse_uint(const char **, size_t *, long *);
/* "Wed, 7 Jun 2023 18:23:40 GMT" or "7 Jun 2023": 1, else 0. */
int	parse_rfc_date(const char *, size_t, struct date *);

/* Does text look like an abstract rather than a title or a heading? */
int	looks_abstract(const char *, size_t);

/*
 * Why escaped text q cannot be a title a person reads as one (markup, a
 * label, an author line, the rest of a Markdown link), or NULL.
 */
const char *title_flaw(const char *q, size_t len);

/* The text layouts (read-hf.c tells them apart). */
enum layout { L_NONE, L_HF_SEARCH, L_HF_DAILY, L_ARXIV };

/*
 * The text layout of a file starting with head[0..len); *para is set when
 * blank lines separate the paragraphs of the page.
 */
enum layout text_layout(const char *head, size_t len, int *para);

/* "arXiv:ID" (or "[12] arXiv:ID [pdf]") starting an entry (read-arxiv.c). */
int	ax_id_line(const char *s, size_t len, size_t *id, size_t *end);

/*
 * Lines (trimmed) that start a page of one layout, so that a reader of the
 * other hands the rest of the file on: an arXiv mailing's or listing's
 * head (read-arxiv.c), a Hugging Face page's heading (read-hf.c).
 */
int	ax_page_start(const char *s, size_t len);
int	hf_page_header(const char *s, size_t len);

#endif /* SPLIT_TEXT_H */
