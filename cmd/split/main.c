/*
 * pp-split: listing pages in, one JSON record per paper out, whatever way
 * the user saved them.  Each file is read once, front to back: its first
 * bytes are shown to every reader (readers.c), the surest reads it, and a
 * file that gives no paper is an error, so a Makefile job notices a failed
 * download or a page whose layout changed.
 */
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "split.h"

#define SYNOPSIS "[--format NAME | --format list] [--year YYYY] [FILE ...]"

static void
usage(void)
{
	pp_usage(SYNOPSIS);
}

static const char help[] =
    "Listing pages in (HTML, XML feeds, JSON, BibTeX, Markdown, text),\n"
    "one JSON record per paper out.\n\n"
    "  --format NAME  read every file as NAME, not as detected\n"
    "  --format list  name the formats and what each reads\n"
    "  --year YYYY    the year of dates shown without one, when the\n"
    "                 page shows no date of its own\n"
    "  --generate SHELL\n"
    "                 print a completion script: complete-bash,\n"
    "                 complete-zsh or complete-fish\n"
    "  -h, --help     this help\n"
    "  -V, --version  the version\n";

static const struct reader *
find_reader(const char *name)
{
	size_t i;

	for (i = 0; readers[i] != NULL; i++)
		if (strcmp(readers[i]->name, name) == 0)
			return readers[i];
	return NULL;
}

static void
list_formats(void)
{
	size_t i;

	for (i = 0; readers[i] != NULL; i++)
		printf("%-12s %s\n", readers[i]->name, readers[i]->what);
}

/*
 * --generate SHELL: a completion script whose --format names are those of
 * the readers table (and "list").
 */
static int
generate(const char *shell)
{
	const char **names;
	size_t i, n;
	int status;

	for (n = 0; readers[n] != NULL; n++)
		continue;
	names = xmalloc((n + 2) * sizeof(*names));
	for (i = 0; i < n; i++)
		names[i] = readers[i]->name;
	names[n] = "list";
	names[n + 1] = NULL;
	{
		const struct pp_comp_opt opts[] = {
			{ "format", 0, PP_COMP_WORDS, 0, names,
			    "read every file as this format" },
			{ "year", 0, PP_COMP_NUMBER, 0, NULL,
			    "the year of dates shown without one" },
			{ "help", 'h', PP_COMP_NONE, 0, NULL, "show the help" },
			{ "version", 'V', PP_COMP_NONE, 0, NULL,
			    "show the version" },
			{ NULL, 0, 0, 0, NULL, NULL }
		};
		const struct pp_comp comp = {
			"pp-split", opts, PP_COMP_FILE, NULL, "file", NULL
		};

		status = pp_complete(shell, &comp);
	}
	free(names);
	return status;
}

/* The surest reader of a file that starts with head, or NULL. */
static const struct reader *
detect(const char *head, size_t len)
{
	const struct reader *best = NULL;
	int sure, best_sure = 0;
	size_t i;

	for (i = 0; readers[i] != NULL; i++)
		if ((sure = readers[i]->detect(head, len)) > best_sure) {
			best_sure = sure;
			best = readers[i];
		}
	return best;
}

/* Today, or the day SOURCE_DATE_EPOCH names, for reproducible jobs. */
static void
set_today(struct split *sp)
{
	pp_date_today(&sp->today);
	if (!sp->year_given)
		sp->year = sp->today.year;
}

/*
 * Text in UTF-16, told by its byte order mark (Windows' "Unicode" text,
 * PowerShell's "> page.html"): 1 little-endian, 2 big-endian, 0 none.
 */
static int
utf16(const char *head, size_t len)
{
	if (len >= 2 && (unsigned char)head[0] == 0xff &&
	    (unsigned char)head[1] == 0xfe)
		return 1;
	if (len >= 2 && (unsigned char)head[0] == 0xfe &&
	    (unsigned char)head[1] == 0xff)
		return 2;
	return 0;
}

/*
 * The rest of in, UTF-16 after its byte order mark, as UTF-8 into out:
 * its line ends stay, so lines count as in the file; a lone surrogate or
 * a last odd byte is U+FFFD, said with the line it is on.
 */
