//! The one JSON validator of every generated type, and the helpers of the
//! typed ones.
//!
//! [`value`] walks any JSON value against a [`Kind`] from the static
//! descriptions in [`crate::schema`]. The typed validators are generated
//! (they are the fast path), one [`field`] call per constrained field, and
//! share the same rules statics and the same [`rule`] checks, so the two
//! validators cannot disagree.

use std::fmt;

use serde_json::{Map, Value};

use crate::check::{self, NumberRules, StringRules};
use crate::schema::{Array, Described, Equals, Field, Kind, Object, Role, Rule};
use crate::validate::{Code, Path, Report, Validate, ValidateJson};

/// Checks a JSON value of kind `kind` found at `path`.
pub fn value(v: &Value, kind: &Kind, path: &Path<'_>, report: &mut Report) {
    match kind {
        Kind::String(rules) => check::json_string(v, rules, path, report),
        Kind::Integer(rules) => check::json_integer(v, rules, path, report),
        Kind::Number(rules) => check::json_number(v, rules, path, report),
        Kind::Boolean => check::json_boolean(v, path, report),
        Kind::Any => {}
        Kind::Enum { values, open } => check::json_enum(v, values, *open, path, report),
        Kind::Array(array) => match v.as_array() {
            Some(items) => self::items(items, array, path, report),
            None => check::wrong_type("array", v, path, report),
        },
        Kind::Object(schema) => object(v, schema, path, report),
    }
}

fn items(items: &[Value], array: &Array, path: &Path<'_>, report: &mut Report) {
    check::items(items.len(), &array.len, path, report);
    if matches!(array.items, Kind::Any) {
        return;
    }
    for (index, item) in items.iter().enumerate() {
        // A full report records nothing more; stop walking.
        if report.is_full() {
            break;
        }
        value(item, &array.items, &path.index(index), report);
    }
}

/// Checks a JSON value against an object description: its type, every
/// field, the checks of its role, then its rules.
pub fn object(v: &Value, schema: &Object, path: &Path<'_>, report: &mut Report) {
    let Some(obj) = v.as_object() else {
        return check::wrong_type("object", v, path, report);
    };
    for f in schema.fields {
        let at = || path.key(f.wire);
        match obj.get(f.wire) {
            Some(member) if !member.is_null() => value(member, &f.kind, &at(), report),
            // `null` is a value of a nullable field and of `Kind::Any`.
            Some(_) if f.nullable || matches!(f.kind, Kind::Any) => {}
            Some(member) => match not_blank(f) {
                Some(custom) => check::blank(custom, &at(), report),
                None => check::wrong_type(f.kind.type_name(), member, &at(), report),
            },
            None if f.required => match not_blank(f) {
                Some(custom) => check::blank(custom, &at(), report),
                None => check::missing(&at(), report),
            },
            None => {}
        }
    }
    if schema.role != Role::Any {
        for f in schema.fields.iter().filter(|f| f.kind.is_text()) {
            if let Some(member) = obj.get(f.wire) {
                let at = path.key(f.wire);
                match schema.role {
                    Role::PathParams => check::json_path_segment(member, &at, report),
                    Role::Headers => check::json_header_value(member, &at, report),
                    Role::Any => {}
                }
            }
        }
    }
    for r in schema.rules {
        let present = |i: usize| check::json_present(obj, schema.fields[i].wire);
        apply(
            schema,
            r,
            &present,
            &|when, equals| json_equals(obj, when, equals),
            path,
            report,
        );
    }
}

/// The `not_blank` message of a string field, which also replaces "is
/// required" and "expected string, found null".
fn not_blank(f: &Field) -> Option<Option<&'static str>> {
    match f.kind {
        Kind::String(rules) => rules.not_blank,
        _ => None,
    }
}

fn json_equals(obj: &Map<String, Value>, when: &Field, equals: Equals) -> bool {
    let v = obj.get(when.wire);
    match equals {
        Equals::Str(s) => v.and_then(Value::as_str) == Some(s),
        Equals::Bool(b) => v.and_then(Value::as_bool) == Some(b),
        Equals::Number(n) => v
            .and_then(Value::as_f64)
            .is_some_and(|x| (x - n).abs() < f64::EPSILON),
        Equals::Never => false,
    }
}

