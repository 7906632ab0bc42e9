//! DynamoDB: tables with typed keys, on-demand by default, point-in-time recovery on,
//! encryption with an AWS-owned, AWS-managed or customer-managed key, time to live, streams and
//! global secondary indexes; the CDK's data and stream grants (which also grant on a
//! customer-managed key); imports by name, ARN or attributes.
//!
//! ```
//! use stackwright_aws::dynamodb::{Attribute, Table, TableProps};
//! use stackwright_core::{App, Stack, StackProps};
//!
//! let app = App::with_props(Default::default());
//! let stack = Stack::new(&app, "Data", StackProps::default());
//! let sessions = Table::new(
//!     &stack,
//!     "Sessions",
//!     TableProps::new(Attribute::string("id")).time_to_live_attribute("expires"),
//! );
//! let _name = sessions.table_name();
//! ```

mod attribute;
mod checks;
mod global_secondary_index;
mod perms;
mod table;

pub use attribute::{Attribute, AttributeType};
pub use global_secondary_index::{GlobalSecondaryIndexProps, Projection};
pub use table::{
    BillingMode, StreamViewType, Table, TableAttributes, TableClass, TableEncryption, TableProps,
};
