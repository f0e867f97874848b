//! Profiles: the built-in ones parse and say what QC.md says; `extends` merges; every kind of
//! mistake in a profile file is refused with the entry named.

use sanxian_rules::profile::{FieldKind, Presence};
use sanxian_rules::{Exceptions, Profile};

#[test]
fn the_built_in_profiles_parse_and_hold_the_layers_of_qc_md() {
    let three = Profile::builtin("three-lines").unwrap();
    let codes: Vec<&str> = three.layers.iter().map(|l| l.code.as_str()).collect();
    assert_eq!(codes, ["XZQ", "DLTB", "STBHHX", "YJJBNTBHTB", "CZKFBJ"]);
    for (code, required) in [
        ("STBHHX", true),
        ("YJJBNTBHTB", true),
        ("CZKFBJ", true),
        ("XZQ", true),
        ("DLTB", false),
    ] {
        assert_eq!(three.layer(code).unwrap().required, required, "{code}");
    }
    // QC.md §2: XZQDM C12, BSM C18 on every line; aliases XZQDM ≈ XJXZQDM ≈ SZXJXZQDM.
    for code in ["STBHHX", "YJJBNTBHTB", "CZKFBJ"] {
        let l = three.layer(code).unwrap();
        let x = l.field("XJXZQDM").unwrap();
        assert_eq!(
            (x.name.as_str(), x.kind, x.length),
            ("XZQDM", FieldKind::Text, Some(12))
        );
        let b = l.field("BSM").unwrap();
        assert_eq!(
            (b.length, b.presence, b.unique),
            (Some(18), Presence::M, true)
        );
        assert!(l.within_admin);
    }
    // The survey part is inherited: DLTB's TBMJ N(15,2) > 0, the DLBM dictionary with K.
    let dltb = three.layer("DLTB").unwrap();
    assert_eq!(dltb.field("TBMJ").unwrap().type_text(), "N(15,2)");
    let d = &three.dictionaries["DLBM"];
    assert_eq!(d.lookup("0201K"), Some(("0201", "果园")));
    assert_eq!(d.lookup("0101"), Some(("0101", "水田")));
    assert_eq!(d.lookup("9999"), None);
    assert!(three.conditions.iter().any(|c| c.id == "czcsxm-mining"));
    assert!(three.formulas.iter().any(|f| f.id == "tbdlmj"));
    assert!(three.formulas.iter().any(|f| f.id == "yjjbntmj"));
    // The three-lines XZQ does not inherit the survey's element code (unconfirmed for plans).
    assert!(three
        .layer("XZQ")
        .unwrap()
        .field("YSDM")
        .unwrap()
        .values
        .is_empty());
    let survey = Profile::builtin("dltb-3rd-survey").unwrap();
    assert_eq!(
        survey.layer("XZQ").unwrap().field("YSDM").unwrap().values,
        ["1000600100"]
    );
    assert!(survey.layer("DLTB").unwrap().required);
    assert!(survey.layer("STBHHX").is_none());
    // [math] merged key by key: the red line may be geographic, the rest inherited.
    assert_eq!(three.math.geographic_layers, ["STBHHX"]);
    assert_eq!((three.math.zone_width, three.math.precision_m), (3, 0.0001));
    assert_eq!(three.profile.extends.as_deref(), Some("dltb-3rd-survey"));
    // Every layer and every condition, formula and control says where it comes from.
    for p in [&three, &survey] {
        for l in &p.layers {
            assert!(!l.source.trim().is_empty(), "{}", l.code);
        }
        assert!(p.conditions.iter().all(|c| !c.source.is_empty()));
        assert!(p.formulas.iter().all(|c| !c.source.is_empty()));
        assert!(p.dictionaries.values().all(|c| !c.source.is_empty()));
    }
}

#[test]
fn a_variant_extends_a_built_in_profile_and_changes_only_what_it_lists() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("province.toml");
    std::fs::write(
        &path,
        r#"
[profile]
extends = "three-lines"
id = "province"
title = "某省三线"
version = "1"
source = "test"

[tolerances]
topology_m = 0.01

[[layer]]
code = "YJJBNTBHTB"
  [[layer.field]]
  name = "YSDM"
  values = ["2090020000"]
  [[layer.field]]
  name = "DKBH"
  type = "C"
  length = 10
  presence = "O"

[[condition]]
id = "czcsxm-special"
layer = "DLTB"
when = "DLBM = '09'"
then = "CZCSXM in ['205', '205A']"
source = "province"

[dictionary.GDPDJB]
title = "坡度"
source = "province"
codes = { "1" = "平", "2" = "陡" }
"#,
    )
    .unwrap();
    let p = Profile::from_path(&path).unwrap();
    assert_eq!(p.profile.id, "province");
    assert_eq!(p.tolerances.topology_m, 0.01);
    assert_eq!(p.tolerances.xy_m, 0.001);
    let farm = p.layer("YJJBNTBHTB").unwrap();
    assert_eq!(farm.field("YSDM").unwrap().values, ["2090020000"]);
    assert_eq!(farm.field("YSDM").unwrap().length, Some(10));
    assert_eq!(farm.fields.last().unwrap().name, "DKBH");
    assert!(farm.required);
    let c: Vec<_> = p
        .conditions
        .iter()
        .filter(|c| c.id == "czcsxm-special")
        .collect();
    assert_eq!(c.len(), 1);
    assert!(c[0].then.contains("205A"));
    assert_eq!(p.dictionaries["GDPDJB"].codes.len(), 2);
    // A variant of the variant, by relative path.
    let path2 = dir.path().join("city.toml");
    std::fs::write(
        &path2,
        "[profile]\nextends = \"province.toml\"\nid = \"city\"\ntitle = \"t\"\nversion = \"1\"\nsource = \"s\"\n",
    )
    .unwrap();
    let c = Profile::from_path(&path2).unwrap();
    assert_eq!(c.tolerances.topology_m, 0.01);
    // A cycle is refused.
    std::fs::write(
        &path2,
        "[profile]\nextends = \"city.toml\"\nid = \"city\"\ntitle = \"t\"\nversion = \"1\"\nsource = \"s\"\n",
    )
    .unwrap();
    let e = Profile::from_path(&path2).unwrap_err().to_string();
    assert!(e.contains("deep"), "{e}");
}

