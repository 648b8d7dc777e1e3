# pp: paper pipes.  One hand-written Makefile; see README.md.

VERSION = 0.1.0
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANPREFIX ?= $(PREFIX)/share/man
# Where bash-completion, zsh and fish look for completions of a command.
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR ?= $(PREFIX)/share/zsh/site-functions
FISHCOMPDIR ?= $(PREFIX)/share/fish/vendor_completions.d

CC ?= cc
CFLAGS ?= -O2 -g
WARNINGS = -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes
PP_CPPFLAGS = -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
	-DVERSION=\"$(VERSION)\" -Icommon -I/usr/include/libxml2
# Debian's libjq 1.6 and btparse ship no pkg-config file; libxml2's headers
# live in their own folder (above); the others need no flags.  libxml2 is
# not linked: pp-split opens it when it first reads HTML or XML
# (cmd/split/libxml.c says why), in its own namespace, so its comment()
# (libxml2's old SAX1 handler) cannot take the call of btparse's lexer.
LDLIBS = -ljq -lutf8proc -lpcre2-8 -lstemmer -lbtparse -lmd4c -lpthread -lm

# make check SANITIZE=1: AddressSanitizer and UBSan, stop at the first error.
ifeq ($(SANITIZE),1)
CFLAGS += -O1 -fsanitize=address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=all
LDFLAGS += -fsanitize=address,undefined
endif

# Debian packages: what the build needs, and what the tests and demo need.
BUILD_DEPS = gcc make libc6-dev libjq-dev libutf8proc-dev libpcre2-dev \
	libstemmer-dev libxml2-dev libmd4c-dev libbtparse-dev
# texlive-base holds plain.bst, the style the BibTeX test runs bibtex with.
TEST_DEPS = bats bats-assert bats-support bsdextrautils mandoc jq python3 \
	sqlite3 miller time parallel texlive-binaries texlive-base tidy \
	groff-base
# make bench: the timer, the peers pp is measured against, GNU time for peak RSS.
# DuckDB, not in Debian, comes from npm: tests/bench/duckdb-setup.
BENCH_DEPS = hyperfine jq gojq miller ripgrep sqlite3 mawk parallel time \
	python3 strace
# tests/bench/shard-ssh starts its own sshd on 127.0.0.1; installing the
# package may also start the system's, so only make bench asks for it.
SHARD_DEPS = openssh-server
FUZZ_DEPS = clang libclang-rt-14-dev

# A program of one concern is one file, cmd/pp-NAME.c; one of several is a
# folder, cmd/NAME/ (main.c and its engines), built as cmd/pp-NAME all the
# same, so every program is run as cmd/pp-NAME.
PROG_FILES = $(wildcard cmd/*.c)
PROG_DIRS = $(filter-out $(PROG_FILES:cmd/pp-%.c=%),\
	$(patsubst cmd/%/,%,$(wildcard cmd/*/)))
