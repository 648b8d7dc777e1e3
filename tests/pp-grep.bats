#!/usr/bin/env bats
# pp-grep: selecting records by their fields, grep's options and statuses.

bats_require_minimum_version 1.5.0
load helper

P="$DATA/pp-grep/papers.ndjson"		# 37 records from the HF daily page
A="$DATA/pp-grep/arxiv.ndjson"		# 50 records from the arXiv snapshot
U="$DATA/pp-grep/unicode.ndjson"	# case folding, accents, escapes
B="$DATA/pp-grep/bad.ndjson"		# good, invalid and non-object lines

# --- patterns and fields --------------------------------------------------

@test "-i only adds matches: \\p{Lu}, [[:upper:]] and '.' on a letter that folds to two match as without it, -o too" {
	run pp-grep -c -i '\p{Lu}' <<<'{"title":"Alpha"}'
	assert_output 1
	run pp-grep -c -i '[[:upper:]]' <<<'{"title":"Alpha"}'
	assert_output 1
	run pp-grep -c -S '\p{Lu}lpha' <<<'{"title":"Alpha"}'
	assert_output 1
	run pp-grep -c -i 'Stra.e' <<<'{"title":"Straße"}'
	assert_output 1
	run pp-grep -c -ix '.{6}' <<<'{"title":"Straße"}'
	assert_output 1
	run pp-grep -c -i '^.nite' <<<'{"title":"ﬁnite"}'
	assert_output 1
	run pp-grep -io 'stra.?.e' <<<'{"title":"Straße and STRASSE"}'
	assert_output $'Straße\nSTRASSE'
	# decomposed text: "и" and a combining breve are "й" once folded
	printf '{"title":"\xd0\xb8\xcc\x86 test"}\n' > "$BATS_TEST_TMPDIR/nfd.json"
	run pp-grep -c -i 'и' "$BATS_TEST_TMPDIR/nfd.json"
	assert_output 1
	run pp-grep -o -i 'и|\d{99}' "$BATS_TEST_TMPDIR/nfd.json"
	assert_output $'\xd0\xb8\xcc\x86'
}

@test "--where: halt and halt_error are reported with FILE:LINE, status 2, as errors are; input says why it reads nothing" {
	run --separate-stderr pp-grep --where '"bad thing\n"|halt_error' <<<'{"a":1}'
	assert_failure 2
	assert_output ''
	[[ $stderr == *"-:1: --where: halt_error: bad thing; record not selected" ]]
	run --separate-stderr pp-grep --where 'if .a == 1 then halt_error else true end' <<<'{"a":1}'
	assert_failure 2
	[[ $stderr == *'-:1: --where: halt_error: {"a":1}; record not selected' ]]
	run --separate-stderr pp-grep --where 'halt' <<<'{"a":1}'
	assert_failure 2
	[[ $stderr == *"-:1: --where: the expression halted"* ]]
	run --separate-stderr pp-grep --where 'input' <<<'{"a":1}'
	assert_failure 2
	[[ $stderr == *"-:1: --where: input and inputs read nothing"* ]]
}

@test "a null field is a missing one: both match as empty text, and neither as '.'" {
	run pp-grep -c '^$' <<<$'{"title":null}\n{"id":"x"}\n{"title":"t"}'
	assert_output 2
	run pp-grep -c -v . <<<$'{"title":null}\n{"id":"x"}\n{"title":"t"}'
	assert_output 2
	run pp-grep -c foo <<<'{"title":null,"abstract":"foo"}'
	assert_output 1
}

@test "no arguments is a usage error" {
	run --separate-stderr pp-grep
	assert_failure 2
	[[ "$stderr" == "usage: pp-grep "* ]]
}

@test "an unknown option is a usage error" {
	run --separate-stderr pp-grep --frobnicate x "$P"
	assert_failure 2
	[[ "$stderr" == *"usage: pp-grep "* ]]
}

@test "--help prints the synopsis and a line for each option" {
	run pp-grep --help
	assert_success
	assert_line --index 0 --partial "usage: pp-grep [-cEFHhiLloPqSsVvwx] [-e pattern]"
	for opt in -e -f -F -i -S -w -x -v -k -c -l -L -o -H -h -m -q -s \
	    --all --color --ignore-accents --has --since --until --where \
	    --unique --seen --help -V; do
		printf '%s\n' "$output" | grep -q -- "^ *\(-., \)\?$opt\b" ||
		    { echo "no line for $opt"; false; }
	done
}

@test "-V shows the version" {
	run pp-grep -V
	assert_success
	assert_output --regexp '^pp-grep [0-9]'
}

@test "the long options do what the short ones do" {
	while read -r pair; do
		IFS='|' read -ra s <<< "${pair%% = *}"
		IFS='|' read -ra l <<< "${pair#* = }"
		a=$(pp-grep "${s[@]}" "$P" || true)
		b=$(pp-grep "${l[@]}" "$P" || true)
		[ -n "$a" ] && [ "$a" = "$b" ] || { echo "$pair"; false; }
	done <<-EOF
	-c|-i|distill = --count|--ignore-case|distill
	-e|Distillation|-e|Transfer = --regexp=Distillation|--regexp=Transfer
	-F|-k|title|-x|Knowledge Distillation via Token-level Relationship Graph = --fixed-strings|--field=title|--line-regexp|Knowledge Distillation via Token-level Relationship Graph
	-v|-w|-i|distill = --invert-match|--word-regexp|--ignore-case|distill
	-S|-m|2|transfer = --smart-case|--max-count=2|transfer
	-E|-c|Know.edge = --extended-regexp|-c|Know.edge
	EOF
	run pp-grep --quiet -i distill "$P"
	assert_success
	assert_output ""
	run pp-grep --silent -i distill "$P"
	assert_success
	run --separate-stderr pp-grep --no-messages -c -i distill "$BATS_TEST_TMPDIR/nope"
	assert_failure 2
	[ -z "$stderr" ]
	run pp-grep --version
	assert_success
}

