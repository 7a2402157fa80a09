/**
 * Operations: every alarm tells people through one topic (and the alarmEmail subscribed to it), the alarms on the
 * API, each function, the table, the dead-letter queues and stuck campaigns, tracing, and the dashboard.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUSINESS_METRICS } from '../../../functions/common/business-metrics';
import { NEWSLETTER_SENDER } from '../../../functions/routes';
import { tableDesign } from '../../../infra/definitions';
import { pascalCase } from '../../../infra/function';
import { testContext } from '../context';
import { backgroundOf, handlers } from '../route-table';
import type { AlarmProps, FunctionProps, Ref } from '../synthesized';
import { alarmTopic, built, cfn, functionIdOf, functionOf, logicalIdOf, onlyResource, resourcesOf, synthesize, template } from '../synthesized';

interface TopicProps {
  KmsMasterKeyId: unknown;
}
interface TopicPolicyProps {
  Topics: Ref[];
  PolicyDocument: { Statement: { Effect: string; Principal?: unknown; Action: string | string[]; Condition?: unknown }[] };
}
interface KeyProps {
  EnableKeyRotation: boolean;
  KeyPolicy: { Statement: { Principal?: unknown; Action: string | string[]; Condition?: unknown }[] };
}
interface RuleProps {
  ScheduleExpression: string;
  Targets: { Arn: unknown }[];
}

const alarms = () => Object.entries(resourcesOf<AlarmProps>('AWS::CloudWatch::Alarm'));
/** The alarms on one metric of a function (its only dimension). */
const functionAlarmsOn = (handler: string, metricName: string) =>
  alarms()
    .map(([, { Properties }]) => Properties)
    .filter(({ Namespace, MetricName, Dimensions }) => Namespace === 'AWS/Lambda' && MetricName === metricName && JSON.stringify(Dimensions) === JSON.stringify([{ Name: 'FunctionName', Value: { Ref: functionIdOf(handler) } }]));
/** A metric math alarm's metrics, by id, as `namespace metric dimensions statistic period`. */
const mathMetricsOf = (alarm: AlarmProps) =>
  Object.fromEntries(
    (alarm.Metrics ?? [])
      .filter((metric) => metric.MetricStat)
      .map(({ Id, MetricStat }) => [Id, `${MetricStat!.Metric.Namespace} ${MetricStat!.Metric.MetricName} ${JSON.stringify(MetricStat!.Metric.Dimensions)} ${MetricStat!.Stat} ${MetricStat!.Period}`]),
  );
const expressionOf = (alarm: AlarmProps) => alarm.Metrics?.find((metric) => metric.ReturnData !== false)?.Expression;
const alarmById = (id: string) => alarms().find(([logicalId]) => logicalId.startsWith(`Operations${id}`))![1].Properties;
const readme = () => readFileSync(join(__dirname, '../../../README.md'), 'utf8');
const WATCHED = { Statistic: 'Sum', Period: 300, Threshold: 0, EvaluationPeriods: 1, ComparisonOperator: 'GreaterThanThreshold', TreatMissingData: 'notBreaching' };

