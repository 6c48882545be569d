//! Tera 2 set-up: the theme's templates (with the hub's overrides) compiled once, the `url()`
//! function that hands templates the URL builder, and template errors turned into diagnostics
//! that name the template file and line and the content page being rendered.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use tera::{Context, ErrorKind, Kwargs, State, Tera};

use super::theme::Theme;
use crate::diagnostics::{Diagnostic, Diagnostics, Pos};
use crate::model::Urls;

pub struct Templates {
    tera: Tera,
    origins: HashMap<String, PathBuf>,
}

fn report(
    e: &tera::Error,
    origins: &HashMap<String, PathBuf>,
    page: Option<&Path>,
    url: Option<&str>,
) -> Diagnostic {
    let page_note = page
        .map(|p| format!(" (while making the page for {})", p.display()))
        .unwrap_or_default();
    let page_note = match (page_note.is_empty(), url) {
        (true, Some(u)) => format!(" (while making {u})"),
        _ => page_note,
    };
    let (file, pos, msg) = match e.kind() {
        ErrorKind::SyntaxError(r) | ErrorKind::RenderingError(r) => (
            origins.get(r.filename()).cloned(),
            Some(Pos::new(r.span().start_line, r.span().start_col + 1)),
            r.message().to_string(),
        ),
        _ => (None, None, e.to_string()),
    };
    let mut d = Diagnostic::error(format!("template problem: {msg}{page_note}"))
        .hint("fix the template, or delete your copy in templates/ to go back to the theme's");
    d.file = file;
    d.pos = pos;
    d
}

impl Templates {
    pub fn new(
        theme: &Theme,
        urls: &Urls,
        images: Option<std::sync::Arc<crate::images::Processor>>,
        diags: &mut Diagnostics,
    ) -> Option<Self> {
        let mut tera = Tera::new();
        if let Some(p) = images {
            super::pictures::register(&mut tera, p);
        }
        tera.autoescape_on(vec![".html", ".xml"]);
        let u = urls.clone();
        tera.register_function(
            "url",
            move |kwargs: Kwargs, _: &State| -> tera::TeraResult<String> {
                let path: String = kwargs.must_get("path")?;
                Ok(u.site_path(&path))
            },
        );
        let origins: HashMap<String, PathBuf> = theme
            .templates
            .iter()
            .map(|(k, v)| (k.clone(), v.origin.clone()))
            .collect();
        let all: Vec<(&str, &str)> = theme
            .templates
            .iter()
            .map(|(k, v)| (k.as_str(), v.text.as_str()))
            .collect();
        if let Err(e) = tera.add_raw_templates(all) {
            diags.push(report(&e, &origins, None, None));
            return None;
        }
        Some(Templates { tera, origins })
    }

    pub fn has(&self, name: &str) -> bool {
        self.tera.contains_template(name)
    }

    /// Renders `name`; a failure is reported against the template and `page`.
    pub fn render(
        &self,
        name: &str,
        ctx: &Context,
        page: Option<&Path>,
        url: &str,
        diags: &mut Diagnostics,
    ) -> Option<std::sync::Arc<Vec<u8>>> {
        let mut buf = Vec::with_capacity(16 * 1024);
        match self.tera.render_to(name, ctx, &mut buf) {
            Ok(()) => Some(std::sync::Arc::new(buf)),
            Err(e) => {
                diags.push(report(&e, &self.origins, page, Some(url)));
                None
            }
        }
    }
}
