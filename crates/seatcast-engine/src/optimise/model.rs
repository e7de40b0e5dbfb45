//! A mixed-integer linear model in a neutral form: variables with bounds
//! and integrality, rows, a cost to minimise. The optimiser builds one
//! from its instance and hands it to a solver; [`Model::to_mps`] writes it
//! as MPS, so an analyst can check it in any solver (`seatcast optimise
//! --export-model`, docs/optimiser.md).

use std::fmt::Write as _;

/// A variable: its name (no spaces), bounds, and whether it is integer.
#[derive(Debug, Clone, PartialEq)]
pub struct Var {
    /// Its name in the MPS file (no spaces).
    pub name: String,
    /// The lower bound (may be −∞).
    pub lower: f64,
    /// The upper bound (may be +∞).
    pub upper: f64,
    /// Whether it takes whole values only.
    pub integer: bool,
}

/// How a row's sum compares with its right-hand side.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sense {
    /// At most (≤).
    Le,
    /// At least (≥).
    Ge,
    /// Equal (=).
    Eq,
}

/// A row: Σ coefficient × variable, its sense and right-hand side.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// Its name in the MPS file (no spaces).
    pub name: String,
    /// (variable index, coefficient) pairs, each variable once.
    pub terms: Vec<(usize, f64)>,
    /// How the sum compares with the right-hand side.
    pub sense: Sense,
    /// The right-hand side.
    pub rhs: f64,
}

/// Minimise Σ cost × variable subject to the rows and bounds.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Model {
    /// The model's name, the MPS file's NAME.
    pub name: String,
    /// The variables; a variable's index is its place here.
    pub vars: Vec<Var>,
    /// The constraints.
    pub rows: Vec<Row>,
    /// (variable, cost) pairs; the pairs of one variable add up.
    pub cost: Vec<(usize, f64)>,
}

impl Model {
    /// A new variable with its bounds and integrality; returns its index.
    pub fn var(&mut self, name: String, lower: f64, upper: f64, integer: bool) -> usize {
        self.vars.push(Var {
            name,
            lower,
            upper,
            integer,
        });
        self.vars.len() - 1
    }

    /// A row; terms of one variable are added together (a solver takes each
    /// variable once in a row), in the variables' order.
    pub fn row(&mut self, name: String, mut terms: Vec<(usize, f64)>, sense: Sense, rhs: f64) {
        terms.sort_by_key(|t| t.0);
        let mut merged: Vec<(usize, f64)> = Vec::with_capacity(terms.len());
        for (v, a) in terms {
            match merged.last_mut() {
                Some(last) if last.0 == v => last.1 += a,
                _ => merged.push((v, a)),
            }
        }
        let terms = merged;
        self.rows.push(Row {
            name,
            terms,
            sense,
            rhs,
        });
    }

    /// Each variable's cost: its pairs in [`Model::cost`] added up.
    pub fn costs(&self) -> Vec<f64> {
        let mut c = vec![0.0; self.vars.len()];
        for &(v, x) in &self.cost {
            if let Some(slot) = c.get_mut(v) {
                *slot += x;
            }
        }
        c
    }

    /// The objective at these values.
    pub fn objective(&self, values: &[f64]) -> f64 {
        self.cost
            .iter()
            .map(|&(v, c)| c * values.get(v).copied().unwrap_or(0.0))
            .sum()
    }

