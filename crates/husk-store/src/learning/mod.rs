//! Learning (issue 11): the toolbox of learning tools, learning networks, learning arenas and
//! their evaluations, on both backends. The base tables (`learning_networks`,
//! `learning_arenas`) are in migration 21; each part has its own module, migration and `sql.rs`.