describe('the alarm topic', () => {
  const topicId = () => alarmTopic().Ref;

  test('is encrypted with a rotated key of its own, which only our alarms may use, and refuses publishing without TLS', () => {
    const topic = resourcesOf<TopicProps>('AWS::SNS::Topic')[topicId()]!;
    const keyId = logicalIdOf(built().stack.operations.topicKey);
    expect(topic.Properties.KmsMasterKeyId).toEqual({ 'Fn::GetAtt': [keyId, 'Arn'] });
    const key = resourcesOf<KeyProps>('AWS::KMS::Key')[keyId]!.Properties;
    expect(key.EnableKeyRotation).toBe(true);
    const forCloudWatch = key.KeyPolicy.Statement.filter((statement) => JSON.stringify(statement.Principal).includes('cloudwatch.amazonaws.com'));
    expect(forCloudWatch).toEqual([expect.objectContaining({ Action: ['kms:Decrypt', 'kms:GenerateDataKey*'], Condition: ourAlarms() })]);
    const [policy] = Object.values(resourcesOf<TopicPolicyProps>('AWS::SNS::TopicPolicy')).filter(({ Properties }) => Properties.Topics.some((ref) => ref.Ref === topicId()));
    const statements = policy!.Properties.PolicyDocument.Statement;
    expect(statements).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        expect.objectContaining({ Effect: 'Allow', Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: 'sns:Publish', Condition: ourAlarms() }),
      ]),
    );
    expect(statements.filter((statement) => statement.Effect === 'Allow')).toHaveLength(1);
  });

  const ourAlarms = () => ({
    ArnLike: { 'aws:SourceArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':cloudwatch:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':alarm:*']] } },
    StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
  });

  test('has no subscriber without alarmEmail, and alarmEmail by email when it is set', () => {
    expect(testContext).not.toHaveProperty('alarmEmail');
    template().resourceCountIs('AWS::SNS::Subscription', 1); // the ses-events function on the SES events topic
    const { template: withEmail, stack } = synthesize({ ...testContext, alarmEmail: 'ops@example.org' });
    const subscriptions = Object.values(resourcesOf<{ Protocol: string; Endpoint: unknown; TopicArn: unknown }>('AWS::SNS::Subscription', withEmail)).map(({ Properties }) => Properties);
    expect(subscriptions.filter(({ Protocol }) => Protocol === 'email')).toEqual([
      { Protocol: 'email', Endpoint: 'ops@example.org', TopicArn: { Ref: stack.getLogicalId(stack.operations.topic.node.defaultChild as never) } },
    ]);
  });

  test('every alarm of the stack tells it, into ALARM and back to OK, and says what to do (README, Operations)', () => {
    expect(alarms().length).toBeGreaterThan(2 * handlers.length);
    for (const [alarmId, { Properties }] of alarms()) {
      expect([alarmId, Properties.AlarmActions]).toEqual([alarmId, expect.arrayContaining([alarmTopic()])]);
      expect([alarmId, Properties.OKActions]).toEqual([alarmId, [alarmTopic()]]);
      expect([alarmId, JSON.stringify(Properties.AlarmDescription)]).toEqual([alarmId, expect.stringContaining('(README, Operations)')]);
    }
  });
});

describe('alarms', () => {
  test('each function has an alarm on its errors and one on its throttles, with what a failure means', () => {
    for (const handler of handlers) {
      const errors = functionAlarmsOn(handler, 'Errors');
      const throttles = functionAlarmsOn(handler, 'Throttles');
      expect([handler, errors, throttles]).toEqual([handler, [expect.objectContaining(WATCHED)], [expect.objectContaining(WATCHED)]]);
      expect(JSON.stringify(errors[0]!.AlarmDescription)).toContain(`functions/${handler} failed`);
    }
    expect(JSON.stringify(functionAlarmsOn(NEWSLETTER_SENDER, 'Errors')[0]!.AlarmDescription)).toContain('dead-letter queue');
  });

  test("on the API: the share of requests answered 5xx (a rate, not a count), above 1 %", () => {
    const apiId = { Ref: logicalIdOf(built().stack.api.httpApi) };
    const alarm = alarmById('Api5xxRate');
    expect(alarm).toMatchObject({ Threshold: 1, ComparisonOperator: 'GreaterThanThreshold', EvaluationPeriods: 1, TreatMissingData: 'notBreaching' });
    expect(alarm.MetricName).toBeUndefined();
    expect(expressionOf(alarm)).toBe('100 * FILL(errors, 0) / requests');
    const dimensions = JSON.stringify([{ Name: 'ApiId', Value: apiId }]);
    expect(mathMetricsOf(alarm)).toEqual({ errors: `AWS/ApiGateway 5xx ${dimensions} Sum 300`, requests: `AWS/ApiGateway Count ${dimensions} Sum 300` });
  });

  test('on the table: throttled reads and writes, on the table and on each index', () => {
    const tableName = { Ref: logicalIdOf(built().stack.data.table) };
    const alarm = alarmById('TableThrottles');
    expect(alarm).toMatchObject({ Threshold: 0, ComparisonOperator: 'GreaterThanThreshold' });
    const scopes = [[{ Name: 'TableName', Value: tableName }], ...tableDesign.indexes.map((index) => [{ Name: 'GlobalSecondaryIndexName', Value: index.indexName }, { Name: 'TableName', Value: tableName }])];
    const metrics = Object.values(mathMetricsOf(alarm));
    const expected = scopes.flatMap((dimensions) => ['ReadThrottleEvents', 'WriteThrottleEvents'].map((name) => `AWS/DynamoDB ${name} ${JSON.stringify(dimensions)} Sum 300`));
    expect(metrics.sort()).toEqual(expected.sort());
    expect(expressionOf(alarm)?.split(' + ').sort()).toEqual(Object.keys(mathMetricsOf(alarm)).map((id) => `FILL(${id}, 0)`).sort());
  });

  test('on every queue of the stack (each a dead-letter queue): its first message', () => {
    const queues = Object.keys(resourcesOf('AWS::SQS::Queue'));
    expect(queues).toHaveLength(built().stack.background.deadLetterQueues.size);
    for (const queueId of queues) {
      const watching = alarms().filter(([, { Properties }]) => Properties.MetricName === 'ApproximateNumberOfMessagesVisible' && JSON.stringify(Properties.Dimensions).includes(queueId));
      expect([queueId, watching.map(([, { Properties }]) => Properties)]).toEqual([queueId, [expect.objectContaining({ Statistic: 'Maximum', Threshold: 0 })]]);
    }
  });

  test('on stuck campaigns: what the check, scheduled every 15 minutes, counts', () => {
    const check = 'newsletter/check-campaigns';
    expect(backgroundOf(check)?.trigger).toBe('campaign-check');
    const rules = Object.values(resourcesOf<RuleProps>('AWS::Events::Rule')).map(({ Properties }) => Properties);
    expect(rules).toEqual([expect.objectContaining({ ScheduleExpression: 'rate(15 minutes)', Targets: [expect.objectContaining({ Arn: { 'Fn::GetAtt': [functionIdOf(check), 'Arn'] } })] })]);
    expect(alarmById('StuckCampaigns')).toMatchObject({
      Namespace: `${built().stack.stackName}/Portal`,
      MetricName: BUSINESS_METRICS.stuckCampaigns,
      Dimensions: [{ Name: 'service', Value: 'pressroom' }],
      Statistic: 'Maximum',
      Period: 1800,
      Threshold: 0,
    });
  });

  test("SES's bounce and complaint rates tell people as well as the breaker (stack/alarms.ts)", () => {
    const ses = alarms().filter(([, { Properties }]) => Properties.Namespace === 'AWS/SES');
    expect(ses.map(([, { Properties }]) => [Properties.MetricName, Properties.Threshold]).sort()).toEqual([['Reputation.BounceRate', 0.05], ['Reputation.ComplaintRate', 0.001]]);
    for (const [, { Properties }] of ses) expect(Properties.AlarmActions).toContainEqual(alarmTopic());
  });

  test('the README runbook names every alarm', () => {
    const names = new Set(built().stack.operations.alarms.map((alarm) => runbookName(alarm.node.id)));
    expect(names).toContain('<function>Errors');
    for (const name of names) expect([name, readme().includes(`\`${name}\``)]).toEqual([name, true]);
  });
});

