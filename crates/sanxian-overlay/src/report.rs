//! What an overlap job reports: conflicts with their geometry, per-pair summaries, repairs, and
//! pairs that could not be computed.

use geo::MultiPolygon;
use sanxian_types::FeatureId;
use serde::ser::{SerializeSeq, SerializeStruct};
use serde::{Serialize, Serializer};

use crate::RefineStats;

/// One overlap between two features: where two planning layers (or one layer with itself)
/// claim the same ground.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Conflict<'a> {
    /// Name of the first layer.
    pub layer_a: &'a str,
    /// Position of the feature in the first layer's feature list (`layer.features[index_a]`).
    pub index_a: usize,
    /// The feature of the first layer (source file, record number, BSM).
    pub feature_a: &'a FeatureId,
    /// Name of the second layer (the same as `layer_a` within one layer).
    pub layer_b: &'a str,
    /// Position of the feature in the second layer's feature list.
    pub index_b: usize,
    /// The feature of the second layer.
    pub feature_b: &'a FeatureId,
    /// The overlap, in the working CRS, serialised as a GeoJSON geometry object.
    #[serde(serialize_with = "serialize_geojson")]
    pub overlap: MultiPolygon<f64>,
    /// Planar area of the overlap in m² ([`sanxian_types::planar`]; the working CRS is
    /// projected; the official ellipsoid area is the area crate's business).
    pub planar_m2: f64,
}

/// A feature whose geometry was invalid and was repaired before the overlay.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Repair<'a> {
    /// The layer.
    pub layer: &'a str,
    /// Position of the feature in the layer.
    pub index: usize,
    /// The feature.
    pub feature: &'a FeatureId,
    /// The first defect found, with its location in the working CRS.
    pub problem: String,
    /// How it was repaired ([`crate::repair`] documents the method).
    pub method: &'static str,
    /// Number of parts after repair.
    pub parts_after: usize,
    /// Planar area after repair, m².
    pub planar_after_m2: f64,
}

/// A candidate pair whose overlap could not be computed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NotComputable<'a> {
    /// Position of the feature in the first layer.
    pub index_a: usize,
    /// The feature of the first layer.
    pub feature_a: &'a FeatureId,
    /// Position of the feature in the second layer.
    pub index_b: usize,
    /// The feature of the second layer.
    pub feature_b: &'a FeatureId,
    /// Why, naming the feature at fault.
    pub reason: String,
}

/// Count and total area of the conflicts of one layer pair.
///
/// Serialises as `{"layers": [A, B], "pairs": N, "planar_m2": X, ...}`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PairSummary {
    /// The two layer names (the same name twice within one layer).
    pub layers: [String; 2],
    /// Number of conflicts (feature pairs overlapping by at least the tolerance).
    pub pairs: usize,
    /// Their total planar overlap area in the working CRS, m² (summed in the order of the
    /// conflicts).
    pub planar_m2: f64,
    /// Feature pairs whose boxes met (the candidate join's output).
    pub candidates: usize,
    /// Feature pairs that overlap by more than 0 but less than the area tolerance.
    pub below_tolerance: usize,
    /// The area tolerance used, m².
    pub area_tolerance_m2: f64,
    /// Number of features repaired (listed in [`OverlapReport::repaired`]).
    pub repaired: usize,
    /// Number of candidate pairs not computed (listed in [`OverlapReport::not_computable`]).
    pub not_computable: usize,
}

/// Everything an overlap job found for one layer pair (or one layer within itself).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OverlapReport<'a> {
    /// Counts and totals.
    pub summary: PairSummary,
    /// The conflicts, sorted by first feature id, then second feature id.
    pub conflicts: Vec<Conflict<'a>>,
    /// Features repaired before the overlay, in layer order (first layer, then second).
    pub repaired: Vec<Repair<'a>>,
    /// Candidate pairs not computed, sorted like the conflicts.
    pub not_computable: Vec<NotComputable<'a>>,
    /// How the refinement decided its units (for benchmarks and explanations).
    pub stats: RefineStats,
}

/// Serialises a multipolygon as a GeoJSON `MultiPolygon` geometry object in its own coordinates
/// (for `#[serde(serialize_with = "sanxian_overlay::serialize_geojson")]`).
///
/// # Errors
/// Those of the serializer.
pub fn serialize_geojson<S: Serializer>(mp: &MultiPolygon<f64>, s: S) -> Result<S::Ok, S::Error> {
    struct Coords<'a>(&'a MultiPolygon<f64>);
    struct Ring<'a>(&'a geo::LineString<f64>);
    struct Poly<'a>(&'a geo::Polygon<f64>);
    impl Serialize for Ring<'_> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let mut seq = s.serialize_seq(Some(self.0 .0.len()))?;
            for c in &self.0 .0 {
                seq.serialize_element(&[c.x, c.y])?;
            }
            seq.end()
        }
    }
    impl Serialize for Poly<'_> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let mut seq = s.serialize_seq(Some(1 + self.0.interiors().len()))?;
            seq.serialize_element(&Ring(self.0.exterior()))?;
            for r in self.0.interiors() {
                seq.serialize_element(&Ring(r))?;
            }
            seq.end()
        }
    }
    impl Serialize for Coords<'_> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let mut seq = s.serialize_seq(Some(self.0 .0.len()))?;
            for p in &self.0 .0 {
                seq.serialize_element(&Poly(p))?;
            }
            seq.end()
        }
    }
    let mut st = s.serialize_struct("Geometry", 2)?;
    st.serialize_field("type", "MultiPolygon")?;
    st.serialize_field("coordinates", &Coords(mp))?;
    st.end()
}
