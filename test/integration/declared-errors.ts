/**
 * What the served OpenAPI document says a request may be refused with: every error a test meets is checked
 * against it, so a handler that answers a code its operation does not declare fails the test that sees it.
 */
interface DocumentedResponse {
  description: string;
}

interface ServedDocument {
  paths: Record<string, Record<string, { responses: Record<string, DocumentedResponse> }>>;
}

/** The document lists each error status's codes in its description, as `Codes: a, b.` */
export const codesOf = (description: string): Set<string> | undefined => {
  const list = /Codes: ([\w, ]+)\.$/.exec(description)?.[1];
  return list === undefined ? undefined : new Set(list.split(', '));
};

/** What API Gateway's `$default` route (a path no operation serves) answers. */
const FALLBACK_CODES: Record<number, string[]> = { 404: ['not_found'], 405: ['method_not_allowed'] };

let served: Promise<ServedDocument> | undefined;

const templateMatches = (template: string, path: string): boolean =>
  new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(path);

/** The codes the document declares for this request and status. */
export async function declaredCodes(api: string, method: string, url: string, status: number): Promise<string[]> {
  served ??= fetch(`${api}/openapi.json`).then(async (response) => (await response.json()) as ServedDocument);
  const { paths } = await served;
  const path = url.split('?')[0]!;
  // Two templates may share a shape (`/articles/{slug}` for GET, `/articles/{id}` for PATCH): the method decides.
  const template = Object.keys(paths).find((candidate) => templateMatches(candidate, path) && paths[candidate]![method.toLowerCase()]);
  const described = template === undefined ? undefined : paths[template]![method.toLowerCase()];
  if (!described) return FALLBACK_CODES[status] ?? [];
  const response = described.responses[String(status)];
  return [...(response ? (codesOf(response.description) ?? []) : [])];
}
