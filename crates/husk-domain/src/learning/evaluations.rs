//! Evaluations of learning arenas: the form (core questions shared by every arena), the
//! answering rules (one answer per token, open and close times) and results.
