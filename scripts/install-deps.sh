#!/usr/bin/env bash
# Installs the Debian 12 packages Kohtaamo needs, only those missing.
#   scripts/install-deps.sh          build and run
#   scripts/install-deps.sh check    also what `make check` needs (PostgreSQL, Chromium, Node, clang,
#                                    python3-openpyxl to read XLSX exports in the integration tests)
#   scripts/install-deps.sh bench    also wrk
set -euo pipefail
want=(build-essential pkg-config libmicrohttpd-dev libsqlite3-dev libpq-dev libjansson-dev
      libsodium-dev libmd4c-dev libmd4c-html0-dev libxlsxwriter-dev libqrencode-dev)
case "${1:-run}" in
  check) want+=(libcmocka-dev libcurl4-openssl-dev clang postgresql-15 chromium nodejs python3-openpyxl) ;;
  bench) want+=(wrk postgresql-15 libcurl4-openssl-dev) ;;
esac
missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# npm may come from Debian or with Node itself; only the command matters.
if [ "${1:-run}" = check ] && ! command -v npm >/dev/null 2>&1; then missing+=(npm); fi
[ ${#missing[@]} -eq 0 ] && exit 0
echo "Installing missing Debian packages: ${missing[*]}" >&2
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
