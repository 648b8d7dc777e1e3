/*
 * libFuzzer target: pp-split's HTML reader (cmd/split/read-html.c), found
 * by name in the reader table and called as main.c calls it, on the input
 * as a file.  Any page must be read to its end without a crash, a leak or
 * undefined behaviour, whatever its markup, and give well-formed records.
 */
#define READER "html"
#include "split-reader.h"
