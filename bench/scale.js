// The scale workload of examples/scale.rs, written with aws-cdk-lib, for the side-by-side
// comparison (scripts/compare-with-cdk.sh). Usage: node scale.js <stacks> <units>; writes to
// $CDK_OUTDIR.
const cdk = require('aws-cdk-lib');
const { aws_s3: s3, aws_lambda: lambda } = cdk;

const stacks = Number(process.argv[2] ?? 20);
const units = Number(process.argv[3] ?? 100);
const app = new cdk.App({ context: { 'aws:cdk:version-reporting': false } });
const env = { account: '111111111111', region: 'us-east-2' };
let shared;
for (let s = 0; s < stacks; s++) {
  const stack = new cdk.Stack(app, `Stack${s}`, { env });
  for (let u = 0; u < units; u++) {
    const bucket = new s3.Bucket(stack, `Bucket${u}`, {
      encryption: s3.BucketEncryption.KMS_MANAGED,
      versioned: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    });
    const environment = { BUCKET: bucket.bucketName };
    if (s > 0) {
      environment.SHARED_BUCKET = shared.bucketName;
    }
    const fn = new lambda.Function(stack, `Fn${u}`, {
      runtime: lambda.Runtime.PYTHON_3_12,
      handler: 'index.handler',
      code: lambda.Code.fromInline('def handler(event, context):\n    return event\n'),
      environment,
    });
    bucket.grantRead(fn);
    if (s === 0 && u === 0) {
      shared = bucket;
    }
  }
}
app.synth();
