//! Reading inputs (files or stdin) within the size limit, and decoding them with diagnostics.

use std::fs::File;
use std::io::{IsTerminal, Read};
use std::ops::Deref;
use std::path::Path;

use anyhow::{bail, Context as _};

use crate::cli::InputArgs;
use crate::decode::{self, DecodeError, Document, ErrorKind, Format, Limits};
use crate::render::diagnostic::Report;
use crate::render::Style;
use crate::walk::Source;
use crate::InputError;

#[cfg(target_os = "linux")]
mod mapped;

/// One input's bytes and the name diagnostics use for it.
#[derive(Debug)]
pub struct Input {
    /// The path as given, or `<stdin>`.
    pub origin: String,
    pub bytes: Bytes,
    /// More than the size limit was available (only the first bytes were read, or none).
    pub too_large: bool,
}

/// True when `path` means stdin.
pub fn is_stdin(path: Option<&Path>) -> bool {
    path.is_none_or(|p| p.as_os_str() == "-")
}

/// Reads one input of a walk as [`read`] does; an entry the walk could not read fails with why.
pub fn read_source(source: &Source, max_size: usize) -> anyhow::Result<Input> {
    if let Source::Unreadable(_, why) = source {
        bail!("{}", crate::sanitize::sanitize(why));
    }
    read(source.path(), max_size)
}

/// Reads a file, or stdin for `None`/`-`, refusing more than `max_size` bytes.
pub fn read(path: Option<&Path>, max_size: usize) -> anyhow::Result<Input> {
    let limit = max_size as u64 + 1;
    let (origin, bytes) = if is_stdin(path) {
        let stdin = std::io::stdin();
        if stdin.is_terminal() {
            bail!("no input: give a file, or pipe a callback body into stdin");
        }
        // A file redirected into stdin (`cicb convert < big.xml`) is read as the file itself would be.
        let bytes = match stdin_file().filter(|(_, len)| *len <= max_size as u64) {
            Some((file, len)) => read_file(&file, len, limit),
            None => read_all(stdin.lock(), None, limit).map(Bytes::from),
        };
        ("<stdin>".to_string(), bytes.context("failed to read stdin")?)
    } else {
        let path = path.unwrap_or(Path::new("-"));
        let origin = path.display().to_string();
        let file = File::open(path).with_context(|| format!("failed to read {origin}"))?;
        let meta = file.metadata().ok();
        if meta.as_ref().is_some_and(|m| m.is_dir()) {
            bail!("failed to read {origin}: it is a directory");
        }
        let len = meta.map_or(0, |m| m.len());
        if len > max_size as u64 {
            // Refuse before reading: memory stays bounded whatever the file.
            return Ok(Input { origin, bytes: Bytes::from(Vec::new()), too_large: true });
        }
        let bytes = read_file(&file, len, limit).with_context(|| format!("failed to read {origin}"))?;
        (origin, bytes)
    };
    Ok(Input::new(origin, bytes, max_size))
}

/// From this size on, a regular file is mapped rather than read ([`mapped`]): below it, a read
/// costs less than setting up and tearing down a mapping.
#[cfg(target_os = "linux")]
const MAP_FROM: u64 = 4 << 20;

/// A regular file of `len` bytes (as its metadata says, within the size limit) from its current
/// offset: mapped when large and read from its start, else read up to `limit` bytes. Reading
/// takes the file's offset to its end either way, as for any reader of a shared stdin.
fn read_file(mut file: &File, len: u64, limit: u64) -> std::io::Result<Bytes> {
    #[cfg(target_os = "linux")]
    if len >= MAP_FROM {
        use std::io::{Seek, SeekFrom};
        if file.stream_position().ok() == Some(0) {
            if let Some(map) = mapped::Mapped::new(file, len as usize) {
                file.seek(SeekFrom::Start(len))?;
                return Ok(Bytes(Repr::Mapped(map)));
            }
        }
    }
    read_all(&mut file, Some(len), limit).map(Bytes::from)
}

