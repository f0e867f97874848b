//! Transforming layers between CRSs.
//!
//! Pure Rust, between the CRSs sanxian represents ([`Crs`]): longitude/latitude ↔ any
//! Gauss-Krüger zone, and zone → zone through longitude/latitude, with the projection of
//! [`sanxian_types::TransverseMercator`] (Krüger's series to n⁶, nanometres from PROJ; see
//! `crates/sanxian-types/tests/tmerc_vs_proj.rs`).
//!
//! ```
//! use sanxian_io::reproject::Transformer;
//! use sanxian_types::Crs;
//! let t = Transformer::new(&Crs::CGCS2000, &Crs::from_epsg(4527).unwrap()).unwrap();
//! let (x, y) = t.apply(117.0, 30.0);
//! assert!((x - 39_500_000.0).abs() < 1e-6 && (y - 3_320_113.397_845).abs() < 1e-6);
//! ```
//!
//! # Datums
//! No datum shift is ever applied:
//! - **WGS84 and CGCS2000 are treated as coincident.** Both are realisations of the ITRS; at
//!   current epochs they differ by a few centimetres, well below the accuracy of planning data.
//!   Their ellipsoids differ (1/f 298.257 223 563 vs 298.257 222 101), so longitude/latitude are
//!   kept and projected on the target's ellipsoid. [`transform_layer`] warns when it does this.
//! - **Xi'an 1980 and Beijing 1954 cannot be converted to CGCS2000 (or to each other):** the
//!   shift parameters are not public and differ by province, and tens to hundreds of metres are
//!   at stake. [`Transformer::new`] refuses with [`Error::Transform`]; convert the data with the
//!   provincial parameters first. (PROJ, too, knows no such transformation; with the `proj`
//!   feature, `transform_layer_with_proj` refuses the same way instead of silently ignoring
//!   the shift.)
//!
//! # Working CRS
//! [`working_crs`] chooses the one projected CRS a job computes in: the most common CGCS2000
//! Gauss-Krüger CRS among the layers, else the CGCS2000 3° zone of their mean longitude.

use geo_types::{Coord, LineString, MultiPolygon, Polygon};
use rayon::prelude::*;
use sanxian_types::{Crs, Datum, Diagnostic, Layer, Severity, TransverseMercator};

use crate::{Error, Result};

/// A coordinate transformation between two CRSs of the same (or a coincident) datum.
///
/// Built once per pair of CRSs, then applied to every vertex; it holds the two projections as
/// plain values, so applying it is a few hundred floating-point operations and never fails.
#[derive(Debug, Clone)]
pub struct Transformer {
    from: Crs,
    to: Crs,
    /// Projection of the source, inverted to longitude/latitude; `None` for lon/lat sources.
    source: Option<TransverseMercator>,
    /// Projection of the target; `None` for lon/lat targets.
    target: Option<TransverseMercator>,
    identity: bool,
}

/// Do coordinates in `a` and `b` refer to the same points (with sanxian's WGS84 = CGCS2000)?
fn coincident(a: Datum, b: Datum) -> bool {
    let modern = |d| matches!(d, Datum::Cgcs2000 | Datum::Wgs84);
    a == b || (modern(a) && modern(b))
}

fn projection(crs: &Crs) -> Option<TransverseMercator> {
    match crs {
        Crs::Geographic { .. } => None,
        Crs::GaussKruger { datum, zone } => Some(zone.projection(&datum.ellipsoid())),
    }
}

fn datum_shift_refused(from: &Crs, to: &Crs) -> Error {
    Error::Transform {
        from: from.to_string(),
        to: to.to_string(),
        message: format!(
            "{} and {} are different datums (tens to hundreds of metres apart) and the shift \
             parameters are not public; convert the data with the provincial conversion \
             parameters first (e.g. the province's 7-parameter transformation in ArcGIS), then \
             read the converted data",
            from.datum().name(),
            to.datum().name()
        ),
    }
}

