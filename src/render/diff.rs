//! The views of `cicb diff`: one line per change, a JSON array, and the closing summary.

use std::io::{self, Write};

use super::{sanitize, Style};
use crate::diff::{Change, Op, Report};

/// A value as the human view shows it: compact JSON (a string in quotes, so `""` is visible),
/// terminal-unsafe characters escaped.
fn shown(value: &serde_json::Value) -> String {
    super::json::to_string(value)
}

/// One line for a change: `changed PATH: OLD → NEW`, `added item PATH: NEW`, `removed PATH: OLD`.
pub fn line(change: &Change, style: Style) -> String {
    let item = if change.item && change.op != Op::Changed { " item" } else { "" };
    let word = format!("{}{item}", change.op.as_str());
    let word = match change.op {
        Op::Added => style.green(&word),
        Op::Removed => style.red(&word),
        Op::Changed => style.yellow(&word),
    };
    let path = sanitize(&change.path);
    let value = |v: &Option<serde_json::Value>| v.as_ref().map_or_else(|| "(nothing)".to_string(), shown);
    match change.op {
        Op::Added => format!("{word} {path}: {}", value(&change.new)),
        Op::Removed => format!("{word} {path}: {}", value(&change.old)),
        Op::Changed => format!("{word} {path}: {} → {}", value(&change.old), value(&change.new)),
    }
}

/// Every change to report, one per line.
pub fn human(report: &Report, style: Style, out: &mut dyn Write) -> io::Result<()> {
    for c in report.shown() {
        writeln!(out, "{}", line(c, style))?;
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
    fn lines_and_summary() {
        let plain = Style { color: false };
        assert_eq!(
            line(&change(Op::Changed, Some("a\u{1b}[2J"), Some(""), None), plain),
            "changed Response.A\\x1b: \"a\\u001b[2J\" → \"\""
        );
        assert_eq!(line(&change(Op::Added, None, Some("x"), None), plain), "added item Response.A\\x1b: \"x\"");
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
