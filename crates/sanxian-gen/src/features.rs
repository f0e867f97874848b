//! From scene to layers: attribute schemas, draft features, record order and areas.

use std::sync::Arc;

use geo_types::{Coord, LineString, MultiPolygon, Polygon};
use rayon::prelude::*;
use sanxian_types::{
    Crs, CrsSource, Feature, FeatureId, Field, FieldType, Layer, LayerKind, SourceFormat, Value,
};

use crate::area::{round2, EllipsoidArea};
use crate::rng::SplitMix64;
use crate::scene::{tag, Placed, Scene};
use crate::COUNTIES;

/// Element codes (要素代码) written in `YSDM`. Placeholders in the style of the planning database
/// standards (the 2021 standard's codes are not confirmed); a real delivery takes them from its
/// provincial standard. `XZQ` carries the third land survey's code.
pub mod ysdm {
    /// 生态保护红线.
    pub const STBHHX: &str = "2090010000";
    /// 永久基本农田保护图斑.
    pub const YJJBNTBHTB: &str = "2090020000";
    /// 城镇开发边界.
    pub const CZKFBJ: &str = "2090030000";
    /// 行政区 (as in the third land survey).
    pub const XZQ: &str = "1000600100";
    /// 地类图斑 (placeholder).
    pub const DLTB: &str = "2001010100";
}

/// Land classes of farmland patches (DLBM, DLMC).
pub const LAND_CLASSES: [(&str, &str); 3] =
    [("0101", "水田"), ("0102", "水浇地"), ("0103", "旱地")];
/// Red-line types (HXLX).
const RED_LINE_TYPES: [&str; 3] = ["水源涵养", "生物多样性维护", "水土保持"];
/// Place names for red-line names (HXMC).
const PLACES: [&str; 12] = [
    "青龙山",
    "白云岭",
    "黄泥湾",
    "石门峡",
    "龙潭",
    "凤凰山",
    "桃花溪",
    "松林坳",
    "金鸡岭",
    "牛头山",
    "清水河",
    "鹰嘴岩",
];
/// Planning zones of the urban development boundary (GHFQDM, GHFQMC); the three-character
/// codes are placeholders (the standard's codes are not confirmed).
pub const URBAN_ZONES: [(&str, &str); 3] = [
    ("010", "城镇集中建设区"),
    ("020", "城镇弹性发展区"),
    ("030", "特别用途区"),
];

/// Field positions of the generated layers, in the order of the built-in three-lines profile.
pub mod schema {
    /// `YJJBNTBHTB`.
    pub mod farm {
        pub const BSM: usize = 0;
        pub const YSDM: usize = 1;
        pub const XZQDM: usize = 2;
        pub const XZQMC: usize = 3;
        pub const YJJBNTTBBH: usize = 4;
        pub const TBBH: usize = 5;
        pub const DLBM: usize = 6;
        pub const DLMC: usize = 7;
        pub const YJJBNTTBMJ: usize = 11;
        pub const KCXS: usize = 13;
        pub const KCMJ: usize = 14;
        pub const YJJBNTMJ: usize = 15;
        pub const GDDB: usize = 20;
    }
    /// `STBHHX` and `CZKFBJ` (same positions of the shared fields).
    pub mod line {
        pub const BSM: usize = 0;
        pub const YSDM: usize = 1;
        pub const XZQDM: usize = 2;
        pub const XZQMC: usize = 3;
        pub const GHFQMC: usize = 5;
        pub const MJ: usize = 6;
        pub const BZ: usize = 7;
    }
    /// `XZQ`.
    pub mod admin {
        pub const XZQDM: usize = 2;
        pub const XZQMC: usize = 3;
        pub const DCMJ: usize = 4;
        pub const JSMJ: usize = 5;
    }
    /// `DLTB`.
    pub mod survey {
        pub const BSM: usize = 0;
        pub const DLBM: usize = 4;
        pub const ZLDWDM: usize = 8;
        pub const TBMJ: usize = 9;
        pub const KCXS: usize = 11;
        pub const KCMJ: usize = 12;
        pub const TBDLMJ: usize = 13;
        pub const GDPDJB: usize = 15;
        pub const CZCSXM: usize = 20;
    }
}

/// The 19-digit unit code (坐落/权属单位代码) of a county's generated features: the county
/// code, township 001, village 001, then zeros.
pub fn unit_code(county: &str) -> String {
    format!("{county}0010010000000")
}

/// Index of the BSM, county code and county name fields in every generated layer.
pub const F_BSM: usize = 0;
/// Index of XZQDM / XJXZQDM.
pub const F_CODE: usize = 2;
/// Index of XZQMC / XJXZQMC.
pub const F_NAME: usize = 3;

