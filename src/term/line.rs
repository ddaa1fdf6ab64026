//! One line of text typed at a prompt, as the person sees it.
//!
//! dialoguer's `Input` moves back one column per Backspace, so after a
//! two-column character such as あ is erased the screen still shows half of
//! it, and what is saved is no longer what is shown. This reader erases by
//! display width (`unicode-width`, through `console::measure_text_width`, the console dialoguer uses),
//! and redraws the whole answer when it has wrapped onto another row, where
//! moving left cannot reach the row above.

use std::io;

use dialoguer::console::{Key, Term, measure_text_width};
use dialoguer::theme::Theme;
use unicode_width::UnicodeWidthChar;

/// Asks `prompt` on stderr and returns the answer typed, exactly as it is
/// shown: at least one character, without the Enter.
pub fn read(theme: &dyn Theme, prompt: &str) -> io::Result<String> {
    let term = Term::stderr();
    let mut asked = String::new();
    theme
        .format_input_prompt(&mut asked, prompt, None)
        .map_err(io::Error::other)?;
    term.write_str(&asked)?;
    let mut answer = String::new();
    loop {
        match term.read_key()? {
            Key::Enter if !answer.is_empty() => break,
            Key::Backspace => {
                let Some(gone) = answer.pop() else { continue };
                let columns = gone.width().unwrap_or(0);
                let before = measure_text_width(&asked) + measure_text_width(&answer) + columns;
                if before < usize::from(term.size().1) {
                    term.clear_chars(columns)?;
                } else {
                    redraw(&term, before, &format!("{asked}{answer}"))?;
                }
            }
            Key::Char(c) if !c.is_control() => {
                answer.push(c);
                term.write_str(c.encode_utf8(&mut [0; 4]))?;
            }
            _ => {}
        }
    }
    let mut answered = String::new();
    theme
        .format_input_prompt_selection(&mut answered, prompt, &answer)
        .map_err(io::Error::other)?;
    redraw(
        &term,
        measure_text_width(&asked) + measure_text_width(&answer),
        &answered,
    )?;
    term.write_line("")?;
    Ok(answer)
}

/// Replaces the `shown` columns of the prompt line (on one row or several)
/// with `text`.
fn redraw(term: &Term, shown: usize, text: &str) -> io::Result<()> {
    let columns = usize::from(term.size().1).max(1);
    term.clear_line()?;
    term.move_cursor_up(shown.saturating_sub(1) / columns)?;
    term.clear_to_end_of_screen()?;
    term.write_str(text)
}
