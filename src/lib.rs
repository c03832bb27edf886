//! refscan: finds, rewrites and migrates references to renamed Postgres tables in a Supabase
//! monorepo. The binary in `main.rs` is a thin shell over these modules.

pub mod apply_gate;
pub mod baseline;
pub mod check;
pub mod cli;
pub mod command;
pub mod commands;
pub mod compat_types;
pub mod edit_record;
pub mod error;
pub mod findings;
pub mod gen_types;
pub mod grants;
pub mod init;
pub mod interrupt;
pub mod keywords;
pub mod lang;
pub mod lint;
pub mod merge;
pub mod messages;
pub mod migrate;
pub mod own_output;
pub mod plan_view;
pub mod postgrest;
pub mod print;
pub mod project;
pub mod readiness;
pub mod report;
pub mod rewrite;
pub mod rules;
pub mod scan;
pub mod selected_fields;
pub mod shard;
pub mod shell;
pub mod sqltok;
