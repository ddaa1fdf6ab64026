#!/usr/bin/env bash
# The main job on the bundled example data: import the example rosters (a
# Shift_JIS CSV with a title row, and an .xlsx saved by LibreOffice) into a
# fresh database, load a year of history (examples/history.sh: contacts, a
# reunion and its sign-up sheet, rehire applications across the stages, a
# referral, partners, the year's targets and spend), send a newsletter and
# read its delivery report, import the feedback survey of the autumn mixer,
# then show the living pipeline and the year's KPIs, write the KPI workbook
# management reads, and end with the alumni to call next.
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
echo "== a newsletter to everyone who may be rehired, and its delivery report =="
# This program mails everyone who has not opted out (the default is those
# who opted in only).
"$alumni" --db "$db" config set mailing-consent not-opted-out
newsletter=$("$alumni" --db "$db" campaign add 'アルムナイ通信 11月号' --channel newsletter \
    --date 2026-11-05 --rehire yes --purpose 'アルムナイ通信の配信')
"$alumni" --db "$db" campaign export "$newsletter" --out "$(dirname "$db")/配信リスト_アルムナイ通信11月号.csv"
# What the mail tool reported (examples/campaigns/make_report.py made it
# from that list): deliveries, opens, clicks, bounces and an unsubscribe.
"$alumni" --db "$db" campaign import "$newsletter" examples/campaigns/配信結果_アルムナイ通信11月号.csv
"$alumni" --db "$db" campaign list

echo
echo "== the feedback survey after the autumn mixer (a Google Forms export) =="
mixer=$("$alumni" --db "$db" event list --format csv --no-bom | awk -F, '$2 == "アルムナイ交流会 秋" { print $1 }')
"$alumni" --db "$db" survey import examples/surveys/交流会アンケート_回答.csv --event "$mixer" \
    --name 'アルムナイ交流会 秋 アンケート' --rejects "$(dirname "$db")/アンケート_照合できなかった回答.csv" >/dev/null
"$alumni" --db "$db" --lang ja survey show 1

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
echo "== who to call next about a comeback to 営業 =="
"$alumni" --db "$db" suggest --position 営業 --limit 10

echo
echo "The database is $db; try: $alumni --db $db search やまだ"
echo "The workbook is $workbook: open it in Excel or LibreOffice."
