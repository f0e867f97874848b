//! Topology of layers that must tile (XZQ, DLTB): gaps between their features, and holes in
//! layers whose features must have none.
//!
//! A gap is a hole of the layer's union: a piece of ground inside the layer's outline that no
//! feature covers. Its width is the diameter of the largest circle inside it (as JTS's
//! CoverageGapFinder and geopandas' `is_valid_coverage(gap_width=…)` measure it): gaps no
//! wider than the profile's topology tolerance are closed by that tolerance and not reported;
//! `max_width_m` keeps only the narrow ones (digitising errors), `min_area_m2` drops the tiny.

use geo::{BoundingRect, Distance, Euclidean, Intersects};
use sanxian_overlay::boolean;
use sanxian_rules::{Finding, FindingSeverity, RuleConfig, RuleId, RuleMeta, Stage};
use sanxian_types::geo_types::{Coord, LineString, MultiPolygon, Polygon, Rect};
use sanxian_types::planar;
use serde::{Deserialize, Serialize};

use crate::{Context, Findings, Result, Rule};

/// `gap`.
pub const GAP: RuleId = RuleId(&RuleMeta {
    id: "gap",
    code: 6301,
    title_zh: "图层内缝隙",
    title_en: "gap in a layer that must tile",
    resolution:
        "Close the gap: snap the neighbouring boundaries together, or extend one feature over it.",
    severity: FindingSeverity::Error,
    stage: Stage::Topology,
});

/// `hole-forbidden`.
pub const HOLE_FORBIDDEN: RuleId = RuleId(&RuleMeta {
    id: "hole-forbidden",
    code: 6302,
    title_zh: "不允许的内环",
    title_en: "hole where none is allowed",
    resolution: "Fill the hole, or make what lies in it a feature of its own.",
    severity: FindingSeverity::Error,
    stage: Stage::Topology,
});

/// Parameters of `gap`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct GapParams {
    /// Gaps smaller than this are not reported, m².
    pub min_area_m2: f64,
    /// Only gaps at most this wide are reported, m (0: every gap wider than the topology
    /// tolerance).
    pub max_width_m: f64,
    /// Code or name of a layer of the draft whose polygons mark where gaps are allowed
    /// (empty: none).
    pub allowed_layer: String,
}

impl Default for GapParams {
    fn default() -> Self {
        GapParams {
            min_area_m2: 0.0,
            max_width_m: 0.0,
            allowed_layer: String::new(),
        }
    }
}

/// A gap of a layer, measured.
#[derive(Debug, Clone)]
pub struct Gap {
    /// The gap itself.
    pub geometry: MultiPolygon<f64>,
    /// Its planar area, m².
    pub planar_m2: f64,
    /// Its width: twice the radius of the largest circle inside it, m.
    pub width_m: f64,
    /// The centre of that circle (a point inside the gap).
    pub centre: Coord<f64>,
}

/// Distance from a point to the nearest ring of a polygon.
fn to_boundary(p: Coord<f64>, poly: &Polygon<f64>) -> f64 {
    std::iter::once(poly.exterior())
        .chain(poly.interiors())
        .map(|r| Euclidean.distance(&geo::Point(p), r))
        .fold(f64::INFINITY, f64::min)
}

/// The width and centre of a polygon's largest inscribed circle (to 1 % of its width, and
/// never coarser than 1 mm).
pub fn inscribed(poly: &Polygon<f64>) -> (f64, Coord<f64>) {
    let area = planar::polygon_area(poly).abs();
    let perimeter = planar::perimeter(&MultiPolygon(vec![poly.clone()]));
    // 2A/P is the width of a long thin polygon and half that of a disc: a scale for the
    // search precision that never exceeds the answer.
    let scale = if perimeter > 0.0 {
        area / perimeter
    } else {
        0.0
    };
    let tolerance = (scale * 0.01).max(1e-3);
    let centre = polylabel::polylabel(poly, &tolerance)
        .map(|p| p.0)
        .unwrap_or_else(|_| poly.exterior().0.first().copied().unwrap_or_default());
    (2.0 * to_boundary(centre, poly), centre)
}

