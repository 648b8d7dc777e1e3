/*
 * TeX in bibliographic text (BibTeX fields, arXiv titles) rewritten for
 * reading: accents to Unicode, escapes to their characters, font commands
 * and grouping braces dropped, dashes and quotes typeset.  Not a TeX
 * interpreter: the few dozen commands people type in titles and names.
 */
#include <ctype.h>
#include <string.h>

#include "pp.h"

/* Accents: the command and its combining mark (NFC composes them). */
static const struct {
	const char	*cmd;
	int32_t		 mark;
} accents[] = {
	{ "'", 0x301 }, { "`", 0x300 }, { "^", 0x302 }, { "\"", 0x308 },
	{ "~", 0x303 }, { "=", 0x304 }, { ".", 0x307 }, { "u", 0x306 },
	{ "v", 0x30c }, { "H", 0x30b }, { "c", 0x327 }, { "k", 0x328 },
	{ "r", 0x30a }, { "d", 0x323 }, { "b", 0x331 }
};

struct symbol {
	const char	*cmd;
	int32_t		 cp;
};

/* Control words that are a letter: \ss, {\o}, \AA. */
static const struct symbol letters[] = {
	{ "ss", 0xdf }, { "o", 0xf8 }, { "O", 0xd8 }, { "ae", 0xe6 },
	{ "AE", 0xc6 }, { "oe", 0x153 }, { "OE", 0x152 }, { "aa", 0xe5 },
	{ "AA", 0xc5 }, { "l", 0x142 }, { "L", 0x141 }, { "i", 0x131 },
	{ "j", 0x237 }, { "dh", 0xf0 }, { "DH", 0xd0 }, { "th", 0xfe },
	{ "TH", 0xde }, { "ng", 0x14b }, { "NG", 0x14a }
};

/*
 * Control words that are another character: symbols, Greek in math.  Not
 * with PP_TEX_KEEP, whose math is kept as written: there "\pi\pi
 * scattering" outside $ is someone's notation, not TeX to typeset.
 */
