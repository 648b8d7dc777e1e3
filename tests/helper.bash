# Loaded by every bats file: bats-support and bats-assert, the freshly
# built programs first on PATH, and the paths of the test data.
bats_load_library bats-support
bats_load_library bats-assert

TOP="$(cd "$BATS_TEST_DIRNAME/.." && pwd)"
DATA="$TOP/tests/data"
PATH="$TOP/cmd:$PATH"
export LC_ALL=C.UTF-8
unset NO_COLOR COLUMNS

# Runs each "$ command" line of a man page's EXAMPLES as typed, from a
# scratch directory that holds tests/data: each must succeed with nothing
# on stderr.  Examples that need a clipboard or a pager are left out.
run_man_examples() {
	local page="$TOP/man/$1" cmd n=0
	cd "$BATS_TEST_TMPDIR"
	ln -sfn "$TOP/tests" tests
	while IFS= read -r cmd; do
		case "$cmd" in *xclip*|*"| less"*) continue ;; esac
		run --separate-stderr sh -c "$cmd"
		[ "$status" -eq 0 ] || { echo "$cmd: status $status: $stderr"; return 1; }
		[ -z "$stderr" ] || { echo "$cmd: $stderr"; return 1; }
		n=$((n + 1))
	done < <(sed -n '/^\.Sh EXAMPLES/,/^\.Sh /s/^\.Dl \$ //p' "$page" |
	    sed 's/\\&//g; s/\\e/\\/g')
	[ "$n" -ge 2 ]
}

# A file for -j: 300 generated papers (seven blocks of threads' reading and
# more) with what a thread must hand on as one would: bad lines and blank
# ones on both sides of block edges, a byte order mark mid-file (not the
# first line's, so kept), CRLF lines, a line longer than a block, and no
# last newline.
make_jobs_corpus() {
	local long
	long=$(head -c 150000 /dev/zero | tr '\0' 'x')
	{ sed -n 1,60p "$1.src"; echo '{"title":"wing'; echo; echo '[1]'
	  sed -n 61,120p "$1.src" | sed 's/$/\r/'
	  printf '\xef\xbb\xbf{"title":"mid-file BOM"}\n'
	  printf '{"title":"long","abstract":"%s learning"}\n' "$long"
	  sed -n 121,200p "$1.src"; echo '{"title": tru}'
	  sed -n 201,300p "$1.src"
	  printf '{"title":"learning, no newline"}'; } > "$1"
}

# Runs PROG ARGS with -j 1, then 2, 3 and 8 threads: output, messages,
# the two interleaved, and exit status must be the same.  -j 1's are left
# in one and one.err.
same_for_jobs_of() {
	local prog=$1 j st=0
	shift
	"$prog" -j 1 "$@" > one 2> one.err || st=$?
	echo "status $st" >> one.err
	"$prog" -j 1 "$@" > one.both 2>&1 || true
	for j in 2 3 8; do
		st=0
		"$prog" -j "$j" "$@" > many 2> many.err || st=$?
		echo "status $st" >> many.err
		cmp one many || { echo "-j $j differs: $prog $*"; return 1; }
		cmp one.err many.err ||
		    { echo "-j $j messages differ: $prog $*"; return 1; }
		"$prog" -j "$j" "$@" > many.both 2>&1 || true
		cmp one.both many.both ||
		    { echo "-j $j interleaves differently: $prog $*"; return 1; }
	done
}
