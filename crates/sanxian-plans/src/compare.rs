//! Multi-plan integration (多规合一): any number of plans overlaid, with the control lines,
//! into pieces on which every plan's class and every line is constant; each piece classified
//! by a rule table over its class vector into a named conflict type, and given a unified class
//! by a priority table (the integrated plan, 一张图).

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::Arc;

use rayon::prelude::*;
use sanxian_area::{AreaCalculator, AreaMethod};
use sanxian_types::geo_types::MultiPolygon;
use sanxian_types::{planar, Feature, FeatureId, Layer};
use serde::Serialize;

use crate::conflict_types::ConflictTypes;
use crate::dissolve::{dissolve_by, DissolveReport};
use crate::error::field;
use crate::mapping::{PlanMapping, UNMAPPED};
use crate::overlay::{overlay, How, OverlayLayer};
use crate::priority::Priority;
use crate::valid::Validated;
use crate::{Error, Result};

/// Pieces smaller than this (planar m²) are dropped as slivers of shared edges.
pub const MIN_PIECE_M2: f64 = 1e-4;

/// The class code of pieces no conflict type matches.
pub const UNCLASSIFIED: &str = "unclassified";

/// One plan of a comparison.
#[derive(Debug, Clone, Copy)]
pub struct PlanInput<'a> {
    /// Its name (the mapping table's and rule table's name for it).
    pub name: &'a str,
    /// Its layer, in the working CRS.
    pub layer: &'a Layer,
    /// The field holding its class codes.
    pub class_field: &'a str,
}

/// The tables of a comparison beyond the mapping; `None` takes the default.
#[derive(Debug, Clone, Default)]
pub struct CompareSettings {
    /// The conflict types (default: [`ConflictTypes::construction_default`]).
    pub types: Option<ConflictTypes>,
    /// The priority of the integrated plan (default: [`Priority::default_for`]).
    pub priority: Option<Priority>,
}

/// One plan's side of a piece.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PieceSide {
    /// The plan feature.
    pub feature: FeatureId,
    /// Its class code (text of the class field, empty when missing).
    pub code: String,
    /// Its category by the mapping ([`UNMAPPED`] when the code is not in it).
    pub category: String,
    /// Its first-level 用地用海 code by the mapping.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ydyh: Option<String>,
    /// Its county code (`XZQDM` field; `None` when it has none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub xzqdm: Option<Arc<str>>,
}

/// The unified class of a piece in the integrated plan, as [`PlanComparison::unified`] spells
/// it out.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Unified {
    /// The deciding plan's category, or the deciding control line's code (empty when nothing
    /// decides: every plan covering the piece has an unmapped code).
    pub category: String,
    /// The deciding plan's 用地用海 code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ydyh: Option<String>,
    /// The deciding plan's class code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// The plan or control line that decided.
    pub decided_by: String,
    /// Whether the candidates disagreed, so the priority decided.
    pub by_priority: bool,
    /// Every candidate in priority order (`STBHHX`, `landuse: 0103 non-construction 01`).
    pub candidates: Vec<String>,
}

/// One piece of the overlay of the plans. Pieces hold positions, not copies: the plan
/// features' sides are in [`PlanComparison::sides`], the classes in
/// [`PlanComparison::classes`], the lines in [`PlanComparison::control_lines`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanPiece {
    /// Per plan (in the order given): the position of the feature it lies in, `None` where it
    /// lies outside the plan.
    pub sources: Vec<Option<usize>>,
    /// Its conflict type: a position in [`PlanComparison::classes`].
    pub class: usize,
    /// County code: the `XZQDM` of the first plan feature that has one.
    pub xzqdm: Option<Arc<str>>,
    /// Per control-line code of [`PlanComparison::control_lines`]: whether the piece lies in
    /// it.
    pub in_lines: Vec<bool>,
    /// The entry of [`PlanComparison::priority`] that gives its unified class (`None` when
    /// every plan covering it has an unmapped code).
    pub decided_by: Option<usize>,
    /// Whether the plans covering it disagree, so that the priority decided.
    pub by_priority: bool,
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

