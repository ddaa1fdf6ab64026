//! Mappings remembered from one import to the next: HR imports the same
//! system's export every month, so the columns named with `--map` or at the
//! prompt once are read the same way next time, for a file with the same
//! header row, without asking.

use anyhow::Result;
use sha2::{Digest, Sha256};

use super::columns::Mapping;
use crate::db::{Tx, mappings};
use crate::ingest::header::fold;

/// The signature of a header row: its names folded (so that width and case
/// do not matter), in order.
pub fn signature(headers: &[String]) -> String {
    let mut hasher = Sha256::new();
    for header in headers {
        hasher.update(fold(header).as_bytes());
        hasher.update([0x1f]);
    }
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The mappings remembered for this header row, with the layout's id, and
/// marks them used.
pub fn load(tx: &Tx<'_>, headers: &[String]) -> Result<Option<(i64, Vec<Mapping>)>> {
    let Some(found) = mappings::find(tx, &signature(headers))? else {
        return Ok(None);
    };
    mappings::touch(tx, found.id)?;
    let mappings = found
        .mappings
        .into_iter()
        .map(|(header, field)| Mapping { header, field })
        .collect();
    Ok(Some((found.id, mappings)))
}

/// Every column name some remembered mapping reads into a field, folded:
/// they count as known while the header row is looked for.
pub fn known_headers(tx: &Tx<'_>) -> Result<Vec<String>> {
    Ok(mappings::all(tx)?
        .into_iter()
        .flat_map(|layout| layout.mappings)
        .filter(|(_, field)| field.is_some())
        .map(|(header, _)| fold(&header))
        .collect())
}

/// Remembers `chosen` for this header row; returns the layout's id.
pub fn save(tx: &Tx<'_>, headers: &[String], chosen: &[Mapping]) -> Result<i64> {
    let pairs: Vec<(String, Option<crate::domain::Field>)> =
        chosen.iter().map(|m| (m.header.clone(), m.field)).collect();
    mappings::remember(tx, &signature(headers), headers, &pairs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_signature_ignores_width_and_case_but_not_order() {
        let a = signature(&["社員番号".into(), "Email".into()]);
        let b = signature(&["社員番号".into(), "ＥＭＡＩＬ".into()]);
        let c = signature(&["Email".into(), "社員番号".into()]);
        assert_eq!(a, b);
        assert_ne!(a, c);
    }
}
