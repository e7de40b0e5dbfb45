use super::*;

#[test]
fn figures_as_a_planner_reads_them() {
    assert_eq!(num(617_286_643.198_359_4), "617,286,643.2");
    assert_eq!(num(12.5), "12.5");
    assert_eq!(num(-0.25), "-0.25");
    assert_eq!(num(4803.0), "4,803");
    assert_eq!(num(-13_722.0), "-13,722");
}

#[test]
fn cell_names_as_excel_shows_them() {
    assert_eq!(CellRef::new(16, 3).to_string(), "D17");
    assert_eq!(column_letters(25), "Z");
    assert_eq!(column_letters(26), "AA");
    assert_eq!(column_letters(701), "ZZ");
    assert_eq!(column_letters(702), "AAA");
    let l = Location::sheet("a.xlsx", "在校生").at(CellRef::new(16, 3));
    assert_eq!(l.cell_text(), "在校生!D17");
    assert_eq!(l.to_string(), "a.xlsx · 在校生!D17");
}
