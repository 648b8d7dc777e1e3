/*
 * pp-fields: keep, order, rename, drop and derive the keys of records.
 *
 * Most runs project a few keys out of large records, so the common path
 * builds no JSON values at all: the scanner in common/ indexes each record's
 * top-level members as raw spans and the wanted spans are copied to the
 * output as they were written.  Only a jq expression needs the record as a
 * jv value; jq is initialized and the record parsed for it only then, and
 * all expressions are compiled into one jq program, once.
 */
#include <ctype.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <jq.h>
#include <jv.h>
#include <utf8proc.h>

#include "pp.h"

#define SYNOPSIS "[--clean] [--skip-missing] [-j N] FIELD[,FIELD...] " \
	"[FILE...]\n       pp-fields [--clean] [-j N] -x KEY[,KEY...] [FILE...]"

enum {
	OPT_CLEAN = CHAR_MAX + 1,
	OPT_SKIP_MISSING,
	OPT_GENERATE
};

/* Keys derived without jq when a record has no key of that name. */
enum builtin {
	B_NONE = -1, B_YEAR, B_MONTH, B_WORDS, B_ACRONYM, B_SENTENCE, B_ARXIV
};
static const char *const builtin_names[] = {
	"year", "month", "words", "acronym", "sentence", "arxiv", NULL
};

/* One FIELD of the list: where an output key's value comes from. */
struct item {
	char		*name;		/* output key */
	char		*qname;		/* output key JSON-quoted, with ':' */
	size_t		 qlen;
	char		*key;		/* copied from this record key, or NULL */
	enum builtin	 builtin;	/* derived when the key is absent */
	int		 nullable;	/* .KEY: a missing key is null, as in jq */
	char		*expr;		/* jq expression, or NULL */
	size_t		 slot;		/* its place in the jq program's output */
};

struct fields {
	struct item	*items;
	size_t		 nitems;
	char		**exclude;	/* -x */
	size_t		 nexclude;
	int		 exclude_mode;
	int		 clean;
	int		 skip_missing;
	int		 star;		/* '*': every key of the record first */
	char		*done;		/* per item: written in the record's place */
	struct pp_keylist named;	/* keys the user named, to report */
	jq_state	*jq;
	size_t		 nexpr;
	struct pp_record rec;
	struct pp_buf	 out;		/* the record being written */
	struct pp_buf	 tmp, dec, tex, sq, nfc, arr;
};

static void
usage(void)
{
	pp_usage(SYNOPSIS);
}

static const char help[] =
    "Keep, order, rename, drop and derive the keys of JSON records.\n\n"
    "  FIELD is KEY, NEW=KEY (rename) or NEW=EXPR (a jq expression);\n"
    "  KEY may be a path, a.b; '*' is every key of the record, in its\n"
    "  order, with the FIELDs after it ('*,year').\n"
    "  Built-in keys: year month words acronym sentence arxiv.\n"
    "  A KEY no record has is reported at the end.\n\n"
    "  -x, --exclude KEYS  drop these keys, keep the others in order\n"
    "      --skip-missing  leave out a missing key instead of null\n"
    "  -j, --jobs N        threads reading a large file (default: the CPUs)\n"
    "      --clean         TeX accents and escapes to Unicode, white\n"
    "                      space collapsed, NFC, in text values\n"
    "      --generate SHELL  print a completion script: complete-bash,\n"
    "                      complete-zsh or complete-fish\n"
    "  -h, --help          show this help and exit\n"
    "  -V, --version       show the version and exit\n";

/* --- the field list ----------------------------------------------------- */

/*
 * A key name that may stand alone or on the right of NEW=: ASCII letters,
 * digits, '_' and '-' (not first), and any non-ASCII character.  Anything
 * else on the right of '=' is a jq expression.
 */
static int
is_key_name(const char *s)
{
	if (*s == '\0' || *s == '-')
		return 0;
	for (; *s != '\0'; s++)
		if (!isalnum((unsigned char)*s) && *s != '_' && *s != '-' &&
		    (unsigned char)*s < 0x80)
			return 0;
	return 1;
}

/* Is s ".IDENT" or ".IDENT.IDENT...", a jq path copied without jq? */
static int
is_simple_path(const char *s)
{
	do {
		if (s[0] != '.' || !(isalpha((unsigned char)s[1]) ||
		    s[1] == '_'))
			return 0;
		for (s += 2; isalnum((unsigned char)*s) || *s == '_'; s++)
			continue;
	} while (*s == '.');
	return *s == '\0';
}

/* Is s a key path, KEY.KEY..., as every program names nested keys? */
static int
is_key_path(const char *s)
{
	const char *dot;
	char *part;
	int ok = 1;

	while ((dot = strchr(s, '.')) != NULL && ok) {
		part = xmemdup(s, (size_t)(dot - s));
		ok = is_key_name(part);
		free(part);
		s = dot + 1;
	}
	return ok && is_key_name(s);
}

static enum builtin
builtin_of(const char *name)
{
	size_t i;

	for (i = 0; builtin_names[i] != NULL; i++)
		if (strcmp(name, builtin_names[i]) == 0)
			return (enum builtin)i;
	return B_NONE;
}

/*
 * Splits the list at commas that are outside brackets and jq string
 * literals, so that `pair=[.a,.b]` stays one FIELD.  Returns the next
 * FIELD (NUL-terminated in place) or NULL at the end.
 */
