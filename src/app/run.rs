//! Opening the window (`seatcast`), or drawing it once into a PNG
//! (`seatcast screenshot`), and what to say when there is no display.

use super::app::{SeatcastApp, StartOptions};
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

fn no_display_message(lang: Lang) -> String {
    format!(
        "{}\n{}",
        lang.pick(
            "没有可用的显示器，无法打开窗口。",
            "No display is available, so the window cannot open."
        ),
        commands_text(lang)
    )
}

/// The commands that work without a window.
fn commands_text(lang: Lang) -> &'static str {
    lang.pick(
        "可以改用命令行：\n  seatcast check [文件...]          检查并汇总数据\n  seatcast report [文件...]         预测并写出报告（表格、图表、Excel）\n  seatcast plan [文件...]           建议撤并与扩建方案\n  seatcast backtest [文件...]       用历史数据检验预测方法\n  seatcast template 模板.xlsx       生成数据模板\n  seatcast --help                   查看全部命令\n（截图可在 xvfb-run 下运行 seatcast screenshot。）",
        "Use the command line instead:\n  seatcast check [FILE...]          check and summarise the data\n  seatcast report [FILE...]         project and write the report (tables, charts, Excel)\n  seatcast plan [FILE...]           suggest merges and expansions\n  seatcast optimise [FILE...]       the least-cost layout, with its proven gap\n  seatcast backtest [FILE...]       test the method on the data's own past\n  seatcast template OUT.xlsx        write a data template\n  seatcast --help                   list every command\n(For a picture without a screen, run seatcast screenshot under xvfb-run.)",
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

/// The renderers to try, in order. Windows: wgpu first (Direct3D 12, with
/// WARP, Windows' software rasteriser, where there is no GPU, as on remote
/// and cloud desktops; wgpu's own OpenGL and Vulkan after it), then glow
/// (OpenGL). Elsewhere glow, which Mesa's software OpenGL serves where there
/// is no GPU.
///
/// `SEATCAST_RENDERER=glow` (or `wgpu`) keeps only that one, for a PC
/// whose driver misbehaves; `WGPU_BACKEND=dx12|vulkan|gl` narrows wgpu.
fn renderers() -> Vec<eframe::Renderer> {
    #[cfg(windows)]
    let all = vec![eframe::Renderer::Wgpu, eframe::Renderer::Glow];
    #[cfg(not(windows))]
    let all = vec![eframe::Renderer::Glow];
    match std::env::var(RENDERER_VAR) {
        Ok(name) => match all
            .iter()
            .find(|r| r.to_string() == name.trim().to_lowercase())
        {
            Some(r) => vec![*r],
            None => {
                eprintln!("{RENDERER_VAR}={name:?} is not one of: {}", names(&all));
                all
            }
        },
        Err(_) => all,
    }
}

const RENDERER_VAR: &str = "SEATCAST_RENDERER";

fn names(renderers: &[eframe::Renderer]) -> String {
    renderers
        .iter()
        .map(|r| r.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Two notes in the settings folder. `renderer-starting.txt` names the
/// renderer while it starts and goes once the window has drawn: a driver can
/// end the process outright (an abort, not a panic), and the next start finds
/// the note and skips that renderer. `renderer.txt` names the one that last
/// drew, tried first from then on.
fn renderer_notes() -> Option<(PathBuf, PathBuf)> {
    eframe::storage_dir("seatcast")
        .map(|d| (d.join("renderer-starting.txt"), d.join("renderer.txt")))
}

/// The renderers to try this time: the one that last drew first; the one
/// that ended the last start left out (unless it is the only one).
fn renderer_order<R: std::fmt::Display + Clone>(
    mut all: Vec<R>,
    last_drew: Option<&str>,
    crashed: Option<&str>,
) -> Vec<R> {
    let find = |all: &[R], name: &str| all.iter().position(|r| r.to_string() == name.trim());
    if let Some(i) = last_drew.and_then(|n| find(&all, n)) {
        let r = all.remove(i);
        all.insert(0, r);
    }
    if let Some(i) = crashed.and_then(|n| find(&all, n))
        && all.len() > 1
    {
        all.remove(i);
    }
    all
}

/// Open the window on the files (none: the remembered ones); returns when
/// it closes. `lang`: the command line's choice (None: the remembered one,
/// else the system's). Each renderer is tried in turn; when none can start,
/// a message (and a dialog) says so and points to the command line.
pub fn run(lang: Option<Lang>, started: std::time::Instant, files: Vec<PathBuf>) -> ExitCode {
    let shown = lang.unwrap_or_else(Lang::from_env);
    if !display_available() {
        eprintln!("{}", no_display_message(shown));
        return ExitCode::from(2);
    }
    let start = StartOptions {
        files: (!files.is_empty()).then_some(files),
        lang,
        remember: true,
        started: Some(started),
        ..StartOptions::default()
    };
    let notes = renderer_notes();
    let read = |p: &Path| std::fs::read_to_string(p).ok();
    let crashed = notes.as_ref().and_then(|(starting, _)| read(starting));
    let last_drew = notes.as_ref().and_then(|(_, drew)| read(drew));
    let renderers = renderer_order(renderers(), last_drew.as_deref(), crashed.as_deref());
    if let Some(crashed) = &crashed {
        let (before, after) = lang_note(shown);
        eprintln!("{before}{}{after}{}", crashed.trim(), names(&renderers));
    }
    let mut failures = Vec::new();
    for renderer in renderers {
        let mut options = native_options([1280.0, 800.0]);
        options.renderer = renderer;
        let start = start.clone();
        if let Some((starting, _)) = &notes {
            // Best effort: without the note, a crash is simply not skipped.
            let _ = crate::fsutil::atomic_write(starting, renderer.to_string().as_bytes());
        }
        let drew = notes
            .clone()
            .map(|(starting, drew)| (starting, drew, renderer.to_string()));
        // A renderer that panics while starting is a failure like any other.
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            eframe::run_native(
                "Seatcast",
                options,
                Box::new(move |cc| {
                    Ok(Box::new(Started {
                        app: SeatcastApp::new(cc, start),
                        drew,
                        frames: 0,
                    }))
                }),
            )
        }));
        if let Some((starting, _)) = &notes {
            let _ = std::fs::remove_file(starting);
        }
        match result {
            Ok(Ok(())) => return ExitCode::SUCCESS,
            Ok(Err(e)) => failures.push(format!("{renderer}: {e}")),
            Err(_) => failures.push(format!("{renderer}: stopped while starting")),
        }
    }
    let message = format!("{}\n({})", no_renderer_message(shown), failures.join("; "));
    eprintln!("{message}");
    let _ = rfd::MessageDialog::new()
        .set_level(rfd::MessageLevel::Error)
        .set_title(TITLE)
        .set_description(message)
        .set_buttons(rfd::MessageButtons::Ok)
        .show();
    ExitCode::from(2)
}

