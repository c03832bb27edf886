//! Errors that end a command: each carries the exit status and, where one helps, a hint
//! telling the user what to do next.

use std::fmt;

/// Exit statuses, as grep uses them.
pub mod exit {
    /// Nothing found (check), or the command succeeded.
    pub const CLEAN: u8 = 0;
    /// Findings remain (check, lint).
    pub const FINDINGS: u8 = 1;
    /// Something went wrong.
    pub const ERROR: u8 = 2;
}

/// A failure worth explaining to the user: what happened and what to do about it.
#[derive(Debug)]
pub struct UserError {
    pub message: String,
    pub hint: Option<String>,
}

impl UserError {
    pub fn new(message: impl Into<String>) -> UserError {
        UserError {
            message: message.into(),
            hint: None,
        }
    }

    pub fn hint(mut self, hint: impl Into<String>) -> UserError {
        self.hint = Some(hint.into());
        self
    }
}

impl fmt::Display for UserError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for UserError {}

/// Shorthand for returning a [`UserError`] with a hint.
pub fn fail<T>(message: impl Into<String>, hint: impl Into<String>) -> anyhow::Result<T> {
    Err(UserError::new(message).hint(hint).into())
}

/// Prints an error chain the way refscan reports every fatal error: `error: ...`, the causes,
/// then the hint of the first [`UserError`] in the chain.
pub fn render(err: &anyhow::Error) -> String {
    // A control character from a file name is shown escaped; the line breaks of a message
    // that lists problems stay.
    let line = |s: String| {
        s.split('\n')
            .map(|l| crate::print::escape_controls(l).into_owned())
            .collect::<Vec<_>>()
            .join("\n")
    };
    let mut out = format!("error: {}", line(err.to_string()));
    for cause in err.chain().skip(1) {
        out.push_str(&format!("\n  caused by: {}", line(cause.to_string())));
    }
    if let Some(hint) = err
        .chain()
        .find_map(|e| e.downcast_ref::<UserError>())
        .and_then(|u| u.hint.as_deref())
    {
        out.push_str(&format!("\n  hint: {}", line(hint.to_string())));
    }
    out
}
