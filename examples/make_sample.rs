//! Generates the bundled sample county: `cargo run --example make_sample`.
//!
//! A fictional county (某县) with a county town, 城关镇, and nine rural
//! townships. Births by township 2008–2025 follow the shape of China's
//! national curve (peak 2016–2017, about −45 % by 2023, a small rise in 2024),
//! falling faster in the rural townships. Enrolment 2018–2025 comes from a
//! cohort simulation over those births: grade progression near 0.97–1.02, rural
//! families moving to the county town every year, teaching points that send
//! their grade-3 pupils to the township's central school. School capacities are
//! set so the county shows what planners face: county-town primaries over
//! capacity now and easing, junior schools short around 2029–2031, rural
//! schools shrinking below 100 pupils.
//!
//! Deterministic: the same workbooks byte for byte on every run (fixed seed,
//! no clock). Writes sample-data/sample-county.xlsx (Chinese headers) and
//! sample-data/sample-county-en.xlsx (the same data, English headers).

// Tests, benches and examples may unwrap and run long (CODE_STYLE.md).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::too_many_lines)]

use rust_xlsxwriter::{Format, FormatAlign, Workbook, Worksheet, XlsxError};
use std::path::Path;

/// First and last published years.
const BIRTH_YEARS: std::ops::RangeInclusive<i32> = 2008..=2025;
const ENROL_YEARS: std::ops::RangeInclusive<i32> = 2018..=2025;
/// The simulation starts empty in this fall and runs past the data to set capacities.
const SIM_START: i32 = 2004;
const SIM_END: i32 = 2031;

/// Births relative to 2016, shaped like China's national births.
fn birth_index(year: i32) -> f64 {
    match year {
        ..=2007 => 0.90,
        2008 => 0.90,
        2009 => 0.89,
        2010 => 0.89,
        2011 => 0.90,
        2012 => 0.92,
        2013 => 0.92,
        2014 => 0.95,
        2015 => 0.93,
        2016 => 1.00,
        2017 => 0.97,
        2018 => 0.86,
        2019 => 0.82,
        2020 => 0.70,
        2021 => 0.63,
        2022 => 0.58,
        2023 => 0.55,
        2024 => 0.57,
        _ => 0.55,
    }
}

/// splitmix64: a small, fixed PRNG so the output never changes.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        (z >> 11) as f64 / (1u64 << 53) as f64
    }
    /// Uniform in [-1, 1).
    fn sym(&mut self) -> f64 {
        self.next() * 2.0 - 1.0
    }
}

struct Township {
    zh: &'static str,
    en: &'static str,
    /// Births in 2016.
    base: f64,
    /// Centre in km from the county town.
    x: f64,
    y: f64,
}

const TOWNSHIPS: [Township; 10] = [
    Township {
        zh: "城关镇",
        en: "Chengguan",
        base: 1350.0,
        x: 0.0,
        y: 0.0,
    },
    Township {
        zh: "青石镇",
        en: "Qingshi",
        base: 260.0,
        x: 11.0,
        y: 6.0,
    },
    Township {
        zh: "柳河乡",
        en: "Liuhe",
        base: 170.0,
        x: -9.0,
        y: 12.0,
    },
    Township {
        zh: "白沙镇",
        en: "Baisha",
        base: 240.0,
        x: -14.0,
        y: -5.0,
    },
    Township {
        zh: "龙泉乡",
        en: "Longquan",
        base: 150.0,
        x: 4.0,
        y: 18.0,
    },
    Township {
        zh: "石桥镇",
        en: "Shiqiao",
        base: 220.0,
        x: 16.0,
        y: -10.0,
    },
    Township {
        zh: "马坪乡",
        en: "Maping",
        base: 140.0,
        x: -22.0,
        y: 8.0,
    },
    Township {
        zh: "新安镇",
        en: "Xin'an",
        base: 230.0,
        x: 3.0,
        y: -17.0,
    },
    Township {
        zh: "清水乡",
        en: "Qingshui",
        base: 120.0,
        x: -19.0,
        y: -18.0,
    },
    Township {
        zh: "高岭乡",
        en: "Gaoling",
        base: 130.0,
        x: 24.0,
        y: 12.0,
    },
];

#[derive(Clone, Copy, PartialEq, Debug)]
enum Kind {
    Kindergarten,
    TownPrimary,
    Central,
    Village,
    TeachingPoint,
    Junior,
    NineYear,
    Senior,
}

impl Kind {
    fn span(self) -> (i8, i8) {
        match self {
            Kind::Kindergarten => (-2, 0),
            Kind::TownPrimary | Kind::Central | Kind::Village => (1, 6),
            Kind::TeachingPoint => (1, 3),
            Kind::Junior => (7, 9),
            Kind::NineYear => (1, 9),
            Kind::Senior => (10, 12),
        }
    }
    fn level_zh(self) -> &'static str {
        match self {
            Kind::Kindergarten => "幼儿园",
            Kind::TownPrimary | Kind::Central | Kind::Village => "小学",
            Kind::TeachingPoint => "教学点",
            Kind::Junior => "初中",
            Kind::NineYear => "九年一贯制",
            Kind::Senior => "高中",
        }
    }
    fn level_en(self) -> &'static str {
        match self {
            Kind::Kindergarten => "Kindergarten",
            Kind::TownPrimary | Kind::Central | Kind::Village => "Primary",
            Kind::TeachingPoint => "Primary (teaching point)",
            Kind::Junior => "Junior",
            Kind::NineYear => "Nine-year",
            Kind::Senior => "Senior",
        }
    }
    fn primary_entry(self) -> bool {
        matches!(
            self,
            Kind::TownPrimary
                | Kind::Central
                | Kind::Village
                | Kind::TeachingPoint
                | Kind::NineYear
        )
    }
}

