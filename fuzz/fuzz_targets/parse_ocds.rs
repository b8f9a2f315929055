//! libFuzzer target: the OCDS reader and the streaming splitter must never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = spp_ocds::read_document(data);
    let _ = spp_ocds::looks_like_ocds(data);
    let mut each = |_| std::ops::ControlFlow::Continue(());
    let _ = spp_ocds::split::document(data, 1 << 20, &mut each);
    let _ = spp_ocds::split::lines(data, 1 << 20, &mut each);
});
