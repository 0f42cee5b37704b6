//! The learning area's tools: pages and API. Templates in `templates/learning/`.

use crate::shared::routes::Routes;

/// This part's routes.
pub(crate) fn routes() -> Routes {
    Routes {
        pages: vec![],
        api: vec![],
    }
}
