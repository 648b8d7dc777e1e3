/*
 * libxml.h: libxml2, opened when pp-split first reads an HTML or XML
 * file (libxml.c).  The two readers call it through this table.
 */
#ifndef LIBXML_H
#define LIBXML_H

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>

struct libxml {
	/* the HTML reader's pull parser */
	__typeof__(htmlNewParserCtxt)		*htmlNewParserCtxt;
	__typeof__(htmlCtxtUseOptions)		*htmlCtxtUseOptions;
	__typeof__(xmlParserInputBufferCreateIO) *xmlParserInputBufferCreateIO;
	__typeof__(xmlNewIOInputStream)		*xmlNewIOInputStream;
	__typeof__(inputPush)			*inputPush;
	__typeof__(htmlParseDocument)		*htmlParseDocument;
	__typeof__(xmlFreeDoc)			*xmlFreeDoc;
	__typeof__(htmlFreeParserCtxt)		*htmlFreeParserCtxt;
	/* the XML reader's push parser */
	__typeof__(xmlCreatePushParserCtxt)	*xmlCreatePushParserCtxt;
	__typeof__(xmlCtxtUseOptions)		*xmlCtxtUseOptions;
	__typeof__(xmlParseChunk)		*xmlParseChunk;
	__typeof__(xmlStopParser)		*xmlStopParser;
	__typeof__(xmlFreeParserCtxt)		*xmlFreeParserCtxt;
};

/* libxml2's functions, or NULL with the reason in *why. */
const struct libxml	*libxml_open(const char **why);

#endif
