//! The small expression language of profiles: conditions (`DLBM in ['05*', '0601']`) and
//! formulas between fields (`TBDLMJ = TBMJ - KCMJ`).
//!
//! Written by hand because what a profile needs is tiny (field names, numbers, quoted text,
//! lists with trailing-`*` prefixes, arithmetic, comparisons, `and`/`or`/`not`, `in`, and the
//! functions `filled`, `empty`, `round`, `abs`, `len`) and every error must name the profile
//! entry and the position in the text; no expression crate gives both without a scripting
//! language's worth of dependencies.
//!
//! Grammar, loosest binding first:
//! ```text
//! expr  := and ('or' and)*
//! and   := not ('and' not)*
//! not   := 'not' not | cmp
//! cmp   := sum (('=' | '!=' | '<' | '<=' | '>' | '>=') sum | 'not'? 'in' list)?
//! sum   := prod (('+' | '-') prod)*
//! prod  := unary (('*' | '/') unary)*
//! unary := '-' unary | atom
//! atom  := number | 'text' | FIELD | name '(' expr (',' expr)* ')' | '(' expr ')'
//! list  := '[' literal (',' literal)* ']'
//! ```
//! Values are numbers, text, true/false, or empty (a null attribute or blank text). Arithmetic
//! and comparisons with an empty operand are *unknown*: a formula over a missing value is not
//! judged (the mandatory-field check reports the missing value itself). Text that reads as a
//! number is a number where a number is needed (DBF text fields often hold areas).

use std::fmt;

/// A parsed expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// A number.
    Num(f64),
    /// Text.
    Text(String),
    /// A field of the feature, by its name in the profile.
    Field(String),
    /// `-x`.
    Neg(Box<Expr>),
    /// `a op b` for arithmetic.
    Arith(Box<Expr>, ArithOp, Box<Expr>),
    /// `a op b` for comparisons.
    Cmp(Box<Expr>, CmpOp, Box<Expr>),
    /// `x in [...]` (or `not in` when `negated`).
    In {
        /// The value tested.
        value: Box<Expr>,
        /// The list; text items ending in `*` match as prefixes.
        list: Vec<Literal>,
        /// `not in`.
        negated: bool,
    },
    /// `a and b`.
    And(Box<Expr>, Box<Expr>),
    /// `a or b`.
    Or(Box<Expr>, Box<Expr>),
    /// `not a`.
    Not(Box<Expr>),
    /// A function call.
    Call(Func, Vec<Expr>),
}

/// A literal of a list.
#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    /// A number.
    Num(f64),
    /// Text; a trailing `*` makes it a prefix.
    Text(String),
}

/// Arithmetic operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArithOp {
    /// `+`.
    Add,
    /// `-`.
    Sub,
    /// `*`.
    Mul,
    /// `/`.
    Div,
}

/// Comparison operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CmpOp {
    /// `=` (or `==`).
    Eq,
    /// `!=` (or `<>`).
    Ne,
    /// `<`.
    Lt,
    /// `<=`.
    Le,
    /// `>`.
    Gt,
    /// `>=`.
    Ge,
}

/// Functions of the language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Func {
    /// `filled(F)`: the value is neither null nor blank.
    Filled,
    /// `empty(F)`: the value is null or blank.
    Empty,
    /// `round(x, n)`: half away from zero to `n` decimals.
    Round,
    /// `abs(x)`.
    Abs,
    /// `len(F)`: characters of the text.
    Len,
}

impl Func {
    fn from_name(name: &str) -> Option<(Func, usize)> {
        Some(match name.to_ascii_lowercase().as_str() {
            "filled" => (Func::Filled, 1),
            "empty" => (Func::Empty, 1),
            "round" => (Func::Round, 2),
            "abs" => (Func::Abs, 1),
            "len" => (Func::Len, 1),
            _ => return None,
        })
    }
}

/// A value during evaluation.
#[derive(Debug, Clone, PartialEq)]
pub enum Val {
    /// Null or blank.
    Empty,
    /// A number.
    Num(f64),
    /// Text (trimmed).
    Text(String),
    /// A truth value.
    Bool(bool),
}

impl Val {
    fn num(&self) -> Option<f64> {
        match self {
            Val::Num(x) => Some(*x),
            Val::Text(t) => t.trim().parse().ok(),
            _ => None,
        }
    }
}

