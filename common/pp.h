/*
 * pp.h: the shared library of the pp programs.  This is the only header a
 * program in cmd/ includes from common/.  One file a job:
 *
 *	err.c	diagnostics, exit statuses, stdout and its errors
 *	mem.c	allocators that cannot fail, growable byte buffers
 *	input.c	the named files or stdin, line by line (or as bytes), with
 *		FILE:LINE at hand
 *	json.c	reading records (a validating scanner) and writing JSON
 *	record.c DESIGN's keys (order and type) and the one record writer
 *	hash.c	one set of strings
 *	num.c	numbers on the command line, one parser and one wording
 *	text.c	UTF-8 repair, case folding, display width (utf8proc)
 *	date.c	the record's dates: YYYY-MM-DD, YYYY-MM, YYYY
 *	map.c	a file's lines handed to a program by threads, in blocks,
 *		its output and messages given out in the file's order
 */
#ifndef PP_H
#define PP_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#ifndef VERSION
#define VERSION "0.1"
#endif

#define PP_PRINTF(f, a) __attribute__((format(printf, f, a)))

/* Exit statuses, as grep has them. */
enum pp_exit {
	PP_OK = 0,		/* success; for pp-grep, something selected */
	PP_NOMATCH = 1,		/* pp-grep: nothing selected */
	PP_ERROR = 2		/* usage, unreadable file, bad input, failed write */
};

/* --- err.c -------------------------------------------------------------- */

struct pp_input;

extern const char *pp_progname;
extern int pp_status;		/* PP_ERROR once any error was reported */

void	pp_init(const char *argv0);
void	pp_warnx(const char *, ...) PP_PRINTF(1, 2);
void	pp_errorx(const char *, ...) PP_PRINTF(1, 2);
void	pp_error(const char *, ...) PP_PRINTF(1, 2);
void	pp_error_at(const struct pp_input *, const char *, ...) PP_PRINTF(2, 3);
void	pp_warn_at(const struct pp_input *, const char *, ...) PP_PRINTF(2, 3);
/*
 * pp_warn_at() for a message said once a run (the caller keeps count):
 * on the threads of pp_map_file() each thread's first is held, and only
 * the first in the file's order is given out, as one thread would say it.
 */
void	pp_warn_once_at(const struct pp_input *, const char *tag,
	    const char *, ...) PP_PRINTF(3, 4);
_Noreturn void pp_fatal(const char *, ...) PP_PRINTF(1, 2);
_Noreturn void pp_usage(const char *synopsis);
/* --help: "usage: prog SYNOPSIS", a blank line, text; exits 0. */
_Noreturn void pp_help(const char *synopsis, const char *text);
void	pp_version(void);
void	pp_write(const void *, size_t);
void	pp_puts(const char *);
int	pp_finish(void);

/*
 * On a thread of pp_map_file(), what pp_write() writes and what is
 * reported is held for its block's turn (map.c); NULL elsewhere.
 */
struct pp_held;
extern _Thread_local struct pp_held *pp_held;
void	pp_held_write(struct pp_held *, const void *, size_t);
void	pp_held_report(struct pp_held *, const struct pp_input *,
	    const char *tag, const char *, va_list, int errnum, int error)
	    PP_PRINTF(4, 0);

/* --- mem.c -------------------------------------------------------------- */

void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xrealloc(void *, size_t);
void	*xreallocarray(void *, size_t, size_t);
char	*xstrdup(const char *);
char	*xmemdup(const char *, size_t);	/* NUL-terminated copy */

/* A growable byte string, always NUL-terminated once anything was added. */
struct pp_buf {
	char	*s;
	size_t	 len;
	size_t	 cap;
};

void	pp_buf_grow(struct pp_buf *, size_t more);
void	pp_buf_add(struct pp_buf *, const void *, size_t);
void	pp_buf_adds(struct pp_buf *, const char *);
void	pp_buf_printf(struct pp_buf *, const char *, ...) PP_PRINTF(2, 3);
void	pp_buf_vprintf(struct pp_buf *, const char *, va_list) PP_PRINTF(2, 0);
void	pp_buf_free(struct pp_buf *);

static inline void
pp_buf_reset(struct pp_buf *b)
{
	b->len = 0;
	if (b->s != NULL)
		b->s[0] = '\0';
}

