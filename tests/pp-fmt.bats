#!/usr/bin/env bats
# pp-fmt: every output format, display-width alignment, the CSV and TSV
# round trips through the readers people use, color rules, templates, errors.

bats_require_minimum_version 1.5.0
load helper

setup() {
	D="$DATA/pp-fmt"
	P="$D/papers.ndjson"	# three papers: url, score, CJK, Markdown specials
	W="$D/wide.ndjson"	# CJK, emoji, a combining mark, a long title
	T="$D/tricky.ndjson"	# what CSV and TSV must survive
	TF=title,date,upvotes,authors,score,nested,flag
	CELLS="$D/cells.py"
	tmp="$BATS_TEST_TMPDIR"
}

# Runs a command on a terminal (script(1) gives it a pty), CRs stripped.
on_tty() {
	script -qec "$1" /dev/null | tr -d '\r'
}

# --- table ---------------------------------------------------------------

@test "-o bibtex: words with a capital of any script are braced; the key spells Ø, Æ, Ł as TeX does, not dropped" {
	run pp-fmt -o bibtex <<<'{"title":"Été Über BERT and eVTOL","authors":["Ægir Øster"],"date":"2021"}'
	assert_success
	assert_line --index 0 '@misc{oster2021ete,'
	assert_line '  title = {{Été} {Über} {BERT} and {eVTOL}},'
	run pp-fmt -o bibtex <<<'{"title":"Łódź","authors":["Paweł Łukasz"],"date":"2021"}'
	assert_line --index 0 '@misc{lukasz2021lodz,'
}

@test "-o table aligns CJK, emoji and combining marks by display cells and cuts with …" {
	run pp-fmt -o table --width 40 "$W"
	assert_success
	assert_line -n 0 "title                date        upvotes"
	assert_line -n 1 "深層学習による知識…  2024-03-01       12"
	assert_line -n 2 "Emoji 🚀🔥 transfer  2024-03-02        3"
	# an e and a combining acute: one cell
	assert_line -n 3 $'Cafe\xcc\x81 combining mar\xe2\x80\xa6  2024-03-03      105'
	assert_line -n 4 "Plain ASCII title …  2024-03-04        0"
	assert_equal "${#lines[@]}" 5
}

@test "-o table rows are never wider than --width, in display cells" {
	# (a table of four columns needs 37 cells: see CAVEATS)
	for w in 37 47 80; do
		pp-fmt -o table --width $w "$W" "$P" > "$tmp/t"
		run python3 -c '
import sys, unicodedata
w = int(sys.argv[1])
for line in open(sys.argv[2], encoding="utf-8"):
    line = line.rstrip("\n")
    cells = sum(0 if unicodedata.combining(c) else
                2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)
    if cells > w:
        print(cells, line)' $w "$tmp/t"
		assert_output ""
	done
}

@test "-o table: columns don't move when a later title is longer than the first" {
	table=$(pp-fmt -o table --width 60 "$W")
	# the date starts at the same cell on every row: 60 - 10 - 7 - 2
	for i in 2 3 4 5; do
		line=$(sed -n "${i}p" <<<"$table")
		prefix=${line%%2024-*}
		run python3 -c 'import sys, unicodedata; print(sum(2 if unicodedata.east_asian_width(c) in "WF" else 0 if unicodedata.combining(c) else 1 for c in sys.argv[1]))' "$prefix"
		assert_output 41
	done
}

@test "-o table default columns: title, date, upvotes, score as any of the first records has them" {
	run pp-fmt -o table --width 50 "$P"
	assert_success
	assert_line -n 0 "title                  date        upvotes   score"
	assert_line -n 1 "Knowledge Distillati…  2024-05-01       21   12.35"
	# issue 13: a first record without date no longer hides the dates
	run pp-fmt -o table --width 50 <(echo '{"title":"no metadata"}') "$P"
	assert_line -n 0 "title                  date        upvotes   score"
	assert_line -n 1 "no metadata"
	assert_line -n 2 "Knowledge Distillati…  2024-05-01       21   12.35"
}

@test "-o table -f chooses columns; a missing key is an empty cell; --no-header" {
	run pp-fmt -o table -f upvotes,title --width 30 --no-header "$P"
	assert_success
	assert_output - <<'EOF'
     21  Knowledge Distillati…
      1  深層学習による知識蒸…
         Pipes | stars * and …
EOF
}

@test "-o table -f: a key the first record lacks still gets room for later values" {
	printf '%s\n' '{"title":"first"}' '{"title":"second","venue":"NeurIPS 2023"}' > "$tmp/in"
	run pp-fmt -o table -f title,venue --width 40 "$tmp/in"
	assert_success
	assert_line -n 2 --regexp '^second +NeurIPS 2023$'
}

@test "-o table: an arXiv id is not cut when the first one was shorter" {
	printf '%s\n' '{"id":"0704.0001","title":"old"}' '{"id":"2303.08867","title":"new"}' > "$tmp/in"
	run pp-fmt -o table -f id,title --width 40 "$tmp/in"
	assert_success
	assert_line -n 2 --regexp '^2303.08867  new$'
}

@test "on a terminal control characters from the data are shown as ^[, in every format" {
	for o in "table -f abstract --width 200" "md -f abstract" "csv -f abstract" \
	    "tsv -f abstract" text md-list; do
		run on_tty "pp-fmt -o $o --color=never $P"
		assert_success
		refute_output --partial $'\033'
		# (Markdown escapes the bracket: ^\[)
		[[ "$output" == *"an escape ^"*"[31m sequence"* ]]
	done
	run on_tty "pp-fmt -t '{abstract}' $P"
	refute_output --partial $'\033'
	assert_line -n 3 "An abstract with a pipe | and an escape ^[[31m sequence."
	printf '%s\n' '{"title":"bell\u0007 csi\u009b del\u007f tab\tend"}' > "$tmp/c"
	run on_tty "pp-fmt -t '{title}' $tmp/c"
	assert_output $'bell^G csiM-^[ del^? tab\tend'
	# -o json: DEL and C1, which JSON lets pass raw, as \u escapes
	printf '{"title":"raw csi\xc2\x9b del\x7f"}\n' >> "$tmp/c"
	run on_tty "pp-fmt -o json --color=never $tmp/c"
	assert_success
	assert_line '  "title": "bell\u0007 csi\u009b del\u007f tab\tend"'
	assert_line '  "title": "raw csi\u009b del\u007f"'
	run sh -c "pp-fmt -o json '$tmp/c' | jq -r .title | od -c | grep -c '302 233'"
	assert_output 2
}

