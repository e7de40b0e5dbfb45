//! Real places (docs/places.md): the datums longitude and latitude come in
//! (WGS-84, GCJ-02, BD-09) and their conversion.

pub mod areas;
pub mod datum;
pub mod roads;
pub mod tiles;
