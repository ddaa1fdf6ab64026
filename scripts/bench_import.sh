#!/usr/bin/env bash
# Import benchmarks, as docs/BENCHMARKS.md reports them: median wall time
# and peak memory (GNU time's maximum RSS) of
#   - alumni import of a 1,000,000-row UTF-8 CSV into a fresh database,
#     beside sqlite3's `.import --csv` of the same file into a bare table;
#   - alumni import of a 100,000-row .xlsx, beside a plain calamine read;
#   - a re-import of the same CSV (every row unchanged);
#   - peak memory of CSV imports of 10k, 100k and 1M rows (it must not grow).
#
#   bash scripts/bench_import.sh [RUNS] [WORKDIR]
# Needs: sqlite3 and GNU time (Debian: apt-get install sqlite3 time).
set -euo pipefail
runs=${1:-3}
work=${2:-$(mktemp -d)}
cd "$(dirname "$0")/.."
cargo build --release --quiet --bin alumni --example gen_roster --example read_xlsx
bin=$PWD/target/release
mkdir -p "$work"
cd "$work"

[ -f big.csv ] || "$bin/examples/gen_roster" --rows 1000000 --out big.csv
[ -f big.xlsx ] || "$bin/examples/gen_roster" --rows 100000 --out big.xlsx
[ -f mid.csv ] || head -n 100001 big.csv > mid.csv
[ -f small.csv ] || head -n 10001 big.csv > small.csv

# measure NAME SETUP COMMAND...: runs SETUP then COMMAND $runs times and
# prints the median seconds and median peak RSS in MB.
measure() {
    local name=$1 setup=$2
    shift 2
    local times=() mems=()
    for _ in $(seq "$runs"); do
        eval "$setup"
        /usr/bin/time -f "%e %M" -o time.out "$@" >/dev/null 2>&1
        read -r t m < time.out
        times+=("$t")
        mems+=("$m")
    done
    local t m
    t=$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p")
    m=$(printf '%s\n' "${mems[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p")
    printf '%-44s %8.2f s %8.1f MB\n' "$name" "$t" "$(echo "$m / 1024" | bc -l)"
}

fresh='rm -f a.db a.db-wal a.db-shm s.db'
echo "median of $runs runs, $(nproc) cores"
measure "alumni import 1M-row CSV" "$fresh" "$bin/alumni" --db a.db import big.csv
measure "sqlite3 .import --csv 1M-row CSV" "$fresh" sqlite3 s.db ".import --csv big.csv t"
"$bin/alumni" --db a.db import big.csv 2>/dev/null || true
measure "alumni re-import 1M-row CSV (unchanged)" ":" "$bin/alumni" --db a.db import big.csv
measure "alumni import 100k-row .xlsx" "$fresh" "$bin/alumni" --db a.db import big.xlsx
measure "calamine read 100k-row .xlsx" ":" "$bin/examples/read_xlsx" big.xlsx
measure "alumni import 10k-row CSV" "$fresh" "$bin/alumni" --db a.db import small.csv
measure "alumni import 100k-row CSV" "$fresh" "$bin/alumni" --db a.db import mid.csv
