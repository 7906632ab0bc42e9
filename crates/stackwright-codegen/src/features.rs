//! The cargo features of stackwright-cfn: which feature compiles which service module.
//!
//! crates.io accepts at most 300 features per crate, and there are more than 300 services, so
//! a feature per service cannot be published. The features are:
//!
//! - one per service for the services of [`OWN_FEATURE`] (the default features: the data-lake
//!   services that stackwright-aws builds on), named like the module (`s3`, `stepfunctions`);
//! - one per service family ([`FAMILIES`], after the AWS product categories: `analytics`,
//!   `networking`, `machine-learning`...), which compiles every service of the family, those
//!   with a feature of their own included (`storage` enables `s3`);
//! - `default` (the own-feature services), `full` (every family) and `extra-traits`.
//!
//! Every service is in exactly one family and the generation fails otherwise, naming the
//! service, so a service that appears upstream must be given a family here (a line). A family
//! never loses a service, so an upgrade of the schemas never takes a module away from a
//! feature.

use std::collections::{BTreeMap, BTreeSet};

/// The services (by CloudFormation name) with a feature of their own: the default features.
pub const OWN_FEATURE: &[&str] = &[
    "CloudFormation",
    "CodeBuild",
    "CodeCommit",
    "CodePipeline",
    "DynamoDB",
    "EC2",
    "ECR",
    "Events",
    "Glue",
    "IAM",
    "KMS",
    "Lambda",
    "Logs",
    "S3",
    "SNS",
    "SQS",
    "SSM",
    "SecretsManager",
    "StepFunctions",
];

/// A service family: a feature that compiles the modules of its services.
pub struct Family {
    /// The feature name.
    pub feature: &'static str,
    /// What it covers, for the `Cargo.toml` comment.
    pub doc: &'static str,
    /// Its services, by module name (the lowercased CloudFormation service name).
    pub services: &'static [&'static str],
}

