//! `alumni partner`: business opportunities through alumni (their new
//! employer as a client or partner, an alumnus as speaker or ambassador),
//! and the alumni now at such a company, suggested as new partners.

use anyhow::Result;
use serde_json::json;

use super::{Context, hand, listing};
use crate::cli::ListingArgs;
use crate::cli::events::PartnerCommand;
use crate::db::events::{self as store, NewPartner};
use crate::db::partners::{self, PartnerUpdate};
use crate::db::{Audit, Change, alumni};
use crate::domain::Field;
use crate::domain::{Choice, PartnerKind};
use crate::error::Failure;
use crate::export::{Column, Format, Listed, Listing};
use crate::i18n::tr;

pub fn run(context: &Context, command: PartnerCommand) -> Result<()> {
    match command {
        PartnerCommand::Add {
            alumnus,
            company,
            kind,
            status,
            notes,
            new,
        } => add(
            context,
            &alumnus,
            company.as_deref(),
            kind,
            status.as_deref(),
            notes.as_deref(),
            new,
        ),
        PartnerCommand::List { kind, output } => list(context, kind, &output),
        PartnerCommand::Suggest { companies, output } => suggest(context, &companies, &output),
        PartnerCommand::Set {
            id,
            status,
            company,
            kind,
            notes,
            date,
        } => set(
            context,
            id,
            PartnerUpdate {
                company,
                kind,
                status,
                notes,
            },
            date.as_deref(),
        ),
    }
}

fn add(
    context: &Context,
    reference: &str,
    company: Option<&str>,
    kind: Option<PartnerKind>,
    status: Option<&str>,
    notes: Option<&str>,
    new: bool,
) -> Result<()> {
    let company = company.map(|c| hand::text("--company", c)).transpose()?;
    let status = status.map(|s| hand::text("--status", s)).transpose()?;
    let notes = notes
        .map(|n| {
            crate::domain::normalize::multiline(n)
                .ok_or_else(|| Failure::Usage("--notes is empty".into()))
        })
        .transpose()?;
    let mut db = context.db()?;
    // The alumnus is looked up before asking for the kind, so that nobody
    // answers a question only to learn the person is unknown.
    let alumnus = alumni::living(&db, reference)?;
    let kind = hand::choice(&context.term, kind, "--kind", "Kind (種類)")?;
    let company = company.or_else(|| alumnus.get(Field::CurrentCompany).map(String::from));
    if company.is_none() && matches!(kind, PartnerKind::Client | PartnerKind::Partner) {
        context.term.warn(&format!(
            "{} has no current company on file; give one with --company",
            alumnus.display_name()
        ));
    }

    let id = db.write("partner add", |tx| {
        if !new && let Some(existing) = partners::same(tx, alumnus.id, company.as_deref())? {
            return Err(Failure::BadData(format!(
                "{} already has partner #{existing} at {}; update it with `alumni partner set {existing}`, or give --new for a second record",
                alumnus.display_name(),
                company.as_deref().unwrap_or("(no company)")
            ))
            .into());
        }
        let id = store::insert_partner(
            tx,
            &NewPartner {
                alumnus_id: alumnus.id,
                company: company.as_deref(),
                kind,
                status: status.as_deref(),
                notes: notes.as_deref(),
            },
        )?;
        partners::record(tx, id, &hand::today(), "added")?;
        let audit = Audit::new(Some(alumnus.id), format!("added partner #{id} ({kind})"));
        Ok(Change::audited(id, audit))
    })?;
    println!("{id}");
    context.term.say(&format!(
        "added partner #{id}: {} at {} ({kind})",
        alumnus.display_name(),
        company.as_deref().unwrap_or("(no company)")
    ));
    Ok(())
}

fn list(context: &Context, kind: Option<PartnerKind>, args: &ListingArgs) -> Result<()> {
    let conn = context.reader()?;
    let rows = store::partners(&conn, kind)?.into_iter().map(|p| {
        Listed::new(json!({
                "id": p.id,
                "employee_id": p.employee_id,
                "name": p.name,
                "company": p.company,
                "kind": p.kind,
                "status": p.status,
                "notes": p.notes,
                "created_at": p.created_at,
        }))
    });
    listing::print(&PARTNERS, args, rows)?;
    Ok(())
}

