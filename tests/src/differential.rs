//! The differential judge shared by `tests/differential.rs` (the seed specs)
//! and the soundness test (random specs): payloads drawn by proptest from
//! the IR, judged by our generated JSON validator, by the typed path
//! (serde, then `validate()`), and by the `jsonschema` crate on the schema
//! specgen exports; see `tests/differential.rs` for the whole story and
//! [`typed_gap`]/[`schema_gap`] for the known differences it excuses.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use base64::Engine as _;
use proptest::prelude::*;
use proptest::sample::select;
use proptest::strategy::{BoxedStrategy, ValueTree};
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use serde_json::{json, Map, Value};
use specgen::ir::{
    common_object, Api, Constraints, DateTimeFormat, Field, Rule, Shape, ShapeKind, TypeKind,
};
use specgen_runtime::time::{Duration, OffsetDateTime};
use specgen_runtime::ValidationErrors;

/// A boxed strategy.
pub type S<T> = BoxedStrategy<T>;

/// The injected "now": 2025-06-01T00:00:00Z.
pub fn now() -> OffsetDateTime {
    crate::fixed_now()
}

// ---------------------------------------------------------------------------
// The typed path.

/// What the typed path made of a payload.
#[derive(Debug)]
pub enum Typed {
    /// serde could not build the struct(s).
    Undecodable(String),
    /// The struct(s) decoded; this is what `validate()` said.
    Checked(Result<(), ValidationErrors>),
}

impl Typed {
    /// Whether the payload decoded and passed `validate()`.
    pub fn is_valid(&self) -> bool {
        matches!(self, Typed::Checked(Ok(())))
    }
}

/// The typed leg of a target: `None` for a payload it cannot judge.
pub type TypedLeg = Box<dyn Fn(&Value) -> Option<Typed> + Send + Sync>;

// ---------------------------------------------------------------------------
// The oracle: jsonschema on the exported schema, plus the reference for the
// one `x-` rule.

/// Hand-written reference for `x-specgen-not-future`: the instant must not
/// be after [`now`]. It reads the wire format from the sibling
/// `x-specgen-format` (token format) or `format: date-time`. A value that is
/// not a date-time in that format passes here: `pattern`/`format` report it.
pub struct NotFuture {
    /// The `x-specgen-format` token format, if any; RFC 3339 otherwise.
    pub token_format: Option<String>,
}

/// The calendar fields of a value in a token format, by hand: digits at the
/// token positions, literals elsewhere.
pub fn token_fields(s: &str, format: &str) -> Option<[u32; 6]> {
    let mut fields = [0, 1, 1, 0, 0, 0];
    let (mut input, mut fmt) = (s, format);
    while !fmt.is_empty() {
        let token = ["YYYY", "MM", "DD", "hh", "mm", "ss"]
            .iter()
            .position(|t| fmt.starts_with(t));
        if let Some(i) = token {
            let width = if i == 0 { 4 } else { 2 };
            let digits = input.get(..width)?;
            if !digits.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            fields[i] = digits.parse().ok()?;
            input = &input[width..];
            fmt = &fmt[width..];
        } else {
            let c = fmt.chars().next()?;
            input = input.strip_prefix(c)?;
            fmt = &fmt[c.len_utf8()..];
        }
    }
    input.is_empty().then_some(fields)
}

impl NotFuture {
    /// Whether the value is not after [`now`].
    pub fn ok(&self, v: &Value) -> bool {
        let Some(s) = v.as_str() else { return true };
        let n = now();
        match &self.token_format {
            Some(f) => match token_fields(s, f) {
                // Compared field by field, most significant first.
                Some(fields) => {
                    let now_fields = [
                        u32::try_from(n.year()).unwrap_or(0),
                        u32::from(u8::from(n.month())),
                        u32::from(n.day()),
                        u32::from(n.hour()),
                        u32::from(n.minute()),
                        u32::from(n.second()),
                    ];
                    fields <= now_fields
                }
                None => true,
            },
            None => {
                match OffsetDateTime::parse(
                    s,
                    &specgen_runtime::time::format_description::well_known::Rfc3339,
                ) {
                    Ok(t) => t <= n,
                    Err(_) => true,
                }
            }
        }
    }
}

