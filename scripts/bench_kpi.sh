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
# sound when it is made. When this alumni's schema is newer than kpi.db's,
# it reads its own copy, kpi-vN.db, upgraded once by this alumni and kept
# too. Before timing, the hand-written SQL's numbers are compared with the
# report's JSON (needs jq; skipped without it).
#
# With BASE set to the directory of another build's `alumni`, that one is
# measured in the same run (on kpi.db, or on its own upgraded copy when its
# schema is newer than kpi.db's and older than this one's), alternating
# with this one so that a shared machine's load falls on both alike. Each
# alumni is printed with its ratio to the hand-written SQL on the schema's
# indexes (of the file it reads), against the goals: the workbook at most
# 0.33 times, the JSON report at most 0.15 times, and peak memory at most
# MAX_MB (150) MB. A goal missed is said, and makes the exit status 1.
#
#   bash scripts/bench_kpi.sh [RUNS] [WORKDIR]
#   BASE=/tmp/base RUNS=3 bash scripts/bench_kpi.sh 3 /tmp/bench
# Needs: sqlite3, GNU time (Debian: apt-get install sqlite3 time), bc; jq.
set -euo pipefail
runs=${RUNS:-${1:-3}}
work=${2:-$(mktemp -d)}
base=${BASE:-}
max_mb=${MAX_MB:-150}
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

# schema_of ALUMNI: the schema version that alumni writes (asked of a new,
# empty database).
schema_of() {
    rm -f probe.db probe.db-wal probe.db-shm
    "$1" --quiet --db probe.db init >/dev/null 2>&1
    sqlite3 -readonly probe.db "PRAGMA user_version"
    rm -f probe.db probe.db-wal probe.db-shm
}

# database_for ALUMNI: the file that alumni reads: kpi.db when it has that
# schema, else kpi-vN.db, a copy upgraded once by it (made under another
# name and renamed when done, as kpi.db is).
database_for() {
    local alumni=$1 version have
    version=$(schema_of "$alumni")
    have=$(sqlite3 -readonly kpi.db "PRAGMA user_version")
    if [ "$version" -le "$have" ]; then
        echo kpi.db
        return
    fi
    if [ ! -f "kpi-v$version.db" ]; then
        rm -f "kpi-v$version.tmp.db" "kpi-v$version.tmp.db-wal" "kpi-v$version.tmp.db-shm"
        sqlite3 kpi.db ".backup kpi-v$version.tmp.db"
        "$alumni" --quiet --db "kpi-v$version.tmp.db" init >/dev/null
        if [ "$(sqlite3 -readonly "kpi-v$version.tmp.db" "PRAGMA user_version")" != "$version" ]; then
            echo "bench_kpi: kpi-v$version.tmp.db was not upgraded to schema $version" >&2
            exit 1
        fi
        mv "kpi-v$version.tmp.db" "kpi-v$version.db"
    fi
    echo "kpi-v$version.db"
}

# Does an alumni write the KPI workbook? Asked of an empty database.
writes_xlsx() {
    rm -f probe.db probe.db-wal probe.db-shm probe.xlsx
    local answer=no
    if "$1" --quiet --db probe.db init >/dev/null 2>&1 &&
        "$1" --quiet --db probe.db kpi --fy 2025 --format xlsx --out probe.xlsx \
            >/dev/null 2>&1 && [ -s probe.xlsx ]; then
        answer=yes
    fi
    rm -f probe.db probe.db-wal probe.db-shm probe.xlsx
    echo "$answer"
}

db=$(database_for "$bin/alumni")
xlsx=$(writes_xlsx "$bin/alumni")
echo "this alumni (schema $(schema_of "$bin/alumni")) reads $db"
if [ -n "$base" ]; then
    base_db=$(database_for "$base/alumni")
    base_xlsx=$(writes_xlsx "$base/alumni")
    echo "the base alumni in $base (schema $(schema_of "$base/alumni")) reads $base_db"
fi

# The hand-written SQL against the report (this also warms the page cache).
"$bin/alumni" --db "$db" kpi --fy 2025 --format json > kpi.json
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
    if [ -n "$base" ]; then
        "$base/alumni" --db "$base_db" kpi --fy 2025 --format json > base.json
        if cmp -s <(jq -S . base.json) <(jq -S . kpi.json); then
            echo "the base alumni's JSON report is the same, field for field"
        else
            echo "the base alumni's JSON report differs from this one's:"
            diff <(jq -S . base.json) <(jq -S . kpi.json) | head -20 || true
        fi
    fi
