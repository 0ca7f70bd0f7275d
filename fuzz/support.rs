//! Helpers shared by the fuzz targets.

use cicb::encode::json::{self, JsonOptions};
use cicb::encode::xml::{self, XmlOptions};
use cicb::tree::Tree;

/// cicb's JSON for a tree (default options).
pub fn json_of(tree: &Tree<'_>) -> Vec<u8> {
    let mut out = Vec::new();
    json::write(tree, &JsonOptions::default(), &mut out).expect("writing to a Vec cannot fail");
    out
}

/// cicb's XML for a tree, or `None` when it cannot be XML.
pub fn xml_of(tree: &Tree<'_>) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    xml::write(tree, &XmlOptions::default(), &mut out).ok()?;
    Some(out)
}
