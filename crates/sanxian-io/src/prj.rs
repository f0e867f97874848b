//! Recognising CRSs from WKT (`.prj` files, ESRI and OGC flavours, WKT2) by their parameters,
//! and writing the ESRI WKT ArcGIS writes.
//!
//! # Method
//! The WKT is parsed into a bracket tree, then read by **parameters**, never by name:
//! the datum comes from the ellipsoid's semi-major axis and inverse flattening
//! ([`Datum::from_ellipsoid`]; CGCS2000 and WGS84 differ only in 1/f), the zone from
//! `Central_Meridian`, `False_Easting`, `False_Northing` and `Scale_Factor` of a transverse
//! Mercator (`Transverse_Mercator`, `Gauss_Kruger`, WKT2 `Transverse Mercator`) projection.
//! Public `.prj` snippets mislabel Chinese zones, so names, `AUTHORITY` and `ID` codes are only
//! cross-checks: when they disagree with the parameters, the parameters win and a note says so.
//!
//! The one thing parameters cannot tell is the width of an unprefixed zone on a central
//! meridian of 75°+6k°E, which is both a 3° and a 6° zone (EPSG:4548 and EPSG:4509 have the
//! same parameters). An EPSG code in the WKT decides it when its parameters agree; otherwise
//! the name (`3_Degree` / `3-degree` → 3°; `6_Degree`, or a Gauss-Krüger name without a width,
//! as EPSG and ESRI name 6° zones → 6°); otherwise 3°.
//!
//! # Accepted forms
//! WKT1 (`PROJCS`, `GEOGCS`, ESRI and OGC/GDAL flavours, `[]` or `()`, `AUTHORITY`, `AXIS`,
//! `TOWGS84` …), WKT2 as GDAL 3 writes it (`PROJCRS`, `GEOGCRS`, `BASEGEOGCRS`, `CONVERSION`,
//! `METHOD`, `PARAMETER` with units, `ELLIPSOID`, datum `ENSEMBLE`), and the horizontal part of
//! `BOUNDCRS` / `COMPOUNDCRS` / `COMPD_CS`. Linear units must be metres and angular units
//! degrees.

mod tree;

use sanxian_types::{Crs, Datum, GkZone, ZoneWidth};

use self::tree::{Item, Node};

/// A CRS recognised from WKT, with notes on what was inferred.
#[derive(Debug, Clone, PartialEq)]
pub struct Recognised {
    /// The CRS.
    pub crs: Crs,
    /// Notes for the user, e.g. a name that disagrees with the parameters.
    pub notes: Vec<String>,
}

/// Recognises the CRS of a WKT definition by its parameters.
///
/// Errors name what was found: an unknown ellipsoid or projection, a non-metre unit, a latitude
/// of origin other than 0, or text that is not WKT.
///
/// ```
/// use sanxian_io::prj;
/// use sanxian_types::Crs;
/// let wkt = r#"PROJCS["CGCS2000_3_Degree_GK_Zone_39",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",39500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",117.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]"#;
/// let r = prj::parse(wkt).unwrap();
/// assert_eq!(Some(r.crs), Crs::from_epsg(4527));
/// assert!(r.notes.is_empty());
/// ```
pub fn parse(wkt: &str) -> Result<Recognised, String> {
    let (root, rest) = tree::parse(wkt)?;
    let mut notes = Vec::new();
    if !rest.is_empty() {
        notes.push(format!(
            "ignored text after the WKT: '{}'",
            rest.chars().take(40).collect::<String>()
        ));
    }
    let crs = recognise(&root, &mut notes)?;
    Ok(Recognised { crs, notes })
}

