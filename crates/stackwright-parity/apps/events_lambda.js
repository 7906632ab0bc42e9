// EventBridge rules (an S3 "Object Created" pattern, a cron schedule, a rate) targeting Lambda
// functions, one of them in another stack, written with aws-cdk-lib.
const cdk = require('aws-cdk-lib');
const { aws_events: events, aws_events_targets: targets, aws_lambda: lambda } = cdk;

const app = new cdk.App();
const env = { account: '111111111111', region: 'us-east-2' };
const stack = new cdk.Stack(app, 'Events', { env });
const handler = new lambda.Function(stack, 'Handler', {
  runtime: lambda.Runtime.PYTHON_3_12,
  handler: 'index.handler',
  code: lambda.Code.fromInline('def handler(event, context):\n    return event\n'),
});
const onRaw = new events.Rule(stack, 'OnRaw', {
  eventPattern: {
    source: ['aws.s3'],
    detailType: ['Object Created'],
    detail: { bucket: { name: ['dev-lake-raw'] }, object: { key: [{ prefix: 'incoming/' }] } },
  },
});
onRaw.addTarget(new targets.LambdaFunction(handler, { retryAttempts: 2, maxEventAge: cdk.Duration.hours(1) }));
const nightly = new events.Rule(stack, 'Nightly', {
  schedule: events.Schedule.cron({ minute: '0', hour: '2' }),
  description: 'nightly compaction',
});
nightly.addTarget(new targets.LambdaFunction(handler, {
  event: events.RuleTargetInput.fromObject({ mode: 'compact' }),
}));
const other = new cdk.Stack(app, 'Other', { env });
const hourly = new events.Rule(other, 'Hourly', { schedule: events.Schedule.rate(cdk.Duration.hours(1)), enabled: false });
hourly.addTarget(new targets.LambdaFunction(handler));
app.synth();
