//! Coordinates checked against the CRS they claim, once per layer after reading.
//!
//! A `.prj` that contradicts its coordinates (longitudes under a Gauss-Krüger `.prj`, zone-39
//! eastings under a lon/lat one) would turn into coordinates like −7e187 and NaN areas further
//! on; a record with a vertex at 1e308 would overflow every area. So before anything is computed:
//!
//! - a record with a vertex outside the domain of the layer's CRS (beyond ±180°/±90° for
//!   lon/lat; more than [`MAX_OFFSET_M`] from the central meridian, or beyond the pole, for a
//!   Gauss-Krüger zone) is taken out of the layer and reported with the vertex and the reason;
//! - when most records are outside, the CRS is wrong, not the records: the layer is refused with
//!   an error that says what the coordinates look like.

use sanxian_types::geo_types::Coord;
use sanxian_types::{Crs, Diagnostic, Layer, Severity};

use crate::{Error, Result};

/// Farthest a projected vertex may lie from the central meridian: 1000 km, the limit of the
/// official area computation (far beyond any 3° or 6° zone, ±340 km in China).
pub const MAX_OFFSET_M: f64 = 1_000_000.0;

/// Why `c` cannot be a coordinate of `crs`, if it cannot.
fn outside(c: Coord<f64>, crs: &Crs) -> Option<String> {
    match crs {
        Crs::Geographic { .. } => (!(-180.0..=180.0).contains(&c.x)
            || !(-90.0..=90.0).contains(&c.y))
        .then(|| format!("({}, {}) is not a longitude/latitude", c.x, c.y)),
        Crs::GaussKruger { zone, .. } => {
            let off = c.x - zone.false_easting;
            let north = c.y - zone.false_northing;
            (off.abs() > MAX_OFFSET_M || north.abs() > 10_002_000.0).then(|| {
                format!(
                    "({}, {}) lies {:.0} km from the central meridian {}°E of the CRS (at most {:.0} km)",
                    c.x,
                    c.y,
                    off.abs() / 1000.0,
                    zone.central_meridian,
                    MAX_OFFSET_M / 1000.0
                )
            })
        }
    }
}

/// What the coordinates of a refused layer look like, to say which CRS they are in.
fn looks_like(x: f64, y: f64) -> &'static str {
    if (-180.0..=180.0).contains(&x) && (-90.0..=90.0).contains(&y) {
        "longitudes/latitudes (state --crs EPSG:4490)"
    } else if (1.0e7..1.0e8).contains(&x) {
        "Gauss-Krüger eastings with a zone prefix (the first two digits are the zone)"
    } else if (0.0..1.0e6).contains(&x) && y.abs() < 1.0e7 {
        "projected metres without a zone prefix (a CM variant of the zone, or UTM)"
    } else {
        "no CRS sanxian knows"
    }
}

/// Checks every vertex of `layer` against its CRS ([module documentation](self)).
///
/// # Errors
/// [`Error::Format`] when most records lie outside the CRS's domain: the CRS is wrong.
pub fn check_domain(layer: &mut Layer) -> Result<()> {
    let Some(crs) = layer.crs else {
        return Ok(());
    };
    let mut bad: Vec<(usize, String)> = Vec::new();
    for (i, f) in layer.features.iter().enumerate() {
        let why = f
            .geometry
            .0
            .iter()
            .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()))
            .flat_map(|r| r.0.iter())
            .find_map(|c| outside(*c, &crs));
        if let Some(why) = why {
            bad.push((i, why));
        }
    }
    if bad.is_empty() {
        return Ok(());
    }
    if bad.len() * 2 > layer.features.len() {
        let c = layer.features[bad[0].0]
            .geometry
            .0
            .first()
            .and_then(|p| p.exterior().0.first())
            .copied()
            .unwrap_or_default();
        return Err(Error::Format {
            path: layer.path.clone().into(),
            message: format!(
                "the coordinates contradict its CRS {crs}: {} of {} features lie outside it, e.g. {} ; the coordinates look like {}: state the right CRS with --crs",
                bad.len(),
                layer.features.len(),
                bad[0].1,
                looks_like(c.x, c.y)
            ),
        });
    }
    let file = layer.path.clone();
    let mut keep = vec![true; layer.features.len()];
    for (i, why) in &bad {
        keep[*i] = false;
        layer.diagnostics.push(Diagnostic {
            severity: Severity::Error,
            file: file.clone(),
            record: Some(layer.features[*i].id.record),
            message: format!("vertex {why}: the record is not used"),
        });
    }
    let mut k = 0;
    layer.features.retain(|_| {
        k += 1;
        keep[k - 1]
    });
    Ok(())
}
