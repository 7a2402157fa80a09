import { operation } from '../common/operation';
import { object, oneOf, unknownValue } from '../common/schema';

export const health = operation({
  operationId: 'health',
  method: 'GET',
  path: '/health',
  auth: 'public',
  tag: 'Service',
  summary: 'Liveness',
  responses: { 200: { description: 'The API answers.', schema: object({ status: oneOf(['ok']) }) } },
});

export const openapi = operation({
  operationId: 'openapi',
  method: 'GET',
  path: '/openapi.json',
  auth: 'public',
  tag: 'Service',
  summary: 'This document (OpenAPI 3.1)',
  responses: { 200: { description: 'The OpenAPI document.', schema: unknownValue() } },
});