impl<'i> jsonschema::Keyword<'i> for NotFuture {
    fn validate(&self, instance: &'i Value) -> Result<(), jsonschema::ValidationError<'i>> {
        if self.ok(instance) {
            Ok(())
        } else {
            Err(jsonschema::ValidationError::custom(
                "x-specgen-not-future: in the future",
            ))
        }
    }

    fn is_valid(&self, instance: &'i Value) -> bool {
        self.ok(instance)
    }
}

/// A `$defs` key as a URI fragment: JSON Pointer escapes (`~0`, `~1`),
/// then percent-encoding of everything but unreserved characters.
pub fn pointer_fragment(key: &str) -> String {
    let mut out = String::new();
    for b in key.replace('~', "~0").replace('/', "~1").bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// The `jsonschema` judge of `$defs` entry `def` of an exported schema.
pub fn oracle(doc: &Value, def: &str) -> jsonschema::Validator {
    let mut schema = doc.clone();
    schema["$ref"] = json!(format!("#/$defs/{}", pointer_fragment(def)));
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        // `date-time` has no pattern: its format must assert.
        .should_validate_formats(true)
        // `email` keeps its 2020-12 default meaning, an annotation: the
        // exported `pattern` carries our rule (the HTML Standard's), which
        // is looser than RFC 5321's `Mailbox` that jsonschema asserts: it
        // accepts dots anywhere in the local part (`a..b@example.com`).
        .with_format("email", |_: &str| true)
        .with_keyword(specgen::export::NOT_FUTURE, |parent, _value, _path| {
            let token_format = parent
                .get(specgen::export::FORMAT)
                .and_then(Value::as_str)
                .map(str::to_owned);
            Ok(Box::new(NotFuture { token_format }))
        })
        .build(&schema)
        .unwrap_or_else(|e| panic!("the exported schema for {def} does not compile: {e}"))
}

// ---------------------------------------------------------------------------
// Payload generation from the IR.

pub const WHITE: &[char] = &[
    ' ', '\t', '\n', '\r', '\u{b}', '\u{c}', '\u{85}', '\u{a0}', '\u{1680}', '\u{2000}',
    '\u{200a}', '\u{2028}', '\u{2029}', '\u{202f}', '\u{205f}', '\u{3000}', '\u{feff}', '\u{200b}',
];
pub const ASTRAL: &[char] = &['😀', '𝄞', '\u{10000}', '\u{10FFFF}', '🇫', '𠜎'];
pub const ODD: &[char] = &[
    'é', 'ß', '中', 'Ω', 'ü', '\u{301}', '٣', '０', '-', '+', '.', ':', '/', '@', '_', '"', '\\',
    '\0', '$', '^', '\u{7f}', 'İ', 'K',
];

pub fn any_char() -> S<char> {
    prop_oneof![
        8 => select(('a'..='z').chain('A'..='Z').chain('0'..='9').collect::<Vec<_>>()),
        2 => select(WHITE),
        2 => select(ODD),
        2 => select(ASTRAL),
        1 => any::<char>(),
    ]
    .boxed()
}

pub fn text(len: std::ops::RangeInclusive<usize>) -> S<String> {
    proptest::collection::vec(any_char(), len)
        .prop_map(|v| v.into_iter().collect())
        .boxed()
}

pub fn whitespace() -> S<String> {
    proptest::collection::vec(select(WHITE), 0..4)
        .prop_map(|v| v.into_iter().collect())
        .boxed()
}

/// Lengths at and around the bounds.
pub fn boundary_lengths(min: Option<u64>, max: Option<u64>) -> Vec<usize> {
    let mut out: BTreeSet<usize> = [0, 1, 2].into();
    for b in [min, max].into_iter().flatten() {
        let b = usize::try_from(b).unwrap_or(usize::MAX / 2);
        out.extend([b.saturating_sub(1), b, b + 1]);
    }
    out.into_iter().collect()
}

/// `s` cut or padded to `n` code points; padding repeats `fill`, or the
/// last character (which keeps most `^[class]+$` patterns matching).
pub fn resize(s: &str, n: usize, fill: Option<char>) -> String {
    let mut chars: Vec<char> = s.chars().collect();
    let pad = fill.or(chars.last().copied()).unwrap_or('a');
    chars.truncate(n);
    while chars.len() < n {
        chars.push(pad);
    }
    chars.into_iter().collect()
}

/// Strings matching `pattern` (anchors stripped for generation; an
/// unanchored side gets random text).
pub fn matching(pattern: &str) -> S<String> {
    let mut inner = pattern;
    let start = inner.starts_with('^');
    if start {
        inner = &inner[1..];
    }
    let end = inner.ends_with('$') && !inner.ends_with("\\$");
    if end {
        inner = &inner[..inner.len() - 1];
    }
    // Unbounded repetition generates up to 32 items; a dozen is plenty and
    // keeps generation cheap (lengths at the bounds come from `resize`).
    let inner = inner
        .replace("]+", "]{1,12}")
        .replace(")+", "){1,12}")
        .replace("]*", "]{0,12}")
        .replace(")*", "){0,12}");
    let core = proptest::string::string_regex(&inner)
        .unwrap_or_else(|e| panic!("cannot generate from pattern {pattern}: {e}"))
        .boxed();
    let pre = if start {
        Just(String::new()).boxed()
    } else {
        text(0..=3)
    };
    let post = if end {
        Just(String::new()).boxed()
    } else {
        text(0..=3)
    };
    (pre, core, post)
        .prop_map(|(a, b, c)| format!("{a}{b}{c}"))
        .boxed()
}

pub fn insert_char(base: S<String>) -> S<String> {
    (base, any_char(), any::<prop::sample::Index>())
        .prop_map(|(s, c, i)| {
            let mut v: Vec<char> = s.chars().collect();
            let at = i.index(v.len() + 1);
            v.insert(at, c);
            v.into_iter().collect()
        })
        .boxed()
}

pub fn plain_string(c: &Constraints) -> S<String> {
    let base = match &c.pattern {
        Some(p) => matching(&p.value),
        None => text(0..=12),
    };
    let lens = boundary_lengths(
        c.min_length.as_ref().map(|l| l.value),
        c.max_length.as_ref().map(|l| l.value),
    );
    let fill = prop_oneof![3 => Just(None), 1 => any_char().prop_map(Some)];
    prop_oneof![
        6 => base.clone(),
        4 => (base.clone(), select(lens.clone()), fill).prop_map(|(s, n, f)| resize(&s, n, f)),
        1 => select(lens).prop_flat_map(|n| text(n..=n)),
        1 => whitespace(),
        1 => insert_char(base),
    ]
    .boxed()
}

/// Calendar fields: near [`now`] (to cross `not_future`) or anywhere,
/// including impossible dates and times.
pub fn calendar() -> S<[i64; 6]> {
    let near = prop_oneof![
        select(vec![
            0i64,
            1,
            -1,
            59,
            60,
            -60,
            3599,
            3600,
            86_399,
            86_400,
            -86_400,
            31_536_000,
            -31_536_000
        ]),
        -400_000_000i64..400_000_000,
    ]
    .prop_map(|d| {
        let t = now() + Duration::seconds(d);
        [
            i64::from(t.year()),
            i64::from(u8::from(t.month())),
            i64::from(t.day()),
            i64::from(t.hour()),
            i64::from(t.minute()),
            i64::from(t.second()),
        ]
    });
    let year = prop_oneof![
        select(vec![0i64, 1900, 2000, 2023, 2024, 2025, 2026, 2100, 9999]),
        0i64..=9999,
    ];
    let any = (year, 0i64..=13, 0i64..=32, 0i64..=24, 0i64..=60, 0i64..=60)
        .prop_map(|(y, mo, d, h, mi, s)| [y, mo, d, h, mi, s]);
    let edges = (
        select(vec![2023i64, 2024, 1900, 2000]),
        select(vec![1i64, 2, 4, 12]),
        select(vec![28i64, 29, 30, 31]),
        select(vec![0i64, 23, 24]),
        select(vec![0i64, 59, 60]),
        select(vec![0i64, 59, 60]),
    )
        .prop_map(|(y, mo, d, h, mi, s)| [y, mo, d, h, mi, s]);
    prop_oneof![4 => near, 3 => edges, 3 => any].boxed()
}

pub fn custom_datetime(format: &str) -> S<String> {
    let format = format.to_owned();
    let rendered = (calendar(), 0u8..20)
        .prop_map(move |(f, narrow)| {
            let mut out = String::new();
            let mut rest = format.as_str();
            while !rest.is_empty() {
                let tok = ["YYYY", "MM", "DD", "hh", "mm", "ss"]
                    .iter()
                    .position(|t| rest.starts_with(t));
                if let Some(i) = tok {
                    // Now and then one field loses its zero padding.
                    let width = match (i, narrow) {
                        (0, 0) => 3,
                        (0, _) => 4,
                        (_, n) if usize::from(n) == i => 1,
                        _ => 2,
                    };
                    let _ = write!(out, "{:0width$}", f[i]);
                    rest = &rest[if i == 0 { 4 } else { 2 }..];
                } else if let Some(c) = rest.chars().next() {
                    out.push(c);
                    rest = &rest[c.len_utf8()..];
                }
            }
            out
        })
        .boxed();
    prop_oneof![
        12 => rendered.clone(),
        1 => rendered.clone().prop_map(|s| format!("{s}Z")),
        1 => rendered.clone().prop_map(|s| s.replacen(' ', "T", 1)),
        1 => insert_char(rendered),
    ]
    .boxed()
}

pub fn rfc3339() -> S<String> {
    let sep = select(vec!["T", "t", " ", "_"]);
    let frac = select(vec!["", "", ".5", ".123456789", ".1234567891", "."]);
    let offset = select(vec![
        "Z", "Z", "z", "+00:00", "-00:00", "+02:00", "-05:30", "+23:59", "+24:00", "+00:60",
        "+0000", "",
    ]);
    let rendered = (calendar(), sep, frac, offset, 0u8..30)
        .prop_map(|(f, sep, frac, off, narrow)| {
            let w = |i: usize| if usize::from(narrow) == i { 1 } else { 2 };
            format!(
                "{:04}-{:0m$}-{:0d$}{sep}{:0h$}:{:0mi$}:{:0s$}{frac}{off}",
                f[0],
                f[1],
                f[2],
                f[3],
                f[4],
                f[5],
                m = w(1),
                d = w(2),
                h = w(3),
                mi = w(4),
                s = w(5)
            )
        })
        .boxed();
    prop_oneof![12 => rendered.clone(), 1 => insert_char(rendered)].boxed()
}

pub fn email(aim: Aim) -> S<String> {
    let local_chars: Vec<char> = ('a'..='z')
        .chain('A'..='Z')
        .chain('0'..='9')
        .chain(".!#$%&'*+/=?^_`{|}~-".chars())
        .collect();
    let local = proptest::collection::vec(select(local_chars), 1..6)
        .prop_map(|v| v.into_iter().collect::<String>());
    let label_chars: Vec<char> = ('a'..='z').chain('0'..='9').chain("-".chars()).collect();
    let label = prop_oneof![
        8 => proptest::collection::vec(select(label_chars.clone()), 1..6),
        1 => proptest::collection::vec(select(label_chars), 62..66),
    ]
    .prop_map(|v| v.into_iter().collect::<String>());
    let domain = proptest::collection::vec(label, 1..4).prop_map(|v| v.join("."));
    let good = (local, domain)
        .prop_map(|(l, d)| format!("{l}@{d}"))
        .boxed();
    if aim == Aim::Valid {
        return good;
    }
    prop_oneof![
        8 => good.clone(),
        1 => good.clone().prop_map(|s| s.replacen('@', "", 1)),
        1 => good.clone().prop_map(|s| format!("{s}@x")),
        1 => good.clone().prop_map(|s| format!("{s}.")),
        1 => good.clone().prop_map(|s| s.replacen('@', "@.", 1)),
        1 => select(vec!["\"a b\"@example.com", "a@[127.0.0.1]", "üser@example.com", "a@exämple.com", "a..b@example.com", ".a@example.com", "a@b"]).prop_map(str::to_owned),
        1 => insert_char(good),
    ]
    .boxed()
}

pub fn uuid(aim: Aim) -> S<String> {
    let hex: Vec<char> = "0123456789abcdefABCDEF".chars().collect();
    let good = proptest::collection::vec(select(hex), 32)
        .prop_map(|h| {
            let h: String = h.into_iter().collect();
            format!(
                "{}-{}-{}-{}-{}",
                &h[..8],
                &h[8..12],
                &h[12..16],
                &h[16..20],
                &h[20..]
            )
        })
        .boxed();
    if aim == Aim::Valid {
        return good;
    }
    prop_oneof![
        8 => good.clone(),
        1 => good.clone().prop_map(|s| format!("{{{s}}}")),
        1 => good.clone().prop_map(|s| s.replace('-', "")),
        1 => good.clone().prop_map(|s| format!("urn:uuid:{s}")),
        1 => good.clone().prop_map(|s| s[1..].to_owned()),
        1 => insert_char(good),
    ]
    .boxed()
}

pub fn phone(aim: Aim) -> S<String> {
    let digits = |n: std::ops::Range<usize>| {
        proptest::collection::vec(select(('0'..='9').collect::<Vec<_>>()), n)
            .prop_map(|v| v.into_iter().collect::<String>())
    };
    let good = digits(1..18).prop_map(|d| format!("+{d}")).boxed();
    if aim == Aim::Valid {
        return good;
    }
    prop_oneof![
        6 => good.clone(),
        1 => digits(2..16).boxed(),
        1 => good.clone().prop_map(|s| s.replacen('+', "+0", 1)),
        1 => good.clone().prop_map(|s| format!("{s} ")),
        1 => select(vec!["+١٢٣٤٥", "+1 415 555 0123", "+", "++1234"]).prop_map(str::to_owned),
        1 => insert_char(good),
    ]
    .boxed()
}

pub fn base64_text(aim: Aim) -> S<String> {
    let good = proptest::collection::vec(any::<u8>(), 0..20)
        .prop_map(|b| base64::engine::general_purpose::STANDARD.encode(b))
        .boxed();
    if aim == Aim::Valid {
        return good;
    }
    prop_oneof![
        8 => good.clone(),
        1 => good.clone().prop_map(|s| s.trim_end_matches('=').to_owned()),
        1 => good.clone().prop_map(|s| s.replace('+', "-").replace('/', "_")),
        1 => good.clone().prop_map(|s| format!("{s}\n")),
        1 => good.clone().prop_map(|s| format!("{s}=")),
        // Non-canonical: the unused bits of the last symbol are set.
        1 => select(vec!["YR==", "YWJ=", "Ynl0ZXN=", "YQ=", "Y==="]).prop_map(str::to_owned),
        1 => insert_char(good),
    ]
    .boxed()
}

pub fn next_up(x: f64) -> f64 {
    if x == 0.0 {
        return f64::from_bits(1);
    }
    let b = x.to_bits();
    f64::from_bits(if x > 0.0 { b + 1 } else { b - 1 })
}

pub fn next_down(x: f64) -> f64 {
    -next_up(-x)
}

pub fn bounds(c: &Constraints) -> Vec<f64> {
    [
        &c.minimum,
        &c.maximum,
        &c.exclusive_minimum,
        &c.exclusive_maximum,
    ]
    .into_iter()
    .flatten()
    .map(|l| l.value)
    .collect()
}

pub fn number_value(c: &Constraints, integer: bool) -> S<Value> {
    let mut near: Vec<f64> = vec![0.0, -0.0, 1.0, -1.0];
    for b in bounds(c) {
        near.extend([
            b,
            b - 1.0,
            b + 1.0,
            b - 0.5,
            b + 0.5,
            next_up(b),
            next_down(b),
            b * 2.0,
        ]);
    }
    if integer {
        let ints: Vec<i64> = near
            .iter()
            .filter(|f| f.fract() == 0.0)
            .map(|f| *f as i64)
            .chain([i64::MIN, i64::MAX])
            .collect();
        prop_oneof![
            6 => select(ints).prop_map(Value::from),
            4 => any::<i64>().prop_map(Value::from),
            1 => any::<u64>().prop_map(Value::from),
            1 => select(near.clone()).prop_map(|f| json!(f)),
            1 => (-1000.0f64..1000.0).prop_map(|f| json!(f)),
            1 => Just(json!(1e20)),
        ]
        .boxed()
    } else {
        prop_oneof![
            6 => select(near).prop_map(|f| json!(f)),
            3 => (-1000.0f64..1000.0).prop_map(|f| json!(f)),
            2 => any::<i64>().prop_map(Value::from),
            1 => select(vec![1e300, -1e300, 5e-324, f64::MAX, f64::MIN]).prop_map(|f| json!(f)),
            1 => any::<u64>().prop_map(Value::from),
        ]
        .boxed()
    }
}

/// A value of another JSON type than anything in the specs expects.
pub fn wrong_type() -> S<Value> {
    select(vec![
        json!(true),
        json!(0),
        json!(1.5),
        json!("x"),
        json!(""),
        json!([]),
        json!([1]),
        json!({}),
        json!({"a": "b"}),
    ])
    .boxed()
}

pub fn any_json() -> S<Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        text(0..=4).prop_map(Value::from),
        Just(json!([1, "a", null])),
        Just(json!({"k": {"n": [true]}})),
    ]
    .boxed()
}

