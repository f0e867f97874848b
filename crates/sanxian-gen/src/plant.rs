//! Planted errors: deliberate faults of geometry, attributes, structure and topology (and, with
//! the land survey, of the survey and the farmland on it), each placed so that it causes exactly
//! the findings the manifest lists and nothing else.
//!
//! New stand-alone features go into the vacant cells the scene reserved (nothing else within a
//! cell of them) or into the clearance ring around a red-line or urban polygon (no other feature
//! within [`CLEARANCE`](crate::scene::CLEARANCE) m). Modified farmland patches are chosen at least
//! three cells apart from each other, so two planted errors never touch the same neighbourhood.

use geo_types::{Coord, MultiPolygon};
use sanxian_types::{Field, FieldType, Layer, LayerKind, Value};

use crate::area::{
    clip_convex, perimeter, planar_overlap_convex, planar_signed, rect_ring, round2,
    segment_crossing, EllipsoidArea,
};
use crate::features::{
    farmland_attrs, multi, placed_polygon, red_attrs, reversed, schema, shapefile_multi, Drafts,
    F_BSM, F_CODE, F_NAME,
};
use crate::grid::{EDGE_POINTS, INNER_HALF};
use crate::manifest::PlantedKind;
use crate::rng::{mm, sin_cos, SplitMix64};
use crate::scene::{tag, Placed, Scene};
use crate::COUNTIES;

// Stand-alone planted features reach at most 12 m along either axis from the centre of their
// reserved cell, inside the square that every cell contains.
const _: () = assert!(12.0 < INNER_HALF);

/// A feature a planted error refers to, before record numbers are known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ref {
    /// A draft of a layer, by key.
    Key(LayerKind, (u64, u32)),
    /// The survey patch covering a grid cell (by cell index).
    SurveyCell(usize),
}

/// A planted error whose features are still named by draft keys.
#[derive(Debug, Clone)]
pub struct Planted {
    /// What and the expected facts.
    pub kind: PlantedKind,
    /// The layer the finding is reported under (the first feature's, unless it has none).
    pub layer: LayerKind,
    /// Features involved, planted one first.
    pub refs: Vec<Ref>,
    /// One line in plain words.
    pub description: String,
}

impl Planted {
    fn new(kind: PlantedKind, refs: Vec<(LayerKind, (u64, u32))>, description: &str) -> Planted {
        Planted {
            kind,
            layer: refs.first().map_or(LayerKind::Other, |r| r.0),
            refs: refs.into_iter().map(|(l, k)| Ref::Key(l, k)).collect(),
            description: description.to_string(),
        }
    }
}

pub(crate) struct Picker<'a> {
    scene: &'a Scene,
    pub(crate) used: Vec<bool>,
    pub(crate) rng: SplitMix64,
    /// The county-0 cell beside the planted gap between counties, if planted.
    pub(crate) notch: Option<usize>,
}

impl Picker<'_> {
    /// Claims a cell and its neighbours within two cells.
    pub(crate) fn claim(&mut self, r: usize, c: usize) {
        let g = &self.scene.grid;
        for rr in r.saturating_sub(2)..(r + 3).min(g.rows) {
            for cc in c.saturating_sub(2)..(c + 3).min(g.cols) {
                self.used[g.cell_index(rr, cc)] = true;
            }
        }
    }

    /// A run of `len` unclaimed farmland cells in one row and one county; returns the draft
    /// index of each (originals are numbered like `scene.farmland`).
    fn farmland_run(&mut self, len: usize) -> Option<Vec<usize>> {
        let s = self.scene;
        let g = &s.grid;
        for _ in 0..200_000 {
            let i = self.rng.below(s.farmland.len());
            let (r, c) = s.farmland[i];
            if c + len > g.cols {
                continue;
            }
            let k = s.layout.county[g.cell_index(r, c)];
            let ok = (0..len).all(|d| {
                let j = g.cell_index(r, c + d);
                s.is_farmland[j] && !self.used[j] && s.layout.county[j] == k
            });
            if ok {
                for d in 0..len {
                    self.claim(r, c + d);
                }
                // Farmland drafts are in row-major cell order, so the run is consecutive.
                return Some((i..i + len).collect());
            }
        }
        None
    }
}

fn xy(c: Coord<f64>) -> [f64; 2] {
    [c.x, c.y]
}

fn at(c: Coord<f64>, dx: f64, dy: f64) -> Coord<f64> {
    Coord {
        x: mm(c.x + dx),
        y: mm(c.y + dy),
    }
}

