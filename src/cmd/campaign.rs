//! `alumni campaign add|list|show|export|import`: one-to-many communication
//! (a newsletter, a mail-out, an SNS post) to a segment of the roster.
//!
//! `add` resolves the recipients once, by the mailing list's consent rule,
//! and logs one outbound contact for each, all in one transaction; the
//! delivery report (`import`, in `campaign/import.rs`) then says who
//! opened, clicked, bounced or unsubscribed.

mod import;

use std::io::Write;

use anyhow::Result;
use serde_json::{Value, json};

use super::listing::{self, csv_options};
use super::{Context, export, hand, list};
use crate::cli::ListingArgs;
use crate::cli::campaign::{CampaignAddArgs, CampaignChannel, CampaignCommand};
use crate::db::alumni::{self, Filter};
use crate::db::campaigns::{self, Campaign, Counts, NewCampaign, NewRecipient, Recipient};
use crate::db::settings::{self, MailingRule};
use crate::db::{Audit, Change, Tx};
use crate::domain::fiscal::{self, Month};
use crate::domain::{Channel, Consent, Field};
use crate::error::Failure;
use crate::export::{Column, Format, Listed, Listing, Writer};
use crate::i18n::tr;
use crate::report::reach::reach;
use crate::report::workbook::model::channel_label;

pub fn run(context: &Context, command: CampaignCommand) -> Result<()> {
    match command {
        CampaignCommand::Add(args) => add(context, &args),
        CampaignCommand::List { output } => list_campaigns(context, &output),
        CampaignCommand::Show { campaign, output } => show(context, &campaign, &output),
        CampaignCommand::Export {
            campaign,
            format,
            out,
            csv,
        } => export_recipients(context, &campaign, format, &out, &csv),
        CampaignCommand::Import(args) => import::run(context, &args),
    }
}

fn channel_of(channel: CampaignChannel) -> Channel {
    match channel {
        CampaignChannel::Newsletter => Channel::Newsletter,
        CampaignChannel::Email => Channel::Email,
        CampaignChannel::Sns => Channel::Sns,
    }
}

/// Whether a campaign on `channel` goes to addresses.
fn mails(channel: Channel) -> bool {
    channel != Channel::Sns
}

/// What separates the items of a list in a sentence: "、" in Japanese.
fn list_separator() -> &'static str {
    match crate::i18n::current() {
        crate::i18n::Lang::Ja => "、",
        _ => ", ",
    }
}

/// Who a campaign goes to, and how many the filters selected were left out
/// and why.
#[derive(Debug, Default)]
struct Resolved {
    recipients: Vec<NewRecipient>,
    opted_out: u64,
    /// Consent unknown, under the opted-in rule.
    unknown: u64,
    no_email: u64,
    bouncing: u64,
}

impl Resolved {
    fn skipped(&self) -> u64 {
        self.opted_out + self.unknown + self.no_email + self.bouncing
    }

    /// "opted out 5, no email 4, bouncing 3", in the language of the run.
    fn reasons(&self) -> String {
        [
            (self.opted_out, "opted-out"),
            (self.unknown, "unknown"),
            (self.no_email, "no-email"),
            (self.bouncing, "bouncing"),
        ]
        .into_iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, why)| tr!("campaign-skipped-reason", why = why, count = n))
        .collect::<Vec<_>>()
        .join(list_separator())
    }
}

