//! # sanxian (三线)
//!
//! A Rust engine for territorial spatial planning data: the three control lines of a Chinese
//! county — the ecological protection red line (生态保护红线), permanent basic farmland
//! (永久基本农田) and the urban development boundary (城镇开发边界) — read from the files planning
//! institutes deliver, in CGCS2000 Gauss-Krüger zones.
//!
//! This facade re-exports what embedders use:
//! - [`types`]: layers, features, layer kinds, CRSs, ellipsoids, the Gauss-Krüger projection;
//! - [`io`]: Shapefile (GBK-aware), GeoJSON and CSV, every OGR format with the `gdal` feature;
//! - [`inspect`]: the per-layer summary that `sanxian info` prints;
//! - [`compare`]: multi-plan integration (多规合一), [`compare_plans`];
//! - [`occupy`](mod@occupy): site occupancy (压占分析) of project parcels, [`occupy()`].
//!
//! ```
//! use sanxian::io::{read_path, ReadOptions};
//! use sanxian::inspect::LayerInfo;
//!
//! let demo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/geojson/farmland_4527.geojson");
//! let layers = read_path(&demo, &ReadOptions::default())?;
//! let info = LayerInfo::from(&layers[0]);
//! assert_eq!(info.kind_code, "YJJBNTBHTB");
//! assert_eq!(info.crs.as_ref().and_then(|c| c.epsg), Some(4527));
//! # Ok::<(), sanxian::io::Error>(())
//! ```

#![forbid(unsafe_code)]

mod check;
pub mod compare;
mod draft;
mod error;
pub mod inspect;
pub mod occupy;
mod write;

pub use check::Stage;
pub use compare::{compare_plans, PlanComparison, PlanMapping};
pub use draft::{layer_code, Draft};
pub use error::Error;
pub use occupy::{occupy, Occupancy};
pub use sanxian_area as area;
pub use sanxian_io as io;
pub use sanxian_overlay as overlay;
pub use sanxian_report as report;
pub use sanxian_rules as rules;
pub use sanxian_rules::{CheckReport, Finding, RuleSettings};
pub use sanxian_types as types;
pub use sanxian_types::{Crs, Ellipsoid, Feature, FeatureId, Layer, LayerKind};