impl Transformer {
    /// A transformation from `from` to `to`.
    ///
    /// # Errors
    /// [`Error::Transform`] when the datums differ (other than WGS84 ↔ CGCS2000, which are
    /// treated as coincident; see the [module docs](self)).
    pub fn new(from: &Crs, to: &Crs) -> Result<Transformer> {
        if !coincident(from.datum(), to.datum()) {
            return Err(datum_shift_refused(from, to));
        }
        let identity = match (from, to) {
            (Crs::Geographic { .. }, Crs::Geographic { .. }) => true,
            (Crs::GaussKruger { datum: a, zone: za }, Crs::GaussKruger { datum: b, zone: zb }) => {
                a == b
                    && za.central_meridian == zb.central_meridian
                    && za.false_easting == zb.false_easting
                    && za.false_northing == zb.false_northing
                    && za.scale_factor == zb.scale_factor
            }
            _ => false,
        };
        Ok(Transformer {
            from: *from,
            to: *to,
            source: projection(from),
            target: projection(to),
            identity,
        })
    }

    /// Transforms one coordinate: (x east, y north) in metres for Gauss-Krüger, (longitude,
    /// latitude) in degrees for geographic CRSs.
    #[inline]
    pub fn apply(&self, x: f64, y: f64) -> (f64, f64) {
        if self.identity {
            return (x, y);
        }
        let (lon, lat) = match &self.source {
            Some(tm) => tm.inverse(x, y),
            None => (x, y),
        };
        match &self.target {
            Some(tm) => tm.forward(lon, lat),
            None => (lon, lat),
        }
    }

    /// Does [`Self::apply`] return its input unchanged? True for the same CRS, for zones with
    /// the same parameters (e.g. EPSG:4548 and EPSG:4509), and for WGS84 ↔ CGCS2000 lon/lat.
    pub fn is_identity(&self) -> bool {
        self.identity
    }

    /// The source CRS.
    pub fn from_crs(&self) -> &Crs {
        &self.from
    }

    /// The target CRS.
    pub fn to_crs(&self) -> &Crs {
        &self.to
    }

    /// Does this transformation treat WGS84 and CGCS2000 as the same datum?
    pub fn assumes_wgs84_is_cgcs2000(&self) -> bool {
        self.from.datum() != self.to.datum()
    }
}

/// Applies `t` to every vertex of `g`.
pub fn transform_geometry(g: &MultiPolygon<f64>, t: &Transformer) -> MultiPolygon<f64> {
    let ring = |ls: &LineString<f64>| {
        LineString(
            ls.0.iter()
                .map(|c| {
                    let (x, y) = t.apply(c.x, c.y);
                    Coord { x, y }
                })
                .collect(),
        )
    };
    MultiPolygon(
        g.0.iter()
            .map(|p| Polygon::new(ring(p.exterior()), p.interiors().iter().map(ring).collect()))
            .collect(),
    )
}

/// Transforms `g` in place; cheaper than [`transform_geometry`] on a copy.
fn transform_in_place(g: &mut MultiPolygon<f64>, t: &Transformer) {
    for polygon in g.0.iter_mut() {
        polygon.exterior_mut(|ring| transform_coords(&mut ring.0, t));
        polygon.interiors_mut(|rings| {
            for ring in rings {
                transform_coords(&mut ring.0, t);
            }
        });
    }
}

fn transform_coords(coords: &mut [Coord<f64>], t: &Transformer) {
    for c in coords {
        (c.x, c.y) = t.apply(c.x, c.y);
    }
}

fn diagnostic(layer: &Layer, severity: Severity, message: String) -> Diagnostic {
    Diagnostic {
        severity,
        file: layer.path.clone(),
        record: None,
        message,
    }
}

/// Checks that a layer's coordinates can be in its CRS before transforming them: lon/lat must be
/// in range (an error otherwise: projected data declared as lon/lat would become garbage), and
/// Gauss-Krüger eastings should fit the zone (a warning otherwise).
fn check_extent(layer: &Layer, from: &Crs, to: &Crs) -> Result<Option<Diagnostic>> {
    let Some(ext) = layer.extent() else {
        return Ok(None);
    };
    let (min, max) = (ext.min(), ext.max());
    match from {
        Crs::Geographic { .. } => {
            if min.x < -180.0 || max.x > 180.0 || min.y < -90.0 || max.y > 90.0 {
                return Err(Error::Transform {
                    from: from.to_string(),
                    to: to.to_string(),
                    message: format!(
                        "{}: coordinates {:.1}..{:.1}, {:.1}..{:.1} are not longitude/latitude; \
                         the declared CRS is wrong: state the right one with --crs",
                        layer.path, min.x, max.x, min.y, max.y
                    ),
                });
            }
            Ok(None)
        }
        Crs::GaussKruger { zone, .. } => Ok(zone
            .check_eastings(min.x, max.x)
            .map(|w| diagnostic(layer, Severity::Warning, w))),
    }
}

