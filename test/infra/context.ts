/** The context the infra tests synthesize with: cdk.json's, plus the origins every deploy must name itself. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** cdk.json's context values, as a deploy gets them unless it passes others. */
export interface CdkContext extends Record<string, unknown> {
  newsletterMaxSendRate: number;
  senderEmail: string;
  portalName: string;
  apiThrottleRate: number;
  apiThrottleBurst: number;
  logRetentionDays: number;
}

export const cdkContext = (JSON.parse(readFileSync(join(__dirname, '../../cdk.json'), 'utf8')) as { context: CdkContext }).context;

/** cdk.json has no allowedOrigins: a deploy passes its own, as `npm run synth` and these tests do. */
export const EXAMPLE_ORIGINS = ['https://media.example.org', 'https://editors.example.org:8443'];

/** Bundling every function with esbuild takes most of a synth; the template does not need the bundles. */
export const testContext = { ...cdkContext, allowedOrigins: EXAMPLE_ORIGINS.join(','), 'aws:cdk:bundling-stacks': [] };
