//! How long `glassbox check` lets each piece of a lesson run: 10 seconds, as the browser's
//! watchdog allows a run, unless the block says otherwise with `timeout=30s` (or `500ms`).
//!
//! A limit belongs to the block that gave it: a `python run` example, a `python check`, or the
//! files of an exercise (`timeout=` on any of its `python exercise`, `python solution`,
//! `python wrong` or `python solution alt` blocks: the longest wins).

use std::time::Duration;

/// What the browser allows a run before it stops the worker.
pub const DEFAULT: Duration = Duration::from_secs(10);

/// The attribute that sets a block's limit.
pub const ATTRIBUTE: &str = "timeout";

/// The limits the blocks of one lesson set; every other block gets [`DEFAULT`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TimeLimits {
    /// By the line of `lesson.md` where the block's code starts (examples and checks).
    by_line: Vec<(usize, Duration)>,
    /// By exercise id (the exercise's files, as starting code, solution, wrong or alt).
    by_exercise: Vec<(String, Duration)>,
}

impl TimeLimits {
    pub fn set_for_line(&mut self, line: usize, limit: Duration) {
        self.by_line.push((line, limit));
    }

    pub fn set_for_exercise(&mut self, exercise: &str, limit: Duration) {
        match self.by_exercise.iter_mut().find(|(id, _)| id == exercise) {
            Some((_, longest)) => *longest = (*longest).max(limit),
            None => self.by_exercise.push((exercise.to_owned(), limit)),
        }
    }

    /// The limit of the example or check whose code starts on `line`.
    pub fn for_line(&self, line: usize) -> Duration {
        self.by_line
            .iter()
            .find(|(at, _)| *at == line)
            .map_or(DEFAULT, |(_, limit)| *limit)
    }

    /// The limit for loading the files of exercise `id`.
    pub fn for_exercise(&self, id: &str) -> Duration {
        self.by_exercise
            .iter()
            .find(|(exercise, _)| exercise == id)
            .map_or(DEFAULT, |(_, limit)| *limit)
    }
}

/// Reads `30s`, `1.5s` or `500ms`; the error says how to write it.
pub fn parse(text: &str) -> Result<Duration, String> {
    let (number, scale) = if let Some(number) = text.strip_suffix("ms") {
        (number, 0.001)
    } else if let Some(number) = text.strip_suffix('s') {
        (number, 1.0)
    } else {
        return Err(format!(
            "`{ATTRIBUTE}={text}` needs a unit: write it in seconds (`{ATTRIBUTE}=30s`) or milliseconds (`{ATTRIBUTE}=500ms`)"
        ));
    };
    match number.parse::<f64>() {
        Ok(value) if value > 0.0 && value * scale <= 3600.0 => {
            Ok(Duration::from_secs_f64(value * scale))
        }
        _ => Err(format!(
            "`{ATTRIBUTE}={text}` is not a time limit: give a positive number of seconds up to an hour, e.g. `{ATTRIBUTE}=30s`"
        )),
    }
}

/// How messages say a limit: `10 s`, `1.5 s`, `500 ms`.
pub fn describe(limit: Duration) -> String {
    if limit.subsec_millis() == 0 {
        format!("{} s", limit.as_secs())
    } else if limit < Duration::from_secs(1) {
        format!("{} ms", limit.as_millis())
    } else {
        format!("{} s", limit.as_secs_f64())
    }
}

/// Splits `timeout=...` off an info string: the info string without it, and its value.
pub fn split_off(info: &str) -> (String, Option<String>) {
    let prefix = format!("{ATTRIBUTE}=");
    if !info.contains(&prefix) {
        return (info.to_owned(), None);
    }
    let mut value = None;
    let rest: Vec<&str> = info
        .split_whitespace()
        .filter(|word| match word.strip_prefix(&prefix) {
            Some(given) => {
                value = Some(given.trim_matches('"').to_owned());
                false
            }
            None => true,
        })
        .collect();
    (rest.join(" "), value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_read_in_seconds_or_milliseconds() {
        assert_eq!(parse("30s"), Ok(Duration::from_secs(30)));
        assert_eq!(parse("1.5s"), Ok(Duration::from_millis(1500)));
        assert_eq!(parse("500ms"), Ok(Duration::from_millis(500)));
        assert!(parse("30").unwrap_err().contains("needs a unit"));
        assert!(parse("-1s").is_err() && parse("0s").is_err() && parse("2h").is_err());
        assert_eq!(describe(Duration::from_secs(10)), "10 s");
        assert_eq!(describe(Duration::from_millis(500)), "500 ms");
        assert_eq!(describe(Duration::from_millis(1500)), "1.5 s");
    }

    #[test]
    fn the_attribute_comes_off_the_info_string() {
        assert_eq!(
            split_off("python run timeout=30s raises=ValueError"),
            ("python run raises=ValueError".into(), Some("30s".into()))
        );
        assert_eq!(split_off("python check"), ("python check".into(), None));
    }

    #[test]
    fn blocks_without_a_limit_get_the_default_and_an_exercise_the_longest() {
        let mut limits = TimeLimits::default();
        limits.set_for_line(12, Duration::from_secs(30));
        limits.set_for_exercise("main", Duration::from_secs(20));
        limits.set_for_exercise("main", Duration::from_secs(15));
        assert_eq!(limits.for_line(12), Duration::from_secs(30));
        assert_eq!(limits.for_line(13), DEFAULT);
        assert_eq!(limits.for_exercise("main"), Duration::from_secs(20));
        assert_eq!(limits.for_exercise("other"), DEFAULT);
    }
}
