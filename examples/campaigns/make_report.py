"""Writes the delivery report of the demo's newsletter, as a Japanese mail
tool exports it: Shift_JIS (CP932), one row per address, the delivery
result, the times of the first open and click, and an unsubscribe flag.

    python3 examples/campaigns/make_report.py RECIPIENTS.csv

RECIPIENTS.csv is `alumni campaign export` of the demo's newsletter; the
report is written beside this script. The choice of who opened, clicked,
bounced or unsubscribed is fixed (every n-th address), so the file is the
same on every run.
"""

import csv
import io
import pathlib
import sys

recipients = list(csv.DictReader(open(sys.argv[1], encoding="utf-8-sig")))
out = io.StringIO()
writer = csv.writer(out, lineterminator="\r\n")
writer.writerow(["メールアドレス", "配信結果", "開封日時", "クリック日時", "配信停止"])
for i, row in enumerate(recipients):
    if i % 29 == 7:
        writer.writerow([row["email"], "エラー", "", "", ""])
        continue
    opened = clicked = stop = ""
    if i % 5 in (0, 2):
        opened = f"2026/11/{5 + i % 4} {9 + i % 9}:{i % 60:02d}"
    if i % 10 == 0:
        clicked = f"2026/11/{5 + i % 4} {10 + i % 9}:{(i * 7) % 60:02d}"
    if i == 41:
        stop = "1"
    writer.writerow([row["email"], "配信済み", opened, clicked, stop])
target = pathlib.Path(__file__).with_name("配信結果_アルムナイ通信11月号.csv")
target.write_bytes(out.getvalue().encode("cp932"))
print(f"wrote {target} ({len(recipients)} rows)")
