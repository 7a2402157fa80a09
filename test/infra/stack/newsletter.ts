/** The newsletter: start-campaign on the table's stream, the sender, their queues and grants, SES events, template and secret. */
import { publishedEventItem } from '../../../functions/editorial/published-event';
import * as newsletterApi from '../../../functions/newsletter/operations';
import { NEWSLETTER_TEMPLATE } from '../../../functions/newsletter/template';
import { backgroundFunctions, NEWSLETTER_SENDER } from '../../../functions/routes';
import { cdkContext } from '../context';
import { grants, grantsOf, newsletterMailResources, newsletterSecretArn, poolArn, SECRET_READ } from '../grants';
import { backgroundOf, handlerFor, handlers, invokesOf } from '../route-table';
import type { AlarmProps, GetAtt, PolicyDocument, Ref } from '../synthesized';
import {
  built,
  cfn,
  errorAlarmsOn,
  expectGeneratedRetainedSecret,
  functionArnOf,
  functionIdOf,
  functionOf,
  logicalIdOf,
  onlyResource,
  portalOrigin,
  resourceById,
  resourcesOf,
} from '../synthesized';

interface EventSourceMappingProps {
  FunctionName: Ref;
  EventSourceArn: GetAtt;
  StartingPosition: string;
  BatchSize: number;
  BisectBatchOnFunctionError: boolean;
  MaximumRetryAttempts: number;
  DestinationConfig: { OnFailure: { Destination: GetAtt } };
  FilterCriteria: { Filters: { Pattern: string }[] };
}
interface EventInvokeConfigProps {
  FunctionName: Ref;
  Qualifier: string;
  MaximumRetryAttempts: number;
  MaximumEventAgeInSeconds: number;
  DestinationConfig: { OnFailure: { Destination: GetAtt } };
}
interface QueueProps {
  SqsManagedSseEnabled?: boolean;
  KmsMasterKeyId?: unknown;
}

