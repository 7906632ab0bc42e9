//! The AWS CDK's modern bootstrap stack (`CDKToolkit`), built with stackwright, for
//! environments bootstrapped with `aws cloudformation deploy` instead of `cdk bootstrap`.
//!
//! The template has the parameters (with their defaults), conditions, resources, logical ids,
//! role names, trust policies and outputs of the one `cdk bootstrap --show-template` prints
//! (bootstrap version [`BOOTSTRAP_VERSION`]); `examples/tests/tests/bootstrap.rs` compares the two.
//! Like the CLI's, it keeps every choice in a parameter: [`BootstrapOptions`] only sets the
//! parameters' *defaults* to the values `cdk bootstrap` would pass for the same flags, so
//! `aws cloudformation deploy --parameter-overrides Name=Value` can still change any of them, and
//! a later `cdk bootstrap` (same `BootstrapVariant`) can take the stack over and upgrade it.
//! Defaults apply when the stack is created: on an update, `aws cloudformation deploy` keeps the
//! previous value of every parameter `--parameter-overrides` does not name. See
//! `docs/bootstrap.md`.
//!
//! It is synthesized with [`Synthesizer::Bootstrapless`]: the stack that creates the bootstrap
//! resources cannot itself be deployed through them.
//!
//! Resources whose properties hang on conditions and parameters are typed L1 resources; the SSM
//! parameter that carries the version is the L2 `ssm::StringParameter`, and the permission
//! statements are L2 `iam::PolicyStatement`s. The trust policies are written out as values:
//! their statements are conditional (`Fn::If` around whole statements and around a statement's
//! `Condition` block), which `PolicyStatement` does not express. References between the
//! resources are typed (`bucket.attr_arn()`); names made of parameters and pseudo parameters
//! are `Fn::Sub` templates, as in the CLI's template. Every element is created directly in the
//! stack, so its construct id is its logical id (the CDK's rule for a one-component path) and
//! equals the CLI's; only the version parameter, an L2 whose L1 is its child `Resource`, needs
//! `override_logical_id`.

use std::ffi::OsString;
use std::io::Write;
use std::path::PathBuf;

use clap::Parser;
use stackwright::cfn::ecr::{repository, CfnRepository, CfnRepositoryProps};
use stackwright::cfn::s3::bucket::{
    AbortIncompleteMultipartUpload, BucketEncryption, LifecycleConfiguration,
    NoncurrentVersionExpiration, PublicAccessBlockConfiguration, Rule,
    ServerSideEncryptionByDefault, ServerSideEncryptionRule, VersioningConfiguration,
};
use stackwright::core::{Cond, SynthErrors};
use stackwright::iam::{
    role, CfnManagedPolicy, CfnManagedPolicyProps, CfnPolicy, CfnPolicyProps, CfnRole,
    CfnRoleProps, Condition, ConditionOperator, PolicyDocument, PolicyStatement, Principal,
};
use stackwright::kms::{CfnAlias, CfnAliasProps, CfnKey, CfnKeyProps};
use stackwright::prelude::*;
use stackwright::s3::{CfnBucket, CfnBucketPolicy, CfnBucketPolicyProps, CfnBucketProps};
use stackwright::ssm::{StringParameter, StringParameterProps};

/// The version of the bootstrap template this module reproduces (the `CdkBootstrapVersion`
/// parameter's value and the `BootstrapVersion` output).
pub const BOOTSTRAP_VERSION: u32 = 33;
/// The stack name the CDK CLI gives the bootstrap stack, and looks it up by.
pub const TOOLKIT_STACK_NAME: &str = "CDKToolkit";
/// The `FileAssetsBucketKmsKeyId` value that encrypts the assets bucket with the AWS managed
/// key of S3 instead of a key of the stack.
pub const AWS_MANAGED_KEY: &str = "AWS_MANAGED_KEY";
/// The `BootstrapVariant` of the CLI's template. Kept, so that `cdk bootstrap` recognizes the
/// stack as its own and may upgrade it.
pub const BOOTSTRAP_VARIANT: &str = "AWS CDK: Default Resources";

const DESCRIPTION: &str =
    "This stack includes resources needed to deploy AWS CDK apps into this environment";
/// The actions that use a key (the assets key's users, and the deploy role on pipeline keys).
const KEY_USE_ACTIONS: [&str; 5] = [
    "kms:Decrypt",
    "kms:DescribeKey",
    "kms:Encrypt",
    "kms:ReEncrypt*",
    "kms:GenerateDataKey*",
];
const KEY_ADMIN_ACTIONS: [&str; 15] = [
    "kms:Create*",
    "kms:Describe*",
    "kms:Enable*",
    "kms:List*",
    "kms:Put*",
    "kms:Update*",
    "kms:Revoke*",
    "kms:Disable*",
    "kms:Get*",
    "kms:Delete*",
    "kms:ScheduleKeyDeletion",
    "kms:CancelKeyDeletion",
    "kms:GenerateDataKey",
    "kms:TagResource",
    "kms:UntagResource",
];
const S3_READ_ACTIONS: [&str; 3] = ["s3:GetObject*", "s3:GetBucket*", "s3:List*"];
/// The ECR lifecycle policy, as text (byte for byte the CLI's, so a later `cdk bootstrap` sees
/// no change).
const IMAGE_LIFECYCLE_POLICY: &str = r#"{
  "rules": [
    {
      "rulePriority": 1,
      "description": "Untagged images should not exist, but expire any older than one year",
      "selection": {
        "tagStatus": "untagged",
        "countType": "sinceImagePushed",
        "countUnit": "days",
        "countNumber": 365
      },
      "action": { "type": "expire" }
    }
  ]
}
"#;
const PERMISSIONS_BOUNDARY_NAME: &str =
    "cdk-${Qualifier}-permissions-boundary-${AWS::AccountId}-${AWS::Region}";

