//! Area adjustment (平差): rounded areas that add up exactly to a control total.
//!
//! Areas are controlled level by level (分级控制): a county's total equals the sum of its
//! villages, which equals the sum of their patches. Rounded to 0.01, the parts rarely add up to
//! the rounded control, and the control itself (e.g. the county's surveyed area) may differ
//! from the computed sum. The difference is distributed in proportion to area
//! (按面积比例配赋, DOMAIN §4 **\[practice\]**).
//!
//! # Method
//! All amounts are integers in hundredths of the unit ([`Hundredths`]). With control C and
//! areas a_i, item i's quota is `q_i = C · a_i / Σa` hundredths (proportional allocation). Each
//! item gets ⌊q_i⌋; the `C − Σ⌊q_i⌋` hundredths left (fewer than the number of items) go one
//! each to the items with the largest remainders `q_i − ⌊q_i⌋` (largest-remainder, Hamilton's
//! method). Ties go to the larger area, then to the smaller id. So the adjusted values sum to C
//! exactly, each is within 0.01 of its quota, and when the areas already add up to C the
//! adjustment only settles the rounding, largest patches first.
//!
//! The quotas are exact rationals: the areas are scaled by a power of two so that the largest
//! is about 2⁶¹ and rounded to integers, and quotas and remainders are computed in `i128`.
//! No floating-point comparison decides a step, so the result is the same on every machine.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use sanxian_types::Layer;
use serde::Serialize;

use crate::{AreaUnit, Error, Hundredths, Result};

/// Distributes `control` over `items` (id, area) in proportion to area, in 0.01 steps, so that
/// the results sum exactly to `control`. Results are in the order of `items`.
///
/// # Method
/// Item i's quota is `q_i = C · a_i / Σa` hundredths; each item gets ⌊q_i⌋, and the hundredths
/// left (fewer than the items) go one each to the largest remainders `q_i − ⌊q_i⌋`, ties to the
/// larger area, then to the smaller id (largest remainder, Hamilton's method). Quotas and
/// remainders are exact rationals in `i128` (areas scaled by a power of two to integers), so no
/// floating-point comparison decides a step.
///
/// # Units
/// Areas and control in the same unit; the results in hundredths of it.
///
/// # Errors
/// [`Error::InvalidArea`] for a negative or non-finite area; [`Error::CannotDistribute`] for a
/// negative control, or a positive control over no items or items of zero total area.
///
/// # Examples
/// Three patches of 1/3 ha each under a control of 1.00 ha: 0.33 + 0.33 + 0.33 leaves 0.01,
/// which goes to the first by id since all remainders and areas tie.
/// ```
/// use sanxian_area::{adjust_to_control, Hundredths};
/// let third = 1.0 / 3.0;
/// let items = [("b", third), ("a", third), ("c", third)];
/// let adjusted = adjust_to_control(&items, Hundredths(100)).unwrap();
/// assert_eq!(adjusted, [Hundredths(33), Hundredths(34), Hundredths(33)]);
/// ```
pub fn adjust_to_control<I: Ord + fmt::Display>(
    items: &[(I, f64)],
    control: Hundredths,
) -> Result<Vec<Hundredths>> {
    let cannot = |reason: &str| Error::CannotDistribute {
        group: String::new(),
        control: control.to_string(),
        reason: reason.to_string(),
    };
    if control.0 < 0 {
        return Err(cannot("the control total is negative"));
    }
    for (id, area) in items {
        // Beyond 1e18 of any unit no control total (at most 9.2e16) can be meant.
        if !area.is_finite() || *area < 0.0 || *area > 1e18 {
            return Err(Error::InvalidArea {
                item: id.to_string(),
                area: *area,
            });
        }
    }
    let max = items.iter().map(|(_, a)| *a).fold(0.0, f64::max);
    if max == 0.0 {
        if control.0 == 0 {
            return Ok(vec![Hundredths::ZERO; items.len()]);
        }
        return Err(cannot(if items.is_empty() {
            "the group has no items"
        } else {
            "all areas in the group are zero"
        }));
    }
    // Weights: the areas times a power of two (exact), the largest in [2⁶⁰, 2⁶²).
    let exponent = max.log2().floor().clamp(-900.0, 900.0) as i32;
    let scale = 2f64.powi(61 - exponent);
    let weights: Vec<i128> = items
        .iter()
        .map(|(_, a)| (a * scale).round() as i128)
        .collect();
    let total: i128 = weights.iter().sum();
    if total == 0 {
        return Err(cannot("the areas are too small to weigh (below 1e-250)"));
    }
    let c = i128::from(control.0);
    let mut amounts: Vec<i128> = Vec::with_capacity(items.len());
    let mut remainders: Vec<i128> = Vec::with_capacity(items.len());
    for &w in &weights {
        let q = c * w;
        amounts.push(q / total);
        remainders.push(q % total);
    }
    let left = c - amounts.iter().sum::<i128>();
    if left > 0 {
        let mut order: Vec<usize> = (0..items.len()).collect();
        order.sort_by(|&i, &j| {
            remainders[j]
                .cmp(&remainders[i])
                .then_with(|| items[j].1.total_cmp(&items[i].1))
                .then_with(|| items[i].0.cmp(&items[j].0))
        });
        // left < number of items, since each remainder is below one hundredth.
        for &i in order.iter().take(left as usize) {
            amounts[i] += 1;
        }
    }
    amounts
        .into_iter()
        .map(|a| {
            i64::try_from(a)
                .map(Hundredths)
                .map_err(|_| Error::AmountOverflow(a.to_string()))
        })
        .collect()
}

