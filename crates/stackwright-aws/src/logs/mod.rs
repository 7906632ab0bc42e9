//! CloudWatch Logs: log groups with a typed retention (two years unless set), retained when
//! removed from the stack, optionally encrypted with a customer key, and grants to write or read
//! their events.

mod log_group;
mod retention;

pub use log_group::{LogGroup, LogGroupProps};
pub use retention::RetentionDays;
