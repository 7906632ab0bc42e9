// The reference data lake's state machine, written with aws-cdk-lib: two Glue jobs run in turn
// (.sync), a status Lambda records the outcome, SNS tells people; any Glue failure is caught and
// reported the same way. Twin of src/cases/stepfunctions.rs.
const cdk = require('aws-cdk-lib');
const { aws_lambda: lambda, aws_sns: sns, aws_logs: logs, aws_stepfunctions: sfn, aws_stepfunctions_tasks: tasks } = cdk;
const app = new cdk.App();
const env = { account: '111111111111', region: 'us-east-2' };
const stack = new cdk.Stack(app, 'Lake', { env });
const topic = new sns.Topic(stack, 'Alerts');
const status = new lambda.Function(stack, 'Status', {
  runtime: lambda.Runtime.PYTHON_3_12, handler: 'index.handler',
  code: lambda.Code.fromInline('def handler(event, context):\n    return event\n'),
});
const logGroup = new logs.LogGroup(stack, 'Logs');
const raw = new tasks.GlueStartJobRun(stack, 'RawJob', {
  glueJobName: 'lake-raw', integrationPattern: sfn.IntegrationPattern.RUN_JOB,
  arguments: sfn.TaskInput.fromObject({ '--run_date': sfn.JsonPath.stringAt('$.run_date') }),
  resultPath: '$.raw',
});
const conformed = new tasks.GlueStartJobRun(stack, 'ConformedJob', {
  glueJobName: 'lake-conformed', integrationPattern: sfn.IntegrationPattern.RUN_JOB, resultPath: '$.conformed',
});
const recordOk = new tasks.LambdaInvoke(stack, 'RecordSuccess', {
  lambdaFunction: status,
  payload: sfn.TaskInput.fromObject({ status: 'SUCCEEDED', execution: sfn.JsonPath.executionId }),
  resultPath: sfn.JsonPath.DISCARD,
});
const notifyOk = new tasks.SnsPublish(stack, 'NotifySucceeded', { topic, message: sfn.TaskInput.fromText('succeeded'), subject: 'Data lake run "ok"' });
const recordFail = new tasks.LambdaInvoke(stack, 'RecordFailure', {
  lambdaFunction: status,
  payload: sfn.TaskInput.fromObject({ status: 'FAILED', error: sfn.JsonPath.stringAt('$.error.Error'), cause: sfn.JsonPath.stringAt('$.error.Cause') }),
  resultPath: sfn.JsonPath.DISCARD,
});
const notifyFail = new tasks.SnsPublish(stack, 'NotifyFailed', { topic, message: sfn.TaskInput.fromText('failed') });
const failed = new sfn.Fail(stack, 'Failed', { error: 'LakeRunFailed', cause: 'a Glue job failed' });
const onFailure = recordFail.next(notifyFail).next(failed);
raw.addCatch(onFailure, { errors: ['States.ALL'], resultPath: '$.error' });
conformed.addCatch(onFailure, { errors: ['States.ALL'], resultPath: '$.error' });
const definition = raw.next(conformed).next(recordOk).next(notifyOk).next(new sfn.Succeed(stack, 'Succeeded'));
new sfn.StateMachine(stack, 'Pipeline', {
  definitionBody: sfn.DefinitionBody.fromChainable(definition),
  timeout: cdk.Duration.hours(6),
  tracingEnabled: true,
  logs: { destination: logGroup, level: sfn.LogLevel.ALL, includeExecutionData: true },
});
app.synth();
