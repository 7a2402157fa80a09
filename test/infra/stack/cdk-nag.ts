/** cdk-nag's AWS Solutions rules: registered by createApp, and no unacknowledged finding on the stack. */
import { Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createApp } from '../../../infra/app';
import { testContext } from '../context';
import { built } from '../synthesized';

interface ValidationReport {
  pluginReports: { pluginName: string; violations: { ruleName: string; severity: string; violatingConstructs: unknown }[] }[];
}

describe('cdk-nag (AwsSolutions)', () => {
  // cdk-nag 3 is a policy validation plugin, not an aspect: its findings are not annotations but the synth's
  // validation report (and an exception from synth() under jest when one is an error).
  test('the synth validation report holds no unacknowledged finding', () => {
    const reportFile = join(built().assembly.directory, 'validation-report.json');
    const report: ValidationReport = existsSync(reportFile)
      ? (JSON.parse(readFileSync(reportFile, 'utf8')) as ValidationReport)
      : { pluginReports: [] };
    const findings = report.pluginReports.flatMap((plugin) =>
      plugin.violations
        .filter((violation) => ['error', 'warning', 'fatal'].includes(violation.severity))
        .map((violation) => `${plugin.pluginName}: ${violation.ruleName} ${JSON.stringify(violation.violatingConstructs)}`),
    );
    expect(findings).toEqual([]);
  });

  test('finds no unacknowledged error or warning when run on the app directly', () => {
    const { violations } = new AwsSolutionsChecks().validateScope(built().app);
    expect(violations.map((violation) => `${violation.ruleName} ${JSON.stringify(violation.violatingResources)}`)).toEqual([]);
  });

  test('no error or warning annotations on the stack', () => {
    const annotations = Annotations.fromStack(built().stack);
    expect(annotations.findError('*', Match.anyValue())).toEqual([]);
    expect(annotations.findWarning('*', Match.anyValue())).toEqual([]);
  });

  test('is registered by createApp: a non-compliant resource fails the synth', () => {
    const { app } = createApp({ context: testContext });
    new Bucket(new Stack(app, 'Probe'), 'UnloggedBucket', { enforceSSL: true });
    expect(() => app.synth()).toThrow(/AwsSolutions-S1/);
  });
});
