//! Scenario files: round trip, an old version, damage, and a save that fails part-way.

// Tests, benches and examples may unwrap and run long (CODE_STYLE.md).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::too_many_lines)]

use seatcast::engine::plan::{Action, Receiver};
use seatcast::engine::scenario::{Estimator, Scenario};
use seatcast::i18n::Lang;
use seatcast::model::Coords;
use seatcast::scenario_file::{self, ScenarioFileError};
use std::io::Write;
use std::path::Path;

fn every_action() -> Scenario {
    Scenario {
        name: "全部措施".into(),
        window: 5,
        actions: vec![
            Action::Merge {
                year: 2027,
                school: "石门教学点".into(),
                into: vec![
                    Receiver {
                        school: "青石镇中心小学".into(),
                        share: 0.7,
                        grades: None,
                    },
                    Receiver {
                        school: "桃园小学".into(),
                        share: 0.3,
                        grades: None,
                    },
                ],
            },
            Action::Expand {
                year: 2027,
                school: "3601001".into(),
                classrooms: 10.0,
                seats: 0.0,
            },
            Action::Open {
                year: 2028,
                name: "城北小学".into(),
                area: Some("城关镇".into()),
                coords: Some(Coords::Km { x: 1.5, y: 4.0 }),
                grades: [1, 6],
                classrooms: 24.0,
                seats: 0.0,
                entry_share: 0.2,
                from: vec!["城关第一小学".into(), "县实验小学".into()],
                donor_shares: Vec::new(),
            },
            Action::Feeder {
                year: 2027,
                school: "桃园小学".into(),
                to: "青石镇初级中学".into(),
            },
            Action::EntryShare {
                year: 2027,
                school: "城西小学".into(),
                pct: 120.0,
            },
            Action::GradeSpan {
                year: 2028,
                school: "青石镇中心小学".into(),
                grades: [1, 9],
                classrooms: 6.0,
            },
        ],
        ..Scenario::default()
    }
}

#[test]
fn a_saved_scenario_reads_back_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.json");
    let s = every_action();
    scenario_file::save(&path, &s).expect("saves");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("\"format\": \"seatcast-scenario\""), "{text}");
    assert!(text.contains("\"version\": 2"));
    assert!(text.contains("\"kind\": \"grade_span\""));
    assert_eq!(scenario_file::load(&path).expect("loads"), s);
}

#[test]
fn a_version_1_file_still_opens() {
    let s = scenario_file::load(Path::new("tests/fixtures/scenario/v1-window8.json"))
        .expect("version 1 opens");
    assert_eq!(s.window, 8);
    assert_eq!(s.estimator, Estimator::Weighted);
    // Its window and estimator tune the textbook, as when it was written.
    assert_eq!(s.method, seatcast::engine::scenario::Method::Textbook);
    assert_eq!((s.horizon, s.skip_years.clone()), (10, vec![2020]));
    assert_eq!(s.births_change_pct, -3.0);
    assert_eq!(s.class_sizes.primary, 40.0);
    assert_eq!(s.class_sizes.junior, 50.0);
    assert!(s.actions.is_empty());
}

#[test]
fn the_shipped_sample_plan_opens() {
    let s = scenario_file::load(Path::new("sample-data/scenario-merge.json")).expect("opens");
    let merges = s
        .actions
        .iter()
        .filter(|a| matches!(a, Action::Merge { .. }))
        .count();
    assert_eq!(merges, 6);
}

