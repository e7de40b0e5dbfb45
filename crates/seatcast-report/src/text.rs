//! Seatcast's words: what the engine decided, said in the planner's
//! language. The engine and the import decide and never take a language;
//! every sentence about a method, a plan or a choice is made here.

pub mod compliance;
pub mod headline;
pub mod labels;
pub mod method;
pub mod optimise;
pub mod plan;
