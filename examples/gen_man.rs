//! Writes the manual pages to `man/`: `alumni.1` and one page per
//! subcommand, rendered by `alumni::man` from the command line's
//! definitions. Run it after changing a command, an option or its help,
//! and commit the result (a test fails while `man/` is out of date):
//!
//!     cargo run --example gen_man [-- DIR]      (default: man/ in the crate)

use std::path::PathBuf;

fn main() -> anyhow::Result<()> {
    let dir = std::env::args_os()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("man"));
    std::fs::create_dir_all(&dir)?;
    // Pages of commands that no longer exist go.
    for entry in std::fs::read_dir(&dir)? {
        let path = entry?.path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.starts_with("alumni") && name.ends_with(".1") {
            std::fs::remove_file(&path)?;
        }
    }
    let pages = alumni::man::pages();
    for page in &pages {
        std::fs::write(dir.join(&page.file_name), &page.text)?;
    }
    eprintln!("wrote {} pages to {}", pages.len(), dir.display());
    Ok(())
}
