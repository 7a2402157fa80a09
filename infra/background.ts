import { Duration, Validations } from 'aws-cdk-lib';
import type { Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { Policy, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { LambdaSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { LambdaVersion, UserPoolOperation } from 'aws-cdk-lib/aws-cognito';
import { ARTICLE_PUBLISHED } from '../functions/editorial/published-event';
import { CAMPAIGN_CHECK } from '../functions/newsletter/stuck-campaigns';
import type { BackgroundFunction } from '../functions/routes';
import { backgroundFunctions, NEWSLETTER_SENDER } from '../functions/routes';
import type { AccessTargets } from './access';
import { bindAccess, handlerAccess } from './access';
import { alarmAbove } from './alarms';
import { PressroomFunction, pascalCase } from './function';

/** The keys of the items the publishing transaction writes (functions/editorial/published-event.ts). */
export const PUBLISHED_EVENT_PREFIX = `EVENT#${ARTICLE_PUBLISHED}#`;

/** The variable that tells an invoking function the name of the function it invokes, by invoked handler. */
export const INVOKED_FUNCTION_VARIABLES: Readonly<Record<string, string>> = { [NEWSLETTER_SENDER]: 'NEWSLETTER_SENDER_FUNCTION' };

/** How the table's stream reaches `published-events` functions. */
export const STREAM_SETTINGS = {
  // From the oldest record the stream holds (24 hours), not from the mapping's creation: a publication written
  // while the mapping is being created or replaced is not lost. Replaying one is harmless: the campaign's id comes
  // from the article's and the sender claims each recipient once (functions/newsletter/campaigns.ts).
  startingPosition: StartingPosition.TRIM_HORIZON,
  batchSize: 10,
  // A batch that keeps failing is split until the failing record is alone; after these retries it goes to the
  // dead-letter queue (its shard and sequence numbers), the alarm fires, and the stream moves on.
  bisectBatchOnError: true,
  retryAttempts: 5,
} as const;

/** How the `invocation` functions' asynchronous invocations are retried. */
export const ASYNC_INVOKE_SETTINGS = {
  retryAttempts: 2,
  // Lambda's most: an event held back by throttling still runs within six hours, before it is dead-lettered.
  maxEventAge: Duration.hours(6),
} as const;

export interface BackgroundProps {
  targets: AccessTargets;
  logRetention: RetentionDays;
}

const DEAD_LETTER_QUEUE_REASON =
  'This queue is itself a dead-letter queue: the on-failure destination of a Lambda event source mapping or of ' +
  "a function's asynchronous invocations. cdk-nag only recognises queues named in an SQS redrive policy or a " +
  "function's DeadLetterConfig as dead-letter queues; a dead-letter queue of a dead-letter queue would only move " +
  'the same messages, and the alarm on this one already calls a person.';

const LIST_STREAMS_REASON =
  'dynamodb:ListStreams has no resource-level permission (it only accepts "*"), and Lambda\'s stream poller ' +
  'needs it for this function\'s event source mapping. It lists stream ARNs, no data: the records are readable ' +
  'only through DescribeStream, GetShardIterator and GetRecords, which are granted on this table\'s stream alone.';

/**
 * The functions no HTTP route calls, made from the route table's `backgroundFunctions`: each with the grants and
 * environment of its access (as route functions get theirs), its trigger, the functions it may invoke, and a
 * dead-letter queue with an alarm where a failed event would otherwise be lost (every function's errors and
 * throttles are alarmed on in infra/operations.ts).
 */
export class BackgroundFunctions extends Construct {
  /** The functions, by handler module (as in the route table). */
  readonly functions = new Map<string, PressroomFunction>();
  /** Where failed stream batches and failed asynchronous invocations go, by handler module. */
  readonly deadLetterQueues = new Map<string, Queue>();
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: BackgroundProps) {
    super(scope, id);
    for (const definition of backgroundFunctions) {
      if (this.functions.has(definition.handler)) throw new Error(`Background function ${definition.handler} is listed twice`);
      const fn = new PressroomFunction(this, `${pascalCase(definition.handler)}Function`, {
        functionName: definition.handler,
        logRetention: props.logRetention,
        ...(definition.timeoutSeconds !== undefined && { timeout: Duration.seconds(definition.timeoutSeconds) }),
      });
      bindAccess(fn, handlerAccess(definition.handler), props.targets);
      this.functions.set(definition.handler, fn);
    }
    // Triggers and invocations once every function exists: one may invoke a function listed after it.
    for (const definition of backgroundFunctions) {
      const fn = this.functionOf(definition.handler);
      switch (definition.trigger) {
        case 'published-events':
          this.readPublishedEvents(fn, definition, props.targets);
          break;
        case 'invocation':
          this.acceptInvocations(fn, definition);
          break;
        case 'ses-events':
          // SNS invokes it asynchronously: a notification it fails on is retried, then kept, not dropped.
          props.targets.mail.events.addSubscription(new LambdaSubscription(fn));
          this.keepFailedInvocations(fn, definition);
          break;
        case 'token-generation':
          // Version 2 of the event, the one that can change access tokens (needs the Essentials plan).
          props.targets.accounts.userPool.addTrigger(UserPoolOperation.PRE_TOKEN_GENERATION_CONFIG, fn, LambdaVersion.V2_0);
          break;
        case 'reputation-alarms':
          props.targets.mail.connectBreaker(fn);
          break;
        case 'campaign-check':
          new Rule(this, `${pascalCase(definition.handler)}Schedule`, {
            description: `Runs functions/${definition.handler}`,
            schedule: Schedule.rate(Duration.minutes(CAMPAIGN_CHECK.everyMinutes)),
            targets: [new LambdaFunction(fn)],
          });
          break;
      }
      for (const invoked of definition.invokes ?? []) this.allowInvocation(fn, invoked);
    }
  }

  functionOf(functionName: string): PressroomFunction {
    const fn = this.functions.get(functionName);
    if (!fn) throw new Error(`No background function for handler ${functionName}`);
    return fn;
  }

  /** The table's stream, filtered by Lambda to ArticlePublished inserts: the function is not even called for others. */
  private readPublishedEvents(fn: PressroomFunction, definition: BackgroundFunction, targets: AccessTargets): void {
    const deadLetters = this.deadLetterQueue(definition, 'stream batches it failed to process');
    fn.addEventSource(
      new DynamoEventSource(targets.table, {
        ...STREAM_SETTINGS,
        onFailure: new SqsDlq(deadLetters),
        filters: [
          FilterCriteria.filter({
            // isEqual is typed `any` in aws-cdk-lib; it is the pattern ["INSERT"].
            eventName: FilterRule.isEqual('INSERT') as unknown,
            dynamodb: { NewImage: { pk: { S: FilterRule.beginsWith(PUBLISHED_EVENT_PREFIX) } } },
          }),
        ],
      }),
    );
    // The event source grants ListStreams on "*", and nothing else without a resource: acknowledged for this
    // resource only, on this role only.
    Validations.of(fn.role!).acknowledge({ id: 'AwsSolutions-IAM5[Resource::*]', reason: LIST_STREAMS_REASON });
  }

  /**
   * Invoked asynchronously by the functions that name it in `invokes`, and by itself to go on where a run stopped
   * (with the name Lambda gives it in its context, so its environment does not name it). Retried, then
   * dead-lettered.
   */
  private acceptInvocations(fn: PressroomFunction, definition: BackgroundFunction): void {
    this.keepFailedInvocations(fn, definition);
    // A policy of its own rather than the role's default policy: the function waits for its default policy before
    // it is created, and the default policy would wait for the function's ARN.
    const selfInvocation = new Policy(this, `${pascalCase(definition.handler)}SelfInvocation`, {
      statements: [new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [fn.functionArn] })],
    });
    fn.role!.attachInlinePolicy(selfInvocation);
  }

  /** Asynchronous invocations are retried, then sent to a dead-letter queue (with its alarm) rather than dropped. */
  private keepFailedInvocations(fn: PressroomFunction, definition: BackgroundFunction): void {
    const deadLetters = this.deadLetterQueue(definition, 'invocations that failed every attempt or expired');
    fn.configureAsyncInvoke({ ...ASYNC_INVOKE_SETTINGS, onFailure: new SqsDestination(deadLetters) });
  }

  /** Lets `fn` invoke that function (unqualified, as by its name) and tells it the name. */
  private allowInvocation(fn: PressroomFunction, invokedHandler: string): void {
    const invoked = this.functionOf(invokedHandler);
    const variable = INVOKED_FUNCTION_VARIABLES[invokedHandler];
    if (!variable) throw new Error(`No environment variable names the function of ${invokedHandler} to its invokers`);
    if (!backgroundFunctions.some((other) => other.handler === invokedHandler && other.trigger === 'invocation')) {
      throw new Error(`${invokedHandler} is invoked but its trigger is not 'invocation'`);
    }
    // Written out rather than invoked.grantInvoke(fn), which adds `<arn>:*` (every version and alias) too.
    fn.addToRolePolicy(new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [invoked.functionArn] }));
    fn.addEnvironment(variable, invoked.functionName);
  }

  /** An encrypted, TLS-only queue that holds what the function could not process, with an alarm on its first message. */
  private deadLetterQueue(definition: BackgroundFunction, holds: string): Queue {
    const name = pascalCase(definition.handler);
    const queue = new Queue(this, `${name}DeadLetters`, {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // SQS's longest: time to look into a failure and replay what it held.
      retentionPeriod: Duration.days(14),
    });
    Validations.of(queue).acknowledge({ id: 'AwsSolutions-SQS3', reason: DEAD_LETTER_QUEUE_REASON });
    this.deadLetterQueues.set(definition.handler, queue);
    this.alarms.push(
      alarmAbove(this, `${name}DeadLettersAlarm`, {
        description:
          `functions/${definition.handler}: ${holds} are waiting in its dead-letter queue. Find why in the function's ` +
          'logs, fix the cause, then replay them (README, Operations).',
        metric: queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
        threshold: 0,
      }),
    );
    return queue;
  }
}
