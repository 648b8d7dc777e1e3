/*
 * pp-grep: keep the records whose fields match a pattern, with grep's
 * options and exit status, plus predicates on whole records (dates, a jq
 * expression, keys present, duplicates).
 *
 * Matching is on decoded field text, never on the raw line, but most lines
 * of a large input cannot match at all: each pattern yields literals that
 * every match must contain, and a line whose raw bytes provably contain
 * none of them is dropped without being parsed.  Only the other lines are
 * parsed (which validates them) and matched field by field with PCRE2.
 * A line that is written has always been parsed, so no invalid JSON goes
 * out; a line that cannot match is, like grep's, not looked at closely.
 */
/* memmem(3): glibc's is vectorized; POSIX.1-2024 has it, glibc hides it. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <jq.h>
#include <jv.h>
#include <utf8proc.h>

#include "pp.h"

static const char synopsis[] =
    "[-cEFhiqSsVvwx] [-e pattern] [-f file] [-k key] [-m num] [--all]\n"
    "\t[--ignore-accents] [--has key] [--since date] [--until date]\n"
    "\t[--unique key] [--where expr] [pattern] [file ...]";

enum {
	OPT_ALL = CHAR_MAX + 1,
	OPT_ACCENTS,
	OPT_HAS,
	OPT_SINCE,
	OPT_UNTIL,
	OPT_UNIQUE,
	OPT_WHERE
};

static const struct option longopts[] = {
	{ "regexp",		required_argument,	NULL,	'e' },
	{ "file",		required_argument,	NULL,	'f' },
	{ "ignore-case",	no_argument,		NULL,	'i' },
	{ "smart-case",		no_argument,		NULL,	'S' },
	{ "invert-match",	no_argument,		NULL,	'v' },
	{ "word-regexp",	no_argument,		NULL,	'w' },
	{ "line-regexp",	no_argument,		NULL,	'x' },
	{ "fixed-strings",	no_argument,		NULL,	'F' },
	{ "extended-regexp",	no_argument,		NULL,	'E' },
	{ "count",		no_argument,		NULL,	'c' },
	{ "max-count",		required_argument,	NULL,	'm' },
	{ "quiet",		no_argument,		NULL,	'q' },
	{ "silent",		no_argument,		NULL,	'q' },
	{ "no-messages",	no_argument,		NULL,	's' },
	{ "field",		required_argument,	NULL,	'k' },
	{ "help",		no_argument,		NULL,	'h' },
	{ "version",		no_argument,		NULL,	'V' },
	{ "all",		no_argument,		NULL,	OPT_ALL },
	{ "ignore-accents",	no_argument,		NULL,	OPT_ACCENTS },
	{ "has",		required_argument,	NULL,	OPT_HAS },
	{ "since",		required_argument,	NULL,	OPT_SINCE },
	{ "until",		required_argument,	NULL,	OPT_UNTIL },
	{ "unique",		required_argument,	NULL,	OPT_UNIQUE },
	{ "where",		required_argument,	NULL,	OPT_WHERE },
	{ NULL,			0,			NULL,	0 }
};

/* Case handling of the patterns: -i, -S, or neither (the last one given). */
enum casing { CASE_EXACT, CASE_IGNORE, CASE_SMART };

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

/* A set of strings, for --unique: open addressing, FNV-1a. */
struct set {
	char	**slot;
	size_t	 *slen;
	uint64_t *hash;
	size_t	 cap, n;
};

/* The raw value of a field in the current line; p is NULL if absent. */
struct value {
	const char	*p;
	size_t		 len;
	enum pp_jtype	 type;
};

static struct pattern *pats;
static size_t npats;
static int have_patterns;	/* -e, -f or an operand gave the list */
static const char **fields;	/* -k, or title and abstract */
static size_t *fieldlen;
static size_t nfields;
static const char **has_keys;	/* --has */
static size_t nhas;

static int cflag, qflag, sflag, vflag, wflag, xflag, Fflag, all_flag;
static int accents_flag;
static enum casing casing = CASE_EXACT;
static long long max_count = -1;
static const char *since, *until, *unique_key, *where_expr;

static jq_state *jq;		/* --where, compiled once */
static struct set seen;		/* --unique */

/* Per line, reused: the parse, the fields' values, their texts. */
static struct pp_record rec;
static struct value *fvals;
static struct text ftext;
static struct pp_buf linefold[4], scratch;	/* the line folded, by fold */

/* What the prefilter found out about the whole line: -1 not yet. */
struct linefacts {
	int	backslash, escape_u, ascii;
	int	folds_ascii[4];		/* holds a character folding to ASCII */
	int	folded[4];		/* linefold[fold] is this line's */
};
static struct linefacts facts;
static int skimming;		/* fvals come from a skim, not the parser */
static int match_error;		/* PCRE2's error code, or 0 */

static unsigned char *ascii_folding[4];	/* by fold: chars folding to ASCII */
static unsigned char lower[256];

static void
add_pattern(const char *s, size_t len)
{
	if (npats % 16 == 0)
		pats = xreallocarray(pats, npats + 16, sizeof(*pats));
	memset(&pats[npats], 0, sizeof(*pats));
	pats[npats].src = xmemdup(s, len);
	pats[npats].srclen = len;
	npats++;
}

/* -f FILE: one pattern a line, as grep reads them; an empty file has none. */
static void
read_patterns(const char *name)
{
	struct pp_input in;

	if (pp_input_open(&in, name) == -1)
		exit(PP_ERROR);
	while (pp_input_next(&in) == 1)
		add_pattern(in.line, in.len);
	if (pp_status != PP_OK)
		exit(PP_ERROR);
	pp_input_close(&in);
}

/* --- regular expressions ------------------------------------------------ */

static size_t
utf8_len(const char *s, size_t len)
{
	unsigned char c = (unsigned char)*s;
	size_t n = c < 0xc0 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;

	return n <= len ? n : len;
}

static int
is_alnum(int c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	    (c >= 'A' && c <= 'Z');
}