static inline void
pp_buf_addc(struct pp_buf *b, int c)
{
	if (b->len + 2 > b->cap)
		pp_buf_grow(b, 1);
	b->s[b->len++] = (char)c;
	b->s[b->len] = '\0';
}

/* --- input.c ------------------------------------------------------------ */

/*
 * One input file being read line by line.  After pp_input_next() returns 1,
 * line[0..len) is the current line without its newline, its CR (CRLF
 * files) or, on the first line, a UTF-8 byte order mark; line[len] is NUL.
 * The line may contain NUL bytes: always use len.
 */
struct pp_input {
	const char	*name;		/* as given; "-" is stdin */
	int		 fd;
	unsigned long	 lineno;	/* of the current line, from 1 */
	off_t		 offset;	/* of the current line's first byte */
	char		*line;
	size_t		 len;
	off_t		 stop;		/* no line starting here or later is
					   read (a thread's block); 0: none */
	int		 caller_reports; /* read errors are left in errnum */
	int		 errnum;	/* the read error met, 0: none */
	/* private */
	char		*buf;
	size_t		 cap, start, end;
	off_t		 bufoff;	/* file offset of buf[0] */
	int		 eof;
	char		 cut;		/* the byte line[len] replaced */
};

int	pp_input_open(struct pp_input *, const char *name);
/* Reads p[0..len) (copied) as if it were the file name: for fuzzers, and
   readers that hand a converted text to another reader. */
int	pp_input_open_mem(struct pp_input *, const char *name, const void *p,
	    size_t len);
/* The file from reads, opened again for a thread of its own (map.c). */
int	pp_input_reopen(struct pp_input *, const struct pp_input *from);
int	pp_is_blank(const char *s, size_t len);	/* only spaces, tabs, CR */
int	pp_input_next(struct pp_input *);
/* The current line, unchanged, is read again by the next pp_input_next()
   (a reader hands it to another); -1 once pp_input_peek() moved on. */
int	pp_input_unread(struct pp_input *);
void	pp_input_close(struct pp_input *);
/*
 * Goes on reading a regular file at byte off, as if lineno lines came
 * before (line numbers, and no byte order mark after the first line): for
 * pp-rank's threads, each reading a part of the file.  0, or -1 (errno).
 */
int	pp_input_seek(struct pp_input *, off_t off, unsigned long lineno);
/*
 * Where the first line starting in [from, to) of a regular file begins:
 * after the first newline at or past the byte before from (to 0: the end
 * of the file).  -1 if none starts there (the end of a line longer than
 * the range), -2 after a read error.  The bytes are looked at with
 * pread(2), not kept, so a long line costs no memory.  from > 0.
 */
off_t	pp_line_start(int fd, off_t from, off_t to);

/*
 * Bytes rather than lines, for readers that parse a whole document (XML,
 * HTML).  pp_input_peek() makes the next want bytes (fewer at the end of
 * the file) readable at *p without consuming them and returns how many;
 * a BOM is not skipped.  pp_input_read() consumes up to n bytes, those not
 * yet taken by pp_input_next() first: it returns how many, 0 at the end,
 * -1 after a read error (reported).  Line numbers are the caller's to keep.
 */
size_t	pp_input_peek(struct pp_input *, size_t want, const char **p);
ssize_t	pp_input_read(struct pp_input *, void *buf, size_t n);
/*
 * The rest of the input appended to b, a NUL after it, for a reader that
 * takes a document whole (Markdown, a web archive): 0, or -1 after a read
 * error (reported), b then holding what was read before it.
 */
int	pp_input_rest(struct pp_input *, struct pp_buf *b);

/*
 * The named files, or stdin, pulled one at a time as jq pulls its inputs:
 *
 *	struct pp_files fs;
 *	struct pp_input in;
 *
 *	pp_files_init(&fs, argc, argv);
 *	while (pp_files_next(&fs, &in)) {
 *		...
 *		pp_input_close(&in);
 *	}
 *
 * A file that cannot be opened is reported (status 2) and skipped.
 */
struct pp_files {
	char	**names;
	int	  n, i;
};

void	pp_files_init(struct pp_files *, int argc, char **argv);
int	pp_files_next(struct pp_files *, struct pp_input *);

/* --- json.c ------------------------------------------------------------- */

