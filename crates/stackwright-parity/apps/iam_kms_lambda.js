// IAM roles and grants, a KMS key with an alias, and Lambda functions, written with aws-cdk-lib.
const cdk = require('aws-cdk-lib');
const { aws_iam: iam, aws_kms: kms, aws_lambda: lambda } = cdk;

const app = new cdk.App();
const env = { account: '111111111111', region: 'us-east-2' };

const keys = new cdk.Stack(app, 'Keys', { env });
const key = new kms.Key(keys, 'Key', { alias: 'alias/lake', enableKeyRotation: true });
const external = iam.Role.fromRoleArn(keys, 'Deployer', 'arn:aws:iam::222222222222:role/deployer');
key.grantDecrypt(external);

const compute = new cdk.Stack(app, 'Compute', { env });
const worker = new iam.Role(compute, 'Worker', {
  assumedBy: new iam.CompositePrincipal(
    new iam.ServicePrincipal('glue.amazonaws.com'),
    new iam.AccountPrincipal('333333333333'),
  ),
  managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSGlueServiceRole')],
  path: '/etl/',
  maxSessionDuration: cdk.Duration.hours(2),
});
key.grantEncryptDecrypt(worker);
worker.addToPolicy(new iam.PolicyStatement({
  actions: ['ssm:GetParameter'],
  resources: ['arn:aws:ssm:us-east-2:111111111111:parameter/etl/*'],
  conditions: { StringEquals: { 'aws:RequestedRegion': 'us-east-2' } },
}));

const fn = new lambda.Function(compute, 'Trigger', {
  runtime: lambda.Runtime.PYTHON_3_12,
  handler: 'index.handler',
  code: lambda.Code.fromInline('def handler(event, context):\n    return event\n'),
  memorySize: 256,
  timeout: cdk.Duration.seconds(30),
  environment: { STAGE: 'dev' },
  tracing: lambda.Tracing.ACTIVE,
});
key.grantDecrypt(fn);
fn.grantInvoke(new iam.ServicePrincipal('events.amazonaws.com'));
fn.grantInvoke(worker);
const version = new lambda.Version(compute, 'TriggerVersion', { lambda: fn });
new lambda.Alias(compute, 'Live', { aliasName: 'live', version });

app.synth();
