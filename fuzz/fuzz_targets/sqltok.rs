//! The SQL tokenizer over arbitrary text and arbitrary sub-ranges of it.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Two bytes pick a sub-range (as a dollar body or a string's content is tokenized); the
    // rest is the text.
    let (a, b, rest) = match data {
        [a, b, rest @ ..] => (*a as usize, *b as usize, rest),
        _ => (0, 0, data),
    };
    let src = String::from_utf8_lossy(rest);
    refscan_fuzz::check_tokenizer(&src, 0..src.len());
    let (lo, hi) = (a * src.len() / 255, b * src.len() / 255);
    refscan_fuzz::check_tokenizer(&src, lo..hi);
});
