#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]

pub mod area;
mod blobs;
mod features;
mod grid;
mod layout;
pub mod manifest;
mod plant;
mod plant_survey;
mod realistic;
pub mod rng;
mod scene;
pub mod survey;

use std::path::Path;

use anyhow::Context;
use sanxian_io::geojson::GeoJsonCoordinates;
use sanxian_types::{Layer, LayerKind};

pub use features::{schema, unit_code, ysdm, LAND_CLASSES, URBAN_ZONES};
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
    /// Generate the land survey (DLTB) too, with its own planted errors.
    pub survey: bool,
    /// How the farmland meets the red line and the urban boundary.
    pub conflicts: Conflicts,
}

/// How the farmland meets the red line and the urban boundary.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Conflicts {
    /// Kept 40 m apart: the lines conflict only where errors are planted (tests of findings).
    #[default]
    Apart,
    /// Drawn independently, as in a draft before checking: along every red-line and urban
    /// outline the farmland's border disagrees by centimetres to metres (sliver overlaps and
    /// gaps) and in places reaches up to 20 m into the line; at scale 1 farmland × red line has
    /// on the order of 10⁴ overlapping pairs. No errors are planted in this mode.
    Realistic,
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
    /// `DLTB`, the land survey, when asked for.
    pub survey: Option<Layer>,
    /// Counts and planted errors.
    pub manifest: Manifest,
}

