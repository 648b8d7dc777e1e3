#!/usr/bin/env bats
# pp-rank: BM25 relevance, ordering by keys, sharded ranking.

bats_require_minimum_version 1.5.0
load helper

R="$DATA/pp-rank"

setup() {
	cd "$BATS_TEST_TMPDIR"
}

# The records' "title" values, one a line, in output order.
titles() {
	sed -e 's/^{"title":"\([^"]*\)".*/\1/' -e 's/^{"abstract".*/(no title)/'
}

@test "BM25 scores follow Lucene's formula with BM25F field weights" {
	run pp-rank --all --no-stem wing "$R/bm25.ndjson"
	assert_success
	assert_output - <<'EOF'
{"id":"a","title":"wing","abstract":"wing flutter","score":0.345591}
{"id":"b","title":"body","abstract":"wing body drag drag drag","score":0.167858}
{"id":"c","title":"tail","abstract":"flutter tail","score":0}
EOF
}

@test "--k1 sets term frequency saturation" {
	run pp-rank --no-stem --k1 2 --fields abstract wing "$R/bm25.ndjson"
	assert_success
	assert_line --index 1 '{"id":"b","title":"body","abstract":"wing body drag drag drag","score":0.117501}'
}

@test "--b 0 turns off length normalization" {
	run pp-rank --b 0 --fields abstract wing "$R/bm25.ndjson"
	assert_success
	assert_line --index 0 --partial '"id":"a"'
	assert_line --index 0 --partial '"score":0.213638}'
	assert_line --index 1 --partial '"score":0.213638}'
}

@test "every record is written once: the rest of it byte for byte, with score added last" {
	run pp-rank --all quantum "$DATA/arxiv-metadata-snapshot-50.ndjson"
	assert_success
	[ "${#lines[@]}" -eq 50 ]
	printf '%s\n' "${lines[@]}" | sed 's/,"score":[^,}]*}$/}/' | sort > got
	sort "$DATA/arxiv-metadata-snapshot-50.ndjson" > want
	cmp got want
}

@test "with --all, records without query terms follow with score 0, in input order" {
	run pp-rank --all knowledge "$R/papers.ndjson"
	assert_success
	assert_line --index 5 --partial '"title":"Café au lait'
	assert_line --index 6 --partial '"title":"Teacher'"'"'s notes"'
	assert_line --index 7 --partial '"title":"Unrelated'
	assert_line --index 7 --partial '"score":0}'
}

@test "a record's own score member is replaced, not repeated" {
	run pp-rank teacher "$R/papers.ndjson"
	assert_success
	assert_line --index 0 --regexp '"upvotes":7,"score":[0-9.]+}$'
	refute_output --partial '"score":99'
}

@test "an empty object gets a score too" {
	printf '{}\n{ }\n' > in
	run pp-rank --all anything in
	assert_failure 1
	assert_output $'{"score":0}\n{ "score":0}'
}

@test "ties keep input order" {
	printf '{"title":"wing %s"}\n' 1 2 3 4 5 > in
	run pp-rank wing in
	assert_success
	assert_output - <<'EOF'
{"title":"wing 1","score":0.0543821}
{"title":"wing 2","score":0.0543821}
{"title":"wing 3","score":0.0543821}
{"title":"wing 4","score":0.0543821}
{"title":"wing 5","score":0.0543821}
EOF
}

@test "-n K writes the best K" {
	run pp-rank -n 2 knowledge "$R/papers.ndjson"
	assert_success
	[ "${#lines[@]}" -eq 2 ]
	pp-rank knowledge "$R/papers.ndjson" | head -n 2 > want
	printf '%s\n' "${lines[@]}" | cmp - want
	run pp-rank -n 0 knowledge "$R/papers.ndjson"
	assert_success
	assert_output ''
}

@test "-n rejects a count that is not a number" {
	for n in x '' 1x; do
		run --separate-stderr pp-rank -n "$n" knowledge "$R/papers.ndjson"
		assert_failure 2
		assert_output ''
		[[ $stderr == "pp-rank: -n: '$n' is not a whole number" ]]
	done
	run --separate-stderr pp-rank -n -1 knowledge "$R/papers.ndjson"
	assert_failure 2
	assert_output ''
	[[ $stderr == "pp-rank: -n: '-1' is less than 0" ]]
}

@test "-r writes the worst first" {
	run pp-rank -r --all --no-stem wing "$R/bm25.ndjson"
	assert_success
	assert_line --index 0 --partial '"id":"c"'
	assert_line --index 2 --partial '"id":"a"'
}

@test "--fields weights fields: a title weight puts title matches first" {
	printf '%s\n' '{"title":"other","abstract":"rotor rotor rotor blade"}' \
	    '{"title":"rotor","abstract":"blade blade blade blade"}' > in
	run pp-rank --fields 'title^10,abstract' rotor in
	assert_line --index 0 --partial '"title":"rotor"'
	run pp-rank --all --fields abstract rotor in
	assert_line --index 0 --partial '"title":"other"'
	assert_line --index 1 --partial '"score":0}'
}

@test "--fields ranks on any string or array key" {
	printf '%s\n' '{"title":"x","authors":["Ada Lovelace","Alan Turing"]}' \
	    '{"title":"y","authors":["Grace Hopper"]}' > in
	run pp-rank --fields authors hopper in
	assert_success
	assert_line --index 0 --partial '"title":"y"'
	run pp-rank --fields authors '"lovelace alan"' in
	assert_failure 1
	assert_output ''
}

@test "--fields rejects a bad spec" {
	for spec in 'title^x' 'title,' 'title^-1' 'title,title'; do
		run --separate-stderr pp-rank --fields "$spec" q "$R/papers.ndjson"
		assert_failure 2
		[[ $stderr == "pp-rank: --fields: "* ]]
	done
}

@test "--k1 and --b reject values out of range" {
	run --separate-stderr pp-rank --k1 -1 q "$R/papers.ndjson"
	assert_failure 2
	[[ $stderr == "pp-rank: --k1: '-1' is not between 0 and 1e+06" ]]
	run --separate-stderr pp-rank --b 1.5 q "$R/papers.ndjson"
	assert_failure 2
	[[ $stderr == "pp-rank: --b: '1.5' is not between 0 and 1" ]]
}

