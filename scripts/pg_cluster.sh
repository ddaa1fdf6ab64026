#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests and benchmarks, on a local
# port, in a temporary directory: `scripts/pg_cluster.sh start DIR PORT`
# prints the URL to give as ALUMNI_TEST_DB; `scripts/pg_cluster.sh stop DIR`
# stops it and removes DIR. PG_DURABLE=1 keeps the server's default
# durability (fsync), for benchmarks. The server's programs are Debian's
# (postgresql-15 or newer); as root, the cluster runs as the postgres user,
# since the server refuses to run as root.
set -euo pipefail

bindir() {
    local d
    for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        [ -x "$d/postgres" ] && { echo "$d"; return; }
    done
    command -v pg_ctl >/dev/null && dirname "$(readlink -f "$(command -v pg_ctl)")" && return
    echo "no PostgreSQL server found (apt-get install postgresql)" >&2
    exit 1
}

as_owner() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "${1:-}" in
start)
    dir=$2 port=$3 bin=$(bindir)
    mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres "$dir"
    as_owner "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
    # Tests need no durability; a benchmark (PG_DURABLE=1) keeps the defaults.
    fast="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    [ -n "${PG_DURABLE:-}" ] && fast=""
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w -o \
        "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=200 $fast" \
        start >/dev/null
    echo "postgres://postgres@127.0.0.1:$port/postgres"
    ;;
stop)
    dir=$2 bin=$(bindir)
    as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
    rm -rf "$dir"
    ;;
*)
    echo "usage: $0 start DIR PORT | stop DIR" >&2
    exit 2
    ;;
esac
