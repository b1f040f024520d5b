//! Charts: what a chart block plots ([`plot`]).

pub mod plot;
