//! Multi-plan integration (多规合一): two plans overlaid with the overlay engine, every piece
//! classified as construction land in both plans, in one only (the difference patches
//! 差异图斑) or in neither, through an explicit mapping table of class codes.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use geo::BooleanOps;
use sanxian_area::{AreaCalculator, AreaMethod};
use sanxian_overlay::{overlaps_between, OverlapOptions};
use sanxian_rules::shape;
use sanxian_types::geo_types::MultiPolygon;
use sanxian_types::{Feature, FeatureId, Layer};
use serde::{Deserialize, Serialize};

use crate::draft::layer_code;
use crate::Error;

/// Pieces smaller than this (planar m²) are dropped as slivers of shared edges.
pub const MIN_PIECE_M2: f64 = 1e-4;

/// What a class code of a plan means for the comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    /// Construction land (建设用地).
    Construction,
    /// Anything else (非建设用地).
    NonConstruction,
    /// The code is not in the mapping table: never guessed.
    Unmapped,
}

impl Category {
    /// `construction`, `non-construction` or `unmapped`.
    pub fn code(self) -> &'static str {
        match self {
            Category::Construction => "construction",
            Category::NonConstruction => "non-construction",
            Category::Unmapped => "unmapped",
        }
    }
}

/// One row of a mapping table: the category of a class code and, optionally, its first-level
/// 用地用海 code ("01".."24").
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MappedClass {
    /// Construction or not.
    pub category: Category,
    /// First-level 用地用海 code, when stated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ydyh: Option<String>,
}

/// Which plan of a comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Plan {
    /// The first plan.
    A,
    /// The second plan.
    B,
}

/// The mapping of both plans' class codes to categories.
///
/// TOML form (a plain string or a table per code):
/// ```toml
/// [a]
/// "0101" = "non-construction"
/// "0701" = { category = "construction", ydyh = "07" }
/// [b]
/// "R2" = { category = "construction", ydyh = "07" }
/// ```
/// CSV form (header required, `ydyh` may be empty): `plan,code,category,ydyh`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct PlanMapping {
    /// Codes of plan A.
    pub a: BTreeMap<String, MappedClass>,
    /// Codes of plan B.
    pub b: BTreeMap<String, MappedClass>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum TomlEntry {
    Plain(String),
    Full {
        category: String,
        #[serde(default)]
        ydyh: Option<String>,
    },
}

#[derive(Deserialize)]
struct TomlMapping {
    #[serde(default)]
    a: BTreeMap<String, TomlEntry>,
    #[serde(default)]
    b: BTreeMap<String, TomlEntry>,
}

fn mapped(code: &str, category: &str, ydyh: Option<String>) -> Result<MappedClass, Error> {
    let category = match category.trim() {
        "construction" => Category::Construction,
        "non-construction" => Category::NonConstruction,
        other => {
            return Err(Error::Mapping(format!(
                "code {code}: category must be 'construction' or 'non-construction', not '{other}'"
            )))
        }
    };
    let ydyh = ydyh.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
    if let Some(y) = &ydyh {
        let ok = y.len() == 2 && matches!(y.parse::<u8>(), Ok(1..=24));
        if !ok {
            return Err(Error::Mapping(format!(
                "code {code}: ydyh must be a first-level 用地用海 code 01..24, not '{y}'"
            )));
        }
    }
    Ok(MappedClass { category, ydyh })
}

impl PlanMapping {
    /// Parses the TOML form.
    ///
    /// # Errors
    /// [`Error::Mapping`] for bad TOML, categories or 用地用海 codes.
    pub fn from_toml_str(text: &str) -> Result<PlanMapping, Error> {
        let raw: TomlMapping =
            toml::from_str(text).map_err(|e| Error::Mapping(format!("mapping TOML: {e}")))?;
        let conv =
            |m: BTreeMap<String, TomlEntry>| -> Result<BTreeMap<String, MappedClass>, Error> {
                m.into_iter()
                    .map(|(code, e)| {
                        let c = match e {
                            TomlEntry::Plain(c) => mapped(&code, &c, None)?,
                            TomlEntry::Full { category, ydyh } => mapped(&code, &category, ydyh)?,
                        };
                        Ok((code, c))
                    })
                    .collect()
            };
        Ok(PlanMapping {
            a: conv(raw.a)?,
            b: conv(raw.b)?,
        })
    }

