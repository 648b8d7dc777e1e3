/*
 * libFuzzer target: pp-split's JSON reader (cmd/split/read-json.c), called
 * through the table of readers as main.c calls it, on the fuzz input as a
 * file in memory, and split_json_text() (what the HTML reader calls) on
 * the same bytes.  Whatever the bytes:
 *
 *  - no crash, no leak, no read outside the input;
 *  - every line written is one compact JSON object with a title and a
 *    source, "FUZZ:LINE" with LINE of the input: a record is never half
 *    written, never spread over lines, never made of nothing;
 *  - detect() never reads past the head it is given;
 *  - a record has each key once (decoded: "\u0078" is "x"), KEY_raw and
 *    the keys that pass through included.
 */
#define READER "json"
#define FUZZ_AFTER json_text
#define FUZZ_RECORD json_record
#include "split-reader.h"

/* The decoded key of member m, in b. */
static void
key_text(struct pp_buf *b, const struct pp_member *m)
{
	pp_buf_reset(b);
	pp_json_unquote(b, m->key.p - 1, m->key.len + 2);
	pp_buf_addc(b, '\0');
}

/* What is wrong with a record, NULL when nothing. */
static const char *
json_record(const struct reader *rd, const struct pp_record *r)
{
	struct pp_buf a = { 0 }, b = { 0 };
	size_t i, k;
	int twice = 0;

	(void)rd;
	for (i = 0; i < r->nmembers && !twice; i++) {
		key_text(&a, &r->members[i]);
		for (k = i + 1; k < r->nmembers && !twice; k++) {
			key_text(&b, &r->members[k]);
			twice = a.len == b.len && memcmp(a.s, b.s, a.len) == 0;
		}
	}
	pp_buf_free(&a);
	pp_buf_free(&b);
	return twice ? "a key twice" : NULL;
}

/* The same bytes as JSON found inside a page, from line 1. */
static void
json_text(struct split *sp, const uint8_t *data, size_t size)
{
	struct pp_input *page = sp->in, in;

	if (pp_input_open_mem(&in, "FUZZ", "", 0) == -1)
		abort();
	sp->in = &in;
	split_page(sp);
	split_json_text(sp, (const char *)data, size, 1);
	pp_input_close(&in);
	sp->in = page;
}