/// The recipients of a campaign: every alumnus `filter` selects (never an
/// erased one) whom the mailing list's rule lets be sent to, with an
/// address whose mail does not bounce when the campaign is mailed. One
/// pass over the roster and one query for the bouncing addresses.
fn resolve(tx: &Tx<'_>, filter: &Filter, rule: MailingRule, mailed: bool) -> Result<Resolved> {
    let bouncing = campaigns::bouncing(tx)?;
    let mut resolved = Resolved::default();
    alumni::for_each(tx, filter, |alumnus| {
        if !export::consents(alumnus.consent, rule) {
            match alumnus.consent {
                Consent::OptedOut => resolved.opted_out += 1,
                _ => resolved.unknown += 1,
            }
            return Ok(());
        }
        let email = alumnus.get(Field::Email).map(String::from);
        if mailed {
            if email.is_none() {
                resolved.no_email += 1;
                return Ok(());
            }
            if bouncing.contains(&alumnus.id) {
                resolved.bouncing += 1;
                return Ok(());
            }
        }
        resolved.recipients.push(NewRecipient {
            alumnus_id: alumnus.id,
            email: if mailed { email } else { None },
        });
        Ok(())
    })?;
    Ok(resolved)
}

/// The filters given, as the JSON object a campaign keeps: every filter of
/// `list` that was set, under its name.
fn segment_of(filter: &Filter) -> Result<String> {
    let mut value = serde_json::to_value(filter)?;
    if let Value::Object(map) = &mut value {
        map.retain(|key, v| !v.is_null() && key != "limit" && key != "text");
    }
    Ok(value.to_string())
}

fn add(context: &Context, args: &CampaignAddArgs) -> Result<()> {
    // Everything typed is checked before the database is opened.
    let name = hand::text("NAME", &args.name)?;
    let date = hand::date("--date", &args.date)?;
    hand::check_planned("--date", &date, args.planned)?;
    let purpose = args
        .purpose
        .as_deref()
        .map(|p| hand::text("--purpose", p))
        .transpose()?;
    let channel = channel_of(args.channel);
    let wanted = args.filter.consent;
    if wanted == Some(Consent::OptedOut) {
        return Err(Failure::Usage(tr!("campaign-consent-opted-out")).into());
    }
    let filter = list::roster_filter(&args.filter)?;
    let segment = segment_of(&filter)?;
    let (id, resolved) = context.write("campaign add", |tx| {
        let rule = settings::mailing_consent(tx)?;
        if rule == MailingRule::OptedIn && wanted == Some(Consent::Unknown) {
            return Err(Failure::Usage(tr!("campaign-consent-unknown")).into());
        }
        let resolved = resolve(tx, &filter, rule, mails(channel))?;
        if resolved.recipients.is_empty() {
            return Err(Failure::BadData(tr!(
                "campaign-no-recipients",
                skipped = resolved.skipped(),
                reasons = match resolved.reasons() {
                    r if r.is_empty() => "none".to_string(),
                    r => r,
                }
            ))
            .into());
        }
        if args.dry_run {
            return Ok(Change::discarded((None, resolved)));
        }
        let owner = crate::db::actor(tx)?;
        let id = campaigns::insert(
            tx,
            &NewCampaign {
                name: &name,
                channel,
                date: &date,
                purpose: purpose.as_deref(),
                segment: &segment,
                planned: args.planned,
                owner: &owner,
            },
            &resolved.recipients,
        )?;
        // Counts only: the name and purpose are the team's own words.
        let audit = Audit::new(
            None,
            format!(
                "campaign #{id}: {channel}, {date}, {} recipients, {} skipped",
                resolved.recipients.len(),
                resolved.skipped()
            ),
        );
        Ok(Change::audited((Some(id), resolved), audit))
    })?;
    let count = resolved.recipients.len() as i64;
    let recipients = tr!(
        "campaign-recipients",
        count = count,
        shown = super::spend::grouped(count)
    );
    let skipped = match resolved.skipped() {
        0 => String::new(),
        n => tr!(
            "campaign-skipped",
            count = n,
            shown = super::spend::grouped(n as i64),
            reasons = resolved.reasons()
        ),
    };
    match id {
        Some(id) => {
            println!("{id}");
            context.term.say(&tr!(
                "campaign-added",
                id = id,
                recipients = recipients,
                skipped = skipped
            ));
        }
        None => context.term.say(&tr!(
            "campaign-dry-run",
            recipients = recipients,
            skipped = skipped
        )),
    }
    Ok(())
}

