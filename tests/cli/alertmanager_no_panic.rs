//! Property test: no alertmanager.yml, however mangled, makes the loader or the routing tree
//! panic, in any matcher mode (amtool 0.25 panics on some inputs; lookout must not).

use std::sync::OnceLock;

use lookout::config::alertmanager::config::load;
use lookout::config::alertmanager::matchers::ParseMode;
use lookout::config::alertmanager::route::Route;
use proptest::prelude::*;

/// Every configuration fixture.
fn seeds() -> &'static [String] {
    static SEEDS: OnceLock<Vec<String>> = OnceLock::new();
    SEEDS.get_or_init(|| {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/alertmanager");
        let mut paths = Vec::new();
        for dir in ["config-testdata", "inline", "routes", "cli-testdata"] {
            let entries = std::fs::read_dir(format!("{root}/{dir}")).expect("fixture dir");
            paths.extend(
                entries
                    .filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|p| p.extension().is_some_and(|x| x == "yml")),
            );
        }
        paths.sort();
        paths
            .iter()
            .map(|p| std::fs::read_to_string(p).unwrap_or_default())
            .collect()
    })
}

fn pieces() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "{",
        "}",
        "[",
        "]",
        ":",
        "- ",
        "'",
        "\"",
        "|",
        "&a",
        "*a",
        "<<: *a",
        "#",
        "\n",
        "  ",
        "null",
        "~",
        "0",
        "-1",
        "1x",
        "é",
        "\u{0}",
        "http://",
        "[::1",
        "route:",
        "routes:",
        "- receiver: x",
        "receiver: ",
        "matchers: ['a=~(']",
        "match_re:",
        "group_by: ['...']",
        "continue: true",
        "receivers:",
        "- name: x",
        "email_configs:",
        "- ",
        "slack_configs:",
        "webhook_configs:",
        "url: ",
        "time_intervals:",
        "weekdays: ['monday:']",
        "times:",
        "location: ",
        "inhibit_rules:",
        "equal: [a]",
        "templates:",
        "http_config:",
        "smtp_smarthost: ",
        "{{",
        "}}",
    ])
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn loading_never_panics(text in crate::support::mangled(seeds(), pieces())) {
        for mode in [ParseMode::Classic, ParseMode::Utf8Strict, ParseMode::Fallback] {
            if let Ok(cfg) = load(&text, mode) {
                if let Some(root) = &cfg.route {
                    let _ = Route::new(root);
                }
            }
        }
    }
}
