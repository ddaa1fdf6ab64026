//! What the workbook is written from: the applications of the period as
//! rows of the data sheet, and the inputs and alumni counts that do not come
//! from applications (targets, assumed pass rates, spend, engagement,
//! events, campaign reach and NPS). Read in one go, before any sheet is
//! written.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use anyhow::Result;
use jiff::civil::Date;
use sha2::{Digest, Sha256};

use super::Options;
use crate::db::Tx;
use crate::db::pipeline::stages;
use crate::db::report::{self as read, Alumni, Application, Roster, Spend, Touch};
use crate::db::settings::{self, Setting};
use crate::db::targets::{self, TargetRow};
use crate::domain::{Counting, Engagement, Period};
use crate::domain::{Kind, Lang, Outcome, Stage};
use crate::report::kpi;
use crate::report::reach::Reach;

/// A column of the data sheet that formulas read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    Kind,
    Department,
    Position,
    Channel,
    Opened,
    Outcome,
    Left,
    /// The application's own cost (an agency fee), which spend counts.
    Cost,
    /// The day the application first reached stage i or a later one.
    Reached(usize),
}

/// One application as a row of the data sheet.
#[derive(Clone, Debug)]
pub struct DataRow {
    pub id: i64,
    /// The kind, and its label as written.
    pub application_kind: Kind,
    pub kind: String,
    pub name: String,
    pub referrer: Option<String>,
    pub department: Option<String>,
    pub position: Option<String>,
    pub channel: String,
    pub opened: Date,
    pub stage: Option<String>,
    pub outcome: Option<String>,
    pub closed: Option<Date>,
    pub left: Option<Date>,
    pub cost: i64,
    pub reached: Vec<Option<Date>>,
    /// The text fields as formulas compare them (see `fold`), made once
    /// for the many counts of a workbook.
    folded: [Option<String>; 5],
}

impl DataRow {
    pub fn date(&self, field: Field) -> Option<Date> {
        match field {
            Field::Opened => Some(self.opened),
            Field::Left => self.left,
            Field::Reached(i) => self.reached.get(i).copied().flatten(),
            _ => None,
        }
    }

    /// A text field folded for comparison.
    pub fn folded(&self, field: Field) -> Option<&str> {
        let slot = match field {
            Field::Kind => 0,
            Field::Department => 1,
            Field::Position => 2,
            Field::Channel => 3,
            Field::Outcome => 4,
            _ => return None,
        };
        self.folded[slot].as_deref()
    }

    /// A row of the given fields, for tests of what counts rows.
    #[cfg(test)]
    pub fn for_test(
        department: Option<&str>,
        channel: &str,
        opened: Date,
        reached: Vec<Option<Date>>,
    ) -> DataRow {
        DataRow {
            id: 1,
            application_kind: Kind::Rehire,
            kind: "rehire".into(),
            name: String::new(),
            referrer: None,
            department: department.map(str::to_string),
            position: None,
            channel: channel.into(),
            opened,
            stage: None,
            outcome: None,
            closed: None,
            left: None,
            cost: 0,
            reached,
            folded: Default::default(),
        }
        .fold_texts()
    }

    fn fold_texts(mut self) -> DataRow {
        let fields = [
            Field::Kind,
            Field::Department,
            Field::Position,
            Field::Channel,
            Field::Outcome,
        ];
        self.folded = fields.map(|f| self.text(f).map(fold));
        self
    }

    pub fn text(&self, field: Field) -> Option<&str> {
        match field {
            Field::Kind => Some(&self.kind),
            Field::Department => self.department.as_deref(),
            Field::Position => self.position.as_deref(),
            Field::Channel => Some(&self.channel),
            Field::Outcome => self.outcome.as_deref(),
            _ => None,
        }
    }
}

/// Per month (`YYYY-MM`): alumni contacted, alumni who attended an event.
pub type Monthly = BTreeMap<String, (u64, u64)>;

