//! Themes: the built-in ones embedded in the binary, a hub's local theme under `themes/<name>/`,
//! and the hub's own `templates/`, layered in that order (lowest first) for templates, static
//! files and UI strings.
//!
//! Embedding means an installed kehila works anywhere; a hub overrides any template by file
//! name.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use include_dir::{Dir, include_dir};
use walkdir::WalkDir;

use crate::diagnostics::{Diagnostic, Diagnostics, suggestion_hint};

mod languages;

static BUILTIN: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes");

/// A template's text and where it came from (for error messages).
#[derive(Debug, Clone)]
pub struct TemplateSource {
    pub text: String,
    /// e.g. `templates/post.html` (the hub's) or `themes/default/templates/post.html`.
    pub origin: PathBuf,
}

#[derive(Debug, Default, Clone)]
pub struct Theme {
    /// As `theme:` names it (`default` unless set): where a hub adds files, `themes/<name>/`.
    pub name: String,
    /// Template name (path under `templates/`, `/`-separated) → source.
    pub templates: BTreeMap<String, TemplateSource>,
    /// Path under `static/` → bytes.
    pub static_files: BTreeMap<PathBuf, Vec<u8>>,
    /// Language → UI strings.
    pub i18n: BTreeMap<String, serde_json::Map<String, serde_json::Value>>,
    /// Language → the top layer's `i18n/<lang>.yaml` (for messages about that file).
    pub i18n_origins: BTreeMap<String, PathBuf>,
}

impl Theme {
    /// UI strings for `lang`, each missing key filled from English.
    pub fn strings(&self, lang: &str) -> serde_json::Value {
        let mut map = self.i18n.get("en").cloned().unwrap_or_default();
        if let Some(own) = self.i18n_file(lang).and_then(|f| self.i18n.get(f)) {
            for (k, v) in own {
                map.insert(k.clone(), v.clone());
            }
        }
        serde_json::Value::Object(map)
    }

    fn add_file(&mut self, rel: &Path, bytes: Vec<u8>, origin: PathBuf, diags: &mut Diagnostics) {
        let mut parts = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned());
        let Some(top) = parts.next() else { return };
        let rest: Vec<String> = parts.collect();
        if rest.is_empty() {
            return;
        }
        match top.as_str() {
            "templates" => match String::from_utf8(bytes) {
                Ok(text) => {
                    self.templates
                        .insert(rest.join("/"), TemplateSource { text, origin });
                }
                Err(e) => diags.push(crate::load::utf8_error(
                    &origin,
                    e.as_bytes(),
                    e.utf8_error().valid_up_to(),
                )),
            },
            "static" => {
                self.static_files.insert(rest.iter().collect(), bytes);
            }
            "i18n" if rest.len() == 1 && rest[0].ends_with(".yaml") => {
                let lang = rest[0].trim_end_matches(".yaml").to_string();
                match serde_yaml::from_slice::<serde_json::Map<String, serde_json::Value>>(&bytes) {
                    Ok(map) => {
                        self.i18n_origins.insert(lang.clone(), origin);
                        let entry = self.i18n.entry(lang).or_default();
                        entry.extend(map);
                    }
                    Err(e) => {
                        let (pos, msg) = crate::load::front_matter::yaml_error(&e, 1);
                        diags.push(
                            Diagnostic::error(format!(
                                "this UI-strings file is not valid YAML: {msg}"
                            ))
                            .at(&origin, pos),
                        );
                    }
                }
            }
            _ => {}
        }
    }

    /// Puts the built-in theme `name` on top (false: there is none). Each built-in theme is
    /// read once per process: they are in the binary, and `serve` loads the theme on every
    /// save (parsing its YAML was a millisecond of each).
    fn add_builtin(&mut self, name: &str, diags: &mut Diagnostics) -> bool {
        static LAYERS: std::sync::Mutex<BTreeMap<String, Arc<(Theme, Diagnostics)>>> =
            std::sync::Mutex::new(BTreeMap::new());
        let Some(dir) = BUILTIN.get_dir(name) else {
            return false;
        };
        let layer = {
            let mut layers = LAYERS.lock().unwrap_or_else(|e| e.into_inner());
            let made = layers.entry(name.to_string()).or_insert_with(|| {
                let (mut layer, mut d) = (Theme::default(), Diagnostics::new());
                let mut stack = vec![dir];
                while let Some(dir) = stack.pop() {
                    for f in dir.files() {
                        let rel = f.path().strip_prefix(name).unwrap_or(f.path());
                        let origin = Path::new("themes").join(f.path());
                        layer.add_file(rel, f.contents().to_vec(), origin, &mut d);
                    }
                    stack.extend(dir.dirs());
                }
                Arc::new((layer, d))
            });
            Arc::clone(made)
        };
        let (layer, d) = &*layer;
        diags.extend(d.clone());
        self.add_layer(layer);
        true
    }

    /// `layer`'s files on top of these, as [`Theme::add_file`] would have put them.
    fn add_layer(&mut self, layer: &Theme) {
        for (k, v) in &layer.templates {
            self.templates.insert(k.clone(), v.clone());
        }
        for (k, v) in &layer.static_files {
            self.static_files.insert(k.clone(), v.clone());
        }
        for (k, v) in &layer.i18n_origins {
            self.i18n_origins.insert(k.clone(), v.clone());
        }
        for (lang, map) in &layer.i18n {
            let entry = self.i18n.entry(lang.clone()).or_default();
            entry.extend(map.iter().map(|(k, v)| (k.clone(), v.clone())));
        }
    }

    fn add_folder(&mut self, root: &Path, folder: &Path, diags: &mut Diagnostics) {
        for entry in WalkDir::new(folder)
            .sort_by_file_name()
            .into_iter()
            .flatten()
        {
            if !entry.file_type().is_file() {
                continue;
            }
            let name = entry.file_name().to_string_lossy();
            if crate::load::walk::is_editor_litter(&name) {
                continue;
            }
            let rel = entry.path().strip_prefix(folder).unwrap_or(entry.path());
            let origin = entry
                .path()
                .strip_prefix(root)
                .unwrap_or(entry.path())
                .to_path_buf();
            match std::fs::read(entry.path()) {
                Ok(bytes) => self.add_file(rel, bytes, origin, diags),
                Err(e) => diags
                    .push(Diagnostic::error(format!("cannot read this file: {e}")).in_file(origin)),
            }
        }
    }
}

