//! Shell scripts: the SQL, JavaScript, Python and shell code a script hands to `psql`,
//! `pg_dump`, `node`, `python` or `sh -c` (as an argument, a heredoc, a here-string or an
//! `echo` piped in) is classified as in a file of its own, at its bytes in the script.
//!
//! The reader is a small shell lexer, not a shell: it knows quoting, escapes, expansions,
//! comments, pipelines, command substitution and heredocs, which is what decides where the
//! embedded code is and which of its bytes are the script's own.

use std::path::Path;

use super::embed::{self, Piece};
use super::{Engine, Lang};
use crate::findings::{Class, Hit};

pub fn classify(engine: Engine, src: &str, hits: &[Hit]) -> Vec<Option<Class>> {
    if hits.is_empty() {
        return Vec::new();
    }
    embed::classify(engine, hits, &pieces(src), |c| c)
}

/// Whether a script's first line names a shell as its interpreter (`#!/bin/sh`,
/// `#!/usr/bin/env bash`).
pub fn has_shell_shebang(src: &str) -> bool {
    let Some(rest) = src.strip_prefix("#!") else {
        return false;
    };
    let line = rest.lines().next().unwrap_or("");
    let mut words = line.split_whitespace();
    let mut prog = words.next().map(basename);
    if prog == Some("env") {
        prog = words.find(|w| !w.starts_with('-')).map(basename);
    }
    prog.is_some_and(|p| matches!(p, "sh" | "bash" | "dash" | "ksh" | "zsh" | "ash"))
}

fn basename(word: &str) -> &str {
    Path::new(word)
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or(word)
}

/// Every embedded program of a script.
pub fn pieces(src: &str) -> Vec<Piece> {
    let mut lx = Lexer {
        src,
        b: src.as_bytes(),
        pos: 0,
        end: src.len(),
        pending: Vec::new(),
        pieces: Vec::new(),
        depth: 0,
    };
    lx.list(false);
    lx.pieces
}

/// A word as the shell sees it after quote removal, with the map back to the script.
struct Word {
    piece: Piece,
    /// Some part of it was quoted or escaped (a heredoc delimiter so written is literal).
    quoted: bool,
    /// It holds an expansion: its value is only known at run time.
    expands: bool,
}

impl Word {
    fn text(&self) -> &str {
        &self.piece.text
    }

    /// The word's text when it is known as written.
    fn plain(&self) -> Option<&str> {
        (!self.expands).then_some(self.text())
    }
}

/// What a command reads on standard input.
enum Stdin {
    /// A heredoc, by its index in [`Lexer::pending`].
    Heredoc(usize),
    /// A here-string, or the words of an `echo` piped into the next command.
    Text(Piece),
}

#[derive(Default)]
struct Command {
    words: Vec<Word>,
    stdin: Vec<Stdin>,
}

struct Heredoc {
    delim: String,
    strip_tabs: bool,
    quoted: bool,
    /// The language of the program that reads it, once its pipeline is known.
    lang: Option<Lang>,
}

struct Lexer<'a> {
    src: &'a str,
    b: &'a [u8],
    pos: usize,
    /// Where the text being read ends: the script, or a heredoc body.
    end: usize,
    /// Heredocs whose bodies start after the next newline.
    pending: Vec<Heredoc>,
    pieces: Vec<Piece>,
    /// Command substitutions `$(` open around the position.
    depth: usize,
}

/// How many `$(` deep commands are read as commands.
const MAX_SUBSTITUTION_DEPTH: usize = 64;

fn is_meta(b: u8) -> bool {
    matches!(
        b,
        b' ' | b'\t' | b'\n' | b';' | b'&' | b'|' | b'<' | b'>' | b'(' | b')'
    )
}

