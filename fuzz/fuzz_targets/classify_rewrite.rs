//! Classify-then-rewrite of arbitrary TypeScript, TSX, SQL and Python text, then the reverse
//! rewrite: spans valid, edits ordered, and the input given back.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let (lang, style) = refscan_fuzz::lang_and_style(first);
    refscan_fuzz::check_round_trip(lang, &String::from_utf8_lossy(rest), style);
});
