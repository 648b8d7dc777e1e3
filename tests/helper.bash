# Loaded by every bats file: bats-support and bats-assert, the freshly
# built programs first on PATH, and the paths of the test data.
bats_load_library bats-support
bats_load_library bats-assert

TOP="$(cd "$BATS_TEST_DIRNAME/.." && pwd)"
DATA="$TOP/tests/data"
PATH="$TOP/cmd:$PATH"
export LC_ALL=C.UTF-8
unset NO_COLOR COLUMNS
