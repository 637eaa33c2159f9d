//! The one JSON validator of every generated type, and the helpers of the
//! typed ones.
//!
//! [`value`] walks any JSON value against a [`Kind`] from the static
//! descriptions in [`crate::schema`]. The typed validators are generated
//! (they are the fast path), one [`At::field`] call per constrained field, and
//! share the same rules statics and rule texts, so the two validators
//! cannot disagree.

use serde_json::Value;

use crate::check::{self, NumberRules, PropertiesRules, StringRules};
use crate::schema::{Array, Described, Field, Kind, Object, Role, Rule};
use crate::tristate::Tristate;
use crate::validate::{Code, Path, Report, Validate, ValidateJson};

/// Checks a JSON value of kind `kind` found at `path`.
pub fn value(v: &Value, kind: &Kind, path: &Path<'_>, report: &mut Report) {
    match kind {
        Kind::String(rules) => check::json_string(v, rules, path, report),
        Kind::Integer(rules) => check::json_integer(v, rules, path, report),
        Kind::Number(rules) => check::json_number(v, rules, path, report),
        Kind::Boolean => check::json_boolean(v, path, report),
        Kind::Any => {}
        Kind::Members(rules) => check::json_object(v, rules, path, report),
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
        match *r {
            Rule::AtLeastOneOf {
                fields,
                message,
                text,
            } => check::json_at_least_one_of(obj, fields, message, text, path, report),
            Rule::ExactlyOneOf {
                fields,
                message,
                text,
            } => check::json_exactly_one_of(obj, fields, message, text, path, report),
            Rule::RequiredIf {
                field,
                when,
                equals,
                message,
                text,
            } => check::json_required_if(obj, field, when, equals, message, text, path, report),
        }
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
    /// Checks the member whose pointer segment is `pointer` (`/chatServer`;
    /// see [`Path::member`]) against `rules`.
    #[inline]
    pub fn field<T: Checked + ?Sized>(
        &mut self,
        pointer: &'static str,
        value: &T,
        rules: &T::Rules,
    ) {
        value.check(rules, &self.path.member(pointer), self.report);
    }

    /// Checks the member whose pointer segment is `pointer`, of a generated
    /// type (boxed or not).
    #[inline]
    pub fn object<T: Validate + ?Sized>(&mut self, pointer: &'static str, value: &T) {
        value.validate_at(&self.path.member(pointer), self.report);
    }

    /// [`fail`](Self::fail) when `broken`: one line of generated code per
    /// rule.
    #[inline]
    pub fn fail_if(&mut self, broken: bool, rule: &Rule) {
        if broken {
            self.fail(rule);
        }
    }

    /// Reports `rule` (of this object's description) as broken, where the
    /// JSON validator reports it: at the fields' nearest common object, or
    /// at the `required_if` field. The generated test decides it is broken.
    #[cold]
    #[inline(never)]
    pub fn fail(&mut self, rule: &Rule) {
        let (names, code, custom, text) = match *rule {
            Rule::AtLeastOneOf {
                fields,
                message,
                text,
            } => (
                check::common_object(fields),
                Code::AtLeastOneOf,
                message,
                text,
            ),
            Rule::ExactlyOneOf {
                fields,
                message,
                text,
            } => (
                check::common_object(fields),
                Code::ExactlyOneOf,
                message,
                text,
            ),
            Rule::RequiredIf {
                field,
                message,
                text,
                ..
            } => (field, Code::RequiredIf, message, text),
        };
        let report = &mut *self.report;
        check::at_names(self.path, names, &mut |at| {
            report.push_text(at, code, custom, text);
        });
    }

    /// Checks that the member whose pointer segment is `pointer` can fill a
    /// path segment.
    #[inline]
    pub fn path_segment(&mut self, pointer: &'static str, text: &str) {
        check::path_segment(text, &self.path.member(pointer), self.report);
    }

    /// Checks that the member whose pointer segment is `pointer` can be sent
    /// as a header value.
    #[inline]
    pub fn header_value(&mut self, pointer: &'static str, text: &str) {
        check::header_value(text, &self.path.member(pointer), self.report);
    }
}

impl Checked for str {
    type Rules = StringRules;
    #[inline]
    fn check(&self, rules: &StringRules, path: &Path<'_>, report: &mut Report) {
        check::string(self, rules, path, report);
    }
    #[inline]
    fn rules_in(kind: &Kind) -> Option<&'static StringRules> {
        match *kind {
            Kind::String(rules) => Some(rules),
            _ => None,
        }
    }
}

impl Checked for i64 {
    type Rules = NumberRules;
    #[inline]
    fn check(&self, rules: &NumberRules, path: &Path<'_>, report: &mut Report) {
        check::integer(*self, rules, path, report);
    }
    #[inline]
    fn rules_in(kind: &Kind) -> Option<&'static NumberRules> {
        match *kind {
            Kind::Integer(rules) => Some(rules),
            _ => None,
        }
    }
}

