//! Planted errors: seventeen deliberate faults of twelve kinds, each placed so that it causes exactly the
//! finding the manifest lists and nothing else.
//!
//! New stand-alone features go into the vacant cells the scene reserved (nothing else within a
//! cell of them) or into the clearance ring around a red-line or urban polygon (no other feature
//! within [`CLEARANCE`](crate::scene::CLEARANCE) m). Modified farmland patches are chosen at least
//! three cells apart from each other, so two planted errors never touch the same neighbourhood.

use geo_types::{Coord, MultiPolygon};
use sanxian_types::{LayerKind, Value};

use crate::area::{
    clip_convex, perimeter, planar_overlap_convex, planar_signed, rect_ring, round2,
    segment_crossing, EllipsoidArea,
};
use crate::features::{
    farmland_attrs, multi, placed_polygon, red_attrs, reversed, shapefile_multi, Drafts, F_BSM,
    F_CODE, F_NAME, LAND_CLASSES,
};
use crate::grid::{EDGE_POINTS, INNER_HALF};
use crate::manifest::PlantedKind;
use crate::rng::{mm, sin_cos, SplitMix64};
use crate::scene::{tag, Placed, Scene};
use crate::COUNTIES;

// Stand-alone planted features reach at most 12 m along either axis from the centre of their
// reserved cell, inside the square that every cell contains.
const _: () = assert!(12.0 < INNER_HALF);

/// A planted error whose features are still named by draft keys.
#[derive(Debug, Clone)]
pub struct Planted {
    /// What and the expected facts.
    pub kind: PlantedKind,
    /// Features involved, planted one first.
    pub refs: Vec<(LayerKind, (u64, u32))>,
    /// One line in plain words.
    pub description: String,
}

struct Picker<'a> {
    scene: &'a Scene,
    used: Vec<bool>,
    rng: SplitMix64,
}

