//! Phase 2, lower: the YAML model becomes the IR.
//!
//! References are resolved to indexes, Rust names are assigned (through
//! [`crate::names`]) and checked for collisions, and every node keeps its
//! position. Problems go to the diagnostics accumulator; lowering goes on
//! after an error so that one run reports as much as it can.

use std::collections::BTreeMap;

use indexmap::IndexMap;

use crate::diag::{Diagnostics, Loc};
use crate::ir::*;
use crate::names;
use crate::spec::*;

const SCALARS: &[&str] = &[
    "string", "integer", "number", "boolean", "datetime", "uuid", "email", "phone", "bytes",
    "json", "object", "array",
];

fn k(s: &str) -> Step {
    Step::Key(s.to_owned())
}

fn with(path: &[Step], more: &[Step]) -> Vec<Step> {
    let mut p = path.to_vec();
    p.extend_from_slice(more);
    p
}

struct Lowerer<'a> {
    map: &'a SourceMap,
    diags: &'a mut Diagnostics,
    type_index: IndexMap<String, usize>,
}

/// Lowers one loaded spec.
pub fn lower(loaded: &LoadedSpec, diags: &mut Diagnostics) -> Api {
    lower_on_threads(loaded, diags, crate::two_cores())
}

/// Specs with this many types and more lower their types on two threads
/// (when allowed); below it a thread costs more than it saves.
const PARALLEL_FROM_TYPES: usize = 256;

/// [`lower`], on one thread unless `threads`; the result and the
/// diagnostics are the same either way.
pub(crate) fn lower_on_threads(loaded: &LoadedSpec, diags: &mut Diagnostics, threads: bool) -> Api {
    let spec = &loaded.spec;
    let map = &loaded.map;
    let type_index: IndexMap<String, usize> = spec
        .types
        .keys()
        .enumerate()
        .map(|(i, name)| (name.clone(), i))
        .collect();
    let mut l = Lowerer {
        map,
        diags,
        type_index,
    };

    let module = names::module(&spec.api);
    if let Some(why) = names::reserved_module(&spec.api) {
        l.diags.error_help(
            map.value(&[k("api")]),
            format!("API name `{}` cannot be a module name: {why}", spec.api),
            format!("use another name, e.g. `{}_api`", spec.api),
        );
    } else if module != spec.api {
        l.diags.error_help(
            map.value(&[k("api")]),
            format!("API name `{}` is not a snake_case identifier", spec.api),
            format!("use `{module}`"),
        );
    }
    let protocol = match spec.protocol {
        ProtocolSpec::RestJson => Protocol::RestJson,
        ProtocolSpec::RestMultipart => Protocol::RestMultipart,
        ProtocolSpec::JsonRpc => Protocol::JsonRpc,
    };
    let auth = match &spec.auth {
        AuthSpec::None => Auth::None,
        AuthSpec::Bearer => Auth::Bearer,
        AuthSpec::ApiKeyHeader { header } => {
            if http::HeaderName::from_bytes(header.as_bytes()).is_err() {
                l.diags.error(
                    map.value(&[k("auth"), k("header")]),
                    format!("`{header}` is not a valid HTTP header name"),
                );
            }
            Auth::ApiKeyHeader(header.clone())
        }
        AuthSpec::ParamsField { field } => {
            if protocol == Protocol::RestMultipart {
                l.diags.error(
                    map.value(&[k("auth"), k("scheme")]),
                    "`params_field` auth needs a JSON body; this API is multipart",
                );
            }
            Auth::ParamsField(field.clone())
        }
    };
    if let Some(url) = &spec.base_url {
        if let Err(why) = check_base_url(url) {
            l.diags.error_help(
                map.value(&[k("base_url")]),
                format!("base_url `{}` {why}", redact_userinfo(url)),
                "write it as https://host[/prefix], with no query, fragment or credentials",
            );
        }
    }

    let error_dialect = l.lower_error_dialect(spec.error_dialect.as_ref(), protocol);
    let mut types = l.lower_types(&spec.types, threads);
    l.lower_all_rules(&mut types, &spec.types);
    let endpoints = spec
        .endpoints
        .iter()
        .enumerate()
        .map(|(i, e)| l.lower_endpoint(e, &[k("endpoints"), Step::Index(i)], protocol))
        .collect::<Vec<_>>();

    let mut endpoints = endpoints;
    for (i, (endpoint, e)) in endpoints.iter_mut().zip(&spec.endpoints).enumerate() {
        let (accept, at) = match (&e.accept, &spec.accept) {
            (Some(a), _) => (a, vec![k("endpoints"), Step::Index(i), k("accept")]),
            (None, Some(a)) => (a, vec![k("accept")]),
            (None, None) => {
                endpoint.accept = default_accept(&endpoint.kind).to_owned();
                continue;
            }
        };
        if accept.trim().is_empty() || http::HeaderValue::from_str(accept).is_err() {
            l.diags.error_help(
                map.value(&at),
                format!("{accept:?} is not a valid Accept header value"),
                "write media ranges such as `application/json` or `application/json, text/plain;q=0.5`",
            );
        }
        endpoint.accept = accept.clone();
    }

    let mut api = Api {
        name: spec.api.clone(),
        module,
        file: map.file().to_string(),
        title: spec.title.clone(),
        doc: spec.doc.clone(),
        base_url: spec.base_url.clone(),
        protocol,
        auth,
        endpoints,
        types,
        error_dialect,
    };
    l.check_names(&mut api);
    assign_roles(&mut api, l.diags);
    box_recursive_fields(&mut api, l.diags);
    api
}

