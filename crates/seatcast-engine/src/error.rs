//! Why a scenario could not be worked out, and what in it does not apply
//! to the data: the engine's error, an action's error and the actions set
//! aside, below every stage (their words are the report layer's,
//! `text::labels`).

use polars::prelude::PolarsError;
use serde::Serialize;

/// Why a scenario could not be worked out.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    /// An action of the scenario does not apply to the data: which one, and why.
    #[error(transparent)]
    Action(#[from] ActionError),
    /// The outcome's tables could not be built (polars).
    #[error("table: {0}")]
    Table(#[from] PolarsError),
}

/// An action that does not apply to the data loaded: its number (1-based,
/// in the scenario), and the first school it names that the data lacks.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SetAside {
    pub number: usize,
    pub missing: String,
}

/// Why an action cannot be applied: which action (1-based), and what is wrong.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("action {number}: {kind:?}")]
pub struct ActionError {
    pub number: usize,
    pub kind: ActionProblem,
}

/// What is wrong with an action.
#[derive(Debug, Clone, PartialEq)]
pub enum ActionProblem {
    /// No school by this name or code.
    UnknownSchool {
        key: String,
    },
    NoReceiver,
    AlreadyMerged {
        school: String,
        year: i32,
    },
    ReceiverMerged {
        school: String,
        year: i32,
    },
    IntoItself {
        school: String,
    },
    /// A grade of the school no receiver takes (a merge), or a grade it
    /// keeps that a receiver would take (a downgrade).
    GradesUncovered {
        school: String,
    },
    BadShare {
        school: String,
    },
    BadExpansion,
    NewSchoolMissing {
        name: String,
    },
    BadEntryShare,
    NoDonors,
    BadEntryPct,
    SpanDropsGrades {
        school: String,
    },
    BadResources,
    BadHousing,
}
