//! The raw command-line arguments (clap derive), and generation of the shell completions and
//! man pages that are committed under `completions/` and `man/`.

use std::path::{Path, PathBuf};

use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "lookout",
    version,
    about = "Check, test and query Prometheus setups: promtool, amtool and logcli in one tool.",
    long_about = "Check, test and query Prometheus setups: promtool, amtool and logcli in one tool.\n\n\
        Exit codes: 0 success, 1 a check or test failed, 2 usage or I/O error.",
    propagate_version = true
)]
pub struct Cli {
    /// Enable experimental PromQL features, comma-separated (repeatable):
    /// promql-experimental-functions, promql-duration-expr,
    /// promql-extended-range-selectors, promql-binop-fill-modifiers,
    /// promql-delayed-name-removal (rule unit tests); for Alertmanager matchers,
    /// classic-mode or utf8-strict-mode (default: the UTF-8 grammar, falling back to the
    /// classic one).
    #[arg(long = "enable-feature", global = true, value_name = "FEATURES")]
    pub enable_feature: Vec<String>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate files and expressions.
    #[command(subcommand)]
    Check(CheckCommand),
    /// Work with PromQL expressions.
    #[command(subcommand)]
    Promql(PromqlCommand),
    /// Run tests.
    #[command(subcommand)]
    Test(TestCommand),
    /// Read Prometheus TSDB data directories.
    #[command(subcommand)]
    Tsdb(TsdbCommand),
    /// Query PromQL against a Prometheus-compatible server or a TSDB data directory.
    ///
    /// `--server URL` speaks the Prometheus HTTP API (Prometheus, Thanos, Mimir,
    /// VictoriaMetrics, ...); `--tsdb DIR` evaluates locally over the blocks of a data
    /// directory (Prometheus 3.x semantics). Times are RFC 3339 or Unix seconds; durations
    /// Prometheus durations (`1h30m`). Exit codes: 0 success, 1 the query failed (invalid
    /// expression, evaluation error, the server rejected it), 2 usage error, unreachable
    /// server, HTTP or I/O error.
    #[command(subcommand)]
    Query(QueryCommand),
    /// Show step by step what a scrape job's relabeling does to a label set.
    ///
    /// Reads the job's `relabel_configs` (or `metric_relabel_configs` with `--metric`) from a
    /// prometheus.yml and applies them to LABELS, printing the label set after each step.
    Relabel(RelabelArgs),
    /// Score challenge repositories (the "Monitoring Stack" challenge and its siblings).
    Grade(GradeArgs),
    /// Alertmanager's configuration, templates and API (amtool's job).
    ///
    /// `--enable-feature` takes Alertmanager's matcher switches here: `classic-mode` (the
    /// classic matcher syntax and label names only) or `utf8-strict-mode` (the UTF-8 syntax
    /// only); by default both are accepted, UTF-8 first, as Alertmanager does.
    #[command(subcommand)]
    Alertmanager(AlertmanagerCommand),
    /// Print a shell completion script to standard output.
    Completions {
        #[arg(value_enum)]
        shell: Shell,
    },
}

/// `lookout grade`.
#[derive(Debug, Args)]
#[command(
    long_about = "Score challenge repositories: each check decided by parsing the files with \
        lookout's own checkers (a job commented out does not exist, \"15s\" equals 15s, panels \
        inside rows count), every failed check with file:line and how to fix it.\n\n\
        Challenges: monitoring-stack (Prometheus, Alertmanager, Grafana and an instrumented \
        app), logging-stack (Loki, Promtail and Grafana's data source) and \
        distributed-tracing (three Flask services traced with OpenTelemetry into Jaeger). \
        The siblings' live tasks (stack running, logs or traces arriving) need Docker and \
        score 0 with that reason, as their run.py scores them without Docker.\n\n\
        One repository prints run.py's report; several are graded in parallel and summed up \
        in a table (with a progress bar on a terminal).\n\n\
        Exit codes: 0 every repository reached the pass mark, 1 some did not, 2 usage error."
)]
pub struct GradeArgs {
    /// Repositories to grade (directories).
    #[arg(value_name = "DIR", default_value = ".")]
    pub dirs: Vec<PathBuf>,

    /// The challenge the repositories are for [default: monitoring-stack, or the one a
    /// repository's layout clearly shows: loki/ and promtail/ are logging-stack,
    /// services/frontend/ is distributed-tracing].
    #[arg(long, value_parser = ["monitoring-stack", "logging-stack", "distributed-tracing"])]
    pub challenge: Option<String>,

    /// Which rubric: `readme` (the README's table with deep checks; for the sibling
    /// challenges, run.py's tasks split into deep checks), `runpy` (run.py's sections or
    /// tasks and points, decided by parsing) or `runpy-substring` (run.py's own substring
    /// or regex checks, for comparison; not for logging-stack, whose run.py parses YAML).
    #[arg(long, default_value = "readme", value_parser = ["readme", "runpy", "runpy-substring"])]
    pub rubric: String,

    /// Start each app with python3 (Flask and prometheus_client must be importable) and
    /// scrape its /metrics page, instead of reading the instrumentation from the source.
    #[arg(long = "run-app")]
    pub run_app: bool,

    /// Output format; `csv` is a gradebook (one row per repository).
    #[arg(long, short = 'o', value_enum, default_value_t = GradeOutput::Human)]
    pub output: GradeOutput,

    /// How many repositories to grade at once [default: the number of CPUs].
    #[arg(long, short = 'j', value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub jobs: Option<u16>,

    /// No progress bar.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GradeOutput {
    /// run.py's report for one repository; a summary table for several.
    Human,
    /// The reports (an object for one repository, an array for several).
    Json,
    /// One row per repository: points per section, score, pass.
    Csv,
}

