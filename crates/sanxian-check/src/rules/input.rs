//! Records a reader could not use.

use sanxian_rules::{Finding, FindingSeverity, RuleConfig, RuleId, RuleMeta, Stage};
use sanxian_types::{FeatureId, Severity};

use crate::{Context, Findings, Result, Rule};

/// `input-skipped`.
pub const INPUT_SKIPPED: RuleId = RuleId(&RuleMeta {
    id: "input-skipped",
    code: 1101,
    title_zh: "无法读取的要素",
    title_en: "unreadable record",
    resolution:
        "Repair the record in the source file (empty or broken geometry) and deliver it again.",
    severity: FindingSeverity::Error,
    stage: Stage::Validate,
});

/// Every record a reader skipped, of every layer of the draft, with the reader's reason.
pub struct InputSkipped;

impl Rule for InputSkipped {
    fn meta(&self) -> &'static RuleMeta {
        INPUT_SKIPPED.0
    }

    fn run(&self, cx: &Context<'_>, cfg: &RuleConfig, out: &mut Findings) -> Result<()> {
        for (i, layer) in cx.draft().layers.iter().enumerate() {
            let source: std::sync::Arc<str> = layer
                .features
                .first()
                .map(|f| f.id.source.clone())
                .unwrap_or_else(|| file_name(&layer.path).into());
            for d in layer
                .diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Error)
            {
                let ids = d
                    .record
                    .map(|record| {
                        vec![FeatureId {
                            source: source.clone(),
                            record,
                            bsm: None,
                        }]
                    })
                    .unwrap_or_default();
                out.push(Finding::new(
                    self.id(),
                    cfg.severity,
                    vec![cx.code(i)],
                    ids,
                    d.message.clone(),
                ));
            }
        }
        Ok(())
    }
}

fn file_name(path: &str) -> String {
    std::path::Path::new(path)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.to_string())
}
