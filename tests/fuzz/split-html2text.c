/*
 * libFuzzer target: pp-split's html2text(1) reader
 * (cmd/split/read-html2text.c) and the text reader it hands the text to,
 * through the table of readers.  Seeds: the html2text dumps in
 * tests/data/pp-split/.
 */
#define READER "html2text"
#include "split-reader.h"