struct School {
    zh: String,
    en: String,
    kind: Kind,
    township: usize,
    /// Share of the township's (or, in town, the county town's) entry cohort.
    weight: f64,
    /// Grade progression apart from noise.
    gpr: f64,
    /// Index of the junior school its grade-6 pupils go to.
    feeder: Option<usize>,
    x: f64,
    y: f64,
    classrooms: f64,
    approved: Option<f64>,
}

fn school(
    zh: &str,
    en: &str,
    kind: Kind,
    township: usize,
    weight: f64,
    dx: f64,
    dy: f64,
) -> School {
    let t = &TOWNSHIPS[township];
    let gpr = match (kind, township) {
        (Kind::Kindergarten, _) => 0.985,
        (Kind::Senior, _) => 0.985,
        (_, 0) => 1.012,
        (Kind::Junior | Kind::NineYear, _) => 0.975,
        (Kind::Central, _) => 0.972,
        _ => 0.962,
    };
    School {
        zh: zh.into(),
        en: en.into(),
        kind,
        township,
        weight,
        gpr,
        feeder: None,
        x: ((t.x + dx) * 10.0).round() / 10.0,
        y: ((t.y + dy) * 10.0).round() / 10.0,
        classrooms: 0.0,
        approved: None,
    }
}

/// The county's schools, in roster order.
fn schools() -> Vec<School> {
    use Kind::*;
    let mut v = vec![
        // County town: eight primaries, three of them the popular, crowded ones.
        school(
            "城关第一小学",
            "Chengguan No.1 Primary",
            TownPrimary,
            0,
            0.19,
            0.4,
            0.6,
        ),
        school(
            "城关第二小学",
            "Chengguan No.2 Primary",
            TownPrimary,
            0,
            0.17,
            -0.8,
            0.3,
        ),
        school(
            "县实验小学",
            "County Experimental Primary",
            TownPrimary,
            0,
            0.19,
            0.9,
            -0.5,
        ),
        school(
            "城关第三小学",
            "Chengguan No.3 Primary",
            TownPrimary,
            0,
            0.10,
            -1.6,
            -1.2,
        ),
        school(
            "城东小学",
            "Chengdong Primary",
            TownPrimary,
            0,
            0.09,
            2.6,
            0.2,
        ),
        school(
            "城西小学",
            "Chengxi Primary",
            TownPrimary,
            0,
            0.08,
            -2.9,
            0.8,
        ),
        school(
            "城南小学",
            "Chengnan Primary",
            TownPrimary,
            0,
            0.07,
            0.3,
            -2.7,
        ),
        school(
            "北关小学",
            "Beiguan Primary",
            TownPrimary,
            0,
            0.05,
            -0.2,
            2.9,
        ),
        school(
            "城关新城学校",
            "Chengguan Xincheng School",
            NineYear,
            0,
            0.06,
            3.4,
            -2.1,
        ),
        // County-town junior schools and the senior high school.
        school(
            "城关第一中学",
            "Chengguan No.1 Junior",
            Junior,
            0,
            0.38,
            0.6,
            1.3,
        ),
        school(
            "城关第二中学",
            "Chengguan No.2 Junior",
            Junior,
            0,
            0.32,
            -1.3,
            -0.4,
        ),
        school(
            "县实验中学",
            "County Experimental Junior",
            Junior,
            0,
            0.30,
            1.5,
            -1.0,
        ),
        school(
            "县第一高级中学",
            "County No.1 Senior High",
            Senior,
            0,
            1.0,
            2.0,
            2.2,
        ),
        // Kindergartens.
        school(
            "县直机关幼儿园",
            "County Agencies Kindergarten",
            Kindergarten,
            0,
            0.16,
            -0.5,
            -0.9,
        ),
        school(
            "城关中心幼儿园",
            "Chengguan Central Kindergarten",
            Kindergarten,
            0,
            0.22,
            1.1,
            1.6,
        ),
        school(
            "青石镇中心幼儿园",
            "Qingshi Central Kindergarten",
            Kindergarten,
            1,
            0.45,
            0.3,
            0.2,
        ),
    ];
    // Rural townships: a central primary, village primaries (村小) and teaching points (教学点).
    type Place = (&'static str, &'static str, Kind, f64, f64);
    let villages: [(&str, &str, &[Place]); 9] = [
        (
            "青石镇",
            "Qingshi",
            &[
                ("青石村小学", "Qingshi Village Primary", Village, 2.5, 2.0),
                ("桃园小学", "Taoyuan Primary", Village, -3.0, 1.5),
                (
                    "石门教学点",
                    "Shimen Teaching Point",
                    TeachingPoint,
                    1.0,
                    -4.0,
                ),
            ],
        ),
        (
            "柳河乡",
            "Liuhe",
            &[
                ("柳河村小学", "Liuhe Village Primary", Village, 3.0, -1.0),
                (
                    "河湾教学点",
                    "Hewan Teaching Point",
                    TeachingPoint,
                    -2.5,
                    3.0,
                ),
            ],
        ),
        (
            "白沙镇",
            "Baisha",
            &[
                ("沙岗小学", "Shagang Primary", Village, -3.5, 1.0),
                ("黄庄小学", "Huangzhuang Primary", Village, 2.0, -3.0),
                (
                    "白杨教学点",
                    "Baiyang Teaching Point",
                    TeachingPoint,
                    -1.5,
                    -4.5,
                ),
            ],
        ),
        (
            "龙泉乡",
            "Longquan",
            &[
                ("龙泉村小学", "Longquan Village Primary", Village, 2.0, 3.0),
                (
                    "上坪教学点",
                    "Shangping Teaching Point",
                    TeachingPoint,
                    -3.0,
                    2.5,
                ),
            ],
        ),
        (
            "石桥镇",
            "Shiqiao",
            &[
                ("石桥村小学", "Shiqiao Village Primary", Village, 3.0, 2.0),
                ("李家小学", "Lijia Primary", Village, -2.0, -3.0),
            ],
        ),
        (
            "马坪乡",
            "Maping",
            &[
                ("马坪村小学", "Maping Village Primary", Village, -3.0, 2.0),
                (
                    "高山教学点",
                    "Gaoshan Teaching Point",
                    TeachingPoint,
                    2.0,
                    4.0,
                ),
            ],
        ),
        (
            "新安镇",
            "Xin'an",
            &[
                ("新安村小学", "Xin'an Village Primary", Village, 3.0, -2.0),
                ("王庄小学", "Wangzhuang Primary", Village, -2.5, -2.0),
            ],
        ),
        (
            "清水乡",
            "Qingshui",
            &[
                ("清水村小学", "Qingshui Village Primary", Village, 2.0, 2.5),
                (
                    "西沟教学点",
                    "Xigou Teaching Point",
                    TeachingPoint,
                    -3.5,
                    -1.0,
                ),
            ],
        ),
        (
            "高岭乡",
            "Gaoling",
            &[
                ("高岭村小学", "Gaoling Village Primary", Village, -2.0, 3.0),
                ("岭下小学", "Lingxia Primary", Village, 3.0, -2.5),
            ],
        ),
    ];
    for (k, (zh, en, list)) in villages.iter().enumerate() {
        let t = k + 1;
        if t == 6 {
            // 马坪乡: the nine-year school is its central school.
            v.push(school(
                "马坪乡九年一贯制学校",
                "Maping Nine-year School",
                NineYear,
                t,
                0.66,
                0.0,
                0.0,
            ));
        } else {
            v.push(school(
                &format!("{zh}中心小学"),
                &format!("{en} Central Primary"),
                Central,
                t,
                0.62,
                0.0,
                0.0,
            ));
        }
        for &(vzh, ven, kind, dx, dy) in list.iter() {
            let w = if kind == TeachingPoint { 0.08 } else { 0.16 };
            v.push(school(vzh, ven, kind, t, w, dx, dy));
        }
    }
    // Rural junior schools: one per township, 马坪 and 清水 aside.
    for (t, zh, en) in [
        (1, "青石镇初级中学", "Qingshi Junior"),
        (2, "柳河乡初级中学", "Liuhe Junior"),
        (3, "白沙镇初级中学", "Baisha Junior"),
        (4, "龙泉乡初级中学", "Longquan Junior"),
        (5, "石桥镇初级中学", "Shiqiao Junior"),
        (7, "新安镇初级中学", "Xin'an Junior"),
        (9, "高岭乡初级中学", "Gaoling Junior"),
    ] {
        v.push(school(zh, en, Junior, t, 1.0, 0.8, 0.6));
    }
    // Feeders: town primaries to the three town juniors in turn; rural primaries
    // to their township's junior (清水 to 白沙, 马坪 to its nine-year school).
    let find = |v: &[School], zh: &str| v.iter().position(|s| s.zh == zh);
    let town_juniors = ["城关第一中学", "城关第二中学", "县实验中学"];
    for i in 0..v.len() {
        if !v[i].kind.primary_entry() || v[i].kind == NineYear {
            continue;
        }
        let target = match v[i].township {
            0 => find(&v, town_juniors[i % 3]),
            6 => find(&v, "马坪乡九年一贯制学校"),
            8 => find(&v, "白沙镇初级中学"),
            t => v.iter().position(|s| s.kind == Junior && s.township == t),
        };
        v[i].feeder = target;
    }
    v
}

