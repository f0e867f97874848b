//! A draft folder, entry by entry: every entry is read or listed with its reason.
//!
//! Regression: a dangling symbolic link named YJJBNTBHTB.shp made `check` drop the farmland
//! layer without a word; FIFOs, device files, link loops, orphan .dbf/.shx files and folders
//! named like layer files were skipped silently.
#![cfg(unix)]

use std::fs;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};

use sanxian_io::{read_draft, ReadOptions};

fn demo(file: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../testdata/demo")
        .join(file)
}

#[test]
fn every_entry_is_read_or_listed_with_its_reason() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for ext in ["shp", "shx", "dbf", "prj", "cpg"] {
        fs::copy(
            demo(&format!("STBHHX.{ext}")),
            d.join(format!("STBHHX.{ext}")),
        )
        .unwrap();
    }
    symlink(d.join("gone/YJJBNTBHTB.shp"), d.join("YJJBNTBHTB.shp")).unwrap();
    symlink(d.join("loop_b"), d.join("loop_a.shp")).unwrap();
    symlink(d.join("loop_a.shp"), d.join("loop_b")).unwrap();
    fs::write(d.join("CZKFBJ.dbf"), b"orphan").unwrap();
    fs::write(d.join("CZKFBJ.shx"), b"orphan").unwrap();
    fs::create_dir(d.join("XZQ.shp")).unwrap();
    fs::create_dir(d.join("old")).unwrap();
    fs::write(d.join("notes.txt"), "notes").unwrap();
    fs::write(d.join("manifest.json"), "{\"name\": \"a manifest\"}").unwrap();
    fs::write(d.join(".DS_Store"), "x").unwrap();
    fs::write(d.join("README"), "x").unwrap();
    let fifo = std::process::Command::new("mkfifo")
        .arg(d.join("pipe.geojson"))
        .status()
        .is_ok_and(|s| s.success());

    let folder = read_draft(d, &ReadOptions::default()).unwrap();
    assert_eq!(folder.layers.len(), 1);
    assert_eq!(folder.layers[0].name, "STBHHX");
    let listed: Vec<(String, String)> = folder
        .unused
        .iter()
        .map(|u| {
            (
                u.path.file_name().unwrap().to_string_lossy().into_owned(),
                u.reason.clone(),
            )
        })
        .collect();
    let reason = |name: &str| {
        listed
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, r)| r.as_str())
            .unwrap_or_else(|| panic!("{name} not listed: {listed:#?}"))
    };
    assert!(
        reason("YJJBNTBHTB.shp").starts_with("dangling symbolic link"),
        "{listed:?}"
    );
    assert!(reason("loop_a.shp").starts_with("symbolic link loop"));
    assert!(reason("loop_b").starts_with("symbolic link loop"));
    assert!(reason("CZKFBJ.dbf").starts_with("orphan .dbf file"));
    assert!(reason("CZKFBJ.shx").starts_with("orphan .shx file"));
    assert!(reason("XZQ.shp").starts_with("a folder named like a layer file"));
    assert!(reason("old").starts_with("a sub-folder"));
    assert!(reason("notes.txt").contains("not a layer format"));
    assert!(reason("manifest.json").starts_with("JSON that is not GeoJSON"));
    assert!(reason(".DS_Store").contains("not a layer format"));
    assert!(reason("README").starts_with("no file extension"));
    let expected = 11 + usize::from(fifo);
    if fifo {
        assert_eq!(reason("pipe.geojson"), "not a regular file (a FIFO)");
    }
    // Every entry of the folder: 5 files of the one layer read, the rest listed.
    assert_eq!(folder.unused.len(), expected, "{listed:#?}");
    assert_eq!(fs::read_dir(d).unwrap().count(), 5 + expected);
}

#[test]
fn a_missing_path_says_so() {
    let err = read_draft(Path::new("no/such/draft"), &ReadOptions::default()).unwrap_err();
    assert_eq!(err.to_string(), "no/such/draft: no such file or folder");
    let err =
        sanxian_io::read_path(Path::new("no/such/layer.shp"), &ReadOptions::default()).unwrap_err();
    assert_eq!(err.to_string(), "no/such/layer.shp: no such file or folder");
}

#[test]
fn names_that_are_not_utf8_are_shown_escaped() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    // 永久 in GBK: not UTF-8.
    let name = std::ffi::OsStr::from_bytes(b"\xd3\xc0\xbe\xc3.txt");
    fs::write(dir.path().join(name), "x").unwrap();
    let folder = read_draft(dir.path(), &ReadOptions::default()).unwrap();
    let json = serde_json::to_string(&folder.unused).unwrap();
    assert!(json.contains(r"\\xd3\\xc0\\xbe\\xc3.txt"), "{json}");
    let err = sanxian_io::read_path(
        &dir.path()
            .join(std::ffi::OsStr::from_bytes(b"\xd3\xc0.shp")),
        &ReadOptions::default(),
    )
    .unwrap_err();
    assert!(err.to_string().contains(r"\xd3\xc0.shp"), "{err}");
}
