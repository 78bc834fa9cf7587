// The shape the server answers with (type-only: nothing of the server reaches the bundle).
import type { SittingView } from '../../server/domain/delivery/sitting-service.js';

export type { SittingView };

export class ExamApiError extends Error {
  constructor(
    readonly status: number,
    readonly id: string,
    message: string,
  ) {
    super(message);
  }
}

/** Thin client of /api/sitting; every call answers the new state or throws ExamApiError with the server's message. */
export class ExamApi {
  constructor(
    private readonly base: string,
    private readonly lang: string,
  ) {}

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    // Writes always go as JSON (the server refuses other writes: cross-site forms cannot send it).
    const write = method !== 'GET';
    const res = await fetch(`${this.base}${path}`, {
      method,
      credentials: 'same-origin',
      headers: { accept: 'application/json', 'accept-language': this.lang, ...(write ? { 'content-type': 'application/json' } : {}) },
      ...(write ? { body: JSON.stringify(body ?? {}) } : {}),
    });
    if (res.status === 204) return undefined as T;
    const data = (await res.json().catch(() => ({}))) as { error?: { id: string; message: string } };
    if (!res.ok) throw new ExamApiError(res.status, data.error?.id ?? 'error:internal', data.error?.message ?? res.statusText);
    return data as T;
  }

  state = () => this.call<SittingView>('GET', '');
  completeStep = (step: string, data: unknown = {}) => this.call<SittingView>('POST', `/steps/${step}`, { data });
  next = () => this.call<SittingView>('POST', '/next');
  saveDraft = (itemId: string, response: unknown) => this.call<void>('PUT', `/items/${encodeURIComponent(itemId)}/draft`, { response });
  answer = (itemId: string, response: unknown) => this.call<SittingView>('POST', `/items/${encodeURIComponent(itemId)}/answer`, { response });
  /** The page's clock reached zero: the answer as it stands (if any) is scored; no next item yet. */
  timeUp = (itemId: string, response?: unknown) => this.call<SittingView>('POST', `/items/${encodeURIComponent(itemId)}/time-up`, response == null ? {} : { response });
  audio = (itemId: string) => this.call<{ url: string; playsLeft: number }>('POST', `/items/${encodeURIComponent(itemId)}/audio`);
}
