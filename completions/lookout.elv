
use builtin;
use str;

set edit:completion:arg-completer[lookout] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'lookout'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'lookout'= {
            cand --enable-feature 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand check 'Validate files and expressions'
            cand promql 'Work with PromQL expressions'
            cand test 'Run tests'
            cand tsdb 'Read Prometheus TSDB data directories'
            cand query 'Query PromQL against a Prometheus-compatible server or a TSDB data directory'
            cand relabel 'Show step by step what a scrape job''s relabeling does to a label set'
            cand grade 'Score challenge repositories (the "Monitoring Stack" challenge and its siblings)'
            cand alertmanager 'Alertmanager''s configuration, templates and API (amtool''s job)'
            cand completions 'Print a shell completion script to standard output'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'lookout;check'= {
            cand --enable-feature 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand promql 'Check PromQL expressions for syntax and type errors'
            cand rules 'Check rule files like `promtool check rules`'
            cand config 'Check prometheus.yml files like `promtool check config`'
            cand web-config 'Check web configuration files (TLS and basic auth of Prometheus''s and exporters'' servers) like `promtool check web-config`'
            cand metrics 'Lint metrics in the Prometheus text exposition format, read from standard input, like `promtool check metrics` (e.g. `curl -s host:9100/metrics | lookout check metrics`)'
            cand dashboards 'Check Grafana dashboards: JSON syntax, datasource references, template variables and every PromQL query after variable substitution; lint them with dashboard-linter''s rules'
            cand grafana-provisioning 'Check Grafana provisioning files: data sources, dashboard providers and alerting'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'lookout;check;promql'= {
            cand -f 'Read expressions from FILE, one per line'
            cand --file 'Read expressions from FILE, one per line'
            cand -o 'Output format for findings'
            cand --output 'Output format for findings'
            cand --enable-feature 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'lookout;check;rules'= {
            cand --lint 'Lints to apply, comma-separated: all, duplicate-rules, none'
            cand -o 'Output format: `human` is promtool''s text'
            cand --output 'Output format: `human` is promtool''s text'
            cand --enable-feature 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)'
            cand --lint-fatal 'Exit with code 3 when lints find something (and no errors were found)'
            cand --ignore-unknown-fields 'Accept keys the rule format does not define (e.g. custom metadata on groups)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'lookout;check;config'= {
            cand --lint 'Lints, comma-separated: all, duplicate-rules, too-long-scrape-interval (a scrape interval at least the lookback delta), short-rate-window (a rule''s rate()-like window under twice the longest scrape interval), none'
            cand --query.lookback-delta 'The server''s query lookback delta, for the too-long-scrape-interval lint'
            cand -o 'Output format: `human` is promtool''s text'
            cand --output 'Output format: `human` is promtool''s text'
            cand --enable-feature 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)'
            cand --syntax-only 'Only check the file''s own syntax and values, not the files it refers to'
            cand --agent 'Check for agent mode: no alerting, rule files or remote read'
            cand --lint-fatal 'Exit with code 3 when lints find something (and no errors were found)'
            cand --print 'Print each file''s effective configuration as YAML instead of checking further: defaults filled in, secrets as `<secret>` (what Prometheus shows at /api/v1/status/config)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'lookout;check;web-config'= {
            cand -o 'Output format: `human` is promtool''s text'
            cand --output 'Output format: `human` is promtool''s text'
            cand --enable-feature 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'lookout;check;metrics'= {
            cand --lint 'Linting: `all` (promtool''s rules) or `none`'
            cand -o 'Output format: `human` is promtool''s text'
            cand --output 'Output format: `human` is promtool''s text'
            cand --enable-feature 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)'
            cand --extended 'Also print the cardinality of each metric (series per metric name)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'lookout;check;dashboards'= {
            cand -o 'Output format: `human` is annotated snippets and a summary per file'
            cand --output 'Output format: `human` is annotated snippets and a summary per file'
            cand -c 'The dashboard-linter configuration (exclusions and warnings) for every dashboard, instead of the `.lint` file next to each'
            cand --config 'The dashboard-linter configuration (exclusions and warnings) for every dashboard, instead of the `.lint` file next to each'
            cand --metrics 'Report queries selecting metric names that nothing exports, from FILE: a list of names (one per line) or a scrape in the Prometheus text or OpenMetrics format. Histogram and summary families stand for their `_bucket`, `_sum` and `_count` series. Names under `absent()` and names made of variables are not judged'
            cand --rules 'Rule files whose recorded names count as exported (with `--metrics`); repeatable'
            cand --enable-feature 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)'
            cand --strict 'Make lint findings errors (exit 1), as dashboard-linter''s `--strict` does (it fails on its warnings too). Without it they are warnings (the rules'' own warnings are notes)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'lookout;check;grafana-provisioning'= {
            cand -o 'Output format: `human` is promtool-like text'
            cand --output 'Output format: `human` is promtool-like text'
            cand --enable-feature 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'lookout;check;help'= {
            cand promql 'Check PromQL expressions for syntax and type errors'
            cand rules 'Check rule files like `promtool check rules`'
            cand config 'Check prometheus.yml files like `promtool check config`'
            cand web-config 'Check web configuration files (TLS and basic auth of Prometheus''s and exporters'' servers) like `promtool check web-config`'
            cand metrics 'Lint metrics in the Prometheus text exposition format, read from standard input, like `promtool check metrics` (e.g. `curl -s host:9100/metrics | lookout check metrics`)'
            cand dashboards 'Check Grafana dashboards: JSON syntax, datasource references, template variables and every PromQL query after variable substitution; lint them with dashboard-linter''s rules'
            cand grafana-provisioning 'Check Grafana provisioning files: data sources, dashboard providers and alerting'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'lookout;check;help;promql'= {
        }
        &'lookout;check;help;rules'= {
        }
        &'lookout;check;help;config'= {
        }
        &'lookout;check;help;web-config'= {
        }
        &'lookout;check;help;metrics'= {
        }
        &'lookout;check;help;dashboards'= {
        }
        &'lookout;check;help;grafana-provisioning'= {
        }
        &'lookout;check;help;help'= {
        }
        &'lookout;promql'= {
            cand --enable-feature 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand format 'Print an expression in canonical, prettified form (like `promtool promql format`)'
            cand parse 'Print the syntax tree of an expression'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'lookout;promql;format'= {
            cand --enable-feature 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'lookout;promql;parse'= {
            cand -o 'Output format'
            cand --output 'Output format'
            cand --enable-feature 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'lookout;promql;help'= {
            cand format 'Print an expression in canonical, prettified form (like `promtool promql format`)'
            cand parse 'Print the syntax tree of an expression'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'lookout;promql;help;format'= {
        }
        &'lookout;promql;help;parse'= {
        }
        &'lookout;promql;help;help'= {
        }
        &'lookout;test'= {
            cand --enable-feature 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand promql 'Run promqltest scripts (Prometheus''s PromQL test language) against lookout''s engine'
            cand rules 'Run rule unit tests in promtool''s format (`promtool test rules`)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'lookout;test;promql'= {
            cand --run 'Run only the evals whose expression matches REGEX (unanchored)'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --enable-feature 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'lookout;test;rules'= {
            cand --run 'Run only test groups whose name matches REGEX (unanchored; repeatable, joined with `|`)'
            cand --junit 'Also write a JUnit XML report to FILE'
            cand -o 'Output format on standard output'
            cand --output 'Output format on standard output'
            cand -j 'Worker threads for test groups (default: one per CPU)'
            cand --jobs 'Worker threads for test groups (default: one per CPU)'
            cand --enable-feature 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)'
            cand --ignore-unknown-fields 'Accept keys the rule format does not define in the rule files under test'
            cand --debug 'Print all series (input and rule output) at the end of each test group'
            cand --diff 'Show each failure as a diff of expected and actual alerts or samples (`-` missing, `+` unexpected, `~` changed) instead of the two full lists'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'lookout;test;help'= {
            cand promql 'Run promqltest scripts (Prometheus''s PromQL test language) against lookout''s engine'
            cand rules 'Run rule unit tests in promtool''s format (`promtool test rules`)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'lookout;test;help;promql'= {
        }
        &'lookout;test;help;rules'= {
        }
        &'lookout;test;help;help'= {
        }
        &'lookout;tsdb'= {
            cand --enable-feature 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand dump 'Print the float samples of a data directory like `promtool tsdb dump`'
            cand list 'List a data directory''s blocks like `promtool tsdb list`: ULID, time range, duration, samples, chunks, series and size on disk, oldest first'
            cand analyze 'Analyze a block''s series and label cardinality, churn and compaction efficiency'
            cand create-blocks-from 'Write TSDB blocks from other data (backfilling)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'lookout;tsdb;dump'= {
            cand --min-time 'Minimum timestamp to dump, in milliseconds since the epoch (inclusive)'
            cand --max-time 'Maximum timestamp to dump, in milliseconds since the epoch (inclusive)'
            cand --match 'Dump only the series matching this series selector, e.g. ''up{job="node"}'' (repeatable: series matching any of them). Default: all series'
            cand --format 'Output format: `promtool` is `promtool tsdb dump`''s text (2.42); `openmetrics` is newer promtool''s `dump-openmetrics` (`name{labels} value seconds`, then `# EOF`), which `tsdb create-blocks-from openmetrics` reads back. Both print float samples only'
            cand --enable-feature 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'lookout;tsdb;list'= {
            cand --enable-feature 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)'
            cand -r 'Print times as UTC dates and sizes with binary units'
            cand --human-readable 'Print times as UTC dates and sizes with binary units'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'lookout;tsdb;analyze'= {
            cand --limit 'How many entries to show in each list'
            cand --match 'Analyze only the series matching this series selector, e.g. ''up{job="node"}'' (newer promtool''s --match)'
            cand -o 'Output format: tables, promtool''s text, or one JSON document'
            cand --output 'Output format: tables, promtool''s text, or one JSON document'
            cand --enable-feature 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)'
            cand --extended 'Also read every chunk: how full the chunks are (samples per chunk, as a share of 120, promtool''s compaction analysis) and the samples, bytes and histogram buckets per chunk'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'lookout;tsdb;create-blocks-from'= {
            cand --enable-feature 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand openmetrics 'Write blocks from an OpenMetrics text file (every sample with a timestamp, `# EOF` at the end), like `promtool tsdb create-blocks-from openmetrics`'
            cand rules 'Backfill rules, like `promtool tsdb create-blocks-from rules`: each rule''s expression is evaluated over [--start, --end] at its group''s evaluation times, as range queries against --url (or locally over --tsdb DIR), one block per rule and window. As promtool does (whatever its help says), alerting rules are imported too: their expression under the alert''s name. Unlike promtool, a window without an evaluation time does not end a rule''s import. Exit codes: 0 success, 1 invalid rule files or a failed evaluation, 2 usage or I/O'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'lookout;tsdb;create-blocks-from;openmetrics'= {
            cand --max-block-duration 'The longest time a block may span: blocks are 2h·3^k long, the longest of those not above this (2h, 6h, 18h, 54h, ...). Anything below 2h means 2h'
            cand --enable-feature 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)'
            cand -r 'Print times as UTC dates and sizes with binary units'
            cand --human-readable 'Print times as UTC dates and sizes with binary units'
            cand -q 'Do not print the created blocks (nor a progress bar)'
            cand --quiet 'Do not print the created blocks (nor a progress bar)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'lookout;tsdb;create-blocks-from;rules'= {
            cand --url 'The Prometheus API with the data the rules read'
            cand --tsdb 'Evaluate the rules locally over this data directory instead of a server'
            cand --http.config.file 'HTTP client settings for --url as Prometheus''s `http_config` YAML'
            cand --start 'Start of the backfill: RFC 3339 or Unix seconds'
            cand --end 'End of the backfill. Default: three hours ago'
            cand --output-dir 'Where to write the blocks'
            cand --eval-interval 'Evaluation interval of groups that set none'
            cand --max-block-duration 'The longest time a block may span: blocks are 2h·3^k long, the longest of those not above this. Anything below 2h means 2h'
            cand --enable-feature 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)'
            cand -r 'Print times as UTC dates and sizes with binary units'
            cand --human-readable 'Print times as UTC dates and sizes with binary units'
            cand -q 'Do not print the created blocks'
            cand --quiet 'Do not print the created blocks'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'lookout;tsdb;create-blocks-from;help'= {
            cand openmetrics 'Write blocks from an OpenMetrics text file (every sample with a timestamp, `# EOF` at the end), like `promtool tsdb create-blocks-from openmetrics`'
            cand rules 'Backfill rules, like `promtool tsdb create-blocks-from rules`: each rule''s expression is evaluated over [--start, --end] at its group''s evaluation times, as range queries against --url (or locally over --tsdb DIR), one block per rule and window. As promtool does (whatever its help says), alerting rules are imported too: their expression under the alert''s name. Unlike promtool, a window without an evaluation time does not end a rule''s import. Exit codes: 0 success, 1 invalid rule files or a failed evaluation, 2 usage or I/O'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'lookout;tsdb;create-blocks-from;help;openmetrics'= {
        }
        &'lookout;tsdb;create-blocks-from;help;rules'= {
        }
        &'lookout;tsdb;create-blocks-from;help;help'= {
        }
        &'lookout;tsdb;help'= {
            cand dump 'Print the float samples of a data directory like `promtool tsdb dump`'
            cand list 'List a data directory''s blocks like `promtool tsdb list`: ULID, time range, duration, samples, chunks, series and size on disk, oldest first'
            cand analyze 'Analyze a block''s series and label cardinality, churn and compaction efficiency'
            cand create-blocks-from 'Write TSDB blocks from other data (backfilling)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'lookout;tsdb;help;dump'= {
        }
        &'lookout;tsdb;help;list'= {
        }
        &'lookout;tsdb;help;analyze'= {
        }
        &'lookout;tsdb;help;create-blocks-from'= {
            cand openmetrics 'Write blocks from an OpenMetrics text file (every sample with a timestamp, `# EOF` at the end), like `promtool tsdb create-blocks-from openmetrics`'
            cand rules 'Backfill rules, like `promtool tsdb create-blocks-from rules`: each rule''s expression is evaluated over [--start, --end] at its group''s evaluation times, as range queries against --url (or locally over --tsdb DIR), one block per rule and window. As promtool does (whatever its help says), alerting rules are imported too: their expression under the alert''s name. Unlike promtool, a window without an evaluation time does not end a rule''s import. Exit codes: 0 success, 1 invalid rule files or a failed evaluation, 2 usage or I/O'
        }
        &'lookout;tsdb;help;create-blocks-from;openmetrics'= {
        }
        &'lookout;tsdb;help;create-blocks-from;rules'= {
        }
        &'lookout;tsdb;help;help'= {
        }
        &'lookout;query'= {
            cand --enable-feature 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand instant 'Evaluate an expression at one time (`/api/v1/query`)'
            cand range 'Evaluate an expression at every step of a time range (`/api/v1/query_range`)'
            cand series 'List the series matching selectors (`/api/v1/series`)'
            cand labels 'List label names, or the values of label NAME (`/api/v1/labels`, `/api/v1/label/NAME/values`)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'lookout;query;instant'= {
            cand --server 'The server''s base URL, e.g. http://localhost:9090 (also a path prefix such as https://mimir.example/prometheus)'
            cand --tsdb 'Query the blocks of this Prometheus data directory (or a single block) instead of a server'
            cand -o 'Output format: `json` is exactly the HTTP API''s `data` object'
            cand --output 'Output format: `json` is exactly the HTTP API''s `data` object'
            cand --header 'An HTTP header to send, `Name: value` (repeatable), e.g. ''X-Scope-OrgID: tenant1'''
            cand --http.config.file 'HTTP client settings as Prometheus''s `http_config` YAML (basic_auth, authorization, tls_config, proxy_url, ...), like promtool''s flag of the same name'
            cand --bearer-token-file 'Send `Authorization: Bearer <token>` with the token read from FILE'
            cand --basic-auth 'Basic auth as USER:PASSWORD (the password may also come from LOOKOUT_PASSWORD)'
            cand --tls.ca-file 'CA certificate (PEM) to verify the server with'
            cand --tls.cert-file 'Client certificate (PEM) for mutual TLS; needs --tls.key-file'
            cand --tls.key-file 'Client key (PEM) for mutual TLS'
            cand --timeout 'Give up on the server after this long'
            cand --query.lookback-delta 'With --tsdb: how far back an instant selector looks for a sample'
            cand --time 'Evaluation time. Default: now; with --tsdb, the newest sample''s time when the data ends before now'
            cand --enable-feature 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)'
            cand --tls.insecure-skip-verify 'Do not verify the server''s certificate'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'lookout;query;range'= {
            cand --server 'The server''s base URL, e.g. http://localhost:9090 (also a path prefix such as https://mimir.example/prometheus)'
            cand --tsdb 'Query the blocks of this Prometheus data directory (or a single block) instead of a server'
            cand -o 'Output format: `json` is exactly the HTTP API''s `data` object'
            cand --output 'Output format: `json` is exactly the HTTP API''s `data` object'
            cand --header 'An HTTP header to send, `Name: value` (repeatable), e.g. ''X-Scope-OrgID: tenant1'''
            cand --http.config.file 'HTTP client settings as Prometheus''s `http_config` YAML (basic_auth, authorization, tls_config, proxy_url, ...), like promtool''s flag of the same name'
            cand --bearer-token-file 'Send `Authorization: Bearer <token>` with the token read from FILE'
            cand --basic-auth 'Basic auth as USER:PASSWORD (the password may also come from LOOKOUT_PASSWORD)'
            cand --tls.ca-file 'CA certificate (PEM) to verify the server with'
            cand --tls.cert-file 'Client certificate (PEM) for mutual TLS; needs --tls.key-file'
            cand --tls.key-file 'Client key (PEM) for mutual TLS'
            cand --timeout 'Give up on the server after this long'
            cand --query.lookback-delta 'With --tsdb: how far back an instant selector looks for a sample'
            cand --start 'Start of the range. Default: one hour before the end'
            cand --end 'End of the range. Default: now; with --tsdb, the newest sample''s time when the data ends before now'
            cand --step 'Resolution step, a duration or seconds. Default: the range / 250, at least 1s (as promtool)'
            cand --enable-feature 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)'
            cand --tls.insecure-skip-verify 'Do not verify the server''s certificate'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'lookout;query;series'= {
            cand --server 'The server''s base URL, e.g. http://localhost:9090 (also a path prefix such as https://mimir.example/prometheus)'
            cand --tsdb 'Query the blocks of this Prometheus data directory (or a single block) instead of a server'
            cand -o 'Output format: `json` is exactly the HTTP API''s `data` object'
            cand --output 'Output format: `json` is exactly the HTTP API''s `data` object'
            cand --header 'An HTTP header to send, `Name: value` (repeatable), e.g. ''X-Scope-OrgID: tenant1'''
            cand --http.config.file 'HTTP client settings as Prometheus''s `http_config` YAML (basic_auth, authorization, tls_config, proxy_url, ...), like promtool''s flag of the same name'
            cand --bearer-token-file 'Send `Authorization: Bearer <token>` with the token read from FILE'
            cand --basic-auth 'Basic auth as USER:PASSWORD (the password may also come from LOOKOUT_PASSWORD)'
            cand --tls.ca-file 'CA certificate (PEM) to verify the server with'
            cand --tls.cert-file 'Client certificate (PEM) for mutual TLS; needs --tls.key-file'
            cand --tls.key-file 'Client key (PEM) for mutual TLS'
            cand --timeout 'Give up on the server after this long'
            cand --query.lookback-delta 'With --tsdb: how far back an instant selector looks for a sample'
            cand --match 'Series selector (repeatable; series matching any), e.g. ''up{job="node"}'''
            cand --start 'Start of the time range. Default: all data'
            cand --end 'End of the time range. Default: all data'
            cand --enable-feature 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)'
            cand --tls.insecure-skip-verify 'Do not verify the server''s certificate'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'lookout;query;labels'= {
            cand --server 'The server''s base URL, e.g. http://localhost:9090 (also a path prefix such as https://mimir.example/prometheus)'
            cand --tsdb 'Query the blocks of this Prometheus data directory (or a single block) instead of a server'
            cand -o 'Output format: `json` is exactly the HTTP API''s `data` object'
            cand --output 'Output format: `json` is exactly the HTTP API''s `data` object'
            cand --header 'An HTTP header to send, `Name: value` (repeatable), e.g. ''X-Scope-OrgID: tenant1'''
            cand --http.config.file 'HTTP client settings as Prometheus''s `http_config` YAML (basic_auth, authorization, tls_config, proxy_url, ...), like promtool''s flag of the same name'
            cand --bearer-token-file 'Send `Authorization: Bearer <token>` with the token read from FILE'
            cand --basic-auth 'Basic auth as USER:PASSWORD (the password may also come from LOOKOUT_PASSWORD)'
            cand --tls.ca-file 'CA certificate (PEM) to verify the server with'
            cand --tls.cert-file 'Client certificate (PEM) for mutual TLS; needs --tls.key-file'
            cand --tls.key-file 'Client key (PEM) for mutual TLS'
            cand --timeout 'Give up on the server after this long'
            cand --query.lookback-delta 'With --tsdb: how far back an instant selector looks for a sample'
            cand --match 'Only series matching this selector (repeatable; series matching any)'
            cand --start 'Start of the time range. Default: all data'
            cand --end 'End of the time range. Default: all data'
            cand --enable-feature 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)'
            cand --tls.insecure-skip-verify 'Do not verify the server''s certificate'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'lookout;query;help'= {
            cand instant 'Evaluate an expression at one time (`/api/v1/query`)'
            cand range 'Evaluate an expression at every step of a time range (`/api/v1/query_range`)'
            cand series 'List the series matching selectors (`/api/v1/series`)'
            cand labels 'List label names, or the values of label NAME (`/api/v1/labels`, `/api/v1/label/NAME/values`)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'lookout;query;help;instant'= {
        }
        &'lookout;query;help;range'= {
        }
        &'lookout;query;help;series'= {
        }
        &'lookout;query;help;labels'= {
        }
        &'lookout;query;help;help'= {
        }
        &'lookout;relabel'= {
            cand --config 'The Prometheus configuration file'
            cand --job 'The scrape job (`job_name`) whose rules to apply'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --enable-feature 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)'
            cand --metric 'Apply `metric_relabel_configs` instead of `relabel_configs`'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'lookout;grade'= {
            cand --challenge 'The challenge the repositories are for [default: monitoring-stack, or the one a repository''s layout clearly shows: loki/ and promtail/ are logging-stack, services/frontend/ is distributed-tracing]'
            cand --rubric 'Which rubric: `readme` (the README''s table with deep checks; for the sibling challenges, run.py''s tasks split into deep checks), `runpy` (run.py''s sections or tasks and points, decided by parsing) or `runpy-substring` (run.py''s own substring or regex checks, for comparison; not for logging-stack, whose run.py parses YAML)'
            cand -o 'Output format; `csv` is a gradebook (one row per repository)'
            cand --output 'Output format; `csv` is a gradebook (one row per repository)'
            cand -j 'How many repositories to grade at once [default: the number of CPUs]'
            cand --jobs 'How many repositories to grade at once [default: the number of CPUs]'
            cand --enable-feature 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)'
            cand --run-app 'Start each app with python3 (Flask and prometheus_client must be importable) and scrape its /metrics page, instead of reading the instrumentation from the source'
            cand -q 'No progress bar'
            cand --quiet 'No progress bar'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'lookout;alertmanager'= {
            cand --enable-feature 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand check 'Check alertmanager.yml files like `amtool check-config`, with its output and exit codes'
            cand routes 'Show the routing tree, or test where alerts go, like `amtool config routes`'
            cand template 'Work with notification templates'
            cand alerts 'Query or add alerts through the API, like `amtool alert`'
            cand silence 'Add, query, update, expire or import silences through the API, like `amtool silence`'
            cand status 'Show the cluster status, like `amtool cluster show`'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'lookout;alertmanager;check'= {
            cand -o 'Output format: `human` is amtool''s text'
            cand --output 'Output format: `human` is amtool''s text'
            cand --enable-feature 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'lookout;alertmanager;routes'= {
            cand --config.file 'The configuration file'
            cand --alertmanager.url 'Without `--config.file`, the running configuration of this Alertmanager (from its `/api/v2/status`), e.g. http://localhost:9093'
            cand --enable-feature 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand show 'Print the routing tree as amtool draws it (the default): each route''s matchers, `continue: true` and effective receiver'
            cand test 'Print the receivers an alert with LABELS goes to, comma-separated in tree order'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'lookout;alertmanager;routes;show'= {
            cand --config.file 'The configuration file'
            cand --alertmanager.url 'Without `--config.file`, the running configuration of this Alertmanager (from its `/api/v2/status`), e.g. http://localhost:9093'
            cand --enable-feature 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'lookout;alertmanager;routes;test'= {
            cand --verify.receivers 'The receivers expected, comma-separated in tree order; fail if they differ'
            cand --verify.grouping 'The grouping expected on every route the alert reaches: label names, comma-separated in any order, or `...` (group by all labels); fail when a route groups otherwise (amtool has no such check, see prometheus/alertmanager#3003)'
            cand --at 'Evaluate the routes'' mute_time_intervals and active_time_intervals at TIME (RFC 3339 or Unix seconds): receivers whose notifications would be held back then are left out of the answer, each with the reason on standard error (amtool ignores time intervals, see prometheus/alertmanager#3889)'
            cand --inhibited-by 'The labels of a firing alert that may inhibit this one through the `inhibit_rules`, as `{name="value",...}` or `name=value,...` (repeatable): when one does, the alert notifies nobody and the rule is named on standard error'
            cand --test-file 'Run a file of routing tests instead of one alert: a YAML `tests:` list whose items have `labels` (a mapping), the expected `receivers` (a list, in tree order) and, optionally, a `name` and the expected `grouping` (label names or `...`). Prints PASS or FAIL per test; exit code 1 when any fails (prometheus/alertmanager#5167)'
            cand --config.file 'The configuration file'
            cand --alertmanager.url 'Without `--config.file`, the running configuration of this Alertmanager (from its `/api/v2/status`), e.g. http://localhost:9093'
            cand --enable-feature 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)'
            cand --tree 'Also print the routes the alert matches, as a tree'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'lookout;alertmanager;routes;help'= {
            cand show 'Print the routing tree as amtool draws it (the default): each route''s matchers, `continue: true` and effective receiver'
            cand test 'Print the receivers an alert with LABELS goes to, comma-separated in tree order'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'lookout;alertmanager;routes;help;show'= {
        }
        &'lookout;alertmanager;routes;help;test'= {
        }
        &'lookout;alertmanager;routes;help;help'= {
        }
        &'lookout;alertmanager;template'= {
            cand --enable-feature 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand render 'Render a template text with Alertmanager''s templates, functions and data model (amtool template render), or a receiver''s whole notification (--receiver)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'lookout;alertmanager;template;render'= {
            cand --template.glob 'Glob of template files to load (repeatable); a glob matching nothing is allowed. With --receiver, loaded after the configuration''s `templates:`'
            cand --template.text 'The template text to render, e.g. ''{{ template "slack.default.title" . }}'''
            cand --template.type 'Render with text/template or with html/template''s contextual escaping (with --receiver, each field uses the engine its notifier uses)'
            cand --template.data 'JSON file with the notification data (Alertmanager''s template.Data, as webhooks receive it); without it, amtool''s sample data with two alerts is used'
            cand --receiver 'Render the whole notification of this receiver of --config.file'
            cand --config.file 'The Alertmanager configuration the receiver comes from'
            cand --alert 'A firing alert with these labels, as `{name="value",...}` or `name=value,...` (repeatable). It starts at --at and ends a resolve_timeout later, as if posted then'
            cand --resolved-alert 'A resolved alert with these labels (repeatable), ended at --at'
            cand --annotation 'An annotation of every --alert and --resolved-alert, `name=value` (repeatable)'
            cand --at 'When the notification is sent (RFC 3339 or Unix seconds) [default: now]'
            cand --web.external-url 'Alertmanager''s external URL (`.ExternalURL`, links back to it)'
            cand -o 'Output format of a receiver''s notification'
            cand --output 'Output format of a receiver''s notification'
            cand --enable-feature 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'lookout;alertmanager;template;help'= {
            cand render 'Render a template text with Alertmanager''s templates, functions and data model (amtool template render), or a receiver''s whole notification (--receiver)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'lookout;alertmanager;template;help;render'= {
        }
        &'lookout;alertmanager;template;help;help'= {
        }
        &'lookout;alertmanager;alerts'= {
            cand --enable-feature 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand query 'List alerts (`GET /api/v2/alerts`), sorted by start time'
            cand add 'Send an alert (`POST /api/v2/alerts`), as a Prometheus server would'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'lookout;alertmanager;alerts;query'= {
            cand --alertmanager.url 'The Alertmanager, e.g. http://localhost:9093 (a path prefix is kept; `user:pass@` in the URL is basic auth). Default: $ALERTMANAGER_URL, else `alertmanager.url` from the amtool configuration file'
            cand --http.config.file 'HTTP client settings as Prometheus''s `http_config` YAML (basic_auth, authorization, tls_config, proxy_url, ...), like amtool''s flag of the same name'
            cand -o 'Output format (amtool''s formatters) [default: simple]'
            cand --output 'Output format (amtool''s formatters) [default: simple]'
            cand --timeout 'Give up on the server after this long, a Prometheus or Go duration [default: 30s]'
            cand --date.format 'How to print times, as a Go time layout [default: "2006-01-02 15:04:05 MST"]'
            cand -r 'Show alerts going to receivers whose name matches this regex'
            cand --receiver 'Show alerts going to receivers whose name matches this regex'
            cand --enable-feature 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)'
            cand -a 'Show active alerts'
            cand --active 'Show active alerts'
            cand -s 'Show silenced alerts'
            cand --silenced 'Show silenced alerts'
            cand -i 'Show inhibited alerts'
            cand --inhibited 'Show inhibited alerts'
            cand -u 'Show unprocessed alerts'
            cand --unprocessed 'Show unprocessed alerts'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'lookout;alertmanager;alerts;add'= {
            cand --alertmanager.url 'The Alertmanager, e.g. http://localhost:9093 (a path prefix is kept; `user:pass@` in the URL is basic auth). Default: $ALERTMANAGER_URL, else `alertmanager.url` from the amtool configuration file'
            cand --http.config.file 'HTTP client settings as Prometheus''s `http_config` YAML (basic_auth, authorization, tls_config, proxy_url, ...), like amtool''s flag of the same name'
            cand -o 'Output format (amtool''s formatters) [default: simple]'
            cand --output 'Output format (amtool''s formatters) [default: simple]'
            cand --timeout 'Give up on the server after this long, a Prometheus or Go duration [default: 30s]'
            cand --date.format 'How to print times, as a Go time layout [default: "2006-01-02 15:04:05 MST"]'
            cand --annotation 'An annotation, `name=value` (repeatable)'
            cand --start 'When the alert started, RFC 3339 (2006-01-02T15:04:05-07:00)'
            cand --end 'When the alert ends, RFC 3339'
            cand --generator-url 'The URL of what generated the alert'
            cand --enable-feature 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'lookout;alertmanager;alerts;help'= {
            cand query 'List alerts (`GET /api/v2/alerts`), sorted by start time'
            cand add 'Send an alert (`POST /api/v2/alerts`), as a Prometheus server would'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'lookout;alertmanager;alerts;help;query'= {
        }
        &'lookout;alertmanager;alerts;help;add'= {
        }
        &'lookout;alertmanager;alerts;help;help'= {
        }
        &'lookout;alertmanager;silence'= {
            cand --enable-feature 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand add 'Create a silence (`POST /api/v2/silences`) and print its id'
            cand query 'List silences, sorted by end time: by default the ones not yet expired'
            cand expire 'Expire silences now (`DELETE /api/v2/silence/ID`). Every id is tried; each failure is reported'
            cand update 'Change silences'' times or comment, then print them as `query` does'
            cand import 'Create silences from JSON (what `silence query -o json` prints), from FILE or standard input, printing each new id in input order'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'lookout;alertmanager;silence;add'= {
            cand --alertmanager.url 'The Alertmanager, e.g. http://localhost:9093 (a path prefix is kept; `user:pass@` in the URL is basic auth). Default: $ALERTMANAGER_URL, else `alertmanager.url` from the amtool configuration file'
            cand --http.config.file 'HTTP client settings as Prometheus''s `http_config` YAML (basic_auth, authorization, tls_config, proxy_url, ...), like amtool''s flag of the same name'
            cand -o 'Output format (amtool''s formatters) [default: simple]'
            cand --output 'Output format (amtool''s formatters) [default: simple]'
            cand --timeout 'Give up on the server after this long, a Prometheus or Go duration [default: 30s]'
            cand --date.format 'How to print times, as a Go time layout [default: "2006-01-02 15:04:05 MST"]'
            cand -a 'Who creates the silence [default: `author` from the amtool configuration file, else the current user name]'
            cand --author 'Who creates the silence [default: `author` from the amtool configuration file, else the current user name]'
            cand -c 'Why (required unless --require-comment=false)'
            cand --comment 'Why (required unless --require-comment=false)'
            cand -d 'How long the silence lasts, a Prometheus duration [default: 1h]; --end overrides it'
            cand --duration 'How long the silence lasts, a Prometheus duration [default: 1h]; --end overrides it'
            cand --start 'When the silence starts, RFC 3339 [default: now]'
            cand --end 'When the silence ends, RFC 3339'
            cand --require-comment 'Refuse to create a silence without a comment [default: true]'
            cand --annotation 'An annotation on the silence, `name=value` (repeatable; Alertmanager 0.28 and later keep them)'
            cand --enable-feature 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'lookout;alertmanager;silence;query'= {
            cand --alertmanager.url 'The Alertmanager, e.g. http://localhost:9093 (a path prefix is kept; `user:pass@` in the URL is basic auth). Default: $ALERTMANAGER_URL, else `alertmanager.url` from the amtool configuration file'
            cand --http.config.file 'HTTP client settings as Prometheus''s `http_config` YAML (basic_auth, authorization, tls_config, proxy_url, ...), like amtool''s flag of the same name'
            cand -o 'Output format (amtool''s formatters) [default: simple]'
            cand --output 'Output format (amtool''s formatters) [default: simple]'
            cand --timeout 'Give up on the server after this long, a Prometheus or Go duration [default: 30s]'
            cand --date.format 'How to print times, as a Go time layout [default: "2006-01-02 15:04:05 MST"]'
            cand --within 'Only silences that end within this Go duration from now (with --expired: that ended within it)'
            cand --id 'Only the silence with this id'
            cand --created-by 'Only silences created by this author'
            cand --enable-feature 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)'
            cand --expired 'Show expired silences instead of the others'
            cand -q 'Print only the ids'
            cand --quiet 'Print only the ids'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'lookout;alertmanager;silence;expire'= {
            cand --alertmanager.url 'The Alertmanager, e.g. http://localhost:9093 (a path prefix is kept; `user:pass@` in the URL is basic auth). Default: $ALERTMANAGER_URL, else `alertmanager.url` from the amtool configuration file'
            cand --http.config.file 'HTTP client settings as Prometheus''s `http_config` YAML (basic_auth, authorization, tls_config, proxy_url, ...), like amtool''s flag of the same name'
            cand -o 'Output format (amtool''s formatters) [default: simple]'
            cand --output 'Output format (amtool''s formatters) [default: simple]'
            cand --timeout 'Give up on the server after this long, a Prometheus or Go duration [default: 30s]'
            cand --date.format 'How to print times, as a Go time layout [default: "2006-01-02 15:04:05 MST"]'
            cand --enable-feature 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'lookout;alertmanager;silence;update'= {
            cand --alertmanager.url 'The Alertmanager, e.g. http://localhost:9093 (a path prefix is kept; `user:pass@` in the URL is basic auth). Default: $ALERTMANAGER_URL, else `alertmanager.url` from the amtool configuration file'
            cand --http.config.file 'HTTP client settings as Prometheus''s `http_config` YAML (basic_auth, authorization, tls_config, proxy_url, ...), like amtool''s flag of the same name'
            cand -o 'Output format (amtool''s formatters) [default: simple]'
            cand --output 'Output format (amtool''s formatters) [default: simple]'
            cand --timeout 'Give up on the server after this long, a Prometheus or Go duration [default: 30s]'
            cand --date.format 'How to print times, as a Go time layout [default: "2006-01-02 15:04:05 MST"]'
            cand -d 'New length of the silences from their start, a Prometheus duration'
            cand --duration 'New length of the silences from their start, a Prometheus duration'
            cand --start 'New start, RFC 3339'
            cand --end 'New end, RFC 3339 (overrides --duration)'
            cand -c 'New comment'
            cand --comment 'New comment'
            cand --enable-feature 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)'
            cand -q 'Print only the ids'
            cand --quiet 'Print only the ids'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'lookout;alertmanager;silence;import'= {
            cand --alertmanager.url 'The Alertmanager, e.g. http://localhost:9093 (a path prefix is kept; `user:pass@` in the URL is basic auth). Default: $ALERTMANAGER_URL, else `alertmanager.url` from the amtool configuration file'
            cand --http.config.file 'HTTP client settings as Prometheus''s `http_config` YAML (basic_auth, authorization, tls_config, proxy_url, ...), like amtool''s flag of the same name'
            cand -o 'Output format (amtool''s formatters) [default: simple]'
            cand --output 'Output format (amtool''s formatters) [default: simple]'
            cand --timeout 'Give up on the server after this long, a Prometheus or Go duration [default: 30s]'
            cand --date.format 'How to print times, as a Go time layout [default: "2006-01-02 15:04:05 MST"]'
            cand -w 'How many silences to send at once'
            cand --workers 'How many silences to send at once'
            cand --worker 'How many silences to send at once'
            cand --enable-feature 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)'
            cand -f 'Create every silence anew, ignoring the ids in the input'
            cand --force 'Create every silence anew, ignoring the ids in the input'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'lookout;alertmanager;silence;help'= {
            cand add 'Create a silence (`POST /api/v2/silences`) and print its id'
            cand query 'List silences, sorted by end time: by default the ones not yet expired'
            cand expire 'Expire silences now (`DELETE /api/v2/silence/ID`). Every id is tried; each failure is reported'
            cand update 'Change silences'' times or comment, then print them as `query` does'
            cand import 'Create silences from JSON (what `silence query -o json` prints), from FILE or standard input, printing each new id in input order'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'lookout;alertmanager;silence;help;add'= {
        }
        &'lookout;alertmanager;silence;help;query'= {
        }
        &'lookout;alertmanager;silence;help;expire'= {
        }
        &'lookout;alertmanager;silence;help;update'= {
        }
        &'lookout;alertmanager;silence;help;import'= {
        }
        &'lookout;alertmanager;silence;help;help'= {
        }
        &'lookout;alertmanager;status'= {
            cand --alertmanager.url 'The Alertmanager, e.g. http://localhost:9093 (a path prefix is kept; `user:pass@` in the URL is basic auth). Default: $ALERTMANAGER_URL, else `alertmanager.url` from the amtool configuration file'
            cand --http.config.file 'HTTP client settings as Prometheus''s `http_config` YAML (basic_auth, authorization, tls_config, proxy_url, ...), like amtool''s flag of the same name'
            cand -o 'Output format (amtool''s formatters) [default: simple]'
            cand --output 'Output format (amtool''s formatters) [default: simple]'
            cand --timeout 'Give up on the server after this long, a Prometheus or Go duration [default: 30s]'
            cand --date.format 'How to print times, as a Go time layout [default: "2006-01-02 15:04:05 MST"]'
            cand --enable-feature 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'lookout;alertmanager;help'= {
            cand check 'Check alertmanager.yml files like `amtool check-config`, with its output and exit codes'
            cand routes 'Show the routing tree, or test where alerts go, like `amtool config routes`'
            cand template 'Work with notification templates'
            cand alerts 'Query or add alerts through the API, like `amtool alert`'
            cand silence 'Add, query, update, expire or import silences through the API, like `amtool silence`'
            cand status 'Show the cluster status, like `amtool cluster show`'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'lookout;alertmanager;help;check'= {
        }
        &'lookout;alertmanager;help;routes'= {
            cand show 'Print the routing tree as amtool draws it (the default): each route''s matchers, `continue: true` and effective receiver'
            cand test 'Print the receivers an alert with LABELS goes to, comma-separated in tree order'
        }
        &'lookout;alertmanager;help;routes;show'= {
        }
        &'lookout;alertmanager;help;routes;test'= {
        }
        &'lookout;alertmanager;help;template'= {
            cand render 'Render a template text with Alertmanager''s templates, functions and data model (amtool template render), or a receiver''s whole notification (--receiver)'
        }
        &'lookout;alertmanager;help;template;render'= {
        }
        &'lookout;alertmanager;help;alerts'= {
            cand query 'List alerts (`GET /api/v2/alerts`), sorted by start time'
            cand add 'Send an alert (`POST /api/v2/alerts`), as a Prometheus server would'
        }
        &'lookout;alertmanager;help;alerts;query'= {
        }
        &'lookout;alertmanager;help;alerts;add'= {
        }
        &'lookout;alertmanager;help;silence'= {
            cand add 'Create a silence (`POST /api/v2/silences`) and print its id'
            cand query 'List silences, sorted by end time: by default the ones not yet expired'
            cand expire 'Expire silences now (`DELETE /api/v2/silence/ID`). Every id is tried; each failure is reported'
            cand update 'Change silences'' times or comment, then print them as `query` does'
            cand import 'Create silences from JSON (what `silence query -o json` prints), from FILE or standard input, printing each new id in input order'
        }
        &'lookout;alertmanager;help;silence;add'= {
        }
        &'lookout;alertmanager;help;silence;query'= {
        }
        &'lookout;alertmanager;help;silence;expire'= {
        }
        &'lookout;alertmanager;help;silence;update'= {
        }
        &'lookout;alertmanager;help;silence;import'= {
        }
        &'lookout;alertmanager;help;status'= {
        }
        &'lookout;alertmanager;help;help'= {
        }
        &'lookout;completions'= {
            cand --enable-feature 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'lookout;help'= {
            cand check 'Validate files and expressions'
            cand promql 'Work with PromQL expressions'
            cand test 'Run tests'
            cand tsdb 'Read Prometheus TSDB data directories'
            cand query 'Query PromQL against a Prometheus-compatible server or a TSDB data directory'
            cand relabel 'Show step by step what a scrape job''s relabeling does to a label set'
            cand grade 'Score challenge repositories (the "Monitoring Stack" challenge and its siblings)'
            cand alertmanager 'Alertmanager''s configuration, templates and API (amtool''s job)'
            cand completions 'Print a shell completion script to standard output'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'lookout;help;check'= {
            cand promql 'Check PromQL expressions for syntax and type errors'
            cand rules 'Check rule files like `promtool check rules`'
            cand config 'Check prometheus.yml files like `promtool check config`'
            cand web-config 'Check web configuration files (TLS and basic auth of Prometheus''s and exporters'' servers) like `promtool check web-config`'
            cand metrics 'Lint metrics in the Prometheus text exposition format, read from standard input, like `promtool check metrics` (e.g. `curl -s host:9100/metrics | lookout check metrics`)'
            cand dashboards 'Check Grafana dashboards: JSON syntax, datasource references, template variables and every PromQL query after variable substitution; lint them with dashboard-linter''s rules'
            cand grafana-provisioning 'Check Grafana provisioning files: data sources, dashboard providers and alerting'
        }
        &'lookout;help;check;promql'= {
        }
        &'lookout;help;check;rules'= {
        }
        &'lookout;help;check;config'= {
        }
        &'lookout;help;check;web-config'= {
        }
        &'lookout;help;check;metrics'= {
        }
        &'lookout;help;check;dashboards'= {
        }
        &'lookout;help;check;grafana-provisioning'= {
        }
        &'lookout;help;promql'= {
            cand format 'Print an expression in canonical, prettified form (like `promtool promql format`)'
            cand parse 'Print the syntax tree of an expression'
        }
        &'lookout;help;promql;format'= {
        }
        &'lookout;help;promql;parse'= {
        }
        &'lookout;help;test'= {
            cand promql 'Run promqltest scripts (Prometheus''s PromQL test language) against lookout''s engine'
            cand rules 'Run rule unit tests in promtool''s format (`promtool test rules`)'
        }
        &'lookout;help;test;promql'= {
        }
        &'lookout;help;test;rules'= {
        }
        &'lookout;help;tsdb'= {
            cand dump 'Print the float samples of a data directory like `promtool tsdb dump`'
            cand list 'List a data directory''s blocks like `promtool tsdb list`: ULID, time range, duration, samples, chunks, series and size on disk, oldest first'
            cand analyze 'Analyze a block''s series and label cardinality, churn and compaction efficiency'
            cand create-blocks-from 'Write TSDB blocks from other data (backfilling)'
        }
        &'lookout;help;tsdb;dump'= {
        }
        &'lookout;help;tsdb;list'= {
        }
        &'lookout;help;tsdb;analyze'= {
        }
        &'lookout;help;tsdb;create-blocks-from'= {
            cand openmetrics 'Write blocks from an OpenMetrics text file (every sample with a timestamp, `# EOF` at the end), like `promtool tsdb create-blocks-from openmetrics`'
            cand rules 'Backfill rules, like `promtool tsdb create-blocks-from rules`: each rule''s expression is evaluated over [--start, --end] at its group''s evaluation times, as range queries against --url (or locally over --tsdb DIR), one block per rule and window. As promtool does (whatever its help says), alerting rules are imported too: their expression under the alert''s name. Unlike promtool, a window without an evaluation time does not end a rule''s import. Exit codes: 0 success, 1 invalid rule files or a failed evaluation, 2 usage or I/O'
        }
        &'lookout;help;tsdb;create-blocks-from;openmetrics'= {
        }
        &'lookout;help;tsdb;create-blocks-from;rules'= {
        }
        &'lookout;help;query'= {
            cand instant 'Evaluate an expression at one time (`/api/v1/query`)'
            cand range 'Evaluate an expression at every step of a time range (`/api/v1/query_range`)'
            cand series 'List the series matching selectors (`/api/v1/series`)'
            cand labels 'List label names, or the values of label NAME (`/api/v1/labels`, `/api/v1/label/NAME/values`)'
        }
        &'lookout;help;query;instant'= {
        }
        &'lookout;help;query;range'= {
        }
        &'lookout;help;query;series'= {
        }
        &'lookout;help;query;labels'= {
        }
        &'lookout;help;relabel'= {
        }
        &'lookout;help;grade'= {
        }
        &'lookout;help;alertmanager'= {
            cand check 'Check alertmanager.yml files like `amtool check-config`, with its output and exit codes'
            cand routes 'Show the routing tree, or test where alerts go, like `amtool config routes`'
            cand template 'Work with notification templates'
            cand alerts 'Query or add alerts through the API, like `amtool alert`'
            cand silence 'Add, query, update, expire or import silences through the API, like `amtool silence`'
            cand status 'Show the cluster status, like `amtool cluster show`'
        }
        &'lookout;help;alertmanager;check'= {
        }
        &'lookout;help;alertmanager;routes'= {
            cand show 'Print the routing tree as amtool draws it (the default): each route''s matchers, `continue: true` and effective receiver'
            cand test 'Print the receivers an alert with LABELS goes to, comma-separated in tree order'
        }
        &'lookout;help;alertmanager;routes;show'= {
        }
        &'lookout;help;alertmanager;routes;test'= {
        }
        &'lookout;help;alertmanager;template'= {
            cand render 'Render a template text with Alertmanager''s templates, functions and data model (amtool template render), or a receiver''s whole notification (--receiver)'
        }
        &'lookout;help;alertmanager;template;render'= {
        }
        &'lookout;help;alertmanager;alerts'= {
            cand query 'List alerts (`GET /api/v2/alerts`), sorted by start time'
            cand add 'Send an alert (`POST /api/v2/alerts`), as a Prometheus server would'
        }
        &'lookout;help;alertmanager;alerts;query'= {
        }
        &'lookout;help;alertmanager;alerts;add'= {
        }
        &'lookout;help;alertmanager;silence'= {
            cand add 'Create a silence (`POST /api/v2/silences`) and print its id'
            cand query 'List silences, sorted by end time: by default the ones not yet expired'
            cand expire 'Expire silences now (`DELETE /api/v2/silence/ID`). Every id is tried; each failure is reported'
            cand update 'Change silences'' times or comment, then print them as `query` does'
            cand import 'Create silences from JSON (what `silence query -o json` prints), from FILE or standard input, printing each new id in input order'
        }
        &'lookout;help;alertmanager;silence;add'= {
        }
        &'lookout;help;alertmanager;silence;query'= {
        }
        &'lookout;help;alertmanager;silence;expire'= {
        }
        &'lookout;help;alertmanager;silence;update'= {
        }
        &'lookout;help;alertmanager;silence;import'= {
        }
        &'lookout;help;alertmanager;status'= {
        }
        &'lookout;help;completions'= {
        }
        &'lookout;help;help'= {
        }
    ]
    $completions[$command]
}
