/*
 * libFuzzer target: pp-split's BibTeX reader (cmd/split/read-bibtex.c)
 * and btparse under it, through the table of readers.  Seeds:
 * tests/data/pp-split/bibtex/.
 */
#define READER "bibtex"
#include "split-reader.h"
