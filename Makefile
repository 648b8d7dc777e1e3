# pp: paper pipes.  One hand-written Makefile; see README.md.

VERSION = 0.1.0
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANPREFIX ?= $(PREFIX)/share/man

CC ?= cc
CFLAGS ?= -O2 -g
WARNINGS = -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes
PP_CPPFLAGS = -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
	-DVERSION=\"$(VERSION)\" -Icommon
# Debian's libjq 1.6 ships no pkg-config file; the others need none either.
LDLIBS = -ljq -lutf8proc -lpcre2-8 -lstemmer -lm

# make check SANITIZE=1: AddressSanitizer and UBSan, stop at the first error.
ifeq ($(SANITIZE),1)
CFLAGS += -O1 -fsanitize=address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=all
LDFLAGS += -fsanitize=address,undefined
endif

# Debian packages: what the build needs, and what the tests and demo need.
BUILD_DEPS = gcc make libc6-dev libjq-dev libutf8proc-dev libpcre2-dev \
	libstemmer-dev
TEST_DEPS = bats bats-assert bats-support bsdextrautils mandoc jq python3 \
	sqlite3 miller time parallel
# make bench: the timer, the peers pp is measured against, GNU time for peak RSS.
BENCH_DEPS = hyperfine jq miller ripgrep sqlite3 mawk parallel time python3
FUZZ_DEPS = clang libclang-rt-14-dev

PROGS = $(patsubst cmd/%.c,cmd/%,$(wildcard cmd/*.c))
LIB_SRCS = $(wildcard common/*.c)
LIB_OBJS = $(LIB_SRCS:.c=.o)
LIB = common/libpp.a
MANS = $(wildcard man/*.1 man/*.7)

# libFuzzer targets: tests/fuzz/NAME.c builds tests/fuzz/NAME-fuzz with the
# library's sources (instrumented; the line reader with a tiny buffer so
# that its refill paths run on small inputs).
FUZZ_CC = clang
FUZZ_SECONDS = 60
FUZZ_CFLAGS = -g -O1 -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=all -fno-omit-frame-pointer
# tests/fuzz/pp-X.c drives cmd/pp-X.c: built once that program exists.
FUZZ_SRCS = $(foreach f,$(wildcard tests/fuzz/*.c),$(if $(filter pp-%,\
	$(notdir $f)),$(if $(wildcard cmd/$(notdir $f)),$f),$f))
FUZZ_TARGETS = $(FUZZ_SRCS:.c=-fuzz)

all: $(PROGS)

# Rebuild everything when the compiler flags change (SANITIZE=1 and back).
FLAGS_STAMP = common/.flags
FLAGS_NOW = $(CC) $(CFLAGS) $(WARNINGS) $(PP_CPPFLAGS) $(CPPFLAGS) $(LDFLAGS)
$(FLAGS_STAMP): FORCE | build-deps
	@echo '$(FLAGS_NOW)' | cmp -s - $@ || echo '$(FLAGS_NOW)' > $@

common/%.o: common/%.c common/pp.h $(FLAGS_STAMP)
	$(CC) $(CFLAGS) $(WARNINGS) $(PP_CPPFLAGS) $(CPPFLAGS) -c -o $@ $<

$(LIB): $(LIB_OBJS)
	rm -f $@
	ar rcs $@ $(LIB_OBJS)

cmd/%: cmd/%.c $(LIB) common/pp.h $(FLAGS_STAMP)
	$(CC) $(CFLAGS) $(WARNINGS) $(PP_CPPFLAGS) $(CPPFLAGS) $(LDFLAGS) \
		-o $@ $< $(LIB) $(LDLIBS)

build-deps:
	@sh tests/install-deps $(BUILD_DEPS)

# tests/bench.bats checks the bench's plumbing, so check needs BENCH_DEPS too.
test-deps:
	@sh tests/install-deps $(BUILD_DEPS) $(TEST_DEPS) $(BENCH_DEPS)

# Every bats file, then every man page through mandoc's linter.
check: test-deps
	@$(MAKE) --no-print-directory all
	sh tests/run-bats tests
	test -z "$(MANS)" || mandoc -Tlint -W warning $(MANS)

demo: test-deps
	@$(MAKE) --no-print-directory all
	@sh tests/demo

# Each fuzz target for FUZZ_SECONDS on a seed corpus made from tests/data/,
# one after the other at the lowest priority; see tests/fuzz/run.
fuzz: fuzz-deps
	@$(MAKE) --no-print-directory fuzz-build
	FUZZ_SEED=$(FUZZ_SEED) FUZZ_RUNS=$(FUZZ_RUNS) \
		sh tests/fuzz/run $(FUZZ_SECONDS) $(FUZZ_TARGETS)

fuzz-build: $(FUZZ_TARGETS)

fuzz-deps:
	@sh tests/install-deps $(BUILD_DEPS) $(FUZZ_DEPS)

tests/fuzz/%-fuzz: tests/fuzz/%.c $(wildcard tests/fuzz/*.h) $(LIB_SRCS) common/pp.h \
		$(wildcard cmd/*.c)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(WARNINGS) $(PP_CPPFLAGS) \
		-DINPUT_BUFSIZE=8 -o $@ $< $(LIB_SRCS) $(FUZZ_LDFLAGS) $(LDLIBS)

# The program targets run a program's main (tests/fuzz/harness.h).
tests/fuzz/pp-%-fuzz: FUZZ_LDFLAGS = -Wl,--wrap=exit

bench: test-deps
	@$(MAKE) --no-print-directory all
	@sh tests/bench/run

print-deps:
	@echo $(BUILD_DEPS) $(TEST_DEPS) $(BENCH_DEPS) $(FUZZ_DEPS)

print-ldlibs:
	@echo $(LDLIBS)

install: all
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANPREFIX)/man1 \
		$(DESTDIR)$(MANPREFIX)/man7
	cp -f $(PROGS) $(DESTDIR)$(BINDIR)/
	cp -f man/*.1 $(DESTDIR)$(MANPREFIX)/man1/
	cp -f man/*.7 $(DESTDIR)$(MANPREFIX)/man7/

uninstall:
	for p in $(PROGS); do rm -f $(DESTDIR)$(BINDIR)/$${p#cmd/}; done
	for m in $(MANS); do case $$m in \
		*.1) rm -f $(DESTDIR)$(MANPREFIX)/man1/$${m#man/};; \
		*.7) rm -f $(DESTDIR)$(MANPREFIX)/man7/$${m#man/};; esac; done

clean:
	rm -f $(PROGS) $(LIB) $(LIB_OBJS) $(FLAGS_STAMP) $(FUZZ_TARGETS)

FORCE:

.PHONY: all check demo bench fuzz fuzz-build fuzz-deps install uninstall \
	clean build-deps test-deps print-deps print-ldlibs FORCE
