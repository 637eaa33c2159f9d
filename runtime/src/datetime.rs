//! Date-time wire formats: RFC 3339 and fixed-width spec formats such as
//! `YYYY-MM-DD hh:mm:ss`.
//!
//! A spec format is compiled once, in a `const` context, to a [`Layout`]:
//! every token sits at a fixed byte offset, so parsing is one pass over the
//! bytes, a days-per-month table and no allocation. The serde glue of typed
//! fields ([`crate::wire`]) and the JSON validator ([`crate::check`]) both
//! parse with it, so they accept exactly the same strings.
//!
//! Leap seconds follow one rule in both kinds of format, RFC 3339's: second
//! `60` is valid only at `23:59:60` UTC on the last day of a month, and is
//! read as the last nanosecond before the next minute.

use time::format_description::well_known::Rfc3339;
use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset};

/// Marks a token's absence in [`Layout`].
const ABSENT: u8 = u8::MAX;

/// A fixed-width date-time format compiled from `YYYY`, `MM`, `DD`, `hh`,
/// `mm`, `ss` and literal characters that are not ASCII letters or digits.
///
/// ```
/// use specgen_runtime::datetime::Layout;
///
/// static SPACED: Layout = Layout::new("YYYY-MM-DD hh:mm:ss");
/// let t = SPACED.parse("2024-02-29 23:59:59").unwrap();
/// assert_eq!(SPACED.format(t).as_deref(), Some("2024-02-29 23:59:59"));
/// assert!(SPACED.parse("2023-02-29 10:00:00").is_none());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layout<'f> {
    source: &'f str,
    /// Byte offsets of year, month, day, hour, minute, second; `ABSENT` if
    /// the token is not in the format.
    offsets: [u8; 6],
}

const WIDTHS: [usize; 6] = [4, 2, 2, 2, 2, 2];
const TOKENS: [&[u8]; 6] = [b"YYYY", b"MM", b"DD", b"hh", b"mm", b"ss"];

const fn starts_with_at(s: &[u8], at: usize, token: &[u8]) -> bool {
    if at + token.len() > s.len() {
        return false;
    }
    let mut i = 0;
    while i < token.len() {
        if s[at + i] != token[i] {
            return false;
        }
        i += 1;
    }
    true
}

impl<'f> Layout<'f> {
    /// Compiles `format`, or `None` if it is not a valid spec format: a
    /// token twice, an ASCII letter or digit outside a token, no full date,
    /// or longer than 255 bytes.
    pub const fn compile(format: &'f str) -> Option<Layout<'f>> {
        let bytes = format.as_bytes();
        if bytes.len() >= ABSENT as usize {
            return None;
        }
        let mut offsets = [ABSENT; 6];
        let mut at = 0;
        'scan: while at < bytes.len() {
            let mut t = 0;
            while t < TOKENS.len() {
                if starts_with_at(bytes, at, TOKENS[t]) {
                    if offsets[t] != ABSENT {
                        return None;
                    }
                    // Fits: `at` < 255, checked above.
                    offsets[t] = at as u8;
                    at += WIDTHS[t];
                    continue 'scan;
                }
                t += 1;
            }
            if bytes[at].is_ascii_alphanumeric() {
                return None;
            }
            at += 1;
        }
        if offsets[0] == ABSENT || offsets[1] == ABSENT || offsets[2] == ABSENT {
            return None;
        }
        Some(Layout {
            source: format,
            offsets,
        })
    }

    /// Compiles `format` in a `const` or `static` initializer.
    ///
    /// # Panics
    ///
    /// If `format` is not a valid spec format; in a `const` context that is
    /// a compile error. Use [`Layout::compile`] for formats read at run time.
    pub const fn new(format: &'f str) -> Layout<'f> {
        match Layout::compile(format) {
            Some(layout) => layout,
            None => panic!("not a date-time format of YYYY, MM, DD, hh, mm, ss and punctuation"),
        }
    }

    /// The format as the spec writes it.
    pub fn source(&self) -> &'f str {
        self.source
    }

    fn has(&self, token: usize) -> bool {
        self.offsets[token] != ABSENT
    }

