//! The report of `cicb redact`, for stderr.

use crate::redact::Redacted;

/// `redacted 7 values: 2 bucket, 3 id, ...; salt: random (pass --salt to repeat the pseudonyms)`.
pub fn report(r: &Redacted, salted: bool) -> String {
    let total: usize = r.counts.values().sum();
    let mut s = if total == 0 {
        "redacted nothing: no value identifies a customer".to_string()
    } else {
        let parts: Vec<String> = r.counts.iter().map(|(k, n)| format!("{n} {}", k.as_str())).collect();
        let values = if total == 1 { "value" } else { "values" };
        format!("redacted {total} {values}: {}", parts.join(", "))
    };
    if r.kept > 0 {
        s.push_str(&format!("; kept {} under --keep", r.kept));
    }
    if total > 0 && !salted {
        s.push_str("; salt: random (pass --salt to repeat the pseudonyms)");
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::redact::Kind;
    use crate::spec::volatile::Identifying;

    #[test]
    fn counts_per_kind() {
        let mut r = Redacted { text: String::new(), counts: Default::default(), kept: 0, unmatched: Vec::new() };
        assert_eq!(report(&r, false), "redacted nothing: no value identifies a customer");
        r.counts.insert(Kind::Node(Identifying::Bucket), 2);
        r.counts.insert(Kind::Node(Identifying::Id), 3);
        r.kept = 1;
        assert_eq!(report(&r, true), "redacted 5 values: 2 bucket, 3 id; kept 1 under --keep");
        assert!(report(&r, false).ends_with("salt: random (pass --salt to repeat the pseudonyms)"));
    }
}
