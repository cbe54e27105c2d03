//! The structure of an OLE compound file (MS-CFB: `.xls`, an encrypted `.xlsx`) checked
//! before calamine reads it.
//!
//! calamine follows sector chains without checking them: a chain that loops makes it grow a
//! buffer until the process dies for want of memory, and an id past the end of the sector
//! table makes it index out of bounds (its issue #684). So every chain calamine will follow —
//! the DIFAT, the directory, the mini stream and its table, and every stream a directory
//! entry names — is walked here first, in bounded time and memory: each id must point at a
//! whole sector inside the file and at an entry of its table, and no sector may be reached
//! twice (in a valid file every sector belongs to one chain at most once). A file that
//! passes cannot make calamine loop; the few panics left in its record parsers are caught
//! by the import's guard, and the reader process bounds whatever is still unknown.
//!
//! [`check`] hands back the workbook stream calamine will parse, so its records can be
//! checked too (see `biffcheck`).
use super::WorkbookError;

const SIGNATURE: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
/// Ids from here up are markers, not sectors.
const RESERVED: u32 = 0xFFFF_FFFA;
const DIFSECT: u32 = 0xFFFF_FFFC;
const ENDOFCHAIN: u32 = 0xFFFF_FFFE;
const MINI_SECTOR: usize = 64;
/// Streams shorter than this live in the mini stream.
const MINI_CUTOFF: u64 = 4096;
const DIR_ENTRY: usize = 128;
const STREAM: u8 = 2;

/// Checks the compound file `bytes` as the module notes say; the bytes of the stream calamine
/// reads as the workbook (the first entry named `Workbook`, else `Book`, as calamine looks
/// them up), if there is one.
pub fn check(bytes: &[u8]) -> Result<Option<Vec<u8>>, WorkbookError> {
    let corrupt = |why: &str| WorkbookError::Corrupt(format!("compound file: {why}"));
    let header = bytes
        .get(..512)
        .ok_or_else(|| corrupt("shorter than its header"))?;
    if !header.starts_with(SIGNATURE) {
        return Err(corrupt("no OLE signature"));
    }
    let size = match u16_at(header, 30) {
        9 => 512,
        12 => 4096,
        _ => return Err(corrupt("unknown sector size")),
    };
    if u16_at(header, 32) != 6 {
        return Err(corrupt("unknown mini sector size"));
    }
    let big = Sectors { bytes, size };
    let mut difat: Vec<u32> = u32s(&header[76..512]).collect();
    let mut next = u32_at(header, 68);
    let mut steps = 0usize;
    while next < RESERVED {
        steps += 1;
        if steps > big.count() {
            return Err(corrupt("the DIFAT chain loops"));
        }
        difat.extend(u32s(
            big.get(next)
                .ok_or_else(|| corrupt("DIFAT sector outside the file"))?,
        ));
        next = difat.pop().unwrap_or(ENDOFCHAIN);
    }
    let mut fat = Vec::new();
    for id in difat.into_iter().filter(|id| *id < DIFSECT) {
        fat.extend(u32s(
            big.get(id)
                .ok_or_else(|| corrupt("FAT sector outside the file"))?,
        ));
    }
    let mut seen = vec![false; fat.len()];
    let dir = walk(&big, &fat, &mut seen, u32_at(header, 48), u64::MAX)
        .map_err(|why| corrupt(&format!("directory: {why}")))?;
    let entries: Vec<&[u8]> = dir.chunks_exact(DIR_ENTRY).collect();
    let root = entries
        .first()
        .ok_or_else(|| corrupt("no root directory"))?;
    let entry_len = |e: &[u8]| {
        if size == 512 {
            u64::from(u32_at(e, 120))
        } else {
            u64::from_le_bytes(e[120..128].try_into().unwrap_or_default())
        }
    };
    let (mini_fat, mini_stream) = if u32_at(header, 64) > 0 {
        let mini_stream = walk(&big, &fat, &mut seen, u32_at(root, 116), entry_len(root))
            .map_err(|why| corrupt(&format!("mini stream: {why}")))?;
        let table_len = u64::from(u32_at(header, 64)) * size as u64;
        let table = walk(&big, &fat, &mut seen, u32_at(header, 60), table_len)
            .map_err(|why| corrupt(&format!("mini sector table: {why}")))?;
        (u32s(&table).collect(), mini_stream)
    } else {
        (Vec::new(), Vec::new())
    };
    let mini = Sectors {
        bytes: &mini_stream,
        size: MINI_SECTOR,
    };
    let mut mini_seen = vec![false; mini_fat.len()];
    let workbook = ["workbook", "book"]
        .iter()
        .find_map(|name| entries.iter().position(|e| named(e, name)));
    let mut workbook_bytes = None;
    for (i, entry) in entries.iter().enumerate() {
        // calamine reads the workbook entry whatever its type says, so that one too.
        if i == 0 || (entry[66] != STREAM && Some(i) != workbook) {
            continue;
        }
        let (start, len) = (u32_at(entry, 116), entry_len(entry));
        let walked = if len < MINI_CUTOFF {
            walk(&mini, &mini_fat, &mut mini_seen, start, len)
        } else {
            walk(&big, &fat, &mut seen, start, len)
        };
        let walked = walked.map_err(|why| corrupt(&format!("stream: {why}")))?;
        if Some(i) == workbook {
            workbook_bytes = Some(walked);
        }
    }
    Ok(workbook_bytes)
}

