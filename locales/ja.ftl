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

## 退職者の詳細（show）と履歴

show-field = 項目
show-value = 値
show-rehire-yes = 可
show-rehire-review = 要相談
show-rehire-no = 不可
show-rehire-unknown = 不明
show-rehire-source-imported = 取込
show-rehire-source-rule = ルール
show-rehire-source-manual = 手入力
show-rehire-origin = （{ $source }）
show-consent = 連絡の同意
show-consent-opted_in = 同意あり
show-consent-opted_out = 拒否
show-consent-unknown = 不明
show-consent-dated = { $consent }（{ $date }）
show-consent-dated-purpose = { $consent }（{ $date }、{ $purpose }）
show-other-emails = 他のメール
show-other-phones = 他の電話番号
show-aliases = 旧社員番号
show-erased-at = 消去日
show-erased = { $on }（削除依頼により消去）
timeline-title = 履歴
timeline-empty = { "  " }（なし）
timeline-date = 日付
timeline-kind = 種別
timeline-what = 内容
timeline-kind-contact = 接触
timeline-kind-stage = 段階
timeline-kind-close = 終了
timeline-kind-event = イベント
timeline-kind-partner = パートナー
timeline-kind-consent = 連絡の同意
timeline-kind-edit = 修正
timeline-kind-other = その他
timeline-planned = （予定）
timeline-follow-up = { " " }フォローアップ { $date }
timeline-done = （{ $date } 完了）
timeline-application = 応募 { $id }:
timeline-outcome-rejoined = 再入社
timeline-outcome-declined = 辞退
timeline-outcome-rejected = 不採用
timeline-outcome-withdrawn = 取り下げ
timeline-edit = { $command }（{ $by }）: { $detail }
timeline-channel-email = メール
timeline-channel-phone = 電話
timeline-channel-meeting = 面談
timeline-channel-event = イベント
timeline-channel-newsletter = メールマガジン
timeline-channel-sns = SNS
timeline-channel-other = その他
timeline-direction-outbound = 発信
timeline-direction-inbound = 受信
timeline-status-invited = 招待済み
timeline-status-registered = 申込済み
timeline-status-attended = 出席
timeline-source-manual = 手入力
timeline-source-import = 取込
timeline-source-imported = 取込
timeline-consent = { $consent } { $purpose }（{ $source }）

## 二つの記録の統合（merge）

merge-same-record = { $keep } と { $other } は同じ記録です
merge-two-people = { $keep } と { $other } は氏名もフリガナも違うため、別人と思われます。統合していません（それでも統合するには --force を付けてください）
merge-conflicts-title = 値が異なる項目（項目、残す値、相手の値、統合後）:
merge-field = 項目
merge-kept = 残す値
merge-other = 相手の値
merge-result = 統合後
merge-second-email = { $mine } を主、{ $theirs } を2つ目のメールに
merge-second-phone = { $mine } を主、{ $theirs } を2つ目の電話番号に
merge-alias = { $mine }（{ $theirs } は旧社員番号として残す）
merge-question = { $other }（#{ $other_id }）を { $keep }（#{ $keep_id }）に統合し、#{ $other_id } を削除しますか？
merge-nothing = 統合していません
merge-done = #{ $other_id } を #{ $keep_id } に統合しました（統合 { $merge }。`alumni merge --undo { $merge }` で元に戻せます）
merge-undo-question = 統合 { $merge } を取り消し、#{ $other_id } を #{ $keep_id } と別の記録に戻しますか？
merge-nothing-undone = 何も取り消していません
merge-undone = 統合 { $merge } を取り消しました: #{ $other_id } は #{ $keep_id } と別の記録に戻りました

## Listing notes and dates refused

listing-showing-of = { $seen } 件中 { $shown } 件を表示（--limit で変更）
listing-showing-first = 先頭の { $shown } 件を表示（--limit で変更）
listing-columns-hidden = { $count } 列を省略: { $names }（--columns で指定）
date-in-future = { $flag } { $date } は未来の日付です（今日は { $today }）。予定として記録するには --planned を付けてください
date-planned-not-future = --planned には今日（{ $today }）より後の日付が必要です: { $flag } { $date }
date-in-past = --to { $date } は過去の日付です（今日は { $today }）

## Money recorded twice