enum pp_jtype {
	PP_JNULL, PP_JFALSE, PP_JTRUE, PP_JNUMBER, PP_JSTRING, PP_JARRAY,
	PP_JOBJECT
};

/* A stretch of raw JSON text inside a line. */
struct pp_span {
	const char	*p;
	size_t		 len;
};

/* One top-level member of a record: key without quotes, value as written. */
struct pp_member {
	struct pp_span	 key;		/* raw key text, escapes not decoded */
	struct pp_span	 value;		/* raw value text, strings with quotes */
	enum pp_jtype	 type;
	unsigned char	 key_escaped;	/* key contains a backslash escape */
	unsigned char	 plain;		/* a string value of ASCII text without
					   escapes: its text is its bytes */
};

/* A record: one line that holds a JSON object, its members indexed. */
struct pp_record {
	const char	*line;
	size_t		 len;
	struct pp_member *members;
	size_t		 nmembers, cap;
};

/*
 * Checks that line[0..len) is exactly one JSON object (RFC 8259, UTF-8
 * checked, nesting at most PP_JSON_MAXDEPTH) and indexes its top-level
 * members.  Returns PP_JSON_OK, or PP_JSON_INVALID or PP_JSON_NOT_OBJECT
 * (valid JSON, but not an object) with a message in err.
 */
#define PP_JSON_MAXDEPTH 10000
/* 0: strings are scanned without AVX2, as on CPUs without it (the record
   fuzz target compares the two scans on each input). */
extern int pp_json_simd;
enum pp_json_err {
	PP_JSON_OK = 0,
	PP_JSON_INVALID = -1,
	PP_JSON_NOT_OBJECT = -2
};
int	pp_record_parse(struct pp_record *, const char *line, size_t len,
	    char *err, size_t errlen);
void	pp_record_free(struct pp_record *);

/* The member named key, or NULL; with duplicate keys the last, as jq has it. */
const struct pp_member *pp_record_get(const struct pp_record *, const char *key);

/* Appends the decoded text of a JSON string value (quotes included in raw). */
void	pp_json_unquote(struct pp_buf *, const char *raw, size_t len);

/*
 * Iterates over the elements of a raw JSON array, already validated:
 * *pos starts at 0; returns 1 and sets *elem and *type, or 0 at the end.
 */
int	pp_json_array_next(const struct pp_span *array, size_t *pos,
	    struct pp_span *elem, enum pp_jtype *type);

/* Writes s[0..len), valid UTF-8, as a JSON string with quotes. */
void	pp_json_quote(struct pp_buf *, const char *s, size_t len);

/*
 * The next record of in, pulled as jq pulls its inputs.  Blank lines are skipped; a line
 * that is not a JSON object is reported with FILE:LINE (status 2) and
 * PP_NEXT_BAD returned, so the caller may count it and ask again.
 */
enum pp_next {
	PP_NEXT_END = 0,	/* end of the file (or a read error, reported) */
	PP_NEXT_RECORD = 1,	/* rec holds the record of in->line */
	PP_NEXT_BAD = 2		/* a bad line, reported */
};
enum pp_next pp_record_next(struct pp_input *, struct pp_record *);
/* in's current line, not blank, into rec: 1, or 0 for a bad line (reported). */
int	pp_record_line(struct pp_input *, struct pp_record *);

/*
 * Keys as the user names them, the same way in every program: a comma list
 * ("title,abstract"), a nested key as a path ("submittedBy.fullname").  A
 * key whose own name holds a dot is found as it is first.
 */
/* The member key[0..klen) of a raw object (validated); 0 if absent. */
int	pp_json_object_get(const struct pp_span *obj, const char *key,
	    size_t klen, struct pp_span *value, enum pp_jtype *type);
/* The value at path[0..len) in a record; 0 if it has none. */
int	pp_record_path(const struct pp_record *, const char *path, size_t len,
	    struct pp_span *value, enum pp_jtype *type);

/*
 * The keys an option named, and which of them some record had, so that a
 * key no record has (a typo: "titel") is reported once at the end:
 *
 *	pp_keylist_add(&kl, "-k", optarg);	(a comma list; -1: reported)
 *	pp_keylist_check(&kl, &rec);		(each record read)
 *	pp_keylist_report(&kl);			("key 'titel' is in none of
 *						 40 records", a warning)
 */
