//! `Connection`: the network (and, for JDBC, the database) a Glue job runs against.

use stackwright_cfn::glue::{CfnConnection, CfnConnectionProps};
use stackwright_core::{Construct, Node, Properties, Scope, Stack, Val, Value};

/// The kind of connection.
#[derive(Debug, Clone, PartialEq)]
pub enum ConnectionType {
    /// A VPC network only (jobs reach S3 and other services through its endpoints).
    Network,
    /// A database by JDBC URL; its credentials are a Secrets Manager secret (by ARN or name).
    Jdbc {
        /// `jdbc:postgresql://host:5432/db`.
        url: Val<String>,
        /// The secret holding `username` and `password`.
        secret_id: Val<String>,
    },
}

/// Options of a [`Connection`]: where in a VPC the jobs run.
#[derive(Debug, Clone)]
#[must_use]
pub struct ConnectionProps {
    connection_type: ConnectionType,
    subnet_id: Val<String>,
    availability_zone: Val<String>,
    security_group_ids: Vec<Val<String>>,
    name: Option<Val<String>>,
    description: Option<String>,
}

impl ConnectionProps {
    /// A connection in one subnet (and its availability zone) with these security groups.
    pub fn new(
        connection_type: ConnectionType,
        subnet_id: impl Into<Val<String>>,
        availability_zone: impl Into<Val<String>>,
        security_group_ids: Vec<Val<String>>,
    ) -> Self {
        ConnectionProps {
            connection_type,
            subnet_id: subnet_id.into(),
            availability_zone: availability_zone.into(),
            security_group_ids,
            name: None,
            description: None,
        }
    }

    /// A connection in one subnet of a VPC (its id and availability zone are taken from the
    /// subnet) with these security groups.
    #[cfg(feature = "ec2")]
    pub fn in_subnet(
        connection_type: ConnectionType,
        subnet: &crate::ec2::Subnet,
        security_groups: &[&crate::ec2::SecurityGroup],
    ) -> Self {
        let ids = security_groups
            .iter()
            .map(|g| g.security_group_id())
            .collect();
        Self::new(
            connection_type,
            subnet.subnet_id(),
            subnet.availability_zone(),
            ids,
        )
    }

    /// The physical name.
    pub fn connection_name(mut self, name: impl Into<Val<String>>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// A description.
    pub fn description(mut self, d: impl Into<String>) -> Self {
        self.description = Some(d.into());
        self
    }
}

/// A Glue connection; jobs that use it reference it, so CloudFormation creates it first.
#[derive(Debug, Clone)]
pub struct Connection {
    construct: Construct,
    resource: CfnConnection,
}

impl Scope for Connection {
    fn node(&self) -> &Node {
        self.construct.node()
    }
}

impl Connection {
    /// Creates the connection.
    pub fn new(scope: &impl Scope, id: &str, props: ConnectionProps) -> Self {
        let construct = Construct::with_type(scope, id, "stackwright.glue.Connection");
        if props.security_group_ids.is_empty() {
            construct
                .node()
                .add_error("a connection needs at least one security group");
        }
        let (type_name, properties) = match &props.connection_type {
            ConnectionType::Network => ("NETWORK", Properties::new()),
            ConnectionType::Jdbc { url, secret_id } => {
                if let Some(u) = url.as_value().as_str() {
                    if !u.starts_with("jdbc:") {
                        construct
                            .node()
                            .add_error(format!("JDBC URL {u:?} must start with \"jdbc:\""));
                    }
                }
                let mut p = Properties::new();
                p.insert("JDBC_CONNECTION_URL".to_owned(), url.as_value().clone());
                p.insert("SECRET_ID".to_owned(), secret_id.as_value().clone());
                ("JDBC", p)
            }
        };
        let mut input = vec![("ConnectionType", Value::from(type_name))];
        if !properties.is_empty() {
            input.push(("ConnectionProperties", Value::Map(properties)));
        }
        if let Some(d) = &props.description {
            input.push(("Description", Value::from(d.as_str())));
        }
        if let Some(n) = &props.name {
            input.push(("Name", n.as_value().clone()));
        }
        input.push((
            "PhysicalConnectionRequirements",
            Value::map_of([
                ("AvailabilityZone", props.availability_zone.into_value()),
                (
                    "SecurityGroupIdList",
                    Value::list_of(props.security_group_ids),
                ),
                ("SubnetId", props.subnet_id.into_value()),
            ]),
        ));
        let catalog =
            Stack::of(&construct).map_or_else(stackwright_core::Aws::account_id, |s| s.account());
        let resource = CfnConnection::new(
            &construct,
            "Resource",
            CfnConnectionProps::new(catalog, Val::unchecked(Value::map_of(input))),
        );
        Connection {
            construct,
            resource,
        }
    }

    /// The connection's name (a reference: jobs using it depend on it).
    pub fn connection_name(&self) -> Val<String> {
        self.resource.ref_value()
    }

    /// The L1 resource (escape hatch).
    pub fn resource(&self) -> &CfnConnection {
        &self.resource
    }
}
