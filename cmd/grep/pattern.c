/*
 * The matcher of pp-grep: patterns compiled with PCRE2 and matched against
 * decoded field text, folded as the options say (Unicode case folding and
 * accent stripping with utf8proc, through pp_text_fold), and a prefilter
 * on the raw line.
 *
 * The prefilter's contract, as ripgrep states it for its own: it may
 * report false positives, it must never report false negatives.  Each
 * pattern yields literals that every match must contain; a line whose raw
 * bytes provably hold none of them cannot match, and its fields are not
 * looked at (the line is still parsed, so a bad line is always reported).
 */
/* memmem(3): glibc's is vectorized; POSIX.1-2024 has it, glibc hides it. */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "pp.h"
#include "grep.h"

static inline unsigned char
lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

void
matcher_add(struct matcher *m, const char *s, size_t len)
{
	if (m->npats % 16 == 0)
		m->pats = xreallocarray(m->pats, m->npats + 16, sizeof(*m->pats));
	memset(&m->pats[m->npats], 0, sizeof(*m->pats));
	m->pats[m->npats].src = xmemdup(s, len);
	m->pats[m->npats].srclen = len;
	m->npats++;
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
	if ((p = strchr(freq, lower(c))) != NULL && c != 0)
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
pattern_literals(struct pattern *p, const char *re, size_t len, int fixed)
{
	struct pp_buf best = { 0 };
	size_t i = 0, start = 0, n;

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

/* Does the pattern, folded for case, differ from itself unfolded? */
static int
has_upper(const struct pattern *p, int fixed)
{
	struct pp_buf a = { 0 }, b = { 0 };
	int differ;

	if (fixed) {
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

/*
 * Compiles src as a regular expression (fixed: as text) with -x or -w
 * around it; NULL with PCRE2's error code.
 */
static pcre2_code *
compile_re(const struct matcher *m, const char *src, size_t len,
    uint32_t options, int *errcode)
{
	struct pp_buf re = { 0 };
	pcre2_code *code;
	PCRE2_SIZE erroff;
	size_t i;
	int fixed = m->flags & MATCH_FIXED;

	/* -w as GNU grep has it: no word character on either side */
	pp_buf_adds(&re, m->flags & MATCH_LINE ? "\\A(?:" :
	    m->flags & MATCH_WORD ? "(?<!\\w)(?:" : "(?:");
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)src[i];

		if (fixed && c < 0x80 && !is_alnum(c) && c > ' ')
			pp_buf_addc(&re, '\\');
		pp_buf_addc(&re, c);
	}
	pp_buf_adds(&re, m->flags & MATCH_LINE ? ")\\z" :
	    m->flags & MATCH_WORD ? ")(?!\\w)" : ")");
	code = pcre2_compile((PCRE2_SPTR)re.s, re.len, options, errcode,
	    &erroff, NULL);
	pp_buf_free(&re);
	if (code != NULL)
		pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);
	return code;
}

static int
compile_pattern(struct matcher *m, struct pattern *p, char *err,
    size_t errlen)
{
	struct pp_buf folded = { 0 };
	PCRE2_UCHAR msg[256];
	uint32_t options = PCRE2_UTF | PCRE2_UCP;
	int errcode, fixed = m->flags & MATCH_FIXED;

	if (!pp_utf8_valid(p->src, p->srclen)) {
		snprintf(err, errlen, "pattern is not valid UTF-8: %.*s",
		    (int)p->srclen, p->src);
		return -1;
	}
	if (m->casing == CASE_IGNORE || (m->casing == CASE_SMART &&
	    !has_upper(p, fixed)))
		p->fold |= PP_FOLD_CASE;
	if (m->flags & MATCH_ACCENTS)
		p->fold |= PP_FOLD_MARKS;
	if (p->fold & PP_FOLD_CASE)
		options |= PCRE2_CASELESS;

	pp_buf_add(&folded, "", 0);
	if (fixed)
		pp_text_fold(&folded, p->src, p->srclen, p->fold);
	else if (p->fold != 0)
		fold_regex(&folded, p->src, p->srclen, p->fold);
	else
		pp_buf_add(&folded, p->src, p->srclen);
	pattern_literals(p, folded.s, folded.len, fixed);
	p->re = compile_re(m, folded.s, folded.len, options, &errcode);
	pp_buf_free(&folded);
	if (p->re == NULL) {
		pcre2_get_error_message(errcode, msg, sizeof(msg));
		snprintf(err, errlen, "bad regular expression '%.*s': %s",
		    (int)p->srclen, p->src, (char *)msg);
		return -1;
	}
	p->md = pcre2_match_data_create_from_pattern(p->re, NULL);
	/*
	 * A match in the text as written, caseless, is a match too: the
	 * folded text has no capital left for \p{Lu}, and "ß" is two
	 * characters there.  Its literals are the folded pattern's, so the
	 * prefilter holds for both.
	 */
	if (!fixed && (p->fold & PP_FOLD_CASE) && (p->raw = compile_re(m,
	    p->src, p->srclen, options, &errcode)) != NULL)
		p->rawmd = pcre2_match_data_create_from_pattern(p->raw, NULL);
	return 0;
}

int
matcher_compile(struct matcher *m, char *err, size_t errlen)
{
	size_t i;

	for (i = 0; i < m->npats; i++)
		if (compile_pattern(m, &m->pats[i], err, errlen) == -1)
			return -1;
	m->cand = xcalloc(m->npats + 1, 1);
	m->matched = xcalloc(m->npats + 1, 1);
	return 0;
}

/* --- the prefilter ------------------------------------------------------ */

/*
 * Marks the characters whose folding (NFC, as pp_text_fold does it) holds
 * an ASCII byte or nothing at all: for case, the Kelvin sign, long s, the
 * ligatures, sharp s, dotted I and a few more; without accents, also every
 * accented Latin letter and every combining mark.  A line without any of
 * them folds its ASCII letters only from its own ASCII letters.
 */
static unsigned char *
ascii_folding_map(int fold)
{
	const utf8proc_property_t *prop;
	utf8proc_uint8_t u[4];
	struct pp_buf out = { 0 };
	unsigned char *map;
	utf8proc_int32_t cp;
	utf8proc_ssize_t n;
	size_t i;
	int hit, mark;

	map = xcalloc(0x110000 / 8, 1);
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
	return map;
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
		if (lower(h[j]) != lower((unsigned char)l->ascii[j]))
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
	unsigned char c1 = lower((unsigned char)l->ascii[l->p1]);
	unsigned char c2 = lower((unsigned char)l->ascii[l->p2]);
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
may_hold(struct matcher *m, const char *s, size_t len, const struct literal *l,
    int fold, int raw)
{
	struct linefacts *f = &m->facts;

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
			if (m->ascii_folding[fold] == NULL)	/* 5 ms */
				m->ascii_folding[fold] = ascii_folding_map(fold);
			f->folds_ascii[fold] = has_ascii_folding(s, len,
			    m->ascii_folding[fold]);
		}
		return f->folds_ascii[fold];
	}
	if (f->ascii == -1)
		f->ascii = line_is_ascii(s, len);
	if (f->ascii)
		return 0;
	/*
	 * A literal without ASCII may be missing from the folded line and
	 * the unfolded expression still match the line as written (an
	 * "и" followed by a combining breve is "й" once in NFC): no
	 * prefilter for such a pattern on such a line.
	 */
	if (raw)
		return 1;
	/* a literal without ASCII: fold the line */
	if (!f->folded[fold]) {
		pp_buf_reset(&m->linefold[fold]);
		pp_buf_add(&m->linefold[fold], "", 0);
		pp_text_fold(&m->linefold[fold], s, len, fold);
		f->folded[fold] = 1;
	}
	return memmem(m->linefold[fold].s, m->linefold[fold].len, l->s, l->len) !=
	    NULL;
}

