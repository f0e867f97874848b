//! `occupancy.csv`, `occupancy.json` and `pieces.geojson` of `sanxian occupy`.

use std::path::Path;

use sanxian_area::AreaFigures;
use sanxian_io::geojson::write_lonlat_features;
use sanxian_io::inspect::InputSummary;
use sanxian_io::ledger::Ledger;
use sanxian_io::output::OutputDir;
use sanxian_types::Crs;

use super::{figures_text, id_text, summary_with, write_json};
use crate::occupy::{LandGroup, Occupancy};
use crate::Result;

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

/// Writes an occupancy into `dir`: a CSV row per parcel (m², ha, 亩 of every line, group and
/// 耕地 subclass) and a total row, the whole result as JSON, and every piece as GeoJSON.
///
/// # Errors
/// `dir` is not sanxian's, another run holds it, or a file cannot be written.
pub fn write_occupancy(
    dir: &Path,
    occ: &Occupancy,
    inputs: &[InputSummary],
    working: &Crs,
    has_survey: bool,
) -> Result<()> {
    let out = OutputDir::create(dir, "occupy")?;
    let line_codes: Vec<String> = occ.line_totals.keys().cloned().collect();
    let groups: &[LandGroup] = if has_survey { &GROUPS } else { &[] };
    let units = ["m2", "ha", "mu"];
    let mut header: Vec<String> = ["parcel", "bsm"].map(String::from).to_vec();
    header.extend(units.iter().map(|u| format!("ellipsoid_{u}")));
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
    header.push("self_overlap_m2".into());
    header.push("clear".into());
    let mut csv = Ledger::create(&out.path().join("occupancy.csv"), "压占 occupancy", &header)?;
    let fig = |a: Option<&AreaFigures>| figures_text(a.map(|a| a.m2).unwrap_or(0.0));
    for p in &occ.parcels {
        let mut row = vec![id_text(&p.parcel), p.parcel.bsm.clone().unwrap_or_default()];
        row.extend(fig(Some(&p.ellipsoid)));
        for c in &line_codes {
            row.extend(fig(p.lines.get(c)));
        }
        for g in groups {
            row.extend(fig(p.groups.get(g)));
        }
        for c in subclasses {
            row.extend(fig(p.cultivated.get(*c)));
        }
        let twice: f64 = p.self_overlap.values().map(|a| a.m2).sum();
        row.push(sanxian_area::format_half_away(twice, 2));
        row.push(if p.clear { "1" } else { "0" }.into());
        csv.row(&row)?;
    }
    let mut total = vec!["TOTAL".to_string(), String::new()];
    total.extend(fig(Some(&AreaFigures::from_m2(
        occ.parcels.iter().map(|p| p.ellipsoid.m2).sum(),
    ))));
    for c in &line_codes {
        total.extend(fig(occ.line_totals.get(c)));
    }
    for g in groups {
        total.extend(fig(occ.group_totals.get(g)));
    }
    for c in subclasses {
        total.extend(fig(occ.cultivated_totals.get(*c)));
    }
    let twice: f64 = occ
        .parcels
        .iter()
        .flat_map(|p| p.self_overlap.values())
        .map(|a| a.m2)
        .sum();
    total.push(sanxian_area::format_half_away(twice, 2));
    total.push(occ.clear.len().to_string());
    csv.row(&total)?;
    csv.finish()?;

    let json = summary_with(
        inputs,
        working,
        serde_json::json!({
            "occupancy": occ,
        }),
    );
    write_json(&out.path().join("occupancy.json"), &json)?;
    let pieces = occ.pieces.iter().map(|p| {
        let props = serde_json::json!({
            "parcel": id_text(&p.parcel),
            "parcel_bsm": p.parcel.bsm,
            "layer": p.layer,
            "feature": id_text(&p.feature),
            "feature_bsm": p.feature.bsm,
            "dlbm": p.dlbm,
            "group": p.group.map(|g| g.code()),
            "planar_m2": p.planar_m2,
            "ellipsoid_m2": p.ellipsoid.m2,
            "ellipsoid_ha": p.ellipsoid.ha,
            "ellipsoid_mu": p.ellipsoid.mu,
        });
        (props, &p.geometry)
    });
    write_lonlat_features(
        &out.path().join("pieces.geojson"),
        "pieces",
        working,
        pieces,
    )?;
    out.commit()?;
    Ok(())
}