    /// Parses `s`, which must match the format byte for byte with a digit
    /// at each token position, into a date-time without an offset. A missing
    /// time token reads as 0.
    pub fn parse(&self, s: &str) -> Option<PrimitiveDateTime> {
        let (input, format) = (s.as_bytes(), self.source.as_bytes());
        if input.len() != format.len() {
            return None;
        }
        // Letters occur in a compiled format only inside tokens.
        for (i, f) in input.iter().zip(format) {
            let ok = if f.is_ascii_alphabetic() {
                i.is_ascii_digit()
            } else {
                i == f
            };
            if !ok {
                return None;
            }
        }
        let field = |t: usize| -> u32 {
            if !self.has(t) {
                return 0;
            }
            let at = usize::from(self.offsets[t]);
            input[at..at + WIDTHS[t]]
                .iter()
                .fold(0, |n, d| n * 10 + u32::from(d - b'0'))
        };
        let year = field(0) as i32; // at most 9999
        let month = field(1);
        let day = field(2);
        let (hour, minute, second) = (field(3), field(4), field(5));
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        let month = Month::try_from(month as u8).ok()?;
        let date = Date::from_calendar_date(year, month, day as u8).ok()?;
        let time = if second == 60 {
            if (hour, minute) != (23, 59) || day != days_in_month(year, u32::from(u8::from(month)))
            {
                return None;
            }
            Time::from_hms_nano(23, 59, 59, 999_999_999).ok()?
        } else {
            if hour > 23 || minute > 59 || second > 59 {
                return None;
            }
            Time::from_hms(hour as u8, minute as u8, second as u8).ok()?
        };
        Some(PrimitiveDateTime::new(date, time))
    }

    /// Writes `t` in the format; `None` if its year is outside 0000..=9999,
    /// which four digits cannot hold. Parts the format has no token for
    /// (seconds, say, or nanoseconds) are left out.
    pub fn format(&self, t: PrimitiveDateTime) -> Option<String> {
        let mut out = vec![0; self.source.len()];
        self.format_into(t, &mut out)?;
        // Only ASCII letters were replaced, by ASCII digits.
        String::from_utf8(out).ok()
    }

    /// [`Layout::format`] into `out`, without allocating; the text's length
    /// in bytes, or `None` if `out` is too short or the year has more than
    /// four digits.
    pub fn format_into(&self, t: PrimitiveDateTime, out: &mut [u8]) -> Option<usize> {
        let year = u32::try_from(t.year()).ok().filter(|y| *y <= 9999)?;
        let n = self.source.len();
        out.get_mut(..n)?.copy_from_slice(self.source.as_bytes());
        let values = [
            year,
            u32::from(u8::from(t.month())),
            u32::from(t.day()),
            u32::from(t.hour()),
            u32::from(t.minute()),
            u32::from(t.second()),
        ];
        for (token, value) in values.into_iter().enumerate() {
            if !self.has(token) {
                continue;
            }
            let at = usize::from(self.offsets[token]);
            let mut v = value;
            for slot in out[at..at + WIDTHS[token]].iter_mut().rev() {
                *slot = b'0' + (v % 10) as u8;
                v /= 10;
            }
        }
        Some(n)
    }

    /// `t` cut to what the format can say: a date-only format keeps the
    /// day, `hh:mm` drops the seconds. Nanoseconds always go.
    pub fn truncate(&self, t: PrimitiveDateTime) -> PrimitiveDateTime {
        let pick = |token: usize, v: u8| if self.has(token) { v } else { 0 };
        let time = Time::from_hms(pick(3, t.hour()), pick(4, t.minute()), pick(5, t.second()))
            .unwrap_or(Time::MIDNIGHT);
        PrimitiveDateTime::new(t.date(), time)
    }
}

const DAYS: [u32; 12] = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

fn days_in_month(year: i32, month: u32) -> u32 {
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    match month {
        2 if leap => 29,
        1..=12 => DAYS[month as usize - 1],
        _ => 0,
    }
}

/// Parses an RFC 3339 date-time, keeping its offset.
pub fn parse_rfc3339(s: &str) -> Option<OffsetDateTime> {
    // The time crate also takes a space (or any byte) between date and
    // time; RFC 3339's grammar, and JSON Schema's date-time, want T.
    match s.as_bytes().get(10) {
        Some(b'T' | b't') => OffsetDateTime::parse(s, &Rfc3339).ok(),
        _ => None,
    }
}

