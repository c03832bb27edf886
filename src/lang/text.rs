//! Files refscan does not parse (Markdown, shell, config): every exact hit is a mention.

use crate::findings::{Class, Hit};

pub fn classify(hits: &[Hit]) -> Vec<Option<Class>> {
    hits.iter()
        .map(|h| h.exact.then_some(Class::MENTION))
        .collect()
}
