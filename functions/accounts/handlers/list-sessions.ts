import { signedInHandler } from '../../common/auth';
import { listSessions } from '../../common/sessions';
import { listMySessions } from '../operations';

export const handler = signedInHandler(listMySessions, async ({ caller }) => ({
  statusCode: 200,
  body: { items: (await listSessions(caller.sub)).map((session) => ({ ...session, current: session.id === caller.sessionId })) },
}));
