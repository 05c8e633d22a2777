//! A bounded YAML reader for the files other tools write (Launchpad's `launchpad.yaml`): the
//! same care as the JSON loaders ([`crate::json`]), on the events of the `saphyr-parser` crate.
//!
//! The reader builds a small tree whose nodes keep their place in the text (byte offsets,
//! line and column), so that a caller can both read values and edit the text in place. It
//! never expands an alias: an alias node points at its anchored node, and the size the
//! document *would* have once expanded is counted and bounded ([`MAX_YAML_NODES`]), so an
//! alias bomb is refused before anything walks it. Nesting is bounded ([`MAX_YAML_DEPTH`]),
//! and so is the number of aliases ([`MAX_YAML_ALIASES`]). Every failure is a [`YamlError`]
//! naming the line; no input makes it panic.

use std::collections::HashMap;

use saphyr_parser::{Event, Marker, Parser, ScalarStyle, Span};

/// The deepest nesting of sequences and mappings the reader accepts (as for JSON).
pub const MAX_YAML_DEPTH: usize = 128;

/// The most nodes a document may have once its aliases are expanded.
pub const MAX_YAML_NODES: usize = 1_000_000;

/// The most aliases (`*name`) a document may hold.
pub const MAX_YAML_ALIASES: usize = 10_000;

/// How many `<<` merge keys deep a lookup follows.
const MAX_MERGE_DEPTH: usize = 16;

/// A YAML text that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum YamlError {
    /// Sequences and mappings nest deeper than [`MAX_YAML_DEPTH`].
    #[error("line {line}: the YAML nests deeper than the limit of {limit} levels")]
    TooDeep {
        /// The line where the limit was passed.
        line: usize,
        /// The limit.
        limit: usize,
    },
    /// The document, once its aliases were expanded, would have more than [`MAX_YAML_NODES`]
    /// nodes (an alias bomb).
    #[error("line {line}: the YAML would expand through its aliases to more than {limit} nodes")]
    TooLarge {
        /// The line where the limit was passed.
        line: usize,
        /// The limit.
        limit: usize,
    },
    /// More aliases than [`MAX_YAML_ALIASES`].
    #[error("line {line}: the YAML holds more than {limit} aliases")]
    TooManyAliases {
        /// The line of the alias over the limit.
        line: usize,
        /// The limit.
        limit: usize,
    },
    /// The text is not YAML, or holds no document, or more than one.
    #[error("malformed YAML at line {line}, column {column}: {message}")]
    Syntax {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What the parser said.
        message: String,
    },
}

/// The kind of a node.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A scalar: its value, and whether it was written plain (unquoted, not a block).
    Scalar { value: String, style: Style },
    /// A sequence of nodes.
    Sequence(Vec<usize>),
    /// A mapping, as (key, value) pairs in text order.
    Mapping(Vec<(usize, usize)>),
    /// An alias of the node at this index.
    Alias(usize),
}

/// How a scalar is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Style {
    /// Plain (`3.8.6`).
    Plain,
    /// In single quotes.
    Single,
    /// In double quotes.
    Double,
    /// A literal or folded block.
    Block,
}

/// One node and its place in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Node {
    pub(crate) kind: Kind,
    /// Byte offset where it starts.
    pub(crate) start: usize,
    /// Byte offset where it ends (exclusive).
    pub(crate) end: usize,
    /// 1-based line.
    pub(crate) line: usize,
    /// 1-based column.
    pub(crate) column: usize,
    /// Whether the node is written in flow style (`{...}`, `[...]`).
    pub(crate) flow: bool,
}

/// A parsed YAML document: its nodes, the root last.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Yaml {
    nodes: Vec<Node>,
    root: usize,
}

/// `text` with its variables replaced ([`Yaml::expand_variables`]); `None` when it has none
/// `lookup` knows.
fn expand(text: &str, lookup: &dyn Fn(&str) -> Option<String>) -> Option<String> {
    let mut out = String::new();
    let mut rest = text;
    let mut changed = false;
    while let Some(at) = rest.find('$') {
        out.push_str(&rest[..at]);
        let after = &rest[at.saturating_add(1)..];
        if let Some((value, length)) = variable(after, lookup) {
            out.push_str(&value);
            rest = after.get(length..).unwrap_or_default();
            changed = true;
        } else {
            out.push('$');
            rest = after;
        }
    }
    out.push_str(rest);
    changed.then_some(out)
}

