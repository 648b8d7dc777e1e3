#!/usr/bin/env bats
# pp-fields: keep, order, rename, drop and derive keys.

bats_require_minimum_version 1.5.0
load helper

F="$DATA/pp-fields"

# --- projection -----------------------------------------------------------

@test "words: a token of punctuation alone (an em dash, a quote mark, a bullet) is no word, in any script" {
	run pp-fields words <<<'{"abstract":"fast — and “robust” 知识蒸馏 • é x"}'
	assert_output '{"words":6}'
}

@test "a FIELD list writes those keys in the order given" {
	run --separate-stderr pp-fields date,title "$F/papers.ndjson"
	assert_success
	assert_equal "$stderr" ""
	assert_line --index 0 '{"date":"2023-05-18","title":"SpeechGPT: Empowering Large Language Models with Intrinsic Cross-Modal Conversational Abilities"}'
	assert_line --index 1 '{"date":"2020-06-09","title":"Knowledge Distillation: A Survey"}'
	assert_line --index 2 '{"date":null,"title":"Untitled note"}'
	assert_equal "${#lines[@]}" 3
}

@test "a missing key comes out as null" {
	run --separate-stderr pp-fields title,upvotes,nosuchkey "$F/papers.ndjson"
	assert_success
	assert_line --index 2 '{"title":"Untitled note","upvotes":null,"nosuchkey":null}'
}

@test "--skip-missing leaves a missing key out" {
	run --separate-stderr pp-fields --skip-missing upvotes,title,date "$F/papers.ndjson"
	assert_success
	assert_line --index 1 '{"upvotes":0,"title":"Knowledge Distillation: A Survey","date":"2020-06-09"}'
	assert_line --index 2 '{"title":"Untitled note"}'
}

@test "--skip-missing with no key present writes an empty object" {
	run --separate-stderr pp-fields --skip-missing nothing,none <<<'{"a":1}'
	assert_success
	assert_output '{}'
}

@test "values are copied as written, numbers, arrays and escapes included" {
	run --separate-stderr pp-fields authors,n,s <<<'{"s":"caf\u00e9 \"q\"","n":1.50e3,"authors":["A", "B"]}'
	assert_success
	assert_output '{"authors":["A", "B"],"n":1.50e3,"s":"caf\u00e9 \"q\""}'
}

@test "a record the list keeps whole is written byte for byte" {
	run --separate-stderr pp-fields title,date "$F/spaced.ndjson"
	assert_success
	assert_output "$(cat "$F/spaced.ndjson")"
}

@test "a reordered record is written compact" {
	run --separate-stderr pp-fields date,title "$F/spaced.ndjson"
	assert_success
	assert_output '{"date":"2021-03-04","title":"Spaced"}'
}

@test "with duplicate keys the last one counts, as in jq" {
	run --separate-stderr pp-fields a <<<'{"a":1,"a":2}'
	assert_success
	assert_output '{"a":2}'
}

@test "a key written with escapes in the record is found by its text" {
	run --separate-stderr pp-fields title <<<'{"t\u0069tle":"x"}'
	assert_success
	assert_output '{"title":"x"}'
}

@test "new=old renames a key" {
	run --separate-stderr pp-fields name=title,when=date "$F/papers.ndjson"
	assert_success
	assert_line --index 1 '{"name":"Knowledge Distillation: A Survey","when":"2020-06-09"}'
}

@test "a renamed missing key is null, or left out with --skip-missing" {
	run --separate-stderr pp-fields t=title,u=upvotes "$F/papers.ndjson"
	assert_line --index 2 '{"t":"Untitled note","u":null}'
	run --separate-stderr pp-fields --skip-missing t=title,u=upvotes "$F/papers.ndjson"
	assert_line --index 2 '{"t":"Untitled note"}'
}

@test "output keys are JSON-quoted" {
	run --separate-stderr pp-fields 'a"b=.title' <<<'{"title":"x"}'
	assert_success
	assert_output '{"a\"b":"x"}'
}

@test "keys with hyphens are key names, not jq" {
	run --separate-stderr pp-fields ref=journal-ref,journal-ref "$DATA/arxiv-metadata-snapshot-50.ndjson"
	assert_success
	assert_line --index 0 '{"ref":"Phys.Rev.D76:013009,2007","journal-ref":"Phys.Rev.D76:013009,2007"}'
}