@test "words are stemmed: distilling matches distillation" {
	run pp-rank -n 1 distilling "$R/papers.ndjson"
	assert_line --index 0 --partial '"title":"Knowledge Distillation: A Survey"'
	run pp-rank -n 3 distillation "$R/papers.ndjson"
	assert_line --index 1 --partial '"title":"Distilling the Knowledge'
}

@test "--no-stem matches words as they are" {
	run pp-rank --no-stem distilling "$R/papers.ndjson"
	assert_line --index 0 --partial '"title":"Distilling the Knowledge'
	[ "${#lines[@]}" -eq 1 ]
}

@test "--lang chooses the Snowball stemmer" {
	printf '%s\n' '{"title":"chanson"}' '{"title":"les chansons françaises"}' > in
	run pp-rank --lang french --fields title 'chansons' in
	assert_success
	assert_line --index 0 --partial '"title":"chanson"'
	refute_output --partial '"score":0}'
	run pp-rank --no-stem --fields title 'chansons' in
	[ "${#lines[@]}" -eq 1 ]
	refute_output --partial '"title":"chanson"'
}

@test "--lang en and eng are English as --lang english is: stop words and all" {
	pp-rank 'the transfer of knowledge' "$R/papers.ndjson" > want
	pp-rank --lang en 'the transfer of knowledge' "$R/papers.ndjson" > got
	cmp want got
	pp-rank --lang eng 'the transfer of knowledge' "$R/papers.ndjson" > got
	cmp want got
}

@test "--lang rejects an unknown language and lists the known ones" {
	run --separate-stderr pp-rank --lang klingon q "$R/papers.ndjson"
	assert_failure 2
	[[ $stderr == "pp-rank: --lang: unknown language klingon; known: "*english*french* ]]
}

@test "case, accents and compatibility forms are folded" {
	run pp-rank -n 1 cafe "$R/papers.ndjson"
	assert_line --index 0 --partial '"title":"Café'
	run pp-rank -n 1 'FULLWIDTH' "$R/papers.ndjson"
	assert_line --index 0 --partial '"title":"Café'
	run pp-rank -n 1 'final naive' "$R/papers.ndjson"
	assert_line --index 0 --partial '"title":"Café'
	refute_line --index 0 --partial '"score":0}'
}

@test "apostrophes inside words belong to them, straight or curly" {
	run pp-rank -n 2 "o'brien teacher" "$R/papers.ndjson"
	assert_line --index 0 --partial '"title":"Teacher'
	run pp-rank -n 1 "obrien" "$R/papers.ndjson"
	assert_failure 1
	assert_output ''
}

@test "stop words are not query terms" {
	run --separate-stderr pp-rank 'what is the' "$R/papers.ndjson"
	assert_success
	refute_output --regexp '"score":[1-9.]'
	{ pp-rank --all 'x' "$R/papers.ndjson" || [ $? -eq 1 ]; } > want
	printf '%s\n' "${lines[@]}" | cmp - want
}

@test "a query of stop words only is run, with a warning that every score is 0" {
	run --separate-stderr pp-rank 'what is the' "$R/papers.ndjson"
	assert_success
	[[ "$stderr" == "pp-rank: the query has no word to rank by (only stop words?): every score is 0" ]]
	run --separate-stderr pp-rank '' "$R/papers.ndjson"
	[[ "$stderr" == *"no word to rank by"* ]]
	# leaving records out is a query of its own
	run --separate-stderr pp-rank -- '-the -distillation' "$R/papers.ndjson"
	assert_success
	[[ -z "$stderr" ]]
}

@test "a quoted phrase matches only where its words are adjacent and in order" {
	run pp-rank '"knowledge transfer"' "$R/papers.ndjson"
	assert_line --index 0 --partial '"title":"Cross-Modal Knowledge Transfer"'
	[ "${#lines[@]}" -eq 1 ]
}

@test "stop words in a phrase stand for any word" {
	run pp-rank '"transfer of knowledge"' "$R/papers.ndjson"
	assert_line --index 0 --partial '"title":"Transfer of knowledge in robots"'
	[ "${#lines[@]}" -eq 1 ]
}

@test "-term leaves out records that contain the term, stemmed" {
	run pp-rank 'knowledge -distillation' "$R/papers.ndjson"
	assert_success
	refute_output --partial 'Distillation'
	refute_output --partial 'without distillation'
	refute_output --partial 'Distilling the Knowledge'
	[ "${#lines[@]}" -eq 2 ]
}

@test '-"phrase" leaves out records that contain the phrase' {
	run pp-rank -- 'knowledge -"knowledge distillation"' "$R/papers.ndjson"
	assert_success
	refute_output --partial 'A Survey'
	[ "${#lines[@]}" -eq 4 ]
}

@test "--by orders numbers greatest first, missing last" {
	run pp-rank --by upvotes "$R/papers.ndjson"
	assert_success
	run titles <<<"$output"
	assert_output - <<'EOF'
Distilling the Knowledge in a Neural Network
Knowledge Distillation: A Survey
Cross-Modal Knowledge Transfer
Teacher's notes
Transfer of knowledge in robots
(no title)
Unrelated: fluid dynamics
Café au lait: résumé of CAFÉ studies
EOF
}

@test "--by writes records unchanged" {
	run pp-rank --by upvotes "$R/papers.ndjson"
	printf '%s\n' "${lines[@]}" | sort > got
	sort "$R/papers.ndjson" | cmp - got
}

@test "--by orders dates newest first, strings in byte order, -r reverses" {
	run pp-rank --by date -n 3 "$R/papers.ndjson"
	run titles <<<"$output"
	assert_output $'Cross-Modal Knowledge Transfer\nTransfer of knowledge in robots\n(no title)'
	run pp-rank --by title "$R/papers.ndjson"
	run titles <<<"$output"
	assert_line --index 0 'Café au lait: résumé of CAFÉ studies'
	assert_line --index 6 'Unrelated: fluid dynamics'
	assert_line --index 7 '(no title)'
	run pp-rank --by title -r "$R/papers.ndjson"
	run titles <<<"$output"
	assert_line --index 0 'Unrelated: fluid dynamics'
	assert_line --index 7 '(no title)'
}

@test "--by takes several keys, the first first" {
	run pp-rank --by upvotes,date -n 4 "$R/papers.ndjson"
	run titles <<<"$output"
	assert_line --index 2 'Cross-Modal Knowledge Transfer'
	assert_line --index 3 "Teacher's notes"
}

