//! Where a job's outputs are.
//!
//! * Files a result container lists: `MediaResult/OutputFile` (and its `SpriteOutputFile`):
//!   `ObjectPrefix` + each `ObjectName`, with the `Md5Info` whose `ObjectName` is that key or that
//!   name (it is the full key in some bodies, the name relative to the prefix in others);
//!   `PicProcessResult/ObjectName`, `SpeechRecognitionResult/ObjectName` and `DetailObjectName`,
//!   `DocProcessResult/PageInfo/TgtUri`, `FileCompressResult/Object`.
//! * Configured destinations (`Operation/Output`: `Object`, `SpriteObject`, `AuObject`,
//!   `StreamExtract/Output`): one holding a `${...}` placeholder is a template, never a file; one
//!   without counts as an output only for a job that did not fail and whose body lists no file
//!   in a result container (NoiseReduction, Translation, ...).
//!
//! Keys lose a leading `/` (`/output/a.mp3` is the object `output/a.mp3`). The bucket and region
//! come from the container, else from `Operation/Output`.

use std::collections::HashMap;

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use serde::Serialize;

use crate::decode::model::Job;
use crate::path::IndexedPaths;
use crate::tree::{NodeId, Tree};

use super::{nz, text};

/// One output file.
#[derive(Debug, Clone, Serialize)]
pub struct Output<'a> {
    /// The `#` of the job or task in the summary (from 1).
    pub index: usize,
    /// The bucket it was written to, when the body says.
    pub bucket: Option<&'a str>,
    /// The bucket's region, when the body says.
    pub region: Option<&'a str>,
    /// The object key, without a leading `/`.
    pub key: String,
    /// `cos://<bucket>/<key>`, when the bucket is known.
    pub uri: Option<String>,
    /// `https://<bucket>.cos.<region>.myqcloud.com/<percent-encoded key>`, when both are known.
    pub url: Option<String>,
    /// The MD5 the body gives for the file.
    pub md5: Option<&'a str>,
    /// Where the key was read: a path usable with `cicb parse --get`.
    pub source: String,
    /// For an image result (PicProcess): what was written.
    pub image: Option<Image<'a>>,
}

/// Format, dimensions and size of a processed image.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Image<'a> {
    /// `ProcessResult/Format` (`JPEG`, `PNG`).
    pub format: Option<&'a str>,
    /// `ProcessResult/Width`, in pixels, as written.
    pub width: Option<&'a str>,
    /// `ProcessResult/Height`, in pixels, as written.
    pub height: Option<&'a str>,
    /// `ProcessResult/Size`, in bytes, as written.
    pub size: Option<&'a str>,
}

/// A configured destination with placeholders (`output/snap-${Number}.jpg`): not a file.
#[derive(Debug, Clone, Serialize)]
pub struct Template<'a> {
    /// The `#` of the job in the summary (from 1).
    pub index: usize,
    /// The configured bucket, when the body says.
    pub bucket: Option<&'a str>,
    /// The configured region, when the body says.
    pub region: Option<&'a str>,
    /// The configured name, placeholders included.
    pub template: &'a str,
    /// Where it was read: a path usable with `cicb parse --get`.
    pub source: String,
}

impl Output<'_> {
    /// Where the file is: its https URL when `url` is set and the region is known, else
    /// `cos://bucket/key`, else the bare key (the bucket is unknown).
    pub fn location(&self, url: bool) -> &str {
        match (url, &self.url, &self.uri) {
            (true, Some(u), _) => u,
            (_, _, Some(u)) => u,
            _ => &self.key,
        }
    }
}

/// The object key as COS stores it: without a leading `/`.
pub fn normalize_key(key: &str) -> &str {
    key.trim_start_matches('/')
}

/// True for a configured name with a `${...}` placeholder.
pub fn is_template(s: &str) -> bool {
    s.contains("${")
}

/// `cos://bucket/key`, the form coscli takes.
pub fn cos_uri(bucket: &str, key: &str) -> String {
    format!("cos://{bucket}/{key}")
}