/// Marks the types used as `path_params` or `headers`. Such a type is used
/// there only: its values get checks (non-empty segment, header-safe text)
/// that would be wrong for the same type in a body.
fn assign_roles(api: &mut Api, diags: &mut Diagnostics) {
    let mut uses: Vec<Vec<&'static str>> = vec![Vec::new(); api.types.len()];
    for e in &api.endpoints {
        for (i, what) in [
            (e.path_params, "path_params"),
            (e.query, "query"),
            (e.headers, "headers"),
            (e.body, "body"),
        ] {
            if let Some(i) = i {
                uses[i].push(what);
            }
        }
    }
    let named = |s: &Shape, uses: &mut Vec<Vec<&'static str>>| {
        let mut s = s;
        while let ShapeKind::Array(inner) = &s.kind {
            s = inner;
        }
        if let ShapeKind::Named(i) = s.kind {
            uses[i].push("a field or response");
        }
    };
    for t in &api.types {
        if let TypeKind::Object { fields, .. } = &t.kind {
            for f in fields {
                named(&f.shape, &mut uses);
            }
        }
    }
    for e in &api.endpoints {
        match &e.kind {
            EndpointKind::Rest(rs) => rs
                .iter()
                .filter_map(|r| r.body.as_ref())
                .for_each(|b| named(b, &mut uses)),
            EndpointKind::JsonRpc { result, .. } => named(result, &mut uses),
        }
    }
    for (t, used) in api.types.iter_mut().zip(uses) {
        let role = if used.contains(&"path_params") {
            TypeRole::PathParams
        } else if used.contains(&"headers") {
            TypeRole::Headers
        } else {
            continue;
        };
        t.role = role;
        let own = if role == TypeRole::PathParams {
            "path_params"
        } else {
            "headers"
        };
        if let Some(other) = used.iter().find(|u| **u != own) {
            let other = if other.contains(' ') {
                (*other).to_owned()
            } else {
                format!("`{other}`")
            };
            diags.error_help(
                t.loc.clone(),
                format!("type `{}` is used as `{own}` and as {other}", t.name),
                format!("a `{own}` type is used only as `{own}`; give the other use its own type"),
            );
        }
    }
}

/// The object type a field holds without a `Vec` between, if any.
fn direct_object(api: &Api, f: &Field) -> Option<usize> {
    match f.shape.kind {
        ShapeKind::Named(j) if matches!(api.types[j].kind, TypeKind::Object { .. }) => Some(j),
        _ => None,
    }
}

/// The object type every valid value of the field must contain, if any:
/// a required, non-null object, or a required array of them that cannot
/// be empty.
fn mandatory_object(api: &Api, f: &Field) -> Option<usize> {
    if !f.required || f.nullable {
        return None;
    }
    match &f.shape.kind {
        ShapeKind::Array(inner) if f.shape.constraints.min_items.as_ref()?.value > 0 => match inner
            .kind
        {
            ShapeKind::Named(j) if matches!(api.types[j].kind, TypeKind::Object { .. }) => Some(j),
            _ => None,
        },
        _ => direct_object(api, f),
    }
}

/// Boxes every field that closes a cycle of directly contained objects
/// (a Rust type cannot contain itself without indirection), and rejects
/// cycles that every valid value must follow: they have no finite value.
fn box_recursive_fields(api: &mut Api, diags: &mut Diagnostics) {
    let edges = |pick: fn(&Api, &Field) -> Option<usize>| -> Vec<Vec<usize>> {
        api.types
            .iter()
            .map(|t| match &t.kind {
                TypeKind::Object { fields, .. } => {
                    fields.iter().filter_map(|f| pick(api, f)).collect()
                }
                TypeKind::Enum { .. } => Vec::new(),
            })
            .collect()
    };
    let direct = components(&edges(direct_object));
    let mandatory_edges = edges(mandatory_object);
    let mandatory = components(&mandatory_edges);
    let mut reported = std::collections::BTreeSet::new();
    for (i, t) in api.types.iter().enumerate() {
        let cyclic = mandatory_edges[i]
            .iter()
            .any(|&j| mandatory[j] == mandatory[i]);
        if !cyclic || !reported.insert(mandatory[i]) {
            continue;
        }
        let members: Vec<String> = api
            .types
            .iter()
            .enumerate()
            .filter(|(j, _)| mandatory[*j] == mandatory[i])
            .map(|(_, t)| format!("`{}`", t.name))
            .collect();
        diags.error_help(
            t.loc.clone(),
            format!(
                "type `{}` has no finite value: every value must contain {} again through required fields",
                t.name,
                members.join(", ")
            ),
            "make one of the fields on the cycle optional or nullable (or allow an empty array)",
        );
    }
    // A field whose object is in its owner's component closes a cycle
    // (enums have no edges, so they are never in an object's component).
    for (i, t) in api.types.iter_mut().enumerate() {
        if let TypeKind::Object { fields, .. } = &mut t.kind {
            for f in fields {
                if let ShapeKind::Named(j) = f.shape.kind {
                    f.boxed = direct[j] == direct[i];
                }
            }
        }
    }
}

/// The strongly connected component of every node (Kosaraju, iterative,
/// so deep type chains do not overflow the stack).
fn components(edges: &[Vec<usize>]) -> Vec<usize> {
    let n = edges.len();
    let mut order = Vec::with_capacity(n);
    let mut seen = vec![false; n];
    for start in 0..n {
        if seen[start] {
            continue;
        }
        seen[start] = true;
        let mut stack = vec![(start, 0)];
        while let Some((node, next)) = stack.pop() {
            if let Some(&to) = edges[node].get(next) {
                stack.push((node, next + 1));
                if !seen[to] {
                    seen[to] = true;
                    stack.push((to, 0));
                }
            } else {
                order.push(node);
            }
        }
    }
    let mut reverse = vec![Vec::new(); n];
    for (from, tos) in edges.iter().enumerate() {
        for &to in tos {
            reverse[to].push(from);
        }
    }
    let mut component = vec![usize::MAX; n];
    for (id, &root) in order.iter().rev().enumerate() {
        if component[root] != usize::MAX {
            continue;
        }
        component[root] = id;
        let mut stack = vec![root];
        while let Some(node) = stack.pop() {
            for &from in &reverse[node] {
                if component[from] == usize::MAX {
                    component[from] = id;
                    stack.push(from);
                }
            }
        }
    }
    component
}