/// What `cdk bootstrap`'s flags choose, as the defaults of the template's parameters. The
/// default options give the defaults of the CLI's template itself.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BootstrapOptions {
    /// Accounts that may publish assets and deploy here (`TrustedAccounts`); 12 digits each.
    pub trusted_accounts: Vec<String>,
    /// Accounts that may look up values here (`TrustedAccountsForLookup`); 12 digits each.
    pub trusted_accounts_for_lookup: Vec<String>,
    /// Managed policy ARNs for the CloudFormation execution role
    /// (`CloudFormationExecutionPolicies`); required when accounts are trusted, as the CLI
    /// requires it. With none and no trusted account, the role gets `AdministratorAccess`.
    pub cloudformation_execution_policies: Vec<String>,
    /// The qualifier of the resource names (`Qualifier`, default `hnb659fds`): 1 to 10
    /// lowercase letters and digits.
    pub qualifier: Option<String>,
    /// `FileAssetsBucketKmsKeyId`: `""` creates a key (the template's default),
    /// [`AWS_MANAGED_KEY`] uses S3's AWS managed key, anything else is an existing key's id or ARN.
    pub file_assets_bucket_kms_key_id: Option<String>,
}

/// Builds the bootstrap stack, `CDKToolkit`, into `app`. Invalid options are recorded as
/// errors on the parameters they set, so synthesis reports all of them and writes nothing.
pub fn build(app: &App, options: &BootstrapOptions) -> Stack {
    let stack = Stack::new(
        app,
        TOOLKIT_STACK_NAME,
        StackProps::default()
            .description(DESCRIPTION)
            .synthesizer(Synthesizer::Bootstrapless),
    );
    let p = Parameters::new(&stack, options);
    p.validate(options);
    let c = Conditions::new(&stack, &p);

    let key = CfnKey::new(&stack, "FileAssetsBucketEncryptionKey", CfnKeyProps::new());
    key.set_condition(&c.create_new_key);
    key.apply_removal_policy(RemovalPolicy::Destroy);
    let alias = CfnAlias::new(
        &stack,
        "FileAssetsBucketEncryptionKeyAlias",
        CfnAliasProps::new(
            Fn::sub("alias/cdk-${Qualifier}-assets-key"),
            key.ref_value(),
        ),
    );
    alias.set_condition(&c.create_new_key);

    let bucket = staging_bucket(&stack, &p, &c, &key);
    let bucket_and_objects = [
        bucket.attr_arn(),
        Fn::join("", [bucket.attr_arn(), Val::from("/*")]),
    ];
    let tls_only = PolicyStatement::deny()
        .sid("AllowSSLRequestsOnly")
        .action("s3:*")
        .resources(bucket_and_objects.clone())
        .condition(Condition::bool("aws:SecureTransport", false))
        .principal(Principal::any());
    CfnBucketPolicy::new(
        &stack,
        "StagingBucketPolicy",
        CfnBucketPolicyProps::new(
            bucket.ref_value(),
            Value::map_of([
                ("Id", Value::from("AccessControl")),
                ("Version", Value::from("2012-10-17")),
                ("Statement", Value::List(vec![tls_only.to_value()])),
            ]),
        ),
    );
    let repository = container_assets_repository(&stack, &p, &c);

    let trusted = [(&c.has_trusted_accounts, &p.trusted_accounts)];
    let file_publishing = bootstrap_role(
        &stack,
        "FilePublishingRole",
        "file-publishing",
        trust_policy(&c, &trusted),
        &c,
    );
    let image_publishing = bootstrap_role(
        &stack,
        "ImagePublishingRole",
        "image-publishing",
        trust_policy(&c, &trusted),
        &c,
    );
    let lookup_trust = [
        (
            &c.has_trusted_accounts_for_lookup,
            &p.trusted_accounts_for_lookup,
        ),
        (&c.has_trusted_accounts, &p.trusted_accounts),
    ];
    let lookup = bootstrap_role(
        &stack,
        "LookupRole",
        "lookup",
        trust_policy(&c, &lookup_trust),
        &c,
    );
    lookup.update(|props| {
        props.managed_policy_arns = Some(aws_managed_policies(["ReadOnlyAccess"]));
        props.policies = Some(inline_policy(
            "LookupRolePolicy",
            [PolicyStatement::deny()
                .sid("DontReadSecrets")
                .action("kms:Decrypt")
                .all_resources()],
        ));
    });

    let file_assets_key_arn = Fn::if_::<String>(
        &c.create_new_key,
        key.attr_arn(),
        Fn::sub("arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:key/${FileAssetsBucketKmsKeyId}"),
    );
    default_policy(
        &stack,
        &file_publishing,
        "file-publishing",
        [
            PolicyStatement::allow()
                .actions([
                    "s3:GetObject*",
                    "s3:GetBucket*",
                    "s3:GetEncryptionConfiguration",
                    "s3:List*",
                    "s3:DeleteObject*",
                    "s3:PutObject*",
                    "s3:Abort*",
                ])
                .resources(bucket_and_objects.clone())
                .condition(Condition::string_equals(
                    "aws:ResourceAccount",
                    Aws::account_id(),
                )),
            PolicyStatement::allow()
                .actions(KEY_USE_ACTIONS)
                .resource(file_assets_key_arn),
        ],
    );
    default_policy(
        &stack,
        &image_publishing,
        "image-publishing",
        [
            PolicyStatement::allow()
                .actions([
                    "ecr:PutImage",
                    "ecr:InitiateLayerUpload",
                    "ecr:UploadLayerPart",
                    "ecr:CompleteLayerUpload",
                    "ecr:BatchCheckLayerAvailability",
                    "ecr:DescribeRepositories",
                    "ecr:DescribeImages",
                    "ecr:BatchGetImage",
                    "ecr:GetDownloadUrlForLayer",
                ])
                .resource(repository.attr_arn()),
            PolicyStatement::allow()
                .action("ecr:GetAuthorizationToken")
                .all_resources(),
        ],
    );

    let deploy = bootstrap_role(
        &stack,
        "DeploymentActionRole",
        "deploy",
        trust_policy(&c, &trusted),
        &c,
    );
    let cfn_exec = cloudformation_execution_role(&stack, &p, &c);
    permissions_boundary_policy(&stack, &c);
    let version = StringParameter::new(
        &stack,
        "CdkBootstrapVersion",
        StringParameterProps::new(BOOTSTRAP_VERSION.to_string())
            .parameter_name(Fn::sub("/cdk-bootstrap/${Qualifier}/version")),
    );
    if let Some(resource) = version.resource() {
        resource.override_logical_id("CdkBootstrapVersion");
    }

    // The key's policy and the deploy role's policies refer to resources created after them;
    // they are filled in now, so that the resources keep the CLI's order.
    key.update(|props| {
        props.key_policy = Some(assets_key_policy(&file_publishing).into());
    });
    let version_arn = Fn::join(
        "",
        [
            Fn::sub("arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter"),
            version.parameter_name(),
        ],
    );
    deploy.update(|props| {
        props.managed_policy_arns = Some(aws_managed_policies(["AWSCloudFormationReadOnlyAccess"]));
        props.policies = Some(inline_policy(
            "default",
            deploy_statements(&bucket_and_objects, &cfn_exec, version_arn),
        ));
    });

    outputs(&stack, &c, &bucket, &key, &p, &repository);
    stack
}

