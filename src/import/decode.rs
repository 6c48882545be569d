//! Bytes → text. Exports must be UTF-8 (a byte-order mark is fine and dropped). Anything else
//! is refused with a reason a person can act on: Excel's default "CSV" in Hebrew is
//! Windows-1255, and its "Unicode Text" is UTF-16.

/// Why an export is not readable text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotText {
    /// Starts with a UTF-16 byte-order mark.
    Utf16,
    /// Not UTF-8. `line` holds the first bad byte; `hebrew_1255` says whether the bytes that are
    /// not ASCII look like Hebrew letters in Windows-1255.
    NotUtf8 { line: usize, hebrew_1255: bool },
}

impl NotText {
    /// What is wrong, in one line.
    pub fn message(&self) -> String {
        match self {
            NotText::Utf16 => {
                "this file is UTF-16 text (Excel's \"Unicode Text\"), not UTF-8".into()
            }
            NotText::NotUtf8 {
                line,
                hebrew_1255: true,
            } => format!(
                "this file is not UTF-8 (line {line}); it looks like a Windows-1255 (Hebrew) export from Excel"
            ),
            NotText::NotUtf8 {
                line,
                hebrew_1255: false,
            } => format!(
                "this file is not UTF-8 (line {line}); it is probably a Windows-1255 export from Excel or another older encoding"
            ),
        }
    }

    /// How to fix it.
    pub fn hint(&self) -> &'static str {
        "open it in Excel and choose File → Save As → \"CSV UTF-8 (Comma delimited) (*.csv)\", or in Google Sheets File → Download → \"Comma-separated values (.csv)\"; then import that file"
    }
}

/// The text of an export, without a UTF-8 byte-order mark.
pub fn decode(bytes: &[u8]) -> Result<&str, NotText> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(NotText::Utf16);
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|e| {
        let good = &bytes[..e.valid_up_to()];
        let line = good.iter().filter(|&&b| b == b'\n').count() + 1;
        let high: Vec<u8> = bytes.iter().copied().filter(|&b| b >= 0x80).collect();
        // Windows-1255 puts the Hebrew letters at 0xE0..=0xFA.
        let hebrew = high.iter().filter(|&&b| (0xE0..=0xFA).contains(&b)).count();
        NotText::NotUtf8 {
            line,
            hebrew_1255: hebrew * 2 > high.len(),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_or_without_bom() {
        assert_eq!(decode("שם,עיר\n".as_bytes()), Ok("שם,עיר\n"));
        assert_eq!(decode("\u{feff}שם,עיר\n".as_bytes()), Ok("שם,עיר\n"));
    }

    #[test]
    fn windows_1255_hebrew_is_named() {
        // "שם,עיר\nדנה,חיפה" in Windows-1255
        let bytes = b"\xf9\xed,\xf2\xe9\xf8\n\xe3\xf0\xe4,\xe7\xe9\xf4\xe4\n";
        let e = decode(bytes).unwrap_err();
        assert_eq!(
            e,
            NotText::NotUtf8 {
                line: 1,
                hebrew_1255: true
            }
        );
        assert!(e.message().contains("Windows-1255"));
        assert!(e.hint().contains("CSV UTF-8"));
        let e = decode(b"name,city\nRen\xe9,Paris\n").unwrap_err();
        assert!(matches!(e, NotText::NotUtf8 { line: 2, .. }));
    }

    #[test]
    fn utf16_is_named() {
        assert_eq!(decode(b"\xff\xfen\x00a\x00"), Err(NotText::Utf16));
    }
}
