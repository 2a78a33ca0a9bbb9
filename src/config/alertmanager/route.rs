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
    /// Upstream's `Route.Key()`: the matchers of the node and its ancestors, `{}/{a="1"}`;
    /// a group's key starts with it.
    pub key: String,
}

impl Route {
    /// Upstream's `NewRoute` for the root route of a loaded configuration.
    pub fn new(root: &config::Route) -> Result<Route, String> {
        Route::build(root, &RouteOpts::default(), None)
    }

    fn build(
        cr: &config::Route,
        parent: &RouteOpts,
        parent_key: Option<&str>,
    ) -> Result<Route, String> {
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
        let own = format_matchers(&matchers);
        let key = match parent_key {
            Some(p) => format!("{p}/{own}"),
            None => own,
        };
        let routes = cr
            .routes
            .iter()
            .map(|child| Route::build(child, &opts, Some(&key)))
            .collect::<Result<_, _>>()?;
        Ok(Route {
            opts,
            matchers,
            continue_matching: cr.r#continue,
            routes,
            key,
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

    /// The labels of an alert that name its group on this route (upstream's
    /// `getGroupLabels`): those in `group_by`, or all with `...`.
    pub fn group_labels(&self, labels: &BTreeMap<String, String>) -> BTreeMap<String, String> {
        labels
            .iter()
            .filter(|(k, _)| self.opts.group_by_all || self.opts.group_by.contains(k))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    }

    /// Every node of the tree, depth first in tree order.
    pub fn walk(&self) -> Vec<&Route> {
        let mut out = vec![self];
        for child in &self.routes {
            out.extend(child.walk());
        }
        out
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

/// An aggregation group: the alerts with the same grouping labels on one route.
#[derive(Debug)]
pub struct AlertGroup<'a> {
    pub route: &'a Route,
    /// The alerts' labels named by the route's `group_by`.
    pub labels: BTreeMap<String, String>,
    /// Indexes of the group's alerts, in the order given.
    pub alerts: Vec<usize>,
}

impl AlertGroup<'_> {
    /// Upstream's group key, `ROUTE_KEY:{name="value", ...}`.
    pub fn key(&self) -> String {
        let pairs: Vec<String> = self
            .labels
            .iter()
            .map(|(k, v)| format!("{k}={}", crate::gostr::quote(v)))
            .collect();
        format!("{}:{{{}}}", self.route.key, pairs.join(", "))
    }
}

impl Route {
    /// The aggregation groups `alerts` (label sets) form for `receiver`, as Alertmanager's
    /// dispatcher forms them: an alert joins a group on each route it reaches whose receiver
    /// is `receiver`. Groups come in the order of their first alert. Also returns the
    /// alerts that reach no such route.
    pub fn groups_for<'a>(
        &'a self,
        receiver: &str,
        alerts: &[&BTreeMap<String, String>],
    ) -> (Vec<AlertGroup<'a>>, Vec<usize>) {
        let mut groups: Vec<AlertGroup<'a>> = Vec::new();
        let mut elsewhere = Vec::new();
        for (i, labels) in alerts.iter().enumerate() {
            let routes: Vec<&Route> = self
                .matches(labels)
                .into_iter()
                .filter(|r| r.opts.receiver == receiver)
                .collect();
            if routes.is_empty() {
                elsewhere.push(i);
            }
            for route in routes {
                join_group(&mut groups, route, labels, i);
            }
        }
        (groups, elsewhere)
    }
}

/// Puts alert `i` (with `labels`) into its group on `route`, a new one if there is none.
pub fn join_group<'a>(
    groups: &mut Vec<AlertGroup<'a>>,
    route: &'a Route,
    labels: &BTreeMap<String, String>,
    i: usize,
) {
    let group_labels = route.group_labels(labels);
    match groups
        .iter_mut()
        .find(|g| std::ptr::eq(g.route, route) && g.labels == group_labels)
    {
        Some(g) => g.alerts.push(i),
        None => groups.push(AlertGroup {
            route,
            labels: group_labels,
            alerts: vec![i],
        }),
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
        assert_eq!(r.key, "{}");
        assert_eq!(pager.key, r#"{}/{team="a"}/{severity=~"^(?:crit.*)$"}"#);
        let labels = [("team", "a"), ("alertname", "X"), ("x", "1")]
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        assert_eq!(
            pager.group_labels(&labels).into_iter().collect::<Vec<_>>(),
            [("alertname".to_string(), "X".to_string())]
        );
        assert_eq!(r.routes[1].group_labels(&labels).len(), 3);
        assert_eq!(r.walk().len(), 4);
    }

    #[test]
    fn groups_follow_routes_and_group_by() {
        let r = tree(CFG);
        let sets: Vec<BTreeMap<String, String>> = [
            vec![("team", "a"), ("alertname", "X")],
            vec![("team", "b"), ("alertname", "X")],
            vec![("team", "a"), ("alertname", "Y")],
            vec![("team", "c"), ("alertname", "X")],
        ]
        .iter()
        .map(|l| {
            l.iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        })
        .collect();
        let refs: Vec<&BTreeMap<String, String>> = sets.iter().collect();
        // `ab` groups by all labels: every alert of team a or b is its own group.
        let (groups, elsewhere) = r.groups_for("ab", &refs);
        assert_eq!(groups.len(), 3);
        assert_eq!(elsewhere, [3]);
        assert_eq!(
            groups[0].key(),
            r#"{}/{team=~"a|b"}:{alertname="X", team="a"}"#
        );
        // `a` groups by alertname (inherited).
        let (groups, elsewhere) = r.groups_for("a", &refs);
        assert_eq!(groups.len(), 2);
        assert_eq!(groups[0].alerts, [0]);
        assert_eq!(groups[1].alerts, [2]);
        assert_eq!(groups[0].key(), r#"{}/{team="a"}:{alertname="X"}"#);
        assert_eq!(elsewhere, [1, 3]);
    }
}