# --- jq expressions -------------------------------------------------------

@test "name=EXPR derives a key with jq" {
	run --separate-stderr pp-fields 'title,y=.date[:4],first_author=.authors[0]' "$F/papers.ndjson"
	assert_success
	assert_line --index 0 '{"title":"SpeechGPT: Empowering Large Language Models with Intrinsic Cross-Modal Conversational Abilities","y":"2023","first_author":"Dong Zhang"}'
	assert_line --index 2 '{"title":"Untitled note","y":null,"first_author":null}'
}

@test "what is not a key name after = is jq: a number, a string" {
	run --separate-stderr pp-fields 'n=-1,s="lit",k=title' <<<'{"title":"x"}'
	assert_success
	assert_output '{"n":-1,"s":"lit","k":"x"}'
}

@test "commas inside brackets belong to the expression" {
	run --separate-stderr pp-fields 'pair=[.a,.b],o={x:.a},c' <<<'{"a":1,"b":2,"c":3}'
	assert_success
	assert_output '{"pair":[1,2],"o":{"x":1},"c":3}'
}

@test "an expression that gives no value is missing; the first of several counts" {
	run --separate-stderr pp-fields 'e=empty,two=(1,2)' <<<'{}'
	assert_success
	assert_output '{"e":null,"two":1}'
	run --separate-stderr pp-fields --skip-missing 'e=empty,two=(1,2)' <<<'{}'
	assert_output '{"two":1}'
}

@test ".KEY is null when the key is missing, as in jq" {
	run --separate-stderr pp-fields --skip-missing 't=.title,u=.upvotes' <<<'{"title":"x"}'
	assert_success
	assert_output '{"t":"x","u":null}'
}

@test "a bad jq expression is an error before any input is read" {
	run --separate-stderr pp-fields 'title,y=.date[:' /nonexistent
	assert_failure 2
	assert_output ""
	[[ "$stderr" == *"pp-fields: bad jq expression for 'y': jq: error: syntax error"* ]]
	[[ "$stderr" != *nonexistent* ]]
}

@test "an undefined jq function is a compile error" {
	run --separate-stderr pp-fields 'x=nosuchfn(1)' "$F/papers.ndjson"
	assert_failure 2
	assert_output ""
	[[ "$stderr" == *"bad jq expression for 'x'"*"nosuchfn/1 is not defined"* ]]
}

@test "a runtime error names FILE:LINE and the record passes through unchanged" {
	printf '%s\n' '{"a":[1,2]}' '{"a":"s"}' '{"a":[3]}' > "$BATS_TEST_TMPDIR/in"
	run --separate-stderr pp-fields 'x=.a[0]' "$BATS_TEST_TMPDIR/in"
	assert_failure 2
	assert_line --index 0 '{"x":1}'
	assert_line --index 1 '{"a":"s"}'
	assert_line --index 2 '{"x":3}'
	assert_equal "$stderr" "pp-fields: $BATS_TEST_TMPDIR/in:2: jq: error: Cannot index string with number; record written unchanged"
}

@test "an expression that halts is reported and its record passes through" {
	run --separate-stderr pp-fields 'x=if .a == 2 then halt else .a end' <<<$'{"a":1}\n{"a":2}'
	assert_failure 2
	assert_line --index 0 '{"x":1}'
	assert_line --index 1 '{"a":2}'
	assert_equal "$stderr" "pp-fields: -:2: jq: expression halted; record written unchanged"
}

@test "a bare word after = is a key, even when jq knows it" {
	run --separate-stderr pp-fields 'x=halt,y=empty' <<<'{"halt":1}'
	assert_success
	assert_output '{"x":1,"y":null}'
}

@test "jq values are written compact" {
	run --separate-stderr pp-fields 'o={b:[1, 2],s:"caf\u00e9"}' <<<'{}'
	assert_success
	assert_output '{"o":{"b":[1,2],"s":"café"}}'
}

# --- -x / --exclude -------------------------------------------------------