PROGS = $(PROG_FILES:.c=) $(PROG_DIRS:%=cmd/pp-%)
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
# tests/fuzz/pp-X.c drives cmd/pp-X.c (a one-file program) and is built
# once that program exists; tests/fuzz/X-*.c calls the engines of cmd/X/
# directly and is linked with every file there but main.c.
FUZZ_SRCS = $(foreach f,$(wildcard tests/fuzz/*.c),$(if $(filter pp-%,\
	$(notdir $f)),$(if $(wildcard cmd/$(notdir $f)),$f),$f))
fuzz_engines = $(filter-out %/main.c,$(wildcard cmd/$(firstword \
	$(subst -, ,$(notdir $(1))))/*.c))
FUZZ_TARGETS = $(FUZZ_SRCS:.c=-fuzz)

all: $(PROGS)

# Rebuild everything when the compiler flags change (SANITIZE=1 and back).
FLAGS_STAMP = common/.flags
FLAGS_NOW = $(CC) $(CFLAGS) $(WARNINGS) $(PP_CPPFLAGS) $(CPPFLAGS) $(LDFLAGS)
$(FLAGS_STAMP): FORCE
	@echo '$(FLAGS_NOW)' | cmp -s - $@ || echo '$(FLAGS_NOW)' > $@

common/%.o: common/%.c common/pp.h $(FLAGS_STAMP)
	$(CC) $(CFLAGS) $(WARNINGS) $(PP_CPPFLAGS) $(CPPFLAGS) -c -o $@ $<

$(LIB): $(LIB_OBJS)
	rm -f $@
	ar rcs $@ $(LIB_OBJS)

cmd/%: cmd/%.c $(LIB) common/pp.h $(FLAGS_STAMP)
	$(CC) $(CFLAGS) $(WARNINGS) $(PP_CPPFLAGS) $(CPPFLAGS) $(LDFLAGS) \
		-o $@ $< $(LIB) $(LDLIBS)

# cmd/NAME/*.c -> cmd/pp-NAME, compiled in one go.
define prog_dir
cmd/pp-$(1): $$(wildcard cmd/$(1)/*.c cmd/$(1)/*.h) $$(LIB) common/pp.h \
		$$(FLAGS_STAMP)
	$$(CC) $$(CFLAGS) $$(WARNINGS) $$(PP_CPPFLAGS) -Icmd/$(1) $$(CPPFLAGS) \
		$$(LDFLAGS) -o $$@ $$(wildcard cmd/$(1)/*.c) $$(LIB) $$(LDLIBS)
endef
$(foreach d,$(PROG_DIRS),$(eval $(call prog_dir,$(d))))

# make deps installs the Debian packages the build, the tests and the bench
# need (naming them); all, install and the programs never run apt-get.
deps:
	@sh tests/install-deps $(BUILD_DEPS) $(TEST_DEPS) $(BENCH_DEPS)

build-deps:
	@sh tests/install-deps $(BUILD_DEPS)

# tests/bench.bats checks the bench's plumbing, so check needs BENCH_DEPS too.
test-deps: deps

# Every bats file, then every man page through mandoc's linter.
# The man pages are linted to mandoc's STYLE level too, but for cross
# references, which depend on the pages and mandoc.db this machine has
# ("referenced manual not found", "outdated mandoc.db ... run makewhatis"),
# and rendered as man(1) does in a C locale, where groff must not warn.
check: test-deps
	@$(MAKE) --no-print-directory all tests/faults.so
	sh tests/run-bats tests
	test -z "$(MANS)" || mandoc -Tlint -W warning $(MANS)
	@test -z "$(MANS)" || ! mandoc -Tlint -W style $(MANS) 2>&1 | \
		grep -v -e 'referenced manual not found' -e 'outdated mandoc.db'
	@for m in $(MANS); do LC_ALL=C groff -mtty-char -mandoc -Tascii -z $$m \
		2>&1 | grep . && exit 1; done; true

# Faults for tests/faults.bats, through LD_PRELOAD: a disk that fails in
# mid-file, a file renamed over.  Built plainly, even with SANITIZE=1: a
# sanitizer's runtime must come first, and this library only passes on.
tests/faults.so: tests/faults.c
	$(CC) -O2 -Wall -Wextra -fPIC -shared -o $@ tests/faults.c -ldl

# The demo needs the build and jq, nothing else.
demo:
	@sh tests/install-deps $(BUILD_DEPS) jq
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

# The library and each program's engines are compiled once, instrumented,
# into tests/fuzz/obj/, and every target links the objects it needs: a
# dozen targets then cost a dozen links, not a dozen builds of the library.
FUZZ_OBJ_CFLAGS = $(FUZZ_CFLAGS:-fsanitize=fuzzer,%=-fsanitize=fuzzer-no-link,%)
FUZZ_LIB_OBJS = $(LIB_SRCS:%.c=tests/fuzz/obj/%.o)
fuzz_objs = $(patsubst %.c,tests/fuzz/obj/%.o,$(call fuzz_engines,$(1)))

tests/fuzz/obj/%.o: %.c common/pp.h $(wildcard cmd/*/*.h)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_OBJ_CFLAGS) $(WARNINGS) $(PP_CPPFLAGS) \
		-DINPUT_BUFSIZE=8 -c -o $@ $<

