//! The CRS of an OGR layer, recognised by EPSG code or WKT parameters.

use gdal::spatial_ref::SpatialRef;
use sanxian_types::{Crs, CrsSource, Severity};

use crate::ReadOptions;

/// The layer's CRS and how it was found; `note` receives what the user should know.
pub(super) fn layer_crs(
    srs: Option<SpatialRef>,
    options: &ReadOptions,
    note: &mut dyn FnMut(Severity, String),
) -> (Option<Crs>, CrsSource) {
    let declared = srs.as_ref().map(recognise);
    if let Some(stated) = options.crs {
        if let Some(Ok((crs, _, _))) = &declared {
            let same = crs == &stated || (crs.epsg().is_some() && crs.epsg() == stated.epsg());
            if !same {
                note(
                    Severity::Warning,
                    format!(
                        "the file declares {crs}, but {stated} was stated: using the stated CRS"
                    ),
                );
            }
        }
        return (Some(stated), CrsSource::User);
    }
    match declared {
        Some(Ok((crs, source, notes))) => {
            for n in notes {
                note(Severity::Warning, n);
            }
            (Some(crs), source)
        }
        Some(Err(why)) => {
            note(
                Severity::Warning,
                format!("{why}; state the CRS with --crs EPSG:CODE"),
            );
            (None, CrsSource::Unknown)
        }
        None => {
            note(
                Severity::Warning,
                "the layer declares no CRS; state it with --crs EPSG:CODE".to_string(),
            );
            (None, CrsSource::Unknown)
        }
    }
}

/// Recognises an OGR spatial reference: its EPSG code when sanxian knows it, else its WKT
/// parameters. The error says why not, naming the CRS.
fn recognise(srs: &SpatialRef) -> std::result::Result<(Crs, CrsSource, Vec<String>), String> {
    let authority = srs
        .auth_name()
        .filter(|a| a.eq_ignore_ascii_case("EPSG"))
        .and_then(|_| srs.auth_code().ok())
        .and_then(|code| u32::try_from(code).ok());
    if let Some(crs) = authority.and_then(Crs::from_epsg) {
        return Ok((crs, CrsSource::Epsg, Vec::new()));
    }
    let label = match (authority, srs.name()) {
        (Some(code), Some(name)) => format!("EPSG:{code} ({name})"),
        (Some(code), None) => format!("EPSG:{code}"),
        (None, Some(name)) => format!("'{name}'"),
        (None, None) => "of the layer".to_string(),
    };
    let wkt = srs
        .to_wkt()
        .map_err(|e| format!("CRS {label}: GDAL cannot export it as WKT ({e})"))?;
    crate::prj::parse(&wkt)
        .map(|r| (r.crs, CrsSource::Wkt, r.notes))
        .map_err(|e| format!("CRS {label} not recognised: {e}"))
}
