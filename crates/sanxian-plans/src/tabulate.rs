//! Overlay ledgers (`sanxian tabulate`): layers intersected (and other layers subtracted),
//! the official area of the pieces totalled by chosen fields of every layer and by county.
//! The bureau's everyday questions — 批而未供, construction on farmland, mining rights in the
//! red line, new farmland from consolidation — are each one tabulation.

use std::borrow::Cow;
use std::collections::BTreeMap;

use rayon::prelude::*;
use sanxian_area::{AreaCalculator, AreaFigures, AreaMethod};
use sanxian_types::geo_types::MultiPolygon;
use sanxian_types::{planar, FeatureId, Layer};
use serde::Serialize;

use crate::dissolve::{dissolve_by, DissolveReport};
use crate::error::field;
use crate::overlay::{overlay, How, OverlayLayer};
use crate::valid::Validated;
use crate::{Error, Result};

/// Pieces smaller than this (planar m²) are dropped as slivers of shared edges.
pub const MIN_PIECE_M2: f64 = 1e-4;

/// One layer of a tabulation and the fields to total by.
#[derive(Debug, Clone)]
pub struct TabulateLayer<'a> {
    /// The layer, in the working CRS.
    pub layer: &'a Layer,
    /// Fields whose values make the rows (none: the layer only restricts the ground).
    pub fields: Vec<String>,
}

/// The county a piece is totalled under.
#[derive(Debug, Clone, Copy)]
pub enum CountyBy<'a> {
    /// The `XZQDM` field of the first layer (in order) whose feature has one.
    Field,
    /// The polygons of an administrative layer: pieces cut by it, its field's value.
    Layer {
        /// The layer (XZQ).
        layer: &'a Layer,
        /// Its county code field (`XZQDM`).
        field: &'a str,
    },
}

/// One input as the tabulation used it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TabulatedInput {
    /// Layer name.
    pub layer: String,
    /// `intersection` (the first layer and every other layer given), `difference` (a
    /// `--minus` layer) or `county`.
    pub role: &'static str,
    /// The fields totalled by.
    pub fields: Vec<String>,
    /// Number of features.
    pub features: usize,
    /// Official area of the layer after its dissolve (each square metre once per value): for
    /// the first layer (the base of every share) and the `--minus` layers (what was taken
    /// away); `None` for the others, which only restrict the ground.
    pub ellipsoid: Option<AreaFigures>,
    /// Planar area after the dissolve, m².
    pub planar_m2: f64,
    /// What the dissolve did (intersection and county layers).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dissolve: Option<DissolveReport>,
}

/// One piece of a tabulation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TabulatedPiece {
    /// Per intersection layer (in order): the feature the piece lies in.
    pub features: Vec<FeatureId>,
    /// The values of the fields, layer by layer (the order of [`Tabulation::columns`]).
    pub values: Vec<String>,
    /// Its county code (empty when none is known).
    pub county: String,
    /// Planar area, m².
    pub planar_m2: f64,
    /// Official area.
    pub ellipsoid: AreaFigures,
    /// The piece in the working CRS.
    #[serde(serialize_with = "sanxian_overlay::serialize_geojson")]
    pub geometry: MultiPolygon<f64>,
}

/// One row of the cross-tab: the pieces of one county with one combination of values.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cell {
    /// County code.
    pub county: String,
    /// The values (the order of [`Tabulation::columns`]).
    pub values: Vec<String>,
    /// Number of pieces.
    pub pieces: usize,
    /// Planar area, m².
    pub planar_m2: f64,
    /// Official area.
    pub ellipsoid: AreaFigures,
    /// Share of the official area of the first layer (after its dissolve).
    pub share_of_first: f64,
}

/// Result of [`tabulate`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Tabulation {
    /// Every input, with its area.
    pub inputs: Vec<TabulatedInput>,
    /// The value columns, `LAYER.FIELD`.
    pub columns: Vec<String>,
    /// Every piece, in overlay order.
    pub pieces: Vec<TabulatedPiece>,
    /// The cross-tab, sorted by county then values.
    pub cells: Vec<Cell>,
    /// Per county: the total (合计) of its cells.
    pub county_totals: BTreeMap<String, Cell>,
    /// The total of every cell.
    pub total: Cell,
    /// Invalid features of the inputs, repaired before the overlay.
    pub repaired: Vec<String>,
    /// Features that could not be repaired, left out.
    pub left_out: Vec<String>,
    /// What could not be computed, naming the features.
    pub not_computable: Vec<String>,
}

fn text(layer: &Layer, k: usize, f: usize) -> String {
    layer.features[k]
        .attributes
        .get(f)
        .map(|v| v.to_string().trim().to_string())
        .unwrap_or_default()
}

fn add(cell: &mut Cell, planar_m2: f64, ellipsoid_m2: f64) {
    cell.pieces += 1;
    cell.planar_m2 += planar_m2;
    cell.ellipsoid.m2 += ellipsoid_m2;
}

