/*
 * pp-fmt's parts.  main.c reads the records (holding the first few back
 * to decide the columns) and hands each to the writer of the chosen
 * format; text.c turns values into text for every writer; the writers are
 * one file per family:
 *
 *	table.c		columns: the aligned table, TSV, CSV, Markdown tables
 *	list.c		reading lists: text, md-list, templates
 *	json.c		-o json
 *	bibtex.c	-o bibtex
 *	html.c		-o html
 */
#ifndef FMT_H
#define FMT_H

#include "pp.h"

enum format {
	F_TABLE, F_TSV, F_CSV, F_MD, F_MDLIST, F_TEXT, F_JSON, F_NDJSON,
	F_BIBTEX, F_HTML, F_TEMPLATE
};

/* Terminal attributes, used only when color is on. */
#define SGR_BOLD	"\033[1m"
#define SGR_DIM		"\033[2m"
#define SGR_KEY		"\033[34;1m"
#define SGR_STRING	"\033[32m"
#define SGR_NULL	"\033[1;30m"
#define SGR_RESET	"\033[0m"

struct column {
	char	*key;
	size_t	 width;		/* display cells */
	int	 right;		/* right-aligned: numbers */
	int	 flex;		/* shares the width left by the fixed columns */
	int	 whole;		/* never cut (numbers, ids): may overflow */
};

/* One piece of a template: literal text, or a key with an optional width. */
struct piece {
	char	*text;		/* literal text, or the key */
	size_t	 len;
	int	 is_key;
	size_t	 cells;		/* {key:N}: N; 0: as it is */
	int	 right;		/* {key:>N} */
	unsigned long found;
};

/* A value found by key or path: its JSON text and type. */
struct value {
	struct pp_span	 span;
	enum pp_jtype	 type;
};

struct fmt {
	enum format	 format;
	int		 color;
	int		 header;
	int		 crlf;
	int		 flush;		/* stdout is a terminal: a row at a time */
	int		 visible;	/* show control characters as ^[ */
	int		 arrays_json;	/* --arrays json */
	size_t		 width;		/* display cells */
	struct column	*cols;
	size_t		 ncols;
	int		 fields_given;
	int		 started;	/* the first record was written */
	unsigned long	 nrec;		/* records read */
	struct piece	*pieces;
	size_t		 npieces;
	uint64_t	*keys;		/* -o bibtex: hashes of the keys given */
	size_t		 nkeys, keycap;
	struct pp_keylist named;	/* -f and template keys, to report */
	struct pp_record rec;		/* on a thread (-j), the one read */
	struct pp_buf	 out;		/* what one record writes */
	struct pp_buf	 cell;		/* a value's text */
	struct pp_buf	 clean;		/* a value's text on one line */
	struct pp_buf	 tmp;		/* scratch */
	struct pp_buf	 stack;		/* -o json: the open containers */
};

/* text.c */
int	fmt_get(struct fmt *, const struct pp_record *, const char *key,
	    struct value *);
void	add_number_short(struct pp_buf *, const char *, size_t);
void	add_value(struct fmt *, struct pp_buf *, const struct value *,
	    int short_numbers);
void	value_text(struct fmt *, const struct value *, int short_numbers,
	    const char **p, size_t *len);
void	cell_text(struct fmt *, const struct pp_record *, const char *key,
	    int short_numbers, const char **p, size_t *len);
void	add_visible(struct fmt *, struct pp_buf *, const char *, size_t);
void	add_clean(struct fmt *, struct pp_buf *, const char *, size_t);
size_t	clean_width(const char *, size_t);
void	add_spaces(struct pp_buf *, size_t);
size_t	whole_cells(size_t cells, const char *, size_t);
void	add_fitted(struct pp_buf *, const char *, size_t, size_t cells,
	    int right, int pad);
const char *string_text(struct fmt *, const struct pp_record *,
	    const char *key, size_t *len);
void	add_authors_short(struct fmt *, struct pp_buf *,
	    const struct pp_record *, int count);

/* table.c */
void	plan_columns(struct fmt *, struct pp_record *held, size_t nheld);
int	column_shows(const struct fmt *, const char *key);
void	table_record(struct fmt *, const struct pp_record *);
void	sv_header(struct fmt *);
void	sv_record(struct fmt *, const struct pp_record *);
void	md_header(struct fmt *, struct pp_record *held, size_t nheld);
void	md_record(struct fmt *, const struct pp_record *);

/* list.c */
void	text_record(struct fmt *, const struct pp_record *);
void	mdlist_record(struct fmt *, const struct pp_record *);
void	add_meta(struct fmt *, struct pp_buf *, const struct pp_record *,
	    int skip_url);
void	add_md(struct pp_buf *, const char *, size_t);
void	parse_template(struct fmt *, const char *);
void	template_record(struct fmt *, const struct pp_record *);

/* json.c */
void	json_record(struct fmt *, const struct pp_record *);

/* bibtex.c */
void	bibtex_record(struct fmt *, const struct pp_record *);

/* html.c */
void	html_begin(struct fmt *);
void	html_record(struct fmt *, const struct pp_record *);
void	html_end(struct fmt *);

#endif /* FMT_H */