impl Lexer<'_> {
    fn peek(&self, ahead: usize) -> Option<u8> {
        let at = self.pos + ahead;
        (at < self.end).then(|| self.b[at])
    }

    /// Reads commands up to the end, or to the `)` that closes a command substitution.
    fn list(&mut self, nested: bool) {
        let mut pipeline: Vec<Command> = Vec::new();
        let mut cmd = Command::default();
        while let Some(c) = self.peek(0) {
            match c {
                b' ' | b'\t' | b'\r' => self.pos += 1,
                b'\\' if self.peek(1) == Some(b'\n') => self.pos += 2,
                b'#' => {
                    while self.peek(0).is_some_and(|c| c != b'\n') {
                        self.pos += 1;
                    }
                }
                b'\n' => {
                    self.pos += 1;
                    self.end_pipeline(&mut pipeline, &mut cmd);
                    self.heredoc_bodies();
                }
                b';' | b'&' if !(c == b'&' && self.peek(1) == Some(b'>')) => {
                    self.pos += 1;
                    self.end_pipeline(&mut pipeline, &mut cmd);
                }
                b'|' => {
                    self.pos += 1;
                    if self.peek(0) == Some(b'|') {
                        self.pos += 1;
                        self.end_pipeline(&mut pipeline, &mut cmd);
                    } else {
                        if self.peek(0) == Some(b'&') {
                            self.pos += 1;
                        }
                        pipeline.push(std::mem::take(&mut cmd));
                    }
                }
                b')' if nested => {
                    self.pos += 1;
                    self.end_pipeline(&mut pipeline, &mut cmd);
                    return;
                }
                b'(' | b')' => {
                    self.pos += 1;
                    self.end_pipeline(&mut pipeline, &mut cmd);
                }
                b'<' | b'>' | b'&' => self.redirect(&mut cmd),
                _ => {
                    let w = self.word();
                    // `2>&1`: the digits name a descriptor, not an argument.
                    let fd = matches!(self.peek(0), Some(b'<' | b'>'))
                        && w.text().bytes().all(|b| b.is_ascii_digit());
                    if !fd {
                        cmd.words.push(w);
                    }
                }
            }
        }
        self.end_pipeline(&mut pipeline, &mut cmd);
    }

    /// A redirection: a heredoc or here-string feeds the command; a file target is skipped.
    fn redirect(&mut self, cmd: &mut Command) {
        let rest = &self.b[self.pos..self.end];
        if rest.starts_with(b"<<<") {
            self.pos += 3;
            self.blanks();
            let w = self.word();
            cmd.stdin.push(Stdin::Text(w.piece));
            return;
        }
        if rest.starts_with(b"<<") {
            self.pos += 2;
            let strip_tabs = self.peek(0) == Some(b'-');
            if strip_tabs {
                self.pos += 1;
            }
            self.blanks();
            let w = self.word();
            cmd.stdin.push(Stdin::Heredoc(self.pending.len()));
            self.pending.push(Heredoc {
                delim: w.text().to_string(),
                strip_tabs,
                quoted: w.quoted,
                lang: None,
            });
            return;
        }
        // `>`, `>>`, `<`, `>&`, `<&`, `&>`, `>|`, `<>`: the target is a file or descriptor.
        while self
            .peek(0)
            .is_some_and(|c| matches!(c, b'<' | b'>' | b'&' | b'|'))
        {
            self.pos += 1;
        }
        self.blanks();
        if self.peek(0).is_some_and(|c| !is_meta(c)) {
            self.word();
        }
    }

    fn blanks(&mut self) {
        while matches!(self.peek(0), Some(b' ' | b'\t')) {
            self.pos += 1;
        }
    }

    /// One word, quotes removed, expansions replaced by placeholders; command substitutions
    /// in it are read as commands of their own.
    fn word(&mut self) -> Word {
        let mut w = Word {
            piece: Piece::new(Lang::Text),
            quoted: false,
            expands: false,
        };
        while let Some(c) = self.peek(0) {
            match c {
                _ if is_meta(c) => break,
                b'\'' => {
                    w.quoted = true;
                    self.pos += 1;
                    let start = self.pos;
                    while self.peek(0).is_some_and(|c| c != b'\'') {
                        self.pos += 1;
                    }
                    w.piece.literal(self.src, start..self.pos);
                    self.pos = (self.pos + 1).min(self.end);
                }
                b'"' => {
                    w.quoted = true;
                    self.pos += 1;
                    self.double_quoted(&mut w);
                }
                b'\\' => {
                    w.quoted = true;
                    self.pos += 1;
                    self.escaped(&mut w.piece);
                }
                b'$' if self.peek(1) == Some(b'\'') => {
                    w.quoted = true;
                    self.pos += 2;
                    self.ansi_c(&mut w.piece);
                }
                b'$' if self.peek(1) == Some(b'"') => self.pos += 1,
                b'$' | b'`' => {
                    if self.expansion(&mut w.piece) {
                        w.expands = true;
                    }
                }
                _ => {
                    let start = self.pos;
                    while self.peek(0).is_some_and(|c| {
                        !is_meta(c) && !matches!(c, b'\'' | b'"' | b'\\' | b'$' | b'`')
                    }) {
                        self.pos += 1;
                    }
                    w.piece.literal(self.src, start..self.pos);
                }
            }
        }
        w
    }

    /// After a backslash outside quotes: the next character stands for itself, a newline
    /// for nothing.
    fn escaped(&mut self, p: &mut Piece) {
        let Some(ch) = self.src[self.pos..self.end].chars().next() else {
            return;
        };
        self.pos += ch.len_utf8();
        if ch != '\n' {
            p.fixed(ch.encode_utf8(&mut [0; 4]));
        }
    }

    /// The inside of `"..."`, the opening quote read.
    fn double_quoted(&mut self, w: &mut Word) {
        let mut start = self.pos;
        while let Some(c) = self.peek(0) {
            match c {
                b'"' => break,
                b'\\' if matches!(self.peek(1), Some(b'$' | b'`' | b'"' | b'\\' | b'\n')) => {
                    w.piece.literal(self.src, start..self.pos);
                    self.pos += 1;
                    self.escaped(&mut w.piece);
                    start = self.pos;
                }
                b'\\' => self.pos += 2.min(self.end - self.pos),
                b'$' | b'`' => {
                    w.piece.literal(self.src, start..self.pos);
                    if self.expansion(&mut w.piece) {
                        w.expands = true;
                    }
                    start = self.pos;
                }
                _ => self.pos += 1,
            }
        }
        w.piece.literal(self.src, start..self.pos);
        self.pos = (self.pos + 1).min(self.end);
    }

    /// The inside of `$'...'`, the opening read: escapes are decoded, the rest is literal.
    fn ansi_c(&mut self, p: &mut Piece) {
        let mut start = self.pos;
        while let Some(c) = self.peek(0) {
            match c {
                b'\'' => break,
                b'\\' => {
                    p.literal(self.src, start..self.pos);
                    self.pos += 1;
                    let Some(e) = self.src[self.pos..self.end].chars().next() else {
                        break;
                    };
                    self.pos += e.len_utf8();
                    let decoded = match e {
                        'n' => '\n',
                        't' => '\t',
                        'r' => '\r',
                        // Numeric and other escapes stand for characters the SQL or code
                        // around them does not need to see.
                        'a' | 'b' | 'e' | 'E' | 'f' | 'v' | 'x' | 'u' | 'U' | 'c' | '0'..='7' => {
                            ' '
                        }
                        other => other,
                    };
                    p.fixed(decoded.encode_utf8(&mut [0; 4]));
                    start = self.pos;
                }
                _ => self.pos += 1,
            }
        }
        p.literal(self.src, start..self.pos);
        self.pos = (self.pos + 1).min(self.end);
    }

    /// At a `$` or backquote: an expansion is read (a command substitution as commands) and
    /// a placeholder appended; `false` when the `$` stands for itself.
    fn expansion(&mut self, p: &mut Piece) -> bool {
        let c = self.b[self.pos];
        if c == b'`' {
            self.pos += 1;
            while let Some(c) = self.peek(0) {
                self.pos += 1;
                match c {
                    b'\\' => self.pos = (self.pos + 1).min(self.end),
                    b'`' => break,
                    _ => {}
                }
            }
            p.expansion();
            return true;
        }
        match self.peek(1) {
            Some(b'(') if self.peek(2) == Some(b'(') => {
                self.pos += 1;
                self.balanced(b'(', b')');
            }
            Some(b'(') if self.depth < MAX_SUBSTITUTION_DEPTH => {
                self.pos += 2;
                self.depth += 1;
                self.list(true);
                self.depth -= 1;
            }
            // Deeper than any script nests: stepped over, not read as commands, so that the
            // recursion stays bounded whatever the file.
            Some(b'(') => {
                self.pos += 1;
                self.balanced(b'(', b')');
            }
            Some(b'{') => {
                self.pos += 1;
                self.balanced(b'{', b'}');
            }
            Some(c) if c.is_ascii_alphabetic() || c == b'_' => {
                self.pos += 1;
                while self
                    .peek(0)
                    .is_some_and(|c| c.is_ascii_alphanumeric() || c == b'_')
                {
                    self.pos += 1;
                }
            }
            Some(c) if c.is_ascii_digit() || b"@*#?$!-".contains(&c) => self.pos += 2,
            _ => {
                p.literal(self.src, self.pos..self.pos + 1);
                self.pos += 1;
                return false;
            }
        }
        p.expansion();
        true
    }

    /// Steps over a bracketed expansion (`${...}`, `$((...))`), at its opening bracket.
    fn balanced(&mut self, open: u8, close: u8) {
        let mut depth = 0usize;
        while let Some(c) = self.peek(0) {
            self.pos += 1;
            match c {
                b'\\' => self.pos = (self.pos + 1).min(self.end),
                b'\'' if open == b'{' => {
                    while self.peek(0).is_some_and(|c| c != b'\'') {
                        self.pos += 1;
                    }
                    self.pos = (self.pos + 1).min(self.end);
                }
                _ if c == open => depth += 1,
                _ if c == close => {
                    depth -= 1;
                    if depth == 0 {
                        return;
                    }
                }
                _ => {}
            }
        }
    }

    /// At a newline: the bodies of the heredocs opened on the line just ended, in order.
    fn heredoc_bodies(&mut self) {
        for doc in std::mem::take(&mut self.pending) {
            let start = self.pos;
            let mut body_end = self.end;
            let mut after = self.end;
            let mut line = start;
            while line < self.end {
                let nl = memchr::memchr(b'\n', &self.b[line..self.end]).map(|i| line + i);
                let line_end = nl.unwrap_or(self.end);
                let mut text = &self.src[line..line_end];
                text = text.strip_suffix('\r').unwrap_or(text);
                if doc.strip_tabs {
                    text = text.trim_start_matches('\t');
                }
                if text == doc.delim {
                    body_end = line;
                    after = nl.map_or(self.end, |n| n + 1);
                    break;
                }
                line = nl.map_or(self.end, |n| n + 1);
            }
            let piece = if doc.quoted {
                let mut p = Piece::new(Lang::Text);
                p.literal(self.src, start..body_end);
                p
            } else {
                self.unquoted_body(start..body_end)
            };
            self.pos = after;
            if let Some(lang) = doc.lang {
                self.pieces.push(piece.in_lang(lang));
            }
        }
    }

    /// An unquoted heredoc body: expansions and `\$`, `` \` ``, `\\` escapes as in double
    /// quotes (a `\"` stays as written).
    fn unquoted_body(&mut self, range: std::ops::Range<usize>) -> Piece {
        let saved_end = self.end;
        self.end = range.end;
        self.pos = range.start;
        let mut p = Piece::new(Lang::Text);
        let mut start = self.pos;
        while let Some(c) = self.peek(0) {
            match c {
                b'\\' if matches!(self.peek(1), Some(b'$' | b'`' | b'\\' | b'\n')) => {
                    p.literal(self.src, start..self.pos);
                    self.pos += 1;
                    self.escaped(&mut p);
                    start = self.pos;
                }
                b'$' | b'`' => {
                    p.literal(self.src, start..self.pos);
                    self.expansion(&mut p);
                    start = self.pos;
                }
                _ => self.pos += 1,
            }
        }
        p.literal(self.src, start..self.pos);
        self.end = saved_end;
        p
    }

    fn end_pipeline(&mut self, pipeline: &mut Vec<Command>, cmd: &mut Command) {
        pipeline.push(std::mem::take(cmd));
        let cmds = std::mem::take(pipeline);
        let tools: Vec<Tool> = cmds.iter().map(tool_of).collect();
        for (i, c) in cmds.iter().enumerate() {
            for p in &tools[i].args {
                self.pieces.push(p.clone());
            }
            // What a command reads goes through `cat` to the next one in the pipeline; what
            // `echo` writes, to the next one.
            let reader = |mut j: usize| {
                while tools[j].passes_stdin && j + 1 < cmds.len() {
                    j += 1;
                }
                tools[j].stdin
            };
            let own = c.stdin.iter().map(|s| (s, reader(i)));
            let next = (i + 1 < cmds.len()).then(|| reader(i + 1)).flatten();
            let echoed = tools[i].echoed.iter().map(|s| (s, next));
            for (s, lang) in own.chain(echoed) {
                match s {
                    Stdin::Heredoc(k) => {
                        if let Some(doc) = self.pending.get_mut(*k) {
                            doc.lang = lang;
                        }
                    }
                    Stdin::Text(p) => {
                        if let Some(lang) = lang {
                            let mut p = p.clone();
                            p.lang = lang;
                            self.pieces.push(p);
                        }
                    }
                }
            }
        }
    }
}

