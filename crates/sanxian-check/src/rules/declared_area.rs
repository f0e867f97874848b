//! The declared area field against the official ellipsoid area.

use sanxian_overlay::validity::Strictness;
use sanxian_rules::{FindingSeverity, RuleConfig, RuleId, RuleMeta, Stage};
use sanxian_types::Value;
use serde::{Deserialize, Serialize};

use crate::{Context, Findings, Result, Rule};

/// `declared-area`.
pub const DECLARED_AREA: RuleId = RuleId(&RuleMeta {
    id: "declared-area",
    code: 5101,
    title_zh: "面积字段不符",
    title_en: "declared area differs",
    resolution:
        "Recompute the area field as the CGCS2000 ellipsoid area (sanxian area) and write it back.",
    severity: FindingSeverity::Warning,
    stage: Stage::Areas,
});

/// Parameters of `declared-area`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DeclaredAreaParams {
    /// Area fields (m²) of layers the profile gives none for, first present wins.
    pub fields: Vec<String>,
    /// Allowed absolute difference, m².
    pub tolerance_m2: f64,
}

impl Default for DeclaredAreaParams {
    fn default() -> Self {
        DeclaredAreaParams {
            fields: vec!["MJ".into(), "TBMJ".into(), "YJJBNTMJ".into(), "DCMJ".into()],
            tolerance_m2: 1.0,
        }
    }
}

/// Features whose declared area differs from their official ellipsoid area, or whose area
/// cannot be compared (not a number, or the area cannot be computed) — never skipped silently.
pub struct DeclaredArea;

impl Rule for DeclaredArea {
    fn meta(&self) -> &'static RuleMeta {
        DECLARED_AREA.0
    }

    crate::typed_params!(DeclaredAreaParams);

    fn run(&self, cx: &Context<'_>, cfg: &RuleConfig, out: &mut Findings) -> Result<()> {
        let p: DeclaredAreaParams = cfg.params().map_err(crate::Error::Rules)?;
        for &i in cx.checked() {
            let layer = cx.layer(i);
            // The profile names the layer's area field; the parameter serves other layers.
            let fi = match cx.spec(i).and_then(|s| s.area_field.as_deref()) {
                Some(name) => cx.field(i, name),
                None => p.fields.iter().find_map(|n| layer.field_index(n)),
            };
            let Some(fi) = fi else {
                continue;
            };
            let field = &layer.fields[fi].name;
            cx.warm(i)?;
            let prepared = cx.prepared(i)?;
            let areas = cx.feature_areas(i);
            for (k, f) in layer.features.iter().enumerate() {
                let declared = match f.attributes.get(fi) {
                    None | Some(Value::Null) => continue,
                    Some(Value::Text(t)) if t.trim().is_empty() => continue,
                    Some(v) => match v
                        .as_f64()
                        .or_else(|| v.as_str().and_then(|t| t.trim().parse().ok()))
                    {
                        Some(x) => x,
                        None => {
                            let mut x = cx.finding(
                                self.id(),
                                cfg,
                                i,
                                k,
                                format!("{field} = '{v}' is not a number of m²"),
                            )?;
                            x.location = super::first_vertex(&f.geometry);
                            out.push(x);
                            continue;
                        }
                    },
                };
                let invalid = !prepared.features()[k].validity().is_valid(Strictness::Ogc);
                let (message, severity) = match &areas[k] {
                    Ok(computed) if (declared - computed).abs() <= p.tolerance_m2 => continue,
                    // The area of an invalid geometry is not defined: say what its repair
                    // measures, as information; the defect itself is a geometry-invalid finding.
                    Ok(computed) if invalid => (
                        format!(
                            "{field} = {declared:.2} m² is not judged: the geometry is invalid, so its area is not defined; its repair measures {computed:.2} m² (difference {:+.2} m²)",
                            declared - computed
                        ),
                        FindingSeverity::Info,
                    ),
                    Ok(computed) => (
                        format!(
                            "{field} = {declared:.2} m² but the CGCS2000 ellipsoid area is {computed:.2} m² (difference {:+.2} m²)",
                            declared - computed
                        ),
                        cfg.severity,
                    ),
                    Err(why) => (
                        format!(
                            "{field} = {declared:.2} m² cannot be compared: the ellipsoid area cannot be computed ({why})"
                        ),
                        cfg.severity,
                    ),
                };
                let mut x = cx.finding(self.id(), cfg, i, k, message)?;
                x.severity = severity;
                x.location = super::first_vertex(&f.geometry);
                out.push(x);
            }
        }
        Ok(())
    }
}
