// DynamoDB tables (keys, indexes, encryption, streams, time to live, capacity), their grants
// within the stack, across stacks and across accounts, and imported tables, with aws-cdk-lib.
// Billing mode and point-in-time recovery are set explicitly: stackwright defaults to
// on-demand with recovery on, aws-cdk-lib to provisioned capacity with recovery off.
const cdk = require('aws-cdk-lib');
const { aws_dynamodb: ddb, aws_iam: iam, aws_kms: kms } = cdk;

const app = new cdk.App();
const env = { account: '111111111111', region: 'us-east-2' };
const pitr = { pointInTimeRecoveryEnabled: true };

const data = new cdk.Stack(app, 'Data', { env });
const orders = new ddb.Table(data, 'Orders', {
  tableName: 'orders',
  partitionKey: { name: 'customer', type: ddb.AttributeType.STRING },
  sortKey: { name: 'created', type: ddb.AttributeType.NUMBER },
  billingMode: ddb.BillingMode.PAY_PER_REQUEST,
  pointInTimeRecoverySpecification: pitr,
  encryption: ddb.TableEncryption.CUSTOMER_MANAGED,
  timeToLiveAttribute: 'expires',
  stream: ddb.StreamViewType.NEW_AND_OLD_IMAGES,
  removalPolicy: cdk.RemovalPolicy.DESTROY,
});
orders.addGlobalSecondaryIndex({
  indexName: 'by-status',
  partitionKey: { name: 'status', type: ddb.AttributeType.STRING },
  sortKey: { name: 'created', type: ddb.AttributeType.NUMBER },
});
orders.addGlobalSecondaryIndex({
  indexName: 'by-sku',
  partitionKey: { name: 'sku', type: ddb.AttributeType.BINARY },
  projectionType: ddb.ProjectionType.INCLUDE,
  nonKeyAttributes: ['qty', 'price'],
});

const sessions = new ddb.Table(data, 'Sessions', {
  partitionKey: { name: 'id', type: ddb.AttributeType.STRING },
  billingMode: ddb.BillingMode.PAY_PER_REQUEST,
  pointInTimeRecoverySpecification: pitr,
  encryption: ddb.TableEncryption.AWS_MANAGED,
  deletionProtection: true,
  tableClass: ddb.TableClass.STANDARD_INFREQUENT_ACCESS,
});

const lakeKey = new kms.Key(data, 'LakeKey', { enableKeyRotation: true });
const events = new ddb.Table(data, 'Events', {
  partitionKey: { name: 'source', type: ddb.AttributeType.STRING },
  sortKey: { name: 'at', type: ddb.AttributeType.NUMBER },
  readCapacity: 10,
  writeCapacity: 3,
  pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true, recoveryPeriodInDays: 7 },
  encryptionKey: lakeKey,
});
events.addGlobalSecondaryIndex({
  indexName: 'by-type',
  partitionKey: { name: 'type', type: ddb.AttributeType.STRING },
  projectionType: ddb.ProjectionType.KEYS_ONLY,
  readCapacity: 2,
  writeCapacity: 1,
});
events.addGlobalSecondaryIndex({
  indexName: 'by-day',
  partitionKey: { name: 'day', type: ddb.AttributeType.STRING },
  sortKey: { name: 'at', type: ddb.AttributeType.NUMBER },
});

const worker = new iam.Role(data, 'Worker', {
  assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
});
orders.grantReadWriteData(worker);
orders.grantStreamRead(worker);
sessions.grantReadData(worker);
events.grantWriteData(worker);
events.grantFullAccess(worker);

const legacy = ddb.Table.fromTableName(data, 'Legacy', 'legacy');
legacy.grantReadData(worker);
const other = ddb.Table.fromTableArn(data, 'Other', 'arn:aws:dynamodb:us-east-2:111111111111:table/other');
other.grantWriteData(worker);
const archiveKey = kms.Key.fromKeyArn(data, 'ArchiveKey',
  'arn:aws:kms:us-east-2:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab');
const archive = ddb.Table.fromTableAttributes(data, 'Archive', {
  tableName: 'archive',
  tableStreamArn: 'arn:aws:dynamodb:us-east-2:111111111111:table/archive/stream/2024-01-01T00:00:00.000',
  encryptionKey: archiveKey,
  grantIndexPermissions: true,
});
archive.grantReadData(worker);
archive.grantStreamRead(worker);

const auditor = iam.Role.fromRoleArn(data, 'Auditor', 'arn:aws:iam::444444444444:role/auditor');
sessions.grantReadData(auditor);

const compute = new cdk.Stack(app, 'Compute', { env });
const fn = new iam.Role(compute, 'Fn', {
  assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
});
orders.grantReadData(fn);
events.grantReadWriteData(fn);

app.synth();
