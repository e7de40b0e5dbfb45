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
    /// The action's number in the scenario, from 1.
    pub number: usize,
    /// The first school it names that the data lacks, as the action names it.
    pub missing: String,
}

/// Why an action cannot be applied: which action (1-based), and what is wrong.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("action {number}: {kind:?}")]
pub struct ActionError {
    /// The action's number in the scenario, from 1.
    pub number: usize,
    /// What is wrong with it.
    pub kind: ActionProblem,
}

/// What is wrong with an action.
#[derive(Debug, Clone, PartialEq)]
pub enum ActionProblem {
    /// No school by this name or code.
    UnknownSchool {
        /// The name or code as the action gives it.
        key: String,
    },
    /// A merge or downgrade with no receiver.
    NoReceiver,
    /// The school was closed by an earlier merge.
    AlreadyMerged {
        /// The school's name.
        school: String,
        /// The fall it closed in.
        year: i32,
    },
    /// A receiver was closed by an earlier merge by the action's fall.
    ReceiverMerged {
        /// The receiver, as the action names it.
        school: String,
        /// The fall it closed in.
        year: i32,
    },
    /// A school among its own receivers.
    IntoItself {
        /// The school's name.
        school: String,
    },
    /// A grade of the school no receiver takes (a merge), or a grade it
    /// keeps that a receiver would take (a downgrade).
    GradesUncovered {
        /// The school's name.
        school: String,
    },
    /// A receiver's share is not a number above 0.
    BadShare {
        /// The receiver, as the action names it.
        school: String,
    },
    /// An expansion adds nothing, or fewer than no classrooms or seats.
    BadExpansion,
    /// A new school is not in the dataset the plan extends.
    NewSchoolMissing {
        /// The new school's name.
        name: String,
    },
    /// A new school's entry share outside 0–1, or its donor shares not one
    /// per donor within 0–1.
    BadEntryShare,
    /// A new school that draws from no school.
    NoDonors,
    /// An entry-share change that is not a number of 0 or more.
    BadEntryPct,
    /// A grade-span change that leaves out a grade the school teaches.
    SpanDropsGrades {
        /// The school, as the action names it.
        school: String,
    },
    /// Resources with a figure that is not a number, or negative.
    BadResources,
    /// Housing whose dwellings, years to full or pupils per 100 dwellings
    /// are not numbers, or negative.
    BadHousing,
}
