/*
 * The table of readers.  Adding a format: one file, read-NAME.c, with its
 * detect() and read() and its struct reader; its declaration in split.h;
 * one row here.  On a tie in detect() the earlier row wins.
 */
#include "split.h"

const struct reader *const readers[] = {
	&reader_json,
	&reader_arxiv,
	&reader_hf_daily,
	&reader_hf_search,
	&reader_xml,
	&reader_html,
	&reader_mhtml,
	&reader_bibtex,
	&reader_markdown,
	&reader_html2text,
	NULL
};
