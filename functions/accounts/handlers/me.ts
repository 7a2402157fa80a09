import { signedInHandler } from '../../common/auth';
import { getMe } from '../operations';
import { accountOf } from '../account-view';

export const handler = signedInHandler(getMe, async ({ caller }) => ({ statusCode: 200, body: (await accountOf(caller)).view }));
