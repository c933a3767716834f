//! Output that cannot be forged or silently lost.
//!
//! * [`escape`]: text that comes from an input (a template value, a key, a file name, a cron
//!   expression) is printed with its control characters escaped, so an escape sequence cannot
//!   retitle or clear the terminal and a newline cannot forge a line such as `file: clean`.
//! * [`Failure`]: a write to standard output that fails. A closed pipe (`| head`) ends the
//!   command quietly, as Unix tools do; any other error (a full disk) is reported on standard
//!   error and the command exits with [`WRITE_FAILED`].
//! * [`error`]: messages to standard error never panic, even when standard error is closed.

use std::borrow::Cow;
use std::fmt;
use std::io::{self, Write};
use std::process::ExitCode;

/// The exit status when standard output cannot be written (other than a closed pipe).
pub const WRITE_FAILED: u8 = 2;

/// `text` with control characters (C0, DEL, C1) and the Unicode bidirectional overrides
/// escaped as `\n`, `\t`, `\r` or `\u{…}`; a backslash stays as it is. Borrowed when there is
/// nothing to escape.
///
/// ```text
/// "vault\u{1b}]0;pwned\u{7}" → "vault\u{1b}]0;pwned\u{7}" (printed literally, not interpreted)
/// ```
pub fn escape(text: &str) -> Cow<'_, str> {
    if !text.chars().any(needs_escape) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if needs_escape(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

fn needs_escape(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// [`escape`] of each line of a message of several lines (the line breaks are ours).
pub fn escape_lines(text: &str) -> String {
    text.split('\n').map(escape).collect::<Vec<_>>().join("\n")
}

/// [`escape`] for values that implement `Display` (file names, paths).
pub fn escaped(value: impl fmt::Display) -> String {
    escape(&value.to_string()).into_owned()
}

/// Writes `message` and a newline to standard error; a failure to do so is ignored (there is
/// nowhere left to report it), never a panic.
pub fn error(message: impl fmt::Display) {
    let mut err = io::stderr().lock();
    let _ = writeln!(err, "{message}");
    let _ = err.flush();
}

/// Why standard output could not be written.
#[derive(Debug)]
pub enum Failure {
    /// The reader went away (`EPIPE`): stop quietly.
    Closed,
    /// Anything else, such as a full disk.
    Failed(io::Error),
}

impl From<io::Error> for Failure {
    fn from(error: io::Error) -> Self {
        if error.kind() == io::ErrorKind::BrokenPipe {
            Failure::Closed
        } else {
            Failure::Failed(error)
        }
    }
}

impl Failure {
    /// The exit status after this failure: `verdict` (what the run found so far) when the
    /// pipe was closed, [`WRITE_FAILED`] with a message on standard error otherwise.
    pub fn exit(self, verdict: ExitCode) -> ExitCode {
        match self {
            Failure::Closed => verdict,
            Failure::Failed(source) => {
                error(format!("error: cannot write to standard output: {source}"));
                ExitCode::from(WRITE_FAILED)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_escaped_and_plain_text_borrowed() {
        assert!(matches!(escape("vault-1 ü"), Cow::Borrowed(_)));
        assert_eq!(
            escape("a\u{1b}]0;x\u{7}b\nc: clean\r\t\u{9b}\u{7f}"),
            "a\\u{1b}]0;x\\u{7}b\\nc: clean\\r\\t\\u{9b}\\u{7f}"
        );
        assert_eq!(escape("\u{202e}txt.exe"), "\\u{202e}txt.exe");
        assert_eq!(escape("back\\slash"), "back\\slash");
    }

    #[test]
    fn a_closed_pipe_is_told_apart_from_other_errors() {
        let closed = Failure::from(io::Error::from(io::ErrorKind::BrokenPipe));
        assert!(matches!(closed, Failure::Closed));
        let full = Failure::from(io::Error::from_raw_os_error(28));
        assert!(matches!(full, Failure::Failed(_)));
    }
}
