//! How `alumni` logs in to a PostgreSQL server that asks for more than
//! the test server's trust: a password (from `$PGPASSWORD`, the password
//! file or the URL, never shown), and TLS as `sslmode` asks. The test
//! cluster (`scripts/pg_cluster.sh`) asks members of `alumni_test_password`
//! for their password and refuses members of `alumni_test_tls_only` a
//! connection without TLS; its certificate is signed by `ca.crt` in its
//! data directory.

use std::ffi::OsString;
use std::path::PathBuf;

use super::alumni_at;
use super::grant::{Roles, as_role, grant, server};
use crate::common::{self, Env, on_postgres};

/// `alumni --db URL ARGS…` with no password from the environment but
/// what `password` and `file` give, and no `~/.pgpass` but `home`'s.
fn run(
    env: &Env,
    url: &OsString,
    password: Option<&str>,
    file: Option<&PathBuf>,
    home: &std::path::Path,
    args: &[&str],
) -> std::process::Output {
    let mut cmd = alumni_at(env.dir.path(), url, args);
    cmd.env_remove("PGPASSWORD")
        .env_remove("PGPASSFILE")
        .env("HOME", home);
    if let Some(password) = password {
        cmd.env("PGPASSWORD", password);
    }
    if let Some(file) = file {
        cmd.env("PGPASSFILE", file);
    }
    cmd.output().unwrap()
}

fn said(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned() + &String::from_utf8_lossy(&output.stdout)
}

/// The port of the test server, as its URL gives it.
fn port(env: &Env) -> String {
    let url = env.url.as_ref().unwrap();
    let authority = url.split("://").nth(1).unwrap().split('/').next().unwrap();
    authority.rsplit(':').next().unwrap().to_string()
}

/// A file of mode 0600 (or `mode`) holding `text`.
fn private_file(path: PathBuf, text: &str, mode: u32) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    std::fs::write(&path, text).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
    path
}

/// The roster, and a login role of its own (named after `which`) in the
/// test cluster's `group`, given `level` by `alumni db grant`.
fn member_of(group: &str, which: &str, level: &str) -> (Env, Roles) {
    let env = common::roster();
    let roles = Roles::new(&env, &[which]);
    let role = roles.name(0);
    server()
        .execute_batch(&format!("GRANT {group} TO \"{role}\""))
        .unwrap();
    grant(&env, role, level);
    (env, roles)
}

#[test]
fn a_password_comes_from_pgpassword_the_password_file_or_the_url_and_is_never_shown_on_postgres() {
    if !on_postgres() {
        return;
    }
    let (env, roles) = member_of("alumni_test_password", "pw", "editor");
    let role = roles.name(0);
    let password = format!("Pw-{}-k9", std::process::id());
    server()
        .execute_batch(&format!("ALTER ROLE \"{role}\" PASSWORD '{password}'"))
        .unwrap();
    let url = as_role(&env, role);
    let home = tempfile::tempdir().unwrap();
    let list = ["list"];

    // No password anywhere: refused, saying where a password goes.
    let out = run(&env, &url, None, None, home.path(), &list);
    assert_eq!(out.status.code(), Some(1), "{}", said(&out));
    assert!(
        said(&out).contains("the server asks for a password; give it in $PGPASSWORD"),
        "{}",
        said(&out)
    );
    let out = run(
        &env,
        &url,
        None,
        None,
        home.path(),
        &["--lang", "ja", "list"],
    );
    assert_eq!(out.status.code(), Some(1), "{}", said(&out));
    assert!(
        said(&out).contains("に接続できません: サーバーがパスワードを求めています"),
        "{}",
        said(&out)
    );
    // A wrong one is refused, and not repeated.
    let out = run(&env, &url, Some("not-it"), None, home.path(), &list);
    assert_eq!(out.status.code(), Some(1), "{}", said(&out));
    assert!(
        said(&out).contains(&format!(
            "password authentication failed for user \"{role}\""
        )),
        "{}",
        said(&out)
    );
    assert!(!said(&out).contains("not-it"), "{}", said(&out));

    // $PGPASSWORD.
    let out = run(&env, &url, Some(&password), None, home.path(), &list);
    assert!(out.status.success(), "{}", said(&out));
    assert!(said(&out).contains("00123"));

    // $PGPASSFILE, its first matching line; `*` matches anything.
    let line = |host: &str| format!("{host}:{}:postgres:{role}:{password}\n", port(&env));
    let file = private_file(
        env.path("pgpass"),
        &format!(
            "# the team's server\notherhost:5432:*:*:wrong\n{}",
            line("*")
        ),
        0o600,
    );
    let out = run(&env, &url, None, Some(&file), home.path(), &list);
    assert!(out.status.success(), "{}", said(&out));
    // A file others may read is ignored, as libpq ignores it.
    let open = private_file(env.path("pgpass-open"), &line("127.0.0.1"), 0o644);
    let out = run(&env, &url, None, Some(&open), home.path(), &list);
    assert_eq!(out.status.code(), Some(1), "{}", said(&out));
    assert!(said(&out).contains("asks for a password"), "{}", said(&out));
    // ~/.pgpass.
    private_file(home.path().join(".pgpass"), &line("127.0.0.1"), 0o600);
    let out = run(&env, &url, None, None, home.path(), &super::CONTACT);
    assert!(out.status.success(), "{}", said(&out));

    // In the URL: it works, and no message, audit row or export shows it.
    let text = url.to_str().unwrap();
    let with_password = text.replacen(&format!("{role}@"), &format!("{role}:{password}@"), 1);
    let empty = tempfile::tempdir().unwrap();
    let out = run(
        &env,
        &with_password.clone().into(),
        None,
        None,
        empty.path(),
        &list,
    );
    assert!(out.status.success(), "{}", said(&out));
    let missing = with_password.replacen("/postgres?", "/no_such_database?", 1);
    let out = run(&env, &missing.into(), None, None, empty.path(), &list);
    assert_eq!(out.status.code(), Some(1), "{}", said(&out));
    assert!(
        said(&out).contains(&format!("postgres://{role}@")),
        "{}",
        said(&out)
    );
    assert!(!said(&out).contains(&password), "{}", said(&out));
    for args in [
        &["audit"][..],
        &["export", "contacts", "--format", "json"],
        &["show", "00123"],
    ] {
        let out = run(
            &env,
            &with_password.clone().into(),
            None,
            None,
            empty.path(),
            args,
        );
        assert!(out.status.success(), "{args:?}: {}", said(&out));
        assert!(!said(&out).contains(&password), "{args:?}: {}", said(&out));
    }
    let out = run(
        &env,
        &with_password.clone().into(),
        None,
        None,
        empty.path(),
        &["audit", "--format", "json"],
    );
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    let contact = rows.iter().find(|r| r["command"] == "contact add").unwrap();
    assert_eq!(contact["actor"], "tester", "{contact}");
    assert_eq!(contact["db_role"], role, "{contact}");
    let audit: String = env.query(
        "SELECT string_agg(concat_ws(' ', actor, command, detail, db_role), ' ') FROM audit",
    );
    assert!(audit.contains(role), "{audit}");
    assert!(!audit.contains(&password), "{audit}");
}

