//! Ladder: a static-site generator for annual social mobility reports.
//!
//! The data flows one way through these modules:
//!
//! 1. [`source`]: read the source folder (report.yaml, pages, glossary, static files);
//! 2. [`site`]: decide which pages are published, where, and in what order;
//! 3. [`markdown`]: render page bodies, checking links and linking glossary terms;
//! 4. [`render`] with [`theme`]: put each page through the theme's templates;
//! 5. [`output`]: write the site atomically.
//!
//! [`build`] runs them in that order; [`diagnostic`] is the one error type they share.

pub mod blocks;
pub mod build;
pub mod chart;
pub mod checklist;
pub mod data;
pub mod datapages;
pub mod diagnostic;
pub mod disclosure;
pub mod format;
pub mod html;
pub mod incremental;
pub mod lint;
pub mod markdown;
pub mod menu;
pub mod new;
pub mod output;
pub mod printview;
pub mod query;
pub mod render;
pub mod search;
#[cfg(feature = "serve")]
pub mod serve;
pub mod singlefile;
pub mod site;
pub mod source;
pub mod spec;
pub mod stats;
pub mod submissions;
pub mod theme;
pub mod wordcount;
pub mod yaml;
