//! A write buffer for the encoders: many tiny writes land in a `Vec`, handed on in large chunks.
//! (`BufWriter` does the same, but its per-call bookkeeping showed up in profiles.)

use std::io::{self, Write};

const CHUNK: usize = 256 * 1024;

pub struct Chunked<'w, W: Write + ?Sized> {
    buf: Vec<u8>,
    inner: &'w mut W,
}

impl<'w, W: Write + ?Sized> Chunked<'w, W> {
    pub fn new(inner: &'w mut W) -> Self {
        Chunked { buf: Vec::with_capacity(CHUNK + 4096), inner }
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
