/*
 * libFuzzer target: pp-split's Markdown reader (cmd/split/read-markdown.c),
 * md4c under it and the text reader it hands the text to, through the
 * table of readers.  Seeds: tests/data/pp-split/markdown/.
 */
#define READER "markdown"
#include "split-reader.h"
