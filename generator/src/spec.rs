//! Phase 1, load: the serde model of a YAML spec, and a map from each node
//! of the YAML document to its position.
//!
//! serde_yaml gives typed deserialization that denies unknown keys, with the
//! position of the first structural error. It keeps no positions for values
//! that parse fine, so the loader also runs yaml-rust2's event parser once
//! and records where every key and value starts; later phases ask the
//! [`SourceMap`] for the position of the node they complain about.

// The model mirrors schemas/README.md key for key; that page documents it.
#![allow(missing_docs)]

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

use indexmap::IndexMap;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

use crate::diag::{Diagnostics, Loc};

/// A whole spec file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApiSpec {
    pub api: String,
    pub title: String,
    #[serde(default)]
    pub doc: Option<String>,
    #[serde(default)]
    pub base_url: Option<String>,
    pub protocol: ProtocolSpec,
    pub auth: AuthSpec,
    pub endpoints: Vec<EndpointSpec>,
    #[serde(default)]
    pub types: IndexMap<String, TypeSpec>,
}

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum ProtocolSpec {
    RestJson,
    RestMultipart,
    JsonRpc,
}

#[derive(Debug, Deserialize)]
#[serde(tag = "scheme", rename_all = "snake_case", deny_unknown_fields)]
pub enum AuthSpec {
    None,
    Bearer,
    ApiKeyHeader { header: String },
    ParamsField { field: String },
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EndpointSpec {
    pub name: String,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub doc: Option<String>,
    #[serde(default)]
    pub method: Option<String>,
    pub path: String,
    #[serde(default)]
    pub query: Option<String>,
    #[serde(default)]
    pub body: Option<String>,
    #[serde(default)]
    pub responses: Option<IndexMap<String, ResponseSpec>>,
    #[serde(default)]
    pub rpc_method: Option<String>,
    #[serde(default)]
    pub result: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResponseSpec {
    #[serde(default)]
    pub doc: Option<String>,
    #[serde(default)]
    pub error: bool,
    #[serde(default)]
    pub body: Option<TypeExpr>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TypeSpec {
    #[serde(default)]
    pub doc: Option<String>,
    #[serde(default)]
    pub fields: Option<IndexMap<String, TypeExpr>>,
    #[serde(default)]
    pub rules: Vec<RuleSpec>,
    #[serde(default, rename = "enum")]
    pub enum_values: Option<Vec<EnumValueSpec>>,
    #[serde(default)]
    pub open: bool,
}

/// An enum value: `lost` or `{value: lost, doc: …}`.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum EnumValueSpec {
    Bare(String),
    Full(EnumValueFull),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnumValueFull {
    pub value: String,
    #[serde(default)]
    pub doc: Option<String>,
}

impl EnumValueSpec {
    pub fn value(&self) -> &str {
        match self {
            EnumValueSpec::Bare(v) => v,
            EnumValueSpec::Full(f) => &f.value,
        }
    }
    pub fn doc(&self) -> Option<&str> {
        match self {
            EnumValueSpec::Bare(_) => None,
            EnumValueSpec::Full(f) => f.doc.as_deref(),
        }
    }
}

/// A constraint: a bare value, or `{value: …, message: …}`.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Constraint<T> {
    Bare(T),
    Full(ConstraintFull<T>),
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConstraintFull<T> {
    pub value: T,
    #[serde(default)]
    pub message: Option<String>,
}

impl<T: Clone> Constraint<T> {
    pub fn split(&self) -> (T, Option<String>) {
        match self {
            Constraint::Bare(v) => (v.clone(), None),
            Constraint::Full(f) => (f.value.clone(), f.message.clone()),
        }
    }
}

/// A flag: `true`/`false`, or `{message: …}` (which means `true`).
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Flag {
    Bare(bool),
    Full(FlagFull),
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FlagFull {
    #[serde(default)]
    pub message: Option<String>,
}

impl Flag {
    /// `None` when off; `Some(custom message)` when on.
    pub fn get(&self) -> Option<Option<String>> {
        match self {
            Flag::Bare(false) => None,
            Flag::Bare(true) => Some(None),
            Flag::Full(f) => Some(f.message.clone()),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSpec {
    #[serde(default)]
    pub at_least_one_of: Option<Vec<String>>,
    #[serde(default)]
    pub exactly_one_of: Option<Vec<String>>,
    #[serde(default)]
    pub required_if: Option<RequiredIfSpec>,
    #[serde(default)]
    pub message: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequiredIfSpec {
    pub field: String,
    pub when: String,
    pub equals: serde_yaml::Value,
}

/// A type expression with its constraints; also a field (which adds
/// `required`, `nullable`, `default`, `doc` and `rust_name`). A bare string
/// such as `string` or `Chat` is shorthand for `{type: …}`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TypeExprFull {
    #[serde(rename = "type", default)]
    pub ty: Option<String>,
    #[serde(default)]
    pub items: Option<Box<TypeExpr>>,
    #[serde(default)]
    pub format: Option<String>,
    #[serde(default)]
    pub required: Option<bool>,
    #[serde(default)]
    pub nullable: Option<bool>,
    #[serde(default)]
    pub default: Option<serde_yaml::Value>,
    #[serde(default)]
    pub doc: Option<String>,
    #[serde(default)]
    pub rust_name: Option<String>,
    #[serde(default)]
    pub pattern: Option<Constraint<String>>,
    #[serde(default)]
    pub min_length: Option<Constraint<u64>>,
    #[serde(default)]
    pub max_length: Option<Constraint<u64>>,
    #[serde(default)]
    pub minimum: Option<Constraint<f64>>,
    #[serde(default)]
    pub maximum: Option<Constraint<f64>>,
    #[serde(default)]
    pub exclusive_minimum: Option<Constraint<f64>>,
    #[serde(default)]
    pub exclusive_maximum: Option<Constraint<f64>>,
    #[serde(default)]
    pub min_items: Option<Constraint<u64>>,
    #[serde(default)]
    pub max_items: Option<Constraint<u64>>,
    #[serde(default)]
    pub not_blank: Option<Flag>,
    #[serde(default)]
    pub not_future: Option<Flag>,
}

/// See [`TypeExprFull`].
#[derive(Debug, Default)]
pub struct TypeExpr(pub TypeExprFull);

impl<'de> Deserialize<'de> for TypeExpr {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = TypeExpr;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a type name such as `string`, or a mapping with `type`")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<TypeExpr, E> {
                Ok(TypeExpr(TypeExprFull {
                    ty: Some(v.to_owned()),
                    ..TypeExprFull::default()
                }))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<TypeExpr, A::Error> {
                TypeExprFull::deserialize(de::value::MapAccessDeserializer::new(map)).map(TypeExpr)
            }
        }
        d.deserialize_any(V)
    }
}

/// One step of a path into the YAML document.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Step {
    Key(String),
    Index(usize),
}

/// Where each key and value of one YAML document starts.
#[derive(Debug)]
pub struct SourceMap {
    file: Arc<str>,
    keys: HashMap<Vec<Step>, (usize, usize)>,
    values: HashMap<Vec<Step>, (usize, usize)>,
}

impl SourceMap {
    /// The file's name.
    pub fn file(&self) -> &Arc<str> {
        &self.file
    }

    fn loc(&self, (line, col): (usize, usize)) -> Loc {
        Loc {
            file: self.file.clone(),
            line,
            col,
        }
    }

    /// The position of the value at `path`, or of the nearest ancestor known.
    pub fn value(&self, path: &[Step]) -> Loc {
        let mut p = path;
        loop {
            if let Some(&pos) = self.values.get(p) {
                return self.loc(pos);
            }
            match p.split_last() {
                Some((_, rest)) => p = rest,
                None => return self.loc((1, 1)),
            }
        }
    }

    /// Whether the spec writes the key `path` (even with a null value).
    pub fn has_key(&self, path: &[Step]) -> bool {
        self.keys.contains_key(path)
    }

    /// The position of the key of `path` (the last step), falling back to
    /// its value and then to its ancestors.
    pub fn key(&self, path: &[Step]) -> Loc {
        match self.keys.get(path) {
            Some(&pos) => self.loc(pos),
            None => self.value(path),
        }
    }
}

enum Frame {
    /// A mapping, its pending key, and the keys it has had so far.
    Map {
        key: Option<String>,
        seen: std::collections::HashSet<String>,
    },
    Seq {
        index: usize,
    },
}

/// Deeper nesting than this is refused before it can exhaust the stack of
/// serde_yaml's recursive deserializer; real specs nest about 8 levels.
const MAX_DEPTH: usize = 64;

struct Recorder {
    path: Vec<Step>,
    frames: Vec<Frame>,
    keys: HashMap<Vec<Step>, (usize, usize)>,
    values: HashMap<Vec<Step>, (usize, usize)>,
    duplicates: Vec<(String, (usize, usize))>,
}

impl Recorder {
    /// Called when a value (scalar or container) starts at `pos`.
    fn value_starts(&mut self, pos: (usize, usize)) {
        match self.frames.last() {
            Some(Frame::Map { key: Some(k), .. }) => {
                self.path.push(Step::Key(k.clone()));
            }
            Some(Frame::Seq { index }) => self.path.push(Step::Index(*index)),
            _ => {}
        }
        self.values.entry(self.path.clone()).or_insert(pos);
    }

    /// Called when a value has ended.
    fn value_ends(&mut self) {
        match self.frames.last_mut() {
            Some(Frame::Map { key, .. }) if key.is_some() => {
                *key = None;
                self.path.pop();
            }
            Some(Frame::Seq { index }) => {
                *index += 1;
                self.path.pop();
            }
            _ => {}
        }
    }
}

impl MarkedEventReceiver for Recorder {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        // yaml-rust2 counts lines from 1 and columns from 0.
        let pos = (mark.line(), mark.col() + 1);
        match ev {
            Event::Scalar(text, ..) => {
                if let Some(Frame::Map {
                    key: key @ None,
                    seen,
                }) = self.frames.last_mut()
                {
                    *key = Some(text.clone());
                    if seen.is_empty() {
                        // yaml-rust2 marks a block mapping at its first `:`;
                        // its first key is where a reader sees it start.
                        if let Some(start) = self.values.get_mut(&self.path) {
                            *start = (*start).min(pos);
                        }
                    }
                    let mut p = self.path.clone();
                    p.push(Step::Key(text.clone()));
                    if seen.insert(text.clone()) {
                        self.keys.insert(p, pos);
                    } else {
                        self.duplicates.push((text, pos));
                    }
                } else {
                    self.value_starts(pos);
                    self.value_ends();
                }
            }
            Event::Alias(_) => {
                self.value_starts(pos);
                self.value_ends();
            }
            Event::MappingStart(..) => {
                self.value_starts(pos);
                self.frames.push(Frame::Map {
                    key: None,
                    seen: std::collections::HashSet::new(),
                });
            }
            Event::SequenceStart(..) => {
                self.value_starts(pos);
                self.frames.push(Frame::Seq { index: 0 });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.frames.pop();
                self.value_ends();
            }
            _ => {}
        }
    }
}

/// A spec as loaded: the model, and where each of its nodes is.
#[derive(Debug)]
pub struct LoadedSpec {
    pub spec: ApiSpec,
    pub map: SourceMap,
}

/// Loads one spec from its text. Problems go to `diags`; `None` when the
/// file cannot be turned into a model at all.
pub fn load(file: &str, text: &str, diags: &mut Diagnostics) -> Option<LoadedSpec> {
    let file: Arc<str> = Arc::from(file);
    let mut rec = Recorder {
        path: Vec::new(),
        frames: Vec::new(),
        keys: HashMap::new(),
        values: HashMap::new(),
        duplicates: Vec::new(),
    };
    // Events are pulled one by one (yaml-rust2's `load` recurses per level).
    let mut parser = Parser::new_from_str(text);
    loop {
        match parser.next_token() {
            Ok((Event::StreamEnd, _)) => break,
            Ok((ev, mark)) => {
                rec.on_event(ev, mark);
                if rec.frames.len() > MAX_DEPTH {
                    diags.error_help(
                        Loc {
                            file: file.clone(),
                            line: mark.line(),
                            col: mark.col() + 1,
                        },
                        format!("the document nests deeper than {MAX_DEPTH} levels"),
                        "a spec nests a handful of levels; flatten it with named types",
                    );
                    return None;
                }
            }
            Err(e) => {
                let m = e.marker();
                diags.error(
                    Loc {
                        file: file.clone(),
                        line: m.line(),
                        col: m.col() + 1,
                    },
                    format!("invalid YAML: {}", e.info()),
                );
                return None;
            }
        }
    }
    let map = SourceMap {
        file: file.clone(),
        keys: rec.keys,
        values: rec.values,
    };
    for (key, (line, col)) in rec.duplicates {
        diags.error_help(
            Loc {
                file: file.clone(),
                line,
                col,
            },
            format!("duplicate key `{key}`"),
            "each key may appear once in a mapping; remove or rename one of them",
        );
    }
    match serde_yaml::from_str::<ApiSpec>(text) {
        Ok(spec) => Some(LoadedSpec { spec, map }),
        Err(e) => {
            let (line, col) = e.location().map_or((1, 1), |l| (l.line(), l.column()));
            let message = e.to_string();
            // serde_yaml appends " at line L column C"; the location is ours to print.
            let message = match message.rfind(" at line ") {
                Some(i) => message[..i].to_owned(),
                None => message,
            };
            let help = unknown_key_help(&message);
            let loc = Loc { file, line, col };
            match help {
                Some(h) => diags.error_help(loc, message, h),
                None => diags.error(loc, message),
            }
            None
        }
    }
}

fn unknown_key_help(message: &str) -> Option<String> {
    if message.contains("unknown field") {
        Some("see schemas/README.md for the keys each section accepts".to_owned())
    } else if message.contains("did not match any variant of untagged enum Constraint") {
        Some("a constraint is a value, or a mapping `{value: …, message: …}`".to_owned())
    } else if message.contains("did not match any variant of untagged enum Flag") {
        Some("a flag is `true`/`false`, or a mapping `{message: …}`".to_owned())
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k(s: &str) -> Step {
        Step::Key(s.to_owned())
    }

    #[test]
    fn source_map_finds_nested_keys_and_sequence_items() {
        let text = "a: 1\nlist:\n  - name: x\n    pattern: '[a-'\n  - name: y\n";
        let mut d = Diagnostics::default();
        let mut rec = Recorder {
            path: vec![],
            frames: vec![],
            keys: HashMap::new(),
            values: HashMap::new(),
            duplicates: vec![],
        };
        Parser::new_from_str(text).load(&mut rec, false).unwrap();
        assert!(rec.duplicates.is_empty());
        let map = SourceMap {
            file: Arc::from("t.yaml"),
            keys: rec.keys,
            values: rec.values,
        };
        assert!(d.is_empty());
        let p = [k("list"), Step::Index(0), k("pattern")];
        assert_eq!(map.value(&p).to_string(), "t.yaml:4:14");
        assert_eq!(map.key(&p).to_string(), "t.yaml:4:5");
        let p = [k("list"), Step::Index(1), k("name")];
        assert_eq!(map.value(&p).to_string(), "t.yaml:5:11");
        // Unknown paths fall back to the nearest ancestor.
        let p = [k("list"), Step::Index(1), k("nope")];
        assert_eq!(map.value(&p).to_string(), "t.yaml:5:5");
        d.error(map.value(&p), "x");
    }
}