static char *
next_field(char **cursor)
{
	char *s = *cursor, *start = s;
	int depth = 0, instr = 0;

	if (s == NULL)
		return NULL;
	for (; *s != '\0'; s++) {
		if (instr) {
			if (*s == '\\' && s[1] != '\0')
				s++;
			else if (*s == '"')
				instr = 0;
		} else if (*s == '"')
			instr = 1;
		else if (*s == '(' || *s == '[' || *s == '{')
			depth++;
		else if ((*s == ')' || *s == ']' || *s == '}') && depth > 0)
			depth--;
		else if (*s == ',' && depth == 0)
			break;
	}
	if (*s == ',') {
		*s = '\0';
		*cursor = s + 1;
	} else
		*cursor = NULL;
	return start;
}

static void
add_item(struct fields *f, const char *spec)
{
	struct item *it;
	struct pp_buf q = { 0 };
	const char *eq = strchr(spec, '=');
	const char *rhs;
	size_t i;

	if (!pp_utf8_valid(spec, strlen(spec)))
		pp_fatal("'%s': not valid UTF-8", spec);
	f->items = xreallocarray(f->items, f->nitems + 1, sizeof(*f->items));
	it = &f->items[f->nitems];
	memset(it, 0, sizeof(*it));
	it->builtin = B_NONE;
	if (strcmp(spec, "*") == 0) {
		/* every key of the record, in its order, as mlr put has it */
		if (f->star)
			pp_fatal("'*' given twice");
		f->star = 1;
		return;
	}
	if (eq == NULL) {
		if (!is_key_path(spec))
			pp_fatal("'%s': not a key name (for a jq expression "
			    "write NAME=EXPR)", spec);
		it->name = xstrdup(spec);
		rhs = spec;
	} else {
		it->name = xmemdup(spec, (size_t)(eq - spec));
		rhs = eq + 1;
		if (*it->name == '\0')
			pp_fatal("'%s': empty key name before '='", spec);
		if (*rhs == '\0')
			pp_fatal("'%s': nothing after '='", spec);
	}
	if (is_key_path(rhs)) {
		it->key = xstrdup(rhs);
		it->builtin = builtin_of(rhs);
		if (it->builtin == B_NONE)
			pp_keylist_add(&f->named, "FIELD", it->key);
	} else if (is_simple_path(rhs)) {
		it->key = xstrdup(rhs + 1);
		it->nullable = 1;
		pp_keylist_add(&f->named, "FIELD", it->key);
	} else {
		it->expr = xstrdup(rhs);
		it->slot = f->nexpr++;
	}
	for (i = 0; i < f->nitems; i++)
		if (strcmp(f->items[i].name, it->name) == 0)
			pp_fatal("'%s': key given twice", it->name);
	pp_json_quote(&q, it->name, strlen(it->name));
	pp_buf_addc(&q, ':');
	it->qname = q.s;
	it->qlen = q.len;
	f->nitems++;
}

static void
add_excludes(struct fields *f, char *list)
{
	char *k;

	while ((k = strsep(&list, ",")) != NULL) {
		if (*k == '\0')
			continue;
		f->exclude = xreallocarray(f->exclude, f->nexclude + 1,
		    sizeof(*f->exclude));
		f->exclude[f->nexclude++] = xstrdup(k);
		pp_keylist_add(&f->named, "-x", k);
	}
}

/* --- jq ----------------------------------------------------------------- */

struct jq_messages {
	const char	*field;		/* NULL: print as they come */
	int		 count;	/* messages printed */
};

static void
jq_message(void *data, jv msg)
{
	struct jq_messages *m = data;
	jv text;

	text = jv_get_kind(msg) == JV_KIND_STRING ? msg : jv_dump_string(msg, 0);
	/* "jq: 2 compile errors" adds nothing to the messages before it */
	if (m->field != NULL && strstr(jv_string_value(text), " compile error") ==
	    NULL) {
		m->count++;
		pp_warnx("bad jq expression for '%s': %s", m->field,
		    jv_string_value(text));
	}
	jv_free(text);
}

/* Appends the program that gives [first(EXPR)] for one expression. */
static void
add_program(struct pp_buf *b, const char *expr)
{
	/* The newline ends a comment the expression may end with. */
	pp_buf_adds(b, "[first((");
	pp_buf_adds(b, expr);
	pp_buf_adds(b, "\n))]");
}

/*
 * Compiles every expression into one program that gives an array with one
 * element per expression: [] when it gave no value, else [its first value].
 * A compile error ends the run before any input is read.
 */
/* jq's input and inputs: an expression sees one record, no more. */
static jv
no_input(jq_state *jq, void *data)
{
	(void)jq;
	(void)data;
	return jv_invalid_with_msg(jv_string("input and inputs read nothing: "
	    "an expression sees one record at a time"));
}

static void
compile_jq(struct fields *f)
{
	struct pp_buf prog = { 0 };
	struct jq_messages msgs = { NULL, 0 };
	size_t i, n = 0;
	int bad = 0;

	if ((f->jq = jq_init()) == NULL)
		pp_fatal("cannot initialize jq");
	jq_set_error_cb(f->jq, jq_message, &msgs);
	jq_set_input_cb(f->jq, no_input, NULL);
	pp_buf_addc(&prog, '[');
	for (i = 0; i < f->nitems; i++)
		if (f->items[i].expr != NULL) {
			if (n++ > 0)
				pp_buf_addc(&prog, ',');
			add_program(&prog, f->items[i].expr);
		}
	pp_buf_addc(&prog, ']');
	if (jq_compile(f->jq, prog.s)) {
		pp_buf_free(&prog);
		return;
	}
	/*
	 * Rare: compile each expression alone, so that jq's message names
	 * the user's own text, not the program built around it.
	 */
	for (i = 0; i < f->nitems; i++) {
		if (f->items[i].expr == NULL)
			continue;
		msgs.field = f->items[i].name;
		msgs.count = 0;
		if (!jq_compile(f->jq, f->items[i].expr)) {
			if (msgs.count == 0)
				pp_warnx("bad jq expression for '%s'",
				    f->items[i].name);
			bad = 1;
		}
	}
	if (!bad)
		pp_warnx("bad jq expressions");
	pp_buf_free(&prog);
	exit(PP_ERROR);
}