/* Length of the escape at re[0] == '\\', braces and names included. */
static size_t
escape_len(const char *re, size_t len)
{
	const char *close;
	size_t i;

	if (len < 2)
		return len;
	if (strchr("pPxoNgkc", re[1]) == NULL)
		return 1 + utf8_len(re + 1, len - 1);
	if (re[1] == 'c')
		return len < 3 ? len : 3;
	if (len > 2 && (re[2] == '{' || re[2] == '<' || re[2] == '\'')) {
		close = re[2] == '{' ? "}" : re[2] == '<' ? ">" : "'";
		for (i = 3; i < len; i++)
			if (re[i] == *close)
				return i + 1;
		return len;
	}
	return 2;
}

/*
 * Appends re folded as the text will be: its literal characters folded,
 * its syntax left alone (\S is not \s, (*UCP) is not (*ucp)).  Group
 * names in references may come out changed; see BUGS in the manual.
 */
static void
fold_regex(struct pp_buf *out, const char *re, size_t len, int flags)
{
	size_t i = 0, run, n;

	while (i < len) {
		run = i;
		while (i < len && re[i] != '\\' && !(re[i] == '(' &&
		    i + 1 < len && (re[i + 1] == '?' || re[i + 1] == '*')))
			i++;
		pp_text_fold(out, re + run, i - run, flags);
		if (i == len)
			break;
		if (re[i] == '\\' && i + 1 < len && re[i + 1] == 'Q') {
			/* \Q...\E quotes literal text: fold it */
			pp_buf_add(out, "\\Q", 2);
			i += 2;
			for (run = i; i < len; i++)
				if (re[i] == '\\' && i + 1 < len && re[i + 1] == 'E')
					break;
			pp_text_fold(out, re + run, i - run, flags);
			continue;
		}
		if (re[i] == '\\') {
			n = escape_len(re + i, len - i);
		} else if (re[i + 1] == '*' || (i + 2 < len && re[i + 2] == '#')) {
			for (n = 2; i + n < len && re[i + n] != ')'; n++)
				continue;
		} else if (i + 2 < len && re[i + 2] == '\'') {
			for (n = 3; i + n < len && re[i + n] != '\''; n++)
				continue;
		} else {
			for (n = 2; i + n < len &&
			    strchr(":)>=!|'", re[i + n]) == NULL; n++)
				continue;
		}
		if (i + n < len && re[i] == '(')
			n++;
		pp_buf_add(out, re + i, n);
		i += n;
	}
}

/* Index just past the class starting at re[i] == '[', or 0. */
static size_t
class_end(const char *re, size_t len, size_t i)
{
	i++;
	if (i < len && re[i] == '^')
		i++;
	if (i < len && re[i] == ']')
		i++;
	while (i < len) {
		if (re[i] == '\\')
			i += 2;
		else if (re[i] == '[' && i + 1 < len && re[i + 1] == ':') {
			for (i += 2; i + 1 < len && !(re[i] == ':' &&
			    re[i + 1] == ']'); i++)
				continue;
			i += 2;
		} else if (re[i] == ']')
			return i + 1;
		else
			i++;
	}
	return 0;
}

/* Index just past the group starting at re[i] == '(', or 0. */
static size_t
group_end(const char *re, size_t len, size_t i)
{
	size_t depth = 0;

	while (i < len) {
		switch (re[i]) {
		case '\\':
			i += 2;
			continue;
		case '[':
			if ((i = class_end(re, len, i)) == 0)
				return 0;
			continue;
		case '(':
			depth++;
			break;
		case ')':
			if (--depth == 0)
				return i + 1;
			break;
		}
		i++;
	}
	return 0;
}

/*
 * If re[i] starts a quantifier, returns its length (lazy and possessive
 * marks included) and its minimum in *min; else 0.
 */
static size_t
quantifier(const char *re, size_t len, size_t i, long *min)
{
	size_t j = i;

	if (re[i] == '?' || re[i] == '*')
		*min = 0;
	else if (re[i] == '+')
		*min = 1;
	else {
		/* {n}, {n,}, {n,m}; anything else is literal text */
		if (++j >= len || re[j] < '0' || re[j] > '9')
			return 0;
		*min = 0;
		while (j < len && re[j] >= '0' && re[j] <= '9')
			*min = *min > 100000 ? *min : *min * 10 + (re[j++] - '0');
		if (j < len && re[j] == ',')
			while (++j < len && re[j] >= '0' && re[j] <= '9')
				continue;
		if (j >= len || re[j] != '}')
			return 0;
	}
	j++;
	if (j < len && (re[j] == '?' || re[j] == '+'))
		j++;
	return j - i;
}

/* Keeps run in best if it is longer. */
static void
keep_longer(struct pp_buf *best, const struct pp_buf *run)
{
	if (run->len > best->len) {
		pp_buf_reset(best);
		pp_buf_add(best, run->s, run->len);
	}
}

/*
 * The longest literal every match of the branch re[0..len) (no top-level
 * '|') must contain, into best.  Returns -1 when the syntax is more than
 * this reader follows: then nothing is known and nothing is skipped.
 */
static int
branch_literal(const char *re, size_t len, struct pp_buf *best)
{
	struct pp_buf run = { 0 };
	size_t i = 0, n, last = 0, q;
	int lastlit = 0, ret = 0;
	long min;

	pp_buf_reset(best);
	pp_buf_add(&run, "", 0);
	while (i < len) {
		unsigned char c = (unsigned char)re[i];

		if (c != 0 && c < 0x80 && strchr("\\.^$[()|?*+{", c) != NULL) {
			if (c == '\\') {
				if (i + 1 == len)
					goto unknown;
				c = (unsigned char)re[i + 1];
				if (!is_alnum(c)) {
					/* an escaped character stands for itself */
					n = utf8_len(re + i + 1, len - i - 1);
					last = run.len;
					pp_buf_add(&run, re + i + 1, n);
					lastlit = 1;
					i += 1 + n;
					continue;
				}
				if (strchr("dDwWsShHvVRXbBAzZGK", c) == NULL)
					goto unknown;
				i += 2;
			} else if (c == '[') {
				if ((n = class_end(re, len, i)) == 0)
					goto unknown;
				i = n;
			} else if (c == '(') {
				if (i + 1 < len && (re[i + 1] == '?' ||
				    re[i + 1] == '*'))
					goto unknown;
				if ((n = group_end(re, len, i)) == 0)
					goto unknown;
				i = n;
			} else if (c == ')' || c == '|') {
				goto unknown;
			} else if (c == '.' || c == '^' || c == '$') {
				i++;
			} else if ((q = quantifier(re, len, i, &min)) > 0) {
				if (lastlit) {
					if (min == 0)
						run.len = last;
					keep_longer(best, &run);
				}
				pp_buf_reset(&run);
				lastlit = 0;
				i += q;
				continue;
			} else {
				/* '{' not quantifying: skip what it may hold */
				while (i < len && re[i] != '}')
					i++;
				i++;
			}
			/* not a literal: the run ends */
			keep_longer(best, &run);
			pp_buf_reset(&run);
			lastlit = 0;
			continue;
		}
		n = utf8_len(re + i, len - i);
		last = run.len;
		pp_buf_add(&run, re + i, n);
		lastlit = 1;
		i += n;
	}
	keep_longer(best, &run);
	goto done;
unknown:
	ret = -1;
done:
	pp_buf_free(&run);
	return ret;
}

