//! Constraint checks shared by the typed and the JSON validators.
//!
//! Generated code describes each field's constraints as a `static` rules
//! value ([`StringRules`], [`NumberRules`], [`ItemsRules`]) and calls one
//! function per value. The typed validator and the JSON validator call the
//! same functions with the same rules, so they cannot disagree.

use std::borrow::Cow;
use std::sync::OnceLock;

use regex::Regex;
use serde_json::Value;
use time::OffsetDateTime;

use crate::formats::{self, DateTimeFormat};
use crate::intern;
use crate::validate::{Code, Path, Report};

/// The `name(value)` and `name_says(value, message)` setters of `Limit`
/// fields, and the `name()` and `name_says(message)` setters of flags with
/// an optional message, for the `const` rules builders.
macro_rules! setters {
    ($(limit $field:ident, $says:ident: $t:ty, $doc:literal;)* $(flag $flag:ident, $fsays:ident, $fdoc:literal;)*) => {
        $(
            #[doc = $doc]
            pub const fn $field(mut self, value: $t) -> Self {
                self.$field = Some(Limit { value, message: None });
                self
            }

            #[doc = concat!($doc, " With the spec's message.")]
            pub const fn $says(mut self, value: $t, message: &'static str) -> Self {
                self.$field = Some(Limit { value, message: Some(message) });
                self
            }
        )*
        $(
            #[doc = $fdoc]
            pub const fn $flag(mut self) -> Self {
                self.$flag = Some(None);
                self
            }

            #[doc = concat!($fdoc, " With the spec's message.")]
            pub const fn $fsays(mut self, message: &'static str) -> Self {
                self.$flag = Some(Some(message));
                self
            }
        )*
    };
}

/// A bound with an optional custom message.
#[derive(Debug, Clone, Copy)]
pub struct Limit<T> {
    /// The bound.
    pub value: T,
    /// The spec's message, replacing the default one.
    pub message: Option<&'static str>,
}

/// A spec pattern: a regular expression compiled on first use, then shared,
/// or a byte scan the generator worked out from it, which never compiles a
/// regex: for an anchored run of character classes (`^\+?[a-zA-Z0-9\-]+$`)
/// or an end-anchored alternation of fixed-width texts (`(Z|[+-]00:00)$`).
///
/// It holds no cell of its own (a regex's lives in a [`RegexCell`] static
/// beside it), so a `static` pattern is a constant and the compiler
/// specialises each inlined scan to its own classes.
#[derive(Debug)]
pub struct Pattern {
    source: &'static str,
    message: Option<&'static str>,
    scan: Scan,
}

/// Where a regex [`Pattern`] keeps its regex, compiled on first use.
#[derive(Debug, Default)]
pub struct RegexCell(OnceLock<Result<Regex, regex::Error>>);

impl RegexCell {
    /// An empty cell, for a `static`.
    pub const fn new() -> Self {
        RegexCell(OnceLock::new())
    }
}

/// How a [`Pattern`] decides a match.
#[derive(Debug, Clone, Copy)]
enum Scan {
    Regex(&'static RegexCell),
    ClassRuns(&'static [ClassRun]),
    /// Class runs scanned by a function of their own (see
    /// [`Pattern::scanned_runs`]).
    ScannedRuns(fn(&[u8]) -> bool),
    Suffixes(&'static [&'static [ByteClass]]),
}

impl Pattern {
    /// A regex pattern with an optional custom message, compiled lazily,
    /// once, into `cell`.
    pub const fn regex(
        source: &'static str,
        message: Option<&'static str>,
        cell: &'static RegexCell,
    ) -> Self {
        Self::with_scan(source, message, Scan::Regex(cell))
    }

    const fn with_scan(source: &'static str, message: Option<&'static str>, scan: Scan) -> Self {
        Pattern {
            source,
            message,
            scan,
        }
    }

    /// A pattern that matches exactly the strings made of `runs`, one after
    /// the other, and nothing else. The generator emits this only when it
    /// proved that `source` means the same: anchored at both ends, ASCII
    /// classes only, and each run of variable length disjoint from every
    /// later run's class, so a greedy scan is exact.
    pub const fn class_runs(
        source: &'static str,
        message: Option<&'static str>,
        runs: &'static [ClassRun],
    ) -> Self {
        Self::with_scan(source, message, Scan::ClassRuns(runs))
    }

    /// [`class_runs`](Self::class_runs), decided by `scan`, a function
    /// that calls [`match_runs`] on the runs: generated code writes one
    /// such function per pattern, which the compiler specialises to its
    /// classes (a scan with constant classes, about twice as fast as one
    /// that reads them), once, however many fields share the pattern.
    pub const fn scanned_runs(
        source: &'static str,
        message: Option<&'static str>,
        scan: fn(&[u8]) -> bool,
    ) -> Self {
        Self::with_scan(source, message, Scan::ScannedRuns(scan))
    }

    /// A pattern that matches exactly the strings ending in one of
    /// `alternatives`, each a fixed-width sequence of ASCII classes. The
    /// generator emits this only when it proved that `source` means the
    /// same: anchored at the end only, and an alternation of such
    /// sequences, so the last bytes alone decide.
    pub const fn suffixes(
        source: &'static str,
        message: Option<&'static str>,
        alternatives: &'static [&'static [ByteClass]],
    ) -> Self {
        Self::with_scan(source, message, Scan::Suffixes(alternatives))
    }

    /// For a pattern that only looks at the end of the text, how many of
    /// its last bytes decide it.
    fn suffix_len(&self) -> Option<usize> {
        match self.scan {
            Scan::Suffixes(alternatives) => alternatives.iter().map(|a| a.len()).max(),
            _ => None,
        }
    }

    /// The pattern as written in the spec.
    pub fn source(&self) -> &'static str {
        self.source
    }

    /// `Some(true)` on a match; `None` if the pattern does not compile (the
    /// generator rejects such specs, so this is only a safety net).
    ///
    /// Always inlined, so that a constant pattern (as generated rules hold)
    /// becomes a direct call of its scan.
    #[inline(always)]
    pub fn is_match(&self, s: &str) -> Option<bool> {
        match self.scan {
            Scan::ClassRuns(runs) => Some(match_runs_outlined(runs, s.as_bytes())),
            Scan::ScannedRuns(scan) => Some(scan(s.as_bytes())),
            Scan::Suffixes(alternatives) => Some(ends_in(alternatives, s.as_bytes())),
            Scan::Regex(cell) => self.regex_match(cell, s),
        }
    }

    /// Whether a match is made of ASCII bytes only, so that its length in
    /// bytes is its length in characters: true of class runs, whose
    /// classes hold ASCII bytes only and cover the whole text.
    fn matches_ascii_only(&self) -> bool {
        matches!(self.scan, Scan::ClassRuns(_) | Scan::ScannedRuns(_))
    }

    fn regex_match(&self, cell: &RegexCell, s: &str) -> Option<bool> {
        cell.0
            .get_or_init(|| Regex::new(self.source))
            .as_ref()
            .ok()
            .map(|re| re.is_match(s))
    }
}

/// Whether `s` ends in one of `alternatives`, each a sequence of classes.
#[inline]
fn ends_in(alternatives: &[&[ByteClass]], s: &[u8]) -> bool {
    alternatives.iter().any(|classes| {
        s.len() >= classes.len()
            && s[s.len() - classes.len()..]
                .iter()
                .zip(*classes)
                .all(|(&b, class)| class.contains(b))
    })
}

/// A set of ASCII bytes, one bit each. Bytes of non-ASCII characters are in
/// no set, as a character class of ASCII characters never matches them.
/// Two 64-bit words, not a `u128`: a test is then one shift.
///
/// A set of at most four ranges also keeps them, as the constants of a
/// test of eight bytes at once, which class-run patterns scan with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ByteClass {
    bits: [u64; 2],
    /// Per range `lo..=hi`: `(0x80 - lo)` and `(0x7f - hi)` in every byte
    /// lane; `(0, 0)` for an unused slot (it matches nothing).
    lanes: Option<[(u64, u64); SWAR_RANGES]>,
}

/// The most ranges of a set that is scanned eight bytes at a time: the
/// classes of API patterns (`[a-zA-Z0-9\-]`, `[0-9]`) have one to four.
const SWAR_RANGES: usize = 4;

/// One in each byte lane.
const LOW_BITS: u64 = u64::from_le_bytes([0x01; 8]);
/// The high bit of each byte lane.
const HIGH_BITS: u64 = u64::from_le_bytes([0x80; 8]);