fn recognise(node: &Node, notes: &mut Vec<String>) -> Result<Crs, String> {
    match node.keyword.as_str() {
        "PROJCS" | "PROJCRS" | "PROJECTEDCRS" => projected(node, notes),
        "GEOGCS" | "GEOGCRS" | "GEODCRS" | "GEOGRAPHICCRS" | "GEODETICCRS" => {
            if node.child("CS").and_then(|cs| cs.word(0)) == Some("Cartesian") {
                return Err(format!("geocentric CRS '{}' is not a map CRS", node.name()));
            }
            let datum = geodetic(node, notes)?;
            let crs = Crs::Geographic { datum };
            check_authority(node, &crs, notes);
            Ok(crs)
        }
        "BOUNDCRS" => {
            let source = node
                .child("SOURCECRS")
                .and_then(|s| s.nodes().next())
                .ok_or("BOUNDCRS without SOURCECRS")?;
            notes.push("the datum transformation of the BOUNDCRS was ignored".into());
            recognise(source, notes)
        }
        "COMPD_CS" | "COMPOUNDCRS" => {
            let horizontal = node
                .nodes()
                .find(|n| {
                    !matches!(
                        n.keyword.as_str(),
                        "VERT_CS" | "VERTCRS" | "VERTICALCRS" | "AUTHORITY" | "ID" | "USAGE"
                    )
                })
                .ok_or("compound CRS without a horizontal part")?;
            notes.push(format!(
                "only the horizontal part of the compound CRS '{}' is used",
                node.name()
            ));
            recognise(horizontal, notes)
        }
        "GEOCCS" => Err(format!("geocentric CRS '{}' is not a map CRS", node.name())),
        "LOCAL_CS" | "ENGCRS" | "ENGINEERINGCRS" => Err(format!(
            "local (engineering) CRS '{}' has no datum",
            node.name()
        )),
        other => Err(format!("{other}[…] is not a CRS definition")),
    }
}

/// The datum of a geographic CRS node (WKT1 `GEOGCS` or WKT2 `GEOGCRS`/`BASEGEOGCRS`), checking
/// that its prime meridian is Greenwich and its angular unit the degree.
fn geodetic(node: &Node, notes: &mut Vec<String>) -> Result<Datum, String> {
    let datum_node = node
        .nodes()
        .find(|n| {
            matches!(
                n.keyword.as_str(),
                "DATUM" | "GEODETICDATUM" | "TRF" | "ENSEMBLE"
            )
        })
        .ok_or_else(|| format!("geographic CRS '{}' has no DATUM", node.name()))?;
    let ell = datum_node
        .nodes()
        .find(|n| n.keyword == "SPHEROID" || n.keyword == "ELLIPSOID")
        .ok_or_else(|| format!("datum '{}' has no ellipsoid", datum_node.name()))?;
    let (a, inv_f) = match (ell.number(0), ell.number(1)) {
        (Some(a), Some(rf)) => (a * unit_factor(ell, "LENGTHUNIT").unwrap_or(1.0), rf),
        _ => return Err(format!("ellipsoid '{}' lacks a and 1/f", ell.name())),
    };
    let datum = Datum::from_ellipsoid(a, inv_f).ok_or_else(|| {
        format!(
            "ellipsoid {} (a = {a} m, 1/f = {inv_f}) is not that of CGCS2000, WGS84, Xi'an 1980 or Beijing 1954",
            ell.name()
        )
    })?;
    match datum_by_name(datum_node.name()) {
        Some(named) if named == datum => {}
        Some(named) => notes.push(format!(
            "datum '{}' is named like {} but its ellipsoid (a = {a} m, 1/f = {inv_f}) is {}'s; using {}",
            datum_node.name(),
            named.name(),
            datum.name(),
            datum.name()
        )),
        None => notes.push(format!(
            "datum '{}' read as {} from its ellipsoid (a = {a} m, 1/f = {inv_f})",
            datum_node.name(),
            datum.name()
        )),
    }
    if datum_node.child("TOWGS84").is_some() {
        notes.push(format!(
            "the TOWGS84 shift of datum '{}' was ignored: sanxian does not shift datums",
            datum_node.name()
        ));
    }
    if let Some(pm) = node.child("PRIMEM") {
        if pm.number(0).is_some_and(|lon| lon != 0.0) {
            return Err(format!("prime meridian {} is not Greenwich", pm.name()));
        }
    }
    // WKT1: UNIT of the GEOGCS; WKT2: ANGLEUNIT of the CRS, of its axes or of PRIMEM.
    let units = node
        .nodes()
        .filter(|n| n.keyword == "UNIT" || n.keyword == "ANGLEUNIT")
        .chain(node.nodes().filter(|n| n.keyword == "AXIS").flat_map(|ax| {
            ax.nodes()
                .filter(|n| n.keyword == "ANGLEUNIT" || n.keyword == "UNIT")
        }));
    for unit in units {
        if let Some(f) = unit.number(0) {
            if (f - DEGREE).abs() > 1e-12 {
                return Err(format!(
                    "angular unit {} ({f} rad) is not the degree",
                    unit.name()
                ));
            }
        }
    }
    Ok(datum)
}

const DEGREE: f64 = std::f64::consts::PI / 180.0;

