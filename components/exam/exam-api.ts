import type { ApiClient } from '../api/client.js';
// The shape the server answers with (type-only: nothing of the server reaches the bundle).
import type { SittingView } from '../../server/domain/delivery/sitting-service.js';

export type { SittingView };

/** The calls of /api/sitting, over the shared client: each answers the new state or throws ApiError. */
export class ExamApi {
  constructor(private readonly client: ApiClient) {}

  private item = (itemId: string, action: string) => `/items/${encodeURIComponent(itemId)}/${action}`;

  state = () => this.client.get<SittingView>('');
  completeStep = (step: string, data: unknown = {}) => this.client.post<SittingView>(`/steps/${step}`, { data });
  next = () => this.client.post<SittingView>('/next');
  saveDraft = (itemId: string, response: unknown) => this.client.put<void>(this.item(itemId, 'draft'), { response });
  answer = (itemId: string, response: unknown) => this.client.post<SittingView>(this.item(itemId, 'answer'), { response });
  /** The page's clock reached zero: the answer as it stands (if any) is scored; no next item yet. */
  timeUp = (itemId: string, response?: unknown) => this.client.post<SittingView>(this.item(itemId, 'time-up'), response == null ? {} : { response });
  audio = (itemId: string) => this.client.post<{ url: string; playsLeft: number }>(this.item(itemId, 'audio'));
}