/** How the README names an alarm: its construct id, with a function's part written `<function>` (one alarm each). */
function runbookName(constructId: string): string {
  const id = constructId.replace(/Alarm$/, '');
  const fn = handlers.map(pascalCase).find((name) => id.startsWith(name) && /^(Errors|Throttles|DeadLetters)$/.test(id.slice(name.length)));
  return fn ? `<function>${id.slice(fn.length)}` : id;
}

describe('tracing, logs and metrics', () => {
  test('every function is traced by X-Ray, and tells Powertools the service and the namespace of its metrics', () => {
    for (const handler of handlers) {
      const { Properties } = functionOf(handler) as { Properties: FunctionProps & { TracingConfig?: unknown } };
      expect([handler, Properties.TracingConfig]).toEqual([handler, { Mode: 'Active' }]);
      expect(Properties.Environment.Variables).toMatchObject({ POWERTOOLS_SERVICE_NAME: 'pressroom', POWERTOOLS_METRICS_NAMESPACE: `${built().stack.stackName}/Portal` });
    }
  });

});

describe('the dashboard', () => {
  const body = () => JSON.stringify(onlyResource<{ DashboardBody: unknown }>('AWS::CloudWatch::Dashboard').Properties.DashboardBody);

  test('shows the API, every function, the table, SES, the newsletter and the business metrics', () => {
    const text = body();
    expect(text).toContain(JSON.stringify(cfn(built().stack.api.httpApi.apiId)).slice(1, -1));
    expect(text).toContain(logicalIdOf(built().stack.data.table));
    for (const handler of handlers) expect([handler, text.includes(functionIdOf(handler))]).toEqual([handler, true]);
    for (const name of ['Reputation.BounceRate', 'Reputation.ComplaintRate', ...Object.values(BUSINESS_METRICS)]) expect([name, text.includes(name)]).toEqual([name, true]);
  });

  test('shows the state of every alarm', () => {
    const text = body();
    for (const [alarmId] of alarms()) expect([alarmId, text.includes(alarmId)]).toEqual([alarmId, true]);
  });
});
