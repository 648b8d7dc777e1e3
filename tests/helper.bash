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
