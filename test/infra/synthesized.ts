/**
 * The stack as the infra tests read it: synthesized with the test context once per jest suite (a synth takes
 * seconds), the shapes CloudFormation writes, and lookups of resources and functions in a template.
 */
import type { CfnResource } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { createApp } from '../../infra/app';
import { testContext } from './context';
import { handlers } from './route-table';

/** The parts of the template these tests read, typed as CloudFormation writes them. */
export type Ref = { Ref: string };
export type GetAtt = { 'Fn::GetAtt': [string, string] };
export interface Resource<P> {
  Type: string;
  Properties: P;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
}
export interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Principal?: unknown;
  Condition?: unknown;
}
export interface PolicyDocument {
  Statement: Statement[];
}
export interface FunctionProps {
  Description: string;
  Role: GetAtt;
  Environment: { Variables: Record<string, unknown> };
  LoggingConfig: { LogGroup: Ref };
}
export interface RoleProps {
  ManagedPolicyArns?: unknown[];
  Policies?: { PolicyDocument: PolicyDocument }[];
}
export interface PolicyProps {
  Roles: Ref[];
  PolicyDocument: PolicyDocument;
}
export interface AlarmProps {
  AlarmDescription: unknown;
  AlarmActions?: unknown[];
  OKActions?: unknown[];
  Namespace?: string;
  MetricName?: string;
  Dimensions?: { Name: string; Value: unknown }[];
  Statistic?: string;
  Period?: number;
  /** A metric math alarm's metrics and expression, instead of Namespace, MetricName, Statistic and Period. */
  Metrics?: { Id: string; Expression?: string; ReturnData?: boolean; MetricStat?: { Metric: { Namespace: string; MetricName: string; Dimensions?: unknown[] }; Stat: string; Period: number } }[];
  EvaluationPeriods: number;
  Threshold: number;
  ComparisonOperator: string;
  TreatMissingData: string;
}
interface SecretProps {
  GenerateSecretString?: unknown;
  SecretString?: unknown;
}

export function synthesize(context: Record<string, unknown> = testContext) {
  const { app, stack } = createApp({ context });
  const assembly = app.synth();
  return { app, stack, assembly, template: Template.fromStack(stack) };
}

let shared: ReturnType<typeof synthesize> | undefined;
/** The stack with the test context, synthesized at its first use and shared from then on. */
export const built = (): ReturnType<typeof synthesize> => (shared ??= synthesize());
export const template = (): Template => built().template;

export const logicalIdOf = (construct: { node: { defaultChild?: unknown } }): string =>
  built().stack.getLogicalId(construct.node.defaultChild as CfnResource);
export const resourcesOf = <P>(type: string, from: Template = template()) => from.findResources(type) as Record<string, Resource<P>>;
export const resourceById = <P>(id: string, from: Template = template()) =>
  (from.toJSON() as { Resources: Record<string, Resource<P>> }).Resources[id]!;
export const onlyResource = <P>(type: string): Resource<P> => {
  const found = Object.values(resourcesOf<P>(type));
  expect(found).toHaveLength(1);
  return found[0]!;
};
/** CloudFormation's form of an ARN (or name) token of the stack, as the template holds it. */
export const cfn = (token: string): unknown => built().stack.resolve(token);
/** The portal's origin as the template holds it: https:// and the distribution's domain name. */
/** The role of CDK's handler that deploys the portal's files. */
export const deploymentRoleId = (): string => logicalIdOf(built().stack.webContent.handlerRole);
export const portalOrigin = () => ({ 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [logicalIdOf(built().stack.web.distribution), 'DomainName'] }]] });

/** The function serving `handler`, found by its description (functions/<handler>). */
export function functionOf(handler: string, from: Template = template()): Resource<FunctionProps> {
  return resourceById<FunctionProps>(functionIdOf(handler, from), from);
}
export function functionIdOf(handler: string, from: Template = template()): string {
  const matches = Object.entries(resourcesOf<FunctionProps>('AWS::Lambda::Function', from)).filter(
    ([, resource]) => resource.Properties.Description === `functions/${handler}`,
  );
  expect(matches).toHaveLength(1);
  return matches[0]![0];
}
export const functionArnOf = (handler: string) => ({ 'Fn::GetAtt': [functionIdOf(handler), 'Arn'] });
export const roleOf = (handler: string) => functionOf(handler).Properties.Role['Fn::GetAtt'][0];
/** Each function's value of `variable` with `settings` added to the test context, beside its handler to name it on failure. */
export function variableOfEach(variable: string, settings: Record<string, unknown>): [string, unknown][] {
  const { template: other } = synthesize({ ...testContext, ...settings });
  return handlers.map((handler) => [handler, functionOf(handler, other).Properties.Environment.Variables[variable]]);
}

/** The alarm topic, as alarm actions name it. */
export const alarmTopic = (): Ref => ({ Ref: logicalIdOf(built().stack.operations.topic) });

/** The alarms on a function's Lambda errors. */
export const errorAlarmsOn = (functionId: string) =>
  Object.values(resourcesOf<AlarmProps>('AWS::CloudWatch::Alarm'))
    .map(({ Properties }) => Properties)
    .filter(({ Namespace, MetricName, Dimensions }) => Namespace === 'AWS/Lambda' && MetricName === 'Errors' && JSON.stringify(Dimensions) === JSON.stringify([{ Name: 'FunctionName', Value: { Ref: functionId } }]));

/** A secret Secrets Manager generates at deploy, so that it is in no template, and keeps when the stack goes. */
export function expectGeneratedRetainedSecret(construct: { node: { defaultChild?: unknown } }): void {
  const secret = resourceById<SecretProps>(logicalIdOf(construct));
  expect(secret.Type).toBe('AWS::SecretsManager::Secret');
  expect(secret.DeletionPolicy).toBe('Retain');
  expect(secret.UpdateReplacePolicy).toBe('Retain');
  expect(secret.Properties.GenerateSecretString).toEqual({ PasswordLength: 64, ExcludePunctuation: true });
  expect(secret.Properties.SecretString).toBeUndefined();
}