/// Whether the directory entry's name is `name` (ASCII, any case), decoded as calamine
/// decodes it: UTF-16 up to the first zero byte.
fn named(entry: &[u8], name: &str) -> bool {
    let units: Vec<u16> = entry[..64]
        .chunks_exact(2)
        .map(|c| u16::from_le_bytes([c[0], c[1]]))
        .collect();
    let decoded = String::from_utf16_lossy(&units);
    let cut = decoded
        .bytes()
        .position(|b| b == 0)
        .unwrap_or(decoded.len());
    decoded.as_bytes()[..cut].eq_ignore_ascii_case(name.as_bytes())
}

/// Sectors of `size` bytes; for the file's big sectors the first one is the header, which
/// has no id, so sector `id` starts at `(id + 1) * size` (see [`Sectors::get`]).
struct Sectors<'a> {
    bytes: &'a [u8],
    size: usize,
}

impl Sectors<'_> {
    fn skip(&self) -> usize {
        usize::from(self.size != MINI_SECTOR)
    }

    /// How many whole sectors there are.
    fn count(&self) -> usize {
        (self.bytes.len() / self.size).saturating_sub(self.skip())
    }

    fn get(&self, id: u32) -> Option<&[u8]> {
        let start = (id as usize)
            .checked_add(self.skip())?
            .checked_mul(self.size)?;
        self.bytes.get(start..start.checked_add(self.size)?)
    }
}

/// The bytes of the chain from `start` up to `len` bytes (the whole chain for `u64::MAX`),
/// as calamine reads it, refusing what calamine would not survive.
fn walk(
    sectors: &Sectors<'_>,
    table: &[u32],
    seen: &mut [bool],
    start: u32,
    len: u64,
) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let mut id = start;
    while id != ENDOFCHAIN {
        let sector = sectors
            .get(id)
            .ok_or_else(|| format!("sector {id} is outside the file"))?;
        let left = len.saturating_sub(out.len() as u64);
        out.extend_from_slice(
            &sector[..sector
                .len()
                .min(usize::try_from(left).unwrap_or(usize::MAX))],
        );
        if out.len() as u64 >= len {
            break;
        }
        let slot = seen
            .get_mut(id as usize)
            .ok_or_else(|| format!("sector {id} is past the sector table"))?;
        if std::mem::replace(slot, true) {
            return Err(format!("sector {id} is reached twice (the chain loops)"));
        }
        id = table[id as usize];
    }
    Ok(out)
}

fn u16_at(b: &[u8], at: usize) -> u16 {
    u16::from_le_bytes([b[at], b[at + 1]])
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}

fn u32s(b: &[u8]) -> impl Iterator<Item = u32> + '_ {
    b.chunks_exact(4)
        .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
}
