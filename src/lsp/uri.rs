//! `file://` URIs ↔ paths, with percent-encoding, for the documents and the CSVs
//! findings point into. Other schemes (`untitled:`) have no path on disk.

use std::fmt::Write as _;
use std::str::FromStr;

use lsp_types::Uri;

/// The path of a `file://` URI (percent-decoded), or `None` for another scheme.
#[must_use]
pub fn to_path(uri: &Uri) -> Option<String> {
    let s = uri.as_str();
    let rest = s.strip_prefix("file://")?;
    // `file://host/path`: only the local host (empty or `localhost`) is a local path.
    let path = rest.strip_prefix("localhost").unwrap_or(rest);
    if !path.starts_with('/') {
        return None;
    }
    let path = path.split(['?', '#']).next().unwrap_or(path);
    let decoded = decode(path)?;
    // `file:///C:/x` on Windows.
    Some(match decoded.as_bytes() {
        [b'/', d, b':', ..] if d.is_ascii_alphabetic() => decoded[1..].to_owned(),
        _ => decoded,
    })
}

fn decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// A `file://` URI for a path (made absolute against the current folder).
#[must_use]
pub fn from_path(path: &str) -> Option<Uri> {
    let p = std::path::Path::new(path);
    let abs = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir().map_or_else(|_| p.to_path_buf(), |d| d.join(p))
    };
    let s = abs.to_string_lossy().replace('\\', "/");
    let mut out = String::from("file://");
    if !s.starts_with('/') {
        out.push('/');
    }
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'/' | b'-' | b'.' | b'_' | b'~' | b':') {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    Uri::from_str(&out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let u = from_path("/tmp/a b/é.yaml");
        assert_eq!(
            u.as_ref().map(|u| u.as_str()),
            Some("file:///tmp/a%20b/%C3%A9.yaml")
        );
        assert_eq!(
            u.as_ref().and_then(to_path).as_deref(),
            Some("/tmp/a b/é.yaml")
        );
        let untitled = Uri::from_str("untitled:Untitled-1").ok();
        assert_eq!(untitled.as_ref().and_then(to_path), None);
    }
}