static void
from_utf16(struct pp_buf *out, struct pp_input *in, int big)
{
	struct pp_buf raw = { 0 };
	const unsigned char *u;
	size_t i;
	unsigned c, lo;
	unsigned long line = 1, bad = 0;

	pp_input_rest(in, &raw);
	u = (const unsigned char *)raw.s;
	for (i = 2; i + 1 < raw.len; i += 2) {
		c = big ? (unsigned)u[i] << 8 | u[i + 1] :
		    (unsigned)u[i + 1] << 8 | u[i];
		if (c >= 0xd800 && c < 0xdc00 && i + 3 < raw.len) {
			lo = big ? (unsigned)u[i + 2] << 8 | u[i + 3] :
			    (unsigned)u[i + 3] << 8 | u[i + 2];
			if (lo >= 0xdc00 && lo < 0xe000) {
				c = 0x10000 + ((c - 0xd800) << 10) +
				    (lo - 0xdc00);
				i += 2;
			} else
				c = 0xfffd;
		} else if (c >= 0xd800 && c < 0xe000)
			c = 0xfffd;
		if (c == 0xfffd && bad++ == 0)
			pp_warnx("%s:%lu: invalid UTF-16 replaced with U+FFFD",
			    in->name, line);
		line += c == '\n';
		pp_utf8_put(out, (int32_t)c);
	}
	if (i < raw.len) {
		if (bad++ == 0)
			pp_warnx("%s:%lu: invalid UTF-16 replaced with U+FFFD",
			    in->name, line);
		pp_utf8_put(out, 0xfffd);
	}
	pp_buf_adds(out, "");
	pp_buf_free(&raw);
}

static void
split_file(struct split *sp, struct pp_input *in, const struct reader *forced)
{
	struct pp_buf name = { 0 };
	const char *head;
	size_t len;
	int big;

	sp->in = in;
	sp->forced = forced;
	sp->papers = 0;
	sp->handoffs = 0;
	sp->told = 0;
	split_page(sp);
	pp_paper_clear(&sp->paper);
	pp_buf_reset(&sp->source);
	pp_utf8_repair(&name, in->name, strlen(in->name));
	pp_json_quote(&sp->source, name.s, name.len);
	/* without its quotes: split_emit() puts them around FILE:LINE */
	memmove(sp->source.s, sp->source.s + 1, sp->source.len - 2);
	sp->source.len -= 2;
	sp->source.s[sp->source.len] = '\0';
	pp_buf_free(&name);

	len = pp_input_peek(in, SPLIT_HEAD, &head);
	if ((big = utf16(head, len)) != 0) {
		/* read as the same file in UTF-8 */
		struct pp_buf text = { 0 };
		struct pp_input mem;

		from_utf16(&text, in, big - 1);
		pp_input_open_mem(&mem, in->name, text.s, text.len);
		split_file(sp, &mem, forced);
		pp_input_close(&mem);
		pp_buf_free(&text);
		return;
	}
	if (len < SPLIT_HEAD && split_all_space(head, len)) {
		pp_errorx("%s: empty file: no paper", in->name);
		return;
	}
	if ((sp->reader = forced) == NULL &&
	    (sp->reader = detect(head, len)) == NULL) {
		pp_errorx("%s: cannot tell the format of this file; name it "
		    "with --format (--format list names them)", in->name);
		return;
	}
	split_read(sp, in, sp->reader);
	/* a file read in parts had each empty part reported (split_read) */
	if (sp->papers == 0 && sp->handoffs == 0 && !sp->told)
		pp_errorx("%s: no paper found in this %s file", in->name,
		    sp->reader->name);
}

int
main(int argc, char *argv[])
{
	enum { OPT_FORMAT = CHAR_MAX + 1, OPT_YEAR, OPT_GENERATE };
	static const struct option longopts[] = {
		{ "format",	required_argument,	NULL,	OPT_FORMAT },
		{ "year",	required_argument,	NULL,	OPT_YEAR },
		{ "help",	no_argument,		NULL,	'h' },
		{ "version",	no_argument,		NULL,	'V' },
		{ "generate",	required_argument,	NULL,	OPT_GENERATE },
		{ NULL,		0,			NULL,	0 }
	};
	const struct reader *forced = NULL;
	struct split sp = { 0 };
	struct pp_files files;
	struct pp_input in;
	long long year;
	int ch;

	pp_init(argv[0]);
	while ((ch = getopt_long(argc, argv, "hV", longopts, NULL)) != -1) {
		switch (ch) {
		case OPT_FORMAT:
			if (strcmp(optarg, "list") == 0) {
				list_formats();
				return pp_finish();
			}
			if ((forced = find_reader(optarg)) == NULL) {
				pp_warnx("--format: unknown format '%s' "
				    "(--format list names them)", optarg);
				usage();
			}
			break;
		case OPT_GENERATE:
			return generate(optarg);
		case OPT_YEAR:
			if (pp_num_int("--year", optarg, 1000, 9999, &year) == -1)
				usage();
			sp.year = (int)year;
			sp.year_given = 1;
			break;
		case 'h':
			pp_help(SYNOPSIS, help);
		case 'V':
			pp_version();
			break;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	set_today(&sp);

	pp_files_init(&files, argc, argv);
	while (pp_files_next(&files, &in)) {
		split_file(&sp, &in, forced);
		pp_input_close(&in);
	}
	pp_paper_free(&sp.paper);
	split_free(&sp);
	pp_buf_free(&sp.source);
	pp_buf_free(&sp.out);
	return pp_finish();
}