/// Checks rule number `index` of `schema` on a typed value. `facts` are the
/// presence of each of the rule's fields, in order; for `required_if`,
/// whether the condition holds and whether the required field is present.
pub fn rule(schema: &Object, index: usize, facts: &[bool], path: &Path<'_>, report: &mut Report) {
    let Some(r) = schema.rules.get(index) else {
        return;
    };
    let fact = |i: usize| facts.get(i).copied().unwrap_or(false);
    match r {
        Rule::AtLeastOneOf { fields, .. } | Rule::ExactlyOneOf { fields, .. } => {
            let present = |field: usize| fields.iter().position(|f| *f == field).is_some_and(fact);
            apply(schema, r, &present, &|_, _| false, path, report);
        }
        Rule::RequiredIf { field, .. } => {
            let present = |i: usize| i == *field && fact(1);
            apply(schema, r, &present, &|_, _| fact(0), path, report);
        }
    }
}

fn apply(
    schema: &Object,
    r: &Rule,
    present: &dyn Fn(usize) -> bool,
    holds: &dyn Fn(&Field, Equals) -> bool,
    path: &Path<'_>,
    report: &mut Report,
) {
    let wires = |fields| Wires(schema.fields, fields);
    match *r {
        Rule::AtLeastOneOf { fields, message } => {
            if !fields.iter().any(|i| present(*i)) {
                let list = wires(fields);
                report.push(
                    path,
                    Code::AtLeastOneOf,
                    message,
                    format_args!("at least one of {list} is required"),
                );
            }
        }
        Rule::ExactlyOneOf { fields, message } => {
            if fields.iter().filter(|i| present(**i)).count() != 1 {
                let list = wires(fields);
                report.push(
                    path,
                    Code::ExactlyOneOf,
                    message,
                    format_args!("exactly one of {list} is required"),
                );
            }
        }
        Rule::RequiredIf {
            field,
            when,
            equals,
            shown,
            message,
        } => {
            let (Some(f), Some(w)) = (schema.fields.get(field), schema.fields.get(when)) else {
                return;
            };
            if holds(w, equals) && !present(field) {
                report.push(
                    &path.key(f.wire),
                    Code::RequiredIf,
                    message,
                    format_args!("is required when `{}` is {shown}", w.wire),
                );
            }
        }
    }
}

/// "`a`, `b`": the wire names of some fields, for rule messages.
struct Wires(&'static [Field], &'static [usize]);

impl fmt::Display for Wires {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (n, i) in self.1.iter().enumerate() {
            let sep = if n == 0 { "" } else { ", " };
            let wire = self.0.get(*i).map_or("?", |field| field.wire);
            write!(f, "{sep}`{wire}`")?;
        }
        Ok(())
    }
}

/// A typed value that rules statics can check: strings, numbers, arrays,
/// options of them, and generated types.
pub trait Checked {
    /// The rules that apply to it.
    type Rules: ?Sized + 'static;

    /// Checks `self`, found at `path`.
    fn check(&self, rules: &Self::Rules, path: &Path<'_>, report: &mut Report);

    /// Its rules inside a [`Kind`] (an array's items), if there are any.
    fn rules_in(kind: &Kind) -> Option<&'static Self::Rules>;
}

/// Where a typed validator is: the object's path and the report. Its
/// methods take a member's key, so the generated validator is one call per
/// constrained field.
pub struct At<'a> {
    /// The object's path.
    pub path: &'a Path<'a>,
    /// Where errors go.
    pub report: &'a mut Report,
}

impl At<'_> {
    /// Checks the member `key` against `rules`.
    pub fn field<T: Checked + ?Sized>(&mut self, key: &str, value: &T, rules: &T::Rules) {
        value.check(rules, &self.path.key(key), self.report);
    }

    /// Checks the member `key`, of a generated type (boxed or not).
    pub fn object<T: Validate + ?Sized>(&mut self, key: &str, value: &T) {
        value.validate_at(&self.path.key(key), self.report);
    }

    /// Checks rule number `index` of `schema`; see [`rule`].
    pub fn rule(&mut self, schema: &Object, index: usize, facts: &[bool]) {
        rule(schema, index, facts, self.path, self.report);
    }

    /// Checks that the member `key` can fill a path segment.
    pub fn path_segment(&mut self, key: &str, text: &str) {
        check::path_segment(text, &self.path.key(key), self.report);
    }

    /// Checks that the member `key` can be sent as a header value.
    pub fn header_value(&mut self, key: &str, text: &str) {
        check::header_value(text, &self.path.key(key), self.report);
    }
}