impl Lowerer<'_> {
    /// Every type, in spec order. Types lower independently of each other,
    /// so with `threads` a large spec's second half is lowered on a thread
    /// of its own, with diagnostics of its own appended after the first
    /// half's: the very list one thread makes.
    fn lower_types(&mut self, types: &IndexMap<String, TypeSpec>, threads: bool) -> Vec<TypeDef> {
        let types: Vec<(&String, &TypeSpec)> = types.iter().collect();
        if !threads || types.len() < PARALLEL_FROM_TYPES {
            return types
                .into_iter()
                .map(|(n, t)| self.lower_type(n, t))
                .collect();
        }
        let (first, second) = types.split_at(types.len() / 2);
        let mut second_diags = Diagnostics::default();
        let mut other = Lowerer {
            map: self.map,
            diags: &mut second_diags,
            type_index: self.type_index.clone(),
        };
        let (mut out, rest) = std::thread::scope(|scope| {
            let lower_second =
                || -> Vec<TypeDef> { second.iter().map(|(n, t)| other.lower_type(n, t)).collect() };
            let spawned = std::thread::Builder::new().spawn_scoped(scope, lower_second);
            let out: Vec<TypeDef> = first.iter().map(|(n, t)| self.lower_type(n, t)).collect();
            let rest = match spawned {
                Ok(handle) => handle
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                // No thread to be had: lower them here.
                Err(_) => second.iter().map(|(n, t)| self.lower_type(n, t)).collect(),
            };
            (out, rest)
        });
        out.extend(rest);
        self.diags.append(second_diags);
        out
    }

    fn lower_type(&mut self, name: &String, t: &TypeSpec) -> TypeDef {
        {
            let path = [k("types"), k(name)];
            let loc = self.map.key(&path);
            let rust_name = names::type_name(name);
            let kind = match (&t.fields, &t.enum_values) {
                (Some(fields), None) => {
                    if t.open {
                        self.diags.error(
                            self.map.key(&with(&path, &[k("open")])),
                            format!("`open` applies to enums; `{name}` is an object"),
                        );
                    }
                    self.lower_object(fields, &path)
                }
                (None, Some(values)) => {
                    if !t.rules.is_empty() {
                        self.diags.error(
                            self.map.key(&with(&path, &[k("rules")])),
                            format!("`rules` apply to objects; `{name}` is an enum"),
                        );
                    }
                    TypeKind::Enum {
                        values: values
                            .iter()
                            .map(|v| EnumValue {
                                wire: v.value().to_owned(),
                                rust: names::variant(v.value()),
                                doc: v.doc().map(str::to_owned),
                            })
                            .collect(),
                        open: t.open,
                    }
                }
                (Some(_), Some(_)) => {
                    self.diags.error_help(
                        loc.clone(),
                        format!("type `{name}` has both `fields` and `enum`"),
                        "a type is either an object (`fields`) or an enum (`enum`)",
                    );
                    TypeKind::Enum {
                        values: vec![],
                        open: true,
                    }
                }
                (None, None) => {
                    self.diags.error_help(
                        loc.clone(),
                        format!("type `{name}` has neither `fields` nor `enum`"),
                        "give an object `fields: {}` or an enum `enum: [...]`",
                    );
                    TypeKind::Enum {
                        values: vec![],
                        open: true,
                    }
                }
            };
            let example = self.example(t.example.as_ref(), &with(&path, &[k("example")]));
            TypeDef {
                name: name.clone(),
                rust_name,
                doc: t.doc.clone(),
                kind,
                role: TypeRole::Any,
                example,
                loc,
            }
        }
    }

    /// An `example:` as JSON.
    fn example(&mut self, v: Option<&serde_yaml::Value>, path: &[Step]) -> Option<Example> {
        // `example: null` reads as no example; the key says it was written.
        let null = serde_yaml::Value::Null;
        let v = v.or_else(|| self.map.has_key(path).then_some(&null))?;
        let loc = self.map.value(path);
        match serde_json::to_value(v) {
            Ok(value) => Some(Example { value, loc }),
            Err(err) => {
                self.diags
                    .error(loc, format!("example is not a JSON value: {err}"));
                None
            }
        }
    }

    /// The fields of an object type; its rules are lowered once every type
    /// is known, because they may name fields of other types.
    fn lower_object(&mut self, fields: &IndexMap<String, TypeExpr>, path: &[Step]) -> TypeKind {
        let mut out = Vec::with_capacity(fields.len());
        for (wire, expr) in fields {
            let fpath = with(path, &[k("fields"), k(wire)]);
            let e = &expr.0;
            let shape = self.lower_shape(e, &fpath);
            let dpath = with(&fpath, &[k("default")]);
            // `default: null` reads as no default; the key says it was written.
            let null_default = (e.default.is_none() && self.map.has_key(&dpath))
                .then_some(serde_yaml::Value::Null);
            let default =
                e.default.as_ref().or(null_default.as_ref()).and_then(
                    |d| match serde_json::to_value(d) {
                        Ok(v) => Some(v),
                        Err(err) => {
                            self.diags.error(
                                self.map.value(&with(&fpath, &[k("default")])),
                                format!("default is not a JSON value: {err}"),
                            );
                            None
                        }
                    },
                );
            let rust = match &e.rust_name {
                Some(r) => {
                    // Through names::field, so keywords become raw identifiers,
                    // and only snake_case is accepted: the rules statics are
                    // named from it and must stay distinct.
                    let snake = names::field(r);
                    if snake.trim_start_matches("r#") != r {
                        self.diags.error_help(
                            self.map.value(&with(&fpath, &[k("rust_name")])),
                            format!("rust_name `{r}` is not a snake_case Rust identifier"),
                            format!("use `{}`", snake.trim_start_matches("r#")),
                        );
                    }
                    snake
                }
                None => names::field(wire),
            };
            let tri_state = e.tri_state.unwrap_or(false);
            let example = self.example(e.example.as_ref(), &with(&fpath, &[k("example")]));
            out.push(Field {
                wire: wire.clone(),
                rust,
                doc: e.doc.clone(),
                shape,
                required: e.required.unwrap_or(false),
                // A tri-state field takes `null` by definition.
                nullable: e.nullable.unwrap_or(tri_state),
                default,
                tri_state,
                boxed: false,
                example,
                loc: self.map.key(&fpath),
            });
        }
        TypeKind::Object {
            fields: out,
            rules: Vec::new(),
        }
    }

    /// The rules of every object type, resolved against all types.
    fn lower_all_rules(&mut self, types: &mut [TypeDef], specs: &IndexMap<String, TypeSpec>) {
        for (ty, (name, t)) in specs.iter().enumerate() {
            if !matches!(types[ty].kind, TypeKind::Object { .. }) {
                continue;
            }
            let path = [k("types"), k(name)];
            let lowered: Vec<Rule> = t
                .rules
                .iter()
                .enumerate()
                .filter_map(|(i, r)| {
                    self.lower_rule(r, types, ty, &with(&path, &[k("rules"), Step::Index(i)]))
                })
                .collect();
            if let TypeKind::Object { rules, .. } = &mut types[ty].kind {
                *rules = lowered;
            }
        }
    }

    /// Resolves a rule's field name (`email`, or `requester.email` inside a
    /// nested object) from object type `ty`. A wire name may itself hold
    /// dots, so a whole remaining name that is a field wins over a split.
    fn field_path(
        &mut self,
        types: &[TypeDef],
        ty: usize,
        name: &str,
        loc: Loc,
    ) -> Option<FieldPath> {
        let mut steps = Vec::new();
        let mut ty = ty;
        let mut rest = name;
        loop {
            let TypeKind::Object { fields, .. } = &types[ty].kind else {
                return None;
            };
            let whole = fields.iter().position(|f| f.wire == rest);
            let split = || {
                rest.match_indices('.').find_map(|(at, _)| {
                    let head = &rest[..at];
                    fields
                        .iter()
                        .position(|f| f.wire == head)
                        .map(|i| (i, &rest[at + 1..]))
                })
            };
            let (field, tail) = match whole {
                Some(i) => (i, None),
                None => match split() {
                    Some((i, tail)) => (i, Some(tail)),
                    None => {
                        let known: Vec<&str> = fields.iter().map(|f| f.wire.as_str()).collect();
                        let full = if steps.is_empty() {
                            format!("`{name}`")
                        } else {
                            format!("`{rest}` (in `{name}`)")
                        };
                        self.diags.error_help(
                            loc,
                            format!("rule names unknown field {full}"),
                            format!("fields of `{}`: {}", types[ty].name, known.join(", ")),
                        );
                        return None;
                    }
                },
            };
            steps.push(FieldStep { ty, field });
            let Some(tail) = tail else {
                return Some(FieldPath { steps });
            };
            let f = &fields[field];
            let through = |what: &str| {
                format!(
                    "rule names `{name}`, but `{}` is {what}, so it has no field `{tail}`",
                    f.wire
                )
            };
            let problem = match &f.shape.kind {
                ShapeKind::Named(j) if matches!(types[*j].kind, TypeKind::Object { .. }) => {
                    ty = *j;
                    rest = tail;
                    continue;
                }
                ShapeKind::Array(_) => (
                    through("an array"),
                    "a rule cannot reach into array items (which item would it mean?); put the rule on the item type instead",
                ),
                ShapeKind::Json | ShapeKind::JsonObject => (
                    through("free-form JSON"),
                    "free-form members are not fields; give the value an object type with `fields`",
                ),
                _ => (
                    through("not an object"),
                    "only fields of nested object types can be named with `.`",
                ),
            };
            self.diags.error_help(loc, problem.0, problem.1);
            return None;
        }
    }

    fn lower_rule(
        &mut self,
        r: &RuleSpec,
        types: &[TypeDef],
        ty: usize,
        path: &[Step],
    ) -> Option<Rule> {
        let kinds = [
            r.at_least_one_of.is_some(),
            r.exactly_one_of.is_some(),
            r.required_if.is_some(),
        ];
        if kinds.iter().filter(|b| **b).count() != 1 {
            self.diags.error_help(
                self.map.value(path),
                "a rule needs exactly one of `at_least_one_of`, `exactly_one_of`, `required_if`",
                "write each rule as its own list item",
            );
            return None;
        }
        let message = r.message.clone();
        let list = |this: &mut Self, key: &str, names: &[String]| -> Option<Vec<FieldPath>> {
            if names.len() < 2 {
                this.diags.error(
                    this.map.value(&with(path, &[k(key)])),
                    format!("`{key}` needs at least two fields"),
                );
            }
            let idx: Vec<Option<FieldPath>> = names
                .iter()
                .enumerate()
                .map(|(i, n)| {
                    let loc = this.map.value(&with(path, &[k(key), Step::Index(i)]));
                    this.field_path(types, ty, n, loc)
                })
                .collect();
            idx.into_iter().collect()
        };
        if let Some(names) = &r.at_least_one_of {
            let fields = list(self, "at_least_one_of", names)?;
            return Some(Rule::AtLeastOneOf { fields, message });
        }
        if let Some(names) = &r.exactly_one_of {
            let fields = list(self, "exactly_one_of", names)?;
            return Some(Rule::ExactlyOneOf { fields, message });
        }
        let ri = r.required_if.as_ref()?;
        let rp = with(path, &[k("required_if")]);
        let field = self.field_path(
            types,
            ty,
            &ri.field,
            self.map.value(&with(&rp, &[k("field")])),
        );
        let when = self.field_path(
            types,
            ty,
            &ri.when,
            self.map.value(&with(&rp, &[k("when")])),
        );
        let equals = match serde_json::to_value(&ri.equals) {
            Ok(v) => v,
            Err(e) => {
                self.diags.error(
                    self.map.value(&with(&rp, &[k("equals")])),
                    format!("`equals` is not a JSON value: {e}"),
                );
                return None;
            }
        };
        Some(Rule::RequiredIf {
            field: field?,
            when: when?,
            equals,
            message,
        })
    }

    fn limit<T: Clone>(
        &self,
        c: &Option<Constraint<T>>,
        path: &[Step],
        key: &str,
    ) -> Option<Limit<T>> {
        c.as_ref().map(|c| {
            let (value, message) = c.split();
            Limit {
                value,
                message,
                loc: self.map.value(&with(path, &[k(key)])),
            }
        })
    }

    /// A `minimum`/`maximum` as a number bound or a date-time bound; the
    /// checker says which kinds each applies to.
    fn bound(
        &self,
        c: &Option<Constraint<Bound>>,
        path: &[Step],
        key: &str,
    ) -> (Option<Limit<f64>>, Option<Limit<String>>) {
        let Some(c) = c else { return (None, None) };
        let (value, message) = c.split();
        let loc = self.map.value(&with(path, &[k(key)]));
        match value {
            Bound::Number(value) => (
                Some(Limit {
                    value,
                    message,
                    loc,
                }),
                None,
            ),
            Bound::Instant(value) => (
                None,
                Some(Limit {
                    value,
                    message,
                    loc,
                }),
            ),
        }
    }

    fn flag(&self, f: &Option<Flag>, path: &[Step], key: &str) -> Option<Limit<()>> {
        f.as_ref().and_then(Flag::get).map(|message| Limit {
            value: (),
            message,
            loc: self.map.value(&with(path, &[k(key)])),
        })
    }

    /// Lowers a type expression. `path` is where it is written.
    fn lower_shape(&mut self, e: &TypeExprFull, path: &[Step]) -> Shape {
        let constraints = Constraints {
            pattern: self.limit(&e.pattern, path, "pattern"),
            min_length: self.limit(&e.min_length, path, "min_length"),
            max_length: self.limit(&e.max_length, path, "max_length"),
            minimum: self.bound(&e.minimum, path, "minimum").0,
            maximum: self.bound(&e.maximum, path, "maximum").0,
            exclusive_minimum: self.limit(&e.exclusive_minimum, path, "exclusive_minimum"),
            exclusive_maximum: self.limit(&e.exclusive_maximum, path, "exclusive_maximum"),
            min_items: self.limit(&e.min_items, path, "min_items"),
            max_items: self.limit(&e.max_items, path, "max_items"),
            not_blank: self.flag(&e.not_blank, path, "not_blank"),
            not_future: self.flag(&e.not_future, path, "not_future"),
            not_past: self.flag(&e.not_past, path, "not_past"),
            earliest: self.bound(&e.minimum, path, "minimum").1,
            latest: self.bound(&e.maximum, path, "maximum").1,
            min_properties: self.limit(&e.min_properties, path, "min_properties"),
            max_properties: self.limit(&e.max_properties, path, "max_properties"),
        };
        let ty_path = with(path, &[k("type")]);
        let Some(ty) = e.ty.as_deref() else {
            self.diags.error_help(
                self.map.value(path),
                "missing `type`",
                "give a scalar type (string, integer, …), `array`, or a type name",
            );
            return Shape {
                kind: ShapeKind::String,
                constraints,
            };
        };
        if e.format.is_some() && ty != "datetime" {
            self.diags.error(
                self.map.key(&with(path, &[k("format")])),
                format!("`format` applies to `datetime`, not `{ty}`"),
            );
        }
        if e.items.is_some() && ty != "array" {
            self.diags.error(
                self.map.key(&with(path, &[k("items")])),
                format!("`items` applies to `array`, not `{ty}`"),
            );
        }
        let kind = match ty {
            "string" => ShapeKind::String,
            "integer" => ShapeKind::Integer,
            "number" => ShapeKind::Number,
            "boolean" => ShapeKind::Boolean,
            "uuid" => ShapeKind::Uuid,
            "email" => ShapeKind::Email,
            "phone" => ShapeKind::Phone,
            "bytes" => ShapeKind::Bytes,
            "json" => ShapeKind::Json,
            "object" => ShapeKind::JsonObject,
            "datetime" => match e.format.as_deref() {
                None | Some("rfc3339") => ShapeKind::DateTime(DateTimeFormat::Rfc3339),
                Some(f) => {
                    if let Err(why) = specgen_runtime::formats::check_custom_format(f) {
                        self.diags.error_help(
                            self.map.value(&with(path, &[k("format")])),
                            format!("invalid date-time format `{f}`: {why}"),
                            "use `rfc3339` or tokens such as `YYYY-MM-DD hh:mm:ss`",
                        );
                    }
                    ShapeKind::DateTime(DateTimeFormat::Custom(f.to_owned()))
                }
            },
            "array" => match &e.items {
                Some(items) => {
                    let ipath = with(path, &[k("items")]);
                    self.reject_field_keys(&items.0, &ipath);
                    ShapeKind::Array(Box::new(self.lower_shape(&items.0, &ipath)))
                }
                None => {
                    self.diags.error_help(
                        self.map.value(path),
                        "`array` needs `items`",
                        "add e.g. `items: string` or `items: Chat`",
                    );
                    ShapeKind::Array(Box::new(Shape {
                        kind: ShapeKind::String,
                        constraints: Constraints::default(),
                    }))
                }
            },
            name => match self.type_index.get(name) {
                Some(&i) => ShapeKind::Named(i),
                None => {
                    let known: Vec<&str> = self.type_index.keys().map(String::as_str).collect();
                    let help = match closest(name, &known) {
                        Some(c) => format!("did you mean `{c}`?"),
                        None => format!(
                            "built-in types: {}; types in this spec: {}",
                            SCALARS.join(", "),
                            if known.is_empty() {
                                "none".to_owned()
                            } else {
                                known.join(", ")
                            }
                        ),
                    };
                    self.diags.error_help(
                        self.map.value(&ty_path),
                        format!("unknown type `{name}`"),
                        help,
                    );
                    ShapeKind::String
                }
            },
        };
        Shape { kind, constraints }
    }

    /// `items` and response bodies are types, not fields.
    fn reject_field_keys(&mut self, e: &TypeExprFull, path: &[Step]) {
        let keys = [
            ("required", e.required.is_some()),
            ("nullable", e.nullable.is_some()),
            (
                "default",
                e.default.is_some() || self.map.has_key(&with(path, &[k("default")])),
            ),
            ("rust_name", e.rust_name.is_some()),
            ("tri_state", e.tri_state.is_some()),
            ("example", e.example.is_some()),
        ];
        for (key, set) in keys {
            if set {
                self.diags.error(
                    self.map.key(&with(path, &[k(key)])),
                    format!("`{key}` applies to fields, not to array items or response bodies"),
                );
            }
        }
    }

    fn object_ref(&mut self, name: &Option<String>, path: &[Step], what: &str) -> Option<usize> {
        let name = name.as_ref()?;
        match self.type_index.get(name) {
            Some(&i) => Some(i),
            None => {
                let known: Vec<&str> = self.type_index.keys().map(String::as_str).collect();
                let help = closest(name, &known).map_or_else(
                    || "define it under `types`".to_owned(),
                    |c| format!("did you mean `{c}`?"),
                );
                self.diags.error_help(
                    self.map.value(path),
                    format!("unknown {what} type `{name}`"),
                    help,
                );
                None
            }
        }
    }

    fn lower_endpoint(&mut self, e: &EndpointSpec, path: &[Step], protocol: Protocol) -> Endpoint {
        // The endpoint is pointed at by its name, the first thing a reader looks for.
        let loc = self.map.value(&with(path, &[k("name")]));
        let rust_name = names::field(&e.name);
        if rust_name.trim_start_matches("r#") != e.name {
            self.diags.error_help(
                self.map.value(&with(path, &[k("name")])),
                format!("endpoint name `{}` is not snake_case", e.name),
                format!("use `{rust_name}`"),
            );
        }
        let ppath = with(path, &[k("path")]);
        match check_path(&e.path) {
            Err((why, help)) => self.diags.error_help(
                self.map.value(&ppath),
                format!("path `{}` {why}", e.path),
                help,
            ),
            Ok(params) if !params.is_empty() && protocol == Protocol::JsonRpc => {
                self.diags.error_help(
                    self.map.value(&ppath),
                    format!("path `{}` has a `{{…}}` template", e.path),
                    "a JSON-RPC endpoint has one fixed URL; send the value in the params",
                );
            }
            Ok(params) if !params.is_empty() && e.path_params.is_none() => {
                self.diags.error_help(
                    self.map.value(&ppath),
                    format!(
                        "path `{}` names `{{{}}}` but the endpoint has no `path_params`",
                        e.path, params[0]
                    ),
                    "add `path_params: <an object type with a field per {name}>`",
                );
            }
            Ok(params) if params.is_empty() && e.path_params.is_some() => {
                self.diags.error_help(
                    self.map.key(&with(path, &[k("path_params")])),
                    format!(
                        "path `{}` has no `{{name}}` segment for `path_params`",
                        e.path
                    ),
                    "write each parameter into the path as a whole segment, e.g. /tickets/{id}",
                );
            }
            Ok(_) => {}
        }
        let path_params = self.object_ref(
            &e.path_params,
            &with(path, &[k("path_params")]),
            "path_params",
        );
        let query = self.object_ref(&e.query, &with(path, &[k("query")]), "query");
        let headers = self.object_ref(&e.headers, &with(path, &[k("headers")]), "headers");
        let body = self.object_ref(&e.body, &with(path, &[k("body")]), "body");
        let (method, kind) = if protocol == Protocol::JsonRpc {
            for (key, set) in [
                ("method", e.method.is_some()),
                ("responses", e.responses.is_some()),
                ("query", e.query.is_some()),
                ("path_params", e.path_params.is_some()),
                ("headers", e.headers.is_some()),
            ] {
                if set {
                    self.diags.error_help(
                        self.map.key(&with(path, &[k(key)])),
                        format!("`{key}` does not apply to a JSON-RPC endpoint"),
                        "JSON-RPC endpoints take `rpc_method`, `path`, `body` (the params) and `result`",
                    );
                }
            }
            let rpc_method = e.rpc_method.clone().unwrap_or_else(|| {
                self.diags.error(
                    loc.clone(),
                    format!("JSON-RPC endpoint `{}` needs `rpc_method`", e.name),
                );
                String::new()
            });
            let result = match &e.result {
                Some(r) => {
                    let rp = with(path, &[k("result")]);
                    self.lower_shape(
                        &TypeExprFull {
                            ty: Some(r.clone()),
                            ..TypeExprFull::default()
                        },
                        &rp,
                    )
                }
                None => {
                    self.diags.error(
                        loc.clone(),
                        format!("JSON-RPC endpoint `{}` needs `result`", e.name),
                    );
                    Shape {
                        kind: ShapeKind::String,
                        constraints: Constraints::default(),
                    }
                }
            };
            (
                "POST".to_owned(),
                EndpointKind::JsonRpc {
                    rpc_method,
                    result: Box::new(result),
                },
            )
        } else {
            for (key, set) in [
                ("rpc_method", e.rpc_method.is_some()),
                ("result", e.result.is_some()),
            ] {
                if set {
                    self.diags.error(
                        self.map.key(&with(path, &[k(key)])),
                        format!("`{key}` applies to JSON-RPC endpoints only"),
                    );
                }
            }
            let method = match e.method.as_deref() {
                Some(m @ ("GET" | "POST" | "PUT" | "PATCH" | "DELETE")) => m.to_owned(),
                Some(other) => {
                    self.diags.error_help(
                        self.map.value(&with(path, &[k("method")])),
                        format!("unknown HTTP method `{other}`"),
                        "use GET, POST, PUT, PATCH or DELETE (upper case)",
                    );
                    "POST".to_owned()
                }
                None => {
                    self.diags
                        .error(loc.clone(), format!("endpoint `{}` needs `method`", e.name));
                    "POST".to_owned()
                }
            };
            let mut responses = Vec::new();
            match &e.responses {
                Some(rs) if !rs.is_empty() => {
                    for (status, r) in rs {
                        let rpath = with(path, &[k("responses"), k(status)]);
                        let code = match status.parse::<u16>() {
                            Ok(c) if (100..=599).contains(&c) => c,
                            _ => {
                                self.diags.error(
                                    self.map.key(&rpath),
                                    format!("`{status}` is not an HTTP status code (100-599)"),
                                );
                                continue;
                            }
                        };
                        let body = r.body.as_ref().map(|b| {
                            let bpath = with(&rpath, &[k("body")]);
                            self.reject_field_keys(&b.0, &bpath);
                            self.lower_shape(&b.0, &bpath)
                        });
                        responses.push(Response {
                            status: code,
                            error: r.error,
                            doc: r.doc.clone(),
                            body,
                            variant: names::status_variant(code),
                        });
                    }
                }
                _ => self.diags.error_help(
                    loc.clone(),
                    format!("endpoint `{}` documents no response", e.name),
                    "add `responses: {\"200\": {}}` at least",
                ),
            }
            (method, EndpointKind::Rest(responses))
        };
        Endpoint {
            name: e.name.clone(),
            rust_name,
            type_prefix: names::type_name(&e.name),
            summary: e.summary.clone(),
            doc: e.doc.clone(),
            method,
            path: e.path.clone(),
            path_params,
            query,
            headers,
            body,
            accept: String::new(),
            kind,
            loc,
        }
    }

    /// Duplicate and colliding names, within one API.
    fn check_names(&mut self, api: &mut Api) {
        let mut taken: BTreeMap<String, (String, Loc)> = BTreeMap::new();
        for t in &api.types {
            if names::is_reserved_type_name(&t.rust_name) {
                self.diags.error_help(
                    t.loc.clone(),
                    format!("type name `{}` is reserved for generated code", t.name),
                    "rename the type",
                );
            }
            if let Some((other, _)) =
                taken.insert(t.rust_name.clone(), (t.name.clone(), t.loc.clone()))
            {
                self.diags.error_help(
                    t.loc.clone(),
                    format!(
                        "types `{other}` and `{}` both become the Rust type `{}`",
                        t.name, t.rust_name
                    ),
                    "rename one of them",
                );
            }
        }
        let mut endpoint_names: BTreeMap<&str, &Loc> = BTreeMap::new();
        let mut prefixes: BTreeMap<String, &str> = BTreeMap::new();
        // Client methods each endpoint needs, and the client's own.
        let mut methods: BTreeMap<String, String> = ["new", "with_transport", "core"]
            .iter()
            .map(|m| (m.to_string(), "the client itself".to_owned()))
            .collect();
        for e in &api.endpoints {
            if endpoint_names.insert(&e.name, &e.loc).is_some() {
                self.diags.error(
                    e.loc.clone(),
                    format!("duplicate endpoint name `{}`", e.name),
                );
                continue;
            }
            let bare = e.rust_name.trim_start_matches("r#");
            for m in [
                bare.to_owned(),
                format!("{bare}_request"),
                format!("{bare}_response"),
                format!("{bare}_batched"),
            ] {
                if let Some(other) = methods.insert(m.clone(), format!("endpoint `{}`", e.name)) {
                    self.diags.error_help(
                        e.loc.clone(),
                        format!("endpoint `{}` needs the client method `{m}`, which {other} already uses", e.name),
                        "rename the endpoint",
                    );
                }
            }
            let generated = format!("{}Response", e.type_prefix);
            if let Some(other) = prefixes.insert(e.type_prefix.clone(), &e.name) {
                self.diags.error_help(
                    e.loc.clone(),
                    format!(
                        "endpoints `{other}` and `{}` both generate the type `{generated}`",
                        e.name
                    ),
                    "rename one of them",
                );
            }
            if let Some((other, _)) = taken.get(&generated) {
                self.diags.error_help(
                    e.loc.clone(),
                    format!("endpoint `{}` generates the type `{generated}`, which type `{other}` already is", e.name),
                    "rename the type or the endpoint",
                );
            }
        }
        for t in &api.types {
            match &t.kind {
                TypeKind::Object { fields, .. } => {
                    let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
                    for f in fields {
                        if let Some(other) = seen.insert(&f.rust, &f.wire) {
                            self.diags.error_help(
                                f.loc.clone(),
                                format!("fields `{other}` and `{}` of `{}` both become the Rust field `{}`", f.wire, t.name, f.rust),
                                "give one of them a `rust_name`",
                            );
                        }
                    }
                }
                TypeKind::Enum { values, .. } => {
                    let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
                    for v in values {
                        if let Some(other) = seen.insert(&v.rust, &v.wire) {
                            let msg = if other == v.wire {
                                format!("enum `{}` lists `{}` twice", t.name, v.wire)
                            } else {
                                format!("values `{other}` and `{}` of `{}` both become the variant `{}`", v.wire, t.name, v.rust)
                            };
                            self.diags.error(t.loc.clone(), msg);
                        }
                        if v.rust == "Other" {
                            self.diags.error(t.loc.clone(), format!("enum `{}`: the variant name `Other` is reserved for unknown values", t.name));
                        }
                    }
                }
            }
        }
    }
}

