//! Area adjustment (平差): exact sums, proportional quotas, deterministic ties.

mod common;

use common::SplitMix64;
use sanxian_area::{adjust_groups, adjust_to_control, AreaUnit, ControlTotals, Error, Hundredths};

fn sum(v: &[Hundredths]) -> i64 {
    v.iter().map(|h| h.0).sum()
}

/// Oracle: hand computation. Three equal thirds under 1.00: quotas 33⅓ each, one hundredth
/// left, all remainders and areas tie, so the smallest id gets it.
#[test]
fn equal_thirds_give_the_odd_hundredth_to_the_smallest_id() {
    let third = 1.0 / 3.0;
    let items = [("c", third), ("a", third), ("b", third)];
    let adj = adjust_to_control(&items, Hundredths(100)).unwrap();
    assert_eq!(adj, [Hundredths(33), Hundredths(34), Hundredths(33)]);
}

/// Oracle: hand computation. Areas 1 and 3 under 0.02: quotas 0.5 and 1.5 hundredths, both
/// remainders exactly one half; the larger area wins the tie.
#[test]
fn equal_remainders_go_to_the_larger_area() {
    let items = [(1, 1.0), (2, 3.0)];
    let adj = adjust_to_control(&items, Hundredths(2)).unwrap();
    assert_eq!(adj, [Hundredths(0), Hundredths(2)]);
    // Equal areas and remainders: the smaller id, whatever the input order.
    let items = [(9, 5.0), (4, 5.0), (7, 5.0)];
    let adj = adjust_to_control(&items, Hundredths(1)).unwrap();
    assert_eq!(adj, [Hundredths(0), Hundredths(1), Hundredths(0)]);
}

/// Oracle: hand computation. When the rounded parts already add up to the control nothing
/// moves; when they exceed it, the patches with the largest remainders keep their hundredth.
#[test]
fn differences_are_distributed_by_area() {
    // 2.004 + 1.004 rounds to 2.00 + 1.00 = 3.00: unchanged.
    let items = [("x", 2.004), ("y", 1.004)];
    assert_eq!(
        adjust_to_control(&items, Hundredths(300)).unwrap(),
        [Hundredths(200), Hundredths(100)]
    );
    // 3 × 1.004 rounds to 3.00 but the control is 2.99: quotas 99⅔, the two smallest ids keep
    // 1.00.
    let items = [("a", 1.004), ("b", 1.004), ("c", 1.004)];
    assert_eq!(
        adjust_to_control(&items, Hundredths(299)).unwrap(),
        [Hundredths(100), Hundredths(100), Hundredths(99)]
    );
    // A 0.10 surplus over 90 : 10 goes 9 : 1.
    let items = [("big", 90.0), ("small", 10.0)];
    assert_eq!(
        adjust_to_control(&items, Hundredths(10_010)).unwrap(),
        [Hundredths(9009), Hundredths(1001)]
    );
    // Zero-area items get nothing.
    let items = [("a", 0.0), ("b", 2.5)];
    assert_eq!(
        adjust_to_control(&items, Hundredths(260)).unwrap(),
        [Hundredths(0), Hundredths(260)]
    );
}

#[test]
fn impossible_adjustments_are_errors() {
    let none: [(u32, f64); 0] = [];
    assert_eq!(adjust_to_control(&none, Hundredths(0)).unwrap(), []);
    assert!(matches!(
        adjust_to_control(&none, Hundredths(5)),
        Err(Error::CannotDistribute { .. })
    ));
    assert!(matches!(
        adjust_to_control(&[(1, 0.0)], Hundredths(5)),
        Err(Error::CannotDistribute { .. })
    ));
    assert_eq!(
        adjust_to_control(&[(1, 0.0)], Hundredths(0)).unwrap(),
        [Hundredths(0)]
    );
    assert!(matches!(
        adjust_to_control(&[(1, 1.0)], Hundredths(-1)),
        Err(Error::CannotDistribute { .. })
    ));
    assert!(matches!(
        adjust_to_control(&[(1, -1.0)], Hundredths(1)),
        Err(Error::InvalidArea { .. })
    ));
    assert!(matches!(
        adjust_to_control(&[(1, f64::NAN)], Hundredths(1)),
        Err(Error::InvalidArea { .. })
    ));
    assert!(matches!(
        adjust_to_control(&[(1, 1e300)], Hundredths(1)),
        Err(Error::InvalidArea { .. })
    ));
    assert!(matches!(
        adjust_to_control(&[(1, 1e-300), (2, 2e-300)], Hundredths(1)),
        Err(Error::CannotDistribute { .. })
    ));
    // Extremes that stay in range: a county in m² hundredths, and a 1e-200 sliver beside it.
    let adj = adjust_to_control(
        &[(1, 9e16), (2, 1e-200)],
        Hundredths(9_000_000_000_000_000_000 / 1000),
    )
    .unwrap();
    assert_eq!(adj.iter().map(|h| h.0).sum::<i64>(), 9_000_000_000_000_000);
}