#[derive(Debug, Subcommand)]
pub enum AlertmanagerCommand {
    /// Check alertmanager.yml files like `amtool check-config`, with its output and exit codes.
    ///
    /// Each file is loaded with Alertmanager's rules (strict YAML, every integration's
    /// checks, what receivers inherit from `global:`, the routing tree's references) and the
    /// first error Alertmanager would report is shown; then every file matched by its
    /// `templates:` globs (relative to the file's directory) is parsed with Alertmanager's
    /// template functions. Also warns, on standard error, about notifier fields that use a
    /// template no file defines (`{{ template "x" . }}`), which Alertmanager only notices
    /// when a notification fails. Exit codes: 0 every file is valid, 1 some file is not,
    /// 2 usage or I/O error.
    Check(AlertmanagerCheckArgs),
    /// Show the routing tree, or test where alerts go, like `amtool config routes`.
    Routes(AlertmanagerRoutesArgs),
    /// Work with notification templates.
    #[command(subcommand)]
    Template(AlertmanagerTemplateCommand),
    // The live API (src/cmd/alertmanager_api.rs).
    /// Query or add alerts through the API, like `amtool alert`.
    #[command(subcommand)]
    Alerts(AmAlertsCommand),
    /// Add, query, update, expire or import silences through the API, like `amtool silence`.
    #[command(subcommand)]
    Silence(AmSilenceCommand),
    /// Show the cluster status, like `amtool cluster show`.
    ///
    /// `--output json` prints the whole `/api/v2/status` answer (cluster, version, uptime
    /// and running configuration).
    #[command(after_help = AM_API_EXIT_CODES)]
    Status(AmStatusArgs),
}

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct AlertmanagerRoutesArgs {
    #[command(subcommand)]
    pub command: Option<RoutesCommand>,

    /// The configuration file.
    #[arg(long = "config.file", value_name = "FILE", global = true)]
    pub config_file: Option<PathBuf>,

    /// Without `--config.file`, the running configuration of this Alertmanager (from its
    /// `/api/v2/status`), e.g. http://localhost:9093.
    #[arg(long = "alertmanager.url", value_name = "URL", global = true)]
    pub alertmanager_url: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum RoutesCommand {
    /// Print the routing tree as amtool draws it (the default): each route's matchers,
    /// `continue: true` and effective receiver.
    Show,
    /// Print the receivers an alert with LABELS goes to, comma-separated in tree order.
    ///
    /// Exit codes: 0 routed (and as `--verify.receivers` expects), 1 the receivers differ
    /// from `--verify.receivers` or the configuration is invalid, 2 usage or I/O error.
    Test(RoutesTestArgs),
}

#[derive(Debug, Args)]
pub struct RoutesTestArgs {
    /// The receivers expected, comma-separated in tree order; fail if they differ.
    #[arg(long = "verify.receivers", value_name = "RECEIVERS")]
    pub verify_receivers: Option<String>,

    /// The grouping expected on every route the alert reaches: label names, comma-separated
    /// in any order, or `...` (group by all labels); fail when a route groups otherwise
    /// (amtool has no such check, see prometheus/alertmanager#3003).
    #[arg(long = "verify.grouping", value_name = "LABELS")]
    pub verify_grouping: Option<String>,

    /// Evaluate the routes' mute_time_intervals and active_time_intervals at TIME (RFC 3339
    /// or Unix seconds): receivers whose notifications would be held back then are left out
    /// of the answer, each with the reason on standard error (amtool ignores time intervals,
    /// see prometheus/alertmanager#3889).
    #[arg(long, value_name = "TIME", value_parser = crate::time::parse_time_ms)]
    pub at: Option<i64>,

    /// The labels of a firing alert that may inhibit this one through the `inhibit_rules`,
    /// as `{name="value",...}` or `name=value,...` (repeatable): when one does, the alert
    /// notifies nobody and the rule is named on standard error.
    #[arg(long = "inhibited-by", value_name = "LABELSET")]
    pub inhibited_by: Vec<String>,

    /// Also print the routes the alert matches, as a tree.
    #[arg(long)]
    pub tree: bool,

    /// Run a file of routing tests instead of one alert: a YAML `tests:` list whose items
    /// have `labels` (a mapping), the expected `receivers` (a list, in tree order) and,
    /// optionally, a `name` and the expected `grouping` (label names or `...`). Prints
    /// PASS or FAIL per test; exit code 1 when any fails (prometheus/alertmanager#5167).
    #[arg(long = "test-file", value_name = "FILE", conflicts_with_all = ["labels", "verify_receivers", "verify_grouping", "tree", "at", "inhibited_by"])]
    pub test_file: Option<PathBuf>,

    /// The alert's labels, each `name=value` (a value may be double-quoted).
    #[arg(value_name = "LABEL")]
    pub labels: Vec<String>,
}

#[derive(Debug, Args)]
pub struct AlertmanagerCheckArgs {
    /// Configuration files to check.
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,

    /// Output format: `human` is amtool's text.
    #[arg(long, short = 'o', value_enum, default_value_t = CheckOutput::Human)]
    pub output: CheckOutput,
}

#[derive(Debug, Subcommand)]
pub enum AlertmanagerTemplateCommand {
    /// Render a template text with Alertmanager's templates, functions and data model
    /// (amtool template render), or a receiver's whole notification (--receiver).
    ///
    /// Alertmanager's default templates (default.tmpl, email.tmpl) are built in; the files
    /// of each --template.glob are added in order, later definitions replacing earlier ones.
    /// The output is printed without a trailing newline, as amtool prints it.
    ///
    /// With --receiver NAME and --config.file FILE, every integration of the receiver is
    /// rendered as Alertmanager would send it (prometheus/alertmanager#2414): each field its
    /// notifier templates (defaults included, with what the receiver inherits from
    /// `global:`), with the config's `templates:`, cut to the notifier's length limits; the
    /// webhook and incident.io payloads as JSON. The alerts (--alert, --resolved-alert) go
    /// through the routing tree: those reaching a route of the receiver are grouped by its
    /// group_by, one notification per group, with its group and route labels. Alerts the
    /// tree sends elsewhere are named on standard error and rendered as if on the
    /// receiver's first route. With --template.data instead, that data is the notification
    /// (its group key made from the receiver's first route and the data's group labels).
    /// Credentials are not shown.
    ///
    /// Exit codes: 0 rendered, 1 a template failed to parse or execute (or the configuration
    /// is invalid), 2 usage error or unreadable file.
    Render(TemplateRenderArgs),
}

#[derive(Debug, Args)]
pub struct TemplateRenderArgs {
    /// Glob of template files to load (repeatable); a glob matching nothing is allowed.
    /// With --receiver, loaded after the configuration's `templates:`.
    #[arg(
        long = "template.glob",
        value_name = "GLOB",
        required_unless_present = "receiver"
    )]
    pub globs: Vec<String>,

    /// The template text to render, e.g. '{{ template "slack.default.title" . }}'.
    #[arg(
        long = "template.text",
        value_name = "TEXT",
        required_unless_present = "receiver",
        conflicts_with = "receiver"
    )]
    pub text: Option<String>,

    /// Render with text/template or with html/template's contextual escaping (with
    /// --receiver, each field uses the engine its notifier uses).
    #[arg(long = "template.type", value_enum, default_value_t = TemplateType::Text, conflicts_with = "receiver")]
    pub kind: TemplateType,

    /// JSON file with the notification data (Alertmanager's template.Data, as webhooks
    /// receive it); without it, amtool's sample data with two alerts is used.
    #[arg(long = "template.data", value_name = "FILE")]
    pub data: Option<PathBuf>,

    /// Render the whole notification of this receiver of --config.file.
    #[arg(long, value_name = "NAME", requires = "config_file")]
    pub receiver: Option<String>,

    /// The Alertmanager configuration the receiver comes from.
    #[arg(long = "config.file", value_name = "FILE", requires = "receiver")]
    pub config_file: Option<PathBuf>,

    /// A firing alert with these labels, as `{name="value",...}` or `name=value,...`
    /// (repeatable). It starts at --at and ends a resolve_timeout later, as if posted then.
    #[arg(
        long = "alert",
        value_name = "LABELSET",
        requires = "receiver",
        conflicts_with = "data"
    )]
    pub alerts: Vec<String>,

    /// A resolved alert with these labels (repeatable), ended at --at.
    #[arg(
        long = "resolved-alert",
        value_name = "LABELSET",
        requires = "receiver",
        conflicts_with = "data"
    )]
    pub resolved_alerts: Vec<String>,

    /// An annotation of every --alert and --resolved-alert, `name=value` (repeatable).
    #[arg(long = "annotation", value_name = "NAME=VALUE", requires = "receiver")]
    pub annotations: Vec<String>,

    /// When the notification is sent (RFC 3339 or Unix seconds) [default: now].
    #[arg(long, value_name = "TIME", value_parser = crate::time::parse_time_ms, requires = "receiver")]
    pub at: Option<i64>,

    /// Alertmanager's external URL (`.ExternalURL`, links back to it).
    #[arg(
        long = "web.external-url",
        value_name = "URL",
        default_value = "http://localhost:9093",
        requires = "receiver"
    )]
    pub external_url: String,

    /// Output format of a receiver's notification.
    #[arg(long, short = 'o', value_enum, default_value_t = RenderOutput::Human, requires = "receiver")]
    pub output: RenderOutput,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RenderOutput {
    /// One section per integration field.
    Human,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TemplateType {
    Text,
    Html,
}

const AM_API_EXIT_CODES: &str = "Exit codes: 0 success, 1 the Alertmanager answered with an \
    error (HTTP 4xx/5xx: the request was rejected, a silence or alert not found, a failed \
    import), 2 usage error, unreadable file, unreachable server or unreadable answer.";

/// How to reach the Alertmanager and print its answers. Unset flags take their value from
/// amtool's configuration file (`$HOME/.config/amtool/config.yml`, then
/// `/etc/amtool/config.yml`), as amtool does.
#[derive(Debug, Args, Clone)]
pub struct AmApiArgs {
    /// The Alertmanager, e.g. http://localhost:9093 (a path prefix is kept; `user:pass@` in
    /// the URL is basic auth). Default: $ALERTMANAGER_URL, else `alertmanager.url` from the
    /// amtool configuration file.
    #[arg(
        long = "alertmanager.url",
        value_name = "URL",
        env = "ALERTMANAGER_URL"
    )]
    pub url: Option<String>,

    /// HTTP client settings as Prometheus's `http_config` YAML (basic_auth, authorization,
    /// tls_config, proxy_url, ...), like amtool's flag of the same name.
    #[arg(long = "http.config.file", value_name = "FILE")]
    pub http_config_file: Option<PathBuf>,

    /// Output format (amtool's formatters) [default: simple].
    #[arg(long, short = 'o', value_enum)]
    pub output: Option<AmOutput>,

    /// Give up on the server after this long, a Prometheus or Go duration [default: 30s].
    #[arg(long, value_name = "DURATION")]
    pub timeout: Option<String>,

    /// How to print times, as a Go time layout [default: "2006-01-02 15:04:05 MST"].
    #[arg(long = "date.format", value_name = "LAYOUT")]
    pub date_format: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AmOutput {
    /// A table of the main fields.
    Simple,
    /// A table of every field.
    Extended,
    /// The API's JSON.
    Json,
}

