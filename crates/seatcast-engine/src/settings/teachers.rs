//! The staffing norms, as data: every figure carries its source, and a
//! province's own figures replace them through the norms file
//! (`sample-data/teacher-norms.json`, written from [`Norms::default`];
//! docs/teachers.md lists the sources).

use super::retirement::RetirementRule;
use serde::{Deserialize, Serialize};

/// A figure and where it comes from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    /// The figure, in its field's unit.
    pub value: f64,
    /// Where it comes from, or that it is an unsourced default.
    pub source: String,
}

impl Figure {
    fn new(value: f64, source: &str) -> Figure {
        Figure {
            value,
            source: source.to_string(),
        }
    }
}

const NORM_2014: &str =
    "中央编办 教育部 财政部《关于统一城乡中小学教职工编制标准的通知》(中央编办发〔2014〕72号)";
const RURAL_2015: &str = "《乡村教师支持计划（2015—2020年）》(国办发〔2015〕43号): 村小、教学点按生师比与班师比相结合; the class-teacher ratio is provincial (1.5–2.0 typical); 1.7 is an unsourced default";
const SMALL_SCHOOL: &str = "unsourced default: provinces apply the class-teacher ratio to 村小 and 教学点, many below 100 pupils; set your province's threshold";
const BOARDING: &str = "中央编办发〔2014〕72号 lets boarding schools be given more staff without a national figure; provinces set one per boarder; 1 per 100 boarders is an unsourced default, set your province's";
const CURRICULUM_2022: &str = "教育部《义务教育课程方案（2022年版）》: 26 periods a week in grades 1–2, 30 in 3–6, 34 in 7–9; 35 teaching weeks (33 in grade 9); nine-year shares as ranges, midpoints used";
const LOAD_SHANXI: &str = "provincial reference (山西省): primary 语文/数学 14–16 periods a week, others 16–20; junior 语文/数学/外语 and sciences 10–12, others 12–16; midpoints used";
const HEAD_TEACHER_2009: &str = "教育部《中小学班主任工作规定》(教基一〔2009〕12号) 第十四条: 班主任工作量按当地教师标准课时工作量的一半计入";

/// Students per staff member (编制), by stage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StaffingNorms {
    /// Primary: students per staff member (19, the 2014 norm).
    pub primary: Figure,
    /// Junior: students per staff member (13.5).
    pub junior: Figure,
    /// Senior: students per staff member (12.5).
    pub senior: Figure,
    /// Small rural schools: at least classes × this.
    pub class_teacher_ratio: Figure,
    /// Below this many pupils a rural school is staffed by the larger of
    /// the two figures.
    pub small_school_pupils: Figure,
    /// Boarding schools: extra staff per 100 boarders (生活老师, 宿管).
    #[serde(default = "boarding_default")]
    pub boarding_per_100: Figure,
}

fn boarding_default() -> Figure {
    Figure::new(1.0, BOARDING)
}

impl Default for StaffingNorms {
    fn default() -> Self {
        StaffingNorms {
            primary: Figure::new(19.0, NORM_2014),
            junior: Figure::new(13.5, NORM_2014),
            senior: Figure::new(12.5, NORM_2014),
            class_teacher_ratio: Figure::new(1.7, RURAL_2015),
            small_school_pupils: Figure::new(100.0, SMALL_SCHOOL),
            boarding_per_100: boarding_default(),
        }
    }
}

/// A subject of the curriculum: its share of the nine years' periods, the
/// grades that have it, and a teacher's weekly load in it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Subject {
    /// A stable key (`chinese`, `maths`, …) for files and code.
    pub key: String,
    /// Its name in Chinese.
    pub zh: String,
    /// Its name in English.
    pub en: String,
    /// Share of the nine years' periods (0–1).
    pub share: f64,
    /// First and last compulsory grade (1–9) that has it.
    pub grades: (i8, i8),
    /// A full-time teacher's periods a week, primary and junior.
    pub load_primary: f64,
    /// The same in junior grades.
    pub load_junior: f64,
    /// Taught by whichever teachers have time to spare in their own
    /// subjects (劳动、综合实践、地方与校本 are, in most schools), before any
    /// teacher of its own is counted short.
    #[serde(default)]
    pub shared: bool,
}

/// A default subject: key, zh, en, share, grades, loads (primary, junior).
type SubjectRow = (
    &'static str,
    &'static str,
    &'static str,
    f64,
    (i8, i8),
    f64,
    f64,
);

/// The curriculum: weekly periods per grade and the subjects sharing them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Curriculum {
    /// Periods a week in grades 1 … 9.
    pub weekly: [f64; 9],
    /// Teaching weeks in grades 1 … 9.
    pub weeks: [f64; 9],
    /// The subjects, in the order of every per-subject table.
    pub subjects: Vec<Subject>,
    /// A province's own table of periods a week, `[subject][grade - 1]` in
    /// the subjects' order; None: derived from the shares.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub table: Option<Vec<[f64; 9]>>,
    /// The source of the weekly periods, the weeks and the shares.
    pub source: String,
    /// The source of the teachers' weekly loads.
    pub load_source: String,
}