struct pp_keypath {
	char		*name;		/* NUL-terminated */
	size_t		 len;
	int		 found;		/* some record had it (null or not) */
};
struct pp_keylist {
	struct pp_keypath *keys;
	size_t		 n, nfound;
	unsigned long	 records;	/* records checked */
};
int	pp_keylist_add(struct pp_keylist *, const char *opt, const char *list);
void	pp_keylist_check(struct pp_keylist *, const struct pp_record *);
void	pp_keylist_report(const struct pp_keylist *);
void	pp_keylist_free(struct pp_keylist *);
/*
 * For threads: a copy that finds on its own; what it found added (and its
 * count of records zeroed, the copy read on); the copy freed.
 */
void	pp_keylist_clone(struct pp_keylist *, const struct pp_keylist *);
void	pp_keylist_merge(struct pp_keylist *, struct pp_keylist *copy);
void	pp_keylist_clone_free(struct pp_keylist *);

/* --- record.c ----------------------------------------------------------- */

/* DESIGN.md's keys, in the order a record has them. */
enum pp_key {
	PP_TITLE, PP_ABSTRACT, PP_SUMMARY, PP_AUTHORS, PP_N_AUTHORS, PP_DATE,
	PP_UPVOTES, PP_N_COMMENTS, PP_ID, PP_CATEGORIES, PP_COMMENTS, PP_DOI,
	PP_VENUE, PP_URL, PP_SOURCE,
	PP_NKEYS
};
enum pp_keytype { PP_KEY_STRING, PP_KEY_INT, PP_KEY_LIST };
struct pp_keydef {
	const char	*name;
	enum pp_keytype	 type;
};
extern const struct pp_keydef pp_keys[PP_NKEYS];

/* The pp_key named name[0..len), or -1. */
int	pp_key_lookup(const char *name, size_t len);

/*
 * A record being built by a reader: each key's value as JSON text (a list
 * without its brackets), empty when absent.  Start from a zeroed struct.
 */
struct pp_paper {
	struct pp_buf	 json[PP_NKEYS];
	int		 count[PP_NKEYS];	/* elements of a list */
	struct pp_buf	 extra;		/* other keys: ,"name":value... */
	struct pp_buf	 tmp;
};

void	pp_paper_clear(struct pp_paper *);
void	pp_paper_free(struct pp_paper *);
int	pp_paper_has(const struct pp_paper *, enum pp_key);
/* A string key from text: UTF-8 repaired, white space squeezed; empty
   text leaves the key absent. */
void	pp_paper_set(struct pp_paper *, enum pp_key, const char *, size_t);
/* One more element of a list key (authors, categories), the same way. */
void	pp_paper_add(struct pp_paper *, enum pp_key, const char *, size_t);
void	pp_paper_set_int(struct pp_paper *, enum pp_key, long long);
/* A key from JSON text the caller made (a quoted string, a number, an
   array); for a list, the brackets are optional. */
void	pp_paper_set_json(struct pp_paper *, enum pp_key, const char *, size_t);
/* A key DESIGN does not name, with its value as JSON text. */
void	pp_paper_extra(struct pp_paper *, const char *name, size_t nlen,
	    const char *json, size_t jlen);
/*
 * Appends the record as one line, its keys in DESIGN's order (other keys
 * after venue, before url); n_authors, when unset, is the authors' count.
 */
void	pp_paper_write(struct pp_buf *out, const struct pp_paper *);

/* --- hash.c ------------------------------------------------------------- */

struct pp_set_slot {
	char		*s;		/* NULL: free */
	size_t		 len;
	uint64_t	 hash;
	size_t		 index;		/* order of insertion, from 0 */
};

/* A set of byte strings; start from a zeroed struct. */
struct pp_set {
	struct pp_set_slot *slot;
	size_t		 cap, n;
};

uint64_t pp_hash(const void *, size_t);	/* FNV-1a */
/* Adds s: its index if it is new, else -1 - the index it already has. */
long	pp_set_add(struct pp_set *, const char *s, size_t len);
/* The index of s, or -1. */
long	pp_set_find(const struct pp_set *, const char *s, size_t len);
void	pp_set_clear(struct pp_set *);		/* empty, keeps its table */
void	pp_set_free(struct pp_set *);

/* --- num.c -------------------------------------------------------------- */