    /// Parses the CSV form (`plan,code,category,ydyh`, comma-separated, no quoting).
    ///
    /// # Errors
    /// [`Error::Mapping`] for a bad header, plan, category or 用地用海 code.
    pub fn from_csv_str(text: &str) -> Result<PlanMapping, Error> {
        let text = text.trim_start_matches('\u{feff}');
        let mut lines = text.lines().enumerate();
        let header: Vec<String> = lines
            .next()
            .map(|(_, h)| h.split(',').map(|s| s.trim().to_lowercase()).collect())
            .unwrap_or_default();
        if header.len() < 3 || header[0] != "plan" || header[1] != "code" || header[2] != "category"
        {
            return Err(Error::Mapping(
                "mapping CSV must start with the header plan,code,category[,ydyh]".into(),
            ));
        }
        let mut out = PlanMapping::default();
        for (n, line) in lines {
            if line.trim().is_empty() {
                continue;
            }
            let cols: Vec<&str> = line.split(',').map(str::trim).collect();
            if cols.len() < 3 {
                return Err(Error::Mapping(format!(
                    "mapping CSV line {}: expected plan,code,category[,ydyh]",
                    n + 1
                )));
            }
            let class = mapped(cols[1], cols[2], cols.get(3).map(|s| s.to_string()))?;
            let table = match cols[0].to_lowercase().as_str() {
                "a" => &mut out.a,
                "b" => &mut out.b,
                other => {
                    return Err(Error::Mapping(format!(
                        "mapping CSV line {}: plan must be a or b, not '{other}'",
                        n + 1
                    )))
                }
            };
            table.insert(cols[1].to_string(), class);
        }
        Ok(out)
    }

    /// Reads a mapping file: `.csv` as CSV, anything else as TOML.
    ///
    /// # Errors
    /// [`Error::Mapping`] when the file cannot be read or parsed.
    pub fn from_path(path: &Path) -> Result<PlanMapping, Error> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| Error::Mapping(format!("cannot read {}: {e}", path.display())))?;
        let is_csv = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
        if is_csv {
            PlanMapping::from_csv_str(&text)
        } else {
            PlanMapping::from_toml_str(&text)
        }
    }

    fn table(&self, plan: Plan) -> &BTreeMap<String, MappedClass> {
        match plan {
            Plan::A => &self.a,
            Plan::B => &self.b,
        }
    }
}

/// The class of a piece in the comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PieceClass {
    /// Construction land in both plans.
    BothConstruction,
    /// Construction land in plan A only (a difference patch).
    OnlyA,
    /// Construction land in plan B only (a difference patch).
    OnlyB,
    /// Construction land in neither plan.
    Neither,
    /// A plan covering the piece has an unmapped class code: not classified.
    Unmapped,
}

impl PieceClass {
    /// Every class, in report order.
    pub const ALL: [PieceClass; 5] = [
        PieceClass::BothConstruction,
        PieceClass::OnlyA,
        PieceClass::OnlyB,
        PieceClass::Neither,
        PieceClass::Unmapped,
    ];

    /// Snake-case code as serialised.
    pub fn code(self) -> &'static str {
        match self {
            PieceClass::BothConstruction => "both_construction",
            PieceClass::OnlyA => "only_a",
            PieceClass::OnlyB => "only_b",
            PieceClass::Neither => "neither",
            PieceClass::Unmapped => "unmapped",
        }
    }

    /// Whether the piece is a difference patch (差异图斑).
    pub fn is_difference(self) -> bool {
        matches!(self, PieceClass::OnlyA | PieceClass::OnlyB)
    }
}

/// One side (plan) of a piece.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PieceSide {
    /// The plan feature.
    pub feature: FeatureId,
    /// Its class code (text of the class field, empty when missing).
    pub code: String,
    /// Its category by the mapping.
    pub category: Category,
    /// Its first-level 用地用海 code by the mapping.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ydyh: Option<String>,
}

