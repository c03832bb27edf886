//! Select strings a JS/TS file builds from pieces: the first argument of a query's
//! `.select(...)` that is no single string, followed through `+`, `[...].join(sep)` and the
//! file's `const` declarations to the literals it is made of (see [`crate::lang::select_parts`]).

use std::collections::HashMap;

use tree_sitter::Node;

use super::{
    chain, content_text, first_argument, has_children, is_string, method_of, text, unwrap_value,
    Flow,
};
use crate::lang::nav::Nav;
use crate::lang::select_parts::{Joined, Piece};

/// How deep constants may refer to constants: far beyond what code does, short of a loop.
const MAX_DEPTH: usize = 16;

/// The resolved select expressions of one file.
#[derive(Default)]
pub(super) struct Pieces {
    joined: Vec<Joined>,
    /// The select each literal is a piece of (the first one met), by the literal's start byte.
    by_literal: HashMap<usize, usize>,
    /// The select of each `.select(...)` call, by the call's start byte.
    by_call: HashMap<usize, usize>,
}

impl Pieces {
    /// Finds every query's `.select(x)` whose `x` is no single string and follows `x`.
    pub(super) fn new<'t>(
        src: &'t str,
        root: Node<'t>,
        is_query: impl Fn(&[Node<'t>]) -> bool,
    ) -> Pieces {
        let mut out = Pieces::default();
        if !src.contains("select") {
            return out;
        }
        let mut calls = Vec::new();
        let mut stack = vec![root];
        while let Some(n) = stack.pop() {
            if n.kind() == "call_expression"
                && method_of(src, n).is_some_and(|(m, _)| m == "select")
            {
                if let Some(arg) = first_argument(n).filter(|a| !is_string(unwrap_value(*a))) {
                    calls.push((n, arg));
                }
            }
            let mut c = n.walk();
            stack.extend(n.named_children(&mut c));
        }
        if calls.is_empty() {
            return out;
        }
        // Walked once, and only for a file that has such a select.
        let flow = Flow::new(src, root);
        // In file order, so that a literal shared by two selects belongs to the first, and so
        // that one forward walk finds each call's ancestors for its chain.
        calls.sort_by_key(|(n, _)| n.start_byte());
        let mut nav = Nav::new(root);
        for (call, arg) in calls {
            nav.node_for(call.start_byte(), call.end_byte());
            if !is_query(&chain(&nav, call)) {
                continue;
            }
            let mut lits = Vec::new();
            if !eval(src, &flow, arg, 0, &mut lits) {
                continue;
            }
            let id = out.joined.len();
            let mut parts = Vec::with_capacity(lits.len());
            for p in lits {
                match p {
                    Part::Lit(s) => {
                        let (at, t) = content_text(src, s);
                        out.by_literal.entry(s.start_byte()).or_insert(id);
                        parts.push(Piece {
                            at: Some(at),
                            text: t.into_owned(),
                        });
                    }
                    Part::Sep(s) => parts.push(Piece {
                        at: None,
                        text: content_text(src, s).1.into_owned(),
                    }),
                    Part::Comma => parts.push(Piece {
                        at: None,
                        text: ",".to_string(),
                    }),
                }
            }
            out.joined.push(Joined::new(parts));
            out.by_call.insert(call.start_byte(), id);
        }
        out
    }

    /// The select the string `s` is a piece of.
    pub(super) fn of_literal(&self, s: Node<'_>) -> Option<&Joined> {
        self.by_literal
            .get(&s.start_byte())
            .map(|&i| &self.joined[i])
    }

    /// The select a `.select(...)` call's computed argument resolves to.
    pub(super) fn of_call(&self, call: Node<'_>) -> Option<&Joined> {
        self.by_call
            .get(&call.start_byte())
            .map(|&i| &self.joined[i])
    }
}

enum Part<'t> {
    /// A literal whose content is part of the select string.
    Lit(Node<'t>),
    /// A `.join(sep)` separator's literal: text of the select, but no piece a hit is judged in.
    Sep(Node<'t>),
    /// The `,` of `.join()` without an argument.
    Comma,
}

/// Appends the pieces of expression `n` to `out`; false when some part is not known.
fn eval<'t>(
    src: &'t str,
    flow: &Flow<'t>,
    n: Node<'t>,
    depth: usize,
    out: &mut Vec<Part<'t>>,
) -> bool {
    if depth > MAX_DEPTH {
        return false;
    }
    let n = unwrap_value(n);
    match n.kind() {
        "string" | "template_string" => {
            if has_children(n, "template_substitution") {
                return false;
            }
            out.push(Part::Lit(n));
            true
        }
        "binary_expression" => {
            let op = n.child_by_field_name("operator").map(|o| text(src, o));
            let (Some("+"), Some(l), Some(r)) = (
                op,
                n.child_by_field_name("left"),
                n.child_by_field_name("right"),
            ) else {
                return false;
            };
            eval(src, flow, l, depth + 1, out) && eval(src, flow, r, depth + 1, out)
        }
        "identifier" => match flow.const_value(src, n) {
            Some(v) => eval(src, flow, v, depth + 1, out),
            None => false,
        },
        "call_expression" => {
            let Some(("join", receiver)) = method_of(src, n) else {
                return false;
            };
            let Some(args) = n.child_by_field_name("arguments") else {
                return false;
            };
            let mut c = args.walk();
            let args: Vec<Node<'t>> = args
                .named_children(&mut c)
                .filter(|a| a.kind() != "comment")
                .collect();
            let sep = match args.as_slice() {
                [] => None,
                [s] if is_string(*s) && !has_children(*s, "template_substitution") => Some(*s),
                _ => return false,
            };
            let mut elems = Vec::new();
            if !array(src, flow, receiver, depth + 1, &mut elems) {
                return false;
            }
            for (i, e) in elems.into_iter().enumerate() {
                if i > 0 {
                    out.push(sep.map_or(Part::Comma, Part::Sep));
                }
                if !eval(src, flow, e, depth + 1, out) {
                    return false;
                }
            }
            true
        }
        _ => false,
    }
}

/// The elements of array expression `n`: an array literal, or a constant holding one.
fn array<'t>(
    src: &'t str,
    flow: &Flow<'t>,
    n: Node<'t>,
    depth: usize,
    out: &mut Vec<Node<'t>>,
) -> bool {
    if depth > MAX_DEPTH {
        return false;
    }
    let n = unwrap_value(n);
    match n.kind() {
        "array" => {
            let mut c = n.walk();
            for e in n.named_children(&mut c).filter(|e| e.kind() != "comment") {
                out.push(e);
            }
            true
        }
        "identifier" => match flow.const_value(src, n) {
            Some(v) => array(src, flow, v, depth + 1, out),
            None => false,
        },
        _ => false,
    }
}