static const struct symbol symbols[] = {
	{ "textendash", 0x2013 }, { "textemdash", 0x2014 },
	{ "textquoteleft", 0x2018 }, { "textquoteright", 0x2019 },
	{ "textquotedblleft", 0x201c }, { "textquotedblright", 0x201d },
	{ "dag", 0x2020 }, { "ddag", 0x2021 }, { "S", 0xa7 }, { "P", 0xb6 },
	{ "copyright", 0xa9 }, { "pounds", 0xa3 }, { "euro", 0x20ac },
	{ "textregistered", 0xae }, { "texttrademark", 0x2122 },
	{ "ldots", 0x2026 }, { "dots", 0x2026 }, { "textellipsis", 0x2026 },
	{ "textdegree", 0xb0 }, { "textasciitilde", '~' },
	{ "textbackslash", '\\' }, { "textunderscore", '_' },
	{ "textbraceleft", '{' }, { "textbraceright", '}' },
	{ "textasciicircum", '^' }, { "textless", '<' }, { "textgreater", '>' },
	{ "textbar", '|' }, { "textdollar", '$' }, { "textbullet", 0x2022 },
	{ "textperiodcentered", 0xb7 }, { "textasteriskcentered", '*' },
	{ "textexclamdown", 0xa1 }, { "textquestiondown", 0xbf },
	{ "textdagger", 0x2020 }, { "textdaggerdbl", 0x2021 },
	{ "textsection", 0xa7 }, { "textparagraph", 0xb6 },
	{ "textsterling", 0xa3 }, { "textcopyright", 0xa9 },
	{ "alpha", 0x3b1 }, { "beta", 0x3b2 }, { "gamma", 0x3b3 },
	{ "delta", 0x3b4 }, { "epsilon", 0x3b5 }, { "varepsilon", 0x3b5 },
	{ "zeta", 0x3b6 }, { "eta", 0x3b7 }, { "theta", 0x3b8 },
	{ "vartheta", 0x3d1 }, { "iota", 0x3b9 }, { "kappa", 0x3ba },
	{ "lambda", 0x3bb }, { "mu", 0x3bc }, { "nu", 0x3bd }, { "xi", 0x3be },
	{ "pi", 0x3c0 }, { "rho", 0x3c1 }, { "sigma", 0x3c3 }, { "tau", 0x3c4 },
	{ "upsilon", 0x3c5 }, { "phi", 0x3c6 }, { "varphi", 0x3c6 },
	{ "chi", 0x3c7 }, { "psi", 0x3c8 }, { "omega", 0x3c9 },
	{ "Gamma", 0x393 }, { "Delta", 0x394 }, { "Theta", 0x398 },
	{ "Lambda", 0x39b }, { "Xi", 0x39e }, { "Pi", 0x3a0 },
	{ "Sigma", 0x3a3 }, { "Upsilon", 0x3a5 }, { "Phi", 0x3a6 },
	{ "Psi", 0x3a8 }, { "Omega", 0x3a9 },
	{ "times", 0xd7 }, { "cdot", 0xb7 }, { "pm", 0xb1 }, { "mp", 0x2213 },
	{ "to", 0x2192 }, { "rightarrow", 0x2192 }, { "leftarrow", 0x2190 },
	{ "leftrightarrow", 0x2194 }, { "Rightarrow", 0x21d2 },
	{ "leq", 0x2264 }, { "le", 0x2264 }, { "geq", 0x2265 }, { "ge", 0x2265 },
	{ "neq", 0x2260 }, { "ne", 0x2260 }, { "approx", 0x2248 },
	{ "sim", 0x223c }, { "simeq", 0x2243 }, { "equiv", 0x2261 },
	{ "propto", 0x221d }, { "infty", 0x221e }, { "partial", 0x2202 },
	{ "nabla", 0x2207 }, { "sum", 0x2211 }, { "prod", 0x220f },
	{ "int", 0x222b }, { "sqrt", 0x221a }, { "in", 0x2208 },
	{ "ell", 0x2113 }, { "hbar", 0x210f }, { "circ", 0x2218 },
	{ "langle", 0x27e8 }, { "rangle", 0x27e9 }, { "prime", 0x2032 },
	{ "ast", 0x2217 }, { "star", 0x22c6 }, { "emptyset", 0x2205 },
	{ "forall", 0x2200 }, { "exists", 0x2203 }, { "lesssim", 0x2272 },
	{ "gtrsim", 0x2273 }, { "ll", 0x226a }, { "gg", 0x226b },
	{ "wedge", 0x2227 }, { "vee", 0x2228 }, { "cup", 0x222a },
	{ "cap", 0x2229 }, { "subset", 0x2282 }, { "subseteq", 0x2286 },
	{ "otimes", 0x2297 }, { "oplus", 0x2295 }
};

struct spacing {
	const char	*cmd;
	const char	*text;
};

/* Font declarations, dropped with their group's braces: {\em x}. */
static const struct spacing declarations[] = {
	{ "em", "" }, { "bf", "" }, { "it", "" }, { "tt", "" }, { "sc", "" },
	{ "rm", "" }, { "sf", "" }, { "sl", "" }, { "bfseries", "" },
	{ "itshape", "" }, { "ttfamily", "" }, { "scshape", "" },
	{ "upshape", "" }, { "mdseries", "" }, { "normalfont", "" }
};

/* Commands that space out, or do nothing visible (not PP_TEX_KEEP). */
static const struct spacing spacing[] = {
	{ "quad", " " }, { "qquad", " " }, { "newline", " " },
	{ "linebreak", " " }, { "space", " " }, { "relax", "" },
	{ "noopsort", "" }, { "protect", "" }, { "left", "" }, { "right", "" },
	{ "big", "" }, { "Big", "" }, { "bigl", "" }, { "bigr", "" },
	{ "displaystyle", "" }, { "nobreak", "" }, { "ensuremath", "" },
	{ "small", "" }, { "large", "" }, { "Large", "" }, { "footnotesize", "" }
};

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* The character of a control word s[0..n), or -1. */
static int32_t
symbol_of(const struct symbol *t, size_t nt, const char *s, size_t n)
{
	size_t k;

	for (k = 0; k < nt; k++)
		if (strlen(t[k].cmd) == n && memcmp(t[k].cmd, s, n) == 0)
			return t[k].cp;
	return -1;
}

