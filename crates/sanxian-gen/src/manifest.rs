//! `manifest.json`: what was generated and which errors were planted where.

use serde::Serialize;

/// Everything a test or benchmark needs to know about a generated county.
#[derive(Debug, Clone, Serialize)]
pub struct Manifest {
    /// `sanxian-gen` and its version.
    pub generator: String,
    /// Seed of the generator.
    pub seed: u64,
    /// Scale (1 ≈ 10⁵ farmland patches).
    pub scale: f64,
    /// Whether errors were planted (`false` with `--clean`).
    pub plant_errors: bool,
    /// How the farmland meets the lines; said only when `realistic`.
    #[serde(skip_serializing_if = "is_apart")]
    pub conflicts: crate::Conflicts,
    /// CRS of every layer, `EPSG:4527` (CGCS2000 3° Gauss-Krüger zone 39, zone-prefixed eastings).
    pub crs: String,
    /// How `MJ` and `DCMJ` were computed.
    pub area_method: String,
    /// Per layer: file, counts.
    pub layers: Vec<LayerSummary>,
    /// The counties of the administrative layer.
    pub counties: Vec<CountySummary>,
    /// The planted errors, in a fixed order.
    pub planted_errors: Vec<PlantedError>,
}

/// Counts of one layer.
#[derive(Debug, Clone, Serialize)]
pub struct LayerSummary {
    /// Layer code, e.g. `YJJBNTBHTB`.
    pub code: String,
    /// Chinese name.
    pub name_zh: String,
    /// Shapefile name (the GeoJSON file has the same stem and the same record order).
    pub file: String,
    /// Number of features (records).
    pub features: usize,
    /// Number of polygons (parts) over all features.
    pub polygons: usize,
    /// Number of rings with holes counted, over all features.
    pub rings: usize,
    /// Number of vertices, closing points included.
    pub vertices: usize,
    /// Sum of the area field (`MJ` or `DCMJ`), m².
    pub area_field_sum_m2: f64,
}

/// One county.
#[derive(Debug, Clone, Serialize)]
pub struct CountySummary {
    /// 6-digit county code (fictional: province 34, prefecture 99 does not exist).
    pub xzqdm: String,
    /// County name.
    pub xzqmc: String,
    /// Record number in `XZQ`.
    pub record: u64,
    /// Ellipsoid area, m².
    pub dcmj_m2: f64,
}

/// A feature named by layer, 1-based record number (the same in the shapefile and the GeoJSON
/// file) and BSM.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FeatureRef {
    /// Layer code.
    pub layer: String,
    /// Record number, counted from 1.
    pub record: u64,
    /// The feature's BSM.
    pub bsm: String,
}

/// One planted error.
#[derive(Debug, Clone, Serialize)]
pub struct PlantedError {
    /// Position in the list, from 1.
    pub id: usize,
    /// Code of the layer the error is reported in (the first feature's layer).
    pub layer: String,
    /// What is wrong, with the figures a check should find.
    #[serde(flatten)]
    pub kind: PlantedKind,
    /// The features involved; for pairs, the planted feature first.
    pub features: Vec<FeatureRef>,
    /// One line in plain words.
    pub description: String,
}

