//! 定義 / Definitions: every KPI of the workbook with its formula and the
//! rule it counts by, in the workbook's language, and the rule by which
//! campaigns counted toward engagement in this workbook (`--engagement`).

use anyhow::Result;
use rust_xlsxwriter::Worksheet;

use super::cells::{Cells, Styles};
use super::{Book, DEFINITIONS};
use crate::domain::Lang;
use crate::domain::{Counting, Engagement};

/// (name, formula, counting rule), in English and Japanese.
// The two lists are one KPI a line, in the same order; a new KPI is a
// line in each.
const DEFINITIONS_EN: &[(&str, &str, &str)] = &[
    (
        "Actual (activity)",
        "Applications that reached the stage, or skipped past it to a later one, on a day in the period",
        "--count activity (the default): the monthly actuals",
    ),
    (
        "Actual (cohort)",
        "Applications opened in the period that reached the stage at any time",
        "--count cohort: the pass rates of a campaign",
    ),
    (
        "Achievement",
        "Actual / target",
        "Blank where there is no target",
    ),
    (
        "Pass rate",
        "Reached(next stage) / reached(stage)",
        "Blank where the stage has none",
    ),
    (
        "Required (back-calculation)",
        "ROUNDUP(required(next) / pass rate); the assumed rate if entered, else the actual",
        "Starts from the hire target",
    ),
    ("Offer acceptance rate", "Accepted / offer", "As actual"),
    (
        "Decline rate",
        "Offers declined by the candidate / offer",
        "As actual",
    ),
    (
        "Days to rejoin",
        "Median days from an application's opening to its hire",
        "Hires of the period",
    ),
    (
        "Months from leaving to rejoining",
        "Median whole months from the day the alumnus left to the hire",
        "Hires of the period",
    ),
    (
        "Comeback conversion",
        "Rehire applications that reached the hire / rehire applications",
        "Applications opened in the period",
    ),
    (
        "Engagement rate",
        "Alumni with a contact or event attended in the last 12 months / alumni not opted out",
        "The 12 months up to the period's end",
    ),
    (
        "Event attendance rate",
        "Attended / invited",
        "Events held in the period",
    ),
    (
        "Cost per hire",
        "Spend / hires; by channel as well",
        "Spend includes events and application costs",
    ),
    (
        "Alumni share of all hires",
        "Alumni hires / all hires (an input on the plan sheet)",
        "Hires of the period",
    ),
];

const DEFINITIONS_JA: &[(&str, &str, &str)] = &[
    (
        "実績(活動ベース)",
        "期間内の日付で、その段階に到達した(または飛び越えて先へ進んだ)応募の数",
        "活動ベース(既定): 月次の実績",
    ),
    (
        "実績(コホート)",
        "期間内に開始した応募のうち、いつかその段階に到達した数",
        "コホート: 採用キャンペーンの歩留まり",
    ),
    ("達成率", "実績 ÷ 目標", "目標がなければ空欄"),
    (
        "歩留まり率",
        "次段階の到達数 ÷ その段階の到達数",
        "到達数が0なら空欄",
    ),
    (
        "必要数(逆算)",
        "次段階の必要数 ÷ 歩留まり率 を切り上げ。想定歩留まり率の入力があればそれを、なければ実績を使う",
        "入社目標から逆算",
    ),
    ("内定承諾率", "承諾 ÷ 内定", "実績と同じ数え方"),
    ("辞退率", "候補者が辞退した内定 ÷ 内定", "実績と同じ数え方"),
    (
        "入社までの日数",
        "応募開始から入社までの日数の中央値",
        "期間内の入社",
    ),
    (
        "退職から再入社までの月数",
        "退職日から入社までの満月数の中央値",
        "期間内の入社",
    ),
    (
        "カムバック転換率",
        "入社に至った出戻り応募 ÷ 出戻り応募",
        "期間内に開始した応募",
    ),
    (
        "エンゲージメント率",
        "直近12か月に接触またはイベント参加があったアルムナイ ÷ オプトアウト以外のアルムナイ",
        "期間末までの12か月",
    ),
    ("イベント参加率", "参加 ÷ 招待", "期間内に開催したイベント"),
    (
        "採用単価",
        "費用 ÷ 入社数(チャネル別も同様)",
        "費用にはイベント費用・応募ごとの費用を含む",
    ),
    (
        "全採用に占めるアルムナイ比率",
        "アルムナイ採用数 ÷ 全採用数(採用計画シートの入力)",
        "期間内の入社",
    ),
];

/// What counts as spend: (name, formula, rule), in English and Japanese.
const SPEND_RULE: [(&str, &str, &str); 2] = [
    (
        "Spend",
        "Spend entered + event costs + application costs",
        "Each cost is recorded once, where it arises: an event's on the event (event add --cost), \
         a candidate's own (an agency fee) on the application (pipeline add --cost), \
         everything else (media, ads, a fair's booth) with spend add",
    ),
    (
        "費用",
        "費用(入力) + イベント費用 + 応募ごとの費用",
        "費用は発生した場所で一度だけ記録する: イベントの費用はイベントに(event add --cost)、\
         候補者ごとの費用(紹介手数料など)は応募に(pipeline add --cost)、\
         それ以外(媒体・広告・合同説明会の出展料など)は spend add で記録する",
    ),
];

