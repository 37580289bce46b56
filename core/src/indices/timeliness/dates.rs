//! Dates as the timeliness indicators read them.
//!
//! Values are parsed by [`instant`] (RFC 3339; a date-time without offset, taken as UTC; a
//! calendar date, taken as midnight UTC). A calendar date alone says which day, not when in it:
//! "due 2021-03-01" and "met 2021-03-01T15:00:00-06:00" are the same day, not a late milestone.
//! So whenever one side of a comparison or difference is a date only, both sides are compared as
//! the calendar days written (each date-time in its own offset); two date-times are compared as
//! instants.

use crate::indices::process::instant;
use chrono::{DateTime, FixedOffset, NaiveDate};

/// A date read from the data.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Moment {
    /// The instant, by [`instant`].
    pub instant: DateTime<FixedOffset>,
    /// The text was a calendar date without time (`YYYY-MM-DD`).
    pub date_only: bool,
}

impl Moment {
    /// A date as publishers write it; `None` when [`instant`] cannot read it.
    pub fn read(text: &str) -> Option<Moment> {
        let instant = instant(text)?;
        let date_only = NaiveDate::parse_from_str(text, "%Y-%m-%d").is_ok();
        Some(Moment { instant, date_only })
    }

    /// The calendar day as written (a date-time in its own offset).
    pub fn day(&self) -> NaiveDate {
        self.instant.date_naive()
    }

    /// Whole days from `self` to `later` (negative when `later` comes first): between the days
    /// written when either is a date only, else elapsed whole days truncated toward zero (as
    /// Cardinal's R003 counts them).
    pub fn days_until(&self, later: &Moment) -> i64 {
        if self.date_only || later.date_only {
            (later.day() - self.day()).num_days()
        } else {
            (later.instant - self.instant).num_days()
        }
    }

    /// `self` is not after `other`: by day when either is a date only, else by instant.
    pub fn on_or_before(&self, other: &Moment) -> bool {
        if self.date_only || other.date_only { self.day() <= other.day() } else { self.instant <= other.instant }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Moment {
        Moment::read(text).unwrap()
    }

    #[test]
    fn date_only_values_compare_by_day() {
        // Same day: on time although 15:00 local is after midnight UTC.
        assert!(at("2021-03-01T15:00:00-06:00").on_or_before(&at("2021-03-01")));
        assert!(!at("2021-03-02").on_or_before(&at("2021-03-01T23:00:00-06:00")));
        // Two date-times: instants (21:00 UTC is before 18:00 at -06:00, i.e. 00:00 UTC next day).
        assert!(at("2021-03-01T21:00:00Z").on_or_before(&at("2021-03-01T18:00:00-06:00")));
        assert!(at("2021-03-01").date_only && !at("2021-03-01T00:00:00").date_only);
    }

    #[test]
    fn whole_days() {
        // Elapsed 14 days 23 hours: 14, as Cardinal truncates.
        assert_eq!(at("2021-03-01T10:00:00Z").days_until(&at("2021-03-16T09:00:00Z")), 14);
        // A date only on one side: days written, 1 March → 16 March = 15.
        assert_eq!(at("2021-03-01T10:00:00-06:00").days_until(&at("2021-03-16")), 15);
        assert_eq!(at("2021-03-16").days_until(&at("2021-03-01")), -15);
        // Truncated toward zero: −36 h is −1.
        assert_eq!(at("2021-03-02T12:00:00Z").days_until(&at("2021-03-01T00:00:00Z")), -1);
        assert_eq!(Moment::read("16/03/2021"), None);
        assert_eq!(Moment::read("2015-11-04T00:00:00.-06:00"), Moment::read("2015-11-04T00:00:00-06:00"));
        assert_eq!(Moment::read("2015-11-04.5"), None);
    }
}
