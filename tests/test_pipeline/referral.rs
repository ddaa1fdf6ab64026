//! `alumni referral add`: a candidate referred by an alumnus.

use super::*;

#[test]
fn referral_add_opens_a_referral_application_for_the_candidate() {
    let env = roster();
    let output = env
        .alumni(&[
            "referral",
            "add",
            "--by",
            "00125",
            "--name",
            "高橋　次郎",
            "--email",
            "ＪＩＲＯ@Example.JP",
            "--phone",
            "090-1234-5678",
            "--position",
            "エンジニア",
            "--date",
            "2026-10-04",
            "--cost",
            "100000",
        ])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    assert_eq!(stdout_of(&output), "1\n");
    assert_eq!(app(&env, 1, "kind").as_deref(), Some("referral"));
    assert_eq!(app(&env, 1, "referrer_id").as_deref(), Some("3"));
    assert_eq!(app(&env, 1, "alumnus_id"), None);
    assert_eq!(app(&env, 1, "candidate_name").as_deref(), Some("高橋 次郎"));
    assert_eq!(
        app(&env, 1, "candidate_email").as_deref(),
        Some("jiro@example.jp")
    );
    assert_eq!(
        app(&env, 1, "candidate_phone").as_deref(),
        Some("090-1234-5678")
    );
    assert_eq!(app(&env, 1, "source").as_deref(), Some("referral"));
    assert_eq!(app(&env, 1, "cost").as_deref(), Some("100000"));
    assert_eq!(app(&env, 1, "furthest_stage").as_deref(), Some("contacted"));
    assert_eq!(history(&env, 1), pairs(&[("contacted", "2026-10-04")]));
    // The audit row belongs to the referrer and holds no candidate data.
    let audit: String =
        env.query("SELECT alumnus_id || ': ' || detail FROM audit WHERE command = 'referral add'");
    assert_eq!(audit, "3: opened referral application 1 in contacted");
    // A referral moves like any application.
    move_to(&env, 1, "rejoined", "2026-12-01");
    assert_eq!(app(&env, 1, "outcome").as_deref(), Some("rejoined"));
}

#[test]
fn referral_add_refuses_a_missing_name_a_bad_email_and_an_unknown_referrer() {
    let env = roster();
    let err = refused(&env, &["referral", "add", "--by", "00125"], 2);
    assert!(err.contains("missing --name"), "{err}");
    let err = refused(
        &env,
        &[
            "referral",
            "add",
            "--by",
            "00125",
            "--name",
            "高橋 次郎",
            "--email",
            "jiro@",
        ],
        65,
    );
    assert!(err.contains("--email"), "{err}");
    let err = refused(
        &env,
        &[
            "referral",
            "add",
            "--by",
            "nobody@example.jp",
            "--name",
            "高橋 次郎",
        ],
        1,
    );
    assert!(err.contains("no alumnus"), "{err}");
}