else
    echo "no jq: the hand-written SQL's numbers are not compared with the report's"
fi

# run NAME SETUP COMMAND...: runs SETUP then COMMAND once and appends
# "seconds KiB" to NAME.times.
run() {
    local name=$1 setup=$2
    shift 2
    eval "$setup"
    /usr/bin/time -f "%e %M" -o time.out "$@" >/dev/null 2>&1
    cat time.out >> "$name.times"
}

# median NAME COLUMN: the median of one column of NAME.times.
median() {
    cut -d' ' -f"$2" "$1.times" | sort -n | sed -n "$(( (runs + 1) / 2 ))p"
}

rm -f ./*.times
names=()
for i in $(seq "$runs"); do
    run "hand-$db" ":" sqlite3 -readonly "$db" ".read $sql"
    if [ -n "$base" ] && [ "$base_db" != "$db" ]; then
        run "hand-$base_db" ":" sqlite3 -readonly "$base_db" ".read $sql"
    fi
    if [ "$i" = 1 ]; then names+=("hand-$db"); fi
    if [ "$i" = 1 ] && [ -n "$base" ] && [ "$base_db" != "$db" ]; then names+=("hand-$base_db"); fi
    for who in ${base:+base} this; do
        if [ "$who" = base ]; then
            alumni=$base/alumni what=$base_db can_xlsx=$base_xlsx
        else
            alumni=$bin/alumni what=$db can_xlsx=$xlsx
        fi
        run "$who-json" ":" "$alumni" --db "$what" kpi --fy 2025 --format json
        if [ "$can_xlsx" = yes ]; then
            run "$who-xlsx" "rm -f kpi.xlsx" "$alumni" --db "$what" kpi --fy 2025 --format xlsx --out kpi.xlsx
        fi
        if [ "$i" = 1 ]; then
            names+=("$who-json")
            if [ "$can_xlsx" = yes ]; then names+=("$who-xlsx"); fi
        fi
    done
    run "hand-indexed" ":" sqlite3 -readonly kpi-indexed.db ".read $sql"
    if [ "$i" = 1 ]; then names+=(hand-indexed); fi
done

failed=0
echo "median of $runs runs, $(nproc) cores, sqlite3 $(sqlite3 --version | cut -d' ' -f1)"
printf '%-56s %10s %11s %8s\n' "what" "wall time" "peak memory" "÷ SQL"
for name in "${names[@]}"; do
    t=$(median "$name" 1)
    m=$(median "$name" 2)
    mb=$(echo "$m / 1024" | bc -l)
    ratio="" goal=""
    case $name in
        hand-indexed) label="sqlite3 kpi_by_hand.sql (+ index, kpi-indexed.db)" ;;
        hand-*) label="sqlite3 kpi_by_hand.sql (the schema's indexes, ${name#hand-})" ;;
        *)
            who=${name%-*}
            if [ "$who" = base ]; then file=$base_db; label="base: "; else file=$db; label=""; fi
            case $name in
                *-json) label+="alumni kpi --fy 2025 --format json"; goal=0.15 ;;
                *-xlsx) label+="alumni kpi --fy 2025 --format xlsx"; goal=0.33 ;;
            esac
            ratio=$(echo "$t / $(median "hand-$file" 1)" | bc -l)
            ;;
    esac
    if [ -n "$ratio" ]; then
        printf '%-56s %8.2f s %8.1f MB %8.2f\n' "$label" "$t" "$mb" "$ratio"
    else
        printf '%-56s %8.2f s %8.1f MB\n' "$label" "$t" "$mb"
    fi
    # The goals hold for this alumni; the base's figures are for comparison.
    if [ "${name%-*}" = this ]; then
        if [ "$(echo "$ratio > $goal" | bc -l)" = 1 ]; then
            printf '    goal missed: %.2f × the hand-written SQL, more than %s ×\n' "$ratio" "$goal"
            failed=1
        fi
        if [ "$(echo "$mb > $max_mb" | bc -l)" = 1 ]; then
            printf '    goal missed: peak memory %.1f MB, more than %s MB\n' "$mb" "$max_mb"
            failed=1
        fi
    fi
done
exit "$failed"