@test "--by with -n K keeps K records' values, not every record's: 1,000,000 records in a few MB, the same answer as a whole sort" {
	[ -x /usr/bin/time ] || skip "no /usr/bin/time"
	! ldd "$TOP/cmd/pp-rank" | grep -q libasan || skip "sanitizers' memory"
	# Every record's values and place were kept: 49 MB here.  Many ties:
	# the first read of equal ones wins, as in the whole sort.
	awk 'BEGIN { for (i = 1; i <= 1000000; i++)
		printf "{\"title\":\"paper %d\",\"upvotes\":%d}\n", i, i * 7919 % 10007 }' \
	    >"$BATS_TEST_TMPDIR/many.ndjson"
	cd "$BATS_TEST_TMPDIR"
	/usr/bin/time -f %M -o rss pp-rank -j 1 --by upvotes -n 10 many.ndjson >top
	rss=$(tail -n 1 rss)
	echo "peak RSS $rss KiB"
	[ "$rss" -lt 16384 ]
	pp-rank -j 1 --by upvotes many.ndjson | head -n 10 >whole
	cmp top whole
	pp-rank -j 2 --by upvotes -n 10 many.ndjson | cmp - whole
	pp-rank --by upvotes:asc,title -n 25 <many.ndjson >top
	pp-rank --by upvotes:asc,title many.ndjson | head -n 25 | cmp - top
}

@test "--by rejects an empty key and relevance options" {
	run --separate-stderr pp-rank --by upvotes, "$R/papers.ndjson"
	assert_failure 2
	[[ $stderr == "pp-rank: --by: empty key in upvotes," ]]
	run --separate-stderr pp-rank --by upvotes --k1 2 "$R/papers.ndjson"
	assert_failure 2
	[[ $stderr == *"relevance options do not apply" ]]
}

@test "--recency multiplies relevance by a decay on date" {
	printf '%s\n' '{"title":"wing","date":"2020-01-01"}' \
	    '{"title":"wing","date":"2020-07-01"}' '{"title":"wing"}' > in
	run pp-rank --recency 182d wing in
	assert_success
	# idf ln(1 + 0.5/3.5), tf~ 2: 0.0834571; 182 days older: half
	assert_line --index 0 '{"title":"wing","date":"2020-07-01","score":0.0834571}'
	assert_line --index 1 '{"title":"wing","date":"2020-01-01","score":0.0417286}'
	assert_line --index 2 '{"title":"wing","score":0}'
	run pp-rank --recency 26w wing in
	assert_line --index 1 --partial '"score":0.0417286}'
	run pp-rank --recency 364d wing in
	assert_line --index 1 --partial '"score":0.0590131}'
}

@test "--recency rejects a bad half-life" {
	for h in 0 5q -3d d 1dd; do
		run --separate-stderr pp-rank --recency "$h" wing "$R/papers.ndjson"
		assert_failure 2
		[[ $stderr == "pp-rank: --recency: bad half-life: $h (e.g. 180d, 6m, 1y)" ]]
	done
}

@test "--stats writes one line of collection statistics" {
	run pp-rank --stats 'knowledge "neural network"' "$R/papers.ndjson"
	assert_success
	assert_output '{"pp_rank_stats":1,"records":8,"fields":["title","abstract"],"lengths":[32,58],"terms":["knowledg","neural","network"],"df":[5,1,1],"newest":"2024-05-01"}'
}

@test "--with-stats scores with statistics summed over shards" {
	pp-rank --stats wing "$R/bm25.ndjson" > s1
	pp-rank --stats wing "$R/bm25.ndjson" > s2
	cat s1 s2 > both
	run pp-rank --no-stem --with-stats both wing "$R/bm25.ndjson"
	assert_success
	# N=6, df=4: idf = ln(1 + 2.5/4.5), tf~ 10/3 as before
	assert_line --index 0 '{"id":"a","title":"wing","abstract":"wing flutter","score":0.324877}'
}

@test "--with-stats rejects statistics of another query, or none" {
	pp-rank --stats wing "$R/bm25.ndjson" > s
	run --separate-stderr pp-rank --with-stats s flutter "$R/bm25.ndjson"
	assert_failure 2
	[[ $stderr == "pp-rank: s:1: no statistics for term flutter (made for another query?)" ]]
	run --separate-stderr pp-rank --with-stats "$R/bm25.ndjson" wing "$R/bm25.ndjson"
	assert_failure 2
	[[ $stderr == "pp-rank: $R/bm25.ndjson:1: not a line of pp-rank --stats" ]]
	run --separate-stderr pp-rank --with-stats nosuch wing "$R/bm25.ndjson"
	assert_failure 2
	[[ $stderr == "pp-rank: nosuch: No such file or directory" ]]
	assert_output ''
}

@test "--with-stats rejects counts that are not whole numbers" {
	pp-rank --stats wing "$R/bm25.ndjson" > s
	sed 's/"df":\[[0-9]*\]/"df":[-2]/' s > neg
	run --separate-stderr pp-rank --with-stats neg wing "$R/bm25.ndjson"
	assert_failure 2
	[[ $stderr == "pp-rank: neg:1: bad count for term wing" ]]
	sed 's/"lengths":\[[0-9]*,/"lengths":[1.5e3,/' s > frac
	run --separate-stderr pp-rank --with-stats frac wing "$R/bm25.ndjson"
	assert_failure 2
	[[ $stderr == "pp-rank: frac:1: bad length for field title" ]]
	assert_output ''
}

@test "--merge merges ranked outputs by score, ties in input order" {
	printf '%s\n' '{"i":1,"score":3}' '{"i":2,"score":1}' > a
	printf '%s\n' '{"i":3,"score":3}' '{"i":4,"score":2}' '{"i":5}' > b
	run pp-rank --merge a b
	assert_success
	assert_output - <<'EOF'
{"i":1,"score":3}
{"i":3,"score":3}
{"i":4,"score":2}
{"i":2,"score":1}
{"i":5}
EOF
	run pp-rank --merge -n 1 a b
	assert_output '{"i":1,"score":3}'
}

