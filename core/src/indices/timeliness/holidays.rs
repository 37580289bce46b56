//! Non-working days for TIM-08 (suspicious dates): weekends, Mexico's federal rest days, and
//! days the configuration lists.
//!
//! The federal rest days are those of the Ley Federal del Trabajo, art. 74: 1 January, 1 May,
//! 16 September and 25 December; the first Monday of February (for 5 February), the third
//! Monday of March (for 21 March) and the third Monday of November (for 20 November) since the
//! reform published in the DOF on 17 January 2006 (for March from 2007, by its second
//! transitory article), the fixed dates before; and the day the federal executive changes hands
//! every six years: 1 December until 2018, 1 October from 2024. Election days (fraction IX) and
//! state or municipal holidays vary, so they go in the configured list.

use chrono::{Datelike, NaiveDate, Weekday};
use std::collections::BTreeSet;

/// Why a day is not a working day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NonWorking {
    /// A Saturday.
    Saturday,
    /// A Sunday.
    Sunday,
    /// A rest day of the Ley Federal del Trabajo, art. 74.
    FederalHoliday,
    /// A day of the configured list.
    ListedHoliday,
}

impl NonWorking {
    /// How a reason names it.
    pub fn describe(self) -> &'static str {
        match self {
            NonWorking::Saturday => "a Saturday",
            NonWorking::Sunday => "a Sunday",
            NonWorking::FederalHoliday => "a Mexican federal holiday",
            NonWorking::ListedHoliday => "a listed holiday",
        }
    }

    /// The same in Spanish.
    pub fn describe_es(self) -> &'static str {
        match self {
            NonWorking::Saturday => "sábado",
            NonWorking::Sunday => "domingo",
            NonWorking::FederalHoliday => "día de descanso obligatorio federal",
            NonWorking::ListedHoliday => "un día inhábil de la lista",
        }
    }
}

/// The days TIM-08 treats as non-working.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Calendar {
    /// Count Mexico's federal rest days.
    pub mexican_federal: bool,
    /// Further days (election days, state and local holidays…).
    pub listed: BTreeSet<NaiveDate>,
}

impl Calendar {
    /// Whether `day` is a weekend or holiday, and which (a weekend first).
    pub fn non_working(&self, day: NaiveDate) -> Option<NonWorking> {
        match day.weekday() {
            Weekday::Sat => Some(NonWorking::Saturday),
            Weekday::Sun => Some(NonWorking::Sunday),
            _ if self.mexican_federal && is_federal_holiday(day) => Some(NonWorking::FederalHoliday),
            _ if self.listed.contains(&day) => Some(NonWorking::ListedHoliday),
            _ => None,
        }
    }
}

/// `day` is a rest day of the Ley Federal del Trabajo, art. 74 (fractions I–VIII).
pub fn is_federal_holiday(day: NaiveDate) -> bool {
    let year = day.year();
    let monday = |month: u32, n: u8, fixed: u32, since: i32| {
        if year >= since {
            NaiveDate::from_weekday_of_month_opt(year, month, Weekday::Mon, n)
        } else {
            NaiveDate::from_ymd_opt(year, month, fixed)
        }
    };
    let transmission = (year - 2024).rem_euclid(6) == 0;
    let handover = match () {
        _ if !transmission => None,
        _ if year >= 2024 => NaiveDate::from_ymd_opt(year, 10, 1),
        _ => NaiveDate::from_ymd_opt(year, 12, 1),
    };
    let fixed =
        [(1, 1), (5, 1), (9, 16), (12, 25)].into_iter().filter_map(|(m, d)| NaiveDate::from_ymd_opt(year, m, d));
    fixed
        .chain([monday(2, 1, 5, 2006), monday(3, 3, 21, 2007), monday(11, 3, 20, 2006), handover].into_iter().flatten())
        .any(|holiday| holiday == day)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn federal_holidays_by_year() {
        // 2021 (official calendar): 1 Feb, 15 Mar, 15 Nov are the Mondays.
        for holiday in
            ["2021-01-01", "2021-02-01", "2021-03-15", "2021-05-01", "2021-09-16", "2021-11-15", "2021-12-25"]
        {
            assert!(is_federal_holiday(day(holiday)), "{holiday}");
        }
        assert!(!is_federal_holiday(day("2021-02-05")), "the date it commemorates is a working day");
        assert!(!is_federal_holiday(day("2021-11-20")));
        // 2006: February and November moved to Mondays (6 Feb, 20 Nov), March not until 2007.
        assert!(is_federal_holiday(day("2006-02-06")) && !is_federal_holiday(day("2006-02-05")));
        assert!(is_federal_holiday(day("2006-03-21")) && !is_federal_holiday(day("2006-03-20")));
        assert!(is_federal_holiday(day("2007-03-19")));
        assert!(is_federal_holiday(day("2005-11-20")));
        // Transmission of the federal executive.
        assert!(is_federal_holiday(day("2018-12-01")) && !is_federal_holiday(day("2019-12-01")));
        assert!(is_federal_holiday(day("2024-10-01")) && !is_federal_holiday(day("2024-12-01")));
        assert!(is_federal_holiday(day("2030-10-01")));
    }

    #[test]
    fn weekends_then_holidays_then_the_list() {
        let calendar = Calendar { mexican_federal: true, listed: [day("2024-06-03")].into() };
        assert_eq!(calendar.non_working(day("2024-06-01")), Some(NonWorking::Saturday));
        assert_eq!(calendar.non_working(day("2024-06-02")), Some(NonWorking::Sunday));
        assert_eq!(calendar.non_working(day("2024-06-03")), Some(NonWorking::ListedHoliday));
        assert_eq!(calendar.non_working(day("2024-09-16")), Some(NonWorking::FederalHoliday));
        assert_eq!(calendar.non_working(day("2024-06-04")), None);
        let plain = Calendar::default();
        assert_eq!(plain.non_working(day("2024-09-16")), None);
    }
}
