//! The compiled templates, kept while the theme's template texts and the base URL are the
//! same.

use std::sync::Arc;

use crate::model::Site;
use crate::render::templates::Templates;
use crate::render::theme::Theme;

#[derive(Default)]
pub struct TemplateMemo {
    kept: Option<(u64, Arc<Templates>)>,
}

impl TemplateMemo {
    /// The templates, and whether they were compiled anew (which makes every kept page stale).
    pub fn get(
        &mut self,
        site: &Site,
        theme: &Theme,
        make: &mut dyn FnMut() -> Option<Templates>,
    ) -> (Option<Arc<Templates>>, bool) {
        let key = crate::hashing::hash_of(&(
            theme
                .templates
                .iter()
                .map(|(k, v)| (k, &v.text, &v.origin))
                .collect::<Vec<_>>(),
            site.urls.base_url(),
        ));
        if let Some((k, t)) = &self.kept
            && *k == key
        {
            return (Some(Arc::clone(t)), false);
        }
        self.kept = make().map(|t| (key, Arc::new(t)));
        (self.kept.as_ref().map(|(_, t)| Arc::clone(t)), true)
    }
}