/// The layer in CRS `to`: every vertex transformed, `crs` set to `to`, and diagnostics added:
/// Info "transformed from X to Y", a Warning when WGS84 and CGCS2000 were treated as coincident,
/// and a Warning when the eastings do not fit the source zone. A layer already in `to` is
/// returned unchanged, without diagnostics. Features are transformed in parallel (rayon).
///
/// # Errors
/// [`Error::UnknownCrs`] naming `layer.path` when the layer has no CRS; [`Error::Transform`]
/// when the datums cannot be converted (Xi'an 1980 / Beijing 1954 ↔ CGCS2000) or lon/lat
/// coordinates are out of range.
pub fn transform_layer(layer: &Layer, to: &Crs) -> Result<Layer> {
    if layer.crs == Some(*to) {
        return Ok(layer.clone());
    }
    into_crs(layer.clone(), to)
}

/// [`transform_layer`] on a layer the caller gives up: a layer already in `to` is returned as
/// it is, without a copy; others are transformed in place.
///
/// # Errors
/// As [`transform_layer`].
pub fn into_crs(layer: Layer, to: &Crs) -> Result<Layer> {
    let from = layer.crs.ok_or_else(|| Error::UnknownCrs {
        path: layer.path.clone().into(),
        message: format!(
            "layer '{}' has no CRS, so it cannot be transformed to {to}",
            layer.name
        ),
    })?;
    let t = Transformer::new(&from, to).map_err(|e| match e {
        Error::Transform { from, to, message } => Error::Transform {
            from,
            to,
            message: format!("{}: {message}", layer.path),
        },
        other => other,
    })?;
    if from == *to {
        return Ok(layer);
    }
    let extent_warning = check_extent(&layer, &from, to)?;
    let mut out = layer;
    if !t.is_identity() {
        out.features
            .par_iter_mut()
            .for_each(|f| transform_in_place(&mut f.geometry, &t));
    }
    out.crs = Some(*to);
    out.diagnostics.extend(extent_warning);
    if t.assumes_wgs84_is_cgcs2000() {
        let d = diagnostic(
            &out,
            Severity::Warning,
            format!(
                "{} and {} treated as the same datum (they differ by a few centimetres at current \
                 epochs); no datum shift applied",
                from.datum().name(),
                to.datum().name()
            ),
        );
        out.diagnostics.push(d);
    }
    let message = if t.is_identity() {
        format!("CRS relabelled from {from} to {to}; coordinates unchanged")
    } else {
        format!("transformed from {from} to {to}")
    };
    let d = diagnostic(&out, Severity::Info, message);
    out.diagnostics.push(d);
    Ok(out)
}

/// Farthest (km) any vertex may lie from the central meridian of the working plane: the limit
/// of the area computation ([`MAX_OFFSET_KM`], as `sanxian-area` checks it), well inside the
/// range where the Krüger series stays exact.
pub const MAX_OFFSET_KM: f64 = 1000.0;

/// The longitude range and the latitude of the widest point of a layer, from its extent
/// (lon/lat, or its projected corners inverted), when it has features and a CRS.
fn lon_range(l: &Layer) -> Option<(f64, f64, f64)> {
    let e = l.extent()?;
    let crs = l.crs?;
    let corners = [
        (e.min().x, e.min().y),
        (e.min().x, e.max().y),
        (e.max().x, e.min().y),
        (e.max().x, e.max().y),
    ];
    let ll: Vec<(f64, f64)> = match projection(&crs) {
        Some(tm) => corners.iter().map(|&(x, y)| tm.inverse(x, y)).collect(),
        None => corners.to_vec(),
    };
    let lo = ll.iter().map(|c| c.0).fold(f64::INFINITY, f64::min);
    let hi = ll.iter().map(|c| c.0).fold(f64::NEG_INFINITY, f64::max);
    let lat = ll
        .iter()
        .map(|c| c.1.abs())
        .fold(f64::INFINITY, f64::min)
        .min(89.0);
    (lo.is_finite() && hi.is_finite()).then_some((lo, hi, lat))
}

