#!/usr/bin/env bats
# The benchmark's plumbing, cheaply: a 200-record corpus, two timed runs,
# and stand-ins for the pp programs (jq and awk wrapped in a few lines of
# sh) so that what is checked here is the harness, whatever has landed.
# No timing is asserted: the numbers are the bench's business, not CI's.

bats_require_minimum_version 1.5.0
load helper

GEN="$TOP/tests/gen-corpus"

# Stand-ins taking the options the bench passes.
stand_ins() {
	mkdir -p "$1"
	cat > "$1/pp-split" <<EOF
#!/bin/sh
exec awk -f '$TOP/tests/bench/split-hf-daily.awk' "\$@"
EOF
	cat > "$1/pp-grep" <<'EOF'
#!/bin/sh
seen=
while :; do case $1 in -i|-F) shift ;; -k) shift 2 ;; --seen) seen=$2; shift 2 ;; *) break ;; esac; done
p=$1; shift
[ -n "$seen" ] && exec jq -n -c --slurpfile s "$seen" \
    '(reduce $s[] as $r ({}; .[$r.id] = true)) as $i | inputs | select($i[.id] | not)' "$@"
exec jq -c --arg p "$p" 'select(.title | test($p; "i"))' "$@"
EOF
	cat > "$1/pp-fields" <<'EOF'
#!/bin/sh
shift
exec jq -c '{title, date}' "$@"
EOF
	cat > "$1/pp-rank" <<'EOF'
#!/bin/sh
by= query=1 stats=
while :; do case $1 in -n|-j) shift 2 ;; --by) by=$2; shift 2 ;;
	--like|-f) query=0; shift 2 ;; --stats) stats=1; shift ;; *) break ;; esac; done
[ -n "$by" ] && exec jq -s -c 'sort_by(-.upvotes) | .[:10][]' "$@"
[ -n "$stats" ] && shift && exec jq -s -c '{records: length}' "$@"
[ $query = 1 ] && shift
exec jq -s -c 'map(select(.abstract | test("knowledge|distill"; "i"))) | .[:10][]' "$@"
EOF
	cat > "$1/pp-fmt" <<'EOF'
#!/bin/sh
shift 4
printf 'title\tdate\n'
exec jq -r '[.title, .date] | @tsv' "$@"
EOF
	# DuckDB's stand-in: the job of each of the bench's queries, by jq.
	cat > "$1/duckdb-sql" <<'EOF'
#!/bin/sh
[ "$1" = --version ] && echo 'DuckDB stand-in' && exit 0
sql=$1
set -- $(printf '%s\n' "$sql" | grep -o "read_ndjson('[^']*')" |
    sed "s/^read_ndjson('//; s/')\$//")
case $sql in
*ILIKE*) exec jq -c 'select(.title | test("distill"; "i"))' "$1" ;;
*"NOT IN"*) exec jq -n -c --slurpfile s "$2" \
    '(reduce $s[] as $r ({}; .[$r.id] = true)) as $i | inputs | select($i[.id] | not)' "$1" ;;
*"ORDER BY upvotes"*) exec jq -s -c 'sort_by(-.upvotes) | .[:10][]' "$1" ;;
*"FORMAT csv"*) printf 'title\tdate\n'; exec jq -r '[.title, .date] | @tsv' "$1" ;;
*"SELECT title, date"*) exec jq -c '{title, date}' "$1" ;;
*) exec jq -c . "$1" ;;
esac
EOF
	chmod +x "$1"/pp-* "$1/duckdb-sql"
}

bench() {
	BENCH_N=200 BENCH_RUNS=1 BENCH_WARMUP=0 \
	    BENCH_DUCKDB=${BENCH_DUCKDB:-$BATS_FILE_TMPDIR/bin/duckdb-sql} \
	    BENCH_CACHE="$BATS_FILE_TMPDIR/cache" "$TOP/tests/bench/run" "$@"
}

setup_file() {
	[ -x "$GEN" ] || return 0
	stand_ins "$BATS_FILE_TMPDIR/bin"
	# One full tiny run, inspected by several tests below.
	BENCH_BIN="$BATS_FILE_TMPDIR/bin" BENCH_OUT="$BATS_FILE_TMPDIR/RESULTS.md" \
	    bench > "$BATS_FILE_TMPDIR/stdout" 2> "$BATS_FILE_TMPDIR/stderr"
	echo $? > "$BATS_FILE_TMPDIR/status"
}

