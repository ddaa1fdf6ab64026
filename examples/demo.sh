#!/usr/bin/env bash
# The main job on the bundled example data: import the example rosters (a
# Shift_JIS CSV with a title row, and an .xlsx saved by LibreOffice) into a
# fresh database, load a year of history (examples/history.sh: contacts, a
# reunion and its sign-up sheet, rehire applications across the stages, a
# referral, partners, the year's targets and spend), then show the living
# pipeline and the year's KPIs, and write the KPI workbook management reads.
#
#   bash examples/demo.sh [DATABASE]      (default: target/demo/alumni.db)
#
# ALUMNI_BIN names an alumni binary to run instead of building the release
# one (the tests run the examples of every --help on this demo with theirs).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -n "${ALUMNI_BIN:-}" ]; then
    alumni=$ALUMNI_BIN
else
    cargo build --release --quiet
    alumni=$PWD/target/release/alumni
fi
db=$(realpath -m "${1:-target/demo/alumni.db}")
mkdir -p "$(dirname "$db")"
rm -f "$db" "$db-wal" "$db-shm"

echo "== import =="
"$alumni" --db "$db" import examples/data/*.csv examples/data/*.xlsx

echo
echo "== history: contacts, events, applications, referrals, partners =="
bash examples/history.sh "$alumni" "$db"
echo "loaded examples/history.sh"

echo
echo "== alumni who left in 2024 and may be rehired =="
"$alumni" --db "$db" list --left-in 2024 --rehire yes --limit 12

echo
echo "== the pipeline board =="
"$alumni" --db "$db" pipeline board

echo
echo "== follow-ups due =="
"$alumni" --db "$db" contact list --due

echo
echo "== recruiting KPIs of fiscal year 2026 =="
"$alumni" --db "$db" kpi --fy 2026 --lang ja

echo
echo "== one alumnus, with the whole story =="
"$alumni" --db "$db" show 00123

echo
echo "== the KPI workbook of fiscal year 2026 =="
workbook=$(dirname "$db")/採用KPI_2026年度.xlsx
"$alumni" --db "$db" kpi --fy 2026 --lang ja --format xlsx --out "$workbook"

echo
echo "The database is $db; try: $alumni --db $db search やまだ"
echo "The workbook is $workbook: open it in Excel or LibreOffice."
