//! What the corrections keep of a person is erased with them: the company
//! of every partner change, and what a corrected contact said.

use super::{database_files, found_in};
use crate::common::{roster, stdout};

#[test]
fn forget_erases_the_company_from_the_partner_history_and_corrected_contacts() {
    let env = roster();
    stdout(
        &env,
        &[
            "partner",
            "add",
            "00123",
            "--company",
            "QZVカンパニー",
            "--kind",
            "client",
        ],
    );
    stdout(
        &env,
        &[
            "partner",
            "set",
            "1",
            "--company",
            "QZVホールディングス",
            "--status",
            "契約済み",
        ],
    );
    stdout(
        &env,
        &[
            "contact",
            "add",
            "00123",
            "--channel",
            "email",
            "--summary",
            "QZV最初の要件",
            "--date",
            "2026-11-02",
        ],
    );
    stdout(
        &env,
        &["contact", "edit", "1", "--summary", "QZV直した要件"],
    );
    let held: i64 = env.query("SELECT count(*) FROM partner_changes WHERE company IS NOT NULL");
    assert_eq!(held, 2);
    stdout(&env, &["forget", "00123", "--yes"]);
    let held: i64 = env.query("SELECT count(*) FROM partner_changes WHERE company IS NOT NULL");
    assert_eq!(held, 0);
    // The history itself stays, anonymous: what changed and when.
    assert_eq!(env.count("partner_changes"), 2);
    let needles = [
        "QZVカンパニー",
        "QZVホールディングス",
        "QZV最初の要件",
        "QZV直した要件",
    ];
    for path in database_files(&env) {
        let found = found_in(&path, &needles);
        assert!(found.is_empty(), "{} still holds {found:?}", path.display());
    }
}