fn mm_coord(c: Coord<f64>) -> Coord<f64> {
    at(c, 0.0, 0.0)
}

/// Plants the errors into clean drafts; returns them and the picker (which cells are taken) for
/// the survey's planted errors.
pub fn plant<'a>(
    scene: &'a Scene,
    d: &mut Drafts,
    area: &EllipsoidArea,
    seed: u64,
) -> (Vec<Planted>, Picker<'a>) {
    const F: LayerKind = LayerKind::PermanentBasicFarmland;
    const R: LayerKind = LayerKind::EcologicalRedLine;
    const U: LayerKind = LayerKind::UrbanDevelopmentBoundary;
    let g = &scene.grid;
    let mut pick = Picker {
        scene,
        used: vec![false; g.rows * g.cols],
        rng: SplitMix64::new(seed, tag::PLANT),
        notch: None,
    };
    let mut out = Vec::new();
    let n_farm = d.farmland.originals() as u64;
    let county_of = |r: usize, c: usize| scene.layout.county[g.cell_index(r, c)];
    let key_of = |i: usize| (i as u64, 0u32);

    // New farmland patch helper: attributes of county k, inserted after a random original.
    let new_farmland = |d: &mut Drafts, rng: &mut SplitMix64, geom: MultiPolygon<f64>, k| {
        let bsm = d.farmland.bsm(k);
        let tbbh = d.farmland.tbbh(k);
        let bbh = d.farmland.bbh(k);
        // New patches are paddy (0101), as the survey cells under them are made.
        let key = d.farmland.insert_key(rng.below(n_farm as usize) as u64);
        d.farmland
            .push(key, geom, farmland_attrs(bsm, k, tbbh, bbh, 0));
        key
    };

    // 1. Bow-tie farmland patch in a reserved cell.
    {
        let (r, c) = scene.reserved.interior[0];
        let ctr = mm_coord(g.cell_centre(r, c));
        let (a, b, cc, dd) = (
            at(ctr, -10.0, -10.0),
            at(ctr, 10.0, 10.0),
            at(ctr, 10.0, -10.0),
            at(ctr, -10.0, 2.0),
        );
        let x = segment_crossing(a, b, cc, dd).expect("bow-tie edges cross");
        let lobes = area.ring_signed(&[a, x, dd, a]).abs() + area.ring_signed(&[x, b, cc, x]).abs();
        // The larger lobe clockwise, so that writers orienting by signed area keep the order.
        let mut ring = vec![a, b, cc, dd, a];
        if planar_signed(&ring) > 0.0 {
            ring.reverse();
        }
        let (vertex_index, x) = crossing(&ring).expect("bow-tie edges cross");
        let key = new_farmland(d, &mut pick.rng, multi(ring, vec![]), county_of(r, c));
        let i = d.farmland.find(key).expect("just pushed");
        d.farmland.drafts[i].mj = Some(round2(lobes));
        out.push(Planted::new(
            PlantedKind::SelfIntersection {
                crossing_point: xy(x),
                vertex_index,
            },
            vec![(F, key)],
            "farmland patch whose ring crosses itself (bow-tie); MJ is the sum of \
                          its two lobes",
        ));
    }

    // 2. Exact duplicate of a farmland patch (new BSM, everything else equal).
    {
        let i = pick.farmland_run(1).expect("farmland")[0];
        let orig = d.farmland.drafts[i].clone();
        let key = d.farmland.insert_key(orig.key.0);
        let mut attrs = orig.attrs.clone();
        let k = COUNTIES
            .iter()
            .position(|c| Some(c.0) == attrs[F_CODE].as_str())
            .unwrap_or(0) as u8;
        attrs[F_BSM] = Value::Text(d.farmland.bsm(k).into());
        attrs[schema::farm::YJJBNTTBBH] = Value::Text(d.farmland.bbh(k).into());
        d.farmland.push(key, orig.geometry.clone(), attrs);
        let a = planar_signed(&orig.geometry.0[0].exterior().0).abs();
        out.push(Planted::new(
            PlantedKind::DuplicateGeometry {
                overlap_area_m2: round2(a),
            },
            vec![(F, key), (F, key_of(i))],
            "farmland patch duplicated: same geometry and attributes, new BSM and YJJBNTTBBH",
        ));
    }

    // 3. Sliver: 24 m × 0.5 m, turned 30°, in a reserved cell.
    {
        let (r, c) = scene.reserved.interior[1];
        let ctr = mm_coord(g.cell_centre(r, c));
        let (s, co) = sin_cos(std::f64::consts::FRAC_PI_6);
        let (ux, uy, vx, vy) = (12.0 * co, 12.0 * s, -0.25 * s, 0.25 * co);
        let ring: Vec<Coord<f64>> = [
            (-1.0, -1.0),
            (1.0, -1.0),
            (1.0, 1.0),
            (-1.0, 1.0),
            (-1.0, -1.0),
        ]
        .iter()
        .map(|&(a, b)| at(ctr, a * ux + b * vx, a * uy + b * vy))
        .collect();
        let a = planar_signed(&ring).abs();
        let p = perimeter(&ring);
        let thinness = 4.0 * std::f64::consts::PI * a / (p * p);
        let key = new_farmland(d, &mut pick.rng, cw(ring), county_of(r, c));
        out.push(Planted::new(
            PlantedKind::Sliver {
                area_m2: round2(a),
                thinness: (thinness * 1e6).round() / 1e6,
            },
            vec![(F, key)],
            "sliver farmland patch, 24 m long and 0.5 m wide",
        ));
    }

    // 4. Tiny polygon: an irregular pentagon of about 14 m² (a sliver by area, above the
    //    fragment area).
    {
        let (r, c) = scene.reserved.interior[2];
        let ctr = mm_coord(g.cell_centre(r, c));
        let mut ring: Vec<Coord<f64>> = (0..5)
            .map(|k| {
                let (s, co) = sin_cos(std::f64::consts::TAU * (k as f64 + 0.2) / 5.0);
                let rad = [2.6, 2.2, 3.0, 2.4, 1.9][k];
                at(ctr, rad * co, rad * s)
            })
            .collect();
        ring.push(ring[0]);
        let a = planar_signed(&ring).abs();
        let key = new_farmland(d, &mut pick.rng, cw(ring), county_of(r, c));
        out.push(Planted::new(
            PlantedKind::TinyPolygon { area_m2: round2(a) },
            vec![(F, key)],
            "farmland patch of a few square metres",
        ));
    }

    // 5. Two neighbouring farmland patches overlap: P's shared edge pushed 4 m into Q.
    {
        let run = pick.farmland_run(2).expect("two neighbouring patches");
        let (ip, iq) = (run[0], run[1]);
        let (r, c) = scene.farmland[ip];
        let mut ring = g.cell_ring(r, c);
        // P's east edge is ring[12..=18], north to south; its middle points are 14, 15, 16.
        let (a, b) = (g.node(r, c + 1), g.node(r + 1, c + 1));
        let (dx, dy) = (b.x - a.x, b.y - a.y);
        let len = (dx * dx + dy * dy).sqrt();
        let n = Coord {
            x: dy / len,
            y: -dx / len,
        };
        let start = 2 * (EDGE_POINTS + 1) + 1;
        let orig: Vec<Coord<f64>> = ring[start..start + 5].to_vec();
        for p in &mut ring[start + 1..start + 4] {
            *p = at(*p, 4.0 * n.x, 4.0 * n.y);
        }
        let mut lens: Vec<Coord<f64>> = ring[start..start + 5].to_vec();
        lens.extend(orig[1..4].iter().rev());
        lens.push(lens[0]);
        let overlap = planar_signed(&lens).abs();
        d.farmland.drafts[ip].geometry = multi(ring, vec![]);
        out.push(Planted::new(
            PlantedKind::Overlap {
                overlap_area_m2: round2(overlap),
            },
            vec![(F, key_of(ip)), (F, key_of(iq))],
            "farmland patch whose shared edge was pushed 4 m into its neighbour",
        ));
    }

    // 6. Multipart: a patch absorbs the patch two cells east (the cell between stays apart).
    {
        let run = pick.farmland_run(3).expect("three patches in a row");
        let (ia, ib) = (run[0], run[2]);
        let second = d.farmland.drafts[ib].geometry.0[0].clone();
        d.farmland.drafts[ia].geometry.0.push(second);
        d.farmland.drafts[ib].removed = true;
        out.push(Planted::new(
            PlantedKind::Multipart { parts: 2 },
            vec![(F, key_of(ia))],
            "farmland feature made of two separate patches",
        ));
    }

    // 7. XZQDM naming another county.
    {
        let i = pick.farmland_run(1).expect("farmland")[0];
        let (r, c) = scene.farmland[i];
        let k = county_of(r, c);
        // The county across the west/east split: always a neighbour.
        let wrong = (k ^ 1) as usize;
        let attrs = &mut d.farmland.drafts[i].attrs;
        attrs[F_CODE] = Value::Text(COUNTIES[wrong].0.into());
        attrs[F_NAME] = Value::Text(COUNTIES[wrong].1.into());
        out.push(Planted::new(
            PlantedKind::AdminCodeMismatch {
                field: "XZQDM".into(),
                declared: COUNTIES[wrong].0.into(),
                actual: COUNTIES[k as usize].0.into(),
            },
            vec![(F, key_of(i))],
            "farmland patch whose XZQDM/XZQMC name a neighbouring county",
        ));
    }

    // 8. MJ 37 % too large.
    {
        let i = pick.farmland_run(1).expect("farmland")[0];
        let truth = round2(area.multi_polygon(&d.farmland.drafts[i].geometry));
        let declared = round2(truth * 1.37);
        d.farmland.drafts[i].mj = Some(declared);
        out.push(Planted::new(
            PlantedKind::AreaMismatch {
                declared_mj: declared,
                ellipsoid_area_m2: truth,
            },
            vec![(F, key_of(i))],
            "farmland patch whose MJ is 37 % above its ellipsoid area",
        ));
    }

    // 9. Two patches with one BSM.
    {
        let ie = pick.farmland_run(1).expect("farmland")[0];
        let i_f = pick.farmland_run(1).expect("farmland")[0];
        let bsm = d.farmland.drafts[ie].attrs[F_BSM].clone();
        d.farmland.drafts[i_f].attrs[F_BSM] = bsm.clone();
        out.push(Planted::new(
            PlantedKind::DuplicateBsm {
                bsm: bsm.as_str().unwrap_or_default().to_string(),
            },
            vec![(F, key_of(i_f)), (F, key_of(ie))],
            "two different farmland patches share one BSM",
        ));
    }

    // 10. A patch straddling the west edge of the study area.
    {
        let (r, c) = scene.reserved.west_edge;
        let mid = g.edge_points(r, c, false)[EDGE_POINTS / 2];
        let rect = rect_ring(mid, 15.0, 10.0);
        let inside = planar_signed(&clip_convex(&g.cell_ring(r, c), &rect)).abs();
        let key = new_farmland(d, &mut pick.rng, cw(rect), county_of(r, c));
        out.push(Planted::new(
            PlantedKind::OutsideAdminArea {
                outside_area_m2: round2(600.0 - inside),
                inside_area_m2: round2(inside),
            },
            vec![(F, key)],
            "farmland patch reaching past the outer boundary of the counties",
        ));
    }

    // Red lines and urban areas used for planting, by size.
    let by_size = |v: &[Placed]| {
        let mut idx: Vec<usize> = (0..v.len()).collect();
        idx.sort_by(|&a, &b| v[b].r_max.total_cmp(&v[a].r_max).then(a.cmp(&b)));
        idx
    };
    let reds = by_size(&scene.red);
    let urbans = by_size(&scene.urban);
    let red_a = reds[0];
    let red_b = *reds[1..]
        .iter()
        .find(|&&i| scene.red[i].holes.is_empty())
        .expect("a red line without holes");
    let mut rest: Vec<usize> = reds
        .iter()
        .copied()
        .filter(|&i| i != red_a && i != red_b)
        .collect();
    let mut take_red = |rng: &mut SplitMix64| rest.remove(rng.below(rest.len()));
    let (urban_1, urban_2) = (urbans[0], urbans[1]);

    // 11. Farmland straddling a red line's outermost vertex.
    {
        let p = &scene.red[red_a];
        let rect = rect_ring(p.shell[p.i_max], 15.0, 15.0);
        let overlap = planar_overlap_convex(&placed_polygon(p), &rect);
        let key = new_farmland(d, &mut pick.rng, cw(rect), p.county);
        out.push(Planted::new(
            PlantedKind::CrossLayerOverlap {
                overlap_area_m2: round2(overlap),
            },
            vec![(F, key), (R, (red_a as u64, 0))],
            "farmland patch straddling the edge of a red line",
        ));
    }

    // 12. Farmland wholly inside a red line (a patch the red line should have cut out).
    {
        let p = &scene.red[red_b];
        let s = (0.3 * p.r_in).min(20.0).floor().max(1.0);
        let rect = rect_ring(mm_coord(p.centre), s, s);
        let key = new_farmland(d, &mut pick.rng, cw(rect), p.county);
        out.push(Planted::new(
            PlantedKind::CrossLayerOverlap {
                overlap_area_m2: round2(4.0 * s * s),
            },
            vec![(F, key), (R, (red_b as u64, 0))],
            "farmland patch lying wholly inside a red line",
        ));
    }

    // 13. Farmland straddling an urban boundary.
    {
        let p = &scene.urban[urban_1];
        let rect = rect_ring(p.shell[p.i_max], 15.0, 15.0);
        let overlap = planar_overlap_convex(&placed_polygon(p), &rect);
        let key = new_farmland(d, &mut pick.rng, cw(rect), p.county);
        out.push(Planted::new(
            PlantedKind::CrossLayerOverlap {
                overlap_area_m2: round2(overlap),
            },
            vec![(F, key), (U, (urban_1 as u64, 0))],
            "farmland patch straddling the urban development boundary",
        ));
    }

    // 14. A small red-line polygon straddling an urban boundary.
    {
        let p = &scene.urban[urban_2];
        let v = p.shell[p.i_max];
        let mut ring: Vec<Coord<f64>> = (0..8)
            .map(|k| {
                let (s, co) = sin_cos(std::f64::consts::TAU * (k as f64 + 0.5) / 8.0);
                at(v, 15.0 * co, 15.0 * s)
            })
            .collect();
        ring.push(ring[0]);
        let overlap = planar_overlap_convex(&placed_polygon(p), &ring);
        let bsm = d.red.bsm(p.county);
        let attrs = red_attrs(bsm, p.county, &mut pick.rng);
        let anchor = pick.rng.below(scene.red.len()) as u64;
        let key = d.red.insert_key(anchor);
        d.red.push(key, cw(ring), attrs);
        out.push(Planted::new(
            PlantedKind::CrossLayerOverlap {
                overlap_area_m2: round2(overlap),
            },
            vec![(R, key), (U, (urban_2 as u64, 0))],
            "small red-line polygon straddling the urban development boundary",
        ));
    }

    // 15. Red line with a bow-tie loop at its outermost vertex.
    {
        let i = take_red(&mut pick.rng);
        let p = &scene.red[i];
        let geometry = shapefile_multi(&red_bow_tie(p), &p.holes);
        let (at_index, x) = crossing(&geometry.0[0].exterior().0).expect("a crossing");
        d.red.drafts[i].geometry = geometry;
        out.push(Planted::new(
            PlantedKind::SelfIntersection {
                crossing_point: xy(x),
                vertex_index: at_index,
            },
            vec![(R, (i as u64, 0))],
            "red line whose boundary makes a small bow-tie loop",
        ));
    }

    // 16. Red line with a repeated vertex.
    {
        let i = take_red(&mut pick.rng);
        let p = &scene.red[i];
        let n = p.shell.len() - 1;
        let k = 1 + pick.rng.below(n - 2);
        let mut ring = p.shell.clone();
        ring.insert(k + 1, ring[k]);
        let geometry = shapefile_multi(&ring, &p.holes);
        let ext = &geometry.0[0].exterior().0;
        let at_index = (1..ext.len())
            .find(|&j| ext[j] == ext[j - 1])
            .expect("the repeated vertex");
        d.red.drafts[i].geometry = geometry;
        out.push(Planted::new(
            PlantedKind::DuplicateVertex {
                vertex_index: at_index,
                point: xy(p.shell[k]),
            },
            vec![(R, (i as u64, 0))],
            "red line with a vertex repeated consecutively",
        ));
    }

    // 17. Red line naming another county.
    {
        let i = take_red(&mut pick.rng);
        let k = scene.red[i].county as usize;
        let wrong = k ^ 1;
        let attrs = &mut d.red.drafts[i].attrs;
        attrs[F_CODE] = Value::Text(COUNTIES[wrong].0.into());
        attrs[F_NAME] = Value::Text(COUNTIES[wrong].1.into());
        out.push(Planted::new(
            PlantedKind::AdminCodeMismatch {
                field: "XJXZQDM".into(),
                declared: COUNTIES[wrong].0.into(),
                actual: COUNTIES[k].0.into(),
            },
            vec![(R, (i as u64, 0))],
            "red line whose XJXZQDM/XJXZQMC name a neighbouring county",
        ));
    }

    // 18. A mandatory value left empty.
    {
        let i = pick.farmland_run(1).expect("farmland")[0];
        d.farmland.drafts[i].attrs[schema::farm::XZQMC] = Value::Text(String::new().into());
        out.push(Planted::new(
            PlantedKind::MissingValue {
                field: "XZQMC".into(),
            },
            vec![(F, key_of(i))],
            "farmland patch whose XZQMC (mandatory) is empty",
        ));
    }

    // 19–20. An urban zone name that is not one of the three zones, and an XZQDM of five
    // digits (both on the one urban polygon no overlap uses).
    if let Some(&u) = urbans.get(2) {
        let attrs = &mut d.urban.drafts[u].attrs;
        attrs[schema::line::GHFQMC] = Value::Text("城镇发展区".into());
        out.push(Planted::new(
            PlantedKind::NotInDictionary {
                field: "GHFQMC".into(),
                value: "城镇发展区".into(),
            },
            vec![(U, (u as u64, 0))],
            "urban boundary whose zone name GHFQMC is none of the standard's three",
        ));
        let code = attrs[schema::line::XZQDM].to_string();
        let short: String = code.chars().take(5).collect();
        attrs[schema::line::XZQDM] = Value::Text(short.clone().into());
        out.push(Planted::new(
            PlantedKind::BadFormat {
                field: "XZQDM".into(),
                value: short,
            },
            vec![(U, (u as u64, 0))],
            "urban boundary whose XZQDM has five digits",
        ));
    }

    // 21. A land-class name that does not name the code.
    {
        let i = pick.farmland_run(1).expect("farmland")[0];
        let attrs = &mut d.farmland.drafts[i].attrs;
        let code = attrs[schema::farm::DLBM].to_string();
        let wrong = if code == "0103" { "水田" } else { "旱地" };
        attrs[schema::farm::DLMC] = Value::Text(wrong.into());
        out.push(Planted::new(
            PlantedKind::NameCodeMismatch {
                field: "DLMC".into(),
                value: wrong.into(),
                code,
            },
            vec![(F, key_of(i))],
            "farmland patch whose DLMC names another class than its DLBM",
        ));
    }

    // 22. A quality grade out of range.
    {
        let i = pick.farmland_run(1).expect("farmland")[0];
        d.farmland.drafts[i].attrs[schema::farm::GDDB] = Value::Integer(16);
        out.push(Planted::new(
            PlantedKind::OutOfRange {
                field: "GDDB".into(),
                value: 16.0,
            },
            vec![(F, key_of(i))],
            "farmland patch whose quality grade GDDB is 16 (grades are 1–15)",
        ));
    }

    // 23. Two patches of one county with one farmland patch number.
    {
        let run = pick.farmland_run(2).expect("two neighbouring patches");
        let bbh = d.farmland.drafts[run[0]].attrs[schema::farm::YJJBNTTBBH].clone();
        d.farmland.drafts[run[1]].attrs[schema::farm::YJJBNTTBBH] = bbh.clone();
        out.push(Planted::new(
            PlantedKind::DuplicateNumber {
                field: "YJJBNTTBBH".into(),
                value: bbh.to_string(),
            },
            vec![(F, key_of(run[1])), (F, key_of(run[0]))],
            "two farmland patches of one county with the same YJJBNTTBBH",
        ));
    }

    // 24. Farmland area not equal to patch area minus deductions.
    {
        let i = pick.farmland_run(1).expect("farmland")[0];
        let dr = &d.farmland.drafts[i];
        let mj = round2(area.multi_polygon(&dr.geometry));
        let kcxs = dr.attrs[schema::farm::KCXS].as_f64().unwrap_or(0.0);
        let kcmj = round2(mj * kcxs);
        let expected = round2(mj - kcmj);
        let declared = round2(expected + 5.0);
        d.farmland.drafts[i]
            .overrides
            .push((schema::farm::YJJBNTMJ, Value::Real(declared)));
        out.push(Planted::new(
            PlantedKind::FormulaMismatch {
                field: "YJJBNTMJ".into(),
                declared,
                expected,
            },
            vec![(F, key_of(i))],
            "farmland patch whose YJJBNTMJ is 5 m² above YJJBNTTBMJ − KCMJ",
        ));
    }

    // 25. A fragment: a 2 m × 2 m farmland patch in a reserved cell.
    {
        let (r, c) = scene.reserved.interior[3];
        let ctr = mm_coord(g.cell_centre(r, c));
        let ring = rect_ring(ctr, 1.0, 1.0);
        let a = planar_signed(&ring).abs();
        let key = new_farmland(d, &mut pick.rng, cw(ring), county_of(r, c));
        out.push(Planted::new(
            PlantedKind::Fragment { area_m2: round2(a) },
            vec![(F, key)],
            "farmland patch of 4 m², under the 10 m² fragment area",
        ));
    }

    // 26. A red line whose coordinates carry five decimals.
    {
        let i = take_red(&mut pick.rng);
        let geom = &mut d.red.drafts[i].geometry;
        let mut vertices = 0;
        for p in geom.0.iter_mut() {
            let shift = |ring: &mut geo_types::LineString<f64>| {
                for c in ring.0.iter_mut() {
                    c.x += 0.00005;
                }
                ring.0.len()
            };
            p.exterior_mut(|r| vertices += shift(r));
            p.interiors_mut(|rs| {
                for r in rs {
                    vertices += shift(r);
                }
            });
        }
        // Reported once for the layer, with the count.
        out.push(Planted {
            kind: PlantedKind::CoordinatePrecision { vertices },
            layer: R,
            refs: Vec::new(),
            description: "red line whose eastings carry a fifth decimal (0.05 mm)".into(),
        });
    }

    // 27. A gap between two counties: a point of their shared boundary moved 0.3 m into one.
    if let Some(p) = notch(scene, &mut pick) {
        let (cell, other, point, moved) = p;
        // The county of the cell the point moved into loses the gap.
        let county = scene.layout.county[cell] as usize;
        let neighbour = other as usize;
        let dr = &mut d.admin.drafts[county];
        let original = round2(area.multi_polygon(&dr.geometry));
        let ring = &dr.geometry.0[0].exterior().0;
        let at = ring
            .iter()
            .position(|&c| c == point)
            .expect("the shared point");
        let n = ring.len() - 1;
        let prev = ring[(at + n - 1) % n];
        let next = ring[(at + 1) % n];
        let gap = planar_signed(&[prev, point, next, moved, prev]).abs();
        dr.geometry.0[0].exterior_mut(|r| {
            r.0[at] = moved;
            if at == 0 {
                r.0[n] = moved;
            }
        });
        // The control area stays that of the county; its geometry lost the gap.
        dr.overrides
            .push((schema::admin::DCMJ, Value::Real(original)));
        out.push(Planted::new(
            PlantedKind::Gap {
                area_m2: round2(gap),
            },
            vec![
                (LayerKind::AdministrativeArea, (county as u64, 0)),
                (LayerKind::AdministrativeArea, (neighbour as u64, 0)),
            ],
            "gap between two counties: a point of their shared boundary moved 0.3 m into one",
        ));
        pick.notch = Some(cell);
    }

    (out, pick)
}

