//! A questionnaire file: any text is either refused with its problems or a valid instrument
//! that survives its own TOML and JSON exports.
#![no_main]

use domain::instruments::Instrument;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|source: &str| {
    if let Ok(instrument) = Instrument::from_toml(source) {
        let again = Instrument::from_toml(&instrument.to_toml()).expect("an exported instrument loads again");
        assert_eq!(again.def(), instrument.def());
        Instrument::from_json(&instrument.to_json()).expect("the JSON export loads again");
    }
});
