//! A guard for OLE compound files (legacy .xls, encrypted .xlsx): calamine
//! follows sector chains without checking for loops, so a damaged or hostile
//! file whose chain points back on itself makes it read forever and exhaust
//! memory. This walks the same allocation tables first and refuses any loop.
//!
//! Layout (MS-CFB): a header of one sector (512 or 4096 bytes) holding the
//! first 109 DIFAT entries; the DIFAT lists the FAT sectors; the FAT and the
//! mini FAT are arrays of "next sector" links ending in ENDOFCHAIN.

const DIFSECT: u32 = 0xFFFF_FFFC;
const RESERVED: u32 = 0xFFFF_FFFA;

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    b.get(at..at + 2).map(|s| u16::from_le_bytes([s[0], s[1]]))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    b.get(at..at + 4)
        .map(|s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
}

fn u32s(b: &[u8]) -> impl Iterator<Item = u32> + '_ {
    b.chunks_exact(4)
        .map(|s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
}

/// The parts of a compound file this guard reads.
struct Container<'a> {
    bytes: &'a [u8],
    size: usize,
    fat: Vec<u32>,
    mini: Vec<u32>,
}

impl Container<'_> {
    fn sector(&self, id: u32) -> &[u8] {
        let start = self
            .size
            .saturating_add((id as usize).saturating_mul(self.size));
        if start >= self.bytes.len() {
            return &[];
        }
        &self.bytes[start..self.bytes.len().min(start + self.size)]
    }

    /// Follow a FAT chain (loop-free: checked first) for up to `len` bytes.
    fn chain(&self, mut id: u32, len: usize) -> Vec<u8> {
        let mut out = Vec::new();
        while id < RESERVED && out.len() < len {
            let s = self.sector(id);
            if s.is_empty() {
                break;
            }
            out.extend_from_slice(&s[..s.len().min(len - out.len())]);
            id = self.fat.get(id as usize).copied().unwrap_or(RESERVED);
        }
        out
    }

    /// A stream by name, read as calamine reads it (under 4096 bytes: from the mini stream).
    fn stream(&self, names: &[&str]) -> Option<Vec<u8>> {
        let dir_start = u32_at(self.bytes, 48)?;
        let dirs = self.chain(dir_start, self.bytes.len());
        let entries: Vec<&[u8]> = dirs.chunks_exact(128).collect();
        let root = entries.first()?;
        let entry = entries.iter().find(|e| {
            let name_len = (u16_at(e, 64).unwrap_or(0) as usize).min(64);
            let units: Vec<u16> = e[..name_len]
                .chunks_exact(2)
                .map(|c| u16::from_le_bytes([c[0], c[1]]))
                .collect();
            let name = String::from_utf16_lossy(&units);
            let name = name.trim_end_matches('\0');
            names.iter().any(|n| n.eq_ignore_ascii_case(name))
        })?;
        let start = u32_at(entry, 116)?;
        let len = (u32_at(entry, 120)? as usize).min(self.bytes.len());
        if len >= 4096 {
            return Some(self.chain(start, len));
        }
        let ministream = self.chain(u32_at(root, 116)?, self.bytes.len());
        let mut out = Vec::new();
        let mut id = start;
        while id < RESERVED && out.len() < len {
            let at = id as usize * 64;
            let Some(s) = ministream.get(at..(at + 64).min(ministream.len())) else {
                break;
            };
            out.extend_from_slice(&s[..s.len().min(len - out.len())]);
            id = self.mini.get(id as usize).copied().unwrap_or(RESERVED);
        }
        Some(out)
    }
}

/// Whether any chain in the FAT or the mini FAT loops. Files too damaged to
/// walk are left to the reader, which reports them as errors.
pub fn has_looping_chain(bytes: &[u8]) -> bool {
    container(bytes).is_err()
}

