//! Text encodings of attribute tables: naming them, reading what a `.cpg` file or a DBF language
//! driver byte declares, detecting undeclared ones, and the decision between all of these.
//!
//! Chinese planning data is GBK far more often than it says so: ArcGIS writes the DBF language
//! driver byte 0x4D or a `.cpg` of `936`, other writers leave both out. The decision order is:
//!
//! 1. the encoding stated by the user (`--encoding`);
//! 2. the `.cpg` file;
//! 3. the DBF language driver byte (byte 29 of the header);
//! 4. detection: text that is entirely valid UTF-8 is UTF-8, anything else is read as GBK.
//!
//! [`choose`] applies that order and says in [`EncodingChoice::notes`] what it did, so that a
//! reader can report it. Decoding goes through `encoding_rs`; its GBK decoder accepts all of
//! GB18030, so GBK text written by GB18030-aware software decodes too.

use std::borrow::Cow;

use encoding_rs::Encoding;
use sanxian_types::Severity;

use crate::{Error, Result};

/// The encoding named by a label: a WHATWG label (`UTF-8`, `GBK`, `gb2312`, `GB18030`, `Big5`,
/// `latin1` …), a Windows code page number with or without a prefix (`936`, `CP936`,
/// `ANSI 936`, `MS936`, `windows-936`, `65001`), or `UTF8`.
///
/// # Errors
/// [`Error::UnknownEncoding`] for labels that name no encoding, code pages `encoding_rs` cannot
/// decode (the DOS code pages 437, 850 …) and encodings that are not ASCII-compatible (UTF-16),
/// which cannot occur in a DBF.
///
/// ```
/// use sanxian_io::encoding::resolve_label;
/// assert_eq!(resolve_label("CP936").unwrap(), encoding_rs::GBK);
/// assert_eq!(resolve_label("utf8").unwrap(), encoding_rs::UTF_8);
/// assert!(resolve_label("klingon").is_err());
/// ```
pub fn resolve_label(label: &str) -> Result<&'static Encoding> {
    lookup(label).ok_or_else(|| Error::UnknownEncoding(label.trim().to_string()))
}

fn lookup(label: &str) -> Option<&'static Encoding> {
    let t = label.trim().trim_start_matches('\u{feff}').trim();
    if t.is_empty() {
        return None;
    }
    if let Some(e) = code_page_number(t).and_then(encoding_for_code_page) {
        return Some(e);
    }
    let upper = t.to_ascii_uppercase();
    // ESRI writes ISO 8859 parts as `88591`, `8859_1`, `ISO88591` …
    if let Some(rest) = upper
        .strip_prefix("ISO")
        .map(|r| r.trim_start_matches(['-', '_', ' ']))
        .or(Some(upper.as_str()))
        .and_then(|r| r.strip_prefix("8859"))
    {
        let part = rest.trim_start_matches(['-', '_', ' ']);
        if !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()) {
            return Encoding::for_label(format!("iso-8859-{part}").as_bytes())
                .filter(|e| e.is_ascii_compatible());
        }
    }
    Encoding::for_label(t.as_bytes()).filter(|e| e.is_ascii_compatible())
}

/// The code page number in labels like `936`, `CP936`, `ANSI 936`, `MS936`, `windows-936`.
fn code_page_number(label: &str) -> Option<u32> {
    let upper = label.to_ascii_uppercase();
    let mut rest = upper.as_str();
    for prefix in ["ANSI", "OEM", "WINDOWS", "CP", "MS", "IBM", "X-CP"] {
        if let Some(r) = rest.strip_prefix(prefix) {
            rest = r.trim_start_matches(['-', '_', ' ']);
            break;
        }
    }
    if rest.is_empty() || !rest.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    rest.parse().ok()
}