@test "-x drops keys and keeps the rest in their order" {
	run --separate-stderr pp-fields -x abstract,authors,n_authors "$F/papers.ndjson"
	assert_success
	assert_line --index 0 '{"title":"SpeechGPT: Empowering Large Language Models with Intrinsic Cross-Modal Conversational Abilities","date":"2023-05-18","upvotes":3,"id":"2305.11000"}'
	assert_line --index 2 '{"title":"Untitled note","comments":"see arXiv:astro-ph/0701001v2 for details"}'
}

@test "--exclude may be repeated" {
	run --separate-stderr pp-fields --exclude abstract -x authors,n_authors,upvotes,id,url -x comments "$F/papers.ndjson"
	assert_success
	assert_line --index 1 '{"title":"Knowledge Distillation: A Survey","date":"2020-06-09"}'
	assert_line --index 2 '{"title":"Untitled note"}'
}

@test "-x with a path drops the nested key, as jq's del(.sub.name); a key of that very name goes instead" {
	run pp-fields -x sub.name,sub.deep.z <<<'{"a":1,"sub":{"name":"x","k":2,"deep":{"z":1,"y":2}}}'
	assert_success
	assert_output '{"a":1,"sub":{"k":2,"deep":{"y":2}}}'
	run pp-fields -x sub.name <<<'{"sub":{"name":"x"},"sub.name":5}'
	assert_output '{"sub":{"name":"x"}}'
	run --separate-stderr pp-fields -x sub.nosuch <<<'{"a":1}'
	assert_output '{"a":1}'
	[[ $stderr == *"'sub.nosuch' is in none of 1 record"* ]]
}

@test "-x of nothing is the identity, byte for byte" {
	cat "$F/spaced.ndjson" "$F/papers.ndjson" > "$BATS_TEST_TMPDIR/in"
	run --separate-stderr pp-fields -x '' "$BATS_TEST_TMPDIR/in"
	assert_success
	assert_output "$(cat "$BATS_TEST_TMPDIR/in")"
}

@test "a record -x leaves unchanged is written byte for byte" {
	run --separate-stderr pp-fields -x nosuchkey "$F/spaced.ndjson"
	assert_success
	assert_output "$(cat "$F/spaced.ndjson")"
}

@test "-x drops every copy of a duplicate key" {
	run --separate-stderr pp-fields -x a <<<'{"a":1,"b":2,"a":3}'
	assert_success
	assert_output '{"b":2}'
}

@test "-x with a FIELD-only option is a usage error" {
	run --separate-stderr pp-fields -x a --skip-missing "$F/papers.ndjson"
	assert_failure 2
	assert_output ""
	[[ "$stderr" == *"--skip-missing goes with a FIELD list"* ]]
}

# --- built-in keys --------------------------------------------------------

@test "year and month are numbers from date" {
	run --separate-stderr pp-fields title,year,month "$F/papers.ndjson"
	assert_success
	assert_line --index 0 --partial '"year":2023,"month":5}'
	assert_line --index 2 '{"title":"Untitled note","year":null,"month":null}'
	run --separate-stderr pp-fields year,month <<<'{"date":"2019"}'
	assert_output '{"year":2019,"month":null}'
	run --separate-stderr pp-fields year,month <<<'{"date":"May 5"}'
	assert_output '{"year":null,"month":null}'
}

@test "a built-in is derived only when the record has no key of that name" {
	run --separate-stderr pp-fields year,words <<<'{"year":"MMXX","words":["a"],"date":"2020-01-01","abstract":"x"}'
	assert_success
	assert_output '{"year":"MMXX","words":["a"]}'
}

@test "a built-in can be renamed" {
	run --separate-stderr pp-fields y=year,first=sentence <<<'{"date":"2020-01-01","abstract":"One. Two."}'
	assert_success
	assert_output '{"y":2020,"first":"One."}'
}

@test "words counts the abstract's words, not its stray punctuation" {
	run --separate-stderr pp-fields words <<<'{"abstract":"We  propose ( a ) new, fast  method -- really.\n Done"}'
	assert_success
	assert_output '{"words":8}'
	run --separate-stderr pp-fields words <<<'{"abstract":""}'
	assert_output '{"words":0}'
	run --separate-stderr pp-fields words <<<'{"title":"no abstract"}'
	assert_output '{"words":null}'
}

