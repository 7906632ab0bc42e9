// L1 resources only, in two stacks of a stage; twin of src/cases/l1_cross_stack.rs.
// The harness runs this with NODE_PATH at .tools/cdk-lib/node_modules and CDK_OUTDIR set.
const { App, Stack, Stage } = require('aws-cdk-lib');
const s3 = require('aws-cdk-lib/aws-s3');
const sns = require('aws-cdk-lib/aws-sns');
const sqs = require('aws-cdk-lib/aws-sqs');

const app = new App();
const prod = new Stage(app, 'Prod', { env: { account: '111111111111', region: 'us-east-2' } });

const storage = new Stack(prod, 'Storage');
new s3.CfnBucket(storage, 'Data', {
  versioningConfiguration: { status: 'Enabled' },
  bucketEncryption: {
    serverSideEncryptionConfiguration: [
      { serverSideEncryptionByDefault: { sseAlgorithm: 'AES256' } },
    ],
  },
});
const topic = new sns.CfnTopic(storage, 'Alerts');

const compute = new Stack(prod, 'Compute');
const queue = new sqs.CfnQueue(compute, 'Jobs');
new sns.CfnSubscription(compute, 'JobsSubscription', {
  protocol: 'sqs',
  topicArn: topic.ref,
  endpoint: queue.attrArn,
});

app.synth();