/*
 * Runs the program on the record: an array of arrays, or an invalid jv
 * after reporting a runtime error.
 */
static jv
run_jq(struct fields *f, struct pp_input *in, const struct pp_record *rec)
{
	jv result, msg, text;

	if (rec->len > INT_MAX) {
		pp_error_at(in, "record too long for jq; written unchanged");
		return jv_invalid();
	}
	jq_start(f->jq, jv_parse_sized(rec->line, (int)rec->len), 0);
	result = jq_next(f->jq);
	if (jq_halted(f->jq)) {
		/* halt and halt_error: no value to write, as for an error */
		jv_free(result);
		pp_error_at(in, "jq: expression halted; record written "
		    "unchanged");
		return jv_invalid();
	}
	if (jv_is_valid(result))
		return result;
	if (jv_invalid_has_msg(jv_copy(result))) {
		msg = jv_invalid_get_msg(result);
		text = jv_get_kind(msg) == JV_KIND_STRING ? msg :
		    jv_dump_string(msg, 0);
		pp_error_at(in, "jq: error: %s; record written unchanged",
		    jv_string_value(text));
		jv_free(text);
	} else {
		jv_free(result);
		pp_error_at(in, "jq: expression gave no value; record written "
		    "unchanged");
	}
	return jv_invalid();
}

/* --- --clean: TeX to Unicode (common/tex.c), white space, NFC -------- */

/*
 * Cleans the decoded text s for reading into f->nfc: TeX, white space,
 * NFC.  Returns whether that changed anything.
 */
static int
clean_text(struct fields *f, const char *s, size_t len)
{
	pp_buf_reset(&f->tex);
	pp_buf_reset(&f->sq);
	pp_buf_reset(&f->nfc);
	pp_tex_rewrite(&f->tex, s, len, PP_TEX_KEEP);
	pp_text_squeeze(&f->sq, f->tex.s, f->tex.len);
	pp_text_fold(&f->nfc, f->sq.s, f->sq.len, 0);
	return f->nfc.len != f->dec.len ||
	    memcmp(f->nfc.s, f->dec.s, f->dec.len) != 0;
}

/* Appends the string value raw, cleaned; returns whether it changed. */
static int
clean_string(struct fields *f, struct pp_buf *out, const char *raw,
    size_t len)
{
	pp_buf_reset(&f->dec);
	pp_json_unquote(&f->dec, raw, len);
	if (!clean_text(f, f->dec.s, f->dec.len)) {
		pp_buf_add(out, raw, len);
		return 0;
	}
	pp_json_quote(out, f->nfc.s, f->nfc.len);
	return 1;
}

/*
 * Appends a value to f->out, cleaned when --clean says so: a string, or
 * the strings of an array (nested values are left as they are).  Returns
 * whether cleaning changed it.
 */
static int
add_value(struct fields *f, const char *raw, size_t len, enum pp_jtype type)
{
	struct pp_span arr = { raw, len }, elem;
	enum pp_jtype etype;
	size_t pos = 0, n = 0;
	int changed = 0;

	if (!f->clean || (type != PP_JSTRING && type != PP_JARRAY)) {
		pp_buf_add(&f->out, raw, len);
		return 0;
	}
	if (type == PP_JSTRING)
		return clean_string(f, &f->out, raw, len);
	pp_buf_reset(&f->arr);
	pp_buf_addc(&f->arr, '[');
	while (pp_json_array_next(&arr, &pos, &elem, &etype)) {
		if (n++ > 0)
			pp_buf_addc(&f->arr, ',');
		if (etype == PP_JSTRING)
			changed |= clean_string(f, &f->arr, elem.p, elem.len);
		else
			pp_buf_add(&f->arr, elem.p, elem.len);
	}
	pp_buf_addc(&f->arr, ']');
	if (changed)
		pp_buf_add(&f->out, f->arr.s, f->arr.len);
	else
		pp_buf_add(&f->out, raw, len);
	return changed;
}

/* --- built-in derived keys ---------------------------------------------- */

/* The decoded text of a string member into b; 0 when absent or no string. */
static int
string_of(const struct pp_record *rec, const char *key, struct pp_buf *b)
{
	const struct pp_member *m = pp_record_get(rec, key);

	pp_buf_reset(b);
	if (m == NULL || m->type != PP_JSTRING)
		return 0;
	pp_json_unquote(b, m->value.p, m->value.len);
	return 1;
}

static int
digits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return 0;
	return 1;
}

static int
letter_or_digit(int32_t cp)
{
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT: case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_ND:
	case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
		return 1;
	default:
		return 0;
	}
}

/* Words: white-space separated tokens with a letter or digit in them. */
static size_t
count_words(const char *s, size_t len)
{
	size_t i, words = 0;
	int counted = 0;

	int32_t cp;
	size_t n;

	for (i = 0; i < len; i += n) {
		unsigned char c = (unsigned char)s[i];

		n = 1;
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
		    c == '\f' || c == '\v') {
			counted = 0;
			continue;
		}
		if (counted)
			continue;
		if (c >= 0x80) {
			/* a letter or digit of any script; "—" or "“" is none */
			n = pp_utf8_decode(s + i, len - i, &cp);
			if (!letter_or_digit(cp))
				continue;
		} else if (!isalnum(c))
			continue;
		words++;
		counted = 1;
	}
	return words;
}

