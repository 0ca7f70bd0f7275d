//! rustc-style diagnostics: a message, `--> file:line:col`, the source line and a caret.

use std::fmt::Write;
use std::ops::Range;

use super::Style;
use crate::sanitize::sanitize;

pub use crate::validate::Level;

/// One diagnostic to render: where it points and what it says.
#[derive(Debug, Clone)]
pub struct Report<'a> {
    pub level: Level,
    /// Shown after the level, as rustc prints `error[E0308]`: `warning[unknown-node]`.
    pub code: Option<&'a str>,
    pub title: &'a str,
    /// The file name as given, or `<stdin>`.
    pub origin: &'a str,
    /// The whole input; empty when it must not be echoed.
    pub source: &'a [u8],
    /// A byte range in `source`.
    pub span: Range<usize>,
    /// `= path: ...`, `= help: ...` lines.
    pub notes: &'a [String],
    /// The line and column of `span.start`, when the caller has them (from
    /// [`crate::decode::error::Positions`], for many reports on one source); else counted here.
    pub at: Option<(usize, usize)>,
}

impl<'a> Report<'a> {
    /// An error without code or notes.
    pub fn error(title: &'a str, origin: &'a str, source: &'a [u8], span: Range<usize>) -> Self {
        Report { level: Level::Error, code: None, title, origin, source, span, notes: &[], at: None }
    }

    /// Renders the report. Pure: same input, same text.
    ///
    /// The line holding `span.start` is shown (sanitized, at most 200 characters around the
    /// column) with carets under the span (clipped to that line, at least one).
    pub fn render(&self, style: Style) -> String {
        self.render_fit(style, None)
    }

    /// As [`Report::render`], with the headline wrapped at `width` columns (at spaces, never
    /// inside a word), its next lines under the headline's first word after the label.
    pub fn render_fit(&self, style: Style, width: Option<usize>) -> String {
        let Report { level, code, title, origin, source, ref span, notes, at } = *self;
        let origin = sanitize(origin);
        let start = span.start.min(source.len());
        let (line, col) = at.unwrap_or_else(|| crate::decode::error::line_column(source, start));
        // The part of the line shown is at most 200 characters around the column: only the bytes
        // that can hold them are looked at (a line of a one-line body can be 50 MB long).
        let near = |from: usize, to: usize| &source[from.max(start.saturating_sub(NEAR))..to.min(start + NEAR)];
        let before = near(0, start);
        let after = near(start, source.len());
        let line_start =
            before.iter().rposition(|&b| b == b'\n').map_or(start - before.len(), |i| start - before.len() + i + 1);
        let line_end = after.iter().position(|&b| b == b'\n').map_or(start + after.len(), |i| start + i);
        // Whole characters at the cut ends; the caret counts from where the text shown starts.
        let starts_char = |i: usize| i == source.len() || source[i] & 0xC0 != 0x80;
        let line_start = (line_start..start).find(|&i| starts_char(i)).unwrap_or(start);
        let line_end = (start..=line_end).rev().find(|&i| starts_char(i)).unwrap_or(start);
        let cut_before = line_start > 0 && source[line_start - 1] != b'\n';
        let cut_after = line_end < source.len() && source[line_end] != b'\n';
        let text = String::from_utf8_lossy(&source[line_start..line_end]);
        let text = text.trim_end_matches('\r');
        let col0 = if cut_before { crate::decode::error::char_count(&source[line_start..start]) } else { col - 1 };

        let mut out = String::new();
        let name = level.as_str();
        let name = match code {
            Some(code) => format!("{name}[{code}]"),
            None => name.to_string(),
        };
        let label = match level {
            Level::Error => style.red(&name),
            Level::Warning => style.yellow(&name),
        };
        let lines = headline(&name, &sanitize(title), width);
        for (i, line) in lines.iter().enumerate() {
            if i == 0 {
                let _ = writeln!(out, "{label}: {}", style.bold(line));
            } else {
                let _ = writeln!(out, "{}{}", " ".repeat(name.len() + 2), style.bold(line));
            }
        }
        let gutter = line.to_string().len();
        let pad = " ".repeat(gutter);
        let _ = writeln!(out, "{pad}{} {origin}:{line}:{col}", style.blue("-->"));
        if source.is_empty() {
            for n in notes {
                let _ = writeln!(out, "{pad} {} {}", style.blue("="), sanitize(n));
            }
            return out;
        }
        // Show at most 200 characters around the column, so a single-line 50 MB body stays readable,
        // and no more than fit the width beside the gutter, the bar and two ellipses.
        let room = width.map_or(200, |w| w.saturating_sub(gutter + 5).clamp(20, 200));
        let chars: Vec<char> = text.chars().collect();
        let (from, to) = window(chars.len(), col0, room);
        let shown: String = chars[from..to].iter().collect();
        let prefix = if from > 0 || cut_before { "…" } else { "" };
        let suffix = if to < chars.len() || cut_after { "…" } else { "" };
        let shown = format!("{prefix}{}{suffix}", sanitize(&shown));
        let before: String = chars[from..col0.min(to)].iter().collect();
        let caret_at = prefix.chars().count() + sanitize(&before).chars().count();
        // The carets stop where the text shown does.
        let span_text = String::from_utf8_lossy(&source[start..span.end.min(line_end).max(start)]);
        let visible: String = chars[col0.min(to)..to].iter().collect();
        let carets = sanitize(&span_text).chars().count().min(sanitize(&visible).chars().count()).max(1);

        let bar = style.blue("|");
        let _ = writeln!(out, "{pad} {bar}");
        let _ = writeln!(out, "{} {bar} {shown}", style.blue(&line.to_string()));
        let _ = writeln!(out, "{pad} {bar} {}{}", " ".repeat(caret_at), style.red(&"^".repeat(carets)));
        for n in notes {
            let _ = writeln!(out, "{pad} {} {}", style.blue("="), sanitize(n));
        }
        out
    }
}

