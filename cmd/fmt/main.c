/*
 * pp-fmt: records to people and to other programs.  The last stage of
 * most pipelines: an aligned table sized to the terminal, TSV and CSV for
 * spreadsheets, Miller and SQLite, Markdown for notes, a wrapped reading
 * list for a pager, BibTeX for a paper's bibliography, an HTML page to
 * open and send, a template, or JSON.
 *
 * Everything streams.  The formats of columns (table, TSV, CSV, Markdown)
 * hold the first LOOKAHEAD records back to decide their columns and
 * widths from all of them, then write each record as it is read, so
 * memory is bounded by LOOKAHEAD records and the longest line.  A key
 * that turns up later and has no column is reported, never lost quietly.
 * A format that writes each record on its own (TSV and CSV once their
 * columns are known, ndjson, md-list, a template) reads a large file with
 * threads (common/map.c), its output the one thread's.
 */
#include <getopt.h>
#include <poll.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "fmt.h"

/*
 * Records held back to choose the columns: a whole listing page of most
 * sources (a Hugging Face daily page has under 60 papers, a search 120,
 * an arXiv category's new list rarely 250), at a few hundred kilobytes,
 * and the first row waits no longer than 256 lines.
 */
#define LOOKAHEAD	256

#define SYNOPSIS \
	"[-o FORMAT] [-f FIELDS] [-t TEMPLATE] [--width N]\n" \
	"              [--color[=auto | always | never]] [--no-header] [--crlf]\n" \
	"              [--arrays json] [-j N] [FILE ...]"

static const char help_text[] =
"  -o, --output FORMAT   table (terminal default), tsv, csv, md, md-list,\n"
"                        text (pipe default), json, ndjson, bibtex, html\n"
"  -f, --fields KEYS     columns of table, tsv, csv, md; the metadata line\n"
"                        of text, md-list, html (comma list, a.b paths)\n"
"  -t, --template TEXT   each record through TEXT: {key} {key:N} {key:>N}\n"
"      --width N         width in display cells of table and text\n"
"      --color[=WHEN]    auto (terminal, no NO_COLOR), always, never\n"
"      --no-header       no header row in table, tsv, csv\n"
"      --crlf            end tsv and csv rows with CR LF\n"
"      --arrays json     arrays in tsv and csv cells as JSON, not \"a; b\"\n"
"  -j, --jobs N          threads reading a large file (default: the CPUs)\n"
"      --generate SHELL  a completion script: complete-bash, complete-zsh,\n"
"                        complete-fish\n"
"  -h, --help            this help\n"
"  -V, --version         the version\n";

static const char *const format_names[] = {
	"table", "tsv", "csv", "md", "md-list", "text", "json", "ndjson",
	"bibtex", "html", NULL
};

enum {
	OPT_WIDTH = CHAR_MAX + 1,
	OPT_COLOR,
	OPT_NO_HEADER,
	OPT_CRLF,
	OPT_ARRAYS,
	OPT_GENERATE
};

/* The records held back, each line copied and indexed. */
struct held {
	struct pp_record *rec;
	char		**line;
	size_t		  n;
	int		  active;	/* still holding: columns not decided */
};

static _Noreturn void
usage(void)
{
	pp_usage(SYNOPSIS);
}

static int
is_columnar(enum format format)
{
	return format == F_TABLE || format == F_TSV || format == F_CSV ||
	    format == F_MD;
}

/*
 * A key of rec that no column shows, after the columns were decided:
 * reported once per key, with the record's number and the -f that would
 * show it (status 2: a value was not written).
 */
static void
check_keys(struct fmt *f, struct pp_input *in, const struct pp_record *rec,
    struct pp_set *shown)
{
	struct pp_buf key = { 0 }, list = { 0 };
	size_t i;