int
matcher_may_select(struct matcher *m, const char *s, size_t len)
{
	static const struct linefacts unknown = { -1, -1, -1,
	    { -1, -1, -1, -1 }, { 0, 0, 0, 0 } };
	struct pattern *p;
	size_t i, j;
	int any = 0, every = 1;

	m->facts = unknown;
	for (i = 0; i < m->npats; i++) {
		p = &m->pats[i];
		m->cand[i] = p->nlits == 0;
		for (j = 0; j < p->nlits && !m->cand[i]; j++)
			m->cand[i] = (char)may_hold(m, s, len, &p->lits[j],
			    p->fold, p->raw != NULL);
		any |= m->cand[i];
		every &= m->cand[i];
	}
	return m->flags & MATCH_ALL ? every : any;
}

/* --- matching field values ------------------------------------------------ */

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

/* The text as pattern p sees it: folded the way p folds. */
static void
text_for(struct text *t, const struct pattern *p, const char **s, size_t *len)
{
	*s = t->s;
	*len = t->len;
	if (p->fold == 0)
		return;
	if (!t->have[p->fold]) {
		pp_buf_reset(&t->folded[p->fold]);
		pp_buf_add(&t->folded[p->fold], "", 0);
		pp_text_fold(&t->folded[p->fold], t->s, t->len, p->fold);
		t->have[p->fold] = 1;
	}
	*s = t->folded[p->fold].s;
	*len = t->folded[p->fold].len;
}

