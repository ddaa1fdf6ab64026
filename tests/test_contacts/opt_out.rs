//! Contacts with alumni who opted out or were erased: an outbound one is
//! refused unless overridden with a reason, an inbound one is logged.

use super::*;

#[test]
fn an_outbound_contact_with_an_opted_out_alumnus_is_refused() {
    let env = roster();
    run(&env, "consent 00124 opted-out --date 2026-10-01");
    let err = refused(
        &env,
        "contact add 00124 --channel email --summary イベントのご案内",
        65,
    );
    assert!(err.contains("00124 佐藤 花子 opted out"), "{err}");
    assert!(err.contains("2026-10-01"), "{err}");
    assert!(err.contains("--override-consent REASON"), "{err}");
}

#[test]
fn an_override_logs_the_contact_with_an_opted_out_alumnus_and_stores_the_reason() {
    let env = roster();
    run(&env, "consent 00124 opted-out");
    let id = log(
        &env,
        "00124 --channel phone --summary 貸与品の返却 --override-consent 貸与品の返却依頼（法的義務）",
    );
    // Stored normalized, as all typed text is: （） become ().
    assert_eq!(
        contact(&env, id, "consent_override").as_deref(),
        Some("貸与品の返却依頼(法的義務)")
    );
    let detail: String = env.query("SELECT detail FROM audit WHERE command = 'contact add'");
    assert!(detail.contains("overridden"), "{detail}");
    assert!(!detail.contains("貸与品"), "{detail}");
}

#[test]
fn an_inbound_contact_is_logged_even_when_opted_out_and_needs_no_override() {
    let env = roster();
    run(&env, "consent 00124 opted-out");
    let id = log(
        &env,
        "00124 --channel email --summary 本人から問い合わせ --direction inbound",
    );
    assert_eq!(contact(&env, id, "direction").as_deref(), Some("inbound"));
    assert_eq!(contact(&env, id, "consent_override"), None);
}

#[test]
fn an_override_for_someone_not_opted_out_is_not_stored() {
    let env = roster();
    let (_, err) = run(
        &env,
        "contact add 00123 --channel email --summary x --override-consent 念のため",
    );
    assert!(err.contains("--override-consent ignored"), "{err}");
    assert_eq!(contact(&env, 1, "consent_override"), None);
}

#[test]
fn nothing_is_logged_about_an_erased_alumnus_and_their_contacts_are_not_listed() {
    let env = roster();
    log(&env, "00123 --channel email --summary x");
    log(&env, "00124 --channel email --summary y");
    env.conn()
        .execute(
            "UPDATE alumni SET erased_at = '2026-11-01T00:00:00Z' WHERE employee_id = '00123'",
            [],
        )
        .unwrap();
    let err = refused(&env, "contact add 00123 --channel email --summary x", 65);
    assert!(err.contains("erased"), "{err}");
    assert_eq!(listed(&env, ""), [2]);
}