/// Whether a strategy aims at valid values, or at anything (including every
/// boundary and wrong type).
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Aim {
    /// Values meant to pass.
    Valid,
    /// Anything, including every boundary and wrong type.
    Anything,
}

pub fn satisfies(c: &Constraints, x: f64) -> bool {
    c.minimum.as_ref().is_none_or(|l| x >= l.value)
        && c.maximum.as_ref().is_none_or(|l| x <= l.value)
        && c.exclusive_minimum.as_ref().is_none_or(|l| x > l.value)
        && c.exclusive_maximum.as_ref().is_none_or(|l| x < l.value)
}

/// Numbers inside the bounds, at and next to them.
pub fn valid_number(c: &Constraints, integer: bool) -> S<Value> {
    let mut near: Vec<f64> = vec![0.0, 1.0, -1.0, 8.0, 1000.0];
    for b in bounds(c) {
        near.extend([
            b,
            b - 1.0,
            b + 1.0,
            b - 0.5,
            b + 0.5,
            next_up(b),
            next_down(b),
        ]);
    }
    if integer {
        near.retain(|f| f.fract() == 0.0);
    }
    near.retain(|x| satisfies(c, *x));
    if near.is_empty() {
        return number_value(c, integer);
    }
    // Bounds that leave (almost) no quarter in -250..250 get no spread:
    // filtering would reject nearly every draw.
    let inside = (-1000i64..1000)
        .filter(|i| satisfies(c, *i as f64 * 0.25))
        .count();
    if inside < 20 {
        return if integer {
            select(near.iter().map(|f| *f as i64).collect::<Vec<_>>())
                .prop_map(Value::from)
                .boxed()
        } else {
            select(near).prop_map(|f| json!(f)).boxed()
        };
    }
    let c2 = c.clone();
    let spread = (-1000i64..1000)
        .prop_map(|i| i as f64 * 0.25)
        .prop_filter("in bounds", move |x| satisfies(&c2, *x));
    if integer {
        let ints: Vec<i64> = near.iter().map(|f| *f as i64).collect();
        prop_oneof![
            3 => select(ints).prop_map(Value::from),
            1 => spread.prop_map(|f| Value::from(f as i64)),
        ]
        .boxed()
    } else {
        prop_oneof![
            3 => select(near).prop_map(|f| json!(f)),
            1 => spread.prop_map(|f| json!(f)),
        ]
        .boxed()
    }
}