#[derive(Debug, Subcommand)]
pub enum AmAlertsCommand {
    /// List alerts (`GET /api/v2/alerts`), sorted by start time.
    ///
    /// MATCHERS filter the alerts (`alertname=foo`, `'instance=~db.*'`); a first argument
    /// without `=` or `~` means `alertname="ARG"`. Without a state flag only active alerts
    /// are listed.
    #[command(after_help = AM_API_EXIT_CODES)]
    Query(AmAlertsQueryArgs),
    /// Send an alert (`POST /api/v2/alerts`), as a Prometheus server would.
    ///
    /// LABELS are `name=value` pairs; a first argument without `=` means `alertname="ARG"`.
    /// Without --start the Alertmanager uses the time it receives the alert; without --end,
    /// that time plus its resolve_timeout.
    #[command(after_help = AM_API_EXIT_CODES)]
    Add(AmAlertsAddArgs),
}

#[derive(Debug, Args)]
pub struct AmAlertsQueryArgs {
    #[command(flatten)]
    pub api: AmApiArgs,

    /// Matchers the alerts must all satisfy.
    #[arg(value_name = "MATCHERS")]
    pub matchers: Vec<String>,

    /// Show active alerts.
    #[arg(long, short = 'a')]
    pub active: bool,

    /// Show silenced alerts.
    #[arg(long, short = 's')]
    pub silenced: bool,

    /// Show inhibited alerts.
    #[arg(long, short = 'i')]
    pub inhibited: bool,

    /// Show unprocessed alerts.
    #[arg(long, short = 'u')]
    pub unprocessed: bool,

    /// Show alerts going to receivers whose name matches this regex.
    #[arg(long, short = 'r', value_name = "REGEX")]
    pub receiver: Option<String>,
}

#[derive(Debug, Args)]
pub struct AmAlertsAddArgs {
    #[command(flatten)]
    pub api: AmApiArgs,

    /// The alert's labels, `name=value`.
    #[arg(value_name = "LABELS", required = true)]
    pub labels: Vec<String>,

    /// An annotation, `name=value` (repeatable).
    #[arg(long = "annotation", value_name = "NAME=VALUE")]
    pub annotations: Vec<String>,

    /// When the alert started, RFC 3339 (2006-01-02T15:04:05-07:00).
    #[arg(long, value_name = "TIME")]
    pub start: Option<String>,

    /// When the alert ends, RFC 3339.
    #[arg(long, value_name = "TIME")]
    pub end: Option<String>,

    /// The URL of what generated the alert.
    #[arg(long = "generator-url", value_name = "URL")]
    pub generator_url: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum AmSilenceCommand {
    /// Create a silence (`POST /api/v2/silences`) and print its id.
    ///
    /// MATCHERS select the alerts to silence (`alertname=foo`, `'instance=~db.*'`); a first
    /// argument without `=` or `~` means `alertname="ARG"`. A comment is required unless
    /// `--require-comment=false` (or `require-comment: false` in the amtool configuration
    /// file).
    #[command(after_help = AM_API_EXIT_CODES)]
    Add(AmSilenceAddArgs),
    /// List silences, sorted by end time: by default the ones not yet expired.
    ///
    /// MATCHERS keep the silences whose matchers include them all (filtered by the server);
    /// a first argument without `=` or `~` means `alertname="ARG"`.
    #[command(after_help = AM_API_EXIT_CODES)]
    Query(AmSilenceQueryArgs),
    /// Expire silences now (`DELETE /api/v2/silence/ID`). Every id is tried; each failure is
    /// reported.
    #[command(after_help = AM_API_EXIT_CODES)]
    Expire(AmSilenceExpireArgs),
    /// Change silences' times or comment, then print them as `query` does.
    ///
    /// --duration counts from the silence's (possibly new) start. The Alertmanager may give
    /// the changed silence a new id (it does for expired ones), which is printed.
    #[command(after_help = AM_API_EXIT_CODES)]
    Update(AmSilenceUpdateArgs),
    /// Create silences from JSON (what `silence query -o json` prints), from FILE or standard
    /// input, printing each new id in input order.
    ///
    /// The whole input is read and checked before anything is sent. A silence whose id the
    /// Alertmanager does not know is created with a new id. Unlike amtool 0.25, the command
    /// fails (exit 1) when any silence could not be imported, after reporting each failure.
    #[command(after_help = AM_API_EXIT_CODES)]
    Import(AmSilenceImportArgs),
}

#[derive(Debug, Args)]
pub struct AmSilenceAddArgs {
    #[command(flatten)]
    pub api: AmApiArgs,

    /// Matchers of the alerts to silence.
    #[arg(value_name = "MATCHERS", required = true)]
    pub matchers: Vec<String>,

    /// Who creates the silence [default: `author` from the amtool configuration file, else
    /// the current user name].
    #[arg(long, short = 'a', value_name = "NAME")]
    pub author: Option<String>,

    /// Why (required unless --require-comment=false).
    #[arg(long, short = 'c', value_name = "TEXT")]
    pub comment: Option<String>,

    /// How long the silence lasts, a Prometheus duration [default: 1h]; --end overrides it.
    #[arg(long, short = 'd', value_name = "DURATION")]
    pub duration: Option<String>,

