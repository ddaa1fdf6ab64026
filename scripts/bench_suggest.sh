#!/usr/bin/env bash
# `alumni suggest` benchmark, as docs/BENCHMARKS.md reports it: median wall
# time and peak memory (GNU time's maximum RSS) of
#   - alumni suggest --as-of 2026-03-31 --format json (the 20 best), and
#     the same with --limit 100000 (every candidate written),
#   - the same facts read by hand-written SQL in the sqlite3 shell
#     (scripts/suggest_by_hand.sql),
# on a database of 100,000 alumni and 1,000,000 contacts made once by the
# KPI generator (examples/gen_kpi_db.rs, with 31,000 applications, 200
# events and 10,000 attendance rows), to which this script adds 12
# campaigns with 240,000 recipients (a third opened, a tenth clicked) and
# 4 surveys with 20,000 scored answers. It is kept in WORKDIR as
# suggest.db for the next run. The commands run alternately, so that a
# shared machine's load falls on both alike; the hand-written SQL's count
# of candidates is compared with the program's.
#
#   bash scripts/bench_suggest.sh [RUNS] [WORKDIR]
# Needs: sqlite3, GNU time (Debian: apt-get install sqlite3 time), bc.
set -euo pipefail
runs=${1:-5}
work=${2:-$(mktemp -d)}
cd "$(dirname "$0")/.."
sql=$PWD/scripts/suggest_by_hand.sql
cargo build --release --quiet --locked --bin alumni --example gen_kpi_db
bin=$PWD/target/release
mkdir -p "$work"
cd "$work"

if [ ! -f suggest.db ]; then
    rm -f new.db new.db-wal new.db-shm
    "$bin/alumni" --quiet --db new.db init
    "$bin/examples/gen_kpi_db" --db new.db --alumni 100000 --contacts 1000000 \
        --applications 31000 --attendance 10000 >/dev/null
    sqlite3 new.db "
        WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 12)
        INSERT INTO campaigns (id, name, channel, date, created_at)
            SELECT i, 'newsletter ' || i, 'newsletter', date('2025-04-10', '+' || (i - 1) || ' months'),
                   '2026-01-01T00:00:00Z' FROM n;
        INSERT INTO campaign_recipients (campaign_id, alumnus_id, token, delivered_on, opened_on, clicked_on)
            SELECT c.id, a.id, printf('%d-%d', c.id, a.id), c.date,
                   CASE WHEN (a.id * 7 + c.id) % 3 = 0 THEN date(c.date, '+1 day') END,
                   CASE WHEN (a.id * 7 + c.id) % 10 = 0 THEN date(c.date, '+2 days') END
            FROM campaigns c JOIN alumni a ON a.id % 5 = c.id % 5
            WHERE a.erased_at IS NULL AND a.consent <> 'opted_out' AND a.id <= 100000;
        INSERT INTO surveys (id, name, created_at) VALUES
            (1, 'spring', '2026-01-01T00:00:00Z'), (2, 'summer', '2026-01-01T00:00:00Z'),
            (3, 'autumn', '2026-01-01T00:00:00Z'), (4, 'winter', '2026-01-01T00:00:00Z');
        INSERT INTO survey_responses (survey_id, alumnus_id, answered_on, score, created_at)
            SELECT s.id, a.id, date('2025-05-01', '+' || (3 * (s.id - 1)) || ' months'),
                   (a.id * 13 + s.id) % 11, '2026-01-01T00:00:00Z'
            FROM surveys s JOIN alumni a ON a.id % 20 = s.id
            WHERE a.erased_at IS NULL;
        ANALYZE;"
    "$bin/alumni" --db new.db check
    mv new.db suggest.db
fi
echo "suggest.db: $(du -m suggest.db | cut -f1) MB"
sqlite3 -readonly suggest.db "
    SELECT 'alumni', count(*) FROM alumni
    UNION ALL SELECT 'contacts', count(*) FROM contacts
    UNION ALL SELECT 'applications', count(*) FROM applications
    UNION ALL SELECT 'attendance', count(*) FROM attendance
    UNION ALL SELECT 'campaign_recipients', count(*) FROM campaign_recipients
    UNION ALL SELECT 'survey_responses', count(*) FROM survey_responses" |
    awk -F'|' '{ printf "  %-20s %10d\n", $1, $2 }'

# The counts agree (this also warms the page cache).
hand=$(sqlite3 -readonly suggest.db ".read $sql" | awk 'NR == 1')
said=$("$bin/alumni" --db suggest.db suggest --as-of 2026-03-31 --format json 2>&1 >/dev/null)
echo "hand-written SQL: $hand candidates; alumni: $said"
case "$said" in
*" of $hand candidates"*) ;;
*) echo "bench_suggest: the counts differ" >&2; exit 1 ;;
esac

run() {
    local name=$1
    shift
    /usr/bin/time -f "%e %M" -o time.out "$@" >/dev/null 2>&1
    cat time.out >> "$name.times"
}
median() {
    cut -d' ' -f"$2" "$1.times" | sort -n | sed -n "$(( (runs + 1) / 2 ))p"
}
rm -f ./*.times
for _ in $(seq "$runs"); do
    run hand sqlite3 -readonly suggest.db ".read $sql"
    run top20 "$bin/alumni" --db suggest.db suggest --as-of 2026-03-31 --format json
    run all "$bin/alumni" --db suggest.db suggest --as-of 2026-03-31 --format json --limit 100000
done
ref=$(median hand 1)
for name in hand top20 all; do
    t=$(median "$name" 1)
    m=$(median "$name" 2)
    printf '%-6s %6.2f s  %5.0f MB  %5.2f× the hand-written SQL\n' \
        "$name" "$t" "$(echo "$m / 1024" | bc -l)" "$(echo "$t / $ref" | bc -l)"
done
