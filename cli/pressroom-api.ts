/**
 * The part of the Pressroom HTTP API the uploader calls, as an editor. It logs in again by itself when the
 * access token is refused (a long upload outlives a token), and turns the contract's error shape into ApiError.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Video as VideoSchema } from '../functions/catalogue/schemas';
import type { completeRenditionUpload, startRenditionUpload } from '../functions/editorial/operations';
import type { Infer } from '../functions/common/schema';

export interface ApiConfig {
  api: string;
  email: string;
  password: string;
}

/** Missing or unreadable settings: the CLI says what to set and exits 2. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Where the uploader keeps its state and finds the local stack's endpoints file. */
export function pressroomHome(env: NodeJS.ProcessEnv, cwd: string): string {
  return resolve(cwd, env.PRESSROOM_HOME || '.pressroom');
}

/**
 * Each setting from its environment variable, else from the local stack's endpoints file, so `npm start` then
 * `npm run upload` needs no setup while a deployed API needs only the three variables.
 */
export function loadApiConfig(env: NodeJS.ProcessEnv, home: string): ApiConfig {
  let local: { api?: string; editor?: { email?: string; password?: string } } = {};
  const endpointsFile = join(home, 'endpoints.json');
  const needsFile = !env.PRESSROOM_API || !env.PRESSROOM_EMAIL || !env.PRESSROOM_PASSWORD;
  if (needsFile && existsSync(endpointsFile)) {
    try {
      local = JSON.parse(readFileSync(endpointsFile, 'utf8')) as typeof local;
    } catch {
      throw new ConfigError(`${endpointsFile} is not valid JSON.`);
    }
  }
  const api = env.PRESSROOM_API || local.api;
  const email = env.PRESSROOM_EMAIL || local.editor?.email;
  const password = env.PRESSROOM_PASSWORD || local.editor?.password;
  if (!api || !email || !password) {
    throw new ConfigError(
      `No API settings: set PRESSROOM_API, PRESSROOM_EMAIL and PRESSROOM_PASSWORD, or start the local stack (npm start), which writes ${endpointsFile}.`,
    );
  }
  return { api: api.replace(/\/+$/, ''), email, password };
}

/** The contract's own types, so the client cannot drift from what the API checks and answers. */
export type Video = Infer<typeof VideoSchema>;
export type StartRendition = Infer<typeof startRenditionUpload.body>;
export type RenditionUpload = Infer<(typeof startRenditionUpload.responses)[201]['schema']>;
export type CompleteRendition = Infer<typeof completeRenditionUpload.body>;

/** An error answer of the API: its status, its code and its message for humans. */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

interface ErrorBody {
  error?: { code?: unknown; message?: unknown; details?: unknown };
}

/** The API's own message, with the offending fields of a 400 when it lists them. */
function describeError(status: number, body: ErrorBody | undefined): ApiError {
  const code = typeof body?.error?.code === 'string' ? body.error.code : `http_${status}`;
  let message = typeof body?.error?.message === 'string' ? body.error.message : `The API answered HTTP ${status}.`;
  const details = body?.error?.details;
  if (Array.isArray(details)) {
    const fields = details
      .filter((item): item is { path: string; message: string } => typeof item === 'object' && item !== null && 'path' in item && 'message' in item)
      .map((item) => `${item.path}: ${item.message}`);
    if (fields.length > 0) message += ` (${fields.join('; ')})`;
  }
  return new ApiError(status, code, message);
}

export class PressroomApi {
  private token: string | undefined;

  constructor(
    private readonly config: ApiConfig,
    private readonly signal: AbortSignal,
  ) {}

  async login(): Promise<void> {
    const body = await this.send<{ accessToken: string }>('POST', '/auth/login', { email: this.config.email, password: this.config.password }, false);
    this.token = body.accessToken;
  }

  createVideo(articleId: string, title: string): Promise<Video> {
    return this.send<Video>('POST', `/articles/${encodeURIComponent(articleId)}/videos`, { title });
  }

  /** Starts the rendition's upload or, when one with the same video, name, size and type is pending, gives it back with fresh URLs. */
  async startRendition(videoId: string, body: StartRendition): Promise<RenditionUpload> {
    const upload = await this.send<RenditionUpload>('POST', `/videos/${encodeURIComponent(videoId)}/renditions`, body);
    if (typeof upload.uploadId !== 'string' || !Number.isSafeInteger(upload.partSize) || upload.partSize < 1 || !Array.isArray(upload.parts)) {
      throw new ApiError(502, 'bad_response', 'The API answered the start of the upload without an uploadId, partSize and parts.');
    }
    return upload;
  }

  completeRendition(videoId: string, name: string, body: CompleteRendition): Promise<Video> {
    return this.send<Video>('POST', `/videos/${encodeURIComponent(videoId)}/renditions/${encodeURIComponent(name)}/complete`, body);
  }

  private async send<T>(method: string, path: string, body: unknown, authenticated = true): Promise<T> {
    let response = await this.fetch(method, path, body, authenticated);
    if (response.status === 401 && authenticated) {
      // The access token expired during a long upload: the password is at hand, so log in again once.
      await this.login();
      response = await this.fetch(method, path, body, authenticated);
    }
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    if (!response.ok) throw describeError(response.status, parsed as ErrorBody | undefined);
    if (parsed === undefined) throw new ApiError(502, 'bad_response', `The API answered ${method} ${path} without a JSON body.`);
    return parsed as T;
  }

  private async fetch(method: string, path: string, body: unknown, authenticated: boolean): Promise<Response> {
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
    if (authenticated && this.token) headers.authorization = `Bearer ${this.token}`;
    try {
      return await fetch(`${this.config.api}${path}`, { method, headers, body: JSON.stringify(body), signal: this.signal });
    } catch (error) {
      if (this.signal.aborted) throw error;
      // fetch says only "fetch failed"; the reason (ECONNREFUSED, ENOTFOUND...) is in its cause.
      const cause = (error as { cause?: { message?: string } }).cause?.message ?? (error as Error).message;
      throw new ApiError(0, 'unreachable', `Could not reach the API at ${this.config.api}: ${cause}`);
    }
  }
}