/* Abbreviations after which a period does not end a sentence. */
static const char *const abbreviations[] = {
	"al", "cf", "vs", "fig", "figs", "eq", "eqs", "sec", "ref", "refs",
	"resp", "approx", "no", "vol", "dr", "mr", "ms", "prof", "st", "ch",
	"tab", "viz", "ca", "resp", "incl", "esp", "jr", "sr", NULL
};

static int
is_abbreviation(const char *w, size_t n)
{
	const char *const *a;
	size_t i;

	if (n == 1 && isupper((unsigned char)w[0]))
		return 1;		/* an initial: J. Smith; "any n." ends */
	if (memchr(w, '.', n) != NULL)
		return 1;		/* e.g. i.e. U.S. */
	for (a = abbreviations; *a != NULL; a++) {
		if (strlen(*a) != n)
			continue;
		for (i = 0; i < n; i++)
			if (tolower((unsigned char)w[i]) != (*a)[i])
				break;
		if (i == n)
			return 1;
	}
	return 0;
}

/*
 * The length of the first sentence of s (white space squeezed): up to a
 * '.', '!' or '?' followed by a space and not by a lower-case letter, and
 * for '.' not after an abbreviation, an initial or inside a number.
 */
static size_t
first_sentence(const char *s, size_t len)
{
	size_t i, j, w;

	for (i = 0; i < len; i++) {
		if (s[i] != '.' && s[i] != '!' && s[i] != '?')
			continue;
		j = i + 1;
		while (j < len && (s[j] == ')' || s[j] == '"' || s[j] == '\'' ||
		    s[j] == ']'))
			j++;
		if (j == len)
			return len;
		if (s[j] != ' ' || j + 1 == len)
			continue;
		if (islower((unsigned char)s[j + 1]))
			continue;
		if (s[i] == '.') {
			for (w = i; w > 0 && s[w - 1] != ' ' && s[w - 1] != '(';
			    w--)
				;
			if (is_abbreviation(s + w, i - w))
				continue;
		}
		return j;
	}
	return len;
}

/* The name before a colon: "SpeechGPT: Empowering ...". */
static int
find_acronym(const char *s, size_t len, size_t *start, size_t *n)
{
	const char *colon = memchr(s, ':', len);
	size_t a, b, i;
	int marked = 0;

	if (colon == NULL)
		return 0;
	b = (size_t)(colon - s);
	if (b + 1 < len && s[b + 1] != ' ')
		return 0;
	for (a = 0; a < b && (s[a] == ' ' || s[a] == '{'); a++)
		;
	while (b > a && (s[b - 1] == ' ' || s[b - 1] == '}'))
		b--;
	if (b == a || b - a > 40)
		return 0;
	if (!isalnum((unsigned char)s[a]) && (unsigned char)s[a] < 0x80)
		return 0;
	for (i = a; i < b; i++) {
		if (s[i] == ' ')
			return 0;
		if (i > a && isupper((unsigned char)s[i]))
			marked = 1;
		if (isdigit((unsigned char)s[i]))
			marked = 1;
	}
	if (!marked)
		return 0;
	*start = a;
	*n = b - a;
	return 1;
}

/* Pre-2007 arXiv archives: astro-ph/0701001, math.GT/0309136. */
static const char *const archives[] = {
	"astro-ph", "cond-mat", "gr-qc", "hep-ex", "hep-lat", "hep-ph",
	"hep-th", "math-ph", "nlin", "nucl-ex", "nucl-th", "physics",
	"quant-ph", "math", "cs", "q-bio", "q-fin", "stat", "alg-geom",
	"funct-an", "dg-ga", "q-alg", "chao-dyn", "solv-int", "patt-sol",
	"adap-org", "cmp-lg", "comp-gas", "mtrl-th", "supr-con", "chem-ph",
	"atom-ph", "bayes-an", "plasm-ph", "ao-sci", "acc-phys", NULL
};

static int
month_ok(const char *mm)
{
	int m = (mm[0] - '0') * 10 + (mm[1] - '0');

	return m >= 1 && m <= 12;
}

/*
 * An arXiv identifier starting at s[i]: YYMM.NNNN(N) or ARCHIVE/YYMMNNN,
 * with a version after it allowed.  Returns its length without the
 * version, or 0.
 */
static size_t
arxiv_at(const char *s, size_t len, size_t i)
{
	size_t j, k, n;

	if (i > 0 && (isalnum((unsigned char)s[i - 1]) || s[i - 1] == '.' ||
	    s[i - 1] == '-'))
		return 0;
	if (i + 9 <= len && digits(s + i, 4) && s[i + 4] == '.' &&
	    month_ok(s + i + 2)) {
		for (n = 0; i + 5 + n < len && isdigit((unsigned char)s[i + 5 + n]);
		    n++)
			;
		if (n == 4 || n == 5)
			return 5 + n;
		return 0;
	}
	for (k = 0; archives[k] != NULL; k++) {
		n = strlen(archives[k]);
		if (i + n > len || memcmp(s + i, archives[k], n) != 0)
			continue;
		j = i + n;
		if (j + 3 < len && s[j] == '.' && isupper((unsigned char)s[j + 1]) &&
		    isupper((unsigned char)s[j + 2]))
			j += 3;
		if (j + 8 <= len && s[j] == '/' && digits(s + j + 1, 7) &&
		    month_ok(s + j + 3) &&
		    (j + 8 == len || !isdigit((unsigned char)s[j + 8])))
			return j + 8 - i;
	}
	return 0;
}