/// What one command of a pipeline does with code.
#[derive(Default)]
struct Tool {
    /// Programs given as arguments (`psql -c`, `node -e`, a `pg_dump -t` pattern).
    args: Vec<Piece>,
    /// The language it reads standard input as.
    stdin: Option<Lang>,
    /// It copies standard input to standard output (`cat` without files).
    passes_stdin: bool,
    /// An `echo`: its words become the next command's standard input.
    echoed: Vec<Stdin>,
}

/// Options of each program that take a value (the next word, or the rest of the word).
const PSQL_VALUES: &str = "cdfhLoPpRTUvF";
const PG_DUMP_VALUES: &str = "dEfFhjnNpStTUZ";
const NODE_VALUES: &[&str] = &[
    "-r",
    "--require",
    "--import",
    "--loader",
    "--input-type",
    "-C",
    "--conditions",
];

fn tool_of(cmd: &Command) -> Tool {
    let mut t = Tool::default();
    let words = &cmd.words;
    // Assignments and wrappers (`sudo`, `env`, `docker exec db`) come before the program:
    // the first word naming a known program is it.
    let first = words
        .iter()
        .position(|w| !w.text().contains('=') || w.text().starts_with('-'));
    let Some(first) = first else {
        return t;
    };
    if matches!(words[first].text(), "echo" | "printf" | "which" | "type") {
        if words[first].text() == "echo" {
            let args: Vec<&Word> = words[first + 1..]
                .iter()
                .skip_while(|w| matches!(w.text(), "-n" | "-e" | "-E" | "-ne" | "-en"))
                .collect();
            if let [only] = args.as_slice() {
                t.echoed.push(Stdin::Text(only.piece.clone()));
            }
        }
        return t;
    }
    let Some(k) = (first..words.len()).find(|&i| program(words[i].text()).is_some()) else {
        return t;
    };
    let args = &words[k + 1..];
    match program(words[k].text()) {
        Some(Program::Psql) => {
            t.stdin = Some(Lang::Sql);
            short_and_long(args, PSQL_VALUES, &mut |opt, value| match (opt, value) {
                ("c" | "--command", Some(v)) => {
                    t.args.push(with_lang(v, Lang::Sql));
                    t.stdin = None;
                }
                ("f" | "--file", Some(v)) if v.text() != "-" => t.stdin = None,
                _ => {}
            });
        }
        Some(Program::PgDump) => {
            short_and_long(args, PG_DUMP_VALUES, &mut |opt, value| {
                let table = matches!(
                    opt,
                    "t" | "T"
                        | "--table"
                        | "--exclude-table"
                        | "--exclude-table-data"
                        | "--table-and-children"
                        | "--exclude-table-and-children"
                        | "--exclude-table-data-and-children"
                );
                if let (true, Some(v)) = (table, value) {
                    // A pattern with wildcards matches other tables too: not one table's name.
                    if !v.text().contains(['*', '?', '[']) {
                        let mut p = Piece::new(Lang::Sql);
                        p.fixed("TABLE ");
                        p.append(&v.piece);
                        t.args.push(p);
                    }
                }
            });
        }
        Some(Program::Node) => {
            t.stdin = Some(Lang::Tsx);
            let mut i = 0;
            while i < args.len() {
                let a = args[i].text();
                let (name, inline) = a.split_once('=').map_or((a, None), |(n, v)| (n, Some(v)));
                if matches!(name, "-e" | "--eval" | "-p" | "--print") {
                    t.stdin = None;
                    if inline.is_none() {
                        if let Some(v) = args.get(i + 1) {
                            t.args.push(with_lang(v, Lang::Tsx));
                        }
                        i += 1;
                    }
                } else if NODE_VALUES.contains(&name) && inline.is_none() {
                    i += 1;
                } else if !a.starts_with('-') {
                    // A script: standard input is its data.
                    t.stdin = None;
                    break;
                }
                i += 1;
            }
        }
        Some(Program::Python) => {
            t.stdin = Some(Lang::Python);
            for (i, a) in args.iter().enumerate() {
                match a.text() {
                    "-c" => {
                        if let Some(v) = args.get(i + 1) {
                            t.args.push(with_lang(v, Lang::Python));
                        }
                        t.stdin = None;
                        break;
                    }
                    "-" => break,
                    "-m" => {
                        t.stdin = None;
                        break;
                    }
                    s if !s.starts_with('-') => {
                        t.stdin = None;
                        break;
                    }
                    _ => {}
                }
            }
        }
        Some(Program::Shell) => {
            t.stdin = Some(Lang::Shell);
            for (i, a) in args.iter().enumerate() {
                let s = a.text();
                if s.starts_with('-') && !s.starts_with("--") && s.ends_with('c') {
                    if let Some(v) = args.get(i + 1) {
                        t.args.push(with_lang(v, Lang::Shell));
                    }
                    t.stdin = None;
                    break;
                }
                if !s.starts_with('-') {
                    t.stdin = None;
                    break;
                }
            }
        }
        Some(Program::Cat) => {
            t.passes_stdin = args.iter().all(|a| a.text().starts_with('-'));
        }
        None => {}
    }
    t
}

