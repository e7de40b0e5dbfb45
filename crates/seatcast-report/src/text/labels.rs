//! The engine's labels and messages in the planner's language. The engine
//! decides and never takes a language (ARCHITECTURE.md); each type it
//! returns that a planner reads gets its words here, as a small trait the
//! views, exports and CLI import (`use crate::text::labels::*`).

use seatcast_core::i18n::Lang;
use seatcast_engine::EngineError;
use seatcast_engine::accuracy::Reference;
use seatcast_engine::compliance::Indicator;
use seatcast_engine::outcome::Flags;
use seatcast_engine::plan::ActionError;
use seatcast_engine::scenario::{BirthsVariant, Candidate, EntrantRule, Estimator, Method};
use seatcast_engine::teachers::Curriculum;

/// A name for a choice the planner makes (a method, an entrant rule, a
/// births variant).
pub trait Label {
    /// The name in this language.
    fn label(self, lang: Lang) -> &'static str;
}

/// A candidate method's name, with its entrant rule where it matters.
pub trait CandidateLabel {
    /// The name; `with_entrants` adds the entrant rule.
    fn label(self, lang: Lang, with_entrants: bool) -> String;
}

/// The name of a method shown beside the one in use.
pub trait ReferenceLabel {
    /// The name in this language.
    fn label(self, lang: Lang) -> String;
}

/// One sentence for the planner about what went wrong.
pub trait Message {
    /// The sentence in this language.
    fn message(&self, lang: Lang) -> String;
}

/// A school-year's flags as planners write them.
pub trait FlagLabels {
    /// Each flag raised, in words.
    fn labels(self, lang: Lang) -> Vec<&'static str>;
}

/// A subject's name in a language.
pub trait SubjectName {
    /// The subject `key` names, in this language (the key itself where unknown).
    fn name(&self, key: &str, lang: Lang) -> String;
}

/// The 优质均衡 indicators' names and units.
pub trait IndicatorWords {
    /// The indicator's full name.
    fn name(self, lang: Lang) -> &'static str;
    /// Its short name, for table headers.
    fn short(self, lang: Lang) -> &'static str;
    /// The unit its value is in.
    fn unit(self, lang: Lang) -> &'static str;
    /// The unit a fix of it is counted in.
    fn fix_unit(self, lang: Lang) -> &'static str;
}

impl Label for Method {
    /// The method's name in reports and the app.
    fn label(self, lang: Lang) -> &'static str {
        match self {
            Method::Auto => lang.pick(
                "自动（按本数据回测误差选择）",
                "auto (chosen by this data's backtest)",
            ),
            Method::Pooled => lang.pick(
                "合并比率法（近 12 年比率按人数加权）",
                "pooled ratios (last 12 falls, weighted by pupils)",
            ),
            Method::Textbook => lang.pick(
                "年级升级比率法（教科书）",
                "grade progression ratios (textbook)",
            ),
            Method::Persistence => lang.pick("维持现状", "persistence"),
        }
    }
}

impl Label for EntrantRule {
    fn label(self, lang: Lang) -> &'static str {
        match self {
            EntrantRule::Level => lang.pick("近三年平均", "the last three falls' mean"),
            EntrantRule::Trend => lang.pick(
                "近五年趋势（逐年减弱）",
                "the last five falls' damped trend",
            ),
        }
    }
}

impl Label for BirthsVariant {
    fn label(self, lang: Lang) -> &'static str {
        match self {
            BirthsVariant::Low => lang.pick("低方案（出生每年 −5%）", "low (births −5 % a year)"),
            BirthsVariant::Medium => lang.pick("中方案（按外推）", "medium (extrapolated)"),
            BirthsVariant::High => lang.pick("高方案（出生每年 +5%）", "high (births +5 % a year)"),
        }
    }
}

