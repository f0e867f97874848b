//! Reading the inputs of a command: every entry of a folder accounted for, every skipped
//! record said, on stderr, whichever command reads them.

use std::path::Path;

use sanxian::io::{read_draft, ReadOptions, Unused};
use sanxian::types::{Layer, Severity};

/// Prints the entries of a folder that hold no layer.
pub fn say_unused(unused: &[Unused]) {
    for u in unused {
        eprintln!("not read: {}: {}", sanxian::io::escaped(&u.path), u.reason);
    }
}

/// Prints how many records of `layer` were skipped and why; true when a control line lost
/// records (its results are incomplete).
pub fn say_skipped(layer: &Layer) -> bool {
    let skipped = layer
        .source_records
        .saturating_sub(layer.features.len() as u64);
    if skipped == 0 {
        return false;
    }
    eprintln!(
        "{}: {skipped} of {} records could not be used and are left out:",
        layer.path, layer.source_records
    );
    for d in layer
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
    {
        eprintln!("  {d}");
    }
    layer.kind.is_control_line()
}

/// Reads every layer of `path` (a file, a container or a folder), saying what was not read.
pub fn read(path: &Path, options: &ReadOptions) -> anyhow::Result<Vec<Layer>> {
    let folder = read_draft(path, options)?;
    say_unused(&folder.unused);
    Ok(folder.layers)
}

/// Reads the one layer of `path`.
pub fn read_one(path: &Path, options: &ReadOptions) -> anyhow::Result<Layer> {
    Ok(sanxian::io::read_layer(path, options)?)
}

/// Reads the control-line layers named by files or folders (of a folder, only the control
/// lines: STBHHX, YJJBNTBHTB, CZKFBJ; the other layers it holds are listed as not used).
pub fn read_lines(
    paths: &[std::path::PathBuf],
    options: &ReadOptions,
) -> anyhow::Result<Vec<Layer>> {
    let mut out = Vec::new();
    let options = ReadOptions {
        kind: None,
        ..options.clone()
    };
    for p in paths {
        if p.is_dir() {
            let before = out.len();
            for l in read(p, &options)? {
                if l.kind.is_control_line() {
                    out.push(l);
                } else {
                    eprintln!(
                        "not used: {} ({}): not a control line",
                        l.path,
                        l.kind.code()
                    );
                }
            }
            if out.len() == before {
                anyhow::bail!(
                    "{}: the folder holds no control line (STBHHX, YJJBNTBHTB, CZKFBJ) for --lines",
                    sanxian::io::escaped(p)
                );
            }
        } else {
            let l = read_one(p, &options)?;
            if !l.kind.is_control_line() {
                anyhow::bail!(
                    "{}: is not a control line (it reads as {}); --lines takes STBHHX, YJJBNTBHTB and CZKFBJ layers (name the file by its layer)",
                    sanxian::io::escaped(p),
                    l.kind.code()
                );
            }
            out.push(l);
        }
    }
    Ok(out)
}

/// Brings every layer into the working CRS of all of them.
pub fn to_working(layers: Vec<Layer>) -> anyhow::Result<(sanxian::Crs, Vec<Layer>)> {
    let refs: Vec<&Layer> = layers.iter().collect();
    let working = sanxian::io::reproject::working_crs(&refs)?;
    let layers = layers
        .into_iter()
        .map(|l| sanxian::io::reproject::into_crs(l, &working))
        .collect::<Result<_, _>>()?;
    Ok((working, layers))
}
