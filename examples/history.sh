#!/usr/bin/env bash
# A realistic history for the bundled example roster: consent, rules, an
# alumni reunion with its sign-up sheet, contacts, rehire applications across
# the stages (one rejoined, one declined, one rejected, some open), a
# referral and partners. examples/demo.sh runs it after the import.
#
#   bash examples/history.sh ALUMNI_BINARY DATABASE
set -euo pipefail
alumni=("$1" --db "$2" --quiet)
cd "$(dirname "$0")"

"${alumni[@]}" rules set 懲戒 no
"${alumni[@]}" rules set 契約満了 review
"${alumni[@]}" consent 00123 opted-in --purpose '再雇用・イベントのご案内' --date 2026-04-10
"${alumni[@]}" consent 00124 opted-in --purpose 'イベントのご案内' --date 2026-04-12
"${alumni[@]}" consent 00130 opted-out --date 2026-05-01

# The summer reunion: invitations, then the reception's sign-up sheet.
reunion=$("${alumni[@]}" event add '2026 夏の同窓会' --date 2026-08-01 --kind reunion --location 東京本社 --cost 300000)
"${alumni[@]}" event invite "$reunion" 00123 00124 00125 00126 00129 00131 00132 0000074 0000119
"${alumni[@]}" event attend "$reunion" --from events/同窓会_受付名簿.csv 2>/dev/null || true
mixer=$("${alumni[@]}" event add 'アルムナイ交流会 秋' --date 2026-10-15 --kind mixer --location オンライン --cost 50000)
"${alumni[@]}" event invite "$mixer" 00123 00125 00129 00131 0000134
"${alumni[@]}" event attend "$mixer" 00125 00131

# Contacts, some with a follow-up.
"${alumni[@]}" contact add 00123 --channel email --date 2026-07-10 --summary '同窓会のご案内' --owner '人事 鈴木' >/dev/null
"${alumni[@]}" contact add 00123 --channel meeting --date 2026-08-05 --summary '再入社の意向を確認' --owner '人事 鈴木' >/dev/null
"${alumni[@]}" contact add 00129 --channel phone --date 2026-09-20 --summary '近況確認、大学院修了後に応募予定' --owner '人事 田中' --follow-up 2026-11-01 >/dev/null
"${alumni[@]}" contact add 00131 --channel sns --date 2026-10-01 --summary 'リファラルのお礼' --owner '人事 田中' >/dev/null
"${alumni[@]}" contact add 00126 --channel newsletter --date 2026-10-30 --summary 'アルムナイ通信 10月号' --owner '人事 鈴木' --follow-up 2026-11-15 >/dev/null

# 山田 太郎 comes back: every stage from contact to rejoining.
app=$("${alumni[@]}" pipeline add 00123 --position 'セールスマネージャー' --department 営業部 --source event --date 2026-08-05 --cost 20000)
"${alumni[@]}" pipeline move "$app" interested --date 2026-08-20
"${alumni[@]}" pipeline move "$app" applied --date 2026-09-01
"${alumni[@]}" pipeline move "$app" screening --date 2026-09-05
"${alumni[@]}" pipeline move "$app" interview --date 2026-09-15 --note '一次・最終面接'
"${alumni[@]}" pipeline move "$app" offer --date 2026-10-01
"${alumni[@]}" pipeline move "$app" accepted --date 2026-10-05
"${alumni[@]}" pipeline move "$app" rejoined --date 2026-11-01

# 佐藤 花子 skips to an interview, then declines.
app=$("${alumni[@]}" pipeline add 00124 --position '人事企画' --department 人事部 --source newsletter --date 2026-09-01)
"${alumni[@]}" pipeline move "$app" interested --date 2026-09-10
"${alumni[@]}" pipeline move "$app" interview --date 2026-09-25
"${alumni[@]}" pipeline close "$app" declined --reason '現職での昇進が決まったため' --by candidate --date 2026-10-03

# 鈴木 一郎 is not taken this time.
app=$("${alumni[@]}" pipeline add 00125 --position 'テックリード' --department 開発部 --source direct --date 2026-06-01)
"${alumni[@]}" pipeline move "$app" applied --date 2026-06-10
"${alumni[@]}" pipeline move "$app" screening --date 2026-06-15
"${alumni[@]}" pipeline close "$app" rejected --reason 'ポジション充足' --by company --date 2026-06-30

# Open applications.
app=$("${alumni[@]}" pipeline add 00129 --position 'データエンジニア' --department 開発部 --source phone --date 2026-10-01)
"${alumni[@]}" pipeline move "$app" interested --date 2026-10-10
"${alumni[@]}" pipeline move "$app" applied --date 2026-10-20
"${alumni[@]}" pipeline add 0000119 --position 'エンジニア' --department 開発部 --source event --date 2026-10-15 >/dev/null

# 加藤 由美 refers a former colleague.
app=$("${alumni[@]}" referral add --by 00131 --name '鈴木 次郎' --email jiro.suzuki@example.jp --position エンジニア --department 開発部 --date 2026-09-20 --cost 100000)
"${alumni[@]}" pipeline move "$app" applied --date 2026-09-25
"${alumni[@]}" pipeline move "$app" interview --date 2026-10-08

# The year's targets (a month × stage grid as HR types it) and spend.
"${alumni[@]}" target import targets/2026年度_採用目標.csv
"${alumni[@]}" spend add 2026-07 --channel newsletter 30000
"${alumni[@]}" spend add 2026-09 --channel referral 50000 --budget 100000
# The pass rates the plan assumes, and the company's hires through every
# channel, for the alumni share of all hires.
"${alumni[@]}" target rate 面接 40%
"${alumni[@]}" target rate 内定 80%
"${alumni[@]}" target hires 2026-06 12
"${alumni[@]}" target hires 2026-09 9

# Business through alumni.
"${alumni[@]}" partner add 00132 --kind client --status 商談中 >/dev/null
"${alumni[@]}" partner add 00125 --kind speaker --status '社内勉強会に登壇済み' >/dev/null