/*
 * The value of option opt's argument arg, within [min, max]: 0, or -1
 * after "opt: 'arg' is not a whole number" (status 2).
 */
int	pp_num_int(const char *opt, const char *arg, long long min,
	    long long max, long long *);
int	pp_num_real(const char *opt, const char *arg, double min, double max,
	    double *);

/* --- text.c ------------------------------------------------------------- */

/*
 * Appends s[0..len) to out with every invalid UTF-8 sequence (and NUL)
 * replaced by U+FFFD; returns how many were replaced.
 */
size_t	pp_utf8_repair(struct pp_buf *out, const char *s, size_t len);
int	pp_utf8_valid(const char *s, size_t len);

#define PP_FOLD_CASE	0x1	/* full Unicode case folding */
#define PP_FOLD_MARKS	0x2	/* strip combining marks (accents) */
#define PP_FOLD_COMPAT	0x4	/* NFKC: ligatures, full-width forms */

/* Appends s (valid UTF-8) normalized to NFC (NFKC) and folded as flags say. */
void	pp_text_fold(struct pp_buf *out, const char *s, size_t len, int flags);

/* Display cells of s (valid UTF-8): wide 2, combining marks 0. */
size_t	pp_text_width(const char *s, size_t len);

/*
 * Bytes of s's longest prefix that fits in cells display cells, cut at a
 * character boundary; *used gets its width.
 */
size_t	pp_text_fit(const char *s, size_t len, size_t cells, size_t *used);

/* Appends s with every run of white space collapsed to one space, trimmed. */
void	pp_text_squeeze(struct pp_buf *out, const char *s, size_t len);

/* Appends code point cp encoded as UTF-8. */
void	pp_utf8_put(struct pp_buf *, int32_t cp);

/* Decodes one UTF-8 character at s (valid); returns its length. */
size_t	pp_utf8_decode(const char *s, size_t len, int32_t *cp);

/* --- date.c ------------------------------------------------------------- */

/* A record's date; month and day are 0 where the date does not say. */
struct pp_date {
	int	year, month, day;
};

/*
 * Reads the date at the start of s: YYYY, YYYY-MM or YYYY-MM-DD with a
 * real month and a day the month has.  Returns its length (4, 7 or 10), or
 * 0 if s starts with no date; what follows is the caller's to judge.
 */
size_t	pp_date_parse(const char *s, size_t len, struct pp_date *);
int	pp_days_in_month(int year, int month);

/* Is s[0..len) a date, alone or followed by a time ("T12:00", " 12:00")? */
int	pp_date_read(const char *s, size_t len, struct pp_date *);
/*
 * An RFC 822 date, as feeds, arXivRaw and the arXiv snapshot write it:
 * "Mon, 2 Apr 2007 19:18:42 GMT", the day of the week and the time being
 * optional.  1 with the date in d, or 0.
 */
int	pp_date_rfc822(const char *s, size_t len, struct pp_date *);

/* Days since 1970-01-01; a missing month or day counts as the first. */
int32_t	pp_date_days(const struct pp_date *);

void	pp_date_from_days(int32_t days, struct pp_date *);
/* Today (UTC), or the day of SOURCE_DATE_EPOCH when it is set. */
void	pp_date_today(struct pp_date *);

/*
 * A bound for --since and --until: YYYY, YYYY-MM, YYYY-MM-DD, "today",
 * "yesterday", or so many days or weeks before today ("7d", "2w").
 * Returns 0, or -1 (not reported: the caller names its option).
 */
int	pp_date_bound(const char *, struct pp_date *);

/*
 * Is the record's date d on or after (since) or on or before (until) the
 * bound, taking each at its precision (--until 2024-03 keeps all of
 * March)?  1 certainly, 0 certainly not, -1 neither: a date coarser than
 * the bound that straddles it (2024 against 2024-06-15; 2025 is after).
 */
int	pp_date_since(const struct pp_date *d, const struct pp_date *bound);
int	pp_date_until(const struct pp_date *d, const struct pp_date *bound);

/* --- tex.c -------------------------------------------------------------- */

/*
 * Appends s[0..len), BibTeX-style text with TeX in it, rewritten for
 * reading: accents (\"o, {\"o}, \'{e}) and letters (\o, \ss) to Unicode
 * with combining marks (compose them with pp_text_fold(..., 0)), escapes
 * (\&, \%) to their characters, -- and --- to dashes, grouping braces and
 * math dollars dropped, \emph{x} and other commands' arguments kept as
 * text, \url{x} verbatim, \cite{x} left out.
 */
