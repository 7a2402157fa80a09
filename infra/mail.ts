import { ArnFormat, CfnOutput, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { IGrantable } from 'aws-cdk-lib/aws-iam';
import { Grant, PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
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

/** Who the mail comes from: a whole domain (DKIM-signed, any address at it) or a single verified address. */
export type Sender = { domain: string; address: string } | { address: string };

export interface MailProps {
  sender: Sender;
}

/** The SES events of the configuration set that reach `Mail.events`: what makes an address undeliverable. */
export const MAIL_EVENTS = [EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT] as const;

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
