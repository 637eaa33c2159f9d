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
    /// The `Accept` header of every request, unless an endpoint sets its own.
    #[serde(default)]
    pub accept: Option<String>,
    pub protocol: ProtocolSpec,
    pub auth: AuthSpec,
    pub endpoints: Vec<EndpointSpec>,
    #[serde(default)]
    pub types: IndexMap<String, TypeSpec>,
    #[serde(default)]
    pub error_dialect: Option<ErrorDialectSpec>,
}

/// How the API answers a request it refuses: a template per kind of refusal.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ErrorDialectSpec {
    #[serde(default)]
    pub invalid: Option<ErrorAnswerSpec>,
    #[serde(default)]
    pub unauthorized: Option<ErrorAnswerSpec>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ErrorAnswerSpec {
    #[serde(default)]
    pub status: Option<u16>,
    pub body: serde_json::Value,
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
    /// Object type whose fields fill the path's `{name}` segments.
    #[serde(default)]
    pub path_params: Option<String>,
    #[serde(default)]
    pub query: Option<String>,
    /// Object type whose fields are sent as request headers.
    #[serde(default)]
    pub headers: Option<String>,
    #[serde(default)]
    pub body: Option<String>,
    #[serde(default)]
    pub responses: Option<IndexMap<String, ResponseSpec>>,
    #[serde(default)]
    pub rpc_method: Option<String>,
    #[serde(default)]
    pub result: Option<String>,
    /// This endpoint's `Accept` header, over the API's.
    #[serde(default)]
    pub accept: Option<String>,
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
    #[serde(default)]
    pub example: Option<serde_yaml::Value>,
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
    pub minimum: Option<Constraint<Bound>>,
    #[serde(default)]
    pub maximum: Option<Constraint<Bound>>,
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
    #[serde(default)]
    pub not_past: Option<Flag>,
    #[serde(default)]
    pub min_properties: Option<Constraint<u64>>,
    #[serde(default)]
    pub max_properties: Option<Constraint<u64>>,
    /// Absent, `null` and a value are three distinct states.
    #[serde(default)]
    pub tri_state: Option<bool>,
    #[serde(default)]
    pub example: Option<serde_yaml::Value>,
}

/// A `minimum`/`maximum`: a number, or for a `datetime` a date-time in the
/// field's own format.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Bound {
    Number(f64),
    Instant(String),
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

/// A path into the document, as a hash folded step by step from the root:
/// the recorder keeps one number per level instead of cloning paths of
/// strings for every node, which made loading slow on large specs. Two paths
/// with one hash (about one chance in 2^64 per pair) would only make a
/// message point at the wrong node.
type PathHash = u64;

const ROOT: PathHash = 0;

fn child_hash(parent: PathHash, step: &Step) -> PathHash {
    match step {
        Step::Key(k) => key_hash(parent, k),
        Step::Index(i) => index_hash(parent, *i),
    }
}

fn key_hash(parent: PathHash, key: &str) -> PathHash {
    use std::hash::{Hash, Hasher};
    // DefaultHasher::new() is SipHash with fixed keys: the same in every run.
    let mut h = std::hash::DefaultHasher::new();
    parent.hash(&mut h);
    0u8.hash(&mut h);
    key.hash(&mut h);
    h.finish()
}

fn index_hash(parent: PathHash, index: usize) -> PathHash {
    use std::hash::{Hash, Hasher};
    let mut h = std::hash::DefaultHasher::new();
    parent.hash(&mut h);
    1u8.hash(&mut h);
    index.hash(&mut h);
    h.finish()
}

/// Path hashes are already well mixed; hashing them again is wasted work.
#[derive(Default)]
struct PassThrough(u64);

