/**
 * What the deployed stack is made of, as far as its bill goes: read from the template `cdk synth` would write
 * (cdk.json's context, no bundling), so that the cost follows the stack as it changes: each function's memory and
 * tracing, the alarms, dashboards, custom metrics, secrets and keys, how long logs are kept, the format of the
 * API's access log and the newsletter's send rate.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { createApp } from '../infra/app';
import { NEWSLETTER_SENDER } from '../functions/routes';

export interface FunctionFacts {
  memoryMb: number;
  architecture: string;
  tracing: boolean;
  timeoutSeconds: number;
}

export interface TemplateFacts {
  /** By handler module (`accounts/login`), as the route table names them. */
  functions: Record<string, FunctionFacts>;
  alarms: number;
  dashboards: number;
  /** Distinct metrics the metric filters publish. */
  customMetrics: number;
  secrets: number;
  kmsKeys: number;
  /** The longest retention of the functions' log groups and the API's access log. */
  logRetentionDays: number;
  /** The API stage's access log line, with API Gateway's `$context` variables in it. */
  accessLogFormat: string;
  /** Emails per second the newsletter sender keeps under (NEWSLETTER_MAX_SEND_RATE). */
  newsletterSendRate: number;
}

interface Resource {
  Type: string;
  Properties: Record<string, unknown>;
}

/** The functions' descriptions are `functions/<handler module>` (infra/function.ts). */
const HANDLER_DESCRIPTION = /^functions\/(.+)$/;

export function templateFacts(): TemplateFacts {
  const cdkJson = JSON.parse(readFileSync(join(__dirname, '..', 'cdk.json'), 'utf8')) as { context: Record<string, unknown> };
  // The bundles (and the web build) do not change the template's resources; skipping them saves most of a synth.
  const { stack } = createApp({ context: { ...cdkJson.context, 'aws:cdk:bundling-stacks': [] } });
  const byId = (Template.fromStack(stack).toJSON() as { Resources: Record<string, Resource> }).Resources;
  const resources = Object.values(byId);
  const ofType = (type: string) => resources.filter((resource) => resource.Type === type).map((resource) => resource.Properties);
  const retentionOf = (logGroupId: string) => byId[logGroupId]!.Properties.RetentionInDays as number;

  const functions: Record<string, FunctionFacts> = {};
  const retentions: number[] = [];
  let newsletterSendRate = NaN;
  for (const properties of ofType('AWS::Lambda::Function')) {
    const handler = HANDLER_DESCRIPTION.exec(String(properties.Description))?.[1];
    if (!handler) continue;
    functions[handler] = {
      memoryMb: properties.MemorySize as number,
      architecture: (properties.Architectures as string[] | undefined)?.[0] ?? 'x86_64',
      tracing: (properties.TracingConfig as { Mode?: string } | undefined)?.Mode === 'Active',
      timeoutSeconds: properties.Timeout as number,
    };
    retentions.push(retentionOf((properties.LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref));
    if (handler === NEWSLETTER_SENDER) {
      newsletterSendRate = Number((properties.Environment as { Variables: Record<string, unknown> }).Variables.NEWSLETTER_MAX_SEND_RATE);
    }
  }
  const metricNames = ofType('AWS::Logs::MetricFilter').flatMap((properties) =>
    (properties.MetricTransformations as { MetricNamespace: string; MetricName: string }[]).map((metric) => `${metric.MetricNamespace}/${metric.MetricName}`),
  );
  const stage = ofType('AWS::ApiGatewayV2::Stage')[0] as { AccessLogSettings: { Format: string; DestinationArn: { 'Fn::GetAtt': [string, string] } } };
  retentions.push(retentionOf(stage.AccessLogSettings.DestinationArn['Fn::GetAtt'][0]));
  return {
    functions,
    alarms: ofType('AWS::CloudWatch::Alarm').length,
    dashboards: ofType('AWS::CloudWatch::Dashboard').length,
    customMetrics: new Set(metricNames).size,
    secrets: ofType('AWS::SecretsManager::Secret').length,
    kmsKeys: ofType('AWS::KMS::Key').length,
    logRetentionDays: Math.max(...retentions),
    accessLogFormat: stage.AccessLogSettings.Format,
    newsletterSendRate,
  };
}