/// Campaigns as a listing; the column names are also its JSON keys.
static CAMPAIGNS: Listing = Listing::fixed(
    "Campaigns",
    "campaigns",
    &[
        Column::shown("id"),
        Column::shown("name").keep(8),
        Column::shown("channel"),
        Column::shown("date"),
        Column::shown("recipients"),
        Column::shown("delivered"),
        Column::shown("opened"),
        Column::shown("clicked"),
        Column::shown("bounced"),
        Column::shown("unsubscribed"),
        Column::hidden("purpose"),
        Column::hidden("created_at").timestamp(),
    ],
);

fn counts_json(counts: &Counts) -> Value {
    json!({
        "recipients": counts.recipients,
        "delivered": counts.delivered,
        "opened": counts.opened,
        "clicked": counts.clicked,
        "bounced": counts.bounced,
        "unsubscribed": counts.unsubscribed,
    })
}

fn campaign_json(campaign: &Campaign, counts: &Counts) -> Value {
    let mut value = json!({
        "id": campaign.id,
        "name": campaign.name,
        "channel": campaign.channel,
        "date": campaign.date,
    });
    let map = value.as_object_mut().expect("an object");
    if let Value::Object(counts) = counts_json(counts) {
        map.extend(counts);
    }
    map.insert("purpose".into(), json!(campaign.purpose));
    map.insert(
        "segment".into(),
        serde_json::from_str(&campaign.segment).unwrap_or(json!({})),
    );
    map.insert("created_at".into(), json!(campaign.created_at));
    value
}

fn list_campaigns(context: &Context, output: &ListingArgs) -> Result<()> {
    let summaries = context.read(|tx| campaigns::summaries(tx))?;
    if summaries.is_empty() && output.format == Format::Table {
        context.term.say(&tr!("campaign-none"));
        return Ok(());
    }
    // A table names the channel in the words of the run; CSV and JSON
    // keep the key.
    let lang = crate::i18n::current();
    let table = output.format == Format::Table;
    listing::print(
        &CAMPAIGNS,
        output,
        summaries.iter().map(|(campaign, counts)| {
            let mut row = campaign_json(campaign, counts);
            if table {
                row["channel"] = channel_label(lang, campaign.channel.as_str()).into();
            }
            Listed::new(row)
        }),
    )?;
    Ok(())
}

/// A campaign's recipients as a listing; the column names are also the
/// JSON keys of `campaign show --format json`.
static RECIPIENTS: Listing = Listing::fixed(
    "Recipients",
    "recipients",
    &[
        Column::headed("alumnus_id", "#").keep(8),
        Column::shown("employee_id"),
        Column::shown("name").keep(7),
        Column::shown("email"),
        Column::shown("status").keep(6),
        Column::hidden("token"),
        Column::hidden("delivered_on"),
        Column::headed("opened_on", "open_day"),
        Column::shown("clicked_on"),
        Column::hidden("bounced_on"),
        Column::hidden("unsubscribed_on"),
    ],
);

/// How far a recipient got, as the reports tell: unsubscribed, bounced,
/// clicked, opened, delivered, else sent.
fn status_of(r: &Recipient) -> &'static str {
    [
        (&r.unsubscribed_on, "unsubscribed"),
        (&r.bounced_on, "bounced"),
        (&r.clicked_on, "clicked"),
        (&r.opened_on, "opened"),
        (&r.delivered_on, "delivered"),
    ]
    .into_iter()
    .find(|(day, _)| day.is_some())
    .map_or("sent", |(_, status)| status)
}

fn recipient_json(r: &Recipient) -> Value {
    json!({
        "alumnus_id": r.alumnus_id,
        "employee_id": r.employee_id,
        "name": r.name,
        "email": r.email,
        "status": status_of(r),
        "token": r.token,
        "delivered_on": r.delivered_on,
        "opened_on": r.opened_on,
        "clicked_on": r.clicked_on,
        "bounced_on": r.bounced_on,
        "unsubscribed_on": r.unsubscribed_on,
    })
}