fn with_lang(w: &Word, lang: Lang) -> Piece {
    w.piece.clone().in_lang(lang)
}

/// Walks `getopt`-style arguments: `-x`, clusters `-abc`, values in the next word or the rest
/// of the word (`-tAc SQL`, `-cSQL`), `--long VALUE`, `--long=VALUE`. `f` gets each option
/// (short ones without their dash) and its value word, if it takes one.
fn short_and_long(args: &[Word], short_values: &str, f: &mut dyn FnMut(&str, Option<&Word>)) {
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        let s = a.text();
        if let Some(long) = s.strip_prefix("--").filter(|l| !l.is_empty()) {
            if let Some((name, _)) = long.split_once('=') {
                let eq = 2 + name.len() + 1;
                let value = rest_of(a, eq);
                f(&s[..eq - 1], Some(&value));
            } else if takes_value(long) {
                f(s, args.get(i + 1));
                i += 1;
            } else {
                f(s, None);
            }
        } else if a.plain().is_some_and(|s| s.len() > 1 && s.starts_with('-')) {
            for (at, ch) in s.char_indices().skip(1) {
                if short_values.contains(ch) {
                    let opt = &s[at..at + ch.len_utf8()];
                    let rest = at + ch.len_utf8();
                    if rest < s.len() {
                        f(opt, Some(&rest_of(a, rest)));
                    } else {
                        f(opt, args.get(i + 1));
                        i += 1;
                    }
                    break;
                }
                f(&s[at..at + ch.len_utf8()], None);
            }
        }
        i += 1;
    }
}