fn births(t: usize, year: i32, rng_seed: u64) -> f64 {
    let tw = &TOWNSHIPS[t];
    let drift = if t == 0 { 0.010 } else { -0.015 };
    let trend = 1.0 + drift * f64::from(year - 2016);
    let mut rng = Rng(rng_seed ^ ((t as u64) << 32) ^ year as u64);
    let noise = 1.0 + 0.025 * rng.sym();
    (tw.base * birth_index(year) * trend * noise).round()
}

/// Share of a rural township's children who stay in its own schools at entry.
fn local_share(year: i32) -> f64 {
    (0.86 - 0.018 * f64::from(year - SIM_START)).max(0.52)
}

const G0: i8 = -2;
fn gi(g: i8) -> usize {
    (g - G0) as usize
}

/// pupils[year - SIM_START][school][grade index]
type State = Vec<[f64; 15]>;

fn simulate(schools: &[School], seed: u64) -> Vec<State> {
    let mut rng = Rng(seed);
    let n = schools.len();
    let mut history: Vec<State> = Vec::new();
    let mut prev: State = vec![[0.0; 15]; n];
    for year in SIM_START..=SIM_END {
        let mut cur: State = vec![[0.0; 15]; n];
        // 1. Every grade moves up by the school's progression, with noise.
        for (s, sc) in schools.iter().enumerate() {
            let (lo, hi) = sc.kind.span();
            for g in lo + 1..=hi {
                if g == 7 && sc.kind == Kind::Junior || g == 10 {
                    continue;
                }
                if g == 7 && sc.kind == Kind::NineYear {
                    continue;
                }
                let ratio = sc.gpr * (1.0 + 0.018 * rng.sym());
                cur[s][gi(g)] = (prev[s][gi(g - 1)] * ratio).round();
            }
        }
        // 2. Teaching points send their grade-3 pupils to the central school's grade 4.
        for (s, sc) in schools.iter().enumerate() {
            if sc.kind == Kind::TeachingPoint {
                let moving = (prev[s][gi(3)] * 0.95).round();
                if let Some(c) = schools.iter().position(|o| {
                    o.township == sc.township && matches!(o.kind, Kind::Central | Kind::NineYear)
                }) {
                    cur[c][gi(4)] += moving;
                }
            }
        }
        // 3. Primary entry from births six years before.
        let mut town_pool = births(0, year - 6, seed) * 0.97;
        let mut local_pool = [0.0; 10];
        for (t, pool) in local_pool.iter_mut().enumerate().skip(1) {
            let b = births(t, year - 6, seed);
            *pool = b * local_share(year) * 0.97;
            town_pool += b * (1.0 - local_share(year)) * 0.93;
        }
        for (s, sc) in schools.iter().enumerate() {
            if !sc.kind.primary_entry() {
                continue;
            }
            let pool = if sc.township == 0 {
                town_pool
            } else {
                local_pool[sc.township]
            };
            cur[s][gi(1)] = (pool * sc.weight * (1.0 + 0.04 * rng.sym())).round();
        }
        // 4. Junior entry: grade 6 goes to the feeder junior; some rural pupils to town.
        let town_junior: Vec<usize> = (0..n)
            .filter(|&s| schools[s].kind == Kind::Junior && schools[s].township == 0)
            .collect();
        for (s, sc) in schools.iter().enumerate() {
            let g6 = prev[s][gi(6)];
            if g6 == 0.0 {
                continue;
            }
            if sc.kind == Kind::NineYear {
                cur[s][gi(7)] += (g6 * 0.99).round();
                continue;
            }
            let to_town = if sc.township == 0 { 0.0 } else { 0.10 };
            if let Some(f) = sc.feeder {
                cur[f][gi(7)] += (g6 * 0.985 * (1.0 - to_town)).round();
            }
            for &j in &town_junior {
                cur[j][gi(7)] += (g6 * to_town * schools[j].weight).round();
            }
        }
        // 5. Senior entry: 55 % of grade 9 go on to the county's senior high school.
        let g9: f64 = (0..n).map(|s| prev[s][gi(9)]).sum();
        if let Some(sen) = schools.iter().position(|s| s.kind == Kind::Senior) {
            cur[sen][gi(10)] = (g9 * 0.55).round();
        }
        // 6. Kindergarten 小班 from births three years before.
        for (s, sc) in schools.iter().enumerate() {
            if sc.kind == Kind::Kindergarten {
                let b = births(sc.township, year - 3, seed);
                cur[s][gi(-2)] = (b * sc.weight * (1.0 + 0.04 * rng.sym())).round();
            }
        }
        history.push(cur.clone());
        prev = cur;
    }
    history
}

