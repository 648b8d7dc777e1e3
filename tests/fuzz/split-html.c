/*
 * libFuzzer target: pp-split's HTML reader (cmd/split/read-html.c), found
 * by name in the reader table and called as main.c calls it, on the input
 * as a file.  Any page must be read to its end without a crash, a leak or
 * undefined behaviour, whatever its markup; the records go to /dev/null.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "split.h"

int LLVMFuzzerInitialize(int *, char ***);
int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const struct reader *reader;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	size_t i;
	int fd;

	(void)argc;
	pp_init((*argv)[0]);
	for (i = 0; readers[i] != NULL; i++)
		if (strcmp(readers[i]->name, "html") == 0)
			reader = readers[i];
	if (reader == NULL)
		abort();
	/* the records are not the point; libFuzzer talks on stderr */
	if ((fd = open("/dev/null", O_WRONLY)) == -1 || dup2(fd, 1) == -1)
		abort();
	close(fd);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct split sp;
	struct pp_input in;

	memset(&sp, 0, sizeof(sp));
	sp.year = sp.today.year = 2025;
	sp.today.month = 6;
	sp.today.day = 1;
	if (pp_input_open_mem(&in, "fuzz.html", data, size) == -1)
		abort();
	sp.in = &in;
	pp_buf_adds(&sp.source, "fuzz.html");
	split_page(&sp);
	/* detect() sees the head as main.c shows it */
	(void)reader->detect((const char *)data, size < SPLIT_HEAD ? size :
	    SPLIT_HEAD);
	reader->read(&sp, &in);
	pp_input_close(&in);
	pp_paper_free(&sp.paper);
	split_free(&sp);
	pp_buf_free(&sp.source);
	pp_buf_free(&sp.out);
	return 0;
}
