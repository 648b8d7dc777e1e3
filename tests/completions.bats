#!/usr/bin/env bats
# Shell completions: every program writes scripts for bash, zsh and fish
# from its own option table (--generate, common/complete.c).

bats_require_minimum_version 1.5.0
load helper

PROGS="pp-split pp-fields pp-grep pp-rank pp-fmt"

# Runs prog's bash completion function on the words given, the last
# being the word under the cursor, and prints the candidates one a line.
complete_bash() {
	local prog=$1
	shift
	bash -c '
		source <("$0" --generate complete-bash) || exit 3
		COMP_WORDS=("$0" "$@")
		COMP_CWORD=$#
		fn=_${0//-/_}
		"$fn"
		printf "%s\n" "${COMPREPLY[@]}"' "$prog" "$@"
}

@test "each program writes a bash script that bash parses" {
	for p in $PROGS; do
		run --separate-stderr "$p" --generate complete-bash
		assert_success
		[ -z "$stderr" ]
		assert_output --partial "complete -o bashdefault -o default -F _${p//-/_} $p"
		bash -n <<<"$output" || { echo "$p: bash -n failed"; return 1; }
	done
}

@test "each program writes a zsh script that zsh parses" {
	command -v zsh >/dev/null || skip "zsh is not installed"
	for p in $PROGS; do
		run --separate-stderr "$p" --generate complete-zsh
		assert_success
		assert_line --index 0 "#compdef $p"
		zsh -n <<<"$output" || { echo "$p: zsh -n failed"; return 1; }
	done
}

@test "each program writes a fish script that fish parses" {
	command -v fish >/dev/null || skip "fish is not installed"
	for p in $PROGS; do
		run --separate-stderr "$p" --generate complete-fish
		assert_success
		assert_output --partial "complete -c $p "
		fish -n <<<"$output" || { echo "$p: fish -n failed"; return 1; }
	done
}

@test "zsh: a line completes to the options, formats and keys" {
	command -v zsh >/dev/null || skip "zsh is not installed"
	local d=$BATS_TEST_TMPDIR/zsh p
	mkdir -p "$d"
	for p in $PROGS; do
		"$p" --generate complete-zsh >"$d/_$p"
	done
	run timeout 60 zsh "$TOP/tests/zsh-complete" "$d" 'pp-grep --un'
	assert_output --partial '--unique'
	run timeout 60 zsh "$TOP/tests/zsh-complete" "$d" 'pp-fmt -o '
	assert_output --partial bibtex
	assert_output --partial html
	run timeout 60 zsh "$TOP/tests/zsh-complete" "$d" 'pp-split --format h'
	assert_output --partial hf-daily
	assert_output --partial html
	run timeout 60 zsh "$TOP/tests/zsh-complete" "$d" 'pp-fields '
	assert_output --partial n_comments
	assert_output --partial acronym
}

@test "fish: a line completes to the options, formats and keys" {
	command -v fish >/dev/null || skip "fish is not installed"
	local d=$BATS_TEST_TMPDIR/fish p
	mkdir -p "$d"
	for p in $PROGS; do
		"$p" --generate complete-fish >"$d/$p.fish"
	done
	run fish -c "source $d/pp-grep.fish; complete -C 'pp-grep --un'"
	assert_line --regexp '^--unique'
	run fish -c "source $d/pp-fmt.fish; complete -C 'pp-fmt -o '"
	assert_line --regexp '^bibtex'
	assert_line --regexp '^html'
	run fish -c "source $d/pp-fields.fish; complete -C 'pp-fields title,da'"
	assert_line --regexp '^title,date'
	run fish -c "source $d/pp-grep.fish; complete -C 'pp-grep --has=n_'"
	assert_line --regexp '^--has=n_authors'
}

@test "--generate with an unknown shell is a usage error" {
	run --separate-stderr pp-grep --generate complete-tcsh
	assert_failure 2
	[ -z "$output" ]
	[[ $stderr == *"unknown 'complete-tcsh'"* ]]
}

@test "bash: pp-grep --un<TAB> offers --unique" {
	run complete_bash pp-grep --un
	assert_success
	assert_line --unique
	refute_line --regexp '^[^-]'
}

@test "bash: pp-fmt -o <TAB> offers the output formats" {
	run complete_bash pp-fmt -o ''
	assert_success
	assert_line bibtex
	assert_line html
	assert_line md-list
	run complete_bash pp-fmt --output = b
	assert_output bibtex
}

@test "bash: pp-split --format <TAB> offers every format --format list names" {
	run complete_bash pp-split --format ''
	assert_success
	local got=$output n=0 name
	while read -r name _; do
		grep -qx -- "$name" <<<"$got" || { echo "missing: $name"; return 1; }
		n=$((n + 1))
	done < <(pp-split --format list)
	[ "$n" -ge 5 ]
	grep -qx list <<<"$got"
}

@test "bash: a FIELD list, -k, --has, --unique, -f, --by, --fields complete record keys" {
	run complete_bash pp-fields ti
	assert_output title
	run complete_bash pp-fields title,da
	assert_output title,date
	run complete_bash pp-fields ye
	assert_output year
	run complete_bash pp-grep -k title,ab
	assert_output title,abstract
	run complete_bash pp-grep --has = n_
	assert_line n_authors
	assert_line n_comments
	run complete_bash pp-grep --unique=i
	assert_output --unique=id
	run complete_bash pp-fmt -f up
	assert_output upvotes
	run complete_bash pp-rank --by sc
	assert_output score
	run complete_bash pp-rank --fields title,ab
	assert_output title,abstract
}

@test "bash: operands after the first are files, not keys" {
	# pp-fields' first operand is the FIELD list; -x takes its place
	run complete_bash pp-fields title ti
	assert_output ''
	run complete_bash pp-fields -x abstract ti
	assert_output ''
	# --color takes its value only after '='
	run complete_bash pp-grep --color = al
	assert_output always
}

@test "bash: pp-rank --lang offers libstemmer's languages" {
	run complete_bash pp-rank --lang eng
	assert_output english
}

@test "every long option --help prints is in the completion" {
	local p opt offered
	for p in $PROGS; do
		offered=$(complete_bash "$p" --)
		[ -n "$offered" ]
		for opt in $("$p" --help | grep -o -- '--[a-z][a-z0-9-]*' | sort -u); do
			grep -qx -- "$opt" <<<"$offered" ||
			    { echo "$p: $opt is not completed"; return 1; }
		done
	done
}

@test "every long option getopt_long knows is in the completion" {
	local p n src opt opts offered
	for p in $PROGS; do
		n=${p#pp-}
		src=$TOP/cmd/$p.c
		[ -f "$src" ] || src=$TOP/cmd/$n/main.c
		offered=$(complete_bash "$p" --)
		opts=$(sed -n 's/.*{[[:space:]]*"\([a-z0-9-]*\)",[[:space:]]*[a-z]*_argument.*/\1/p' "$src")
		[ "$(wc -w <<<"$opts")" -ge 3 ] || { echo "$p: no longopts in $src"; return 1; }
		for opt in $opts; do
			grep -qx -- "--$opt" <<<"$offered" ||
			    { echo "$p: --$opt is not completed"; return 1; }
		done
	done
}

@test "every short option getopt_long knows is in the completion" {
	local p n src letters c offered
	for p in $PROGS; do
		n=${p#pp-}
		src=$TOP/cmd/$p.c
		[ -f "$src" ] || src=$TOP/cmd/$n/main.c
		offered=$(complete_bash "$p" -)
		letters=$(tr -d '\n' <"$src" | sed -n 's/.*getopt_long(argc, argv,[[:space:]]*"\([^"]*\)".*/\1/p' | tr -d :)
		[ -n "$letters" ] || { echo "$p: no getopt_long in $src"; return 1; }
		for c in $(grep -o . <<<"$letters"); do
			grep -qx -- "-$c" <<<"$offered" ||
			    { echo "$p: -$c is not completed"; return 1; }
		done
	done
}

@test "every long option of the completion exists" {
	local p opt
	for p in $PROGS; do
		for opt in $(complete_bash "$p" --); do
			case $opt in --generate) continue ;; esac
			run --separate-stderr "$p" "$opt" --no-such-option-x </dev/null
			# an unknown option says so; a known one does not
			[[ $stderr != *"unrecognized option '$opt'"* ]] ||
			    { echo "$p: $opt"; return 1; }
		done
	done
}

@test "make install puts the completions in place, make uninstall removes them" {
	local d=$BATS_TEST_TMPDIR/root p
	make -s -C "$TOP" install DESTDIR="$d" PREFIX=/usr >/dev/null
	for p in $PROGS; do
		cmp "$d/usr/share/bash-completion/completions/$p" <("$p" --generate complete-bash)
		cmp "$d/usr/share/zsh/site-functions/_$p" <("$p" --generate complete-zsh)
		cmp "$d/usr/share/fish/vendor_completions.d/$p.fish" <("$p" --generate complete-fish)
	done
	make -s -C "$TOP" uninstall DESTDIR="$d" PREFIX=/usr >/dev/null
	run find "$d" -type f
	assert_output ''
}

@test "the man pages document --generate" {
	for p in $PROGS; do
		grep -q 'generate' "$TOP/man/$p.1" || { echo "$p.1"; return 1; }
	done
}