/// The gaps of a union: each hole of each of its polygons, minus the union's polygons that lie
/// in the hole (islands).
pub fn gaps_of(union: &MultiPolygon<f64>) -> std::result::Result<Vec<Gap>, String> {
    let boxes: Vec<Option<Rect<f64>>> = union.0.iter().map(|p| p.bounding_rect()).collect();
    let mut out = Vec::new();
    for (pi, p) in union.0.iter().enumerate() {
        for hole in p.interiors() {
            let hp = Polygon::new(LineString(hole.0.clone()), vec![]);
            let Some(hb) = hp.bounding_rect() else {
                continue;
            };
            let islands: Vec<Polygon<f64>> = union
                .0
                .iter()
                .enumerate()
                .filter(|(qi, _)| *qi != pi)
                .filter(|(qi, _)| boxes[*qi].is_some_and(|b| b.intersects(&hb)))
                .map(|(_, q)| q.clone())
                .collect();
            let g = if islands.is_empty() {
                MultiPolygon(vec![hp])
            } else {
                boolean::difference(&MultiPolygon(vec![hp]), &MultiPolygon(islands))?
            };
            for part in g.0 {
                let planar_m2 = planar::polygon_area(&part).abs();
                if planar_m2 <= 0.0 {
                    continue;
                }
                let (width_m, centre) = inscribed(&part);
                out.push(Gap {
                    geometry: MultiPolygon(vec![part]),
                    planar_m2,
                    width_m,
                    centre,
                });
            }
        }
    }
    Ok(out)
}

/// The gap with its vertices moved back onto the neighbours' ([`boolean::snap_to_vertices`]),
/// measured again.
fn snap_back(g: &mut Gap, near: &[Coord<f64>], tol: f64) {
    g.geometry = boolean::snap_to_vertices(
        std::mem::replace(&mut g.geometry, MultiPolygon(Vec::new())),
        near,
        tol,
    );
    g.planar_m2 = planar::multipolygon_area(&g.geometry);
    if let Some(p) = g.geometry.0.first() {
        let (w, c) = inscribed(p);
        g.width_m = w;
        g.centre = c;
    }
}

/// Holes of the union of each layer the profile says must tile.
pub struct GapRule;

