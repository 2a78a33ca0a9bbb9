//! Property test: no prometheus.yml, however mangled, makes the configuration loader panic.

use std::sync::OnceLock;

use proptest::prelude::*;

/// The configuration fixtures.
fn seeds() -> &'static [String] {
    static SEEDS: OnceLock<Vec<String>> = OnceLock::new();
    SEEDS.get_or_init(|| {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/config");
        let mut paths: Vec<_> = std::fs::read_dir(dir)
            .expect("fixture dir")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "yml"))
            .collect();
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
        "!!binary ",
        "!!str",
        "#",
        "\n",
        "  ",
        "\t",
        "null",
        "~",
        "0",
        "-1",
        "1e9999",
        "15s",
        "1x",
        "é",
        "\u{0}",
        "http://",
        "[::1",
        "scrape_configs:",
        "- job_name: x",
        "static_configs:",
        "relabel_configs:",
        "action: hashmod",
        "regex: (",
        "kubernetes_sd_configs:",
        "role: pod",
        "selectors:",
        "remote_write:",
        "url: ",
        "queue_config:",
        "tls_config:",
        "basic_auth:",
        "oauth2:",
        "body_size_limit: ",
        "external_labels:",
    ])
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]

    #[test]
    fn loading_never_panics(text in crate::support::mangled(seeds(), pieces())) {
        let _ = lookout::config::prometheus::load(&text);
    }
}