/// Every service family. Module names, sorted within a family.
pub const FAMILIES: &[Family] = &[
    Family {
        feature: "analytics",
        doc: "analytics: Athena, Clean Rooms, DataZone, EMR, Glue, Kinesis, Lake Formation, MSK, OpenSearch, Redshift...",
        services: &[
            "athena", "cleanrooms", "cleanroomsml", "databrew", "dataexchange", "datapipeline",
            "datazone", "elasticsearch", "emr", "emrcontainers", "emrserverless",
            "entityresolution", "finspace", "glue", "kafkaconnect", "kinesis", "kinesisanalytics",
            "kinesisanalyticsv2", "kinesisfirehose", "kinesisvideo", "lakeformation", "msk",
            "opensearch", "opensearchserverless", "opensearchservice", "osis", "redshift",
            "redshiftserverless",
        ],
    },
    Family {
        feature: "application-integration",
        doc: "application integration: EventBridge (events, pipes, scheduler, schemas), SNS, SQS, Step Functions, MQ, AppFlow, MWAA, B2B Data Interchange",
        services: &[
            "amazonmq", "appflow", "appintegrations", "b2bi", "events", "eventschemas", "eventsv2",
            "mwaa", "mwaaserverless", "pipes", "scheduler", "sns", "sqs", "stepfunctions",
        ],
    },
    Family {
        feature: "business-applications",
        doc: "business applications and customer engagement: Connect, SES, Pinpoint, End User Messaging, Chime, Wickr, Supply Chain...",
        services: &[
            "appfabric", "cases", "chatbot", "chime", "connect", "connectcampaigns",
            "connectcampaignsv2", "customerprofiles", "pinpoint", "pinpointemail", "scn", "ses",
            "smsvoice", "voiceid", "wickr",
        ],
    },
    Family {
        feature: "compute",
        doc: "compute: EC2 (with VPC networking), Lambda, Auto Scaling, Batch, Elastic Beanstalk, Image Builder, Lightsail, Outposts, SAM...",
        services: &[
            "applicationautoscaling", "autoscaling", "autoscalingplans", "batch", "ec2",
            "elasticbeanstalk", "evs", "gammadilithium", "imagebuilder", "lambda", "lightsail",
            "outposts", "pcs", "serverless", "serverlessrepo", "simspaceweaver",
        ],
    },
    Family {
        feature: "containers",
        doc: "containers: ECS, EKS, ECR, App Runner",
        services: &["apprunner", "ecr", "ecs", "eks"],
    },
    Family {
        feature: "cost-management",
        doc: "cloud financial management: Budgets, Cost Explorer, billing, cost and usage reports",
        services: &[
            "bcm", "bcmdataexports", "bcmpricingcalculator", "billing", "billingconductor",
            "budgets", "ce", "cur", "invoicing", "pricingplanmanager",
        ],
    },
    Family {
        feature: "database",
        doc: "databases: DynamoDB, RDS, Aurora DSQL, DocumentDB, ElastiCache, MemoryDB, Neptune, Keyspaces, Timestream...",
        services: &[
            "cassandra", "dax", "docdb", "docdbelastic", "dsql", "dynamodb", "elasticache",
            "memorydb", "neptune", "neptunegraph", "odb", "pi", "qldb", "rds", "sdb", "timestream",
        ],
    },
    Family {
        feature: "developer-tools",
        doc: "developer tools: CodeBuild, CodeCommit, CodePipeline, CodeDeploy, CodeArtifact, X-Ray, FIS...",
        services: &[
            "apptest", "cdk", "cloud9", "codeartifact", "codebuild", "codecommit",
            "codeconnections", "codedeploy", "codeguruprofiler", "codegurureviewer", "codepipeline",
            "codestar", "codestarconnections", "codestarnotifications", "devopsagent",
            "devopsguru", "evidently", "fis", "proton", "xray",
        ],
    },
    Family {
        feature: "end-user-computing",
        doc: "end-user computing: WorkSpaces, AppStream 2.0",
        services: &[
            "appstream", "nimblestudio", "workspaces", "workspacesinstances",
            "workspacesthinclient", "workspacesweb",
        ],
    },
    Family {
        feature: "frontend",
        doc: "front-end web and mobile: Amplify, AppSync, Device Farm, Location Service",
        services: &["amplify", "amplifyuibuilder", "appsync", "devicefarm", "location"],
    },
    Family {
        feature: "generative-ai",
        doc: "generative AI: Bedrock, Bedrock AgentCore, Amazon Q Business, Q in Connect (Wisdom), Nova Act...",
        services: &[
            "agentregistry", "aiops", "awsexternalanthropic", "bedrock", "bedrockagentcore",
            "bedrockmantle", "novaact", "qbusiness", "wisdom",
        ],
    },
    Family {
        feature: "iot",
        doc: "IoT: IoT Core, Greengrass, SiteWise, FleetWise, TwinMaker, IoT Wireless...",
        services: &[
            "greengrass", "greengrassv2", "iot", "iotanalytics", "iotcoredeviceadvisor",
            "iotevents", "iotfleetwise", "iotmanagedintegrations", "iotsecuretunneling",
            "iotsitewise", "iotthingsgraph", "iottwinmaker", "iotwireless",
        ],
    },
    Family {
        feature: "machine-learning",
        doc: "machine learning: SageMaker, Comprehend, Kendra, Lex, Personalize, Rekognition, Textract, Transcribe...",
        services: &[
            "comprehend", "forecast", "frauddetector", "kendra", "kendraranking", "lex",
            "lookoutequipment", "lookoutvision", "panorama", "personalize", "polly", "rekognition",
            "sagemaker", "textract", "transcribe", "translate",
        ],
    },
    Family {
        feature: "management",
        doc: "management, governance and monitoring: CloudFormation, CloudWatch (and Logs), Systems Manager, AppConfig, CloudTrail, Config, Organizations, Managed Grafana and Prometheus...",
        services: &[
            "appconfig", "applicationinsights", "applicationsignals", "aps", "arcregionswitch",
            "arczonalshift", "grafana",
            "cloudformation", "cloudtrail", "cloudwatch", "computeoptimizer", "config",
            "controltower", "internetmonitor", "launchwizard", "licensemanager",
            "licensemanagerlinuxsubscriptions", "licensemanagerusersubscriptions", "logs",
            "notifications", "notificationscontacts", "oam", "observabilityadmin", "opsworks",
            "organizations", "resiliencehub", "resiliencehubv2", "resourceexplorer2",
            "resourcegroups", "rum", "servicecatalog", "servicecatalogappregistry", "ssm",
            "ssmcontacts", "ssmguiconnect", "ssmincidents", "ssmquicksetup", "supportapp",
            "supportauthz", "synthetics", "systemsmanagersap", "uxc", "wellarchitected",
        ],
    },
    Family {
        feature: "media",
        doc: "media services and games: Elemental MediaLive/MediaConnect/MediaPackage/MediaTailor, IVS, GameLift...",
        services: &[
            "elementalinference", "gamelift", "gameliftstreams", "ivs", "ivschat", "mediaconnect",
            "mediaconvert", "medialive", "mediapackage", "mediapackagev2", "mediastore",
            "mediatailor",
        ],
    },
    Family {
        feature: "migration",
        doc: "migration and transfer: DMS, DataSync, Application Migration Service, Elastic Disaster Recovery, Transfer Family, Mainframe Modernization",
        services: &["datasync", "dms", "drs", "m2", "mgn", "refactorspaces", "transfer"],
    },
    Family {
        feature: "networking",
        doc: "networking and content delivery: API Gateway, CloudFront, Route 53, Elastic Load Balancing, Direct Connect, VPC Lattice, App Mesh...",
        services: &[
            "apigateway", "apigatewayv2", "appmesh", "cloudfront", "directconnect",
            "elasticloadbalancing", "elasticloadbalancingv2", "globalaccelerator", "interconnect",
            "networkflowmonitor", "networkmanager", "networkmonitor", "route53",
            "route53globalresolver", "route53profiles", "route53recoverycontrol",
            "route53recoveryreadiness", "route53resolver", "rtbfabric", "servicediscovery",
            "vpclattice",
        ],
    },
    Family {
        feature: "other",
        doc: "everything else: Alexa Skills Kit, Braket, Ground Station, Managed Blockchain, RoboMaker, Deadline Cloud, HealthLake, HealthOmics...",
        services: &[
            "ask", "braket", "deadline", "groundstation", "healthagent", "healthimaging",
            "healthlake", "managedblockchain", "omics", "robomaker", "sdc",
        ],
    },
    Family {
        feature: "quicksight",
        doc: "QuickSight, a family of its own: its generated code is about a sixth of all",
        services: &["quicksight"],
    },
    Family {
        feature: "security",
        doc: "security, identity and compliance: IAM, KMS, Secrets Manager, Cognito, Certificate Manager, GuardDuty, Security Hub, WAF, Shield...",
        services: &[
            "accessanalyzer", "accountaccess", "acmpca", "auditmanager", "certificatemanager",
            "cloudhsm", "cognito", "detective", "directoryservice", "fms", "guardduty", "iam",
            "identitystore", "inspector", "inspectorv2", "kms", "macie", "mpa",
            "networkfirewall", "networksecuritymanager", "paymentcryptography", "pcaconnectorad",
            "pcaconnectorscep", "ram", "rolesanywhere", "secretsmanager", "securityagent",
            "securityhub", "securitylake", "shield", "signer", "sso", "verifiedpermissions",
            "waf", "wafregional", "wafv2",
        ],
    },
    Family {
        feature: "storage",
        doc: "storage: S3 (and S3 Express, Tables, Vectors...), EFS, FSx, Backup, Storage Gateway, data lifecycle and recycle bin",
        services: &[
            "backup", "backupgateway", "dlm", "efs", "fsx", "rbin", "s3", "s3express", "s3files",
            "s3objectlambda", "s3outposts", "s3tables", "s3vectors", "storagegateway",
        ],
    },
];

