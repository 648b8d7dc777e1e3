/*
 * libFuzzer target: pp-split's web archive reader (cmd/split/read-mhtml.c):
 * MIME headers, boundaries, quoted-printable and base64, and the reader
 * it hands the page to.  Seeds: tests/data/pp-split/mhtml/.
 */
#define READER "mhtml"
#include "split-reader.h"
