/**
 * Creates, on the emulators, what the CDK stack creates on AWS — from the same definitions (infra/definitions.ts):
 * the table with its index, TTL and stream; the user pool with the password policy, its app client and the editors
 * group; the video bucket. Idempotent: a restart finds them and reuses them.
 */
import type {
  CognitoIdentityProviderClient} from '@aws-sdk/client-cognito-identity-provider';
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CreateGroupCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DescribeUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateTableCommand, DescribeTableCommand, UpdateTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import { CreateBucketCommand, HeadBucketCommand, PutBucketCorsCommand } from '@aws-sdk/client-s3';
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import { CreateConfigurationSetCommand, CreateEmailTemplateCommand } from '@aws-sdk/client-sesv2';
import { randomInt } from 'node:crypto';
import { tableDesign, userPoolDefinition } from '../infra/definitions';
import { passwordViolations } from '../functions/accounts/password-policy';
import { uploadCorsRule } from '../functions/common/cors';

const isMissing = (error: unknown, names: string[]): boolean => names.includes((error as Error).name);

export async function ensureTable(dynamodb: DynamoDBClient, tableName: string): Promise<void> {
  try {
    await dynamodb.send(new DescribeTableCommand({ TableName: tableName }));
    return;
  } catch (error) {
    if (!isMissing(error, ['ResourceNotFoundException'])) throw error;
  }
  const keyNames = [tableDesign.partitionKey, tableDesign.sortKey, ...tableDesign.indexes.flatMap((index) => [index.partitionKey, index.sortKey])];
  await dynamodb.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: keyNames.map((name) => ({ AttributeName: name, AttributeType: 'S' })),
      KeySchema: [
        { AttributeName: tableDesign.partitionKey, KeyType: 'HASH' },
        { AttributeName: tableDesign.sortKey, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: tableDesign.indexes.map((index) => ({
        IndexName: index.indexName,
        KeySchema: [
          { AttributeName: index.partitionKey, KeyType: 'HASH' },
          { AttributeName: index.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      })),
      StreamSpecification: { StreamEnabled: true, StreamViewType: tableDesign.streamView },
    }),
  );
  await dynamodb.send(
    new UpdateTimeToLiveCommand({
      TableName: tableName,
      TimeToLiveSpecification: { AttributeName: tableDesign.timeToLiveAttribute, Enabled: true },
    }),
  );
}

/** Returns the pool and client ids: the saved ones when the pool still exists, new ones otherwise. */
export async function ensureUserPool(
  cognito: CognitoIdentityProviderClient,
  saved: { userPoolId: string; userPoolClientId: string } | undefined,
): Promise<{ userPoolId: string; userPoolClientId: string }> {
  if (saved) {
    try {
      await cognito.send(new DescribeUserPoolCommand({ UserPoolId: saved.userPoolId }));
      return saved;
    } catch (error) {
      if (!isMissing(error, ['ResourceNotFoundException'])) throw error;
    }
  }
  const policy = userPoolDefinition.passwordPolicy;
  const { UserPool } = await cognito.send(
    new CreateUserPoolCommand({
      PoolName: 'pressroom-users',
      UsernameAttributes: [userPoolDefinition.usernameAttribute],
      // cognito-local enforces neither this nor the client's flows and write attributes: set to match AWS anyway.
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: !userPoolDefinition.selfSignUp },
      // No auto-verified attributes: our API sends and checks the codes. (Left out rather than [], which
      // cognito-local reads as "verify something" and then refuses every sign-up.)
      Policies: {
        PasswordPolicy: {
          MinimumLength: policy.minLength,
          RequireUppercase: policy.requireUppercase,
          RequireLowercase: policy.requireLowercase,
          RequireNumbers: policy.requireDigits,
          RequireSymbols: policy.requireSymbols,
        },
      },
    }),
  );
  const userPoolId = UserPool!.Id!;
  const { UserPoolClient } = await cognito.send(
    new CreateUserPoolClientCommand({
      UserPoolId: userPoolId,
      ClientName: 'pressroom-api',
      ExplicitAuthFlows: [...userPoolDefinition.authFlows],
      WriteAttributes: [...userPoolDefinition.writableAttributes],
      PreventUserExistenceErrors: 'ENABLED',
      EnableTokenRevocation: true,
      // As on AWS: cognito-local's tokens otherwise live 24 hours.
      AccessTokenValidity: userPoolDefinition.accessTokenMinutes,
      IdTokenValidity: userPoolDefinition.idTokenMinutes,
      RefreshTokenValidity: userPoolDefinition.refreshTokenDays,
      TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'days' },
    }),
  );
  for (const group of userPoolDefinition.groups) {
    await cognito.send(new CreateGroupCommand({ UserPoolId: userPoolId, GroupName: group }));
  }
  return { userPoolId, userPoolClientId: UserPoolClient!.ClientId! };
}