impl std::hash::Hasher for PassThrough {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(*b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

type ByPath<V> = HashMap<PathHash, V, std::hash::BuildHasherDefault<PassThrough>>;

/// Where each key and value of one YAML document starts.
#[derive(Debug)]
pub struct SourceMap {
    file: Arc<str>,
    keys: ByPath<(usize, usize)>,
    values: ByPath<(usize, usize)>,
    /// The source text of each scalar value, for messages that quote it as
    /// written (`1e3`, not `1000.0`).
    scalars: ByPath<String>,
    /// Keys the loader read as the key they resemble (`methd` as `method`),
    /// from the path as read to the path as written.
    renamed: ByPath<PathHash>,
}

impl SourceMap {
    /// Records that the key at `read` is written as the last step of `written`.
    pub(crate) fn rename(&mut self, read: &[Step], written: &[Step]) {
        let read = self.prefix_hashes(read).pop().unwrap_or(ROOT);
        let written = self.prefix_hashes(written).pop().unwrap_or(ROOT);
        self.renamed.insert(read, written);
    }

    /// The hash of every prefix of `path` as written in the file (undoing
    /// the loader's renames), from the root to the whole path.
    fn prefix_hashes(&self, path: &[Step]) -> Vec<PathHash> {
        let mut out = Vec::with_capacity(path.len() + 1);
        let mut h = ROOT;
        out.push(h);
        for step in path {
            h = child_hash(h, step);
            if let Some(&written) = self.renamed.get(&h) {
                h = written;
            }
            out.push(h);
        }
        out
    }

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
        let pos = self
            .prefix_hashes(path)
            .iter()
            .rev()
            .find_map(|h| self.values.get(h).copied());
        self.loc(pos.unwrap_or((1, 1)))
    }

    /// A scalar value as written in the file.
    pub fn scalar_text(&self, path: &[Step]) -> Option<&str> {
        let h = self.prefix_hashes(path).pop().unwrap_or(ROOT);
        self.scalars.get(&h).map(String::as_str)
    }

    /// Whether the spec writes the key `path` (even with a null value).
    pub fn has_key(&self, path: &[Step]) -> bool {
        let h = self.prefix_hashes(path).pop().unwrap_or(ROOT);
        self.keys.contains_key(&h)
    }

    /// The position of the key of `path` (the last step), falling back to
    /// its value and then to its ancestors.
    pub fn key(&self, path: &[Step]) -> Loc {
        let h = self.prefix_hashes(path).pop().unwrap_or(ROOT);
        match self.keys.get(&h) {
            Some(&pos) => self.loc(pos),
            None => self.value(path),
        }
    }
}

enum Frame {
    /// A mapping: the path of its pending key's value, and whether it has
    /// had a key yet.
    Map {
        key: Option<PathHash>,
        first: bool,
    },
    Seq {
        index: usize,
    },
}

/// Deeper nesting than this is refused before it can exhaust the stack of
/// serde_yaml's recursive deserializer; real specs nest about 8 levels.
const MAX_DEPTH: usize = 64;

#[derive(Default)]
struct Recorder {
    /// The hash of the path of the current node and its ancestors.
    path: Vec<PathHash>,
    frames: Vec<Frame>,
    keys: ByPath<(usize, usize)>,
    values: ByPath<(usize, usize)>,
    scalars: ByPath<String>,
    duplicates: Vec<(String, (usize, usize))>,
}

impl Recorder {
    fn here(&self) -> PathHash {
        self.path.last().copied().unwrap_or(ROOT)
    }

