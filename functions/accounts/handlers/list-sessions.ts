import { signedInHandler } from '../../common/auth';
import { listMySessions } from '../operations';
import { sessionsOf } from '../account-view';

export const handler = signedInHandler(listMySessions, async ({ caller }) => ({ statusCode: 200, body: { items: await sessionsOf(caller) } }));
