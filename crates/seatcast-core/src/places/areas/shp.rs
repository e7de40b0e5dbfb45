//! Areas from a Shapefile: the .shp checked record by record before the
//! reader runs, and the .dbf's names decoded in their encoding.

use super::*;

/// The .dbf's text encoding: its .cpg where there is one, else UTF-8 when
/// every name decodes as UTF-8, else GBK (Chinese GIS exports).
pub(super) fn dbf_encoding(dbf: &[u8], cpg: Option<&str>) -> &'static encoding_rs::Encoding {
    if let Some(c) = cpg {
        let c = c.trim().to_lowercase();
        if c.contains("utf") {
            return encoding_rs::UTF_8;
        }
        if c.contains("936") || c.contains("gbk") || c.contains("gb2312") || c.contains("18030") {
            return encoding_rs::GB18030;
        }
    }
    if std::str::from_utf8(dbf).is_ok() {
        encoding_rs::UTF_8
    } else {
        encoding_rs::GB18030
    }
}

/// Areas from a Shapefile: the .shp and the .dbf beside it (same stem).
pub fn from_shapefile(shp: &Path, datum: Datum) -> Result<Vec<Boundary>, AreasError> {
    let read = |p: &Path| {
        std::fs::read(p).map_err(|source| AreasError::Read {
            path: p.to_path_buf(),
            source,
        })
    };
    let shp_bytes = read(shp)?;
    let dbf_path = shp.with_extension("dbf");
    let dbf_bytes = read(&dbf_path)?;
    let cpg = std::fs::read_to_string(shp.with_extension("cpg")).ok();
    let encoding = dbf_encoding(&dbf_bytes, cpg.as_deref());
    let damaged = |p: &Path, what: String| AreasError::Damaged {
        path: p.to_path_buf(),
        what,
    };
    if let Some(what) = implausible_record(&shp_bytes) {
        return Err(damaged(shp, what));
    }
    let shapes = shapefile::ShapeReader::new(std::io::Cursor::new(shp_bytes))
        .and_then(|r| r.read())
        .map_err(|e| damaged(shp, e.to_string()))?;
    let mut dbf = shapefile::dbase::ReaderBuilder::new()
        .with_encoding(shapefile::dbase::encoding::EncodingRs::from(encoding))
        .build(std::io::Cursor::new(dbf_bytes))
        .map_err(|e| damaged(&dbf_path, e.to_string()))?;
    let records = dbf.read().map_err(|e| damaged(&dbf_path, e.to_string()))?;
    let mut out = Vec::new();
    for (i, shape) in shapes.into_iter().enumerate() {
        let props: Vec<(String, String)> = records
            .get(i)
            .map(|r| {
                r.clone()
                    .into_iter()
                    .map(|(k, v)| {
                        let text = match v {
                            shapefile::dbase::FieldValue::Character(Some(s)) => s,
                            shapefile::dbase::FieldValue::Memo(s) => s,
                            other => other.to_string(),
                        };
                        (k, text)
                    })
                    .collect()
            })
            .unwrap_or_default();
        let mp: MultiPolygon<f64> = match shape {
            shapefile::Shape::Polygon(p) => p.try_into(),
            shapefile::Shape::PolygonZ(p) => p.try_into(),
            shapefile::Shape::PolygonM(p) => p.try_into(),
            _ => continue,
        }
        .map_err(|e: shapefile::Error| damaged(shp, format!("shape {}: {e}", i + 1)))?;
        out.push(Boundary::read(props, i, &mp));
    }
    finish(shp, out, datum)
}

/// The first record of a .shp that the reader would misread, if any, said
/// before it runs: the reader trusts a record's counts of parts and points
/// to size its buffers (a damaged count asks for gigabytes), and reads a
/// record's content by its shape type whatever length the record claims.
/// So every record must fit the file and be exactly the size its type and
/// counts make (the M values of M and Z shapes optional, as the format
/// allows), and each part must start at one of its points, in order.
pub(super) fn implausible_record(shp: &[u8]) -> Option<String> {
    let be = |at: usize| -> Option<i64> {
        Some(i64::from(i32::from_be_bytes(
            shp.get(at..at + 4)?.try_into().ok()?,
        )))
    };
    let le = |at: usize| -> Option<i64> {
        Some(i64::from(i32::from_le_bytes(
            shp.get(at..at + 4)?.try_into().ok()?,
        )))
    };
    let mut at = 100;
    let mut n = 0;
    while at < shp.len() {
        n += 1;
        let Some(words) = be(at + 4) else {
            return Some(format!("shape {n}: its record header is cut short"));
        };
        let (bytes, content) = (words * 2, at + 8);
        if bytes < 4 || content as i64 + bytes > shp.len() as i64 {
            return Some(format!(
                "shape {n}: its record of {bytes} bytes does not fit the file (is it cut short?)"
            ));
        }
        let kind = le(content)?;
        // The sizes the record may have, and its counts.
        let (sizes, parts, points): (Vec<i64>, i64, i64) = match kind {
            0 => (vec![4], 0, 0),
            1 => (vec![20], 0, 1),
            21 => (vec![28], 0, 1),
            11 => (vec![28, 36], 0, 1),
            3 | 5 | 13 | 15 | 23 | 25 | 31 | 8 | 18 | 28 => {
                let multipoint = matches!(kind, 8 | 18 | 28);
                let head = if multipoint { 40 } else { 44 };
                if bytes < head {
                    return Some(format!(
                        "shape {n}: its record of {bytes} bytes is too short for its shape"
                    ));
                }
                let (parts, points) = if multipoint {
                    (0, le(content + 36)?)
                } else {
                    (le(content + 36)?, le(content + 40)?)
                };
                let per_part = if kind == 31 { 8 } else { 4 };
                let base = head + per_part * parts + 16 * points;
                if parts < 0 || points < 0 || base > bytes {
                    return Some(format!(
                        "shape {n}: its record says {parts} parts and {points} points in {bytes} bytes"
                    ));
                }
                let range = 16 + 8 * points;
                let sizes = match kind {
                    3 | 5 | 8 => vec![base],
                    23 | 25 | 28 => vec![base, base + range],
                    _ => vec![base + range, base + 2 * range],
                };
                (sizes, parts, points)
            }
            other => return Some(format!("shape {n}: unknown shape type {other}")),
        };
        if !sizes.contains(&bytes) {
            return Some(format!(
                "shape {n}: its record of {bytes} bytes is not the size of its shape ({parts} parts, {points} points)"
            ));
        }
        // Each part starts at a point, in order: the reader sizes a ring by
        // the gap between two starts.
        let mut last = 0;
        for k in 0..parts as usize {
            let start = le(content + 44 + 4 * k)?;
            if start < last || start > points {
                return Some(format!(
                    "shape {n}: part {} starts at point {start} of {points}",
                    k + 1
                ));
            }
            last = start;
        }
        at = content + bytes as usize;
    }
    None
}