/// The closest known name by edit distance, if it is close enough to be a typo.
/// The answers of a protocol whose spec declares no `error_dialect`: every
/// error as `validate` prints it, under `errors` (REST) or in the JSON-RPC
/// error's `data` with code -32602 (Invalid params).
fn default_error_answer(protocol: Protocol, unauthorized: bool) -> ErrorAnswer {
    let each = serde_json::json!({"each_error": {"path": "{path}", "code": "{code}", "message": "{message}"}});
    let denied = serde_json::json!({"path": "", "code": "unauthorized", "message": "missing or malformed credentials"});
    match (protocol, unauthorized) {
        (Protocol::JsonRpc, false) => ErrorAnswer {
            status: 200,
            body: serde_json::json!({"code": -32602, "message": "Invalid params", "data": [each]}),
        },
        // -32001: the implementation-defined server error range of JSON-RPC 2.0.
        (Protocol::JsonRpc, true) => ErrorAnswer {
            status: 200,
            body: serde_json::json!({"code": -32001, "message": "Unauthorized", "data": [denied]}),
        },
        (_, false) => ErrorAnswer {
            status: 400,
            body: serde_json::json!({"errors": [each]}),
        },
        (_, true) => ErrorAnswer {
            status: 401,
            body: serde_json::json!({"errors": [denied]}),
        },
    }
}

