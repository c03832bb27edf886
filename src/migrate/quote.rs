//! Quoting of identifiers and literals for generated SQL, and the small value types (durations,
//! timestamps) that end up inside it: nothing reaches SQL text without passing through here.

use std::fmt;
use std::time::Duration;

/// `"name"` with embedded quotes doubled, as `format('%I')` would write a name that needs
/// quoting. Every identifier is quoted, so case and reserved words never matter.
pub fn ident(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 2);
    out.push('"');
    for c in name.chars() {
        if c == '"' {
            out.push('"');
        }
        out.push(c);
    }
    out.push('"');
    out
}

/// `"schema"."name"`.
pub fn qualified(schema: &str, name: &str) -> String {
    format!("{}.{}", ident(schema), ident(name))
}

/// A string literal that means the same text whatever `standard_conforming_strings` is: a
/// backslash switches to the `E''` form, where it is doubled.
pub fn literal(text: &str) -> String {
    let escaped = text.replace('\'', "''");
    if text.contains('\\') {
        format!("E'{}'", escaped.replace('\\', "\\\\"))
    } else {
        format!("'{escaped}'")
    }
}

/// The regclass literal of a relation, `'"schema"."name"'::regclass`: resolved when the
/// statement runs, so it names whatever relation carries that name at that moment.
pub fn regclass(schema: &str, name: &str) -> String {
    format!("{}::regclass", literal(&qualified(schema, name)))
}

/// An SQL array of text literals, `ARRAY['a','b']::text[]`.
pub fn text_array<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    let parts: Vec<String> = items.into_iter().map(literal).collect();
    format!("ARRAY[{}]::text[]", parts.join(", "))
}

/// A PostgreSQL duration setting (`lock_timeout`, `statement_timeout`) as given on the command
/// line: a whole number with a unit PostgreSQL understands. Kept in the user's unit so the
/// generated SQL reads like the flag that produced it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PgDuration {
    pub amount: u64,
    pub unit: Unit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Ms,
    S,
    Min,
    H,
}

impl Unit {
    fn as_str(self) -> &'static str {
        match self {
            Unit::Ms => "ms",
            Unit::S => "s",
            Unit::Min => "min",
            Unit::H => "h",
        }
    }

    fn millis(self) -> u64 {
        match self {
            Unit::Ms => 1,
            Unit::S => 1_000,
            Unit::Min => 60_000,
            Unit::H => 3_600_000,
        }
    }
}

impl PgDuration {
    pub const fn new(amount: u64, unit: Unit) -> PgDuration {
        PgDuration { amount, unit }
    }

    pub fn as_duration(self) -> Duration {
        Duration::from_millis(self.amount.saturating_mul(self.unit.millis()))
    }

    /// The setting as an SQL literal, `'5s'`.
    pub fn sql(self) -> String {
        format!("'{self}'")
    }
}

impl fmt::Display for PgDuration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.amount, self.unit.as_str())
    }
}

impl std::str::FromStr for PgDuration {
    type Err = String;

    fn from_str(s: &str) -> Result<PgDuration, String> {
        let s = s.trim();
        let split = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
        let (digits, unit) = s.split_at(split);
        let amount: u64 = digits.parse().map_err(|_| {
            format!("`{s}` is not a duration: write a whole number and a unit, like 5s or 200ms")
        })?;
        let unit = match unit.trim() {
            "ms" => Unit::Ms,
            "" | "s" | "sec" => Unit::S,
            "m" | "min" => Unit::Min,
            "h" => Unit::H,
            other => {
                return Err(format!(
                    "`{other}` is not a duration unit: use ms, s, min or h"
                ))
            }
        };
        // PostgreSQL reads 0 as "no timeout": a lock wait or a statement without end, holding
        // the locks taken so far. Both timeouts exist to bound that, so 0 is refused.
        if amount == 0 {
            return Err(format!(
                "`{s}` would turn the timeout off: PostgreSQL reads 0 as wait forever; give a positive duration such as 5s or 1min"
            ));
        }
        // PostgreSQL stores these settings as an int of milliseconds.
        if amount.saturating_mul(unit.millis()) > i32::MAX as u64 {
            return Err(format!("`{s}` is too long for a PostgreSQL timeout"));
        }
        Ok(PgDuration { amount, unit })
    }
}

/// A migration version: UTC time as `YYYYMMDDHHMMSS`, the prefix of a Supabase migration file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Timestamp {
    /// Seconds since 1970-01-01T00:00:00Z.
    secs: i64,
}