impl Default for Curriculum {
    fn default() -> Self {
        // (key, zh, en, share midpoint, grades, load primary, load junior)
        let rows: [SubjectRow; 10] = [
            (
                "morality",
                "道德与法治",
                "morality and law",
                0.07,
                (1, 9),
                18.0,
                14.0,
            ),
            ("chinese", "语文", "Chinese", 0.21, (1, 9), 15.0, 11.0),
            ("maths", "数学", "mathematics", 0.14, (1, 9), 15.0, 11.0),
            (
                "foreign",
                "外语",
                "foreign language",
                0.07,
                (3, 9),
                18.0,
                11.0,
            ),
            (
                "history_geography",
                "历史、地理",
                "history and geography",
                0.035,
                (7, 9),
                18.0,
                14.0,
            ),
            (
                "science",
                "科学（物理、化学、生物）",
                "science (physics, chemistry, biology)",
                0.09,
                (1, 9),
                18.0,
                11.0,
            ),
            (
                "it",
                "信息科技",
                "information technology",
                0.02,
                (3, 8),
                18.0,
                14.0,
            ),
            (
                "pe",
                "体育与健康",
                "PE and health",
                0.105,
                (1, 9),
                18.0,
                14.0,
            ),
            ("arts", "艺术", "arts", 0.10, (1, 9), 18.0, 14.0),
            (
                "practice",
                "劳动、综合实践、地方与校本",
                "labour, practice, local and school courses",
                0.16,
                (1, 9),
                18.0,
                14.0,
            ),
        ];
        Curriculum {
            weekly: [26.0, 26.0, 30.0, 30.0, 30.0, 30.0, 34.0, 34.0, 34.0],
            weeks: [35.0, 35.0, 35.0, 35.0, 35.0, 35.0, 35.0, 35.0, 33.0],
            subjects: rows
                .iter()
                .map(|&(key, zh, en, share, grades, lp, lj)| Subject {
                    key: key.to_string(),
                    zh: zh.to_string(),
                    en: en.to_string(),
                    share,
                    grades,
                    load_primary: lp,
                    load_junior: lj,
                    shared: key == "practice",
                })
                .collect(),
            table: None,
            source: CURRICULUM_2022.to_string(),
            load_source: LOAD_SHANXI.to_string(),
        }
    }
}

impl Curriculum {
    /// Periods a week of each subject in each grade 1 … 9
    /// (`[subject][grade - 1]`), from the shares: the table whose grade
    /// totals are the weekly periods and whose nine-year subject totals
    /// (periods × weeks) are the shares of the whole, each subject only in
    /// its grades. Found by iterative proportional fitting; a province's
    /// table replaces it where one is given.
    pub fn periods(&self) -> Vec<[f64; 9]> {
        if let Some(table) = &self.table {
            let mut table = table.clone();
            table.resize(self.subjects.len(), [0.0; 9]);
            return table;
        }
        let n = self.subjects.len();
        let total: f64 = (0..9).map(|g| self.weekly[g] * self.weeks[g]).sum();
        let share_sum: f64 = self.subjects.iter().map(|s| s.share.max(0.0)).sum();
        let mut table: Vec<[f64; 9]> = self
            .subjects
            .iter()
            .map(|s| {
                let mut row = [0.0; 9];
                for (g, cell) in row.iter_mut().enumerate() {
                    let grade = g as i8 + 1;
                    if (s.grades.0..=s.grades.1).contains(&grade) && s.share > 0.0 {
                        *cell = 1.0;
                    }
                }
                row
            })
            .collect();
        if n == 0 || share_sum <= 0.0 {
            return table;
        }
        for _ in 0..500 {
            // Subject totals over nine years to their shares…
            for (s, row) in table.iter_mut().enumerate() {
                let want = self.subjects[s].share.max(0.0) / share_sum * total;
                let have: f64 = (0..9).map(|g| row[g] * self.weeks[g]).sum();
                if have > 0.0 {
                    row.iter_mut().for_each(|c| *c *= want / have);
                }
            }
            // …and each grade's periods to its weekly total.
            for g in 0..9 {
                let have: f64 = table.iter().map(|row| row[g]).sum();
                if have > 0.0 {
                    table
                        .iter_mut()
                        .for_each(|row| row[g] *= self.weekly[g] / have);
                }
            }
        }
        table
    }
}

/// Everything the teachers' stage reads besides the data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Norms {
    /// Students per staff member (编制), with the small-school and boarding rules.
    pub staffing: StaffingNorms,
    /// The curriculum: periods a week, by grade and subject, and the loads.
    pub curriculum: Curriculum,
    /// A head teacher's duty, in teaching loads per class.
    pub head_teacher_load: Figure,
    /// When a teacher retires.
    pub retirement: RetirementRule,
    /// The retirement rule's source.
    pub retirement_source: String,
    /// The census month whose school year a teacher must outlast.
    pub census_month: u32,
    /// Teacher rotation's thresholds.
    pub rotation: RotationSettings,
    /// Their source.
    pub rotation_source: String,
}

