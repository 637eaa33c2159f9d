//! The spec language's keys, and what each value must be: the table the
//! loader checks a YAML document against before the typed model is built.
//!
//! serde stops at the first error of a file and words it in Rust terms
//! ("data did not match any variant of untagged enum Constraint"). This
//! walk reports every unknown key (with the closest known one) and every
//! mistyped value (quoting it as written, with the allowed range) in one
//! pass, and hands serde only a cleaned document: bad keys are removed, so
//! the rest of the spec still loads and is checked.

use serde_yaml::{Mapping, Value};

use crate::diag::Diagnostics;
use crate::spec::{SourceMap, Step};

/// What a value must be.
#[derive(Clone, Copy)]
enum Shape {
    /// Text; plain numbers and booleans are read as their text.
    Str,
    Bool,
    /// A whole number `>= 0` (a length or a count).
    Count,
    Number,
    /// A number, or text (a `datetime`'s bound in its own format; the
    /// checker says which applies to the field's type).
    Bound,
    /// Any YAML value (defaults, `equals`).
    Any,
    /// One of a fixed list of words.
    Word(&'static [&'static str]),
    /// A value, or `{value: …, message: …}`.
    Constraint(&'static Shape),
    /// `true`/`false`, or `{message: …}`.
    Flag,
    /// A type name, or a mapping with `type`.
    TypeExpr,
    /// A value, or `{value: …, doc: …}`.
    EnumValue,
    Auth,
    Object(&'static Object),
    List(&'static Shape),
    /// A mapping from names to values of one shape.
    Map(&'static Shape),
}

/// A mapping with a fixed set of keys.
struct Object {
    /// What the object is called in messages.
    what: &'static str,
    keys: &'static [(&'static str, Shape)],
    required: &'static [&'static str],
}

const PROTOCOLS: &[&str] = &["rest_json", "rest_multipart", "json_rpc"];
const SCHEMES: &[&str] = &["none", "bearer", "api_key_header", "params_field"];

static SPEC: Object = Object {
    what: "a spec",
    keys: &[
        ("api", Shape::Str),
        ("title", Shape::Str),
        ("doc", Shape::Str),
        ("base_url", Shape::Str),
        ("accept", Shape::Str),
        ("protocol", Shape::Word(PROTOCOLS)),
        ("auth", Shape::Auth),
        ("endpoints", Shape::List(&Shape::Object(&ENDPOINT))),
        ("types", Shape::Map(&Shape::Object(&TYPE))),
        ("error_dialect", Shape::Object(&ERROR_DIALECT)),
    ],
    required: &["api", "title", "protocol", "auth", "endpoints"],
};

static ERROR_DIALECT: Object = Object {
    what: "an error dialect",
    keys: &[
        ("invalid", Shape::Object(&ERROR_ANSWER)),
        ("unauthorized", Shape::Object(&ERROR_ANSWER)),
    ],
    required: &[],
};

static ERROR_ANSWER: Object = Object {
    what: "an error answer",
    keys: &[("status", Shape::Count), ("body", Shape::Any)],
    required: &["body"],
};

static ENDPOINT: Object = Object {
    what: "an endpoint",
    keys: &[
        ("name", Shape::Str),
        ("summary", Shape::Str),
        ("doc", Shape::Str),
        ("method", Shape::Str),
        ("path", Shape::Str),
        ("path_params", Shape::Str),
        ("query", Shape::Str),
        ("headers", Shape::Str),
        ("body", Shape::Str),
        ("responses", Shape::Map(&Shape::Object(&RESPONSE))),
        ("rpc_method", Shape::Str),
        ("result", Shape::Str),
        ("accept", Shape::Str),
    ],
    required: &["name", "path"],
};

static RESPONSE: Object = Object {
    what: "a response",
    keys: &[
        ("doc", Shape::Str),
        ("error", Shape::Bool),
        ("body", Shape::TypeExpr),
    ],
    required: &[],
};