/// The open and click rates over the reach, as the KPI report counts
/// them (the delivered, else every recipient); `None` without recipients.
fn rates(counts: &Counts) -> (Option<f64>, Option<f64>) {
    let reached = reach(counts.recipients as u64, counts.delivered as u64);
    if reached == 0 {
        return (None, None);
    }
    let rate = |n: i64| Some(n as f64 / reached as f64);
    (rate(counts.opened), rate(counts.clicked))
}

fn percent(rate: Option<f64>) -> String {
    rate.map_or_else(|| "-".into(), |r| format!("{:.1}%", r * 100.0))
}

fn show(context: &Context, reference: &str, output: &ListingArgs) -> Result<()> {
    let (campaign, counts, recipients) = context.read(|tx| {
        let campaign = campaigns::find(tx, reference)?;
        let counts = campaigns::counts(tx, campaign.id)?;
        let recipients = campaigns::recipients(tx, campaign.id)?;
        Ok((campaign, counts, recipients))
    })?;
    let (open_rate, click_rate) = rates(&counts);
    match output.format {
        Format::Json => {
            let mut value = campaign_json(&campaign, &counts);
            let map = value.as_object_mut().expect("an object");
            map.insert("open_rate".into(), json!(open_rate));
            map.insert("click_rate".into(), json!(click_rate));
            map.insert(
                "recipients_list".into(),
                Value::Array(recipients.iter().map(recipient_json).collect()),
            );
            let mut out = std::io::stdout().lock();
            serde_json::to_writer_pretty(&mut out, &value)?;
            writeln!(out)?;
        }
        Format::Table => {
            let mut head = tr!(
                "campaign-show-head",
                id = campaign.id,
                name = crate::output::visible(&campaign.name).into_owned(),
                channel = campaign.channel.as_str(),
                date = campaign.date.as_str()
            );
            if let Some(purpose) = &campaign.purpose {
                head.push('\n');
                head.push_str(&tr!(
                    "campaign-show-purpose",
                    purpose = crate::output::visible(purpose).into_owned()
                ));
            }
            head.push('\n');
            head.push_str(&tr!(
                "campaign-show-counts",
                recipients = counts.recipients,
                delivered = counts.delivered,
                opened = counts.opened,
                open_rate = percent(open_rate),
                clicked = counts.clicked,
                click_rate = percent(click_rate),
                bounced = counts.bounced,
                unsubscribed = counts.unsubscribed
            ));
            {
                let mut out = std::io::stdout().lock();
                writeln!(out, "{head}\n")?;
                out.flush()?;
            }
            // The status in the words of the run; JSON and CSV keep the keys.
            listing::print(
                &RECIPIENTS,
                output,
                recipients.iter().map(|r| {
                    let mut row = recipient_json(r);
                    row["status"] = tr!("campaign-status", status = status_of(r)).into();
                    Listed::new(row)
                }),
            )?;
        }
        _ => {
            listing::print(
                &RECIPIENTS,
                output,
                recipients.iter().map(|r| Listed::new(recipient_json(r))),
            )?;
        }
    }
    Ok(())
}

/// The mail tool's import format: the address, the name, and the token as
/// `id`.
static MAIL_TOOL: Listing = Listing::fixed(
    "Recipients",
    "addresses",
    &[
        Column::shown("email"),
        Column::shown("name"),
        Column::shown("id"),
    ],
);

