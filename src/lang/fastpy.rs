//! A lexical fast path for Python: decides every hit of a file from the tokens around it, or
//! gives the whole file back to tree-sitter.
//!
//! The same idea as [`super::fastjs`]: lex strings (prefixes, triple quotes, escapes as
//! tree-sitter-python's scanner and grammar see them, f-string interpolations), comments and
//! brackets, then judge each hit by the rules of [`super::python`] read off the token stream.
//! A hit outside a string is a mention; a hit in a string is judged by what the literal is an
//! argument, keyword value, dict value or assignment of. Anything the lexer cannot pin down (a
//! backtick string, a same-quote string nested in an f-string, a parenthesized receiver, a
//! `.match({...})` key, a likely syntax error) hands the file over.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;
use std::ops::Range;
use std::rc::Rc;

use super::python::{FILTERS, QUERY_STARTS, REFERENCED_TABLE_KWARGS, RPC_SQL_KEYS};
use crate::findings::{Class, Hit, Kind};
use crate::postgrest::{self, FieldPath, PathTarget};

/// Classifies every hit like [`super::python::classify`], or `None` when some hit needs the
/// parser.
pub fn classify(src: &str, hits: &[Hit]) -> Option<Vec<Option<Class>>> {
    if src.len() >= NONE as usize {
        return None;
    }
    let lx = Lexer::run(src).ok()?;
    Judge {
        lx: &lx,
        src,
        cache: HashMap::new(),
        lits: HashMap::new(),
        memo: super::LitMemo::default(),
        chains: RefCell::default(),
    }
    .run(hits)
    .ok()
}

#[derive(Debug)]
struct Bail;

type R<T> = Result<T, Bail>;

const NONE: u32 = u32::MAX;
const MAX_DEPTH: usize = 200;

// Multi-character operators.
const ELLIPSIS: u8 = 1;
/// `==`, `!=`, `<=`, `>=`, `:=`, `->`, `**`, `//`, `<<`, `>>` and augmented assignments: none
/// of them is `=`, `:` or `.`.
const OP: u8 = 2;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum K {
    Ident,
    Num,
    StrStart,
    StrEnd,
    InterpOpen,
    InterpClose,
    Open(u8),
    Close(u8),
    P(u8),
    /// The end of a logical line (outside brackets).
    Newline,
}

#[derive(Debug, Clone, Copy)]
struct Tok {
    k: K,
    s: u32,
    e: u32,
    parent: u32,
    mate: u32,
    /// StrStart/StrEnd: index into `strs`.
    aux: u32,
}

#[derive(Debug, Clone, Copy)]
enum W {
    Opaque,
    Ident,
    Str(u32),
}

#[derive(Debug, Clone, Copy)]
struct Reg {
    s: u32,
    e: u32,
    w: W,
}

/// One `string` node: its tokens, its content, and what `content_text` blanks in it.
#[derive(Debug, Clone, Copy, Default)]
struct PyStr {
    start_tok: u32,
    end_tok: u32,
    content: (u32, u32),
    /// Escape sequences and interpolations in order, as a range of `blanks`.
    blanks: (u32, u32),
    interp: bool,
}

#[derive(Debug, Clone, Copy)]
struct Blank {
    s: u32,
    e: u32,
    /// An escape sequence (which keeps an escaped quote), not an interpolation.
    escape: bool,
}

/// Why an interpolation's code stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stop {
    Eof,
    Brace,
    Colon,
    Bang,
}

struct Lexer<'s> {
    src: &'s str,
    b: &'s [u8],
    i: usize,
    depth: usize,
    toks: Vec<Tok>,
    regs: Vec<Reg>,
    strs: Vec<PyStr>,
    blanks: Vec<Blank>,
    stack: Vec<u32>,
    /// Quote characters of the f-strings being lexed (a nested string may not reuse one).
    quotes: Vec<u8>,
    /// Interpolations of single-quoted f-strings being lexed (no line break allowed).
    single_line: usize,
}

fn is_ident_start(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_'
}

fn is_ident_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

fn is_hex(c: Option<&u8>) -> bool {
    c.is_some_and(|c| c.is_ascii_hexdigit())
}

/// Length of tree-sitter-python's `escape_sequence` at `j` (a backslash), or `None` when the
/// backslash starts none (it is then plain text).
fn escape_len(b: &[u8], j: usize) -> Option<usize> {
    let n = *b.get(j + 1)?;
    let hex = |k: usize| (2..2 + k).all(|d| is_hex(b.get(j + d)));
    match n {
        b'u' if hex(4) => Some(6),
        b'U' if hex(8) => Some(10),
        b'x' if hex(2) => Some(4),
        b'0'..=b'9' => {
            let mut k = 2;
            while k < 4 && b.get(j + k).is_some_and(u8::is_ascii_digit) {
                k += 1;
            }
            Some(k)
        }
        b'\r' if b.get(j + 2) == Some(&b'\n') => Some(3),
        b'\n' | b'\'' | b'"' | b'a' | b'b' | b'f' | b'r' | b'n' | b't' | b'v' | b'\\' => Some(2),
        b'N' if b.get(j + 2) == Some(&b'{') => {
            let close = memchr::memchr(b'}', &b[j + 3..])?;
            (close > 0).then_some(close + 4)
        }
        _ => None,
    }
}

fn is_keyword(w: &str) -> bool {
    matches!(
        w,
        "and"
            | "as"
            | "assert"
            | "async"
            | "await"
            | "break"
            | "case"
            | "class"
            | "continue"
            | "def"
            | "del"
            | "elif"
            | "else"
            | "except"
            | "exec"
            | "finally"
            | "for"
            | "from"
            | "global"
            | "if"
            | "import"
            | "in"
            | "is"
            | "lambda"
            | "match"
            | "nonlocal"
            | "not"
            | "or"
            | "pass"
            | "print"
            | "raise"
            | "return"
            | "try"
            | "type"
            | "while"
            | "with"
            | "yield"
    )
}

/// Keywords that can never be names (`match`, `case`, `type` and Python 2's `print` and
/// `exec` can).
fn is_hard_keyword(w: &str) -> bool {
    is_keyword(w) && !matches!(w, "match" | "case" | "type" | "print" | "exec")
}

impl<'s> Lexer<'s> {
    fn run(src: &'s str) -> R<Lexer<'s>> {
        let mut lx = Lexer {
            src,
            b: src.as_bytes(),
            i: 0,
            depth: 0,
            toks: Vec::with_capacity(src.len() / 4),
            regs: Vec::with_capacity(src.len() / 8),
            strs: Vec::new(),
            blanks: Vec::new(),
            stack: Vec::new(),
            quotes: Vec::new(),
            single_line: 0,
        };
        if lx.code(0)? != Stop::Eof || !lx.stack.is_empty() {
            return Err(Bail);
        }
        lx.plausible()?;
        Ok(lx)
    }

    fn reg(&mut self, s: usize, e: usize, w: W) {
        self.regs.push(Reg {
            s: s as u32,
            e: e as u32,
            w,
        });
    }

    fn tok(&mut self, k: K, s: usize, e: usize) -> usize {
        let parent = self.stack.last().copied().unwrap_or(NONE);
        self.toks.push(Tok {
            k,
            s: s as u32,
            e: e as u32,
            parent,
            mate: NONE,
            aux: 0,
        });
        self.toks.len() - 1
    }

    fn pair(&mut self, open: usize, close: usize) {
        self.toks[open].mate = close as u32;
        self.toks[close].mate = open as u32;
    }

    fn text(&self, t: usize) -> &'s str {
        let t = &self.toks[t];
        &self.src[t.s as usize..t.e as usize]
    }