static int
text_matches(struct matcher *m, struct pattern *p)
{
	const char *s;
	size_t len;
	int rc;

	text_for(&m->text, p, &s, &len);
	/* the parser checked the record's UTF-8; decoding keeps it valid */
	rc = pcre2_match(p->re, (PCRE2_SPTR)(s != NULL ? s : ""), len, 0,
	    PCRE2_NO_UTF_CHECK, p->md, NULL);
	if (rc == PCRE2_ERROR_NOMATCH && p->raw != NULL)
		rc = pcre2_match(p->raw, (PCRE2_SPTR)(m->text.s != NULL ?
		    m->text.s : ""), m->text.len, 0, PCRE2_NO_UTF_CHECK,
		    p->rawmd, NULL);
	if (rc < 0 && rc != PCRE2_ERROR_NOMATCH) {
		/* a resource limit (backtracking, depth) */
		if (m->match_error == 0)
			m->match_error = rc;
		return 1;
	}
	return rc >= 0;
}

/*
 * Matches the candidate patterns against one value; matched[] collects
 * the patterns that matched.  Returns how many still matter.
 */
static size_t
match_value(struct matcher *m, size_t left)
{
	size_t i;

	for (i = 0; i < m->npats && left > 0; i++) {
		if (!m->cand[i] || m->matched[i])
			continue;
		if (text_matches(m, &m->pats[i])) {
			m->matched[i] = 1;
			left = m->flags & MATCH_ALL ? left - 1 : 0;
		}
	}
	return left;
}

int
matcher_match(struct matcher *m, const struct pp_span *vals,
    const enum pp_jtype *types, size_t n)
{
	struct pp_span elem;
	enum pp_jtype type;
	size_t i, pos, left;

	if (m->npats == 0)
		return (m->flags & MATCH_ALL) != 0;
	m->match_error = 0;
	memset(m->matched, 0, m->npats);
	left = m->flags & MATCH_ALL ? m->npats : 1;
	for (i = 0; i < n && left > 0; i++) {
		if (vals[i].p == NULL)
			continue;
		if (types[i] == PP_JSTRING || types[i] == PP_JNUMBER) {
			text_set(&m->text, vals[i].p, vals[i].len, types[i]);
			left = match_value(m, left);
		} else if (types[i] == PP_JARRAY) {
			pos = 0;
			while (left > 0 && pp_json_array_next(&vals[i], &pos,
			    &elem, &type)) {
				if (type != PP_JSTRING && type != PP_JNUMBER)
					continue;
				text_set(&m->text, elem.p, elem.len, type);
				left = match_value(m, left);
			}
		}
	}
	/* a record with none of the fields is an empty line to grep */
	for (i = 0; i < n && vals[i].p == NULL; i++)
		continue;
	if (i == n) {
		text_set(&m->text, "\"\"", 2, PP_JSTRING);
		left = match_value(m, left);
	}
	if (m->match_error != 0)
		return -1;
	return left == 0;
}

/* --- where the matches are (-o, --color) -------------------------------- */

/*
 * Folds s piece by piece, each piece a character and the combining marks
 * after it, into m->segfold[fold], noting in segmap where each folded
 * byte's piece starts in s (and segmap[folded length] = len).  A match in
 * the folded text is then a match of the pieces it touches in s.
 */