/// Everything the sheets are written from.
pub struct Model {
    pub period: Period,
    pub counting: Counting,
    pub lang: Lang,
    /// The day the workbook is made on (`--as-of`, else today).
    pub today: Date,
    pub fy: i32,
    pub stages: Vec<Stage>,
    pub rows: Vec<DataRow>,
    /// The months of the period, as their first days.
    pub months: Vec<Date>,
    pub targets: Vec<TargetRow>,
    pub assumed_rates: HashMap<String, f64>,
    /// Spend per channel in the period (spend table, events, applications).
    pub spend: Vec<(String, i64)>,
    /// The same, each part apart, under the channels' labels.
    pub spend_parts: Vec<(String, Spend)>,
    pub budget: Option<i64>,
    pub all_hires: Option<u64>,
    pub owner: Option<String>,
    pub roster: u64,
    pub opted_in: u64,
    /// (contactable, engaged in the twelve months up to the period's end).
    pub engagement: (u64, u64),
    /// (invited, attended) at events of the period.
    pub attendance: (u64, u64),
    pub monthly_alumni: Monthly,
    /// Events of the period: name, day.
    pub events: Vec<(String, Date)>,
    /// Whether a campaign's sends made its recipients engaged.
    pub engagement_rule: Engagement,
    /// The campaigns of the period and the NPS of its surveys.
    pub reach: Reach,
}

impl Model {
    pub fn load(
        conn: &Tx<'_>,
        period: Period,
        counting: Counting,
        options: &Options,
    ) -> Result<Model> {
        let stages = stages::all(conn)?;
        let lang = options.lang;
        let window = kpi::engagement_window(period);
        let rule = options.engagement;
        // The two big reads, the roster with the contacts of the period and
        // its year, and the applications, at the same time where the
        // backend can.
        let ((roster, engagement, monthly_alumni), rows) = conn.alongside(
            |side| {
                let roster = Roster::read(side)?;
                let (engagement, monthly) = alumni_in_touch(side, period, window, &roster, rule)?;
                Ok((roster, engagement, monthly))
            },
            |tx| {
                Ok(read::applications(tx, &stages, period, read::People::All)?
                    .iter()
                    .map(|a| data_row(a, stages.len(), lang, options.pseudonymize))
                    .collect())
            },
        )?;
        let start = settings::fiscal_year_start(conn)?;
        let fy = crate::domain::fiscal::fiscal_year_of(
            crate::domain::fiscal::Month::of_date(period.from),
            start,
        );
        let spend_parts = spend_labelled(lang, read::spend_parts(conn, period)?);
        Ok(Model {
            period,
            counting,
            lang,
            today: options.today,
            fy,
            rows,
            months: month_starts(period),
            targets: targets::targets(conn, Some(period.months()))?,
            assumed_rates: read::assumed_rates(conn)?,
            spend: spend_parts
                .iter()
                .map(|(c, s)| (c.clone(), s.total()))
                .collect(),
            spend_parts,
            budget: read::budget(conn, period)?,
            all_hires: read::all_hires(conn, period)?,
            owner: settings::get(conn, Setting::DefaultOwner)?,
            roster: roster.on_roster,
            opted_in: roster.opted_in,
            engagement,
            attendance: read::attendance(conn, period)?,
            monthly_alumni,
            events: read::events(conn, period)?,
            stages,
            engagement_rule: rule,
            reach: crate::report::reach_of(conn, period)?,
        })
    }

