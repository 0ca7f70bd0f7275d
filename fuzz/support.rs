//! Helpers shared by the fuzz targets.

use cicb::decode::Document;
use cicb::encode::json::{self, JsonOptions};
use cicb::encode::xml::{self, XmlOptions};

/// cicb's JSON for a document (default options).
pub fn json_of(doc: &Document<'_>) -> Vec<u8> {
    let mut out = Vec::new();
    json::write(&doc.tree, &JsonOptions::default(), &mut out).expect("writing to a Vec cannot fail");
    out
}

/// cicb's XML for a document, or `None` when the tree cannot be XML.
pub fn xml_of(doc: &Document<'_>) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    xml::write(&doc.tree, &XmlOptions::default(), &mut out).ok()?;
    Some(out)
}
