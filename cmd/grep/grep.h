/*
 * grep.h: pp-grep's matcher (pattern.c): PCRE2 patterns over decoded,
 * folded field text, and a prefilter on the raw line.  main.c reads the
 * records and their fields; the fuzz target calls the matcher directly.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

/* Case handling of the patterns: -i, -S, or neither (the last one given). */
enum casing { CASE_EXACT, CASE_IGNORE, CASE_SMART };

#define MATCH_FIXED	0x01	/* -F: the patterns are text */
#define MATCH_WORD	0x02	/* -w */
#define MATCH_LINE	0x04	/* -x: the whole value */
#define MATCH_ALL	0x08	/* --all: every pattern must match */
#define MATCH_ACCENTS	0x10	/* --ignore-accents */

/*
 * A literal every match of a pattern contains, in the text as the pattern
 * sees it (folded when the pattern folds).
 */
struct literal {
	char	*s;
	size_t	 len;
	char	*ascii;		/* its longest run of ASCII characters */
	size_t	 alen;
	int	 special;	/* holds " \ / or a control: JSON may escape it */
	size_t	 p1, p2;	/* its two rarest bytes, searched first */
};

struct pattern {
	char		*src;		/* as given */
	size_t		 srclen;
	pcre2_code	*re;
	pcre2_match_data *md;
	int		 fold;		/* PP_FOLD_* the text gets first */
	/*
	 * A regular expression that folds for case, as written and caseless,
	 * for the text unfolded: a match of either is a match, so -i only
	 * adds matches ("\p{Lu}", and "." on a letter that folds to two).
	 */
	pcre2_code	*raw;
	pcre2_match_data *rawmd;
	struct literal	*lits;		/* a match contains one of them */
	size_t		 nlits;		/* 0: no literal known, no prefilter */
};

/*
 * The text of one field value, decoded, and its folded forms, made when
 * some pattern first asks for them.
 */
struct text {
	const char	*s;
	size_t		 len;
	struct pp_buf	 decoded;
	struct pp_buf	 folded[4];	/* by PP_FOLD_CASE | PP_FOLD_MARKS */
	int		 have[4];
};

/* What the prefilter found out about the whole line: -1 not yet. */
struct linefacts {
	int	backslash, escape_u, ascii;
	int	folds_ascii[4];		/* holds a character folding to ASCII */
	int	folded[4];		/* linefold[fold] is this line's */
};

struct matcher {
	int		 flags;		/* MATCH_*, set before compiling */
	enum casing	 casing;
	struct pattern	*pats;
	size_t		 npats;
	/* per line, reused */
	char		*cand;		/* the patterns the line may match */
	char		*matched;
	struct linefacts facts;
	struct text	 text;
	struct pp_buf	 linefold[4];	/* the line folded, by fold */
	unsigned char	*ascii_folding[4];	/* by fold: chars folding to ASCII */
	int		 match_error;	/* PCRE2's error code, or 0 */
	/* -o and --color: the text folded, by fold, and where its pieces
	   came from (made once a text) */
	struct pp_buf	 segfold[4];
	size_t		*segmap[4];
	size_t		 segcap[4];
	int		 segmade[4];
};

void	matcher_add(struct matcher *, const char *, size_t);
/* Compiles the patterns added; -1 with the reason in err. */
int	matcher_compile(struct matcher *, char *err, size_t errlen);
/*
 * The prefilter: may the raw line hold what the patterns select?  It may
 * answer yes wrongly, never no wrongly.  Call it before matcher_match on
 * the same line.
 */
int	matcher_may_select(struct matcher *, const char *line, size_t len);
/*
 * Do the values (raw JSON; p NULL: absent) match the patterns, any or all
 * as MATCH_ALL says?  1 or 0; -1 when PCRE2 failed (match_error).
 */
int	matcher_match(struct matcher *, const struct pp_span *vals,
	    const enum pp_jtype *types, size_t n);
/*
 * Calls fn with each match in the decoded text s[0..len), leftmost first,
 * none overlapping, none empty, as grep -o finds them: offsets in s.
 */
typedef void (*match_fn)(void *ctx, size_t start, size_t end);
int	matcher_each(struct matcher *, const char *s, size_t len, match_fn,
	    void *ctx);
void	matcher_free(struct matcher *);
/*
 * A thread's matcher: the compiled patterns shared (PCRE2 matches with
 * one code from several threads), its own match data and per-line
 * buffers.  matcher_clone_free() frees only those.
 */
void	matcher_clone(struct matcher *, const struct matcher *);
void	matcher_clone_free(struct matcher *);