fn total(state: &State, s: usize) -> f64 {
    state[s].iter().sum()
}

/// Capacities that give the county its story (see the module note).
fn set_capacities(schools: &mut [School], history: &[State]) {
    let at = |year: i32| &history[(year - SIM_START) as usize];
    for (s, sc) in schools.iter_mut().enumerate() {
        let now = total(at(2025), s);
        let peak = (2018..=SIM_END)
            .map(|y| total(at(y), s))
            .fold(0.0, f64::max);
        let classes_of = |pupils: f64, size: f64| (pupils / size).ceil().max(1.0);
        sc.classrooms = match (sc.kind, sc.zh.as_str()) {
            (Kind::TownPrimary, "城关第一小学" | "城关第二小学" | "县实验小学") => {
                classes_of(now / 1.28, 45.0)
            }
            (Kind::TownPrimary, _) => classes_of(peak * 1.02, 45.0),
            (Kind::Central, _) => 18.0,
            (Kind::Village, _) => 6.0,
            (Kind::TeachingPoint, _) => 3.0,
            (Kind::Junior, _) if sc.township == 0 => classes_of(now * 1.06, 50.0),
            (Kind::Junior, _) => classes_of(peak * 1.15, 50.0).max(9.0),
            (Kind::NineYear, _) if sc.township == 0 => classes_of(now * 1.0, 47.0),
            (Kind::NineYear, _) => 27.0,
            (Kind::Senior, _) => classes_of(peak * 1.05, 50.0),
            (Kind::Kindergarten, _) => classes_of(peak * 1.1, 30.0),
        };
        if sc.kind == Kind::NineYear && sc.township == 0 {
            sc.approved = Some((sc.classrooms * 47.0 / 10.0).round() * 10.0);
        }
        if sc.kind == Kind::Senior {
            sc.approved = Some((sc.classrooms * 50.0 / 100.0).round() * 100.0);
        }
    }
}

struct Lang {
    zh: bool,
}

impl Lang {
    fn pick<'a>(&self, zh: &'a str, en: &'a str) -> &'a str {
        if self.zh { zh } else { en }
    }
}

fn grade_header(g: i8, lang: &Lang) -> String {
    let zh = [
        "小班",
        "中班",
        "大班",
        "一年级",
        "二年级",
        "三年级",
        "四年级",
        "五年级",
        "六年级",
        "七年级",
        "八年级",
        "九年级",
        "高一",
        "高二",
        "高三",
    ];
    if lang.zh {
        zh[gi(g)].to_string()
    } else {
        match g {
            -2 => "KG1".into(),
            -1 => "KG2".into(),
            0 => "KG3".into(),
            _ => format!("G{g}"),
        }
    }
}

