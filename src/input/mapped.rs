//! A large regular file read in place: mapped from the page cache rather than copied out of it.
//!
//! Reading a 55 MB body copies it into fresh memory (28 huge pages to find and zero, or 13 500
//! small ones) before the first byte is parsed; mapping it shares the pages the kernel already
//! holds: a fifth of the time (measured in doc/performance.md), and no new memory at all. This is
//! what ripgrep does for a large file, with its one hazard: the file is read where it lies, so a
//! process that truncates it meanwhile takes away pages cicb is reading. The kernel then sends
//! SIGBUS, which [`Mapped::new`] turns into cicb's I/O error (a message and exit code 2) instead
//! of a crash. Only Linux maps (the sizes were measured there); elsewhere every input is read.

use std::fs::File;
use std::os::fd::AsRawFd;
use std::ptr::NonNull;
use std::sync::Once;

use crate::exit::Outcome;

/// A read-only private mapping of a whole file, unmapped on drop.
pub struct Mapped {
    ptr: NonNull<u8>,
    len: usize,
}

// SAFETY: the mapping is read-only and owned by this value alone: sharing or sending it is
// sharing or sending a `&[u8]`/`Box<[u8]>`.
unsafe impl Send for Mapped {}
// SAFETY: as above; nothing writes through the pointer.
unsafe impl Sync for Mapped {}

impl Mapped {
    /// Maps the first `len` bytes of `file` (its size when it was opened, not zero), every page
    /// mapped up front; `None` where the system will not map it (the caller reads it instead).
    pub fn new(file: &File, len: usize) -> Option<Mapped> {
        if len == 0 {
            return None;
        }
        static HANDLER: Once = Once::new();
        HANDLER.call_once(on_bus_exit);
        // SAFETY: a new mapping of an open descriptor, at an address the kernel chooses; it
        // aliases no Rust object. Read-only and private: nothing cicb does can change the file.
        let at = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                len,
                libc::PROT_READ,
                libc::MAP_PRIVATE | libc::MAP_POPULATE,
                file.as_raw_fd(),
                0,
            )
        };
        if at == libc::MAP_FAILED {
            return None;
        }
        NonNull::new(at.cast::<u8>()).map(|ptr| Mapped { ptr, len })
    }

    /// The file's bytes.
    pub fn bytes(&self) -> &[u8] {
        // SAFETY: `len` bytes at `ptr` are mapped readable for as long as `self` lives.
        unsafe { std::slice::from_raw_parts(self.ptr.as_ptr(), self.len) }
    }
}

impl Drop for Mapped {
    fn drop(&mut self) {
        // SAFETY: unmaps exactly the mapping `new` made; no slice of it outlives `self`.
        unsafe { libc::munmap(self.ptr.as_ptr().cast(), self.len) };
    }
}

impl std::fmt::Debug for Mapped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Mapped({} bytes)", self.len)
    }
}

/// What SIGBUS means in cicb: a mapped file (an input, or the executable itself) lost pages
/// while they were being read.
const SHRANK: &str = "cicb: error: a file shrank while cicb was reading it; run again once it is written whole";

/// Makes SIGBUS end cicb as an I/O error does: [`SHRANK`] on stderr and exit code 2.
fn on_bus_exit() {
    extern "C" fn handler(_: libc::c_int) {
        // SAFETY: write(2) and _exit(2) are async-signal-safe; both buffers are static.
        unsafe {
            libc::write(2, SHRANK.as_ptr().cast(), SHRANK.len());
            libc::write(2, c"\n".as_ptr().cast(), 1);
            libc::_exit(i32::from(Outcome::Usage.code()));
        }
    }
    // SAFETY: a zeroed `sigaction` is a valid empty one; the handler only calls
    // async-signal-safe functions and never returns.
    unsafe {
        let mut action: libc::sigaction = std::mem::zeroed();
        action.sa_sigaction = handler as extern "C" fn(libc::c_int) as libc::sighandler_t;
        libc::sigemptyset(&mut action.sa_mask);
        libc::sigaction(libc::SIGBUS, &action, std::ptr::null_mut());
    }
}