/// The value of the variable reference that starts `text` (just after its `$`), and the
/// reference's length; `None` when it is none, or unknown and without a default.
fn variable(text: &str, lookup: &dyn Fn(&str) -> Option<String>) -> Option<(String, usize)> {
    let Some(braced) = text.strip_prefix('{') else {
        let length = name_length(text);
        return (length > 0)
            .then(|| lookup(&text[..length]))
            .flatten()
            .map(|value| (value, length));
    };
    let body = &braced[..braced.find('}')?];
    let length = body.len().saturating_add(2);
    let (name, tail) = body.split_at(name_length(body));
    if name.is_empty() {
        return None;
    }
    let value = lookup(name);
    let value = if tail.is_empty() {
        value
    } else if let Some(default) = tail.strip_prefix(":-") {
        Some(
            value
                .filter(|v| !v.is_empty())
                .unwrap_or_else(|| default.to_owned()),
        )
    } else {
        // `${NAME-default}`; any other form (`${NAME:?message}`) is not expanded.
        tail.strip_prefix('-')
            .map(|default| value.unwrap_or_else(|| default.to_owned()))
    };
    value.map(|value| (value, length))
}

/// The length of the variable name that starts `text`: a letter or `_`, then letters,
/// digits and `_` (ASCII, as a shell's).
fn name_length(text: &str) -> usize {
    let starts = text
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
    if !starts {
        return 0;
    }
    text.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(text.len())
}

/// Converts the parser's character positions into byte offsets.
struct Offsets {
    /// The byte offset of each character, when the text is not ASCII.
    table: Option<Vec<usize>>,
    len: usize,
}

impl Offsets {
    fn new(text: &str) -> Offsets {
        let table = (!text.is_ascii()).then(|| text.char_indices().map(|(i, _)| i).collect());
        Offsets {
            table,
            len: text.len(),
        }
    }

    fn byte(&self, marker: Marker) -> usize {
        let index = marker.index();
        match &self.table {
            None => index.min(self.len),
            Some(table) => table.get(index).copied().unwrap_or(self.len),
        }
    }
}

/// A node being built: a sequence or mapping whose children are still coming.
struct Open {
    kind: Kind,
    anchor: usize,
    start: Marker,
    flow: bool,
    /// The expanded size so far (the node itself and its children).
    weight: usize,
    /// A mapping key waiting for its value.
    key: Option<usize>,
}

struct Builder<'a> {
    nodes: Vec<Node>,
    weights: Vec<usize>,
    anchors: HashMap<usize, usize>,
    stack: Vec<Open>,
    aliases: usize,
    root: Option<usize>,
    offsets: Offsets,
    text: &'a str,
}

/// The length of a quoted scalar as written at the start of `text` (after its anchor and
/// tag, if any), up to and including its closing quote.
fn quoted_length(text: &str) -> Option<usize> {
    let open = text.find(['"', '\''])?;
    let quote = text.get(open..)?.chars().next()?;
    let mut chars = text.get(open..)?.char_indices().skip(1).peekable();
    while let Some((index, c)) = chars.next() {
        if quote == '"' && c == '\\' {
            chars.next();
        } else if c == quote {
            if quote == '\'' && chars.peek().is_some_and(|&(_, next)| next == '\'') {
                chars.next();
                continue;
            }
            return open.checked_add(index)?.checked_add(1);
        }
    }
    None
}

fn syntax(marker: Marker, message: impl Into<String>) -> YamlError {
    let message = message.into();
    // The scanner's own bound on flow nesting, met before ours when it reads ahead.
    if message == "recursion limit exceeded" {
        return YamlError::TooDeep {
            line: marker.line(),
            limit: MAX_YAML_DEPTH,
        };
    }
    YamlError::Syntax {
        line: marker.line(),
        column: marker.col().saturating_add(1),
        message,
    }
}