/// Where an `each_error` item is malformed, as a message.
fn template_problem(v: &serde_json::Value) -> Option<String> {
    match v {
        serde_json::Value::Array(items) => items.iter().find_map(|item| match item {
            serde_json::Value::Object(m) if m.contains_key("each_error") && m.len() != 1 => {
                Some("an `each_error` item must be a mapping with that one key".to_owned())
            }
            serde_json::Value::Object(m) if m.len() == 1 && m.contains_key("each_error") => {
                template_problem(&m["each_error"])
            }
            other => template_problem(other),
        }),
        serde_json::Value::Object(m) => m.iter().find_map(|(k, v)| {
            if k == "each_error" {
                Some("`each_error` may only be an item of an array".to_owned())
            } else {
                template_problem(v)
            }
        }),
        _ => None,
    }
}

impl Lowerer<'_> {
    fn lower_error_dialect(
        &mut self,
        spec: Option<&ErrorDialectSpec>,
        protocol: Protocol,
    ) -> ErrorDialect {
        let mut answer = |which: &str, given: Option<&ErrorAnswerSpec>, unauthorized: bool| {
            let default = default_error_answer(protocol, unauthorized);
            let Some(given) = given else { return default };
            let at = [k("error_dialect"), k(which)];
            if let Some(problem) = template_problem(&given.body) {
                self.diags.error_help(
                    self.map.value(&with(&at, &[k("body")])),
                    format!("invalid error template: {problem}"),
                    "write `- each_error: {code: \"{code}\", message: \"{message}\"}` as an array item",
                );
            }
            let status = match (protocol, given.status) {
                (Protocol::JsonRpc, Some(_)) => {
                    self.diags.error_help(
                        self.map.value(&with(&at, &[k("status")])),
                        "a JSON-RPC error is sent with HTTP status 200; `status` does not apply",
                        "remove `status`; `body` is the envelope's `error` member",
                    );
                    200
                }
                (Protocol::JsonRpc, None) => {
                    let ok = given
                        .body
                        .get("code")
                        .is_some_and(serde_json::Value::is_i64)
                        && given
                            .body
                            .get("message")
                            .is_some_and(serde_json::Value::is_string);
                    if !ok {
                        self.diags.error_help(
                            self.map.value(&with(&at, &[k("body")])),
                            "a JSON-RPC error needs an integer `code` and a string `message`",
                            "e.g. `body: {code: -32602, message: Invalid params}`",
                        );
                    }
                    200
                }
                (_, Some(s)) if !(400..=499).contains(&s) => {
                    self.diags.error_help(
                        self.map.value(&with(&at, &[k("status")])),
                        format!("status {s} is not a client error"),
                        "use a 4xx status",
                    );
                    default.status
                }
                (_, Some(s)) => s,
                (_, None) => default.status,
            };
            ErrorAnswer {
                status,
                body: given.body.clone(),
            }
        };
        let spec_invalid = spec.and_then(|s| s.invalid.as_ref());
        let spec_unauthorized = spec.and_then(|s| s.unauthorized.as_ref());
        ErrorDialect {
            invalid: answer("invalid", spec_invalid, false),
            unauthorized: answer("unauthorized", spec_unauthorized, true),
        }
    }
}

