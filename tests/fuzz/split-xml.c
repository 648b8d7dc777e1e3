/*
 * libFuzzer target: pp-split's XML reader (cmd/split/read-xml.c), called
 * through the table of readers as main.c calls it, on the fuzz input as
 * a file in memory.  Whatever the bytes:
 *
 *  - no crash, no leak, no read outside the input (libxml2 included, as
 *    far as its use here goes);
 *  - every line written is one JSON object with a title and a source,
 *    "FUZZ:LINE" with LINE a line of the input (documents appended to one
 *    another count their lines through): a record is never half written
 *    or made of nothing, and an error never ends in the middle of a line;
 *  - detect() never reads past the head it is given.
 */
#define READER "xml"
#include "split-reader.h"
