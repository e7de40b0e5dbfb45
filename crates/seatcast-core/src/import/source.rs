//! Reading a file into sheets of cells: xlsx/xlsm/xlsb, xls, ods through
//! calamine, csv through the csv crate. The format is told by the content, not
//! the file name; a reader that panics or a file that would blow up in memory
//! becomes an error for that file. Files are only ever opened for reading.

use super::value::Value;
use crate::diagnostics::{Location, Problem, ProblemKind};
use calamine::{Data, DataRef, Reader};
use std::io::Cursor;
use std::path::Path;

/// Largest file read (on disk).
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;
/// Largest total size of a workbook's parts once decompressed.
pub const MAX_UNPACKED_BYTES: u64 = 1024 * 1024 * 1024;
/// Largest ratio of a workbook's unpacked parts to its file (spreadsheet XML
/// packs 5–20×), above [`RATIO_FROM_BYTES`] unpacked.
pub const MAX_UNPACK_RATIO: u64 = 200;
/// Unpacked size (bytes) from which `MAX_UNPACK_RATIO` applies: a smaller
/// workbook may pack as tightly as it likes.
pub const RATIO_FROM_BYTES: u64 = 64 * 1024 * 1024;
/// Columns read per sheet; cells further right are dropped with a warning.
pub const MAX_COLUMNS: u32 = 1024;

/// One non-empty row: its row number in the sheet and its cells from column A.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Row<'a> {
    /// Its row in the sheet, from 0.
    pub index: u32,
    /// Its cells from column A on (blanks between them as `Value::Empty`).
    pub cells: &'a [Value],
}

impl Row<'_> {
    /// The cell in a column (from 0); `Value::Empty` past the row's end.
    pub fn get(&self, col: usize) -> &Value {
        self.cells.get(col).unwrap_or(&Value::Empty)
    }
}

/// Where a row's cells sit in the sheet's one cell vector.
#[derive(Debug, Clone, Copy, PartialEq)]
struct RowSpan {
    index: u32,
    start: usize,
    len: usize,
}

/// A sheet's non-empty rows, their cells kept in one vector (one allocation
/// for the whole sheet, not one per row).
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    /// The sheet's name (a CSV file's: the file's name without extension).
    pub name: String,
    cells: Vec<Value>,
    spans: Vec<RowSpan>,
    /// Cells were dropped beyond [`MAX_COLUMNS`].
    pub truncated: bool,
}

impl Sheet {
    /// The rows, in order.
    pub fn rows(&self) -> Vec<Row<'_>> {
        self.spans
            .iter()
            .map(|s| Row {
                index: s.index,
                cells: &self.cells[s.start..s.start + s.len],
            })
            .collect()
    }

    /// How many non-empty rows it has.
    pub fn row_count(&self) -> usize {
        self.spans.len()
    }
}

/// A file's sheets. A CSV file is one sheet named after the file.
#[derive(Debug, Clone, PartialEq)]
pub struct Book {
    /// The file's name, as problems name it (without its folder).
    pub file: String,
    /// Its sheets, in the workbook's order.
    pub sheets: Vec<Sheet>,
}

/// Read a file from disk.
pub fn read_path(path: &Path) -> Result<Book, Box<Problem>> {
    let file = display_name(path);
    let loc = || Location::file(file.clone());
    let meta = std::fs::metadata(path).map_err(|e| {
        Box::new(Problem::new(
            ProblemKind::CannotOpen {
                reason: e.kind().to_string(),
            },
            loc(),
        ))
    })?;
    if meta.is_dir() {
        return Err(Box::new(Problem::new(
            ProblemKind::CannotOpen {
                reason: "a folder".into(),
            },
            loc(),
        )));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(Box::new(Problem::new(
            ProblemKind::TooLarge {
                bytes: meta.len(),
                limit: MAX_FILE_BYTES,
            },
            loc(),
        )));
    }
    let bytes = std::fs::read(path).map_err(|e| {
        Box::new(Problem::new(
            ProblemKind::CannotOpen {
                reason: e.kind().to_string(),
            },
            loc(),
        ))
    })?;
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    read_bytes(&file, &ext, &bytes)
}

/// The name a planner recognises: the file name without its folder.
pub fn display_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.to_string_lossy().into_owned())
}

