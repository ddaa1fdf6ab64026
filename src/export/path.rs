//! Placeholders in an export's target path: `reports/kpi-{date}.xlsx`.

use crate::error::Failure;

/// The values the placeholders stand for.
#[derive(Clone, Debug)]
pub struct Placeholders {
    /// `{date}`: today, `YYYY-MM-DD`.
    pub date: String,
    /// `{fy}`: a fiscal year, named by the year it starts in.
    pub fy: i32,
}

/// The names a path may use, for messages.
const KNOWN: &str = "{date} or {fy}";

/// Fills in `{date}` and `{fy}`. Any other `{…}` is refused rather than
/// kept, so that a typo (`{data}`) does not quietly name a file `{data}`.
pub fn expand(template: &str, values: &Placeholders) -> Result<String, Failure> {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let close = after.find('}').ok_or_else(|| {
            Failure::Usage(format!(
                "--out {template:?}: a '{{' without its '}}' (placeholders are {KNOWN})"
            ))
        })?;
        match &after[..close] {
            "date" => out.push_str(&values.date),
            "fy" => out.push_str(&values.fy.to_string()),
            other => {
                return Err(Failure::Usage(format!(
                    "--out {template:?}: unknown placeholder {{{other}}} (use {KNOWN})"
                )));
            }
        }
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values() -> Placeholders {
        Placeholders {
            date: "2026-05-11".into(),
            fy: 2026,
        }
    }

    #[test]
    fn placeholders_are_filled_in() {
        assert_eq!(
            expand("reports/kpi-{date}.xlsx", &values()).unwrap(),
            "reports/kpi-2026-05-11.xlsx"
        );
        assert_eq!(
            expand("FY{fy}/{fy}-{date}.csv", &values()).unwrap(),
            "FY2026/2026-2026-05-11.csv"
        );
        assert_eq!(expand("plain.csv", &values()).unwrap(), "plain.csv");
        assert_eq!(expand("a}b.csv", &values()).unwrap(), "a}b.csv");
    }

    #[test]
    fn unknown_and_unclosed_placeholders_are_refused() {
        for bad in [
            "kpi-{data}.csv",
            "kpi-{}.csv",
            "kpi-{date.csv",
            "{DATE}.csv",
        ] {
            let err = expand(bad, &values()).unwrap_err();
            assert!(err.to_string().contains("{date} or {fy}"), "{bad}: {err}");
        }
    }
}
