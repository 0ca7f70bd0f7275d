//! The shapes of the identifiers (job, run, workflow, queue and template IDs).

/// The shape of an identifier as the published bodies show it.
#[derive(Debug, Clone, Copy)]
pub struct IdShape {
    /// What it identifies, for messages (`CI job ID`).
    pub what: &'static str,
    /// Allowed first letters.
    pub prefix: &'static str,
    /// Allowed lengths of the rest.
    pub len: (usize, usize),
    /// The rest is lowercase hex (otherwise lowercase alphanumerics: published template IDs
    /// carry letters past `f`).
    pub hex: bool,
    /// The shape in words, for messages.
    pub text: &'static str,
    /// An example, for messages.
    pub example: &'static str,
}

const LOWERCASE: &str = "abcdefghijklmnopqrstuvwxyz";

/// A prefix letter and 32 lowercase hex digits: job, run, workflow and queue IDs.
const fn hex32(what: &'static str, prefix: &'static str, text: &'static str, example: &'static str) -> IdShape {
    IdShape { what, prefix, len: (32, 32), hex: true, text, example }
}

/// Job IDs: `j` (media), `c` (picture), `d` (document), `s` and `a` (AI jobs), then 32 hex digits.
pub const JOB_ID: IdShape =
    hex32("CI job ID", LOWERCASE, "a lowercase letter and 32 hex digits", "j035aca66f86211ec8a5a87e016101404");
/// Workflow run IDs: `i` (and `r` in the legacy examples), then 32 hex digits.
pub const RUN_ID: IdShape =
    hex32("workflow run ID", LOWERCASE, "a lowercase letter and 32 hex digits", "i166ee19017b011eda8a5525400c540df");
/// Workflow IDs: `w`, then 32 hex digits.
pub const WORKFLOW_ID: IdShape =
    hex32("workflow ID", "w", "`w` and 32 hex digits", "web6ac56c1ef54dbfa44d7f4103203be9");
/// Queue IDs: `p`, then 32 hex digits.
pub const QUEUE_ID: IdShape = hex32("CI queue ID", "p", "`p` and 32 hex digits", "p2242ab62c7c94486915508540933a2c6");
/// Template IDs: `t`, then 32 to 34 lowercase letters and digits (system templates have 33; the
/// docs' examples carry letters past `f`).
pub const TEMPLATE_ID: IdShape = IdShape {
    what: "template ID",
    prefix: "t",
    len: (32, 34),
    hex: false,
    text: "`t` and 32 to 34 lowercase letters and digits",
    example: "t01e57db1c2d154d2fb57aa5de9313a897",
};

impl IdShape {
    /// True when `id` has this shape. IDs the docs redacted (`p6617fd40…xxxxxxxx`) pass.
    pub fn fits(&self, id: &str) -> bool {
        if id.contains("xxxx") {
            return true;
        }
        let mut chars = id.chars();
        let Some(first) = chars.next() else { return false };
        let rest = chars.as_str();
        let digit = |c: char| {
            if self.hex {
                matches!(c, '0'..='9' | 'a'..='f')
            } else {
                c.is_ascii_lowercase() || c.is_ascii_digit()
            }
        };
        self.prefix.contains(first) && (self.len.0..=self.len.1).contains(&rest.len()) && rest.chars().all(digit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifier_shapes() {
        assert!(JOB_ID.fits("j035aca66f86211ec8a5a87e016101404"));
        assert!(JOB_ID.fits("c93984788066911ed89ed352d4d9d2084"));
        assert!(!JOB_ID.fits("job-1"));
        assert!(!JOB_ID.fits("J035ACA66F86211EC8A5A87E016101404"));
        assert!(QUEUE_ID.fits("p6617fd4048fa41faxxxxxxxxxxxx"), "redacted in the docs");
        assert!(!QUEUE_ID.fits("q2242ab62c7c94486915508540933a2c6"));
        assert!(TEMPLATE_ID.fits("t1f16e1dfbdc9ds4105b31632d45710642a"));
        assert!(!TEMPLATE_ID.fits("t1"));
        assert!(WORKFLOW_ID.fits("web6ac56c1ef54dbfa44d7f4103203be9"));
        assert!(!WORKFLOW_ID.fits(""));
    }
}
