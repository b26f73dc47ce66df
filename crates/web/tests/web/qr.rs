//! GET /q/{token}/qr.svg and .png: a point's QR code encodes its survey address.

use axum::http::StatusCode;
use testkit::TestApp;

#[tokio::test]
async fn qr_codes_come_as_svg_and_png() {
    let t = TestApp::with_pks05_campaign().await;
    let token = t.token_of("07432").await;
    let svg = t.get(&format!("/q/{token}/qr.svg")).await;
    assert_eq!(svg.status, StatusCode::OK);
    assert_eq!(svg.header("content-type"), Some("image/svg+xml"));
    assert!(svg.text().starts_with("<svg") && svg.text().contains("<path"));
    let png = t.get(&format!("/q/{token}/qr.png")).await;
    assert_eq!(png.header("content-type"), Some("image/png"));
    assert_eq!(&png.body[1..4], b"PNG");
    assert_eq!(t.get("/q/aaaaaaaaaaaaaaaaaaaaaaaa/qr.svg").await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_code_encodes_the_configured_public_address() {
    let t = TestApp::with_pks05_campaign().await;
    let token = t.token_of("07432").await;
    let svg = t.get(&format!("/q/{token}/qr.svg")).await.text();
    let expected = documents::qr::Qr::encode(&format!("https://khaosat.example.vn/q/{token}")).unwrap().to_svg();
    assert_eq!(svg, expected);
}
