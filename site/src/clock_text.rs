//! The Lab's clock as text while it runs in real time: the app's time read from the worker,
//! moved on by the time that has passed on the page since (the worker is not asked again each
//! second), written as `glassbox.clock.state()` writes it.

/// `seconds` since the epoch as `2026-01-01T00:05:00+00:00` (UTC, whole seconds).
pub fn iso(seconds: f64) -> String {
    let whole = seconds.floor() as i64;
    let (days, second_of_day) = (whole.div_euclid(86_400), whole.rem_euclid(86_400));
    // Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
    let shifted = days + 719_468;
    let era = shifted.div_euclid(146_097);
    let day_of_era = shifted.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}+00:00",
        second_of_day / 3600,
        second_of_day % 3600 / 60,
        second_of_day % 60
    )
}

/// The app's time now: `read` (its time when the Lab read it) plus what passed since, unless
/// the clock is frozen.
pub fn ticking(read: f64, frozen: bool, read_at_ms: f64, now_ms: f64) -> f64 {
    if frozen {
        read
    } else {
        read + (now_ms - read_at_ms).max(0.0) / 1000.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_read_as_iso_and_run_on_unless_frozen() {
        assert_eq!(iso(0.0), "1970-01-01T00:00:00+00:00");
        assert_eq!(iso(1_767_225_900.7), "2026-01-01T00:05:00+00:00");
        assert_eq!(iso(951_825_600.0), "2000-02-29T12:00:00+00:00");
        assert_eq!(ticking(100.0, false, 5_000.0, 8_500.0), 103.5);
        assert_eq!(ticking(100.0, true, 5_000.0, 8_500.0), 100.0);
    }
}
