import type { DetectorOutput, DetectorPlugin } from '../detector.js';

export interface ClipboardOptions {
  /** Copies (or pastes) closer together than this make one event. */
  groupSeconds: number;
}

type Action = 'copy' | 'paste';

/** Copy/cut and paste in the test page; repeated presses within a few seconds make one event. */
export const clipboardDetector: DetectorPlugin<ClipboardOptions> = {
  id: 'clipboard',
  listensTo: ['clipboard', 'tick'],
  eventTypes: [
    { type: 'clipboard.copy', severity: 'low', snapshot: false },
    { type: 'clipboard.paste', severity: 'medium', snapshot: false },
  ],
  enabledByDefault: true,
  usesCamera: false,
  defaultOptions: { groupSeconds: 5 },
  create(partial = {}) {
    const o = { ...clipboardDetector.defaultOptions, ...partial };
    const last = new Map<Action, number>();
    const close = (action: Action): DetectorOutput[] => {
      const at = last.get(action);
      if (at === undefined) return [];
      last.delete(action);
      return [{ kind: 'end', type: `clipboard.${action}`, at }];
    };
    const expire = (now: number): DetectorOutput[] =>
      [...last.entries()].filter(([, at]) => now - at >= o.groupSeconds * 1000).flatMap(([action]) => close(action));
    return {
      handle(signal): DetectorOutput[] {
        if (signal.kind === 'tick') return expire(signal.at);
        if (signal.kind !== 'clipboard') return [];
        const out = expire(signal.at);
        const action: Action = signal.action === 'paste' ? 'paste' : 'copy';
        const open = last.has(action);
        last.set(action, signal.at);
        if (!open) out.push({ kind: 'start', type: `clipboard.${action}`, at: signal.at, severity: action === 'paste' ? 'medium' : 'low' });
        return out;
      },
      flush() {
        return [...close('copy'), ...close('paste')];
      },
    };
  },
};
