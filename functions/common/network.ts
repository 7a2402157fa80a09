/**
 * The network a request comes from, as the rate limits count it: an IPv4 address, or the /64 prefix of an IPv6
 * one (what a provider usually gives one subscriber, so rotating through a /64 buys an attacker nothing).
 */
import { isIPv4, isIPv6 } from 'node:net';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';

/** API Gateway's sourceIp is the peer that reached it (the client, unless something in front of the API proxies). */
export const networkOf = (event: APIGatewayProxyEventV2): string => networkOfAddress(event.requestContext?.http?.sourceIp ?? '');

/** Where a request came from, as a session and an activity entry keep it. */
export interface ClientOrigin {
  ip: string;
  userAgent: string;
}

/** A user agent is kept this long at most: enough for any real one, too short to store a payload in. */
const MAX_USER_AGENT = 512;

export const originOf = (event: APIGatewayProxyEventV2): ClientOrigin => ({
  ip: event.requestContext?.http?.sourceIp ?? 'unknown',
  userAgent: (event.headers?.['user-agent'] ?? '').slice(0, MAX_USER_AGENT),
});

export function networkOfAddress(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped && isIPv4(mapped)) return mapped;
  if (isIPv4(address)) return address;
  if (!isIPv6(address)) return 'unknown';
  const [head = '', tail = ''] = address.toLowerCase().split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = address.includes('::') ? (tail === '' ? [] : tail.split(':')) : [];
  // A dotted IPv4 tail (NAT64, `64:ff9b::1.2.3.4`) stands for two groups.
  const tailLength = tailGroups.length + (tailGroups.at(-1)?.includes('.') ? 1 : 0);
  const groups = [...headGroups, ...Array<string>(Math.max(0, 8 - headGroups.length - tailLength)).fill('0'), ...tailGroups];
  return `${groups.slice(0, 4).map((group) => group.padStart(4, '0')).join(':')}::/64`;
}
