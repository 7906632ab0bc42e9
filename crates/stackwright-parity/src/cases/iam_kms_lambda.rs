//! IAM roles and grants, a KMS key with an alias, and Lambda functions: the same tree as
//! `apps/iam_kms_lambda.js`. Key rotation is set explicitly on both sides (stackwright turns it on
//! by default, aws-cdk-lib does not).

use stackwright::iam::{Condition, ManagedPolicy, PolicyStatement, Principal, Role, RoleProps};
use stackwright::kms::{Key, KeyProps};
use stackwright::lambda::{Alias, AliasProps, Code, Function, FunctionProps, Runtime, Tracing, Version, VersionProps};
use stackwright::prelude::*;

use crate::Ignore;

/// No accepted differences.
pub const IGNORED: &[Ignore] = &[];

/// Builds the app.
pub fn build(app: &App) {
    let env = Environment::new("111111111111", "us-east-2");
    let keys = Stack::new(app, "Keys", StackProps::default().env(env.clone()));
    let key = Key::new(&keys, "Key", KeyProps::new().alias("alias/lake").enable_key_rotation(true));
    let external = Role::from_role_arn(&keys, "Deployer", "arn:aws:iam::222222222222:role/deployer");
    let _ = key.grant_decrypt(&external);

    let compute = Stack::new(app, "Compute", StackProps::default().env(env));
    let worker = Role::new(
        &compute,
        "Worker",
        RoleProps::new(Principal::composite([
            Principal::service("glue.amazonaws.com"),
            Principal::account("333333333333"),
        ]))
        .managed_policy(ManagedPolicy::from_aws_managed_policy_name("service-role/AWSGlueServiceRole"))
        .path("/etl/")
        .max_session_duration_seconds(7200),
    );
    let _ = key.grant_encrypt_decrypt(&worker);
    worker.add_to_policy(
        PolicyStatement::allow()
            .action("ssm:GetParameter")
            .resource("arn:aws:ssm:us-east-2:111111111111:parameter/etl/*")
            .condition(Condition::string_equals("aws:RequestedRegion", "us-east-2")),
    );

    let function = Function::new(
        &compute,
        "Trigger",
        FunctionProps::new(
            Runtime::Python3_12,
            "index.handler",
            Code::from_inline("def handler(event, context):\n    return event\n"),
        )
        .memory_size_mb(256)
        .timeout_seconds(30)
        .environment("STAGE", "dev")
        .tracing(Tracing::Active),
    );
    let _ = key.grant_decrypt(&function);
    let _ = function.grant_invoke(&Principal::service("events.amazonaws.com"));
    let _ = function.grant_invoke(&worker);
    let version = Version::new(&compute, "TriggerVersion", VersionProps::new(&function));
    Alias::new(&compute, "Live", AliasProps::new("live", &version));
}
