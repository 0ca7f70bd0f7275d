//! Writers from the one tree back to text: Tencent-style JSON and XML.

mod chunked;
pub mod json;
pub mod xml;