static void
fold_mapped(struct matcher *m, const char *s, size_t len, int fold)
{
	struct pp_buf *out = &m->segfold[fold];
	size_t i, j, from, n;
	int32_t cp;

	pp_buf_reset(out);
	pp_buf_add(out, "", 0);
	for (i = 0; i < len; i = j) {
		j = i + pp_utf8_decode(s + i, len - i, &cp);
		while (j < len) {
			n = pp_utf8_decode(s + j, len - j, &cp);
			if (utf8proc_get_property(cp)->combining_class == 0)
				break;
			j += n;
		}
		from = out->len;
		pp_text_fold(out, s + i, j - i, fold);
		if (out->len + 1 > m->segcap[fold]) {
			m->segcap[fold] = 2 * (out->len + 1);
			m->segmap[fold] = xreallocarray(m->segmap[fold],
			    m->segcap[fold], sizeof(*m->segmap[fold]));
		}
		for (n = from; n < out->len; n++)
			m->segmap[fold][n] = i;
	}
	if (out->len + 1 > m->segcap[fold]) {
		m->segcap[fold] = out->len + 1;
		m->segmap[fold] = xreallocarray(m->segmap[fold],
		    m->segcap[fold], sizeof(*m->segmap[fold]));
	}
	m->segmap[fold][out->len] = len;
	m->segmade[fold] = 1;
}

/* Is the character at s[at] a combining mark? */
static int
is_mark_at(const char *s, size_t len, size_t at)
{
	int32_t cp;

	if ((unsigned char)s[at] < 0x80)
		return 0;
	pp_utf8_decode(s + at, len - at, &cp);
	return utf8proc_get_property(cp)->combining_class != 0;
}

/* Where the character before s[at] starts. */
static size_t
prev_char(const char *s, size_t at)
{
	do
		at--;
	while (at > 0 && ((unsigned char)s[at] & 0xc0) == 0x80);
	return at;
}

/*
 * The first match of re in subj[0..len) at or after off that is not
 * empty, in md's ovector: grep -o writes no empty match, so one is
 * stepped over, a character at a time.  1, or 0 for none.
 */
static int
first_nonempty(const pcre2_code *re, pcre2_match_data *md, const char *subj,
    size_t len, size_t off, PCRE2_SIZE **ovp)
{
	PCRE2_SIZE *ov;

	for (;;) {
		if (pcre2_match(re, (PCRE2_SPTR)(subj != NULL ? subj : ""), len,
		    off, PCRE2_NO_UTF_CHECK, md, NULL) < 0)
			return 0;
		ov = pcre2_get_ovector_pointer(md);
		if (ov[1] > ov[0])
			break;
		if (ov[0] >= len)
			return 0;
		off = ov[0] + utf8_len(subj + ov[0], len - ov[0]);
	}
	*ovp = ov;
	return 1;
}

/*
 * The first match of p's unfolded expression in s at or after from: 1 with
 * [*start, *end) in s, or 0.
 */
static int
first_raw_match(struct pattern *p, const char *s, size_t len, size_t from,
    size_t *start, size_t *end)
{
	PCRE2_SIZE *ov;

	if (!first_nonempty(p->raw, p->rawmd, s, len, from, &ov))
		return 0;
	/* whole pieces, as the folded match has them: a base and its marks */
	*start = ov[0];
	while (*start > 0 && is_mark_at(s, len, *start))
		*start = prev_char(s, *start);
	*end = ov[1];
	while (*end < len && is_mark_at(s, len, *end))
		*end += utf8_len(s + *end, len - *end);
	return 1;
}

static int	first_folded_match(struct matcher *, struct pattern *,
		    const char *, size_t, size_t, size_t *, size_t *);

/*
 * The first match of p in s at or after from (a piece boundary): 1 with
 * [*start, *end) in s, or 0.  Of a match in the folded text and one in the
 * text as written, the earlier (the longer at the same place).
 */
static int
first_match(struct matcher *m, struct pattern *p, const char *s, size_t len,
    size_t from, size_t *start, size_t *end)
{
	size_t rs, re;
	int found;

	*start = *end = 0;
	found = first_folded_match(m, p, s, len, from, start, end);
	if (p->raw == NULL || !first_raw_match(p, s, len, from, &rs, &re))
		return found;
	if (!found || rs < *start || (rs == *start && re > *end)) {
		*start = rs;
		*end = re;
	}
	return 1;
}

