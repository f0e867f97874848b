//! The area ledger (面积台账): every feature's area, totals by group, adjustment to controls,
//! and the comparison with declared areas.

use std::collections::BTreeMap;

use rayon::prelude::*;
use sanxian_types::{Crs, Ellipsoid, FeatureId, Layer};
use serde::Serialize;

use crate::adjust::{field_index, value_number, value_text, Neumaier};
use crate::{
    adjust_groups, AreaAdjustment, AreaCalculator, AreaMethod, AreaUnit, ControlTotals, Error,
    Result,
};

/// Area fields a layer may declare, in the order they are looked for (case-insensitively):
/// the planning `MJ`, the survey's `TBMJ`, `TBDLMJ`, the administrative `DCMJ`, `JSMJ`, the
/// farmland `YJJBNTMJ`, and ArcGIS's planar `Shape_Area` last.
pub const DECLARED_AREA_FIELDS: [&str; 7] = [
    "MJ",
    "TBMJ",
    "TBDLMJ",
    "DCMJ",
    "JSMJ",
    "YJJBNTMJ",
    "Shape_Area",
];

/// Which field holds the declared area.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DeclaredAreaField {
    /// The first of [`DECLARED_AREA_FIELDS`] present in the layer (`Shape_Area` only for
    /// projected layers: on longitude/latitude it is in square degrees).
    #[default]
    Auto,
    /// This field (case-insensitive).
    Named(String),
    /// Do not read declared areas.
    Off,
}

/// How to build an [`AreaLedger`].
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct LedgerOptions {
    /// Fields to total by (e.g. `XZQDM`, `DLBM`), matched case-insensitively.
    pub group_fields: Vec<String>,
    /// Where the declared area is.
    pub declared: DeclaredAreaField,
    /// The unit of the declared area (official MJ and TBMJ are m²; some layers use 公顷).
    pub declared_unit: AreaUnit,
}

/// One feature's area.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FeatureArea {
    /// The feature.
    pub id: FeatureId,
    /// Computed area, unrounded, m².
    pub area_m2: f64,
    /// Computed area, unrounded, 公顷.
    pub area_ha: f64,
    /// Computed area, unrounded, 亩.
    pub area_mu: f64,
    /// The declared area converted to m², when the layer has one and the value is usable.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub declared_m2: Option<f64>,
    /// The feature's values of the ledger's group fields, in their order (empty for null).
    pub groups: Vec<String>,
}

/// A feature whose area could not be computed; it is left out of the totals, never dropped
/// silently.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AreaProblem {
    /// The feature.
    pub id: FeatureId,
    /// What went wrong and what to do.
    pub message: String,
}

/// The total of a group of features.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupTotal {
    /// The group value (e.g. an XZQDM code); empty for features with a null value.
    pub group: String,
    /// Number of features.
    pub features: usize,
    /// Sum of computed areas, m² (compensated summation in feature order).
    pub area_m2: f64,
    /// The same in 公顷.
    pub area_ha: f64,
    /// The same in 亩.
    pub area_mu: f64,
    /// Sum of declared areas in m², over the features that have one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub declared_m2: Option<f64>,
}

