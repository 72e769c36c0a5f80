#!/usr/bin/env bash
# Browser tests: Debian's Chromium driven by playwright-core, with axe-core.
# Builds nothing: run `make -s tests` first (build/kohtaamo must exist).
# Starts a throwaway server with the demo county on a free loopback port,
# runs tests/*.test.mjs with node's test runner, stops the server and exits
# with the tests' status.
set -uo pipefail
cd "$(dirname "$0")"
ROOT=$(cd ../.. && pwd)
BIN=${KOHTAAMO_BIN:-$ROOT/build/kohtaamo}
case $BIN in /*) ;; *) BIN=$ROOT/$BIN ;; esac

if [ ! -x "$BIN" ]; then
  echo "run.sh: $BIN is missing; run 'make -s tests' first" >&2
  exit 1
fi
for tool in node npm; do
  command -v "$tool" >/dev/null 2>&1 || { echo "run.sh: $tool is missing (scripts/install-deps.sh check)" >&2; exit 1; }
done
[ -x "${CHROMIUM:-/usr/bin/chromium}" ] || { echo "run.sh: ${CHROMIUM:-/usr/bin/chromium} is missing (scripts/install-deps.sh check)" >&2; exit 1; }

# Only the npm registry's own packages; playwright-core downloads no browser.
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules ]; then
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund || exit 1
  touch node_modules
fi

TMP=$(mktemp -d /tmp/kohtaamo-browser-XXXXXX)
SERVER_PID=
cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null
    for _ in $(seq 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$SERVER_PID" 2>/dev/null; then
      echo "run.sh: the server did not stop within 5 s of SIGTERM; killing it" >&2
      kill -KILL "$SERVER_PID" 2>/dev/null
    fi
    wait "$SERVER_PID" 2>/dev/null
  fi
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

DB=$TMP/k.db
(cd "$ROOT" && "$BIN" demo-data --database "sqlite:$DB") >"$TMP/demo.log" 2>&1 || { cat "$TMP/demo.log" >&2; exit 1; }

# Outgoing mail goes to files instead of a real sendmail.
mkdir -p "$TMP/mail"
cat >"$TMP/sendmail" <<EOF
#!/bin/sh
cat >"$TMP/mail/\$(date +%s%N).eml"
EOF
chmod +x "$TMP/sendmail"

# A free loopback port: let the kernel pick one, then hand it to the server.
PORT=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close();})')
BASE_URL=http://127.0.0.1:$PORT

(cd "$ROOT" && KOHTAAMO_POST_LIMIT=100000 exec "$BIN" serve --listen "127.0.0.1:$PORT" \
  --database "sqlite:$DB" --base-url "$BASE_URL" --sendmail "$TMP/sendmail" --outbox-interval 1) \
  >"$TMP/server.log" 2>&1 &
SERVER_PID=$!

ready=
for _ in $(seq 100); do
  if node -e 'fetch(process.argv[1]).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))' "$BASE_URL/healthz" 2>/dev/null; then
    ready=1; break
  fi
  kill -0 "$SERVER_PID" 2>/dev/null || break
  sleep 0.1
done
if [ -z "$ready" ]; then
  echo "run.sh: the server did not become healthy on $BASE_URL" >&2
  cat "$TMP/server.log" >&2
  exit 1
fi

# Readable output on the terminal; TAP on the side for its closing counts.
BASE_URL=$BASE_URL KOHTAAMO_DB=$DB KOHTAAMO_MAIL_DIR=$TMP/mail \
  node --test --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=tap --test-reporter-destination="$TMP/results.tap" ${BROWSER_TESTS:-tests/*.test.mjs}
status=$?
grep -E '^# (tests|suites|pass|fail|cancelled|skipped|todo|duration_ms) ' "$TMP/results.tap"

# node passes a run with skipped or todo tests, or with none at all: here
# every test must have run.
count() { sed -n "s/^# $1 \([0-9][0-9]*\)\$/\1/p" "$TMP/results.tap" | tail -n 1; }
tests=$(count tests) skipped=$(count skipped) todo=$(count todo)
if [ "${tests:-0}" -eq 0 ]; then
  echo "run.sh: no test ran (no counts in the TAP output)" >&2
  status=1
elif [ "${skipped:-0}" -gt 0 ] || [ "${todo:-0}" -gt 0 ]; then
  echo "run.sh: $skipped skipped and $todo todo of $tests tests: every browser test must run" >&2
  status=1
fi

if [ $status -ne 0 ]; then
  echo "---- server log (last 40 lines)" >&2
  tail -n 40 "$TMP/server.log" >&2
fi
exit $status
