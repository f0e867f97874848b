//! Validity against GEOS: testdata/validity/reference.json holds 400 seeded random polygons and
//! GEOS's verdict (made by scripts/make_validity_reference.py with shapely 2). Our verdict must
//! agree on every case, with and without the segment index.

use geo_types::{Coord, LineString, MultiPolygon, Polygon};
use sanxian_rules::validity::{validate_with, IssueKind};

#[derive(serde::Deserialize)]
struct Case {
    parts: Vec<Vec<Vec<[f64; 2]>>>,
    valid: bool,
    reason: String,
}

#[derive(serde::Deserialize)]
struct Reference {
    cases: Vec<Case>,
}

fn ring(pts: &[[f64; 2]]) -> LineString<f64> {
    LineString(pts.iter().map(|p| Coord { x: p[0], y: p[1] }).collect())
}

#[test]
fn verdicts_match_geos() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../testdata/validity/reference.json"
    );
    let text = std::fs::read_to_string(path).unwrap();
    let reference: Reference = serde_json::from_str(&text).unwrap();
    assert_eq!(reference.cases.len(), 400);
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
        let with_index = validate_with(&mp, true);
        assert_eq!(
            with_index,
            validate_with(&mp, false),
            "case {i}: index changed the answer"
        );
        let ours = with_index.iter().all(|issue| !issue.kind.is_ogc_invalid());
        if ours != case.valid {
            mismatches.push(format!(
                "case {i}: GEOS says {}, we found {:?}",
                case.reason, with_index
            ));
        }
        // Reasons agree in kind where GEOS names one we also name.
        let kinds: Vec<IssueKind> = with_index.iter().map(|i| i.kind).collect();
        if case.reason.starts_with("Nested shells") {
            assert!(
                kinds.contains(&IssueKind::NestedShells),
                "case {i}: {kinds:?}"
            );
        }
        if case.reason.starts_with("Hole lies outside shell") {
            assert!(
                kinds.contains(&IssueKind::HoleOutsideShell),
                "case {i}: {kinds:?}"
            );
        }
    }
    assert!(
        mismatches.is_empty(),
        "{} mismatches:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
}
