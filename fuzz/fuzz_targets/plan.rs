//! The header step and the plan on arbitrary tables: header location under title rows,
//! column mapping, then rows → customers and follow-ups (values, dates, duplicates).
#![no_main]
use libfuzzer_sys::fuzz_target;
use rapport_core::import::headers::{locate_header, map_columns};
use rapport_core::import::plan::{plan, MatchKey, PlanOptions, Sheet};
use rapport_core::import::values::DateOrder;

fn nobody(_: &MatchKey) -> Option<String> {
    None
}

fuzz_target!(
    init: rapport_fuzz::quiet_caught_panics(),
    |input: (Vec<Vec<String>>, bool)| {
        let (rows, day_first) = input;
        let header = locate_header(&rows, 12);
        let (cells, start) = match &header {
            Some(h) => (h.cells.clone(), h.data_start),
            None => (rows.first().cloned().unwrap_or_default(), 1),
        };
        let columns = map_columns(&cells);
        let order = if day_first { DateOrder::DayFirst } else { DateOrder::MonthFirst };
        let read = rapport_fuzz::read_context();
        let options = PlanOptions::new(order, read.tz, read.now);
        let sheet = Sheet {
            header: &cells,
            columns: &columns,
            rows: rows.get(start..).unwrap_or_default(),
            first_row: start + 1,
        };
        let _ = plan(&sheet, &options, &nobody);
    }
);
