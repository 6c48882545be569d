//! kehila: a static-site generator for alumni community hubs.
//!
//! One pipeline, one module per stage: [`load`] (files → sources) → [`model`] (a typed site
//! with resolved references and the one URL builder) → [`render`] (Markdown and templates,
//! in memory) → [`output`] (atomic write). [`pipeline`] runs the stages; [`cmd`] holds the
//! command-line commands. See ARCHITECTURE.md for the map.

pub mod cmd;
pub mod config;
pub mod diagnostics;
pub mod digest;
pub mod hashing;
pub mod images;
pub mod import;
pub mod incremental;
pub mod languages;
pub mod load;
pub mod model;
pub mod output;
pub mod pipeline;
pub mod progress;
pub mod render;
pub mod serve;
pub mod timings;
pub mod whole_file;
