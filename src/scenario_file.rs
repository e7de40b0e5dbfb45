//! Scenario files: readable JSON with a format version.
//!
//! Version 2 (this one) wraps the scenario as
//! `{"format": "seatcast-scenario", "version": 2, ...fields, "actions": [...]}`.
//! Version 1 files (Seatcast 0.1: the bare scenario object, no `format`, no
//! actions) still open. A damaged file gives the line and column of the
//! problem; saving writes a temporary file and renames it over the old one.

use crate::engine::scenario::Scenario;
use crate::i18n::Lang;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The format name written into every file.
pub const FORMAT: &str = "seatcast-scenario";
/// The version this build writes.
pub const VERSION: u32 = 2;

#[derive(Debug, thiserror::Error)]
pub enum ScenarioFileError {
    #[error("{path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}, line {line}, column {column}: {message}")]
    Damaged {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    /// A JSON file of something else.
    #[error("{path}: not a Seatcast scenario file (format is \"{format}\")")]
    NotScenario { path: PathBuf, format: String },
    /// A file written by a newer Seatcast.
    #[error("{path}: scenario file version {version} is newer than this build reads")]
    Newer { path: PathBuf, version: u32 },
    #[error("{path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl ScenarioFileError {
    /// One sentence for the planner, in their language.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            ScenarioFileError::Read { path, source } => format!(
                "{}{}{}{}",
                lang.pick("无法读取情景文件 ", "Cannot read the scenario file "),
                path.display(),
                lang.pick("：", ": "),
                crate::i18n::io_error(source, lang)
            ),
            ScenarioFileError::Damaged {
                path,
                line,
                column,
                message,
            } => match lang {
                Lang::Zh => format!(
                    "情景文件 {} 第 {line} 行第 {column} 列有误：{message}。请改正该处或重新保存情景。",
                    path.display()
                ),
                Lang::En => format!(
                    "The scenario file {} is damaged at line {line}, column {column}: {message}. Fix it there or save the scenario again.",
                    path.display()
                ),
            },
            ScenarioFileError::NotScenario { path, format } => match lang {
                Lang::Zh => format!(
                    "{}：这不是 Seatcast 情景文件（format 为“{format}”）",
                    path.display()
                ),
                Lang::En => format!(
                    "{}: not a Seatcast scenario file (format is \"{format}\")",
                    path.display()
                ),
            },
            ScenarioFileError::Newer { path, version } => match lang {
                Lang::Zh => format!(
                    "{}：情景文件版本 {version} 比本程序支持的版本 {VERSION} 新，请升级 Seatcast",
                    path.display()
                ),
                Lang::En => format!(
                    "{}: the scenario file is version {version}, newer than this Seatcast reads ({VERSION}); update Seatcast",
                    path.display()
                ),
            },
            ScenarioFileError::Write { path, source } => format!(
                "{}{}{}{}",
                lang.pick("无法保存情景文件 ", "Cannot save the scenario file "),
                path.display(),
                lang.pick("：", ": "),
                crate::i18n::io_error(source, lang)
            ),
        }
    }
}

/// What a version 2 file holds around the scenario.
#[derive(Serialize)]
struct FileOut<'a> {
    format: &'static str,
    version: u32,
    #[serde(flatten)]
    scenario: &'a Scenario,
}

#[derive(Deserialize)]
struct Header {
    #[serde(default)]
    format: Option<String>,
    #[serde(default)]
    version: Option<u32>,
}

/// The file's text for a scenario.
pub fn to_json(scenario: &Scenario) -> Result<String, serde_json::Error> {
    serde_json::to_string_pretty(&FileOut {
        format: FORMAT,
        version: VERSION,
        scenario,
    })
}

/// Read a scenario from a file's text; `path` names it in errors.
pub fn from_json(text: &str, path: &Path) -> Result<Scenario, ScenarioFileError> {
    let damaged = |e: serde_json::Error| ScenarioFileError::Damaged {
        path: path.to_path_buf(),
        line: e.line(),
        column: e.column(),
        message: e
            .to_string()
            .split(" at line ")
            .next()
            .unwrap_or_default()
            .to_string(),
    };
    let text = text.trim_start_matches('\u{feff}');
    let header: Header = serde_json::from_str(text).map_err(damaged)?;
    if let Some(f) = header.format.as_deref()
        && f != FORMAT
    {
        return Err(ScenarioFileError::NotScenario {
            path: path.to_path_buf(),
            format: f.to_string(),
        });
    }
    match header.version {
        // Version 1 is the bare scenario; `format` and `version` are ignored
        // as fields, so both versions read the same way, errors located.
        None | Some(1) | Some(2) => {
            let mut scenario = serde_json::from_str::<Scenario>(text).map_err(damaged)?;
            // A file that sets the ratio window or estimator but no method
            // was written when those were the method's settings (before the
            // pooled default): it keeps the textbook they tune.
            let keys = serde_json::from_str::<serde_json::Value>(text).map_err(damaged)?;
            let has = |k: &str| keys.get(k).is_some();
            if !has("method") && (has("window") || has("estimator")) {
                scenario.method = crate::engine::scenario::Method::Textbook;
            }
            Ok(scenario)
        }
        Some(version) => Err(ScenarioFileError::Newer {
            path: path.to_path_buf(),
            version,
        }),
    }
}

/// Open a scenario file.
pub fn load(path: &Path) -> Result<Scenario, ScenarioFileError> {
    let text = std::fs::read_to_string(path).map_err(|source| ScenarioFileError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    from_json(&text, path)
}

/// Save a scenario: a temporary file beside `path`, then a rename.
pub fn save(path: &Path, scenario: &Scenario) -> Result<(), ScenarioFileError> {
    save_with(path, scenario, |f, bytes| {
        use std::io::Write;
        f.write_all(bytes)
    })
}

/// [`save`] through a given writer (tests simulate a failing disk with it).
pub fn save_with(
    path: &Path,
    scenario: &Scenario,
    write: impl FnOnce(&mut std::fs::File, &[u8]) -> std::io::Result<()>,
) -> Result<(), ScenarioFileError> {
    let failed = |source| ScenarioFileError::Write {
        path: path.to_path_buf(),
        source,
    };
    // Nothing is written when the scenario cannot be put into JSON.
    let text = to_json(scenario).map_err(|e| failed(std::io::Error::other(e)))?;
    crate::fsutil::atomic_write_with(path, |f| write(f, text.as_bytes())).map_err(failed)
}
