//! Planted errors of the land survey (DLTB) and of the farmland against it, planted when the
//! survey is generated: a gap, farmland on forest, farmland whose class differs from the
//! survey's, a built-up class without its town-village code, cropland without its slope grade,
//! a patch whose land area does not add up, and a county whose control area was changed.

use sanxian_types::{LayerKind, Value};

use crate::area::{planar_signed, round2, EllipsoidArea};
use crate::features::{schema, Drafts};
use crate::manifest::PlantedKind;
use crate::plant::{Picker, Planted, Ref};
use crate::scene::Scene;
use crate::survey::Cell;

/// An edit of a survey patch's attributes, applied once the patches are built.
#[derive(Debug, Clone, PartialEq)]
pub enum Edit {
    /// Set the field to the value.
    Set(usize, Value),
    /// Add to the numeric field after it is filled.
    Add(usize, f64),
}

/// Where the survey's control sums must be read from the finished layers (the figures depend
/// on the balancing of the patch areas).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ControlCheck {
    /// Position of the planted error in the list.
    pub planted: usize,
    /// County index.
    pub county: u8,
}

const F: LayerKind = LayerKind::PermanentBasicFarmland;
const S: LayerKind = LayerKind::LandUseSurvey;
const A: LayerKind = LayerKind::AdministrativeArea;