/// Control totals per group (行政区 code, …), in one unit, as official tables give them
/// (two decimals).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ControlTotals {
    /// The unit of the totals.
    pub unit: AreaUnit,
    /// Where they came from (file or layer name), for messages.
    pub source: String,
    totals: BTreeMap<String, Hundredths>,
}

impl ControlTotals {
    /// No totals yet.
    pub fn new(unit: AreaUnit, source: impl Into<String>) -> ControlTotals {
        ControlTotals {
            unit,
            source: source.into(),
            totals: BTreeMap::new(),
        }
    }

    /// Adds a group's total.
    ///
    /// # Errors
    /// [`Error::InvalidControl`] when the group already has one.
    pub fn insert(&mut self, group: impl Into<String>, total: Hundredths) -> Result<()> {
        let group = group.into();
        if self.totals.contains_key(&group) {
            return Err(Error::InvalidControl {
                source_name: self.source.clone(),
                line: None,
                message: format!("group '{group}' has two control totals; keep one"),
            });
        }
        self.totals.insert(group, total);
        Ok(())
    }

    /// The total of a group.
    pub fn get(&self, group: &str) -> Option<Hundredths> {
        self.totals.get(group).copied()
    }

    /// Groups and totals, ordered by group.
    pub fn iter(&self) -> impl Iterator<Item = (&str, Hundredths)> {
        self.totals.iter().map(|(g, t)| (g.as_str(), *t))
    }

    /// Number of groups.
    pub fn len(&self) -> usize {
        self.totals.len()
    }

    /// No groups?
    pub fn is_empty(&self) -> bool {
        self.totals.is_empty()
    }