@test "a pattern selects records by title or abstract, written byte for byte" {
	run pp-grep Distillation "$P"
	assert_success
	expected=$(grep -F Distillation "$P" | jq -c 'select((.title + " " + .abstract) | test("Distillation"))' | jq -r .source)
	[ "$(printf '%s\n' "$output" | jq -r .source)" = "$expected" ]
	# the selected lines are the input lines themselves
	printf '%s\n' "$output" | while IFS= read -r line; do
		grep -qxF -- "$line" "$P"
	done
}

@test "nothing selected gives status 1 and no output" {
	run pp-grep zzzzqqqq "$P"
	assert_failure 1
	assert_output ""
}

@test "the pattern is a regular expression by default" {
	run pp-grep -c 'Distill(ation|ing)' "$P"
	assert_success
	assert_output "$(pp-grep -c -e Distillation -e Distilling "$P")"
}

@test "-E is the default and -E with -F is an error" {
	run pp-grep -E -c 'Knowledge.Transfer' "$P"
	assert_success
	run --separate-stderr pp-grep -E -F x "$P"
	assert_failure 2
	[[ "$stderr" == *"-E and -F conflict"* ]]
}

@test "-F takes the pattern literally" {
	run pp-grep -F -c 'Knowledge.Transfer' "$P"
	assert_failure 1
	assert_output 0
	run pp-grep -F -k title '(ECCV 2024)' "$P"
	assert_failure 1
	run pp-grep -F '"quoted"' "$U"
	assert_success
	assert_output --partial 'a \"quoted\" word'
	run pp-grep -F 'back\slash' "$U"
	assert_success
	assert_output --partial 'back\\slash'
}

@test "a bad regular expression is an error before any output" {
	run --separate-stderr pp-grep 'Distill(' "$P"
	assert_failure 2
	assert_output ""
	[[ "$stderr" == "pp-grep: bad regular expression 'Distill(': missing closing parenthesis"* ]]
}

@test "a pattern that is not UTF-8 is an error" {
	run --separate-stderr pp-grep $'\xff' "$P"
	assert_failure 2
	[[ "$stderr" == *"not valid UTF-8"* ]]
}

@test "-k chooses the field and is repeatable" {
	run pp-grep -c -k title 'knowledge transfer' "$P"
	assert_failure 1
	run pp-grep -c -k abstract 'knowledge transfer' "$P"
	assert_success
	n_abstract=$output
	run pp-grep -c -k title -k abstract 'knowledge transfer' "$P"
	assert_output "$n_abstract"
	run pp-grep -c -k source 'daily-knowledge' "$P"
	assert_output 37
}

@test "-k on an array matches any element, -x a whole element" {
	run pp-grep -k authors -x 'E. L. Berger' "$A"
	assert_success
	assert_output --partial '"id":"0704.0001"'
	run pp-grep -c -k categories -x 'hep-ph' "$A"
	assert_success
	assert_output "$(jq -c 'select(.categories | index("hep-ph"))' "$A" | wc -l)"
}

@test "-k on a number matches its JSON text; missing keys never match" {
	run pp-grep -k n_authors -x 7 "$P"
	assert_success
	assert_output "$(jq -c 'select(.n_authors == 7)' "$P" | pp-grep -k title .)"
	run pp-grep -k no_such_key . "$P"
	assert_failure 1
	printf '{"title":{"x":"distill"},"abstract":true}\n' > "$BATS_TEST_TMPDIR/obj"
	run pp-grep distill "$BATS_TEST_TMPDIR/obj"
	assert_failure 1
}

@test "-e is repeatable and any pattern may match" {
	run pp-grep -c -e 'Distillation' -e 'Transfer' "$P"
	assert_success
	a=$(pp-grep -c Distillation "$P"); b=$(pp-grep -c Transfer "$P")
	both=$(pp-grep -c --all -e Distillation -e Transfer "$P")
	[ "$output" -eq $((a + b - both)) ]
}

@test "--all requires every pattern to match" {
	run pp-grep -i --all -e distill -e multimodal "$P"
	assert_success
	printf '%s\n' "$output" | while IFS= read -r line; do
		printf '%s\n' "$line" | pp-grep -qi distill
		printf '%s\n' "$line" | pp-grep -qi multimodal
	done
	[ "${#lines[@]}" -lt "$(pp-grep -ci distill "$P")" ]
}

@test "-f reads patterns one a line; an empty file matches nothing" {
	printf 'Distillation\nTransfer\n' > "$BATS_TEST_TMPDIR/pats"
	run pp-grep -c -f "$BATS_TEST_TMPDIR/pats" "$P"
	assert_output "$(pp-grep -c -e Distillation -e Transfer "$P")"
	run pp-grep -c -f /dev/null "$P"
	assert_failure 1
	assert_output 0
	run pp-grep -c -v -f /dev/null "$P"
	assert_output 37
}

@test "-f with a missing file is an error" {
	run --separate-stderr pp-grep -f "$BATS_TEST_TMPDIR/nope" "$P"
	assert_failure 2
	[[ "$stderr" == *"nope: No such file or directory"* ]]
}

@test "fields are found however the record is spaced, nested or repeated" {
	printf '%s\n' \
	    ' { "abstract" : "distill" , "title" : "one" } ' \
	    '{"title":"two","x":{"title":"distill","y":[1,{"z":"]}"}]},"abstract":"no"}' \
	    '{"title":"distill","title":"three"}' \
	    '{"title":"three","title":"distill four"}' \
	    '{"title":"distill five" "abstract":"missing comma"}' \
	    '{"title":"distill six","abstract":"bad \q escape"}' > "$BATS_TEST_TMPDIR/s"
	run --separate-stderr pp-grep -k title distill "$BATS_TEST_TMPDIR/s"
	assert_failure 2
	assert_output '{"title":"three","title":"distill four"}'
	[[ "$stderr" == *"s:5: invalid JSON"* && "$stderr" == *"s:6: invalid JSON"* ]]
	run --separate-stderr pp-grep -c -v -k title distill "$BATS_TEST_TMPDIR/s"
	assert_output 3
	run --separate-stderr pp-grep -c distill "$BATS_TEST_TMPDIR/s"
	assert_output 2
}

