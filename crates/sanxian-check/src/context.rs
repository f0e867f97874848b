//! The context of one check: everything expensive about a draft, computed once on first use
//! and kept for every rule that asks.
//!
//! Layers are prepared for the overlay once (which validates every feature once: the rules
//! read that validity rather than validating again), each layer pair is overlaid once, each
//! feature and each overlap piece is measured on the ellipsoid once, and each control line is
//! cut by the administrative areas once. Rules read these through the methods below and never
//! know whether another rule asked first.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use rayon::prelude::*;
use sanxian_area::{AreaCalculator, AreaMethod};
use sanxian_overlay::{
    candidate_join, candidate_join_within, refine, OverlapOptions, OverlapReport, PreparedFeature,
    PreparedLayer,
};
use sanxian_rules::finding::ClassArea;
use sanxian_rules::profile::expr::Val;
use sanxian_rules::profile::LayerSpec;
use sanxian_rules::{Finding, Profile, RuleConfig, RuleId, RuleSettings};
use sanxian_types::geo_types::MultiPolygon;
use sanxian_types::{Feature, Layer, LayerKind, Value};

use crate::counties::{CountyPiece, CountyPieces};
use crate::error::ComputeError;
use crate::rules::duplicates::IdenticalGroups;
use crate::{Draft, Error, Result};

/// An ellipsoid area, or why it could not be computed.
pub type Measured = std::result::Result<f64, String>;

/// The overlaps of one layer pair (or of one layer with itself), with the official ellipsoid
/// area of every conflict, in the order of [`OverlapReport::conflicts`].
#[derive(Debug)]
pub struct PairOverlaps<'d> {
    /// What the overlay found.
    pub report: OverlapReport<'d>,
    /// Ellipsoid area of each conflict's overlap, m².
    pub ellipsoid_m2: Vec<Measured>,
}

type Cached<T> = OnceLock<std::result::Result<T, ComputeError>>;

/// The shared context of one check: each layer prepared for the overlay (every feature
/// validated once), each layer pair overlaid once, each feature and piece measured on the
/// ellipsoid once, each control line cut by the counties once — computed on first use and kept
/// for every rule that asks.
pub struct Context<'d> {
    draft: &'d Draft,
    settings: &'d RuleSettings,
    profile: &'d Profile,
    /// The profile layer of each draft layer.
    spec_of: Vec<Option<usize>>,
    /// For each draft layer with a spec: the layer field of each spec field.
    spec_fields: Vec<Vec<Option<usize>>>,
    calc: AreaCalculator,
    opts: OverlapOptions,
    /// Positions (in `draft.layers`) of the layers under check: the control lines and XZQ.
    checked: Vec<usize>,
    admin: Option<usize>,
    prepared: Vec<Cached<PreparedLayer<'d>>>,
    pairs: BTreeMap<(usize, usize), Cached<PairOverlaps<'d>>>,
    areas: Vec<OnceLock<Vec<Measured>>>,
    counties: Vec<Cached<CountyPieces>>,
    duplicates: Vec<OnceLock<IdenticalGroups>>,
    admin_codes: OnceLock<Vec<(String, String)>>,
    unions: Vec<OnceLock<std::result::Result<MultiPolygon<f64>, String>>>,
}

