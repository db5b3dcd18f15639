//! Hover on a rule id where the agenda names one: in an inline-control comment
//! (`<!-- agendalint-disable-line missing-metric -->`) or under the front matter's
//! `agendalint:` key. Shows the rule's page, or a custom rule's message and help.

use crate::config::Config;
use crate::model::{Agenda, SectionVocabulary};

/// What to show for the word at byte `offset` of `text`, and the word's span.
pub fn at(text: &str, offset: usize, config: Option<&Config>) -> Option<(String, usize, usize)> {
    let (start, end) = word_at(text, offset)?;
    let word = &text[start..end];
    let page = match super::docs::page(word) {
        Some(page) => page.to_string(),
        None => custom_page(word, config?)?,
    };
    let agenda = Agenda::parse("", text, SectionVocabulary::builtin());
    let in_comment = agenda
        .directives
        .iter()
        .any(|d| d.span.start <= start && end <= d.span.end);
    let in_front_matter = agenda.front_matter().is_some_and(|fm| {
        fm.keys.iter().enumerate().any(|(i, key)| {
            let until = fm
                .keys
                .get(i + 1)
                .map_or(fm.content.end, |next| next.span.start);
            key.name == "agendalint" && key.span.end <= start && end <= until
        })
    });
    (in_comment || in_front_matter).then_some((page, start, end))
}

/// The rule-id-shaped word (`a-z`, `0-9`, `-`) around `offset`.
fn word_at(text: &str, offset: usize) -> Option<(usize, usize)> {
    let is_word = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-';
    let bytes = text.as_bytes();
    let offset = offset.min(bytes.len());
    let start = bytes[..offset]
        .iter()
        .rposition(|&b| !is_word(b))
        .map_or(0, |p| p + 1);
    let end = bytes[offset..]
        .iter()
        .position(|&b| !is_word(b))
        .map_or(bytes.len(), |p| offset + p);
    (start < end).then_some((start, end))
}

fn custom_page(id: &str, config: &Config) -> Option<String> {
    let rule = config.file.custom_rules.0.iter().find(|r| r.id.0 == id)?;
    let level = match rule.level {
        Some(crate::rules::RuleLevel::Severity(severity)) => severity.as_str(),
        Some(crate::rules::RuleLevel::Off) => "off",
        Some(crate::rules::RuleLevel::On) | None => "warning",
    };
    Some(format!(
        "# {id}\n\nA custom rule of `{}` ({level}).\n\n{}\n\n**Help:** {}\n",
        config
            .path
            .as_deref()
            .map_or_else(|| "the config".to_string(), |p| p.display().to_string()),
        rule.message.0,
        rule.help.0
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hover(text: &str, needle: &str) -> Option<String> {
        let offset = text.find(needle).expect("needle") + 2;
        at(text, offset, None).map(|(page, start, end)| {
            assert_eq!(&text[start..end], "missing-metric");
            page
        })
    }

    #[test]
    fn rule_ids_in_comments_and_the_front_matter_key_show_the_page() {
        let page = super::super::docs::page("missing-metric");
        let comment = "# A\n- x <!-- agendalint-disable-line missing-metric -->\n";
        assert_eq!(hover(comment, "missing-metric").as_deref(), page);
        let block =
            "---\ndate: 2026-11-24\nagendalint:\n  disable:\n    - missing-metric\nwith: A\n---\n";
        assert_eq!(hover(block, "missing-metric").as_deref(), page);
        let flow = "---\nagendalint: {disable: [missing-metric]}\n---\n";
        assert_eq!(hover(flow, "missing-metric").as_deref(), page);
    }

    #[test]
    fn rule_ids_elsewhere_show_nothing() {
        assert_eq!(
            hover("- missing-metric is a rule\n", "missing-metric"),
            None
        );
        assert_eq!(
            hover("---\nwith: missing-metric\n---\n", "missing-metric"),
            None
        );
        assert_eq!(at("<!-- agendalint-disable -->", 8, None), None);
    }
}
