/**
 * What the roles of the synthesized stack allow, read as one "action on resource" line a grant however IAM
 * statements merge, and the resources the grants name, in the template's form.
 */
import { VIDEO_PREFIX } from '../../infra/definitions';
import type { PolicyProps, RoleProps, Statement } from './synthesized';
import { built, cfn, logicalIdOf, resourcesOf, roleOf } from './synthesized';

/** Every policy of the stack with the roles it is on: each role's inline policies, then the separate ones. */
export const rolePolicies = (): { roleIds: string[]; statements: Statement[] }[] => [
  ...Object.entries(resourcesOf<RoleProps>('AWS::IAM::Role')).map(([roleId, role]) => ({
    roleIds: [roleId],
    statements: (role.Properties.Policies ?? []).flatMap((policy) => policy.PolicyDocument.Statement),
  })),
  ...Object.values(resourcesOf<PolicyProps>('AWS::IAM::Policy')).map((policy) => ({
    roleIds: policy.Properties.Roles.map((ref) => ref.Ref),
    statements: policy.Properties.PolicyDocument.Statement,
  })),
];

/** Every statement of every policy attached to the function's role, inline or separate. */
export function statementsOf(handler: string): Statement[] {
  const roleId = roleOf(handler);
  return rolePolicies()
    .filter(({ roleIds }) => roleIds.includes(roleId))
    .flatMap(({ statements }) => statements);
}
export const actionsOf = (statement: Statement): string[] => [statement.Action].flat();

/** What the function's role allows, one "action on resource" line each, sorted (however IAM statements merge). */
export function grantsOf(handler: string, prefix = ''): string[] {
  return statementsOf(handler)
    .flatMap((statement) => {
      expect(statement.Effect).toBe('Allow');
      const resources = [statement.Resource].flat();
      return actionsOf(statement).flatMap((action) => resources.map((resource) => grant(action, resource)));
    })
    .filter((line) => line.toLowerCase().startsWith(prefix.toLowerCase()))
    .sort();
}
export const grant = (action: string, resource: unknown): string => `${action} on ${JSON.stringify(resource)}`;
/** `actions` on each of `resources`, as grantsOf writes them. */
export const grants = (actions: readonly string[], resources: readonly unknown[]): string[] =>
  actions.flatMap((action) => resources.map((resource) => grant(action, resource))).sort();

export const poolArn = () => cfn(built().stack.accounts.userPool.userPoolArn);
export const codeSecretArn = () => cfn(built().stack.accounts.codeSecret.secretArn);
export const newsletterSecretArn = () => cfn(built().stack.newsletter.secret.secretArn);
export const mailResources = () => [built().stack.mail.identity.emailIdentityArn, built().stack.mail.configurationSetArn].map(cfn);
/** Whom the newsletter is sent as, through what, with which template: the identity, configuration set and template. */
export const newsletterMailResources = () => [...mailResources(), cfn(built().stack.newsletter.templateArn)];
export const SECRET_READ = ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'];
/**
 * What each bucket access may do, written out here rather than imported, so a change in infra/function.ts shows.
 * Multipart create, upload-part and complete are authorized by s3:PutObject; HeadObject by s3:GetObject.
 */
export const S3_ACTIONS = {
  read: ['s3:GetObject'],
  upload: ['s3:AbortMultipartUpload', 's3:DeleteObject', 's3:GetObject', 's3:PutObject'],
} as const;
export const videoBucketId = () => logicalIdOf(built().stack.storage.videoBucket);
/** The objects under the video prefix (`<bucket ARN>/videos/*`), as the template holds them. */
export const videoObjects = () => ({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [videoBucketId(), 'Arn'] }, `/${VIDEO_PREFIX}*`]] });