#[test]
fn a_damaged_file_says_where() {
    let p = Path::new("plan.json");
    let text = "{\n  \"window\": 3,\n  \"horizon\": \"ten\"\n}";
    match scenario_file::from_json(text, p) {
        Err(ScenarioFileError::Damaged { line, column, .. }) => assert_eq!((line, column), (3, 18)),
        other => panic!("{other:?}"),
    }
    let cut = "{\n  \"window\": 3,\n  \"actions\": [";
    let e = scenario_file::from_json(cut, p).expect_err("truncated");
    assert!(
        matches!(e, ScenarioFileError::Damaged { line: 3, .. }),
        "{e:?}"
    );
    assert!(
        e.message(Lang::Zh).contains("第 3 行"),
        "{}",
        e.message(Lang::Zh)
    );
    let newer = "{\"format\": \"seatcast-scenario\", \"version\": 9}";
    let e = scenario_file::from_json(newer, p).expect_err("too new");
    assert!(
        matches!(e, ScenarioFileError::Newer { version: 9, .. }),
        "{e:?}"
    );
    assert!(
        e.message(Lang::En).contains("version 9"),
        "{}",
        e.message(Lang::En)
    );
    let other = "{\"format\": \"something-else\"}";
    assert!(matches!(
        scenario_file::from_json(other, p),
        Err(ScenarioFileError::NotScenario { .. })
    ));
}

#[test]
fn a_save_that_fails_part_way_leaves_the_old_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.json");
    let old = Scenario {
        name: "old".into(),
        ..Scenario::default()
    };
    scenario_file::save(&path, &old).expect("saves");
    let before = std::fs::read(&path).unwrap();
    let err = scenario_file::save_with(&path, &every_action(), |f, bytes| {
        f.write_all(&bytes[..bytes.len() / 2])?;
        Err(std::io::Error::other("disk full"))
    });
    assert!(matches!(err, Err(ScenarioFileError::Write { .. })));
    assert_eq!(std::fs::read(&path).unwrap(), before);
    assert_eq!(scenario_file::load(&path).unwrap().name, "old");
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "no temporary file left"
    );
}

/// A file with no method and no window or estimator takes the default
/// (pooled); a stated method is kept whatever else the file says.
#[test]
fn the_method_of_a_file_without_one() {
    use seatcast::engine::scenario::Method;
    let read = |text: &str| scenario_file::from_json(text, Path::new("s.json"));
    // No method named: the default of this version (chosen by the data's backtest).
    assert_eq!(read("{}").unwrap().method, Method::Auto);
    assert_eq!(
        read(r#"{"method": "pooled", "window": 5}"#).unwrap().method,
        Method::Pooled
    );
    assert_eq!(read(r#"{"window": 5}"#).unwrap().method, Method::Textbook);
}

/// The ready low / medium / high births scenarios open, are the variants the
/// app offers, and order the county's demand once unknown births matter: the
/// sample's births are known to 2025, so the variants agree until children
/// born after it reach kindergarten (age 3, fall 2029), and by 2040 most
/// pupils are born in the extrapolated years.
#[test]
fn the_shipped_births_variants_open_and_order_demand() {
    use seatcast::engine::Engine;
    use seatcast::engine::outcome::Scope;
    use seatcast::engine::scenario::BirthsVariant;
    use std::sync::Arc;
    let loaded = seatcast::sample::load_sample(&Default::default()).expect("sample");
    let engine = Engine::new(Arc::new(loaded.dataset));
    let mut demand = Vec::new();
    for (file, variant) in [
        ("low", BirthsVariant::Low),
        ("medium", BirthsVariant::Medium),
        ("high", BirthsVariant::High),
    ] {
        let path = format!("sample-data/scenario-births-{file}.json");
        let s = scenario_file::load(Path::new(&path)).expect("opens");
        assert_eq!(BirthsVariant::of(&s), Some(variant));
        let o = engine.outcome(&s).expect("outcome");
        let county = |year| {
            o.aggregates
                .iter()
                .find(|a| a.scope == Scope::County && a.year == year)
                .map(|a| a.demand)
                .expect("county sum")
        };
        demand.push((county(2026), county(2040)));
    }
    // Everyone at school in 2026 was born by 2023, a known year: the variants agree.
    assert!((demand[0].0 - demand[2].0).abs() < 1e-9, "{demand:?}");
    assert!(
        demand[0].1 < demand[1].1 && demand[1].1 < demand[2].1,
        "{demand:?}"
    );
}
