//! The report of `cicb redact`, for stderr.

use std::collections::BTreeMap;

use crate::spec::classes::Class;

/// `redacted 7 values: 2 id, 3 bucket, ...; salt: random (pass --salt to repeat the pseudonyms)`.
pub fn report(counts: &BTreeMap<Class, usize>, kept: usize, salted: bool) -> String {
    let total: usize = counts.values().sum();
    let mut s = if total == 0 {
        "redacted nothing: every value is harmless".to_string()
    } else {
        let parts: Vec<String> = counts.iter().map(|(k, n)| format!("{n} {}", k.as_str())).collect();
        let values = if total == 1 { "value" } else { "values" };
        format!("redacted {total} {values}: {}", parts.join(", "))
    };
    if kept > 0 {
        s.push_str(&format!("; kept {kept} under --keep"));
    }
    if total > 0 && !salted {
        s.push_str("; salt: random (pass --salt to repeat the pseudonyms)");
    }
    s
}

/// `--explain`: one line per replaced value, its class and its path.
pub fn explain(replaced: &[(Class, String)]) -> String {
    replaced.iter().map(|(c, p)| format!("{:<12} {}\n", c.as_str(), crate::sanitize::sanitize(p))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_per_class() {
        let mut counts = BTreeMap::new();
        assert_eq!(report(&counts, 0, false), "redacted nothing: every value is harmless");
        counts.insert(Class::Bucket, 2);
        counts.insert(Class::Id, 3);
        assert_eq!(report(&counts, 1, true), "redacted 5 values: 3 id, 2 bucket; kept 1 under --keep");
        assert!(report(&counts, 1, false).ends_with("salt: random (pass --salt to repeat the pseudonyms)"));
        assert_eq!(explain(&[(Class::Key, "a.b".into())]), "key          a.b\n");
    }
}
