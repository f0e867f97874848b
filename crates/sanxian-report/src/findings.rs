//! Findings as GIS layers and ledgers.

use std::path::Path;

use sanxian_io::csv::CsvWriter;
use sanxian_rules::Finding;
use sanxian_types::geo_types::MultiPolygon;
use sanxian_types::Crs;

use crate::Result;

fn features_text(f: &Finding, i: usize) -> (String, String) {
    f.features
        .get(i)
        .map(|id| {
            (
                format!("{}#{}", id.source, id.record),
                id.bsm.clone().unwrap_or_default(),
            )
        })
        .unwrap_or_default()
}

/// The survey classes beneath a finding, as one text: `0101 水田 12.34 m²; …`.
pub(crate) fn beneath_text(f: &Finding) -> String {
    f.beneath
        .iter()
        .map(|c| format!("{} {} {} m²", c.dlbm, c.dlmc, fixed(c.ellipsoid_m2, 2)))
        .collect::<Vec<_>>()
        .join("; ")
}

/// Formats with `digits` decimals, rounding half away from zero (official tables).
pub(crate) fn fixed(x: f64, digits: u32) -> String {
    sanxian_area::format_half_away(x, digits)
}

/// The columns of the findings ledger (CSV and every findings sheet of the workbook).
const COLUMNS: [&str; 24] = [
    "no",
    "code",
    "rule",
    "规则",
    "level",
    "severity",
    "excepted",
    "layers",
    "feature_a",
    "bsm_a",
    "feature_b",
    "bsm_b",
    "field",
    "value",
    "xzqdm",
    "ellipsoid_m2",
    "ellipsoid_ha",
    "ellipsoid_mu",
    "planar_m2",
    "x",
    "y",
    "beneath",
    "message",
    "resolution",
];

/// The ledger row of finding number `i + 1`.
fn finding_row(i: usize, f: &Finding) -> Vec<String> {
    let (a, bsm_a) = features_text(f, 0);
    let (b, bsm_b) = features_text(f, 1);
    let (m2, ha, mu) = f
        .ellipsoid
        .map_or((String::new(), String::new(), String::new()), |a| {
            (fixed(a.m2, 2), fixed(a.ha, 4), fixed(a.mu, 2))
        });
    let planar = f.planar_m2.map(|p| fixed(p, 4)).unwrap_or_default();
    let (x, y) = f.location.map_or((String::new(), String::new()), |[x, y]| {
        (format!("{x:.3}"), format!("{y:.3}"))
    });
    vec![
        (i + 1).to_string(),
        f.rule.code().to_string(),
        f.rule.to_string(),
        f.rule.title().0.to_string(),
        f.severity.level().to_string(),
        f.severity.to_string(),
        f.excepted.clone().unwrap_or_default(),
        f.layers.join(" × "),
        a,
        bsm_a,
        b,
        bsm_b,
        f.field.clone().unwrap_or_default(),
        f.value.clone().unwrap_or_default(),
        f.xzqdm.clone().unwrap_or_default(),
        m2,
        ha,
        mu,
        planar,
        x,
        y,
        beneath_text(f),
        f.message.clone(),
        f.resolution().to_string(),
    ]
}

/// Writes findings as a CSV ledger (UTF-8 with BOM, one row per finding).
pub fn write_findings_csv(path: &Path, findings: &[Finding]) -> Result<()> {
    let mut w = CsvWriter::create(path, COLUMNS)?;
    for (i, f) in findings.iter().enumerate() {
        w.row(finding_row(i, f))?;
    }
    w.finish()?;
    Ok(())
}

/// Count and official area of some findings, as a summary row's figures.
fn totals<'f>(of: impl Iterator<Item = &'f Finding>) -> [String; 4] {
    let (mut n, mut m2) = (0usize, 0.0f64);
    for f in of {
        n += 1;
        m2 += f.ellipsoid.map_or(0.0, |a| a.m2);
    }
    let a = sanxian_area::AreaFigures::from_m2(0.0 + m2);
    [
        n.to_string(),
        fixed(a.m2, 2),
        fixed(a.ha, 4),
        fixed(a.mu, 2),
    ]
}

