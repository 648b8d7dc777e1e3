#!/usr/bin/env bats
# Hostile, truncated and malformed input, for every program that reads
# records: each row of the bad-input matrix is run against pp-fields,
# pp-grep, pp-rank and pp-fmt.  The promise (DESIGN.md) is the same
# everywhere: the good records all come out, a bad line is named with
# FILE:LINE, the status is 2 after an error, nothing crashes or hangs.
# pp-split, which reads raw pages, gets the rows that apply to it.
# Then invariants on a 100,000-record generated corpus.
#
# Every good record has "Good" in its title, so each program's plain
# invocation below keeps them all.  Every bad line has it too: pp-grep
# does not parse a line that cannot match (a prefilter on the raw text),
# so only a line that might match is one it can report.  A program not
# built yet is skipped.

load helper
bats_require_minimum_version 1.5.0

H="$DATA/hardening"

# The plain invocation of $1 used by the matrix, into the array PP.
use() {
	[ -x "$TOP/cmd/$1" ] || skip "$1 is not built yet"
	case $1 in
	pp-fields)	PP=(pp-fields -x abstract) ;;
	pp-grep)	PP=(pp-grep -i good) ;;
	pp-rank)	PP=(pp-rank good) ;;
	pp-fmt)		PP=(pp-fmt -o tsv) ;;
	pp-split)	PP=(pp-split) ;;
	esac
	prog=$1
}

sanitized() {
	grep -q fsanitize "$TOP/common/.flags" 2>/dev/null
}

# alpha, the lines given (printf format and arguments), omega, into $f.
between() {
	f=$BATS_TEST_TMPDIR/input.ndjson
	{
		cat "$H/alpha.ndjson"
		printf "$@"
		cat "$H/omega.ndjson"
	} > "$f"
}

# How many lines of stdout contain $1.
count() {
	local n=0 l
	for l in "${lines[@]}"; do
		[[ $l == *"$1"* ]] && n=$((n + 1))
	done
	echo "$n"
}

# Both good records came out, once each.
good_out() {
	[ "$(count 'Good alpha')" -eq 1 ] || { echo "alpha: $output" | head -c 2000; return 1; }
	[ "$(count 'Good omega')" -eq 1 ] || { echo "omega: $output" | head -c 2000; return 1; }
}

# The run ended normally (no signal, no sanitizer report), with status $1.
status_is() {
	if [ "$status" -ne "$1" ]; then
		echo "status $status, expected $1; stderr:"
		echo "$stderr" | head -c 2000
		return 1
	fi
	[[ $stderr != *Sanitizer* && $stderr != *"runtime error"* ]] || {
		echo "$stderr" | head -c 2000
		return 1
	}
}

# stderr names $1 (FILE:LINE) after the program's name.
names() {
	[[ $stderr == *"$prog: $1"* ]] || {
		echo "stderr does not name '$prog: $1':"
		echo "$stderr" | head -c 2000
		return 1
	}
}

# The status of a run over nothing: pp-grep selected nothing.
none_status() {
	# pp-grep, and pp-rank with a query: 1 when nothing matched
	case $prog in pp-grep|pp-rank) echo 1 ;; *) echo 0 ;; esac
}

# --- the matrix ------------------------------------------------------------

row_empty_input() {
	use "$1"
	: > "$BATS_TEST_TMPDIR/empty"
	run --separate-stderr "${PP[@]}" "$BATS_TEST_TMPDIR/empty"
	status_is "$(none_status)"
	[ -z "$stderr" ]
	# nothing, or for pp-fmt at most a header row
	[ -z "$output" ] || { [ "$prog" = pp-fmt ] && [ "${#lines[@]}" -le 1 ]; }
	run --separate-stderr "${PP[@]}" < "$BATS_TEST_TMPDIR/empty"
	status_is "$(none_status)"
	[ -z "$stderr" ]
}

row_blank_lines_only() {
	use "$1"
	printf '\n   \n\t\n\r\n\n' > "$BATS_TEST_TMPDIR/blank"
	run --separate-stderr "${PP[@]}" "$BATS_TEST_TMPDIR/blank"
	status_is "$(none_status)"
	[ -z "$stderr" ]
	[ -z "$output" ] || { [ "$prog" = pp-fmt ] && [ "${#lines[@]}" -le 1 ]; }
}

