/*
 * split.h: what pp-split's readers share.  One reader a format, one file
 * a reader, one row a reader in the table (readers.c).  main.c opens each
 * file, lets every reader look at its first bytes, hands the file to the
 * surest, and checks that it gave at least one paper.  A reader fills a
 * struct pp_paper per paper and passes it to split_emit(), which adds the
 * source, drops a repeat on the same page, and writes the line.
 */
#ifndef SPLIT_H
#define SPLIT_H

#include "pp.h"

#define SPLIT_HEAD	(64 * 1024)	/* bytes a reader's detect() sees */

struct split {
	/* options */
	int		 year;		/* --year, else today's */
	int		 year_given;	/* --year was given */
	struct pp_date	 today;		/* SOURCE_DATE_EPOCH, else now */

	/* the file being read */
	struct pp_input	*in;
	const struct reader *reader;
	const struct reader *forced;	/* --format's, else NULL */
	struct pp_buf	 source;	/* its name, JSON-escaped, no quotes */
	unsigned long	 papers;	/* written from it */
	unsigned long	 part_papers;	/* written by its current reader */
	unsigned long	 page_papers;	/* written from its current page */
	unsigned long	 handoffs;	/* from one reader to another in it */
	int		 told;		/* why it gave no paper was said */
	struct repeats	*repeats;	/* the current page's papers (split.c) */
	int		 every_paper;	/* no repeat check: records, not a page */

	struct pp_paper	 paper;		/* for a reader to fill */
	struct pp_buf	 out;

	/*
	 * A text reader that meets, between two papers, the heading of a
	 * page of another text layout (a Hugging Face page after an arXiv
	 * listing) ends its page, puts the line back (pp_input_unread) and
	 * names the reader of the rest here; split_read() goes on with it.
	 * Not when --format named the reader (split_may_handoff()).
	 */
	const struct reader *handoff;
};

struct reader {
	const char	*name;		/* for --format */
	const char	*what;		/* one line for --format list */
	/*
	 * How sure the reader is that a file starting with head[0..len)
	 * (at most SPLIT_HEAD bytes, the whole file if shorter) is its
	 * format: 0 not at all, 100 certain.
	 */
	int		(*detect)(const char *head, size_t len);
	/*
	 * Reads the whole file (lines with pp_input_next, or bytes with
	 * pp_input_read; nothing was consumed yet) and calls split_emit()
	 * for each paper.
	 */
	void		(*read)(struct split *, struct pp_input *);
	/*
	 * The reader rewrites its file as the text a browser shows and
	 * reads that with split_read_text(): Markdown, a dump's marks.
	 */
	int		 converts;
};

/* Every reader, most specific first; ends with NULL (readers.c). */
extern const struct reader *const readers[];

/*
 * Writes p as a record whose source is FILE:lineno, unless the current
 * page already gave the same paper (title, abstract, id, authors and date
 * all equal: a Trending page repeats its cards) and sp->every_paper is
 * not set (a JSON file's records are each written).  A paper without a title
 * is reported with FILE:lineno instead.  Clears p for the next paper.
 */
void	split_emit(struct split *, struct pp_paper *p, unsigned long lineno);

/*
 * split_emit() without its repeat check, for a reader whose own check is
 * stricter (read-hf.c: a title shown again with the same abstract, or
 * without one, is the same paper), so that a page is not hashed twice.
 */
void	split_write(struct split *, struct pp_paper *p, unsigned long lineno);

/* A new page starts in the same file: the repeat check starts afresh. */
void	split_page(struct split *);

/*
 * Reads in with reader r, and the rest of it with each reader a reader
 * hands it to (sp->handoff, counted in sp->handoffs), a page at a time.
 * A file so read in parts has each part that gives no paper reported
 * with FILE:LINE, its reader and its lines (the part before the first
 * handoff only when the file gives no paper at all): main's "no paper
 * found in this FORMAT file" is for a file that one reader read.
 */
void	split_read(struct split *, struct pp_input *in,
	    const struct reader *r);

/*
 * Reads text[0..len), which the reader reading in made of it line for
 * line, with the reader surest of that text (not one that converts), as
 * if it were in: FILE:LINE are in's.  Text no reader knows is reported
 * as "no listing layout in the text of this WHAT" (sp->told: main says
 * no more).
 */
void	split_read_text(struct split *, struct pp_input *in, const char *text,
	    size_t len, const char *what);

/*
 * May the reader reading hand the rest of the file to another?  Not when
 * --format named it: the user said what the file is.
 */
int	split_may_handoff(const struct split *);

/* Frees what split_emit() keeps between calls. */
void	split_free(struct split *);

/*
 * Something that looks like a paper but cannot be read: "FILE:LINE: msg",
 * status 2, and the run goes on.
 */
void	split_bad(struct split *, unsigned long lineno, const char *, ...)
	    PP_PRINTF(3, 4);

/*
 * The readers, each defined in its own file (read-NAME.c) as
 * const struct reader reader_NAME = { "name", "what", detect, read };
 */
extern const struct reader reader_json;		/* read-json.c */
extern const struct reader reader_arxiv;	/* read-arxiv.c */
extern const struct reader reader_hf_daily;	/* read-hf.c */
extern const struct reader reader_hf_search;	/* read-hf.c */
extern const struct reader reader_xml;
extern const struct reader reader_html;
extern const struct reader reader_bibtex;	/* read-bibtex.c */
extern const struct reader reader_markdown;	/* read-markdown.c */
extern const struct reader reader_html2text;	/* read-html2text.c */
extern const struct reader reader_mhtml;	/* read-mhtml.c */

/*
 * Maps JSON text (an object, an array, a response wrapping a list of
 * papers, Hugging Face paper objects as in a page's data-props) onto
 * papers and split_emit()s them; lineno is the line text starts on.
 * For readers that find JSON inside another format (read-json.c): JSON
 * that holds no paper (another component's data) gives nothing and no
 * message (compare sp->papers before and after); invalid JSON is
 * reported with FILE:LINE.
 */
void	split_json_text(struct split *, const char *json, size_t len,
	    unsigned long lineno);

/*
 * The papers of a Hugging Face component's props (its data-props: the
 * JSON its part of the page was drawn from), JSON text at lineno: its
 * lists of papers ("dailyPapers", "papers", ...) or its one "paper",
 * mapped as split_json_text() maps them; the component's state and its
 * other lists (models, spaces) give nothing, and so does text that is no
 * JSON object (read-json.c).
 */
void	split_props_json(struct split *, const char *json, size_t len,
	    unsigned long lineno);

/*
 * ASCII white space, line ends included, as markup and whole files have
 * it (text.h's is_space() is a line's, without '\n').
 */
static inline int
split_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	    c == '\v';
}

/* s[0..len) without the white space around it. */
void	split_trim(const char **s, size_t *len);
/* Is s[0..len) all white space (or empty)? */
int	split_all_space(const char *s, size_t len);
/*
 * The arXiv identifier at s ("arXiv:" and a version allowed) into id, as
 * arXiv's metadata gives it (math.GT/0309136 is math/0309136): the length
 * of s taken, or 0 (text.c).
 */
size_t	arxiv_id(const char *s, size_t len, struct pp_buf *id);

#endif /* SPLIT_H */