/// Synthesizes the bootstrap template for these options: the JSON text of the `CDKToolkit`
/// template.
///
/// # Errors
/// Every invalid option, each with the path of the parameter it sets.
pub fn template(options: &BootstrapOptions) -> Result<String, SynthErrors> {
    let app = App::with_props(AppProps::default());
    let stack = build(&app, options);
    let assembly = app.assemble()?;
    let artifact = assembly
        .stacks()
        .iter()
        .find(|s| s.stack_name == stack.stack_name())
        .expect("a synthesized app has an artifact for each of its stacks");
    let bytes = assembly
        .file(&artifact.template_file)
        .expect("a stack artifact's template is in the assembly");
    let mut text = String::from_utf8_lossy(bytes).into_owned();
    if !text.ends_with('\n') {
        text.push('\n');
    }
    Ok(text)
}

/// The template's parameters, in the CLI's order.
struct Parameters {
    trusted_accounts: CfnParameter,
    trusted_accounts_for_lookup: CfnParameter,
    cloudformation_execution_policies: CfnParameter,
    file_assets_bucket_name: CfnParameter,
    file_assets_bucket_kms_key_id: CfnParameter,
    container_assets_repository_name: CfnParameter,
    qualifier: CfnParameter,
    public_access_block_configuration: CfnParameter,
    input_permissions_boundary: CfnParameter,
    use_example_permissions_boundary: CfnParameter,
    apply_permissions_boundary_to_all_roles: CfnParameter,
    deny_external_id: CfnParameter,
}

impl Parameters {
    fn new(stack: &Stack, options: &BootstrapOptions) -> Self {
        let list = |id: &str, values: &[String], description: &str| {
            let props = ParameterProps::of_type("CommaDelimitedList")
                .default_value(values.join(","))
                .description(description);
            CfnParameter::new(stack, id, props)
        };
        let string = |id: &str, default: &str, description: &str| {
            let props = ParameterProps::of_type("String")
                .default_value(default)
                .description(description);
            CfnParameter::new(stack, id, props)
        };
        let boolean = |default: bool| {
            ParameterProps::of_type("String")
                .default_value(if default { "true" } else { "false" })
                .allowed_values(["true", "false"])
        };
        let trusted_accounts = list(
            "TrustedAccounts",
            &options.trusted_accounts,
            "List of AWS accounts that are trusted to publish assets and deploy stacks to this environment",
        );
        let trusted_accounts_for_lookup = list(
            "TrustedAccountsForLookup",
            &options.trusted_accounts_for_lookup,
            "List of AWS accounts that are trusted to look up values in this environment",
        );
        let cloudformation_execution_policies = list(
            "CloudFormationExecutionPolicies",
            &options.cloudformation_execution_policies,
            "List of the ManagedPolicy ARN(s) to attach to the CloudFormation deployment role",
        );
        let file_assets_bucket_name = string(
            "FileAssetsBucketName",
            "",
            "The name of the S3 bucket used for file assets",
        );
        let file_assets_bucket_kms_key_id = string(
            "FileAssetsBucketKmsKeyId",
            options.file_assets_bucket_kms_key_id.as_deref().unwrap_or(""),
            "Empty to create a new key (default), 'AWS_MANAGED_KEY' to use a managed S3 key, or the ID/ARN of an existing key.",
        );
        let container_assets_repository_name = string(
            "ContainerAssetsRepositoryName",
            "",
            "A user-provided custom name to use for the container assets ECR repository",
        );
        let qualifier = CfnParameter::new(
            stack,
            "Qualifier",
            ParameterProps::of_type("String")
                .default_value(
                    options
                        .qualifier
                        .as_deref()
                        .unwrap_or(stackwright::core::DEFAULT_QUALIFIER),
                )
                .description(
                    "An identifier to distinguish multiple bootstrap stacks in the same environment",
                )
                .allowed_pattern("[A-Za-z0-9_-]{1,10}")
                .constraint_description(
                    "Qualifier must be an alphanumeric identifier of at most 10 characters",
                ),
        );
        let public_access_block_configuration = CfnParameter::new(
            stack,
            "PublicAccessBlockConfiguration",
            boolean(true).description(
                "Whether or not to enable S3 Staging Bucket Public Access Block Configuration",
            ),
        );
        let input_permissions_boundary = string(
            "InputPermissionsBoundary",
            "",
            "Whether or not to use either the CDK supplied or custom permissions boundary",
        );
        let use_example_permissions_boundary =
            CfnParameter::new(stack, "UseExamplePermissionsBoundary", boolean(false));
        let apply_permissions_boundary_to_all_roles = CfnParameter::new(
            stack,
            "ApplyPermissionsBoundaryToAllRoles",
            boolean(false).description(
                "Whether to apply the permissions boundary to all bootstrap roles (not just the CloudFormation execution role)",
            ),
        );
        // Read by the CDK CLI only (it refuses to overwrite a stack of another variant).
        string(
            "BootstrapVariant",
            BOOTSTRAP_VARIANT,
            "Describe the provenance of the resources in this bootstrap stack. Change this when you customize the template. To prevent accidents, the CDK CLI will not overwrite bootstrap stacks with a different variant.",
        );
        let deny_external_id = CfnParameter::new(
            stack,
            "DenyExternalId",
            boolean(true).description(
                "Whether to deny AssumeRole calls with an ExternalId. This prevents calls that are intended to be deputized from accidentally assuming CDK Roles.",
            ),
        );
        Parameters {
            trusted_accounts,
            trusted_accounts_for_lookup,
            cloudformation_execution_policies,
            file_assets_bucket_name,
            file_assets_bucket_kms_key_id,
            container_assets_repository_name,
            qualifier,
            public_access_block_configuration,
            input_permissions_boundary,
            use_example_permissions_boundary,
            apply_permissions_boundary_to_all_roles,
            deny_external_id,
        }
    }

