// S3 buckets and bucket policies; twin of src/cases/s3.rs. The harness runs this with NODE_PATH
// at aws-cdk-lib's node_modules and CDK_OUTDIR set. Our secure defaults are spelled out here
// (encryption, block public access, enforceSSL, key rotation): `Defaults` is what a bucket with
// no options means in stackwright, written out for aws-cdk-lib.
const cdk = require('aws-cdk-lib');
const iam = require('aws-cdk-lib/aws-iam');
const kms = require('aws-cdk-lib/aws-kms');
const s3 = require('aws-cdk-lib/aws-s3');

const app = new cdk.App();
const env = { account: '111111111111', region: 'us-east-2' };
const secure = {
  blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
  enforceSSL: true,
};

const storage = new cdk.Stack(app, 'Storage', { env });
new s3.Bucket(storage, 'Defaults', { ...secure, encryption: s3.BucketEncryption.S3_MANAGED });
const logs = new s3.Bucket(storage, 'AccessLogs', {
  ...secure,
  encryption: s3.BucketEncryption.S3_MANAGED,
});
const raw = new s3.Bucket(storage, 'Raw', {
  ...secure,
  bucketName: 'dev-lake-111111111111-us-east-2-raw',
  encryption: s3.BucketEncryption.KMS,
  bucketKeyEnabled: true,
  versioned: true,
  minimumTLSVersion: 1.2,
  serverAccessLogsBucket: logs,
  serverAccessLogsPrefix: 'raw/',
  cors: [{
    id: 'web',
    allowedMethods: [s3.HttpMethods.GET, s3.HttpMethods.PUT],
    allowedOrigins: ['https://example.com'],
    allowedHeaders: ['*'],
    exposedHeaders: ['ETag'],
    maxAge: 3000,
  }],
  lifecycleRules: [
    {
      id: 'archive',
      prefix: 'landing/',
      tagFilters: { team: 'data' },
      transitions: [
        { storageClass: s3.StorageClass.INFREQUENT_ACCESS, transitionAfter: cdk.Duration.days(30) },
        { storageClass: s3.StorageClass.GLACIER, transitionAfter: cdk.Duration.days(365) },
      ],
      expiration: cdk.Duration.days(2555),
      noncurrentVersionExpiration: cdk.Duration.days(90),
      noncurrentVersionsToRetain: 3,
      noncurrentVersionTransitions: [{
        storageClass: s3.StorageClass.GLACIER_INSTANT_RETRIEVAL,
        transitionAfter: cdk.Duration.days(30),
        noncurrentVersionsToRetain: 2,
      }],
    },
    { id: 'uploads', abortIncompleteMultipartUploadAfter: cdk.Duration.days(7) },
    { id: 'markers', enabled: false, expiredObjectDeleteMarker: true },
    { id: 'big', objectSizeGreaterThan: 1048576, transitions: [{ storageClass: s3.StorageClass.DEEP_ARCHIVE, transitionDate: new Date('2030-01-01') }] },
  ],
  removalPolicy: cdk.RemovalPolicy.DESTROY,
});
const zoneKey = new kms.Key(storage, 'ZoneKey', { enableKeyRotation: true });
const curated = new s3.Bucket(storage, 'Curated', {
  ...secure,
  encryptionKey: zoneKey,
  serverAccessLogsBucket: logs,
  serverAccessLogsPrefix: 'curated/',
});

const etl = new iam.Role(storage, 'Etl', { assumedBy: new iam.ServicePrincipal('glue.amazonaws.com') });
raw.grantReadWrite(etl);
curated.grantRead(etl);
curated.grantPut(etl, 'incoming/*');
raw.grantDelete(etl, 'tmp/*');
curated.grantWrite(etl);

const partner = iam.Role.fromRoleArn(storage, 'Partner', 'arn:aws:iam::444444444444:role/partner');
raw.grantRead(partner);

const shared = s3.Bucket.fromBucketName(storage, 'Shared', 'shared-reference-data');
shared.grantRead(etl);
const sharedPolicy = new s3.BucketPolicy(storage, 'SharedPolicy', { bucket: shared });
sharedPolicy.document.addStatements(new iam.PolicyStatement({
  actions: ['s3:GetObject'],
  resources: [shared.arnForObjects('*')],
  principals: [new iam.AccountPrincipal('222222222222')],
}));
const archive = s3.Bucket.fromBucketArn(storage, 'Archive', 'arn:aws:s3:::company-archive');
archive.grantWrite(etl);

const compute = new cdk.Stack(app, 'Compute', { env });
const worker = new iam.Role(compute, 'Worker', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
raw.grantRead(worker);

app.synth();
