//! Whether the theme has UI strings for each language the hub is written in: no
//! `i18n/<lang>.yaml` at all is an error, a file lacking keys a warning, each naming the keys
//! (`Theme::strings` would otherwise fill them from English without a word).

use std::collections::BTreeSet;
use std::path::Path;

use super::Theme;
use crate::diagnostics::{Diagnostic, Diagnostics, Pos};

/// How many key names a message lists before "and N more".
const LISTED: usize = 8;

impl Theme {
    /// The i18n file (its language code) that serves `lang`: the file of its primary language,
    /// so `ar-EG` and `ar` both read `ar.yaml`.
    pub fn i18n_file(&self, lang: &str) -> Option<&str> {
        let primary = lang.split(['-', '_']).next().unwrap_or(lang);
        self.i18n
            .keys()
            .find(|k| k.eq_ignore_ascii_case(primary))
            .map(String::as_str)
    }

    /// Reports each language of `langs` (a code and where site.yaml names it) whose UI strings
    /// the theme lacks, measured against every key any of the theme's languages has.
    pub fn check_languages(&self, langs: &[(&str, Option<Pos>)], diags: &mut Diagnostics) {
        let all: BTreeSet<&str> = self
            .i18n
            .values()
            .flat_map(|m| m.keys().map(String::as_str))
            .collect();
        let mut seen = BTreeSet::new();
        for &(lang, pos) in langs {
            let primary = lang
                .split(['-', '_'])
                .next()
                .unwrap_or(lang)
                .to_ascii_lowercase();
            if !seen.insert(primary.clone()) {
                continue;
            }
            match self.i18n_file(lang) {
                None => diags.push(self.no_file(lang, &primary, pos, &all)),
                Some(file) => {
                    let own = &self.i18n[file];
                    let missing: Vec<&str> = all
                        .iter()
                        .copied()
                        .filter(|k| !own.contains_key(*k))
                        .collect();
                    if !missing.is_empty() {
                        diags.push(self.lacking(lang, file, &missing));
                    }
                }
            }
        }
    }

    fn no_file(
        &self,
        lang: &str,
        primary: &str,
        pos: Option<Pos>,
        all: &BTreeSet<&str>,
    ) -> Diagnostic {
        let keys: Vec<&str> = all.iter().copied().collect();
        let d = Diagnostic::error(format!(
            "the theme \"{}\" has no UI strings in \"{lang}\" (menus, buttons, headings): all {} are missing: {}",
            self.name,
            keys.len(),
            listed(&keys)
        ))
        .hint(format!(
            "add the file themes/{}/i18n/{primary}.yaml to the hub, one line `key: text` for each \
             of these keys, in \"{lang}\" (kehila lays it over the built-in theme; the English \
             file of kehila's default theme, themes/default/i18n/en.yaml, lists every key) — or \
             set `language:` to one the theme has: {}",
            self.name,
            self.i18n.keys().map(String::as_str).collect::<Vec<_>>().join(", ")
        ));
        match pos {
            Some(pos) => d.at("site.yaml", pos),
            None => d.in_file("site.yaml"),
        }
    }

    fn lacking(&self, lang: &str, file: &str, missing: &[&str]) -> Diagnostic {
        let origin = self
            .i18n_origins
            .get(file)
            .map(|p| p.as_path())
            .unwrap_or(Path::new("site.yaml"));
        Diagnostic::warning(format!(
            "the UI strings in \"{lang}\" lack {} of the theme's keys: {}",
            missing.len(),
            listed(missing)
        ))
        .in_file(origin)
        .hint(format!(
            "add a line `key: text` for each; until then pages in \"{lang}\" show these in English"
        ))
    }
}

/// `a, b, c` — or the first few and "and N more", so a message stays readable.
fn listed(keys: &[&str]) -> String {
    if keys.len() <= LISTED {
        return keys.join(", ");
    }
    format!(
        "{} and {} more",
        keys[..LISTED].join(", "),
        keys.len() - LISTED
    )
}

#[cfg(test)]
mod tests {
    use super::super::load;
    use super::*;

