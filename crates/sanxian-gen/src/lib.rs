#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]

pub mod area;
mod blobs;
mod features;
mod grid;
mod layout;
pub mod manifest;
mod plant;
pub mod rng;
mod scene;

use std::path::Path;

use anyhow::Context;
use sanxian_io::geojson::GeoJsonCoordinates;
use sanxian_types::{Layer, LayerKind};

pub use features::{ysdm, LAND_CLASSES, URBAN_ZONES};
pub use manifest::{CountySummary, FeatureRef, LayerSummary, Manifest, PlantedError, PlantedKind};

use area::EllipsoidArea;
use features::{finish, LayerDrafts};

/// The four fictional counties: code (province 34, a prefecture 99 that does not exist) and
/// name, in the order south-west, south-east, north-west, north-east.
pub const COUNTIES: [(&str, &str); 4] = [
    ("349901", "西山县"),
    ("349902", "南湖县"),
    ("349903", "北塘县"),
    ("349904", "东阳县"),
];

/// EPSG code of every generated layer: CGCS2000 3° Gauss-Krüger zone 39, zone-prefixed.
pub const EPSG: u32 = 4527;

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CountySpec {
    /// Seed: the same seed and scale give byte-identical output on every machine.
    pub seed: u64,
    /// Size: about `scale`·10⁵ farmland patches, max(`scale`·300, 10) red-line polygons and
    /// max(`scale`·20, 3) urban polygons. Must lie in (0, 100].
    pub scale: f64,
    /// Plant the errors listed in the manifest (`false`: a clean county).
    pub plant_errors: bool,
}

/// A generated county: the four layers (all in EPSG:4527) and the manifest.
#[derive(Debug, Clone)]
pub struct County {
    /// What was asked for.
    pub spec: CountySpec,
    /// `STBHHX`, ecological protection red line.
    pub red_line: Layer,
    /// `YJJBNTBHTB`, permanent basic farmland patches.
    pub farmland: Layer,
    /// `CZKFBJ`, urban development boundary.
    pub urban_boundary: Layer,
    /// `XZQ`, the counties.
    pub admin_area: Layer,
    /// Counts and planted errors.
    pub manifest: Manifest,
}

impl County {
    /// The layers in file order: STBHHX, YJJBNTBHTB, CZKFBJ, XZQ.
    pub fn layers(&self) -> [&Layer; 4] {
        [
            &self.red_line,
            &self.farmland,
            &self.urban_boundary,
            &self.admin_area,
        ]
    }

    /// The layer of a kind, if generated.
    pub fn layer(&self, kind: LayerKind) -> Option<&Layer> {
        self.layers().into_iter().find(|l| l.kind == kind)
    }
}

/// Which files [`write()`] produces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputFormats {
    /// `*.shp` (+ `.shx`, `.dbf` in GBK, `.cpg`, `.prj`).
    Shapefile,
    /// `*.geojson` in EPSG:4527 with the legacy `crs` member.
    GeoJson,
    /// Both.
    Both,
}

