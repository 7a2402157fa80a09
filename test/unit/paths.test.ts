import { routes } from '../../functions/routes';
import { pathMatcher } from '../../functions/common/paths';

const match = pathMatcher(routes);

describe('route matching', () => {
  it('finds a route and decodes its parameters', () => {
    const found = match('GET', '/articles/caf%C3%A9');
    expect(found).toMatchObject({ kind: 'found', params: { idOrSlug: 'café' } });
    expect(found.kind === 'found' && found.route.operation.operationId).toBe('getArticle');
  });

  it('prefers literal segments over parameters', () => {
    const found = match('GET', '/me/downloads');
    expect(found.kind === 'found' && found.route.operation.operationId).toBe('listMyDownloads');
  });

  it('tells a wrong method from an unknown path', () => {
    expect(match('DELETE', '/articles')).toEqual({ kind: 'wrong_method', allowed: ['GET', 'POST'] });
    expect(match('GET', '/nothing/here')).toEqual({ kind: 'unknown' });
    expect(match('GET', '/articles/a/b')).toEqual({ kind: 'unknown' });
  });

  it('treats a malformed escape as an unknown resource, not a crash', () => {
    expect(match('GET', '/articles/%E0%A4%A')).toEqual({ kind: 'unknown' });
  });

  it('has one route per method and path', () => {
    const keys = routes.map(({ operation }) => `${operation.method} ${operation.path}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