row_not_json() {
	use "$1"
	between 'Good: this line is not JSON\n'
	run --separate-stderr "${PP[@]}" "$f"
	status_is 2
	names "$f:2:"
	good_out
}

row_not_an_object() {
	use "$1"
	between '[{"title":"Good array"}]\n"Good string"\n["Good", 42, null]\n{"title":"Good"} {}\n'
	run --separate-stderr "${PP[@]}" "$f"
	status_is 2
	names "$f:2:"
	names "$f:3:"
	names "$f:4:"
	names "$f:5:"
	good_out
}

row_key_of_the_wrong_type() {
	use "$1"
	between '%s\n' '{"title":5,"authors":"x","abstract":["Good wrong"],"date":7,"upvotes":"many","n_authors":"two","categories":{"a":1}}'
	run --separate-stderr "${PP[@]}" "$f"
	# a JSON object is a record: any key may hold anything
	status_is 0
	good_out
	# everything that writes every record writes this one too
	[ "$prog" = pp-grep ] || [ "${#lines[@]}" -ge 3 ]
}

row_truncated_last_line() {
	use "$1"
	f=$BATS_TEST_TMPDIR/input.ndjson
	{ cat "$H/alpha.ndjson"; printf '%s' "$(cat "$H/omega.ndjson")"; } > "$f"
	run --separate-stderr "${PP[@]}" "$f"
	status_is 0
	[ -z "$stderr" ]
	good_out
	# cut in the middle of a record: reported, the rest written
	{ cat "$H/alpha.ndjson" "$H/omega.ndjson"; printf '{"title":"Good cut, abst'; } > "$f"
	run --separate-stderr "${PP[@]}" "$f"
	status_is 2
	names "$f:3:"
	good_out
}

row_invalid_utf8() {
	use "$1"
	between '{"title":"Good? \377\376 bytes","abstract":"x"}\n{"title":"Good? \300\257 overlong"}\n{"title":"Good? \355\240\200 surrogate"}\n'
	run --separate-stderr "${PP[@]}" "$f"
	status_is 2
	names "$f:2:"
	names "$f:3:"
	names "$f:4:"
	good_out
}

row_nul_bytes() {
	use "$1"
	between '{"title":"Good? \000 NUL inside"}\n\000 Good\n{"title":"Good?"}\000\n'
	run --separate-stderr "${PP[@]}" "$f"
	status_is 2
	names "$f:2:"
	names "$f:3:"
	names "$f:4:"
	good_out
}

row_byte_order_mark() {
	use "$1"
	f=$BATS_TEST_TMPDIR/input.ndjson
	{ printf '\357\273\277'; cat "$H/alpha.ndjson" "$H/omega.ndjson"; } > "$f"
	run --separate-stderr "${PP[@]}" "$f"
	status_is 0
	[ -z "$stderr" ]
	good_out
	[[ $output != *$'\xef\xbb\xbf'* ]]
}

row_crlf_line_endings() {
	use "$1"
	f=$BATS_TEST_TMPDIR/input.ndjson
	cat "$H/alpha.ndjson" "$H/omega.ndjson" | sed 's/$/\r/' > "$f"
	run --separate-stderr "${PP[@]}" "$f"
	status_is 0
	[ -z "$stderr" ]
	good_out
	[[ $output != *$'\r'* ]]
}

row_64_mib_line() {
	use "$1"
	f=$BATS_TEST_TMPDIR/input.ndjson
	{
		cat "$H/alpha.ndjson"
		printf '{"title":"Good big: a 64 MiB abstract","abstract":"'
		head -c $((64 * 1024 * 1024)) /dev/zero | tr '\0' 'a'
		printf '"}\n'
		cat "$H/omega.ndjson"
	} > "$f"
	status=0
	/usr/bin/time -f %M -o "$BATS_TEST_TMPDIR/rss" \
	    "${PP[@]}" "$f" > "$BATS_TEST_TMPDIR/out" 2> "$BATS_TEST_TMPDIR/err" ||
	    status=$?
	stderr=$(cat "$BATS_TEST_TMPDIR/err")
	output=$(grep -ao 'Good [a-z]*' "$BATS_TEST_TMPDIR/out")
	mapfile -t lines <<< "$output"
	status_is 0
	good_out
	[ "$(count 'Good big')" -eq 1 ]
	# memory: a small multiple of the line (64 MiB), not more
	if ! sanitized; then
		rss=$(tail -n 1 "$BATS_TEST_TMPDIR/rss")
		echo "peak RSS ${rss} KiB"
		[ "$rss" -lt $((8 * 64 * 1024)) ]
	fi
}