setup() {
	[ -x "$GEN" ] || skip "no corpus generator at $GEN"
	command -v hyperfine >/dev/null || skip "hyperfine not installed (make bench installs it)"
}

@test "bench --dry-run lists every task's commands and runs nothing" {
	run --separate-stderr env BENCH_N=200 BENCH_CACHE="$BATS_TEST_TMPDIR/c" \
	    "$TOP/tests/bench/run" --dry-run
	assert_success
	for t in split filter project rank threads stats like sort format startup pipeline cat; do
		assert_line --regexp "^$t "
	done
	assert_line --regexp '^filter +rg -i \(floor\) +rg -i distill '
	assert_line --regexp "^rank +SQLite FTS5 +sqlite3 .*fts5\(title, abstract"
	assert_line --regexp "^filter +gojq +gojq -c 'select\(.title"
	assert_line --regexp "^filter +DuckDB +.*/duckdb-sql' \"COPY \\(SELECT \\* FROM read_ndjson\\('.* WHERE title ILIKE '%distill%'\\) TO '/dev/stdout' \\(FORMAT json\\)\"\$"
	[ ! -e "$BATS_TEST_TMPDIR/c" ]
}

@test "bench rejects an unknown task and a bad BENCH_N with status 2" {
	run --separate-stderr "$TOP/tests/bench/run" --dry-run nosuchtask
	assert_failure 2
	[[ $stderr == *"unknown task: nosuchtask"* ]]
	BENCH_N=lots run --separate-stderr "$TOP/tests/bench/run" --dry-run
	assert_failure 2
	[[ $stderr == *"BENCH_N must be a positive number"* ]]
}

@test "a tiny run times every task and prints one row per pp/peer pair" {
	[ "$(cat "$BATS_FILE_TMPDIR/status")" = 0 ] ||
	    fail "status $(cat "$BATS_FILE_TMPDIR/status"): $(cat "$BATS_FILE_TMPDIR/stderr")"
	out=$BATS_FILE_TMPDIR/stdout
	grep -Eq '^task +pp +pp median +pp MB/s +peer +peer median +peer/pp +pp peak RSS$' "$out"
	# 2 split + 5 filter + 4 project + 1 rank + 1 threads + 1 stats
	# + 2 like + 4 sort + 4 format + 20 start-up + 1 pipeline + 1 cat
	[ "$(grep -Ec '^(split|filter|project|rank|threads|stats|like|sort|format|startup|pipeline|cat) ' "$out")" = 46 ]
	# gojq and DuckDB beside jq wherever they do the same job
	for t in 'filter +pp-grep' 'project +pp-fields' 'sort +pp-rank' \
	    'format +pp-fmt' 'startup +pp-fmt' 'seen +pp-grep'; do
		grep -Eq "^$t .* gojq[ .@tsv-]* +[0-9.]+ ms +[0-9.]+x " "$out" ||
		    fail "no gojq row for $t"
		grep -Eq "^$t .* DuckDB +[0-9.]+ ms +[0-9.]+x " "$out" ||
		    fail "no DuckDB row for $t"
	done
	grep -Eq '^threads +pp-rank -j 1 +[0-9.]+ ms +[0-9.]+ +pp-rank -j 2 ' "$out"
	grep -Eq '^stats +pp-rank --stats .* pp-rank ranking pass ' "$out"
	grep -Eq '^- pp-rank -j 2 >= 1.7x -j 1: (met|MISSED) \([0-9.]+x\)$' "$out"
	grep -Eq '^- pp-rank --stats <= 0.4 of a ranking pass: (met|MISSED) \([0-9.]+\)$' "$out"
	grep -Eq '^like +pp-rank --like .* pp-rank 2-word query +[0-9.]+ ms ' "$out"
	grep -Eq '^filter +pp-grep +[0-9.]+ ms +[0-9.]+ +jq +[0-9.]+ ms +[0-9.]+x +[0-9.]+ MB$' "$out"
	grep -Eq '^rank +pp-rank .* SQLite FTS5 +[0-9.]+ ms +[0-9.]+x ' "$out"
	grep -Eq '^startup +pp-fmt +[0-9.]+ ms +- +jq \. ' "$out"
	# start-up against the floor, /bin/true, which writes nothing
	grep -Eq '^startup +pp-fmt +[0-9.]+ ms +- +/bin/true \(floor\) +[0-9.]+ ms ' "$out"
	grep -Eq '^- pp-fmt start-up within 2 ms of /bin/true: (met|MISSED) \([-+][0-9.]+ ms\)$' "$out"
	grep -Eq '^- pp-grep >= 15x jq: (met|MISSED) \([0-9.]+x\)$' "$out"
}

