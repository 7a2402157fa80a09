/** Alarms: the sending breaker on SES's reputation metrics, and the account budgets spent (stack/operations.ts: the rest). */
import * as accountsApi from '../../../functions/accounts/operations';
import { backgroundFunctions } from '../../../functions/routes';
import { grants, grantsOf } from '../grants';
import { handlerFor } from '../route-table';
import type { AlarmProps, Ref } from '../synthesized';
import { alarmTopic, built, cfn, errorAlarmsOn, functionArnOf, functionIdOf, functionOf, logicalIdOf, resourcesOf } from '../synthesized';

interface MetricFilterProps {
  FilterPattern: string;
  LogGroupName: Ref;
  MetricTransformations: { MetricNamespace: string; MetricName: string; MetricValue: string }[];
}
interface PermissionProps {
  FunctionName: unknown;
  Principal: string;
}
/** Sorts objects by their JSON, to compare lists whose order the template does not fix. */
const byJson = (a: unknown, b: unknown) => JSON.stringify(a).localeCompare(JSON.stringify(b));

describe('the sending breaker', () => {
  const breaker = () => backgroundFunctions.find((background) => background.trigger === 'reputation-alarms')!.handler;
  /** Where SES reviews an account, written out here rather than imported, so a change in infra/mail.ts shows. */
  const REVIEW_RATES = { 'Reputation.BounceRate': 0.05, 'Reputation.ComplaintRate': 0.001 };
  const sesAlarms = () => Object.entries(resourcesOf<AlarmProps>('AWS::CloudWatch::Alarm')).filter(([, { Properties }]) => Properties.Namespace === 'AWS/SES');

  test("alarms on the account's bounce and complaint rates, above where SES reviews an account, invoke the breaker and tell people", () => {
    const alarms = sesAlarms().map(([, { Properties }]) => Properties);
    expect(alarms.map((alarm) => [alarm.MetricName, alarm.Threshold]).sort()).toEqual(Object.entries(REVIEW_RATES).sort());
    for (const alarm of alarms) {
      expect(alarm).toMatchObject({
        Statistic: 'Maximum',
        Period: 3600,
        EvaluationPeriods: 1,
        ComparisonOperator: 'GreaterThanThreshold',
        TreatMissingData: 'notBreaching',
        AlarmActions: [functionArnOf(breaker()), alarmTopic()],
        OKActions: [alarmTopic()],
      });
      // The account's own rates, the ones SES reviews: no configuration set dimension.
      expect(alarm.Dimensions).toBeUndefined();
      // What to do, down to the command that resumes sending on our configuration set.
      expect(alarm.AlarmDescription).toEqual({
        'Fn::Join': ['', [expect.stringMatching(/aws sesv2 put-configuration-set-sending-options --configuration-set-name $/), cfn(built().stack.mail.configurationSet.configurationSetName), ' --sending-enabled']],
      });
    }
  });

  test('only those alarms may invoke the breaker, each by its own ARN', () => {
    const permissions = Object.values(resourcesOf<PermissionProps>('AWS::Lambda::Permission'))
      .map(({ Properties }) => Properties)
      .filter(({ FunctionName }) => JSON.stringify(FunctionName) === JSON.stringify(functionArnOf(breaker())));
    const expected = sesAlarms().map(([alarmId]) => ({
      Action: 'lambda:InvokeFunction',
      FunctionName: functionArnOf(breaker()),
      Principal: 'lambda.alarms.cloudwatch.amazonaws.com',
      SourceAccount: { Ref: 'AWS::AccountId' },
      SourceArn: { 'Fn::GetAtt': [alarmId, 'Arn'] },
    }));
    expect(permissions.sort(byJson)).toEqual(expected.sort(byJson));
  });

  test("the breaker may only pause sending on the portal's configuration set, and is told the set's name", () => {
    expect(grantsOf(breaker()).filter((line) => !/^(logs|xray):/.test(line))).toEqual(
      grants(['ses:PutConfigurationSetSendingOptions'], [cfn(built().stack.mail.configurationSetArn)]),
    );
    expect(functionOf(breaker()).Properties.Environment.Variables.SES_CONFIGURATION_SET).toEqual(cfn(built().stack.mail.configurationSet.configurationSetName));
  });

  test("the breaker's failures raise an alarm that says how to check the set and pause by hand", () => {
    const [alarm] = errorAlarmsOn(functionIdOf(breaker()));
    expect(alarm).toEqual(expect.objectContaining({ Statistic: 'Sum', Period: 300, Threshold: 0, ComparisonOperator: 'GreaterThanThreshold' }));
    expect(JSON.stringify(alarm!.AlarmDescription)).toContain('aws sesv2 get-configuration-set --configuration-set-name ');
    expect(JSON.stringify(alarm!.AlarmDescription)).toContain(JSON.stringify(cfn(built().stack.mail.configurationSet.configurationSetName)));
  });
});

