/**
 * What `npm run synth` leaves in cdk.out for each of our functions, read as CloudFormation and Lambda would read
 * it: the template's AWS::Lambda::Function resources and the asset folder each one's code is zipped from.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ShippedFunction {
  /** `feature/name`, from the function's description (`functions/<name>`, infra/function.ts). */
  name: string;
  /** Lambda's runtime identifier, e.g. `nodejs22.x`. */
  runtime: string;
  /** `<file>.<export>`, e.g. `index.handler`. */
  handler: string;
  /** The folder Lambda's code package is made from: what it unpacks into the task root. */
  codeDir: string;
  timeoutSeconds: number;
  memorySize: number;
  /** Environment.Variables as the template has them: strings, or intrinsics CloudFormation resolves at deploy. */
  environment: Record<string, unknown>;
}

interface CloudAssemblyManifest {
  artifacts: Record<string, { type: string; properties?: { templateFile?: string } }>;
}

interface TemplateResource {
  Type: string;
  Metadata?: Record<string, unknown>;
  Properties?: {
    Description?: string;
    Runtime?: string;
    Handler?: string;
    Timeout?: number;
    MemorySize?: number;
    Environment?: { Variables?: Record<string, unknown> };
  };
}

const DESCRIPTION = /^functions\/(.+)$/;
/** Lambda's defaults, for a resource that leaves them out. */
const DEFAULT_TIMEOUT_SECONDS = 3;
const DEFAULT_MEMORY_SIZE = 128;

/** Every function of ours in every stack of the cloud assembly; CDK's own helpers (custom resources) are left out. */
export function shippedFunctions(cdkOut: string): ShippedFunction[] {
  const manifestFile = join(cdkOut, 'manifest.json');
  if (!existsSync(manifestFile)) throw new Error(`No cloud assembly in ${cdkOut}: run npm run synth first`);
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as CloudAssemblyManifest;
  const templates = Object.values(manifest.artifacts)
    .filter((artifact) => artifact.type === 'aws:cloudformation:stack')
    .map((artifact) => JSON.parse(readFileSync(join(cdkOut, artifact.properties!.templateFile!), 'utf8')) as { Resources: Record<string, TemplateResource> });
  return templates.flatMap((template) =>
    Object.entries(template.Resources).flatMap(([logicalId, resource]) => {
      const name = DESCRIPTION.exec(resource.Properties?.Description ?? '')?.[1];
      if (resource.Type !== 'AWS::Lambda::Function' || name === undefined) return [];
      const properties = resource.Properties!;
      // The CLI records where each asset was staged; the zip uploaded at deploy is made from that folder.
      const assetPath = resource.Metadata?.['aws:asset:path'];
      if (typeof assetPath !== 'string') throw new Error(`${logicalId} has no aws:asset:path: synthesize with the CDK CLI (npm run synth)`);
      if (!properties.Runtime || !properties.Handler) throw new Error(`${logicalId} has no Runtime or Handler: not a zip package`);
      return [
        {
          name,
          runtime: properties.Runtime,
          handler: properties.Handler,
          codeDir: join(cdkOut, assetPath),
          timeoutSeconds: properties.Timeout ?? DEFAULT_TIMEOUT_SECONDS,
          memorySize: properties.MemorySize ?? DEFAULT_MEMORY_SIZE,
          environment: properties.Environment?.Variables ?? {},
        },
      ];
    }),
  );
}

/** `nodejs22.x` → 22. */
export function nodeMajorOf(runtime: string): number {
  const major = /^nodejs(\d+)\.x$/.exec(runtime)?.[1];
  if (major === undefined) throw new Error(`Not a Node.js runtime: ${runtime}`);
  return Number(major);
}
