// CodePipeline pipelines with every kind of action; twin of src/cases/cicd_pipeline.rs. The
// harness runs this with NODE_PATH at aws-cdk-lib's node_modules and CDK_OUTDIR set. Our
// defaults are spelled out here: V2 pipelines, artifact keys rotated, source buckets with the
// secure bucket defaults.
const cdk = require('aws-cdk-lib');
const codebuild = require('aws-cdk-lib/aws-codebuild');
const codecommit = require('aws-cdk-lib/aws-codecommit');
const codepipeline = require('aws-cdk-lib/aws-codepipeline');
const actions = require('aws-cdk-lib/aws-codepipeline-actions');
const iam = require('aws-cdk-lib/aws-iam');
const s3 = require('aws-cdk-lib/aws-s3');
const sns = require('aws-cdk-lib/aws-sns');

const app = new cdk.App();
const env = { account: '111111111111', region: 'us-east-2' };
const stack = new cdk.Stack(app, 'CiPipeline', { env });

const repo = new codecommit.Repository(stack, 'Repo', { repositoryName: 'service' });
const build = new codebuild.PipelineProject(stack, 'Build', {
  buildSpec: codebuild.BuildSpec.fromObject({
    version: '0.2',
    phases: { build: { commands: ['cargo build --release'] } },
    artifacts: { 'base-directory': 'cdk.out', files: '**/*' },
  }),
});
const tests = new codebuild.PipelineProject(stack, 'Tests', {});
const sourceBucket = new s3.Bucket(stack, 'SourceBucket', {
  versioned: true,
  blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
  enforceSSL: true,
  encryption: s3.BucketEncryption.S3_MANAGED,
});
const approvals = new sns.Topic(stack, 'Approvals');

// A pipeline with a customer-managed artifact key and every action.
const src = new codepipeline.Artifact('Src');
const app2 = new codepipeline.Artifact('App');
const lib = new codepipeline.Artifact('Lib');
const zip = new codepipeline.Artifact('Zip');
const built = new codepipeline.Artifact('Built');
const pipeline = new codepipeline.Pipeline(stack, 'Pipeline', {
  pipelineType: codepipeline.PipelineType.V2,
  restartExecutionOnUpdate: true,
  crossAccountKeys: true,
  enableKeyRotation: true,
});
pipeline.addStage({
  stageName: 'Source',
  actions: [
    new actions.CodeCommitSourceAction({ actionName: 'Code', repository: repo, branch: 'main', output: src }),
    new actions.CodeStarConnectionsSourceAction({
      actionName: 'GitHubApp',
      connectionArn: 'arn:aws:codestar-connections:us-east-2:111111111111:connection/0123',
      owner: 'acme',
      repo: 'app',
      branch: 'main',
      output: app2,
      triggerOnPush: true,
    }),
    new actions.GitHubSourceAction({
      actionName: 'OAuth',
      owner: 'acme',
      repo: 'lib',
      branch: 'main',
      oauthToken: cdk.SecretValue.secretsManager('github-token', { jsonField: 'token' }),
      output: lib,
    }),
    new actions.S3SourceAction({
      actionName: 'Zip',
      bucket: sourceBucket,
      bucketKey: 'source.zip',
      output: zip,
      trigger: actions.S3Trigger.POLL,
    }),
  ],
});
pipeline.addStage({
  stageName: 'Build',
  actions: [
    new actions.CodeBuildAction({ actionName: 'Compile', project: build, input: src, outputs: [built] }),
    new actions.CodeBuildAction({
      actionName: 'Unit',
      project: tests,
      input: src,
      extraInputs: [lib, app2],
      type: actions.CodeBuildActionType.TEST,
      runOrder: 2,
    }),
  ],
});
const deployRole = iam.Role.fromRoleArn(stack, 'DeployRole', 'arn:aws:iam::222222222222:role/deploy');
const execRole = iam.Role.fromRoleArn(stack, 'ExecRole', 'arn:aws:iam::222222222222:role/exec', { mutable: false });
pipeline.addStage({
  stageName: 'Deploy',
  actions: [
    new actions.ManualApprovalAction({
      actionName: 'Approve',
      notificationTopic: approvals,
      additionalInformation: 'Review the change set',
      externalEntityLink: 'https://example.com/changes',
      runOrder: 1,
    }),
    new actions.CloudFormationCreateReplaceChangeSetAction({
      actionName: 'Prepare',
      stackName: 'Prod-Api',
      changeSetName: 'PipelineChange',
      adminPermissions: false,
      templatePath: built.atPath('ProdApi.template.json'),
      cfnCapabilities: [cdk.CfnCapabilities.NAMED_IAM, cdk.CfnCapabilities.AUTO_EXPAND],
      parameterOverrides: { Stage: 'prod', Bucket: sourceBucket.bucketName },
      templateConfiguration: built.atPath('ProdApi.config.json'),
      runOrder: 2,
    }),
    new actions.CloudFormationExecuteChangeSetAction({
      actionName: 'Execute',
      stackName: 'Prod-Api',
      changeSetName: 'PipelineChange',
      runOrder: 3,
    }),
    new actions.CloudFormationCreateUpdateStackAction({
      actionName: 'Partner',
      stackName: 'Partner-Api',
      templatePath: zip.atPath('partner.template.json'),
      adminPermissions: false,
      role: deployRole,
      deploymentRole: execRole,
      runOrder: 4,
    }),
    new actions.ManualApprovalAction({
      actionName: 'Notify',
      notifyEmails: ['release@example.com'],
      timeout: cdk.Duration.minutes(60),
      runOrder: 5,
    }),
  ],
});

// A pipeline with the AWS-managed artifact key, an imported repository on `master`, and an
// administrator stack deployment.
const shared = codecommit.Repository.fromRepositoryName(stack, 'Shared', 'shared-libs');
const out = new codepipeline.Artifact('Out');
const sharedSrc = new codepipeline.Artifact('SharedSrc');
const simple = new codepipeline.Pipeline(stack, 'Simple', {
  pipelineType: codepipeline.PipelineType.V2,
  crossAccountKeys: false,
  pipelineName: 'simple-pipeline',
});
simple.addStage({
  stageName: 'Source',
  actions: [new actions.CodeCommitSourceAction({ actionName: 'Shared', repository: shared, branch: 'master', output: sharedSrc })],
});
simple.addStage({
  stageName: 'Build',
  actions: [new actions.CodeBuildAction({ actionName: 'Package', project: build, input: sharedSrc, outputs: [out] })],
});
simple.addStage({
  stageName: 'Deploy',
  actions: [
    new actions.CloudFormationCreateUpdateStackAction({
      actionName: 'Stack',
      stackName: 'Shared-Libs',
      templatePath: out.atPath('template.json'),
      adminPermissions: true,
      replaceOnFailure: true,
    }),
  ],
});

app.synth();
