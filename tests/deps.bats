#!/usr/bin/env bats
# The Debian packages `make check` and `make demo` install must cover what
# the build and the tests use: a fresh machine gets everything, or the
# missing piece shows up here rather than on a user's machine.

load helper

setup_file() {
	command -v apt-cache >/dev/null || return 0
	# the listed packages and everything they depend on
	make -s -C "$TOP" print-deps > "$BATS_FILE_TMPDIR/listed"
	apt-cache depends --recurse --no-recommends --no-suggests \
	    --no-conflicts --no-breaks --no-replaces --no-enhances \
	    $(cat "$BATS_FILE_TMPDIR/listed") 2>/dev/null |
	    grep -v '^ ' | sed 's/:.*//' | sort -u > "$BATS_FILE_TMPDIR/closure"
}

setup() {
	command -v dpkg >/dev/null || skip "not a Debian system"
	deps=" $(cat "$BATS_FILE_TMPDIR/listed") "
}

# Is the package that owns path $1 listed (or pulled in by one listed)?
owner_listed() {
	local pkg
	pkg=$(dpkg -S "$1" 2>/dev/null | grep -v '^diversion' | head -1 | cut -d: -f1)
	[ -n "$pkg" ] || { echo "no package owns $1"; return 1; }
	grep -qx "$pkg" "$BATS_FILE_TMPDIR/closure" && return 0
	echo "$1 comes from $pkg, which no package in the Makefile's lists brings"
	return 1
}

@test "every library the programs link comes from a listed package" {
	for l in $(make -s -C "$TOP" print-ldlibs); do
		so=$(cc -print-file-name="lib${l#-l}.so")
		[ -e "$so" ] || so=$(cc -print-file-name="lib${l#-l}.a")
		run owner_listed "$(readlink -f "$so")"
		assert_success
	done
}

@test "every system header the code includes comes from a listed package" {
	for h in $(cat "$TOP"/cmd/*.c "$TOP"/common/*.[ch] 2>/dev/null |
	    sed -n 's/^#include <\(.*\)>.*/\1/p' | sort -u); do
		path=$(echo "#include <$h>" | cc -E -H -x c - 2>&1 >/dev/null |
		    sed -n '1s/^\. //p')
		[ -n "$path" ] || fail "cannot find <$h>"
		run owner_listed "$(readlink -f "$path")"
		assert_success
	done
}

@test "every command the tests and the demo run comes from a listed package" {
	for c in bats mandoc jq python3 sqlite3 mlr parallel cc make time col; do
		command -v "$c" >/dev/null || fail "$c is not installed"
		run owner_listed "$(readlink -f "/usr/bin/$c")"
		assert_success
	done
}

@test "install-deps says which packages it installs" {
	grep -q 'installing missing Debian packages' "$TOP/tests/install-deps"
	run sh "$TOP/tests/install-deps" make
	assert_success
	assert_output ""
}

@test "make install puts every program and page under DESTDIR; uninstall takes them away" {
	d="$BATS_TEST_TMPDIR/root"
	# -o all: install what is built, whatever flags it was built with
	make -s -C "$TOP" -o all install DESTDIR="$d" PREFIX=/usr
	for p in pp-split pp-fields pp-grep pp-rank pp-fmt; do
		[ -x "$d/usr/bin/$p" ]
		[ -f "$d/usr/share/man/man1/$p.1" ]
	done
	[ -f "$d/usr/share/man/man7/pp.7" ]
	make -s -C "$TOP" -o all uninstall DESTDIR="$d" PREFIX=/usr
	[ -z "$(find "$d" -type f)" ]
}
