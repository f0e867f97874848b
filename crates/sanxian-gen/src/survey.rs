//! The land survey (DLTB 地类图斑) of the synthetic county: every grid cell inside the counties
//! classified, farmland cells one patch each (with the class of the farmland patch on them),
//! other cells merged into runs of one class along a row. The patches tile the counties with
//! the grid's shared edges, as a survey database does.

use geo_types::Coord;
use sanxian_types::{LayerKind, Value};

use crate::features::{multi, schema, t, unit_code, ysdm, Fill, LayerDrafts};
use crate::grid::{DirEdge, Grid};
use crate::layout::OUTSIDE;
use crate::rng::{hash, to_unit};
use crate::scene::{tag, Scene, StarIndex};
use crate::COUNTIES;

/// The survey classes the generator uses, with their names in the 三调 working classification.
pub const CLASSES: [(&str, &str); 16] = [
    ("0101", "水田"),
    ("0102", "水浇地"),
    ("0103", "旱地"),
    ("0301", "乔木林地"),
    ("0305", "灌木林地"),
    ("0307", "其他林地"),
    ("0404", "其他草地"),
    ("0601", "工业用地"),
    ("0602", "采矿用地"),
    ("0701", "城镇住宅用地"),
    ("0702", "农村宅基地"),
    ("1003", "公路用地"),
    ("1006", "农村道路"),
    ("1101", "河流水面"),
    ("1104", "坑塘水面"),
    ("1107", "沟渠"),
];

/// The name of a class.
pub fn name_of(dlbm: &str) -> &'static str {
    CLASSES
        .iter()
        .find(|c| c.0 == dlbm)
        .map(|c| c.1)
        .unwrap_or("")
}

/// The town-village attribute (CZCSXM) a class carries.
fn czcsxm(dlbm: &str) -> &'static str {
    match dlbm {
        "0601" | "0701" => "202",
        "0702" => "203",
        "0602" => "204",
        _ => "",
    }
}

/// A cell's survey class and what is special about its patch.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cell {
    /// DLBM.
    pub dlbm: &'static str,
    /// The cell is a patch of its own (never merged into a run): planted errors refer to it.
    pub alone: bool,
    /// No patch at all: a planted gap.
    pub missing: bool,
    /// Farmland is on it (its patch is the cell alone).
    pub farmland: bool,
}

/// Classes of the cells: `None` outside the counties.
pub fn classify(scene: &Scene, seed: u64) -> Vec<Option<Cell>> {
    let g = &scene.grid;
    let reds: Vec<StarIndex<'_>> = scene.red.iter().map(StarIndex::new).collect();
    let urbans: Vec<StarIndex<'_>> = scene.urban.iter().map(StarIndex::new).collect();
    let inside = |stars: &[StarIndex<'_>], placed: &[crate::scene::Placed], q: Coord<f64>| {
        placed.iter().zip(stars).any(|(p, s)| {
            let d = q - p.centre;
            d.x * d.x + d.y * d.y <= p.r_max * p.r_max && s.contains(q)
        })
    };
    let mut out = vec![None; g.rows * g.cols];
    for r in 0..g.rows {
        for c in 0..g.cols {
            let i = g.cell_index(r, c);
            if scene.layout.county[i] == OUTSIDE {
                continue;
            }
            let u = to_unit(hash(seed, tag::SURVEY, r as u64, c as u64));
            let q = g.cell_centre(r, c);
            let dlbm = if scene.layout.road[i] {
                if u < 0.2 {
                    "1003"
                } else {
                    "1006"
                }
            } else if scene.covered[i] && inside(&urbans, &scene.urban, q) {
                if u < 0.2 {
                    "0601"
                } else {
                    "0701"
                }
            } else if scene.covered[i] && inside(&reds, &scene.red, q) {
                if u < 0.3 {
                    "0305"
                } else {
                    "0301"
                }
            } else if u < 0.30 {
                "0301"
            } else if u < 0.40 {
                "0307"
            } else if u < 0.55 {
                "0404"
            } else if u < 0.72 {
                "0702"
            } else if u < 0.80 {
                "1104"
            } else if u < 0.85 {
                "1107"
            } else if u < 0.88 {
                "1101"
            } else {
                "0103"
            };
            out[i] = Some(Cell {
                dlbm,
                alone: false,
                missing: false,
                farmland: false,
            });
        }
    }
    out
}

