//! Codegen for validators: the rules statics, `Validate` (typed values) and
//! `ValidateJson` (untyped JSON). Both validators call the same runtime
//! checks with the same statics, so they cannot drift apart.

use std::collections::BTreeMap;

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};
use serde_json::Value;

use crate::ir::*;
use crate::names::{self, ident};

/// The `static` rules items of one module, by name, so that both
/// validators can ask for the same one and it is emitted once, in order.
#[derive(Default)]
pub struct Statics {
    items: BTreeMap<String, TokenStream>,
    /// Each field's base name and the `(type, field)` that owns it: shouting
    /// loses case (`AB` and `Ab` both shout to `AB`), so a name taken by
    /// another field gets a numbered suffix instead of sharing its rules.
    owners: BTreeMap<String, (String, String)>,
}

impl Statics {
    /// Every static, sorted by name.
    pub fn tokens(&self) -> TokenStream {
        let items = self.items.values();
        quote!(#(#items)*)
    }

    /// The base name of the rules statics of one field, unique in the
    /// module. Bases have one `__`, derived names (`__ITEMS`, `__LEN`,
    /// `__PATTERN`) at least two, so a unique base keeps those unique too.
    pub fn field_base(&mut self, type_rust: &str, field_rust: &str) -> String {
        let owner = (type_rust.to_owned(), field_rust.to_owned());
        let base = names::rules_static(type_rust, field_rust, "");
        let mut candidate = base.clone();
        let mut n = 1;
        loop {
            match self.owners.get(&candidate) {
                Some(o) if *o == owner => return candidate,
                Some(_) => {
                    n += 1;
                    candidate = format!("{base}_{n}");
                }
                None => {
                    self.owners.insert(candidate.clone(), owner);
                    return candidate;
                }
            }
        }
    }
}

fn msg(m: &Option<String>) -> TokenStream {
    match m {
        Some(m) => quote!(::std::option::Option::Some(#m)),
        None => quote!(::std::option::Option::None),
    }
}

fn usize_limit(l: &Option<Limit<u64>>) -> TokenStream {
    match l {
        Some(l) => {
            let v = Literal::usize_unsuffixed(usize::try_from(l.value).unwrap_or(usize::MAX));
            let m = msg(&l.message);
            quote!(::std::option::Option::Some(::specgen_runtime::check::Limit { value: #v, message: #m }))
        }
        None => quote!(::std::option::Option::None),
    }
}

fn f64_limit(l: &Option<Limit<f64>>) -> TokenStream {
    match l {
        Some(l) => {
            let v = Literal::f64_suffixed(l.value);
            let m = msg(&l.message);
            quote!(::std::option::Option::Some(::specgen_runtime::check::Limit { value: #v, message: #m }))
        }
        None => quote!(::std::option::Option::None),
    }
}

fn flag(l: &Option<Limit<()>>) -> TokenStream {
    match l {
        Some(l) => {
            let m = msg(&l.message);
            quote!(::std::option::Option::Some(#m))
        }
        None => quote!(::std::option::Option::None),
    }
}

fn string_format(k: &ShapeKind) -> TokenStream {
    match k {
        ShapeKind::DateTime(f) => {
            let f = datetime_format(f);
            quote!(::specgen_runtime::check::StringFormat::DateTime(#f))
        }
        ShapeKind::Uuid => quote!(::specgen_runtime::check::StringFormat::Uuid),
        ShapeKind::Email => quote!(::specgen_runtime::check::StringFormat::Email),
        ShapeKind::Phone => quote!(::specgen_runtime::check::StringFormat::Phone),
        ShapeKind::Bytes => quote!(::specgen_runtime::check::StringFormat::Base64),
        _ => quote!(::specgen_runtime::check::StringFormat::Plain),
    }
}

fn datetime_format(f: &DateTimeFormat) -> TokenStream {
    match f {
        DateTimeFormat::Rfc3339 => quote!(::specgen_runtime::formats::DateTimeFormat::Rfc3339),
        DateTimeFormat::Custom(f) => {
            let layout = format_ident!("{}", names::layout_static(f));
            quote!(::specgen_runtime::formats::DateTimeFormat::Custom(&#layout))
        }
    }
}

/// Whether a string shape needs any check beyond its JSON type.
fn string_needs_rules(s: &Shape) -> bool {
    s.constraints.has_string_rules() || !matches!(s.kind, ShapeKind::String)
}

impl Statics {
    /// `&NAME` of the string rules of `s`, creating the static if needed.
    fn string(&mut self, s: &Shape, name: &str) -> TokenStream {
        if !string_needs_rules(s) {
            return quote!(&::specgen_runtime::check::StringRules::PLAIN);
        }
        let id = format_ident!("{}", name);
        if !self.items.contains_key(name) {
            let c = &s.constraints;
            let pattern = match &c.pattern {
                Some(p) => {
                    let pname = format_ident!("{}__PATTERN", name);
                    let src = &p.value;
                    let m = msg(&p.message);
                    self.items.insert(
                        format!("{name}__PATTERN"),
                        quote!(static #pname: ::specgen_runtime::check::Pattern = ::specgen_runtime::check::Pattern::new(#src, #m);),
                    );
                    quote!(::std::option::Option::Some(&#pname))
                }
                None => quote!(::std::option::Option::None),
            };
            let format = match &s.kind {
                ShapeKind::DateTime(_) if c.has_datetime_bounds() => self.datetime_bounds(s, name),
                k => string_format(k),
            };
            let (min, max) = (usize_limit(&c.min_length), usize_limit(&c.max_length));
            let (nb, nf) = (flag(&c.not_blank), flag(&c.not_future));
            self.items.insert(
                name.to_owned(),
                quote! {
                    static #id: ::specgen_runtime::check::StringRules = ::specgen_runtime::check::StringRules {
                        format: #format,
                        min_length: #min,
                        max_length: #max,
                        pattern: #pattern,
                        not_blank: #nb,
                        not_future: #nf,
                    };
                },
            );
        }
        quote!(&#id)
    }

    /// The format of a date-time with bounds beyond `not_future`, and the
    /// static that holds them.
    fn datetime_bounds(&mut self, s: &Shape, name: &str) -> TokenStream {
        let ShapeKind::DateTime(f) = &s.kind else {
            return string_format(&s.kind);
        };
        let c = &s.constraints;
        let instant = |l: &Option<Limit<String>>| match l {
            Some(l) => {
                // The checker has rejected bounds that do not parse.
                let nanos =
                    crate::check::parse_bound(f, &l.value).map_or(0, |t| t.unix_timestamp_nanos());
                let nanos = proc_macro2::Literal::i128_unsuffixed(nanos);
                let (text, m) = (&l.value, msg(&l.message));
                quote!(::std::option::Option::Some(::specgen_runtime::check::Limit {
                    value: ::specgen_runtime::check::Instant { text: #text, unix_nanos: #nanos },
                    message: #m,
                }))
            }
            None => quote!(::std::option::Option::None),
        };
        let (np, lo, hi) = (flag(&c.not_past), instant(&c.earliest), instant(&c.latest));
        let inner = datetime_format(f);
        let bname = format!("{name}__WHEN");
        let id = format_ident!("{}", bname);
        self.items.entry(bname).or_insert_with(|| {
            quote! {
                static #id: ::specgen_runtime::check::DateTimeBounds = ::specgen_runtime::check::DateTimeBounds {
                    not_past: #np,
                    minimum: #lo,
                    maximum: #hi,
                };
            }
        });
        quote!(::specgen_runtime::check::StringFormat::BoundedDateTime(#inner, &#id))
    }

    fn number(&mut self, s: &Shape, name: &str) -> TokenStream {
        if !s.constraints.has_number_rules() {
            return quote!(&::specgen_runtime::check::NumberRules::PLAIN);
        }
        let id = format_ident!("{}", name);
        let c = &s.constraints;
        let (a, b, e, f) = (
            f64_limit(&c.minimum),
            f64_limit(&c.maximum),
            f64_limit(&c.exclusive_minimum),
            f64_limit(&c.exclusive_maximum),
        );
        self.items.entry(name.to_owned()).or_insert_with(|| {
            quote! {
                static #id: ::specgen_runtime::check::NumberRules = ::specgen_runtime::check::NumberRules {
                    minimum: #a,
                    maximum: #b,
                    exclusive_minimum: #e,
                    exclusive_maximum: #f,
                };
            }
        });
        quote!(&#id)
    }

    fn items(&mut self, s: &Shape, name: &str) -> Option<TokenStream> {
        if !s.constraints.has_items_rules() {
            return None;
        }
        let name = format!("{name}__LEN");
        let id = format_ident!("{}", name);
        let (a, b) = (
            usize_limit(&s.constraints.min_items),
            usize_limit(&s.constraints.max_items),
        );
        self.items.entry(name).or_insert_with(|| {
            quote! {
                static #id: ::specgen_runtime::check::ItemsRules = ::specgen_runtime::check::ItemsRules {
                    min_items: #a,
                    max_items: #b,
                };
            }
        });
        Some(quote!(&#id))
    }
}

/// A value being checked: a place (`self.x`) or a reference (`v`).
#[derive(Clone)]
enum Val {
    Place(TokenStream),
    Ref(TokenStream),
}

impl Val {
    fn by_ref(&self) -> TokenStream {
        match self {
            Val::Place(p) => quote!(&#p),
            Val::Ref(r) => r.clone(),
        }
    }
    fn by_copy(&self) -> TokenStream {
        match self {
            Val::Place(p) => p.clone(),
            Val::Ref(r) => quote!(*#r),
        }
    }
    fn expr(&self) -> TokenStream {
        match self {
            Val::Place(p) | Val::Ref(p) => p.clone(),
        }
    }
}

/// Whether the typed validator has anything to check in a value of `s`.
fn typed_needs(api: &Api, s: &Shape) -> bool {
    match &s.kind {
        // Every date-time is checked: one serde cannot write is rejected.
        ShapeKind::DateTime(_) => true,
        ShapeKind::Uuid => s.constraints.has_string_rules(),
        k if k.is_string_like() && *k != ShapeKind::Bytes => string_needs_rules(s),
        ShapeKind::Integer | ShapeKind::Number => s.constraints.has_number_rules(),
        ShapeKind::Array(inner) => s.constraints.has_items_rules() || typed_needs(api, inner),
        ShapeKind::Named(i) => matches!(api.types[*i].kind, TypeKind::Object { .. }),
        _ => false,
    }
}

/// Typed checks of one value at `path` (an expression of type `&Path`).
fn typed_checks(
    api: &Api,
    st: &mut Statics,
    s: &Shape,
    v: &Val,
    path: &TokenStream,
    name: &str,
) -> TokenStream {
    match &s.kind {
        ShapeKind::DateTime(f) => {
            let rules = st.string(s, name);
            let instant = match f {
                DateTimeFormat::Rfc3339 => v.by_copy(),
                DateTimeFormat::Custom(_) => {
                    let e = v.expr();
                    quote!(#e.assume_utc())
                }
            };
            quote!(::specgen_runtime::check::date_time(#instant, #rules, &#path, report);)
        }
        ShapeKind::Uuid => {
            if !typed_needs(api, s) {
                return quote!();
            }
            let rules = st.string(s, name);
            let r = v.by_ref();
            quote!(::specgen_runtime::check::uuid(#r, #rules, &#path, report);)
        }
        k if k.is_string_like() && *k != ShapeKind::Bytes => {
            if !string_needs_rules(s) {
                return quote!();
            }
            let rules = st.string(s, name);
            let r = v.by_ref();
            quote!(::specgen_runtime::check::string(#r, #rules, &#path, report);)
        }
        ShapeKind::Integer | ShapeKind::Number if s.constraints.has_number_rules() => {
            let rules = st.number(s, name);
            let x = v.by_copy();
            let f = if s.kind == ShapeKind::Integer {
                quote!(integer)
            } else {
                quote!(number)
            };
            quote!(::specgen_runtime::check::#f(#x, #rules, &#path, report);)
        }
        ShapeKind::Array(inner) => {
            let e = v.expr();
            let len = st
                .items(s, name)
                .map(|rules| quote!(::specgen_runtime::check::items(#e.len(), #rules, &#path, report);))
                .unwrap_or_default();
            let each = if typed_needs(api, inner) {
                let body = typed_checks(
                    api,
                    st,
                    inner,
                    &Val::Ref(quote!(item)),
                    &quote!(item_path),
                    &format!("{name}__ITEMS"),
                );
                quote! {
                    for (index, item) in #e.iter().enumerate() {
                        // A full report records nothing more; stop walking.
                        if report.is_full() {
                            break;
                        }
                        let item_path = #path.index(index);
                        #body
                    }
                }
            } else {
                quote!()
            };
            quote!(#len #each)
        }
        ShapeKind::Named(i) if matches!(api.types[*i].kind, TypeKind::Object { .. }) => {
            let r = v.by_ref();
            quote!(::specgen_runtime::Validate::validate_at(#r, &#path, report);)
        }
        _ => quote!(),
    }
}

/// JSON checks of a whole body of shape `s` held in `value`, at the root;
/// `name` prefixes the statics it needs.
pub fn body_checks(api: &Api, st: &mut Statics, s: &Shape, name: &str) -> TokenStream {
    json_checks(
        api,
        st,
        s,
        &quote!(value),
        &quote!(::specgen_runtime::Path::ROOT),
        name,
    )
}

/// JSON checks of one value `v` (a `&Value` expression) at `path`.
fn json_checks(
    api: &Api,
    st: &mut Statics,
    s: &Shape,
    v: &TokenStream,
    path: &TokenStream,
    name: &str,
) -> TokenStream {
    match &s.kind {
        k if k.is_string_like() => {
            let rules = st.string(s, name);
            quote!(::specgen_runtime::check::json_string(#v, #rules, &#path, report);)
        }
        ShapeKind::Integer => {
            let rules = st.number(s, name);
            quote!(::specgen_runtime::check::json_integer(#v, #rules, &#path, report);)
        }
        ShapeKind::Number => {
            let rules = st.number(s, name);
            quote!(::specgen_runtime::check::json_number(#v, #rules, &#path, report);)
        }
        ShapeKind::Boolean => quote!(::specgen_runtime::check::json_boolean(#v, &#path, report);),
        ShapeKind::Array(inner) => {
            let len = st
                .items(s, name)
                .map(|rules| quote!(::specgen_runtime::check::items(items.len(), #rules, &#path, report);))
                .unwrap_or_default();
            let body = json_checks(
                api,
                st,
                inner,
                &quote!(item),
                &quote!(item_path),
                &format!("{name}__ITEMS"),
            );
            let each = if body.is_empty() {
                quote!()
            } else {
                quote! {
                    for (index, item) in items.iter().enumerate() {
                        // A full report records nothing more; stop walking.
                        if report.is_full() {
                            break;
                        }
                        let item_path = #path.index(index);
                        #body
                    }
                }
            };
            let items_used = if len.is_empty() && each.is_empty() {
                quote!(let _ = items;)
            } else {
                quote!()
            };
            quote! {
                match #v.as_array() {
                    ::std::option::Option::Some(items) => {
                        #items_used
                        #len
                        #each
                    }
                    ::std::option::Option::None => ::specgen_runtime::check::wrong_type("array", #v, &#path, report),
                }
            }
        }
        ShapeKind::Named(i) => {
            let t = ident(&api.types[*i].rust_name);
            quote!(<#t as ::specgen_runtime::ValidateJson>::validate_json_at(#v, &#path, report);)
        }
        _ => quote!(),
    }
}

fn json_type_name(api: &Api, k: &ShapeKind) -> &'static str {
    match k {
        k if k.is_string_like() => "string",
        ShapeKind::Integer => "integer",
        ShapeKind::Number => "number",
        ShapeKind::Boolean => "boolean",
        ShapeKind::Array(_) => "array",
        ShapeKind::Named(i) => match api.types[*i].kind {
            TypeKind::Object { .. } => "object",
            TypeKind::Enum { .. } => "string",
        },
        _ => "value",
    }
}

fn field_list(fields: &[Field], idx: &[usize]) -> String {
    idx.iter()
        .map(|i| format!("`{}`", fields[*i].wire))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The typed condition "field `when` equals `equals`".
fn typed_equals(api: &Api, f: &Field, equals: &Value) -> TokenStream {
    let name = ident(&f.rust);
    let opt = f.is_option();
    match (&f.shape.kind, equals) {
        // Compared as wire text, as the JSON validator and JSON Schema's
        // `const` do; a typed value is written canonically.
        (k @ (ShapeKind::DateTime(_) | ShapeKind::Uuid), Value::String(s)) => {
            let format = super::types::text_format_expr(k);
            let text =
                |v: TokenStream| quote!(::specgen_runtime::wire::TextFormat::text(&#format, #v));
            if opt {
                let t = text(quote!(value));
                quote!(self.#name.as_ref().is_some_and(|value| #t == #s))
            } else {
                // Copy types: passed by value, as clippy prefers.
                let t = text(quote!(self.#name));
                quote!(#t == #s)
            }
        }
        (ShapeKind::Named(i), Value::String(s)) => {
            let t = &api.types[*i];
            let ty = ident(&t.rust_name);
            match &t.kind {
                TypeKind::Enum {
                    values,
                    open: false,
                } => {
                    let var = values.iter().find(|v| v.wire == *s).map(|v| ident(&v.rust));
                    match (var, opt) {
                        (Some(var), false) => quote!(self.#name == #ty::#var),
                        (Some(var), true) => {
                            quote!(self.#name == ::std::option::Option::Some(#ty::#var))
                        }
                        (None, _) => quote!(false),
                    }
                }
                _ if opt => quote!(self.#name.as_ref().is_some_and(|v| v.as_str() == #s)),
                _ => quote!(self.#name.as_str() == #s),
            }
        }
        (_, Value::String(s)) if opt => {
            quote!(self.#name.as_deref() == ::std::option::Option::Some(#s))
        }
        (_, Value::String(s)) => quote!(self.#name == #s),
        (_, Value::Bool(b)) if opt => quote!(self.#name == ::std::option::Option::Some(#b)),
        (_, Value::Bool(true)) => quote!(self.#name),
        (_, Value::Bool(false)) => quote!(!self.#name),
        (ShapeKind::Integer, Value::Number(n)) => {
            let lit = Literal::i64_suffixed(n.as_i64().unwrap_or_default());
            if opt {
                quote!(self.#name == ::std::option::Option::Some(#lit))
            } else {
                quote!(self.#name == #lit)
            }
        }
        (_, Value::Number(n)) => {
            let lit = Literal::f64_suffixed(n.as_f64().unwrap_or_default());
            if opt {
                quote!(self.#name.is_some_and(|v| (v - #lit).abs() < f64::EPSILON))
            } else {
                quote!((self.#name - #lit).abs() < f64::EPSILON)
            }
        }
        _ => quote!(false),
    }
}

/// The JSON condition "member `wire` equals `equals`".
fn json_equals(wire: &str, equals: &Value) -> TokenStream {
    let get = quote!(obj.get(#wire));
    match equals {
        Value::String(s) => {
            quote!(#get.and_then(::specgen_runtime::serde_json::Value::as_str) == ::std::option::Option::Some(#s))
        }
        Value::Bool(b) => {
            quote!(#get.and_then(::specgen_runtime::serde_json::Value::as_bool) == ::std::option::Option::Some(#b))
        }
        Value::Number(n) => {
            let lit = Literal::f64_suffixed(n.as_f64().unwrap_or_default());
            quote!(#get.and_then(::specgen_runtime::serde_json::Value::as_f64).is_some_and(|v| (v - #lit).abs() < f64::EPSILON))
        }
        _ => quote!(false),
    }
}

/// A rule's check; `present(i)` is the presence test of field `i`.
fn rule_check(
    fields: &[Field],
    r: &Rule,
    present: &dyn Fn(usize) -> TokenStream,
    absent: &dyn Fn(usize) -> TokenStream,
    equals: &dyn Fn(&Field, &Value) -> TokenStream,
) -> TokenStream {
    match r {
        Rule::AtLeastOneOf {
            fields: idx,
            message,
        } => {
            let tests = idx.iter().map(|i| present(*i));
            let m = msg(message);
            let text = format!("at least one of {} is required", field_list(fields, idx));
            let text = text.replace('{', "{{").replace('}', "}}");
            quote! {
                if !(#(#tests)||*) {
                    report.push(path, ::specgen_runtime::Code::AtLeastOneOf, #m, format_args!(#text));
                }
            }
        }
        Rule::ExactlyOneOf {
            fields: idx,
            message,
        } => {
            let tests = idx.iter().map(|i| {
                let t = present(*i);
                quote!(usize::from(#t))
            });
            let m = msg(message);
            let text = format!("exactly one of {} is required", field_list(fields, idx));
            let text = text.replace('{', "{{").replace('}', "}}");
            quote! {
                if #(#tests)+* != 1 {
                    report.push(path, ::specgen_runtime::Code::ExactlyOneOf, #m, format_args!(#text));
                }
            }
        }
        Rule::RequiredIf {
            field,
            when,
            equals: v,
            message,
        } => {
            let cond = equals(&fields[*when], v);
            let test = absent(*field);
            let wire = &fields[*field].wire;
            let m = msg(message);
            let text = format!("is required when `{}` is {}", fields[*when].wire, v);
            let text = text.replace('{', "{{").replace('}', "}}");
            quote! {
                if #cond && #test {
                    report.push(&path.key(#wire), ::specgen_runtime::Code::RequiredIf, #m, format_args!(#text));
                }
            }
        }
    }
}

/// The typed and JSON checks that a path or header field's text can be
/// sent as it is, if the field is one and holds text.
fn role_checks(api: &Api, role: TypeRole, f: &Field) -> Option<(TokenStream, TokenStream)> {
    let (check, json_check) = match role {
        TypeRole::Any => return None,
        TypeRole::PathParams => (quote!(path_segment), quote!(json_path_segment)),
        TypeRole::Headers => (quote!(header_value), quote!(json_header_value)),
    };
    let text_kind = f.shape.kind.is_string_like()
        || matches!(f.shape.kind, ShapeKind::Named(i) if matches!(api.types[i].kind, TypeKind::Enum { .. }));
    if !text_kind {
        return None;
    }
    let (name, wire) = (ident(&f.rust), &f.wire);
    let text = super::client::value_text(&f.shape.kind, &quote!(value));
    // Typed values are written out to a `String` first.
    let text = if super::types::text_format(&f.shape).is_some() {
        quote!(&#text)
    } else {
        text
    };
    let typed = if f.is_option() {
        quote! {
            if let ::std::option::Option::Some(value) = &self.#name {
                ::specgen_runtime::check::#check(#text, &path.key(#wire), report);
            }
        }
    } else {
        quote! {
            {
                let value = &self.#name;
                ::specgen_runtime::check::#check(#text, &path.key(#wire), report);
            }
        }
    };
    let json = quote! {
        if let ::std::option::Option::Some(value) = obj.get(#wire) {
            ::specgen_runtime::check::#json_check(value, &path.key(#wire), report);
        }
    };
    Some((typed, json))
}

/// `Validate` and `ValidateJson` for an object type.
pub fn object_validators(
    api: &Api,
    t: &TypeDef,
    fields: &[Field],
    rules: &[Rule],
    st: &mut Statics,
) -> TokenStream {
    let name = ident(&t.rust_name);
    let mut typed = Vec::new();
    let mut json = Vec::new();
    for f in fields {
        let fname = ident(&f.rust);
        let wire = &f.wire;
        let sname = st.field_base(&t.rust_name, &f.rust);
        // Typed.
        if typed_needs(api, &f.shape) {
            let p = quote!(field_path);
            // A boxed (recursive) field is checked through the box.
            let (inner, place) = if f.boxed {
                (quote!(&**value), quote!(*self.#fname))
            } else {
                (quote!(value), quote!(self.#fname))
            };
            if f.is_option() {
                let body = typed_checks(api, st, &f.shape, &Val::Ref(inner), &p, &sname);
                typed.push(quote! {
                    if let ::std::option::Option::Some(value) = &self.#fname {
                        let field_path = path.key(#wire);
                        #body
                    }
                });
            } else {
                let body = typed_checks(api, st, &f.shape, &Val::Place(place), &p, &sname);
                typed.push(quote! {
                    {
                        let field_path = path.key(#wire);
                        #body
                    }
                });
            }
        }
        // JSON.
        let checks = json_checks(
            api,
            st,
            &f.shape,
            &quote!(value),
            &quote!(field_path),
            &sname,
        );
        let blank = f
            .shape
            .constraints
            .not_blank
            .as_ref()
            .map(|l| msg(&l.message));
        // `json` takes any value, null included.
        let any = f.shape.kind == ShapeKind::Json;
        let on_null = match (&blank, f.nullable || any) {
            (_, true) => None,
            (Some(m), false) => {
                Some(quote!(::specgen_runtime::check::blank(#m, &field_path, report)))
            }
            (None, false) => {
                let ty = json_type_name(api, &f.shape.kind);
                Some(quote!(::specgen_runtime::check::wrong_type(#ty, value, &field_path, report)))
            }
        };
        let on_missing = match (&blank, f.required) {
            (_, false) => None,
            (Some(m), true) => {
                Some(quote!(::specgen_runtime::check::blank(#m, &field_path, report)))
            }
            (None, true) => Some(quote!(::specgen_runtime::check::missing(
                &field_path,
                report
            ))),
        };
        let field_check = match (on_null, on_missing) {
            (None, None) if checks.is_empty() => quote!(),
            (None, Some(on_missing)) if checks.is_empty() => quote! {
                if !obj.contains_key(#wire) {
                    let field_path = path.key(#wire);
                    #on_missing;
                }
            },
            (None, None) => quote! {
                if let ::std::option::Option::Some(value) = obj.get(#wire).filter(|v| !v.is_null()) {
                    let field_path = path.key(#wire);
                    #checks
                }
            },
            (on_null, on_missing) => {
                let on_null = on_null.unwrap_or_default();
                let on_missing = on_missing.unwrap_or_default();
                quote! {
                    {
                        let field_path = path.key(#wire);
                        match obj.get(#wire) {
                            ::std::option::Option::Some(value) if !value.is_null() => { #checks }
                            ::std::option::Option::Some(value) => { let _ = value; #on_null; }
                            ::std::option::Option::None => { #on_missing }
                        }
                    }
                }
            }
        };
        if !field_check.is_empty() {
            json.push(field_check);
        }
    }
    for f in fields {
        if let Some((typed_check, json_check)) = role_checks(api, t.role, f) {
            typed.push(typed_check);
            json.push(json_check);
        }
    }
    for r in rules {
        typed.push(rule_check(
            fields,
            r,
            &|i| {
                let n = ident(&fields[i].rust);
                quote!(self.#n.is_some())
            },
            &|i| {
                let n = ident(&fields[i].rust);
                quote!(self.#n.is_none())
            },
            &|f, v| typed_equals(api, f, v),
        ));
        json.push(rule_check(
            fields,
            r,
            &|i| {
                let w = &fields[i].wire;
                quote!(::specgen_runtime::check::json_present(obj, #w))
            },
            &|i| {
                let w = &fields[i].wire;
                quote!(!::specgen_runtime::check::json_present(obj, #w))
            },
            &|f, v| json_equals(&f.wire, v),
        ));
    }
    let typed_body = if typed.is_empty() {
        quote!(let _ = (path, report);)
    } else {
        quote!(#(#typed)*)
    };
    let json_body = if json.is_empty() {
        quote! {
            if !value.is_object() {
                ::specgen_runtime::check::wrong_type("object", value, path, report);
            }
        }
    } else {
        quote! {
            let ::std::option::Option::Some(obj) = value.as_object() else {
                ::specgen_runtime::check::wrong_type("object", value, path, report);
                return;
            };
            #(#json)*
        }
    };
    quote! {
        impl ::specgen_runtime::Validate for #name {
            fn validate_at(&self, path: &::specgen_runtime::Path<'_>, report: &mut ::specgen_runtime::Report) {
                #typed_body
            }
        }
        impl ::specgen_runtime::ValidateJson for #name {
            fn validate_json_at(
                value: &::specgen_runtime::serde_json::Value,
                path: &::specgen_runtime::Path<'_>,
                report: &mut ::specgen_runtime::Report,
            ) {
                #json_body
            }
        }
    }
}
