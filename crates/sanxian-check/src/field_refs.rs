//! The fields an expression or a rule reads, resolved to positions in a layer once, so that
//! evaluating it on every feature does no lookup of names through the profile's aliases.

use std::borrow::Cow;

use sanxian_rules::profile::expr::Val;
use sanxian_types::{Feature, Value};

use crate::{expr_value, Context};

/// Field names (as an expression writes them) with their positions in one layer.
#[derive(Debug, Clone, Default)]
pub struct FieldRefs {
    at: Vec<(String, Option<usize>)>,
}

impl FieldRefs {
    /// Resolves `names` in layer `i` of the context ([`Context::field`]).
    pub fn new<'n>(cx: &Context<'_>, i: usize, names: impl IntoIterator<Item = &'n str>) -> Self {
        let mut at: Vec<(String, Option<usize>)> = Vec::new();
        for n in names {
            if !at.iter().any(|(m, _)| m == n) {
                at.push((n.to_string(), cx.field(i, n)));
            }
        }
        FieldRefs { at }
    }

    /// The position of `name` in the layer (`None`: missing, or not one of the names given).
    pub fn position(&self, name: &str) -> Option<usize> {
        self.at.iter().find(|(n, _)| n == name).and_then(|x| x.1)
    }

    /// The value of `name` on feature `f`, for expressions: empty when null, blank or missing.
    pub fn value(&self, f: &Feature, name: &str) -> Val {
        match self.position(name) {
            Some(fi) => expr_value(f.attributes.get(fi)),
            None => Val::Empty,
        }
    }
}

/// `t` without leading and trailing white space, as [`str::trim`], with a fast path for the
/// usual value that starts and ends with a printable ASCII character (codes, numbers): the
/// value rules trim every attribute of every feature several times.
pub fn trimmed(t: &str) -> &str {
    match (t.as_bytes().first(), t.as_bytes().last()) {
        (Some(&a), Some(&z)) if (0x21..0x7f).contains(&a) && (0x21..0x7f).contains(&z) => t,
        _ => t.trim(),
    }
}

/// A value as text, trimmed, borrowed where it is text already.
pub fn text_of(v: &Value) -> Cow<'_, str> {
    match v {
        Value::Text(t) | Value::Date(t) => Cow::Borrowed(trimmed(t)),
        Value::Null => Cow::Borrowed(""),
        other => Cow::Owned(other.to_string().trim().to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::trimmed;

    #[test]
    fn trims_as_str_trim_does() {
        for t in [
            "",
            " ",
            "0101",
            " 0101",
            "0101 ",
            "\t水田\u{3000}",
            "\u{3000}",
            "a",
            "水田",
            "\u{a0}x",
            "x\u{a0}",
            "~",
            "\u{7f}",
        ] {
            assert_eq!(trimmed(t), t.trim(), "{t:?}");
        }
    }
}
