/**
 * Secrets generated at deploy time: on AWS they live in Secrets Manager (the function gets the secret's ARN);
 * locally `npm start` generates them into a file under .pressroom/ (SECRETS_FILE). Fetched once per instance,
 * on first use, so a cold start that does not need one does not pay for it.
 */
import { readFile } from 'node:fs/promises';
import type { AwsService } from './aws/signed-request';
import { awsJsonRequest } from './aws/signed-request';

/** `codes` keys the hashes of codes and addresses; `newsletter` signs unsubscribe links. */
export type SecretName = 'codes' | 'newsletter';

const ENV_ARN: Record<SecretName, string> = { codes: 'CODE_SECRET_ARN', newsletter: 'NEWSLETTER_SECRET_ARN' };
const cache = new Map<SecretName, Promise<Buffer>>();
/**
 * One JSON call through the signer that SES, S3 and Lambda Invoke need anyway, not the SDK client. Measured against
 * @aws-sdk/client-secrets-manager 3.1164 with the same timeouts and attempts: the client adds 10.8-13.8 KB to the
 * eight bundles that read a secret and also call DynamoDB (no import time beyond noise), and 123 KB to
 * unsubscribe-page, which calls nothing else (import 40.0 -> 68.8 ms, medians of 21).
 */
const SECRETS_MANAGER: AwsService = { signingName: 'secretsmanager', endpointPrefix: 'secretsmanager', endpointEnv: 'AWS_ENDPOINT_URL_SECRETS_MANAGER' };

async function fetchSecret(name: SecretName): Promise<Buffer> {
  const file = process.env.SECRETS_FILE;
  if (file) {
    const secrets = JSON.parse(await readFile(file, 'utf8')) as Partial<Record<SecretName, string>>;
    const value = secrets[name];
    if (!value) throw new Error(`Secret ${name} is missing from ${file}`);
    return Buffer.from(value, 'base64');
  }
  const arn = process.env[ENV_ARN[name]];
  if (!arn) throw new Error(`Missing environment variable ${ENV_ARN[name]}`);
  const { SecretString } = await awsJsonRequest<{ SecretString?: string }>(SECRETS_MANAGER, {
    method: 'POST',
    path: '/',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'secretsmanager.GetSecretValue' },
    body: { SecretId: arn },
  });
  if (!SecretString) throw new Error(`Secret ${name} is empty`);
  return Buffer.from(SecretString, 'utf8');
}

export function secret(name: SecretName): Promise<Buffer> {
  let pending = cache.get(name);
  if (!pending) {
    // A failed fetch is not cached: the next request tries again.
    pending = fetchSecret(name).catch((error: unknown) => {
      cache.delete(name);
      throw error;
    });
    cache.set(name, pending);
  }
  return pending;
}