impl Default for Norms {
    fn default() -> Self {
        Norms {
            staffing: StaffingNorms::default(),
            curriculum: Curriculum::default(),
            head_teacher_load: Figure::new(0.5, HEAD_TEACHER_2009),
            retirement: RetirementRule::default(),
            retirement_source: "全国人民代表大会常务委员会关于实施渐进式延迟法定退休年龄的决定 (2024-09-13), from 2025-01-01".to_string(),
            census_month: 9,
            rotation: RotationSettings::default(),
            rotation_source: "教育部 财政部 人力资源社会保障部《关于推进县（区）域内义务教育学校校长教师交流轮岗的意见》(教师〔2014〕4号): 6 years at one school; at least 10 % of the eligible a year, 骨干 at least 20 % of those".to_string(),
        }
    }
}

/// Teacher rotation's thresholds (教师〔2014〕4号; docs/teachers.md).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RotationSettings {
    /// Years at the school by the fall that make a teacher eligible to move (6).
    pub min_years: i32,
    /// The least share of the eligible who move each year, rounded up (0.10).
    pub share: f64,
    /// The least share of 骨干 among those who move, rounded up (0.20).
    pub backbone_share: f64,
}

impl Default for RotationSettings {
    fn default() -> Self {
        RotationSettings {
            min_years: 6,
            share: 0.10,
            backbone_share: 0.20,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use seatcast_core::subjects::subject_key;

    #[test]
    fn the_default_periods_keep_the_weekly_totals_and_the_shares() {
        let c = Curriculum::default();
        let t = c.periods();
        // Each grade's periods add up to 26 / 30 / 34.
        for g in 0..9 {
            let sum: f64 = t.iter().map(|row| row[g]).sum();
            assert!((sum - c.weekly[g]).abs() < 1e-6, "grade {}: {sum}", g + 1);
        }
        // Nine years: 2×26×35 + 4×30×35 + 2×34×35 + 34×33 = 9,522 periods,
        // the plan's own total; Chinese has 21 % of them.
        let total: f64 = (0..9).map(|g| c.weekly[g] * c.weeks[g]).sum();
        assert_eq!(total, 9522.0);
        let chinese: f64 = (0..9).map(|g| t[1][g] * c.weeks[g]).sum();
        assert!((chinese - 0.21 * 9522.0).abs() < 0.5, "{chinese}");
        // No foreign language before grade 3, no history before grade 7.
        assert_eq!(t[3][0], 0.0);
        assert_eq!(t[3][1], 0.0);
        assert!(t[3][2] > 0.0);
        assert_eq!(t[4][5], 0.0);
        assert!(t[4][6] > 0.0);
    }

    #[test]
    fn a_provinces_table_replaces_the_derived_one() {
        let mut c = Curriculum::default();
        let mut table = vec![[0.0; 9]; c.subjects.len()];
        table[1] = [8.0, 8.0, 6.0, 6.0, 6.0, 6.0, 5.0, 5.0, 5.0];
        c.table = Some(table);
        assert_eq!(c.periods()[1][0], 8.0);
        assert_eq!(c.periods()[0][0], 0.0);
    }

    #[test]
    fn the_norms_file_in_sample_data_is_the_default() {
        let text = include_str!("../../../../sample-data/teacher-norms.json");
        let file: Norms = serde_json::from_str(text).expect("the norms file parses");
        assert_eq!(file, Norms::default());
    }

    #[test]
    fn roster_subjects_find_their_curriculum_subject() {
        let cases = [
            ("语文", Some("chinese")),
            ("小学数学", Some("maths")),
            ("初中英语", Some("foreign")),
            ("音乐", Some("arts")),
            ("美术", Some("arts")),
            ("物理", Some("science")),
            ("信息技术", Some("it")),
            ("思想品德", Some("morality")),
            ("道德与法治", Some("morality")),
            ("体育与健康", Some("pe")),
            ("综合实践", Some("practice")),
            ("Mathematics", Some("maths")),
            ("English", Some("foreign")),
            ("IT", Some("it")),
            ("Music", Some("arts")),
            ("Visual arts", Some("arts")),
            ("Written work", None),
            ("", None),
            ("后勤", None),
        ];
        for (text, want) in cases {
            assert_eq!(subject_key(text), want, "{text}");
        }
        // Every key names a default subject.
        let keys: Vec<String> = Curriculum::default()
            .subjects
            .into_iter()
            .map(|s| s.key)
            .collect();
        for (text, _) in cases {
            if let Some(k) = subject_key(text) {
                assert!(keys.iter().any(|key| key == k), "{k}");
            }
        }
    }

    #[test]
    fn the_shares_add_up_to_the_whole() {
        let share: f64 = Curriculum::default().subjects.iter().map(|s| s.share).sum();
        assert!((share - 1.0).abs() < 1e-9, "{share}");
    }
}