/// Strings meant to pass: matching the pattern, not blank, with a length
/// inside the bounds (often exactly on them), astral characters included.
pub fn valid_string(c: &Constraints) -> S<String> {
    let base = match &c.pattern {
        Some(p) => matching(&p.value),
        None => proptest::collection::vec(
            prop_oneof![
                6 => select(('a'..='z').chain('0'..='9').collect::<Vec<_>>()),
                1 => select(ASTRAL),
                1 => select(vec!['é', '中', ' ']),
            ],
            1..10,
        )
        .prop_map(|v| v.into_iter().collect::<String>())
        .boxed(),
    };
    let min = c.min_length.as_ref().map_or(0, |l| l.value as usize);
    let max = c.max_length.as_ref().map(|l| l.value as usize);
    if min == 0 && max.is_none() {
        return base;
    }
    let hi = max.unwrap_or(min + 8);
    let mut lens: Vec<usize> = [min, min + 1, hi.saturating_sub(1), hi, (min + hi) / 2]
        .into_iter()
        .filter(|n| *n >= min.max(1) && *n <= hi)
        .collect();
    if lens.is_empty() {
        // `max_length: 0`: only the empty string passes.
        lens.push(hi);
    }
    let fill = if c.pattern.is_some() {
        Just(None).boxed()
    } else {
        prop_oneof![Just(None), select(ASTRAL).prop_map(Some)].boxed()
    };
    (base, select(lens), fill)
        .prop_map(|(s, n, f)| resize(&s, n, f))
        .boxed()
}

/// Date-times at and before [`now`].
pub fn past(format: Option<&str>) -> S<String> {
    let format = format.map(str::to_owned);
    prop_oneof![
        select(vec![0i64, 1, 59, 60, 86_400, 31_536_000]),
        0i64..2_000_000_000,
    ]
    .prop_map(move |back| {
        let t = now() - Duration::seconds(back);
        match &format {
            Some(f) => {
                let mut out = f.clone();
                for (tok, v) in [
                    ("YYYY", format!("{:04}", t.year())),
                    ("MM", format!("{:02}", u8::from(t.month()))),
                    ("DD", format!("{:02}", t.day())),
                    ("hh", format!("{:02}", t.hour())),
                    ("mm", format!("{:02}", t.minute())),
                    ("ss", format!("{:02}", t.second())),
                ] {
                    out = out.replacen(tok, &v, 1);
                }
                out
            }
            None => format!(
                "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
                t.year(),
                u8::from(t.month()),
                t.day(),
                t.hour(),
                t.minute(),
                t.second()
            ),
        }
    })
    .boxed()
}