    /// Called when a value (scalar or container) starts at `pos`.
    fn value_starts(&mut self, pos: (usize, usize)) {
        let here = self.here();
        match self.frames.last() {
            Some(Frame::Map { key: Some(k), .. }) => self.path.push(*k),
            Some(Frame::Seq { index }) => self.path.push(index_hash(here, *index)),
            _ => {}
        }
        self.values.entry(self.here()).or_insert(pos);
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
        let here = self.here();
        match ev {
            Event::Scalar(text, ..) => {
                if let Some(Frame::Map {
                    key: key @ None,
                    first,
                }) = self.frames.last_mut()
                {
                    let child = key_hash(here, &text);
                    *key = Some(child);
                    if *first {
                        *first = false;
                        // yaml-rust2 marks a block mapping at its first `:`;
                        // its first key is where a reader sees it start.
                        if let Some(start) = self.values.get_mut(&here) {
                            *start = (*start).min(pos);
                        }
                    }
                    match self.keys.entry(child) {
                        std::collections::hash_map::Entry::Vacant(e) => {
                            e.insert(pos);
                        }
                        std::collections::hash_map::Entry::Occupied(_) => {
                            // The repeated key's value goes under a path of
                            // its own, so its keys are not duplicates too.
                            let apart = index_hash(child, usize::MAX - self.duplicates.len());
                            if let Some(Frame::Map { key, .. }) = self.frames.last_mut() {
                                *key = Some(apart);
                            }
                            self.duplicates.push((text, pos));
                        }
                    }
                } else {
                    self.value_starts(pos);
                    self.scalars.insert(self.here(), text);
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
                    first: true,
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

/// Builds the document's value from the same events the [`Recorder`] sees,
/// so the text is parsed once.
#[derive(Default)]
struct Tree {
    stack: Vec<(Building, usize)>,
    anchors: HashMap<usize, serde_yaml::Value>,
    root: Option<serde_yaml::Value>,
    more_than_one_document: bool,
    /// Nodes copied by aliases so far, against "billion laughs" documents.
    alias_nodes: usize,
}

enum Building {
    Seq(Vec<serde_yaml::Value>),
    /// A mapping and its pending key.
    Map(serde_yaml::Mapping, Option<serde_yaml::Value>),
}

/// More nodes than a spec of any real size copies through aliases.
const MAX_ALIAS_NODES: usize = 1_000_000;

fn node_count(v: &serde_yaml::Value) -> usize {
    match v {
        serde_yaml::Value::Sequence(items) => 1 + items.iter().map(node_count).sum::<usize>(),
        serde_yaml::Value::Mapping(m) => 1 + m.values().map(node_count).sum::<usize>(),
        _ => 1,
    }
}

impl Tree {
    fn on_event(&mut self, ev: &Event) {
        use serde_yaml::Value;
        match ev {
            Event::Scalar(text, style, anchor, tag) => {
                let is_str_tag = tag.as_ref().is_some_and(|t| {
                    t.suffix == "str" && (t.handle == "!!" || t.handle == "tag:yaml.org,2002:")
                });
                let v = if *style != yaml_rust2::scanner::TScalarStyle::Plain || is_str_tag {
                    Value::String(text.clone())
                } else {
                    crate::resolve::plain_scalar(text)
                };
                if *anchor != 0 {
                    self.anchors.insert(*anchor, v.clone());
                }
                self.add(v);
            }
            Event::Alias(id) => {
                let v = self.anchors.get(id).cloned().unwrap_or(Value::Null);
                self.alias_nodes = self.alias_nodes.saturating_add(node_count(&v));
                if self.alias_nodes <= MAX_ALIAS_NODES {
                    self.add(v);
                }
            }
            Event::SequenceStart(anchor, _) => {
                self.stack.push((Building::Seq(Vec::new()), *anchor))
            }
            Event::MappingStart(anchor, _) => self
                .stack
                .push((Building::Map(serde_yaml::Mapping::new(), None), *anchor)),
            Event::SequenceEnd | Event::MappingEnd => {
                if let Some((node, anchor)) = self.stack.pop() {
                    let v = match node {
                        Building::Seq(items) => Value::Sequence(items),
                        Building::Map(m, _) => Value::Mapping(m),
                    };
                    if anchor != 0 {
                        self.anchors.insert(anchor, v.clone());
                    }
                    self.add(v);
                }
            }
            _ => {}
        }
    }

    fn add(&mut self, v: serde_yaml::Value) {
        match self.stack.last_mut() {
            None if self.root.is_some() => self.more_than_one_document = true,
            None => self.root = Some(v),
            Some((Building::Seq(items), _)) => items.push(v),
            Some((Building::Map(m, key), _)) => match key.take() {
                None => *key = Some(v),
                // A repeated key is reported by the recorder; the first wins.
                Some(k) => {
                    if !m.contains_key(&k) {
                        m.insert(k, v);
                    }
                }
            },
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
///
/// Every unknown key and mistyped value of the file is reported (see
/// the `shape` module); the model is built from what is left, so later phases
/// still check the rest of the spec.
pub fn load(file: &str, text: &str, diags: &mut Diagnostics) -> Option<LoadedSpec> {
    load_on_threads(file, text, diags, crate::two_cores())
}

/// Texts from this size on are parsed on a thread of their own while the
/// calling thread builds the document from the parser's events, when
/// `threads` is on; below it a thread costs more than it saves. The result
/// is the same either way.
const PIPELINE_FROM_BYTES: usize = 64 * 1024;

/// Events handed from the parsing thread to the building one at a time.
const EVENT_BATCH: usize = 1024;

/// Why reading the events stopped before the end of the stream.
enum Stop {
    TooDeep(Marker),
    Invalid(yaml_rust2::ScanError),
}

/// One parser result: an event, or the error that ends the stream.
type Parsed = Result<(Event, Marker), yaml_rust2::ScanError>;

/// Feeds every event of `text` to the tree and the recorder, on two threads
/// when `pipeline` (see [`PIPELINE_FROM_BYTES`]).
fn read_events(
    text: &str,
    tree: &mut Tree,
    rec: &mut Recorder,
    pipeline: bool,
) -> Result<(), Stop> {
    let mut deliver = |parsed: Parsed| -> Result<bool, Stop> {
        match parsed {
            Ok((Event::StreamEnd, _)) => Ok(true),
            Ok((ev, mark)) => {
                tree.on_event(&ev);
                rec.on_event(ev, mark);
                if rec.frames.len() > MAX_DEPTH {
                    return Err(Stop::TooDeep(mark));
                }
                Ok(false)
            }
            Err(e) => Err(Stop::Invalid(e)),
        }
    };
    // Events are pulled one by one (yaml-rust2's `load` recurses per level).
    let mut parser = Parser::new_from_str(text);
    if !pipeline {
        while !deliver(parser.next_token())? {}
        return Ok(());
    }
    std::thread::scope(|scope| {
        let (to_builder, from_parser) = std::sync::mpsc::sync_channel::<Vec<Parsed>>(4);
        let parsing = std::thread::Builder::new().spawn_scoped(scope, move || loop {
            let mut batch = Vec::with_capacity(EVENT_BATCH);
            let mut last = false;
            while !last && batch.len() < EVENT_BATCH {
                let parsed = parser.next_token();
                last = matches!(parsed, Ok((Event::StreamEnd, _)) | Err(_));
                batch.push(parsed);
            }
            // A closed channel means the builder stopped (too deep): so do we.
            if to_builder.send(batch).is_err() || last {
                return;
            }
        });
        if parsing.is_err() {
            // No thread to be had: parse here.
            let mut parser = Parser::new_from_str(text);
            while !deliver(parser.next_token())? {}
            return Ok(());
        }
        for batch in from_parser {
            for parsed in batch {
                if deliver(parsed)? {
                    return Ok(());
                }
            }
        }
        // The parser always ends with StreamEnd or an error.
        Ok(())
    })
}

/// [`load`], parsing a large text on a thread of its own only when
/// `threads` is on ([`load`] turns it on when there is a second core).
pub(crate) fn load_on_threads(
    file: &str,
    text: &str,
    diags: &mut Diagnostics,
    threads: bool,
) -> Option<LoadedSpec> {
    // Editors hide a byte-order mark; positions are counted after it.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let file: Arc<str> = Arc::from(file);
    let mut rec = Recorder::default();
    let mut tree = Tree::default();
    let pipeline = threads && text.len() >= PIPELINE_FROM_BYTES;
    match read_events(text, &mut tree, &mut rec, pipeline) {
        Ok(()) => {}
        Err(Stop::TooDeep(mark)) => {
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
        Err(Stop::Invalid(e)) => {
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
    let map = SourceMap {
        file: file.clone(),
        keys: rec.keys,
        values: rec.values,
        scalars: rec.scalars,
        renamed: ByPath::default(),
    };
    let mut map = map;
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
    let at_start = Loc {
        file: file.clone(),
        line: 1,
        col: 1,
    };
    if tree.more_than_one_document {
        diags.error_help(
            at_start,
            "the file holds more than one YAML document",
            "a spec is one document; split the others into files of their own",
        );
        return None;
    }
    if tree.alias_nodes > MAX_ALIAS_NODES {
        diags.error_help(
            at_start,
            format!("aliases expand to more than {MAX_ALIAS_NODES} nodes"),
            "write the repeated parts out, or name them as types",
        );
        return None;
    }
    let doc = tree.root.unwrap_or(serde_yaml::Value::Null);
    let clean = crate::shape::clean_spec(&doc, &mut map, diags)?;
    match serde_yaml::from_value::<ApiSpec>(clean) {
        Ok(spec) => Some(LoadedSpec { spec, map }),
        Err(e) => {
            serde_error(&file, &e, diags);
            None
        }
    }
}

fn serde_error(file: &Arc<str>, e: &serde_yaml::Error, diags: &mut Diagnostics) {
    let (line, col) = e.location().map_or((1, 1), |l| (l.line(), l.column()));
    let message = e.to_string();
    // serde_yaml appends " at line L column C"; the location is ours to print.
    let message = match message.rfind(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message,
    };
    diags.error(
        Loc {
            file: file.clone(),
            line,
            col,
        },
        message,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k(s: &str) -> Step {
        Step::Key(s.to_owned())
    }

    /// The tree, the recorded positions, and why reading stopped early.
    fn events_read(text: &str, pipeline: bool) -> String {
        let (mut tree, mut rec) = (Tree::default(), Recorder::default());
        let stop = match read_events(text, &mut tree, &mut rec, pipeline) {
            Ok(()) => "read to the end".to_owned(),
            Err(Stop::TooDeep(m)) => format!("too deep at {}:{}", m.line(), m.col()),
            Err(Stop::Invalid(e)) => format!("invalid: {e}"),
        };
        fn sorted<V>(m: &ByPath<V>) -> std::collections::BTreeMap<&PathHash, &V> {
            m.iter().collect()
        }
        format!(
            "{stop}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}",
            tree.root,
            sorted(&rec.keys),
            sorted(&rec.values),
            sorted(&rec.scalars),
            rec.duplicates
        )
    }

    /// Parsing on a thread of its own, batch by batch, reads the very
    /// events that parsing in line reads: the same document and positions,
    /// and the same stop where the YAML is invalid or nests too deep,
    /// several batches into the stream.
    #[test]
    fn pipelined_parsing_reads_what_parsing_in_line_reads() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../schemas");
        let mut seed = std::fs::read_to_string(root.join("callgear.yaml")).unwrap();
        // Several batches of events.
        for i in 0..EVENT_BATCH {
            seed.push_str(&format!("extra_{i}: {{a: [1, {i}], b: x}}\n"));
        }
        let half = &seed[..seed[..seed.len() / 2].rfind('\n').unwrap()];
        let texts = [
            seed.clone(),
            format!("{half}\n  - [unclosed: {{\n"),
            format!("{seed}\nx: {}1{}\n", "[".repeat(100), "]".repeat(100)),
            format!("{seed}\ntitle: again\n"),
        ];
        for text in &texts {
            let in_line = events_read(text, false);
            assert_eq!(events_read(text, true), in_line);
        }
        assert!(events_read(&texts[1], false).starts_with("invalid"));
        assert!(events_read(&texts[2], false).starts_with("too deep"));
    }

    #[test]
    fn source_map_finds_nested_keys_and_sequence_items() {
        let text = "a: 1\nlist:\n  - name: x\n    pattern: '[a-'\n  - name: y\n";
        let mut d = Diagnostics::default();
        let mut rec = Recorder::default();
        Parser::new_from_str(text).load(&mut rec, false).unwrap();
        assert!(rec.duplicates.is_empty());
        let map = SourceMap {
            file: Arc::from("t.yaml"),
            keys: rec.keys,
            values: rec.values,
            scalars: rec.scalars,
            renamed: ByPath::default(),
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