@test "acronym is the name before a colon" {
	run --separate-stderr pp-fields acronym "$F/papers.ndjson"
	assert_success
	assert_line --index 0 '{"acronym":"SpeechGPT"}'
	# "Knowledge Distillation" is two words, not a name
	assert_line --index 1 '{"acronym":null}'
	run --separate-stderr pp-fields acronym <<<'{"title":"mPLUG-Owl: Modularization"}'
	assert_output '{"acronym":"mPLUG-Owl"}'
	run --separate-stderr pp-fields acronym <<<'{"title":"GPT-4 Technical Report"}'
	assert_output '{"acronym":null}'
	run --separate-stderr pp-fields acronym <<<'{"title":"Attention: all you need"}'
	assert_output '{"acronym":null}'
}

@test "sentence is the abstract's first sentence, not cut at e.g., et al. or decimals" {
	run --separate-stderr pp-fields sentence "$F/papers.ndjson"
	assert_success
	assert_line --index 0 '{"sentence":"Multi-modal large language models are regarded as a crucial step towards AGI."}'
	assert_line --index 1 '{"sentence":"Deep neural networks, e.g. CNNs, are large."}'
	run --separate-stderr pp-fields sentence <<<'{"abstract":"As Hinton et al. (2015) showed,\n accuracy rises by 3.5 points, i.e. Much. Then more."}'
	assert_output '{"sentence":"As Hinton et al. (2015) showed, accuracy rises by 3.5 points, i.e. Much."}'
	run --separate-stderr pp-fields sentence <<<'{"abstract":"Does it work? Yes."}'
	assert_output '{"sentence":"Does it work?"}'
	run --separate-stderr pp-fields sentence <<<'{"abstract":"No full stop at all"}'
	assert_output '{"sentence":"No full stop at all"}'
}

@test "sentence: a period after a one-letter variable ends it, after an initial not" {
	run --separate-stderr pp-fields sentence <<<'{"abstract":"We classify the polytopes for any given d. The input is d."}'
	assert_output '{"sentence":"We classify the polytopes for any given d."}'
	run --separate-stderr pp-fields sentence <<<'{"abstract":"Work by J. Smith shows it. Then more."}'
	assert_output '{"sentence":"Work by J. Smith shows it."}'
}

@test "arxiv finds the identifier in id, url or text" {
	run --separate-stderr pp-fields arxiv "$F/papers.ndjson"
	assert_success
	assert_line --index 0 '{"arxiv":"2305.11000"}'
	assert_line --index 1 '{"arxiv":"2006.05525"}'
	assert_line --index 2 '{"arxiv":"astro-ph/0701001"}'
	# an old id's subject class is no part of it, as in arXiv's metadata
	run --separate-stderr pp-fields arxiv <<<'{"id":"math.GT/0309136v1"}'
	assert_output '{"arxiv":"math/0309136"}'
	run --separate-stderr pp-fields arxiv <<<'{"url":"https://huggingface.co/papers/2303.08867"}'
	assert_output '{"arxiv":"2303.08867"}'
	run --separate-stderr pp-fields arxiv <<<'{"abstract":"Code: see arXiv: 1706.03762."}'
	assert_output '{"arxiv":"1706.03762"}'
}

@test "arxiv does not take any number in free text for an identifier" {
	run --separate-stderr pp-fields arxiv <<<'{"abstract":"We gain 2023.12345 points and use papers/1234567.","url":"https://example.org/2313.12345"}'
	assert_success
	assert_output '{"arxiv":null}'
}

# --- --clean --------------------------------------------------------------

@test "--clean turns TeX accents and escapes into Unicode" {
	run --separate-stderr pp-fields --clean title,authors "$F/tex.ndjson"
	assert_success
	assert_line --index 0 '{"title":"Balázs and Müller and ü and ç and España and 3.2% and A & B and snake_case","authors":["Balázs, C.","Erdős, P.","Straße","Martínez","ørsted"]}'
}

@test "--clean removes font commands, keeps \\url's text and math, makes dashes" {
	run --separate-stderr pp-fields --clean title,abstract "$F/tex.ndjson"
	assert_success
	assert_line --index 1 '{"title":"Deep nets bold see https://x.org/a--b pages 3–5 — yes “quoted”","abstract":"math $\\alpha$-stable and $x--y$ stays, link text, unknown \\foo{x}"}'
}

