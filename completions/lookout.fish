# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_lookout_global_optspecs
    string join \n enable-feature= h/help V/version
end

function __fish_lookout_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_lookout_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_lookout_using_subcommand
    set -l cmd (__fish_lookout_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c lookout -n "__fish_lookout_needs_command" -l enable-feature -d 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)' -r
complete -c lookout -n "__fish_lookout_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lookout -n "__fish_lookout_needs_command" -s V -l version -d 'Print version'
complete -c lookout -n "__fish_lookout_needs_command" -f -a "check" -d 'Validate files and expressions'
complete -c lookout -n "__fish_lookout_needs_command" -f -a "promql" -d 'Work with PromQL expressions'
complete -c lookout -n "__fish_lookout_needs_command" -f -a "test" -d 'Run tests'
complete -c lookout -n "__fish_lookout_needs_command" -f -a "tsdb" -d 'Read Prometheus TSDB data directories'
complete -c lookout -n "__fish_lookout_needs_command" -f -a "query" -d 'Query PromQL against a Prometheus-compatible server or a TSDB data directory'
complete -c lookout -n "__fish_lookout_needs_command" -f -a "relabel" -d 'Show step by step what a scrape job\'s relabeling does to a label set'
complete -c lookout -n "__fish_lookout_needs_command" -f -a "grade" -d 'Score challenge repositories (the "Monitoring Stack" challenge and its siblings)'
complete -c lookout -n "__fish_lookout_needs_command" -f -a "alertmanager" -d 'Alertmanager\'s configuration, templates and API (amtool\'s job)'
complete -c lookout -n "__fish_lookout_needs_command" -f -a "completions" -d 'Print a shell completion script to standard output'
complete -c lookout -n "__fish_lookout_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c lookout -n "__fish_lookout_using_subcommand check; and not __fish_seen_subcommand_from promql rules config web-config metrics dashboards grafana-provisioning help" -l enable-feature -d 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)' -r
complete -c lookout -n "__fish_lookout_using_subcommand check; and not __fish_seen_subcommand_from promql rules config web-config metrics dashboards grafana-provisioning help" -s h -l help -d 'Print help'
complete -c lookout -n "__fish_lookout_using_subcommand check; and not __fish_seen_subcommand_from promql rules config web-config metrics dashboards grafana-provisioning help" -s V -l version -d 'Print version'
complete -c lookout -n "__fish_lookout_using_subcommand check; and not __fish_seen_subcommand_from promql rules config web-config metrics dashboards grafana-provisioning help" -f -a "promql" -d 'Check PromQL expressions for syntax and type errors'
complete -c lookout -n "__fish_lookout_using_subcommand check; and not __fish_seen_subcommand_from promql rules config web-config metrics dashboards grafana-provisioning help" -f -a "rules" -d 'Check rule files like `promtool check rules`'
complete -c lookout -n "__fish_lookout_using_subcommand check; and not __fish_seen_subcommand_from promql rules config web-config metrics dashboards grafana-provisioning help" -f -a "config" -d 'Check prometheus.yml files like `promtool check config`'
complete -c lookout -n "__fish_lookout_using_subcommand check; and not __fish_seen_subcommand_from promql rules config web-config metrics dashboards grafana-provisioning help" -f -a "web-config" -d 'Check web configuration files (TLS and basic auth of Prometheus\'s and exporters\' servers) like `promtool check web-config`'
complete -c lookout -n "__fish_lookout_using_subcommand check; and not __fish_seen_subcommand_from promql rules config web-config metrics dashboards grafana-provisioning help" -f -a "metrics" -d 'Lint metrics in the Prometheus text exposition format, read from standard input, like `promtool check metrics` (e.g. `curl -s host:9100/metrics | lookout check metrics`)'
complete -c lookout -n "__fish_lookout_using_subcommand check; and not __fish_seen_subcommand_from promql rules config web-config metrics dashboards grafana-provisioning help" -f -a "dashboards" -d 'Check Grafana dashboards: JSON syntax, datasource references, template variables and every PromQL query after variable substitution; lint them with dashboard-linter\'s rules'
complete -c lookout -n "__fish_lookout_using_subcommand check; and not __fish_seen_subcommand_from promql rules config web-config metrics dashboards grafana-provisioning help" -f -a "grafana-provisioning" -d 'Check Grafana provisioning files: data sources, dashboard providers and alerting'
complete -c lookout -n "__fish_lookout_using_subcommand check; and not __fish_seen_subcommand_from promql rules config web-config metrics dashboards grafana-provisioning help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c lookout -n "__fish_lookout_using_subcommand check; and __fish_seen_subcommand_from promql" -s f -l file -d 'Read expressions from FILE, one per line' -r -F
complete -c lookout -n "__fish_lookout_using_subcommand check; and __fish_seen_subcommand_from promql" -s o -l output -d 'Output format for findings' -r -f -a "human\t'Annotated snippets on standard error, a summary on standard output'
json\t'One JSON document on standard output'
github\t'GitHub Actions workflow commands (`::error file=..,line=..,col=..::`)'
junit\t'JUnit XML, one test case per input'
sarif\t'SARIF 2.1.0 for code-scanning services'"
complete -c lookout -n "__fish_lookout_using_subcommand check; and __fish_seen_subcommand_from promql" -l enable-feature -d 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)' -r
complete -c lookout -n "__fish_lookout_using_subcommand check; and __fish_seen_subcommand_from promql" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lookout -n "__fish_lookout_using_subcommand check; and __fish_seen_subcommand_from promql" -s V -l version -d 'Print version'
complete -c lookout -n "__fish_lookout_using_subcommand check; and __fish_seen_subcommand_from rules" -l lint -d 'Lints to apply, comma-separated: all, duplicate-rules, none' -r
complete -c lookout -n "__fish_lookout_using_subcommand check; and __fish_seen_subcommand_from rules" -s o -l output -d 'Output format: `human` is promtool\'s text' -r -f -a "human\t'Annotated snippets on standard error, a summary on standard output'
json\t'One JSON document on standard output'
github\t'GitHub Actions workflow commands (`::error file=..,line=..,col=..::`)'
junit\t'JUnit XML, one test case per input'
sarif\t'SARIF 2.1.0 for code-scanning services'"
complete -c lookout -n "__fish_lookout_using_subcommand check; and __fish_seen_subcommand_from rules" -l enable-feature -d 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)' -r
complete -c lookout -n "__fish_lookout_using_subcommand check; and __fish_seen_subcommand_from rules" -l lint-fatal -d 'Exit with code 3 when lints find something (and no errors were found)'
complete -c lookout -n "__fish_lookout_using_subcommand check; and __fish_seen_subcommand_from rules" -l ignore-unknown-fields -d 'Accept keys the rule format does not define (e.g. custom metadata on groups)'
complete -c lookout -n "__fish_lookout_using_subcommand check; and __fish_seen_subcommand_from rules" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lookout -n "__fish_lookout_using_subcommand check; and __fish_seen_subcommand_from rules" -s V -l version -d 'Print version'
complete -c lookout -n "__fish_lookout_using_subcommand check; and __fish_seen_subcommand_from config" -l lint -d 'Lints, comma-separated: all, duplicate-rules, too-long-scrape-interval (a scrape interval at least the lookback delta), short-rate-window (a rule\'s rate()-like window under twice the longest scrape interval), none' -r
complete -c lookout -n "__fish_lookout_using_subcommand check; and __fish_seen_subcommand_from config" -l query.lookback-delta -d 'The server\'s query lookback delta, for the too-long-scrape-interval lint' -r
complete -c lookout -n "__fish_lookout_using_subcommand check; and __fish_seen_subcommand_from config" -s o -l output -d 'Output format: `human` is promtool\'s text' -r -f -a "human\t'Annotated snippets on standard error, a summary on standard output'
json\t'One JSON document on standard output'
github\t'GitHub Actions workflow commands (`::error file=..,line=..,col=..::`)'
junit\t'JUnit XML, one test case per input'
sarif\t'SARIF 2.1.0 for code-scanning services'"
complete -c lookout -n "__fish_lookout_using_subcommand check; and __fish_seen_subcommand_from config" -l enable-feature -d 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)' -r
complete -c lookout -n "__fish_lookout_using_subcommand check; and __fish_seen_subcommand_from config" -l syntax-only -d 'Only check the file\'s own syntax and values, not the files it refers to'
complete -c lookout -n "__fish_lookout_using_subcommand check; and __fish_seen_subcommand_from config" -l agent -d 'Check for agent mode: no alerting, rule files or remote read'
complete -c lookout -n "__fish_lookout_using_subcommand check; and __fish_seen_subcommand_from config" -l lint-fatal -d 'Exit with code 3 when lints find something (and no errors were found)'
complete -c lookout -n "__fish_lookout_using_subcommand check; and __fish_seen_subcommand_from config" -l print -d 'Print each file\'s effective configuration as YAML instead of checking further: defaults filled in, secrets as `<secret>` (what Prometheus shows at /api/v1/status/config)'
complete -c lookout -n "__fish_lookout_using_subcommand check; and __fish_seen_subcommand_from config" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lookout -n "__fish_lookout_using_subcommand check; and __fish_seen_subcommand_from config" -s V -l version -d 'Print version'
complete -c lookout -n "__fish_lookout_using_subcommand check; and __fish_seen_subcommand_from web-config" -s o -l output -d 'Output format: `human` is promtool\'s text' -r -f -a "human\t'Annotated snippets on standard error, a summary on standard output'
json\t'One JSON document on standard output'
github\t'GitHub Actions workflow commands (`::error file=..,line=..,col=..::`)'
junit\t'JUnit XML, one test case per input'
sarif\t'SARIF 2.1.0 for code-scanning services'"
complete -c lookout -n "__fish_lookout_using_subcommand check; and __fish_seen_subcommand_from web-config" -l enable-feature -d 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)' -r
complete -c lookout -n "__fish_lookout_using_subcommand check; and __fish_seen_subcommand_from web-config" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lookout -n "__fish_lookout_using_subcommand check; and __fish_seen_subcommand_from web-config" -s V -l version -d 'Print version'
complete -c lookout -n "__fish_lookout_using_subcommand check; and __fish_seen_subcommand_from metrics" -l lint -d 'Linting: `all` (promtool\'s rules) or `none`' -r
complete -c lookout -n "__fish_lookout_using_subcommand check; and __fish_seen_subcommand_from metrics" -s o -l output -d 'Output format: `human` is promtool\'s text' -r -f -a "human\t'Annotated snippets on standard error, a summary on standard output'
json\t'One JSON document on standard output'
github\t'GitHub Actions workflow commands (`::error file=..,line=..,col=..::`)'
junit\t'JUnit XML, one test case per input'
sarif\t'SARIF 2.1.0 for code-scanning services'"
complete -c lookout -n "__fish_lookout_using_subcommand check; and __fish_seen_subcommand_from metrics" -l enable-feature -d 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)' -r
complete -c lookout -n "__fish_lookout_using_subcommand check; and __fish_seen_subcommand_from metrics" -l extended -d 'Also print the cardinality of each metric (series per metric name)'
complete -c lookout -n "__fish_lookout_using_subcommand check; and __fish_seen_subcommand_from metrics" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lookout -n "__fish_lookout_using_subcommand check; and __fish_seen_subcommand_from metrics" -s V -l version -d 'Print version'
complete -c lookout -n "__fish_lookout_using_subcommand check; and __fish_seen_subcommand_from dashboards" -s o -l output -d 'Output format: `human` is annotated snippets and a summary per file' -r -f -a "human\t'Annotated snippets on standard error, a summary on standard output'
json\t'One JSON document on standard output'
github\t'GitHub Actions workflow commands (`::error file=..,line=..,col=..::`)'
junit\t'JUnit XML, one test case per input'
sarif\t'SARIF 2.1.0 for code-scanning services'"
complete -c lookout -n "__fish_lookout_using_subcommand check; and __fish_seen_subcommand_from dashboards" -s c -l config -d 'The dashboard-linter configuration (exclusions and warnings) for every dashboard, instead of the `.lint` file next to each' -r -F
complete -c lookout -n "__fish_lookout_using_subcommand check; and __fish_seen_subcommand_from dashboards" -l metrics -d 'Report queries selecting metric names that nothing exports, from FILE: a list of names (one per line) or a scrape in the Prometheus text or OpenMetrics format. Histogram and summary families stand for their `_bucket`, `_sum` and `_count` series. Names under `absent()` and names made of variables are not judged' -r -F
complete -c lookout -n "__fish_lookout_using_subcommand check; and __fish_seen_subcommand_from dashboards" -l rules -d 'Rule files whose recorded names count as exported (with `--metrics`); repeatable' -r -F
complete -c lookout -n "__fish_lookout_using_subcommand check; and __fish_seen_subcommand_from dashboards" -l enable-feature -d 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)' -r
complete -c lookout -n "__fish_lookout_using_subcommand check; and __fish_seen_subcommand_from dashboards" -l strict -d 'Make lint findings errors (exit 1), as dashboard-linter\'s `--strict` does (it fails on its warnings too). Without it they are warnings (the rules\' own warnings are notes)'
complete -c lookout -n "__fish_lookout_using_subcommand check; and __fish_seen_subcommand_from dashboards" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lookout -n "__fish_lookout_using_subcommand check; and __fish_seen_subcommand_from dashboards" -s V -l version -d 'Print version'
complete -c lookout -n "__fish_lookout_using_subcommand check; and __fish_seen_subcommand_from grafana-provisioning" -s o -l output -d 'Output format: `human` is promtool-like text' -r -f -a "human\t'Annotated snippets on standard error, a summary on standard output'
json\t'One JSON document on standard output'
github\t'GitHub Actions workflow commands (`::error file=..,line=..,col=..::`)'
junit\t'JUnit XML, one test case per input'
sarif\t'SARIF 2.1.0 for code-scanning services'"
complete -c lookout -n "__fish_lookout_using_subcommand check; and __fish_seen_subcommand_from grafana-provisioning" -l enable-feature -d 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)' -r
complete -c lookout -n "__fish_lookout_using_subcommand check; and __fish_seen_subcommand_from grafana-provisioning" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lookout -n "__fish_lookout_using_subcommand check; and __fish_seen_subcommand_from grafana-provisioning" -s V -l version -d 'Print version'
complete -c lookout -n "__fish_lookout_using_subcommand check; and __fish_seen_subcommand_from help" -f -a "promql" -d 'Check PromQL expressions for syntax and type errors'
complete -c lookout -n "__fish_lookout_using_subcommand check; and __fish_seen_subcommand_from help" -f -a "rules" -d 'Check rule files like `promtool check rules`'
complete -c lookout -n "__fish_lookout_using_subcommand check; and __fish_seen_subcommand_from help" -f -a "config" -d 'Check prometheus.yml files like `promtool check config`'
complete -c lookout -n "__fish_lookout_using_subcommand check; and __fish_seen_subcommand_from help" -f -a "web-config" -d 'Check web configuration files (TLS and basic auth of Prometheus\'s and exporters\' servers) like `promtool check web-config`'
complete -c lookout -n "__fish_lookout_using_subcommand check; and __fish_seen_subcommand_from help" -f -a "metrics" -d 'Lint metrics in the Prometheus text exposition format, read from standard input, like `promtool check metrics` (e.g. `curl -s host:9100/metrics | lookout check metrics`)'
complete -c lookout -n "__fish_lookout_using_subcommand check; and __fish_seen_subcommand_from help" -f -a "dashboards" -d 'Check Grafana dashboards: JSON syntax, datasource references, template variables and every PromQL query after variable substitution; lint them with dashboard-linter\'s rules'
complete -c lookout -n "__fish_lookout_using_subcommand check; and __fish_seen_subcommand_from help" -f -a "grafana-provisioning" -d 'Check Grafana provisioning files: data sources, dashboard providers and alerting'
complete -c lookout -n "__fish_lookout_using_subcommand check; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c lookout -n "__fish_lookout_using_subcommand promql; and not __fish_seen_subcommand_from format parse help" -l enable-feature -d 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)' -r
complete -c lookout -n "__fish_lookout_using_subcommand promql; and not __fish_seen_subcommand_from format parse help" -s h -l help -d 'Print help'
complete -c lookout -n "__fish_lookout_using_subcommand promql; and not __fish_seen_subcommand_from format parse help" -s V -l version -d 'Print version'
complete -c lookout -n "__fish_lookout_using_subcommand promql; and not __fish_seen_subcommand_from format parse help" -f -a "format" -d 'Print an expression in canonical, prettified form (like `promtool promql format`)'
complete -c lookout -n "__fish_lookout_using_subcommand promql; and not __fish_seen_subcommand_from format parse help" -f -a "parse" -d 'Print the syntax tree of an expression'
complete -c lookout -n "__fish_lookout_using_subcommand promql; and not __fish_seen_subcommand_from format parse help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c lookout -n "__fish_lookout_using_subcommand promql; and __fish_seen_subcommand_from format" -l enable-feature -d 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)' -r
complete -c lookout -n "__fish_lookout_using_subcommand promql; and __fish_seen_subcommand_from format" -s h -l help -d 'Print help'
complete -c lookout -n "__fish_lookout_using_subcommand promql; and __fish_seen_subcommand_from format" -s V -l version -d 'Print version'
complete -c lookout -n "__fish_lookout_using_subcommand promql; and __fish_seen_subcommand_from parse" -s o -l output -d 'Output format' -r -f -a "json\t'The tree as JSON (Prometheus\'s parse_query shape, with byte spans)'
tree\t'An indented outline of the nodes'"
complete -c lookout -n "__fish_lookout_using_subcommand promql; and __fish_seen_subcommand_from parse" -l enable-feature -d 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)' -r
complete -c lookout -n "__fish_lookout_using_subcommand promql; and __fish_seen_subcommand_from parse" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lookout -n "__fish_lookout_using_subcommand promql; and __fish_seen_subcommand_from parse" -s V -l version -d 'Print version'
complete -c lookout -n "__fish_lookout_using_subcommand promql; and __fish_seen_subcommand_from help" -f -a "format" -d 'Print an expression in canonical, prettified form (like `promtool promql format`)'
complete -c lookout -n "__fish_lookout_using_subcommand promql; and __fish_seen_subcommand_from help" -f -a "parse" -d 'Print the syntax tree of an expression'
complete -c lookout -n "__fish_lookout_using_subcommand promql; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c lookout -n "__fish_lookout_using_subcommand test; and not __fish_seen_subcommand_from promql rules help" -l enable-feature -d 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)' -r
complete -c lookout -n "__fish_lookout_using_subcommand test; and not __fish_seen_subcommand_from promql rules help" -s h -l help -d 'Print help'
complete -c lookout -n "__fish_lookout_using_subcommand test; and not __fish_seen_subcommand_from promql rules help" -s V -l version -d 'Print version'
complete -c lookout -n "__fish_lookout_using_subcommand test; and not __fish_seen_subcommand_from promql rules help" -f -a "promql" -d 'Run promqltest scripts (Prometheus\'s PromQL test language) against lookout\'s engine'
complete -c lookout -n "__fish_lookout_using_subcommand test; and not __fish_seen_subcommand_from promql rules help" -f -a "rules" -d 'Run rule unit tests in promtool\'s format (`promtool test rules`)'
complete -c lookout -n "__fish_lookout_using_subcommand test; and not __fish_seen_subcommand_from promql rules help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c lookout -n "__fish_lookout_using_subcommand test; and __fish_seen_subcommand_from promql" -l run -d 'Run only the evals whose expression matches REGEX (unanchored)' -r
complete -c lookout -n "__fish_lookout_using_subcommand test; and __fish_seen_subcommand_from promql" -s o -l output -d 'Output format' -r -f -a "human\t'Per-file counts and each failure on standard output'
json\t'One JSON document on standard output'
junit\t'JUnit XML, one test case per eval'"
complete -c lookout -n "__fish_lookout_using_subcommand test; and __fish_seen_subcommand_from promql" -l enable-feature -d 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)' -r
complete -c lookout -n "__fish_lookout_using_subcommand test; and __fish_seen_subcommand_from promql" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lookout -n "__fish_lookout_using_subcommand test; and __fish_seen_subcommand_from promql" -s V -l version -d 'Print version'
complete -c lookout -n "__fish_lookout_using_subcommand test; and __fish_seen_subcommand_from rules" -l run -d 'Run only test groups whose name matches REGEX (unanchored; repeatable, joined with `|`)' -r
complete -c lookout -n "__fish_lookout_using_subcommand test; and __fish_seen_subcommand_from rules" -l junit -d 'Also write a JUnit XML report to FILE' -r -F
complete -c lookout -n "__fish_lookout_using_subcommand test; and __fish_seen_subcommand_from rules" -s o -l output -d 'Output format on standard output' -r -f -a "human\t'promtool\'s text (`SUCCESS` / `FAILED:` with each failure), plus a diff per failure'
json\t'One JSON document'
junit\t'JUnit XML, one test case per test group'"
complete -c lookout -n "__fish_lookout_using_subcommand test; and __fish_seen_subcommand_from rules" -s j -l jobs -d 'Worker threads for test groups (default: one per CPU)' -r
complete -c lookout -n "__fish_lookout_using_subcommand test; and __fish_seen_subcommand_from rules" -l enable-feature -d 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)' -r
complete -c lookout -n "__fish_lookout_using_subcommand test; and __fish_seen_subcommand_from rules" -l ignore-unknown-fields -d 'Accept keys the rule format does not define in the rule files under test'
complete -c lookout -n "__fish_lookout_using_subcommand test; and __fish_seen_subcommand_from rules" -l debug -d 'Print all series (input and rule output) at the end of each test group'
complete -c lookout -n "__fish_lookout_using_subcommand test; and __fish_seen_subcommand_from rules" -l diff -d 'Show each failure as a diff of expected and actual alerts or samples (`-` missing, `+` unexpected, `~` changed) instead of the two full lists'
complete -c lookout -n "__fish_lookout_using_subcommand test; and __fish_seen_subcommand_from rules" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lookout -n "__fish_lookout_using_subcommand test; and __fish_seen_subcommand_from rules" -s V -l version -d 'Print version'
complete -c lookout -n "__fish_lookout_using_subcommand test; and __fish_seen_subcommand_from help" -f -a "promql" -d 'Run promqltest scripts (Prometheus\'s PromQL test language) against lookout\'s engine'
complete -c lookout -n "__fish_lookout_using_subcommand test; and __fish_seen_subcommand_from help" -f -a "rules" -d 'Run rule unit tests in promtool\'s format (`promtool test rules`)'
complete -c lookout -n "__fish_lookout_using_subcommand test; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c lookout -n "__fish_lookout_using_subcommand tsdb; and not __fish_seen_subcommand_from dump list analyze create-blocks-from help" -l enable-feature -d 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)' -r
complete -c lookout -n "__fish_lookout_using_subcommand tsdb; and not __fish_seen_subcommand_from dump list analyze create-blocks-from help" -s h -l help -d 'Print help'
complete -c lookout -n "__fish_lookout_using_subcommand tsdb; and not __fish_seen_subcommand_from dump list analyze create-blocks-from help" -s V -l version -d 'Print version'
complete -c lookout -n "__fish_lookout_using_subcommand tsdb; and not __fish_seen_subcommand_from dump list analyze create-blocks-from help" -f -a "dump" -d 'Print the float samples of a data directory like `promtool tsdb dump`'
complete -c lookout -n "__fish_lookout_using_subcommand tsdb; and not __fish_seen_subcommand_from dump list analyze create-blocks-from help" -f -a "list" -d 'List a data directory\'s blocks like `promtool tsdb list`: ULID, time range, duration, samples, chunks, series and size on disk, oldest first'
complete -c lookout -n "__fish_lookout_using_subcommand tsdb; and not __fish_seen_subcommand_from dump list analyze create-blocks-from help" -f -a "analyze" -d 'Analyze a block\'s series and label cardinality, churn and compaction efficiency'
complete -c lookout -n "__fish_lookout_using_subcommand tsdb; and not __fish_seen_subcommand_from dump list analyze create-blocks-from help" -f -a "create-blocks-from" -d 'Write TSDB blocks from other data (backfilling)'
complete -c lookout -n "__fish_lookout_using_subcommand tsdb; and not __fish_seen_subcommand_from dump list analyze create-blocks-from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c lookout -n "__fish_lookout_using_subcommand tsdb; and __fish_seen_subcommand_from dump" -l min-time -d 'Minimum timestamp to dump, in milliseconds since the epoch (inclusive)' -r
complete -c lookout -n "__fish_lookout_using_subcommand tsdb; and __fish_seen_subcommand_from dump" -l max-time -d 'Maximum timestamp to dump, in milliseconds since the epoch (inclusive)' -r
complete -c lookout -n "__fish_lookout_using_subcommand tsdb; and __fish_seen_subcommand_from dump" -l match -d 'Dump only the series matching this series selector, e.g. \'up{job="node"}\' (repeatable: series matching any of them). Default: all series' -r
complete -c lookout -n "__fish_lookout_using_subcommand tsdb; and __fish_seen_subcommand_from dump" -l format -d 'Output format: `promtool` is `promtool tsdb dump`\'s text (2.42); `openmetrics` is newer promtool\'s `dump-openmetrics` (`name{labels} value seconds`, then `# EOF`), which `tsdb create-blocks-from openmetrics` reads back. Both print float samples only' -r -f -a "promtool\t''
openmetrics\t''"
complete -c lookout -n "__fish_lookout_using_subcommand tsdb; and __fish_seen_subcommand_from dump" -l enable-feature -d 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)' -r
complete -c lookout -n "__fish_lookout_using_subcommand tsdb; and __fish_seen_subcommand_from dump" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lookout -n "__fish_lookout_using_subcommand tsdb; and __fish_seen_subcommand_from dump" -s V -l version -d 'Print version'
complete -c lookout -n "__fish_lookout_using_subcommand tsdb; and __fish_seen_subcommand_from list" -l enable-feature -d 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)' -r
complete -c lookout -n "__fish_lookout_using_subcommand tsdb; and __fish_seen_subcommand_from list" -s r -l human-readable -d 'Print times as UTC dates and sizes with binary units'
complete -c lookout -n "__fish_lookout_using_subcommand tsdb; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c lookout -n "__fish_lookout_using_subcommand tsdb; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c lookout -n "__fish_lookout_using_subcommand tsdb; and __fish_seen_subcommand_from analyze" -l limit -d 'How many entries to show in each list' -r
complete -c lookout -n "__fish_lookout_using_subcommand tsdb; and __fish_seen_subcommand_from analyze" -l match -d 'Analyze only the series matching this series selector, e.g. \'up{job="node"}\' (newer promtool\'s --match)' -r
complete -c lookout -n "__fish_lookout_using_subcommand tsdb; and __fish_seen_subcommand_from analyze" -s o -l output -d 'Output format: tables, promtool\'s text, or one JSON document' -r -f -a "table\t'Tables (colored on a terminal unless NO_COLOR is set)'
promtool\t'Exactly what `promtool tsdb analyze` 2.42 prints'
json\t'One JSON document (shape in the command\'s help)'"
complete -c lookout -n "__fish_lookout_using_subcommand tsdb; and __fish_seen_subcommand_from analyze" -l enable-feature -d 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)' -r
complete -c lookout -n "__fish_lookout_using_subcommand tsdb; and __fish_seen_subcommand_from analyze" -l extended -d 'Also read every chunk: how full the chunks are (samples per chunk, as a share of 120, promtool\'s compaction analysis) and the samples, bytes and histogram buckets per chunk'
complete -c lookout -n "__fish_lookout_using_subcommand tsdb; and __fish_seen_subcommand_from analyze" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lookout -n "__fish_lookout_using_subcommand tsdb; and __fish_seen_subcommand_from analyze" -s V -l version -d 'Print version'
complete -c lookout -n "__fish_lookout_using_subcommand tsdb; and __fish_seen_subcommand_from create-blocks-from" -l enable-feature -d 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)' -r
complete -c lookout -n "__fish_lookout_using_subcommand tsdb; and __fish_seen_subcommand_from create-blocks-from" -s h -l help -d 'Print help'
complete -c lookout -n "__fish_lookout_using_subcommand tsdb; and __fish_seen_subcommand_from create-blocks-from" -s V -l version -d 'Print version'
complete -c lookout -n "__fish_lookout_using_subcommand tsdb; and __fish_seen_subcommand_from create-blocks-from" -f -a "openmetrics" -d 'Write blocks from an OpenMetrics text file (every sample with a timestamp, `# EOF` at the end), like `promtool tsdb create-blocks-from openmetrics`'
complete -c lookout -n "__fish_lookout_using_subcommand tsdb; and __fish_seen_subcommand_from create-blocks-from" -f -a "rules" -d 'Backfill rules, like `promtool tsdb create-blocks-from rules`: each rule\'s expression is evaluated over [--start, --end] at its group\'s evaluation times, as range queries against --url (or locally over --tsdb DIR), one block per rule and window. As promtool does (whatever its help says), alerting rules are imported too: their expression under the alert\'s name. Unlike promtool, a window without an evaluation time does not end a rule\'s import. Exit codes: 0 success, 1 invalid rule files or a failed evaluation, 2 usage or I/O'
complete -c lookout -n "__fish_lookout_using_subcommand tsdb; and __fish_seen_subcommand_from create-blocks-from" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c lookout -n "__fish_lookout_using_subcommand tsdb; and __fish_seen_subcommand_from help" -f -a "dump" -d 'Print the float samples of a data directory like `promtool tsdb dump`'
complete -c lookout -n "__fish_lookout_using_subcommand tsdb; and __fish_seen_subcommand_from help" -f -a "list" -d 'List a data directory\'s blocks like `promtool tsdb list`: ULID, time range, duration, samples, chunks, series and size on disk, oldest first'
complete -c lookout -n "__fish_lookout_using_subcommand tsdb; and __fish_seen_subcommand_from help" -f -a "analyze" -d 'Analyze a block\'s series and label cardinality, churn and compaction efficiency'
complete -c lookout -n "__fish_lookout_using_subcommand tsdb; and __fish_seen_subcommand_from help" -f -a "create-blocks-from" -d 'Write TSDB blocks from other data (backfilling)'
complete -c lookout -n "__fish_lookout_using_subcommand tsdb; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c lookout -n "__fish_lookout_using_subcommand query; and not __fish_seen_subcommand_from instant range series labels help" -l enable-feature -d 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)' -r
complete -c lookout -n "__fish_lookout_using_subcommand query; and not __fish_seen_subcommand_from instant range series labels help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lookout -n "__fish_lookout_using_subcommand query; and not __fish_seen_subcommand_from instant range series labels help" -s V -l version -d 'Print version'
complete -c lookout -n "__fish_lookout_using_subcommand query; and not __fish_seen_subcommand_from instant range series labels help" -f -a "instant" -d 'Evaluate an expression at one time (`/api/v1/query`)'
complete -c lookout -n "__fish_lookout_using_subcommand query; and not __fish_seen_subcommand_from instant range series labels help" -f -a "range" -d 'Evaluate an expression at every step of a time range (`/api/v1/query_range`)'
complete -c lookout -n "__fish_lookout_using_subcommand query; and not __fish_seen_subcommand_from instant range series labels help" -f -a "series" -d 'List the series matching selectors (`/api/v1/series`)'
complete -c lookout -n "__fish_lookout_using_subcommand query; and not __fish_seen_subcommand_from instant range series labels help" -f -a "labels" -d 'List label names, or the values of label NAME (`/api/v1/labels`, `/api/v1/label/NAME/values`)'
complete -c lookout -n "__fish_lookout_using_subcommand query; and not __fish_seen_subcommand_from instant range series labels help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c lookout -n "__fish_lookout_using_subcommand query; and __fish_seen_subcommand_from instant" -l server -d 'The server\'s base URL, e.g. http://localhost:9090 (also a path prefix such as https://mimir.example/prometheus)' -r
complete -c lookout -n "__fish_lookout_using_subcommand query; and __fish_seen_subcommand_from instant" -l tsdb -d 'Query the blocks of this Prometheus data directory (or a single block) instead of a server' -r -F
complete -c lookout -n "__fish_lookout_using_subcommand query; and __fish_seen_subcommand_from instant" -s o -l output -d 'Output format: `json` is exactly the HTTP API\'s `data` object' -r -f -a "table\t'A table (range queries: one row per series with its point count, min, max and last)'
json\t'The HTTP API\'s `data` object'
csv\t'Comma-separated values: one row per sample with a column per label'
chart\t'A line chart in the terminal (range queries)'"
complete -c lookout -n "__fish_lookout_using_subcommand query; and __fish_seen_subcommand_from instant" -l header -d 'An HTTP header to send, `Name: value` (repeatable), e.g. \'X-Scope-OrgID: tenant1\'' -r
complete -c lookout -n "__fish_lookout_using_subcommand query; and __fish_seen_subcommand_from instant" -l http.config.file -d 'HTTP client settings as Prometheus\'s `http_config` YAML (basic_auth, authorization, tls_config, proxy_url, ...), like promtool\'s flag of the same name' -r -F
complete -c lookout -n "__fish_lookout_using_subcommand query; and __fish_seen_subcommand_from instant" -l bearer-token-file -d 'Send `Authorization: Bearer <token>` with the token read from FILE' -r -F
complete -c lookout -n "__fish_lookout_using_subcommand query; and __fish_seen_subcommand_from instant" -l basic-auth -d 'Basic auth as USER:PASSWORD (the password may also come from LOOKOUT_PASSWORD)' -r
complete -c lookout -n "__fish_lookout_using_subcommand query; and __fish_seen_subcommand_from instant" -l tls.ca-file -d 'CA certificate (PEM) to verify the server with' -r -F
complete -c lookout -n "__fish_lookout_using_subcommand query; and __fish_seen_subcommand_from instant" -l tls.cert-file -d 'Client certificate (PEM) for mutual TLS; needs --tls.key-file' -r -F
complete -c lookout -n "__fish_lookout_using_subcommand query; and __fish_seen_subcommand_from instant" -l tls.key-file -d 'Client key (PEM) for mutual TLS' -r -F
complete -c lookout -n "__fish_lookout_using_subcommand query; and __fish_seen_subcommand_from instant" -l timeout -d 'Give up on the server after this long' -r
complete -c lookout -n "__fish_lookout_using_subcommand query; and __fish_seen_subcommand_from instant" -l query.lookback-delta -d 'With --tsdb: how far back an instant selector looks for a sample' -r
complete -c lookout -n "__fish_lookout_using_subcommand query; and __fish_seen_subcommand_from instant" -l time -d 'Evaluation time. Default: now; with --tsdb, the newest sample\'s time when the data ends before now' -r
complete -c lookout -n "__fish_lookout_using_subcommand query; and __fish_seen_subcommand_from instant" -l enable-feature -d 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)' -r
complete -c lookout -n "__fish_lookout_using_subcommand query; and __fish_seen_subcommand_from instant" -l tls.insecure-skip-verify -d 'Do not verify the server\'s certificate'
complete -c lookout -n "__fish_lookout_using_subcommand query; and __fish_seen_subcommand_from instant" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lookout -n "__fish_lookout_using_subcommand query; and __fish_seen_subcommand_from instant" -s V -l version -d 'Print version'
complete -c lookout -n "__fish_lookout_using_subcommand query; and __fish_seen_subcommand_from range" -l server -d 'The server\'s base URL, e.g. http://localhost:9090 (also a path prefix such as https://mimir.example/prometheus)' -r
complete -c lookout -n "__fish_lookout_using_subcommand query; and __fish_seen_subcommand_from range" -l tsdb -d 'Query the blocks of this Prometheus data directory (or a single block) instead of a server' -r -F
complete -c lookout -n "__fish_lookout_using_subcommand query; and __fish_seen_subcommand_from range" -s o -l output -d 'Output format: `json` is exactly the HTTP API\'s `data` object' -r -f -a "table\t'A table (range queries: one row per series with its point count, min, max and last)'
json\t'The HTTP API\'s `data` object'
csv\t'Comma-separated values: one row per sample with a column per label'
chart\t'A line chart in the terminal (range queries)'"
complete -c lookout -n "__fish_lookout_using_subcommand query; and __fish_seen_subcommand_from range" -l header -d 'An HTTP header to send, `Name: value` (repeatable), e.g. \'X-Scope-OrgID: tenant1\'' -r
complete -c lookout -n "__fish_lookout_using_subcommand query; and __fish_seen_subcommand_from range" -l http.config.file -d 'HTTP client settings as Prometheus\'s `http_config` YAML (basic_auth, authorization, tls_config, proxy_url, ...), like promtool\'s flag of the same name' -r -F
complete -c lookout -n "__fish_lookout_using_subcommand query; and __fish_seen_subcommand_from range" -l bearer-token-file -d 'Send `Authorization: Bearer <token>` with the token read from FILE' -r -F
complete -c lookout -n "__fish_lookout_using_subcommand query; and __fish_seen_subcommand_from range" -l basic-auth -d 'Basic auth as USER:PASSWORD (the password may also come from LOOKOUT_PASSWORD)' -r
complete -c lookout -n "__fish_lookout_using_subcommand query; and __fish_seen_subcommand_from range" -l tls.ca-file -d 'CA certificate (PEM) to verify the server with' -r -F
complete -c lookout -n "__fish_lookout_using_subcommand query; and __fish_seen_subcommand_from range" -l tls.cert-file -d 'Client certificate (PEM) for mutual TLS; needs --tls.key-file' -r -F
complete -c lookout -n "__fish_lookout_using_subcommand query; and __fish_seen_subcommand_from range" -l tls.key-file -d 'Client key (PEM) for mutual TLS' -r -F
complete -c lookout -n "__fish_lookout_using_subcommand query; and __fish_seen_subcommand_from range" -l timeout -d 'Give up on the server after this long' -r
complete -c lookout -n "__fish_lookout_using_subcommand query; and __fish_seen_subcommand_from range" -l query.lookback-delta -d 'With --tsdb: how far back an instant selector looks for a sample' -r
complete -c lookout -n "__fish_lookout_using_subcommand query; and __fish_seen_subcommand_from range" -l start -d 'Start of the range. Default: one hour before the end' -r
complete -c lookout -n "__fish_lookout_using_subcommand query; and __fish_seen_subcommand_from range" -l end -d 'End of the range. Default: now; with --tsdb, the newest sample\'s time when the data ends before now' -r
complete -c lookout -n "__fish_lookout_using_subcommand query; and __fish_seen_subcommand_from range" -l step -d 'Resolution step, a duration or seconds. Default: the range / 250, at least 1s (as promtool)' -r
complete -c lookout -n "__fish_lookout_using_subcommand query; and __fish_seen_subcommand_from range" -l enable-feature -d 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)' -r
complete -c lookout -n "__fish_lookout_using_subcommand query; and __fish_seen_subcommand_from range" -l tls.insecure-skip-verify -d 'Do not verify the server\'s certificate'
complete -c lookout -n "__fish_lookout_using_subcommand query; and __fish_seen_subcommand_from range" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lookout -n "__fish_lookout_using_subcommand query; and __fish_seen_subcommand_from range" -s V -l version -d 'Print version'
complete -c lookout -n "__fish_lookout_using_subcommand query; and __fish_seen_subcommand_from series" -l server -d 'The server\'s base URL, e.g. http://localhost:9090 (also a path prefix such as https://mimir.example/prometheus)' -r
complete -c lookout -n "__fish_lookout_using_subcommand query; and __fish_seen_subcommand_from series" -l tsdb -d 'Query the blocks of this Prometheus data directory (or a single block) instead of a server' -r -F
complete -c lookout -n "__fish_lookout_using_subcommand query; and __fish_seen_subcommand_from series" -s o -l output -d 'Output format: `json` is exactly the HTTP API\'s `data` object' -r -f -a "table\t'A table (range queries: one row per series with its point count, min, max and last)'
json\t'The HTTP API\'s `data` object'
csv\t'Comma-separated values: one row per sample with a column per label'
chart\t'A line chart in the terminal (range queries)'"
complete -c lookout -n "__fish_lookout_using_subcommand query; and __fish_seen_subcommand_from series" -l header -d 'An HTTP header to send, `Name: value` (repeatable), e.g. \'X-Scope-OrgID: tenant1\'' -r
complete -c lookout -n "__fish_lookout_using_subcommand query; and __fish_seen_subcommand_from series" -l http.config.file -d 'HTTP client settings as Prometheus\'s `http_config` YAML (basic_auth, authorization, tls_config, proxy_url, ...), like promtool\'s flag of the same name' -r -F
complete -c lookout -n "__fish_lookout_using_subcommand query; and __fish_seen_subcommand_from series" -l bearer-token-file -d 'Send `Authorization: Bearer <token>` with the token read from FILE' -r -F
complete -c lookout -n "__fish_lookout_using_subcommand query; and __fish_seen_subcommand_from series" -l basic-auth -d 'Basic auth as USER:PASSWORD (the password may also come from LOOKOUT_PASSWORD)' -r
complete -c lookout -n "__fish_lookout_using_subcommand query; and __fish_seen_subcommand_from series" -l tls.ca-file -d 'CA certificate (PEM) to verify the server with' -r -F
complete -c lookout -n "__fish_lookout_using_subcommand query; and __fish_seen_subcommand_from series" -l tls.cert-file -d 'Client certificate (PEM) for mutual TLS; needs --tls.key-file' -r -F
complete -c lookout -n "__fish_lookout_using_subcommand query; and __fish_seen_subcommand_from series" -l tls.key-file -d 'Client key (PEM) for mutual TLS' -r -F
complete -c lookout -n "__fish_lookout_using_subcommand query; and __fish_seen_subcommand_from series" -l timeout -d 'Give up on the server after this long' -r
complete -c lookout -n "__fish_lookout_using_subcommand query; and __fish_seen_subcommand_from series" -l query.lookback-delta -d 'With --tsdb: how far back an instant selector looks for a sample' -r
complete -c lookout -n "__fish_lookout_using_subcommand query; and __fish_seen_subcommand_from series" -l match -d 'Series selector (repeatable; series matching any), e.g. \'up{job="node"}\'' -r
complete -c lookout -n "__fish_lookout_using_subcommand query; and __fish_seen_subcommand_from series" -l start -d 'Start of the time range. Default: all data' -r
complete -c lookout -n "__fish_lookout_using_subcommand query; and __fish_seen_subcommand_from series" -l end -d 'End of the time range. Default: all data' -r
complete -c lookout -n "__fish_lookout_using_subcommand query; and __fish_seen_subcommand_from series" -l enable-feature -d 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)' -r
complete -c lookout -n "__fish_lookout_using_subcommand query; and __fish_seen_subcommand_from series" -l tls.insecure-skip-verify -d 'Do not verify the server\'s certificate'
complete -c lookout -n "__fish_lookout_using_subcommand query; and __fish_seen_subcommand_from series" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lookout -n "__fish_lookout_using_subcommand query; and __fish_seen_subcommand_from series" -s V -l version -d 'Print version'
complete -c lookout -n "__fish_lookout_using_subcommand query; and __fish_seen_subcommand_from labels" -l server -d 'The server\'s base URL, e.g. http://localhost:9090 (also a path prefix such as https://mimir.example/prometheus)' -r
complete -c lookout -n "__fish_lookout_using_subcommand query; and __fish_seen_subcommand_from labels" -l tsdb -d 'Query the blocks of this Prometheus data directory (or a single block) instead of a server' -r -F
complete -c lookout -n "__fish_lookout_using_subcommand query; and __fish_seen_subcommand_from labels" -s o -l output -d 'Output format: `json` is exactly the HTTP API\'s `data` object' -r -f -a "table\t'A table (range queries: one row per series with its point count, min, max and last)'
json\t'The HTTP API\'s `data` object'
csv\t'Comma-separated values: one row per sample with a column per label'
chart\t'A line chart in the terminal (range queries)'"
complete -c lookout -n "__fish_lookout_using_subcommand query; and __fish_seen_subcommand_from labels" -l header -d 'An HTTP header to send, `Name: value` (repeatable), e.g. \'X-Scope-OrgID: tenant1\'' -r
complete -c lookout -n "__fish_lookout_using_subcommand query; and __fish_seen_subcommand_from labels" -l http.config.file -d 'HTTP client settings as Prometheus\'s `http_config` YAML (basic_auth, authorization, tls_config, proxy_url, ...), like promtool\'s flag of the same name' -r -F
complete -c lookout -n "__fish_lookout_using_subcommand query; and __fish_seen_subcommand_from labels" -l bearer-token-file -d 'Send `Authorization: Bearer <token>` with the token read from FILE' -r -F
complete -c lookout -n "__fish_lookout_using_subcommand query; and __fish_seen_subcommand_from labels" -l basic-auth -d 'Basic auth as USER:PASSWORD (the password may also come from LOOKOUT_PASSWORD)' -r
complete -c lookout -n "__fish_lookout_using_subcommand query; and __fish_seen_subcommand_from labels" -l tls.ca-file -d 'CA certificate (PEM) to verify the server with' -r -F
complete -c lookout -n "__fish_lookout_using_subcommand query; and __fish_seen_subcommand_from labels" -l tls.cert-file -d 'Client certificate (PEM) for mutual TLS; needs --tls.key-file' -r -F
complete -c lookout -n "__fish_lookout_using_subcommand query; and __fish_seen_subcommand_from labels" -l tls.key-file -d 'Client key (PEM) for mutual TLS' -r -F
complete -c lookout -n "__fish_lookout_using_subcommand query; and __fish_seen_subcommand_from labels" -l timeout -d 'Give up on the server after this long' -r
complete -c lookout -n "__fish_lookout_using_subcommand query; and __fish_seen_subcommand_from labels" -l query.lookback-delta -d 'With --tsdb: how far back an instant selector looks for a sample' -r
complete -c lookout -n "__fish_lookout_using_subcommand query; and __fish_seen_subcommand_from labels" -l match -d 'Only series matching this selector (repeatable; series matching any)' -r
complete -c lookout -n "__fish_lookout_using_subcommand query; and __fish_seen_subcommand_from labels" -l start -d 'Start of the time range. Default: all data' -r
complete -c lookout -n "__fish_lookout_using_subcommand query; and __fish_seen_subcommand_from labels" -l end -d 'End of the time range. Default: all data' -r
complete -c lookout -n "__fish_lookout_using_subcommand query; and __fish_seen_subcommand_from labels" -l enable-feature -d 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)' -r
complete -c lookout -n "__fish_lookout_using_subcommand query; and __fish_seen_subcommand_from labels" -l tls.insecure-skip-verify -d 'Do not verify the server\'s certificate'
complete -c lookout -n "__fish_lookout_using_subcommand query; and __fish_seen_subcommand_from labels" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lookout -n "__fish_lookout_using_subcommand query; and __fish_seen_subcommand_from labels" -s V -l version -d 'Print version'
complete -c lookout -n "__fish_lookout_using_subcommand query; and __fish_seen_subcommand_from help" -f -a "instant" -d 'Evaluate an expression at one time (`/api/v1/query`)'
complete -c lookout -n "__fish_lookout_using_subcommand query; and __fish_seen_subcommand_from help" -f -a "range" -d 'Evaluate an expression at every step of a time range (`/api/v1/query_range`)'
complete -c lookout -n "__fish_lookout_using_subcommand query; and __fish_seen_subcommand_from help" -f -a "series" -d 'List the series matching selectors (`/api/v1/series`)'
complete -c lookout -n "__fish_lookout_using_subcommand query; and __fish_seen_subcommand_from help" -f -a "labels" -d 'List label names, or the values of label NAME (`/api/v1/labels`, `/api/v1/label/NAME/values`)'
complete -c lookout -n "__fish_lookout_using_subcommand query; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c lookout -n "__fish_lookout_using_subcommand relabel" -l config -d 'The Prometheus configuration file' -r -F
complete -c lookout -n "__fish_lookout_using_subcommand relabel" -l job -d 'The scrape job (`job_name`) whose rules to apply' -r
complete -c lookout -n "__fish_lookout_using_subcommand relabel" -s o -l output -d 'Output format' -r -f -a "human\t'One line per step'
json\t'One JSON document'"
complete -c lookout -n "__fish_lookout_using_subcommand relabel" -l enable-feature -d 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)' -r
complete -c lookout -n "__fish_lookout_using_subcommand relabel" -l metric -d 'Apply `metric_relabel_configs` instead of `relabel_configs`'
complete -c lookout -n "__fish_lookout_using_subcommand relabel" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lookout -n "__fish_lookout_using_subcommand relabel" -s V -l version -d 'Print version'
complete -c lookout -n "__fish_lookout_using_subcommand grade" -l challenge -d 'The challenge the repositories are for [default: monitoring-stack, or the one a repository\'s layout clearly shows: loki/ and promtail/ are logging-stack, services/frontend/ is distributed-tracing]' -r -f -a "monitoring-stack\t''
logging-stack\t''
distributed-tracing\t''"
complete -c lookout -n "__fish_lookout_using_subcommand grade" -l rubric -d 'Which rubric: `readme` (the README\'s table with deep checks; for the sibling challenges, run.py\'s tasks split into deep checks), `runpy` (run.py\'s sections or tasks and points, decided by parsing) or `runpy-substring` (run.py\'s own substring or regex checks, for comparison; not for logging-stack, whose run.py parses YAML)' -r -f -a "readme\t''
runpy\t''
runpy-substring\t''"
complete -c lookout -n "__fish_lookout_using_subcommand grade" -s o -l output -d 'Output format; `csv` is a gradebook (one row per repository)' -r -f -a "human\t'run.py\'s report for one repository; a summary table for several'
json\t'The reports (an object for one repository, an array for several)'
csv\t'One row per repository: points per section, score, pass'"
complete -c lookout -n "__fish_lookout_using_subcommand grade" -s j -l jobs -d 'How many repositories to grade at once [default: the number of CPUs]' -r
complete -c lookout -n "__fish_lookout_using_subcommand grade" -l enable-feature -d 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)' -r
complete -c lookout -n "__fish_lookout_using_subcommand grade" -l run-app -d 'Start each app with python3 (Flask and prometheus_client must be importable) and scrape its /metrics page, instead of reading the instrumentation from the source'
complete -c lookout -n "__fish_lookout_using_subcommand grade" -s q -l quiet -d 'No progress bar'
complete -c lookout -n "__fish_lookout_using_subcommand grade" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lookout -n "__fish_lookout_using_subcommand grade" -s V -l version -d 'Print version'
complete -c lookout -n "__fish_lookout_using_subcommand alertmanager; and not __fish_seen_subcommand_from check routes template alerts silence status help" -l enable-feature -d 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)' -r
complete -c lookout -n "__fish_lookout_using_subcommand alertmanager; and not __fish_seen_subcommand_from check routes template alerts silence status help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lookout -n "__fish_lookout_using_subcommand alertmanager; and not __fish_seen_subcommand_from check routes template alerts silence status help" -s V -l version -d 'Print version'
complete -c lookout -n "__fish_lookout_using_subcommand alertmanager; and not __fish_seen_subcommand_from check routes template alerts silence status help" -f -a "check" -d 'Check alertmanager.yml files like `amtool check-config`, with its output and exit codes'
complete -c lookout -n "__fish_lookout_using_subcommand alertmanager; and not __fish_seen_subcommand_from check routes template alerts silence status help" -f -a "routes" -d 'Show the routing tree, or test where alerts go, like `amtool config routes`'
complete -c lookout -n "__fish_lookout_using_subcommand alertmanager; and not __fish_seen_subcommand_from check routes template alerts silence status help" -f -a "template" -d 'Work with notification templates'
complete -c lookout -n "__fish_lookout_using_subcommand alertmanager; and not __fish_seen_subcommand_from check routes template alerts silence status help" -f -a "alerts" -d 'Query or add alerts through the API, like `amtool alert`'
complete -c lookout -n "__fish_lookout_using_subcommand alertmanager; and not __fish_seen_subcommand_from check routes template alerts silence status help" -f -a "silence" -d 'Add, query, update, expire or import silences through the API, like `amtool silence`'
complete -c lookout -n "__fish_lookout_using_subcommand alertmanager; and not __fish_seen_subcommand_from check routes template alerts silence status help" -f -a "status" -d 'Show the cluster status, like `amtool cluster show`'
complete -c lookout -n "__fish_lookout_using_subcommand alertmanager; and not __fish_seen_subcommand_from check routes template alerts silence status help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c lookout -n "__fish_lookout_using_subcommand alertmanager; and __fish_seen_subcommand_from check" -s o -l output -d 'Output format: `human` is amtool\'s text' -r -f -a "human\t'Annotated snippets on standard error, a summary on standard output'
json\t'One JSON document on standard output'
github\t'GitHub Actions workflow commands (`::error file=..,line=..,col=..::`)'
junit\t'JUnit XML, one test case per input'
sarif\t'SARIF 2.1.0 for code-scanning services'"
complete -c lookout -n "__fish_lookout_using_subcommand alertmanager; and __fish_seen_subcommand_from check" -l enable-feature -d 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)' -r
complete -c lookout -n "__fish_lookout_using_subcommand alertmanager; and __fish_seen_subcommand_from check" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lookout -n "__fish_lookout_using_subcommand alertmanager; and __fish_seen_subcommand_from check" -s V -l version -d 'Print version'
complete -c lookout -n "__fish_lookout_using_subcommand alertmanager; and __fish_seen_subcommand_from routes" -l config.file -d 'The configuration file' -r -F
complete -c lookout -n "__fish_lookout_using_subcommand alertmanager; and __fish_seen_subcommand_from routes" -l alertmanager.url -d 'Without `--config.file`, the running configuration of this Alertmanager (from its `/api/v2/status`), e.g. http://localhost:9093' -r
complete -c lookout -n "__fish_lookout_using_subcommand alertmanager; and __fish_seen_subcommand_from routes" -l enable-feature -d 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)' -r
complete -c lookout -n "__fish_lookout_using_subcommand alertmanager; and __fish_seen_subcommand_from routes" -s h -l help -d 'Print help'
complete -c lookout -n "__fish_lookout_using_subcommand alertmanager; and __fish_seen_subcommand_from routes" -s V -l version -d 'Print version'
complete -c lookout -n "__fish_lookout_using_subcommand alertmanager; and __fish_seen_subcommand_from routes" -f -a "show" -d 'Print the routing tree as amtool draws it (the default): each route\'s matchers, `continue: true` and effective receiver'
complete -c lookout -n "__fish_lookout_using_subcommand alertmanager; and __fish_seen_subcommand_from routes" -f -a "test" -d 'Print the receivers an alert with LABELS goes to, comma-separated in tree order'
complete -c lookout -n "__fish_lookout_using_subcommand alertmanager; and __fish_seen_subcommand_from routes" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c lookout -n "__fish_lookout_using_subcommand alertmanager; and __fish_seen_subcommand_from template" -l enable-feature -d 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)' -r
complete -c lookout -n "__fish_lookout_using_subcommand alertmanager; and __fish_seen_subcommand_from template" -s h -l help -d 'Print help'
complete -c lookout -n "__fish_lookout_using_subcommand alertmanager; and __fish_seen_subcommand_from template" -s V -l version -d 'Print version'
complete -c lookout -n "__fish_lookout_using_subcommand alertmanager; and __fish_seen_subcommand_from template" -f -a "render" -d 'Render a template text with Alertmanager\'s templates, functions and data model (amtool template render), or a receiver\'s whole notification (--receiver)'
complete -c lookout -n "__fish_lookout_using_subcommand alertmanager; and __fish_seen_subcommand_from template" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c lookout -n "__fish_lookout_using_subcommand alertmanager; and __fish_seen_subcommand_from alerts" -l enable-feature -d 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)' -r
complete -c lookout -n "__fish_lookout_using_subcommand alertmanager; and __fish_seen_subcommand_from alerts" -s h -l help -d 'Print help'
complete -c lookout -n "__fish_lookout_using_subcommand alertmanager; and __fish_seen_subcommand_from alerts" -s V -l version -d 'Print version'
complete -c lookout -n "__fish_lookout_using_subcommand alertmanager; and __fish_seen_subcommand_from alerts" -f -a "query" -d 'List alerts (`GET /api/v2/alerts`), sorted by start time'
complete -c lookout -n "__fish_lookout_using_subcommand alertmanager; and __fish_seen_subcommand_from alerts" -f -a "add" -d 'Send an alert (`POST /api/v2/alerts`), as a Prometheus server would'
complete -c lookout -n "__fish_lookout_using_subcommand alertmanager; and __fish_seen_subcommand_from alerts" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c lookout -n "__fish_lookout_using_subcommand alertmanager; and __fish_seen_subcommand_from silence" -l enable-feature -d 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)' -r
complete -c lookout -n "__fish_lookout_using_subcommand alertmanager; and __fish_seen_subcommand_from silence" -s h -l help -d 'Print help'
complete -c lookout -n "__fish_lookout_using_subcommand alertmanager; and __fish_seen_subcommand_from silence" -s V -l version -d 'Print version'
complete -c lookout -n "__fish_lookout_using_subcommand alertmanager; and __fish_seen_subcommand_from silence" -f -a "add" -d 'Create a silence (`POST /api/v2/silences`) and print its id'
complete -c lookout -n "__fish_lookout_using_subcommand alertmanager; and __fish_seen_subcommand_from silence" -f -a "query" -d 'List silences, sorted by end time: by default the ones not yet expired'
complete -c lookout -n "__fish_lookout_using_subcommand alertmanager; and __fish_seen_subcommand_from silence" -f -a "expire" -d 'Expire silences now (`DELETE /api/v2/silence/ID`). Every id is tried; each failure is reported'
complete -c lookout -n "__fish_lookout_using_subcommand alertmanager; and __fish_seen_subcommand_from silence" -f -a "update" -d 'Change silences\' times or comment, then print them as `query` does'
complete -c lookout -n "__fish_lookout_using_subcommand alertmanager; and __fish_seen_subcommand_from silence" -f -a "import" -d 'Create silences from JSON (what `silence query -o json` prints), from FILE or standard input, printing each new id in input order'
complete -c lookout -n "__fish_lookout_using_subcommand alertmanager; and __fish_seen_subcommand_from silence" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c lookout -n "__fish_lookout_using_subcommand alertmanager; and __fish_seen_subcommand_from status" -l alertmanager.url -d 'The Alertmanager, e.g. http://localhost:9093 (a path prefix is kept; `user:pass@` in the URL is basic auth). Default: $ALERTMANAGER_URL, else `alertmanager.url` from the amtool configuration file' -r
complete -c lookout -n "__fish_lookout_using_subcommand alertmanager; and __fish_seen_subcommand_from status" -l http.config.file -d 'HTTP client settings as Prometheus\'s `http_config` YAML (basic_auth, authorization, tls_config, proxy_url, ...), like amtool\'s flag of the same name' -r -F
complete -c lookout -n "__fish_lookout_using_subcommand alertmanager; and __fish_seen_subcommand_from status" -s o -l output -d 'Output format (amtool\'s formatters) [default: simple]' -r -f -a "simple\t'A table of the main fields'
extended\t'A table of every field'
json\t'The API\'s JSON'"
complete -c lookout -n "__fish_lookout_using_subcommand alertmanager; and __fish_seen_subcommand_from status" -l timeout -d 'Give up on the server after this long, a Prometheus or Go duration [default: 30s]' -r
complete -c lookout -n "__fish_lookout_using_subcommand alertmanager; and __fish_seen_subcommand_from status" -l date.format -d 'How to print times, as a Go time layout [default: "2006-01-02 15:04:05 MST"]' -r
complete -c lookout -n "__fish_lookout_using_subcommand alertmanager; and __fish_seen_subcommand_from status" -l enable-feature -d 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)' -r
complete -c lookout -n "__fish_lookout_using_subcommand alertmanager; and __fish_seen_subcommand_from status" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c lookout -n "__fish_lookout_using_subcommand alertmanager; and __fish_seen_subcommand_from status" -s V -l version -d 'Print version'
complete -c lookout -n "__fish_lookout_using_subcommand alertmanager; and __fish_seen_subcommand_from help" -f -a "check" -d 'Check alertmanager.yml files like `amtool check-config`, with its output and exit codes'
complete -c lookout -n "__fish_lookout_using_subcommand alertmanager; and __fish_seen_subcommand_from help" -f -a "routes" -d 'Show the routing tree, or test where alerts go, like `amtool config routes`'
complete -c lookout -n "__fish_lookout_using_subcommand alertmanager; and __fish_seen_subcommand_from help" -f -a "template" -d 'Work with notification templates'
complete -c lookout -n "__fish_lookout_using_subcommand alertmanager; and __fish_seen_subcommand_from help" -f -a "alerts" -d 'Query or add alerts through the API, like `amtool alert`'
complete -c lookout -n "__fish_lookout_using_subcommand alertmanager; and __fish_seen_subcommand_from help" -f -a "silence" -d 'Add, query, update, expire or import silences through the API, like `amtool silence`'
complete -c lookout -n "__fish_lookout_using_subcommand alertmanager; and __fish_seen_subcommand_from help" -f -a "status" -d 'Show the cluster status, like `amtool cluster show`'
complete -c lookout -n "__fish_lookout_using_subcommand alertmanager; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c lookout -n "__fish_lookout_using_subcommand completions" -l enable-feature -d 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)' -r
complete -c lookout -n "__fish_lookout_using_subcommand completions" -s h -l help -d 'Print help'
complete -c lookout -n "__fish_lookout_using_subcommand completions" -s V -l version -d 'Print version'
complete -c lookout -n "__fish_lookout_using_subcommand help; and not __fish_seen_subcommand_from check promql test tsdb query relabel grade alertmanager completions help" -f -a "check" -d 'Validate files and expressions'
complete -c lookout -n "__fish_lookout_using_subcommand help; and not __fish_seen_subcommand_from check promql test tsdb query relabel grade alertmanager completions help" -f -a "promql" -d 'Work with PromQL expressions'
complete -c lookout -n "__fish_lookout_using_subcommand help; and not __fish_seen_subcommand_from check promql test tsdb query relabel grade alertmanager completions help" -f -a "test" -d 'Run tests'
complete -c lookout -n "__fish_lookout_using_subcommand help; and not __fish_seen_subcommand_from check promql test tsdb query relabel grade alertmanager completions help" -f -a "tsdb" -d 'Read Prometheus TSDB data directories'
complete -c lookout -n "__fish_lookout_using_subcommand help; and not __fish_seen_subcommand_from check promql test tsdb query relabel grade alertmanager completions help" -f -a "query" -d 'Query PromQL against a Prometheus-compatible server or a TSDB data directory'
complete -c lookout -n "__fish_lookout_using_subcommand help; and not __fish_seen_subcommand_from check promql test tsdb query relabel grade alertmanager completions help" -f -a "relabel" -d 'Show step by step what a scrape job\'s relabeling does to a label set'
complete -c lookout -n "__fish_lookout_using_subcommand help; and not __fish_seen_subcommand_from check promql test tsdb query relabel grade alertmanager completions help" -f -a "grade" -d 'Score challenge repositories (the "Monitoring Stack" challenge and its siblings)'
complete -c lookout -n "__fish_lookout_using_subcommand help; and not __fish_seen_subcommand_from check promql test tsdb query relabel grade alertmanager completions help" -f -a "alertmanager" -d 'Alertmanager\'s configuration, templates and API (amtool\'s job)'
complete -c lookout -n "__fish_lookout_using_subcommand help; and not __fish_seen_subcommand_from check promql test tsdb query relabel grade alertmanager completions help" -f -a "completions" -d 'Print a shell completion script to standard output'
complete -c lookout -n "__fish_lookout_using_subcommand help; and not __fish_seen_subcommand_from check promql test tsdb query relabel grade alertmanager completions help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c lookout -n "__fish_lookout_using_subcommand help; and __fish_seen_subcommand_from check" -f -a "promql" -d 'Check PromQL expressions for syntax and type errors'
complete -c lookout -n "__fish_lookout_using_subcommand help; and __fish_seen_subcommand_from check" -f -a "rules" -d 'Check rule files like `promtool check rules`'
complete -c lookout -n "__fish_lookout_using_subcommand help; and __fish_seen_subcommand_from check" -f -a "config" -d 'Check prometheus.yml files like `promtool check config`'
complete -c lookout -n "__fish_lookout_using_subcommand help; and __fish_seen_subcommand_from check" -f -a "web-config" -d 'Check web configuration files (TLS and basic auth of Prometheus\'s and exporters\' servers) like `promtool check web-config`'
complete -c lookout -n "__fish_lookout_using_subcommand help; and __fish_seen_subcommand_from check" -f -a "metrics" -d 'Lint metrics in the Prometheus text exposition format, read from standard input, like `promtool check metrics` (e.g. `curl -s host:9100/metrics | lookout check metrics`)'
complete -c lookout -n "__fish_lookout_using_subcommand help; and __fish_seen_subcommand_from check" -f -a "dashboards" -d 'Check Grafana dashboards: JSON syntax, datasource references, template variables and every PromQL query after variable substitution; lint them with dashboard-linter\'s rules'
complete -c lookout -n "__fish_lookout_using_subcommand help; and __fish_seen_subcommand_from check" -f -a "grafana-provisioning" -d 'Check Grafana provisioning files: data sources, dashboard providers and alerting'
complete -c lookout -n "__fish_lookout_using_subcommand help; and __fish_seen_subcommand_from promql" -f -a "format" -d 'Print an expression in canonical, prettified form (like `promtool promql format`)'
complete -c lookout -n "__fish_lookout_using_subcommand help; and __fish_seen_subcommand_from promql" -f -a "parse" -d 'Print the syntax tree of an expression'
complete -c lookout -n "__fish_lookout_using_subcommand help; and __fish_seen_subcommand_from test" -f -a "promql" -d 'Run promqltest scripts (Prometheus\'s PromQL test language) against lookout\'s engine'
complete -c lookout -n "__fish_lookout_using_subcommand help; and __fish_seen_subcommand_from test" -f -a "rules" -d 'Run rule unit tests in promtool\'s format (`promtool test rules`)'
complete -c lookout -n "__fish_lookout_using_subcommand help; and __fish_seen_subcommand_from tsdb" -f -a "dump" -d 'Print the float samples of a data directory like `promtool tsdb dump`'
complete -c lookout -n "__fish_lookout_using_subcommand help; and __fish_seen_subcommand_from tsdb" -f -a "list" -d 'List a data directory\'s blocks like `promtool tsdb list`: ULID, time range, duration, samples, chunks, series and size on disk, oldest first'
complete -c lookout -n "__fish_lookout_using_subcommand help; and __fish_seen_subcommand_from tsdb" -f -a "analyze" -d 'Analyze a block\'s series and label cardinality, churn and compaction efficiency'
complete -c lookout -n "__fish_lookout_using_subcommand help; and __fish_seen_subcommand_from tsdb" -f -a "create-blocks-from" -d 'Write TSDB blocks from other data (backfilling)'
complete -c lookout -n "__fish_lookout_using_subcommand help; and __fish_seen_subcommand_from query" -f -a "instant" -d 'Evaluate an expression at one time (`/api/v1/query`)'
complete -c lookout -n "__fish_lookout_using_subcommand help; and __fish_seen_subcommand_from query" -f -a "range" -d 'Evaluate an expression at every step of a time range (`/api/v1/query_range`)'
complete -c lookout -n "__fish_lookout_using_subcommand help; and __fish_seen_subcommand_from query" -f -a "series" -d 'List the series matching selectors (`/api/v1/series`)'
complete -c lookout -n "__fish_lookout_using_subcommand help; and __fish_seen_subcommand_from query" -f -a "labels" -d 'List label names, or the values of label NAME (`/api/v1/labels`, `/api/v1/label/NAME/values`)'
complete -c lookout -n "__fish_lookout_using_subcommand help; and __fish_seen_subcommand_from alertmanager" -f -a "check" -d 'Check alertmanager.yml files like `amtool check-config`, with its output and exit codes'
complete -c lookout -n "__fish_lookout_using_subcommand help; and __fish_seen_subcommand_from alertmanager" -f -a "routes" -d 'Show the routing tree, or test where alerts go, like `amtool config routes`'
complete -c lookout -n "__fish_lookout_using_subcommand help; and __fish_seen_subcommand_from alertmanager" -f -a "template" -d 'Work with notification templates'
complete -c lookout -n "__fish_lookout_using_subcommand help; and __fish_seen_subcommand_from alertmanager" -f -a "alerts" -d 'Query or add alerts through the API, like `amtool alert`'
complete -c lookout -n "__fish_lookout_using_subcommand help; and __fish_seen_subcommand_from alertmanager" -f -a "silence" -d 'Add, query, update, expire or import silences through the API, like `amtool silence`'
complete -c lookout -n "__fish_lookout_using_subcommand help; and __fish_seen_subcommand_from alertmanager" -f -a "status" -d 'Show the cluster status, like `amtool cluster show`'