/// The encoding of a Windows code page, for the code pages `encoding_rs` can decode:
/// 936 (GBK), 54936 (GB18030), 65001 (UTF-8), 950 (Big5), 932, 949, 874, 866, 1250–1258,
/// 10000, 10007, 20866, 21866, 20936, 28591–28605. `None` for the DOS code pages 437, 850 …
pub fn encoding_for_code_page(code_page: u32) -> Option<&'static Encoding> {
    use encoding_rs::*;
    Some(match code_page {
        936 | 20936 => GBK,
        54936 => GB18030,
        65001 => UTF_8,
        950 => BIG5,
        932 => SHIFT_JIS,
        949 => EUC_KR,
        874 => WINDOWS_874,
        866 => IBM866,
        1250 => WINDOWS_1250,
        1251 => WINDOWS_1251,
        1252 | 28591 => WINDOWS_1252,
        1253 => WINDOWS_1253,
        1254 => WINDOWS_1254,
        1255 => WINDOWS_1255,
        1256 => WINDOWS_1256,
        1257 => WINDOWS_1257,
        1258 => WINDOWS_1258,
        10000 => MACINTOSH,
        10007 => X_MAC_CYRILLIC,
        20866 => KOI8_R,
        21866 => KOI8_U,
        28592 => ISO_8859_2,
        28593 => ISO_8859_3,
        28594 => ISO_8859_4,
        28595 => ISO_8859_5,
        28596 => ISO_8859_6,
        28597 => ISO_8859_7,
        28598 => ISO_8859_8,
        28600 => ISO_8859_10,
        28603 => ISO_8859_13,
        28604 => ISO_8859_14,
        28605 => ISO_8859_15,
        _ => return None,
    })
}

/// The code page of a DBF language driver id (header byte 29), from the ESRI table that GDAL
/// and QGIS also use. `None` for 0 (nothing declared), 0x57 (the writer's ANSI code page) and
/// ids not in the table.
pub fn ldid_code_page(ldid: u8) -> Option<u32> {
    Some(match ldid {
        0x01 | 0x09 | 0x0B | 0x0D | 0x0F | 0x11 | 0x15 | 0x18 | 0x19 | 0x1B => 437,
        0x02 | 0x0A | 0x0E | 0x10 | 0x12 | 0x14 | 0x16 | 0x1A | 0x1D | 0x25 | 0x37 => 850,
        0x03 | 0x58 | 0x59 => 1252,
        0x04 => 10000,
        0x08 | 0x17 | 0x66 => 865,
        0x13 | 0x7B => 932,
        0x1C | 0x6C => 863,
        0x1F | 0x22 | 0x23 | 0x40 | 0x64 | 0x87 => 852,
        0x24 => 860,
        0x26 | 0x65 => 866,
        0x4D | 0x7A => 936,
        0x4E | 0x79 => 949,
        0x4F | 0x78 => 950,
        0x50 | 0x7C => 874,
        0x67 => 861,
        0x68 => 895,
        0x69 => 620,
        0x6A | 0x86 => 737,
        0x6B | 0x88 => 857,
        0x96 => 10007,
        0x97 => 10029,
        0xC8 => 1250,
        0xC9 => 1251,
        0xCA => 1254,
        0xCB => 1253,
        0xCC => 1257,
        _ => return None,
    })
}

/// The language driver id sanxian writes for an encoding: 0x4D for GBK, 0 (none) otherwise.
pub fn ldid_for(encoding: &'static Encoding) -> u8 {
    if encoding == encoding_rs::GBK {
        0x4D
    } else {
        0
    }
}

/// What a `.cpg` file or a DBF language driver byte says about the encoding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Declaration {
    /// Nothing (an empty `.cpg`, language byte 0).
    Nothing,
    /// An encoding sanxian can decode.
    Encoding(&'static Encoding),
    /// The writer's system code page (`.cpg` `system`/`ANSI`/`OEM`, language byte 0x57), which
    /// cannot be known from the file.
    SystemCodePage,
    /// A known code page that `encoding_rs` cannot decode, e.g. `code page 437`.
    Unsupported(String),
    /// Something that names no known encoding, as found.
    Unrecognised(String),
}

/// What the text of a `.cpg` file declares. Accepts WHATWG labels and code page numbers as
/// [`resolve_label`] does (`UTF-8`, `GBK`, `936`, `ANSI 936`, `CP936`, `GB18030`, `950`, `BIG5`,
/// `1252`, `ISO-8859-1`, `88591` …) and `system`/`ANSI`/`OEM`.
pub fn parse_cpg(text: &str) -> Declaration {
    let t = text.trim_start_matches('\u{feff}').trim();
    if t.is_empty() {
        return Declaration::Nothing;
    }
    let upper = t.to_ascii_uppercase();
    if matches!(upper.as_str(), "SYSTEM" | "ANSI" | "OEM" | "DEFAULT") {
        return Declaration::SystemCodePage;
    }
    if let Some(e) = lookup(t) {
        return Declaration::Encoding(e);
    }
    match code_page_number(t) {
        Some(cp) => Declaration::Unsupported(format!("code page {cp}")),
        None => Declaration::Unrecognised(t.to_string()),
    }
}

