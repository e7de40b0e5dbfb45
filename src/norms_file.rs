//! Teacher norms files (`sample-data/teacher-norms.json` is one): the
//! staffing norms, curriculum and retirement rule a province uses, as
//! readable JSON (docs/teachers.md). A damaged file gives the line and
//! column of the problem, a figure no norm can have is refused by name, and
//! saving writes a temporary file and renames it over the old one.

use crate::engine::teachers::Norms;
use crate::i18n::Lang;
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum NormsFileError {
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
    /// Readable, but a figure is impossible.
    #[error("{path}: {what}")]
    Invalid { path: PathBuf, what: String },
    #[error("{path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl NormsFileError {
    /// One sentence for the planner, in their language.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            NormsFileError::Read { path, source } => format!(
                "{}{}: {source}",
                lang.pick("无法读取编制标准文件 ", "Cannot read the norms file "),
                path.display()
            ),
            NormsFileError::Damaged {
                path,
                line,
                column,
                message,
            } => match lang {
                Lang::Zh => format!(
                    "编制标准文件 {} 第 {line} 行第 {column} 列有误：{message}",
                    path.display()
                ),
                Lang::En => format!(
                    "The norms file {} is damaged at line {line}, column {column}: {message}",
                    path.display()
                ),
            },
            NormsFileError::Invalid { path, what } => match lang {
                Lang::Zh => format!("编制标准文件 {} 不可用：{what}", path.display()),
                Lang::En => format!("The norms file {} cannot be used: {what}", path.display()),
            },
            NormsFileError::Write { path, source } => format!(
                "{}{}: {source}",
                lang.pick("无法写入编制标准文件 ", "Cannot write the norms file "),
                path.display()
            ),
        }
    }
}

/// What makes norms unusable, in words (None: they can be used).
pub fn problem(n: &Norms) -> Option<String> {
    let s = &n.staffing;
    for (name, f) in [
        ("staffing.primary", &s.primary),
        ("staffing.junior", &s.junior),
        ("staffing.senior", &s.senior),
    ] {
        if !(f.value.is_finite() && f.value > 0.0) {
            return Some(format!(
                "{name} is {}: students per staff must be above 0",
                f.value
            ));
        }
    }
    for (name, f) in [
        ("staffing.class_teacher_ratio", &s.class_teacher_ratio),
        ("staffing.small_school_pupils", &s.small_school_pupils),
        ("staffing.boarding_per_100", &s.boarding_per_100),
        ("head_teacher_load", &n.head_teacher_load),
    ] {
        if !(f.value.is_finite() && f.value >= 0.0) {
            return Some(format!("{name} is {}: it must be 0 or more", f.value));
        }
    }
    let c = &n.curriculum;
    if c.subjects.is_empty() {
        return Some("curriculum.subjects is empty".into());
    }
    for subject in &c.subjects {
        let usable = |load: f64| load.is_finite() && load >= 0.0;
        if !usable(subject.load_primary) || !usable(subject.load_junior) {
            return Some(format!(
                "subject {}: a teacher's weekly load must be 0 or more",
                subject.key
            ));
        }
    }
    if let Some(table) = &c.table
        && table.len() != c.subjects.len()
    {
        return Some(format!(
            "curriculum.table has {} rows for {} subjects",
            table.len(),
            c.subjects.len()
        ));
    }
    None
}

/// Read norms from a file's text; `path` names it in errors. Fields the
/// file leaves out take their defaults.
pub fn from_json(text: &str, path: &Path) -> Result<Norms, NormsFileError> {
    let text = text.trim_start_matches('\u{feff}');
    let norms: Norms = serde_json::from_str(text).map_err(|e| NormsFileError::Damaged {
        path: path.to_path_buf(),
        line: e.line(),
        column: e.column(),
        message: e
            .to_string()
            .split(" at line ")
            .next()
            .unwrap_or_default()
            .to_string(),
    })?;
    match problem(&norms) {
        Some(what) => Err(NormsFileError::Invalid {
            path: path.to_path_buf(),
            what,
        }),
        None => Ok(norms),
    }
}

/// Open a norms file.
pub fn load(path: &Path) -> Result<Norms, NormsFileError> {
    let text = std::fs::read_to_string(path).map_err(|source| NormsFileError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    from_json(&text, path)
}

/// Save norms: a temporary file beside `path`, then a rename.
pub fn save(path: &Path, norms: &Norms) -> Result<(), NormsFileError> {
    let failed = |source| NormsFileError::Write {
        path: path.to_path_buf(),
        source,
    };
    let text = serde_json::to_string_pretty(norms).map_err(|e| failed(std::io::Error::other(e)))?;
    crate::fsutil::atomic_write(path, format!("{text}\n").as_bytes()).map_err(failed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_partial_file_keeps_the_defaults_and_a_bad_one_is_located() {
        let path = Path::new("norms.json");
        let n = from_json(
            r#"{"staffing": {"primary": {"value": 21, "source": "省定"},
                 "junior": {"value": 13.5, "source": ""},
                 "senior": {"value": 12.5, "source": ""},
                 "class_teacher_ratio": {"value": 1.9, "source": "省定"},
                 "small_school_pupils": {"value": 100, "source": ""}}}"#,
            path,
        )
        .expect("reads");
        assert_eq!(n.staffing.primary.value, 21.0);
        assert_eq!(n.staffing.class_teacher_ratio.value, 1.9);
        // Left out: the boarding figure and everything else are the defaults.
        assert_eq!(
            n.staffing.boarding_per_100,
            Norms::default().staffing.boarding_per_100
        );
        assert_eq!(n.curriculum, Norms::default().curriculum);

        match from_json("{\n  \"census_month\": \"九\"\n}", path) {
            Err(NormsFileError::Damaged { line, column, .. }) => {
                // serde_json counts bytes: the string ends at byte 23 of line 2.
                assert_eq!((line, column), (2, 23));
            }
            other => panic!("{other:?}"),
        }
        let zero = r#"{"staffing": {"primary": {"value": 0, "source": ""},
                 "junior": {"value": 13.5, "source": ""},
                 "senior": {"value": 12.5, "source": ""},
                 "class_teacher_ratio": {"value": 1.7, "source": ""},
                 "small_school_pupils": {"value": 100, "source": ""}}}"#;
        match from_json(zero, path) {
            Err(e @ NormsFileError::Invalid { .. }) => {
                assert!(e.message(Lang::En).contains("staffing.primary is 0"), "{e}");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn saved_norms_open_the_same() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let path = dir.path().join("省 标准.json");
        let mut n = Norms::default();
        n.staffing.class_teacher_ratio.value = 2.0;
        save(&path, &n).expect("saves");
        assert_eq!(load(&path).expect("opens"), n);
    }
}
