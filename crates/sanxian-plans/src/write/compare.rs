//! `differences.geojson`, `pieces.csv`, `summary.json` and `summary.html` of
//! `sanxian compare-plans`.

use std::fmt::Write as _;
use std::path::Path;

use sanxian_area::format_half_away;
use sanxian_io::geojson::write_lonlat_features_with;
use sanxian_io::inspect::InputSummary;
use sanxian_io::ledger::Ledger;
use sanxian_io::output::OutputDir;
use sanxian_report::MapLayer;
use sanxian_types::Crs;

use super::{id_text, summary_with, write_json, write_text};
use crate::compare::{ClassInfo, ClassSummary, PieceSide, PlanComparison, PlanPiece};
use crate::Result;

/// The comparison as `summary.json` and `--json` give it.
pub fn summary_json(
    cmp: &PlanComparison,
    inputs: &[InputSummary],
    working: &Crs,
) -> serde_json::Value {
    summary_with(
        inputs,
        working,
        serde_json::json!({
            "plans_compared": cmp.plan_names,
            "pieces": cmp.pieces.len(),
            "classes": cmp.classes,
            "summary": cmp.summary,
            "by_county": cmp.by_county,
            "unmapped": cmp.unmapped,
            "control_lines": cmp.control_lines,
            "control_lines_dissolved": cmp.lines_dissolved,
            "priority": cmp.priority,
            "priority_appended": cmp.priority_appended,
            "decided_by_priority": cmp.decided_by_priority().count(),
            "plans": cmp.plans,
            "unused_categories": cmp.unused_categories,
            "repaired": cmp.repaired,
            "left_out": cmp.left_out,
            "not_computable": cmp.not_computable,
        }),
    )
}

/// The columns of one plan's side in the CSV.
const SIDE: [&str; 5] = ["feature", "bsm", "code", "category", "ydyh"];

fn side_values(s: Option<&PieceSide>) -> [String; 5] {
    match s {
        Some(s) => [
            id_text(&s.feature),
            s.feature.bsm.clone().unwrap_or_default(),
            s.code.clone(),
            s.category.clone(),
            s.ydyh.clone().unwrap_or_default(),
        ],
        None => Default::default(),
    }
}

/// GeoJSON properties of a piece, flat for desktop GIS: the class, the county, with `sides`
/// each plan's BSM, code and category and each line, then the unified class and the areas
/// (pieces.csv has every column; the integrated layer leaves the sides to it).
fn piece_props(cmp: &PlanComparison, i: usize, p: &PlanPiece, sides: bool) -> serde_json::Value {
    let v = |x: Option<&str>| x.map_or(serde_json::Value::Null, serde_json::Value::from);
    let class = cmp.class_of(p);
    let mut props = serde_json::Map::new();
    props.insert("piece".into(), (i + 1).into());
    props.insert("class".into(), class.code.as_str().into());
    props.insert("class_zh".into(), class.name_zh.as_str().into());
    props.insert("xzqdm".into(), v(p.xzqdm.as_deref()));
    for (k, name) in cmp.plan_names.iter().enumerate().filter(|_| sides) {
        let side = cmp.side(p, k);
        props.insert(
            format!("bsm_{name}"),
            v(side.and_then(|s| s.feature.bsm.as_deref())),
        );
        props.insert(format!("code_{name}"), v(side.map(|s| s.code.as_str())));
        props.insert(
            format!("category_{name}"),
            v(side.map(|s| s.category.as_str())),
        );
    }
    for (code, inside) in cmp.control_lines.iter().zip(&p.in_lines).filter(|_| sides) {
        props.insert(format!("in_{code}"), (*inside).into());
    }
    let decided = p.decided_by.map(|d| cmp.priority[d].as_str());
    let side = cmp.class_side(p);
    let unified = match (decided, side) {
        (Some(e), _) if !cmp.plan_names.iter().any(|n| n == e) => Some(e),
        (_, Some(s)) => Some(s.category.as_str()),
        _ => None,
    };
    props.insert("unified".into(), v(unified));
    props.insert(
        "unified_ydyh".into(),
        v(side.and_then(|s| s.ydyh.as_deref())),
    );
    props.insert("unified_code".into(), v(side.map(|s| s.code.as_str())));
    props.insert("decided_by".into(), v(decided));
    props.insert("by_priority".into(), p.by_priority.into());
    props.insert("planar_m2".into(), p.planar_m2.into());
    props.insert("ellipsoid_m2".into(), p.ellipsoid_m2.into());
    props.insert("ellipsoid_ha".into(), p.ellipsoid_ha.into());
    serde_json::Value::Object(props)
}

