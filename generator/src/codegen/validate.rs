//! Codegen for validators: the rules (one array per type and kind of
//! rules, `CHAT__STRINGS`), the static description of each type (walked by
//! the runtime's one JSON validator, `specgen_runtime::walk`) and the typed
//! validator, one call per constrained field. Both validators read the same
//! rules, so they cannot drift apart.

use std::collections::BTreeMap;

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};
use serde_json::Value;

use crate::ir::*;
use crate::names::{self, ident};

/// The `static` items of one module, by name, so that both validators can
/// ask for the same one and it is emitted once, in order.
pub struct Statics {
    items: BTreeMap<String, TokenStream>,
    /// Each name's owner: `(type, field)` for a field's rules, `(type, "")`
    /// for a type's description. Shouting loses case (`AB` and `Ab` both
    /// shout to `AB`), so a name taken by another owner gets a numbered
    /// suffix instead of being shared.
    owners: BTreeMap<String, (String, String)>,
    /// The field whose rules are being written, if any. Its rules go into
    /// an array of its type's rules, and the rules nested in them (items,
    /// patterns, bounds) inline.
    field: Option<FieldPlace>,
    /// Each object type's arrays of field rules, by name: the element type
    /// and, per field with rules of its own, the value and the Rust field
    /// name.
    arrays: BTreeMap<String, (TokenStream, Vec<(TokenStream, String)>)>,
    /// A field base's element (`&CHAT__STRINGS[2]`), so that both
    /// validators share one.
    slots: BTreeMap<String, TokenStream>,
    /// The array of each type and kind of rules, once named.
    array_names: BTreeMap<(String, &'static str), proc_macro2::Ident>,
    /// The byte scan of each pattern met, if it has one.
    scans: BTreeMap<String, Option<Scanned>>,
    /// How many class-run scan functions the module has.
    scan_fns: usize,
}

/// A pattern's byte scan, as written once per module.
#[derive(Clone)]
enum Scanned {
    /// Class runs: the function that scans them.
    Runs(proc_macro2::Ident),
    /// Suffixes: their alternatives.
    Suffixes(TokenStream),
}

/// The Rust type of a set of rules, and the name of a type's array of them.
#[derive(Clone, Copy)]
enum Rules {
    String,
    Number,
    Array,
    Members,
    Pattern,
    Bounds,
}

impl Rules {
    /// The array's kind (`strings` in `CHAT__STRINGS`) and the Rust type.
    fn kind_and_type(self) -> (&'static str, TokenStream) {
        match self {
            Rules::String => ("strings", quote!(rt::StringRules)),
            Rules::Number => ("numbers", quote!(rt::NumberRules)),
            Rules::Array => ("arrays", quote!(rt::Array)),
            Rules::Members => ("members", quote!(rt::PropertiesRules)),
            Rules::Pattern => ("patterns", quote!(rt::Pattern)),
            Rules::Bounds => ("bounds", quote!(rt::DateTimeBounds)),
        }
    }
}

/// Where the rules of one field go.
struct FieldPlace {
    /// Its type's Rust name, which names the arrays.
    type_rust: String,
    /// The field's base name, which names its rules.
    base: String,
    /// Its Rust name, for the array's doc.
    rust: String,
}

impl Default for Statics {
    fn default() -> Self {
        // Module-level statics that codegen emits besides these.
        let owners = ["SERVICE", "ENDPOINTS"]
            .map(|n| (n.to_owned(), (String::new(), n.to_owned())))
            .into();
        Statics {
            items: BTreeMap::new(),
            owners,
            field: None,
            arrays: BTreeMap::new(),
            slots: BTreeMap::new(),
            array_names: BTreeMap::new(),
            scans: BTreeMap::new(),
            scan_fns: 0,
        }
    }
}

impl Statics {
    /// Every static, sorted by name, one item each.
    pub fn into_items(mut self) -> impl Iterator<Item = TokenStream> {
        for (name, (ty, elements)) in std::mem::take(&mut self.arrays) {
            let id = format_ident!("{}", name);
            let len = Literal::usize_unsuffixed(elements.len());
            let names: Vec<String> = elements.iter().map(|(_, n)| format!("`{n}`")).collect();
            let values = elements.into_iter().map(|(v, _)| v);
            let values = super::group_of(proc_macro2::Delimiter::Bracket, values, true);
            let doc = format!(
                " The rules of the fields {}, in this order.",
                names.join(", ")
            );
            self.items.insert(
                name,
                quote! {
                    #[doc = #doc]
                    static #id: [#ty; #len] = #values;
                },
            );
        }
        self.items.into_values()
    }