impl Rule for GapRule {
    fn meta(&self) -> &'static RuleMeta {
        GAP.0
    }

    crate::typed_params!(GapParams);

    fn run(&self, cx: &Context<'_>, cfg: &RuleConfig, out: &mut Findings) -> Result<()> {
        let p: GapParams = cfg.params().map_err(crate::Error::Rules)?;
        let min_width = cx.profile().tolerances.topology_m;
        let allowed = if p.allowed_layer.trim().is_empty() {
            None
        } else {
            let want = p.allowed_layer.trim();
            let k = (0..cx.draft().layers.len()).find(|&k| {
                let l = cx.layer(k);
                cx.code(k).eq_ignore_ascii_case(want) || l.name.eq_ignore_ascii_case(want)
            });
            match k {
                Some(k) => Some(
                    boolean::union_all(cx.layer(k).features.iter().map(|f| &f.geometry)).map_err(
                        |e| crate::Error::Draft(format!("the allowed-gaps layer {want}: {e}")),
                    )?,
                ),
                None => {
                    return Err(crate::Error::Rules(format!(
                        "[gap] allowed_layer = '{want}', but the draft has no such layer"
                    )))
                }
            }
        };
        for &i in cx.checked() {
            if !cx.spec(i).is_some_and(|s| s.tiles) {
                continue;
            }
            let code = cx.code(i);
            let union = match cx.union(i)? {
                Ok(u) => u,
                Err(why) => {
                    out.push(Finding::new(
                        self.id(),
                        cfg.severity,
                        vec![code.clone()],
                        Vec::new(),
                        format!("the union of {code} could not be computed, so its gaps are not known: {why}"),
                    ));
                    continue;
                }
            };
            let gaps = gaps_of(union).map_err(crate::Error::Draft)?;
            let prepared = cx.prepared(i)?;
            // The grid of the union: about 2⁻³¹ of the layer's extent, with a margin.
            let tol = cx.layer(i).extent().map_or(1e-6, |e| {
                (e.width().max(e.height()) / 2f64.powi(26)).max(1e-7)
            });
            for mut g in gaps {
                // The features around the gap, so that it can be found and excepted by them.
                let near: Vec<usize> = match g.geometry.bounding_rect() {
                    Some(b) => prepared
                        .features()
                        .iter()
                        .enumerate()
                        .filter(|(_, f)| f.unusable().is_none())
                        .filter(|(_, f)| {
                            f.geometry().bounding_rect().is_some_and(|fb| {
                                fb.min().x <= b.max().x + 0.01
                                    && fb.max().x >= b.min().x - 0.01
                                    && fb.min().y <= b.max().y + 0.01
                                    && fb.max().y >= b.min().y - 0.01
                            })
                        })
                        .filter(|(_, f)| {
                            g.geometry.0.iter().any(|gp| {
                                f.geometry()
                                    .0
                                    .iter()
                                    .any(|fp| Euclidean.distance(gp, fp) <= 0.01)
                            })
                        })
                        .map(|(k, _)| k)
                        .collect(),
                    None => Vec::new(),
                };
                if let Some(b) = g.geometry.bounding_rect() {
                    let vertices: Vec<Coord<f64>> = near
                        .iter()
                        .flat_map(|&k| prepared.features()[k].geometry().0.iter())
                        .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()))
                        .flat_map(|r| r.0.iter().copied())
                        .filter(|c| {
                            c.x >= b.min().x - tol
                                && c.x <= b.max().x + tol
                                && c.y >= b.min().y - tol
                                && c.y <= b.max().y + tol
                        })
                        .collect();
                    snap_back(&mut g, &vertices, tol);
                }
                if let Some(a) = &allowed {
                    if g.geometry
                        .bounding_rect()
                        .is_some_and(|b| a.bounding_rect().is_some_and(|ab| ab.intersects(&b)))
                    {
                        let rest =
                            boolean::difference(&g.geometry, a).map_err(crate::Error::Draft)?;
                        let planar_m2 = planar::multipolygon_area(&rest);
                        if planar_m2 <= 1e-6 {
                            continue;
                        }
                        g.planar_m2 = planar_m2;
                        g.geometry = rest;
                    }
                }
                if g.width_m <= min_width
                    || g.planar_m2 < p.min_area_m2
                    || (p.max_width_m > 0.0 && g.width_m > p.max_width_m)
                {
                    continue;
                }
                let near: Vec<usize> = near.into_iter().take(8).collect();
                let layer = cx.layer(i);
                let ids: Vec<_> = near.iter().map(|&k| layer.features[k].id.clone()).collect();
                let around = if ids.is_empty() {
                    String::new()
                } else {
                    format!(
                        " between {}",
                        ids.iter()
                            .map(|x| x.to_string())
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                };
                let mut x = Finding::new(
                    self.id(),
                    cfg.severity,
                    vec![code.clone()],
                    ids,
                    format!(
                        "gap of {:.4} m² (planar), {:.3} m wide, in {code}{around}",
                        g.planar_m2, g.width_m
                    ),
                );
                x.location = Some([g.centre.x, g.centre.y]);
                x.planar_m2 = Some(g.planar_m2);
                x.geometry = Some(g.geometry);
                out.push(x);
            }
        }
        Ok(())
    }
}

/// Holes in the features of layers whose features must have none.
pub struct HoleForbidden;

impl Rule for HoleForbidden {
    fn meta(&self) -> &'static RuleMeta {
        HOLE_FORBIDDEN.0
    }

    fn run(&self, cx: &Context<'_>, cfg: &RuleConfig, out: &mut Findings) -> Result<()> {
        for &i in cx.checked() {
            if cx.spec(i).is_none_or(|s| s.holes) {
                continue;
            }
            out.extend(cx.each_feature_all(i, |k, f| {
                let holes: Vec<Polygon<f64>> = f
                    .geometry
                    .0
                    .iter()
                    .flat_map(|p| p.interiors())
                    .map(|r| Polygon::new(r.clone(), vec![]))
                    .collect();
                if holes.is_empty() {
                    return Ok(Vec::new());
                }
                let g = MultiPolygon(holes);
                let planar_m2 = planar::multipolygon_area(&g);
                let mut x = cx.finding(
                    self.id(),
                    cfg,
                    i,
                    k,
                    format!(
                        "{} hole(s) of {planar_m2:.2} m² (planar) where the standard allows none",
                        g.0.len()
                    ),
                )?;
                x.location = super::first_vertex(&g);
                x.planar_m2 = Some(planar_m2);
                x.geometry = Some(g);
                Ok(vec![x])
            })?);
        }
        Ok(())
    }
}
