/**
 * The CDK app (`cdk synth`, `cdk deploy`): one stack, checked by cdk-nag's AWS Solutions rules at every synth.
 * Nothing is looked up in an AWS account, so it synthesizes offline.
 */
import type { AppProps } from 'aws-cdk-lib';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { PressroomStack } from './stack';

export function createApp(props: AppProps = {}): { app: App; stack: PressroomStack } {
  const app = new App(props);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  const stack = new PressroomStack(app, 'Pressroom', {
    description: 'Pressroom: the serverless backend of a media portal',
    // Set by the CLI from the current profile when there is one; otherwise the stack stays environment-agnostic.
    env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
  });
  return { app, stack };
}

// The CLI runs this file; the app synthesizes itself when the process ends. Tests import createApp instead.
if (require.main === module) createApp();
