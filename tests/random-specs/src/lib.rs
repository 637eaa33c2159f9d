//! Random *valid* specs, covering every construct of the spec language
//! (schemas/README.md), for the generative soundness test and the benches.
//!
//! A spec is drawn from a seed alone ([`batch`]), so a failing spec is named
//! by its seed and index. What is drawn:
//!
//! - every scalar type, both date-time format kinds, arrays (nested too),
//!   open and closed enums with documented values, objects referring to
//!   each other forward (required or not) and backward or to themselves
//!   (recursion: through arrays, and through optional or nullable fields
//!   when [`Constructs::optional_recursion`] is on);
//! - every constraint, as a bare value or `{value, message}`, with bounds
//!   that leave at least one value; `not_blank` and `not_future` flags;
//! - `required`, `nullable`, and defaults of every kind that passes its own
//!   constraints (a default is never on a required field);
//! - every rule (`at_least_one_of`, `exactly_one_of`, `required_if`) over
//!   fields that may be absent, with and without a message, also naming
//!   fields of nested objects (`contact.email`);
//! - free-form `object` fields with member counts, `tri_state` fields, and
//!   `example:`s that pass their constraints;
//! - every protocol and auth scheme; query types (flat fields), bodies,
//!   multipart bodies (flat fields and bytes), responses with and without
//!   bodies, error responses, JSON-RPC results;
//! - names that collide after case conversion (`a_b` and `Ab`, `x-y` and
//!   `x_y`, `chatId` and `chat_id`; a colliding field gets the `rust_name`
//!   the language asks for), Rust keywords, names with digits first and
//!   non-ASCII letters;
//! - odd text in titles, docs, messages, patterns and enum values: quotes,
//!   backslashes, `*/`, `{}` and, per [`Constructs`], control characters
//!   and code blocks.
//!
//! [`Constructs`] switches off what the generator on this branch cannot yet
//! handle; each switch names its issue.

use std::collections::BTreeSet;

use serde_yaml::{Mapping, Value};
use specgen::names;

/// Constructs that are valid in the language but that some generator
/// versions do not yet handle; [`Constructs::SUPPORTED`] is what the
/// soundness test draws.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Constructs {
    /// A type reaching itself through an optional or nullable field (not only
    /// through an array): needs boxing (issue 8).
    pub optional_recursion: bool,
    /// Carriage returns and other control characters in text that reaches
    /// doc comments and string literals (issue 8).
    pub control_chars: bool,
    /// ```` ``` ````/`~~~` fences and four-space indented blocks in docs,
    /// which must not become doctests (issue 8).
    pub code_blocks: bool,
    /// Defaults on `json` fields other than strings and booleans (issue 8).
    pub json_defaults: bool,
    /// `default` on a `nullable` field (issue 8).
    pub nullable_defaults: bool,
    /// Type names whose rules statics collide after case conversion (`a_b`
    /// and `Ab`, issue 8).
    pub static_collisions: bool,
}

impl Constructs {
    /// What the generator on this branch is known to handle: everything.
    pub const SUPPORTED: Constructs = Constructs::ALL;

    /// Everything the language allows.
    pub const ALL: Constructs = Constructs {
        optional_recursion: true,
        control_chars: true,
        code_blocks: true,
        json_defaults: true,
        nullable_defaults: true,
        static_collisions: true,
    };
}

/// One generated spec.
#[derive(Debug, Clone)]
pub struct RandomSpec {
    /// Its `api` name (`s<index>`), also its module and file name.
    pub api: String,
    /// The YAML text.
    pub yaml: String,
}

/// `count` specs drawn from `seed`. Spec `i` depends only on `(seed, i)`,
/// so a batch of 10 is the first 10 of a batch of 300.
pub fn batch(seed: u64, count: usize, constructs: Constructs) -> Vec<RandomSpec> {
    (0..count).map(|i| spec(seed, i, constructs)).collect()
}

/// Spec number `index` of the batch drawn from `seed`.
pub fn spec(seed: u64, index: usize, constructs: Constructs) -> RandomSpec {
    let mut rng = Rng::new(seed ^ (index as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15));
    let api = format!("s{index:03}");
    let yaml = SpecGen {
        rng: &mut rng,
        c: constructs,
        types: Vec::new(),
    }
    .spec(&api);
    RandomSpec { api, yaml }
}

/// SplitMix64: a seed must name the same batch on every machine and every
/// dependency update, which a 10-line generator with a fixed algorithm
/// guarantees and `rand`'s version-dependent streams do not.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Rng(seed)
    }
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// A number in `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    /// A number in `lo..=hi`.
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next() % (hi - lo + 1) as u64) as i64
    }
    /// True with probability `percent`/100.
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

fn s(text: &str) -> Value {
    Value::String(text.to_owned())
}

