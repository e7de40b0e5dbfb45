//! Opening the window (`seatcast`), or drawing it once into a PNG
//! (`seatcast screenshot`), and what to say when there is no display.

use super::app::{SeatcastApp, StartOptions};
use super::panels::Tab;
use crate::i18n::Lang;
use eframe::egui;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub const TITLE: &str = "Seatcast · 学位预测与布局规划";

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
        "没有可用的显示器，无法打开窗口。可以改用命令行：\n  seatcast check [文件...]          检查并汇总数据\n  seatcast report [文件...]         预测并写出报告（表格、图表、Excel）\n  seatcast plan [文件...]           建议撤并与扩建方案\n  seatcast backtest [文件...]       用历史数据检验预测方法\n  seatcast template 模板.xlsx       生成数据模板\n  seatcast --help                   查看全部命令\n（截图可在 xvfb-run 下运行 seatcast screenshot。）",
        "No display is available, so the window cannot open. Use the command line instead:\n  seatcast check [FILE...]          check and summarise the data\n  seatcast report [FILE...]         project and write the report (tables, charts, Excel)\n  seatcast plan [FILE...]           suggest merges and expansions\n  seatcast backtest [FILE...]       test the method on the data's own past\n  seatcast template OUT.xlsx        write a data template\n  seatcast --help                   list every command\n(For a picture without a screen, run seatcast screenshot under xvfb-run.)",
    )
}

fn native_options(size: [f32; 2]) -> eframe::NativeOptions {
    let icon = eframe::icon_data::from_png_bytes(include_bytes!("../../assets/icon.png")).ok();
    let mut viewport = egui::ViewportBuilder::default()
        .with_title(TITLE)
        .with_app_id("seatcast")
        .with_inner_size(size)
        .with_min_inner_size([760.0, 480.0])
        .with_drag_and_drop(true);
    if let Some(icon) = icon {
        viewport = viewport.with_icon(icon);
    }
    eframe::NativeOptions {
        viewport,
        ..Default::default()
    }
}

/// Open the window; returns when it closes. `lang`: the command line's
/// choice (None: the remembered one, else the system's).
pub fn run(lang: Option<Lang>, started: std::time::Instant) -> ExitCode {
    let shown = lang.unwrap_or_else(Lang::from_env);
    if !display_available() {
        eprintln!("{}", no_display_message(shown));
        return ExitCode::from(2);
    }
    let start = StartOptions {
        lang,
        remember: true,
        started: Some(started),
        ..StartOptions::default()
    };
    let result = eframe::run_native(
        "Seatcast",
        native_options([1280.0, 800.0]),
        Box::new(move |cc| Ok(Box::new(SeatcastApp::new(cc, start)))),
    );
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{}\n({e})", no_display_message(shown));
            ExitCode::from(2)
        }
    }
}

/// `seatcast screenshot`: open the window on the files (none: the sample
/// county), draw the tab once the projection is in, save it as PNG, close.
pub fn screenshot(
    out: &Path,
    files: Vec<PathBuf>,
    tab: Option<&str>,
    lang: Lang,
    size: [f32; 2],
    scenario: Option<crate::engine::scenario::Scenario>,
) -> ExitCode {
    let tab = match tab.map(|t| (t, Tab::parse(t))) {
        Some((t, None)) => {
            eprintln!(
                "{}{t:?}{}",
                lang.pick("未知的标签页 ", "Unknown tab "),
                lang.pick(
                    "：可用 overview、schools、school、map、plan、compare、accuracy、data",
                    ": use overview, schools, school, map, plan, compare, accuracy or data"
                )
            );
            return ExitCode::from(2);
        }
        Some((_, t)) => t,
        None => None,
    };
    if !display_available() {
        eprintln!("{}", no_display_message(lang));
        return ExitCode::from(2);
    }
    let start = StartOptions {
        files: Some(files),
        lang: Some(lang),
        tab,
        remember: false,
        screenshot: Some(out.to_path_buf()),
        started: None,
        autosave: None,
        scenario,
    };
    let error = std::sync::Arc::new(std::sync::Mutex::new(None::<String>));
    let error2 = std::sync::Arc::clone(&error);
    let mut options = native_options(size);
    options.persist_window = false;
    let result = eframe::run_native(
        "Seatcast screenshot",
        options,
        Box::new(move |cc| {
            Ok(Box::new(ScreenshotApp {
                app: SeatcastApp::new(cc, start),
                error: error2,
            }))
        }),
    );
    if let Err(e) = result {
        eprintln!("{}\n({e})", no_display_message(lang));
        return ExitCode::from(2);
    }
    let failed = error.lock().ok().and_then(|e| e.clone());
    match failed {
        Some(e) => {
            eprintln!(
                "{}{e}",
                lang.pick("无法保存截图：", "Cannot save the screenshot: ")
            );
            ExitCode::from(1)
        }
        None if out.exists() => {
            println!(
                "{}{}",
                lang.pick("已保存截图：", "Screenshot saved: "),
                out.display()
            );
            ExitCode::SUCCESS
        }
        None => {
            eprintln!(
                "{}",
                lang.pick(
                    "窗口关闭前未能截图。",
                    "The window closed before the picture was taken."
                )
            );
            ExitCode::from(1)
        }
    }
}

/// The app, passing on a screenshot error when it closes.
struct ScreenshotApp {
    app: SeatcastApp,
    error: std::sync::Arc<std::sync::Mutex<Option<String>>>,
}

impl eframe::App for ScreenshotApp {
    fn ui(&mut self, ui: &mut egui::Ui, frame: &mut eframe::Frame) {
        self.app.ui(ui, frame);
        if let (Some(e), Ok(mut slot)) = (&self.app.screenshot_error, self.error.lock()) {
            *slot = Some(e.clone());
        }
    }
}

/// Write a picture as PNG (atomically).
pub fn save_png(path: &Path, image: &egui::ColorImage) -> Result<(), String> {
    let [w, h] = image.size;
    let bytes: Vec<u8> = image.pixels.iter().flat_map(|c| c.to_array()).collect();
    let mut png = Vec::new();
    image::ImageEncoder::write_image(
        image::codecs::png::PngEncoder::new(&mut png),
        &bytes,
        w as u32,
        h as u32,
        image::ExtendedColorType::Rgba8,
    )
    .map_err(|e| e.to_string())?;
    crate::fsutil::atomic_write(path, &png).map_err(|e| e.to_string())
}