impl fmt::Display for Val {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Val::Empty => f.write_str("(empty)"),
            Val::Num(x) => write!(f, "{}", fmt_num(*x)),
            Val::Text(t) => write!(f, "'{t}'"),
            Val::Bool(b) => write!(f, "{b}"),
        }
    }
}

/// A number for a message: integers without decimals, others to at most 6 decimals.
pub fn fmt_num(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{x:.0}")
    } else {
        let s = format!("{x:.6}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// A syntax error, with the byte position in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    /// Byte offset where the problem is.
    pub at: usize,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "at character {}: {}", self.at + 1, self.message)
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Num(f64),
    Text(String),
    Ident(String),
    Op(&'static str),
}

fn lex(s: &str) -> Result<Vec<(usize, Tok)>, SyntaxError> {
    let b = s.as_bytes();
    let mut i = 0;
    let mut out = Vec::new();
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        if c.is_ascii_digit() || (c == b'.' && b.get(i + 1).is_some_and(u8::is_ascii_digit)) {
            while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'.') {
                i += 1;
            }
            if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
                let mut j = i + 1;
                if j < b.len() && (b[j] == b'+' || b[j] == b'-') {
                    j += 1;
                }
                if j < b.len() && b[j].is_ascii_digit() {
                    i = j;
                    while i < b.len() && b[i].is_ascii_digit() {
                        i += 1;
                    }
                }
            }
            let text = &s[start..i];
            let x = text.parse().map_err(|_| SyntaxError {
                at: start,
                message: format!("'{text}' is not a number"),
            })?;
            out.push((start, Tok::Num(x)));
        } else if c == b'\'' || c == b'"' {
            let q = c;
            i += 1;
            let from = i;
            while i < b.len() && b[i] != q {
                i += 1;
            }
            if i >= b.len() {
                return Err(SyntaxError {
                    at: start,
                    message: "text not closed by its quote".into(),
                });
            }
            out.push((start, Tok::Text(s[from..i].to_string())));
            i += 1;
        } else if c.is_ascii_alphabetic() || c == b'_' || c >= 0x80 {
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_' || b[i] >= 0x80) {
                i += 1;
            }
            out.push((start, Tok::Ident(s[start..i].to_string())));
        } else {
            let two = s.get(i..i + 2).unwrap_or("");
            let op: &'static str = match two {
                "<=" => "<=",
                ">=" => ">=",
                "!=" => "!=",
                "<>" => "!=",
                "==" => "=",
                _ => match c {
                    b'=' => "=",
                    b'<' => "<",
                    b'>' => ">",
                    b'+' => "+",
                    b'-' => "-",
                    b'*' => "*",
                    b'/' => "/",
                    b'(' => "(",
                    b')' => ")",
                    b'[' => "[",
                    b']' => "]",
                    b',' => ",",
                    _ => {
                        return Err(SyntaxError {
                            at: start,
                            message: format!(
                                "unexpected '{}'",
                                s[start..].chars().next().unwrap_or(' ')
                            ),
                        })
                    }
                },
            };
            i += if two == "<=" || two == ">=" || two == "!=" || two == "<>" || two == "==" {
                2
            } else {
                1
            };
            out.push((start, Tok::Op(op)));
        }
    }
    Ok(out)
}

