//! A PostgreSQL tokenizer over `&str` with byte spans: identifiers, quoted identifiers, the
//! string literal flavours, dollar-quoted bodies, parameters, numbers, nesting comments and
//! operators. It is total: any input yields tokens in order, on character boundaries.

use std::borrow::Cow;
use std::ops::Range;

/// The flavour of a single-quoted string literal, named by its prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StrKind {
    /// `'...'`: `''` is the only escape (standard_conforming_strings, the default since 9.1).
    Plain,
    /// `E'...'`: backslash escapes.
    Escape,
    /// `U&'...'`: `\XXXX` and `\+XXXXXX` Unicode escapes.
    Unicode,
    /// `B'...'`: bit string.
    Bit,
    /// `X'...'`: hexadecimal bit string.
    Hex,
    /// `N'...'`: national character string, read like a plain one.
    National,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokKind {
    /// An unquoted identifier or key word.
    Ident,
    /// `"..."` or, with `unicode`, `U&"..."`.
    QuotedIdent {
        unicode: bool,
    },
    Str(StrKind),
    /// `$tag$...$tag$`; the body lies between the delimiters.
    Dollar {
        body_start: usize,
        body_end: usize,
    },
    /// `$1`.
    Param,
    Number,
    LineComment,
    BlockComment,
    /// `::`.
    Cast,
    /// A run of operator characters (`=`, `<>`, `->>`, `%`, `*`), `:=` or `..`.
    Op,
    /// Any other single character: `.`, `,`, `(`, `)`, `;`, `[`, `]`, `:`, a lone `$`.
    Punct,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub kind: TokKind,
    pub start: usize,
    pub end: usize,
    /// False for a string, quoted identifier, block comment or dollar body that runs to the end
    /// of the input without its closing delimiter.
    pub terminated: bool,
}

impl Token {
    pub fn span(&self) -> Range<usize> {
        self.start..self.end
    }

    pub fn text<'a>(&self, src: &'a str) -> &'a str {
        src.get(self.start..self.end).unwrap_or("")
    }

    pub fn is_comment(&self) -> bool {
        matches!(self.kind, TokKind::LineComment | TokKind::BlockComment)
    }

    pub fn is_ident(&self) -> bool {
        matches!(self.kind, TokKind::Ident | TokKind::QuotedIdent { .. })
    }

    /// An unquoted identifier spelled `kw` in any case.
    pub fn is_keyword(&self, src: &str, kw: &str) -> bool {
        self.kind == TokKind::Ident && self.text(src).eq_ignore_ascii_case(kw)
    }

    /// This exact single punctuation or operator text.
    pub fn is_punct(&self, src: &str, p: &str) -> bool {
        matches!(self.kind, TokKind::Punct | TokKind::Op) && self.text(src) == p
    }

    /// The text between the quotes of a string or quoted identifier, the body of a dollar
    /// string, the text after `--` or inside `/* */`; the whole text of anything else.
    pub fn content_span(&self, src: &str) -> Range<usize> {
        let b = src.as_bytes();
        let open = |prefix: usize| {
            let s = (self.start + prefix + 1).min(self.end);
            let e = if self.terminated {
                self.end.saturating_sub(1).max(s)
            } else {
                self.end
            };
            s..e
        };
        match self.kind {
            TokKind::QuotedIdent { unicode } => open(if unicode { 2 } else { 0 }),
            TokKind::Str(k) => {
                let prefix = match k {
                    StrKind::Plain => 0,
                    StrKind::Unicode => 2,
                    _ => 1,
                };
                open(prefix)
            }
            TokKind::Dollar {
                body_start,
                body_end,
            } => body_start..body_end,
            TokKind::LineComment => (self.start + 2).min(self.end)..self.end,
            TokKind::BlockComment => {
                let s = (self.start + 2).min(self.end);
                let e = if self.terminated && self.end >= s + 2 && b[self.end - 2] == b'*' {
                    self.end - 2
                } else {
                    self.end
                };
                s..e
            }
            _ => self.start..self.end,
        }
    }

    /// The name an identifier stands for: unquoted ones fold ASCII letters to lower case (as
    /// Postgres does in a UTF-8 database), quoted ones are unescaped and kept exact.
    pub fn ident_value<'a>(&self, src: &'a str) -> Option<Cow<'a, str>> {
        match self.kind {
            TokKind::Ident => Some(fold_ident(self.text(src))),
            TokKind::QuotedIdent { unicode } => {
                let raw = src.get(self.content_span(src))?;
                let v = unescape_doubled(raw, '"');
                Some(if unicode {
                    Cow::Owned(decode_unicode_escapes(&v))
                } else {
                    v
                })
            }
            _ => None,
        }
    }

    /// The value of a string literal or dollar-quoted body.
    pub fn string_value<'a>(&self, src: &'a str) -> Option<Cow<'a, str>> {
        let raw = src.get(self.content_span(src))?;
        match self.kind {
            TokKind::Str(StrKind::Plain | StrKind::National | StrKind::Bit | StrKind::Hex) => {
                Some(unescape_doubled(raw, '\''))
            }
            TokKind::Str(StrKind::Escape) => Some(unescape_backslashes(raw)),
            TokKind::Str(StrKind::Unicode) => Some(Cow::Owned(decode_unicode_escapes(
                &unescape_doubled(raw, '\''),
            ))),
            TokKind::Dollar { .. } => Some(Cow::Borrowed(raw)),
            _ => None,
        }
    }
}

