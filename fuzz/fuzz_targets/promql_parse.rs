//! Any bytes into the PromQL parser: no panic, and whatever parses must print to a string that
//! parses again to the same canonical form.

#![no_main]

use libfuzzer_sys::fuzz_target;
use lookout::promql::{self, Features};

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else {
        return;
    };
    for features in [Features::all(), Features::none()] {
        let Ok(expr) = promql::parse(input, features) else {
            continue;
        };
        let canonical = expr.to_string();
        let pretty = promql::prettify(&expr);
        // Printing is only useful if the output reads back; a failure here is a printer or
        // parser bug, so it must crash the target.
        match promql::parse(&canonical, features) {
            Ok(again) => assert_eq!(
                again.to_string(),
                canonical,
                "canonical form is not a fixpoint for input {input:?}"
            ),
            Err(e) => panic!(
                "canonical form {canonical:?} of {input:?} does not parse: {}",
                e.display(&canonical)
            ),
        }
        if let Err(e) = promql::parse(&pretty, features) {
            panic!(
                "prettified form {pretty:?} of {input:?} does not parse: {}",
                e.display(&pretty)
            );
        }
    }
});
