//! What a rule is to the engine: a small trait over the shared [`Context`].

use sanxian_rules::finding::LayerPairSummary;
use sanxian_rules::{Finding, RuleConfig, RuleId, RuleMeta};
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::{Context, Result};

/// One rule of a check.
///
/// A rule declares what it is ([`Rule::meta`]: id, code, titles, resolution, default severity,
/// stage), which parameters it takes ([`Rule::default_params`], [`Rule::resolve_params`]; most
/// rules get both from [`params_of`] on a typed struct), and finds what it finds in
/// [`Rule::run`], reading everything it needs from the context. Adding a rule is one file under
/// `rules/` and one line in [`crate::rules::REGISTRY`].
pub trait Rule: Sync {
    /// What the rule is.
    fn meta(&self) -> &'static RuleMeta;

    /// The rule's id, by reference to its description.
    fn id(&self) -> RuleId {
        RuleId(self.meta())
    }

    /// The rule's parameters with their defaults (beyond `enabled` and `severity`).
    fn default_params(&self) -> toml::Table {
        toml::Table::new()
    }

    /// The complete parameters for the ones a user gave (defaults for the rest).
    ///
    /// # Errors
    /// An unknown parameter or a value of the wrong type, in words for the user.
    fn resolve_params(&self, given: &toml::Table) -> std::result::Result<toml::Table, String> {
        match given.keys().next() {
            None => Ok(self.default_params()),
            Some(k) => Err(format!(
                "unknown key '{k}' (this rule takes only enabled and severity)"
            )),
        }
    }

    /// The smallest overlap area (m²) this rule wants the overlay to keep, when it reads
    /// overlaps; the context keeps overlaps down to the smallest any enabled rule asks for.
    fn overlap_tolerance_m2(&self, _cfg: &RuleConfig) -> Option<f64> {
        None
    }

    /// Finds what the rule finds.
    ///
    /// # Errors
    /// Only for what stops the whole check (a layer the overlay refuses); problems of single
    /// features are findings.
    fn run(&self, cx: &Context<'_>, cfg: &RuleConfig, out: &mut Findings) -> Result<()>;
}

/// Implements [`Rule::default_params`] and [`Rule::resolve_params`] from a typed parameter
/// struct (with `#[serde(deny_unknown_fields, default)]`), inside an `impl Rule` block.
#[macro_export]
macro_rules! typed_params {
    ($params:ty) => {
        fn default_params(&self) -> toml::Table {
            $crate::params_of::<$params>(None).unwrap_or_default()
        }

        fn resolve_params(&self, given: &toml::Table) -> std::result::Result<toml::Table, String> {
            $crate::params_of::<$params>(Some(given))
        }
    };
}

/// Default and resolved parameters of a rule from a typed parameter struct `P` (with
/// `#[serde(deny_unknown_fields, default)]`).
pub fn params_of<P: Serialize + DeserializeOwned + Default>(
    given: Option<&toml::Table>,
) -> std::result::Result<toml::Table, String> {
    let typed: P = match given {
        None => P::default(),
        Some(t) => {
            P::deserialize(toml::Value::Table(t.clone())).map_err(|e| e.message().to_string())?
        }
    };
    match toml::Value::try_from(&typed) {
        Ok(toml::Value::Table(t)) => Ok(t),
        Ok(_) => Ok(toml::Table::new()),
        Err(e) => Err(e.to_string()),
    }
}

/// What the rules of a check have found so far.
#[derive(Debug, Default)]
pub struct Findings {
    pub(crate) findings: Vec<Finding>,
    pub(crate) layer_pairs: Vec<LayerPairSummary>,
}

impl Findings {
    /// Adds a finding.
    pub fn push(&mut self, f: Finding) {
        self.findings.push(f);
    }

    /// Adds findings.
    pub fn extend(&mut self, fs: impl IntoIterator<Item = Finding>) {
        self.findings.extend(fs);
    }

    /// Adds the overlap summary of a layer pair (for the report's per-pair table).
    pub fn layer_pair(&mut self, s: LayerPairSummary) {
        self.layer_pairs.push(s);
    }

    /// The findings so far.
    pub fn findings(&self) -> &[Finding] {
        &self.findings
    }
}
