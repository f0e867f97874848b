//! A bracket-tree reader for WKT1 and WKT2: `KEYWORD[item, …]` or `KEYWORD(item, …)` with
//! quoted strings, numbers and bare words, nested to any (bounded) depth.

/// An element of a WKT node.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Item {
    /// `KEYWORD[…]`.
    Node(Node),
    /// A quoted string, quotes removed and `""` unescaped.
    Text(String),
    /// A number or bare word (`6378137.0`, `EAST`, `Cartesian`).
    Word(String),
}

/// `KEYWORD[item, item, …]`; the keyword upper-cased.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Node {
    pub keyword: String,
    pub items: Vec<Item>,
}

impl Node {
    /// The first quoted string: the name in every WKT node that has one.
    pub fn name(&self) -> &str {
        match self.items.first() {
            Some(Item::Text(s)) => s,
            _ => "",
        }
    }

    /// Child nodes in order.
    pub fn nodes(&self) -> impl Iterator<Item = &Node> {
        self.items.iter().filter_map(|i| match i {
            Item::Node(n) => Some(n),
            _ => None,
        })
    }

    /// The first child node with this keyword.
    pub fn child(&self, keyword: &str) -> Option<&Node> {
        self.nodes().find(|n| n.keyword == keyword)
    }

    /// The `i`-th bare word (0-based), e.g. `Cartesian` in `CS[Cartesian,2]`.
    pub fn word(&self, i: usize) -> Option<&str> {
        self.items
            .iter()
            .filter_map(|it| match it {
                Item::Word(w) => Some(w.as_str()),
                _ => None,
            })
            .nth(i)
    }

    /// The `i`-th number (0-based) among the bare words.
    pub fn number(&self, i: usize) -> Option<f64> {
        self.items
            .iter()
            .filter_map(|it| match it {
                Item::Word(w) => w.parse::<f64>().ok(),
                _ => None,
            })
            .nth(i)
    }
}

/// Nesting deeper than this is refused (real WKT nests ~6 deep).
const MAX_DEPTH: usize = 32;

/// Parses one WKT node; returns it and whatever non-blank text follows it.
pub(super) fn parse(text: &str) -> Result<(Node, &str), String> {
    let text = text.trim_start_matches('\u{feff}');
    if text.trim().is_empty() {
        return Err("empty CRS definition".into());
    }
    let mut p = Parser { s: text, pos: 0 };
    p.skip_ws();
    let keyword = p.word();
    p.skip_ws();
    let is_keyword = !keyword.is_empty()
        && keyword
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_');
    if !is_keyword || !matches!(p.peek(), Some(b'[') | Some(b'(')) {
        return Err(format!(
            "not WKT: starts with '{}'",
            text.trim().chars().take(30).collect::<String>()
        ));
    }
    let node = p.node(keyword.to_ascii_uppercase(), 0)?;
    let rest = text[p.pos..].trim_matches(|c: char| c.is_whitespace() || c == '\0');
    Ok((node, rest))
}

struct Parser<'a> {
    s: &'a str,
    pos: usize,
}

impl<'a> Parser<'a> {
    fn peek(&self) -> Option<u8> {
        self.s.as_bytes().get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while self.peek().is_some_and(|b| b.is_ascii_whitespace()) {
            self.pos += 1;
        }
    }

    /// A run of characters up to a delimiter; may be empty.
    fn word(&mut self) -> &'a str {
        let start = self.pos;
        while let Some(b) = self.peek() {
            if matches!(b, b'[' | b']' | b'(' | b')' | b',' | b'"') || b.is_ascii_whitespace() {
                break;
            }
            self.pos += 1;
        }
        &self.s[start..self.pos]
    }

    fn error(&self, what: &str) -> String {
        let near: String = self.s[self.pos..].chars().take(20).collect();
        if near.is_empty() {
            format!("WKT ends early: {what}")
        } else {
            format!("malformed WKT at byte {}: {what} near '{near}'", self.pos)
        }
    }

    /// The bracketed part of a node whose keyword has been read.
    fn node(&mut self, keyword: String, depth: usize) -> Result<Node, String> {
        if depth > MAX_DEPTH {
            return Err(self.error("nesting too deep"));
        }
        self.skip_ws();
        let close = match self.peek() {
            Some(b'[') => b']',
            Some(b'(') => b')',
            _ => return Err(self.error(&format!("expected '[' after {keyword}"))),
        };
        self.pos += 1;
        let mut items = Vec::new();
        loop {
            self.skip_ws();
            match self.peek() {
                Some(b) if b == close && items.is_empty() => {
                    self.pos += 1;
                    break;
                }
                Some(b'"') => items.push(Item::Text(self.quoted()?)),
                Some(_) => {
                    let word = self.word();
                    if word.is_empty() {
                        return Err(self.error("expected a value"));
                    }
                    self.skip_ws();
                    if matches!(self.peek(), Some(b'[') | Some(b'(')) {
                        let child = self.node(word.to_ascii_uppercase(), depth + 1)?;
                        items.push(Item::Node(child));
                    } else {
                        items.push(Item::Word(word.to_string()));
                    }
                }
                None => return Err(self.error(&format!("unclosed {keyword}["))),
            }
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b) if b == close => {
                    self.pos += 1;
                    break;
                }
                None => return Err(self.error(&format!("unclosed {keyword}["))),
                Some(_) => return Err(self.error("expected ',' or a closing bracket")),
            }
        }
        Ok(Node { keyword, items })
    }

    /// A quoted string; `""` inside stands for one quote.
    fn quoted(&mut self) -> Result<String, String> {
        self.pos += 1;
        let mut out = String::new();
        loop {
            let rest = &self.s[self.pos..];
            let Some(i) = rest.find('"') else {
                return Err(self.error("unclosed quoted string"));
            };
            out.push_str(&rest[..i]);
            self.pos += i + 1;
            if self.peek() == Some(b'"') {
                out.push('"');
                self.pos += 1;
            } else {
                return Ok(out);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_nested_nodes_strings_and_words() {
        let (n, rest) = parse(" AXIS(\"a \"\"b\"\" [c], d\" , EAST, X[1.5e3]) trailing").unwrap();
        assert_eq!(rest, "trailing");
        assert_eq!(n.keyword, "AXIS");
        assert_eq!(n.name(), "a \"b\" [c], d");
        assert_eq!(n.word(0), Some("EAST"));
        assert_eq!(n.child("X").and_then(|x| x.number(0)), Some(1500.0));
    }

    #[test]
    fn refuses_malformed_text() {
        for (text, want) in [
            ("", "empty"),
            ("X[1,,2]", "expected a value"),
            ("X[1 2]", "expected ','"),
            ("X[\"open", "unclosed quoted"),
            ("X[1", "ends early"),
            ("X[1)", "expected ','"),
        ] {
            let e = parse(text).unwrap_err();
            assert!(e.contains(want), "{text}: {e}");
        }
        let deep = "A[".repeat(100) + &"]".repeat(100);
        assert!(parse(&deep).unwrap_err().contains("too deep"));
    }
}
