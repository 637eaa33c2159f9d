//! Spec patterns as runtime `Pattern`s: a byte scan over ASCII class runs
//! when the pattern is one, the `regex` crate otherwise.

use proc_macro2::{Literal, TokenStream};
use quote::quote;
use regex_syntax::hir::{Class, Hir, HirKind, Look};

/// One run of a class-run pattern: the class's inclusive byte ranges and
/// how many bytes it takes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    /// Inclusive ASCII byte ranges.
    pub ranges: Vec<(u8, u8)>,
    /// Fewest bytes.
    pub min: u32,
    /// Most bytes; `None` for no limit.
    pub max: Option<u32>,
}

/// How a byte scan decides a spec pattern, when one does.
pub enum ScanExpr {
    /// [`class_runs`]: the runs, as a `&[rt::ClassRun]` expression for
    /// `rt::match_runs`.
    Runs(TokenStream),
    /// [`suffixes`]: the alternatives, as the `&[&[rt::ByteClass]]`
    /// expression of `rt::Pattern::suffixes`.
    Suffixes(TokenStream),
}

/// The byte scan of `source`: class runs when [`class_runs`] proves the
/// pattern is one, suffixes when [`suffixes`] does. `None` when only a
/// regex can decide it.
pub fn scan_expr(source: &str) -> Option<ScanExpr> {
    if let Some(runs) = class_runs(source) {
        let runs = runs.iter().map(|r| {
            let class = class_expr(&r.ranges);
            let min = Literal::usize_unsuffixed(r.min as usize);
            match r.max {
                Some(m) => {
                    let m = Literal::usize_unsuffixed(m as usize);
                    quote!(rt::run(#class, #min, #m))
                }
                None => quote!(rt::run_from(#class, #min)),
            }
        });
        return Some(ScanExpr::Runs(quote!(&[#(#runs),*])));
    }
    let alternatives = suffixes(source)?.into_iter().map(|classes| {
        let classes = classes.iter().map(|c| class_expr(c));
        quote!(&[#(#classes),*])
    });
    Some(ScanExpr::Suffixes(quote!(&[#(#alternatives),*])))
}

/// A `ByteClass` of inclusive ranges: `rt::bytes(b"+-")` when every range is
/// one byte (and the bytes read as text), else `rt::ranges(&[(b'a', b'z')])`.
fn class_expr(ranges: &[(u8, u8)]) -> TokenStream {
    let singles: Option<Vec<u8>> = ranges
        .iter()
        .map(|&(lo, hi)| (lo == hi && lo.is_ascii_graphic()).then_some(lo))
        .collect();
    if let Some(bytes) = singles {
        let bytes = Literal::byte_string(&bytes);
        return quote!(rt::bytes(#bytes));
    }
    let ranges = ranges.iter().map(|&(lo, hi)| {
        let (lo, hi) = (Literal::byte_character(lo), Literal::byte_character(hi));
        quote!((#lo, #hi))
    });
    quote!(rt::ranges(&[#(#ranges),*]))
}

/// One class per byte, each as inclusive byte ranges.
pub type Suffix = Vec<Vec<(u8, u8)>>;

/// The alternatives of `source` when it is an alternation (or one) of
/// fixed-width sequences of ASCII literals and classes, anchored at the end
/// (`$`) and not at the start: `(Z|z|[+-]00:00)$`. A regex search for it
/// matches exactly when the text ends in one of them, since each has a
/// fixed width and its bytes are ASCII (so its start is a character
/// boundary). Each alternative is a list of classes (inclusive byte
/// ranges), one per byte. `None` for anything else.
pub fn suffixes(source: &str) -> Option<Vec<Suffix>> {
    let hir = regex_syntax::Parser::new().parse(source).ok()?;
    let HirKind::Concat(items) = hir.kind() else {
        return None;
    };
    let (last, body) = items.split_last()?;
    if !matches!(last.kind(), HirKind::Look(Look::End)) {
        return None;
    }
    let body = Hir::concat(body.to_vec());
    let alternatives = match unwrap_captures(&body).kind() {
        HirKind::Alternation(alts) => alts.iter().map(fixed_classes).collect::<Option<_>>()?,
        _ => vec![fixed_classes(&body)?],
    };
    // A long list is better left to the regex's own suffix search.
    let small = alternatives.len() <= 16 && alternatives.iter().all(|a| a.len() <= 64);
    small.then_some(alternatives)
}

fn unwrap_captures(hir: &Hir) -> &Hir {
    match hir.kind() {
        HirKind::Capture(c) => unwrap_captures(&c.sub),
        _ => hir,
    }
}

/// The classes, one per byte, of a fixed-width sequence of ASCII literals
/// and classes (with groups and exact repetitions); `None` for anything
/// else, such as a look-around or a repetition of varying count.
fn fixed_classes(hir: &Hir) -> Option<Suffix> {
    match hir.kind() {
        HirKind::Empty => Some(Vec::new()),
        HirKind::Literal(lit) => lit.0.iter().map(|&b| Some(vec![ascii_byte(b)?])).collect(),
        HirKind::Class(_) => Some(vec![single_class(hir)?]),
        HirKind::Capture(c) => fixed_classes(&c.sub),
        HirKind::Concat(items) => {
            let parts = items
                .iter()
                .map(fixed_classes)
                .collect::<Option<Vec<_>>>()?;
            Some(parts.concat())
        }
        HirKind::Repetition(rep) if rep.max == Some(rep.min) && rep.min <= 64 => {
            let one = fixed_classes(&rep.sub)?;
            Some(
                std::iter::repeat_n(one, rep.min as usize)
                    .flatten()
                    .collect(),
            )
        }
        _ => None,
    }
}

/// The runs of `source` when it is `^` (runs of single ASCII literals or
/// ASCII classes, each optionally repeated) `$`, and a greedy left-to-right
/// scan decides it exactly: every run of variable length has a class
/// disjoint from the classes of all later runs, so no later run could take a
/// byte it leaves. `None` for anything else (the regex then decides).
pub fn class_runs(source: &str) -> Option<Vec<Run>> {
    let hir = regex_syntax::Parser::new().parse(source).ok()?;
    let HirKind::Concat(items) = hir.kind() else {
        return None;
    };
    let (first, rest) = items.split_first()?;
    let (last, middle) = rest.split_last()?;
    if !matches!(first.kind(), HirKind::Look(Look::Start))
        || !matches!(last.kind(), HirKind::Look(Look::End))
    {
        return None;
    }
    let mut runs = Vec::new();
    for item in middle {
        match item.kind() {
            HirKind::Literal(lit) => {
                for &b in lit.0.iter() {
                    runs.push(Run {
                        ranges: vec![ascii_byte(b)?],
                        min: 1,
                        max: Some(1),
                    });
                }
            }
            HirKind::Repetition(rep) => runs.push(Run {
                ranges: single_class(&rep.sub)?,
                min: rep.min,
                max: rep.max,
            }),
            _ => runs.push(Run {
                ranges: single_class(item)?,
                min: 1,
                max: Some(1),
            }),
        }
    }
    let exact = runs.iter().enumerate().all(|(i, run)| {
        run.max == Some(run.min)
            || runs[i + 1..]
                .iter()
                .all(|later| disjoint(&run.ranges, &later.ranges))
    });
    exact.then_some(runs)
}

fn ascii_byte(b: u8) -> Option<(u8, u8)> {
    b.is_ascii().then_some((b, b))
}

/// The ASCII ranges of a one-byte literal or a class of ASCII characters.
fn single_class(hir: &Hir) -> Option<Vec<(u8, u8)>> {
    match hir.kind() {
        HirKind::Literal(lit) if lit.0.len() == 1 => Some(vec![ascii_byte(lit.0[0])?]),
        HirKind::Class(Class::Unicode(c)) => c
            .ranges()
            .iter()
            .map(|r| {
                let (lo, hi) = (u8::try_from(r.start()).ok()?, u8::try_from(r.end()).ok()?);
                (hi.is_ascii()).then_some((lo, hi))
            })
            .collect(),
        HirKind::Class(Class::Bytes(c)) => c
            .ranges()
            .iter()
            .map(|r| r.end().is_ascii().then_some((r.start(), r.end())))
            .collect(),
        _ => None,
    }
}

fn disjoint(a: &[(u8, u8)], b: &[(u8, u8)]) -> bool {
    a.iter()
        .all(|&(alo, ahi)| b.iter().all(|&(blo, bhi)| ahi < blo || bhi < alo))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A run as (ranges, min, max), to compare with literals.
    type FlatRun = (Vec<(u8, u8)>, u32, Option<u32>);

    fn runs(source: &str) -> Option<Vec<FlatRun>> {
        class_runs(source).map(|rs| rs.into_iter().map(|r| (r.ranges, r.min, r.max)).collect())
    }

    #[test]
    fn anchored_class_runs_become_byte_scans() {
        assert_eq!(
            runs(r"^[a-zA-Z0-9\.\:\/\-]+$"),
            Some(vec![(
                vec![(b'-', b':'), (b'A', b'Z'), (b'a', b'z')],
                1,
                None
            )])
        );
        assert_eq!(
            runs(r"^\+?[a-zA-Z0-9\-]{2,5}$"),
            Some(vec![
                (vec![(b'+', b'+')], 0, Some(1)),
                (
                    vec![(b'-', b'-'), (b'0', b'9'), (b'A', b'Z'), (b'a', b'z')],
                    2,
                    Some(5)
                ),
            ])
        );
        assert_eq!(
            runs("^ab[0-9]$"),
            Some(vec![
                (vec![(b'a', b'a')], 1, Some(1)),
                (vec![(b'b', b'b')], 1, Some(1)),
                (vec![(b'0', b'9')], 1, Some(1)),
            ])
        );
    }

    #[test]
    fn other_patterns_stay_regexes() {
        for source in [
            "(Z|z|[+-]00:00)$", // not anchored at the start
            "^[a-z]+",          // not anchored at the end
            r"^\d+$",           // Unicode digits
            "^[a-zé]+$",        // a non-ASCII class
            "^[a-z]+[a-c]$",    // overlapping runs: greedy would be wrong
            "^(ab)+$",          // a group
            "^a|b$",            // an alternation
            r"^[a-z]+\z$",      // a second end anchor
            "^[a-z]+$(",        // does not parse
        ] {
            assert_eq!(runs(source), None, "{source}");
        }
    }

    /// The runtime pattern that `scan_expr` describes, built directly (as
    /// class runs read at run time, which `match_runs` specialises).
    fn runtime_pattern(source: &str) -> Option<specgen_runtime::check::Pattern> {
        use specgen_runtime::check::{ByteClass, ClassRun, Pattern};
        let leaked: &'static str = Box::leak(source.to_owned().into_boxed_str());
        let Some(runs) = class_runs(source) else {
            let alternatives: Vec<&'static [ByteClass]> = suffixes(source)?
                .into_iter()
                .map(|classes| {
                    let classes: Vec<ByteClass> =
                        classes.iter().map(|c| ByteClass::ranges(c)).collect();
                    &*Box::leak(classes.into_boxed_slice())
                })
                .collect();
            return Some(Pattern::suffixes(
                leaked,
                None,
                Box::leak(alternatives.into_boxed_slice()),
            ));
        };
        let runs: Vec<ClassRun> = runs
            .into_iter()
            .map(|r| {
                let max = r.max.map(|m| m as usize);
                ClassRun::new(ByteClass::ranges(&r.ranges), r.min as usize, max)
            })
            .collect();
        Some(Pattern::class_runs(
            leaked,
            None,
            Box::leak(runs.into_boxed_slice()),
        ))
    }

    #[test]
    fn an_end_anchored_alternation_of_fixed_texts_becomes_a_suffix_scan() {
        let z = vec![(b'Z', b'Z')];
        let small_z = vec![(b'z', b'z')];
        let (zero, colon) = (vec![(b'0', b'0')], vec![(b':', b':')]);
        let utc = suffixes("(Z|z|[+-]00:00)$").expect("the LocaliQ pattern");
        assert_eq!(utc.len(), 3, "{utc:?}");
        assert!(utc.contains(&vec![z.clone()]) && utc.contains(&vec![small_z]));
        assert!(utc.contains(&vec![
            vec![(b'+', b'+'), (b'-', b'-')],
            zero.clone(),
            zero.clone(),
            colon,
            zero.clone(),
            zero.clone()
        ]));
        assert_eq!(suffixes("Z$"), Some(vec![vec![z]]));
        assert_eq!(
            suffixes("[0-9]{2}$"),
            Some(vec![vec![vec![(b'0', b'9')]; 2]])
        );
        for source in [
            "^(Z|z)$",  // anchored at the start: class runs or a regex
            "Z+$",      // not a fixed width
            "(Z|zz?)$", // one alternative not a fixed width
            "(Z|z)",    // not anchored at the end
            "(?m)Z$",   // `$` at every line end
            r"\bZ$",    // a look-around
            "(é|Z)$",   // not ASCII
            "(?i)k$",   // the Kelvin sign makes it non-ASCII
            "(Z|z)$(",  // does not parse
        ] {
            assert_eq!(suffixes(source), None, "{source}");
        }
    }

    /// End-anchored alternations of fixed texts, and others.
    fn suffix_pattern() -> impl Strategy<Value = String> {
        let part = prop::sample::select(vec![
            "Z", "z", "[+-]", "00", ":", "[0-9]", "[a-c]", "(?i)k", "x{2}", "", "[^a-z]", ".",
        ]);
        let alternative = prop::collection::vec(part, 0..4).prop_map(|p| p.concat());
        prop::collection::vec(alternative, 1..4).prop_map(|alts| format!("({})$", alts.join("|")))
    }

    /// Seed spec patterns, and runs of classes that meet at their edges.
    fn pattern() -> impl Strategy<Value = String> {
        let item = (
            prop::sample::select(vec![
                "[a-z]",
                "[0-9]",
                "[a-zA-Z0-9\\-]",
                "\\+",
                "[.:/-]",
                "x",
                "[a-c]",
                "[ -~]",
                "[^a-z]",
                "(?i)k",
                "[\\x00-\\x7f]",
            ]),
            prop::sample::select(vec!["", "?", "*", "+", "{2}", "{1,3}", "{0,2}", "{2,}"]),
        );
        prop_oneof![
            prop::sample::select(vec![
                r"^[a-zA-Z0-9\.\:\/\-]+$",
                r"^\+?[a-zA-Z0-9\-]+$",
                r"^[a-zA-Z 0-9]+$",
                r"^\+[0-9]+$",
                r"^\+?[0-9]+$",
                r"^[a-zA-Z0-9\.\-]+$",
                "^$",
            ])
            .prop_map(str::to_owned),
            prop::collection::vec(item, 1..4).prop_map(|items| {
                let body: String = items.into_iter().map(|(c, q)| format!("{c}{q}")).collect();
                format!("^{body}$")
            }),
        ]
    }

    /// The byte scan of `source`, if it is one, decides `inputs` as its regex.
    fn agrees_with_its_regex(source: &str, inputs: &[String]) -> Result<(), TestCaseError> {
        let re = regex::Regex::new(source).expect("the test pattern compiles");
        if let Some(p) = runtime_pattern(source) {
            for s in inputs {
                prop_assert_eq!(p.is_match(s), Some(re.is_match(s)), "{} on {:?}", source, s);
            }
        }
        Ok(())
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]

        #[test]
        fn a_byte_scan_pattern_agrees_with_its_regex(
            source in pattern(),
            inputs in prop::collection::vec(
                prop_oneof!["[a-zA-Z0-9+.:/ ké\\x00\\x7f-]{0,7}", any::<String>()],
                8,
            ),
        ) {
            agrees_with_its_regex(&source, &inputs)?;
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

        #[test]
        fn a_suffix_scan_pattern_agrees_with_its_regex(
            source in suffix_pattern(),
            inputs in prop::collection::vec(
                (
                    prop_oneof!["[a-zA-Z0-9+:\\- ké\n]{0,4}", any::<String>()],
                    prop::sample::select(vec![
                        "", "Z", "z", "+00:00", "-00:00", "00:00", "0:00", "K", "\u{212a}", "xx",
                        "x", "\n", "é", "7", "a",
                    ]),
                ).prop_map(|(head, tail)| head + tail),
                8,
            ),
        ) {
            agrees_with_its_regex(&source, &inputs)?;
        }
    }

    #[test]
    fn the_seed_patterns_are_byte_scans() {
        for source in [
            r"^[a-zA-Z0-9\.\:\/\-]+$",
            r"^\+?[a-zA-Z0-9\-]+$",
            r"^[a-zA-Z 0-9]+$",
            "(Z|z|[+-]00:00)$",
        ] {
            let p = runtime_pattern(source).expect(source);
            assert_eq!(p.is_match(""), Some(false));
            assert_eq!(p.is_match("é"), Some(false));
        }
    }

    #[test]
    fn a_fixed_run_may_overlap_what_follows() {
        assert!(runs("^[a-z]{3}[a-z]+$").is_some());
        assert!(runs("^[a-z]{1,3}[a-z]$").is_none());
    }
}
