//! A lexical fast path for JavaScript, TypeScript and TSX: decides every hit of a file from
//! the tokens around it, or gives the whole file back to tree-sitter.
//!
//! Parsing is what makes a scan slow, and most hits need no parse: a name in a comment, in
//! JSX text, in an identifier, or in a string whose surroundings are plain. This module lexes
//! the file (strings, templates, comments, regular expressions, JSX, brackets) and, for each
//! hit, either proves the class [`super::typescript`] would give it, by the same rules read
//! off the token stream, or answers `None` for the whole file. Any doubt is a `None`: a
//! lexing ambiguity (a `/` after `}`, a `<` that may be a generic in TSX), a construct this
//! module does not model (`.match({...})` keys, parenthesized receivers, type arguments on a
//! call), or a position whose syntax it cannot pin down (a type versus an expression).
//! A differential test runs both paths over a generated corpus and the fixture monorepo.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;
use std::ops::Range;
use std::rc::Rc;

use super::typescript::{FILTERS, QUERY_STARTS, RPC_SQL_KEYS};
use crate::findings::{Class, Hit, Kind};
use crate::postgrest::{self, FieldPath, PathTarget};

/// Classifies every hit like [`super::typescript::classify`], or `None` when some hit needs
/// the parser.
pub fn classify(src: &str, tsx: bool, hits: &[Hit]) -> Option<Vec<Option<Class>>> {
    if src.len() >= NONE as usize {
        return None;
    }
    let lx = Lexer::run(src, tsx).ok()?;
    let judge = Judge {
        lx: &lx,
        src,
        targs: None,
        cache: HashMap::new(),
        dynamic: None,
        keyed: Vec::new(),
        relations: Vec::new(),
        memo: super::LitMemo::default(),
        chains: RefCell::default(),
    };
    // Type helpers need the file's declarations read as types, and Drizzle's table
    // declarations the call they are in: tree-sitter's work.
    if judge.needs_declarations() {
        return None;
    }
    judge.run(hits).ok()
}

/// The file (or the hit) is beyond what the lexical pass can prove.
#[derive(Debug)]
struct Bail;

type R<T> = Result<T, Bail>;

const NONE: u32 = u32::MAX;
/// Nesting of templates, JSX and containers; deeper input goes to tree-sitter.
const MAX_DEPTH: usize = 200;

// Multi-character punctuators get codes below any printable byte.
const OPT_DOT: u8 = 1;
const SPREAD: u8 = 2;
const ARROW: u8 = 3;
const INC_DEC: u8 = 4;
const AND_AND: u8 = 5;
const OR_OR: u8 = 6;
const NULLISH: u8 = 7;
const EQ_EQ: u8 = 8;
const NOT_EQ: u8 = 9;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum K {
    Ident,
    Num,
    Str,
    TplStart,
    TplEnd,
    SubstOpen,
    SubstClose,
    Regex,
    JsxOpen,
    JsxClose,
    Open(u8),
    Close(u8),
    P(u8),
}

/// What a `{` may hold that changes what an identifier key in it means.
const PLAIN: u8 = 0;
/// The first argument of a call to `match`: its keys are filter paths.
const MATCH: u8 = 1;
/// The value of a `Tables:` / `Views:` key: in generated types its keys are table names.
const TABLES: u8 = 2;

#[derive(Debug, Clone, Copy)]
struct Tok {
    k: K,
    s: u32,
    e: u32,
    /// The innermost open bracket (or template substitution, or JSX element) around it.
    parent: u32,
    /// The other half of a bracket pair, template or JSX element.
    mate: u32,
    tag: u8,
    /// Str: index into `strs`; TplStart/TplEnd: index into `tpls`.
    aux: u32,
}

#[derive(Debug, Clone, Copy)]
enum W {
    /// Comments, regular expressions, JSX text and tag or attribute names.
    Opaque,
    /// A block comment, whose JSDoc type expressions may name generated types.
    Comment,
    Ident(u32),
    Str(u32),
    Tpl(u32),
}

#[derive(Debug, Clone, Copy)]
struct Reg {
    s: u32,
    e: u32,
    w: W,
}

#[derive(Debug, Clone, Copy)]
struct StrInfo {
    /// Escape sequences, as a range of `blanks`.
    blanks: (u32, u32),
    /// A JSX attribute value: no escapes, and its parent is the attribute.
    jsx: bool,
}

#[derive(Debug, Clone, Copy, Default)]
struct TplInfo {
    open: u32,
    close: u32,
    /// Escape sequences and substitutions in order, as a range of `blanks`.
    blanks: (u32, u32),
    subst: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Start {
    Yes,
    No,
    Unsure,
}

struct Lexer<'s> {
    src: &'s str,
    b: &'s [u8],
    tsx: bool,
    i: usize,
    depth: usize,
    toks: Vec<Tok>,
    regs: Vec<Reg>,
    strs: Vec<StrInfo>,
    tpls: Vec<TplInfo>,
    blanks: Vec<(u32, u32)>,
    stack: Vec<u32>,
    tables_ident: bool,
}

fn is_ident_start(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_' || c == b'$'
}

fn is_ident_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c == b'$'
}

fn is_hex(c: Option<&u8>) -> bool {
    c.is_some_and(|c| c.is_ascii_hexdigit())
}

fn utf8_len(lead: u8) -> usize {
    match lead {
        0xF0..=0xFF => 4,
        0xE0..=0xEF => 3,
        0xC0..=0xDF => 2,
        _ => 1,
    }
}

const LS: &[u8] = "\u{2028}".as_bytes();
const PS: &[u8] = "\u{2029}".as_bytes();

/// Length of the escape sequence at `j` (a backslash), as tree-sitter's JavaScript grammar
/// lexes `escape_sequence`; an escape it would not accept is a bail.
fn escape_len(b: &[u8], j: usize) -> R<usize> {
    let n = *b.get(j + 1).ok_or(Bail)?;
    let rest = &b[j + 2..];
    Ok(match n {
        b'\r' | b'?' if rest.first() == Some(&b'\n') => 3,
        b'\r' | b'?' if rest.starts_with(LS) || rest.starts_with(PS) => 5,
        b'0'..=b'7' => {
            let mut k = 2;
            while k < 4 && matches!(b.get(j + k), Some(b'0'..=b'7')) {
                k += 1;
            }
            k
        }
        b'x' => {
            if is_hex(b.get(j + 2)) && is_hex(b.get(j + 3)) {
                4
            } else {
                return Err(Bail);
            }
        }
        b'u' => {
            if b.get(j + 2) == Some(&b'{') {
                let mut k = j + 3;
                while is_hex(b.get(k)) {
                    k += 1;
                }
                if k > j + 3 && b.get(k) == Some(&b'}') {
                    k + 1 - j
                } else {
                    return Err(Bail);
                }
            } else if (2..6).all(|d| is_hex(b.get(j + d))) {
                6
            } else {
                return Err(Bail);
            }
        }
        _ => 1 + utf8_len(n),
    })
}

/// End of a `//` comment: the next line terminator (tree-sitter's comment stops at any).
fn line_end(b: &[u8], from: usize) -> usize {
    let mut j = from;
    while j < b.len() {
        match b[j] {
            b'\n' | b'\r' => return j,
            0xE2 if b[j..].starts_with(LS) || b[j..].starts_with(PS) => return j,
            _ => j += 1,
        }
    }
    j
}

impl<'s> Lexer<'s> {
    fn run(src: &'s str, tsx: bool) -> R<Lexer<'s>> {
        let mut lx = Lexer {
            src,
            b: src.as_bytes(),
            tsx,
            i: 0,
            depth: 0,
            toks: Vec::with_capacity(src.len() / 4),
            regs: Vec::with_capacity(src.len() / 8),
            strs: Vec::new(),
            tpls: Vec::new(),
            blanks: Vec::new(),
            stack: Vec::new(),
            tables_ident: false,
        };
        if lx.b.starts_with(b"#!") {
            let e = line_end(lx.b, 0);
            lx.reg(0, e, W::Opaque);
            lx.i = e;
        }
        lx.code(0)?;
        if lx.i != lx.b.len() || !lx.stack.is_empty() {
            return Err(Bail);
        }
        lx.plausible()?;
        Ok(lx)
    }

    /// Catches the syntax errors a lexer can see. On a broken file tree-sitter's error
    /// recovery decides what a string belongs to, and only the parser can say how, so the
    /// common breakages (a conflict marker, a mangled keyword, a dot before no name, two
    /// operands in a row) hand the file over.
    fn plausible(&self) -> R<()> {
        for marker in [&b"<<<<<<< "[..], b">>>>>>> ", b"=======\n", b"=======\r"] {
            let at_line_start = |i: usize| i == 0 || matches!(self.b[i - 1], b'\n' | b'\r');
            if memchr::memmem::find_iter(self.b, marker).any(at_line_start) {
                return Err(Bail);
            }
        }
        let operand_kind = |t: usize| -> bool {
            let tok = self.toks[t];
            match tok.k {
                K::Ident | K::Num | K::Regex | K::TplEnd => true,
                K::Str => !self.strs[tok.aux as usize].jsx,
                _ => false,
            }
        };
        let operand = |t: usize| self.toks[t].k != K::Ident || !is_keyword(self.text(t));
        for i in 0..self.toks.len() {
            let t = self.toks[i];
            let next = self.toks.get(i + 1).map(|n| n.k);
            match t.k {
                K::P(b'.') if next != Some(K::Ident) => return Err(Bail),
                // A member access follows an operand, not an operator or a statement keyword.
                K::P(b'.') => match i.checked_sub(1).map(|p| self.toks[p].k) {
                    Some(K::Ident)
                        if is_hard_keyword(self.text(i - 1)) && !self.is_member(i - 1) =>
                    {
                        return Err(Bail)
                    }
                    Some(
                        K::Ident
                        | K::Num
                        | K::Str
                        | K::TplEnd
                        | K::Regex
                        | K::JsxClose
                        | K::Close(_)
                        | K::P(b'!'),
                    ) => {}
                    _ => return Err(Bail),
                },
                K::P(OPT_DOT)
                    if !matches!(next, Some(K::Ident | K::Open(b'(') | K::Open(b'['))) =>
                {
                    return Err(Bail)
                }
                K::Open(b'(' | b'{') if next == Some(K::P(b',')) => return Err(Bail),
                // `export` is followed by a declaration keyword, `{`, `*` or `=`.
                K::Ident
                    if self.text(i) == "export"
                        && !self.is_member(i)
                        && next == Some(K::Ident)
                        && !is_keyword(self.text(i + 1)) =>
                {
                    return Err(Bail)
                }
                K::Ident
                    if matches!(self.text(i), "const" | "let" | "var")
                        && !self.is_member(i)
                        && next == Some(K::Ident)
                        && matches!(
                            self.toks.get(i + 2).map(|n| n.k),
                            Some(K::P(b'.' | OPT_DOT) | K::Open(b'(' | b'['))
                        ) =>
                {
                    return Err(Bail)
                }
                _ => {}
            }
            if next.is_some() && operand_kind(i) && operand_kind(i + 1) {
                let gap = &self.b[t.e as usize..self.toks[i + 1].s as usize];
                if memchr::memchr2(b'\n', b'\r', gap).is_none()
                    && !gap.starts_with(LS)
                    && operand(i)
                    && operand(i + 1)
                {
                    return Err(Bail);
                }
            }
        }
        Ok(())
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
            tag: PLAIN,
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

    fn is_member(&self, t: usize) -> bool {
        t > 0 && matches!(self.toks[t - 1].k, K::P(b'.') | K::P(OPT_DOT))
    }

    fn enter(&mut self) -> R<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            Err(Bail)
        } else {
            Ok(())
        }
    }

    /// Whether an expression may start here (so `/` is a regular expression and, in TSX,
    /// `<` opens an element), judged from the previous token as tree-sitter's parse state
    /// would be.
    fn expr_start(&self) -> Start {
        let Some(last) = self.toks.len().checked_sub(1) else {
            return Start::Yes;
        };
        let t = self.toks[last];
        match t.k {
            K::Ident => {
                if self.is_member(last) {
                    return Start::No;
                }
                match self.text(last) {
                    "return" | "typeof" | "instanceof" | "in" | "new" | "delete" | "void"
                    | "throw" | "case" | "do" | "else" | "default" => Start::Yes,
                    // Keywords in some contexts, plain names in others.
                    "of" | "yield" | "await" | "async" | "extends" | "let" | "static" | "get"
                    | "set" | "as" | "satisfies" | "type" => Start::Unsure,
                    _ => Start::No,
                }
            }
            K::Num | K::Str | K::TplEnd | K::Regex | K::JsxClose | K::Close(b']') => Start::No,
            K::Close(b')') => {
                let open = t.mate as usize;
                let head = open.checked_sub(1).filter(|&h| {
                    self.toks[h].k == K::Ident
                        && !self.is_member(h)
                        && matches!(self.text(h), "if" | "while" | "for" | "with")
                });
                if head.is_some() {
                    Start::Yes
                } else {
                    Start::No
                }
            }
            K::Close(_) | K::P(INC_DEC) => Start::Unsure,
            _ => Start::Yes,
        }
    }