    /// Records every invalid option on the parameter whose default it sets.
    fn validate(&self, options: &BootstrapOptions) {
        let accounts = [
            (&self.trusted_accounts, &options.trusted_accounts),
            (
                &self.trusted_accounts_for_lookup,
                &options.trusted_accounts_for_lookup,
            ),
        ];
        for (parameter, values) in accounts {
            for account in values {
                if let Err(e) = check_account(account) {
                    parameter.node().add_error(e);
                }
            }
        }
        let policies = &options.cloudformation_execution_policies;
        for arn in policies {
            if let Err(e) = check_policy_arn(arn) {
                self.cloudformation_execution_policies.node().add_error(e);
            }
        }
        if !options.trusted_accounts.is_empty() && policies.is_empty() {
            self.cloudformation_execution_policies.node().add_error(
                "trusting other accounts needs at least one execution policy (a managed policy ARN such as \
                 arn:aws:iam::aws:policy/AdministratorAccess): without one the CloudFormation execution role \
                 gets no permissions, so the CDK CLI refuses this too",
            );
        }
        if let Some(qualifier) = &options.qualifier {
            if let Err(e) = check_qualifier(qualifier) {
                self.qualifier.node().add_error(e);
            }
        }
    }
}

/// The template's conditions, in the CLI's order.
struct Conditions {
    has_trusted_accounts: CfnCondition,
    has_trusted_accounts_for_lookup: CfnCondition,
    has_cloudformation_execution_policies: CfnCondition,
    has_custom_file_assets_bucket_name: CfnCondition,
    create_new_key: CfnCondition,
    use_aws_managed_key: CfnCondition,
    should_create_permissions_boundary: CfnCondition,
    permissions_boundary_set: CfnCondition,
    should_apply_permissions_boundary_to_all_roles: CfnCondition,
    has_custom_container_assets_repository_name: CfnCondition,
    use_public_access_block_configuration: CfnCondition,
    should_deny_external_id: CfnCondition,
}

impl Conditions {
    fn new(stack: &Stack, p: &Parameters) -> Self {
        let condition = |id: &str, expression: Val<Cond>| CfnCondition::new(stack, id, expression);
        let list_not_empty = |id: &str, list: &CfnParameter| {
            let joined = Fn::join_list("", list.value_as_list());
            condition(id, Fn::not(Fn::equals("", joined)))
        };
        let not_empty = |id: &str, parameter: &CfnParameter| {
            condition(id, Fn::not(Fn::equals("", parameter.value_as_string())))
        };
        let is = |id: &str, value: &str, parameter: &CfnParameter| {
            condition(id, Fn::equals(value, parameter.value_as_string()))
        };
        let has_trusted_accounts = list_not_empty("HasTrustedAccounts", &p.trusted_accounts);
        let has_trusted_accounts_for_lookup = list_not_empty(
            "HasTrustedAccountsForLookup",
            &p.trusted_accounts_for_lookup,
        );
        let has_cloudformation_execution_policies = list_not_empty(
            "HasCloudFormationExecutionPolicies",
            &p.cloudformation_execution_policies,
        );
        let has_custom_file_assets_bucket_name =
            not_empty("HasCustomFileAssetsBucketName", &p.file_assets_bucket_name);
        let create_new_key = is("CreateNewKey", "", &p.file_assets_bucket_kms_key_id);
        let use_aws_managed_key = is(
            "UseAwsManagedKey",
            AWS_MANAGED_KEY,
            &p.file_assets_bucket_kms_key_id,
        );
        let should_create_permissions_boundary = is(
            "ShouldCreatePermissionsBoundary",
            "true",
            &p.use_example_permissions_boundary,
        );
        let permissions_boundary_set =
            not_empty("PermissionsBoundarySet", &p.input_permissions_boundary);
        let should_apply_permissions_boundary_to_all_roles = condition(
            "ShouldApplyPermissionsBoundaryToAllRoles",
            Fn::and([
                permissions_boundary_set.reference(),
                Fn::equals(
                    "true",
                    p.apply_permissions_boundary_to_all_roles.value_as_string(),
                ),
            ]),
        );
        let has_custom_container_assets_repository_name = not_empty(
            "HasCustomContainerAssetsRepositoryName",
            &p.container_assets_repository_name,
        );
        let use_public_access_block_configuration = is(
            "UsePublicAccessBlockConfiguration",
            "true",
            &p.public_access_block_configuration,
        );
        let should_deny_external_id = is("ShouldDenyExternalId", "true", &p.deny_external_id);
        Conditions {
            has_trusted_accounts,
            has_trusted_accounts_for_lookup,
            has_cloudformation_execution_policies,
            has_custom_file_assets_bucket_name,
            create_new_key,
            use_aws_managed_key,
            should_create_permissions_boundary,
            permissions_boundary_set,
            should_apply_permissions_boundary_to_all_roles,
            has_custom_container_assets_repository_name,
            use_public_access_block_configuration,
            should_deny_external_id,
        }
    }
}