/// What a DBF language driver id declares.
pub fn parse_ldid(ldid: u8) -> Declaration {
    match ldid {
        0 => Declaration::Nothing,
        0x57 => Declaration::SystemCodePage,
        _ => match ldid_code_page(ldid) {
            Some(cp) => match encoding_for_code_page(cp) {
                Some(e) => Declaration::Encoding(e),
                None => Declaration::Unsupported(format!("code page {cp}")),
            },
            None => Declaration::Unrecognised(format!("0x{ldid:02X}")),
        },
    }
}

/// The name sanxian shows and writes to `.cpg` files: `UTF-8`, `GBK`, `GB18030`, `Big5`,
/// `windows-1252` … (the `encoding_rs` name, GB18030 in capitals as Chinese software spells it).
pub fn display_name(encoding: &'static Encoding) -> &'static str {
    if encoding == encoding_rs::GB18030 {
        "GB18030"
    } else {
        encoding.name()
    }
}

/// What a sample of text bytes looks like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextKind {
    /// Only ASCII bytes (every encoding reads it alike).
    Ascii,
    /// Valid UTF-8 with non-ASCII characters.
    Utf8,
    /// Not valid UTF-8.
    NotUtf8,
}

/// Classifies text values. A multi-byte UTF-8 sequence cut off at the end of a value counts as
/// valid, because fixed-width DBF fields cut UTF-8 text at a byte limit.
pub fn classify<'a>(values: impl IntoIterator<Item = &'a [u8]>) -> TextKind {
    let mut kind = TextKind::Ascii;
    for v in values {
        if v.is_ascii() {
            continue;
        }
        match std::str::from_utf8(v) {
            Ok(_) => kind = TextKind::Utf8,
            Err(e) if e.error_len().is_none() => kind = TextKind::Utf8,
            Err(_) => return TextKind::NotUtf8,
        }
    }
    kind
}

/// Decodes bytes; the flag says whether some could not be decoded (they became U+FFFD).
pub fn decode<'a>(encoding: &'static Encoding, bytes: &'a [u8]) -> (Cow<'a, str>, bool) {
    if bytes.is_ascii() {
        // ASCII is valid UTF-8, and every encoding a DBF can hold reads it alike.
        if let Ok(s) = std::str::from_utf8(bytes) {
            return (Cow::Borrowed(s), false);
        }
    }
    encoding.decode_without_bom_handling(bytes)
}

/// Where the chosen encoding came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EncodingSource {
    /// Stated by the user.
    User,
    /// The `.cpg` file.
    Cpg,
    /// The DBF language driver id, given.
    LanguageDriver(u8),
    /// Detected from the text.
    Detected,
}

/// The encoding chosen for an attribute table and how.
#[derive(Debug, Clone)]
pub struct EncodingChoice {
    /// The encoding.
    pub encoding: &'static Encoding,
    /// Where it came from.
    pub source: EncodingSource,
    /// What the user should know about the decision, in order.
    pub notes: Vec<(Severity, String)>,
}

impl EncodingChoice {
    /// The encoding and its source, e.g. `GBK (from .cpg)`, `UTF-8 (detected)`: the text of
    /// [`sanxian_types::Layer::encoding`].
    pub fn describe(&self) -> String {
        let name = display_name(self.encoding);
        match self.source {
            EncodingSource::User => format!("{name} (stated by the user)"),
            EncodingSource::Cpg => format!("{name} (from .cpg)"),
            EncodingSource::LanguageDriver(b) => {
                format!("{name} (from the DBF language driver byte 0x{b:02X})")
            }
            EncodingSource::Detected => format!("{name} (detected)"),
        }
    }
}