    /// Code until the end of input (`base == 0`) or until the `}` that closes the
    /// substitution or container whose opener sits at `stack[base - 1]` (left unconsumed).
    fn code(&mut self, base: usize) -> R<()> {
        loop {
            while self.i < self.b.len()
                && matches!(self.b[self.i], b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
            {
                self.i += 1;
            }
            let Some(&c) = self.b.get(self.i) else {
                return if base == 0 { Ok(()) } else { Err(Bail) };
            };
            let at = self.i;
            match c {
                b'/' => match self.b.get(at + 1) {
                    Some(b'/') => {
                        let e = line_end(self.b, at);
                        self.reg(at, e, W::Opaque);
                        self.i = e;
                    }
                    Some(b'*') => {
                        let e =
                            memchr::memmem::find(&self.b[at + 2..], b"*/").ok_or(Bail)? + at + 4;
                        self.reg(at, e, W::Comment);
                        self.i = e;
                    }
                    _ => match self.expr_start() {
                        Start::Yes => self.regex()?,
                        Start::No => self.punct(K::P(b'/'), 1),
                        Start::Unsure => return Err(Bail),
                    },
                },
                b'\'' | b'"' => self.string(c)?,
                b'`' => self.template()?,
                b'(' | b'[' | b'{' => self.open(c),
                b')' | b']' => self.close(c)?,
                b'}' => {
                    if self.stack.len() == base {
                        return if base == 0 { Err(Bail) } else { Ok(()) };
                    }
                    self.close(c)?;
                }
                b'<' => {
                    if self.b[at..].starts_with(b"<!--") {
                        return Err(Bail);
                    }
                    if self.tsx {
                        match self.expr_start() {
                            Start::Yes => self.jsx()?,
                            Start::No => self.punct(K::P(b'<'), 1),
                            Start::Unsure => return Err(Bail),
                        }
                    } else {
                        self.punct(K::P(b'<'), 1);
                    }
                }
                b'#' if self.b.get(at + 1).is_some_and(|&n| is_ident_start(n)) => {
                    self.ident(at + 1)?
                }
                c if is_ident_start(c) => self.ident(at)?,
                b'0'..=b'9' => self.number(),
                b'.' => {
                    if self.b[at..].starts_with(b"...") {
                        self.punct(K::P(SPREAD), 3);
                    } else if self.b.get(at + 1).is_some_and(u8::is_ascii_digit) {
                        self.number();
                    } else {
                        self.punct(K::P(b'.'), 1);
                    }
                }
                b'?' => match self.b.get(at + 1) {
                    Some(b'.') if !self.b.get(at + 2).is_some_and(u8::is_ascii_digit) => {
                        self.punct(K::P(OPT_DOT), 2)
                    }
                    Some(b'?') => self.punct(K::P(NULLISH), 2),
                    _ => self.punct(K::P(b'?'), 1),
                },
                b'=' => match self.b.get(at + 1) {
                    Some(b'>') => self.punct(K::P(ARROW), 2),
                    Some(b'=') => {
                        let n = if self.b.get(at + 2) == Some(&b'=') {
                            3
                        } else {
                            2
                        };
                        self.punct(K::P(EQ_EQ), n)
                    }
                    _ => self.punct(K::P(b'='), 1),
                },
                b'!' => {
                    if self.b.get(at + 1) == Some(&b'=') {
                        let n = if self.b.get(at + 2) == Some(&b'=') {
                            3
                        } else {
                            2
                        };
                        self.punct(K::P(NOT_EQ), n)
                    } else {
                        self.punct(K::P(b'!'), 1)
                    }
                }
                b'+' | b'-' => {
                    if self.b.get(at + 1) == Some(&c) {
                        if c == b'-' && self.b.get(at + 2) == Some(&b'>') {
                            // `-->` opens an HTML-like comment at a line start.
                            return Err(Bail);
                        }
                        self.punct(K::P(INC_DEC), 2)
                    } else {
                        self.punct(K::P(c), 1)
                    }
                }
                b'&' | b'|' => {
                    if self.b.get(at + 1) == Some(&c) {
                        self.punct(K::P(if c == b'&' { AND_AND } else { OR_OR }), 2)
                    } else {
                        self.punct(K::P(c), 1)
                    }
                }
                b';' | b',' | b':' | b'~' | b'%' | b'*' | b'^' | b'@' | b'>' => {
                    self.punct(K::P(c), 1)
                }
                // Backslash escapes in names, non-ASCII names or spaces, control bytes.
                _ => return Err(Bail),
            }
        }
    }

    fn punct(&mut self, k: K, len: usize) {
        let at = self.i;
        self.tok(k, at, at + len);
        self.i = at + len;
    }

    fn ident(&mut self, from: usize) -> R<()> {
        let at = self.i;
        let mut j = from;
        while j < self.b.len() && is_ident_char(self.b[j]) {
            j += 1;
        }
        if self.b.get(j).is_some_and(|&c| c >= 0x80 || c == b'\\') {
            return Err(Bail);
        }
        let t = self.tok(K::Ident, at, j);
        self.reg(at, j, W::Ident(t as u32));
        if matches!(&self.src[at..j], "Tables" | "TablesInsert" | "TablesUpdate") {
            self.tables_ident = true;
        }
        self.i = j;
        Ok(())
    }

    fn number(&mut self) {
        let at = self.i;
        let mut j = at;
        while j < self.b.len()
            && (is_ident_char(self.b[j])
                || (self.b[j] == b'.' && self.b.get(j + 1).is_some_and(u8::is_ascii_digit)))
        {
            j += 1;
        }
        if j == at {
            j += 1;
        }
        self.tok(K::Num, at, j);
        self.i = j;
    }

    fn regex(&mut self) -> R<()> {
        let at = self.i;
        let mut j = at + 1;
        let mut class = false;
        loop {
            match *self.b.get(j).ok_or(Bail)? {
                b'\\' => {
                    if matches!(self.b.get(j + 1), None | Some(b'\n' | b'\r')) {
                        return Err(Bail);
                    }
                    j += 2;
                }
                b'[' => {
                    class = true;
                    j += 1;
                }
                b']' => {
                    class = false;
                    j += 1;
                }
                b'/' if !class => {
                    j += 1;
                    break;
                }
                b'\n' | b'\r' => return Err(Bail),
                _ => j += 1,
            }
        }
        while j < self.b.len() && self.b[j].is_ascii_alphabetic() {
            j += 1;
        }
        self.tok(K::Regex, at, j);
        self.reg(at, j, W::Opaque);
        self.i = j;
        Ok(())
    }

    fn string(&mut self, q: u8) -> R<()> {
        let at = self.i;
        let mark = self.blanks.len();
        let mut j = at + 1;
        loop {
            let c = *self.b.get(j).ok_or(Bail)?;
            if c == q {
                j += 1;
                break;
            }
            match c {
                b'\n' | b'\r' => return Err(Bail),
                b'\\' => {
                    let n = escape_len(self.b, j)?;
                    self.blanks.push((j as u32, (j + n) as u32));
                    j += n;
                }
                _ => j += 1,
            }
        }
        self.push_str(at, j, (mark as u32, self.blanks.len() as u32), false);
        self.i = j;
        Ok(())
    }

    fn push_str(&mut self, s: usize, e: usize, blanks: (u32, u32), jsx: bool) {
        let t = self.tok(K::Str, s, e);
        self.toks[t].aux = self.strs.len() as u32;
        self.strs.push(StrInfo { blanks, jsx });
        self.reg(s, e, W::Str(t as u32));
    }

    fn template(&mut self) -> R<()> {
        self.enter()?;
        let at = self.i;
        let id = self.tpls.len();
        self.tpls.push(TplInfo::default());
        let open = self.tok(K::TplStart, at, at + 1);
        self.toks[open].aux = id as u32;
        let mut local: Vec<(u32, u32)> = Vec::new();
        let mut subst = false;
        let mut j = at + 1;
        let mut part = j;
        loop {
            match *self.b.get(j).ok_or(Bail)? {
                b'`' => {
                    if j > part {
                        self.reg(part, j, W::Tpl(id as u32));
                    }
                    j += 1;
                    break;
                }
                b'\\' => {
                    let n = escape_len(self.b, j)?;
                    local.push((j as u32, (j + n) as u32));
                    j += n;
                }
                b'$' if self.b.get(j + 1) == Some(&b'{') => {
                    if j > part {
                        self.reg(part, j, W::Tpl(id as u32));
                    }
                    subst = true;
                    let so = self.tok(K::SubstOpen, j, j + 2);
                    self.stack.push(so as u32);
                    self.i = j + 2;
                    self.code(self.stack.len())?;
                    let close_at = self.i;
                    self.stack.pop();
                    let sc = self.tok(K::SubstClose, close_at, close_at + 1);
                    self.pair(so, sc);
                    local.push((j as u32, (close_at + 1) as u32));
                    j = close_at + 1;
                    part = j;
                }
                _ => j += 1,
            }
        }
        self.i = j;
        let close = self.tok(K::TplEnd, j - 1, j);
        self.toks[close].aux = id as u32;
        self.pair(open, close);
        let mark = self.blanks.len() as u32;
        self.blanks.extend(local);
        self.tpls[id] = TplInfo {
            open: open as u32,
            close: close as u32,
            blanks: (mark, self.blanks.len() as u32),
            subst,
        };
        self.depth -= 1;
        Ok(())
    }

    fn open(&mut self, c: u8) {
        let at = self.i;
        let t = self.tok(K::Open(c), at, at + 1);
        if c == b'{' {
            self.toks[t].tag = self.brace_tag(t);
        }
        self.stack.push(t as u32);
        self.i = at + 1;
    }

    fn close(&mut self, c: u8) -> R<()> {
        let want = match c {
            b')' => b'(',
            b']' => b'[',
            _ => b'{',
        };
        let open = self.stack.pop().ok_or(Bail)? as usize;
        if self.toks[open].k != K::Open(want) {
            return Err(Bail);
        }
        let at = self.i;
        let t = self.tok(K::Close(c), at, at + 1);
        self.pair(open, t);
        self.i = at + 1;
        Ok(())
    }

    /// Whether the keys of the object (type) opened at `t` may be more than mentions.
    fn brace_tag(&self, t: usize) -> u8 {
        let Some(p1) = t.checked_sub(1) else {
            return PLAIN;
        };
        match self.toks[p1].k {
            K::Open(b'(') => {
                let Some(p2) = p1.checked_sub(1) else {
                    return PLAIN;
                };
                match self.toks[p2].k {
                    K::Ident if self.text(p2) == "match" => MATCH,
                    // `.match<T>({...})`: find the `<` that opens the type arguments.
                    K::P(b'>') => {
                        let mut depth = 0usize;
                        let mut j = p2;
                        for _ in 0..64 {
                            match self.toks[j].k {
                                K::P(b'>') => depth += 1,
                                K::P(b'<') => {
                                    depth -= 1;
                                    if depth == 0 {
                                        return match j.checked_sub(1) {
                                            Some(n)
                                                if self.toks[n].k == K::Ident
                                                    && self.text(n) != "match" =>
                                            {
                                                PLAIN
                                            }
                                            _ => MATCH,
                                        };
                                    }
                                }
                                K::Close(_) => j = self.toks[j].mate as usize,
                                K::Open(_) => return MATCH,
                                _ => {}
                            }
                            match j.checked_sub(1) {
                                Some(n) => j = n,
                                None => return MATCH,
                            }
                        }
                        MATCH
                    }
                    _ => PLAIN,
                }
            }
            K::P(b':') => {
                let Some(mut k) = p1.checked_sub(1) else {
                    return PLAIN;
                };
                if self.toks[k].k == K::P(b'?') {
                    match k.checked_sub(1) {
                        Some(n) => k = n,
                        None => return PLAIN,
                    }
                }
                let name = match self.toks[k].k {
                    K::Ident => Some(self.text(k)),
                    K::Str => self.str_value(k),
                    _ => None,
                };
                if matches!(name, Some("Tables" | "Views")) {
                    TABLES
                } else {
                    PLAIN
                }
            }
            _ => PLAIN,
        }
    }

    /// The value of a plain string token (no escapes), as tree-sitter's `string_value`.
    fn str_value(&self, t: usize) -> Option<&'s str> {
        let tok = self.toks[t];
        match tok.k {
            K::Str => {
                let info = self.strs[tok.aux as usize];
                (info.blanks.0 == info.blanks.1)
                    .then(|| self.src.get(tok.s as usize + 1..tok.e as usize - 1))
                    .flatten()
            }
            K::TplStart => {
                let info = self.tpls[tok.aux as usize];
                let close = self.toks[info.close as usize];
                (info.blanks.0 == info.blanks.1)
                    .then(|| self.src.get(tok.s as usize + 1..close.s as usize))
                    .flatten()
            }
            _ => None,
        }
    }

