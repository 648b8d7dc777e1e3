/*
 * Shell completion scripts for bash, zsh and fish, written from the table
 * of options a program passes (struct pp_comp), as ripgrep writes its own
 * with `rg --generate complete-bash`.  A script generated from the table
 * the program parses with cannot drift from the options; `make install`
 * runs each program to write them.
 *
 * What a value completes to is the option's kind: a record key or a comma
 * list of them (DESIGN's keys from pp_keys[], then the program's own
 * words), one of a fixed list of words, a file, or nothing (free text and
 * numbers, where offering file names would mislead).
 */
#include <stdio.h>
#include <string.h>

#include "pp.h"

/* The --generate option every program has, added to its table. */
static const char *const generate_words[] = {
	"complete-bash", "complete-zsh", "complete-fish", NULL
};
static const struct pp_comp_opt generate_opt = {
	"generate", 0, PP_COMP_WORDS, 0, generate_words,
	"print a shell completion script"
};

/* The rows of c's table, then --generate. */
static const struct pp_comp_opt *
opt_at(const struct pp_comp *c, size_t i)
{
	size_t n;

	for (n = 0; c->opts[n].name != NULL || c->opts[n].letter != 0; n++)
		if (n == i)
			return &c->opts[n];
	return i == n ? &generate_opt : NULL;
}

/* Does option o give what the first operand would (pp-grep -e)? */
static int
replaces(const struct pp_comp *c, const struct pp_comp_opt *o)
{
	const char *p = c->replaces_first;
	size_t len;

	if (p == NULL || o->name == NULL)
		return 0;
	len = strlen(o->name);
	while ((p = strstr(p, o->name)) != NULL) {
		if ((p == c->replaces_first || p[-1] == ' ') &&
		    (p[len] == ' ' || p[len] == '\0'))
			return 1;
		p += len;
	}
	return 0;
}

static int
is_keys(enum pp_comp_kind kind)
{
	return kind == PP_COMP_KEY || kind == PP_COMP_KEYS;
}

/* The words a value of kind completes to, separated by spaces. */
static void
put_words(enum pp_comp_kind kind, const char *const *words)
{
	const char *sep = "";
	int k;

	if (is_keys(kind))
		for (k = 0; k < PP_NKEYS; k++, sep = " ")
			printf("%s%s", sep, pp_keys[k].name);
	for (; words != NULL && *words != NULL; words++, sep = " ")
		printf("%s%s", sep, *words);
}

/* A shell function name from the program's: pp-grep -> pp_grep. */
static void
put_ident(const char *prog)
{
	for (; *prog != '\0'; prog++)
		putchar(*prog == '-' ? '_' : *prog);
}

/* s inside single quotes, for every shell here; zsh's specs also
   need [ ] : escaped. */
static void
put_quoted(const char *s, int zsh)
{
	for (; s != NULL && *s != '\0'; s++) {
		if (*s == '\'')
			fputs("'\\''", stdout);
		else {
			if (zsh && strchr("[]:\\", *s) != NULL)
				putchar('\\');
			putchar(*s);
		}
	}
}

/* --- bash ---------------------------------------------------------------- */

/* The case pattern of the options of table row o: -k|--field */
static void
bash_pattern(const struct pp_comp_opt *o)
{
	if (o->letter != 0)
		printf("-%c", o->letter);
	if (o->letter != 0 && o->name != NULL)
		putchar('|');
	if (o->name != NULL)
		printf("--%s", o->name);
}

/* What the function does for a value of kind: offer words, or nothing. */
static void
bash_value(const char *prog, enum pp_comp_kind kind, const char *const *words)
{
	switch (kind) {
	case PP_COMP_FILE:
		/* complete -o default: readline's own file names */
		printf("return");
		break;
	case PP_COMP_KEY:
	case PP_COMP_KEYS:
	case PP_COMP_WORDS:
		putchar('_');
		put_ident(prog);
		printf("_words '");
		put_words(kind, words);
		printf("'%s; return", kind == PP_COMP_KEYS ? " list" : "");
		break;
	default:
		printf("compopt +o default 2>/dev/null; return");
		break;
	}
}

