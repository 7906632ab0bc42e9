//! Secrets Manager, SSM, CloudWatch Logs and SNS L2 constructs in one stack, with grants to a
//! role of the stack and to a role of another account (twin of `apps/small_services.js`):
//! generated secrets (one with a customer key, whose key policy lets Secrets Manager and the
//! grantees use it), a secret imported by name, dynamic references in L1 properties, string
//! parameters and parameters read at deployment, log groups with typed retention, topics (FIFO
//! with and without a name), an email subscription, an SQS subscription, and a topic policy
//! written by a cross-account grant.
//!
//! Where we deliberately differ from aws-cdk-lib:
//! - `Key961B73FD.Properties.KeyPolicy.Statement`: a log group encrypted with a key of the app
//!   extends the key policy with AWS's documented statement letting `logs.<region>.amazonaws.com`
//!   use the key for this account's log group (the CDK leaves it out, and CloudFormation then
//!   fails to create the log group). The JavaScript app asks for key rotation, which is our
//!   default.

use stackwright::cfn::{codebuild, ssm as cfn_ssm};
use stackwright::iam::{Principal, Role, RoleProps};
use stackwright::kms::{Key, KeyProps};
use stackwright::logs::{LogGroup, LogGroupProps, RetentionDays};
use stackwright::prelude::*;
use stackwright::secretsmanager::{Secret, SecretProps, SecretStringGenerator};
use stackwright::sns::{
    EmailSubscription, Subscription, SubscriptionProps, SubscriptionProtocol, Topic, TopicProps,
};
use stackwright::ssm::{ParameterTier, StringParameter, StringParameterProps};

use crate::Ignore;

/// The differences listed above.
pub const IGNORED: &[Ignore] = &[Ignore {
    stack: "SmallServices",
    path: "template.Resources.Key961B73FD.Properties.KeyPolicy.Statement[6]",
    reason: "the key policy lets CloudWatch Logs use the key of an encrypted log group \
             (AWS's documented statement), so that the log group can be created",
}];

/// Builds the app (twin of `apps/small_services.js`).
pub fn build(app: &App) {
    let stack = Stack::new(
        app,
        "SmallServices",
        StackProps::default().env(Environment::new("111111111111", "us-east-2")),
    );
    let key = Key::new(&stack, "Key", KeyProps::new());
    let worker = Role::new(
        &stack,
        "Worker",
        RoleProps::new(Principal::service("lambda.amazonaws.com")),
    );
    let partner = Role::from_role_arn(&stack, "Partner", "arn:aws:iam::444444444444:role/partner");

    // Secrets Manager
    let db = Secret::new(
        &stack,
        "DbCredentials",
        SecretProps::new()
            .secret_name("prod/db")
            .description("Database credentials")
            .encryption_key(&key)
            .generate_secret_string(
                SecretStringGenerator::new()
                    .password_length(40)
                    .exclude_characters("\"@/\\")
                    .require_each_included_type(true)
                    .secret_string_template(serde_json::json!({"username": "admin"}), "password"),
            ),
    );
    let token = Secret::new(&stack, "ApiToken", SecretProps::new());
    let _ = db.grant_read(&worker);
    let _ = db.grant_read(&partner);
    let _ = token.grant_read(&worker);
    let github = Secret::from_secret_name(&stack, "GitHubToken", "shared/github-token");
    let _ = github.grant_read(&worker);
    codebuild::CfnSourceCredential::new(
        &stack,
        "GitHubCredential",
        codebuild::CfnSourceCredentialProps::new(
            "PERSONAL_ACCESS_TOKEN",
            "GITHUB",
            github.secret_value().to_val(&stack),
        ),
    );
    codebuild::CfnSourceCredential::new(
        &stack,
        "BitbucketCredential",
        codebuild::CfnSourceCredentialProps::new(
            "BASIC_AUTH",
            "BITBUCKET",
            db.secret_value_from_json("password").to_val(&stack),
        )
        .username(db.secret_value_from_json("username").to_val(&stack)),
    );

    // SSM
    let endpoint = StringParameter::new(
        &stack,
        "Endpoint",
        StringParameterProps::new("https://api.example.com")
            .parameter_name("/app/endpoint")
            .description("The public endpoint")
            .tier(ParameterTier::Standard)
            .allowed_pattern("^https://"),
    );
    let flag = StringParameter::new(&stack, "Flag", StringParameterProps::new("on"));
    let _ = endpoint.grant_read(&worker);
    let _ = flag.grant_write(&worker);
    let vpc_id = StringParameter::value_for_string_parameter(&stack, "/shared/vpc-id");
    let again = StringParameter::value_for_string_parameter(&stack, "/shared/vpc-id");
    let pinned = StringParameter::value_for_string_parameter_version(&stack, "/shared/ami", 3);
    cfn_ssm::CfnParameter::new(
        &stack,
        "Network",
        cfn_ssm::CfnParameterProps::new("String", Fn::join(",", [vpc_id, again, pinned])),
    );

    // SNS
    let alerts = Topic::new(
        &stack,
        "Alerts",
        TopicProps::new().display_name("Alerts").master_key(&key),
    );
    alerts.add_subscription(&EmailSubscription::new("ops@example.com"));
    let _ = alerts.grant_publish(&worker);
    let _ = alerts.grant_publish(&partner);
    let orders = Topic::new(
        &stack,
        "Orders",
        TopicProps::new().topic_name("orders.fifo").fifo(true),
    );
    Subscription::new(
        &stack,
        "Audit",
        SubscriptionProps::new(
            &orders,
            SubscriptionProtocol::Sqs,
            "arn:aws:sqs:us-east-2:111111111111:audit.fifo",
        )
        .raw_message_delivery(true),
    );
    Topic::new(&stack, "Events", TopicProps::new().fifo(false));

    // CloudWatch Logs
    let app_logs = LogGroup::new(
        &stack,
        "AppLogs",
        LogGroupProps::new()
            .log_group_name("/app/service")
            .retention(RetentionDays::OneMonth)
            .encryption_key(&key),
    );
    LogGroup::new(&stack, "DefaultLogs", LogGroupProps::new());
    LogGroup::new(
        &stack,
        "Archive",
        LogGroupProps::new().retention(RetentionDays::Infinite),
    );
    let _ = app_logs.grant_write(&worker);
}