impl Checked for str {
    type Rules = StringRules;
    fn check(&self, rules: &StringRules, path: &Path<'_>, report: &mut Report) {
        check::string(self, rules, path, report);
    }
    fn rules_in(kind: &Kind) -> Option<&'static StringRules> {
        match *kind {
            Kind::String(rules) => Some(rules),
            _ => None,
        }
    }
}

impl Checked for String {
    type Rules = StringRules;
    fn check(&self, rules: &StringRules, path: &Path<'_>, report: &mut Report) {
        check::string(self, rules, path, report);
    }
    fn rules_in(kind: &Kind) -> Option<&'static StringRules> {
        str::rules_in(kind)
    }
}

impl Checked for i64 {
    type Rules = NumberRules;
    fn check(&self, rules: &NumberRules, path: &Path<'_>, report: &mut Report) {
        check::integer(*self, rules, path, report);
    }
    fn rules_in(kind: &Kind) -> Option<&'static NumberRules> {
        match *kind {
            Kind::Integer(rules) => Some(rules),
            _ => None,
        }
    }
}

impl Checked for f64 {
    type Rules = NumberRules;
    fn check(&self, rules: &NumberRules, path: &Path<'_>, report: &mut Report) {
        check::number(*self, rules, path, report);
    }
    fn rules_in(kind: &Kind) -> Option<&'static NumberRules> {
        match *kind {
            Kind::Number(rules) => Some(rules),
            _ => None,
        }
    }
}

/// Values that have nothing to check once typed.
macro_rules! unchecked {
    ($($t:ty),*) => {$(
        impl Checked for $t {
            type Rules = ();
            fn check(&self, _: &(), _: &Path<'_>, _: &mut Report) {}
            fn rules_in(_: &Kind) -> Option<&'static ()> {
                None
            }
        }
    )*};
}

unchecked!(bool, Value, crate::formats::Bytes);

impl<T: Checked> Checked for Option<T> {
    type Rules = T::Rules;
    fn check(&self, rules: &T::Rules, path: &Path<'_>, report: &mut Report) {
        if let Some(v) = self {
            v.check(rules, path, report);
        }
    }
    fn rules_in(kind: &Kind) -> Option<&'static T::Rules> {
        T::rules_in(kind)
    }
}

impl<T: Checked> Checked for Vec<T> {
    type Rules = Array;
    fn check(&self, rules: &Array, path: &Path<'_>, report: &mut Report) {
        check::items(self.len(), &rules.len, path, report);
        let Some(inner) = T::rules_in(&rules.items) else {
            return;
        };
        for (index, item) in self.iter().enumerate() {
            // A full report records nothing more; stop walking.
            if report.is_full() {
                break;
            }
            item.check(inner, &path.index(index), report);
        }
    }
    fn rules_in(kind: &Kind) -> Option<&'static Array> {
        match *kind {
            Kind::Array(array) => Some(array),
            _ => None,
        }
    }
}

impl<T: Described> Checked for T {
    type Rules = ();
    fn check(&self, _: &(), path: &Path<'_>, report: &mut Report) {
        self.validate_fields(&mut At { path, report });
    }
    fn rules_in(kind: &Kind) -> Option<&'static ()> {
        matches!(kind, Kind::Object(_)).then_some(&())
    }
}

impl<T: Described> Validate for T {
    fn validate_at(&self, path: &Path<'_>, report: &mut Report) {
        self.validate_fields(&mut At { path, report });
    }
}