fn lang_note(lang: Lang) -> (&'static str, &'static str) {
    (
        lang.pick("上次启动时绘图接口 ", "The last start ended inside the "),
        lang.pick(" 使程序意外退出，这次改用：", " renderer; trying instead: "),
    )
}

/// The app, updating the renderer notes once the window has drawn.
struct Started {
    app: SeatcastApp,
    /// The starting note, the note of the one that drew, and its name.
    drew: Option<(PathBuf, PathBuf, String)>,
    frames: u32,
}

impl eframe::App for Started {
    fn ui(&mut self, ui: &mut egui::Ui, frame: &mut eframe::Frame) {
        self.app.ui(ui, frame);
        // Two frames in, the first has been presented.
        self.frames = self.frames.saturating_add(1);
        if self.frames == 2
            && let Some((starting, drew, name)) = self.drew.take()
        {
            let _ = crate::fsutil::atomic_write(&drew, name.as_bytes());
            let _ = std::fs::remove_file(starting);
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        self.app.save(storage);
    }

    fn on_exit(&mut self, gl: Option<&eframe::glow::Context>) {
        self.app.on_exit(gl);
    }
}

/// No renderer could start: why, and what works instead.
fn no_renderer_message(lang: Lang) -> String {
    format!(
        "{}\n{}",
        lang.pick(
            "无法打开窗口：这台电脑的显卡驱动不支持所需的绘图接口（Direct3D 12 或 OpenGL 2 以上）。更新显卡驱动或在有显卡的电脑上使用；命令行功能不受影响。",
            "The window cannot open: this PC's graphics driver offers neither Direct3D 12 nor OpenGL 2 or later. Update the graphics driver or use a PC with one; the command line works without it."
        ),
        commands_text(lang)
    )
}

/// ": use overview, schools, … or data", from the tabs themselves.
fn tab_list(lang: Lang) -> String {
    let keys: Vec<String> = super::panels::keys()
        .iter()
        .map(|t| t.key().to_string())
        .collect();
    match (lang, keys.split_last()) {
        (Lang::Zh, _) => format!("：可用 {}", keys.join("、")),
        (Lang::En, Some((last, rest))) => format!(": use {} or {last}", rest.join(", ")),
        (Lang::En, None) => String::new(),
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
    basemap: Option<crate::places::tiles::BasemapSource>,
) -> ExitCode {
    let tab = match tab.map(|t| (t, super::panels::parse(t))) {
        Some((t, None)) => {
            eprintln!(
                "{}{t:?}{}",
                lang.pick("未知的标签页 ", "Unknown tab "),
                tab_list(lang)
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
        basemap,
        tile_cache: None,
    };
    let error = std::sync::Arc::new(std::sync::Mutex::new(None::<String>));
    // Each renderer in turn, as the window does.
    let mut failures = Vec::new();
    for renderer in renderers() {
        let mut options = native_options(size);
        options.persist_window = false;
        options.renderer = renderer;
        let (start, error) = (start.clone(), std::sync::Arc::clone(&error));
        let result = eframe::run_native(
            "Seatcast screenshot",
            options,
            Box::new(move |cc| {
                Ok(Box::new(ScreenshotApp {
                    app: SeatcastApp::new(cc, start),
                    error,
                }))
            }),
        );
        match result {
            Ok(()) => {
                failures.clear();
                break;
            }
            Err(e) => failures.push(format!("{renderer}: {e}")),
        }
    }
    if !failures.is_empty() {
        eprintln!("{}\n({})", no_renderer_message(lang), failures.join("; "));
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

#[cfg(test)]
mod tests {
    use super::renderer_order;

    #[test]
    fn the_renderer_that_drew_goes_first_and_one_that_ended_a_start_is_left_out() {
        let all = || vec!["wgpu", "glow"];
        assert_eq!(renderer_order(all(), None, None), ["wgpu", "glow"]);
        assert_eq!(renderer_order(all(), None, Some("wgpu\n")), ["glow"]);
        assert_eq!(renderer_order(all(), Some("glow"), None), ["glow", "wgpu"]);
        // glow drew last time, then ended a start: wgpu is tried instead.
        assert_eq!(renderer_order(all(), Some("glow"), Some("glow")), ["wgpu"]);
        // Names this build does not know change nothing.
        assert_eq!(
            renderer_order(all(), Some("dx9"), Some("vulkan")),
            ["wgpu", "glow"]
        );
        // The only renderer is always tried.
        assert_eq!(renderer_order(vec!["glow"], None, Some("glow")), ["glow"]);
    }
}