impl ByteClass {
    /// The bytes of the inclusive `ranges`; bytes above 127 are left out.
    pub const fn ranges(ranges: &[(u8, u8)]) -> Self {
        let mut bits = [0; 2];
        let mut i = 0;
        while i < ranges.len() {
            let (mut b, hi) = ranges[i];
            while b <= hi && b < 128 {
                bits = with_byte(bits, b);
                b += 1;
            }
            i += 1;
        }
        Self::from_bits(bits)
    }

    /// The ASCII bytes of `bytes`: `ByteClass::bytes(b"+-")`.
    pub const fn bytes(bytes: &[u8]) -> Self {
        Self::from_bits([0; 2]).with(bytes)
    }

    /// The same set with the ASCII bytes of `bytes` added.
    pub const fn with(self, bytes: &[u8]) -> Self {
        let mut bits = self.bits;
        let mut i = 0;
        while i < bytes.len() {
            bits = with_byte(bits, bytes[i]);
            i += 1;
        }
        Self::from_bits(bits)
    }

    /// The set of `bits`, with its ranges' lane constants if it has at most
    /// [`SWAR_RANGES`] ranges.
    const fn from_bits(bits: [u64; 2]) -> Self {
        let mut lanes = [(0, 0); SWAR_RANGES];
        let mut count = 0;
        let mut b = 0u8;
        while b < 128 {
            if !has(bits, b) {
                b += 1;
                continue;
            }
            let lo = b;
            while b < 127 && has(bits, b + 1) {
                b += 1;
            }
            if count == SWAR_RANGES {
                return ByteClass { bits, lanes: None };
            }
            lanes[count] = ((0x80 - lo as u64) * LOW_BITS, (0x7f - b as u64) * LOW_BITS);
            count += 1;
            b += 1;
        }
        ByteClass {
            bits,
            lanes: Some(lanes),
        }
    }

    /// Whether `b` is in the set.
    #[inline]
    pub const fn contains(self, b: u8) -> bool {
        has(self.bits, b)
    }

    /// How many leading bytes of `s` are in the set.
    ///
    /// A set of few ranges tests eight bytes at a time in a `u64` (SWAR):
    /// per range, two additions put a byte's `>= lo` and `> hi` in the high
    /// bit of its lane; the first lane outside the set is the first zero
    /// high bit. About two operations per byte, where a bit test per byte is
    /// about nine. Other sets, and texts shorter than eight bytes, test each
    /// byte.
    #[inline(always)]
    pub(crate) fn prefix_len(&self, s: &[u8]) -> usize {
        let lanes = match self.lanes {
            Some(lanes) if s.len() >= 8 => lanes,
            _ => return self.prefix_len_bytewise(s),
        };
        let outside = |word: &[u8; 8]| {
            let word = u64::from_le_bytes(*word);
            let mut inside = 0;
            for (at_least, above) in lanes {
                inside |= word.wrapping_add(at_least) & !word.wrapping_add(above);
            }
            // Non-ASCII bytes are outside every set. Only their lanes can
            // carry (an ASCII byte plus at most 0x80 stays below 0x100),
            // and a carry only reaches later bytes, past the first byte
            // outside, so it never changes the answer.
            !(inside & !word) & HIGH_BITS
        };
        let first = |out: u64| (out.trailing_zeros() / 8) as usize;
        let mut done = 0;
        let mut chunks = s.chunks_exact(8);
        for chunk in &mut chunks {
            let Some(chunk) = chunk.first_chunk::<8>() else {
                break;
            };
            let out = outside(chunk);
            if out != 0 {
                return done + first(out);
            }
            done += 8;
        }
        let rest = chunks.remainder();
        // The last eight bytes, read again where they overlap the ones
        // already scanned (which are inside, so their lanes are dropped):
        // no copy into a padded buffer, whose byte stores an eight-byte
        // load would have to wait for.
        match s.last_chunk::<8>() {
            Some(last) if !rest.is_empty() => {
                let seen = 8 * (8 - rest.len()) as u32;
                let out = outside(last) >> seen << seen;
                if out == 0 {
                    s.len()
                } else {
                    s.len() - 8 + first(out)
                }
            }
            _ => done,
        }
    }

    /// [`prefix_len`](Self::prefix_len) one byte at a time, reading both
    /// words into registers once (indexing the array per byte made the
    /// compiler copy it to the stack and read it back on every byte).
    #[inline]
    fn prefix_len_bytewise(&self, s: &[u8]) -> usize {
        let [low, high] = self.bits;
        s.iter()
            .position(|&b| {
                let word = if b < 64 { low } else { high };
                b >= 128 || (word >> (b & 63)) & 1 == 0
            })
            .unwrap_or(s.len())
    }
}

const fn with_byte(mut bits: [u64; 2], b: u8) -> [u64; 2] {
    if b < 128 {
        bits[(b >> 6) as usize] |= 1 << (b & 63);
    }
    bits
}

const fn has(bits: [u64; 2], b: u8) -> bool {
    b < 128 && (bits[(b >> 6) as usize] >> (b & 63)) & 1 != 0
}

/// Between `min` and `max` (unbounded when `None`) bytes of one class.
#[derive(Debug, Clone, Copy)]
pub struct ClassRun {
    /// The bytes allowed.
    pub class: ByteClass,
    /// Fewest bytes.
    pub min: usize,
    /// Most bytes.
    pub max: Option<usize>,
}

impl ClassRun {
    /// A run of `min..=max` bytes of `class`.
    pub const fn new(class: ByteClass, min: usize, max: Option<usize>) -> Self {
        ClassRun { class, min, max }
    }
}

/// Whether `s` is exactly `runs`, each run taking as many bytes as it
/// may (see [`Pattern::class_runs`] for why that is exact).
///
/// Always inlined: with constant `runs` (as generated code passes, in the
/// function it writes per pattern) the compiler drops the loop over runs
/// and every unused range, and keeps the classes' lane constants in
/// registers.
#[inline(always)]
pub fn match_runs(runs: &[ClassRun], s: &[u8]) -> bool {
    // Most patterns are one run of a class (`^[a-z0-9-]+$`).
    if let [ClassRun {
        class,
        min,
        max: None,
    }] = runs
    {
        let taken = class.prefix_len(s);
        return taken == s.len() && taken >= *min;
    }
    let mut at = 0usize;
    for run in runs {
        let rest = s.get(at..).unwrap_or_default();
        let window = match run.max {
            Some(max) => rest.get(..max).unwrap_or(rest),
            None => rest,
        };
        let taken = run.class.prefix_len(window);
        if taken < run.min {
            return false;
        }
        at += taken;
    }
    at == s.len()
}

/// [`match_runs`] for runs read at run time: one copy, not one per caller.
#[inline(never)]
fn match_runs_outlined(runs: &[ClassRun], s: &[u8]) -> bool {
    match_runs(runs, s)
}

/// The semantic format of a string.
#[derive(Debug, Clone, Copy)]
pub enum StringFormat {
    /// Any string.
    Plain,
    /// A date-time in the given wire format.
    DateTime(DateTimeFormat),
    /// A date-time in the given wire format, with bounds in time beyond
    /// `not_future`.
    BoundedDateTime(DateTimeFormat, &'static DateTimeBounds),
    /// A hyphenated UUID.
    Uuid,
    /// An e-mail address.
    Email,
    /// An E.164 phone number.
    Phone,
    /// Standard base64 (only used by the JSON validator; typed bytes are
    /// decoded by serde).
    Base64,
}

/// An absolute date-time bound: as the spec wrote it (in the field's own
/// format, for messages) and as an instant (for comparing).
#[derive(Debug, Clone, Copy)]
pub struct Instant {
    /// The bound in the field's wire format.
    pub text: &'static str,
    /// The bound in nanoseconds since the Unix epoch.
    pub unix_nanos: i128,
}

/// The bounds in time of a date-time, besides `not_future`.
#[derive(Debug)]
pub struct DateTimeBounds {
    /// Rejects instants before "now" (at the format's precision, so a
    /// date-only value of today passes), with this custom message.
    pub not_past: Option<Option<&'static str>>,
    /// The earliest instant allowed, inclusive.
    pub minimum: Option<Limit<Instant>>,
    /// The latest instant allowed, inclusive.
    pub maximum: Option<Limit<Instant>>,
}

/// Constraints on one string value.
#[derive(Debug)]
pub struct StringRules {
    /// Its format.
    pub format: StringFormat,
    /// Minimum length in Unicode code points.
    pub min_length: Option<Limit<usize>>,
    /// Maximum length in Unicode code points.
    pub max_length: Option<Limit<usize>>,
    /// A regex that must be found in the value.
    pub pattern: Option<&'static Pattern>,
    /// Rejects empty and white-space-only values, with this custom message.
    pub not_blank: Option<Option<&'static str>>,
    /// For date-times: rejects instants after "now".
    pub not_future: Option<Option<&'static str>>,
}

impl StringRules {
    /// No constraint at all.
    pub const PLAIN: StringRules = StringRules::format(StringFormat::Plain);