/* The text of a spacing command s[0..n), or NULL. */
static const char *
spacing_of(const struct spacing *t, size_t nt, const char *s, size_t n)
{
	size_t k;

	for (k = 0; k < nt; k++)
		if (strlen(t[k].cmd) == n && memcmp(t[k].cmd, s, n) == 0)
			return t[k].text;
	return NULL;
}

/* Commands whose first {argument} is left out: \cite{key}, \label{x}. */
static const char *const dropped[] = {
	"cite", "citep", "citet", "label", "ref", "eqref", "footnote",
	"thanks", "vspace", "hspace", "noopsort", NULL
};

/*
 * Commands whose {argument} is text: with PP_TEX_KEEP, which keeps the
 * commands it does not know, these still give their argument alone.
 */
static const char *const text_commands[] = {
	"emph", "textbf", "textit", "texttt", "textrm", "textsf", "textsc",
	"textsl", "textup", "textmd", "textnormal", "underline", "mbox",
	"text", NULL
};

/* PP_TEX_KEEP's brace groups: for each open one, whether its '}' goes. */
struct groups {
	unsigned char	 drop[64];
	size_t		 depth;
};

static void
group_push(struct groups *g, int drop)
{
	if (g->depth < sizeof(g->drop))
		g->drop[g->depth] = drop;
	g->depth++;
}

/* Pops a group; returns whether its '}' is written. */
static int
group_pop(struct groups *g)
{
	int keep;

	if (g->depth == 0)
		return 1;
	keep = g->depth > sizeof(g->drop) || !g->drop[g->depth - 1];
	g->depth--;
	return keep;
}

static int
in_list(const char *const *list, const char *s, size_t n)
{
	for (; *list != NULL; list++)
		if (strlen(*list) == n && memcmp(*list, s, n) == 0)
			return 1;
	return 0;
}

/*
 * PP_TEX_KEEP: math at s[i], $...$ or $$...$$, copied as written; returns
 * the index after it.  A '$' that closes nothing is a dollar sign.
 */
static size_t
math_verbatim(struct pp_buf *out, const char *s, size_t len, size_t i)
{
	size_t j, end;

	j = i + 1 < len && s[i + 1] == '$' ? i + 2 : i + 1;
	for (end = j; end < len && s[end] != '$'; end++)
		if (s[end] == '\\')
			end++;
	if (end >= len) {
		pp_buf_addc(out, '$');
		return i + 1;
	}
	if (j == i + 2 && end + 1 < len && s[end + 1] == '$')
		end++;
	pp_buf_add(out, s + i, end + 1 - i);
	return end + 1;
}

static int
is_word(const char *s, size_t n, const char *w)
{
	return strlen(w) == n && memcmp(s, w, n) == 0;
}

/* The '}' closing the group whose '{' is at s[i], or len (unbalanced). */
static size_t
group_close(const char *s, size_t len, size_t i)
{
	size_t depth = 0;

	for (; i < len; i++) {
		if (s[i] == '\\' && i + 1 < len)
			i++;
		else if (s[i] == '{')
			depth++;
		else if (s[i] == '}' && --depth == 0)
			return i;
	}
	return len;
}

/* The index after the group at s[i], unbalanced ones ending the text. */
static size_t
group_end(const char *s, size_t len, size_t i)
{
	size_t close = group_close(s, len, i);

	return close < len ? close + 1 : len;
}

static size_t
skip_blanks(const char *s, size_t len, size_t i)
{
	while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n'))
		i++;
	return i;
}

/*
 * The argument of an accent at s[i]: a character, {x}, \i, {\i}, {}.
 * Appends the accented character and returns the index after the
 * argument, or 0 when there is none.
 */