    fn jsx(&mut self) -> R<()> {
        let at = self.i;
        let open = self.tok(K::JsxOpen, at, at + 1);
        self.stack.push(open as u32);
        self.jsx_element()?;
        self.stack.pop();
        let close = self.tok(K::JsxClose, self.i - 1, self.i);
        self.pair(open, close);
        Ok(())
    }

    fn jsx_ws(&mut self) {
        while self.i < self.b.len() && self.b[self.i].is_ascii_whitespace() {
            self.i += 1;
        }
    }

    /// A tag or attribute name (`div`, `Foo.Bar`, `aria-label`, `xlink:href`).
    fn jsx_name(&mut self) -> R<&'s str> {
        let at = self.i;
        if !self.b.get(at).is_some_and(|&c| is_ident_start(c)) {
            return Err(Bail);
        }
        let mut j = at;
        while j < self.b.len()
            && (is_ident_char(self.b[j]) || matches!(self.b[j], b'-' | b'.' | b':'))
        {
            j += 1;
        }
        if self.b.get(j).is_some_and(|&c| c >= 0x80) {
            return Err(Bail);
        }
        self.reg(at, j, W::Opaque);
        self.i = j;
        Ok(&self.src[at..j])
    }

    /// At `<`: one element with its attributes and children, through its closing tag.
    fn jsx_element(&mut self) -> R<()> {
        self.enter()?;
        self.i += 1;
        let name = if self.b.get(self.i) == Some(&b'>') {
            self.i += 1;
            ""
        } else {
            let name = self.jsx_name()?;
            loop {
                self.jsx_ws();
                match *self.b.get(self.i).ok_or(Bail)? {
                    b'/' => {
                        if self.b.get(self.i + 1) != Some(&b'>') {
                            return Err(Bail);
                        }
                        self.i += 2;
                        self.depth -= 1;
                        return Ok(());
                    }
                    b'>' => {
                        self.i += 1;
                        break;
                    }
                    b'{' => self.jsx_container()?,
                    c if is_ident_start(c) => {
                        self.jsx_name()?;
                        self.jsx_ws();
                        if self.b.get(self.i) == Some(&b'=') {
                            self.i += 1;
                            self.jsx_ws();
                            match *self.b.get(self.i).ok_or(Bail)? {
                                q @ (b'"' | b'\'') => {
                                    let at = self.i;
                                    let len = memchr::memchr(q, &self.b[at + 1..]).ok_or(Bail)?;
                                    let end = at + 1 + len + 1;
                                    if memchr::memchr(b'&', &self.b[at..end]).is_some() {
                                        return Err(Bail);
                                    }
                                    let mark = self.blanks.len() as u32;
                                    self.push_str(at, end, (mark, mark), true);
                                    self.i = end;
                                }
                                b'{' => self.jsx_container()?,
                                b'<' => self.jsx()?,
                                _ => return Err(Bail),
                            }
                        }
                    }
                    _ => return Err(Bail),
                }
            }
            name
        };
        loop {
            let start = self.i;
            loop {
                match *self.b.get(self.i).ok_or(Bail)? {
                    b'<' | b'{' => break,
                    b'>' | b'}' => return Err(Bail),
                    b'&' => {
                        // Only a character reference: a bare `&` is not JSX text.
                        let rest = &self.b[self.i + 1..];
                        let n = rest
                            .iter()
                            .take_while(|c| c.is_ascii_alphanumeric() || **c == b'#')
                            .count();
                        if n == 0 || rest.get(n) != Some(&b';') {
                            return Err(Bail);
                        }
                        self.i += n + 2;
                    }
                    _ => self.i += 1,
                }
            }
            if self.i > start {
                self.reg(start, self.i, W::Opaque);
            }
            if self.b[self.i] == b'{' {
                self.jsx_container()?;
                continue;
            }
            if self.b.get(self.i + 1) == Some(&b'/') {
                self.i += 2;
                self.jsx_ws();
                let closing = if self.b.get(self.i) == Some(&b'>') {
                    ""
                } else {
                    self.jsx_name()?
                };
                self.jsx_ws();
                if closing != name || self.b.get(self.i) != Some(&b'>') {
                    return Err(Bail);
                }
                self.i += 1;
                self.depth -= 1;
                return Ok(());
            }
            self.jsx_element()?;
        }
    }

    /// At `{` in JSX: an expression container (or spread attribute) through its `}`.
    fn jsx_container(&mut self) -> R<()> {
        self.enter()?;
        let at = self.i;
        let open = self.tok(K::Open(b'{'), at, at + 1);
        self.stack.push(open as u32);
        self.i = at + 1;
        self.code(self.stack.len())?;
        self.stack.pop();
        let at = self.i;
        let close = self.tok(K::Close(b'}'), at, at + 1);
        self.pair(open, close);
        self.i = at + 1;
        self.depth -= 1;
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------
// Judging hits from the tokens.

const MENTION: Option<Class> = Some(Class::MENTION);

/// Words that may stand next to another name or a literal on one line (`export default`,
/// `import x from 'y'`, `declare module 'm'`, `x as const`, `break label`).
fn is_keyword(w: &str) -> bool {
    matches!(
        w,
        "abstract"
            | "accessor"
            | "as"
            | "asserts"
            | "async"
            | "await"
            | "break"
            | "case"
            | "catch"
            | "class"
            | "const"
            | "continue"
            | "debugger"
            | "declare"
            | "default"
            | "delete"
            | "do"
            | "else"
            | "enum"
            | "export"
            | "extends"
            | "finally"
            | "for"
            | "from"
            | "function"
            | "get"
            | "global"
            | "if"
            | "implements"
            | "import"
            | "in"
            | "infer"
            | "instanceof"
            | "interface"
            | "is"
            | "keyof"
            | "let"
            | "module"
            | "namespace"
            | "new"
            | "of"
            | "out"
            | "override"
            | "package"
            | "private"
            | "protected"
            | "public"
            | "readonly"
            | "return"
            | "satisfies"
            | "set"
            | "static"
            | "switch"
            | "throw"
            | "try"
            | "type"
            | "typeof"
            | "unique"
            | "using"
            | "var"
            | "void"
            | "while"
            | "with"
            | "yield"
    )
}

/// Reserved words that are never a name, so never an object (`this`, `super`, `import` and
/// `new` are: `import.meta`, `new.target`).
fn is_hard_keyword(w: &str) -> bool {
    matches!(
        w,
        "break"
            | "case"
            | "catch"
            | "class"
            | "const"
            | "continue"
            | "debugger"
            | "default"
            | "delete"
            | "do"
            | "else"
            | "enum"
            | "export"
            | "extends"
            | "finally"
            | "for"
            | "function"
            | "if"
            | "in"
            | "instanceof"
            | "return"
            | "switch"
            | "throw"
            | "try"
            | "typeof"
            | "var"
            | "void"
            | "while"
            | "with"
    )
}

/// Words before `(` that make it no call.
fn not_call(w: &str) -> bool {
    matches!(
        w,
        "if" | "while"
            | "for"
            | "switch"
            | "catch"
            | "with"
            | "return"
            | "typeof"
            | "void"
            | "delete"
            | "throw"
            | "case"
            | "in"
            | "of"
            | "instanceof"
            | "new"
            | "await"
            | "yield"
            | "else"
            | "do"
            | "function"
    )
}

/// What the position of a string means, mirroring `Cx::in_string` and `Cx::sql_sink`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cx {
    /// No special parent: a mention unless it holds SQL by shape. `maybe_type`: the string
    /// may sit in a type, where a template is a template literal type and never SQL.
    Neutral {
        maybe_type: bool,
    },
    /// An argument where SQL goes.
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
    /// A `referencedTable` / `foreignTable` value; the call whose argument the object is.
    RefTable {
        call: u32,
    },
    /// A `table` value; whether the object is the filter of a `postgres_changes` `.on`.
    Realtime(bool),
    /// A literal type in a type-reference position.
    TypeRef,
    /// An object key or property name (`{ 't': 1 }`, `{ 't'?: T }`): a name, never a table
    /// string.
    Key,
    /// The index of a subscript or lookup type (`row['t']`, `Row['t']`): a key, never a table
    /// string.
    Index,
    /// A quoted key under the rules' schema's `Tables` or `Views` in generated types.
    TableKey,
    /// A `referencedRelation` value under the rules' schema (see `relations_of_other_schemas`).
    Relation,
}

enum Verdict {
    Done(Option<Class>),
    /// The hit lies in this string (by its first token), which holds SQL.
    Sql(u32),
}

/// A call as the token stream shows it: its `(` and, for `recv.method(...)`, the method.
#[derive(Debug, Clone, Copy)]
struct Call<'s> {
    open: u32,
    method: Option<&'s str>,
    /// For a method call: the last token of the receiver.
    recv_end: u32,
}

enum Paren<'s> {
    /// Grouping or a statement head, not a call.
    NotCall,
    Call(Call<'s>),
}

struct Judge<'a, 's> {
    lx: &'a Lexer<'s>,
    src: &'s str,
    /// `Tables<...>` type argument lists: (`<`, `>`) token pairs.
    targs: Option<Vec<(u32, u32)>>,
    /// Position class of each string seen, by its first token, and whether it holds SQL.
    cache: HashMap<u32, (Cx, Option<bool>)>,
    /// The `(`..`)` token pairs of the `.from(...)` calls (not on storage) whose first
    /// argument is no plain string: a name may flow there, which only the parser follows.
    dynamic: Option<Vec<(u32, u32)>>,
    /// Tables (rules indices) that are keys under the rules' schema's `Tables` or `Views`.
    keyed: Vec<usize>,
    /// Start bytes of `referencedRelation` hits of the rules' schema.
    relations: Vec<usize>,
    /// Each string's content and parses, shared by its hits.
    memo: super::LitMemo<'s>,
    /// The chain of each call judged, by its `(`: every hit in a chain asks for it.
    chains: RefCell<super::aging::Aging<usize, Rc<Vec<Call<'s>>>>>,
}