fn map(pairs: Vec<(&str, Value)>) -> Value {
    let mut m = Mapping::new();
    for (k, v) in pairs {
        m.insert(s(k), v);
    }
    Value::Mapping(m)
}

/// What a type is, decided before any field is drawn so fields can refer
/// to types declared later.
#[derive(Debug, Clone)]
enum Kind {
    /// An object; `flat` ones hold only scalars and enums (query types),
    /// `multipart` ones also bytes.
    Object {
        flat: bool,
        multipart: bool,
    },
    Enum {
        values: Vec<String>,
        open: bool,
    },
}

#[derive(Debug, Clone)]
struct TypeDraft {
    name: String,
    kind: Kind,
    /// Wire names of its fields, once drawn.
    wires: Vec<String>,
    /// Its fields a rule may name (never always present), once drawn.
    absent_wires: Vec<String>,
}

/// A drawn shape, with what a default or a rule needs to know about it.
#[derive(Debug, Clone)]
enum Drawn {
    Text {
        ty: &'static str,
        format: Option<&'static str>,
        min: u64,
        max: Option<u64>,
        pattern: bool,
    },
    Integer {
        lo: Option<i64>,
        hi: Option<i64>,
    },
    Number {
        lo: Option<f64>,
        hi: Option<f64>,
    },
    Boolean,
    Bytes,
    Json,
    JsonObject {
        min: u64,
    },
    Enum(usize),
    Object(usize),
    Array {
        min_items: u64,
    },
}

const TEXT_KINDS: &[&str] = &["string", "string", "datetime", "uuid", "email", "phone"];
const CUSTOM_FORMATS: &[&str] = &[
    "YYYY-MM-DD hh:mm:ss",
    "YYYY-MM-DD",
    "DD.MM.YYYY hh:mm",
    "YYYYMMDD",
    "YYYY/MM/DD hh:mm",
    "MM/DD/YYYY",
];
/// Patterns proptest can generate from, and the odd characters a Rust string
/// literal must escape.
const PATTERNS: &[&str] = &[
    "^[a-z]+$",
    "^[A-Za-z0-9_-]{1,12}$",
    "[0-9]",
    "^x",
    "^(ab|cd)+$",
    "^[\"']+$",
    "^a\\.b$",
    "^\\\\",
    "^[^{}]*$",
    "é|ß",
];
/// Field wire names: case conversion collisions, keywords, digits first,
/// non-ASCII, separators.
const FIELD_NAMES: &[&str] = &[
    "name", "chatId", "chat_id", "chat-id", "ChatID", "x-y", "x_y", "xY", "a_b", "Ab", "type",
    "match", "fn", "async", "self", "Self", "crate", "super", "_", "3d", "größe", "名前", "a.b",
    "a b", "$ref", "@type", "value", "items", "default", "Option", "String", "core", "std",
    "serde", "new", "validate", "now", "errors", "path", "e", "v", "f", "r#x",
];
const ENUM_VALUES: &[&str] = &[
    "lost",
    "in-progress",
    "in_progress",
    "IN_PROGRESS",
    "",
    "1",
    "2fa",
    "type",
    "Self",
    "self",
    "ü",
    "Ünïcode",
    "中文",
    "a\"b",
    "a\\b",
    "*/",
    "Other_",
    "none",
    "None",
    "true",
    "null",
];
/// `api_key_header` header names.
const HEADERS: &[&str] = &["apiKey", "X-Api-Key", "x_key"];
const TYPE_WORDS: &[&str] = &[
    "chat", "Chat", "message", "type", "self", "größe", "x-y", "a b", "event", "Value", "item",
    "match", "data", "Error", "Visitor", "2fa",
];

