//! A write buffer for the encoders: many tiny writes land in a `Vec`, handed on in large chunks.
//! (`BufWriter` does the same, but its per-call bookkeeping showed up in profiles.)

use std::io::{self, Write};

const CHUNK: usize = 256 * 1024;
/// The buffer starts small and grows (to about `CHUNK`) only for a large body: most bodies are a
/// few KiB, and a 260 KiB buffer per write cost a fresh mapping and its page faults every time.
const FIRST: usize = 8 * 1024;

pub struct Chunked<'w, W: Write + ?Sized> {
    buf: Vec<u8>,
    inner: &'w mut W,
}

impl<'w, W: Write + ?Sized> Chunked<'w, W> {
    pub fn new(inner: &'w mut W) -> Self {
        Chunked { buf: Vec::with_capacity(FIRST), inner }
    }

    /// The buffer, for an encoder that writes many small pieces in a row: they cost a store, not
    /// a call. [`Chunked::spill`] hands it on once it has grown to a chunk.
    #[inline]
    pub fn buf(&mut self) -> &mut Vec<u8> {
        &mut self.buf
    }

    /// Hands on what is buffered once it is a chunk or more.
    #[inline]
    pub fn spill(&mut self) -> io::Result<()> {
        if self.buf.len() >= CHUNK {
            self.inner.write_all(&self.buf)?;
            self.buf.clear();
        }
        Ok(())
    }

    /// Hands on what is buffered.
    pub fn finish(mut self) -> io::Result<()> {
        self.inner.write_all(&self.buf)?;
        self.buf.clear();
        Ok(())
    }
}

impl<W: Write + ?Sized> Write for Chunked<'_, W> {
    #[inline]
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        self.write_all(data)?;
        Ok(data.len())
    }

    #[inline]
    fn write_all(&mut self, data: &[u8]) -> io::Result<()> {
        if data.len() >= CHUNK {
            // A large value goes straight through: never a second copy of a big text node.
            self.inner.write_all(&self.buf)?;
            self.buf.clear();
            return self.inner.write_all(data);
        }
        self.buf.extend_from_slice(data);
        if self.buf.len() >= CHUNK {
            self.inner.write_all(&self.buf)?;
            self.buf.clear();
        }
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.write_all(&self.buf)?;
        self.buf.clear();
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_and_large_writes_keep_their_order() {
        let mut out = Vec::new();
        let big = vec![b'x'; CHUNK * 2 + 5];
        let mut w = Chunked::new(&mut out);
        w.write_all(b"<a>").unwrap();
        w.write_all(&big).unwrap();
        w.write_all(b"</a>").unwrap();
        w.finish().unwrap();
        assert_eq!(out.len(), 3 + big.len() + 4);
        assert!(out.starts_with(b"<a>xx") && out.ends_with(b"xx</a>"));
    }
}