struct Parser {
    toks: Vec<(usize, Tok)>,
    pos: usize,
    len: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos).map(|t| &t.1)
    }

    fn at(&self) -> usize {
        self.toks.get(self.pos).map_or(self.len, |t| t.0)
    }

    fn err<T>(&self, message: impl Into<String>) -> Result<T, SyntaxError> {
        Err(SyntaxError {
            at: self.at(),
            message: message.into(),
        })
    }

    fn is_op(&self, op: &str) -> bool {
        matches!(self.peek(), Some(Tok::Op(o)) if *o == op)
    }

    fn is_word(&self, w: &str) -> bool {
        matches!(self.peek(), Some(Tok::Ident(i)) if i.eq_ignore_ascii_case(w))
    }

    fn expect_op(&mut self, op: &str) -> Result<(), SyntaxError> {
        if self.is_op(op) {
            self.pos += 1;
            Ok(())
        } else {
            self.err(format!("expected '{op}'"))
        }
    }

    fn expr(&mut self) -> Result<Expr, SyntaxError> {
        let mut e = self.and()?;
        while self.is_word("or") {
            self.pos += 1;
            e = Expr::Or(Box::new(e), Box::new(self.and()?));
        }
        Ok(e)
    }

    fn and(&mut self) -> Result<Expr, SyntaxError> {
        let mut e = self.not()?;
        while self.is_word("and") {
            self.pos += 1;
            e = Expr::And(Box::new(e), Box::new(self.not()?));
        }
        Ok(e)
    }

    fn not(&mut self) -> Result<Expr, SyntaxError> {
        if self.is_word("not") {
            self.pos += 1;
            return Ok(Expr::Not(Box::new(self.not()?)));
        }
        self.cmp()
    }

    fn cmp(&mut self) -> Result<Expr, SyntaxError> {
        let left = self.sum()?;
        let op = match self.peek() {
            Some(Tok::Op("=")) => Some(CmpOp::Eq),
            Some(Tok::Op("!=")) => Some(CmpOp::Ne),
            Some(Tok::Op("<")) => Some(CmpOp::Lt),
            Some(Tok::Op("<=")) => Some(CmpOp::Le),
            Some(Tok::Op(">")) => Some(CmpOp::Gt),
            Some(Tok::Op(">=")) => Some(CmpOp::Ge),
            _ => None,
        };
        if let Some(op) = op {
            self.pos += 1;
            let right = self.sum()?;
            return Ok(Expr::Cmp(Box::new(left), op, Box::new(right)));
        }
        let negated = if self.is_word("not")
            && self
                .toks
                .get(self.pos + 1)
                .is_some_and(|t| matches!(&t.1, Tok::Ident(i) if i.eq_ignore_ascii_case("in")))
        {
            self.pos += 1;
            true
        } else {
            false
        };
        if self.is_word("in") {
            self.pos += 1;
            let list = self.list()?;
            return Ok(Expr::In {
                value: Box::new(left),
                list,
                negated,
            });
        }
        Ok(left)
    }

    fn list(&mut self) -> Result<Vec<Literal>, SyntaxError> {
        self.expect_op("[")?;
        let mut out = Vec::new();
        loop {
            let neg = if self.is_op("-") {
                self.pos += 1;
                true
            } else {
                false
            };
            match self.peek().cloned() {
                Some(Tok::Num(x)) => out.push(Literal::Num(if neg { -x } else { x })),
                Some(Tok::Text(t)) if !neg => out.push(Literal::Text(t)),
                _ => return self.err("a list holds numbers or quoted text"),
            }
            self.pos += 1;
            if self.is_op(",") {
                self.pos += 1;
                continue;
            }
            self.expect_op("]")?;
            return Ok(out);
        }
    }

    fn sum(&mut self) -> Result<Expr, SyntaxError> {
        let mut e = self.prod()?;
        loop {
            let op = if self.is_op("+") {
                ArithOp::Add
            } else if self.is_op("-") {
                ArithOp::Sub
            } else {
                return Ok(e);
            };
            self.pos += 1;
            e = Expr::Arith(Box::new(e), op, Box::new(self.prod()?));
        }
    }

    fn prod(&mut self) -> Result<Expr, SyntaxError> {
        let mut e = self.unary()?;
        loop {
            let op = if self.is_op("*") {
                ArithOp::Mul
            } else if self.is_op("/") {
                ArithOp::Div
            } else {
                return Ok(e);
            };
            self.pos += 1;
            e = Expr::Arith(Box::new(e), op, Box::new(self.unary()?));
        }
    }

    fn unary(&mut self) -> Result<Expr, SyntaxError> {
        if self.is_op("-") {
            self.pos += 1;
            return Ok(Expr::Neg(Box::new(self.unary()?)));
        }
        self.atom()
    }

    fn atom(&mut self) -> Result<Expr, SyntaxError> {
        let Some(tok) = self.peek().cloned() else {
            return self.err("the expression ends too early");
        };
        let start = self.at();
        self.pos += 1;
        match tok {
            Tok::Num(x) => Ok(Expr::Num(x)),
            Tok::Text(t) => Ok(Expr::Text(t)),
            Tok::Op("(") => {
                let e = self.expr()?;
                self.expect_op(")")?;
                Ok(e)
            }
            Tok::Ident(name) => {
                if self.is_op("(") {
                    let Some((func, arity)) = Func::from_name(&name) else {
                        return Err(SyntaxError {
                            at: start,
                            message: format!(
                                "unknown function '{name}' (the functions are filled, empty, round, abs, len)"
                            ),
                        });
                    };
                    self.pos += 1;
                    let mut args = vec![self.expr()?];
                    while self.is_op(",") {
                        self.pos += 1;
                        args.push(self.expr()?);
                    }
                    self.expect_op(")")?;
                    if args.len() != arity {
                        return Err(SyntaxError {
                            at: start,
                            message: format!("{name}() takes {arity} argument(s)"),
                        });
                    }
                    Ok(Expr::Call(func, args))
                } else if ["and", "or", "not", "in"]
                    .iter()
                    .any(|w| name.eq_ignore_ascii_case(w))
                {
                    Err(SyntaxError {
                        at: start,
                        message: format!("'{name}' where a value was expected"),
                    })
                } else {
                    Ok(Expr::Field(name))
                }
            }
            Tok::Op(o) => Err(SyntaxError {
                at: start,
                message: format!("'{o}' where a value was expected"),
            }),
        }
    }
}

