
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'lookout' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'lookout'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'lookout' {
            [CompletionResult]::new('--enable-feature', '--enable-feature', [CompletionResultType]::ParameterName, 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Validate files and expressions')
            [CompletionResult]::new('promql', 'promql', [CompletionResultType]::ParameterValue, 'Work with PromQL expressions')
            [CompletionResult]::new('test', 'test', [CompletionResultType]::ParameterValue, 'Run tests')
            [CompletionResult]::new('tsdb', 'tsdb', [CompletionResultType]::ParameterValue, 'Read Prometheus TSDB data directories')
            [CompletionResult]::new('query', 'query', [CompletionResultType]::ParameterValue, 'Query PromQL against a Prometheus-compatible server or a TSDB data directory')
            [CompletionResult]::new('relabel', 'relabel', [CompletionResultType]::ParameterValue, 'Show step by step what a scrape job''s relabeling does to a label set')
            [CompletionResult]::new('grade', 'grade', [CompletionResultType]::ParameterValue, 'Score challenge repositories (the "Monitoring Stack" challenge and its siblings)')
            [CompletionResult]::new('alertmanager', 'alertmanager', [CompletionResultType]::ParameterValue, 'Alertmanager''s configuration, templates and API (amtool''s job)')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script to standard output')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'lookout;check' {
            [CompletionResult]::new('--enable-feature', '--enable-feature', [CompletionResultType]::ParameterName, 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('promql', 'promql', [CompletionResultType]::ParameterValue, 'Check PromQL expressions for syntax and type errors')
            [CompletionResult]::new('rules', 'rules', [CompletionResultType]::ParameterValue, 'Check rule files like `promtool check rules`')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Check prometheus.yml files like `promtool check config`')
            [CompletionResult]::new('web-config', 'web-config', [CompletionResultType]::ParameterValue, 'Check web configuration files (TLS and basic auth of Prometheus''s and exporters'' servers) like `promtool check web-config`')
            [CompletionResult]::new('metrics', 'metrics', [CompletionResultType]::ParameterValue, 'Lint metrics in the Prometheus text exposition format, read from standard input, like `promtool check metrics` (e.g. `curl -s host:9100/metrics | lookout check metrics`)')
            [CompletionResult]::new('dashboards', 'dashboards', [CompletionResultType]::ParameterValue, 'Check Grafana dashboards: JSON syntax, datasource references, template variables and every PromQL query after variable substitution; lint them with dashboard-linter''s rules')
            [CompletionResult]::new('grafana-provisioning', 'grafana-provisioning', [CompletionResultType]::ParameterValue, 'Check Grafana provisioning files: data sources, dashboard providers and alerting')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'lookout;check;promql' {
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Read expressions from FILE, one per line')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'Read expressions from FILE, one per line')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for findings')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for findings')
            [CompletionResult]::new('--enable-feature', '--enable-feature', [CompletionResultType]::ParameterName, 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'lookout;check;rules' {
            [CompletionResult]::new('--lint', '--lint', [CompletionResultType]::ParameterName, 'Lints to apply, comma-separated: all, duplicate-rules, none')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: `human` is promtool''s text')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: `human` is promtool''s text')
            [CompletionResult]::new('--enable-feature', '--enable-feature', [CompletionResultType]::ParameterName, 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)')
            [CompletionResult]::new('--lint-fatal', '--lint-fatal', [CompletionResultType]::ParameterName, 'Exit with code 3 when lints find something (and no errors were found)')
            [CompletionResult]::new('--ignore-unknown-fields', '--ignore-unknown-fields', [CompletionResultType]::ParameterName, 'Accept keys the rule format does not define (e.g. custom metadata on groups)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'lookout;check;config' {
            [CompletionResult]::new('--lint', '--lint', [CompletionResultType]::ParameterName, 'Lints, comma-separated: all, duplicate-rules, too-long-scrape-interval (a scrape interval at least the lookback delta), short-rate-window (a rule''s rate()-like window under twice the longest scrape interval), none')
            [CompletionResult]::new('--query.lookback-delta', '--query.lookback-delta', [CompletionResultType]::ParameterName, 'The server''s query lookback delta, for the too-long-scrape-interval lint')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: `human` is promtool''s text')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: `human` is promtool''s text')
            [CompletionResult]::new('--enable-feature', '--enable-feature', [CompletionResultType]::ParameterName, 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)')
            [CompletionResult]::new('--syntax-only', '--syntax-only', [CompletionResultType]::ParameterName, 'Only check the file''s own syntax and values, not the files it refers to')
            [CompletionResult]::new('--agent', '--agent', [CompletionResultType]::ParameterName, 'Check for agent mode: no alerting, rule files or remote read')
            [CompletionResult]::new('--lint-fatal', '--lint-fatal', [CompletionResultType]::ParameterName, 'Exit with code 3 when lints find something (and no errors were found)')
            [CompletionResult]::new('--print', '--print', [CompletionResultType]::ParameterName, 'Print each file''s effective configuration as YAML instead of checking further: defaults filled in, secrets as `<secret>` (what Prometheus shows at /api/v1/status/config)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'lookout;check;web-config' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: `human` is promtool''s text')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: `human` is promtool''s text')
            [CompletionResult]::new('--enable-feature', '--enable-feature', [CompletionResultType]::ParameterName, 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'lookout;check;metrics' {
            [CompletionResult]::new('--lint', '--lint', [CompletionResultType]::ParameterName, 'Linting: `all` (promtool''s rules) or `none`')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: `human` is promtool''s text')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: `human` is promtool''s text')
            [CompletionResult]::new('--enable-feature', '--enable-feature', [CompletionResultType]::ParameterName, 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)')
            [CompletionResult]::new('--extended', '--extended', [CompletionResultType]::ParameterName, 'Also print the cardinality of each metric (series per metric name)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'lookout;check;dashboards' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: `human` is annotated snippets and a summary per file')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: `human` is annotated snippets and a summary per file')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'The dashboard-linter configuration (exclusions and warnings) for every dashboard, instead of the `.lint` file next to each')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The dashboard-linter configuration (exclusions and warnings) for every dashboard, instead of the `.lint` file next to each')
            [CompletionResult]::new('--metrics', '--metrics', [CompletionResultType]::ParameterName, 'Report queries selecting metric names that nothing exports, from FILE: a list of names (one per line) or a scrape in the Prometheus text or OpenMetrics format. Histogram and summary families stand for their `_bucket`, `_sum` and `_count` series. Names under `absent()` and names made of variables are not judged')
            [CompletionResult]::new('--rules', '--rules', [CompletionResultType]::ParameterName, 'Rule files whose recorded names count as exported (with `--metrics`); repeatable')
            [CompletionResult]::new('--enable-feature', '--enable-feature', [CompletionResultType]::ParameterName, 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)')
            [CompletionResult]::new('--strict', '--strict', [CompletionResultType]::ParameterName, 'Make lint findings errors (exit 1), as dashboard-linter''s `--strict` does (it fails on its warnings too). Without it they are warnings (the rules'' own warnings are notes)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'lookout;check;grafana-provisioning' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: `human` is promtool-like text')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: `human` is promtool-like text')
            [CompletionResult]::new('--enable-feature', '--enable-feature', [CompletionResultType]::ParameterName, 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'lookout;check;help' {
            [CompletionResult]::new('promql', 'promql', [CompletionResultType]::ParameterValue, 'Check PromQL expressions for syntax and type errors')
            [CompletionResult]::new('rules', 'rules', [CompletionResultType]::ParameterValue, 'Check rule files like `promtool check rules`')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Check prometheus.yml files like `promtool check config`')
            [CompletionResult]::new('web-config', 'web-config', [CompletionResultType]::ParameterValue, 'Check web configuration files (TLS and basic auth of Prometheus''s and exporters'' servers) like `promtool check web-config`')
            [CompletionResult]::new('metrics', 'metrics', [CompletionResultType]::ParameterValue, 'Lint metrics in the Prometheus text exposition format, read from standard input, like `promtool check metrics` (e.g. `curl -s host:9100/metrics | lookout check metrics`)')
            [CompletionResult]::new('dashboards', 'dashboards', [CompletionResultType]::ParameterValue, 'Check Grafana dashboards: JSON syntax, datasource references, template variables and every PromQL query after variable substitution; lint them with dashboard-linter''s rules')
            [CompletionResult]::new('grafana-provisioning', 'grafana-provisioning', [CompletionResultType]::ParameterValue, 'Check Grafana provisioning files: data sources, dashboard providers and alerting')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'lookout;check;help;promql' {
            break
        }
        'lookout;check;help;rules' {
            break
        }
        'lookout;check;help;config' {
            break
        }
        'lookout;check;help;web-config' {
            break
        }
        'lookout;check;help;metrics' {
            break
        }
        'lookout;check;help;dashboards' {
            break
        }
        'lookout;check;help;grafana-provisioning' {
            break
        }
        'lookout;check;help;help' {
            break
        }
        'lookout;promql' {
            [CompletionResult]::new('--enable-feature', '--enable-feature', [CompletionResultType]::ParameterName, 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('format', 'format', [CompletionResultType]::ParameterValue, 'Print an expression in canonical, prettified form (like `promtool promql format`)')
            [CompletionResult]::new('parse', 'parse', [CompletionResultType]::ParameterValue, 'Print the syntax tree of an expression')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'lookout;promql;format' {
            [CompletionResult]::new('--enable-feature', '--enable-feature', [CompletionResultType]::ParameterName, 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'lookout;promql;parse' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--enable-feature', '--enable-feature', [CompletionResultType]::ParameterName, 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'lookout;promql;help' {
            [CompletionResult]::new('format', 'format', [CompletionResultType]::ParameterValue, 'Print an expression in canonical, prettified form (like `promtool promql format`)')
            [CompletionResult]::new('parse', 'parse', [CompletionResultType]::ParameterValue, 'Print the syntax tree of an expression')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'lookout;promql;help;format' {
            break
        }
        'lookout;promql;help;parse' {
            break
        }
        'lookout;promql;help;help' {
            break
        }
        'lookout;test' {
            [CompletionResult]::new('--enable-feature', '--enable-feature', [CompletionResultType]::ParameterName, 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('promql', 'promql', [CompletionResultType]::ParameterValue, 'Run promqltest scripts (Prometheus''s PromQL test language) against lookout''s engine')
            [CompletionResult]::new('rules', 'rules', [CompletionResultType]::ParameterValue, 'Run rule unit tests in promtool''s format (`promtool test rules`)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'lookout;test;promql' {
            [CompletionResult]::new('--run', '--run', [CompletionResultType]::ParameterName, 'Run only the evals whose expression matches REGEX (unanchored)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--enable-feature', '--enable-feature', [CompletionResultType]::ParameterName, 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'lookout;test;rules' {
            [CompletionResult]::new('--run', '--run', [CompletionResultType]::ParameterName, 'Run only test groups whose name matches REGEX (unanchored; repeatable, joined with `|`)')
            [CompletionResult]::new('--junit', '--junit', [CompletionResultType]::ParameterName, 'Also write a JUnit XML report to FILE')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format on standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format on standard output')
            [CompletionResult]::new('-j', '-j', [CompletionResultType]::ParameterName, 'Worker threads for test groups (default: one per CPU)')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'Worker threads for test groups (default: one per CPU)')
            [CompletionResult]::new('--enable-feature', '--enable-feature', [CompletionResultType]::ParameterName, 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)')
            [CompletionResult]::new('--ignore-unknown-fields', '--ignore-unknown-fields', [CompletionResultType]::ParameterName, 'Accept keys the rule format does not define in the rule files under test')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Print all series (input and rule output) at the end of each test group')
            [CompletionResult]::new('--diff', '--diff', [CompletionResultType]::ParameterName, 'Show each failure as a diff of expected and actual alerts or samples (`-` missing, `+` unexpected, `~` changed) instead of the two full lists')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'lookout;test;help' {
            [CompletionResult]::new('promql', 'promql', [CompletionResultType]::ParameterValue, 'Run promqltest scripts (Prometheus''s PromQL test language) against lookout''s engine')
            [CompletionResult]::new('rules', 'rules', [CompletionResultType]::ParameterValue, 'Run rule unit tests in promtool''s format (`promtool test rules`)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'lookout;test;help;promql' {
            break
        }
        'lookout;test;help;rules' {
            break
        }
        'lookout;test;help;help' {
            break
        }
        'lookout;tsdb' {
            [CompletionResult]::new('--enable-feature', '--enable-feature', [CompletionResultType]::ParameterName, 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('dump', 'dump', [CompletionResultType]::ParameterValue, 'Print the float samples of a data directory like `promtool tsdb dump`')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List a data directory''s blocks like `promtool tsdb list`: ULID, time range, duration, samples, chunks, series and size on disk, oldest first')
            [CompletionResult]::new('analyze', 'analyze', [CompletionResultType]::ParameterValue, 'Analyze a block''s series and label cardinality, churn and compaction efficiency')
            [CompletionResult]::new('create-blocks-from', 'create-blocks-from', [CompletionResultType]::ParameterValue, 'Write TSDB blocks from other data (backfilling)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'lookout;tsdb;dump' {
            [CompletionResult]::new('--min-time', '--min-time', [CompletionResultType]::ParameterName, 'Minimum timestamp to dump, in milliseconds since the epoch (inclusive)')
            [CompletionResult]::new('--max-time', '--max-time', [CompletionResultType]::ParameterName, 'Maximum timestamp to dump, in milliseconds since the epoch (inclusive)')
            [CompletionResult]::new('--match', '--match', [CompletionResultType]::ParameterName, 'Dump only the series matching this series selector, e.g. ''up{job="node"}'' (repeatable: series matching any of them). Default: all series')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: `promtool` is `promtool tsdb dump`''s text (2.42); `openmetrics` is newer promtool''s `dump-openmetrics` (`name{labels} value seconds`, then `# EOF`), which `tsdb create-blocks-from openmetrics` reads back. Both print float samples only')
            [CompletionResult]::new('--enable-feature', '--enable-feature', [CompletionResultType]::ParameterName, 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'lookout;tsdb;list' {
            [CompletionResult]::new('--enable-feature', '--enable-feature', [CompletionResultType]::ParameterName, 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)')
            [CompletionResult]::new('-r', '-r', [CompletionResultType]::ParameterName, 'Print times as UTC dates and sizes with binary units')
            [CompletionResult]::new('--human-readable', '--human-readable', [CompletionResultType]::ParameterName, 'Print times as UTC dates and sizes with binary units')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'lookout;tsdb;analyze' {
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'How many entries to show in each list')
            [CompletionResult]::new('--match', '--match', [CompletionResultType]::ParameterName, 'Analyze only the series matching this series selector, e.g. ''up{job="node"}'' (newer promtool''s --match)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: tables, promtool''s text, or one JSON document')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: tables, promtool''s text, or one JSON document')
            [CompletionResult]::new('--enable-feature', '--enable-feature', [CompletionResultType]::ParameterName, 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)')
            [CompletionResult]::new('--extended', '--extended', [CompletionResultType]::ParameterName, 'Also read every chunk: how full the chunks are (samples per chunk, as a share of 120, promtool''s compaction analysis) and the samples, bytes and histogram buckets per chunk')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'lookout;tsdb;create-blocks-from' {
            [CompletionResult]::new('--enable-feature', '--enable-feature', [CompletionResultType]::ParameterName, 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('openmetrics', 'openmetrics', [CompletionResultType]::ParameterValue, 'Write blocks from an OpenMetrics text file (every sample with a timestamp, `# EOF` at the end), like `promtool tsdb create-blocks-from openmetrics`')
            [CompletionResult]::new('rules', 'rules', [CompletionResultType]::ParameterValue, 'Backfill rules, like `promtool tsdb create-blocks-from rules`: each rule''s expression is evaluated over [--start, --end] at its group''s evaluation times, as range queries against --url (or locally over --tsdb DIR), one block per rule and window. As promtool does (whatever its help says), alerting rules are imported too: their expression under the alert''s name. Unlike promtool, a window without an evaluation time does not end a rule''s import. Exit codes: 0 success, 1 invalid rule files or a failed evaluation, 2 usage or I/O')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'lookout;tsdb;create-blocks-from;openmetrics' {
            [CompletionResult]::new('--max-block-duration', '--max-block-duration', [CompletionResultType]::ParameterName, 'The longest time a block may span: blocks are 2h·3^k long, the longest of those not above this (2h, 6h, 18h, 54h, ...). Anything below 2h means 2h')
            [CompletionResult]::new('--enable-feature', '--enable-feature', [CompletionResultType]::ParameterName, 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)')
            [CompletionResult]::new('-r', '-r', [CompletionResultType]::ParameterName, 'Print times as UTC dates and sizes with binary units')
            [CompletionResult]::new('--human-readable', '--human-readable', [CompletionResultType]::ParameterName, 'Print times as UTC dates and sizes with binary units')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Do not print the created blocks (nor a progress bar)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Do not print the created blocks (nor a progress bar)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'lookout;tsdb;create-blocks-from;rules' {
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'The Prometheus API with the data the rules read')
            [CompletionResult]::new('--tsdb', '--tsdb', [CompletionResultType]::ParameterName, 'Evaluate the rules locally over this data directory instead of a server')
            [CompletionResult]::new('--http.config.file', '--http.config.file', [CompletionResultType]::ParameterName, 'HTTP client settings for --url as Prometheus''s `http_config` YAML')
            [CompletionResult]::new('--start', '--start', [CompletionResultType]::ParameterName, 'Start of the backfill: RFC 3339 or Unix seconds')
            [CompletionResult]::new('--end', '--end', [CompletionResultType]::ParameterName, 'End of the backfill. Default: three hours ago')
            [CompletionResult]::new('--output-dir', '--output-dir', [CompletionResultType]::ParameterName, 'Where to write the blocks')
            [CompletionResult]::new('--eval-interval', '--eval-interval', [CompletionResultType]::ParameterName, 'Evaluation interval of groups that set none')
            [CompletionResult]::new('--max-block-duration', '--max-block-duration', [CompletionResultType]::ParameterName, 'The longest time a block may span: blocks are 2h·3^k long, the longest of those not above this. Anything below 2h means 2h')
            [CompletionResult]::new('--enable-feature', '--enable-feature', [CompletionResultType]::ParameterName, 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)')
            [CompletionResult]::new('-r', '-r', [CompletionResultType]::ParameterName, 'Print times as UTC dates and sizes with binary units')
            [CompletionResult]::new('--human-readable', '--human-readable', [CompletionResultType]::ParameterName, 'Print times as UTC dates and sizes with binary units')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Do not print the created blocks')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Do not print the created blocks')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'lookout;tsdb;create-blocks-from;help' {
            [CompletionResult]::new('openmetrics', 'openmetrics', [CompletionResultType]::ParameterValue, 'Write blocks from an OpenMetrics text file (every sample with a timestamp, `# EOF` at the end), like `promtool tsdb create-blocks-from openmetrics`')
            [CompletionResult]::new('rules', 'rules', [CompletionResultType]::ParameterValue, 'Backfill rules, like `promtool tsdb create-blocks-from rules`: each rule''s expression is evaluated over [--start, --end] at its group''s evaluation times, as range queries against --url (or locally over --tsdb DIR), one block per rule and window. As promtool does (whatever its help says), alerting rules are imported too: their expression under the alert''s name. Unlike promtool, a window without an evaluation time does not end a rule''s import. Exit codes: 0 success, 1 invalid rule files or a failed evaluation, 2 usage or I/O')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'lookout;tsdb;create-blocks-from;help;openmetrics' {
            break
        }
        'lookout;tsdb;create-blocks-from;help;rules' {
            break
        }
        'lookout;tsdb;create-blocks-from;help;help' {
            break
        }
        'lookout;tsdb;help' {
            [CompletionResult]::new('dump', 'dump', [CompletionResultType]::ParameterValue, 'Print the float samples of a data directory like `promtool tsdb dump`')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List a data directory''s blocks like `promtool tsdb list`: ULID, time range, duration, samples, chunks, series and size on disk, oldest first')
            [CompletionResult]::new('analyze', 'analyze', [CompletionResultType]::ParameterValue, 'Analyze a block''s series and label cardinality, churn and compaction efficiency')
            [CompletionResult]::new('create-blocks-from', 'create-blocks-from', [CompletionResultType]::ParameterValue, 'Write TSDB blocks from other data (backfilling)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'lookout;tsdb;help;dump' {
            break
        }
        'lookout;tsdb;help;list' {
            break
        }
        'lookout;tsdb;help;analyze' {
            break
        }
        'lookout;tsdb;help;create-blocks-from' {
            [CompletionResult]::new('openmetrics', 'openmetrics', [CompletionResultType]::ParameterValue, 'Write blocks from an OpenMetrics text file (every sample with a timestamp, `# EOF` at the end), like `promtool tsdb create-blocks-from openmetrics`')
            [CompletionResult]::new('rules', 'rules', [CompletionResultType]::ParameterValue, 'Backfill rules, like `promtool tsdb create-blocks-from rules`: each rule''s expression is evaluated over [--start, --end] at its group''s evaluation times, as range queries against --url (or locally over --tsdb DIR), one block per rule and window. As promtool does (whatever its help says), alerting rules are imported too: their expression under the alert''s name. Unlike promtool, a window without an evaluation time does not end a rule''s import. Exit codes: 0 success, 1 invalid rule files or a failed evaluation, 2 usage or I/O')
            break
        }
        'lookout;tsdb;help;create-blocks-from;openmetrics' {
            break
        }
        'lookout;tsdb;help;create-blocks-from;rules' {
            break
        }
        'lookout;tsdb;help;help' {
            break
        }
        'lookout;query' {
            [CompletionResult]::new('--enable-feature', '--enable-feature', [CompletionResultType]::ParameterName, 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('instant', 'instant', [CompletionResultType]::ParameterValue, 'Evaluate an expression at one time (`/api/v1/query`)')
            [CompletionResult]::new('range', 'range', [CompletionResultType]::ParameterValue, 'Evaluate an expression at every step of a time range (`/api/v1/query_range`)')
            [CompletionResult]::new('series', 'series', [CompletionResultType]::ParameterValue, 'List the series matching selectors (`/api/v1/series`)')
            [CompletionResult]::new('labels', 'labels', [CompletionResultType]::ParameterValue, 'List label names, or the values of label NAME (`/api/v1/labels`, `/api/v1/label/NAME/values`)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'lookout;query;instant' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'The server''s base URL, e.g. http://localhost:9090 (also a path prefix such as https://mimir.example/prometheus)')
            [CompletionResult]::new('--tsdb', '--tsdb', [CompletionResultType]::ParameterName, 'Query the blocks of this Prometheus data directory (or a single block) instead of a server')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: `json` is exactly the HTTP API''s `data` object')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: `json` is exactly the HTTP API''s `data` object')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'An HTTP header to send, `Name: value` (repeatable), e.g. ''X-Scope-OrgID: tenant1''')
            [CompletionResult]::new('--http.config.file', '--http.config.file', [CompletionResultType]::ParameterName, 'HTTP client settings as Prometheus''s `http_config` YAML (basic_auth, authorization, tls_config, proxy_url, ...), like promtool''s flag of the same name')
            [CompletionResult]::new('--bearer-token-file', '--bearer-token-file', [CompletionResultType]::ParameterName, 'Send `Authorization: Bearer <token>` with the token read from FILE')
            [CompletionResult]::new('--basic-auth', '--basic-auth', [CompletionResultType]::ParameterName, 'Basic auth as USER:PASSWORD (the password may also come from LOOKOUT_PASSWORD)')
            [CompletionResult]::new('--tls.ca-file', '--tls.ca-file', [CompletionResultType]::ParameterName, 'CA certificate (PEM) to verify the server with')
            [CompletionResult]::new('--tls.cert-file', '--tls.cert-file', [CompletionResultType]::ParameterName, 'Client certificate (PEM) for mutual TLS; needs --tls.key-file')
            [CompletionResult]::new('--tls.key-file', '--tls.key-file', [CompletionResultType]::ParameterName, 'Client key (PEM) for mutual TLS')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up on the server after this long')
            [CompletionResult]::new('--query.lookback-delta', '--query.lookback-delta', [CompletionResultType]::ParameterName, 'With --tsdb: how far back an instant selector looks for a sample')
            [CompletionResult]::new('--time', '--time', [CompletionResultType]::ParameterName, 'Evaluation time. Default: now; with --tsdb, the newest sample''s time when the data ends before now')
            [CompletionResult]::new('--enable-feature', '--enable-feature', [CompletionResultType]::ParameterName, 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)')
            [CompletionResult]::new('--tls.insecure-skip-verify', '--tls.insecure-skip-verify', [CompletionResultType]::ParameterName, 'Do not verify the server''s certificate')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'lookout;query;range' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'The server''s base URL, e.g. http://localhost:9090 (also a path prefix such as https://mimir.example/prometheus)')
            [CompletionResult]::new('--tsdb', '--tsdb', [CompletionResultType]::ParameterName, 'Query the blocks of this Prometheus data directory (or a single block) instead of a server')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: `json` is exactly the HTTP API''s `data` object')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: `json` is exactly the HTTP API''s `data` object')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'An HTTP header to send, `Name: value` (repeatable), e.g. ''X-Scope-OrgID: tenant1''')
            [CompletionResult]::new('--http.config.file', '--http.config.file', [CompletionResultType]::ParameterName, 'HTTP client settings as Prometheus''s `http_config` YAML (basic_auth, authorization, tls_config, proxy_url, ...), like promtool''s flag of the same name')
            [CompletionResult]::new('--bearer-token-file', '--bearer-token-file', [CompletionResultType]::ParameterName, 'Send `Authorization: Bearer <token>` with the token read from FILE')
            [CompletionResult]::new('--basic-auth', '--basic-auth', [CompletionResultType]::ParameterName, 'Basic auth as USER:PASSWORD (the password may also come from LOOKOUT_PASSWORD)')
            [CompletionResult]::new('--tls.ca-file', '--tls.ca-file', [CompletionResultType]::ParameterName, 'CA certificate (PEM) to verify the server with')
            [CompletionResult]::new('--tls.cert-file', '--tls.cert-file', [CompletionResultType]::ParameterName, 'Client certificate (PEM) for mutual TLS; needs --tls.key-file')
            [CompletionResult]::new('--tls.key-file', '--tls.key-file', [CompletionResultType]::ParameterName, 'Client key (PEM) for mutual TLS')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up on the server after this long')
            [CompletionResult]::new('--query.lookback-delta', '--query.lookback-delta', [CompletionResultType]::ParameterName, 'With --tsdb: how far back an instant selector looks for a sample')
            [CompletionResult]::new('--start', '--start', [CompletionResultType]::ParameterName, 'Start of the range. Default: one hour before the end')
            [CompletionResult]::new('--end', '--end', [CompletionResultType]::ParameterName, 'End of the range. Default: now; with --tsdb, the newest sample''s time when the data ends before now')
            [CompletionResult]::new('--step', '--step', [CompletionResultType]::ParameterName, 'Resolution step, a duration or seconds. Default: the range / 250, at least 1s (as promtool)')
            [CompletionResult]::new('--enable-feature', '--enable-feature', [CompletionResultType]::ParameterName, 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)')
            [CompletionResult]::new('--tls.insecure-skip-verify', '--tls.insecure-skip-verify', [CompletionResultType]::ParameterName, 'Do not verify the server''s certificate')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'lookout;query;series' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'The server''s base URL, e.g. http://localhost:9090 (also a path prefix such as https://mimir.example/prometheus)')
            [CompletionResult]::new('--tsdb', '--tsdb', [CompletionResultType]::ParameterName, 'Query the blocks of this Prometheus data directory (or a single block) instead of a server')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: `json` is exactly the HTTP API''s `data` object')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: `json` is exactly the HTTP API''s `data` object')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'An HTTP header to send, `Name: value` (repeatable), e.g. ''X-Scope-OrgID: tenant1''')
            [CompletionResult]::new('--http.config.file', '--http.config.file', [CompletionResultType]::ParameterName, 'HTTP client settings as Prometheus''s `http_config` YAML (basic_auth, authorization, tls_config, proxy_url, ...), like promtool''s flag of the same name')
            [CompletionResult]::new('--bearer-token-file', '--bearer-token-file', [CompletionResultType]::ParameterName, 'Send `Authorization: Bearer <token>` with the token read from FILE')
            [CompletionResult]::new('--basic-auth', '--basic-auth', [CompletionResultType]::ParameterName, 'Basic auth as USER:PASSWORD (the password may also come from LOOKOUT_PASSWORD)')
            [CompletionResult]::new('--tls.ca-file', '--tls.ca-file', [CompletionResultType]::ParameterName, 'CA certificate (PEM) to verify the server with')
            [CompletionResult]::new('--tls.cert-file', '--tls.cert-file', [CompletionResultType]::ParameterName, 'Client certificate (PEM) for mutual TLS; needs --tls.key-file')
            [CompletionResult]::new('--tls.key-file', '--tls.key-file', [CompletionResultType]::ParameterName, 'Client key (PEM) for mutual TLS')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up on the server after this long')
            [CompletionResult]::new('--query.lookback-delta', '--query.lookback-delta', [CompletionResultType]::ParameterName, 'With --tsdb: how far back an instant selector looks for a sample')
            [CompletionResult]::new('--match', '--match', [CompletionResultType]::ParameterName, 'Series selector (repeatable; series matching any), e.g. ''up{job="node"}''')
            [CompletionResult]::new('--start', '--start', [CompletionResultType]::ParameterName, 'Start of the time range. Default: all data')
            [CompletionResult]::new('--end', '--end', [CompletionResultType]::ParameterName, 'End of the time range. Default: all data')
            [CompletionResult]::new('--enable-feature', '--enable-feature', [CompletionResultType]::ParameterName, 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)')
            [CompletionResult]::new('--tls.insecure-skip-verify', '--tls.insecure-skip-verify', [CompletionResultType]::ParameterName, 'Do not verify the server''s certificate')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'lookout;query;labels' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'The server''s base URL, e.g. http://localhost:9090 (also a path prefix such as https://mimir.example/prometheus)')
            [CompletionResult]::new('--tsdb', '--tsdb', [CompletionResultType]::ParameterName, 'Query the blocks of this Prometheus data directory (or a single block) instead of a server')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: `json` is exactly the HTTP API''s `data` object')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: `json` is exactly the HTTP API''s `data` object')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'An HTTP header to send, `Name: value` (repeatable), e.g. ''X-Scope-OrgID: tenant1''')
            [CompletionResult]::new('--http.config.file', '--http.config.file', [CompletionResultType]::ParameterName, 'HTTP client settings as Prometheus''s `http_config` YAML (basic_auth, authorization, tls_config, proxy_url, ...), like promtool''s flag of the same name')
            [CompletionResult]::new('--bearer-token-file', '--bearer-token-file', [CompletionResultType]::ParameterName, 'Send `Authorization: Bearer <token>` with the token read from FILE')
            [CompletionResult]::new('--basic-auth', '--basic-auth', [CompletionResultType]::ParameterName, 'Basic auth as USER:PASSWORD (the password may also come from LOOKOUT_PASSWORD)')
            [CompletionResult]::new('--tls.ca-file', '--tls.ca-file', [CompletionResultType]::ParameterName, 'CA certificate (PEM) to verify the server with')
            [CompletionResult]::new('--tls.cert-file', '--tls.cert-file', [CompletionResultType]::ParameterName, 'Client certificate (PEM) for mutual TLS; needs --tls.key-file')
            [CompletionResult]::new('--tls.key-file', '--tls.key-file', [CompletionResultType]::ParameterName, 'Client key (PEM) for mutual TLS')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up on the server after this long')
            [CompletionResult]::new('--query.lookback-delta', '--query.lookback-delta', [CompletionResultType]::ParameterName, 'With --tsdb: how far back an instant selector looks for a sample')
            [CompletionResult]::new('--match', '--match', [CompletionResultType]::ParameterName, 'Only series matching this selector (repeatable; series matching any)')
            [CompletionResult]::new('--start', '--start', [CompletionResultType]::ParameterName, 'Start of the time range. Default: all data')
            [CompletionResult]::new('--end', '--end', [CompletionResultType]::ParameterName, 'End of the time range. Default: all data')
            [CompletionResult]::new('--enable-feature', '--enable-feature', [CompletionResultType]::ParameterName, 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)')
            [CompletionResult]::new('--tls.insecure-skip-verify', '--tls.insecure-skip-verify', [CompletionResultType]::ParameterName, 'Do not verify the server''s certificate')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'lookout;query;help' {
            [CompletionResult]::new('instant', 'instant', [CompletionResultType]::ParameterValue, 'Evaluate an expression at one time (`/api/v1/query`)')
            [CompletionResult]::new('range', 'range', [CompletionResultType]::ParameterValue, 'Evaluate an expression at every step of a time range (`/api/v1/query_range`)')
            [CompletionResult]::new('series', 'series', [CompletionResultType]::ParameterValue, 'List the series matching selectors (`/api/v1/series`)')
            [CompletionResult]::new('labels', 'labels', [CompletionResultType]::ParameterValue, 'List label names, or the values of label NAME (`/api/v1/labels`, `/api/v1/label/NAME/values`)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'lookout;query;help;instant' {
            break
        }
        'lookout;query;help;range' {
            break
        }
        'lookout;query;help;series' {
            break
        }
        'lookout;query;help;labels' {
            break
        }
        'lookout;query;help;help' {
            break
        }
        'lookout;relabel' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The Prometheus configuration file')
            [CompletionResult]::new('--job', '--job', [CompletionResultType]::ParameterName, 'The scrape job (`job_name`) whose rules to apply')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--enable-feature', '--enable-feature', [CompletionResultType]::ParameterName, 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)')
            [CompletionResult]::new('--metric', '--metric', [CompletionResultType]::ParameterName, 'Apply `metric_relabel_configs` instead of `relabel_configs`')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'lookout;grade' {
            [CompletionResult]::new('--challenge', '--challenge', [CompletionResultType]::ParameterName, 'The challenge the repositories are for [default: monitoring-stack, or the one a repository''s layout clearly shows: loki/ and promtail/ are logging-stack, services/frontend/ is distributed-tracing]')
            [CompletionResult]::new('--rubric', '--rubric', [CompletionResultType]::ParameterName, 'Which rubric: `readme` (the README''s table with deep checks; for the sibling challenges, run.py''s tasks split into deep checks), `runpy` (run.py''s sections or tasks and points, decided by parsing) or `runpy-substring` (run.py''s own substring or regex checks, for comparison; not for logging-stack, whose run.py parses YAML)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format; `csv` is a gradebook (one row per repository)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format; `csv` is a gradebook (one row per repository)')
            [CompletionResult]::new('-j', '-j', [CompletionResultType]::ParameterName, 'How many repositories to grade at once [default: the number of CPUs]')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'How many repositories to grade at once [default: the number of CPUs]')
            [CompletionResult]::new('--enable-feature', '--enable-feature', [CompletionResultType]::ParameterName, 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)')
            [CompletionResult]::new('--run-app', '--run-app', [CompletionResultType]::ParameterName, 'Start each app with python3 (Flask and prometheus_client must be importable) and scrape its /metrics page, instead of reading the instrumentation from the source')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No progress bar')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No progress bar')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'lookout;alertmanager' {
            [CompletionResult]::new('--enable-feature', '--enable-feature', [CompletionResultType]::ParameterName, 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Check alertmanager.yml files like `amtool check-config`, with its output and exit codes')
            [CompletionResult]::new('routes', 'routes', [CompletionResultType]::ParameterValue, 'Show the routing tree, or test where alerts go, like `amtool config routes`')
            [CompletionResult]::new('template', 'template', [CompletionResultType]::ParameterValue, 'Work with notification templates')
            [CompletionResult]::new('alerts', 'alerts', [CompletionResultType]::ParameterValue, 'Query or add alerts through the API, like `amtool alert`')
            [CompletionResult]::new('silence', 'silence', [CompletionResultType]::ParameterValue, 'Add, query, update, expire or import silences through the API, like `amtool silence`')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show the cluster status, like `amtool cluster show`')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'lookout;alertmanager;check' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: `human` is amtool''s text')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: `human` is amtool''s text')
            [CompletionResult]::new('--enable-feature', '--enable-feature', [CompletionResultType]::ParameterName, 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'lookout;alertmanager;routes' {
            [CompletionResult]::new('--config.file', '--config.file', [CompletionResultType]::ParameterName, 'The configuration file')
            [CompletionResult]::new('--alertmanager.url', '--alertmanager.url', [CompletionResultType]::ParameterName, 'Without `--config.file`, the running configuration of this Alertmanager (from its `/api/v2/status`), e.g. http://localhost:9093')
            [CompletionResult]::new('--enable-feature', '--enable-feature', [CompletionResultType]::ParameterName, 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print the routing tree as amtool draws it (the default): each route''s matchers, `continue: true` and effective receiver')
            [CompletionResult]::new('test', 'test', [CompletionResultType]::ParameterValue, 'Print the receivers an alert with LABELS goes to, comma-separated in tree order')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'lookout;alertmanager;routes;show' {
            [CompletionResult]::new('--config.file', '--config.file', [CompletionResultType]::ParameterName, 'The configuration file')
            [CompletionResult]::new('--alertmanager.url', '--alertmanager.url', [CompletionResultType]::ParameterName, 'Without `--config.file`, the running configuration of this Alertmanager (from its `/api/v2/status`), e.g. http://localhost:9093')
            [CompletionResult]::new('--enable-feature', '--enable-feature', [CompletionResultType]::ParameterName, 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'lookout;alertmanager;routes;test' {
            [CompletionResult]::new('--verify.receivers', '--verify.receivers', [CompletionResultType]::ParameterName, 'The receivers expected, comma-separated in tree order; fail if they differ')
            [CompletionResult]::new('--verify.grouping', '--verify.grouping', [CompletionResultType]::ParameterName, 'The grouping expected on every route the alert reaches: label names, comma-separated in any order, or `...` (group by all labels); fail when a route groups otherwise (amtool has no such check, see prometheus/alertmanager#3003)')
            [CompletionResult]::new('--at', '--at', [CompletionResultType]::ParameterName, 'Evaluate the routes'' mute_time_intervals and active_time_intervals at TIME (RFC 3339 or Unix seconds): receivers whose notifications would be held back then are left out of the answer, each with the reason on standard error (amtool ignores time intervals, see prometheus/alertmanager#3889)')
            [CompletionResult]::new('--inhibited-by', '--inhibited-by', [CompletionResultType]::ParameterName, 'The labels of a firing alert that may inhibit this one through the `inhibit_rules`, as `{name="value",...}` or `name=value,...` (repeatable): when one does, the alert notifies nobody and the rule is named on standard error')
            [CompletionResult]::new('--test-file', '--test-file', [CompletionResultType]::ParameterName, 'Run a file of routing tests instead of one alert: a YAML `tests:` list whose items have `labels` (a mapping), the expected `receivers` (a list, in tree order) and, optionally, a `name` and the expected `grouping` (label names or `...`). Prints PASS or FAIL per test; exit code 1 when any fails (prometheus/alertmanager#5167)')
            [CompletionResult]::new('--config.file', '--config.file', [CompletionResultType]::ParameterName, 'The configuration file')
            [CompletionResult]::new('--alertmanager.url', '--alertmanager.url', [CompletionResultType]::ParameterName, 'Without `--config.file`, the running configuration of this Alertmanager (from its `/api/v2/status`), e.g. http://localhost:9093')
            [CompletionResult]::new('--enable-feature', '--enable-feature', [CompletionResultType]::ParameterName, 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)')
            [CompletionResult]::new('--tree', '--tree', [CompletionResultType]::ParameterName, 'Also print the routes the alert matches, as a tree')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'lookout;alertmanager;routes;help' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print the routing tree as amtool draws it (the default): each route''s matchers, `continue: true` and effective receiver')
            [CompletionResult]::new('test', 'test', [CompletionResultType]::ParameterValue, 'Print the receivers an alert with LABELS goes to, comma-separated in tree order')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'lookout;alertmanager;routes;help;show' {
            break
        }
        'lookout;alertmanager;routes;help;test' {
            break
        }
        'lookout;alertmanager;routes;help;help' {
            break
        }
        'lookout;alertmanager;template' {
            [CompletionResult]::new('--enable-feature', '--enable-feature', [CompletionResultType]::ParameterName, 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('render', 'render', [CompletionResultType]::ParameterValue, 'Render a template text with Alertmanager''s templates, functions and data model (amtool template render), or a receiver''s whole notification (--receiver)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'lookout;alertmanager;template;render' {
            [CompletionResult]::new('--template.glob', '--template.glob', [CompletionResultType]::ParameterName, 'Glob of template files to load (repeatable); a glob matching nothing is allowed. With --receiver, loaded after the configuration''s `templates:`')
            [CompletionResult]::new('--template.text', '--template.text', [CompletionResultType]::ParameterName, 'The template text to render, e.g. ''{{ template "slack.default.title" . }}''')
            [CompletionResult]::new('--template.type', '--template.type', [CompletionResultType]::ParameterName, 'Render with text/template or with html/template''s contextual escaping (with --receiver, each field uses the engine its notifier uses)')
            [CompletionResult]::new('--template.data', '--template.data', [CompletionResultType]::ParameterName, 'JSON file with the notification data (Alertmanager''s template.Data, as webhooks receive it); without it, amtool''s sample data with two alerts is used')
            [CompletionResult]::new('--receiver', '--receiver', [CompletionResultType]::ParameterName, 'Render the whole notification of this receiver of --config.file')
            [CompletionResult]::new('--config.file', '--config.file', [CompletionResultType]::ParameterName, 'The Alertmanager configuration the receiver comes from')
            [CompletionResult]::new('--alert', '--alert', [CompletionResultType]::ParameterName, 'A firing alert with these labels, as `{name="value",...}` or `name=value,...` (repeatable). It starts at --at and ends a resolve_timeout later, as if posted then')
            [CompletionResult]::new('--resolved-alert', '--resolved-alert', [CompletionResultType]::ParameterName, 'A resolved alert with these labels (repeatable), ended at --at')
            [CompletionResult]::new('--annotation', '--annotation', [CompletionResultType]::ParameterName, 'An annotation of every --alert and --resolved-alert, `name=value` (repeatable)')
            [CompletionResult]::new('--at', '--at', [CompletionResultType]::ParameterName, 'When the notification is sent (RFC 3339 or Unix seconds) [default: now]')
            [CompletionResult]::new('--web.external-url', '--web.external-url', [CompletionResultType]::ParameterName, 'Alertmanager''s external URL (`.ExternalURL`, links back to it)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of a receiver''s notification')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of a receiver''s notification')
            [CompletionResult]::new('--enable-feature', '--enable-feature', [CompletionResultType]::ParameterName, 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'lookout;alertmanager;template;help' {
            [CompletionResult]::new('render', 'render', [CompletionResultType]::ParameterValue, 'Render a template text with Alertmanager''s templates, functions and data model (amtool template render), or a receiver''s whole notification (--receiver)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'lookout;alertmanager;template;help;render' {
            break
        }
        'lookout;alertmanager;template;help;help' {
            break
        }
        'lookout;alertmanager;alerts' {
            [CompletionResult]::new('--enable-feature', '--enable-feature', [CompletionResultType]::ParameterName, 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('query', 'query', [CompletionResultType]::ParameterValue, 'List alerts (`GET /api/v2/alerts`), sorted by start time')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Send an alert (`POST /api/v2/alerts`), as a Prometheus server would')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'lookout;alertmanager;alerts;query' {
            [CompletionResult]::new('--alertmanager.url', '--alertmanager.url', [CompletionResultType]::ParameterName, 'The Alertmanager, e.g. http://localhost:9093 (a path prefix is kept; `user:pass@` in the URL is basic auth). Default: $ALERTMANAGER_URL, else `alertmanager.url` from the amtool configuration file')
            [CompletionResult]::new('--http.config.file', '--http.config.file', [CompletionResultType]::ParameterName, 'HTTP client settings as Prometheus''s `http_config` YAML (basic_auth, authorization, tls_config, proxy_url, ...), like amtool''s flag of the same name')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format (amtool''s formatters) [default: simple]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format (amtool''s formatters) [default: simple]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up on the server after this long, a Prometheus or Go duration [default: 30s]')
            [CompletionResult]::new('--date.format', '--date.format', [CompletionResultType]::ParameterName, 'How to print times, as a Go time layout [default: "2006-01-02 15:04:05 MST"]')
            [CompletionResult]::new('-r', '-r', [CompletionResultType]::ParameterName, 'Show alerts going to receivers whose name matches this regex')
            [CompletionResult]::new('--receiver', '--receiver', [CompletionResultType]::ParameterName, 'Show alerts going to receivers whose name matches this regex')
            [CompletionResult]::new('--enable-feature', '--enable-feature', [CompletionResultType]::ParameterName, 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)')
            [CompletionResult]::new('-a', '-a', [CompletionResultType]::ParameterName, 'Show active alerts')
            [CompletionResult]::new('--active', '--active', [CompletionResultType]::ParameterName, 'Show active alerts')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Show silenced alerts')
            [CompletionResult]::new('--silenced', '--silenced', [CompletionResultType]::ParameterName, 'Show silenced alerts')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'Show inhibited alerts')
            [CompletionResult]::new('--inhibited', '--inhibited', [CompletionResultType]::ParameterName, 'Show inhibited alerts')
            [CompletionResult]::new('-u', '-u', [CompletionResultType]::ParameterName, 'Show unprocessed alerts')
            [CompletionResult]::new('--unprocessed', '--unprocessed', [CompletionResultType]::ParameterName, 'Show unprocessed alerts')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'lookout;alertmanager;alerts;add' {
            [CompletionResult]::new('--alertmanager.url', '--alertmanager.url', [CompletionResultType]::ParameterName, 'The Alertmanager, e.g. http://localhost:9093 (a path prefix is kept; `user:pass@` in the URL is basic auth). Default: $ALERTMANAGER_URL, else `alertmanager.url` from the amtool configuration file')
            [CompletionResult]::new('--http.config.file', '--http.config.file', [CompletionResultType]::ParameterName, 'HTTP client settings as Prometheus''s `http_config` YAML (basic_auth, authorization, tls_config, proxy_url, ...), like amtool''s flag of the same name')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format (amtool''s formatters) [default: simple]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format (amtool''s formatters) [default: simple]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up on the server after this long, a Prometheus or Go duration [default: 30s]')
            [CompletionResult]::new('--date.format', '--date.format', [CompletionResultType]::ParameterName, 'How to print times, as a Go time layout [default: "2006-01-02 15:04:05 MST"]')
            [CompletionResult]::new('--annotation', '--annotation', [CompletionResultType]::ParameterName, 'An annotation, `name=value` (repeatable)')
            [CompletionResult]::new('--start', '--start', [CompletionResultType]::ParameterName, 'When the alert started, RFC 3339 (2006-01-02T15:04:05-07:00)')
            [CompletionResult]::new('--end', '--end', [CompletionResultType]::ParameterName, 'When the alert ends, RFC 3339')
            [CompletionResult]::new('--generator-url', '--generator-url', [CompletionResultType]::ParameterName, 'The URL of what generated the alert')
            [CompletionResult]::new('--enable-feature', '--enable-feature', [CompletionResultType]::ParameterName, 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'lookout;alertmanager;alerts;help' {
            [CompletionResult]::new('query', 'query', [CompletionResultType]::ParameterValue, 'List alerts (`GET /api/v2/alerts`), sorted by start time')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Send an alert (`POST /api/v2/alerts`), as a Prometheus server would')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'lookout;alertmanager;alerts;help;query' {
            break
        }
        'lookout;alertmanager;alerts;help;add' {
            break
        }
        'lookout;alertmanager;alerts;help;help' {
            break
        }
        'lookout;alertmanager;silence' {
            [CompletionResult]::new('--enable-feature', '--enable-feature', [CompletionResultType]::ParameterName, 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Create a silence (`POST /api/v2/silences`) and print its id')
            [CompletionResult]::new('query', 'query', [CompletionResultType]::ParameterValue, 'List silences, sorted by end time: by default the ones not yet expired')
            [CompletionResult]::new('expire', 'expire', [CompletionResultType]::ParameterValue, 'Expire silences now (`DELETE /api/v2/silence/ID`). Every id is tried; each failure is reported')
            [CompletionResult]::new('update', 'update', [CompletionResultType]::ParameterValue, 'Change silences'' times or comment, then print them as `query` does')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Create silences from JSON (what `silence query -o json` prints), from FILE or standard input, printing each new id in input order')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'lookout;alertmanager;silence;add' {
            [CompletionResult]::new('--alertmanager.url', '--alertmanager.url', [CompletionResultType]::ParameterName, 'The Alertmanager, e.g. http://localhost:9093 (a path prefix is kept; `user:pass@` in the URL is basic auth). Default: $ALERTMANAGER_URL, else `alertmanager.url` from the amtool configuration file')
            [CompletionResult]::new('--http.config.file', '--http.config.file', [CompletionResultType]::ParameterName, 'HTTP client settings as Prometheus''s `http_config` YAML (basic_auth, authorization, tls_config, proxy_url, ...), like amtool''s flag of the same name')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format (amtool''s formatters) [default: simple]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format (amtool''s formatters) [default: simple]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up on the server after this long, a Prometheus or Go duration [default: 30s]')
            [CompletionResult]::new('--date.format', '--date.format', [CompletionResultType]::ParameterName, 'How to print times, as a Go time layout [default: "2006-01-02 15:04:05 MST"]')
            [CompletionResult]::new('-a', '-a', [CompletionResultType]::ParameterName, 'Who creates the silence [default: `author` from the amtool configuration file, else the current user name]')
            [CompletionResult]::new('--author', '--author', [CompletionResultType]::ParameterName, 'Who creates the silence [default: `author` from the amtool configuration file, else the current user name]')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Why (required unless --require-comment=false)')
            [CompletionResult]::new('--comment', '--comment', [CompletionResultType]::ParameterName, 'Why (required unless --require-comment=false)')
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'How long the silence lasts, a Prometheus duration [default: 1h]; --end overrides it')
            [CompletionResult]::new('--duration', '--duration', [CompletionResultType]::ParameterName, 'How long the silence lasts, a Prometheus duration [default: 1h]; --end overrides it')
            [CompletionResult]::new('--start', '--start', [CompletionResultType]::ParameterName, 'When the silence starts, RFC 3339 [default: now]')
            [CompletionResult]::new('--end', '--end', [CompletionResultType]::ParameterName, 'When the silence ends, RFC 3339')
            [CompletionResult]::new('--require-comment', '--require-comment', [CompletionResultType]::ParameterName, 'Refuse to create a silence without a comment [default: true]')
            [CompletionResult]::new('--annotation', '--annotation', [CompletionResultType]::ParameterName, 'An annotation on the silence, `name=value` (repeatable; Alertmanager 0.28 and later keep them)')
            [CompletionResult]::new('--enable-feature', '--enable-feature', [CompletionResultType]::ParameterName, 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'lookout;alertmanager;silence;query' {
            [CompletionResult]::new('--alertmanager.url', '--alertmanager.url', [CompletionResultType]::ParameterName, 'The Alertmanager, e.g. http://localhost:9093 (a path prefix is kept; `user:pass@` in the URL is basic auth). Default: $ALERTMANAGER_URL, else `alertmanager.url` from the amtool configuration file')
            [CompletionResult]::new('--http.config.file', '--http.config.file', [CompletionResultType]::ParameterName, 'HTTP client settings as Prometheus''s `http_config` YAML (basic_auth, authorization, tls_config, proxy_url, ...), like amtool''s flag of the same name')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format (amtool''s formatters) [default: simple]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format (amtool''s formatters) [default: simple]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up on the server after this long, a Prometheus or Go duration [default: 30s]')
            [CompletionResult]::new('--date.format', '--date.format', [CompletionResultType]::ParameterName, 'How to print times, as a Go time layout [default: "2006-01-02 15:04:05 MST"]')
            [CompletionResult]::new('--within', '--within', [CompletionResultType]::ParameterName, 'Only silences that end within this Go duration from now (with --expired: that ended within it)')
            [CompletionResult]::new('--id', '--id', [CompletionResultType]::ParameterName, 'Only the silence with this id')
            [CompletionResult]::new('--created-by', '--created-by', [CompletionResultType]::ParameterName, 'Only silences created by this author')
            [CompletionResult]::new('--enable-feature', '--enable-feature', [CompletionResultType]::ParameterName, 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)')
            [CompletionResult]::new('--expired', '--expired', [CompletionResultType]::ParameterName, 'Show expired silences instead of the others')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only the ids')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only the ids')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'lookout;alertmanager;silence;expire' {
            [CompletionResult]::new('--alertmanager.url', '--alertmanager.url', [CompletionResultType]::ParameterName, 'The Alertmanager, e.g. http://localhost:9093 (a path prefix is kept; `user:pass@` in the URL is basic auth). Default: $ALERTMANAGER_URL, else `alertmanager.url` from the amtool configuration file')
            [CompletionResult]::new('--http.config.file', '--http.config.file', [CompletionResultType]::ParameterName, 'HTTP client settings as Prometheus''s `http_config` YAML (basic_auth, authorization, tls_config, proxy_url, ...), like amtool''s flag of the same name')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format (amtool''s formatters) [default: simple]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format (amtool''s formatters) [default: simple]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up on the server after this long, a Prometheus or Go duration [default: 30s]')
            [CompletionResult]::new('--date.format', '--date.format', [CompletionResultType]::ParameterName, 'How to print times, as a Go time layout [default: "2006-01-02 15:04:05 MST"]')
            [CompletionResult]::new('--enable-feature', '--enable-feature', [CompletionResultType]::ParameterName, 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'lookout;alertmanager;silence;update' {
            [CompletionResult]::new('--alertmanager.url', '--alertmanager.url', [CompletionResultType]::ParameterName, 'The Alertmanager, e.g. http://localhost:9093 (a path prefix is kept; `user:pass@` in the URL is basic auth). Default: $ALERTMANAGER_URL, else `alertmanager.url` from the amtool configuration file')
            [CompletionResult]::new('--http.config.file', '--http.config.file', [CompletionResultType]::ParameterName, 'HTTP client settings as Prometheus''s `http_config` YAML (basic_auth, authorization, tls_config, proxy_url, ...), like amtool''s flag of the same name')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format (amtool''s formatters) [default: simple]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format (amtool''s formatters) [default: simple]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up on the server after this long, a Prometheus or Go duration [default: 30s]')
            [CompletionResult]::new('--date.format', '--date.format', [CompletionResultType]::ParameterName, 'How to print times, as a Go time layout [default: "2006-01-02 15:04:05 MST"]')
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'New length of the silences from their start, a Prometheus duration')
            [CompletionResult]::new('--duration', '--duration', [CompletionResultType]::ParameterName, 'New length of the silences from their start, a Prometheus duration')
            [CompletionResult]::new('--start', '--start', [CompletionResultType]::ParameterName, 'New start, RFC 3339')
            [CompletionResult]::new('--end', '--end', [CompletionResultType]::ParameterName, 'New end, RFC 3339 (overrides --duration)')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'New comment')
            [CompletionResult]::new('--comment', '--comment', [CompletionResultType]::ParameterName, 'New comment')
            [CompletionResult]::new('--enable-feature', '--enable-feature', [CompletionResultType]::ParameterName, 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only the ids')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only the ids')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'lookout;alertmanager;silence;import' {
            [CompletionResult]::new('--alertmanager.url', '--alertmanager.url', [CompletionResultType]::ParameterName, 'The Alertmanager, e.g. http://localhost:9093 (a path prefix is kept; `user:pass@` in the URL is basic auth). Default: $ALERTMANAGER_URL, else `alertmanager.url` from the amtool configuration file')
            [CompletionResult]::new('--http.config.file', '--http.config.file', [CompletionResultType]::ParameterName, 'HTTP client settings as Prometheus''s `http_config` YAML (basic_auth, authorization, tls_config, proxy_url, ...), like amtool''s flag of the same name')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format (amtool''s formatters) [default: simple]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format (amtool''s formatters) [default: simple]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up on the server after this long, a Prometheus or Go duration [default: 30s]')
            [CompletionResult]::new('--date.format', '--date.format', [CompletionResultType]::ParameterName, 'How to print times, as a Go time layout [default: "2006-01-02 15:04:05 MST"]')
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'How many silences to send at once')
            [CompletionResult]::new('--workers', '--workers', [CompletionResultType]::ParameterName, 'How many silences to send at once')
            [CompletionResult]::new('--worker', '--worker', [CompletionResultType]::ParameterName, 'How many silences to send at once')
            [CompletionResult]::new('--enable-feature', '--enable-feature', [CompletionResultType]::ParameterName, 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Create every silence anew, ignoring the ids in the input')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Create every silence anew, ignoring the ids in the input')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'lookout;alertmanager;silence;help' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Create a silence (`POST /api/v2/silences`) and print its id')
            [CompletionResult]::new('query', 'query', [CompletionResultType]::ParameterValue, 'List silences, sorted by end time: by default the ones not yet expired')
            [CompletionResult]::new('expire', 'expire', [CompletionResultType]::ParameterValue, 'Expire silences now (`DELETE /api/v2/silence/ID`). Every id is tried; each failure is reported')
            [CompletionResult]::new('update', 'update', [CompletionResultType]::ParameterValue, 'Change silences'' times or comment, then print them as `query` does')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Create silences from JSON (what `silence query -o json` prints), from FILE or standard input, printing each new id in input order')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'lookout;alertmanager;silence;help;add' {
            break
        }
        'lookout;alertmanager;silence;help;query' {
            break
        }
        'lookout;alertmanager;silence;help;expire' {
            break
        }
        'lookout;alertmanager;silence;help;update' {
            break
        }
        'lookout;alertmanager;silence;help;import' {
            break
        }
        'lookout;alertmanager;silence;help;help' {
            break
        }
        'lookout;alertmanager;status' {
            [CompletionResult]::new('--alertmanager.url', '--alertmanager.url', [CompletionResultType]::ParameterName, 'The Alertmanager, e.g. http://localhost:9093 (a path prefix is kept; `user:pass@` in the URL is basic auth). Default: $ALERTMANAGER_URL, else `alertmanager.url` from the amtool configuration file')
            [CompletionResult]::new('--http.config.file', '--http.config.file', [CompletionResultType]::ParameterName, 'HTTP client settings as Prometheus''s `http_config` YAML (basic_auth, authorization, tls_config, proxy_url, ...), like amtool''s flag of the same name')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format (amtool''s formatters) [default: simple]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format (amtool''s formatters) [default: simple]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up on the server after this long, a Prometheus or Go duration [default: 30s]')
            [CompletionResult]::new('--date.format', '--date.format', [CompletionResultType]::ParameterName, 'How to print times, as a Go time layout [default: "2006-01-02 15:04:05 MST"]')
            [CompletionResult]::new('--enable-feature', '--enable-feature', [CompletionResultType]::ParameterName, 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'lookout;alertmanager;help' {
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Check alertmanager.yml files like `amtool check-config`, with its output and exit codes')
            [CompletionResult]::new('routes', 'routes', [CompletionResultType]::ParameterValue, 'Show the routing tree, or test where alerts go, like `amtool config routes`')
            [CompletionResult]::new('template', 'template', [CompletionResultType]::ParameterValue, 'Work with notification templates')
            [CompletionResult]::new('alerts', 'alerts', [CompletionResultType]::ParameterValue, 'Query or add alerts through the API, like `amtool alert`')
            [CompletionResult]::new('silence', 'silence', [CompletionResultType]::ParameterValue, 'Add, query, update, expire or import silences through the API, like `amtool silence`')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show the cluster status, like `amtool cluster show`')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'lookout;alertmanager;help;check' {
            break
        }
        'lookout;alertmanager;help;routes' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print the routing tree as amtool draws it (the default): each route''s matchers, `continue: true` and effective receiver')
            [CompletionResult]::new('test', 'test', [CompletionResultType]::ParameterValue, 'Print the receivers an alert with LABELS goes to, comma-separated in tree order')
            break
        }
        'lookout;alertmanager;help;routes;show' {
            break
        }
        'lookout;alertmanager;help;routes;test' {
            break
        }
        'lookout;alertmanager;help;template' {
            [CompletionResult]::new('render', 'render', [CompletionResultType]::ParameterValue, 'Render a template text with Alertmanager''s templates, functions and data model (amtool template render), or a receiver''s whole notification (--receiver)')
            break
        }
        'lookout;alertmanager;help;template;render' {
            break
        }
        'lookout;alertmanager;help;alerts' {
            [CompletionResult]::new('query', 'query', [CompletionResultType]::ParameterValue, 'List alerts (`GET /api/v2/alerts`), sorted by start time')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Send an alert (`POST /api/v2/alerts`), as a Prometheus server would')
            break
        }
        'lookout;alertmanager;help;alerts;query' {
            break
        }
        'lookout;alertmanager;help;alerts;add' {
            break
        }
        'lookout;alertmanager;help;silence' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Create a silence (`POST /api/v2/silences`) and print its id')
            [CompletionResult]::new('query', 'query', [CompletionResultType]::ParameterValue, 'List silences, sorted by end time: by default the ones not yet expired')
            [CompletionResult]::new('expire', 'expire', [CompletionResultType]::ParameterValue, 'Expire silences now (`DELETE /api/v2/silence/ID`). Every id is tried; each failure is reported')
            [CompletionResult]::new('update', 'update', [CompletionResultType]::ParameterValue, 'Change silences'' times or comment, then print them as `query` does')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Create silences from JSON (what `silence query -o json` prints), from FILE or standard input, printing each new id in input order')
            break
        }
        'lookout;alertmanager;help;silence;add' {
            break
        }
        'lookout;alertmanager;help;silence;query' {
            break
        }
        'lookout;alertmanager;help;silence;expire' {
            break
        }
        'lookout;alertmanager;help;silence;update' {
            break
        }
        'lookout;alertmanager;help;silence;import' {
            break
        }
        'lookout;alertmanager;help;status' {
            break
        }
        'lookout;alertmanager;help;help' {
            break
        }
        'lookout;completions' {
            [CompletionResult]::new('--enable-feature', '--enable-feature', [CompletionResultType]::ParameterName, 'Enable experimental PromQL features, comma-separated (repeatable): promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal (rule unit tests); for Alertmanager matchers, classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the classic one)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'lookout;help' {
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Validate files and expressions')
            [CompletionResult]::new('promql', 'promql', [CompletionResultType]::ParameterValue, 'Work with PromQL expressions')
            [CompletionResult]::new('test', 'test', [CompletionResultType]::ParameterValue, 'Run tests')
            [CompletionResult]::new('tsdb', 'tsdb', [CompletionResultType]::ParameterValue, 'Read Prometheus TSDB data directories')
            [CompletionResult]::new('query', 'query', [CompletionResultType]::ParameterValue, 'Query PromQL against a Prometheus-compatible server or a TSDB data directory')
            [CompletionResult]::new('relabel', 'relabel', [CompletionResultType]::ParameterValue, 'Show step by step what a scrape job''s relabeling does to a label set')
            [CompletionResult]::new('grade', 'grade', [CompletionResultType]::ParameterValue, 'Score challenge repositories (the "Monitoring Stack" challenge and its siblings)')
            [CompletionResult]::new('alertmanager', 'alertmanager', [CompletionResultType]::ParameterValue, 'Alertmanager''s configuration, templates and API (amtool''s job)')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script to standard output')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'lookout;help;check' {
            [CompletionResult]::new('promql', 'promql', [CompletionResultType]::ParameterValue, 'Check PromQL expressions for syntax and type errors')
            [CompletionResult]::new('rules', 'rules', [CompletionResultType]::ParameterValue, 'Check rule files like `promtool check rules`')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Check prometheus.yml files like `promtool check config`')
            [CompletionResult]::new('web-config', 'web-config', [CompletionResultType]::ParameterValue, 'Check web configuration files (TLS and basic auth of Prometheus''s and exporters'' servers) like `promtool check web-config`')
            [CompletionResult]::new('metrics', 'metrics', [CompletionResultType]::ParameterValue, 'Lint metrics in the Prometheus text exposition format, read from standard input, like `promtool check metrics` (e.g. `curl -s host:9100/metrics | lookout check metrics`)')
            [CompletionResult]::new('dashboards', 'dashboards', [CompletionResultType]::ParameterValue, 'Check Grafana dashboards: JSON syntax, datasource references, template variables and every PromQL query after variable substitution; lint them with dashboard-linter''s rules')
            [CompletionResult]::new('grafana-provisioning', 'grafana-provisioning', [CompletionResultType]::ParameterValue, 'Check Grafana provisioning files: data sources, dashboard providers and alerting')
            break
        }
        'lookout;help;check;promql' {
            break
        }
        'lookout;help;check;rules' {
            break
        }
        'lookout;help;check;config' {
            break
        }
        'lookout;help;check;web-config' {
            break
        }
        'lookout;help;check;metrics' {
            break
        }
        'lookout;help;check;dashboards' {
            break
        }
        'lookout;help;check;grafana-provisioning' {
            break
        }
        'lookout;help;promql' {
            [CompletionResult]::new('format', 'format', [CompletionResultType]::ParameterValue, 'Print an expression in canonical, prettified form (like `promtool promql format`)')
            [CompletionResult]::new('parse', 'parse', [CompletionResultType]::ParameterValue, 'Print the syntax tree of an expression')
            break
        }
        'lookout;help;promql;format' {
            break
        }
        'lookout;help;promql;parse' {
            break
        }
        'lookout;help;test' {
            [CompletionResult]::new('promql', 'promql', [CompletionResultType]::ParameterValue, 'Run promqltest scripts (Prometheus''s PromQL test language) against lookout''s engine')
            [CompletionResult]::new('rules', 'rules', [CompletionResultType]::ParameterValue, 'Run rule unit tests in promtool''s format (`promtool test rules`)')
            break
        }
        'lookout;help;test;promql' {
            break
        }
        'lookout;help;test;rules' {
            break
        }
        'lookout;help;tsdb' {
            [CompletionResult]::new('dump', 'dump', [CompletionResultType]::ParameterValue, 'Print the float samples of a data directory like `promtool tsdb dump`')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List a data directory''s blocks like `promtool tsdb list`: ULID, time range, duration, samples, chunks, series and size on disk, oldest first')
            [CompletionResult]::new('analyze', 'analyze', [CompletionResultType]::ParameterValue, 'Analyze a block''s series and label cardinality, churn and compaction efficiency')
            [CompletionResult]::new('create-blocks-from', 'create-blocks-from', [CompletionResultType]::ParameterValue, 'Write TSDB blocks from other data (backfilling)')
            break
        }
        'lookout;help;tsdb;dump' {
            break
        }
        'lookout;help;tsdb;list' {
            break
        }
        'lookout;help;tsdb;analyze' {
            break
        }
        'lookout;help;tsdb;create-blocks-from' {
            [CompletionResult]::new('openmetrics', 'openmetrics', [CompletionResultType]::ParameterValue, 'Write blocks from an OpenMetrics text file (every sample with a timestamp, `# EOF` at the end), like `promtool tsdb create-blocks-from openmetrics`')
            [CompletionResult]::new('rules', 'rules', [CompletionResultType]::ParameterValue, 'Backfill rules, like `promtool tsdb create-blocks-from rules`: each rule''s expression is evaluated over [--start, --end] at its group''s evaluation times, as range queries against --url (or locally over --tsdb DIR), one block per rule and window. As promtool does (whatever its help says), alerting rules are imported too: their expression under the alert''s name. Unlike promtool, a window without an evaluation time does not end a rule''s import. Exit codes: 0 success, 1 invalid rule files or a failed evaluation, 2 usage or I/O')
            break
        }
        'lookout;help;tsdb;create-blocks-from;openmetrics' {
            break
        }
        'lookout;help;tsdb;create-blocks-from;rules' {
            break
        }
        'lookout;help;query' {
            [CompletionResult]::new('instant', 'instant', [CompletionResultType]::ParameterValue, 'Evaluate an expression at one time (`/api/v1/query`)')
            [CompletionResult]::new('range', 'range', [CompletionResultType]::ParameterValue, 'Evaluate an expression at every step of a time range (`/api/v1/query_range`)')
            [CompletionResult]::new('series', 'series', [CompletionResultType]::ParameterValue, 'List the series matching selectors (`/api/v1/series`)')
            [CompletionResult]::new('labels', 'labels', [CompletionResultType]::ParameterValue, 'List label names, or the values of label NAME (`/api/v1/labels`, `/api/v1/label/NAME/values`)')
            break
        }
        'lookout;help;query;instant' {
            break
        }
        'lookout;help;query;range' {
            break
        }
        'lookout;help;query;series' {
            break
        }
        'lookout;help;query;labels' {
            break
        }
        'lookout;help;relabel' {
            break
        }
        'lookout;help;grade' {
            break
        }
        'lookout;help;alertmanager' {
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Check alertmanager.yml files like `amtool check-config`, with its output and exit codes')
            [CompletionResult]::new('routes', 'routes', [CompletionResultType]::ParameterValue, 'Show the routing tree, or test where alerts go, like `amtool config routes`')
            [CompletionResult]::new('template', 'template', [CompletionResultType]::ParameterValue, 'Work with notification templates')
            [CompletionResult]::new('alerts', 'alerts', [CompletionResultType]::ParameterValue, 'Query or add alerts through the API, like `amtool alert`')
            [CompletionResult]::new('silence', 'silence', [CompletionResultType]::ParameterValue, 'Add, query, update, expire or import silences through the API, like `amtool silence`')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show the cluster status, like `amtool cluster show`')
            break
        }
        'lookout;help;alertmanager;check' {
            break
        }
        'lookout;help;alertmanager;routes' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print the routing tree as amtool draws it (the default): each route''s matchers, `continue: true` and effective receiver')
            [CompletionResult]::new('test', 'test', [CompletionResultType]::ParameterValue, 'Print the receivers an alert with LABELS goes to, comma-separated in tree order')
            break
        }
        'lookout;help;alertmanager;routes;show' {
            break
        }
        'lookout;help;alertmanager;routes;test' {
            break
        }
        'lookout;help;alertmanager;template' {
            [CompletionResult]::new('render', 'render', [CompletionResultType]::ParameterValue, 'Render a template text with Alertmanager''s templates, functions and data model (amtool template render), or a receiver''s whole notification (--receiver)')
            break
        }
        'lookout;help;alertmanager;template;render' {
            break
        }
        'lookout;help;alertmanager;alerts' {
            [CompletionResult]::new('query', 'query', [CompletionResultType]::ParameterValue, 'List alerts (`GET /api/v2/alerts`), sorted by start time')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Send an alert (`POST /api/v2/alerts`), as a Prometheus server would')
            break
        }
        'lookout;help;alertmanager;alerts;query' {
            break
        }
        'lookout;help;alertmanager;alerts;add' {
            break
        }
        'lookout;help;alertmanager;silence' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Create a silence (`POST /api/v2/silences`) and print its id')
            [CompletionResult]::new('query', 'query', [CompletionResultType]::ParameterValue, 'List silences, sorted by end time: by default the ones not yet expired')
            [CompletionResult]::new('expire', 'expire', [CompletionResultType]::ParameterValue, 'Expire silences now (`DELETE /api/v2/silence/ID`). Every id is tried; each failure is reported')
            [CompletionResult]::new('update', 'update', [CompletionResultType]::ParameterValue, 'Change silences'' times or comment, then print them as `query` does')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Create silences from JSON (what `silence query -o json` prints), from FILE or standard input, printing each new id in input order')
            break
        }
        'lookout;help;alertmanager;silence;add' {
            break
        }
        'lookout;help;alertmanager;silence;query' {
            break
        }
        'lookout;help;alertmanager;silence;expire' {
            break
        }
        'lookout;help;alertmanager;silence;update' {
            break
        }
        'lookout;help;alertmanager;silence;import' {
            break
        }
        'lookout;help;alertmanager;status' {
            break
        }
        'lookout;help;completions' {
            break
        }
        'lookout;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