    fn punct(&mut self, k: K, len: usize) {
        let at = self.i;
        self.tok(k, at, at + len);
        self.i = at + len;
    }

    /// Code until the end of input (`base == 0`), or in an interpolation (whose opener is at
    /// `stack[base - 1]`) until its `}`, the `:` of a format spec or the `!` of a conversion.
    fn code(&mut self, base: usize) -> R<Stop> {
        let interp = base > 0;
        loop {
            let Some(&c) = self.b.get(self.i) else {
                return if interp { Err(Bail) } else { Ok(Stop::Eof) };
            };
            let at = self.i;
            match c {
                b' ' | b'\t' | 0x0c => self.i += 1,
                b'\r' | b'\n' => {
                    if self.single_line > 0 && interp {
                        return Err(Bail);
                    }
                    self.i += if self.b[at..].starts_with(b"\r\n") {
                        2
                    } else {
                        1
                    };
                    if self.stack.is_empty() && self.toks.last().is_some_and(|t| t.k != K::Newline)
                    {
                        self.tok(K::Newline, at, at);
                    }
                }
                b'\\' => {
                    // Only a line continuation.
                    let rest = &self.b[at + 1..];
                    if rest.starts_with(b"\n") {
                        self.i += 2;
                    } else if rest.starts_with(b"\r\n") {
                        self.i += 3;
                    } else {
                        return Err(Bail);
                    }
                }
                b'#' => {
                    if interp {
                        return Err(Bail);
                    }
                    let e = memchr::memchr2(b'\n', b'\r', &self.b[at..])
                        .map_or(self.b.len(), |n| at + n);
                    self.reg(at, e, W::Opaque);
                    self.i = e;
                }
                b'\'' | b'"' => self.string(at, at)?,
                c if is_ident_start(c) => {
                    let mut j = at;
                    while j < self.b.len() && is_ident_char(self.b[j]) {
                        j += 1;
                    }
                    match self.b.get(j) {
                        Some(b'\'' | b'"') => {
                            if !self.b[at..j].iter().all(|c| b"fFtTrRbBuU".contains(c)) {
                                return Err(Bail);
                            }
                            self.string(at, j)?;
                        }
                        Some(&n) if n >= 0x80 || n == b'`' => return Err(Bail),
                        _ => {
                            self.tok(K::Ident, at, j);
                            self.reg(at, j, W::Ident);
                            self.i = j;
                        }
                    }
                }
                b'0'..=b'9' => self.number(),
                b'.' => {
                    if self.b[at..].starts_with(b"...") {
                        self.punct(K::P(ELLIPSIS), 3);
                    } else if self.b.get(at + 1).is_some_and(u8::is_ascii_digit) {
                        self.number();
                    } else {
                        self.punct(K::P(b'.'), 1);
                    }
                }
                b'(' | b'[' | b'{' => {
                    let t = self.tok(K::Open(c), at, at + 1);
                    self.stack.push(t as u32);
                    self.i += 1;
                }
                b')' | b']' | b'}' => {
                    if c == b'}' && interp && self.stack.len() == base {
                        return Ok(Stop::Brace);
                    }
                    let want = match c {
                        b')' => b'(',
                        b']' => b'[',
                        _ => b'{',
                    };
                    let open = self.stack.pop().ok_or(Bail)? as usize;
                    if self.toks[open].k != K::Open(want) {
                        return Err(Bail);
                    }
                    let t = self.tok(K::Close(c), at, at + 1);
                    self.pair(open, t);
                    self.i += 1;
                }
                b':' => {
                    if self.b.get(at + 1) == Some(&b'=') {
                        self.punct(K::P(OP), 2);
                    } else if interp && self.stack.len() == base {
                        return Ok(Stop::Colon);
                    } else {
                        self.punct(K::P(b':'), 1);
                    }
                }
                b'!' => {
                    if self.b.get(at + 1) == Some(&b'=') {
                        self.punct(K::P(OP), 2);
                    } else if interp && self.stack.len() == base {
                        return Ok(Stop::Bang);
                    } else {
                        return Err(Bail);
                    }
                }
                b'=' => {
                    if self.b.get(at + 1) == Some(&b'=') {
                        self.punct(K::P(OP), 2);
                    } else {
                        self.punct(K::P(b'='), 1);
                    }
                }
                b'-' if self.b.get(at + 1) == Some(&b'>') => self.punct(K::P(OP), 2),
                b'*' | b'/' | b'<' | b'>' => {
                    let double = self.b.get(at + 1) == Some(&c);
                    let len = usize::from(double) + 1;
                    if self.b.get(at + len) == Some(&b'=') {
                        self.punct(K::P(OP), len + 1);
                    } else if double {
                        self.punct(K::P(OP), 2);
                    } else {
                        self.punct(K::P(c), 1);
                    }
                }
                b'+' | b'-' | b'%' | b'&' | b'|' | b'^' | b'@' => {
                    if self.b.get(at + 1) == Some(&b'=') {
                        self.punct(K::P(OP), 2);
                    } else {
                        self.punct(K::P(c), 1);
                    }
                }
                b'~' | b',' | b';' => self.punct(K::P(c), 1),
                // Backtick strings, `$`, `?`, non-ASCII names or spaces, control bytes.
                _ => return Err(Bail),
            }
        }
    }

    fn number(&mut self) {
        let at = self.i;
        let mut j = at;
        while j < self.b.len()
            && (is_ident_char(self.b[j])
                || (self.b[j] == b'.'
                    && !self
                        .b
                        .get(j + 1)
                        .is_some_and(|&n| is_ident_start(n) || n == b'.')))
        {
            j += 1;
        }
        self.tok(K::Num, at, j.max(at + 1));
        self.i = j.max(at + 1);
    }

