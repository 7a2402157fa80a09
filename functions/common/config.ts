/**
 * Configuration comes from the environment and is read once, at cold start, by the module that needs it:
 * a missing or malformed value stops the function before it answers anything, rather than on some later request.
 */
export function requiredEnv(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`Missing environment variable ${name}`);
  return value;
}

export function integerEnv(name: string, fallback: number, range: { min: number; max: number }): number {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < range.min || value > range.max) {
    throw new Error(`${name} must be an integer from ${range.min} to ${range.max}, got "${text}"`);
  }
  return value;
}

export function listEnv(name: string): string[] {
  return (process.env[name] ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}