/// Text for titles, docs and messages: quotes, backslashes, comment ends,
/// format braces, non-ASCII; control characters and code blocks per
/// [`Constructs`].
fn odd_text(rng: &mut Rng, c: Constructs) -> String {
    let mut parts: Vec<&str> = vec![
        "Plain words.",
        "Quotes \" and ' and `ticks`.",
        "A backslash \\ and \\n literally.",
        "Comment end */ and /* start.",
        "Braces {} {0} {{x}} and %s.",
        "Ünïcödé, 中文, emoji 😀.",
        "# Not a heading\n\nA second paragraph.",
        "<b>html</b> & [link](http://x) [`Self`]",
        "Trailing spaces   \n  and leading ones.",
        "#[doc = \"x\"] r#\"raw\"#",
    ];
    if c.control_chars {
        parts.extend([
            "Carriage\rreturn.",
            "Tab\tbell\u{7} nul-free\u{1b}[0m.",
            "CRLF\r\nline.",
            "Line\u{2028}separator.",
        ]);
    }
    if c.code_blocks {
        parts.extend([
            "```\nlet x = ;\n```",
            "```rust\nfn main() { panic!() }\n```",
            "~~~\nnot rust\n~~~",
            "Text:\n\n    indented code block that is not rust\n",
            "````\n```\nnested\n```\n````",
        ]);
    }
    let n = rng.range(1, 2) as usize;
    (0..n)
        .map(|_| (*rng.pick(&parts)).to_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

struct SpecGen<'a> {
    rng: &'a mut Rng,
    c: Constructs,
    types: Vec<TypeDraft>,
}

impl SpecGen<'_> {
    fn spec(mut self, api: &str) -> String {
        let protocol = *self
            .rng
            .pick(&["rest_json", "rest_json", "rest_multipart", "json_rpc"]);
        let auth = match self.rng.below(4) {
            0 => map(vec![("scheme", s("none"))]),
            1 => map(vec![("scheme", s("bearer"))]),
            2 => map(vec![
                ("scheme", s("api_key_header")),
                ("header", s(self.rng.pick::<&str>(HEADERS))),
            ]),
            _ if protocol == "rest_multipart" => map(vec![("scheme", s("bearer"))]),
            _ => map(vec![
                ("scheme", s("params_field")),
                ("field", s("access_token")),
            ]),
        };
        self.draft_types(protocol);
        let mut types = Mapping::new();
        for i in 0..self.types.len() {
            let body = self.type_body(i);
            types.insert(s(&self.types[i].name), body);
        }
        let endpoints = self.endpoints(protocol);
        let mut top = vec![("api", s(api)), ("title", s(&odd_text(self.rng, self.c)))];
        if self.rng.chance(50) {
            top.push(("doc", s(&odd_text(self.rng, self.c))));
        }
        if self.rng.chance(60) {
            let url = *self.rng.pick(&[
                "https://api.example.com",
                "http://127.0.0.1:8080/prefix",
                "https://example.com/v1/",
            ]);
            top.push(("base_url", s(url)));
        }
        top.push(("protocol", s(protocol)));
        top.push(("auth", auth));
        top.push(("endpoints", Value::Sequence(endpoints)));
        top.push(("types", Value::Mapping(types)));
        serde_yaml::to_string(&map(top)).expect("a YAML value serializes")
    }

    /// Names and kinds of every type: objects, flat (query and multipart)
    /// objects, and enums, with unique Rust names.
    fn draft_types(&mut self, protocol: &str) {
        let mut taken: BTreeSet<String> = BTreeSet::new();
        let mut add = |this: &mut Self, name: String, kind: Kind| -> bool {
            let rust = names::type_name(&name);
            let lower = name.to_ascii_lowercase();
            let scalar = matches!(
                name.as_str(),
                "string"
                    | "integer"
                    | "number"
                    | "boolean"
                    | "datetime"
                    | "uuid"
                    | "email"
                    | "phone"
                    | "bytes"
                    | "json"
                    | "array"
            );
            if scalar
                || names::is_reserved_type_name(&rust)
                || lower.ends_with("response")
                || !taken.insert(rust)
            {
                return false;
            }
            this.types.push(TypeDraft {
                name,
                kind,
                wires: Vec::new(),
                absent_wires: Vec::new(),
            });
            true
        };
        let objects = self.rng.range(1, 4);
        for i in 0..objects {
            let name = self.type_name(i);
            add(
                self,
                name,
                Kind::Object {
                    flat: false,
                    multipart: false,
                },
            );
        }
        if self.c.static_collisions && self.rng.chance(30) {
            // `a_b` and `Ab` are distinct types whose names shout alike.
            let (x, y) = (
                *self.rng.pick(&["a", "k", "z"]),
                *self.rng.pick(&["b", "v", "q"]),
            );
            add(
                self,
                format!("{x}_{y}"),
                Kind::Object {
                    flat: false,
                    multipart: false,
                },
            );
            add(
                self,
                format!("{}{y}", x.to_uppercase()),
                Kind::Object {
                    flat: false,
                    multipart: false,
                },
            );
        }
        let flat = self
            .rng
            .range(if protocol == "rest_multipart" { 1 } else { 0 }, 2);
        for i in 0..flat {
            let name = format!("Flat{i}{}", self.type_name(i + 10));
            add(
                self,
                name,
                Kind::Object {
                    flat: true,
                    multipart: protocol == "rest_multipart",
                },
            );
        }
        for i in 0..self.rng.range(0, 3) {
            let name = format!("{}Kind{i}", self.type_name(i + 20));
            let open = self.rng.chance(40);
            let mut values = Vec::new();
            let mut variants = BTreeSet::new();
            for _ in 0..self.rng.range(1, 5) {
                let v = (*self.rng.pick(ENUM_VALUES)).to_owned();
                let rust = names::variant(&v);
                if rust != "Other" && variants.insert(rust) {
                    values.push(v);
                }
            }
            if self.c.control_chars && self.rng.chance(20) {
                let v = "cr\rvalue".to_owned();
                if variants.insert(names::variant(&v)) {
                    values.push(v);
                }
            }
            if values.is_empty() {
                values.push("fallback".to_owned());
            }
            add(self, name, Kind::Enum { values, open });
        }
    }

    fn type_name(&mut self, i: i64) -> String {
        let word = *self.rng.pick(TYPE_WORDS);
        match self.rng.below(4) {
            0 => format!("{word}{i}"),
            1 => format!("{word}_{i}_x"),
            2 => format!("T{i}-{word}"),
            _ => format!("{}{i}", names::type_name(word)),
        }
    }

    fn type_body(&mut self, i: usize) -> Value {
        let mut out = Vec::new();
        if self.rng.chance(60) {
            out.push(("doc", s(&odd_text(self.rng, self.c))));
        }
        match self.types[i].kind.clone() {
            Kind::Enum { values, open } => {
                let vals = values
                    .iter()
                    .map(|v| {
                        if self.rng.chance(30) {
                            map(vec![
                                ("value", s(v)),
                                ("doc", s(&odd_text(self.rng, self.c))),
                            ])
                        } else {
                            s(v)
                        }
                    })
                    .collect();
                out.push(("enum", Value::Sequence(vals)));
                if let (Some(first), true) = (values.first(), self.rng.chance(20)) {
                    out.push(("example", s(first)));
                }
                if open {
                    out.push(("open", Value::Bool(true)));
                }
            }
            Kind::Object { flat, multipart } => {
                let (fields, rules) = self.fields(i, flat, multipart);
                out.push(("fields", Value::Mapping(fields)));
                if !rules.is_empty() {
                    out.push(("rules", Value::Sequence(rules)));
                }
            }
        }
        map(out)
    }

    /// The fields of object `i` and its rules.
    fn fields(&mut self, i: usize, flat: bool, multipart: bool) -> (Mapping, Vec<Value>) {
        let mut fields = Mapping::new();
        let mut rust_names: BTreeSet<String> = BTreeSet::new();
        // (wire, may be absent, drawn shape)
        let mut drawn: Vec<(String, bool, Drawn)> = Vec::new();
        let n = self.rng.range(if flat { 1 } else { 0 }, 7);
        for j in 0..n {
            let base = *self.rng.pick(FIELD_NAMES);
            let wire = if flat {
                // Query and body fields of one endpoint must differ.
                format!("q{}", base)
            } else if self.rng.chance(70) {
                base.to_owned()
            } else {
                format!("{base}{j}")
            };
            if wire == "access_token" || drawn.iter().any(|(w, ..)| *w == wire) {
                continue;
            }
            let mut body: Vec<(&str, Value)> = Vec::new();
            let rust = names::field(&wire);
            if !rust_names.insert(rust.trim_start_matches("r#").to_owned()) {
                let mut k = j;
                let own = loop {
                    let candidate = format!("field_{k}");
                    if rust_names.insert(candidate.clone()) {
                        break candidate;
                    }
                    k += 1;
                };
                body.push(("rust_name", s(&own)));
            }
            let (shape, d) = self.shape(i, flat, multipart, 0);
            let recursive = matches!(d, Drawn::Object(_)) && self.refers_back(&shape, i);
            body.extend(shape);
            if recursive && !self.c.optional_recursion {
                // Only arrays may hold a type that reaches back.
                continue;
            }
            // A reference that can close a cycle is never required.
            let required = !recursive && self.rng.chance(35);
            // Absent, null and a value: only in JSON, never required or
            // defaulted.
            let tri_state = !flat && !required && self.rng.chance(12);
            let nullable = !flat && !tri_state && self.rng.chance(20);
            let mut has_default = false;
            if !required
                && !tri_state
                && self.rng.chance(35)
                && (!nullable || self.c.nullable_defaults)
            {
                if let Some(v) = self.default(&d) {
                    body.push(("default", v));
                    has_default = true;
                }
            }
            if required {
                body.push(("required", Value::Bool(true)));
            }
            if nullable {
                body.push(("nullable", Value::Bool(true)));
            }
            if tri_state {
                body.push(("tri_state", Value::Bool(true)));
            }
            if self.rng.chance(20) {
                // A value the field's constraints accept, as for a default.
                if let Some(v) = self.default(&d) {
                    body.push(("example", v));
                }
            }
            if self.rng.chance(30) {
                body.push(("doc", s(&odd_text(self.rng, self.c))));
            }
            // What a rule may name: a field that is not always present
            // (an `Option` or a `Tristate` without a default).
            let absent = !has_default && (nullable || tri_state || !required);
            drawn.push((wire.clone(), absent, d));
            fields.insert(s(&wire), map(body));
        }
        self.types[i].wires = drawn.iter().map(|(w, ..)| w.clone()).collect();
        self.types[i].absent_wires = drawn
            .iter()
            .filter(|d| d.1)
            .map(|(w, ..)| w.clone())
            .collect();
        let rules = self.rules(&drawn);
        (fields, rules)
    }

    /// Whether a `type: <name>` shape names object `i` or one declared
    /// before it (a reference that can close a cycle).
    fn refers_back(&self, shape: &[(&str, Value)], i: usize) -> bool {
        shape.iter().any(|(k, v)| {
            *k == "type"
                && self.types[..=i]
                    .iter()
                    .any(|t| matches!(t.kind, Kind::Object { .. }) && v.as_str() == Some(&t.name))
        })
    }

    fn message(&mut self) -> Value {
        s(&odd_text(self.rng, self.c))
    }

    /// A constraint value, bare or with a message.
    fn limit(&mut self, v: Value) -> Value {
        if self.rng.chance(25) {
            let m = self.message();
            map(vec![("value", v), ("message", m)])
        } else {
            v
        }
    }

    fn flag(&mut self) -> Value {
        if self.rng.chance(30) {
            let m = self.message();
            map(vec![("message", m)])
        } else {
            Value::Bool(true)
        }
    }

    /// A type expression for a field of object `owner` (or an array item at
    /// `depth > 0`), as mapping entries.
    fn shape(
        &mut self,
        owner: usize,
        flat: bool,
        multipart: bool,
        depth: usize,
    ) -> (Vec<(&'static str, Value)>, Drawn) {
        let enums: Vec<usize> = (0..self.types.len())
            .filter(|t| matches!(self.types[*t].kind, Kind::Enum { .. }))
            .collect();
        let objects: Vec<usize> = (0..self.types.len())
            .filter(|t| matches!(self.types[*t].kind, Kind::Object { flat: false, .. }))
            .collect();
        let mut choice = self.rng.below(12);
        if flat && choice >= 9 {
            choice = if multipart { 6 } else { self.rng.below(9) };
        }
        let mut out: Vec<(&'static str, Value)> = Vec::new();
        let drawn = match choice {
            0..=2 => {
                let ty = *self.rng.pick(TEXT_KINDS);
                out.push(("type", s(ty)));
                let mut format = None;
                if ty == "datetime" && self.rng.chance(60) {
                    let f = *self.rng.pick(CUSTOM_FORMATS);
                    format = Some(f);
                    out.push(("format", s(f)));
                } else if ty == "datetime" && self.rng.chance(30) {
                    out.push(("format", s("rfc3339")));
                }
                let mut pattern = false;
                if self.rng.chance(25) {
                    pattern = true;
                    let p = *self.rng.pick(PATTERNS);
                    let v = self.limit(s(p));
                    out.push(("pattern", v));
                }
                let mut min = 0;
                if self.rng.chance(30) {
                    min = self.rng.range(0, 4) as u64;
                    let v = self.limit(Value::from(min));
                    out.push(("min_length", v));
                }
                let mut max = None;
                if self.rng.chance(30) {
                    let m = min + self.rng.range(0, 30) as u64;
                    max = Some(m);
                    let v = self.limit(Value::from(m));
                    out.push(("max_length", v));
                }
                let not_blank = self.rng.chance(15);
                if not_blank {
                    let v = self.flag();
                    out.push(("not_blank", v));
                }
                if ty == "datetime" && self.rng.chance(30) {
                    let v = self.flag();
                    out.push(("not_future", v));
                }
                Drawn::Text {
                    ty,
                    format,
                    min,
                    max,
                    pattern,
                }
            }
            3 => {
                out.push(("type", s("integer")));
                let (lo, hi) = self.bounds(true);
                let lo = lo.map(|v| v as i64);
                let hi = hi.map(|v| v as i64);
                self.push_bounds(&mut out, lo.map(|v| v as f64), hi.map(|v| v as f64), true);
                Drawn::Integer { lo, hi }
            }
            4 => {
                out.push(("type", s("number")));
                let (lo, hi) = self.bounds(false);
                self.push_bounds(&mut out, lo, hi, false);
                Drawn::Number { lo, hi }
            }
            5 => {
                out.push(("type", s("boolean")));
                Drawn::Boolean
            }
            6 if multipart || !flat => {
                out.push(("type", s("bytes")));
                Drawn::Bytes
            }
            6 | 7 if !enums.is_empty() => {
                let e = *self.rng.pick(&enums);
                out.push(("type", s(&self.types[e].name)));
                Drawn::Enum(e)
            }
            6..=8 => {
                out.push(("type", s("string")));
                Drawn::Text {
                    ty: "string",
                    format: None,
                    min: 0,
                    max: None,
                    pattern: false,
                }
            }
            9 if self.rng.chance(50) => {
                out.push(("type", s("json")));
                Drawn::Json
            }
            9 => {
                out.push(("type", s("object")));
                let mut min = 0;
                if self.rng.chance(30) {
                    min = self.rng.range(0, 2) as u64;
                    let v = self.limit(Value::from(min));
                    out.push(("min_properties", v));
                }
                if self.rng.chance(30) {
                    let v = min + self.rng.range(0, 3) as u64;
                    let v = self.limit(Value::from(v));
                    out.push(("max_properties", v));
                }
                Drawn::JsonObject { min }
            }
            10 if !objects.is_empty() && depth < 2 => {
                let o = *self.rng.pick(&objects);
                out.push(("type", s(&self.types[o].name)));
                Drawn::Object(o)
            }
            _ if depth < 2 => {
                out.push(("type", s("array")));
                let (items, inner) = self.shape(owner, false, false, depth + 1);
                // An item type that reaches back must allow an empty array.
                let back = matches!(inner, Drawn::Object(_)) && self.refers_back(&items, owner);
                let items = if items.len() == 1 && self.rng.chance(50) {
                    items[0].1.clone()
                } else {
                    map(items)
                };
                out.push(("items", items));
                let mut min_items = 0;
                if !back && self.rng.chance(25) {
                    min_items = self.rng.range(0, 2) as u64;
                    let v = self.limit(Value::from(min_items));
                    out.push(("min_items", v));
                }
                if self.rng.chance(25) {
                    let v = min_items + self.rng.range(0, 4) as u64;
                    let v = self.limit(Value::from(v));
                    out.push(("max_items", v));
                }
                Drawn::Array { min_items }
            }
            _ => {
                out.push(("type", s("boolean")));
                Drawn::Boolean
            }
        };
        (out, drawn)
    }

    /// Numeric bounds that leave at least one value (and, for integers, a
    /// whole one).
    fn bounds(&mut self, integer: bool) -> (Option<f64>, Option<f64>) {
        let edge = |rng: &mut Rng| -> f64 {
            if integer {
                *rng.pick(&[
                    0.0,
                    1.0,
                    -1.0,
                    10.0,
                    255.0,
                    -1000.0,
                    9_007_199_254_740_991.0,
                ])
            } else {
                *rng.pick(&[0.0, 0.5, -2.25, 1e-3, 100.0, 1e6, -1e10])
            }
        };
        let lo = self.rng.chance(40).then(|| edge(self.rng));
        let hi = self.rng.chance(40).then(|| edge(self.rng));
        match (lo, hi) {
            (Some(a), Some(b)) if a == b => (Some(a), None),
            (Some(a), Some(b)) if a > b => (Some(b), Some(a)),
            other => other,
        }
    }

    fn push_bounds(
        &mut self,
        out: &mut Vec<(&'static str, Value)>,
        lo: Option<f64>,
        hi: Option<f64>,
        integer: bool,
    ) {
        let num = |x: f64| {
            if integer || x.fract() == 0.0 && x.abs() < 1e15 {
                Value::from(x as i64)
            } else {
                Value::from(x)
            }
        };
        // Exclusive bounds only where a value stays strictly inside.
        let wide = match (lo, hi) {
            (Some(a), Some(b)) => b - a >= 2.0,
            _ => true,
        };
        if let Some(a) = lo {
            let key = if wide && self.rng.chance(30) {
                "exclusive_minimum"
            } else {
                "minimum"
            };
            let v = self.limit(num(a));
            out.push((key, v));
        }
        if let Some(b) = hi {
            let key = if wide && self.rng.chance(30) {
                "exclusive_maximum"
            } else {
                "maximum"
            };
            let v = self.limit(num(b));
            out.push((key, v));
        }
    }

    /// A default that passes the drawn constraints, or `None`.
    fn default(&mut self, d: &Drawn) -> Option<Value> {
        Some(match d {
            Drawn::Text {
                ty,
                format,
                min,
                max,
                pattern,
            } => {
                if *pattern {
                    return None;
                }
                let v = match (*ty, format) {
                    ("datetime", Some(f)) => f
                        .replace("YYYY", "2020")
                        .replace("MM", "01")
                        .replace("DD", "02")
                        .replace("hh", "03")
                        .replace("mm", "04")
                        .replace("ss", "05"),
                    ("datetime", None) => "2020-01-02T03:04:05Z".to_owned(),
                    ("uuid", _) => "123e4567-e89b-12d3-a456-426614174000".to_owned(),
                    ("email", _) => "a@example.com".to_owned(),
                    ("phone", _) => "+14155550123".to_owned(),
                    _ => (*self.rng.pick(&["abc", "hé \"q\" \\", "中文😀", "x", "{}"])).to_owned(),
                };
                let len = v.chars().count() as u64;
                if len < *min || max.is_some_and(|m| len > m) {
                    return None;
                }
                s(&v)
            }
            Drawn::Integer { lo, hi } => {
                let mut candidates = vec![0, 1, -1, 7, i64::MAX, i64::MIN];
                candidates.extend(lo.iter().flat_map(|l| [*l, *l + 1]));
                candidates.extend(hi.iter().flat_map(|h| [*h, *h - 1]));
                let ok: Vec<i64> = candidates
                    .into_iter()
                    .filter(|x| lo.is_none_or(|l| *x > l) && hi.is_none_or(|h| *x < h))
                    .collect();
                if ok.is_empty() {
                    return None;
                }
                Value::from(*self.rng.pick(&ok))
            }
            Drawn::Number { lo, hi } => {
                let mut candidates = vec![0.0, 1.5, -3.0, 1e300];
                candidates.extend(lo.iter().map(|l| l + 0.5));
                candidates.extend(hi.iter().map(|h| h - 0.5));
                let ok: Vec<f64> = candidates
                    .into_iter()
                    .filter(|x| lo.is_none_or(|l| *x > l) && hi.is_none_or(|h| *x < h))
                    .collect();
                if ok.is_empty() {
                    return None;
                }
                Value::from(*self.rng.pick(&ok))
            }
            Drawn::Boolean => Value::Bool(self.rng.chance(50)),
            Drawn::Bytes => s("aGVsbG8="),
            Drawn::Json if self.c.json_defaults => self.rng.pick(&json_defaults()).clone(),
            Drawn::Json => return None,
            Drawn::Enum(e) => match &self.types[*e].kind {
                Kind::Enum { values, .. } if !values.is_empty() => {
                    s(&self.rng.pick(values).clone())
                }
                _ => return None,
            },
            Drawn::JsonObject { min } => Value::Mapping(
                (0..*min)
                    .map(|k| (s(&format!("k{k}")), Value::from(k)))
                    .collect(),
            ),
            Drawn::Object(_) => return None,
            Drawn::Array { min_items: 0 } => Value::Sequence(Vec::new()),
            Drawn::Array { .. } => return None,
        })
    }

    /// Rules over fields that may be absent, here or in a nested object
    /// whose fields are already drawn.
    fn rules(&mut self, drawn: &[(String, bool, Drawn)]) -> Vec<Value> {
        let mut nested: Vec<String> = Vec::new();
        for (wire, _, d) in drawn {
            if let Drawn::Object(o) = d {
                for inner in &self.types[*o].absent_wires {
                    nested.push(format!("{wire}.{inner}"));
                }
            }
        }
        let mut absent: Vec<&String> = drawn.iter().filter(|d| d.1).map(|d| &d.0).collect();
        if !nested.is_empty() && self.rng.chance(60) {
            // One or two nested fields, in with the flat ones.
            let k = self.rng.below(nested.len());
            absent.insert(self.rng.below(absent.len() + 1), &nested[k]);
            let k2 = self.rng.below(nested.len());
            if k2 != k && self.rng.chance(50) {
                absent.push(&nested[k2]);
            }
        }
        let mut out = Vec::new();
        if absent.len() >= 2 && self.rng.chance(50) {
            let n = self.rng.range(2, absent.len().min(3) as i64) as usize;
            let start = self.rng.below(absent.len() - n + 1);
            let list: Vec<Value> = absent[start..start + n].iter().map(|w| s(w)).collect();
            let key = if self.rng.chance(50) {
                "at_least_one_of"
            } else {
                "exactly_one_of"
            };
            let mut rule = vec![(key, Value::Sequence(list))];
            if self.rng.chance(30) {
                rule.push(("message", self.message()));
            }
            out.push(map(rule));
        }
        if !absent.is_empty() && self.rng.chance(40) {
            let field = (*self.rng.pick(&absent)).clone();
            let whens: Vec<(&String, Value)> = drawn
                .iter()
                .filter(|d| d.0 != field)
                .filter_map(|d| {
                    let eq = match &d.2 {
                        Drawn::Text { .. } => s("on"),
                        Drawn::Integer { .. } => Value::from(3),
                        Drawn::Number { .. } => Value::from(2.5),
                        Drawn::Boolean => Value::Bool(true),
                        Drawn::Enum(e) => match &self.types[*e].kind {
                            Kind::Enum { values, .. } if !values.is_empty() => s(&values[0]),
                            Kind::Enum { open: true, .. } => s("anything"),
                            _ => return None,
                        },
                        _ => return None,
                    };
                    Some((&d.0, eq))
                })
                .collect();
            if !whens.is_empty() {
                let (when, equals) = self.rng.pick(&whens).clone();
                let mut rule = vec![(
                    "required_if",
                    map(vec![
                        ("field", s(&field)),
                        ("when", s(when)),
                        ("equals", equals),
                    ]),
                )];
                if self.rng.chance(30) {
                    rule.push(("message", self.message()));
                }
                out.push(map(rule));
            }
        }
        out
    }

    fn endpoints(&mut self, protocol: &str) -> Vec<Value> {
        let objects: Vec<usize> = (0..self.types.len())
            .filter(|t| matches!(self.types[*t].kind, Kind::Object { flat: false, .. }))
            .collect();
        let flats: Vec<usize> = (0..self.types.len())
            .filter(|t| matches!(self.types[*t].kind, Kind::Object { flat: true, .. }))
            .collect();
        let mut out = Vec::new();
        for i in 0..self.rng.range(1, 3) {
            let name = format!(
                "{}_{i}",
                self.rng.pick(&["send", "get", "type", "list", "match"])
            );
            let mut e = vec![("name", s(&name))];
            if self.rng.chance(50) {
                e.push(("summary", s(&odd_text(self.rng, self.c))));
            }
            if self.rng.chance(30) {
                e.push(("doc", s(&odd_text(self.rng, self.c))));
            }
            let path = format!(
                "/{}/e{i}",
                self.rng.pick(&["v1", "chats", "a-b", "x_y", "v2.0"])
            );
            if protocol == "json_rpc" {
                e.push(("rpc_method", s(&format!("chat.{name}"))));
                e.push(("path", s(&path)));
                if !objects.is_empty() && self.rng.chance(80) {
                    e.push(("body", s(&self.types[*self.rng.pick(&objects)].name)));
                }
                let result = if self.rng.chance(70) {
                    self.types[*self.rng.pick(&objects)].name.clone()
                } else {
                    (*self.rng.pick(&["string", "integer", "json", "boolean"])).to_owned()
                };
                e.push(("result", s(&result)));
                out.push(map(e));
                continue;
            }
            let method = *self.rng.pick(&["GET", "POST", "PUT", "PATCH", "DELETE"]);
            e.push(("method", s(method)));
            e.push(("path", s(&path)));
            // Multipart's flat types hold bytes, which a query cannot.
            let query = (protocol == "rest_json"
                && !flats.is_empty()
                && (method == "GET" || self.rng.chance(30)))
            .then(|| *self.rng.pick(&flats));
            if let Some(q) = query {
                e.push(("query", s(&self.types[q].name)));
            }
            if method != "GET" && self.rng.chance(80) {
                let pool = if protocol == "rest_multipart" {
                    &flats
                } else {
                    &objects
                };
                let b = *self.rng.pick(pool);
                let clash = query.is_some_and(|q| {
                    q == b
                        || self.types[q]
                            .wires
                            .iter()
                            .any(|w| self.types[b].wires.contains(w))
                });
                if !clash {
                    e.push(("body", s(&self.types[b].name)));
                }
            }
            let mut responses = Mapping::new();
            let statuses = [200u16, 201, 202, 204, 400, 404, 409, 422, 500, 599];
            for _ in 0..self.rng.range(1, 4) {
                let status = *self.rng.pick(&statuses);
                let mut r = Vec::new();
                if self.rng.chance(40) {
                    r.push(("doc", s(&odd_text(self.rng, self.c))));
                }
                if status >= 400 && self.rng.chance(70) {
                    r.push(("error", Value::Bool(true)));
                }
                match self.rng.below(4) {
                    0 => {}
                    1 => r.push(("body", s(&self.types[*self.rng.pick(&objects)].name))),
                    2 => r.push((
                        "body",
                        map(vec![
                            ("type", s("array")),
                            ("items", s(&self.types[*self.rng.pick(&objects)].name)),
                        ]),
                    )),
                    _ => r.push((
                        "body",
                        map(vec![("type", s("string")), ("max_length", Value::from(10))]),
                    )),
                }
                responses.insert(s(&status.to_string()), map(r));
            }
            e.push(("responses", Value::Mapping(responses)));
            out.push(map(e));
        }
        out
    }
}

fn json_defaults() -> Vec<Value> {
    let parse = |t: &str| serde_yaml::from_str::<Value>(t).expect("literal YAML");
    vec![
        parse("{a: 1, b: [true, null, \"x\"]}"),
        parse("5"),
        parse("-1.5"),
        parse("[{x: 1}]"),
        parse("abc"),
        parse("\"quote \\\" and \\\\\""),
        parse("true"),
        parse("[]"),
        parse("{}"),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_spec_depends_only_on_seed_and_index() {
        let a = batch(7, 5, Constructs::ALL);
        let b = batch(7, 3, Constructs::ALL);
        assert_eq!(a[2].yaml, b[2].yaml);
        assert_ne!(a[1].yaml, a[2].yaml);
        assert_ne!(spec(8, 2, Constructs::ALL).yaml, a[2].yaml);
    }

    #[test]
    fn every_spec_of_a_large_batch_passes_the_checker() {
        let mut b = specgen::Builder::new();
        for s in batch(1, 40, Constructs::SUPPORTED) {
            b = b.spec_str(format!("{}.yaml", s.api), s.yaml);
        }
        if let Err(e) = b.generate_to_strings() {
            panic!("{e}");
        }
    }
}