impl Picker<'_> {
    /// Claims a cell and its neighbours within two cells.
    fn claim(&mut self, r: usize, c: usize) {
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

/// Plants the errors into clean drafts.
pub fn plant(scene: &Scene, d: &mut Drafts, area: &EllipsoidArea, seed: u64) -> Vec<Planted> {
    const F: LayerKind = LayerKind::PermanentBasicFarmland;
    const R: LayerKind = LayerKind::EcologicalRedLine;
    const U: LayerKind = LayerKind::UrbanDevelopmentBoundary;
    let g = &scene.grid;
    let mut pick = Picker {
        scene,
        used: vec![false; g.rows * g.cols],
        rng: SplitMix64::new(seed, tag::PLANT),
    };
    let mut out = Vec::new();
    let n_farm = d.farmland.originals() as u64;
    let county_of = |r: usize, c: usize| scene.layout.county[g.cell_index(r, c)];
    let key_of = |i: usize| (i as u64, 0u32);

    // New farmland patch helper: attributes of county k, inserted after a random original.
    let new_farmland = |d: &mut Drafts, rng: &mut SplitMix64, geom: MultiPolygon<f64>, k| {
        let bsm = d.farmland.bsm(k);
        let tbbh = d.farmland.tbbh(k);
        let land = rng.below(LAND_CLASSES.len());
        let key = d.farmland.insert_key(rng.below(n_farm as usize) as u64);
        d.farmland
            .push(key, geom, farmland_attrs(bsm, k, tbbh, land));
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
        out.push(Planted {
            kind: PlantedKind::SelfIntersection {
                crossing_point: xy(x),
                vertex_index,
            },
            refs: vec![(F, key)],
            description: "farmland patch whose ring crosses itself (bow-tie); MJ is the sum of \
                          its two lobes"
                .into(),
        });
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
        attrs[F_BSM] = Value::Text(d.farmland.bsm(k));
        d.farmland.push(key, orig.geometry.clone(), attrs);
        let a = planar_signed(&orig.geometry.0[0].exterior().0).abs();
        out.push(Planted {
            kind: PlantedKind::DuplicateGeometry {
                overlap_area_m2: round2(a),
            },
            refs: vec![(F, key), (F, key_of(i))],
            description: "farmland patch duplicated: same geometry and attributes, new BSM".into(),
        });
    }

    // 3. Sliver: 24 m × 0.2 m, turned 30°, in a reserved cell.
    {
        let (r, c) = scene.reserved.interior[1];
        let ctr = mm_coord(g.cell_centre(r, c));
        let (s, co) = sin_cos(std::f64::consts::FRAC_PI_6);
        let (ux, uy, vx, vy) = (12.0 * co, 12.0 * s, -0.1 * s, 0.1 * co);
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
        out.push(Planted {
            kind: PlantedKind::Sliver {
                area_m2: round2(a),
                thinness: (thinness * 1e6).round() / 1e6,
            },
            refs: vec![(F, key)],
            description: "sliver farmland patch, 24 m long and 0.2 m wide".into(),
        });
    }

    // 4. Tiny polygon: an irregular pentagon of about 12 m².
    {
        let (r, c) = scene.reserved.interior[2];
        let ctr = mm_coord(g.cell_centre(r, c));
        let mut ring: Vec<Coord<f64>> = (0..5)
            .map(|k| {
                let (s, co) = sin_cos(std::f64::consts::TAU * (k as f64 + 0.2) / 5.0);
                let rad = [2.2, 1.8, 2.5, 2.0, 1.6][k];
                at(ctr, rad * co, rad * s)
            })
            .collect();
        ring.push(ring[0]);
        let a = planar_signed(&ring).abs();
        let key = new_farmland(d, &mut pick.rng, cw(ring), county_of(r, c));
        out.push(Planted {
            kind: PlantedKind::TinyPolygon { area_m2: round2(a) },
            refs: vec![(F, key)],
            description: "farmland patch of a few square metres".into(),
        });
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
        out.push(Planted {
            kind: PlantedKind::Overlap {
                overlap_area_m2: round2(overlap),
            },
            refs: vec![(F, key_of(ip)), (F, key_of(iq))],
            description: "farmland patch whose shared edge was pushed 4 m into its neighbour"
                .into(),
        });
    }

    // 6. Multipart: a patch absorbs the patch two cells east (the cell between stays apart).
    {
        let run = pick.farmland_run(3).expect("three patches in a row");
        let (ia, ib) = (run[0], run[2]);
        let second = d.farmland.drafts[ib].geometry.0[0].clone();
        d.farmland.drafts[ia].geometry.0.push(second);
        d.farmland.drafts[ib].removed = true;
        out.push(Planted {
            kind: PlantedKind::Multipart { parts: 2 },
            refs: vec![(F, key_of(ia))],
            description: "farmland feature made of two separate patches".into(),
        });
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
        out.push(Planted {
            kind: PlantedKind::AdminCodeMismatch {
                field: "XZQDM".into(),
                declared: COUNTIES[wrong].0.into(),
                actual: COUNTIES[k as usize].0.into(),
            },
            refs: vec![(F, key_of(i))],
            description: "farmland patch whose XZQDM/XZQMC name a neighbouring county".into(),
        });
    }

    // 8. MJ 37 % too large.
    {
        let i = pick.farmland_run(1).expect("farmland")[0];
        let truth = round2(area.multi_polygon(&d.farmland.drafts[i].geometry));
        let declared = round2(truth * 1.37);
        d.farmland.drafts[i].mj = Some(declared);
        out.push(Planted {
            kind: PlantedKind::AreaMismatch {
                declared_mj: declared,
                ellipsoid_area_m2: truth,
            },
            refs: vec![(F, key_of(i))],
            description: "farmland patch whose MJ is 37 % above its ellipsoid area".into(),
        });
    }

    // 9. Two patches with one BSM.
    {
        let ie = pick.farmland_run(1).expect("farmland")[0];
        let i_f = pick.farmland_run(1).expect("farmland")[0];
        let bsm = d.farmland.drafts[ie].attrs[F_BSM].clone();
        d.farmland.drafts[i_f].attrs[F_BSM] = bsm.clone();
        out.push(Planted {
            kind: PlantedKind::DuplicateBsm {
                bsm: bsm.as_str().unwrap_or_default().to_string(),
            },
            refs: vec![(F, key_of(i_f)), (F, key_of(ie))],
            description: "two different farmland patches share one BSM".into(),
        });
    }

    // 10. A patch straddling the west edge of the study area.
    {
        let (r, c) = scene.reserved.west_edge;
        let mid = g.edge_points(r, c, false)[EDGE_POINTS / 2];
        let rect = rect_ring(mid, 15.0, 10.0);
        let inside = planar_signed(&clip_convex(&g.cell_ring(r, c), &rect)).abs();
        let key = new_farmland(d, &mut pick.rng, cw(rect), county_of(r, c));
        out.push(Planted {
            kind: PlantedKind::OutsideAdminArea {
                outside_area_m2: round2(600.0 - inside),
                inside_area_m2: round2(inside),
            },
            refs: vec![(F, key)],
            description: "farmland patch reaching past the outer boundary of the counties".into(),
        });
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
        out.push(Planted {
            kind: PlantedKind::CrossLayerOverlap {
                overlap_area_m2: round2(overlap),
            },
            refs: vec![(F, key), (R, (red_a as u64, 0))],
            description: "farmland patch straddling the edge of a red line".into(),
        });
    }

    // 12. Farmland wholly inside a red line (a patch the red line should have cut out).
    {
        let p = &scene.red[red_b];
        let s = (0.3 * p.r_in).min(20.0).floor().max(1.0);
        let rect = rect_ring(mm_coord(p.centre), s, s);
        let key = new_farmland(d, &mut pick.rng, cw(rect), p.county);
        out.push(Planted {
            kind: PlantedKind::CrossLayerOverlap {
                overlap_area_m2: round2(4.0 * s * s),
            },
            refs: vec![(F, key), (R, (red_b as u64, 0))],
            description: "farmland patch lying wholly inside a red line".into(),
        });
    }

    // 13. Farmland straddling an urban boundary.
    {
        let p = &scene.urban[urban_1];
        let rect = rect_ring(p.shell[p.i_max], 15.0, 15.0);
        let overlap = planar_overlap_convex(&placed_polygon(p), &rect);
        let key = new_farmland(d, &mut pick.rng, cw(rect), p.county);
        out.push(Planted {
            kind: PlantedKind::CrossLayerOverlap {
                overlap_area_m2: round2(overlap),
            },
            refs: vec![(F, key), (U, (urban_1 as u64, 0))],
            description: "farmland patch straddling the urban development boundary".into(),
        });
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
        out.push(Planted {
            kind: PlantedKind::CrossLayerOverlap {
                overlap_area_m2: round2(overlap),
            },
            refs: vec![(R, key), (U, (urban_2 as u64, 0))],
            description: "small red-line polygon straddling the urban development boundary".into(),
        });
    }

    // 15. Red line with a bow-tie loop at its outermost vertex.
    {
        let i = take_red(&mut pick.rng);
        let p = &scene.red[i];
        let geometry = shapefile_multi(&red_bow_tie(p), &p.holes);
        let (at_index, x) = crossing(&geometry.0[0].exterior().0).expect("a crossing");
        d.red.drafts[i].geometry = geometry;
        out.push(Planted {
            kind: PlantedKind::SelfIntersection {
                crossing_point: xy(x),
                vertex_index: at_index,
            },
            refs: vec![(R, (i as u64, 0))],
            description: "red line whose boundary makes a small bow-tie loop".into(),
        });
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
        out.push(Planted {
            kind: PlantedKind::DuplicateVertex {
                vertex_index: at_index,
                point: xy(p.shell[k]),
            },
            refs: vec![(R, (i as u64, 0))],
            description: "red line with a vertex repeated consecutively".into(),
        });
    }

    // 17. Red line naming another county.
    {
        let i = take_red(&mut pick.rng);
        let k = scene.red[i].county as usize;
        let wrong = k ^ 1;
        let attrs = &mut d.red.drafts[i].attrs;
        attrs[F_CODE] = Value::Text(COUNTIES[wrong].0.into());
        attrs[F_NAME] = Value::Text(COUNTIES[wrong].1.into());
        out.push(Planted {
            kind: PlantedKind::AdminCodeMismatch {
                field: "XJXZQDM".into(),
                declared: COUNTIES[wrong].0.into(),
                actual: COUNTIES[k].0.into(),
            },
            refs: vec![(R, (i as u64, 0))],
            description: "red line whose XJXZQDM/XJXZQMC name a neighbouring county".into(),
        });
    }

    out
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
