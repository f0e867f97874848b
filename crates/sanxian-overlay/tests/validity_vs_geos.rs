//! Validity against GEOS. Two committed references, both made with shapely 2 (GEOS 3.14):
//! - testdata/validity/reference.json: 400 seeded smooth random polygons
//!   (scripts/make_validity_reference.py);
//! - testdata/validity/degenerate.json: 1600 polygons on a small integer grid, where rings touch
//!   at vertices, share edges, cross through shared vertices, visit a point twice and nest in
//!   every way (scripts/make_validity_degenerate_reference.py).
//!
//! Our OGC verdict must equal GEOS's on every case, and the reason must be of the same family,
//! or (where GEOS checks in another order and names another defect of the same geometry first)
//! one that shapely's facts about the rings confirm.

use geo::{Coord, LineString, MultiPolygon, Polygon};
use sanxian_overlay::validity::{validate, IssueKind, Strictness};

#[derive(serde::Deserialize)]
struct Case {
    parts: Vec<Vec<Vec<[f64; 2]>>>,
    valid: bool,
    reason: String,
    /// Shapely's facts behind a verdict (degenerate.json only): rings that are not simple,
    /// rings of one polygon overlapping partially, parts sharing area.
    #[serde(default)]
    facts: Option<Facts>,
}

#[derive(serde::Deserialize)]
struct Facts {
    not_simple: Vec<[usize; 2]>,
    rings_cross: Vec<[usize; 3]>,
    parts_overlap: Vec<[usize; 2]>,
}

/// Where GEOS names another defect first (it checks in another order), shapely's facts must
/// show that the defect we name is there.
fn backed_by_facts(kind: IssueKind, facts: Option<&Facts>) -> bool {
    let Some(f) = facts else { return false };
    match kind {
        IssueKind::SelfIntersection | IssueKind::Spike => {
            !f.not_simple.is_empty() || !f.rings_cross.is_empty()
        }
        IssueKind::PartsOverlap => !f.parts_overlap.is_empty(),
        _ => false,
    }
}

#[derive(serde::Deserialize)]
struct Reference {
    cases: Vec<Case>,
}

fn ring(pts: &[[f64; 2]]) -> LineString<f64> {
    LineString(pts.iter().map(|p| Coord { x: p[0], y: p[1] }).collect())
}

/// The GEOS reasons each of our kinds may correspond to.
fn geos_reasons(kind: IssueKind) -> &'static [&'static str] {
    match kind {
        IssueKind::SelfIntersection | IssueKind::PartsOverlap | IssueKind::Spike => {
            &["Self-intersection", "Ring Self-intersection"]
        }
        IssueKind::SelfTouch => &["Ring Self-intersection"],
        IssueKind::DisconnectedInterior => &["Interior is disconnected"],
        IssueKind::HoleOutsideShell => &["Hole lies outside shell"],
        IssueKind::NestedHoles => &["Holes are nested"],
        IssueKind::NestedShells => &["Nested shells"],
        IssueKind::TooFewPoints | IssueKind::ZeroAreaRing => {
            &["Too few points", "Self-intersection"]
        }
        _ => &[],
    }
}

fn check(file: &str, expected_cases: usize) {
    let path = format!(
        "{}/../../testdata/validity/{file}",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap();
    let reference: Reference = serde_json::from_str(&text).unwrap();
    assert_eq!(reference.cases.len(), expected_cases);
    let mut mismatches = Vec::new();
    for (i, case) in reference.cases.iter().enumerate() {
        let mp = MultiPolygon(
            case.parts
                .iter()
                .map(|rings| {
                    Polygon::new(
                        ring(&rings[0]),
                        rings[1..].iter().map(|r| ring(r)).collect(),
                    )
                })
                .collect(),
        );
        let v = validate(&mp);
        let ours = v.issue(Strictness::Ogc);
        if ours.is_none() != case.valid {
            mismatches.push(format!(
                "case {i}: GEOS says {}, we say {ours:?}",
                case.reason
            ));
            continue;
        }
        if let Some(d) = ours {
            let family = geos_reasons(d.kind);
            if !family.iter().any(|r| case.reason.starts_with(r))
                && !backed_by_facts(d.kind, case.facts.as_ref())
            {
                mismatches.push(format!(
                    "case {i}: GEOS says {}, we say {:?} (another family)",
                    case.reason, d.kind
                ));
            }
        }
        // The overlay's strictness is never stricter than OGC's.
        if v.is_valid(Strictness::Ogc) {
            assert!(v.is_valid(Strictness::Overlay), "case {i}");
        }
    }
    assert!(
        mismatches.is_empty(),
        "{} of {} disagree with GEOS:\n{}",
        mismatches.len(),
        reference.cases.len(),
        mismatches.join("\n")
    );
}

#[test]
fn smooth_random_polygons_match_geos() {
    check("reference.json", 400);
}

#[test]
fn degenerate_grid_polygons_match_geos() {
    check("degenerate.json", 1600);
}