/// The file-assets bucket: named by parameter or by qualifier, encrypted with the stack's key,
/// S3's managed key or a given key, versioned, old versions expired, retained on deletion.
fn staging_bucket(stack: &Stack, p: &Parameters, c: &Conditions, key: &CfnKey) -> CfnBucket {
    let name = Fn::if_::<String>(
        &c.has_custom_file_assets_bucket_name,
        p.file_assets_bucket_name.value_as_string(),
        Fn::sub("cdk-${Qualifier}-assets-${AWS::AccountId}-${AWS::Region}"),
    );
    let key_id = Fn::if_::<String>(
        &c.create_new_key,
        key.attr_arn(),
        Fn::if_::<String>(
            &c.use_aws_managed_key,
            Aws::no_value(),
            p.file_assets_bucket_kms_key_id.value_as_string(),
        ),
    );
    let encryption = BucketEncryption::new(vec![ServerSideEncryptionRule::new()
        .server_side_encryption_by_default(
            ServerSideEncryptionByDefault::new("aws:kms").kms_master_key_id(key_id),
        )]);
    let block_public_access = Fn::if_::<PublicAccessBlockConfiguration>(
        &c.use_public_access_block_configuration,
        PublicAccessBlockConfiguration::new()
            .block_public_acls(true)
            .block_public_policy(true)
            .ignore_public_acls(true)
            .restrict_public_buckets(true),
        Aws::no_value(),
    );
    let lifecycle = LifecycleConfiguration::new(vec![
        Rule::new("Enabled")
            .id("CleanupOldVersions")
            .noncurrent_version_expiration(NoncurrentVersionExpiration::new(30)),
        Rule::new("Enabled")
            .id("AbortIncompleteMultipartUploads")
            .abort_incomplete_multipart_upload(AbortIncompleteMultipartUpload::new(1)),
    ]);
    let bucket = CfnBucket::new(
        stack,
        "StagingBucket",
        CfnBucketProps::new()
            .bucket_name(name)
            .access_control("Private")
            .bucket_encryption(encryption)
            .public_access_block_configuration(block_public_access)
            .versioning_configuration(VersioningConfiguration::new("Enabled"))
            .lifecycle_configuration(lifecycle),
    );
    bucket.apply_removal_policy(RemovalPolicy::Retain);
    bucket
}

/// The container-assets repository: immutable tags, untagged images expired, readable by the
/// account's Lambda functions and EMR Serverless applications.
fn container_assets_repository(stack: &Stack, p: &Parameters, c: &Conditions) -> CfnRepository {
    let name = Fn::if_::<String>(
        &c.has_custom_container_assets_repository_name,
        p.container_assets_repository_name.value_as_string(),
        Fn::sub("cdk-${Qualifier}-container-assets-${AWS::AccountId}-${AWS::Region}"),
    );
    let pull = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"];
    let policy = PolicyDocument::from_statements([
        PolicyStatement::allow()
            .sid("LambdaECRImageRetrievalPolicy")
            .principal(Principal::service("lambda.amazonaws.com"))
            .actions(pull)
            .condition(Condition::string_like(
                "aws:sourceArn",
                Fn::sub("arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:*"),
            )),
        PolicyStatement::allow()
            .sid("EmrServerlessImageRetrievalPolicy")
            .principal(Principal::service("emr-serverless.amazonaws.com"))
            .actions(pull)
            .action("ecr:DescribeImages")
            .condition(Condition::string_like(
                "aws:sourceArn",
                Fn::sub("arn:${AWS::Partition}:emr-serverless:${AWS::Region}:${AWS::AccountId}:/applications/*"),
            )),
    ]);
    CfnRepository::new(
        stack,
        "ContainerAssetsRepository",
        CfnRepositoryProps::new()
            .image_tag_mutability("IMMUTABLE")
            .lifecycle_policy(
                repository::LifecyclePolicy::new().lifecycle_policy_text(IMAGE_LIFECYCLE_POLICY),
            )
            .repository_name(name)
            .repository_policy_text(policy.to_value()),
    )
}

/// A trust policy for the account itself and, each only when its condition holds, the accounts
/// of list parameters. `sts:AssumeRole` is refused with an external id unless `DenyExternalId`
/// is false; `sts:TagSession` is allowed too. Written without `Version`, as the CLI's.
fn trust_policy(c: &Conditions, trusted: &[(&CfnCondition, &CfnParameter)]) -> Value {
    let no_external_id = Fn::if_::<Json>(
        &c.should_deny_external_id,
        Value::map_of([("Null", Value::map_of([("sts:ExternalId", "true")]))]),
        Aws::no_value(),
    );
    let statement = |action: Value, who: Value, condition: Option<&Val<Json>>| {
        let mut entries = vec![
            ("Action", action),
            ("Effect", Value::from("Allow")),
            ("Principal", Value::map_of([("AWS", who)])),
        ];
        if let Some(condition) = condition {
            entries.push(("Condition", condition.into()));
        }
        Value::map_of(entries)
    };
    let this_account = || Value::from(Aws::account_id());
    let mut statements = vec![
        statement(
            Value::from("sts:AssumeRole"),
            this_account(),
            Some(&no_external_id),
        ),
        statement(Value::from("sts:TagSession"), this_account(), None),
    ];
    for (condition, accounts) in trusted {
        let accounts = || Value::from(accounts.value_as_list());
        let assume = statement(
            Value::list_of(["sts:AssumeRole"]),
            accounts(),
            Some(&no_external_id),
        );
        let tag = statement(Value::list_of(["sts:TagSession"]), accounts(), None);
        for s in [assume, tag] {
            statements.push(Fn::if_::<Json>(condition, s, Aws::no_value()).into());
        }
    }
    Value::map_of([("Statement", Value::List(statements))])
}

/// One of the publishing, lookup and deploy roles: named `cdk-<qualifier>-<kind>-role-<account>-
/// <region>`, with the permissions boundary when it is to apply to all roles, and tagged
/// `aws-cdk:bootstrap-role` = `kind` (CDK Pipelines finds the roles by this tag).
fn bootstrap_role(stack: &Stack, id: &str, kind: &str, trust: Value, c: &Conditions) -> CfnRole {
    let props = CfnRoleProps::new(trust)
        .role_name(role_name(kind))
        .permissions_boundary(permissions_boundary(
            &c.should_apply_permissions_boundary_to_all_roles,
        ))
        .tags(vec![role::Tag::new("aws-cdk:bootstrap-role", kind)]);
    CfnRole::new(stack, id, props)
}

