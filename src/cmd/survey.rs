//! `alumni survey`: import a feedback survey (a Google Forms or Microsoft
//! Forms export), list surveys with their NPS, and show one survey's
//! counts, scores and comments.
//!
//! An import matches each row by email (further emails too), else by
//! employee ID. The matched rows are stored, each with an inbound contact,
//! in one transaction; the rows that match nobody are listed on stderr and
//! written to the rejects file, and do not stop the rest (exit 0, as
//! `import --skip-invalid` imports the valid rows). A bad score or
//! timestamp refuses the file, unless `--skip-invalid` rejects those rows
//! too. Someone who answered twice is counted once, by their later answer;
//! the earlier one goes to the rejects file.

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

use anyhow::Result;
use serde_json::{Value, json};

use super::{Context, hand, listing};
use crate::cli::ListingArgs;
use crate::cli::survey::SurveyCommand;
use crate::db::events as event_store;
use crate::db::surveys::{self as store, NewResponse, NewSurvey, StoredResponse, Survey};
use crate::db::{Audit, Change, Tx};
use crate::domain::Alumnus;
use crate::domain::nps::Nps;
use crate::error::Failure;
use crate::export::{Column, Format, Listed, Listing};
use crate::i18n::tr;
use crate::import::survey::{self as form, Form, Response, SurveyRejects};
use crate::output::visible;

pub fn run(context: &Context, command: SurveyCommand) -> Result<()> {
    match command {
        SurveyCommand::Import {
            file,
            event,
            name,
            dry_run,
            skip_invalid,
            rejects,
        } => {
            let request = Request {
                name: match name {
                    Some(name) => hand::text("--name", &name)?,
                    None => default_name(&file),
                },
                event,
                dry_run,
                skip_invalid,
                rejects: rejects.unwrap_or_else(|| form::default_rejects(&file)),
            };
            import(context, &file, &request)
        }
        SurveyCommand::List { output } => list(context, &output),
        SurveyCommand::Show { id, output } => show(context, id, &output),
    }
}

/// What `survey import` was asked to do, checked.
struct Request {
    name: String,
    event: Option<String>,
    dry_run: bool,
    skip_invalid: bool,
    rejects: std::path::PathBuf,
}

/// The file's name without its extension, as a survey's name.
fn default_name(file: &Path) -> String {
    file.file_stem()
        .and_then(|s| crate::domain::normalize::text(&s.to_string_lossy()))
        .unwrap_or_else(|| "survey".into())
}

/// A row left out of the import, and why.
struct Rejected {
    /// Its index among the form's responses.
    index: usize,
    reason: String,
}

/// What an import did.
enum Imported {
    /// The same bytes were imported before, as this survey.
    Already { id: i64, name: String },
    Done {
        id: i64,
        imported: u64,
        /// Respondents the survey held already, from an earlier export of
        /// the same form: their stored answer stays.
        already: u64,
        unmatched: u64,
        invalid: u64,
        rejected: Vec<Rejected>,
        nps: Nps,
    },
}

fn import(context: &Context, file: &Path, request: &Request) -> Result<()> {
    // The file is read, and the rejects file made ready, before the write
    // lock is taken; the rejects appear only once the import is committed.
    let form = form::read(file)?;
    let rejects = if request.dry_run {
        None
    } else {
        Some(SurveyRejects::create(
            &request.rejects,
            file,
            &context.db_path,
        )?)
    };
    let outcome = context.write("survey import", |tx| record(tx, &form, request))?;
    let file_name = file.display().to_string();
    match outcome {
        Imported::Already { id, name } => {
            context.term.say(&tr!(
                "survey-already",
                file = file_name,
                id = id,
                name = visible(&name).into_owned()
            ));
        }
        Imported::Done {
            id,
            imported,
            already,
            unmatched,
            invalid,
            rejected,
            nps,
        } => {
            if !request.dry_run {
                println!("{id}");
            }
            describe_questions(context, &form);
            let key = if request.dry_run {
                "survey-imported-dry"
            } else {
                "survey-imported"
            };
            context.term.say(&crate::i18n::text(
                key,
                &[
                    ("file", file_name.into()),
                    ("rows", form.responses.len().into()),
                    ("imported", imported.into()),
                    ("id", id.into()),
                    ("unmatched", unmatched.into()),
                    ("invalid", invalid.into()),
                    ("nps", nps_text(&nps).into()),
                ],
            ));
            if already > 0 {
                context
                    .term
                    .say(&tr!("survey-already-answered", count = already, id = id));
            }
            match rejects {
                Some(mut out) if !rejected.is_empty() => {
                    for r in &rejected {
                        out.write(&form.names, &form.responses[r.index].row, &r.reason)?;
                    }
                    out.finish()?;
                    context.term.say(&tr!(
                        "survey-rejects-written",
                        count = rejected.len(),
                        path = request.rejects.display().to_string()
                    ));
                }
                _ => {}
            }
            if request.dry_run {
                context.term.say(&tr!("survey-dry-run"));
            }
        }
    }
    Ok(())
}