@test "shards ranked with GNU parallel give exactly the answer of one process" {
	split -n l/4 -d "$R/cranfield-200.ndjson" shard.
	q='boundary layer "heat transfer" -cone'
	parallel -k pp-rank --stats {1} {2} ::: "$q" ::: shard.* > stats
	[ "$(wc -l < stats)" -eq 4 ]
	parallel -k pp-rank -n 10 --recency 1y --with-stats stats {1} {2} \
	    ::: "$q" ::: shard.* | pp-rank --merge -n 10 > sharded
	pp-rank -n 10 --recency 1y "$q" "$R/cranfield-200.ndjson" > single
	[ "$(wc -l < single)" -eq 10 ]
	cmp sharded single
	# every record, ties included
	parallel -k pp-rank --with-stats stats {1} {2} ::: "$q" ::: shard.* |
	    pp-rank --merge > sharded
	pp-rank "$q" "$R/cranfield-200.ndjson" > single
	cmp sharded single
}

@test "the README's recipe: parallel --pipepart shards on standard input" {
	q='boundary layer'
	pp-rank --stats "$q" "$R/cranfield-200.ndjson" > stats
	parallel -k --pipepart -a "$R/cranfield-200.ndjson" --block 20k \
	    pp-rank --with-stats stats -n 10 "'$q'" | pp-rank --merge -n 10 > sharded
	pp-rank -n 10 "$q" "$R/cranfield-200.ndjson" | cmp - sharded
}

@test "sharded --by gives the answer of one process" {
	split -n l/3 -d "$R/papers.ndjson" shard.
	parallel -k pp-rank --by upvotes,date -n 4 ::: shard.* |
	    pp-rank --by upvotes,date -n 4 > sharded
	pp-rank --by upvotes,date -n 4 "$R/papers.ndjson" | cmp - sharded
}

@test "standard input is spooled and ranked like a file" {
	pp-rank wing "$R/cranfield-200.ndjson" > want
	cat "$R/cranfield-200.ndjson" | pp-rank wing > got
	cmp want got
	pp-rank wing - < "$R/cranfield-200.ndjson" > got
	cmp want got
	head -n 100 "$R/cranfield-200.ndjson" > first
	tail -n 100 "$R/cranfield-200.ndjson" | pp-rank wing first - > got
	cmp want got
}

@test "more files than may be open at once are ranked like one" {
	# each file is read again at the end: it must not be held open meanwhile
	split -l 1 -a 3 "$R/cranfield-200.ndjson" part.
	run bash -c 'ulimit -n 32 && pp-rank -n 50 wing part.* > got'
	assert_success
	pp-rank -n 50 wing "$R/cranfield-200.ndjson" > want
	cmp want got
}

@test "more than 65,535 files are ranked, the last ones through the spool" {
	printf '{"title":"wing a"}\n' > a
	printf '{"title":"wing wing b"}\n' > b
	run --separate-stderr pp-rank wing $(yes a | head -n 65540) b
	assert_success
	assert_line --index 0 '{"title":"wing wing b","score":5.40088e-06}'
	assert_equal "${#lines[@]}" 65541
}

@test "a file replaced while being ranked is an error, not other lines" {
	printf '{"title":"wing"}\n' > in
	mkfifo fifo
	# the fifo opens once pp-rank has read "in" to its end
	(exec 3> fifo; mv in old; printf '{"title":"tail"}\n' > in) &
	run --separate-stderr pp-rank wing in fifo
	wait
	assert_failure 2
	[[ "$stderr" == *"in: file changed while being ranked"* ]]
}

@test "standard input is spooled in TMPDIR" {
	run --separate-stderr env TMPDIR="$BATS_TEST_TMPDIR/none" pp-rank wing < <(cat "$R/cranfield-200.ndjson")
	assert_failure 2
	[[ "$stderr" == "pp-rank: temporary file in $BATS_TEST_TMPDIR/none: No such file or directory" ]]
	mkdir spool
	cat "$R/cranfield-200.ndjson" | TMPDIR="$PWD/spool" pp-rank wing > got
	pp-rank wing "$R/cranfield-200.ndjson" | cmp - got
	[[ -z "$(ls spool)" ]]
}

@test "CRLF lines and a byte order mark are read, and written without them" {
	printf '\xef\xbb\xbf{"title":"wing"}\r\n{"title":"wing wing"}\r\n' > in
	run pp-rank wing in
	assert_success
	assert_output $'{"title":"wing wing","score":0.132597}\n{"title":"wing","score":0.125739}'
}

@test "an invalid JSON line is reported with FILE:LINE, status 2, and the run goes on" {
	printf '%s\n' '{"title":"wing"}' 'not json' '[1]' '{"title":"wing wing"}' > in
	run --separate-stderr pp-rank wing in
	assert_failure 2
	[[ $stderr == $'pp-rank: in:2: invalid JSON: invalid literal at column 1\npp-rank: in:3: not a JSON object' ]]
	[ "${#lines[@]}" -eq 2 ]
	assert_line --index 0 --partial '"title":"wing wing"'
}

@test "an unreadable file among good ones is reported and skipped" {
	run --separate-stderr pp-rank -n 1 wing nosuch "$R/bm25.ndjson"
	assert_failure 2
	[[ $stderr == "pp-rank: nosuch: No such file or directory" ]]
	assert_output --partial '"id":"a"'
}

@test "a failed write is an error with a message" {
	run --separate-stderr bash -c "pp-rank wing '$R/cranfield-200.ndjson' > /dev/full"
	assert_failure 2
	[[ $stderr == "pp-rank: write error: No space left on device" ]]
}

@test "on a terminal, progress is taken away before a diagnostic" {
	# progress shows once a second has passed, every 1024 lines
	mkfifo fifo
	(echo '{"title":"wing"}'; sleep 1.2; yes '{"title":"wing"}' | head -n 2048; echo bad) > fifo &
	run script -qec "pp-rank wing fifo > /dev/null" /dev/null
	wait
	assert_failure 2
	printf '%s' "$output" > tty
	grep -q 'MB/s' tty
	grep -q $'\r\033\\[Kpp-rank: fifo:2050: invalid JSON' tty
}

@test "no progress is shown when standard error is not a terminal" {
	run --separate-stderr pp-rank wing "$R/cranfield-200.ndjson"
	assert_success
	[ -z "$stderr" ]
}

@test "no query, or exclusive modes together, is a usage error" {
	run --separate-stderr pp-rank
	assert_failure 2
	[[ $stderr == "usage: pp-rank [-r] [-j N] [-n K]"* ]]
	run --separate-stderr pp-rank --merge --by upvotes
	assert_failure 2
	[[ $stderr == "pp-rank: --by, --merge, --stats and --with-stats exclude each other" ]]
	run --separate-stderr pp-rank --stats -n 3 q
	assert_failure 2
	run --separate-stderr pp-rank --bogus q
	assert_failure 2
	[[ $stderr == *"unrecognized option"* ]]
}

