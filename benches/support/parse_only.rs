//! The parse-only baseline of one document, shared by `benches/lint.rs` and
//! `examples/parse_cost.rs`: front matter with `serde_yaml`, the body with pulldown-cmark
//! (as `examples/parse_only.rs` does for a whole folder).

use pulldown_cmark::{Options, Parser};

/// Parses `text` as the baseline does; the count only keeps the work from being
/// optimised away.
pub fn parse_only(text: &str) -> usize {
    let mut count = 0;
    let mut body = text;
    if let Some(rest) = text.strip_prefix("---\n") {
        if let Some(end) = rest.find("\n---\n") {
            let yaml = &rest[..=end];
            if let Ok(value) = serde_yaml::from_str::<serde_yaml::Value>(yaml) {
                count += value.as_mapping().map_or(0, serde_yaml::Mapping::len);
            }
            body = &rest[end + 5..];
        }
    }
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_TASKLISTS | Options::ENABLE_STRIKETHROUGH;
    for (_event, range) in Parser::new_ext(body, options).into_offset_iter() {
        count += usize::from(range.end >= range.start);
    }
    count
}
