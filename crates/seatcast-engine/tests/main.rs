//! The engine's integration tests, one binary with a module per concern
//! (`cargo test -p seatcast-engine --test main MODULE::` runs one).

mod accuracy;
mod backtest;
mod compliance;
mod engine;
mod optimise;
mod plan;
mod teachers;
