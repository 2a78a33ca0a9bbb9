//! alertmanager.yml, its routing tree and inhibition rules, and the pieces they share with
//! amtool's arguments and the Alertmanager API (label matchers).

pub mod matchers;