/// A grid cell as (row, column).
type Cell = (usize, usize);

/// A point of the boundary between two counties (the middle point of the edge two cells of
/// different counties share), with the point moved 0.3 m towards the centre of whichever of
/// the two cells is free (never farmland, red line or urban area); that cell is claimed.
/// Returns (the cell's index, the other county's index, point, moved point).
fn notch(scene: &Scene, pick: &mut Picker<'_>) -> Option<(usize, u8, Coord<f64>, Coord<f64>)> {
    let g = &scene.grid;
    let county = &scene.layout.county;
    // (cell, neighbour, east) for every shared edge between two counties.
    let mut edges: Vec<(Cell, Cell, bool)> = Vec::new();
    for r in 1..g.rows.saturating_sub(2) {
        for c in 1..g.cols.saturating_sub(2) {
            let k = county[g.cell_index(r, c)];
            if k == crate::layout::OUTSIDE {
                continue;
            }
            for (nr, nc, east) in [(r, c + 1, true), (r + 1, c, false)] {
                let n = county[g.cell_index(nr, nc)];
                if n != k && n != crate::layout::OUTSIDE {
                    edges.push(((r, c), (nr, nc), east));
                }
            }
        }
    }
    if edges.is_empty() {
        return None;
    }
    let start = pick.rng.below(edges.len());
    let free = |k: usize, used: &[bool]| !scene.is_farmland[k] && !scene.covered[k] && !used[k];
    for n in 0..edges.len() {
        let ((r, c), (nr, nc), east) = edges[(start + n) % edges.len()];
        let point = if east {
            g.edge_points(r, c + 1, false)[EDGE_POINTS / 2]
        } else {
            g.edge_points(r + 1, c, true)[EDGE_POINTS / 2]
        };
        for ((rr, cc), (or, oc)) in [((r, c), (nr, nc)), ((nr, nc), (r, c))] {
            let k = g.cell_index(rr, cc);
            if !free(k, &pick.used) {
                continue;
            }
            let ctr = g.cell_centre(rr, cc);
            let (dx, dy) = (ctr.x - point.x, ctr.y - point.y);
            let len = (dx * dx + dy * dy).sqrt();
            let moved = at(point, 0.3 * dx / len, 0.3 * dy / len);
            pick.claim(rr, cc);
            return Some((k, county[g.cell_index(or, oc)], point, moved));
        }
    }
    None
}

