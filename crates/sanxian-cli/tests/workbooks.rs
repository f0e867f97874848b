//! The Excel workbooks beside the CSV ledgers, opened with a spreadsheet reader (calamine) as
//! Excel opens them: codes and BSMs are text (`0101` stays `0101`, an 18-digit BSM is not
//! turned into 3.49901E+17), areas are numbers equal to the CSV's, each sheet has its header,
//! the totals rows are there.

use std::path::{Path, PathBuf};
use std::process::Command;

use calamine::{open_workbook, Data, Reader, Xlsx};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn sanxian(args: &[&str]) {
    let o = Command::new(env!("CARGO_BIN_EXE_sanxian"))
        .args(args)
        .current_dir(root())
        .output()
        .unwrap();
    assert!(
        o.status.code() == Some(0) || o.status.code() == Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

fn csv_rows(path: &Path) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    r.records()
        .map(|rec| rec.unwrap().iter().map(str::to_string).collect())
        .collect()
}

/// Every cell of the sheet against the CSV: text columns the same text, number columns the
/// same number.
fn assert_sheet_is_the_csv(book: &Path, sheet: &str, csv: &Path) {
    let mut wb: Xlsx<_> = open_workbook(book).unwrap();
    let range = wb.worksheet_range(sheet).unwrap();
    let rows = csv_rows(csv);
    assert_eq!(range.height(), rows.len(), "{sheet}: rows");
    let header = &rows[0];
    for (r, want) in rows.iter().enumerate() {
        for (c, w) in want.iter().enumerate() {
            let got = range.get((r, c)).unwrap_or(&Data::Empty);
            let numeric = header[c].ends_with("_m2")
                || header[c].ends_with("_ha")
                || header[c].ends_with("_mu")
                || header[c].ends_with("_pct")
                || ["pieces", "piece", "no", "level", "findings"].contains(&header[c].as_str());
            match got {
                Data::String(s) => {
                    assert_eq!(s, w, "{sheet} r{r} c{c} ({})", header[c]);
                    assert!(!numeric || r == 0, "{sheet} r{r} {}: text {s:?}", header[c]);
                }
                Data::Float(x) => {
                    assert!(numeric && r > 0, "{sheet} r{r} {}: number {x}", header[c]);
                    let want: f64 = w.parse().unwrap();
                    assert_eq!(*x, want, "{sheet} r{r} {}", header[c]);
                }
                Data::Int(x) => assert_eq!(x.to_string(), *w),
                Data::Empty => assert!(w.is_empty(), "{sheet} r{r} c{c}: empty vs {w:?}"),
                other => panic!("{sheet} r{r} c{c}: {other:?}"),
            }
        }
    }
}

#[test]
fn tabulation_workbook_keeps_codes_as_text_and_areas_as_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("tab");
    sanxian(&[
        "tabulate",
        "testdata/demo/DLTB.shp:DLBM",
        "testdata/bureau/DLTB2019.shp:DLBM",
        "--out",
        out.to_str().unwrap(),
    ]);
    let book = out.join("tabulation.xlsx");
    assert_sheet_is_the_csv(&book, "汇总 tabulation", &out.join("tabulation.csv"));
    let mut wb: Xlsx<_> = open_workbook(&book).unwrap();
    let range = wb.worksheet_range("汇总 tabulation").unwrap();
    // DLBM codes with a leading zero stay text.
    assert_eq!(range.get((1, 1)), Some(&Data::String("0101".into())));
    let last = range.height() - 1;
    assert_eq!(range.get((last, 0)), Some(&Data::String("合计".into())));
}

#[test]
fn findings_workbook_has_a_summary_a_county_sheet_and_a_sheet_per_rule() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report");
    sanxian(&[
        "check",
        "testdata/demo",
        "--out",
        out.to_str().unwrap(),
        "--exit-zero",
        "-q",
    ]);
    let book = out.join("findings.xlsx");
    assert_sheet_is_the_csv(&book, "全部 all", &out.join("findings.csv"));
    let mut wb: Xlsx<_> = open_workbook(&book).unwrap();
    let names = wb.sheet_names();
    assert_eq!(&names[..3], ["汇总 by rule", "县区 by county", "全部 all"]);
    let rows = csv_rows(&out.join("findings.csv"));
    let mut codes: Vec<&str> = rows[1..].iter().map(|r| r[1].as_str()).collect();
    codes.sort();
    codes.dedup();
    assert_eq!(names.len(), 3 + codes.len());
    // The summary counts every finding once, in its 合计 row.
    let summary = wb.worksheet_range("汇总 by rule").unwrap();
    let last = summary.height() - 1;
    assert_eq!(summary.get((last, 0)), Some(&Data::String("合计".into())));
    assert_eq!(
        summary.get((last, 4)),
        Some(&Data::Float((rows.len() - 1) as f64))
    );
    // A BSM is text.
    let all = wb.worksheet_range("全部 all").unwrap();
    let bsm = (1..all.height())
        .find_map(|r| match all.get((r, 9)) {
            Some(Data::String(s)) if !s.is_empty() => Some(s.clone()),
            _ => None,
        })
        .expect("a finding with a BSM");
    assert!(
        bsm.chars().all(|c| c.is_ascii_digit()) && bsm.len() >= 10,
        "{bsm}"
    );
}

#[test]
fn every_analysis_ledger_has_its_workbook() {
    let dir = tempfile::tempdir().unwrap();
    let compare = |out: &Path| {
        sanxian(&[
            "compare-plans",
            "testdata/plans/plan_a.geojson",
            "--class-a",
            "DLBM",
            "testdata/plans/plan_b.geojson",
            "--class-b",
            "YDDM",
            "--mapping",
            "testdata/plans/mapping.toml",
            "--lines",
            "testdata/demo/STBHHX.shp",
            "--out",
            out.to_str().unwrap(),
        ])
    };
    let cmp = dir.path().join("cmp");
    compare(&cmp);
    assert_sheet_is_the_csv(
        &cmp.join("pieces.xlsx"),
        "图斑 pieces",
        &cmp.join("pieces.csv"),
    );
    assert_sheet_is_the_csv(
        &cmp.join("priority.xlsx"),
        "按优先级 by priority",
        &cmp.join("priority.csv"),
    );
    let ov = dir.path().join("ov");
    sanxian(&[
        "overlaps",
        "testdata/demo/YJJBNTBHTB.shp",
        "testdata/demo/STBHHX.shp",
        "--out",
        ov.to_str().unwrap(),
    ]);
    assert_sheet_is_the_csv(
        &ov.join("overlaps.xlsx"),
        "重叠 overlaps",
        &ov.join("overlaps.csv"),
    );
    let occ = dir.path().join("occ");
    sanxian(&[
        "occupy",
        "testdata/plans/parcels.geojson",
        "--lines",
        "testdata/demo/STBHHX.shp",
        "--out",
        occ.to_str().unwrap(),
    ]);
    assert_sheet_is_the_csv(
        &occ.join("occupancy.xlsx"),
        "压占 occupancy",
        &occ.join("occupancy.csv"),
    );
    // The same ledger, the same bytes.
    let again = dir.path().join("cmp2");
    compare(&again);
    assert_eq!(
        std::fs::read(cmp.join("pieces.xlsx")).unwrap(),
        std::fs::read(again.join("pieces.xlsx")).unwrap()
    );
}