describe('account budget alarms', () => {
  /**
   * Each line the account functions log as a budget is spent, who writes it, and the alarm on its count: written out
   * here rather than imported, so a change in functions/accounts or infra/account-alarms.ts shows.
   */
  const checkers = () => [handlerFor(accountsApi.confirmSignup), handlerFor(accountsApi.resetPassword)];
  const requesters = () => [handlerFor(accountsApi.signup), handlerFor(accountsApi.resendCode), handlerFor(accountsApi.forgotPassword)];
  const signals = () => [
    { metric: 'CodeGuessBudgetSpent', message: 'code guess budget spent', writers: checkers(), period: 300, threshold: 0 },
    { metric: 'CodeRequestBudgetSpent', message: 'daily code request budget spent', writers: requesters(), period: 300, threshold: 0 },
    // Half of the default daily budget of wrong codes (2,000), which the deployed functions use.
    { metric: 'WrongCodes', message: 'wrong code', writers: checkers(), period: 86_400, threshold: 1_000 },
  ];
  const logGroupOf = (handler: string) => functionOf(handler).Properties.LoggingConfig.LogGroup;

  test('a metric filter counts each line on the log group of each function that writes it, and nowhere else', () => {
    const filters = Object.values(resourcesOf<MetricFilterProps>('AWS::Logs::MetricFilter')).map(({ Properties }) => Properties);
    const expected = signals().flatMap(({ metric, message, writers }) =>
      writers.map((writer) => ({
        FilterPattern: `{ $.message = "${message}" }`,
        LogGroupName: logGroupOf(writer),
        MetricTransformations: [{ MetricNamespace: `${built().stack.stackName}/Accounts`, MetricName: metric, MetricValue: '1' }],
      })),
    );
    expect(filters.sort(byJson)).toEqual(expected.sort(byJson));
  });

  test('an alarm on each count, with a description of what it means and what to do, that tells people', () => {
    const alarms = Object.values(resourcesOf<AlarmProps>('AWS::CloudWatch::Alarm'))
      .map(({ Properties }) => Properties)
      .filter(({ Namespace }) => Namespace === `${built().stack.stackName}/Accounts`);
    expect(alarms.map(({ MetricName }) => MetricName).sort()).toEqual(signals().map(({ metric }) => metric).sort());
    for (const { metric, period, threshold } of signals()) {
      const alarm = alarms.find(({ MetricName }) => MetricName === metric)!;
      expect([metric, alarm]).toEqual([
        metric,
        expect.objectContaining({
          Statistic: 'Sum',
          Period: period,
          Threshold: threshold,
          EvaluationPeriods: 1,
          ComparisonOperator: 'GreaterThanThreshold',
          TreatMissingData: 'notBreaching',
        }),
      ]);
      expect(alarm.AlarmActions).toEqual([alarmTopic()]);
      expect(alarm.AlarmDescription).toEqual(expect.stringContaining('(README, Operations)'));
    }
  });

  test('every alarm of the stack is in the alarms of Operations, which gives them the topic (stack/operations.ts)', () => {
    expect(built().stack.operations.alarms.map(logicalIdOf).sort()).toEqual(Object.keys(resourcesOf('AWS::CloudWatch::Alarm')).sort());
  });
});
