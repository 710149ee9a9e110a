//! The page's parts, each a component that takes data and callbacks and owns nothing of the
//! page's state (the root, `app.rs`, owns that): one file per part of the page.

mod application;
mod field;
mod panel;
mod results;
mod sample;
mod sessions;
mod source;
mod status;
mod toolbar;

pub use application::ApplicationPanel;
pub use field::{error_view, Field};
pub use results::{rows_as, ChartCanvas, ResultsView};
pub use sample::Sample;
pub use sessions::Sessions;
pub use source::SourceForm;
pub use status::StatusBar;
pub use toolbar::Toolbar;
