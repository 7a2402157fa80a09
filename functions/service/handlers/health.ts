import { publicHandler } from '../../common/http';
import { health } from '../operations';

export const handler = publicHandler(health, async () => ({ statusCode: 200, body: { status: 'ok' } }));
