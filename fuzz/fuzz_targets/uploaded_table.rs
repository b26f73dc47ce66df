//! An uploaded table (visitor counts, paper results): any bytes — CSV in any encoding, a
//! broken or hostile XLSX — are read into rows with line numbers or refused with a reason.
#![no_main]

use app::tables::{parse_day, read_table};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    match read_table(bytes) {
        Ok(table) => {
            let mut last = 1;
            for (line, cells) in &table.rows {
                assert!(*line > last, "line numbers only grow: {line} after {last}");
                last = *line;
                for cell in cells {
                    let _ = parse_day(cell);
                }
            }
        }
        Err(e) => assert!(!e.to_string().is_empty()),
    }
});
