import type { IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import type { Construct } from 'constructs';

export interface AlarmAboveProps {
  /** What the alarm means and what to do about it: the first thing a person reads. */
  description: string;
  metric: IMetric;
  threshold: number;
}

/**
 * The stack's one kind of alarm: in ALARM as soon as one period's value is above the threshold. A period without
 * data is no breach: most of these metrics only exist when something goes wrong.
 */
export function alarmAbove(scope: Construct, id: string, props: AlarmAboveProps): Alarm {
  return new Alarm(scope, id, {
    alarmDescription: props.description,
    metric: props.metric,
    threshold: props.threshold,
    comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
    evaluationPeriods: 1,
    treatMissingData: TreatMissingData.NOT_BREACHING,
  });
}