fn write_workbook(
    path: &Path,
    schools: &[School],
    history: &[State],
    seed: u64,
    lang: &Lang,
) -> Result<(), XlsxError> {
    let mut wb = Workbook::new();
    // A fixed document date, so the workbook is the same byte for byte on every run.
    let created = rust_xlsxwriter::ExcelDateTime::from_ymd(2025, 11, 1)?;
    wb.set_properties(&rust_xlsxwriter::DocProperties::new().set_creation_datetime(&created));
    let bold = Format::new()
        .set_bold()
        .set_border(rust_xlsxwriter::FormatBorder::Thin)
        .set_background_color("#DDEBF7")
        .set_align(FormatAlign::Center);
    let title = Format::new().set_bold().set_font_size(14);
    let name = |s: &School| if lang.zh { s.zh.clone() } else { s.en.clone() };
    let code = |i: usize| format!("36{:02}{:03}", i / 100 + 1, i + 1);

    // Roster.
    let ws = wb.add_worksheet();
    ws.set_name(lang.pick("学校名册", "Schools"))?;
    ws.write_string_with_format(
        0,
        0,
        lang.pick(
            "某县中小学校、幼儿园基本情况（2025年秋季）",
            "Schools of the sample county (fall 2025)",
        ),
        &title,
    )?;
    let headers_zh = [
        "学校代码",
        "学校名称",
        "学段",
        "开设年级",
        "乡镇（街道）",
        "城乡类型",
        "X（km）",
        "Y（km）",
        "教室数",
        "核定学位",
        "对口初中",
        "寄宿生数",
    ];
    let headers_en = [
        "School ID",
        "School",
        "Level",
        "Grades",
        "Area",
        "Locale",
        "X (km)",
        "Y (km)",
        "Classrooms",
        "Capacity",
        "Feeder",
        "Boarders",
    ];
    let headers = if lang.zh { headers_zh } else { headers_en };
    for (c, h) in headers.iter().enumerate() {
        ws.write_string_with_format(2, c as u16, *h, &bold)?;
    }
    for (i, s) in schools.iter().enumerate() {
        let r = 3 + i as u32;
        let (lo, hi) = s.kind.span();
        let span = match (lo, hi) {
            (-2, 0) => lang.pick("小班-大班", "KG1-KG3").to_string(),
            _ => format!("{lo}-{hi}"),
        };
        let town = &TOWNSHIPS[s.township];
        let locale = match (s.township, s.kind) {
            (0, _) => lang.pick("城区", "Urban"),
            (_, Kind::Central | Kind::Junior | Kind::NineYear | Kind::Kindergarten) => {
                lang.pick("镇区", "Town")
            }
            _ => lang.pick("乡村", "Rural"),
        };
        ws.write_string(r, 0, code(i))?;
        ws.write_string(r, 1, name(s))?;
        ws.write_string(
            r,
            2,
            if lang.zh {
                s.kind.level_zh()
            } else {
                s.kind.level_en()
            },
        )?;
        ws.write_string(r, 3, span)?;
        ws.write_string(r, 4, if lang.zh { town.zh } else { town.en })?;
        ws.write_string(r, 5, locale)?;
        ws.write_number(r, 6, s.x)?;
        ws.write_number(r, 7, s.y)?;
        ws.write_number(r, 8, s.classrooms)?;
        if let Some(a) = s.approved {
            ws.write_number(r, 9, a)?;
        }
        if let Some(f) = s.feeder {
            ws.write_string(r, 10, name(&schools[f]))?;
        }
        // Rural junior and nine-year schools board the pupils from far
        // villages (about 45 %); central primaries board a few (15 %).
        let share = match (s.township, s.kind) {
            (0, _) => 0.0,
            (_, Kind::Junior | Kind::NineYear) => 0.45,
            (_, Kind::Central) => 0.15,
            _ => 0.0,
        };
        if share > 0.0 {
            let now = &history[(2025 - SIM_START) as usize][i];
            ws.write_number(r, 11, (now.iter().sum::<f64>() * share).round())?;
        }
    }
    for (c, w) in [
        11.0, 26.0, 12.0, 10.0, 12.0, 9.0, 8.0, 8.0, 8.0, 10.0, 24.0, 9.0,
    ]
    .iter()
    .enumerate()
    {
        ws.set_column_width(c as u16, *w)?;
    }
    ws.set_freeze_panes(3, 2)?;

    // Enrolment: one sheet per fall, a column per grade, a total column and a county total row.
    for year in ENROL_YEARS.rev() {
        let state = &history[(year - SIM_START) as usize];
        let ws = wb.add_worksheet();
        ws.set_name(if lang.zh {
            format!("{year}年秋季")
        } else {
            format!("Fall {year}")
        })?;
        let heading = if lang.zh {
            format!("某县{year}—{}学年中小学、幼儿园在校生数（人）", year + 1)
        } else {
            format!(
                "Pupils by school and grade, school year {year}-{}",
                (year + 1) % 100
            )
        };
        ws.write_string_with_format(0, 0, heading, &title)?;
        ws.write_string(
            1,
            0,
            lang.pick(
                "填报单位：县教育局计划财务股",
                "Source: county education bureau, planning office",
            ),
        )?;
        write_enrolment_sheet(ws, schools, state, lang, &bold, &name, &code)?;
    }

    // Births: a row per township, a column per year.
    let ws = wb.add_worksheet();
    ws.set_name(lang.pick("出生人口", "Births"))?;
    ws.write_string_with_format(
        0,
        0,
        lang.pick(
            "各乡镇（街道）出生人口（人），2008—2025年",
            "Births by area, 2008-2025",
        ),
        &title,
    )?;
    ws.write_string_with_format(1, 0, lang.pick("乡镇（街道）", "Area"), &bold)?;
    for (c, y) in BIRTH_YEARS.enumerate() {
        let label = if lang.zh {
            format!("{y}年")
        } else {
            y.to_string()
        };
        ws.write_string_with_format(1, 1 + c as u16, label, &bold)?;
    }
    for (t, town) in TOWNSHIPS.iter().enumerate() {
        ws.write_string(2 + t as u32, 0, lang.pick(town.zh, town.en))?;
        for (c, y) in BIRTH_YEARS.enumerate() {
            ws.write_number(2 + t as u32, 1 + c as u16, births(t, y, seed))?;
        }
    }
    ws.set_column_width(0, 14)?;
    ws.set_freeze_panes(2, 1)?;

    // Staff (教职工花名册), fall 2025.
    let ws = wb.add_worksheet();
    ws.set_name(lang.pick("教职工花名册", "Staff"))?;
    ws.write_string_with_format(
        0,
        0,
        lang.pick(
            "某县中小学、幼儿园教职工花名册（2025年秋季）",
            "Staff of the sample county's schools (fall 2025)",
        ),
        &title,
    )?;
    let headers = if lang.zh {
        [
            "学校代码",
            "学校名称",
            "工号",
            "姓名",
            "性别",
            "出生年月",
            "任教学科",
            "岗位类别",
            "编制情况",
            "骨干级别",
            "到校年份",
            "最高学历",
        ]
    } else {
        [
            "School ID",
            "School",
            "Staff ID",
            "Teacher name",
            "Sex",
            "Date of birth",
            "Subject",
            "Post",
            "Establishment",
            "Backbone",
            "Year joined",
            "Qualification",
        ]
    };
    for (c, h) in headers.iter().enumerate() {
        ws.write_string_with_format(2, c as u16, *h, &bold)?;
    }
    let state = &history[(2025 - SIM_START) as usize];
    for (r, (i, st)) in (3u32..).zip(staff(schools, state, seed).iter().enumerate()) {
        let sch = &schools[st.school];
        ws.write_string(r, 0, code(st.school))?;
        ws.write_string(r, 1, name(sch))?;
        ws.write_string(r, 2, format!("T{:04}", i + 1))?;
        ws.write_string(
            r,
            3,
            format!("{}{:04}", lang.pick("教师", "Teacher "), i + 1),
        )?;
        ws.write_string(
            r,
            4,
            if st.female {
                lang.pick("女", "F")
            } else {
                lang.pick("男", "M")
            },
        )?;
        ws.write_string(
            r,
            5,
            if lang.zh {
                format!("{}年{}月", st.born.0, st.born.1)
            } else {
                format!("{}-{:02}", st.born.0, st.born.1)
            },
        )?;
        if let Some(subject) = st.subject {
            ws.write_string(r, 6, if lang.zh { subject.0 } else { subject.1 })?;
        }
        let post = match st.post {
            0 => lang.pick("专任教师", "Teacher"),
            1 => lang.pick("行政人员", "Admin"),
            2 => lang.pick("教辅人员", "Support"),
            _ => lang.pick("工勤人员", "Worker"),
        };
        ws.write_string(r, 7, post)?;
        let est = match st.establishment {
            0 => lang.pick("在编", "Permanent"),
            1 => lang.pick("非在编", "Contract"),
            _ => lang.pick("临聘", "Temporary"),
        };
        ws.write_string(r, 8, est)?;
        if st.backbone {
            ws.write_string(r, 9, lang.pick("县级", "County"))?;
        }
        ws.write_number(r, 10, f64::from(st.arrived))?;
        let q = match st.qualification {
            0 => lang.pick("中专", "Secondary"),
            1 => lang.pick("大专", "Associate"),
            2 => lang.pick("本科", "Bachelor"),
            _ => lang.pick("硕士研究生", "Master"),
        };
        ws.write_string(r, 11, q)?;
    }
    ws.set_column_width(1, 26)?;
    ws.set_freeze_panes(3, 2)?;

    // Facilities (办学条件), fall 2025: town schools crowded (short of floor
    // and sports ground per pupil), village schools roomy per pupil.
    let ws = wb.add_worksheet();
    ws.set_name(lang.pick("办学条件", "Facilities"))?;
    ws.write_string_with_format(
        0,
        0,
        lang.pick(
            "某县义务教育学校办学条件（2025年）",
            "Facilities of the sample county's compulsory schools (2025)",
        ),
        &title,
    )?;
    let headers = if lang.zh {
        [
            "学校代码",
            "学校名称",
            "教学及辅助用房面积（m²）",
            "体育运动场馆面积（m²）",
            "教学仪器设备值（万元）",
            "网络多媒体教室数",
        ]
    } else {
        [
            "School ID",
            "School",
            "Floor area (m²)",
            "Sports ground area (m²)",
            "Equipment value",
            "Multimedia classrooms",
        ]
    };
    for (c, h) in headers.iter().enumerate() {
        ws.write_string_with_format(2, c as u16, *h, &bold)?;
    }
    let mut r = 3u32;
    for (i, f) in facilities(schools, state, seed).into_iter().enumerate() {
        let Some(f) = f else { continue };
        ws.write_string(r, 0, code(i))?;
        ws.write_string(r, 1, name(&schools[i]))?;
        ws.write_number(r, 2, f.0)?;
        ws.write_number(r, 3, f.1)?;
        // The Chinese sheet states 万元, the English one 元.
        ws.write_number(r, 4, if lang.zh { f.2 / 10_000.0 } else { f.2 })?;
        ws.write_number(r, 5, f.3)?;
        r += 1;
    }
    ws.set_column_width(1, 26)?;
    for c in 2..6 {
        ws.set_column_width(c, 16)?;
    }
    ws.set_freeze_panes(3, 2)?;
    let bytes = wb.save_to_buffer()?;
    std::fs::write(path, bytes).map_err(XlsxError::IoError)
}