@test "to a pipe the bytes of values pass as they are" {
	run pp-fmt -t '{abstract}' "$P"
	assert_line -n 3 $'An abstract with a pipe | and an escape \033[31m sequence.'
	run pp-fmt -o table -f abstract --width 200 --no-header "$P"
	assert_line -n 2 $'An abstract with a pipe | and an escape \033[31m sequence.'
	run pp-fmt -o text "$P"
	assert_line -n 9 $'An abstract with a pipe | and an escape \033[31m sequence.'
}

@test "on a terminal the default is a table sized by the tty (TIOCGWINSZ), header in bold" {
	run on_tty "stty cols 44; pp-fmt $W"
	assert_success
	assert_line -n 0 $'\033[1mtitle                    date        upvotes\033[0m'
	assert_line -n 1 "深層学習による知識蒸留…  2024-03-01       12"
}

@test "COLUMNS overrides the tty width, --width overrides COLUMNS" {
	run on_tty "stty cols 44; COLUMNS=35 pp-fmt --color=never $W"
	assert_line -n 1 "深層学習によ…   2024-03-01       12"
	run on_tty "stty cols 44; COLUMNS=35 pp-fmt --color=never --width 30 $W"
	assert_line -n 1 "深層学習…  2024-03-01       12"
}

@test "on a terminal the first row is shown before the input ends" {
	script -qfec "sh -c '{ head -n 1 $W; sleep 30; } | pp-fmt --width 40'" \
	    /dev/null > "$tmp/out" &
	pid=$!
	for i in $(seq 50); do
		grep -q 2024-03-01 "$tmp/out" && break
		sleep 0.1
	done
	kill "$pid"
	wait "$pid" || true
	run tr -d '\r' < "$tmp/out"
	assert_line --partial "深層学習による知識…  2024-03-01       12"
}

# --- color ---------------------------------------------------------------

@test "no color codes in a pipe by default, in the formats for reading" {
	for o in table text json md md-list html; do
		run pp-fmt -o $o "$W"
		assert_success
		refute_output --partial $'\033'
	done
}

@test "on a terminal -o text shows titles in bold and the metadata dim" {
	run on_tty "pp-fmt -o text --width 60 $P"
	assert_success
	assert_line -n 0 $'\033[1mKnowledge Distillation: A Survey\033[0m'
	assert_line -n 1 $'\033[2mAna García, 李伟 · 2024-05-01 · 21 upvotes · score 12.35 · https://arxiv.org/abs/2006.05525\033[0m'
}

@test "NO_COLOR turns color off on a terminal; an empty NO_COLOR does not" {
	run on_tty "NO_COLOR=1 pp-fmt -o table $W"
	assert_success
	assert_line -n 0 "title                                                        date        upvotes"
	refute_output --partial $'\033'
	run on_tty "NO_COLOR= pp-fmt -o table $W"
	assert_output --partial $'\033[1mtitle'
}

@test "--color=always colors even with NO_COLOR and in a pipe; --color=never on a terminal does not" {
	NO_COLOR=1 run pp-fmt -o text --color=always "$P"
	assert_line -n 0 $'\033[1mKnowledge Distillation: A Survey\033[0m'
	assert_line -n 1 $'\033[2mAna García, 李伟 · 2024-05-01 · 21 upvotes · score 12.35 · https://arxiv.org/abs/2006.05525\033[0m'
	run pp-fmt -o json --color "$P"
	assert_line -n 1 $'  \033[34;1m"title"\033[0m: \033[32m"Knowledge Distillation: A Survey"\033[0m,'
	run on_tty "pp-fmt --color=never -o text $P"
	refute_output --partial $'\033'
}

# --- CSV and TSV ------------------------------------------------------------

@test "-o csv loads back as the same cells in Python's csv module" {
	pp-fmt -o csv -f $TF "$T" > "$tmp/o.csv"
	expected=$(python3 "$CELLS" expect $TF "$T")
	run python3 "$CELLS" csv "$tmp/o.csv"
	assert_success
	assert_output "$expected"
}

@test "-o csv loads back as the same cells in Miller" {
	pp-fmt -o csv -f $TF "$T" > "$tmp/o.csv"
	expected=$(python3 "$CELLS" expect $TF "$T")
	mlr -S --icsv --ojson cat "$tmp/o.csv" > "$tmp/m.json"
	run python3 "$CELLS" objects "$tmp/m.json"
	assert_output "$expected"
}

@test "-o csv loads back as the same cells in sqlite3 .import --csv" {
	pp-fmt -o csv -f $TF "$T" > "$tmp/o.csv"
	expected=$(python3 "$CELLS" expect $TF "$T")
	sqlite3 :memory: ".import --csv $tmp/o.csv t" '.mode json' \
	    'select * from t' > "$tmp/s.json"
	run python3 "$CELLS" objects "$tmp/s.json"
	assert_output "$expected"
}

@test "-o csv --crlf ends every row with CRLF and still loads in all three" {
	pp-fmt -o csv --crlf -f $TF "$T" > "$tmp/o.csv"
	# 8 rows; the one quoted newline inside a cell stays a bare LF
	[ "$(grep -c $'\r$' "$tmp/o.csv")" = 8 ]
	expected=$(python3 "$CELLS" expect $TF "$T")
	run python3 "$CELLS" csv "$tmp/o.csv"
	assert_output "$expected"
	mlr -S --icsv --ojson cat "$tmp/o.csv" > "$tmp/m.json"
	run python3 "$CELLS" objects "$tmp/m.json"
	assert_output "$expected"
	sqlite3 :memory: ".import --csv $tmp/o.csv t" '.mode json' \
	    'select * from t' > "$tmp/s.json"
	run python3 "$CELLS" objects "$tmp/s.json"
	assert_output "$expected"
}