/// Which questions were taken as the score and the comment.
fn describe_questions(context: &Context, form: &Form) {
    match &form.score_question {
        Some(q) => context.term.say(&tr!(
            "survey-score-question",
            question = visible(q).into_owned()
        )),
        None => context.term.warn(&tr!("survey-no-score")),
    }
    if let Some(q) = &form.comment_question {
        context.term.say(&tr!(
            "survey-comment-question",
            question = visible(q).into_owned()
        ));
    }
}

/// The import's work in its write transaction.
fn record(tx: &Tx<'_>, form: &Form, request: &Request) -> Result<Change<Imported>> {
    if let Some(before) = store::by_hash(tx, &form.content_hash)? {
        return Ok(Change::discarded(Imported::Already {
            id: before.id,
            name: before.name,
        }));
    }
    let event_id = match &request.event {
        Some(reference) => Some(event_store::find_event(tx, reference)?.id),
        None => None,
    };
    let path = form.path.display();
    let mut invalid = Vec::new();
    let mut rejected = Vec::new();
    let mut unmatched = 0u64;
    // The response kept for each alumnus: the later answer.
    let mut kept: HashMap<i64, usize> = HashMap::new();
    let mut matched: Vec<(usize, i64)> = Vec::new();
    for (index, response) in form.responses.iter().enumerate() {
        if let Some(why) = response.invalid() {
            invalid.push((response.row.number, why.clone()));
            rejected.push(Rejected { index, reason: why });
            continue;
        }
        match respondent(tx, response)? {
            Ok(alumnus) => matched.push((index, alumnus.id)),
            Err(why) => {
                // Listed even with --quiet: these rows were not imported.
                eprintln!("{path}:{}: {}", response.row.number, visible(&why));
                unmatched += 1;
                rejected.push(Rejected { index, reason: why });
            }
        }
    }
    if !invalid.is_empty() && !request.skip_invalid {
        return Err(form::invalid_rows(form, &invalid).into());
    }
    for &(index, alumnus_id) in &matched {
        let day = |i: usize| form.responses[i].answered_on.as_ref().ok().copied();
        match kept.get(&alumnus_id) {
            // A later answer replaces an earlier one; on the same day the
            // lower row is the later.
            Some(&other) if day(other) > day(index) => {
                rejected.push(Rejected {
                    index,
                    reason: tr!(
                        "survey-answered-again",
                        row = form.responses[other].row.number
                    ),
                });
            }
            Some(&other) => {
                rejected.push(Rejected {
                    index: other,
                    reason: tr!(
                        "survey-answered-again",
                        row = form.responses[index].row.number
                    ),
                });
                kept.insert(alumnus_id, index);
            }
            None => {
                kept.insert(alumnus_id, index);
            }
        }
    }
    if kept.is_empty() {
        return Err(Failure::BadData(tr!("survey-no-match", file = path.to_string())).into());
    }
    // An updated export of a form imported before (same name, same event)
    // goes on into its survey: those who answered already keep the answer
    // stored, and only the new respondents are added.
    let earlier = store::by_name(tx, &request.name, event_id)?;
    let mut already = 0u64;
    if let Some(earlier) = &earlier {
        let answered = store::respondents(tx, earlier.id)?;
        kept.retain(|alumnus_id, _| {
            let new = !answered.contains(alumnus_id);
            already += u64::from(!new);
            new
        });
        if kept.is_empty() {
            return Ok(Change::discarded(Imported::Already {
                id: earlier.id,
                name: earlier.name.clone(),
            }));
        }
    }
    let id = match &earlier {
        Some(earlier) => {
            store::set_source(tx, earlier.id, &path.to_string(), &form.content_hash)?;
            earlier.id
        }
        None => store::insert_survey(
            tx,
            &NewSurvey {
                name: &request.name,
                event_id,
                file_name: &path.to_string(),
                content_hash: &form.content_hash,
                score_question: form.score_question.as_deref(),
                comment_question: form.comment_question.as_deref(),
            },
        )?,
    };
    let mut nps = Nps::default();
    let mut order: Vec<(usize, i64)> = kept.iter().map(|(a, i)| (*i, *a)).collect();
    order.sort_unstable();
    for (index, alumnus_id) in &order {
        let response = &form.responses[*index];
        let score = response.score.clone().ok().flatten();
        if let Some(score) = score {
            nps.add(score);
        }
        let answers = (!response.answers.is_empty())
            .then(|| Value::Object(response.answers.clone()).to_string());
        let day = response
            .answered_on
            .as_ref()
            .expect("an invalid row is not kept")
            .to_string();
        store::insert_response(
            tx,
            id,
            &request.name,
            &NewResponse {
                alumnus_id: *alumnus_id,
                answered_on: &day,
                score,
                comment: response.comment.as_deref(),
                answers: answers.as_deref(),
            },
        )?;
    }
    rejected.sort_by_key(|r| r.index);
    let imported = order.len() as u64;
    let done = Imported::Done {
        id,
        imported,
        already,
        unmatched,
        invalid: invalid.len() as u64,
        rejected,
        nps,
    };
    if request.dry_run {
        return Ok(Change::discarded(done));
    }
    let before = if already > 0 {
        format!(", {already} answered before")
    } else {
        String::new()
    };
    let detail = format!(
        "survey #{id}: {imported} responses imported{before}, {unmatched} unmatched, {} invalid",
        invalid.len()
    );
    Ok(Change::audited(done, Audit::new(None, detail)))
}