/// Gives the cells under farmland the farmland's class: each original patch's cell (and the
/// cells of patches another absorbed) its DLBM, the cells under inserted patches 0101 (the
/// class of inserted patches).
pub fn mark_farmland(scene: &Scene, farmland: &LayerDrafts, cells: &mut [Option<Cell>]) {
    let g = &scene.grid;
    let set = |i: usize, dlbm: &str, cells: &mut [Option<Cell>]| {
        if let Some(cell) = cells[i].as_mut() {
            cell.dlbm = class_code(dlbm);
            cell.farmland = true;
        }
    };
    let dlbm_of = |d: &crate::features::Draft| d.attrs[schema::farm::DLBM].to_string();
    for d in farmland.drafts.iter().filter(|d| d.key.1 == 0) {
        let (r, c) = scene.farmland[d.key.0 as usize];
        if !d.removed {
            set(g.cell_index(r, c), &dlbm_of(d), cells);
            continue;
        }
        // A patch another absorbed (a planted multipart): its cell takes the absorber's class.
        let part = &d.geometry.0[0];
        if let Some(owner) = farmland
            .drafts
            .iter()
            .find(|o| !o.removed && o.geometry.0.iter().skip(1).any(|p| p == part))
        {
            set(g.cell_index(r, c), &dlbm_of(owner), cells);
        }
    }
    for d in farmland
        .drafts
        .iter()
        .filter(|d| !d.removed && d.key.1 != 0)
    {
        let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
        for c in d.geometry.0.iter().flat_map(|p| p.exterior().0.iter()) {
            x0 = x0.min(c.x);
            y0 = y0.min(c.y);
            x1 = x1.max(c.x);
            y1 = y1.max(c.y);
        }
        for r in g.rows_overlapping(y0, y1) {
            for c in g.cols_overlapping(x0, x1) {
                if let Some(cell) = cells[g.cell_index(r, c)].as_mut() {
                    if !cell.farmland {
                        cell.dlbm = "0101";
                    }
                }
            }
        }
    }
}

/// The class of the generator's table with this code (farmland codes are always in it).
fn class_code(dlbm: &str) -> &'static str {
    CLASSES
        .iter()
        .find(|c| c.0 == dlbm)
        .map(|c| c.0)
        .unwrap_or("0101")
}

/// Survey attributes of a patch of class `dlbm` in county `k` (area fields empty).
fn attrs(bsm: String, k: u8, tbbh: String, dlbm: &str) -> Vec<Value> {
    let code = COUNTIES[k as usize].0;
    let cropland = dlbm.starts_with("01");
    let (kcdlbm, kcxs) = if dlbm == "0103" {
        ("1203", 0.05)
    } else {
        ("", 0.0)
    };
    vec![
        t(bsm),
        t(ysdm::DLTB),
        t(""),
        t(tbbh),
        t(dlbm),
        t(name_of(dlbm)),
        t("30"),
        t(unit_code(code)),
        t(unit_code(code)),
        Value::Null,
        t(kcdlbm),
        Value::Real(kcxs),
        Value::Null,
        Value::Null,
        t(if cropland { "PD" } else { "" }),
        t(if cropland {
            if dlbm == "0103" {
                "3"
            } else {
                "1"
            }
        } else {
            ""
        }),
        Value::Null,
        t(""),
        t(if cropland { "LS" } else { "" }),
        if cropland {
            Value::Integer(7)
        } else {
            Value::Null
        },
        t(czcsxm(dlbm)),
        Value::Integer(2023),
        t(""),
    ]
}