spend-also-event-cost = イベント費用としても記録されています: { $event } ({ $date }) { $amount }
event-also-spend = { $month } のイベント向け費用(spend add --channel event)としても記録されています: { $amount }

## Campaigns (campaign add|list|show|export|import)

campaign-none = キャンペーンはまだありません
campaign-not-found = キャンペーン { $campaign } はありません（ID で指定してください: 3 または #3。一覧は `alumni campaign list`）
campaign-consent-opted-out = 連絡を拒否した人にキャンペーンは送りません（--consent opted-out）
campaign-consent-unknown = --consent unknown: キャンペーンの送信対象は連絡に同意した人だけです（mailing-consent = opted-in）。同意不明の人も含めるには `alumni config set mailing-consent not-opted-out` を実行してください
campaign-no-recipients = 送信対象がいません: 条件に合い、送ってよい人がいません（除外 { $skipped } 人{ $reasons ->
    [none] {""}
   *[other] : { $reasons }
}）。何も記録していません
campaign-recipients = 送信対象 { $shown } 人
campaign-skipped = 、除外 { $shown } 人: { $reasons }
campaign-skipped-reason = { $why ->
    [opted-out] 連絡拒否
    [unknown] 同意不明
    [no-email] メールアドレスなし
   *[bouncing] 不達
} { $count }
campaign-added = キャンペーン #{ $id }: { $recipients }{ $skipped }
campaign-dry-run = 試行: { $recipients }{ $skipped }。何も記録していません
campaign-show-head = キャンペーン #{ $id }: { $name }（{ $channel }、{ $date }）
campaign-show-purpose = 利用目的: { $purpose }
campaign-show-counts = 送信 { $recipients }、配信 { $delivered }、開封 { $opened }（{ $open_rate }）、クリック { $clicked }（{ $click_rate }）、不達 { $bounced }、配信停止 { $unsubscribed }
campaign-export-sns = キャンペーン #{ $id } は SNS 投稿です: 書き出すメールアドレスがありません
campaign-export-left-out = { $count } 人を除きました: キャンペーン登録後に連絡拒否・消去・不達になった人です
campaign-report-no-key-column = 見出し行（{ $row } 行目）にメールアドレスまたは ID の列がありません（email, メールアドレス, 宛先, id, token …）
campaign-report-bad-cell = { $row } 行目、{ $column } 列（{ $header }）: { $why }
campaign-report-not-a-day = { $value } は日付・日時として読めません
campaign-report-bad-status = { $value } は配信結果として読めません（delivered, 配信済み, bounced, 不達, エラー, opened, 開封, clicked, クリック, unsubscribed, 配信停止 …）
campaign-report-not-a-mark = { $value } は日付・日時でも、あり・なし（1, yes, TRUE, ○, ✓; 0, no, ×）でもありません
campaign-report-no-key = { $row } 行目: メールアドレスも ID もありません
campaign-report-unknown-recipient = { $row } 行目: { $who } はキャンペーン #{ $id } の送信対象ではありません
campaign-report-more = ほか { $count } 件
campaign-report-refused = { $file }: 取り込めない行が { $count } 行あります。何も記録していません（--skip-invalid で残りを取り込めます）:
campaign-report-none-matched = { $file }: キャンペーンの送信対象に当たる行がありません。何も記録していません
campaign-report-left-out = { $count } 行を除きました
campaign-mark = { $what ->
    [delivered] 配信
    [opened] 開封
    [clicked] クリック
    [bounced] 不達
   *[unsubscribed] 配信停止
} { $count }
campaign-status = { $status ->
   *[sent] 送信済み
    [delivered] 配信
    [opened] 開封
    [clicked] クリック
    [bounced] 不達
    [unsubscribed] 配信停止
}
campaign-imported = キャンペーン #{ $id }: { $rows } 行を読み、{ $recorded } を記録しました
campaign-import-dry-run = キャンペーン #{ $id }: { $rows } 行を読みました。記録されるのは { $recorded } です。何も記録していません（試行）
campaign-import-unchanged = キャンペーン #{ $id }: { $rows } 行を読みました。変更はありません: すでに記録済みの内容だけです
column-recipients = 送信数
column-delivered = 配信
column-opened = 開封
column-clicked = クリック
column-bounced = 不達
column-unsubscribed = 配信停止
column-purpose = 利用目的
column-alumnus_id = ID
column-token = トークン
column-delivered_on = 配信日
column-open_day = 開封日
column-clicked_on = クリック日
column-bounced_on = 不達日
column-unsubscribed_on = 配信停止日

