//! The teachers' stage (docs/teachers.md): the norms as data, when each
//! teacher retires, and the teachers each school needs by the norm and by
//! the periods its classes require. Pure, like the rest of the engine.
//!
//! - [`norms`]: the staffing norms, the curriculum's periods, teaching
//!   loads, every figure with its source;
//! - [`retirement`]: the 2025 rule of the gradually rising retirement age;
//! - [`need`]: one school-year's need, both ways.

pub mod need;
pub mod norms;
pub mod retirement;