@test "-o csv quotes per RFC 4180 and writes arrays joined with '; '" {
	run pp-fmt -o csv -f title,authors,upvotes --no-header "$T"
	assert_success
	assert_line -n 0 "Plain title,Ana García; 李伟,5"
	assert_line -n 1 '"Comma, ""quotes"" and'
	assert_line -n 2 'newline",,0'
	assert_line -n 3 '"""Why Should I Trust You?"": a quote first","x, y; ""z\""q""",12'
}

@test "-o csv writes a lone empty cell as \"\" so readers keep the row" {
	pp-fmt -o csv -f title "$T" > "$tmp/o.csv"
	run sed -n 8p "$tmp/o.csv"
	assert_output '""'
	expected=$(python3 "$CELLS" expect title "$T")
	run python3 "$CELLS" csv "$tmp/o.csv"
	assert_output "$expected"
	mlr -S --icsv --ojson cat "$tmp/o.csv" > "$tmp/m.json"
	run python3 "$CELLS" objects "$tmp/m.json"
	assert_output "$expected"
}

@test "-o csv without -f exports every key of the records, DESIGN's order first" {
	run pp-fmt -o csv "$P"
	assert_success
	# n_authors is only in the second record; score is not DESIGN's: last
	assert_line -n 0 "title,abstract,authors,n_authors,date,upvotes,url,score"
	assert_line -n 3 "深層学習による知識蒸留,日本語の要旨です。知識蒸留を用いた軽量モデルの学習について述べる。,,1,2024-05-02,1,,"
}

@test "-o csv -f writes the header even when there are no records" {
	run pp-fmt -o csv -f title,date < /dev/null
	assert_success
	assert_output "title,date"
}

@test "-o tsv escapes backslash, tab, newline and CR, and loads back in Python and Miller" {
	pp-fmt -o tsv -f $TF "$T" > "$tmp/o.tsv"
	run sed -n 5p "$tmp/o.tsv"
	assert_output $'Tab\\there, CR\\rhere, backslash \\\\t \\\\n \\\\\\\\ end\\\\\t\t1\tonly\t0\t\t'
	expected=$(python3 "$CELLS" expect $TF "$T")
	run python3 "$CELLS" tsv "$tmp/o.tsv"
	assert_output "$expected"
	mlr -S --itsv --ojson cat "$tmp/o.tsv" > "$tmp/m.json"
	run python3 "$CELLS" objects "$tmp/m.json"
	assert_output "$expected"
}

@test "-o tsv gives the same cells as jq's @tsv on plain values" {
	run pp-fmt -o tsv --no-header -f title,date "$P" "$W"
	assert_success
	assert_output "$(jq -r '[.title,.date]|@tsv' "$P" "$W")"
}

@test "-o tsv --crlf ends rows with CRLF" {
	run pp-fmt -o tsv --crlf -f title,date "$W"
	assert_line -n 0 $'title\tdate\r'
	assert_line -n 1 $'深層学習による知識蒸留の研究\t2024-03-01\r'
}

# --- Markdown -------------------------------------------------------------

@test "-o md writes a Markdown table with pipes escaped, numbers right-aligned" {
	run pp-fmt -o md "$P"
	assert_success
	assert_output - <<'EOF'
| title | date | upvotes | score |
| --- | --- | ---: | ---: |
| Knowledge Distillation: A Survey | 2024-05-01 | 21 | 12.3456 |
| 深層学習による知識蒸留 | 2024-05-02 | 1 |  |
| Pipes \| stars \* and \[brackets\] | 2024-05-03 |  |  |
EOF
}

@test "-o md escapes ~, which GitHub would take for strikethrough" {
	printf '%s\n' '{"title":"layers 10~20 then 30~40"}' > "$tmp/in"
	run pp-fmt -o md "$tmp/in"
	assert_success
	assert_line -n 2 '| layers 10\~20 then 30\~40 |'
}

@test "-o md keeps a row on one line when a value has newlines" {
	run pp-fmt -o md -f title "$T"
	assert_line -n 3 '| Comma, "quotes" and newline |'
	[ "${#lines[@]}" = 9 ]
}