/// Each compulsory school's floor (m²), sports ground (m²), equipment
/// (元) and multimedia classrooms; None for kindergartens and the senior
/// school. Town schools were built for fewer pupils than they have; village
/// schools for more.
fn facilities(schools: &[School], state: &State, seed: u64) -> Vec<Option<(f64, f64, f64, f64)>> {
    let mut rng = Rng(seed ^ 0xFAC1_1175);
    schools
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let (lo, hi) = s.kind.span();
            if hi < 1 || lo > 9 {
                return None;
            }
            let pupils: f64 = (lo.max(1)..=hi.min(9)).map(|g| state[i][gi(g)]).sum();
            let junior = lo >= 7;
            let town = s.township == 0;
            let village = matches!(s.kind, Kind::Village | Kind::TeachingPoint);
            // m² a pupil: the standard is 4.5 / 5.8 (floor), 7.5 / 10.2 (sports).
            let (floor, sports) = match (town, village) {
                (true, _) => (3.7 + 0.9 * rng.next(), 4.2 + 2.6 * rng.next()),
                (_, true) => (7.0 + 6.0 * rng.next(), 14.0 + 16.0 * rng.next()),
                _ => (4.8 + 1.8 * rng.next(), 8.0 + 4.0 * rng.next()),
            };
            let scale = if junior { 1.3 } else { 1.0 };
            let equipment = (2_100.0 + 1_400.0 * rng.next()) * if junior { 1.25 } else { 1.0 };
            let rooms = s.classrooms + (1.0 + 2.0 * rng.next()).floor();
            Some((
                (floor * scale * pupils).round(),
                (sports * scale * pupils).round(),
                (equipment * pupils / 1000.0).round() * 1000.0,
                rooms,
            ))
        })
        .collect()
}