/// Read a file's bytes; `ext` (lower case, no dot) only decides whether text is CSV.
pub fn read_bytes(file: &str, ext: &str, bytes: &[u8]) -> Result<Book, Box<Problem>> {
    let loc = || Location::file(file.to_string());
    if bytes.is_empty() {
        return Err(Box::new(Problem::new(ProblemKind::EmptyFile, loc())));
    }
    let sheets = super::guard::catch_reader_panic(|| read_sheets(file, ext, bytes))
        .unwrap_or(Err(ProblemKind::ReaderFailed))
        .map_err(|kind| Box::new(Problem::new(kind, loc())))?;
    Ok(Book {
        file: file.to_string(),
        sheets,
    })
}

fn read_sheets(file: &str, ext: &str, bytes: &[u8]) -> Result<Vec<Sheet>, ProblemKind> {
    if bytes.starts_with(b"PK\x03\x04") {
        match zip_kind(bytes)? {
            ZipKind::Ods => {
                let wb = calamine::Ods::new(Cursor::new(bytes)).map_err(|e| match e {
                    calamine::OdsError::Password => ProblemKind::PasswordProtected,
                    e => corrupt(e),
                })?;
                read_ranges(wb)
            }
            ZipKind::Xlsb => {
                let wb = calamine::Xlsb::new(Cursor::new(bytes)).map_err(corrupt)?;
                read_ranges(wb)
            }
            ZipKind::Xlsx => read_xlsx(bytes),
        }
    } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        // An OLE container: a legacy .xls, or an encrypted .xlsx.
        if super::ole::has_looping_chain(bytes) {
            return Err(ProblemKind::Corrupt {
                reason: "a sector chain loops back on itself".into(),
            });
        }
        if super::ole::xls_declares_oversized_sheet(bytes) {
            return Err(ProblemKind::Corrupt {
                reason: "a sheet declares more cells than a workbook can hold".into(),
            });
        }
        if let Err(calamine::XlsxError::Password) =
            calamine::Xlsx::<Cursor<&[u8]>>::new(Cursor::new(bytes))
        {
            return Err(ProblemKind::PasswordProtected);
        }
        let wb = calamine::Xls::new(Cursor::new(bytes)).map_err(|e| match e {
            calamine::XlsError::Password => ProblemKind::PasswordProtected,
            e => corrupt(e),
        })?;
        read_ranges(wb)
    } else if matches!(ext, "csv" | "tsv" | "txt") {
        Ok(vec![read_csv(file, bytes)?])
    } else {
        Err(ProblemKind::NotASpreadsheet)
    }
}

fn corrupt(e: impl std::fmt::Display) -> ProblemKind {
    let mut reason = e.to_string();
    if reason.chars().count() > 120 {
        reason = reason.chars().take(120).collect::<String>() + "…";
    }
    ProblemKind::Corrupt { reason }
}

enum ZipKind {
    Xlsx,
    Xlsb,
    Ods,
}

/// What workbook a zip archive holds, read from its directory once; archives
/// that say they unpack to more than [`MAX_UNPACKED_BYTES`], or to more than
/// [`MAX_UNPACK_RATIO`] × their own size, are refused at once (before
/// anything is inflated).
fn zip_kind(bytes: &[u8]) -> Result<ZipKind, ProblemKind> {
    let Ok(mut z) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Err(ProblemKind::Corrupt {
            reason: "the zip archive is incomplete".into(),
        });
    };
    let mut total: u64 = 0;
    for i in 0..z.len() {
        let size = z.by_index_raw(i).map(|f| f.size()).unwrap_or(0);
        total = total.saturating_add(size);
    }
    let packed = bytes.len() as u64;
    if total > MAX_UNPACKED_BYTES
        || (total > RATIO_FROM_BYTES && total > MAX_UNPACK_RATIO.saturating_mul(packed))
    {
        return Err(ProblemKind::Inflates {
            unpacked: total,
            packed,
        });
    }
    let has = |name: &str| z.index_for_name(name).is_some();
    // OpenDocument keeps its media type uncompressed in a first entry "mimetype".
    let ods_mimetype = bytes.len() > 38
        && &bytes[30..38] == b"mimetype"
        && bytes[38..].starts_with(b"application/vnd.oasis.opendocument.spreadsheet");
    if has("xl/workbook.xml") {
        Ok(ZipKind::Xlsx)
    } else if has("xl/workbook.bin") {
        Ok(ZipKind::Xlsb)
    } else if ods_mimetype || has("content.xml") {
        Ok(ZipKind::Ods)
    } else {
        Err(ProblemKind::Corrupt {
            reason: "a zip archive without a workbook".into(),
        })
    }
}