# --- case, accents, words --------------------------------------------------

@test "-i folds case fully: STRASSE finds Straße, ΣΟΦΙΑ finds σοφια" {
	run bash -c "pp-grep -i -k title STRASSE '$U' | jq -r .title"
	assert_success
	assert_output "Die Straße der Modelle
STRASSE EINS
Escaped Straße and naïve"
	run pp-grep -c -i ΣΟΦΙΑ "$U"
	assert_output 2
	run pp-grep -c -i σοφια "$U"
	assert_output 2
}

@test "without -i case counts" {
	run pp-grep -c -k title Straße "$U"
	assert_output 2
	run pp-grep -c σοφια "$U"
	assert_output 1
}

@test "-i finds text behind characters that fold to ASCII and JSON escapes" {
	run pp-grep -i -k title '5 k' "$U"
	assert_output --partial 'A 5 \u212a thermometer'
	run pp-grep -i -k title 'efficient fine' "$U"
	assert_output --partial 'Eﬃcient ﬁne-tuning'
	run pp-grep -i -k title 'cestui' "$U"
	assert_output --partial 'Ceſtui'
	run pp-grep -k title 'Straße and naïve' "$U"
	assert_output --partial 'Escaped \u0053tra\u00dfe'
}

@test "the prefilter lets through raw characters that fold to the literal" {
	# a Kelvin sign and a combining mark inside a word, written raw
	printf '{"title":"5 \xe2\x84\xaa"}\n{"title":"Dis\xcc\x81tillation"}\n' > "$BATS_TEST_TMPDIR/raw"
	run pp-grep -c -i '5 k' "$BATS_TEST_TMPDIR/raw"
	assert_output 1
	run pp-grep -c --ignore-accents Distillation "$BATS_TEST_TMPDIR/raw"
	assert_output 1
	run pp-grep -c Distillation "$BATS_TEST_TMPDIR/raw"
	assert_failure 1
}

@test "accents stay distinct unless --ignore-accents" {
	run pp-grep -c naive "$U"
	assert_failure 1
	run pp-grep -c --ignore-accents naive "$U"
	assert_success
	assert_output 2
	run pp-grep -c -i --ignore-accents 'RESUME WRITTEN' "$U"
	assert_output 1
}

@test "-i compares text in normalization form C" {
	run bash -c "pp-grep -i 'résumé' '$U' | jq -r .abstract"
	assert_output "combining marks after plain letters"
}

@test "-S ignores case only for a pattern without capitals" {
	run pp-grep -c -S strasse "$U"
	assert_output 3
	run pp-grep -c -S Strasse "$U"
	assert_failure 1
	run pp-grep -c -S -e strasse -e EINS "$U"
	assert_output 3
	run pp-grep -c -S -i Strasse "$U"
	assert_output 3
}

@test "-w matches whole words with Unicode word characters" {
	run pp-grep -c -i -w distill "$U"
	assert_failure 1
	run pp-grep -c -i -w distillation "$U"
	assert_output 1
	run pp-grep -c -w 'Stra' "$U"
	assert_failure 1
	run pp-grep -c -w 'σοφ' "$U"
	assert_failure 1
	run pp-grep -c -w 'σοφια' "$U"
	assert_output 1
}

@test "-x matches the whole field value" {
	run pp-grep -c -x -i distillation "$U"
	assert_output 1
	run pp-grep -c -x -i distil "$U"
	assert_failure 1
}

# --- selection and counting ------------------------------------------------

@test "-v selects exactly the records the pattern does not" {
	run pp-grep -c -v -i distill "$P"
	[ "$output" -eq $((37 - $(pp-grep -c -i distill "$P"))) ]
	run pp-grep -v -i -e distill -e transfer "$P"
	refute_output --partial "istill"
}

@test "-v needs a pattern" {
	run --separate-stderr pp-grep -v --since 2024 < "$P"
	assert_failure 2
	[[ "$stderr" == *"-v inverts the pattern match"* ]]
}

@test "-c counts per file when given several" {
	run pp-grep -c -i distill "$P" "$U"
	assert_success
	assert_output "$P:$(pp-grep -ci distill "$P")
$U:1"
}

@test "-m stops each file after NUM records" {
	run pp-grep -m 2 -i distill "$P"
	assert_success
	assert_output "$(pp-grep -i distill "$P" | head -2)"
	run pp-grep -c -m 1 -i distill "$P" "$U"
	assert_output "$P:1
$U:1"
	run pp-grep -m 0 -i distill "$P"
	assert_failure 1
	run --separate-stderr pp-grep -m -1 x "$P"
	assert_failure 2
	[[ "$stderr" == "pp-grep: -m: '-1' is less than 0" ]]
	run --separate-stderr pp-grep -m abc x "$P"
	assert_failure 2
	[[ "$stderr" == "pp-grep: -m: 'abc' is not a whole number" ]]
}

@test "-q writes nothing and tells by its status" {
	run pp-grep -q -i distill "$P"
	assert_success
	assert_output ""
	run pp-grep -q zzzzqqqq "$P"
	assert_failure 1
	assert_output ""
}

@test "-q gives 0 on a match even after an error, 2 without a match" {
	run --separate-stderr pp-grep -q -i distill "$BATS_TEST_TMPDIR/nope" "$P"
	assert_success
	[[ "$stderr" == *"nope: No such file or directory"* ]]
	run --separate-stderr pp-grep -q zzzzqqqq "$BATS_TEST_TMPDIR/nope" "$P"
	assert_failure 2
}

@test "-s hides missing files but the status is still 2" {
	run --separate-stderr pp-grep -s -c -i distill "$BATS_TEST_TMPDIR/nope" "$P"
	assert_failure 2
	[ -z "$stderr" ]
	assert_output "$P:$(pp-grep -ci distill "$P")"
}

