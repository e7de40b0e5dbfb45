//! The words of the 优质均衡 stage: verdicts, sums of money, what a fix
//! adds (the app, the workbook and the CLI say them the same way).

use crate::engine::compliance::{Fix, OutOfScope, Verdict};
use crate::i18n::{Lang, thousands};

/// A school-year's verdict in words.
pub fn verdict_text(v: Verdict, lang: Lang) -> &'static str {
    match v {
        Verdict::Complies => lang.pick("达标", "complies"),
        Verdict::Fails => lang.pick("未达标", "fails"),
        Verdict::Incomplete => lang.pick("数据不全", "data missing"),
        Verdict::Out(OutOfScope::NotCompulsory) => lang.pick("非义务教育", "not compulsory"),
        Verdict::Out(OutOfScope::SmallTeachingPoint) => {
            lang.pick("不足 50 人教学点，不参评", "teaching point under 50, out")
        }
        Verdict::Out(OutOfScope::Special) => {
            lang.pick("特殊教育学校，不参评", "special school, out")
        }
    }
}

/// "¥1,234,500" / "123.5 万元".
pub fn money(v: f64, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{:.1} 万元", v / 10_000.0),
        Lang::En => format!("¥{}", thousands(v.round() as i64)),
    }
}

/// "2,400 m²", "3 teachers": what a fix adds of one indicator.
pub fn fix_parts(f: &Fix, lang: Lang) -> Vec<String> {
    let a = &f.add;
    let n = |v: f64| thousands(v.round() as i64);
    let items = [
        (a.floor_m2, lang.pick("校舍 {} m²", "{} m² of floor")),
        (
            a.sports_m2,
            lang.pick("运动场馆 {} m²", "{} m² of sports ground"),
        ),
        (
            a.equipment_yuan,
            lang.pick("设备 {} 元", "{} 元 of equipment"),
        ),
        (
            a.multimedia_rooms,
            lang.pick("多媒体教室 {} 间", "{} multimedia rooms"),
        ),
        (a.pe_teachers, lang.pick("体育教师 {} 人", "{} PE teachers")),
        (
            a.arts_teachers,
            lang.pick("艺术教师 {} 人", "{} art teachers"),
        ),
        (
            a.qualification_upgrades,
            lang.pick("学历提升 {} 人", "{} qualifications raised"),
        ),
        (
            a.backbone_trained,
            lang.pick("培养骨干 {} 人", "{} 骨干 trained"),
        ),
    ];
    items
        .iter()
        .filter(|(v, _)| *v > 0.0)
        .map(|(v, t)| t.replace("{}", &n(*v)))
        .collect()
}

/// The Plan and Compare tabs' row: schools complying in the last year of the
/// horizon, of those judged ("—" without facilities or staff).
pub fn passing_row(
    c: Option<&crate::engine::compliance::Compliance>,
    lang: Lang,
) -> (&'static str, String) {
    let label = lang.pick(
        "期末优质均衡达标学校",
        "schools meeting 优质均衡 at the end",
    );
    let value = c
        .and_then(|c| {
            let last = *c.years().last()?;
            let (pass, judged) = c.passing(last);
            Some(match lang {
                Lang::Zh => format!("{pass} / {judged} 所"),
                Lang::En => format!("{pass} of {judged}"),
            })
        })
        .unwrap_or_else(|| "—".to_string());
    (label, value)
}

/// The class and school size checks of a school-year, as warnings ("" when
/// both pass): "average class 52 > 45; 2,248 pupils > 2,000".
pub fn size_text(r: &crate::engine::compliance::SchoolCompliance, lang: Lang) -> String {
    let mut out = Vec::new();
    if r.class_ok() == Some(false)
        && let Some(a) = r.avg_class
    {
        out.push(match lang {
            Lang::Zh => format!("平均班额 {a:.0} > {:.0}", r.class_limit),
            Lang::En => format!("average class {a:.0} > {:.0}", r.class_limit),
        });
    }
    if !r.size_ok() {
        let n = thousands(r.pupils_all.round() as i64);
        let limit = thousands(r.school_limit.round() as i64);
        out.push(match lang {
            Lang::Zh => format!("规模 {n} 人 > {limit}"),
            Lang::En => format!("{n} pupils > {limit}"),
        });
    }
    out.join(lang.pick("；", "; "))
}
