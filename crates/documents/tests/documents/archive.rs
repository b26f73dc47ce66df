//! The ZIP of QR codes: an SVG and a PNG per point named by code and name, and the list.

use std::io::{Cursor, Read};

use hailong_documents::DocumentError;
use hailong_documents::qr::Qr;
use hailong_documents::qr_zip::{LIST_NAME, qr_zip};
use readback::scan_grey;

use crate::{point, points};

fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("a ZIP archive");
    (0..archive.len())
        .map(|index| {
            let mut file = archive.by_index(index).unwrap();
            let mut content = Vec::new();
            file.read_to_end(&mut content).unwrap();
            (file.name().unwrap().into_owned(), content)
        })
        .collect()
}

#[test]
fn the_zip_holds_an_svg_and_a_png_per_point_and_the_list() {
    let points = vec![point(81, "Xã Tân Định"), point(82, "Phường Hoàng Văn Thụ")];
    let files = unzip(&qr_zip(&points).unwrap());
    let names: Vec<&str> = files.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(
        names,
        [
            "26881-xa-tan-dinh.svg",
            "26881-xa-tan-dinh.png",
            "26882-phuong-hoang-van-thu.svg",
            "26882-phuong-hoang-van-thu.png",
            LIST_NAME
        ]
    );
    assert_eq!(files[0].1, Qr::encode(&points[0].url).unwrap().to_svg().into_bytes());

    let list = String::from_utf8(files[4].1.clone()).unwrap();
    let lines: Vec<&str> = list.strip_prefix('\u{feff}').expect("a byte-order mark").lines().collect();
    assert_eq!(lines[0], "ma_don_vi,ten_don_vi,url");
    assert_eq!(lines[1], format!("\"26881\",\"Xã Tân Định\",\"{}\"", points[0].url));
    assert_eq!(lines.len(), 3);
}

#[test]
fn each_png_scans_to_its_points_address() {
    let points = points(3);
    let files = unzip(&qr_zip(&points).unwrap());
    let pngs: Vec<&Vec<u8>> = files.iter().filter(|(name, _)| name.ends_with(".png")).map(|(_, bytes)| bytes).collect();
    assert_eq!(pngs.len(), 3);
    for (png_bytes, point) in pngs.into_iter().zip(&points) {
        let mut reader = png::Decoder::new(Cursor::new(png_bytes)).read_info().unwrap();
        let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
        let frame = reader.next_frame(&mut pixels).unwrap();
        assert_eq!(frame.color_type, png::ColorType::Grayscale);
        let width = frame.width as usize;
        let found = scan_grey(width, frame.height as usize, |x, y| pixels[y * width + x]);
        assert_eq!(found, [point.url.as_str()]);
    }
}

#[test]
fn points_whose_files_would_collide_are_refused() {
    let twins = vec![point(1, "Xã Tân Dĩnh"), point(1, "Xã Tân Dinh")];
    match qr_zip(&twins) {
        Err(DocumentError::DuplicateFileName(name)) => assert_eq!(name, "26801-xa-tan-dinh"),
        other => panic!("expected a duplicate file name, got {:?}", other.map(|bytes| bytes.len())),
    }
}