@test "a missing file among good ones is reported and the rest is read" {
	run --separate-stderr pp-grep -c -i distill "$P" "$BATS_TEST_TMPDIR/nope" "$U"
	assert_failure 2
	[[ "$stderr" == "pp-grep: $BATS_TEST_TMPDIR/nope: No such file or directory" ]]
	assert_output "$P:$(pp-grep -ci distill "$P")
$U:1"
}

@test "stdin is read when no file or - is given; blank lines are skipped" {
	run bash -c "cat '$U' | pp-grep -c -i strasse"
	assert_output 3
	run bash -c "printf '\n  \n%s\n' '{\"title\":\"Straße\"}' | pp-grep -c -i strasse -"
	assert_output 1
}

# --- bad input ---------------------------------------------------------------

@test "an invalid JSON line is reported with FILE:LINE, the run goes on, status 2" {
	run --separate-stderr pp-grep -i distill "$B"
	assert_failure 2
	assert_output '{"title":"Distillation one","date":"2024-01-02"}
{"title":"Distillation three","date":"2023-12-31"}'
	[[ "$stderr" == *"pp-grep: $B:2: invalid JSON: "* ]]
	[[ "$stderr" == *"pp-grep: $B:3: not a JSON object"* ]]
}

@test "a bad line is reported even when it cannot match, with or without -v" {
	run --separate-stderr pp-grep Transfer "$B"
	assert_failure 2
	assert_output '{"title":"Transfer two","date":"2024-05-06"}'
	[[ "$stderr" == *"$B:2: invalid JSON"* && "$stderr" == *"$B:3: not a JSON object"* ]]
	[[ "$stderr" == *"$B:5: invalid JSON"* ]]
	run --separate-stderr pp-grep -v zzzzqqqq "$B"
	assert_failure 2
	[[ "$stderr" == *"$B:5: invalid JSON"* ]]
	[ "${#lines[@]}" -eq 3 ]
}

@test "a predicate without a pattern checks every line" {
	run --separate-stderr pp-grep --has title < "$B"
	assert_failure 2
	[[ "$stderr" == *"-:2:"* && "$stderr" == *"-:3:"* && "$stderr" == *"-:5:"* ]]
	[ "${#lines[@]}" -eq 3 ]
}

@test "a failed write is an error with a message" {
	run --separate-stderr bash -c "pp-grep -i distill '$P' > /dev/full"
	assert_failure 2
	[[ "$stderr" == *"write error"* ]]
}

@test "a closed pipe ends quietly" {
	run --separate-stderr bash -c "pp-grep -i -e . '$A' '$A' '$A' | head -1"
	assert_success
	[ -z "$stderr" ]
}

# --- record predicates -------------------------------------------------------

@test "--since and --until compare the date at the precision given" {
	run bash -c "pp-grep --since 2024 --until 2024-03 '' '$B' 2>/dev/null | jq -r .title"
	assert_output "Distillation one"
	run bash -c "pp-grep --until 2023 '' '$B' 2>/dev/null | jq -r .title"
	assert_output "Distillation three"
	run bash -c "pp-grep --since 2024-05-06 '' '$B' 2>/dev/null | jq -r .title"
	assert_output "Transfer two"
	run pp-grep -c --since 2024-03 '' "$P"
	assert_output "$(jq -c 'select(.date >= "2024-03")' "$P" | wc -l)"
}

@test "--since does not keep records without a date" {
	printf '{"title":"a"}\n{"title":"b","date":"2024"}\n{"title":"c","date":5}\n' |
	    { run pp-grep --since 2024-06 -; assert_failure 1; }
}

@test "--since and --until want a date, today, yesterday, Nd or Nw" {
	for d in 24 2024-1 2024-13 2024-02-32 2024/01 x 7 7x d -2d; do
		run --separate-stderr pp-grep --since "$d" x "$P"
		assert_failure 2
		[[ "$stderr" == "pp-grep: --since: '$d' is not a date: "* ]]
	done
}

@test "the first operand is the pattern whatever predicates are given" {
	for opt in "--since 2024" "--until 2030" "--where .title" "--has title" \
	    "--unique title"; do
		run pp-grep -c $opt -i distill "$P"
		assert_success
		assert_output "$(pp-grep -i distill "$P" | pp-grep -c $opt)"
	done
	run pp-grep --since 2024 -i distill "$P"
	refute_output --partial "No such file"
	[ "$(printf '%s\n' "$output" | jq -r .date | sort | head -1)" \> 2024 ]
	# with no operand at all, predicates alone select from stdin
	run bash -c "pp-grep -c --since 2024 < '$P'"
	assert_output "$(jq -c 'select(.date >= "2024")' "$P" | wc -l)"
}

@test "patterns and predicates combine" {
	run pp-grep -c -i -e distill --since 2024 "$P"
	assert_output "$(jq -c 'select(.date >= "2024") | select((.title + .abstract) | test("distill"; "i"))' "$P" | wc -l)"
}

@test "--where keeps the records its jq expression finds true" {
	run pp-grep -c --where '.upvotes >= 5' '' "$P"
	assert_output "$(jq -c 'select(.upvotes >= 5)' "$P" | wc -l)"
	run pp-grep -c --where '.n_authors' '' "$P"
	assert_output 37
	run pp-grep -c --where 'null, false' '' "$P"
	assert_failure 1
}

@test "--where: a compile error is reported before reading, status 2" {
	run --separate-stderr pp-grep --where '.upvotes >=' '' "$P"
	assert_failure 2
	assert_output ""
	[[ "$stderr" == *"does not compile"* ]]
}

@test "--where: a runtime error is reported with FILE:LINE, the run goes on" {
	printf '{"title":"a","n":1}\n{"title":"b","n":"x"}\n{"title":"c","n":3}\n' > "$BATS_TEST_TMPDIR/w"
	run --separate-stderr pp-grep --where '.n - 1 > 0' '' "$BATS_TEST_TMPDIR/w"
	assert_failure 2
	assert_output '{"title":"c","n":3}'
	[[ "$stderr" == "pp-grep: $BATS_TEST_TMPDIR/w:2: --where: "* ]]
}

