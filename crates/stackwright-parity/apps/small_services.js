// Secrets Manager, SSM, CloudWatch Logs and SNS L2 constructs in one stack, with grants to a
// role of the stack and to a role of another account; twin of src/cases/small_services.rs.
// The harness runs this with NODE_PATH at aws-cdk-lib's node_modules and CDK_OUTDIR set.
const { App, Fn, Stack } = require('aws-cdk-lib');
const codebuild = require('aws-cdk-lib/aws-codebuild');
const iam = require('aws-cdk-lib/aws-iam');
const kms = require('aws-cdk-lib/aws-kms');
const logs = require('aws-cdk-lib/aws-logs');
const secretsmanager = require('aws-cdk-lib/aws-secretsmanager');
const sns = require('aws-cdk-lib/aws-sns');
const subscriptions = require('aws-cdk-lib/aws-sns-subscriptions');
const ssm = require('aws-cdk-lib/aws-ssm');

const app = new App();
const stack = new Stack(app, 'SmallServices', {
  env: { account: '111111111111', region: 'us-east-2' },
});

// stackwright turns rotation on by default; the CDK needs it asked for.
const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
const worker = new iam.Role(stack, 'Worker', {
  assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
});
const partner = iam.Role.fromRoleArn(stack, 'Partner', 'arn:aws:iam::444444444444:role/partner');

// Secrets Manager
const db = new secretsmanager.Secret(stack, 'DbCredentials', {
  secretName: 'prod/db',
  description: 'Database credentials',
  encryptionKey: key,
  generateSecretString: {
    passwordLength: 40,
    excludeCharacters: '"@/\\',
    requireEachIncludedType: true,
    secretStringTemplate: JSON.stringify({ username: 'admin' }),
    generateStringKey: 'password',
  },
});
const token = new secretsmanager.Secret(stack, 'ApiToken');
db.grantRead(worker);
db.grantRead(partner);
token.grantRead(worker);
const github = secretsmanager.Secret.fromSecretNameV2(stack, 'GitHubToken', 'shared/github-token');
github.grantRead(worker);
new codebuild.CfnSourceCredential(stack, 'GitHubCredential', {
  authType: 'PERSONAL_ACCESS_TOKEN',
  serverType: 'GITHUB',
  token: github.secretValue.unsafeUnwrap(),
});
new codebuild.CfnSourceCredential(stack, 'BitbucketCredential', {
  authType: 'BASIC_AUTH',
  serverType: 'BITBUCKET',
  username: db.secretValueFromJson('username').unsafeUnwrap(),
  token: db.secretValueFromJson('password').unsafeUnwrap(),
});

// SSM
const endpoint = new ssm.StringParameter(stack, 'Endpoint', {
  parameterName: '/app/endpoint',
  stringValue: 'https://api.example.com',
  description: 'The public endpoint',
  tier: ssm.ParameterTier.STANDARD,
  allowedPattern: '^https://',
});
const flag = new ssm.StringParameter(stack, 'Flag', { stringValue: 'on' });
endpoint.grantRead(worker);
flag.grantWrite(worker);
const vpcId = ssm.StringParameter.valueForStringParameter(stack, '/shared/vpc-id');
const again = ssm.StringParameter.valueForStringParameter(stack, '/shared/vpc-id');
const pinned = ssm.StringParameter.valueForStringParameter(stack, '/shared/ami', 3);
new ssm.CfnParameter(stack, 'Network', {
  type: 'String',
  value: Fn.join(',', [vpcId, again, pinned]),
});

// SNS
const alerts = new sns.Topic(stack, 'Alerts', { displayName: 'Alerts', masterKey: key });
alerts.addSubscription(new subscriptions.EmailSubscription('ops@example.com'));
alerts.grantPublish(worker);
alerts.grantPublish(partner);
const orders = new sns.Topic(stack, 'Orders', {
  topicName: 'orders.fifo',
  fifo: true,
  contentBasedDeduplication: true,
});
new sns.Subscription(stack, 'Audit', {
  topic: orders,
  protocol: sns.SubscriptionProtocol.SQS,
  endpoint: 'arn:aws:sqs:us-east-2:111111111111:audit.fifo',
  rawMessageDelivery: true,
});
new sns.Topic(stack, 'Events', { fifo: true });

// CloudWatch Logs
const appLogs = new logs.LogGroup(stack, 'AppLogs', {
  logGroupName: '/app/service',
  retention: logs.RetentionDays.ONE_MONTH,
  encryptionKey: key,
});
new logs.LogGroup(stack, 'DefaultLogs');
new logs.LogGroup(stack, 'Archive', { retention: logs.RetentionDays.INFINITE });
appLogs.grantWrite(worker);

app.synth();