fn finish(cell: &mut Cell, first_m2: f64) {
    cell.ellipsoid = AreaFigures::from_m2(0.0 + cell.ellipsoid.m2);
    cell.planar_m2 += 0.0;
    cell.share_of_first = if first_m2 > 0.0 {
        cell.ellipsoid.m2 / first_m2
    } else {
        0.0
    };
}

fn empty_cell(county: String, values: Vec<String>) -> Cell {
    Cell {
        county,
        values,
        pieces: 0,
        planar_m2: 0.0,
        ellipsoid: AreaFigures::from_m2(0.0),
        share_of_first: 0.0,
    }
}

/// Overlays `layers` (intersection), subtracts `minus`, cuts by the county layer, and totals
/// the official ellipsoid area of the pieces by the fields of every layer and by county.
///
/// Each intersection layer is first dissolved by its fields' values ([`dissolve_by`]), so that
/// where its features with the same values overlap, no ground counts twice; overlaps between
/// features with different values are listed in the input's dissolve report (that ground
/// counts under both values, as it is of both). All layers must be in one projected working
/// CRS.
///
/// # Errors
/// No layer, a missing field, no CRS, CRS problems of the overlay, an unsupported CRS for the
/// ellipsoid area.
pub fn tabulate<'a>(
    layers: &[TabulateLayer<'a>],
    minus: &[&'a Layer],
    county: CountyBy<'a>,
) -> Result<Tabulation> {
    let first = layers.first().ok_or(Error::NoLayers)?;
    let crs = first.layer.crs.ok_or_else(|| Error::NoCrs {
        layer: first.layer.name.clone(),
    })?;
    let calc = AreaCalculator::new(crs, AreaMethod::Ellipsoid)?;
    let field_ix: Vec<Vec<usize>> = layers
        .iter()
        .map(|l| l.fields.iter().map(|f| field(l.layer, f)).collect())
        .collect::<Result<_>>()?;
    let county_field = match county {
        CountyBy::Field => None,
        CountyBy::Layer { layer, field: f } => Some((layer, field(layer, f)?)),
    };
    let xzq_ix: Vec<Option<usize>> = layers
        .iter()
        .map(|l| l.layer.field_index("XZQDM"))
        .collect();

    // Every layer made valid once: pieces, rests and the layers' own areas use the same
    // geometry.
    let mut validated = Validated::default();
    let valid_layers: Vec<Cow<'a, Layer>> =
        layers.iter().map(|l| validated.layer(l.layer)).collect();
    let valid_minus: Vec<Cow<'a, Layer>> = minus.iter().map(|l| validated.layer(l)).collect();
    let valid_county: Option<(Cow<'a, Layer>, usize)> =
        county_field.map(|(layer, ix)| (validated.layer(layer), ix));
    // Dissolve every layer whose pieces are kept inside it.
    let mut dissolved = Vec::new();
    for (l, ix) in valid_layers.iter().zip(&field_ix) {
        let key = |f: &sanxian_types::Feature| -> Vec<String> {
            ix.iter()
                .map(|&i| {
                    f.attributes
                        .get(i)
                        .map(|v| v.to_string().trim().to_string())
                        .unwrap_or_default()
                })
                .collect()
        };
        dissolved.push(dissolve_by(l.as_ref(), key, MIN_PIECE_M2)?);
    }
    let county_dissolved = match &valid_county {
        Some((layer, ix)) => Some(dissolve_by(
            layer.as_ref(),
            |f: &sanxian_types::Feature| {
                f.attributes
                    .get(*ix)
                    .map(|v| v.to_string().trim().to_string())
                    .unwrap_or_default()
            },
            MIN_PIECE_M2,
        )?),
        None => None,
    };
    let mut inputs: Vec<OverlayLayer<'_>> = dissolved
        .iter()
        .map(|d| OverlayLayer {
            layer: d.layer.as_ref(),
            how: How::Intersection,
            known_overlaps: Some(d.report.different_key_pairs.clone()),
        })
        .collect();
    inputs.extend(
        valid_minus
            .iter()
            .map(|l| OverlayLayer::new(l.as_ref(), How::Difference)),
    );
    if let Some(d) = &county_dissolved {
        inputs.push(OverlayLayer {
            layer: d.layer.as_ref(),
            how: How::Identity,
            known_overlaps: Some(d.report.different_key_pairs.clone()),
        });
    }
    let ov = overlay(&inputs, MIN_PIECE_M2)?;
    let mut not_computable = ov.not_computable.clone();

    let area_of = |layer: &Layer, official: bool| -> Result<(Option<f64>, f64)> {
        let p: f64 = layer
            .features
            .iter()
            .map(|f| planar::multipolygon_area(&f.geometry))
            .sum();
        if !official {
            return Ok((None, p));
        }
        let e: Vec<std::result::Result<f64, sanxian_area::Error>> = layer
            .features
            .par_iter()
            .map(|f| calc.multipolygon_area_m2(&f.geometry))
            .collect();
        let mut sum = 0.0;
        for a in e {
            sum += a?;
        }
        Ok((Some(sum), p))
    };
    let mut described = Vec::new();
    for (k, (l, d)) in layers.iter().zip(&dissolved).enumerate() {
        let (e, p) = area_of(d.layer.as_ref(), k == 0)?;
        not_computable.extend(d.report.not_computable.iter().cloned());
        described.push(TabulatedInput {
            layer: l.layer.name.clone(),
            role: "intersection",
            fields: l.fields.clone(),
            features: l.layer.features.len(),
            ellipsoid: e.map(AreaFigures::from_m2),
            planar_m2: p,
            dissolve: Some(d.report.clone()),
        });
    }
    for l in &valid_minus {
        let (e, p) = area_of(l.as_ref(), true)?;
        described.push(TabulatedInput {
            layer: l.name.clone(),
            role: "difference",
            fields: Vec::new(),
            features: l.features.len(),
            ellipsoid: e.map(AreaFigures::from_m2),
            planar_m2: p,
            dissolve: None,
        });
    }
    if let (Some(d), Some((layer, ix))) = (&county_dissolved, county_field) {
        let (e, p) = area_of(d.layer.as_ref(), false)?;
        not_computable.extend(d.report.not_computable.iter().cloned());
        described.push(TabulatedInput {
            layer: layer.name.clone(),
            role: "county",
            fields: vec![layer.fields[ix].name.clone()],
            features: layer.features.len(),
            ellipsoid: e.map(AreaFigures::from_m2),
            planar_m2: p,
            dissolve: Some(d.report.clone()),
        });
    }
    let first_m2 = described[0].ellipsoid.map_or(0.0, |a| a.m2);
    let columns: Vec<String> = layers
        .iter()
        .flat_map(|l| l.fields.iter().map(|f| format!("{}.{f}", l.layer.name)))
        .collect();

    let areas: Vec<std::result::Result<f64, sanxian_area::Error>> = ov
        .pieces
        .par_iter()
        .map(|p| calc.multipolygon_area_m2(&p.geometry))
        .collect();
    let n = layers.len();
    let county_pos = inputs.len() - 1;
    let mut pieces = Vec::with_capacity(ov.pieces.len());
    for (p, area) in ov.pieces.into_iter().zip(areas) {
        // An intersection piece lies in every layer; one that does not is reported, not used.
        let Some(at) = (0..n).map(|k| p.sources[k]).collect::<Option<Vec<usize>>>() else {
            not_computable.push(format!(
                "a piece of {} m² outside one of the intersected layers",
                p.planar_m2
            ));
            continue;
        };
        let values: Vec<String> = (0..n)
            .flat_map(|k| {
                let (layer, j) = (layers[k].layer, at[k]);
                field_ix[k].iter().map(move |&f| text(layer, j, f))
            })
            .collect();
        let county_code = match county_field {
            Some((layer, ix)) => p.sources[county_pos]
                .map(|j| text(layer, j, ix))
                .unwrap_or_default(),
            None => (0..n)
                .filter_map(|k| xzq_ix[k].map(|f| text(layers[k].layer, at[k], f)))
                .find(|x| !x.is_empty())
                .unwrap_or_default(),
        };
        pieces.push(TabulatedPiece {
            features: (0..n)
                .map(|k| layers[k].layer.features[at[k]].id.clone())
                .collect(),
            values,
            county: county_code,
            planar_m2: p.planar_m2,
            ellipsoid: AreaFigures::from_m2(area?),
            geometry: p.geometry,
        });
    }
    // Fixed summation order: the pieces in overlay order, into sorted cells.
    let mut cells: BTreeMap<(String, Vec<String>), Cell> = BTreeMap::new();
    let mut county_totals: BTreeMap<String, Cell> = BTreeMap::new();
    let mut total = empty_cell(String::new(), Vec::new());
    for p in &pieces {
        let key = (p.county.clone(), p.values.clone());
        let cell = cells
            .entry(key)
            .or_insert_with(|| empty_cell(p.county.clone(), p.values.clone()));
        add(cell, p.planar_m2, p.ellipsoid.m2);
        add(
            county_totals
                .entry(p.county.clone())
                .or_insert_with(|| empty_cell(p.county.clone(), Vec::new())),
            p.planar_m2,
            p.ellipsoid.m2,
        );
        add(&mut total, p.planar_m2, p.ellipsoid.m2);
    }
    let mut cells: Vec<Cell> = cells.into_values().collect();
    for c in &mut cells {
        finish(c, first_m2);
    }
    for c in county_totals.values_mut() {
        finish(c, first_m2);
    }
    finish(&mut total, first_m2);
    Ok(Tabulation {
        inputs: described,
        columns,
        pieces,
        cells,
        county_totals,
        total,
        repaired: validated.repaired,
        left_out: validated.left_out,
        not_computable,
    })
}
