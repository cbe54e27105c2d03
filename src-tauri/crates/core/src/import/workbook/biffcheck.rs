//! The records of an `.xls` workbook stream checked before calamine parses them.
//!
//! calamine holds every sheet of an `.xls` whole, as a dense grid from the first used cell
//! to the last, and sizes it from the records before reading a value: a sheet's Dimensions
//! record reserves rows × columns cells, and two cells far apart (A1 and IV65536) make a grid
//! of sixteen million. A small file can thus ask for gigabytes and abort the process (the
//! fuzzer's `workbook-oom-15k.xls` asks for 24 GB). Here each sheet is walked the way
//! calamine walks it — from the offset its BoundSheet record gives, nested substreams
//! skipped, up to its EOF — adding up what calamine would allocate, and the workbook is
//! refused when the sum passes [`MAX_GRID_CELLS`]. Only record headers and cell positions
//! are read, so this takes time linear in the stream and no memory to speak of.
use super::WorkbookError;

/// The most grid cells (all sheets' values and formulas) an `.xls` may make calamine hold:
/// twice the largest sheet we import (`MAX_CELLS`), about 800 MB of calamine's cells.
pub const MAX_GRID_CELLS: u64 = 2 * super::MAX_CELLS;

const BOF: u16 = 0x0809;
const EOF: u16 = 0x000A;
const BOUND_SHEET: u16 = 0x0085;
const DIMENSIONS: u16 = 0x0200;
const FORMULA: u16 = 0x0006;
const MUL_RK: u16 = 0x00BD;
/// Number, Label, RString, BoolErr, Rk, LabelSst: each starts with its row and column.
const ONE_CELL: [u16; 6] = [0x0203, 0x0204, 0x00D6, 0x0205, 0x027E, 0x00FD];

/// Refuses a workbook `stream` whose sheets would make calamine hold more than
/// [`MAX_GRID_CELLS`] cells.
pub fn check(stream: &[u8]) -> Result<(), WorkbookError> {
    let mut total: u64 = 0;
    for pos in sheet_offsets(stream) {
        let Some(sheet) = stream.get(pos..) else {
            continue;
        };
        total = total.saturating_add(sheet_cells(sheet));
        if total > MAX_GRID_CELLS {
            return Err(WorkbookError::Corrupt(format!(
                "its sheets span more than {MAX_GRID_CELLS} cells"
            )));
        }
    }
    Ok(())
}

/// The records of `stream` from its start: type and data, until one is cut short.
fn records(stream: &[u8]) -> impl Iterator<Item = (u16, &[u8])> {
    let mut rest = stream;
    std::iter::from_fn(move || {
        let typ = u16_at(rest, 0)?;
        let len = usize::from(u16_at(rest, 2)?);
        let data = rest.get(4..4 + len)?;
        rest = &rest[4 + len..];
        Some((typ, data))
    })
}

/// Where each sheet starts, from the BoundSheet records of the globals (up to their EOF).
fn sheet_offsets(stream: &[u8]) -> Vec<usize> {
    records(stream)
        .take_while(|(typ, _)| *typ != EOF)
        .filter(|(typ, _)| *typ == BOUND_SHEET)
        .filter_map(|(_, data)| u32_at(data, 0).map(|pos| pos as usize))
        .collect()
}

/// The cells calamine would hold for the sheet starting at `sheet`: the Dimensions record's
/// reservation, plus the grids spanning its values and its formulas.
fn sheet_cells(sheet: &[u8]) -> u64 {
    let mut reserved: u64 = 0;
    let (mut values, mut formulas) = (Span::default(), Span::default());
    let (mut seen_bof, mut depth) = (false, 0usize);
    for (typ, data) in records(sheet) {
        if depth > 0 {
            match typ {
                BOF => depth += 1,
                EOF => depth -= 1,
                _ => {}
            }
            continue;
        }
        match typ {
            BOF if seen_bof => depth += 1,
            BOF => seen_bof = true,
            EOF => break,
            DIMENSIONS => reserved = reserved.max(dimensions(data)),
            FORMULA => {
                if let Some(at) = position(data) {
                    values.add(at);
                    formulas.add(at);
                }
            }
            MUL_RK => {
                if let (Some((row, first)), Some(last)) = (
                    position(data),
                    data.len().checked_sub(2).and_then(|at| u16_at(data, at)),
                ) {
                    values.add((row, first));
                    values.add((row, last));
                }
            }
            t if ONE_CELL.contains(&t) => {
                if let Some(at) = position(data) {
                    values.add(at);
                }
            }
            _ => {}
        }
    }
    reserved
        .saturating_add(values.cells())
        .saturating_add(formulas.cells())
}