/// xlsx is streamed cell by cell, so a sheet whose cells sit far apart never
/// becomes a huge dense grid.
fn read_xlsx(bytes: &[u8]) -> Result<Vec<Sheet>, ProblemKind> {
    let mut wb = calamine::Xlsx::new(Cursor::new(bytes)).map_err(|e| match e {
        calamine::XlsxError::Password => ProblemKind::PasswordProtected,
        e => corrupt(e),
    })?;
    let mut sheets = Vec::new();
    for name in wb.sheet_names() {
        let mut reader = match wb.worksheet_cells_reader(&name) {
            Ok(r) => r,
            Err(calamine::XlsxError::NotAWorksheet(_)) => continue,
            Err(e) => return Err(corrupt(e)),
        };
        let mut builder = SheetBuilder::new(name);
        // The declared size, as a hint only (a hostile file may lie): capped.
        let declared = reader.dimensions().len().min(8_000_000) as usize;
        builder.cells.reserve(declared);
        while let Some(cell) = reader.next_cell().map_err(corrupt)? {
            let (r, c) = cell.get_position();
            let value = match cell.get_value() {
                DataRef::Empty => continue,
                DataRef::Int(i) => Value::Number(*i as f64),
                DataRef::Float(f) => Value::Number(*f),
                DataRef::String(s) => Value::text(s),
                DataRef::SharedString(s) => Value::text(s),
                DataRef::Bool(b) => Value::Bool(*b),
                DataRef::DateTime(d) => Value::from_excel_datetime(d),
                DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => Value::text(s),
                DataRef::Error(e) => Value::Error(e.to_string()),
            };
            builder.push(r, c, value);
        }
        sheets.push(builder.finish());
    }
    Ok(sheets)
}

/// xls, xlsb and ods come from calamine as whole ranges.
fn read_ranges<RS, R>(mut wb: R) -> Result<Vec<Sheet>, ProblemKind>
where
    RS: std::io::Read + std::io::Seek,
    R: Reader<RS>,
    R::Error: std::fmt::Display,
{
    let mut sheets = Vec::new();
    for name in wb.sheet_names() {
        let range = wb.worksheet_range(&name).map_err(corrupt)?;
        let (r0, c0) = range.start().unwrap_or((0, 0));
        let mut builder = SheetBuilder::new(name);
        for (r, c, d) in range.used_cells() {
            if let Some(v) = data_value(d) {
                builder.push(r0 + r as u32, c0 + c as u32, v);
            }
        }
        sheets.push(builder.finish());
    }
    Ok(sheets)
}

fn data_value(d: &Data) -> Option<Value> {
    Some(match d {
        Data::Empty => return None,
        Data::Int(i) => Value::Number(*i as f64),
        Data::Float(f) => Value::Number(*f),
        Data::String(s) => Value::text(s),
        Data::Bool(b) => Value::Bool(*b),
        Data::DateTime(d) => Value::from_excel_datetime(d),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Value::text(s),
        Data::Error(e) => Value::Error(e.to_string()),
    })
}

/// Collects cells into sorted rows. Readers give cells row by row, so rows are
/// built as the cells arrive; the rare cell out of order is merged in at the end.
struct SheetBuilder {
    name: String,
    cells: Vec<Value>,
    spans: Vec<RowSpan>,
    stray: Vec<(u32, u32, Value)>,
    truncated: bool,
}

impl SheetBuilder {
    fn new(name: String) -> SheetBuilder {
        SheetBuilder {
            name,
            cells: Vec::new(),
            spans: Vec::new(),
            stray: Vec::new(),
            truncated: false,
        }
    }

    fn push(&mut self, row: u32, col: u32, value: Value) {
        if value.is_empty() {
            return;
        }
        if col >= MAX_COLUMNS {
            self.truncated = true;
            return;
        }
        let col = col as usize;
        match self.spans.last_mut() {
            // The row being built: a cell to its right, or one it already has.
            Some(last) if last.index == row && col >= last.len => {
                self.cells.resize(last.start + col, Value::Empty);
                self.cells.push(value);
                last.len = col + 1;
            }
            Some(last) if last.index == row => self.cells[last.start + col] = value,
            Some(last) if last.index > row => self.stray.push((row, col as u32, value)),
            _ => {
                let start = self.cells.len();
                self.cells.resize(start + col, Value::Empty);
                self.cells.push(value);
                self.spans.push(RowSpan {
                    index: row,
                    start,
                    len: col + 1,
                });
            }
        }
    }

