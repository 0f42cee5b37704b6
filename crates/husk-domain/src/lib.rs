//! The rules of social housing work as Husk understands them, in plain Rust.
//!
//! This crate holds the taxonomy (regions, recipient types, knowledge themes, target groups,
//! learning tool categories), the portfolio's types and validation rules (programmes, projects,
//! measures, grants, organisations), the knowledge matrix, data-quality checks (`quality`), who may do what (`access`), users and the login lock-out (`accounts`), and common
//! reporting (templates, answers, workflow, obligations). It does no IO and knows nothing of
//! databases, HTTP or async: storage, search, web and CLI call into it, never the other way.

#[macro_use]
mod macros;

pub mod access;
pub mod accounts;
pub mod codes;
pub mod ids;
pub mod innovation;
pub mod knowledge;
pub mod learning;
pub mod limits;
pub mod matrix;
pub mod norwegian;
pub mod open;
pub mod portfolio;
pub mod programmes;
pub mod quality;
pub mod reporting;
pub mod taxonomy;
pub mod validation;

pub use access::{Role, UserRef, Viewer};
pub use ids::{Kommunenummer, Organisasjonsnummer};
pub use knowledge::{DocumentInput, DocumentMeta, DocumentType};
pub use matrix::{Matrix, MatrixMeasure, MatrixReport, MatrixRow};
pub use portfolio::{
    BudgetItem, GrantInput, GrantStatus, Kind, ProjectFacts, ProjectInput, Selection, Status,
    YearRange,
};
pub use taxonomy::Taxonomy;
pub use validation::{FieldError, FieldErrors};