impl Builder<'_> {
    fn node(&self, kind: Kind, span: Span, flow: bool) -> Node {
        Node {
            kind,
            start: self.offsets.byte(span.start),
            end: self.offsets.byte(span.end),
            line: span.start.line(),
            column: span.start.col().saturating_add(1),
            flow,
        }
    }

    /// Adds a finished node to its parent (or makes it the root).
    fn finish(&mut self, node: Node, anchor: usize, weight: usize) -> Result<(), YamlError> {
        let line = node.line;
        let index = self.nodes.len();
        self.nodes.push(node);
        self.weights.push(weight);
        if anchor != 0 {
            self.anchors.insert(anchor, index);
        }
        let Some(parent) = self.stack.last_mut() else {
            if self.root.is_some() {
                return Err(YamlError::Syntax {
                    line,
                    column: 1,
                    message: "more than one YAML document; the file must hold one".to_owned(),
                });
            }
            self.root = Some(index);
            return Ok(());
        };
        parent.weight = parent.weight.saturating_add(weight);
        if parent.weight > MAX_YAML_NODES {
            return Err(YamlError::TooLarge {
                line,
                limit: MAX_YAML_NODES,
            });
        }
        match &mut parent.kind {
            Kind::Sequence(items) => items.push(index),
            Kind::Mapping(pairs) => match parent.key.take() {
                Some(key) => pairs.push((key, index)),
                None => parent.key = Some(index),
            },
            Kind::Scalar { .. } | Kind::Alias(_) => {}
        }
        Ok(())
    }

    fn event(&mut self, event: Event<'_>, span: Span) -> Result<(), YamlError> {
        match event {
            Event::Scalar(value, style, anchor, _) => {
                let style = match style {
                    ScalarStyle::Plain => Style::Plain,
                    ScalarStyle::SingleQuoted => Style::Single,
                    ScalarStyle::DoubleQuoted => Style::Double,
                    _ => Style::Block,
                };
                let mut node = self.node(
                    Kind::Scalar {
                        value: value.into_owned(),
                        style,
                    },
                    span,
                    false,
                );
                // A quoted scalar's span may run past its closing quote (over blanks, even a
                // comment): end it at the quote.
                let written = self.text.get(node.start..node.end).unwrap_or_default();
                let length = match style {
                    Style::Single | Style::Double => quoted_length(written),
                    Style::Plain | Style::Block => None,
                };
                let trimmed = length.unwrap_or_else(|| written.trim_end_matches([' ', '\t']).len());
                node.end = node.start.saturating_add(trimmed);
                self.finish(node, anchor, 1)
            }
            Event::Alias(anchor) => {
                self.aliases = self.aliases.saturating_add(1);
                if self.aliases > MAX_YAML_ALIASES {
                    return Err(YamlError::TooManyAliases {
                        line: span.start.line(),
                        limit: MAX_YAML_ALIASES,
                    });
                }
                let Some(&target) = self.anchors.get(&anchor) else {
                    return Err(syntax(span.start, "an alias of an unknown anchor"));
                };
                let weight = self.weights.get(target).copied().unwrap_or(1);
                let node = self.node(Kind::Alias(target), span, false);
                self.finish(node, 0, weight)
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                if self.stack.len() >= MAX_YAML_DEPTH {
                    return Err(YamlError::TooDeep {
                        line: span.start.line(),
                        limit: MAX_YAML_DEPTH,
                    });
                }
                let (kind, opener) = if matches!(event, Event::SequenceStart(..)) {
                    (Kind::Sequence(Vec::new()), '[')
                } else {
                    (Kind::Mapping(Vec::new()), '{')
                };
                let start = self.offsets.byte(span.start);
                let flow = self
                    .text
                    .get(start..)
                    .is_some_and(|t| t.starts_with(opener));
                self.stack.push(Open {
                    kind,
                    anchor,
                    start: span.start,
                    flow,
                    weight: 1,
                    key: None,
                });
                Ok(())
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let Some(open) = self.stack.pop() else {
                    return Err(syntax(span.start, "an end without a start"));
                };
                let node = self.node(open.kind, Span::new(open.start, span.end), open.flow);
                self.finish(node, open.anchor, open.weight)
            }
            Event::Nothing
            | Event::StreamStart
            | Event::StreamEnd
            | Event::DocumentStart(_)
            | Event::DocumentEnd => Ok(()),
        }
    }
}

impl Yaml {
    /// Parses one YAML document. The caller bounds the size of `text`.
    pub(crate) fn parse(text: &str) -> Result<Yaml, YamlError> {
        let mut builder = Builder {
            nodes: Vec::new(),
            weights: Vec::new(),
            anchors: HashMap::new(),
            stack: Vec::new(),
            aliases: 0,
            root: None,
            offsets: Offsets::new(text),
            text,
        };
        let mut parser = Parser::new_from_str(text);
        while let Some(next) = parser.next_event() {
            let (event, span) = next.map_err(|error| syntax(*error.marker(), error.info()))?;
            builder.event(event, span)?;
        }
        let Some(root) = builder.root else {
            return Err(YamlError::Syntax {
                line: 1,
                column: 1,
                message: "no YAML document".to_owned(),
            });
        };
        Ok(Yaml {
            nodes: builder.nodes,
            root,
        })
    }

    /// The root node's index.
    pub(crate) fn root(&self) -> usize {
        self.root
    }

    /// The node at `index`, aliases followed.
    pub(crate) fn node(&self, index: usize) -> Option<&Node> {
        let node = self.nodes.get(index)?;
        match node.kind {
            // An alias names a node finished before it, never another alias.
            Kind::Alias(target) => self.nodes.get(target),
            _ => Some(node),
        }
    }

    /// The node at `index` as written (an alias stays an alias): where it is in the text.
    pub(crate) fn written(&self, index: usize) -> Option<&Node> {
        self.nodes.get(index)
    }

    /// The scalar text of a node, aliases followed.
    pub(crate) fn scalar(&self, index: usize) -> Option<&str> {
        match &self.node(index)?.kind {
            Kind::Scalar { value, .. } => Some(value),
            _ => None,
        }
    }

