use super::*;

fn role(s: &str) -> Option<Role> {
    guess_text(s).role
}
fn g(n: i8) -> Option<Role> {
    Some(Role::GradePupils(GradeLabel::Fixed(Grade(n))))
}

#[test]
fn ids_and_names_told_apart() {
    assert_eq!(role("Schl ID"), Some(Role::SchoolId));
    assert_eq!(role("ORG_ID"), Some(Role::SchoolId));
    assert_eq!(role("School Code"), Some(Role::SchoolId));
    assert_eq!(role("Corp ID"), Some(Role::ParentId));
    assert_eq!(role("District Code"), Some(Role::ParentId));
    assert_eq!(role("Schl Name"), Some(Role::SchoolName));
    assert_eq!(role("Corp Name"), Some(Role::ParentName));
    assert_eq!(role("School"), Some(Role::SchoolName));
    assert_eq!(role("学校标识码"), Some(Role::SchoolId));
    assert_eq!(role("区县代码"), Some(Role::ParentId));
    assert_eq!(role("IDOE_SCHOOL_ID"), Some(Role::SchoolId));
    assert_eq!(role("IDOE_CORPORATION_ID"), Some(Role::ParentId));
    assert_eq!(role("Zip Code"), None);
    assert_eq!(role("Phone No"), None);
    // Taiwan's national table: the city above the district.
    assert_eq!(role("縣市名稱"), Some(Role::City));
    assert_eq!(role("縣市別"), Some(Role::City));
    assert_eq!(role("鄉鎮市區"), Some(Role::Area));
}

#[test]
fn grades_in_every_spelling() {
    for (text, grade) in [
        ("1st", 1),
        ("2nd", 2),
        ("3rd", 3),
        ("12th", 12),
        ("Gr 1", 1),
        ("Gr. 4", 4),
        ("G01", 1),
        ("Grade 01", 1),
        ("Grade_7", 7),
        ("一年级", 1),
        ("1年级", 1),
        ("七年级", 7),
        ("高一", 10),
        ("一年级人数", 1),
        ("一年级（人）", 1),
        ("Grade 3 Students", 3),
    ] {
        assert_eq!(role(text), g(grade), "{text}");
    }
    assert_eq!(role("初一"), Some(Role::GradePupils(GradeLabel::Junior(1))));
    assert_eq!(role("K"), Some(Role::GradePupils(GradeLabel::K)));
    assert_eq!(role("Grade K"), Some(Role::GradePupils(GradeLabel::K)));
    assert_eq!(role("PK/EEE"), g(-1));
    assert_eq!(role("Pre-K"), g(-1));
    assert_eq!(role("小班"), g(-2));
    assert_eq!(
        role("一年级班数"),
        Some(Role::GradeClasses(GradeLabel::Fixed(Grade(1))))
    );
    assert_eq!(
        role("Grade 1 Classes"),
        Some(Role::GradeClasses(GradeLabel::Fixed(Grade(1))))
    );
}

#[test]
fn parts_of_a_grade() {
    let k = Some(Role::GradePupils(GradeLabel::K));
    for text in [
        "K_Full",
        "K_Part",
        "Full-Day K",
        "Half-Day K",
        "K (Half-Day)",
    ] {
        let g = guess_text(text);
        assert_eq!((g.role, g.part), (k, Part::Split), "{text}");
    }
    let g = guess_text("一年级男");
    assert_eq!((g.role, g.part), (g1(), Part::Split));
    assert_eq!(guess_text("一年级其中女").role, Some(Role::Subset));
    assert_eq!(guess_text("Grade 1 %").role, Some(Role::Subset));
    assert_eq!(guess_text("Grade 1 ELL").role, Some(Role::Subset));
    assert_eq!(guess_text("一年级新生").role, Some(Role::Subset));
}

fn g1() -> Option<Role> {
    g(1)
}

#[test]
fn bare_numbers_wait_for_their_row() {
    for (text, n) in [("01", 1), ("12", 12), ("02'", 2), ("3", 3), ("0", 0)] {
        let g = guess_text(text);
        assert_eq!((g.role, g.bare), (None, Some(n)), "{text}");
    }
    assert_eq!(guess_text("2019").role, Some(Role::YearValue(2019)));
}

#[test]
fn years_that_say_their_convention() {
    assert_eq!(guess_text("SY").years, Some(YearConvention::Spring));
    assert_eq!(guess_text("SY").role, Some(Role::Year));
    assert_eq!(guess_text("Fall").years, Some(YearConvention::Fall));
    assert_eq!(guess_text("年份").years, None);
    assert_eq!(guess_text("School Year").role, Some(Role::Year));
}

#[test]
fn pupils_one_by_one() {
    assert_eq!(role("学籍号"), Some(Role::StudentId));
    assert_eq!(role("全国学籍号"), Some(Role::StudentId));
    assert_eq!(role("出生日期"), Some(Role::BirthDate));
    assert_eq!(role("性别"), Some(Role::Sex));
    assert_eq!(role("姓名"), Some(Role::StudentName));
    assert_eq!(role("出生人口"), Some(Role::Births));
}

#[test]
fn other_headers_as_before() {
    assert_eq!(role("学校名称"), Some(Role::SchoolName));
    assert_eq!(role("教室数（间）"), Some(Role::Classrooms));
    assert_eq!(role("核定学位数"), Some(Role::Capacity));
    assert_eq!(role("乡镇（街道）"), Some(Role::Area));
    assert_eq!(role("出生人口（人）"), Some(Role::Births));
    assert_eq!(role("Births"), Some(Role::Births));
    assert_eq!(role("在校生数"), Some(Role::Pupils));
    assert_eq!(role("年级"), Some(Role::Grade));
    assert_eq!(role("学年"), Some(Role::Year));
    assert_eq!(role("2019年"), Some(Role::YearValue(2019)));
    assert_eq!(role("Total"), Some(Role::Total));
    assert_eq!(role("合计"), Some(Role::Total));
    assert_eq!(role("备注"), None);
    assert_eq!(role("KG1"), g(-2));
}
