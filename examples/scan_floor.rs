//! The performance floor for cicb's stack: read a file and scan it with quick-xml's event reader,
//! building nothing and writing nothing. `bench/run.py` measures cicb against it.
//!
//! Usage: cargo run --release --example scan_floor -- FILE

use std::process::ExitCode;

use quick_xml::events::Event;
use quick_xml::Reader;

fn main() -> ExitCode {
    let Some(path) = std::env::args_os().nth(1) else {
        return ExitCode::from(2);
    };
    let Ok(bytes) = std::fs::read(&path) else {
        return ExitCode::from(2);
    };
    let mut reader = Reader::from_reader(bytes.as_slice());
    let mut events = 0u64;
    loop {
        match reader.read_event() {
            Ok(Event::Eof) => break,
            Ok(_) => events += 1,
            Err(_) => return ExitCode::from(1),
        }
    }
    // Use the count so the loop cannot be optimized away; exit 0 either way.
    ExitCode::from(u8::from(events == u64::MAX))
}
