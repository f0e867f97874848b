//! Site occupancy (压占分析): for each project parcel, the area it occupies of each control
//! line and of each land class of a land-use survey (三调 DLTB).

use std::collections::BTreeMap;

use sanxian_area::{AreaCalculator, AreaFigures, AreaMethod};
use sanxian_overlay::{boolean, overlaps_between, overlaps_within, OverlapOptions};
use sanxian_types::geo_types::MultiPolygon;
use sanxian_types::{planar, FeatureId, Layer};
use serde::Serialize;

use crate::error::field;
use crate::{Error, Result};

/// Occupied pieces smaller than this (planar m²) are dropped as slivers of shared edges.
pub const MIN_OCCUPIED_M2: f64 = 1e-4;

/// Land groups of site occupancy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LandGroup {
    /// 耕地 (DLBM 01xx).
    Cultivated,
    /// 其他农用地.
    OtherAgricultural,
    /// 建设用地.
    Construction,
    /// 未利用地.
    Unused,
    /// The code is not a third-survey code: not guessed.
    Unknown,
}

impl LandGroup {
    /// Snake-case code as serialised.
    pub fn code(self) -> &'static str {
        match self {
            LandGroup::Cultivated => "cultivated",
            LandGroup::OtherAgricultural => "other_agricultural",
            LandGroup::Construction => "construction",
            LandGroup::Unused => "unused",
            LandGroup::Unknown => "unknown",
        }
    }

    /// Chinese name.
    pub fn name_zh(self) -> &'static str {
        match self {
            LandGroup::Cultivated => "耕地",
            LandGroup::OtherAgricultural => "其他农用地",
            LandGroup::Construction => "建设用地",
            LandGroup::Unused => "未利用地",
            LandGroup::Unknown => "未识别",
        }
    }
}

/// The land group of a third-survey (三调) DLBM code.
///
/// The table (third national land survey classification, grouped as in 用地预审):
///
/// | group | DLBM |
/// |---|---|
/// | 耕地 cultivated | 01xx (0101 水田, 0102 水浇地, 0103 旱地) |
/// | 其他农用地 other agricultural | 02xx 园地, 03xx 林地, 04xx 草地, 1006 农村道路, 1103 坑塘水面, 1104 养殖坑塘, 1107 沟渠, 1202 设施农用地, 1203 田坎 |
/// | 建设用地 construction | 05xx–10xx (except 1006), 1109 水工建筑用地, 1201 空闲地 |
/// | 未利用地 unused | 11xx except 1103/1104/1107/1109 (1101 河流水面, 1102 湖泊水面, 1105 沿海滩涂, 1106 内陆滩涂, 1108 沼泽地, 1110 冰川及永久积雪), 12xx except 1201/1202/1203 (1204 盐碱地, 1205 沙地, 1206 裸土地, 1207 裸岩石砾地), 00xx 湿地 codes of the survey are not used (wetland codes 0303/0304/0306/0402 stay in their first-level class) |
///
/// Codes are compared on their first four characters (a trailing letter such as `0101A`, or
/// subcodes like `0404A`, keep the class of the four digits); anything else is
/// [`LandGroup::Unknown`].
pub fn land_group(dlbm: &str) -> LandGroup {
    let code = dlbm.trim();
    let digits: String = code.chars().take(4).collect();
    if digits.len() != 4 || !digits.chars().all(|c| c.is_ascii_digit()) {
        return LandGroup::Unknown;
    }
    let first = &digits[..2];
    match (first, digits.as_str()) {
        ("01", _) => LandGroup::Cultivated,
        ("02" | "03" | "04", _) => LandGroup::OtherAgricultural,
        (_, "1006" | "1103" | "1104" | "1107" | "1202" | "1203") => LandGroup::OtherAgricultural,
        ("05" | "06" | "07" | "08" | "09" | "10", _) => LandGroup::Construction,
        (_, "1109" | "1201") => LandGroup::Construction,
        ("11" | "12", _) => LandGroup::Unused,
        _ => LandGroup::Unknown,
    }
}