/// `cdk-${Qualifier}-<kind>-role-${AWS::AccountId}-${AWS::Region}`.
fn role_name(kind: &str) -> Val<String> {
    Fn::sub(&format!(
        "cdk-${{Qualifier}}-{kind}-role-${{AWS::AccountId}}-${{AWS::Region}}"
    ))
}

/// The `InputPermissionsBoundary` policy's ARN when `condition` holds, else no boundary.
fn permissions_boundary(condition: &CfnCondition) -> Val<String> {
    Fn::if_::<String>(
        condition,
        Fn::sub("arn:${AWS::Partition}:iam::${AWS::AccountId}:policy/${InputPermissionsBoundary}"),
        Aws::no_value(),
    )
}

/// The ARNs of AWS managed policies, by name.
fn aws_managed_policies<const N: usize>(names: [&str; N]) -> Val<Vec<String>> {
    let arns: Vec<Val<String>> = names
        .iter()
        .map(|name| Fn::sub(&format!("arn:${{AWS::Partition}}:iam::aws:policy/{name}")))
        .collect();
    arns.into()
}

/// A role's one inline policy.
fn inline_policy(
    name: &str,
    statements: impl IntoIterator<Item = PolicyStatement>,
) -> Val<Vec<role::Policy>> {
    let document = PolicyDocument::from_statements(statements).to_value();
    vec![role::Policy::new(document, name)].into()
}

/// A publishing role's `<Role>DefaultPolicy`, named like the role.
fn default_policy(
    stack: &Stack,
    role: &CfnRole,
    kind: &str,
    statements: impl IntoIterator<Item = PolicyStatement>,
) -> CfnPolicy {
    let id = format!("{}DefaultPolicy", role.node().id());
    let name = Fn::sub(&format!(
        "cdk-${{Qualifier}}-{kind}-role-default-policy-${{AWS::AccountId}}-${{AWS::Region}}"
    ));
    let document = PolicyDocument::from_statements(statements).to_value();
    CfnPolicy::new(
        stack,
        &id,
        CfnPolicyProps::new(document, name).roles(vec![role.ref_value()]),
    )
}

/// The assets key's policy: the account administers it, S3 uses it for callers of the account,
/// and the file-publishing role uses it. Written without `Version`, as the CLI's.
fn assets_key_policy(file_publishing: &CfnRole) -> Value {
    let statements = PolicyDocument::from_statements([
        PolicyStatement::allow()
            .actions(KEY_ADMIN_ACTIONS)
            .principal(Principal::arn(Aws::account_id()))
            .all_resources(),
        PolicyStatement::allow()
            .actions(KEY_USE_ACTIONS)
            .principal(Principal::any())
            .all_resources()
            .condition(Condition::string_equals(
                "kms:CallerAccount",
                Aws::account_id(),
            ))
            .condition(Condition::string_equals(
                "kms:ViaService",
                Fn::sub("s3.${AWS::Region}.amazonaws.com"),
            )),
        PolicyStatement::allow()
            .actions(KEY_USE_ACTIONS)
            .principal(Principal::arn(file_publishing.attr_arn()))
            .all_resources(),
    ])
    .rendered_statements();
    Value::map_of([("Statement", Value::List(statements))])
}

/// What the deploy role may do: run CloudFormation change sets, use pipeline artifact buckets
/// and keys of other accounts, pass the execution role, read the staging bucket and the
/// bootstrap version.
fn deploy_statements(
    bucket_and_objects: &[Val<String>; 2],
    cfn_exec: &CfnRole,
    version_arn: Val<String>,
) -> Vec<PolicyStatement> {
    vec![
        PolicyStatement::allow()
            .sid("DeployPermissions")
            .actions([
                "cloudformation:CreateChangeSet",
                "cloudformation:DeleteChangeSet",
                "cloudformation:ExecuteChangeSet",
                "cloudformation:CreateStack",
                "cloudformation:UpdateStack",
                "cloudformation:RollbackStack",
                "cloudformation:ContinueUpdateRollback",
            ])
            .all_resources(),
        PolicyStatement::allow()
            .sid("PipelineCrossAccountArtifactsBucket")
            .actions([
                "s3:GetObject*",
                "s3:GetBucket*",
                "s3:List*",
                "s3:Abort*",
                "s3:DeleteObject*",
                "s3:PutObject*",
            ])
            .all_resources()
            .condition(Condition::new(
                ConditionOperator::StringNotEquals,
                "s3:ResourceAccount",
                [Aws::account_id()],
            )),
        PolicyStatement::allow()
            .sid("PipelineCrossAccountArtifactsKey")
            .actions(KEY_USE_ACTIONS)
            .all_resources()
            .condition(Condition::string_equals(
                "kms:ViaService",
                Fn::sub("s3.${AWS::Region}.amazonaws.com"),
            )),
        PolicyStatement::allow()
            .action("iam:PassRole")
            .resource(cfn_exec.attr_arn()),
        PolicyStatement::allow()
            .sid("CliPermissions")
            .actions([
                "cloudformation:DeleteStack",
                "cloudformation:UpdateTerminationProtection",
                "sts:GetCallerIdentity",
            ])
            .all_resources(),
        PolicyStatement::allow()
            .sid("CliStagingBucket")
            .actions(S3_READ_ACTIONS)
            .resources(bucket_and_objects.clone()),
        PolicyStatement::allow()
            .sid("ReadVersion")
            .actions(["ssm:GetParameter", "ssm:GetParameters"])
            .resource(version_arn),
        PolicyStatement::allow()
            .sid("Refactor")
            .actions([
                "cloudformation:CreateStackRefactor",
                "cloudformation:ExecuteStackRefactor",
            ])
            .all_resources(),
    ]
}

