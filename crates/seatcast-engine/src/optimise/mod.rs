//! The layout optimiser (布局优化; docs/optimiser.md). So far its instance:
//! what the model reads from an outcome — each school's projected pupils
//! by level and year, the grade 1–3 pupils who must stay day pupils, the
//! links within reach, and the schools the rules keep open. The model and
//! its solver are issue 32's next steps.

pub mod instance;

pub use instance::{Instance, Link, Node};