/// Plants the survey's errors into the cell classes and the drafts; returns the planted
/// errors (appended to `out`), the edits of survey patches by cell, and the control sums to
/// fill in later.
pub fn plant(
    scene: &Scene,
    pick: &mut Picker<'_>,
    cells: &mut [Option<Cell>],
    d: &mut Drafts,
    area: &EllipsoidArea,
    out: &mut Vec<Planted>,
) -> (Vec<(usize, Edit)>, Vec<ControlCheck>) {
    let g = &scene.grid;
    let mut edits = Vec::new();
    let mut controls = Vec::new();
    let cell_area = |i: usize| {
        let (r, c) = (i / g.cols, i % g.cols);
        area.ring_signed(&g.cell_ring(r, c)).abs()
    };
    let planar_cell = |i: usize| {
        let (r, c) = (i / g.cols, i % g.cols);
        planar_signed(&g.cell_ring(r, c)).abs()
    };
    let free_cell = |pick: &mut Picker<'_>,
                     cells: &[Option<Cell>],
                     want_farmland: bool|
     -> Option<usize> {
        for _ in 0..200_000 {
            let r = 1 + pick.rng.below(g.rows - 2);
            let c = 1 + pick.rng.below(g.cols - 2);
            let i = g.cell_index(r, c);
            let Some(cell) = cells[i] else { continue };
            if pick.used[i] || scene.covered[i] || cell.farmland != want_farmland || cell.alone {
                continue;
            }
            // Keep clear of the county borders: the cells around are in the same county.
            let k = scene.layout.county[i];
            let same = (r - 1..=r + 1)
                .all(|rr| (c - 1..=c + 1).all(|cc| scene.layout.county[g.cell_index(rr, cc)] == k));
            if !same {
                continue;
            }
            pick.claim(r, c);
            return Some(i);
        }
        None
    };
    let farm_draft = |i: usize| -> Option<usize> {
        let (r, c) = (i / g.cols, i % g.cols);
        scene.farmland.binary_search(&(r, c)).ok()
    };

    // S1. A survey patch missing: a gap in DLTB, and the county not covered there.
    if let Some(i) = free_cell(pick, cells, false) {
        let k = scene.layout.county[i];
        if let Some(c) = cells[i].as_mut() {
            c.missing = true;
        }
        let a = round2(planar_cell(i));
        out.push(Planted {
            kind: PlantedKind::Gap { area_m2: a },
            layer: S,
            refs: vec![],
            description: "survey patch missing: a gap in DLTB".into(),
        });
        out.push(Planted {
            kind: PlantedKind::NotCovered { area_m2: a },
            layer: A,
            refs: vec![Ref::Key(A, (u64::from(k), 0))],
            description: "the county is not covered by DLTB where the patch is missing".into(),
        });
        controls.push(ControlCheck {
            planted: out.len(),
            county: k,
        });
        out.push(Planted {
            kind: PlantedKind::ControlMismatch {
                declared_m2: 0.0,
                sum_m2: 0.0,
            },
            layer: A,
            refs: vec![Ref::Key(A, (u64::from(k), 0))],
            description:
                "the county's DLTB areas sum short of its control area by the missing patch".into(),
        });
    }

    // S2. Farmland on forest: the survey patch under a farmland patch is 乔木林地.
    if let Some(i) = free_cell(pick, cells, true) {
        if let (Some(c), Some(f)) = (cells[i].as_mut(), farm_draft(i)) {
            c.dlbm = "0301";
            let own = d.farmland.drafts[f].attrs[schema::farm::DLBM].to_string();
            out.push(Planted {
                kind: PlantedKind::FarmlandNotCropland {
                    area_m2: round2(cell_area(i)),
                    dlbm: "0301".into(),
                },
                layer: F,
                refs: vec![Ref::Key(F, (f as u64, 0)), Ref::SurveyCell(i)],
                description: "farmland patch lying on forest (乔木林地 0301) of the survey".into(),
            });
            out.push(Planted {
                kind: PlantedKind::FarmlandClassMismatch {
                    declared: own,
                    survey: "0301".into(),
                },
                layer: F,
                refs: vec![Ref::Key(F, (f as u64, 0)), Ref::SurveyCell(i)],
                description: "the same farmland patch: its DLBM is not the survey's".into(),
            });
        }
    }

    // S3. Farmland whose class differs from the survey's (both cropland).
    for _ in 0..64 {
        let Some(i) = free_cell(pick, cells, true) else {
            break;
        };
        let Some(f) = farm_draft(i) else { continue };
        let own = d.farmland.drafts[f].attrs[schema::farm::DLBM].to_string();
        let other = if own == "0102" { "0101" } else { "0102" };
        if let Some(c) = cells[i].as_mut() {
            c.dlbm = other;
        }
        out.push(Planted {
            kind: PlantedKind::FarmlandClassMismatch {
                declared: own,
                survey: other.into(),
            },
            layer: F,
            refs: vec![Ref::Key(F, (f as u64, 0)), Ref::SurveyCell(i)],
            description: "farmland patch whose DLBM differs from the survey patch beneath".into(),
        });
        break;
    }

    // S4. Mining land without CZCSXM 204.
    if let Some(i) = free_cell(pick, cells, false) {
        if let Some(c) = cells[i].as_mut() {
            c.dlbm = "0602";
            c.alone = true;
        }
        edits.push((
            i,
            Edit::Set(schema::survey::CZCSXM, Value::Text("203".into())),
        ));
        out.push(Planted {
            kind: PlantedKind::ConditionFailed {
                condition: "czcsxm-mining".into(),
                field: "CZCSXM".into(),
                value: "203".into(),
            },
            layer: S,
            refs: vec![Ref::SurveyCell(i)],
            description: "采矿用地 (0602) whose CZCSXM is 203 instead of 204".into(),
        });
    }

    // S5. Cropland without its slope grade.
    if let Some(i) = free_cell(pick, cells, false) {
        if let Some(c) = cells[i].as_mut() {
            c.dlbm = "0103";
            c.alone = true;
        }
        edits.push((
            i,
            Edit::Set(schema::survey::GDPDJB, Value::Text(String::new().into())),
        ));
        out.push(Planted {
            kind: PlantedKind::MissingValue {
                field: "GDPDJB".into(),
            },
            layer: S,
            refs: vec![Ref::SurveyCell(i)],
            description: "旱地 survey patch without its slope grade GDPDJB".into(),
        });
    }

    // S6. A land area that does not add up.
    if let Some(i) = free_cell(pick, cells, false) {
        if let Some(c) = cells[i].as_mut() {
            c.dlbm = "0404";
            c.alone = true;
        }
        edits.push((i, Edit::Add(schema::survey::TBDLMJ, 5.0)));
        out.push(Planted {
            kind: PlantedKind::FormulaMismatch {
                field: "TBDLMJ".into(),
                declared: 0.0,
                expected: 0.0,
            },
            layer: S,
            refs: vec![Ref::SurveyCell(i)],
            description: "survey patch whose TBDLMJ is 5 m² above TBMJ − KCMJ".into(),
        });
    }

    // S7. A county's control area 100 m² too large (another county than the gap's).
    {
        let gap_county = controls.first().map(|c| c.county);
        let k = (0..4u8).find(|k| Some(*k) != gap_county).unwrap_or(0);
        d.admin.drafts[k as usize]
            .deltas
            .push((schema::admin::DCMJ, 100.0));
        controls.push(ControlCheck {
            planted: out.len(),
            county: k,
        });
        out.push(Planted {
            kind: PlantedKind::ControlMismatch {
                declared_m2: 0.0,
                sum_m2: 0.0,
            },
            layer: A,
            refs: vec![Ref::Key(A, (u64::from(k), 0))],
            description: "county whose control area DCMJ is 100 m² above the sum of its DLTB areas"
                .into(),
        });
    }

    // S8. The survey patch beside the gap between counties reaches into the gap.
    if let Some(i) = pick.notch {
        if let Some(c) = cells[i].as_mut() {
            c.alone = true;
        }
        let gap = out.iter().find_map(|p| match (&p.kind, p.layer) {
            (PlantedKind::Gap { area_m2 }, LayerKind::AdministrativeArea) => Some(*area_m2),
            _ => None,
        });
        if let Some(gap) = gap {
            out.push(Planted {
                kind: PlantedKind::OutsideAdminArea {
                    outside_area_m2: gap,
                    inside_area_m2: round2(planar_cell(i) - gap),
                },
                layer: S,
                refs: vec![Ref::SurveyCell(i)],
                description: "survey patch reaching into the gap between two counties".into(),
            });
        }
    }
    (edits, controls)
}
