//! The layout optimiser (布局优化; docs/optimiser.md). So far its instance:
//! what the model reads from an outcome — each school's projected pupils
//! by level and year, the grade 1–3 pupils who must stay day pupils, the
//! links within reach, and the schools the rules keep open; and the neutral
//! form a model takes, which writes itself as MPS. Building the model from
//! the instance and solving it are issue 32's next steps.

pub mod instance;
pub mod model;

pub use instance::{Instance, Link, Node};
pub use model::{Model, Row, Sense, Var};
