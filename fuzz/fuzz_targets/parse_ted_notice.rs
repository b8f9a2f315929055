//! libFuzzer target: the TED XML reader must never panic, whatever the bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = spp_ted::parse_notice(data);
});