/// Which feature compiles each service module.
pub struct Features {
    /// Module -> the feature its `#[cfg]` names.
    pub by_module: BTreeMap<String, String>,
    /// The own features (module names, sorted): `default`.
    pub own: Vec<String>,
}

impl Features {
    /// Checks the tables against the services the schemas have: every module is in exactly one
    /// family, every listed module exists, and every own-feature service is a module.
    pub fn new(modules: &BTreeSet<String>) -> Result<Features, String> {
        let own: Vec<String> = OWN_FEATURE
            .iter()
            .map(|s| crate::names::service_name(s))
            .collect();
        let mut family_of: BTreeMap<&str, &str> = BTreeMap::new();
        let mut problems = Vec::new();
        for family in FAMILIES {
            for &service in family.services {
                if let Some(other) = family_of.insert(service, family.feature) {
                    problems.push(format!(
                        "service {service} is in two families ({other}, {})",
                        family.feature
                    ));
                }
                if !modules.contains(service) {
                    problems.push(format!(
                        "family {} lists {service}, which the schemas do not have (delete it from features.rs)",
                        family.feature
                    ));
                }
            }
        }
        for module in modules {
            if !family_of.contains_key(module.as_str()) {
                problems.push(format!(
                    "service {module} is in no family: add it to one in crates/stackwright-codegen/src/features.rs"
                ));
            }
        }
        for module in &own {
            if !modules.contains(module) {
                problems.push(format!(
                    "OWN_FEATURE names {module}, which the schemas do not have"
                ));
            }
            if FAMILIES.iter().any(|f| f.feature == module) {
                problems.push(format!("{module} is both a family and an own feature"));
            }
        }
        if !problems.is_empty() {
            return Err(format!("features: {}", problems.join("; ")));
        }
        let by_module = modules
            .iter()
            .map(|m| {
                let feature = if own.contains(m) {
                    m.clone()
                } else {
                    family_of[m.as_str()].to_owned()
                };
                (m.clone(), feature)
            })
            .collect();
        let mut own = own;
        own.sort();
        Ok(Features { by_module, own })
    }

