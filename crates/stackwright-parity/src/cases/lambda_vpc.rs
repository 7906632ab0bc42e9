//! Lambda functions in a VPC (the security group created for them, security groups and subnets
//! given, no outbound traffic), functions writing to a log group (one created for a retention,
//! one given), and functions subscribed to SNS topics (one topic in another stack): the same tree
//! as `apps/lambda_vpc.js`.
//!
//! aws-cdk-lib has no `log_retention` that creates a log group without a custom resource, so the
//! JavaScript app spells ours out: a `LogGroup` child of the function and an override of
//! `LoggingConfig.LogGroup`. No deliberate differences.

use stackwright::ec2::{SecurityGroup, SecurityGroupProps, SubnetSelection, SubnetType, Vpc, VpcProps};
use stackwright::lambda::{Code, Function, FunctionProps, Runtime};
use stackwright::logs::{LogGroup, LogGroupProps, RetentionDays};
use stackwright::prelude::*;
use stackwright::sns::{LambdaSubscription, Topic, TopicProps};

use crate::Ignore;

/// No accepted differences.
pub const IGNORED: &[Ignore] = &[];

fn props() -> FunctionProps {
    FunctionProps::new(
        Runtime::Python3_12,
        "index.handler",
        Code::from_inline("def handler(event, context):\n    return event\n"),
    )
}

/// Builds the app (twin of `apps/lambda_vpc.js`).
pub fn build(app: &App) {
    let env = Environment::new("111111111111", "us-east-2");
    let stack = Stack::new(app, "Functions", StackProps::default().env(env.clone()));

    let vpc = Vpc::new(&stack, "Vpc", VpcProps::new().max_azs(2).nat_gateways(1));
    let in_vpc = Function::new(&stack, "InVpc", props().vpc(&vpc));
    let shared = SecurityGroup::new(&stack, "Shared", SecurityGroupProps::new(&vpc));
    Function::new(
        &stack,
        "Public",
        props()
            .vpc(&vpc)
            .vpc_subnets(SubnetSelection::of_type(SubnetType::Public))
            .allow_public_subnet(true)
            .security_group(&shared),
    );
    Function::new(&stack, "Closed", props().vpc(&vpc).allow_all_outbound(false));

    let logged = Function::new(&stack, "Logged", props().log_retention(RetentionDays::OneMonth));
    let shared_logs = LogGroup::new(
        &stack,
        "SharedLogs",
        LogGroupProps::new().retention(RetentionDays::OneWeek),
    );
    Function::new(&stack, "WithGroup", props().log_group(&shared_logs));

    let topic = Topic::new(&stack, "Events", TopicProps::new());
    topic.add_subscription(&LambdaSubscription::new(&logged));
    topic.add_subscription(
        &LambdaSubscription::new(&in_vpc).filter_policy(serde_json::json!({"kind": ["upload"]})),
    );
    let other = Stack::new(app, "Other", StackProps::default().env(env));
    let remote = Topic::new(&other, "Remote", TopicProps::new());
    remote.add_subscription(&LambdaSubscription::new(&logged));
}
