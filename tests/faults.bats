#!/usr/bin/env bats
# What files alone cannot make, made by tests/faults.so through LD_PRELOAD:
# a disk that fails in mid-file, and a file renamed over while threads
# read it.  With -j, the answer must still be one thread's.

bats_require_minimum_version 1.5.0
load helper

setup() {
	FAULTS="$TOP/tests/faults.so"
	[ -f "$FAULTS" ] || skip "tests/faults.so is not built (make check builds it)"
	# a sanitizer's runtime would ask to come before the preloaded library
	export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
	cd "$BATS_TEST_TMPDIR"
	"$TOP/tests/gen-corpus" -n 300 > bad.src
	make_jobs_corpus bad
}

# Bytes OFF to OFF+LEN of bad cannot be read; each program, with one
# thread and with several, gives the same output, messages and status.
same_with_bad_bytes() (
	export PP_FAULT_BAD="$PWD/bad:$1:$2" LD_PRELOAD="$FAULTS"
	same_for_jobs_of pp-grep -i -k title distill bad
	grep -qx 'pp-grep: bad: Input/output error' one.err
	grep -qx 'status 2' one.err
	same_for_jobs_of pp-grep -c learning bad
	same_for_jobs_of pp-fields title,date bad
	same_for_jobs_of pp-fmt -o tsv -f title,date bad
	same_for_jobs_of pp-rank -n 20 learning bad
	same_for_jobs_of pp-rank --stats learning bad
	same_for_jobs_of pp-rank --by date -n 20 bad
	grep -qx 'pp-rank: bad: Input/output error' one.err
)

@test "a read error in mid-file ends the file for -j N as for one thread: the same output, messages and counts" {
	# the fault is real: one thread stops there
	PP_FAULT_BAD="$PWD/bad:200000:4096" LD_PRELOAD="$FAULTS" \
	    run --separate-stderr pp-grep -c -j 1 learning bad
	assert_failure 2
	assert_equal "${stderr##*$'\n'}" "pp-grep: bad: Input/output error"
	[ "$output" -lt "$(pp-grep -c learning bad)" ]
	# in a block's lines, across a block's edge (the line that starts
	# the next block unreadable), and in the line longer than a block
	same_with_bad_bytes 200000 4096
	same_with_bad_bytes 196608 100
	same_with_bad_bytes 262100 10
	off=$(grep -b -a -m 1 '"title":"long"' bad | cut -d: -f1)
	same_with_bad_bytes "$((off + 70000))" 4096
}

@test "a file renamed over while threads read it: they read the file that was opened" {
	pp-grep -v zzz bad.src > other
	for cmd in "pp-grep -i -k title distill" "pp-grep -c learning" \
	    "pp-fields title,date" "pp-fmt -o tsv -f title,date" \
	    "pp-rank --stats learning"; do
		$cmd -j 1 bad > want 2> want.err || true
		cp bad x
		cp other y
		# the first thread that starts renames y over x
		PP_FAULT_SWAP="$PWD/x:$PWD/y" LD_PRELOAD="$FAULTS" \
		    $cmd -j 3 x > got 2> got.err || true
		[ ! -e y ] || { echo "no rename: $cmd"; return 1; }
		cmp want got || { echo "output differs: $cmd"; return 1; }
		diff <(sed 's/^\([a-z-]*\): bad:/\1: x:/' want.err) got.err ||
		    { echo "messages differ: $cmd"; return 1; }
	done
}