/*
 * Quotes an identifier arxiv_at() found, as arXiv's metadata writes it:
 * an old one's subject class is no part of it (math.GT/0309136 is
 * math/0309136), as pp-split has it.
 */
static void
quote_arxiv(struct pp_buf *out, const char *id, size_t n)
{
	const char *slash = memchr(id, '/', n), *dot;
	char canon[32];
	size_t a;

	if (slash != NULL && (dot = memchr(id, '.', (size_t)(slash - id))) !=
	    NULL && n < sizeof(canon)) {
		a = (size_t)(dot - id);
		memcpy(canon, id, a);
		memcpy(canon + a, slash, n - (size_t)(slash - id));
		pp_json_quote(out, canon, a + n - (size_t)(slash - id));
	} else
		pp_json_quote(out, id, n);
}

/* Finds an identifier anywhere in s (id, url). */
static int
find_arxiv(const char *s, size_t len, size_t *start, size_t *n)
{
	size_t i;

	for (i = 0; i < len; i++)
		if ((isdigit((unsigned char)s[i]) || islower((unsigned char)s[i])) &&
		    (*n = arxiv_at(s, len, i)) > 0) {
			*start = i;
			return 1;
		}
	return 0;
}

/* Finds an identifier after "arXiv:" or "arxiv.org/abs/" in free text. */
static int
find_arxiv_in_text(const char *s, size_t len, size_t *start, size_t *n)
{
	static const char *const marks[] = {
		"arxiv:", "arxiv.org/abs/", "arxiv.org/pdf/", NULL
	};
	size_t i, j, k, m;

	for (i = 0; i + 6 < len; i++) {
		if ((s[i] | 0x20) != 'a')
			continue;
		for (k = 0; marks[k] != NULL; k++) {
			m = strlen(marks[k]);
			if (i + m > len || strncasecmp(s + i, marks[k], m) != 0)
				continue;
			for (j = i + m; j < len && s[j] == ' '; j++)
				;
			if ((*n = arxiv_at(s, len, j)) > 0 ||
			    (*n = arxiv_at(s, len, (j = i + m))) > 0) {
				*start = j;
				return 1;
			}
		}
	}
	return 0;
}

/*
 * Derives a built-in key from the record into f->tmp as JSON text.
 * Returns its type, or -1 when the record has nothing to derive it from.
 */
static int
derive(struct fields *f, const struct pp_record *rec, enum builtin b)
{
	static const char *const texts[] = { "title", "abstract", "comments",
	    NULL };
	struct pp_buf *s = &f->dec;
	struct pp_date date;
	size_t start, n, i;

	pp_buf_reset(&f->tmp);
	switch (b) {
	case B_YEAR:
	case B_MONTH:
		if (!string_of(rec, "date", s) || !pp_date_read(s->s, s->len, &date))
			return -1;
		if (b == B_MONTH && date.month == 0)
			return -1;
		pp_buf_printf(&f->tmp, "%d", b == B_YEAR ? date.year : date.month);
		return PP_JNUMBER;
	case B_WORDS:
		if (!string_of(rec, "abstract", s))
			return -1;
		pp_buf_printf(&f->tmp, "%zu", count_words(s->s, s->len));
		return PP_JNUMBER;
	case B_ACRONYM:
		if (!string_of(rec, "title", &f->sq))
			return -1;
		pp_buf_reset(s);
		pp_text_squeeze(s, f->sq.s, f->sq.len);
		if (!find_acronym(s->s, s->len, &start, &n))
			return -1;
		pp_json_quote(&f->tmp, s->s + start, n);
		return PP_JSTRING;
	case B_SENTENCE:
		if (!string_of(rec, "abstract", &f->sq))
			return -1;
		pp_buf_reset(s);
		pp_text_squeeze(s, f->sq.s, f->sq.len);
		if (s->len == 0)
			return -1;
		pp_json_quote(&f->tmp, s->s, first_sentence(s->s, s->len));
		return PP_JSTRING;
	case B_ARXIV:
		if ((string_of(rec, "id", s) && find_arxiv(s->s, s->len, &start,
		    &n)) || (string_of(rec, "url", s) && find_arxiv(s->s, s->len,
		    &start, &n))) {
			quote_arxiv(&f->tmp, s->s + start, n);
			return PP_JSTRING;
		}
		for (i = 0; texts[i] != NULL; i++)
			if (string_of(rec, texts[i], s) &&
			    find_arxiv_in_text(s->s, s->len, &start, &n)) {
				quote_arxiv(&f->tmp, s->s + start, n);
				return PP_JSTRING;
			}
		return -1;
	case B_NONE:
		break;
	}
	return -1;
}

/* --- records ------------------------------------------------------------ */

static void
write_line(const char *s, size_t len)
{
	pp_write(s, len);
	pp_write("\n", 1);
}

/* The member at key, a top-level key or a path (a.b); NULL if none. */
static const struct pp_member *
member_at(const struct pp_record *rec, const char *key, struct pp_member *tmp)
{
	const struct pp_member *m;

	if ((m = pp_record_get(rec, key)) != NULL || strchr(key, '.') == NULL)
		return m;
	memset(tmp, 0, sizeof(*tmp));
	if (!pp_record_path(rec, key, strlen(key), &tmp->value, &tmp->type))
		return NULL;
	return tmp;
}

/*
 * Appends the value of one item for the record: 1, or 0 when it has none
 * (the caller writes null or leaves the key out).  *same is cleared when
 * the value is not the record's own member i, unchanged.
 */
