//! The default chooses and combines candidates by the loaded data's own
//! backtest, honestly (at each origin only what was known then), for each
//! school and for the county's and each level's totals, and scales the
//! schools to the totals chosen. The rule (`engine::accuracy::rule`,
//! docs/method.md "The rule"), at every horizon 1–5:
//!
//! - the county MAPE at most max(1.05 ×, + 0.05 points) the lower of the
//!   textbook n = 3 (mean) and persistence, and over the horizons at most
//!   1.01 × the lower sum;
//! - the school MAPE at most 1.01 × the lower of the two, and at most
//!   1.10 × the best single candidate in hindsight;
//! - the 80 % ranges: a school's hold 75–85 % of actual totals at every
//!   horizon; the county's 65–92 % averaged over the horizons, none below
//!   40 %, where at least five origins are scored at every horizon.
//!
//! Eau Claire and Vermont hold all of it. Where a set misses, its test
//! holds the measured level (so it cannot slip unnoticed) and says by how
//! much.

// Tests, benches and examples may unwrap and run long (CODE_STYLE.md).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::too_many_lines)]

use seatcast::text::labels::*;
use seatcast_testkit as common;

use common::synthetic::{Options, district};
use seatcast::engine::Engine;
use seatcast::engine::accuracy::{
    BacktestOptions, HorizonScore, Rule, backtest, candidate_scores, rule,
};
use seatcast::engine::scenario::{Candidate, Method, Scenario};
use seatcast::import::{ImportOptions, load_paths};
use std::path::PathBuf;
use std::sync::Arc;

fn engine_of_paths(files: &[PathBuf]) -> Engine {
    let loaded = load_paths(files, &ImportOptions::default()).expect("loads");
    Engine::new(Arc::new(loaded.dataset))
}

/// The default's scores, and every candidate's over the same origins.
struct Table {
    default: Vec<HorizonScore>,
    candidates: Vec<(Candidate, Vec<HorizonScore>)>,
}

fn table(engine: &Engine, options: &BacktestOptions) -> Table {
    let s = Scenario::default();
    let default = backtest(engine, &s, options);
    let panel = engine.panel_for(&s, options);
    let candidates = candidate_scores(&panel, &options.origins, options.horizon);
    Table {
        default,
        candidates,
    }
}

impl Table {
    fn of(&self, c: Candidate) -> &[HorizonScore] {
        &self
            .candidates
            .iter()
            .find(|(x, _)| *x == c)
            .expect("a candidate")
            .1
    }

    /// The best fixed candidate's school MAPE at h (index) in hindsight.
    fn best(&self, h: usize) -> f64 {
        self.candidates
            .iter()
            .map(|(_, s)| s[h].school_mape)
            .fold(f64::INFINITY, f64::min)
    }

    /// The best fixed candidate's county (system) MAPE at h in hindsight.
    fn best_county(&self, h: usize) -> f64 {
        self.candidates
            .iter()
            .map(|(_, s)| s[h].system_mape)
            .fold(f64::INFINITY, f64::min)
    }

    /// The lower of the two references a planner knows at h: the textbook
    /// n = 3 (mean) and persistence, for schools and for the county.
    fn references(&self, h: usize) -> (f64, f64) {
        let (t, p) = (
            &self.of(Candidate::TEXTBOOK)[h],
            &self.of(Candidate::PERSISTENCE)[h],
        );
        (
            t.school_mape.min(p.school_mape),
            t.system_mape.min(p.system_mape),
        )
    }

    /// Every candidate's school and county rows, the default's, and its
    /// ratios to the references and to the best fixed in hindsight.
    fn show(&self, name: &str) {
        for (c, s) in &self.candidates {
            eprintln!(
                "{name} {:<44} {} | {}",
                c.label(seatcast::i18n::Lang::En, true),
                row(s),
                county_row(s)
            );
        }
        eprintln!(
            "{name} {:<44} {} | {}",
            "DEFAULT",
            row(&self.default),
            county_row(&self.default)
        );
        for h in 0..5 {
            let d = &self.default[h];
            let (school_ref, county_ref) = self.references(h);
            eprintln!(
                "{name} h={}: county {:.3} × the references, {:.3} × the best fixed; school {:.3} × the references, {:.3} × the best fixed; coverage {:.3} / {:.3}",
                h + 1,
                d.system_mape / county_ref,
                d.system_mape / self.best_county(h),
                d.school_mape / school_ref,
                d.school_mape / self.best(h),
                d.coverage80.unwrap_or(f64::NAN),
                d.system_coverage80.unwrap_or(f64::NAN),
            );
        }
    }

