#!/usr/bin/env bash
# Everything `make check` runs, in order. Prints "N passed, N failed" at the end.
set -uo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh check || exit 1

passed=0; failed=0; failures=()
step() {  # step NAME COMMAND...
  local name=$1; shift
  echo; echo "==== $name"
  local t0=$SECONDS
  if "$@"; then passed=$((passed + 1)); echo "==== ok: $name ($((SECONDS - t0)) s)"
  else failed=$((failed + 1)); failures+=("$name"); echo "==== FAILED: $name ($((SECONDS - t0)) s)"; fi
}

JOBS=$(nproc 2>/dev/null || echo 2)
# Zero warnings, proven on every object: a build from clean with -Werror in
# a directory of its own (an incremental build would not recompile, and so
# not re-warn about, objects already built). The tests below use this same
# build, so it is the only full build; the developer's build/ is untouched.
WBUILD=build-werror
rm -rf "$WBUILD"
step "build from clean (zero warnings)" make -s -j"$JOBS" BUILD="$WBUILD" EXTRA_CFLAGS=-Werror tests
export KOHTAAMO_BIN=$PWD/$WBUILD/kohtaamo

# Nothing may be skipped here: tests that miss something (PostgreSQL, tzdata) fail.
export KOHTAAMO_TEST_STRICT=1
PGDIR=$(mktemp -d /tmp/kohtaamo-pg-XXXXXX)
chmod 755 "$PGDIR"
cleanup() { scripts/pg-throwaway.sh stop "$PGDIR" >/dev/null 2>&1 || true; }
trap cleanup EXIT
PG_URL=
start_pg() { PG_URL=$(scripts/pg-throwaway.sh start "$PGDIR") && [ -n "$PG_URL" ]; }
step "start PostgreSQL (throwaway cluster)" start_pg
export KOHTAAMO_TEST_PG_URL=$PG_URL
# The official Mustache spec lives beside the checkout in ../shared/; a clone
# made elsewhere (e.g. under /tmp) finds it beside the repository it was cloned from.
if [ -z "${MUSTACHE_SPEC_DIR:-}" ]; then
  for spec in ../shared/testdata/mustache-spec "$(git remote get-url origin 2>/dev/null)/../shared/testdata/mustache-spec"; do
    if [ -d "$spec" ]; then MUSTACHE_SPEC_DIR=$(cd "$spec" && pwd); break; fi
  done
fi
export MUSTACHE_SPEC_DIR=${MUSTACHE_SPEC_DIR:-../shared/testdata/mustache-spec}
# The HL7 SDC example questionnaires (peer test set of the FHIR engine), found the same way.
if [ -z "${FHIR_SDC_DIR:-}" ]; then
  for sdc in ../shared/testdata/fhir-sdc "$(git remote get-url origin 2>/dev/null)/../shared/testdata/fhir-sdc"; do
    if [ -d "$sdc" ]; then FHIR_SDC_DIR=$(cd "$sdc" && pwd); break; fi
  done
fi
export FHIR_SDC_DIR=${FHIR_SDC_DIR:-../shared/testdata/fhir-sdc}

step "unit tests (incl. Mustache spec, catalogs, db on both backends)" make -s BUILD="$WBUILD" test-unit
step "HTTP tests on SQLite" env KOHTAAMO_TEST_BACKEND=sqlite make -s BUILD="$WBUILD" test-integration
step "HTTP tests on PostgreSQL" env KOHTAAMO_TEST_BACKEND=postgres make -s BUILD="$WBUILD" test-integration
step "browser tests (Chromium + axe-core, fi and sv)" tests/browser/run.sh
step "unit and HTTP tests under ASan+UBSan" make -s -j"$JOBS" asan-test
step "fuzzing (short run)" scripts/fuzz.sh "${FUZZ_SECONDS:-15}"

echo
[ $failed -gt 0 ] && printf 'failed: %s\n' "${failures[@]}"
echo "check: $passed passed, $failed failed"
[ $failed -eq 0 ]