/// Partners as a listing; the column names are also its JSON keys.
static PARTNERS: Listing = Listing::fixed(
    "Partners",
    "partners",
    &[
        Column::shown("id"),
        Column::shown("employee_id"),
        Column::shown("name"),
        Column::shown("company"),
        Column::shown("kind"),
        Column::shown("status"),
        Column::shown("notes"),
        Column::shown("created_at").timestamp(),
    ],
);

fn suggest(context: &Context, companies: &[String], args: &ListingArgs) -> Result<()> {
    let companies = companies
        .iter()
        .map(|c| hand::text("COMPANY", c))
        .collect::<Result<Vec<_>>>()?;
    let conn = context.reader()?;
    let found = crate::db::career::suggestions(&conn, &companies)?;
    if found.is_empty() {
        context.term.say(&tr!("career-suggest-none"));
        // A table says it with the message alone, as other listings do;
        // CSV and JSON still give their empty document.
        if args.format == Format::Table {
            return Ok(());
        }
    }
    let rows = found.into_iter().map(|s| {
        let mut why: Vec<String> = s
            .reasons
            .partners
            .iter()
            .map(|(id, kind)| {
                let kind = match crate::i18n::current() {
                    crate::i18n::Lang::Ja => kind.label_ja().to_string(),
                    crate::i18n::Lang::En => kind.as_str().to_string(),
                };
                tr!("career-suggest-partner", kind = kind, id = *id)
            })
            .collect();
        why.extend(
            s.reasons
                .given
                .iter()
                .map(|name| tr!("career-suggest-given", name = name.clone())),
        );
        Listed::new(json!({
            "alumnus": s.alumnus_id,
            "employee_id": s.employee_id,
            "name": s.name,
            "current_company": s.company,
            "current_title": s.title,
            "since": s.since,
            "partner_reason": why.join("; "),
        }))
    });
    listing::print(&SUGGESTIONS, args, rows)?;
    Ok(())
}

/// Suggested partners as a listing; the column names are also its JSON keys.
static SUGGESTIONS: Listing = Listing::fixed(
    "Suggested partners",
    "suggestions",
    &[
        Column::shown("alumnus"),
        Column::shown("employee_id"),
        Column::shown("name"),
        Column::shown("current_company"),
        Column::shown("current_title"),
        Column::shown("since"),
        Column::shown("partner_reason"),
    ],
);

fn set(context: &Context, id: i64, update: PartnerUpdate, date: Option<&str>) -> Result<()> {
    let date = hand::date_or_today("--date", date)?;
    hand::check_planned("--date", &date, false)?;
    let update = PartnerUpdate {
        company: update
            .company
            .map(|c| hand::text("--company", &c))
            .transpose()?,
        status: update
            .status
            .map(|s| hand::text("--status", &s))
            .transpose()?,
        notes: update
            .notes
            .map(|n| {
                crate::domain::normalize::multiline(&n)
                    .ok_or_else(|| Failure::Usage("--notes is empty".into()))
            })
            .transpose()?,
        kind: update.kind,
    };
    let fields = update.fields();
    if fields.is_empty() {
        return Err(Failure::Usage(format!(
            "nothing to change in partner #{id}: give --status, --company, --kind or --notes"
        ))
        .into());
    }
    context.write("partner set", |tx| {
        let partner = partners::get(tx, id)?;
        if let Some(when) = crate::db::contacts::erased_at(tx, partner.alumnus_id)? {
            return Err(Failure::BadData(format!(
                "partner #{id} is of #{}, erased on request on {}; nothing more is recorded about them",
                partner.alumnus_id,
                when.get(..10).unwrap_or(&when)
            ))
            .into());
        }
        partners::set(tx, id, &update, &date)?;
        // Field names only: a status or a note is the team's own words.
        let audit = Audit::new(
            Some(partner.alumnus_id),
            format!("partner #{id} set: {}", fields.join(", ")),
        );
        Ok(Change::audited((), audit))
    })?;
    context.term.say(&format!(
        "partner #{id} changed: {} ({date})",
        fields.join(", ")
    ));
    Ok(())
}