@test "--where may be given once" {
	run --separate-stderr pp-grep --where . --where . '' "$P"
	assert_failure 2
	[[ "$stderr" == *"--where given twice"* ]]
}

@test "--has keeps records where every key is present and not null" {
	printf '{"a":1,"b":2}\n{"a":null,"b":2}\n{"b":3}\n' > "$BATS_TEST_TMPDIR/h"
	run pp-grep --has a --has b '' "$BATS_TEST_TMPDIR/h"
	assert_output '{"a":1,"b":2}'
	run pp-grep -c --has b '' "$BATS_TEST_TMPDIR/h"
	assert_output 3
}

@test "--unique keeps the first record per value, after squeezing and folding" {
	printf '%s\n' '{"title":"Deep  Learning","n":1}' '{"title":" deep learning ","n":2}' \
	    '{"title":"Deep Learning\u00df","n":3}' '{"title":"DEEP LEARNINGSS","n":4}' \
	    '{"n":5}' '{"n":6}' '{"title":"Other","n":7}' > "$BATS_TEST_TMPDIR/u"
	run bash -c "pp-grep --unique title '' '$BATS_TEST_TMPDIR/u' | jq -c .n"
	assert_output "1
3
5
6
7"
}

@test "--unique applies after the pattern" {
	run pp-grep -c --unique n_authors -i -e distill "$P"
	assert_output "$(pp-grep -i distill "$P" | jq -s 'unique_by(.n_authors) | length')"
}

# --- at scale ------------------------------------------------------------------

@test "X and -v X partition a generated corpus, and match what jq selects" {
	gen=$TOP/tests/gen-corpus
	c="$BATS_TEST_TMPDIR/corpus"
	"$gen" -n 20000 > "$c"
	for pat in distill 'knowledge transfer' 'Multi(modal|lingual)'; do
		a=$(pp-grep -c -i "$pat" "$c" || true)
		b=$(pp-grep -c -v -i "$pat" "$c" || true)
		[ $((a + b)) -eq 20000 ]
		[ "$a" -gt 0 ] && [ "$b" -gt 0 ]
	done
	diff <(pp-grep -i -k title distill "$c" | jq -r .id) \
	    <(jq -r 'select(.title | test("distill"; "i")) | .id' "$c")
}

@test "every command of the man page's EXAMPLES runs as typed" {
	run_man_examples pp-grep.1
}

# --- grep's output options (issue 12) -------------------------------------------

@test "-h hides and -H shows file names on -c and -o lines" {
	run pp-grep -h -c -i distill "$P" "$U"
	assert_success
	assert_output "$(pp-grep -c -i distill "$P")
1"
	run pp-grep -H -c -i distill "$P"
	assert_output "$P:$(pp-grep -c -i distill "$P")"
	run pp-grep -H -o -i -k title 'stra(ss|ß)e' "$U"
	assert_output "$U:Straße
$U:STRASSE
$U:Straße"
	run bash -c "pp-grep -H -c -i strasse < '$U'"
	assert_output "(standard input):3"
}

@test "-l and -L name the files with and without a selected record" {
	run pp-grep -l -i distill "$P" "$U" "$A"
	assert_success
	assert_output "$P
$U"
	run pp-grep -L -i distill "$P" "$U" "$A"
	assert_output "$A"
	run pp-grep -l zzzzqqqq "$P"
	assert_failure 1
	assert_output ""
}

@test "-o writes each match, one a line, as it stands in the text" {
	run pp-grep -o -i -k title 'knowledge \w+' "$P"
	assert_success
	assert_output "$(jq -r .title "$P" | grep -o -i -P 'knowledge \w+')"
	# folded matches come out as the text has them; escapes decoded
	run pp-grep -o -i -k title 'efficient fine' "$U"
	assert_output 'Eﬃcient ﬁne'
	run pp-grep -o -k title 'Straße' "$U"
	assert_output 'Straße
Straße'
	# -o -v selects but writes nothing, as grep
	run pp-grep -o -v zzzzqqqq "$P"
	assert_success
	assert_output ""
}

@test "-P is accepted: the patterns are PCRE2 already" {
	run pp-grep -P -c '(?<=Knowledge )Distill' "$P"
	assert_success
	assert_output "$(pp-grep -c '(?<=Knowledge )Distill' "$P")"
}

@test "--color highlights matches inside the JSON line, never with NO_COLOR" {
	esc=$'\033'
	run pp-grep --color=always -k title 'Graph' "$P"
	assert_success
	assert_output --partial "Relationship ${esc}[01;31m${esc}[KGraph${esc}[m${esc}[K\""
	# inside escapes, the whole escape is marked
	run pp-grep --color=always -k title 'Straße' "$U"
	assert_output --partial "${esc}[01;31m${esc}[K\\u0053tra\\u00dfe${esc}[m${esc}[K"
	# the line without the marks is the record as it came in
	diff <(pp-grep --color=always -i distill "$P" | sed "s/${esc}\[[0-9;]*[mK]//g") \
	    <(pp-grep -i distill "$P")
	# auto: not on a pipe; NO_COLOR: never
	run pp-grep --color -k title Graph "$P"
	refute_output --partial "$esc"
	NO_COLOR=1 run pp-grep --color=always -k title Graph "$P"
	refute_output --partial "$esc"
	run --separate-stderr pp-grep --color=sometimes x "$P"
	assert_failure 2
}

@test "-c never counts a file it could not read" {
	run --separate-stderr pp-grep -c distill "$BATS_TEST_TMPDIR/missing.ndjson" "$P"
	assert_failure 2
	refute_output --partial "missing.ndjson"
	assert_output "$P:$(pp-grep -c distill "$P")"
	run --separate-stderr pp-grep -L distill "$BATS_TEST_TMPDIR/missing.ndjson" "$U"
	assert_output "$U"
}