impl CandidateLabel for Candidate {
    /// `textbook n=3 mean`, `pooled`, `persistence`; with the entrant rule where it matters.
    fn label(self, lang: Lang, with_entrants: bool) -> String {
        let est = |e: Estimator| match (e, lang) {
            (Estimator::Mean, Lang::Zh) => "平均",
            (Estimator::Mean, Lang::En) => "mean",
            (Estimator::Weighted, Lang::Zh) => "加权",
            (Estimator::Weighted, Lang::En) => "weighted",
            (Estimator::Median, Lang::Zh) => "中位数",
            (Estimator::Median, Lang::En) => "median",
            (Estimator::Recent, Lang::Zh) => "近年加权",
            (Estimator::Recent, Lang::En) => "recent-weighted",
        };
        let base = match (self.method, lang) {
            (Method::Textbook, _) if self.estimator == Estimator::Recent => match lang {
                Lang::Zh => format!("近 {} 年比率（越近越重）", self.window),
                Lang::En => format!("recent-weighted, {} falls", self.window),
            },
            (Method::Textbook, Lang::Zh) => {
                format!("教科书 n={} {}", self.window, est(self.estimator))
            }
            (Method::Textbook, Lang::En) => {
                format!("textbook n={} {}", self.window, est(self.estimator))
            }
            (Method::Pooled, Lang::Zh) => "合并 12 年".to_string(),
            (Method::Pooled, Lang::En) => "pooled".to_string(),
            (Method::Persistence, Lang::Zh) => "维持现状".to_string(),
            (Method::Persistence, Lang::En) => "persistence".to_string(),
            (Method::Auto, _) => self.method.label(lang).to_string(),
        };
        if with_entrants && self.method != Method::Persistence {
            let e = match (self.entrants, lang) {
                (EntrantRule::Level, Lang::Zh) => "·入学按近年平均",
                (EntrantRule::Level, Lang::En) => ", entrants level",
                (EntrantRule::Trend, Lang::Zh) => "·入学按趋势",
                (EntrantRule::Trend, Lang::En) => ", entrants trend",
            };
            format!("{base}{e}")
        } else {
            base
        }
    }
}

impl ReferenceLabel for Reference {
    fn label(self, lang: Lang) -> String {
        match self {
            Reference::Default => Method::Auto.label(lang).to_string(),
            Reference::Candidate(c) => c.label(lang, false),
        }
    }
}

impl Message for EngineError {
    /// One sentence for the planner.
    fn message(&self, lang: Lang) -> String {
        match self {
            EngineError::Action(e) => e.message(lang),
            EngineError::Table(e) => e.to_string(),
        }
    }
}

impl Message for ActionError {
    /// One sentence for the planner: which action, what is wrong, what to do.
    fn message(&self, lang: Lang) -> String {
        use seatcast_engine::plan::ActionProblem::*;
        let zh = lang == Lang::Zh;
        let what = match &self.kind {
            UnknownSchool { key } => match zh {
                true => format!("找不到学校“{key}”：请写学校名册中的校名或学校代码"),
                false => format!("no school \"{key}\": use a name or code from the school roster"),
            },
            NoReceiver => lang
                .pick(
                    "撤并需要至少一所接收学校",
                    "a merge needs at least one receiving school",
                )
                .into(),
            AlreadyMerged { school, year } => match zh {
                true => format!("{school} 已于 {year} 年秋撤并，不能再次撤并"),
                false => format!("{school} is already merged from fall {year}"),
            },
            ReceiverMerged { school, year } => match zh {
                true => format!("{school} 已于 {year} 年秋撤并，请并入一所仍开办的学校"),
                false => format!(
                    "{school} is merged from fall {year}: merge into a school that stays open"
                ),
            },
            IntoItself { school } => match zh {
                true => format!("{school} 不能并入自身"),
                false => format!("{school} cannot be merged into itself"),
            },
            GradesUncovered { school } => match zh {
                true => format!(
                    "{school} 的年级与接收学校的年级对不上：撤并时每个年级须有学校接收，改为教学点时保留的年级不能分出"
                ),
                false => format!(
                    "{school}'s grades and its receivers' do not match: a merge must send every grade somewhere, a downgrade may not send a grade it keeps"
                ),
            },
            BadShare { school } => match zh {
                true => format!("接收比例须为正数（{school}）"),
                false => format!("the share for {school} must be above 0"),
            },
            BadExpansion => lang
                .pick(
                    "扩建须给出正的教室数或学位数",
                    "an expansion needs a positive number of classrooms or seats",
                )
                .into(),
            NewSchoolMissing { name } => match zh {
                true => format!("新学校“{name}”未加入数据"),
                false => format!("the new school \"{name}\" is not in the dataset"),
            },
            BadEntryShare => lang
                .pick(
                    "招生比例须在 0 到 1 之间（如 0.3 表示 30%）",
                    "the entry share must be between 0 and 1 (0.3 is 30 %)",
                )
                .into(),
            NoDonors => lang
                .pick(
                    "新学校须写明从哪些学校分流生源",
                    "a new school needs the schools whose entrants it takes",
                )
                .into(),
            BadEntryPct => lang
                .pick(
                    "招生比例须为非负百分数",
                    "the entry share must be a percentage of 0 or more",
                )
                .into(),
            SpanDropsGrades { school } => match zh {
                true => format!("{school} 的新学段须包含现有的所有年级"),
                false => {
                    format!("the new grades of {school} must include every grade it teaches now")
                }
            },
            BadHousing => match zh {
                true => "住宅户数、入住年限和每百户学生数须为 0 或正数".into(),
                false => "the dwellings, the years to fill and the pupils per 100 dwellings must be 0 or more".into(),
            },
            BadResources => match zh {
                true => "新增的面积、设备值、教室数和教师数须为 0 或正数".into(),
                false => {
                    "the floor, equipment, classrooms and teachers added must be 0 or more".into()
                }
            },
        };
        match lang {
            Lang::Zh => format!("第 {} 项措施：{what}", self.number),
            Lang::En => format!("action {}: {what}", self.number),
        }
    }
}