/// Areas of all features of a layer, with provenance, ready for tables and adjustment.
///
/// # Examples
/// ```
/// use geo_types::{polygon, MultiPolygon};
/// use sanxian_area::{AreaLedger, AreaMethod, LedgerOptions};
/// use sanxian_types::{Crs, Field, FieldType, Layer, LayerKind, Value};
///
/// let square = |x0: f64, size: f64| MultiPolygon(vec![polygon![
///     (x: x0, y: 3_320_000.0), (x: x0 + size, y: 3_320_000.0),
///     (x: x0 + size, y: 3_320_000.0 + size), (x: x0, y: 3_320_000.0 + size),
/// ]]);
/// let mut layer = Layer::new("DLTB", LayerKind::LandUseSurvey, Crs::from_epsg(4527))
///     .with_fields(vec![Field::new("XZQDM", FieldType::Text)]);
/// for (x0, size, xzqdm) in [(39_500_000.0, 100.0, "330110001"), (39_501_000.0, 50.0, "330110002"),
///                           (39_502_000.0, 50.0, "330110001")] {
///     layer.push(square(x0, size), vec![Value::Text(xzqdm.into())]);
/// }
/// let options = LedgerOptions { group_fields: vec!["XZQDM".into()], ..Default::default() };
/// let ledger = AreaLedger::compute(&layer, AreaMethod::Ellipsoid, &options).unwrap();
/// let totals = ledger.totals_by("xzqdm").unwrap();
/// assert_eq!(totals.len(), 2);
/// assert_eq!((totals[0].group.as_str(), totals[0].features), ("330110001", 2));
/// assert!((totals[0].area_m2 - 12_500.0).abs() < 0.01);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AreaLedger {
    /// The layer's name.
    pub layer: String,
    /// The CRS the coordinates were read in.
    pub crs: Crs,
    /// The ellipsoid of the computation.
    pub ellipsoid: Ellipsoid,
    /// The method.
    pub method: AreaMethod,
    /// The group fields, as spelled in the layer.
    pub group_fields: Vec<String>,
    /// The declared-area field used, as spelled in the layer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub declared_field: Option<String>,
    /// The unit of the declared-area field.
    pub declared_unit: AreaUnit,
    /// Every feature whose area was computed, in layer order.
    pub features: Vec<FeatureArea>,
    /// Features whose area could not be computed, in layer order.
    pub problems: Vec<AreaProblem>,
}

impl AreaLedger {
    /// Computes the ledger of `layer` in its own CRS, on its datum's ellipsoid.
    ///
    /// # Errors
    /// [`Error::MissingCrs`] when the layer has no CRS; the errors of
    /// [`AreaLedger::from_layer`].
    pub fn compute(
        layer: &Layer,
        method: AreaMethod,
        options: &LedgerOptions,
    ) -> Result<AreaLedger> {
        let crs = layer.crs.ok_or_else(|| Error::MissingCrs {
            layer: layer.name.clone(),
        })?;
        let calculator = AreaCalculator::new(crs, method)?;
        AreaLedger::from_layer(layer, &calculator, options)
    }

    /// Computes the ledger of `layer` with `calculator`, in parallel over features; the result
    /// does not depend on the number of threads. A layer without a CRS is read in the
    /// calculator's CRS.
    ///
    /// # Errors
    /// [`Error::CrsMismatch`] when the layer states another CRS than the calculator's;
    /// [`Error::UnknownField`] for a group or declared field the layer does not have. Features
    /// whose area fails are listed in [`AreaLedger::problems`].
    pub fn from_layer(
        layer: &Layer,
        calculator: &AreaCalculator,
        options: &LedgerOptions,
    ) -> Result<AreaLedger> {
        if let Some(crs) = layer.crs {
            if crs != calculator.crs() {
                return Err(Error::CrsMismatch {
                    layer: layer.name.clone(),
                    layer_crs: crs.to_string(),
                    calculator_crs: calculator.crs().to_string(),
                });
            }
        }
        let group_idx = options
            .group_fields
            .iter()
            .map(|f| field_index(layer, f))
            .collect::<Result<Vec<_>>>()?;
        let declared_idx = match &options.declared {
            DeclaredAreaField::Off => None,
            DeclaredAreaField::Named(name) => Some(field_index(layer, name)?),
            DeclaredAreaField::Auto => find_declared_area_field(layer, calculator.crs()),
        };
        let unit = options.declared_unit;
        let results: Vec<std::result::Result<FeatureArea, AreaProblem>> = layer
            .features
            .par_iter()
            .with_min_len(64)
            .map(|f| match calculator.multipolygon_area_m2(&f.geometry) {
                Ok(area_m2) => Ok(FeatureArea {
                    id: f.id.clone(),
                    area_m2,
                    area_ha: AreaUnit::Hectares.from_m2(area_m2),
                    area_mu: AreaUnit::Mu.from_m2(area_m2),
                    declared_m2: declared_idx
                        .and_then(|i| f.attributes.get(i))
                        .and_then(value_number)
                        .map(|v| unit.to_m2(v)),
                    groups: group_idx
                        .iter()
                        .map(|&i| f.attributes.get(i).map(value_text).unwrap_or_default())
                        .collect(),
                }),
                Err(e) => Err(AreaProblem {
                    id: f.id.clone(),
                    message: format!("{}: {e}", f.id),
                }),
            })
            .collect();
        let mut features = Vec::with_capacity(results.len());
        let mut problems = Vec::new();
        for r in results {
            match r {
                Ok(fa) => features.push(fa),
                Err(p) => problems.push(p),
            }
        }
        Ok(AreaLedger {
            layer: layer.name.clone(),
            crs: calculator.crs(),
            ellipsoid: calculator.ellipsoid(),
            method: calculator.method(),
            group_fields: group_idx
                .iter()
                .map(|&i| layer.fields[i].name.clone())
                .collect(),
            declared_field: declared_idx.map(|i| layer.fields[i].name.clone()),
            declared_unit: unit,
            features,
            problems,
        })
    }