    /// No constraint at all; start of a chain such as
    /// `StringRules::new().min_length(1).pattern(&P)`.
    pub const fn new() -> Self {
        Self::PLAIN
    }

    /// Only the format `format`.
    pub const fn format(format: StringFormat) -> Self {
        StringRules {
            format,
            min_length: None,
            max_length: None,
            pattern: None,
            not_blank: None,
            not_future: None,
        }
    }

    /// Only a date-time format.
    pub const fn datetime(format: DateTimeFormat) -> Self {
        Self::format(StringFormat::DateTime(format))
    }

    setters! {
        limit min_length, min_length_says: usize, "At least this many code points.";
        limit max_length, max_length_says: usize, "At most this many code points.";
        flag not_blank, not_blank_says, "Not empty or white space only.";
        flag not_future, not_future_says, "For date-times: not after \"now\".";
    }

    /// A pattern that must be found in the value.
    pub const fn pattern(mut self, pattern: &'static Pattern) -> Self {
        self.pattern = Some(pattern);
        self
    }

    /// For date-times: the bounds in time beyond `not_future`.
    pub const fn bounds(mut self, bounds: &'static DateTimeBounds) -> Self {
        if let StringFormat::DateTime(f) | StringFormat::BoundedDateTime(f, _) = self.format {
            self.format = StringFormat::BoundedDateTime(f, bounds);
        }
        self
    }
}

impl Default for StringRules {
    fn default() -> Self {
        Self::new()
    }
}

impl DateTimeBounds {
    /// No bound; start of a chain such as `DateTimeBounds::new().not_past()`.
    pub const fn new() -> Self {
        DateTimeBounds {
            not_past: None,
            minimum: None,
            maximum: None,
        }
    }

    setters! {
        flag not_past, not_past_says, "Not before \"now\", at the format's precision.";
    }

    /// The earliest instant allowed: `text` as the spec wrote it, at
    /// `unix_nanos`.
    pub const fn minimum(
        mut self,
        text: &'static str,
        unix_nanos: i128,
        message: Option<&'static str>,
    ) -> Self {
        let value = Instant { text, unix_nanos };
        self.minimum = Some(Limit { value, message });
        self
    }

    /// The latest instant allowed.
    pub const fn maximum(
        mut self,
        text: &'static str,
        unix_nanos: i128,
        message: Option<&'static str>,
    ) -> Self {
        let value = Instant { text, unix_nanos };
        self.maximum = Some(Limit { value, message });
        self
    }
}

impl Default for DateTimeBounds {
    fn default() -> Self {
        Self::new()
    }
}

/// Constraints on one number (integers are checked as numbers).
#[derive(Debug)]
pub struct NumberRules {
    /// Inclusive lower bound.
    pub minimum: Option<Limit<f64>>,
    /// Inclusive upper bound.
    pub maximum: Option<Limit<f64>>,
    /// Exclusive lower bound.
    pub exclusive_minimum: Option<Limit<f64>>,
    /// Exclusive upper bound.
    pub exclusive_maximum: Option<Limit<f64>>,
}

impl NumberRules {
    /// No constraint at all.
    pub const PLAIN: NumberRules = NumberRules {
        minimum: None,
        maximum: None,
        exclusive_minimum: None,
        exclusive_maximum: None,
    };

    /// No constraint; start of a chain such as `NumberRules::new().minimum(0.0)`.
    pub const fn new() -> Self {
        Self::PLAIN
    }

    setters! {
        limit minimum, minimum_says: f64, "At least this value.";
        limit maximum, maximum_says: f64, "At most this value.";
        limit exclusive_minimum, exclusive_minimum_says: f64, "Greater than this value.";
        limit exclusive_maximum, exclusive_maximum_says: f64, "Less than this value.";
    }
}

impl Default for NumberRules {
    fn default() -> Self {
        Self::new()
    }
}

/// Constraints on the length of an array.
#[derive(Debug)]
pub struct ItemsRules {
    /// Fewest items.
    pub min_items: Option<Limit<usize>>,
    /// Most items.
    pub max_items: Option<Limit<usize>>,
}

impl ItemsRules {
    /// No constraint; start of a chain such as `ItemsRules::new().max_items(10)`.
    pub const fn new() -> Self {
        ItemsRules {
            min_items: None,
            max_items: None,
        }
    }

    setters! {
        limit min_items, min_items_says: usize, "At least this many items.";
        limit max_items, max_items_says: usize, "At most this many items.";
    }
}

impl Default for ItemsRules {
    fn default() -> Self {
        Self::new()
    }
}

/// Constraints on the number of members of a free-form `object`.
#[derive(Debug)]
pub struct PropertiesRules {
    /// Fewest members.
    pub min_properties: Option<Limit<usize>>,
    /// Most members.
    pub max_properties: Option<Limit<usize>>,
}

impl PropertiesRules {
    /// No constraint.
    pub const PLAIN: PropertiesRules = PropertiesRules {
        min_properties: None,
        max_properties: None,
    };

    /// No constraint; start of a chain such as `PropertiesRules::new().max_properties(5)`.
    pub const fn new() -> Self {
        Self::PLAIN
    }