static int
item_value(struct fields *f, const struct pp_record *rec, struct item *it,
    jv results, size_t i, int *same)
{
	const struct pp_member *m;
	struct pp_member tmp;
	jv slot, value, text;
	int type;

	if (it->key != NULL) {
		if ((m = member_at(rec, it->key, &tmp)) != NULL) {
			if (*same && (m != &rec->members[i] ||
			    strcmp(it->key, it->name) != 0 || m->key_escaped))
				*same = 0;
			if (add_value(f, m->value.p, m->value.len, m->type))
				*same = 0;
			return 1;
		}
		*same = 0;
		if (it->builtin != B_NONE &&
		    (type = derive(f, rec, it->builtin)) >= 0) {
			add_value(f, f->tmp.s, f->tmp.len, type);
			return 1;
		}
		if (it->nullable) {
			pp_buf_adds(&f->out, "null");
			return 1;
		}
		return 0;
	}
	*same = 0;
	slot = jv_array_get(jv_copy(results), (int)it->slot);
	if (jv_array_length(jv_copy(slot)) == 0) {
		jv_free(slot);
		return 0;
	}
	value = jv_array_get(slot, 0);
	switch (jv_get_kind(value)) {
	case JV_KIND_STRING: type = PP_JSTRING; break;
	case JV_KIND_ARRAY: type = PP_JARRAY; break;
	default: type = PP_JNULL;
	}
	text = jv_dump_string(value, 0);
	add_value(f, jv_string_value(text),
	    (size_t)jv_string_length_bytes(jv_copy(text)), type);
	jv_free(text);
	return 1;
}

/* Appends one item as "name":value; a missing value as the options say. */
static void
add_item_member(struct fields *f, const struct pp_record *rec,
    struct item *it, jv results, size_t i, size_t *n, int *same)
{
	size_t mark = f->out.len;

	if (*n > 0)
		pp_buf_addc(&f->out, ',');
	pp_buf_add(&f->out, it->qname, it->qlen);
	if (!item_value(f, rec, it, results, i, same)) {
		if (f->skip_missing) {
			/* take back the comma and the key */
			f->out.len = mark;
			f->out.s[mark] = '\0';
			return;
		}
		pp_buf_adds(&f->out, "null");
	}
	(*n)++;
}

/* The item whose output key is the member's key, or NULL. */
static struct item *
item_named(struct fields *f, const struct pp_member *m)
{
	const char *k = m->key.p;
	size_t i, klen = m->key.len;

	if (m->key_escaped) {
		pp_buf_reset(&f->tmp);
		pp_json_unquote(&f->tmp, m->key.p - 1, m->key.len + 2);
		k = f->tmp.s != NULL ? f->tmp.s : "";
		klen = f->tmp.len;
	}
	for (i = 0; i < f->nitems; i++)
		if (strlen(f->items[i].name) == klen &&
		    memcmp(f->items[i].name, k, klen) == 0)
			return &f->items[i];
	return NULL;
}

/*
 * Writes the record with the FIELD list's keys, in its order.  With '*',
 * the record's own keys come first, in their order, an item of the same
 * name taking its place, and the other items after them.
 */
static void
project(struct fields *f, struct pp_input *in, struct pp_record *rec)
{
	const struct pp_member *m;
	struct item *it;
	jv results = jv_null();
	size_t i, n = 0;
	int same, star_same = 1;

	pp_keylist_check(&f->named, rec);
	if (f->nexpr > 0) {
		results = run_jq(f, in, rec);
		if (!jv_is_valid(results)) {
			write_line(rec->line, rec->len);
			return;
		}
	}
	/* The record is written as it came when the list keeps it whole. */
	same = f->nexpr == 0 && f->nitems == rec->nmembers && !f->star;
	pp_buf_reset(&f->out);
	pp_buf_addc(&f->out, '{');
	if (f->star) {
		memset(f->done, 0, f->nitems);
		for (i = 0; i < rec->nmembers; i++) {
			m = &rec->members[i];
			if ((it = item_named(f, m)) != NULL) {
				f->done[it - f->items] = 1;
				star_same = 0;
				add_item_member(f, rec, it, results, i, &n,
				    &same);
				continue;
			}
			if (n++ > 0)
				pp_buf_addc(&f->out, ',');
			pp_buf_add(&f->out, m->key.p - 1, m->key.len + 2);
			pp_buf_addc(&f->out, ':');
			if (add_value(f, m->value.p, m->value.len, m->type))
				star_same = 0;
		}
	}
	for (i = 0; i < f->nitems; i++) {
		if (f->star && f->done[i])
			continue;
		star_same = 0;
		add_item_member(f, rec, &f->items[i], results, i, &n, &same);
	}
	pp_buf_addc(&f->out, '}');
	pp_buf_addc(&f->out, '\n');
	jv_free(results);
	if (same || (f->star && star_same))
		write_line(rec->line, rec->len);
	else
		pp_write(f->out.s, f->out.len);
	return;
}

static int
excluded(struct fields *f, const struct pp_member *m)
{
	size_t i;
	const char *k = m->key.p;
	size_t klen = m->key.len;

	if (m->key_escaped) {
		pp_buf_reset(&f->tmp);
		pp_json_unquote(&f->tmp, m->key.p - 1, m->key.len + 2);
		k = f->tmp.s != NULL ? f->tmp.s : "";
		klen = f->tmp.len;
	}
	for (i = 0; i < f->nexclude; i++)
		if (strlen(f->exclude[i]) == klen &&
		    memcmp(f->exclude[i], k, klen) == 0)
			return 1;
	return 0;
}

/* The unescaped name of member m, into f->tmp when it has escapes. */
static struct pp_span
member_name(struct fields *f, const struct pp_member *m)
{
	if (!m->key_escaped)
		return m->key;
	pp_buf_reset(&f->tmp);
	pp_json_unquote(&f->tmp, m->key.p - 1, m->key.len + 2);
	return (struct pp_span){ f->tmp.s != NULL ? f->tmp.s : "",
	    f->tmp.len };
}