/// One piece of the overlay of two plans.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanPiece {
    /// The plan A side (`None`: the piece lies outside plan A).
    pub a: Option<PieceSide>,
    /// The plan B side (`None`: the piece lies outside plan B).
    pub b: Option<PieceSide>,
    /// Its class.
    pub class: PieceClass,
    /// County code: the `XZQDM` of the A feature, else of the B feature (`None` when neither
    /// has one).
    pub xzqdm: Option<String>,
    /// Per control-line layer code (STBHHX, YJJBNTBHTB, CZKFBJ …): whether the piece overlaps
    /// it with positive area.
    pub touches: BTreeMap<String, bool>,
    /// Planar area in the working CRS, m².
    pub planar_m2: f64,
    /// Official (CGCS2000 ellipsoid) area, m².
    pub area_m2: f64,
    /// Official area, ha.
    pub area_ha: f64,
    /// The piece in the working CRS, serialised as a GeoJSON geometry object in those
    /// coordinates.
    #[serde(serialize_with = "sanxian_overlay::serialize_geojson")]
    pub geometry: MultiPolygon<f64>,
}

/// Count, official area and share of one class.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClassSummary {
    /// The class.
    pub class: PieceClass,
    /// Number of pieces.
    pub count: usize,
    /// Official area, ha.
    pub area_ha: f64,
    /// Share of the total area of all pieces (0..1; 0 when there are none).
    pub share: f64,
}

/// A class code missing from the mapping table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnmappedCode {
    /// The plan.
    pub plan: Plan,
    /// The code.
    pub code: String,
    /// Number of features of the plan with this code.
    pub features: usize,
}

/// Result of [`compare_plans`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanComparison {
    /// Every piece: A∩B overlaps, then A outside B, then B outside A.
    pub pieces: Vec<PlanPiece>,
    /// Per class over all pieces (every class listed).
    pub summary: Vec<ClassSummary>,
    /// Per county code (see [`PlanPiece::xzqdm`]; pieces without one under `""`).
    pub by_county: BTreeMap<String, Vec<ClassSummary>>,
    /// Codes not in the mapping table.
    pub unmapped: Vec<UnmappedCode>,
    /// The control-line layer codes flagged.
    pub control_lines: Vec<String>,
}

fn text_of(f: &Feature, i: Option<usize>) -> String {
    i.and_then(|i| f.attributes.get(i))
        .map(|v| v.to_string())
        .map(|s| s.trim().to_string())
        .unwrap_or_default()
}

pub(crate) fn pieces_layer(template: &Layer, name: &str, geoms: Vec<MultiPolygon<f64>>) -> Layer {
    let source: std::sync::Arc<str> = name.into();
    Layer {
        name: name.to_string(),
        kind: sanxian_types::LayerKind::Other,
        crs: template.crs,
        crs_source: template.crs_source.clone(),
        fields: Vec::new(),
        features: geoms
            .into_iter()
            .enumerate()
            .map(|(i, geometry)| Feature {
                id: FeatureId {
                    source: source.clone(),
                    record: i as u64 + 1,
                    bsm: None,
                },
                geometry,
                attributes: Vec::new(),
            })
            .collect(),
        format: template.format.clone(),
        path: String::new(),
        encoding: None,
        diagnostics: Vec::new(),
        source_records: 0,
    }
}

/// For each control-line layer, which pieces (by index) overlap it with positive area.
pub(crate) fn touching(
    pieces: &Layer,
    lines: &[&Layer],
) -> Result<Vec<(String, Vec<bool>)>, Error> {
    let mut opts = OverlapOptions::default();
    opts.area_tolerance_m2 = 0.0;
    let mut out = Vec::new();
    for line in lines {
        let mut hit = vec![false; pieces.features.len()];
        let report = overlaps_between(pieces, line, &opts)?;
        for c in &report.conflicts {
            if c.area_m2 > 0.0 {
                if let Some(h) = (c.feature_a.record as usize)
                    .checked_sub(1)
                    .and_then(|i| hit.get_mut(i))
                {
                    *h = true;
                }
            }
        }
        out.push((layer_code(line), hit));
    }
    Ok(out)
}

