//! cfn-lint, the CloudFormation schemas' judge, over an app using every Secrets Manager, SSM,
//! CloudWatch Logs and SNS construct: no error and no warning.

use crate::support;

use serde_json::json;
use stackwright_aws::iam::{PolicyStatement, Principal, ResourceWithPolicy, Role, RoleProps};
use stackwright_aws::kms::{Key, KeyProps};
use stackwright_aws::logs::{LogGroup, LogGroupProps, RetentionDays};
use stackwright_aws::secretsmanager::{Secret, SecretProps, SecretStringGenerator};
use stackwright_aws::sns::{
    EmailSubscription, SqsSubscription, Subscription, SubscriptionProps, SubscriptionProtocol,
    Topic, TopicPolicy, TopicPolicyProps, TopicProps,
};
use stackwright_aws::ssm::{ParameterTier, StringParameter, StringParameterProps};
use stackwright_aws::SecretValue;
use stackwright_cfn::codebuild::{CfnSourceCredential, CfnSourceCredentialProps};
use stackwright_cfn::sqs::{CfnQueue, CfnQueueProps};
use stackwright_core::{App, Environment, Fn, ParameterProps, Stack, StackProps};

fn build(app: &App) {
    let env = Environment::new("111111111111", "us-east-2");
    let shared = Stack::new(app, "Shared", StackProps::default().env(env.clone()));
    let key = Key::new(&shared, "Key", KeyProps::new());
    let alerts = Topic::new(
        &shared,
        "Alerts",
        TopicProps::new().display_name("Alerts").master_key(&key),
    );
    alerts.add_subscription(&EmailSubscription::new("ops@example.com"));
    let orders = Topic::new(&shared, "Orders", TopicProps::new().fifo(true));
    orders.add_to_resource_policy(
        PolicyStatement::allow()
            .action("sns:Subscribe")
            .principal(Principal::account("222222222222"))
            .resource(orders.topic_arn()),
    );
    let policy = TopicPolicy::new(&shared, "EventsPolicy", TopicPolicyProps::new([&alerts]));
    policy.add_statement(
        PolicyStatement::allow()
            .action("sns:Publish")
            .principal(Principal::service("events.amazonaws.com"))
            .resource(alerts.topic_arn()),
    );
    LogGroup::new(
        &shared,
        "AuditLogs",
        LogGroupProps::new()
            .log_group_name("/app/audit")
            .retention(RetentionDays::OneYear)
            .encryption_key(&key),
    );

    let app_stack = Stack::new(app, "App", StackProps::default().env(env));
    let role = Role::new(
        &app_stack,
        "Worker",
        RoleProps::new(Principal::service("lambda.amazonaws.com")),
    );
    let partner = Role::from_role_arn(&app_stack, "Partner", "arn:aws:iam::444444444444:role/p");
    // The secret's key lives with its grantees: its policy names them (as in the CDK, a key
    // in another stack naming them would make the two stacks depend on each other).
    let secret_key = Key::new(&app_stack, "SecretKey", KeyProps::new());
    let secret = Secret::new(
        &app_stack,
        "Db",
        SecretProps::new()
            .secret_name("prod/db")
            .encryption_key(&secret_key)
            .generate_secret_string(
                SecretStringGenerator::new()
                    .password_length(32)
                    .exclude_characters("\"@/\\")
                    .secret_string_template(json!({"username": "admin"}), "password"),
            ),
    );
    let _ = secret.grant_read(&role);
    let _ = secret.grant_write(&role);
    let _ = secret.grant_read(&partner);
    let _ = alerts.grant_publish(&role);
    let _ = alerts.grant_publish(&partner);
    let logs = LogGroup::new(
        &app_stack,
        "Logs",
        LogGroupProps::new().retention_in_days(14),
    );
    let _ = logs.grant_write(&role);
    let _ = logs.grant_read(&role);
    let _ =
        LogGroup::from_log_group_name(&app_stack, "Lambda", "/aws/lambda/fn").grant_write(&role);
    let endpoint = StringParameter::new(
        &app_stack,
        "Endpoint",
        StringParameterProps::new("https://api.example.com")
            .parameter_name("/app/endpoint")
            .tier(ParameterTier::Standard)
            .allowed_pattern("^https://")
            .description("The endpoint"),
    );
    let _ = endpoint.grant_read(&role);
    let _ = endpoint.grant_write(&role);
    let vpc = StringParameter::value_for_string_parameter(&app_stack, "/shared/vpc-id");
    let ami = StringParameter::value_for_string_parameter_version(&app_stack, "/shared/ami", 2);
    let imported = StringParameter::from_string_parameter_name(&app_stack, "Imported", "/x/y");
    StringParameter::new(
        &app_stack,
        "Network",
        StringParameterProps::new(Fn::join(",", [vpc, ami, imported.string_value()])),
    );
    let queue = CfnQueue::new(&app_stack, "Queue", CfnQueueProps::new());
    alerts.add_subscription(&SqsSubscription::cfn_queue(&queue).raw_message_delivery(true));
    orders.add_subscription(&SqsSubscription::queue_arn(
        "arn:aws:sqs:us-east-2:111111111111:orders.fifo",
    ));
    Subscription::new(
        &app_stack,
        "Hook",
        SubscriptionProps::new(
            &alerts,
            SubscriptionProtocol::Https,
            "https://hooks.example.com",
        ),
    );
    let token = SecretValue::no_echo_parameter(
        &app_stack,
        "BitbucketPassword",
        ParameterProps::of_type("String"),
    );
    CfnSourceCredential::new(
        &app_stack,
        "GitHub",
        CfnSourceCredentialProps::new(
            "PERSONAL_ACCESS_TOKEN",
            "GITHUB",
            secret.secret_value_from_json("password").to_val(&app_stack),
        ),
    );
    CfnSourceCredential::new(
        &app_stack,
        "Bitbucket",
        CfnSourceCredentialProps::new("BASIC_AUTH", "BITBUCKET", token.to_val(&app_stack))
            .username(secret.secret_value_from_json("username").to_val(&app_stack)),
    );
}

#[test]
fn cfn_lint_accepts_every_construct() {
    assert_eq!(support::assert_cfn_lint_clean(build), 2);
}
