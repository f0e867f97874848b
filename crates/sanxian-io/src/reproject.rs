//! Transforming layers between CRSs.