export async function ensureBucket(s3: S3Client, bucketName: string): Promise<void> {
  try {
    await s3.send(new HeadBucketCommand({ Bucket: bucketName }));
  } catch (error) {
    if (!isMissing(error, ['NotFound', 'NoSuchBucket'])) throw error;
    await s3.send(new CreateBucketCommand({ Bucket: bucketName }));
  }
}

/** The bucket's CORS rule as on AWS, so the local portal's browser uploads go through it as the deployed one's do. */
export async function allowBrowserUploads(s3: S3Client, bucketName: string, allowedOrigins: readonly string[]): Promise<void> {
  const rule = {
    AllowedOrigins: [...allowedOrigins],
    AllowedMethods: [...uploadCorsRule.allowedMethods],
    AllowedHeaders: [...uploadCorsRule.allowedHeaders],
    ExposeHeaders: [...uploadCorsRule.exposedHeaders],
    MaxAgeSeconds: uploadCorsRule.maxAgeSeconds,
  };
  await s3.send(new PutBucketCorsCommand({ Bucket: bucketName, CORSConfiguration: { CORSRules: [rule] } }));
}

/** A random password that meets the policy: 24 characters from every class, shuffled. */
export function randomPassword(): string {
  const classes = ['ABCDEFGHJKLMNPQRSTUVWXYZ', 'abcdefghijkmnopqrstuvwxyz', '23456789', '!#%+-=?@^_~'];
  const pick = (set: string) => set[randomInt(set.length)]!;
  const characters = classes.map(pick);
  const all = classes.join('');
  while (characters.length < 24) characters.push(pick(all));
  for (let i = characters.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [characters[i], characters[j]] = [characters[j]!, characters[i]!];
  }
  const password = characters.join('');
  if (passwordViolations(password).length > 0) throw new Error('Generated editor password breaks the policy');
  return password;
}

/** The editor account: confirmed, with a permanent password, in the editors group. */
export async function createEditor(cognito: CognitoIdentityProviderClient, userPoolId: string, email: string, password: string): Promise<void> {
  await cognito.send(
    new AdminCreateUserCommand({
      UserPoolId: userPoolId,
      Username: email,
      MessageAction: 'SUPPRESS',
      UserAttributes: [
        { Name: 'email', Value: email },
        { Name: 'email_verified', Value: 'true' },
        { Name: 'name', Value: 'Pressroom editor' },
      ],
    }),
  );
  await cognito.send(new AdminSetUserPasswordCommand({ UserPoolId: userPoolId, Username: email, Password: password, Permanent: true }));
  await cognito.send(new AdminAddUserToGroupCommand({ UserPoolId: userPoolId, Username: email, GroupName: userPoolDefinition.groups[0] }));
}

/** The newsletter's SES template, as the CDK stack creates it; the SES emulator keeps templates in memory only. */
/** The portal's configuration set, which the sending breaker pauses (infra/mail.ts makes it on AWS). */
export async function ensureConfigurationSet(ses: SESv2Client, name: string): Promise<void> {
  try {
    await ses.send(new CreateConfigurationSetCommand({ ConfigurationSetName: name }));
  } catch (error) {
    if (!isMissing(error, ['AlreadyExistsException'])) throw error;
  }
}

export async function ensureEmailTemplate(ses: SESv2Client, template: { name: string; subject: string; text: string; html: string }): Promise<void> {
  try {
    await ses.send(
      new CreateEmailTemplateCommand({
        TemplateName: template.name,
        TemplateContent: { Subject: template.subject, Text: template.text, Html: template.html },
      }),
    );
  } catch (error) {
    if (!isMissing(error, ['AlreadyExistsException'])) throw error;
  }
}
