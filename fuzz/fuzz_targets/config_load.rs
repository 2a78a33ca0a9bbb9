//! Fuzzes the prometheus.yml loader: any input must give a configuration or an error.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = lookout::config::prometheus::load(text);
    }
});