@test "-h shows the synopsis of the man page; -V the version" {
	run pp-rank -h
	assert_success
	assert_line --index 0 --partial 'usage: pp-rank [-r] [-j N] [-n K] [--b B] [--fields spec]'
	assert_output --partial 'pp-rank --merge [-r] [-n K] [file ...]'
	# word for word the SYNOPSIS of the man page
	usage=$(pp-rank -h | sed '/^$/q' | sed 's/^usage: //' | tr -s ' \t\n' ' ')
	# then a line per option
	run pp-rank --help
	assert_output --partial '--like=FILE'
	assert_output --partial '--literal'
	synopsis=$(mandoc -Tascii "$TOP/man/pp-rank.1" | col -b |
	    sed -n '/^SYNOPSIS/,/^DESCRIPTION/p' | sed '1d;$d' | tr -s ' \t\n' ' ')
	assert_equal "$usage" "${synopsis# }"
	run pp-rank --version
	assert_success
	assert_output --regexp '^pp-rank [0-9]'
}

@test "the man page quotes each example word on its own, not nested" {
	# the text as one line, wherever mandoc wraps it
	run sh -c 'mandoc -Tutf8 "$1" | col -bx | tr -s " \t\n" "   "' sh "$TOP/man/pp-rank.1"
	assert_success
	refute_output --partial "’’"
	assert_output --partial "(‘YYYY’, ‘YYYY-MM’, ‘YYYY-MM-DD’)"
}

@test "every command of the man page's EXAMPLES runs as typed" {
	run_man_examples pp-rank.1
}

@test "with a query only matching records are written; none is status 1, as grep" {
	run --separate-stderr pp-rank knowledge "$R/papers.ndjson"
	assert_success
	[ "${#lines[@]}" -eq 5 ]
	refute_output --partial '"score":0}'
	run --separate-stderr pp-rank zzzqqq "$R/papers.ndjson"
	assert_failure 1
	assert_output ''
	[ -z "$stderr" ]
	# --all writes the rest, scored 0, and still says nothing matched
	run --separate-stderr pp-rank --all zzzqqq "$R/papers.ndjson"
	assert_failure 1
	[ "${#lines[@]}" -eq 8 ]
	# -n 0 writes nothing, but something matched
	run pp-rank -n 0 knowledge "$R/papers.ndjson"
	assert_success
	# empty input: nothing matched
	: > empty
	run pp-rank knowledge empty
	assert_failure 1
}

@test "--literal takes quotes and dashes as text; a long item is split, never an error" {
	long=$(printf 'w%d-' $(seq 1 40))wing
	run --separate-stderr pp-rank "$long" "$R/bm25.ndjson"
	assert_success
	assert_line --index 0 --partial '"id":"a"'
	run --separate-stderr pp-rank --literal -- '-wing "flutter' "$R/bm25.ndjson"
	assert_success
	[ "${#lines[@]}" -eq 3 ]
	assert_line --index 0 --partial '"id":"a"'
	url='https://example.org/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p/q/r/s/t/u/v/w/x/y/z/aa/bb/cc/dd/ee/ff/gg/wing'
	run --separate-stderr pp-rank --literal "$url" "$R/bm25.ndjson"
	assert_success
	# quoted, a phrase of 33 words is still an error
	run --separate-stderr pp-rank "\"$(seq -s ' ' 1 33)\"" "$R/bm25.ndjson"
	assert_failure 2
	[[ $stderr == "pp-rank: a phrase may have at most 32 words" ]]
}

@test "-f FILE reads the query literally; -f - needs the records elsewhere" {
	printf '%s\n' 'the "wing' 'flutter -tail' > q
	run --separate-stderr pp-rank -f q "$R/bm25.ndjson"
	assert_success
	# -tail is the word tail, not an exclusion
	[ "${#lines[@]}" -eq 3 ]
	assert_line --index 0 --partial '"id":"c"'
	run --separate-stderr pp-rank -f - "$R/bm25.ndjson" < q
	assert_success
	[ "${#lines[@]}" -eq 3 ]
	run --separate-stderr pp-rank -f - < q
	assert_failure 2
	[[ $stderr == *"-f -: the query is standard input"* ]]
	run --separate-stderr pp-rank -f missing "$R/bm25.ndjson"
	assert_failure 2
	[[ $stderr == *"missing"* ]]
}

@test "a query that starts with - and is no option: the error says to put -- first" {
	run --separate-stderr pp-rank '-survey distillation' "$R/papers.ndjson"
	assert_failure 2
	[[ $stderr == *"a query that starts with '-' goes after '--'"* ]]
	run pp-rank -- '-survey distillation' "$R/papers.ndjson"
	assert_success
	refute_output --partial 'Survey'
	# a missing argument is no query
	run --separate-stderr pp-rank "$R/papers.ndjson" -n
	assert_failure 2
	[[ $stderr != *"goes after"* ]]
}

@test "CJK text is indexed as overlapping pairs of characters: 蒸馏 finds 知识蒸馏综述" {
	printf '%s\n' '{"title":"知识蒸馏综述"}' '{"title":"深度学习"}' \
	    '{"title":"蒸気機関の歴史"}' '{"title":"딥러닝 지식 증류"}' \
	    '{"title":"Knowledge 蒸馏 mixed"}' > cjk
	run pp-rank '蒸馏' cjk
	assert_success
	[ "${#lines[@]}" -eq 2 ]
	assert_output --partial '知识蒸馏综述'
	assert_output --partial 'Knowledge 蒸馏 mixed'
	run pp-rank '"知识蒸馏"' cjk
	assert_success
	assert_output --partial '知识蒸馏综述'
	[ "${#lines[@]}" -eq 1 ]
	run pp-rank '증류' cjk
	assert_output --partial '딥러닝'
	run pp-rank '蒸気' cjk
	assert_output --partial '蒸気機関'
	[ "${#lines[@]}" -eq 1 ]
	# full-width forms are folded as well
	run pp-rank 'ｷｰ' <<<'{"title":"キー"}'
	assert_success
}

