//! Problems grouped by kind for the summary: one line per kind with a
//! count and its first cells.

use super::{Problem, Severity};
use crate::i18n::Lang;

/// Problems of one kind, as the summary lists them: one line with a count
/// and the first cells, so a real problem is never buried under a hundred.
#[derive(Debug, Clone, PartialEq)]
pub struct ProblemGroup<'a> {
    /// The kind's severity.
    pub severity: Severity,
    /// The kind's code ([`ProblemKind::code`](super::ProblemKind::code)).
    pub code: &'static str,
    /// Every problem of the kind, in the order found.
    pub problems: Vec<&'a Problem>,
}

/// How many cells a group line names before "…".
pub const GROUP_CELLS: usize = 3;

impl ProblemGroup<'_> {
    /// `错误 ×172 — 县.xlsx · 在校生!D17、D18、D19 …：第一处的说明`
    pub fn line(&self, lang: Lang) -> String {
        let Some(first) = self.problems.first() else {
            return String::new();
        };
        if self.problems.len() == 1 {
            return first.line(lang);
        }
        let tag = match (self.severity, lang) {
            (Severity::Error, Lang::Zh) => "错误",
            (Severity::Error, Lang::En) => "error",
            (Severity::Warning, Lang::Zh) => "警告",
            (Severity::Warning, Lang::En) => "warning",
        };
        let n = self.problems.len();
        // The first place in full; the next ones in the same sheet by their cell.
        let mut places: Vec<String> = Vec::new();
        for p in self.problems.iter().take(GROUP_CELLS) {
            let l = &p.location;
            let same_sheet = !places.is_empty()
                && l.file == first.location.file
                && l.sheet == first.location.sheet
                && l.cell.is_some();
            let text = match (same_sheet, l.cell) {
                (true, Some(c)) => c.to_string(),
                _ => l.to_string(),
            };
            if !text.is_empty() {
                places.push(text);
            }
        }
        if n > GROUP_CELLS && !places.is_empty() {
            places.push("…".into());
        }
        let sep = lang.pick("：", ": ");
        let at = if places.is_empty() {
            String::new()
        } else {
            format!(" — {}", places.join(lang.pick("、", ", ")))
        };
        let more = match lang {
            Lang::Zh => format!("（另有 {} 处同类）", n - 1),
            Lang::En => format!(" ({} more like it)", n - 1),
        };
        format!("{tag} ×{n}{at}{sep}{}{more}", first.kind.message(lang))
    }
}

/// Group problems by kind: errors first, then warnings, each kind in the
/// order it was first found.
pub fn group(problems: &[Problem]) -> Vec<ProblemGroup<'_>> {
    let mut out: Vec<ProblemGroup<'_>> = Vec::new();
    for p in problems {
        let code = p.kind.code();
        match out.iter_mut().find(|g| g.code == code) {
            Some(g) => g.problems.push(p),
            None => out.push(ProblemGroup {
                severity: p.severity(),
                code,
                problems: vec![p],
            }),
        }
    }
    out.sort_by_key(|g| std::cmp::Reverse(g.severity));
    out
}
