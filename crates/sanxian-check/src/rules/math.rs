//! Mathematical basis (数学基础): datum, projection and zone as the profile requires, one CRS
//! across the delivery, vertices inside their zone, coordinates no finer than the precision.

use sanxian_rules::profile::decimals_of;
use sanxian_rules::{Finding, FindingSeverity, RuleConfig, RuleId, RuleMeta, Stage};
use sanxian_types::{Crs, Datum, ZoneWidth};

use crate::{Context, Findings, Result, Rule};

/// `crs-datum`.
pub const CRS_DATUM: RuleId = RuleId(&RuleMeta {
    id: "crs-datum",
    code: 2001,
    title_zh: "坐标系统不符",
    title_en: "datum not as the standard",
    resolution:
        "Transform the layer to the standard's datum (CGCS2000) with the official parameters.",
    severity: FindingSeverity::Error,
    stage: Stage::Structure,
});

/// `crs-projection`.
pub const CRS_PROJECTION: RuleId = RuleId(&RuleMeta {
    id: "crs-projection",
    code: 2002,
    title_zh: "投影或分带不符",
    title_en: "projection or zone not as the standard",
    resolution: "Project the layer into the standard's Gauss-Krüger zone (3° zones, zone prefix as required).",
    severity: FindingSeverity::Error,
    stage: Stage::Structure,
});

/// `crs-mixed`.
pub const CRS_MIXED: RuleId = RuleId(&RuleMeta {
    id: "crs-mixed",
    code: 2003,
    title_zh: "成果坐标系不一致",
    title_en: "layers in different CRSs",
    resolution: "Deliver every layer in the same CRS.",
    severity: FindingSeverity::Warning,
    stage: Stage::Structure,
});

/// `zone-band`.
pub const ZONE_BAND: RuleId = RuleId(&RuleMeta {
    id: "zone-band",
    code: 2004,
    title_zh: "坐标超出投影带",
    title_en: "vertices outside the zone",
    resolution: "Project the layer into the zone it lies in.",
    severity: FindingSeverity::Warning,
    stage: Stage::Structure,
});

/// `coordinate-precision`.
pub const COORDINATE_PRECISION: RuleId = RuleId(&RuleMeta {
    id: "coordinate-precision",
    code: 2005,
    title_zh: "坐标精度不符",
    title_en: "coordinates finer than the precision",
    resolution: "Round the coordinates to the standard's precision (snap to the XY resolution).",
    severity: FindingSeverity::Info,
    stage: Stage::Structure,
});

fn layer_finding(cx: &Context<'_>, rule: RuleId, cfg: &RuleConfig, i: usize, m: String) -> Finding {
    Finding::new(rule, cfg.severity, vec![cx.code(i)], Vec::new(), m)
}

fn crs_name(crs: &Crs) -> String {
    match crs.epsg() {
        Some(e) => format!("EPSG:{e} {}", crs.name()),
        None => crs.name(),
    }
}

/// Layers whose datum is not the profile's.
pub struct CrsDatum;

impl Rule for CrsDatum {
    fn meta(&self) -> &'static RuleMeta {
        CRS_DATUM.0
    }

    fn run(&self, cx: &Context<'_>, cfg: &RuleConfig, out: &mut Findings) -> Result<()> {
        let Some(want) = Datum::from_name(&cx.profile().math.datum) else {
            return Ok(());
        };
        for &i in cx.checked() {
            let Some(crs) = cx.draft().basis[i].crs else {
                continue;
            };
            if crs.datum() != want {
                out.push(layer_finding(
                    cx,
                    self.id(),
                    cfg,
                    i,
                    format!(
                        "{} is on {} ({}); the standard requires {}{}",
                        cx.layer(i).path,
                        crs.datum().name(),
                        crs_name(&crs),
                        want.name(),
                        if cx.draft().working_crs.datum() == crs.datum() {
                            format!(
                                " (the areas of this check are on the {} ellipsoid)",
                                crs.datum().name()
                            )
                        } else {
                            String::new()
                        }
                    ),
                ));
            }
        }
        Ok(())
    }
}

/// Layers not in the profile's projection, zone width or zone-prefix convention.
pub struct CrsProjection;

