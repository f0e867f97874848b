//! `sanxian area`: official areas, ledgers, totals, adjustment to control totals.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use sanxian::area::{
    format_half_away, AreaLedger, AreaMethod, AreaTolerance, AreaUnit, ControlTotals,
    DeclaredAreaField, LedgerOptions,
};
use sanxian::io::csv::CsvWriter;
use serde_json::json;

use crate::InputArgs;

pub struct AreaArgs<'a> {
    pub layer: &'a Path,
    pub by: Option<&'a str>,
    pub method: AreaMethod,
    pub unit: AreaUnit,
    pub control: Option<&'a PathBuf>,
    pub csv: Option<&'a PathBuf>,
    pub tolerance_m2: f64,
    pub input: &'a InputArgs,
    pub json: bool,
}

fn in_unit(unit: AreaUnit, m2: f64) -> String {
    format_half_away(unit.from_m2(m2), 2)
}

pub fn run(args: AreaArgs<'_>) -> anyhow::Result<ExitCode> {
    let options = args.input.read_options()?;
    let layer = crate::inputs::read_one(args.layer, &options)?;
    let lost = crate::inputs::say_skipped(&layer);
    let input = sanxian::io::inspect::InputSummary::from(&layer);
    let crs = layer.crs.with_context(|| {
        format!(
            "{}: unknown CRS; state it with --crs EPSG:CODE",
            args.layer.display()
        )
    })?;
    let ledger_options = LedgerOptions {
        group_fields: args.by.map(|b| vec![b.to_string()]).unwrap_or_default(),
        declared: DeclaredAreaField::Auto,
        ..Default::default()
    };
    let ledger = AreaLedger::compute(&layer, args.method, &ledger_options)?;
    // The official ellipsoid area and the planar area are always reported beside the method's.
    let ellipsoid = if args.method == AreaMethod::Ellipsoid {
        ledger.total().area_m2
    } else {
        AreaLedger::compute(&layer, AreaMethod::Ellipsoid, &LedgerOptions::default())?
            .total()
            .area_m2
    };
    let planar = if crs.is_projected() {
        Some(
            AreaLedger::compute(&layer, AreaMethod::Planar, &LedgerOptions::default())?
                .total()
                .area_m2,
        )
    } else {
        None
    };
    let total = ledger.total();
    let groups = match args.by {
        Some(field) => Some(ledger.totals_by(field)?),
        None => None,
    };
    let adjustment = match args.control {
        Some(path) => {
            let field = args
                .by
                .context("--control needs --by FIELD: controls are per group")?;
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            let controls = ControlTotals::parse_csv(&text, args.unit, &path.display().to_string())?;
            Some(ledger.adjust(field, &controls)?)
        }
        None => None,
    };
    let declared = ledger
        .declared_field
        .is_some()
        .then(|| {
            ledger.compare_declared(AreaTolerance {
                abs_m2: args.tolerance_m2,
                relative: 0.0,
            })
        })
        .transpose()?;

    if let Some(path) = args.csv {
        let mut header = vec!["source".to_string(), "record".into(), "BSM".into()];
        header.extend(ledger.group_fields.iter().cloned());
        header.extend([
            "area_m2".into(),
            "area_ha".into(),
            "area_mu".into(),
            "declared_m2".into(),
        ]);
        if adjustment.is_some() {
            header.push(format!("adjusted_{}", args.unit.code()));
        }
        let mut w = CsvWriter::create(path, header)?;
        let adjusted: std::collections::BTreeMap<&sanxian::FeatureId, String> = adjustment
            .iter()
            .flat_map(|a| a.groups.iter().flat_map(|g| g.items.iter()))
            .map(|i| (&i.id, i.adjusted.to_string()))
            .collect();
        for f in &ledger.features {
            let mut row = vec![
                f.id.source.to_string(),
                f.id.record.to_string(),
                f.id.bsm.clone().unwrap_or_default(),
            ];
            row.extend(f.groups.iter().cloned());
            row.push(format_half_away(f.area_m2, 2));
            row.push(format_half_away(f.area_ha, 4));
            row.push(format_half_away(f.area_mu, 2));
            row.push(
                f.declared_m2
                    .map(|d| format_half_away(d, 2))
                    .unwrap_or_default(),
            );
            if adjustment.is_some() {
                row.push(adjusted.get(&f.id).cloned().unwrap_or_default());
            }
            w.row(row)?;
        }
        w.finish()?;
    }

    if args.json {
        let out = json!({
            "layer": layer.name,
            "path": layer.path,
            "crs": crs.to_string(),
            "method": args.method.to_string(),
            "unit": args.unit.code(),
            "total": {
                "features": total.features,
                "area_m2": total.area_m2,
                "ellipsoid_m2": ellipsoid,
                "planar_m2": planar,
                "ha": total.area_ha,
                "mu": total.area_mu,
                "value": in_unit(args.unit, total.area_m2),
            },
            "input": input,
            "groups": groups,
            "problems": ledger.problems,
            "declared": declared,
            "adjustment": adjustment,
        });
        out!("{}", serde_json::to_string_pretty(&out)?);
        return Ok(exit(lost));
    }
    out!(
        "{} ({}), {}, method {}; {} features of {} records",
        layer.name,
        layer.path,
        crs,
        args.method,
        input.features,
        input.records
    );
    out!(
        "total: {} features, {} {} ({} m², {} ha, {} mu); ellipsoid {} m²{}",
        total.features,
        in_unit(args.unit, total.area_m2),
        args.unit.symbol(),
        format_half_away(total.area_m2, 2),
        format_half_away(total.area_ha, 4),
        format_half_away(total.area_mu, 2),
        format_half_away(ellipsoid, 2),
        planar
            .map(|p| format!(", planar {} m²", format_half_away(p, 2)))
            .unwrap_or_default()
    );
    if let Some(groups) = &groups {
        out!("by {}:", args.by.unwrap_or_default());
        for g in groups {
            out!(
                "  {:<14} {:>7} features {:>16} {}",
                g.group,
                g.features,
                in_unit(args.unit, g.area_m2),
                args.unit.symbol()
            );
        }
    }
    if let Some(a) = &adjustment {
        out!("adjusted to controls ({}):", args.unit.symbol());
        for g in &a.groups {
            out!(
                "  {:<14} control {} computed {} rounded sum {} → adjusted sum {} ({} features)",
                g.group,
                g.control,
                format_half_away(g.computed, 2),
                g.rounded_sum,
                g.items.iter().map(|i| i.adjusted.0).sum::<i64>() as f64 / 100.0,
                g.items.len()
            );
        }
        for g in &a.groups_without_control {
            out!("  {g}: no control total given; not adjusted");
        }
        for g in &a.controls_without_items {
            out!("  {g}: control total given but no feature has this value");
        }
    }
    if let Some(d) = &declared {
        out!(
            "declared {} against {}: {} compared, {} differ by more than {} m², {} without a value",
            d.field,
            args.method,
            d.compared,
            d.differences.len(),
            args.tolerance_m2,
            d.missing.len()
        );
        for diff in d.differences.iter().take(20) {
            out!(
                "  {}: declared {:.2} computed {:.2}",
                diff.id,
                diff.declared_m2,
                diff.computed_m2
            );
        }
        if d.differences.len() > 20 {
            out!(
                "  … {} more (use --csv or --json for all)",
                d.differences.len() - 20
            );
        }
    }
    for p in &ledger.problems {
        out!("  not measured {}: {}", p.id, p.message);
    }
    if input.skipped > 0 {
        out!(
            "{} of {} records could not be read and are not in these totals (listed on stderr)",
            input.skipped,
            input.records
        );
    }
    Ok(exit(lost))
}

/// Exit code 1 when records of a control line were lost: its totals are incomplete.
fn exit(lost: bool) -> ExitCode {
    if lost {
        eprintln!(
            "records of a control line could not be read: the totals leave them out; exit code 1"
        );
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
