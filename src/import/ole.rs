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

/// Whether any chain in the FAT or the mini FAT loops. Files too damaged to
/// walk are left to the reader, which reports them as errors.
pub fn has_looping_chain(bytes: &[u8]) -> bool {
    let size = match u16_at(bytes, 30) {
        Some(9) => 512usize,
        Some(12) => 4096,
        _ => return false,
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
            return true;
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
        return true;
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
    loops(&mini)
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
    fn the_legacy_fixture_has_no_loop() {
        let bytes = std::fs::read("tests/fixtures/legacy.xls").unwrap();
        assert!(!has_looping_chain(&bytes));
    }

    #[test]
    fn the_fuzzer_s_looping_file_is_caught() {
        let bytes = std::fs::read("tests/fixtures/fuzz/xls-fat-loop.bin").unwrap();
        assert!(has_looping_chain(&bytes));
    }
}