impl Rule for CrsProjection {
    fn meta(&self) -> &'static RuleMeta {
        CRS_PROJECTION.0
    }

    fn run(&self, cx: &Context<'_>, cfg: &RuleConfig, out: &mut Findings) -> Result<()> {
        let m = &cx.profile().math;
        if m.projection == "any" {
            return Ok(());
        }
        for &i in cx.checked() {
            let Some(crs) = cx.draft().basis[i].crs else {
                continue;
            };
            let code = cx.code(i);
            let path = &cx.layer(i).path;
            let mut problems = Vec::new();
            match crs {
                Crs::Geographic { .. } => {
                    let allowed = m
                        .geographic_layers
                        .iter()
                        .any(|l| l == "*" || l.eq_ignore_ascii_case(&code));
                    if !allowed {
                        problems.push(format!(
                            "is in geographic coordinates ({}); the standard requires Gauss-Krüger coordinates",
                            crs_name(&crs)
                        ));
                    }
                }
                Crs::GaussKruger { zone, .. } => {
                    let width = zone.implied_width().or(zone.width);
                    let cm = zone.central_meridian;
                    let standard_cm = match width {
                        Some(ZoneWidth::Three) => (cm / 3.0 - (cm / 3.0).round()).abs() < 1e-9,
                        Some(ZoneWidth::Six) => {
                            ((cm + 3.0) / 6.0 - ((cm + 3.0) / 6.0).round()).abs() < 1e-9
                        }
                        None => false,
                    };
                    let want = match m.zone_width {
                        3 => Some(ZoneWidth::Three),
                        6 => Some(ZoneWidth::Six),
                        _ => None,
                    };
                    if !standard_cm || zone.scale_factor != 1.0 || zone.false_northing != 0.0 {
                        problems.push(format!(
                            "is a transverse Mercator with central meridian {cm}°, scale {} and false northing {}, not a Gauss-Krüger zone",
                            zone.scale_factor, zone.false_northing
                        ));
                    } else if want.is_some() && width != want {
                        problems.push(format!(
                            "is in a {}° zone ({}); the standard requires {}° zones",
                            if width == Some(ZoneWidth::Six) { 6 } else { 3 },
                            crs_name(&crs),
                            m.zone_width
                        ));
                    }
                    match (m.zone_prefix.as_str(), zone.prefix()) {
                        ("required", None) => problems.push(format!(
                            "has eastings without the zone number ({}); the standard requires the zone prefix",
                            crs_name(&crs)
                        )),
                        ("forbidden", Some(z)) => problems.push(format!(
                            "has eastings with the zone number {z} ({}); the standard requires them without",
                            crs_name(&crs)
                        )),
                        _ => {}
                    }
                }
            }
            for p in problems {
                out.push(layer_finding(cx, self.id(), cfg, i, format!("{path} {p}")));
            }
        }
        Ok(())
    }
}

/// A delivery whose layers are not all in one CRS.
pub struct CrsMixed;

impl Rule for CrsMixed {
    fn meta(&self) -> &'static RuleMeta {
        CRS_MIXED.0
    }

    fn run(&self, cx: &Context<'_>, cfg: &RuleConfig, out: &mut Findings) -> Result<()> {
        let mut groups: Vec<(String, Vec<String>)> = Vec::new();
        for &i in cx.checked() {
            let Some(crs) = cx.draft().basis[i].crs else {
                continue;
            };
            let name = crs_name(&crs);
            match groups.iter_mut().find(|g| g.0 == name) {
                Some(g) => g.1.push(cx.code(i)),
                None => groups.push((name, vec![cx.code(i)])),
            }
        }
        if groups.len() < 2 {
            return Ok(());
        }
        let text: Vec<String> = groups
            .iter()
            .map(|(crs, layers)| format!("{} in {crs}", layers.join(", ")))
            .collect();
        let mut layers: Vec<String> = groups.into_iter().flat_map(|g| g.1).collect();
        layers.sort();
        out.push(Finding::new(
            self.id(),
            cfg.severity,
            layers,
            Vec::new(),
            format!("the layers are in {} CRSs: {}", text.len(), text.join("; ")),
        ));
        Ok(())
    }
}

/// Layers with vertices outside the longitude band of their Gauss-Krüger zone.
pub struct ZoneBand;

impl Rule for ZoneBand {
    fn meta(&self) -> &'static RuleMeta {
        ZONE_BAND.0
    }

    fn run(&self, cx: &Context<'_>, cfg: &RuleConfig, out: &mut Findings) -> Result<()> {
        for &i in cx.checked() {
            let b = &cx.draft().basis[i];
            let (Some((w, e)), true) = (b.zone_band, b.outside_zone > 0) else {
                continue;
            };
            let mut x = layer_finding(
                cx,
                self.id(),
                cfg,
                i,
                format!(
                    "{} of {} vertices of {} lie outside the zone's band {w}°E–{e}°E",
                    b.outside_zone,
                    b.vertices,
                    cx.layer(i).path
                ),
            );
            // The location is in the working CRS; give it when the layer was delivered in it.
            if b.crs == Some(cx.draft().working_crs) {
                x.location = b.first_outside;
            }
            out.push(x);
        }
        Ok(())
    }
}

/// Layers with coordinates finer than the profile's precision, once per layer with a count.
pub struct CoordinatePrecision;

impl Rule for CoordinatePrecision {
    fn meta(&self) -> &'static RuleMeta {
        COORDINATE_PRECISION.0
    }

    fn run(&self, cx: &Context<'_>, cfg: &RuleConfig, out: &mut Findings) -> Result<()> {
        let m = &cx.profile().math;
        for &i in cx.checked() {
            let b = &cx.draft().basis[i];
            let Some(crs) = b.crs else { continue };
            let (p, unit) = if crs.is_projected() {
                (m.precision_m, "m")
            } else {
                (m.precision_deg, "°")
            };
            let Some(d) = decimals_of(p) else { continue };
            let n = b.finer_than[(d as usize).min(b.finer_than.len() - 1)];
            if n == 0 {
                continue;
            }
            out.push(layer_finding(
                cx,
                self.id(),
                cfg,
                i,
                format!(
                    "{n} of {} vertices of {} have coordinates finer than {p} {unit} (more than {d} decimals)",
                    b.vertices,
                    cx.layer(i).path
                ),
            ));
        }
        Ok(())
    }
}
