//! Random identifiers, tokens and codes, all from the operating system's CSPRNG.
use base64::Engine;

/// Fills `buf` from the OS CSPRNG. Falls back to a panic-free error path:
/// if the OS refuses (it never does on supported platforms) the process aborts
/// rather than hand out predictable secrets.
fn fill(buf: &mut [u8]) {
    if getrandom::getrandom(buf).is_err() {
        eprintln!("stytch-emulator: the operating system's random source failed");
        std::process::abort();
    }
}

/// A random UUID v4 string.
pub fn uuid() -> String {
    let mut b = [0u8; 16];
    fill(&mut b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

/// `"{prefix}-test-{uuid}"`, Stytch's id shape for test projects.
pub fn id(prefix: &str) -> String {
    format!("{prefix}-test-{}", uuid())
}

/// An opaque bearer token (session token, IST): 32 random bytes, base64url.
pub fn token() -> String {
    let mut b = [0u8; 32];
    fill(&mut b);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(b)
}

/// Raw random bytes (keys).
pub fn bytes<const N: usize>() -> [u8; N] {
    let mut b = [0u8; N];
    fill(&mut b);
    b
}

/// A uniformly distributed 6-digit code, by rejection sampling (no modulo bias).
pub fn code6() -> String {
    loop {
        let mut b = [0u8; 4];
        fill(&mut b);
        let v = u32::from_le_bytes(b);
        // 4_294_000_000 is the largest multiple of 1_000_000 below 2^32.
        if v < 4_294_000_000 {
            return format!("{:06}", v % 1_000_000);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_six_digits_and_vary() {
        let codes: std::collections::HashSet<String> = (0..200).map(|_| code6()).collect();
        assert!(codes
            .iter()
            .all(|c| c.len() == 6 && c.bytes().all(|b| b.is_ascii_digit())));
        assert!(codes.len() > 190);
    }

    #[test]
    fn uuid_shape() {
        let u = uuid();
        assert_eq!(u.len(), 36);
        assert_eq!(&u[14..15], "4");
    }
}
