#!/usr/bin/env bash
# The README's pictures of the KPI workbook: the example's workbook (written
# by examples/demo.sh) printed to PDF by LibreOffice, and four of its
# sheets, 採用計画, 逆算, 採用スケジュール and KPI管理, turned into PNG by
# pdftoppm.
#
#   bash scripts/workbook_pictures.sh [WORKBOOK]
# Needs: soffice (libreoffice-calc), pdftoppm (poppler-utils), and a Japanese
# font (fonts-ipafont-gothic) for the labels to show.
set -euo pipefail
cd "$(dirname "$0")/.."
workbook=${1:-target/demo/採用KPI_2026年度.xlsx}
[ -f "$workbook" ] || bash examples/demo.sh >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$workbook" "$work/kpi.xlsx"
soffice -env:UserInstallation="file://$work/profile" --headless \
    --convert-to pdf --outdir "$work" "$work/kpi.xlsx" >/dev/null 2>&1
mkdir -p docs/images
# The first page of a sheet: the page whose first line is its title (a
# sheet wider than A4 prints over more pages, so numbers would drift).
page_of() {
    local n pages
    pages=$(pdfinfo "$work/kpi.pdf" | awk '/^Pages:/ {print $2}')
    for n in $(seq "$pages"); do
        if pdftotext -f "$n" -l "$n" "$work/kpi.pdf" - | head -1 | grep -q "^$1"; then
            echo "$n"
            return
        fi
    done
    echo "workbook_pictures: no page titled $1" >&2
    exit 1
}
# picture NAME TITLE X Y W H: the part of the sheet's first page that
# holds its tables and charts, at 110 dpi (A4 landscape is 1286 × 909).
picture() {
    local page
    page=$(page_of "$2")
    pdftoppm -r 110 -png -f "$page" -l "$page" -x "$3" -y "$4" -W "$5" -H "$6" -singlefile \
        "$work/kpi.pdf" "docs/images/$1"
}
picture kpi-plan "アルムナイ採用計画" 40 40 1000 520
picture kpi-back-calculation "逆算" 40 40 1240 760
picture kpi-schedule "採用スケジュール" 20 40 1246 520
picture kpi-monthly "KPI管理" 40 40 1240 860
ls -l docs/images/kpi-*.png