@test "RESULTS.md is a Markdown table with the date, CPU model and cores" {
	md=$BATS_FILE_TMPDIR/RESULTS.md
	cpu=$(sed -n 's/^model name[	 ]*: //p' /proc/cpuinfo | head -n 1)
	grep -Fq -- "- Machine: $cpu, $(getconf _NPROCESSORS_ONLN) cores (" "$md"
	grep -Eq -- "; load average [0-9. ]+ at the start, [0-9. ]+ at the end$" "$md"
	grep -Eq "^Written by .* on $(date -u +%Y-)[0-9-]+ [0-9:]+ UTC\.$" "$md"
	grep -Fq '| task | pp | pp median | pp MB/s | peer | peer median | peer/pp | pp peak RSS |' "$md"
	# Every table line has the header's 8 cells.
	# (46 rows as counted above, 4 for seen, header and separator)
	[ "$(grep -c '^|' "$md")" = 52 ]
	grep -Eq -- '^- Tools: hyperfine .*; gojq [0-9.]+; .*; DuckDB stand-in; SQLite ' "$md"
	! grep '^|' "$md" | awk -F '|' 'NF != 10 { bad = 1 } END { exit !bad }'
	grep -Fq '## Targets' "$md"
	grep -Fq -- "- filter, jq: \`jq -c 'select(.title | test(\"distill\"; \"i\"))'" "$md"
}

@test "programs not built yet are skipped, saying so, and the rest still runs" {
	mkdir "$BATS_TEST_TMPDIR/empty"
	BENCH_BIN="$BATS_TEST_TMPDIR/empty" BENCH_OUT="$BATS_TEST_TMPDIR/R.md" \
	    run --separate-stderr bench filter startup cat
	assert_success
	[[ $stderr == *"skipped: pp-grep not built"* ]]
	[[ $stderr == *"skipped: pp-fmt not built"* ]]
	assert_line --regexp '^cat +cat \(floor\) '
	refute_line --regexp '^(filter|startup) '
	grep -Fq -- '- skipped: pp-grep not built' "$BATS_TEST_TMPDIR/R.md"
}

@test "without DuckDB's driver its rows are left out, saying so, and the rest still runs" {
	BENCH_BIN="$BATS_FILE_TMPDIR/bin" BENCH_OUT="$BATS_TEST_TMPDIR/R.md" \
	    BENCH_DUCKDB="$BATS_TEST_TMPDIR/none/duckdb-sql" \
	    run --separate-stderr bench filter
	assert_success
	[[ $stderr == *"no DuckDB driver at $BATS_TEST_TMPDIR/none/duckdb-sql"* ]]
	assert_line --regexp '^filter +pp-grep .* gojq +[0-9.]+ ms '
	refute_line --regexp ' DuckDB '
	grep -Fq -- "- DuckDB's rows left out: no driver at" "$BATS_TEST_TMPDIR/R.md"
	grep -Fq -- '; no DuckDB; SQLite ' "$BATS_TEST_TMPDIR/R.md"
}

@test "a pp program that fails at once is not timed and fails the run" {
	stand_ins "$BATS_TEST_TMPDIR/bin"
	printf '#!/bin/sh\necho "pp-grep: boom" >&2\nexit 2\n' > "$BATS_TEST_TMPDIR/bin/pp-grep"
	BENCH_BIN="$BATS_TEST_TMPDIR/bin" BENCH_OUT="$BATS_TEST_TMPDIR/R.md" \
	    run --separate-stderr bench filter
	assert_failure 1
	[[ $stderr == *"filter: pp-grep exited with status 2: pp-grep: boom"* ]]
	[[ $stderr == *"filter: not timed"* ]]
	refute_line --regexp '^filter '
	grep -Fq '## Failed checks' "$BATS_TEST_TMPDIR/R.md"
}

@test "a pp program that writes nothing is not timed" {
	stand_ins "$BATS_TEST_TMPDIR/bin"
	printf '#!/bin/sh\nexit 0\n' > "$BATS_TEST_TMPDIR/bin/pp-fields"
	BENCH_BIN="$BATS_TEST_TMPDIR/bin" BENCH_OUT="$BATS_TEST_TMPDIR/R.md" \
	    run --separate-stderr bench project
	assert_failure 1
	[[ $stderr == *"project: pp-fields wrote nothing"* ]]
	refute_line --regexp '^project '
}

