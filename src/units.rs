//! Durations, byte sizes, bitrates and frame rates as a person reads them: the one place their
//! text is decided. Pure functions of numbers and of numeric text; no terminal code, so data
//! modules ([`crate::summary`]) may call them too.

/// `21s`, `1m03s`, `2h05m09s`; negative as `-5s`.
pub fn duration(secs: i64) -> String {
    if secs < 0 {
        return format!("-{}", duration(secs.saturating_neg()));
    }
    let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    if h > 0 {
        format!("{h}h{m:02}m{s:02}s")
    } else if m > 0 {
        format!("{m}m{s:02}s")
    } else {
        format!("{s}s")
    }
}

/// Seconds as written in a body: `24.000000` → `24s`, `3.84` → `3.8s`, `143.73` → `2m24s`.
/// `None` when the text is not a finite, non-negative number.
pub fn seconds(s: &str) -> Option<String> {
    let v: f64 = s.trim().parse().ok()?;
    if !v.is_finite() || v < 0.0 {
        return None;
    }
    if v < 10.0 && v.fract() != 0.0 {
        return Some(format!("{}s", trim_number(&format!("{v:.1}"))));
    }
    Some(duration(v.round() as i64))
}

/// A bitrate as kb/s. Bodies write kb/s with decimals (`1286.441000`) or bit/s as an integer
/// (`1031968`): an integer of 10 000 or more is taken as bit/s.
pub fn kbps(s: &str) -> Option<String> {
    let s = s.trim();
    let v: f64 = s.parse().ok()?;
    let kbps = if !s.contains('.') && v >= 10_000.0 { v / 1000.0 } else { v };
    Some(format!("{} kb/s", kbps.round() as i64))
}

/// A byte count written as decimal text, in binary units: `24911` → `24.3 KiB`. `None` when
/// the text is not a non-negative integer.
pub fn bytes(s: &str) -> Option<String> {
    s.trim().parse().ok().map(byte_size)
}

/// A byte count in binary units: `512 B`, `24.3 KiB`, `3.7 MiB`.
pub fn byte_size(v: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut value = v as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{v} B")
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

/// `25`, `25/1` → `25`; `30000/1001` → `29.97`; `25.500000` → `25.5`.
pub fn frame_rate(s: &str) -> String {
    match s.split_once('/') {
        Some((n, d)) => match (n.trim().parse::<f64>(), d.trim().parse::<f64>()) {
            (Ok(n), Ok(d)) if d != 0.0 => trim_number(&format!("{:.2}", n / d)).to_string(),
            _ => s.to_string(),
        },
        None => trim_number(s).to_string(),
    }
}

/// `25.500000` → `25.5`, `25.000` → `25`.
pub fn trim_number(s: &str) -> &str {
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.')
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(duration(0), "0s");
        assert_eq!(duration(21), "21s");
        assert_eq!(duration(63), "1m03s");
        assert_eq!(duration(3600), "1h00m00s");
        assert_eq!(duration(2 * 3600 + 5 * 60 + 9), "2h05m09s");
        assert_eq!(duration(-5), "-5s");
        assert_eq!(duration(i64::MIN).chars().next(), Some('-'));
    }

    #[test]
    fn numbers() {
        assert_eq!(seconds("24.000000").as_deref(), Some("24s"));
        assert_eq!(seconds("3.840000").as_deref(), Some("3.8s"));
        assert_eq!(seconds("143.732000").as_deref(), Some("2m24s"));
        assert_eq!(seconds("x"), None);
        assert_eq!(kbps("1286.441000").as_deref(), Some("1286 kb/s"));
        assert_eq!(kbps("1031968").as_deref(), Some("1032 kb/s"));
        assert_eq!(kbps("836").as_deref(), Some("836 kb/s"));
        assert_eq!(bytes("24911").as_deref(), Some("24.3 KiB"));
        assert_eq!(bytes("512").as_deref(), Some("512 B"));
        assert_eq!(bytes("3859323").as_deref(), Some("3.7 MiB"));
        assert_eq!(bytes("-1"), None);
        assert_eq!(trim_number("25.500000"), "25.5");
        assert_eq!(trim_number("25"), "25");
        assert_eq!(frame_rate("30000/1001"), "29.97");
        assert_eq!(frame_rate("25/1"), "25");
        assert_eq!(frame_rate("25.500000"), "25.5");
        assert_eq!(frame_rate("x/0"), "x/0");
    }
}
