//! Unit conversions at exact fractions and half-away-from-zero rounding (oracle: hand-computed
//! values; DOMAIN §4: 1 亩 = 2000/3 m², 15 亩 = 1 公顷).

use sanxian_area::{
    format_half_away, m2_to_ha, m2_to_mu, mu_to_m2, round_half_away, AreaUnit, Hundredths,
};

#[test]
fn mu_and_hectare_conversions_are_exact_at_exact_fractions() {
    assert_eq!(m2_to_mu(2000.0), 3.0);
    assert_eq!(m2_to_mu(10_000.0), 15.0);
    assert_eq!(m2_to_mu(1_000_000.0), 1500.0);
    assert_eq!(mu_to_m2(3.0), 2000.0);
    assert_eq!(mu_to_m2(15.0), 10_000.0);
    assert_eq!(m2_to_ha(10_000.0), 1.0);
    assert_eq!(m2_to_ha(25_000.0), 2.5);
    assert_eq!(AreaUnit::Hectares.from_m2(1.0), 1e-4);
    // One mu is 666.666… m², never 666.67.
    assert_eq!(format_half_away(mu_to_m2(1.0), 6), "666.666667");
    assert_ne!(mu_to_m2(1.0), 666.67);
    for unit in AreaUnit::ALL {
        for x in [0.0, 1.0, 2000.0, 123_456.789, 1e10] {
            let back = unit.to_m2(unit.from_m2(x));
            assert!(
                (back - x).abs() <= 2.0 * f64::EPSILON * x,
                "{unit} {x} {back}"
            );
        }
    }
    // 1 ha = 15 mu in every direction.
    assert_eq!(AreaUnit::Mu.from_m2(AreaUnit::Hectares.to_m2(1.0)), 15.0);
}

#[test]
fn units_parse_in_english_and_chinese() {
    assert_eq!("ha".parse::<AreaUnit>().unwrap(), AreaUnit::Hectares);
    assert_eq!("公顷".parse::<AreaUnit>().unwrap(), AreaUnit::Hectares);
    assert_eq!("亩".parse::<AreaUnit>().unwrap(), AreaUnit::Mu);
    assert_eq!("M2".parse::<AreaUnit>().unwrap(), AreaUnit::SquareMetres);
    assert_eq!(
        "平方米".parse::<AreaUnit>().unwrap(),
        AreaUnit::SquareMetres
    );
    assert!("acre".parse::<AreaUnit>().is_err());
    assert_eq!(AreaUnit::Mu.symbol(), "亩");
}

/// Oracle: decimal rounding by hand of the printed value, half away from zero.
#[test]
fn rounding_is_half_away_from_zero_on_the_printed_decimal() {
    let cases = [
        (0.125, 2, 0.13),
        (0.135, 2, 0.14),
        (1.005, 2, 1.01),
        (2.675, 2, 2.68),
        (1.015, 2, 1.02),
        (8.345, 2, 8.35),
        (-1.005, 2, -1.01),
        (-0.125, 2, -0.13),
        (0.5, 0, 1.0),
        (1.5, 0, 2.0),
        (2.5, 0, 3.0),
        (-2.5, 0, -3.0),
        (0.004999, 2, 0.0),
        (0.005, 2, 0.01),
        (9.995, 2, 10.0),
        (99.999_5, 3, 100.0),
        (1_234.564_999_999, 2, 1_234.56),
        (10_642_393_438.713, 2, 10_642_393_438.71),
        (0.000_05, 4, 0.000_1),
        (123_456_789.125, 2, 123_456_789.13),
        (1e20, 2, 1e20),
        (-0.001, 2, 0.0),
    ];
    for (x, d, want) in cases {
        assert_eq!(round_half_away(x, d), want, "round_half_away({x}, {d})");
    }
    assert!(round_half_away(f64::NAN, 2).is_nan());
    assert_eq!(round_half_away(f64::INFINITY, 2), f64::INFINITY);
}

#[test]
fn formatting_gives_exactly_the_asked_decimals() {
    assert_eq!(format_half_away(1.005, 2), "1.01");
    assert_eq!(format_half_away(2.0, 2), "2.00");
    assert_eq!(format_half_away(-0.004, 2), "0.00");
    assert_eq!(format_half_away(-0.005, 2), "-0.01");
    assert_eq!(format_half_away(0.07, 2), "0.07");
    assert_eq!(format_half_away(999.995, 2), "1000.00");
    assert_eq!(format_half_away(12.5, 0), "13");
    assert_eq!(format_half_away(1e-7, 3), "0.000");
    assert_eq!(format_half_away(1.25e-5, 6), "0.000013");
}

#[test]
fn hundredths_round_and_parse_exactly() {
    assert_eq!(Hundredths::from_value(1.005), Some(Hundredths(101)));
    assert_eq!(Hundredths::from_value(2.675), Some(Hundredths(268)));
    assert_eq!(Hundredths::from_value(-0.005), Some(Hundredths(-1)));
    assert_eq!(
        Hundredths::from_value(10_642_393_438.713),
        Some(Hundredths(1_064_239_343_871))
    );
    assert_eq!(Hundredths::from_value(f64::NAN), None);
    assert_eq!(Hundredths::from_value(1e30), None);
    assert_eq!(Hundredths::parse_exact("12"), Some(Hundredths(1200)));
    assert_eq!(Hundredths::parse_exact(" 12.3 "), Some(Hundredths(1230)));
    assert_eq!(Hundredths::parse_exact("+.05"), Some(Hundredths(5)));
    assert_eq!(Hundredths::parse_exact("1.2300"), Some(Hundredths(123)));
    assert_eq!(Hundredths::parse_exact("1.234"), None);
    assert_eq!(Hundredths::parse_exact("1e3"), None);
    assert_eq!(Hundredths::parse_exact(""), None);
    assert_eq!(Hundredths::parse_exact("99999999999999999999"), None);
    assert_eq!(Hundredths(123_456).to_string(), "1234.56");
    assert_eq!(format!("{:>8}", Hundredths(5)), "    0.05");
}
