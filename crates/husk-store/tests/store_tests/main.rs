//! The store's tests on SQLite and (with `HUSK_TEST_POSTGRES`) PostgreSQL: one test binary, a
//! module per area, so the demo template is loaded and the binary linked once.

mod backup;
mod common;
mod fidelity;
mod import;
mod indicator_comparison;
mod indicators;
mod innovation;
mod knowledge;
mod learning;
mod leases;
mod meetings;
mod municipalities;
mod open_data;
mod programmes;
mod reporting;
mod rolling;
mod store;
mod template_v2;
