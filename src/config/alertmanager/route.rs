//! The routing tree built from a configuration's `route:` (upstream's
//! `dispatch/route.go`): each node's effective options (inherited from its parent unless
//! set), its matchers (deprecated `match`/`match_re` and `matchers`, sorted), and which
//! nodes an alert's labels reach.

use std::collections::BTreeMap;

use super::config;
use super::matchers::{format_matchers, matches_all, sort_matchers, MatchType, Matcher};
use super::types::MatchRegexps;

/// The matchers of a route or of one side of an inhibition rule: the deprecated `match`
/// (`=`) and `match_re` (`=~`) maps, then `matchers`.
pub fn all_matchers(
    equal: &BTreeMap<String, String>,
    regex: &MatchRegexps,
    matchers: &config::Matchers,
) -> Result<Vec<Matcher>, String> {
    let mut out = Vec::new();
    for (name, value) in equal {
        out.push(Matcher::new(MatchType::Equal, name, value)?);
    }
    // Upstream builds these from the compiled regexp's text, anchors included.
    for (name, re) in &regex.0 {
        let anchored = format!("^(?:{})$", re.original);
        out.push(Matcher::new(MatchType::Regexp, name, anchored)?);
    }
    out.extend(matchers.0.iter().cloned());
    Ok(out)
}

/// What a node applies to the alerts it routes.
#[derive(Debug, Clone, PartialEq)]
pub struct RouteOpts {
    pub receiver: String,
    /// Label names to group by, sorted (Go keeps a set).
    pub group_by: Vec<String>,
    pub group_by_all: bool,
    pub group_wait_ms: i64,
    pub group_interval_ms: i64,
    pub repeat_interval_ms: i64,
    pub mute_time_intervals: Vec<String>,
    pub active_time_intervals: Vec<String>,
    pub labels: BTreeMap<String, String>,
}

impl Default for RouteOpts {
    /// Upstream's `DefaultRouteOpts`, which the root starts from.
    fn default() -> Self {
        RouteOpts {
            receiver: String::new(),
            group_by: Vec::new(),
            group_by_all: false,
            group_wait_ms: 30_000,
            group_interval_ms: 5 * 60_000,
            repeat_interval_ms: 4 * 3_600_000,
            mute_time_intervals: Vec::new(),
            active_time_intervals: Vec::new(),
            labels: BTreeMap::new(),
        }
    }
}

/// A node of the routing tree.
#[derive(Debug, Clone)]
pub struct Route {
    pub opts: RouteOpts,
    pub matchers: Vec<Matcher>,
    pub continue_matching: bool,
    pub routes: Vec<Route>,
}

impl Route {
    /// Upstream's `NewRoute` for the root route of a loaded configuration.
    pub fn new(root: &config::Route) -> Result<Route, String> {
        Route::build(root, &RouteOpts::default())
    }

