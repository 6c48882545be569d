//! Which pages get a generated link-preview card (posts, events, cohorts and leaders without
//! an image of their own, unless `previews.cards: false`) and what each card says.

mod look;

use super::plan::Job;
use crate::hashing::HashMap;
use crate::images::{Processor, card::Card};
use crate::model::Site;

pub struct Cards<'a> {
    processor: &'a Processor,
    site: &'a Site,
    /// Card labels by template: post, event, cohort, leader.
    labels: [String; 4],
    /// A post's or event's first topic, shown instead of its kind, by its file's path as
    /// bytes (`Path` hashes and compares component by component: at 10,000 posts that was
    /// most of the cards' time on every save).
    topics: HashMap<&'a [u8], &'a str>,
    look: look::Look,
    /// A hash of what every card of this run shares (hub name, colours, logo).
    look_key: u64,
}

const TEMPLATES: [&str; 4] = ["post.html", "event.html", "cohort.html", "leader.html"];

impl<'a> Cards<'a> {
    /// `label(key, fallback)` reads the theme's strings.
    pub fn new(
        site: &'a Site,
        theme: &crate::render::theme::Theme,
        processor: &'a Processor,
        label: impl Fn(&str, &'static str) -> String,
    ) -> Option<Self> {
        if !site.config.previews.cards {
            return None;
        }
        let topic = |t: &[usize]| {
            t.first()
                .and_then(|&i| site.topics.get(i))
                .map(|t| t.entry.title.as_str())
        };
        let mut topics = HashMap::default();
        for p in &site.posts {
            if let Some(t) = topic(&p.topics) {
                topics.insert(p.entry.file.as_os_str().as_encoded_bytes(), t);
            }
        }
        for e in &site.events {
            if let Some(t) = topic(&e.topics) {
                topics.insert(e.entry.file.as_os_str().as_encoded_bytes(), t);
            }
        }
        let look = look::read(site, theme, processor);
        let look_key =
            crate::hashing::hash_of(&(&site.config.title, look.background, look.ink, &look.logo));
        Some(Cards {
            processor,
            site,
            labels: [
                label("card_post", "Post"),
                label("card_event", "Event"),
                label("card_cohort", "Cohort"),
                label("card_leader", "Community leader"),
            ],
            topics,
            look,
            look_key,
        })
    }

    /// The card's URL for a page that should have one.
    pub fn for_job(&self, j: &Job) -> Option<String> {
        // Chat apps show no preview for SVG: a page whose own image is one gets a card.
        let svg = |u: &str| u.split(['?', '#']).next().unwrap_or("").ends_with(".svg");
        if j.image.as_deref().is_some_and(|i| !svg(i)) {
            return None;
        }
        let kind = TEMPLATES.iter().position(|t| *t == j.template)?;
        let title = j.title.as_deref()?;
        let label = j
            .source
            .as_deref()
            .and_then(|s| self.topics.get(s.as_os_str().as_encoded_bytes()).copied())
            .unwrap_or(&self.labels[kind]);
        let page = j.output_path().parent()?;
        let prefix = self.site.config.page_prefix.as_deref();
        // Every page asks for its card on every serve run: an unchanged one is found by key.
        let page_bytes = page.as_os_str().as_encoded_bytes();
        let key = crate::hashing::hash_of(&(self.look_key, title, label, page_bytes, prefix));
        Some(self.processor.card_by_key(key, || {
            let name: Vec<String> = page
                .iter()
                .map(|c| c.to_string_lossy().into_owned())
                .collect();
            let card = Card {
                title: title.to_string(),
                kind: label.to_string(),
                hub: self.site.config.title.clone(),
                background: self.look.background,
                ink: self.look.ink,
                logo: self.look.logo.clone(),
            };
            // A translated page has its own card: `ar/about`, beside the default's `about`.
            let name = match prefix {
                Some(code) => format!("{code}/{}", name.join("/")),
                None => name.join("/"),
            };
            (card, name)
        }))
    }
}