/// Inserts a bow-tie loop after the outermost vertex v of a star: v → p → q → next, with p and
/// q pushed outward so that v–p and q–next cross. All new edges stay in the angular wedge of the
/// replaced edge (where no other edge is) and within a few metres outside the bounding disc.
fn red_bow_tie(p: &Placed) -> Vec<Coord<f64>> {
    let m = p.i_max;
    let (v, next) = (p.shell[m], p.shell[m + 1]);
    let rv = v - p.centre;
    let len = (rv.x * rv.x + rv.y * rv.y).sqrt();
    let radial = Coord {
        x: rv.x / len,
        y: rv.y / len,
    };
    let e = next - v;
    let h = 3.0;
    let pp = at(v, 0.8 * e.x + h * radial.x, 0.8 * e.y + h * radial.y);
    let qq = at(v, 0.2 * e.x + h * radial.x, 0.2 * e.y + h * radial.y);
    // In the frame of the edge, p and q are at the same height h·cos α > 0 (the centre sees the
    // edge from inside), and the two segments cross at 0.625 of that height.
    debug_assert!(segment_crossing(v, pp, qq, next).is_some());
    let mut ring = p.shell[..=m].to_vec();
    ring.extend([pp, qq]);
    ring.extend_from_slice(&p.shell[m + 1..]);
    ring
}

