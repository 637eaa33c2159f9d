//! The fixed-width layout parser (`datetime::Layout`) agrees with the
//! general token-by-token parser it replaced, kept here as the oracle, on
//! random formats, random strings and near misses of valid values.

use proptest::prelude::*;
use specgen_runtime::datetime::Layout;
use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time};

const TOKENS: [&str; 6] = ["YYYY", "MM", "DD", "hh", "mm", "ss"];

fn take_digits(s: &str, n: usize) -> Option<(u32, &str)> {
    let digits = s.get(..n)?;
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((digits.parse().ok()?, &s[n..]))
}

/// The former `formats::parse_with_format`, unchanged.
fn general_parse(s: &str, format: &str) -> Option<OffsetDateTime> {
    let (mut year, mut month, mut day, mut hour, mut minute, mut second) = (0, 1, 1, 0, 0, 0);
    let (mut input, mut fmt) = (s, format);
    while !fmt.is_empty() {
        if let Some(i) = TOKENS.iter().position(|t| fmt.starts_with(t)) {
            let width = TOKENS[i].len();
            let (v, rest) = take_digits(input, width)?;
            match i {
                0 => year = v,
                1 => month = v,
                2 => day = v,
                3 => hour = v,
                4 => minute = v,
                _ => second = v,
            }
            input = rest;
            fmt = &fmt[width..];
        } else {
            let c = fmt.chars().next()?;
            input = input.strip_prefix(c)?;
            fmt = &fmt[c.len_utf8()..];
        }
    }
    if !input.is_empty() {
        return None;
    }
    let month = Month::try_from(u8::try_from(month).ok()?).ok()?;
    let date =
        Date::from_calendar_date(i32::try_from(year).ok()?, month, u8::try_from(day).ok()?).ok()?;
    let time = if second == 60 {
        if (hour, minute) != (23, 59) || date.day() != month.length(date.year()) {
            return None;
        }
        Time::from_hms_nano(23, 59, 59, 999_999_999).ok()?
    } else {
        Time::from_hms(
            u8::try_from(hour).ok()?,
            u8::try_from(minute).ok()?,
            u8::try_from(second).ok()?,
        )
        .ok()?
    };
    Some(PrimitiveDateTime::new(date, time).assume_utc())
}

/// A valid format: the date tokens, any of the time tokens, in any order,
/// between short runs of punctuation (some of it multi-byte).
fn format() -> impl Strategy<Value = String> {
    let sep = proptest::collection::vec(
        prop::sample::select(vec!["-", " ", ":", "/", "T", "", "年", "."]),
        0..3,
    )
    .prop_map(|v| v.concat().replace('T', "_"));
    (
        Just(vec![0usize, 1, 2]).prop_shuffle(),
        proptest::collection::vec(3usize..6, 0..3),
        proptest::collection::vec(sep, 7),
    )
        .prop_map(|(mut date, time, seps)| {
            for t in time {
                if !date.contains(&t) {
                    date.push(t);
                }
            }
            let mut out = seps[0].clone();
            for (i, t) in date.iter().enumerate() {
                out.push_str(TOKENS[*t]);
                out.push_str(&seps[i + 1]);
            }
            out
        })
}

/// A value for `format` with each token filled by random digits, most of
/// them in range, plus a chance of a one-byte near miss.
fn value_for(format: &str, digits: &[u8], miss: Option<(usize, u8)>) -> String {
    let mut out: Vec<u8> = format.as_bytes().to_vec();
    let mut d = digits.iter().cycle();
    for b in out.iter_mut() {
        if b.is_ascii_alphabetic() {
            *b = b'0' + d.next().copied().unwrap_or(0) % 10;
        }
    }
    if let Some((at, byte)) = miss {
        if !out.is_empty() {
            let at = at % out.len();
            out[at] = byte;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4000))]

    #[test]
    fn layout_agrees_with_the_general_parser_on_near_misses(
        format in format(),
        digits in proptest::collection::vec(0u8..10, 14),
        miss in proptest::option::of((0usize..64, prop::sample::select(vec![b'0', b'1', b'2', b'3', b'5', b'6', b'9', b'-', b' ', b':', b'a', b'T']))),
    ) {
        let layout = Layout::compile(&format).expect("generated formats are valid");
        let s = value_for(&format, &digits, miss);
        let ours = layout.parse(&s).map(PrimitiveDateTime::assume_utc);
        prop_assert_eq!(ours, general_parse(&s, &format), "{:?} in {:?}", s, format);
    }

    #[test]
    fn layout_agrees_with_the_general_parser_on_calendar_edges(
        y in 0u32..10000, mo in 0u32..14, d in 0u32..33, h in 22u32..25, mi in 58u32..61, se in 58u32..62,
    ) {
        let format = "YYYY-MM-DD hh:mm:ss";
        let s = format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{se:02}");
        let ours = Layout::new(format).parse(&s).map(PrimitiveDateTime::assume_utc);
        prop_assert_eq!(ours, general_parse(&s, format), "{}", s);
    }

    #[test]
    fn layout_agrees_with_the_general_parser_on_arbitrary_text(s in "\\PC{0,24}", format in format()) {
        let layout = Layout::compile(&format).expect("generated formats are valid");
        let ours = layout.parse(&s).map(PrimitiveDateTime::assume_utc);
        prop_assert_eq!(ours, general_parse(&s, &format));
    }

    #[test]
    fn what_a_layout_parses_it_writes_back_byte_for_byte(
        format in format(),
        digits in proptest::collection::vec(0u8..10, 14),
    ) {
        let layout = Layout::compile(&format).expect("generated formats are valid");
        let s = value_for(&format, &digits, None);
        if let Some(t) = layout.parse(&s) {
            // A leap second reads as 23:59:59.999999999, and writes as :59.
            if t.nanosecond() == 0 {
                prop_assert_eq!(layout.format(t), Some(s));
            }
        }
    }
}