    /// When the silence starts, RFC 3339 [default: now].
    #[arg(long, value_name = "TIME")]
    pub start: Option<String>,

    /// When the silence ends, RFC 3339.
    #[arg(long, value_name = "TIME")]
    pub end: Option<String>,

    /// Refuse to create a silence without a comment [default: true].
    #[arg(long = "require-comment", value_name = "BOOL", num_args = 0..=1,
          default_missing_value = "true", action = clap::ArgAction::Set)]
    pub require_comment: Option<bool>,

    /// An annotation on the silence, `name=value` (repeatable; Alertmanager 0.28 and later
    /// keep them).
    #[arg(long = "annotation", value_name = "NAME=VALUE")]
    pub annotations: Vec<String>,
}

#[derive(Debug, Args)]
pub struct AmSilenceQueryArgs {
    #[command(flatten)]
    pub api: AmApiArgs,

    /// Matchers the silences' matchers must include.
    #[arg(value_name = "MATCHERS")]
    pub matchers: Vec<String>,

    /// Show expired silences instead of the others.
    #[arg(long)]
    pub expired: bool,

    /// Only silences that end within this Go duration from now (with --expired: that ended
    /// within it).
    #[arg(long, value_name = "DURATION")]
    pub within: Option<String>,

    /// Only the silence with this id.
    #[arg(long, value_name = "ID")]
    pub id: Option<String>,

    /// Only silences created by this author.
    #[arg(long = "created-by", value_name = "NAME")]
    pub created_by: Option<String>,

    /// Print only the ids.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

#[derive(Debug, Args)]
pub struct AmSilenceExpireArgs {
    #[command(flatten)]
    pub api: AmApiArgs,

    /// Ids of the silences to expire.
    #[arg(value_name = "ID", required = true)]
    pub ids: Vec<String>,
}

#[derive(Debug, Args)]
pub struct AmSilenceUpdateArgs {
    #[command(flatten)]
    pub api: AmApiArgs,

    /// Ids of the silences to change.
    #[arg(value_name = "ID", required = true)]
    pub ids: Vec<String>,

    /// New length of the silences from their start, a Prometheus duration.
    #[arg(long, short = 'd', value_name = "DURATION")]
    pub duration: Option<String>,

    /// New start, RFC 3339.
    #[arg(long, value_name = "TIME")]
    pub start: Option<String>,

    /// New end, RFC 3339 (overrides --duration).
    #[arg(long, value_name = "TIME")]
    pub end: Option<String>,

    /// New comment.
    #[arg(long, short = 'c', value_name = "TEXT")]
    pub comment: Option<String>,

    /// Print only the ids.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

#[derive(Debug, Args)]
pub struct AmSilenceImportArgs {
    #[command(flatten)]
    pub api: AmApiArgs,

    /// A JSON array of silences; standard input when absent or `-`.
    #[arg(value_name = "FILE")]
    pub file: Option<PathBuf>,

    /// Create every silence anew, ignoring the ids in the input.
    #[arg(long, short = 'f')]
    pub force: bool,

    /// How many silences to send at once.
    #[arg(long, short = 'w', visible_alias = "worker", value_name = "N", default_value_t = 8,
          value_parser = clap::value_parser!(u16).range(1..))]
    pub workers: u16,
}

#[derive(Debug, Args)]
pub struct AmStatusArgs {
    #[command(flatten)]
    pub api: AmApiArgs,
}

#[derive(Debug, Args)]
pub struct RelabelArgs {
    /// The Prometheus configuration file.
    #[arg(long, value_name = "FILE")]
    pub config: PathBuf,

    /// The scrape job (`job_name`) whose rules to apply.
    #[arg(long, value_name = "NAME")]
    pub job: String,

    /// Apply `metric_relabel_configs` instead of `relabel_configs`.
    #[arg(long)]
    pub metric: bool,

    /// The label set, as a metric literal: '{__address__="host:9100", job="node"}'.
    #[arg(value_name = "LABELS")]
    pub labels: String,

    /// Output format.
    #[arg(long, short = 'o', value_enum, default_value_t = RelabelOutput::Human)]
    pub output: RelabelOutput,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RelabelOutput {
    /// One line per step.
    Human,
    /// One JSON document.
    Json,
}

#[derive(Debug, Subcommand)]
pub enum TsdbCommand {
    /// Print the float samples of a data directory like `promtool tsdb dump`.
    ///
    /// One `{labels} value timestamp` line per sample, series in label order, samples of a
    /// series merged over all blocks and the head in time order; tombstones (deleted ranges)
    /// are applied. The head (chunks_head/, wal/ with its checkpoint, wbl/) is replayed
    /// read-only as Prometheus replays it. Unlike promtool 2.42, which fails with
    /// `read WAL: ...` on a torn or corrupt WAL, damage that a running Prometheus repairs by
    /// cutting data (a torn or corrupt WAL tail, a corrupt head chunk file) gives a warning
    /// and the data before it is printed. As in promtool 2.42, a series' output ends at its
    /// first native histogram sample. Exit codes: 0 success, 2 usage or I/O error or corrupt data.
    Dump(TsdbDumpArgs),
    /// List a data directory's blocks like `promtool tsdb list`: ULID, time range, duration,
    /// samples, chunks, series and size on disk, oldest first.
    List(TsdbListArgs),
    /// Analyze a block's series and label cardinality, churn and compaction efficiency.
    ///
    /// Like `promtool tsdb analyze`: by default the newest block of the data directory (the
    /// last by minimum time), or the block BLOCK_ID. Lists the label pairs and label names most
    /// involved in churn (series that cover only part of the block's time range), the most
    /// common label pairs, the label names with the longest values summed and with the most
    /// values, and the metric names with the most series. Churn is the uncovered part of the
    /// block's range summed over a pair's (or name's) series, in whole block ranges. The lists
    /// hold promtool's numbers in promtool's order; where promtool orders equal numbers
    /// differently from run to run (the churn and common-pair lists), they come by exact
    /// uncovered time, then by label.
    ///
    /// `--output json` prints one document: `block` {`ulid`, `min_time`, `max_time` (ms),
    /// `duration`}, `series` (from meta.json), `matcher` and `matched_series` (null without
    /// `--match`), `label_names`, `postings` (unique label pairs), `postings_entries`, then the
    /// lists `churn_label_pairs`, `churn_label_names`, `common_label_pairs`,
    /// `label_value_lengths`, `label_cardinality` and `metric_cardinality`, each {`total`,
    /// `top`: [{`name`, `value` (pairs only), `count`, `uncovered_ms` (churn lists only)}]},
    /// and `compaction` (null without `--extended`): {`chunks`, `fullness` [{`percent`,
    /// `chunks`}], and `float_chunk_samples`, `float_chunk_bytes`, `histogram_chunk_samples`,
    /// `histogram_chunk_bytes`, `histogram_chunk_buckets`, each null without such chunks or
    /// {`chunks`, `min`, `avg`, `max`, `buckets` [{`from`, `to`, `chunks`}]}}.
    ///
    /// Exit codes: 0 success, 2 usage or I/O error or corrupt data.
    Analyze(TsdbAnalyzeArgs),
    /// Write TSDB blocks from other data (backfilling).
    #[command(subcommand, name = "create-blocks-from")]
    CreateBlocksFrom(CreateBlocksCommand),
}

#[derive(Debug, Subcommand)]
pub enum CreateBlocksCommand {
    /// Write blocks from an OpenMetrics text file (every sample with a timestamp, `# EOF`
    /// at the end), like `promtool tsdb create-blocks-from openmetrics`.
    ///
    /// One block per 2h window (or per --max-block-duration window), aligned to the epoch,
    /// each covering its first to its last sample; for the same samples the index and chunk
    /// files equal promtool's byte for byte. The input is read once, as a stream, and checked entirely
    /// before the first block is written: an invalid file leaves no blocks behind.
    ///
    /// Differences from promtool 2.42: timestamps are converted from their decimal text
    /// exactly (`1.001` is 1001 ms, where promtool's `int64(1.001*1000)` gives 1000);
    /// samples older than (or at the same time as, with another value) the previous sample
    /// of their series in the same block are dropped with a warning naming them, where
    /// promtool drops them silently or fails; negative timestamps are kept (promtool skips
    /// those before the first window it computes); an empty file is reported as a file
    /// without `# EOF`.
    Openmetrics(CreateFromOpenMetricsArgs),
    /// Backfill rules, like `promtool tsdb create-blocks-from rules`: each rule's expression
    /// is evaluated over [--start, --end] at its group's evaluation times, as range queries
    /// against --url (or locally over --tsdb DIR), one block per rule and window. As promtool
    /// does (whatever its help says), alerting rules are imported too: their expression under
    /// the alert's name. Unlike promtool, a window without an evaluation time does not end a
    /// rule's import. Exit codes: 0 success, 1 invalid rule files or a failed evaluation, 2
    /// usage or I/O.
    Rules(CreateFromRulesArgs),
}

#[derive(Debug, Args)]
pub struct CreateFromRulesArgs {
    /// Rule files whose rules to backfill.
    #[arg(value_name = "RULE_FILES", required = true)]
    pub rule_files: Vec<PathBuf>,

