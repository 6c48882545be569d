//! Where pages meet the [image processor](crate::images): Markdown images and the theme's
//! `picture()`/`avatar()` functions become `<picture>`s, unreadable sources become errors,
//! and the processed files join the site's outputs.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use tera::{Kwargs, State, Tera, Value};

use super::output::{Output, Outputs};
use crate::diagnostics::{Diagnostic, Diagnostics, Pos};
use crate::images::picture::{self, Attrs};
use crate::images::{self, ImageOutput, Processor, Set};

/// The set of a Markdown image (`dest` as written), or `None` to leave the image as it is:
/// not a photo of the site, missing (the site-link check reports that) or unreadable (an error).
pub fn resized(
    p: &Processor,
    dest: &str,
    file: &Path,
    pos: Pos,
    diags: &mut Diagnostics,
) -> Option<Set> {
    if !images::processable(dest) {
        return None;
    }
    let rel = p.static_file(dest);
    if !p.has_static(&rel) {
        return None;
    }
    match p
        .source(&rel)
        .and_then(|s| p.resized(&rel).map(|set| (s, set)))
    {
        Ok((source, set)) => {
            if source.bytes > images::HEAVY_SOURCE {
                diags.push(heavy(&rel, source.bytes).at(file, pos));
            }
            Some(set)
        }
        Err(e) => {
            diags.push(unreadable(&rel, &e).at(file, pos));
            None
        }
    }
}

fn unreadable(rel: &Path, e: &str) -> Diagnostic {
    Diagnostic::error(format!(
        "the image static/{} could not be read: {e}",
        rel.display()
    ))
    .hint("open it in an image editor and save it again as JPEG, PNG or WebP, or remove it")
}

fn heavy(rel: &Path, bytes: u64) -> Diagnostic {
    Diagnostic::warning(format!(
        "the image static/{} is {} MB; kehila makes small copies for readers, but the original still fills the repository",
        rel.display(),
        bytes / (1024 * 1024)
    ))
    .hint("save a copy at most 3000 pixels wide and use it instead")
}

/// `picture(src=…, class=…, sizes=…, alt=…, lazy=…)` and `avatar(src=…, alt=…, class=…,
/// size=…, focus=…)` for templates: a `<picture>` for the hub's photos, a plain `<img>` for anything else.
pub fn register(tera: &mut Tera, p: Arc<Processor>) {
    let q = Arc::clone(&p);
    tera.register_function(
        "picture",
        move |kwargs: Kwargs, _: &State| -> tera::TeraResult<Value> {
            let src: Option<String> = kwargs.get("src")?;
            let class: Option<String> = kwargs.get("class")?;
            let sizes: Option<String> = kwargs.get("sizes")?;
            let alt: Option<String> = kwargs.get("alt")?;
            let lazy: Option<bool> = kwargs.get("lazy")?;
            let attrs = Attrs {
                alt: alt.as_deref().unwrap_or(""),
                title: None,
                class: class.as_deref(),
                sizes: sizes.as_deref().unwrap_or(picture::PROSE_SIZES),
                lazy: lazy.unwrap_or(true),
            };
            Ok(html(&q, src.as_deref(), &attrs, |p, rel| p.resized(rel)))
        },
    );
    tera.register_function(
        "avatar",
        move |kwargs: Kwargs, _: &State| -> tera::TeraResult<Value> {
            let src: Option<String> = kwargs.get("src")?;
            let class: Option<String> = kwargs.get("class")?;
            let alt: Option<String> = kwargs.get("alt")?;
            let size: Option<u32> = kwargs.get("size")?;
            let lazy: Option<bool> = kwargs.get("lazy")?;
            let focus: Option<String> = kwargs.get("focus")?;
            // A leader without `focus:` passes none, which arrives as "".
            let focus = focus.filter(|f| !f.trim().is_empty());
            let focus = match focus.as_deref().map(crate::load::focus::parse) {
                Some(Err(e)) => return Err(tera::Error::message(e)),
                Some(Ok(f)) => Some(f),
                None => None,
            };
            let sizes = format!("{}px", size.unwrap_or(88));
            let attrs = Attrs {
                alt: alt.as_deref().unwrap_or(""),
                title: None,
                class: class.as_deref(),
                sizes: &sizes,
                lazy: lazy.unwrap_or(true),
            };
            Ok(html(&p, src.as_deref(), &attrs, |p, rel| {
                p.square(rel, focus)
            }))
        },
    );
}

fn html(
    p: &Processor,
    src: Option<&str>,
    attrs: &Attrs,
    make: impl Fn(&Processor, &Path) -> Result<Set, String>,
) -> Value {
    let Some(src) = src.filter(|s| !s.is_empty()) else {
        return Value::none();
    };
    let rel = p.static_file(src);
    let set = (images::processable(src) && p.has_static(&rel))
        .then(|| make(p, &rel))
        .and_then(|r| r.map_err(|e| p.failed(&rel, e)).ok());
    match set {
        Some(set) => Value::safe_string(&picture::html(&set, attrs)),
        None => Value::safe_string(&plain(src, attrs)),
    }
}

/// An image kehila does not process (SVG, another host): as the theme wrote it.
fn plain(src: &str, a: &Attrs) -> String {
    use super::escape::escape;
    let mut out = format!("<img src=\"{}\" alt=\"{}\"", escape(src), escape(a.alt));
    if let Some(c) = a.class {
        out.push_str(&format!(" class=\"{}\"", escape(c)));
    }
    if a.lazy {
        out.push_str(" loading=\"lazy\"");
    }
    out.push_str(" decoding=\"async\">");
    out
}

/// Reports front-matter images that could not be read and adds every processed file to
/// the outputs (made now in a build, on request while serving).
pub fn add_outputs(p: &Processor, out: &mut Outputs, defer: bool, diags: &mut Diagnostics) {
    let mut t = crate::timings::Timings::start();
    for d in p.take_problems() {
        diags.push(d);
    }
    for (rel, e) in p.take_failures() {
        diags.push(unreadable(&rel, &e).in_file(Path::new("static").join(&rel)));
    }
    let files: Vec<(PathBuf, ImageOutput)> = p.outputs(defer);
    // Inserting 10,000 cards one by one compared paths component by component ~14 times
    // each; the processor lists them in path order, so they are merged in as one sorted map.
    let mut images = Vec::with_capacity(files.len());
    for (path, o) in files {
        let output = match o {
            ImageOutput::Made(cached) => Output::Cached(cached),
            ImageOutput::Pending(pending, counts) => Output::Image(pending, counts),
            ImageOutput::Failed(src, e) if src.as_os_str().is_empty() => {
                diags.push(Diagnostic::error(format!(
                    "kehila could not make the preview card {}: {e}",
                    path.display()
                )));
                continue;
            }
            ImageOutput::Failed(src, e) => {
                let rel = src
                    .strip_prefix(p.static_dir())
                    .unwrap_or(&src)
                    .to_path_buf();
                diags.push(unreadable(&rel, &e).in_file(Path::new("static").join(&rel)));
                continue;
            }
        };
        images.push((path, output));
    }
    let mut images: std::collections::BTreeMap<_, _> = images.into_iter().collect();
    out.files.append(&mut images);
    let c = &p.counts;
    t.lap(&format!(
        "images ({} made, {} from the cache)",
        c.made.load(std::sync::atomic::Ordering::Relaxed),
        c.reused.load(std::sync::atomic::Ordering::Relaxed)
    ));
}
