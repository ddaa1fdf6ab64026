"""Writes the demo's feedback survey after the autumn mixer, as Google
Forms exports its responses in Japanese: UTF-8 with a BOM, a タイムスタンプ
column (2026/10/16 21:03:12), the respondent's メールアドレス, then one column
per question. One respondent answered from a private address the roster
does not hold, so that `survey import` has a row to report.

    python3 examples/surveys/make_survey.py
"""

import csv
import io
import pathlib

header = [
    "タイムスタンプ",
    "メールアドレス",
    "アルムナイ交流会を元同僚にすすめる可能性はどのくらいありますか？（0〜10）",
    "参加したセッション",
    "ご意見・ご感想をお聞かせください",
]
rows = [
    ["2026/10/16 21:03:12", "ichiro.suzuki@example.co.jp", "9", "パネルディスカッション", "現場の今の話が聞けてよかったです。"],
    ["2026/10/16 22:40:05", "yumi.kato@example.co.jp", "10", "懇親会", "また参加したいです。紹介したい元同僚がいます。"],
    ["2026/10/17 8:12:44", "taro.yamada@example.co.jp", "8", "パネルディスカッション", ""],
    ["2026/10/18 12:30:00", "sho.watanabe@example.co.jp", "6", "懇親会", "オンラインだと話しにくかったです。"],
    ["2026/10/19 19:05:31", "old.colleague@gmail.com", "7", "懇親会", ""],
]
out = io.StringIO()
writer = csv.writer(out, lineterminator="\r\n")
writer.writerow(header)
writer.writerows(rows)
target = pathlib.Path(__file__).with_name("交流会アンケート_回答.csv")
target.write_bytes(b"\xef\xbb\xbf" + out.getvalue().encode("utf-8"))
print(f"wrote {target}")
