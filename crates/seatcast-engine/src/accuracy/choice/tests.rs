use super::*;
use crate::scenario::Estimator;

fn key(origin: i32, h: usize, school: usize, actual: f64) -> Comparison {
    Comparison {
        origin,
        h,
        school,
        projected: 0.0,
        actual,
    }
}

/// Three candidates: A and B good early, C after the regime turns. The
/// choice at each origin sees only what was known then, and averages two.
#[test]
fn the_choice_uses_only_what_was_known() {
    let a = Candidate::textbook(3, Estimator::Mean);
    let b = Candidate::textbook(8, Estimator::Weighted);
    let c = Candidate::PERSISTENCE;
    let mut keys = Vec::new();
    let (mut pa, mut pb, mut pc) = (Vec::new(), Vec::new(), Vec::new());
    for origin in 2000..2010 {
        for school in 0..30 {
            keys.push(key(origin, 1, school, 100.0));
            // Before 2005: A errs 2 %, B 3 %, C 6 %; from 2005 C is exact, A and B 6 %.
            let (ea, eb, ec) = if origin < 2005 {
                (2.0, 3.0, 6.0)
            } else {
                (6.0, 6.0, 0.0)
            };
            pa.push(100.0 + ea);
            pb.push(100.0 + eb);
            pc.push(100.0 + ec);
        }
    }
    let panel = Panel {
        candidates: vec![a, b, c],
        keys,
        projected: vec![pa, pb, pc],
        levels: vec![Level::Primary; 30],
        births_missing: true,
        first_year: 1999,
    };
    // At 2003, origins 2000–2002 are known at h = 1: A and B.
    let ch = choose(&panel, 2003, 1);
    assert_eq!(ch.pick(1), vec![a, b]);
    assert_eq!(ch.overall[0].1, Basis::Horizon);
    assert!((ch.known[0][0].unwrap() - 2.0).abs() < 1e-9);
    // At 2000 nothing is known: the fallback, and no county total to
    // scale the schools to (every factor 1).
    let none = choose(&panel, 2000, 1);
    assert!(none.is_fallback());
    // Births missing, the fallback is the core's equal mean: the textbook
    // n = 3 (A) and persistence (C). With births known, the textbook n = 3
    // weighted by pupils.
    assert_eq!(none.pick(1), vec![a, c]);
    assert_eq!(none.overall[0].0.weights, vec![0.5, 0.5]);
    let known = Panel {
        candidates: vec![a, Candidate::FALLBACK, c],
        births_missing: false,
        ..panel.clone()
    };
    assert_eq!(choose(&known, 2000, 1).pick(1), vec![Candidate::FALLBACK]);
    // With births missing but a single fall behind the base (2000 the
    // data's first), the textbook alone as well.
    let single = Panel {
        candidates: vec![a, Candidate::FALLBACK, c],
        first_year: 2000,
        ..panel.clone()
    };
    assert_eq!(choose(&single, 2000, 1).pick(1), vec![Candidate::FALLBACK]);
    assert_eq!(none.county, vec![None]);
    assert_eq!(
        none.level_factors(1, &[Level::Primary], |_, _| 100.0),
        vec![1.0]
    );
    // By 2009 (origins 2000–2008 known): A 5×2 + 4×6 = 34, B 5×3 + 4×6 = 39,
    // C 5×6 + 4×0 = 30: C and A.
    assert_eq!(choose(&panel, 2009, 1).pick(1), vec![c, a]);
    // The nested backtest at origin 2007 uses the choice known at 2007
    // (origins 2000–2006): A 5×2 + 2×6 = 22, B 5×3 + 2×6 = 27, C 5×6 +
    // 2×0 = 30: A and B, weighted 1 : (27/22)^−4, so A's 106 and B's 106 give 106.
    // The county total is chosen by the county totals' squared errors
    // (every school alike, so one error an origin): A 5 × 0.02² + 2 ×
    // 0.06² = 0.0092, B 5 × 0.03² + 2 × 0.06² = 0.0117, C 5 × 0.06² =
    // 0.018; all three, weighted 1 : (117/92)^−4 : (180/92)^−4. At
    // 2007 A and B project 106, C 100; every school is scaled to that
    // total.
    let (wa, wb, wc) = (1.0, (117.0f64 / 92.0).powi(-4), (180.0f64 / 92.0).powi(-4));
    let total = (wa * 106.0 + wb * 106.0 + wc * 100.0) / (wa + wb + wc);
    let nested = nested(&panel, 1, &(2007..=2007));
    assert_eq!(nested.len(), 30);
    assert!(
        nested.iter().all(|x| (x.projected - total).abs() < 1e-9),
        "{} {total}",
        nested[0].projected
    );
    assert!(total < 106.0 && total > 104.0);
    let pick = choose(&panel, 2007, 1).overall[0].0.clone();
    let wb = (27.0f64 / 22.0).powi(-4);
    assert!(
        (pick.weights[0] - 1.0 / (1.0 + wb)).abs() < 1e-9,
        "{pick:?}"
    );
    assert_eq!(a.method, Method::Textbook);
}

/// A total known at fewer than three origins is chosen between the core's
/// two only; from three on, among every candidate. Worked by hand: ten
/// schools of 100 pupils at h = 1; A (the textbook n = 3) projects 104, B
/// (n = 8 weighted) 101, C (persistence) 98, at every origin.
#[test]
fn totals_known_at_few_origins_are_chosen_within_the_core() {
    let a = Candidate::TEXTBOOK;
    let b = Candidate::textbook(8, Estimator::Weighted);
    let c = Candidate::PERSISTENCE;
    let mut keys = Vec::new();
    let (mut pa, mut pb, mut pc) = (Vec::new(), Vec::new(), Vec::new());
    for origin in 2000..2004 {
        for school in 0..10 {
            keys.push(key(origin, 1, school, 100.0));
            pa.push(104.0);
            pb.push(101.0);
            pc.push(98.0);
        }
    }
    let panel = Panel {
        candidates: vec![a, b, c],
        keys,
        projected: vec![pa, pb, pc],
        levels: vec![Level::Primary; 10],
        births_missing: false,
        first_year: 1999,
    };
    // At 2002 origins 2000 and 2001 are known. Schools: APE sums A 0.8, B
    // 0.2, C 0.4, relative to B's: 4, 1, 2, so B and C weighted 1 : 2^−4.
    let two = choose(&panel, 2002, 1);
    assert_eq!(two.pick(1), vec![b, c]);
    let w = 1.0 / (1.0 + 2f64.powi(-4));
    assert!((two.overall[0].0.weights[0] - w).abs() < 1e-12);
    // The county: two origins, so A and C only, though B erred least.
    // Squared errors A 2 × 0.04², C 2 × 0.02²: relative 4 and 1, so C and A
    // weighted 1 : 4^−4.
    let county = two.county[0].as_ref().expect("known");
    assert_eq!(county.members, vec![2, 0]);
    assert!((county.weights[0] - 1.0 / (1.0 + 4f64.powi(-4))).abs() < 1e-12);
    // At 2003 three origins are known: every candidate. Squared errors
    // A 3 × 0.04², B 3 × 0.01², C 3 × 0.02², relative to B's 16, 1, 4.
    let three = choose(&panel, 2003, 1);
    let county = three.county[0].as_ref().expect("known");
    assert_eq!(county.members, vec![1, 2, 0]);
    let total = 1.0 + 4f64.powi(-4) + 16f64.powi(-4);
    assert!((county.weights[0] - 1.0 / total).abs() < 1e-12);
    assert!((county.weights[2] - 16f64.powi(-4) / total).abs() < 1e-12);
}