/// A class of the comparison: a conflict type, [`UNCLASSIFIED`] or [`UNMAPPED`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClassInfo {
    /// Its code.
    pub code: String,
    /// Its Chinese name.
    pub name_zh: String,
    /// The usual resolution.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resolution: Option<String>,
    /// Whether its pieces are difference patches.
    pub difference: bool,
}

/// Count, official area and share of one class.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClassSummary {
    /// The class code.
    pub class: String,
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
    pub plan: String,
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
    pub plan: String,
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
    /// The plan names, in the order given (the order of [`PlanPiece::sources`]).
    pub plan_names: Vec<String>,
    /// Per plan, per feature (by position): its side of the pieces.
    #[serde(skip)]
    pub sides: Vec<Vec<PieceSide>>,
    /// Every piece, sorted by its source features plan by plan.
    pub pieces: Vec<PlanPiece>,
    /// The classes: the conflict types in rule-table order, then [`UNCLASSIFIED`] and
    /// [`UNMAPPED`].
    pub classes: Vec<ClassInfo>,
    /// Per class over all pieces (every class listed).
    pub summary: Vec<ClassSummary>,
    /// Per county code (see [`PlanPiece::xzqdm`]; pieces without one under `""`).
    pub by_county: BTreeMap<String, Vec<ClassSummary>>,
    /// Codes not in the mapping table.
    pub unmapped: Vec<UnmappedCode>,
    /// The control-line layer codes the pieces are cut by (each code once, in the order
    /// given).
    pub control_lines: Vec<String>,
    /// Control lines whose features overlap each other: dissolved before the overlay so that
    /// no piece is there twice.
    pub lines_dissolved: Vec<DissolveReport>,
    /// The priority of the integrated plan as used.
    pub priority: Vec<String>,
    /// Plans and lines the priority table left out, appended in the default order.
    pub priority_appended: Vec<String>,
    /// Every plan: features, self-overlap, and how the pieces add up to them.
    pub plans: Vec<PlanTotals>,
    /// Categories of the mapping that no conflict type names (their pieces fall to
    /// [`UNCLASSIFIED`] unless a type accepts `*` or `any`).
    pub unused_categories: Vec<String>,
    /// Invalid features of the plans and lines, repaired before the overlay.
    pub repaired: Vec<String>,
    /// Features that could not be repaired, left out of the overlay.
    pub left_out: Vec<String>,
    /// What could not be computed, each naming the features.
    pub not_computable: Vec<String>,
}

impl PlanComparison {
    /// The class of a code.
    pub fn class(&self, code: &str) -> Option<&ClassInfo> {
        self.classes.iter().find(|c| c.code == code)
    }

    /// The class of a piece.
    pub fn class_of(&self, piece: &PlanPiece) -> &ClassInfo {
        &self.classes[piece.class]
    }

    /// A piece's side in plan `k` (`None` outside it).
    pub fn side(&self, piece: &PlanPiece, k: usize) -> Option<&PieceSide> {
        piece.sources[k].map(|j| &self.sides[k][j])
    }

    /// Whether a piece lies in the control line of this code.
    pub fn in_line(&self, piece: &PlanPiece, code: &str) -> bool {
        self.control_lines
            .iter()
            .position(|c| c == code)
            .is_some_and(|i| piece.in_lines[i])
    }

