#!/usr/bin/env bash
# Throwaway PostgreSQL 15 cluster for tests.
#
#   scripts/pg-throwaway.sh start DIR          -> prints postgresql://... URL
#   scripts/pg-throwaway.sh createdb DIR NAME  -> prints the new database's URL
#   scripts/pg-throwaway.sh stop DIR           -> stops the cluster, removes DIR
#
# Only the URL goes to stdout, so callers can write URL=$(... start DIR).
# The cluster trusts local TCP connections and runs with fsync off: test
# data only. Under root, the server runs as the postgres user because
# initdb and postgres refuse to run as root.
set -euo pipefail

PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
PG_USER=kohtaamo
FIRST_PORT=54320
LAST_PORT=54420
MARKER=.pg-throwaway   # stop only removes directories that carry it

die() { echo "pg-throwaway: $*" >&2; exit 1; }
say() { echo "pg-throwaway: $*" >&2; }

usage() {
    echo "usage: $0 start DIR | createdb DIR NAME | stop DIR" >&2
    exit 2
}

is_root() { [ "$(id -u)" -eq 0 ]; }

# Runs a server-side command as the cluster owner. The cd keeps the
# postgres user away from a working directory it may not be able to read.
as_owner() {
    if is_root; then
        (cd / && runuser -u postgres -- "$@")
    else
        "$@"
    fi
}

port_in_use() {
    local port=$1
    if command -v ss >/dev/null 2>&1; then
        [ -n "$(ss -Hltn "sport = :$port" 2>/dev/null)" ]
    else
        (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null
    fi
}

pick_locale() {
    if locale -a 2>/dev/null | grep -qiE '^c\.utf-?8$'; then
        echo C.UTF-8
    else
        echo C
    fi
}

url_for() {  # DIR NAME
    echo "postgresql://$PG_USER@127.0.0.1:$(cat "$1/port")/$2"
}

cmd_start() {
    local dir=$1
    [ -x "$PGBIN/initdb" ] || die "PostgreSQL 15 not found in $PGBIN"
    if [ -e "$dir" ] && [ -n "$(ls -A "$dir" 2>/dev/null)" ]; then
        die "$dir exists and is not empty"
    fi
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)   # server needs absolute paths
    touch "$dir/$MARKER"
    mkdir -p "$dir/run"

    if is_root; then
        id postgres >/dev/null 2>&1 || die "running as root needs a 'postgres' user"
        chown -R postgres: "$dir"
        runuser -u postgres -- test -w "$dir" ||
            die "user postgres cannot write $dir (is a parent directory private?)"
    fi

    local locale_name
    locale_name=$(pick_locale)
    as_owner "$PGBIN/initdb" -D "$dir/data" -A trust -U "$PG_USER" --no-sync \
        -E UTF8 --locale="$locale_name" --no-instructions >&2 ||
        die "initdb failed"

    cat >>"$dir/data/postgresql.conf" <<EOF

# pg-throwaway: test cluster, loopback only, durability off for speed
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir/run'
fsync = off
synchronous_commit = off
full_page_writes = off
EOF

    # The port check and the server's bind race with other users of the
    # port, so a failed start moves on to the next port.
    local port started=
    for ((port = FIRST_PORT; port <= LAST_PORT; port++)); do
        port_in_use "$port" && continue
        [ -f "$dir/server.log" ] && : >"$dir/server.log"
        if as_owner "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
               -o "-p $port" start >&2; then
            started=1
            break
        fi
        grep -qiE 'could not (bind|create listen)|address already in use' "$dir/server.log" 2>/dev/null ||
            { tail -n 20 "$dir/server.log" >&2 2>/dev/null || true; die "server failed to start"; }
        say "port $port taken, trying the next one"
    done
    [ -n "$started" ] || die "no free port in $FIRST_PORT..$LAST_PORT"
    echo "$port" >"$dir/port"

    "$PGBIN/createdb" -h 127.0.0.1 -p "$port" -U "$PG_USER" kohtaamo_test >&2 ||
        die "createdb kohtaamo_test failed"
    url_for "$dir" kohtaamo_test
}

cmd_createdb() {
    local dir=$1 name=$2
    [ -f "$dir/port" ] || die "no running cluster in $dir"
    [[ $name =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] || die "bad database name '$name'"
    "$PGBIN/createdb" -h 127.0.0.1 -p "$(cat "$dir/port")" -U "$PG_USER" "$name" >&2 ||
        die "createdb $name failed"
    url_for "$dir" "$name"
}

cmd_stop() {
    local dir=$1
    [ -e "$dir" ] || return 0
    [ -f "$dir/$MARKER" ] || die "$dir was not made by pg-throwaway; not removing it"
    if [ -f "$dir/data/postmaster.pid" ]; then
        as_owner "$PGBIN/pg_ctl" -D "$dir/data" -m immediate -w stop >&2 ||
            say "pg_ctl stop failed; removing $dir anyway"
    fi
    rm -rf -- "$dir"
}

[ $# -ge 2 ] || usage
case $1 in
    start)    [ $# -eq 2 ] || usage; cmd_start "$2" ;;
    createdb) [ $# -eq 3 ] || usage; cmd_createdb "$2" "$3" ;;
    stop)     [ $# -eq 2 ] || usage; cmd_stop "$2" ;;
    *)        usage ;;
esac
