//! A PostgreSQL tokenizer: identifiers, quoted identifiers, strings, dollar-quoted bodies and
//! comments, with byte spans.