/// Writes a comparison into `dir`: `pieces.csv` (every piece), `differences.geojson` (the
/// difference patches), `integrated.geojson` (every piece with its unified class, the
/// 一张图), `priority.csv` (the pieces whose class the priority decided), `summary.json` and
/// `summary.html`.
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
    let mut header: Vec<String> = ["piece", "class", "class_zh", "xzqdm"]
        .map(String::from)
        .to_vec();
    for name in &cmp.plan_names {
        header.extend(SIDE.iter().map(|c| format!("{c}_{name}")));
    }
    header.extend(cmp.control_lines.iter().map(|c| format!("in_{c}")));
    header.extend(
        [
            "unified",
            "unified_ydyh",
            "unified_code",
            "decided_by",
            "by_priority",
            "planar_m2",
            "ellipsoid_m2",
            "ellipsoid_ha",
        ]
        .map(String::from),
    );
    let mut csv = Ledger::create(&out.path().join("pieces.csv"), "图斑 pieces", &header)?;
    let mut ledger = Ledger::create(
        &out.path().join("priority.csv"),
        "按优先级 by priority",
        &[
            "piece",
            "class",
            "xzqdm",
            "unified",
            "unified_ydyh",
            "decided_by",
            "candidates",
            "ellipsoid_m2",
            "ellipsoid_ha",
        ]
        .map(String::from),
    )?;
    for (i, p) in cmp.pieces.iter().enumerate() {
        let class = cmp.class_of(p);
        let u = cmp.unified(p);
        let xzqdm = p.xzqdm.as_deref().unwrap_or_default().to_string();
        let mut row = vec![
            (i + 1).to_string(),
            class.code.clone(),
            class.name_zh.clone(),
            xzqdm.clone(),
        ];
        for k in 0..cmp.plan_names.len() {
            row.extend(side_values(cmp.side(p, k)));
        }
        row.extend(
            p.in_lines
                .iter()
                .map(|&inside| if inside { "1" } else { "0" }.to_string()),
        );
        row.push(u.category.clone());
        row.push(u.ydyh.clone().unwrap_or_default());
        row.push(u.code.clone().unwrap_or_default());
        row.push(u.decided_by.clone());
        row.push(if p.by_priority { "1" } else { "0" }.to_string());
        row.push(format_half_away(p.planar_m2, 4));
        row.push(format_half_away(p.ellipsoid_m2, 2));
        row.push(format_half_away(p.ellipsoid_ha, 4));
        csv.row(&row)?;
        if p.by_priority {
            ledger.row(&[
                (i + 1).to_string(),
                class.code.clone(),
                xzqdm,
                u.category,
                u.ydyh.unwrap_or_default(),
                u.decided_by,
                u.candidates.join("; "),
                format_half_away(p.ellipsoid_m2, 2),
                format_half_away(p.ellipsoid_ha, 4),
            ])?;
        }
    }
    csv.finish()?;
    ledger.finish()?;
    write_lonlat_features_with(
        &out.path().join("differences.geojson"),
        "differences",
        working,
        &cmp.pieces,
        |i, p| {
            cmp.class_of(p)
                .difference
                .then(|| (piece_props(cmp, i, p, true), &p.geometry))
        },
    )?;
    write_lonlat_features_with(
        &out.path().join("integrated.geojson"),
        "integrated",
        working,
        &cmp.pieces,
        |i, p| Some((piece_props(cmp, i, p, false), &p.geometry)),
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
    // The map: one layer per class, difference patches on top, each class in a colour of its
    // own (warm for difference patches, cool and pale for the others).
    const DIFFERENCE: [&str; 8] = [
        "#d32f2f", "#1976d2", "#f57c00", "#7b1fa2", "#c2185b", "#00838f", "#5d4037", "#afb42b",
    ];
    const OTHER: [&str; 4] = ["#9e9e9e", "#c5e1a5", "#b3e5fc", "#e0e0e0"];
    let mut order: Vec<&ClassInfo> = cmp.classes.iter().filter(|c| !c.difference).collect();
    order.extend(cmp.classes.iter().filter(|c| c.difference));
    let (mut warm, mut cool) = (0, 0);
    let layers: Vec<MapLayer> = order
        .iter()
        .map(|class| {
            let style = if class.difference {
                warm += 1;
                (DIFFERENCE[(warm - 1) % DIFFERENCE.len()].to_string(), 0.6)
            } else {
                cool += 1;
                (OTHER[(cool - 1) % OTHER.len()].to_string(), 0.45)
            };
            MapLayer {
                code: class.code.replace(['+', '_'], "-"),
                label: format!("{} {}", class.name_zh, class.code),
                geometries: cmp
                    .pieces
                    .iter()
                    .filter(|p| cmp.class_of(p).code == class.code)
                    .map(|p| &p.geometry)
                    .collect(),
                style: Some(style),
            }
        })
        .filter(|l| !l.geometries.is_empty())
        .collect();
    h.push_str(&sanxian_report::render_map(&layers));
    let table = |h: &mut String, title: &str, rows: &[ClassSummary]| {
        let _ = writeln!(h, "<h2>{}</h2>\n<table><tr><th>class</th><th>类别</th><th>处理建议</th><th>count</th><th>椭球面积 ellipsoid area (ha)</th><th>share</th></tr>", escape(title));
        for s in rows {
            let info = cmp.class(&s.class);
            let _ = writeln!(
                h,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}%</td></tr>",
                escape(&s.class),
                escape(&info.map(|c| c.name_zh.clone()).unwrap_or_default()),
                escape(&info.and_then(|c| c.resolution.clone()).unwrap_or_default()),
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
            "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td></tr>",
            escape(&p.plan),
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
                "<tr><td>{}</td><td>{}</td><td class=\"n\">{}</td></tr>",
                escape(&u.plan),
                escape(&u.code),
                u.features
            );
        }
        h.push_str("</table>\n");
    }
    let by_priority: Vec<(usize, &PlanPiece)> = cmp.decided_by_priority().collect();
    let _ = writeln!(
        h,
        "<h2>按优先级确定的图斑 Pieces decided by priority</h2>\n<p>优先级 priority: {}; {} pieces (listed in priority.csv{}).</p>",
        escape(&cmp.priority.join(" > ")),
        by_priority.len(),
        if by_priority.len() > 200 { "; the first 200 below" } else { "" }
    );
    if !by_priority.is_empty() {
        h.push_str("<table><tr><th>piece</th><th>class</th><th>unified</th><th>decided by</th><th>candidates</th><th>ellipsoid (m²)</th></tr>\n");
        for (i, p) in by_priority.iter().take(200) {
            let u = cmp.unified(p);
            let _ = writeln!(
                h,
                "<tr><td class=\"n\">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td></tr>",
                i + 1,
                escape(&cmp.class_of(p).code),
                escape(&format!(
                    "{}{}",
                    u.category,
                    u.ydyh.as_deref().map(|y| format!(" {y}")).unwrap_or_default()
                )),
                escape(&u.decided_by),
                escape(&u.candidates.join("; ")),
                format_half_away(p.ellipsoid_m2, 2)
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
