/**
 * The newsletter sender in a process of its own, as a Lambda run is one, so that a test can kill it outright:
 * `node --import tsx sender-process.ts <campaignId>`, with the handlers' environment inherited from the test.
 */
import type { Context } from 'aws-lambda';
import { NEWSLETTER_SENDER } from '../../functions/routes';
import { lambdaContext, loadHandler } from '../../local/lambda';

const sender = loadHandler(NEWSLETTER_SENDER) as unknown as (event: { campaignId: string }, context: Context) => Promise<void>;
sender({ campaignId: process.argv[2]! }, lambdaContext(NEWSLETTER_SENDER, 'killable', 900_000)).then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
