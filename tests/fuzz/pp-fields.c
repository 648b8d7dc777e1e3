/*
 * libFuzzer target: pp-fields --clean (TeX accents and escapes, white
 * space, NFC), through its main, on any records.  `pp-fields --clean -x
 * KEY` with a key no record has:
 *
 *  - the status is 0 or 2, and every record of the input comes out, once;
 *  - every line written is a record (pp_record_parse) jq reads too;
 *  - every string value, and every string element of an array value, is
 *    clean: no white space run, none at either end, and NFC.
 */
int pp_fields_main(int, char **);

#define main pp_fields_main
#define pp_init fuzz_init
#define pp_finish fuzz_finish
#include "../../cmd/pp-fields.c"
#undef main
#include "harness.h"

#include <jv.h>

static const uint8_t *in_data;
static size_t in_size;

static void
fail(const char *what, const char *line, size_t len)
{
	fprintf(stderr, "pp-fields fuzz: %s\nrecord: %.*s\n", what,
	    (int)(len > 2000 ? 2000 : len), line);
	die(what, in_data, in_size);
}

/* Is the raw JSON string clean: squeezed and NFC? */
static int
clean(const char *raw, size_t len)
{
	struct pp_buf text = { 0 }, sq = { 0 }, nfc = { 0 };
	int ok;

	pp_buf_adds(&text, "");
	pp_json_unquote(&text, raw, len);
	if (!pp_utf8_valid(text.s, text.len)) {
		pp_buf_free(&text);
		return 1;	/* \u0000 or a lone surrogate: not text */
	}
	pp_buf_adds(&sq, "");
	pp_text_squeeze(&sq, text.s, text.len);
	pp_buf_adds(&nfc, "");
	pp_text_fold(&nfc, text.s, text.len, 0);
	ok = sq.len == text.len && memcmp(sq.s, text.s, sq.len) == 0 &&
	    nfc.len == text.len && memcmp(nfc.s, text.s, nfc.len) == 0;
	pp_buf_free(&text);
	pp_buf_free(&sq);
	pp_buf_free(&nfc);
	return ok;
}

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pp_record r = { 0 };
	const struct pp_member *m;
	const char *line, *nl, *end;
	struct pp_span elem;
	enum pp_jtype type;
	size_t i, pos, len;
	char msg[128];
	int status;
	jv v;

	if (size > 100000)
		return 0;
	in_data = data;
	in_size = size;
	status = run_main(pp_fields_main, data, size, "pp-fields", "--clean",
	    "-x", "no_such_key", "FILE", NULL);
	if (exited || (status != 0 && status != 2))
		die("pp-fields exited or gave a status not 0 or 2", data, size);
	if (out_lines() != input_records((const char *)data, size))
		die("records in and out differ in number", data, size);

	end = out + outlen;
	for (line = out; line < end; line = nl + 1) {
		nl = memchr(line, '\n', (size_t)(end - line));
		len = (size_t)(nl - line);
		if (pp_record_parse(&r, line, len, msg, sizeof(msg)) != 0)
			fail(msg, line, len);
		v = jv_parse_sized(line, (int)len);
		if (jv_get_kind(v) != JV_KIND_OBJECT) {
			jv e = jv_invalid_get_msg(jv_copy(v));
			int quirk = jv_get_kind(e) == JV_KIND_STRING &&
			    (strstr(jv_string_value(e), "surrogate") != NULL ||
			    strstr(jv_string_value(e), "depth") != NULL);

			jv_free(e);
			if (!quirk)
				fail("jq does not read the record", line, len);
		}
		jv_free(v);
		for (i = 0; i < r.nmembers; i++) {
			m = &r.members[i];
			if (m->type == PP_JSTRING && !clean(m->value.p, m->value.len))
				fail("a string value is not clean", line, len);
			if (m->type != PP_JARRAY)
				continue;
			pos = 0;
			while (pp_json_array_next(&m->value, &pos, &elem, &type))
				if (type == PP_JSTRING && !clean(elem.p, elem.len))
					fail("an array's string is not clean",
					    line, len);
		}
	}
	pp_record_free(&r);
	return 0;
}
