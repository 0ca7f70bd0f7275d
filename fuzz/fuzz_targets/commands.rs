//! Every command's library path on arbitrary decoded input: the model, `--get` selection and the
//! summarize views. Never a panic, and a human view never carries a raw control or bidi character.
#![no_main]

use cicb::decode::{decode_bytes, Limits};
use cicb::render::summary::{Human, Markdown};
use cicb::render::{sanitize::is_unsafe, Style};
use cicb::summary::Summary;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(doc) = decode_bytes(data, None, &Limits::default()) else { return };
    let model = doc.model();
    let _ = model.failed();
    for path in ["JobsDetail.State", "Response.WorkflowExecution.Tasks[1].JobId", "a.@b", "x[3]", ".x[-1]", "x[*]"] {
        let _ = cicb::path::Path::parse(path).and_then(|p| p.select(&doc.tree));
    }
    let Some(summary) = Summary::new("fuzz", &doc) else { return };
    // Markdown, the human view piped, and on terminals of 80 and 24 columns (the block layout).
    for view in 0..4 {
        let mut out = Vec::new();
        let human = |width| Human { url: true, width, style: Style { color: false } };
        match view {
            0 => Markdown { url: true }.write(&summary, &mut out),
            1 => human(None).write(&summary, &mut out),
            2 => human(Some(80)).write(&summary, &mut out),
            _ => human(Some(24)).write(&summary, &mut out),
        }
        .expect("writing to a Vec cannot fail");
        let text = String::from_utf8(out).expect("summaries are UTF-8");
        assert!(!text.chars().any(|c| is_unsafe(c) && c != '\n'), "unsafe character in the human view");
    }
    let mut out = Vec::new();
    cicb::render::json::to_writer(&mut out, &summary, false).expect("writing to a Vec cannot fail");
});
