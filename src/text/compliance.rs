//! The words of the 优质均衡 stage: verdicts, sums of money, what a fix
//! adds (the app, the workbook and the CLI say them the same way).

use crate::engine::compliance::{Fix, OutOfScope, Verdict};
use crate::i18n::{Lang, thousands};

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
