//! `file:` URIs and paths: the client names documents by URI, the runner finds configs
//! and meeting series by path.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use lsp_types::Uri;

/// The path of a `file:` URI (percent-decoded); `None` for any other scheme or a
/// remote host.
pub fn to_path(uri: &Uri) -> Option<PathBuf> {
    let text = uri.as_str();
    let rest = strip_prefix_ignore_case(text, "file://")?;
    let (host, path) = match rest.find('/') {
        Some(slash) => rest.split_at(slash),
        None => (rest, ""),
    };
    if !host.is_empty() && !host.eq_ignore_ascii_case("localhost") {
        return None;
    }
    let path = path.split(['?', '#']).next().unwrap_or("");
    let bytes = decode(path)?;
    from_bytes(bytes)
}

fn strip_prefix_ignore_case<'t>(text: &'t str, prefix: &str) -> Option<&'t str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}

/// `%41` → `A`; `None` on a malformed escape.
fn decode(text: &str) -> Option<Vec<u8>> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    Some(out)
}

#[cfg(unix)]
fn from_bytes(bytes: Vec<u8>) -> Option<PathBuf> {
    use std::os::unix::ffi::OsStringExt;
    if bytes.first() != Some(&b'/') {
        return None;
    }
    Some(PathBuf::from(std::ffi::OsString::from_vec(bytes)))
}

#[cfg(not(unix))]
fn from_bytes(bytes: Vec<u8>) -> Option<PathBuf> {
    let text = String::from_utf8(bytes).ok()?;
    // `/C:/notes/a.md` → `C:/notes/a.md`.
    let text = match text.as_bytes() {
        [b'/', drive, b':', ..] if drive.is_ascii_alphabetic() => &text[1..],
        _ => text.as_str(),
    };
    Some(PathBuf::from(text.replace('/', "\\")))
}

/// The `file:` URI of an absolute path; `None` for a relative path.
pub fn from_path(path: &Path) -> Option<Uri> {
    if !path.is_absolute() {
        return None;
    }
    let mut text = String::from("file://");
    #[cfg(unix)]
    let bytes = {
        use std::os::unix::ffi::OsStrExt;
        path.as_os_str().as_bytes().to_vec()
    };
    #[cfg(not(unix))]
    let bytes = {
        let slashed = path.to_string_lossy().replace('\\', "/");
        format!("/{slashed}").into_bytes()
    };
    for byte in bytes {
        let keep = byte.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=@".contains(&byte);
        if keep {
            text.push(char::from(byte));
        } else {
            let _ = write!(text, "%{byte:02X}");
        }
    }
    Uri::from_str(&text).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn uri(text: &str) -> Uri {
        Uri::from_str(text).expect("a valid URI")
    }

    #[cfg(unix)]
    #[test]
    fn file_uris_round_trip_with_escapes() {
        let path = Path::new("/notes/Zoë Kim/1:1 #3 50%.md");
        let made = from_path(path).expect("absolute");
        assert_eq!(
            made.as_str(),
            "file:///notes/Zo%C3%AB%20Kim/1%3A1%20%233%2050%25.md"
        );
        assert_eq!(to_path(&made).as_deref(), Some(path));
        assert_eq!(
            to_path(&uri("file://localhost/a/b.md")).as_deref(),
            Some(Path::new("/a/b.md"))
        );
        assert_eq!(
            to_path(&uri("file:///a/b%3a.md")).as_deref(),
            Some(Path::new("/a/b:.md"))
        );
    }

    #[test]
    fn other_schemes_and_hosts_have_no_path() {
        assert_eq!(to_path(&uri("untitled:Untitled-1")), None);
        assert_eq!(to_path(&uri("file://server/share/a.md")), None);
        assert_eq!(decode("/a/%zz.md"), None, "a malformed escape");
        assert_eq!(from_path(Path::new("relative.md")), None);
    }
}
