//! `sanxian info`.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use sanxian::io::inspect::LayerInfo;
use sanxian::types::{FieldType, Severity};

use crate::InputArgs;

pub fn run(paths: &[PathBuf], input: &InputArgs, json: bool) -> anyhow::Result<ExitCode> {
    let options = input.read_options()?;
    let mut infos = Vec::new();
    for path in paths {
        let layers = crate::inputs::read(path, &options)?;
        if layers.is_empty() {
            anyhow::bail!("{}: no Shapefile or GeoJSON layers found", path.display());
        }
        infos.extend(layers.iter().map(LayerInfo::from));
    }
    if json {
        out!("{}", serde_json::to_string_pretty(&infos)?);
    } else {
        for (i, info) in infos.iter().enumerate() {
            if i > 0 {
                out!();
            }
            {
                use std::io::Write as _;
                let _ = write!(std::io::stdout(), "{}", render(info));
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(' ');
        }
        out.push(ch);
    }
    out
}

fn render(info: &LayerInfo) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "{}  ({})", info.name, info.path);
    let _ = writeln!(
        s,
        "  kind       {} {} ({})",
        info.kind_en, info.kind_zh, info.kind_code
    );
    let _ = writeln!(
        s,
        "  format     {}{}",
        info.format,
        info.encoding
            .as_deref()
            .map(|e| format!(", text {e}"))
            .unwrap_or_default()
    );
    match &info.crs {
        Some(crs) => {
            let code = crs.epsg.map(|c| format!("EPSG:{c} ")).unwrap_or_default();
            let _ = writeln!(
                s,
                "  CRS        {code}{} (from {})",
                crs.name, crs.recognised_by
            );
        }
        None => {
            let _ = writeln!(s, "  CRS        unknown: state it with --crs EPSG:CODE");
        }
    }
    let skipped = info.records.saturating_sub(info.features as u64);
    let _ = writeln!(
        s,
        "  features   {} of {} records{}; {} parts, {} holes, {} vertices",
        thousands(info.features as u64),
        thousands(info.records),
        if skipped > 0 {
            format!(" ({} skipped, listed below)", thousands(skipped))
        } else {
            String::new()
        },
        thousands(info.parts as u64),
        thousands(info.holes as u64),
        thousands(info.vertices as u64)
    );
    if let Some([x0, y0, x1, y1]) = info.extent {
        let _ = writeln!(s, "  extent     x {x0:.3} .. {x1:.3}, y {y0:.3} .. {y1:.3}");
    }
    let fields: Vec<String> = info
        .fields
        .iter()
        .map(|f| {
            let t = match f.field_type {
                FieldType::Text => "text",
                FieldType::Integer => "integer",
                FieldType::Real => "real",
                FieldType::Boolean => "boolean",
                FieldType::Date => "date",
            };
            match (f.width, f.decimals) {
                (Some(w), Some(d)) if d > 0 => format!("{} {t}({w},{d})", f.name),
                (Some(w), _) => format!("{} {t}({w})", f.name),
                _ => format!("{} {t}", f.name),
            }
        })
        .collect();
    let _ = writeln!(
        s,
        "  fields     {}",
        if fields.is_empty() {
            "(none)".into()
        } else {
            fields.join(", ")
        }
    );
    let count = |sev| {
        info.diagnostics
            .iter()
            .filter(|d| d.severity == sev)
            .count()
    };
    let (errors, warnings) = (count(Severity::Error), count(Severity::Warning));
    if !info.diagnostics.is_empty() {
        let _ = writeln!(
            s,
            "  notes      {errors} errors (not used), {warnings} warnings"
        );
        for d in &info.diagnostics {
            let _ = writeln!(s, "    {d}");
        }
    }
    s
}
