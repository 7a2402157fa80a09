/**
 * The sending circuit breaker. CloudWatch invokes it when an alarm on SES's bounce or complaint rate for the account
 * goes into ALARM (infra/mail.ts). Past SES's review thresholds, SES may pause the whole account, which would stop
 * codes and newsletters for everyone until AWS is satisfied; pausing our own configuration set first stops what
 * drives the rate (bounces from made-up addresses, say) while the rate can still fall back.
 * It only ever pauses: sending resumes when a person has found the cause (README, Operations).
 */
import type { CloudWatchAlarmEvent } from 'aws-lambda';
import { putConfigurationSetSendingOptionsRequest } from '../../common/aws/ses';
import { requiredEnv } from '../../common/config';
import { backgroundHandler, logger } from '../../common/logger';

const configurationSet = requiredEnv('SES_CONFIGURATION_SET');

/** The correlation id is the alarm's name: Lambda's retries of one invocation, and the alarm's own log, name it too. */
export const handler = backgroundHandler((event: CloudWatchAlarmEvent) => event.alarmData.alarmName, async (event): Promise<void> => {
  const { alarmName, state } = event.alarmData;
  // The alarms invoke it on ALARM only; any other state is no reason to pause.
  if (state.value !== 'ALARM') {
    logger.info('alarm not in ALARM: sending left as it is', { alarmName, state: state.value });
    return;
  }
  await putConfigurationSetSendingOptionsRequest({ ConfigurationSetName: configurationSet, SendingEnabled: false });
  logger.warn('mail sending paused', { alarmName, reason: state.reason, configurationSet });
});
