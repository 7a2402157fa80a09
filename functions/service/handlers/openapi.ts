import { publicHandler } from '../../common/http';
import { openapi } from '../operations';
import { openApiDocument } from '../openapi-document';

// Built once per instance: the document only changes with a deployment.
const document = openApiDocument();

export const handler = publicHandler(openapi, async () => ({
  statusCode: 200,
  body: document,
  headers: { 'cache-control': 'public, max-age=300' },
}));