    setters! {
        limit min_properties, min_properties_says: usize, "At least this many members.";
        limit max_properties, max_properties_says: usize, "At most this many members.";
    }
}

impl Default for PropertiesRules {
    fn default() -> Self {
        Self::new()
    }
}

/// Checks a string value: the rules on its text, then its format.
///
/// Always inlined, so that with a `static` rules value (as generated code
/// passes) the compiler drops every rule the field does not have: what is
/// left is the field's own checks. Each error is reported by a cold
/// function, which keeps them small.
#[inline(always)]
pub fn string(s: &str, rules: &StringRules, path: &Path<'_>, report: &mut Report) {
    text(s, rules, path, report);
    format(s, rules, path, report);
}

impl StringRules {
    /// When the only rule on the text is a pattern that looks only at the
    /// end of it: the pattern, its alternatives, and how many of the
    /// text's last bytes decide it.
    fn suffix_only(&self) -> Option<(&'static Pattern, &'static [&'static [ByteClass]], usize)> {
        let only =
            self.min_length.is_none() && self.max_length.is_none() && self.not_blank.is_none();
        let p = self.pattern.filter(|_| only)?;
        match p.scan {
            Scan::Suffixes(alternatives) => Some((p, alternatives, p.suffix_len()?)),
            _ => None,
        }
    }

    /// Whether any rule reads the text itself rather than the value it
    /// stands for (pattern, lengths, blankness).
    pub fn has_text_rules(&self) -> bool {
        self.pattern.is_some()
            || self.min_length.is_some()
            || self.max_length.is_some()
            || self.not_blank.is_some()
    }
}

/// The rules on the text of a string, whatever its format.
#[inline(always)]
fn text(s: &str, rules: &StringRules, path: &Path<'_>, report: &mut Report) {
    if let Some(custom) = rules.not_blank {
        if is_blank(s) {
            blank(custom, path, report);
        }
    }
    // The pattern is tested first (its error is still reported last): a
    // text that matches class runs is ASCII, so its lengths need no count
    // of code points.
    let matched = rules.pattern.map(|p| (p, p.is_match(s)));
    let ascii = matches!(matched, Some((p, Some(true))) if p.matches_ascii_only());
    if let Some(l) = rules.min_length {
        let below = if ascii {
            s.len() < l.value
        } else {
            chars_below(s, l.value)
        };
        if below {
            bad_length(Code::MinLength, l, path, report);
        }
    }
    if let Some(l) = rules.max_length {
        let above = if ascii {
            s.len() > l.value
        } else {
            chars_above(s, l.value)
        };
        if above {
            bad_length(Code::MaxLength, l, path, report);
        }
    }
    match matched {
        Some((_, Some(true))) | None => {}
        Some((p, compiled)) => pattern_failed(p, compiled.is_some(), path, report),
    }
}

/// Empty or white space only. Most values start with a visible ASCII
/// character, or with ASCII white space then one, which settles it without
/// `trim`'s Unicode tables; a non-ASCII character goes to `trim`.
#[inline]
fn is_blank(s: &str) -> bool {
    // `char::is_whitespace` on ASCII: tab, line feed, vertical tab, form
    // feed, carriage return and space.
    let lead = s
        .bytes()
        .position(|b| !matches!(b, b'\t'..=b'\r' | b' '))
        .unwrap_or(s.len());
    match s.as_bytes().get(lead) {
        None => true,
        Some(b) if b.is_ascii() => false,
        Some(_) => s.get(lead..).is_some_and(|rest| rest.trim().is_empty()),
    }
}

/// Whether `s` has fewer than `n` code points. A code point takes one to
/// four bytes, so the byte length alone decides unless it is in `n..4n`.
#[inline]
fn chars_below(s: &str, n: usize) -> bool {
    s.len() < n || (s.len() < n.saturating_mul(4) && s.chars().count() < n)
}

/// Whether `s` has more than `n` code points; at most `n` bytes settles it.
#[inline]
fn chars_above(s: &str, n: usize) -> bool {
    s.len() > n && s.chars().count() > n
}

/// Reports a length beyond the bound `l`: `MinLength` or `MaxLength`.
#[cold]
#[inline(never)]
fn bad_length(code: Code, l: Limit<usize>, path: &Path<'_>, report: &mut Report) {
    let relation = if code == Code::MinLength {
        "at least"
    } else {
        "at most"
    };
    let unit = counted(l.value, "characters");
    let text = format_args!("must be {relation} {} {unit} long", l.value);
    push_default(report, path, code, l.message, (l.value as u64, 0), text);
}

#[cold]
#[inline(never)]
fn pattern_failed(p: &Pattern, compiled: bool, path: &Path<'_>, report: &mut Report) {
    if compiled {
        let text = format_args!("must match the pattern {}", p.source);
        let key = (p.source.len() as u64, p.source.as_ptr() as usize);
        push_default(report, path, Code::Pattern, p.message, key, text);
    } else {
        report.push(
            path,
            Code::Pattern,
            None,
            format_args!("the pattern {} does not compile", p.source),
        );
    }
}

/// Records an error with the spec's message `custom`, or else the default
/// `text`, whose arguments `key` stands for (with the code): each distinct
/// default text is formatted once per process and then shared
/// (`intern.rs`), so an error costs no allocation for its message.
fn push_default(
    report: &mut Report,
    path: &Path<'_>,
    code: Code,
    custom: Option<&'static str>,
    key: (u64, usize),
    text: std::fmt::Arguments<'_>,
) {
    type Key = (Code, u64, usize);
    thread_local! {
        static LOCAL: intern::Local<Key> = const { intern::local() };
    }
    static SHARED: intern::Shared<Key> = intern::shared();
    if custom.is_some() || !report.keeps() {
        return report.push(path, code, custom, text);
    }
    let text = intern::text(&LOCAL, &SHARED, (code, key.0, key.1), || text.to_string());
    report.push_text(path, code, None, text);
}

/// The format of a string, and a date-time's bounds.
#[inline(always)]
fn format(s: &str, rules: &StringRules, path: &Path<'_>, report: &mut Report) {
    let (ok, what) = match rules.format {
        StringFormat::Plain => return,
        StringFormat::DateTime(f) => return datetime(s, f, rules, None, path, report),
        StringFormat::BoundedDateTime(f, bounds) => {
            return datetime(s, f, rules, Some(bounds), path, report);
        }
        StringFormat::Uuid => (formats::is_uuid(s), "must be a UUID"),
        StringFormat::Email => (formats::is_email(s), "must be an e-mail address"),
        StringFormat::Phone => (
            formats::is_e164(s),
            "must be an E.164 phone number such as +14155550123",
        ),
        StringFormat::Base64 => (formats::is_base64(s), "must be base64"),
    };
    if !ok {
        bad_format(what, path, report);
    }
}

#[cold]
#[inline(never)]
fn bad_format(message: &'static str, path: &Path<'_>, report: &mut Report) {
    report.push_text(path, Code::Format, None, message);
}

fn datetime(
    s: &str,
    f: DateTimeFormat,
    rules: &StringRules,
    bounds: Option<&DateTimeBounds>,
    path: &Path<'_>,
    report: &mut Report,
) {
    match f.parse(s) {
        Some(instant) => in_time(instant, f, rules, bounds, path, report),
        None => report.push(
            path,
            Code::Format,
            None,
            format_args!("must be a date-time in the form {}", f.describe()),
        ),
    }
}

/// Checks a typed date-time (a custom-format one read as UTC): its bounds
/// in time and, if the spec has any, the rules on its wire text. Nothing is
/// parsed: serde did that.
pub fn date_time(
    instant: OffsetDateTime,
    rules: &StringRules,
    path: &Path<'_>,
    report: &mut Report,
) {
    let (f, bounds) = match rules.format {
        StringFormat::DateTime(f) => (f, None),
        StringFormat::BoundedDateTime(f, b) => (f, Some(b)),
        _ => return,
    };
    // A value serde could not write would fail only at send time.
    if !f.can_write(instant) {
        return report.push(
            path,
            Code::Format,
            None,
            format_args!("can't be written in the form {}", f.describe()),
        );
    }
    if rules.has_text_rules() {
        // A pattern on the end of RFC 3339 text (`(Z|[+-]00:00)$`, "in
        // UTC") reads the clock and offset only, when they are long enough
        // to decide it: the calendar date is most of the writing.
        if let (DateTimeFormat::Rfc3339, Some((p, alternatives, k))) = (f, rules.suffix_only()) {
            let mut clock = [0u8; crate::datetime::RFC3339_CLOCK_MAX_LEN];
            let n = crate::datetime::write_rfc3339_clock(instant, &mut clock);
            if let Some(written) = n.filter(|&n| k <= n).and_then(|n| clock.get(..n)) {
                if !ends_in(alternatives, written) {
                    pattern_failed(p, true, path, report);
                }
                return in_time(instant, f, rules, bounds, path, report);
            }
        }
        // Formats are at most 254 bytes, RFC 3339 text at most 35: no
        // allocation on the valid path, and no 256 bytes to clear for
        // RFC 3339.
        let mut short = [0u8; crate::datetime::RFC3339_MAX_LEN];
        let mut long;
        let buf: &mut [u8] = match f {
            DateTimeFormat::Rfc3339 => &mut short,
            DateTimeFormat::Custom(_) => {
                long = [0u8; 256];
                &mut long
            }
        };
        if let Some(s) = f.format_into(instant, buf) {
            text(s, rules, path, report);
        }
    }
    in_time(instant, f, rules, bounds, path, report);
}

/// Checks a typed UUID: only the rules on its wire text (lower-case,
/// hyphenated), if the spec has any.
pub fn uuid(value: &uuid::Uuid, rules: &StringRules, path: &Path<'_>, report: &mut Report) {
    if rules.has_text_rules() {
        let mut buf = [0u8; uuid::fmt::Hyphenated::LENGTH];
        text(
            value.hyphenated().encode_lower(&mut buf),
            rules,
            path,
            report,
        );
    }
}

fn in_time(
    instant: OffsetDateTime,
    f: DateTimeFormat,
    rules: &StringRules,
    bounds: Option<&DateTimeBounds>,
    path: &Path<'_>,
    report: &mut Report,
) {
    if let Some(custom) = rules.not_future {
        if later(instant, report.now()) {
            report.push(
                path,
                Code::Future,
                custom,
                format_args!("can't be in the future"),
            );
        }
    }
    let Some(bounds) = bounds else { return };
    if let Some(custom) = bounds.not_past {
        // "Now" cut to what the format can say: today is not past for a
        // date-only field.
        let now = match f {
            DateTimeFormat::Rfc3339 => report.now(),
            DateTimeFormat::Custom(layout) => {
                let now = report.now().to_offset(time::UtcOffset::UTC);
                layout
                    .truncate(time::PrimitiveDateTime::new(now.date(), now.time()))
                    .assume_utc()
            }
        };
        if instant < now {
            report.push(
                path,
                Code::Past,
                custom,
                format_args!("can't be in the past"),
            );
        }
    }
    let nanos = instant.unix_timestamp_nanos();
    if let Some(l) = bounds.minimum {
        if nanos < l.value.unix_nanos {
            report.push(
                path,
                Code::Minimum,
                l.message,
                format_args!("must be {} or later", l.value.text),
            );
        }
    }
    if let Some(l) = bounds.maximum {
        if nanos > l.value.unix_nanos {
            report.push(
                path,
                Code::Maximum,
                l.message,
                format_args!("must be {} or earlier", l.value.text),
            );
        }
    }
}

/// Whether `a` is after `b`. Both are UTC in the common case (typed
/// custom-format values, the clock), where comparing date and time skips
/// the offset arithmetic of `OffsetDateTime`'s own comparison.
#[inline]
fn later(a: OffsetDateTime, b: OffsetDateTime) -> bool {
    if a.offset().is_utc() && b.offset().is_utc() {
        (a.date(), a.time()) > (b.date(), b.time())
    } else {
        a > b
    }
}

/// Checks an `f64` value; inlined like [`string`].
#[inline(always)]
pub fn number(v: f64, rules: &NumberRules, path: &Path<'_>, report: &mut Report) {
    if let Some(l) = rules.minimum {
        if v < l.value {
            out_of_bounds(Code::Minimum, l, path, report);
        }
    }
    if let Some(l) = rules.maximum {
        if v > l.value {
            out_of_bounds(Code::Maximum, l, path, report);
        }
    }
    if let Some(l) = rules.exclusive_minimum {
        if v <= l.value {
            out_of_bounds(Code::ExclusiveMinimum, l, path, report);
        }
    }
    if let Some(l) = rules.exclusive_maximum {
        if v >= l.value {
            out_of_bounds(Code::ExclusiveMaximum, l, path, report);
        }
    }
}

/// Reports a number beyond the bound `l`, which `code` names.
#[cold]
#[inline(never)]
fn out_of_bounds(code: Code, l: Limit<f64>, path: &Path<'_>, report: &mut Report) {
    let relation = match code {
        Code::Minimum => "at least",
        Code::Maximum => "at most",
        Code::ExclusiveMinimum => "greater than",
        _ => "less than",
    };
    let text = format_args!("must be {relation} {}", l.value);
    push_default(report, path, code, l.message, (l.value.to_bits(), 0), text);
}

/// Checks an `i64` value. Bounds are compared exactly where they are whole
/// numbers, so large ids do not lose precision.
#[inline(always)]
pub fn integer(v: i64, rules: &NumberRules, path: &Path<'_>, report: &mut Report) {
    // i64 -> f64 is exact up to 2^53, far beyond any bound in an API document.
    #[allow(clippy::cast_precision_loss)]
    number(v as f64, rules, path, report);
}

/// Checks the number of items of an array.
#[inline]
pub fn items(len: usize, rules: &ItemsRules, path: &Path<'_>, report: &mut Report) {
    let (min, max) = (rules.min_items, rules.max_items);
    if min.is_some_and(|l| len < l.value) || max.is_some_and(|l| len > l.value) {
        let codes = (Code::MinItems, Code::MaxItems);
        count(len, min, max, codes, "items", path, report);
    }
}

/// Checks the number of members of a free-form `object`.
#[inline]
pub fn properties(len: usize, rules: &PropertiesRules, path: &Path<'_>, report: &mut Report) {
    let (min, max) = (rules.min_properties, rules.max_properties);
    if min.is_some_and(|l| len < l.value) || max.is_some_and(|l| len > l.value) {
        let codes = (Code::MinProperties, Code::MaxProperties);
        count(len, min, max, codes, "members", path, report);
    }
}

/// `plural` ("items") as `n` of them says it: singular for one.
fn counted(n: usize, plural: &str) -> &str {
    match n {
        1 => plural.strip_suffix('s').unwrap_or(plural),
        _ => plural,
    }
}

/// Reports a count of `what` below `min` or above `max`.
#[cold]
#[inline(never)]
fn count(
    len: usize,
    min: Option<Limit<usize>>,
    max: Option<Limit<usize>>,
    (below, above): (Code, Code),
    what: &str,
    path: &Path<'_>,
    report: &mut Report,
) {
    if let Some(l) = min.filter(|l| len < l.value) {
        let text = format_args!("must have at least {} {}", l.value, counted(l.value, what));
        push_default(report, path, below, l.message, (l.value as u64, 0), text);
    }
    if let Some(l) = max.filter(|l| len > l.value) {
        let text = format_args!("must have at most {} {}", l.value, counted(l.value, what));
        push_default(report, path, above, l.message, (l.value as u64, 0), text);
    }
}

/// The JSON validator's view of a free-form `object`: any members, but an
/// object (`[1, 2]` is a `type` error, unlike `json`).
pub fn json_object(v: &Value, rules: &PropertiesRules, path: &Path<'_>, report: &mut Report) {
    match v {
        Value::Object(members) => properties(members.len(), rules, path, report),
        other => wrong_type("object", other, path, report),
    }
}

/// Reports a wrong JSON type.
pub fn wrong_type(expected: &str, found: &Value, path: &Path<'_>, report: &mut Report) {
    report.push(
        path,
        Code::Type,
        None,
        format_args!("expected {expected}, found {}", json_type_name(found)),
    );
}

/// The JSON Schema name of a value's type.
pub fn json_type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Reports a missing required field.
#[cold]
#[inline(never)]
pub fn missing(path: &Path<'_>, report: &mut Report) {
    report.push(path, Code::Required, None, format_args!("is required"));
}

/// Reports a blank string, or a field that must not be blank but is
/// missing or null.
#[cold]
#[inline(never)]
pub fn blank(custom: Option<&'static str>, path: &Path<'_>, report: &mut Report) {
    report.push(path, Code::Blank, custom, format_args!("can't be blank"));
}

/// The JSON validator's view of a string: checks the type, then the rules.
pub fn json_string(v: &Value, rules: &StringRules, path: &Path<'_>, report: &mut Report) {
    match v {
        Value::String(s) => string(s, rules, path, report),
        other => wrong_type("string", other, path, report),
    }
}

/// The JSON validator's view of a number.
pub fn json_number(v: &Value, rules: &NumberRules, path: &Path<'_>, report: &mut Report) {
    match v.as_f64() {
        Some(n) if v.is_number() => number(n, rules, path, report),
        _ => wrong_type("number", v, path, report),
    }
}

/// The JSON validator's view of an integer: any number with no fraction, as
/// in JSON Schema (`1.0` is an integer), that fits the `i64` of the typed
/// struct.
pub fn json_integer(v: &Value, rules: &NumberRules, path: &Path<'_>, report: &mut Report) {
    let Value::Number(n) = v else {
        return wrong_type("integer", v, path, report);
    };
    let whole = n.as_i64().or_else(|| {
        n.as_f64()
            .filter(|f| {
                f.fract() == 0.0 && *f >= -9.223_372_036_854_776e18 && *f < 9.223_372_036_854_776e18
            })
            // In range and whole, so the conversion is exact.
            .map(|f| f as i64)
    });
    match whole {
        Some(i) => integer(i, rules, path, report),
        None if n.as_u64().is_some() || n.as_f64().is_some_and(|f| f.fract() == 0.0) => report
            .push(
                path,
                Code::Type,
                None,
                format_args!("expected an integer between -2^63 and 2^63-1"),
            ),
        None => wrong_type("integer", v, path, report),
    }
}

/// The JSON validator's view of a boolean.
pub fn json_boolean(v: &Value, path: &Path<'_>, report: &mut Report) {
    if !v.is_boolean() {
        wrong_type("boolean", v, path, report);
    }
}

/// The JSON validator's view of a closed enum of strings.
pub fn json_enum(v: &Value, allowed: &[&str], open: bool, path: &Path<'_>, report: &mut Report) {
    match v {
        Value::String(s) => {
            if !open && !allowed.contains(&s.as_str()) {
                report.push(
                    path,
                    Code::Enum,
                    None,
                    format_args!("must be one of: {}", allowed.join(", ")),
                );
            }
        }
        other => wrong_type("string", other, path, report),
    }
}

/// Whether `s` is sent as an HTTP header value exactly as it is: visible
/// ASCII, spaces and tabs, with no white space at either end (which HTTP
/// strips). So no CR, LF or NUL can split or cut a request.
pub fn is_header_value(s: &str) -> bool {
    let inner_ok = s.bytes().all(|b| b == b'\t' || (b' '..=b'~').contains(&b));
    let trimmed = s.trim_matches([' ', '\t']).len() == s.len();
    inner_ok && trimmed
}

/// Reports a header parameter that cannot be sent as it is.
pub fn header_value(s: &str, path: &Path<'_>, report: &mut Report) {
    if !is_header_value(s) {
        report.push(
            path,
            Code::HeaderValue,
            None,
            format_args!(
                "must be visible ASCII, spaces or tabs, with no white space at either end (it is sent as a header)"
            ),
        );
    }
}

/// Reports an empty path parameter, which would change the URL's shape.
pub fn path_segment(s: &str, path: &Path<'_>, report: &mut Report) {
    if s.is_empty() {
        report.push(
            path,
            Code::PathSegment,
            None,
            format_args!("can't be empty (it fills a path segment)"),
        );
    }
}

/// [`header_value`] of a JSON string; other values are checked by type.
pub fn json_header_value(v: &Value, path: &Path<'_>, report: &mut Report) {
    if let Value::String(s) = v {
        header_value(s, path, report);
    }
}

/// [`path_segment`] of a JSON string; other values are checked by type.
pub fn json_path_segment(v: &Value, path: &Path<'_>, report: &mut Report) {
    if let Value::String(s) = v {
        path_segment(s, path, report);
    }
}

/// Whether a JSON object member counts as present for cross-field rules:
/// there, and not `null`.
pub fn json_present(obj: &serde_json::Map<String, Value>, key: &str) -> bool {
    obj.get(key).is_some_and(|v| !v.is_null())
}

/// The member at `field` (names from `obj` down through nested objects),
/// if every step is an object holding the next name.
pub fn json_member<'v>(
    obj: &'v serde_json::Map<String, Value>,
    field: &[&str],
) -> Option<&'v Value> {
    let (last, parents) = field.split_last()?;
    let mut obj = obj;
    for name in parents {
        obj = obj.get(*name)?.as_object()?;
    }
    obj.get(*last)
}