/// The container's tables, or Err when a chain loops.
fn container(bytes: &[u8]) -> Result<Container<'_>, ()> {
    let size = match u16_at(bytes, 30) {
        Some(9) => 512usize,
        Some(12) => 4096,
        _ => {
            return Ok(Container {
                bytes,
                size: 512,
                fat: Vec::new(),
                mini: Vec::new(),
            });
        }
    };
    let sector = |id: u32| -> &[u8] {
        let start = size.saturating_add((id as usize).saturating_mul(size));
        if start >= bytes.len() {
            return &[];
        }
        &bytes[start..bytes.len().min(start + size)]
    };
    let max_sectors = bytes.len() / size + 1;

    // The DIFAT: 109 entries in the header, then a chain of DIFAT sectors.
    let mut difat: Vec<u32> = u32s(bytes.get(76..512).unwrap_or(&[])).collect();
    let mut next = u32_at(bytes, 68).unwrap_or(RESERVED);
    let mut steps = 0;
    while next < RESERVED {
        steps += 1;
        if steps > max_sectors {
            return Err(());
        }
        difat.extend(u32s(sector(next)));
        next = difat.pop().unwrap_or(RESERVED);
    }
    let fat: Vec<u32> = difat
        .iter()
        .filter(|id| **id < DIFSECT)
        .flat_map(|id| u32s(sector(*id)))
        .collect();
    if loops(&fat) {
        return Err(());
    }

    // The mini FAT lives in regular sectors, chained through the FAT (loop-free by now).
    let mini_start = u32_at(bytes, 60).unwrap_or(RESERVED);
    let mini_len = u32_at(bytes, 64).unwrap_or(0) as usize;
    let mut mini: Vec<u32> = Vec::new();
    let mut id = mini_start;
    let mut count = 0;
    while id < RESERVED && count < mini_len.min(max_sectors) {
        mini.extend(u32s(sector(id)));
        id = fat.get(id as usize).copied().unwrap_or(RESERVED);
        count += 1;
    }
    if loops(&mini) {
        return Err(());
    }
    Ok(Container {
        bytes,
        size,
        fat,
        mini,
    })
}

/// The most cells an .xls sheet can hold (BIFF8: 65,536 rows × 256 columns).
const XLS_MAX_CELLS: usize = 65_536 * 256;

/// Whether the workbook stream declares a sheet larger than an .xls sheet can
/// be. calamine reserves memory for the declared size before reading a cell,
/// so a hostile Dimensions record would exhaust memory. Records are read at
/// the start of the stream and at every sheet offset, as the reader does.
pub fn xls_declares_oversized_sheet(bytes: &[u8]) -> bool {
    let Ok(c) = container(bytes) else { return true };
    let Some(stream) = c.stream(&["Workbook", "Book"]) else {
        return false;
    };
    let mut starts = vec![0usize];
    let mut oversized = false;
    let mut scan = |from: usize, starts: &mut Vec<usize>| {
        let mut at = from;
        while at + 4 <= stream.len() {
            let typ = u16_at(&stream, at).unwrap_or(0);
            let len = u16_at(&stream, at + 2).unwrap_or(0) as usize;
            let Some(data) = stream.get(at + 4..at + 4 + len) else {
                break;
            };
            match typ {
                // BoundSheet8: where a sheet's records start.
                0x0085 if from == 0 => {
                    if let Some(pos) = u32_at(data, 0) {
                        starts.push(pos as usize);
                    }
                }
                0x0200 => oversized |= dimensions_cells(data) > XLS_MAX_CELLS,
                // EOF of a sheet's substream.
                0x000A if from != 0 => break,
                _ => {}
            }
            at += 4 + len;
        }
    };
    scan(0, &mut starts);
    let sheets: Vec<usize> = starts.drain(1..).collect();
    for pos in sheets {
        scan(pos, &mut Vec::new());
    }
    oversized
}

