//! `Crawler`: discovers tables from data in S3 (or refreshes catalog tables) on a schedule.

use stackwright_cfn::glue::{CfnCrawler, CfnCrawlerProps};
use stackwright_core::{Construct, Node, Scope, Val, Value};

use super::catalog::Database;
use super::security_configuration::SecurityConfiguration;
use crate::events::Schedule;
use crate::iam::{Grantable, ManagedPolicy, PolicyStatement, Principal, Role, RoleProps};

/// What a crawler does when the data's schema changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SchemaChangePolicy {
    /// Update the table and log deletions (the default).
    UpdateAndLogDeletions,
    /// Only log changes.
    LogOnly,
    /// Update the table and delete vanished tables from the catalog.
    UpdateAndDelete,
}

impl SchemaChangePolicy {
    fn entries(self) -> Value {
        let (update, delete) = match self {
            SchemaChangePolicy::UpdateAndLogDeletions => ("UPDATE_IN_DATABASE", "LOG"),
            SchemaChangePolicy::LogOnly => ("LOG", "LOG"),
            SchemaChangePolicy::UpdateAndDelete => ("UPDATE_IN_DATABASE", "DELETE_FROM_DATABASE"),
        };
        Value::map_of([("DeleteBehavior", delete), ("UpdateBehavior", update)])
    }
}

/// Options of a [`Crawler`]: S3 paths and catalog tables to crawl into a database.
#[derive(Debug, Clone)]
#[must_use]
pub struct CrawlerProps {
    database: Database,
    s3_targets: Vec<(Val<String>, Vec<String>)>,
    catalog_tables: Vec<Val<String>>,
    schedule: Option<Schedule>,
    schema_change_policy: SchemaChangePolicy,
    role: Option<Role>,
    name: Option<Val<String>>,
    table_prefix: Option<String>,
    security_configuration: Option<SecurityConfiguration>,
    description: Option<String>,
}

impl CrawlerProps {
    /// A crawler writing tables into `database`; add S3 or catalog targets.
    pub fn new(database: &Database) -> Self {
        CrawlerProps {
            database: database.clone(),
            s3_targets: Vec::new(),
            catalog_tables: Vec::new(),
            schedule: None,
            schema_change_policy: SchemaChangePolicy::UpdateAndLogDeletions,
            role: None,
            name: None,
            table_prefix: None,
            security_configuration: None,
            description: None,
        }
    }

    /// Crawls an S3 path (`s3://bucket/prefix/`), skipping files that match `exclusions`.
    pub fn s3_target<S: Into<String>>(
        mut self,
        path: impl Into<Val<String>>,
        exclusions: impl IntoIterator<Item = S>,
    ) -> Self {
        self.s3_targets.push((
            path.into(),
            exclusions.into_iter().map(Into::into).collect(),
        ));
        self
    }

    /// Refreshes an existing table of the database.
    pub fn catalog_table(mut self, table_name: impl Into<Val<String>>) -> Self {
        self.catalog_tables.push(table_name.into());
        self
    }

    /// Runs on a cron schedule (rates are not accepted by Glue).
    pub fn schedule(mut self, schedule: Schedule) -> Self {
        self.schedule = Some(schedule);
        self
    }

    /// What to do when the schema changes.
    pub fn schema_change_policy(mut self, policy: SchemaChangePolicy) -> Self {
        self.schema_change_policy = policy;
        self
    }

    /// The role (default: a `Role` child with the Glue service policy; grant it read on the
    /// crawled buckets).
    pub fn role(mut self, role: &Role) -> Self {
        self.role = Some(role.clone());
        self
    }

