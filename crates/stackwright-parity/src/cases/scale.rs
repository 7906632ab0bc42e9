//! The scale workload (examples/src/scale.rs) at 2 stacks of 3 units: the same tree as
//! `bench/scale.js`, which the performance comparison runs at 20 stacks of 100 units.

use stackwright::prelude::*;

use crate::Ignore;

/// No accepted differences.
pub const IGNORED: &[Ignore] = &[];

/// Builds the app.
pub fn build(app: &App) {
    stackwright_examples::scale::build(app, 2, 3);
}