row_10000_deep_nesting() {
	use "$1"
	local open close
	open=$(printf '%9999s' '' | tr ' ' '[')
	close=$(printf '%9999s' '' | tr ' ' ']')
	# the object and 9,999 arrays: 10,000 levels, the most a record has
	between '{"title":"Good deep","x":%s%s}\n' "$open" "$close"
	run --separate-stderr "${PP[@]}" "$f"
	status_is 0
	good_out
	[ "$(count 'Good deep')" -eq 1 ]
	# one more level is refused, by name
	between '{"title":"Good but too deep","x":[%s%s]}\n' "$open" "$close"
	run --separate-stderr "${PP[@]}" "$f"
	status_is 2
	names "$f:2:"
	good_out
}

row_duplicate_keys() {
	use "$1"
	between '{"title":"Bad first","abstract":"x","title":"Good dup"}\n'
	run --separate-stderr "${PP[@]}" "$f"
	status_is 0
	good_out
	# the last one counts, as in jq
	[ "$(count 'Good dup')" -eq 1 ]
	if [ "$prog" = pp-fmt ]; then
		[ "$(count 'Bad first')" -eq 0 ]
	fi
}

row_directory_as_file() {
	use "$1"
	mkdir "$BATS_TEST_TMPDIR/dir"
	run --separate-stderr "${PP[@]}" "$H/alpha.ndjson" "$BATS_TEST_TMPDIR/dir" \
	    "$H/omega.ndjson"
	status_is 2
	names "$BATS_TEST_TMPDIR/dir"
	good_out
}

row_missing_file_between_good_ones() {
	use "$1"
	run --separate-stderr "${PP[@]}" "$H/alpha.ndjson" "$BATS_TEST_TMPDIR/missing" \
	    "$H/omega.ndjson"
	status_is 2
	names "$BATS_TEST_TMPDIR/missing"
	good_out
}

row_dev_full() {
	use "$1"
	[ -w /dev/full ] || skip "no /dev/full"
	run --separate-stderr bash -c '"$@" > /dev/full' - "${PP[@]}" \
	    "$H/alpha.ndjson" "$H/omega.ndjson"
	status_is 2
	[[ $stderr == "$prog: "*"No space left on device"* ]]
}

# A 20,000-record input, made once per run from the generated corpus.
large_input() {
	big=$BATS_RUN_TMPDIR/c20k.ndjson
	[ -s "$big" ] && return
	corpus
	head -n 20000 "$c" > "$big"
}

row_head_1_on_a_large_input() {
	use "$1"
	large_input
	run --separate-stderr bash -c \
	    'timeout 120 "$@" 2>"$ERR" | head -n 1 >/dev/null; echo "${PIPESTATUS[0]}"' \
	    - "${PP[@]}" "$big"
	# quiet: killed by SIGPIPE (141) or done (0), never a timeout (124)
	[[ $output == 0 || $output == 141 ]] || { echo "status $output"; cat "$ERR"; false; }
	[ ! -s "$ERR" ] || { cat "$ERR"; false; }
}

# The 100,000-record corpus into $c, generated once and cached in $TMPDIR
# (about 25 s and 150 MB the first time).
corpus() {
	local gen=$TOP/tests/gen-corpus
	c=${TMPDIR:-/tmp}/pp-corpus-100000.ndjson
	if [ ! -s "$c" ]; then
		"$gen" -n 100000 > "$c.$$"
		mv "$c.$$" "$c"
	fi
}

setup() {
	ERR=$BATS_TEST_TMPDIR/stderr
	export ERR
}

@test "pp-fields: empty input writes nothing, no error" { row_empty_input pp-fields; }
@test "pp-grep: empty input writes nothing, no error" { row_empty_input pp-grep; }
@test "pp-rank: empty input writes nothing, no error" { row_empty_input pp-rank; }
@test "pp-fmt: empty input writes nothing, no error" { row_empty_input pp-fmt; }