/// The datum a name refers to, e.g. `D_China_2000`, `World Geodetic System 1984 ensemble`.
pub(crate) fn datum_by_name(name: &str) -> Option<Datum> {
    // PROJ names ad-hoc datums `Unknown based on … using towgs84=…`: not WGS84.
    let n = squash(name).replace("towgs84", "");
    let has = |keys: &[&str]| keys.iter().any(|k| n.contains(k));
    if has(&[
        "cgcs2000",
        "cgcs",
        "china2000",
        "chinageodeticcoordinatesystem2000",
        "国家2000",
    ]) {
        Some(Datum::Cgcs2000)
    } else if has(&["wgs84", "wgs1984", "worldgeodeticsystem1984"]) {
        Some(Datum::Wgs84)
    } else if has(&["xian1980", "xian80", "西安80", "西安1980"]) {
        Some(Datum::Xian1980)
    } else if has(&["beijing1954", "beijing54", "北京54", "北京1954"]) {
        Some(Datum::Beijing1954)
    } else {
        None
    }
}

/// Lower-case alphanumerics only: `Xi'an_1980` → `xian1980`, `Gauss-Krüger` → `gausskrüger`.
fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The conversion factor of a unit child (`LENGTHUNIT["metre",1]`) of `node`.
fn unit_factor(node: &Node, keyword: &str) -> Option<f64> {
    node.child(keyword).and_then(|u| u.number(0))
}

/// Transverse Mercator parameters in degrees and metres.
#[derive(Debug, Default)]
struct TmParameters {
    lat0: Option<f64>,
    lon0: Option<f64>,
    k: Option<f64>,
    fe: Option<f64>,
    fn_: Option<f64>,
}

fn projected(node: &Node, notes: &mut Vec<String>) -> Result<Crs, String> {
    let name = node.name();
    let base = node
        .nodes()
        .find(|n| {
            matches!(
                n.keyword.as_str(),
                "GEOGCS" | "BASEGEOGCRS" | "BASEGEODCRS" | "GEOGCRS" | "GEODCRS"
            )
        })
        .ok_or_else(|| format!("projected CRS '{name}' has no geographic base CRS"))?;
    let datum = geodetic(base, notes)?;

    // WKT1: PROJECTION and PARAMETERs are children of PROJCS; WKT2: of CONVERSION.
    let conversion = node.child("CONVERSION").unwrap_or(node);
    let method = conversion
        .nodes()
        .find(|n| n.keyword == "PROJECTION" || n.keyword == "METHOD")
        .ok_or_else(|| format!("projected CRS '{name}' names no projection"))?;
    let is_tm = matches!(
        squash(method.name()).as_str(),
        "transversemercator" | "gausskruger" | "gausskrüger" | "gausskrueger" | "tmerc"
    ) || epsg_id(method) == Some(9807);
    if !is_tm {
        return Err(format!(
            "projection {} is not Gauss-Krüger (transverse Mercator); reproject the data to a CGCS2000 Gauss-Krüger zone first",
            method.name()
        ));
    }

    let mut p = TmParameters::default();
    for param in conversion.nodes().filter(|n| n.keyword == "PARAMETER") {
        let Some(mut value) = param.number(0) else {
            return Err(format!("parameter {} has no value", param.name()));
        };
        // WKT2 parameters carry their unit; WKT1 ones are in the (checked) degree and metre.
        // (Degrees are written as 0.0174532925199433, which is not exactly π/180.)
        if let Some(f) = unit_factor(param, "ANGLEUNIT") {
            if (f - DEGREE).abs() > 1e-12 {
                value *= f / DEGREE;
            }
        } else if let Some(f) = unit_factor(param, "LENGTHUNIT").or(unit_factor(param, "SCALEUNIT"))
        {
            value *= f;
        }
        let slot = match (squash(param.name()).as_str(), epsg_id(param)) {
            (_, Some(8801))
            | ("latitudeoforigin" | "latitudeofnaturalorigin" | "latitudeofcenter", _) => {
                &mut p.lat0
            }
            (_, Some(8802))
            | (
                "centralmeridian"
                | "longitudeofcenter"
                | "longitudeofnaturalorigin"
                | "longitudeoforigin",
                _,
            ) => &mut p.lon0,
            (_, Some(8805)) | ("scalefactor" | "scalefactoratnaturalorigin", _) => &mut p.k,
            (_, Some(8806)) | ("falseeasting", _) => &mut p.fe,
            (_, Some(8807)) | ("falsenorthing", _) => &mut p.fn_,
            _ => {
                notes.push(format!(
                    "parameter {} = {value} is not one of transverse Mercator's and was ignored",
                    param.name()
                ));
                continue;
            }
        };
        *slot = Some(value);
    }
    let central_meridian = p
        .lon0
        .ok_or_else(|| format!("projected CRS '{name}' has no central meridian"))?;
    let lat0 = p.lat0.unwrap_or(0.0);
    if lat0 != 0.0 {
        return Err(format!(
            "latitude of origin {lat0}° is not 0: '{name}' is not a Gauss-Krüger zone"
        ));
    }
    check_linear_unit(node)?;

    let mut zone = GkZone {
        central_meridian,
        false_easting: p.fe.unwrap_or(0.0),
        false_northing: p.fn_.unwrap_or(0.0),
        scale_factor: p.k.unwrap_or(1.0),
        width: None,
    };
    let authority = epsg_id(node).and_then(Crs::from_epsg);
    zone.width = zone_width(&zone, datum, name, authority, notes);
    let crs = Crs::GaussKruger { datum, zone };
    check_name(name, &zone, notes);
    check_authority(node, &crs, notes);
    Ok(crs)
}