/// The object's default-domain URL; each path segment percent-encoded (RFC 3986 unreserved
/// characters and `/` kept).
pub fn https_url(bucket: &str, region: &str, key: &str) -> String {
    /// Everything but the unreserved characters of RFC 3986 and the path's `/`.
    const KEY: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~').remove(b'/');
    format!("https://{bucket}.cos.{region}.myqcloud.com/{}", utf8_percent_encode(key, KEY))
}

/// What one job's body says about its outputs.
#[derive(Debug, Default)]
pub struct Found<'a> {
    /// The files, in the order the body lists them.
    pub outputs: Vec<Output<'a>>,
    /// The configured destinations with placeholders.
    pub templates: Vec<Template<'a>>,
}

struct Collector<'t, 'a, 'p> {
    tree: &'t Tree<'a>,
    paths: &'p mut IndexedPaths<'t, 'a>,
    index: usize,
    found: Found<'t>,
    seen: HashMap<(Option<&'t str>, String), usize>,
}

impl<'t> Collector<'t, '_, '_> {
    fn push(
        &mut self,
        place: (Option<&'t str>, Option<&'t str>),
        key: &str,
        md5: Option<&'t str>,
        source: String,
    ) -> Option<usize> {
        let key = normalize_key(key);
        if key.is_empty() {
            return None;
        }
        let (bucket, region) = place;
        if let Some(&i) = self.seen.get(&(bucket, key.to_string())) {
            let o = &mut self.found.outputs[i];
            o.md5 = o.md5.or(md5);
            return Some(i);
        }
        let output = Output {
            index: self.index,
            bucket,
            region,
            key: key.to_string(),
            uri: bucket.map(|b| cos_uri(b, key)),
            url: bucket.zip(region).map(|(b, r)| https_url(b, r, key)),
            md5,
            source,
            image: None,
        };
        self.seen.insert((bucket, output.key.clone()), self.found.outputs.len());
        self.found.outputs.push(output);
        Some(self.found.outputs.len() - 1)
    }

    /// An `OutputFile` or `SpriteOutputFile`: `ObjectPrefix` + each `ObjectName`, with Md5s.
    fn file_set(&mut self, id: NodeId, default: (Option<&'t str>, Option<&'t str>)) {
        let tree = self.tree;
        let place = (text(tree, id, "Bucket").or(default.0), text(tree, id, "Region").or(default.1));
        let prefix = text(tree, id, "ObjectPrefix").unwrap_or("");
        let path = self.paths.path(id);
        // Md5Info/ObjectName: the full key in some bodies, relative to the prefix in others.
        let md5s: Vec<(Option<&'t str>, &'t str, usize)> = tree
            .children_named(id, "Md5Info")
            .enumerate()
            .filter_map(|(i, m)| Some((text(tree, m, "Md5"), text(tree, m, "ObjectName")?, i)))
            .collect();
        let mut by_name: HashMap<&str, usize> = HashMap::with_capacity(md5s.len() * 2);
        for (n, &(_, name, _)) in md5s.iter().enumerate() {
            by_name.entry(normalize_key(name)).or_insert(n);
        }
        let mut used = vec![false; md5s.len()];
        for (i, name_node) in tree.children_named(id, "ObjectName").enumerate() {
            let Some(name) = nz(tree.leaf_text(name_node)) else { continue };
            let key = format!("{prefix}{name}");
            let m = by_name.get(normalize_key(&key)).or_else(|| by_name.get(normalize_key(name))).copied();
            if let Some(m) = m {
                used[m] = true;
            }
            self.push(place, &key, m.and_then(|m| md5s[m].0), format!("{path}.ObjectName[{i}]"));
        }
        // An Md5Info for a file no ObjectName lists is an output too.
        for (n, &(md5, name, i)) in md5s.iter().enumerate() {
            if used[n] {
                continue;
            }
            let full = prefix.is_empty() || normalize_key(name).starts_with(normalize_key(prefix));
            let key = if full { name.to_string() } else { format!("{prefix}{name}") };
            self.push(place, &key, md5, format!("{path}.Md5Info[{i}].ObjectName"));
        }
        for sprite in tree.children_named(id, "SpriteOutputFile") {
            self.file_set(sprite, place);
        }
    }

