# alumni's messages in English. Every key here is also in ja.ftl, with the
# same variables (src/i18n/tests.rs checks it).

## Errors

error-prefix = alumni: { $message }
no-database = no database at { $path } (create one with `alumni init`, or import a roster)
no-database-bare = no database at { $path }
not-a-database-file = { $path } is not a database file
not-an-sqlite-database = { $path } is not an SQLite database
no-alumnus = no alumnus { $reference } (name one by employee ID, email, or #id)
no-application = no application { $id }
flag-not-a-date = { $flag } { $value } is not a date
cell-not-a-date = { $value } is not a date
cell-not-an-email = { $value } is not an email address
cell-error-value = holds the error value { $value }
bad-cell = { $column } { $why }
bad-row = { $file }:{ $row }: { $reason }
missing-flag-no-terminal = missing { $flag } (no terminal to ask on)
nothing-chosen = no { $flag } chosen
confirm-needs-yes = { $question }: give --yes to confirm (no terminal to ask on)
unknown-encoding = unknown --encoding { $name }; try utf-8, cp932 (Shift_JIS) or euc-jp
stdin-twice = { $stdin } (standard input) is named more than once; it can be read only once

## The import summary

import-about-sheet = sheet { $sheet }
import-about-header-row = header row { $row }
import-about-header-rows = header rows { $first }–{ $last }
import-file = { $file } ({ $about }): { $read } rows read: { $inserted } inserted, { $updated } updated, { $unchanged } unchanged, { $rejected } rejected ({ $seconds } s)
import-file-dry = { $file } ({ $about }): { $read } rows read: { $inserted } would be inserted, { $updated } would be updated, { $unchanged } unchanged, { $rejected } rejected ({ $seconds } s)
import-kept = ; { $count } values edited by hand were kept
import-erased = { $count ->
    [one] ; 1 row of a person erased on request was left out
   *[other] ; { $count } rows of people erased on request were left out
}
import-total = { $files ->
    [one] 1 file or sheet
   *[other] { $files } files or sheets
}, { $read } rows read: { $inserted } inserted, { $updated } updated, { $unchanged } unchanged, { $rejected } rejected, in { $seconds } s
import-total-dry = { $files ->
    [one] 1 file or sheet
   *[other] { $files } files or sheets
}, { $read } rows read: { $inserted } would be inserted, { $updated } would be updated, { $unchanged } unchanged, { $rejected } rejected, in { $seconds } s
import-sheet-skipped = { $file }: sheet { $sheet } skipped: { $why }
import-rejects-written = invalid rows written to { $path }
import-dry-run = dry run: nothing was written
import-dry-no-database = no database at { $path } yet: the dry run compared the files with an empty one
import-created = created { $path }: a new database (--db PATH or $ALUMNI_DB names it)
import-more-problems = … and { $count } more invalid rows
import-progress-rows = { $file }: { $rows } rows
warning = warning: { $message }

## The pipeline board

board-stage = { $position } { $label_ja } / { $label_en } ({ $key }): { $count }

## Prompts

prompt-leave-column-out = (leave this column out)
prompt-which-field = { $file }: which field is the column { $header }?
prompt-move-application = Move application { $id } ({ $name }) from { $stage } to
prompt-no-stage = no stage
prompt-forget = erase the personal data of { $name } (#{ $id })? This cannot be undone
nothing-erased = nothing erased
prompt-retention-erase = erase the personal data of these { $count } alumni? This cannot be undone

## dupes

dupes-group-phone = { $records } records share the phone { $value }, a shared line rather than a person's: not paired one by one; their ids are in the ids column (--format csv)
dupes-group-email = { $records } records share the mailbox of { $value }: not paired one by one; their ids are in the ids column (--format csv)
dupes-group-name = { $records } records share the name { $value }: not paired one by one; see { $search }
dupes-groups = { $groups } groups of more than { $largest } records sharing one key are listed once each (kind group), not as pairs

## Table headings, by column name

column-id = id
column-name = name
column-name_kana = name_kana
column-email = email
column-phone = phone
column-department = department
column-job_title = job_title
column-hire_date = hire_date
column-leave_date = leave_date
column-leave_reason = leave_reason
column-rehire_eligible = rehire_eligible
column-current_company = current_company
column-current_title = current_title
column-location = location
column-linkedin_url = linkedin_url
column-tags = tags
column-notes = notes
column-employment_type = employment_type
column-leave_type = leave_type
column-rehire_source = rehire_source
column-consent = consent
column-created_at = created_at
column-updated_at = updated_at
column-employee_id = employee_id
column-kind = kind
column-referrer = referrer
column-position = position
column-source = source
column-opened_on = opened_on
column-stage = stage
column-stage_label = stage_label
column-stage_entered_on = stage_entered_on
column-days_in_stage = days_in_stage
column-outcome = outcome
column-closed_on = closed_on
column-next_stage = next_stage
column-next_label = next_label
column-rate = rate
column-headers = headers
column-mappings = mappings
column-used_at = used_at
column-key = key
column-label_ja = label_ja
column-label_en = label_en
column-date = date
column-channel = channel
column-direction = direction
column-summary = summary
column-owner = owner
column-follow_up = follow_up
column-company = company
column-status = status
column-at = at
column-actor = actor
column-command = command
column-alumnus = alumnus
column-detail = detail
column-invited = invited
column-registered = registered
column-attended = attended
column-attendance_rate = attendance_rate
column-other_id = other_id
column-other_employee_id = other_employee_id
column-other_name = other_name
column-other_email = other_email
column-reason = reason
column-records = records
column-last_contact = last_contact
column-kept_until = kept_until
column-month = month
column-count = count
column-applied_to = applied_to
column-value = value
column-set = set
column-default = default
column-description = description
column-budget = budget
column-amount = amount

## Sign-up sheets (event invite|register|attend --from FILE)

signup-read = { $file }: { $rows ->
    [one] 1 row
   *[other] { $rows } rows
  }: { $counts }
signup-read-unmatched = { $file }: { $rows ->
    [one] 1 row
   *[other] { $rows } rows
  }: { $counts }; { $unmatched ->
    [one] 1 row matched nobody
   *[other] { $unmatched } rows matched nobody
  }
signup-separator = {", "}
signup-count-attended = { $count } attended
signup-count-absent = { $count } absent
signup-count-registered = { $count } registered
signup-count-invited = { $count } invited
signup-bad-status = { $count ->
    [one] a status that is not understood
   *[other] { $count } statuses that are not understood
  }; nothing was recorded:
signup-bad-status-cell = row { $row }, column { $column } ({ $header }): "{ $value }" is not a status
signup-bad-status-more = … and { $count } more
signup-status-hint = Understood: 出席, 参加, 来場, 済, ○, yes, attended (attended); 申込, 登録, 予約, registered (registered); 欠席, 不参加, キャンセル, ×, no, absent (did not attend); an empty cell means what the command says.

## One alumnus on one page (show) and the timeline

show-field = field
show-value = value
show-rehire-yes = yes
show-rehire-review = review
show-rehire-no = no
show-rehire-unknown = unknown
show-rehire-source-imported = imported
show-rehire-source-rule = rule
show-rehire-source-manual = manual
show-rehire-origin = { " " }({ $source })
show-consent = consent
show-consent-opted_in = opted_in
show-consent-opted_out = opted_out
show-consent-unknown = unknown
show-consent-dated = { $consent } ({ $date })
show-consent-dated-purpose = { $consent } ({ $date }, { $purpose })
show-other-emails = 他のメール
show-other-phones = 他の電話番号
show-aliases = 旧社員番号
show-erased-at = 消去日
show-erased = { $on } (erased on request)
timeline-title = Timeline / 履歴
timeline-empty = { "  " }(none)
timeline-date = date
timeline-kind = kind
timeline-what = what
timeline-kind-contact = contact / 接触
timeline-kind-stage = stage / 段階
timeline-kind-close = close / 終了
timeline-kind-event = event / イベント
timeline-kind-partner = partner / パートナー
timeline-kind-consent = consent / 連絡同意
timeline-kind-edit = edit / 修正
timeline-kind-other = other
timeline-planned = { " " }(planned)
timeline-follow-up = { " " }follow up { $date }
timeline-done = { " " }(done { $date })
timeline-application = application { $id }:
timeline-outcome-rejoined = rejoined
timeline-outcome-declined = declined
timeline-outcome-rejected = rejected
timeline-outcome-withdrawn = withdrawn
timeline-edit = { $command } by { $by }: { $detail }
timeline-channel-email = email
timeline-channel-phone = phone
timeline-channel-meeting = meeting
timeline-channel-event = event
timeline-channel-newsletter = newsletter
timeline-channel-sns = sns
timeline-channel-other = other
timeline-direction-outbound = outbound
timeline-direction-inbound = inbound
timeline-status-invited = invited
timeline-status-registered = registered
timeline-status-attended = attended
timeline-source-manual = manual
timeline-source-import = import
timeline-source-imported = imported
timeline-consent = { $consent } { $purpose } ({ $source })

## Merging two records

merge-same-record = { $keep } and { $other } are the same record
merge-two-people = { $keep } and { $other } have different names and readings, so they look like two people; nothing merged (give --force to merge them anyway)
merge-conflicts-title = values that differ (field, kept, other, result):
merge-field = field
merge-kept = kept
merge-other = other
merge-result = result
merge-second-email = { $mine } primary, { $theirs } second email
merge-second-phone = { $mine } primary, { $theirs } second phone
merge-alias = { $mine }, with { $theirs } as an alias
merge-question = merge { $other } (#{ $other_id }) into { $keep } (#{ $keep_id }), and remove #{ $other_id }?
merge-nothing = nothing merged
merge-done = merged #{ $other_id } into #{ $keep_id } (merge { $merge }; `alumni merge --undo { $merge }` takes it back)
merge-undo-question = undo merge { $merge }, putting #{ $other_id } back beside #{ $keep_id }?
merge-nothing-undone = nothing undone
merge-undone = undid merge { $merge }: #{ $other_id } is back beside #{ $keep_id }

## Listing notes and dates refused

listing-showing-of = showing { $shown } of { $seen }; see --limit
listing-showing-first = showing the first { $shown }; see --limit
listing-columns-hidden = { $count ->
    [one] 1 column hidden
   *[other] { $count } columns hidden
  }: { $names }; see --columns
date-in-future = { $flag } { $date } is in the future (today is { $today }); give --planned to record it as planned
date-planned-not-future = --planned needs a date after today ({ $today }); { $flag } { $date } is not
date-in-past = --to { $date } is in the past (today is { $today })

## Money recorded twice

spend-also-event-cost = also recorded as event cost: { $event } ({ $date }) { $amount }
event-also-spend = also recorded as spend for event in { $month }: { $amount }

## Campaigns (campaign add|list|show|export|import)

campaign-none = no campaigns yet
campaign-not-found = no campaign { $campaign } (name one by its id, 3 or #3; `alumni campaign list` shows them)
campaign-consent-opted-out = a campaign never goes to anyone who opted out (--consent opted-out)
campaign-consent-unknown = --consent unknown: campaigns go to opted-in alumni only (mailing-consent = opted-in); to include unknown consent, run `alumni config set mailing-consent not-opted-out`
campaign-no-recipients = nobody to send to: the filters select no one who may receive it ({ $skipped } left out{ $reasons ->
    [none] {""}
   *[other] : { $reasons }
}); nothing was recorded
campaign-recipients = { $count ->
    [one] { $shown } recipient
   *[other] { $shown } recipients
}
campaign-skipped = ; { $shown } skipped: { $reasons }
campaign-skipped-reason = { $why ->
    [opted-out] opted out
    [unknown] consent unknown
    [no-email] no email
   *[bouncing] bouncing
} { $count }
campaign-added = campaign #{ $id }: { $recipients }{ $skipped }
campaign-dry-run = dry run: { $recipients }{ $skipped }; nothing was recorded
campaign-show-head = campaign #{ $id }: { $name } ({ $channel }, { $date })
campaign-show-purpose = purpose: { $purpose }
campaign-show-counts = recipients { $recipients }; delivered { $delivered }; opened { $opened } ({ $open_rate }); clicked { $clicked } ({ $click_rate }); bounced { $bounced }; unsubscribed { $unsubscribed }
campaign-export-sns = campaign #{ $id } is an SNS post: it has no addresses to export
campaign-export-left-out = { $count ->
    [one] 1 recipient left out: opted out, erased or bouncing since the campaign was added
   *[other] { $count } recipients left out: opted out, erased or bouncing since the campaign was added
}
campaign-report-no-key-column = the header row (row { $row }) has no email or id column (email, メールアドレス, 宛先, id, token …)
campaign-report-bad-cell = row { $row }, column { $column } ({ $header }): { $why }
campaign-report-not-a-day = { $value } is not a date or time
campaign-report-bad-status = { $value } is not a delivery status (delivered, 配信済み, bounced, 不達, エラー, opened, 開封, clicked, クリック, unsubscribed, 配信停止 …)
campaign-report-not-a-mark = { $value } is neither a date or time nor yes/no (1, yes, TRUE, ○, ✓; 0, no, ×)
campaign-report-no-key = row { $row }: no email or id
campaign-report-unknown-recipient = row { $row }: { $who } is not a recipient of campaign #{ $id }
campaign-report-more = … and { $count } more
campaign-report-refused = { $file }: { $count ->
    [one] 1 row cannot be imported
   *[other] { $count } rows cannot be imported
}; nothing was recorded (--skip-invalid imports the others):
campaign-report-none-matched = { $file }: no row names a recipient of the campaign; nothing was recorded
campaign-report-left-out = { $count ->
    [one] 1 row left out
   *[other] { $count } rows left out
}
campaign-mark = { $what ->
    [delivered] delivered
    [opened] opened
    [clicked] clicked
    [bounced] bounced
   *[unsubscribed] unsubscribed
} { $count }
campaign-status = { $status ->
   *[sent] sent
    [delivered] delivered
    [opened] opened
    [clicked] clicked
    [bounced] bounced
    [unsubscribed] unsubscribed
}
campaign-imported = campaign #{ $id }: { $rows } rows read; recorded { $recorded }
campaign-import-dry-run = campaign #{ $id }: { $rows } rows read; would record { $recorded }; nothing was recorded (dry run)
campaign-import-unchanged = campaign #{ $id }: { $rows } rows read; nothing changed: the report says nothing that was not recorded before
column-recipients = recipients
column-delivered = delivered
column-opened = opened
column-clicked = clicked
column-bounced = bounced
column-unsubscribed = unsubscribed
column-purpose = purpose
column-alumnus_id = alumnus_id
column-token = token
column-delivered_on = delivered_on
column-open_day = opened_on
column-clicked_on = clicked_on
column-bounced_on = bounced_on
column-unsubscribed_on = unsubscribed_on

## Surveys (survey import|list|show)

survey-none = no surveys yet
survey-no-key-column = the header row (row { $row }) has no email or employee ID column (Email Address, メールアドレス, Email, メール, Employee ID, 社員番号 …); nothing was imported
survey-no-timestamp = the header row (row { $row }) has no timestamp column (Timestamp, タイムスタンプ, Completion time, 完了時刻, Start time, 開始時刻); nothing was imported
survey-bad-score = column { $column }: { $value } is not a score from 0 to 10 (a whole number)
survey-bad-timestamp = column { $column }: { $value } is not a date and time
survey-more-rows = … and { $count } more
survey-invalid-rows = { $file }: { $count ->
    [one] 1 row has
   *[other] { $count } rows have
} a bad score or timestamp, so nothing was imported:
survey-invalid-hint = Fix them, or import the other rows with --skip-invalid (the bad ones go to the rejects file).
survey-no-match = { $file }: no row matches an alumnus; nothing was imported
survey-tried-email = email { $email }
survey-tried-employee-id = employee ID { $id }
survey-or = {" "}or{" "}
survey-unmatched = no alumnus with { $tried }
survey-no-key = no email or employee ID to match
survey-answered-again = the same alumnus answered again in row { $row }; the later answer counts
survey-already = { $file } was imported before, as survey #{ $id } ({ $name }); nothing changed
survey-imported = { $file }: { $rows } rows read: { $imported } responses imported as survey #{ $id }, { $unmatched } unmatched, { $invalid } invalid; NPS { $nps }
survey-imported-dry = { $file }: { $rows } rows read: { $imported } responses would be imported, { $unmatched } unmatched, { $invalid } invalid; NPS { $nps }
survey-rejects-written = the { $count ->
    [one] row not imported was
   *[other] { $count } rows not imported were
} written to { $path }
survey-dry-run = dry run: nothing was imported
survey-already-answered = { $count ->
    [one] 1 respondent
   *[other] { $count } respondents
} had answered survey #{ $id } before (an earlier export of the form): their stored answer stays
survey-no-score = no 0–10 recommendation question was found (おすすめ度, 推奨度, How likely …): the responses have no score
survey-score-question = score question: { $question }
survey-comment-question = comment question: { $question }
survey-not-found = there is no survey #{ $id } (see alumni survey list)
survey-show-title = Survey #{ $id }: { $name }
survey-show-event = Event: { $event }
survey-show-responses = Responses: { $count } (answered { $first } to { $last })
survey-show-counts = Promoters (9–10): { $promoters }   Passives (7–8): { $passives }   Detractors (0–6): { $detractors }
survey-show-nps = NPS: { $nps } (of { $respondents } with a score)
survey-show-no-nps = NPS: none (no scores)
survey-show-distribution = Scores:
survey-show-comments = Comments: { $count }
column-survey_event = event
column-survey_responses = responses
column-survey_nps = NPS
column-survey_first_answered_on = first_answered_on
column-survey_last_answered_on = last_answered_on
column-survey_answered_on = answered_on
column-survey_score = score
column-survey_comment = comment

## Career history (show, list --company, partner suggest)

career-none = no career entries
career-title = Career / 経歴
career-since = since
career-company = company
career-position = title
career-source = source
career-source-import = import
career-source-import-numbered = import #{ $id }
career-source-edit = edited by hand
career-source-merge = merge
career-source-initial = on record before history was kept
career-suggest-partner = partner #{ $id } ({ $kind })
career-suggest-given = named: { $name }
career-suggest-none = No alumni to suggest: no current company is a client's or partner's, or one of the names given, that has no partner record yet.
column-since = since
column-partner_reason = why

## Who to call next (suggest)

suggest-none = nobody to suggest
suggest-shown = { $shown } of { $candidates } candidates; the weights are the suggest-… settings (alumni config)
suggest-eligible = eligible: { $value }
suggest-eligible-yes = yes
suggest-eligible-review = review
suggest-eligible-unknown = unknown
suggest-contacts = { $count ->
    [one] 1 contact
   *[other] { $count } contacts
}
suggest-contacts-inbound = { $count ->
    [one] 1 contact
   *[other] { $count } contacts
} ({ $inbound } from them)
suggest-events = attended { $count ->
    [one] 1 event
   *[other] { $count } events
}
suggest-survey = NPS { $score }
suggest-clicked = clicked { $count ->
    [one] 1 campaign
   *[other] { $count } campaigns
}
suggest-opened = opened { $count ->
    [one] 1 campaign
   *[other] { $count } campaigns
}
suggest-clicked-opened = clicked { $clicked } and opened { $opened } more campaigns
suggest-left = left { $years } years ago
suggest-tenure = { $years } years at the company
suggest-role = was { $role }
suggest-role-matched = was { $role } (a match)
column-suggest_rank = rank
column-suggest_score = score
column-suggest_reasons = reasons

## Campaign reach and NPS in the KPI report and workbook

kpi-campaigns-none = no campaigns in the period
kpi-campaigns-heading = Campaigns (reach = delivered, or recipients when no delivery was reported)
kpi-column-campaign = campaign
kpi-column-date = date
kpi-column-channel = channel
kpi-column-recipients = recipients
kpi-column-reach = reach
kpi-column-opened = opened
kpi-column-clicked = clicked
kpi-column-open-rate = open rate
kpi-column-click-rate = click rate
kpi-column-event = event
kpi-column-responses = responses
kpi-column-promoters = promoters
kpi-column-passives = passives
kpi-column-detractors = detractors
kpi-column-nps = NPS
kpi-total = total
kpi-nps-none = alumni NPS: no survey responses with a score in the period
kpi-nps-period = alumni NPS { $nps } ({ $responses } responses: { $promoters } promoters, { $passives } passives, { $detractors } detractors)

## Records changed by someone else meanwhile
record-changed = #{ $id } changed since it was shown ({ $fields }), by another command; nothing was done. Run the command again to see the record as it is now.
record-changed-bookkeeping = how its fields are marked
retention-changed = { $count } more alumni are past the retention period than were listed (the database changed since, by another command); nothing was erased. Run the command again to see who is past it now.

## The SQLite file's own commands, on PostgreSQL
file-only = `alumni { $command }` works on the SQLite file; on PostgreSQL, { $instead }
file-only-backup = back the schema up with pg_dump (e.g. `pg_dump --schema=NAME`)
file-only-check = the server checks its own pages and constraints (use pg_amcheck for a deeper check)
file-only-scrub = there is no file of alumni's to rewrite: an erased value is gone from what any query reads, and the server's VACUUM reclaims the space it took
## db copy / db grant
db-copy-same = --from and --to name the same database, { $db }
db-copy-not-empty = { $target } is not empty (it holds { $held }); copy into a new or empty database, or add --force to replace what it holds
db-copy-done = copied { $counts }
db-grant-sqlite = on SQLite, the file's permissions decide who may read and write it; `alumni db grant` is for a PostgreSQL database
db-grant-no-user = there is no database role { $user }; create it first, as a superuser or a role with CREATEROLE: { $create }
db-grant-cannot-create = your database role { $role } may not create the roles { $groups }; run `alumni db grant` as a superuser or a role with CREATEROLE
db-grant-done = { $user } is now { $level } ({ $group })
db-grant-revoked = { $user } has no access any more
db-role-refused = your database role { $role } ({ $level }) may not run `alumni { $command }`; an admin can give it more with `alumni db grant { $role } { $needs }`
db-role-no-level = no access
db-connect-failed = cannot connect to the database { $db }: { $why }
db-connect-password = the server asks for a password; give it in $PGPASSWORD or a line of ~/.pgpass (or of the file $PGPASSFILE names)
