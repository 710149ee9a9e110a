//! One error type for the whole engine.
//!
//! Errors carry the [`ErrorDomain`] that says whose fault they are: a user error
//! (bad SQL, a missing input) is shown to the user as it is; an internal error is
//! a bug in kdalite. SQL errors carry the line and column they point at, so the
//! page can mark the editor and the CLI can print `line:column`.

use std::fmt;

/// Result alias used throughout the crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Who caused an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorDomain {
    /// Bad SQL, bad input, a missing file: the user can fix it.
    User,
    /// A broken invariant inside kdalite.
    Internal,
}

/// A position in the SQL text, 1-based as editors count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Position {
    pub line: u64,
    pub column: u64,
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}, column {}", self.line, self.column)
    }
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Error {
    /// The SQL text does not parse.
    #[error("SQL syntax error at {position}: {message}")]
    Syntax { message: String, position: Position },
    /// The SQL parses but cannot be planned (unknown stream or column, unsupported construct).
    #[error("{}", with_position(.message, .position))]
    Plan { message: String, position: Option<Position> },
    /// Bad input data or configuration outside the SQL (files, bindings, generator settings).
    #[error("{0}")]
    Input(String),
    /// A failure while running (a kernel refused a batch).
    #[error("execution error: {0}")]
    Execution(String),
    /// A bug in kdalite.
    #[error("internal error: {0} (this is a bug in kdalite)")]
    Internal(String),
}

fn with_position(message: &str, position: &Option<Position>) -> String {
    match position {
        Some(p) => format!("{message} at {p}"),
        None => message.to_string(),
    }
}

impl Error {
    pub fn domain(&self) -> ErrorDomain {
        match self {
            Error::Internal(_) => ErrorDomain::Internal,
            _ => ErrorDomain::User,
        }
    }

    /// The SQL position the error points at, if it has one.
    pub fn position(&self) -> Option<Position> {
        match self {
            Error::Syntax { position, .. } => Some(*position),
            Error::Plan { position, .. } => *position,
            _ => None,
        }
    }

    /// The message without the position it points at (for a caller that shows the position its
    /// own way, as the CLI's `app.sql:3:7: …` does).
    pub fn message_alone(&self) -> String {
        match self {
            Error::Syntax { message, .. } => format!("SQL syntax error: {message}"),
            Error::Plan { message, .. } => message.clone(),
            other => other.to_string(),
        }
    }

    /// Prefixes the message with what was being done when it failed.
    pub fn context(self, what: impl fmt::Display) -> Error {
        match self {
            Error::Input(m) => Error::Input(format!("{what}: {m}")),
            Error::Execution(m) => Error::Execution(format!("{what}: {m}")),
            Error::Internal(m) => Error::Internal(format!("{what}: {m}")),
            other => other,
        }
    }
}

impl From<arrow_schema::ArrowError> for Error {
    fn from(e: arrow_schema::ArrowError) -> Self {
        Error::Execution(e.to_string())
    }
}

/// `plan_err!(position, "format", args…)`: an `Err(Error::Plan)`.
#[macro_export]
macro_rules! plan_err {
    ($pos:expr, $($arg:tt)*) => {
        Err($crate::error::Error::Plan { message: format!($($arg)*), position: $pos })
    };
}

/// `exec_err!("format", args…)`: an `Err(Error::Execution)`.
#[macro_export]
macro_rules! exec_err {
    ($($arg:tt)*) => { Err($crate::error::Error::Execution(format!($($arg)*))) };
}

/// `internal_err!("format", args…)`: an `Err(Error::Internal)`.
#[macro_export]
macro_rules! internal_err {
    ($($arg:tt)*) => { Err($crate::error::Error::Internal(format!($($arg)*))) };
}

/// `input_err!("format", args…)`: an `Err(Error::Input)`.
#[macro_export]
macro_rules! input_err {
    ($($arg:tt)*) => { Err($crate::error::Error::Input(format!($($arg)*))) };
}

/// What is wrong with a regular expression, in one line ("unclosed group"): the regex crate's
/// message draws the pattern with a caret above it.
pub fn regex_error(e: &regex::Error) -> String {
    let text = e.to_string();
    let last = text.lines().last().unwrap_or_default();
    last.strip_prefix("error: ").unwrap_or(last).to_string()
}