/// One member of staff of the sample county.
struct Staff {
    school: usize,
    female: bool,
    born: (i32, u32),
    /// (Chinese, English) subject taught; None for kindergarten teachers and
    /// staff who teach none.
    subject: Option<(&'static str, &'static str)>,
    /// 0 teaching, 1 admin, 2 support, 3 worker.
    post: u8,
    /// 0 on the establishment, 1 contract, 2 temporary.
    establishment: u8,
    backbone: bool,
    arrived: i32,
    /// 0 中专, 1 大专, 2 本科, 3 硕士.
    qualification: u8,
}

type SubjectWeights = [((&'static str, &'static str), f64, f64)];

/// Primary subjects with their shares of teachers, (county town, village).
const PRIMARY_SUBJECTS: &SubjectWeights = &[
    (("语文", "Chinese"), 0.29, 0.41),
    (("数学", "Mathematics"), 0.23, 0.33),
    (("英语", "English"), 0.10, 0.04),
    (("科学", "Science"), 0.07, 0.05),
    (("道德与法治", "Morality and law"), 0.05, 0.06),
    (("体育", "PE"), 0.09, 0.04),
    (("音乐", "Music"), 0.06, 0.02),
    (("美术", "Art"), 0.05, 0.02),
    (("信息技术", "IT"), 0.03, 0.01),
    (("综合实践", "Practice"), 0.03, 0.02),
];

/// Junior and senior subjects, (county town, village).
const SECONDARY_SUBJECTS: &SubjectWeights = &[
    (("语文", "Chinese"), 0.17, 0.21),
    (("数学", "Mathematics"), 0.17, 0.21),
    (("英语", "English"), 0.15, 0.13),
    (("物理", "Physics"), 0.08, 0.08),
    (("化学", "Chemistry"), 0.05, 0.05),
    (("生物", "Biology"), 0.05, 0.05),
    (("道德与法治", "Morality and law"), 0.06, 0.07),
    (("历史", "History"), 0.06, 0.07),
    (("地理", "Geography"), 0.05, 0.05),
    (("体育", "PE"), 0.07, 0.04),
    (("音乐", "Music"), 0.03, 0.01),
    (("美术", "Art"), 0.03, 0.01),
    (("信息技术", "IT"), 0.03, 0.02),
];

fn pick_subject(rng: &mut Rng, table: &SubjectWeights, town: bool) -> (&'static str, &'static str) {
    let total: f64 = table
        .iter()
        .map(|(_, t, v)| if town { *t } else { *v })
        .sum();
    let mut x = rng.next() * total;
    for (s, t, v) in table {
        x -= if town { *t } else { *v };
        if x < 0.0 {
            return *s;
        }
    }
    table[0].0
}

/// The staff of every school in fall 2025, shaped like the bureaus' reports:
/// the county in total over its 2014 norm (the county town most), village
/// schools with older teachers and few English, music, PE, art and IT
/// teachers, Chinese and mathematics over in the town.
fn staff(schools: &[School], state: &State, seed: u64) -> Vec<Staff> {
    let mut rng = Rng(seed ^ 0x5EED_5747);
    let mut out = Vec::new();
    for (i, s) in schools.iter().enumerate() {
        let pupils = |lo: i8, hi: i8| -> f64 { (lo..=hi).map(|g| state[i][gi(g)]).sum() };
        let (lo, hi) = s.kind.span();
        let town = s.township == 0;
        let village = matches!(s.kind, Kind::Village | Kind::TeachingPoint);
        let norm = pupils(lo.max(1), hi.min(6)) / 19.0
            + pupils(lo.max(7), hi.min(9)) / 13.5
            + pupils(lo.max(10), hi.min(12)) / 12.5
            + pupils(lo.min(0), hi.min(0)) / 12.0;
        let classes: f64 = (lo..=hi).map(|g| (state[i][gi(g)] / 45.0).ceil()).sum();
        let need = if village {
            norm.max(classes * 1.7)
        } else {
            norm
        };
        // Staff of every post and status per norm post: 总量 a little over.
        let factor = if town {
            1.20
        } else if village {
            1.08
        } else {
            1.14
        };
        let n = ((need * factor).round() as usize).max(2);
        for _ in 0..n {
            let post = match rng.next() {
                x if x < 0.88 => 0,
                x if x < 0.93 => 1,
                x if x < 0.96 => 2,
                _ => 3,
            };
            let female = rng.next() < if village { 0.55 } else { 0.72 };
            // Nobody on a fall-2025 roster has reached retirement: men are
            // born from 1966, women from 1971 (workers from 1976). Village
            // teachers are older: half born in the first eleven years.
            let first = match (female, post) {
                (false, _) => 1966,
                (true, 3) => 1976,
                (true, _) => 1971,
            };
            let year = if village && rng.next() < 0.5 {
                first + (rng.next() * 11.0) as i32
            } else {
                first + (rng.next() * (2002 - first) as f64) as i32
            };
            let month = 1 + (rng.next() * 12.0) as u32;
            let subject = match (post, s.kind) {
                (0, Kind::Kindergarten) | (1..=3, _) => None,
                (0, Kind::Junior | Kind::Senior) => {
                    Some(pick_subject(&mut rng, SECONDARY_SUBJECTS, town))
                }
                (0, Kind::NineYear) if rng.next() < 0.4 => {
                    Some(pick_subject(&mut rng, SECONDARY_SUBJECTS, town))
                }
                _ => Some(pick_subject(&mut rng, PRIMARY_SUBJECTS, town)),
            };
            let establishment = match rng.next() {
                x if x < if village { 0.80 } else { 0.88 } => 0,
                x if x < 0.95 => 1,
                _ => 2,
            };
            out.push(Staff {
                school: i,
                female,
                born: (year.min(2001), month),
                subject,
                post,
                establishment,
                backbone: post == 0
                    && rng.next()
                        < if town {
                            0.25
                        } else if village {
                            0.15
                        } else {
                            0.22
                        },
                arrived: (year + 23 + (rng.next() * 20.0) as i32).min(2025),
                qualification: {
                    // A stream of its own, so the rest of the roster stays
                    // as it was: older and village teachers hold lower
                    // qualifications.
                    let mut q = Rng(seed ^ 0x0A11_F1ED ^ (out.len() as u64).wrapping_mul(0x9E37));
                    let x = q.next()
                        - if year < 1976 { 0.25 } else { 0.0 }
                        - if village { 0.15 } else { 0.0 };
                    match x {
                        x if x < 0.08 => 0,
                        x if x < 0.35 => 1,
                        x if x < 0.95 => 2,
                        _ => 3,
                    }
                },
            });
        }
    }
    out
}

