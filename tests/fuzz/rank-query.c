/*
 * libFuzzer target: pp-rank's query parser (cmd/rank/query.c) and the
 * scoring of a record by it (cmd/rank/score.c).
 *
 * The first byte chooses --literal; the rest is the query.  Whatever the
 * bytes (valid UTF-8 without NUL, as a command line has):
 *
 *  - the parse succeeds or says why; a literal query always succeeds and
 *    has no phrase and no exclusion;
 *  - every unit, phrase component and term index is in range, and each
 *    phrase spans at most MAXPHRASE positions;
 *  - the query text, as the title and abstract of a record, is scored
 *    without a crash, and a literal query with a word to rank by matches
 *    its own text.
 */
#include <stdlib.h>
#include <string.h>

#include "rank.h"

static void
die(const char *what, const char *q)
{
	fprintf(stderr, "rank-query fuzz: %s\nquery: %s\n", what, q);
	abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tok t;
	struct query q;
	struct score s;
	struct pp_record rec = { 0 };
	struct pp_buf line = { 0 };
	char *text, err[128];
	uint64_t post;
	uint16_t npost;
	int literal, rc, i, j, kept;

	if (size < 1 || memchr(data + 1, '\0', size - 1) != NULL ||
	    !pp_utf8_valid((const char *)data + 1, size - 1))
		return 0;
	literal = data[0] & 1;
	text = xmemdup((const char *)data + 1, size - 1);
	if (tok_init(&t, "english", 1) != 0)
		die("tok_init failed", text);
	rc = query_parse(&q, &t, text, literal, err, sizeof(err));
	if (rc == -1 && (literal || err[0] == '\0'))
		die("the parse failed without a reason, or literally", text);
	if (q.nterms != t.nterms)
		die("the query and the tokenizer count other terms", text);
	for (i = 0; i < q.nunits; i++)
		if ((q.units[i].term < 0) == (q.units[i].phrase < 0) ||
		    q.units[i].term >= q.nterms ||
		    q.units[i].phrase >= q.nphrases)
			die("a unit out of range", text);
	for (i = 0; i < q.nphrases; i++) {
		if (literal)
			die("a literal query has a phrase", text);
		if (q.phrases[i].n < 2 || q.phrases[i].n > MAXPHRASE ||
		    q.phrases[i].at[q.phrases[i].n - 1] >= MAXPHRASE)
			die("a phrase out of range", text);
		for (j = 0; j < q.phrases[i].n; j++)
			if (q.phrases[i].term[j] < 0 ||
			    q.phrases[i].term[j] >= q.nterms)
				die("a phrase term out of range", text);
	}
	if (literal && query_excludes(&q))
		die("a literal query excludes", text);

	if (rc == 0) {
		score_init(&s, &t, &q);
		score_fields(&s, "title^2,abstract");
		pp_buf_adds(&line, "{\"title\":");
		pp_json_quote(&line, text, strlen(text));
		pp_buf_adds(&line, ",\"abstract\":[");
		pp_json_quote(&line, text, strlen(text));
		pp_buf_adds(&line, "]}");
		if (pp_record_parse(&rec, line.s, line.len, err,
		    sizeof(err)) != 0)
			die("the record of the query is not JSON", text);
		kept = score_record(&s, &rec, &post, &npost);
		if (literal && q.nunits > 0 && (kept != 1 || npost == 0))
			die("a literal query does not match its own text",
			    text);
		score_free(&s);
		pp_record_free(&rec);
		pp_buf_free(&line);
	}
	query_free(&q);
	tok_free(&t);
	free(text);
	return 0;
}
