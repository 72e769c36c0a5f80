#!/usr/bin/env bash
# Runs test programs one after another; prints each one's cmocka summary and
# fails if any failed. Usage: scripts/run-tests.sh PROGRAM...
set -u
failed=0
for t in "$@"; do
  echo "== $t ${KOHTAAMO_TEST_BACKEND:+(${KOHTAAMO_TEST_BACKEND})}"
  if ! "$t"; then
    echo "FAILED: $t" >&2
    failed=$((failed + 1))
  fi
done
exit $failed
