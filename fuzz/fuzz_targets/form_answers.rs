//! The citizen form's body and a typed paper slip: any bytes are either refused with a reason
//! or read into answers the questionnaire allows — never a panic.
#![no_main]

use std::sync::LazyLock;

use domain::answers::{self, Answer, Rejection};
use domain::instruments::Instrument;
use libfuzzer_sys::fuzz_target;

static PKS05: LazyLock<Instrument> =
    LazyLock::new(|| Instrument::from_toml(include_str!("../../instruments/pks05.toml")).expect("PKS05 is valid"));

fuzz_target!(|body: &[u8]| {
    let Ok(pairs) = answers::parse_urlencoded(body) else { return };
    for read in [answers::read(&PKS05, &pairs), answers::read_paper(&PKS05, &pairs)] {
        let kept = match read {
            Ok(answers) => answers,
            Err(Rejection::Incomplete { kept, .. }) => kept,
            Err(Rejection::Malformed(m)) => {
                assert!(!m.message(domain::text::Lang::Vi).is_empty());
                continue;
            }
        };
        // Whatever was kept is something the questionnaire can hold.
        for (code, answer) in &kept.0 {
            let item = PKS05.item(code).expect("only known questions are kept");
            if let Answer::Level(level) = answer {
                assert!(PKS05.scale_of(item).expect("a rated item has a scale").has_level(*level));
            }
        }
        assert_eq!(answers::Answers::from_json(&kept.to_json()).expect("answers round-trip"), kept);
    }
});