	for (i = 0; i < rec->nmembers; i++) {
		const struct pp_member *m = &rec->members[i];

		if (!m->key_escaped &&
		    pp_set_find(shown, m->key.p, m->key.len) >= 0)
			continue;
		pp_buf_reset(&key);
		pp_json_unquote(&key, m->key.p - 1, m->key.len + 2);
		if (key.s == NULL)
			pp_buf_add(&key, "", 0);
		if (pp_set_add(shown, key.s, key.len) < 0 ||
		    !column_shows(f, key.s))
			continue;
		pp_buf_reset(&list);
		for (size_t c = 0; c < f->ncols; c++) {
			pp_buf_adds(&list, f->cols[c].key);
			pp_buf_addc(&list, ',');
		}
		pp_buf_add(&list, key.s, key.len);
		pp_error_at(in, "record %lu has key '%s', which no column "
		    "shows (the columns come from the first %d records); "
		    "-f %s shows it", f->nrec, key.s, LOOKAHEAD, list.s);
	}
	pp_buf_free(&key);
	pp_buf_free(&list);
}

/* Formats and writes one record. */
static void
put_record(struct fmt *f, struct pp_input *in, const struct pp_record *rec,
    struct pp_set *shown)
{
	pp_keylist_check(&f->named, rec);
	if (!f->fields_given && is_columnar(f->format) && in != NULL)
		check_keys(f, in, rec, shown);
	pp_buf_reset(&f->out);
	switch (f->format) {
	case F_TABLE:
		table_record(f, rec);
		break;
	case F_TSV:
	case F_CSV:
		sv_record(f, rec);
		break;
	case F_MD:
		md_record(f, rec);
		break;
	case F_MDLIST:
		mdlist_record(f, rec);
		break;
	case F_TEXT:
		text_record(f, rec);
		break;
	case F_TEMPLATE:
		template_record(f, rec);
		break;
	case F_JSON:
		json_record(f, rec);
		break;
	case F_NDJSON:
		pp_buf_add(&f->out, rec->line, rec->len);
		pp_buf_addc(&f->out, '\n');
		break;
	case F_BIBTEX:
		bibtex_record(f, rec);
		break;
	case F_HTML:
		html_record(f, rec);
		break;
	}
	pp_write(f->out.s, f->out.len);
	if (f->flush && fflush(stdout) != 0)
		exit(pp_finish());	/* fails again, with the message */
	f->started = 1;
}

/*
 * The look-ahead is over (LOOKAHEAD records, or the end of the input):
 * decide the columns, write the header and the records held back.
 */
static void
release(struct fmt *f, struct held *h, struct pp_set *shown)
{
	size_t i;

	h->active = 0;
	plan_columns(f, h->rec, h->n);
	for (i = 0; i < f->ncols; i++)
		pp_set_add(shown, f->cols[i].key, strlen(f->cols[i].key));
	pp_buf_reset(&f->out);
	if ((f->format == F_TSV || f->format == F_CSV) && f->header)
		sv_header(f);
	else if (f->format == F_MD)
		md_header(f, h->rec, h->n);
	pp_write(f->out.s, f->out.len);
	for (i = 0; i < h->n; i++) {
		put_record(f, NULL, &h->rec[i], shown);
		pp_record_free(&h->rec[i]);
		free(h->line[i]);
	}
	free(h->rec);
	free(h->line);
	h->rec = NULL;
	h->line = NULL;
	h->n = 0;
}

static void
hold(struct held *h, const struct pp_record *rec)
{
	char *line = xmemdup(rec->line, rec->len);

	if (h->rec == NULL) {
		h->rec = xcalloc(LOOKAHEAD, sizeof(*h->rec));
		h->line = xcalloc(LOOKAHEAD, sizeof(*h->line));
	}
	h->line[h->n] = line;
	/* valid already: parsing the copy indexes it again */
	pp_record_parse(&h->rec[h->n], line, rec->len, NULL, 0);
	h->n++;
}

/*
 * Has the input paused: no whole line buffered and nothing to read right
 * now?  On a terminal the look-ahead ends there, so a slow pipeline (a
 * download, a long ranking) shows its first rows at once rather than
 * after LOOKAHEAD records; a file or a fast pipe never pauses.
 */