void	pp_tex_decode(struct pp_buf *out, const char *s, size_t len);
/*
 * pp_tex_decode, for text that may or may not be TeX (pp-fields --clean):
 * with PP_TEX_KEEP, math ($...$), braces around plain text, ~ and the
 * commands it does not know are kept as written, --> is an arrow, and
 * \cite{x} and the like are not dropped.
 */
#define PP_TEX_KEEP	0x01
void	pp_tex_rewrite(struct pp_buf *out, const char *s, size_t len,
	    int flags);

/* --- complete.c --------------------------------------------------------- */

/*
 * Shell completion scripts written from a program's own table of options,
 * so that they cannot drift from them: `prog --generate complete-bash`
 * (also complete-zsh, complete-fish), as ripgrep has it.
 */
enum pp_comp_kind {
	PP_COMP_NONE,		/* a flag: no value */
	PP_COMP_TEXT,		/* free text: nothing to offer */
	PP_COMP_NUMBER,		/* a number: nothing to offer */
	PP_COMP_FILE,		/* a file name */
	PP_COMP_KEY,		/* one record key (DESIGN's keys, + words) */
	PP_COMP_KEYS,		/* a comma list of keys */
	PP_COMP_WORDS		/* one of words */
};
struct pp_comp_opt {
	const char		*name;		/* long name without --, or NULL */
	char			 letter;	/* short option, or 0 */
	enum pp_comp_kind	 kind;		/* of its value */
	int			 optional;	/* value only as --name=value */
	const char *const	*words;		/* NULL-terminated: the words of
						   PP_COMP_WORDS, keys beyond
						   DESIGN's for KEY(S) */
	const char		*help;		/* a few words, for zsh, fish */
};
struct pp_comp {
	const char		*prog;		/* "pp-grep" */
	const struct pp_comp_opt *opts;		/* ends with a zeroed row */
	enum pp_comp_kind	 first;		/* the first operand; the others
						   are files */
	const char *const	*first_words;	/* as words above, for first */
	const char		*first_help;
	const char		*replaces_first; /* long names of options
						   that give what the first
						   operand would: "regexp
						   file" (pp-grep -e, -f) */
};
/*
 * Writes the script for shell ("complete-bash", "complete-zsh" or
 * "complete-fish") on stdout and returns the exit status; an unknown
 * shell is a usage error.  The --generate option itself is added.
 */
int	pp_complete(const char *shell, const struct pp_comp *);

/* --- map.c -------------------------------------------------------------- */

/*
 * A file's lines, each handed to line(state, in), which writes with
 * pp_write() and reports with pp_error_at() and the like.  A regular file
 * large enough is read by threads, a block of lines at a time, each block
 * with its own state from clone(); what a block writes and reports is
 * held and given out in the file's order, with the file's line numbers,
 * so the output, the messages and the exit status are those of one
 * thread reading it.  merge() adds a block's counts and keys found to the
 * caller's and zeroes them, the state being used again for another
 * block; drop() frees a state, unmerged for a block after a read error,
 * which one thread would not have read.  Only for a program whose line()
 * needs no other line: pp-grep -m, -q or --unique reads on its own.
 */
struct pp_map {
	void	 (*line)(void *state, struct pp_input *);
	void	*(*clone)(void *state);
	void	 (*merge)(void *state, void *thread_state);
	void	 (*drop)(void *thread_state);
	void	*state;
	long	 jobs;		/* threads at most (-j) */
	int	 jobs_given;	/* -j given: threads even for a small file */
};

#define PP_MAXJOBS	256

long	pp_cpus(void);		/* -j's default: the CPUs we may run on */
/*
 * Threads for a file of size bytes: jobs if -j was given, else no more
 * than one for each 4 MiB (a thread started for a small file costs more
 * than it saves, and on a busy machine waits for a core).
 */
long	pp_threads_for(long jobs, int jobs_given, off_t size);
/* -j N: sets jobs and jobs_given, or reports and exits 2. */
void	pp_map_jobs(struct pp_map *, const char *arg);
void	pp_map_file(const struct pp_map *, struct pp_input *);

#endif /* PP_H */