fn refused(extra: &str) -> String {
    let text = format!(
        r#"
[profile]
id = "t"
title = "t"
version = "1"
source = "s"
[math]
datum = "CGCS2000"
projection = "gauss-kruger"
precision_m = 0.0001
precision_deg = 1e-9
source = "s"
[tolerances]
xy_m = 0.001
topology_m = 0.001
source = "s"
[[layer]]
code = "DLTB"
name = "地类图斑"
kind = "survey"
source = "s"
  [[layer.field]]
  name = "YSDM"
  type = "C"
  [[layer.field]]
  name = "DLBM"
  type = "C"
{extra}
"#
    );
    match Profile::from_toml(&text, "t.toml") {
        Ok(_) => panic!("accepted: {extra}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn mistakes_in_a_profile_are_refused_with_the_entry_named() {
    let cases = [
        ("  dictionary = \"NOPE\"", "no [dictionary.NOPE]"),
        ("  pattern = \"([0-9\"", "pattern does not parse"),
        ("  presence = \"C\"", "needs a `when`"),
        ("  when = \"DLBM in ['01*'\"", "expected ']'"),
        ("  unique_within = \"ZLDWDM\"", "unique_within = 'ZLDWDM'"),
        ("  lenght = 5", "unknown field `lenght`"),
        ("  [[layer.field]]\n  name = \"X1\"\n  type = \"X\"", "type 'X'"),
        ("  range = \"0..5\"", "not an interval"),
        (
            "[[condition]]\nid = \"c\"\nlayer = \"DLTB\"\nthen = \"CZCSXM = '204'\"\nsource = \"s\"",
            "CZCSXM is not a field of DLTB",
        ),
        (
            "[[formula]]\nid = \"f\"\nlayer = \"DLTB\"\ncheck = \"DLBM\"\nsource = \"s\"",
            "must be a comparison",
        ),
        (
            "[[formula]]\nid = \"f\"\nlayer = \"XZQ\"\ncheck = \"A = B\"\nsource = \"s\"",
            "no [[layer]] XZQ",
        ),
        ("[rules]\ngap = 1", "[rules.gap] must be a table"),
    ];
    for (extra, want) in cases {
        let e = refused(extra);
        assert!(e.contains(want), "{extra}: {e}");
        assert!(e.contains("t.toml"), "{e}");
    }
    // Wrong kind, a duplicated layer, a bad datum.
    let e = refused("[[layer]]\ncode = \"DLTB\"\nname = \"x\"\nkind = \"survey\"\nsource = \"s\"");
    assert!(e.contains("appears twice"), "{e}");
    let e = Profile::from_toml("[profile]\nid = \"x\"", "y.toml")
        .unwrap_err()
        .to_string();
    assert!(e.contains("y.toml"), "{e}");
    let e = Profile::builtin("province").unwrap_err().to_string();
    assert!(e.contains("three-lines, dltb-3rd-survey"), "{e}");
}

#[test]
fn exceptions_read_from_csv_and_toml() {
    let x = Exceptions::from_csv(
        "code,layer,bsm,field,reason\n4002,YJJBNTBHTB,349901100000123,DLBM,已确认\n6301,XZQ,,,争议区\n\n",
        "e.csv",
    )
    .unwrap();
    assert_eq!(x.rows.len(), 2);
    assert_eq!(x.rows[1].bsm, "");
    assert_eq!(x.rows[0].at, "e.csv line 2");
    let e = Exceptions::from_csv("code,layer,bsm,field,reason\n4002,,1,,r\n", "e.csv")
        .unwrap_err()
        .to_string();
    assert!(e.contains("e.csv line 2: layer is empty"), "{e}");
    let t = Exceptions::from_toml(
        "[[exception]]\ncode = \"gap\"\nlayer = \"XZQ\"\nreason = \"r\"\n",
        "e.toml",
    )
    .unwrap();
    assert_eq!(t.rows[0].code, "gap");
    assert!(
        Exceptions::from_toml("[[exception]]\ncode = \"gap\"\nlayr = \"XZQ\"\n", "e.toml").is_err()
    );
}