impl Timestamp {
    pub fn now() -> Timestamp {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0);
        Timestamp { secs }
    }

    /// The same time `n` seconds later: each of several phases written at once gets its own
    /// version, as Supabase requires versions to be unique.
    pub fn plus_seconds(self, n: i64) -> Timestamp {
        Timestamp {
            secs: self.secs + n,
        }
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let days = self.secs.div_euclid(86_400);
        let rem = self.secs.rem_euclid(86_400);
        let (y, m, d) = civil_from_days(days);
        write!(
            f,
            "{y:04}{m:02}{d:02}{:02}{:02}{:02}",
            rem / 3600,
            rem % 3600 / 60,
            rem % 60
        )
    }
}

impl std::str::FromStr for Timestamp {
    type Err = String;

    fn from_str(s: &str) -> Result<Timestamp, String> {
        let bad = || {
            format!("`{s}` is not a timestamp: write YYYYMMDDHHMMSS in UTC, like 20250101120000")
        };
        if s.len() != 14 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let num = |r: std::ops::Range<usize>| s[r].parse::<i64>().map_err(|_| bad());
        let (y, mo, d, h, mi, se) = (
            num(0..4)?,
            num(4..6)?,
            num(6..8)?,
            num(8..10)?,
            num(10..12)?,
            num(12..14)?,
        );
        if !(1..=12).contains(&mo)
            || d < 1
            || d > days_in_month(y, mo)
            || h > 23
            || mi > 59
            || se > 59
        {
            return Err(bad());
        }
        Ok(Timestamp {
            secs: days_from_civil(y, mo, d) * 86_400 + h * 3600 + mi * 60 + se,
        })
    }
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

// Howard Hinnant's civil calendar algorithms (proleptic Gregorian).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_are_always_quoted() {
        assert_eq!(ident("domains"), "\"domains\"");
        assert_eq!(ident("we\"ird"), "\"we\"\"ird\"");
        assert_eq!(ident("User"), "\"User\"");
        assert_eq!(qualified("public", "t"), "\"public\".\"t\"");
    }

    #[test]
    fn literals_escape_quotes_and_backslashes() {
        assert_eq!(literal("it's"), "'it''s'");
        assert_eq!(literal("a\\b'"), "E'a\\\\b'''");
        assert_eq!(regclass("public", "t"), "'\"public\".\"t\"'::regclass");
        assert_eq!(text_array(["a", "b'"]), "ARRAY['a', 'b''']::text[]");
    }

    #[test]
    fn durations_parse_and_render() {
        let d: PgDuration = "200ms".parse().unwrap();
        assert_eq!(d.to_string(), "200ms");
        assert_eq!(d.as_duration(), Duration::from_millis(200));
        assert_eq!("5".parse::<PgDuration>().unwrap().to_string(), "5s");
        assert_eq!("2m".parse::<PgDuration>().unwrap().sql(), "'2min'");
        assert!("5 s; DROP".parse::<PgDuration>().is_err());
        assert!("-1s".parse::<PgDuration>().is_err());
        assert!("s".parse::<PgDuration>().is_err());
        assert!("9999999h".parse::<PgDuration>().is_err());
    }

    #[test]
    fn zero_timeouts_are_refused() {
        // See: issue 12 item 19
        for zero in ["0", "0s", "0ms", "00min", " 0h "] {
            let e = zero.parse::<PgDuration>().unwrap_err();
            assert!(e.contains("PostgreSQL reads 0 as wait forever"), "{e}");
            assert!(e.contains(&format!("`{}`", zero.trim())), "{e}");
        }
        assert_eq!("1ms".parse::<PgDuration>().unwrap().to_string(), "1ms");
    }

    #[test]
    fn timestamps_round_trip() {
        for s in [
            "19700101000000",
            "20240229235959",
            "20251124171300",
            "21000301000000",
        ] {
            assert_eq!(s.parse::<Timestamp>().unwrap().to_string(), s);
        }
        let t: Timestamp = "20241231235959".parse().unwrap();
        assert_eq!(t.plus_seconds(1).to_string(), "20250101000000");
        assert!("20230229000000".parse::<Timestamp>().is_err());
        assert!("2023010100000".parse::<Timestamp>().is_err());
        assert!("20231301000000".parse::<Timestamp>().is_err());
        assert!("2023010100000x".parse::<Timestamp>().is_err());
    }
}