/// Generates a county.
///
/// # Panics
/// If `spec.scale` is not in (0, 100].
pub fn generate(spec: &CountySpec) -> County {
    assert!(
        spec.scale.is_finite() && spec.scale > 0.0 && spec.scale <= 100.0,
        "scale must lie in (0, 100], got {}",
        spec.scale
    );
    let area = EllipsoidArea::epsg4527();
    let scene = scene::build(spec);
    let mut drafts = features::drafts(&scene, spec.seed);
    let planted = if spec.plant_errors {
        plant::plant(&scene, &mut drafts, &area, spec.seed)
    } else {
        Vec::new()
    };
    drop(scene);
    let features::Drafts {
        red,
        farmland,
        urban,
        admin,
    } = drafts;
    let done: Vec<(Layer, Vec<(u64, u32)>)> = [red, farmland, urban, admin]
        .into_iter()
        .map(|ld: LayerDrafts| finish(ld, &area))
        .collect();
    let resolve = |kind: LayerKind, key: (u64, u32)| -> FeatureRef {
        let (layer, keys) = done
            .iter()
            .find(|(l, _)| l.kind == kind)
            .expect("all four layers are generated");
        let i = keys
            .binary_search(&key)
            .expect("planted errors refer to kept features");
        let f = &layer.features[i];
        FeatureRef {
            layer: kind.code().to_string(),
            record: f.id.record,
            bsm: f.id.bsm.clone().unwrap_or_default(),
        }
    };
    let planted_errors = planted
        .into_iter()
        .enumerate()
        .map(|(i, p)| {
            let features: Vec<FeatureRef> = p
                .refs
                .iter()
                .map(|&(kind, key)| resolve(kind, key))
                .collect();
            PlantedError {
                id: i + 1,
                layer: features[0].layer.clone(),
                kind: p.kind,
                features,
                description: p.description,
            }
        })
        .collect();
    let mut layers = done.into_iter().map(|(l, _)| l);
    let (red_line, farmland, urban_boundary, admin_area) = (
        layers.next().expect("red line"),
        layers.next().expect("farmland"),
        layers.next().expect("urban"),
        layers.next().expect("admin"),
    );
    let summaries = [&red_line, &farmland, &urban_boundary, &admin_area]
        .map(summary)
        .to_vec();
    let counties = admin_area
        .features
        .iter()
        .map(|f| CountySummary {
            xzqdm: f.attributes[2].to_string(),
            xzqmc: f.attributes[3].to_string(),
            record: f.id.record,
            dcmj_m2: f.attributes[4].as_f64().unwrap_or(0.0),
        })
        .collect();
    let manifest = Manifest {
        generator: format!("sanxian-gen {}", env!("CARGO_PKG_VERSION")),
        seed: spec.seed,
        scale: spec.scale,
        plant_errors: spec.plant_errors,
        crs: format!("EPSG:{EPSG}"),
        area_method: "ellipsoid area (CGCS2000, first eccentricity, 国土调查办发〔2008〕32号 \
                      series) of the EPSG:4527 coordinates, no densification (all edges < 70 m), \
                      rounded to 0.01 m²"
            .to_string(),
        layers: summaries,
        counties,
        planted_errors,
    };
    County {
        spec: *spec,
        red_line,
        farmland,
        urban_boundary,
        admin_area,
        manifest,
    }
}

fn summary(layer: &Layer) -> LayerSummary {
    let polygons = layer.features.iter().map(|f| f.geometry.0.len()).sum();
    let rings = layer
        .features
        .iter()
        .flat_map(|f| &f.geometry.0)
        .map(|p| 1 + p.interiors().len())
        .sum();
    let area_sum: f64 = layer
        .features
        .iter()
        .filter_map(|f| f.attributes.last().and_then(|v| v.as_f64()))
        .sum();
    LayerSummary {
        code: layer.kind.code().to_string(),
        name_zh: layer.kind.name_zh().to_string(),
        file: layer.path.clone(),
        features: layer.features.len(),
        polygons,
        rings,
        vertices: layer.vertex_count(),
        area_field_sum_m2: area::round2(area_sum),
    }
}

/// Writes the layers (as `DIR/STBHHX.shp` … and/or `DIR/STBHHX.geojson` …) and
/// `DIR/manifest.json`, creating `dir` if needed.
pub fn write(county: &County, dir: &Path, formats: OutputFormats) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir)
        .with_context(|| format!("cannot create output folder {}", dir.display()))?;
    for layer in county.layers() {
        let code = layer.kind.code();
        if matches!(formats, OutputFormats::Shapefile | OutputFormats::Both) {
            let path = dir.join(format!("{code}.shp"));
            sanxian_io::shapefile::write(layer, &path, "GBK")
                .with_context(|| format!("writing {}", path.display()))?;
        }
        if matches!(formats, OutputFormats::GeoJson | OutputFormats::Both) {
            let path = dir.join(format!("{code}.geojson"));
            sanxian_io::geojson::write(layer, &path, GeoJsonCoordinates::Native)
                .with_context(|| format!("writing {}", path.display()))?;
        }
    }
    let path = dir.join("manifest.json");
    let mut json = manifest_json(&county.manifest);
    json.push('\n');
    std::fs::write(&path, json).with_context(|| format!("writing {}", path.display()))?;
    Ok(())
}

/// The manifest as pretty-printed JSON.
pub fn manifest_json(manifest: &Manifest) -> String {
    serde_json::to_string_pretty(manifest).expect("the manifest serialises")
}