    /// The rule at every horizon: the county MAPE at most
    /// `county[h]` × the lower of the textbook n = 3 and persistence (the
    /// must: 1.01), the school MAPE at most `school` × that lower reference
    /// (the must: 1.01) and `best` × the best fixed candidate in hindsight
    /// (the must: 1.10).
    /// The default's row in docs/manual.md's table, as this run gives it:
    /// school and county MAPE at one to five years (the docs cannot drift).
    fn quoted_in_the_docs(&self, row: &str) {
        let manual = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/manual.md"),
        )
        .expect("docs/manual.md");
        let join = |f: &dyn Fn(&HorizonScore) -> f64| {
            self.default
                .iter()
                .map(|s| format!("{:.2}", f(s)))
                .collect::<Vec<_>>()
                .join(" / ")
        };
        let want = format!(
            "**default** | {} | {} |",
            join(&|s| s.school_mape),
            join(&|s| s.system_mape)
        );
        let line = manual
            .lines()
            .find(|l| l.contains(row))
            .unwrap_or_else(|| panic!("no row {row} in docs/manual.md"));
        assert!(
            line.contains(&want),
            "docs/manual.md's {row} row is not {want}"
        );
    }

    fn holds_within(&self, name: &str, county: [f64; 5], school: f64, best: f64) {
        self.show(name);
        for (h, county) in county.iter().enumerate() {
            let d = &self.default[h];
            let (school_ref, county_ref) = self.references(h);
            assert!(
                d.system_mape <= county * county_ref,
                "{name} h={}: county {:.2} against the references' {county_ref:.2}",
                h + 1,
                d.system_mape
            );
            assert!(
                d.school_mape <= school * school_ref,
                "{name} h={}: school {:.2} against the references' {school_ref:.2}",
                h + 1,
                d.school_mape
            );
            assert!(
                d.school_mape <= best * self.best(h),
                "{name} h={}: {:.2} against the best fixed {:.2}",
                h + 1,
                d.school_mape,
                self.best(h)
            );
        }
    }

    /// The rule as the engine works it out (the Accuracy tab and
    /// `seatcast backtest` show it).
    fn rule(&self) -> Rule {
        rule(&self.default, &self.candidates).expect("both references")
    }

    /// The whole rule, and the schools within 1.10 × the best fixed.
    fn holds(&self, name: &str) {
        self.schools_hold(name);
        let r = self.rule();
        assert!(r.holds(), "{name}: {r:?}");
    }

    /// The schools' part of the rule.
    fn schools_hold(&self, name: &str) {
        self.show(name);
        for (h, d) in self.rule().horizons.iter().zip(&self.default) {
            assert!(h.schools.holds, "{name} h={}: {:?}", h.h, h.schools);
            assert!(
                d.school_mape <= 1.10 * self.best(h.h - 1),
                "{name} h={}: {:.2} against the best fixed {:.2}",
                h.h,
                d.school_mape,
                self.best(h.h - 1)
            );
        }
    }

    /// The 80 % ranges: a school's hold 75–85 % of actual totals at every
    /// horizon; with `county` (five origins or more at every
    /// horizon), the county's 65–92 % averaged over the horizons and none
    /// below 40 %.
    fn covers(&self, name: &str, county: bool) {
        for s in &self.default {
            let c = s.coverage80.expect("enough known errors");
            assert!((0.75..=0.85).contains(&c), "{name} h={}: coverage {c}", s.h);
        }
        if !county {
            return;
        }
        let system: Vec<f64> = self
            .default
            .iter()
            .map(|s| s.system_coverage80.expect("enough known totals"))
            .collect();
        let mean = system.iter().sum::<f64>() / system.len() as f64;
        assert!(
            (0.65..=0.92).contains(&mean) && system.iter().all(|c| *c >= 0.40),
            "{name}: system coverage {system:?}"
        );
    }
}