/// The projected CRS's linear unit must be the metre (WKT1 `UNIT`, WKT2 `LENGTHUNIT` of the CRS
/// or of its axes).
fn check_linear_unit(node: &Node) -> Result<(), String> {
    let units = node
        .nodes()
        .filter(|n| n.keyword == "UNIT" || n.keyword == "LENGTHUNIT")
        .chain(
            node.nodes()
                .filter(|n| n.keyword == "AXIS")
                .flat_map(|ax| ax.nodes().filter(|n| n.keyword == "LENGTHUNIT")),
        );
    for unit in units {
        if let Some(f) = unit.number(0) {
            if (f - 1.0).abs() > 1e-12 {
                return Err(format!(
                    "linear unit {} ({f} m) is not the metre: sanxian computes in metres; reproject the data to a metre-based CRS first",
                    unit.name()
                ));
            }
        }
    }
    Ok(())
}

/// The zone width: from the prefix and central meridian when they tell it, else from an
/// agreeing EPSG code, the name, or 3°.
fn zone_width(
    zone: &GkZone,
    datum: Datum,
    name: &str,
    authority: Option<Crs>,
    notes: &mut Vec<String>,
) -> Option<ZoneWidth> {
    let named = width_in_name(name);
    if zone.scale_factor != 1.0 || zone.false_northing != 0.0 {
        notes.push(format!(
            "scale factor {} and false northing {} m: a transverse Mercator CRS but not a Gauss-Krüger zone",
            zone.scale_factor, zone.false_northing
        ));
        return None;
    }
    if let Some(prefix) = zone.prefix() {
        let implied = zone.implied_width();
        if implied.is_none() {
            notes.push(format!(
                "false easting {} m carries zone prefix {prefix}, but central meridian {}°E is neither 3° zone {prefix} ({}°E) nor 6° zone {prefix} ({}°E)",
                zone.false_easting,
                zone.central_meridian,
                3 * prefix,
                6 * prefix as i64 - 3
            ));
        } else if named.is_some() && named != implied {
            notes.push(format!(
                "name '{name}' says {} zone, but parameters say {} (zone prefix {prefix}, central meridian {}°E)",
                width_label(named),
                width_label(implied),
                zone.central_meridian
            ));
        }
        return implied;
    }
    let cm = zone.central_meridian;
    let whole = cm.fract() == 0.0;
    let fits3 = whole && cm.rem_euclid(3.0) == 0.0;
    let fits6 = whole && cm.rem_euclid(6.0) == 3.0;
    match (fits3, fits6) {
        (true, true) => {
            if let Some(Crs::GaussKruger { datum: d, zone: z }) = authority {
                if d == datum && same_zone_parameters(&z, zone) {
                    return z.width;
                }
            }
            if named.is_some() {
                return named;
            }
            notes.push(format!(
                "central meridian {cm}°E is both a 3° and a 6° zone meridian and the name does not say which; 3° assumed"
            ));
            Some(ZoneWidth::Three)
        }
        (true, false) => {
            if named == Some(ZoneWidth::Six) {
                notes.push(format!(
                    "name '{name}' says 6° zone, but central meridian {cm}°E is a 3° zone meridian only"
                ));
            }
            Some(ZoneWidth::Three)
        }
        _ => None,
    }
}

