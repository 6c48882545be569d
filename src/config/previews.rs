//! `previews:` in site.yaml: whether pages without an image get a generated link-preview
//! card, the card's colour (else the theme's) and the hub's logo drawn on it.

use serde_yaml::Value;

use super::nested::check_nested_keys;
use crate::diagnostics::Diagnostic;
use crate::load::front_matter::{Fields, Spanned};

#[derive(Debug, Clone, PartialEq)]
pub struct Previews {
    /// `cards: false` turns generated cards off.
    pub cards: bool,
    /// `color: "#0d5c63"`, the card's background; unset, the theme's `--accent`.
    pub color: Option<[u8; 3]>,
    /// `logo: /images/logo.png`, a picture under `static/` drawn on every card, as written.
    pub logo: Option<Spanned<String>>,
}

impl Default for Previews {
    fn default() -> Self {
        Previews {
            cards: true,
            color: None,
            logo: None,
        }
    }
}

/// `#rrggbb` → its bytes (`#rgb` too when `short` is allowed, as CSS writes it).
pub fn hex_colour(s: &str, short: bool) -> Option<[u8; 3]> {
    let h = s.trim().strip_prefix('#')?;
    if short && h.len() == 3 && h.is_ascii() {
        let d = |i: usize| u8::from_str_radix(&h[i..i + 1], 16).ok().map(|v| v * 17);
        return Some([d(0)?, d(1)?, d(2)?]);
    }
    hex(s)
}

fn hex(s: &str) -> Option<[u8; 3]> {
    let h = s.trim().strip_prefix('#')?;
    if h.len() != 6 || !h.is_ascii() {
        return None;
    }
    let byte = |i: usize| u8::from_str_radix(&h[i..i + 2], 16).ok();
    Some([byte(0)?, byte(2)?, byte(4)?])
}

pub(super) fn read(f: &mut Fields) -> Previews {
    let mut out = Previews::default();
    let Some(raw) = f.raw("previews") else {
        return out;
    };
    let Value::Mapping(m) = raw else {
        f.wrong_type(
            "previews",
            "settings",
            "`previews: {cards: true, color: \"#0d5c63\", logo: /images/logo.png}`",
        );
        return out;
    };
    check_nested_keys(f, "previews", &m, &["cards", "color", "logo"]);
    let bad = |f: &mut Fields, sub: &str, what: &str, hint: &str| {
        let pos = f.locator.value("previews", sub);
        let file = f.file().to_path_buf();
        f.error_at(
            pos,
            Diagnostic::error(format!("previews.{sub} should be {what}"))
                .hint(hint.to_string())
                .in_file(file),
        );
    };
    match m.get("cards") {
        None => {}
        Some(Value::Bool(b)) => out.cards = *b,
        Some(_) => bad(
            f,
            "cards",
            "true or false",
            "write `  cards: false` to turn generated preview cards off",
        ),
    }
    match m.get("color") {
        None => {}
        Some(v) => match v.as_str().and_then(hex) {
            Some(c) => out.color = Some(c),
            None => bad(
                f,
                "color",
                "a colour like \"#0d5c63\"",
                "write six hex digits after #, in quotes: `  color: \"#0d5c63\"`",
            ),
        },
    }
    match m.get("logo") {
        None => {}
        Some(Value::String(path)) if path.trim().starts_with('/') => {
            out.logo = Some(Spanned {
                value: path.trim().to_string(),
                pos: f.locator.value("previews", path.trim()),
            })
        }
        Some(_) => bad(
            f,
            "logo",
            "the path of a PNG, JPEG or WebP picture under static/",
            "write the path from static/, starting with /: `  logo: /images/logo.png` for static/images/logo.png",
        ),
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn colours_are_six_hex_digits() {
        assert_eq!(super::hex("#0d5c63"), Some([0x0d, 0x5c, 0x63]));
        assert_eq!(super::hex(" #FFFFFF "), Some([255, 255, 255]));
        for bad in ["teal", "#fff", "0d5c63", "#0d5c6g", "#ֶֶֶ"] {
            assert_eq!(super::hex(bad), None, "{bad}");
        }
        assert_eq!(super::hex_colour("#fff", true), Some([255, 255, 255]));
        assert_eq!(super::hex_colour("#0a1", true), Some([0, 0xaa, 0x11]));
        assert_eq!(super::hex_colour("#fff", false), None);
    }
}