    /// A string whose prefix starts at `start` and whose opening quote is at `quote`.
    fn string(&mut self, start: usize, quote: usize) -> R<()> {
        let prefix = &self.b[start..quote];
        let raw = prefix.iter().any(|c| matches!(c, b'r' | b'R'));
        let bytes = prefix.iter().any(|c| matches!(c, b'b' | b'B'));
        let format = prefix
            .iter()
            .any(|c| matches!(c, b'f' | b'F' | b't' | b'T'));
        let q = self.b[quote];
        if self.quotes.contains(&q) {
            return Err(Bail);
        }
        let triple = self.b[quote..].starts_with(&[q, q, q]);
        let open_end = quote + if triple { 3 } else { 1 };
        let id = self.strs.len();
        self.strs.push(PyStr::default());
        let st = self.tok(K::StrStart, start, open_end);
        self.toks[st].aux = id as u32;
        let mut local: Vec<Blank> = Vec::new();
        let mut interp = false;
        let mut j = open_end;
        let mut part = j;
        if format {
            self.quotes.push(q);
        }
        let close_at;
        loop {
            let c = *self.b.get(j).ok_or(Bail)?;
            if c == q && (!triple || self.b[j..].starts_with(&[q, q, q])) {
                if j > part {
                    self.reg(part, j, W::Str(id as u32));
                }
                close_at = j;
                break;
            }
            match c {
                b'\\' => {
                    if raw {
                        j += 1;
                        if matches!(self.b.get(j), Some(&n) if n == q || n == b'\\') {
                            j += 1;
                        }
                        if self.b.get(j) == Some(&b'\r') {
                            j += 1;
                        }
                        if self.b.get(j) == Some(&b'\n') {
                            j += 1;
                        }
                    } else if bytes && matches!(self.b.get(j + 1), Some(b'N' | b'u' | b'U')) {
                        j += 2;
                    } else if let Some(n) = escape_len(self.b, j) {
                        local.push(Blank {
                            s: j as u32,
                            e: (j + n) as u32,
                            escape: true,
                        });
                        j += n;
                    } else {
                        j += 1;
                    }
                }
                b'\n' | b'\r' if !triple => return Err(Bail),
                b'{' | b'}' if format => {
                    if self.b.get(j + 1) == Some(&c) {
                        j += 2;
                        continue;
                    }
                    if c == b'}' {
                        return Err(Bail);
                    }
                    if j > part {
                        self.reg(part, j, W::Str(id as u32));
                    }
                    interp = true;
                    if !triple {
                        self.single_line += 1;
                    }
                    self.i = j;
                    self.interpolation()?;
                    if !triple {
                        self.single_line -= 1;
                    }
                    local.push(Blank {
                        s: j as u32,
                        e: self.i as u32,
                        escape: false,
                    });
                    j = self.i;
                    part = j;
                }
                _ => j += 1,
            }
        }
        if format {
            self.quotes.pop();
        }
        let close_end = close_at + if triple { 3 } else { 1 };
        let en = self.tok(K::StrEnd, close_at, close_end);
        self.toks[en].aux = id as u32;
        self.pair(st, en);
        let mark = self.blanks.len() as u32;
        self.blanks.extend(local);
        self.strs[id] = PyStr {
            start_tok: st as u32,
            end_tok: en as u32,
            content: (open_end as u32, close_at as u32),
            blanks: (mark, self.blanks.len() as u32),
            interp,
        };
        self.i = close_end;
        Ok(())
    }

    /// At `{`: an interpolation (or a format spec's nested one) through its `}`.
    fn interpolation(&mut self) -> R<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(Bail);
        }
        let at = self.i;
        let open = self.tok(K::InterpOpen, at, at + 1);
        self.stack.push(open as u32);
        self.i = at + 1;
        let mut stop = self.code(self.stack.len())?;
        if self.toks.len() == open + 1 {
            // `{}` or `{:...}`: no expression.
            return Err(Bail);
        }
        if stop == Stop::Bang {
            // `!r`, `!s`, `!a`: a conversion, then a format spec or the end.
            if !self.b.get(self.i + 1).is_some_and(u8::is_ascii_lowercase) {
                return Err(Bail);
            }
            self.i += 2;
            stop = match self.b.get(self.i) {
                Some(b':') => Stop::Colon,
                Some(b'}') => Stop::Brace,
                _ => return Err(Bail),
            };
        }
        if stop == Stop::Colon {
            self.i += 1;
            loop {
                let start = self.i;
                while let Some(&c) = self.b.get(self.i) {
                    if matches!(c, b'{' | b'}' | b'\n' | b'\r') {
                        break;
                    }
                    self.i += 1;
                }
                if self.i > start {
                    self.reg(start, self.i, W::Opaque);
                }
                match self.b.get(self.i) {
                    Some(b'{') => self.interpolation()?,
                    Some(b'}') => break,
                    _ => return Err(Bail),
                }
            }
        }
        if self.b.get(self.i) != Some(&b'}') {
            return Err(Bail);
        }
        self.stack.pop();
        let close = self.tok(K::InterpClose, self.i, self.i + 1);
        self.pair(open, close);
        self.i += 1;
        self.depth -= 1;
        Ok(())
    }

    /// Catches the syntax errors a lexer can see (see `fastjs`): a conflict marker, a dot
    /// before no name, two operands in a row.
    fn plausible(&self) -> R<()> {
        for marker in [&b"<<<<<<< "[..], b">>>>>>> ", b"=======\n", b"=======\r"] {
            let at_line_start = |i: usize| i == 0 || matches!(self.b[i - 1], b'\n' | b'\r');
            if memchr::memmem::find_iter(self.b, marker).any(at_line_start) {
                return Err(Bail);
            }
        }
        let left = |t: usize| match self.toks[t].k {
            K::Ident => !is_keyword(self.text(t)),
            K::Num | K::StrEnd | K::Close(_) => true,
            _ => false,
        };
        let right = |t: usize| match self.toks[t].k {
            K::Ident => !is_keyword(self.text(t)),
            K::Num | K::StrStart => true,
            _ => false,
        };
        for i in 0..self.toks.len() {
            let t = self.toks[i];
            let next = self.toks.get(i + 1).map(|t| t.k);
            match t.k {
                K::P(b'.') => {
                    if !matches!(next, Some(K::Ident | K::P(b'.') | K::P(ELLIPSIS))) {
                        return Err(Bail);
                    }
                    // After a name, a closing bracket, a string, or in `from . import`.
                    let after = i.checked_sub(1).map(|p| (self.toks[p].k, self.text(p)));
                    match after {
                        Some((K::Ident, w)) if is_hard_keyword(w) && w != "from" => {
                            return Err(Bail)
                        }
                        Some((
                            K::Ident | K::Close(_) | K::StrEnd | K::Num | K::P(b'.' | ELLIPSIS),
                            _,
                        )) => {}
                        _ => return Err(Bail),
                    }
                }
                // An operator cannot end a logical line.
                K::P(c)
                    if next == Some(K::Newline)
                        && !matches!(c, b',' | b';' | b':' | b'*' | ELLIPSIS) =>
                {
                    return Err(Bail)
                }
                // Statements do not nest in brackets.
                K::Ident
                    if t.parent != NONE
                        && matches!(
                            self.text(i),
                            "return"
                                | "def"
                                | "class"
                                | "import"
                                | "pass"
                                | "break"
                                | "continue"
                                | "raise"
                                | "try"
                                | "except"
                                | "finally"
                                | "while"
                                | "with"
                                | "del"
                                | "global"
                                | "nonlocal"
                                | "assert"
                                | "elif"
                        ) =>
                {
                    return Err(Bail)
                }
                _ => {}
            }
            let concat = self.toks[i].k == K::StrEnd && next == Some(K::StrStart);
            if next.is_some() && !concat && left(i) && right(i + 1) {
                return Err(Bail);
            }
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------
// Judging hits.

const MENTION: Option<Class> = Some(Class::MENTION);

/// Words before `(` that make it no call.
fn not_call(w: &str) -> bool {
    matches!(
        w,
        "if" | "elif"
            | "while"
            | "for"
            | "in"
            | "not"
            | "and"
            | "or"
            | "return"
            | "yield"
            | "await"
            | "assert"
            | "del"
            | "with"
            | "except"
            | "import"
            | "from"
            | "lambda"
            | "is"
            | "else"
            | "raise"
            | "print"
            | "exec"
            | "as"
            | "case"
            | "match"
    )
}

/// What a literal's position means, mirroring `Cx::in_literal` and `Cx::sql_sink`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cx {
    Neutral,
    Sink,
    From {
        storage: bool,
    },
    Select {
        call: u32,
    },
    Or {
        call: u32,
    },
    Filter {
        call: u32,
    },
    RefTable {
        call: u32,
    },
    Realtime,
    /// The first positional argument of SQLAlchemy's `Table(...)`.
    SqlaTable {
        call: u32,
    },
    /// The column argument of SQLAlchemy's `ForeignKey(...)`: `t.col` names the table.
    ForeignKey,
    /// The `secondary=` table of SQLAlchemy's `relationship(...)`.
    Secondary,
    /// `back_populates=` / `backref=` of `relationship(...)` (an attribute of the related
    /// model), a `vecs` collection: never a table of the rules' schema.
    ModelAttr,
    /// The value of `__tablename__ = ...`.
    Tablename,
}

enum Verdict {
    Done(Option<Class>),
    /// The hit lies in this literal (by its first string), which holds SQL.
    Sql(u32),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Arg<'s> {
    Pos(usize),
    Kw(&'s str),
}

/// A call's callee: its name and, for `x.m(...)`, the last token of the receiver.
#[derive(Debug, Clone, Copy)]
struct Callee<'s> {
    name: &'s str,
    recv_end: Option<u32>,
}

#[derive(Debug, Clone, Copy)]
struct Call<'s> {
    open: u32,
    callee: Option<Callee<'s>>,
}