/*
 * How rare a byte is in English text, for choosing which two bytes of a
 * literal to look for first: letters by their frequency, space commonest.
 */
static int
rarity(unsigned char c)
{
	static const char freq[] = "etaoinshrdlcumwfgypbvkjxqz";
	const char *p;

	if (c == ' ')
		return 0;
	if ((p = strchr(freq, lower[c])) != NULL && c != 0)
		return 1 + (int)(p - freq);
	return 20;
}

static void
choose_pair(struct literal *l)
{
	size_t i;

	l->p1 = l->p2 = 0;
	for (i = 0; i < l->alen; i++)
		if (rarity((unsigned char)l->ascii[i]) >
		    rarity((unsigned char)l->ascii[l->p1]))
			l->p1 = i;
	l->p2 = l->p1 == 0 && l->alen > 1 ? 1 : 0;
	for (i = 0; i < l->alen; i++)
		if (i != l->p1 && rarity((unsigned char)l->ascii[i]) >
		    rarity((unsigned char)l->ascii[l->p2]))
			l->p2 = i;
}

static void
literal_init(struct literal *l, const char *s, size_t len)
{
	size_t i, j;

	l->s = xmemdup(s, len);
	l->len = len;
	l->alen = 0;
	l->ascii = l->s;
	for (i = 0; i < len; i = j) {
		for (j = i; j < len && (unsigned char)s[j] < 0x80; j++)
			continue;
		if (j - i > l->alen) {
			l->ascii = l->s + i;
			l->alen = j - i;
		}
		while (j < len && (unsigned char)s[j] >= 0x80)
			j++;
	}
	l->special = 0;
	for (i = 0; i < len; i++)
		if (s[i] == '"' || s[i] == '\\' || s[i] == '/' ||
		    (unsigned char)s[i] < 0x20)
			l->special = 1;
	choose_pair(l);
}

/*
 * The literals of a pattern (already folded): every top-level branch must
 * yield one, else the pattern has none and every line is a candidate.
 */
static void
pattern_literals(struct pattern *p, const char *re, size_t len)
{
	struct pp_buf best = { 0 };
	size_t i = 0, start = 0, n;
	int fixed = Fflag;

	for (;;) {
		if (!fixed) {
			while (i < len && re[i] != '|') {
				if (re[i] == '\\')
					i += 2;
				else if (re[i] == '[') {
					if ((n = class_end(re, len, i)) == 0)
						goto none;
					i = n;
				} else if (re[i] == '(') {
					if ((n = group_end(re, len, i)) == 0)
						goto none;
					i = n;
				} else
					i++;
			}
			if (i > len)
				goto none;
			if (branch_literal(re + start, i - start, &best) == -1 ||
			    best.len == 0)
				goto none;
		} else {
			i = len;
			pp_buf_reset(&best);
			pp_buf_add(&best, re, len);
			if (len == 0)
				goto none;
		}
		p->lits = xreallocarray(p->lits, p->nlits + 1, sizeof(*p->lits));
		literal_init(&p->lits[p->nlits++], best.s, best.len);
		if (i >= len)
			break;
		start = ++i;
	}
	pp_buf_free(&best);
	return;
none:
	for (i = 0; i < p->nlits; i++)
		free(p->lits[i].s);
	free(p->lits);
	p->lits = NULL;
	p->nlits = 0;
	pp_buf_free(&best);
}

/* Does the pattern, folded for case, differ from itself unfolded? */
static int
has_upper(const struct pattern *p)
{
	struct pp_buf a = { 0 }, b = { 0 };
	int differ;

	if (Fflag) {
		pp_text_fold(&a, p->src, p->srclen, 0);
		pp_text_fold(&b, p->src, p->srclen, PP_FOLD_CASE);
	} else {
		fold_regex(&a, p->src, p->srclen, 0);
		fold_regex(&b, p->src, p->srclen, PP_FOLD_CASE);
	}
	differ = a.len != b.len || memcmp(a.s, b.s, a.len) != 0;
	pp_buf_free(&a);
	pp_buf_free(&b);
	return differ;
}

static void
compile_pattern(struct pattern *p)
{
	struct pp_buf folded = { 0 }, re = { 0 };
	PCRE2_UCHAR msg[256];
	PCRE2_SIZE erroff;
	uint32_t options = PCRE2_UTF | PCRE2_UCP;
	size_t i;
	int errcode;

	if (!pp_utf8_valid(p->src, p->srclen))
		pp_fatal("pattern is not valid UTF-8: %s", p->src);
	if (casing == CASE_IGNORE || (casing == CASE_SMART && !has_upper(p)))
		p->fold |= PP_FOLD_CASE;
	if (accents_flag)
		p->fold |= PP_FOLD_MARKS;
	if (p->fold & PP_FOLD_CASE)
		options |= PCRE2_CASELESS;

	pp_buf_add(&folded, "", 0);
	if (Fflag)
		pp_text_fold(&folded, p->src, p->srclen, p->fold);
	else if (p->fold != 0)
		fold_regex(&folded, p->src, p->srclen, p->fold);
	else
		pp_buf_add(&folded, p->src, p->srclen);
	pattern_literals(p, folded.s, folded.len);

	/* -w as GNU grep has it: no word character on either side */
	pp_buf_adds(&re, xflag ? "\\A(?:" : wflag ? "(?<!\\w)(?:" : "(?:");
	for (i = 0; i < folded.len; i++) {
		unsigned char c = (unsigned char)folded.s[i];

		if (Fflag && c < 0x80 && !is_alnum(c) && c > ' ')
			pp_buf_addc(&re, '\\');
		pp_buf_addc(&re, c);
	}
	pp_buf_adds(&re, xflag ? ")\\z" : wflag ? ")(?!\\w)" : ")");

	p->re = pcre2_compile((PCRE2_SPTR)re.s, re.len, options, &errcode,
	    &erroff, NULL);
	if (p->re == NULL) {
		pcre2_get_error_message(errcode, msg, sizeof(msg));
		pp_fatal("bad regular expression '%s': %s", p->src, (char *)msg);
	}
	pcre2_jit_compile(p->re, PCRE2_JIT_COMPLETE);
	p->md = pcre2_match_data_create_from_pattern(p->re, NULL);
	pp_buf_free(&folded);
	pp_buf_free(&re);
}

