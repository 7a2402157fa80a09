import { CfnOutput, Stack } from 'aws-cdk-lib';
import type { IGrantable } from 'aws-cdk-lib/aws-iam';
import { Grant } from 'aws-cdk-lib/aws-iam';
import { ConfigurationSet, EmailIdentity, Identity, SuppressionReasons } from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';

/** Who the mail comes from: a whole domain (DKIM-signed, any address at it) or a single verified address. */
export type Sender = { domain: string; address: string } | { address: string };

export interface MailProps {
  sender: Sender;
}

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
    if ('domain' in sender) {
      // The domain is verified once these CNAMEs are published in its DNS (no hosted zone is looked up here).
      this.identity.dkimRecords.forEach((record, index) => {
        new CfnOutput(this, `DkimRecord${index + 1}`, { value: `${record.name} CNAME ${record.value}` });
      });
    }
  }

  /**
   * Lets `grantee` send single messages (SES v2 SendEmail) from this identity with this configuration set, and
   * nothing else. SendBulkEmail is a separate action that no function calls yet.
   */
  grantSend(grantee: IGrantable): Grant {
    return Grant.addToPrincipal({
      grantee,
      actions: ['ses:SendEmail'],
      resourceArns: [this.identity.emailIdentityArn, this.configurationSetArn],
    });
  }
}