    /// The Prometheus API with the data the rules read.
    #[arg(
        long,
        value_name = "URL",
        default_value = "http://localhost:9090",
        conflicts_with = "tsdb"
    )]
    pub url: String,

    /// Evaluate the rules locally over this data directory instead of a server.
    #[arg(long, value_name = "DIR")]
    pub tsdb: Option<PathBuf>,

    /// HTTP client settings for --url as Prometheus's `http_config` YAML.
    #[arg(long = "http.config.file", value_name = "FILE")]
    pub http_config_file: Option<PathBuf>,

    /// Start of the backfill: RFC 3339 or Unix seconds.
    #[arg(long, value_name = "START", required = true)]
    pub start: String,

    /// End of the backfill. Default: three hours ago.
    #[arg(long, value_name = "END")]
    pub end: Option<String>,

    /// Where to write the blocks.
    #[arg(long = "output-dir", value_name = "DIR", default_value = "data/")]
    pub output_dir: PathBuf,

    /// Evaluation interval of groups that set none.
    #[arg(long = "eval-interval", value_name = "DURATION", default_value = "60s",
          value_parser = crate::duration::PromDuration::from_arg)]
    pub eval_interval: crate::duration::PromDuration,

    /// The longest time a block may span: blocks are 2h·3^k long, the longest of those not
    /// above this. Anything below 2h means 2h.
    #[arg(long, value_name = "DURATION", value_parser = crate::duration::PromDuration::from_arg)]
    pub max_block_duration: Option<crate::duration::PromDuration>,

    /// Print times as UTC dates and sizes with binary units.
    #[arg(long, short = 'r')]
    pub human_readable: bool,

    /// Do not print the created blocks.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

#[derive(Debug, Args)]
pub struct TsdbAnalyzeArgs {
    /// The data directory holding the blocks.
    #[arg(value_name = "DIR", default_value = "data/")]
    pub dir: PathBuf,

    /// The block to analyze (its ULID); default: the newest block.
    #[arg(value_name = "BLOCK_ID")]
    pub block_id: Option<String>,

    /// How many entries to show in each list.
    #[arg(long, value_name = "N", default_value_t = 20)]
    pub limit: usize,

    /// Also read every chunk: how full the chunks are (samples per chunk, as a share of 120,
    /// promtool's compaction analysis) and the samples, bytes and histogram buckets per chunk.
    #[arg(long)]
    pub extended: bool,

    /// Analyze only the series matching this series selector, e.g. 'up{job="node"}' (newer
    /// promtool's --match).
    #[arg(long = "match", value_name = "SELECTOR")]
    pub matcher: Option<String>,

    /// Output format: tables, promtool's text, or one JSON document.
    #[arg(long, short = 'o', value_enum, default_value_t = TsdbAnalyzeOutput::Table)]
    pub output: TsdbAnalyzeOutput,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TsdbAnalyzeOutput {
    /// Tables (colored on a terminal unless NO_COLOR is set).
    Table,
    /// Exactly what `promtool tsdb analyze` 2.42 prints.
    Promtool,
    /// One JSON document (shape in the command's help).
    Json,
}

#[derive(Debug, Args)]
pub struct CreateFromOpenMetricsArgs {
    /// The OpenMetrics input file.
    #[arg(value_name = "INPUT_FILE")]
    pub input: PathBuf,

    /// Where to write the blocks (created if missing).
    #[arg(value_name = "OUTPUT_DIR", default_value = "data/")]
    pub output_dir: PathBuf,

    /// Print times as UTC dates and sizes with binary units.
    #[arg(long, short = 'r')]
    pub human_readable: bool,

    /// Do not print the created blocks (nor a progress bar).
    #[arg(long, short = 'q')]
    pub quiet: bool,

    /// The longest time a block may span: blocks are 2h·3^k long, the longest of those not
    /// above this (2h, 6h, 18h, 54h, ...). Anything below 2h means 2h.
    #[arg(long, value_name = "DURATION", value_parser = crate::duration::PromDuration::from_arg)]
    pub max_block_duration: Option<crate::duration::PromDuration>,
}

#[derive(Debug, Args)]
pub struct TsdbListArgs {
    /// The data directory holding the blocks.
    #[arg(value_name = "DIR", default_value = "data/")]
    pub dir: PathBuf,

    /// Print times as UTC dates and sizes with binary units.
    #[arg(long, short = 'r')]
    pub human_readable: bool,
}

#[derive(Debug, Args)]
pub struct TsdbDumpArgs {
    /// The data directory holding the blocks, or a single block directory.
    #[arg(value_name = "DIR", default_value = "data/")]
    pub dir: PathBuf,

    /// Minimum timestamp to dump, in milliseconds since the epoch (inclusive).
    #[arg(long, value_name = "MS", default_value_t = i64::MIN, allow_negative_numbers = true)]
    pub min_time: i64,

    /// Maximum timestamp to dump, in milliseconds since the epoch (inclusive).
    #[arg(long, value_name = "MS", default_value_t = i64::MAX, allow_negative_numbers = true)]
    pub max_time: i64,

    /// Dump only the series matching this series selector, e.g. 'up{job="node"}'
    /// (repeatable: series matching any of them). Default: all series.
    #[arg(long = "match", value_name = "SELECTOR")]
    pub matches: Vec<String>,