/// Whether the field a rule names counts as present: there (every object
/// on the way there too), and not `null`.
pub fn json_present_at(obj: &serde_json::Map<String, Value>, field: &[&str]) -> bool {
    json_member(obj, field).is_some_and(|v| !v.is_null())
}

/// Where a rule over `fields` is reported: the nearest object that holds
/// all of them, as names from the rule's object (empty: the object itself).
pub fn common_object<'f>(fields: &[&'f [&'f str]]) -> &'f [&'f str] {
    let mut common: Option<&[&str]> = None;
    for field in fields {
        let parent = &field[..field.len().saturating_sub(1)];
        common = Some(match common {
            None => parent,
            Some(c) => &c[..c.iter().zip(parent).take_while(|(a, b)| a == b).count()],
        });
    }
    common.unwrap_or_default()
}

/// Calls `f` with `path` extended by `names`.
pub(crate) fn at_names(path: &Path<'_>, names: &[&str], f: &mut dyn FnMut(&Path<'_>)) {
    match names.split_first() {
        None => f(path),
        Some((name, rest)) => at_names(&path.key(name), rest, f),
    }
}

/// The rule `at_least_one_of` over JSON: reported at the fields' nearest
/// common object, with the generated `text` unless a custom message is set.
pub fn json_at_least_one_of(
    obj: &serde_json::Map<String, Value>,
    fields: &[&[&str]],
    custom: Option<&'static str>,
    text: impl Into<Cow<'static, str>> + Clone,
    path: &Path<'_>,
    report: &mut Report,
) {
    if !fields.iter().any(|f| json_present_at(obj, f)) {
        at_names(path, common_object(fields), &mut |at| {
            report.push_text(at, Code::AtLeastOneOf, custom, text.clone());
        });
    }
}