fn closest<'a>(name: &str, known: &[&'a str]) -> Option<&'a str> {
    known
        .iter()
        .chain(SCALARS.iter())
        .map(|k| {
            (
                strsim::levenshtein(&name.to_lowercase(), &k.to_lowercase()),
                *k,
            )
        })
        .filter(|(d, _)| *d <= 2)
        .min()
        .map(|(_, k)| k)
}

/// Why a `base_url` cannot be the base of every request, if it cannot.
fn check_base_url(text: &str) -> Result<(), String> {
    let url = url::Url::parse(text).map_err(|e| format!("is not an absolute URL: {e}"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(format!(
            "has the scheme `{}`, not http or https",
            url.scheme()
        ));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err("has no host".into());
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err("holds credentials; they belong in the client's auth".into());
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err("has a query or a fragment, which a path cannot follow".into());
    }
    // The client sends with `http::Uri`, which takes only ASCII URLs as written.
    if text.parse::<http::Uri>().is_err() {
        return Err("has characters that must be percent-encoded (or punycode in the host)".into());
    }
    Ok(())
}

/// The URL with any `user:password@` shown as `***@`: a diagnostic must
/// not echo a credential.
fn redact_userinfo(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    match rest[..authority_end].rfind('@') {
        Some(at) => format!("{scheme}://***{}", &rest[at..]),
        None => url.to_owned(),
    }
}

/// Whether `name` can be a `{name}` path parameter: the wire name of a
/// field, in the characters a template can hold unambiguously.
fn is_param_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

/// The `{name}` parameters of an endpoint path, in order; or why the path
/// cannot be appended to a base URL as it is, and how to fix it.
fn check_path(path: &str) -> Result<Vec<String>, (String, &'static str)> {
    let Some(rest) = path.strip_prefix('/') else {
        return Err(("must start with `/`".into(), "write it as /segment/segment"));
    };
    let mut params: Vec<String> = Vec::new();
    for segment in rest.split('/') {
        if !segment.contains(['{', '}']) {
            continue;
        }
        let name = segment
            .strip_prefix('{')
            .and_then(|s| s.strip_suffix('}'))
            .filter(|n| is_param_name(n))
            .ok_or((
                format!("has the segment `{segment}`, which is not a whole `{{name}}` parameter"),
                "a parameter fills a whole segment (/tickets/{id}); its name is letters, digits, `_`, `-` or `.`",
            ))?;
        if params.iter().any(|p| p == name) {
            return Err((
                format!("names `{{{name}}}` twice"),
                "each path parameter fills one segment; rename one of them",
            ));
        }
        params.push(name.to_owned());
    }
    if let Some(c) = path.chars().find(|c| matches!(c, '?' | '#')) {
        return Err((
            format!("holds `{c}`: a query or fragment is not part of a path"),
            "send query values through the endpoint's `query` type",
        ));
    }
    if rest.starts_with('/') {
        return Err((
            "starts with `//`, which reads as another host".into(),
            "start it with a single `/`",
        ));
    }
    // RFC 3986 `pchar` (unreserved, sub-delims, `:`, `@`, `%XX`), and the
    // braces of the whole-segment templates checked above.
    let allowed = |c: char| c.is_ascii_alphanumeric() || "-._~!$&'()*+,;=:@/%{}".contains(c);
    if let Some(c) = path.chars().find(|c| !allowed(*c)) {
        return Err((
            format!("holds {c:?}, which cannot appear in a URL path"),
            "percent-encode it (e.g. a space as %20), or leave it out",
        ));
    }
    for segment in rest.split('/').filter(|s| !s.starts_with('{')) {
        let decoded = percent_decode(segment).ok_or((
            format!("has a `%` in `{segment}` that is not followed by two hex digits"),
            "write `%` itself as %25",
        ))?;
        if decoded == "." || decoded == ".." {
            return Err((
                format!(
                    "has the dot segment `{segment}`, which would move out of the base URL's path"
                ),
                "remove the dot segment",
            ));
        }
    }
    Ok(params)
}

/// `%XX` decoded, or `None` when a `%` has no two hex digits after it.
fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                return None;
            }
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    Some(String::from_utf8_lossy(&out).into_owned())
}