    fn build(cr: &config::Route, parent: &RouteOpts) -> Result<Route, String> {
        let mut opts = parent.clone();
        opts.labels
            .extend(cr.labels.iter().map(|(k, v)| (k.clone(), v.clone())));
        if !cr.receiver.is_empty() {
            opts.receiver = cr.receiver.value.clone();
        }
        if let Some(group_by) = &cr.group_by {
            let mut names: Vec<String> = group_by.iter().filter(|l| *l != "...").cloned().collect();
            names.sort();
            // As upstream: a list of names (or `[]`) replaces the inherited grouping; `['...']`
            // only turns the wildcard on.
            if !names.is_empty() || group_by.is_empty() {
                opts.group_by = names;
                opts.group_by_all = false;
            } else {
                opts.group_by_all = true;
            }
        }
        let ms = |d: Option<crate::duration::PromDuration>, own: i64| d.map_or(own, |d| d.0);
        opts.group_wait_ms = ms(cr.group_wait, opts.group_wait_ms);
        opts.group_interval_ms = ms(cr.group_interval, opts.group_interval_ms);
        opts.repeat_interval_ms = ms(cr.repeat_interval, opts.repeat_interval_ms);
        opts.mute_time_intervals = cr
            .mute_time_intervals
            .iter()
            .map(|s| s.value.clone())
            .collect();
        opts.active_time_intervals = cr
            .active_time_intervals
            .iter()
            .map(|s| s.value.clone())
            .collect();
        let mut matchers = all_matchers(&cr.r#match, &cr.match_re, &cr.matchers)?;
        sort_matchers(&mut matchers);
        let routes = cr
            .routes
            .iter()
            .map(|child| Route::build(child, &opts))
            .collect::<Result<_, _>>()?;
        Ok(Route {
            opts,
            matchers,
            continue_matching: cr.r#continue,
            routes,
        })
    }

    /// Whether this node's own matchers accept the labels.
    pub fn accepts(&self, labels: &BTreeMap<String, String>) -> bool {
        matches_all(&self.matchers, labels)
    }

    /// Upstream's `Route.Match`: depth first, left to right; a matching child stops the
    /// search among its siblings unless it has `continue: true`; a node none of whose
    /// children match is itself the match.
    pub fn matches(&self, labels: &BTreeMap<String, String>) -> Vec<&Route> {
        if !self.accepts(labels) {
            return Vec::new();
        }
        let mut all = Vec::new();
        for child in &self.routes {
            let found = child.matches(labels);
            let matched = !found.is_empty();
            all.extend(found);
            if matched && !child.continue_matching {
                break;
            }
        }
        if all.is_empty() {
            all.push(self);
        }
        all
    }

    /// Why notifications of this route are held back at `at_ms` (Unix milliseconds), as
    /// Alertmanager's time-mute and time-active stages decide; `None` when they go out.
    pub fn muted_at(&self, cfg: &config::Config, at_ms: i64) -> Option<String> {
        let inside = |name: &str| {
            cfg.time_interval(name)
                .is_some_and(|list| list.iter().any(|ti| ti.contains_at(at_ms)))
        };
        if let Some(name) = self.opts.mute_time_intervals.iter().find(|n| inside(n)) {
            return Some(format!(
                "inside mute time interval {}",
                crate::gostr::quote(name)
            ));
        }
        let active = &self.opts.active_time_intervals;
        if !active.is_empty() && !active.iter().any(|n| inside(n)) {
            let names: Vec<String> = active.iter().map(|n| crate::gostr::quote(n)).collect();
            return Some(format!(
                "outside active time intervals {}",
                names.join(", ")
            ));
        }
        None
    }

    /// The node's grouping: `...`, or the label names sorted and comma-separated.
    pub fn grouping(&self) -> String {
        if self.opts.group_by_all {
            "...".into()
        } else {
            self.opts.group_by.join(",")
        }
    }

    /// The matcher part of amtool's node label: `default-route` or `{a="1",b=~"x"}`.
    pub fn matchers_text(&self) -> String {
        if self.matchers.is_empty() {
            "default-route".into()
        } else {
            format_matchers(&self.matchers)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::alertmanager::config::load;
    use crate::config::alertmanager::matchers::ParseMode;

    fn tree(src: &str) -> Route {
        let cfg = load(src, ParseMode::Fallback).expect("loads");
        Route::new(cfg.route.as_ref().expect("route")).expect("builds")
    }

    fn receivers(r: &Route, labels: &[(&str, &str)]) -> Vec<String> {
        let labels = labels
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        r.matches(&labels)
            .iter()
            .map(|m| m.opts.receiver.clone())
            .collect()
    }

    const CFG: &str = "route:
  receiver: default
  group_by: [alertname]
  routes:
  - matchers: [team=a]
    continue: true
    receiver: a
    group_wait: 1m
    routes:
    - match_re: {severity: crit.*}
      receiver: a-pager
  - matchers: ['team=~a|b']
    receiver: ab
    group_by: ['...']
receivers: [{name: default}, {name: a}, {name: a-pager}, {name: ab}]
";

    #[test]
    fn matching_follows_continue_and_inheritance() {
        let r = tree(CFG);
        assert_eq!(receivers(&r, &[("team", "a")]), ["a", "ab"]);
        assert_eq!(
            receivers(&r, &[("team", "a"), ("severity", "critical")]),
            ["a-pager", "ab"]
        );
        assert_eq!(receivers(&r, &[("team", "b")]), ["ab"]);
        assert_eq!(receivers(&r, &[]), ["default"]);
        let pager = &r.routes[0].routes[0];
        assert_eq!(pager.opts.group_wait_ms, 60_000);
        assert_eq!(pager.opts.group_by, ["alertname"]);
        assert_eq!(pager.matchers_text(), r#"{severity=~"^(?:crit.*)$"}"#);
        assert!(r.routes[1].opts.group_by_all);
        assert_eq!(r.matchers_text(), "default-route");
    }
}
