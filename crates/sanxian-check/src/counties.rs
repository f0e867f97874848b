//! Control lines cut by the administrative areas: the pieces of every feature in every county,
//! and the per-county totals of a report.

use sanxian_area::AreaFigures;
use sanxian_rules::finding::{CountySummary, LayerArea};
use sanxian_rules::{Finding, FindingSeverity};

use crate::context::{Measured, PairOverlaps};
use crate::{Context, Result};

/// One piece of a feature inside one county.
#[derive(Debug, Clone)]
pub struct CountyPiece {
    /// Position of the county in the XZQ layer.
    pub county: usize,
    /// Position of the piece among the overlaps of the line with XZQ, whose `overlap` is its
    /// geometry in the working CRS ([`Context::county_piece_geometry`]); it is not copied.
    pub conflict: usize,
    /// Its planar area, m².
    pub planar_m2: f64,
    /// Its official ellipsoid area, m².
    pub ellipsoid_m2: Measured,
}

/// For each feature of a control line (by position), its pieces in the counties: one array of
/// pieces in feature order and where each feature's run starts (a county holds 10⁵–10⁶
/// features; a list each would be as many allocations).
#[derive(Debug, Clone, Default)]
pub struct CountyPieces {
    pieces: Vec<CountyPiece>,
    /// Feature `i`'s pieces are `pieces[start[i]..start[i + 1]]`.
    start: Vec<u32>,
}

impl CountyPieces {
    /// From the overlaps of a line with the XZQ layer; `line_first` says which side of the
    /// pair the line is; `n` is its number of features.
    pub(crate) fn from_overlaps(pair: &PairOverlaps<'_>, line_first: bool, n: usize) -> Self {
        let mut keyed: Vec<(usize, CountyPiece)> = pair
            .report
            .conflicts
            .iter()
            .zip(&pair.ellipsoid_m2)
            .enumerate()
            .map(|(k, (c, e))| {
                let (feature, county) = if line_first {
                    (c.index_a, c.index_b)
                } else {
                    (c.index_b, c.index_a)
                };
                let piece = CountyPiece {
                    county,
                    conflict: k,
                    planar_m2: c.planar_m2,
                    ellipsoid_m2: e.clone(),
                };
                (feature, piece)
            })
            .collect();
        // Stable: a feature's pieces keep the order of the overlaps.
        keyed.sort_by_key(|(f, _)| *f);
        let mut start = vec![0u32; n + 1];
        for (f, _) in &keyed {
            start[f + 1] += 1;
        }
        for i in 0..n {
            start[i + 1] += start[i];
        }
        let pieces = keyed.into_iter().map(|(_, p)| p).collect();
        CountyPieces { pieces, start }
    }

    /// The pieces of feature `i`.
    pub fn of(&self, i: usize) -> &[CountyPiece] {
        match (self.start.get(i), self.start.get(i + 1)) {
            (Some(&a), Some(&b)) => &self.pieces[a as usize..b as usize],
            _ => &[],
        }
    }

    /// The county holding the largest (planar) piece of feature `i`; ties go to the county
    /// listed first.
    pub fn largest(&self, i: usize) -> Option<usize> {
        self.of(i)
            .iter()
            .max_by(|a, b| {
                a.planar_m2
                    .total_cmp(&b.planar_m2)
                    .then(b.county.cmp(&a.county))
            })
            .map(|p| p.county)
    }
}

/// Totals per county: its own area, each control line's pieces in it, and the findings
/// located in it. Sums run over features in layer order.
pub(crate) fn county_summaries(
    cx: &Context<'_>,
    findings: &[Finding],
) -> Result<Vec<CountySummary>> {
    let Some(admin) = cx.admin() else {
        return Ok(Vec::new());
    };
    let codes = cx.admin_codes();
    let own = cx.feature_areas(admin);
    let mut out: Vec<CountySummary> = codes
        .iter()
        .zip(own)
        .map(|((dm, mc), a)| CountySummary {
            xzqdm: dm.clone(),
            xzqmc: mc.clone(),
            ellipsoid: AreaFigures::from_m2(a.clone().unwrap_or(0.0)),
            layers: Vec::new(),
            errors: 0,
            warnings: 0,
        })
        .collect();
    for &i in cx.checked() {
        if i == admin || !cx.layer(i).kind.is_control_line() {
            continue;
        }
        let Some(pieces) = cx.county_pieces(i)? else {
            continue;
        };
        let mut area = vec![0.0; out.len()];
        let mut count = vec![0usize; out.len()];
        for f in 0..cx.layer(i).features.len() {
            if let Some(k) = pieces.largest(f) {
                count[k] += 1;
            }
            for p in pieces.of(f) {
                // A piece without an area is a finding of its own (area-not-computable).
                if let Ok(m2) = p.ellipsoid_m2 {
                    area[p.county] += m2;
                }
            }
        }
        for (k, c) in out.iter_mut().enumerate() {
            c.layers.push(LayerArea {
                layer: cx.code(i),
                features: count[k],
                ellipsoid: AreaFigures::from_m2(area[k]),
            });
        }
    }
    for c in &mut out {
        for f in findings
            .iter()
            .filter(|f| f.xzqdm.as_deref() == Some(c.xzqdm.as_str()))
        {
            match f.severity {
                FindingSeverity::Error => c.errors += 1,
                FindingSeverity::Warning => c.warnings += 1,
                FindingSeverity::Info => {}
            }
        }
    }
    out.sort_by(|a, b| a.xzqdm.cmp(&b.xzqdm));
    Ok(out)
}