@test "--clean makes an ASCII arrow an arrow, not a dash" {
	run --separate-stderr pp-fields --clean t <<<'{"t":"D0 --> K- e+ nue"}'
	assert_success
	assert_output '{"t":"D0 → K- e+ nue"}'
}

@test "--clean collapses white space in strings and arrays of strings only" {
	run --separate-stderr pp-fields --clean title,n,arr "$F/tex.ndjson"
	assert_success
	assert_line --index 2 '{"title":"many spaces here","n":3,"arr":["a b",1,{"x":"\\'"'"'e"}]}'
}

@test "--clean composes to NFC" {
	run --separate-stderr pp-fields --clean t <<<'{"t":"Cafe\u0301 cafe\u0301"}'
	assert_success
	assert_output '{"t":"Café café"}'
}

@test "--clean with -x cleans every text and writes clean records unchanged" {
	run --separate-stderr pp-fields --clean -x '' "$F/tex.ndjson"
	assert_success
	assert_line --index 0 --partial '"title":"Balázs and Müller'
	assert_line --index 3 '{"title":"plain","date":"2020-01-02"}'
	run --separate-stderr pp-fields --clean -x '' "$F/spaced.ndjson"
	assert_output "$(cat "$F/spaced.ndjson")"
}

@test "without --clean nothing is rewritten" {
	run --separate-stderr pp-fields title "$F/tex.ndjson"
	assert_success
	assert_line --index 0 --partial 'Bal\\'"'"'azs and M\\\"uller'
	assert_line --index 2 '{"title":"  many \n spaces\t here  "}'
}

@test "--clean applies to jq and built-in values too" {
	run --separate-stderr pp-fields --clean 'a=.t+"  x",sentence' <<<'{"t":"{\\o}","abstract":"Bal\\'"'"'azs wins.  Really."}'
	assert_success
	assert_output '{"a":"ø x","sentence":"Balázs wins."}'
}

# --- input and errors -----------------------------------------------------

@test "invalid JSON and non-object lines are reported with FILE:LINE and the run goes on" {
	run --separate-stderr pp-fields title "$F/bad.ndjson"
	assert_failure 2
	assert_line --index 0 '{"title":"Good one"}'
	assert_line --index 1 '{"title":"Also good"}'
	assert_equal "${#lines[@]}" 2
	[[ "$stderr" == *"pp-fields: $F/bad.ndjson:2: invalid JSON"* ]]
	[[ "$stderr" == *"pp-fields: $F/bad.ndjson:3: not a JSON object"* ]]
}

@test "-x reports bad lines too" {
	run --separate-stderr pp-fields -x date "$F/bad.ndjson"
	assert_failure 2
	assert_equal "${#lines[@]}" 2
	[[ "$stderr" == *"bad.ndjson:2: invalid JSON"* ]]
}

@test "a missing file among good ones is reported and the others are read" {
	run --separate-stderr pp-fields title "$F/spaced.ndjson" "$F/nonexistent" "$F/spaced.ndjson"
	assert_failure 2
	assert_equal "${#lines[@]}" 2
	[[ "$stderr" == *"pp-fields: "*"nonexistent"* ]]
}

@test "stdin is read when no file or - is given" {
	run --separate-stderr pp-fields title - < "$F/spaced.ndjson"
	assert_success
	assert_output '{"title":"Spaced"}'
	run --separate-stderr pp-fields title < "$F/spaced.ndjson"
	assert_output '{"title":"Spaced"}'
}

@test "a failed write is an error with a message" {
	run --separate-stderr sh -c 'pp-fields title "$1" > /dev/full' sh "$F/papers.ndjson"
	assert_failure 2
	[[ "$stderr" == *"pp-fields: write error: No space left on device"* ]]
}

@test "no FIELD list is a usage error" {
	run --separate-stderr pp-fields
	assert_failure 2
	[[ "$stderr" == "usage: pp-fields [--clean] [--skip-missing] [-j N] FIELD[,FIELD...] [FILE...]"* ]]
}