/// What `r` holds, up to `limit` bytes, into a vector with room for `len` bytes and one more (the
/// size a file gives, when known and within the limit), asked for in huge pages when large.
fn read_all(r: impl Read, len: Option<u64>, limit: u64) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::with_capacity(len.map_or(0, |n| n as usize + 1));
    crate::tree::advise_huge_pages(&bytes);
    r.take(limit).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Stdin as the regular file it is, if it is one, with its size.
fn stdin_file() -> Option<(File, u64)> {
    #[cfg(unix)]
    {
        use std::os::fd::AsFd;
        let file = File::from(std::io::stdin().as_fd().try_clone_to_owned().ok()?);
        let meta = file.metadata().ok()?;
        meta.is_file().then_some((file, meta.len()))
    }
    #[cfg(not(unix))]
    None
}

/// An input's bytes: read into memory, or (a large regular file, on Linux) mapped from the page
/// cache as they lie. Either way a `&[u8]`.
#[derive(Debug)]
pub struct Bytes(Repr);

#[derive(Debug)]
enum Repr {
    Read(Vec<u8>),
    #[cfg(target_os = "linux")]
    Mapped(mapped::Mapped),
}

impl Bytes {
    /// The bytes as a vector of their own (a copy of a mapped file).
    pub fn into_vec(self) -> Vec<u8> {
        match self.0 {
            Repr::Read(v) => v,
            #[cfg(target_os = "linux")]
            Repr::Mapped(m) => m.bytes().to_vec(),
        }
    }
}

impl From<Vec<u8>> for Bytes {
    fn from(v: Vec<u8>) -> Self {
        Bytes(Repr::Read(v))
    }
}

impl Deref for Bytes {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match &self.0 {
            Repr::Read(v) => v,
            #[cfg(target_os = "linux")]
            Repr::Mapped(m) => m.bytes(),
        }
    }
}

impl Input {
    /// An input read in full (or up to one byte past `max_size`).
    pub fn new(origin: String, bytes: impl Into<Bytes>, max_size: usize) -> Self {
        let bytes = bytes.into();
        let too_large = bytes.len() > max_size;
        Input { origin, bytes, too_large }
    }

    /// Decodes with the options of `args`; failures become an [`InputError`] with a diagnostic.
    pub fn decode(&self, args: &InputArgs, style: Style) -> anyhow::Result<Document<'_>> {
        let limits = Limits { max_size: args.max_size, ..Limits::default() };
        self.document(args.from.map(Format::from), &limits).map_err(|e| self.error(e, style).into())
    }

    /// Decodes with explicit limits; an input over `limits.max_size` was never read whole and is
    /// refused here, for every command alike.
    pub fn document(&self, format: Option<Format>, limits: &Limits) -> Result<Document<'_>, DecodeError> {
        if self.too_large {
            return Err(decode::too_large(limits.max_size));
        }
        decode::decode_bytes(&self.bytes, format, limits)
    }

    /// The bytes a diagnostic for `error` may echo: none for an input over the size limit.
    pub fn echo(&self, error: &DecodeError) -> &[u8] {
        if error.kind() == ErrorKind::TooLarge {
            &[]
        } else {
            self.source_bytes()
        }
    }

    /// Renders a decode error against this input.
    pub fn error(&self, error: DecodeError, style: Style) -> InputError {
        let message = error.message().to_string();
        let rendered = Report::error(&message, &self.origin, self.echo(&error), error.span())
            .render_fit(style, crate::render::stderr_width());
        // The first line repeats the message; main prints that once as `cicb: error: ...`.
        let detail = rendered.split_once('\n').map_or(String::new(), |(_, rest)| rest.to_string());
        InputError { message: crate::render::sanitize(&message).into_owned(), detail }
    }

    /// The bytes spans refer to: the input without its UTF-8 byte order mark.
    pub fn source_bytes(&self) -> &[u8] {
        decode::strip_bom(&self.bytes)
    }
}