/// The rule `exactly_one_of` over JSON; see [`json_at_least_one_of`].
pub fn json_exactly_one_of(
    obj: &serde_json::Map<String, Value>,
    fields: &[&[&str]],
    custom: Option<&'static str>,
    text: impl Into<Cow<'static, str>> + Clone,
    path: &Path<'_>,
    report: &mut Report,
) {
    if fields.iter().filter(|f| json_present_at(obj, f)).count() != 1 {
        at_names(path, common_object(fields), &mut |at| {
            report.push_text(at, Code::ExactlyOneOf, custom, text.clone());
        });
    }
}

/// The value a `required_if` compares its `when` field with.
#[derive(Debug, Clone, Copy)]
pub enum RuleValue<'a> {
    /// A string (or an enum's wire value).
    Text(&'a str),
    /// A boolean.
    Bool(bool),
    /// A number, equal within `f64::EPSILON`.
    Number(f64),
}

impl RuleValue<'_> {
    /// Whether a JSON value equals this one.
    pub fn matches(self, v: &Value) -> bool {
        match self {
            RuleValue::Text(s) => v.as_str() == Some(s),
            RuleValue::Bool(b) => v.as_bool() == Some(b),
            RuleValue::Number(n) => v.as_f64().is_some_and(|x| (x - n).abs() < f64::EPSILON),
        }
    }
}

