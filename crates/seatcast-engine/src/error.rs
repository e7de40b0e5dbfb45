//! Why a scenario could not be worked out: the engine's error, below
//! every stage (its words are the report layer's, `text::labels`).

use crate::plan::actions::ActionError;
use polars::prelude::PolarsError;

/// Why a scenario could not be worked out.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    #[error(transparent)]
    Action(#[from] ActionError),
    #[error("table: {0}")]
    Table(#[from] PolarsError),
}