@test "-o md-list links titles to url when present, then metadata and abstract" {
	run pp-fmt -o md-list "$P"
	assert_success
	assert_output - <<'EOF'
- **[Knowledge Distillation: A Survey](https://arxiv.org/abs/2006.05525)**

  *Ana García, 李伟 · 2024-05-01 · 21 upvotes · score 12.35*

  We review methods that transfer knowledge from a large teacher to a small student, with examples.

- **深層学習による知識蒸留**

  *1 author · 2024-05-02 · 1 upvote*

  日本語の要旨です。知識蒸留を用いた軽量モデルの学習について述べる。

- **Pipes \| stars \* and \[brackets\]**

  *2024-05-03*

  An abstract with a pipe \| and an escape \[31m sequence.

EOF
}

# --- text -------------------------------------------------------------------

@test "-o md-list: an abstract that begins like a list item stays a paragraph" {
	printf '%s\n' '{"title":"a","abstract":"- We propose"}' \
	    '{"title":"b","abstract":"+ plus"}' '{"title":"c","abstract":"2023. A year"}' \
	    '{"title":"d","abstract":"3) three"}' '{"title":"e","abstract":"1.5-bit -x"}' > "$tmp/in"
	run pp-fmt -o md-list "$tmp/in"
	assert_success
	assert_line -n 1 '  \- We propose'
	assert_line -n 3 '  \+ plus'
	assert_line -n 5 '  2023\. A year'
	assert_line -n 7 '  3\) three'
	assert_line -n 9 '  1\.5-bit -x'
}

@test "in a pipe the default is the text reading list, wrapped by display cells" {
	run pp-fmt --width 40 "$P"
	assert_success
	assert_output - <<'EOF'
Knowledge Distillation: A Survey
Ana García, 李伟 · 2024-05-01 · 21 upvotes · score 12.35 · https://arxiv.org/abs/2006.05525
We review methods that transfer
knowledge from a large teacher to a
small student, with examples.

深層学習による知識蒸留
1 author · 2024-05-02 · 1 upvote
日本語の要旨です。知識蒸留を用いた軽量モ
デルの学習について述べる。

Pipes | stars * and [brackets]
2024-05-03
An abstract with a pipe | and an escape
[31m sequence.
EOF
}

@test "-o text wraps at 80 cells without COLUMNS or a terminal" {
	run pp-fmt -o text "$D/../arxiv-metadata-snapshot-50.ndjson"
	assert_success
	python3 -c '
import sys
for l in sys.stdin.read().splitlines():
    assert len(l) <= 80 or " · " in l, l' <<<"$output"
	COLUMNS=50 run pp-fmt -o text "$P"
	assert_line -n 2 "We review methods that transfer knowledge from a"
}

# --- templates -------------------------------------------------------------

@test "-t substitutes keys, pads and cuts {key:N} by cells, keeps {{ }} and \\n \\t" {
	run --separate-stderr pp-fmt -t '[{title:10}] {{{date}}}\t{authors}|{nope}|\n--' "$P"
	assert_success
	assert_equal "$stderr" "pp-fmt: key 'nope' is in none of 3 records"
	assert_output - <<'EOF'
[Knowledge…] {2024-05-01}	Ana García; 李伟||
--
[深層学習… ] {2024-05-02}	||
--
[Pipes | s…] {2024-05-03}	||
--
EOF
}

@test "-t {key:>N} right-aligns, by display cells" {
	run pp-fmt -t '{upvotes:>3}|{title:>12}|' "$W"
	assert_success
	assert_line -n 0 " 12| 深層学習に…|"
	assert_line -n 1 "  3|Emoji 🚀🔥 …|"
	assert_line -n 2 $'105|Cafe\xcc\x81 combin\xe2\x80\xa6|'
}

@test "-t {key:N} writes a number or an id whole, as a table does, and cuts a string" {
	# a number cut short would be another number: 12345 is not "123…"
	run --separate-stderr pp-fmt -t '{upvotes:>4}|{id:5}|{title:3}|{year:2}|' <<'EOF'
{"title":"Long title","upvotes":12345,"id":"2401.00001","year":2024}
{"title":"T","upvotes":7,"id":"1"}
EOF
	assert_success
	assert_output - <<'EOF'
12345|2401.00001|Lo…|2024|
   7|1    |T  |  |
EOF
}

@test "-t {key:N} off a terminal pads a title holding DEL by its display cells" {
	# DEL passes as it is in a pipe and takes no cell: "a<DEL>b" is two
	# cells wide and gets three spaces, as "ab" would
	run pp-fmt -t '{title:5}|' <<<'{"title":"a\u007fb"}'
	assert_success
	assert_output $'a\x7fb   |'
}

@test "-t writes numbers, booleans, arrays and objects as text; null as nothing" {
	run pp-fmt -t '{upvotes}|{score}|{flag}|{nested}|{authors}' "$T"
	assert_success
	assert_line -n 2 "12||||x, y; z\"q"
	assert_line -n 4 "100000|7|||1; true; ; s"
	assert_line -n 5 "2|1||{\"k\":[1,2]}|a"
	assert_line -n 6 "||false||b"
}

@test "-t rejects a lone }, an unclosed {, an empty key and a bad width" {
	for t in 'a } b' '{title' '{}' '{title:x}' '{title:0}' '{title:}' \
	    '{title:>}' '{title:<3}' '{:3}'; do
		run --separate-stderr pp-fmt -t "$t" "$P"
		assert_failure 2
		assert_output ""
		[[ "$stderr" == "pp-fmt: template: "* ]]
	done
}

# --- JSON -------------------------------------------------------------------

@test "-o json pretty-prints as jq . does" {
	run pp-fmt -o json "$P" "$T" "$DATA/arxiv-metadata-snapshot-50.ndjson"
	assert_success
	assert_output "$(jq . "$P" "$T" "$DATA/arxiv-metadata-snapshot-50.ndjson")"
}

@test "-o json keeps big integers exactly" {
	run pp-fmt -o json <<<'{"n":123456789012345678901234567890,"e":[],"o":{}}'
	assert_output - <<'EOF'
{
  "n": 123456789012345678901234567890,
  "e": [],
  "o": {}
}
EOF
}

@test "-o ndjson writes records byte for byte" {
	printf '{ "b" : 1 ,"a":"\\u00e9"}\n{"x":[1, 2.50]}\n' > "$tmp/in"
	pp-fmt -o ndjson "$tmp/in" "$T" > "$tmp/out"
	cat "$tmp/in" "$T" | cmp - "$tmp/out"
}

# --- errors ------------------------------------------------------------------

@test "an unknown -o is a usage error" {
	run --separate-stderr pp-fmt -o yaml "$P"
	assert_failure 2
	assert_output ""
	[[ "$stderr" == *"-o: unknown format 'yaml'"* ]]
	[[ "$stderr" == *"usage: pp-fmt "* ]]
}

@test "a bad --width is a usage error" {
	for w in abc 0 -3 12x 100001; do
		run --separate-stderr pp-fmt --width "$w" "$P"
		assert_failure 2
		assert_output ""
		[[ "$stderr" == *"--width: '$w'"* ]]
	done
}

@test "a bad --color, a bad option and options that don't go together are usage errors" {
	for args in "--color=sometimes" "--bogus" "-o json -f title" \
	    "-o text --no-header" "-o table --crlf" "-t {title} -o csv"; do
		run --separate-stderr pp-fmt $args "$P"
		assert_failure 2
		assert_output ""
		[[ "$stderr" == *"usage: pp-fmt "* ]]
	done
}

@test "an invalid JSON line is reported as FILE:LINE, status 2, and the run goes on" {
	printf '{"title":"one"}\n{"title": oops}\n[1]\n{"title":"two"}\n' > "$tmp/bad"
	run --separate-stderr pp-fmt -o csv -f title "$tmp/bad"
	assert_failure 2
	assert_output $'title\none\ntwo'
	[[ "$stderr" == *"pp-fmt: $tmp/bad:2: invalid JSON"* ]]
	[[ "$stderr" == *"pp-fmt: $tmp/bad:3: not a JSON object"* ]]
}

@test "a missing file among good ones is reported, status 2, the others written" {
	run --separate-stderr pp-fmt -o tsv -f date "$P" "$tmp/nonexistent" "$W"
	assert_failure 2
	assert_equal "${#lines[@]}" 8
	assert_line -n 7 "2024-03-04"
	[[ "$stderr" == "pp-fmt: $tmp/nonexistent: No such file or directory" ]]
}

@test "a failed write (> /dev/full) is an error with a message, status 2" {
	for o in table csv text json; do
		run --separate-stderr sh -c "pp-fmt -o $o '$P' > /dev/full"
		assert_failure 2
		[[ "$stderr" == *"pp-fmt: write error: No space left on device"* ]]
	done
}

@test "a closed pipe ends pp-fmt quietly" {
	run --separate-stderr sh -c "for i in \$(seq 3000); do cat '$P'; done | pp-fmt -o csv | head -n 1"
	assert_success
	assert_output "title,abstract,authors,n_authors,date,upvotes,url,score"
	assert_equal "$stderr" ""
}

@test "-h prints the synopsis of the man page and a line per option; -V the version" {
	run pp-fmt -h
	assert_success
	assert_line -n 0 "usage: pp-fmt [-o FORMAT] [-f FIELDS] [-t TEMPLATE] [--width N]"
	for o in -o -f -t --width --color --no-header --crlf --arrays --help --version; do
		assert_line --regexp "^ +(-[a-zA-Z], )?$o"
	done
	# word for word the SYNOPSIS of the man page
	usage=$(pp-fmt -h | sed '/^$/,$d' | sed 's/^usage: //' | tr -s ' \t\n' ' ')
	synopsis=$(mandoc -Tascii "$TOP/man/pp-fmt.1" | col -b |
	    sed -n '/^SYNOPSIS/,/^DESCRIPTION/p' | sed '1d;$d' | tr -s ' \t\n' ' ')
	assert_equal "$usage" "${synopsis# }"
	run pp-fmt -V
	assert_success
	assert_output --regexp '^pp-fmt [0-9]'
}

@test "-o table: counts, scores and ids are never cut: widths from every held record, and a later wider one is written whole" {
	printf '%s\n' '{"title":"a","upvotes":3}' '{"title":"b","upvotes":12345678}' \
	    '{"title":"d","id":"astro-ph/0701001","score":12345.5}' > "$tmp/in"
	run pp-fmt -o table --width 80 "$tmp/in"
	assert_success
	assert_line --partial '12345678'
	assert_line --partial 'astro-ph/0701001'
	assert_line --partial '12345.50'
	refute_output --partial '…'
	{ for i in $(seq 300); do echo '{"title":"x","upvotes":1}'; done
	  echo '{"title":"late","upvotes":123456789012}'; } > "$tmp/late"
	run pp-fmt -o table --width 60 "$tmp/late"
	assert_success
	assert_line --index 301 --regexp '^late +123456789012$'
}

@test "-o table: a long odd value of a known key does not widen the table" {
	# found by the pp-fmt fuzz target: a 200-character date made the
	# date column 200 cells wide, whatever --width said
	long=$(printf 'x%.0s' $(seq 200))
	run --separate-stderr pp-fmt -o table --width 60 \
	    <<< "{\"title\":\"A paper\",\"date\":\"$long\",\"upvotes\":3}"
	assert_success
	widths=$(printf '%s\n' "$output" | python3 -c \
	    'import sys; print(max(len(l.rstrip("\n")) for l in sys.stdin))')
	[ "$widths" -le 60 ]
	[[ "${lines[1]}" == *"xxx…"* ]]
}

@test "every command of the man page's EXAMPLES runs as typed" {
	run_man_examples pp-fmt.1
}

# --- issue 13: columns from a look-ahead, nothing dropped silently ---------

@test "-o csv without -f: the columns come from the first records, not the first one alone" {
	# after ranking, the first record had no date: the dates were lost
	printf '%s\n' '{"title":"a","score":3}' '{"title":"b","date":"2024-01-02","score":2}' \
	    '{"title":"c","upvotes":4,"date":"2024-01-03","score":1}' > "$tmp/in"
	run --separate-stderr pp-fmt -o csv "$tmp/in"
	assert_success
	assert_output $'title,date,upvotes,score\na,,,3\nb,2024-01-02,,2\nc,2024-01-03,4,1'
	assert_equal "$stderr" ""
	run pp-fmt -o table --width 40 "$tmp/in"
	assert_line -n 0 "title        date        upvotes   score"
}

@test "a key first seen after the look-ahead is reported once, with the record number and the -f that shows it" {
	for i in $(seq 300); do
		if [ "$i" -ge 280 ]; then
			echo "{\"title\":\"t$i\",\"date\":\"2024-01-01\",\"venue\":\"V$i\",\"year\":2024}"
		else
			echo "{\"title\":\"t$i\",\"date\":\"2024-01-01\"}"
		fi
	done > "$tmp/in"
	run --separate-stderr pp-fmt -o csv "$tmp/in"
	assert_failure 2
	assert_equal "${#lines[@]}" 301
	assert_equal "$stderr" "pp-fmt: $tmp/in:280: record 280 has key 'venue', which no column shows (the columns come from the first 256 records); -f title,date,venue shows it
pp-fmt: $tmp/in:280: record 280 has key 'year', which no column shows (the columns come from the first 256 records); -f title,date,year shows it"
	# the table leaves DESIGN's long texts (venue) to csv and text, but
	# a key of the user's own (year, from pp-fields) is reported
	run --separate-stderr pp-fmt -o table "$tmp/in"
	assert_failure 2
	assert_equal "$stderr" "pp-fmt: $tmp/in:280: record 280 has key 'year', which no column shows (the columns come from the first 256 records); -f title,date,year shows it"
	# within the look-ahead every key gets its column
	run --separate-stderr pp-fmt -o csv <(tail -n 200 "$tmp/in")
	assert_success
	assert_line -n 0 "title,date,venue,year"
}

# --- issue 12: keys as everywhere, numbers, help ----------------------------

@test "-f keys that no record has are reported once at the end, naming the key and the count" {
	run --separate-stderr pp-fmt -o csv -f .title,titel,date "$P"
	assert_success
	assert_line -n 0 ".title,titel,date"
	assert_equal "$stderr" "pp-fmt: key '.title' is in none of 3 records
pp-fmt: key 'titel' is in none of 3 records"
	# a key some record has is not reported
	run --separate-stderr pp-fmt -o csv -f title,score "$P"
	assert_equal "$stderr" ""
}

@test "-f takes comma lists and nested paths (submittedBy.fullname)" {
	printf '%s\n' '{"title":"a","submittedBy":{"fullname":"Ana García","user":{"name":"ana"}}}' \
	    '{"title":"b","submittedBy":null}' > "$tmp/in"
	run --separate-stderr pp-fmt -o csv -f title,submittedBy.fullname,submittedBy.user.name "$tmp/in"
	assert_success
	assert_output $'title,submittedBy.fullname,submittedBy.user.name\na,Ana García,ana\nb,,'
	assert_equal "$stderr" ""
	run pp-fmt -t '{submittedBy.fullname}|{title}' "$tmp/in"
	assert_output $'Ana García|a\n|b'
}

@test "--width takes a whole number, worded as every program words it" {
	run --separate-stderr pp-fmt --width abc "$P"
	assert_failure 2
	[[ "$stderr" == "pp-fmt: --width: 'abc' is not a whole number"* ]]
	run --separate-stderr pp-fmt --width 0 "$P"
	assert_failure 2
	[[ "$stderr" == "pp-fmt: --width: '0' is not between 1 and 100000"* ]]
}

# --- CSV and TSV arrays ----------------------------------------------------

@test "-o csv: names holding ';' or a quote survive a round trip (split at '; ', JSON strings whole)" {
	printf '%s\n' '{"authors":["Ana García","Smith; John","Li \"Leo\" Wei","[x]","plain"]}' \
	    '{"authors":["x, y","z\"q"]}' '{"authors":["x, y; z\"q"]}' '{"authors":[]}' > "$tmp/in"
	pp-fmt -o csv -f authors "$tmp/in" > "$tmp/o.csv"
	run python3 "$CELLS" arrays "$tmp/o.csv" authors
	assert_output "$(python3 -c 'import json, sys
print(json.dumps([json.loads(l)["authors"] for l in open(sys.argv[1])], ensure_ascii=False))' "$tmp/in")"
	# people still read "; " joins
	run sed -n 2p "$tmp/o.csv"
	assert_output "\"Ana García; \"\"Smith; John\"\"; \"\"Li \\\"\"Leo\\\"\" Wei\"\"; \"\"[x]\"\"; plain\""
}

@test "--arrays json writes arrays in tsv and csv cells as JSON" {
	run pp-fmt -o tsv --arrays json -f title,authors "$P"
	assert_line -n 1 $'Knowledge Distillation: A Survey\t["Ana García","李伟"]'
	run --separate-stderr pp-fmt -o text --arrays json "$P"
	assert_failure 2
	run --separate-stderr pp-fmt -o csv --arrays yaml "$P"
	assert_failure 2
}

# --- empty input -------------------------------------------------------------

@test "empty input: csv, tsv and md write their empty frame with -f; table and text nothing" {
	run pp-fmt -o csv -f title,date < /dev/null
	assert_output "title,date"
	run pp-fmt -o tsv -f title,date < /dev/null
	assert_output $'title\tdate'
	run pp-fmt -o md -f title < /dev/null
	assert_output $'| title |\n| --- |'
	for o in table text md-list json ndjson bibtex; do
		run pp-fmt -o $o < /dev/null
		assert_success
		assert_output ""
	done
	# without -f no column is known
	run pp-fmt -o csv < /dev/null
	assert_output ""
}

@test "empty input: -o html writes a whole page that says there are no papers" {
	pp-fmt -o html < /dev/null > "$tmp/o.html"
	run grep -c "No papers" "$tmp/o.html"
	assert_output 1
	run tidy -errors -q "$tmp/o.html"
	assert_success
}

# --- text and md-list: the metadata line ---------------------------------

@test "-o text metadata: three authors then et al., date, upvotes, comments, score, url or arXiv id" {
	printf '%s\n' '{"title":"T","authors":["A One","B Two","C Three","D Four"],"date":"2024-01-02","upvotes":5,"n_comments":1,"id":"2401.00001","score":0.5}' \
	    '{"title":"U","authors":["A One"],"n_authors":7,"n_comments":3,"id":"2401.00002","url":"https://x.org/u"}' > "$tmp/in"
	run pp-fmt -o text "$tmp/in"
	assert_line -n 1 "A One, B Two, C Three et al. · 2024-01-02 · 5 upvotes · 1 comment · score 0.50 · arXiv:2401.00001"
	assert_line -n 3 "A One et al. · 3 comments · https://x.org/u"
	run pp-fmt -o md-list "$tmp/in"
	assert_line -n 1 "  *A One, B Two, C Three et al. · 2024-01-02 · 5 upvotes · 1 comment · score 0.50 · arXiv:2401.00001*"
	# the title links to the url already
	assert_line -n 2 "- **[U](https://x.org/u)**"
	assert_line -n 3 "  *A One et al. · 3 comments · arXiv:2401.00002*"
}

@test "-o text and md-list: -f chooses what the metadata line shows, in its order" {
	run pp-fmt -o text -f upvotes,date,url "$P"
	assert_line -n 1 "21 upvotes · 2024-05-01 · https://arxiv.org/abs/2006.05525"
	assert_line -n 5 "1 upvote · 2024-05-02"
	run pp-fmt -o md-list -f n_authors,authors "$P"
	assert_line -n 1 "  *Ana García, 李伟*"
	assert_line -n 4 "  *1 author*"
}

# --- BibTeX ------------------------------------------------------------------

# The example pages, as pp-split reads them.
pages() {
	ls "$D"/*.ndjson | grep -v -e /papers. -e /tricky. -e /wide.
}

# Runs Debian's bibtex with the plain style on $1, citing every entry.
run_bibtex() {
	mkdir -p "$tmp/tex"
	cp "$1" "$tmp/tex/t.bib"
	printf '\\citation{*}\n\\bibdata{t}\n\\bibstyle{plain}\n' > "$tmp/tex/t.aux"
	run sh -c "cd '$tmp/tex' && bibtex t"
}

@test "-o bibtex: Debian's bibtex reads the output of every example page without a warning" {
	command -v bibtex >/dev/null || skip "bibtex is not installed (Debian: texlive-binaries)"
	for f in $(pages) "$P" "$T" "$W"; do
		pp-fmt -o bibtex "$f" > "$tmp/o.bib"
		run_bibtex "$tmp/o.bib"
		assert_success
		refute_output --partial Warning
		refute_output --partial error
		# one entry per record
		[ "$(grep -c '^@' "$tmp/o.bib")" = "$(grep -c . "$f")" ]
	done
}

@test "-o bibtex: TeX specials escaped, braces that cannot unbalance, names as Last, First" {
	printf '%s\n' '{"title":"Unbalanced { and } } with \\ and 50% of $x_1$ & #1 ~ ^ for BERT","authors":["Ludwig van Beethoven","Martin Luther King Jr.","ATLAS Collaboration","Smith, John","Élodie Dupré"],"n_authors":9,"date":"2020-03-04","id":"astro-ph/0701001","categories":["astro-ph","hep-th"],"doi":"10.1000/{x}","url":"https://x.org/a b"}' > "$tmp/in"
	run pp-fmt -o bibtex "$tmp/in"
	assert_success
	assert_output - <<'OUT'
@misc{vanbeethoven2020unbalanced,
  author = {van Beethoven, Ludwig and King, Jr., Martin Luther and {ATLAS Collaboration} and Smith, John and Dupré, Élodie and others},
  title = {{Unbalanced} \textbraceleft{} and \textbraceright{} \textbraceright{} with \textbackslash{} and 50\% of \$x\_1\$ \& \#1 \textasciitilde{} \^{} for {BERT}},
  year = {2020},
  month = mar,
  eprint = {astro-ph/0701001},
  archivePrefix = {arXiv},
  primaryClass = {astro-ph},
  doi = {10.1000/%7Bx%7D},
  url = {https://x.org/a%20b},
}
OUT
	command -v bibtex >/dev/null || skip "bibtex is not installed (Debian: texlive-binaries)"
	pp-fmt -o bibtex "$tmp/in" > "$tmp/o.bib"
	run_bibtex "$tmp/o.bib"
	assert_success
	refute_output --partial Warning
	# the authors, as plain.bst prints them
	run grep -c '^Ludwig van Beethoven, Martin~Luther King, Jr., {ATLAS Collaboration}, John$' "$tmp/tex/t.bbl"
	assert_output 1
}

@test "-o bibtex: keys are lastnameYEARfirstword, ASCII, unique in the output; a venue makes an @article" {
	printf '%s\n' '{"title":"The Deep Nets","authors":["Ana García"],"date":"2024-05-01","venue":"J. Things 3"}' \
	    '{"title":"The Deep Nets","authors":["Ana García"],"date":"2024-05-01"}' \
	    '{"title":"The Deep Nets","authors":["Ana García"],"date":"2024"}' \
	    '{"title":"深層学習","date":"2024-05-02"}' > "$tmp/in"
	run pp-fmt -o bibtex "$tmp/in"
	assert_success
	run grep '^@' <<<"$output"
	assert_output $'@article{garcia2024deep,\n@misc{garcia2024deepa,\n@misc{garcia2024deepb,\n@misc{anon2024,'
	run pp-fmt -o bibtex "$tmp/in"
	assert_line '  journal = {J. Things 3},'
	# sorting needs an author or a key
	assert_line '  key = {anon2024},'
}

# --- HTML --------------------------------------------------------------------

@test "-o html: every example page is one valid page (tidy -errors), self-contained" {
	command -v tidy >/dev/null || skip "tidy is not installed (Debian: tidy)"
	for f in $(pages) "$P" "$T" "$W"; do
		pp-fmt -o html "$f" > "$tmp/o.html"
		run tidy -errors -q "$tmp/o.html"
		assert_success
		assert_output ""
		# no script, nothing loaded from the network
		run grep -i -E '<script|<link|src=|@import|url\(' "$tmp/o.html"
		assert_failure
		[ "$(grep -c '^<li>' "$tmp/o.html")" = "$(grep -c . "$f")" ]
	done
	run pp-fmt -o html "$P"
	assert_output --partial '<meta name="viewport" content="width=device-width, initial-scale=1">'
	assert_output --partial '@media (prefers-color-scheme: dark)'
	assert_output --partial '@media print'
	assert_line '<h2><a href="https://arxiv.org/abs/2006.05525">Knowledge Distillation: A Survey</a></h2>'
	assert_line '<p class="meta">Ana García, 李伟 · 2024-05-01 · 21 upvotes · score 12.35</p>'
	assert_line '<details><summary>Abstract</summary>'
}

@test "-o html escapes every value: a hostile title shows as text, javascript: is no link" {
	printf '%s\n' '{"title":"<script>alert(1)</script> & \"q\" '"'"'s'"'"'","url":"javascript:alert(1)","abstract":"a <b>bold</b> \u001b[31m claim","authors":["A <i>B</i>"]}' \
	    '{"title":"ok","url":"https://e.org/?a=1&b=2\"><script>x</script>"}' > "$tmp/in"
	run pp-fmt -o html "$tmp/in"
	assert_success
	assert_line '<h2>&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot; &#39;s&#39;</h2>'
	assert_line '<p class="meta">A &lt;i&gt;B&lt;/i&gt; · javascript:alert(1)</p>'
	assert_line '<p>a &lt;b&gt;bold&lt;/b&gt; �[31m claim</p>'
	assert_line '<h2><a href="https://e.org/?a=1&amp;b=2%22%3E%3Cscript%3Ex%3C/script%3E">ok</a></h2>'
	refute_output --partial '<script>'
	refute_output --partial 'href="javascript'
	command -v tidy >/dev/null || skip "tidy is not installed (Debian: tidy)"
	pp-fmt -o html "$tmp/in" | tidy -errors -q
}

# --- golden files --------------------------------------------------------

# tests/data/pp-fmt/NAME.FORMAT.out is pp-fmt -o FORMAT --width 80 of
# NAME.ndjson, as mandoc's regress keeps its expected output.  After a
# deliberate change, write them again with
#   cd tests/data/pp-fmt && for o in *.*.out; do b=${o%.out}
#     ../../../cmd/pp-fmt -o ${b##*.} --width 80 ${b%.*}.ndjson > $o; done
@test "golden files: every format on the bundled example pages" {
	local out base n=0
	for out in "$D"/*.*.out; do
		base=${out%.out}
		pp-fmt -o "${base##*.}" --width 80 "${base%.*}.ndjson" \
		    > "$tmp/got" 2> "$tmp/err" || { echo "$out: status $?"; return 1; }
		[ ! -s "$tmp/err" ] || { echo "$out: $(cat "$tmp/err")"; return 1; }
		diff -u "$out" "$tmp/got" || { echo "$out differs"; return 1; }
		n=$((n + 1))
	done
	# nine inputs, ten formats
	[ "$n" -eq 90 ]
}

@test "-o bibtex round trip: pp-split reads back the same titles, authors, ids and dates (year and month)" {
	pp-split --format list 2>/dev/null | grep -q '^bibtex' ||
	    skip "pp-split has no BibTeX reader yet (issue 11)"
	for f in $(pages); do
		pp-fmt -o bibtex "$f" | pp-split --format bibtex > "$tmp/back"
		keys='[.[] | [.title, .authors, .id, (.date // "" | .[0:7])]]'
		run jq -c -s "$keys" "$tmp/back"
		# BibTeX names come back "First Last", as DESIGN has them, also
		# where the source gave "Last, First" (the Zotero export)
		assert_output "$(jq -c -s "$keys"' | map(.[1] |= (. // [] |
		    map(if test(", ") then (split(", ") | .[1] + " " + .[0])
		    else . end)) | if .[1] == [] then .[1] = null else . end)' "$f")"
	done
}

@test "-o bibtex round trip: TeX's special characters in a title come back as they were" {
	pp-split --format list 2>/dev/null | grep -q '^bibtex' ||
	    skip "pp-split has no BibTeX reader yet (issue 11)"
	title='Sets {x | y}, 5$, <tags>, 100% of a_b & c#d ~e ^f \g'
	jq -n -c --arg t "$title" '{title: $t, authors: ["Ann Lee"], date: "2020-01-02"}' |
	    pp-fmt -o bibtex > "$tmp/s.bib"
	run --separate-stderr pp-split "$tmp/s.bib"
	assert_success
	run jq -r .title <<<"$output"
	assert_output "$title"
}

@test "-o html: -f chooses the metadata line, as for text" {
	run pp-fmt -o html -f date,upvotes "$P"
	assert_success
	assert_line '<p class="meta">2024-05-01 · 21 upvotes</p>'
	assert_line '<p class="meta">2024-05-03</p>'
}

# --- threads ---------------------------------------------------------------

@test "-j N writes what one thread writes in every format, messages with the same FILE:LINE, in order" {
	cd "$tmp"
	"$TOP/tests/gen-corpus" -n 300 > bad.src
	make_jobs_corpus bad
	same_for_jobs_of pp-fmt -o tsv -f title,date,nosuch bad
	assert_equal "$(head -n 4 one.err)" "pp-fmt: bad:61: invalid JSON: unterminated string at end of line
pp-fmt: bad:63: not a JSON object
pp-fmt: bad:124: invalid JSON: unexpected character at column 1
pp-fmt: bad:206: invalid JSON: invalid literal at column 11"
	[ "$(head -n 1 one)" = $'title\tdate\tnosuch' ]
	[ "$(wc -l < one)" -eq 303 ]
	same_for_jobs_of pp-fmt -o csv -f title,authors,id --crlf bad bad.src
	same_for_jobs_of pp-fmt -o ndjson bad
	same_for_jobs_of pp-fmt -o md-list -f date,id bad
	same_for_jobs_of pp-fmt -t '{title:40}|{upvotes:>5}|{nope}' bad
	same_for_jobs_of pp-fmt -o tsv bad
	same_for_jobs_of pp-fmt -o text --width 60 bad
	same_for_jobs_of pp-fmt -o bibtex bad.src bad.src
	same_for_jobs_of pp-fmt -o json bad
}

@test "-j needs a whole number of threads from 1" {
	run --separate-stderr pp-fmt -j 0 "$P"
	assert_failure 2
	assert_equal "$stderr" "pp-fmt: -j: '0' is not between 1 and 256"
}