    pub fn label(&self, en: &'static str, ja: &'static str) -> &'static str {
        self.lang.pick(en, ja)
    }

    pub fn stage_label(&self, i: usize) -> &str {
        let stage = &self.stages[i];
        match self.lang {
            Lang::En => &stage.label_en,
            Lang::Ja => &stage.label_ja,
        }
    }

    pub fn stage_index(&self, key: &str) -> Option<usize> {
        self.stages.iter().position(|s| s.key == key)
    }

    /// The index of the hire stage (the last); none without stages.
    pub fn hire_stage(&self) -> Option<usize> {
        self.stages.len().checked_sub(1)
    }

    /// The channels of the period: those spent on and those applications
    /// came through, in order.
    pub fn channels(&self) -> Vec<String> {
        let mut channels: BTreeSet<String> = self.spend.iter().map(|(c, _)| c.clone()).collect();
        channels.extend(self.rows.iter().map(|r| r.channel.clone()));
        channels.into_iter().collect()
    }

    /// The departments of the period's applications and targets, in order.
    pub fn departments(&self) -> Vec<String> {
        let mut departments: BTreeSet<String> = self
            .rows
            .iter()
            .filter_map(|r| r.department.clone())
            .collect();
        departments.extend(
            self.targets
                .iter()
                .filter(|t| !t.department.is_empty())
                .map(|t| t.department.clone()),
        );
        departments.into_iter().collect()
    }

    /// The target of a stage summed over the targets `keep` selects.
    pub fn target_sum(&self, stage: usize, keep: impl Fn(&TargetRow) -> bool) -> Option<u64> {
        let key = &self.stages[stage].key;
        let mut found = false;
        let sum = self
            .targets
            .iter()
            .filter(|t| &t.stage == key && keep(t))
            .inspect(|_| found = true)
            .map(|t| t.count)
            .sum();
        found.then_some(sum)
    }

    pub fn kind_label(&self, kind: Option<Kind>) -> String {
        kind_label(self.lang, kind).to_string()
    }

    pub fn outcome_label(&self, outcome: Outcome) -> String {
        outcome_label(self.lang, outcome).to_string()
    }
}

/// A text as COUNTIFS and `=` compare it: without regard to case.
pub fn fold(text: &str) -> String {
    text.chars().flat_map(char::to_lowercase).collect()
}

/// The label of a kind; none (a target for both kinds) has one too.
pub fn kind_label(lang: Lang, kind: Option<Kind>) -> &'static str {
    match (lang, kind) {
        (_, None) => lang.pick("both kinds", "全種別"),
        (Lang::Ja, Some(kind)) => kind.label_ja(),
        (Lang::En, Some(kind)) => kind.as_str(),
    }
}

/// The label of a channel (an application's source, else its kind, or a
/// spend row's channel) as the workbook writes it. This is the one place
/// a channel is translated: the data sheet's rows, the spend and the labels
/// the チャネル別 formulas compare with are all made here, so that a formula
/// matches the same rows in either language. A channel the table does not
/// know (a source typed freely) is written as stored.
pub fn channel_label(lang: Lang, channel: &str) -> String {
    let ja = match (lang, channel) {
        (Lang::En, _) => None,
        (Lang::Ja, "rehire") => Some(Kind::Rehire.label_ja()),
        (Lang::Ja, "referral") => Some(Kind::Referral.label_ja()),
        (Lang::Ja, "alumni_referral") => Some("アルムナイ紹介"),
        (Lang::Ja, "event") => Some("イベント"),
        (Lang::Ja, "email") => Some("メール"),
        (Lang::Ja, "phone") => Some("電話"),
        (Lang::Ja, "meeting") => Some("面談"),
        (Lang::Ja, "newsletter") => Some("メールマガジン"),
        (Lang::Ja, "sns") => Some("SNS"),
        (Lang::Ja, "website") => Some("採用サイト"),
        (Lang::Ja, "job_board") => Some("求人媒体"),
        (Lang::Ja, "agency") => Some("人材紹介会社"),
        (Lang::Ja, "direct") => Some("直接応募"),
        (Lang::Ja, "other") => Some("その他"),
        (Lang::Ja, _) => None,
    };
    ja.map_or_else(|| channel.to_string(), str::to_string)
}

/// The spend per channel under the channels' labels; two stored channels
/// that share a label (`sns` and a typed `SNS`) are one channel of the
/// sheet, as their rows are one for the formulas.
fn spend_labelled(lang: Lang, spend: Vec<(String, Spend)>) -> Vec<(String, Spend)> {
    let mut by_label: BTreeMap<String, Spend> = BTreeMap::new();
    for (channel, amount) in spend {
        let sum = by_label.entry(channel_label(lang, &channel)).or_default();
        *sum = sum.plus(amount);
    }
    by_label.into_iter().collect()
}

