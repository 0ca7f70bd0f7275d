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
    let order =
        std::path::Path::new(&std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default()).join("src/startup.order");
    // `-Wl,` splits its argument at commas: a path with one (or not UTF-8) is left out.
    let order = order.to_str().filter(|p| !p.contains(','));
    if let Some(order) = order.filter(|_| target == "x86_64-unknown-linux-gnu" && !own_linker) {
        println!("cargo:rustc-link-arg-bin=cicb=-Wl,--symbol-ordering-file={order}");
        println!("cargo:rustc-link-arg-bin=cicb=-Wl,--no-warn-symbol-ordering");
    }
}