    /// Output format: `promtool` is `promtool tsdb dump`'s text (2.42); `openmetrics` is
    /// newer promtool's `dump-openmetrics` (`name{labels} value seconds`, then `# EOF`),
    /// which `tsdb create-blocks-from openmetrics` reads back. Both print float samples only.
    #[arg(long, value_enum, default_value_t = DumpFormat::Promtool)]
    pub format: DumpFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DumpFormat {
    Promtool,
    Openmetrics,
}

#[derive(Debug, Subcommand)]
pub enum QueryCommand {
    /// Evaluate an expression at one time (`/api/v1/query`).
    Instant(QueryInstantArgs),
    /// Evaluate an expression at every step of a time range (`/api/v1/query_range`).
    Range(QueryRangeArgs),
    /// List the series matching selectors (`/api/v1/series`).
    Series(QuerySeriesArgs),
    /// List label names, or the values of label NAME (`/api/v1/labels`,
    /// `/api/v1/label/NAME/values`).
    Labels(QueryLabelsArgs),
}

/// Where queries go, and how results are printed.
#[derive(Debug, Args)]
pub struct QuerySource {
    /// The server's base URL, e.g. http://localhost:9090 (also a path prefix such as
    /// https://mimir.example/prometheus).
    #[arg(
        long,
        value_name = "URL",
        env = "LOOKOUT_SERVER",
        conflicts_with = "tsdb",
        required_unless_present = "tsdb"
    )]
    pub server: Option<String>,

    /// Query the blocks of this Prometheus data directory (or a single block) instead of a
    /// server.
    #[arg(long, value_name = "DIR")]
    pub tsdb: Option<PathBuf>,

    /// Output format: `json` is exactly the HTTP API's `data` object.
    #[arg(long, short = 'o', value_enum, default_value_t = QueryOutput::Table)]
    pub output: QueryOutput,

    /// An HTTP header to send, `Name: value` (repeatable), e.g. 'X-Scope-OrgID: tenant1'.
    #[arg(long = "header", value_name = "HEADER")]
    pub headers: Vec<String>,

    /// HTTP client settings as Prometheus's `http_config` YAML (basic_auth, authorization,
    /// tls_config, proxy_url, ...), like promtool's flag of the same name.
    #[arg(long = "http.config.file", value_name = "FILE")]
    pub http_config_file: Option<PathBuf>,

    /// Send `Authorization: Bearer <token>` with the token read from FILE.
    #[arg(long, value_name = "FILE")]
    pub bearer_token_file: Option<PathBuf>,

    /// Basic auth as USER:PASSWORD (the password may also come from LOOKOUT_PASSWORD).
    #[arg(long, value_name = "USER[:PASSWORD]")]
    pub basic_auth: Option<String>,

    /// CA certificate (PEM) to verify the server with.
    #[arg(long = "tls.ca-file", value_name = "FILE")]
    pub tls_ca_file: Option<PathBuf>,

    /// Client certificate (PEM) for mutual TLS; needs --tls.key-file.
    #[arg(long = "tls.cert-file", value_name = "FILE", requires = "tls_key_file")]
    pub tls_cert_file: Option<PathBuf>,

    /// Client key (PEM) for mutual TLS.
    #[arg(long = "tls.key-file", value_name = "FILE", requires = "tls_cert_file")]
    pub tls_key_file: Option<PathBuf>,

    /// Do not verify the server's certificate.
    #[arg(long = "tls.insecure-skip-verify")]
    pub tls_insecure_skip_verify: bool,

    /// Give up on the server after this long.
    #[arg(long, value_name = "DURATION", default_value = "2m",
          value_parser = crate::duration::PromDuration::from_arg)]
    pub timeout: crate::duration::PromDuration,

    /// With --tsdb: how far back an instant selector looks for a sample.
    #[arg(long = "query.lookback-delta", value_name = "DURATION", default_value = "5m",
          value_parser = crate::duration::PromDuration::from_arg)]
    pub lookback_delta: crate::duration::PromDuration,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum QueryOutput {
    /// A table (range queries: one row per series with its point count, min, max and last).
    Table,
    /// The HTTP API's `data` object.
    Json,
    /// Comma-separated values: one row per sample with a column per label.
    Csv,
    /// A line chart in the terminal (range queries).
    Chart,
}

#[derive(Debug, Args)]
pub struct QueryInstantArgs {
    #[command(flatten)]
    pub source: QuerySource,

    /// The PromQL expression.
    #[arg(value_name = "EXPR")]
    pub expr: String,

    /// Evaluation time. Default: now; with --tsdb, the newest sample's time when the data
    /// ends before now.
    #[arg(long, value_name = "TIME")]
    pub time: Option<String>,
}

#[derive(Debug, Args)]
pub struct QueryRangeArgs {
    #[command(flatten)]
    pub source: QuerySource,

    /// The PromQL expression.
    #[arg(value_name = "EXPR")]
    pub expr: String,

    /// Start of the range. Default: one hour before the end.
    #[arg(long, value_name = "TIME")]
    pub start: Option<String>,

    /// End of the range. Default: now; with --tsdb, the newest sample's time when the data
    /// ends before now.
    #[arg(long, value_name = "TIME")]
    pub end: Option<String>,

    /// Resolution step, a duration or seconds. Default: the range / 250, at least 1s (as
    /// promtool).
    #[arg(long, value_name = "DURATION", value_parser = crate::duration::PromDuration::from_arg_or_seconds)]
    pub step: Option<crate::duration::PromDuration>,
}

#[derive(Debug, Args)]
pub struct QuerySeriesArgs {
    #[command(flatten)]
    pub source: QuerySource,

    /// Series selector (repeatable; series matching any), e.g. 'up{job="node"}'.
    #[arg(long = "match", value_name = "SELECTOR", required = true)]
    pub matches: Vec<String>,

    /// Start of the time range. Default: all data.
    #[arg(long, value_name = "TIME")]
    pub start: Option<String>,

    /// End of the time range. Default: all data.
    #[arg(long, value_name = "TIME")]
    pub end: Option<String>,
}

#[derive(Debug, Args)]
pub struct QueryLabelsArgs {
    #[command(flatten)]
    pub source: QuerySource,

    /// List this label's values instead of the label names.
    #[arg(value_name = "NAME")]
    pub name: Option<String>,

    /// Only series matching this selector (repeatable; series matching any).
    #[arg(long = "match", value_name = "SELECTOR")]
    pub matches: Vec<String>,

    /// Start of the time range. Default: all data.
    #[arg(long, value_name = "TIME")]
    pub start: Option<String>,

