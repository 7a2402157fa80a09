/**
 * How the stack reaches people, and what it shows them: one SNS topic that every alarm of the stack notifies (into
 * ALARM and back to OK), with the `alarmEmail` subscribed to it; the alarms on the API, on each function, on the
 * table and on stuck campaigns; and one CloudWatch dashboard. README, Operations, is the runbook of every alarm.
 */
import { ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import type { Alarm, IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import { AlarmStatusWidget, Dashboard, GraphWidget, LegendPosition, MathExpression, Metric, TextWidget } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { BUSINESS_METRICS, SERVICE_NAME } from '../functions/common/business-metrics';
import type { BusinessMetric } from '../functions/common/business-metrics';
import { CAMPAIGN_CHECK } from '../functions/newsletter/stuck-campaigns';
import type { BackgroundFunction } from '../functions/routes';
import { backgroundFunctions, NEWSLETTER_SENDER } from '../functions/routes';
import { alarmAbove } from './alarms';
import { tableDesign } from './definitions';
import type { PressroomFunction } from './function';
import { pascalCase, portalMetricsNamespace } from './function';
import type { Mail } from './mail';

const FIVE_MINUTES = Duration.minutes(5);

/** Share of the API's requests answered 5xx, in percent, above which people are told. */
export const API_5XX_PERCENT = 1;

/**
 * What a failed invocation means, by what runs the function (HTTP routes are the API's), for the alarm on its
 * errors; `setName` is the SES configuration set's. A kind of trigger without a line here does not compile.
 */
const FAILURE_MEANS: Record<BackgroundFunction['trigger'] | 'http', (setName: string) => string> = {
  http: () =>
    'An error its HTTP stack could not answer: a crash, a timeout or a failed start (a missing setting?); the caller ' +
    "got API Gateway's 500 or 503.",
  'published-events': () =>
    'It failed on a batch of the table stream: the batch is retried, split, then its records go to the dead-letter queue ' +
    "(the DeadLetters alarm): those articles' newsletters wait until they are replayed.",
  invocation: () =>
    "A campaign's run failed: Lambda retries it twice, then it waits in the dead-letter queue (the DeadLetters alarm) " +
    'and the campaign stays stuck (StuckCampaigns) until it is replayed.',
  'ses-events': () =>
    'It failed on an SES bounce or complaint: Lambda retries it twice, then it waits in the dead-letter queue (the ' +
    "DeadLetters alarm), and that address keeps its newsletter in our records until it is replayed (SES's own " +
    'suppression list still stops mail to it).',
  'token-generation': () => 'Cognito could not make access tokens: sign-ins and refreshes fail for everyone.',
  'reputation-alarms': (setName) =>
    'The sending breaker failed: a reputation alarm may not have paused sending. Check the configuration set\'s ' +
    `SendingOptions (aws sesv2 get-configuration-set --configuration-set-name ${setName}) and pause by hand if SES's rates call for it.`,
  'campaign-check': () => 'The stuck-campaign check failed: a campaign stuck in sending would go unseen.',
};

export interface OperationsProps {
  /** Who is told: subscribed to the alarm topic by email (they confirm once). None: the topic has no subscriber. */
  alarmEmail?: string;
  httpApi: HttpApi;
  /** The API's functions and the background ones, by handler module. */
  apiFunctions: ReadonlyMap<string, PressroomFunction>;
  backgroundFunctions: ReadonlyMap<string, PressroomFunction>;
  deadLetterQueues: ReadonlyMap<string, Queue>;
  table: Table;
  mail: Mail;
  /** The alarms made elsewhere (dead-letter queues, SES reputation, account budgets): they tell people too. */
  alarms: readonly Alarm[];
}

export class Operations extends Construct {
  readonly topic: Topic;
  /** The topic's key: CloudWatch cannot publish to a topic under the AWS managed key (aws/sns), whose policy is fixed. */
  readonly topicKey: Key;
  /** Every alarm of the stack: those made here and those given. */
  readonly alarms: Alarm[];
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: OperationsProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const alarmArns = stack.formatArn({ service: 'cloudwatch', resource: 'alarm', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME });
    this.topicKey = new Key(this, 'TopicKey', {
      description: 'Encrypts the alarm notifications on their SNS topic',
      enableKeyRotation: true,
      // It protects messages in flight only: once the topic is gone, nothing encrypted under it is left to read.
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(7),
    });
    const fromOurAlarms = { ArnLike: { 'aws:SourceArn': alarmArns }, StringEquals: { 'aws:SourceAccount': stack.account } };
    this.topicKey.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AllowCloudWatchAlarmsToPublishToTheAlarmTopic',
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        resources: ['*'],
        conditions: fromOurAlarms,
      }),
    );
    this.topic = new Topic(this, 'Topic', { displayName: `${stack.stackName} alarms`, masterKey: this.topicKey, enforceSSL: true });
    // The TLS-only policy replaces SNS's default one, so CloudWatch's right to publish is written out: this account's alarms.
    this.topic.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AllowCloudWatchAlarmsToPublish',
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: fromOurAlarms,
      }),
    );
    if (props.alarmEmail) this.topic.addSubscription(new EmailSubscription(props.alarmEmail));

    const functions = [...props.apiFunctions, ...props.backgroundFunctions];
    const setName = props.mail.configurationSet.configurationSetName;
    const own = [
      this.apiErrorsAlarm(props.httpApi),
      ...functions.flatMap(([handler, fn]) => this.functionAlarms(handler, fn, FAILURE_MEANS[triggerOf(handler, props)](setName))),
      this.tableThrottlesAlarm(props.table),
      this.stuckCampaignsAlarm(),
    ];
    this.alarms = [...own, ...props.alarms];
    const notify = new SnsAction(this.topic);
    for (const alarm of this.alarms) {
      alarm.addAlarmAction(notify);
      alarm.addOkAction(notify);
    }
    this.dashboard = this.buildDashboard(props, functions);
  }

  /** The share of requests answered 5xx: a count alone would say more of the traffic than of the failures. */
  private apiErrorsAlarm(httpApi: HttpApi): Alarm {
    return alarmAbove(this, 'Api5xxRate', {
      description:
        `More than ${API_5XX_PERCENT} % of the API's requests were answered 5xx in 5 minutes. A 503 is a dependency out of reach ` +
        '(DynamoDB, Cognito, SES paused: see TableThrottles and the SES alarms), a 500 an unexpected error, logged as ' +
        '"unexpected error" with its correlation_id. Find the routes in the access logs (status 5xx), then their ' +
        "functions' logs and X-Ray traces (README, Operations).",
      metric: apiErrorRate(httpApi, FIVE_MINUTES),
      threshold: API_5XX_PERCENT,
    });
  }

  /** Errors and throttles of one function, each summed over 5 minutes: any is one too many. */
  private functionAlarms(handler: string, fn: PressroomFunction, meaning: string): Alarm[] {
    const name = pascalCase(handler);
    return [
      alarmAbove(this, `${name}Errors`, {
        description: `functions/${handler} failed at least once in 5 minutes. ${meaning} Its log group and X-Ray traces say why (README, Operations).`,
        metric: fn.metricErrors({ period: FIVE_MINUTES, statistic: 'Sum' }),
        threshold: 0,
      }),
      alarmAbove(this, `${name}Throttles`, {
        description:
          `Lambda refused to run functions/${handler} at least once in 5 minutes: the account's concurrency is used up ` +
          'of the region. Callers got 503 (the API) or their events wait and are retried. Check ConcurrentExecutions ' +
          '(the dashboard) and ask AWS for a higher limit if the traffic is real (README, Operations).',
        metric: fn.metricThrottles({ period: FIVE_MINUTES, statistic: 'Sum' }),
        threshold: 0,
      }),
    ];
  }

  private tableThrottlesAlarm(table: Table): Alarm {
    return alarmAbove(this, 'TableThrottles', {
      description:
        'DynamoDB throttled reads or writes on the table or its index in 5 minutes. On demand, that is a burst past ' +
        "twice the table's previous peak, or one hot partition (a counter every request updates). The SDK retries " +
        'once; what still fails is answered 503. See which operation in ThrottledRequests; to see the hot keys, turn ' +
        'on CloudWatch Contributor Insights for the table while you look (README, Operations).',
      metric: tableThrottles(table, FIVE_MINUTES),
      threshold: 0,
    });
  }

  private stuckCampaignsAlarm(): Alarm {
    return alarmAbove(this, 'StuckCampaigns', {
      description:
        `A newsletter campaign has been sending with no progress for over ${CAMPAIGN_CHECK.quietMinutes} minutes ` +
        `(functions/newsletter/check-campaigns, every ${CAMPAIGN_CHECK.everyMinutes} minutes, logs "campaign stuck" with ` +
        `its id). Look at the sender's dead-letter queue and errors, and its lines with that correlation_id; replay ` +
        'the run from the dead-letter queue once the cause is fixed (README, Operations).',
      // Two checks a period: one late check does not let the alarm fall back to OK in between.
      metric: this.businessMetric(BUSINESS_METRICS.stuckCampaigns, Duration.minutes(2 * CAMPAIGN_CHECK.everyMinutes), 'Maximum'),
      threshold: 0,
    });
  }

  private businessMetric(metricName: BusinessMetric, period = FIVE_MINUTES, statistic = 'Sum'): Metric {
    return new Metric({ namespace: portalMetricsNamespace(this), metricName, dimensionsMap: { service: SERVICE_NAME }, statistic, period });
  }

  /** One page: every alarm's state, then the API, the functions, the table, SES, and the newsletter and accounts. */
  private buildDashboard(props: OperationsProps, functions: [string, PressroomFunction][]): Dashboard {
    const { httpApi, table } = props;
    const perFunction = (title: string, metricOf: (fn: PressroomFunction) => Metric) =>
      new GraphWidget({ title, width: 12, height: 8, left: functions.map(([handler, fn]) => metricOf(fn).with({ label: handler })), legendPosition: LegendPosition.RIGHT });
    const graph = (title: string, left: IMetric[], width = 8) => new GraphWidget({ title, width, height: 6, left });
    const dashboard = new Dashboard(this, 'Dashboard', { dashboardName: `${Stack.of(this).stackName}-operations`, defaultInterval: Duration.hours(24) });
    dashboard.addWidgets(new AlarmStatusWidget({ title: 'Alarms (README, Operations, says what each means)', alarms: this.alarms, width: 24, height: 6 }));
    dashboard.addWidgets(
      new TextWidget({ markdown: '## API', width: 24, height: 1 }),
      graph('Requests and 4xx / 5xx', [httpApi.metricCount({ statistic: 'Sum', period: FIVE_MINUTES }), httpApi.metricClientError({ statistic: 'Sum', period: FIVE_MINUTES }), httpApi.metricServerError({ statistic: 'Sum', period: FIVE_MINUTES })]),
      graph('5xx rate (%)', [apiErrorRate(httpApi, FIVE_MINUTES)]),
      graph('Latency (ms)', (['p50', 'p90', 'p99'] as const).map((statistic) => httpApi.metricLatency({ statistic, period: FIVE_MINUTES }))),
    );
    dashboard.addWidgets(
      new TextWidget({ markdown: '## Functions', width: 24, height: 1 }),
      perFunction('Errors', (fn) => fn.metricErrors({ statistic: 'Sum', period: FIVE_MINUTES })),
      perFunction('Throttles', (fn) => fn.metricThrottles({ statistic: 'Sum', period: FIVE_MINUTES })),
      perFunction('Duration p99 (ms)', (fn) => fn.metricDuration({ statistic: 'p99', period: FIVE_MINUTES })),
      perFunction('Invocations', (fn) => fn.metricInvocations({ statistic: 'Sum', period: FIVE_MINUTES })),
      // What throttling depends on: the account's concurrency is shared by every function in the region.
      graph('Concurrent executions (the whole account)', [new Metric({ namespace: 'AWS/Lambda', metricName: 'ConcurrentExecutions', statistic: 'Maximum', period: Duration.minutes(1) })], 24),
    );
    dashboard.addWidgets(
      new TextWidget({ markdown: '## Table', width: 24, height: 1 }),
      graph('Consumed capacity', [table.metricConsumedReadCapacityUnits({ period: FIVE_MINUTES }), table.metricConsumedWriteCapacityUnits({ period: FIVE_MINUTES })]),
      graph('Throttled reads and writes (table and index)', [tableThrottles(table, FIVE_MINUTES)]),
      graph('Latency of reads and writes (ms)', (['GetItem', 'Query', 'PutItem', 'UpdateItem', 'TransactWriteItems'] as const).map((operation) => table.metricSuccessfulRequestLatency({ dimensionsMap: { TableName: table.tableName, Operation: operation }, period: FIVE_MINUTES }))),
    );
    dashboard.addWidgets(
      new TextWidget({ markdown: '## SES (the whole account)', width: 24, height: 1 }),
      graph('Reputation: bounce and complaint rates', ['Reputation.BounceRate', 'Reputation.ComplaintRate'].map((metricName) => sesMetric(metricName, 'Maximum')), 12),
      graph('Sent, delivered, bounced, complained', ['Send', 'Delivery', 'Bounce', 'Complaint'].map((metricName) => sesMetric(metricName, 'Sum')), 12),
    );
    const senderQueue = props.deadLetterQueues.get(NEWSLETTER_SENDER);
    dashboard.addWidgets(
      new TextWidget({ markdown: '## Newsletter and accounts', width: 24, height: 1 }),
      graph('Newsletter', [
        this.businessMetric(BUSINESS_METRICS.newsletterEmailsSent),
        this.businessMetric(BUSINESS_METRICS.stuckCampaigns, FIVE_MINUTES, 'Maximum'),
        ...(senderQueue ? [senderQueue.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum', period: FIVE_MINUTES, label: "Sender's dead letters" })] : []),
      ]),
      graph('Accounts', [BUSINESS_METRICS.signUps, BUSINESS_METRICS.confirmations, BUSINESS_METRICS.codeEmailsSent, BUSINESS_METRICS.accountDeletions].map((name) => this.businessMetric(name))),
      graph('Downloads', [this.businessMetric(BUSINESS_METRICS.downloads)]),
    );
    return dashboard;
  }
}

function triggerOf(handler: string, props: OperationsProps): BackgroundFunction['trigger'] | 'http' {
  if (props.apiFunctions.has(handler)) return 'http';
  const background = backgroundFunctions.find((definition) => definition.handler === handler);
  if (!background) throw new Error(`No route or background function for handler ${handler}`);
  return background.trigger;
}

/** 5xx answers as a share of requests, in percent; a period without requests has no value. */
function apiErrorRate(httpApi: HttpApi, period: Duration): IMetric {
  return new MathExpression({
    expression: '100 * FILL(errors, 0) / requests',
    usingMetrics: { errors: httpApi.metricServerError({ statistic: 'Sum', period }), requests: httpApi.metricCount({ statistic: 'Sum', period }) },
    period,
    label: '5xx (% of requests)',
  });
}

/** Throttled reads and writes on the table and on each index, summed. */
function tableThrottles(table: Table, period: Duration): IMetric {
  const scopes = [{ TableName: table.tableName }, ...tableDesign.indexes.map((index) => ({ TableName: table.tableName, GlobalSecondaryIndexName: index.indexName }))];
  const usingMetrics: Record<string, IMetric> = {};
  scopes.forEach((dimensionsMap, index) => {
    usingMetrics[`reads${index}`] = table.metric('ReadThrottleEvents', { dimensionsMap, statistic: 'Sum', period });
    usingMetrics[`writes${index}`] = table.metric('WriteThrottleEvents', { dimensionsMap, statistic: 'Sum', period });
  });
  return new MathExpression({ expression: Object.keys(usingMetrics).map((name) => `FILL(${name}, 0)`).join(' + '), usingMetrics, period, label: 'Throttled reads and writes' });
}

/** SES's metrics for the whole account, which is what SES reviews (infra/mail.ts). */
const sesMetric = (metricName: string, statistic: string) => new Metric({ namespace: 'AWS/SES', metricName, statistic, period: Duration.hours(1) });