## Surveys (survey import|list|show)

survey-none = アンケートはまだありません
survey-no-key-column = 見出し行（{ $row } 行目）にメールアドレスの列も社員番号の列もありません（メールアドレス、Email Address、メール、Email、社員番号、Employee ID など）。何も取り込んでいません
survey-no-timestamp = 見出し行（{ $row } 行目）に日時の列がありません（タイムスタンプ、Timestamp、完了時刻、Completion time、開始時刻、Start time）。何も取り込んでいません
survey-bad-score = { $column } 列: { $value } は 0〜10 の点数（整数）ではありません
survey-bad-timestamp = { $column } 列: { $value } は日時ではありません
survey-more-rows = …ほか { $count } 行
survey-invalid-rows = { $file }: 点数か日時の誤った行が { $count } 行あるため、何も取り込んでいません:
survey-invalid-hint = 直すか、--skip-invalid で残りの行を取り込んでください（誤った行は除外ファイルに書き出します）。
survey-no-match = { $file }: どの行もアルムナイに一致しません。何も取り込んでいません
survey-tried-email = メールアドレス { $email }
survey-tried-employee-id = 社員番号 { $id }
survey-or = {"、"}
survey-unmatched = { $tried } のアルムナイはいません
survey-no-key = 照合するメールアドレスも社員番号もありません
survey-answered-again = 同じ人が { $row } 行目でも回答しています。後の回答を数えます
survey-already = { $file } は取り込み済みです（アンケート #{ $id }、{ $name }）。何も変えていません
survey-imported = { $file }: { $rows } 行を読み、{ $imported } 件の回答をアンケート #{ $id } として取り込みました。一致なし { $unmatched } 行、誤り { $invalid } 行。NPS { $nps }
survey-imported-dry = { $file }: { $rows } 行を読み、{ $imported } 件の回答を取り込む予定です。一致なし { $unmatched } 行、誤り { $invalid } 行。NPS { $nps }
survey-rejects-written = 取り込まなかった { $count } 行を { $path } に書き出しました
survey-dry-run = 試行のみ: 何も取り込んでいません
survey-already-answered = { $count } 人はアンケート #{ $id } に回答済みです（以前に書き出したフォームの回答）: 保存済みの回答をそのまま残します
survey-no-score = 0〜10 のおすすめ度の質問が見つかりません（おすすめ度、推奨度、How likely など）。回答に点数はありません
survey-score-question = 点数の質問: { $question }
survey-comment-question = コメントの質問: { $question }
survey-not-found = アンケート #{ $id } はありません（alumni survey list を参照）
survey-show-title = アンケート #{ $id }: { $name }
survey-show-event = イベント: { $event }
survey-show-responses = 回答数: { $count }（{ $first } 〜 { $last }）
survey-show-counts = 推奨者（9〜10）: { $promoters }   中立者（7〜8）: { $passives }   批判者（0〜6）: { $detractors }
survey-show-nps = NPS: { $nps }（点数のある { $respondents } 件）
survey-show-no-nps = NPS: なし（点数がありません）
survey-show-distribution = 点数の分布:
survey-show-comments = コメント: { $count } 件
column-survey_event = イベント
column-survey_responses = 回答数
column-survey_nps = NPS
column-survey_first_answered_on = 最初の回答日
column-survey_last_answered_on = 最後の回答日
column-survey_answered_on = 回答日
column-survey_score = 点数
column-survey_comment = コメント

## Career history (show, list --company, partner suggest)

career-none = 経歴の記録はありません
career-title = 経歴
career-since = 開始日
career-company = 会社
career-position = 役職
career-source = 記録元
career-source-import = 取り込み
career-source-import-numbered = 取り込み #{ $id }
career-source-edit = 手入力
career-source-merge = 統合
career-source-initial = 履歴の記録開始時点の値
career-suggest-partner = パートナー #{ $id }（{ $kind }）
career-suggest-given = 指定: { $name }
career-suggest-none = 候補はいません。取引先・協業先または指定の会社に現在勤めていて、まだパートナー記録のない卒業生はいません。
column-since = 開始日
column-partner_reason = 理由

## Who to call next (suggest)

