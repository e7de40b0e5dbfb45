use super::Boundary;

/// A "C" shape (concave) with its mouth open to the east, and a square
/// with a square hole: their triangles cover what they hold and nothing
/// else, and the label sits inside.
#[test]
fn concave_and_holed_areas_fill_exactly_their_shape() {
    let c = Boundary {
        name: "C".into(),
        polygons: vec![vec![vec![
            [0.0, 0.0],
            [3.0, 0.0],
            [3.0, 1.0],
            [1.0, 1.0],
            [1.0, 2.0],
            [3.0, 2.0],
            [3.0, 3.0],
            [0.0, 3.0],
            [0.0, 0.0],
        ]]],
        ..Boundary::default()
    };
    let holed = Boundary {
        name: "O".into(),
        polygons: vec![vec![
            vec![
                [10.0, 0.0],
                [14.0, 0.0],
                [14.0, 4.0],
                [10.0, 4.0],
                [10.0, 0.0],
            ],
            vec![
                [11.0, 1.0],
                [13.0, 1.0],
                [13.0, 3.0],
                [11.0, 3.0],
                [11.0, 1.0],
            ],
        ]],
        ..Boundary::default()
    };
    let area = |t: &[[f64; 2]; 3]| {
        ((t[1][0] - t[0][0]) * (t[2][1] - t[0][1]) - (t[2][0] - t[0][0]) * (t[1][1] - t[0][1]))
            .abs()
            / 2.0
    };
    let inside = |ts: &[[[f64; 2]; 3]], p: [f64; 2]| {
        ts.iter().any(|t| {
            let d = |a: [f64; 2], b: [f64; 2]| {
                (b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0])
            };
            let (d1, d2, d3) = (d(t[0], t[1]), d(t[1], t[2]), d(t[2], t[0]));
            !((d1 < 0.0 || d2 < 0.0 || d3 < 0.0) && (d1 > 0.0 || d2 > 0.0 || d3 > 0.0))
        })
    };
    let tc = c.triangles();
    // 3 × 3 less the 2 × 1 mouth: 7.
    assert!((tc.iter().map(area).sum::<f64>() - 7.0).abs() < 1e-9);
    assert!(inside(&tc, [0.5, 1.5]));
    assert!(!inside(&tc, [2.0, 1.5]), "the mouth is not filled");
    let to = holed.triangles();
    // 16 less the hole's 4: 12.
    assert!((to.iter().map(area).sum::<f64>() - 12.0).abs() < 1e-9);
    assert!(!inside(&to, [12.0, 2.0]), "the hole is not filled");
    assert!(inside(&to, [10.5, 2.0]));
    let (l, room) = c.label_point().expect("a label point");
    assert!(inside(&tc, l), "{l:?}");
    // The C's roomiest point is where its back meets an arm: on the
    // diagonal of a corner at t, t, as far (t) from the outer edges as
    // from the mouth's inner corner (1, 1): t = √2 (1 − t), so
    // t = 2 − √2 = 0.586, more room than the back's 0.5.
    assert!(l[0] < 1.0, "{l:?}");
    assert!((room - (2.0 - 2f64.sqrt())).abs() < 0.02, "{room}");
    // A wiggly edge (0.001 deep teeth) simplified at 0.01 keeps the
    // square's corners and drops the teeth; at 0.0001 it keeps them.
    let mut ring = vec![[0.0, 0.0]];
    for i in 1..100 {
        ring.push([f64::from(i) / 100.0, if i % 2 == 0 { 0.0 } else { 0.001 }]);
    }
    ring.extend([[1.0, 0.0], [1.0, 1.0], [0.0, 1.0], [0.0, 0.0]]);
    let wiggly = Boundary {
        name: "W".into(),
        polygons: vec![vec![ring.clone()]],
        ..Boundary::default()
    };
    assert_eq!(wiggly.simplified(0.01).polygons[0][0].len(), 5);
    assert_eq!(wiggly.simplified(0.0001).polygons[0][0].len(), ring.len());
}