fn row(s: &[HorizonScore]) -> String {
    s.iter()
        .map(|x| format!("{:6.2}", x.school_mape))
        .collect::<Vec<_>>()
        .join(" ")
}

fn county_row(s: &[HorizonScore]) -> String {
    s.iter()
        .map(|x| format!("{:5.2}", x.system_mape))
        .collect::<Vec<_>>()
        .join(" ")
}

fn options(origins: std::ops::RangeInclusive<i32>, skip: &[i32]) -> BacktestOptions {
    BacktestOptions {
        origins,
        horizon: 5,
        skip_years: skip.to_vec(),
        skip_targets: vec![],
    }
}

/// Eau Claire, the origins 2003–2019 with fall 2020 skipped. Every
/// candidate, each used throughout, and the default chosen at each origin:
/// school MAPE 4.13 / 5.84 / 7.55 / 8.53 / 9.79 (the best in hindsight
/// 4.10 / 5.89 / 7.54 / 8.59 / 9.75); county 1.10 / 1.69 / 2.30 / 2.82 /
/// 3.65, 0.76–0.98 × the lower of the textbook n = 3 and persistence and
/// 1.03–1.14 × the best fixed county total in hindsight.
#[test]
fn eau_claire() {
    let Some(files) = common::shared_files(
        "eau-claire",
        &["Third Friday.ods", "births.csv", "schools.csv"],
    ) else {
        return;
    };
    let e = engine_of_paths(&files);
    let t = table(&e, &options(2003..=2019, &[2020]));
    t.holds("eau-claire");
    t.covers("eau-claire", true);
    let school = [4.13, 5.84, 7.55, 8.53, 9.79];
    let county = [1.10, 1.69, 2.30, 2.82, 3.65];
    t.quoted_in_the_docs("Eau Claire, origins 2003–2019");
    for ((s, w), c) in t.default.iter().zip(school).zip(county) {
        assert!((s.school_mape - w).abs() < 0.005, "{s:?}");
        assert!((s.system_mape - c).abs() < 0.005, "{s:?}");
    }
    // The stretch: the county within 1.10 × the best fixed in hindsight at
    // one to four years, 1.14 at five.
    for h in 0..5 {
        let r = t.default[h].system_mape / t.best_county(h);
        assert!(r <= if h < 4 { 1.10 } else { 1.141 }, "h={}: {r}", h + 1);
    }
}

/// Vermont (no births), the origins 2008–2014 with fall 2020
/// skipped: entrants from their own history. The whole rule holds: county
/// 0.77 / 0.89 / 0.89 / 0.65 / 0.28 against the textbook n = 3's 0.75 /
/// 0.88 / 0.88 / 0.70 / 0.28 (1.031 / 1.020 / 1.011 / 0.928 / 0.996 ×, the
/// sum 1.000 ×; it was 1.153 × at five years before totals known at fewer
/// than three origins were chosen within the core). Three to seven origins
/// a horizon: the county ranges are not held to the coverage rule.
#[test]
fn vermont() {
    let Some(csv) = common::shared_data("vermont/enrollment.csv") else {
        return;
    };
    let e = engine_of_paths(&[csv]);
    assert!(e.births_missing());
    let t = table(&e, &options(2008..=2014, &[2020]));
    t.holds("vermont");
    t.covers("vermont", false);
    let school = [4.96, 6.63, 8.14, 9.18, 10.48];
    let county = [0.77, 0.89, 0.89, 0.65, 0.28];
    t.quoted_in_the_docs("Vermont (no births), origins 2008–2014");
    for ((s, w), c) in t.default.iter().zip(school).zip(county) {
        assert!((s.school_mape - w).abs() < 0.005, "{s:?}");
        assert!((s.system_mape - c).abs() < 0.005, "{s:?}");
    }
}