impl Checked for f64 {
    type Rules = NumberRules;
    #[inline]
    fn check(&self, rules: &NumberRules, path: &Path<'_>, report: &mut Report) {
        check::number(*self, rules, path, report);
    }
    #[inline]
    fn rules_in(kind: &Kind) -> Option<&'static NumberRules> {
        match *kind {
            Kind::Number(rules) => Some(rules),
            _ => None,
        }
    }
}

/// Values written as JSON strings, checked by the string rules of their
/// field: each `$t => |value, rules, path, report| check` says how.
macro_rules! text_valued {
    ($($t:ty => |$v:ident, $r:ident, $p:ident, $rep:ident| $check:expr;)*) => {$(
        impl Checked for $t {
            type Rules = StringRules;
            #[inline]
            fn check(&self, $r: &StringRules, $p: &Path<'_>, $rep: &mut Report) {
                let $v = self;
                $check
            }
            #[inline]
            fn rules_in(kind: &Kind) -> Option<&'static StringRules> {
                str::rules_in(kind)
            }
        }
    )*};
}

text_valued! {
    String => |v, rules, path, report| check::string(v, rules, path, report);
    // RFC 3339: its bounds, and any rules on its wire text.
    time::OffsetDateTime => |v, rules, path, report| check::date_time(*v, rules, path, report);
    // A custom format has no offset: read as UTC.
    time::PrimitiveDateTime =>
        |v, rules, path, report| check::date_time(v.assume_utc(), rules, path, report);
    uuid::Uuid => |v, rules, path, report| check::uuid(v, rules, path, report);
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
    #[inline]
    fn check(&self, rules: &T::Rules, path: &Path<'_>, report: &mut Report) {
        if let Some(v) = self {
            v.check(rules, path, report);
        }
    }
    #[inline]
    fn rules_in(kind: &Kind) -> Option<&'static T::Rules> {
        T::rules_in(kind)
    }
}

impl<T: Checked> Checked for Tristate<T> {
    type Rules = T::Rules;
    #[inline]
    fn check(&self, rules: &T::Rules, path: &Path<'_>, report: &mut Report) {
        if let Tristate::Value(v) = self {
            v.check(rules, path, report);
        }
    }
    #[inline]
    fn rules_in(kind: &Kind) -> Option<&'static T::Rules> {
        T::rules_in(kind)
    }
}

impl<T: Validate> Validate for Tristate<T> {
    #[inline]
    fn validate_at(&self, path: &Path<'_>, report: &mut Report) {
        if let Tristate::Value(v) = self {
            v.validate_at(path, report);
        }
    }
}

impl Checked for crate::JsonObject {
    type Rules = PropertiesRules;
    #[inline]
    fn check(&self, rules: &PropertiesRules, path: &Path<'_>, report: &mut Report) {
        check::properties(self.len(), rules, path, report);
    }
    #[inline]
    fn rules_in(kind: &Kind) -> Option<&'static PropertiesRules> {
        match *kind {
            Kind::Members(rules) => Some(rules),
            _ => None,
        }
    }
}

impl<T: Checked> Checked for Vec<T> {
    type Rules = Array;
    #[inline]
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
    #[inline]
    fn rules_in(kind: &Kind) -> Option<&'static Array> {
        match *kind {
            Kind::Array(array) => Some(array),
            _ => None,
        }
    }
}

impl<T: Described> Checked for T {
    type Rules = ();
    #[inline]
    fn check(&self, _: &(), path: &Path<'_>, report: &mut Report) {
        self.validate_fields(&mut At { path, report });
    }
    #[inline]
    fn rules_in(kind: &Kind) -> Option<&'static ()> {
        matches!(kind, Kind::Object(_)).then_some(&())
    }
}

impl<T: Described> Validate for T {
    #[inline]
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
            .map(|e| (e.path.to_string(), e.code.as_str(), e.message.to_string()))
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
        Rule::AtLeastOneOf {
            fields: &[&["email"], &["phone"]],
            message: None,
            text: "at least one of `email`, `phone` is required",
        },
        Rule::RequiredIf {
            field: &["email"],
            when: &["kind"],
            equals: rt::RuleValue::Text("b"),
            message: Some("b needs an e-mail"),
            text: "is required when `kind` is \"b\"",
        },
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
    fn a_required_if_is_reported_at_its_field_with_the_spec_message() {
        let v = json!({"name": "x", "kind": "b"});
        let e = errors(|r| object(&v, &PERSON, &Path::ROOT, r));
        assert_eq!(
            e,
            [
                (
                    "".into(),
                    "at_least_one_of",
                    "at least one of `email`, `phone` is required".into()
                ),
                ("/email".into(), "required_if", "b needs an e-mail".into()),
            ]
        );
        let v = json!({"name": "x", "kind": "b", "email": "a@b.co"});
        assert!(errors(|r| object(&v, &PERSON, &Path::ROOT, r)).is_empty());
    }

    #[test]
    fn typed_fields_check_options_and_arrays_through_the_same_rules() {
        let tags = vec!["ab".to_owned(), "abcd".to_owned(), "a".to_owned()];
        let e = errors(|report| {
            let mut at = At {
                path: &Path::ROOT,
                report,
            };
            at.field("/tags", &Some(tags), &TAGS);
            at.field("/name", &None::<String>, &NAME);
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
