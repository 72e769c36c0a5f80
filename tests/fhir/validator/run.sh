#!/usr/bin/env bash
# Validates FHIR R4 JSON files (our API's answers, written by
# tests/integration/test_fhir.c) against the official R4 JSON schema.
# Installs the pinned validator from package-lock.json on first use, like
# tests/browser/run.sh. Usage: tests/fhir/validator/run.sh FILE...
set -uo pipefail
cd "$(dirname "$0")"
command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 ||
  { echo "validator: node and npm are needed (scripts/install-deps.sh check)" >&2; exit 2; }
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules ]; then
  npm ci --no-audit --no-fund --silent >&2 || exit 2
  touch node_modules
fi
exec node validate.js "$@"
