//! The `sanxian` command.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Prints a line to stdout. A closed stdout (`sanxian … | head`) ends the printing quietly
/// instead of a panic; the command finishes its work and its exit code stands.
macro_rules! out {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($t)*);
    }};
}

mod area;
mod check;
mod info;
mod inputs;
mod overlaps;
mod plans;

/// sanxian (三线): check three-lines planning drafts, measure official areas, find conflicts.
#[derive(Debug, Parser)]
#[command(name = "sanxian", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// Options every command that reads layers accepts.
#[derive(Debug, Clone, clap::Args)]
pub struct InputArgs {
    /// State the layer kind instead of recognising it from the name
    /// (STBHHX, YJJBNTBHTB, CZKFBJ, XZQ, DLTB, plan, site, other).
    #[arg(long, value_name = "KIND")]
    pub kind: Option<String>,
    /// State the CRS (e.g. EPSG:4527) instead of reading it from the file.
    #[arg(long, value_name = "EPSG:CODE")]
    pub crs: Option<String>,
    /// Attribute text encoding of shapefiles (UTF-8, GBK, GB18030 …), overriding .cpg and detection.
    #[arg(long, value_name = "LABEL")]
    pub encoding: Option<String>,
}

impl InputArgs {
    /// Parses the options into reader options.
    pub fn read_options(&self) -> anyhow::Result<sanxian::io::ReadOptions> {
        Ok(sanxian::io::ReadOptions {
            kind: self.kind.as_deref().map(str::parse).transpose()?,
            crs: self.crs.as_deref().map(str::parse).transpose()?,
            encoding: self
                .encoding
                .as_deref()
                .map(|label| sanxian::io::encoding::resolve_label(label).map(|_| label.to_string()))
                .transpose()?,
        })
    }
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check a delivery against a standard profile (by default three lines: STBHHX,
    /// YJJBNTBHTB, CZKFBJ, XZQ, optional DLTB) and write a report.
    /// Exit code 0: the delivery passes; 1: it fails (a level-1 finding not excepted);
    /// 2: unusable input or usage.
    Check {
        /// Draft folder (or a GeoPackage / FileGDB with the gdal feature).
        draft: PathBuf,
        /// Report folder: created, or replaced atomically when sanxian wrote it (any other
        /// existing folder is refused, exit code 2).
        #[arg(long, short, default_value = "sanxian-report")]
        out: PathBuf,
        /// Standard profile: a built-in name (three-lines, dltb-3rd-survey) or a profile file
        /// (TOML); `sanxian profile` prints the default one.
        #[arg(long, value_name = "NAME|FILE", default_value = "three-lines")]
        profile: String,
        /// Rules file (TOML) tuning single rules over the profile; `sanxian rules` prints the
        /// settings.
        #[arg(long, value_name = "FILE")]
        rules: Option<PathBuf>,
        /// Exceptions (例外): findings the institute has explained (CSV or TOML: code, layer,
        /// bsm, field, reason); they are shown apart and do not count toward the verdict.
        #[arg(long, value_name = "FILE")]
        exceptions: Option<PathBuf>,
        #[command(flatten)]
        input: InputArgs,
        /// Print the summary as JSON on stdout.
        #[arg(long)]
        json: bool,
        /// No progress or summary on the terminal.
        #[arg(long, short)]
        quiet: bool,
        /// Exit with 0 even when the delivery fails (for scripts that read the report).
        #[arg(long)]
        exit_zero: bool,
    },
    /// Print the rule settings (every rule's level and parameters) of a profile as TOML.
    Rules {
        /// Profile: a built-in name or a file.
        #[arg(long, value_name = "NAME|FILE", default_value = "three-lines")]
        profile: String,
    },
    /// Print a standard profile (TOML) to copy and adapt: layers, fields, code dictionaries,
    /// conditions, formulas, tolerances and rule levels.
    Profile {
        /// A built-in profile (three-lines, dltb-3rd-survey) or a profile file.
        #[arg(default_value = "three-lines")]
        name: String,
        /// Print it with everything it extends merged in.
        #[arg(long)]
        resolved: bool,
        /// List the built-in profiles.
        #[arg(long)]
        list: bool,
    },
    /// Official areas of a layer (CGCS2000 ellipsoid area by default) with totals by a field,
    /// adjustment to control totals, and the declared area field compared.
    Area {
        /// Layer file.
        layer: PathBuf,
        /// Total by this field (XZQDM, DLBM …).
        #[arg(long, value_name = "FIELD")]
        by: Option<String>,
        /// ellipsoid (official), survey (third survey practice), geodesic (Karney), planar, legacy.
        #[arg(long, default_value = "ellipsoid")]
        method: String,
        /// m2, ha or mu.
        #[arg(long, default_value = "m2")]
        unit: String,
        /// CSV of control totals per group (group,control in --unit); adjusts areas (平差) so
        /// that each group sums exactly to its control.
        #[arg(long, value_name = "FILE")]
        control: Option<PathBuf>,
        /// Write the per-feature ledger here (UTF-8 with BOM).
        #[arg(long, value_name = "FILE")]
        csv: Option<PathBuf>,
        /// Declared areas differing from the computed ones by more than this are listed, m².
        #[arg(long, default_value_t = 1.0, value_name = "M2")]
        tolerance: f64,
        #[command(flatten)]
        input: InputArgs,
        /// JSON on stdout.
        #[arg(long)]
        json: bool,
    },
    /// Find every overlap between layers (all pairs among them), or within each layer with
    /// --within; writes overlaps.geojson and overlaps.csv.
    Overlaps {
        /// Layer files.
        #[arg(required = true)]
        layers: Vec<PathBuf>,
        /// Overlaps between the features of each layer instead of between layers.
        #[arg(long)]
        within: bool,
        /// Output folder.
        #[arg(long, short, default_value = "sanxian-overlaps")]
        out: PathBuf,
        /// Overlaps smaller than this (m²) are not conflicts; they are counted separately.
        #[arg(long, default_value_t = 1e-4, value_name = "M2")]
        tolerance: f64,
        #[command(flatten)]
        input: InputArgs,
        /// One JSON object per layer pair on stdout.
        #[arg(long)]
        json: bool,
    },
    /// Compare any number of plans (多规合一): overlay them and the control lines into pieces,
    /// name each piece's conflict type by a rule table over its classes, give it a unified
    /// class by a priority table; writes differences.geojson, integrated.geojson, pieces.csv,
    /// priority.csv, summary.json and summary.html.
    ///
    /// Example: `sanxian compare-plans --plan landuse=tdgh.shp:DLBM --plan urban=cxgh.shp:YDDM
    /// --mapping mapping.toml --rules rules.toml --lines draft/ --out cmp`.
    ComparePlans {
        /// Plan A layer file (the plan named `a`; or give every plan with --plan).
        plan_a: Option<PathBuf>,
        /// Class code field of plan A.
        #[arg(long, value_name = "FIELD", requires = "plan_a")]
        class_a: Option<String>,
        /// Plan B layer file (the plan named `b`).
        plan_b: Option<PathBuf>,
        /// Class code field of plan B.
        #[arg(long, value_name = "FIELD", requires = "plan_b")]
        class_b: Option<String>,
        /// A plan as NAME=FILE:FIELD (repeat for any number of plans), e.g.
        /// --plan landuse=tdgh.shp:DLBM --plan urban=cxgh.shp:YDDM --plan mineral=kczy.shp:GHLX.
        #[arg(long = "plan", value_name = "NAME=FILE:FIELD")]
        plans: Vec<String>,
        /// Mapping table (TOML, or CSV plan,code,category,ydyh) of every plan's codes to
        /// construction / non-construction (or categories of your own).
        #[arg(long, value_name = "FILE")]
        mapping: PathBuf,
        /// Rule table of conflict types (TOML `[[type]]` with code, name, resolution, when) over the
        /// class vector of each piece; default: construction land in which plans.
        #[arg(long, value_name = "FILE")]
        rules: Option<PathBuf>,
        /// Priority table of the integrated plan (TOML order = [...], plans and control
        /// lines, first decides); default: control lines first, then the plans as given.
        #[arg(long, value_name = "FILE")]
        priority: Option<PathBuf>,
        /// Control-line layers (files, or folders whose STBHHX/YJJBNTBHTB/CZKFBJ are used):
        /// the pieces are cut by them.
        #[arg(long, num_args = 1.., value_name = "DIR_OR_FILE")]
        lines: Vec<PathBuf>,
        /// Output folder.
        #[arg(long, short, default_value = "sanxian-compare")]
        out: PathBuf,
        #[command(flatten)]
        input: InputArgs,
        /// Print the summary as JSON on stdout.
        #[arg(long)]
        json: bool,
    },
    /// Overlay ledgers: intersect layers, subtract others, and total the official ellipsoid
    /// area (m², 公顷, 亩) of the pieces by fields of every layer and by county; writes
    /// tabulation.csv, tabulation.json, pieces.geojson and summary.json.
    ///
    /// Examples: construction on permanent farmland by county:
    /// `sanxian tabulate jstb.shp:JCBH YJJBNTBHTB.shp --county XZQ.shp`;
    /// approved but not supplied (批而未供): `sanxian tabulate pzyd.shp:PZWH --minus gdyd.shp`.
    Tabulate {
        /// Layers as FILE[:FIELD,FIELD...]: the first and every further one are intersected;
        /// the fields make the rows.
        #[arg(required = true, value_name = "FILE[:FIELDS]")]
        layers: Vec<String>,
        /// Layers subtracted from the intersection (repeat for several).
        #[arg(long, value_name = "FILE")]
        minus: Vec<PathBuf>,
        /// Administrative layer (XZQ) cutting the pieces into counties; default: the XZQDM
        /// field of the first layer that has one.
        #[arg(long, value_name = "FILE")]
        county: Option<PathBuf>,
        /// County code field of --county.
        #[arg(long, value_name = "FIELD", default_value = "XZQDM")]
        county_field: String,
        /// Output folder.
        #[arg(long, short, default_value = "sanxian-tabulate")]
        out: PathBuf,
        #[command(flatten)]
        input: InputArgs,
        /// Print the summary as JSON on stdout.
        #[arg(long)]
        json: bool,
    },
    /// Site occupancy (压占分析) of project parcels: the area each occupies of each control
    /// line and, with --survey, of each land group; writes occupancy.csv, occupancy.json and
    /// pieces.geojson.
    Occupy {
        /// Parcel layer file.
        parcels: PathBuf,
        /// Control-line layers (files, or folders whose STBHHX/YJJBNTBHTB/CZKFBJ are used).
        #[arg(long, num_args = 1.., value_name = "DIR_OR_FILE")]
        lines: Vec<PathBuf>,
        /// Land-use survey layer (三调 DLTB).
        #[arg(long, value_name = "FILE")]
        survey: Option<PathBuf>,
        /// Land class code field of the survey layer.
        #[arg(long, default_value = "DLBM", value_name = "FIELD")]
        dlbm: String,
        /// Output folder.
        #[arg(long, short, default_value = "sanxian-occupy")]
        out: PathBuf,
        #[command(flatten)]
        input: InputArgs,
        /// Print the result as JSON on stdout.
        #[arg(long)]
        json: bool,
    },
    /// Describe layers: kind, format, encoding, CRS, counts, extent, fields, warnings.
    Info {
        /// Files or draft folders.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[command(flatten)]
        input: InputArgs,
        /// Print JSON for machines instead of text.
        #[arg(long)]
        json: bool,
    },
}

/// Exit codes: 0 success, 1 the delivery fails (level-1 findings not excepted) or a command
/// lost records, 2 unusable input or usage.
fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Info { paths, input, json } => info::run(&paths, &input, json),
        Command::Check {
            draft,
            out,
            profile,
            rules,
            exceptions,
            input,
            json,
            quiet,
            exit_zero,
        } => check::run(check::CheckArgs {
            draft: &draft,
            out: &out,
            profile: &profile,
            rules: rules.as_ref(),
            exceptions: exceptions.as_ref(),
            input: &input,
            json,
            quiet,
            exit_zero,
        }),
        Command::Overlaps {
            layers,
            within,
            out,
            tolerance,
            input,
            json,
        } => overlaps::run(overlaps::OverlapArgs {
            layers: &layers,
            within,
            out: &out,
            tolerance_m2: tolerance,
            input: &input,
            json,
        }),
        Command::Area {
            layer,
            by,
            method,
            unit,
            control,
            csv,
            tolerance,
            input,
            json,
        } => {
            let method = method.parse();
            let unit = unit.parse();
            match (method, unit) {
                (Ok(method), Ok(unit)) => area::run(area::AreaArgs {
                    layer: &layer,
                    by: by.as_deref(),
                    method,
                    unit,
                    control: control.as_ref(),
                    csv: csv.as_ref(),
                    tolerance_m2: tolerance,
                    input: &input,
                    json,
                }),
                (Err(e), _) => Err(anyhow::anyhow!("{e}")),
                (_, Err(e)) => Err(anyhow::anyhow!("{e}")),
            }
        }
        Command::ComparePlans {
            plan_a,
            class_a,
            plan_b,
            class_b,
            plans,
            mapping,
            rules,
            priority,
            lines,
            out,
            input,
            json,
        } => plans::compare(plans::CompareArgs {
            positional: [(plan_a, class_a), (plan_b, class_b)],
            plans: &plans,
            mapping: &mapping,
            rules: rules.as_deref(),
            priority: priority.as_deref(),
            lines: &lines,
            out: &out,
            input: &input,
            json,
        }),
        Command::Tabulate {
            layers,
            minus,
            county,
            county_field,
            out,
            input,
            json,
        } => plans::tabulate(plans::TabulateArgs {
            layers: &layers,
            minus: &minus,
            county: county.as_deref(),
            county_field: &county_field,
            out: &out,
            input: &input,
            json,
        }),
        Command::Occupy {
            parcels,
            lines,
            survey,
            dlbm,
            out,
            input,
            json,
        } => plans::occupy(plans::OccupyArgs {
            parcels: &parcels,
            lines: &lines,
            survey: survey.as_deref(),
            dlbm: &dlbm,
            out: &out,
            input: &input,
            json,
        }),
        Command::Rules { profile } => check::rules(&profile),
        Command::Profile {
            name,
            resolved,
            list,
        } => check::profile(&name, resolved, list),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}