/// Property, 3000 seeded cases: the adjusted values sum exactly to the control, each lies
/// within one hundredth of its proportional quota, and the result per item does not depend on
/// the order the items come in.
#[test]
fn adjusted_values_sum_exactly_to_the_control() {
    let mut rng = SplitMix64(2024);
    for case in 0..3000 {
        let n = rng.int(1, 60) as usize;
        let style = case % 4;
        let items: Vec<(u64, f64)> = (0..n)
            .map(|i| {
                let area = match style {
                    0 => rng.uniform(0.0, 10.0),             // ha-sized parts
                    1 => 10f64.powf(rng.uniform(-3.0, 6.0)), // wide spread
                    2 => (rng.int(1, 4) as f64) / 3.0,       // many exact ties
                    _ => {
                        if rng.int(0, 4) == 0 {
                            0.0
                        } else {
                            rng.uniform(1e3, 1e9) // m² of counties
                        }
                    }
                };
                (i as u64 * 7 % 61, area)
            })
            .collect();
        let total: f64 = items.iter().map(|(_, a)| a).sum();
        if total == 0.0 {
            continue;
        }
        let rounded: i64 = items
            .iter()
            .map(|(_, a)| Hundredths::from_value(*a).unwrap().0)
            .sum();
        let control = match rng.int(0, 2) {
            0 => rounded,
            1 => rounded + rng.int(-(n as i64), n as i64),
            _ => (rounded as f64 * (1.0 + rng.uniform(-1e-3, 1e-3))).round() as i64,
        }
        .max(0);
        let adj = adjust_to_control(&items, Hundredths(control)).unwrap();
        assert_eq!(sum(&adj), control, "case {case}");
        for ((_, a), h) in items.iter().zip(&adj) {
            let quota = control as f64 * a / total;
            assert!(
                (h.0 as f64 - quota).abs() < 1.0 + 1e-6 * quota.abs(),
                "case {case}: {} vs quota {quota}",
                h.0
            );
        }
        // Reversed input, same result per item.
        let mut rev = items.clone();
        rev.reverse();
        let mut adj_rev = adjust_to_control(&rev, Hundredths(control)).unwrap();
        adj_rev.reverse();
        assert_eq!(adj, adj_rev, "case {case}");
    }
}

#[test]
fn controls_parse_from_csv() {
    let csv =
        "\u{feff}XZQDM,控制面积\n# comment\n\n330110001, 1234.5\n\"330110002\",\"0.07\"\n011,3\n";
    let c = ControlTotals::parse_csv(csv, AreaUnit::Hectares, "controls.csv").unwrap();
    assert_eq!(c.len(), 3);
    assert_eq!(c.get("330110001"), Some(Hundredths(123_450)));
    assert_eq!(c.get("330110002"), Some(Hundredths(7)));
    assert_eq!(c.get("011"), Some(Hundredths(300)));
    // Without header.
    let c = ControlTotals::parse_csv("a,1\nb,2.5", AreaUnit::SquareMetres, "x").unwrap();
    assert_eq!(
        c.iter().collect::<Vec<_>>(),
        [("a", Hundredths(100)), ("b", Hundredths(250))]
    );

    for (bad, what) in [
        ("g,c\na,1.234\n", "line 2"),
        ("g,c\na,1\na,2\n", "line 3"),
        ("g,c\na\n", "line 2"),
        ("g,c\n,5\n", "line 2"),
        ("g,c\n\"a,1\n", "line 2"),
    ] {
        let err = ControlTotals::parse_csv(bad, AreaUnit::Hectares, "controls.csv").unwrap_err();
        let msg = err.to_string();
        assert!(
            msg.starts_with("controls.csv") && msg.contains(what),
            "{msg}"
        );
    }
}

#[test]
fn groups_are_adjusted_separately_and_reported() {
    let mut controls = ControlTotals::new(AreaUnit::Hectares, "hand");
    controls.insert("v1", Hundredths(301)).unwrap();
    controls.insert("v2", Hundredths(500)).unwrap();
    controls.insert("v9", Hundredths(100)).unwrap();
    assert!(controls.insert("v9", Hundredths(1)).is_err());
    let items = vec![
        ("v2".to_string(), 3, 2.5),
        ("v1".to_string(), 1, 1.004),
        ("v3".to_string(), 4, 9.0),
        ("v1".to_string(), 2, 2.004),
        ("v2".to_string(), 5, 2.5),
    ];
    let adj = adjust_groups(items, &controls).unwrap();
    assert_eq!(adj.groups.len(), 2);
    let v1 = &adj.groups[0];
    assert_eq!(v1.group, "v1");
    assert_eq!(v1.rounded_sum, Hundredths(300));
    assert_eq!(v1.difference(), Hundredths(1));
    let ids: Vec<u32> = v1.items.iter().map(|i| i.id).collect();
    assert_eq!(ids, [1, 2]);
    // Quotas 100.43 and 200.57: the larger remainder (item 2) takes the hundredth.
    assert_eq!(
        v1.items.iter().map(|i| i.adjusted).collect::<Vec<_>>(),
        [Hundredths(100), Hundredths(201)]
    );
    assert_eq!(v1.items[1].change(), Hundredths(1));
    assert_eq!(
        adj.groups[1]
            .items
            .iter()
            .map(|i| i.adjusted)
            .sum::<Hundredths>(),
        Hundredths(500)
    );
    assert_eq!(adj.groups_without_control, ["v3"]);
    assert_eq!(adj.controls_without_items, ["v9"]);

    // A group that cannot be distributed is named in the error.
    let mut controls = ControlTotals::new(AreaUnit::Hectares, "hand");
    controls.insert("v1", Hundredths(5)).unwrap();
    let err = adjust_groups(vec![("v1".to_string(), 1, 0.0)], &controls).unwrap_err();
    assert!(err.to_string().contains("group 'v1'"), "{err}");
}