pub struct Gen<'a> {
    /// The API whose types payloads are drawn for.
    pub api: &'a Api,
}

impl Gen<'_> {
    /// Values of a shape.
    pub fn value(&self, s: &Shape, depth: usize, aim: Aim) -> S<Value> {
        let c = &s.constraints;
        let string = |st: S<String>| st.prop_map(Value::from).boxed();
        let valid = aim == Aim::Valid;
        match &s.kind {
            ShapeKind::String if valid => string(valid_string(c)),
            ShapeKind::String => string(plain_string(c)),
            ShapeKind::DateTime(DateTimeFormat::Rfc3339) if valid => string(past(None)),
            ShapeKind::DateTime(DateTimeFormat::Rfc3339) => string(match &c.pattern {
                Some(p) => prop_oneof![4 => rfc3339(), 1 => matching(&p.value)].boxed(),
                None => rfc3339(),
            }),
            ShapeKind::DateTime(DateTimeFormat::Custom(f)) if valid => string(past(Some(f))),
            ShapeKind::DateTime(DateTimeFormat::Custom(f)) => string(custom_datetime(f)),
            ShapeKind::Uuid => string(uuid(aim)),
            ShapeKind::Email if valid => string(email(aim)),
            ShapeKind::Email => string(prop_oneof![6 => email(aim), 1 => plain_string(c)].boxed()),
            ShapeKind::Phone => string(phone(aim)),
            ShapeKind::Bytes => string(base64_text(aim)),
            ShapeKind::Integer | ShapeKind::Number if valid => {
                valid_number(c, s.kind == ShapeKind::Integer)
            }
            ShapeKind::Integer => number_value(c, true),
            ShapeKind::Number => number_value(c, false),
            ShapeKind::Boolean => any::<bool>().prop_map(Value::from).boxed(),
            ShapeKind::Json if valid => {
                any_json().prop_filter("not null", |v| !v.is_null()).boxed()
            }
            ShapeKind::Json => any_json(),
            ShapeKind::JsonObject => {
                let min = c.min_properties.as_ref().map_or(0, |l| l.value as usize);
                let max = c.max_properties.as_ref().map(|l| l.value as usize);
                let (lo, hi) = if valid {
                    (min, max.unwrap_or(usize::MAX).min(min + 3))
                } else {
                    (min.saturating_sub(1), max.map_or(min + 3, |m| m + 1))
                };
                let members = proptest::collection::btree_map(text(0..=4), any_json(), lo..=hi)
                    .prop_map(|m| Value::Object(m.into_iter().collect()))
                    .boxed();
                if valid {
                    members
                } else {
                    prop_oneof![6 => members, 1 => any_json()].boxed()
                }
            }
            ShapeKind::Array(inner) => {
                let item = self.value(inner, depth + 1, aim);
                let min = c.min_items.as_ref().map(|l| l.value as usize);
                let max = c.max_items.as_ref().map(|l| l.value as usize);
                let lo = min.unwrap_or(0);
                let hi = max.unwrap_or(usize::MAX).min(lo + 3);
                let small = proptest::collection::vec(item.clone(), lo..=hi)
                    .prop_map(Value::from)
                    .boxed();
                let mut long: Vec<usize> =
                    boundary_lengths(min.map(|n| n as u64), max.map(|n| n as u64));
                long.retain(|n| *n >= 4 && (!valid || (*n >= lo && max.is_none_or(|m| *n <= m))));
                if long.is_empty() {
                    return small;
                }
                // Long arrays repeat one item, with a different last one,
                // so they stay cheap to build and to judge.
                let long = (item.clone(), item, select(long))
                    .prop_map(|(a, b, n)| {
                        let mut v = vec![a; n - 1];
                        v.push(b);
                        Value::from(v)
                    })
                    .boxed();
                if valid {
                    prop_oneof![30 => small, 1 => long].boxed()
                } else {
                    let any_len =
                        proptest::collection::vec(self.value(inner, depth + 1, aim), 0..4)
                            .prop_map(Value::from);
                    prop_oneof![12 => any_len, 1 => long].boxed()
                }
            }
            ShapeKind::Named(i) => self.named(*i, depth, aim),
        }
    }

    /// A field: absent, or its value; aiming anywhere, also `null` and
    /// wrong types.
    fn member(&self, f: &Field, depth: usize, aim: Aim) -> S<Option<(String, Value)>> {
        let wire = f.wire.clone();
        let v = self.value(&f.shape, depth + 1, aim);
        let given = match aim {
            Aim::Valid if f.nullable => prop_oneof![8 => v, 1 => Just(Value::Null)].boxed(),
            Aim::Valid => v,
            Aim::Anything => prop_oneof![
                12 => v,
                1 => Just(Value::Null),
                1 => wrong_type(),
            ]
            .boxed(),
        };
        let given = given.prop_map(move |v| Some((wire.clone(), v)));
        match (aim, f.required) {
            (Aim::Valid, true) => given.boxed(),
            (Aim::Valid, false) => prop_oneof![Just(None), given].boxed(),
            (Aim::Anything, true) => prop_oneof![1 => Just(None), 12 => given].boxed(),
            (Aim::Anything, false) => prop_oneof![Just(None), given].boxed(),
        }
    }

    /// Values of named type `i`.
    pub fn named(&self, i: usize, depth: usize, aim: Aim) -> S<Value> {
        match &self.api.types[i].kind {
            TypeKind::Enum { values, open } => {
                let wires: Vec<String> = values.iter().map(|v| v.wire.clone()).collect();
                let upper: Vec<String> = wires.iter().map(|w| w.to_uppercase()).collect();
                let known = select(wires).prop_map(Value::from);
                match (aim, open) {
                    (Aim::Valid, false) => known.boxed(),
                    (_, true) => {
                        prop_oneof![3 => known, 1 => text(0..=6).prop_map(Value::from)].boxed()
                    }
                    (Aim::Anything, false) => prop_oneof![
                        12 => known,
                        1 => select(upper).prop_map(Value::from),
                        1 => text(0..=6).prop_map(Value::from),
                    ]
                    .boxed(),
                }
            }
            TypeKind::Object { .. } if depth > 4 => Just(json!({})).boxed(),
            TypeKind::Object { fields, .. } => {
                let valid: Vec<_> = fields
                    .iter()
                    .map(|f| self.member(f, depth, Aim::Valid))
                    .collect();
                let any: Vec<_> = fields
                    .iter()
                    .map(|f| self.member(f, depth, Aim::Anything))
                    .collect();
                let extra = prop_oneof![
                    12 => Just(None),
                    1 => any_json().prop_map(|v| Some(("x-unknown".to_owned(), v))),
                ];
                let n = fields.len();
                // Aiming at valid objects, one field (or none) is drawn from
                // the "anything" strategies: payloads that break exactly one
                // constraint, at or around its boundary.
                let pick: S<usize> = match aim {
                    Aim::Valid => prop_oneof![1 => Just(usize::MAX), 2 => 0..n.max(1)].boxed(),
                    Aim::Anything => Just(usize::MAX).boxed(),
                };
                let chosen: S<Vec<Option<(String, Value)>>> = match aim {
                    Aim::Valid => pick
                        .prop_flat_map(move |k| {
                            valid
                                .iter()
                                .zip(&any)
                                .enumerate()
                                .map(|(i, (v, a))| if i == k { a.clone() } else { v.clone() })
                                .collect::<Vec<_>>()
                        })
                        .boxed(),
                    Aim::Anything => any.boxed(),
                };
                (chosen, extra)
                    .prop_map(|(members, extra)| {
                        let mut m = Map::new();
                        for (k, v) in members.into_iter().flatten().chain(extra) {
                            m.insert(k, v);
                        }
                        Value::Object(m)
                    })
                    .boxed()
            }
        }
    }

    /// A payload: the query and body fields side by side; now and then not
    /// an object at all.
    pub fn payload(&self, parts: &[usize]) -> S<Value> {
        let merged = |aim: Aim| {
            let objects: Vec<S<Value>> = parts.iter().map(|i| self.named(*i, 0, aim)).collect();
            objects
                .prop_map(|objects| {
                    let mut m = Map::new();
                    for o in objects {
                        if let Value::Object(o) = o {
                            m.extend(o);
                        }
                    }
                    Value::Object(m)
                })
                .boxed()
        };
        prop_oneof![
            15 => merged(Aim::Valid),
            15 => merged(Aim::Anything),
            2 => select(vec![Value::Null, json!([]), json!("payload"), json!(7)]),
        ]
        .boxed()
    }
}

