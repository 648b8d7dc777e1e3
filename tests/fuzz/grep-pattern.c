/*
 * libFuzzer target: pp-grep's matcher (cmd/grep/pattern.c), called
 * directly.  Input: a flags byte, the pattern up to the first newline,
 * then records, one a line.  The flags byte picks -i, -w, -x,
 * --ignore-accents, -F, two patterns (the line split at its first tab)
 * and --all.
 *
 * For each record that parses, on the fields title and abstract:
 *
 *  - the prefilter never changes the answer: matching after
 *    matcher_may_select gives what matching every pattern gives (the
 *    prefilter may say yes wrongly, never no wrongly);
 *  - with -F, the pattern as an escaped regular expression selects the
 *    same records;
 *  - the matches matcher_each reports (-o, --color) lie inside the text,
 *    in order, none empty, none overlapping, and (without --all) a value
 *    with one is in a record that matches.
 */
#include <stdlib.h>
#include <string.h>

#include "pp.h"
#include "grep.h"

/* The maps of characters folding to ASCII take 5 ms to make: keep them. */
static unsigned char *folding_cache[4];

static void
done(struct matcher *m)
{
	size_t i;

	for (i = 0; i < 4; i++) {
		if (folding_cache[i] == NULL)
			folding_cache[i] = m->ascii_folding[i];
		if (m->ascii_folding[i] == folding_cache[i])
			m->ascii_folding[i] = NULL;
	}
	/* matcher_free frees a map made twice (two matchers in one run) */
	matcher_free(m);
}

static void
die(const char *what, const uint8_t *data, size_t size)
{
	fprintf(stderr, "grep-pattern fuzz: %s\ninput (%zu bytes): %.*s\n",
	    what, size, (int)(size > 2000 ? 2000 : size), (const char *)data);
	abort();
}

static int
setup(struct matcher *m, int flags, const char *pat, size_t len, int fixed)
{
	const char *tab;
	char err[512];

	memset(m, 0, sizeof(*m));
	memcpy(m->ascii_folding, folding_cache, sizeof(folding_cache));
	m->casing = flags & 1 ? CASE_IGNORE : CASE_EXACT;
	m->flags = (flags & 2 ? MATCH_WORD : 0) | (flags & 4 ? MATCH_LINE : 0) |
	    (flags & 8 ? MATCH_ACCENTS : 0) | (fixed ? MATCH_FIXED : 0) |
	    (flags & 64 ? MATCH_ALL : 0);
	if ((flags & 32) && (tab = memchr(pat, '\t', len)) != NULL) {
		matcher_add(m, pat, (size_t)(tab - pat));
		matcher_add(m, tab + 1, len - (size_t)(tab - pat) - 1);
	} else
		matcher_add(m, pat, len);
	return matcher_compile(m, err, sizeof(err));
}

/* Match with the prefilter (as pp-grep does) or with every pattern. */
static int
match(struct matcher *m, const struct pp_record *r, const char *line,
    size_t len, int prefilter, struct pp_span *vals, enum pp_jtype *types)
{
	static const char *const keys[] = { "title", "abstract" };
	size_t i;

	for (i = 0; i < 2; i++)
		if (!pp_record_path(r, keys[i], strlen(keys[i]), &vals[i],
		    &types[i]))
			vals[i].p = NULL;
	if (prefilter) {
		if (!matcher_may_select(m, line, len))
			return 0;
	} else
		memset(m->cand, 1, m->npats);
	return matcher_match(m, vals, types, 2);
}

struct spans {
	size_t	 len, last;
	int	 bad;
};

static void
check_span(void *ctx, size_t start, size_t end)
{
	struct spans *s = ctx;

	if (start >= end || end > s->len || start < s->last)
		s->bad = 1;
	s->last = end;
}

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct matcher m, esc;
	struct pp_record rec = { 0 };
	struct pp_span vals[2];
	enum pp_jtype types[2];
	struct pp_buf text = { 0 }, escaped = { 0 };
	struct spans sp;
	const uint8_t *nl, *p, *end, *eol;
	size_t patlen, i;
	char err[128];
	int flags, a, b, have_esc = 0;

	if (size < 2 || size > 65536)
		return 0;
	flags = data[0];
	if ((nl = memchr(data + 1, '\n', size - 1)) == NULL)
		return 0;
	patlen = (size_t)(nl - data - 1);
	if (memchr(data + 1, '\0', patlen) != NULL)
		return 0;
	if (setup(&m, flags, (const char *)data + 1, patlen, flags & 16) == -1) {
		done(&m);
		return 0;
	}
	if (flags & 16) {
		for (i = 0; i < patlen; i++) {
			unsigned char c = data[1 + i];

			if (c < 0x80 && !((c >= '0' && c <= '9') ||
			    (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) &&
			    c > ' ')
				pp_buf_addc(&escaped, '\\');
			pp_buf_addc(&escaped, c);
		}
		pp_buf_add(&escaped, "", 0);
		if (setup(&esc, flags, escaped.s, escaped.len, 0) == -1)
			die("-F pattern does not compile escaped", data, size);
		have_esc = 1;
	}
	for (p = nl + 1, end = data + size; p < end; p = eol + 1) {
		if ((eol = memchr(p, '\n', (size_t)(end - p))) == NULL)
			eol = end;
		if (pp_record_parse(&rec, (const char *)p, (size_t)(eol - p), err,
		    sizeof(err)) != PP_JSON_OK)
			continue;
		a = match(&m, &rec, (const char *)p, (size_t)(eol - p), 1,
		    vals, types);
		b = match(&m, &rec, (const char *)p, (size_t)(eol - p), 0,
		    vals, types);
		if (a != b && a != -1 && b != -1)
			die("the prefilter changed the answer", data, size);
		if (have_esc) {
			b = match(&esc, &rec, (const char *)p,
			    (size_t)(eol - p), 1, vals, types);
			if (a != b && a != -1 && b != -1)
				die("-F and the escaped expression differ",
				    data, size);
		}
		for (i = 0; i < 2; i++) {
			if (vals[i].p == NULL || types[i] != PP_JSTRING)
				continue;
			pp_buf_reset(&text);
			pp_buf_add(&text, "", 0);
			pp_json_unquote(&text, vals[i].p, vals[i].len);
			memset(&sp, 0, sizeof(sp));
			sp.len = text.len;
			if (matcher_each(&m, text.s, text.len, check_span,
			    &sp) > 0 && a == 0 && !(flags & 64))
				die("-o found a match where none is", data, size);
			if (sp.bad)
				die("-o match out of place", data, size);
		}
	}
	pp_record_free(&rec);
	pp_buf_free(&text);
	pp_buf_free(&escaped);
	done(&m);
	if (have_esc)
		done(&esc);
	return 0;
}
