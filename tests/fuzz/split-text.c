/*
 * libFuzzer target: pp-split's text readers (read-hf.c, read-arxiv.c) and
 * the round-1 JSON reader (read-json.c), called through the table of
 * readers as main.c calls them: pp_input_open_mem, then reader->read.
 * Each input is read by the reader detection picks and by each of these
 * readers forced, as --format forces it.  Whatever the bytes:
 *
 *  - no crash, no leak, detect() reads only the head it is given;
 *  - every line written is one JSON object (pp_record_parse), which jq
 *    reads as one too, with a string title and a source "FUZZ:LINE" whose
 *    LINE is a line of the input;
 *  - from the text readers, title and abstract have their white space
 *    collapsed and date is YYYY-MM-DD (split-reader.h checks the types).
 *
 * Every reader takes its state on its own stack: nothing to reset here.
 * The harness is split-reader.h's; this file adds the text readers' checks.
 */
/* The readers run on every input, detection's choice first (NULL). */
#define READERS		NULL, "hf-daily", "hf-search", "arxiv", "json"
#define FUZZ_MAX_SIZE	100000
#define FUZZ_RECORD	text_record
#include <jv.h>

#include "split-reader.h"

/* A string member whose text has no white space run, none at the ends. */
static int
squeezed(const struct pp_member *m)
{
	struct pp_buf text = { 0 }, sq = { 0 };
	int same;

	if (m == NULL || m->type != PP_JSTRING)
		return 1;
	pp_json_unquote(&text, m->value.p, m->value.len);
	pp_buf_adds(&sq, "");
	pp_text_squeeze(&sq, text.s ? text.s : "", text.len);
	same = sq.len == text.len &&
	    memcmp(sq.s, text.s ? text.s : "", sq.len) == 0;
	pp_buf_free(&text);
	pp_buf_free(&sq);
	return same;
}

static int
good_date(const struct pp_member *m)
{
	struct pp_date d;

	return m == NULL || (m->type == PP_JSTRING && m->value.len == 12 &&
	    pp_date_parse(m->value.p + 1, 10, &d) == 10);
}

/* What is wrong with a record, NULL when nothing. */
static const char *
text_record(const struct reader *rd, const struct pp_record *r)
{
	const char *line = r->line;
	jv v, m;
	int surrogate;

	v = jv_parse_sized(line, (int)r->len);
	if (jv_get_kind(v) != JV_KIND_OBJECT) {
		m = jv_invalid_get_msg(jv_copy(v));
		surrogate = jv_get_kind(m) == JV_KIND_STRING &&
		    strstr(jv_string_value(m), "surrogate") != NULL;
		jv_free(m);
		if (!surrogate) {
			jv_free(v);
			return "jq does not read the record";
		}
	}
	jv_free(v);
	/* JSON sources keep their text and their dates as they came */
	if (strcmp(rd->name, "json") == 0)
		return NULL;
	if (!squeezed(pp_record_get(r, "title")) ||
	    !squeezed(pp_record_get(r, "abstract")))
		return "white space not collapsed";
	if (!good_date(pp_record_get(r, "date")))
		return "date is not YYYY-MM-DD";
	return NULL;
}
