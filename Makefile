# Kohtaamo — see README.md. Two entry points for people: `make run`, `make check`.
CC      ?= cc
PKGS     = libmicrohttpd sqlite3 libpq jansson libsodium md4c-html xlsxwriter libqrencode
CSTD     = -std=c11 -D_GNU_SOURCE
WARN     = -Wall -Wextra -Wshadow -Wformat=2 -Wno-unused-parameter
OPT     ?= -O2 -g
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CFLAGS_ALL = $(CSTD) $(WARN) $(OPT) $(PKG_CFLAGS) $(EXTRA_CFLAGS) -Isrc
LDLIBS_ALL = $(PKG_LIBS) -lpthread -lm $(EXTRA_LDFLAGS)

BUILD   ?= build
LIB_SRC  = $(filter-out src/main.c,$(shell find src -name '*.c' | sort))
LIB_OBJ  = $(LIB_SRC:%.c=$(BUILD)/%.o)
UNIT_SRC = $(shell find tests -name 'test_*.c' -not -path 'tests/integration/*' | sort)
UNIT_BIN = $(UNIT_SRC:%.c=$(BUILD)/%)
INTEG_SRC = $(shell find tests/integration -name 'test_*.c' | sort)
INTEG_BIN = $(INTEG_SRC:%.c=$(BUILD)/%)

.PHONY: all run check deps tests test-unit test-integration bench fuzz clean asan asan-test po-update
all: $(BUILD)/kohtaamo

deps:
	@scripts/install-deps.sh

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -MMD -MP -c $< -o $@

$(BUILD)/libkohtaamo.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/kohtaamo: $(BUILD)/src/main.o $(BUILD)/libkohtaamo.a
	$(CC) $(CFLAGS_ALL) -o $@ $^ $(LDLIBS_ALL)

$(BUILD)/tests/%: tests/%.c $(BUILD)/libkohtaamo.a $(wildcard tests/support/*.c tests/support/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -Itests/support -o $@ $< tests/support/*.c $(BUILD)/libkohtaamo.a $(LDLIBS_ALL) -lcmocka -lcurl

run: deps
	@$(MAKE) --no-print-directory all
	@mkdir -p var
	$(BUILD)/kohtaamo migrate --database sqlite:var/kohtaamo.db
	$(BUILD)/kohtaamo demo-data --database sqlite:var/kohtaamo.db
	$(BUILD)/kohtaamo serve --listen 127.0.0.1:8080 --database sqlite:var/kohtaamo.db

check: deps
	@scripts/check.sh

tests: $(BUILD)/kohtaamo $(UNIT_BIN) $(INTEG_BIN)

test-unit: $(UNIT_BIN)
	@scripts/run-tests.sh $(UNIT_BIN)

test-integration: $(BUILD)/kohtaamo $(INTEG_BIN)
	@KOHTAAMO_BIN=$(BUILD)/kohtaamo scripts/run-tests.sh $(INTEG_BIN)

# Regenerates po/kohtaamo.pot from the sources and merges it into the catalogs.
po-update: $(BUILD)/tests/view/test_catalogs
	-KOHTAAMO_WRITE_POT=po/kohtaamo.pot $(BUILD)/tests/view/test_catalogs >/dev/null 2>&1
	for l in fi sv en; do msgmerge -q -U --backup=none --no-fuzzy-matching po/$$l.po po/kohtaamo.pot && msgattrib --no-obsolete -o po/$$l.po po/$$l.po; done

ASAN_VARS = BUILD=build-asan CC=clang OPT="-O1 -g -fno-omit-frame-pointer" \
  EXTRA_CFLAGS="-fsanitize=address,undefined -fno-sanitize-recover=undefined" \
  EXTRA_LDFLAGS="-fsanitize=address,undefined"
asan:
	@$(MAKE) --no-print-directory $(ASAN_VARS) tests
asan-test: asan
	@ASAN_OPTIONS=detect_leaks=1 $(MAKE) --no-print-directory $(ASAN_VARS) test-unit
	@ASAN_OPTIONS=detect_leaks=1 KOHTAAMO_TEST_BACKEND=sqlite $(MAKE) --no-print-directory $(ASAN_VARS) test-integration

FUZZ_SECONDS ?= 60
fuzz:
	@scripts/fuzz.sh $(FUZZ_SECONDS)

bench: deps
	@scripts/bench.sh

clean:
	rm -rf build build-werror build-asan build-fuzz build-bench

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
