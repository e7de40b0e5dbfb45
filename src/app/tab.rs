//! A tab's key: remembered between starts, given to `--tab`, and how the
//! window finds a panel. Each panel names its own ([`super::panels::Panel::id`]);
//! the constants below are the names other code refers to. A leaf: the
//! state, the commands and the panels import it, and it imports none.

use serde::{Deserialize, Serialize};
use std::borrow::Cow;

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(from = "String", into = "String")]
pub struct Tab(Cow<'static, str>);

#[allow(non_upper_case_globals)]
impl Tab {
    pub const Overview: Tab = Tab::new("overview");
    pub const Schools: Tab = Tab::new("schools");
    pub const School: Tab = Tab::new("school");
    pub const Map: Tab = Tab::new("map");
    pub const Plan: Tab = Tab::new("plan");
    pub const Teachers: Tab = Tab::new("teachers");
    pub const Compliance: Tab = Tab::new("compliance");
    pub const Compare: Tab = Tab::new("compare");
    pub const Accuracy: Tab = Tab::new("accuracy");
    pub const Data: Tab = Tab::new("data");

    pub const fn new(key: &'static str) -> Tab {
        Tab(Cow::Borrowed(key))
    }

    /// The key (English, lower case).
    pub fn key(&self) -> &str {
        &self.0
    }
}

impl Default for Tab {
    fn default() -> Self {
        Tab::Overview
    }
}

/// Saves from before tabs had keys wrote the variant's name: `"Map"` reads
/// as `map`. A key the window no longer has shows its first tab.
impl From<String> for Tab {
    fn from(key: String) -> Tab {
        Tab(Cow::Owned(key.to_lowercase()))
    }
}

impl From<Tab> for String {
    fn from(t: Tab) -> String {
        t.0.into_owned()
    }
}
