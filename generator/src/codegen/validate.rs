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
                    self.items.insert(format!("{name}__PATTERN"), {
                        let value = super::pattern::pattern_expr(src, &m);
                        quote!(static #pname: ::specgen_runtime::check::Pattern = #value;)
                    });
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

    fn properties(&mut self, s: &Shape, name: &str) -> TokenStream {
        let c = &s.constraints;
        self.count_rules(
            name,
            "MEMBERS",
            "PropertiesRules",
            ("min_properties", "max_properties"),
            (&c.min_properties, &c.max_properties),
        )
        .unwrap_or_else(|| quote!(&::specgen_runtime::check::PropertiesRules::PLAIN))
    }

    fn items(&mut self, s: &Shape, name: &str) -> Option<TokenStream> {
        let c = &s.constraints;
        self.count_rules(
            name,
            "LEN",
            "ItemsRules",
            ("min_items", "max_items"),
            (&c.min_items, &c.max_items),
        )
    }

    /// `&NAME__<suffix>`, a static of runtime type `ty` holding two count
    /// bounds named `keys`; `None` when neither is set.
    fn count_rules(
        &mut self,
        name: &str,
        suffix: &str,
        ty: &str,
        keys: (&str, &str),
        (min, max): (&Option<Limit<u64>>, &Option<Limit<u64>>),
    ) -> Option<TokenStream> {
        if min.is_none() && max.is_none() {
            return None;
        }
        let name = format!("{name}__{suffix}");
        let id = format_ident!("{}", name);
        let ty = format_ident!("{}", ty);
        let (lo, hi) = (format_ident!("{}", keys.0), format_ident!("{}", keys.1));
        let (a, b) = (usize_limit(min), usize_limit(max));
        self.items.entry(name).or_insert_with(|| {
            quote! {
                static #id: ::specgen_runtime::check::#ty = ::specgen_runtime::check::#ty {
                    #lo: #a,
                    #hi: #b,
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
        ShapeKind::JsonObject => s.constraints.has_properties_rules(),
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
        ShapeKind::JsonObject if s.constraints.has_properties_rules() => {
            let rules = st.properties(s, name);
            let e = v.expr();
            quote!(::specgen_runtime::check::properties(#e.len(), #rules, &#path, report);)
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
        ShapeKind::JsonObject => {
            let rules = st.properties(s, name);
            quote!(::specgen_runtime::check::json_object(#v, #rules, &#path, report);)
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
        ShapeKind::JsonObject => "object",
        ShapeKind::Named(i) => match api.types[*i].kind {
            TypeKind::Object { .. } => "object",
            TypeKind::Enum { .. } => "string",
        },
        _ => "value",
    }
}

/// The typed condition "field `f`, at `place`, equals `equals`".
fn typed_equals(api: &Api, f: &Field, place: TokenStream, equals: &Value) -> TokenStream {
    let (place, opt) = if f.tri_state {
        (quote!(#place.value().cloned()), true)
    } else {
        (place, f.is_option())
    };
    match (&f.shape.kind, equals) {
        // Compared as wire text, as the JSON validator and JSON Schema's
        // `const` do; a typed value is written canonically.
        (k @ (ShapeKind::DateTime(_) | ShapeKind::Uuid), Value::String(s)) => {
            let format = super::types::text_format_expr(k);
            let text =
                |v: TokenStream| quote!(::specgen_runtime::wire::TextFormat::text(&#format, #v));
            if opt {
                let t = text(quote!(value));
                quote!(#place.as_ref().is_some_and(|value| #t == #s))
            } else {
                // Copy types: passed by value, as clippy prefers.
                let t = text(place);
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
                        (Some(var), false) => quote!(#place == #ty::#var),
                        (Some(var), true) => {
                            quote!(#place == ::std::option::Option::Some(#ty::#var))
                        }
                        (None, _) => quote!(false),
                    }
                }
                _ if opt => quote!(#place.as_ref().is_some_and(|v| v.as_str() == #s)),
                _ => quote!(#place.as_str() == #s),
            }
        }
        (_, Value::String(s)) if opt => {
            quote!(#place.as_deref() == ::std::option::Option::Some(#s))
        }
        (_, Value::String(s)) => quote!(#place == #s),
        (_, Value::Bool(b)) if opt => quote!(#place == ::std::option::Option::Some(#b)),
        (_, Value::Bool(true)) => quote!(#place),
        (_, Value::Bool(false)) => quote!(!#place),
        (ShapeKind::Integer, Value::Number(n)) => {
            let lit = Literal::i64_suffixed(n.as_i64().unwrap_or_default());
            if opt {
                quote!(#place == ::std::option::Option::Some(#lit))
            } else {
                quote!(#place == #lit)
            }
        }
        (_, Value::Number(n)) => {
            let lit = Literal::f64_suffixed(n.as_f64().unwrap_or_default());
            if opt {
                quote!(#place.is_some_and(|v| (v - #lit).abs() < f64::EPSILON))
            } else {
                quote!((#place - #lit).abs() < f64::EPSILON)
            }
        }
        _ => quote!(false),
    }
}

/// The object holding the last step of a rule's field, from `self`: a
/// place (`self.requester`) while every step on the way is always there,
/// else an `Option<&T>` (the flag says which).
fn typed_parent(api: &Api, steps: &[FieldStep]) -> (TokenStream, bool) {
    let mut expr = quote!(self);
    let mut in_option = false;
    for s in steps {
        let f = api.field(*s);
        let name = ident(&f.rust);
        let get = if f.tri_state {
            quote!(value())
        } else {
            quote!(as_ref())
        };
        expr = match (in_option, f.may_be_unset()) {
            (false, false) => quote!(#expr.#name),
            (false, true) => quote!(#expr.#name.#get),
            (true, false) => quote!(#expr.map(|v| &v.#name)),
            (true, true) => quote!(#expr.and_then(|v| v.#name.#get)),
        };
        in_option |= f.may_be_unset();
    }
    (expr, in_option)
}

/// The parts of a rule's field: the expression of the object holding it
/// (see [`typed_parent`]), whether that is an `Option`, the field and its
/// Rust name.
fn typed_leaf<'a>(
    api: &'a Api,
    p: &FieldPath,
) -> (TokenStream, bool, &'a Field, proc_macro2::Ident) {
    let (parent, in_option) = typed_parent(api, &p.steps[..p.steps.len() - 1]);
    let leaf = api.field(p.leaf());
    (parent, in_option, leaf, ident(&leaf.rust))
}

/// The typed test "the field at `p` is set (and not null)".
fn typed_present(api: &Api, p: &FieldPath) -> TokenStream {
    let (parent, in_option, leaf, name) = typed_leaf(api, p);
    let set = if leaf.tri_state {
        quote!(is_value())
    } else {
        quote!(is_some())
    };
    match (in_option, leaf.may_be_unset()) {
        (false, true) => quote!(#parent.#name.#set),
        (true, true) => quote!(#parent.is_some_and(|v| v.#name.#set)),
        (true, false) => quote!(#parent.is_some()),
        (false, false) => quote!(true),
    }
}

/// The typed test "the field at `p` equals `equals`".
fn typed_path_equals(api: &Api, p: &FieldPath, equals: &Value) -> TokenStream {
    let (parent, in_option, leaf, name) = typed_leaf(api, p);
    if in_option {
        let test = typed_equals(api, leaf, quote!(v.#name), equals);
        quote!(#parent.is_some_and(|v| #test))
    } else {
        typed_equals(api, leaf, quote!(#parent.#name), equals)
    }
}

/// `let` bindings that extend `path` by the steps' wire names, the last
/// one named `at`.
fn path_lets(api: &Api, steps: &[FieldStep], at: &proc_macro2::Ident) -> TokenStream {
    let mut lets = Vec::new();
    let mut prev = quote!(path);
    for (n, s) in steps.iter().enumerate() {
        let wire = &api.field(*s).wire;
        let id = if n + 1 == steps.len() {
            at.clone()
        } else {
            format_ident!("{}_{}", at, n)
        };
        lets.push(quote!(let #id = #prev.key(#wire);));
        prev = quote!(#id);
    }
    quote!(#(#lets)*)
}

/// The typed test "the field at `p` is not set (or null)".
fn typed_absent(api: &Api, p: &FieldPath) -> TokenStream {
    let (parent, in_option, leaf, name) = typed_leaf(api, p);
    let unset = if leaf.tri_state {
        quote!(is_value())
    } else {
        quote!(is_none())
    };
    let unset = |v: TokenStream| {
        if leaf.tri_state {
            quote!(!#v.#name.#unset)
        } else {
            quote!(#v.#name.#unset)
        }
    };
    match (in_option, leaf.may_be_unset()) {
        (false, true) => unset(parent),
        (true, true) => {
            let test = unset(quote!(v));
            quote!(#parent.is_none_or(|v| #test))
        }
        (true, false) => quote!(#parent.is_none()),
        (false, false) => quote!(false),
    }
}

/// The typed check of a rule. The paths it reports match the JSON check's
/// (`specgen_runtime::check::common_object` decides both).
fn typed_rule(api: &Api, r: &Rule) -> TokenStream {
    let at_steps = |paths: &[FieldPath]| common_object(api, paths);
    let report = |steps: &[FieldStep], code: TokenStream, m: TokenStream, text: String| {
        let text = text.replace('{', "{{").replace('}', "}}");
        if steps.is_empty() {
            quote!(report.push(path, ::specgen_runtime::Code::#code, #m, format_args!(#text));)
        } else {
            let at = format_ident!("rule_path");
            let lets = path_lets(api, steps, &at);
            quote! {
                #lets
                report.push(&#at, ::specgen_runtime::Code::#code, #m, format_args!(#text));
            }
        }
    };
    match r {
        Rule::AtLeastOneOf { fields, message } => {
            let tests = fields.iter().map(|p| typed_present(api, p));
            let text = r.default_message(api);
            let push = report(&at_steps(fields), quote!(AtLeastOneOf), msg(message), text);
            quote! {
                if !(#(#tests)||*) {
                    #push
                }
            }
        }
        Rule::ExactlyOneOf { fields, message } => {
            let tests = fields.iter().map(|p| {
                let t = typed_present(api, p);
                quote!(usize::from(#t))
            });
            let text = r.default_message(api);
            let push = report(&at_steps(fields), quote!(ExactlyOneOf), msg(message), text);
            quote! {
                if #(#tests)+* != 1 {
                    #push
                }
            }
        }
        Rule::RequiredIf {
            field,
            when,
            equals,
            message,
        } => {
            let cond = typed_path_equals(api, when, equals);
            let absent = typed_absent(api, field);
            let text = r.default_message(api);
            let push = report(&field.steps, quote!(RequiredIf), msg(message), text);
            quote! {
                if #cond && #absent {
                    #push
                }
            }
        }
    }
}

/// `&[&["requester", "email"], …]`: rule fields for the runtime.
fn wire_paths<'a>(api: &Api, paths: impl IntoIterator<Item = &'a FieldPath>) -> TokenStream {
    let each = paths.into_iter().map(|p| wire_path(api, p));
    quote!(&[#(#each),*])
}

fn wire_path(api: &Api, p: &FieldPath) -> TokenStream {
    let wires = p.wires(api);
    quote!(&[#(#wires),*])
}

/// The JSON check of a rule: a call of the runtime's rule function.
fn json_rule(api: &Api, r: &Rule) -> TokenStream {
    let check = quote!(::specgen_runtime::check);
    match r {
        Rule::AtLeastOneOf { fields, message } => {
            let (paths, m) = (wire_paths(api, fields), msg(message));
            let text = r.default_message(api);
            quote!(#check::json_at_least_one_of(obj, #paths, #m, #text, path, report);)
        }
        Rule::ExactlyOneOf { fields, message } => {
            let (paths, m) = (wire_paths(api, fields), msg(message));
            let text = r.default_message(api);
            quote!(#check::json_exactly_one_of(obj, #paths, #m, #text, path, report);)
        }
        Rule::RequiredIf {
            field,
            when,
            equals,
            message,
        } => {
            let value = match equals {
                Value::String(s) => quote!(#check::RuleValue::Text(#s)),
                Value::Bool(b) => quote!(#check::RuleValue::Bool(#b)),
                Value::Number(n) => {
                    let lit = Literal::f64_suffixed(n.as_f64().unwrap_or_default());
                    quote!(#check::RuleValue::Number(#lit))
                }
                // The checker rejects any other value.
                _ => quote!(#check::RuleValue::Bool(false)),
            };
            let (f, w, m) = (wire_path(api, field), wire_path(api, when), msg(message));
            let text = r.default_message(api);
            quote!(#check::json_required_if(obj, #f, #w, #value, #m, #text, path, report);)
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
            if f.may_be_unset() {
                let body = typed_checks(api, st, &f.shape, &Val::Ref(inner), &p, &sname);
                let set = if f.tri_state {
                    quote!(::specgen_runtime::Tristate::Value)
                } else {
                    quote!(::std::option::Option::Some)
                };
                typed.push(quote! {
                    if let #set(value) = &self.#fname {
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
                // No empty `;` statement when null is allowed: only
                // prettyplease would drop it, and unformatted output is linted too.
                let on_null = on_null.map(|t| quote!(#t;)).unwrap_or_default();
                let on_missing = on_missing.unwrap_or_default();
                quote! {
                    {
                        let field_path = path.key(#wire);
                        match obj.get(#wire) {
                            ::std::option::Option::Some(value) if !value.is_null() => { #checks }
                            ::std::option::Option::Some(value) => { let _ = value; #on_null }
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
        typed.push(typed_rule(api, r));
        json.push(json_rule(api, r));
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
