//! A hub's card look, read once per build: `previews.color` or the theme's `--accent`, an ink
//! that reads on it, and `previews.logo` (an error at its line in site.yaml when it cannot be drawn).

use std::path::Path;
use std::sync::Arc;

use crate::diagnostics::Diagnostic;
use crate::images::Processor;
use crate::images::card::style::{self, Logo};
use crate::model::Site;
use crate::render::theme::Theme;

pub struct Look {
    pub background: [u8; 3],
    pub ink: [u8; 3],
    pub logo: Option<Arc<Logo>>,
}

/// The stylesheet as the site serves it: the hub's own `static/style.css` over the theme's.
pub fn read(site: &Site, theme: &Theme, processor: &Processor) -> Look {
    let previews = &site.config.previews;
    let own = std::fs::read(processor.static_dir().join("style.css")).ok();
    let css = own.as_deref().or(theme
        .static_files
        .get(Path::new("style.css"))
        .map(Vec::as_slice));
    let (accent, accent_text) = css
        .map(|css| style::theme_colours(&String::from_utf8_lossy(css)))
        .unwrap_or_default();
    let background = previews
        .color
        .or(accent)
        .unwrap_or(style::DEFAULT_BACKGROUND);
    Look {
        background,
        ink: style::ink(background, accent_text),
        logo: previews.logo.as_ref().and_then(|l| {
            logo(processor, &l.value)
                .map_err(|d| processor.problem(d.at(Path::new("site.yaml"), l.pos)))
                .ok()
        }),
    }
}

fn logo(p: &Processor, path: &str) -> Result<Arc<Logo>, Diagnostic> {
    let rel = p.static_file(path);
    let shown = format!("static/{}", rel.display());
    if rel
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("svg"))
    {
        return Err(Diagnostic::error(format!(
            "previews.logo: {shown} is an SVG; kehila draws PNG, JPEG or WebP logos on cards"
        ))
        .hint("export the logo as a PNG (with a transparent background) about 320 pixels wide and point `logo:` at it"));
    }
    if !p.has_static(&rel) {
        return Err(
            Diagnostic::error(format!("previews.logo: there is no file {shown}")).hint(format!(
                "put the logo at {shown} or fix the path (it starts with / and is inside static/)"
            )),
        );
    }
    let unreadable = |e: String| {
        Diagnostic::error(format!("previews.logo: {shown} could not be read: {e}"))
            .hint("open it in an image editor and save it again as PNG")
    };
    let src = p.source(&rel).map_err(unreadable)?;
    let bytes = std::fs::read(p.static_dir().join(&rel)).map_err(|e| unreadable(e.to_string()))?;
    style::logo(&bytes, src.hash)
        .map(Arc::new)
        .map_err(unreadable)
}
