#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod adjust;
mod calculator;
mod error;
mod gk;
mod ledger;
mod method;
mod series;
mod units;

pub use adjust::{
    adjust_groups, adjust_to_control, AdjustedArea, AreaAdjustment, ControlTotals, GroupAdjustment,
};
pub use calculator::{
    survey_densify, AreaCalculator, MAX_OFFSET_FROM_CENTRAL_MERIDIAN_M, SURVEY_ARCSEC_DECIMALS,
    SURVEY_DENSIFY_STEP_M, SURVEY_XY_DECIMALS,
};
pub use error::{Error, Result};
pub use gk::{GaussKrugerInverse, GkCursor, Lanes, LANES, LANE_ANCHOR_STEP};
pub use ledger::{
    find_declared_area_field, AreaDifference, AreaLedger, AreaProblem, AreaTolerance,
    DeclaredAreaField, DeclaredAreaReport, FeatureArea, GroupTotal, LedgerOptions,
    DECLARED_AREA_FIELDS,
};
pub use method::AreaMethod;
pub use series::{Eccentricity, SurveySeries};
pub use units::{
    format_half_away, ha_to_m2, m2_to_ha, m2_to_mu, mu_to_m2, round_half_away, AreaFigures,
    AreaUnit, Hundredths, M2_PER_HECTARE, M2_PER_MU_DENOMINATOR, M2_PER_MU_NUMERATOR,
};