/* --- the prefilter ------------------------------------------------------ */

/*
 * Marks the characters whose folding (NFC, as pp_text_fold does it) holds
 * an ASCII byte or nothing at all: for case, the Kelvin sign, long s, the
 * ligatures, sharp s, dotted I and a few more; without accents, also every
 * accented Latin letter and every combining mark.  A line without any of
 * them folds its ASCII letters only from its own ASCII letters.
 */
static void
init_ascii_folding(int fold)
{
	const utf8proc_property_t *prop;
	utf8proc_uint8_t u[4];
	struct pp_buf out = { 0 };
	unsigned char *map;
	utf8proc_int32_t cp;
	utf8proc_ssize_t n;
	size_t i;
	int hit, mark;

	map = ascii_folding[fold] = xcalloc(0x110000 / 8, 1);
	for (cp = 0x80; cp < 0x110000; cp++) {
		if (cp >= 0xd800 && cp <= 0xdfff)
			continue;
		prop = utf8proc_get_property(cp);
		mark = prop->category == UTF8PROC_CATEGORY_MN ||
		    prop->category == UTF8PROC_CATEGORY_MC ||
		    prop->category == UTF8PROC_CATEGORY_ME;
		if (prop->decomp_seqindex == UINT16_MAX &&
		    prop->casefold_seqindex == UINT16_MAX &&
		    !(mark && (fold & PP_FOLD_MARKS)))
			continue;
		n = utf8proc_encode_char(cp, u);
		pp_buf_reset(&out);
		pp_text_fold(&out, (const char *)u, (size_t)n, fold);
		hit = out.len == 0;
		for (i = 0; i < out.len; i++)
			if ((unsigned char)out.s[i] < 0x80)
				hit = 1;
		if (hit)
			map[cp >> 3] |= 1 << (cp & 7);
	}
	pp_buf_free(&out);
}

static int
line_is_ascii(const char *s, size_t len)
{
	uint64_t w, any = 0;
	size_t i = 0;

	for (; i + 8 <= len; i += 8) {
		memcpy(&w, s + i, 8);
		any |= w;
	}
	for (; i < len; i++)
		any |= (unsigned char)s[i];
	return (any & 0x8080808080808080ULL) == 0;
}

/* Does the line hold a character that folds to ASCII (see above)? */
static int
has_ascii_folding(const char *s, size_t len, const unsigned char *map)
{
	const char *p = s, *end = s + len;
	uint64_t w;
	int32_t cp;

	while (p < end) {
		while (end - p >= 8) {
			memcpy(&w, p, 8);
			if (w & 0x8080808080808080ULL)
				break;
			p += 8;
		}
		while (p < end && (unsigned char)*p < 0x80)
			p++;
		if (p == end)
			break;
		p += pp_utf8_decode(p, (size_t)(end - p), &cp);
		if (map[cp >> 3] & (1 << (cp & 7)))
			return 1;
	}
	return 0;
}

/*
 * Does the line hold a JSON escape that may stand for part of a literal:
 * \uXXXX, or with special, any escape?
 */
static int
has_escape(const char *s, size_t len, int special)
{
	const char *p = s, *end = s + len;

	while ((p = memchr(p, '\\', (size_t)(end - p))) != NULL) {
		if (special || (p + 1 < end && p[1] == 'u'))
			return 1;
		p += 2;
		if (p >= end)
			break;
	}
	return 0;
}

/* Is l->ascii at h, ASCII letters in any case? */
static int
same_nocase(const unsigned char *h, const struct literal *l)
{
	size_t j;

	for (j = 0; j < l->alen; j++)
		if (lower[h[j]] != lower[(unsigned char)l->ascii[j]])
			return 0;
	return 1;
}

/*
 * Finds l->ascii in s, ASCII letters in any case: first the places where
 * its two rarest bytes both are, sixteen at a time where the compiler has
 * vectors (a letter matches in either case once 0x20 is or-ed in), then
 * the whole literal there.
 */
static int
find_ascii_nocase(const char *s, size_t len, const struct literal *l)
{
	const unsigned char *h = (const unsigned char *)s;
	size_t m = l->alen, i = 0, last;
	unsigned char c1 = lower[(unsigned char)l->ascii[l->p1]];
	unsigned char c2 = lower[(unsigned char)l->ascii[l->p2]];
	unsigned char m1 = c1 >= 'a' && c1 <= 'z' ? 0x20 : 0;
	unsigned char m2 = c2 >= 'a' && c2 <= 'z' ? 0x20 : 0;

	if (m == 0 || m > len)
		return m == 0;
	last = len - m;		/* the last place the literal may start */
#if defined(__GNUC__)
	typedef unsigned char v16 __attribute__((vector_size(16)));
	v16 a, b, eq;
	uint64_t w[2];
	int j;

	for (; i + 15 <= last; i += 16) {
		memcpy(&a, h + i + l->p1, 16);
		memcpy(&b, h + i + l->p2, 16);
		eq = (v16)(((a | m1) == c1) & ((b | m2) == c2));
		memcpy(w, &eq, 16);
		if ((w[0] | w[1]) == 0)
			continue;
		for (j = 0; j < 16; j++)
			if (((unsigned char *)&eq)[j] && same_nocase(h + i + j, l))
				return 1;
	}
#endif
	for (; i <= last; i++)
		if ((h[i + l->p1] | m1) == c1 && (h[i + l->p2] | m2) == c2 &&
		    same_nocase(h + i, l))
			return 1;
	return 0;
}

