//! Multi-plan integration (多规合一): two plans overlaid with the overlay engine, every piece
//! classified as construction land in both plans, in one only (the difference patches
//! 差异图斑) or in neither, through an explicit mapping table of class codes.

use std::collections::BTreeMap;

use rayon::prelude::*;
use sanxian_area::{AreaCalculator, AreaMethod};
use sanxian_overlay::{boolean, overlaps_between, overlaps_within, OverlapOptions};
use sanxian_types::geo_types::MultiPolygon;
use sanxian_types::{planar, Feature, FeatureId, Layer};
use serde::Serialize;

use crate::error::field;
use crate::mapping::{Category, Plan, PlanMapping};
use crate::{line_flags, Error, Result};

/// Pieces smaller than this (planar m²) are dropped as slivers of shared edges.
pub const MIN_PIECE_M2: f64 = 1e-4;

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

    /// The Chinese name.
    pub fn name_zh(self) -> &'static str {
        match self {
            PieceClass::BothConstruction => "两规均为建设用地",
            PieceClass::OnlyA => "仅规划A为建设用地（差异图斑）",
            PieceClass::OnlyB => "仅规划B为建设用地（差异图斑）",
            PieceClass::Neither => "两规均非建设用地",
            PieceClass::Unmapped => "未映射用地代码",
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
    pub overlaps_lines: BTreeMap<String, bool>,
    /// Planar area in the working CRS, m².
    pub planar_m2: f64,
    /// Official (CGCS2000 ellipsoid) area, m².
    pub ellipsoid_m2: f64,
    /// Official area, ha.
    pub ellipsoid_ha: f64,
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
    /// Official ellipsoid area, ha.
    pub ellipsoid_ha: f64,
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

/// Two features of one plan that overlap each other.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SelfOverlapPair {
    /// The first feature.
    pub feature_a: FeatureId,
    /// The second feature.
    pub feature_b: FeatureId,
    /// Planar area of their overlap, m².
    pub planar_m2: f64,
    /// Official area of their overlap, m².
    pub ellipsoid_m2: f64,
}

/// One plan as the comparison saw it: its features, its self-overlap, and how its pieces add
/// up.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanTotals {
    /// The plan.
    pub plan: Plan,
    /// Number of features.
    pub features: usize,
    /// Sum of the planar areas of its features, m².
    pub features_planar_m2: f64,
    /// Sum of the planar areas of the pieces on its side, m².
    pub pieces_planar_m2: f64,
    /// Sum of the planar areas of the slivers on its side dropped as under [`MIN_PIECE_M2`].
    pub dropped_planar_m2: f64,
    /// Pairs of its features that overlap each other (every pair of at least
    /// [`MIN_PIECE_M2`]).
    pub self_overlap: Vec<SelfOverlapPair>,
    /// Their total planar area, m².
    pub self_overlap_planar_m2: f64,
    /// Their total official area, m².
    pub self_overlap_ellipsoid_m2: f64,
    /// How the pieces relate to the plan, in words.
    pub invariant: String,
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
    /// Both plans: features, self-overlap, and how the pieces add up to them.
    pub plans: Vec<PlanTotals>,
    /// What could not be computed (a pair the overlay failed on, a feature whose part outside
    /// the other plan could not be cut), each naming the features.
    pub not_computable: Vec<String>,
}

fn text_of(f: &Feature, i: Option<usize>) -> String {
    i.and_then(|i| f.attributes.get(i))
        .map(|v| v.to_string().trim().to_string())
        .unwrap_or_default()
}