/// One piece of a parcel lying on one feature of a control line or a survey patch.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OccupiedPiece {
    /// The parcel.
    pub parcel: FeatureId,
    /// What it occupies: a control-line layer code, or the survey layer's code.
    pub layer: String,
    /// The occupied feature.
    pub feature: FeatureId,
    /// Survey pieces: the DLBM code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dlbm: Option<String>,
    /// Survey pieces: its land group.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<LandGroup>,
    /// Planar area in the working CRS, m².
    pub planar_m2: f64,
    /// Official (CGCS2000 ellipsoid) area in m², ha and mu.
    pub ellipsoid: AreaFigures,
    /// The piece in the working CRS, serialised as a GeoJSON geometry object in those
    /// coordinates.
    #[serde(serialize_with = "sanxian_overlay::serialize_geojson")]
    pub geometry: MultiPolygon<f64>,
}

/// What one parcel occupies. Areas per layer and per group are the area of the parcel's
/// intersection with the *union* of the layer's (or group's) features, so features that
/// overlap each other inside the parcel count once.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ParcelOccupancy {
    /// The parcel.
    pub parcel: FeatureId,
    /// Its official area.
    pub ellipsoid: AreaFigures,
    /// Official area occupied per control-line layer code (every layer given is listed).
    pub lines: BTreeMap<String, AreaFigures>,
    /// Official area occupied per land group (survey given: every group listed).
    pub groups: BTreeMap<LandGroup, AreaFigures>,
    /// Official area occupied per 耕地 subclass (0101 水田, 0102 水浇地, 0103 旱地; other 01xx
    /// codes under their own code).
    pub cultivated: BTreeMap<String, AreaFigures>,
    /// Planar area occupied per control-line layer code, m² (for checks).
    pub lines_planar_m2: BTreeMap<String, f64>,
    /// Planar area occupied per land group, m².
    pub groups_planar_m2: BTreeMap<LandGroup, f64>,
    /// Per layer (or `survey:GROUP`): official area by which the layer's features overlap each
    /// other inside the parcel — the sum of the per-feature pieces minus the area reported;
    /// only layers where it is positive are listed.
    pub self_overlap: BTreeMap<String, AreaFigures>,
    /// The parcel occupies nothing of any layer given (no control line, no survey patch).
    pub clear: bool,
}

/// Result of [`occupy`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Occupancy {
    /// Per parcel, in the order of the parcel layer.
    pub parcels: Vec<ParcelOccupancy>,
    /// Every occupied piece, per occupied feature.
    pub pieces: Vec<OccupiedPiece>,
    /// Totals per control-line layer code (sums of the parcels' areas).
    pub line_totals: BTreeMap<String, AreaFigures>,
    /// Totals per land group.
    pub group_totals: BTreeMap<LandGroup, AreaFigures>,
    /// Totals per 耕地 subclass (DLBM 0101, 0102, 0103 …).
    pub cultivated_totals: BTreeMap<String, AreaFigures>,
    /// Parcels that occupy nothing of any layer given.
    pub clear: Vec<FeatureId>,
    /// What could not be computed (pairs the overlay failed on, unions that failed), naming
    /// the features.
    pub not_computable: Vec<String>,
}

fn add_m2<K: Ord>(map: &mut BTreeMap<K, f64>, key: K, m2: f64) {
    *map.entry(key).or_insert(0.0) += m2;
}

fn figures<K: Ord + Clone>(m: &BTreeMap<K, f64>) -> BTreeMap<K, AreaFigures> {
    m.iter()
        .map(|(k, v)| (k.clone(), AreaFigures::from_m2(*v)))
        .collect()
}

/// The pieces of one parcel on one layer (or one survey group): (planar, ellipsoid, geometry).
#[derive(Default)]
struct Bucket<'g> {
    pieces: Vec<&'g MultiPolygon<f64>>,
    ellipsoid_sum: f64,
}

