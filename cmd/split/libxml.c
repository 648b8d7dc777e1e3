/*
 * libxml2, opened with dlopen(3) when an HTML or XML file is first read
 * rather than linked: it brings ICU and the C++ runtime with it, 1.4 ms of
 * CPU at every start (perf stat -r 200, a program that only links it,
 * against one that does not), which was more than half of pp-split's
 * start-up on a page of any other format.  Opened RTLD_LOCAL, its names
 * cannot stand in for another library's (its comment() once took the
 * call of btparse's lexer).
 */
#include <dlfcn.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "libxml.h"

#define LIBXML_SONAME	"libxml2.so.2"

static const struct {
	const char	*name;
	size_t		 offset;
} functions[] = {
#define F(f)	{ #f, offsetof(struct libxml, f) }
	F(htmlNewParserCtxt), F(htmlCtxtUseOptions),
	F(xmlParserInputBufferCreateIO), F(xmlNewIOInputStream),
	F(inputPush), F(htmlParseDocument), F(xmlFreeDoc),
	F(htmlFreeParserCtxt), F(xmlCreatePushParserCtxt),
	F(xmlCtxtUseOptions), F(xmlParseChunk), F(xmlStopParser),
	F(xmlFreeParserCtxt)
#undef F
};

const struct libxml *
libxml_open(const char **why)
{
	static struct libxml lx;
	static int opened;		/* 1: lx is filled; -1: it cannot be */
	static char failure[256];
	void *handle, *f;
	size_t i;

	if (opened == 0) {
		opened = -1;
		if ((handle = dlopen(LIBXML_SONAME, RTLD_NOW | RTLD_LOCAL)) ==
		    NULL) {
			snprintf(failure, sizeof(failure), "%s", dlerror());
			goto out;
		}
		for (i = 0; i < sizeof(functions) / sizeof(functions[0]); i++) {
			if ((f = dlsym(handle, functions[i].name)) == NULL) {
				snprintf(failure, sizeof(failure), "%s",
				    dlerror());
				goto out;
			}
			/* POSIX: a data pointer from dlsym() converts */
			memcpy((char *)&lx + functions[i].offset, &f, sizeof(f));
		}
		opened = 1;
	}
out:
	if (opened < 0) {
		*why = failure;
		return NULL;
	}
	return &lx;
}
