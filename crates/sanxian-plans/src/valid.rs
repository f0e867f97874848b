//! Layers made valid once, before an overlay analysis cuts them: every invalid feature is
//! repaired (the overlay's method, [`sanxian_overlay::repair`]) and reported, so that the
//! pieces, the rests and the layer's own totals all use the same repaired geometry. A feature
//! that cannot be repaired keeps its position with an empty geometry and is reported as left
//! out — never dropped silently.

use std::borrow::Cow;

use rayon::prelude::*;
use sanxian_overlay::repair::{repair_if_invalid, METHOD};
use sanxian_types::geo_types::MultiPolygon;
use sanxian_types::Layer;

/// What making a layer valid did, one line per feature.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Validated {
    /// Features repaired: `feature: defect; repaired by METHOD`.
    pub repaired: Vec<String>,
    /// Features left out (empty geometry): `feature: why`.
    pub left_out: Vec<String>,
}

impl Validated {
    /// [`valid_layer`] of `layer`, its report added to this one.
    pub fn layer<'a>(&mut self, layer: &'a Layer) -> Cow<'a, Layer> {
        let (valid, v) = valid_layer(layer);
        self.repaired.extend(v.repaired);
        self.left_out.extend(v.left_out);
        valid
    }
}

/// `layer` with its invalid features repaired (the layer itself when all are valid).
pub fn valid_layer(layer: &Layer) -> (Cow<'_, Layer>, Validated) {
    type Fix = Result<Option<(MultiPolygon<f64>, String)>, String>;
    let fixes: Vec<(usize, Fix)> = layer
        .features
        .par_iter()
        .enumerate()
        .map(|(k, f)| (k, repair_if_invalid(&f.geometry)))
        .filter(|(_, r)| !matches!(r, Ok(None)))
        .collect();
    let mut report = Validated::default();
    if fixes.is_empty() {
        return (Cow::Borrowed(layer), report);
    }
    let mut out = layer.clone();
    for (k, fix) in fixes {
        let id = &layer.features[k].id;
        match fix {
            Ok(Some((g, defect))) => {
                report
                    .repaired
                    .push(format!("{id}: {defect}; repaired ({METHOD})"));
                out.features[k].geometry = g;
            }
            Ok(None) => {}
            Err(why) => {
                report.left_out.push(format!("{id}: {why}; left out"));
                out.features[k].geometry = MultiPolygon(Vec::new());
            }
        }
    }
    (Cow::Owned(out), report)
}
