//! The rule data embedded in the binary (`rules/*.yaml`): `build.rs` writes each file's
//! value as a constant tree of [`Node`]s, and the rules deserialize their data from it
//! in place, with no text to parse at start-up.

use std::collections::BTreeMap;

use serde::de::value::{Error, MapDeserializer, SeqDeserializer};
use serde::de::{Deserialize, IntoDeserializer, Visitor};

include!(concat!(env!("OUT_DIR"), "/rule_data.rs"));

/// A value of the rule data, as `build.rs` writes it.
#[derive(Debug)]
pub(crate) enum Node {
    /// An empty value (`~`).
    Null,
    /// `true` or `false` (no file holds one today; `build.rs` writes it when one does).
    #[allow(dead_code)]
    Bool(bool),
    /// A whole number.
    Int(i64),
    /// Any other number (as `Bool`, none today).
    #[allow(dead_code)]
    Float(f64),
    /// A string.
    Str(&'static str),
    /// A list.
    Seq(&'static [Node]),
    /// A mapping with string keys, in the file's order.
    Map(&'static [(&'static str, Node)]),
}

/// Reads embedded rule data: `yaml` is one of the `rules/*.yaml` texts
/// (`include_str!`), read from the value `build.rs` wrote for it, whose strings `T` may
/// borrow (`&'static str`: no string is copied); any other text is read as YAML (then
/// into owned strings only).
///
/// # Panics
///
/// When the data does not fit `T`: the files are embedded, and a test reads each.
pub fn embedded<T: Deserialize<'static>>(yaml: &'static str) -> T {
    let node = RULE_DATA
        .iter()
        .find(|(text, _)| *text == yaml)
        .map(|(_, node)| node);
    match node {
        Some(node) => {
            T::deserialize(NodeDeserializer(node)).expect("embedded rule data is checked by a test")
        }
        None => serde_yaml::from_str(yaml).expect("embedded rule data is checked by a test"),
    }
}

/// The lists of strings at the top of embedded rule data `yaml` (one of the
/// `rules/*.yaml` texts), by key, borrowed from the binary: a key whose value is not a
/// list, and an item that is not a string, are left out. `None` for a text that is not
/// embedded.
pub fn string_lists(yaml: &str) -> Option<BTreeMap<&'static str, Vec<&'static str>>> {
    let (_, node) = RULE_DATA.iter().find(|(text, _)| *text == yaml)?;
    let Node::Map(entries) = node else {
        return Some(BTreeMap::new());
    };
    Some(
        entries
            .iter()
            .filter_map(|(key, value)| match value {
                Node::Seq(items) => Some((
                    *key,
                    items
                        .iter()
                        .filter_map(|item| match item {
                            Node::Str(text) => Some(*text),
                            _ => None,
                        })
                        .collect(),
                )),
                _ => None,
            })
            .collect(),
    )
}

/// Deserializes a [`Node`], borrowing its strings.
#[derive(Clone, Copy)]
struct NodeDeserializer(&'static Node);

impl serde::Deserializer<'static> for NodeDeserializer {
    type Error = Error;

    fn deserialize_any<V: Visitor<'static>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Node::Null => visitor.visit_unit(),
            Node::Bool(value) => visitor.visit_bool(*value),
            Node::Int(value) => visitor.visit_i64(*value),
            Node::Float(value) => visitor.visit_f64(*value),
            Node::Str(text) => visitor.visit_borrowed_str(text),
            Node::Seq(items) => {
                let mut items = SeqDeserializer::new(items.iter().map(NodeDeserializer));
                let value = visitor.visit_seq(&mut items)?;
                items.end()?;
                Ok(value)
            }
            Node::Map(pairs) => {
                let mut pairs = MapDeserializer::new(
                    pairs
                        .iter()
                        .map(|(key, node)| (*key, NodeDeserializer(node))),
                );
                let value = visitor.visit_map(&mut pairs)?;
                pairs.end()?;
                Ok(value)
            }
        }
    }

    fn deserialize_option<V: Visitor<'static>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Node::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'static>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'static>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match self.0 {
            // A unit variant, written as its name.
            Node::Str(text) => {
                let text = serde::de::value::BorrowedStrDeserializer::<Error>::new(text);
                serde::Deserializer::deserialize_enum(text, name, variants, visitor)
            }
            _ => self.deserialize_any(visitor),
        }
    }

    serde::forward_to_deserialize_any! {
        <W: Visitor<'static>>
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct seq tuple tuple_struct map struct identifier ignored_any
    }
}

impl IntoDeserializer<'static, Error> for NodeDeserializer {
    type Deserializer = Self;

    fn into_deserializer(self) -> Self {
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_data_file_reads_the_same_from_its_nodes_as_from_yaml() {
        let files = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/rules"))
            .expect("the rules folder")
            .filter_map(Result::ok)
            .filter(|e| e.path().extension().is_some_and(|x| x == "yaml"))
            .count();
        assert_eq!(RULE_DATA.len(), files);
        for (yaml, _) in RULE_DATA {
            let from_yaml: serde_json::Value = serde_yaml::from_str(yaml).expect("YAML");
            let from_nodes: serde_json::Value = embedded(yaml);
            assert_eq!(from_yaml, from_nodes);
        }
    }

    #[test]
    fn nodes_fill_structs_options_and_enums() {
        #[derive(serde::Deserialize, Debug, PartialEq)]
        #[serde(deny_unknown_fields)]
        struct Sample {
            words: Vec<String>,
            limit: Option<u32>,
            missing: Option<u32>,
            kind: Kind,
            weights: std::collections::BTreeMap<Kind, f64>,
        }
        #[derive(serde::Deserialize, Debug, PartialEq, Eq, PartialOrd, Ord)]
        #[serde(rename_all = "lowercase")]
        enum Kind {
            Career,
            Projects,
        }
        static SAMPLE: Node = Node::Map(&[
            ("words", Node::Seq(&[Node::Str("a"), Node::Str("b c")])),
            ("limit", Node::Int(3)),
            ("missing", Node::Null),
            ("kind", Node::Str("career")),
            ("weights", Node::Map(&[("projects", Node::Float(0.5))])),
        ]);
        static EXTRA: Node = Node::Map(&[
            ("words", Node::Seq(&[])),
            ("limit", Node::Null),
            ("kind", Node::Str("projects")),
            ("weights", Node::Map(&[])),
            ("unknown", Node::Bool(true)),
        ]);
        static FITS: Node = Node::Map(&[
            ("words", Node::Seq(&[])),
            ("limit", Node::Null),
            ("kind", Node::Str("projects")),
            ("weights", Node::Map(&[])),
        ]);
        let sample = Sample::deserialize(NodeDeserializer(&SAMPLE)).expect("fits");
        assert_eq!(sample.words, ["a", "b c"]);
        assert_eq!((sample.limit, sample.missing), (Some(3), None));
        assert_eq!(sample.kind, Kind::Career);
        assert_eq!(sample.weights.get(&Kind::Projects), Some(&0.5));
        assert!(Sample::deserialize(NodeDeserializer(&FITS)).is_ok());
        assert!(Sample::deserialize(NodeDeserializer(&EXTRA)).is_err());
    }

    #[test]
    fn text_that_is_not_embedded_is_read_as_yaml() {
        let words: Vec<String> = embedded("- one\n- two\n");
        assert_eq!(words, ["one", "two"]);
    }
}