/// The alumnus who gave a response, or why nobody matches.
fn respondent(tx: &Tx<'_>, response: &Response) -> Result<Result<Alumnus, String>> {
    let mut tried = Vec::new();
    match &response.email {
        Ok(Some(email)) => match store::by_email(tx, email)? {
            Some(alumnus) => return Ok(Ok(alumnus)),
            None => tried.push(tr!("survey-tried-email", email = email.as_str())),
        },
        Ok(None) => {}
        Err(why) => tried.push(format!("{}: {why}", crate::i18n::heading("email"))),
    }
    if let Some(id) = &response.employee_id {
        match store::by_employee_id(tx, id)? {
            Some(alumnus) => return Ok(Ok(alumnus)),
            None => tried.push(tr!("survey-tried-employee-id", id = id.as_str())),
        }
    }
    Ok(Err(if tried.is_empty() {
        tr!("survey-no-key")
    } else {
        tr!("survey-unmatched", tried = tried.join(&tr!("survey-or")))
    }))
}

/// "29", or "-" when nobody gave a score.
fn nps_text(nps: &Nps) -> String {
    nps.rounded().map_or_else(|| "-".into(), |n| n.to_string())
}

fn list(context: &Context, args: &ListingArgs) -> Result<()> {
    let conn = context.reader()?;
    let surveys = store::all(&conn)?;
    if surveys.is_empty() && args.format == Format::Table {
        context.term.say(&tr!("survey-none"));
        return Ok(());
    }
    listing::print(
        &SURVEYS,
        args,
        surveys.iter().map(|s| Listed::new(survey_json(s))),
    )?;
    Ok(())
}

fn survey_json(s: &Survey) -> Value {
    json!({
        "id": s.id,
        "name": s.name,
        "event_id": s.event_id,
        "event": s.event,
        "responses": s.responses,
        "nps": s.nps.rounded(),
        "first_answered_on": s.first_answered_on,
        "last_answered_on": s.last_answered_on,
    })
}

/// Surveys as a listing; the column names are also its JSON keys.
static SURVEYS: Listing = Listing::fixed(
    "Surveys",
    "surveys",
    &[
        Column::shown("id"),
        Column::shown("name"),
        Column::hidden("event_id"),
        Column::headed("event", "survey_event"),
        Column::headed("responses", "survey_responses"),
        Column::headed("nps", "survey_nps"),
        Column::headed("first_answered_on", "survey_first_answered_on"),
        Column::headed("last_answered_on", "survey_last_answered_on"),
    ],
);

