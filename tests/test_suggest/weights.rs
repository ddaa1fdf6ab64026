//! The weights are settings: `alumni config` lists them with their
//! defaults, checks what is set, and a weight set changes the order.

use super::*;

#[test]
fn config_lists_the_suggest_weights_with_their_defaults() {
    let env = ranked();
    let list = stdout(&env, &["config", "list", "--format", "csv"]);
    for (key, default) in [
        ("suggest-weight-eligible-yes", "30"),
        ("suggest-weight-eligible-review", "15"),
        ("suggest-weight-contact", "2"),
        ("suggest-weight-event", "6"),
        ("suggest-weight-survey", "10"),
        ("suggest-weight-campaign", "4"),
        ("suggest-weight-left", "20"),
        ("suggest-weight-tenure", "10"),
        ("suggest-weight-fit", "20"),
        ("suggest-min-years", "1"),
        ("suggest-max-years", "5"),
    ] {
        let line = list
            .lines()
            .find(|l| l.starts_with(&format!("{key},")))
            .unwrap_or_else(|| panic!("{key} is not listed:\n{list}"));
        assert!(line.contains(&format!(",{default},")), "{line}");
    }
}

#[test]
fn setting_a_weight_changes_the_order() {
    let env = ranked();
    assert_eq!(order(&env, &[])[0], "S001");
    stderr(
        &env,
        &["config", "set", "suggest-weight-eligible-review", "40"],
    );
    // S002: 40 + 20 + 10 = 70, above S001's 60.
    assert_eq!(order(&env, &[]), ["S002", "S001", "S006", "S007", "S003"]);
    // A wider sweet spot gives S006, who left 10.7 years ago, all 20.
    stderr(&env, &["config", "set", "suggest-max-years", "11"]);
    let all = suggest(&env, &[]);
    assert_eq!(points(&all, "S006", "left"), Some(20.0));
    assert_eq!(order(&env, &[])[..3], ["S002", "S001", "S006"]);
}

#[test]
fn a_weight_out_of_range_or_a_sweet_spot_ending_before_it_starts_is_refused() {
    let env = ranked();
    let err = refused_unchanged(&env, &["config", "set", "suggest-weight-event", "lots"], 65);
    assert!(err.contains("0-100"), "{err}");
    let err = refused_unchanged(&env, &["config", "set", "suggest-min-years", "51"], 65);
    assert!(err.contains("suggest-min-years"), "{err}");
    stderr(&env, &["config", "set", "suggest-min-years", "8"]);
    let err = refused_unchanged(&env, &["suggest"], 65);
    assert!(
        err.contains("suggest-min-years") && err.contains("suggest-max-years"),
        "{err}"
    );
}
