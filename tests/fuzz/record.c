/*
 * libFuzzer target: the record reader (common/json.c).
 *
 * pp_record_parse is a hand-written validating scanner; jq's jv_parse is
 * the reference it must agree with.  For each input line:
 *
 *  - no crash, no read outside the line, whatever the bytes; nothing
 *    nested deeper than PP_JSON_MAXDEPTH accepted;
 *  - differential: pp accepts the line exactly when jq parses it as an
 *    object, wherever both are defined by RFC 8259.  jq 1.6 is laxer in
 *    a few places (nan, +1, .5, 01, Infinity; invalid UTF-8 replaced; a
 *    leading byte order mark; a raw U+001F in a string, an off-by-one in
 *    its control character check) and stricter in two (nesting deeper than
 *    256; a lone high surrogate escape): those inputs are not compared;
 *  - when both accept, every member pp indexes decodes to what jq has:
 *    keys, string values (pp_json_unquote), array elements
 *    (pp_json_array_next) and nested objects, recursively; and
 *    pp_record_get finds the last of duplicate keys, as jq keeps it;
 *  - pp_json_quote then pp_json_unquote gives back any valid UTF-8
 *    string, and the quoted form is a string both parsers accept.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <jv.h>

#include "pp.h"

#define JQ_MAXDEPTH 256

static void
die(const char *what, const char *line, size_t len)
{
	fprintf(stderr, "record fuzz: %s\ninput (%zu bytes): %.*s\n", what,
	    len, (int)(len > 2000 ? 2000 : len), line);
	abort();
}

/* Nesting depth of brackets outside strings (the input need not be JSON). */
static size_t
max_depth(const char *s, size_t len)
{
	size_t i, depth = 0, max = 0;
	int in_string = 0;

	for (i = 0; i < len; i++) {
		if (in_string) {
			if (s[i] == '\\')
				i++;
			else if (s[i] == '"')
				in_string = 0;
		} else if (s[i] == '"')
			in_string = 1;
		else if (s[i] == '{' || s[i] == '[') {
			if (++depth > max)
				max = depth;
		} else if ((s[i] == '}' || s[i] == ']') && depth > 0)
			depth--;
	}
	return max;
}

/* Is tok[0..n) true, false, null or an RFC 8259 number? */
static int
strict_token(const char *t, size_t n)
{
	size_t i = 0;

	if ((n == 4 && memcmp(t, "true", 4) == 0) ||
	    (n == 5 && memcmp(t, "false", 5) == 0) ||
	    (n == 4 && memcmp(t, "null", 4) == 0))
		return 1;
	if (i < n && t[i] == '-')
		i++;
	if (i < n && t[i] == '0')
		i++;
	else if (i < n && t[i] >= '1' && t[i] <= '9')
		while (i < n && t[i] >= '0' && t[i] <= '9')
			i++;
	else
		return 0;
	if (i < n && t[i] == '.') {
		if (++i == n || t[i] < '0' || t[i] > '9')
			return 0;
		while (i < n && t[i] >= '0' && t[i] <= '9')
			i++;
	}
	if (i < n && (t[i] == 'e' || t[i] == 'E')) {
		i++;
		if (i < n && (t[i] == '+' || t[i] == '-'))
			i++;
		if (i == n || t[i] < '0' || t[i] > '9')
			return 0;
		while (i < n && t[i] >= '0' && t[i] <= '9')
			i++;
	}
	return i == n;
}

/*
 * Are all bare tokens (outside strings: runs of anything but white space,
 * quotes and structure) strict JSON literals?  jq lexes them all alike and
 * hands them to strtod, so it takes nan, +1, .5, 01 and Infinity.
 */
static int
strict_tokens(const char *s, size_t len)
{
	size_t i = 0, start;

	while (i < len) {
		if (s[i] == '"') {
			for (i++; i < len && s[i] != '"'; i++)
				if (s[i] == '\\')
					i++;
			i++;
			continue;
		}
		if (strchr(" \t\r\n{}[],:", s[i]) != NULL && s[i] != '\0') {
			i++;
			continue;
		}
		start = i;
		while (i < len && s[i] != '"' &&
		    (strchr(" \t\r\n{}[],:", s[i]) == NULL || s[i] == '\0'))
			i++;
		if (!strict_token(s + start, i - start))
			return 0;
	}
	return 1;
}

static int compare_value(const char *, size_t, enum pp_jtype, jv, int);

static int
same_string(const char *raw, size_t len, jv str)
{
	struct pp_buf b = { 0 };
	int same;

	pp_json_unquote(&b, raw, len);
	same = (size_t)jv_string_length_bytes(jv_copy(str)) == b.len &&
	    memcmp(jv_string_value(str), b.len ? b.s : "", b.len) == 0;
	pp_buf_free(&b);
	return same;
}