/// A literal: one string or an implicit concatenation, by its first and last string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Lit {
    first: u32,
    last: u32,
}

struct Judge<'a, 's> {
    lx: &'a Lexer<'s>,
    src: &'s str,
    /// Position class of each literal seen, by its first string, and whether it holds SQL.
    cache: HashMap<u32, (Cx, Option<bool>)>,
    /// The literal each string found so far belongs to.
    lits: HashMap<u32, Lit>,
    /// Each literal's content and parses, shared by its hits.
    memo: super::LitMemo<'s>,
    /// The chain of each call judged, by its `(`: every hit in a chain asks for it.
    chains: RefCell<super::aging::Aging<usize, Rc<Vec<Call<'s>>>>>,
}

impl<'a, 's> Judge<'a, 's> {
    fn tok(&self, t: usize) -> Tok {
        self.lx.toks[t]
    }

    fn kind(&self, t: usize) -> Option<K> {
        self.lx.toks.get(t).map(|t| t.k)
    }

    fn text(&self, t: usize) -> &'s str {
        self.lx.text(t)
    }

    fn mate(&self, t: usize) -> usize {
        self.lx.toks[t].mate as usize
    }

    fn s(&self, id: u32) -> PyStr {
        self.lx.strs[id as usize]
    }

    fn is_dot(&self, t: Option<usize>) -> bool {
        t.is_some_and(|t| self.kind(t) == Some(K::P(b'.')))
    }

    fn run(mut self, hits: &[Hit]) -> R<Vec<Option<Class>>> {
        let mut out = Vec::with_capacity(hits.len());
        let mut sql: Vec<(u32, Vec<usize>)> = Vec::new();
        let mut sql_at: HashMap<u32, usize> = HashMap::new();
        for (i, hit) in hits.iter().enumerate() {
            let regs = &self.lx.regs;
            let k = regs.partition_point(|r| r.s as usize <= hit.span.start);
            let reg = *regs.get(k.checked_sub(1).ok_or(Bail)?).ok_or(Bail)?;
            if hit.span.end > reg.e as usize {
                return Err(Bail);
            }
            let v = match reg.w {
                W::Opaque | W::Ident => Verdict::Done(hit.exact.then_some(Class::MENTION)),
                W::Str(id) => {
                    let lit = self.literal_of(id);
                    self.in_literal(lit, hit)?
                }
            };
            match v {
                Verdict::Done(c) => out.push(c),
                Verdict::Sql(first) => {
                    out.push(None);
                    let group = *sql_at.entry(first).or_insert_with(|| {
                        sql.push((first, Vec::new()));
                        sql.len() - 1
                    });
                    sql[group].1.push(i);
                }
            }
        }
        for (first, idx) in sql {
            let lit = self.literal(first);
            let (start, text) = self.content_text(lit);
            super::classify_sql_string(&text, start, hits, &idx, &mut out);
        }
        Ok(out)
    }

    /// [`Self::literal`], remembered for every string of the concatenation at once, so that
    /// a long concatenation is walked once, not once per hit.
    fn literal_of(&mut self, id: u32) -> Lit {
        if let Some(&lit) = self.lits.get(&id) {
            return lit;
        }
        let lit = self.literal(id);
        let mut at = lit.first;
        loop {
            self.lits.insert(at, lit);
            if at == lit.last {
                break;
            }
            at = self.tok(self.s(at).end_tok as usize + 1).aux;
        }
        lit
    }

    /// The literal string `id` is part of: strings in a row form one concatenation.
    fn literal(&self, id: u32) -> Lit {
        let mut first = id;
        loop {
            let st = self.s(first).start_tok as usize;
            match st.checked_sub(1).map(|p| self.tok(p)) {
                Some(t) if t.k == K::StrEnd => first = t.aux,
                _ => break,
            }
        }
        let mut last = id;
        loop {
            let en = self.s(last).end_tok as usize;
            match self.lx.toks.get(en + 1) {
                Some(t) if t.k == K::StrStart => last = t.aux,
                _ => break,
            }
        }
        Lit { first, last }
    }

    fn lit_start(&self, lit: Lit) -> usize {
        self.s(lit.first).start_tok as usize
    }

    fn lit_end(&self, lit: Lit) -> usize {
        self.s(lit.last).end_tok as usize
    }

    /// A single string without interpolations whose content is exactly the hit.
    fn whole(&self, lit: Lit, hit: &Hit) -> bool {
        let s = self.s(lit.first);
        lit.first == lit.last
            && !s.interp
            && hit.span == (s.content.0 as usize..s.content.1 as usize)
    }

    /// The value of a plain single string (no interpolations, no escapes).
    fn string_value(&self, lit: Lit) -> Option<&'s str> {
        let s = self.s(lit.first);
        (lit.first == lit.last && !s.interp && s.blanks.0 == s.blanks.1)
            .then(|| &self.src[s.content.0 as usize..s.content.1 as usize])
    }

    /// The literal's text with interpolations, escapes and the gaps between concatenated
    /// strings blanked in place, as `python::content_text` builds it.
    fn content_text(&self, lit: Lit) -> (usize, super::Text<'s>) {
        self.memo
            .text(lit.first as usize, || self.blanked_text(lit))
    }

    fn blanked_text(&self, lit: Lit) -> (usize, Cow<'s, str>) {
        let first = self.s(lit.first);
        let r = first.content.0 as usize..self.s(lit.last).content.1 as usize;
        let mut blanks: Vec<(Range<usize>, Option<u8>)> = Vec::new();
        let mut id = lit.first;
        loop {
            let s = self.s(id);
            for b in &self.lx.blanks[s.blanks.0 as usize..s.blanks.1 as usize] {
                let keep = (b.escape)
                    .then(|| self.lx.b[b.e as usize - 1])
                    .filter(|q| matches!(q, b'\'' | b'"'));
                blanks.push((b.s as usize..b.e as usize, keep));
            }
            if id == lit.last {
                break;
            }
            let next = self.tok(s.end_tok as usize + 1).aux;
            blanks.push((s.content.1 as usize..self.s(next).content.0 as usize, None));
            id = next;
        }
        (
            r.start,
            super::blank_out(&self.src[r.clone()], r.start, blanks),
        )
    }

    fn in_literal(&mut self, lit: Lit, hit: &Hit) -> R<Verdict> {
        let (cx, known) = match self.cache.get(&lit.first) {
            Some(&c) => c,
            None => {
                let cx = self.lit_cx(lit)?;
                self.cache.insert(lit.first, (cx, None));
                (cx, None)
            }
        };
        if hit.exact {
            if let Some(class) = self.special(cx, lit, hit)? {
                return Ok(Verdict::Done(class));
            }
        }
        let sql = match known {
            Some(known) => known,
            None => {
                let sql = cx == Cx::Sink || {
                    let (_, text) = self.content_text(lit);
                    super::sql::looks_like_sql(&text)
                };
                self.cache.insert(lit.first, (cx, Some(sql)));
                sql
            }
        };
        if sql {
            return Ok(Verdict::Sql(lit.first));
        }
        if hit.exact && self.whole(lit, hit) && !self.key_or_index(lit)? {
            return Ok(Verdict::Done(Some(Class::new(Kind::TableString))));
        }
        if hit.exact {
            let (start, text) = self.content_text(lit);
            let rel = hit.span.start.saturating_sub(start)..hit.span.end.saturating_sub(start);
            if super::select_parts::embed_shaped(&text, &rel) {
                return Ok(Verdict::Done(Some(Class::new(Kind::UnresolvedEmbed))));
            }
        }
        Ok(Verdict::Done(hit.exact.then_some(Class::MENTION)))
    }

    /// A dict key (`{'t': 1}`) or a subscript (`row['t']`): a key, never a table string, as
    /// `python::key_or_index` decides.
    fn key_or_index(&self, lit: Lit) -> R<bool> {
        let first = self.lit_start(lit);
        let last = self.lit_end(lit);
        let parent = self.tok(first).parent;
        if parent == NONE {
            return Ok(false);
        }
        let open = parent as usize;
        let prev = first.checked_sub(1).ok_or(Bail)?;
        match self.kind(open) {
            Some(K::Open(b'{')) => {
                if self.kind(last + 1) != Some(K::P(b':')) {
                    return Ok(false);
                }
                match self.kind(prev) {
                    Some(K::Open(b'{') | K::P(b',')) => Ok(true),
                    _ => Err(Bail),
                }
            }
            Some(K::Open(b'[')) => {
                if prev != open {
                    return Ok(false);
                }
                let Some(p) = open.checked_sub(1) else {
                    return Ok(false);
                };
                let subscript = match self.tok(p).k {
                    K::Ident => {
                        let w = self.text(p);
                        if !is_keyword(w) {
                            true
                        } else if matches!(
                            w,
                            "match"
                                | "case"
                                | "type"
                                | "print"
                                | "exec"
                                | "None"
                                | "True"
                                | "False"
                        ) {
                            return Err(Bail);
                        } else {
                            false
                        }
                    }
                    K::Close(_) | K::StrEnd => true,
                    _ => false,
                };
                if !subscript {
                    return Ok(false);
                }
                if last + 1 == self.mate(open) {
                    return Ok(true);
                }
                if self.kind(last + 1) == Some(K::P(b',')) && last + 2 == self.mate(open) {
                    // `x['t',]`: the grammar's subscript list, not modelled.
                    return Err(Bail);
                }
                Ok(false)
            }
            _ => Ok(false),
        }
    }

    fn special(&mut self, cx: Cx, lit: Lit, hit: &Hit) -> R<Option<Option<Class>>> {
        let whole = self.whole(lit, hit);
        Ok(match cx {
            Cx::Neutral | Cx::Sink => None,
            Cx::From { storage } => Some(if whole && !storage {
                Some(Class::new(Kind::FromCall))
            } else {
                MENTION
            }),
            Cx::Realtime => whole.then_some(Some(Class::new(Kind::Realtime))),
            Cx::Tablename => whole.then_some(Some(Class::new(Kind::Orm))),
            Cx::ForeignKey => {
                let (start, text) = self.content_text(lit);
                let rel = hit.span.start - start..hit.span.end - start;
                Some(Some(super::orm::foreign_key_class(&text, &rel)))
            }
            Cx::Secondary => whole.then_some(Some(Class::new(Kind::Orm))),
            Cx::ModelAttr => Some(MENTION),
            Cx::SqlaTable { call } => {
                if !whole || self.args(call as usize)?.positional < 2 {
                    return Ok(None);
                }
                let other = self
                    .args(call as usize)?
                    .schema
                    .and_then(|v| self.string_value(v))
                    .is_some_and(|s| s != "public");
                Some(if other {
                    MENTION
                } else {
                    Some(Class::new(Kind::Orm))
                })
            }
            Cx::Select { call } => {
                let chain = self.chain(call as usize)?;
                if !self.is_query(&chain)? {
                    return Ok(None);
                }
                let (start, text) = self.content_text(lit);
                let sel = self.memo.select(lit.first as usize, &text);
                Some(super::select_hit_class(&sel, start, hit))
            }
            Cx::Or { call } => {
                let chain = self.chain(call as usize)?;
                if !self.is_query(&chain)? {
                    return Ok(None);
                }
                let (start, text) = self.content_text(lit);
                let paths = self.memo.or_paths(lit.first as usize, &text);
                let Some(path) = super::or_path_at(&paths, start, hit) else {
                    return Ok(None);
                };
                self.filter_path(&chain, path, &text, start, hit)?
            }
            Cx::Filter { call } => {
                let chain = self.chain(call as usize)?;
                if !self.is_query(&chain)? {
                    return Ok(None);
                }
                let (start, text) = self.content_text(lit);
                let path = postgrest::parse_field_path(&text);
                self.filter_path(&chain, &path, &text, start, hit)?
            }
            Cx::RefTable { call } => {
                let (start, text) = self.content_text(lit);
                let path = postgrest::parse_field_path(&text);
                let Some(head) = super::path_head_at(&path, start, hit) else {
                    return Ok(None);
                };
                let chain = self.chain(call as usize)?;
                let target = self.path_target(&chain, &head.text(&text))?;
                Some(super::referenced_table_class(target))
            }
        })
    }

    fn filter_path(
        &self,
        chain: &[Call<'s>],
        path: &FieldPath,
        text: &str,
        start: usize,
        hit: &Hit,
    ) -> R<Option<Option<Class>>> {
        let Some((k, key)) = super::path_segment_at(path, text, start, hit) else {
            return Ok(None);
        };
        let target = self.path_target(chain, &key)?;
        Ok(super::path_segment_class(target, k, path.segments.len()))
    }

    /// What `name` refers to as a path head, judged by every literal positional argument of
    /// every `select` in the chain.
    fn path_target(&self, chain: &[Call<'s>], name: &str) -> R<PathTarget> {
        let mut target = PathTarget::Unknown;
        for call in chain {
            if call.callee.map(|c| c.name) != Some("select") {
                continue;
            }
            for lit in self.args(call.open as usize)?.literals {
                let (_, text) = self.content_text(lit);
                let sel = self.memo.select(lit.first as usize, &text);
                target = target.max(sel.path_target(&text, name));
            }
        }
        Ok(target)
    }

    fn is_query(&self, chain: &[Call<'s>]) -> R<bool> {
        for c in chain {
            let Some(callee) = c.callee else { continue };
            let Some(recv) = callee.recv_end else {
                continue;
            };
            if QUERY_STARTS.contains(&callee.name)
                && !(matches!(callee.name, "table" | "from_") && self.is_storage(recv as usize)?)
            {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// A storage client: `storage`, a `.storage` member, or a `storage()` call.
    fn is_storage(&self, recv_end: usize) -> R<bool> {
        match self.kind(recv_end) {
            Some(K::Ident) => Ok(self.text(recv_end) == "storage"),
            Some(K::Close(b')')) => {
                let open = self.mate(recv_end);
                match self.paren(open)? {
                    None => Err(Bail),
                    Some(call) => Ok(call.callee.is_some_and(|c| c.name == "storage")),
                }
            }
            _ => Ok(false),
        }
    }

    /// The call the `(` at `open` belongs to, or `None` for grouping, a tuple, a definition's
    /// parameters or a statement head.
    fn paren(&self, open: usize) -> R<Option<Call<'s>>> {
        let Some(p) = open.checked_sub(1) else {
            return Ok(None);
        };
        let call = |callee| Call {
            open: open as u32,
            callee,
        };
        Ok(match self.tok(p).k {
            K::Ident => {
                let w = self.text(p);
                if self.is_dot(p.checked_sub(1)) {
                    let recv = p.checked_sub(2).ok_or(Bail)?;
                    Some(call(Some(Callee {
                        name: w,
                        recv_end: Some(recv as u32),
                    })))
                } else if not_call(w)
                    || p.checked_sub(1).is_some_and(|q| {
                        self.kind(q) == Some(K::Ident) && matches!(self.text(q), "def" | "class")
                    })
                {
                    None
                } else {
                    Some(call(Some(Callee {
                        name: w,
                        recv_end: None,
                    })))
                }
            }
            K::Close(b')' | b']') | K::StrEnd => Some(call(None)),
            _ => None,
        })
    }

    /// The calls of the chain the call at `open` belongs to, base first, as `python::chain`
    /// collects them (`.not_` members do not break it).
    fn chain(&self, open: usize) -> R<Rc<Vec<Call<'s>>>> {
        super::remembered(
            &self.chains,
            open,
            || self.walk_chain(open),
            |calls| super::aging::weight(calls.len() * std::mem::size_of::<Call<'s>>()),
        )
    }

    fn walk_chain(&self, open: usize) -> R<Vec<Call<'s>>> {
        let call = self.paren(open)?.ok_or(Bail)?;
        let mut calls = Vec::new();
        let mut cur = call;
        while let Some(recv) = cur.callee.and_then(|c| c.recv_end) {
            let mut j = recv as usize;
            while self.kind(j) == Some(K::Ident)
                && self.text(j) == "not_"
                && self.is_dot(j.checked_sub(1))
            {
                j = j.checked_sub(2).ok_or(Bail)?;
            }
            if self.kind(j) != Some(K::Close(b')')) {
                break;
            }
            let c = self.paren(self.mate(j))?.ok_or(Bail)?;
            calls.push(c);
            cur = c;
        }
        calls.reverse();
        calls.push(call);
        let mut open = open;
        loop {
            let mut j = self.mate(open) + 1;
            while self.kind(j) == Some(K::P(b'.'))
                && self.kind(j + 1) == Some(K::Ident)
                && self.text(j + 1) == "not_"
                && self.kind(j + 2) != Some(K::Open(b'('))
            {
                j += 2;
            }
            match self.kind(j) {
                Some(K::P(b'.')) => {
                    if self.kind(j + 1) == Some(K::Ident) && self.kind(j + 2) == Some(K::Open(b'('))
                    {
                        open = j + 2;
                        calls.push(Call {
                            open: open as u32,
                            callee: Some(Callee {
                                name: self.text(j + 1),
                                recv_end: Some((j - 1) as u32),
                            }),
                        });
                    } else {
                        break;
                    }
                }
                Some(K::Close(b')')) => {
                    // A chain continued after a parenthesized wrapper is not modelled.
                    if self.paren(self.mate(j))?.is_none() && self.kind(j + 1) == Some(K::P(b'.')) {
                        return Err(Bail);
                    }
                    break;
                }
                _ => break,
            }
        }
        Ok(calls)
    }

    /// The arguments of the call at `open`.
    fn args(&self, open: usize) -> R<Args> {
        let mut out = Args::default();
        for Range { start, end } in self.arguments(open, self.mate(open)) {
            if self.is_keyword_arg(start) {
                if self.text(start) == "schema" && !out.schema_seen {
                    out.schema = self.lit_at(start + 2, end);
                    out.schema_seen = true;
                }
                continue;
            }
            if self.is_dict_spread(start) {
                continue;
            }
            let lit = self.lit_at(start, end);
            if out.positional == 0 {
                out.first_positional_literal = lit;
            }
            out.positional += 1;
            if let Some(lit) = lit {
                out.literals.push(lit);
            }
        }
        Ok(out)
    }

    /// The literal spanning exactly the tokens `start..end`, if they are one.
    fn lit_at(&self, start: usize, end: usize) -> Option<Lit> {
        if self.kind(start) != Some(K::StrStart) {
            return None;
        }
        let lit = self.literal(self.tok(start).aux);
        (self.lit_end(lit) + 1 == end).then_some(lit)
    }

    /// How many positional arguments of the call whose `(` is at `open` come before the
    /// token `end` (which starts an argument): keyword arguments and `**` spreads are bound
    /// by name, so they take no position.
    fn positional_before(&self, open: usize, end: usize) -> usize {
        self.arguments(open, end)
            .filter(|a| !self.is_keyword_arg(a.start) && !self.is_dict_spread(a.start))
            .count()
    }

    /// The token ranges of the arguments of the call whose `(` is at `open`, up to the token
    /// `end`: the tokens between commas at this level, brackets and strings skipped whole so
    /// that their commas do not split. Empty pieces (a trailing comma) are no argument.
    fn arguments(
        &self,
        open: usize,
        end: usize,
    ) -> impl Iterator<Item = Range<usize>> + use<'_, 'a, 's> {
        let mut j = open + 1;
        std::iter::from_fn(move || {
            while j < end {
                let start = j;
                while j < end && self.kind(j) != Some(K::P(b',')) {
                    j = match self.tok(j).k {
                        K::Open(_) | K::StrStart | K::InterpOpen => self.mate(j) + 1,
                        _ => j + 1,
                    };
                }
                let piece = start..j;
                j += 1;
                if !piece.is_empty() {
                    return Some(piece);
                }
            }
            None
        })
    }

    /// The argument starting at token `start` is `name=value`.
    fn is_keyword_arg(&self, start: usize) -> bool {
        self.kind(start) == Some(K::Ident) && self.kind(start + 1) == Some(K::P(b'='))
    }

    /// The argument starting at token `start` is a `**mapping` spread.
    fn is_dict_spread(&self, start: usize) -> bool {
        self.kind(start) == Some(K::P(OP)) && self.text(start) == "**"
    }

    /// How the literal is passed to the call around it, if it is an argument.
    fn arg_of(&self, lit: Lit) -> R<Option<(Call<'s>, Arg<'s>)>> {
        let first = self.lit_start(lit);
        let next = self.kind(self.lit_end(lit) + 1);
        if !matches!(next, Some(K::Close(b')') | K::P(b','))) {
            return Ok(None);
        }
        let parent = self.tok(first).parent;
        if parent == NONE || self.kind(parent as usize) != Some(K::Open(b'(')) {
            return Ok(None);
        }
        let open = parent as usize;
        let Some(prev) = first.checked_sub(1) else {
            return Ok(None);
        };
        let arg = match self.tok(prev).k {
            K::Open(b'(') | K::P(b',') => Arg::Pos(self.positional_before(open, first)),
            K::P(b'=') => {
                let name = prev.checked_sub(1).ok_or(Bail)?;
                let before = name.checked_sub(1).map(|b| self.tok(b).k);
                if self.kind(name) != Some(K::Ident)
                    || !matches!(before, Some(K::Open(b'(') | K::P(b',')))
                {
                    return Ok(None);
                }
                Arg::Kw(self.text(name))
            }
            _ => return Ok(None),
        };
        Ok(self.paren(open)?.map(|call| (call, arg)))
    }

    /// The position class of a literal.
    fn lit_cx(&self, lit: Lit) -> R<Cx> {
        let first = self.lit_start(lit);
        let last = self.lit_end(lit);
        let parent = self.tok(first).parent;
        let next = self.kind(last + 1);
        // A dict key: only `.match({...})` keys are more than text.
        if next == Some(K::P(b':'))
            && parent != NONE
            && self.kind(parent as usize) == Some(K::Open(b'{'))
        {
            let brace = parent as usize;
            let paren = self.tok(brace).parent;
            if paren != NONE && self.kind(paren as usize) == Some(K::Open(b'(')) {
                if let Some(call) = self.paren(paren as usize)? {
                    if call.callee.is_some_and(|c| c.name == "match") {
                        return Err(Bail);
                    }
                }
            }
            return Ok(Cx::Neutral);
        }
        if let Some((call, arg)) = self.arg_of(lit)? {
            let Some(callee) = call.callee else {
                return Ok(Cx::Neutral);
            };
            let open = call.open;
            return Ok(match (callee.name, arg) {
                ("table" | "from_", Arg::Pos(0) | Arg::Kw("table_name"))
                    if callee.recv_end.is_some() =>
                {
                    Cx::From {
                        storage: self.is_storage(callee.recv_end.unwrap_or(NONE) as usize)?,
                    }
                }
                ("select", Arg::Pos(_)) => Cx::Select { call: open },
                ("or_", Arg::Pos(0) | Arg::Kw("filters")) => Cx::Or { call: open },
                (m, Arg::Pos(0) | Arg::Kw("column")) if FILTERS.contains(&m) => {
                    Cx::Filter { call: open }
                }
                (_, Arg::Kw(kw)) if REFERENCED_TABLE_KWARGS.contains(&kw) => {
                    Cx::RefTable { call: open }
                }
                ("on_postgres_changes", Arg::Kw("table")) => Cx::Realtime,
                ("Table", Arg::Pos(0)) => Cx::SqlaTable { call: open },
                ("ForeignKey", Arg::Pos(0) | Arg::Kw("column")) => Cx::ForeignKey,
                ("relationship", Arg::Kw("secondary")) => Cx::Secondary,
                ("relationship", Arg::Kw("back_populates" | "backref")) => Cx::ModelAttr,
                ("SupabaseVectorStore", Arg::Kw("table_name")) => Cx::From { storage: false },
                ("SupabaseVectorStore", Arg::Kw("collection_name"))
                | (
                    "get_or_create_collection" | "create_collection" | "get_collection",
                    Arg::Pos(0) | Arg::Kw("name"),
                ) => Cx::ModelAttr,
                ("execute" | "executemany" | "executescript", Arg::Pos(0))
                    if callee.recv_end.is_some() =>
                {
                    Cx::Sink
                }
                ("text", Arg::Pos(0)) => {
                    // `text(...)` or `sa.text(...)`, not `obj.attr.text(...)`.
                    let plain = match callee.recv_end {
                        None => true,
                        Some(r) => {
                            let r = r as usize;
                            self.kind(r) == Some(K::Ident) && !self.is_dot(r.checked_sub(1))
                        }
                    };
                    if plain {
                        Cx::Sink
                    } else {
                        Cx::Neutral
                    }
                }
                ("SQL", Arg::Pos(0)) => Cx::Sink,
                _ => Cx::Neutral,
            });
        }
        let Some(prev) = first.checked_sub(1) else {
            return Ok(Cx::Neutral);
        };
        match self.tok(prev).k {
            // `__tablename__ = '...'` (also annotated) as a whole statement.
            K::P(b'=') if parent == NONE => {
                let end_ok = matches!(next, None | Some(K::Newline | K::P(b';')));
                let mut start = prev;
                while let Some(p) = start.checked_sub(1) {
                    let t = self.tok(p);
                    if matches!(t.k, K::Newline | K::P(b';')) {
                        break;
                    }
                    start = match t.k {
                        K::Close(_) | K::StrEnd | K::InterpClose => self.mate(p),
                        _ => p,
                    };
                }
                let is_tablename = self.kind(start) == Some(K::Ident)
                    && self.text(start) == "__tablename__"
                    && matches!(self.kind(start + 1), Some(K::P(b'=' | b':')))
                    && !(start + 1..prev).any(|t| self.kind(t) == Some(K::P(b'=')));
                Ok(if is_tablename && end_ok {
                    Cx::Tablename
                } else {
                    Cx::Neutral
                })
            }
            // A dict value: the SQL of an `exec_sql`-style RPC.
            K::P(b':') if parent != NONE && self.kind(parent as usize) == Some(K::Open(b'{')) => {
                if !matches!(next, Some(K::P(b',') | K::Close(b'}'))) {
                    return Ok(Cx::Neutral);
                }
                let Some(key) = prev.checked_sub(1) else {
                    return Ok(Cx::Neutral);
                };
                if self.kind(key) != Some(K::StrEnd) {
                    return Ok(Cx::Neutral);
                }
                let key = self.literal(self.tok(key).aux);
                if !self
                    .string_value(key)
                    .is_some_and(|k| RPC_SQL_KEYS.contains(&k))
                {
                    return Ok(Cx::Neutral);
                }
                Ok(if self.rpc_params(parent as usize)? {
                    Cx::Sink
                } else {
                    Cx::Neutral
                })
            }
            _ => Ok(Cx::Neutral),
        }
    }

    /// The dict at `brace` is the params of `.rpc(name, {...})` (or `params=`) whose name
    /// reads like a SQL runner.
    fn rpc_params(&self, brace: usize) -> R<bool> {
        let close = self.mate(brace);
        if !matches!(self.kind(close + 1), Some(K::Close(b')') | K::P(b','))) {
            return Ok(false);
        }
        let paren = self.tok(brace).parent;
        if paren == NONE || self.kind(paren as usize) != Some(K::Open(b'(')) {
            return Ok(false);
        }
        let paren = paren as usize;
        let Some(call) = self.paren(paren)? else {
            return Ok(false);
        };
        if !call
            .callee
            .is_some_and(|c| c.name == "rpc" && c.recv_end.is_some())
        {
            return Ok(false);
        }
        let prev = brace.checked_sub(1).ok_or(Bail)?;
        let position_ok = match self.tok(prev).k {
            K::P(b'=') => {
                let name = prev.checked_sub(1).ok_or(Bail)?;
                self.kind(name) == Some(K::Ident)
                    && self.text(name) == "params"
                    && matches!(
                        name.checked_sub(1).map(|b| self.tok(b).k),
                        Some(K::Open(b'(') | K::P(b','))
                    )
            }
            K::P(b',') | K::Open(b'(') => {
                // Second positional argument.
                self.positional_before(paren, brace) == 1
            }
            _ => false,
        };
        if !position_ok {
            return Ok(false);
        }
        let first = self.args(paren)?.first_positional_literal;
        Ok(first
            .and_then(|l| self.string_value(l))
            .is_some_and(|name| {
                let name = name.to_ascii_lowercase();
                name.contains("sql") || name.contains("query")
            }))
    }
}

/// What `Judge::args` reads from an argument list.
#[derive(Debug, Default)]
struct Args {
    positional: usize,
    /// Positional arguments that are literals, in order.
    literals: Vec<Lit>,
    /// The first positional argument, when it is a literal.
    first_positional_literal: Option<Lit>,
    /// The value of the first `schema=` keyword, when it is a literal.
    schema: Option<Lit>,
    schema_seen: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::findings::Site;

    /// Whole-word hits of the test names in any case, as the scanner reports them.
    fn hits(src: &str) -> Vec<Hit> {
        let lower = src.to_ascii_lowercase();
        let b = src.as_bytes();
        let is_word = |i: Option<usize>| {
            i.and_then(|i| b.get(i))
                .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_')
        };
        let mut out: Vec<Hit> = ["scripts", "prompts", "emails"]
            .iter()
            .enumerate()
            .flat_map(|(table, word)| {
                lower
                    .match_indices(word)
                    .map(move |(i, _)| (table, *word, i..i + word.len()))
            })
            .filter(|(_, _, r)| !is_word(r.start.checked_sub(1)) && !is_word(Some(r.end)))
            .map(|(table, word, r)| Hit {
                exact: &src[r.clone()] == word,
                span: r,
                table,
            })
            .collect();
        out.sort_by_key(|h| h.span.start);
        out
    }

    /// The fast path's answer, checked against tree-sitter's whenever it gives one.
    fn fast(src: &str) -> Option<Vec<Option<Class>>> {
        let h = hits(src);
        let out = classify(src, &h);
        if let Some(out) = &out {
            assert_eq!(out, &crate::lang::python::classify(src, &h), "{src}");
        }
        out
    }

    const FROM: Option<Class> = Some(Class::new(Kind::FromCall));
    const SQL: Option<Class> = Some(Class::new(Kind::Sql));
    const ORM: Option<Class> = Some(Class::new(Kind::Orm));

    fn pg(site: Site, via_alias: bool) -> Option<Class> {
        Some(Class {
            kind: Kind::Postgrest,
            site,
            via_alias,
        })
    }

    #[test]
    fn chains_selects_filters_and_storage() {
        let src = r#"
rows = (
    supabase.table("scripts")
    .select("id, prompts(name), e:emails(id)")
    .not_.eq("prompts.name", x)
    .order("id", foreign_table="emails")
    .execute()
)
supabase.storage.from_("scripts").upload(p, d)
supabase.from_(f"scripts").select("*")
"#;
        assert_eq!(
            fast(src),
            Some(vec![
                FROM,
                pg(Site::Embed, false),
                pg(Site::AliasedEmbed, false),
                pg(Site::FilterPath, true),
                pg(Site::ReferencedTable, false),
                MENTION,
                FROM,
            ])
        );
    }

    #[test]
    fn table_name_keyword_form() {
        let src = "supabase.table(table_name=\"scripts\").select(\"prompts(id)\").execute()\nclient.from_(table_name='emails')\nsupabase.storage.from_(table_name='scripts')\nsupabase.table(name='emails')\n";
        assert_eq!(
            fast(src),
            Some(vec![
                FROM,
                pg(Site::Embed, false),
                FROM,
                MENTION,
                Some(Class::new(Kind::TableString))
            ])
        );
    }

    #[test]
    fn sql_sinks_sqlalchemy_and_tablename() {
        let src = r#"
cursor.execute("SELECT * FROM scripts WHERE id = %s", (i,))
q = text('update prompts set a = 1')
emails = Table("emails", metadata, Column("id", Integer))
other = sa.Table("emails", metadata, schema="archive")
class Script(Base):
    __tablename__ = "scripts"
supabase.rpc("exec_sql", {"sql": "delete from prompts"}).execute()
"#;
        assert_eq!(
            fast(src),
            Some(vec![SQL, SQL, MENTION, ORM, MENTION, ORM, SQL])
        );
    }

    // See: issue 20 item 7
    #[test]
    fn sqlalchemy_foreign_keys_and_secondary_tables() {
        let src = r#"
class Role(Base):
    __tablename__ = "emails"
    script_id = Column(Integer, ForeignKey("scripts.id"))
    owner_id = mapped_column(sa.ForeignKey(column="public.scripts.id"))
    user_id = Column(ForeignKey("auth.scripts.id"))
    other = Column(ForeignKey("emails.scripts"))
    scripts = relationship("Script", secondary="prompts", back_populates="scripts")
"#;
        assert_eq!(
            fast(src),
            Some(vec![
                ORM, ORM, ORM, MENTION, ORM, MENTION, MENTION, ORM, MENTION
            ])
        );
    }

    #[test]
    fn fstrings_concatenation_raw_and_comments() {
        let src = "# scripts\nx = f\"{scripts} and {d['prompts']:>{w}} {{emails}}\"\ny = ('SELECT * ' \"FROM scripts\")\nz = r'\\d prompts' b'\\N{x} emails'\n";
        assert_eq!(
            fast(src),
            Some(vec![
                MENTION, MENTION, MENTION, MENTION, SQL, MENTION, MENTION
            ])
        );
    }

    #[test]
    fn doubtful_files_go_to_the_parser() {
        for src in [
            // A same-quote string nested in an f-string (Python 3.12).
            "x = f\"{d[\"scripts\"]}\"",
            // Backtick strings, unterminated strings, stray backslashes.
            "x = `scripts`",
            "x = 'scripts",
            "x = 1 \\ 'scripts'",
            // `.match({...})` keys are filter paths.
            "supabase.table('a').select('*').match({'scripts.id': 1})",
            // A parenthesized receiver.
            "(supabase.storage).from_('scripts')",
            // Syntax errors: two operands in a row, a dangling operator, a keyword in brackets.
            "x = a 'scripts'",
            "def f() -\n    return 'scripts'",
            "f(return 'scripts')",
        ] {
            assert_eq!(fast(src), None, "{src}");
        }
    }

    /// Deterministic token soup: the fast path either gives up or agrees with tree-sitter.
    #[test]
    fn token_soup_agrees_or_gives_up() {
        let toks = [
            "scripts",
            "Prompts",
            "'",
            "\"",
            "'''",
            "f'",
            "r\"",
            "{",
            "}",
            "(",
            ")",
            "[",
            "]",
            ".",
            ",",
            ":",
            "=",
            "\n",
            "    ",
            "#",
            "\\",
            "table",
            "from_",
            "select",
            "eq",
            "not_",
            "execute",
            "text",
            "__tablename__",
            "supabase",
            "x",
            "SELECT ",
            "FROM ",
            "def ",
            "class ",
            "return ",
            "storage",
            "foreign_table=",
            "rpc",
            "{x}",
        ];
        let mut seed: u64 = 11;
        let mut decided = 0;
        for _ in 0..3000 {
            let mut src = String::new();
            for _ in 0..30 {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                src.push_str(toks[(seed >> 33) as usize % toks.len()]);
            }
            if fast(&src).is_some() {
                decided += 1;
            }
        }
        assert!(decided > 100, "only {decided} soups decided");
    }
}