static int
input_idle(const struct pp_input *in)
{
	struct pollfd pfd = { in->fd, POLLIN, 0 };

	if (in->end > in->start &&
	    memchr(in->buf + in->start, '\n', in->end - in->start) != NULL)
		return 0;
	return in->fd >= 0 && poll(&pfd, 1, 0) == 0;
}

static void
fmt_free(struct fmt *f)
{
	size_t i;

	for (i = 0; i < f->ncols; i++)
		free(f->cols[i].key);
	free(f->cols);
	for (i = 0; i < f->npieces; i++)
		free(f->pieces[i].text);
	free(f->pieces);
	free(f->keys);
	pp_keylist_free(&f->named);
	pp_record_free(&f->rec);
	pp_buf_free(&f->out);
	pp_buf_free(&f->cell);
	pp_buf_free(&f->clean);
	pp_buf_free(&f->tmp);
	pp_buf_free(&f->stack);
}

/*
 * Does each record's output depend on that record alone, so threads may
 * write them: not on a terminal (a row at a time), not the formats that
 * open with the first record (text, html, json) or remember the others
 * (bibtex's keys), nor columns still to check a record's keys against.
 */
static int
by_record(const struct fmt *f)
{
	if (f->flush || (is_columnar(f->format) && !f->fields_given))
		return 0;
	switch (f->format) {
	case F_TSV:
	case F_CSV:
	case F_NDJSON:
	case F_MDLIST:
	case F_TEMPLATE:
		return 1;
	default:
		return 0;
	}
}

/* One line of the input, for a format by_record() allows (pp_map_file). */
static void
fmt_line(void *state, struct pp_input *in)
{
	struct fmt *f = state;

	if (pp_is_blank(in->line, in->len) || !pp_record_line(in, &f->rec))
		return;
	f->nrec++;
	put_record(f, in, &f->rec, NULL);
}

/* A block's writer: the columns shared, its own buffers and keys found. */
static void *
fmt_clone(void *state)
{
	struct fmt *f = state, *t;

	t = xmalloc(sizeof(*t));
	*t = *f;
	t->nrec = 0;
	memset(&t->rec, 0, sizeof(t->rec));
	memset(&t->out, 0, sizeof(t->out));
	memset(&t->cell, 0, sizeof(t->cell));
	memset(&t->clean, 0, sizeof(t->clean));
	memset(&t->tmp, 0, sizeof(t->tmp));
	memset(&t->stack, 0, sizeof(t->stack));
	pp_keylist_clone(&t->named, &f->named);
	return t;
}

static void
fmt_drop(void *thread_state)
{
	struct fmt *t = thread_state;

	pp_record_free(&t->rec);
	pp_keylist_clone_free(&t->named);
	pp_buf_free(&t->out);
	pp_buf_free(&t->cell);
	pp_buf_free(&t->clean);
	pp_buf_free(&t->tmp);
	pp_buf_free(&t->stack);
	free(t);
}

static void
fmt_merge(void *state, void *thread_state)
{
	struct fmt *f = state, *t = thread_state;

	f->nrec += t->nrec;
	t->nrec = 0;
	f->started |= t->started;
	pp_keylist_merge(&f->named, &t->named);
}

/* The columns -f names, checked as every program checks its keys. */
static void
add_columns(struct fmt *f, struct pp_keylist *named, const char *list)
{
	size_t i;

	if (pp_keylist_add(named, "-f", list) != 0)
		usage();
	f->cols = xcalloc(named->n, sizeof(*f->cols));
	for (i = 0; i < named->n; i++)
		f->cols[i].key = xstrdup(named->keys[i].name);
	f->ncols = named->n;
}