describe('newsletter', () => {
  const startCampaign = () => backgroundFunctions.find((background) => background.trigger === 'published-events')!.handler;
  const sesEvents = () => backgroundFunctions.find((background) => background.trigger === 'ses-events')!.handler;
  const queueIdOf = (destination: GetAtt) => destination['Fn::GetAtt'][0];

  /** Encrypted at rest, TLS only, and an alarm as soon as one message waits in it. */
  function expectWatchedDeadLetterQueue(queueId: string) {
    const queue = resourceById<QueueProps>(queueId);
    expect(queue.Type).toBe('AWS::SQS::Queue');
    expect(queue.Properties.SqsManagedSseEnabled === true || queue.Properties.KmsMasterKeyId !== undefined).toBe(true);
    const policies = Object.values(resourcesOf<{ Queues: Ref[]; PolicyDocument: PolicyDocument }>('AWS::SQS::QueuePolicy')).filter(
      (policy) => policy.Properties.Queues.some((ref) => ref.Ref === queueId),
    );
    expect(policies.flatMap((policy) => policy.Properties.PolicyDocument.Statement)).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Action: 'sqs:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
    const alarms = Object.values(resourcesOf<AlarmProps>('AWS::CloudWatch::Alarm')).filter(
      ({ Properties }) =>
        Properties.Namespace === 'AWS/SQS' &&
        JSON.stringify(Properties.Dimensions) === JSON.stringify([{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId, 'QueueName'] } }]),
    );
    expect(alarms).toHaveLength(1);
    expect(alarms[0]!.Properties).toMatchObject({
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      EvaluationPeriods: 1,
    });
  }

  /** The function's asynchronous invocations: retried twice within Lambda's bounds, then put in a watched dead-letter queue. */
  function expectFailedInvocationsKept(functionId: string) {
    const configs = Object.values(resourcesOf<EventInvokeConfigProps>('AWS::Lambda::EventInvokeConfig')).filter(
      ({ Properties }) => Properties.FunctionName.Ref === functionId,
    );
    expect(configs).toHaveLength(1);
    const config = configs[0]!.Properties;
    expect(config.MaximumRetryAttempts).toBe(2);
    expect(config.MaximumEventAgeInSeconds).toBeGreaterThanOrEqual(60);
    expect(config.MaximumEventAgeInSeconds).toBeLessThanOrEqual(6 * 3600);
    expectWatchedDeadLetterQueue(queueIdOf(config.DestinationConfig.OnFailure.Destination));
  }

  test('the route table has one function per trigger, and start-campaign invokes the sender', () => {
    expect(backgroundFunctions.map((background) => background.trigger).sort()).toEqual(['campaign-check', 'invocation', 'published-events', 'reputation-alarms', 'ses-events', 'token-generation']);
    expect(backgroundOf(NEWSLETTER_SENDER)?.trigger).toBe('invocation');
    expect(invokesOf(startCampaign())).toEqual([NEWSLETTER_SENDER]);
  });

  test('start-campaign reads the stream, filtered to ArticlePublished inserts, in bisected batches with a dead-letter queue', () => {
    const mapping = onlyResource<EventSourceMappingProps>('AWS::Lambda::EventSourceMapping').Properties;
    expect(mapping.FunctionName).toEqual({ Ref: functionIdOf(startCampaign()) });
    expect(mapping.EventSourceArn).toEqual({ 'Fn::GetAtt': [logicalIdOf(built().stack.data.table), 'StreamArn'] });
    expect(['TRIM_HORIZON', 'LATEST']).toContain(mapping.StartingPosition);
    expect(mapping.BatchSize).toBe(10);
    expect(mapping.BisectBatchOnFunctionError).toBe(true);
    // Bounded: the default (-1) retries a failing record until it expires from the stream, holding its shard back.
    expect(mapping.MaximumRetryAttempts).toBeGreaterThanOrEqual(0);
    expect(mapping.MaximumRetryAttempts).toBeLessThanOrEqual(10);
    expectWatchedDeadLetterQueue(queueIdOf(mapping.DestinationConfig.OnFailure.Destination));

    expect(mapping.FilterCriteria.Filters).toHaveLength(1);
    const patternText = mapping.FilterCriteria.Filters[0]!.Pattern;
    expect(patternText).toContain('INSERT');
    const pattern = JSON.parse(patternText) as { eventName: unknown; dynamodb: { NewImage: { pk: { S: { prefix: string }[] } } } };
    expect(pattern.eventName).toEqual(['INSERT']);
    // The prefix is the key the publishing transaction writes, up to the article's id: the shared item, not a copy.
    const articleId = 'art_0123456789';
    const { pk } = publishedEventItem(articleId, '2026-01-01T00:00:00.000Z', { sub: 'an-editor' });
    expect(pk.endsWith(articleId)).toBe(true);
    expect(pattern.dynamodb).toEqual({ NewImage: { pk: { S: [{ prefix: pk.slice(0, -articleId.length) }] } } });
    expect(patternText).toContain('EVENT#ArticlePublished#');
  });

  test('the sender runs up to 15 minutes, retries twice, dead-letters what still fails, and alarms on any error', () => {
    const senderId = functionIdOf(NEWSLETTER_SENDER);
    expect(functionOf(NEWSLETTER_SENDER).Properties).toMatchObject({ Timeout: 900 });
    expectFailedInvocationsKept(senderId);

    expect(errorAlarmsOn(senderId)).toEqual([expect.objectContaining({ Statistic: 'Sum', Period: 300, EvaluationPeriods: 1, Threshold: 0, ComparisonOperator: 'GreaterThanThreshold' })]);
  });

  test('the sender may invoke only itself, send only the newsletter, read only the newsletter secret, and not Cognito', () => {
    expect(grantsOf(NEWSLETTER_SENDER, 'lambda:')).toEqual(grants(['lambda:InvokeFunction'], [functionArnOf(NEWSLETTER_SENDER)]));
    expect(grantsOf(NEWSLETTER_SENDER, 'ses:')).toEqual(grants(['ses:SendBulkEmail'], newsletterMailResources()));
    expect(grantsOf(NEWSLETTER_SENDER, 'secretsmanager:')).toEqual(grants(SECRET_READ, [newsletterSecretArn()]));
    expect(grantsOf(NEWSLETTER_SENDER, 'cognito-idp:')).toEqual([]);
    // The template ARN names the shared template, and the grant holds no wildcard.
    expect(JSON.stringify(cfn(built().stack.newsletter.templateArn))).toContain(`:template/${NEWSLETTER_TEMPLATE.name}`);
    expect(JSON.stringify(grantsOf(NEWSLETTER_SENDER, 'ses:'))).not.toContain('*');
  });

  test("the sender is told the template, sender, links and pace, and not its own name (it reads Lambda's context)", () => {
    const variables = functionOf(NEWSLETTER_SENDER).Properties.Environment.Variables;
    expect(variables).toMatchObject({
      NEWSLETTER_TEMPLATE: NEWSLETTER_TEMPLATE.name,
      NEWSLETTER_MAX_SEND_RATE: String(cdkContext.newsletterMaxSendRate),
      // Unset, the front-end is the portal's own distribution.
      FRONTEND_URL: portalOrigin(),
      MAIL_FROM: cdkContext.senderEmail,
      PORTAL_NAME: cdkContext.portalName,
    });
    expect(variables.SES_CONFIGURATION_SET).toEqual(cfn(built().stack.mail.configurationSet.configurationSetName));
    expect(variables.PUBLIC_API_URL).toEqual(cfn(built().stack.api.url));
    expect(variables.NEWSLETTER_SECRET_ARN).toEqual(newsletterSecretArn());
    expect(JSON.stringify(variables)).not.toContain(functionIdOf(NEWSLETTER_SENDER));
  });

  test('start-campaign may invoke the sender and nothing else, is told its name, and nobody else may invoke it', () => {
    expect(grantsOf(startCampaign(), 'lambda:')).toEqual(grants(['lambda:InvokeFunction'], [functionArnOf(NEWSLETTER_SENDER)]));
    expect(functionOf(startCampaign()).Properties.Environment.Variables.NEWSLETTER_SENDER_FUNCTION).toEqual({
      Ref: functionIdOf(NEWSLETTER_SENDER),
    });
    const invokers = handlers.filter((handler) => grantsOf(handler, 'lambda:').length > 0);
    expect(invokers.sort()).toEqual([startCampaign(), NEWSLETTER_SENDER].sort());
  });

  test("ses-events is subscribed to the topic that is the configuration set's destination for bounces and complaints", () => {
    const destination = onlyResource<{
      ConfigurationSetName: Ref;
      EventDestination: { Enabled: boolean; MatchingEventTypes: string[]; SnsDestination: { TopicARN: Ref } };
    }>('AWS::SES::ConfigurationSetEventDestination').Properties;
    expect(destination.ConfigurationSetName).toEqual({ Ref: logicalIdOf(built().stack.mail.configurationSet) });
    expect(destination.EventDestination.Enabled).toBe(true);
    expect([...destination.EventDestination.MatchingEventTypes].sort()).toEqual(['bounce', 'complaint']);
    const topicId = logicalIdOf(built().stack.mail.events);
    expect(destination.EventDestination.SnsDestination.TopicARN).toEqual({ Ref: topicId });

    const subscription = onlyResource<{ Protocol: string; Endpoint: GetAtt; TopicArn: Ref }>('AWS::SNS::Subscription').Properties;
    expect(subscription).toEqual({ Protocol: 'lambda', Endpoint: functionArnOf(sesEvents()), TopicArn: { Ref: topicId } });
  });

  test('a bounce or complaint ses-events fails on is retried twice, then kept in a watched dead-letter queue', () => {
    expectFailedInvocationsKept(functionIdOf(sesEvents()));
    expect(Object.keys(resourcesOf('AWS::Lambda::EventInvokeConfig'))).toHaveLength(2);
  });

  test('ses-events may only look users up in the pool (and write the table), as the route table says', () => {
    expect(grantsOf(sesEvents(), 'cognito-idp:')).toEqual(grants(['cognito-idp:AdminGetUser'], [poolArn()]));
    for (const prefix of ['ses:', 'secretsmanager:', 'lambda:', 's3:']) expect([prefix, grantsOf(sesEvents(), prefix)]).toEqual([prefix, []]);
  });

  test('the events topic is encrypted with a rotated key SES may use, takes TLS only, and takes SES for our set only', () => {
    const topicId = logicalIdOf(built().stack.mail.events);
    const keyId = logicalIdOf(built().stack.mail.eventsKey);
    const topic = resourceById<{ KmsMasterKeyId: unknown }>(topicId).Properties;
    expect(topic.KmsMasterKeyId).toEqual({ 'Fn::GetAtt': [keyId, 'Arn'] });
    const key = resourceById<{ EnableKeyRotation: boolean; KeyPolicy: PolicyDocument }>(keyId).Properties;
    expect(key.EnableKeyRotation).toBe(true);
    const configurationSetArn = cfn(built().stack.mail.configurationSetArn);
    expect(key.KeyPolicy.Statement).toContainEqual(
      expect.objectContaining({
        Effect: 'Allow',
        Principal: { Service: 'ses.amazonaws.com' },
        Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        Condition: expect.objectContaining({ ArnLike: { 'aws:SourceArn': configurationSetArn } }) as unknown,
      }),
    );
    const statements = Object.values(resourcesOf<{ Topics: Ref[]; PolicyDocument: PolicyDocument }>('AWS::SNS::TopicPolicy'))
      .filter((policy) => policy.Properties.Topics.some((ref) => ref.Ref === topicId))
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement);
    expect(statements).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Action: 'sns:Publish', Principal: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
    const allows = statements.filter((statement) => statement.Effect === 'Allow');
    expect(allows).toEqual([
      expect.objectContaining({
        Action: 'sns:Publish',
        Principal: { Service: 'ses.amazonaws.com' },
        Condition: { StringEquals: { 'AWS:SourceAccount': { Ref: 'AWS::AccountId' }, 'AWS:SourceArn': configurationSetArn } },
      }),
    ]);
  });

  test('the SES template is the shared definition: name, subject, text and HTML', () => {
    const { Template: sesTemplate } = onlyResource<{ Template: Record<string, string> }>('AWS::SES::Template').Properties;
    expect(sesTemplate).toEqual({
      TemplateName: NEWSLETTER_TEMPLATE.name,
      SubjectPart: NEWSLETTER_TEMPLATE.subject,
      TextPart: NEWSLETTER_TEMPLATE.text,
      HtmlPart: NEWSLETTER_TEMPLATE.html,
    });
    // Created before the sender, which names it by its fixed name.
    const templateId = built().stack.getLogicalId(built().stack.newsletter.template);
    expect(resourceById(functionIdOf(NEWSLETTER_SENDER))).toMatchObject({ DependsOn: expect.arrayContaining([templateId]) as unknown });
  });

  test('the newsletter secret is generated at deploy, retained, and read only by unsubscribe-page, unsubscribe and the sender', () => {
    expectGeneratedRetainedSecret(built().stack.newsletter.secret);
    // Written out, not derived: a route that starts reading the key has to be added here on purpose.
    const expected = [handlerFor(newsletterApi.unsubscribePage), handlerFor(newsletterApi.unsubscribe), NEWSLETTER_SENDER];
    expect(expected.sort()).toEqual(['newsletter/send-campaign', 'newsletter/unsubscribe', 'newsletter/unsubscribe-page']);
    const readers = handlers.filter((handler) => grantsOf(handler).some((line) => line.includes(JSON.stringify(newsletterSecretArn()))));
    expect(readers.sort()).toEqual(expected.sort());
    for (const handler of readers) expect(grantsOf(handler, 'secretsmanager:')).toEqual(grants(SECRET_READ, [newsletterSecretArn()]));
  });

  test('the only "*" resources of any function role are ListStreams on start-campaign, and X-Ray\'s two actions', () => {
    // Every role acknowledges cdk-nag's IAM5[Resource::*] for X-Ray (infra/function.ts): this list is what holds them.
    const wildcards = handlers.flatMap((handler) => grantsOf(handler).filter((line) => line.endsWith(' on "*"')).map((line) => `${handler}: ${line}`));
    const xray = (handler: string) => ['xray:PutTelemetryRecords', 'xray:PutTraceSegments'].map((action) => `${handler}: ${action} on "*"`);
    expect(wildcards.sort()).toEqual([`${startCampaign()}: dynamodb:ListStreams on "*"`, ...handlers.flatMap(xray)].sort());
  });
});
