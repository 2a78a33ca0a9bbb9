//! alertmanager.yml, its routing tree and inhibition rules, and the pieces they share with
//! amtool's arguments and the Alertmanager API (label matchers).

pub mod config;
pub mod inhibit;
pub mod matchers;
pub mod notifiers;
pub mod observability;
pub mod route;
pub mod templates;
pub mod timeinterval;
pub mod types;
