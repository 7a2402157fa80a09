/**
 * The environment a shipped function runs with: the variables its template gives it, as shipped, with the local
 * stack in place of what CloudFormation resolves at deploy, and what Lambda's runtime adds around them.
 */
import type { ShippedFunction } from './cloud-assembly';

export interface LocalStackEnvironment {
  /** What stands in for AWS itself (local/start.ts emulatorEnvironment): region, credentials, emulator endpoints. */
  aws: Record<string, string>;
  /** Every variable the local stack gives its handlers (local/start.ts handlerEnvironment). */
  handlers: Record<string, string>;
}

/**
 * Template variables whose resource has no twin in the local stack. Its secrets live in one file that
 * functions/common/secrets.ts reads before any ARN (SECRETS_FILE, in `aws`), and its SES emulator has no
 * configuration sets: it takes a set's name on a send and ignores it.
 */
const WITHOUT_LOCAL_TWIN: Readonly<Record<string, string>> = {
  CODE_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:local-stand-in-codes',
  NEWSLETTER_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:local-stand-in-newsletter',
  SES_CONFIGURATION_SET: 'local-stand-in',
};

/**
 * A literal value is kept as shipped (the sender's address, the send rate, NODE_OPTIONS); a value CloudFormation
 * resolves at deploy (Ref, Fn::GetAtt, Fn::Join…) becomes the local stack's value of the same variable. A variable
 * that the local stack cannot give is an error here rather than a stand-in that hides it.
 */
export function lambdaEnvironment(fn: ShippedFunction, local: LocalStackEnvironment, taskRoot: string): Record<string, string> {
  const configured = Object.entries(fn.environment).map(([name, value]): [string, string] => {
    if (typeof value === 'string') return [name, value];
    const localValue = local.handlers[name] ?? WITHOUT_LOCAL_TWIN[name];
    if (localValue === undefined) throw new Error(`${fn.name}: ${name} is ${JSON.stringify(value)} in the template, and the local stack has no value for it`);
    return [name, localValue];
  });
  return {
    ...local.aws,
    // What Lambda sets for every function besides the region and credentials.
    AWS_DEFAULT_REGION: local.aws.AWS_REGION!,
    AWS_EXECUTION_ENV: `AWS_Lambda_${fn.runtime}`,
    AWS_LAMBDA_FUNCTION_NAME: fn.name.replace('/', '-'),
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memorySize),
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    LAMBDA_TASK_ROOT: taskRoot,
    _HANDLER: fn.handler,
    TZ: ':UTC',
    ...Object.fromEntries(configured),
  };
}