# --- keys (issue 12) ----------------------------------------------------------

@test "-k, --has and --unique take comma lists and nested paths" {
	run pp-grep -c -k title,abstract -i distill "$P"
	assert_output "$(pp-grep -c -k title -k abstract -i distill "$P")"
	printf '%s\n' '{"title":"a","submittedBy":{"fullname":"Ada Lovelace"}}' \
	    '{"title":"b","submittedBy":{"fullname":"Bob"}}' '{"title":"c"}' \
	    '{"title":"d","a.b":"Ada"}' > "$BATS_TEST_TMPDIR/n"
	run pp-grep -k submittedBy.fullname Ada "$BATS_TEST_TMPDIR/n"
	assert_output '{"title":"a","submittedBy":{"fullname":"Ada Lovelace"}}'
	run pp-grep -c --has title,submittedBy.fullname '' "$BATS_TEST_TMPDIR/n"
	assert_output 2
	run pp-grep -k a.b Ada "$BATS_TEST_TMPDIR/n"
	assert_output '{"title":"d","a.b":"Ada"}'
	run --separate-stderr pp-grep -k title, x "$P"
	assert_failure 2
	[[ "$stderr" == "pp-grep: -k: 'title,': an empty key name" ]]
}

@test "a key no record has is reported once at the end" {
	run --separate-stderr pp-grep -c -k titel distill "$P" "$P"
	assert_failure 1
	[ "$stderr" = "pp-grep: key 'titel' is in none of 74 records" ]
	run --separate-stderr pp-grep --has upvotes,doi '' "$P"
	[ "$stderr" = "pp-grep: key 'doi' is in none of 37 records" ]
	run --separate-stderr pp-grep --unique titel '' "$P"
	[ "$stderr" = "pp-grep: key 'titel' is in none of 37 records" ]
	run --separate-stderr pp-grep -c -i distill "$P"
	[ -z "$stderr" ]
}

# --- --seen and --unique (issue 12) ---------------------------------------------

@test "--seen drops papers already in FILE: by id, else by title" {
	printf '%s\n' '{"id":"2401.01234","title":"Seen one"}' '{"title":"Seen Two"}' \
	    > "$BATS_TEST_TMPDIR/seen"
	printf '%s\n' '{"id":"2401.01234v3","title":"x"}' \
	    '{"id":"arXiv:2401.01234","title":"y"}' \
	    '{"id":"2401.09999","title":"seen  two"}' '{"title":"SEEN ONE"}' \
	    '{"title":"new"}' '{"id":"2401.05555","title":"Seen one"}' \
	    > "$BATS_TEST_TMPDIR/today"
	run pp-grep --seen "$BATS_TEST_TMPDIR/seen" '' "$BATS_TEST_TMPDIR/today"
	assert_success
	assert_output '{"title":"new"}
{"id":"2401.05555","title":"Seen one"}'
	# a key of choice
	run pp-grep -c --seen "$BATS_TEST_TMPDIR/seen:title" '' "$BATS_TEST_TMPDIR/today"
	assert_output 3
	# yesterday's output against today's: nothing twice
	pp-grep -i distill "$P" | head -5 > "$BATS_TEST_TMPDIR/yesterday"
	run pp-grep -c --seen "$BATS_TEST_TMPDIR/yesterday" -i distill "$P"
	assert_output $(( $(pp-grep -c -i distill "$P") - 5 ))
	run --separate-stderr pp-grep --seen "$BATS_TEST_TMPDIR/nope" x "$P"
	assert_failure 2
}

@test "--unique compares normalised ids and keeps the most complete copy" {
	printf '%s\n' '{"id":"2401.01234v2","title":"A"}' \
	    '{"id":"arXiv:2401.01234","title":"A","date":"2024-01-02","authors":["X"]}' \
	    '{"id":"2401.01234","title":"a ","upvotes":3}' '{"title":"no id"}' \
	    '{"id":"2402.00001","title":"Other"}' > "$BATS_TEST_TMPDIR/u"
	run pp-grep --unique id '' "$BATS_TEST_TMPDIR/u"
	assert_success
	# the second copy has most keys; upvotes comes from the third, in
	# DESIGN's order; the records without the key pass, in order
	assert_output '{"title":"A","authors":["X"],"date":"2024-01-02","upvotes":3,"id":"arXiv:2401.01234"}
{"title":"no id"}
{"id":"2402.00001","title":"Other"}'
	run pp-grep -c --unique id '' "$BATS_TEST_TMPDIR/u"
	assert_output 3
	# titles: folded, white space collapsed; a later fuller copy wins
	printf '%s\n' '{"title":"Deep  Learning"}' '{"title":"deep learning","date":"2024-05-01"}' \
	    | { run pp-grep --unique title; assert_output '{"title":"deep learning","date":"2024-05-01"}'; }
}

# --- dates (issue 12) -------------------------------------------------------------

