/**
 * Alarms on the portal-wide budgets of codes (functions/accounts/limits/rules.ts). The account functions log a line as
 * a budget is spent (functions/accounts/codes/budget-log.ts); a metric filter on each writer's log group counts the line
 * into one metric, summed over the writers, and an alarm watches the metric. They tell people through the alarm
 * topic (infra/operations.ts).
 */
import { Duration, Stack } from 'aws-cdk-lib';
import type { Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import { Metric } from 'aws-cdk-lib/aws-cloudwatch';
import { FilterPattern, MetricFilter } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { BUDGET_LOG } from '../functions/accounts/codes/budget-log';
import { CODE_GUESS_BUDGET_DEFAULT } from '../functions/accounts/limits/rules';
import { alarmAbove } from './alarms';
import type { PressroomFunction } from './function';
import { pascalCase } from './function';

/** The handlers that judge codes (functions/accounts/codes/redeeming.ts) and those that ask for codes to be sent (codes/issuing.ts). */
const CODE_CHECKERS = ['accounts/confirm', 'accounts/reset-password'];
const CODE_REQUESTERS = ['accounts/signup', 'accounts/resend-code', 'accounts/forgot-password'];

/** Wrong codes in 24 hours past which someone is looking: half of what makes codes longer for everyone. */
const WRONG_CODES_ALARM = CODE_GUESS_BUDGET_DEFAULT / 2;
const count = (value: number): string => value.toLocaleString('en-US');

interface Signal {
  /** The metric's name, and the alarm's. */
  name: string;
  message: string;
  writers: readonly string[];
  period: Duration;
  threshold: number;
  description: string;
}

const SIGNALS: readonly Signal[] = [
  {
    name: 'CodeGuessBudgetSpent',
    message: BUDGET_LOG.guessBudgetSpent,
    writers: CODE_CHECKERS,
    period: Duration.minutes(5),
    threshold: 0,
    description:
      `Today's budget of wrong codes (${count(CODE_GUESS_BUDGET_DEFAULT)}) is spent: someone is guessing codes at scale. ` +
      'Until 00:00 UTC six-digit codes are no longer judged and new codes have 12 digits; whoever holds a six-digit ' +
      'code must ask for a new one. Find the sources of the wrong codes (API access logs: POST /auth/confirm and ' +
      '/auth/reset-password answered 400) and block them if a few stand out (README, Operations).',
  },
  {
    name: 'CodeRequestBudgetSpent',
    message: BUDGET_LOG.requestBudgetSpent,
    writers: CODE_REQUESTERS,
    period: Duration.minutes(5),
    threshold: 0,
    description:
      "Everyone's daily budget of code requests is spent: sign-ups, code resends and password resets answer 429 " +
      'to everyone until 00:00 UTC. Someone is likely asking for codes from many networks to run up mail, and ' +
      'bounces (watch the BounceRate alarm). Find the sources (API access logs: POST /auth/signup, ' +
      '/auth/resend-code, /auth/forgot-password) and block them (README, Operations).',
  },
  {
    name: 'WrongCodes',
    message: BUDGET_LOG.wrongCode,
    writers: CODE_CHECKERS,
    period: Duration.days(1),
    threshold: WRONG_CODES_ALARM,
    description:
      `More than ${count(WRONG_CODES_ALARM)} wrong codes in 24 hours, half of the daily budget of wrong codes ` +
      `(${count(CODE_GUESS_BUDGET_DEFAULT)}): someone may be guessing codes. At the budget, codes get longer for everyone ` +
      'until 00:00 UTC (CodeGuessBudgetSpent). Find the sources (API access logs: POST /auth/confirm and ' +
      '/auth/reset-password answered 400) and block them if a few stand out (README, Operations).',
  },
];

export interface AccountAlarmsProps {
  /** The API's functions, by handler module (Api.functions). */
  functions: ReadonlyMap<string, PressroomFunction>;
}

export class AccountAlarms extends Construct {
  readonly alarms: Alarm[];

  constructor(scope: Construct, id: string, props: AccountAlarmsProps) {
    super(scope, id);
    // The stack's name keeps two stacks in one account (staging, production) from counting into the same metrics.
    const namespace = `${Stack.of(this).stackName}/Accounts`;
    this.alarms = SIGNALS.map((signal) => {
      for (const writer of signal.writers) {
        const fn = props.functions.get(writer);
        if (!fn) throw new Error(`No function for handler ${writer}, which logs "${signal.message}"`);
        new MetricFilter(this, `${signal.name}${pascalCase(writer)}`, {
          logGroup: fn.logGroup,
          // The message alone: the level is not part of what the functions promise to log.
          filterPattern: FilterPattern.stringValue('$.message', '=', signal.message),
          metricNamespace: namespace,
          metricName: signal.name,
          metricValue: '1',
        });
      }
      return alarmAbove(this, `${signal.name}Alarm`, {
        description: signal.description,
        metric: new Metric({ namespace, metricName: signal.name, statistic: 'Sum', period: signal.period }),
        threshold: signal.threshold,
      });
    });
  }
}