/*
 * Can the line hold a match of a pattern with literal l, folding fold?
 * Only a "no" must be certain.  Decoded text differs from the raw line at
 * JSON escapes; folded text differs from it where characters fold.
 */
static int
may_hold(const char *s, size_t len, const struct literal *l, int fold)
{
	struct linefacts *f = &facts;

	if (fold == 0) {
		if (memmem(s, len, l->s, l->len) != NULL)
			return 1;
	} else if (l->alen > 0) {
		if (fold & PP_FOLD_CASE ? find_ascii_nocase(s, len, l) :
		    memmem(s, len, l->ascii, l->alen) != NULL)
			return 1;
	}
	/* the rest holds for the line, whatever the literal: found once */
	if (l->special) {
		if (f->backslash == -1)
			f->backslash = memchr(s, '\\', len) != NULL;
		if (f->backslash)
			return 1;
	} else {
		if (f->escape_u == -1)
			f->escape_u = has_escape(s, len, 0);
		if (f->escape_u)
			return 1;
	}
	if (fold == 0)
		return 0;
	if (l->alen > 0) {
		if (f->folds_ascii[fold] == -1) {
			if (ascii_folding[fold] == NULL)
				init_ascii_folding(fold);	/* 5 ms */
			f->folds_ascii[fold] = has_ascii_folding(s, len,
			    ascii_folding[fold]);
		}
		return f->folds_ascii[fold];
	}
	if (f->ascii == -1)
		f->ascii = line_is_ascii(s, len);
	if (f->ascii)
		return 0;
	/* a literal without ASCII: fold the line */
	if (!f->folded[fold]) {
		pp_buf_reset(&linefold[fold]);
		pp_buf_add(&linefold[fold], "", 0);
		pp_text_fold(&linefold[fold], s, len, fold);
		f->folded[fold] = 1;
	}
	return memmem(linefold[fold].s, linefold[fold].len, l->s, l->len) != NULL;
}

/*
 * Marks in cand[] the patterns whose match the line may hold; returns
 * whether the line may be selected by the patterns at all.
 */
static int
prefilter(const char *s, size_t len, char *cand)
{
	static const struct linefacts unknown = { -1, -1, -1,
	    { -1, -1, -1, -1 }, { 0, 0, 0, 0 } };
	size_t i, j;
	int any = 0, every = 1;

	facts = unknown;
	for (i = 0; i < npats; i++) {
		cand[i] = pats[i].nlits == 0;
		for (j = 0; j < pats[i].nlits && !cand[i]; j++)
			cand[i] = (char)may_hold(s, len, &pats[i].lits[j],
			    pats[i].fold);
		any |= cand[i];
		every &= cand[i];
	}
	return all_flag ? every : any;
}

/* --- matching fields ---------------------------------------------------- */

static void
text_set(struct text *t, const char *raw, size_t len, enum pp_jtype type)
{
	size_t i;

	for (i = 0; i < 4; i++)
		t->have[i] = 0;
	if (type == PP_JSTRING && memchr(raw, '\\', len) != NULL) {
		pp_buf_reset(&t->decoded);
		pp_json_unquote(&t->decoded, raw, len);
		t->s = t->decoded.s;
		t->len = t->decoded.len;
	} else if (type == PP_JSTRING) {
		t->s = raw + 1;
		t->len = len - 2;
	} else {
		t->s = raw;
		t->len = len;
	}
}

static int
text_matches(struct text *t, struct pattern *p)
{
	const char *s = t->s;
	size_t len = t->len;
	uint32_t options = PCRE2_NO_UTF_CHECK;
	int rc;

	if (p->fold != 0) {
		if (!t->have[p->fold]) {
			pp_buf_reset(&t->folded[p->fold]);
			pp_buf_add(&t->folded[p->fold], "", 0);
			pp_text_fold(&t->folded[p->fold], t->s, t->len, p->fold);
			t->have[p->fold] = 1;
		}
		s = t->folded[p->fold].s;
		len = t->folded[p->fold].len;
	} else if (skimming)
		options = 0;	/* the text is not known to be UTF-8 */
	rc = pcre2_match(p->re, (PCRE2_SPTR)(s != NULL ? s : ""), len, 0,
	    options, p->md, NULL);
	if (rc < 0 && rc != PCRE2_ERROR_NOMATCH) {
		/* a resource limit; while skimming, maybe not UTF-8 */
		if (match_error == 0)
			match_error = rc;
		return 1;
	}
	return rc >= 0;
}

/*
 * Matches the candidate patterns against one value; matched[] collects
 * the patterns that matched.  Returns how many still matter.
 */
static size_t
match_value(struct text *t, const char *cand, char *matched, size_t left)
{
	size_t i;

	for (i = 0; i < npats && left > 0; i++) {
		if (!cand[i] || matched[i])
			continue;
		if (text_matches(t, &pats[i])) {
			matched[i] = 1;
			left = all_flag ? left - 1 : 0;
		}
	}
	return left;
}

/* Do the field values match the patterns (any, or all with --all)? */
static int
values_match(const char *cand, char *matched)
{
	struct pp_span elem, array;
	enum pp_jtype type;
	size_t i, pos, left;

	if (npats == 0)
		return all_flag;
	memset(matched, 0, npats);
	left = all_flag ? npats : 1;
	for (i = 0; i < nfields && left > 0; i++) {
		if (fvals[i].p == NULL)
			continue;
		if (fvals[i].type == PP_JSTRING || fvals[i].type == PP_JNUMBER) {
			text_set(&ftext, fvals[i].p, fvals[i].len, fvals[i].type);
			left = match_value(&ftext, cand, matched, left);
		} else if (fvals[i].type == PP_JARRAY) {
			pos = 0;
			array.p = fvals[i].p;
			array.len = fvals[i].len;
			while (left > 0 && pp_json_array_next(&array, &pos,
			    &elem, &type)) {
				if (type != PP_JSTRING && type != PP_JNUMBER)
					continue;
				text_set(&ftext, elem.p, elem.len, type);
				left = match_value(&ftext, cand, matched, left);
			}
		}
	}
	return left == 0;
}

