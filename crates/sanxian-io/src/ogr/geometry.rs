//! OGR geometries to sanxian multipolygons, in 2D.

use std::fmt;

use gdal::vector::{
    geometry_type_flatten, geometry_type_has_m, geometry_type_has_z, Geometry,
    OGRwkbGeometryType as Wkb,
};
use geo_types::{Coord, MultiPolygon, Polygon};

use crate::rings::{assemble_ring, RingOutcome};

/// A record's geometry as a multipolygon, and what was changed to get it.
#[derive(Debug)]
pub(super) struct Converted {
    /// The polygons, in the source CRS.
    pub polygons: MultiPolygon<f64>,
    /// Z or M values were present and dropped.
    pub dropped_zm: bool,
    /// Curves were linearised by OGR.
    pub linearised: bool,
    /// Repairs made and parts left out (rings closed, unusable holes dropped …), for warnings.
    pub notes: Vec<String>,
}

/// Why a record's geometry cannot be used.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Rejected {
    /// The record has no geometry at all.
    Null,
    /// The geometry is empty.
    Empty,
    /// The geometry is not a polygon (OGR's name of its type).
    NotPolygon(String),
    /// A polygon that cannot be used as is.
    Invalid(String),
}

impl Rejected {
    /// Is the rejected geometry still a polygon (so the layer is a polygon layer)?
    pub fn is_polygon(&self) -> bool {
        matches!(self, Rejected::Invalid(_))
    }
}

impl fmt::Display for Rejected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Rejected::Null => f.write_str("empty geometry (null)"),
            Rejected::Empty => f.write_str("empty geometry"),
            Rejected::NotPolygon(name) => write!(f, "{name} geometry, not a polygon"),
            Rejected::Invalid(why) => f.write_str(why),
        }
    }
}

/// Is an OGR geometry type one whose records sanxian reads as polygons?
pub(super) fn is_polygonal(ty: Wkb::Type) -> bool {
    matches!(
        geometry_type_flatten(ty),
        Wkb::wkbPolygon
            | Wkb::wkbMultiPolygon
            | Wkb::wkbCurvePolygon
            | Wkb::wkbMultiSurface
            | Wkb::wkbTriangle
    )
}

/// Converts a record's geometry to a 2D multipolygon.
///
/// Polygons, multipolygons and geometry collections of them are taken as they are; curve
/// polygons and multisurfaces are linearised by OGR first. Empty parts of a multipolygon are
/// left out with a note; so is an unusable hole, while an unusable shell rejects the record.
pub(super) fn to_multipolygon(geometry: &Geometry) -> Result<Converted, Rejected> {
    if geometry.is_empty() {
        return Err(Rejected::Empty);
    }
    let mut out = Converted {
        polygons: MultiPolygon(Vec::new()),
        dropped_zm: false,
        linearised: false,
        notes: Vec::new(),
    };
    collect(geometry, &mut out)?;
    if out.polygons.0.is_empty() {
        return Err(Rejected::Empty);
    }
    Ok(out)
}

fn collect(geometry: &Geometry, out: &mut Converted) -> Result<(), Rejected> {
    let ty = geometry.geometry_type();
    out.dropped_zm |= geometry_type_has_z(ty) || geometry_type_has_m(ty);
    match geometry_type_flatten(ty) {
        Wkb::wkbPolygon | Wkb::wkbTriangle => {
            if let Some(polygon) = polygon(geometry, out)? {
                out.polygons.0.push(polygon);
            }
        }
        Wkb::wkbMultiPolygon | Wkb::wkbGeometryCollection => {
            for i in 0..geometry.geometry_count() {
                collect(&geometry.get_geometry(i), out)?;
            }
        }
        Wkb::wkbCurvePolygon | Wkb::wkbMultiSurface => {
            let name = geometry.geometry_name();
            let linear = linearise(geometry)
                .filter(|g| geometry_type_flatten(g.geometry_type()) == Wkb::wkbMultiPolygon)
                .ok_or_else(|| Rejected::Invalid(format!("GDAL could not linearise the {name}")))?;
            out.linearised = true;
            collect(&linear, out)?;
        }
        _ => return Err(Rejected::NotPolygon(geometry.geometry_name())),
    }
    Ok(())
}