/// Writes the findings workbook: a summary per rule (with a 合计 row), a summary per county
/// (with a 合计 row), every finding, and one sheet per rule with its findings. Codes, BSMs and
/// XZQDMs are text cells, areas numbers (m² 2 decimals, 公顷 4, 亩 2).
pub fn write_findings_xlsx(path: &Path, findings: &[Finding]) -> Result<()> {
    let mut book = sanxian_io::xlsx::Book::create(path);
    let header: Vec<String> = COLUMNS.iter().map(|c| c.to_string()).collect();
    // Rules in the order of their codes.
    let mut rules: Vec<(u16, String, String, String)> = Vec::new();
    for f in findings {
        let code = f.rule.code();
        if !rules.iter().any(|r| r.0 == code) {
            rules.push((
                code,
                f.rule.to_string(),
                f.rule.title().0.to_string(),
                f.severity.level().to_string(),
            ));
        }
    }
    rules.sort();
    let summary = book.sheet(
        "汇总 by rule",
        &[
            "code",
            "rule",
            "规则",
            "level",
            "findings",
            "ellipsoid_m2",
            "ellipsoid_ha",
            "ellipsoid_mu",
        ]
        .map(String::from),
    )?;
    for (code, rule, zh, level) in &rules {
        let mut row = vec![code.to_string(), rule.clone(), zh.clone(), level.clone()];
        row.extend(totals(findings.iter().filter(|f| f.rule.code() == *code)));
        book.row(summary, &row)?;
    }
    let mut total = vec![
        "合计".to_string(),
        String::new(),
        String::new(),
        String::new(),
    ];
    total.extend(totals(findings.iter()));
    book.row(summary, &total)?;
    let counties = book.sheet(
        "县区 by county",
        &[
            "xzqdm",
            "findings",
            "ellipsoid_m2",
            "ellipsoid_ha",
            "ellipsoid_mu",
        ]
        .map(String::from),
    )?;
    let mut codes: Vec<String> = findings
        .iter()
        .map(|f| f.xzqdm.clone().unwrap_or_default())
        .collect();
    codes.sort();
    codes.dedup();
    for c in &codes {
        let mut row = vec![c.clone()];
        row.extend(totals(
            findings
                .iter()
                .filter(|f| f.xzqdm.as_deref().unwrap_or_default() == c),
        ));
        book.row(counties, &row)?;
    }
    let mut total = vec!["合计".to_string()];
    total.extend(totals(findings.iter()));
    book.row(counties, &total)?;
    let all = book.sheet("全部 all", &header)?;
    for (i, f) in findings.iter().enumerate() {
        book.row(all, &finding_row(i, f))?;
    }
    for (code, rule, _, _) in &rules {
        let sheet = book.sheet(&format!("{code} {rule}"), &header)?;
        for (i, f) in findings.iter().enumerate() {
            if f.rule.code() == *code {
                book.row(sheet, &finding_row(i, f))?;
            }
        }
    }
    book.finish()?;
    Ok(())
}

/// Writes findings with a geometry as RFC 7946 GeoJSON (longitude/latitude).
pub fn write_findings_geojson(path: &Path, findings: &[Finding], working_crs: &Crs) -> Result<()> {
    sanxian_io::geojson::write_lonlat_features_with(
        path,
        "findings",
        working_crs,
        findings,
        finding_feature,
    )?;
    Ok(())
}

/// The GeoJSON properties and geometry of finding number `i + 1`, if it has a geometry.
fn finding_feature(i: usize, f: &Finding) -> Option<(serde_json::Value, &MultiPolygon<f64>)> {
    {
        let g = f.geometry.as_ref()?;
        let (a, bsm_a) = features_text(f, 0);
        let (b, bsm_b) = features_text(f, 1);
        let props = serde_json::json!({
            "no": i + 1,
            "code": f.rule.code(),
            "rule": f.rule.as_str(),
            "rule_zh": f.rule.title().0,
            "level": f.severity.level(),
            "severity": f.severity.to_string(),
            "excepted": f.excepted,
            "layers": f.layers.join(" × "),
            "feature_a": a, "bsm_a": bsm_a, "feature_b": b, "bsm_b": bsm_b,
            "field": f.field, "value": f.value,
            "xzqdm": f.xzqdm,
            "ellipsoid_m2": f.ellipsoid.map(|a| a.m2),
            "ellipsoid_ha": f.ellipsoid.map(|a| a.ha),
            "ellipsoid_mu": f.ellipsoid.map(|a| a.mu),
            "planar_m2": f.planar_m2,
            "beneath": beneath_text(f),
            "message": f.message,
        });
        Some((props, g))
    }
}

/// Writes findings with a geometry as a GeoPackage layer in the working CRS.
#[cfg(feature = "gdal")]
pub fn write_findings_gpkg(path: &Path, findings: &[Finding], working_crs: &Crs) -> Result<()> {
    use sanxian_types::{Field, FieldType, Layer, LayerKind, Value};
    let fields = [
        ("code", FieldType::Integer),
        ("rule", FieldType::Text),
        ("level", FieldType::Integer),
        ("severity", FieldType::Text),
        ("excepted", FieldType::Text),
        ("layers", FieldType::Text),
        ("feature_a", FieldType::Text),
        ("bsm_a", FieldType::Text),
        ("feature_b", FieldType::Text),
        ("bsm_b", FieldType::Text),
        ("field", FieldType::Text),
        ("value", FieldType::Text),
        ("ellipsoid_m2", FieldType::Real),
        ("planar_m2", FieldType::Real),
        ("message", FieldType::Text),
    ];
    let mut layer = Layer::new("findings", LayerKind::Other, Some(*working_crs))
        .with_fields(fields.iter().map(|(n, t)| Field::new(*n, *t)).collect())
        .with_path(path.display().to_string());
    for f in findings {
        let Some(g) = f.geometry.clone() else {
            continue;
        };
        let (a, bsm_a) = features_text(f, 0);
        let (b, bsm_b) = features_text(f, 1);
        layer.push(
            g,
            vec![
                Value::Integer(i64::from(f.rule.code())),
                Value::Text(f.rule.to_string().into()),
                Value::Integer(i64::from(f.severity.level())),
                Value::Text(f.severity.to_string().into()),
                f.excepted
                    .clone()
                    .map_or(Value::Null, |s| Value::Text(s.into())),
                Value::Text(f.layers.join(" × ").into()),
                Value::Text(a.into()),
                Value::Text(bsm_a.into()),
                Value::Text(b.into()),
                Value::Text(bsm_b.into()),
                f.field
                    .clone()
                    .map_or(Value::Null, |s| Value::Text(s.into())),
                f.value
                    .clone()
                    .map_or(Value::Null, |s| Value::Text(s.into())),
                f.ellipsoid.map_or(Value::Null, |a| Value::Real(a.m2)),
                f.planar_m2.map_or(Value::Null, Value::Real),
                Value::Text(f.message.clone().into()),
            ],
        );
    }
    sanxian_io::ogr::write_gpkg(&[&layer], path)?;
    Ok(())
}
