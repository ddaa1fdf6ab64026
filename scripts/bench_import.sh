#!/usr/bin/env bash
# Import benchmarks, as docs/BENCHMARKS.md reports them: median wall time
# and peak memory (GNU time's maximum RSS), the commands of each comparison
# run alternately in one pass so that the load of the machine falls on all
# of them alike:
#   - alumni import of a 1,000,000-row UTF-8 CSV into a fresh database,
#     beside sqlite3's `.import --csv` of the same file into a bare table;
#   - alumni import of a 100,000-row .xlsx, beside a plain calamine read
#     (examples/read_xlsx.rs);
#   - a re-import of the same CSV (every row unchanged);
#   - peak memory of CSV imports of 10k, 100k and 1M rows (it must not grow).
# With BASE set to the release directory of another build (say, an older
# commit built with its own CARGO_TARGET_DIR), its `alumni` runs alongside.
#
#   bash scripts/bench_import.sh [RUNS] [WORKDIR]
#   BASE=/tmp/base-target/release bash scripts/bench_import.sh 3 /tmp/bench
# Needs: sqlite3 and GNU time (Debian: apt-get install sqlite3 time).
set -euo pipefail
runs=${1:-3}
work=${2:-$(mktemp -d)}
base=${BASE:-}
cd "$(dirname "$0")/.."
cargo build --release --quiet --bin alumni --example gen_roster --example read_xlsx
bin=$PWD/target/release
mkdir -p "$work"
cd "$work"

[ -f big.csv ] || "$bin/examples/gen_roster" --rows 1000000 --out big.csv
[ -f big.xlsx ] || "$bin/examples/gen_roster" --rows 100000 --out big.xlsx
[ -f mid.csv ] || head -n 100001 big.csv > mid.csv
[ -f small.csv ] || head -n 10001 big.csv > small.csv

# The results of each name, one "seconds KiB" line a run, in results/.
rm -rf results
mkdir results

# run NAME SETUP COMMAND...: runs SETUP, then COMMAND once, and keeps its time.
run() {
    local name=$1 setup=$2
    shift 2
    eval "$setup"
    /usr/bin/time -f "%e %M" -o time.out "$@" >/dev/null 2>&1
    cat time.out >> "results/$name"
}

# report NAME...: the median seconds and peak MB of each name's runs, and
# each one's ratio to the first.
report() {
    local first=""
    for name in "$@"; do
        local t m
        t=$(cut -d' ' -f1 "results/$name" | sort -n | sed -n "$(( (runs + 1) / 2 ))p")
        m=$(cut -d' ' -f2 "results/$name" | sort -n | sed -n "$(( (runs + 1) / 2 ))p")
        first=${first:-$t}
        printf '%-44s %8.2f s %8.1f MB %6.2f×\n' "$name" "$t" "$(echo "$m / 1024" | bc -l)" \
            "$(echo "$t / $first" | bc -l)"
    done
}

fresh='rm -f a.db a.db-wal a.db-shm s.db'
echo "median of $runs runs, $(nproc) cores; ratios to the first line of each group"

csv=("sqlite3 .import --csv 1M-row CSV" "alumni import 1M-row CSV")
xlsx=("calamine read 100k-row .xlsx" "alumni import 100k-row .xlsx")
[ -n "$base" ] && csv+=("base alumni import 1M-row CSV") && xlsx+=("base alumni import 100k-row .xlsx")
for _ in $(seq "$runs"); do
    run "${csv[0]}" "$fresh" sqlite3 s.db ".import --csv big.csv t"
    run "${csv[1]}" "$fresh" "$bin/alumni" --db a.db import big.csv
    [ -n "$base" ] && run "${csv[2]}" "$fresh" "$base/alumni" --db a.db import big.csv
    run "${xlsx[0]}" ":" "$bin/examples/read_xlsx" big.xlsx
    run "${xlsx[1]}" "$fresh" "$bin/alumni" --db a.db import big.xlsx
    [ -n "$base" ] && run "${xlsx[2]}" "$fresh" "$base/alumni" --db a.db import big.xlsx
done
report "${csv[@]}"
report "${xlsx[@]}"

eval "$fresh"
"$bin/alumni" --db a.db import big.csv 2>/dev/null || true
for _ in $(seq "$runs"); do
    run "alumni re-import 1M-row CSV (unchanged)" ":" "$bin/alumni" --db a.db import big.csv
    run "alumni import 10k-row CSV" "$fresh" "$bin/alumni" --db a.db import small.csv
    run "alumni import 100k-row CSV" "$fresh" "$bin/alumni" --db a.db import mid.csv
done
report "alumni re-import 1M-row CSV (unchanged)"
report "alumni import 10k-row CSV" "alumni import 100k-row CSV"
