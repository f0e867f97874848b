//! Checks shared by the readers for one ring of coordinates.

use geo_types::{Coord, LineString};

/// What became of a ring read from a file.
pub(crate) enum RingOutcome {
    /// Used as read.
    Ok(LineString<f64>),
    /// Used after a repair described by the note (e.g. closed).
    Repaired(LineString<f64>, String),
    /// Cannot be used, for the reason given.
    Unusable(String),
}

/// Checks a ring: finite coordinates, closed (closes it if not, with a note), at least four
/// points including the closing one.
pub(crate) fn assemble_ring(mut coords: Vec<Coord<f64>>) -> RingOutcome {
    if let Some(i) = coords
        .iter()
        .position(|c| !c.x.is_finite() || !c.y.is_finite())
    {
        let c = coords[i];
        return RingOutcome::Unusable(format!(
            "vertex {} has a non-finite coordinate ({}, {})",
            i + 1,
            c.x,
            c.y
        ));
    }
    let mut note = None;
    if let (Some(first), Some(last)) = (coords.first().copied(), coords.last().copied()) {
        if first != last {
            coords.push(first);
            note = Some("ring not closed: closed it by repeating the first vertex".to_string());
        }
    }
    if coords.len() < 4 {
        return RingOutcome::Unusable(format!(
            "ring has {} points, fewer than the 4 a closed ring needs",
            coords.len()
        ));
    }
    let ring = LineString(coords);
    match note {
        Some(n) => RingOutcome::Repaired(ring, n),
        None => RingOutcome::Ok(ring),
    }
}
