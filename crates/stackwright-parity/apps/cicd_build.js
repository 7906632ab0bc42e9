// CodeCommit repositories and CodeBuild projects; twin of src/cases/cicd_build.rs. The harness
// runs this with NODE_PATH at aws-cdk-lib's node_modules and CDK_OUTDIR set. Our secure
// defaults are spelled out here (bucket encryption, block public access, enforceSSL, key
// rotation). Buildspec objects are written in stackwright's key order (version, env, phases,
// reports, artifacts, cache; a single artifact file as a string).
const cdk = require('aws-cdk-lib');
const codebuild = require('aws-cdk-lib/aws-codebuild');
const codecommit = require('aws-cdk-lib/aws-codecommit');
const ec2 = require('aws-cdk-lib/aws-ec2');
const iam = require('aws-cdk-lib/aws-iam');
const kms = require('aws-cdk-lib/aws-kms');
const logs = require('aws-cdk-lib/aws-logs');
const s3 = require('aws-cdk-lib/aws-s3');
const secretsmanager = require('aws-cdk-lib/aws-secretsmanager');

const app = new cdk.App();
const env = { account: '111111111111', region: 'us-east-2' };
const stack = new cdk.Stack(app, 'CiBuild', { env });
const { BuildEnvironmentVariableType: VarType } = codebuild;

// CodeCommit
const repo = new codecommit.Repository(stack, 'Repo', {
  repositoryName: 'service',
  description: 'The service',
});
const shared = codecommit.Repository.fromRepositoryName(stack, 'Shared', 'shared-libs');
const developer = new iam.Role(stack, 'Developer', {
  assumedBy: new iam.AccountRootPrincipal(),
});
repo.grantPull(developer);
repo.grantPullPush(developer);
repo.grantRead(developer);
shared.grantPull(developer);
repo.onCommit('OnMain', { branches: ['main'] });
repo.onCommit('OnAnyBranch');
shared.onCommit('OnRelease', { branches: ['release', 'hotfix'] });

// A project building the repository, with every section of the buildspec.
const token = new secretsmanager.Secret(stack, 'Token');
const service = new codebuild.Project(stack, 'Service', {
  projectName: 'service-build',
  description: 'Builds and tests the service',
  source: codebuild.Source.codeCommit({ repository: repo, branchOrRef: 'main', cloneDepth: 1 }),
  buildSpec: codebuild.BuildSpec.fromObject({
    version: '0.2',
    env: {
      shell: 'bash',
      variables: { CARGO_TERM_COLOR: 'never', REPO: repo.repositoryName },
      'parameter-store': { REGISTRY: '/ci/registry' },
      'exported-variables': ['VERSION'],
      'secrets-manager': { NPM_TOKEN: 'ci/npm:token' },
    },
    phases: {
      install: { 'runtime-versions': { nodejs: '20', python: '3.12' }, commands: ['npm ci'] },
      pre_build: { commands: ['cargo fmt --check'] },
      build: {
        'on-failure': 'ABORT',
        commands: ['cargo test --locked', 'cargo build --release', 'echo "built $REPO"'],
        finally: ['rm -rf target/debug'],
      },
      post_build: { commands: ['export VERSION=$(cat VERSION)'] },
    },
    reports: {
      unit: { files: ['junit.xml'], 'base-directory': 'target/reports', 'file-format': 'JUNITXML' },
    },
    artifacts: { 'base-directory': 'target/release', files: '**/*' },
    cache: { paths: ['/root/.cargo/registry/**/*', 'target/**/*'] },
  }),
  environment: {
    buildImage: codebuild.LinuxBuildImage.STANDARD_7_0,
    computeType: codebuild.ComputeType.MEDIUM,
    privileged: true,
  },
  environmentVariables: {
    STAGE: { value: 'prod' },
    REGISTRY_PARAM: { type: VarType.PARAMETER_STORE, value: '/ci/registry' },
    NPM: { type: VarType.SECRETS_MANAGER, value: 'ci/npm:token' },
    PARTNER: {
      type: VarType.SECRETS_MANAGER,
      value: 'arn:aws:secretsmanager:us-east-2:222222222222:secret:partner-AbCdEf:key::',
    },
    TOKEN: { type: VarType.SECRETS_MANAGER, value: token.secretArn },
  },
  cache: codebuild.Cache.local(codebuild.LocalCacheMode.DOCKER_LAYER, codebuild.LocalCacheMode.CUSTOM),
  timeout: cdk.Duration.minutes(30),
});

// A project with no source in a VPC: a Docker Hub image, an S3 cache, logs, a key.
const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
const cacheBucket = new s3.Bucket(stack, 'CacheBucket', {
  blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
  enforceSSL: true,
  encryption: s3.BucketEncryption.S3_MANAGED,
});
const buildLogs = new logs.LogGroup(stack, 'BuildLogs');
const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
const rust = new codebuild.Project(stack, 'Rust', {
  buildSpec: codebuild.BuildSpec.fromObject({
    version: '0.2',
    phases: { build: { commands: ['cargo test', `aws s3 ls s3://${cacheBucket.bucketName}`] } },
  }),
  environment: {
    buildImage: codebuild.LinuxBuildImage.fromDockerRegistry('rust:1'),
    computeType: codebuild.ComputeType.LARGE,
  },
  cache: codebuild.Cache.bucket(cacheBucket, { prefix: 'rust' }),
  logging: {
    cloudWatch: { logGroup: buildLogs, prefix: 'rust' },
    s3: { bucket: cacheBucket, prefix: 'logs' },
  },
  vpc,
  subnetSelection: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
  encryptionKey: key,
  queuedTimeout: cdk.Duration.hours(2),
});
cacheBucket.grantRead(rust);

// A project run by a pipeline, with the security groups given and a role of the app.
const group = new ec2.SecurityGroup(stack, 'BuildGroup', { vpc, allowAllOutbound: false });
const buildRole = new iam.Role(stack, 'BuildRole', {
  assumedBy: new iam.ServicePrincipal('codebuild.amazonaws.com'),
});
new codebuild.Project(stack, 'Packager', {
  source: codebuild.Source.codeCommit({ repository: shared }),
  buildSpec: codebuild.BuildSpec.fromSourceFilename('ci/buildspec.yml'),
  environment: { buildImage: codebuild.LinuxBuildImage.AMAZON_LINUX_2_5 },
  role: buildRole,
  vpc,
  securityGroups: [group],
  cache: codebuild.Cache.bucket(cacheBucket),
  grantReportGroupPermissions: false,
});

app.synth();