    /// The model as a fixed-name MPS file (free-format spacing; names
    /// carry no spaces): NAME, ROWS (the cost row `COST` first), COLUMNS
    /// (integer columns between MARKER lines), RHS, BOUNDS, ENDATA.
    pub fn to_mps(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(s, "NAME {}", self.name);
        let _ = writeln!(s, "ROWS");
        let _ = writeln!(s, " N COST");
        for r in &self.rows {
            let kind = match r.sense {
                Sense::Le => "L",
                Sense::Ge => "G",
                Sense::Eq => "E",
            };
            let _ = writeln!(s, " {kind} {}", r.name);
        }
        // Each column's entries: its cost, then its rows in order.
        let mut entries: Vec<Vec<(&str, f64)>> = vec![Vec::new(); self.vars.len()];
        for (v, c) in self.costs().into_iter().enumerate() {
            if c != 0.0 {
                entries[v].push(("COST", c));
            }
        }
        for r in &self.rows {
            for &(v, a) in &r.terms {
                if let Some(e) = entries.get_mut(v) {
                    e.push((r.name.as_str(), a));
                }
            }
        }
        let _ = writeln!(s, "COLUMNS");
        let mut in_integers = false;
        for (v, var) in self.vars.iter().enumerate() {
            if var.integer != in_integers {
                let marker = if var.integer { "INTORG" } else { "INTEND" };
                let _ = writeln!(s, " MARKER 'MARKER' '{marker}'");
                in_integers = var.integer;
            }
            if entries[v].is_empty() {
                // A column with no entry is still declared.
                let _ = writeln!(s, " {} COST 0", var.name);
            }
            for (row, a) in &entries[v] {
                let _ = writeln!(s, " {} {row} {}", var.name, num(*a));
            }
        }
        if in_integers {
            let _ = writeln!(s, " MARKER 'MARKER' 'INTEND'");
        }
        let _ = writeln!(s, "RHS");
        for r in self.rows.iter().filter(|r| r.rhs != 0.0) {
            let _ = writeln!(s, " RHS {} {}", r.name, num(r.rhs));
        }
        let _ = writeln!(s, "BOUNDS");
        for var in &self.vars {
            bounds(&mut s, var);
        }
        let _ = writeln!(s, "ENDATA");
        s
    }
}

/// A variable's bounds as MPS says them. The defaults are [0, +∞) for a
/// continuous column; an integer column between markers is written with
/// both bounds so no reader takes it as binary.
fn bounds(s: &mut String, v: &Var) {
    let n = &v.name;
    if v.integer && v.lower == 0.0 && v.upper == 1.0 {
        let _ = writeln!(s, " BV BND {n}");
        return;
    }
    if v.lower == v.upper {
        let _ = writeln!(s, " FX BND {n} {}", num(v.lower));
        return;
    }
    if v.lower == f64::NEG_INFINITY {
        let _ = writeln!(s, " MI BND {n}");
    } else if v.lower != 0.0 || v.integer {
        let kind = if v.integer { "LI" } else { "LO" };
        let _ = writeln!(s, " {kind} BND {n} {}", num(v.lower));
    }
    if v.upper.is_finite() {
        let kind = if v.integer { "UI" } else { "UP" };
        let _ = writeln!(s, " {kind} BND {n} {}", num(v.upper));
    } else if v.integer {
        let _ = writeln!(s, " PL BND {n}");
    }
}

/// A number as MPS readers take it: shortest round-trip form.
fn num(v: f64) -> String {
    if v == v.trunc() && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_small_model_is_written_as_mps_line_by_line() {
        // Minimise 3 open + 0.5 x subject to x − 10 open ≤ 0 and x ≥ 4, with
        // open binary, x continuous in [0, 8], rooms integer in [0, 12]. By
        // hand: x ≥ 4 needs open = 1, so the optimum is 3 + 0.5 × 4 = 5;
        // HiGHS 1.16 reads the file below and finds 5 at open = 1, x = 4
        // (checked 2026-12-05 with highspy).
        let mut m = Model {
            name: "tiny".into(),
            ..Model::default()
        };
        let x = m.var("x".into(), 0.0, 8.0, false);
        let open = m.var("open".into(), 0.0, 1.0, true);
        let rooms = m.var("rooms".into(), 0.0, 12.0, true);
        m.cost = vec![(open, 3.0), (x, 0.5)];
        m.row(
            "seats".into(),
            vec![(x, 1.0), (open, -10.0)],
            Sense::Le,
            0.0,
        );
        m.row("need".into(), vec![(x, 1.0)], Sense::Ge, 4.0);
        let want = "\
NAME tiny
ROWS
 N COST
 L seats
 G need
COLUMNS
 x COST 0.5
 x seats 1
 x need 1
 MARKER 'MARKER' 'INTORG'
 open COST 3
 open seats -10
 rooms COST 0
 MARKER 'MARKER' 'INTEND'
RHS
 RHS need 4
BOUNDS
 UP BND x 8
 BV BND open
 LI BND rooms 0
 UI BND rooms 12
ENDATA
";
        assert_eq!(m.to_mps(), want);
        assert_eq!(m.vars[rooms].name, "rooms");
    }
}
