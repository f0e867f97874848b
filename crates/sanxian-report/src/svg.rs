//! The report's map: geometries as SVG paths on an integer grid.
//!
//! A county has millions of vertices; the map snaps them to a grid of about 4000 cells across
//! (finer than any screen shows without zooming) and drops repeated points, so the page stays a
//! few megabytes. Findings are drawn on a grid 16 times finer so small overlaps stay visible.

use std::fmt::Write as _;

use geo_types::{LineString, MultiPolygon};

/// Maps working-CRS coordinates onto the SVG's integer grid (y down).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Grid {
    x0: f64,
    y1: f64,
    /// Grid cells per metre.
    scale: f64,
    /// Width and height in grid cells.
    pub width: f64,
    pub height: f64,
}

impl Grid {
    /// A grid with `cells` cells along the longer side of the extent.
    pub fn new(extent: [f64; 4], cells: f64) -> Grid {
        let [x0, y0, x1, y1] = extent;
        let w = (x1 - x0).max(1e-9);
        let h = (y1 - y0).max(1e-9);
        let scale = cells / w.max(h);
        Grid {
            x0,
            y1,
            scale,
            width: (w * scale).ceil(),
            height: (h * scale).ceil(),
        }
    }

    fn cell(&self, x: f64, y: f64, fine: i64) -> (i64, i64) {
        (
            ((x - self.x0) * self.scale * fine as f64).round() as i64,
            ((self.y1 - y) * self.scale * fine as f64).round() as i64,
        )
    }

    /// Appends path data for `g` in relative moves; `fine` subdivides the grid (coordinates are
    /// then in units of 1/fine cell and the path must be scaled by 1/fine).
    pub fn path(&self, g: &MultiPolygon<f64>, fine: i64, out: &mut String) {
        for p in &g.0 {
            for ring in std::iter::once(p.exterior()).chain(p.interiors()) {
                self.ring(ring, fine, out);
            }
        }
    }

    fn ring(&self, ring: &LineString<f64>, fine: i64, out: &mut String) {
        let mut pts: Vec<(i64, i64)> = Vec::with_capacity(ring.0.len());
        for c in &ring.0 {
            let p = self.cell(c.x, c.y, fine);
            if pts.last() != Some(&p) {
                pts.push(p);
            }
        }
        if pts.len() > 1 && pts.first() == pts.last() {
            pts.pop();
        }
        if pts.len() < 3 {
            // Smaller than a grid cell: a dot, so that nothing vanishes from the map.
            if let Some(&(x, y)) = pts.first() {
                let _ = write!(out, "M{x} {y}h1v1h-1z");
            }
            return;
        }
        let (mut px, mut py) = pts[0];
        let mut num = itoa::Buffer::new();
        out.push('M');
        out.push_str(num.format(px));
        out.push(' ');
        out.push_str(num.format(py));
        out.push('l');
        for &(x, y) in &pts[1..] {
            out.push_str(num.format(x - px));
            out.push(' ');
            out.push_str(num.format(y - py));
            out.push(' ');
            px = x;
            py = y;
        }
        out.pop();
        out.push('z');
    }

    /// Grid position of a working-CRS point (not subdivided).
    pub fn point(&self, x: f64, y: f64) -> (f64, f64) {
        ((x - self.x0) * self.scale, (self.y1 - y) * self.scale)
    }
}

/// Extent `[xmin, ymin, xmax, ymax]` of geometries, `None` when there are none.
pub(crate) fn extent<'a>(geoms: impl Iterator<Item = &'a MultiPolygon<f64>>) -> Option<[f64; 4]> {
    let mut e: Option<[f64; 4]> = None;
    for g in geoms {
        for p in &g.0 {
            for c in &p.exterior().0 {
                let b = e.get_or_insert([c.x, c.y, c.x, c.y]);
                b[0] = b[0].min(c.x);
                b[1] = b[1].min(c.y);
                b[2] = b[2].max(c.x);
                b[3] = b[3].max(c.y);
            }
        }
    }
    e
}
