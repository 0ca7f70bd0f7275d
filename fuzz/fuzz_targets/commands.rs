//! Every command's library path on arbitrary decoded input: model, --get selection, parse's JSON
//! model; never a panic.
#![no_main]

use cicb::decode::{decode_bytes, Limits};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(doc) = decode_bytes(data, None, &Limits::default()) else { return };
    let model = doc.model();
    let _ = model.failed();
    for path in ["JobsDetail.State", "Response.WorkflowExecution.Tasks[1].JobId", "a.@b", "x[3]"] {
        let _ = cicb::commands::parse::select(&doc.tree, path);
    }
});
