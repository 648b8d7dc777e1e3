/*
 * The record DESIGN.md defines: its keys once, in their order and with
 * their types, and the one writer of records that pp-split's readers share.
 * A reader fills a struct pp_paper key by key, in any order, and
 * pp_paper_write() puts the keys in DESIGN's order.
 */
#include <string.h>

#include "pp.h"

const struct pp_keydef pp_keys[PP_NKEYS] = {
	[PP_TITLE]	= { "title",		PP_KEY_STRING },
	[PP_ABSTRACT]	= { "abstract",		PP_KEY_STRING },
	[PP_SUMMARY]	= { "summary",		PP_KEY_STRING },
	[PP_AUTHORS]	= { "authors",		PP_KEY_LIST },
	[PP_N_AUTHORS]	= { "n_authors",	PP_KEY_INT },
	[PP_DATE]	= { "date",		PP_KEY_STRING },
	[PP_UPVOTES]	= { "upvotes",		PP_KEY_INT },
	[PP_N_COMMENTS]	= { "n_comments",	PP_KEY_INT },
	[PP_ID]		= { "id",		PP_KEY_STRING },
	[PP_CATEGORIES]	= { "categories",	PP_KEY_LIST },
	[PP_COMMENTS]	= { "comments",		PP_KEY_STRING },
	[PP_DOI]	= { "doi",		PP_KEY_STRING },
	[PP_VENUE]	= { "venue",		PP_KEY_STRING },
	[PP_URL]	= { "url",		PP_KEY_STRING },
	[PP_SOURCE]	= { "source",		PP_KEY_STRING },
};

int
pp_key_lookup(const char *name, size_t len)
{
	int k;

	for (k = 0; k < PP_NKEYS; k++)
		if (strlen(pp_keys[k].name) == len &&
		    memcmp(pp_keys[k].name, name, len) == 0)
			return k;
	return -1;
}

void
pp_paper_clear(struct pp_paper *p)
{
	int k;

	for (k = 0; k < PP_NKEYS; k++) {
		pp_buf_reset(&p->json[k]);
		p->count[k] = 0;
	}
	pp_buf_reset(&p->extra);
}

void
pp_paper_free(struct pp_paper *p)
{
	int k;

	for (k = 0; k < PP_NKEYS; k++)
		pp_buf_free(&p->json[k]);
	pp_buf_free(&p->extra);
	pp_buf_free(&p->tmp);
}

int
pp_paper_has(const struct pp_paper *p, enum pp_key k)
{
	return p->json[k].len > 0;
}

/*
 * Appends text as a JSON string: invalid UTF-8 repaired, white space runs
 * (hard wraps included) collapsed to one space, trimmed.  Returns 0 and
 * appends nothing when no text is left.
 */
static int
add_text(struct pp_paper *p, struct pp_buf *out, const char *s, size_t len)
{
	pp_buf_reset(&p->tmp);
	if (pp_utf8_valid(s, len))
		pp_text_squeeze(&p->tmp, s, len);
	else {
		struct pp_buf fixed = { 0 };

		pp_utf8_repair(&fixed, s, len);
		pp_text_squeeze(&p->tmp, fixed.s, fixed.len);
		pp_buf_free(&fixed);
	}
	if (p->tmp.len == 0)
		return 0;
	pp_json_quote(out, p->tmp.s, p->tmp.len);
	return 1;
}

void
pp_paper_set(struct pp_paper *p, enum pp_key k, const char *s, size_t len)
{
	struct pp_buf *v = &p->json[k];
	size_t was = v->len;

	pp_buf_reset(v);
	if (!add_text(p, v, s, len) && was > 0)
		pp_buf_reset(v);
	p->count[k] = v->len > 0;
}

void
pp_paper_add(struct pp_paper *p, enum pp_key k, const char *s, size_t len)
{
	struct pp_buf *v = &p->json[k];
	size_t was = v->len;

	if (was > 0)
		pp_buf_addc(v, ',');
	if (add_text(p, v, s, len))
		p->count[k]++;
	else {
		v->len = was;
		if (v->s != NULL)
			v->s[was] = '\0';
	}
}

void
pp_paper_set_int(struct pp_paper *p, enum pp_key k, long long n)
{
	pp_buf_reset(&p->json[k]);
	pp_buf_printf(&p->json[k], "%lld", n);
	p->count[k] = 1;
}

void
pp_paper_set_json(struct pp_paper *p, enum pp_key k, const char *json,
    size_t len)
{
	pp_buf_reset(&p->json[k]);
	if (pp_keys[k].type == PP_KEY_LIST && len >= 2 && json[0] == '[') {
		json++;
		len -= 2;
	}
	pp_buf_add(&p->json[k], json, len);
	p->count[k] = len > 0;
}

void
pp_paper_extra(struct pp_paper *p, const char *name, size_t nlen,
    const char *json, size_t jlen)
{
	pp_buf_addc(&p->extra, ',');
	pp_json_quote(&p->extra, name, nlen);
	pp_buf_addc(&p->extra, ':');
	pp_buf_add(&p->extra, json, jlen);
}

static void
put_key(struct pp_buf *out, int k, int *first)
{
	if (!*first)
		pp_buf_addc(out, ',');
	*first = 0;
	pp_buf_addc(out, '"');
	pp_buf_adds(out, pp_keys[k].name);
	pp_buf_adds(out, "\":");
}

void
pp_paper_write(struct pp_buf *out, const struct pp_paper *p)
{
	int k, first = 1;

	pp_buf_addc(out, '{');
	for (k = 0; k < PP_NKEYS; k++) {
		/* keys DESIGN does not name go after venue, before url */
		if (k == PP_URL && p->extra.len > 0) {
			pp_buf_add(out, p->extra.s + first, p->extra.len - first);
			first = 0;
		}
		if (k == PP_N_AUTHORS && p->json[k].len == 0 &&
		    p->count[PP_AUTHORS] > 0) {
			put_key(out, k, &first);
			pp_buf_printf(out, "%d", p->count[PP_AUTHORS]);
			continue;
		}
		if (p->json[k].len == 0)
			continue;
		put_key(out, k, &first);
		if (pp_keys[k].type == PP_KEY_LIST) {
			pp_buf_addc(out, '[');
			pp_buf_add(out, p->json[k].s, p->json[k].len);
			pp_buf_addc(out, ']');
		} else
			pp_buf_add(out, p->json[k].s, p->json[k].len);
	}
	pp_buf_adds(out, "}\n");
}
