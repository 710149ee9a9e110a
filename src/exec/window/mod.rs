//! Window operators. Each keeps its open windows in a state table keyed by window end, so
//! closing windows is an ordered range scan up to the watermark.

mod tumbling;

pub use tumbling::TumblingWindowExec;