@test "pp-fields: blank lines only are skipped" { row_blank_lines_only pp-fields; }
@test "pp-grep: blank lines only are skipped" { row_blank_lines_only pp-grep; }
@test "pp-rank: blank lines only are skipped" { row_blank_lines_only pp-rank; }
@test "pp-fmt: blank lines only are skipped" { row_blank_lines_only pp-fmt; }

@test "pp-fields: a line that is not JSON is named, the rest written, status 2" { row_not_json pp-fields; }
@test "pp-grep: a line that is not JSON is named, the rest written, status 2" { row_not_json pp-grep; }
@test "pp-rank: a line that is not JSON is named, the rest written, status 2" { row_not_json pp-rank; }
@test "pp-fmt: a line that is not JSON is named, the rest written, status 2" { row_not_json pp-fmt; }

@test "pp-fields: JSON values that are not objects are named, status 2" { row_not_an_object pp-fields; }
@test "pp-grep: JSON values that are not objects are named, status 2" { row_not_an_object pp-grep; }
@test "pp-rank: JSON values that are not objects are named, status 2" { row_not_an_object pp-rank; }
@test "pp-fmt: JSON values that are not objects are named, status 2" { row_not_an_object pp-fmt; }

@test "pp-fields: keys of the wrong type are no error and no crash" { row_key_of_the_wrong_type pp-fields; }
@test "pp-grep: keys of the wrong type are no error and no crash" { row_key_of_the_wrong_type pp-grep; }
@test "pp-rank: keys of the wrong type are no error and no crash" { row_key_of_the_wrong_type pp-rank; }
@test "pp-fmt: keys of the wrong type are no error and no crash" { row_key_of_the_wrong_type pp-fmt; }

@test "pp-fields: a last line without newline counts; a cut record is named" { row_truncated_last_line pp-fields; }
@test "pp-grep: a last line without newline counts; a cut record is named" { row_truncated_last_line pp-grep; }
@test "pp-rank: a last line without newline counts; a cut record is named" { row_truncated_last_line pp-rank; }
@test "pp-fmt: a last line without newline counts; a cut record is named" { row_truncated_last_line pp-fmt; }

@test "pp-fields: invalid UTF-8 in a record is named, status 2" { row_invalid_utf8 pp-fields; }
@test "pp-grep: invalid UTF-8 in a record is named, status 2" { row_invalid_utf8 pp-grep; }
@test "pp-rank: invalid UTF-8 in a record is named, status 2" { row_invalid_utf8 pp-rank; }
@test "pp-fmt: invalid UTF-8 in a record is named, status 2" { row_invalid_utf8 pp-fmt; }

@test "pp-fields: NUL bytes in a line are named, status 2" { row_nul_bytes pp-fields; }
@test "pp-grep: NUL bytes in a line are named, status 2" { row_nul_bytes pp-grep; }
@test "pp-rank: NUL bytes in a line are named, status 2" { row_nul_bytes pp-rank; }
@test "pp-fmt: NUL bytes in a line are named, status 2" { row_nul_bytes pp-fmt; }

@test "pp-fields: a UTF-8 byte order mark is skipped" { row_byte_order_mark pp-fields; }
@test "pp-grep: a UTF-8 byte order mark is skipped" { row_byte_order_mark pp-grep; }
@test "pp-rank: a UTF-8 byte order mark is skipped" { row_byte_order_mark pp-rank; }
@test "pp-fmt: a UTF-8 byte order mark is skipped" { row_byte_order_mark pp-fmt; }

@test "pp-fields: CRLF line endings are read as LF" { row_crlf_line_endings pp-fields; }
@test "pp-grep: CRLF line endings are read as LF" { row_crlf_line_endings pp-grep; }
@test "pp-rank: CRLF line endings are read as LF" { row_crlf_line_endings pp-rank; }
@test "pp-fmt: CRLF line endings are read as LF" { row_crlf_line_endings pp-fmt; }

