//! Which attributes `Fn::GetAtt` accepts of a resource created from typed properties.
//!
//! [`ResourceSpec::attributes`] lists the read-only properties of the type's registry schema.
//! CloudFormation accepts more for some types, and cfn-lint (the judge the tests use) knows
//! which: the attributes of custom resources are whatever their handler returns, a nested
//! stack's are `Outputs.<name>`, some types accept any of their properties, and some accept a
//! few properties besides their read-only ones. Those rules are CloudFormation facts the
//! schemas do not carry, so they are kept here as data; once the generator writes them into the
//! specs, the tables shrink to nothing.

use crate::element::ResourceSpec;

/// Whether `Fn::GetAtt` of `attribute` is valid for a resource of this spec.
pub(crate) fn accepts(spec: &ResourceSpec, attribute: &str) -> bool {
    let type_name = spec.type_name;
    spec.attributes.contains(&attribute)
        || type_name == "AWS::CloudFormation::CustomResource"
        || type_name.starts_with("Custom::")
        || (OUTPUTS_AS_ATTRIBUTES.contains(&type_name) && attribute.starts_with("Outputs."))
        || ANY_PROPERTY_IS_AN_ATTRIBUTE.contains(&type_name)
        || EXTRA_ATTRIBUTES
            .iter()
            .any(|(t, extra)| *t == type_name && extra.contains(&attribute))
}

/// Types whose stack outputs are attributes (`Outputs.<name>`).
const OUTPUTS_AS_ATTRIBUTES: &[&str] = &[
    "AWS::CloudFormation::Stack",
    "AWS::ServiceCatalog::CloudFormationProvisionedProduct",
];

/// Types whose every property (nested ones by dotted path) is also an attribute. The spec does
/// not list their properties, so any attribute is accepted.
const ANY_PROPERTY_IS_AN_ATTRIBUTE: &[&str] = &[
    "AWS::Amplify::Branch",
    "AWS::Amplify::Domain",
    "AWS::AppSync::DomainName",
    "AWS::AppSync::FunctionConfiguration",
    "AWS::AppSync::Resolver",
    "AWS::AutoScaling::AutoScalingGroup",
    "AWS::Backup::BackupSelection",
    "AWS::Backup::BackupVault",
    "AWS::Backup::LogicallyAirGappedBackupVault",
    "AWS::CodeArtifact::Domain",
    "AWS::CodeArtifact::Repository",
    "AWS::EC2::CapacityReservation",
    "AWS::EC2::Instance",
    "AWS::EC2::SecurityGroup",
    "AWS::EC2::Subnet",
    "AWS::EC2::VPC",
    "AWS::EFS::MountTarget",
    "AWS::EKS::Nodegroup",
    "AWS::ElastiCache::ReplicationGroup",
    "AWS::ElasticLoadBalancingV2::LoadBalancer",
    "AWS::Events::EventBus",
    "AWS::EventSchemas::Discoverer",
    "AWS::EventSchemas::Registry",
    "AWS::EventSchemas::Schema",
    "AWS::GameLift::GameSessionQueue",
    "AWS::GameLift::MatchmakingConfiguration",
    "AWS::GameLift::MatchmakingRuleSet",
    "AWS::Grafana::Workspace",
    "AWS::Greengrass::ConnectorDefinition",
    "AWS::Greengrass::CoreDefinition",
    "AWS::Greengrass::DeviceDefinition",
    "AWS::Greengrass::FunctionDefinition",
    "AWS::Greengrass::Group",
    "AWS::Greengrass::LoggerDefinition",
    "AWS::Greengrass::ResourceDefinition",
    "AWS::Greengrass::SubscriptionDefinition",
    "AWS::ImageBuilder::Component",
    "AWS::ImageBuilder::ContainerRecipe",
    "AWS::ImageBuilder::DistributionConfiguration",
    "AWS::ImageBuilder::ImagePipeline",
    "AWS::ImageBuilder::ImageRecipe",
    "AWS::ImageBuilder::InfrastructureConfiguration",
    "AWS::ManagedBlockchain::Node",
    "AWS::Neptune::DBCluster",
    "AWS::RDS::DBInstance",
    "AWS::RDS::DBParameterGroup",
    "AWS::RedshiftServerless::Workgroup",
    "AWS::RoboMaker::RobotApplication",
    "AWS::RoboMaker::SimulationApplication",
    "AWS::Route53Resolver::ResolverRule",
    "AWS::Route53Resolver::ResolverRuleAssociation",
    "AWS::S3::AccessPoint",
    "AWS::SageMaker::DataQualityJobDefinition",
    "AWS::SageMaker::ModelBiasJobDefinition",
    "AWS::SageMaker::ModelExplainabilityJobDefinition",
    "AWS::SageMaker::ModelQualityJobDefinition",
    "AWS::SageMaker::MonitoringSchedule",
    "AWS::SNS::Topic",
    "AWS::SQS::Queue",
    "AWS::SSM::Parameter",
    "AWS::StepFunctions::Activity",
];