/// A feature before record numbers are known.
#[derive(Debug, Clone)]
pub struct Draft {
    /// Sort key deciding the record order: originals (i, 0), inserted features (anchor, 1 + k).
    pub key: (u64, u32),
    /// Geometry.
    pub geometry: MultiPolygon<f64>,
    /// Attributes, the area fields still empty (filled from the area by [`finish`]).
    pub attrs: Vec<Value>,
    /// Area field value when it is not the ellipsoid area of the geometry.
    pub mj: Option<f64>,
    /// Values set after the area fields are filled (planted attribute errors).
    pub overrides: Vec<(usize, Value)>,
    /// Amounts added to numeric fields after they are filled (planted area errors).
    pub deltas: Vec<(usize, f64)>,
    /// Dropped (merged into another feature).
    pub removed: bool,
}

/// How a layer's area fields follow from a feature's area.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fill {
    /// YJJBNTTBMJ = area, KCMJ = YJJBNTTBMJ × KCXS, YJJBNTMJ = YJJBNTTBMJ − KCMJ.
    Farmland,
    /// MJ = area.
    Line,
    /// DCMJ = JSMJ = area.
    Admin,
    /// TBMJ = area balanced per county to the county's total (平差), KCMJ, TBDLMJ.
    Survey,
}

/// The draft features of one layer.
#[derive(Debug, Clone)]
pub struct LayerDrafts {
    /// What the layer is.
    pub kind: LayerKind,
    /// Fields.
    pub fields: Vec<Field>,
    /// How the area fields are filled.
    pub fill: Fill,
    /// Drafts, originals first in generation order.
    pub drafts: Vec<Draft>,
    /// Digit distinguishing the layer inside BSMs.
    bsm_digit: u8,
    /// Next BSM sequence number.
    next_seq: u64,
    /// Next patch number (TBBH) per county.
    next_tbbh: [u64; 4],
    /// Next farmland patch number (YJJBNTTBBH) per county.
    next_bbh: [u64; 4],
    /// Next inserted-feature counter for keys.
    next_insert: u32,
}

fn text(name: &str, width: u16) -> Field {
    Field {
        width: Some(width),
        ..Field::new(name, FieldType::Text)
    }
}

fn area_field(name: &str) -> Field {
    number(name, 19, 2)
}

fn number(name: &str, width: u16, decimals: u8) -> Field {
    Field {
        width: Some(width),
        decimals: Some(decimals),
        ..Field::new(name, FieldType::Real)
    }
}

fn integer(name: &str, width: u16) -> Field {
    Field {
        width: Some(width),
        ..Field::new(name, FieldType::Integer)
    }
}

impl LayerDrafts {
    /// Empty drafts of a layer.
    pub fn new(kind: LayerKind, fields: Vec<Field>, fill: Fill, bsm_digit: u8) -> Self {
        LayerDrafts {
            kind,
            fields,
            fill,
            drafts: Vec::new(),
            bsm_digit,
            next_seq: 1,
            next_tbbh: [1; 4],
            next_bbh: [1; 4],
            next_insert: 1,
        }
    }

    /// A fresh BSM for a feature of county `k`.
    pub fn bsm(&mut self, k: u8) -> String {
        let s = format!(
            "{}{}{:08}",
            COUNTIES[k as usize].0, self.bsm_digit, self.next_seq
        );
        self.next_seq += 1;
        s
    }

    /// A fresh farmland patch number (YJJBNTTBBH) in county `k`.
    pub fn bbh(&mut self, k: u8) -> String {
        let n = self.next_bbh[k as usize];
        self.next_bbh[k as usize] += 1;
        format!("{}{n:08}", COUNTIES[k as usize].0)
    }

    /// A fresh patch number in county `k`.
    pub fn tbbh(&mut self, k: u8) -> String {
        let n = self.next_tbbh[k as usize];
        self.next_tbbh[k as usize] += 1;
        format!("{n:06}")
    }

    /// A key placing an inserted feature right after original `anchor`.
    pub fn insert_key(&mut self, anchor: u64) -> (u64, u32) {
        let k = (anchor, self.next_insert);
        self.next_insert += 1;
        k
    }

    /// Number of original drafts (inserted ones come after them in `drafts`).
    pub fn originals(&self) -> usize {
        self.drafts.iter().filter(|d| d.key.1 == 0).count()
    }

    /// Adds a feature with the given key.
    pub fn push(&mut self, key: (u64, u32), geometry: MultiPolygon<f64>, attrs: Vec<Value>) {
        self.drafts.push(Draft {
            key,
            geometry,
            attrs,
            mj: None,
            overrides: Vec::new(),
            deltas: Vec::new(),
            removed: false,
        });
    }

