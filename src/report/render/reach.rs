//! The campaign reach and NPS of a report as terminal tables, under the
//! metrics: the campaigns of the period with their rates, the NPS of the
//! period, and the NPS of each event that had a survey. Labels come from
//! the catalogs, in the report's language.

use std::io::Write;

use anyhow::Result;

use super::{percent, sign};
use crate::domain::Lang;
use crate::domain::nps::Nps;
use crate::i18n::{Arg, message};
use crate::output::{new_table, visible};
use crate::report::reach::Reach;

fn text(lang: Lang, key: &str) -> String {
    message(lang, key, &[])
}

/// The NPS as people read it: a sign and one decimal, blank without
/// responses.
fn nps(tally: &Nps) -> String {
    tally.score().map_or(String::new(), sign)
}

pub fn write(out: &mut impl Write, reach: &Reach, lang: Lang) -> Result<()> {
    writeln!(out)?;
    writeln!(out, "{}", text(lang, "kpi-campaigns-heading"))?;
    if reach.campaigns.is_empty() {
        writeln!(out, "{}", text(lang, "kpi-campaigns-none"))?;
    } else {
        let mut table = new_table();
        table.set_header(
            [
                "kpi-column-campaign",
                "kpi-column-date",
                "kpi-column-channel",
                "kpi-column-recipients",
                "kpi-column-reach",
                "kpi-column-opened",
                "kpi-column-clicked",
                "kpi-column-open-rate",
                "kpi-column-click-rate",
            ]
            .map(|key| text(lang, key)),
        );
        for c in &reach.campaigns {
            table.add_row([
                visible(&c.counts.name).to_string(),
                c.counts.date.to_string(),
                crate::report::workbook::model::channel_label(lang, &c.counts.channel),
                c.counts.recipients.to_string(),
                c.reach.to_string(),
                c.counts.opened.to_string(),
                c.counts.clicked.to_string(),
                percent(c.open_rate),
                percent(c.click_rate),
            ]);
        }
        let total = reach.total();
        table.add_row([
            text(lang, "kpi-total"),
            String::new(),
            String::new(),
            total.recipients.to_string(),
            total.reach.to_string(),
            total.opened.to_string(),
            total.clicked.to_string(),
            percent(total.open_rate),
            percent(total.click_rate),
        ]);
        writeln!(out, "{table}")?;
    }
    let t = reach.nps;
    writeln!(out)?;
    if t.respondents() == 0 {
        writeln!(out, "{}", text(lang, "kpi-nps-none"))?;
        return Ok(());
    }
    let counts = |t: &Nps| -> Vec<(&str, Arg)> {
        vec![
            ("nps", Arg::from(nps(t))),
            ("responses", Arg::from(t.respondents())),
            ("promoters", Arg::from(t.promoters)),
            ("passives", Arg::from(t.passives)),
            ("detractors", Arg::from(t.detractors)),
        ]
    };
    writeln!(out, "{}", message(lang, "kpi-nps-period", &counts(&t)))?;
    if !reach.nps_events.is_empty() {
        let mut table = new_table();
        table.set_header(
            [
                "kpi-column-event",
                "kpi-column-date",
                "kpi-column-responses",
                "kpi-column-promoters",
                "kpi-column-passives",
                "kpi-column-detractors",
                "kpi-column-nps",
            ]
            .map(|key| text(lang, key)),
        );
        for e in &reach.nps_events {
            table.add_row([
                visible(&e.name).to_string(),
                e.date.to_string(),
                e.tally.respondents().to_string(),
                e.tally.promoters.to_string(),
                e.tally.passives.to_string(),
                e.tally.detractors.to_string(),
                nps(&e.tally),
            ]);
        }
        writeln!(out, "{table}")?;
    }
    Ok(())
}