/// The closed clockwise (shapefile orientation) ring of cells `c0..=c1` of row `r`.
fn run_ring(g: &Grid, r: usize, c0: usize, c1: usize) -> Vec<Coord<f64>> {
    let mut ring = Vec::new();
    for c in c0..=c1 {
        g.push_edge(
            &mut ring,
            DirEdge {
                r,
                c,
                horizontal: true,
                forward: true,
            },
        );
    }
    g.push_edge(
        &mut ring,
        DirEdge {
            r,
            c: c1 + 1,
            horizontal: false,
            forward: true,
        },
    );
    for c in (c0..=c1).rev() {
        g.push_edge(
            &mut ring,
            DirEdge {
                r: r + 1,
                c,
                horizontal: true,
                forward: false,
            },
        );
    }
    g.push_edge(
        &mut ring,
        DirEdge {
            r,
            c: c0,
            horizontal: false,
            forward: false,
        },
    );
    ring.push(ring[0]);
    ring.reverse();
    ring
}

/// Longest run of cells merged into one patch.
const MAX_RUN: usize = 12;

/// The survey drafts: one patch per farmland or lone cell, runs of one class otherwise, in
/// row-major order. Returns the drafts and, for each cell, the key of its patch.
pub fn drafts(scene: &Scene, cells: &[Option<Cell>]) -> (LayerDrafts, Vec<Option<(u64, u32)>>) {
    let g = &scene.grid;
    let text = |name: &str, width: u16| sanxian_types::Field {
        width: Some(width),
        ..sanxian_types::Field::new(name, sanxian_types::FieldType::Text)
    };
    let num = |name: &str, width: u16, decimals: u8| sanxian_types::Field {
        width: Some(width),
        decimals: Some(decimals),
        ..sanxian_types::Field::new(name, sanxian_types::FieldType::Real)
    };
    let int = |name: &str, width: u16| sanxian_types::Field {
        width: Some(width),
        ..sanxian_types::Field::new(name, sanxian_types::FieldType::Integer)
    };
    let mut ld = LayerDrafts::new(
        LayerKind::LandUseSurvey,
        vec![
            text("BSM", 18),
            text("YSDM", 10),
            text("TBYBH", 18),
            text("TBBH", 8),
            text("DLBM", 5),
            text("DLMC", 60),
            text("QSXZ", 2),
            text("QSDWDM", 19),
            text("ZLDWDM", 19),
            num("TBMJ", 15, 2),
            text("KCDLBM", 5),
            num("KCXS", 6, 4),
            num("KCMJ", 19, 2),
            num("TBDLMJ", 19, 2),
            text("GDLX", 2),
            text("GDPDJB", 2),
            num("XZDWKD", 8, 2),
            text("TBXHDM", 6),
            text("ZZSXDM", 6),
            int("GDDB", 4),
            text("CZCSXM", 4),
            int("SJNF", 4),
            text("BZ", 255),
        ],
        Fill::Survey,
        5,
    );
    let mut key_of = vec![None; cells.len()];
    let mut n = 0u64;
    for r in 0..g.rows {
        let mut c = 0;
        while c < g.cols {
            let i = g.cell_index(r, c);
            let Some(cell) = cells[i] else {
                c += 1;
                continue;
            };
            if cell.missing {
                c += 1;
                continue;
            }
            let k = scene.layout.county[i];
            let mut end = c;
            if !cell.alone && !cell.farmland {
                while end + 1 < g.cols && end + 1 - c < MAX_RUN {
                    let j = g.cell_index(r, end + 1);
                    match cells[j] {
                        Some(next)
                            if next.dlbm == cell.dlbm
                                && !next.alone
                                && !next.missing
                                && !next.farmland
                                && scene.layout.county[j] == k =>
                        {
                            end += 1
                        }
                        _ => break,
                    }
                }
            }
            let key = (n, 0);
            n += 1;
            let bsm = ld.bsm(k);
            let tbbh = ld.tbbh(k);
            ld.push(
                key,
                multi(run_ring(g, r, c, end), vec![]),
                attrs(bsm, k, tbbh, cell.dlbm),
            );
            for cc in c..=end {
                key_of[g.cell_index(r, cc)] = Some(key);
            }
            c = end + 1;
        }
    }
    (ld, key_of)
}

/// Index of the survey field with the town-village attribute, for planted errors.
pub const F_CZCSXM: usize = schema::survey::CZCSXM;