/// A one-part geometry from a counter-clockwise ring, turned clockwise.
fn cw(ring: Vec<Coord<f64>>) -> MultiPolygon<f64> {
    multi(reversed(&ring), vec![])
}

/// The first vertex i of a ring whose edges (i−1, i) and (i+1, i+2) cross, with the crossing.
fn crossing(ring: &[Coord<f64>]) -> Option<(usize, Coord<f64>)> {
    (1..ring.len().saturating_sub(2)).find_map(|i| {
        segment_crossing(ring[i - 1], ring[i], ring[i + 1], ring[i + 2]).map(|x| (i, mm_coord(x)))
    })
}

/// Plants the structure errors into finished layers: a field missing and an extra field in
/// STBHHX, a field of the wrong length in CZKFBJ, a text field turned numeric in YJJBNTBHTB.
pub fn structure(red: &mut Layer, urban: &mut Layer, farmland: &mut Layer) -> Vec<Planted> {
    let layer_level = |kind: PlantedKind, layer: LayerKind, description: &str| Planted {
        kind,
        layer,
        refs: Vec::new(),
        description: description.to_string(),
    };
    let mut out = Vec::new();
    if let Some(bz) = red.field_index("BZ") {
        red.fields.remove(bz);
        for f in &mut red.features {
            f.attributes.remove(bz);
        }
        out.push(layer_level(
            PlantedKind::MissingField { field: "BZ".into() },
            LayerKind::EcologicalRedLine,
            "STBHHX delivered without its BZ field",
        ));
    }
    red.fields.push(Field {
        width: Some(20),
        ..Field::new("LSBH", FieldType::Text)
    });
    for f in &mut red.features {
        f.attributes.push(Value::Text(String::new().into()));
    }
    out.push(layer_level(
        PlantedKind::ExtraField {
            field: "LSBH".into(),
        },
        LayerKind::EcologicalRedLine,
        "STBHHX with a field LSBH the standard does not list",
    ));
    if let Some(mc) = urban.field_index("GHFQMC") {
        urban.fields[mc].width = Some(40);
        out.push(layer_level(
            PlantedKind::FieldLength {
                field: "GHFQMC".into(),
                declared: 40,
                standard: 50,
            },
            LayerKind::UrbanDevelopmentBoundary,
            "CZKFBJ whose GHFQMC field is C40 (the standard has C50)",
        ));
    }
    if let Some(tbbh) = farmland.field_index("TBBH") {
        farmland.fields[tbbh] = Field {
            width: Some(8),
            decimals: Some(0),
            ..Field::new("TBBH", FieldType::Integer)
        };
        for f in &mut farmland.features {
            let n = f.attributes[tbbh].to_string().trim().parse::<i64>().ok();
            f.attributes[tbbh] = n.map_or(Value::Null, Value::Integer);
        }
        out.push(layer_level(
            PlantedKind::FieldType {
                field: "TBBH".into(),
            },
            LayerKind::PermanentBasicFarmland,
            "YJJBNTBHTB whose TBBH is numeric N(8,0) (the standard has C8)",
        ));
    }
    out
}
