// Cadre's one HTTP client for the components. Response shapes are imported type-only from the
// server by the callers, so nothing of the server reaches the bundle and no copy can drift.
import type { ErrorBody } from '../../server/http/error-handler.js';
import { t, type Locale } from '../i18n.js';

/** Query parameters; undefined values are left out. */
export type Query = Record<string, string | number | boolean | undefined>;

/** The server's error answer (`{ error: { id, message, requestId, issues? } }`, server/http/error-handler.ts). */
export type ServerError = ErrorBody['error'];

/**
 * A call the server refused or that never reached it: `id` is the server's error id (e.g.
 * `booking:slot-taken`) and `message` its text, translated by the server in the element's
 * language. `error:network` when the server could not be reached, `error:internal` when it
 * answered something that is not Cadre's JSON. `extra` holds the other fields of the error
 * answer (e.g. the fresh calendar that comes with a booking conflict).
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly status: number,
    readonly id: string,
    message: string,
    readonly requestId: string | undefined = undefined,
    readonly issues: NonNullable<ServerError['issues']> = [],
    readonly extra: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
  }
}

export interface ApiClientOptions {
  /** Prefix of every path, e.g. `/api/oral` (same origin). */
  base?: string;
  /** The language the server answers errors in (read on each call, so a language change is followed). */
  lang: () => Locale;
  /**
   * The LTI session when it travels in URLs (an LMS frame without cookies): a query string such
   * as `s=…`, added to every request and link. Empty when the session is a cookie.
   */
  session?: string;
}

/** A body sent as it is (a photo, a blob of test bytes) with its own content type. */
export interface RawBody {
  raw: Blob | BufferSource;
  type: string;
}

export interface RequestOptions {
  query?: Query;
  /** JSON by default; a RawBody is sent as it is. */
  body?: unknown;
  /** Passed to fetch (the connection test measures the network, not the cache). */
  cache?: RequestCache;
  /** Error statuses whose body is an answer, not a failure (/ready says 503 with its report). */
  answers?: number[];
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

const isRaw = (body: unknown): body is RawBody => typeof body === 'object' && body !== null && 'raw' in body && 'type' in body;

/**
 * JSON in and out, same-origin credentials, the element's language, the session parameter when
 * there is one. Every write says `Content-Type: application/json` even without a body: the
 * server refuses other writes to its JSON APIs, which is what keeps cross-site forms out.
 * Failures become an ApiError.
 */
export class ApiClient {
  private readonly base: string;
  private readonly session: string;

  constructor(private readonly options: ApiClientOptions) {
    this.base = options.base ?? '';
    this.session = options.session ?? '';
  }

  /** The address of `path` with `query` and the session parameter (also for links and downloads). */
  url(path = '', query: Query = {}): string {
    const [pathname, existing = ''] = `${this.base}${path}`.split('?', 2) as [string, string?];
    const search = new URLSearchParams(existing);
    for (const [k, v] of Object.entries(query)) if (v !== undefined) search.set(k, String(v));
    for (const [k, v] of new URLSearchParams(this.session)) search.set(k, v);
    const q = search.toString();
    return q ? `${pathname}?${q}` : pathname;
  }

  get<T>(path: string, query?: Query, options: Omit<RequestOptions, 'query' | 'body'> = {}): Promise<T> {
    return this.json<T>('GET', path, { ...options, query });
  }
  post<T>(path: string, body?: unknown, query?: Query): Promise<T> {
    return this.json<T>('POST', path, { body, query });
  }
  put<T>(path: string, body?: unknown, query?: Query): Promise<T> {
    return this.json<T>('PUT', path, { body, query });
  }
  patch<T>(path: string, body?: unknown, query?: Query): Promise<T> {
    return this.json<T>('PATCH', path, { body, query });
  }
  delete<T>(path: string, query?: Query): Promise<T> {
    return this.json<T>('DELETE', path, { query });
  }

  /** A call answering JSON (undefined for 204). */
  async json<T>(method: Method, path: string, options: RequestOptions = {}): Promise<T> {
    const res = await this.send(method, path, options);
    if (res.status === 204) return undefined as T;
    try {
      return (await res.json()) as T;
    } catch {
      throw this.internal(res.status);
    }
  }

  /** The raw answer of a successful call (a file download, its headers); a failure throws ApiError. */
  async send(method: Method, path: string, options: RequestOptions = {}): Promise<Response> {
    const write = method !== 'GET';
    const raw = isRaw(options.body) ? options.body : undefined;
    const headers: Record<string, string> = { accept: 'application/json', 'accept-language': this.options.lang() };
    if (write) headers['content-type'] = raw ? raw.type : 'application/json';
    let res: Response;
    try {
      res = await fetch(this.url(path, options.query), {
        method,
        credentials: 'same-origin',
        headers,
        ...(options.cache ? { cache: options.cache } : {}),
        ...(write ? { body: raw ? raw.raw : JSON.stringify(options.body ?? {}) } : {}),
      });
    } catch {
      throw new ApiError(0, 'error:network', t(this.options.lang(), 'error:network'));
    }
    if (!res.ok && !options.answers?.includes(res.status)) throw await this.failure(res);
    return res;
  }

  private async failure(res: Response): Promise<ApiError> {
    const body = (await res.json().catch(() => undefined)) as ({ error?: Partial<ServerError> } & Record<string, unknown>) | undefined;
    const error = body?.error;
    if (!body || !error?.id || !error.message) return this.internal(res.status);
    const extra = Object.fromEntries(Object.entries(body).filter(([key]) => key !== 'error'));
    return new ApiError(res.status, error.id, error.message, error.requestId, error.issues ?? [], extra);
  }

  private internal(status: number): ApiError {
    return new ApiError(status, 'error:internal', t(this.options.lang(), 'error:internal'));
  }
}
