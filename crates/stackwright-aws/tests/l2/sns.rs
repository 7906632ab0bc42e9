//! SNS topics: the CloudFormation written (aws-cdk-lib's logical ids, generated FIFO names,
//! subscription ids and topic policies), grants within and across accounts, SQS subscriptions
//! with their queue policy, and the validation errors.

use crate::support;
use support::app;

use serde_json::json;
use stackwright_aws::iam::{PolicyStatement, Principal, ResourceWithPolicy, Role, RoleProps};
use stackwright_aws::kms::{Key, KeyProps};
use stackwright_aws::lambda::{Code, Function, FunctionProps, Runtime};
use stackwright_aws::sns::{
    EmailSubscription, LambdaSubscription, SqsSubscription, Subscription, SubscriptionProps,
    SubscriptionProtocol, Topic, TopicProps,
};
use stackwright_cfn::sqs::{CfnQueue, CfnQueueProps};
use stackwright_core::{App, Environment, Fn, Stack, StackProps, Stage, StageProps, Val};

fn env() -> Environment {
    Environment::new("111111111111", "us-east-2")
}

fn stack(app: &App, id: &str) -> Stack {
    Stack::new(app, id, StackProps::default().env(env()))
}

fn role(stack: &Stack) -> Role {
    Role::new(
        stack,
        "Role",
        RoleProps::new(Principal::service("lambda.amazonaws.com")),
    )
}

#[test]
fn topics_and_email_subscriptions_are_written_as_the_cdk_writes_them() {
    let app = app();
    let s = stack(&app, "S");
    let key = Key::new(&s, "Key", KeyProps::new());
    let topic = Topic::new(&s, "Topic", TopicProps::new());
    let fifo = Topic::new(
        &s,
        "Fifo",
        TopicProps::new()
            .topic_name("orders.fifo")
            .fifo(true)
            .display_name("Orders")
            .master_key(&key),
    );
    assert!(fifo.is_fifo() && !topic.is_fifo());
    topic.add_subscription(&EmailSubscription::new("ops@example.com"));
    topic.add_subscription(&EmailSubscription::new(Fn::import_value("x")));
    topic.add_subscription(&EmailSubscription::new(Fn::import_value("y")).json(true));
    let assembly = app.assemble().unwrap();
    let resources = &assembly.stack("S").unwrap().template["Resources"];
    assert_eq!(
        resources["TopicBFC7AF6E"],
        json!({"Type": "AWS::SNS::Topic"})
    );
    assert_eq!(
        resources["FifoF9CE07D8"]["Properties"],
        json!({"ContentBasedDeduplication": true, "DisplayName": "Orders", "FifoTopic": true,
               "KmsMasterKeyId": {"Fn::GetAtt": ["Key961B73FD", "Arn"]}, "TopicName": "orders.fifo"})
    );
    assert_eq!(
        resources["TopicopsexamplecomA7AF42F2"],
        json!({"Type": "AWS::SNS::Subscription",
               "Properties": {"Endpoint": "ops@example.com", "Protocol": "email",
                              "TopicArn": {"Ref": "TopicBFC7AF6E"}}})
    );
    // Endpoints that are references get the CDK's `TokenSubscription:<n>` ids.
    assert_eq!(
        resources["TopicTokenSubscription178F3F75E"]["Properties"]["Endpoint"],
        json!({"Fn::ImportValue": "x"})
    );
    assert_eq!(
        resources["TopicTokenSubscription2C06F2C9B"]["Properties"]["Protocol"],
        json!("email-json")
    );
}

#[test]
fn a_fifo_topic_without_a_name_gets_the_cdk_generated_name() {
    let app = app();
    let s = stack(&app, "S");
    Topic::new(&s, "Fifo", TopicProps::new().fifo(false));
    let prod = Stage::new(&app, "Prod", StageProps::default().env(env()));
    let staged = Stack::new(&prod, "S", StackProps::default());
    Topic::new(&staged, "Fifo", TopicProps::new().fifo(false));
    let assembly = app.assemble().unwrap();
    assert_eq!(
        assembly.stack("S").unwrap().template["Resources"]["FifoF9CE07D8"]["Properties"],
        json!({"FifoTopic": true, "TopicName": "S-Fifo-EC142D2F.fifo"})
    );
    assert_eq!(
        assembly.stack("Prod/S").unwrap().template["Resources"]["FifoF9CE07D8"]["Properties"]
            ["TopicName"],
        json!("ProdS-Fifo-BA44CD38.fifo")
    );
}

