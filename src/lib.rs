//! refscan: finds, rewrites and migrates references to renamed Postgres tables in a Supabase
//! monorepo. The binary in `main.rs` is a thin shell over these modules.

pub mod error;
pub mod findings;
pub mod lang;
pub mod postgrest;
pub mod rules;
pub mod sqltok;
