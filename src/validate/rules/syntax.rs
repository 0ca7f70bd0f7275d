//! The `syntax` rule: a body that does not decode (see [`super::decode_failure`]).

use crate::validate::Level;

use super::{Rule, RuleInfo};

/// The rule and what it checks; decoding is its pass.
pub const RULE: Rule = Rule(&RuleInfo {
    name: "syntax",
    checks: &[(Level::Error, "well-formed XML / JSON in UTF-8 within the limits, at the line:column of the defect")],
    pass: None,
});