fn summarise(pieces: &[&PlanPiece]) -> Vec<ClassSummary> {
    let total: f64 = pieces.iter().map(|p| p.ellipsoid_ha).sum();
    PieceClass::ALL
        .iter()
        .map(|&class| {
            let of: Vec<&&PlanPiece> = pieces.iter().filter(|p| p.class == class).collect();
            let area_ha: f64 = 0.0 + of.iter().map(|p| p.ellipsoid_ha).sum::<f64>();
            ClassSummary {
                class,
                count: of.len(),
                ellipsoid_ha: area_ha,
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

/// Each feature's side and county, by position; and the codes missing from the table.
fn sides(
    layer: &Layer,
    field: usize,
    plan: Plan,
    mapping: &PlanMapping,
    unmapped: &mut Vec<UnmappedCode>,
) -> Vec<(PieceSide, String)> {
    let table = mapping.table(plan);
    let xzq = layer.field_index("XZQDM");
    let mut missing: BTreeMap<String, usize> = BTreeMap::new();
    let out = layer
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
            (side, text_of(f, xzq))
        })
        .collect();
    unmapped.extend(missing.into_iter().map(|(code, features)| UnmappedCode {
        plan,
        code,
        features,
    }));
    out
}

/// Compares two plans through a mapping table of their class codes.
///
/// Both plans (and the control-line layers) must already be in one projected working CRS
/// (the caller transforms, e.g. with [`sanxian_io::reproject::transform_layer`]). Pieces are
/// every overlap of an A feature with a B feature (the overlay engine's [`overlaps_between`]),
/// then each A feature minus its exact overlap pieces (the part of A outside B), then each B
/// feature minus its pieces; pieces below [`MIN_PIECE_M2`] are dropped. Subtracting the
/// feature's own pieces rather than the other plan keeps the boolean operation local and
/// exact; every boolean operation goes through the overlay's guarded path, so one odd feature
/// is listed in [`PlanComparison::not_computable`] instead of aborting the comparison.
///
/// The pieces on one plan's side add up to the areas of that plan's features, except where
/// features of the *other* plan overlap each other inside them (those stretches count once per
/// overlapping feature). Each plan's self-overlap is therefore found and reported
/// ([`PlanTotals`]), with the difference it makes.
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
) -> Result<PlanComparison> {
    let crs = plan_a.crs.ok_or_else(|| Error::NoCrs {
        layer: plan_a.name.clone(),
    })?;
    let fa = field(plan_a, class_field_a)?;
    let fb = field(plan_b, class_field_b)?;
    let calc = AreaCalculator::new(crs, AreaMethod::Ellipsoid)?;
    let ellipsoid = |g: &MultiPolygon<f64>| calc.multipolygon_area_m2(g);

    let mut unmapped = Vec::new();
    let sides_a = sides(plan_a, fa, Plan::A, mapping, &mut unmapped);
    let sides_b = sides(plan_b, fb, Plan::B, mapping, &mut unmapped);

    let mut opts = OverlapOptions::default();
    opts.area_tolerance_m2 = MIN_PIECE_M2;
    let report = overlaps_between(plan_a, plan_b, &opts)?;
    let mut not_computable: Vec<String> = report
        .not_computable
        .iter()
        .map(|n| format!("{} × {}: {}", n.feature_a, n.feature_b, n.reason))
        .collect();
    // Each plan's self-overlap, found first: where features of the other plan overlap each
    // other, the pieces of a feature overlap too and cannot be added up.
    let within_a = overlaps_within(plan_a, &opts)?;
    let within_b = overlaps_within(plan_b, &opts)?;
    let overlapping =
        |w: &sanxian_overlay::OverlapReport<'_>| -> std::collections::BTreeSet<(usize, usize)> {
            w.conflicts
                .iter()
                .map(|c| (c.index_a.min(c.index_b), c.index_a.max(c.index_b)))
                .collect()
        };
    let (self_a, self_b) = (overlapping(&within_a), overlapping(&within_b));
    // Per feature: its pieces, and the positions of the other plan's features they come from.
    let mut in_a: Vec<Vec<(&MultiPolygon<f64>, usize)>> = vec![Vec::new(); plan_a.features.len()];
    let mut in_b: Vec<Vec<(&MultiPolygon<f64>, usize)>> = vec![Vec::new(); plan_b.features.len()];
    for c in &report.conflicts {
        in_a[c.index_a].push((&c.overlap, c.index_b));
        in_b[c.index_b].push((&c.overlap, c.index_a));
    }
    // (position in A, position in B, piece)
    let mut raw: Vec<(Option<usize>, Option<usize>, MultiPolygon<f64>)> = report
        .conflicts
        .iter()
        .map(|c| (Some(c.index_a), Some(c.index_b), c.overlap.clone()))
        .collect();
    for (layer, inside, is_a, other_self) in [
        (plan_a, &in_a, true, &self_b),
        (plan_b, &in_b, false, &self_a),
    ] {
        let rests: Vec<std::result::Result<MultiPolygon<f64>, String>> = layer
            .features
            .par_iter()
            .zip(inside.par_iter())
            .map(|(f, pieces)| {
                // A feature its pieces cover up to less than the smallest kept piece has no
                // part outside worth a boolean operation (in a plan against a plan, most
                // features) — unless its pieces overlap each other, and their sum says nothing.
                let disjoint = pieces.iter().enumerate().all(|(k, (_, j))| {
                    pieces[k + 1..]
                        .iter()
                        .all(|(_, l)| !other_self.contains(&((*j).min(*l), (*j).max(*l))))
                });
                let covered: f64 = pieces
                    .iter()
                    .map(|(p, _)| planar::multipolygon_area(p))
                    .sum();
                if disjoint && planar::multipolygon_area(&f.geometry) - covered < MIN_PIECE_M2 {
                    return Ok(MultiPolygon(Vec::new()));
                }
                boolean::difference_all(&f.geometry, pieces.iter().map(|(p, _)| *p))
            })
            .collect();
        for (k, rest) in rests.into_iter().enumerate() {
            match rest {
                Ok(g) => raw.push(if is_a {
                    (Some(k), None, g)
                } else {
                    (None, Some(k), g)
                }),
                Err(why) => not_computable.push(format!(
                    "{}: its part outside the other plan could not be computed ({why})",
                    layer.features[k].id
                )),
            }
        }
    }
    // Slivers of shared edges are dropped; what they add up to is kept per side, so that the
    // totals below still account for every square metre.
    let mut dropped = [0.0f64; 2];
    raw.retain(|(ia, ib, g)| {
        let a = planar::multipolygon_area(g);
        if a >= MIN_PIECE_M2 {
            return true;
        }
        if ia.is_some() {
            dropped[0] += a;
        }
        if ib.is_some() {
            dropped[1] += a;
        }
        false
    });

    let geoms: Vec<&MultiPolygon<f64>> = raw.iter().map(|(_, _, g)| g).collect();
    let flags = line_flags(&geoms, control_lines, crs)?;

    let areas: Vec<std::result::Result<f64, sanxian_area::Error>> =
        raw.par_iter().map(|(_, _, g)| ellipsoid(g)).collect();
    let mut pieces = Vec::with_capacity(raw.len());
    for (i, ((ia, ib, geometry), area)) in raw.into_iter().zip(areas).enumerate() {
        let a = ia.map(|k| &sides_a[k]);
        let b = ib.map(|k| &sides_b[k]);
        let xzqdm = a
            .map(|(_, x)| x.clone())
            .filter(|x| !x.is_empty())
            .or_else(|| b.map(|(_, x)| x.clone()).filter(|x| !x.is_empty()));
        let a = a.map(|(s, _)| s.clone());
        let b = b.map(|(s, _)| s.clone());
        let class = classify(a.as_ref(), b.as_ref());
        let ellipsoid_m2 = area?;
        pieces.push(PlanPiece {
            a,
            b,
            class,
            xzqdm,
            overlaps_lines: flags
                .iter()
                .map(|(code, hit)| (code.clone(), hit[i]))
                .collect(),
            planar_m2: planar::multipolygon_area(&geometry),
            ellipsoid_m2,
            ellipsoid_ha: sanxian_area::m2_to_ha(ellipsoid_m2),
            geometry,
        });
    }
    let plans = vec![
        plan_totals(
            plan_a,
            Plan::A,
            &within_a,
            &pieces,
            dropped[0],
            &calc,
            plan_b,
        )?,
        plan_totals(
            plan_b,
            Plan::B,
            &within_b,
            &pieces,
            dropped[1],
            &calc,
            plan_a,
        )?,
    ];
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
        plans,
        not_computable,
    })
}

