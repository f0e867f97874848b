use thiserror::Error;

/// Errors of the rules crate.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum Error {
    /// A rules file could not be parsed.
    #[error("rules file: {0}")]
    Rules(String),
    /// A profile could not be read, does not parse or is not consistent (the message names
    /// the file and the entry).
    #[error("profile {0}")]
    Profile(String),
    /// An exceptions file could not be read or does not parse.
    #[error("exceptions {0}")]
    Exceptions(String),
    /// A rule id that does not exist.
    #[error("unknown rule '{0}'; `sanxian rules` lists them")]
    UnknownRule(String),
}

/// Result with the rules [`Error`](enum@Error).
pub type Result<T, E = Error> = std::result::Result<T, E>;
