#!/usr/bin/env bash
# The README's pictures of the KPI workbook: the example's workbook (written
# by examples/demo.sh) printed to PDF by LibreOffice, and three of its
# sheets, 逆算 (page 2), 採用スケジュール (page 3) and KPI管理 (page 4), turned
# into PNG by pdftoppm.
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
# A4 landscape at 110 dpi is 1286 × 909 pixels; the tables and charts sit in
# the upper part of each page.
pdftoppm -r 110 -png -f 2 -l 2 -x 40 -y 40 -W 1240 -H 760 -singlefile \
    "$work/kpi.pdf" docs/images/kpi-back-calculation
# The schedule is one page: its table fills the width and the upper half.
pdftoppm -r 110 -png -f 3 -l 3 -x 20 -y 40 -W 1246 -H 520 -singlefile \
    "$work/kpi.pdf" docs/images/kpi-schedule
pdftoppm -r 110 -png -f 4 -l 4 -x 40 -y 40 -W 1200 -H 650 -singlefile \
    "$work/kpi.pdf" docs/images/kpi-monthly
ls -l docs/images/kpi-*.png