/// A plan's features, self-overlap and the sum of its side of the pieces.
fn plan_totals(
    layer: &Layer,
    plan: Plan,
    within: &sanxian_overlay::OverlapReport<'_>,
    pieces: &[PlanPiece],
    dropped_planar_m2: f64,
    calc: &AreaCalculator,
    other: &Layer,
) -> Result<PlanTotals> {
    let self_overlap: Vec<SelfOverlapPair> = within
        .conflicts
        .iter()
        .map(|c| {
            Ok(SelfOverlapPair {
                feature_a: c.feature_a.clone(),
                feature_b: c.feature_b.clone(),
                planar_m2: c.planar_m2,
                ellipsoid_m2: calc.multipolygon_area_m2(&c.overlap)?,
            })
        })
        .collect::<Result<_>>()?;
    let on_side = |p: &&PlanPiece| match plan {
        Plan::A => p.a.is_some(),
        Plan::B => p.b.is_some(),
    };
    let features_planar_m2 = 0.0
        + layer
            .features
            .iter()
            .map(|f| planar::multipolygon_area(&f.geometry))
            .sum::<f64>();
    let pieces_planar_m2 = 0.0
        + pieces
            .iter()
            .filter(on_side)
            .map(|p| p.planar_m2)
            .sum::<f64>();
    let self_overlap_planar_m2 = 0.0 + self_overlap.iter().map(|s| s.planar_m2).sum::<f64>();
    let self_overlap_ellipsoid_m2 = 0.0 + self_overlap.iter().map(|s| s.ellipsoid_m2).sum::<f64>();
    let excess = pieces_planar_m2 + dropped_planar_m2 - features_planar_m2;
    // Rounding of the boolean operations: far below a square millimetre per piece.
    let rounding = 1e-6 * (1.0 + pieces.len() as f64) + 1e-12 * features_planar_m2;
    let invariant = if excess.abs() <= rounding {
        format!(
            "the pieces on this side ({pieces_planar_m2:.4} m², and {dropped_planar_m2:.6} m² of slivers under {MIN_PIECE_M2} m² dropped) add up to its features ({features_planar_m2:.4} m² planar)"
        )
    } else {
        format!(
            "the pieces on this side add up to {pieces_planar_m2:.4} m² (and {dropped_planar_m2:.6} m² of dropped slivers), its features to {features_planar_m2:.4} m²: {excess:+.4} m² where features of {} overlap each other inside its features (counted once per overlapping feature)",
            other.name
        )
    };
    Ok(PlanTotals {
        plan,
        features: layer.features.len(),
        features_planar_m2,
        pieces_planar_m2,
        dropped_planar_m2,
        self_overlap,
        self_overlap_planar_m2,
        self_overlap_ellipsoid_m2,
        invariant,
    })
}