impl FlagLabels for Flags {
    /// The flag names as planners write them, strongest class-size flag only.
    fn labels(self, lang: Lang) -> Vec<&'static str> {
        let mut out = Vec::new();
        if self.super_oversized_class {
            out.push(lang.pick("超大班额", "super-oversized classes"));
        } else if self.oversized_class {
            out.push(lang.pick("大班额", "oversized classes"));
        }
        if self.large_school {
            out.push(lang.pick("大校额", "oversized school"));
        }
        if self.small_school {
            out.push(lang.pick("小规模", "small school"));
        }
        out
    }
}

impl SubjectName for Curriculum {
    /// A subject's name in a language, by its key (the key itself when
    /// the curriculum has no such subject).
    fn name(&self, key: &str, lang: Lang) -> String {
        self.subjects
            .iter()
            .find(|s| s.key == key)
            .map_or_else(|| key.to_string(), |s| lang.pick(&s.zh, &s.en).to_string())
    }
}

impl IndicatorWords for Indicator {
    /// The indicator as the 办法 names it.
    fn name(self, lang: Lang) -> &'static str {
        match self {
            Indicator::AboveQualification => lang.pick(
                "每百名学生高于规定学历教师数",
                "Teachers above the required qualification per 100 pupils",
            ),
            Indicator::Backbone => lang.pick(
                "每百名学生县级以上骨干教师数",
                "骨干 teachers (county level up) per 100 pupils",
            ),
            Indicator::PeArts => lang.pick(
                "每百名学生体育、艺术专任教师数",
                "PE and art teachers per 100 pupils",
            ),
            Indicator::Floor => lang.pick(
                "生均教学及辅助用房面积",
                "Teaching and auxiliary floor area per pupil",
            ),
            Indicator::Sports => lang.pick("生均体育运动场馆面积", "Sports ground area per pupil"),
            Indicator::Equipment => {
                lang.pick("生均教学仪器设备值", "Teaching equipment value per pupil")
            }
            Indicator::Multimedia => lang.pick(
                "每百名学生网络多媒体教室数",
                "Networked multimedia classrooms per 100 pupils",
            ),
        }
    }
    /// A short name for table headers.
    fn short(self, lang: Lang) -> &'static str {
        match self {
            Indicator::AboveQualification => lang.pick("高学历教师", "Qualified"),
            Indicator::Backbone => lang.pick("骨干教师", "骨干"),
            Indicator::PeArts => lang.pick("体艺教师", "PE & art"),
            Indicator::Floor => lang.pick("校舍面积", "Floor"),
            Indicator::Sports => lang.pick("运动场馆", "Sports"),
            Indicator::Equipment => lang.pick("仪器设备", "Equipment"),
            Indicator::Multimedia => lang.pick("多媒体教室", "Multimedia"),
        }
    }
    /// The unit of the indicator's value.
    fn unit(self, lang: Lang) -> &'static str {
        match self {
            Indicator::Floor | Indicator::Sports => lang.pick("m²/生", "m² a pupil"),
            Indicator::Equipment => lang.pick("元/生", "元 a pupil"),
            Indicator::Multimedia => lang.pick("间/百生", "per 100 pupils"),
            _ => lang.pick("人/百生", "per 100 pupils"),
        }
    }
    /// The unit of what a fix adds.
    fn fix_unit(self, lang: Lang) -> &'static str {
        match self {
            Indicator::Floor | Indicator::Sports => "m²",
            Indicator::Equipment => lang.pick("元", "元"),
            Indicator::Multimedia => lang.pick("间", "rooms"),
            _ => lang.pick("人", "teachers"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use seatcast_engine::plan::ActionProblem;

    #[test]
    fn an_action_error_names_its_number_in_both_languages() {
        let e = EngineError::Action(ActionError {
            number: 2,
            kind: ActionProblem::IntoItself { school: "P".into() },
        });
        assert_eq!(
            e.message(Lang::En),
            "action 2: P cannot be merged into itself"
        );
        assert_eq!(e.message(Lang::Zh), "第 2 项措施：P 不能并入自身");
    }

    #[test]
    fn flags_keep_the_codes_in_english_and_say_them_in_chinese() {
        let f = Flags {
            oversized_class: true,
            super_oversized_class: true,
            large_school: false,
            small_school: true,
        };
        assert_eq!(f.codes(), vec!["super-oversized classes", "small school"]);
        assert_eq!(f.labels(Lang::En), f.codes());
        assert_eq!(f.labels(Lang::Zh), vec!["超大班额", "小规模"]);
    }
}