// ---------------------------------------------------------------------------
// Coverage: the error codes each target can produce, by normalised path.

pub fn normalise(pointer: &str) -> String {
    pointer
        .split('/')
        .map(|seg| {
            if !seg.is_empty() && seg.bytes().all(|b| b.is_ascii_digit()) {
                "*"
            } else {
                seg
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

pub fn expected_codes(api: &Api, i: usize, path: &str, out: &mut BTreeSet<String>, depth: usize) {
    let TypeKind::Object { fields, rules } = &api.types[i].kind else {
        return;
    };
    if depth > 4 {
        return;
    }
    for r in rules {
        match r {
            Rule::AtLeastOneOf { fields, .. } | Rule::ExactlyOneOf { fields, .. } => {
                let code = match r {
                    Rule::AtLeastOneOf { .. } => "at_least_one_of",
                    _ => "exactly_one_of",
                };
                let at: Vec<String> = common_object(api, fields)
                    .iter()
                    .map(|s| format!("/{}", api.field(*s).wire))
                    .collect();
                out.insert(format!("{path}{} {code}", at.concat()));
            }
            Rule::RequiredIf { field, .. } => {
                out.insert(format!("{path}/{} required_if", field.wires(api).join("/")));
            }
        }
    }
    for f in fields {
        let p = format!("{path}/{}", f.wire);
        let blank = f.shape.constraints.not_blank.is_some();
        if f.required {
            out.insert(format!("{p} {}", if blank { "blank" } else { "required" }));
        }
        shape_codes(api, &f.shape, &p, out, depth);
    }
}

pub fn shape_codes(api: &Api, s: &Shape, p: &str, out: &mut BTreeSet<String>, depth: usize) {
    let c = &s.constraints;
    if !matches!(s.kind, ShapeKind::Json) {
        out.insert(format!("{p} type"));
    }
    let mut add = |on: bool, code: &str| {
        if on {
            out.insert(format!("{p} {code}"));
        }
    };
    add(c.pattern.is_some(), "pattern");
    add(
        c.min_length.as_ref().is_some_and(|l| l.value > 0),
        "min_length",
    );
    add(c.max_length.is_some(), "max_length");
    add(c.not_blank.is_some(), "blank");
    add(c.not_future.is_some(), "future");
    add(c.minimum.is_some(), "minimum");
    add(c.maximum.is_some(), "maximum");
    add(c.exclusive_minimum.is_some(), "exclusive_minimum");
    add(c.exclusive_maximum.is_some(), "exclusive_maximum");
    add(
        c.min_items.as_ref().is_some_and(|l| l.value > 0),
        "min_items",
    );
    add(c.max_items.is_some(), "max_items");
    add(
        c.min_properties.as_ref().is_some_and(|l| l.value > 0),
        "min_properties",
    );
    add(c.max_properties.is_some(), "max_properties");
    add(
        matches!(
            s.kind,
            ShapeKind::DateTime(_)
                | ShapeKind::Uuid
                | ShapeKind::Email
                | ShapeKind::Phone
                | ShapeKind::Bytes
        ),
        "format",
    );
    match &s.kind {
        ShapeKind::Array(inner) => shape_codes(api, inner, &format!("{p}/*"), out, depth + 1),
        ShapeKind::Named(i) => match &api.types[*i].kind {
            TypeKind::Enum { open: false, .. } => {
                out.insert(format!("{p} enum"));
            }
            TypeKind::Enum { open: true, .. } => {}
            TypeKind::Object { .. } => expected_codes(api, *i, p, out, depth + 1),
        },
        _ => {}
    }
}

// ---------------------------------------------------------------------------
// The run.

/// Our JSON validator of one target.
pub type OursFn = Box<dyn Fn(&Value) -> Result<(), ValidationErrors> + Send + Sync>;

/// One thing to judge: an endpoint payload or a response type.
pub struct Target {
    /// What is judged: `<api>.<endpoint>` or `<api>.<Type>`.
    pub id: String,
    /// Its API, as an index into the caller's list.
    pub api: usize,
    /// Its `$defs` entry in the API's exported JSON Schema.
    pub def: String,
    /// The object types whose fields make up a payload.
    pub parts: Vec<usize>,
    /// Our JSON validator.
    pub ours: OursFn,
    /// The typed path, when there is one.
    pub typed: Option<TypedLeg>,
}

pub fn verdict(ok: bool) -> &'static str {
    if ok {
        "valid"
    } else {
        "invalid"
    }
}

/// Marks a disagreement between the typed path and the JSON validator that
/// this test found and that is reported, not yet fixed: it is printed with
/// its count and smallest example, but does not fail the test. Any other
/// disagreement fails it.
pub const KNOWN_GAP: &str = "KNOWN GAP";

/// Which known gap of the typed path a disagreement is, if any.
///
/// - `null-on-optional`: `null` in an optional, non-nullable field. The JSON
///   validator (and the schema) reject it with `type`; serde reads it as an
///   absent `Option`, so the typed path accepts it.
/// - `datetime-text-canonicalized` (found by the soundness test): a length
///   or pattern rule on an RFC 3339 date-time whose text is not in the
///   canonical form (`+00:00` for `Z`, trailing zeros in the fraction).
///   The JSON validator judges the text received; the typed value keeps the
///   instant and offset, and its check judges the canonical text it would
///   send (schemas/README.md, "Scalar types and formats").
/// - `integer-written-as-float`: an `integer` field holding a whole number
///   written with a fraction or exponent (`1.0`, `5e3`). The JSON validator
///   (and JSON Schema's `integer`) accept it; serde cannot decode a float
///   into `i64`.
/// - `required-if-on-default` (found by the soundness test): a
///   `required_if` whose `when` field has a default and is absent. The typed
///   path sees the default and applies the rule; the JSON validator (and
///   the schema) see no value and do not.
pub fn typed_gap(ours: &Result<(), ValidationErrors>, typed: &Typed, v: &Value) -> Option<String> {
    match (ours, typed) {
        (Err(e), Typed::Checked(Ok(()))) => {
            let kinds: BTreeSet<&str> = e
                .errors()
                .iter()
                .map(|e| match v.pointer(&e.path) {
                    // `blank`: the field is also `not_blank`.
                    Some(Value::Null) if e.code == "type" || e.code == "blank" => {
                        "null-on-optional"
                    }
                    Some(Value::String(text)) if text_rule_on_canonicalized(&e.code, text) => {
                        "datetime-text-canonicalized"
                    }
                    _ => "other",
                })
                .collect();
            (!kinds.contains("other")).then(|| kinds.into_iter().collect::<Vec<_>>().join(" + "))
        }
        (Ok(()), Typed::Checked(Err(e))) if e.errors().iter().all(|e| e.code == "required_if") => {
            Some("required-if-on-default".to_owned())
        }
        (Ok(()), Typed::Checked(Err(e)))
            if e.errors().iter().all(|e| {
                v.pointer(&e.path)
                    .and_then(Value::as_str)
                    .is_some_and(|text| text_rule_on_canonicalized(&e.code, text))
            }) =>
        {
            Some("datetime-text-canonicalized".to_owned())
        }
        (Ok(()), Typed::Undecodable(m)) if m.contains("expected i64") => {
            Some("integer-written-as-float".to_owned())
        }
        _ => None,
    }
}

/// Whether an error of `code` is a text rule (length or pattern) on an RFC
/// 3339 date-time whose canonical text differs from `text`.
fn text_rule_on_canonicalized(code: &specgen_runtime::Code, text: &str) -> bool {
    ["min_length", "max_length", "pattern"].contains(&code.as_str())
        && specgen_runtime::datetime::parse_rfc3339(text)
            .and_then(specgen_runtime::datetime::format_rfc3339)
            .is_some_and(|canonical| canonical != text)
}

/// Which known difference between our RFC 3339 check and jsonschema's
/// `date-time` a disagreement is, if any.
///
/// - `leap-second-not-at-month-end` (the two differ on purpose): we accept
///   `23:59:60` (UTC) only on the last day of a month, as the `time` crate
///   does; jsonschema accepts it on any day.
/// - `jsonschema-one-digit-second` (a jsonschema bug): jsonschema 0.60.2
///   accepts `2023-01-28T00:00:0.Z` (one-digit second, empty fraction).
pub fn schema_gap(ours: &Result<(), ValidationErrors>, v: &Value) -> Option<&'static str> {
    match ours {
        // We accept no date-time that jsonschema rejects: the separator gap
        // (the time crate took any byte for `T`) is fixed in
        // `formats::parse_datetime`, so such a disagreement now fails.
        Ok(()) => None,
        Err(errors) => {
            let kinds: BTreeSet<&str> = errors
                .errors()
                .iter()
                .map(|e| {
                    let s = v
                        .pointer(&e.path)
                        .and_then(Value::as_str)
                        .unwrap_or("")
                        .as_bytes();
                    if e.code != "format" || !e.message.contains("RFC 3339") {
                        "other"
                    } else if s.get(17..19) == Some(b"60") {
                        "leap-second-not-at-month-end"
                    } else if s.get(17).is_some_and(u8::is_ascii_digit) && s.get(18) == Some(&b'.')
                    {
                        "jsonschema-one-digit-second"
                    } else {
                        "other"
                    }
                })
                .collect();
            match kinds.into_iter().collect::<Vec<_>>()[..] {
                [k] if k != "other" => Some(k),
                _ => None,
            }
        }
    }
}

/// Our verdict, and the kind of disagreement if any judge differs.
pub fn judge(
    t: &Target,
    oracle: &jsonschema::Validator,
    v: &Value,
) -> (Result<(), ValidationErrors>, Option<String>) {
    let ours = (t.ours)(v);
    let schema_ok = oracle.is_valid(v);
    let mut problem = None;
    if ours.is_ok() != schema_ok {
        let gap = schema_gap(&ours, v)
            .map(|g| format!("{KNOWN_GAP} {g}: "))
            .unwrap_or_default();
        problem = Some(format!(
            "{gap}ours={} jsonschema={}",
            verdict(ours.is_ok()),
            verdict(schema_ok)
        ));
    } else if let Some(typed) = t.typed.as_ref().and_then(|typed| typed(v)) {
        if typed.is_valid() != ours.is_ok() {
            let kind = match &typed {
                Typed::Undecodable(_) => "undecodable",
                Typed::Checked(_) => "decoded",
            };
            let gap = typed_gap(&ours, &typed, v)
                .map(|g| format!("{KNOWN_GAP} {g}: "))
                .unwrap_or_default();
            problem = Some(format!(
                "{gap}ours={} typed={} ({kind})",
                verdict(ours.is_ok()),
                verdict(typed.is_valid())
            ));
        }
    }
    // The first error names the kind, so each kind keeps its own example.
    let problem = problem.map(|p| {
        let first = ours
            .as_ref()
            .err()
            .and_then(|e| e.errors().first())
            .map(|e| format!(", first error {} {}", normalise(&e.path), e.code))
            .unwrap_or_default();
        format!("{p}{first}")
    });
    (ours, problem)
}

pub fn describe(t: &Target, oracle: &jsonschema::Validator, v: &Value) -> String {
    let mut s = String::new();
    let ours = (t.ours)(v);
    let _ = writeln!(s, "    payload: {v}");
    let _ = writeln!(s, "    ours: {}", verdict(ours.is_ok()));
    if let Err(e) = &ours {
        for e in e.errors() {
            let _ = writeln!(s, "      {} {} ({})", e.path, e.code, e.message);
        }
    }
    let _ = writeln!(s, "    jsonschema: {}", verdict(oracle.is_valid(v)));
    for e in oracle.iter_errors(v).take(6) {
        let _ = writeln!(s, "      {} {e}", e.instance_path());
    }
    if let Some(typed) = &t.typed {
        let _ = writeln!(s, "    typed: {:?}", typed(v));
    }
    s
}

/// Shrinks `tree` while the same kind of disagreement remains.
pub fn shrink(tree: &mut dyn ValueTree<Value = Value>, still: impl Fn(&Value) -> bool) -> Value {
    let mut best = tree.current();
    if !tree.simplify() {
        return best;
    }
    for _ in 0..1000 {
        let cur = tree.current();
        if still(&cur) {
            best = cur;
            if !tree.simplify() {
                break;
            }
        } else if !tree.complicate() {
            break;
        }
    }
    best
}

/// One kind of disagreement, with its smallest example.
pub struct Disagreement {
    /// How many cases showed it.
    pub count: usize,
    /// The smallest example, with every verdict.
    pub detail: String,
}

/// What one target's run found.
pub struct Outcome {
    /// The target's id.
    pub id: String,
    /// Payloads judged.
    pub cases: usize,
    /// How many of them our validator accepted.
    pub valid: usize,
    /// The `"path code"` errors the target's constraints can produce.
    pub expected: BTreeSet<String>,
    /// The ones some payload produced.
    pub seen: BTreeSet<String>,
    /// Each kind of disagreement, known gaps included.
    pub disagreements: BTreeMap<String, Disagreement>,
}

impl Outcome {
    /// One line: counts and coverage.
    pub fn summary(&self) -> String {
        let missing = self.expected.difference(&self.seen).count();
        format!(
            "{}: {} cases, {} valid, {} invalid; {} of {} constraint errors seen; {} kind(s) of disagreement",
            self.id,
            self.cases,
            self.valid,
            self.cases - self.valid,
            self.expected.len() - missing,
            self.expected.len(),
            self.disagreements.len()
        )
    }

    /// The known gaps, with their counts and examples.
    pub fn known_gaps(&self) -> String {
        self.report(true)
    }

    /// Every disagreement that is not a known gap (empty when none).
    pub fn failures(&self) -> String {
        self.report(false)
    }

    fn report(&self, known: bool) -> String {
        let mut out = String::new();
        for (kind, d) in &self.disagreements {
            if kind.starts_with(KNOWN_GAP) == known {
                let _ = write!(
                    out,
                    "{}: {kind}: {} case(s); smallest example:\n{}",
                    self.id, d.count, d.detail
                );
            }
        }
        out
    }

    /// Constraints no payload broke, and generation that was (almost) all
    /// valid or all invalid, which would compare nothing interesting.
    pub fn coverage_failures(&self) -> String {
        let mut out = String::new();
        let missing: Vec<&String> = self.expected.difference(&self.seen).collect();
        if !missing.is_empty() {
            let _ = writeln!(
                out,
                "{}: the generator never broke these constraints (path code): {missing:?}",
                self.id
            );
        }
        let floor = self.cases / 50;
        if self.valid < floor || self.cases - self.valid < floor {
            let _ = writeln!(
                out,
                "{}: degenerate generation: {} valid of {}",
                self.id, self.valid, self.cases
            );
        }
        out
    }
}

/// Judges `cases` payloads of target `t` of `api` (whose exported JSON
/// Schema is `doc`), drawn from `seed` and the target's `stream` number.
/// Each kind of disagreement keeps its count and shrunk smallest example.
pub fn run_target(
    api: &Api,
    doc: &Value,
    t: &Target,
    seed: u64,
    stream: u64,
    cases: u32,
) -> Outcome {
    let oracle = oracle(doc, &t.def);
    let strategy = Gen { api }.payload(&t.parts);
    // XorShift, not proptest's default ChaCha: in the dev profile (no
    // optimisation) ChaCha's SIMD rounds were over a third of this test's
    // time, and payload generation needs no cryptographic randomness.
    let mut seed_bytes = [0u8; 16];
    seed_bytes[..8].copy_from_slice(&seed.to_le_bytes());
    seed_bytes[8..].copy_from_slice(&stream.to_le_bytes());
    let mut runner = TestRunner::new_with_rng(
        Config {
            cases,
            failure_persistence: None,
            ..Config::default()
        },
        TestRng::from_seed(RngAlgorithm::XorShift, &seed_bytes),
    );
    let mut expected = BTreeSet::new();
    for p in &t.parts {
        expected_codes(api, *p, "", &mut expected, 0);
    }
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut disagreements: BTreeMap<String, Disagreement> = BTreeMap::new();
    let mut valid = 0usize;
    for _ in 0..cases {
        let mut tree = strategy
            .new_tree(&mut runner)
            .expect("payload strategy never rejects");
        let v = tree.current();
        let (ours, problem) = judge(t, &oracle, &v);
        match &ours {
            Ok(()) => valid += 1,
            Err(e) => seen.extend(
                e.errors()
                    .iter()
                    .map(|e| format!("{} {}", normalise(&e.path), e.code)),
            ),
        }
        let Some(kind) = problem else { continue };
        if let Some(d) = disagreements.get_mut(&kind) {
            d.count += 1;
            continue;
        }
        let example = shrink(&mut tree, |c| {
            judge(t, &oracle, c).1.as_ref() == Some(&kind)
        });
        let detail = describe(t, &oracle, &example);
        disagreements.insert(kind, Disagreement { count: 1, detail });
    }
    Outcome {
        id: t.id.clone(),
        cases: cases as usize,
        valid,
        expected,
        seen,
        disagreements,
    }
}
