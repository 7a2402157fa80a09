import { publicHandler } from '../shared/http';
import { health } from './api';

export const handler = publicHandler(health, async () => ({ statusCode: 200, body: { status: 'ok' } }));
