// Every kind of state, typed conditions, retries and catches, and each service integration
// (DynamoDB, EventBridge, a nested state machine, an AWS SDK call), written with aws-cdk-lib.
// Twin of src/cases/stepfunctions_flows.rs.
const cdk = require('aws-cdk-lib');
const { aws_iam: iam, aws_dynamodb: dynamodb, aws_events: events, aws_stepfunctions: sfn, aws_stepfunctions_tasks: tasks } = cdk;
const app = new cdk.App();
const env = { account: '111111111111', region: 'us-east-2' };
const stack = new cdk.Stack(app, 'Flows', { env });

// A small child machine started by the parent.
const child = new sfn.StateMachine(stack, 'Child', {
  definitionBody: sfn.DefinitionBody.fromChainable(new sfn.Pass(stack, 'Echo')),
  stateMachineType: sfn.StateMachineType.EXPRESS,
  stateMachineName: 'lake-child',
});

const table = dynamodb.Table.fromTableName(stack, 'Orders', 'orders');
const bus = events.EventBus.fromEventBusArn(stack, 'Bus', 'arn:aws:events:us-east-2:111111111111:event-bus/lake');

const prepare = new sfn.Pass(stack, 'Prepare', {
  parameters: {
    'id': sfn.JsonPath.stringAt('$.order.id'),
    'label': sfn.JsonPath.format('order {} of {}', sfn.JsonPath.stringAt('$.order.id'), sfn.JsonPath.stringAt('$.customer')),
    'items': sfn.JsonPath.listAt('$.order.items'),
    'fixed': { 'nested': true, 'count': 3, 'ratio': 1.5, 'none': null, 'list': [1, 'two', { 'three.$': '$.x' }] },
    'started': sfn.JsonPath.stateEnteredTime,
  },
  resultPath: '$.prepared',
  comment: 'Prepare the order',
});
const check = new sfn.Choice(stack, 'Check', { comment: 'Route the order', inputPath: '$.prepared' });
const wait = new sfn.Wait(stack, 'Hold', { time: sfn.WaitTime.secondsPath('$.delay'), outputPath: '$.prepared' });
const waitUntil = new sfn.Wait(stack, 'HoldUntil', { time: sfn.WaitTime.timestamp('2030-01-01T00:00:00Z') });
const wait10 = new sfn.Wait(stack, 'Pause', { time: sfn.WaitTime.seconds(10) });
const rejected = new sfn.Fail(stack, 'Rejected', { errorPath: '$.error', causePath: sfn.JsonPath.format('bad order {}', sfn.JsonPath.stringAt('$.id')) });

const save = new tasks.DynamoPutItem(stack, 'Save', {
  table,
  item: {
    pk: tasks.DynamoAttributeValue.fromString(sfn.JsonPath.stringAt('$.id')),
    total: tasks.DynamoAttributeValue.fromNumber(42.5),
    open: tasks.DynamoAttributeValue.fromBoolean(true),
    tags: tasks.DynamoAttributeValue.fromStringSet(['a', 'b']),
    meta: tasks.DynamoAttributeValue.fromMap({ by: tasks.DynamoAttributeValue.fromString('lake'), n: tasks.DynamoAttributeValue.numberFromString(sfn.JsonPath.stringAt('$.n')) }),
    list: tasks.DynamoAttributeValue.fromList([tasks.DynamoAttributeValue.fromNull(true)]),
  },
  conditionExpression: 'attribute_not_exists(pk)',
  returnValues: tasks.DynamoReturnValues.NONE,
  resultPath: sfn.JsonPath.DISCARD,
});
const update = new tasks.DynamoUpdateItem(stack, 'Touch', {
  table,
  key: { pk: tasks.DynamoAttributeValue.fromString(sfn.JsonPath.stringAt('$.id')) },
  updateExpression: 'SET #s = :s',
  expressionAttributeNames: { '#s': 'status' },
  expressionAttributeValues: { ':s': tasks.DynamoAttributeValue.fromString('seen') },
  resultPath: sfn.JsonPath.DISCARD,
});
const get = new tasks.DynamoGetItem(stack, 'Load', {
  table,
  key: { pk: tasks.DynamoAttributeValue.fromString(sfn.JsonPath.stringAt('$.id')) },
  consistentRead: true,
  resultSelector: { item: sfn.JsonPath.objectAt('$.Item') },
  resultPath: '$.loaded',
});
const announce = new tasks.EventBridgePutEvents(stack, 'Announce', {
  entries: [
    { detail: sfn.TaskInput.fromObject({ id: sfn.JsonPath.stringAt('$.id') }), detailType: 'OrderSeen', source: 'lake.orders', eventBus: bus },
    { detail: sfn.TaskInput.fromJsonPathAt('$.loaded'), detailType: 'OrderLoaded', source: 'lake.orders' },
  ],
  resultPath: sfn.JsonPath.DISCARD,
});
const fanout = new sfn.Parallel(stack, 'Fanout', { resultSelector: { first: sfn.JsonPath.stringAt('$[0]') }, resultPath: '$.fanout' });
fanout.branch(get.next(announce));
fanout.branch(update);
fanout.addRetry({ errors: ['States.TaskFailed'], interval: cdk.Duration.seconds(3), maxAttempts: 2, backoffRate: 1.5, maxDelay: cdk.Duration.seconds(30), jitterStrategy: sfn.JitterType.FULL });
fanout.addRetry({ maxAttempts: 1 });
fanout.addCatch(rejected, { errors: ['States.ALL'], resultPath: '$.error' });
fanout.addCatch(rejected, { errors: ['Custom.Error'] });