    fn unique(&mut self, base: String, owner: (String, String)) -> String {
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

    /// The base name of one field's rules, unique in the module: the key
    /// both validators share its rules by, and the prefix of its regex
    /// cells. Bases have one `__`, derived names (`__ITEMS__REGEX`) at
    /// least two, so a unique base keeps those unique too; the arrays of
    /// rules take names of the same form, registered as owned by no field.
    pub fn field_base(&mut self, type_rust: &str, field_rust: &str) -> String {
        let base = names::rules_static(type_rust, field_rust, "");
        self.unique(base, (type_rust.to_owned(), field_rust.to_owned()))
    }

    /// The name of an object type's array of field rules of type `ty`:
    /// `CHAT__STRINGS` (numbered if a field `strings` took that base).
    fn rules_array(&mut self, type_rust: &str, kind: &'static str) -> proc_macro2::Ident {
        if let Some(id) = self.array_names.get(&(type_rust.to_owned(), kind)) {
            return id.clone();
        }
        let base = names::rules_static(type_rust, kind, "");
        // `#` is in no Rust field name, so no field owns this.
        let name = self.unique(base, (type_rust.to_owned(), format!("#{kind}")));
        let id = format_ident!("{}", name);
        self.array_names
            .insert((type_rust.to_owned(), kind), id.clone());
        id
    }

    /// The name of the static that describes an object type: `CHAT`.
    /// Shouted type names have no `__`, so they never meet field bases.
    pub fn type_static(&mut self, type_rust: &str) -> proc_macro2::Ident {
        use heck::ToShoutySnakeCase;
        let base = type_rust.trim_start_matches("r#").to_shouty_snake_case();
        format_ident!(
            "{}",
            self.unique(base, (type_rust.to_owned(), String::new()))
        )
    }
}

fn msg(m: &Option<String>) -> TokenStream {
    match m {
        Some(m) => quote!(::std::option::Option::Some(#m)),
        None => quote!(::std::option::Option::None),
    }
}

/// `.name(value)`, or `.name_says(value, "message")` with a custom message.
fn limit_call<T>(name: &str, l: &Option<Limit<T>>, lit: impl Fn(&T) -> Literal) -> TokenStream {
    let Some(l) = l else { return quote!() };
    let v = lit(&l.value);
    match &l.message {
        None => {
            let f = format_ident!("{}", name);
            quote!(.#f(#v))
        }
        Some(m) => {
            let f = format_ident!("{}_says", name);
            quote!(.#f(#v, #m))
        }
    }
}

/// `.name()`, or `.name_says("message")`, for a flag.
fn flag_call(name: &str, l: &Option<Limit<()>>) -> TokenStream {
    let Some(l) = l else { return quote!() };
    match &l.message {
        None => {
            let f = format_ident!("{}", name);
            quote!(.#f())
        }
        Some(m) => {
            let f = format_ident!("{}_says", name);
            quote!(.#f(#m))
        }
    }
}

fn usize_lit(v: &u64) -> Literal {
    Literal::usize_unsuffixed(usize::try_from(*v).unwrap_or(usize::MAX))
}

fn f64_lit(v: &f64) -> Literal {
    Literal::f64_suffixed(*v)
}

fn datetime_format(f: &DateTimeFormat) -> TokenStream {
    match f {
        DateTimeFormat::Rfc3339 => quote!(rt::DateTimeFormat::Rfc3339),
        DateTimeFormat::Custom(f) => {
            let layout = format_ident!("{}", names::layout_static(f));
            quote!(rt::DateTimeFormat::Custom(&#layout))
        }
    }
}

/// The rules a string of kind `k` starts from, before its constraints.
fn string_start(k: &ShapeKind) -> TokenStream {
    match k {
        ShapeKind::DateTime(f) => {
            let f = datetime_format(f);
            quote!(rt::datetime(#f))
        }
        ShapeKind::Uuid => quote!(rt::UUID),
        ShapeKind::Email => quote!(rt::EMAIL),
        ShapeKind::Phone => quote!(rt::PHONE),
        ShapeKind::Bytes => quote!(rt::BASE64),
        _ => quote!(rt::string()),
    }
}

/// The shared rules a string of kind `k` uses when it has no constraint.
fn string_const(k: &ShapeKind) -> Option<TokenStream> {
    Some(match k {
        ShapeKind::String => quote!(&rt::TEXT),
        ShapeKind::Uuid => quote!(&rt::UUID),
        ShapeKind::Email => quote!(&rt::EMAIL),
        ShapeKind::Phone => quote!(&rt::PHONE),
        ShapeKind::Bytes => quote!(&rt::BASE64),
        _ => return None,
    })
}

/// Whether a string shape needs any check beyond its JSON type.
fn string_needs_rules(s: &Shape) -> bool {
    s.constraints.has_string_rules() || !matches!(s.kind, ShapeKind::String)
}

impl Statics {
    /// `&RULES` of the rules `value`, of type `ty`, named `name`: an
    /// element of the type's array of such rules for a field's own rules, the value
    /// itself (promoted to a constant) for rules nested in them, and a
    /// `static` of its own elsewhere. Every rules static is one more item
    /// for rustc to check, which costs several times what an element of a
    /// array or a promoted constant does (BENCHMARKS.md, section 4b).
    fn insert(&mut self, name: &str, ty: Rules, value: TokenStream) -> TokenStream {
        let (kind, ty) = ty.kind_and_type();
        match &self.field {
            Some(place) if place.base == name => {
                if let Some(slot) = self.slots.get(name) {
                    return slot.clone();
                }
                let (type_rust, rust) = (place.type_rust.clone(), place.rust.clone());
                let id = self.rules_array(&type_rust, kind);
                let (_, elements) = self
                    .arrays
                    .entry(id.to_string())
                    .or_insert((ty, Vec::new()));
                let i = Literal::usize_unsuffixed(elements.len());
                elements.push((value, rust));
                let slot = quote!(&#id[#i]);
                self.slots.insert(name.to_owned(), slot.clone());
                slot
            }
            Some(_) => quote!(&#value),
            None => self.insert_static(name, ty, value),
        }
    }

    /// `&NAME` of a `static` of its own.
    fn insert_static(&mut self, name: &str, ty: TokenStream, value: TokenStream) -> TokenStream {
        let id = format_ident!("{}", name);
        self.items
            .entry(name.to_owned())
            .or_insert_with(|| quote!(static #id: #ty = #value;));
        quote!(&#id)
    }

    /// The `static` of one spec pattern. Keep every emission of a
    /// `Pattern` here.
    fn pattern(&mut self, p: &Limit<String>, name: &str) -> TokenStream {
        let src = &p.value;
        // A pattern a byte scan decides exactly never compiles a regex.
        // Specs repeat patterns across types, so each is worked out once.
        let scan = match self.scans.get(src) {
            Some(scan) => scan.clone(),
            None => {
                let scan = self.scan_of(src);
                self.scans.insert(src.clone(), scan.clone());
                scan
            }
        };
        let mut regex_cell = || {
            let cell = format!("{name}__REGEX");
            // A cell changes, so it is never a promoted constant.
            self.insert_static(&cell, quote!(rt::RegexCell), quote!(rt::RegexCell::new()))
        };
        let value = match (scan, &p.message) {
            (Some(Scanned::Runs(f)), None) => quote!(rt::class_pattern(#src, #f)),
            (Some(Scanned::Runs(f)), Some(m)) => quote!(rt::class_pattern_says(#src, #m, #f)),
            (Some(Scanned::Suffixes(alternatives)), m) => {
                let m = msg(m);
                quote!(rt::Pattern::suffixes(#src, #m, #alternatives))
            }
            (None, None) => {
                let cell = regex_cell();
                quote!(rt::pattern(#src, #cell))
            }
            (None, Some(m)) => {
                let cell = regex_cell();
                quote!(rt::pattern_says(#src, #m, #cell))
            }
        };
        self.insert(&format!("{name}__PATTERN"), Rules::Pattern, value)
    }

    /// The byte scan of `source`, if one decides it. Class runs get a
    /// function of their own, `pattern_1`, which the compiler specialises
    /// to their classes once for every field that shares the pattern.
    fn scan_of(&mut self, source: &str) -> Option<Scanned> {
        match super::pattern::scan_expr(source)? {
            super::pattern::ScanExpr::Suffixes(alternatives) => {
                Some(Scanned::Suffixes(alternatives))
            }
            super::pattern::ScanExpr::Runs(runs) => {
                self.scan_fns += 1;
                // Lower case: no static, type or other function of a
                // generated module has this form.
                let name = format!("pattern_{}", self.scan_fns);
                let f = format_ident!("{}", name);
                let doc = super::doc_attrs(Some(&format!(
                    "Whether a text matches the pattern `{source}`, in one scan of its bytes."
                )));
                self.items.insert(
                    name,
                    quote! {
                        #doc
                        fn #f(text: &[u8]) -> bool {
                            // A constant: in a function body, const fn
                            // calls are not promoted, so they would run
                            // on every call.
                            const RUNS: &[rt::ClassRun] = #runs;
                            rt::match_runs(RUNS, text)
                        }
                    },
                );
                Some(Scanned::Runs(f))
            }
        }
    }

    /// `&RULES` of a string shape, creating the static if needed.
    fn string(&mut self, s: &Shape, name: &str) -> TokenStream {
        if !s.constraints.has_string_rules() {
            if let Some(shared) = string_const(&s.kind) {
                return shared;
            }
        }
        let c = &s.constraints;
        let start = string_start(&s.kind);
        let min = limit_call("min_length", &c.min_length, usize_lit);
        let max = limit_call("max_length", &c.max_length, usize_lit);
        let pattern = match &c.pattern {
            Some(p) => {
                let p = self.pattern(p, name);
                quote!(.pattern(#p))
            }
            None => quote!(),
        };
        let nb = flag_call("not_blank", &c.not_blank);
        let nf = flag_call("not_future", &c.not_future);
        let bounds = match &s.kind {
            ShapeKind::DateTime(f) if c.has_datetime_bounds() => {
                let b = self.datetime_bounds(f, c, name);
                quote!(.bounds(#b))
            }
            _ => quote!(),
        };
        self.insert(
            name,
            Rules::String,
            quote!(#start #min #max #pattern #nb #nf #bounds),
        )
    }

    /// `&BOUNDS` of a date-time's bounds beyond `not_future`.
    fn datetime_bounds(&mut self, f: &DateTimeFormat, c: &Constraints, name: &str) -> TokenStream {
        let instant = |which: &str, l: &Option<Limit<String>>| {
            let Some(l) = l else { return quote!() };
            // The checker has rejected bounds that do not parse.
            let nanos =
                crate::check::parse_bound(f, &l.value).map_or(0, |t| t.unix_timestamp_nanos());
            let nanos = Literal::i128_unsuffixed(nanos);
            let (text, m, f) = (&l.value, msg(&l.message), format_ident!("{}", which));
            quote!(.#f(#text, #nanos, #m))
        };
        let np = flag_call("not_past", &c.not_past);
        let (lo, hi) = (
            instant("minimum", &c.earliest),
            instant("maximum", &c.latest),
        );
        self.insert(
            &format!("{name}__WHEN"),
            Rules::Bounds,
            quote!(rt::DateTimeBounds::new() #np #lo #hi),
        )
    }

    /// `&RULES` of the member count of a free-form `object`.
    fn properties(&mut self, s: &Shape, name: &str) -> TokenStream {
        let c = &s.constraints;
        if !c.has_properties_rules() {
            return quote!(&rt::MEMBERS);
        }
        let min = limit_call("min_properties", &c.min_properties, usize_lit);
        let max = limit_call("max_properties", &c.max_properties, usize_lit);
        self.insert(name, Rules::Members, quote!(rt::members() #min #max))
    }

    /// `&RULES` of a number shape.
    fn number(&mut self, s: &Shape, name: &str) -> TokenStream {
        if !s.constraints.has_number_rules() {
            return quote!(&rt::NUMBER);
        }
        let c = &s.constraints;
        let calls = [
            limit_call("minimum", &c.minimum, f64_lit),
            limit_call("maximum", &c.maximum, f64_lit),
            limit_call("exclusive_minimum", &c.exclusive_minimum, f64_lit),
            limit_call("exclusive_maximum", &c.exclusive_maximum, f64_lit),
        ];
        self.insert(name, Rules::Number, quote!(rt::number() #(#calls)*))
    }

    /// `&ARRAY` of an array shape: its length rules and items.
    fn array(&mut self, api: &Api, s: &Shape, inner: &Shape, name: &str) -> TokenStream {
        let items = self.kind(api, inner, &format!("{name}__ITEMS"));
        let c = &s.constraints;
        let len = if c.has_items_rules() {
            let min = limit_call("min_items", &c.min_items, usize_lit);
            let max = limit_call("max_items", &c.max_items, usize_lit);
            quote!(.len(rt::items() #min #max))
        } else {
            quote!()
        };
        self.insert(name, Rules::Array, quote!(rt::Array::of(#items) #len))
    }

    /// The rules a typed value of shape `s` is checked with, if the typed
    /// validator has anything to check in it (objects are checked through
    /// their own `Described` impl).
    fn typed_rules(&mut self, api: &Api, s: &Shape, name: &str) -> Option<TokenStream> {
        if !typed_needs(api, s) {
            return None;
        }
        // `kind` has placed them already: the same element, not built again.
        if let Some(slot) = self.slots.get(name) {
            return Some(slot.clone());
        }
        Some(match &s.kind {
            k if k.is_string_like() => self.string(s, name),
            ShapeKind::Integer | ShapeKind::Number => self.number(s, name),
            ShapeKind::Array(inner) => self.array(api, s, inner, name),
            ShapeKind::JsonObject => self.properties(s, name),
            _ => quote!(&()),
        })
    }

    /// The `rt::Kind` of a value of shape `s`; `name` names its statics.
    pub fn kind(&mut self, api: &Api, s: &Shape, name: &str) -> TokenStream {
        match &s.kind {
            k if k.is_string_like() => {
                let r = self.string(s, name);
                quote!(rt::Kind::String(#r))
            }
            ShapeKind::Integer => {
                let r = self.number(s, name);
                quote!(rt::Kind::Integer(#r))
            }
            ShapeKind::Number => {
                let r = self.number(s, name);
                quote!(rt::Kind::Number(#r))
            }
            ShapeKind::Boolean => quote!(rt::Kind::Boolean),
            ShapeKind::JsonObject => {
                let r = self.properties(s, name);
                quote!(rt::Kind::Members(#r))
            }
            ShapeKind::Array(inner) => {
                let r = self.array(api, s, inner, name);
                quote!(rt::Kind::Array(#r))
            }
            ShapeKind::Named(i) => {
                let t = &api.types[*i];
                match &t.kind {
                    TypeKind::Object { .. } => {
                        let id = self.type_static(&t.rust_name);
                        quote!(rt::Kind::Object(&#id))
                    }
                    TypeKind::Enum { open, .. } => {
                        let ty = ident(&t.rust_name);
                        let f = if *open { quote!(open) } else { quote!(closed) };
                        quote!(rt::Kind::#f(#ty::VALUES))
                    }
                }
            }
            _ => quote!(rt::Kind::Any),
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

/// JSON checks of a whole body of shape `s` held in `value`, at the root;
/// `name` prefixes the statics it needs.
pub fn body_checks(api: &Api, st: &mut Statics, s: &Shape, name: &str) -> TokenStream {
    let kind = st.kind(api, s, name);
    quote!(::specgen_runtime::walk::value(value, &#kind, &rt::Path::ROOT, report);)
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

/// The typed test "rule `r` is broken"; the runtime reports it where the
/// JSON validator does.
fn typed_rule_broken(api: &Api, r: &Rule) -> TokenStream {
    match r {
        Rule::AtLeastOneOf { fields, .. } => {
            let tests = fields.iter().map(|p| typed_present(api, p));
            quote!(!(#(#tests)||*))
        }
        Rule::ExactlyOneOf { fields, .. } => {
            let tests = fields.iter().map(|p| {
                let t = typed_present(api, p);
                quote!(usize::from(#t))
            });
            quote!(#(#tests)+* != 1)
        }
        Rule::RequiredIf {
            field,
            when,
            equals,
            ..
        } => {
            let cond = typed_path_equals(api, when, equals);
            let absent = typed_absent(api, field);
            quote!(#cond && #absent)
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

/// A rule of the object's description: the wire paths of its fields, its
/// message and its default text (the same text the typed check reports).
fn rule_entry(api: &Api, r: &Rule) -> TokenStream {
    let text = r.default_message(api);
    let m = msg(match r {
        Rule::AtLeastOneOf { message, .. }
        | Rule::ExactlyOneOf { message, .. }
        | Rule::RequiredIf { message, .. } => message,
    });
    match r {
        Rule::AtLeastOneOf { fields, .. } => {
            let paths = wire_paths(api, fields);
            quote!(rt::Rule::AtLeastOneOf { fields: #paths, message: #m, text: #text })
        }
        Rule::ExactlyOneOf { fields, .. } => {
            let paths = wire_paths(api, fields);
            quote!(rt::Rule::ExactlyOneOf { fields: #paths, message: #m, text: #text })
        }
        Rule::RequiredIf {
            field,
            when,
            equals,
            ..
        } => {
            let value = match equals {
                Value::String(s) => quote!(rt::RuleValue::Text(#s)),
                Value::Bool(b) => quote!(rt::RuleValue::Bool(#b)),
                Value::Number(n) => {
                    let lit = Literal::f64_suffixed(n.as_f64().unwrap_or_default());
                    quote!(rt::RuleValue::Number(#lit))
                }
                // The checker rejects any other value.
                _ => quote!(rt::RuleValue::Bool(false)),
            };
            let (f, w) = (wire_path(api, field), wire_path(api, when));
            quote!(rt::Rule::RequiredIf { field: #f, when: #w, equals: #value, message: #m, text: #text })
        }
    }
}

/// The typed check that a path or header field's text can be sent as it
/// is, if the field is one and holds text.
fn role_check(api: &Api, role: TypeRole, f: &Field) -> Option<TokenStream> {
    let check = match role {
        TypeRole::Any => return None,
        TypeRole::PathParams => quote!(path_segment),
        TypeRole::Headers => quote!(header_value),
    };
    let text_kind = f.shape.kind.is_string_like()
        || matches!(f.shape.kind, ShapeKind::Named(i) if matches!(api.types[i].kind, TypeKind::Enum { .. }));
    if !text_kind {
        return None;
    }
    if typed_text_always_fits(role, &f.shape.kind) {
        return None;
    }
    let (name, pointer) = (ident(&f.rust), member_pointer(&f.wire));
    // Typed values are written out to a `String` first.
    let typed = super::types::text_format(&f.shape).is_some();
    let text = |place: TokenStream| {
        let text = super::client::value_text(&f.shape.kind, &place);
        if typed {
            quote!(&#text)
        } else {
            text
        }
    };
    Some(if f.is_option() {
        let text = text(quote!(value));
        quote! {
            if let ::std::option::Option::Some(value) = &self.#name {
                at.#check(#pointer, #text);
            }
        }
    } else {
        let text = text(quote!(self.#name));
        quote!(at.#check(#pointer, #text);)
    })
}

/// A member's JSON Pointer segment (`/chatServer`, `/a~1b`), which the
/// typed validator names the member by: an error at a member of the root
/// then borrows it as its path.
fn member_pointer(wire: &str) -> String {
    format!("/{}", names::pointer_token(wire))
}

/// Whether the wire text of a typed value always passes its role's check,
/// so the typed validator need not write it out: a UUID or a date-time is
/// never empty, and as a header only a custom layout with characters other
/// than visible ASCII and inner spaces could fail.
fn typed_text_always_fits(role: TypeRole, k: &ShapeKind) -> bool {
    match (role, k) {
        (_, ShapeKind::Uuid) | (TypeRole::PathParams, ShapeKind::DateTime(_)) => true,
        (_, ShapeKind::DateTime(DateTimeFormat::Rfc3339)) => true,
        (_, ShapeKind::DateTime(DateTimeFormat::Custom(layout))) => {
            let visible = |c: char| c.is_ascii_graphic();
            layout.chars().all(|c| visible(c) || c == ' ')
                && layout.starts_with(visible)
                && layout.ends_with(visible)
        }
        _ => false,
    }
}

/// The description of an object type and its `Described` impl, whose
/// typed validator has one call per constrained field.
pub fn object_validators(
    api: &Api,
    t: &TypeDef,
    fields: &[Field],
    rules: &[Rule],
    st: &mut Statics,
) -> TokenStream {
    let name = ident(&t.rust_name);
    let schema = st.type_static(&t.rust_name);
    let mut typed = Vec::new();
    let mut entries = Vec::new();
    for f in fields {
        let (fname, wire) = (ident(&f.rust), &f.wire);
        let pointer = member_pointer(wire);
        let base = st.field_base(&t.rust_name, &f.rust);
        st.field = Some(FieldPlace {
            type_rust: t.rust_name.clone(),
            base: base.clone(),
            rust: f.rust.trim_start_matches("r#").to_owned(),
        });
        let kind = st.kind(api, &f.shape, &base);
        let presence = if f.required {
            quote!(required)
        } else {
            quote!(optional)
        };
        let nullable = f.nullable.then(|| quote!(.nullable()));
        entries.push(quote!(rt::Field::#presence(#wire, #kind) #nullable));
        let rules = st.typed_rules(api, &f.shape, &base);
        st.field = None;
        let Some(rules) = rules else {
            continue;
        };
        let is_object = matches!(f.shape.kind, ShapeKind::Named(_));
        let set = if f.tri_state {
            quote!(rt::Tristate::Value)
        } else {
            quote!(::std::option::Option::Some)
        };
        typed.push(match (is_object, f.boxed, f.may_be_unset()) {
            // A boxed (recursive) field is checked through the box.
            (true, true, false) => quote!(at.object(#pointer, &*self.#fname);),
            (true, true, true) => quote! {
                if let #set(value) = &self.#fname {
                    at.object(#pointer, &**value);
                }
            },
            (true, false, _) => quote!(at.object(#pointer, &self.#fname);),
            (false, ..) => quote!(at.field(#pointer, &self.#fname, #rules);),
        });
    }
    typed.extend(fields.iter().filter_map(|f| role_check(api, t.role, f)));
    for (i, r) in rules.iter().enumerate() {
        let broken = typed_rule_broken(api, r);
        let i = Literal::usize_unsuffixed(i);
        typed.push(quote!(at.fail_if(#broken, &#schema.rules[#i]);));
    }
    let rule_entries = rules.iter().map(|r| rule_entry(api, r));
    let with_rules = (!rules.is_empty()).then(|| quote!(.rules(&[#(#rule_entries),*])));
    let role = match t.role {
        TypeRole::Any => quote!(),
        TypeRole::PathParams => quote!(.role(rt::Role::PathParams)),
        TypeRole::Headers => quote!(.role(rt::Role::Headers)),
    };
    st.items.insert(schema.to_string(), {
        let entries = super::group_of(proc_macro2::Delimiter::Bracket, entries, true);
        quote!(static #schema: rt::Object = rt::Object::new(&#entries) #with_rules #role;)
    });
    let validate_fields = (!typed.is_empty()).then(|| {
        let typed = super::group_of(proc_macro2::Delimiter::Brace, typed, false);
        quote! {
            fn validate_fields(&self, at: &mut rt::At<'_>) #typed
        }
    });
    quote! {
        impl rt::Described for #name {
            const KIND: rt::Kind = rt::Kind::Object(&#schema);
            #validate_fields
        }
    }
}