static int
fields_match(const struct pp_record *r, const char *cand, char *matched)
{
	const struct pp_member *m;
	size_t i;

	for (i = 0; i < nfields; i++) {
		m = pp_record_get(r, fields[i]);
		fvals[i].p = m != NULL ? m->value.p : NULL;
		fvals[i].len = m != NULL ? m->value.len : 0;
		fvals[i].type = m != NULL ? m->type : PP_JNULL;
	}
	return values_match(cand, matched);
}

/* --- skimming ------------------------------------------------------------- */

/*
 * Most candidate lines hold a pattern's literal somewhere else than in the
 * fields searched (in the abstract, when -k title).  Rather than parse
 * them, skim: find the top-level members without validating anything,
 * match, and parse only the lines that may be selected.  On valid JSON the
 * skim finds what the parser finds; on invalid JSON its answer may be
 * wrong, but then a line it rejects could not have been written anyway.
 * A line with a backslash is not skimmed: unescaped, every string ends at
 * the next quote.
 */
static const char *
skim_ws(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
		p++;
	return p;
}

/* The end of the value at p, or NULL; its type in *type. */
static const char *
skim_value(const char *p, const char *end, enum pp_jtype *type)
{
	size_t depth = 0;

	if (p == end)
		return NULL;
	switch (*p) {
	case '"':
		*type = PP_JSTRING;
		p = memchr(p + 1, '"', (size_t)(end - p - 1));
		return p != NULL ? p + 1 : NULL;
	case '[':
	case '{':
		*type = *p == '[' ? PP_JARRAY : PP_JOBJECT;
		for (; p < end; p++) {
			if (*p == '"') {
				if ((p = memchr(p + 1, '"', (size_t)(end - p - 1))) == NULL)
					return NULL;
			} else if (*p == '[' || *p == '{')
				depth++;
			else if ((*p == ']' || *p == '}') && --depth == 0)
				return p + 1;
		}
		return NULL;
	default:
		*type = *p == 't' ? PP_JTRUE : *p == 'f' ? PP_JFALSE :
		    *p == 'n' ? PP_JNULL : PP_JNUMBER;
		while (p < end && strchr(",}] \t\n\r", *p) == NULL)
			p++;
		return p;
	}
}

/* Fills fvals from the raw line; -1 if the line is more than a skim. */
static int
skim(const char *line, size_t len)
{
	const char *p = line, *end = line + len, *key, *q;
	enum pp_jtype type;
	size_t i, klen;

	if (memchr(line, '\\', len) != NULL)
		return -1;
	for (i = 0; i < nfields; i++)
		fvals[i].p = NULL;
	p = skim_ws(p, end);
	if (p == end || *p++ != '{')
		return -1;
	p = skim_ws(p, end);
	if (p < end && *p == '}')
		return 0;
	for (;;) {
		if (p == end || *p != '"')
			return -1;
		key = p + 1;
		if ((p = memchr(key, '"', (size_t)(end - key))) == NULL)
			return -1;
		klen = (size_t)(p - key);
		p = skim_ws(p + 1, end);
		if (p == end || *p++ != ':')
			return -1;
		p = skim_ws(p, end);
		if ((q = skim_value(p, end, &type)) == NULL)
			return -1;
		for (i = 0; i < nfields; i++)
			if (fieldlen[i] == klen && memcmp(fields[i], key, klen) == 0) {
				fvals[i].p = p;
				fvals[i].len = (size_t)(q - p);
				fvals[i].type = type;
			}
		p = skim_ws(q, end);
		if (p < end && *p == ',') {
			p = skim_ws(p + 1, end);
			continue;
		}
		return p < end && *p == '}' ? 0 : -1;
	}
}

/* --- record predicates -------------------------------------------------- */

/* Is s YYYY, YYYY-MM or YYYY-MM-DD (a real month and day)? */
static int
date_ok(const char *s)
{
	struct pp_date d;
	size_t n = strlen(s);

	return n > 0 && pp_date_parse(s, n, &d) == n;
}

/*
 * --since and --until compare the record's date on the option's precision:
 * --until 2024-03 keeps all of March.  A record without a date as precise
 * as the option's is not known to be in range and is not kept.
 */
static int
date_in_range(const struct pp_record *r)
{
	const struct pp_member *m;
	struct text t = { 0 };
	const char *d;
	size_t i, n;
	int keep = 1;

	if ((m = pp_record_get(r, "date")) == NULL || m->type != PP_JSTRING)
		return 0;
	text_set(&t, m->value.p, m->value.len, m->type);
	d = t.s;
	if (since != NULL) {
		n = strlen(since);
		for (i = 0; i < n && keep; i++)
			keep = i < t.len && (since[i] == '-' ? d[i] == '-' :
			    d[i] >= '0' && d[i] <= '9');
		keep = keep && memcmp(d, since, n) >= 0;
	}
	if (until != NULL && keep) {
		n = strlen(until);
		for (i = 0; i < n && keep; i++)
			keep = i < t.len && (until[i] == '-' ? d[i] == '-' :
			    d[i] >= '0' && d[i] <= '9');
		keep = keep && memcmp(d, until, n) <= 0;
	}
	pp_buf_free(&t.decoded);
	return keep;
}

static int
has_all_keys(const struct pp_record *r)
{
	const struct pp_member *m;
	size_t i;

	for (i = 0; i < nhas; i++)
		if ((m = pp_record_get(r, has_keys[i])) == NULL ||
		    m->type == PP_JNULL)
			return 0;
	return 1;
}

static void
where_error(void *data, jv msg)
{
	(void)data;
	if (jv_get_kind(msg) != JV_KIND_STRING)
		msg = jv_dump_string(msg, 0);
	fprintf(stderr, "%s: --where: %s\n", pp_progname, jv_string_value(msg));
	jv_free(msg);
}