fn width_label(w: Option<ZoneWidth>) -> &'static str {
    match w {
        Some(ZoneWidth::Three) => "a 3°",
        Some(ZoneWidth::Six) => "a 6°",
        None => "no standard",
    }
}

/// The width a CRS name states: `3_Degree` / `3-degree` → 3°; `6_Degree`, or a Gauss-Krüger name
/// without a width (EPSG and ESRI names of 6° zones have none) → 6°.
fn width_in_name(name: &str) -> Option<ZoneWidth> {
    let n = squash(name);
    if n.contains("3degree") || n.contains("3度") {
        Some(ZoneWidth::Three)
    } else if n.contains("6degree") || n.contains("6度") || n.contains("gk") || n.contains("gauss")
    {
        Some(ZoneWidth::Six)
    } else {
        None
    }
}

/// Zone number (`Zone_39`, `zone 39`) and central meridian (`CM_117E`, `CM 117E`) in a name.
fn zone_and_cm_in_name(name: &str) -> (Option<u32>, Option<f64>) {
    let lower = name.to_ascii_lowercase();
    let number_after = |key: &str| -> Option<&str> {
        let mut from = 0;
        while let Some(i) = lower[from..].find(key) {
            let start = from + i;
            from = start + key.len();
            // `cm` and `zone` must start a word (not `…Icmz…`).
            let word_start = lower[..start]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_ascii_alphabetic());
            let rest = lower[from..].trim_start_matches(['_', ' ', '-']);
            let digits = rest
                .find(|c: char| !(c.is_ascii_digit() || c == '.'))
                .map_or(rest, |end| &rest[..end]);
            if word_start && !digits.is_empty() {
                return Some(digits);
            }
        }
        None
    };
    let zone = number_after("zone").and_then(|d| d.parse().ok());
    let cm = number_after("cm").and_then(|d| d.trim_end_matches('.').parse().ok());
    (zone, cm)
}

/// Notes where the name disagrees with the parameters.
fn check_name(name: &str, zone: &GkZone, notes: &mut Vec<String>) {
    let (named_zone, named_cm) = zone_and_cm_in_name(name);
    let params = match zone.prefix() {
        Some(p) => format!(
            "zone {p} (false easting {} m, central meridian {}°E)",
            zone.false_easting, zone.central_meridian
        ),
        None => format!(
            "central meridian {}°E without zone prefix (false easting {} m)",
            zone.central_meridian, zone.false_easting
        ),
    };
    if let Some(z) = named_zone {
        if zone.prefix() != Some(z) {
            notes.push(format!(
                "name '{name}' says zone {z}, but parameters say {params}; using the parameters"
            ));
        }
    }
    if let Some(cm) = named_cm {
        if cm != zone.central_meridian || zone.prefix().is_some() {
            notes.push(format!(
                "name '{name}' says CM {cm}E without zone prefix, but parameters say {params}; using the parameters"
            ));
        }
    }
}

/// The EPSG code in an `ID["EPSG",9807]` or `AUTHORITY["EPSG","9807"]` child of `node`.
fn epsg_id(node: &Node) -> Option<u32> {
    node.nodes()
        .filter(|n| n.keyword == "AUTHORITY" || n.keyword == "ID")
        .find(|n| n.name().eq_ignore_ascii_case("EPSG"))
        .and_then(|n| match n.items.get(1) {
            Some(Item::Text(s)) | Some(Item::Word(s)) => s.trim().parse().ok(),
            _ => None,
        })
}

fn same_zone_parameters(a: &GkZone, b: &GkZone) -> bool {
    a.central_meridian == b.central_meridian
        && a.false_easting == b.false_easting
        && a.false_northing == b.false_northing
        && a.scale_factor == b.scale_factor
}

/// Notes when a top-level EPSG code disagrees with the parameters.
fn check_authority(node: &Node, crs: &Crs, notes: &mut Vec<String>) {
    let Some(code) = epsg_id(node) else { return };
    let agrees = match (Crs::from_epsg(code), crs) {
        (None, _) => {
            notes.push(format!(
                "EPSG:{code} is not a code sanxian knows; recognised by parameters as {crs}"
            ));
            return;
        }
        (Some(Crs::Geographic { datum: a }), Crs::Geographic { datum: b }) => a == *b,
        (
            Some(Crs::GaussKruger { datum: a, zone: za }),
            Crs::GaussKruger { datum: b, zone: zb },
        ) => a == *b && same_zone_parameters(&za, zb),
        _ => false,
    };
    if !agrees {
        let named = Crs::from_epsg(code).map(|c| c.name()).unwrap_or_default();
        notes.push(format!(
            "the WKT says EPSG:{code} ({named}), but parameters say {crs}; using the parameters"
        ));
    }
}