    /// The total over all features (group `""`).
    pub fn total(&self) -> GroupTotal {
        total_of(String::new(), self.features.iter())
    }

    /// Totals by a group field, ordered by group value (byte order of the text, so codes sort
    /// as codes).
    ///
    /// # Errors
    /// [`Error::NotAGroupField`] when the ledger was not built with `field`.
    pub fn totals_by(&self, field: &str) -> Result<Vec<GroupTotal>> {
        let k = self.group_position(field)?;
        let mut groups: BTreeMap<&str, Vec<&FeatureArea>> = BTreeMap::new();
        for f in &self.features {
            let key = f.groups.get(k).map(String::as_str).unwrap_or("");
            groups.entry(key).or_default().push(f);
        }
        Ok(groups
            .into_iter()
            .map(|(g, fs)| total_of(g.to_string(), fs.into_iter()))
            .collect())
    }

    /// Adjusts the features' areas, grouped by `group_field`, to `controls` in 0.01 steps of
    /// the controls' unit (平差); see [`crate::adjust_to_control`].
    ///
    /// # Errors
    /// [`Error::NotAGroupField`], and the errors of [`crate::adjust_groups`].
    pub fn adjust(
        &self,
        group_field: &str,
        controls: &ControlTotals,
    ) -> Result<AreaAdjustment<FeatureId>> {
        let k = self.group_position(group_field)?;
        let unit = controls.unit;
        adjust_groups(
            self.features.iter().map(|f| {
                (
                    f.groups.get(k).cloned().unwrap_or_default(),
                    f.id.clone(),
                    unit.from_m2(f.area_m2),
                )
            }),
            controls,
        )
    }

    /// Lists the features whose declared area differs from the computed one by more than
    /// `tolerance`, and those without a usable declared value.
    ///
    /// # Errors
    /// [`Error::NoDeclaredAreaField`] when the ledger has no declared-area field.
    pub fn compare_declared(&self, tolerance: AreaTolerance) -> Result<DeclaredAreaReport> {
        let field = self
            .declared_field
            .clone()
            .ok_or_else(|| Error::NoDeclaredAreaField {
                layer: self.layer.clone(),
            })?;
        let mut missing = Vec::new();
        let mut differences = Vec::new();
        let mut compared = 0;
        for f in &self.features {
            let Some(declared_m2) = f.declared_m2 else {
                missing.push(f.id.clone());
                continue;
            };
            compared += 1;
            let difference_m2 = declared_m2 - f.area_m2;
            if tolerance.exceeded(difference_m2, f.area_m2) {
                differences.push(AreaDifference {
                    id: f.id.clone(),
                    declared_m2,
                    computed_m2: f.area_m2,
                    difference_m2,
                    relative: if f.area_m2 != 0.0 {
                        difference_m2 / f.area_m2
                    } else {
                        f64::INFINITY
                    },
                });
            }
        }
        Ok(DeclaredAreaReport {
            field,
            unit: self.declared_unit,
            method: self.method,
            tolerance,
            compared,
            missing,
            differences,
        })
    }

