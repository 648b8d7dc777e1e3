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
 *  - detect() never reads past the head it is given.
 */
#define READER "json"
#define FUZZ_AFTER json_text
#include "split-reader.h"

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