#[test]
fn publishing_is_granted_to_roles_and_to_other_accounts_through_the_topic_policy() {
    let app = app();
    let s = stack(&app, "S");
    let key = Key::new(&s, "Key", KeyProps::new());
    let topic = Topic::new(&s, "Topic", TopicProps::new());
    let encrypted = Topic::new(&s, "Encrypted", TopicProps::new().master_key(&key));
    let role = role(&s);
    assert!(topic.grant_publish(&role).principal_statement().is_some());
    let _ = encrypted.grant_publish(&role);
    assert!(topic.policy().is_none());
    let ext = Role::from_role_arn(&s, "Ext", "arn:aws:iam::444444444444:role/ext");
    let cross = topic.grant_publish(&ext);
    assert!(cross.principal_statement().is_none() && cross.resource_statement().is_some());
    let _ = Topic::from_topic_arn(&s, "Imported", "arn:aws:sns:us-east-2:111111111111:other")
        .grant_publish(&role);
    let assembly = app.assemble().unwrap();
    let resources = &assembly.stack("S").unwrap().template["Resources"];
    assert_eq!(
        resources["RoleDefaultPolicy5FFB7DAB"]["Properties"]["PolicyDocument"]["Statement"],
        json!([
            {"Action": "sns:Publish", "Effect": "Allow", "Resource": {"Ref": "TopicBFC7AF6E"}},
            {"Action": "sns:Publish", "Effect": "Allow", "Resource": {"Ref": "Encrypted084288C2"}},
            {"Action": ["kms:Decrypt", "kms:GenerateDataKey*"], "Effect": "Allow",
             "Resource": {"Fn::GetAtt": ["Key961B73FD", "Arn"]}},
            {"Action": "sns:Publish", "Effect": "Allow",
             "Resource": "arn:aws:sns:us-east-2:111111111111:other"}
        ])
    );
    assert_eq!(
        resources["TopicPolicyA1747468"],
        json!({"Type": "AWS::SNS::TopicPolicy", "Properties": {
            "PolicyDocument": {"Statement": [{
                "Action": "sns:Publish", "Effect": "Allow",
                "Principal": {"AWS": "arn:aws:iam::444444444444:role/ext"},
                "Resource": {"Ref": "TopicBFC7AF6E"}, "Sid": "0"}],
                "Version": "2012-10-17"},
            "Topics": [{"Ref": "TopicBFC7AF6E"}]}})
    );
}