/// Campaign reach and NPS: (name, formula, rule), English then Japanese.
const REACH_EN: &[(&str, &str, &str)] = &[
    (
        "Reach",
        "Recipients the delivery report marked delivered; all recipients when it marked none delivered (an SNS post, a report without deliveries)",
        "Campaigns dated in the period; a month sums its campaigns by their date",
    ),
    (
        "Open rate",
        "Recipients who opened or clicked / reach",
        "A click counts as an open: a mail read with images blocked reports the click alone",
    ),
    (
        "Click rate",
        "Recipients who clicked / reach",
        "As the open rate",
    ),
    (
        "Alumni NPS",
        "(promoters − detractors) × 100 / responses with a score; promoters score 9–10, passives 7–8, detractors 0–6",
        "The period and each month: responses answered in it. An event: every response to the surveys that followed it",
    ),
];

const REACH_JA: &[(&str, &str, &str)] = &[
    (
        "到達数",
        "配信結果で配信済みの送付先。配信済みが一件もなければ送付先すべて(SNS投稿、配信結果のない場合)",
        "期間内の日付のキャンペーン。月別はキャンペーンの日付の月に合算",
    ),
    (
        "開封率",
        "開封またはクリックした送付先 ÷ 到達数",
        "クリックは開封にも数える(画像を表示しないメールではクリックだけが記録される)",
    ),
    ("クリック率", "クリックした送付先 ÷ 到達数", "開封率と同じ"),
    (
        "アルムナイNPS",
        "(推奨者 − 批判者) × 100 ÷ スコアのある回答数。推奨者は9〜10、中立者は7〜8、批判者は0〜6",
        "期間・月別: その期間に回答されたもの。イベント別: そのイベント後のアンケートの全回答",
    ),
];

/// The engagement rule of this workbook: (name, formula, rule).
fn engagement_rule(lang: Lang, rule: Engagement) -> (&'static str, &'static str, &'static str) {
    match (lang, rule) {
        (Lang::En, Engagement::Opened) => (
            "Campaigns in engagement",
            "--engagement opened (this workbook, the default)",
            "A campaign makes engaged only the recipients who opened or clicked; \
             --engagement sent counts everyone it was sent to",
        ),
        (Lang::En, Engagement::Sent) => (
            "Campaigns in engagement",
            "--engagement sent (this workbook)",
            "A campaign makes engaged everyone it was sent to; \
             --engagement opened (the default) counts only those who opened or clicked",
        ),
        (Lang::Ja, Engagement::Opened) => (
            "エンゲージメントに数えるキャンペーン",
            "--engagement opened(このブック、既定)",
            "キャンペーンは開封またはクリックした送付先だけを接点ありに数える。\
             --engagement sent では送付した全員を数える",
        ),
        (Lang::Ja, Engagement::Sent) => (
            "エンゲージメントに数えるキャンペーン",
            "--engagement sent(このブック)",
            "キャンペーンは送付した全員を接点ありに数える。\
             --engagement opened(既定)では開封またはクリックした送付先だけを数える",
        ),
    }
}

pub fn write(book: &Book, sheet: &mut Worksheet, styles: &Styles) -> Result<()> {
    let m = book.model;
    let mut cells = Cells::new(sheet, book.names[DEFINITIONS])?;
    cells.print_titles(3, 3);
    cells.wide_text(0, 0, m.label("Definitions", "KPIの定義"), &styles.title)?;
    let used = match m.counting {
        Counting::Activity => m.label(
            "This workbook counts by activity.",
            "このブックは活動ベースで集計しています。",
        ),
        Counting::Cohort => m.label(
            "This workbook counts by cohort.",
            "このブックはコホートで集計しています。",
        ),
    };
    cells.wide_text(1, 0, used, &styles.note)?;
    let headers = [
        m.label("KPI", "指標"),
        m.label("Formula", "計算式"),
        m.label("Counting", "集計の考え方"),
    ];
    for (col, header) in headers.iter().enumerate() {
        cells.text(3, col as u16, header, &styles.header)?;
    }
    let definitions = match m.lang {
        Lang::En => DEFINITIONS_EN,
        Lang::Ja => DEFINITIONS_JA,
    };
    for (i, (name, formula, rule)) in definitions.iter().enumerate() {
        let r = 4 + i;
        cells.text(r, 0, name, &styles.label)?;
        cells.text(r, 1, formula, &styles.text)?;
        cells.text(r, 2, rule, &styles.text)?;
    }
    let (name, formula, rule) = match m.lang {
        Lang::En => SPEND_RULE[0],
        Lang::Ja => SPEND_RULE[1],
    };
    let reach = match m.lang {
        Lang::En => REACH_EN,
        Lang::Ja => REACH_JA,
    };
    let rows = std::iter::once((name, formula, rule))
        .chain(reach.iter().copied())
        .chain([engagement_rule(m.lang, m.engagement_rule)]);
    for (i, (name, formula, rule)) in rows.enumerate() {
        let r = 4 + definitions.len() + i;
        cells.text(r, 0, name, &styles.label)?;
        cells.text(r, 1, formula, &styles.text)?;
        cells.text(r, 2, rule, &styles.text)?;
    }
    cells.sheet.set_freeze_panes(4, 1)?;
    cells.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kpi_is_defined_in_both_languages() {
        assert_eq!(DEFINITIONS_EN.len(), DEFINITIONS_JA.len());
        assert_eq!(REACH_EN.len(), REACH_JA.len());
    }
}