    /// Replaces the environment variables in every scalar, as Launchpad does to a config it
    /// loads (`envsubst`, `pkg/config/config.go`): `$NAME`, `${NAME}`, `${NAME:-default}` (the
    /// default when `NAME` is unset or empty) and `${NAME-default}` (when unset), each by
    /// `lookup(NAME)`. A variable `lookup` does not know, and any other `${...}` form, stays as
    /// written. Only the values change; the spans into the text stay, so an edit of the text
    /// keeps its variables.
    ///
    /// # Errors
    ///
    /// The size the values would reach, when it passes `limit` bytes in all: expansion is
    /// bounded as the text is.
    pub(crate) fn expand_variables(
        &mut self,
        lookup: &dyn Fn(&str) -> Option<String>,
        limit: usize,
    ) -> Result<(), usize> {
        let mut total = 0_usize;
        for node in &mut self.nodes {
            let Kind::Scalar { value, .. } = &mut node.kind else {
                continue;
            };
            if let Some(expanded) = expand(value, lookup) {
                *value = expanded;
            }
            total = total.saturating_add(value.len());
            if total > limit {
                return Err(total);
            }
        }
        Ok(())
    }

    /// The items of a sequence, aliases followed.
    pub(crate) fn items(&self, index: usize) -> Option<&[usize]> {
        match &self.node(index)?.kind {
            Kind::Sequence(items) => Some(items),
            _ => None,
        }
    }

    /// Whether a node is a mapping, aliases followed.
    pub(crate) fn is_mapping(&self, index: usize) -> bool {
        self.node(index)
            .is_some_and(|node| matches!(node.kind, Kind::Mapping(_)))
    }

    /// The (key, value) pairs of a mapping as written, aliases followed.
    pub(crate) fn pairs(&self, index: usize) -> &[(usize, usize)] {
        match self.node(index).map(|node| &node.kind) {
            Some(Kind::Mapping(pairs)) => pairs,
            _ => &[],
        }
    }

    /// The value of `key` in a mapping: its own entry, else one that a `<<` merge key brings
    /// in (YAML 1.1, which Launchpad's parser reads), as `(key node, value node)`.
    pub(crate) fn entry(&self, mapping: usize, key: &str) -> Option<(usize, usize)> {
        self.entry_within(mapping, key, MAX_MERGE_DEPTH)
    }

    fn entry_within(&self, mapping: usize, key: &str, depth: usize) -> Option<(usize, usize)> {
        let pairs = self.pairs(mapping);
        if let Some(&pair) = pairs.iter().find(|(k, _)| self.scalar(*k) == Some(key)) {
            return Some(pair);
        }
        let remaining = depth.checked_sub(1)?;
        let &(_, merged) = pairs.iter().find(|(k, _)| self.scalar(*k) == Some("<<"))?;
        match self.items(merged) {
            Some(sources) => sources
                .iter()
                .find_map(|&source| self.entry_within(source, key, remaining)),
            None => self.entry_within(merged, key, remaining),
        }
    }

    /// The value of `key` in a mapping (see [`Yaml::entry`]).
    pub(crate) fn get(&self, mapping: usize, key: &str) -> Option<usize> {
        self.entry(mapping, key).map(|(_, value)| value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_are_bytes_and_quoted_scalars_lose_trailing_blanks() {
        let text = "é: 1\nb: 'y' \nc: \"x\"\n";
        let yaml = Yaml::parse(text).unwrap();
        let b = yaml.get(yaml.root(), "b").unwrap();
        let node = yaml.written(b).unwrap();
        assert_eq!(&text[node.start..node.end], "'y'");
        let c = yaml.get(yaml.root(), "c").unwrap();
        let node = yaml.written(c).unwrap();
        assert_eq!(&text[node.start..node.end], "\"x\"");
        assert_eq!((node.line, node.column), (3, 4));
    }

    #[test]
    fn merge_keys_are_followed() {
        let text = "a: &d {p: 1}\nb:\n  <<: *d\n  q: 2\n";
        let yaml = Yaml::parse(text).unwrap();
        let b = yaml.get(yaml.root(), "b").unwrap();
        assert_eq!(yaml.get(b, "p").and_then(|p| yaml.scalar(p)), Some("1"));
        assert_eq!(yaml.get(b, "q").and_then(|q| yaml.scalar(q)), Some("2"));
    }

    #[test]
    fn a_second_document_is_refused() {
        let error = Yaml::parse("a: 1\n---\nb: 2\n").unwrap_err();
        assert_eq!(
            error.to_string(),
            "malformed YAML at line 3, column 1: more than one YAML document; the file must hold one"
        );
    }
}