    /// End of the time range. Default: all data.
    #[arg(long, value_name = "TIME")]
    pub end: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum CheckCommand {
    /// Check PromQL expressions for syntax and type errors.
    ///
    /// Expressions come from the arguments, from `--file` (one per line; blank lines and lines
    /// starting with `#` are skipped) or from standard input with `-`. Put `--` before
    /// expressions that start with `-`.
    Promql(CheckPromqlArgs),
    /// Check rule files like `promtool check rules`.
    ///
    /// Accepts Prometheus rule files and Kubernetes objects with the groups under `spec`
    /// (the Prometheus Operator's `PrometheusRule`, VictoriaMetrics' `VMRule`). Reads standard
    /// input when no file is given. Exit codes: 0 valid, 1 invalid, 3 lint findings with
    /// `--lint-fatal`, 2 usage or I/O error.
    Rules(CheckRulesArgs),
    /// Check prometheus.yml files like `promtool check config`.
    ///
    /// Loads each file as Prometheus 3.x does (same defaults, validation and messages), then,
    /// unless `--syntax-only`, checks the files it names: rule files (as `check rules`),
    /// scrape config files, credential and TLS files, file_sd target files. Exit codes: 0
    /// valid, 1 invalid, 3 lint findings with `--lint-fatal`, 2 usage or I/O error.
    Config(CheckConfigArgs),
    /// Check web configuration files (TLS and basic auth of Prometheus's and exporters'
    /// servers) like `promtool check web-config`.
    ///
    /// Exit codes: 0 valid, 1 invalid, 2 usage or I/O error.
    WebConfig(CheckWebConfigArgs),
    /// Lint metrics in the Prometheus text exposition format, read from standard input, like
    /// `promtool check metrics` (e.g. `curl -s host:9100/metrics | lookout check metrics`).
    ///
    /// Exit codes: 0 clean, 1 unparseable input, 3 lint problems (as promtool), 2 usage or
    /// I/O error.
    Metrics(CheckMetricsArgs),
    /// Check Grafana dashboards: JSON syntax, datasource references, template variables and
    /// every PromQL query after variable substitution; lint them with dashboard-linter's
    /// rules.
    ///
    /// Reads dashboard JSON files and, for directories, every `*.json` file below them. All
    /// layouts are understood (legacy `rows[]`, row panels, library panels, the
    /// `{"dashboard": ...}` export wrapper, `__inputs`). LogQL targets are reported as not
    /// checked.
    ///
    /// Lints are the 17 rules of grafana/dashboard-linter (codes `dashboard/<rule>`), with
    /// its `.lint` exclusions file, read next to each dashboard unless `--config` names one.
    /// Findings are warnings (the rules' own warnings are notes) unless `--strict`. Where
    /// dashboard-linter is known to be wrong we differ: rules apply to each target by its
    /// resolved datasource (PromQL rules to PromQL targets, LogQL rules to LogQL targets, on
    /// any panel type), and only problems are shown; `-- Dashboard --` and `-- Grafana --`
    /// panels need no templated datasource and `-- Mixed --` panels are judged by their
    /// targets; target-counter-agg-rule judges the metric name whatever the matchers;
    /// panel-units-rule reads the units of `graph` and `singlestat` panels, accepts custom
    /// units and does not take an empty `mappings` list for value mappings;
    /// template-label-promql-rule parses each function's argument for what it is; dangling
    /// `panelId` references are looked up among nested panels too; PromQL that does not parse
    /// is an error of the check itself; LogQL is not parsed yet, so target-logql-auto-rule
    /// reads ranges lexically; a finding both excluded and downgraded in `.lint` stays
    /// excluded.
    ///
    /// Exit codes: 0 valid, 1 errors (unreadable or invalid JSON, unparseable queries, broken
    /// datasource or variable references, unexported metrics with `--metrics`, lint findings
    /// with `--strict`), 2 usage error.
    Dashboards(CheckDashboardsArgs),
    /// Check Grafana provisioning files: data sources, dashboard providers and alerting.
    ///
    /// The kind of each file is told by its top-level keys; directories are searched
    /// recursively for `*.yaml` and `*.yml` files (Grafana's `provisioning/` layout). Beyond
    /// Grafana's own errors (unknown apiVersion, more than one default data source per
    /// organization), unknown keys, missing required fields, duplicate names and dashboard
    /// paths that do not exist are errors. Relative dashboard paths are relative to Grafana's
    /// working directory, which a checker cannot know: they are looked up from the
    /// provisioning file's directory, then from the current directory. Exit codes: 0 valid, 1
    /// invalid, 2 usage or I/O error.
    #[command(name = "grafana-provisioning")]
    GrafanaProvisioning(CheckGrafanaProvisioningArgs),
}

#[derive(Debug, Args)]
pub struct CheckDashboardsArgs {
    /// Dashboard JSON files, or directories searched recursively for `*.json` files.
    #[arg(value_name = "PATH", required = true)]
    pub paths: Vec<PathBuf>,

    /// Output format: `human` is annotated snippets and a summary per file.
    #[arg(long, short = 'o', value_enum, default_value_t = CheckOutput::Human)]
    pub output: CheckOutput,

    /// Make lint findings errors (exit 1), as dashboard-linter's `--strict` does (it fails on
    /// its warnings too). Without it they are warnings (the rules' own warnings are notes).
    #[arg(long)]
    pub strict: bool,

    /// The dashboard-linter configuration (exclusions and warnings) for every dashboard,
    /// instead of the `.lint` file next to each.
    #[arg(long, short = 'c', value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Report queries selecting metric names that nothing exports, from FILE: a list of
    /// names (one per line) or a scrape in the Prometheus text or OpenMetrics format.
    /// Histogram and summary families stand for their `_bucket`, `_sum` and `_count` series.
    /// Names under `absent()` and names made of variables are not judged.
    #[arg(long, value_name = "FILE")]
    pub metrics: Option<PathBuf>,

    /// Rule files whose recorded names count as exported (with `--metrics`); repeatable.
    #[arg(long, value_name = "FILE", requires = "metrics")]
    pub rules: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct CheckGrafanaProvisioningArgs {
    /// Provisioning files, or directories to search for them.
    #[arg(value_name = "FILE|DIR", required = true)]
    pub paths: Vec<PathBuf>,

    /// Output format: `human` is promtool-like text.
    #[arg(long, short = 'o', value_enum, default_value_t = CheckOutput::Human)]
    pub output: CheckOutput,
}

#[derive(Debug, Args)]
pub struct CheckWebConfigArgs {
    /// Web configuration files to check.
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,

    /// Output format: `human` is promtool's text.
    #[arg(long, short = 'o', value_enum, default_value_t = CheckOutput::Human)]
    pub output: CheckOutput,
}

#[derive(Debug, Args)]
pub struct CheckMetricsArgs {
    /// Also print the cardinality of each metric (series per metric name).
    #[arg(long)]
    pub extended: bool,

    /// Linting: `all` (promtool's rules) or `none`.
    #[arg(long, value_name = "LINT", default_value = "all")]
    pub lint: String,

    /// Output format: `human` is promtool's text.
    #[arg(long, short = 'o', value_enum, default_value_t = CheckOutput::Human)]
    pub output: CheckOutput,
}

#[derive(Debug, Args)]
pub struct CheckConfigArgs {
    /// Configuration files to check.
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,

    /// Only check the file's own syntax and values, not the files it refers to.
    #[arg(long)]
    pub syntax_only: bool,

    /// Check for agent mode: no alerting, rule files or remote read.
    #[arg(long)]
    pub agent: bool,

    /// Lints, comma-separated: all, duplicate-rules, too-long-scrape-interval (a scrape
    /// interval at least the lookback delta), short-rate-window (a rule's rate()-like window
    /// under twice the longest scrape interval), none.
    #[arg(long, value_name = "LINTS", default_value = "duplicate-rules")]
    pub lint: String,

    /// Exit with code 3 when lints find something (and no errors were found).
    #[arg(long)]
    pub lint_fatal: bool,

    /// Print each file's effective configuration as YAML instead of checking further: defaults
    /// filled in, secrets as `<secret>` (what Prometheus shows at /api/v1/status/config).
    #[arg(long)]
    pub print: bool,

    /// The server's query lookback delta, for the too-long-scrape-interval lint.
    #[arg(long = "query.lookback-delta", value_name = "DURATION", default_value = "5m", value_parser = crate::duration::PromDuration::from_arg)]
    pub lookback_delta: crate::duration::PromDuration,

    /// Output format: `human` is promtool's text.
    #[arg(long, short = 'o', value_enum, default_value_t = CheckOutput::Human)]
    pub output: CheckOutput,
}

#[derive(Debug, Args)]
pub struct CheckRulesArgs {
    /// Rule files to check; standard input when none are given.
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,