/*
 * Appends the object obj to out without the member path names, a nested
 * one ("sub.name": "name" in the object under "sub") as jq's del(.sub.name)
 * takes it.  Returns whether a member was dropped.
 */
static int
drop_path(struct fields *f, struct pp_buf *out, struct pp_span obj,
    const char *path)
{
	struct pp_record rec = { 0 };
	struct pp_buf sub = { 0 };
	const struct pp_member *m;
	struct pp_span name;
	size_t i, plen = strlen(path), n = 0;
	char err[64];
	int dropped = 0, done;

	if (pp_record_parse(&rec, obj.p, obj.len, err, sizeof(err)) != 0) {
		pp_buf_add(out, obj.p, obj.len);
		pp_record_free(&rec);
		return 0;
	}
	pp_buf_addc(out, '{');
	for (i = 0; i < rec.nmembers; i++) {
		m = &rec.members[i];
		name = member_name(f, m);
		if (name.len == plen && memcmp(name.p, path, plen) == 0) {
			dropped = 1;
			continue;
		}
		if (n++ > 0)
			pp_buf_addc(out, ',');
		pp_buf_add(out, m->key.p - 1, m->key.len + 2);
		pp_buf_addc(out, ':');
		done = 0;
		if (m->type == PP_JOBJECT && name.len < plen &&
		    path[name.len] == '.' &&
		    memcmp(name.p, path, name.len) == 0) {
			pp_buf_reset(&sub);
			if (drop_path(f, &sub, m->value, path + name.len + 1)) {
				pp_buf_add(out, sub.s, sub.len);
				dropped = done = 1;
			}
		}
		if (!done)
			pp_buf_add(out, m->value.p, m->value.len);
	}
	pp_buf_addc(out, '}');
	pp_buf_free(&sub);
	pp_record_free(&rec);
	return dropped;
}

/*
 * The value of member m of rec without the nested members -x names under
 * it, into f->dec; 0 when none is there.  A key of rec that has the dot in
 * its name ("sub.name") is dropped itself, as the selection takes it.
 */
static int
drop_nested(struct fields *f, const struct pp_record *rec,
    const struct pp_member *m)
{
	struct pp_buf next = { 0 };
	struct pp_span v = m->value, name;
	size_t i;
	int dropped = 0;

	if (m->type != PP_JOBJECT)
		return 0;
	for (i = 0; i < f->nexclude; i++) {
		name = member_name(f, m);
		if (strlen(f->exclude[i]) <= name.len ||
		    f->exclude[i][name.len] != '.' ||
		    memcmp(f->exclude[i], name.p, name.len) != 0 ||
		    pp_record_get(rec, f->exclude[i]) != NULL)
			continue;	/* not under m, or a key of its own */
		pp_buf_reset(&next);
		if (!drop_path(f, &next, v, f->exclude[i] + name.len + 1))
			continue;
		pp_buf_reset(&f->dec);
		pp_buf_add(&f->dec, next.s, next.len);
		v = (struct pp_span){ f->dec.s, f->dec.len };
		dropped = 1;
	}
	pp_buf_free(&next);
	return dropped;
}

/* -x: writes the record without the excluded keys. */
static void
exclude(struct fields *f, struct pp_input *in, struct pp_record *rec)
{
	const struct pp_member *m;
	size_t i, n = 0;
	int changed = 0;

	(void)in;
	pp_keylist_check(&f->named, rec);
	if (f->nexclude == 0 && !f->clean) {
		write_line(rec->line, rec->len);
		return;
	}
	pp_buf_reset(&f->out);
	pp_buf_addc(&f->out, '{');
	for (i = 0; i < rec->nmembers; i++) {
		m = &rec->members[i];
		if (f->nexclude > 0 && excluded(f, m)) {
			changed = 1;
			continue;
		}
		if (n++ > 0)
			pp_buf_addc(&f->out, ',');
		pp_buf_add(&f->out, m->key.p - 1, m->key.len + 2);
		pp_buf_addc(&f->out, ':');
		if (f->nexclude > 0 && drop_nested(f, rec, m)) {
			pp_buf_add(&f->out, f->dec.s, f->dec.len);
			changed = 1;
			continue;
		}
		changed |= add_value(f, m->value.p, m->value.len, m->type);
	}
	pp_buf_adds(&f->out, "}\n");
	if (changed)
		pp_write(f->out.s, f->out.len);
	else
		write_line(rec->line, rec->len);
	return;
}

/* The buffers of one reader: allocated, so an empty text is a valid one. */
static void
init_buffers(struct fields *f)
{
	memset(&f->rec, 0, sizeof(f->rec));
	memset(&f->out, 0, sizeof(f->out));
	memset(&f->tmp, 0, sizeof(f->tmp));
	memset(&f->dec, 0, sizeof(f->dec));
	memset(&f->tex, 0, sizeof(f->tex));
	memset(&f->sq, 0, sizeof(f->sq));
	memset(&f->nfc, 0, sizeof(f->nfc));
	memset(&f->arr, 0, sizeof(f->arr));
	pp_buf_grow(&f->out, 4096);
	pp_buf_grow(&f->tmp, 256);
	pp_buf_grow(&f->dec, 4096);
	pp_buf_grow(&f->tex, 4096);
	pp_buf_grow(&f->sq, 4096);
	pp_buf_grow(&f->nfc, 4096);
	pp_buf_grow(&f->arr, 4096);
}