    /// Each leaf `name` under `id` is a key in the configured bucket.
    fn keys(&mut self, id: NodeId, names: &[&str], place: (Option<&'t str>, Option<&'t str>)) {
        let tree = self.tree;
        let path = self.paths.path(id);
        for &name in names {
            let many = tree.children_named(id, name).nth(1).is_some();
            for (i, leaf) in tree.children_named(id, name).enumerate() {
                if let Some(key) = nz(tree.leaf_text(leaf)) {
                    let source = if many { format!("{path}.{name}[{i}]") } else { format!("{path}.{name}") };
                    self.push(place, key, None, source);
                }
            }
        }
    }
}

/// The outputs and templates of one job (`index` is its `#`); `paths` finds the paths they are
/// reported at, in the job's tree.
pub fn collect<'t, 'a>(paths: &mut IndexedPaths<'t, 'a>, job: &Job<'t>, index: usize, failed: bool) -> Found<'t> {
    let tree = paths.tree();
    let mut c = Collector { tree, paths, index, found: Found::default(), seen: HashMap::new() };
    let Some(op) = job.operation else { return c.found };
    let config = tree.child(op, "Output");
    let place = config.map_or((None, None), |o| (text(c.tree, o, "Bucket"), text(c.tree, o, "Region")));

    for result in tree.children_named(op, "MediaResult") {
        for file in tree.children_named(result, "OutputFile") {
            c.file_set(file, place);
        }
    }
    for pic in tree.children_named(op, "PicProcessResult") {
        let before = c.found.outputs.len();
        c.keys(pic, &["ObjectName"], place);
        let image = tree.child(pic, "ProcessResult").map(|r| Image {
            format: text(c.tree, r, "Format"),
            width: text(c.tree, r, "Width"),
            height: text(c.tree, r, "Height"),
            size: text(c.tree, r, "Size"),
        });
        for o in &mut c.found.outputs[before..] {
            o.image = image;
        }
    }
    for speech in tree.children_named(op, "SpeechRecognitionResult") {
        c.keys(speech, &["ObjectName", "DetailObjectName"], place);
    }
    for doc in tree.children_named(op, "DocProcessResult") {
        for page in tree.children_named(doc, "PageInfo") {
            c.keys(page, &["TgtUri"], place);
        }
    }
    for archive in tree.children_named(op, "FileCompressResult") {
        let own = (text(c.tree, archive, "Bucket").or(place.0), text(c.tree, archive, "Region").or(place.1));
        c.keys(archive, &["Object"], own);
    }

    let Some(config) = config else { return c.found };
    let produced = !c.found.outputs.is_empty();
    let mut destinations: Vec<(NodeId, String)> = Vec::new();
    let config_path = c.paths.path(config);
    for name in ["Object", "SpriteObject", "AuObject"] {
        if let Some(leaf) = tree.child(config, name) {
            destinations.push((leaf, format!("{config_path}.{name}")));
        }
    }
    for (i, extract) in tree.children_named(config, "StreamExtract").enumerate() {
        if let Some(leaf) = tree.child(extract, "Output") {
            destinations.push((leaf, format!("{config_path}.StreamExtract[{i}].Output")));
        }
    }
    for (leaf, source) in destinations {
        let Some(value) = nz(tree.leaf_text(leaf)) else { continue };
        if is_template(value) {
            c.found.templates.push(Template { index, bucket: place.0, region: place.1, template: value, source });
        } else if !produced && !failed {
            c.push(place, value, None, source);
        }
    }
    c.found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_encode_each_segment() {
        assert_eq!(
            https_url("b-1250000000", "ap-beijing", "1/2/Conversion to MP4 #1+转码~.mp4"),
            "https://b-1250000000.cos.ap-beijing.myqcloud.com/1/2/Conversion%20to%20MP4%20%231%2B%E8%BD%AC%E7%A0%81~.mp4"
        );
        assert_eq!(cos_uri("b", "a/b c"), "cos://b/a/b c");
    }

    #[test]
    fn keys_and_templates() {
        assert_eq!(normalize_key("/output/a.mp3"), "output/a.mp3");
        assert!(is_template("out/${Number}.jpg"));
        assert!(!is_template("out/$1.jpg"));
        assert_eq!(nz(Some("  ")), None);
    }
}