/* --width, else COLUMNS, else the terminal's width, else 80. */
static size_t
output_width(const char *opt)
{
	struct winsize ws;
	const char *env;
	long long n;
	char *end;

	if (opt != NULL) {
		if (pp_num_int("--width", opt, 1, 100000, &n) != 0)
			usage();
		return (size_t)n;
	}
	if ((env = getenv("COLUMNS")) != NULL) {
		n = strtoll(env, &end, 10);
		if (end != env && *end == '\0' && n > 0 && n <= 100000)
			return (size_t)n;
	}
	if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 &&
	    ws.ws_col > 0)
		return ws.ws_col;
	return 80;
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "fields", required_argument, NULL, 'f' },
		{ "template", required_argument, NULL, 't' },
		{ "width", required_argument, NULL, OPT_WIDTH },
		{ "color", optional_argument, NULL, OPT_COLOR },
		{ "colour", optional_argument, NULL, OPT_COLOR },
		{ "no-header", no_argument, NULL, OPT_NO_HEADER },
		{ "crlf", no_argument, NULL, OPT_CRLF },
		{ "arrays", required_argument, NULL, OPT_ARRAYS },
		{ "jobs", required_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ "generate", required_argument, NULL, OPT_GENERATE },
		{ NULL, 0, NULL, 0 }
	};
	/* --generate: the options above, for the shells */
	static const char *const color_words[] = {
		"auto", "always", "never", NULL
	};
	static const char *const arrays_words[] = { "json", NULL };
	static const struct pp_comp_opt comp_opts[] = {
		{ "output", 'o', PP_COMP_WORDS, 0, format_names,
		    "output format" },
		{ "fields", 'f', PP_COMP_KEYS, 0, NULL, "columns" },
		{ "template", 't', PP_COMP_TEXT, 0, NULL,
		    "each record through a template" },
		{ "width", 0, PP_COMP_NUMBER, 0, NULL, "width in display cells" },
		{ "color", 0, PP_COMP_WORDS, 1, color_words, "color" },
		{ "colour", 0, PP_COMP_WORDS, 1, color_words, "color" },
		{ "no-header", 0, PP_COMP_NONE, 0, NULL, "no header row" },
		{ "crlf", 0, PP_COMP_NONE, 0, NULL, "end rows with CR LF" },
		{ "arrays", 0, PP_COMP_WORDS, 0, arrays_words,
		    "arrays in cells as JSON" },
		{ "jobs", 'j', PP_COMP_NUMBER, 0, NULL, "threads reading a file" },
		{ "help", 'h', PP_COMP_NONE, 0, NULL, "show the help" },
		{ "version", 'V', PP_COMP_NONE, 0, NULL, "show the version" },
		{ NULL, 0, 0, 0, NULL, NULL }
	};
	static const struct pp_comp comp = {
		"pp-fmt", comp_opts, PP_COMP_FILE, NULL, "file", NULL
	};
	struct fmt f;
	struct pp_map map = { fmt_line, fmt_clone, fmt_merge, fmt_drop, NULL,
	    0, 0 };
	struct held h = { 0 };
	struct pp_set shown = { 0 };
	struct pp_files fs;
	struct pp_input in;
	struct pp_record rec = { 0 };
	enum pp_next got;
	const char *output = NULL, *fields = NULL, *template = NULL;
	const char *width = NULL, *color = "auto", *env;
	int ch, i, tty;

	pp_init(argv[0]);
	memset(&f, 0, sizeof(f));
	f.header = 1;
	map.state = &f;
	map.jobs = pp_cpus();
	while ((ch = getopt_long(argc, argv, "o:f:t:hj:V", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'o':
			output = optarg;
			break;
		case 'f':
			fields = optarg;
			break;
		case 't':
			template = optarg;
			break;
		case OPT_WIDTH:
			width = optarg;
			break;
		case OPT_COLOR:
			color = optarg != NULL ? optarg : "always";
			break;
		case OPT_NO_HEADER:
			f.header = 0;
			break;
		case OPT_CRLF:
			f.crlf = 1;
			break;
		case OPT_GENERATE:
			exit(pp_complete(optarg, &comp));
		case OPT_ARRAYS:
			if (strcmp(optarg, "json") != 0) {
				pp_warnx("--arrays: '%s': only json is "
				    "known (the default joins with \"; \")",
				    optarg);
				usage();
			}
			f.arrays_json = 1;
			break;
		case 'h':
			pp_help(SYNOPSIS, help_text);
		case 'j':
			pp_map_jobs(&map, optarg);
			break;
		case 'V':
			pp_version();
			break;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;

	tty = isatty(STDOUT_FILENO);
	if (output != NULL) {
		for (i = 0; format_names[i] != NULL; i++)
			if (strcmp(format_names[i], output) == 0)
				break;
		if (format_names[i] == NULL) {
			pp_warnx("-o: unknown format '%s' (table, tsv, csv, md, "
			    "md-list, text, json, ndjson, bibtex, html)",
			    output);
			usage();
		}
		f.format = (enum format)i;
	} else if (template != NULL)
		f.format = F_TEMPLATE;
	else
		f.format = tty ? F_TABLE : F_TEXT;
	if (template != NULL && output != NULL) {
		pp_warnx("-t and -o cannot be used together");
		usage();
	}
	if (fields != NULL && !is_columnar(f.format) && f.format != F_TEXT &&
	    f.format != F_MDLIST && f.format != F_HTML) {
		pp_warnx("-f applies to -o table, tsv, csv, md, text, md-list "
		    "and html");
		usage();
	}
	if (!f.header && f.format != F_TABLE && f.format != F_TSV &&
	    f.format != F_CSV) {
		pp_warnx("--no-header applies to -o table, tsv and csv");
		usage();
	}
	if (f.crlf && f.format != F_TSV && f.format != F_CSV) {
		pp_warnx("--crlf applies to -o tsv and csv");
		usage();
	}
	if (f.arrays_json && f.format != F_TSV && f.format != F_CSV) {
		pp_warnx("--arrays applies to -o tsv and csv");
		usage();
	}
	if (strcmp(color, "always") == 0)
		f.color = 1;
	else if (strcmp(color, "never") == 0)
		f.color = 0;
	else if (strcmp(color, "auto") == 0)
		f.color = tty && ((env = getenv("NO_COLOR")) == NULL ||
		    *env == '\0') && ((env = getenv("TERM")) == NULL ||
		    strcmp(env, "dumb") != 0);
	else {
		pp_warnx("--color: '%s': not auto, always or never", color);
		usage();
	}
	f.width = output_width(width);
	f.flush = tty;
	/* a record's escape sequences never reach a terminal raw */
	f.visible = tty;
	if (fields != NULL) {
		add_columns(&f, &f.named, fields);
		f.fields_given = 1;
	}
	if (template != NULL) {
		parse_template(&f, template);
		for (i = 0; i < (int)f.npieces; i++)
			if (f.pieces[i].is_key)
				pp_keylist_add(&f.named, "-t", f.pieces[i].text);
	}

	/* CSV and TSV with -f have nothing to decide: the header at once */
	h.active = is_columnar(f.format);
	if (f.fields_given && (f.format == F_TSV || f.format == F_CSV))
		release(&f, &h, &shown);
	if (f.format == F_HTML) {
		html_begin(&f);
		pp_write(f.out.s, f.out.len);
	}
	pp_files_init(&fs, argc, argv);
	while (pp_files_next(&fs, &in)) {
		if (!h.active && by_record(&f)) {
			pp_map_file(&map, &in);
			pp_input_close(&in);
			continue;
		}
		while ((got = pp_record_next(&in, &rec)) != PP_NEXT_END) {
			if (got == PP_NEXT_BAD)
				continue;
			f.nrec++;
			if (h.active && h.n < LOOKAHEAD) {
				hold(&h, &rec);
				if (f.flush && input_idle(&in))
					release(&f, &h, &shown);
				continue;
			}
			if (h.active)
				release(&f, &h, &shown);
			put_record(&f, &in, &rec, &shown);
		}
		pp_input_close(&in);
	}
	if (h.active)
		release(&f, &h, &shown);
	if (f.format == F_HTML) {
		pp_buf_reset(&f.out);
		html_end(&f);
		pp_write(f.out.s, f.out.len);
	}
	pp_keylist_report(&f.named);
	pp_record_free(&rec);
	pp_set_free(&shown);
	fmt_free(&f);
	return pp_finish();
}