/// Each feature of `layer` minus its overlap pieces: the part outside the other plan.
fn outside_parts(
    layer: &Layer,
    inside: &HashMap<&FeatureId, Vec<&MultiPolygon<f64>>>,
) -> Vec<MultiPolygon<f64>> {
    use rayon::prelude::*;
    layer
        .features
        .par_iter()
        .map(|f| {
            let pieces = inside.get(&f.id).map(Vec::as_slice).unwrap_or_default();
            // A feature its pieces cover up to less than the smallest kept piece has no part
            // outside worth a boolean operation (in a plan against a plan, most features).
            let covered: f64 = pieces
                .iter()
                .map(|p| sanxian_rules::shape::planar_area(p))
                .sum();
            if sanxian_rules::shape::planar_area(&f.geometry) - covered < MIN_PIECE_M2 {
                return MultiPolygon(Vec::new());
            }
            let mut rest = f.geometry.clone();
            for piece in pieces {
                rest = rest.difference(*piece);
            }
            rest
        })
        .collect()
}

fn summarise(pieces: &[&PlanPiece]) -> Vec<ClassSummary> {
    let total: f64 = pieces.iter().map(|p| p.area_ha).sum();
    PieceClass::ALL
        .iter()
        .map(|&class| {
            let of: Vec<&&PlanPiece> = pieces.iter().filter(|p| p.class == class).collect();
            let area_ha: f64 = of.iter().map(|p| p.area_ha).sum();
            ClassSummary {
                class,
                count: of.len(),
                area_ha,
                share: if total > 0.0 { area_ha / total } else { 0.0 },
            }
        })
        .collect()
}

fn classify(a: Option<&PieceSide>, b: Option<&PieceSide>) -> PieceClass {
    let cat = |s: Option<&PieceSide>| s.map(|s| s.category);
    if cat(a) == Some(Category::Unmapped) || cat(b) == Some(Category::Unmapped) {
        return PieceClass::Unmapped;
    }
    let ca = cat(a) == Some(Category::Construction);
    let cb = cat(b) == Some(Category::Construction);
    match (ca, cb) {
        (true, true) => PieceClass::BothConstruction,
        (true, false) => PieceClass::OnlyA,
        (false, true) => PieceClass::OnlyB,
        (false, false) => PieceClass::Neither,
    }
}