    /// Index of the draft with `key`.
    pub fn find(&self, key: (u64, u32)) -> Option<usize> {
        self.drafts.iter().position(|d| d.key == key)
    }
}

pub(crate) fn t(s: impl Into<String>) -> Value {
    let s: String = s.into();
    Value::Text(s.into())
}

/// Farmland attributes, the area fields empty. `bbh` is the farmland patch number
/// (YJJBNTTBBH), `tbbh` the number of its source survey patch.
pub fn farmland_attrs(bsm: String, k: u8, tbbh: String, bbh: String, land: usize) -> Vec<Value> {
    let (code, name) = COUNTIES[k as usize];
    let (dlbm, dlmc) = LAND_CLASSES[land];
    // Dry land on slopes carries a deduction for field ridges (田坎 1203).
    let (kcdlbm, kcxs, gdpdjb) = if land == 2 {
        ("1203", 0.05, "3")
    } else {
        ("", 0.0, "1")
    };
    vec![
        t(bsm),
        t(ysdm::YJJBNTBHTB),
        t(code),
        t(name),
        t(bbh),
        t(tbbh),
        t(dlbm),
        t(dlmc),
        t("30"),
        t(unit_code(code)),
        t(unit_code(code)),
        Value::Null,
        t(kcdlbm),
        Value::Real(kcxs),
        Value::Null,
        Value::Null,
        t(""),
        t(gdpdjb),
        t(""),
        t("LS"),
        Value::Integer(7),
        Value::Integer(2023),
        t(""),
    ]
}

/// Red-line attributes, MJ empty.
pub fn red_attrs(bsm: String, k: u8, rng: &mut SplitMix64) -> Vec<Value> {
    let (code, name) = COUNTIES[k as usize];
    let hxlx = RED_LINE_TYPES[rng.below(RED_LINE_TYPES.len())];
    let place = PLACES[rng.below(PLACES.len())];
    vec![
        t(bsm),
        t(ysdm::STBHHX),
        t(code),
        t(name),
        t(format!("{name}{place}{hxlx}生态保护红线")),
        t(hxlx),
        Value::Null,
        t(""),
    ]
}

/// Urban-boundary attributes, MJ empty.
pub fn urban_attrs(bsm: String, k: u8, rng: &mut SplitMix64) -> Vec<Value> {
    let (code, name) = COUNTIES[k as usize];
    let u = rng.unit();
    let zone = if u < 0.7 {
        0
    } else if u < 0.9 {
        1
    } else {
        2
    };
    vec![
        t(bsm),
        t(ysdm::CZKFBJ),
        t(code),
        t(name),
        t(URBAN_ZONES[zone].0),
        t(URBAN_ZONES[zone].1),
        Value::Null,
        t(""),
    ]
}

/// Land class index of a farmland cell from its noise value.
pub fn land_class(noise: f64) -> usize {
    if noise < -0.05 {
        0
    } else if noise < 0.2 {
        1
    } else {
        2
    }
}

/// A one-part multipolygon from rings.
pub fn multi(shell: Vec<Coord<f64>>, holes: Vec<Vec<Coord<f64>>>) -> MultiPolygon<f64> {
    MultiPolygon(vec![Polygon::new(
        LineString(shell),
        holes.into_iter().map(LineString).collect(),
    )])
}

/// A ring in the opposite orientation.
pub fn reversed(ring: &[Coord<f64>]) -> Vec<Coord<f64>> {
    ring.iter().rev().copied().collect()
}

/// The layer geometry of rings in working orientation (shell counter-clockwise, holes
/// clockwise): shell clockwise and holes counter-clockwise, as shapefiles store them.
pub fn shapefile_multi(shell: &[Coord<f64>], holes: &[Vec<Coord<f64>>]) -> MultiPolygon<f64> {
    multi(reversed(shell), holes.iter().map(|h| reversed(h)).collect())
}

/// The polygon of a placed star (working orientation, for area computations).
pub fn placed_polygon(p: &Placed) -> Polygon<f64> {
    Polygon::new(
        LineString(p.shell.clone()),
        p.holes.iter().cloned().map(LineString).collect(),
    )
}

/// The drafts of the four layers, clean.
pub struct Drafts {
    pub red: LayerDrafts,
    pub farmland: LayerDrafts,
    pub urban: LayerDrafts,
    pub admin: LayerDrafts,
}

