#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests and benchmarks, on a local
# port, in a temporary directory: `scripts/pg_cluster.sh start DIR PORT`
# prints the URL to give as ALUMNI_TEST_DB; `scripts/pg_cluster.sh stop DIR`
# stops it and removes DIR. PG_DURABLE=1 keeps the server's default
# durability (fsync), for benchmarks.
#
# The cluster speaks TLS, with a certificate for localhost and 127.0.0.1
# signed by an authority of its own, `DIR/data/ca.crt`; and two group roles
# change how their members may log in: `alumni_test_password` members
# only with their password (SCRAM), `alumni_test_tls_only` members only
# over TLS. Everyone else is trusted. The server's programs are Debian's
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

# The authority (ca.crt) and the server's certificate and key in the data
# directory, where the server looks for them; a day or two is all a test
# run needs.
tls() {
    local d=$1
    openssl req -x509 -new -nodes -newkey rsa:2048 -days 2 -subj "/CN=alumni test CA" \
        -keyout "$d/ca.key" -out "$d/ca.crt" 2>/dev/null
    openssl req -new -nodes -newkey rsa:2048 -subj "/CN=localhost" \
        -keyout "$d/server.key" -out "$d/server.csr" 2>/dev/null
    printf '%s\n' "subjectAltName=DNS:localhost,IP:127.0.0.1" "basicConstraints=CA:FALSE" \
        "extendedKeyUsage=serverAuth" > "$d/server.ext"
    openssl x509 -req -in "$d/server.csr" -CA "$d/ca.crt" -CAkey "$d/ca.key" -CAcreateserial \
        -days 2 -extfile "$d/server.ext" -out "$d/server.crt" 2>/dev/null
    chmod 600 "$d/server.key" "$d/ca.key"
    chmod 644 "$d/ca.crt"
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
    tls "$dir/data"
    hba=$dir/data/pg_hba.conf
    {
        echo "hostnossl all +alumni_test_tls_only all reject"
        echo "host all +alumni_test_password all scram-sha-256"
        cat "$hba"
    } > "$hba.new"
    mv "$hba.new" "$hba"
    [ "$(id -u)" -eq 0 ] && chown postgres "$dir/data"/*
    # Tests need no durability; a benchmark (PG_DURABLE=1) keeps the defaults.
    fast="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    [ -n "${PG_DURABLE:-}" ] && fast=""
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w -o \
        "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=200 -c ssl=on $fast" \
        start >/dev/null
    as_owner "$bin/psql" -q -h "$dir" -p "$port" -U postgres -d postgres -c \
        "CREATE ROLE alumni_test_password NOLOGIN; CREATE ROLE alumni_test_tls_only NOLOGIN;" \
        >/dev/null
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
