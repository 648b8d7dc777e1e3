/*
 * Allocators that cannot return NULL, and growable byte buffers.
 * Running out of memory ends the program with status 2.
 */
#include <stdlib.h>
#include <string.h>

#include "pp.h"

void *
xmalloc(size_t n)
{
	void *p = malloc(n != 0 ? n : 1);

	if (p == NULL)
		pp_fatal("out of memory (%zu bytes)", n);
	return p;
}

void *
xcalloc(size_t n, size_t size)
{
	void *p = calloc(n != 0 ? n : 1, size != 0 ? size : 1);

	if (p == NULL)
		pp_fatal("out of memory (%zu x %zu bytes)", n, size);
	return p;
}

void *
xrealloc(void *old, size_t n)
{
	void *p = realloc(old, n != 0 ? n : 1);

	if (p == NULL)
		pp_fatal("out of memory (%zu bytes)", n);
	return p;
}

void *
xreallocarray(void *old, size_t n, size_t size)
{
	if (size != 0 && n > SIZE_MAX / size)
		pp_fatal("out of memory (%zu x %zu bytes)", n, size);
	return xrealloc(old, n * size);
}

char *
xstrdup(const char *s)
{
	return xmemdup(s, strlen(s));
}

char *
xmemdup(const char *s, size_t len)
{
	char *p = xmalloc(len + 1);

	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

/* Makes room for more bytes plus the terminating NUL. */
void
pp_buf_grow(struct pp_buf *b, size_t more)
{
	size_t need = b->len + more + 1;

	if (need < b->len)
		pp_fatal("out of memory");
	if (need <= b->cap)
		return;
	if (b->cap < 64)
		b->cap = 64;
	while (b->cap < need)
		b->cap = b->cap * 2 > b->cap ? b->cap * 2 : need;
	b->s = xrealloc(b->s, b->cap);
}

void
pp_buf_add(struct pp_buf *b, const void *p, size_t n)
{
	pp_buf_grow(b, n);
	if (n != 0)
		memcpy(b->s + b->len, p, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void
pp_buf_adds(struct pp_buf *b, const char *s)
{
	pp_buf_add(b, s, strlen(s));
}

void
pp_buf_vprintf(struct pp_buf *b, const char *fmt, va_list ap)
{
	va_list again;
	int n;

	/* measured first, so that the text is written once, in place */
	va_copy(again, ap);
	n = vsnprintf(NULL, 0, fmt, again);
	va_end(again);
	if (n < 0)
		return;
	pp_buf_grow(b, (size_t)n);
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void
pp_buf_printf(struct pp_buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	pp_buf_vprintf(b, fmt, ap);
	va_end(ap);
}

void
pp_buf_free(struct pp_buf *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
}
