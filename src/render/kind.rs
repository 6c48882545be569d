//! The shape of an output kind ([`Kind`]) and what it is made from ([`Made`]): the site, its
//! rendered bodies, template values and pages, once the pages are rendered.

use std::path::Path;
use std::sync::Arc;

use super::job::Job;
use super::output::Outputs;
use super::theme::Theme;
use super::views::{Bodies, Views};
use crate::diagnostics::Diagnostics;
use crate::model::Site;

/// Everything an output kind may read.
pub struct Made<'a> {
    pub site: &'a Arc<Site>,
    pub theme: &'a Theme,
    /// The hub's folder (for `static/`).
    pub root: &'a Path,
    pub bodies: &'a Bodies,
    pub views: &'a Views,
    /// Every page of the plan.
    pub jobs: &'a [Arc<Job>],
}

/// An output kind: adds its files to the outputs, its problems to the diagnostics.
pub type Kind = fn(&Made, &mut Outputs, &mut Diagnostics);