/* Does the --where expression give a true value (not false or null)? */
static int
where_keeps(struct pp_input *in, const struct pp_record *r)
{
	jv v, msg;
	int keep = 0;

	if (r->len > INT_MAX) {
		pp_error_at(in, "--where: record too long for jq");
		return 0;
	}
	v = jv_parse_sized(r->line, (int)r->len);
	if (!jv_is_valid(v)) {
		msg = jv_invalid_get_msg(v);
		pp_error_at(in, "--where: %s", jv_get_kind(msg) == JV_KIND_STRING ?
		    jv_string_value(msg) : "jq cannot read the record");
		jv_free(msg);
		return 0;
	}
	jq_start(jq, v, 0);
	for (;;) {
		v = jq_next(jq);
		if (!jv_is_valid(v))
			break;
		keep = jv_get_kind(v) != JV_KIND_NULL &&
		    jv_get_kind(v) != JV_KIND_FALSE;
		jv_free(v);
		if (keep)
			return 1;
	}
	if (jv_invalid_has_msg(jv_copy(v))) {
		msg = jv_invalid_get_msg(v);
		if (jv_get_kind(msg) != JV_KIND_STRING)
			msg = jv_dump_string(msg, 0);
		pp_error_at(in, "--where: %s", jv_string_value(msg));
		jv_free(msg);
	} else
		jv_free(v);
	return 0;
}

static uint64_t
fnv1a(const char *s, size_t len)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

/* Adds s to the set; returns 0 if it was there already. */
static int
set_add(struct set *set, const char *s, size_t len)
{
	struct set old;
	uint64_t h = fnv1a(s, len);
	size_t i;

	if (2 * (set->n + 1) > set->cap) {
		old = *set;
		set->cap = old.cap ? old.cap * 2 : 1024;
		set->slot = xcalloc(set->cap, sizeof(*set->slot));
		set->slen = xcalloc(set->cap, sizeof(*set->slen));
		set->hash = xcalloc(set->cap, sizeof(*set->hash));
		for (i = 0; i < old.cap; i++) {
			size_t j;

			if (old.slot[i] == NULL)
				continue;
			for (j = old.hash[i] & (set->cap - 1);
			    set->slot[j] != NULL; j = (j + 1) & (set->cap - 1))
				continue;
			set->slot[j] = old.slot[i];
			set->slen[j] = old.slen[i];
			set->hash[j] = old.hash[i];
		}
		free(old.slot);
		free(old.slen);
		free(old.hash);
	}
	for (i = h & (set->cap - 1); set->slot[i] != NULL;
	    i = (i + 1) & (set->cap - 1))
		if (set->hash[i] == h && set->slen[i] == len &&
		    memcmp(set->slot[i], s, len) == 0)
			return 0;
	set->slot[i] = xmemdup(s, len);
	set->slen[i] = len;
	set->hash[i] = h;
	set->n++;
	return 1;
}

/* Appends a string value squeezed and case folded, for --unique. */
static void
unique_text(struct pp_buf *out, const char *raw, size_t len, enum pp_jtype type)
{
	struct text t = { 0 };
	struct pp_buf sq = { 0 };

	text_set(&t, raw, len, type);
	if (type == PP_JSTRING) {
		pp_buf_add(&sq, "", 0);
		pp_text_squeeze(&sq, t.s, t.len);
		pp_text_fold(out, sq.s, sq.len, PP_FOLD_CASE);
	} else
		pp_buf_add(out, raw, len);
	pp_buf_free(&sq);
	pp_buf_free(&t.decoded);
}

/*
 * Is this the first record with its value of the --unique key?  A record
 * without the key (or null) has no value to repeat and is kept.
 */
static int
first_of_its_kind(const struct pp_record *r)
{
	const struct pp_member *m;
	struct pp_span elem;
	enum pp_jtype type;
	size_t pos = 0;

	if ((m = pp_record_get(r, unique_key)) == NULL || m->type == PP_JNULL)
		return 1;
	pp_buf_reset(&scratch);
	pp_buf_addc(&scratch, "0ftnsao"[m->type]);
	if (m->type == PP_JARRAY)
		while (pp_json_array_next(&m->value, &pos, &elem, &type)) {
			pp_buf_addc(&scratch, '\x1e');
			unique_text(&scratch, elem.p, elem.len, type);
		}
	else
		unique_text(&scratch, m->value.p, m->value.len, m->type);
	return set_add(&seen, scratch.s, scratch.len);
}

/* --- the walk ----------------------------------------------------------- */

/* Parses the line into rec; reports it, and returns -1, if it is bad. */
static int
parse_line(struct pp_input *in)
{
	char err[128];

	if (pp_record_parse(&rec, in->line, in->len, err, sizeof(err)) == 0)
		return 0;
	if (strcmp(err, "not a JSON object") == 0)
		pp_error_at(in, "%s", err);
	else
		pp_error_at(in, "invalid JSON: %s", err);
	return -1;
}

/*
 * A line the patterns rule out is still validated: a bad line is always
 * reported, never dropped silently.  The validating scan costs a fraction
 * of what parsing for a match would.
 */
static int
ruled_out(struct pp_input *in)
{
	parse_line(in);
	return 0;
}

/* Is the line selected?  Reports bad lines; 0 for them. */
static int
selected(struct pp_input *in, char *cand, char *matched)
{
	PCRE2_UCHAR msg[256];
	int hit = 1, known = 0;

	if (have_patterns) {
		hit = prefilter(in->line, in->len, cand);
		if (!hit && !vflag)
			return ruled_out(in);
		if (hit && skim(in->line, in->len) == 0) {
			skimming = 1;
			match_error = 0;
			hit = values_match(cand, matched);
			skimming = 0;
			if (match_error == 0) {
				/* what the parser would find, if the line is valid */
				if (hit == vflag)
					return ruled_out(in);
				known = 1;
			}
		}
	}
	if (parse_line(in) == -1)
		return 0;
	if (have_patterns && hit && !known) {
		match_error = 0;
		hit = fields_match(&rec, cand, matched);
		if (match_error != 0) {
			pcre2_get_error_message(match_error, msg, sizeof(msg));
			pp_error_at(in, "cannot match: %s", (char *)msg);
			return 0;
		}
	}
	if (hit == vflag)
		return 0;
	if (nhas > 0 && !has_all_keys(&rec))
		return 0;
	if ((since != NULL || until != NULL) && !date_in_range(&rec))
		return 0;
	if (where_expr != NULL && !where_keeps(in, &rec))
		return 0;
	if (unique_key != NULL && !first_of_its_kind(&rec))
		return 0;
	return 1;
}