static size_t
accent_arg(struct pp_buf *out, const char *s, size_t len, size_t i,
    int32_t mark, int flags)
{
	size_t end, j, n;
	int32_t cp;
	int grouped = 0;

	if (i < len && s[i] == '{') {
		if ((end = group_close(s, len, i)) == len)
			return 0;
		grouped = 1;
		j = skip_blanks(s, end, i + 1);
	} else {
		end = len;
		j = i;
	}
	if (j + 1 < end && s[j] == '\\' && (s[j + 1] == 'i' || s[j + 1] == 'j') &&
	    (j + 2 == end || !isalpha((unsigned char)s[j + 2]))) {
		/* \i is a dotless i so that it can take an accent; TeX
		   eats the blank after it, \'\i nez */
		pp_buf_addc(out, s[j + 1]);
		j = skip_blanks(s, end, j + 2);
	} else if (j < end && (isalnum((unsigned char)s[j]) ||
	    (unsigned char)s[j] >= 0x80)) {
		n = pp_utf8_decode(s + j, end - j, &cp);
		pp_utf8_put(out, cp);
		j += n;
	} else if (j == end && grouped) {
		/* \~{} is a tilde */
		pp_utf8_put(out, mark == 0x303 ? '~' : mark == 0x302 ? '^' :
		    mark);
		return end + 1;
	} else
		return 0;
	pp_utf8_put(out, mark);
	if (!grouped)
		return j;
	/* {ab}: the accent on a, b follows */
	pp_tex_rewrite(out, s + j, end - j, flags);
	return end + 1;
}

void
pp_tex_decode(struct pp_buf *out, const char *s, size_t len)
{
	pp_tex_rewrite(out, s, len, 0);
}