@test "pp-fields: a 64 MiB line is a record like any other, in bounded memory" { row_64_mib_line pp-fields; }
@test "pp-grep: a 64 MiB line is a record like any other, in bounded memory" { row_64_mib_line pp-grep; }
@test "pp-rank: a 64 MiB line is a record like any other, in bounded memory" { row_64_mib_line pp-rank; }
@test "pp-fmt: a 64 MiB line is a record like any other, in bounded memory" { row_64_mib_line pp-fmt; }

@test "pp-fields: 10,000-deep nesting is read, 10,001 named" { row_10000_deep_nesting pp-fields; }
@test "pp-grep: 10,000-deep nesting is read, 10,001 named" { row_10000_deep_nesting pp-grep; }
@test "pp-rank: 10,000-deep nesting is read, 10,001 named" { row_10000_deep_nesting pp-rank; }
@test "pp-fmt: 10,000-deep nesting is read, 10,001 named" { row_10000_deep_nesting pp-fmt; }

@test "pp-fields: of duplicate keys the last counts" { row_duplicate_keys pp-fields; }
@test "pp-grep: of duplicate keys the last counts" { row_duplicate_keys pp-grep; }
@test "pp-rank: of duplicate keys the last counts" { row_duplicate_keys pp-rank; }
@test "pp-fmt: of duplicate keys the last counts" { row_duplicate_keys pp-fmt; }

@test "pp-fields: a directory as FILE is named, the other files read" { row_directory_as_file pp-fields; }
@test "pp-grep: a directory as FILE is named, the other files read" { row_directory_as_file pp-grep; }
@test "pp-rank: a directory as FILE is named, the other files read" { row_directory_as_file pp-rank; }
@test "pp-fmt: a directory as FILE is named, the other files read" { row_directory_as_file pp-fmt; }

@test "pp-fields: a missing FILE between good ones is named, the others read" { row_missing_file_between_good_ones pp-fields; }
@test "pp-grep: a missing FILE between good ones is named, the others read" { row_missing_file_between_good_ones pp-grep; }
@test "pp-rank: a missing FILE between good ones is named, the others read" { row_missing_file_between_good_ones pp-rank; }
@test "pp-fmt: a missing FILE between good ones is named, the others read" { row_missing_file_between_good_ones pp-fmt; }

@test "pp-fields: a full disk is an error with a message, status 2" { row_dev_full pp-fields; }
@test "pp-grep: a full disk is an error with a message, status 2" { row_dev_full pp-grep; }
@test "pp-rank: a full disk is an error with a message, status 2" { row_dev_full pp-rank; }
@test "pp-fmt: a full disk is an error with a message, status 2" { row_dev_full pp-fmt; }

@test "pp-fields: | head -1 on a large input ends it quietly" { row_head_1_on_a_large_input pp-fields; }
@test "pp-grep: | head -1 on a large input ends it quietly" { row_head_1_on_a_large_input pp-grep; }
@test "pp-rank: | head -1 on a large input ends it quietly" { row_head_1_on_a_large_input pp-rank; }
@test "pp-fmt: | head -1 on a large input ends it quietly" { row_head_1_on_a_large_input pp-fmt; }

# --- pp-split: raw pages -----------------------------------------------------

# The hf-search page, whose records we know: 227.
page=$DATA/hf-search-knowledge-transfer.txt

