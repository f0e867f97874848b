//! `sanxian-gen`: writes a synthetic county for tests and benchmarks.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::Result;
use clap::{Parser, ValueEnum};
use sanxian_gen::{generate, write, Conflicts, CountySpec, OutputFormats};

/// Generates a deterministic synthetic county: red line, permanent basic farmland, urban
/// development boundary and counties in EPSG:4527 (and the land survey with --survey), with
/// planted errors listed in manifest.json.
#[derive(Debug, Parser)]
#[command(name = "sanxian-gen", version)]
struct Args {
    /// Size: about SCALE·10⁵ farmland patches (0.02 is the demo draft, 4 the big benchmark).
    #[arg(long, default_value_t = 1.0, value_parser = parse_scale)]
    scale: f64,
    /// Seed; the same seed and scale give byte-identical files.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Output folder (created if missing).
    #[arg(long)]
    out: PathBuf,
    /// File format.
    #[arg(long, value_enum, default_value_t = Format::Shp)]
    format: Format,
    /// Plant no errors.
    #[arg(long)]
    clean: bool,
    /// Generate the land survey (DLTB) too.
    #[arg(long)]
    survey: bool,
    /// How farmland meets the red line and the urban boundary: `apart` (40 m clear, conflicts
    /// only where errors are planted) or `realistic` (drawn independently: sliver overlaps along
    /// every outline, crossings up to 20 m; plants no errors).
    #[arg(long, value_enum, default_value_t = ConflictMode::Apart)]
    conflicts: ConflictMode,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum ConflictMode {
    Apart,
    Realistic,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Format {
    Shp,
    Geojson,
    Both,
}

fn parse_scale(s: &str) -> Result<f64, String> {
    let v: f64 = s.parse().map_err(|e| format!("not a number: {e}"))?;
    if v.is_finite() && v > 0.0 && v <= 100.0 {
        Ok(v)
    } else {
        Err(format!("the scale must lie in (0, 100], got {v}"))
    }
}

fn main() -> Result<()> {
    let args = Args::parse();
    let conflicts = match args.conflicts {
        ConflictMode::Apart => Conflicts::Apart,
        ConflictMode::Realistic => Conflicts::Realistic,
    };
    let spec = CountySpec {
        seed: args.seed,
        scale: args.scale,
        plant_errors: !args.clean && conflicts == Conflicts::Apart,
        survey: args.survey,
        conflicts,
    };
    let t0 = Instant::now();
    let county = generate(&spec);
    let generated = t0.elapsed();
    let formats = match args.format {
        Format::Shp => OutputFormats::Shapefile,
        Format::Geojson => OutputFormats::GeoJson,
        Format::Both => OutputFormats::Both,
    };
    write(&county, &args.out, formats)?;
    let written = t0.elapsed() - generated;
    for l in &county.manifest.layers {
        println!(
            "{:<11} {:>8} features {:>10} vertices  {}",
            l.code, l.features, l.vertices, l.name_zh
        );
    }
    println!(
        "{} planted errors; generated in {:.2} s, written in {:.2} s to {}",
        county.manifest.planted_errors.len(),
        generated.as_secs_f64(),
        written.as_secs_f64(),
        args.out.display()
    );
    Ok(())
}
