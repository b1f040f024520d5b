//! Charts: what a chart block plots ([`plot`]), how it is drawn as an accessible inline
//! SVG ([`draw`]) and the alt text generated for it ([`alt`]).

pub mod alt;
pub mod draw;
pub mod figure;
pub mod plot;

pub use figure::{Charts, Figure};