impl County {
    /// The layers in file order: STBHHX, YJJBNTBHTB, CZKFBJ, XZQ, then DLTB when generated.
    pub fn layers(&self) -> Vec<&Layer> {
        let mut v = vec![
            &self.red_line,
            &self.farmland,
            &self.urban_boundary,
            &self.admin_area,
        ];
        v.extend(self.survey.as_ref());
        v
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
/// If `spec.scale` is not in (0, 100], or errors are to be planted with realistic conflicts
/// (planted errors are placed where the apart mode keeps the lines clear).
pub fn generate(spec: &CountySpec) -> County {
    assert!(
        spec.scale.is_finite() && spec.scale > 0.0 && spec.scale <= 100.0,
        "scale must lie in (0, 100], got {}",
        spec.scale
    );
    assert!(
        !(spec.plant_errors && spec.conflicts == Conflicts::Realistic),
        "errors cannot be planted with realistic conflicts"
    );
    let area = EllipsoidArea::epsg4527();
    let scene = scene::build(spec);
    let mut drafts = features::drafts(&scene, spec.seed);
    let (mut planted, mut pick) = if spec.plant_errors {
        let (p, pick) = plant::plant(&scene, &mut drafts, &area, spec.seed);
        (p, Some(pick))
    } else {
        (Vec::new(), None)
    };
    let mut survey_drafts = None;
    let mut controls = Vec::new();
    if spec.survey {
        let mut cells = survey::classify(&scene, spec.seed);
        survey::mark_farmland(&scene, &drafts.farmland, &mut cells);
        let edits = match pick.as_mut() {
            Some(pick) => {
                let (edits, c) =
                    plant_survey::plant(&scene, pick, &mut cells, &mut drafts, &area, &mut planted);
                controls = c;
                edits
            }
            None => Vec::new(),
        };
        let (mut ld, key_of) = survey::drafts(&scene, &cells);
        for (cell, edit) in edits {
            let Some(key) = key_of[cell] else { continue };
            let Some(i) = ld.find(key) else { continue };
            match edit {
                plant_survey::Edit::Set(f, v) => ld.drafts[i].overrides.push((f, v)),
                plant_survey::Edit::Add(f, x) => ld.drafts[i].deltas.push((f, x)),
            }
        }
        survey_drafts = Some((ld, key_of));
    }
    drop(pick);
    drop(scene);
    let features::Drafts {
        red,
        farmland,
        urban,
        admin,
    } = drafts;
    let (survey_ld, survey_keys) = match survey_drafts {
        Some((ld, keys)) => (Some(ld), keys),
        None => (None, Vec::new()),
    };
    let mut done: Vec<(Layer, Vec<(u64, u32)>)> = [red, farmland, urban, admin]
        .into_iter()
        .chain(survey_ld)
        .map(|ld: LayerDrafts| finish(ld, &area))
        .collect();
    if spec.plant_errors {
        let (head, _) = done.split_at_mut(3);
        let [red, farm, urban] = head else {
            unreachable!("three layers first")
        };
        planted.extend(plant::structure(&mut red.0, &mut urban.0, &mut farm.0));
    }
    let resolve = |r: plant::Ref| -> Option<FeatureRef> {
        let (kind, key) = match r {
            plant::Ref::Key(kind, key) => (kind, key),
            plant::Ref::SurveyCell(cell) => (LayerKind::LandUseSurvey, survey_keys[cell]?),
        };
        let (layer, keys) = done.iter().find(|(l, _)| l.kind == kind)?;
        let i = keys.binary_search(&key).ok()?;
        let f = &layer.features[i];
        Some(FeatureRef {
            layer: kind.code().to_string(),
            record: f.id.record,
            bsm: f.id.bsm.clone().unwrap_or_default(),
        })
    };
    let mut planted_errors: Vec<PlantedError> = planted
        .into_iter()
        .enumerate()
        .map(|(i, p)| {
            let features: Vec<FeatureRef> = p
                .refs
                .iter()
                .map(|&r| resolve(r).expect("planted errors refer to kept features"))
                .collect();
            PlantedError {
                id: i + 1,
                layer: features
                    .first()
                    .map(|f| f.layer.clone())
                    .unwrap_or_else(|| p.layer.code().to_string()),
                kind: p.kind,
                features,
                description: p.description,
            }
        })
        .collect();
    // Figures that depend on the balanced survey areas, read back from the finished layers.
    if let Some((dltb, _)) = done
        .iter()
        .find(|(l, _)| l.kind == LayerKind::LandUseSurvey)
    {
        let admin = &done[3].0;
        for c in &controls {
            let code = COUNTIES[c.county as usize].0;
            let sum: f64 = dltb
                .features
                .iter()
                .filter(|f| {
                    f.attributes[schema::survey::ZLDWDM]
                        .to_string()
                        .starts_with(code)
                })
                .filter_map(|f| f.attributes[schema::survey::TBMJ].as_f64())
                .sum();
            let declared = admin.features[c.county as usize].attributes[schema::admin::DCMJ]
                .as_f64()
                .unwrap_or(0.0);
            planted_errors[c.planted].kind = PlantedKind::ControlMismatch {
                declared_m2: declared,
                sum_m2: area::round2(sum),
            };
        }
        for p in planted_errors.iter_mut() {
            if let PlantedKind::FormulaMismatch {
                declared, expected, ..
            } = &mut p.kind
            {
                if p.layer == "DLTB" {
                    let f = &dltb.features[(p.features[0].record - 1) as usize];
                    let a = |k: usize| f.attributes[k].as_f64().unwrap_or(0.0);
                    *declared = a(schema::survey::TBDLMJ);
                    *expected = area::round2(a(schema::survey::TBMJ) - a(schema::survey::KCMJ));
                }
            }
        }
    }
    let mut layers = done.into_iter().map(|(l, _)| l);
    let (red_line, farmland, urban_boundary, admin_area) = (
        layers.next().expect("red line"),
        layers.next().expect("farmland"),
        layers.next().expect("urban"),
        layers.next().expect("admin"),
    );
    let survey = layers.next();
    let mut summaries: Vec<LayerSummary> = [
        (&red_line, schema::line::MJ),
        (&farmland, schema::farm::YJJBNTTBMJ),
        (&urban_boundary, schema::line::MJ),
        (&admin_area, schema::admin::JSMJ),
    ]
    .iter()
    .map(|(l, k)| summary(l, *k))
    .collect();
    if let Some(s) = &survey {
        summaries.push(summary(s, schema::survey::TBMJ));
    }
    let counties = admin_area
        .features
        .iter()
        .map(|f| CountySummary {
            xzqdm: f.attributes[2].to_string(),
            xzqmc: f.attributes[3].to_string(),
            record: f.id.record,
            dcmj_m2: f.attributes[schema::admin::DCMJ].as_f64().unwrap_or(0.0),
        })
        .collect();
    let manifest = Manifest {
        generator: format!("sanxian-gen {}", env!("CARGO_PKG_VERSION")),
        seed: spec.seed,
        scale: spec.scale,
        plant_errors: spec.plant_errors,
        conflicts: spec.conflicts,
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
        survey,
        manifest,
    }
}

fn summary(layer: &Layer, area_field: usize) -> LayerSummary {
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
        .filter_map(|f| f.attributes.get(area_field).and_then(|v| v.as_f64()))
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