@test "--by KEY:asc and KEY:desc order each key its own way; -r reverses all" {
	printf '%s\n' '{"t":"a","d":"2024-01-01","u":1}' '{"t":"b","d":"2023-01-01","u":1}' \
	    '{"t":"c","d":"2024-01-01","u":5}' > in
	run pp-rank --by u:asc,d:asc in
	assert_success
	assert_output $'{"t":"b","d":"2023-01-01","u":1}\n{"t":"a","d":"2024-01-01","u":1}\n{"t":"c","d":"2024-01-01","u":5}'
	run pp-rank --by d,u:asc in
	assert_output $'{"t":"a","d":"2024-01-01","u":1}\n{"t":"c","d":"2024-01-01","u":5}\n{"t":"b","d":"2023-01-01","u":1}'
	run pp-rank -r --by d,u:asc in
	assert_output $'{"t":"b","d":"2023-01-01","u":1}\n{"t":"c","d":"2024-01-01","u":5}\n{"t":"a","d":"2024-01-01","u":1}'
	run pp-rank --by t:desc in
	assert_line --index 0 --partial '"t":"c"'
	run --separate-stderr pp-rank --by u:up in
	assert_failure 2
	[[ $stderr == "pp-rank: --by: u:up: the order is asc or desc" ]]
}

@test "a key named that no record has is reported: --by updates, --fields titel" {
	run --separate-stderr pp-rank --by updates "$R/papers.ndjson"
	assert_success
	[ "${#lines[@]}" -eq 8 ]
	[[ $stderr == "pp-rank: key 'updates' is in none of 8 records" ]]
	run --separate-stderr pp-rank --fields titel,abstract knowledge "$R/papers.ndjson"
	assert_success
	[[ $stderr == "pp-rank: key 'titel' is in none of 8 records" ]]
	# the default fields are not named: a record without a title is fine
	run --separate-stderr pp-rank knowledge <<<'{"abstract":"knowledge"}'
	assert_success
	[ -z "$stderr" ]
}

# --- --like ------------------------------------------------------------------

@test "--like scores the cosine to the liked papers' centroid, idf squared, liked papers left out" {
	printf '%s\n' '{"id":"A","title":"alpha beta","abstract":"beta gamma gamma"}' \
	    '{"id":"L1","title":"alpha gamma","abstract":"beta"}' \
	    '{"id":"B","title":"gamma","abstract":"delta"}' \
	    '{"id":"C","title":"alpha","abstract":"epsilon epsilon"}' \
	    '{"id":"D","title":"zeta"}' > corpus
	printf '%s\n' '{"id":"L1","title":"alpha gamma","abstract":"beta"}' \
	    '{"title":"Gamma  Delta","abstract":"alpha"}' > liked
	run pp-rank --no-stem --like liked corpus
	assert_success
	# the reference: log-tf vectors (title twice), normalised; centroid
	# weighted by BM25's idf squared over the corpus
	python3 - "$output" <<-'PY'
	import math, sys
	docs = {"A": ("alpha beta", "beta gamma gamma"), "L1": ("alpha gamma", "beta"),
	        "B": ("gamma", "delta"), "C": ("alpha", "epsilon epsilon"), "D": ("zeta", "")}
	def vec(t, a):
	    tf = {}
	    for w in t.lower().split(): tf[w] = tf.get(w, 0) + 2
	    for w in a.lower().split(): tf[w] = tf.get(w, 0) + 1
	    v = {w: 1 + math.log(n) for w, n in tf.items()}
	    norm = math.sqrt(sum(x * x for x in v.values()))
	    return {w: x / norm for w, x in v.items()}
	liked = [vec("alpha gamma", "beta"), vec("gamma delta", "alpha")]
	cen = {}
	for v in liked:
	    for w, x in v.items(): cen[w] = cen.get(w, 0) + x / len(liked)
	N = len(docs)
	df = {w: sum(1 for t, a in docs.values() if w in (t + " " + a).split()) for w in cen}
	idf = {w: math.log(1 + (N - n + 0.5) / (n + 0.5)) for w, n in df.items()}
	want = {d: sum(x * cen.get(w, 0) * idf.get(w, 0) ** 2 for w, x in vec(*docs[d]).items())
	        for d in ("A", "B", "C")}
	want = sorted(want.items(), key=lambda kv: -kv[1])
	got = [l for l in sys.argv[1].split("\n") if l]
	exp = ['"id":"%s"' % d for d, s in want]
	if len(got) != 3:
	    sys.exit("want 3 records (L1 liked, D shares nothing), got: %s" % got)
	for g, (d, s) in zip(got, want):
	    if '"id":"%s"' % d not in g or '"score":%s}' % ('%.6g' % s) not in g:
	        sys.exit("want %s %.6g, got %s" % (d, s, g))
	PY
}

@test "--like leaves out the liked papers by id, else by folded title; ranks the rest by likeness" {
	L="$R/like"
	run pp-rank --like "$L/liked.ndjson" -n 8 "$L/corpus.ndjson"
	assert_success
	[ "${#lines[@]}" -eq 8 ]
	for id in 0704.1782 0704.0994 0704.11; do
		refute_output --partial "\"id\":\"$id\""
	done
	# the liked papers are combinatorics: so are most of the best
	[ "$(printf '%s\n' "${lines[@]}" | grep -c '"categories":\["math.CO"')" -ge 6 ]
	# a liked paper without id leaves out the records of its title, folded
	jq -c 'select(.id == "0704.1345") | {title, abstract}' "$L/corpus.ndjson" > l2
	printf '%s\n' '{"title":"  TRIQUARK structure and isospin   symmetry breaking in exotic Ds mesons","abstract":"mesons"}' > extra
	run pp-rank --like l2 "$L/corpus.ndjson" extra
	assert_success
	refute_output --partial 'Triquark'
	refute_output --partial 'TRIQUARK'
	# one with an id only the record of that id, not another of its title
	jq -c 'select(.id == "0704.1345") | .id = "9999.0001"' "$L/corpus.ndjson" > other
	run pp-rank --like l2 other
	assert_failure 1
	run pp-rank --like other "$L/corpus.ndjson" extra
	assert_output --partial 'Triquark'
	refute_output --partial 'TRIQUARK'
}