static int
first_folded_match(struct matcher *m, struct pattern *p, const char *s,
    size_t len, size_t from, size_t *start, size_t *end)
{
	const char *subj = s;
	const size_t *map = NULL;
	size_t slen = len, off = from, k;
	PCRE2_SIZE *ov;

	if (p->fold != 0) {
		if (!m->segmade[p->fold])
			fold_mapped(m, s, len, p->fold);
		subj = m->segfold[p->fold].s;
		slen = m->segfold[p->fold].len;
		map = m->segmap[p->fold];
		for (off = 0; off < slen && map[off] < from; off++)
			continue;
	}
	if (!first_nonempty(p->re, p->md, subj, slen, off, &ov))
		return 0;
	if (map == NULL) {
		*start = ov[0];
		*end = ov[1];
		return 1;
	}
	/* the pieces the match touches: from the first to past the last */
	*start = map[ov[0]];
	for (k = ov[1] - 1; k < slen && map[k] == map[ov[1] - 1]; k++)
		continue;
	*end = map[k];
	return 1;
}

int
matcher_each(struct matcher *m, const char *s, size_t len, match_fn fn,
    void *ctx)
{
	size_t i, pos = 0, start, end, best_start, best_end;
	int found, n = 0;

	memset(m->segmade, 0, sizeof(m->segmade));
	for (;;) {
		found = 0;
		best_start = best_end = 0;
		for (i = 0; i < m->npats; i++) {
			if (!first_match(m, &m->pats[i], s, len, pos, &start,
			    &end))
				continue;
			if (!found || start < best_start || (start ==
			    best_start && end > best_end)) {
				best_start = start;
				best_end = end;
				found = 1;
			}
		}
		if (!found)
			return n;
		fn(ctx, best_start, best_end);
		n++;
		pos = best_end;
	}
}

void
matcher_clone(struct matcher *to, const struct matcher *from)
{
	struct pattern *p;
	size_t i;

	memset(to, 0, sizeof(*to));
	to->flags = from->flags;
	to->casing = from->casing;
	to->npats = from->npats;
	to->pats = xreallocarray(NULL, from->npats + 1, sizeof(*to->pats));
	for (i = 0; i < from->npats; i++) {
		p = &to->pats[i];
		*p = from->pats[i];
		p->md = pcre2_match_data_create_from_pattern(p->re, NULL);
		if (p->raw != NULL)
			p->rawmd = pcre2_match_data_create_from_pattern(p->raw,
			    NULL);
	}
	to->cand = xcalloc(to->npats + 1, 1);
	to->matched = xcalloc(to->npats + 1, 1);
	for (i = 0; i < 4; i++)
		if (from->ascii_folding[i] != NULL)
			to->ascii_folding[i] = (unsigned char *)xmemdup(
			    (const char *)from->ascii_folding[i], 0x110000 / 8);
}

/* What matcher_clone made, and the buffers the clone grew. */
static void
free_per_line(struct matcher *m)
{
	size_t i;

	free(m->cand);
	free(m->matched);
	pp_buf_free(&m->text.decoded);
	for (i = 0; i < 4; i++) {
		pp_buf_free(&m->text.folded[i]);
		pp_buf_free(&m->linefold[i]);
		free(m->ascii_folding[i]);
	}
	for (i = 0; i < 4; i++) {
		pp_buf_free(&m->segfold[i]);
		free(m->segmap[i]);
	}
}

void
matcher_clone_free(struct matcher *m)
{
	size_t i;

	for (i = 0; i < m->npats; i++) {
		pcre2_match_data_free(m->pats[i].md);
		pcre2_match_data_free(m->pats[i].rawmd);
	}
	free(m->pats);
	free_per_line(m);
	memset(m, 0, sizeof(*m));
}

void
matcher_free(struct matcher *m)
{
	struct pattern *p;
	size_t i, j;

	for (i = 0; i < m->npats; i++) {
		p = &m->pats[i];
		free(p->src);
		pcre2_code_free(p->re);
		pcre2_match_data_free(p->md);
		pcre2_code_free(p->raw);
		pcre2_match_data_free(p->rawmd);
		for (j = 0; j < p->nlits; j++)
			free(p->lits[j].s);
		free(p->lits);
	}
	free(m->pats);
	free_per_line(m);
	memset(m, 0, sizeof(*m));
}