@test "a date coarser than the bound counts by what it certainly is" {
	printf '%s\n' '{"title":"a","date":"2025"}' '{"title":"b","date":"2024"}' \
	    '{"title":"c","date":"2024-06"}' '{"title":"d","date":"2024-06-15"}' \
	    '{"title":"e","date":"2023"}' '{"title":"f","date":"2024-13-99"}' \
	    > "$BATS_TEST_TMPDIR/d"
	run --separate-stderr pp-grep --since 2024-06-15 '' "$BATS_TEST_TMPDIR/d"
	assert_success
	assert_output '{"title":"a","date":"2025"}
{"title":"d","date":"2024-06-15"}'
	# 2024 and 2024-06 straddle the bound: said once, with where, and counted
	[[ "$stderr" == "pp-grep: $BATS_TEST_TMPDIR/d:2: date '2024' is neither before nor after --since 2024-06-15: not selected
pp-grep: 2 records with a date too coarse to compare with --since or --until were not selected" ]]
	run --separate-stderr pp-grep --until 2024-06-15 '' "$BATS_TEST_TMPDIR/d"
	assert_output '{"title":"d","date":"2024-06-15"}
{"title":"e","date":"2023"}'
	# 2024-13-99 is no date: never in range
	run pp-grep -c --since 2024-01 '' "$BATS_TEST_TMPDIR/d"
	assert_output 4
}

@test "--since takes today, yesterday, Nd and Nw against SOURCE_DATE_EPOCH" {
	printf '%s\n' '{"title":"a","date":"2025-01-01"}' '{"title":"b","date":"2024-12-31"}' \
	    '{"title":"c","date":"2024-12-25"}' '{"title":"d","date":"2024-12-18"}' \
	    '{"title":"e","date":"2024-12-17"}' > "$BATS_TEST_TMPDIR/r"
	export SOURCE_DATE_EPOCH=1735689600	# 2025-01-01
	for pair in today=1 yesterday=2 7d=3 2w=4 1w=3 0d=1; do
		run pp-grep -c --since "${pair%=*}" '' "$BATS_TEST_TMPDIR/r"
		assert_output "${pair#*=}"
	done
	run pp-grep -c --until yesterday '' "$BATS_TEST_TMPDIR/r"
	assert_output 4
}

# --- GNU grep as the oracle (issue 12) ----------------------------------------------

# Each case: options and patterns ('|' between arguments, EMPTY for '').
# pp-grep reads records with the text as their one field, grep the text
# one a line; both must select the same, print the same and exit alike.
# (GNU grep -c -f /dev/null prints no count at all, having nothing to look
# for; pp-grep prints 0, as its own test above says: not compared.)
@test "pp-grep agrees with GNU grep on the same text, one field a line" {
	d=$BATS_TEST_TMPDIR
	printf '%s\n' 'Knowledge Distillation via Token Graph' \
	    'knowledge transfer in practice' 'distilled knowledge' \
	    'a distillation of ideas' '' 'Transfer' 'DISTILL' 'dis till' \
	    'foo.bar' 'foo bar' 'food' 'transfer learning, transfer again' > "$d/one"
	printf '%s\n' 'nothing here' 'more transfer' 'Foo' > "$d/two"
	for f in one two; do
		jq -R -c '{title: .}' < "$d/$f" > "$d/$f.ndjson"
	done
	printf 'distill\ntransfer\n' > "$d/pats"
	printf '' > "$d/nopats"
	n=0
	while IFS= read -r case; do
		[ -n "$case" ] || continue
		IFS='|' read -ra args <<< "$case"
		for i in "${!args[@]}"; do
			[ "${args[$i]}" = EMPTY ] && args[$i]=
			[ "${args[$i]}" = PATS ] && args[$i]=$d/pats
			[ "${args[$i]}" = NOPATS ] && args[$i]=$d/nopats
		done
		for files in "one" "one two"; do
			g=() p=()
			for f in $files; do g+=("$d/$f"); p+=("$d/$f.ndjson"); done
			list=
			case " ${args[*]} " in *" -c "*|*" -l "*|*" -L "*|*" -o "*|*" -q "*) list=1 ;; esac
			h=(-E)
			case " ${args[*]} " in *" -F "*) h=() ;; esac
			[ -z "$list" ] && h+=(-h)
			want=$(cd "$d" && grep "${h[@]}" "${args[@]}" "${g[@]}"; echo "status $?")
			got=$(cd "$d" && pp-grep -k title "${args[@]}" "${p[@]}" |
			    if [ -z "$list" ]; then jq -r .title; else sed 's/\.ndjson\b//'; fi
			    echo "status ${PIPESTATUS[0]}")
			[ "$want" = "$got" ] || {
				echo "case: ${args[*]} on $files"
				diff <(echo "$want") <(echo "$got")
				false
			}
			n=$((n + 1))
		done
	done <<-'EOF2'
	distill
	-i|distill
	-w|-i|distill
	-w|distill
	-x|Transfer
	-x|-i|transfer
	-v|-i|distill
	-c|-i|distill
	-c|-v|transfer
	-l|-i|distill
	-L|-i|distill
	-l|-L|-i|distill
	-m|2|-i|distill
	-c|-m|1|-i|transfer
	-m|0|distill
	-o|-i|dist\w*
	-o|transfer
	-o|-w|foo
	-o|-i|-e|know\w*|-e|transfer
	-e|distill|-e|Transfer
	-i|-w|-e|knowledge|-e|transfer
	-v|-e|distill|-e|transfer
	-f|PATS
	-i|-f|PATS
	-L|-f|NOPATS
	-v|-f|NOPATS
	-f|PATS|-e|foo
	EMPTY
	-x|EMPTY
	-v|EMPTY
	-w|EMPTY
	-c|EMPTY
	-o|EMPTY
	-F|foo.bar
	-F|-x|foo.bar
	-F|-c|.
	-q|-i|distill
	-q|zzz
	^foo
	bar$
	[Dd]istill(ed|ation)
	-x|-i|dis.*
	-c|-w|-i|transfer
	EOF2
	[ "$n" -ge 80 ]
}

@test "a pattern that starts with '-' gets a hint: -e or --" {
	run --separate-stderr pp-grep -survey "$P"
	assert_failure 2
	[[ "$stderr" == *"pp-grep: a pattern that starts with '-' goes after -e, or after --"* ]]
	run pp-grep -c -- -level "$P"
	assert_success
	assert_output "$(pp-grep -c -e -level "$P")"
	run --separate-stderr pp-grep --frobnicate x "$P"
	[[ "$stderr" != *"starts with"* ]]
}

@test "--seen FILE may be the file the output is appended to, a daily job" {
	s=$BATS_TEST_TMPDIR/seen.ndjson
	pp-grep -m 5 -i distill "$P" > "$s"
	pp-grep --seen "$s" -i distill "$P" >> "$s"
	[ "$(wc -l < "$s")" -eq "$(pp-grep -c -i distill "$P")" ]
	# the next day nothing is new
	run pp-grep --seen "$s" -i distill "$P"
	assert_failure 1
	run --separate-stderr pp-grep --seen "$BATS_TEST_TMPDIR" x "$P"
	assert_failure 2
	[[ "$stderr" == *"--seen: $BATS_TEST_TMPDIR: Is a directory"* ]]
}

