//! `alumni partner set`: a partner's status is updated in place, each
//! change kept with its day, and a second `partner add` of the same pair
//! points to it.

use crate::common::{refused_unchanged as refused, roster, stdout};

#[test]
fn partner_set_updates_the_record_and_keeps_a_dated_history() {
    let env = roster();
    stdout(
        &env,
        &[
            "partner",
            "add",
            "00123",
            "--company",
            "株式会社ミライ",
            "--kind",
            "client",
            "--status",
            "商談中",
        ],
    );
    stdout(
        &env,
        &[
            "partner",
            "set",
            "1",
            "--status",
            "契約済み",
            "--date",
            "2026-11-20",
        ],
    );
    let status: String = env.query("SELECT status FROM partners WHERE id = 1");
    assert_eq!(status, "契約済み");
    assert_eq!(env.count("partners"), 1);
    let history: String = env.query(
        "SELECT string_agg(fields || ':' || status, ' | ' ORDER BY id) FROM partner_changes",
    );
    assert_eq!(history, "added:商談中 | status:契約済み");
    let day: String = env.query("SELECT date FROM partner_changes WHERE fields = 'status'");
    assert_eq!(day, "2026-11-20");
    let audit: String = env.query("SELECT detail FROM audit WHERE command = 'partner set'");
    assert_eq!(audit, "partner #1 set: status");
    let err = refused(&env, &["partner", "set", "1"], 2);
    assert!(err.contains("nothing to change in partner #1"), "{err}");
    let err = refused(&env, &["partner", "set", "7", "--status", "x"], 1);
    assert!(err.contains("no partner 7"), "{err}");
}

#[test]
fn partner_add_of_the_same_alumnus_and_company_points_to_partner_set() {
    let env = roster();
    stdout(
        &env,
        &[
            "partner",
            "add",
            "00123",
            "--company",
            "株式会社ミライ",
            "--kind",
            "client",
        ],
    );
    let err = refused(
        &env,
        &[
            "partner",
            "add",
            "00123",
            "--company",
            "株式会社ミライ",
            "--kind",
            "client",
            "--status",
            "契約済み",
        ],
        65,
    );
    assert!(
        err.contains("already has partner #1 at 株式会社ミライ"),
        "{err}"
    );
    assert!(err.contains("alumni partner set 1"), "{err}");
    stdout(
        &env,
        &[
            "partner",
            "add",
            "00123",
            "--company",
            "株式会社ミライ",
            "--kind",
            "speaker",
            "--new",
        ],
    );
    assert_eq!(env.count("partners"), 2);
}