/// The lines of a headline `{name}: {title}` at `width`: the title's words, wrapped so that
/// each line after the first starts under its first word. A word wider than a line stays
/// whole; too narrow a width (under 20 columns for the words) leaves the title on one line.
pub(crate) fn headline(name: &str, title: &str, width: Option<usize>) -> Vec<String> {
    let indent = name.chars().count() + 2;
    match width {
        Some(w) if w >= indent + 20 && !title.trim().is_empty() => {
            let pad = " ".repeat(indent);
            let opts = textwrap::Options::new(w)
                .initial_indent(&pad)
                .subsequent_indent(&pad)
                .break_words(false)
                .word_separator(textwrap::WordSeparator::AsciiSpace)
                .word_splitter(textwrap::WordSplitter::NoHyphenation);
            textwrap::wrap(title, opts)
                .into_iter()
                .map(|l| l.strip_prefix(pad.as_str()).unwrap_or(&l).to_string())
                .collect()
        }
        _ => vec![title.to_string()],
    }
}

/// How far from the column the source is looked at, each way: 200 characters of up to four bytes.
const NEAR: usize = 800;

fn window(len: usize, at: usize, width: usize) -> (usize, usize) {
    if len <= width {
        return (0, len);
    }
    let from = at.saturating_sub(width / 2).min(len - width);
    (from, from + width)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headlines_wrap_under_their_first_word_and_keep_words_whole() {
        let title = "JobsDetail.Operation.MediaResult.OutputFile has no ObjectName, which a Transcode job that \
                     succeeded carries: https://cloud.tencent.com/document/product/460/84790#a-very-long-anchor";
        let r = Report { code: Some("required"), ..Report::error(title, "a.xml", b"<Response/>", 0..1) };
        let text = r.render_fit(Style { color: false }, Some(60));
        let head: Vec<&str> = text.lines().take_while(|l| !l.trim_start().starts_with("-->")).collect();
        assert!(head.len() > 2, "{text}");
        assert!(head[0].starts_with("error[required]: JobsDetail"), "{text}");
        for line in &head[1..] {
            assert!(line.starts_with(&" ".repeat(17)) && !line[17..].starts_with(' '), "{text}");
        }
        // Every word is whole on some line; only the URL, wider than a line, passes 60 columns.
        for word in title.split(' ') {
            assert!(head.iter().any(|l| l.split(' ').any(|w| w == word)), "{word} split:\n{text}");
        }
        for line in &head {
            assert!(line.chars().count() <= 60 || line.contains("https://"), "{text}");
        }
        // No width: one line, as before.
        assert_eq!(r.render(Style { color: false }).lines().next().unwrap(), format!("error[required]: {title}"));
    }

    #[test]
    fn renders_like_rustc() {
        let src = b"<A>\n  <B>x</C>\n</A>\n";
        let out = Report::error("mismatched", "f.xml", src, 10..14).render(Style { color: false });
        assert_eq!(out, "error: mismatched\n --> f.xml:2:7\n  |\n2 |   <B>x</C>\n  |       ^^^^\n");
    }

    #[test]
    fn a_long_line_shows_its_part_around_the_column() {
        // Only the bytes near the column are read; what is shown is the same 200 characters
        // however long the line, whatever the width of its characters, given its position or not.
        for filler in ["x", "数", "🎬"] {
            for len in [0, 40, 99, 100, 101, 250, 3000] {
                let side = filler.repeat(len);
                let src = format!("first\n{side}<Bad/>{side}\nlast");
                let start = 6 + side.len();
                let report = Report::error("m", "a.xml", src.as_bytes(), start..start + 6);
                let given = Report { at: Some((2, len + 1)), ..report.clone() }.render(Style { color: false });
                let out = report.render(Style { color: false });
                assert_eq!(given, out);
                // rustc's layout, at most 100 characters before the column and 200 in all.
                let total = 2 * len + 6;
                let (from, to) = if total <= 200 { (0, total) } else { (len.saturating_sub(100).min(total - 200), 0) };
                let to = if total <= 200 { to } else { from + 200 };
                let (before, after) = (len - from, to - len - 6);
                let shown = format!(
                    "{}{}<Bad/>{}{}",
                    if from > 0 { "…" } else { "" },
                    filler.repeat(before),
                    filler.repeat(after),
                    if to < total { "…" } else { "" }
                );
                let caret = " ".repeat(before + usize::from(from > 0));
                let expected = format!(" --> a.xml:2:{}\n  |\n2 | {shown}\n  | {caret}^^^^^^\n", len + 1);
                assert!(out.ends_with(&expected), "{filler} × {len}:\n{out}\nexpected:\n{expected}");
            }
        }
    }

    #[test]
    fn a_long_line_fits_the_width_with_its_caret_under_the_span() {
        let src = format!("{}<Bad>{}</Bad>{}", "x".repeat(500), "数".repeat(300), "y".repeat(500));
        let start = 500;
        for (width, room) in [(80, 74), (120, 114), (40, 34), (10, 20), (400, 200)] {
            let report = Report::error("mismatched closing tag", "a.xml", src.as_bytes(), start..src.len());
            let out = report.render_fit(Style { color: false }, Some(width));
            let lines: Vec<&str> = out.lines().collect();
            let (shown, caret) = (lines[3].strip_prefix("1 | ").unwrap(), lines[4].strip_prefix("  | ").unwrap());
            // The window's characters, an ellipsis at each cut end.
            assert_eq!(shown.chars().count(), room + 2, "width {width}:\n{out}");
            assert!(shown.starts_with('…') && shown.ends_with('…'), "{out}");
            // Carets from `<Bad>` to the end of what is shown, never past it.
            let at = caret.find('^').unwrap();
            assert_eq!(&shown[shown.char_indices().nth(at).unwrap().0..][..5], "<Bad>", "{out}");
            assert_eq!(caret.chars().count(), shown.chars().count() - 1, "{out}");
        }
    }

    #[test]
    fn echoed_source_is_sanitized() {
        let src = "<A>\u{1b}[2J</B>".as_bytes();
        let out = Report::error("m", "-", src, 7..11).render(Style { color: false });
        assert!(!out.contains('\u{1b}'));
        assert!(out.contains("\\x1b[2J"));
        // the caret still sits under `</B>`
        assert!(out.ends_with(&format!("| {}^^^^\n", " ".repeat(10))), "{out}");
    }

    #[test]
    fn codes_and_notes() {
        let src = b"<Response>\n  <MeidaInfo/>\n</Response>\n";
        let notes = ["path: Response.MeidaInfo".to_string(), "help: did you mean `MediaInfo`?".to_string()];
        let out = Report {
            level: Level::Warning,
            code: Some("unknown-node"),
            title: "unknown",
            origin: "f.xml",
            source: src,
            span: 13..25,
            notes: &notes,
            at: None,
        }
        .render(Style { color: false });
        assert_eq!(
            out,
            "warning[unknown-node]: unknown\n --> f.xml:2:3\n  |\n2 |   <MeidaInfo/>\n  |   ^^^^^^^^^^^^\n\
             \x20 = path: Response.MeidaInfo\n  = help: did you mean `MediaInfo`?\n"
        );
        let colored =
            Report { code: Some("syntax"), ..Report::error("t", "f", src, 0..1) }.render(Style { color: true });
        assert!(colored.contains("error[syntax]") && colored.contains('\u{1b}'), "{colored}");
    }

    #[test]
    fn file_names_are_sanitized_too() {
        let out = Report::error("m", "evil\u{1b}[2J.xml", b"<A>", 0..1).render(Style { color: false });
        assert!(out.contains("--> evil\\x1b[2J.xml:1:1"), "{out}");
    }

    #[test]
    fn end_of_input() {
        let out = Report::error("eof", "f", b"<A>", 3..3).render(Style { color: false });
        assert!(out.contains("f:1:4"));
        assert!(out.contains("   ^"));
    }
}