/// Cells a Dimensions record asks for, computed as calamine does (wrapping included).
fn dimensions_cells(r: &[u8]) -> usize {
    let (rf, rl, mut cf, cl) = match r.len() {
        10 => (
            u32::from(u16_at(r, 0).unwrap_or(0)),
            u32::from(u16_at(r, 2).unwrap_or(0)),
            u32::from(u16_at(r, 4).unwrap_or(0)),
            u32::from(u16_at(r, 6).unwrap_or(0)),
        ),
        14 | 16 => (
            u32_at(r, 0).unwrap_or(0),
            u32_at(r, 4).unwrap_or(0),
            u32::from(u16_at(r, 8).unwrap_or(0)),
            u32::from(u16_at(r, 10).unwrap_or(0)),
        ),
        _ => return 0,
    };
    if 0xFF < cf || cl < cf {
        cf = 0;
    }
    if rl >= 1 && cl >= 1 {
        let rows = (rl - 1).wrapping_sub(rf).wrapping_add(1) as usize;
        let cols = (cl - 1).wrapping_sub(cf).wrapping_add(1) as usize;
        rows.saturating_mul(cols)
    } else {
        1
    }
}

/// Whether following links from any entry of `links` comes back to an entry
/// already on the path. Links out of range (ENDOFCHAIN and the other markers
/// included) end a chain.
fn loops(links: &[u32]) -> bool {
    // 0: not seen, 1: on the path being walked, 2: known to end.
    let mut state = vec![0u8; links.len()];
    let mut path = Vec::new();
    for start in 0..links.len() {
        if state[start] != 0 {
            continue;
        }
        let mut cur = start;
        loop {
            match state[cur] {
                1 => return true,
                2 => break,
                _ => {}
            }
            state[cur] = 1;
            path.push(cur);
            let next = links[cur] as usize;
            if next >= links.len() {
                break;
            }
            cur = next;
        }
        for p in path.drain(..) {
            state[p] = 2;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loops_are_found_and_chains_that_end_are_not() {
        const END: u32 = 0xFFFF_FFFE;
        assert!(!loops(&[1, 2, END, END]));
        assert!(loops(&[1, 2, 0]));
        assert!(loops(&[END, 2, 2]));
        assert!(!loops(&[3, 3, END, END]));
        assert!(!loops(&[]));
    }

    #[test]
    fn the_legacy_fixture_has_no_loop_and_a_small_sheet() {
        let bytes = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../tests/fixtures/legacy.xls"
        ))
        .unwrap();
        assert!(!has_looping_chain(&bytes));
        assert!(!xls_declares_oversized_sheet(&bytes));
        let c = container(&bytes).unwrap();
        let stream = c.stream(&["Workbook"]).unwrap();
        // A BIFF8 workbook stream opens with a BOF record (0x0809).
        assert_eq!(u16_at(&stream, 0), Some(0x0809));
    }

    #[test]
    fn the_fuzzer_s_huge_sheet_is_caught() {
        let bytes = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../tests/fixtures/fuzz/xls-huge-dimensions.bin"
        ))
        .unwrap();
        assert!(xls_declares_oversized_sheet(&bytes));
    }

    #[test]
    fn dimensions_as_the_reader_computes_them() {
        let rec = |rf: u32, rl: u32, cf: u16, cl: u16| {
            let mut r = Vec::new();
            r.extend(rf.to_le_bytes());
            r.extend(rl.to_le_bytes());
            r.extend(cf.to_le_bytes());
            r.extend(cl.to_le_bytes());
            r.extend([0, 0]);
            r
        };
        assert_eq!(dimensions_cells(&rec(0, 10, 0, 4)), 40);
        assert_eq!(dimensions_cells(&rec(0, 65_536, 0, 256)), XLS_MAX_CELLS);
        // rl − 1 below rf wraps round to about 4 billion rows.
        assert!(dimensions_cells(&rec(5, 2, 0, 4)) > XLS_MAX_CELLS);
    }

    #[test]
    fn the_fuzzer_s_looping_file_is_caught() {
        let bytes = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../tests/fixtures/fuzz/xls-fat-loop.bin"
        ))
        .unwrap();
        assert!(has_looping_chain(&bytes));
    }
}
