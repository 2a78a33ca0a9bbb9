//! Fuzzes the dashboard loader and variable substitution: any input must give a dashboard
//! or an error, and every PromQL target must substitute without a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(dash) = lookout::grafana::load(text) {
            for panel in &dash.panels {
                for target in &panel.targets {
                    let _ = dash.resolve(panel, target);
                    if let Some((expr, _)) = &target.expr {
                        let sub = dash.substitute(expr);
                        let _ = sub.original_offset(sub.text.len());
                    }
                }
            }
        }
    }
});