static TYPE: Object = Object {
    what: "a type",
    keys: &[
        ("doc", Shape::Str),
        ("fields", Shape::Map(&Shape::TypeExpr)),
        ("rules", Shape::List(&Shape::Object(&RULE))),
        ("enum", Shape::List(&Shape::EnumValue)),
        ("open", Shape::Bool),
        ("example", Shape::Any),
    ],
    required: &[],
};

static RULE: Object = Object {
    what: "a rule",
    keys: &[
        ("at_least_one_of", Shape::List(&Shape::Str)),
        ("exactly_one_of", Shape::List(&Shape::Str)),
        ("required_if", Shape::Object(&REQUIRED_IF)),
        ("message", Shape::Str),
    ],
    required: &[],
};

static REQUIRED_IF: Object = Object {
    what: "`required_if`",
    keys: &[
        ("field", Shape::Str),
        ("when", Shape::Str),
        ("equals", Shape::Any),
    ],
    required: &["field", "when", "equals"],
};

static ENUM_VALUE: Object = Object {
    what: "an enum value",
    keys: &[("value", Shape::Str), ("doc", Shape::Str)],
    required: &["value"],
};

static FLAG: Object = Object {
    what: "a flag",
    keys: &[("message", Shape::Str)],
    required: &[],
};

static TYPE_EXPR: Object = Object {
    what: "a field or type expression",
    keys: &[
        ("type", Shape::Str),
        ("items", Shape::TypeExpr),
        ("format", Shape::Str),
        ("required", Shape::Bool),
        ("nullable", Shape::Bool),
        ("default", Shape::Any),
        ("doc", Shape::Str),
        ("rust_name", Shape::Str),
        ("pattern", Shape::Constraint(&Shape::Str)),
        ("min_length", Shape::Constraint(&Shape::Count)),
        ("max_length", Shape::Constraint(&Shape::Count)),
        ("minimum", Shape::Constraint(&Shape::Bound)),
        ("maximum", Shape::Constraint(&Shape::Bound)),
        ("exclusive_minimum", Shape::Constraint(&Shape::Number)),
        ("exclusive_maximum", Shape::Constraint(&Shape::Number)),
        ("min_items", Shape::Constraint(&Shape::Count)),
        ("max_items", Shape::Constraint(&Shape::Count)),
        ("not_blank", Shape::Flag),
        ("not_future", Shape::Flag),
        ("not_past", Shape::Flag),
        ("min_properties", Shape::Constraint(&Shape::Count)),
        ("max_properties", Shape::Constraint(&Shape::Count)),
        ("tri_state", Shape::Bool),
        ("example", Shape::Any),
    ],
    required: &[],
};

static CONSTRAINT_COUNT: Object = Object {
    what: "a constraint",
    keys: &[("value", Shape::Count), ("message", Shape::Str)],
    required: &["value"],
};
static CONSTRAINT_NUMBER: Object = Object {
    what: "a constraint",
    keys: &[("value", Shape::Number), ("message", Shape::Str)],
    required: &["value"],
};
static CONSTRAINT_BOUND: Object = Object {
    what: "a constraint",
    keys: &[("value", Shape::Bound), ("message", Shape::Str)],
    required: &["value"],
};
static CONSTRAINT_STR: Object = Object {
    what: "a constraint",
    keys: &[("value", Shape::Str), ("message", Shape::Str)],
    required: &["value"],
};

fn no_auth() -> Value {
    let mut m = Mapping::new();
    m.insert("scheme".into(), "none".into());
    Value::Mapping(m)
}

