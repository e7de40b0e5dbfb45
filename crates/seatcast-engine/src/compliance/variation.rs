//! The variation coefficient (差异系数) of one indicator across a county's
//! schools, weighted by pupils, as the 2017 办法 computes it:
//!
//! x̄ = Σ xᵢpᵢ / P,  s = √(Σ (pᵢ/P)(xᵢ − x̄)²),  CV = s / x̄.

/// (x̄, s, CV) of `(value, pupils)` pairs; None without pupils or when the
/// mean is 0 (the CV is then undefined).
pub fn variation(schools: impl Iterator<Item = (f64, f64)> + Clone) -> Option<(f64, f64, f64)> {
    let (p, px) = schools.clone().fold((0.0, 0.0), |(p, px), (x, n)| {
        (p + n.max(0.0), px + x * n.max(0.0))
    });
    if p <= 0.0 {
        return None;
    }
    let mean = px / p;
    if mean.abs() < f64::EPSILON {
        return None;
    }
    let var = schools
        .map(|(x, n)| n.max(0.0) / p * (x - mean).powi(2))
        .sum::<f64>();
    let s = var.sqrt();
    Some((mean, s, s / mean))
}

#[cfg(test)]
mod tests {
    use super::variation;

    /// The worked example that circulates with the 办法's method (books per
    /// pupil; e.g. m.777doc.com/doc-2019910.html, "县域义务教育校际均衡指标
    /// 计算方法"): five primaries of 45, 37, 89, 76 and 55 pupils, 302 in
    /// all, with 279, 137, 935, 160 and 402 books: x̄ = 1,913 / 302 = 6.33,
    /// the weighted squares sum to 10.65, s = 3.26 and CV = 0.52.
    #[test]
    fn the_worked_example_gives_cv_0_52() {
        let schools: Vec<(f64, f64)> = [
            (45.0, 279.0),
            (37.0, 137.0),
            (89.0, 935.0),
            (76.0, 160.0),
            (55.0, 402.0),
        ]
        .iter()
        .map(|&(pupils, books)| (books / pupils, pupils))
        .collect();
        let (mean, s, cv) = variation(schools.iter().copied()).expect("defined");
        assert!((mean - 1913.0 / 302.0).abs() < 1e-12);
        assert_eq!(format!("{mean:.2}"), "6.33");
        assert_eq!(format!("{:.2}", s * s), "10.65");
        assert_eq!(format!("{s:.2}"), "3.26");
        assert_eq!(format!("{cv:.2}"), "0.52");
    }

    #[test]
    fn equal_schools_vary_by_nothing_and_no_pupils_is_undefined() {
        let (_, s, cv) = variation([(4.5, 100.0), (4.5, 300.0)].into_iter()).expect("defined");
        assert_eq!((s, cv), (0.0, 0.0));
        assert_eq!(variation([(4.5, 0.0)].into_iter()), None);
        assert_eq!(variation([(0.0, 10.0)].into_iter()), None);
    }
}
