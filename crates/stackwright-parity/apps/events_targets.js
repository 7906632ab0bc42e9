// EventBridge rules targeting a Step Functions state machine (EventBridge assumes the state
// machine's EventsRole, shared by every rule) and SNS topics (the topic policy lets EventBridge
// publish; a topic encrypted with a key also gets the key), one rule in another stack; twin of
// src/cases/events_targets.rs.
const cdk = require('aws-cdk-lib');
const { aws_events: events, aws_events_targets: targets, aws_kms: kms, aws_sns: sns, aws_stepfunctions: sfn } = cdk;

const app = new cdk.App();
const env = { account: '111111111111', region: 'us-east-2' };
const stack = new cdk.Stack(app, 'Targets', { env });
const machine = new sfn.StateMachine(stack, 'Pipeline', {
  definitionBody: sfn.DefinitionBody.fromChainable(new sfn.Pass(stack, 'Start')),
});
const alerts = new sns.Topic(stack, 'Alerts');
// stackwright turns rotation on by default; the CDK needs it asked for.
const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
const secure = new sns.Topic(stack, 'Secure', { masterKey: key });

const onRaw = new events.Rule(stack, 'OnRaw', {
  eventPattern: {
    source: ['aws.s3'],
    detailType: ['Object Created'],
    detail: { bucket: { name: ['dev-raw'] }, object: { key: [{ prefix: 'incoming/' }] } },
  },
});
onRaw.addTarget(new targets.SfnStateMachine(machine, { retryAttempts: 3, maxEventAge: cdk.Duration.hours(2) }));
onRaw.addTarget(new targets.SnsTopic(alerts, { message: events.RuleTargetInput.fromText('new raw object') }));

const nightly = new events.Rule(stack, 'Nightly', { schedule: events.Schedule.cron({ minute: '0', hour: '2' }) });
nightly.addTarget(new targets.SfnStateMachine(machine, { input: events.RuleTargetInput.fromObject({ mode: 'full' }) }));
nightly.addTarget(new targets.SnsTopic(alerts));
nightly.addTarget(new targets.SnsTopic(secure));

const other = new cdk.Stack(app, 'Other', { env });
const hourly = new events.Rule(other, 'Hourly', { schedule: events.Schedule.rate(cdk.Duration.hours(1)) });
hourly.addTarget(new targets.SfnStateMachine(machine));
hourly.addTarget(new targets.SnsTopic(alerts));
app.synth();