impl Expr {
    /// Parses an expression.
    ///
    /// ```
    /// use sanxian_rules::profile::expr::{Expr, Val};
    /// let e = Expr::parse("TBDLMJ = TBMJ - KCMJ").unwrap();
    /// let get = |f: &str| match f { "TBMJ" => Val::Num(100.0), "KCMJ" => Val::Num(4.5), _ => Val::Num(95.5) };
    /// assert_eq!(e.eval(&get, 0.0), Val::Bool(true));
    /// assert!(Expr::parse("DLBM in ['01*'").is_err());
    /// ```
    ///
    /// # Errors
    /// The position and nature of the first syntax error.
    pub fn parse(text: &str) -> Result<Expr, SyntaxError> {
        let toks = lex(text)?;
        let mut p = Parser {
            toks,
            pos: 0,
            len: text.len(),
        };
        let e = p.expr()?;
        if p.pos < p.toks.len() {
            return p.err("unexpected text after the expression");
        }
        Ok(e)
    }

    /// The field names the expression reads, in order of first appearance.
    pub fn fields(&self) -> Vec<&str> {
        let mut out = Vec::new();
        self.walk(&mut |e| {
            if let Expr::Field(n) = e {
                if !out.contains(&n.as_str()) {
                    out.push(n.as_str());
                }
            }
        });
        out
    }

    fn walk<'a>(&'a self, f: &mut dyn FnMut(&'a Expr)) {
        f(self);
        match self {
            Expr::Neg(a) | Expr::Not(a) => a.walk(f),
            Expr::Arith(a, _, b) | Expr::Cmp(a, _, b) | Expr::And(a, b) | Expr::Or(a, b) => {
                a.walk(f);
                b.walk(f);
            }
            Expr::In { value, .. } => value.walk(f),
            Expr::Call(_, args) => args.iter().for_each(|a| a.walk(f)),
            Expr::Num(_) | Expr::Text(_) | Expr::Field(_) => {}
        }
    }

    /// Evaluates the expression with `get` giving each field's value; numeric `=` and `!=`
    /// hold within `tolerance`. A comparison with an empty or non-numeric operand is
    /// [`Val::Empty`] (unknown), as are `and`/`or` whose outcome depends on it.
    pub fn eval(&self, get: &dyn Fn(&str) -> Val, tolerance: f64) -> Val {
        match self {
            Expr::Num(x) => Val::Num(*x),
            Expr::Text(t) => Val::Text(t.clone()),
            Expr::Field(n) => get(n),
            Expr::Neg(a) => match a.eval(get, tolerance).num() {
                Some(x) => Val::Num(-x),
                None => Val::Empty,
            },
            Expr::Arith(a, op, b) => {
                let (Some(x), Some(y)) =
                    (a.eval(get, tolerance).num(), b.eval(get, tolerance).num())
                else {
                    return Val::Empty;
                };
                let r = match op {
                    ArithOp::Add => x + y,
                    ArithOp::Sub => x - y,
                    ArithOp::Mul => x * y,
                    ArithOp::Div => x / y,
                };
                if r.is_finite() {
                    Val::Num(r)
                } else {
                    Val::Empty
                }
            }
            Expr::Cmp(a, op, b) => compare(
                &a.eval(get, tolerance),
                *op,
                &b.eval(get, tolerance),
                tolerance,
            ),
            Expr::In {
                value,
                list,
                negated,
            } => {
                let v = value.eval(get, tolerance);
                if v == Val::Empty {
                    return Val::Bool(*negated);
                }
                let hit = list.iter().any(|l| literal_matches(l, &v));
                Val::Bool(hit != *negated)
            }
            Expr::And(a, b) => match (
                truth(&a.eval(get, tolerance)),
                truth(&b.eval(get, tolerance)),
            ) {
                (Some(false), _) | (_, Some(false)) => Val::Bool(false),
                (Some(true), Some(true)) => Val::Bool(true),
                _ => Val::Empty,
            },
            Expr::Or(a, b) => match (
                truth(&a.eval(get, tolerance)),
                truth(&b.eval(get, tolerance)),
            ) {
                (Some(true), _) | (_, Some(true)) => Val::Bool(true),
                (Some(false), Some(false)) => Val::Bool(false),
                _ => Val::Empty,
            },
            Expr::Not(a) => match truth(&a.eval(get, tolerance)) {
                Some(t) => Val::Bool(!t),
                None => Val::Empty,
            },
            Expr::Call(func, args) => {
                let v = args[0].eval(get, tolerance);
                match func {
                    Func::Filled => Val::Bool(v != Val::Empty),
                    Func::Empty => Val::Bool(v == Val::Empty),
                    Func::Abs => v.num().map_or(Val::Empty, |x| Val::Num(x.abs())),
                    Func::Len => match v {
                        Val::Empty => Val::Num(0.0),
                        Val::Text(t) => Val::Num(t.chars().count() as f64),
                        other => Val::Num(other.to_string().chars().count() as f64),
                    },
                    Func::Round => {
                        let (Some(x), Some(n)) = (v.num(), args[1].eval(get, tolerance).num())
                        else {
                            return Val::Empty;
                        };
                        Val::Num(sanxian_area::round_half_away(x, n.clamp(0.0, 12.0) as u32))
                    }
                }
            }
        }
    }