suggest-none = 候補者はいません
suggest-shown = 候補 { $candidates }人のうち { $shown }人(重みは alumni config の suggest-… で設定)
suggest-eligible = 再雇用: { $value }
suggest-eligible-yes = 可
suggest-eligible-review = 要相談
suggest-eligible-unknown = 不明
suggest-contacts = 接触 { $count }回
suggest-contacts-inbound = 接触 { $count }回(うち本人から { $inbound }回)
suggest-events = イベント参加 { $count }回
suggest-survey = おすすめ度 { $score }
suggest-clicked = キャンペーンのクリック { $count }件
suggest-opened = キャンペーンの開封 { $count }件
suggest-clicked-opened = キャンペーンのクリック { $clicked }件・開封のみ { $opened }件
suggest-left = 退職から{ $years }年
suggest-tenure = 在籍{ $years }年
suggest-role = 元 { $role }
suggest-role-matched = 元 { $role }(条件に一致)
column-suggest_rank = 順位
column-suggest_score = スコア
column-suggest_reasons = 理由

## Campaign reach and NPS in the KPI report and workbook

kpi-campaigns-none = 期間内のキャンペーンはありません
kpi-campaigns-heading = キャンペーン(到達数 = 配信数、配信結果がなければ送付数)
kpi-column-campaign = キャンペーン
kpi-column-date = 日付
kpi-column-channel = チャネル
kpi-column-recipients = 送付数
kpi-column-reach = 到達数
kpi-column-opened = 開封数
kpi-column-clicked = クリック数
kpi-column-open-rate = 開封率
kpi-column-click-rate = クリック率
kpi-column-event = イベント
kpi-column-responses = 回答数
kpi-column-promoters = 推奨者
kpi-column-passives = 中立者
kpi-column-detractors = 批判者
kpi-column-nps = NPS
kpi-total = 合計
kpi-nps-none = アルムナイNPS: 期間内にスコアのあるアンケート回答はありません
kpi-nps-period = アルムナイNPS { $nps }(回答 { $responses } 件: 推奨者 { $promoters }、中立者 { $passives }、批判者 { $detractors })

## Records changed by someone else meanwhile
record-changed = #{ $id } は表示した後に別のコマンドで変更されました({ $fields })。何も変更していません。いまの内容を確認するため、もう一度実行してください。
record-changed-bookkeeping = 項目の手入力の印
retention-changed = 一覧の後に別のコマンドでデータベースが変更され、保存期間を過ぎた人が一覧より { $count } 人増えました。何も消去していません。いま期間を過ぎている人を確認するため、もう一度実行してください。

## The SQLite file's own commands, on PostgreSQL
file-only = `alumni { $command }` は SQLite のファイルに対するコマンドです。PostgreSQL では、{ $instead }
file-only-backup = pg_dump でスキーマをバックアップしてください(例: `pg_dump --schema=NAME`)
file-only-check = サーバーが自らページと制約を検査します(より詳しくは pg_amcheck を使ってください)
file-only-scrub = 書き直すファイルはありません。消去した値はどの問い合わせからも読めず、その領域はサーバーの VACUUM が回収します
## db copy / db grant
db-copy-same = --from と --to が同じデータベース { $db } を指しています
db-copy-not-empty = { $target } は空ではありません({ $held } があります)。新しいデータベースか空のデータベースにコピーするか、中身を置き換えるなら --force を付けてください
db-copy-done = コピーしました: { $counts }
db-grant-sqlite = SQLite では、ファイルの権限で読み書きできる人が決まります。`alumni db grant` は PostgreSQL のデータベース用です
db-grant-no-user = データベースのロール { $user } がありません。スーパーユーザーか CREATEROLE を持つロールで先に作成してください: { $create }
db-grant-cannot-create = データベースのロール { $role } はロール { $groups } を作成できません。`alumni db grant` はスーパーユーザーか CREATEROLE を持つロールで実行してください
db-grant-done = { $user } の権限を { $level } にしました({ $group })
db-grant-revoked = { $user } の権限をすべて取り消しました
db-role-refused = データベースのロール { $role }({ $level })は `alumni { $command }` を実行できません。管理者が `alumni db grant { $role } { $needs }` で権限を与えられます
db-role-no-level = 権限なし
db-connect-failed = データベース { $db } に接続できません: { $why }
db-connect-password = サーバーがパスワードを求めています。$PGPASSWORD か ~/.pgpass の行(または $PGPASSFILE が指すファイルの行)で渡してください