/// The keys of each auth scheme besides `scheme`.
fn auth_object(scheme: &str) -> &'static Object {
    static PLAIN: Object = Object {
        what: "this auth scheme",
        keys: &[("scheme", Shape::Word(SCHEMES))],
        required: &["scheme"],
    };
    static HEADER: Object = Object {
        what: "auth `api_key_header`",
        keys: &[("scheme", Shape::Word(SCHEMES)), ("header", Shape::Str)],
        required: &["scheme", "header"],
    };
    static FIELD: Object = Object {
        what: "auth `params_field`",
        keys: &[("scheme", Shape::Word(SCHEMES)), ("field", Shape::Str)],
        required: &["scheme", "field"],
    };
    match scheme {
        "api_key_header" => &HEADER,
        "params_field" => &FIELD,
        _ => &PLAIN,
    }
}

/// Checks a whole document against the spec language. Returns the document
/// with every bad key removed, or `None` when what is left cannot be a spec
/// (a required key is missing or bad, or an item of a list had to go, which
/// would shift the positions of the items after it).
pub(crate) fn clean_spec(
    doc: &Value,
    map: &mut SourceMap,
    diags: &mut Diagnostics,
) -> Option<Value> {
    let mut w = Walker {
        map,
        diags,
        lost_item: false,
    };
    let out = w.clean(doc, Shape::Object(&SPEC), &mut Vec::new());
    if w.lost_item {
        None
    } else {
        out
    }
}

struct Walker<'a> {
    map: &'a mut SourceMap,
    diags: &'a mut Diagnostics,
    lost_item: bool,
}

/// The closest of `known` to `word`, if it is close enough to be a typo.
fn closest<'k>(word: &str, known: impl Iterator<Item = &'k str>) -> Option<&'k str> {
    known
        .map(|k| (strsim::damerau_levenshtein(word, k), k))
        .filter(|&(d, k)| d <= 2.max(k.len() / 4) && d < k.len())
        .min()
        .map(|(_, k)| k)
}

/// How a value looks in a message: as written for scalars.
fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "empty",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Sequence(_) => "a list",
        Value::Mapping(_) => "a mapping",
        Value::Tagged(_) => "a tagged value",
    }
}

