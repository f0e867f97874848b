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
/// standards; a real delivery takes them from its provincial standard.
pub mod ysdm {
    /// 生态保护红线.
    pub const STBHHX: &str = "2090010000";
    /// 永久基本农田保护图斑.
    pub const YJJBNTBHTB: &str = "2090020000";
    /// 城镇开发边界.
    pub const CZKFBJ: &str = "2090030000";
    /// 行政区 (as in the third land survey).
    pub const XZQ: &str = "1000600100";
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
/// Planning zones of the urban development boundary (GHFQDM, GHFQMC).
pub const URBAN_ZONES: [(&str, &str); 3] = [
    ("0401", "城镇集中建设区"),
    ("0402", "城镇弹性发展区"),
    ("0403", "特别用途区"),
];

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
    /// Attributes without the trailing area field.
    pub attrs: Vec<Value>,
    /// Area field value when it is not the ellipsoid area of the geometry.
    pub mj: Option<f64>,
    /// Dropped (merged into another feature).
    pub removed: bool,
}

/// The draft features of one layer.
#[derive(Debug, Clone)]
pub struct LayerDrafts {
    /// What the layer is.
    pub kind: LayerKind,
    /// Fields, the area field last.
    pub fields: Vec<Field>,
    /// Drafts, originals first in generation order.
    pub drafts: Vec<Draft>,
    /// Digit distinguishing the layer inside BSMs.
    bsm_digit: u8,
    /// Next BSM sequence number.
    next_seq: u64,
    /// Next patch number (TBBH) per county.
    next_tbbh: [u64; 4],
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
    Field {
        width: Some(19),
        decimals: Some(2),
        ..Field::new(name, FieldType::Real)
    }
}

impl LayerDrafts {
    fn new(kind: LayerKind, fields: Vec<Field>, bsm_digit: u8) -> Self {
        LayerDrafts {
            kind,
            fields,
            drafts: Vec::new(),
            bsm_digit,
            next_seq: 1,
            next_tbbh: [1; 4],
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
            removed: false,
        });
    }

    /// Index of the draft with `key`.
    pub fn find(&self, key: (u64, u32)) -> Option<usize> {
        self.drafts.iter().position(|d| d.key == key)
    }
}

fn t(s: impl Into<String>) -> Value {
    Value::Text(s.into())
}

/// Farmland attributes (without MJ).
pub fn farmland_attrs(bsm: String, k: u8, tbbh: String, land: usize) -> Vec<Value> {
    let (code, name) = COUNTIES[k as usize];
    let (dlbm, dlmc) = LAND_CLASSES[land];
    vec![
        t(bsm),
        t(ysdm::YJJBNTBHTB),
        t(code),
        t(name),
        t(tbbh),
        t(dlbm),
        t(dlmc),
    ]
}

/// Red-line attributes (without MJ).
pub fn red_attrs(bsm: String, k: u8, rng: &mut SplitMix64) -> Vec<Value> {
    let (code, name) = COUNTIES[k as usize];
    let hxlx = RED_LINE_TYPES[rng.below(RED_LINE_TYPES.len())];
    let place = PLACES[rng.below(PLACES.len())];
    vec![
        t(bsm),
        t(ysdm::STBHHX),
        t(code),
        t(name),
        t(hxlx),
        t(format!("{name}{place}{hxlx}生态保护红线")),
    ]
}

/// Urban-boundary attributes (without MJ).
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
            text("TBBH", 8),
            text("DLBM", 5),
            text("DLMC", 60),
            area_field("MJ"),
        ],
        1,
    );
    let grid = &scene.grid;
    let rings: Vec<Vec<Coord<f64>>> = scene
        .farmland
        .par_iter()
        .map(|&(r, c)| grid.cell_ring(r, c))
        .collect();
    for (i, (ring, &(r, c))) in rings.into_iter().zip(&scene.farmland).enumerate() {
        let k = scene.layout.county[grid.cell_index(r, c)];
        let bsm = farmland.bsm(k);
        let tbbh = farmland.tbbh(k);
        let land = land_class(scene.land_noise[i]);
        farmland.push(
            (i as u64, 0),
            multi(ring, vec![]),
            farmland_attrs(bsm, k, tbbh, land),
        );
    }

    let mut attr_rng = SplitMix64::new(seed, tag::ATTR);
    let mut red = LayerDrafts::new(
        LayerKind::EcologicalRedLine,
        vec![
            text("BSM", 18),
            text("YSDM", 10),
            text("XJXZQDM", 12),
            text("XJXZQMC", 100),
            text("HXLX", 40),
            text("HXMC", 200),
            area_field("MJ"),
        ],
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
            text("GHFQDM", 10),
            text("GHFQMC", 60),
            area_field("MJ"),
        ],
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
        ],
        4,
    );
    for (k, ring) in scene.county_rings.iter().enumerate() {
        let bsm = admin.bsm(k as u8);
        let (code, name) = COUNTIES[k];
        admin.push(
            (k as u64, 0),
            multi(ring.clone(), vec![]),
            vec![t(bsm), t(ysdm::XZQ), t(code), t(name)],
        );
    }
    Drafts {
        red,
        farmland,
        urban,
        admin,
    }
}

/// Turns drafts into a layer in record order; returns the layer and the keys in record order.
pub fn finish(ld: LayerDrafts, area: &EllipsoidArea) -> (Layer, Vec<(u64, u32)>) {
    let mut drafts: Vec<Draft> = ld.drafts.into_iter().filter(|d| !d.removed).collect();
    drafts.sort_by_key(|d| d.key);
    let code = ld.kind.code();
    let file = format!("{code}.shp");
    let source: Arc<str> = Arc::from(file.as_str());
    let mjs: Vec<f64> = drafts
        .par_iter()
        .map(|d| {
            d.mj.unwrap_or_else(|| round2(area.multi_polygon(&d.geometry)))
        })
        .collect();
    let keys = drafts.iter().map(|d| d.key).collect();
    let features = drafts
        .into_iter()
        .zip(mjs)
        .enumerate()
        .map(|(i, (d, mj))| {
            let bsm = d.attrs[F_BSM].as_str().map(str::to_string);
            let mut attributes = d.attrs;
            attributes.push(Value::Real(mj));
            Feature {
                id: FeatureId {
                    source: source.clone(),
                    record: i as u64 + 1,
                    bsm,
                },
                geometry: d.geometry,
                attributes,
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