    /// For a top-level comparison, its two sides; `None` otherwise.
    pub fn sides(&self) -> Option<(&Expr, CmpOp, &Expr)> {
        match self {
            Expr::Cmp(a, op, b) => Some((a, *op, b)),
            _ => None,
        }
    }
}

fn truth(v: &Val) -> Option<bool> {
    match v {
        Val::Bool(b) => Some(*b),
        Val::Empty => None,
        Val::Num(x) => Some(*x != 0.0),
        Val::Text(t) => Some(!t.is_empty()),
    }
}

fn literal_matches(l: &Literal, v: &Val) -> bool {
    match l {
        Literal::Num(x) => v.num().is_some_and(|y| (x - y).abs() <= 1e-9),
        Literal::Text(t) => {
            let s = match v {
                Val::Text(s) => s.clone(),
                Val::Num(x) => fmt_num(*x),
                Val::Bool(b) => b.to_string(),
                Val::Empty => return false,
            };
            match t.strip_suffix('*') {
                Some(prefix) => s.starts_with(prefix),
                None => s == *t,
            }
        }
    }
}

fn compare(a: &Val, op: CmpOp, b: &Val, tolerance: f64) -> Val {
    if *a == Val::Empty || *b == Val::Empty {
        return Val::Empty;
    }
    // Text against text compares as text unless both read as numbers.
    let nums = match (a, b) {
        (Val::Text(_), Val::Text(_)) => None,
        _ => a.num().zip(b.num()),
    };
    let ord = if let Some((x, y)) = nums {
        let tol = tolerance.max(1e-9);
        if (x - y).abs() <= tol {
            std::cmp::Ordering::Equal
        } else {
            x.total_cmp(&y)
        }
    } else {
        match (a, b) {
            (Val::Text(x), Val::Text(y)) => x.cmp(y),
            (Val::Bool(x), Val::Bool(y)) => x.cmp(y),
            _ => return Val::Empty,
        }
    };
    use std::cmp::Ordering::*;
    Val::Bool(match op {
        CmpOp::Eq => ord == Equal,
        CmpOp::Ne => ord != Equal,
        CmpOp::Lt => ord == Less,
        CmpOp::Le => ord != Greater,
        CmpOp::Gt => ord == Greater,
        CmpOp::Ge => ord != Less,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eval(text: &str, fields: &[(&str, Val)]) -> Val {
        let e = Expr::parse(text).unwrap();
        let get = |n: &str| {
            fields
                .iter()
                .find(|(k, _)| *k == n)
                .map(|(_, v)| v.clone())
                .unwrap_or(Val::Empty)
        };
        e.eval(&get, 0.005)
    }

    #[test]
    fn arithmetic_binds_as_usual() {
        assert_eq!(eval("1 + 2 * 3 = 7", &[]), Val::Bool(true));
        assert_eq!(eval("(1 + 2) * 3 = 9", &[]), Val::Bool(true));
        assert_eq!(eval("-2 * -3 = 6", &[]), Val::Bool(true));
        assert_eq!(eval("10 / 4 = 2.5", &[]), Val::Bool(true));
        assert_eq!(eval("1 - 2 - 3 = -4", &[]), Val::Bool(true));
    }

    #[test]
    fn numeric_equality_has_the_tolerance() {
        let f = [("A", Val::Num(10.004)), ("B", Val::Num(10.0))];
        assert_eq!(eval("A = B", &f), Val::Bool(true));
        let f = [("A", Val::Num(10.006)), ("B", Val::Num(10.0))];
        assert_eq!(eval("A = B", &f), Val::Bool(false));
        assert_eq!(eval("A != B", &f), Val::Bool(true));
    }

    #[test]
    fn lists_match_exactly_or_by_prefix() {
        let f = [("DLBM", Val::Text("0602".into()))];
        assert_eq!(eval("DLBM in ['05*', '06*']", &f), Val::Bool(true));
        assert_eq!(eval("DLBM in ['0601', '09']", &f), Val::Bool(false));
        assert_eq!(eval("DLBM not in ['0601', '09']", &f), Val::Bool(true));
        let f = [("DLBM", Val::Text("09".into()))];
        assert_eq!(eval("DLBM in ['0601', '09']", &f), Val::Bool(true));
        assert_eq!(eval("DLBM in ['09*']", &[]), Val::Bool(false));
        let f = [("GDPDJB", Val::Num(3.0))];
        assert_eq!(eval("GDPDJB in [1, 2, 3]", &f), Val::Bool(true));
        assert_eq!(eval("GDPDJB in ['3']", &f), Val::Bool(true));
    }

    #[test]
    fn empty_values_are_unknown_in_arithmetic_and_comparisons() {
        let f = [("TBMJ", Val::Num(100.0)), ("TBDLMJ", Val::Num(100.0))];
        assert_eq!(eval("TBDLMJ = TBMJ - KCMJ", &f), Val::Empty);
        assert_eq!(eval("filled(KCMJ)", &f), Val::Bool(false));
        assert_eq!(eval("empty(KCMJ) or TBMJ > 0", &f), Val::Bool(true));
        assert_eq!(eval("KCMJ > 0 and TBMJ < 0", &f), Val::Bool(false));
        assert_eq!(eval("KCMJ > 0 or TBMJ < 0", &f), Val::Empty);
    }

    #[test]
    fn text_reading_as_a_number_is_a_number() {
        let f = [("MJ", Val::Text(" 12.50 ".into()))];
        assert_eq!(eval("MJ * 2 = 25", &f), Val::Bool(true));
        let f = [("A", Val::Text("10".into())), ("B", Val::Text("9".into()))];
        // Two texts compare as text.
        assert_eq!(eval("A < B", &f), Val::Bool(true));
    }

    #[test]
    fn functions() {
        let f = [("KCXS", Val::Num(0.08)), ("TBMJ", Val::Num(1234.5))];
        assert_eq!(eval("round(TBMJ * KCXS, 2) = 98.76", &f), Val::Bool(true));
        assert_eq!(eval("round(2.675, 2) = 2.68", &[]), Val::Bool(true));
        let f = [("XZQMC", Val::Text("西山县".into()))];
        assert_eq!(eval("len(XZQMC) = 3", &f), Val::Bool(true));
        assert_eq!(eval("abs(0 - 3) = 3", &[]), Val::Bool(true));
    }

    #[test]
    fn syntax_errors_say_where() {
        let e = Expr::parse("DLBM in ['01*'").unwrap_err();
        assert!(e.message.contains("expected ']'"), "{e}");
        let e = Expr::parse("TBMJ = = 3").unwrap_err();
        assert_eq!(e.at, 7);
        let e = Expr::parse("foo(TBMJ)").unwrap_err();
        assert!(e.message.contains("unknown function"));
        let e = Expr::parse("round(TBMJ)").unwrap_err();
        assert!(e.message.contains("2 argument"));
        let e = Expr::parse("'abc").unwrap_err();
        assert!(e.message.contains("quote"));
        let e = Expr::parse("A = 1 B").unwrap_err();
        assert!(e.message.contains("after the expression"));
        assert!(Expr::parse("A ; B").is_err());
    }

    #[test]
    fn fields_are_listed_once() {
        let e = Expr::parse("TBDLMJ = TBMJ - KCMJ and filled(TBMJ)").unwrap();
        assert_eq!(e.fields(), vec!["TBDLMJ", "TBMJ", "KCMJ"]);
    }
}