@test "a bad option is a usage error" {
	run --separate-stderr pp-fields --bogus title
	assert_failure 2
	[[ "$stderr" == *"usage: pp-fields"* ]]
}

@test "a FIELD that is neither a key name nor NAME=EXPR is an error" {
	run --separate-stderr pp-fields .title "$F/papers.ndjson"
	assert_failure 2
	assert_output ""
	[[ "$stderr" == *"'.title': not a key name"* ]]
}

@test "a FIELD that is not UTF-8 is an error" {
	run --separate-stderr pp-fields $'caf\xe9' </dev/null
	assert_failure 2
	[[ "$stderr" == *"not valid UTF-8"* ]]
}

@test "an output key given twice is an error" {
	run --separate-stderr pp-fields title,t=date,title "$F/papers.ndjson"
	assert_failure 2
	[[ "$stderr" == *"'title': key given twice"* ]]
}

@test "an empty name or expression around = is an error" {
	run --separate-stderr pp-fields =title </dev/null
	assert_failure 2
	[[ "$stderr" == *"empty key name"* ]]
	run --separate-stderr pp-fields t= </dev/null
	assert_failure 2
	[[ "$stderr" == *"nothing after '='"* ]]
	run --separate-stderr pp-fields , </dev/null
	assert_failure 2
	[[ "$stderr" == *"no FIELD"* ]]
}

@test "--help shows the synopsis, --version the version" {
	run --separate-stderr pp-fields --help
	assert_success
	assert_line --index 0 "usage: pp-fields [--clean] [--skip-missing] [-j N] FIELD[,FIELD...] [FILE...]"
	run --separate-stderr pp-fields -V
	assert_success
	assert_output --regexp '^pp-fields [0-9]'
}

@test "a closed pipe ends the run quietly" {
	run --separate-stderr sh -c 'for i in $(seq 3000); do cat "$1"; done | pp-fields title | head -1' sh "$F/papers.ndjson"
	assert_success
	assert_equal "$stderr" ""
	assert_output --partial SpeechGPT
}

@test "every command of the man page's EXAMPLES runs as typed" {
	run_man_examples pp-fields.1
}

# --- issue 12: keys as every program names them ---------------------------------

@test "'*' keeps every key in order and adds the listed ones after it" {
	printf '%s\n' '{"title":"A","date":"2024-05-01","x":1}' '{ "title" : "B" }' \
	    > "$BATS_TEST_TMPDIR/s"
	run pp-fields '*,year' "$BATS_TEST_TMPDIR/s"
	assert_success
	assert_output '{"title":"A","date":"2024-05-01","x":1,"year":2024}
{"title":"B","year":null}'
	# alone it changes nothing: the record as it came, byte for byte
	run pp-fields '*' "$BATS_TEST_TMPDIR/s"
	assert_output "$(cat "$BATS_TEST_TMPDIR/s")"
	# a listed key the record has keeps its place, as with mlr put
	run pp-fields '*,title=date' "$BATS_TEST_TMPDIR/s"
	assert_line --index 0 '{"title":"2024-05-01","date":"2024-05-01","x":1}'
	run --separate-stderr pp-fields '*,*' "$BATS_TEST_TMPDIR/s"
	assert_failure 2
}

@test "a nested key is named as a path" {
	printf '%s\n' '{"title":"A","submittedBy":{"fullname":"Ada","user":"ada"}}' \
	    '{"title":"B"}' > "$BATS_TEST_TMPDIR/n"
	run pp-fields 'title,who=submittedBy.fullname,submittedBy.user' "$BATS_TEST_TMPDIR/n"
	assert_success
	assert_output '{"title":"A","who":"Ada","submittedBy.user":"ada"}
{"title":"B","who":null,"submittedBy.user":null}'
	run pp-fields 'x=.submittedBy.fullname' "$BATS_TEST_TMPDIR/n"
	assert_output '{"x":"Ada"}
{"x":null}'
}

