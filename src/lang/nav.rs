//! The syntax node of each hit of a file, found in one forward pass over its tree-sitter
//! tree, and that node's ancestors.
//!
//! tree-sitter's `Node::descendant_for_byte_range` (from the root) and `Node::parent` both
//! go down from the root and scan the children of every node on the way: in a file of N
//! top-level statements each call costs O(N), so asking them for every hit made a file of N
//! hits cost O(N²). Hits come in file order, so one cursor moving forward through the tree
//! finds them all for the price of one walk, and the path from the root to the cursor answers
//! `parent` for every ancestor of the current hit's node.

use std::collections::HashMap;

use tree_sitter::{Node, TreeCursor};

pub(crate) struct Nav<'t> {
    root: Node<'t>,
    cursor: TreeCursor<'t>,
    /// The cursor's node and its ancestors, root first.
    path: Vec<Node<'t>>,
    /// The position of each node of `path` in it, by node id.
    at: HashMap<usize, usize>,
    /// The cursor came back up to its node: its children all end before the last hit.
    exhausted: bool,
    /// Start of the last range asked: a range before it restarts from the root.
    last: usize,
}

impl<'t> Nav<'t> {
    pub(crate) fn new(root: Node<'t>) -> Nav<'t> {
        let mut nav = Nav {
            root,
            cursor: root.walk(),
            path: Vec::new(),
            at: HashMap::new(),
            exhausted: false,
            last: 0,
        };
        nav.restart();
        nav
    }

    fn restart(&mut self) {
        self.cursor.reset(self.root);
        self.path.clear();
        self.at.clear();
        self.push();
        self.exhausted = false;
    }

    fn push(&mut self) {
        let n = self.cursor.node();
        self.at.insert(n.id(), self.path.len());
        self.path.push(n);
    }

    fn pop(&mut self) {
        if let Some(n) = self.path.pop() {
            self.at.remove(&n.id());
        }
    }

    /// The cursor moved to a sibling: it replaces the path's last node.
    fn replace(&mut self) {
        self.pop();
        self.push();
    }

    /// The smallest node spanning `start..end`, as the root's `descendant_for_byte_range`
    /// finds it. Ranges asked in increasing order of start are found in one pass over the
    /// tree; after a call, [`Nav::parent`] answers for the node and all its ancestors.
    pub(crate) fn node_for(&mut self, start: usize, end: usize) -> Option<Node<'t>> {
        if start >= end {
            // Never a hit: tree-sitter's own rules for empty ranges.
            return self.root.descendant_for_byte_range(start, end);
        }
        if start < self.last {
            self.restart();
        }
        self.last = start;
        // Forward to the first node that does not end before the range.
        loop {
            if self.cursor.node().end_byte() > start {
                break;
            }
            if self.cursor.goto_next_sibling() {
                self.replace();
                self.exhausted = false;
            } else if self.cursor.goto_parent() {
                self.pop();
                self.exhausted = true;
            } else {
                break;
            }
        }
        let contains = |n: Node<'_>| n.start_byte() <= start && n.end_byte() >= end;
        let top = self.path.len() - 1;
        if self.exhausted || !contains(self.path[top]) {
            // The nodes before the cursor's end before the range and those after it start
            // after its start: the smallest node spanning it is the deepest ancestor that does.
            let k = (0..=top)
                .rev()
                .find(|&i| contains(self.path[i]))
                .unwrap_or(0);
            return Some(self.path[k]);
        }
        let mut ans = top;
        while self.cursor.goto_first_child() {
            self.push();
            while self.cursor.node().end_byte() <= start && self.cursor.goto_next_sibling() {
                self.replace();
            }
            if !contains(self.cursor.node()) {
                break;
            }
            ans = self.path.len() - 1;
        }
        self.exhausted = false;
        Some(self.path[ans])
    }

    /// `n.parent()`: from the path when `n` is the last node found or one of its ancestors
    /// (every node the classifiers climb from), else from tree-sitter.
    pub(crate) fn parent(&self, n: Node<'t>) -> Option<Node<'t>> {
        match self.at.get(&n.id()) {
            Some(&i) if self.path[i] == n => i.checked_sub(1).map(|p| self.path[p]),
            _ => {
                #[cfg(test)]
                SLOW_PARENTS.with(|c| c.set(c.get() + 1));
                n.parent()
            }
        }
    }
}

#[cfg(test)]
thread_local! {
    /// Parents asked of nodes off the path, which cost a walk from the root.
    pub(crate) static SLOW_PARENTS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(src: &str, ts: bool) {
        let mut parser = tree_sitter::Parser::new();
        let lang: tree_sitter::Language = if ts {
            tree_sitter_typescript::LANGUAGE_TYPESCRIPT.into()
        } else {
            tree_sitter_python::LANGUAGE.into()
        };
        parser.set_language(&lang).unwrap();
        let tree = parser.parse(src, None).unwrap();
        let root = tree.root_node();
        // Every word, in order, then a few out of order.
        let mut ranges = Vec::new();
        let b = src.as_bytes();
        let mut i = 0;
        while i < b.len() {
            if b[i].is_ascii_alphanumeric() || b[i] == b'_' {
                let s = i;
                while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
                    i += 1;
                }
                ranges.push(s..i);
            } else {
                ranges.push(i..i + 1);
                i += 1;
            }
        }
        let n = ranges.len();
        ranges.extend([n / 2, 0, n - 1, n / 3].map(|k| ranges[k].clone()));
        let mut nav = Nav::new(root);
        for r in ranges {
            let want = root.descendant_for_byte_range(r.start, r.end);
            let got = nav.node_for(r.start, r.end);
            assert_eq!(got, want, "{r:?} in {src:?}");
            let mut cur = got.unwrap();
            loop {
                let p = nav.parent(cur);
                assert_eq!(p, cur.parent(), "parent of {cur:?}");
                match p {
                    Some(p) => cur = p,
                    None => break,
                }
            }
        }
    }

    #[test]
    fn finds_the_node_tree_sitter_finds() {
        check(
            "const t = 'experts';\nawait supabase.from(t).select(`id, ${x} sources(id)`).eq('a', 1); // experts\n/* c */ type T = Tables<'experts' | 'x'>\nfunction f(a: 'x') { return [a, { b: `${a}` }] }\n",
            true,
        );
        check(
            "x = f\"{d['k']} experts\"\nr = supabase.table(\"experts\").select(\"id, sources(id)\")\n# experts\ndef f(a):\n    return cur.execute('''select * from experts''' \"x\")\n",
            false,
        );
        check("let = = ( } experts 'a", true);
        check("def (:\n  'x' experts", false);
    }
}
