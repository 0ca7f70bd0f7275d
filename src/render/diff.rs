//! The views of `cicb diff`: one line per change, a JSON array, and the closing summary.

use std::borrow::Cow;
use std::io::{self, Write};

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::{sanitize, Style};
use crate::diff::{Change, Op, Report};

/// A value as the human view shows it: compact JSON (a string in quotes, so `""` is visible),
/// terminal-unsafe characters escaped.
fn shown(value: &serde_json::Value) -> String {
    super::json::to_string(value)
}

/// One line for a change: `changed PATH: OLD → NEW`, `added item PATH: NEW`, `removed PATH: OLD`.
/// Within `width` columns, values too long for the line are cut (`…`) to fit what the path
/// leaves; the path is kept whole.
pub fn line(change: &Change, style: Style, width: Option<usize>) -> String {
    let item = if change.item && change.op != Op::Changed { " item" } else { "" };
    let word = format!("{}{item}", change.op.as_str());
    let path = sanitize(&change.path);
    let value = |v: &Option<serde_json::Value>| v.as_ref().map_or_else(|| "(nothing)".to_string(), shown);
    let arrow = " → ";
    let left = width.map_or(usize::MAX, |w| {
        let arrow = if change.op == Op::Changed { arrow.width() } else { 0 };
        w.saturating_sub(word.width() + 1 + path.width() + 2 + arrow)
    });
    let word = match change.op {
        Op::Added => style.green(&word),
        Op::Removed => style.red(&word),
        Op::Changed => style.yellow(&word),
    };
    match change.op {
        Op::Added => format!("{word} {path}: {}", cut(&value(&change.new), left)),
        Op::Removed => format!("{word} {path}: {}", cut(&value(&change.old), left)),
        Op::Changed => {
            let (old, new) = (value(&change.old), value(&change.new));
            // What the shorter value does not need goes to the other; else half each.
            let (o, n) = (old.width(), new.width());
            let (o, n) = if o <= left / 2 {
                (o, left - o)
            } else if n <= left / 2 {
                (left - n, n)
            } else {
                (left / 2, left - left / 2)
            };
            format!("{word} {path}: {}{arrow}{}", cut(&old, o), cut(&new, n))
        }
    }
}

/// The fewest columns a value is cut to, however long its path.
const MIN_VALUE: usize = 8;

/// `s` in at most `cols` columns (never fewer than [`MIN_VALUE`]): its start and `…` when it is
/// wider.
fn cut(s: &str, cols: usize) -> Cow<'_, str> {
    let cols = cols.max(MIN_VALUE);
    if s.width() <= cols {
        return Cow::Borrowed(s);
    }
    let mut used = 0;
    let mut end = 0;
    for (i, c) in s.char_indices() {
        used += c.width().unwrap_or(0);
        if used + 1 > cols {
            break;
        }
        end = i + c.len_utf8();
    }
    Cow::Owned(format!("{}…", &s[..end]))
}

/// Every change to report, one per line, fitting `width` columns when given.
pub fn human(report: &Report, style: Style, width: Option<usize>, out: &mut dyn Write) -> io::Result<()> {
    for c in report.shown() {
        writeln!(out, "{}", line(c, style, width))?;
    }
    Ok(())
}

/// The changes to report as a pretty JSON array of `{op, path, old, new, item}`.
pub fn json(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let changes: Vec<&Change> = report.shown().collect();
    super::json::to_writer(out, &changes, true)?;
    writeln!(out)
}

/// The closing line, for stderr: how many changes, and what was ignored.
pub fn summary(report: &Report) -> String {
    let n = report.shown().count();
    let mut s = match n {
        0 => "no changes".to_string(),
        1 => "1 change".to_string(),
        n => format!("{n} changes"),
    };
    let (volatile, paths) = report.ignored_counts();
    let mut ignored = Vec::new();
    if volatile > 0 {
        let kinds: Vec<&str> = report.ignored_volatile().iter().map(|v| v.as_str()).collect();
        ignored.push(format!("{volatile} in volatile values ({}; --all compares them)", kinds.join(", ")));
    }
    if paths > 0 {
        ignored.push(format!("{paths} under --ignore"));
    }
    if !ignored.is_empty() {
        s.push_str(&format!(", ignored {}", ignored.join(" and ")));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::{Ignored, Report};
    use crate::spec::volatile::Volatile;

    fn change(op: Op, old: Option<&str>, new: Option<&str>, ignored: Option<Ignored>) -> Change {
        let v = |s: Option<&str>| s.map(|s| serde_json::Value::String(s.into()));
        Change { op, path: "Response.A\u{1b}".into(), old: v(old), new: v(new), item: op == Op::Added, ignored }
    }

    #[test]
    fn a_line_fits_its_width_cutting_values_and_keeping_the_path() {
        let plain = Style { color: false };
        let long = "数据万象".repeat(30);
        let c = change(Op::Changed, Some("short"), Some(&long), None);
        for width in [50, 80, 120] {
            let l = line(&c, plain, Some(width));
            assert_eq!(l.width(), width, "{l}");
            // The short value whole, the long one cut at a character with `…`.
            assert!(l.starts_with("changed Response.A\\x1b: \"short\" → \"数据万象"), "{l}");
            assert!(l.ends_with('…'), "{l}");
        }
        let both = change(Op::Changed, Some(&"o".repeat(200)), Some(&"n".repeat(200)), None);
        let l = line(&both, plain, Some(80));
        assert_eq!(l.width(), 80, "{l}");
        // Two long values share the room half and half.
        let (old, new) = l.split_once(": ").unwrap().1.split_once(" → ").unwrap();
        assert!(old.width().abs_diff(new.width()) <= 1, "{l}");
        // A line that fits, and any line without a width, are whole.
        assert_eq!(line(&c, plain, None).matches("数据万象").count(), 30);
        let small = change(Op::Removed, Some("x"), None, None);
        assert_eq!(line(&small, plain, Some(80)), line(&small, plain, None));
        // A path too long for the width keeps it whole, each value a few characters.
        let deep = Change { path: "A.".repeat(60), ..change(Op::Added, None, Some(&long), None) };
        let l = line(&deep, plain, Some(80));
        assert!(l.starts_with(&format!("added item {}: ", "A.".repeat(60))) && l.ends_with(": \"数据万…"), "{l}");
    }

    #[test]
    fn lines_and_summary() {
        let plain = Style { color: false };
        assert_eq!(
            line(&change(Op::Changed, Some("a\u{1b}[2J"), Some(""), None), plain, None),
            "changed Response.A\\x1b: \"a\\u001b[2J\" → \"\""
        );
        assert_eq!(line(&change(Op::Added, None, Some("x"), None), plain, None), "added item Response.A\\x1b: \"x\"");
        let report = Report {
            changes: vec![
                change(Op::Removed, Some("x"), None, None),
                change(Op::Changed, Some("1"), Some("2"), Some(Ignored::Volatile(Volatile::Time))),
                change(Op::Changed, Some("1"), Some("2"), Some(Ignored::Volatile(Volatile::Id))),
                change(Op::Changed, Some("1"), Some("2"), Some(Ignored::Path)),
            ],
            unmatched: Vec::new(),
        };
        assert_eq!(
            summary(&report),
            "1 change, ignored 2 in volatile values (id, time; --all compares them) and 1 under --ignore"
        );
        assert_eq!(summary(&Report::default()), "no changes");
        let mut out = Vec::new();
        json(&report, &mut out).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(v, serde_json::json!([{"op": "removed", "path": "Response.A\u{1b}", "old": "x", "item": false}]));
    }
}
