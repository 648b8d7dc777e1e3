/*
 * What every reader of pp-split calls: the one place a paper becomes a
 * line of output, and the one wording of a part that cannot be read.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "split.h"

void
split_page(struct split *sp)
{
	pp_set_clear(&sp->page);
	sp->page_papers = 0;
}

void
split_bad(struct split *sp, unsigned long lineno, const char *fmt, ...)
{
	struct pp_input at = *sp->in;
	struct pp_buf msg = { 0 };
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	pp_buf_grow(&msg, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(msg.s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	at.lineno = lineno;
	pp_error_at(&at, "%s", msg.s);
	pp_buf_free(&msg);
}

/* The keys that tell two papers apart, for the repeat check. */
static const enum pp_key identity[] = {
	PP_TITLE, PP_ABSTRACT, PP_SUMMARY, PP_AUTHORS, PP_DATE, PP_ID, PP_URL
};

void
split_emit(struct split *sp, struct pp_paper *p, unsigned long lineno)
{
	size_t i;

	if (!pp_paper_has(p, PP_TITLE)) {
		split_bad(sp, lineno, "a paper without a title: skipped");
		pp_paper_clear(p);
		return;
	}
	pp_buf_reset(&sp->key);
	for (i = 0; i < sizeof(identity) / sizeof(identity[0]); i++) {
		pp_buf_add(&sp->key, p->json[identity[i]].s,
		    p->json[identity[i]].len);
		pp_buf_addc(&sp->key, '\0');
	}
	if (pp_set_add(&sp->page, sp->key.s, sp->key.len) < 0) {
		pp_paper_clear(p);
		return;
	}
	pp_buf_reset(&p->json[PP_SOURCE]);
	pp_buf_printf(&p->json[PP_SOURCE], "\"%s:%lu\"", sp->source.s, lineno);
	pp_buf_reset(&sp->out);
	pp_paper_write(&sp->out, p);
	pp_write(sp->out.s, sp->out.len);
	sp->papers++;
	sp->page_papers++;
	pp_paper_clear(p);
}