    fn theme_with(files: &[(&str, &str)]) -> (tempfile::TempDir, Theme, Diagnostics) {
        let dir = tempfile::tempdir().unwrap();
        for (path, text) in files {
            let p = dir.path().join(path);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        let mut d = Diagnostics::new();
        let t = load(dir.path(), "default", &mut d);
        assert!(!d.has_errors(), "{d:?}");
        (dir, t, d)
    }

    fn check(t: &Theme, lang: &str) -> Diagnostics {
        let mut d = Diagnostics::new();
        t.check_languages(&[(lang, Some(Pos::new(3, 11)))], &mut d);
        d
    }

    #[test]
    fn the_shipped_languages_and_their_regions_are_complete() {
        let (_dir, t, _) = theme_with(&[]);
        for lang in ["he", "ar", "en", "ar-EG", "en-GB", "he-IL", "AR"] {
            let d = check(&t, lang);
            assert!(d.items().is_empty(), "{lang}: {d:?}");
        }
        assert_eq!(t.i18n_file("ar-EG"), Some("ar"));
        assert_eq!(t.i18n_file("en_GB"), Some("en"));
        assert_eq!(t.i18n_file("fr"), None);
    }

    #[test]
    fn a_language_without_a_file_is_an_error_naming_keys_and_the_file_to_add() {
        let (_dir, t, _) = theme_with(&[]);
        let d = check(&t, "fr-CA");
        assert_eq!(d.error_count(), 1, "{d:?}");
        let e = &d.items()[0];
        assert_eq!(e.file.as_deref(), Some(Path::new("site.yaml")));
        assert_eq!(e.pos, Some(Pos::new(3, 11)));
        let total = t.i18n["en"].len();
        assert!(e.message.contains("\"fr-CA\""), "{}", e.message);
        assert!(
            e.message.contains(&format!("all {total} are missing")),
            "{}",
            e.message
        );
        // sorted, the first eight, then how many more
        assert!(
            e.message.contains("add_to_calendar, add_to_google"),
            "{}",
            e.message
        );
        assert!(
            e.message.ends_with(&format!("and {} more", total - LISTED)),
            "{}",
            e.message
        );
        let hint = e.hint.as_deref().unwrap();
        assert!(hint.contains("themes/default/i18n/fr.yaml"), "{hint}");
        assert!(hint.contains("ar, en, he"), "{hint}");
    }

    #[test]
    fn the_file_the_hint_names_fixes_the_error_and_a_partial_one_warns() {
        let (_dir, t, _) = theme_with(&[(
            "themes/default/i18n/fr.yaml",
            "home: Accueil\nposts: Articles\n",
        )]);
        let d = check(&t, "fr");
        assert_eq!(d.error_count(), 0, "{d:?}");
        assert_eq!(d.items().len(), 1, "{d:?}");
        let w = &d.items()[0];
        assert_eq!(
            w.file.as_deref(),
            Some(Path::new("themes/default/i18n/fr.yaml"))
        );
        let missing = t.i18n["en"].len() - 2;
        assert!(
            w.message
                .contains(&format!("lack {missing} of the theme's keys")),
            "{}",
            w.message
        );
        assert!(!w.message.contains("home,"), "{}", w.message);

        let full: String = t.i18n["en"].keys().map(|k| format!("{k}: x\n")).collect();
        let (_dir, t, _) = theme_with(&[("themes/default/i18n/fr.yaml", &full)]);
        assert!(check(&t, "fr").items().is_empty());
    }

    #[test]
    fn a_key_only_one_language_has_is_missing_from_the_others() {
        let (_dir, t, _) = theme_with(&[("themes/default/i18n/he.yaml", "hub_motto: ביחד\n")]);
        assert!(check(&t, "he").items().is_empty());
        let d = check(&t, "en");
        assert_eq!(d.items().len(), 1);
        assert!(d.items()[0].message.ends_with(": hub_motto"), "{d:?}");
    }

    #[test]
    fn short_lists_are_whole_and_long_ones_say_how_many_more() {
        assert_eq!(listed(&["a", "b"]), "a, b");
        let many: Vec<&str> = ["k"; 10].to_vec();
        assert_eq!(listed(&many), "k, k, k, k, k, k, k, k and 2 more");
    }
}
