//! `alumni completions SHELL`: a script for each shell that knows the
//! subcommands, written without a database or a home directory.

use crate::common::{Env, refused, stdout};

#[test]
fn each_shell_gets_a_script_that_knows_the_subcommands() {
    let env = Env::new();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let script = stdout(&env, &["completions", shell]);
        for command in ["import", "backup", "check", "pipeline", "kpi"] {
            assert!(
                script.contains(command),
                "the {shell} script does not mention {command}"
            );
        }
    }
    assert!(!env.db_exists(), "completions created the database");
}

#[test]
fn the_scripts_are_for_their_shells() {
    let env = Env::new();
    assert!(stdout(&env, &["completions", "bash"]).contains("complete -F _alumni"));
    assert!(stdout(&env, &["completions", "zsh"]).starts_with("#compdef alumni"));
    assert!(stdout(&env, &["completions", "fish"]).contains("complete -c alumni"));
    assert!(stdout(&env, &["completions", "powershell"]).contains("Register-ArgumentCompleter"));
}

#[test]
fn completions_need_no_home_directory() {
    let env = Env::new();
    let output = env
        .alumni(&["completions", "bash"])
        .env_remove("HOME")
        .env_remove("XDG_DATA_HOME")
        .output()
        .unwrap();
    assert!(output.status.success());
    assert!(!output.stdout.is_empty());
}

#[test]
fn an_unknown_shell_is_a_usage_error() {
    let env = Env::new();
    let said = refused(&env, &["completions", "tcsh"], 2);
    assert!(said.contains("bash"), "{said}");
}