/// Distance (km, on the sphere) from the central meridian `cm` of a point at longitude `lon`
/// and latitude `lat`: what a transverse Mercator plane centred on `cm` must cover.
fn offset_km(cm: f64, lon: f64, lat: f64) -> f64 {
    let d = (lon - cm).to_radians();
    let phi = lat.to_radians();
    // Angular distance from the meridian: sin(σ) = sin(Δλ)·cos(φ).
    6371.0 * (d.sin() * phi.cos()).clamp(-1.0, 1.0).asin().abs()
        + if d.cos() < 0.0 { f64::INFINITY } else { 0.0 }
}

/// The one projected CRS a job computes in.
///
/// 1. If any layer is in a CGCS2000 Gauss-Krüger CRS, the most common such CRS (ties broken by
///    the lower EPSG code, CRSs without a code last, so the choice is deterministic).
/// 2. Otherwise, when the data lie within the CGCS2000 zones (73.5°E–136.5°E), the 3° zone
///    (with prefix) of the middle of their longitude range.
/// 3. Otherwise a transverse Mercator plane centred on the middle of the data's longitude
///    range ([`Crs::transverse_mercator_at`]) — never a distant zone, whose plane would fold
///    the geometry.
///
/// Every layer must then lie within [`MAX_OFFSET_KM`] of the chosen central meridian.
/// Layers without a CRS or features are ignored.
///
/// # Errors
/// [`Error::UnknownCrs`] when no layer has both a CRS and features; [`Error::Transform`] when
/// the layers span too much longitude for one plane, naming the layer farthest out.
pub fn working_crs(layers: &[&Layer]) -> Result<Crs> {
    // The delivery's datum: the one every layer is on, else CGCS2000 (layers on other datums
    // are then refused by the transformation, with the reason). A delivery wholly on Xi'an
    // 1980 is worked in its own datum, so that a check can say what is wrong with it.
    let datums: Vec<Datum> = layers
        .iter()
        .filter_map(|l| l.crs)
        .map(|c| c.datum())
        .collect();
    let datum = match datums.first() {
        Some(&d) if datums.iter().all(|&x| x == d) => d,
        _ => Datum::Cgcs2000,
    };
    let mut counts: Vec<(Crs, usize)> = Vec::new();
    for crs in layers.iter().filter_map(|l| l.crs) {
        if matches!(crs, Crs::GaussKruger { datum: d, .. } if d == datum) {
            match counts.iter_mut().find(|(c, _)| *c == crs) {
                Some((_, n)) => *n += 1,
                None => counts.push((crs, 1)),
            }
        }
    }
    let tie_key = |crs: &Crs| match crs {
        Crs::GaussKruger { zone, .. } => (
            crs.epsg().unwrap_or(u32::MAX),
            zone.central_meridian,
            zone.false_easting,
        ),
        Crs::Geographic { .. } => (u32::MAX, 0.0, 0.0),
    };
    let best = counts.iter().min_by(|(a, na), (b, nb)| {
        let (ka, kb) = (tie_key(a), tie_key(b));
        nb.cmp(na)
            .then(ka.0.cmp(&kb.0))
            .then(ka.1.total_cmp(&kb.1))
            .then(ka.2.total_cmp(&kb.2))
    });
    let ranges: Vec<(&Layer, (f64, f64, f64))> = layers
        .iter()
        .filter_map(|l| lon_range(l).map(|r| (*l, r)))
        .collect();
    let chosen = match best {
        Some((crs, _)) => *crs,
        None => {
            if ranges.is_empty() {
                let paths: Vec<&str> = layers.iter().map(|l| l.path.as_str()).collect();
                return Err(Error::UnknownCrs {
                    path: if paths.is_empty() {
                        "(no layers)".into()
                    } else {
                        paths.join(", ").into()
                    },
                    message:
                        "no layer has both a known CRS and features to choose a working CRS from"
                            .into(),
                });
            }
            let lo = ranges.iter().map(|r| r.1 .0).fold(f64::INFINITY, f64::min);
            let hi = ranges
                .iter()
                .map(|r| r.1 .1)
                .fold(f64::NEG_INFINITY, f64::max);
            let mid = (lo + hi) / 2.0;
            if lo >= 73.5 && hi <= 136.5 && datum == Datum::Cgcs2000 {
                Crs::cgcs2000_zone_for_longitude(mid)
            } else if lo >= 73.5 && hi <= 136.5 {
                Crs::GaussKruger {
                    datum,
                    zone: sanxian_types::GkZone::three_degree_cm(3.0 * (mid / 3.0).round()),
                }
            } else {
                // A round meridian, to the nearest 0.1°, so that reports name it plainly.
                Crs::transverse_mercator_at(datum, (mid * 10.0).round() / 10.0)
            }
        }
    };
    let cm = match chosen {
        Crs::GaussKruger { zone, .. } => zone.central_meridian,
        Crs::Geographic { .. } => return Ok(chosen),
    };
    let farthest = ranges
        .iter()
        .map(|(l, (lo, hi, lat))| (l, offset_km(cm, *lo, *lat).max(offset_km(cm, *hi, *lat))))
        .max_by(|a, b| a.1.total_cmp(&b.1));
    if let Some((l, km)) = farthest {
        if km > MAX_OFFSET_KM {
            let (lo, hi) = ranges
                .iter()
                .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), r| {
                    (a.min(r.1 .0), b.max(r.1 .1))
                });
            return Err(Error::Transform {
                from: l.crs.map(|c| c.to_string()).unwrap_or_default(),
                to: chosen.to_string(),
                message: format!(
                    "{}: the layers span longitudes {lo:.2}°..{hi:.2}°, and this layer reaches {} km from the central meridian {cm}° of the working plane; sanxian computes overlaps and areas in one transverse Mercator plane, exact within {MAX_OFFSET_KM} km of its meridian: check the layers region by region",
                    l.path,
                    if km.is_finite() { format!("{km:.0}") } else { "more than 10 000".into() },
                ),
            });
        }
    }
    Ok(chosen)
}