/// Folds an unquoted identifier the way Postgres does in a UTF-8 database: ASCII only.
pub fn fold_ident(s: &str) -> Cow<'_, str> {
    if s.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(s.to_ascii_lowercase())
    } else {
        Cow::Borrowed(s)
    }
}

fn unescape_doubled(raw: &str, q: char) -> Cow<'_, str> {
    let (pair, single) = if q == '"' {
        ("\"\"", "\"")
    } else {
        ("''", "'")
    };
    if raw.contains(pair) {
        Cow::Owned(raw.replace(pair, single))
    } else {
        Cow::Borrowed(raw)
    }
}

fn unescape_backslashes(raw: &str) -> Cow<'_, str> {
    if !raw.contains(['\\', '\'']) {
        return Cow::Borrowed(raw);
    }
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                out.push('\'');
                if chars.peek() == Some(&'\'') {
                    chars.next();
                }
            }
            '\\' => match chars.next() {
                None => out.push('\\'),
                Some('b') => out.push('\u{8}'),
                Some('f') => out.push('\u{c}'),
                Some('n') => out.push('\n'),
                Some('r') => out.push('\r'),
                Some('t') => out.push('\t'),
                Some(d @ '0'..='7') => {
                    let mut v = d.to_digit(8).unwrap_or(0);
                    for _ in 0..2 {
                        match chars.peek().and_then(|c| c.to_digit(8)) {
                            Some(x) => {
                                v = v * 8 + x;
                                chars.next();
                            }
                            None => break,
                        }
                    }
                    out.push(char::from_u32(v).unwrap_or('\u{fffd}'));
                }
                Some(k @ ('x' | 'u' | 'U')) => {
                    let max = match k {
                        'x' => 2,
                        'u' => 4,
                        _ => 8,
                    };
                    let mut v = 0u32;
                    let mut n = 0;
                    while n < max {
                        match chars.peek().and_then(|c| c.to_digit(16)) {
                            Some(x) => {
                                v = v.wrapping_mul(16).wrapping_add(x);
                                chars.next();
                                n += 1;
                            }
                            None => break,
                        }
                    }
                    if n == 0 {
                        out.push(k);
                    } else {
                        out.push(char::from_u32(v).unwrap_or('\u{fffd}'));
                    }
                }
                Some(other) => out.push(other),
            },
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// `\XXXX`, `\+XXXXXX` and `\\` with the default escape character (a `UESCAPE` clause is rare
/// enough to ignore).
fn decode_unicode_escapes(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('\\') {
        out.push_str(&rest[..i]);
        rest = &rest[i + 1..];
        if let Some(r) = rest.strip_prefix('\\') {
            out.push('\\');
            rest = r;
            continue;
        }
        let (digits, body) = match rest.strip_prefix('+') {
            Some(r) => (6, r),
            None => (4, rest),
        };
        let hex = body
            .get(..digits)
            .filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()));
        match hex.and_then(|h| u32::from_str_radix(h, 16).ok()) {
            Some(v) => {
                out.push(char::from_u32(v).unwrap_or('\u{fffd}'));
                rest = &body[digits..];
            }
            None => out.push('\\'),
        }
    }
    out.push_str(rest);
    out
}

