import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { backgroundFunctions, FALLBACK_HANDLER, routes } from '../../functions/routes';
import { handlerModule } from '../../functions/handler-modules';

const root = join(__dirname, '../..');

describe('sample events', () => {
  const handlers = [...new Set([...routes.map((route) => route.handler), FALLBACK_HANDLER])];

  it.each(handlers)('%s has a sample event for one of its routes', (handler) => {
    const file = join(root, 'events', `${handler}.json`);
    expect(existsSync(file)).toBe(true);
    const event = JSON.parse(readFileSync(file, 'utf8')) as APIGatewayProxyEventV2;
    expect(event.version).toBe('2.0');
    expect(existsSync(join(root, 'functions', `${handlerModule(handler)}.ts`))).toBe(true);
    const routeKeys = routes.filter((route) => route.handler === handler).map(({ operation }) => `${operation.method} ${operation.path}`);
    expect(handler === FALLBACK_HANDLER ? ['$default'] : routeKeys).toContain(event.routeKey);
  });

  it.each(backgroundFunctions.map((fn) => [fn.handler, fn.trigger]))('%s has a sample %s event', (handler, trigger) => {
    const file = join(root, 'events', `${handler}.json`);
    expect(existsSync(join(root, 'functions', `${handlerModule(handler)}.ts`))).toBe(true);
    const event = JSON.parse(readFileSync(file, 'utf8')) as {
      Records?: { eventSource?: string; EventSource?: string }[];
      campaignId?: string;
      triggerSource?: string;
      source?: string;
      'detail-type'?: string;
      alarmData?: { state: { value: string } };
    };
    if (trigger === 'invocation') expect(event.campaignId).toMatch(/^cmp_/);
    else if (trigger === 'token-generation') expect(event.triggerSource).toMatch(/^TokenGeneration_/);
    else if (trigger === 'reputation-alarms') expect([event.source, event.alarmData?.state.value]).toEqual(['aws.cloudwatch', 'ALARM']);
    else if (trigger === 'campaign-check') expect([event.source, event['detail-type']]).toEqual(['aws.events', 'Scheduled Event']);
    else {
      const source = { 'published-events': 'aws:dynamodb', 'ses-events': 'aws:sns' }[trigger];
      expect(event.Records?.map((record) => record.eventSource ?? record.EventSource)).toEqual([source]);
    }
  });
});