    /// The unified class of a piece, spelled out with every candidate.
    pub fn unified(&self, piece: &PlanPiece) -> Unified {
        let mut candidates = Vec::new();
        for entry in &self.priority {
            if self.in_line(piece, entry) {
                candidates.push(entry.clone());
            } else if let Some(k) = self.plan_names.iter().position(|n| n == entry) {
                if let Some(side) = self.side(piece, k) {
                    candidates.push(format!(
                        "{entry}: {} {}{}",
                        side.code,
                        side.category,
                        side.ydyh
                            .as_deref()
                            .map(|y| format!(" {y}"))
                            .unwrap_or_default()
                    ));
                }
            }
        }
        let decided = piece.decided_by.map(|d| &self.priority[d]);
        let side = self.class_side(piece);
        Unified {
            category: match (decided, side) {
                (Some(e), _) if !self.plan_names.contains(e) => e.clone(),
                (_, Some(s)) => s.category.clone(),
                _ => String::new(),
            },
            ydyh: side.and_then(|s| s.ydyh.clone()),
            code: side.map(|s| s.code.clone()),
            decided_by: decided.cloned().unwrap_or_default(),
            by_priority: piece.by_priority,
            candidates,
        }
    }

    /// The plan side that gives a piece its unified land class: the first plan in priority
    /// order covering it with a mapped code (where a control line decides, the class of the
    /// land inside it).
    pub fn class_side(&self, piece: &PlanPiece) -> Option<&PieceSide> {
        self.priority
            .iter()
            .filter_map(|e| self.plan_names.iter().position(|n| n == e))
            .filter_map(|k| self.side(piece, k))
            .find(|s| s.category != UNMAPPED)
    }

    /// The pieces decided by priority (the integrated plan's review ledger).
    pub fn decided_by_priority(&self) -> impl Iterator<Item = (usize, &PlanPiece)> {
        self.pieces
            .iter()
            .enumerate()
            .filter(|(_, p)| p.by_priority)
    }
}

fn text_of(f: &Feature, i: Option<usize>) -> String {
    i.and_then(|i| f.attributes.get(i))
        .map(|v| v.to_string().trim().to_string())
        .unwrap_or_default()
}

fn summarise(classes: &[ClassInfo], pieces: &[&PlanPiece]) -> Vec<ClassSummary> {
    let total: f64 = pieces.iter().map(|p| p.ellipsoid_ha).sum();
    classes
        .iter()
        .enumerate()
        .map(|(k, class)| {
            let of: Vec<&&PlanPiece> = pieces.iter().filter(|p| p.class == k).collect();
            let area_ha: f64 = 0.0 + of.iter().map(|p| p.ellipsoid_ha).sum::<f64>();
            ClassSummary {
                class: class.code.clone(),
                count: of.len(),
                ellipsoid_ha: area_ha,
                share: if total > 0.0 { area_ha / total } else { 0.0 },
            }
        })
        .collect()
}

/// Each feature's side (with its county), by position; and the codes missing from the table.
fn sides(
    plan: &PlanInput<'_>,
    mapping: &PlanMapping,
    unmapped: &mut Vec<UnmappedCode>,
) -> Result<Vec<PieceSide>> {
    let field = field(plan.layer, plan.class_field)?;
    let table = mapping.table(plan.name)?;
    let xzq = plan.layer.field_index("XZQDM");
    let mut missing: BTreeMap<String, usize> = BTreeMap::new();
    let out = plan
        .layer
        .features
        .iter()
        .map(|f| {
            let code = text_of(f, Some(field));
            let (category, ydyh) = match table.get(&code) {
                Some(m) => (m.category.clone(), m.ydyh.clone()),
                None => {
                    *missing.entry(code.clone()).or_default() += 1;
                    (UNMAPPED.to_string(), None)
                }
            };
            let x = text_of(f, xzq);
            PieceSide {
                feature: f.id.clone(),
                code,
                category,
                ydyh,
                xzqdm: (!x.is_empty()).then(|| Arc::from(x.as_str())),
            }
        })
        .collect();
    unmapped.extend(missing.into_iter().map(|(code, features)| UnmappedCode {
        plan: plan.name.to_string(),
        code,
        features,
    }));
    Ok(out)
}

/// What one priority entry is for a piece: a line it lies in, a plan it lies in.
enum Entry {
    Line(usize),
    Plan(usize),
}

