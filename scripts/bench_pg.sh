#!/usr/bin/env bash
# PostgreSQL beside SQLite, as docs/BENCHMARKS.md reports them: median
# wall time and peak memory (GNU time's maximum RSS) of the same command on
# the two backends, run alternately in one pass so that the machine's load
# falls on both alike:
#   - alumni import of a 100,000-row and of a 1,000,000-row CSV into a new
#     database;
#   - alumni kpi --fy 2025 --format json, and the workbook, on the 1M-alumni
#     benchmark database (examples/gen_kpi_db.rs; made by bench_kpi.sh, or
#     here), copied into PostgreSQL once with `alumni db copy`;
#   - alumni list --format csv of 100,000 alumni.
# The server is a throwaway PostgreSQL cluster on a local port, with its
# default durability (fsync on), started here and stopped at the end.
#
#   bash scripts/bench_pg.sh [RUNS] [WORKDIR]
# Needs: Debian's postgresql, GNU time (apt-get install postgresql time).
set -euo pipefail
runs=${1:-3}
work=${2:-$(mktemp -d)}
cd "$(dirname "$0")/.."
root=$PWD
cargo build --release --quiet --bin alumni --example gen_roster --example gen_kpi_db
bin=$root/target/release
mkdir -p "$work"
cd "$work"

cluster=$work/cluster
rm -rf "$cluster"
trap '"$root/scripts/pg_cluster.sh" stop "$cluster"' EXIT
server=$(PG_DURABLE=1 "$root/scripts/pg_cluster.sh" start "$cluster" 55441)
# Without TLS, as before the cluster spoke it: the figures are of the
# database, not of encrypting a loopback connection.
pg() { echo "${server}?schema=$1&sslmode=disable"; }

[ -f big.csv ] || "$bin/examples/gen_roster" --rows 1000000 --out big.csv
[ -f mid.csv ] || head -n 100001 big.csv > mid.csv
if [ ! -f kpi.db ]; then
    rm -f new.db
    "$bin/alumni" --quiet --db new.db init
    "$bin/examples/gen_kpi_db" --db new.db
    mv new.db kpi.db
fi
# The KPI database on PostgreSQL, once; the SQLite copy at this schema.
cp kpi.db kpi-now.db
"$bin/alumni" --quiet --db kpi-now.db init
/usr/bin/time -f "%e %M" -o copy.out "$bin/alumni" --quiet db copy --from kpi-now.db --to "$(pg kpi)"
read -r t m < copy.out
printf 'db copy of the KPI database into PostgreSQL: %.1f s, peak %.0f MB\n' "$t" "$(echo "$m / 1024" | bc -l)"
# 100,000 alumni to list, on both.
"$bin/alumni" --quiet --db list.db import mid.csv
"$bin/alumni" --quiet db copy --from list.db --to "$(pg list)"

rm -rf results
mkdir results
# run NAME SETUP COMMAND...: runs SETUP, then COMMAND once, and keeps its time.
run() {
    local name=$1 setup=$2
    shift 2
    eval "$setup"
    /usr/bin/time -f "%e %M" -o time.out "$@" > /dev/null 2> err.out || {
        echo "$name failed:" >&2
        cat err.out >&2
        exit 1
    }
    cat time.out >> "results/$name"
}
fresh_pg() { psql -q "$server" -c "DROP SCHEMA IF EXISTS $1 CASCADE" > /dev/null 2>&1; }

for i in $(seq "$runs"); do
    run import-100k-sqlite "rm -f i.db*" "$bin/alumni" --db i.db import mid.csv
    run import-100k-postgres "fresh_pg imp" "$bin/alumni" --db "$(pg imp)" import mid.csv
    run import-1m-sqlite "rm -f i.db*" "$bin/alumni" --db i.db import big.csv
    run import-1m-postgres "fresh_pg imp" "$bin/alumni" --db "$(pg imp)" import big.csv
    run kpi-json-sqlite ":" "$bin/alumni" --db kpi-now.db kpi --fy 2025 --format json
    run kpi-json-postgres ":" "$bin/alumni" --db "$(pg kpi)" kpi --fy 2025 --format json
    run kpi-xlsx-sqlite "rm -f k.xlsx" "$bin/alumni" --db kpi-now.db export kpi --fy 2025 --format xlsx --out k.xlsx
    run kpi-xlsx-postgres "rm -f k.xlsx" "$bin/alumni" --db "$(pg kpi)" export kpi --fy 2025 --format xlsx --out k.xlsx
    run list-100k-sqlite ":" "$bin/alumni" --db list.db list --format csv
    run list-100k-postgres ":" "$bin/alumni" --db "$(pg list)" list --format csv
done

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
printf '%-14s %12s %12s %8s %14s\n' what sqlite postgres ratio "peak MB (s/p)"
for what in import-100k import-1m kpi-json kpi-xlsx list-100k; do
    s=$(cut -d' ' -f1 "results/$what-sqlite" | median)
    p=$(cut -d' ' -f1 "results/$what-postgres" | median)
    sm=$(cut -d' ' -f2 "results/$what-sqlite" | sort -n | tail -1)
    pm=$(cut -d' ' -f2 "results/$what-postgres" | sort -n | tail -1)
    printf '%-14s %10.2f s %10.2f s %7.2fx %6.0f/%-6.0f\n' "$what" "$s" "$p" \
        "$(echo "$p / $s" | bc -l)" "$(echo "$sm / 1024" | bc -l)" "$(echo "$pm / 1024" | bc -l)"
done
