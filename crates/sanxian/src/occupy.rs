//! Site occupancy (压占分析): for each project parcel, the area it occupies of each control
//! line and of each land class of a land-use survey (三调 DLTB).

use std::collections::BTreeMap;

use sanxian_area::{AreaCalculator, AreaMethod};
use sanxian_overlay::{overlaps_between, OverlapOptions};
use sanxian_rules::finding::AreaFigures;
use sanxian_types::geo_types::MultiPolygon;
use sanxian_types::{FeatureId, Layer};
use serde::Serialize;

use crate::draft::layer_code;
use crate::Error;

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

/// One piece of a parcel lying on a control line or a survey patch.
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
    pub area: AreaFigures,
    /// The piece in the working CRS, serialised as a GeoJSON geometry object in those
    /// coordinates.
    #[serde(serialize_with = "sanxian_overlay::serialize_geojson")]
    pub geometry: MultiPolygon<f64>,
}

/// What one parcel occupies.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ParcelOccupancy {
    /// The parcel.
    pub parcel: FeatureId,
    /// Its official area.
    pub area: AreaFigures,
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
    /// The parcel occupies nothing of any layer given (no control line, no survey patch).
    pub clear: bool,
}

/// Result of [`occupy`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Occupancy {
    /// Per parcel, in the order of the parcel layer.
    pub parcels: Vec<ParcelOccupancy>,
    /// Every occupied piece.
    pub pieces: Vec<OccupiedPiece>,
    /// Totals per control-line layer code.
    pub line_totals: BTreeMap<String, AreaFigures>,
    /// Totals per land group.
    pub group_totals: BTreeMap<LandGroup, AreaFigures>,
    /// Totals per 耕地 subclass (DLBM 0101, 0102, 0103 …).
    pub cultivated_totals: BTreeMap<String, AreaFigures>,
    /// Parcels that occupy nothing of any layer given.
    pub clear: Vec<FeatureId>,
}

fn add_m2<K: Ord>(map: &mut BTreeMap<K, f64>, key: K, m2: f64) {
    *map.entry(key).or_insert(0.0) += m2;
}

fn figures<K: Ord + Clone>(m: &BTreeMap<K, f64>) -> BTreeMap<K, AreaFigures> {
    m.iter()
        .map(|(k, v)| (k.clone(), AreaFigures::from_m2(*v)))
        .collect()
}

