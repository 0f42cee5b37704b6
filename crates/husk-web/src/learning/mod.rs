//! Learning (issue 11): the pages and API of the toolbox, the networks, the learning arenas and
//! their evaluations. Each part has its own module and templates under `templates/learning/`.
