//! Completeness (完整性): every required layer present and not empty, every entry of the
//! delivery accounted for, layers named as the standard names them.

use sanxian_rules::{Finding, FindingSeverity, RuleConfig, RuleId, RuleMeta, Stage};

use crate::{Context, Findings, Result, Rule};

/// `layer-missing`.
pub const LAYER_MISSING: RuleId = RuleId(&RuleMeta {
    id: "layer-missing",
    code: 1001,
    title_zh: "缺少必选图层",
    title_en: "required layer missing",
    resolution:
        "Deliver the layer, named as the standard names it (or carrying its element codes).",
    severity: FindingSeverity::Error,
    stage: Stage::Structure,
});

/// `layer-empty`.
pub const LAYER_EMPTY: RuleId = RuleId(&RuleMeta {
    id: "layer-empty",
    code: 1002,
    title_zh: "空图层",
    title_en: "empty layer",
    resolution: "Deliver the layer with its features, or leave an optional layer out.",
    severity: FindingSeverity::Error,
    stage: Stage::Structure,
});

/// `entry-unrecognised`.
pub const ENTRY_UNRECOGNISED: RuleId = RuleId(&RuleMeta {
    id: "entry-unrecognised",
    code: 1003,
    title_zh: "无法识别的文件或图层",
    title_en: "unrecognised file or layer",
    resolution:
        "Remove what does not belong to the delivery, or name the layer as the standard does.",
    severity: FindingSeverity::Warning,
    stage: Stage::Structure,
});

/// `layer-misnamed`.
pub const LAYER_MISNAMED: RuleId = RuleId(&RuleMeta {
    id: "layer-misnamed",
    code: 1004,
    title_zh: "图层命名不规范",
    title_en: "layer not named as the standard",
    resolution: "Rename the file to the standard layer code.",
    severity: FindingSeverity::Info,
    stage: Stage::Structure,
});

/// Required layers of the profile that the draft does not have.
pub struct LayerMissing;

impl Rule for LayerMissing {
    fn meta(&self) -> &'static RuleMeta {
        LAYER_MISSING.0
    }

    fn run(&self, cx: &Context<'_>, cfg: &RuleConfig, out: &mut Findings) -> Result<()> {
        for spec in cx.profile().layers.iter().filter(|s| s.required) {
            if cx.bound(&spec.code).is_some() {
                continue;
            }
            let mut how = vec![format!("no file or layer named {}", spec.code)];
            if !spec.aliases.is_empty() {
                how[0].push_str(&format!(" or {}", spec.aliases.join(", ")));
            }
            if let Some(f) = spec
                .field(&spec.identify_by)
                .filter(|f| !f.values.is_empty())
            {
                how.push(format!("none whose {} is {}", f.name, f.values.join(", ")));
            }
            out.push(Finding::new(
                self.id(),
                cfg.severity,
                vec![spec.code.clone()],
                Vec::new(),
                format!(
                    "the required layer {} ({}) is missing: {}",
                    spec.code,
                    spec.name,
                    how.join("; ")
                ),
            ));
        }
        Ok(())
    }
}

/// Layers of the profile delivered without a single feature.
pub struct LayerEmpty;

impl Rule for LayerEmpty {
    fn meta(&self) -> &'static RuleMeta {
        LAYER_EMPTY.0
    }

    fn run(&self, cx: &Context<'_>, cfg: &RuleConfig, out: &mut Findings) -> Result<()> {
        for &i in cx.checked() {
            let layer = cx.layer(i);
            if !layer.features.is_empty() {
                continue;
            }
            let required = cx.spec(i).is_some_and(|s| s.required);
            let skipped = layer.source_records;
            let mut x = Finding::new(
                self.id(),
                cfg.severity,
                vec![cx.code(i)],
                Vec::new(),
                if skipped > 0 {
                    format!(
                        "{} has no usable feature ({skipped} records, all skipped)",
                        layer.path
                    )
                } else {
                    format!("{} has no features", layer.path)
                },
            );
            // An optional layer delivered empty is worth a look, not a rejection.
            if !required {
                x.severity = x.severity.min(FindingSeverity::Warning);
            }
            out.push(x);
        }
        Ok(())
    }
}

/// Entries of the delivery that hold no layer of the profile: files not read (with the
/// reader's reason) and layers read but not recognised (with the closest candidate).
pub struct EntryUnrecognised;

impl Rule for EntryUnrecognised {
    fn meta(&self) -> &'static RuleMeta {
        ENTRY_UNRECOGNISED.0
    }

    fn run(&self, cx: &Context<'_>, cfg: &RuleConfig, out: &mut Findings) -> Result<()> {
        for u in &cx.draft().unused {
            let name = u
                .path
                .file_name()
                .map(|n| sanxian_io::escaped(std::path::Path::new(n)))
                .unwrap_or_else(|| sanxian_io::escaped(&u.path));
            // A document the profile says a delivery may hold (metadata, reports).
            if cx.profile().delivery.is_document(&name) {
                continue;
            }
            out.push(Finding::new(
                self.id(),
                cfg.severity,
                vec![name.clone()],
                Vec::new(),
                format!("{name}: not read: {}", u.reason),
            ));
        }
        for (i, layer) in cx.draft().layers.iter().enumerate() {
            if cx.checked().contains(&i) {
                continue;
            }
            let why = match layer.kind {
                sanxian_types::LayerKind::Other => crate::recognise::explain(cx.profile(), layer),
                k => format!(
                    "a {} layer ({}), which the profile does not list",
                    k.code(),
                    k.name_zh()
                ),
            };
            out.push(Finding::new(
                self.id(),
                cfg.severity,
                vec![cx.code(i)],
                Vec::new(),
                format!("{}: not checked: {why}", layer.path),
            ));
        }
        Ok(())
    }
}

/// Layers recognised by their content whose file is not named as the standard names it.
pub struct LayerMisnamed;

impl Rule for LayerMisnamed {
    fn meta(&self) -> &'static RuleMeta {
        LAYER_MISNAMED.0
    }

    fn run(&self, cx: &Context<'_>, cfg: &RuleConfig, out: &mut Findings) -> Result<()> {
        for r in &cx.draft().recognised {
            out.push(Finding::new(
                self.id(),
                cfg.severity,
                vec![r.layer.clone()],
                Vec::new(),
                format!(
                    "{} was recognised as {} by {}; the standard names it {}",
                    r.path, r.layer, r.by, r.layer
                ),
            ));
        }
        Ok(())
    }
}