static void
bash(const struct pp_comp *c)
{
	const struct pp_comp_opt *o;
	const char *sep;
	size_t i;
	int any;

	printf("# bash completion for %s: %s --generate complete-bash\n\n",
	    c->prog, c->prog);
	/* The words that start with the word being completed; a comma list
	   ($2 = list) completes its last item. */
	printf("_");
	put_ident(c->prog);
	printf("_words()\n{\n"
	    "\tlocal pre=$lead last=$cur\n"
	    "\tcompopt +o default 2>/dev/null  # these words, not file names\n"
	    "\tif [[ $2 == list && $cur == *,* ]]; then\n"
	    "\t\tpre+=${cur%%,*},\n"
	    "\t\tlast=${cur##*,}\n"
	    "\tfi\n"
	    "\tmapfile -t COMPREPLY < <(compgen -P \"$pre\" -W \"$1\" -- "
	    "\"$last\")\n"
	    "}\n\n");

	printf("_");
	put_ident(c->prog);
	printf("()\n{\n"
	    "\tlocal cur=${COMP_WORDS[COMP_CWORD]} prev= lead= eq=0\n"
	    "\tlocal i n=0 first=1 dashdash=0\n\n"
	    "\t# bash splits --opt=value at the '=' (COMP_WORDBREAKS)\n"
	    "\tif [[ $cur == = ]] && (( COMP_CWORD > 1 )); then\n"
	    "\t\tprev=${COMP_WORDS[COMP_CWORD-1]} cur= eq=1\n"
	    "\telif (( COMP_CWORD > 2 )) && "
	    "[[ ${COMP_WORDS[COMP_CWORD-1]} == = ]]; then\n"
	    "\t\tprev=${COMP_WORDS[COMP_CWORD-2]} eq=1\n"
	    "\telif [[ $cur == --*=* ]]; then\n"
	    "\t\tprev=${cur%%%%=*} lead=${cur%%%%=*}= cur=${cur#*=} eq=1\n"
	    "\telif (( COMP_CWORD > 1 )); then\n"
	    "\t\tprev=${COMP_WORDS[COMP_CWORD-1]}\n"
	    "\tfi\n\n");

	/* Operands before the cursor: the first may be special. */
	printf("\tfor (( i = 1; i < COMP_CWORD; i++ )); do\n"
	    "\t\tif (( dashdash )); then\n"
	    "\t\t\t(( n++ ))\n"
	    "\t\t\tcontinue\n"
	    "\t\tfi\n"
	    "\t\tcase ${COMP_WORDS[i]} in\n");
	any = 0;
	for (i = 0; (o = opt_at(c, i)) != NULL; i++) {
		if (!replaces(c, o))
			continue;
		printf(any ? "|" : "\t\t");
		bash_pattern(o);
		any = 1;
	}
	if (any)
		printf(")\n\t\t\tfirst=0 ;;\n");
	printf("\t\tesac\n\t\tcase ${COMP_WORDS[i]} in\n"
	    "\t\t--)\n\t\t\tdashdash=1 ;;\n");
	/* a value in the next word, or after '=' */
	sep = "\t\t";
	for (i = 0; (o = opt_at(c, i)) != NULL; i++) {
		if (o->kind == PP_COMP_NONE || o->optional)
			continue;
		printf("%s", sep);
		bash_pattern(o);
		sep = "|";
	}
	printf(")\n\t\t\tif [[ ${COMP_WORDS[i+1]} == = ]]; then\n"
	    "\t\t\t\t(( i += 2 ))\n\t\t\telse\n\t\t\t\t(( i++ ))\n"
	    "\t\t\tfi ;;\n");
	sep = "\t\t";
	any = 0;
	for (i = 0; (o = opt_at(c, i)) != NULL; i++) {
		if (o->kind == PP_COMP_NONE || !o->optional || o->name == NULL)
			continue;
		printf("%s--%s", sep, o->name);
		sep = "|";
		any = 1;
	}
	if (any)
		printf(")\n\t\t\t[[ ${COMP_WORDS[i+1]} == = ]] && "
		    "(( i += 2 )) ;;\n");
	printf("\t\t-?*)\n\t\t\t;;\n\t\t*)\n\t\t\t(( n++ )) ;;\n"
	    "\t\tesac\n\tdone\n\n");

	/* The value of the option before the cursor. */
	printf("\tif (( !dashdash )); then\n\t\tcase $prev in\n");
	for (i = 0; (o = opt_at(c, i)) != NULL; i++) {
		if (o->kind == PP_COMP_NONE)
			continue;
		if (o->optional) {
			if (o->name == NULL)
				continue;
			printf("\t\t--%s)\n\t\t\tif (( eq )); then\n\t\t\t\t",
			    o->name);
			bash_value(c->prog, o->kind, o->words);
			printf("\n\t\t\tfi ;;\n");
			continue;
		}
		printf("\t\t");
		bash_pattern(o);
		printf(")\n\t\t\t");
		bash_value(c->prog, o->kind, o->words);
		printf(" ;;\n");
	}
	printf("\t\tesac\n\tfi\n\n");

	printf("\tif (( !dashdash )) && [[ $cur == -* ]]; then\n"
	    "\t\t_");
	put_ident(c->prog);
	printf("_words '");
	sep = "";
	for (i = 0; (o = opt_at(c, i)) != NULL; i++) {
		if (o->name != NULL)
			printf("%s--%s", sep, o->name), sep = " ";
		if (o->letter != 0)
			printf("%s-%c", sep, o->letter), sep = " ";
	}
	printf("'\n\t\treturn\n\tfi\n");
	printf("\tif (( n == 0 && first )); then\n\t\t");
	bash_value(c->prog, c->first, c->first_words);
	printf("\n\tfi\n}\n\ncomplete -o bashdefault -o default -F _");
	put_ident(c->prog);
	printf(" %s\n", c->prog);
}

