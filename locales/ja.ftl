# alumni のメッセージ（日本語）。キーと変数は en.ftl と同じ
# （src/i18n/tests.rs で確かめている）。

## エラー

error-prefix = alumni: { $message }
no-database = データベースがありません: { $path }（`alumni init` で作成するか、名簿をインポートしてください）
no-database-bare = データベースがありません: { $path }
not-a-database-file = { $path } はデータベースファイルではありません
not-an-sqlite-database = { $path } は SQLite データベースではありません
no-alumnus = 該当する退職者がいません: { $reference }（社員番号、メールアドレス、または #ID で指定してください）
no-application = 応募がありません: { $id }
flag-not-a-date = { $flag } { $value } は日付ではありません
cell-not-a-date = { $value } は日付ではありません
cell-not-an-email = { $value } はメールアドレスではありません
cell-error-value = エラー値 { $value } が入っています
bad-cell = { $column }: { $why }
bad-row = { $file }:{ $row }行目: { $reason }
missing-flag-no-terminal = { $flag } を指定してください（端末がないため質問できません）
nothing-chosen = { $flag } が選ばれませんでした
confirm-needs-yes = { $question }: 確認するには --yes を付けてください（端末がないため質問できません）
unknown-encoding = 不明な --encoding です: { $name }（utf-8、cp932（Shift_JIS）、euc-jp のいずれかを指定してください）
stdin-twice = { $stdin }（標準入力）が複数回指定されています。標準入力は一度しか読めません

## インポートの結果

import-about-sheet = シート { $sheet }
import-about-header-row = 見出し行 { $row }
import-about-header-rows = 見出し行 { $first }–{ $last }
import-file = { $file }（{ $about }）: { $read } 行を読み込み: 追加 { $inserted }、更新 { $updated }、変更なし { $unchanged }、除外 { $rejected }（{ $seconds } 秒）
import-file-dry = { $file }（{ $about }）: { $read } 行を読み込み: 追加予定 { $inserted }、更新予定 { $updated }、変更なし { $unchanged }、除外 { $rejected }（{ $seconds } 秒）
import-kept = 。手で修正された { $count } 件の値はそのまま残しました
import-erased = 。削除依頼により消去した人の行 { $count } 件は取り込みませんでした
import-total = { $files } 件のファイル・シート、{ $read } 行を読み込み: 追加 { $inserted }、更新 { $updated }、変更なし { $unchanged }、除外 { $rejected }（{ $seconds } 秒）
import-total-dry = { $files } 件のファイル・シート、{ $read } 行を読み込み: 追加予定 { $inserted }、更新予定 { $updated }、変更なし { $unchanged }、除外 { $rejected }（{ $seconds } 秒）
import-sheet-skipped = { $file }: シート { $sheet } を読み飛ばしました: { $why }
import-rejects-written = 不正な行を { $path } に書き出しました
import-dry-run = 試行のみ: 何も書き込んでいません
import-dry-no-database = { $path } にはまだデータベースがありません。空のデータベースと比べた結果です
import-created = { $path } を作成しました: 新しいデータベースです（--db PATH または $ALUMNI_DB で指定できます）
import-more-problems = …ほかに不正な行が { $count } 行あります
import-progress-rows = { $file }: { $rows } 行
warning = 警告: { $message }

## 選考ボード

board-stage = { $position } { $label_ja }（{ $key }）: { $count } 件

## 質問

prompt-leave-column-out = （この列は取り込まない）
prompt-which-field = { $file }: 列「{ $header }」はどの項目ですか？
prompt-move-application = 応募 { $id }（{ $name }）を { $stage } から次の段階へ移動
prompt-no-stage = 段階なし
prompt-forget = { $name }（#{ $id }）の個人データを消去しますか？ 元に戻せません
nothing-erased = 何も消去していません
prompt-retention-erase = この { $count } 人の個人データを消去しますか？ 元に戻せません

## dupes

dupes-group-phone = { $records } 件が同じ電話番号 { $value } です（個人ではなく代表番号など）。ペアにはしていません。ID は ids 列にあります（--format csv）
dupes-group-email = { $records } 件が { $value } と同じメールボックスです。ペアにはしていません。ID は ids 列にあります（--format csv）
dupes-group-name = { $records } 件が同じ氏名 { $value } です。ペアにはしていません。確認: { $search }
dupes-groups = 同じキーを持つ { $largest } 件超のグループ { $groups } 個は、ペアではなく 1 行ずつ (kind group) 表示しています

## 表の見出し（列名ごと）

column-id = ID
column-name = 氏名
column-name_kana = フリガナ
column-email = メールアドレス
column-phone = 電話番号
column-department = 部署
column-job_title = 職種
column-hire_date = 入社日
column-leave_date = 退職日
column-leave_reason = 退職理由
column-rehire_eligible = 再雇用可否
column-current_company = 現在の勤務先
column-current_title = 現在の役職
column-location = 所在地
column-linkedin_url = LinkedIn
column-tags = タグ
column-notes = 備考
column-employment_type = 雇用形態
column-leave_type = 退職区分
column-rehire_source = 再雇用可否の根拠
column-consent = 連絡の同意
column-created_at = 登録日時
column-updated_at = 更新日時
column-employee_id = 社員番号
column-kind = 種別
column-referrer = 紹介者
column-position = ポジション
column-source = 経路
column-opened_on = 応募日
column-stage = 段階
column-stage_label = 段階名
column-stage_entered_on = 段階の開始日
column-days_in_stage = 滞留日数
column-outcome = 結果
column-closed_on = 終了日
column-next_stage = 次の段階
column-next_label = 次の段階名
column-rate = 率
column-headers = 見出し
column-mappings = 対応づけ
column-used_at = 使用日時
column-key = キー
column-label_ja = 表示名（日本語）
column-label_en = 表示名（英語）
column-date = 日付
column-channel = チャネル
column-direction = 方向
column-summary = 内容
column-owner = 担当者
column-follow_up = フォローアップ
column-company = 会社
column-status = 状況
column-at = 日時
column-actor = 実行者
column-command = コマンド
column-alumnus = 退職者
column-detail = 詳細
column-invited = 招待
column-registered = 申込
column-attended = 出席
column-attendance_rate = 出席率
column-other_id = 相手の ID
column-other_employee_id = 相手の社員番号
column-other_name = 相手の氏名
column-other_email = 相手のメールアドレス
column-reason = 理由
column-records = 件数
column-last_contact = 最終接触日
column-kept_until = 保存期限
column-month = 月
column-count = 件数
column-applied_to = 適用件数
column-value = 値
column-set = 設定済み
column-default = 既定値
column-description = 説明
column-budget = 予算
column-amount = 金額

## Sign-up sheets (event invite|register|attend --from FILE)

signup-read = { $file }: { $rows } 行: { $counts }
signup-read-unmatched = { $file }: { $rows } 行: { $counts }。{ $unmatched } 行は該当する卒業生なし
signup-separator = {"、"}
signup-count-attended = 出席 { $count }
signup-count-absent = 欠席 { $count }
signup-count-registered = 申込 { $count }
signup-count-invited = 招待 { $count }
signup-bad-status = 出欠を読めないセルが { $count } 件あるため、何も記録していません:
signup-bad-status-cell = { $row } 行目、{ $column } 列（{ $header }）: 「{ $value }」は出欠として読めません
signup-bad-status-more = …ほか { $count } 件
signup-status-hint = 読める値: 出席・参加・来場・済・○・yes・attended（出席）、申込・登録・予約・registered（申込）、欠席・不参加・キャンセル・×・no・absent（欠席）。空欄はコマンドの意味に従います。