/// What calamine reserves for a Dimensions record, computed as it does (its arithmetic
/// wraps in a release build, so a last row before the first asks for billions).
fn dimensions(data: &[u8]) -> u64 {
    let (first_row, last_row, mut first_col, last_col) = match data.len() {
        10 => (
            u32::from(u16_at(data, 0).unwrap_or(0)),
            u32::from(u16_at(data, 2).unwrap_or(0)),
            u32::from(u16_at(data, 4).unwrap_or(0)),
            u32::from(u16_at(data, 6).unwrap_or(0)),
        ),
        14 | 16 => (
            u32_at(data, 0).unwrap_or(0),
            u32_at(data, 4).unwrap_or(0),
            u32::from(u16_at(data, 8).unwrap_or(0)),
            u32::from(u16_at(data, 10).unwrap_or(0)),
        ),
        _ => return 0,
    };
    if first_col > 0xFF || last_col < first_col {
        first_col = 0;
    }
    let (end_row, end_col) = if last_row >= 1 && last_col >= 1 {
        (last_row - 1, last_col - 1)
    } else {
        (first_row, first_col)
    };
    let rows = u64::from(end_row.wrapping_sub(first_row).wrapping_add(1));
    let cols = u64::from(end_col.wrapping_sub(first_col).wrapping_add(1));
    rows.saturating_mul(cols)
}

/// The row and column a cell record starts with.
fn position(data: &[u8]) -> Option<(u16, u16)> {
    Some((u16_at(data, 0)?, u16_at(data, 2)?))
}

/// The smallest rectangle holding the cells seen so far.
#[derive(Default)]
struct Span(Option<(u16, u16, u16, u16)>);

impl Span {
    fn add(&mut self, (row, col): (u16, u16)) {
        self.0 = Some(match self.0 {
            None => (row, row, col, col),
            Some((r0, r1, c0, c1)) => (r0.min(row), r1.max(row), c0.min(col), c1.max(col)),
        });
    }

    fn cells(&self) -> u64 {
        self.0.map_or(0, |(r0, r1, c0, c1)| {
            (u64::from(r1 - r0) + 1) * (u64::from(c1 - c0) + 1)
        })
    }
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn record(typ: u16, data: &[u8]) -> Vec<u8> {
        let mut out = typ.to_le_bytes().to_vec();
        out.extend((data.len() as u16).to_le_bytes());
        out.extend(data);
        out
    }

    fn cell(typ: u16, row: u16, col: u16) -> Vec<u8> {
        let mut data = row.to_le_bytes().to_vec();
        data.extend(col.to_le_bytes());
        data.extend([0u8; 10]);
        record(typ, &data)
    }

    /// Globals with one BoundSheet per entry of `sheets` (all at the same offset), then the
    /// sheet records `body`.
    fn workbook(sheets: usize, body: &[Vec<u8>]) -> Vec<u8> {
        let bound_len = 4 + 12;
        let globals_len = 4 + 4 + sheets * bound_len + 4;
        let mut out = record(BOF, &[0; 4]);
        for _ in 0..sheets {
            let mut data = (globals_len as u32).to_le_bytes().to_vec();
            data.extend([0, 0, 1, 0, b'S', 0, 0, 0]);
            out.extend(record(BOUND_SHEET, &data));
        }
        out.extend(record(EOF, &[]));
        assert_eq!(out.len(), globals_len);
        out.extend(record(BOF, &[0; 4]));
        body.iter().for_each(|r| out.extend(r));
        out.extend(record(EOF, &[]));
        out
    }

    #[test]
    fn an_ordinary_sheet_passes() {
        let body: Vec<Vec<u8>> = (0..1000).map(|r| cell(0x027E, r, r % 20)).collect();
        assert!(check(&workbook(3, &body)).is_ok());
    }

    #[test]
    fn two_cells_far_apart_are_refused() {
        let body = [cell(0x0203, 0, 0), cell(0x00FD, 65_535, 255)];
        assert!(matches!(
            check(&workbook(1, &body)),
            Err(WorkbookError::Corrupt(why)) if why.contains("cells")
        ));
    }

    #[test]
    fn many_sheets_over_one_spread_add_up() {
        // 4,000 × 256 cells a sheet is fine alone, not eight thousand times over.
        let body = [cell(0x0203, 0, 0), cell(0x0203, 3_999, 255)];
        assert!(check(&workbook(1, &body)).is_ok());
        assert!(check(&workbook(8_000, &body)).is_err());
    }

    #[test]
    fn a_dimensions_record_asking_for_billions_is_refused() {
        // Last row before the first: calamine's subtraction wraps.
        let mut data = 10u32.to_le_bytes().to_vec();
        data.extend(2u32.to_le_bytes());
        data.extend([0, 0, 10, 0, 0, 0]);
        assert!(check(&workbook(1, &[record(DIMENSIONS, &data)])).is_err());
    }

    #[test]
    fn cells_of_an_embedded_chart_are_not_the_sheets() {
        let body = [
            record(BOF, &[0; 4]),
            cell(0x0203, 65_535, 255),
            record(EOF, &[]),
            cell(0x0203, 0, 0),
        ];
        assert!(check(&workbook(1, &body)).is_ok());
    }
}
