/**
 * Business metrics as CloudWatch embedded metric format (EMF): a JSON line on standard output that CloudWatch Logs
 * turns into a metric, with no PutMetricData call and no IAM grant. Written with Powertools' Metrics rather than by
 * hand through the logger: measured with the deployed esbuild settings, it adds 11.0 KB to a bundle and about 3 ms
 * to its import (median of 41 fresh Node processes: 30.5 -> 33.8 ms over the logger and middy), and unlike a line
 * through the logger it is written whatever the log level. Only the functions that count import it.
 */
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { BusinessMetric } from './business-metrics';
import { SERVICE_NAME } from './business-metrics';

/** The namespace comes from POWERTOOLS_METRICS_NAMESPACE (the stack's own, infra/function.ts). */
const metrics = new Metrics({ serviceName: SERVICE_NAME });

/**
 * Counts `value` of `metric`, written at once: a count is not lost if the invocation fails afterwards, and no
 * handler needs a middleware to flush it.
 */
export function count(metric: BusinessMetric, value = 1): void {
  metrics.addMetric(metric, MetricUnit.Count, value);
  metrics.publishStoredMetrics();
}
