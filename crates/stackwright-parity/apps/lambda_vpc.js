// Lambda functions in a VPC (the security group created for them, security groups and subnets
// given, no outbound traffic), functions writing to a log group (one created for a retention, one
// given), and functions subscribed to SNS topics (one topic in another stack); twin of
// src/cases/lambda_vpc.rs.
const cdk = require('aws-cdk-lib');
const { aws_ec2: ec2, aws_lambda: lambda, aws_logs: logs, aws_sns: sns, aws_sns_subscriptions: subs } = cdk;

const app = new cdk.App();
const env = { account: '111111111111', region: 'us-east-2' };
const stack = new cdk.Stack(app, 'Functions', { env });
const code = lambda.Code.fromInline('def handler(event, context):\n    return event\n');
const base = { runtime: lambda.Runtime.PYTHON_3_12, handler: 'index.handler', code };

const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
const inVpc = new lambda.Function(stack, 'InVpc', { ...base, vpc });
const shared = new ec2.SecurityGroup(stack, 'Shared', { vpc });
new lambda.Function(stack, 'Public', {
  ...base,
  vpc,
  vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
  allowPublicSubnet: true,
  securityGroups: [shared],
});
new lambda.Function(stack, 'Closed', { ...base, vpc, allowAllOutbound: false });

// stackwright's log_retention: a LogGroup child of the function, set as its log group.
const logged = new lambda.Function(stack, 'Logged', base);
const group = new logs.LogGroup(logged, 'LogGroup', { retention: logs.RetentionDays.ONE_MONTH });
logged.node.defaultChild.addPropertyOverride('LoggingConfig.LogGroup', group.logGroupName);
const sharedLogs = new logs.LogGroup(stack, 'SharedLogs', { retention: logs.RetentionDays.ONE_WEEK });
new lambda.Function(stack, 'WithGroup', { ...base, logGroup: sharedLogs });

const topic = new sns.Topic(stack, 'Events');
topic.addSubscription(new subs.LambdaSubscription(logged));
topic.addSubscription(new subs.LambdaSubscription(inVpc, {
  filterPolicy: { kind: sns.SubscriptionFilter.stringFilter({ allowlist: ['upload'] }) },
}));
const other = new cdk.Stack(app, 'Other', { env });
const remote = new sns.Topic(other, 'Remote');
remote.addSubscription(new subs.LambdaSubscription(logged));
app.synth();
