#!/usr/bin/env bash
# KPI report benchmarks, as docs/BENCHMARKS.md reports them: median wall
# time and peak memory (GNU time's maximum RSS) of
#   - alumni kpi --fy 2025 --format json on a database of 1,000,000 alumni,
#     4,000,000 contacts, 310,000 applications with about 1,000,000 stage
#     entries, 200 events with 100,000 attendance rows, targets and spend;
#   - alumni kpi --fy 2025 --format xlsx --out FILE, when this alumni
#     writes the workbook (skipped with a message otherwise);
#   - the same numbers by hand-written SQL in the sqlite3 shell
#     (scripts/kpi_by_hand.sql), on the database as the program makes it
#     and on a copy with one more index.
# The database is generated once (examples/gen_kpi_db.rs, about a minute)
# and kept in WORKDIR as kpi.db for the next run; `alumni check` proves it
# sound when it is made. Before timing, the hand-written SQL's numbers are
# compared with the report's JSON (needs jq; skipped without it).
#
#   bash scripts/bench_kpi.sh [RUNS] [WORKDIR]
# Needs: sqlite3 and GNU time (Debian: apt-get install sqlite3 time); jq.
set -euo pipefail
runs=${1:-3}
work=${2:-$(mktemp -d)}
cd "$(dirname "$0")/.."
sql=$PWD/scripts/kpi_by_hand.sql
cargo build --release --quiet --bin alumni --example gen_kpi_db
bin=$PWD/target/release
mkdir -p "$work"
cd "$work"

if [ ! -f kpi.db ]; then
    # Made under another name and renamed when sound, so that an
    # interrupted run never leaves a half-filled kpi.db to be reused.
    rm -f new.db new.db-wal new.db-shm
    "$bin/alumni" --quiet --db new.db init
    /usr/bin/time -f "%e %M" -o time.out "$bin/examples/gen_kpi_db" --db new.db
    read -r t m < time.out
    printf 'generated in %.1f s (peak %.0f MB)\n' "$t" "$(echo "$m / 1024" | bc -l)"
    "$bin/alumni" --db new.db check
    if [ -e new.db-wal ]; then
        echo "bench_kpi: new.db-wal is still there; not keeping new.db" >&2
        exit 1
    fi
    mv new.db kpi.db
    rm -f kpi-indexed.db
fi

# The copy for the hand-written SQL, with the index its first step needs
# to read stage_events without visiting the table.
index='stage_events_application_stage ON stage_events (application_id, stage, entered_on)'
if [ ! -f kpi-indexed.db ]; then
    rm -f kpi-indexed.tmp.db
    sqlite3 kpi.db ".backup kpi-indexed.tmp.db"
    sqlite3 kpi-indexed.tmp.db "CREATE INDEX $index"
    mv kpi-indexed.tmp.db kpi-indexed.db
fi

echo "kpi.db: $(du -m kpi.db | cut -f1) MB"
sqlite3 -readonly kpi.db "
    SELECT 'alumni', count(*), sum(consent = 'opted_out'), sum(erased_at IS NOT NULL) FROM alumni
    UNION ALL SELECT 'contacts', count(*), NULL, NULL FROM contacts
    UNION ALL SELECT 'applications', count(*), sum(outcome IS NULL), sum(outcome = 'rejoined') FROM applications
    UNION ALL SELECT 'stage_events', count(*), NULL, NULL FROM stage_events
    UNION ALL SELECT 'events', count(*), NULL, NULL FROM events
    UNION ALL SELECT 'attendance', count(*), NULL, NULL FROM attendance
    UNION ALL SELECT 'targets', count(*), NULL, NULL FROM targets
    UNION ALL SELECT 'spend', count(*), NULL, NULL FROM spend" |
    awk -F'|' '{
        printf "  %-13s %10d", $1, $2
        if ($1 == "alumni") printf "  (%d opted out, %d erased)", $3, $4
        if ($1 == "applications") printf "  (%d open, %d rejoined)", $3, $4
        printf "\n"
    }'
echo "kpi-indexed.db: a copy of kpi.db with one more index, $index"

# Does this alumni write the KPI workbook? Asked of an empty database.
rm -f probe.db probe.db-wal probe.db-shm probe.xlsx
xlsx=no
if "$bin/alumni" --quiet --db probe.db kpi --fy 2025 --format xlsx --out probe.xlsx \
    >/dev/null 2>&1 && [ -s probe.xlsx ]; then
    xlsx=yes
fi
rm -f probe.db probe.db-wal probe.db-shm probe.xlsx

# The hand-written SQL against the report (this also warms the page cache).
"$bin/alumni" --db kpi.db kpi --fy 2025 --format json > kpi.json
sqlite3 -readonly kpi-indexed.db ".read $sql" > by_hand.txt
if command -v jq >/dev/null; then
    jq -r '.stages[] | "\(.stage)|\(.actual)"' kpi.json > report.txt
    jq -r '.metrics | "\(.contactable_alumni)|\(.engaged_alumni)", "\(.invited)|\(.attended)"' \
        kpi.json >> report.txt
    # The per-stage counts and the last two results of the SQL.
    awk '/^== /{section = $0; next}
         section == "== reached per stage" ||
         section ~ /^== (contactable|invited)/' by_hand.txt > hand.txt
    if cmp -s report.txt hand.txt; then
        echo "the hand-written SQL gives the report's numbers (stages, engagement, attendance)"
    else
        echo "the hand-written SQL and the report differ (report < > SQL):"
        diff report.txt hand.txt || true
    fi
else
    echo "no jq: the hand-written SQL's numbers are not compared with the report's"
fi

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
    printf '%-52s %8.2f s %8.1f MB\n' "$name" "$t" "$(echo "$m / 1024" | bc -l)"
}

echo "median of $runs runs, $(nproc) cores, sqlite3 $(sqlite3 --version | cut -d' ' -f1)"
printf '%-52s %10s %11s\n' "what" "wall time" "peak memory"
measure "alumni kpi --fy 2025 --format json" ":" \
    "$bin/alumni" --db kpi.db kpi --fy 2025 --format json
if [ "$xlsx" = yes ]; then
    measure "alumni kpi --fy 2025 --format xlsx --out kpi.xlsx" "rm -f kpi.xlsx" \
        "$bin/alumni" --db kpi.db kpi --fy 2025 --format xlsx --out kpi.xlsx
else
    echo "alumni kpi --format xlsx: skipped (this alumni does not write the KPI workbook yet)"
fi
measure "sqlite3 kpi_by_hand.sql (the schema's indexes)" ":" \
    sqlite3 -readonly kpi.db ".read $sql"
measure "sqlite3 kpi_by_hand.sql (+ index, kpi-indexed.db)" ":" \
    sqlite3 -readonly kpi-indexed.db ".read $sql"
