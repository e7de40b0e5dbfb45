//! What Seatcast writes for people: tables as CSV (numbers rounded the way
//! a report shows them: no `540.0`, no `0.30000000000000004`), charts as PNG
//! and SVG ([`files`]), and the Excel report ([`xlsx`]).

pub mod compliance;
pub mod csv_words;
pub mod encoding;
pub mod files;
pub mod teachers;
pub mod xlsx;

use polars::prelude::*;
use std::path::PathBuf;

/// Why a report, a table or a chart could not be saved.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// A table could not be built.
    #[error("table: {0}")]
    Table(#[from] PolarsError),
    /// A CSV table could not be written.
    #[error("CSV: {0}")]
    Csv(#[from] csv::Error),
    /// The workbook could not be written.
    #[error("Excel workbook: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    /// A chart could not be drawn as a PNG.
    #[error("{0}")]
    Png(#[from] crate::chart::png::PngError),
    /// A file could not be written.
    #[error("{}: {source}", path.display())]
    Write {
        /// The file.
        path: PathBuf,
        /// Why not.
        source: std::io::Error,
    },
}

/// A number rounded to `places` decimals, without trailing zeros.
pub fn round(v: f64, places: i32) -> String {
    let f = 10f64.powi(places);
    let r = (v * f).round() / f;
    if r.fract() == 0.0 {
        format!("{r:.0}")
    } else {
        format!("{r}")
    }
}

/// Decimals kept for a column (numbers not listed keep two).
pub type Places<'a> = &'a [(&'a str, i32)];

/// How one column turns into text, downcast once.
enum Text<'a> {
    Str(&'a StringChunked),
    Float(&'a Float64Chunked, i32),
    Int(&'a Int32Chunked),
    Other(&'a Column),
}

impl Text<'_> {
    fn cell(&self, row: usize) -> String {
        match self {
            Text::Str(c) => c.get(row).unwrap_or_default().to_string(),
            Text::Float(c, places) => c.get(row).map(|v| round(v, *places)).unwrap_or_default(),
            Text::Int(c) => c.get(row).map(|v| v.to_string()).unwrap_or_default(),
            Text::Other(c) => match c.get(row) {
                Ok(AnyValue::Null) | Err(_) => String::new(),
                Ok(v) => v.to_string(),
            },
        }
    }
}

/// `columns` of `frame` as CSV (header first), numbers rounded per `places`.
pub fn csv(frame: &DataFrame, columns: &[&str], places: Places) -> Result<Vec<u8>, ExportError> {
    let mut texts = Vec::with_capacity(columns.len());
    for name in columns {
        let c = frame.column(name)?;
        texts.push(match c.dtype() {
            DataType::String => Text::Str(c.str()?),
            DataType::Float64 => {
                let p = places
                    .iter()
                    .find(|(n, _)| n == name)
                    .map_or(2, |(_, p)| *p);
                Text::Float(c.f64()?, p)
            }
            DataType::Int32 => Text::Int(c.i32()?),
            _ => Text::Other(c),
        });
    }
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(columns)?;
    let mut record = Vec::with_capacity(columns.len());
    for row in 0..frame.height() {
        record.clear();
        record.extend(texts.iter().map(|t| t.cell(row)));
        w.write_record(&record)?;
    }
    w.into_inner()
        .map_err(|e| ExportError::Csv(e.into_error().into()))
}
