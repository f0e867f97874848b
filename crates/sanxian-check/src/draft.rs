//! A county's three-lines draft: its layers, read and brought into one working CRS.

use std::path::{Path, PathBuf};

use sanxian_io::ReadOptions;
use sanxian_rules::finding::{InputSummary, Recognition};
use sanxian_rules::Profile;
use sanxian_types::{Crs, Layer, LayerKind};

use crate::basis::LayerBasis;
use crate::Error;

/// A draft: the layers of a delivery (STBHHX, YJJBNTBHTB, CZKFBJ, XZQ, and any others), all in
/// one projected working CRS chosen from the data.
#[derive(Debug, Clone)]
pub struct Draft {
    /// Where the draft was read from.
    pub source: PathBuf,
    /// The layers, transformed into [`Draft::working_crs`].
    pub layers: Vec<Layer>,
    /// The inputs as they were in their files (CRS, counts).
    pub inputs: Vec<InputSummary>,
    /// The working CRS ([`sanxian_io::reproject::working_crs`]).
    pub working_crs: Crs,
    /// Entries of the draft folder that hold no layer, each with the reason (a folder's
    /// every entry is either read or listed here).
    pub unused: Vec<sanxian_io::Unused>,
    /// The mathematical basis of each layer as delivered (CRS, coordinate decimals, vertices
    /// outside the zone), in the order of `layers`.
    pub basis: Vec<LayerBasis>,
    /// Layers recognised by their content rather than their names ([`Draft::recognise`]).
    pub recognised: Vec<Recognition>,
}

impl Draft {
    /// Reads a draft folder (or a single file or container) with default options; layers
    /// whose names say nothing are recognised by the default profile ([`Draft::recognise`]).
    ///
    /// # Errors
    /// When a file cannot be read, a layer's CRS is unknown, two layers claim the same control
    /// line, or the layers cannot be brought into one CRS.
    pub fn open(path: impl AsRef<Path>) -> Result<Draft, Error> {
        Draft::open_with(path, &ReadOptions::default())
    }

    /// Reads a draft with stated options (CRS, encoding; a stated kind applies to every layer,
    /// so it is rarely what a folder needs).
    ///
    /// # Errors
    /// As [`Draft::open`].
    pub fn open_with(path: impl AsRef<Path>, options: &ReadOptions) -> Result<Draft, Error> {
        Draft::open_profile(path, options, &Profile::default())
    }

    /// Reads a draft with stated options and recognises its layers by `profile`.
    ///
    /// # Errors
    /// As [`Draft::open`].
    pub fn open_profile(
        path: impl AsRef<Path>,
        options: &ReadOptions,
        profile: &Profile,
    ) -> Result<Draft, Error> {
        let path = path.as_ref();
        let folder = sanxian_io::read_draft(path, options)?;
        if folder.layers.is_empty() {
            let why = folder
                .unused
                .iter()
                .map(|u| format!("\n  {}: {}", u.path.display(), u.reason))
                .collect::<String>();
            return Err(Error::Draft(format!(
                "{}: no Shapefile, GeoJSON or GDAL layer found{why}",
                path.display()
            )));
        }
        let mut draft = Draft::from_layers(path, folder.layers)?;
        draft.unused = folder.unused;
        if options.kind.is_none() {
            draft.recognise(profile);
        }
        Ok(draft)
    }

    /// A draft from layers already read or built in memory (e.g. from a database by the
    /// embedding application). Each layer needs a CRS; they are brought into one working CRS.
    ///
    /// ```
    /// use sanxian_check::{Draft, RuleSettings};
    /// use sanxian_types::geo_types::{polygon, MultiPolygon};
    /// use sanxian_types::{Crs, Layer, LayerKind};
    ///
    /// let square = |x: f64, y: f64| MultiPolygon(vec![polygon![
    ///     (x: x, y: y), (x: x + 100., y: y), (x: x + 100., y: y + 100.), (x: x, y: y + 100.), (x: x, y: y)]]);
    /// let crs = Crs::from_epsg(4527);
    /// let red = Layer::from_geometries("STBHHX", LayerKind::EcologicalRedLine, crs, [square(39_500_000., 3_300_000.)]);
    /// let farm = Layer::from_geometries("YJJBNTBHTB", LayerKind::PermanentBasicFarmland, crs, [square(39_500_050., 3_300_000.)]);
    /// let draft = Draft::from_layers("in memory", vec![red, farm])?;
    /// let report = draft.check(&RuleSettings::default())?;
    /// let pair = &report.layer_pairs.iter().find(|p| p.layers[0] != p.layers[1]).unwrap();
    /// assert_eq!((pair.pairs, pair.planar_m2), (1, 5000.0));
    /// # Ok::<(), sanxian_check::Error>(())
    /// ```
    ///
    /// # Errors
    /// A layer without a CRS, two layers of the same control line, layers that cannot be
    /// brought into one working CRS.
    pub fn from_layers(source: impl Into<PathBuf>, layers: Vec<Layer>) -> Result<Draft, Error> {
        for kind in [
            LayerKind::EcologicalRedLine,
            LayerKind::PermanentBasicFarmland,
            LayerKind::UrbanDevelopmentBoundary,
            LayerKind::AdministrativeArea,
        ] {
            let same: Vec<&str> = layers
                .iter()
                .filter(|l| l.kind == kind)
                .map(|l| l.path.as_str())
                .collect();
            if same.len() > 1 {
                return Err(Error::Draft(format!(
                    "{} layers are all {} ({}): keep one per control line, or merge them first",
                    same.join(", "),
                    kind.code(),
                    kind.name_zh()
                )));
            }
        }
        for l in &layers {
            if l.crs.is_none() {
                return Err(Error::Draft(format!(
                    "{}: unknown CRS; state it with --crs EPSG:CODE",
                    l.path
                )));
            }
        }
        let inputs = layers.iter().map(InputSummary::from).collect();
        let basis = layers.iter().map(LayerBasis::of).collect();
        let refs: Vec<&Layer> = layers.iter().collect();
        let working_crs = sanxian_io::reproject::working_crs(&refs)?;
        let layers = layers
            .into_iter()
            .map(|l| sanxian_io::reproject::into_crs(l, &working_crs))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Draft {
            source: source.into(),
            layers,
            inputs,
            working_crs,
            unused: Vec::new(),
            basis,
            recognised: Vec::new(),
        })
    }

    /// The layer of a kind, if the draft has one.
    pub fn layer(&self, kind: LayerKind) -> Option<&Layer> {
        self.layers.iter().find(|l| l.kind == kind)
    }
}
