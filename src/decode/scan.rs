//! The one fast byte scan every reader and writer uses: find the first byte a predicate flags.

/// The offset of the first byte of `bytes` for which `hit` holds.
///
/// Clean 64-byte blocks, then 8-byte blocks, are passed over with one branch each: the
/// branch-free fold over a fixed-size block is what the compiler vectorizes. Then byte by byte.
#[inline]
pub fn find(bytes: &[u8], hit: impl Fn(u8) -> bool + Copy) -> Option<usize> {
    let mut i = 0;
    while let Some(block) = bytes.get(i..i + 64) {
        if block.iter().fold(false, |acc, &b| acc | hit(b)) {
            break;
        }
        i += 64;
    }
    while let Some(block) = bytes.get(i..i + 8) {
        if block.iter().fold(false, |acc, &b| acc | hit(b)) {
            break;
        }
        i += 8;
    }
    bytes[i..].iter().position(|&b| hit(b)).map(|j| i + j)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_first_hit_at_every_offset() {
        for len in [0usize, 1, 7, 8, 9, 63, 64, 65, 130] {
            let clean = vec![b'a'; len];
            assert_eq!(find(&clean, |b| b == b'"'), None, "{len}");
            for at in 0..len {
                let mut v = clean.clone();
                v[at] = b'"';
                if at + 1 < len {
                    v[len - 1] = b'"';
                }
                assert_eq!(find(&v, |b| b == b'"'), Some(at), "{len} {at}");
            }
        }
    }
}