/// Builds the clean drafts of a scene.
pub fn drafts(scene: &Scene, seed: u64) -> Drafts {
    let mut farmland = LayerDrafts::new(
        LayerKind::PermanentBasicFarmland,
        vec![
            text("BSM", 18),
            text("YSDM", 10),
            text("XZQDM", 12),
            text("XZQMC", 100),
            text("YJJBNTTBBH", 20),
            text("TBBH", 8),
            text("DLBM", 5),
            text("DLMC", 60),
            text("QSXZ", 2),
            text("QSDWDM", 19),
            text("ZLDWDM", 19),
            area_field("YJJBNTTBMJ"),
            text("KCDLBM", 5),
            number("KCXS", 6, 4),
            area_field("KCMJ"),
            area_field("YJJBNTMJ"),
            text("GDLX", 2),
            text("GDPDJB", 2),
            text("TBXHDM", 6),
            text("ZZSXDM", 6),
            integer("GDDB", 4),
            integer("SJNF", 4),
            text("BZ", 50),
        ],
        Fill::Farmland,
        1,
    );
    let grid = &scene.grid;
    let rings: Vec<Vec<Vec<Coord<f64>>>> = scene
        .farmland
        .par_iter()
        .map(|&(r, c)| match scene.redrawn.get(&grid.cell_index(r, c)) {
            Some(rings) => rings.clone(),
            None => vec![grid.cell_ring(r, c)],
        })
        .collect();
    for (i, (parts, &(r, c))) in rings.into_iter().zip(&scene.farmland).enumerate() {
        let k = scene.layout.county[grid.cell_index(r, c)];
        let land = land_class(scene.land_noise[i]);
        // A cell split into strips (realistic conflicts only, where nothing is planted) gives
        // its second strip the key (i, 1).
        for (part, ring) in parts.into_iter().enumerate() {
            let bsm = farmland.bsm(k);
            let tbbh = farmland.tbbh(k);
            let bbh = farmland.bbh(k);
            farmland.push(
                (i as u64, part as u32),
                multi(ring, vec![]),
                farmland_attrs(bsm, k, tbbh, bbh, land),
            );
        }
    }

    let mut attr_rng = SplitMix64::new(seed, tag::ATTR);
    let mut red = LayerDrafts::new(
        LayerKind::EcologicalRedLine,
        vec![
            text("BSM", 18),
            text("YSDM", 10),
            text("XJXZQDM", 12),
            text("XJXZQMC", 100),
            text("HXMC", 200),
            text("HXLX", 40),
            area_field("MJ"),
            text("BZ", 255),
        ],
        Fill::Line,
        2,
    );
    for (i, p) in scene.red.iter().enumerate() {
        let bsm = red.bsm(p.county);
        let attrs = red_attrs(bsm, p.county, &mut attr_rng);
        red.push((i as u64, 0), shapefile_multi(&p.shell, &p.holes), attrs);
    }

    let mut urban = LayerDrafts::new(
        LayerKind::UrbanDevelopmentBoundary,
        vec![
            text("BSM", 18),
            text("YSDM", 10),
            text("XZQDM", 12),
            text("XZQMC", 100),
            text("GHFQDM", 3),
            text("GHFQMC", 50),
            area_field("MJ"),
            text("BZ", 255),
        ],
        Fill::Line,
        3,
    );
    for (i, p) in scene.urban.iter().enumerate() {
        let bsm = urban.bsm(p.county);
        let attrs = urban_attrs(bsm, p.county, &mut attr_rng);
        urban.push((i as u64, 0), shapefile_multi(&p.shell, &[]), attrs);
    }

    let mut admin = LayerDrafts::new(
        LayerKind::AdministrativeArea,
        vec![
            text("BSM", 18),
            text("YSDM", 10),
            text("XZQDM", 12),
            text("XZQMC", 100),
            area_field("DCMJ"),
            area_field("JSMJ"),
            text("BZ", 255),
        ],
        Fill::Admin,
        4,
    );
    for (k, ring) in scene.county_rings.iter().enumerate() {
        let bsm = admin.bsm(k as u8);
        let (code, name) = COUNTIES[k];
        admin.push(
            (k as u64, 0),
            multi(ring.clone(), vec![]),
            vec![
                t(bsm),
                t(ysdm::XZQ),
                t(code),
                t(name),
                Value::Null,
                Value::Null,
                t(""),
            ],
        );
    }
    Drafts {
        red,
        farmland,
        urban,
        admin,
    }
}