/* --- zsh ----------------------------------------------------------------- */

/* The action of a value: ":message:action" after the option's spec. */
static void
zsh_value(const char *what, enum pp_comp_kind kind, const char *const *words)
{
	switch (kind) {
	case PP_COMP_FILE:
		printf(":%s:_files", what);
		break;
	case PP_COMP_KEYS:
		printf(":%s:_sequence compadd - ", what);
		put_words(kind, words);
		break;
	case PP_COMP_KEY:
	case PP_COMP_WORDS:
		printf(":%s:(", what);
		put_words(kind, words);
		putchar(')');
		break;
	default:
		printf(":%s: ", what);
		break;
	}
}

static const char *
kind_name(enum pp_comp_kind kind)
{
	switch (kind) {
	case PP_COMP_FILE:	return "file";
	case PP_COMP_KEY:	return "key";
	case PP_COMP_KEYS:	return "keys";
	case PP_COMP_NUMBER:	return "number";
	case PP_COMP_WORDS:	return "word";
	default:		return "value";
	}
}

/* One spec: '(1)*-k+[help]:keys:action' */
static void
zsh_spec(const struct pp_comp *c, const struct pp_comp_opt *o, int letter)
{
	printf(" \\\n\t'");
	if (replaces(c, o))
		printf("(1)");
	if (o->kind != PP_COMP_NONE && !o->optional)
		putchar('*');	/* -e, -k: given again, they add */
	if (letter)
		printf("-%c%s", o->letter, o->kind != PP_COMP_NONE ? "+" : "");
	else
		printf("--%s%s", o->name, o->kind == PP_COMP_NONE ? "" :
		    o->optional ? "=-" : "=");
	printf("[");
	put_quoted(o->help, 1);
	printf("]");
	if (o->kind != PP_COMP_NONE)
		zsh_value(kind_name(o->kind), o->kind, o->words);
	printf("'");
}

static void
zsh(const struct pp_comp *c)
{
	const struct pp_comp_opt *o;
	size_t i;

	printf("#compdef %s\n\n# zsh completion for %s: "
	    "%s --generate complete-zsh\n\n_arguments -s -S",
	    c->prog, c->prog, c->prog);
	for (i = 0; (o = opt_at(c, i)) != NULL; i++) {
		if (o->letter != 0 && !o->optional)
			zsh_spec(c, o, 1);
		if (o->name != NULL)
			zsh_spec(c, o, 0);
	}
	printf(" \\\n\t'1");
	zsh_value(c->first_help != NULL ? c->first_help : "file", c->first,
	    c->first_words);
	printf("' \\\n\t'*:file:_files'\n");
}