/// The responses of one survey as a listing (`survey show`).
static RESPONSES: Listing = Listing::fixed(
    "Survey responses",
    "responses",
    &[
        Column::headed("answered_on", "survey_answered_on"),
        Column::hidden("alumnus_id"),
        Column::shown("employee_id"),
        Column::shown("name"),
        Column::headed("score", "survey_score"),
        Column::headed("comment", "survey_comment"),
    ],
);

fn response_json(r: &StoredResponse, with_answers: bool) -> Value {
    let mut value = json!({
        "answered_on": r.answered_on,
        "alumnus_id": r.alumnus_id,
        "employee_id": r.employee_id,
        "name": r.name,
        "score": r.score,
        "comment": r.comment,
    });
    if with_answers {
        value["answers"] = r
            .answers
            .as_deref()
            .and_then(|a| serde_json::from_str(a).ok())
            .unwrap_or(Value::Null);
    }
    value
}

fn show(context: &Context, id: i64, args: &ListingArgs) -> Result<()> {
    let (survey, responses) = context.read(|tx| {
        let survey = store::get(tx, id)?
            .ok_or_else(|| Failure::NotFound(tr!("survey-not-found", id = id)))?;
        Ok((survey, store::responses(tx, id)?))
    })?;
    let nps = &survey.nps;
    if args.format == Format::Json {
        let mut object = survey_json(&survey);
        object["file_name"] = json!(survey.file_name);
        object["score_question"] = json!(survey.score_question);
        object["comment_question"] = json!(survey.comment_question);
        object["created_at"] = json!(survey.created_at);
        object["promoters"] = json!(nps.promoters);
        object["passives"] = json!(nps.passives);
        object["detractors"] = json!(nps.detractors);
        object["nps_exact"] = json!(nps.score());
        object["distribution"] = json!(nps.distribution);
        object["response_count"] = json!(survey.responses);
        object["responses"] =
            Value::Array(responses.iter().map(|r| response_json(r, true)).collect());
        let mut out = std::io::stdout().lock();
        serde_json::to_writer_pretty(&mut out, &object)?;
        writeln!(out)?;
        return Ok(());
    }
    if args.format == Format::Table {
        print_summary(&survey)?;
    }
    let with_comment: Vec<&StoredResponse> = match args.format {
        // The table shows the comments; CSV every response.
        Format::Table => responses.iter().filter(|r| r.comment.is_some()).collect(),
        _ => responses.iter().collect(),
    };
    if args.format == Format::Table {
        println!(
            "{}",
            tr!("survey-show-comments", count = with_comment.len())
        );
    }
    listing::print(
        &RESPONSES,
        args,
        with_comment
            .into_iter()
            .map(|r| Listed::new(response_json(r, false))),
    )?;
    Ok(())
}

/// The head of `survey show` at a terminal: name, event, counts, NPS and
/// the scores drawn as bars.
fn print_summary(survey: &Survey) -> Result<()> {
    let nps = &survey.nps;
    let mut out = std::io::stdout().lock();
    let mut line = |text: String| writeln!(out, "{}", visible(&text));
    line(tr!(
        "survey-show-title",
        id = survey.id,
        name = survey.name.as_str()
    ))?;
    if let Some(event) = &survey.event {
        line(tr!("survey-show-event", event = event.as_str()))?;
    }
    line(tr!(
        "survey-show-responses",
        count = survey.responses,
        first = survey.first_answered_on.clone().unwrap_or_default(),
        last = survey.last_answered_on.clone().unwrap_or_default()
    ))?;
    line(tr!(
        "survey-show-counts",
        promoters = nps.promoters,
        passives = nps.passives,
        detractors = nps.detractors
    ))?;
    line(match nps.rounded() {
        Some(n) => tr!("survey-show-nps", nps = n, respondents = nps.respondents()),
        None => tr!("survey-show-no-nps"),
    })?;
    line(tr!("survey-show-distribution"))?;
    let most = nps.distribution.iter().copied().max().unwrap_or(0).max(1);
    for (score, count) in nps.distribution.iter().enumerate().rev() {
        let width = (count * 20).div_ceil(most) as usize;
        let bar = format!("  {score:>2}  {count:>4}  {}", "█".repeat(width));
        line(bar.trim_end().to_string())?;
    }
    Ok(())
}