impl<T: Described> ValidateJson for T {
    fn validate_json_at(v: &Value, path: &Path<'_>, report: &mut Report) {
        value(v, &T::KIND, path, report);
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use time::OffsetDateTime;

    use super::*;
    use crate::check::ItemsRules;
    use crate::rt;

    fn errors(f: impl FnOnce(&mut Report)) -> Vec<(String, &'static str, String)> {
        let mut r = Report::new(OffsetDateTime::UNIX_EPOCH);
        f(&mut r);
        r.errors()
            .iter()
            .map(|e| (e.path.clone(), e.code.as_str(), e.message.clone()))
            .collect()
    }

    static NAME: StringRules = rt::string().max_length(3).not_blank_says("name, please");
    static PERSON: Object = Object::new(&[
        Field::required("name", Kind::String(&NAME)),
        Field::optional("email", Kind::String(&rt::EMAIL)),
        Field::optional("phone", Kind::String(&rt::PHONE)).nullable(),
        Field::optional("kind", Kind::closed(&["a", "b"])),
        Field::optional("friend", Kind::Object(&PERSON)),
        Field::optional("tags", Kind::Array(&TAGS)),
    ])
    .rules(&[
        Rule::at_least_one_of(&[1, 2]),
        Rule::required_if(1, 3, Equals::Str("b"), "\"b\"").says("b needs an e-mail"),
    ]);
    static TAGS: Array = Array::of(Kind::String(&NAME)).len(ItemsRules::new().max_items(2));

    #[test]
    fn a_missing_or_null_not_blank_field_is_blank_with_its_message() {
        for v in [
            json!({"email": "a@b.co"}),
            json!({"name": null, "email": "a@b.co"}),
        ] {
            let e = errors(|r| object(&v, &PERSON, &Path::ROOT, r));
            assert_eq!(e, [("/name".into(), "blank", "name, please".into())], "{v}");
        }
    }

    #[test]
    fn nullable_fields_take_null_and_others_report_their_type() {
        let v = json!({"name": "x", "phone": null, "email": null, "kind": 3});
        let e = errors(|r| object(&v, &PERSON, &Path::ROOT, r));
        assert_eq!(
            e,
            [
                (
                    "/email".into(),
                    "type",
                    "expected string, found null".into()
                ),
                (
                    "/kind".into(),
                    "type",
                    "expected string, found integer".into()
                ),
                (
                    "".into(),
                    "at_least_one_of",
                    "at least one of `email`, `phone` is required".into()
                ),
            ]
        );
    }

    #[test]
    fn a_recursive_description_walks_nested_values_with_their_paths() {
        let v = json!({"name": "x", "phone": "+14155550123",
            "friend": {"name": "toolong", "email": "a@b.co", "tags": ["a", "b", "c"]}});
        let e = errors(|r| object(&v, &PERSON, &Path::ROOT, r));
        let codes: Vec<(&str, &str)> = e.iter().map(|(p, c, _)| (p.as_str(), *c)).collect();
        assert_eq!(
            codes,
            [
                ("/friend/name", "max_length"),
                ("/friend/tags", "max_items"),
            ]
        );
    }

    #[test]
    fn typed_rule_facts_give_the_same_errors_as_the_json_rule() {
        let v = json!({"name": "x", "kind": "b"});
        let json = errors(|r| object(&v, &PERSON, &Path::ROOT, r));
        let typed = errors(|r| {
            rule(&PERSON, 0, &[false, false], &Path::ROOT, r);
            rule(&PERSON, 1, &[true, false], &Path::ROOT, r);
        });
        assert_eq!(json, typed);
        assert_eq!(
            typed[1],
            ("/email".into(), "required_if", "b needs an e-mail".into())
        );
        assert!(errors(|r| rule(&PERSON, 1, &[true, true], &Path::ROOT, r)).is_empty());
    }

    #[test]
    fn typed_fields_check_options_and_arrays_through_the_same_rules() {
        let tags = vec!["ab".to_owned(), "abcd".to_owned(), "a".to_owned()];
        let e = errors(|report| {
            let mut at = At {
                path: &Path::ROOT,
                report,
            };
            at.field("tags", &Some(tags), &TAGS);
            at.field("name", &None::<String>, &NAME);
        });
        let codes: Vec<(&str, &str)> = e.iter().map(|(p, c, _)| (p.as_str(), *c)).collect();
        assert_eq!(codes, [("/tags", "max_items"), ("/tags/1", "max_length")]);
    }

    #[test]
    fn an_array_stops_walking_once_the_report_is_full() {
        static ANY_NAME: Array = Array::of(Kind::String(&NAME));
        let v = Value::Array(vec![json!(""); 100]);
        let mut r = Report::new(OffsetDateTime::UNIX_EPOCH).max_errors(3);
        value(&v, &Kind::Array(&ANY_NAME), &Path::ROOT, &mut r);
        assert_eq!((r.errors().len(), r.omitted()), (3, 0));
    }
}
