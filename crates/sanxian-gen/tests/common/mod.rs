//! Independent checks for the generator's tests: brute-force candidate joins and geo's
//! validation, boolean operations and geodesic area as oracles.
#![allow(dead_code)]

use std::collections::BTreeMap;

use geo::orient::{Direction, Orient};
use geo::{Area, BooleanOps, BoundingRect, GeodesicArea, MapCoords, Validation};
use geo_types::{Coord, MultiPolygon};
use sanxian_gen::{generate, County, CountySpec};
use sanxian_types::{Ellipsoid, GkZone, Layer, LayerKind};

pub fn county(scale: f64, seed: u64, plant_errors: bool) -> County {
    generate(&CountySpec {
        seed,
        scale,
        plant_errors,
        survey: false,
        conflicts: sanxian_gen::Conflicts::Apart,
    })
}

/// (layer code, record) of a feature.
pub type Id = (&'static str, u64);

pub fn id(layer: &Layer, i: usize) -> Id {
    (layer.kind.code(), layer.features[i].id.record)
}

pub fn bbox(g: &MultiPolygon<f64>) -> [f64; 4] {
    let r = g.bounding_rect().expect("non-empty");
    [r.min().x, r.min().y, r.max().x, r.max().y]
}

/// Pairs (i, j), i < j, of items whose boxes meet: sort by x and sweep.
pub fn box_pairs(boxes: &[[f64; 4]]) -> Vec<(usize, usize)> {
    let mut order: Vec<usize> = (0..boxes.len()).collect();
    order.sort_by(|&a, &b| boxes[a][0].total_cmp(&boxes[b][0]));
    let mut out = Vec::new();
    for (k, &i) in order.iter().enumerate() {
        for &j in &order[k + 1..] {
            if boxes[j][0] > boxes[i][2] {
                break;
            }
            if boxes[j][1] <= boxes[i][3] && boxes[i][1] <= boxes[j][3] {
                out.push((i.min(j), i.max(j)));
            }
        }
    }
    out.sort_unstable();
    out
}

/// Area of the intersection of two geometries (geo / i_overlay), m².
pub fn overlap_area(a: &MultiPolygon<f64>, b: &MultiPolygon<f64>) -> f64 {
    // Shift to a local origin: i_overlay works on fixed-point integers internally.
    let o = a.0[0].exterior().0[0];
    let shift = |g: &MultiPolygon<f64>| {
        g.map_coords(|c| Coord {
            x: c.x - o.x,
            y: c.y - o.y,
        })
    };
    shift(a).intersection(&shift(b)).unsigned_area()
}

/// All pairs of features of the three control lines whose overlap exceeds `min_area`, with the
/// overlap area; keys ordered.
pub fn overlapping_pairs(county: &County, min_area: f64) -> BTreeMap<(Id, Id), f64> {
    let layers = [&county.red_line, &county.farmland, &county.urban_boundary];
    let mut items: Vec<(Id, &MultiPolygon<f64>)> = Vec::new();
    for l in layers {
        for (i, f) in l.features.iter().enumerate() {
            items.push((id(l, i), &f.geometry));
        }
    }
    let boxes: Vec<[f64; 4]> = items.iter().map(|(_, g)| bbox(g)).collect();
    let mut out = BTreeMap::new();
    for (i, j) in box_pairs(&boxes) {
        let a = overlap_area(items[i].1, items[j].1);
        if a > min_area {
            let (x, y) = (items[i].0, items[j].0);
            out.insert((x.min(y), x.max(y)), a);
        }
    }
    out
}

/// For each feature of a layer, (code of the county holding most of it, area inside counties,
/// planar area).
pub fn county_of_features(county: &County, layer: &Layer) -> Vec<(String, f64, f64)> {
    let admin = &county.admin_area;
    let admin_boxes: Vec<[f64; 4]> = admin.features.iter().map(|f| bbox(&f.geometry)).collect();
    layer
        .features
        .iter()
        .map(|f| {
            let b = bbox(&f.geometry);
            let mut best = (String::new(), 0.0);
            let mut inside = 0.0;
            for (k, cf) in admin.features.iter().enumerate() {
                let cb = admin_boxes[k];
                if cb[0] > b[2] || b[0] > cb[2] || cb[1] > b[3] || b[1] > cb[3] {
                    continue;
                }
                let a = overlap_area(&f.geometry, &cf.geometry);
                inside += a;
                if a > best.1 {
                    best = (cf.attributes[2].to_string(), a);
                }
            }
            (best.0, inside, planar_area(&f.geometry))
        })
        .collect()
}

/// Planar area with geo (unsigned, holes subtracted).
pub fn planar_area(g: &MultiPolygon<f64>) -> f64 {
    g.unsigned_area()
}

/// Geodesic area on WGS84 (geographiclib via geo) of EPSG:4527 coordinates; CGCS2000 differs in
/// flattening by 10⁻¹¹ relative, far below the 0.01 m² of MJ. geo wants shells counter-clockwise.
pub fn geodesic_area(g: &MultiPolygon<f64>) -> f64 {
    let tm = GkZone::three_degree_prefixed(39).projection(&Ellipsoid::CGCS2000);
    g.orient(Direction::Default)
        .map_coords(|c| {
            let (lon, lat) = tm.inverse(c.x, c.y);
            Coord { x: lon, y: lat }
        })
        .geodesic_area_unsigned()
}

pub fn is_valid(g: &MultiPolygon<f64>) -> bool {
    g.is_valid()
}

/// Index of the first vertex equal to its predecessor in any ring, if any.
pub fn repeated_vertex(g: &MultiPolygon<f64>) -> Option<usize> {
    for p in &g.0 {
        for ring in std::iter::once(p.exterior()).chain(p.interiors()) {
            if let Some(i) = ring.0.windows(2).position(|w| w[0] == w[1]) {
                return Some(i + 1);
            }
        }
    }
    None
}

/// Smallest interior angle between consecutive edges over all rings, degrees.
pub fn min_vertex_angle(g: &MultiPolygon<f64>) -> f64 {
    let mut min = 180.0f64;
    for p in &g.0 {
        for ring in std::iter::once(p.exterior()).chain(p.interiors()) {
            let pts = &ring.0[..ring.0.len() - 1];
            let n = pts.len();
            for i in 0..n {
                let (a, b, c) = (pts[(i + n - 1) % n], pts[i], pts[(i + 1) % n]);
                let (u, v) = (a - b, c - b);
                let cos = (u.x * v.x + u.y * v.y) / ((u.x.hypot(u.y)) * (v.x.hypot(v.y)));
                min = min.min(cos.clamp(-1.0, 1.0).acos().to_degrees());
            }
        }
    }
    min
}

pub fn layer<'a>(county: &'a County, code: &str) -> &'a Layer {
    county
        .layers()
        .into_iter()
        .find(|l| l.kind.code() == code)
        .expect("layer code")
}

pub const CONTROL_LINES: [LayerKind; 3] = [
    LayerKind::EcologicalRedLine,
    LayerKind::PermanentBasicFarmland,
    LayerKind::UrbanDevelopmentBoundary,
];
