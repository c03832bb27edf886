//! Python (supabase-py, DB-API cursors): classification with tree-sitter.

use crate::findings::{Class, Hit};

pub fn classify(_src: &str, hits: &[Hit]) -> Vec<Option<Class>> {
    super::text::classify(hits)
}
