//! Property tests: whatever is done to a valid questionnaire, validation either refuses it with
//! located messages or yields an instrument whose references all resolve.

use hailong_domain::instruments::{Instrument, InstrumentDef, ItemKind};
use hailong_domain::text::Lang;
use proptest::prelude::*;

fn pks05() -> InstrumentDef {
    let source = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../instruments/pks05.toml")).unwrap();
    Instrument::from_toml(&source).unwrap().def().clone()
}

#[derive(Debug, Clone)]
enum Mutation {
    RenameScaleOfItem(usize, String),
    RenameFactorOfItem(usize, String),
    DropFactor(usize),
    DropScale(usize),
    SatisfiedLevel(u8),
    DuplicateItemCode(usize, usize),
    DropEnglishOfItem(usize),
    LevelValue(usize, u8),
    Overall(String),
    ItemKindText(usize),
    Version(u32),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let name = "[a-z0-9_]{1,6}";
    prop_oneof![
        (0usize..8, name).prop_map(|(i, s)| Mutation::RenameScaleOfItem(i, s)),
        (0usize..8, name).prop_map(|(i, s)| Mutation::RenameFactorOfItem(i, s)),
        (0usize..8).prop_map(Mutation::DropFactor),
        (0usize..2).prop_map(Mutation::DropScale),
        (0u8..12).prop_map(Mutation::SatisfiedLevel),
        (0usize..8, 0usize..8).prop_map(|(a, b)| Mutation::DuplicateItemCode(a, b)),
        (0usize..8).prop_map(Mutation::DropEnglishOfItem),
        (0usize..5, 0u8..13).prop_map(|(i, v)| Mutation::LevelValue(i, v)),
        name.prop_map(Mutation::Overall),
        (0usize..8).prop_map(Mutation::ItemKindText),
        (0u32..3).prop_map(Mutation::Version),
    ]
}

fn apply(def: &mut InstrumentDef, m: &Mutation) {
    let mut items: Vec<_> = def.sections.iter_mut().flat_map(|s| s.items.iter_mut()).collect();
    let n = items.len();
    match m {
        Mutation::RenameScaleOfItem(i, s) => items[i % n].scale = Some(s.clone()),
        Mutation::RenameFactorOfItem(i, s) => items[i % n].factor = Some(s.clone()),
        Mutation::DropEnglishOfItem(i) => items[i % n].text.en = None,
        Mutation::ItemKindText(i) => items[i % n].kind = ItemKind::Text,
        Mutation::DuplicateItemCode(a, b) => {
            let code = items[a % n].code.clone();
            items[b % n].code = code;
        }
        Mutation::DropFactor(i) => {
            if !def.factors.is_empty() {
                let i = i % def.factors.len();
                def.factors.remove(i);
            }
        }
        Mutation::DropScale(i) => {
            if !def.scales.is_empty() {
                let i = i % def.scales.len();
                def.scales.remove(i);
            }
        }
        Mutation::SatisfiedLevel(v) => {
            if let Some(scale) = def.scales.first_mut() {
                scale.satisfied.push(*v);
            }
        }
        Mutation::LevelValue(i, v) => {
            if let Some(scale) = def.scales.first_mut() {
                let i = i % scale.levels.len();
                scale.levels[i].value = *v;
            }
        }
        Mutation::Overall(code) => def.overall = Some(code.clone()),
        Mutation::Version(v) => def.version = *v,
    }
}

proptest! {
    #[test]
    fn broken_questionnaires_are_refused_and_accepted_ones_are_sound(mutations in proptest::collection::vec(mutation(), 1..4)) {
        let mut def = pks05();
        for m in &mutations {
            apply(&mut def, m);
        }
        match Instrument::new(def) {
            Err(errors) => {
                prop_assert!(!errors.is_empty());
                for e in &errors {
                    prop_assert!(!e.message(Lang::Vi).is_empty());
                    prop_assert!(!e.message(Lang::En).is_empty());
                }
            }
            Ok(instrument) => {
                for item in instrument.items() {
                    if item.kind != ItemKind::Text {
                        let scale = instrument.scale_of(item);
                        prop_assert!(scale.is_some(), "{} has no scale", item.code);
                        prop_assert!(scale.unwrap().levels.windows(2).all(|w| w[0].value < w[1].value));
                    }
                    if let Some(f) = &item.factor {
                        prop_assert!(instrument.factor(f).is_some());
                    }
                    prop_assert!(item.text.has(Lang::En));
                }
                prop_assert!(instrument.version() >= 1);
                if let Some(code) = &instrument.def().overall {
                    prop_assert!(instrument.item(code).is_some_and(|i| i.kind == ItemKind::Rating));
                }
                let mut codes: Vec<_> = instrument.items().map(|i| i.code.clone()).collect();
                codes.sort();
                codes.dedup();
                prop_assert_eq!(codes.len(), instrument.items().count());
            }
        }
    }
}