impl<'s> Judge<'_, 's> {
    fn tok(&self, t: usize) -> Tok {
        self.lx.toks[t]
    }

    fn kind(&self, t: usize) -> Option<K> {
        self.lx.toks.get(t).map(|t| t.k)
    }

    fn text(&self, t: usize) -> &'s str {
        self.lx.text(t)
    }

    fn is_ident(&self, t: usize, word: &str) -> bool {
        self.kind(t) == Some(K::Ident) && self.text(t) == word && !self.lx.is_member(t)
    }

    fn prev(&self, t: usize) -> Option<usize> {
        t.checked_sub(1)
    }

    fn mate(&self, t: usize) -> usize {
        self.lx.toks[t].mate as usize
    }

    /// A line break between two tokens.
    fn newline_between(&self, a: usize, b: usize) -> bool {
        let (s, e) = (self.tok(a).e as usize, self.tok(b).s as usize);
        s <= e && memchr::memchr2(b'\n', b'\r', &self.lx.b[s..e]).is_some()
    }

    /// Whether the file needs tree-sitter's reading of its declarations, in one pass over the
    /// tokens: it uses a type helper of the rules (`Row<`), declares one of its own (a generic
    /// type alias whose type parameters are constrained by `keyof` over `Tables`, `type
    /// Row<T extends keyof Database['public']['Tables']> = ...`, other than the generated
    /// `Tables`, `TablesInsert` and `TablesUpdate`), or declares Drizzle tables (`pgTable(`,
    /// `pgSchema(`).
    fn needs_declarations(&self) -> bool {
        // Type parameters longer than this are not read: the file goes to tree-sitter, so
        // that a file of many unclosed `type X<` costs no more than its length.
        const MAX_PARAMS: usize = 512;
        let listed = super::has_type_helpers();
        for i in 0..self.lx.toks.len() {
            if self.lx.toks[i].k != K::Ident {
                continue;
            }
            let name = self.text(i);
            match self.kind(i + 1) {
                Some(K::Open(b'(')) if matches!(name, "pgTable" | "pgSchema") => return true,
                Some(K::P(b'<')) => {}
                _ => continue,
            }
            if listed && super::is_type_helper(name) {
                return true;
            }
            if matches!(name, "Tables" | "TablesInsert" | "TablesUpdate")
                || !self.prev(i).is_some_and(|p| self.is_ident(p, "type"))
            {
                continue;
            }
            let (mut depth, mut keyof, mut tables) = (0usize, false, false);
            let mut closed = false;
            for j in i + 1..(i + 1 + MAX_PARAMS).min(self.lx.toks.len()) {
                match self.kind(j) {
                    Some(K::P(b'<')) => depth += 1,
                    Some(K::P(b'>')) => {
                        depth -= 1;
                        if depth == 0 {
                            closed = true;
                            break;
                        }
                    }
                    _ => {}
                }
                keyof |= self.is_ident(j, "keyof");
                tables |= self.text(j).contains("Tables");
            }
            if !closed || (keyof && tables) {
                return true;
            }
        }
        false
    }

    fn run(mut self, hits: &[Hit]) -> R<Vec<Option<Class>>> {
        if !hits.is_empty() && self.has_typed_from() {
            // `.from<'t', ...>(...)`: its type arguments name the table; not modelled.
            return Err(Bail);
        }
        if !hits.is_empty() && self.has_computed_select() {
            // `.select(cols.join(","))`, `.select("id, " + X)`: the parser follows the pieces.
            return Err(Bail);
        }
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
                W::Opaque => Verdict::Done(hit.exact.then_some(Class::MENTION)),
                W::Comment => Verdict::Done(hit.exact.then(|| {
                    let (s, e) = (reg.s as usize, reg.e as usize);
                    let rel = hit.span.start - s..hit.span.end - s;
                    super::typescript::comment_class(&self.src[s..e], &rel)
                })),
                W::Ident(t) => Verdict::Done(self.ident(t as usize, hit)?),
                W::Str(t) => self.in_string(t as usize, hit)?,
                W::Tpl(p) => self.in_string(self.lx.tpls[p as usize].open as usize, hit)?,
            };
            match v {
                Verdict::Done(c) => out.push(c),
                Verdict::Sql(s) => {
                    out.push(None);
                    let group = *sql_at.entry(s).or_insert_with(|| {
                        sql.push((s, Vec::new()));
                        sql.len() - 1
                    });
                    sql[group].1.push(i);
                }
            }
        }
        for (s, idx) in sql {
            let (start, text) = self.content_text(s as usize);
            super::classify_sql_string(&text, start, hits, &idx, &mut out);
        }
        super::relations_of_other_schemas(hits, &self.keyed, &self.relations, &mut out);
        Ok(out)
    }

    /// The `.from(...)` calls whose first argument is not a plain string, as
    /// `typescript::Flow` would look at them.
    fn dynamic_from(&mut self) -> R<&[(u32, u32)]> {
        if self.dynamic.is_none() {
            let mut out = Vec::new();
            for i in 0..self.lx.toks.len() {
                if !(self.lx.is_member(i)
                    && self.kind(i) == Some(K::Ident)
                    && self.text(i) == "from"
                    && self.kind(i + 1) == Some(K::Open(b'(')))
                {
                    continue;
                }
                let open = i + 1;
                let Paren::Call(call) = self.paren(open)? else {
                    continue;
                };
                if self.is_storage(call.recv_end as usize)? {
                    continue;
                }
                let a = open + 1;
                let plain = match self.kind(a) {
                    Some(K::Close(b')')) => true,
                    Some(K::Str | K::TplStart) => {
                        let mut after = self.str_last(a) + 1;
                        if self.kind(after) == Some(K::Ident)
                            && matches!(self.text(after), "as" | "satisfies")
                            && self.kind(after + 1) == Some(K::Ident)
                        {
                            after += 2;
                        }
                        matches!(self.kind(after), Some(K::Close(b')') | K::P(b',')))
                    }
                    _ => false,
                };
                if !plain {
                    out.push((open as u32, self.mate(open) as u32));
                }
            }
            self.dynamic = Some(out);
        }
        Ok(self.dynamic.as_deref().unwrap_or_default())
    }

    /// Token `t` lies in the parentheses of a computed `.from(...)`.
    fn in_dynamic_from(&mut self, t: usize) -> R<bool> {
        let t = t as u32;
        Ok(self
            .dynamic_from()?
            .iter()
            .any(|&(open, close)| open < t && t < close))
    }

    /// Some `.from<...>` has type arguments.
    fn has_typed_from(&self) -> bool {
        (0..self.lx.toks.len()).any(|i| {
            self.lx.is_member(i)
                && self.kind(i) == Some(K::Ident)
                && self.text(i) == "from"
                && self.kind(i + 1) == Some(K::P(b'<'))
        })
    }

    /// Some `.select(...)` has a first argument that is not one string: a select expression
    /// whose pieces only [`super::typescript`] follows.
    fn has_computed_select(&self) -> bool {
        (0..self.lx.toks.len()).any(|i| {
            if !(self.lx.is_member(i)
                && self.kind(i) == Some(K::Ident)
                && self.text(i) == "select"
                && self.kind(i + 1) == Some(K::Open(b'(')))
            {
                return false;
            }
            let a = i + 2;
            match self.kind(a) {
                Some(K::Close(b')')) => false,
                Some(K::Str | K::TplStart) => {
                    let mut after = self.str_last(a) + 1;
                    if self.kind(after) == Some(K::Ident)
                        && matches!(self.text(after), "as" | "satisfies")
                        && self.kind(after + 1) == Some(K::Ident)
                    {
                        after += 2;
                    }
                    !matches!(self.kind(after), Some(K::Close(b')') | K::P(b',')))
                }
                _ => true,
            }
        })
    }

    /// A hit in an identifier: a mention, unless it is a key whose object makes it more.
    fn ident(&mut self, t: usize, hit: &Hit) -> R<Option<Class>> {
        if !hit.exact {
            return Ok(None);
        }
        if self.in_dynamic_from(t)? {
            // A name in a computed `.from(...)` argument: the parser resolves it.
            return Err(Bail);
        }
        let p = self.tok(t).parent;
        if p != NONE && self.kind(p as usize) == Some(K::Open(b'{')) {
            match self.tok(p as usize).tag {
                MATCH => return Err(Bail),
                TABLES => {
                    if !self.tables_brace(p as usize)? {
                        return Ok(MENTION);
                    }
                    let tok = self.tok(t);
                    if tok.s as usize != hit.span.start || tok.e as usize != hit.span.end {
                        return Ok(MENTION);
                    }
                    self.key_start(t)?;
                    return match (self.kind(t + 1), self.kind(t + 2)) {
                        (Some(K::P(b':' | b';' | b',') | K::Close(b'}')), _)
                        | (Some(K::P(b'?')), Some(K::P(b':'))) => {
                            self.keyed.push(hit.table);
                            Ok(Some(Class::new(Kind::TypeRef)))
                        }
                        (Some(K::Open(b'(') | K::P(b'<')), _)
                        | (Some(K::P(b'?')), Some(K::Open(b'('))) => Ok(MENTION),
                        _ => Err(Bail),
                    };
                }
                _ => {}
            }
        }
        Ok(MENTION)
    }

    /// `t` starts a property (or key): after `{`, `;`, `,`, `readonly`, or on a new line.
    fn key_start(&self, t: usize) -> R<()> {
        let Some(p) = self.prev(t) else {
            return Err(Bail);
        };
        match self.kind(p) {
            Some(K::Open(b'{') | K::P(b';' | b',')) => Ok(()),
            Some(K::Ident) if self.text(p) == "readonly" => Ok(()),
            Some(K::Close(_) | K::Ident | K::Str | K::Num) if self.newline_between(p, t) => Ok(()),
            _ => Err(Bail),
        }
    }

    /// Whether the `Tables:` / `Views:` object (type) opened at `brace` holds table keys:
    /// an object type annotating that property, inside the `Database` type.
    fn tables_brace(&self, brace: usize) -> R<bool> {
        if self.in_type_decl(brace)? != "Database" {
            return Ok(false);
        }
        // Only the rules' schema's tables: `Database = { public: { Tables: {...} } }`.
        let schema = self.tok(brace).parent;
        if schema == NONE || self.tok(schema as usize).parent == NONE {
            return Err(Bail);
        }
        let body = self.tok(schema as usize).parent as usize;
        if self.kind(body) != Some(K::Open(b'{')) || self.decl_body(body).is_none() {
            return Err(Bail);
        }
        if !super::is_rules_schema(self.schema_key(schema as usize)?) {
            return Ok(false);
        }
        let mut key = brace.checked_sub(2).ok_or(Bail)?;
        if self.kind(key) == Some(K::P(b'?')) {
            key = key.checked_sub(1).ok_or(Bail)?;
        }
        self.key_start(key)?;
        self.member_ends(brace)?;
        Ok(true)
    }

    /// The object (type) opened at `brace` is a whole member's type: the member ends after
    /// it (else a bail).
    fn member_ends(&self, brace: usize) -> R<()> {
        let after = self.mate(brace) + 1;
        match self.kind(after) {
            Some(K::Close(b'}') | K::P(b';' | b',')) => Ok(()),
            Some(K::Ident | K::Str) if self.newline_between(after - 1, after) => Ok(()),
            _ => Err(Bail),
        }
    }

    /// The key of the object type opened at `brace`, a direct member of the `Database`
    /// declaration's body: a schema's name. Anything but a plain `key: {...}` member is a bail.
    fn schema_key(&self, brace: usize) -> R<&'s str> {
        if self.kind(brace) != Some(K::Open(b'{'))
            || self.kind(brace.checked_sub(1).ok_or(Bail)?) != Some(K::P(b':'))
        {
            return Err(Bail);
        }
        let key = brace.checked_sub(2).ok_or(Bail)?;
        self.key_start(key)?;
        let name = match self.tok(key).k {
            K::Ident => self.text(key),
            K::Str => self.lx.str_value(key).ok_or(Bail)?,
            _ => return Err(Bail),
        };
        self.member_ends(brace)?;
        Ok(name)
    }

    /// The schema key of the `Database` declaration around `t`, walking out to the member of
    /// the declaration's body.
    fn schema_around(&self, t: usize) -> R<&'s str> {
        let mut cur = t;
        for _ in 0..4096 {
            let p = self.tok(cur).parent;
            if p == NONE {
                return Err(Bail);
            }
            let p = p as usize;
            if self.kind(p) == Some(K::Open(b'{')) && self.decl_body(p).is_some() {
                return self.schema_key(cur);
            }
            cur = p;
        }
        Err(Bail)
    }

    /// The value of a plain string member `name: 'v'` directly in the object (type) opened at
    /// `brace`: `None` when there is none; a bail when its shape is anything else.
    fn member_string(&self, brace: usize, name: &str) -> R<Option<&'s str>> {
        let end = self.mate(brace);
        let mut found = None;
        let mut j = brace + 1;
        while j < end {
            let tok = self.tok(j);
            if tok.parent as usize == brace {
                let key = match tok.k {
                    K::Ident => Some(self.text(j)),
                    K::Str => self.lx.str_value(j),
                    _ => None,
                };
                if key == Some(name) && self.kind(j + 1) != Some(K::P(b'.')) {
                    match (self.kind(j + 1), self.kind(j + 2)) {
                        (Some(K::P(b':')), Some(K::Str)) => {
                            let after = self.kind(j + 3);
                            let ends = matches!(after, Some(K::P(b',' | b';') | K::Close(b'}')))
                                || (matches!(after, Some(K::Ident | K::Str))
                                    && self.newline_between(j + 2, j + 3));
                            if !ends {
                                return Err(Bail);
                            }
                            // A value with escapes is no schema name (as tree-sitter's).
                            found = found.or(Some(self.lx.str_value(j + 2)));
                        }
                        (Some(K::P(b':' | b'?')), _) => return Err(Bail),
                        _ => {}
                    }
                }
            }
            if matches!(tok.k, K::Open(_) | K::TplStart) {
                j = self.mate(j);
            }
            j += 1;
        }
        Ok(found.flatten())
    }

    /// The name of the type alias or interface whose body holds `t`, found by walking out
    /// through the brackets; a bail when no declaration body is among them.
    fn in_type_decl(&self, t: usize) -> R<&'s str> {
        let mut cur = t;
        for _ in 0..4096 {
            if self.kind(cur) == Some(K::Open(b'{')) {
                if let Some(name) = self.decl_body(cur) {
                    return Ok(name);
                }
            }
            let p = self.tok(cur).parent;
            if p == NONE {
                return Err(Bail);
            }
            cur = p as usize;
        }
        Err(Bail)
    }

    /// The type alias or interface whose body the `{` at `brace` is, or whose type
    /// expression it is part of (`type A = B & {`, `type D = Merge<X, {`): the declared name.
    fn decl_body(&self, brace: usize) -> Option<&'s str> {
        let p1 = brace.checked_sub(1)?;
        if matches!(self.kind(p1)?, K::Ident | K::P(b'>')) {
            // `interface NAME {`, `interface NAME<T> extends A, B {`
            let mut j = p1;
            for _ in 0..64 {
                match self.kind(j)? {
                    K::P(b';' | b'=') | K::Open(_) | K::Close(b'}') => break,
                    K::Ident if self.is_ident(j, "interface") => {
                        return (self.kind(j + 1) == Some(K::Ident)).then(|| self.text(j + 1));
                    }
                    K::Ident if self.is_ident(j, "class") => return None,
                    K::Close(_) => j = self.mate(j),
                    _ => {}
                }
                j = j.checked_sub(1)?;
            }
        }
        // Back through type syntax to the `=` of `type NAME =` or `type NAME<...> =`.
        let mut j = p1;
        for _ in 0..512 {
            match self.kind(j)? {
                K::P(b'=') => break,
                K::Close(_) => j = self.mate(j),
                K::Ident => {
                    if matches!(
                        self.text(j),
                        "const"
                            | "let"
                            | "var"
                            | "return"
                            | "function"
                            | "class"
                            | "export"
                            | "import"
                            | "if"
                            | "else"
                            | "for"
                            | "while"
                            | "new"
                            | "await"
                    ) {
                        return None;
                    }
                }
                K::Str | K::Num | K::TplEnd => {}
                K::P(b'.' | b'<' | b'>' | b'|' | b'&' | b'?' | b':' | b',' | ARROW | SPREAD) => {}
                _ => return None,
            }
            j = j.checked_sub(1)?;
        }
        if self.kind(j)? != K::P(b'=') {
            return None;
        }
        let mut name = j.checked_sub(1)?;
        if self.kind(name)? == K::P(b'>') {
            // Type parameters: back to their `<`.
            let mut depth = 0usize;
            for _ in 0..512 {
                match self.kind(name)? {
                    K::P(b'>') => depth += 1,
                    K::P(b'<') => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    K::Close(_) => name = self.mate(name),
                    _ => {}
                }
                name = name.checked_sub(1)?;
            }
            name = name.checked_sub(1)?;
        }
        (self.kind(name)? == K::Ident && self.is_ident(name.checked_sub(1)?, "type"))
            .then(|| self.text(name))
    }

    fn in_string(&mut self, first: usize, hit: &Hit) -> R<Verdict> {
        let key = first as u32;
        let (cx, known) = match self.cache.get(&key) {
            Some(&c) => c,
            None => {
                let cx = self.str_cx(first)?;
                self.cache.insert(key, (cx, None));
                (cx, None)
            }
        };
        if hit.exact {
            if let Some(class) = self.special(cx, first, hit)? {
                return Ok(Verdict::Done(class));
            }
        }
        let sql = match known {
            Some(known) => known,
            None => {
                let sql = cx == Cx::Sink || {
                    let (_, text) = self.content_text(first);
                    super::sql::looks_like_sql(&text)
                };
                self.cache.insert(key, (cx, Some(sql)));
                sql
            }
        };
        if sql {
            if self.kind(first) == Some(K::TplStart)
                && matches!(cx, Cx::Neutral { maybe_type: true })
            {
                // A template literal type is no string to tree-sitter.
                return Err(Bail);
            }
            return Ok(Verdict::Sql(first as u32));
        }
        if hit.exact && self.whole(first, hit) && !matches!(cx, Cx::Key | Cx::Index) {
            if self.kind(first) == Some(K::TplStart)
                && matches!(cx, Cx::Neutral { maybe_type: true })
            {
                // A template literal type is no string to tree-sitter.
                return Err(Bail);
            }
            if !self.dynamic_from()?.is_empty() {
                // The literal may flow into `.from(x)`: only the parser follows it.
                return Err(Bail);
            }
            return Ok(Verdict::Done(Some(Class::new(Kind::TableString))));
        }
        if hit.exact {
            let (start, text) = self.content_text(first);
            let rel = hit.span.start.saturating_sub(start)..hit.span.end.saturating_sub(start);
            if super::select_parts::embed_shaped(&text, &rel) {
                return Ok(Verdict::Done(Some(Class::new(Kind::UnresolvedEmbed))));
            }
        }
        Ok(Verdict::Done(hit.exact.then_some(Class::MENTION)))
    }

    /// The string's last token (its `TplEnd` for a template).
    fn str_last(&self, first: usize) -> usize {
        if self.kind(first) == Some(K::TplStart) {
            self.mate(first)
        } else {
            first
        }
    }

    /// The bytes between the delimiters.
    fn content_range(&self, first: usize) -> Range<usize> {
        let last = self.str_last(first);
        self.tok(first).s as usize + 1..self.tok(last).e as usize - 1
    }

    fn whole(&self, first: usize, hit: &Hit) -> bool {
        let subst = self.kind(first) == Some(K::TplStart)
            && self.lx.tpls[self.tok(first).aux as usize].subst;
        !subst && hit.span == self.content_range(first)
    }

    /// A string's content with escapes and substitutions blanked in place, as
    /// `typescript::content_text` builds it.
    fn content_text(&self, first: usize) -> (usize, super::Text<'s>) {
        self.memo.text(first, || self.blanked_text(first))
    }

    fn blanked_text(&self, first: usize) -> (usize, Cow<'s, str>) {
        let r = self.content_range(first);
        let tok = self.tok(first);
        let (a, b) = match tok.k {
            K::Str => self.lx.strs[tok.aux as usize].blanks,
            _ => self.lx.tpls[tok.aux as usize].blanks,
        };
        let blanks = &self.lx.blanks[a as usize..b as usize];
        if blanks.is_empty() {
            return (r.start, Cow::Borrowed(&self.src[r.clone()]));
        }
        let mut buf = String::with_capacity(r.len());
        let mut at = r.start;
        for &(s, e) in blanks {
            let (s, e) = ((s as usize).max(at), (e as usize).min(r.end));
            if s >= e {
                continue;
            }
            buf.push_str(&self.src[at..s]);
            let keep = Some(self.lx.b[e - 1]).filter(|q| matches!(q, b'\'' | b'"' | b'`'));
            buf.extend(std::iter::repeat_n(
                ' ',
                e - s - usize::from(keep.is_some()),
            ));
            if let Some(q) = keep {
                buf.push(char::from(q));
            }
            at = e;
        }
        buf.push_str(&self.src[at..r.end]);
        (r.start, Cow::Owned(buf))
    }

    /// The class an exact hit gets from its string's position (`None`: none, see if the
    /// string holds SQL), as `Cx::in_string`.
    fn special(&mut self, cx: Cx, first: usize, hit: &Hit) -> R<Option<Option<Class>>> {
        let whole = self.whole(first, hit);
        Ok(match cx {
            Cx::Neutral { .. } | Cx::Sink | Cx::Key | Cx::Index => None,
            Cx::From { storage } => Some(if storage {
                MENTION
            } else if whole {
                Some(Class::new(Kind::FromCall))
            } else if self.kind(first) == Some(K::TplStart)
                && self.lx.tpls[self.tok(first).aux as usize].subst
            {
                Some(Class::new(Kind::DynamicFrom))
            } else {
                MENTION
            }),
            Cx::TypeRef => whole.then_some(Some(Class::new(Kind::TypeRef))),
            Cx::TableKey => whole.then(|| {
                self.keyed.push(hit.table);
                Some(Class::new(Kind::TypeRef))
            }),
            Cx::Relation => whole.then(|| {
                self.relations.push(hit.span.start);
                Some(Class::new(Kind::TypeRef))
            }),
            Cx::Realtime(on) => (whole && on).then_some(Some(Class::new(Kind::Realtime))),
            Cx::Select { call } => {
                let chain = self.chain(call as usize)?;
                if !self.is_query(&chain)? {
                    return Ok(None);
                }
                let (start, text) = self.content_text(first);
                let sel = self.memo.select(first, &text);
                Some(super::select_hit_class(&sel, start, hit))
            }
            Cx::Or { call } => {
                let chain = self.chain(call as usize)?;
                if !self.is_query(&chain)? {
                    return Ok(None);
                }
                let (start, text) = self.content_text(first);
                let paths = self.memo.or_paths(first, &text);
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
                let (start, text) = self.content_text(first);
                let path = postgrest::parse_field_path(&text);
                self.filter_path(&chain, &path, &text, start, hit)?
            }
            Cx::RefTable { call } => {
                let (start, text) = self.content_text(first);
                let path = postgrest::parse_field_path(&text);
                let Some(head) = super::path_head_at(&path, start, hit) else {
                    return Ok(None);
                };
                let chain = if call == NONE {
                    Rc::default()
                } else {
                    self.chain(call as usize)?
                };
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

    /// What `name` refers to as a path head, judged by every select string of the chain.
    fn path_target(&self, chain: &[Call<'s>], name: &str) -> R<PathTarget> {
        let mut target = PathTarget::Unknown;
        for call in chain {
            if call.method != Some("select") {
                continue;
            }
            let a = call.open as usize + 1;
            if !matches!(self.kind(a), Some(K::Str | K::TplStart)) {
                continue;
            }
            let after = self.str_last(a) + 1;
            if !matches!(self.kind(after), Some(K::Close(b')') | K::P(b','))) {
                continue;
            }
            let (_, text) = self.content_text(a);
            let sel = self.memo.select(a, &text);
            target = target.max(sel.path_target(&text, name));
        }
        Ok(target)
    }

    fn is_query(&self, chain: &[Call<'s>]) -> R<bool> {
        for c in chain {
            if let Some(m) = c.method {
                if QUERY_STARTS.contains(&m)
                    && !(m == "from" && self.is_storage(c.recv_end as usize)?)
                {
                    return Ok(true);
                }
            }
        }
        Ok(false)
    }

    /// A storage client: `storage` or anything ending in a `.storage` member.
    fn is_storage(&self, recv_end: usize) -> R<bool> {
        let mut j = recv_end;
        while self.kind(j) == Some(K::P(b'!')) {
            j = j.checked_sub(1).ok_or(Bail)?;
        }
        match self.kind(j) {
            Some(K::Ident) => Ok(self.text(j) == "storage"),
            Some(K::Close(b')')) => match self.paren(self.mate(j))? {
                Paren::NotCall => Err(Bail),
                Paren::Call(_) => Ok(false),
            },
            _ => Ok(false),
        }
    }

    /// What the `(` at `open` belongs to.
    fn paren(&self, open: usize) -> R<Paren<'s>> {
        let Some(p) = self.prev(open) else {
            return Ok(Paren::NotCall);
        };
        let none = Paren::Call(Call {
            open: open as u32,
            method: None,
            recv_end: NONE,
        });
        match self.tok(p).k {
            K::Ident => {
                if self.lx.is_member(p) {
                    self.not_new(p - 1)?;
                    let recv_end = (p - 1).checked_sub(1).ok_or(Bail)?;
                    Ok(Paren::Call(Call {
                        open: open as u32,
                        method: Some(self.text(p)),
                        recv_end: recv_end as u32,
                    }))
                } else if not_call(self.text(p)) {
                    Ok(Paren::NotCall)
                } else {
                    Ok(none)
                }
            }
            K::Close(b')' | b']') | K::TplEnd => Ok(none),
            // Type arguments (`.from<T>(...)`) or an optional call `f?.(...)`.
            K::P(b'>' | OPT_DOT) => Err(Bail),
            _ => Ok(Paren::NotCall),
        }
    }

    /// The member expression ending at `dot` is not the constructor of a `new`.
    fn not_new(&self, dot: usize) -> R<()> {
        let mut j = dot.checked_sub(1).ok_or(Bail)?;
        let mut start = j;
        for _ in 0..4096 {
            match self.tok(j).k {
                K::P(b'!') => j = j.checked_sub(1).ok_or(Bail)?,
                K::Ident => {
                    if self.lx.is_member(j) {
                        j = j.checked_sub(2).ok_or(Bail)?;
                    } else {
                        start = j;
                        break;
                    }
                }
                K::Close(b')' | b']') | K::TplEnd | K::JsxClose => {
                    let o = self.mate(j);
                    let Some(q) = self.prev(o) else {
                        start = o;
                        break;
                    };
                    match self.tok(q).k {
                        K::Ident if !not_call(self.text(q)) => j = q,
                        K::Close(b')' | b']') | K::TplEnd | K::P(b'!') => j = q,
                        K::P(b'>') => return Err(Bail),
                        _ => {
                            start = o;
                            break;
                        }
                    }
                }
                K::Str | K::Num | K::Regex => {
                    start = j;
                    break;
                }
                _ => return Err(Bail),
            }
        }
        if self.prev(start).is_some_and(|p| self.is_ident(p, "new")) {
            return Err(Bail);
        }
        Ok(())
    }

    /// The calls of the chain the call at `open` belongs to, base first, as
    /// `typescript::chain` collects them.
    fn chain(&self, open: usize) -> R<Rc<Vec<Call<'s>>>> {
        super::remembered(
            &self.chains,
            open,
            || self.walk_chain(open),
            |calls| super::aging::weight(calls.len() * std::mem::size_of::<Call<'s>>()),
        )
    }

    fn walk_chain(&self, open: usize) -> R<Vec<Call<'s>>> {
        let Paren::Call(call) = self.paren(open)? else {
            return Err(Bail);
        };
        let mut down = Vec::new();
        let mut cur = call;
        while cur.method.is_some() {
            let mut j = cur.recv_end as usize;
            while self.kind(j) == Some(K::P(b'!')) {
                j = j.checked_sub(1).ok_or(Bail)?;
            }
            if self.kind(j) != Some(K::Close(b')')) {
                break;
            }
            match self.paren(self.mate(j))? {
                Paren::NotCall => return Err(Bail),
                Paren::Call(c) => {
                    down.push(c);
                    cur = c;
                }
            }
        }
        down.reverse();
        down.push(call);
        let mut open = open;
        loop {
            let mut j = self.mate(open) + 1;
            while self.kind(j) == Some(K::P(b'!')) {
                j += 1;
            }
            match self.kind(j) {
                Some(K::P(b'.' | OPT_DOT)) => {
                    if self.kind(j + 1) != Some(K::Ident) {
                        break;
                    }
                    match self.kind(j + 2) {
                        Some(K::Open(b'(')) => {
                            open = j + 2;
                            down.push(Call {
                                open: open as u32,
                                method: Some(self.text(j + 1)),
                                recv_end: (j - 1) as u32,
                            });
                        }
                        Some(K::P(b'<' | OPT_DOT)) => return Err(Bail),
                        _ => break,
                    }
                }
                Some(K::Close(b')')) => {
                    // A chain continued after a parenthesized wrapper is not modelled.
                    if let Paren::NotCall = self.paren(self.mate(j))? {
                        let mut k = j + 1;
                        while self.kind(k) == Some(K::P(b'!')) {
                            k += 1;
                        }
                        if matches!(self.kind(k), Some(K::P(b'.' | OPT_DOT))) {
                            return Err(Bail);
                        }
                    }
                    break;
                }
                _ => break,
            }
        }
        Ok(down)
    }

    /// The position class of the string whose first token is `first`.
    fn str_cx(&mut self, first: usize) -> R<Cx> {
        let tok = self.tok(first);
        if tok.k == K::Str && self.lx.strs[tok.aux as usize].jsx {
            return Ok(Cx::Neutral { maybe_type: false });
        }
        let is_tpl = tok.k == K::TplStart;
        let last = self.str_last(first);
        let next = self.kind(last + 1);
        let parent = tok.parent;
        // A quoted key of an object or object type.
        let keyed = matches!(next, Some(K::P(b':')))
            || (next == Some(K::P(b'?')) && self.kind(last + 2) == Some(K::P(b':')));
        if keyed && parent != NONE && self.kind(parent as usize) == Some(K::Open(b'{')) {
            match self.tok(parent as usize).tag {
                MATCH => return Err(Bail),
                TABLES => {
                    if is_tpl {
                        return Err(Bail);
                    }
                    if !self.tables_brace(parent as usize)? {
                        return Ok(Cx::Key);
                    }
                    self.key_start(first)?;
                    return Ok(Cx::TableKey);
                }
                _ => {}
            }
            if let Some(cx) = self.key(first, is_tpl)? {
                return Ok(cx);
            }
        }
        if let Some(cx) = self.tables_arg(first)? {
            return Ok(cx);
        }
        let Some(p) = self.prev(first) else {
            return Ok(Cx::Neutral { maybe_type: false });
        };
        // `'t' as any`, `'t' satisfies T`: the argument is still the string (a longer type
        // after `as` is not modelled where the string may be an argument).
        let mut after = last + 1;
        let may_be_arg = matches!(self.tok(p).k, K::Open(b'(') | K::P(b','));
        if self.kind(after) == Some(K::Ident)
            && matches!(self.text(after), "as" | "satisfies")
            && !self.lx.is_member(after)
        {
            if self.kind(after + 1) == Some(K::Ident)
                && matches!(self.kind(after + 2), Some(K::Close(b')') | K::P(b',')))
            {
                after += 2;
            } else if may_be_arg {
                return Err(Bail);
            }
        }
        let direct = matches!(self.kind(after), Some(K::Close(b')') | K::P(b',')));
        if self.tok(p).k == K::Open(b'(')
            && self.mate(p) == after
            && self
                .prev(p)
                .is_some_and(|q| matches!(self.kind(q), Some(K::Open(b'(') | K::P(b','))))
            && matches!(self.paren(p)?, Paren::NotCall)
        {
            // `f(('t'))`: a grouped argument, not modelled.
            return Err(Bail);
        }
        Ok(match self.tok(p).k {
            K::Open(b'(') => self.call_arg(p, true, direct)?,
            K::P(b',') => {
                if parent != NONE && self.kind(parent as usize) == Some(K::Open(b'(')) {
                    self.call_arg(parent as usize, false, direct)?
                } else {
                    Cx::Neutral { maybe_type: true }
                }
            }
            K::P(b':') => self.colon_value(p, first, is_tpl)?,
            K::Open(b'[') => match self.lookup(p, first, is_tpl)? {
                Cx::Neutral { .. } => self.index(p, first, is_tpl)?,
                cx => cx,
            },
            K::Ident if is_tpl => {
                // A tagged template: SQL when the tag is `sql` or `x.sql`.
                let w = self.text(p);
                if self.lx.is_member(p) {
                    if self.kind(p - 1) == Some(K::P(OPT_DOT)) {
                        return Err(Bail);
                    }
                    self.not_new(p - 1)?;
                    if w == "sql" {
                        Cx::Sink
                    } else {
                        Cx::Neutral { maybe_type: false }
                    }
                } else if matches!(w, "return" | "await" | "yield" | "throw" | "case") {
                    Cx::Neutral { maybe_type: false }
                } else if matches!(
                    w,
                    "typeof"
                        | "keyof"
                        | "extends"
                        | "as"
                        | "satisfies"
                        | "infer"
                        | "in"
                        | "of"
                        | "new"
                        | "type"
                        | "readonly"
                ) {
                    Cx::Neutral { maybe_type: true }
                } else if self.prev(p).is_some_and(|q| self.is_ident(q, "new")) {
                    return Err(Bail);
                } else if w == "sql" {
                    Cx::Sink
                } else {
                    Cx::Neutral { maybe_type: false }
                }
            }
            K::P(b'>') if is_tpl => return Err(Bail),
            K::P(b'=') => {
                let alias = self
                    .prev(p)
                    .and_then(|q| self.prev(q).map(|r| (q, r)))
                    .is_some_and(|(q, r)| {
                        matches!(self.kind(q), Some(K::Ident | K::P(b'>')))
                            && (self.is_ident(r, "type") || self.kind(q) == Some(K::P(b'>')))
                    });
                Cx::Neutral { maybe_type: alias }
            }
            K::P(AND_AND | OR_OR | NULLISH | b'+' | b';') | K::Close(b')') => {
                Cx::Neutral { maybe_type: false }
            }
            _ => Cx::Neutral { maybe_type: true },
        })
    }

    /// A quoted key (the string is followed by `:` in braces): `Key` when it starts a
    /// property, `None` for a conditional's branch or a `case` label, a bail otherwise.
    fn key(&self, first: usize, is_tpl: bool) -> R<Option<Cx>> {
        let p = self.prev(first).ok_or(Bail)?;
        let starts = match self.tok(p).k {
            K::Open(b'{') | K::P(b';' | b',') => true,
            K::P(b'?') => return Ok(None),
            K::Ident if self.is_ident(p, "case") => return Ok(None),
            K::Ident if self.is_ident(p, "readonly") => true,
            K::Close(_) | K::Ident | K::Str | K::Num | K::TplEnd => self.newline_between(p, first),
            _ => false,
        };
        if !starts || is_tpl {
            return Err(Bail);
        }
        Ok(Some(Cx::Key))
    }

    /// A string right after `[` that is not a `Tables` lookup: the index of a subscript or
    /// lookup type when `[` follows an operand, an array or tuple element otherwise.
    fn index(&self, open: usize, first: usize, is_tpl: bool) -> R<Cx> {
        let neutral = Cx::Neutral { maybe_type: true };
        let alone = self.str_last(first) + 1 == self.mate(open);
        let Some(p) = self.prev(open) else {
            return Ok(neutral);
        };
        let operand = match self.tok(p).k {
            K::Ident
                if self.lx.is_member(p)
                    || !is_keyword(self.text(p))
                    || matches!(self.text(p), "this" | "super") =>
            {
                true
            }
            K::Ident
                if matches!(
                    self.text(p),
                    "return"
                        | "typeof"
                        | "in"
                        | "of"
                        | "case"
                        | "yield"
                        | "await"
                        | "else"
                        | "do"
                        | "void"
                        | "delete"
                        | "throw"
                        | "instanceof"
                        | "keyof"
                        | "extends"
                        | "as"
                        | "satisfies"
                ) =>
            {
                false
            }
            K::Ident => return Err(Bail),
            K::Close(b')' | b']') | K::Str | K::TplEnd | K::Num | K::P(OPT_DOT) => true,
            K::Close(_) | K::P(b'>' | b'!') | K::JsxClose | K::Regex => return Err(Bail),
            _ => false,
        };
        if !operand || !alone {
            return Ok(neutral);
        }
        if is_tpl {
            return Err(Bail);
        }
        Ok(Cx::Index)
    }

    /// A string that is (`direct`) an argument of the call at `open`.
    fn call_arg(&self, open: usize, first_arg: bool, direct: bool) -> R<Cx> {
        let call = match self.paren(open)? {
            Paren::NotCall => return Ok(Cx::Neutral { maybe_type: true }),
            Paren::Call(c) => c,
        };
        let expr = Cx::Neutral { maybe_type: false };
        let Some(m) = call.method else {
            return Ok(expr);
        };
        if !direct {
            return Ok(expr);
        }
        let open = open as u32;
        Ok(match m {
            "query" | "unsafe" => Cx::Sink,
            "from" if first_arg => Cx::From {
                storage: self.is_storage(call.recv_end as usize)?,
            },
            "select" if first_arg => Cx::Select { call: open },
            "or" if first_arg => Cx::Or { call: open },
            f if first_arg && FILTERS.contains(&f) => Cx::Filter { call: open },
            _ => expr,
        })
    }

    /// A string after `:`: a pair value, a type annotation or a conditional's branch.
    fn colon_value(&self, colon: usize, first: usize, is_tpl: bool) -> R<Cx> {
        let neutral = Cx::Neutral { maybe_type: true };
        let Some(mut k) = self.prev(colon) else {
            return Ok(neutral);
        };
        if self.kind(k) == Some(K::P(b'?')) {
            k = k.checked_sub(1).ok_or(Bail)?;
        }
        let key = match self.tok(k).k {
            K::Ident => self.text(k),
            K::Str => match self.lx.str_value(k) {
                Some(v) => v,
                None => return Ok(neutral),
            },
            _ => return Ok(neutral),
        };
        let special = matches!(
            key,
            "referencedTable" | "foreignTable" | "table" | "referencedRelation"
        ) || RPC_SQL_KEYS.contains(&key);
        if key == "tableName" && !self.lx.is_member(k) {
            // Maybe a vector store's table (`new SupabaseVectorStore(e, { tableName })`).
            return Err(Bail);
        }
        if !special || self.lx.is_member(k) {
            return Ok(neutral);
        }
        if self
            .prev(k)
            .is_some_and(|q| self.kind(q) == Some(K::P(b'?')))
        {
            // `c ? table : '...'`
            return Ok(neutral);
        }
        let brace = self.tok(k).parent;
        if brace == NONE || self.kind(brace as usize) != Some(K::Open(b'{')) {
            return Err(Bail);
        }
        let brace = brace as usize;
        self.key_start(k)?;
        let last = self.str_last(first);
        let value_ends = matches!(self.kind(last + 1), Some(K::P(b',') | K::Close(b'}')));
        match key {
            "referencedRelation" => {
                if self.in_type_decl(brace)? != "Database" {
                    return Ok(neutral);
                }
                if is_tpl {
                    return Err(Bail);
                }
                match self.kind(last + 1) {
                    Some(K::P(b',' | b';') | K::Close(b'}')) => {}
                    Some(K::Ident | K::Str) if self.newline_between(last, last + 1) => {}
                    _ => return Err(Bail),
                }
                let other = |s: Option<&str>| s.is_some_and(|s| !super::is_rules_schema(s));
                if other(Some(self.schema_around(brace)?))
                    || other(self.member_string(brace, "referencedSchema")?)
                {
                    // Another schema's table: a mention, never a table string.
                    return Ok(Cx::Key);
                }
                Ok(Cx::Relation)
            }
            "referencedTable" | "foreignTable" => {
                if !value_ends {
                    return Ok(neutral);
                }
                let call = self.object_call(brace, 0)?;
                Ok(Cx::RefTable { call })
            }
            "table" => {
                if !value_ends {
                    return Ok(neutral);
                }
                Ok(Cx::Realtime(
                    self.object_arg_of(brace, "on", |v| v == "postgres_changes")?,
                ))
            }
            _ => {
                if !value_ends {
                    return Ok(neutral);
                }
                let rpc = self.object_arg_of(brace, "rpc", |v| {
                    let v = v.to_ascii_lowercase();
                    v.contains("sql") || v.contains("query")
                })?;
                Ok(if rpc {
                    Cx::Sink
                } else {
                    Cx::Neutral { maybe_type: false }
                })
            }
        }
    }

    /// For an object literal at `brace`: the call it is a direct argument of (its `(`), or
    /// `NONE` when it is an object literal elsewhere; a bail when it may be a type.
    fn object_call(&self, brace: usize, depth: usize) -> R<u32> {
        if depth > 32 {
            return Err(Bail);
        }
        let p = self.prev(brace).ok_or(Bail)?;
        let after = self.mate(brace) + 1;
        let is_arg = matches!(self.kind(after), Some(K::Close(b')') | K::P(b',')));
        match self.tok(p).k {
            K::Open(b'(') | K::P(b',') => {
                let paren = if self.tok(p).k == K::Open(b'(') {
                    p
                } else {
                    let par = self.tok(brace).parent;
                    if par == NONE || self.kind(par as usize) != Some(K::Open(b'(')) {
                        return Err(Bail);
                    }
                    par as usize
                };
                match self.paren(paren)? {
                    Paren::Call(_) if is_arg => Ok(paren as u32),
                    Paren::Call(_) => Ok(NONE),
                    Paren::NotCall if self.tok(p).k == K::Open(b'(') => Ok(NONE),
                    Paren::NotCall => Err(Bail),
                }
            }
            K::P(b'=') => {
                let q = self.prev(p).ok_or(Bail)?;
                let r = self.prev(q).ok_or(Bail)?;
                if self.kind(q) == Some(K::Ident)
                    && ["const", "let", "var"].iter().any(|w| self.is_ident(r, w))
                {
                    Ok(NONE)
                } else {
                    Err(Bail)
                }
            }
            K::Ident if self.is_ident(p, "return") => Ok(NONE),
            K::P(b':') => {
                let parent = self.tok(brace).parent;
                if parent == NONE || self.kind(parent as usize) != Some(K::Open(b'{')) {
                    return Err(Bail);
                }
                self.object_call(parent as usize, depth + 1)?;
                Ok(NONE)
            }
            _ => Err(Bail),
        }
    }

    /// The object at `brace` is the second argument of `.method(...)` whose first argument
    /// is a plain string accepted by `first`.
    fn object_arg_of(&self, brace: usize, method: &str, first: impl Fn(&str) -> bool) -> R<bool> {
        let p = self.prev(brace).ok_or(Bail)?;
        let after = self.mate(brace) + 1;
        if self.kind(p) != Some(K::P(b','))
            || !matches!(self.kind(after), Some(K::Close(b')') | K::P(b',')))
        {
            return Ok(false);
        }
        let paren = self.tok(brace).parent;
        if paren == NONE || self.kind(paren as usize) != Some(K::Open(b'(')) {
            return Ok(false);
        }
        let paren = paren as usize;
        let Paren::Call(call) = self.paren(paren)? else {
            return Ok(false);
        };
        if call.method != Some(method) {
            return Ok(false);
        }
        let a = paren + 1;
        if !matches!(self.kind(a), Some(K::Str | K::TplStart)) {
            return Ok(false);
        }
        // The first argument is that string alone, and the object comes right after it.
        if self.str_last(a) + 1 != p {
            return Ok(false);
        }
        Ok(self.lx.str_value(a).is_some_and(first))
    }

    /// A string right after `[`: the index of `X['Tables']['t']` is a type reference when
    /// the whole is a type.
    fn lookup(&self, open: usize, first: usize, is_tpl: bool) -> R<Cx> {
        let neutral = Cx::Neutral { maybe_type: true };
        let last = self.str_last(first);
        if self.kind(last + 1) != Some(K::Close(b']')) {
            return Ok(neutral);
        }
        let Some(p) = self.prev(open) else {
            return Ok(neutral);
        };
        if self.kind(p) != Some(K::Close(b']')) {
            return Ok(neutral);
        }
        let m = self.mate(p);
        if m + 2 != p
            || self.kind(m + 1) != Some(K::Str)
            || !matches!(self.lx.str_value(m + 1), Some("Tables" | "Views"))
        {
            return Ok(neutral);
        }
        let Some(obj) = self.prev(m) else {
            return Ok(neutral);
        };
        if !matches!(self.kind(obj), Some(K::Ident | K::Close(b']'))) {
            return Ok(neutral);
        }
        if is_tpl {
            return Err(Bail);
        }
        // `Database['other']['Tables']['t']` is another schema's table.
        if self.kind(obj) == Some(K::Close(b']')) {
            let open = self.mate(obj);
            if open + 2 == obj
                && self.kind(open + 1) == Some(K::Str)
                && self
                    .lx
                    .str_value(open + 1)
                    .is_some_and(|v| !super::is_rules_schema(v))
            {
                return Ok(Cx::Index);
            }
        }
        // Walk to the start of the indexed type and prove it is a type.
        let mut j = obj;
        for _ in 0..256 {
            match self.tok(j).k {
                K::Close(b']') => j = self.mate(j).checked_sub(1).ok_or(Bail)?,
                K::Ident => {
                    if self.lx.is_member(j) {
                        j = j.checked_sub(2).ok_or(Bail)?;
                    } else {
                        self.type_start(j)?;
                        return Ok(Cx::TypeRef);
                    }
                }
                _ => return Err(Bail),
            }
        }
        Err(Bail)
    }

    /// The type expression starting at token `start` is in a type position (else a bail).
    fn type_start(&self, start: usize) -> R<()> {
        let p = self.prev(start).ok_or(Bail)?;
        match self.tok(p).k {
            K::P(b'<' | b'|' | b'&') => Ok(()),
            K::Ident
                if !self.lx.is_member(p)
                    && matches!(
                        self.text(p),
                        "as" | "satisfies" | "extends" | "keyof" | "readonly" | "implements"
                    ) =>
            {
                Ok(())
            }
            K::P(b'=') => {
                let q = self.prev(p).ok_or(Bail)?;
                let r = self.prev(q).ok_or(Bail)?;
                if self.kind(q) == Some(K::Ident) && self.is_ident(r, "type") {
                    Ok(())
                } else {
                    Err(Bail)
                }
            }
            K::P(b':') => self.annotation(p),
            _ => Err(Bail),
        }
    }

    /// The `:` at `colon` starts a type annotation (not a pair value or a conditional).
    fn annotation(&self, colon: usize) -> R<()> {
        // No `?` of a conditional before it at the same level.
        let mut j = colon;
        for _ in 0..256 {
            let Some(q) = self.prev(j) else { break };
            let t = self.tok(q);
            match t.k {
                K::Open(_) | K::SubstOpen | K::JsxOpen | K::P(b';' | b',') => break,
                // `name?:` is optional, `a ? b : c` a conditional.
                K::P(b'?') if q + 1 != colon => return Err(Bail),
                _ => {}
            }
            j = match t.k {
                K::Close(_) | K::TplEnd | K::JsxClose | K::SubstClose => self.mate(q),
                _ => q,
            };
        }
        let level = self.tok(colon).parent;
        let k = self.prev(colon).ok_or(Bail)?;
        match self.tok(k).k {
            K::Close(b')') | K::P(b'?') => Ok(()),
            K::Ident | K::Str => {
                if self
                    .prev(k)
                    .is_some_and(|r| ["const", "let", "var"].iter().any(|w| self.is_ident(r, w)))
                {
                    return Ok(());
                }
                if level == NONE {
                    return Err(Bail);
                }
                match self.kind(level as usize) {
                    Some(K::Open(b'(')) => Ok(()),
                    Some(K::Open(b'{')) => self.in_type_decl(level as usize).map(|_| ()),
                    _ => Err(Bail),
                }
            }
            _ => Err(Bail),
        }
    }

    /// For a string inside the type arguments of `Tables<...>`, `TablesInsert<...>` or
    /// `TablesUpdate<...>`: a type reference or neutral, as `type_literal` decides.
    fn tables_arg(&mut self, first: usize) -> R<Option<Cx>> {
        if !self.lx.tables_ident {
            return Ok(None);
        }
        if self.targs.is_none() {
            self.targs = Some(self.tables_args()?);
        }
        let targs = self.targs.as_deref().unwrap_or_default();
        if targs
            .iter()
            .any(|&(lt, gt)| gt == NONE && (lt as usize) < first)
        {
            // After a `Tables<` whose arguments could not be delimited.
            return Err(Bail);
        }
        let Some(&(lt, gt)) = targs
            .iter()
            .rev()
            .find(|&&(lt, gt)| (lt as usize) < first && first < gt as usize)
        else {
            return Ok(None);
        };
        let (lt, gt) = (lt as usize, gt as usize);
        let is_tpl = self.kind(first) == Some(K::TplStart);
        // Split the arguments at commas outside brackets and nested type arguments; each
        // argument holding the string must be a union of plain strings.
        let mut args: Vec<(usize, usize)> = Vec::new();
        let mut depth = 0usize;
        let mut at_depth = None;
        let mut j = lt + 1;
        let mut arg_start = j;
        while j < gt {
            if j == first {
                at_depth = Some(depth);
            }
            match self.tok(j).k {
                K::P(b',') if depth == 0 => {
                    args.push((arg_start, j));
                    arg_start = j + 1;
                }
                K::P(b'<') => depth += 1,
                K::P(b'>') => depth = depth.checked_sub(1).ok_or(Bail)?,
                K::Open(_) | K::TplStart => j = self.mate(j),
                _ => {}
            }
            j += 1;
        }
        args.push((arg_start, gt));
        if at_depth != Some(0) || is_tpl {
            return Err(Bail);
        }
        let Some(idx) = args.iter().position(|&(s, e)| s <= first && first < e) else {
            return Err(Bail);
        };
        let (s, e) = args[idx];
        let union = (s..e).all(|k| matches!(self.tok(k).k, K::Str | K::P(b'|')))
            && (s + 1..e).all(|k| self.tok(k).k != self.tok(k - 1).k);
        if !union {
            return Err(Bail);
        }
        let mut other = false;
        let is_ref = match idx {
            0 => true,
            1 => {
                let (s0, e0) = args[0];
                let object = self.kind(s0) == Some(K::Open(b'{')) && self.mate(s0) + 1 == e0;
                other = object
                    && self
                        .member_string(s0, "schema")?
                        .is_some_and(|v| !super::is_rules_schema(v));
                object && !other
            }
            _ => false,
        };
        // `Tables<'t'>` must be a generic type: in a type position, not called.
        let mut start = lt - 1;
        while self.lx.is_member(start) {
            start = start.checked_sub(2).ok_or(Bail)?;
            if self.kind(start) != Some(K::Ident) {
                return Err(Bail);
            }
        }
        self.type_start(start)?;
        if matches!(self.kind(gt + 1), Some(K::Open(b'(') | K::TplStart)) {
            return Err(Bail);
        }
        Ok(Some(if is_ref {
            Cx::TypeRef
        } else if other {
            // Another schema's table: a mention, never a table string.
            Cx::Key
        } else {
            Cx::Neutral { maybe_type: true }
        }))
    }

    /// The `<`..`>` token pairs of every `Tables<`, `TablesInsert<`, `TablesUpdate<` with
    /// type arguments; `(lt, NONE)` when the list could not be delimited.
    fn tables_args(&self) -> R<Vec<(u32, u32)>> {
        let mut out = Vec::new();
        for (i, tok) in self.lx.toks.iter().enumerate() {
            if tok.k != K::Ident
                || !matches!(self.text(i), "Tables" | "TablesInsert" | "TablesUpdate")
                || self.kind(i + 1) != Some(K::P(b'<'))
            {
                continue;
            }
            // The declarations in a generated types file have type parameters.
            if self.prev(i).is_some_and(|p| {
                ["type", "interface", "class", "function"]
                    .iter()
                    .any(|w| self.is_ident(p, w))
            }) {
                continue;
            }
            let mut depth = 1usize;
            let mut j = i + 2;
            let mut end = NONE;
            for _ in 0..512 {
                match self.kind(j) {
                    Some(K::P(b'<')) => depth += 1,
                    Some(K::P(b'>')) => {
                        depth -= 1;
                        if depth == 0 {
                            end = j as u32;
                            break;
                        }
                    }
                    Some(K::Open(_) | K::TplStart | K::JsxOpen) => j = self.mate(j),
                    None | Some(K::Close(_) | K::P(b';' | b'=')) => break,
                    _ => {}
                }
                j += 1;
            }
            out.push(((i + 1) as u32, end));
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::findings::Site;

    /// Whole-word hits of `word` in any case, as the scanner reports them.
    fn hits(src: &str, word: &str) -> Vec<Hit> {
        let lower = src.to_ascii_lowercase();
        let b = src.as_bytes();
        let is_word = |i: Option<usize>| {
            i.and_then(|i| b.get(i))
                .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_')
        };
        lower
            .match_indices(word)
            .map(|(i, _)| i..i + word.len())
            .filter(|r| !is_word(r.start.checked_sub(1)) && !is_word(Some(r.end)))
            .map(|r| Hit {
                exact: &src[r.clone()] == word,
                span: r,
                table: 0,
            })
            .collect()
    }

    /// The fast path's answer, checked against tree-sitter's whenever it gives one.
    fn fast(src: &str, tsx: bool) -> Option<Vec<Option<Class>>> {
        let h = hits(src, "experts");
        let out = classify(src, tsx, &h);
        if let Some(out) = &out {
            assert_eq!(
                out,
                &crate::lang::typescript::classify(src, tsx, &h),
                "{src}"
            );
        }
        out
    }

    /// Declarations the fast path leaves to tree-sitter: type helpers, Drizzle tables, and
    /// type parameters it does not see closed within its bound; ordinary generics stay.
    #[test]
    fn declarations_that_need_tree_sitter_leave_the_fast_path() {
        let q = "const x = supabase.from('experts')\n";
        assert!(fast(
            &format!("type Row<T extends keyof Database['public']['Tables']> = T\n{q}"),
            false
        )
        .is_none());
        assert!(fast(
            &format!("export const t = pgTable('experts', {{}})\n{q}"),
            false
        )
        .is_none());
        let long = format!("type A<{}\n{q}", "B, ".repeat(400));
        assert!(fast(&long, false).is_none());
        assert!(fast(
            &format!("type A<B extends Map<string, Set<C>>> = B\n{q}"),
            false
        )
        .is_some());
    }

    const FROM: Option<Class> = Some(Class::new(Kind::FromCall));
    const TYPE: Option<Class> = Some(Class::new(Kind::TypeRef));
    const SQL: Option<Class> = Some(Class::new(Kind::Sql));
    const EMBED: Option<Class> = Some(Class::site(Kind::Postgrest, Site::Embed));
    const ALIASED: Option<Class> = Some(Class::site(Kind::Postgrest, Site::AliasedEmbed));
    const SPREAD: Option<Class> = Some(Class::site(Kind::Postgrest, Site::Spread));
    const TSTR: Option<Class> = Some(Class::new(Kind::TableString));

    #[test]
    fn comments_identifiers_and_jsx_text_are_mentions() {
        let src = "// experts\nconst experts = 1 /* Experts */\nconst a = <p title=\"x\">Don't list experts {experts}</p>\n";
        assert_eq!(
            fast(src, true),
            Some(vec![MENTION, MENTION, None, MENTION, MENTION])
        );
    }

    #[test]
    fn from_calls_and_storage_buckets() {
        let src = "supabase.from('experts')\nthis.client.from(\"experts\").select()\ngetClient().from(`experts`)\nsupabase.storage.from('experts')\nsupabase.from('experts-x')\nsupabase.schema('s').from('experts')\n";
        assert_eq!(
            fast(src, false),
            Some(vec![FROM, FROM, FROM, MENTION, MENTION, FROM])
        );
    }

    #[test]
    fn select_strings_and_filters_follow_the_chain() {
        let src = "supabase\n  .from('a')\n  .select(`\n    id, experts (name), e:experts(id), ...experts(x)\n  `)\n  .eq('experts.name', v)\n  .order('id', { referencedTable: 'experts' })\nquery.select('id, experts')\n";
        assert_eq!(
            fast(src, false),
            Some(vec![
                EMBED,
                ALIASED,
                SPREAD,
                Some(Class {
                    kind: Kind::Postgrest,
                    site: Site::FilterPath,
                    via_alias: true
                }),
                Some(Class {
                    kind: Kind::Postgrest,
                    site: Site::ReferencedTable,
                    via_alias: true
                }),
                MENTION
            ])
        );
    }

    // See: issue 20 item 8
    #[test]
    fn jsdoc_type_references_in_comments() {
        let tref = Some(Class::new(Kind::TypeRef));
        let src = "/**\n * The experts of a page.\n * @param {Database['public']['Tables']['experts']['Row'][]} rows\n * @returns {Tables<'experts'>}\n */\n/* @type {Database['public']['Tables']['experts']} */\n// @type {Tables<'experts'>}\n/** @type {Database['personal']['Tables']['experts']['Row']} */\nexport let x = null\n";
        assert_eq!(
            fast(src, true),
            Some(vec![MENTION, tref, tref, MENTION, MENTION, MENTION])
        );
    }

    // See: issue 20 item 3
    #[test]
    fn embeds_no_query_reads_and_computed_selects_go_to_the_parser() {
        // An embed outside a query's select string is an unresolved embed.
        let unresolved = Some(Class::new(Kind::UnresolvedEmbed));
        let src = "query.select('experts(name)')\nconst S = 'id, e:experts!inner(id)'\n";
        assert_eq!(fast(src, false), Some(vec![unresolved, unresolved]));
        // Select strings built in pieces: the parser follows them.
        for src in [
            "const C = ['id']\nsupabase.from('experts').select(C.join(','))\n",
            "supabase.from('experts').select('id, ' + x)\n",
        ] {
            assert_eq!(fast(src, false), None, "{src}");
        }
        // Prose against no parenthesis, and a column, stay with the fast path.
        let src = "const m = 'no experts (yet)'\nconst n = 'experts!'\nsupabase.from('a').select('experts')\n";
        assert_eq!(fast(src, false), Some(vec![MENTION, MENTION, MENTION]));
    }

    #[test]
    fn from_arguments_under_a_type_assertion() {
        let src = "supabase.from('experts' as any)\nsupabase.from(\"experts\" as const).select('id')\nsupabase.from('experts' satisfies TableName)\nsupabase.select('id, experts' as any)\nconst t = 'experts' as const\n";
        assert_eq!(
            fast(src, false),
            Some(vec![FROM, FROM, FROM, MENTION, TSTR])
        );
        let src = "supabase.from('a').select('id, experts(name)' as any)\n";
        assert_eq!(fast(src, true), Some(vec![EMBED]));
    }

    #[test]
    fn table_strings_keys_and_indexes() {
        let t = Some(Class::new(Kind::TableString));
        let src = "const [a, b] = useState('experts')\nconst l = ['x', 'experts']\nconst o = { 'experts': 1, table_name: 'experts' }\ntype C = 'a' | 'experts'\nrow['experts']\ntype R = Row['experts']\nthis['experts']\nconst q = c ? 'experts' : 'x'\nswitch (k) { case 'experts': break }\n";
        assert_eq!(
            fast(src, false),
            Some(vec![t, t, MENTION, t, t, MENTION, MENTION, MENTION, t, t])
        );
        assert_eq!(fast("<Tab value=\"experts\" />", true), Some(vec![t]));
    }

    #[test]
    fn names_that_may_flow_into_from_go_to_the_parser() {
        for src in [
            "const T = 'experts'\nsupabase.from(T)\n",
            "supabase.from(TABLES.experts)\n",
            "supabase.from(pick(experts))\n",
            "const t = `experts`\nsupabase.from(name)\n",
        ] {
            assert_eq!(fast(src, false), None, "{src}");
        }
        // A template with a hole in `.from(...)` is computed: no parse needed.
        let src = "supabase.from(`${p}.experts`)\nconst t = 'experts'\nsupabase.from('x')\n";
        assert_eq!(
            fast(src, false),
            Some(vec![
                Some(Class::new(Kind::DynamicFrom)),
                Some(Class::new(Kind::TableString))
            ])
        );
    }

    #[test]
    fn sql_in_strings_and_tagged_templates() {
        let src = "await pool.query('SELECT * FROM experts WHERE id = $1', [id])\nconst rows = await sql`select * from experts`\nconst q = `DELETE FROM experts`\nconst s = 'experts are here'\n";
        assert_eq!(fast(src, false), Some(vec![SQL, SQL, SQL, MENTION]));
    }

    #[test]
    fn type_references() {
        let src = "type A = Tables<'experts'>\nfunction f(row: TablesInsert<'a' | 'experts'>) {}\ntype B = Database['public']['Tables']['experts']['Row']\ntype C = Other<'experts'>\n";
        assert_eq!(fast(src, false), Some(vec![TYPE, TYPE, TYPE, TSTR]));
    }

    #[test]
    fn generated_types_keys() {
        let src = "export type Database = {\n  public: {\n    Tables: {\n      experts: {\n        Row: { experts: string }\n        Relationships: [\n          {\n            referencedRelation: \"experts\"\n          },\n        ]\n      }\n    }\n  }\n}\n";
        assert_eq!(fast(src, false), Some(vec![TYPE, MENTION, TYPE]));
    }

    #[test]
    fn realtime_filters() {
        let src = "supabase.channel('x').on('postgres_changes', { event: '*', table: 'experts' }, cb)\nsupabase.channel('x').on('broadcast', { table: 'experts' }, cb)\n";
        assert_eq!(
            fast(src, false),
            Some(vec![Some(Class::new(Kind::Realtime)), TSTR])
        );
    }

    #[test]
    fn doubtful_files_go_to_the_parser() {
        for (src, tsx) in [
            // `/` after `}`: regular expression or division.
            ("function f() {}\n/experts/.test(x)", false),
            // `.match({...})` keys are filter paths.
            (
                "supabase.from('a').select('*').match({ experts: 1 })",
                false,
            ),
            // A generic arrow function in TSX is no element.
            ("const f = <T,>(x: T) => 'experts'", true),
            // Unterminated string, template, comment.
            ("const a = 'experts", false),
            ("const a = `experts", false),
            ("/* experts", false),
            // Type arguments on the call.
            ("supabase.from<Row>('experts')", false),
            // A parenthesized receiver.
            ("(supabase.storage).from('experts')", false),
            // A grouped argument, a longer asserted type, type arguments naming the table.
            ("supabase.from(('experts'))", false),
            ("supabase.from(('experts' as any))", false),
            ("supabase.from('experts' as keyof DB)", false),
            ("supabase.from<'experts'>(name)", false),
            // `new` on a member call.
            ("new x.from('experts')", false),
        ] {
            assert_eq!(fast(src, tsx), None, "{src}");
        }
    }

    #[test]
    fn escapes_and_substitutions_keep_offsets() {
        let src =
            "const q = `SELECT ${a} FROM experts WHERE n = '\\x41'`\nconst t = 'it\\'s experts'\n";
        assert_eq!(fast(src, false), Some(vec![SQL, MENTION]));
    }

    /// Deterministic token soup: the fast path either gives up or agrees with tree-sitter.
    #[test]
    fn token_soup_agrees_or_gives_up() {
        let toks = [
            "experts",
            "Experts",
            "'",
            "\"",
            "`",
            "${",
            "}",
            "(",
            ")",
            ".",
            ",",
            "from",
            "select",
            "eq",
            "or",
            "!",
            ":",
            "<",
            ">",
            "[",
            "]",
            "{",
            "Tables",
            "Database",
            " ",
            "\n",
            "\\",
            "/*",
            "*/",
            "//",
            "/",
            "type",
            "=",
            "table",
            "on",
            "postgres_changes",
            "...",
            "storage",
            "referencedTable",
            "query",
            "sql",
            "SELECT ",
            "FROM ",
            "supabase",
            "x",
            "return",
            "div",
            "</",
        ];
        let mut seed: u64 = 7;
        let mut decided = 0;
        for round in 0..3000 {
            let mut src = String::new();
            for _ in 0..30 {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                src.push_str(toks[(seed >> 33) as usize % toks.len()]);
            }
            if fast(&src, round % 2 == 0).is_some() {
                decided += 1;
            }
        }
        assert!(decided > 100, "only {decided} soups decided");
    }
}
