import { ArnFormat, CfnOutput, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import { Metric } from 'aws-cdk-lib/aws-cloudwatch';
import { LambdaAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IGrantable } from 'aws-cdk-lib/aws-iam';
import { Grant, PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import {
  ConfigurationSet,
  EmailIdentity,
  EmailSendingEvent,
  EventDestination,
  Identity,
  SuppressionReasons,
} from 'aws-cdk-lib/aws-ses';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { alarmAbove } from './alarms';

/** Who the mail comes from: a whole domain (DKIM-signed, any address at it) or a single verified address. */
export type Sender = { domain: string; address: string } | { address: string };

export interface MailProps {
  sender: Sender;
}

/** The SES events of the configuration set that reach `Mail.events`: what makes an address undeliverable. */
export const MAIL_EVENTS = [EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT] as const;

/**
 * SES's reputation metrics for the whole account (rates from 0 to 1, over SES's own representative volume of recent
 * mail, published only once there is a bounce or a complaint) and the rate at which SES puts an account under
 * review; it may pause the account's sending at 10 % bounces or 0.5 % complaints.
 */
const REPUTATION_LIMITS = [
  {
    id: 'BounceRate',
    metricName: 'Reputation.BounceRate',
    threshold: 0.05,
    description:
      "SES's bounce rate for this account is above 5 % (SES reviews an account there and may pause it at 10 %). The " +
      "breaker (functions/mail/pause-sending) has paused sending on the portal's configuration set: no codes and no " +
      'newsletters go out (sign-ups answer 503, resends and resets 202 as always). Find the cause (SES console, ' +
      'Reputation metrics; the code request budget alarms; a burst of sign-ups for made-up addresses?), stop it, ' +
      'then resume sending (README, Operations):',
  },
  {
    id: 'ComplaintRate',
    metricName: 'Reputation.ComplaintRate',
    threshold: 0.001,
    description:
      "SES's complaint rate for this account is above 0.1 % (SES reviews an account there and may pause it at " +
      "0.5 %). The breaker (functions/mail/pause-sending) has paused sending on the portal's configuration set: no " +
      'codes and no newsletters go out (sign-ups answer 503, resends and resets 202 as always). Find which mail draws ' +
      'complaints (the last newsletter? codes to people who never asked?), stop it, then resume sending ' +
      '(README, Operations):',
  },
] as const;

/**
 * Sending through SES v2: the sender's identity, and a configuration set that tracks reputation and keeps bounced
 * and complaining addresses off every later send. Functions send through `grantSend` (PressroomFunction.bindMail).
 */
export class Mail extends Construct {
  readonly identity: EmailIdentity;
  readonly configurationSet: ConfigurationSet;
  /** What IAM checks, beside the identity, when a send names the configuration set. */
  readonly configurationSetArn: string;
  /** The From address the functions should use. */
  readonly fromAddress: string;
  /**
   * Bounces and complaints of every send through the configuration set (MAIL_EVENTS), as SES publishes them: the
   * newsletter's ses-events function subscribes to it and suppresses those addresses in our own records.
   */
  readonly events: Topic;
  /** The topic's key: SES cannot publish to a topic under the AWS managed key (aws/sns), whose policy is fixed. */
  readonly eventsKey: Key;
  /** One alarm per REPUTATION_LIMITS entry; their action is the breaker (`connectBreaker`), and they tell people too. */
  readonly reputationAlarms: readonly Alarm[];

  constructor(scope: Construct, id: string, props: MailProps) {
    super(scope, id);
    const { sender } = props;
    this.fromAddress = sender.address;
    this.configurationSet = new ConfigurationSet(this, 'ConfigurationSet', {
      reputationMetrics: true,
      suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
    this.configurationSetArn = Stack.of(this).formatArn({
      service: 'ses',
      resource: 'configuration-set',
      resourceName: this.configurationSet.configurationSetName,
    });
    const setName = this.configurationSet.configurationSetName;
    this.reputationAlarms = REPUTATION_LIMITS.map(({ id, metricName, threshold, description }) =>
      alarmAbove(this, `${id}Alarm`, {
        description: `${description} aws sesv2 put-configuration-set-sending-options --configuration-set-name ${setName} --sending-enabled`,
        // The metric is already SES's rolling rate: its highest value in the hour is what SES itself has seen, and
        // an hour spans the gaps between SES's data points without the alarm falling back to OK in between.
        metric: new Metric({ namespace: 'AWS/SES', metricName, statistic: 'Maximum', period: Duration.hours(1) }),
        threshold,
      }),
    );
    this.identity = new EmailIdentity(this, 'Identity', {
      identity: 'domain' in sender ? Identity.domain(sender.domain) : Identity.email(sender.address),
      configurationSet: this.configurationSet,
    });

    const stack = Stack.of(this);
    this.eventsKey = new Key(this, 'EventsKey', {
      description: 'Encrypts the SES bounce and complaint events on their SNS topic',
      enableKeyRotation: true,
      // It protects messages in flight only: once the topic is gone, nothing encrypted under it is left to read.
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(7),
    });
    // SNS encrypts what SES publishes under a data key it asks KMS for on SES's behalf, with the publisher's source
    // (this configuration set) and the topic (SNS always puts it in the encryption context). Naming the topic's own
    // ARN here would make the key and the topic refer to each other, so the context is bound to this account's
    // topics in this region, and the source to our configuration set.
    this.eventsKey.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AllowSesToPublishToTheEventsTopic',
        principals: [new ServicePrincipal('ses.amazonaws.com')],
        actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        resources: ['*'],
        conditions: {
          ArnLike: { 'aws:SourceArn': this.configurationSetArn },
          StringLike: {
            'kms:EncryptionContext:aws:sns:topicArn': stack.formatArn({ service: 'sns', resource: '*', arnFormat: ArnFormat.NO_RESOURCE_NAME }),
          },
        },
      }),
    );
    this.events = new Topic(this, 'Events', {
      displayName: 'SES bounces and complaints',
      masterKey: this.eventsKey,
      // A Deny on sns:Publish without TLS (cdk-nag SNS3), beside SES's Allow that the event destination adds.
      enforceSSL: true,
    });
    // Adds the topic policy statement that lets SES publish for this configuration set (and this account) only.
    this.configurationSet.addEventDestination('Events', {
      destination: EventDestination.snsTopic(this.events),
      events: [...MAIL_EVENTS],
    });

    if ('domain' in sender) {
      // The domain is verified once these CNAMEs are published in its DNS (no hosted zone is looked up here).
      this.identity.dkimRecords.forEach((record, index) => {
        new CfnOutput(this, `DkimRecord${index + 1}`, { value: `${record.name} CNAME ${record.value}` });
      });
    }
  }

  /**
   * Makes `breaker` (functions/mail/pause-sending.ts) the action of every reputation alarm: CloudWatch invokes it
   * directly, asynchronously, when one goes into ALARM. Lambda retries it twice, and after that the reputation
   * alarm, still in ALARM, does not invoke it again: its errors alarm (infra/operations.ts) tells people.
   */
  connectBreaker(breaker: IFunction): void {
    // A permission per alarm (their ids would collide otherwise), each for that alarm's ARN only.
    for (const alarm of this.reputationAlarms) alarm.addAlarmAction(new LambdaAction(breaker, { useUniquePermissionId: true }));
  }

  /** Lets `grantee` pause (or resume) sending on the configuration set, and nothing else. */
  grantPauseSending(grantee: IGrantable): Grant {
    return Grant.addToPrincipal({ grantee, actions: ['ses:PutConfigurationSetSendingOptions'], resourceArns: [this.configurationSetArn] });
  }

  /**
   * Lets `grantee` send single messages (SES v2 SendEmail) from this identity with this configuration set, and
   * nothing else. SendBulkEmail is a separate action, for the newsletter only (Newsletter.grantSendBulk).
   */
  grantSend(grantee: IGrantable): Grant {
    return Grant.addToPrincipal({
      grantee,
      actions: ['ses:SendEmail'],
      resourceArns: [this.identity.emailIdentityArn, this.configurationSetArn],
    });
  }
}