    /// The feature that compiles `module`.
    pub fn of(&self, module: &str) -> &str {
        &self.by_module[module]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn modules(list: &[&str]) -> BTreeSet<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    fn every_listed_module() -> BTreeSet<String> {
        FAMILIES
            .iter()
            .flat_map(|f| f.services.iter().map(|s| s.to_string()))
            .collect()
    }

    #[test]
    fn own_features_and_families_compile_their_modules() {
        let features = Features::new(&every_listed_module()).unwrap();
        assert_eq!(features.of("s3"), "s3");
        assert_eq!(features.of("s3express"), "storage");
        assert_eq!(features.of("sagemaker"), "machine-learning");
        assert_eq!(features.own.len(), OWN_FEATURE.len());
        assert!(features.own.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn a_service_without_a_family_fails_the_generation() {
        let mut all = every_listed_module();
        all.insert("newservice".into());
        let err = Features::new(&all).err().unwrap();
        assert!(err.contains("service newservice is in no family"), "{err}");
    }

    #[test]
    fn a_listed_service_the_schemas_lack_fails_the_generation() {
        let mut all = every_listed_module();
        all.remove("braket");
        let err = Features::new(&all).err().unwrap();
        assert!(err.contains("family other lists braket"), "{err}");
        assert!(Features::new(&modules(&["s3"])).is_err());
    }

    #[test]
    fn the_families_stay_far_below_the_crates_io_limit() {
        // Own features, families, default, full, extra-traits: crates.io accepts 300.
        assert!(OWN_FEATURE.len() + FAMILIES.len() + 3 <= 60);
    }
}
