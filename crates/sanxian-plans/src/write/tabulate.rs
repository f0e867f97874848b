//! `tabulation.csv`, `tabulation.json`, `pieces.geojson` and `summary.json` of
//! `sanxian tabulate`.

use std::path::Path;

use sanxian_area::format_half_away;
use sanxian_io::geojson::write_lonlat_features;
use sanxian_io::inspect::InputSummary;
use sanxian_io::ledger::Ledger;
use sanxian_io::output::OutputDir;
use sanxian_types::Crs;

use super::{figures_text, id_text, summary_with, write_json};
use crate::tabulate::{Cell, Tabulation};
use crate::Result;

/// The total row's label (合计).
pub const TOTAL: &str = "合计";

/// The tabulation as `summary.json` and `--json` give it (without the pieces).
pub fn tabulation_json(
    t: &Tabulation,
    inputs: &[InputSummary],
    working: &Crs,
) -> serde_json::Value {
    summary_with(
        inputs,
        working,
        serde_json::json!({
            "layers": t.inputs,
            "columns": t.columns,
            "pieces": t.pieces.len(),
            "cells": t.cells,
            "county_totals": t.county_totals,
            "total": t.total,
            "repaired": t.repaired,
            "left_out": t.left_out,
            "not_computable": t.not_computable,
        }),
    )
}

fn row(county: &str, values: &[String], c: &Cell) -> Vec<String> {
    let mut r = vec![county.to_string()];
    r.extend(values.iter().cloned());
    r.push(c.pieces.to_string());
    r.extend(figures_text(c.ellipsoid.m2));
    r.push(format_half_away(c.planar_m2, 4));
    r.push(format_half_away(c.share_of_first * 100.0, 4));
    r
}

/// Writes a tabulation into `dir`: the cross-tab as CSV (a 合计 row per county and one for
/// all), everything as JSON, the pieces as GeoJSON.
///
/// # Errors
/// `dir` is not sanxian's, another run holds it, or a file cannot be written.
pub fn write_tabulation(
    dir: &Path,
    t: &Tabulation,
    inputs: &[InputSummary],
    working: &Crs,
) -> Result<()> {
    let out = OutputDir::create(dir, "tabulate")?;
    let mut header = vec!["XZQDM".to_string()];
    header.extend(t.columns.iter().cloned());
    header.extend(
        [
            "pieces",
            "ellipsoid_m2",
            "ellipsoid_ha",
            "ellipsoid_mu",
            "planar_m2",
            "share_of_first_pct",
        ]
        .map(String::from),
    );
    let mut csv = Ledger::create(
        &out.path().join("tabulation.csv"),
        "汇总 tabulation",
        &header,
    )?;
    let blank = |label: &str| -> Vec<String> {
        let mut v = vec![String::new(); t.columns.len()];
        if let Some(first) = v.first_mut() {
            *first = label.to_string();
        }
        v
    };
    let mut i = 0;
    while i < t.cells.len() {
        let county = &t.cells[i].county;
        while i < t.cells.len() && &t.cells[i].county == county {
            csv.row(&row(county, &t.cells[i].values, &t.cells[i]))?;
            i += 1;
        }
        // A county's 合计, unless there are no counties (the total row says it all).
        let only_blank = t.county_totals.len() == 1 && county.is_empty();
        if let Some(total) = t.county_totals.get(county).filter(|_| !only_blank) {
            csv.row(&row(county, &blank(TOTAL), total))?;
        }
    }
    csv.row(&row(TOTAL, &blank(""), &t.total))?;
    csv.finish()?;
    let features: Vec<(
        serde_json::Value,
        &sanxian_types::geo_types::MultiPolygon<f64>,
    )> = t
        .pieces
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let mut props = serde_json::Map::new();
            props.insert("piece".into(), (i + 1).into());
            props.insert("XZQDM".into(), p.county.clone().into());
            for (col, v) in t.columns.iter().zip(&p.values) {
                props.insert(col.clone(), v.clone().into());
            }
            for (input, f) in t.inputs.iter().zip(&p.features) {
                props.insert(format!("feature_{}", input.layer), id_text(f).into());
            }
            props.insert("planar_m2".into(), p.planar_m2.into());
            props.insert("ellipsoid_m2".into(), p.ellipsoid.m2.into());
            props.insert("ellipsoid_ha".into(), p.ellipsoid.ha.into());
            props.insert("ellipsoid_mu".into(), p.ellipsoid.mu.into());
            (serde_json::Value::Object(props), &p.geometry)
        })
        .collect();
    write_lonlat_features(
        &out.path().join("pieces.geojson"),
        "pieces",
        working,
        features,
    )?;
    let json = tabulation_json(t, inputs, working);
    write_json(&out.path().join("summary.json"), &json)?;
    write_json(
        &out.path().join("tabulation.json"),
        &serde_json::json!({
            "columns": t.columns,
            "cells": t.cells,
            "county_totals": t.county_totals,
            "total": t.total,
        }),
    )?;
    out.commit()?;
    Ok(())
}