/// The area of the union of a bucket's pieces: (planar, ellipsoid, overlap counted twice).
fn union_area(
    b: &Bucket<'_>,
    calc: &AreaCalculator,
) -> std::result::Result<(f64, f64, f64), String> {
    match b.pieces.as_slice() {
        [] => Ok((0.0, 0.0, 0.0)),
        [one] => Ok((
            planar::multipolygon_area(one),
            calc.multipolygon_area_m2(one).map_err(|e| e.to_string())?,
            0.0,
        )),
        many => {
            // Pieces of features that do not overlap each other (the usual case) add up
            // exactly; only where they overlap is the union computed.
            let probe = Layer::from_geometries(
                "pieces",
                sanxian_types::LayerKind::Other,
                Some(calc.crs()),
                many.iter().map(|g| (*g).clone()),
            );
            let mut opts = OverlapOptions::default();
            opts.area_tolerance_m2 = MIN_OCCUPIED_M2;
            let within = overlaps_within(&probe, &opts).map_err(|e| e.to_string())?;
            if within.conflicts.is_empty() && within.not_computable.is_empty() {
                let p = many.iter().map(|g| planar::multipolygon_area(g)).sum();
                return Ok((p, b.ellipsoid_sum, 0.0));
            }
            let u = boolean::union_all(many.iter().copied())?;
            let e = calc.multipolygon_area_m2(&u).map_err(|e| e.to_string())?;
            Ok((
                planar::multipolygon_area(&u),
                e,
                (b.ellipsoid_sum - e).max(0.0),
            ))
        }
    }
}

