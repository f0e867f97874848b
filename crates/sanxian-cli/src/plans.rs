//! `sanxian compare-plans` and `sanxian occupy`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use sanxian::area::format_half_away;
use sanxian::compare::{PieceClass, PieceSide, PlanComparison, PlanMapping};
use sanxian::io::csv::CsvWriter;
use sanxian::io::geojson::write_lonlat_features;
use sanxian::io::reproject::{transform_layer, working_crs};
use sanxian::io::ReadOptions;
use sanxian::occupy::{LandGroup, Occupancy};
use sanxian::types::{Crs, Layer};

use crate::InputArgs;

/// Reads the control-line layers named by files or folders (of a folder, only the control
/// lines: STBHHX, YJJBNTBHTB, CZKFBJ).
fn read_lines(paths: &[PathBuf], options: &ReadOptions) -> anyhow::Result<Vec<Layer>> {
    let mut out = Vec::new();
    let options = ReadOptions {
        kind: None,
        ..options.clone()
    };
    for p in paths {
        if p.is_dir() {
            let layers = sanxian::io::read_path(p, &options)
                .with_context(|| format!("cannot read {}", p.display()))?;
            out.extend(layers.into_iter().filter(|l| l.kind.is_control_line()));
        } else {
            out.push(
                sanxian::io::read_layer(p, &options)
                    .with_context(|| format!("cannot read {}", p.display()))?,
            );
        }
    }
    Ok(out)
}

/// Transforms every layer into the working CRS of all of them.
fn to_working(layers: Vec<Layer>) -> anyhow::Result<(Crs, Vec<Layer>)> {
    let refs: Vec<&Layer> = layers.iter().collect();
    let working = working_crs(&refs)?;
    let layers = layers
        .iter()
        .map(|l| transform_layer(l, &working))
        .collect::<Result<_, _>>()?;
    Ok((working, layers))
}

fn create_dir(out: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))
}

fn write_file(path: &Path, text: &str) -> anyhow::Result<()> {
    std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))
}

pub struct CompareArgs<'a> {
    pub plan_a: &'a Path,
    pub class_a: &'a str,
    pub plan_b: &'a Path,
    pub class_b: &'a str,
    pub mapping: &'a Path,
    pub lines: &'a [PathBuf],
    pub out: &'a Path,
    pub input: &'a InputArgs,
    pub json: bool,
}