/// Site occupancy of project parcels.
///
/// All layers must already be in one projected working CRS (the caller transforms). Each
/// parcel (multipolygons with holes allowed) is overlaid with every control-line layer and,
/// when given, with the survey layer (its DLBM field grouped by [`land_group`]) through the
/// overlay engine's [`overlaps_between`]. Areas are official CGCS2000 ellipsoid areas in m²,
/// ha and mu; pieces below [`MIN_OCCUPIED_M2`] are dropped.
///
/// # Errors
/// [`Error::NoCrs`], [`Error::MissingField`] for the DLBM field, CRS problems of the overlay
/// (layers in different CRSs), an unsupported CRS for the ellipsoid area.
pub fn occupy(
    parcels: &Layer,
    control_lines: &[&Layer],
    survey: Option<(&Layer, &str)>,
) -> Result<Occupancy, Error> {
    let crs = parcels.crs.ok_or_else(|| Error::NoCrs {
        layer: parcels.name.clone(),
    })?;
    let calc = AreaCalculator::new(crs, AreaMethod::Ellipsoid)?;
    let mut opts = OverlapOptions::default();
    opts.area_tolerance_m2 = MIN_OCCUPIED_M2;
    let index: std::collections::HashMap<&FeatureId, usize> = parcels
        .features
        .iter()
        .enumerate()
        .map(|(i, f)| (&f.id, i))
        .collect();
    let n = parcels.features.len();
    let mut lines_m2: Vec<BTreeMap<String, f64>> = vec![BTreeMap::new(); n];
    let mut lines_planar: Vec<BTreeMap<String, f64>> = vec![BTreeMap::new(); n];
    let mut groups_m2: Vec<BTreeMap<LandGroup, f64>> = vec![BTreeMap::new(); n];
    let mut groups_planar: Vec<BTreeMap<LandGroup, f64>> = vec![BTreeMap::new(); n];
    let mut cult_m2: Vec<BTreeMap<String, f64>> = vec![BTreeMap::new(); n];
    let mut touched = vec![false; n];
    let mut pieces = Vec::new();

    for line in control_lines {
        let code = layer_code(line);
        for m in lines_m2.iter_mut().chain(lines_planar.iter_mut()) {
            m.insert(code.clone(), 0.0);
        }
        let report = overlaps_between(parcels, line, &opts)?;
        for c in &report.conflicts {
            let Some(&i) = index.get(c.feature_a) else {
                continue;
            };
            let m2 = calc.multipolygon_area_m2(&c.overlap)?;
            add_m2(&mut lines_m2[i], code.clone(), m2);
            add_m2(&mut lines_planar[i], code.clone(), c.area_m2);
            touched[i] = true;
            pieces.push(OccupiedPiece {
                parcel: c.feature_a.clone(),
                layer: code.clone(),
                feature: c.feature_b.clone(),
                dlbm: None,
                group: None,
                planar_m2: c.area_m2,
                area: AreaFigures::from_m2(m2),
                geometry: c.overlap.clone(),
            });
        }
    }
    if let Some((survey, field)) = survey {
        let fi = survey
            .field_index(field)
            .ok_or_else(|| Error::MissingField {
                layer: survey.name.clone(),
                field: field.to_string(),
            })?;
        let code = layer_code(survey);
        let dlbm_of: std::collections::HashMap<&FeatureId, String> = survey
            .features
            .iter()
            .map(|f| {
                let v = f
                    .attributes
                    .get(fi)
                    .map(|v| v.to_string().trim().to_string())
                    .unwrap_or_default();
                (&f.id, v)
            })
            .collect();
        for (g, p) in groups_m2.iter_mut().zip(groups_planar.iter_mut()) {
            for group in [
                LandGroup::Cultivated,
                LandGroup::OtherAgricultural,
                LandGroup::Construction,
                LandGroup::Unused,
            ] {
                g.insert(group, 0.0);
                p.insert(group, 0.0);
            }
        }
        let report = overlaps_between(parcels, survey, &opts)?;
        for c in &report.conflicts {
            let Some(&i) = index.get(c.feature_a) else {
                continue;
            };
            let dlbm = dlbm_of.get(c.feature_b).cloned().unwrap_or_default();
            let group = land_group(&dlbm);
            let m2 = calc.multipolygon_area_m2(&c.overlap)?;
            add_m2(&mut groups_m2[i], group, m2);
            add_m2(&mut groups_planar[i], group, c.area_m2);
            if group == LandGroup::Cultivated {
                add_m2(&mut cult_m2[i], dlbm.chars().take(4).collect(), m2);
            }
            touched[i] = true;
            pieces.push(OccupiedPiece {
                parcel: c.feature_a.clone(),
                layer: code.clone(),
                feature: c.feature_b.clone(),
                dlbm: Some(dlbm),
                group: Some(group),
                planar_m2: c.area_m2,
                area: AreaFigures::from_m2(m2),
                geometry: c.overlap.clone(),
            });
        }
    }

    let mut out = Vec::with_capacity(n);
    let mut line_totals: BTreeMap<String, f64> = BTreeMap::new();
    let mut group_totals: BTreeMap<LandGroup, f64> = BTreeMap::new();
    let mut cultivated_totals: BTreeMap<String, f64> = BTreeMap::new();
    let mut clear = Vec::new();
    for (i, f) in parcels.features.iter().enumerate() {
        for (k, v) in &lines_m2[i] {
            add_m2(&mut line_totals, k.clone(), *v);
        }
        for (k, v) in &groups_m2[i] {
            add_m2(&mut group_totals, *k, *v);
        }
        for (k, v) in &cult_m2[i] {
            add_m2(&mut cultivated_totals, k.clone(), *v);
        }
        if !touched[i] {
            clear.push(f.id.clone());
        }
        out.push(ParcelOccupancy {
            parcel: f.id.clone(),
            area: AreaFigures::from_m2(calc.multipolygon_area_m2(&f.geometry)?),
            lines: figures(&lines_m2[i]),
            groups: figures(&groups_m2[i]),
            cultivated: figures(&cult_m2[i]),
            lines_planar_m2: lines_planar[i].clone(),
            groups_planar_m2: groups_planar[i].clone(),
            clear: !touched[i],
        });
    }
    Ok(Occupancy {
        parcels: out,
        pieces,
        line_totals: figures(&line_totals),
        group_totals: figures(&group_totals),
        cultivated_totals: figures(&cultivated_totals),
        clear,
    })
}