/* Does the object at raw[0..len) hold what jq's obj holds?  Consumes obj. */
static int
compare_object(const char *raw, size_t len, jv obj, int depth)
{
	struct pp_record rec = { 0 };
	struct pp_buf key = { 0 };
	const struct pp_member *m, *got;
	size_t i, j, distinct = 0;
	char err[128];
	int ok = 1;
	jv val;

	if (pp_record_parse(&rec, raw, len, err, sizeof(err)) != 0) {
		jv_free(obj);
		pp_record_free(&rec);
		return 0;
	}
	for (i = 0; ok && i < rec.nmembers; i++) {
		m = &rec.members[i];
		pp_buf_reset(&key);
		pp_json_unquote(&key, m->key.p - 1, m->key.len + 2);
		/* only the last of duplicate keys counts */
		for (j = i + 1; j < rec.nmembers; j++) {
			struct pp_buf k2 = { 0 };
			int dup;

			pp_json_unquote(&k2, rec.members[j].key.p - 1,
			    rec.members[j].key.len + 2);
			dup = k2.len == key.len &&
			    memcmp(k2.s ? k2.s : "", key.s ? key.s : "", key.len) == 0;
			pp_buf_free(&k2);
			if (dup)
				break;
		}
		if (j < rec.nmembers)
			continue;
		distinct++;
		if (key.len > 0 && memchr(key.s, '\0', key.len) == NULL) {
			got = pp_record_get(&rec, key.s);
			if (got != m)
				die("pp_record_get did not find the last member",
				    raw, len);
		}
		val = jv_object_get(jv_copy(obj),
		    jv_string_sized(key.len ? key.s : "", (int)key.len));
		if (!jv_is_valid(val)) {
			jv_free(val);
			ok = 0;
			break;
		}
		ok = compare_value(m->value.p, m->value.len, m->type, val,
		    depth + 1);
	}
	if (ok && (int)distinct != jv_object_length(jv_copy(obj)))
		ok = 0;
	pp_buf_free(&key);
	pp_record_free(&rec);
	jv_free(obj);
	return ok;
}

static int
compare_array(const char *raw, size_t len, jv arr, int depth)
{
	struct pp_span span = { raw, len }, elem;
	enum pp_jtype type;
	size_t pos = 0;
	int n = 0, ok = 1;

	while (ok && pp_json_array_next(&span, &pos, &elem, &type)) {
		if (n >= jv_array_length(jv_copy(arr))) {
			ok = 0;
			break;
		}
		ok = compare_value(elem.p, elem.len, type,
		    jv_array_get(jv_copy(arr), n), depth + 1);
		n++;
	}
	if (ok && n != jv_array_length(jv_copy(arr)))
		ok = 0;
	jv_free(arr);
	return ok;
}

/* Consumes v. */
static int
compare_value(const char *raw, size_t len, enum pp_jtype type, jv v, int depth)
{
	jv_kind k = jv_get_kind(v);

	switch (type) {
	case PP_JNULL:
		jv_free(v);
		return k == JV_KIND_NULL && len == 4;
	case PP_JFALSE:
		jv_free(v);
		return k == JV_KIND_FALSE && len == 5;
	case PP_JTRUE:
		jv_free(v);
		return k == JV_KIND_TRUE && len == 4;
	case PP_JNUMBER:
		jv_free(v);
		return k == JV_KIND_NUMBER;
	case PP_JSTRING: {
		int same = k == JV_KIND_STRING && same_string(raw, len, v);

		jv_free(v);
		return same;
	}
	case PP_JARRAY:
		if (k != JV_KIND_ARRAY) {
			jv_free(v);
			return 0;
		}
		return compare_array(raw, len, v, depth);
	case PP_JOBJECT:
		if (k != JV_KIND_OBJECT) {
			jv_free(v);
			return 0;
		}
		return compare_object(raw, len, v, depth);
	}
	jv_free(v);
	return 0;
}

/* quote then unquote is the identity on valid UTF-8; the quoted text parses. */
static void
check_quote(const char *s, size_t len)
{
	struct pp_buf q = { 0 }, u = { 0 }, line = { 0 };
	struct pp_record rec = { 0 };
	char err[128];
	jv v;

	pp_json_quote(&q, s, len);
	pp_json_unquote(&u, q.s, q.len);
	if (u.len != len || memcmp(u.s ? u.s : "", s, len) != 0)
		die("pp_json_unquote(pp_json_quote(s)) != s", s, len);
	pp_buf_adds(&line, "{\"k\":");
	pp_buf_add(&line, q.s, q.len);
	pp_buf_addc(&line, '}');
	if (pp_record_parse(&rec, line.s, line.len, err, sizeof(err)) != 0)
		die("pp_record_parse rejects a quoted string", line.s, line.len);
	if (rec.nmembers != 1 || rec.members[0].type != PP_JSTRING)
		die("quoted string not indexed as a string", line.s, line.len);
	v = jv_parse_sized(q.s, (int)q.len);
	if (jv_get_kind(v) != JV_KIND_STRING ||
	    (size_t)jv_string_length_bytes(jv_copy(v)) != len ||
	    memcmp(jv_string_value(v), s, len) != 0)
		die("jq reads a quoted string differently", q.s, q.len);
	jv_free(v);
	pp_record_free(&rec);
	pp_buf_free(&line);
	pp_buf_free(&u);
	pp_buf_free(&q);
}