/// The rule `required_if` over JSON: `field` must be present when `when`
/// equals `equals`; reported at `field`.
#[allow(clippy::too_many_arguments)]
pub fn json_required_if(
    obj: &serde_json::Map<String, Value>,
    field: &[&str],
    when: &[&str],
    equals: RuleValue<'_>,
    custom: Option<&'static str>,
    text: impl Into<Cow<'static, str>> + Clone,
    path: &Path<'_>,
    report: &mut Report,
) {
    let fires = json_member(obj, when).is_some_and(|v| equals.matches(v));
    if fires && !json_present_at(obj, field) {
        at_names(path, field, &mut |at| {
            report.push_text(at, Code::RequiredIf, custom, text.clone());
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(f: impl FnOnce(&mut Report)) -> Vec<String> {
        let mut r = Report::new(OffsetDateTime::UNIX_EPOCH);
        f(&mut r);
        r.errors()
            .iter()
            .map(|e| e.code.as_str().to_owned())
            .collect()
    }

    #[test]
    fn header_values_are_visible_ascii_without_outer_white_space() {
        for ok in [
            "",
            "a",
            "a b\tc",
            "!~",
            "0f8fad5b-d9cb-469f-a165-70867728950e",
        ] {
            assert!(is_header_value(ok), "{ok:?}");
        }
        for bad in ["a\r\nb", "a\n", "\0", " a", "a ", "\ta", "é", "a\u{7f}"] {
            assert!(!is_header_value(bad), "{bad:?}");
        }
        let p = Path::ROOT.key("X-Trace");
        assert_eq!(codes(|r| header_value("a\nb", &p, r)), ["header_value"]);
        assert!(codes(|r| header_value("ab", &p, r)).is_empty());
        assert_eq!(
            codes(|r| json_header_value(&Value::from("a\rb"), &p, r)),
            ["header_value"]
        );
        assert!(codes(|r| json_header_value(&Value::from(3), &p, r)).is_empty());
    }

    #[test]
    fn a_path_segment_is_not_empty() {
        let p = Path::ROOT.key("id");
        assert_eq!(codes(|r| path_segment("", &p, r)), ["path_segment"]);
        assert!(codes(|r| path_segment(".", &p, r)).is_empty());
        assert_eq!(
            codes(|r| json_path_segment(&Value::from(""), &p, r)),
            ["path_segment"]
        );
    }

    #[test]
    fn lengths_count_code_points_not_bytes() {
        static R: StringRules = StringRules {
            max_length: Some(Limit {
                value: 2,
                message: None,
            }),
            min_length: Some(Limit {
                value: 2,
                message: None,
            }),
            ..StringRules::PLAIN
        };
        // Two astral characters: 8 bytes, 4 UTF-16 units, 2 code points.
        assert!(codes(|r| string("😀😀", &R, &Path::ROOT, r)).is_empty());
        assert_eq!(
            codes(|r| string("😀😀😀", &R, &Path::ROOT, r)),
            ["max_length"]
        );
        assert_eq!(codes(|r| string("é", &R, &Path::ROOT, r)), ["min_length"]);
    }

    #[test]
    fn pattern_is_searched_not_anchored() {
        static P: Pattern = Pattern::regex("[0-9]", None, &DIGIT);
        static DIGIT: RegexCell = RegexCell::new();
        static R: StringRules = StringRules {
            pattern: Some(&P),
            ..StringRules::PLAIN
        };
        assert!(codes(|r| string("ab1", &R, &Path::ROOT, r)).is_empty());
        assert_eq!(codes(|r| string("abc", &R, &Path::ROOT, r)), ["pattern"]);
    }

    #[test]
    fn exclusive_bounds_reject_the_bound_itself() {
        static R: NumberRules = NumberRules {
            exclusive_minimum: Some(Limit {
                value: 0.0,
                message: None,
            }),
            maximum: Some(Limit {
                value: 10.0,
                message: None,
            }),
            ..NumberRules::PLAIN
        };
        assert_eq!(
            codes(|r| number(0.0, &R, &Path::ROOT, r)),
            ["exclusive_minimum"]
        );
        assert!(codes(|r| number(10.0, &R, &Path::ROOT, r)).is_empty());
        assert_eq!(codes(|r| number(10.5, &R, &Path::ROOT, r)), ["maximum"]);
    }

    #[test]
    fn json_integer_accepts_whole_floats_and_rejects_fractions() {
        let r = &NumberRules::PLAIN;
        assert!(codes(|rep| json_integer(&serde_json::json!(1.0), r, &Path::ROOT, rep)).is_empty());
        assert_eq!(
            codes(|rep| json_integer(&serde_json::json!(1.5), r, &Path::ROOT, rep)),
            ["type"]
        );
        assert_eq!(
            codes(|rep| json_integer(&serde_json::json!("1"), r, &Path::ROOT, rep)),
            ["type"]
        );
    }

    #[test]
    fn length_shortcuts_agree_with_counting_code_points() {
        let texts = [
            "",
            "a",
            "ab",
            "abcd",
            "é",
            "éé",
            "😀",
            "😀😀",
            "a😀",
            "abcdefgh",
            "ééééé",
            "\u{85}",
        ];
        for s in texts {
            let chars = s.chars().count();
            for n in 0..12 {
                assert_eq!(chars_below(s, n), chars < n, "{s:?} below {n}");
                assert_eq!(chars_above(s, n), chars > n, "{s:?} above {n}");
            }
        }
    }

    /// A text that matches class runs is ASCII, so its lengths are read
    /// in bytes: the errors are the ones of counting code points against
    /// the regex, in the same order, matched or not.
    #[test]
    fn lengths_after_a_class_run_match_agree_with_the_regex_and_counting() {
        static RUNS: Pattern = Pattern::class_runs(
            "^[a-z]+$",
            None,
            &[ClassRun::new(ByteClass::ranges(&[(b'a', b'z')]), 1, None)],
        );
        static RE: Pattern = Pattern::regex("^[a-z]+$", None, &CELL);
        static CELL: RegexCell = RegexCell::new();
        const fn rules(p: &'static Pattern) -> StringRules {
            StringRules {
                pattern: Some(p),
                min_length: Some(Limit {
                    value: 3,
                    message: None,
                }),
                max_length: Some(Limit {
                    value: 4,
                    message: None,
                }),
                ..StringRules::PLAIN
            }
        }
        static BOTH: [StringRules; 2] = [rules(&RUNS), rules(&RE)];
        let mut failed = 0;
        for s in [
            "",
            "ab",
            "abc",
            "abcd",
            "abcde",
            "éé",
            "ééé",
            "abé",
            "abcé",
            "😀😀😀",
            "a-c",
        ] {
            let check = |r: &StringRules| codes(|rep| string(s, r, &Path::ROOT, rep));
            let (runs, re) = (check(&BOTH[0]), check(&BOTH[1]));
            assert_eq!(runs, re, "{s:?}");
            failed += usize::from(!runs.is_empty());
            if runs.iter().any(|c| c == "pattern") {
                let n = s.chars().count();
                let lengths = usize::from(n < 3) + usize::from(n > 4);
                assert_eq!(runs.len(), lengths + 1, "{s:?}: {runs:?}");
                assert_eq!(runs.last().map(String::as_str), Some("pattern"), "{s:?}");
            }
        }
        assert_eq!(failed, 9);
    }

    #[test]
    fn the_blank_shortcut_agrees_with_trim() {
        for s in [
            "",
            " ",
            "\t\n",
            "a",
            " a",
            "\u{a0}",
            "\u{a0}x",
            "\u{3000}",
            "é",
            "\u{85}",
            "~",
            "\n\x0b\x0c\r",
            "\n[x",
            " \u{a0}",
            " \u{a0}y",
            "\x1c",
            " \x1c",
            "\0",
            " \x7f",
        ] {
            assert_eq!(is_blank(s), s.trim().is_empty(), "{s:?}");
        }
    }

    #[test]
    fn a_typed_date_time_the_format_cannot_write_is_a_format_error() {
        static RFC: StringRules = StringRules {
            format: StringFormat::DateTime(DateTimeFormat::Rfc3339),
            ..StringRules::PLAIN
        };
        static DAY: crate::datetime::Layout = crate::datetime::Layout::new("YYYY-MM-DD");
        static CUSTOM: StringRules = StringRules {
            format: StringFormat::DateTime(DateTimeFormat::Custom(&DAY)),
            ..StringRules::PLAIN
        };
        let ok = OffsetDateTime::UNIX_EPOCH;
        let far = ok.replace_year(-1).unwrap();
        let odd_offset = ok.to_offset(time::UtcOffset::from_hms(1, 0, 30).unwrap());
        assert!(codes(|r| date_time(ok, &RFC, &Path::ROOT, r)).is_empty());
        assert!(codes(|r| date_time(ok, &CUSTOM, &Path::ROOT, r)).is_empty());
        assert_eq!(codes(|r| date_time(far, &RFC, &Path::ROOT, r)), ["format"]);
        assert_eq!(
            codes(|r| date_time(far, &CUSTOM, &Path::ROOT, r)),
            ["format"]
        );
        assert_eq!(
            codes(|r| date_time(odd_offset, &RFC, &Path::ROOT, r)),
            ["format"]
        );
        // A custom format is written in UTC, where the offset does not matter.
        assert!(codes(|r| date_time(odd_offset, &CUSTOM, &Path::ROOT, r)).is_empty());
    }

    #[test]
    fn a_typed_date_time_text_rule_sees_the_whole_canonical_text() {
        static UTC: Pattern = Pattern::regex("(Z|z|[+-]00:00)$", None, &UTC_REGEX);
        static UTC_REGEX: RegexCell = RegexCell::new();
        static RULES: StringRules = StringRules {
            format: StringFormat::DateTime(DateTimeFormat::Rfc3339),
            pattern: Some(&UTC),
            max_length: Some(Limit {
                value: 22,
                message: None,
            }),
            ..StringRules::PLAIN
        };
        for (text, want) in [
            ("2017-03-10T01:19:23.5Z", &[][..]),
            ("2017-03-10T01:19:23.25Z", &["max_length"][..]),
            ("2017-03-10T03:19:23+02:00", &["max_length", "pattern"][..]),
        ] {
            let t = crate::datetime::parse_rfc3339(text).unwrap();
            assert_eq!(
                codes(|r| date_time(t, &RULES, &Path::ROOT, r)),
                want,
                "{text}"
            );
        }
    }

    #[test]
    fn a_typed_date_time_suffix_pattern_on_the_clock_alone_agrees_with_the_regex_on_the_whole_text()
    {
        // `Z` or a zero offset: decided by the clock's last six bytes.
        const D: ByteClass = ByteClass::ranges(&[(b'0', b'9')]);
        use ByteClass as C;
        static UTC: Pattern = Pattern::suffixes(
            "(Z|z|[+-]00:00)$",
            None,
            &[
                &[C::bytes(b"Z")],
                &[C::bytes(b"z")],
                &[
                    C::bytes(b"+-"),
                    C::bytes(b"0"),
                    C::bytes(b"0"),
                    C::bytes(b":"),
                    C::bytes(b"0"),
                    C::bytes(b"0"),
                ],
            ],
        );
        // Eleven bytes: longer than a clock without a fraction (`T01:19:23Z`),
        // so it needs the whole text then.
        static LONG: Pattern = Pattern::suffixes(
            "[0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]Z$",
            None,
            &[&[
                D,
                C::bytes(b"T"),
                D,
                D,
                C::bytes(b":"),
                D,
                D,
                C::bytes(b":"),
                D,
                D,
                C::bytes(b"Z"),
            ]],
        );
        static UTC_RE: Pattern = Pattern::regex("(Z|z|[+-]00:00)$", None, &UTC_CELL);
        static UTC_CELL: RegexCell = RegexCell::new();
        static LONG_RE: Pattern =
            Pattern::regex("[0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]Z$", None, &LONG_CELL);
        static LONG_CELL: RegexCell = RegexCell::new();
        const fn rules(p: &'static Pattern) -> StringRules {
            StringRules {
                format: StringFormat::DateTime(DateTimeFormat::Rfc3339),
                pattern: Some(p),
                ..StringRules::PLAIN
            }
        }
        static RULES: [StringRules; 4] =
            [rules(&UTC), rules(&UTC_RE), rules(&LONG), rules(&LONG_RE)];
        assert!(RULES[0].suffix_only().is_some() && RULES[1].suffix_only().is_none());
        let decided_by = |r: &StringRules| r.suffix_only().map(|(_, _, k)| k);
        assert_eq!(
            (decided_by(&RULES[0]), decided_by(&RULES[2])),
            (Some(6), Some(11))
        );
        let mut passed = [0; 4];
        for secs in [0, 1_489_108_763, 253_402_214_399] {
            for nanos in [0, 500_000_000, 123_456_789] {
                for offset in [0, 7_200, -19_800, -60] {
                    let t = OffsetDateTime::from_unix_timestamp(secs)
                        .unwrap()
                        .replace_nanosecond(nanos)
                        .unwrap()
                        .to_offset(time::UtcOffset::from_whole_seconds(offset).unwrap());
                    let verdicts: Vec<Vec<String>> = RULES
                        .iter()
                        .map(|rules| codes(|r| date_time(t, rules, &Path::ROOT, r)))
                        .collect();
                    assert_eq!(verdicts[0], verdicts[1], "{t}");
                    assert_eq!(verdicts[2], verdicts[3], "{t}");
                    for (n, v) in passed.iter_mut().zip(&verdicts) {
                        *n += usize::from(v.is_empty());
                    }
                }
            }
        }
        // Both kinds of instant were drawn: in UTC (9 of 36), and in UTC
        // without a fraction (3, the only ones `LONG` matches).
        assert_eq!(passed, [9, 9, 3, 3]);
    }

    #[test]
    fn byte_classes_hold_exactly_their_ascii_bytes() {
        let c = ByteClass::bytes(b"+-").with(b"0");
        let held: Vec<u8> = (0..=255u8).filter(|&b| c.contains(b)).collect();
        assert_eq!(held, b"+-0");
        assert!(!ByteClass::bytes("é".as_bytes()).contains("é".as_bytes()[0]));
    }

    proptest::proptest! {
        /// The eight-byte scan finds the same first byte outside the set as
        /// a test of each byte, for sets of one to six ranges (the SWAR
        /// scan and the per-byte fallback) and texts of any bytes and length,
        /// with the set's edges, DEL and non-ASCII bytes made likely.
        #[test]
        fn the_prefix_scan_agrees_with_a_test_of_each_byte(
            ranges in proptest::collection::vec((0u8..=130, 0u8..=8), 1..=6),
            extra in proptest::collection::vec(0u8..=255, 0..3),
            text in proptest::collection::vec(
                proptest::prop_oneof![
                    0u8..=255,
                    proptest::sample::select(vec![0x00, 0x2d, 0x30, 0x39, 0x3a, 0x41, 0x5a, 0x61, 0x7a, 0x7e, 0x7f, 0x80, 0xc3, 0xff]),
                ],
                0..40,
            ),
            allowed_prefix in 0usize..40,
        ) {
            let ranges: Vec<(u8, u8)> = ranges.iter().map(|&(lo, width)| (lo, lo.saturating_add(width))).collect();
            let class = ByteClass::ranges(&ranges).with(&extra);
            // Mostly texts that stay in the set for a while.
            let inside: Vec<u8> = (0..=255u8).filter(|&b| class.contains(b)).collect();
            let mut text = text;
            if !inside.is_empty() {
                for (i, b) in text.iter_mut().enumerate().take(allowed_prefix) {
                    *b = inside[(usize::from(*b) + i) % inside.len()];
                }
            }
            let expected = text.iter().position(|&b| !class.contains(b)).unwrap_or(text.len());
            proptest::prop_assert_eq!(class.prefix_len(&text), expected, "{:?} {:?}", ranges, text);
        }
    }

    #[test]
    fn sets_of_up_to_four_ranges_are_scanned_eight_bytes_at_a_time() {
        let four = ByteClass::ranges(&[(b'-', b'-'), (b'0', b'9'), (b'A', b'Z'), (b'a', b'z')]);
        assert!(four.lanes.is_some());
        assert!(four.with(b"_").lanes.is_none());
        assert!(ByteClass::bytes(b"+").lanes.is_some());
        assert_eq!(four.prefix_len(b"ab-9Z_x"), 5);
        assert_eq!(four.prefix_len(b"abcdefgh12345678"), 16);
        assert_eq!(four.prefix_len("abcdefgé".as_bytes()), 7);
        assert_eq!(four.prefix_len(b""), 0);
    }

    #[test]
    fn rule_texts_are_reported_without_copying() {
        let obj = serde_json::Map::new();
        let mut r = Report::new(OffsetDateTime::UNIX_EPOCH);
        json_at_least_one_of(&obj, &[&["a"], &["b"]], None, "a or b", &Path::ROOT, &mut r);
        assert_eq!(r.errors()[0].message, "a or b");
        assert!(matches!(r.errors()[0].message, Cow::Borrowed(_)));
    }

    #[test]
    fn a_default_message_with_arguments_is_formatted_once_and_shared() {
        static R: StringRules = StringRules::new()
            .min_length(7)
            .max_length_says(1, "short!");
        let mut r = Report::new(OffsetDateTime::UNIX_EPOCH);
        for _ in 0..2 {
            string("abc", &R, &Path::ROOT, &mut r);
        }
        let e = r.errors();
        assert_eq!(e[0].message, "must be at least 7 characters long");
        assert_eq!((e[1].code, &*e[1].message), (Code::MaxLength, "short!"));
        assert!(matches!(
            (&e[0].message, &e[2].message),
            (Cow::Borrowed(a), Cow::Borrowed(b)) if std::ptr::eq(*a, *b)
        ));
    }

    #[test]
    fn default_messages_say_one_in_the_singular() {
        let messages = |len: usize, rules: &ItemsRules| {
            let mut r = Report::new(OffsetDateTime::UNIX_EPOCH);
            items(len, rules, &Path::ROOT, &mut r);
            let texts: Vec<String> = r.errors().iter().map(|e| e.message.to_string()).collect();
            texts
        };
        static ONE: ItemsRules = ItemsRules::new().min_items(1);
        static TWO: ItemsRules = ItemsRules::new().min_items(2).max_items(1);
        assert_eq!(messages(0, &ONE), ["must have at least 1 item"]);
        assert_eq!(messages(3, &TWO), ["must have at most 1 item"]);
        assert_eq!(messages(0, &TWO), ["must have at least 2 items"]);
        static SHORT: StringRules = StringRules::new().min_length(1);
        static LONG: StringRules = StringRules::new().max_length(2);
        for (s, rules, text) in [
            ("", &SHORT, "must be at least 1 character long"),
            ("abc", &LONG, "must be at most 2 characters long"),
        ] {
            let mut r = Report::new(OffsetDateTime::UNIX_EPOCH);
            string(s, rules, &Path::ROOT, &mut r);
            assert_eq!(r.errors()[0].message, text);
        }
    }

    #[test]
    fn threads_share_one_copy_of_each_default_message() {
        static R: StringRules = StringRules::new().min_length(9_731);
        let first = |_| {
            let mut r = Report::new(OffsetDateTime::UNIX_EPOCH);
            string("abc", &R, &Path::ROOT, &mut r);
            match &r.errors()[0].message {
                Cow::Borrowed(m) => (m.as_ptr() as usize, m.len()),
                Cow::Owned(m) => panic!("not shared: {m}"),
            }
        };
        let texts: Vec<_> = (0..4)
            .map(|i| std::thread::spawn(move || first(i)))
            .collect::<Vec<_>>()
            .into_iter()
            .map(|t| t.join().unwrap())
            .collect();
        assert_eq!(texts[0].1, "must be at least 9731 characters long".len());
        assert!(texts.iter().all(|t| *t == texts[0]), "{texts:?}");
    }

    #[test]
    fn later_agrees_with_comparing_instants() {
        let utc = time::UtcOffset::UTC;
        let plus2 = time::UtcOffset::from_hms(2, 0, 0).unwrap();
        let base = OffsetDateTime::UNIX_EPOCH;
        let instants = [
            base,
            base + time::Duration::nanoseconds(1),
            base + time::Duration::days(1),
            base - time::Duration::seconds(1),
            base.to_offset(plus2),
            (base + time::Duration::hours(1)).to_offset(plus2),
        ];
        for a in instants {
            for b in instants.into_iter().chain([a.to_offset(utc)]) {
                assert_eq!(later(a, b), a > b, "{a} vs {b}");
            }
        }
    }

    #[test]
    fn blank_means_empty_or_white_space() {
        static R: StringRules = StringRules {
            not_blank: Some(None),
            ..StringRules::PLAIN
        };
        assert_eq!(codes(|r| string(" \t", &R, &Path::ROOT, r)), ["blank"]);
        assert_eq!(codes(|r| string("", &R, &Path::ROOT, r)), ["blank"]);
        assert!(codes(|r| string(" a ", &R, &Path::ROOT, r)).is_empty());
    }
}
