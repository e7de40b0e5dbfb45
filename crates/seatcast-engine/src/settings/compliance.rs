//! The 优质均衡 standards as data (县域义务教育优质均衡发展督导评估办法,
//! 教督〔2017〕6号; docs/compliance.md): the seven resource indicators and
//! their thresholds, the pass rule, the limits on variation between
//! schools, class and school sizes, the scope, and the unit costs the
//! least-cost fix prices with. Every figure is a parameter with its source.

use serde::{Deserialize, Serialize};

pub const METHOD_2017: &str =
    "教育部《县域义务教育优质均衡发展督导评估办法》(教督〔2017〕6号) 第二章第五条、第六条";

/// The seven resource indicators, in the 办法's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Indicator {
    /// 每百名学生拥有高于规定学历教师数
    AboveQualification,
    /// 每百名学生拥有县级及以上骨干教师数
    Backbone,
    /// 每百名学生拥有体育、艺术（美术、音乐）专任教师数
    PeArts,
    /// 生均教学及辅助用房面积 (m²)
    Floor,
    /// 生均体育运动场馆面积 (m²)
    Sports,
    /// 生均教学仪器设备值 (元)
    Equipment,
    /// 每百名学生拥有网络多媒体教室数
    Multimedia,
}

impl Indicator {
    /// The seven, in the 办法's order (the order of every per-indicator array).
    pub const ALL: [Indicator; 7] = [
        Indicator::AboveQualification,
        Indicator::Backbone,
        Indicator::PeArts,
        Indicator::Floor,
        Indicator::Sports,
        Indicator::Equipment,
        Indicator::Multimedia,
    ];

    /// The indicator's place in ALL and in every per-indicator array.
    pub fn index(self) -> usize {
        self as usize
    }

    /// Counted per 100 pupils (else per pupil).
    pub fn per_100(self) -> bool {
        matches!(
            self,
            Indicator::AboveQualification
                | Indicator::Backbone
                | Indicator::PeArts
                | Indicator::Multimedia
        )
    }

    /// Counted in whole things (teachers, classrooms) when a fix adds them.
    pub fn whole(self) -> bool {
        self.per_100()
    }

    /// A teacher indicator (from the staff roster).
    pub fn of_teachers(self) -> bool {
        matches!(
            self,
            Indicator::AboveQualification | Indicator::Backbone | Indicator::PeArts
        )
    }
}

/// One indicator's thresholds, primary and junior.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Threshold {
    /// For primary pupils (per pupil or per 100 pupils, as the indicator counts).
    pub primary: f64,
    /// For junior pupils, likewise.
    pub junior: f64,
}

/// What a fix costs, per unit (each an unsourced default to set).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Costs {
    /// 元 per m² of teaching and auxiliary floor built.
    pub floor_m2: f64,
    /// 元 per m² of sports ground laid.
    pub sports_m2: f64,
    /// 元 per networked multimedia classroom fitted.
    pub multimedia_room: f64,
    /// 元 a year per PE or art teacher recruited.
    pub teacher_year: f64,
    /// 元 per teacher brought above the required qualification (学历提升).
    pub qualification_upgrade: f64,
    /// 元 per teacher trained to county-level 骨干.
    pub backbone_training: f64,
    /// Where the prices come from, shown beside them (the defaults: unsourced).
    pub source: String,
}

impl Default for Costs {
    fn default() -> Self {
        Costs {
            floor_m2: 3_000.0,
            sports_m2: 300.0,
            multimedia_room: 50_000.0,
            teacher_year: 100_000.0,
            qualification_upgrade: 20_000.0,
            backbone_training: 10_000.0,
            source: "unsourced defaults: school building 3,000 元/m², sports ground 300 元/m², a multimedia classroom 50,000 元, a teacher 100,000 元 a year, a qualification upgrade 20,000 元, 骨干 training 10,000 元; set your county's prices".into(),
        }
    }
}

/// Everything the compliance stage reads besides the data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ComplianceNorms {
    /// The seven thresholds, in [`Indicator::ALL`]'s order.
    pub thresholds: [Threshold; 7],
    /// A school complies with at least this many indicators met…
    pub pass_count: usize,
    /// …and the rest at least this share of their thresholds.
    pub floor_share: f64,
    /// Limits on each indicator's variation coefficient across schools.
    pub cv_primary: f64,
    /// The same limit for junior.
    pub cv_junior: f64,
    /// Largest class (pupils a class) and school.
    pub max_class_primary: f64,
    /// The largest class in junior grades (pupils a class).
    pub max_class_junior: f64,
    /// The largest school (pupils).
    pub max_school: f64,
    /// The largest nine-year, twelve-year or complete school (pupils).
    pub max_nine_year_school: f64,
    /// Teaching points (教学点) below this many pupils are out of scope.
    pub teaching_point_min: f64,
    /// The unit costs the least-cost fix prices with.
    pub costs: Costs,
    /// The standards' source, shown beside them.
    pub source: String,
}

impl Default for ComplianceNorms {
    fn default() -> Self {
        let t = |primary, junior| Threshold { primary, junior };
        ComplianceNorms {
            thresholds: [
                t(4.2, 5.3),
                t(1.0, 1.0),
                t(0.9, 0.9),
                t(4.5, 5.8),
                t(7.5, 10.2),
                t(2000.0, 2500.0),
                t(2.3, 2.4),
            ],
            pass_count: 6,
            floor_share: 0.85,
            cv_primary: 0.50,
            cv_junior: 0.45,
            max_class_primary: 45.0,
            max_class_junior: 50.0,
            max_school: 2000.0,
            max_nine_year_school: 2500.0,
            teaching_point_min: 50.0,
            costs: Costs::default(),
            source: METHOD_2017.into(),
        }
    }
}

impl ComplianceNorms {
    /// An indicator's threshold for a school with these compulsory pupils:
    /// a nine-year school's is its stages' thresholds weighted by pupils.
    pub fn threshold(&self, i: Indicator, primary: f64, junior: f64) -> f64 {
        let t = self.thresholds[i.index()];
        let n = primary + junior;
        if n <= 0.0 {
            return if junior > 0.0 { t.junior } else { t.primary };
        }
        (t.primary * primary + t.junior * junior) / n
    }
}