/// `application/json` when a JSON body can come back (every JSON-RPC call,
/// a REST endpoint with a documented body), else `*/*`.
fn default_accept(kind: &EndpointKind) -> &'static str {
    match kind {
        EndpointKind::JsonRpc { .. } => "application/json",
        EndpointKind::Rest(responses) if responses.iter().any(|r| r.body.is_some()) => {
            "application/json"
        }
        EndpointKind::Rest(_) => "*/*",
    }
}

#[cfg(test)]
mod tests {
    use std::fmt::Write as _;

    use super::*;

    /// Lowering the types of a large spec in two halves on two threads
    /// gives the IR and the diagnostics, in order, that one thread gives,
    /// with mistakes in both halves.
    #[test]
    fn types_lowered_on_two_threads_are_the_types_lowered_on_one() {
        let n = PARALLEL_FROM_TYPES * 2;
        let mut text = String::from(
            "api: many\ntitle: Many\nprotocol: rest_json\nauth: {scheme: none}\nendpoints:\n  - {name: send, method: POST, path: /send, body: T0, responses: {\"204\": {}}}\ntypes:\n",
        );
        for i in 0..n {
            let next = if i + 1 < n {
                format!("T{}", i + 1)
            } else {
                "string".into()
            };
            let _ = writeln!(text, "  T{i}:\n    fields:\n      name: {{type: string, max_length: 64}}\n      next: {next}");
            // A mistake every 100 types, so both halves report some.
            if i % 100 == 7 {
                let _ = writeln!(
                    text,
                    "    open: true\n    example: {{name: [1, {{a: .nan}}]}}"
                );
            }
        }
        let lowered = |threads: bool| {
            let mut diags = Diagnostics::default();
            let loaded = crate::spec::load("many.yaml", &text, &mut diags).expect("the spec loads");
            let api = lower_on_threads(&loaded, &mut diags, threads);
            let list = diags.into_sorted();
            (format!("{api:?}"), list)
        };
        let (one, one_diags) = lowered(false);
        let (two, two_diags) = lowered(true);
        assert!(one_diags.len() >= 4, "{one_diags:?}");
        assert_eq!(two_diags, one_diags);
        assert!(one == two, "the IR differs");
    }
}