pub fn compare(args: CompareArgs<'_>) -> anyhow::Result<ExitCode> {
    let options = args.input.read_options()?;
    let mapping = PlanMapping::from_path(args.mapping)?;
    let read = |p: &Path| {
        sanxian::io::read_layer(p, &options).with_context(|| format!("cannot read {}", p.display()))
    };
    let mut layers = vec![read(args.plan_a)?, read(args.plan_b)?];
    layers.extend(read_lines(args.lines, &options)?);
    let (working, layers) = to_working(layers)?;
    let lines: Vec<&Layer> = layers[2..].iter().collect();
    let cmp = sanxian::compare_plans(
        &layers[0],
        args.class_a,
        &layers[1],
        args.class_b,
        &mapping,
        &lines,
    )?;
    create_dir(args.out)?;
    write_compare(args.out, &cmp, &working)?;
    if args.json {
        println!("{}", serde_json::to_string(&summary_json(&cmp, &working))?);
    } else {
        for s in &cmp.summary {
            println!(
                "{:<18} {:>6} pieces {:>14} ha {:>7}%",
                s.class.code(),
                s.count,
                format_half_away(s.area_ha, 4),
                format_half_away(s.share * 100.0, 2)
            );
        }
        for u in &cmp.unmapped {
            println!(
                "unmapped code of plan {:?}: '{}' ({} features)",
                u.plan, u.code, u.features
            );
        }
        println!(
            "written to {}/differences.geojson, pieces.csv, summary.json, summary.html",
            args.out.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn summary_json(cmp: &PlanComparison, working: &Crs) -> serde_json::Value {
    serde_json::json!({
        "working_crs": working.to_string(),
        "pieces": cmp.pieces.len(),
        "summary": cmp.summary,
        "by_county": cmp.by_county,
        "unmapped": cmp.unmapped,
        "control_lines": cmp.control_lines,
    })
}

/// Flat GeoJSON properties of one side (`code_a`, `category_a` …), for desktop GIS.
fn side_props(
    props: &mut serde_json::Map<String, serde_json::Value>,
    s: Option<&PieceSide>,
    plan: &str,
) {
    let v = |x: Option<String>| x.map_or(serde_json::Value::Null, serde_json::Value::String);
    props.insert(
        format!("feature_{plan}"),
        v(s.map(|s| format!("{}#{}", s.feature.source, s.feature.record))),
    );
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

fn write_compare(out: &Path, cmp: &PlanComparison, working: &Crs) -> anyhow::Result<()> {
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
    header.extend(cmp.control_lines.iter().map(|c| format!("touches_{c}")));
    header.extend(["planar_m2", "area_m2", "area_ha"].map(String::from));
    let mut csv = CsvWriter::create(&out.join("pieces.csv"), &header)?;
    let mut differences = Vec::new();
    for (i, p) in cmp.pieces.iter().enumerate() {
        let side = |s: Option<&PieceSide>| -> [String; 5] {
            match s {
                Some(s) => [
                    format!("{}#{}", s.feature.source, s.feature.record),
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
            if p.touches.get(c).copied().unwrap_or(false) {
                "1".to_string()
            } else {
                "0".to_string()
            }
        }));
        row.push(format_half_away(p.planar_m2, 4));
        row.push(format_half_away(p.area_m2, 2));
        row.push(format_half_away(p.area_ha, 4));
        csv.row(&row)?;
        if p.class.is_difference() {
            let mut props = serde_json::Map::new();
            props.insert("piece".into(), (i + 1).into());
            props.insert("class".into(), p.class.code().into());
            props.insert("xzqdm".into(), p.xzqdm.clone().into());
            side_props(&mut props, p.a.as_ref(), "a");
            side_props(&mut props, p.b.as_ref(), "b");
            for (code, hit) in &p.touches {
                props.insert(format!("touches_{code}"), (*hit).into());
            }
            props.insert("area_m2".into(), p.area_m2.into());
            props.insert("area_ha".into(), p.area_ha.into());
            differences.push((serde_json::Value::Object(props), &p.geometry));
        }
    }
    csv.finish()?;
    write_lonlat_features(
        &out.join("differences.geojson"),
        "differences",
        working,
        differences,
    )?;
    let summary = summary_json(cmp, working);
    write_file(
        &out.join("summary.json"),
        &(serde_json::to_string_pretty(&summary)? + "\n"),
    )?;
    write_file(&out.join("summary.html"), &summary_html(cmp, working))?;
    Ok(())
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn class_zh(c: PieceClass) -> &'static str {
    match c {
        PieceClass::BothConstruction => "两规均为建设用地",
        PieceClass::OnlyA => "仅规划A为建设用地（差异图斑）",
        PieceClass::OnlyB => "仅规划B为建设用地（差异图斑）",
        PieceClass::Neither => "两规均非建设用地",
        PieceClass::Unmapped => "未映射用地代码",
    }
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
            sanxian::compare::PieceClass::Neither,
            "neither",
            "两规划均非建设 non-construction in both",
        ),
        (
            sanxian::compare::PieceClass::BothConstruction,
            "both",
            "两规划均为建设 construction in both",
        ),
        (
            sanxian::compare::PieceClass::OnlyA,
            "only-a",
            "仅A为建设 construction in A only",
        ),
        (
            sanxian::compare::PieceClass::OnlyB,
            "only-b",
            "仅B为建设 construction in B only",
        ),
    ];
    let layers: Vec<sanxian::report::MapLayer> = classes
        .iter()
        .map(|(class, code, label)| sanxian::report::MapLayer {
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
    h.push_str(&sanxian::report::render_map(&layers));
    let table = |h: &mut String, title: &str, rows: &[sanxian::compare::ClassSummary]| {
        let _ = writeln!(h, "<h2>{}</h2>\n<table><tr><th>class</th><th>类别</th><th>count</th><th>area (ha)</th><th>share</th></tr>", escape(title));
        for s in rows {
            let _ = writeln!(
                h,
                "<tr><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}%</td></tr>",
                s.class.code(),
                class_zh(s.class),
                s.count,
                format_half_away(s.area_ha, 4),
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
    h.push_str("</body></html>\n");
    h
}

pub struct OccupyArgs<'a> {
    pub parcels: &'a Path,
    pub lines: &'a [PathBuf],
    pub survey: Option<&'a Path>,
    pub dlbm: &'a str,
    pub out: &'a Path,
    pub input: &'a InputArgs,
    pub json: bool,
}

const GROUPS: [LandGroup; 5] = [
    LandGroup::Cultivated,
    LandGroup::OtherAgricultural,
    LandGroup::Construction,
    LandGroup::Unused,
    LandGroup::Unknown,
];

/// The 耕地 subclasses of the third survey, one column each in occupancy.csv (other 01xx codes
/// count in the cultivated total only).
const CULTIVATED: [&str; 3] = ["0101", "0102", "0103"];

pub fn occupy(args: OccupyArgs<'_>) -> anyhow::Result<ExitCode> {
    let options = args.input.read_options()?;
    let read = |p: &Path| {
        sanxian::io::read_layer(p, &options).with_context(|| format!("cannot read {}", p.display()))
    };
    let mut layers = vec![read(args.parcels)?];
    let has_survey = args.survey.is_some();
    if let Some(s) = args.survey {
        let survey_options = ReadOptions {
            kind: None,
            ..options.clone()
        };
        layers.push(
            sanxian::io::read_layer(s, &survey_options)
                .with_context(|| format!("cannot read {}", s.display()))?,
        );
    }
    layers.extend(read_lines(args.lines, &options)?);
    let (working, layers) = to_working(layers)?;
    let first_line = if has_survey { 2 } else { 1 };
    let lines: Vec<&Layer> = layers[first_line..].iter().collect();
    let survey = has_survey.then(|| (&layers[1], args.dlbm));
    let occ = sanxian::occupy(&layers[0], &lines, survey)?;
    create_dir(args.out)?;
    write_occupancy(args.out, &occ, &working, has_survey)?;
    if args.json {
        println!("{}", serde_json::to_string(&occ)?);
    } else {
        for p in &occ.parcels {
            let mut parts: Vec<String> = p
                .lines
                .iter()
                .map(|(k, a)| format!("{k} {} m²", format_half_away(a.m2, 2)))
                .collect();
            parts.extend(
                p.groups
                    .iter()
                    .map(|(k, a)| format!("{} {} m²", k.name_zh(), format_half_away(a.m2, 2))),
            );
            let detail = if p.clear {
                " — clear".to_string()
            } else {
                format!("; {}", parts.join(", "))
            };
            println!(
                "{}: {} m²{detail}",
                p.parcel,
                format_half_away(p.area.m2, 2)
            );
        }
        println!(
            "written to {}/occupancy.csv, occupancy.json, pieces.geojson",
            args.out.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn write_occupancy(
    out: &Path,
    occ: &Occupancy,
    working: &Crs,
    has_survey: bool,
) -> anyhow::Result<()> {
    let line_codes: Vec<String> = occ.line_totals.keys().cloned().collect();
    let groups: &[LandGroup] = if has_survey { &GROUPS } else { &[] };
    let mut header: Vec<String> = ["parcel", "bsm", "area_m2", "area_ha", "area_mu"]
        .map(String::from)
        .to_vec();
    let units = ["m2", "ha", "mu"];
    for c in &line_codes {
        header.extend(units.iter().map(|u| format!("{c}_{u}")));
    }
    for g in groups {
        header.extend(units.iter().map(|u| format!("{}_{u}", g.code())));
    }
    let subclasses: &[&str] = if has_survey { &CULTIVATED } else { &[] };
    for c in subclasses {
        header.extend(units.iter().map(|u| format!("cultivated_{c}_{u}")));
    }
    header.push("clear".into());
    let mut csv = CsvWriter::create(&out.join("occupancy.csv"), &header)?;
    let fig = |a: Option<&sanxian::rules::finding::AreaFigures>| -> [String; 3] {
        let (m2, ha, mu) = a.map(|a| (a.m2, a.ha, a.mu)).unwrap_or((0.0, 0.0, 0.0));
        [
            format_half_away(m2, 2),
            format_half_away(ha, 4),
            format_half_away(mu, 2),
        ]
    };
    for p in &occ.parcels {
        let mut row = vec![
            format!("{}#{}", p.parcel.source, p.parcel.record),
            p.parcel.bsm.clone().unwrap_or_default(),
        ];
        row.extend(fig(Some(&p.area)));
        for c in &line_codes {
            row.extend(fig(p.lines.get(c)));
        }
        for g in groups {
            row.extend(fig(p.groups.get(g)));
        }
        for c in subclasses {
            row.extend(fig(p.cultivated.get(*c)));
        }
        row.push(if p.clear { "1" } else { "0" }.into());
        csv.row(&row)?;
    }
    let mut total = vec!["TOTAL".to_string(), String::new()];
    total.extend(["", "", ""].map(String::from));
    for c in &line_codes {
        total.extend(fig(occ.line_totals.get(c)));
    }
    for g in groups {
        total.extend(fig(occ.group_totals.get(g)));
    }
    for c in subclasses {
        total.extend(fig(occ.cultivated_totals.get(*c)));
    }
    total.push(occ.clear.len().to_string());
    csv.row(&total)?;
    csv.finish()?;

    write_file(
        &out.join("occupancy.json"),
        &(serde_json::to_string_pretty(occ)? + "\n"),
    )?;
    let pieces = occ.pieces.iter().map(|p| {
        let props = serde_json::json!({
            "parcel": format!("{}#{}", p.parcel.source, p.parcel.record),
            "parcel_bsm": p.parcel.bsm,
            "layer": p.layer,
            "feature": format!("{}#{}", p.feature.source, p.feature.record),
            "feature_bsm": p.feature.bsm,
            "dlbm": p.dlbm,
            "group": p.group.map(|g| g.code()),
            "area_m2": p.area.m2,
            "area_ha": p.area.ha,
            "area_mu": p.area.mu,
        });
        (props, &p.geometry)
    });
    write_lonlat_features(&out.join("pieces.geojson"), "pieces", working, pieces)?;
    Ok(())
}
