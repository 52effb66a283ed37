//! Time as Safekeep keeps and shows it: moments are Unix seconds read from
//! the system clock, and are shown to people as UTC dates. Safekeep has no
//! time zone database, and a UTC stamp reads the same in every language and
//! in terminal scroll-back.

use std::time::{SystemTime, UNIX_EPOCH};

/// Now, in Unix seconds: 0 for a clock set before 1970.
pub fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| {
            i64::try_from(elapsed.as_secs()).unwrap_or(i64::MAX)
        })
}

/// A Unix time as its UTC date, `2025-11-25` (the recovery sheet's date,
/// and the dated names of exported files).
pub fn utc_date(unix: i64) -> String {
    let (year, month, day) = civil_from_days(unix.div_euclid(86_400));
    format!("{year:04}-{month:02}-{day:02}")
}

/// A Unix time as its UTC date and minute, `2025-11-25 14:02 UTC` (when a
/// backup token was used, in the CLI).
pub fn utc_minute(unix: i64) -> String {
    let seconds = unix.rem_euclid(86_400);
    format!(
        "{} {:02}:{:02} UTC",
        utc_date(unix),
        seconds / 3600,
        seconds % 3600 / 60
    )
}

/// The year, month and day of a count of days since 1970-01-01, in the
/// proleptic Gregorian calendar (Howard Hinnant's civil-from-days).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    const WHEN: i64 = 1_764_079_320; // 2025-11-25 14:02 UTC

    #[test]
    fn dates_are_utc() {
        assert_eq!(utc_date(0), "1970-01-01");
        assert_eq!(utc_date(951_782_400), "2000-02-29");
        assert_eq!(utc_date(WHEN), "2025-11-25");
    }

    #[test]
    fn times_are_printed_as_utc_dates() {
        assert_eq!(utc_minute(0), "1970-01-01 00:00 UTC");
        assert_eq!(utc_minute(1_764_079_320), "2025-11-25 14:02 UTC");
        assert_eq!(utc_minute(951_782_400), "2000-02-29 00:00 UTC");
    }
}
