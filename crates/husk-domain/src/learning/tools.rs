//! The toolbox (*verktøykasse*): learning tools in the five categories, their guides and the
//! ranking of tools for a situation. Filled in by the toolbox's part of issue 11.