fn export_recipients(
    context: &Context,
    reference: &str,
    format: Option<Format>,
    out: &str,
    csv: &crate::cli::CsvArgs,
) -> Result<()> {
    let format = Format::choose(format, out)?;
    let left_out =
        context.read(|tx| {
            let campaign = campaigns::find(tx, reference)?;
            if !mails(campaign.channel) {
                return Err(Failure::Usage(tr!("campaign-export-sns", id = campaign.id)).into());
            }
            let recipients = campaigns::recipients(tx, campaign.id)?;
            let start = settings::fiscal_year_start(tx)?;
            let fy = fiscal::fiscal_year_of(Month::of_date(jiff::Zoned::now().date()), start);
            let (destination, shown) = listing::open(context, out, format, fy)?;
            let mut writer = Writer::new(format, &MAIL_TOOL, csv_options(csv), destination)?;
            let mut left_out = 0u64;
            for r in &recipients {
                // Consent is read again: nothing goes to anyone who opted out
                // or was erased since the campaign was added.
                let Some(email) = r.email.as_deref().filter(|_| {
                    !r.erased && r.consent != Consent::OptedOut && r.bounced_on.is_none()
                }) else {
                    left_out += 1;
                    continue;
                };
                writer.write(Listed::new(json!({
                    "email": email,
                    "name": r.name,
                    "id": r.token,
                })))?;
            }
            let (destination, count) = writer.finish()?;
            destination.commit()?;
            listing::done(context, &format!("{count} {}", MAIL_TOOL.noun), shown);
            Ok(left_out)
        })?;
    if left_out > 0 {
        context
            .term
            .warn(&tr!("campaign-export-left-out", count = left_out));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn recipient() -> Recipient {
        Recipient {
            id: 1,
            alumnus_id: 1,
            employee_id: None,
            name: None,
            token: "t".into(),
            email: None,
            delivered_on: None,
            opened_on: None,
            clicked_on: None,
            bounced_on: None,
            unsubscribed_on: None,
            consent: Consent::OptedIn,
            erased: false,
        }
    }

    #[test]
    fn a_status_is_the_furthest_the_reports_went() {
        let mut r = recipient();
        assert_eq!(status_of(&r), "sent");
        r.delivered_on = Some("2026-11-20".into());
        assert_eq!(status_of(&r), "delivered");
        r.opened_on = Some("2026-11-21".into());
        assert_eq!(status_of(&r), "opened");
        r.clicked_on = Some("2026-11-21".into());
        assert_eq!(status_of(&r), "clicked");
        r.unsubscribed_on = Some("2026-11-22".into());
        assert_eq!(status_of(&r), "unsubscribed");
    }

    #[test]
    fn rates_are_of_the_delivered_else_of_every_recipient() {
        let counts = Counts {
            recipients: 10,
            delivered: 8,
            opened: 4,
            clicked: 2,
            bounced: 2,
            unsubscribed: 1,
        };
        // 4 of the 8 delivered opened, 2 of 8 clicked.
        assert_eq!(rates(&counts), (Some(0.5), Some(0.25)));
        // Nothing reported delivered (an SNS post): of every recipient.
        let posted = Counts {
            recipients: 4,
            clicked: 1,
            ..Counts::default()
        };
        assert_eq!(rates(&posted), (Some(0.0), Some(0.25)));
        assert_eq!(rates(&Counts::default()), (None, None));
        assert_eq!(percent(Some(0.125)), "12.5%");
        assert_eq!(percent(None), "-");
    }

    #[test]
    fn a_segment_holds_only_the_filters_given() {
        let filter = Filter {
            department: Some("営業部".into()),
            left_in: Some(2024),
            limit: Some(3),
            text: Some("x".into()),
            ..Filter::default()
        };
        assert_eq!(
            segment_of(&filter).unwrap(),
            r#"{"department":"営業部","left_in":2024}"#
        );
        assert_eq!(segment_of(&Filter::default()).unwrap(), "{}");
        let current = Filter {
            company: Some("ミライ".into()),
            current_only: true,
            ..Filter::default()
        };
        assert_eq!(
            segment_of(&current).unwrap(),
            r#"{"company":"ミライ","current_only":true}"#
        );
    }
}