    /// Parses a CSV of `group,control` rows, in `unit`.
    ///
    /// A first row whose second field is not a number is a header. Empty lines and lines
    /// starting with `#` are skipped; fields may be quoted (`"330110","1234.56"`); further
    /// columns are ignored. Controls must have at most two decimals (they are official table
    /// values) and are read exactly, without binary rounding. Group codes are kept as text, so
    /// leading zeros stay. The text must be UTF-8 (a BOM is skipped): decode GBK files first.
    ///
    /// # Errors
    /// [`Error::InvalidControl`] naming the line: a missing column, a control that is not a
    /// number with at most two decimals, an empty or repeated group.
    ///
    /// # Examples
    /// ```
    /// use sanxian_area::{AreaUnit, ControlTotals, Hundredths};
    /// let csv = "XZQDM,DCMJ\n330110001,1234.5\n\"330110002\",0.07\n";
    /// let controls = ControlTotals::parse_csv(csv, AreaUnit::Hectares, "controls.csv").unwrap();
    /// assert_eq!(controls.get("330110001"), Some(Hundredths(123_450)));
    /// assert_eq!(controls.get("330110002"), Some(Hundredths(7)));
    /// ```
    pub fn parse_csv(text: &str, unit: AreaUnit, source: &str) -> Result<ControlTotals> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut controls = ControlTotals::new(unit, source);
        let mut first_row = true;
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .comment(Some(b'#'))
            .from_reader(text.as_bytes());
        for record in reader.records() {
            let invalid = |line: Option<u64>, message: String| Error::InvalidControl {
                source_name: source.to_string(),
                line,
                message,
            };
            let fields = record.map_err(|e| {
                invalid(
                    e.position().map(|p| p.line()),
                    format!("not a CSV row: {e}"),
                )
            })?;
            let line_no = fields.position().map(|p| p.line());
            if fields.iter().all(|f| f.trim().is_empty()) {
                continue;
            }
            let is_first = std::mem::replace(&mut first_row, false);
            if fields.len() < 2 {
                return Err(invalid(
                    line_no,
                    "expected two columns, group and control total (e.g. 330110,1234.56)"
                        .to_string(),
                ));
            }
            let group = fields[0].trim();
            let value = fields[1].trim();
            let Some(total) = Hundredths::parse_exact(value) else {
                if is_first {
                    continue; // header
                }
                return Err(invalid(line_no, format!(
                    "control total '{value}' of group '{group}' is not a number with at most two decimals; write it like 1234.56"
                )));
            };
            if group.is_empty() {
                return Err(invalid(line_no, "the group is empty".to_string()));
            }
            if controls.totals.contains_key(group) {
                return Err(invalid(
                    line_no,
                    format!("group '{group}' has a control total already; keep one row per group"),
                ));
            }
            controls.totals.insert(group.to_string(), total);
        }
        Ok(controls)
    }

    /// Takes control totals from an area field of a layer, usually the administrative areas
    /// (`XZQ`, field `DCMJ` or `JSMJ`) grouped by `XZQDM`. Field names are matched
    /// case-insensitively. Each value is rounded half away from zero to two decimals; features
    /// sharing a group (multi-part areas) are added up.
    ///
    /// # Errors
    /// [`Error::UnknownField`] when a field is missing; [`Error::InvalidControl`] naming the
    /// record whose area is empty or not a number.
    pub fn from_layer(
        layer: &Layer,
        group_field: &str,
        area_field: &str,
        unit: AreaUnit,
    ) -> Result<ControlTotals> {
        let gi = field_index(layer, group_field)?;
        let ai = field_index(layer, area_field)?;
        let mut controls = ControlTotals::new(unit, layer.name.clone());
        for f in &layer.features {
            let group = f.attributes.get(gi).map(value_text).unwrap_or_default();
            let value = f.attributes.get(ai).and_then(value_number);
            let total = value.and_then(Hundredths::from_value).ok_or_else(|| {
                Error::InvalidControl {
                    source_name: layer.name.clone(),
                    line: Some(f.id.record),
                    message: format!(
                        "{}: field {area_field} has no usable area ({}); fill it or drop the feature",
                        f.id,
                        f.attributes.get(ai).map(|v| v.to_string()).unwrap_or_default()
                    ),
                }
            })?;
            let entry = controls.totals.entry(group).or_insert(Hundredths::ZERO);
            entry.0 = entry
                .0
                .checked_add(total.0)
                .ok_or_else(|| Error::AmountOverflow(format!("control total of {}", f.id)))?;
        }
        Ok(controls)
    }
}

/// One item after adjustment.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AdjustedArea<I> {
    /// The item (feature).
    pub id: I,
    /// Its computed area, unrounded, in the unit of the controls.
    pub area: f64,
    /// The computed area rounded half away from zero.
    pub rounded: Hundredths,
    /// The adjusted area.
    pub adjusted: Hundredths,
}

impl<I> AdjustedArea<I> {
    /// adjusted − rounded: what the adjustment changed.
    pub fn change(&self) -> Hundredths {
        Hundredths(self.adjusted.0 - self.rounded.0)
    }
}

/// The adjustment of one group.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupAdjustment<I> {
    /// The group.
    pub group: String,
    /// Its control total.
    pub control: Hundredths,
    /// The sum of the computed areas, unrounded.
    pub computed: f64,
    /// The sum of the rounded areas.
    pub rounded_sum: Hundredths,
    /// The items, in input order; their `adjusted` values sum to `control`.
    pub items: Vec<AdjustedArea<I>>,
}

impl<I> GroupAdjustment<I> {
    /// control − rounded sum: what was distributed.
    pub fn difference(&self) -> Hundredths {
        Hundredths(self.control.0 - self.rounded_sum.0)
    }
}

/// The adjustment of every group that has a control.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AreaAdjustment<I> {
    /// The unit of areas and controls.
    pub unit: AreaUnit,
    /// Groups with a control, ordered by group.
    pub groups: Vec<GroupAdjustment<I>>,
    /// Groups that have items but no control total: their items are not adjusted.
    pub groups_without_control: Vec<String>,
    /// Control totals whose group has no items: nothing was adjusted to them.
    pub controls_without_items: Vec<String>,
}