/// Writes `t` in RFC 3339 at its own offset, with as many fraction digits
/// as it needs; `None` where RFC 3339 cannot say it (a year beyond 9999, an
/// offset with seconds). A canonical input (`T`, `Z` for UTC, no trailing
/// zeros in the fraction) reads back byte for byte.
pub fn format_rfc3339(t: OffsetDateTime) -> Option<String> {
    t.format(&Rfc3339).ok()
}

/// The longest RFC 3339 text [`write_rfc3339`] writes:
/// `9999-12-31T23:59:59.999999999+23:59`.
pub const RFC3339_MAX_LEN: usize = 35;

/// [`format_rfc3339`] into `out`, without allocating and without `time`'s
/// general formatter (a fixed layout is a few stores): the text's length,
/// or `None` if `out` is too short or RFC 3339 cannot say `t`. The same
/// bytes as `time`'s `Rfc3339`, which a property test holds it to.
pub fn write_rfc3339(t: OffsetDateTime, out: &mut [u8]) -> Option<usize> {
    // The calendar date in one step: `month()` and `day()` each work it
    // out from the ordinal day.
    let (year, month, day) = t.to_calendar_date();
    let year = u32::try_from(year).ok().filter(|y| *y <= 9999)?;
    let (date, clock) = out.split_at_mut_checked(10)?;
    date.copy_from_slice(b"0000-00-00");
    put_digits(date, 0, 4, year);
    put_digits(date, 5, 2, u32::from(u8::from(month)));
    put_digits(date, 8, 2, u32::from(day));
    Some(10 + write_rfc3339_clock(t, clock)?)
}

/// The longest text [`write_rfc3339_clock`] writes:
/// `T23:59:59.999999999+23:59`.
pub const RFC3339_CLOCK_MAX_LEN: usize = 25;

/// The end of [`write_rfc3339`]'s text, from the `T`: the time of day, the
/// fraction it needs and the offset (`T01:19:23Z`), without working out the
/// calendar date, which is most of the cost. A pattern that only looks at
/// the end of the text needs no more. The text's length, or `None` if
/// `out` is too short or the offset has seconds.
pub fn write_rfc3339_clock(t: OffsetDateTime, out: &mut [u8]) -> Option<usize> {
    let offset = t.offset();
    if offset.seconds_past_minute() != 0 {
        return None;
    }
    let (hour, minute, second, nanos) = t.to_hms_nano();
    // As many fraction digits as the value needs, as `time` writes them.
    let (mut digits, mut fraction) = (0, nanos);
    if nanos != 0 {
        digits = 9;
        while fraction % 10 == 0 {
            fraction /= 10;
            digits -= 1;
        }
    }
    let zone = if offset.is_utc() { 1 } else { 6 };
    let n = 9 + if digits > 0 { 1 + digits } else { 0 } + zone;
    let text = out.get_mut(..n)?;
    text[..9].copy_from_slice(b"T00:00:00");
    put_digits(text, 1, 2, u32::from(hour));
    put_digits(text, 4, 2, u32::from(minute));
    put_digits(text, 7, 2, u32::from(second));
    let mut at = 9;
    if digits > 0 {
        text[9] = b'.';
        put_digits(text, 10, digits, fraction);
        at = 10 + digits;
    }
    if zone == 1 {
        text[at] = b'Z';
    } else {
        text[at] = if offset.is_negative() { b'-' } else { b'+' };
        text[at + 3] = b':';
        put_digits(
            text,
            at + 1,
            2,
            u32::from(offset.whole_hours().unsigned_abs()),
        );
        put_digits(
            text,
            at + 4,
            2,
            u32::from(offset.minutes_past_hour().unsigned_abs()),
        );
    }
    Some(n)
}

/// Writes `v` as `width` decimal digits at `text[at..]`, zero-padded.
fn put_digits(text: &mut [u8], at: usize, width: usize, mut v: u32) {
    for slot in text[at..at + width].iter_mut().rev() {
        // `v % 10` is a digit, so the cast is exact.
        *slot = b'0' + (v % 10) as u8;
        v /= 10;
    }
}