/// Indiana's statewide workbook (no births) as a planner loads it, every
/// origin the backtest takes by default (2006–2022). Schools hold the rule
/// (0.988–1.004 × persistence, the better reference at every horizon) and
/// so do the ranges. The county total **misses** it at three to five
/// years (1.135 / 1.104 / 1.116 ×, the sum 1.101 ×) through one origin:
/// at 2006 the data has one fall behind it, nothing is known to choose by,
/// and the fallback (the mean of the textbook n = 3 and persistence)
/// errs +2.4 % at three years where persistence errs +1.0 %. From 2007
/// on, the whole rule holds. (Chicago pulls the other way at its first
/// origin: docs/method.md, "The rule".)
#[test]
fn indiana() {
    let Some(xlsx) = common::shared_data("indiana/school-enrollment-grade-2006-24.xlsx") else {
        return;
    };
    let e = engine_of_paths(&[xlsx]);
    assert!(e.births_missing());
    let (first, last) = (e.observed.first_year + 1, e.observed.last_year() - 1);
    assert_eq!((first, last), (2006, 2022));
    let t = table(&e, &options(first..=last, &[]));
    t.schools_hold("indiana");
    t.covers("indiana", true);
    let r = t.rule();
    for (h, most) in r.horizons.iter().zip([1.02, 1.09, 1.14, 1.11, 1.12]) {
        assert!(h.county.ratio() <= most, "h={}: {:?}", h.h, h.county);
    }
    assert!(r.county_sum.ratio() <= 1.11, "{:?}", r.county_sum);
    assert!(!r.holds());
    let later = table(&e, &options(first + 1..=last, &[]));
    later.holds("indiana from 2007");
}

/// Chicago's eight yearly workbooks (no births), every origin by default
/// (2006–2011: six origins at one year, two at five). Schools hold the
/// rule; the county total holds it at one to four years and **misses** at
/// five (1.257 × the textbook n = 3, over two origins, one of them the
/// first, where nothing is known yet). School ranges hold 0.77–0.85 at one
/// to three years; at five no origin has a range (the first origin's
/// errors are the fallback's, not the chosen method's).
#[test]
fn chicago() {
    let names: Vec<String> = (2006..=2012)
        .map(|y| format!("membership_20th_day_{y}.xls"))
        .chain(std::iter::once("enrollment_20th_day_2013.xls".to_string()))
        .collect();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let Some(files) = common::shared_files("chicago", &names) else {
        return;
    };
    let e = engine_of_paths(&files);
    let (first, last) = (e.observed.first_year + 1, e.observed.last_year() - 1);
    let t = table(&e, &options(first..=last, &[]));
    t.schools_hold("chicago");
    // Ranges at one to three years (four to six origins): 0.85 / 0.82 /
    // 0.77; at four one origin has a range (2008: 0.74 of its schools
    // inside), at five none.
    for s in &t.default[..3] {
        let c = s.coverage80.expect("a range");
        assert!((0.75..=0.85).contains(&c), "h={}: {c}", s.h);
    }
    let r = t.rule();
    assert!(r.county_sum.holds, "{:?}", r.county_sum);
    for h in &r.horizons[..4] {
        assert!(h.county.holds, "h={}: {:?}", h.h, h.county);
    }
    assert!(r.horizons[4].county.ratio() <= 1.26, "{:?}", r.horizons[4]);
}

/// The sample county (eight falls): schools no worse than the references.
#[test]
fn sample_county() {
    let loaded = seatcast::sample::load_sample(&ImportOptions::default()).expect("sample");
    let e = Engine::new(Arc::new(loaded.dataset));
    let t = table(&e, &options(2019..=2024, &[]));
    // Eight falls: three, two and one origin at three, four and five years
    // ahead, too few county totals to choose by. The county misses the
    // rule there (1.052 / 1.684 / 2.616 × persistence, which is 1.24 /
    // 1.12 / 0.96 %, on one to three origins); schools hold it.
    t.holds_within("sample", [1.01, 1.01, 1.06, 1.69, 2.62], 1.01, 1.10);
    // Within 1.01 × docs/method.md's exact textbook too, at every horizon
    // (4.56 against 4.55 at four years, 6.07 against 6.11 at five).
    let exact = backtest(
        &e,
        &Scenario {
            method: Method::Textbook,
            robust: false,
            ..Scenario::default()
        },
        &options(2019..=2024, &[]),
    );
    for (h, (d, x)) in t.default.iter().zip(&exact).enumerate() {
        assert!(d.school_mape <= 1.01 * x.school_mape, "h={}", h + 1);
    }
}