/// ESRI-flavoured WKT for a `.prj` file, exactly as ArcGIS writes it.
///
/// Names follow ESRI's (`CGCS2000_3_Degree_GK_Zone_39`, `CGCS2000_3_Degree_GK_CM_117E`,
/// `CGCS2000_GK_Zone_19`, `Xian_1980_…`, `Beijing_1954_…`); parameters are written in ArcGIS's
/// order. A zone that is no EPSG zone (other scale factor, false northing or easting) is named
/// `<datum>_Transverse_Mercator`. [`parse`] reads the output back to the same CRS.
///
/// ```
/// use sanxian_io::prj;
/// use sanxian_types::Crs;
/// let crs = Crs::from_epsg(4490).unwrap();
/// assert_eq!(
///     prj::to_esri_wkt(&crs),
///     r#"GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]"#
/// );
/// ```
pub fn to_esri_wkt(crs: &Crs) -> String {
    let datum = crs.datum();
    let (gcs, d, spheroid) = match datum {
        Datum::Cgcs2000 => (
            "GCS_China_Geodetic_Coordinate_System_2000",
            "D_China_2000",
            "CGCS2000",
        ),
        Datum::Wgs84 => ("GCS_WGS_1984", "D_WGS_1984", "WGS_1984"),
        Datum::Xian1980 => ("GCS_Xian_1980", "D_Xian_1980", "Xian_1980"),
        Datum::Beijing1954 => ("GCS_Beijing_1954", "D_Beijing_1954", "Krasovsky_1940"),
    };
    let e = datum.ellipsoid();
    let geogcs = format!(
        r#"GEOGCS["{gcs}",DATUM["{d}",SPHEROID["{spheroid}",{},{}]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]"#,
        num(e.a),
        num(e.inv_f)
    );
    let Crs::GaussKruger { zone, .. } = crs else {
        return geogcs;
    };
    let (name, projection) = esri_name(datum, zone);
    format!(
        r#"PROJCS["{name}",{geogcs},PROJECTION["{projection}"],PARAMETER["False_Easting",{}],PARAMETER["False_Northing",{}],PARAMETER["Central_Meridian",{}],PARAMETER["Scale_Factor",{}],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]"#,
        num(zone.false_easting),
        num(zone.false_northing),
        num(zone.central_meridian),
        num(zone.scale_factor)
    )
}

/// ESRI's name and projection name for a zone.
fn esri_name(datum: Datum, zone: &GkZone) -> (String, &'static str) {
    let p = match datum {
        Datum::Cgcs2000 => "CGCS2000",
        Datum::Wgs84 => "WGS_1984",
        Datum::Xian1980 => "Xian_1980",
        Datum::Beijing1954 => "Beijing_1954",
    };
    let cm = zone.central_meridian;
    let gk = zone.scale_factor == 1.0 && zone.false_northing == 0.0;
    let unprefixed = zone.false_easting == 500_000.0 && cm.fract() == 0.0;
    let name = match (gk, zone.implied_width(), zone.prefix()) {
        (true, Some(ZoneWidth::Three), Some(z)) => format!("{p}_3_Degree_GK_Zone_{z}"),
        (true, Some(ZoneWidth::Six), Some(z)) => format!("{p}_GK_Zone_{z}"),
        (true, Some(ZoneWidth::Three), None) if unprefixed => {
            format!("{p}_3_Degree_GK_CM_{cm}E")
        }
        // ESRI spells out the 6° CM zones of Beijing 1954 only.
        (true, Some(ZoneWidth::Six), None) if unprefixed && datum == Datum::Beijing1954 => {
            format!("{p}_Gauss_Kruger_CM_{cm}E")
        }
        (true, Some(ZoneWidth::Six), None) if unprefixed => format!("{p}_GK_CM_{cm}E"),
        _ => format!("{p}_Transverse_Mercator"),
    };
    let projection = if gk {
        "Gauss_Kruger"
    } else {
        "Transverse_Mercator"
    };
    (name, projection)
}

/// A number as ArcGIS writes it: shortest round-trip form with at least one decimal
/// (`39500000.0`, `298.257222101`).
fn num(x: f64) -> String {
    // `+ 0.0` turns −0 into 0.
    format!("{:?}", x + 0.0)
}
