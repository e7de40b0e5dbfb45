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
    };
    // At 2003, origins 2000–2002 are known at h = 1: A and B.
    let ch = choose(&panel, 2003, 1);
    assert_eq!(ch.pick(Level::Primary, 1), vec![a, b]);
    assert_eq!(ch.overall[0].1, Basis::Horizon);
    assert!((ch.known[0][0].unwrap() - 2.0).abs() < 1e-9);
    // At 2000 nothing is known: the fallback, and no county total to
    // scale the schools to (every factor 1).
    let none = choose(&panel, 2000, 1);
    assert!(none.is_fallback());
    assert_eq!(none.county, vec![None]);
    assert_eq!(
        none.level_factors(1, &[Level::Primary], |_, _| 100.0),
        vec![1.0]
    );
    // By 2009 (origins 2000–2008 known): A 5×2 + 4×6 = 34, B 5×3 + 4×6 = 39,
    // C 5×6 + 4×0 = 30: C and A.
    assert_eq!(choose(&panel, 2009, 1).pick(Level::Primary, 1), vec![c, a]);
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
