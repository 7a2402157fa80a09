/** Addresses are compared and stored lowercased and trimmed: Cognito's pool is case-insensitive too. */
export const normalizeEmail = (email: string): string => email.trim().toLowerCase();

/**
 * Shows where a code went without giving the address away: `jane@example.org` → `j***@e***.org`.
 */
export function maskEmail(email: string): string {
  const [local = '', domain = ''] = email.split('@');
  const labels = domain.split('.');
  const topLevel = labels.length > 1 ? labels.pop()! : '';
  return `${local.slice(0, 1)}***@${domain.slice(0, 1)}***${topLevel ? `.${topLevel}` : ''}`;
}
