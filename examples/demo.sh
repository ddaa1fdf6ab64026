#!/usr/bin/env bash
# The main job on the bundled example data: import the example rosters (a
# Shift_JIS CSV with a title row, and an .xlsx saved by LibreOffice) into a
# fresh database, then show what landed.
#
#   bash examples/demo.sh [DATABASE]      (default: target/demo/alumni.db)
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --release --quiet
alumni=target/release/alumni
db=${1:-target/demo/alumni.db}
mkdir -p "$(dirname "$db")"
rm -f "$db" "$db-wal" "$db-shm"

echo "== import =="
"$alumni" --db "$db" import examples/data/*.csv examples/data/*.xlsx

echo
echo "== alumni who left in 2024 and may be rehired =="
"$alumni" --db "$db" list --left-in 2024 --rehire yes --limit 12

echo
echo "== one alumnus =="
"$alumni" --db "$db" show 00123

echo
echo "The database is $db; try: $alumni --db $db search やまだ"
