//! [`Items`]: every kind's list while the site is assembled — a document goes to its kind's
//! builder, then each list is put in display order and all entries can be walked at once.

use std::sync::Arc;

use jiff::Timestamp;
use jiff::tz::TimeZone;

use super::ctx::Ctx;
use super::parts::PostParts;
use super::{events, groups, pages, posts};
use crate::load::{Document, Kind};
use crate::model::entry::Entry;
use crate::model::{Cohort, Event, Leader, Page, Post, Topic};

#[derive(Default)]
pub(super) struct Items {
    pub(super) home: Option<Entry>,
    pub(super) pages: Vec<(Arc<Document>, Page)>,
    pub(super) posts: Vec<(Arc<Document>, Post)>,
    pub(super) topics: Vec<(Arc<Document>, Topic)>,
    pub(super) cohorts: Vec<(Arc<Document>, Cohort)>,
    pub(super) leaders: Vec<(Arc<Document>, Leader)>,
    pub(super) events: Vec<(Arc<Document>, Event)>,
    /// Content paths of drafts left out.
    pub(super) drafts: Vec<String>,
}

impl Items {
    /// Adds one document (with its post parts, for a post) to its kind's list.
    pub(super) fn add(
        &mut self,
        cx: &mut Ctx,
        doc: Arc<Document>,
        parts: Option<Arc<PostParts>>,
        drafts: bool,
        now: Timestamp,
    ) {
        if doc.draft && !drafts {
            self.drafts.push(doc.content_path.clone());
            return;
        }
        let section = match doc.kind {
            Kind::Post => {
                if let Some(post) = posts::post(parts, now, &cx.config.timezone, cx.diags) {
                    self.posts.push((doc, post));
                }
                return;
            }
            Kind::Home => {
                self.home = pages::home(cx, &doc);
                return;
            }
            Kind::Page => None,
            Kind::Topic => Some("topics"),
            Kind::Cohort => Some("cohorts"),
            Kind::Leader => Some("leaders"),
            Kind::Event => Some("events"),
        };
        let Some(entry) = cx.entry(&doc, section) else {
            return;
        };
        match doc.kind {
            Kind::Home | Kind::Post => {}
            Kind::Page => {
                if let Some(page) = pages::page(cx, &doc, entry) {
                    self.pages.push((doc, page));
                }
            }
            Kind::Topic => self
                .topics
                .push((Arc::clone(&doc), groups::topic(&doc, entry))),
            Kind::Cohort => {
                let c = groups::cohort(cx, &doc, entry);
                self.cohorts.push((doc, c));
            }
            Kind::Leader => {
                let l = groups::leader(cx, &doc, entry);
                self.leaders.push((doc, l));
            }
            Kind::Event => {
                let config = cx.config;
                let e = events::event(cx, &doc, entry, now, &config.timezone);
                self.events.push((doc, e));
            }
        }
    }

    /// Display order, before references are resolved so the indices they store stay valid.
    pub(super) fn sort(&mut self, tz: &TimeZone) {
        posts::sort(&mut self.posts);
        self.pages
            .sort_by_key(|(_, p)| sort_key(p.order, &p.entry.title));
        self.topics
            .sort_by_key(|(_, t)| sort_key(t.order, &t.entry.title));
        self.leaders
            .sort_by_key(|(_, l)| sort_key(l.order, &l.entry.title));
        self.cohorts.sort_by(|a, b| {
            let ka = a.1.start.as_ref().map(|w| w.timestamp(tz));
            let kb = b.1.start.as_ref().map(|w| w.timestamp(tz));
            kb.cmp(&ka)
                .then_with(|| a.1.entry.title.cmp(&b.1.entry.title))
        });
        self.events
            .sort_by_cached_key(|(_, e)| (e.start.timestamp(tz), e.entry.slug.clone()));
    }

    /// Every entry: home, pages, posts, topics, cohorts, leaders, events.
    pub(super) fn entries(&self) -> impl Iterator<Item = &Entry> + Clone {
        self.home
            .iter()
            .chain(self.pages.iter().map(|x| &x.1.entry))
            .chain(self.posts.iter().map(|x| &*x.1.entry))
            .chain(self.topics.iter().map(|x| &x.1.entry))
            .chain(self.cohorts.iter().map(|x| &x.1.entry))
            .chain(self.leaders.iter().map(|x| &x.1.entry))
            .chain(self.events.iter().map(|x| &x.1.entry))
    }
}

fn sort_key(order: Option<i64>, title: &str) -> (i64, String) {
    (order.unwrap_or(i64::MAX), title.to_string())
}