/// Compares two plans through a mapping table of their class codes.
///
/// Both plans (and the control-line layers) must already be in one projected working CRS
/// (the caller transforms, e.g. with [`sanxian_io::reproject::transform_layer`]). Pieces are
/// every overlap of an A feature with a B feature (the overlay engine's
/// [`overlaps_between`]), then each A feature minus its exact overlap pieces (the part of A
/// outside B), then each B feature minus its pieces; pieces below [`MIN_PIECE_M2`] are
/// dropped. Subtracting the feature's own pieces rather than the other plan keeps the boolean
/// operation local and exact. Plans are assumed free of self-overlap; for such plans the
/// pieces of each plan sum to the plan's planar area.
///
/// The county code of a piece is the `XZQDM` field of its A feature, else of its B feature.
///
/// # Errors
/// [`Error::NoCrs`], [`Error::MissingField`] for a class field, CRS problems of the overlay
/// (layers in different CRSs), an unsupported CRS for the ellipsoid area.
pub fn compare_plans(
    plan_a: &Layer,
    class_field_a: &str,
    plan_b: &Layer,
    class_field_b: &str,
    mapping: &PlanMapping,
    control_lines: &[&Layer],
) -> Result<PlanComparison, Error> {
    let crs = plan_a.crs.ok_or_else(|| Error::NoCrs {
        layer: plan_a.name.clone(),
    })?;
    let field = |layer: &Layer, name: &str| {
        layer.field_index(name).ok_or_else(|| Error::MissingField {
            layer: layer.name.clone(),
            field: name.to_string(),
        })
    };
    let fa = field(plan_a, class_field_a)?;
    let fb = field(plan_b, class_field_b)?;
    let calc = AreaCalculator::new(crs, AreaMethod::Ellipsoid)?;

    // Sides and unmapped codes.
    let mut unmapped = Vec::new();
    let sides = |layer: &Layer, field: usize, plan: Plan, unmapped: &mut Vec<UnmappedCode>| {
        let table = mapping.table(plan);
        let xzq = layer.field_index("XZQDM");
        let mut missing: BTreeMap<String, usize> = BTreeMap::new();
        let map: HashMap<FeatureId, (PieceSide, String)> = layer
            .features
            .iter()
            .map(|f| {
                let code = text_of(f, Some(field));
                let (category, ydyh) = match table.get(&code) {
                    Some(m) => (m.category, m.ydyh.clone()),
                    None => {
                        *missing.entry(code.clone()).or_default() += 1;
                        (Category::Unmapped, None)
                    }
                };
                let side = PieceSide {
                    feature: f.id.clone(),
                    code,
                    category,
                    ydyh,
                };
                (f.id.clone(), (side, text_of(f, xzq)))
            })
            .collect();
        unmapped.extend(missing.into_iter().map(|(code, features)| UnmappedCode {
            plan,
            code,
            features,
        }));
        map
    };
    let sides_a = sides(plan_a, fa, Plan::A, &mut unmapped);
    let sides_b = sides(plan_b, fb, Plan::B, &mut unmapped);

    let mut opts = OverlapOptions::default();
    opts.area_tolerance_m2 = 0.0;
    let report = overlaps_between(plan_a, plan_b, &opts)?;
    let mut in_a: HashMap<&FeatureId, Vec<&MultiPolygon<f64>>> = HashMap::new();
    let mut in_b: HashMap<&FeatureId, Vec<&MultiPolygon<f64>>> = HashMap::new();
    for c in &report.conflicts {
        in_a.entry(c.feature_a).or_default().push(&c.overlap);
        in_b.entry(c.feature_b).or_default().push(&c.overlap);
    }
    let mut raw: Vec<(Option<&FeatureId>, Option<&FeatureId>, MultiPolygon<f64>)> = report
        .conflicts
        .iter()
        .map(|c| (Some(c.feature_a), Some(c.feature_b), c.overlap.clone()))
        .collect();
    for (f, g) in plan_a.features.iter().zip(outside_parts(plan_a, &in_a)) {
        raw.push((Some(&f.id), None, g));
    }
    for (f, g) in plan_b.features.iter().zip(outside_parts(plan_b, &in_b)) {
        raw.push((None, Some(&f.id), g));
    }
    raw.retain(|(_, _, g)| shape::planar_area(g) >= MIN_PIECE_M2);

    let geoms: Vec<MultiPolygon<f64>> = raw.iter().map(|(_, _, g)| g.clone()).collect();
    let layer = pieces_layer(plan_a, "pieces", geoms);
    let flags = touching(&layer, control_lines)?;

    let mut pieces = Vec::with_capacity(raw.len());
    for (i, (ia, ib, geometry)) in raw.into_iter().enumerate() {
        let a = ia.and_then(|id| sides_a.get(id));
        let b = ib.and_then(|id| sides_b.get(id));
        let xzqdm = a
            .map(|(_, x)| x.clone())
            .filter(|x| !x.is_empty())
            .or_else(|| b.map(|(_, x)| x.clone()).filter(|x| !x.is_empty()));
        let a = a.map(|(s, _)| s.clone());
        let b = b.map(|(s, _)| s.clone());
        let class = classify(a.as_ref(), b.as_ref());
        let area_m2 = calc.multipolygon_area_m2(&geometry)?;
        pieces.push(PlanPiece {
            a,
            b,
            class,
            xzqdm,
            touches: flags
                .iter()
                .map(|(code, hit)| (code.clone(), hit.get(i).copied().unwrap_or(false)))
                .collect(),
            planar_m2: shape::planar_area(&geometry),
            area_m2,
            area_ha: area_m2 / 10_000.0,
            geometry,
        });
    }
    let all: Vec<&PlanPiece> = pieces.iter().collect();
    let summary = summarise(&all);
    let mut counties: BTreeMap<String, Vec<&PlanPiece>> = BTreeMap::new();
    for p in &pieces {
        counties
            .entry(p.xzqdm.clone().unwrap_or_default())
            .or_default()
            .push(p);
    }
    let by_county = counties
        .into_iter()
        .map(|(k, v)| (k, summarise(&v)))
        .collect();
    Ok(PlanComparison {
        pieces,
        summary,
        by_county,
        unmapped,
        control_lines: flags.into_iter().map(|(c, _)| c).collect(),
    })
}