const PLAIN: Options = Options {
    noise: 0.05,
    opening: false,
    closures: false,
    migration_shock: false,
    regime_turn: false,
    no_births: false,
    reorganised: false,
};

fn synthetic(o: Options) -> Table {
    let e = Engine::new(Arc::new(district(o, 1)));
    table(&e, &options(2003..=2019, &[]))
}

/// A trend that turns: from 2014 every school's drift reverses, so the
/// long windows that fitted stop fitting. The county holds the rule (0.71–
/// 0.92 × the references); schools are within 1.023 / 1.053 / 1.072 /
/// 1.077 / 1.087 × the best fixed candidate in hindsight (the
/// recent-weighted ratios) but **miss** the references at two, three and
/// five years: 1.021 / 1.010 / 1.013 × the textbook n = 3. The misses come
/// from the first origins and those just after the turn, where the errors
/// known then pointed the other way.
#[test]
fn a_regime_that_turns() {
    synthetic(Options {
        regime_turn: true,
        ..PLAIN
    })
    .holds_within("regime turn", [1.01; 5], 1.025, 1.10);
}

/// No births file: the entrants come from their own history. Holds the
/// rule: the county 0.93–1.00 × the references, schools 0.94–0.99 × and
/// 1.03–1.07 × the best fixed candidate in hindsight.
#[test]
fn no_births() {
    let t = synthetic(Options {
        no_births: true,
        ..PLAIN
    });
    t.holds("no births");
}

/// A school reorganised from grades 4–6 with stray pupils below into a
/// 1–6 school: no ratio compounds over the strays.
#[test]
fn a_reorganised_school_with_stray_pupils() {
    let t = synthetic(Options {
        reorganised: true,
        ..PLAIN
    });
    t.holds("reorganised");
    for (_, s) in &t.candidates {
        for x in s {
            assert!(x.system_mape < 50.0, "{s:?}");
        }
    }
}

/// Openings, closures and a migration shock together, with no births.
#[test]
fn everything_at_once() {
    synthetic(Options {
        opening: true,
        closures: true,
        migration_shock: true,
        regime_turn: true,
        no_births: true,
        reorganised: true,
        ..PLAIN
    })
    .holds("everything");
}

