//! Writers from the one tree back to text: Tencent-style JSON and XML.

pub mod json;
pub mod xml;