@test "--like needs the liked papers elsewhere than the records; FILE without words is an error" {
	L="$R/like"
	run --separate-stderr pp-rank --like - < "$L/corpus.ndjson"
	assert_failure 2
	[[ $stderr == *"--like -: the liked papers are standard input"* ]]
	run pp-rank --like - "$L/corpus.ndjson" < "$L/liked.ndjson"
	assert_success
	printf '{"id":"x"}\n' > nowords
	run --separate-stderr pp-rank --like nowords "$L/corpus.ndjson"
	assert_failure 2
	[[ $stderr == *"no liked paper with words"* ]]
	run --separate-stderr pp-rank --like "$L/liked.ndjson" --by date "$L/corpus.ndjson"
	assert_failure 2
}

@test "--like with a query: only records that match both, ranked by the product" {
	L="$R/like"
	pp-rank --like "$L/liked.ndjson" "$L/corpus.ndjson" > like
	pp-rank -e graph "$L/corpus.ndjson" > query
	run pp-rank --like "$L/liked.ndjson" -e graph "$L/corpus.ndjson"
	assert_success
	python3 - "$output" <<-'PY'
	import json, sys
	like = {r["id"]: r["score"] for r in map(json.loads, open("like"))}
	query = {r["id"]: r["score"] for r in map(json.loads, open("query"))}
	got = [json.loads(l) for l in sys.argv[1].split("\n") if l]
	both = set(like) & set(query)
	if {r["id"] for r in got} != both:
	    sys.exit("not the records that match both: %s" % [r["id"] for r in got])
	for r in got:
	    want = like[r["id"]] * query[r["id"]]
	    if abs(r["score"] - want) > 1e-5 * max(want, 1e-9) + 1e-6:
	        sys.exit("%s: %s, want %s" % (r["id"], r["score"], want))
	if [r["score"] for r in got] != sorted((r["score"] for r in got), reverse=True):
	    sys.exit("not best first")
	PY
	# nothing liked matches the query: status 1
	run pp-rank --like "$L/liked.ndjson" -e zzzqqq "$L/corpus.ndjson"
	assert_failure 1
}

@test "--like with --recency and -n" {
	L="$R/like"
	run pp-rank --like "$L/liked.ndjson" --recency 1y -n 3 "$R/papers.ndjson" "$L/corpus.ndjson"
	assert_success
	[ "${#lines[@]}" -le 3 ]
}

@test "--like in shards: --stats, --with-stats and --merge give the answer of one process" {
	L="$R/like"
	pp-rank --like "$L/liked.ndjson" "$L/corpus.ndjson" > want
	split -n l/3 -d "$L/corpus.ndjson" shard.
	for s in shard.*; do pp-rank --stats --like "$L/liked.ndjson" "$s"; done > stats
	[ "$(wc -l < stats)" -eq 3 ]
	grep -q '"like_df":\[' stats
	for s in shard.*; do
		pp-rank --like "$L/liked.ndjson" --with-stats stats "$s" || [ $? -eq 1 ]
	done | pp-rank --merge > got
	cmp got want
	# with a query too
	pp-rank --like "$L/liked.ndjson" -e 'graph' "$L/corpus.ndjson" > want
	for s in shard.*; do pp-rank --stats --like "$L/liked.ndjson" -e graph "$s"; done > stats
	for s in shard.*; do
		pp-rank --like "$L/liked.ndjson" -e graph --with-stats stats "$s" || [ $? -eq 1 ]
	done | pp-rank --merge > got
	cmp got want
	# statistics made without --like are refused
	pp-rank --stats knowledge "$L/corpus.ndjson" > plain
	run --separate-stderr pp-rank --like "$L/liked.ndjson" --with-stats plain "$L/corpus.ndjson"
	assert_failure 2
	[[ $stderr == *"no statistics for --like"* ]]
}

@test "--rm3 adds the words of the best records to the query and ranks again" {
	printf '%s\n' '{"id":1,"title":"wing flutter","abstract":"wing flutter aeroelastic divergence"}' \
	    '{"id":2,"title":"wing flutter","abstract":"flutter aeroelastic divergence"}' \
	    '{"id":3,"title":"aeroelastic divergence of panels"}' \
	    '{"id":4,"title":"rotor noise"}' \
	    '{"id":5,"title":"wing flutter panels -","abstract":"excluded"}' > in
	run pp-rank 'wing flutter' in
	[ "${#lines[@]}" -eq 3 ]
	run pp-rank --rm3 -- 'wing flutter -excluded' in
	assert_success
	[ "${#lines[@]}" -eq 3 ]
	assert_line --index 2 --partial '"id":3,'
	refute_output --partial '"id":4,'
	refute_output --partial '"id":5,'
	# the same through the spool
	run pp-rank --rm3 -- 'wing flutter -excluded' < in
	[ "${#lines[@]}" -eq 3 ]
	run pp-rank --rm3 --all 'wing flutter' in
	[ "${#lines[@]}" -eq 5 ]
	assert_line --index 4 --partial '"score":0}'
	run --separate-stderr pp-rank --rm3 --stats 'wing flutter' in
	assert_failure 2
	[[ $stderr == *"--rm3 learns from the best records of the whole collection"* ]]
}

@test "--by and --fields name nested keys as paths, as every pp program does" {
	printf '%s\n' '{"id":1,"s":{"n":2,"t":"rotor"}}' '{"id":2,"s":{"n":5,"t":"wing wing"}}' \
	    '{"id":3,"s":{"n":1}}' > in
	run pp-rank --by s.n in
	assert_success
	assert_output $'{"id":2,"s":{"n":5,"t":"wing wing"}}\n{"id":1,"s":{"n":2,"t":"rotor"}}\n{"id":3,"s":{"n":1}}'
	run pp-rank --fields s.t wing in
	assert_success
	assert_output --partial '"id":2'
	[ "${#lines[@]}" -eq 1 ]
	run --separate-stderr pp-rank --by s.m in
	[[ $stderr == "pp-rank: key 's.m' is in none of 3 records" ]]
}

@test "--like: a field of weight 0 counts for nothing, and no score is NaN" {
	printf '%s\n' '{"title":"wing","abstract":"flutter"}' '{"title":"wing"}' \
	    '{"title":"rotor","abstract":"flutter wing"}' > in
	printf '%s\n' '{"title":"x","abstract":"wing flutter"}' > liked
	run pp-rank --fields 'title^0,abstract' --like liked in
	assert_success
	[ "${#lines[@]}" -eq 2 ]
	refute_output --partial 'nan'
	assert_line --index 0 --partial '"title":"rotor"'
}