/// The long options of psql and pg_dump that take a value in the next word.
fn takes_value(long: &str) -> bool {
    matches!(
        long,
        "command"
            | "file"
            | "dbname"
            | "host"
            | "port"
            | "username"
            | "set"
            | "variable"
            | "output"
            | "log-file"
            | "pset"
            | "table"
            | "exclude-table"
            | "exclude-table-data"
            | "table-and-children"
            | "exclude-table-and-children"
            | "exclude-table-data-and-children"
            | "schema"
            | "exclude-schema"
            | "format"
            | "jobs"
            | "encoding"
            | "role"
    )
}

/// A word from byte `at` of its text on, keeping the map to the script.
fn rest_of(w: &Word, at: usize) -> Word {
    let mut p = Piece::new(Lang::Text);
    p.append_from(&w.piece, at);
    Word {
        piece: p,
        quoted: w.quoted,
        expands: w.expands,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Program {
    Psql,
    PgDump,
    Node,
    Python,
    Shell,
    Cat,
}

fn program(word: &str) -> Option<Program> {
    let name = basename(word);
    Some(match name {
        "psql" => Program::Psql,
        "pg_dump" | "pg_restore" => Program::PgDump,
        "node" | "nodejs" | "bun" => Program::Node,
        "sh" | "bash" | "dash" | "zsh" | "ksh" => Program::Shell,
        "cat" => Program::Cat,
        _ if name == "python" || name.starts_with("python3") => Program::Python,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::findings::Kind;
    use crate::lang::embed::word_hits;

    /// The kind of each hit of `experts`, in order (`-` for no finding).
    fn kinds(src: &str) -> Vec<&'static str> {
        classify(Engine::Auto, src, &word_hits(src, "experts"))
            .into_iter()
            .map(|c| c.map_or("-", |c| c.kind.as_str()))
            .collect()
    }

    #[test]
    fn psql_command_strings_are_sql_in_every_quoting() {
        assert_eq!(kinds(r#"psql "$DB" -c "select * from experts""#), ["sql"]);
        assert_eq!(
            kinds("psql -tAc 'select count(*) from public.experts'"),
            ["sql"]
        );
        assert_eq!(kinds("psql --command='delete from experts'"), ["sql"]);
        assert_eq!(
            kinds("psql -v ON_ERROR_STOP=1 --command \"TRUNCATE experts\""),
            ["sql"]
        );
        // SQL quotes written as '\'' inside a single-quoted word.
        assert_eq!(
            kinds(r"psql -c 'select '\''experts'\''::regclass'"),
            ["sql"]
        );
        assert_eq!(kinds(r"psql -c $'select *\nfrom experts'"), ["sql"]);
        // Not SQL: a column, a comment, an echo, another program's argument.
        assert_eq!(kinds("psql -c 'select experts from t'"), ["mention"]);
        assert_eq!(kinds("# psql -c 'select * from experts'"), ["mention"]);
        assert_eq!(kinds("echo 'select * from experts'"), ["mention"]);
        assert_eq!(kinds("grep -c 'from experts' x.sql"), ["mention"]);
    }

    #[test]
    fn names_touching_an_expansion_are_mentions() {
        assert_eq!(kinds(r#"psql -c "select * from ${P}experts""#), ["mention"]);
        assert_eq!(
            kinds(r#"psql -c "select * from experts$SUFFIX""#),
            ["mention"]
        );
        assert_eq!(
            kinds(r#"psql -c "select * from $SCHEMA.experts""#),
            ["mention"]
        );
        assert_eq!(
            kinds(r#"psql -c "select * from experts where id = $ID""#),
            ["sql"]
        );
        let doc =
            "psql <<SQL\nselect * from ${P}experts;\nselect * from experts where id = $1;\nSQL\n";
        assert_eq!(kinds(doc), ["mention", "sql"]);
    }

    #[test]
    fn heredocs_go_to_the_program_that_reads_them() {
        let quoted = "psql \"$DB\" <<'EOF'\nselect * from experts;\nEOF\necho experts\n";
        assert_eq!(kinds(quoted), ["sql", "mention"]);
        let tabs = "if true; then\n\tpsql <<-EOF\n\tupdate experts set x = 1;\n\tEOF\nfi\n";
        assert_eq!(kinds(tabs), ["sql"]);
        let piped = "cat <<SQL | docker exec -i db psql -U postgres\ndrop table experts;\nSQL\n";
        assert_eq!(kinds(piped), ["sql"]);
        let node = "node --input-type=module <<'JS'\nawait supabase.from('experts').select()\nJS\n";
        assert_eq!(kinds(node), ["from-call"]);
        // A script's standard input is its data; `cat` alone writes it out.
        let data = "node import.js <<EOF\nexperts\nEOF\ncat <<EOF\nselect * from experts\nEOF\n";
        assert_eq!(kinds(data), ["mention", "mention"]);
        let here = "psql <<< \"delete from experts\"\necho 'select 1 from experts' | psql\n";
        assert_eq!(kinds(here), ["sql", "sql"]);
        let subst =
            "n=$(psql -tA <<SQL\nselect count(*) from experts\nSQL\n)\necho \"$n experts\"\n";
        assert_eq!(kinds(subst), ["sql", "mention"]);
    }

    #[test]
    fn code_arguments_of_node_python_and_nested_shells() {
        assert_eq!(
            kinds(r#"node -e "supabase.from('experts').select('*')""#),
            ["from-call"]
        );
        assert_eq!(
            kinds("python3 -c 'sb.table(\"experts\").select(\"*\")'"),
            ["from-call"]
        );
        assert_eq!(
            kinds("bash -lc \"psql -c 'select * from experts'\""),
            ["sql"]
        );
        assert_eq!(
            kinds("result=\"$(psql -tAc \"select 1 from experts\")\""),
            ["sql"]
        );
    }

    #[test]
    fn pg_dump_tables_are_sql_unless_a_pattern() {
        assert_eq!(
            kinds("pg_dump -t experts -t 'public.experts' \"$DB\""),
            ["sql", "sql"]
        );
        assert_eq!(
            kinds("pg_dump --table=experts --exclude-table-data experts"),
            ["sql", "sql"]
        );
        assert_eq!(
            kinds("pg_dump -t 'experts*' -t other.experts -n experts"),
            ["mention", "mention", "mention"]
        );
    }

    #[test]
    fn offsets_are_the_scripts_bytes_after_multibyte_text() {
        let src = "echo 'ünïcödé ✓'; psql -c \"select 'é' from experts\"\n";
        let hits = word_hits(src, "experts");
        let c = classify(Engine::Auto, src, &hits);
        assert_eq!(c[0].map(|c| c.kind), Some(Kind::Sql));
        assert_eq!(&src[hits[0].span.clone()], "experts");
    }

    #[test]
    fn shebangs_name_shells() {
        assert!(has_shell_shebang("#!/bin/bash\nset -e\n"));
        assert!(has_shell_shebang("#!/usr/bin/env -S bash -e\n"));
        assert!(has_shell_shebang("#!/bin/sh"));
        assert!(!has_shell_shebang("#!/usr/bin/env node\n"));
        assert!(!has_shell_shebang("# bash\n"));
    }
}
