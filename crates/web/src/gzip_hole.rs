//! A page compressed once, with a hole for a few bytes that differ per visitor.
//!
//! The citizen form is the same for every visitor of a point except its form token.
//! Compressing costs far more than rendering, so the page is compressed once around the hole:
//! the part before it ends with a sync flush (byte-aligned, non-final deflate blocks), the
//! token goes in as a stored (uncompressed) deflate block, and the part after it is a
//! separately compressed run of blocks ending with the final one. The gzip trailer's CRC-32
//! is combined from the three parts' CRCs, so serving a page costs a few memcpys.

use std::io::Write;

use bytes::{BufMut, Bytes, BytesMut};
use crc32fast::Hasher;
use flate2::Compression;
use flate2::write::DeflateEncoder;

/// The gzip member header: magic, deflate, no flags, no mtime, no extra flags, unknown OS.
const GZIP_HEADER: [u8; 10] = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];

#[derive(Debug)]
pub struct HoledPage {
    plain_head: Bytes,
    plain_tail: Bytes,
    deflated_head: Bytes,
    deflated_tail: Bytes,
    crc_head: u32,
    crc_tail: u32,
}

impl HoledPage {
    /// Splits `html` at the first `marker`; `None` if the marker is missing.
    pub fn new(html: &str, marker: &str) -> Option<HoledPage> {
        let at = html.find(marker)?;
        let (head, tail) = (&html.as_bytes()[..at], &html.as_bytes()[at + marker.len()..]);

        let mut encoder = DeflateEncoder::new(Vec::new(), Compression::best());
        encoder.write_all(head).ok()?;
        // A sync flush ends the head on a byte boundary with non-final blocks.
        encoder.flush().ok()?;
        let deflated_head = Bytes::copy_from_slice(encoder.get_ref());

        let mut encoder = DeflateEncoder::new(Vec::new(), Compression::best());
        encoder.write_all(tail).ok()?;
        let deflated_tail = Bytes::from(encoder.finish().ok()?);

        Some(HoledPage {
            crc_head: crc32fast::hash(head),
            crc_tail: crc32fast::hash(tail),
            plain_head: Bytes::copy_from_slice(head),
            plain_tail: Bytes::copy_from_slice(tail),
            deflated_head,
            deflated_tail,
        })
    }

    /// The page with `fill` in the hole, uncompressed.
    pub fn plain(&self, fill: &str) -> Bytes {
        let mut out = BytesMut::with_capacity(self.plain_head.len() + fill.len() + self.plain_tail.len());
        out.put_slice(&self.plain_head);
        out.put_slice(fill.as_bytes());
        out.put_slice(&self.plain_tail);
        out.freeze()
    }

    /// The page with `fill` in the hole, as a gzip stream.
    pub fn gzip(&self, fill: &str) -> Bytes {
        let fill = fill.as_bytes();
        let fill_len = u16::try_from(fill.len()).expect("a hole holds a token, far under 64 KiB");
        let mut out = BytesMut::with_capacity(
            GZIP_HEADER.len() + self.deflated_head.len() + 5 + fill.len() + self.deflated_tail.len() + 8,
        );
        out.put_slice(&GZIP_HEADER);
        out.put_slice(&self.deflated_head);
        // A stored block: BFINAL=0, BTYPE=00, padded to the byte; then LEN and its complement.
        out.put_u8(0);
        out.put_u16_le(fill_len);
        out.put_u16_le(!fill_len);
        out.put_slice(fill);
        out.put_slice(&self.deflated_tail);

        let head_len = self.plain_head.len() as u64;
        let mut crc = Hasher::new_with_initial_len(self.crc_head, head_len);
        crc.update(fill);
        crc.combine(&Hasher::new_with_initial_len(self.crc_tail, self.plain_tail.len() as u64));
        let total = head_len + fill.len() as u64 + self.plain_tail.len() as u64;
        out.put_u32_le(crc.finalize());
        // ISIZE is the length modulo 2^32, as the format says.
        out.put_u32_le((total & 0xffff_ffff) as u32);
        out.freeze()
    }

    /// Bytes sent for a gzip response with a fill of `fill_len` bytes.
    pub fn gzip_len(&self, fill_len: usize) -> usize {
        GZIP_HEADER.len() + self.deflated_head.len() + 5 + fill_len + self.deflated_tail.len() + 8
    }
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use flate2::read::GzDecoder;

    use super::*;

    fn gunzip(bytes: &[u8]) -> String {
        let mut out = String::new();
        GzDecoder::new(bytes).read_to_string(&mut out).unwrap();
        out
    }

    #[test]
    fn the_spliced_stream_is_valid_gzip() {
        let html = format!("<html>{}<input value=\"HOLE\">{}</html>", "Đánh giá ".repeat(300), "Hài lòng ".repeat(200));
        let page = HoledPage::new(&html, "HOLE").unwrap();
        for fill in ["", "tok-1", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"] {
            let gz = page.gzip(fill);
            assert_eq!(gz.len(), page.gzip_len(fill.len()));
            assert_eq!(gunzip(&gz), html.replace("HOLE", fill));
            assert_eq!(page.plain(fill), html.replace("HOLE", fill).into_bytes());
        }
        assert!(page.gzip("x").len() < html.len() / 10, "it still compresses");
        assert!(HoledPage::new("no marker", "HOLE").is_none());
    }
}
