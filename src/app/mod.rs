//! The desktop window. Until the app issue lands this is a placeholder that
//! shows what was loaded; it already refuses to start without a display
//! rather than panicking.

use crate::i18n::Lang;
use crate::import::{ImportOptions, Loaded};
use std::process::ExitCode;

/// Whether a window can be opened here at all.
pub fn display_available() -> bool {
    if cfg!(target_os = "linux") {
        ["DISPLAY", "WAYLAND_DISPLAY"]
            .iter()
            .any(|v| std::env::var_os(v).is_some_and(|s| !s.is_empty()))
    } else {
        true
    }
}

fn no_display_message(lang: Lang) -> &'static str {
    lang.pick(
        "没有可用的显示器，无法打开窗口。可以改用命令行：\n  seatcast check [文件...]     检查并汇总数据\n  seatcast template 模板.xlsx  生成数据模板\n  seatcast --help              查看全部命令",
        "No display is available, so the window cannot open. Use the command line instead:\n  seatcast check [FILE...]     check and summarise the data\n  seatcast template OUT.xlsx   write a data template\n  seatcast --help              list every command",
    )
}

/// Open the window; returns when it closes.
pub fn run(lang: Lang) -> ExitCode {
    if !display_available() {
        eprintln!("{}", no_display_message(lang));
        return ExitCode::from(2);
    }
    let loaded = crate::sample::load_sample(&ImportOptions::default()).ok();
    let options = eframe::NativeOptions {
        viewport: eframe::egui::ViewportBuilder::default()
            .with_title("Seatcast · 学位预测与布局规划")
            .with_inner_size([1100.0, 720.0]),
        ..Default::default()
    };
    let result = eframe::run_native(
        "Seatcast",
        options,
        Box::new(move |_cc| Ok(Box::new(Placeholder { loaded }))),
    );
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{}\n({e})", no_display_message(lang));
            ExitCode::from(2)
        }
    }
}

struct Placeholder {
    loaded: Option<Loaded>,
}

impl eframe::App for Placeholder {
    fn ui(&mut self, ui: &mut eframe::egui::Ui, _frame: &mut eframe::Frame) {
        eframe::egui::CentralPanel::default().show(ui, |ui| {
            ui.heading("Seatcast");
            match &self.loaded {
                Some(l) => {
                    let d = &l.dataset;
                    ui.label(format!("Sample county: {} schools", d.schools.len()));
                    for (y, n) in d.pupils_by_year() {
                        ui.label(format!(
                            "{y}: {} pupils",
                            crate::i18n::thousands(n.round() as i64)
                        ));
                    }
                }
                None => {
                    ui.label("The sample county could not be loaded.");
                }
            }
        });
    }
}