/// The areas of a survey layer's features balanced per county (平差): rounded to 0.01 m² so
/// that each county's patches sum exactly to the county's rounded total, the differences
/// given in 0.01 m² steps to the largest remainders (ties to the lower index). Written here
/// rather than taken from sanxian-area: the generator is an independent source of expected
/// figures.
fn balanced(areas: &[f64], county: &[String]) -> Vec<f64> {
    let mut out: Vec<f64> = areas.iter().map(|a| (a * 100.0).floor() / 100.0).collect();
    let mut groups: std::collections::BTreeMap<&str, Vec<usize>> = Default::default();
    for (i, c) in county.iter().enumerate() {
        groups.entry(c.as_str()).or_default().push(i);
    }
    for idx in groups.values() {
        let total: f64 = idx.iter().map(|&i| areas[i]).sum();
        let target = (total * 100.0).round() as i64;
        let base: i64 = idx.iter().map(|&i| (out[i] * 100.0).round() as i64).sum();
        let mut need = target - base;
        let mut order: Vec<usize> = idx.clone();
        order.sort_by(|&a, &b| {
            let ra = areas[a] * 100.0 - (areas[a] * 100.0).floor();
            let rb = areas[b] * 100.0 - (areas[b] * 100.0).floor();
            rb.total_cmp(&ra).then(a.cmp(&b))
        });
        let mut k = 0;
        while need > 0 && !order.is_empty() {
            let i = order[k % order.len()];
            out[i] = ((out[i] * 100.0).round() + 1.0) / 100.0;
            need -= 1;
            k += 1;
        }
    }
    out
}

/// Turns drafts into a layer in record order; returns the layer and the keys in record order.
pub fn finish(ld: LayerDrafts, area: &EllipsoidArea) -> (Layer, Vec<(u64, u32)>) {
    let mut drafts: Vec<Draft> = ld.drafts.into_iter().filter(|d| !d.removed).collect();
    drafts.sort_by_key(|d| d.key);
    let code = ld.kind.code();
    let file = format!("{code}.shp");
    let source: Arc<str> = Arc::from(file.as_str());
    let exact: Vec<f64> = drafts
        .par_iter()
        .map(|d| area.multi_polygon(&d.geometry))
        .collect();
    let mjs: Vec<f64> = if ld.fill == Fill::Survey {
        let county: Vec<String> = drafts
            .iter()
            .map(|d| {
                d.attrs[schema::survey::ZLDWDM]
                    .to_string()
                    .chars()
                    .take(6)
                    .collect()
            })
            .collect();
        balanced(&exact, &county)
    } else {
        exact.iter().map(|&a| round2(a)).collect()
    };
    let keys = drafts.iter().map(|d| d.key).collect();
    let features = drafts
        .into_iter()
        .zip(mjs)
        .enumerate()
        .map(|(i, (d, mj))| {
            let bsm = d.attrs[F_BSM].as_str().map(str::to_string);
            let mj = d.mj.unwrap_or(mj);
            let mut a = d.attrs;
            match ld.fill {
                Fill::Farmland => {
                    use schema::farm::*;
                    let kcxs = a[KCXS].as_f64().unwrap_or(0.0);
                    let kcmj = round2(mj * kcxs);
                    a[YJJBNTTBMJ] = Value::Real(mj);
                    a[KCMJ] = Value::Real(kcmj);
                    a[YJJBNTMJ] = Value::Real(round2(mj - kcmj));
                }
                Fill::Line => a[schema::line::MJ] = Value::Real(mj),
                Fill::Admin => {
                    a[schema::admin::DCMJ] = Value::Real(mj);
                    a[schema::admin::JSMJ] = Value::Real(mj);
                }
                Fill::Survey => {
                    use schema::survey::*;
                    let kcxs = a[KCXS].as_f64().unwrap_or(0.0);
                    let kcmj = round2(mj * kcxs);
                    a[TBMJ] = Value::Real(mj);
                    a[KCMJ] = Value::Real(kcmj);
                    a[TBDLMJ] = Value::Real(round2(mj - kcmj));
                }
            }
            for (k, v) in d.overrides {
                a[k] = v;
            }
            for (k, add) in d.deltas {
                a[k] = Value::Real(round2(a[k].as_f64().unwrap_or(0.0) + add));
            }
            Feature {
                id: FeatureId {
                    source: source.clone(),
                    record: i as u64 + 1,
                    bsm,
                },
                geometry: d.geometry,
                attributes: a,
            }
        })
        .collect::<Vec<_>>();
    let layer = Layer {
        name: code.to_string(),
        kind: ld.kind,
        crs: Crs::from_epsg(4527),
        crs_source: CrsSource::Epsg,
        fields: ld.fields,
        source_records: features.len() as u64,
        features,
        format: SourceFormat::Shapefile,
        path: file,
        encoding: Some("GBK".to_string()),
        diagnostics: Vec::new(),
    };
    (layer, keys)
}