/// The layer transformed with PROJ from any CRS PROJ knows into the sanxian CRS `to`: for readers
/// that meet a CRS sanxian cannot represent (UTM, Web Mercator, Lambert …).
///
/// `source_definition` is anything PROJ accepts: `EPSG:32650`, WKT, or a PROJ string. The
/// layer's own `crs` is ignored (it is usually `None` for such layers) and set to `to`. The target
/// is given to PROJ by its EPSG code when it has one, else by its PROJ string.
///
/// PROJ applies a real datum transformation when it knows one. When it knows none it falls
/// back to a "ballpark" transformation that ignores the datum shift: that is accepted (with a
/// Warning) only between WGS84 and CGCS2000, as in the pure-Rust path, and refused otherwise.
///
/// # Errors
/// [`Error::Transform`] when PROJ does not understand `source_definition`, when only a ballpark
/// transformation between other datums exists, or when a vertex cannot be transformed (naming
/// the feature).
#[cfg(feature = "proj")]
pub fn transform_layer_with_proj(
    layer: &Layer,
    source_definition: &str,
    to: &Crs,
) -> Result<Layer> {
    let target = match to.epsg() {
        Some(code) => format!("EPSG:{code}"),
        None => format!("{} +type=crs", to.proj_string()),
    };
    let error = |message: String| Error::Transform {
        from: source_definition.chars().take(80).collect(),
        to: to.to_string(),
        message: format!("{}: {message}", layer.path),
    };
    let proj = proj::Proj::new_known_crs(source_definition, &target, None)
        .map_err(|e| error(format!("PROJ: {e}")))?;
    let description = proj.proj_info().description.unwrap_or_default();
    let shift_warning = ballpark_check(&description, source_definition, to).map_err(error)?;

    let mut out = layer.clone();
    for feature in out.features.iter_mut() {
        let mut failure = None;
        let mut convert = |coords: &mut [Coord<f64>]| {
            for c in coords.iter_mut() {
                match proj.convert((c.x, c.y)) {
                    Ok((x, y)) if x.is_finite() && y.is_finite() => (c.x, c.y) = (x, y),
                    Ok(_) => failure = Some(format!("({}, {}) has no image", c.x, c.y)),
                    Err(e) => failure = Some(format!("({}, {}): {e}", c.x, c.y)),
                }
                if failure.is_some() {
                    return;
                }
            }
        };
        for polygon in feature.geometry.0.iter_mut() {
            polygon.exterior_mut(|ring| convert(&mut ring.0));
            polygon.interiors_mut(|rings| {
                for ring in rings {
                    convert(&mut ring.0);
                }
            });
        }
        if let Some(what) = failure {
            return Err(error(format!(
                "feature {} cannot be transformed: vertex {what}",
                feature.id
            )));
        }
    }
    out.crs = Some(*to);
    if let Some(warning) = shift_warning {
        out.diagnostics
            .push(diagnostic(layer, Severity::Warning, warning));
    }
    out.diagnostics.push(diagnostic(
        layer,
        Severity::Info,
        format!("transformed by PROJ from {source_definition} to {to} ({description})"),
    ));
    Ok(out)
}

