//! `differences.geojson`, `pieces.csv`, `summary.json` and `summary.html` of
//! `sanxian compare-plans`.

use std::fmt::Write as _;
use std::path::Path;

use sanxian_area::format_half_away;
use sanxian_io::csv::CsvWriter;
use sanxian_io::geojson::write_lonlat_features;
use sanxian_io::inspect::InputSummary;
use sanxian_io::output::OutputDir;
use sanxian_report::MapLayer;
use sanxian_types::Crs;

use super::{id_text, inputs_json, write_json, write_text};
use crate::compare::{ClassSummary, PieceClass, PieceSide, PlanComparison};
use crate::Result;

/// The comparison as `summary.json` and `--json` give it.
pub fn summary_json(
    cmp: &PlanComparison,
    inputs: &[InputSummary],
    working: &Crs,
) -> serde_json::Value {
    serde_json::json!({
        "sanxian_version": env!("CARGO_PKG_VERSION"),
        "working_crs": working.to_string(),
        "inputs": inputs_json(inputs),
        "pieces": cmp.pieces.len(),
        "summary": cmp.summary,
        "by_county": cmp.by_county,
        "unmapped": cmp.unmapped,
        "control_lines": cmp.control_lines,
        "plans": cmp.plans,
        "not_computable": cmp.not_computable,
    })
}

/// Flat GeoJSON properties of one side (`code_a`, `category_a` …), for desktop GIS.
fn side_props(
    props: &mut serde_json::Map<String, serde_json::Value>,
    s: Option<&PieceSide>,
    plan: &str,
) {
    let v = |x: Option<String>| x.map_or(serde_json::Value::Null, serde_json::Value::String);
    props.insert(format!("feature_{plan}"), v(s.map(|s| id_text(&s.feature))));
    props.insert(
        format!("bsm_{plan}"),
        v(s.and_then(|s| s.feature.bsm.clone())),
    );
    props.insert(format!("code_{plan}"), v(s.map(|s| s.code.clone())));
    props.insert(
        format!("category_{plan}"),
        v(s.map(|s| s.category.code().to_string())),
    );
    props.insert(format!("ydyh_{plan}"), v(s.and_then(|s| s.ydyh.clone())));
}