    fn finish(self) -> Sheet {
        if self.stray.is_empty() {
            return Sheet {
                name: self.name,
                cells: self.cells,
                spans: self.spans,
                truncated: self.truncated,
            };
        }
        // Cells out of order: lay the rows out again with them.
        let mut rows: std::collections::BTreeMap<u32, Vec<Value>> = self
            .spans
            .iter()
            .map(|s| (s.index, self.cells[s.start..s.start + s.len].to_vec()))
            .collect();
        for (r, c, v) in self.stray {
            let row = rows.entry(r).or_default();
            let c = c as usize;
            if row.len() <= c {
                row.resize(c + 1, Value::Empty);
            }
            row[c] = v;
        }
        let mut out = SheetBuilder::new(self.name);
        out.truncated = self.truncated;
        for (r, cells) in rows {
            for (c, v) in cells.into_iter().enumerate() {
                out.push(r, c as u32, v);
            }
        }
        out.finish()
    }
}

/// CSV: UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030 (what Excel
/// writes on a Chinese Windows); comma, semicolon or tab separated.
fn read_csv(file: &str, bytes: &[u8]) -> Result<Sheet, ProblemKind> {
    let text = decode_text(bytes).ok_or(ProblemKind::NotASpreadsheet)?;
    let first_line = text.lines().next().unwrap_or("");
    let delimiter = [b',', b'\t', b';']
        .into_iter()
        .max_by_key(|d| first_line.matches(*d as char).count())
        .unwrap_or(b',');
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let name = Path::new(file)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| file.to_string());
    let mut builder = SheetBuilder::new(name);
    for (r, record) in reader.records().enumerate() {
        let record = record.map_err(corrupt)?;
        for (c, field) in record.iter().enumerate() {
            builder.push(r as u32, c as u32, Value::text(field));
        }
    }
    Ok(builder.finish())
}

fn decode_text(bytes: &[u8]) -> Option<String> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return String::from_utf8(rest.to_vec()).ok();
    }
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        // `decode` sniffs the BOM and picks little- or big-endian itself.
        let (text, _, bad) = encoding_rs::UTF_16LE.decode(bytes);
        return (!bad).then(|| text.into_owned());
    }
    // Binary content (NUL bytes) is no CSV.
    if bytes.iter().take(8192).any(|&b| b == 0) {
        return None;
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Some(s.to_string()),
        Err(_) => {
            let (text, _, bad) = encoding_rs::GB18030.decode(bytes);
            (!bad).then(|| text.into_owned())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_out_of_order_land_in_their_rows() {
        let mut b = SheetBuilder::new("s".into());
        b.push(0, 0, Value::Number(1.0));
        b.push(0, 2, Value::Number(3.0));
        b.push(2, 0, Value::Number(5.0));
        b.push(0, 1, Value::Number(2.0));
        b.push(1, 1, Value::Number(4.0));
        b.push(3, 0, Value::Empty);
        b.push(3, MAX_COLUMNS, Value::Number(9.0));
        let s = b.finish();
        let rows: Vec<(u32, Vec<Value>)> = s
            .rows()
            .into_iter()
            .map(|r| (r.index, r.cells.to_vec()))
            .collect();
        use Value::{Empty, Number as N};
        assert_eq!(
            rows,
            vec![
                (0, vec![N(1.0), N(2.0), N(3.0)]),
                (1, vec![Empty, N(4.0)]),
                (2, vec![N(5.0)]),
            ]
        );
        assert!(s.truncated);
    }

    #[test]
    fn text_encodings() {
        let (gbk, _, _) = encoding_rs::GB18030.encode("学校名称,人数");
        assert_eq!(decode_text(&gbk).as_deref(), Some("学校名称,人数"));
        assert_eq!(decode_text(b"\xEF\xBB\xBFa,b").as_deref(), Some("a,b"));
        let utf16: Vec<u8> = [0xFF, 0xFE, b'a', 0, b',', 0, b'b', 0].to_vec();
        assert_eq!(decode_text(&utf16).as_deref(), Some("a,b"));
        assert_eq!(decode_text(b"a\x00b"), None);
    }
}
