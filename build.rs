//! Start-up: the linker places the functions a small body's start-up runs first in `cicb`'s
//! code, next to each other (`src/startup.order`, written by `bench/order.py`), so that a process
//! touches a few 64 KB windows of code instead of most of them: fewer page faults, each a few
//! microseconds of a start-up of about one millisecond.
//!
//! Only with lld, the linker Rust uses by default on x86_64 Linux; with another target or a
//! linker of one's own, the order is left to the linker, and nothing else changes.

fn main() {
    println!("cargo:rerun-if-changed=src/startup.order");
    println!("cargo:rerun-if-env-changed=RUSTC_LINKER");
    let target = std::env::var("TARGET").unwrap_or_default();
    let flags = std::env::var("CARGO_ENCODED_RUSTFLAGS").unwrap_or_default();
    let own_linker = std::env::var_os("RUSTC_LINKER").is_some() || flags.contains("link");
    if target == "x86_64-unknown-linux-gnu" && !own_linker {
        let order = std::path::Path::new(&std::env::var("CARGO_MANIFEST_DIR").unwrap()).join("src/startup.order");
        println!("cargo:rustc-link-arg-bin=cicb=-Wl,--symbol-ordering-file={}", order.display());
        println!("cargo:rustc-link-arg-bin=cicb=-Wl,--no-warn-symbol-ordering");
    }
}