/// A school of grades 4–5 with one to three stray pupils in grades 1–3,
/// reorganised into a 1–5 school in fall 2013: the exact textbook's
/// ratios, taken over the strays, multiply into hundreds of pupils a
/// grade; the robust ratios leave the strays out. And a cohort that still
/// runs away (a school whose every grade doubled in the last fall) is held
/// at 3× the school's largest and reported.
#[test]
fn stray_pupils_do_not_compound_and_runaways_are_held() {
    use seatcast::grades::{Grade, GradeSpan, GradeSystem, Level};
    use seatcast::model::{Births, Dataset, Enrolment, School};
    let school = |id: &str| School {
        id: Some(id.into()),
        name: id.into(),
        level: Level::Primary,
        span: GradeSpan::new(Grade(1), Grade(5)),
        area: None,
        locale: None,
        coords: None,
        classrooms: None,
        approved_seats: None,
        feeder: None,
        opened: None,
        closed: None,
        in_roster: true,
        boarders: None,
        beds: None,
        ownership: None,
        remoteness: None,
    };
    let mut enrolment = Vec::new();
    let mut e = |school, year, grade, pupils: f64| {
        enrolment.push(Enrolment {
            school,
            year,
            grade: Grade(grade),
            pupils,
            classes: None,
        })
    };
    for year in 2010..=2012 {
        // School 0: strays in grades 1–3, real grades 4–5.
        for g in 1..=3 {
            e(0, year, g, 1.0 + f64::from((year + i32::from(g)) % 3));
        }
        e(0, year, 4, 60.0);
        e(0, year, 5, 60.0);
    }
    // Reorganised: every grade full.
    for g in 1..=5 {
        e(0, 2013, g, 60.0);
    }
    // School 1: 40 a grade, then every grade doubled in the last fall.
    for year in 2010..=2013 {
        for g in 1..=5 {
            e(1, year, g, if year == 2013 { 80.0 } else { 40.0 });
        }
    }
    enrolment.sort_by_key(|x| (x.school, x.year, x.grade));
    let births = (2000..=2013)
        .map(|year| Births {
            area: None,
            year,
            births: 600.0,
        })
        .collect();
    let d = Dataset {
        grade_system: GradeSystem::SixThreeThree,
        schools: vec![school("S0"), school("S1")],
        enrolment,
        births,
        sources: Vec::new(),
        teachers: Vec::new(),
        facilities: Vec::new(),
        boundaries: Vec::new(),
        roads: None,
    };
    let engine = Engine::new(Arc::new(d));
    let textbook = |robust| Scenario {
        method: Method::Textbook,
        window: 2,
        robust,
        horizon: 4,
        ..Scenario::default()
    };
    let (_, exact) = engine.project(&textbook(false));
    let (_, robust) = engine.project(&textbook(true));
    // Exact: grade 2 in 2013 over grade 1's 1–3 strays in 2012 gives GPR ≈ 20 and more.
    let peak = |p: &seatcast::engine::method::Projection, s| {
        (1..=4)
            .flat_map(|h| p.grades(s, h).to_vec())
            .fold(0.0, f64::max)
    };
    assert!(peak(&exact, 0) > 1000.0, "exact: {}", peak(&exact, 0));
    assert!(
        peak(&robust, 0) <= 3.0 * 60.0 + 1e-9,
        "robust: {}",
        peak(&robust, 0)
    );
    // School 1's ratios of 2 compound: 80 × 2³ = 640 in grade 5 by 2016,
    // held at 3 × 80 = 240 and reported.
    assert!(peak(&robust, 1) <= 240.0 + 1e-9);
    let b = robust
        .bounded
        .iter()
        .find(|b| b.school == 1)
        .expect("school 1 bounded");
    assert_eq!(b.bound, 240.0);
    assert!(b.projected > 240.0);
    assert!(exact.bounded.is_empty());
}

/// The projection in use sums to the county total the default chose: each
/// year, the schools' total is the chosen candidates' county totals,
/// weighted as the choice says (the reconciliation docs/method.md
/// describes), and every school of a level is scaled by the same factor.
#[test]
fn the_schools_sum_to_the_county_total_chosen() {
    let loaded = seatcast::sample::load_sample(&ImportOptions::default()).expect("sample");
    let e = Engine::new(Arc::new(loaded.dataset));
    let s = Scenario::default();
    let choice = e.choice(&s);
    let (_, p) = e.project(&s);
    let total = |p: &seatcast::engine::method::Projection, h: usize| -> f64 {
        (0..p.n_schools).map(|i| p.total(i, h)).sum()
    };
    let alone: Vec<_> = choice
        .candidates
        .iter()
        .map(|c| e.project(&c.scenario(true)).1)
        .collect();
    for h in 1..=5 {
        let pick = choice.county[h - 1].as_ref().expect("a county choice");
        // Three candidates, or the core's two where fewer than three
        // origins' county totals are known at a horizon used.
        assert!(
            pick.members.len() == 3 || pick.members.iter().all(|&c| choice.candidates[c].in_core()),
            "h={h}: {pick:?}"
        );
        let want = pick.combine(|c| total(&alone[c], h));
        let got = total(&p, h);
        assert!(
            (got - want).abs() < 1e-6 * want,
            "h={h}: {got} against {want}"
        );
    }
    // Ten years ahead the fifth year's choice stands.
    let pick = choice.county[4].as_ref().expect("a county choice");
    let want = pick.combine(|c| total(&alone[c], 10));
    assert!((total(&p, 10) - want).abs() < 1e-6 * want);
}
