//! The questionnaires shipped in `instruments/` load, validate and say what the issue asks.

use hailong_domain::answers::{Answer, Answers};
use hailong_domain::instruments::{Instrument, ItemKind, ScaleKind};
use hailong_domain::text::Lang;

fn load(name: &str) -> Instrument {
    let path = format!("{}/../../instruments/{name}", env!("CARGO_MANIFEST_DIR"));
    let source = std::fs::read_to_string(&path).unwrap();
    Instrument::from_toml(&source).unwrap_or_else(|errors| {
        panic!("{name}: {}", errors.iter().map(|e| e.message(Lang::En)).collect::<Vec<_>>().join("; "))
    })
}

fn factor_codes(i: &Instrument) -> Vec<&str> {
    i.factors().iter().map(|f| f.code.as_str()).collect()
}

#[test]
fn pks05_asks_the_five_qualities_and_a_comment() {
    let i = load("pks05.toml");
    assert_eq!((i.code(), i.version()), ("PKS05", 1));
    assert_eq!(factor_codes(&i), ["thai_do", "trach_nhiem", "ky_nang", "nghiep_vu", "dvc_truc_tuyen", "tong_the"]);
    assert_eq!(i.overall_item().unwrap().code, "chung");
    assert_eq!(i.items().filter(|it| it.kind == ItemKind::Text).count(), 1);
    let scale = i.scale("hl5").unwrap();
    assert_eq!(scale.levels.len(), 5);
    assert_eq!(scale.satisfied, [4, 5]);
}

#[test]
fn sipas_has_five_factors_and_items_15_to_33() {
    let i = load("sipas-mc.toml");
    assert_eq!(factor_codes(&i), ["tiep_can", "thu_tuc", "cong_chuc", "ket_qua", "gop_y"]);
    let rating: Vec<_> = i.rating_items().map(|it| it.code.clone()).collect();
    let expected: Vec<_> = (15..=33).map(|n| format!("q{n}")).collect();
    assert_eq!(rating, expected);
    let per_factor: Vec<usize> = i
        .factors()
        .iter()
        .map(|f| i.rating_items().filter(|it| it.factor.as_deref() == Some(f.code.as_str())).count())
        .collect();
    assert_eq!(per_factor, [4, 4, 5, 3, 3]);
    assert!(i.overall_item().is_none(), "SIPAS is the mean of the five factor indices");
}

#[test]
fn mc11_has_two_parts_and_eleven_questions() {
    let i = load("mc-11.toml");
    assert_eq!(
        i.sections()[0].items.iter().map(|it| it.code.as_str()).collect::<Vec<_>>(),
        ["gioi_tinh", "do_tuoi", "nghe_nghiep", "linh_vuc"]
    );
    assert_eq!(i.rating_items().count(), 11);
    let fields = i.scale("linh_vuc").unwrap();
    assert_eq!(fields.kind, ScaleKind::Nominal);
    let labels: Vec<_> = fields.levels.iter().map(|l| l.vi.as_str()).collect();
    assert_eq!(labels, ["Tư pháp", "Tài nguyên – Môi trường", "Lao động – Thương binh và Xã hội", "Lĩnh vực khác"]);
}

#[test]
fn every_shipped_text_is_translated_and_nfc() {
    for name in ["pks05.toml", "sipas-mc.toml", "mc-11.toml"] {
        let i = load(name);
        assert!(i.speaks(Lang::En), "{name}");
        let json = i.to_json();
        use unicode_normalization::is_nfc;
        assert!(is_nfc(&json), "{name}");
        // The canonical forms round-trip to the same instrument.
        assert_eq!(Instrument::from_json(&json).unwrap().digest(), i.digest());
        assert_eq!(Instrument::from_toml(&i.to_toml()).unwrap().digest(), i.digest());
    }
}

#[test]
fn broken_files_get_located_messages() {
    let source =
        std::fs::read_to_string(format!("{}/../../instruments/pks05.toml", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let broken = source.replace("scale = \"hl5\"\nfactor = \"nghiep_vu\"", "scale = \"hl7\"\nfactor = \"nghiep_vu\"");
    let errors = Instrument::from_toml(&broken).unwrap_err();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].message(Lang::Vi), "sections[0].items[3].scale: không có thang đo \"hl7\"");
    let typo = source.replacen("required = true", "requird = true", 1);
    let errors = Instrument::from_toml(&typo).unwrap_err();
    assert!(errors[0].message(Lang::En).contains("unknown field `requird`"), "{:?}", errors[0]);
}

/// Comments are ranked by the overall question where there is one, else by the lowest rating:
/// a respondent field's option number (gender 1) is not a level of satisfaction.
#[test]
fn comments_rank_by_the_overall_answer_or_the_lowest_rating() {
    let answers = |pairs: &[(&str, u8)]| {
        let mut answers = Answers::default();
        for (item, level) in pairs {
            answers.0.insert((*item).into(), Answer::Level(*level));
        }
        answers.0.insert("y_kien".into(), Answer::Text("Góp ý".into()));
        answers
    };
    let pks05 = load("pks05.toml");
    assert_eq!(pks05.comment_level(&answers(&[("c1", 1), ("chung", 4)])), Some(4));
    assert_eq!(pks05.comment_level(&answers(&[("c1", 1)])), None, "the overall question left blank");
    let sipas = load("sipas-mc.toml");
    assert_eq!(sipas.comment_level(&answers(&[("gioi_tinh", 1), ("q15", 4), ("q20", 3)])), Some(3));
    assert_eq!(sipas.comment_level(&answers(&[("gioi_tinh", 1)])), None, "no rating given");
}