static void
free_buffers(struct fields *f)
{
	pp_record_free(&f->rec);
	pp_buf_free(&f->out);
	pp_buf_free(&f->tmp);
	pp_buf_free(&f->dec);
	pp_buf_free(&f->tex);
	pp_buf_free(&f->sq);
	pp_buf_free(&f->nfc);
	pp_buf_free(&f->arr);
}

/* One line of the input (pp_map_file). */
static void
fields_line(void *state, struct pp_input *in)
{
	struct fields *f = state;

	if (pp_is_blank(in->line, in->len) || !pp_record_line(in, &f->rec))
		return;
	if (f->exclude_mode)
		exclude(f, in, &f->rec);
	else
		project(f, in, &f->rec);
}

/* A block's reader: the lists shared, its own buffers and keys found. */
static void *
fields_clone(void *state)
{
	struct fields *f = state, *t;

	t = xmalloc(sizeof(*t));
	*t = *f;
	init_buffers(t);
	t->done = xcalloc(f->nitems + 1, 1);
	pp_keylist_clone(&t->named, &f->named);
	return t;
}

static void
fields_drop(void *thread_state)
{
	struct fields *t = thread_state;

	free_buffers(t);
	free(t->done);
	pp_keylist_clone_free(&t->named);
	free(t);
}

static void
fields_merge(void *state, void *thread_state)
{
	struct fields *f = state, *t = thread_state;

	pp_keylist_merge(&f->named, &t->named);
}

/* Frees what main set up, so that leak checkers see only real leaks. */
static void
free_fields(struct fields *f)
{
	size_t i;

	for (i = 0; i < f->nitems; i++) {
		free(f->items[i].name);
		free(f->items[i].qname);
		free(f->items[i].key);
		free(f->items[i].expr);
	}
	free(f->items);
	for (i = 0; i < f->nexclude; i++)
		free(f->exclude[i]);
	free(f->exclude);
	free_buffers(f);
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "clean",		no_argument,		NULL, OPT_CLEAN },
		{ "exclude",		required_argument,	NULL, 'x' },
		{ "help",		no_argument,		NULL, 'h' },
		{ "jobs",		required_argument,	NULL, 'j' },
		{ "skip-missing",	no_argument,		NULL, OPT_SKIP_MISSING },
		{ "version",		no_argument,		NULL, 'V' },
		{ "generate",		required_argument,	NULL, OPT_GENERATE },
		{ NULL,			0,			NULL, 0 }
	};
	/* --generate: the options above and the FIELD list, for shells */
	static const struct pp_comp_opt comp_opts[] = {
		{ "exclude", 'x', PP_COMP_KEYS, 0, builtin_names,
		    "drop these keys" },
		{ "skip-missing", 0, PP_COMP_NONE, 0, NULL,
		    "leave out a missing key" },
		{ "clean", 0, PP_COMP_NONE, 0, NULL, "TeX and white space to text" },
		{ "jobs", 'j', PP_COMP_NUMBER, 0, NULL, "threads reading a file" },
		{ "help", 'h', PP_COMP_NONE, 0, NULL, "show the help" },
		{ "version", 'V', PP_COMP_NONE, 0, NULL, "show the version" },
		{ NULL, 0, 0, 0, NULL, NULL }
	};
	static const struct pp_comp comp = {
		"pp-fields", comp_opts, PP_COMP_KEYS, builtin_names, "fields",
		"exclude"
	};
	struct fields f;
	struct pp_map map = { fields_line, fields_clone, fields_merge,
	    fields_drop, NULL, 0, 0 };
	struct pp_files files;
	struct pp_input in;
	char *list, *cursor, *field;
	int ch;

	pp_init(argv[0]);
	memset(&f, 0, sizeof(f));
	init_buffers(&f);
	map.state = &f;
	map.jobs = pp_cpus();
	while ((ch = getopt_long(argc, argv, "hj:Vx:", longopts, NULL)) != -1) {
		switch (ch) {
		case OPT_CLEAN:
			f.clean = 1;
			break;
		case OPT_SKIP_MISSING:
			f.skip_missing = 1;
			break;
		case OPT_GENERATE:
			exit(pp_complete(optarg, &comp));
		case 'x':
			f.exclude_mode = 1;
			list = xstrdup(optarg);
			add_excludes(&f, list);
			free(list);
			break;
		case 'h':
			pp_help(SYNOPSIS, help);
		case 'j':
			pp_map_jobs(&map, optarg);
			break;
		case 'V':
			pp_version();
			break;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;

	if (f.exclude_mode && f.skip_missing) {
		pp_warnx("--skip-missing goes with a FIELD list, not -x");
		usage();
	}
	if (!f.exclude_mode) {
		if (argc == 0)
			usage();
		cursor = list = xstrdup(argv[0]);
		while ((field = next_field(&cursor)) != NULL)
			if (*field != '\0')
				add_item(&f, field);
		free(list);
		if (f.nitems == 0 && !f.star)
			pp_fatal("no FIELD in '%s'", argv[0]);
		f.done = xcalloc(f.nitems + 1, 1);
		argc--;
		argv++;
		if (f.nexpr > 0)
			compile_jq(&f);
	}

	/* jq's state is one; its expressions are read on one thread */
	if (f.jq != NULL)
		map.jobs = 1;
	pp_files_init(&files, argc, argv);
	while (pp_files_next(&files, &in)) {
		pp_map_file(&map, &in);
		pp_input_close(&in);
	}

	pp_keylist_report(&f.named);
	if (f.jq != NULL)
		jq_teardown(&f.jq);
	free(f.done);
	pp_keylist_free(&f.named);
	free_fields(&f);
	return pp_finish();
}
