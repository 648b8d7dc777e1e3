/*
 * libFuzzer target: pp-grep's matcher, case folding and prefilter, through
 * its main.  Input: a flags byte, the pattern up to the first newline, then
 * the records.  The flags byte picks -i, -w, -x, -F and --ignore-accents.
 *
 * The prefilter (a literal searched for in the raw line, skipping lines
 * that provably cannot match) must never change what is selected: the
 * run with the pattern alone must select exactly what a run with a second
 * pattern, one that never matches and has no literal ([^\s\S]), selects,
 * since that second pattern leaves the prefilter nothing to skip on.
 * With -F, the same pattern as an escaped regular expression must select
 * the same records.  And the selected and the -v records together are
 * every record of the input, each once (in order, byte for byte).
 *
 * pp-grep keeps its options in file-scope variables; reset() puts them
 * back between runs and frees the compiled patterns.
 */
int pp_grep_main(int, char **);

#define main pp_grep_main
#define pp_init fuzz_init
#define pp_finish fuzz_finish
#include "../../cmd/pp-grep.c"
#undef main
#include "harness.h"

static void
reset_options(void)
{
	size_t i, j;

	for (i = 0; i < npats; i++) {
		free(pats[i].src);
		pcre2_code_free(pats[i].re);
		pcre2_match_data_free(pats[i].md);
		for (j = 0; j < pats[i].nlits; j++) {
			free(pats[i].lits[j].s);
		}
		free(pats[i].lits);
	}
	npats = 0;
	have_patterns = 0;
	nfields = 0;
	free(fieldlen);
	fieldlen = NULL;
	free(fvals);
	fvals = NULL;
	cflag = qflag = sflag = vflag = wflag = xflag = Fflag = all_flag = 0;
	accents_flag = 0;
	casing = CASE_EXACT;
	max_count = -1;
	nhas = 0;
	since = until = unique_key = where_expr = NULL;
}

/* One run of pp-grep with the flags, patterns and options given. */
static int
grep(const uint8_t *data, size_t size, int flags, const char *pat,
    const char *pat2, int invert, int literal)
{
	char *argv[16];
	int argc = 0, status;

	argv[argc++] = "pp-grep";
	if (flags & 1)
		argv[argc++] = "-i";
	if (flags & 2)
		argv[argc++] = "-w";
	if (flags & 4)
		argv[argc++] = "-x";
	if (flags & 8)
		argv[argc++] = "--ignore-accents";
	if (literal)
		argv[argc++] = "-F";
	if (invert)
		argv[argc++] = "-v";
	argv[argc++] = "-e";
	argv[argc++] = (char *)pat;
	if (pat2 != NULL) {
		argv[argc++] = "-e";
		argv[argc++] = (char *)pat2;
	}
	argv[argc++] = "FILE";
	argv[argc] = NULL;
	reset_options();
	/* run_main takes a NULL-terminated list: pass the array's items */
	status = run_main(pp_grep_main, data, size, argv[0], argv[1], argv[2],
	    argv[3], argv[4], argv[5], argv[6], argv[7], argv[8], argv[9],
	    argv[10], argv[11], argv[12], NULL);
	return status;
}

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nl, *recs;
	char *pat, *sel = NULL, *escaped;
	size_t patlen, nrecs, sellen, i, j, nsel;
	int flags, st, st2;

	if (size < 2 || size > 65536)
		return 0;
	flags = data[0];
	if ((nl = memchr(data + 1, '\n', size - 1)) == NULL)
		return 0;
	patlen = (size_t)(nl - data - 1);
	if (patlen == 0 || memchr(data + 1, '\0', patlen) != NULL ||
	    !pp_utf8_valid((const char *)data + 1, patlen))
		return 0;
	pat = xmemdup((const char *)data + 1, patlen);
	recs = nl + 1;
	nrecs = size - (size_t)(recs - data);

	st = grep(recs, nrecs, flags, pat, NULL, 0, flags & 16);
	if (st != 0 && st != 1 && st != 2)
		die("status not 0, 1 or 2", data, size);
	if (st == 2 && errlen == 0)
		die("status 2 without a message", data, size);
	if (exited) {
		/* the pattern was refused (pp_fatal): nothing to compare */
		free(pat);
		return 0;
	}
	sel = xmemdup(out, outlen);
	sellen = outlen;
	nsel = out_lines();

	if (!(flags & 16)) {
		st2 = grep(recs, nrecs, flags, pat, "[^\\s\\S]", 0, 0);
		/* the statuses may differ by the bad lines the prefilter
		 * skipped unread: B reads and reports them all */
		if (exited || (st != 2 && st2 != 2 && st2 != st) ||
		    outlen != sellen || memcmp(out, sel, sellen) != 0)
			die("the prefilter changed what is selected", data, size);
	} else {
		/* -F PAT against PAT as an escaped regular expression */
		escaped = xmalloc(2 * patlen + 1);
		for (i = j = 0; i < patlen; i++) {
			unsigned char c = (unsigned char)pat[i];

			if (c < 0x80 && !is_alnum(c) && c > ' ')
				escaped[j++] = '\\';
			escaped[j++] = (char)c;
		}
		escaped[j] = '\0';
		st2 = grep(recs, nrecs, flags, escaped, "[^\\s\\S]", 0, 0);
		if (exited || outlen != sellen || memcmp(out, sel, sellen) != 0)
			die("-F and the escaped regular expression differ",
			    data, size);
		free(escaped);
	}

	st2 = grep(recs, nrecs, flags, pat, NULL, 1, flags & 16);
	if (exited || nsel + out_lines() != input_records((const char *)recs,
	    nrecs))
		die("selected and -v records are not the input's records",
		    data, size);
	free(sel);
	free(pat);
	return 0;
}