#[test]
fn resource_policy_statements_are_numbered_in_one_topic_policy() {
    let app = app();
    let s = stack(&app, "S");
    let topic = Topic::new(&s, "Fifo", TopicProps::new().fifo(false));
    assert!(topic.add_to_resource_policy(
        PolicyStatement::allow()
            .action("sns:Subscribe")
            .principal(Principal::account("222222222222"))
            .resource(topic.topic_arn()),
    ));
    assert!(topic.add_to_resource_policy(
        PolicyStatement::allow()
            .action("sns:Publish")
            .principal(Principal::service("events.amazonaws.com"))
            .resource(topic.topic_arn())
            .sid("Events"),
    ));
    let imported = Topic::from_topic_arn(&s, "Imported", "arn:aws:sns:us-east-2:111111111111:t");
    assert!(!imported.add_to_resource_policy(
        PolicyStatement::allow()
            .action("sns:Publish")
            .principal(Principal::service("events.amazonaws.com"))
            .resource(imported.topic_arn()),
    ));
    let assembly = app.assemble().unwrap();
    let resources = &assembly.stack("S").unwrap().template["Resources"];
    assert_eq!(
        resources["FifoPolicy676B3FAD"]["Properties"]["PolicyDocument"]["Statement"],
        json!([
            {"Action": "sns:Subscribe", "Effect": "Allow",
             "Principal": {"AWS": {"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":iam::222222222222:root"]]}},
             "Resource": {"Ref": "FifoF9CE07D8"}, "Sid": "0"},
            {"Action": "sns:Publish", "Effect": "Allow",
             "Principal": {"Service": "events.amazonaws.com"},
             "Resource": {"Ref": "FifoF9CE07D8"}, "Sid": "Events"}
        ])
    );
    assert_eq!(
        resources
            .as_object()
            .unwrap()
            .values()
            .filter(|r| r["Type"] == "AWS::SNS::TopicPolicy")
            .count(),
        1
    );
}

#[test]
fn an_l1_queue_is_subscribed_in_the_queue_with_one_shared_queue_policy() {
    let app = app();
    let a = stack(&app, "A");
    let topic = Topic::new(&a, "Topic", TopicProps::new());
    let b = stack(&app, "B");
    let queue = CfnQueue::new(&b, "Queue", CfnQueueProps::new());
    let other = Topic::new(&b, "Other", TopicProps::new());
    topic.add_subscription(&SqsSubscription::cfn_queue(&queue).raw_message_delivery(true));
    other.add_subscription(
        &SqsSubscription::cfn_queue(&queue).filter_policy(json!({"kind": ["order"]})),
    );
    other.add_subscription(&SqsSubscription::queue_arn(
        "arn:aws:sqs:us-east-2:111111111111:audit",
    ));
    let assembly = app.assemble().unwrap();
    let resources = &assembly.stack("B").unwrap().template["Resources"];
    let topic_arn = json!({"Fn::ImportValue": "A:ExportsOutputRefTopicBFC7AF6ECB4A357A"});
    let send = |source: serde_json::Value| {
        json!({"Action": "sqs:SendMessage",
               "Condition": {"ArnEquals": {"aws:SourceArn": source}},
               "Effect": "Allow", "Principal": {"Service": "sns.amazonaws.com"},
               "Resource": {"Fn::GetAtt": ["Queue", "Arn"]}})
    };
    assert_eq!(
        resources["QueuePolicy578A1801"]["Properties"],
        json!({"PolicyDocument": {"Statement": [send(topic_arn.clone()), send(json!({"Ref": "Other34654A52"}))],
                                  "Version": "2012-10-17"},
               "Queues": [{"Ref": "Queue"}]})
    );
    // In the queue, with the topic's unique id as id (as the CDK places queue subscriptions).
    assert_eq!(
        resources["QueueATopic1BBFAB78DEB7BFB2"],
        json!({"Type": "AWS::SNS::Subscription",
               "Properties": {"Endpoint": {"Fn::GetAtt": ["Queue", "Arn"]}, "Protocol": "sqs",
                              "RawMessageDelivery": true, "TopicArn": topic_arn},
               "DependsOn": ["QueuePolicy578A1801"]})
    );
    assert_eq!(
        resources["QueueBOther5120489C81597957"]["Properties"]["FilterPolicy"],
        json!({"kind": ["order"]})
    );
    assert_eq!(
        resources["Otherarnawssqsuseast2111111111111audit2232F8B9"]["Properties"],
        json!({"Endpoint": "arn:aws:sqs:us-east-2:111111111111:audit", "Protocol": "sqs",
               "TopicArn": {"Ref": "Other34654A52"}})
    );
}

#[test]
fn invalid_topics_and_subscriptions_are_reported_with_the_construct_path() {
    let app = app();
    let s = stack(&app, "S");
    Topic::new(
        &s,
        "NoSuffix",
        TopicProps::new().topic_name("orders").fifo(true),
    );
    Topic::new(&s, "StrayFifo", TopicProps::new().topic_name("orders.fifo"));
    Topic::new(&s, "BadChars", TopicProps::new().topic_name("my topic"));
    Topic::new(
        &s,
        "LongDisplay",
        TopicProps::new().display_name("x".repeat(101)),
    );
    let fifo = Topic::new(&s, "Fifo", TopicProps::new().fifo(true));
    fifo.add_subscription(&EmailSubscription::new("ops@example.com"));
    let topic = Topic::new(&s, "Topic", TopicProps::new());
    topic.add_subscription(&EmailSubscription::new("not-an-address"));
    topic.add_subscription(&SqsSubscription::queue_arn(
        "arn:aws:sns:us-east-2:111111111111:t",
    ));
    Subscription::new(
        &s,
        "RawEmail",
        SubscriptionProps::new(&topic, SubscriptionProtocol::Email, "a@example.com")
            .raw_message_delivery(true),
    );
    Subscription::new(
        &s,
        "Hook",
        SubscriptionProps::new(&topic, SubscriptionProtocol::Https, Val::from("http://x")),
    );
    Topic::from_topic_arn(&s, "NotATopic", "arn:aws:sqs:us-east-2:111111111111:q");
    let errors = app.assemble().unwrap_err();
    for (path, message) in [
        (
            "S/NoSuffix",
            "FIFO topic name \"orders\" must end in \".fifo\"",
        ),
        (
            "S/StrayFifo",
            "ends in \".fifo\", which only FIFO topics may",
        ),
        ("S/BadChars", "topic name \"my topic\" contains ' '"),
        (
            "S/LongDisplay",
            "the display name must be at most 100 characters",
        ),
        (
            "S/Fifo/ops@example.com",
            "a FIFO topic delivers only to SQS queues, not to email endpoints",
        ),
        (
            "S/Topic/not-an-address",
            "subscription endpoint \"not-an-address\" is not an email address",
        ),
        (
            "S/Topic/arn:aws:sns:us-east-2:111111111111:t",
            "is not the ARN of an SQS queue",
        ),
        (
            "S/RawEmail",
            "raw message delivery is only possible for HTTP",
        ),
        ("S/Hook", "\"http://x\" is not a URL starting with https://"),
        ("S/NotATopic", "is not the ARN of an SNS topic"),
    ] {
        assert!(
            errors.contains(path, message),
            "missing {path}: {message} in\n{errors}"
        );
    }
    assert_eq!(errors.errors().len(), 10, "{errors}");
}

#[test]
fn a_function_is_subscribed_in_the_function_with_a_permission_per_topic() {
    let app = app();
    let functions = stack(&app, "Functions");
    let handler = Function::new(
        &functions,
        "Handler",
        FunctionProps::new(
            Runtime::Python3_12,
            "index.handler",
            Code::from_inline("def handler(e, c): return e"),
        ),
    );
    let topic = Topic::new(&functions, "Topic", TopicProps::new());
    topic.add_subscription(
        &LambdaSubscription::new(&handler).filter_policy(json!({"kind": ["upload"]})),
    );
    let other = stack(&app, "Other");
    let remote = Topic::new(&other, "Remote", TopicProps::new());
    remote.add_subscription(&LambdaSubscription::new(&handler));
    let assembly = app.assemble().unwrap();
    let resources = &assembly.stack("Functions").unwrap().template["Resources"];
    let arn = json!({"Fn::GetAtt": ["Handler886CB40B", "Arn"]});
    // Ids as aws-cdk-lib gives them: AllowInvoke:<topic's unique id>, and the topic's id.
    assert_eq!(
        resources["HandlerAllowInvokeFunctionsTopic6CC0B463F50EACB4"],
        json!({"Type": "AWS::Lambda::Permission", "Properties": {
            "Action": "lambda:InvokeFunction", "FunctionName": arn,
            "Principal": "sns.amazonaws.com", "SourceArn": {"Ref": "TopicBFC7AF6E"}}})
    );
    assert_eq!(
        resources["HandlerTopicCD557F94"],
        json!({"Type": "AWS::SNS::Subscription", "Properties": {
            "Endpoint": arn, "FilterPolicy": {"kind": ["upload"]},
            "Protocol": "lambda", "TopicArn": {"Ref": "TopicBFC7AF6E"}}})
    );
    let import = json!({"Fn::ImportValue": "Other:ExportsOutputRefRemoteAA1C65E4FF904F52"});
    assert_eq!(
        resources["HandlerAllowInvokeOtherRemoteAE92CF575B4CFD37"]["Properties"]["SourceArn"],
        import
    );
    assert_eq!(
        resources["HandlerRemote14592739"]["Properties"]["TopicArn"],
        import
    );
    // The function's stack deploys after the topic's.
    let manifest = assembly.stack("Functions").unwrap();
    assert_eq!(manifest.dependencies, ["Other"]);
}