/// Adjusts items grouped by a key to the control totals of their groups
/// ([`adjust_to_control`] per group).
///
/// `items` are (group, id, area in the unit of `controls`). Groups come out sorted; items keep
/// their input order within a group.
///
/// # Errors
/// The first error of [`adjust_to_control`], with its group named.
///
/// # Examples
/// ```
/// use sanxian_area::{adjust_groups, AreaUnit, ControlTotals, Hundredths};
/// let mut controls = ControlTotals::new(AreaUnit::Hectares, "hand");
/// controls.insert("v1", Hundredths(300)).unwrap();
/// let items = vec![("v1".to_string(), 1, 1.004), ("v1".to_string(), 2, 2.004), ("v2".to_string(), 3, 5.0)];
/// let adj = adjust_groups(items, &controls).unwrap();
/// assert_eq!(adj.groups[0].items.iter().map(|i| i.adjusted).sum::<Hundredths>(), Hundredths(300));
/// assert_eq!(adj.groups_without_control, ["v2"]);
/// ```
pub fn adjust_groups<I: Ord + Clone + fmt::Display>(
    items: impl IntoIterator<Item = (String, I, f64)>,
    controls: &ControlTotals,
) -> Result<AreaAdjustment<I>> {
    let mut by_group: BTreeMap<String, Vec<(I, f64)>> = BTreeMap::new();
    for (g, id, area) in items {
        by_group.entry(g).or_default().push((id, area));
    }
    let mut groups = Vec::new();
    let mut groups_without_control = Vec::new();
    for (group, members) in &by_group {
        let Some(control) = controls.get(group) else {
            groups_without_control.push(group.clone());
            continue;
        };
        let adjusted = adjust_to_control(members, control).map_err(|e| match e {
            Error::CannotDistribute {
                control, reason, ..
            } => Error::CannotDistribute {
                group: group.clone(),
                control,
                reason,
            },
            other => other,
        })?;
        let mut rounded_sum = 0i64;
        let mut computed = Neumaier::default();
        let mut out = Vec::with_capacity(members.len());
        for ((id, area), adj) in members.iter().zip(adjusted) {
            let rounded = Hundredths::from_value(*area)
                .ok_or_else(|| Error::AmountOverflow(format!("area {area} of {id}")))?;
            rounded_sum = rounded_sum
                .checked_add(rounded.0)
                .ok_or_else(|| Error::AmountOverflow(format!("sum of group {group}")))?;
            computed.add(*area);
            out.push(AdjustedArea {
                id: id.clone(),
                area: *area,
                rounded,
                adjusted: adj,
            });
        }
        groups.push(GroupAdjustment {
            group: group.clone(),
            control,
            computed: computed.sum(),
            rounded_sum: Hundredths(rounded_sum),
            items: out,
        });
    }
    let with_items: BTreeSet<&str> = by_group.keys().map(String::as_str).collect();
    let controls_without_items = controls
        .iter()
        .filter(|(g, _)| !with_items.contains(g))
        .map(|(g, _)| g.to_string())
        .collect();
    Ok(AreaAdjustment {
        unit: controls.unit,
        groups,
        groups_without_control,
        controls_without_items,
    })
}

/// Compensated (Neumaier) summation, so that totals of many areas do not depend on rounding.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Neumaier {
    sum: f64,
    c: f64,
}

impl Neumaier {
    pub(crate) fn add(&mut self, x: f64) {
        let t = self.sum + x;
        if self.sum.abs() >= x.abs() {
            self.c += (self.sum - t) + x;
        } else {
            self.c += (x - t) + self.sum;
        }
        self.sum = t;
    }

    pub(crate) fn sum(&self) -> f64 {
        self.sum + self.c
    }
}

/// The position of field `name` in `layer`, or [`Error::UnknownField`] listing its fields.
pub(crate) fn field_index(layer: &Layer, name: &str) -> Result<usize> {
    layer.field_index(name).ok_or_else(|| Error::UnknownField {
        layer: layer.name.clone(),
        field: name.to_string(),
        available: layer.field_list(),
    })
}

/// A value as group text: text as is, numbers as Rust prints them (330110.0 → "330110"),
/// empty for null.
pub(crate) fn value_text(v: &sanxian_types::Value) -> String {
    v.to_string()
}

/// A value as a number: numeric values, and text that parses as one.
pub(crate) fn value_number(v: &sanxian_types::Value) -> Option<f64> {
    v.as_f64()
        .or_else(|| v.as_str().and_then(|s| s.trim().parse::<f64>().ok()))
        .filter(|x| x.is_finite())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_control_rows_are_read_whole() {
        let c = ControlTotals::parse_csv(
            "group,control\n\"33,01\",\"1.5\",x\n# a comment\n\"b\"\"c\",2\n",
            AreaUnit::SquareMetres,
            "controls.csv",
        )
        .unwrap();
        assert_eq!(c.get("33,01"), Some(Hundredths(150)));
        assert_eq!(c.get("b\"c"), Some(Hundredths(200)));
        let err =
            ControlTotals::parse_csv("a,1\nb,x\n", AreaUnit::SquareMetres, "c.csv").unwrap_err();
        assert!(err.to_string().contains("c.csv line 2"), "{err}");
    }

    #[test]
    fn neumaier_keeps_small_terms() {
        let mut s = Neumaier::default();
        s.add(1e16);
        s.add(1.0);
        s.add(-1e16);
        assert_eq!(s.sum(), 1.0);
    }
}