void
pp_tex_rewrite(struct pp_buf *out, const char *s, size_t len, int flags)
{
	struct groups g = { .depth = 0 };
	const char *text;
	size_t i = 0, j, w, k, end;
	int32_t cp;
	int keep = (flags & PP_TEX_KEEP) != 0, math = 0, done;

	pp_buf_grow(out, len);
	while (i < len) {
		switch (s[i]) {
		case '{':
			/* grouping, case protection: not text; kept as written
			   with PP_TEX_KEEP unless a command follows, {\em x} */
			if (keep) {
				done = i + 1 < len && s[i + 1] == '\\';
				group_push(&g, done);
				if (!done)
					pp_buf_addc(out, '{');
			}
			i++;
			continue;
		case '}':
			if (keep && group_pop(&g))
				pp_buf_addc(out, '}');
			i++;
			continue;
		case '$':
			if (keep)
				i = math_verbatim(out, s, len, i);
			else {
				math = !math;
				i++;
			}
			continue;
		case '~':
			/* a tie; a tilde in text that is not all TeX, ~user */
			pp_buf_addc(out, keep ? '~' : ' ');
			i++;
			continue;
		case '_':
			/* a subscript in math, MoS$_2$ */
			if (!math)
				pp_buf_addc(out, '_');
			i++;
			continue;
		case '-':
			if (keep && i + 2 < len && s[i + 1] == '-' &&
			    s[i + 2] == '>') {
				/* an ASCII arrow, "D0 --> K- e+", not a dash */
				pp_utf8_put(out, 0x2192);
				i += 3;
			} else if (math || i + 1 == len || s[i + 1] != '-') {
				pp_buf_addc(out, '-');
				i++;
			} else if (i + 2 < len && s[i + 2] == '-') {
				pp_utf8_put(out, 0x2014);
				i += 3;
			} else {
				pp_utf8_put(out, 0x2013);
				i += 2;
			}
			continue;
		case '`':
		case '\'':
			if (!math && i + 1 < len && s[i + 1] == s[i]) {
				pp_utf8_put(out, s[i] == '`' ? 0x201c : 0x201d);
				i += 2;
			} else
				pp_buf_addc(out, s[i++]);
			continue;
		case '\\':
			break;
		default:
			for (j = i + 1; j < len && strchr("{}$~_-`'\\", s[j]) == NULL;
			    j++)
				;
			pp_buf_add(out, s + i, j - i);
			i = j;
			continue;
		}

		/* a command at s[i] */
		if (i + 1 == len) {
			if (keep)
				pp_buf_addc(out, '\\');
			i++;
			continue;
		}
		if (s[i + 1] != '\0' && strchr("%&_#${}", s[i + 1]) != NULL) {
			pp_buf_addc(out, s[i + 1]);
			i += 2;
			continue;
		}
		if (s[i + 1] == ' ' || (!keep && s[i + 1] != '\0' &&
		    strchr(",;:!\\/", s[i + 1]) != NULL)) {
			/* spaces, \\ line breaks, \/ italic correction */
			if (s[i + 1] != '/' && s[i + 1] != '!')
				pp_buf_addc(out, ' ');
			i += 2;
			continue;
		}
		if (!keep && s[i + 1] == '-') {
			/* a hyphenation point */
			i += 2;
			continue;
		}
		for (w = i + 1; w < len && isalpha((unsigned char)s[w]); w++)
			;
		if (w == i + 1)
			w = i + 2;		/* a control symbol */
		else if (w < len && s[w] == '*')
			w++;			/* \section* */
		done = 0;
		for (k = 0; k < NELEM(accents); k++)
			if (is_word(s + i + 1, w - i - 1, accents[k].cmd)) {
				j = isalpha((unsigned char)s[i + 1]) ?
				    skip_blanks(s, len, w) : w;
				if ((j = accent_arg(out, s, len, j,
				    accents[k].mark, flags)) > 0) {
					i = j;
					done = 1;
				}
				break;
			}
		if (done)
			continue;
		if (!isalpha((unsigned char)s[i + 1])) {
			/* an unknown control symbol: its character, or with
			   PP_TEX_KEEP the two as written, \, */
			if (keep)
				pp_buf_add(out, s + i, 2);
			i += keep ? 2 : 1;
			continue;
		}
		if ((cp = symbol_of(letters, NELEM(letters), s + i + 1,
		    w - i - 1)) != -1 || (!keep && (cp = symbol_of(symbols,
		    NELEM(symbols), s + i + 1, w - i - 1)) != -1)) {
			pp_utf8_put(out, cp);
			/* TeX eats the blank after a control word */
			i = skip_blanks(s, len, w);
			if (i + 1 < len && s[i] == '{' && s[i + 1] == '}')
				i += 2;
			continue;
		}
		if ((text = spacing_of(declarations, NELEM(declarations),
		    s + i + 1, w - i - 1)) != NULL || (!keep &&
		    (text = spacing_of(spacing, NELEM(spacing), s + i + 1,
		    w - i - 1)) != NULL)) {
			pp_buf_adds(out, text);
			i = skip_blanks(s, len, w);
			continue;
		}
		j = skip_blanks(s, len, w);
		for (k = 0; !keep && dropped[k] != NULL; k++)
			if (is_word(s + i + 1, w - i - 1, dropped[k]) &&
			    j < len && s[j] == '{') {
				i = group_end(s, len, j);
				done = 1;
				break;
			}
		if (done)
			continue;
		if ((is_word(s + i + 1, w - i - 1, "url") ||
		    is_word(s + i + 1, w - i - 1, "path")) &&
		    j < len && s[j] == '{') {
			/* verbatim */
			end = group_close(s, len, j);
			pp_buf_add(out, s + j + 1, end - j - 1);
			i = end < len ? end + 1 : len;
			continue;
		}
		if (is_word(s + i + 1, w - i - 1, "href") && j < len &&
		    s[j] == '{') {
			/* \href{url}{text}: the text */
			if (!keep) {
				i = group_end(s, len, j);
				continue;
			}
			if ((end = group_close(s, len, j)) < len &&
			    (k = skip_blanks(s, len, end + 1)) < len &&
			    s[k] == '{' && group_close(s, len, k) < len) {
				group_push(&g, 1);
				i = k + 1;
				continue;
			}
		}
		if (keep && in_list(text_commands, s + i + 1, w - i - 1) &&
		    j < len && s[j] == '{' && group_close(s, len, j) < len) {
			/* \emph{x}: x, its braces dropped */
			group_push(&g, 1);
			i = j + 1;
			continue;
		}
		if (keep) {
			/* a command it does not know, kept as written */
			pp_buf_add(out, s + i, w - i);
			i = w;
			continue;
		}
		/*
		 * Another command: \emph{x} and \mathrm{x} are x, and
		 * \LaTeX, with no argument, is its name.
		 */
		if (j < len && s[j] == '{')
			i = j;
		else {
			pp_buf_add(out, s + i + 1, w - i - 1);
			i = w;
		}
	}
}