/// The instant `unix_nanos` at `offset_seconds` east of UTC (generated code
/// builds RFC 3339 defaults with it). Out-of-range input gives the epoch or
/// UTC; the generator only passes values it has parsed.
pub fn offset_date_time(unix_nanos: i128, offset_seconds: i32) -> OffsetDateTime {
    let offset = UtcOffset::from_whole_seconds(offset_seconds).unwrap_or(UtcOffset::UTC);
    OffsetDateTime::from_unix_timestamp_nanos(unix_nanos)
        .unwrap_or(OffsetDateTime::UNIX_EPOCH)
        .to_offset(offset)
}

/// The date-time `unix_nanos` after the epoch, without an offset (generated
/// code builds custom-format defaults with it).
pub fn primitive_date_time(unix_nanos: i128) -> PrimitiveDateTime {
    let t = offset_date_time(unix_nanos, 0);
    PrimitiveDateTime::new(t.date(), t.time())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    static SPACED: Layout = Layout::new("YYYY-MM-DD hh:mm:ss");

    #[test]
    fn a_leap_second_follows_one_rule_in_both_formats() {
        for (rfc, spaced, ok) in [
            ("2016-12-31T23:59:60Z", "2016-12-31 23:59:60", true),
            ("2015-06-30T23:59:60Z", "2015-06-30 23:59:60", true),
            ("2016-12-30T23:59:60Z", "2016-12-30 23:59:60", false),
            ("2016-12-31T23:58:60Z", "2016-12-31 23:58:60", false),
            ("2016-12-31T22:59:60Z", "2016-12-31 22:59:60", false),
            ("2016-12-31T23:59:61Z", "2016-12-31 23:59:61", false),
        ] {
            let a = parse_rfc3339(rfc);
            let b = SPACED.parse(spaced).map(PrimitiveDateTime::assume_utc);
            assert_eq!((a.is_some(), b.is_some()), (ok, ok), "{rfc} / {spaced}");
            assert_eq!(a, b, "{rfc} and {spaced} are one instant");
        }
    }

    #[test]
    fn a_custom_format_round_trips_and_rejects_impossible_dates() {
        let t = SPACED.parse("2024-02-29 23:59:59").unwrap();
        assert_eq!(SPACED.format(t).unwrap(), "2024-02-29 23:59:59");
        for bad in [
            "2023-02-29 10:00:00",
            "2023-04-31 10:00:00",
            "2023-00-10 10:00:00",
            "2023-13-10 10:00:00",
            "2023-01-00 10:00:00",
            "2023-01-01 24:00:00",
            "2023-01-01 10:60:00",
            "2023-01-01T10:00:00",
            "2023-01-01 10:00:00Z",
            "2023-1-01 10:00:00",
            "2023-01-01 10:00:0",
            "２023-01-01 10:00:00",
        ] {
            assert!(SPACED.parse(bad).is_none(), "{bad}");
        }
        assert!(SPACED.parse("1900-02-28 00:00:00").is_some());
        assert!(SPACED.parse("1900-02-29 00:00:00").is_none());
        assert!(SPACED.parse("2000-02-29 00:00:00").is_some());
    }

    #[test]
    fn tokens_sit_anywhere_among_non_ascii_literals() {
        static KANJI: Layout = Layout::new("DD日MM月YYYY年");
        let t = KANJI.parse("05日03月2024年").unwrap();
        assert_eq!((t.year(), u8::from(t.month()), t.day()), (2024, 3, 5));
        assert_eq!(KANJI.format(t).unwrap(), "05日03月2024年");
    }

    #[test]
    fn years_beyond_four_digits_are_not_written() {
        let far = primitive_date_time(0).replace_year(-1).unwrap();
        assert_eq!(SPACED.format(far), None);
    }

    #[test]
    fn truncating_keeps_only_what_the_format_says() {
        static DAY: Layout = Layout::new("YYYY-MM-DD");
        let t = SPACED.parse("2024-02-29 23:59:59").unwrap();
        assert_eq!(DAY.format(DAY.truncate(t)).unwrap(), "2024-02-29");
        assert_eq!(DAY.truncate(t).time(), Time::MIDNIGHT);
        assert_eq!(SPACED.truncate(t), t);
    }

    #[test]
    fn invalid_formats_do_not_compile() {
        for bad in [
            "hh:mm",
            "YYYY-MM-DD-DD",
            "YYYY-MM-DD hh:mm:Xs",
            "YYYY-MMM-DD",
            "YYYY1MM-DD",
        ] {
            assert!(Layout::compile(bad).is_none(), "{bad}");
        }
        assert!(Layout::compile("YYYYMMDD").is_some());
    }

    proptest! {
        #[test]
        fn the_rfc3339_writer_writes_what_time_writes(
            secs in -62_167_219_200i64..253_402_300_800,
            nanos in prop_oneof![
                Just(0u32),
                0u32..1_000_000_000,
                (0u32..1_000).prop_map(|m| m * 1_000_000),
            ],
            offset in -86_399i32..86_400,
            whole_minutes in any::<bool>(),
        ) {
            let offset = if whole_minutes { offset / 60 * 60 } else { offset };
            // Near year 0 or 9999 an offset can take the local date out of
            // `time`'s range; those instants are not drawn.
            let Some(t) = OffsetDateTime::from_unix_timestamp(secs).unwrap()
                .replace_nanosecond(nanos).unwrap()
                .checked_to_offset(UtcOffset::from_whole_seconds(offset).unwrap())
            else {
                return Ok(());
            };
            let mut buf = [0u8; RFC3339_MAX_LEN];
            let ours = write_rfc3339(t, &mut buf)
                .map(|n| std::str::from_utf8(&buf[..n]).unwrap().to_owned());
            let theirs = format_rfc3339(t);
            prop_assert_eq!(&ours, &theirs);
            // The clock alone is the same text from the `T` on.
            let mut clock = [0u8; RFC3339_CLOCK_MAX_LEN];
            let clock = write_rfc3339_clock(t, &mut clock)
                .map(|n| std::str::from_utf8(&clock[..n]).unwrap().to_owned());
            let tail = theirs.as_deref().and_then(|s| s.get(10..));
            if t.year() <= 9999 {
                prop_assert_eq!(clock.as_deref(), tail);
            }
        }
    }

    #[test]
    fn the_rfc3339_writer_covers_the_extremes_and_short_buffers() {
        for text in [
            "0000-01-01T00:00:00Z",
            "9999-12-31T23:59:59.999999999+23:59",
            "2017-03-10T01:19:23.1-00:01",
            "2017-03-10T01:19:23.000000001-23:59",
        ] {
            let t = parse_rfc3339(text).unwrap();
            let mut buf = [0u8; RFC3339_MAX_LEN];
            let n = write_rfc3339(t, &mut buf).unwrap();
            assert_eq!(&buf[..n], text.as_bytes());
            assert_eq!(write_rfc3339(t, &mut buf[..n - 1]), None, "{text}");
            let mut clock = [0u8; RFC3339_CLOCK_MAX_LEN];
            let m = write_rfc3339_clock(t, &mut clock).unwrap();
            assert_eq!(&clock[..m], &text.as_bytes()[10..]);
            assert_eq!(write_rfc3339_clock(t, &mut clock[..m - 1]), None, "{text}");
        }
        let far = offset_date_time(0, 0).replace_year(-1).unwrap();
        assert_eq!(write_rfc3339(far, &mut [0; 64]), None);
        assert_eq!(format_rfc3339(far), None);
    }

    #[test]
    fn rfc3339_needs_a_t_and_an_offset_and_round_trips_canonical_text() {
        for good in [
            "2017-03-10T01:19:23Z",
            "2017-03-10T01:19:23+02:00",
            "2017-03-10T01:19:23.5Z",
            "2017-03-10T01:19:23.123456789-05:30",
        ] {
            let t = parse_rfc3339(good).unwrap();
            assert_eq!(format_rfc3339(t).unwrap(), good);
        }
        assert!(parse_rfc3339("2017-03-10t01:19:23z").is_some());
        for bad in [
            "2017-03-10 01:19:23",
            "2017-03-10 01:19:23Z",
            "2017-03-10_01:19:23Z",
        ] {
            assert!(parse_rfc3339(bad).is_none(), "{bad}");
        }
    }
}
