//! Text encodings of attribute tables.