const describe = new tasks.CallAwsService(stack, 'Describe', {
  service: 's3', action: 'headObject',
  parameters: { Bucket: 'lake-raw', Key: sfn.JsonPath.stringAt('$.key') },
  iamResources: ['arn:aws:s3:::lake-raw/*'], iamAction: 's3:GetObject',
  resultSelector: { size: sfn.JsonPath.numberAt('$.ContentLength') },
});
const listBuckets = new tasks.CallAwsService(stack, 'ListBuckets', { service: 's3', action: 'listBuckets', iamResources: ['*'] });
const each = new sfn.Map(stack, 'EachFile', {
  itemsPath: '$.files', maxConcurrency: 4,
  itemSelector: { key: sfn.JsonPath.stringAt('$$.Map.Item.Value'), index: sfn.JsonPath.stringAt('$$.Map.Item.Index') },
  resultPath: sfn.JsonPath.DISCARD,
});
each.itemProcessor(describe);
const start = new tasks.StepFunctionsStartExecution(stack, 'RunChild', {
  stateMachine: child, integrationPattern: sfn.IntegrationPattern.RUN_JOB,
  input: sfn.TaskInput.fromObject({ id: sfn.JsonPath.stringAt('$.id') }),
  name: sfn.JsonPath.stringAt('$.id'),
  taskTimeout: sfn.Timeout.duration(cdk.Duration.minutes(5)), heartbeatTimeout: sfn.Timeout.duration(cdk.Duration.seconds(60)),
});
const startAsync = new tasks.StepFunctionsStartExecution(stack, 'KickChild', { stateMachine: child });
const done = new sfn.Succeed(stack, 'Done', { comment: 'all good' });

check.when(sfn.Condition.and(sfn.Condition.isPresent('$.id'), sfn.Condition.not(sfn.Condition.isNull('$.id'))), save);
check.when(sfn.Condition.or(sfn.Condition.stringEquals('$.kind', 'bulk'), sfn.Condition.numberGreaterThanEquals('$.count', 100)), wait);
check.when(sfn.Condition.timestampLessThan('$.due', '2030-01-01T00:00:00Z'), waitUntil);
check.when(sfn.Condition.booleanEquals('$.skip', true), done);
check.when(sfn.Condition.stringMatches('$.name', 'log-*.txt'), wait10);
check.when(sfn.Condition.numberLessThanJsonPath('$.a', '$.b'), listBuckets);
check.otherwise(rejected);
save.next(fanout);
wait.next(fanout);
waitUntil.next(fanout);
wait10.next(each);
listBuckets.next(each);
fanout.next(each).next(start).next(startAsync).next(done);

const machine = new sfn.StateMachine(stack, 'OrderFlow', {
  definitionBody: sfn.DefinitionBody.fromChainable(prepare.next(check)),
  comment: 'Order flow',
});
const ops = new iam.Role(stack, 'Ops', { assumedBy: new iam.AccountPrincipal('111111111111') });
machine.grantStartExecution(ops);
machine.grantRead(ops);
machine.grantTaskResponse(ops);
child.grantStartSyncExecution(ops);
app.synth();