/// Site occupancy of project parcels.
///
/// All layers must already be in one projected working CRS (the caller transforms). Each
/// parcel (multipolygons with holes allowed) is overlaid with every control-line layer and,
/// when given, with the survey layer (its DLBM field grouped by [`land_group`]) through the
/// overlay engine's [`overlaps_between`]. What a parcel occupies of a layer is the area of
/// parcel ∩ union(layer): where features of the layer overlap each other inside the parcel
/// (a duplicated farmland patch), the area counts once, and the overlap is reported in
/// [`ParcelOccupancy::self_overlap`]. Per-feature pieces are listed as well. Areas are
/// official CGCS2000 ellipsoid areas in m², ha and mu; pieces below [`MIN_OCCUPIED_M2`] are
/// dropped.
///
/// # Errors
/// [`Error::NoCrs`], [`Error::MissingField`] for the DLBM field, CRS problems of the overlay
/// (layers in different CRSs), an unsupported CRS for the ellipsoid area.
pub fn occupy(
    parcels: &Layer,
    control_lines: &[&Layer],
    survey: Option<(&Layer, &str)>,
) -> Result<Occupancy> {
    let crs = parcels.crs.ok_or_else(|| Error::NoCrs {
        layer: parcels.name.clone(),
    })?;
    let calc = AreaCalculator::new(crs, AreaMethod::Ellipsoid)?;
    let mut opts = OverlapOptions::default();
    opts.area_tolerance_m2 = MIN_OCCUPIED_M2;
    let n = parcels.features.len();
    let mut pieces = Vec::new();
    let mut not_computable = Vec::new();

    // Buckets per parcel: key = layer code, or "survey:<group>", or "cultivated:<code>".
    let mut reports = Vec::new();
    for line in control_lines {
        reports.push((line.code(), None, overlaps_between(parcels, line, &opts)?));
    }
    let survey_field = match survey {
        Some((s, f)) => Some((s, field(s, f)?)),
        None => None,
    };
    if let Some((s, fi)) = survey_field {
        reports.push((
            s.code(),
            Some((s, fi)),
            overlaps_between(parcels, s, &opts)?,
        ));
    }
    let mut buckets: Vec<BTreeMap<String, Bucket<'_>>> = (0..n).map(|_| BTreeMap::new()).collect();
    for (code, survey, report) in &reports {
        for nc in &report.not_computable {
            not_computable.push(format!(
                "{} × {}: {}",
                nc.feature_a, nc.feature_b, nc.reason
            ));
        }
        for c in &report.conflicts {
            let e = calc.multipolygon_area_m2(&c.overlap)?;
            let (dlbm, group) = match survey {
                Some((s, fi)) => {
                    let d = s.features[c.index_b]
                        .attributes
                        .get(*fi)
                        .map(|v| v.to_string().trim().to_string())
                        .unwrap_or_default();
                    let g = land_group(&d);
                    (Some(d), Some(g))
                }
                None => (None, None),
            };
            let mut keys = vec![match group {
                Some(g) => format!("survey:{}", g.code()),
                None => code.clone(),
            }];
            if group == Some(LandGroup::Cultivated) {
                let sub: String = dlbm
                    .as_deref()
                    .unwrap_or_default()
                    .chars()
                    .take(4)
                    .collect();
                keys.push(format!("cultivated:{sub}"));
            }
            for k in keys {
                let b = buckets[c.index_a].entry(k).or_default();
                b.pieces.push(&c.overlap);
                b.ellipsoid_sum += e;
            }
            pieces.push(OccupiedPiece {
                parcel: c.feature_a.clone(),
                layer: code.clone(),
                feature: c.feature_b.clone(),
                dlbm,
                group,
                planar_m2: c.planar_m2,
                ellipsoid: AreaFigures::from_m2(e),
                geometry: c.overlap.clone(),
            });
        }
    }

    let line_codes: Vec<String> = control_lines.iter().map(|l| l.code()).collect();
    let groups = [
        LandGroup::Cultivated,
        LandGroup::OtherAgricultural,
        LandGroup::Construction,
        LandGroup::Unused,
    ];
    let mut out = Vec::with_capacity(n);
    let mut line_totals: BTreeMap<String, f64> = BTreeMap::new();
    let mut group_totals: BTreeMap<LandGroup, f64> = BTreeMap::new();
    let mut cultivated_totals: BTreeMap<String, f64> = BTreeMap::new();
    let mut clear = Vec::new();
    for (i, f) in parcels.features.iter().enumerate() {
        let mut lines_m2: BTreeMap<String, f64> = BTreeMap::new();
        let mut lines_planar: BTreeMap<String, f64> = BTreeMap::new();
        let mut groups_m2: BTreeMap<LandGroup, f64> = BTreeMap::new();
        let mut groups_planar: BTreeMap<LandGroup, f64> = BTreeMap::new();
        let mut cult_m2: BTreeMap<String, f64> = BTreeMap::new();
        let mut self_overlap: BTreeMap<String, f64> = BTreeMap::new();
        for c in &line_codes {
            lines_m2.insert(c.clone(), 0.0);
            lines_planar.insert(c.clone(), 0.0);
        }
        if survey.is_some() {
            for g in groups {
                groups_m2.insert(g, 0.0);
                groups_planar.insert(g, 0.0);
            }
        }
        let touched = !buckets[i].is_empty();
        for (key, b) in &buckets[i] {
            let (p, e, twice) = match union_area(b, &calc) {
                Ok(a) => a,
                Err(why) => {
                    not_computable.push(format!(
                        "{}: the union of its pieces on {key} could not be computed ({why}); the sum of the pieces is used",
                        f.id
                    ));
                    let p = b.pieces.iter().map(|g| planar::multipolygon_area(g)).sum();
                    (p, b.ellipsoid_sum, 0.0)
                }
            };
            if twice >= MIN_OCCUPIED_M2 {
                self_overlap.insert(key.clone(), twice);
            }
            if let Some(g) = key.strip_prefix("survey:") {
                let g = groups
                    .iter()
                    .chain([&LandGroup::Unknown])
                    .find(|x| x.code() == g)
                    .copied()
                    .unwrap_or(LandGroup::Unknown);
                add_m2(&mut groups_m2, g, e);
                add_m2(&mut groups_planar, g, p);
                add_m2(&mut group_totals, g, e);
            } else if let Some(sub) = key.strip_prefix("cultivated:") {
                add_m2(&mut cult_m2, sub.to_string(), e);
                add_m2(&mut cultivated_totals, sub.to_string(), e);
            } else {
                add_m2(&mut lines_m2, key.clone(), e);
                add_m2(&mut lines_planar, key.clone(), p);
                add_m2(&mut line_totals, key.clone(), e);
            }
        }
        for c in &line_codes {
            line_totals.entry(c.clone()).or_insert(0.0);
        }
        if survey.is_some() {
            for g in groups {
                group_totals.entry(g).or_insert(0.0);
            }
        }
        if !touched {
            clear.push(f.id.clone());
        }
        out.push(ParcelOccupancy {
            parcel: f.id.clone(),
            ellipsoid: AreaFigures::from_m2(calc.multipolygon_area_m2(&f.geometry)?),
            lines: figures(&lines_m2),
            groups: figures(&groups_m2),
            cultivated: figures(&cult_m2),
            lines_planar_m2: lines_planar,
            groups_planar_m2: groups_planar,
            self_overlap: figures(&self_overlap),
            clear: !touched,
        });
    }
    Ok(Occupancy {
        parcels: out,
        pieces,
        line_totals: figures(&line_totals),
        group_totals: figures(&group_totals),
        cultivated_totals: figures(&cultivated_totals),
        clear,
        not_computable,
    })
}
