//! The PostgREST select-string, filter-path and logic-filter parsers over arbitrary text.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    refscan_fuzz::check_postgrest(&String::from_utf8_lossy(data));
});