/*
 * Opens a file; with -s, one that cannot be opened counts as an error
 * but is not reported, as grep -s has it.
 */
static int
open_input(struct pp_input *in, const char *name)
{
	struct stat st;
	int fd;

	if (sflag && strcmp(name, "-") != 0) {
		if ((fd = open(name, O_RDONLY)) == -1) {
			pp_status = PP_ERROR;
			return -1;
		}
		if (fstat(fd, &st) == -1 || S_ISDIR(st.st_mode)) {
			close(fd);
			pp_status = PP_ERROR;
			return -1;
		}
		close(fd);
	}
	return pp_input_open(in, name);
}

static void
grep_files(int argc, char **argv)
{
	static char *stdin_only[] = { "-", NULL };
	struct pp_input in;
	char *cand, *matched;
	long long count, total = 0;
	int i;

	if (argc == 0) {
		argc = 1;
		argv = stdin_only;
	}
	cand = xcalloc(npats + 1, 1);
	matched = xcalloc(npats + 1, 1);
	for (i = 0; i < argc; i++) {
		count = 0;
		if (max_count != 0 && open_input(&in, argv[i]) == 0) {
			while (pp_input_next(&in) == 1) {
				if (pp_is_blank(in.line, in.len) ||
				    !selected(&in, cand, matched))
					continue;
				count++;
				if (qflag) {
					pp_finish();
					exit(PP_OK);
				}
				if (!cflag) {
					pp_write(in.line, in.len);
					pp_write("\n", 1);
				}
				if (count == max_count)
					break;
			}
			pp_input_close(&in);
		}
		if (cflag && !qflag && argc > 1)
			printf("%s:%lld\n", argv[i], count);
		total += count;
	}
	if (cflag && !qflag && argc == 1)
		printf("%lld\n", total);
	free(cand);
	free(matched);
	if (total == 0 && pp_status == PP_OK)
		pp_status = PP_NOMATCH;
}

int
main(int argc, char *argv[])
{
	char *end;
	int ch, i, Eflag = 0;

	pp_init(argv[0]);
	for (i = 0; i < 256; i++)
		lower[i] = (unsigned char)(i >= 'A' && i <= 'Z' ? i + 32 : i);

	while ((ch = getopt_long(argc, argv, "cEe:Ff:hik:m:qSsVvwx", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'c':
			cflag = 1;
			break;
		case 'E':
			Eflag = 1;
			break;
		case 'e':
			add_pattern(optarg, strlen(optarg));
			have_patterns = 1;
			break;
		case 'F':
			Fflag = 1;
			break;
		case 'f':
			read_patterns(optarg);
			have_patterns = 1;
			break;
		case 'i':
			casing = CASE_IGNORE;
			break;
		case 'k':
			fields = xreallocarray(fields, nfields + 1,
			    sizeof(*fields));
			fields[nfields++] = optarg;
			break;
		case 'm':
			errno = 0;
			max_count = strtoll(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || max_count < 0 ||
			    errno != 0)
				pp_fatal("-m %s: not a count", optarg);
			break;
		case 'q':
			qflag = 1;
			break;
		case 'S':
			casing = CASE_SMART;
			break;
		case 's':
			sflag = 1;
			break;
		case 'V':
			pp_version();
			break;
		case 'v':
			vflag = 1;
			break;
		case 'w':
			wflag = 1;
			break;
		case 'x':
			xflag = 1;
			break;
		case OPT_ALL:
			all_flag = 1;
			break;
		case OPT_ACCENTS:
			accents_flag = 1;
			break;
		case OPT_HAS:
			has_keys = xreallocarray(has_keys, nhas + 1,
			    sizeof(*has_keys));
			has_keys[nhas++] = optarg;
			break;
		case OPT_SINCE:
		case OPT_UNTIL:
			if (!date_ok(optarg))
				pp_fatal("--%s %s: not YYYY, YYYY-MM or "
				    "YYYY-MM-DD", ch == OPT_SINCE ? "since" :
				    "until", optarg);
			*(ch == OPT_SINCE ? &since : &until) = optarg;
			break;
		case OPT_UNIQUE:
			unique_key = optarg;
			break;
		case OPT_WHERE:
			if (where_expr != NULL)
				pp_fatal("--where given twice: join the "
				    "expressions with 'and'");
			where_expr = optarg;
			break;
		case 'h':
			fprintf(stdout, "usage: %s %s\n", pp_progname, synopsis);
			exit(pp_finish());
		default:
			pp_usage(synopsis);
		}
	}
	argc -= optind;
	argv += optind;

	if (Eflag && Fflag)
		pp_fatal("-E and -F conflict");

	/* Without -e or -f the first operand is the pattern, unless a record
	 * predicate was given: then every operand is a file. */
	if (!have_patterns && nhas == 0 && since == NULL && until == NULL &&
	    where_expr == NULL && unique_key == NULL) {
		if (argc == 0)
			pp_usage(synopsis);
		add_pattern(argv[0], strlen(argv[0]));
		have_patterns = 1;
		argc--;
		argv++;
	}
	if (vflag && !have_patterns)
		pp_fatal("-v inverts the pattern match: give a pattern");
	if (since != NULL && until != NULL && strncmp(since, until,
	    strlen(since) < strlen(until) ? strlen(since) : strlen(until)) > 0)
		pp_warnx("--since %s is after --until %s: nothing can be "
		    "selected", since, until);
	if (nfields == 0) {
		static const char *dflt[] = { "title", "abstract" };

		fields = dflt;
		nfields = 2;
	}
	fieldlen = xreallocarray(NULL, nfields, sizeof(*fieldlen));
	for (i = 0; i < (int)nfields; i++)
		fieldlen[i] = strlen(fields[i]);
	fvals = xcalloc(nfields, sizeof(*fvals));
	for (i = 0; i < (int)npats; i++)
		compile_pattern(&pats[i]);
	if (where_expr != NULL) {
		if ((jq = jq_init()) == NULL)
			pp_fatal("cannot initialize jq");
		jq_set_error_cb(jq, where_error, NULL);
		if (!jq_compile(jq, where_expr))
			pp_fatal("--where '%s': the expression does not compile",
			    where_expr);
	}

	grep_files(argc, argv);

	if (jq != NULL)
		jq_teardown(&jq);
	return pp_finish();
}
