//! The example apps as functions, so that tests can synthesize them in memory; the binaries
//! in this folder call them and write the assembly.

pub mod bootstrap;
pub mod quickstart;