/// The role CloudFormation deploys with: the execution policies when given; none when accounts
/// are trusted without them (the CLI refuses that case); `AdministratorAccess` otherwise.
fn cloudformation_execution_role(stack: &Stack, p: &Parameters, c: &Conditions) -> CfnRole {
    let trust = PolicyDocument::from_statements([PolicyStatement::allow()
        .action("sts:AssumeRole")
        .principal(Principal::service("cloudformation.amazonaws.com"))]);
    let policies = Fn::if_::<Vec<String>>(
        &c.has_cloudformation_execution_policies,
        p.cloudformation_execution_policies.value_as_list(),
        Fn::if_::<Vec<String>>(
            &c.has_trusted_accounts,
            Aws::no_value(),
            aws_managed_policies(["AdministratorAccess"]),
        ),
    );
    CfnRole::new(
        stack,
        "CloudFormationExecutionRole",
        CfnRoleProps::new(trust.to_value())
            .managed_policy_arns(policies)
            .role_name(role_name("cfn-exec"))
            .permissions_boundary(permissions_boundary(&c.permissions_boundary_set)),
    )
}

/// The example permissions boundary (`UseExamplePermissionsBoundary`): allows everything but
/// creating users or roles without it, and changing or removing it.
fn permissions_boundary_policy(stack: &Stack, c: &Conditions) -> CfnManagedPolicy {
    let boundary_arn = Fn::sub(&format!(
        "arn:${{AWS::Partition}}:iam::${{AWS::AccountId}}:policy/{PERMISSIONS_BOUNDARY_NAME}"
    ));
    let document = PolicyDocument::from_statements([
        PolicyStatement::allow()
            .sid("ExplicitAllowAll")
            .action("*")
            .all_resources(),
        PolicyStatement::deny()
            .sid("DenyAccessIfRequiredPermBoundaryIsNotBeingApplied")
            .actions([
                "iam:CreateUser",
                "iam:CreateRole",
                "iam:PutRolePermissionsBoundary",
                "iam:PutUserPermissionsBoundary",
            ])
            .condition(Condition::new(
                ConditionOperator::StringNotEquals,
                "iam:PermissionsBoundary",
                [boundary_arn.clone()],
            ))
            .all_resources(),
        PolicyStatement::deny()
            .sid("DenyPermBoundaryIAMPolicyAlteration")
            .actions([
                "iam:CreatePolicyVersion",
                "iam:DeletePolicy",
                "iam:DeletePolicyVersion",
                "iam:SetDefaultPolicyVersion",
            ])
            .resource(boundary_arn),
        PolicyStatement::deny()
            .sid("DenyRemovalOfPermBoundaryFromAnyUserOrRole")
            .actions([
                "iam:DeleteUserPermissionsBoundary",
                "iam:DeleteRolePermissionsBoundary",
            ])
            .all_resources(),
    ]);
    // The CLI's logical id, misspelling included: renaming it would replace the policy.
    let policy = CfnManagedPolicy::new(
        stack,
        "CdkBoostrapPermissionsBoundaryPolicy",
        CfnManagedPolicyProps::new(document.to_value())
            .description("Bootstrap Permission Boundary")
            .managed_policy_name(Fn::sub(PERMISSIONS_BOUNDARY_NAME))
            .path("/"),
    );
    policy.set_condition(&c.should_create_permissions_boundary);
    policy
}

/// The outputs the CLI reads (bucket, key, repository, version).
fn outputs(
    stack: &Stack,
    c: &Conditions,
    bucket: &CfnBucket,
    key: &CfnKey,
    p: &Parameters,
    repository: &CfnRepository,
) {
    let output = |id: &str, value: Value, description: &str| {
        CfnOutput::new(stack, id, OutputProps::new(value).description(description))
    };
    output(
        "BucketName",
        bucket.ref_value().into(),
        "The name of the S3 bucket owned by the CDK toolkit stack",
    );
    output(
        "BucketDomainName",
        bucket.attr_regional_domain_name().into(),
        "The domain name of the S3 bucket owned by the CDK toolkit stack",
    );
    let key_arn = Fn::if_::<String>(
        &c.create_new_key,
        key.attr_arn(),
        p.file_assets_bucket_kms_key_id.value_as_string(),
    );
    CfnOutput::new(
        stack,
        "FileAssetKeyArn",
        OutputProps::new(key_arn)
            .description("The ARN of the KMS key used to encrypt the asset bucket (deprecated)")
            .export_name(Fn::sub("CdkBootstrap-${Qualifier}-FileAssetKeyArn")),
    );
    output(
        "ImageRepositoryName",
        repository.ref_value().into(),
        "The name of the ECR repository which hosts docker image assets",
    );
    output(
        "BootstrapVersion",
        BOOTSTRAP_VERSION.to_string().into(),
        "The version of the bootstrap resources that are currently mastered in this stack",
    );
}

/// An AWS account id: 12 digits.
fn check_account(account: &str) -> Result<(), String> {
    if account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit()) {
        Ok(())
    } else {
        Err(format!("{account:?} is not an AWS account id (12 digits)"))
    }
}

/// A qualifier: 1 to 10 lowercase letters and digits. The template's own pattern also allows
/// capitals, `_` and `-`, but the qualifier is part of the bucket and repository names, where
/// capitals and `_` are invalid; the CDK documents it as alphanumeric.
fn check_qualifier(qualifier: &str) -> Result<(), String> {
    let valid = (1..=10).contains(&qualifier.len())
        && qualifier
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
    if valid {
        Ok(())
    } else {
        Err(format!(
            "the qualifier {qualifier:?} must be 1 to 10 lowercase letters and digits"
        ))
    }
}

/// A managed policy's ARN: `arn:<partition>:iam::<account id or aws>:policy/<path and name>`.
fn check_policy_arn(arn: &str) -> Result<(), String> {
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    let valid = match parts.as_slice() {
        ["arn", partition, "iam", "", account, resource] => {
            is_partition(partition)
                && (*account == "aws" || check_account(account).is_ok())
                && resource.strip_prefix("policy/").is_some_and(|name| {
                    !name.is_empty()
                        && !name.ends_with('/')
                        && name
                            .chars()
                            .all(|c| c.is_ascii_alphanumeric() || "+=,.@-_/".contains(c))
                })
        }
        _ => false,
    };
    if valid {
        Ok(())
    } else {
        Err(format!(
            "{arn:?} is not the ARN of a managed policy (arn:<partition>:iam::<account or aws>:policy/<name>)"
        ))
    }
}