/// Chooses the encoding of an attribute table: the user's label, else the `.cpg` text, else the
/// DBF language driver id, else detection from the text (`text` is called only when needed).
///
/// A language byte is trusted less than a `.cpg`: when it declares a legacy encoding but all text
/// is valid non-ASCII UTF-8 (which legacy text almost never is by chance), UTF-8 is used with a
/// warning.
///
/// # Errors
/// [`Error::UnknownEncoding`] when the user's label names no encoding.
pub fn choose(
    user: Option<&str>,
    cpg: Option<&str>,
    ldid: Option<u8>,
    text: impl FnOnce() -> TextKind,
) -> Result<EncodingChoice> {
    let mut notes = Vec::new();
    if let Some(label) = user {
        return Ok(EncodingChoice {
            encoding: resolve_label(label)?,
            source: EncodingSource::User,
            notes,
        });
    }
    if let Some(cpg) = cpg {
        let shown = cpg.trim();
        match parse_cpg(cpg) {
            Declaration::Encoding(encoding) => {
                return Ok(EncodingChoice {
                    encoding,
                    source: EncodingSource::Cpg,
                    notes,
                })
            }
            Declaration::Nothing => notes.push((
                Severity::Info,
                ".cpg is empty: it declares no encoding".to_string(),
            )),
            Declaration::SystemCodePage => notes.push((
                Severity::Info,
                format!(".cpg says '{shown}' (the writer's code page, unknown here): ignored"),
            )),
            Declaration::Unsupported(what) => notes.push((
                Severity::Warning,
                format!(".cpg says '{shown}' ({what}), which sanxian cannot decode: ignored"),
            )),
            Declaration::Unrecognised(_) => notes.push((
                Severity::Warning,
                format!(".cpg says '{shown}', which names no known encoding: ignored"),
            )),
        }
    }
    let mut text = Some(text);
    let mut kind = None;
    let mut classify_once = || {
        if let Some(f) = text.take() {
            kind = Some(f());
        }
        kind.unwrap_or(TextKind::Ascii)
    };
    if let Some(b) = ldid {
        match parse_ldid(b) {
            Declaration::Encoding(encoding) => {
                if encoding != encoding_rs::UTF_8 && classify_once() == TextKind::Utf8 {
                    notes.push((
                        Severity::Warning,
                        format!(
                            "the DBF language driver byte 0x{b:02X} declares {}, but all text is valid UTF-8: read as UTF-8; state the encoding with --encoding if the text looks wrong",
                            display_name(encoding)
                        ),
                    ));
                    return Ok(EncodingChoice {
                        encoding: encoding_rs::UTF_8,
                        source: EncodingSource::Detected,
                        notes,
                    });
                }
                return Ok(EncodingChoice {
                    encoding,
                    source: EncodingSource::LanguageDriver(b),
                    notes,
                });
            }
            Declaration::Nothing => {}
            Declaration::SystemCodePage => notes.push((
                Severity::Info,
                format!("the DBF language driver byte 0x{b:02X} means the writer's ANSI code page, unknown here"),
            )),
            Declaration::Unsupported(what) => notes.push((
                Severity::Warning,
                format!("the DBF language driver byte 0x{b:02X} declares {what}, which sanxian cannot decode"),
            )),
            Declaration::Unrecognised(_) => notes.push((
                Severity::Warning,
                format!("the DBF language driver byte 0x{b:02X} is not a known language driver"),
            )),
        }
    }
    let (encoding, note) = match classify_once() {
        TextKind::Ascii => (
            encoding_rs::UTF_8,
            (
                Severity::Info,
                "no .cpg or language byte declares the encoding: all text is ASCII, read as UTF-8"
                    .to_string(),
            ),
        ),
        TextKind::Utf8 => (
            encoding_rs::UTF_8,
            (
                Severity::Warning,
                "no .cpg or language byte declares the encoding: detected UTF-8 (all text is valid UTF-8); state it with --encoding if the text looks wrong".to_string(),
            ),
        ),
        TextKind::NotUtf8 => (
            encoding_rs::GBK,
            (
                Severity::Warning,
                "no .cpg or language byte declares the encoding: detected GBK (the text is not valid UTF-8); state it with --encoding if the text looks wrong".to_string(),
            ),
        ),
    };
    notes.push(note);
    Ok(EncodingChoice {
        encoding,
        source: EncodingSource::Detected,
        notes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use encoding_rs::{BIG5, GB18030, GBK, UTF_8, WINDOWS_1252};

    #[test]
    fn labels_and_code_pages_resolve() {
        for (label, want) in [
            ("UTF-8", UTF_8),
            ("UTF8", UTF_8),
            ("utf-8", UTF_8),
            ("65001", UTF_8),
            ("GBK", GBK),
            ("gb2312", GBK),
            ("CP936", GBK),
            ("936", GBK),
            ("ANSI 936", GBK),
            ("GB18030", GB18030),
            ("54936", GB18030),
            ("950", BIG5),
            ("BIG5", BIG5),
            ("1252", WINDOWS_1252),
            ("ISO-8859-1", WINDOWS_1252),
            ("88591", WINDOWS_1252),
            (" gbk\n", GBK),
        ] {
            assert_eq!(resolve_label(label).ok(), Some(want), "{label}");
        }
        for bad in ["", "437", "UTF-16", "klingon", "system"] {
            assert!(
                matches!(resolve_label(bad), Err(Error::UnknownEncoding(_))),
                "{bad}"
            );
        }
    }

    #[test]
    fn cpg_declarations() {
        assert_eq!(parse_cpg("UTF-8\r\n"), Declaration::Encoding(UTF_8));
        assert_eq!(parse_cpg("ANSI 936"), Declaration::Encoding(GBK));
        assert_eq!(parse_cpg("system"), Declaration::SystemCodePage);
        assert_eq!(parse_cpg("  "), Declaration::Nothing);
        assert_eq!(
            parse_cpg("437"),
            Declaration::Unsupported("code page 437".into())
        );
        assert_eq!(
            parse_cpg("nonsense"),
            Declaration::Unrecognised("nonsense".into())
        );
    }

    #[test]
    fn language_driver_ids() {
        assert_eq!(parse_ldid(0x4D), Declaration::Encoding(GBK));
        assert_eq!(parse_ldid(0x7A), Declaration::Encoding(GBK));
        assert_eq!(parse_ldid(0x4F), Declaration::Encoding(BIG5));
        assert_eq!(parse_ldid(0x03), Declaration::Encoding(WINDOWS_1252));
        assert_eq!(parse_ldid(0x57), Declaration::SystemCodePage);
        assert_eq!(parse_ldid(0x00), Declaration::Nothing);
        assert_eq!(
            parse_ldid(0x01),
            Declaration::Unsupported("code page 437".into())
        );
        assert_eq!(ldid_for(GBK), 0x4D);
        assert_eq!(ldid_for(UTF_8), 0);
    }

    #[test]
    fn classification_accepts_utf8_cut_at_the_field_end() {
        let s = "黑龙江".as_bytes();
        assert_eq!(classify([&b"abc"[..]]), TextKind::Ascii);
        assert_eq!(classify([s]), TextKind::Utf8);
        assert_eq!(classify([&s[..4]]), TextKind::Utf8);
        let (gbk, _, _) = GBK.encode("黑龙江省");
        assert_eq!(classify([s, &gbk[..]]), TextKind::NotUtf8);
    }

    #[test]
    fn decision_order() {
        let c = choose(Some("gbk"), Some("UTF-8"), Some(0), || TextKind::Utf8).unwrap();
        assert_eq!(c.describe(), "GBK (stated by the user)");
        let c = choose(None, Some("936"), Some(0), || unreachable!()).unwrap();
        assert_eq!(c.describe(), "GBK (from .cpg)");
        let c = choose(None, None, Some(0x4D), || TextKind::NotUtf8).unwrap();
        assert_eq!(c.describe(), "GBK (from the DBF language driver byte 0x4D)");
        let c = choose(None, None, Some(0x4D), || TextKind::Utf8).unwrap();
        assert_eq!(c.encoding, UTF_8);
        assert_eq!(c.notes[0].0, Severity::Warning);
        let c = choose(None, Some("system"), Some(0x57), || TextKind::NotUtf8).unwrap();
        assert_eq!(c.describe(), "GBK (detected)");
        assert_eq!(c.notes.len(), 3);
        let c = choose(None, None, Some(0), || TextKind::Utf8).unwrap();
        assert_eq!(c.describe(), "UTF-8 (detected)");
        assert!(c.notes[0].1.contains("detected UTF-8"));
        assert!(choose(Some("nope"), None, None, || TextKind::Ascii).is_err());
    }
}