/// The names of the built-in themes.
pub fn builtin_names() -> Vec<&'static str> {
    BUILTIN.dirs().filter_map(|d| d.path().to_str()).collect()
}

/// Loads the theme `name` for the hub at `root`, with the hub's own templates on top.
pub fn load(root: &Path, name: &str, diags: &mut Diagnostics) -> Theme {
    let mut theme = Theme {
        name: name.to_string(),
        ..Theme::default()
    };
    theme.add_builtin("default", diags);
    let local = root.join("themes").join(name);
    if local.is_dir() {
        theme.add_folder(root, &local, diags);
    } else if name != "default" && !theme.add_builtin(name, diags) {
        let names = builtin_names();
        diags.push(
            Diagnostic::error(format!("there is no theme \"{name}\""))
                .in_file("site.yaml")
                .hint(format!(
                    "{} — or put your own theme in themes/{name}/",
                    suggestion_hint(name, "built-in themes", &names)
                )),
        );
    }
    // The hub's own overrides: templates/ by file name. (static/ is copied by the writer.)
    let own = root.join("templates");
    if own.is_dir() {
        for entry in WalkDir::new(&own).sort_by_file_name().into_iter().flatten() {
            if !entry.file_type().is_file() {
                continue;
            }
            let name = entry.file_name().to_string_lossy();
            if crate::load::walk::is_editor_litter(&name) {
                continue;
            }
            let rel = entry
                .path()
                .strip_prefix(root)
                .unwrap_or(entry.path())
                .to_path_buf();
            match std::fs::read(entry.path()) {
                Ok(bytes) => theme.add_file(&rel, bytes, rel.clone(), diags),
                Err(e) => diags
                    .push(Diagnostic::error(format!("cannot read this file: {e}")).in_file(rel)),
            }
        }
    }
    theme
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_theme_is_embedded_with_hebrew_and_english_strings() {
        let mut d = Diagnostics::new();
        let dir = tempfile::tempdir().unwrap();
        let t = load(dir.path(), "default", &mut d);
        assert!(!d.has_errors(), "{d:?}");
        assert!(t.templates.contains_key("base.html"));
        assert!(t.templates.contains_key("post.html"));
        assert!(t.i18n.contains_key("he") && t.i18n.contains_key("en"));
    }

    #[test]
    fn hub_templates_override_by_file_name() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("templates")).unwrap();
        std::fs::write(dir.path().join("templates/404.html"), "mine").unwrap();
        let mut d = Diagnostics::new();
        let t = load(dir.path(), "default", &mut d);
        assert_eq!(t.templates["404.html"].text, "mine");
        assert_eq!(
            t.templates["404.html"].origin,
            PathBuf::from("templates/404.html")
        );
    }

    /// The shipped UI-string files, each as its own map (not layered over English).
    fn shipped(lang: &str) -> serde_json::Map<String, serde_json::Value> {
        let file = BUILTIN
            .get_file(format!("default/i18n/{lang}.yaml"))
            .unwrap_or_else(|| panic!("no i18n/{lang}.yaml"));
        serde_yaml::from_slice(file.contents()).unwrap()
    }

    /// `{n}`, `{total}`… in a string: a translation must keep every one, or a count goes missing.
    fn placeholders(v: &serde_json::Value) -> Vec<String> {
        let s = v.as_str().unwrap_or_else(|| panic!("not text: {v}"));
        let mut found: Vec<String> = s
            .split('{')
            .skip(1)
            .filter_map(|p| p.split_once('}').map(|(name, _)| name.to_string()))
            .collect();
        found.sort();
        found
    }

    #[test]
    fn hebrew_arabic_and_english_strings_have_the_same_keys_and_placeholders() {
        let en = shipped("en");
        let names = |m: &serde_json::Map<String, serde_json::Value>| {
            m.keys().cloned().collect::<std::collections::BTreeSet<_>>()
        };
        for lang in ["he", "ar"] {
            let other = shipped(lang);
            let (a, b) = (names(&en), names(&other));
            assert!(
                a == b,
                "{lang}.yaml lacks {:?}; en.yaml lacks {:?}",
                a.difference(&b).collect::<Vec<_>>(),
                b.difference(&a).collect::<Vec<_>>()
            );
            for (k, v) in &en {
                assert_eq!(placeholders(v), placeholders(&other[k]), "{lang}: {k}");
                assert!(!other[k].as_str().unwrap().trim().is_empty(), "{lang}: {k}");
            }
        }
        let ids: Vec<&str> = BUILTIN
            .get_dir("default/i18n")
            .unwrap()
            .files()
            .filter_map(|f| f.path().file_stem()?.to_str())
            .collect();
        assert_eq!(ids, ["ar", "en", "he"], "a new file joins this test");
    }
}