impl<'d> Context<'d> {
    /// A context for checking `draft` with `settings` against `profile`; the overlay keeps
    /// overlaps down to `overlap_tolerance_m2`.
    ///
    /// # Errors
    /// The working CRS has no ellipsoid area (it always has for a [`Draft`]).
    pub fn new(
        draft: &'d Draft,
        settings: &'d RuleSettings,
        profile: &'d Profile,
        overlap_tolerance_m2: f64,
    ) -> Result<Context<'d>> {
        let calc = AreaCalculator::new(draft.working_crs, AreaMethod::Ellipsoid)?;
        let mut opts = OverlapOptions::default();
        opts.area_tolerance_m2 = overlap_tolerance_m2;
        opts.check()?;
        let spec_of = crate::recognise::bind(profile, &draft.layers);
        let spec_fields = draft
            .layers
            .iter()
            .zip(&spec_of)
            .map(|(l, s)| match s {
                Some(s) => profile.layers[*s]
                    .fields
                    .iter()
                    .map(|f| {
                        std::iter::once(&f.name)
                            .chain(&f.aliases)
                            .find_map(|n| l.field_index(n))
                    })
                    .collect(),
                None => Vec::new(),
            })
            .collect();
        let checked: Vec<usize> = draft
            .layers
            .iter()
            .enumerate()
            .filter(|(i, l)| {
                l.kind.is_control_line()
                    || l.kind == LayerKind::AdministrativeArea
                    || spec_of[*i].is_some()
            })
            .map(|(i, _)| i)
            .collect();
        let admin = checked
            .iter()
            .copied()
            .find(|&i| draft.layers[i].kind == LayerKind::AdministrativeArea);
        let mut pairs = BTreeMap::new();
        for (k, &i) in checked.iter().enumerate() {
            for &j in &checked[k..] {
                pairs.insert((i, j), OnceLock::new());
            }
        }
        let n = draft.layers.len();
        Ok(Context {
            draft,
            settings,
            profile,
            spec_of,
            spec_fields,
            calc,
            opts,
            checked,
            admin,
            prepared: (0..n).map(|_| OnceLock::new()).collect(),
            pairs,
            areas: (0..n).map(|_| OnceLock::new()).collect(),
            counties: (0..n).map(|_| OnceLock::new()).collect(),
            duplicates: (0..n).map(|_| OnceLock::new()).collect(),
            admin_codes: OnceLock::new(),
            unions: (0..n).map(|_| OnceLock::new()).collect(),
        })
    }

    /// The profile of the check.
    pub fn profile(&self) -> &'d Profile {
        self.profile
    }

    /// The profile's description of layer `i`, when it is a layer of the profile.
    pub fn spec(&self, i: usize) -> Option<&'d LayerSpec> {
        self.spec_of[i].map(|s| &self.profile.layers[s])
    }

    /// The draft layer that is the profile's layer `code`.
    pub fn bound(&self, code: &str) -> Option<usize> {
        let s = self
            .profile
            .layers
            .iter()
            .position(|l| l.code.eq_ignore_ascii_case(code))?;
        self.spec_of.iter().position(|x| *x == Some(s))
    }

    /// For layer `i`, the position in the layer of each field of its spec (`None`: missing),
    /// in the spec's order; empty for a layer without spec.
    pub fn spec_fields(&self, i: usize) -> &[Option<usize>] {
        &self.spec_fields[i]
    }

    /// The position in layer `i` of the field the profile calls `name` (through its aliases),
    /// or of a field of that very name when the profile does not list it.
    pub fn field(&self, i: usize, name: &str) -> Option<usize> {
        if let Some(spec) = self.spec(i) {
            if let Some(k) = spec.fields.iter().position(|f| f.answers_to(name)) {
                return self.spec_fields[i][k];
            }
        }
        self.layer(i).field_index(name)
    }

    /// The value of field `name` (a profile name) of feature `k` of layer `i`, for
    /// expressions: empty when null, blank or missing.
    pub fn value(&self, i: usize, k: usize, name: &str) -> Val {
        match self.field(i, name) {
            Some(fi) => expr_value(self.layer(i).features[k].attributes.get(fi)),
            None => Val::Empty,
        }
    }

    /// Position of the land-survey layer (DLTB) under check, if the draft has one.
    pub fn survey(&self) -> Option<usize> {
        self.position(LayerKind::LandUseSurvey)
    }

    /// The union of the usable features of layer `i` (repaired where the overlay repaired
    /// them), in the working CRS.
    ///
    /// # Errors
    /// As [`Context::prepared`]; a union the geometry code fails on is an `Err` inside.
    pub fn union(&self, i: usize) -> Result<&std::result::Result<MultiPolygon<f64>, String>> {
        let prepared = self.prepared(i)?;
        Ok(self.unions[i].get_or_init(|| {
            let polys: Vec<&MultiPolygon<f64>> = prepared
                .features()
                .iter()
                .filter(|f| f.unusable().is_none())
                .map(|f| f.geometry())
                .collect();
            sanxian_overlay::boolean::union_all(polys)
        }))
    }

    /// The land-survey classes (DLBM) beneath each geometry, largest first, when the draft has
    /// a DLTB layer: `geoms[n]` ∩ each survey patch, measured on the ellipsoid and summed per
    /// class.
    ///
    /// # Errors
    /// As [`Context::prepared`].
    pub fn beneath(&self, geoms: &[MultiPolygon<f64>]) -> Result<Vec<Vec<ClassArea>>> {
        let Some(s) = self.survey() else {
            return Ok(vec![Vec::new(); geoms.len()]);
        };
        let survey = self.prepared(s)?;
        let probe = Layer::from_geometries(
            "beneath",
            LayerKind::Other,
            Some(self.draft.working_crs),
            geoms.iter().cloned(),
        );
        let probe_prepared = PreparedLayer::new(&probe, &self.opts)?;
        let report = refine(
            &probe_prepared,
            survey,
            &candidate_join(&probe_prepared, survey),
            &self.opts,
        );
        let dlbm = self.field(s, "DLBM");
        let dict = self.profile.dictionaries.get("DLBM");
        let areas: Vec<Measured> = report
            .conflicts
            .par_iter()
            .map(|c| self.ellipsoid_m2(&c.overlap))
            .collect();
        let mut per: Vec<BTreeMap<String, f64>> = vec![BTreeMap::new(); geoms.len()];
        for (c, a) in report.conflicts.iter().zip(areas) {
            let Ok(m2) = a else { continue };
            let code = text_at(&self.layer(s).features[c.index_b], dlbm);
            *per[c.index_a].entry(code).or_default() += m2;
        }
        Ok(per
            .into_iter()
            .map(|m| {
                let mut v: Vec<ClassArea> = m
                    .into_iter()
                    .map(|(dlbm, ellipsoid_m2)| ClassArea {
                        dlmc: dict
                            .and_then(|d| d.lookup(&dlbm))
                            .map(|x| x.1.to_string())
                            .unwrap_or_default(),
                        dlbm,
                        ellipsoid_m2,
                    })
                    .collect();
                v.sort_by(|a, b| {
                    b.ellipsoid_m2
                        .total_cmp(&a.ellipsoid_m2)
                        .then_with(|| a.dlbm.cmp(&b.dlbm))
                });
                v
            })
            .collect())
    }

    /// The draft.
    pub fn draft(&self) -> &'d Draft {
        self.draft
    }

    /// The settings of the check.
    pub fn settings(&self) -> &'d RuleSettings {
        self.settings
    }

    /// The layer at position `i` of the draft.
    pub fn layer(&self, i: usize) -> &'d Layer {
        &self.draft.layers[i]
    }

    /// The code a layer is reported under: its profile code (`STBHHX` …), else its own.
    pub fn code(&self, i: usize) -> String {
        match self.spec(i) {
            Some(s) => s.code.clone(),
            None => self.layer(i).code(),
        }
    }

    /// Positions of the layers under check (the control lines and the administrative areas),
    /// in draft order.
    pub fn checked(&self) -> &[usize] {
        &self.checked
    }

    /// Position of the control-line layer of `kind`, if the draft has one.
    pub fn position(&self, kind: LayerKind) -> Option<usize> {
        self.checked
            .iter()
            .copied()
            .find(|&i| self.layer(i).kind == kind)
    }

    /// Position of the administrative-area layer (XZQ), if the draft has one.
    pub fn admin(&self) -> Option<usize> {
        self.admin
    }

    /// The ellipsoid area calculator of the working CRS.
    pub fn calculator(&self) -> &AreaCalculator {
        &self.calc
    }

    /// Official ellipsoid area of a geometry in the working CRS.
    pub fn ellipsoid_m2(&self, g: &MultiPolygon<f64>) -> Measured {
        self.calc.multipolygon_area_m2(g).map_err(|e| e.to_string())
    }

    /// Layer `i` prepared for the overlay: every feature validated once (and repaired where
    /// the overlay needs it), large features indexed.
    ///
    /// # Errors
    /// The layer is not in a projected CRS or is too large for the index.
    pub fn prepared(&self, i: usize) -> Result<&PreparedLayer<'d>> {
        let layer = self.layer(i);
        self.prepared[i]
            .get_or_init(|| PreparedLayer::new(layer, &self.opts).map_err(ComputeError::Overlay))
            .as_ref()
            .map_err(|e| Error::from(e.clone()))
    }

    /// The overlaps of layers `i` and `j` (`i == j`: within the layer), each conflict measured
    /// on the ellipsoid. Both must be layers under check.
    ///
    /// # Errors
    /// As [`Context::prepared`].
    pub fn overlaps(&self, i: usize, j: usize) -> Result<&PairOverlaps<'d>> {
        let key = (i.min(j), i.max(j));
        let cell = self.pairs.get(&key).ok_or_else(|| {
            Error::Draft(format!(
                "layers {} and {} are not both under check",
                self.code(i),
                self.code(j)
            ))
        })?;
        let a = self.prepared(key.0)?;
        let b = self.prepared(key.1)?;
        cell.get_or_init(|| {
            let report = if key.0 == key.1 {
                refine(a, a, &candidate_join_within(a), &self.opts)
            } else {
                refine(a, b, &candidate_join(a, b), &self.opts)
            };
            // A piece that is a whole feature (a patch inside its county) has that feature's
            // area, measured once already.
            let (areas_a, areas_b) = (self.feature_areas(key.0), self.feature_areas(key.1));
            let ellipsoid_m2 = report
                .conflicts
                .par_iter()
                .map(|c| {
                    if c.overlap == *a.features()[c.index_a].geometry() {
                        areas_a[c.index_a].clone()
                    } else if c.overlap == *b.features()[c.index_b].geometry() {
                        areas_b[c.index_b].clone()
                    } else {
                        self.ellipsoid_m2(&c.overlap)
                    }
                })
                .collect();
            Ok(PairOverlaps {
                report,
                ellipsoid_m2,
            })
        })
        .as_ref()
        .map_err(|e| Error::from(e.clone()))
    }

    /// Official ellipsoid area of every feature of layer `i`, in feature order. A feature the
    /// overlay repaired is measured on its repaired geometry (the area of a self-crossing ring
    /// means nothing); one it could not use has the reason instead of an area.
    pub fn feature_areas(&self, i: usize) -> &[Measured] {
        self.areas[i].get_or_init(|| {
            let layer = self.layer(i);
            let prepared = self.prepared(i).ok();
            (0..layer.features.len())
                .into_par_iter()
                .map(|k| match prepared.map(|p| &p.features()[k]) {
                    Some(pf) => match pf.unusable() {
                        Some(why) => Err(why.to_string()),
                        None => self.ellipsoid_m2(pf.geometry()),
                    },
                    None => self.ellipsoid_m2(&layer.features[k].geometry),
                })
                .collect()
        })
    }

    /// The pieces of each feature of control line `i` in each county (XZQ feature), when the
    /// draft has an administrative-area layer.
    ///
    /// # Errors
    /// As [`Context::overlaps`].
    pub fn county_pieces(&self, i: usize) -> Result<Option<&CountyPieces>> {
        let Some(admin) = self.admin else {
            return Ok(None);
        };
        if i == admin {
            return Ok(None);
        }
        let pair = self.overlaps(i, admin)?;
        let n = self.layer(i).features.len();
        self.counties[i]
            .get_or_init(|| Ok(CountyPieces::from_overlaps(pair, i < admin, n)))
            .as_ref()
            .map(Some)
            .map_err(|e| Error::from(e.clone()))
    }

    /// The geometry of a piece of layer `i` in a county (working CRS).
    ///
    /// # Errors
    /// As [`Context::county_pieces`]; a piece that is not one of layer `i`'s.
    pub fn county_piece_geometry(
        &self,
        i: usize,
        piece: &CountyPiece,
    ) -> Result<&MultiPolygon<f64>> {
        let admin = self
            .admin
            .ok_or_else(|| Error::Draft("no administrative layer".into()))?;
        self.overlaps(i, admin)?
            .report
            .conflicts
            .get(piece.conflict)
            .map(|c| &c.overlap)
            .ok_or_else(|| {
                Error::Draft(format!(
                    "no county piece {} in {}",
                    piece.conflict,
                    self.code(i)
                ))
            })
    }

    /// Computes now what rules over layer `i` read per feature (the prepared layer, its
    /// ellipsoid areas, its pieces in the counties), so that a rule's parallel loop over
    /// features only reads finished values: a lazy computation started inside a parallel loop
    /// could wait on itself.
    ///
    /// # Errors
    /// As [`Context::county_pieces`].
    pub fn warm(&self, i: usize) -> Result<()> {
        self.prepared(i)?;
        self.feature_areas(i);
        self.admin_codes();
        self.county_pieces(i)?;
        self.duplicates(i)?;
        Ok(())
    }

    /// Runs `find` on every feature of layer `i` in parallel after [`Context::warm`], each call
    /// giving any number of findings, and returns them in feature order.
    ///
    /// # Errors
    /// The first error `find` returns, or those of [`Context::warm`].
    pub fn each_feature_all<F>(&self, i: usize, find: F) -> Result<Vec<Finding>>
    where
        F: Fn(usize, &Feature) -> Result<Vec<Finding>> + Sync,
    {
        self.warm(i)?;
        // Only what is found is collected (in feature order): a slot per feature would write
        // a Finding's size for each of them.
        let found: Vec<Result<Vec<Finding>>> = self
            .layer(i)
            .features
            .par_iter()
            .enumerate()
            .map(|(k, f)| find(k, f))
            .filter(|r| r.as_ref().map_or(true, |v| !v.is_empty()))
            .collect();
        let mut out = Vec::new();
        for f in found {
            out.extend(f?);
        }
        Ok(out)
    }

    /// Runs `find` on every feature of layer `i` (its position and its prepared form: the
    /// geometry the overlay uses, its validity), in parallel after [`Context::warm`], and
    /// returns what it finds in feature order: the loop of every per-feature rule.
    ///
    /// # Errors
    /// The first error `find` returns, or those of [`Context::warm`].
    pub fn each_feature<F>(&self, i: usize, find: F) -> Result<Vec<Finding>>
    where
        F: Fn(usize, &PreparedFeature<'d>) -> Result<Option<Finding>> + Sync,
    {
        self.warm(i)?;
        let found: Vec<Result<Option<Finding>>> = self
            .prepared(i)?
            .features()
            .par_iter()
            .enumerate()
            .map(|(k, pf)| find(k, pf))
            .filter(|r| r.as_ref().map_or(true, Option::is_some))
            .collect();
        let mut out = Vec::new();
        for f in found {
            out.extend(f?);
        }
        Ok(out)
    }

    /// The features of layer `i` with bit-identical geometry, in groups.
    ///
    /// # Errors
    /// None today; fallible like the other shared computations.
    pub fn duplicates(&self, i: usize) -> Result<&IdenticalGroups> {
        Ok(self.duplicates[i]
            .get_or_init(|| crate::rules::duplicates::identical_groups(self.layer(i))))
    }

    /// (XZQDM, XZQMC) of every administrative-area feature, in feature order (empty without an
    /// XZQ layer).
    pub fn admin_codes(&self) -> &[(String, String)] {
        self.admin_codes.get_or_init(|| {
            let Some(a) = self.admin else {
                return Vec::new();
            };
            let l = self.layer(a);
            let (dm, mc) = (l.field_index("XZQDM"), l.field_index("XZQMC"));
            l.features
                .iter()
                .map(|f| (text_at(f, dm), text_at(f, mc)))
                .collect()
        })
    }

    /// The county (XZQDM) a feature of layer `i` is attributed to: the county holding its
    /// largest piece, or for an XZQ feature its own code.
    ///
    /// # Errors
    /// As [`Context::county_pieces`].
    pub fn county_of(&self, i: usize, feature: usize) -> Result<Option<String>> {
        if Some(i) == self.admin {
            return Ok(self.admin_codes().get(feature).map(|c| c.0.clone()));
        }
        if !self.checked.contains(&i) {
            return Ok(None);
        }
        Ok(self
            .county_pieces(i)?
            .and_then(|p| p.largest(feature))
            .and_then(|k| self.admin_codes().get(k))
            .map(|c| c.0.clone()))
    }

    /// A finding of `rule` about feature `feature` of layer `i`, its county filled in and its
    /// severity from the rule's settings.
    ///
    /// # Errors
    /// As [`Context::county_of`].
    pub fn finding(
        &self,
        rule: RuleId,
        cfg: &RuleConfig,
        i: usize,
        feature: usize,
        message: String,
    ) -> Result<Finding> {
        let f = &self.layer(i).features[feature];
        let mut x = Finding::new(
            rule,
            cfg.severity,
            vec![self.code(i)],
            vec![f.id.clone()],
            message,
        );
        x.xzqdm = self.county_of(i, feature)?;
        Ok(x)
    }
}

/// An attribute as an expression value: null and blank text are empty, text is trimmed.
pub fn expr_value(v: Option<&Value>) -> Val {
    match v {
        None | Some(Value::Null) => Val::Empty,
        Some(Value::Text(t)) | Some(Value::Date(t)) => {
            let t = crate::trimmed(t);
            if t.is_empty() {
                Val::Empty
            } else {
                Val::Text(t.to_string())
            }
        }
        Some(Value::Integer(i)) => Val::Num(*i as f64),
        Some(Value::Real(x)) => Val::Num(*x),
        Some(Value::Boolean(b)) => Val::Bool(*b),
    }
}

/// The text of attribute `i` of a feature, trimmed; empty when missing.
pub fn text_at(f: &Feature, i: Option<usize>) -> String {
    i.and_then(|i| f.attributes.get(i))
        .map(|v| v.to_string().trim().to_string())
        .unwrap_or_default()
}
