//! `cicb`: every command but `listen` and `send`, which it hands to `cicb-net`.
//!
//! It starts at the C `main`, without std's runtime set-up: one body per process is the common
//! use, and that set-up was a tenth of a do-nothing process (`bench/run.py`, doc/performance.md).
//! What of it cicb needs, `cicb::main_without_runtime` does.
#![cfg_attr(not(test), no_main)]

#[cfg(not(test))]
#[unsafe(no_mangle)]
extern "C" fn main(_argc: std::ffi::c_int, _argv: *const *const std::ffi::c_char) -> std::ffi::c_int {
    cicb::main_without_runtime(cicb::run)
}
