//! Flink's BYTES functions: `ENCODE`, `DECODE` and `UNHEX`, as Java's `String.getBytes` and
//! `new String(bytes, charset)` convert.

use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::{ArrayRef, BinaryArray, StringArray};

use crate::error::Result;
use crate::plan::functions::Charset;

/// `ENCODE(text, charset)`: a character the charset cannot hold is `?`, as Java writes it.
pub(super) fn encode(text: &ArrayRef, charset: Charset) -> Result<ArrayRef> {
    let text = text.as_string::<i32>();
    let out: BinaryArray = text.iter().map(|s| s.map(|s| encoded(s, charset))).collect();
    Ok(Arc::new(out))
}

fn encoded(s: &str, charset: Charset) -> Vec<u8> {
    let narrow = |limit: u32| s.chars().map(|c| if (c as u32) < limit { c as u8 } else { b'?' }).collect();
    let wide = |big: bool| s.encode_utf16().flat_map(move |u| if big { u.to_be_bytes() } else { u.to_le_bytes() });
    match charset {
        Charset::Utf8 => s.as_bytes().to_vec(),
        Charset::Ascii => narrow(0x80),
        Charset::Latin1 => narrow(0x100),
        Charset::Utf16 => [0xFE, 0xFF].into_iter().chain(wide(true)).collect(),
        Charset::Utf16Be => wide(true).collect(),
        Charset::Utf16Le => wide(false).collect(),
    }
}

/// `DECODE(bytes, charset)`: bytes that are not a character of the charset are U+FFFD.
pub(super) fn decode(bytes: &ArrayRef, charset: Charset) -> Result<ArrayRef> {
    let bytes = bytes.as_binary::<i32>();
    let out: StringArray = bytes.iter().map(|b| b.map(|b| decoded(b, charset))).collect();
    Ok(Arc::new(out))
}

pub(super) fn decoded(b: &[u8], charset: Charset) -> String {
    let wide = |b: &[u8], big: bool| {
        let units = b.chunks(2).map(|p| match p {
            [x, y] if big => u16::from_be_bytes([*x, *y]),
            [x, y] => u16::from_le_bytes([*x, *y]),
            _ => 0xFFFD,
        });
        char::decode_utf16(units).map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER)).collect()
    };
    match charset {
        Charset::Utf8 => String::from_utf8_lossy(b).into_owned(),
        Charset::Ascii => b.iter().map(|&x| if x < 0x80 { x as char } else { char::REPLACEMENT_CHARACTER }).collect(),
        Charset::Latin1 => b.iter().map(|&x| x as char).collect(),
        Charset::Utf16 => match b {
            [0xFF, 0xFE, rest @ ..] => wide(rest, false),
            [0xFE, 0xFF, rest @ ..] => wide(rest, true),
            _ => wide(b, true),
        },
        Charset::Utf16Be => wide(b, true),
        Charset::Utf16Le => wide(b, false),
    }
}

/// `UNHEX(text)`: NULL for text that is not hex digits, two each.
pub(super) fn unhex(text: &ArrayRef) -> Result<ArrayRef> {
    let text = text.as_string::<i32>();
    let out: BinaryArray = text.iter().map(|s| crate::plan::scalar::from_hex(s?)).collect();
    Ok(Arc::new(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// As Java's getBytes and new String give them (Flink 2.3 printed these).
    #[test]
    fn charsets_convert_as_java_does() {
        assert_eq!(encoded("héllo", Charset::Latin1), b"h\xe9llo");
        assert_eq!(encoded("hé", Charset::Ascii), b"h?");
        assert_eq!(encoded("a", Charset::Utf16), [0xFE, 0xFF, 0, b'a']);
        assert_eq!(decoded(&encoded("héllo", Charset::Utf16), Charset::Utf16), "héllo");
        assert_eq!(decoded(&[0xFF, 0xFE, b'a', 0], Charset::Utf16), "a");
        assert_eq!(decoded(b"h\xe9", Charset::Utf8), "h\u{FFFD}");
        assert_eq!(decoded(&encoded("x😀", Charset::Utf16Le), Charset::Utf16Le), "x😀");
    }
}