.PRECIOUS: tests/fuzz/obj/%.o
.SECONDEXPANSION:
tests/fuzz/%-fuzz: tests/fuzz/%.c $(wildcard tests/fuzz/*.h) $(FUZZ_LIB_OBJS) \
		$$(call fuzz_objs,$$*) $(wildcard cmd/*.c)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(WARNINGS) $(PP_CPPFLAGS) \
		-Icmd/$(firstword $(subst -, ,$*)) -DINPUT_BUFSIZE=8 -o $@ $< \
		$(call fuzz_objs,$*) $(FUZZ_LIB_OBJS) $(FUZZ_LDFLAGS) $(LDLIBS)

# The program targets run a program's main (tests/fuzz/harness.h).
tests/fuzz/pp-%-fuzz: FUZZ_LDFLAGS = -Wl,--wrap=exit
# fmt-main drives pp-fmt's main.c (cmd/fmt/) the same way.
tests/fuzz/fmt-main-fuzz: FUZZ_LDFLAGS = -Wl,--wrap=exit

# A missed target fails make bench, but only once the sharded run has been
# timed too.
bench: test-deps
	@sh tests/install-deps $(SHARD_DEPS)
	@sh tests/bench/duckdb-setup || true
	@$(MAKE) --no-print-directory all
	@st=0; sh tests/bench/run || st=$$?; sh tests/bench/shard-ssh || st=1; \
		exit $$st

print-deps:
	@echo $(BUILD_DEPS) $(TEST_DEPS) $(BENCH_DEPS) $(SHARD_DEPS) $(FUZZ_DEPS)

print-ldlibs:
	@echo $(LDLIBS)

# Each program writes its shell completions from its own option table
# (--generate complete-bash, as ripgrep has it), so they never drift.
install: all
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANPREFIX)/man1 \
		$(DESTDIR)$(MANPREFIX)/man7
	cp -f $(PROGS) $(DESTDIR)$(BINDIR)/
	cp -f man/*.1 $(DESTDIR)$(MANPREFIX)/man1/
	cp -f man/*.7 $(DESTDIR)$(MANPREFIX)/man7/
	mkdir -p $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR) \
		$(DESTDIR)$(FISHCOMPDIR)
	for p in $(PROGS); do n=$${p#cmd/}; \
		./$$p --generate complete-bash > $(DESTDIR)$(BASHCOMPDIR)/$$n && \
		./$$p --generate complete-zsh > $(DESTDIR)$(ZSHCOMPDIR)/_$$n && \
		./$$p --generate complete-fish \
			> $(DESTDIR)$(FISHCOMPDIR)/$$n.fish || exit 1; \
	done

uninstall:
	for p in $(PROGS); do n=$${p#cmd/}; rm -f $(DESTDIR)$(BINDIR)/$$n \
		$(DESTDIR)$(BASHCOMPDIR)/$$n $(DESTDIR)$(ZSHCOMPDIR)/_$$n \
		$(DESTDIR)$(FISHCOMPDIR)/$$n.fish; done
	for m in $(MANS); do case $$m in \
		*.1) rm -f $(DESTDIR)$(MANPREFIX)/man1/$${m#man/};; \
		*.7) rm -f $(DESTDIR)$(MANPREFIX)/man7/$${m#man/};; esac; done

clean:
	rm -f $(PROGS) $(LIB) $(LIB_OBJS) $(FLAGS_STAMP) $(FUZZ_TARGETS) \
		tests/faults.so
	rm -rf tests/fuzz/obj

FORCE:

.PHONY: all check demo bench fuzz fuzz-build fuzz-deps install uninstall \
	clean deps build-deps test-deps print-deps print-ldlibs FORCE
