//! The timestamp formats the published bodies use.

use chrono::{DateTime, FixedOffset};

/// Parses `2022-06-30T15:29:42+0800`, `2022-08-09 14:54:17+0800` and `2021-08-10T21:01:10+08:00`
/// (fractional seconds and `Z` accepted too).
pub fn parse_time(raw: &str) -> Option<DateTime<FixedOffset>> {
    let s = raw.trim();
    if s.len() < 19 {
        return None;
    }
    DateTime::parse_from_rfc3339(s)
        .ok()
        .or_else(|| DateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f%z").ok())
        .or_else(|| DateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S%.f%z").ok())
        .or_else(|| DateTime::parse_from_rfc3339(&s.replacen(' ', "T", 1)).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_three_published_formats() {
        let a = parse_time("2022-06-30T15:29:42+0800").unwrap();
        let b = parse_time("2022-08-09 14:54:17+0800").unwrap();
        let c = parse_time("2021-08-10T21:01:10+08:00").unwrap();
        assert_eq!(a.to_rfc3339(), "2022-06-30T15:29:42+08:00");
        assert_eq!(b.to_rfc3339(), "2022-08-09T14:54:17+08:00");
        assert_eq!(c.to_rfc3339(), "2021-08-10T21:01:10+08:00");
        assert!(parse_time("").is_none());
        assert!(parse_time("2022-13-45T99:00:00+0800").is_none());
        assert!(parse_time("yesterday").is_none());
    }
}