/// Bytes that continue an unquoted identifier. Every byte of a multi-byte UTF-8 character is
/// >= 0x80, so spans built from these never split a character.
#[inline]
fn ident_cont(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'$' || b >= 0x80
}

#[inline]
fn ident_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_' || b >= 0x80
}

#[inline]
fn dolq_cont(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80
}

#[inline]
fn op_char(b: u8) -> bool {
    matches!(
        b,
        b'+' | b'-'
            | b'*'
            | b'/'
            | b'<'
            | b'>'
            | b'='
            | b'~'
            | b'!'
            | b'@'
            | b'#'
            | b'%'
            | b'^'
            | b'&'
            | b'|'
            | b'`'
            | b'?'
    )
}

const BOM: &[u8] = "\u{feff}".as_bytes();

/// Yields the tokens of a text, whitespace skipped.
#[derive(Debug, Clone)]
pub struct Tokenizer<'a> {
    b: &'a [u8],
    pos: usize,
    end: usize,
}

impl<'a> Tokenizer<'a> {
    pub fn new(src: &'a str) -> Tokenizer<'a> {
        Tokenizer::with_range(src, 0..src.len())
    }

    /// Tokenizes `src[range]` with spans into `src` (a dollar body, a string's content). The
    /// range is clamped to the text and moved forward onto character boundaries.
    pub fn with_range(src: &'a str, range: Range<usize>) -> Tokenizer<'a> {
        let snap = |mut i: usize| {
            i = i.min(src.len());
            while !src.is_char_boundary(i) {
                i += 1;
            }
            i
        };
        let end = snap(range.end);
        let mut pos = snap(range.start).min(end);
        if src.as_bytes()[pos..end].starts_with(BOM) {
            pos += BOM.len();
        }
        Tokenizer {
            b: src.as_bytes(),
            pos,
            end,
        }
    }

    /// Where the next token will be looked for.
    pub fn position(&self) -> usize {
        self.pos
    }

    /// Continues after `pos` (clamped to the range, moved onto a character boundary): skips
    /// text that is not SQL, such as the data lines after `COPY ... FROM stdin;`.
    pub fn skip_to(&mut self, pos: usize) {
        let mut p = pos.clamp(self.pos, self.end);
        while p < self.end && (self.b[p] & 0xC0) == 0x80 {
            p += 1;
        }
        self.pos = p;
    }

    #[inline]
    fn at(&self, i: usize) -> u8 {
        if i < self.end {
            self.b[i]
        } else {
            0
        }
    }

    /// End of a quoted run opened at `open` with quote `q`; doubled quotes stay inside, and a
    /// backslash hides the next byte when `backslash`. Returns (end, terminated).
    fn quoted(&self, open: usize, q: u8, backslash: bool) -> (usize, bool) {
        let mut i = open + 1;
        loop {
            let hay = &self.b[i.min(self.end)..self.end];
            let found = if backslash {
                memchr::memchr2(q, b'\\', hay)
            } else {
                memchr::memchr(q, hay)
            };
            let Some(off) = found else {
                return (self.end, false);
            };
            let j = i + off;
            if self.b[j] == b'\\' {
                // The hidden byte may start a multi-byte character; only ASCII bytes are
                // ever looked at below, so stepping into its middle is harmless.
                i = j + 2;
                continue;
            }
            if self.at(j + 1) == q {
                i = j + 2;
                continue;
            }
            return (j + 1, true);
        }
    }

    /// A nesting `/* */` comment opened at `open`.
    fn block_comment(&self, open: usize) -> (usize, bool) {
        let mut depth = 1usize;
        let mut i = open + 2;
        while i < self.end {
            let Some(off) = memchr::memchr2(b'*', b'/', &self.b[i..self.end]) else {
                break;
            };
            let j = i + off;
            if self.b[j] == b'*' && self.at(j + 1) == b'/' {
                depth -= 1;
                i = j + 2;
                if depth == 0 {
                    return (i, true);
                }
            } else if self.b[j] == b'/' && self.at(j + 1) == b'*' {
                depth += 1;
                i = j + 2;
            } else {
                i = j + 1;
            }
        }
        (self.end, false)
    }

    /// A dollar quote opened at `open` (a `$`), or `None` when no delimiter starts there.
    fn dollar(&self, open: usize) -> Option<Token> {
        let mut j = open + 1;
        if j < self.end && ident_start(self.b[j]) {
            while j < self.end && dolq_cont(self.b[j]) {
                j += 1;
            }
        }
        if self.at(j) != b'$' {
            return None;
        }
        let delim = &self.b[open..=j];
        let body_start = j + 1;
        let (body_end, end, terminated) =
            match memchr::memmem::find(&self.b[body_start..self.end], delim) {
                Some(off) => (body_start + off, body_start + off + delim.len(), true),
                None => (self.end, self.end, false),
            };
        Some(Token {
            kind: TokKind::Dollar {
                body_start,
                body_end,
            },
            start: open,
            end,
            terminated,
        })
    }

    fn number(&self, start: usize) -> usize {
        let b0 = self.b[start];
        if b0 == b'0' && matches!(self.at(start + 1) | 0x20, b'x' | b'o' | b'b') {
            let mut i = start + 2;
            while i < self.end && (self.b[i].is_ascii_alphanumeric() || self.b[i] == b'_') {
                i += 1;
            }
            return i;
        }
        let digits = |mut i: usize| {
            while i < self.end && (self.b[i].is_ascii_digit() || self.b[i] == b'_') {
                i += 1;
            }
            i
        };
        let mut i = digits(start);
        // `1..5` is an integer followed by `..`, as in the Postgres lexer.
        if self.at(i) == b'.' && self.at(i + 1) != b'.' {
            i = digits(i + 1);
        }
        if matches!(self.at(i), b'e' | b'E') {
            let sign = usize::from(matches!(self.at(i + 1), b'+' | b'-'));
            if self.at(i + 1 + sign).is_ascii_digit() {
                i = digits(i + 1 + sign);
            }
        }
        i
    }

    fn operator(&self, start: usize) -> usize {
        let mut i = start + 1;
        while i < self.end && op_char(self.b[i]) {
            // A comment start ends the operator, as in Postgres.
            if (self.b[i] == b'-' && self.at(i + 1) == b'-')
                || (self.b[i] == b'/' && self.at(i + 1) == b'*')
            {
                break;
            }
            i += 1;
        }
        i
    }
}

impl Iterator for Tokenizer<'_> {
    type Item = Token;

    fn next(&mut self) -> Option<Token> {
        while self.pos < self.end && matches!(self.b[self.pos], b' ' | b'\t'..=b'\r') {
            self.pos += 1;
        }
        if self.pos >= self.end {
            return None;
        }
        let s = self.pos;
        let c = self.b[s];
        let n = self.at(s + 1);
        let tok = |kind, end, terminated| Token {
            kind,
            start: s,
            end,
            terminated,
        };
        let t = match c {
            b'-' if n == b'-' => {
                let end = memchr::memchr(b'\n', &self.b[s..self.end]).map_or(self.end, |o| s + o);
                tok(TokKind::LineComment, end, true)
            }
            b'/' if n == b'*' => {
                let (end, term) = self.block_comment(s);
                tok(TokKind::BlockComment, end, term)
            }
            b'\'' => {
                let (end, term) = self.quoted(s, b'\'', false);
                tok(TokKind::Str(StrKind::Plain), end, term)
            }
            b'"' => {
                let (end, term) = self.quoted(s, b'"', false);
                tok(TokKind::QuotedIdent { unicode: false }, end, term)
            }
            b'e' | b'E' if n == b'\'' => {
                let (end, term) = self.quoted(s + 1, b'\'', true);
                tok(TokKind::Str(StrKind::Escape), end, term)
            }
            b'b' | b'B' | b'x' | b'X' | b'n' | b'N' if n == b'\'' => {
                let kind = match c | 0x20 {
                    b'b' => StrKind::Bit,
                    b'x' => StrKind::Hex,
                    _ => StrKind::National,
                };
                let (end, term) = self.quoted(s + 1, b'\'', false);
                tok(TokKind::Str(kind), end, term)
            }
            b'u' | b'U' if n == b'&' && matches!(self.at(s + 2), b'\'' | b'"') => {
                let q = self.at(s + 2);
                let (end, term) = self.quoted(s + 2, q, false);
                let kind = if q == b'\'' {
                    TokKind::Str(StrKind::Unicode)
                } else {
                    TokKind::QuotedIdent { unicode: true }
                };
                tok(kind, end, term)
            }
            c if ident_start(c) => {
                let mut i = s + 1;
                while i < self.end && ident_cont(self.b[i]) {
                    i += 1;
                }
                tok(TokKind::Ident, i, true)
            }
            b'$' if n.is_ascii_digit() => {
                let mut i = s + 1;
                while i < self.end && self.b[i].is_ascii_digit() {
                    i += 1;
                }
                tok(TokKind::Param, i, true)
            }
            b'$' => match self.dollar(s) {
                Some(t) => t,
                None => tok(TokKind::Punct, s + 1, true),
            },
            b'0'..=b'9' => tok(TokKind::Number, self.number(s), true),
            b'.' if n.is_ascii_digit() => tok(TokKind::Number, self.number(s), true),
            // plpgsql's `1..10` range.
            b'.' if n == b'.' => tok(TokKind::Op, s + 2, true),
            b':' if n == b':' => tok(TokKind::Cast, s + 2, true),
            b':' if n == b'=' => tok(TokKind::Op, s + 2, true),
            c if op_char(c) => tok(TokKind::Op, self.operator(s), true),
            // Every remaining byte is ASCII (>= 0x80 starts an identifier): one character.
            _ => tok(TokKind::Punct, s + 1, true),
        };
        self.pos = t.end;
        Some(t)
    }
}

/// All tokens of `src`, comments included.
pub fn tokenize(src: &str) -> Vec<Token> {
    Tokenizer::new(src).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(src: &str) -> Vec<(TokKind, &str)> {
        tokenize(src)
            .iter()
            .map(|t| (t.kind, t.text(src)))
            .collect()
    }

    /// Every token in order, non-overlapping, on character boundaries, inside the text.
    fn assert_well_formed(src: &str) {
        let mut last = 0;
        for t in tokenize(src) {
            assert!(
                t.start >= last && t.start < t.end && t.end <= src.len(),
                "{t:?}"
            );
            assert!(src.is_char_boundary(t.start) && src.is_char_boundary(t.end));
            let c = t.content_span(src);
            assert!(
                c.start <= c.end && t.start <= c.start && c.end <= t.end,
                "{t:?}"
            );
            assert!(src.is_char_boundary(c.start) && src.is_char_boundary(c.end));
            last = t.end;
        }
    }

    #[test]
    fn identifiers_keywords_and_punctuation() {
        use TokKind::*;
        assert_eq!(
            kinds("SELECT a$1, _b FROM public.experts;"),
            vec![
                (Ident, "SELECT"),
                (Ident, "a$1"),
                (Punct, ","),
                (Ident, "_b"),
                (Ident, "FROM"),
                (Ident, "public"),
                (Punct, "."),
                (Ident, "experts"),
                (Punct, ";"),
            ]
        );
        let src = "Select";
        let t = tokenize(src)[0];
        assert!(t.is_keyword(src, "select") && t.is_keyword(src, "SELECT"));
        assert!(!t.is_keyword(src, "selec"));
    }

    #[test]
    fn non_ascii_letters_belong_to_identifiers() {
        let src = "café_tëst, 名前.x";
        assert_eq!(
            kinds(src),
            vec![
                (TokKind::Ident, "café_tëst"),
                (TokKind::Punct, ","),
                (TokKind::Ident, "名前"),
                (TokKind::Punct, "."),
                (TokKind::Ident, "x"),
            ]
        );
        assert_well_formed(src);
    }

    #[test]
    fn quoted_identifiers_unescape_and_keep_case() {
        let src = r#""public"."Ex""perts" U&"d\0061t\+000061""#;
        let toks = tokenize(src);
        assert_eq!(toks.len(), 4);
        assert_eq!(toks[0].kind, TokKind::QuotedIdent { unicode: false });
        assert_eq!(toks[0].ident_value(src).unwrap(), "public");
        assert_eq!(toks[2].text(src), r#""Ex""perts""#);
        assert_eq!(toks[2].ident_value(src).unwrap(), "Ex\"perts");
        assert_eq!(toks[2].content_span(src), 10..19);
        assert_eq!(toks[3].kind, TokKind::QuotedIdent { unicode: true });
        assert_eq!(toks[3].ident_value(src).unwrap(), "data");
        let src = "Experts";
        assert_eq!(tokenize(src)[0].ident_value(src).unwrap(), "experts");
    }

    #[test]
    fn string_flavours() {
        use StrKind::*;
        let src = r"'it''s' E'a\'b\\' U&'\0041' B'101' X'1F' N'n' e'\n'";
        let toks = tokenize(src);
        let got: Vec<_> = toks.iter().map(|t| (t.kind, t.text(src))).collect();
        assert_eq!(
            got,
            vec![
                (TokKind::Str(Plain), "'it''s'"),
                (TokKind::Str(Escape), r"E'a\'b\\'"),
                (TokKind::Str(Unicode), r"U&'\0041'"),
                (TokKind::Str(Bit), "B'101'"),
                (TokKind::Str(Hex), "X'1F'"),
                (TokKind::Str(National), "N'n'"),
                (TokKind::Str(Escape), r"e'\n'"),
            ]
        );
        assert_eq!(toks[0].string_value(src).unwrap(), "it's");
        assert_eq!(toks[0].content_span(src), 1..6);
        assert_eq!(toks[1].string_value(src).unwrap(), "a'b\\");
        assert_eq!(toks[2].string_value(src).unwrap(), "A");
        assert_eq!(toks[3].string_value(src).unwrap(), "101");
        assert_eq!(toks[6].string_value(src).unwrap(), "\n");
        // A plain string keeps its backslash: it does not escape the quote.
        let src = r"'a\' x";
        assert_eq!(kinds(src)[0], (TokKind::Str(Plain), r"'a\'"));
        assert_eq!(kinds(src)[1], (TokKind::Ident, "x"));
        // An identifier that merely ends in e/b/x/n/u is not a prefix.
        assert_eq!(
            kinds("type'x'"),
            vec![(TokKind::Ident, "type"), (TokKind::Str(Plain), "'x'")]
        );
    }

    #[test]
    fn escape_string_octal_hex_unicode() {
        let src = r"E'\101\x42\u0043\U00000044\q'";
        assert_eq!(tokenize(src)[0].string_value(src).unwrap(), "ABCDq");
    }

    #[test]
    fn dollar_quotes_record_their_body() {
        let src = "AS $$ SELECT 1 $$; $fn$ a $$ b $fn$ $1";
        // AS, $$..$$, ;, $fn$..$fn$, $1
        let toks = tokenize(src);
        assert_eq!(toks.len(), 5);
        assert_eq!(
            toks[1].kind,
            TokKind::Dollar {
                body_start: 5,
                body_end: 15
            }
        );
        assert_eq!(&src[5..15], " SELECT 1 ");
        assert_eq!(toks[1].text(src), "$$ SELECT 1 $$");
        assert_eq!(toks[2].text(src), ";");
        assert_eq!(toks[3].text(src), "$fn$ a $$ b $fn$");
        assert_eq!(toks[3].string_value(src).unwrap(), " a $$ b ");
        assert_eq!((toks[4].kind, toks[4].text(src)), (TokKind::Param, "$1"));
        assert!(toks.iter().all(|t| t.terminated));
        // `$` inside an identifier is part of it, not a quote.
        assert_eq!(kinds("a$$b"), vec![(TokKind::Ident, "a$$b")]);
        // A lone `$` and a tag that is not closed by `$` are punctuation.
        assert_eq!(
            kinds("$ $x"),
            vec![
                (TokKind::Punct, "$"),
                (TokKind::Punct, "$"),
                (TokKind::Ident, "x")
            ]
        );
        // Tags are case-sensitive and may hold non-ASCII letters.
        let src = "$é$ x $É$ y $é$";
        let toks = tokenize(src);
        assert_eq!(toks.len(), 1);
        assert_eq!(toks[0].string_value(src).unwrap(), " x $É$ y ");
    }

    #[test]
    fn comments_nest_and_end_operators() {
        let src = "a /* x /* y */ z */ b -- tail\nc";
        assert_eq!(
            kinds(src),
            vec![
                (TokKind::Ident, "a"),
                (TokKind::BlockComment, "/* x /* y */ z */"),
                (TokKind::Ident, "b"),
                (TokKind::LineComment, "-- tail"),
                (TokKind::Ident, "c"),
            ]
        );
        let t = tokenize(src)[1];
        assert_eq!(&src[t.content_span(src)], " x /* y */ z ");
        assert_eq!(
            kinds("a=-- c\n1"),
            vec![
                (TokKind::Ident, "a"),
                (TokKind::Op, "="),
                (TokKind::LineComment, "-- c"),
                (TokKind::Number, "1"),
            ]
        );
        assert_eq!(
            kinds("*/* c */"),
            vec![(TokKind::Op, "*"), (TokKind::BlockComment, "/* c */")]
        );
    }

    #[test]
    fn numbers_casts_and_operators() {
        use TokKind::*;
        assert_eq!(
            kinds("1 1.5 .5 1e10 2.5E-3 0x1F 1_000 1..5 x::int v%ROWTYPE a->>'k' b := 1 c <> d"),
            vec![
                (Number, "1"),
                (Number, "1.5"),
                (Number, ".5"),
                (Number, "1e10"),
                (Number, "2.5E-3"),
                (Number, "0x1F"),
                (Number, "1_000"),
                (Number, "1"),
                (Op, ".."),
                (Number, "5"),
                (Ident, "x"),
                (Cast, "::"),
                (Ident, "int"),
                (Ident, "v"),
                (Op, "%"),
                (Ident, "ROWTYPE"),
                (Ident, "a"),
                (Op, "->>"),
                (Str(StrKind::Plain), "'k'"),
                (Ident, "b"),
                (Op, ":="),
                (Number, "1"),
                (Ident, "c"),
                (Op, "<>"),
                (Ident, "d"),
            ]
        );
    }

    #[test]
    fn unterminated_tokens_run_to_the_end() {
        for (src, kind) in [
            ("x 'abc", TokKind::Str(StrKind::Plain)),
            ("x E'ab\\", TokKind::Str(StrKind::Escape)),
            ("x \"ab", TokKind::QuotedIdent { unicode: false }),
            ("x /* a /* b */", TokKind::BlockComment),
            (
                "x $t$ body",
                TokKind::Dollar {
                    body_start: 5,
                    body_end: 10,
                },
            ),
        ] {
            let toks = tokenize(src);
            assert_eq!(toks.len(), 2, "{src}");
            assert_eq!(toks[1].kind, kind, "{src}");
            assert_eq!(toks[1].end, src.len(), "{src}");
            assert!(!toks[1].terminated, "{src}");
            assert_well_formed(src);
        }
        let src = "'abc";
        assert_eq!(tokenize(src)[0].string_value(src).unwrap(), "abc");
    }

    #[test]
    fn multibyte_text_never_splits_characters() {
        for src in [
            "SELECT 'é' AS \"ü\", E'\\é' -- ß\n/* 😀 */ $é$ ✓ $é$ ü",
            "E'\\",
            "E'\\é",
            "'",
            "\"",
            "$",
            "$$",
            "/*",
            "-",
            "\u{feff}SELECT 1",
            "U&",
            "U&'",
            "0x",
            "1e",
            "1e+",
            ".",
            "é'x'",
            "\u{0}\u{7f}\u{80}",
        ] {
            assert_well_formed(src);
        }
        let src = "\u{feff}SELECT";
        assert_eq!(kinds(src), vec![(TokKind::Ident, "SELECT")]);
    }

    #[test]
    fn a_range_tokenizes_part_of_the_text() {
        let src = "xx SELECT a yy";
        let toks: Vec<_> = Tokenizer::with_range(src, 3..11).collect();
        assert_eq!(toks.len(), 2);
        assert_eq!((toks[0].start, toks[0].end), (3, 9));
        assert_eq!((toks[1].start, toks[1].end), (10, 11));
        // Out-of-range and mid-character ranges are clamped, not a panic.
        assert_eq!(Tokenizer::with_range("é", 1..99).count(), 0);
        let (start, end) = (5, 1);
        assert_eq!(Tokenizer::with_range("ab", start..end).count(), 0);
    }

    #[test]
    fn every_byte_prefix_is_total() {
        let src = "CREATE FUNCTION f() RETURNS SETOF experts AS $body$ BEGIN /* n /* m */ */ \
                   INSERT INTO \"Ex\"\"p\" VALUES (E'\\'', U&'\\0041', $1::int); -- c\n END $body$;";
        for end in 0..=src.len() {
            if src.is_char_boundary(end) {
                assert_well_formed(&src[..end]);
            }
        }
    }
}