/// Kinds of planted errors and their expected facts. Areas of overlaps are planar (in the
/// EPSG:4527 plane) and rounded to 0.01 m²; the ellipsoid area differs by the Gauss-Krüger scale
/// factor, under 10⁻⁵ here.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PlantedKind {
    /// A ring crosses itself (bow-tie) at `crossing_point`.
    SelfIntersection {
        /// Where the two edges cross.
        crossing_point: [f64; 2],
        /// The vertex i (0-based, in the exterior ring as written) such that edges (i−1, i) and
        /// (i+1, i+2) cross.
        vertex_index: usize,
    },
    /// The first feature has exactly the geometry (and attributes but BSM) of the second.
    DuplicateGeometry {
        /// Their common area.
        overlap_area_m2: f64,
    },
    /// A long, very thin polygon.
    Sliver {
        /// Planar area.
        area_m2: f64,
        /// Thinness ratio 4πA/P² (1 for a circle).
        thinness: f64,
    },
    /// A polygon far below any sensible minimum patch area.
    TinyPolygon {
        /// Planar area.
        area_m2: f64,
    },
    /// Two features of the same layer overlap (and overlap nothing else).
    Overlap {
        /// Area of the overlap.
        overlap_area_m2: f64,
    },
    /// Features of two control lines overlap (and overlap nothing else).
    CrossLayerOverlap {
        /// Area of the overlap.
        overlap_area_m2: f64,
    },
    /// A feature lies partly outside every county of `XZQ`.
    OutsideAdminArea {
        /// Area outside the counties.
        outside_area_m2: f64,
        /// Area inside (all in one county).
        inside_area_m2: f64,
    },
    /// The county code field names a county other than the one the feature lies in.
    AdminCodeMismatch {
        /// Field holding the code (`XZQDM` or `XJXZQDM`).
        field: String,
        /// Code written in the feature.
        declared: String,
        /// Code of the county the feature lies in.
        actual: String,
    },
    /// `MJ` differs from the feature's ellipsoid area.
    AreaMismatch {
        /// The value written in `MJ`.
        declared_mj: f64,
        /// The ellipsoid area of the geometry, rounded to 0.01 m².
        ellipsoid_area_m2: f64,
    },
    /// A vertex is repeated consecutively in the exterior ring.
    DuplicateVertex {
        /// Index i (0-based, in the exterior ring as written) of the repeated copy: vertex i
        /// equals vertex i−1.
        vertex_index: usize,
        /// The repeated point.
        point: [f64; 2],
    },
    /// A feature with several polygons.
    Multipart {
        /// Number of polygons.
        parts: usize,
    },
    /// Two different features carry the same BSM.
    DuplicateBsm {
        /// The shared BSM.
        bsm: String,
    },
    /// A mandatory value is empty.
    MissingValue {
        /// The field.
        field: String,
    },
    /// A value outside its dictionary or list of values.
    NotInDictionary {
        /// The field.
        field: String,
        /// The value.
        value: String,
    },
    /// A name field that does not name its code.
    NameCodeMismatch {
        /// The name field.
        field: String,
        /// The name written.
        value: String,
        /// The code beside it.
        code: String,
    },
    /// A value not in its field's format.
    BadFormat {
        /// The field.
        field: String,
        /// The value.
        value: String,
    },
    /// A number outside its field's range.
    OutOfRange {
        /// The field.
        field: String,
        /// The value.
        value: f64,
    },
    /// Two features of one unit with one number.
    DuplicateNumber {
        /// The field.
        field: String,
        /// The shared value.
        value: String,
    },
    /// A field that does not equal the formula of the others.
    FormulaMismatch {
        /// The field.
        field: String,
        /// The value written.
        declared: f64,
        /// What the formula gives.
        expected: f64,
    },
    /// A feature under the fragment area.
    Fragment {
        /// Planar area.
        area_m2: f64,
    },
    /// Coordinates finer than the standard's precision (reported once per layer).
    CoordinatePrecision {
        /// Vertices concerned.
        vertices: usize,
    },
    /// A field of the standard missing from the layer.
    MissingField {
        /// The field.
        field: String,
    },
    /// A field whose declared length differs from the standard's.
    FieldLength {
        /// The field.
        field: String,
        /// Declared length.
        declared: u16,
        /// The standard's length.
        standard: u16,
    },
    /// A field the standard does not list.
    ExtraField {
        /// The field.
        field: String,
    },
    /// A field of another type than the standard's.
    FieldType {
        /// The field.
        field: String,
    },
    /// A gap in a layer that must tile.
    Gap {
        /// Planar area of the gap.
        area_m2: f64,
    },
    /// Part of an administrative area no survey patch covers.
    NotCovered {
        /// Planar area uncovered.
        area_m2: f64,
    },
    /// A conditional rule of the profile not met.
    ConditionFailed {
        /// The condition's id in the profile.
        condition: String,
        /// The field.
        field: String,
        /// Its value.
        value: String,
    },
    /// A county's control area differs from the sum of its survey areas.
    ControlMismatch {
        /// DCMJ.
        declared_m2: f64,
        /// Σ TBMJ of the county.
        sum_m2: f64,
    },
    /// Farmland lying on survey land that is not cropland.
    FarmlandNotCropland {
        /// Ellipsoid area on it.
        area_m2: f64,
        /// The survey class.
        dlbm: String,
    },
    /// Farmland whose DLBM differs from the survey's beneath.
    FarmlandClassMismatch {
        /// The farmland's DLBM.
        declared: String,
        /// The survey's DLBM.
        survey: String,
    },
}

impl PlantedKind {
    /// The snake-case name, as in the manifest.
    pub fn name(&self) -> &'static str {
        match self {
            PlantedKind::SelfIntersection { .. } => "self_intersection",
            PlantedKind::DuplicateGeometry { .. } => "duplicate_geometry",
            PlantedKind::Sliver { .. } => "sliver",
            PlantedKind::TinyPolygon { .. } => "tiny_polygon",
            PlantedKind::Overlap { .. } => "overlap",
            PlantedKind::CrossLayerOverlap { .. } => "cross_layer_overlap",
            PlantedKind::OutsideAdminArea { .. } => "outside_admin_area",
            PlantedKind::AdminCodeMismatch { .. } => "admin_code_mismatch",
            PlantedKind::AreaMismatch { .. } => "area_mismatch",
            PlantedKind::DuplicateVertex { .. } => "duplicate_vertex",
            PlantedKind::Multipart { .. } => "multipart",
            PlantedKind::DuplicateBsm { .. } => "duplicate_bsm",
            PlantedKind::MissingValue { .. } => "missing_value",
            PlantedKind::NotInDictionary { .. } => "not_in_dictionary",
            PlantedKind::NameCodeMismatch { .. } => "name_code_mismatch",
            PlantedKind::BadFormat { .. } => "bad_format",
            PlantedKind::OutOfRange { .. } => "out_of_range",
            PlantedKind::DuplicateNumber { .. } => "duplicate_number",
            PlantedKind::FormulaMismatch { .. } => "formula_mismatch",
            PlantedKind::Fragment { .. } => "fragment",
            PlantedKind::CoordinatePrecision { .. } => "coordinate_precision",
            PlantedKind::MissingField { .. } => "missing_field",
            PlantedKind::FieldLength { .. } => "field_length",
            PlantedKind::ExtraField { .. } => "extra_field",
            PlantedKind::FieldType { .. } => "field_type",
            PlantedKind::Gap { .. } => "gap",
            PlantedKind::NotCovered { .. } => "not_covered",
            PlantedKind::ConditionFailed { .. } => "condition_failed",
            PlantedKind::ControlMismatch { .. } => "control_mismatch",
            PlantedKind::FarmlandNotCropland { .. } => "farmland_not_cropland",
            PlantedKind::FarmlandClassMismatch { .. } => "farmland_class_mismatch",
        }
    }
}

fn is_apart(c: &crate::Conflicts) -> bool {
    *c == crate::Conflicts::Apart
}
