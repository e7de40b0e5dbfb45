//! What an outcome yields beyond its seats: the teachers' staffing and
//! rotation (with a staff roster) and the 优质均衡 ledger (with facilities
//! or staff). The rule for when each exists is written here once; the
//! window's worker, the report, the workbook and the charts all take this
//! bundle rather than working it out again.

use crate::Outcome;
use crate::compliance::Compliance;
use crate::teachers::Figures;
use std::sync::Arc;

/// An outcome's derived figures.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Derived {
    /// The teachers' figures, when the data has a staff roster.
    pub teachers: Option<Arc<Figures>>,
    /// The 优质均衡 ledger, when the data has facilities or a staff roster.
    pub ledger: Option<Arc<Compliance>>,
}

impl Derived {
    /// Work them out for an outcome (each once).
    pub fn of(o: &Outcome) -> Derived {
        let teachers = Figures::of(o).map(Arc::new);
        let ledger = (!o.dataset.facilities.is_empty() || teachers.is_some()).then(|| {
            Arc::new(crate::compliance::of_outcome(
                o,
                teachers.as_ref().map(|t| &t.staffing),
            ))
        });
        Derived { teachers, ledger }
    }
}
