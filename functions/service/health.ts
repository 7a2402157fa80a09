import { httpHandler } from '../shared/http';
import { health } from './api';

export const handler = httpHandler(health, async () => ({ statusCode: 200, body: { status: 'ok' } }));