@test "a peer whose count differs from pp's on the same job is reported" {
	stand_ins "$BATS_TEST_TMPDIR/bin"
	# One record short of what jq and mlr select.
	mv "$BATS_TEST_TMPDIR/bin/pp-grep" "$BATS_TEST_TMPDIR/bin/grep-all"
	printf '#!/bin/sh\n"${0%%/*}/grep-all" "$@" | sed 1d\n' \
	    > "$BATS_TEST_TMPDIR/bin/pp-grep"
	chmod +x "$BATS_TEST_TMPDIR/bin/pp-grep"
	BENCH_BIN="$BATS_TEST_TMPDIR/bin" BENCH_OUT="$BATS_TEST_TMPDIR/R.md" \
	    run --separate-stderr bench filter
	assert_failure 1
	[[ $stderr =~ "filter: jq wrote "([0-9]+)" lines, pp "([0-9]+)" (same)" ]]
	[ $((BASH_REMATCH[1] - 1)) = "${BASH_REMATCH[2]}" ]
	# rg's raw-line matches are a superset: not a mismatch.
	assert_line --regexp '^filter +pp-grep .* rg -i \(floor\) '
	refute_line --regexp '^filter +pp-grep .* jq '
}

@test "the awk peer splits a generated hf-daily page into the generator's records" {
	"$GEN" -n 200 --raw hf-daily > "$BATS_TEST_TMPDIR/page.txt"
	"$GEN" -n 200 | jq -c '{title, abstract: (.abstract | gsub("\n"; " ")),
	    n_authors: (.authors | length), date, upvotes}' > "$BATS_TEST_TMPDIR/want"
	awk -f "$TOP/tests/bench/split-hf-daily.awk" "$BATS_TEST_TMPDIR/page.txt" |
	    jq -c . > "$BATS_TEST_TMPDIR/got"
	[ "$(wc -l < "$BATS_TEST_TMPDIR/got")" = 200 ]
	cmp "$BATS_TEST_TMPDIR/want" "$BATS_TEST_TMPDIR/got"
}

@test "tests/bench/parallel: sharded output identical to one process, speed-up printed" {
	command -v parallel >/dev/null || skip "GNU parallel not installed"
	mkdir "$BATS_TEST_TMPDIR/bin"
	stand_ins "$BATS_TEST_TMPDIR/all"
	cp "$BATS_TEST_TMPDIR/all/pp-fields" "$BATS_TEST_TMPDIR/bin/"
	BENCH_N=200 BENCH_RUNS=1 BENCH_WARMUP=0 BENCH_BIN="$BATS_TEST_TMPDIR/bin" \
	    BENCH_CACHE="$BATS_FILE_TMPDIR/cache" \
	    run --separate-stderr "$TOP/tests/bench/parallel" 1 2
	assert_success
	assert_line --regexp '^pp-fields +1 process +[0-9.]+ ms +1.00x +-$'
	assert_line --regexp '^pp-fields +parallel -j 2 +[0-9.]+ m?s +[0-9.]+x +yes$'
	[[ $stderr == *"skipped: pp-grep not built"* ]]
}

@test "tests/bench/parallel fails when a sharded run differs from one process" {
	command -v parallel >/dev/null || skip "GNU parallel not installed"
	mkdir "$BATS_TEST_TMPDIR/bin"
	# A header per process: two shards, two headers.
	printf '#!/bin/sh\nshift\necho header\nexec cat "$@"\n' > "$BATS_TEST_TMPDIR/bin/pp-fields"
	chmod +x "$BATS_TEST_TMPDIR/bin/pp-fields"
	BENCH_N=200 BENCH_RUNS=1 BENCH_WARMUP=0 BENCH_BIN="$BATS_TEST_TMPDIR/bin" \
	    BENCH_CACHE="$BATS_FILE_TMPDIR/cache" \
	    run --separate-stderr "$TOP/tests/bench/parallel" 1 2
	assert_failure 1
	assert_line --regexp '^pp-fields +parallel -j 1 .* yes$'
	assert_line --regexp '^pp-fields +parallel -j 2 .* NO$'
	assert_line "pp-fields -j 2: output differs from one process"
}
