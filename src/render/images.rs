//! Facts about the site's images for link previews: pixel size (so chat apps can lay out the
//! preview before fetching it) and weight (WhatsApp drops previews of large images).

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::Urls;

/// Preview images above this size are often not shown by WhatsApp.
pub const PREVIEW_LIMIT: u64 = 300 * 1024;

#[derive(Debug, Clone, Copy, Default, Hash)]
pub struct ImageInfo {
    pub width: Option<usize>,
    pub height: Option<usize>,
    pub bytes: u64,
}

/// Looks images up under `static/`, once each.
pub struct Images {
    static_dir: PathBuf,
    base_path: String,
    cache: Mutex<crate::hashing::HashMap<String, Option<ImageInfo>>>,
}

impl Images {
    pub fn new(root: &Path, urls: &Urls) -> Self {
        Images {
            static_dir: root.join("static"),
            base_path: urls.base_path().to_string(),
            cache: Mutex::new(Default::default()),
        }
    }

    /// Info for a site URL (`/hub/images/x.png`); `None` for other hosts or missing files.
    pub fn info(&self, url: &str) -> Option<ImageInfo> {
        if let Some(hit) = self.cache.lock().ok()?.get(url) {
            return *hit;
        }
        let info = url.strip_prefix(&self.base_path).and_then(|rel| {
            let path = self.static_dir.join(Urls::site_path_file(rel));
            let bytes = std::fs::metadata(&path).ok()?.len();
            let size = imagesize::size(&path).ok();
            Some(ImageInfo {
                width: size.map(|s| s.width),
                height: size.map(|s| s.height),
                bytes,
            })
        });
        if let Ok(mut c) = self.cache.lock() {
            c.insert(url.to_string(), info);
        }
        info
    }

    /// Warns once per preview image that is too heavy for chat-app previews.
    pub fn warn_heavy<'a>(&self, used: impl Iterator<Item = &'a str>, diags: &mut Diagnostics) {
        // A set, not a list: a hub whose 10,000 posts each have their own image would
        // otherwise compare every image with every other.
        let mut seen: crate::hashing::HashSet<&str> = Default::default();
        for url in used {
            if !seen.insert(url) {
                continue;
            }
            if let Some(info) = self.info(url)
                && info.bytes > PREVIEW_LIMIT
            {
                let rel = url.strip_prefix(&self.base_path).unwrap_or(url);
                diags.push(
                    Diagnostic::warning(format!(
                        "this link-preview image is {} KB; WhatsApp often shows no preview for images over 300 KB",
                        info.bytes / 1024
                    ))
                    .in_file(Path::new("static").join(Urls::site_path_file(rel)))
                    .hint("save a smaller copy (e.g. 1200×630 JPEG) and use it as the page's image"),
                );
            }
        }
    }
}