/* --- fish ---------------------------------------------------------------- */

static void
fish(const struct pp_comp *c)
{
	const struct pp_comp_opt *o;
	const char *sep;
	size_t i;

	printf("# fish completion for %s: %s --generate complete-fish\n\n",
	    c->prog, c->prog);
	/* A comma list completes its last item (after --opt= if any). */
	printf("function __");
	put_ident(c->prog);
	printf("_keys --description 'record keys after the list so far'\n"
	    "\tset -l tok (commandline -ct | string replace -r -- "
	    "'^-[^=]*=' '')\n"
	    "\tset -l pre (string replace -r -- '[^,]*$' '' $tok)\n"
	    "\tfor k in ");
	put_words(PP_COMP_KEYS, NULL);
	printf(" $argv\n\t\techo $pre$k\n\tend\nend\n\n");

	for (i = 0; (o = opt_at(c, i)) != NULL; i++) {
		printf("complete -c %s", c->prog);
		if (o->letter != 0 && !o->optional)
			printf(" -s %c", o->letter);
		if (o->name != NULL)
			printf(" -l %s", o->name);
		if (!o->optional) {
			switch (o->kind) {
			case PP_COMP_NONE:
				break;
			case PP_COMP_FILE:
				printf(" -r -F");
				break;
			case PP_COMP_KEYS:
				printf(" -x -a '(__");
				put_ident(c->prog);
				printf("_keys");
				if (o->words != NULL)
					putchar(' ');
				put_words(PP_COMP_WORDS, o->words);
				printf(")'");
				break;
			case PP_COMP_KEY:
			case PP_COMP_WORDS:
				printf(" -x -a '");
				put_words(o->kind, o->words);
				printf("'");
				break;
			default:
				printf(" -x");
				break;
			}
		}
		printf(" -d '");
		put_quoted(o->help, 0);
		printf("'\n");
		/* --color=WHEN: fish knows no optional values; offer the
		   whole word once '--color=' is typed */
		if (o->optional && o->name != NULL &&
		    o->kind != PP_COMP_NONE) {
			printf("complete -c %s -f -n \"string match -q -- "
			    "'--%s=*' (commandline -ct)\" -a '", c->prog,
			    o->name);
			sep = "";
			for (const char *const *w = o->words; w != NULL &&
			    *w != NULL; w++, sep = " ")
				printf("%s--%s=%s", sep, o->name, *w);
			printf("'\n");
		}
	}
	if (is_keys(c->first) || c->first == PP_COMP_WORDS) {
		printf("complete -c %s -n '__fish_is_first_arg", c->prog);
		for (i = 0; (o = opt_at(c, i)) != NULL; i++)
			if (replaces(c, o)) {
				printf("; and not __fish_seen_argument");
				if (o->letter != 0)
					printf(" -s %c", o->letter);
				printf(" -l %s", o->name);
			}
		if (c->first == PP_COMP_KEYS) {
			printf("' -a '(__");
			put_ident(c->prog);
			printf("_keys");
			if (c->first_words != NULL)
				putchar(' ');
			put_words(PP_COMP_WORDS, c->first_words);
		} else {
			printf("' -a '(");
			printf("string split \" \" \"");
			put_words(c->first, c->first_words);
			printf("\"");
		}
		printf(")' -d '");
		put_quoted(c->first_help, 0);
		printf("'\n");
	}
}

int
pp_complete(const char *shell, const struct pp_comp *c)
{
	if (strcmp(shell, "complete-bash") == 0)
		bash(c);
	else if (strcmp(shell, "complete-zsh") == 0)
		zsh(c);
	else if (strcmp(shell, "complete-fish") == 0)
		fish(c);
	else {
		pp_warnx("--generate: unknown '%s' (complete-bash, "
		    "complete-zsh, complete-fish)", shell);
		return PP_ERROR;
	}
	return pp_finish();
}