/* Is m a string of ASCII without a backslash, as its plain says? */
static int
is_plain(const struct pp_member *m)
{
	size_t i;

	if (m->type != PP_JSTRING)
		return 0;
	for (i = 0; i < m->value.len; i++)
		if ((unsigned char)m->value.p[i] >= 0x80 ||
		    m->value.p[i] == '\\')
			return 0;
	return 1;
}

/*
 * The string scan has two ways, 32 bytes a step with AVX2 (UTF-8 checked
 * in the step) and 16 without: on every input they must agree, in the
 * verdict, the message and its column, and the members found.
 */
static void
check_scans_agree(const struct pp_record *rec, int pp_ok, const char *err,
    const char *line, size_t size)
{
	static struct pp_record plain;
	char plain_err[128];
	int plain_ok;
	size_t i;

	pp_json_simd = 0;
	plain_ok = pp_record_parse(&plain, line, size, plain_err,
	    sizeof(plain_err)) == 0;
	pp_json_simd = 1;
	if (plain_ok != pp_ok)
		die("the AVX2 and plain string scans differ", line, size);
	if (!pp_ok && strcmp(err, plain_err) != 0) {
		fprintf(stderr, "avx2: %s\nplain: %s\n", err, plain_err);
		die("the AVX2 and plain string scans say different things",
		    line, size);
	}
	if (!pp_ok)
		return;
	if (plain.nmembers != rec->nmembers)
		die("the two string scans find different members", line, size);
	for (i = 0; i < rec->nmembers; i++)
		if (plain.members[i].key.p != rec->members[i].key.p ||
		    plain.members[i].key.len != rec->members[i].key.len ||
		    plain.members[i].value.p != rec->members[i].value.p ||
		    plain.members[i].value.len != rec->members[i].value.len ||
		    plain.members[i].key_escaped !=
		    rec->members[i].key_escaped ||
		    plain.members[i].plain != rec->members[i].plain)
			die("the two string scans find different members",
			    line, size);
	for (i = 0; i < rec->nmembers; i++)
		if (rec->members[i].plain != is_plain(&rec->members[i]))
			die("a member's plain is wrong", line, size);
}

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct pp_record rec;
	struct pp_buf fixed = { 0 };
	const char *line;
	char err[128];
	int pp_ok, jq_ok, comparable;
	char *copy;
	jv v, msg;

	if (size > (1 << 20))
		return 0;
	/* An exact-size copy: ASan catches any read past the line. */
	copy = malloc(size ? size : 1);
	memcpy(copy, data, size);
	line = copy;

	pp_ok = pp_record_parse(&rec, line, size, err, sizeof(err)) == 0;
	if (!pp_ok && (strlen(err) == 0 || strlen(err) >= sizeof(err)))
		die("rejected without a message", line, size);

	if (pp_ok && !pp_utf8_valid(line, size))
		die("pp accepts invalid UTF-8", line, size);
	check_scans_agree(&rec, pp_ok, err, line, size);

	if (pp_ok && max_depth(line, size) > PP_JSON_MAXDEPTH)
		die("pp accepts nesting deeper than PP_JSON_MAXDEPTH", line, size);

	v = jv_parse_sized(line, (int)size);
	jq_ok = jv_get_kind(v) == JV_KIND_OBJECT;

	if (pp_ok && !jq_ok) {
		comparable = max_depth(line, size) <= JQ_MAXDEPTH;
		if (comparable && jv_get_kind(v) == JV_KIND_INVALID) {
			msg = jv_invalid_get_msg(jv_copy(v));
			if (jv_get_kind(msg) == JV_KIND_STRING &&
			    strstr(jv_string_value(msg), "surrogate") != NULL)
				comparable = 0;
			jv_free(msg);
		}
		if (comparable)
			die("pp accepts what jq rejects", line, size);
	}
	if (jq_ok && !pp_ok) {
		/*
		 * jq 1.6 takes a raw 0x1f in a string, and 0x1e (RFC 7464's
		 * record separator) as the end of what came before it, an
		 * open string included ("{}\"\x1e" is {} to it): not JSON.
		 */
		comparable = pp_utf8_valid(line, size) && strict_tokens(line, size) &&
		    !(size >= 3 && memcmp(line, "\xef\xbb\xbf", 3) == 0) &&
		    memchr(line, 0x1f, size) == NULL &&
		    memchr(line, 0x1e, size) == NULL;
		if (comparable) {
			fprintf(stderr, "pp: %s\n", err);
			die("jq accepts what pp rejects", line, size);
		}
	}
	if (pp_ok && jq_ok) {
		if (!compare_object(line, size, jv_copy(v), 0))
			die("pp and jq read the object differently", line, size);
	}
	jv_free(v);

	if (pp_utf8_valid(line, size))
		check_quote(line, size);
	else {
		pp_utf8_repair(&fixed, line, size);
		if (!pp_utf8_valid(fixed.s, fixed.len))
			die("pp_utf8_repair left invalid UTF-8", line, size);
		check_quote(fixed.s, fixed.len);
		pp_buf_free(&fixed);
	}
	free(copy);
	return 0;
}
