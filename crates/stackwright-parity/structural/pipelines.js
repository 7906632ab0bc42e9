// CDK Pipelines' CodePipeline for the parity shape: one stage `Prod` of two stacks (Compute
// uses a value of Storage, and holds one file asset), with a manual approval before and a shell
// step after. Twin of src/pipelines.rs; compared structurally (stages, actions, run orders,
// roles) by tests/parity.rs, not byte for byte: see docs/parity.md.
const cdk = require('aws-cdk-lib');
const pipelines = require('aws-cdk-lib/pipelines');
const codecommit = require('aws-cdk-lib/aws-codecommit');
const s3 = require('aws-cdk-lib/aws-s3');
const s3assets = require('aws-cdk-lib/aws-s3-assets');

const app = new cdk.App();
const deployEnv = { account: '111111111111', region: 'us-east-2' };
const prodEnv = { account: '222222222222', region: 'us-east-2' };

const stack = new cdk.Stack(app, 'PipelineStack', { env: deployEnv });
const repo = codecommit.Repository.fromRepositoryName(stack, 'Repo', 'service');
const pipeline = new pipelines.CodePipeline(stack, 'Pipeline', {
  crossAccountKeys: true,
  synth: new pipelines.ShellStep('Synth', {
    input: pipelines.CodePipelineSource.codeCommit(repo, 'main'),
    commands: ['cargo run --release --locked --example pipeline'],
  }),
});

const prod = new cdk.Stage(app, 'Prod', { env: prodEnv });
const storage = new cdk.Stack(prod, 'Storage', { tags: { team: 'data' } });
const bucket = new s3.Bucket(storage, 'Data');
const compute = new cdk.Stack(prod, 'Compute');
new s3assets.Asset(compute, 'Script', { path: __dirname + '/asset/script.py' });
new cdk.CfnResource(compute, 'Param', {
  type: 'AWS::SSM::Parameter',
  properties: { Type: 'String', Value: bucket.bucketName },
});
pipeline.addStage(prod, {
  pre: [new pipelines.ManualApprovalStep('Approve')],
  post: [new pipelines.ShellStep('Smoke', { commands: ['echo ok'] })],
});
app.synth();
