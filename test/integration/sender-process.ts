/**
 * The newsletter sender in a process of its own, as a Lambda run is one, so that a test can kill it outright:
 * `node --import tsx sender-process.ts <campaignId>`, with the handlers' environment inherited from the test.
 */
import { backgroundFunctions, NEWSLETTER_SENDER } from '../../functions/routes';
import { runBackground } from '../../local/lambda';

const sender = backgroundFunctions.find((fn) => fn.handler === NEWSLETTER_SENDER)!;
runBackground(sender, { campaignId: process.argv[2]! }, 'killable').then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