# --- threads -------------------------------------------------------------------

@test "-j N selects and writes what one thread does, messages with the same FILE:LINE, in order" {
	cd "$BATS_TEST_TMPDIR"
	"$TOP/tests/gen-corpus" -n 300 > bad.src
	make_jobs_corpus bad
	same_for_jobs_of pp-grep -i -k title distill bad
	assert_equal "$(cat one.err)" "pp-grep: bad:61: invalid JSON: unterminated string at end of line
pp-grep: bad:63: not a JSON object
pp-grep: bad:124: invalid JSON: unexpected character at column 1
pp-grep: bad:206: invalid JSON: invalid literal at column 11
status 2"
	same_for_jobs_of pp-grep learning bad bad.src
	grep -q 'learning, no newline' one
	grep -q '"title":"long"' one
	same_for_jobs_of pp-grep -c -v -i model bad bad.src
	same_for_jobs_of pp-grep -H -o -i 'learn[a-z]*' bad
	same_for_jobs_of pp-grep --color=always -S Learning bad
	same_for_jobs_of pp-grep --all -w -e deep -e learning -k title,abstract,nope bad
	same_for_jobs_of pp-grep --has id,nope -i --ignore-accents etude bad
	head -n 40 bad.src > seen
	same_for_jobs_of pp-grep --seen seen '' bad
	same_for_jobs_of pp-grep -F -x zzz bad
	grep -q 'status 2' one.err
	same_for_jobs_of pp-grep -F -x zzz bad.src
	grep -q 'status 1' one.err
}

@test "-j N: the options that stop early, hold records or run jq read with one thread, the same answer" {
	cd "$BATS_TEST_TMPDIR"
	"$TOP/tests/gen-corpus" -n 300 > bad.src
	make_jobs_corpus bad
	same_for_jobs_of pp-grep -m 7 learning bad
	same_for_jobs_of pp-grep -l learning bad.src bad
	same_for_jobs_of pp-grep --unique id '' bad
	same_for_jobs_of pp-grep --where '.upvotes > 10' '' bad
}

@test "-j N with --since and --until: a date too coarse is said once, at the first, as one thread says it" {
	command -v strace >/dev/null || skip "strace not installed (make check installs it)"
	cd "$BATS_TEST_TMPDIR"
	"$TOP/tests/gen-corpus" -n 300 > bad.src
	make_jobs_corpus bad
	# years alone: neither before nor after 2023-06
	sed 's/"date": "\(202[34]\)-[0-9-]*"/"date": "\1"/' bad > coarse
	same_for_jobs_of pp-grep --since 2023-06 '' coarse bad coarse
	[ "$(grep -c 'neither before nor after' one.err)" -eq 1 ]
	grep -q "^pp-grep: coarse:3: date '2023' is neither before nor after --since 2023-06: not selected$" one.err
	grep -q '^pp-grep: 64 records with a date too coarse' one.err
	same_for_jobs_of pp-grep --since 2023-06 --until 2024-03 -c '' coarse
	# and threads read it
	ASAN_OPTIONS=detect_leaks=0 strace -f -qq -e trace=clone,clone3 \
	    -o trace pp-grep -j 2 --since 2023-06 '' coarse > out 2>/dev/null || true
	grep -q clone trace
}

@test "-j N holds a few blocks a thread, not the file, when the reader of the output is slow" {
	[ -x /usr/bin/time ] || skip "GNU time not installed (make check installs it)"
	cd "$BATS_TEST_TMPDIR"
	"$TOP/tests/gen-corpus" -n 300 > one.src
	for i in $(seq 40); do cat one.src; done > big	# 19 MB
	/usr/bin/time -f %M -o rss pp-grep -j 2 '' big |
	    { sleep 1; cat > out; }
	cmp big out
	! ldd "$TOP/cmd/pp-grep" | grep -q libasan || skip "sanitizers' memory"
	# every record written, and no more than 12 MB held at a time
	[ "$(tail -n 1 rss)" -lt 12288 ]
}

@test "-j N reads a line longer than many blocks once, not once a block: memory as one thread's" {
	[ -x /usr/bin/time ] || skip "GNU time not installed (make check installs it)"
	cd "$BATS_TEST_TMPDIR"
	# a JSON array written on one line: 9 MB, a hundred and more blocks
	python3 -c 'import json; print(json.dumps([{"title": "paper %d" % i, "abstract": "x" * 200} for i in range(40000)]))' > one-line
	same_for_jobs_of pp-grep paper one-line
	assert_equal "$(cat one.err)" "pp-grep: one-line:1: not a JSON object
status 2"
	! ldd "$TOP/cmd/pp-grep" | grep -q libasan || skip "sanitizers' memory"
	/usr/bin/time -f %M -o rss1 pp-grep -j 1 paper one-line 2>/dev/null || true
	/usr/bin/time -f %M -o rss3 pp-grep -j 3 paper one-line 2>/dev/null || true
	# each thread kept the line's rest: three times the memory
	[ "$(tail -n 1 rss3)" -lt $(( $(tail -n 1 rss1) * 3 / 2 )) ]
}

@test "-j N without a descriptor to spare for a thread reads with fewer, and says nothing of it" {
	cd "$BATS_TEST_TMPDIR"
	"$TOP/tests/gen-corpus" -n 300 > in
	pp-grep -c -j 1 learning in > one
	# room for the file and a thread or two, not eight
	run --separate-stderr bash -c 'ulimit -n $(( $(ls /proc/$$/fd | wc -l) + 3 ))
	    exec pp-grep -c -j 8 learning in'
	assert_success
	assert_equal "$output" "$(cat one)"
	assert_equal "$stderr" ""
}