fn polygon(geometry: &Geometry, out: &mut Converted) -> Result<Option<Polygon<f64>>, Rejected> {
    let part = out.polygons.0.len() + 1;
    let mut shell = None;
    let mut holes = Vec::new();
    let mut points = Vec::new();
    for i in 0..geometry.geometry_count() {
        points.clear();
        geometry.get_geometry(i).get_points(&mut points);
        let which = if i == 0 {
            format!("polygon {part} shell")
        } else {
            format!("polygon {part} hole {i}")
        };
        // A non-finite coordinate means the file is damaged: the record goes, even in a hole.
        if let Some(v) = points
            .iter()
            .position(|&(x, y, _)| !x.is_finite() || !y.is_finite())
        {
            let (x, y, _) = points[v];
            return Err(Rejected::Invalid(format!(
                "{which}: vertex {} has a non-finite coordinate ({x}, {y})",
                v + 1
            )));
        }
        let coords = points.iter().map(|&(x, y, _)| Coord { x, y }).collect();
        let ring = match assemble_ring(coords) {
            RingOutcome::Ok(ring) => ring,
            RingOutcome::Repaired(ring, note) => {
                out.notes.push(format!("{which}: {note}"));
                ring
            }
            RingOutcome::Unusable(why) if i == 0 => {
                return Err(Rejected::Invalid(format!("{which}: {why}")))
            }
            RingOutcome::Unusable(why) => {
                out.notes.push(format!("{which}: {why}; hole dropped"));
                continue;
            }
        };
        if i == 0 {
            shell = Some(ring);
        } else {
            holes.push(ring);
        }
    }
    match shell {
        Some(shell) => Ok(Some(Polygon::new(shell, holes))),
        None => {
            out.notes
                .push(format!("polygon {part} has no rings: ignored"));
            Ok(None)
        }
    }
}