    /// Lints to apply, comma-separated: all, duplicate-rules, none.
    #[arg(long, value_name = "LINTS", default_value = "duplicate-rules")]
    pub lint: String,

    /// Exit with code 3 when lints find something (and no errors were found).
    #[arg(long)]
    pub lint_fatal: bool,

    /// Accept keys the rule format does not define (e.g. custom metadata on groups).
    #[arg(long)]
    pub ignore_unknown_fields: bool,

    /// Output format: `human` is promtool's text.
    #[arg(long, short = 'o', value_enum, default_value_t = CheckOutput::Human)]
    pub output: CheckOutput,
}

#[derive(Debug, Args)]
pub struct CheckPromqlArgs {
    /// Expressions to check; `-` reads one expression per line from standard input.
    #[arg(value_name = "EXPR")]
    pub exprs: Vec<String>,

    /// Read expressions from FILE, one per line.
    #[arg(long, short = 'f', value_name = "FILE")]
    pub file: Vec<PathBuf>,

    /// Output format for findings.
    #[arg(long, short = 'o', value_enum, default_value_t = CheckOutput::Human)]
    pub output: CheckOutput,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckOutput {
    /// Annotated snippets on standard error, a summary on standard output.
    Human,
    /// One JSON document on standard output.
    Json,
    /// GitHub Actions workflow commands (`::error file=..,line=..,col=..::`).
    Github,
    /// JUnit XML, one test case per input.
    Junit,
    /// SARIF 2.1.0 for code-scanning services.
    Sarif,
}

#[derive(Debug, Subcommand)]
pub enum PromqlCommand {
    /// Print an expression in canonical, prettified form (like `promtool promql format`).
    Format(PromqlExprArgs),
    /// Print the syntax tree of an expression.
    Parse(PromqlParseArgs),
}

#[derive(Debug, Args)]
pub struct PromqlExprArgs {
    /// The expression, or `-` to read it from standard input.
    #[arg(value_name = "EXPR", allow_hyphen_values = true)]
    pub expr: String,
}

#[derive(Debug, Args)]
pub struct PromqlParseArgs {
    /// The expression, or `-` to read it from standard input.
    #[arg(value_name = "EXPR", allow_hyphen_values = true)]
    pub expr: String,

    /// Output format.
    #[arg(long, short = 'o', value_enum, default_value_t = ParseOutput::Json)]
    pub output: ParseOutput,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ParseOutput {
    /// The tree as JSON (Prometheus's parse_query shape, with byte spans).
    Json,
    /// An indented outline of the nodes.
    Tree,
}

#[derive(Debug, Subcommand)]
pub enum TestCommand {
    /// Run promqltest scripts (Prometheus's PromQL test language) against lookout's engine.
    ///
    /// Each `eval` is checked the way Prometheus's harness checks it, including the extra
    /// @-modifier and range-query passes of instant evals.
    Promql(TestPromqlArgs),
    /// Run rule unit tests in promtool's format (`promtool test rules`).
    ///
    /// Test groups run in parallel. Exit codes: 0 all passed, 1 a test failed or a file is
    /// invalid, 2 usage or I/O error.
    Rules(TestRulesArgs),
}

#[derive(Debug, Args)]
pub struct TestRulesArgs {
    /// Unit test files.
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,

    /// Run only test groups whose name matches REGEX (unanchored; repeatable, joined with `|`).
    #[arg(long, value_name = "REGEX")]
    pub run: Vec<String>,

    /// Also write a JUnit XML report to FILE.
    #[arg(long, value_name = "FILE")]
    pub junit: Option<PathBuf>,

    /// Output format on standard output.
    #[arg(long, short = 'o', value_enum, default_value_t = RulesTestOutput::Human)]
    pub output: RulesTestOutput,

    /// Accept keys the rule format does not define in the rule files under test.
    #[arg(long)]
    pub ignore_unknown_fields: bool,

    /// Print all series (input and rule output) at the end of each test group.
    #[arg(long)]
    pub debug: bool,

    /// Show each failure as a diff of expected and actual alerts or samples (`-` missing,
    /// `+` unexpected, `~` changed) instead of the two full lists.
    #[arg(long)]
    pub diff: bool,

    /// Worker threads for test groups (default: one per CPU).
    #[arg(long, short = 'j', value_name = "N", default_value_t = 0)]
    pub jobs: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RulesTestOutput {
    /// promtool's text (`SUCCESS` / `FAILED:` with each failure), plus a diff per failure.
    Human,
    /// One JSON document.
    Json,
    /// JUnit XML, one test case per test group.
    Junit,
}

#[derive(Debug, Args)]
pub struct TestPromqlArgs {
    /// Script files (`*.test`).
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,

    /// Run only the evals whose expression matches REGEX (unanchored).
    #[arg(long, value_name = "REGEX")]
    pub run: Option<String>,

    /// Output format.
    #[arg(long, short = 'o', value_enum, default_value_t = TestOutput::Human)]
    pub output: TestOutput,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TestOutput {
    /// Per-file counts and each failure on standard output.
    Human,
    /// One JSON document on standard output.
    Json,
    /// JUnit XML, one test case per eval.
    Junit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
    Elvish,
    Powershell,
}

impl Shell {
    pub const ALL: [Shell; 5] = [
        Shell::Bash,
        Shell::Zsh,
        Shell::Fish,
        Shell::Elvish,
        Shell::Powershell,
    ];

    fn generator(self) -> clap_complete::Shell {
        match self {
            Shell::Bash => clap_complete::Shell::Bash,
            Shell::Zsh => clap_complete::Shell::Zsh,
            Shell::Fish => clap_complete::Shell::Fish,
            Shell::Elvish => clap_complete::Shell::Elvish,
            Shell::Powershell => clap_complete::Shell::PowerShell,
        }
    }

    /// The file name the script is committed under in `completions/`.
    pub fn file_name(self) -> &'static str {
        match self {
            Shell::Bash => "lookout.bash",
            Shell::Zsh => "_lookout",
            Shell::Fish => "lookout.fish",
            Shell::Elvish => "lookout.elv",
            Shell::Powershell => "_lookout.ps1",
        }
    }
}

/// The completion script for `shell`.
pub fn completion_script(shell: Shell) -> Vec<u8> {
    let mut cmd = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(shell.generator(), &mut cmd, "lookout", &mut out);
    out
}

/// Every generated documentation file: (path relative to the repository root, contents).
/// Man pages cover the root command and every subcommand (`lookout-check-promql.1`, ...).
pub fn generated_files() -> std::io::Result<Vec<(PathBuf, Vec<u8>)>> {
    let mut files = Vec::new();
    for shell in Shell::ALL {
        files.push((
            Path::new("completions").join(shell.file_name()),
            completion_script(shell),
        ));
    }
    let mut cmd = Cli::command();
    cmd.build();
    collect_man_pages(&cmd, "lookout", &mut files)?;
    Ok(files)
}

fn collect_man_pages(
    cmd: &clap::Command,
    name: &str,
    files: &mut Vec<(PathBuf, Vec<u8>)>,
) -> std::io::Result<()> {
    let page = cmd.clone().name(name.to_string());
    let mut out = Vec::new();
    clap_mangen::Man::new(page).render(&mut out)?;
    files.push((Path::new("man").join(format!("{name}.1")), out));
    for sub in cmd.get_subcommands() {
        if sub.get_name() == "help" {
            continue;
        }
        collect_man_pages(sub, &format!("{name}-{}", sub.get_name()), files)?;
    }
    Ok(())
}