/// Writes a comparison into `dir`.
///
/// # Errors
/// `dir` is not sanxian's, another run holds it, or a file cannot be written.
pub fn write_comparison(
    dir: &Path,
    cmp: &PlanComparison,
    inputs: &[InputSummary],
    working: &Crs,
) -> Result<()> {
    let out = OutputDir::create(dir, "compare-plans")?;
    let mut header: Vec<String> = [
        "piece",
        "class",
        "xzqdm",
        "feature_a",
        "bsm_a",
        "code_a",
        "category_a",
        "ydyh_a",
        "feature_b",
        "bsm_b",
        "code_b",
        "category_b",
        "ydyh_b",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    header.extend(cmp.control_lines.iter().map(|c| format!("overlaps_{c}")));
    header.extend(["planar_m2", "ellipsoid_m2", "ellipsoid_ha"].map(String::from));
    let mut csv = CsvWriter::create(&out.path().join("pieces.csv"), &header)?;
    let mut differences = Vec::new();
    for (i, p) in cmp.pieces.iter().enumerate() {
        let side = |s: Option<&PieceSide>| -> [String; 5] {
            match s {
                Some(s) => [
                    id_text(&s.feature),
                    s.feature.bsm.clone().unwrap_or_default(),
                    s.code.clone(),
                    s.category.code().to_string(),
                    s.ydyh.clone().unwrap_or_default(),
                ],
                None => Default::default(),
            }
        };
        let mut row = vec![
            (i + 1).to_string(),
            p.class.code().to_string(),
            p.xzqdm.clone().unwrap_or_default(),
        ];
        row.extend(side(p.a.as_ref()));
        row.extend(side(p.b.as_ref()));
        row.extend(cmp.control_lines.iter().map(|c| {
            if p.overlaps_lines.get(c).copied().unwrap_or(false) {
                "1".to_string()
            } else {
                "0".to_string()
            }
        }));
        row.push(format_half_away(p.planar_m2, 4));
        row.push(format_half_away(p.ellipsoid_m2, 2));
        row.push(format_half_away(p.ellipsoid_ha, 4));
        csv.row(&row)?;
        if p.class.is_difference() {
            let mut props = serde_json::Map::new();
            props.insert("piece".into(), (i + 1).into());
            props.insert("class".into(), p.class.code().into());
            props.insert("xzqdm".into(), p.xzqdm.clone().into());
            side_props(&mut props, p.a.as_ref(), "a");
            side_props(&mut props, p.b.as_ref(), "b");
            for (code, hit) in &p.overlaps_lines {
                props.insert(format!("overlaps_{code}"), (*hit).into());
            }
            props.insert("planar_m2".into(), p.planar_m2.into());
            props.insert("ellipsoid_m2".into(), p.ellipsoid_m2.into());
            props.insert("ellipsoid_ha".into(), p.ellipsoid_ha.into());
            differences.push((serde_json::Value::Object(props), &p.geometry));
        }
    }
    csv.finish()?;
    write_lonlat_features(
        &out.path().join("differences.geojson"),
        "differences",
        working,
        differences,
    )?;
    write_json(
        &out.path().join("summary.json"),
        &summary_json(cmp, inputs, working),
    )?;
    write_text(
        &out.path().join("summary.html"),
        &summary_html(cmp, working),
    )?;
    out.commit()?;
    Ok(())
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn summary_html(cmp: &PlanComparison, working: &Crs) -> String {
    let mut h = String::from(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>多规合一差异分析</title>\n<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;margin-bottom:1.5em}td,th{border:1px solid #999;padding:.3em .6em}td.n{text-align:right}</style></head><body>\n<h1>多规合一差异分析 Plan comparison</h1>\n",
    );
    let _ = writeln!(
        h,
        "<p>{} pieces; working CRS {}; areas are CGCS2000 ellipsoid areas.</p>",
        cmp.pieces.len(),
        escape(&working.to_string())
    );
    // The map: one layer per class, difference patches on top.
    let classes = [
        (
            PieceClass::Neither,
            "neither",
            "两规划均非建设 non-construction in both",
        ),
        (
            PieceClass::BothConstruction,
            "both",
            "两规划均为建设 construction in both",
        ),
        (
            PieceClass::OnlyA,
            "only-a",
            "仅A为建设 construction in A only",
        ),
        (
            PieceClass::OnlyB,
            "only-b",
            "仅B为建设 construction in B only",
        ),
    ];
    let layers: Vec<MapLayer> = classes
        .iter()
        .map(|(class, code, label)| MapLayer {
            code: code.to_string(),
            label: label.to_string(),
            geometries: cmp
                .pieces
                .iter()
                .filter(|p| p.class == *class)
                .map(|p| &p.geometry)
                .collect(),
        })
        .collect();
    h.push_str(&sanxian_report::render_map(&layers));
    let table = |h: &mut String, title: &str, rows: &[ClassSummary]| {
        let _ = writeln!(h, "<h2>{}</h2>\n<table><tr><th>class</th><th>类别</th><th>count</th><th>椭球面积 ellipsoid area (ha)</th><th>share</th></tr>", escape(title));
        for s in rows {
            let _ = writeln!(
                h,
                "<tr><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}%</td></tr>",
                s.class.code(),
                s.class.name_zh(),
                s.count,
                format_half_away(s.ellipsoid_ha, 4),
                format_half_away(s.share * 100.0, 2)
            );
        }
        h.push_str("</table>\n");
    };
    table(&mut h, "All pieces", &cmp.summary);
    for (county, rows) in &cmp.by_county {
        let title = if county.is_empty() {
            "No county code".to_string()
        } else {
            format!("County {county}")
        };
        table(&mut h, &title, rows);
    }
    h.push_str("<h2>规划自身重叠 Self-overlap of each plan</h2>\n<table><tr><th>plan</th><th>features</th><th>overlapping pairs</th><th>planar (m²)</th><th>ellipsoid (m²)</th><th>pieces</th></tr>\n");
    for p in &cmp.plans {
        let _ = writeln!(
            h,
            "<tr><td>{:?}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td></tr>",
            p.plan,
            p.features,
            p.self_overlap.len(),
            format_half_away(p.self_overlap_planar_m2, 2),
            format_half_away(p.self_overlap_ellipsoid_m2, 2),
            escape(&p.invariant)
        );
    }
    h.push_str("</table>\n");
    if !cmp.unmapped.is_empty() {
        h.push_str("<h2>Unmapped codes 未映射代码</h2>\n<table><tr><th>plan</th><th>code</th><th>features</th></tr>\n");
        for u in &cmp.unmapped {
            let _ = writeln!(
                h,
                "<tr><td>{:?}</td><td>{}</td><td class=\"n\">{}</td></tr>",
                u.plan,
                escape(&u.code),
                u.features
            );
        }
        h.push_str("</table>\n");
    }
    if !cmp.not_computable.is_empty() {
        h.push_str("<h2>未能计算 Not computed</h2>\n<ul>\n");
        for n in &cmp.not_computable {
            let _ = writeln!(h, "<li>{}</li>", escape(n));
        }
        h.push_str("</ul>\n");
    }
    h.push_str("</body></html>\n");
    h
}
