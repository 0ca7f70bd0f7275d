//! Tables (comfy-table) under one policy: every column as wide as its content (never wrapped:
//! the summary view picks another layout when a table does not fit the terminal), styled only
//! when color is on, so scripts and snapshot tests see stable text.

use comfy_table::{presets, CellAlignment, ContentArrangement, Table};
use unicode_width::UnicodeWidthStr;

/// Where a table goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableKind {
    /// Box-drawn, for a terminal or a pipe.
    Text,
    /// A GitHub-flavoured Markdown table.
    Markdown,
}

/// A table with a header row; `color`: styling is on (cells may carry colors).
pub fn new(kind: TableKind, header: &[&str], color: bool) -> Table {
    let mut table = Table::new();
    match kind {
        TableKind::Text => {
            table.load_preset(presets::UTF8_FULL_CONDENSED);
            table.apply_modifier(comfy_table::modifiers::UTF8_ROUND_CORNERS);
        }
        TableKind::Markdown => {
            table.load_preset(presets::ASCII_MARKDOWN);
        }
    }
    table.force_no_tty();
    table.set_content_arrangement(ContentArrangement::Disabled);
    if color && kind == TableKind::Text {
        table.enforce_styling();
    }
    table.set_header(header.to_vec());
    table
}

/// The width in columns of a [`TableKind::Text`] table of `header` and `rows` as [`new`] sets it
/// up, found without building it: each column as wide as its widest line (at least one column)
/// plus a space each side, and a border before, between and after the columns. A table that will
/// not fit is then never built.
pub fn natural_width<S: AsRef<str>>(header: &[&str], rows: &[Vec<S>]) -> usize {
    let mut widths = vec![1; header.len()];
    let cells = header.iter().enumerate().map(|(i, h)| (i, *h));
    let cells = cells.chain(rows.iter().flat_map(|r| r.iter().enumerate().map(|(i, c)| (i, c.as_ref()))));
    for (i, cell) in cells {
        let widest = cell.split('\n').map(UnicodeWidthStr::width).max().unwrap_or(0);
        if i >= widths.len() {
            widths.resize(i + 1, 1);
        }
        widths[i] = widths[i].max(widest);
    }
    widths.iter().map(|w| w + 2).sum::<usize>() + widths.len() + 1
}

/// Right-aligns column `index` (numbers, durations).
pub fn align_right(table: &mut Table, index: usize) {
    if let Some(c) = table.column_mut(index) {
        c.set_cell_alignment(CellAlignment::Right);
    }
}

/// Markdown-inert text: the characters that would start emphasis, code, links, HTML, headings
/// or a table cell are backslash-escaped. Sanitize control characters first.
pub fn markdown_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn piped_tables_are_plain_and_unwrapped() {
        let mut t = new(TableKind::Text, &["#", "Name"], false);
        t.add_row(vec!["1", &"x".repeat(300)]);
        let text = t.to_string();
        assert!(!text.contains('\x1b'));
        assert!(text.lines().any(|l| l.contains(&"x".repeat(300))), "wrapped: {text}");
    }

    #[test]
    fn natural_width_is_the_drawn_width() {
        let cells = ["", "1", "中文字", "a\nlonger line", "e\u{301}", &"x".repeat(90)];
        let n = cells.len();
        for color in [false, true] {
            for (i, a) in cells.iter().enumerate() {
                let rows = vec![
                    vec![a.to_string(), cells[(i + 1) % n].to_string(), String::new()],
                    vec![
                        cells[(i + 2) % n].to_string(),
                        cells[(i + 3) % n].to_string(),
                        cells[(i + 4) % n].to_string(),
                    ],
                ];
                let header = ["#", "Type", "State"];
                let mut t = new(TableKind::Text, &header, color);
                t.add_row(vec![
                    comfy_table::Cell::new(&rows[0][0]).fg(comfy_table::Color::Red),
                    (&rows[0][1]).into(),
                    "".into(),
                ]);
                t.add_row(rows[1].clone());
                align_right(&mut t, 0);
                let drawn = t.trim_fmt().lines().map(textwrap::core::display_width).max().unwrap_or(0);
                assert_eq!(natural_width(&header, &rows), drawn, "{}", t.trim_fmt());
            }
        }
    }

    #[test]
    fn markdown_tables_escape_pipes() {
        assert_eq!(markdown_escape("a*b_c|d<e>"), r"a\*b\_c\|d\<e\>");
        let mut t = new(TableKind::Markdown, &["a", "b"], true);
        t.add_row(vec![markdown_escape("x|y"), "z".to_string()]);
        let text = t.to_string();
        assert!(text.contains(r"x\|y"), "{text}");
        assert!(text.lines().nth(1).unwrap().starts_with("|-"), "{text}");
    }
}