/// The deciding entry of a piece and whether the plans covering it disagree (by their
/// 用地用海 code where the mapping gives one, else their category; unmapped codes are no
/// candidate). A control line decides where it comes first, but its claim is not a
/// disagreement: conflicts between lines and plans are named by the conflict types.
fn unify(
    order: &[Entry],
    sides: &[Option<&PieceSide>],
    in_lines: &[bool],
) -> (Option<usize>, bool) {
    let mut decided = None;
    let mut first_label: Option<&str> = None;
    let mut disagree = false;
    for (i, entry) in order.iter().enumerate() {
        match *entry {
            Entry::Line(l) => {
                if in_lines[l] && decided.is_none() {
                    decided = Some(i);
                }
            }
            Entry::Plan(k) => {
                let Some(side) = sides[k].filter(|s| s.category != UNMAPPED) else {
                    continue;
                };
                if decided.is_none() {
                    decided = Some(i);
                }
                let label = side.ydyh.as_deref().unwrap_or(&side.category);
                match first_label {
                    None => first_label = Some(label),
                    Some(f) => disagree |= f != label,
                }
            }
        }
    }
    (decided, disagree)
}

/// Compares any number of plans through a mapping table of their class codes, a rule table of
/// conflict types and a priority table.
///
/// All plans and control lines must already be in one projected working CRS (the caller
/// transforms, e.g. with [`sanxian_io::reproject::transform_layer`]). The plans are overlaid
/// as a union ([`overlay`] with [`How::Union`]), then cut by every control line
/// ([`How::Identity`], each line dissolved first so that its own overlaps make no piece
/// twice): every piece lies in one feature or none of each plan, and wholly in or out of each
/// line. Pieces below [`MIN_PIECE_M2`] are dropped (their area kept per plan).
///
/// A piece with an unmapped code in any plan is [`UNMAPPED`], never guessed; otherwise the
/// first conflict type whose conditions it meets names it, else it is [`UNCLASSIFIED`]. Its
/// unified class is given by the first plan or line in the priority order that covers it;
/// where the candidates disagree the piece is in the review ledger
/// ([`PlanComparison::decided_by_priority`]).
///
/// The pieces on one plan's side add up to the areas of that plan's features, except where
/// features of *another* plan overlap each other inside them (those stretches count once per
/// overlapping feature). Each plan's self-overlap is therefore found and reported
/// ([`PlanTotals`]), with the difference it makes.
///
/// # Errors
/// Fewer than two plans, a plan name given twice, [`Error::NoCrs`], [`Error::MissingField`]
/// for a class field, a plan the mapping lacks, a rule or priority table naming an unknown
/// plan, line or category, CRS problems of the overlay, an unsupported CRS for the ellipsoid
/// area.
pub fn compare_plans<'a>(
    plans: &[PlanInput<'a>],
    mapping: &PlanMapping,
    control_lines: &[&'a Layer],
    settings: &CompareSettings,
) -> Result<PlanComparison> {
    if plans.len() < 2 {
        return Err(Error::Settings(format!(
            "a plan comparison needs at least two plans, not {}",
            plans.len()
        )));
    }
    let names: Vec<String> = plans.iter().map(|p| p.name.to_string()).collect();
    for (i, n) in names.iter().enumerate() {
        if names[..i].contains(n) {
            return Err(Error::Settings(format!(
                "the plan name '{n}' is given twice"
            )));
        }
    }
    let name_refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let line_codes: Vec<String> = control_lines.iter().map(|l| l.code()).collect();
    let types = settings
        .types
        .clone()
        .unwrap_or_else(|| ConflictTypes::construction_default(&name_refs));
    for name in &name_refs {
        mapping.table(name)?;
    }
    types.check(mapping, &name_refs, &line_codes)?;
    let unused_categories = types.unused_categories(mapping, &name_refs);
    let (order, priority_appended) = settings
        .priority
        .clone()
        .unwrap_or_else(|| Priority::default_for(&name_refs, &line_codes))
        .resolve(&name_refs, &line_codes)?;

    let crs = plans[0].layer.crs.ok_or_else(|| Error::NoCrs {
        layer: plans[0].layer.name.clone(),
    })?;
    let calc = AreaCalculator::new(crs, AreaMethod::Ellipsoid)?;
    let mut unmapped = Vec::new();
    let all_sides: Vec<Vec<PieceSide>> = plans
        .iter()
        .map(|p| sides(p, mapping, &mut unmapped))
        .collect::<Result<_>>()?;

    // Every layer made valid once: pieces, rests and totals use the same geometry.
    let mut validated = Validated::default();
    let plan_layers: Vec<Cow<'a, Layer>> = plans.iter().map(|p| validated.layer(p.layer)).collect();
    let line_layers: Vec<Cow<'a, Layer>> =
        control_lines.iter().map(|l| validated.layer(l)).collect();
    let mut lines_dissolved = Vec::new();
    let mut dissolved = Vec::new();
    for line in &line_layers {
        let d = dissolve_by(line.as_ref(), |_| (), MIN_PIECE_M2)?;
        if d.report.same_key_pairs > 0 || !d.report.not_computable.is_empty() {
            lines_dissolved.push(d.report.clone());
        }
        dissolved.push((d.layer, d.report.different_key_pairs));
    }
    let mut inputs: Vec<OverlayLayer<'_>> = plan_layers
        .iter()
        .map(|l| OverlayLayer::new(l.as_ref(), How::Union))
        .collect();
    inputs.extend(dissolved.iter().map(|(l, known)| OverlayLayer {
        layer: l.as_ref(),
        how: How::Identity,
        known_overlaps: Some(known.clone()),
    }));
    let ov = overlay(&inputs, MIN_PIECE_M2)?;
    let mut not_computable = ov.not_computable.clone();
    for d in &lines_dissolved {
        not_computable.extend(d.not_computable.iter().cloned());
    }

    let mut classes: Vec<ClassInfo> = types
        .types
        .iter()
        .map(|t| ClassInfo {
            code: t.code.clone(),
            name_zh: t.name_zh.clone(),
            resolution: t.resolution.clone(),
            difference: t.difference,
        })
        .collect();
    classes.push(ClassInfo {
        code: UNCLASSIFIED.into(),
        name_zh: "未归类".into(),
        resolution: None,
        difference: false,
    });
    classes.push(ClassInfo {
        code: UNMAPPED.into(),
        name_zh: "未映射用地代码".into(),
        resolution: Some("在映射表中补充该代码".into()),
        difference: false,
    });

    let n = plans.len();
    // Each line code once, in the order given; the layers of one code count together.
    let mut control: Vec<String> = Vec::new();
    for c in &line_codes {
        if !control.contains(c) {
            control.push(c.clone());
        }
    }
    let line_of: Vec<usize> = line_codes
        .iter()
        .map(|c| control.iter().position(|x| x == c).unwrap_or(0))
        .collect();
    let entries: Vec<Entry> = order
        .iter()
        .map(|e| match names.iter().position(|x| x == e) {
            Some(k) => Entry::Plan(k),
            None => Entry::Line(control.iter().position(|x| x == e).unwrap_or(0)),
        })
        .collect();
    let unmapped_class = classes.len() - 1;
    let unclassified_class = classes.len() - 2;
    let built: Vec<Result<PlanPiece>> = ov
        .pieces
        .into_par_iter()
        .map(|piece| {
            let sides: Vec<Option<&PieceSide>> = (0..n)
                .map(|k| piece.sources[k].map(|j| &all_sides[k][j]))
                .collect();
            let xzqdm = sides.iter().flatten().find_map(|s| s.xzqdm.clone());
            let mut in_lines = vec![false; control.len()];
            for (i, &l) in line_of.iter().enumerate() {
                in_lines[l] |= piece.sources[n + i].is_some();
            }
            let state = |key: &str| -> Option<&str> {
                if let Some(k) = names.iter().position(|x| x == key) {
                    return sides[k].map(|s| s.category.as_str());
                }
                let inside = control
                    .iter()
                    .position(|c| c == key)
                    .is_some_and(|l| in_lines[l]);
                inside.then_some("in")
            };
            let class = if sides.iter().flatten().any(|s| s.category == UNMAPPED) {
                unmapped_class
            } else {
                types
                    .types
                    .iter()
                    .position(|t| t.matches(&state))
                    .unwrap_or(unclassified_class)
            };
            let (decided_by, by_priority) = unify(&entries, &sides, &in_lines);
            let ellipsoid_m2 = calc.multipolygon_area_m2(&piece.geometry)?;
            Ok(PlanPiece {
                sources: piece.sources[..n].to_vec(),
                class,
                xzqdm,
                in_lines,
                decided_by,
                by_priority,
                planar_m2: piece.planar_m2,
                ellipsoid_m2,
                ellipsoid_ha: sanxian_area::m2_to_ha(ellipsoid_m2),
                geometry: piece.geometry,
            })
        })
        .collect();
    let pieces: Vec<PlanPiece> = built.into_iter().collect::<Result<_>>()?;
    let mut totals = Vec::with_capacity(n);
    for (k, plan) in plans.iter().enumerate() {
        let plan = PlanInput {
            layer: plan_layers[k].as_ref(),
            ..*plan
        };
        totals.push(plan_totals(
            &plan,
            k,
            &ov.self_overlap[k],
            &pieces,
            ov.dropped_planar_m2[k],
            &calc,
        )?);
    }
    let all: Vec<&PlanPiece> = pieces.iter().collect();
    let summary = summarise(&classes, &all);
    let mut counties: BTreeMap<String, Vec<&PlanPiece>> = BTreeMap::new();
    for p in &pieces {
        counties
            .entry(p.xzqdm.as_deref().unwrap_or_default().to_string())
            .or_default()
            .push(p);
    }
    let by_county = counties
        .into_iter()
        .map(|(k, v)| (k, summarise(&classes, &v)))
        .collect();
    Ok(PlanComparison {
        plan_names: names,
        sides: all_sides,
        pieces,
        classes,
        summary,
        by_county,
        unmapped,
        control_lines: control,
        lines_dissolved,
        priority: order,
        priority_appended,
        plans: totals,
        unused_categories,
        repaired: validated.repaired,
        left_out: validated.left_out,
        not_computable,
    })
}

/// A plan's features, self-overlap and the sum of its side of the pieces.
fn plan_totals(
    plan: &PlanInput<'_>,
    k: usize,
    within: &[crate::overlay::SelfOverlap],
    pieces: &[PlanPiece],
    dropped_planar_m2: f64,
    calc: &AreaCalculator,
) -> Result<PlanTotals> {
    let layer = plan.layer;
    let self_overlap: Vec<SelfOverlapPair> = within
        .iter()
        .map(|c| {
            let (a, b) = (c.index_a.min(c.index_b), c.index_a.max(c.index_b));
            Ok(SelfOverlapPair {
                feature_a: layer.features[a].id.clone(),
                feature_b: layer.features[b].id.clone(),
                planar_m2: c.planar_m2,
                ellipsoid_m2: calc.multipolygon_area_m2(&c.overlap)?,
            })
        })
        .collect::<Result<_>>()?;
    let features_planar_m2 = 0.0
        + layer
            .features
            .iter()
            .map(|f| planar::multipolygon_area(&f.geometry))
            .sum::<f64>();
    let pieces_planar_m2 = 0.0
        + pieces
            .iter()
            .filter(|p| p.sources[k].is_some())
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
            "the pieces on this side add up to {pieces_planar_m2:.4} m² (and {dropped_planar_m2:.6} m² of dropped slivers), its features to {features_planar_m2:.4} m²: {excess:+.4} m² where features of another plan (or of this one) overlap each other inside its features (counted once per overlapping feature)"
        )
    };
    Ok(PlanTotals {
        plan: plan.name.to_string(),
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