/// Properties that are attributes too, besides the read-only ones, per type.
const EXTRA_ATTRIBUTES: &[(&str, &[&str])] = &[
    (
        "AWS::AppMesh::GatewayRoute",
        &[
            "GatewayRouteName",
            "MeshName",
            "MeshOwner",
            "VirtualGatewayName",
        ],
    ),
    ("AWS::AppMesh::Mesh", &["MeshName"]),
    (
        "AWS::AppMesh::Route",
        &["MeshName", "MeshOwner", "RouteName", "VirtualRouterName"],
    ),
    (
        "AWS::AppMesh::VirtualGateway",
        &["MeshName", "MeshOwner", "VirtualGatewayName"],
    ),
    (
        "AWS::AppMesh::VirtualNode",
        &["MeshName", "MeshOwner", "VirtualNodeName"],
    ),
    (
        "AWS::AppMesh::VirtualRouter",
        &["MeshName", "MeshOwner", "VirtualRouterName"],
    ),
    (
        "AWS::AppMesh::VirtualService",
        &["MeshName", "MeshOwner", "VirtualServiceName"],
    ),
    ("AWS::AppSync::DataSource", &["Name"]),
    ("AWS::Cloud9::EnvironmentEC2", &["Name"]),
    ("AWS::CloudWatch::InsightRule", &["RuleName"]),
    ("AWS::DocDB::DBCluster", &["Port"]),
    ("AWS::IoT1Click::Device", &["Enabled"]),
    (
        "AWS::IoT1Click::Placement",
        &["PlacementName", "ProjectName"],
    ),
    ("AWS::IoT1Click::Project", &["ProjectName"]),
    (
        "AWS::Kinesis::StreamConsumer",
        &["ConsumerName", "StreamARN"],
    ),
    ("AWS::ManagedBlockchain::Member", &["NetworkId"]),
    ("AWS::MediaConvert::JobTemplate", &["Name"]),
    ("AWS::MediaConvert::Preset", &["Name"]),
    ("AWS::MediaConvert::Queue", &["Name"]),
    ("AWS::MediaLive::Input", &["Destinations", "Sources"]),
    ("AWS::OpsWorks::Instance", &["AvailabilityZone"]),
    ("AWS::OpsWorks::UserProfile", &["SshUsername"]),
    (
        "AWS::Route53Resolver::ResolverEndpoint",
        &["Direction", "Name"],
    ),
    ("AWS::SageMaker::CodeRepository", &["CodeRepositoryName"]),
    ("AWS::SageMaker::Endpoint", &["EndpointName"]),
    ("AWS::SageMaker::EndpointConfig", &["EndpointConfigName"]),
    ("AWS::SageMaker::Model", &["ModelName"]),
    (
        "AWS::SageMaker::NotebookInstance",
        &["NotebookInstanceName"],
    ),
    (
        "AWS::SageMaker::NotebookInstanceLifecycleConfig",
        &["NotebookInstanceLifecycleConfigName"],
    ),
    ("AWS::SageMaker::Workteam", &["WorkteamName"]),
    ("AWS::ServiceDiscovery::Service", &["Name"]),
    ("AWS::Transfer::User", &["ServerId", "UserName"]),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::element::TagFormat;

    fn spec(type_name: &'static str, attributes: &'static [&'static str]) -> ResourceSpec {
        ResourceSpec {
            type_name,
            tag_format: TagFormat::NotTaggable,
            create_only_properties: &[],
            primary_identifier: &[],
            attributes,
            documentation: "",
        }
    }

    #[test]
    fn the_spec_and_cloudformations_extra_rules_decide() {
        let bucket = spec("AWS::S3::Bucket", &["Arn", "DomainName"]);
        assert!(accepts(&bucket, "Arn"));
        assert!(!accepts(&bucket, "NoSuchAttr"));
        assert!(
            !accepts(&bucket, "arn"),
            "attribute names are case-sensitive"
        );
        let custom = spec("AWS::CloudFormation::CustomResource", &["Id"]);
        assert!(accepts(&custom, "AnythingTheHandlerReturns"));
        let stack = spec("AWS::CloudFormation::Stack", &["StackId"]);
        assert!(accepts(&stack, "Outputs.BucketName"));
        assert!(!accepts(&stack, "BucketName"));
        let queue = spec("AWS::SQS::Queue", &["QueueUrl", "Arn"]);
        assert!(accepts(&queue, "QueueName"));
        let mesh = spec("AWS::AppMesh::Mesh", &["Arn"]);
        assert!(accepts(&mesh, "MeshName"));
        assert!(!accepts(&mesh, "Spec"));
    }
}