pub fn outcome_label(lang: Lang, outcome: Outcome) -> &'static str {
    match lang {
        Lang::Ja => outcome.label_ja(),
        Lang::En => outcome.as_str(),
    }
}

fn data_row(a: &Application, stages: usize, lang: Lang, pseudonymize: bool) -> DataRow {
    let pseudonym = |key: &str| {
        let digest = Sha256::digest(key.as_bytes());
        format!("P-{:02x}{:02x}{:02x}", digest[0], digest[1], digest[2])
    };
    let name = if pseudonymize {
        pseudonym(&a.person_key)
    } else {
        a.name.clone().unwrap_or_default()
    };
    DataRow {
        id: a.id,
        application_kind: a.kind,
        kind: kind_label(lang, Some(a.kind)).to_string(),
        name,
        referrer: if pseudonymize {
            a.referrer.as_ref().map(|r| pseudonym(r))
        } else {
            a.referrer.clone()
        },
        department: a.department.clone(),
        position: a.position.clone(),
        channel: channel_label(lang, a.channel()),
        opened: a.history.opened_on,
        stage: a.stage.clone(),
        outcome: a.outcome.map(|o| outcome_label(lang, o).to_string()),
        closed: a.closed_on,
        left: a.left_on,
        cost: a.cost,
        reached: (0..stages).map(|s| a.history.reached_on(s)).collect(),
        folded: Default::default(),
    }
    .fold_texts()
}

/// The engagement of the window (contactable, engaged), and per month of
/// the period the alumni contacted and the alumni at events: one pass over
/// the contacts and attendance of both.
fn alumni_in_touch(
    conn: &Tx<'_>,
    period: Period,
    window: Period,
    roster: &Roster,
    rule: Engagement,
) -> Result<((u64, u64), Monthly)> {
    let empty = Alumni::new(conn)?;
    let mut engaged = empty.clone();
    let starts = month_starts(period);
    let mut months = vec![(empty.clone(), empty); starts.len()];
    let first_month = i64::from(period.from.year()) * 12 + i64::from(period.from.month());
    let both = Period {
        from: window.from.min(period.from),
        to: window.to.max(period.to),
    };
    read::touches(conn, both, rule, |alumnus, day, how| {
        if window.contains(day) {
            engaged.insert(alumnus);
        }
        if period.contains(day) {
            let month = i64::from(day.year()) * 12 + i64::from(day.month()) - first_month;
            if let Some((contacted, attended)) =
                usize::try_from(month).ok().and_then(|i| months.get_mut(i))
            {
                match how {
                    Touch::Contact => contacted.insert(alumnus),
                    Touch::Attended => attended.insert(alumnus),
                }
            }
        }
    })?;
    let monthly = starts
        .iter()
        .zip(months)
        .map(|(start, (contacted, attended))| {
            (
                format!("{:04}-{:02}", start.year(), start.month()),
                (contacted.len(), attended.len()),
            )
        })
        .collect();
    Ok((engaged.contactable(roster), monthly))
}

/// The first day of each month of a period.
fn month_starts(p: Period) -> Vec<Date> {
    let mut months = Vec::new();
    let mut day = p.from.first_of_month();
    while day <= p.to {
        months.push(day);
        match day.last_of_month().tomorrow() {
            Ok(next) => day = next,
            Err(_) => break,
        }
    }
    months
}

impl Model {
    /// The first days of the months in which stage `stage` has a target
    /// above zero (summed over departments and kinds), in order: the
    /// months the schedule draws that stage's phase in.
    pub fn target_months(&self, stage: usize) -> Vec<Date> {
        let key = &self.stages[stage].key;
        let mut months: BTreeMap<crate::domain::fiscal::Month, u64> = BTreeMap::new();
        for target in self.targets.iter().filter(|t| &t.stage == key) {
            *months.entry(target.month).or_default() += target.count;
        }
        months
            .into_iter()
            .filter(|&(_, count)| count > 0)
            .filter_map(|(month, _)| crate::domain::period::first_day(month))
            .collect()
    }
}