/// `aws`, `aws-cn`, `aws-us-gov`, `aws-iso-b`...
fn is_partition(partition: &str) -> bool {
    partition == "aws"
        || partition.strip_prefix("aws-").is_some_and(|rest| {
            rest.split('-')
                .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase()))
        })
}

/// The command line of `cargo run --example bootstrap`: the flags of `cdk bootstrap` that
/// choose what the bootstrap stack trusts, as the defaults of the template's parameters.
#[derive(Debug, Clone, Parser)]
#[command(
    name = "bootstrap",
    about = "Prints the AWS CDK bootstrap template (the CDKToolkit stack) for `aws cloudformation deploy`",
    long_about = "Prints the AWS CDK bootstrap template (the CDKToolkit stack), equivalent to `cdk bootstrap`'s, for `aws cloudformation deploy --stack-name CDKToolkit \
--capabilities CAPABILITY_NAMED_IAM --template-file FILE`. The flags set the defaults of the \
template's parameters as `cdk bootstrap` passes them; `--parameter-overrides` can still change them \
(and must, to change a parameter of a stack that exists: updates keep previous values)."
)]
pub struct Cli {
    /// An account trusted to publish assets and deploy here (repeatable, or comma-separated).
    #[arg(long = "trust", value_name = "ACCOUNT", value_delimiter = ',')]
    pub trust: Vec<String>,
    /// An account trusted to look up values here (repeatable, or comma-separated).
    #[arg(
        long = "trust-for-lookup",
        value_name = "ACCOUNT",
        value_delimiter = ','
    )]
    pub trust_for_lookup: Vec<String>,
    /// A managed policy ARN for the CloudFormation execution role (repeatable); needed with
    /// `--trust`.
    #[arg(
        long = "cfn-execution-policy",
        visible_alias = "cloudformation-execution-policies",
        value_name = "ARN",
        value_delimiter = ','
    )]
    pub cfn_execution_policies: Vec<String>,
    /// The qualifier of the bootstrap resources' names (default hnb659fds).
    #[arg(long, value_name = "QUALIFIER")]
    pub qualifier: Option<String>,
    /// Create a KMS key for the assets bucket (by default, like `cdk bootstrap`, the bucket is
    /// encrypted with S3's AWS managed key).
    #[arg(long, conflicts_with = "bootstrap_kms_key_id")]
    pub bootstrap_customer_key: bool,
    /// An existing KMS key (id or ARN) for the assets bucket.
    #[arg(long, value_name = "KEY")]
    pub bootstrap_kms_key_id: Option<String>,
    /// Write the template to this file instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

impl Cli {
    /// The options these flags stand for. Like `cdk bootstrap` on a new environment, the
    /// assets bucket uses S3's AWS managed key unless a key is asked for.
    pub fn options(&self) -> BootstrapOptions {
        let key = if self.bootstrap_customer_key {
            String::new()
        } else {
            self.bootstrap_kms_key_id
                .clone()
                .unwrap_or_else(|| AWS_MANAGED_KEY.to_owned())
        };
        BootstrapOptions {
            trusted_accounts: self.trust.clone(),
            trusted_accounts_for_lookup: self.trust_for_lookup.clone(),
            cloudformation_execution_policies: self.cfn_execution_policies.clone(),
            qualifier: self.qualifier.clone(),
            file_assets_bucket_kms_key_id: Some(key),
        }
    }

    /// Synthesizes the template and prints it to `stdout`, or writes it to `--out`.
    ///
    /// # Errors
    /// Every invalid option, or the write failing; nothing is written then.
    pub fn run(&self, stdout: &mut dyn Write) -> Result<(), String> {
        let text = template(&self.options()).map_err(|e| e.to_string())?;
        match &self.out {
            Some(path) => std::fs::write(path, text)
                .map_err(|e| format!("cannot write {}: {e}", path.display())),
            None => stdout
                .write_all(text.as_bytes())
                .and_then(|()| stdout.flush())
                .map_err(|e| format!("cannot print the template: {e}")),
        }
    }
}

/// The whole program: parses `args` (the first is the program name), runs, reports to `stdout`
/// and `stderr`, and returns the exit status (0 on success, 1 for invalid options or a failed
/// write, 2 for a command line clap rejects).
pub fn main_with<I, T>(args: I, stdout: &mut dyn Write, stderr: &mut dyn Write) -> u8
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    match Cli::try_parse_from(args) {
        Err(e) => {
            // Nothing else can be reported if the terminal itself cannot be written.
            let _ = if e.use_stderr() {
                write!(stderr, "{}", e.render())
            } else {
                write!(stdout, "{}", e.render())
            };
            u8::try_from(e.exit_code()).unwrap_or(2)
        }
        Ok(cli) => match cli.run(stdout) {
            Ok(()) => 0,
            Err(message) => {
                let _ = writeln!(stderr, "error: {message}");
                1
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policy_arns_are_checked() {
        for ok in [
            "arn:aws:iam::aws:policy/AdministratorAccess",
            "arn:aws-us-gov:iam::111111111111:policy/team/Deploy",
            "arn:aws-iso-b:iam::aws:policy/service-role/AWSLambdaRole",
        ] {
            assert!(check_policy_arn(ok).is_ok(), "{ok}");
        }
        for bad in [
            "AdministratorAccess",
            "arn:aws:iam::aws:role/Admin",
            "arn:aws:s3:::bucket",
            "arn:aws:iam::12345:policy/P",
            "arn:aws:iam::aws:policy/",
            "arn:awsx:iam::aws:policy/P",
            "arn:aws-:iam::aws:policy/P",
        ] {
            assert!(check_policy_arn(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn qualifiers_and_accounts_are_checked() {
        assert!(check_qualifier("hnb659fds").is_ok());
        assert!(check_qualifier("a").is_ok());
        for bad in ["", "Prod", "my_team", "my-team", "abcdefghijk"] {
            assert!(check_qualifier(bad).is_err(), "{bad}");
        }
        assert!(check_account("111111111111").is_ok());
        for bad in ["11111111111", "1111111111111", "11111111111a", ""] {
            assert!(check_account(bad).is_err(), "{bad}");
        }
    }
}
