//! `seatcast optimise`: the layout optimiser from the command line. It
//! prints the plan's decisions, its proof (objective, bound, gap) and its
//! totals against the greedy suggestion, or JSON for scripts; writes the
//! model as MPS (`--export-model`) or the optimised scenario (`--out`).

use super::args::OptimiseArgs;
use crate::engine::Engine;
use crate::engine::optimise::{self, Optimised};
use crate::engine::scenario::Scenario;
use crate::i18n::Lang;
use crate::text::optimise::{
    caveat_lines, decision_line, error_line, price_rows, proof_line, sensitivity_line, totals_rows,
};
use std::path::Path;
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;

pub struct Paths<'a> {
    pub export_model: Option<&'a Path>,
    pub out: Option<&'a Path>,
    pub xlsx: Option<&'a Path>,
}

/// The command: the scenario (with the arguments' budget, time limit and
/// gap), the data, then [`run`].
pub fn command(a: OptimiseArgs, lang: Lang) -> ExitCode {
    let Some(mut s) = super::scenario_or_default(a.scenario.as_deref(), lang) else {
        return ExitCode::from(1);
    };
    if a.budget.is_some() {
        s.optimise.budget = a.budget;
    }
    if let Some(t) = a.time_limit {
        s.optimise.time_limit_s = t;
    }
    if let Some(g) = a.gap {
        s.optimise.gap = g / 100.0;
    }
    let Some(engine) = super::engine_for_command(&a.files, &a.import, lang) else {
        return ExitCode::from(1);
    };
    let paths = Paths {
        export_model: a.export_model.as_deref(),
        out: a.out.as_deref(),
        xlsx: a.xlsx.as_deref(),
    };
    run(&engine, &s, &paths, a.json, lang)
}

pub fn run(engine: &Engine, s: &Scenario, paths: &Paths, json: bool, lang: Lang) -> ExitCode {
    if let Some(path) = paths.export_model {
        let model = match optimise::model(engine, s) {
            Ok(m) => m,
            Err(e) => {
                eprintln!("{}", error_line(&e, lang));
                return ExitCode::from(1);
            }
        };
        if let Err(e) = crate::fsutil::atomic_write(path, model.to_mps().as_bytes()) {
            eprintln!("{}: {e}", path.display());
            return ExitCode::from(1);
        }
        // With --json, --out or --xlsx the model is solved too; alone,
        // the model is all that is asked for.
        let solve_too = json || paths.out.is_some() || paths.xlsx.is_some();
        let line = format!(
            "{}{} ({} × {})",
            lang.pick("已写出模型：", "Model written: "),
            path.display(),
            model.rows.len(),
            model.vars.len()
        );
        if !solve_too {
            println!("{line}");
            return ExitCode::SUCCESS;
        }
        // Keep standard output for the JSON.
        eprintln!("{line}");
    }
    // Where the search stands, on standard error as it improves (at most
    // once a second; standard output stays for the JSON).
    let said = std::sync::Mutex::new((f64::NAN, f64::NAN, 0.0f64));
    let watch = |objective: Option<f64>, bound: Option<f64>, seconds: f64| {
        let Ok(mut last) = said.lock() else { return };
        let (o, b) = (objective.unwrap_or(f64::NAN), bound.unwrap_or(f64::NAN));
        let changed = o.to_bits() != last.0.to_bits() || b.to_bits() != last.1.to_bits();
        if changed && seconds >= last.2 + 1.0 {
            eprintln!(
                "{}",
                crate::text::optimise::search_line(objective, bound, seconds, lang)
            );
            *last = (o, b, seconds);
        }
    };
    let r = match optimise::optimise_watched(engine, s, &AtomicBool::new(false), Some(&watch)) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("{}", error_line(&e, lang));
            return ExitCode::from(1);
        }
    };
    if let Some(out) = paths.out {
        let mut plan = r.scenario(s);
        plan.name = lang.pick("优化方案", "optimised plan").into();
        if let Err(e) = crate::scenario_file::save(out, &plan) {
            eprintln!("{}", e.message(lang));
            return ExitCode::from(1);
        }
    }
    if let Some(path) = paths.xlsx
        && let Err(e) = workbook(engine, s, &r, path, lang)
    {
        eprintln!("{}: {e}", path.display());
        return ExitCode::from(1);
    }
    let d = &engine.dataset;
    if json {
        println!("{}", json_text(&r, d, lang));
    } else {
        println!("{}", proof_line(&r, lang));
        if let Some(line) = sensitivity_line(&r, lang) {
            println!("{line}");
        }
        for line in caveat_lines(&r, lang) {
            println!("{line}");
        }
        for dec in &r.decisions {
            println!("  {}", decision_line(d, dec, lang));
        }
        println!();
        println!(
            "{:<28} {:>18} {:>18} {:>18}",
            "",
            lang.pick("优化方案（模型）", "Optimised (model)"),
            lang.pick("按引擎逐年复核", "As projected"),
            lang.pick("贪心建议", "Greedy")
        );
        for [label, a, e, b] in totals_rows(&r, lang) {
            println!("{label:<28} {a:>18} {e:>18} {b:>18}");
        }
        println!();
        for (what, value, source) in price_rows(&r.prices, lang) {
            println!("{what:<28} {value:>16}  {source}");
        }
        if let Some(out) = paths.out {
            println!(
                "{}{}",
                lang.pick("已写出情景文件：", "Scenario written: "),
                out.display()
            );
        }
    }
    ExitCode::SUCCESS
}

/// The report workbook of the optimised scenario, with the optimiser's sheet.
fn workbook(
    engine: &Engine,
    s: &Scenario,
    r: &Optimised,
    path: &Path,
    lang: Lang,
) -> anyhow::Result<()> {
    let mut plan = r.scenario(s);
    plan.name = lang.pick("优化方案", "optimised plan").into();
    let report = super::report::build(engine, &plan)?;
    let answer = optimise::Report::of(engine, s, r.clone())?;
    let date = crate::export::files::today();
    let mut cx =
        crate::chart::build::Context::new(engine, &report.outcome, &report.derived, lang, &date);
    cx.optimiser = Some(&answer);
    let bytes = crate::export::xlsx::workbook(&cx, &date)?;
    crate::fsutil::atomic_write(path, &bytes)?;
    Ok(())
}

/// The answer as JSON: objective, bound, gap, seconds, actions, decisions
/// (each with its line of text), totals and the greedy plan's.
fn json_text(r: &Optimised, d: &crate::model::Dataset, lang: Lang) -> String {
    let mut v = serde_json::to_value(r).unwrap_or_default();
    if let Some(obj) = v.as_object_mut() {
        let lines: Vec<String> = r
            .decisions
            .iter()
            .map(|dec| decision_line(d, dec, lang))
            .collect();
        obj.insert("explanations".into(), serde_json::json!(lines));
        obj.insert("stop".into(), serde_json::json!(format!("{:?}", r.stop)));
    }
    serde_json::to_string_pretty(&v).unwrap_or_default()
}
