//! A unit list: any bytes are read and planned into an import or refused line by line — never
//! a panic, and a plan only ever holds valid codes.
#![no_main]

use domain::units::import::{ImportOptions, plan};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let Ok(rows) = app::units::read_csv(bytes) else { return };
    if let Ok(planned) = plan(&rows, ImportOptions::default(), &[]) {
        // Against an empty registry everything is new.
        assert_eq!((planned.updated(), planned.unchanged()), (0, 0));
        assert!(planned.inserted() > 0);
    }
});