    fn group_position(&self, field: &str) -> Result<usize> {
        self.group_fields
            .iter()
            .position(|g| g.eq_ignore_ascii_case(field))
            .ok_or_else(|| Error::NotAGroupField {
                field: field.to_string(),
                available: self.group_fields.join(", "),
            })
    }
}

fn total_of<'a>(group: String, features: impl Iterator<Item = &'a FeatureArea>) -> GroupTotal {
    let mut n = 0;
    let mut area = Neumaier::default();
    let mut declared = Neumaier::default();
    let mut any_declared = false;
    for f in features {
        n += 1;
        area.add(f.area_m2);
        if let Some(d) = f.declared_m2 {
            declared.add(d);
            any_declared = true;
        }
    }
    let area_m2 = area.sum();
    GroupTotal {
        group,
        features: n,
        area_m2,
        area_ha: AreaUnit::Hectares.from_m2(area_m2),
        area_mu: AreaUnit::Mu.from_m2(area_m2),
        declared_m2: any_declared.then(|| declared.sum()),
    }
}

/// The first of [`DECLARED_AREA_FIELDS`] the layer has (case-insensitive); `Shape_Area` only
/// when `crs` is projected.
pub fn find_declared_area_field(layer: &Layer, crs: Crs) -> Option<usize> {
    DECLARED_AREA_FIELDS
        .iter()
        .filter(|name| crs.is_projected() || !name.eq_ignore_ascii_case("Shape_Area"))
        .find_map(|name| layer.field_index(name))
}

/// When a declared area counts as different from the computed one: when the difference
/// exceeds both the absolute and the relative bound, i.e. `max(abs_m2, relative·|computed|)`.
///
/// Defaults: 1 m² and 1e-4 (0.01 %). Official `MJ`/`TBMJ` computed by the ellipsoid method
/// and rounded to 0.01 m² stay far inside; a declared area in 公顷 with two decimals carries up
/// to 50 m² of rounding, so raise `abs_m2` for such fields; ArcGIS `Shape_Area` is planar and
/// differs from the ellipsoid area by the Gauss-Krüger scale, up to ~6e-4 at a 3° zone's edge.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct AreaTolerance {
    /// Absolute bound, m².
    pub abs_m2: f64,
    /// Relative bound, as a fraction of the computed area.
    pub relative: f64,
}

impl Default for AreaTolerance {
    fn default() -> Self {
        AreaTolerance {
            abs_m2: 1.0,
            relative: 1e-4,
        }
    }
}

impl AreaTolerance {
    /// Does `difference_m2` on an area of `computed_m2` exceed the tolerance?
    pub fn exceeded(&self, difference_m2: f64, computed_m2: f64) -> bool {
        let bound = self.abs_m2.max(self.relative * computed_m2.abs());
        difference_m2.is_nan() || difference_m2.abs() > bound
    }
}

/// A feature whose declared area differs from the computed one.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AreaDifference {
    /// The feature.
    pub id: FeatureId,
    /// Declared area, m².
    pub declared_m2: f64,
    /// Computed area, m².
    pub computed_m2: f64,
    /// declared − computed, m².
    pub difference_m2: f64,
    /// difference / computed.
    pub relative: f64,
}

/// Declared versus computed areas of a layer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DeclaredAreaReport {
    /// The declared-area field.
    pub field: String,
    /// Its unit.
    pub unit: AreaUnit,
    /// The method of the computed areas.
    pub method: AreaMethod,
    /// The tolerance applied.
    pub tolerance: AreaTolerance,
    /// Features compared.
    pub compared: usize,
    /// Features without a usable declared value.
    pub missing: Vec<FeatureId>,
    /// Features beyond the tolerance, in layer order.
    pub differences: Vec<AreaDifference>,
}
