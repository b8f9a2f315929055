//! libFuzzer target: `parse_notice` must return Ok or Err on any input, never panic.
//! Run: `cargo +nightly fuzz run parse_notice --features libfuzzer -- -max_total_time=300`
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = spp_eforms::parse_notice(data);
});
