//! The written files read back as generated, with the manifest's record numbers.

mod common;

use common::county;
use sanxian_gen::{manifest_json, write, OutputFormats};
use sanxian_io::{read_layer, ReadOptions};
use sanxian_types::{Crs, Value};

#[test]
fn written_layers_read_back_identically_in_both_formats() {
    let c = county(0.01, 42, true);
    let dir = tempfile::tempdir().expect("temporary folder");
    write(&c, dir.path(), OutputFormats::Both).expect("written");
    for l in c.layers() {
        let cpg = std::fs::read_to_string(dir.path().join(format!("{}.cpg", l.name)));
        assert_eq!(cpg.expect(".cpg").trim(), "GBK");
        assert!(dir.path().join(format!("{}.prj", l.name)).exists());
        for ext in ["shp", "geojson"] {
            let path = dir.path().join(format!("{}.{ext}", l.name));
            let back = read_layer(&path, &ReadOptions::default()).expect("readable");
            assert_eq!(back.kind, l.kind, "{ext}");
            assert_eq!(back.crs, Crs::from_epsg(4527), "{ext}");
            assert_eq!(back.features.len(), l.features.len(), "{ext}");
            let names: Vec<_> = back.fields.iter().map(|f| f.name.as_str()).collect();
            let want: Vec<_> = l.fields.iter().map(|f| f.name.as_str()).collect();
            assert_eq!(names, want);
            for (a, b) in l.features.iter().zip(&back.features) {
                assert_eq!(a.id.record, b.id.record);
                assert_eq!(a.id.bsm, b.id.bsm, "{ext} {}", a.id);
                assert_eq!(a.geometry, b.geometry, "{ext} {}", a.id);
                for (va, vb) in a.attributes.iter().zip(&b.attributes) {
                    match (va, vb) {
                        (Value::Real(x), vb) => assert_eq!(Some(*x), vb.as_f64(), "{ext} {}", a.id),
                        // A DBF has no null text: blank text reads back as null.
                        _ => assert_eq!(
                            va.as_str().filter(|t| !t.is_empty()),
                            vb.as_str().filter(|t| !t.is_empty()),
                            "{ext} {}",
                            a.id
                        ),
                    }
                }
            }
        }
    }
    let manifest = std::fs::read_to_string(dir.path().join("manifest.json")).expect("manifest");
    assert_eq!(manifest.trim_end(), manifest_json(&c.manifest));
}

#[test]
fn writing_twice_gives_the_same_bytes() {
    let c = county(0.005, 9, true);
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    write(&c, a.path(), OutputFormats::Both).unwrap();
    write(&county(0.005, 9, true), b.path(), OutputFormats::Both).unwrap();
    let mut names: Vec<_> = std::fs::read_dir(a.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    names.sort();
    assert_eq!(names.len(), 4 * 6 + 1, "{names:?}");
    for n in names {
        let x = std::fs::read(a.path().join(&n)).unwrap();
        let y = std::fs::read(b.path().join(&n)).unwrap();
        assert!(x == y, "{n:?} differs");
    }
}
