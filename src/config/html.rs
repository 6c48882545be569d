//! `html:` in site.yaml: what raw HTML in content may do (enforced by render/sanitize.rs).

use serde_yaml::Value;

use super::nested::check_nested_keys;
use crate::diagnostics::Diagnostic;
use crate::load::front_matter::Fields;

/// `html: trusted`, or `html: {allow_iframes_from: [host, ..]}` (see render/sanitize.rs).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HtmlSettings {
    /// Every author is trusted: HTML is published as written, scripts included.
    pub trusted: bool,
    /// Hosts whose frames (video players, forms) are kept, beyond the built-in ones.
    pub allow_iframes_from: Vec<String>,
}

pub(super) fn read(f: &mut Fields) -> HtmlSettings {
    const EXAMPLE: &str = "`html: {allow_iframes_from: [www.youtube-nocookie.com]}`, or `html: trusted` when every author is trusted";
    let mut out = HtmlSettings::default();
    match f.raw("html") {
        None => {}
        Some(Value::String(s)) if s.trim() == "trusted" => out.trusted = true,
        Some(Value::Mapping(m)) => {
            check_nested_keys(f, "html", &m, &["allow_iframes_from"]);
            match m.get("allow_iframes_from") {
                None => {}
                Some(Value::Sequence(items)) => {
                    for item in items {
                        let host = item.as_str().map(|h| {
                            let h = h.trim();
                            let h = h.split_once("//").map(|x| x.1).unwrap_or(h);
                            h.split('/').next().unwrap_or("").to_ascii_lowercase()
                        });
                        match host {
                            Some(h) if !h.is_empty() && !h.contains([' ', '*']) => {
                                out.allow_iframes_from.push(h)
                            }
                            _ => {
                                let pos = f.locator.value("html", "allow_iframes_from");
                                let file = f.file().to_path_buf();
                                f.error_at(
                                    pos,
                                    Diagnostic::error("html.allow_iframes_from should list host names")
                                        .hint("write the host of each player or form, like `allow_iframes_from: [www.youtube-nocookie.com, docs.google.com]`")
                                        .in_file(file),
                                );
                            }
                        }
                    }
                }
                Some(_) => {
                    let pos = f.locator.value("html", "allow_iframes_from");
                    let file = f.file().to_path_buf();
                    f.error_at(
                        pos,
                        Diagnostic::error("html.allow_iframes_from should be a list of host names")
                            .hint("write it like `allow_iframes_from: [www.youtube-nocookie.com, docs.google.com]`")
                            .in_file(file),
                    );
                }
            }
        }
        Some(_) => f.wrong_type("html", "`trusted` or settings", EXAMPLE),
    }
    out
}
