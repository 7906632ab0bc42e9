//! Glue: ETL jobs (Spark, Python shell, streaming, Ray) with scripts shipped as assets, and the
//! catalog around them: connections, databases, tables, crawlers, security configurations.

mod catalog;
mod code;
mod connection;
mod crawler;
mod job;
mod security_configuration;

pub use catalog::{Column, ColumnType, DataFormat, Database, DatabaseProps, Table, TableProps};
pub use code::Code;
pub use connection::{Connection, ConnectionProps, ConnectionType};
pub use crawler::{Crawler, CrawlerProps, SchemaChangePolicy};
pub use job::{GlueVersion, Job, JobProps, JobType, PythonShellCapacity, WorkerType};
pub use security_configuration::{SecurityConfiguration, SecurityConfigurationProps};