/// The test cluster's certificate authority.
fn authority() -> PathBuf {
    let data: String = server()
        .query_row("SELECT current_setting('data_directory')", [], |r| r.get(0))
        .unwrap();
    let ca = PathBuf::from(data).join("ca.crt");
    assert!(
        ca.exists(),
        "{} is missing: the test server is not the one scripts/pg_cluster.sh starts",
        ca.display()
    );
    ca
}

#[test]
fn sslmode_is_honoured_and_a_certificate_is_checked_when_asked_on_postgres() {
    if !on_postgres() {
        return;
    }
    let (env, roles) = member_of("alumni_test_tls_only", "tls", "reader");
    let role = roles.name(0);
    let home = tempfile::tempdir().unwrap();
    let base = as_role(&env, role).into_string().unwrap();
    let with = |query: &str| -> OsString { format!("{base}&{query}").into() };
    let list = |url: &OsString| run(&env, url, None, None, home.path(), &["list"]);

    // Without TLS this role is refused: the refusal below is the server's.
    let out = list(&with("sslmode=disable"));
    assert_eq!(out.status.code(), Some(1), "{}", said(&out));
    assert!(said(&out).contains("no encryption"), "{}", said(&out));
    // prefer (the default) and require encrypt.
    for url in [
        OsString::from(&base),
        with("sslmode=prefer"),
        with("sslmode=require"),
    ] {
        let out = list(&url);
        assert!(out.status.success(), "{url:?}: {}", said(&out));
        assert!(said(&out).contains("00123"));
    }
    // verify-full and verify-ca check the server's certificate against the
    // authority given, for the name connected to.
    let ca = authority();
    for mode in ["verify-full", "verify-ca"] {
        for host in ["127.0.0.1", "localhost"] {
            let url = with(&format!("sslmode={mode}&sslrootcert={}", ca.display()))
                .into_string()
                .unwrap()
                .replacen("127.0.0.1", host, 1);
            let out = list(&url.into());
            assert!(out.status.success(), "{mode} {host}: {}", said(&out));
        }
    }
    // Reached by an address under a name the certificate does not give
    // (`hostaddr`): verify-ca takes it, as libpq does, since the authority
    // signed it; verify-full refuses it for the name.
    let elsewhere = |mode: &str| -> OsString {
        with(&format!(
            "sslmode={mode}&sslrootcert={}&hostaddr=127.0.0.1",
            ca.display()
        ))
        .into_string()
        .unwrap()
        .replacen("127.0.0.1", "db.invalid", 1)
        .into()
    };
    let out = list(&elsewhere("verify-ca"));
    assert!(out.status.success(), "verify-ca: {}", said(&out));
    assert!(said(&out).contains("00123"));
    let out = list(&elsewhere("verify-full"));
    assert_eq!(out.status.code(), Some(1), "verify-full: {}", said(&out));
    assert!(said(&out).contains("certificate"), "{}", said(&out));
    assert!(
        said(&out).contains("not valid for name \"db.invalid\""),
        "{}",
        said(&out)
    );
    // A certificate the authority did not sign is refused: the system's
    // authorities, or another file's, never signed the test cluster's.
    let other = private_file(
        env.path("other.crt"),
        &std::fs::read_to_string(ca.parent().unwrap().join("server.crt")).unwrap(),
        0o644,
    );
    for url in [
        with("sslmode=verify-full"),
        with(&format!(
            "sslmode=verify-full&sslrootcert={}",
            other.display()
        )),
    ] {
        let out = list(&url);
        assert_eq!(out.status.code(), Some(1), "{url:?}: {}", said(&out));
        assert!(
            said(&out).contains("cannot connect to the database"),
            "{}",
            said(&out)
        );
        assert!(said(&out).contains("certificate"), "{}", said(&out));
    }
    let missing = with("sslmode=verify-full&sslrootcert=/no/such/ca.crt");
    let out = list(&missing);
    assert_eq!(out.status.code(), Some(1), "{}", said(&out));
    assert!(said(&out).contains("/no/such/ca.crt"), "{}", said(&out));
}