/// Checks the "ballpark" steps of a PROJ operation (PROJ's fallback that ignores a datum shift)
/// in its `description`: accepted only between WGS84 and CGCS2000, with a warning when both
/// appear. A side PROJ calls `unknown` is a PROJ string's datum, read here from its
/// `+datum`/`+ellps`/`+a`/`+rf` (the source) or the sanxian target's datum.
#[cfg(feature = "proj")]
fn ballpark_check(
    description: &str,
    source_definition: &str,
    to: &Crs,
) -> std::result::Result<Option<String>, String> {
    let mut datums = Vec::new();
    for step in description.split(" + ") {
        if !step.starts_with("Ballpark") {
            continue;
        }
        let names = step
            .split_once(" from ")
            .and_then(|(_, rest)| rest.split_once(" to "));
        let Some((a, b)) = names else {
            return Err(format!("PROJ would ignore a datum shift ({step})"));
        };
        let a = match a {
            "unknown" => proj_string_datum(source_definition),
            name => crate::prj::datum_by_name(name),
        };
        let b = match b {
            "unknown" => Some(to.datum()),
            name => crate::prj::datum_by_name(name),
        };
        match (a, b) {
            (
                Some(a @ (Datum::Cgcs2000 | Datum::Wgs84)),
                Some(b @ (Datum::Cgcs2000 | Datum::Wgs84)),
            ) => {
                datums.extend([a, b]);
            }
            _ => {
                return Err(format!(
                    "PROJ knows no datum transformation here and would ignore the datum shift \
                     ({step}); convert the data with the provincial conversion parameters first"
                ))
            }
        }
    }
    let both = datums.contains(&Datum::Wgs84) && datums.contains(&Datum::Cgcs2000);
    Ok(both.then(|| {
        "WGS84 and CGCS2000 treated as the same datum (they differ by a few centimetres at \
         current epochs); no datum shift applied"
            .to_string()
    }))
}

/// The datum of a PROJ string from its ellipsoid (`+datum=WGS84`, `+ellps=GRS80`, `+a= +rf=`);
/// PROJ's default ellipsoid GRS80 when none is given; `None` for anything else or non-PROJ text.
#[cfg(feature = "proj")]
fn proj_string_datum(definition: &str) -> Option<Datum> {
    let mut params = std::collections::HashMap::new();
    for token in definition.split_whitespace() {
        let token = token.trim_start_matches('+');
        let (k, v) = token.split_once('=').unwrap_or((token, ""));
        params.insert(k.to_ascii_lowercase(), v.to_string());
    }
    if !params.contains_key("proj") {
        return None;
    }
    let num = |k: &str| params.get(k).and_then(|v| v.parse::<f64>().ok());
    if let Some(datum) = params.get("datum") {
        return (datum.eq_ignore_ascii_case("WGS84")).then_some(Datum::Wgs84);
    }
    if params.contains_key("towgs84") || params.contains_key("nadgrids") {
        return None;
    }
    match (
        params.get("ellps").map(|e| e.to_ascii_lowercase()),
        num("a"),
        num("rf"),
    ) {
        (Some(e), None, None) => match e.as_str() {
            "grs80" => Some(Datum::Cgcs2000),
            "wgs84" => Some(Datum::Wgs84),
            "iau76" => Some(Datum::Xian1980),
            "krass" => Some(Datum::Beijing1954),
            _ => None,
        },
        (None, Some(a), Some(rf)) => Datum::from_ellipsoid(a, rf),
        (None, None, None) if !params.contains_key("r") && !params.contains_key("b") => {
            Some(Datum::Cgcs2000)
        }
        _ => None,
    }
}