/// OGR's linear approximation of a curve geometry, as a multipolygon (arcs become segments of at
/// most `OGR_ARC_STEPSIZE` degrees, 4° by default). `None` when OGR fails.
///
/// The gdal crate wraps neither `OGR_G_ForceTo` nor `OGR_G_GetLinearGeometry`, hence the FFI.
#[allow(unsafe_code)]
fn linearise(geometry: &Geometry) -> Option<Geometry> {
    let copy = geometry.clone();
    // SAFETY: `into_c_geometry` releases our ownership of the clone, a valid geometry, and
    // OGR_G_ForceTo takes it over (it returns it converted, or destroys it). The result, when not
    // null, is a geometry we own: we wrap it in a non-owning view only to clone it into an owned
    // `Geometry`, then destroy it. The view is not used after that; dropping a non-owning view
    // does not touch the pointer.
    unsafe {
        let forced = gdal_sys::OGR_G_ForceTo(
            copy.into_c_geometry(),
            Wkb::wkbMultiPolygon,
            std::ptr::null_mut(),
        );
        if forced.is_null() {
            return None;
        }
        let view = Geometry::lazy_feature_geometry();
        view.set_c_geometry(forced);
        let owned = view.clone();
        gdal_sys::OGR_G_DestroyGeometry(forced);
        Some(owned)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use gdal::vector::ToGdal;

    fn convert(wkt: &str) -> Result<Converted, Rejected> {
        to_multipolygon(&Geometry::from_wkt(wkt).expect("test WKT"))
    }

    #[test]
    fn polygon_with_hole_is_kept_exactly() {
        let c = convert("POLYGON((0 0,10 0,10 10,0 10,0 0),(2 2,2 4,4 4,2 2))").unwrap();
        assert_eq!(c.polygons.0.len(), 1);
        assert_eq!(c.polygons.0[0].interiors().len(), 1);
        assert_eq!(c.polygons.0[0].exterior().0[2], Coord { x: 10.0, y: 10.0 });
        assert!(!c.dropped_zm && !c.linearised);
        assert!(c.notes.is_empty());
    }

    #[test]
    fn z_and_m_are_dropped() {
        let c = convert("MULTIPOLYGON ZM (((0 0 1 2,1 0 1 2,1 1 1 2,0 0 1 2)))").unwrap();
        assert!(c.dropped_zm);
        assert_eq!(c.polygons.0[0].exterior().0[1], Coord { x: 1.0, y: 0.0 });
    }

    #[test]
    fn curve_polygon_is_linearised() {
        let c = convert("CURVEPOLYGON(CIRCULARSTRING(0 0,1 1,2 0,1 -1,0 0))").unwrap();
        assert!(c.linearised);
        let ring = c.polygons.0[0].exterior();
        assert!(ring.0.len() > 20, "{} points", ring.0.len());
        // Every vertex lies on the unit circle around (1, 0).
        for p in &ring.0 {
            assert!((((p.x - 1.0).powi(2) + p.y.powi(2)).sqrt() - 1.0).abs() < 1e-9);
        }
    }

    #[test]
    fn collections_of_polygons_are_accepted_and_others_rejected() {
        let c = convert(
            "GEOMETRYCOLLECTION(POLYGON((0 0,1 0,1 1,0 0)),MULTIPOLYGON(((5 5,6 5,6 6,5 5))))",
        )
        .unwrap();
        assert_eq!(c.polygons.0.len(), 2);
        assert_eq!(
            convert("GEOMETRYCOLLECTION(POLYGON((0 0,1 0,1 1,0 0)),POINT(3 3))").unwrap_err(),
            Rejected::NotPolygon("POINT".into())
        );
        assert_eq!(
            convert("LINESTRING(0 0,1 1)").unwrap_err(),
            Rejected::NotPolygon("LINESTRING".into())
        );
    }

    #[test]
    fn empty_and_non_finite_are_rejected() {
        assert_eq!(convert("POLYGON EMPTY").unwrap_err(), Rejected::Empty);
        assert_eq!(convert("MULTIPOLYGON EMPTY").unwrap_err(), Rejected::Empty);
        // WKT cannot spell NaN: build the polygons through geo-types.
        let ring = |pts: &[(f64, f64)]| geo_types::LineString::from(pts.to_vec());
        let shell = ring(&[(0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 0.0)]);
        let bad = ring(&[(1.0, 1.0), (f64::NAN, 1.0), (2.0, 2.0), (1.0, 1.0)]);
        let ogr = |p: Polygon<f64>| p.to_gdal().expect("test polygon");
        let e = to_multipolygon(&ogr(Polygon::new(bad.clone(), vec![]))).unwrap_err();
        assert!(
            e.is_polygon() && e.to_string().contains("non-finite"),
            "{e}"
        );
        let e = to_multipolygon(&ogr(Polygon::new(shell, vec![bad]))).unwrap_err();
        assert!(
            e.to_string().starts_with("polygon 1 hole 1: vertex 2"),
            "{e}"
        );
    }

    #[test]
    fn open_rings_are_closed_and_short_holes_dropped() {
        let c = convert("POLYGON((0 0,10 0,10 10),(1 1,2 1,1 1))").unwrap();
        assert_eq!(c.polygons.0[0].exterior().0.len(), 4);
        assert!(c.polygons.0[0].interiors().is_empty());
        assert_eq!(c.notes.len(), 2, "{:?}", c.notes);
        assert!(c.notes[0].starts_with("polygon 1 shell: ring not closed"));
        assert!(c.notes[1].ends_with("hole dropped"));
        let e = convert("POLYGON((0 0,1 0,0 0))").unwrap_err();
        assert!(e.to_string().contains("fewer than the 4"), "{e}");
    }
}