@test "a key no record has is reported once at the end" {
	run --separate-stderr pp-fields titel,date "$F/papers.ndjson"
	assert_success
	n=$(grep -c . "$F/papers.ndjson")
	[ "$stderr" = "pp-fields: key 'titel' is in none of $n records" ]
	run --separate-stderr pp-fields -x abstrct "$F/papers.ndjson"
	[ "$stderr" = "pp-fields: key 'abstrct' is in none of $n records" ]
	# built-in keys are derived, not missing
	run --separate-stderr pp-fields title,year,words "$F/papers.ndjson"
	[ -z "$stderr" ]
}

@test "an impossible date is no date, here as in pp-grep" {
	printf '%s\n' '{"title":"a","date":"2024-13-99"}' '{"title":"b","date":"2024-02-30"}' \
	    '{"title":"c","date":"2024-02-29"}' > "$BATS_TEST_TMPDIR/d"
	run pp-fields title,year,month "$BATS_TEST_TMPDIR/d"
	assert_output '{"title":"a","year":null,"month":null}
{"title":"b","year":null,"month":null}
{"title":"c","year":2024,"month":2}'
	run pp-grep --since 2024-01 '' "$BATS_TEST_TMPDIR/d"
	assert_output '{"title":"c","date":"2024-02-29"}'
}

# --- threads ---------------------------------------------------------------

@test "-j N writes what one thread writes, and reports bad lines with the same FILE:LINE, in order" {
	cd "$BATS_TEST_TMPDIR"
	"$TOP/tests/gen-corpus" -n 300 > bad.src
	make_jobs_corpus bad
	same_for_jobs_of pp-fields title,date,nosuch bad
	assert_equal "$(cat one.err)" "pp-fields: bad:61: invalid JSON: unterminated string at end of line
pp-fields: bad:63: not a JSON object
pp-fields: bad:124: invalid JSON: unexpected character at column 1
pp-fields: bad:206: invalid JSON: invalid literal at column 11
pp-fields: key 'nosuch' is in none of 302 records
status 2"
	grep -q '"title":"learning, no newline"' one
	[ "$(wc -l < one)" -eq 302 ]
	same_for_jobs_of pp-fields -x abstract,authors bad bad.src bad
	same_for_jobs_of pp-fields --clean --skip-missing 'year,words,t=title,*' bad
	same_for_jobs_of pp-fields 'title,n=.authors|length' bad
}

@test "-j N from standard input reads with one thread, the same records" {
	cd "$BATS_TEST_TMPDIR"
	"$TOP/tests/gen-corpus" -n 300 > in
	pp-fields -j 1 title in > one
	run bash -c "pp-fields -j 4 title < in"
	assert_success
	assert_equal "$output" "$(cat one)"
	run bash -c "cat in | pp-fields -j 4 title -"
	assert_equal "$output" "$(cat one)"
}

@test "-j needs a whole number of threads from 1" {
	run --separate-stderr pp-fields -j 0 title "$F/papers.ndjson"
	assert_failure 2
	assert_equal "$stderr" "pp-fields: -j: '0' is not between 1 and 256"
	run --separate-stderr pp-fields --jobs=x title "$F/papers.ndjson"
	assert_failure 2
}

@test "UTF-8 is checked however long the string: each wrong byte named at its column, good text across every step kept" {
	x40=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
	good="$x40"
	for i in 1 2 3 4 5 6 7 8 9 10 11 12; do good+="é€😀x"; done
	printf '%s\n' \
	    "{\"title\":\"$x40$(printf '\377')$x40\"}" \
	    "{\"title\":\"$x40$(printf '\300\257')$x40\"}" \
	    "{\"title\":\"$x40$(printf '\355\240\200')$x40\"}" \
	    "{\"title\":\"$x40$(printf '\364\220\200\200')$x40\"}" \
	    "{\"title\":\"$x40$(printf '\342\202')\"}" \
	    "{\"title\":\"$x40$(printf '\200')$x40\"}" \
	    "{\"title\":\"$good\"}" > "$BATS_TEST_TMPDIR/u.ndjson"
	run --separate-stderr pp-fields title "$BATS_TEST_TMPDIR/u.ndjson"
	[ "$status" -eq 2 ]
	for n in 1 2 3 4 5 6; do
		[[ "$stderr" == *"u.ndjson:$n: invalid JSON: invalid UTF-8 at column 51"* ]]
	done
	assert_output "{\"title\":\"$good\"}"
}