fn write_enrolment_sheet(
    ws: &mut Worksheet,
    schools: &[School],
    state: &State,
    lang: &Lang,
    bold: &Format,
    name: &dyn Fn(&School) -> String,
    code: &dyn Fn(usize) -> String,
) -> Result<(), XlsxError> {
    let grades: Vec<i8> = (-2..=12).collect();
    ws.write_string_with_format(3, 0, lang.pick("学校代码", "School ID"), bold)?;
    ws.write_string_with_format(3, 1, lang.pick("学校名称", "School"), bold)?;
    for (c, g) in grades.iter().enumerate() {
        ws.write_string_with_format(3, 2 + c as u16, grade_header(*g, lang), bold)?;
    }
    let total_col = 2 + grades.len() as u16;
    ws.write_string_with_format(3, total_col, lang.pick("合计", "Total"), bold)?;
    let mut county = vec![0.0; grades.len()];
    for (i, s) in schools.iter().enumerate() {
        let r = 4 + i as u32;
        ws.write_string(r, 0, code(i))?;
        ws.write_string(r, 1, name(s))?;
        let (lo, hi) = s.kind.span();
        let mut sum = 0.0;
        for (c, g) in grades.iter().enumerate() {
            if (lo..=hi).contains(g) {
                let v = state[i][gi(*g)];
                ws.write_number(r, 2 + c as u16, v)?;
                county[c] += v;
                sum += v;
            }
        }
        ws.write_number(r, total_col, sum)?;
    }
    let r = 4 + schools.len() as u32;
    ws.write_string_with_format(r, 1, lang.pick("全县合计", "County total"), bold)?;
    for (c, v) in county.iter().enumerate() {
        ws.write_number(r, 2 + c as u16, *v)?;
    }
    ws.write_number(r, total_col, county.iter().sum::<f64>())?;
    ws.set_column_width(1, 26)?;
    ws.set_freeze_panes(4, 2)?;
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let seed = 20_251_122;
    let mut schools = schools();
    let history = simulate(&schools, seed);
    set_capacities(&mut schools, &history);
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data");
    std::fs::create_dir_all(&dir)?;
    write_workbook(
        &dir.join("sample-county.xlsx"),
        &schools,
        &history,
        seed,
        &Lang { zh: true },
    )?;
    write_workbook(
        &dir.join("sample-county-en.xlsx"),
        &schools,
        &history,
        seed,
        &Lang { zh: false },
    )?;
    // A short account of what was written, to read against the module note.
    for year in [2018, 2025, 2030] {
        let st = &history[(year - SIM_START) as usize];
        let by = |k: &dyn Fn(&School) -> bool| -> f64 {
            (0..schools.len())
                .filter(|&s| k(&schools[s]))
                .map(|s| total(st, s))
                .sum()
        };
        println!(
            "{year}: primary {:.0}, junior {:.0}, all {:.0}",
            by(&|s| s.kind.primary_entry() && s.kind != Kind::NineYear),
            by(&|s| s.kind == Kind::Junior),
            by(&|_| true)
        );
    }
    let st = &history[(2025 - SIM_START) as usize];
    for (i, s) in schools.iter().enumerate() {
        let cap = s.approved.unwrap_or(
            s.classrooms
                * if matches!(s.kind, Kind::Junior | Kind::Senior) {
                    50.0
                } else if s.kind == Kind::Kindergarten {
                    30.0
                } else {
                    45.0
                },
        );
        let peak = (2018..=SIM_END)
            .map(|y| (y, total(&history[(y - SIM_START) as usize], i)))
            .fold((0, 0.0), |a, b| if b.1 > a.1 { b } else { a });
        println!(
            "{:<14} {:>5.0} cap {:>5.0} peak {:.0} in {}",
            s.zh,
            total(st, i),
            cap,
            peak.1,
            peak.0
        );
    }
    Ok(())
}