impl Walker<'_> {
    /// `key: value` as written, for the start of a message.
    fn quoted(&self, v: &Value, path: &[Step]) -> String {
        let key = match path.last() {
            Some(Step::Key(k)) => format!("{k}: "),
            Some(Step::Index(i)) => format!("item {i}: "),
            None => String::new(),
        };
        match (v, self.map.scalar_text(path)) {
            (Value::Sequence(_) | Value::Mapping(_) | Value::Tagged(_), _) | (_, None) => {
                format!("`{}` is {}", key.trim_end_matches(": "), kind_of(v))
            }
            (_, Some("")) => format!("`{}` is empty", key.trim_end_matches(": ")),
            (_, Some(text)) => format!("`{key}{text}`"),
        }
    }

    fn bad_value(&mut self, v: &Value, path: &[Step], problem: &str, help: Option<String>) {
        let message = format!("{}: {problem}", self.quoted(v, path));
        let loc = self.map.value(path);
        match help {
            Some(h) => self.diags.error_help(loc, message, h),
            None => self.diags.error(loc, message),
        }
    }

    fn clean(&mut self, v: &Value, shape: Shape, path: &mut Vec<Step>) -> Option<Value> {
        match (shape, v) {
            (Shape::Any, _) => Some(v.clone()),
            (Shape::Str, Value::String(_)) => Some(v.clone()),
            (Shape::Str, Value::Number(_) | Value::Bool(_)) => {
                let text = self.map.scalar_text(path).map_or_else(
                    || {
                        serde_yaml::to_string(v)
                            .unwrap_or_default()
                            .trim()
                            .to_owned()
                    },
                    str::to_owned,
                );
                Some(Value::String(text))
            }
            (Shape::Str, _) => {
                self.bad_value(v, path, "must be text", None);
                None
            }
            (Shape::Bool, Value::Bool(_)) => Some(v.clone()),
            (Shape::Bool, _) => {
                self.bad_value(v, path, "must be `true` or `false`", None);
                None
            }
            (Shape::Count, Value::Number(n)) if n.is_u64() => Some(v.clone()),
            (Shape::Count, Value::Number(n)) if n.is_i64() => {
                self.bad_value(v, path, "must be a whole number >= 0", None);
                None
            }
            (Shape::Count, _) => {
                let max = u64::MAX;
                self.bad_value(
                    v,
                    path,
                    &format!("must be a whole number from 0 to {max}"),
                    None,
                );
                None
            }
            (Shape::Number, Value::Number(_)) => Some(v.clone()),
            (Shape::Number, _) => {
                self.bad_value(v, path, "must be a number", None);
                None
            }
            (Shape::Bound, Value::Number(_) | Value::String(_)) => Some(v.clone()),
            (Shape::Bound, _) => {
                self.bad_value(
                    v,
                    path,
                    "must be a number, or for a `datetime` a date-time in its format",
                    None,
                );
                None
            }
            (Shape::Word(words), Value::String(s)) if words.contains(&s.as_str()) => {
                Some(v.clone())
            }
            (Shape::Word(words), _) => {
                let problem = format!("must be one of {}", words.join(", "));
                match v.as_str().and_then(|s| closest(s, words.iter().copied())) {
                    // Read as the word it resembles, so the rest of the spec
                    // is still checked.
                    Some(c) => {
                        self.bad_value(v, path, &problem, Some(format!("did you mean `{c}`?")));
                        Some(Value::String(c.to_owned()))
                    }
                    None => {
                        self.bad_value(v, path, &problem, None);
                        None
                    }
                }
            }
            (Shape::Constraint(inner), Value::Mapping(_)) => {
                let object = match inner {
                    Shape::Count => &CONSTRAINT_COUNT,
                    Shape::Number => &CONSTRAINT_NUMBER,
                    Shape::Bound => &CONSTRAINT_BOUND,
                    _ => &CONSTRAINT_STR,
                };
                self.object(v, object, path)
            }
            (Shape::Constraint(inner), _) => self.clean(v, *inner, path),
            (Shape::Flag, Value::Bool(_)) => Some(v.clone()),
            (Shape::Flag, Value::Mapping(_)) => self.object(v, &FLAG, path),
            (Shape::Flag, _) => {
                self.bad_value(v, path, "must be `true`, `false` or `{message: …}`", None);
                None
            }
            (Shape::TypeExpr, Value::Mapping(_)) => self.object(v, &TYPE_EXPR, path),
            (Shape::EnumValue, Value::Mapping(_)) => self.object(v, &ENUM_VALUE, path),
            (Shape::TypeExpr | Shape::EnumValue, _) => self.clean(v, Shape::Str, path),
            // A bad `auth` is reported and read as `{scheme: none}`, which
            // no other check depends on, so the rest of the spec is checked.
            (Shape::Auth, Value::Mapping(m)) => {
                let scheme = m.get("scheme").and_then(Value::as_str).unwrap_or("");
                self.object(v, auth_object(scheme), path)
                    .or_else(|| Some(no_auth()))
            }
            (Shape::Auth, _) => {
                self.bad_value(
                    v,
                    path,
                    "must be a mapping such as `{scheme: bearer}`",
                    None,
                );
                Some(no_auth())
            }
            (Shape::Object(object), _) => self.object(v, object, path),
            (Shape::List(item), Value::Sequence(items)) => {
                let mut out = Vec::with_capacity(items.len());
                for (i, x) in items.iter().enumerate() {
                    path.push(Step::Index(i));
                    match self.clean(x, *item, path) {
                        Some(x) => out.push(x),
                        None => self.lost_item = true,
                    }
                    path.pop();
                }
                Some(Value::Sequence(out))
            }
            (Shape::List(_), _) => {
                self.bad_value(v, path, "must be a list", None);
                None
            }
            (Shape::Map(item), Value::Mapping(m)) => {
                let mut out = Mapping::with_capacity(m.len());
                for (k, x) in m {
                    let Some(name) = self.key_name(k, path) else {
                        continue;
                    };
                    path.push(Step::Key(name.clone()));
                    if let Some(x) = self.clean(x, *item, path) {
                        out.insert(Value::String(name), x);
                    }
                    path.pop();
                }
                Some(Value::Mapping(out))
            }
            (Shape::Map(_), Value::Null) => Some(Value::Mapping(Mapping::new())),
            (Shape::Map(_), _) => {
                self.bad_value(v, path, "must be a mapping of names", None);
                None
            }
        }
    }

    /// A mapping key as text; keys that are lists or mappings are errors.
    fn key_name(&mut self, k: &Value, path: &[Step]) -> Option<String> {
        match k {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            _ => {
                self.diags
                    .error(self.map.value(path), "a key must be a name");
                None
            }
        }
    }

    fn object(&mut self, v: &Value, object: &Object, path: &mut Vec<Step>) -> Option<Value> {
        let Value::Mapping(m) = v else {
            let keys = object.keys.iter().map(|(k, _)| *k).collect::<Vec<_>>();
            self.bad_value(
                v,
                path,
                &format!("{} must be a mapping", object.what),
                Some(format!("its keys are: {}", keys.join(", "))),
            );
            return None;
        };
        let mut out = Mapping::with_capacity(m.len());
        let mut complete = true;
        // A misspelt key is reported, then read as the key it resembles
        // (when that one is not there too), so its value is still checked
        // and nothing downstream complains that the key is missing.
        let mut suggested = Vec::new();
        for (k, x) in m {
            let Some(name) = self.key_name(k, path) else {
                continue;
            };
            path.push(Step::Key(name.clone()));
            let recovered = (!object.keys.iter().any(|(known, _)| *known == name))
                .then(|| closest(&name, object.keys.iter().map(|(k, _)| *k)))
                .flatten()
                .filter(|c| !m.contains_key(*c) && !suggested.contains(c));
            if let Some(c) = recovered {
                self.report_unknown_key(&name, object, path);
                suggested.push(c);
                let written = path.clone();
                path.pop();
                path.push(Step::Key(c.to_owned()));
                self.map.rename(path, &written);
            }
            let name = recovered.map_or(name, str::to_owned);
            match object.keys.iter().find(|(known, _)| *known == name) {
                Some((_, shape)) => match self.clean(x, *shape, path) {
                    Some(x) => {
                        out.insert(Value::String(name), x);
                    }
                    None => complete &= !object.required.contains(&name.as_str()),
                },
                None => self.report_unknown_key(&name, object, path),
            }
            path.pop();
        }
        for key in object.required {
            if !m.contains_key(*key) && !suggested.contains(key) {
                complete = false;
                self.diags.error_help(
                    self.map.value(path),
                    format!("{} is missing `{key}`", object.what),
                    format!("add `{key}: …` (see schemas/README.md)"),
                );
            }
        }
        complete.then_some(Value::Mapping(out))
    }

    fn report_unknown_key(&mut self, name: &str, object: &Object, path: &[Step]) {
        let known = object.keys.iter().map(|(k, _)| *k);
        let help = match closest(name, known.clone()) {
            Some(c) => format!("did you mean `{c}`?"),
            None => format!(
                "{} accepts: {} (see schemas/README.md)",
                object.what,
                known.collect::<Vec<_>>().join(", ")
            ),
        };
        self.diags.error_help(
            self.map.key(path),
            format!("unknown key `{name}` in {}", object.what),
            help,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::closest;

    #[test]
    fn closest_suggests_typos_and_not_unrelated_words() {
        let keys = ["min_length", "max_length", "required", "type", "doc"];
        assert_eq!(closest("min_lenght", keys.into_iter()), Some("min_length"));
        assert_eq!(closest("requird", keys.into_iter()), Some("required"));
        assert_eq!(closest("tpye", keys.into_iter()), Some("type"));
        assert_eq!(closest("colour", keys.into_iter()), None);
        assert_eq!(closest("x", keys.into_iter()), None);
    }
}