@test "pp-split: invalid UTF-8 in a page becomes U+FFFD with a warning naming FILE:LINE" {
	use pp-split
	f=$BATS_TEST_TMPDIR/page.txt
	run --separate-stderr pp-split "$page"
	status_is 0
	want=${#lines[@]}
	# spoil the first title line: a byte that is never UTF-8
	n=$(grep -n -m 1 'SpeechGPT' "$page" | cut -d: -f1)
	sed "${n}s/SpeechGPT/Speech\xffGPT/" "$page" > "$f"
	run --separate-stderr pp-split "$f"
	status_is 0
	names "$f:$n:"
	[ "${#lines[@]}" -eq "$want" ]
	[[ ${lines[0]} == *$'Speech\xef\xbf\xbdGPT'* ]]
}

@test "pp-split: NUL bytes in a page become U+FFFD with a warning naming FILE:LINE" {
	use pp-split
	f=$BATS_TEST_TMPDIR/page.txt
	run --separate-stderr pp-split "$page"
	want=${#lines[@]}
	n=$(grep -n -m 1 'SpeechGPT' "$page" | cut -d: -f1)
	sed "${n}s/SpeechGPT/Speech\x00GPT/" "$page" > "$f"
	run --separate-stderr pp-split "$f"
	status_is 0
	names "$f:$n:"
	[ "${#lines[@]}" -eq "$want" ]
	[[ ${lines[0]} == *$'Speech\xef\xbf\xbdGPT'* ]]
}

@test "pp-split: CRLF pages and a byte order mark give the same records" {
	use pp-split
	run --separate-stderr pp-split "$page"
	status_is 0
	plain=$output
	f=$BATS_TEST_TMPDIR/page.txt
	{ printf '\357\273\277'; sed 's/$/\r/' "$page"; } > "$f"
	run --separate-stderr pp-split "$f"
	status_is 0
	# the same records, but for where they came from
	[ "$(sed 's/"source":"[^"]*"//' <<< "$output")" = "$(sed 's/"source":"[^"]*"//' <<< "$plain")" ]
}

@test "pp-split: a directory or a missing FILE is named, the other pages split" {
	use pp-split
	run --separate-stderr pp-split "$page"
	want=${#lines[@]}
	mkdir "$BATS_TEST_TMPDIR/dir"
	run --separate-stderr pp-split "$BATS_TEST_TMPDIR/dir" "$page" "$BATS_TEST_TMPDIR/missing"
	status_is 2
	names "$BATS_TEST_TMPDIR/dir"
	names "$BATS_TEST_TMPDIR/missing"
	[ "${#lines[@]}" -eq "$want" ]
}

@test "pp-split: a full disk is an error with a message, status 2" {
	use pp-split
	[ -w /dev/full ] || skip "no /dev/full"
	run --separate-stderr bash -c 'pp-split "$1" > /dev/full' - "$page"
	status_is 2
	[[ $stderr == "pp-split: "*"No space left on device"* ]]
}

@test "pp-split: | head -1 ends it quietly" {
	use pp-split
	run --separate-stderr bash -c \
	    'timeout 60 pp-split "$1" "$1" "$1" "$1" 2>"$ERR" | head -n 1 >/dev/null; echo "${PIPESTATUS[0]}"' \
	    - "$page"
	[[ $output == 0 || $output == 141 ]] || { echo "status $output"; cat "$ERR"; false; }
	[ ! -s "$ERR" ] || { cat "$ERR"; false; }
}

# --- invariants on 100,000 generated records -----------------------------------

@test "pp-grep X and pp-grep -v X partition the input exactly, in order" {
	use pp-grep
	corpus
	pp-grep -i distill "$c" > "$BATS_TEST_TMPDIR/yes" || [ $? -eq 1 ]
	pp-grep -v -i distill "$c" > "$BATS_TEST_TMPDIR/no" || [ $? -eq 1 ]
	# every input line is the next line of exactly one of the two outputs
	python3 - "$c" "$BATS_TEST_TMPDIR/yes" "$BATS_TEST_TMPDIR/no" <<-'EOF'
	import sys
	inp, yes, no = (open(p, 'rb') for p in sys.argv[1:])
	y, n, count, took = yes.readline(), no.readline(), 0, [0, 0]
	for line in inp:
	    count += 1
	    if line == y:
	        y = yes.readline(); took[0] += 1
	    elif line == n:
	        n = no.readline(); took[1] += 1
	    else:
	        sys.exit("input line %d is in neither output" % count)
	if y or n:
	    sys.exit("an output has lines the input has not")
	if 0 in took:
	    sys.exit("one side is empty: %r" % took)
	print(count, took)
	EOF
}

@test "pp-rank --all without -n writes every record it read, each once" {
	use pp-rank
	corpus
	pp-rank --all 'knowledge distillation' "$c" > "$BATS_TEST_TMPDIR/ranked"
	# the records, less the score pp-rank adds, are the input's
	python3 - "$c" "$BATS_TEST_TMPDIR/ranked" <<-'EOF'
	import collections, re, sys
	score = re.compile(rb',\s*"score"\s*:\s*[-+0-9.eE]+|"score"\s*:\s*[-+0-9.eE]+\s*,')
	want = collections.Counter(hash(l.rstrip(b'\n')) for l in open(sys.argv[1], 'rb'))
	got = collections.Counter()
	for l in open(sys.argv[2], 'rb'):
	    l = l.rstrip(b'\n')
	    s, k = score.subn(b'', l, count=1)
	    if k != 1:
	        sys.exit("no score in: %r" % l[:200])
	    got[hash(s)] += 1
	if got != want:
	    sys.exit("%d records in, %d out, %d differ" % (sum(want.values()),
	        sum(got.values()), sum(((want - got) + (got - want)).values())))
	EOF
}

@test "pp-fields -x of a key no record has is the identity" {
	use pp-fields
	corpus
	pp-fields -x no_such_key "$c" > "$BATS_TEST_TMPDIR/same"
	cmp "$c" "$BATS_TEST_TMPDIR/same"
}

@test "pp-split of a search page written back by pp-fmt -t gives the same records" {
	use pp-split
	use pp-fmt
	pp-split "$DATA/hf-search-knowledge-transfer.txt" | pp-fields title,abstract \
	    > "$BATS_TEST_TMPDIR/a"
	pp-fmt -t '{title}\n{abstract}' "$BATS_TEST_TMPDIR/a" > "$BATS_TEST_TMPDIR/page.txt"
	pp-split "$BATS_TEST_TMPDIR/page.txt" | pp-fields title,abstract > "$BATS_TEST_TMPDIR/b"
	[ "$(wc -l < "$BATS_TEST_TMPDIR/a")" -eq 227 ]
	cmp "$BATS_TEST_TMPDIR/a" "$BATS_TEST_TMPDIR/b"
}

@test "pp-split of a daily page written back by pp-fmt -t gives the same records" {
	use pp-split
	use pp-fmt
	keys=title,abstract,n_authors,date,upvotes
	pp-split --year 2025 "$DATA/hf-daily-knowledge-transfer.txt" |
	    pp-fields --skip-missing "$keys" > "$BATS_TEST_TMPDIR/a"
	pp-fmt -t '{title}\n\n{abstract}\n\n• {n_authors} authors\n·\n{date} {upvotes}\n' \
	    "$BATS_TEST_TMPDIR/a" > "$BATS_TEST_TMPDIR/page.txt"
	pp-split --year 2025 "$BATS_TEST_TMPDIR/page.txt" |
	    pp-fields --skip-missing "$keys" > "$BATS_TEST_TMPDIR/b"
	[ "$(wc -l < "$BATS_TEST_TMPDIR/a")" -eq 39 ]
	cmp "$BATS_TEST_TMPDIR/a" "$BATS_TEST_TMPDIR/b"
}

# --- regressions found by fuzzing ---------------------------------------------

@test "pp-split: a header label spelled like a record key does not replace it" {
	use pp-split
	# found by tests/fuzz/pp-split.c ("CaTegories:")
	run --separate-stderr pp-split --format arxiv "$H/arxiv-label-keys.txt"
	status_is 0
	[ "${#lines[@]}" -eq 1 ]
	# one of each key, with the record's types, the title from Title:
	run jq -e '(.title == "A title") and (.categories | type == "array")
	    and (.n_authors == 2) and (.source | test(":2$"))
	    and ((.upvotes // 0) | type == "number")
	    and .arxiv_source == "somewhere" and .arxiv_title == "Another"' <<< "${lines[0]}"
	assert_success
	python3 -c 'import json, sys
json.loads(sys.argv[1], object_pairs_hook=lambda kv: len(kv) == len(dict(kv)) or sys.exit("duplicate keys"))' "${lines[0]}"
}

# --- output into an input -----------------------------------------------------

@test "every program refuses to read the file its output goes to, as grep does" {
	for p in pp-split pp-fields pp-grep pp-rank pp-fmt; do
		[ -x "$TOP/cmd/$p" ] || continue
		f=$BATS_TEST_TMPDIR/$p.ndjson
		cp "$H/alpha.ndjson" "$f"
		before=$(wc -c < "$f")
		use "$p"
		run --separate-stderr sh -c '"$@" >> "$0"' "$f" "${PP[@]}" "$f"
		status_is 2
		[[ $stderr == *"$f: input file is also the output"* ]]
		[ "$(wc -c < "$f")" -eq "$before" ]
	done
}