# -j: each option set's output and messages with N threads, against -j 1.
same_for_jobs() {
	same_for_jobs_of pp-rank "$@"
}

@test "-j N ranks the generated corpus exactly as one thread, whatever the options" {
	"$TOP/tests/gen-corpus" -n 20000 > corpus
	sed -n '1,20p;5000,5010p' corpus > liked
	head -3 corpus > short
	same_for_jobs 'knowledge distillation' corpus
	[ "$(wc -l < one)" -gt 10000 ]
	same_for_jobs --all '"language models" -survey' corpus
	same_for_jobs -n 25 --recency 180d learning corpus
	same_for_jobs --by date:asc,upvotes corpus
	same_for_jobs -r --by title corpus
	same_for_jobs --like liked -n 100 corpus
	same_for_jobs --like liked -e 'graph neural' corpus
	same_for_jobs --rm3 -n 20 'knowledge transfer' corpus
	same_for_jobs --stats 'knowledge transfer' corpus
	grep -q '"records":20000' one
	same_for_jobs --stats --like liked corpus
	same_for_jobs -e 'model' short corpus short
	same_for_jobs --fields 'title^3,abstract,authors' zzzqqq corpus
	grep -q 'status 1' one.err
}

@test "-j N ranks the ranking test collection exactly as one thread" {
	same_for_jobs 'flow over a flat plate' "$R/cranfield-200.ndjson"
	same_for_jobs -n 10 --all 'boundary layer' "$R/cranfield-200.ndjson" \
	    "$R/cranfield-200.ndjson"
}

@test "-j N with a file of fewer lines than threads" {
	printf '%s\n' '{"title":"wing flutter"}' '{"title":"wing"}' > in
	same_for_jobs wing in
	assert_equal "$(cat one)" $'{"title":"wing","score":0.125739}\n{"title":"wing flutter","score":0.104184}'
	printf '' > empty
	same_for_jobs wing empty in empty
}

@test "-j N reports bad lines with the same FILE:LINE, in order, and goes on" {
	"$TOP/tests/gen-corpus" -n 300 > corpus
	{ sed -n 1,100p corpus; echo '{"title":"wing'; echo; echo '[1]';
	  sed -n 101,200p corpus; printf '\xef\xbb\xbf{"title":"mid-file BOM"}\n';
	  sed -n 201,300p corpus; printf '{"title":"learning, no newline"}'; } > bad
	same_for_jobs --all learning bad corpus bad
	assert_equal "$(cat one.err)" "pp-rank: bad:101: invalid JSON: unterminated string at end of line
pp-rank: bad:103: not a JSON object
pp-rank: bad:204: invalid JSON: unexpected character at column 1
pp-rank: bad:101: invalid JSON: unterminated string at end of line
pp-rank: bad:103: not a JSON object
pp-rank: bad:204: invalid JSON: unexpected character at column 1
status 2"
	grep -q 'no newline' one
	same_for_jobs --by id bad
}

@test "-j N from standard input or a pipe reads with one thread, same answer" {
	printf '%s\n' '{"title":"wing flutter"}' '{"title":"wing"}' '{"title":"rotor"}' > in
	run pp-rank -j 4 wing < in
	assert_success
	[ "${#lines[@]}" -eq 2 ]
	run pp-rank -j 4 wing - < in
	assert_success
	[ "${#lines[@]}" -eq 2 ]
	run bash -c "cat in | pp-rank -j 4 wing"
	assert_success
	[ "${#lines[@]}" -eq 2 ]
}

@test "-j N with no descriptor left to open the file again for threads reads with one thread, same answer" {
	"$TOP/tests/gen-corpus" -n 300 > in
	pp-rank -j 1 --stats learning in > want
	pp-rank -j 1 -n 20 learning in >> want
	# 0, 1, 2 and the file: no room for a thread's own descriptor (the
	# descriptors bats keeps open closed first)
	run --separate-stderr bash -c 'for fd in $(ls /proc/$$/fd); do
	    [ "$fd" -gt 2 ] && eval "exec $fd>&-"; done; ulimit -n 4 &&
	    pp-rank -j 3 --stats learning in && pp-rank -j 3 -n 20 learning in'
	assert_success
	assert_equal "$stderr" ""
	assert_equal "$output" "$(cat want)"
}

@test "-j by default starts no thread for a small file; -j N starts them" {
	command -v strace >/dev/null || skip "strace not installed (make check installs it)"
	printf '%s\n' '{"title":"wing flutter"}' '{"title":"wing"}' > in
	# (no leak check: LeakSanitizer's own thread would be counted)
	ASAN_OPTIONS=detect_leaks=0 strace -f -qq -e trace=clone,clone3 \
	    -o trace pp-rank wing in > out
	[ "$(wc -l < out)" -eq 2 ]
	! grep -q clone trace
	ASAN_OPTIONS=detect_leaks=0 strace -f -qq -e trace=clone,clone3 \
	    -o trace pp-rank -j 2 wing in > out
	[ "$(wc -l < out)" -eq 2 ]
	grep -q clone trace
}

@test "-j needs a whole number of threads from 1" {
	printf '%s\n' '{"title":"wing"}' > in
	run --separate-stderr pp-rank -j 0 wing in
	assert_failure 2
	[[ $stderr == "pp-rank: -j: '0' is not between 1 and 256" ]]
	run --separate-stderr pp-rank --jobs x wing in
	assert_failure 2
}

@test "lines are written as read: CRLF, a CR of their own, a BOM, no last newline, from a file or a pipe" {
	printf '\xef\xbb\xbf{"title":"wing a"}\r\n{"title":"wing b"}\r\r\n{"title":"wing c","x":"%s"}\n{"title":"wing d"}' \
	    "$(head -c 5000 /dev/zero | tr '\0' y)" > in
	pp-rank --by title in > from-file
	pp-rank --by title < in > from-pipe
	cat in | pp-rank --by title > from-pipe2
	cmp from-file from-pipe
	cmp from-file from-pipe2
	run pp-rank --by title in
	assert_line --index 0 '{"title":"wing a"}'
	assert_line --index 1 $'{"title":"wing b"}\r'
	assert_line --index 2 --partial 'yyyy"}'
	assert_line --index 3 '{"title":"wing d"}'
	[ "${#lines[@]}" -eq 4 ]
}