    /// The physical name.
    pub fn crawler_name(mut self, name: impl Into<Val<String>>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// A prefix for the names of the tables it creates.
    pub fn table_prefix(mut self, prefix: impl Into<String>) -> Self {
        self.table_prefix = Some(prefix.into());
        self
    }

    /// Encrypts what it writes.
    pub fn security_configuration(mut self, configuration: &SecurityConfiguration) -> Self {
        self.security_configuration = Some(configuration.clone());
        self
    }

    /// A description.
    pub fn description(mut self, d: impl Into<String>) -> Self {
        self.description = Some(d.into());
        self
    }
}

/// A Glue crawler; it is a grantee (its role), e.g. `bucket.grant_read(&crawler)`.
#[derive(Debug, Clone)]
pub struct Crawler {
    construct: Construct,
    resource: CfnCrawler,
    role: Role,
}

impl Scope for Crawler {
    fn node(&self) -> &Node {
        self.construct.node()
    }
}

impl Crawler {
    /// Creates the crawler; one with no target or a rate schedule is an error.
    pub fn new(scope: &impl Scope, id: &str, props: CrawlerProps) -> Self {
        let construct = Construct::with_type(scope, id, "stackwright.glue.Crawler");
        let node = construct.node().clone();
        if props.s3_targets.is_empty() && props.catalog_tables.is_empty() {
            node.add_error("a crawler needs at least one S3 or catalog target");
        }
        if let Some(s) = &props.schedule {
            if let Some(p) = s.problem() {
                node.add_error(p.to_owned());
            } else if !s.expression_string().starts_with("cron(") {
                node.add_error(format!(
                    "a crawler runs on a cron schedule, not {}",
                    s.expression_string()
                ));
            }
        }
        let role = props.role.clone().unwrap_or_else(|| {
            Role::new(
                &construct,
                "Role",
                RoleProps::new(Principal::service("glue.amazonaws.com")).managed_policy(
                    ManagedPolicy::from_aws_managed_policy_name("service-role/AWSGlueServiceRole"),
                ),
            )
        });
        let mut targets = vec![];
        if !props.catalog_tables.is_empty() {
            let target = Value::map_of([
                ("DatabaseName", props.database.database_name().into_value()),
                ("Tables", Value::list_of(props.catalog_tables)),
            ]);
            targets.push(("CatalogTargets", Value::list_of([target])));
        }
        if !props.s3_targets.is_empty() {
            let s3 = props.s3_targets.into_iter().map(|(path, exclusions)| {
                let mut entries = vec![];
                if !exclusions.is_empty() {
                    entries.push(("Exclusions", Value::list_of(exclusions)));
                }
                entries.push(("Path", path.into_value()));
                Value::map_of(entries)
            });
            targets.push(("S3Targets", Value::List(s3.collect())));
        }
        let mut cfn = CfnCrawlerProps::new(role.role_arn(), Val::unchecked(Value::map_of(targets)));
        cfn.database_name = Some(props.database.database_name());
        cfn.name = props.name;
        cfn.description = props.description.map(Val::from);
        cfn.table_prefix = props.table_prefix.map(Val::from);
        cfn.schema_change_policy = Some(Val::unchecked(props.schema_change_policy.entries()));
        cfn.crawler_security_configuration = props
            .security_configuration
            .as_ref()
            .map(SecurityConfiguration::name);
        cfn.schedule = props.schedule.map(|s| {
            Val::unchecked(Value::map_of([(
                "ScheduleExpression",
                s.expression_string(),
            )]))
        });
        let resource = CfnCrawler::new(&construct, "Resource", cfn);
        role.add_dependent(&resource);
        Crawler {
            construct,
            resource,
            role,
        }
    }

    /// The crawler's name.
    pub fn crawler_name(&self) -> Val<String> {
        self.resource.ref_value()
    }

    /// The crawler's role.
    pub fn role(&self) -> &Role {
        &self.role
    }

    /// The L1 resource (escape hatch).
    pub fn resource(&self) -> &CfnCrawler {
        &self.resource
    }
}

impl Grantable for Crawler {
    fn grant_principal(&self) -> Principal {
        self.role.grant_principal()
    }

    fn add_to_principal_policy(&self, statement: PolicyStatement) -> bool {
        self.role.add_to_policy(statement)
    }
}
