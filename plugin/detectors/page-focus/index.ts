import { SustainedCondition, type DetectorOutput, type DetectorPlugin } from '../detector.js';

export interface PageFocusOptions {
  /** The window may lose focus this long (a system notification) before it counts. */
  blurSeconds: number;
  /** The page may be hidden this long before it counts: a reload hides the page a moment before it goes away. */
  hiddenSeconds: number;
}

/**
 * The test page hidden (another tab, minimised window) or the window without focus (another
 * application in front). While the page is hidden, only page.hidden is raised, not both.
 * A reload or Back (the candidate guide's remedy for a frozen screen) is not a hidden page: the
 * page that leaves ends what it observed (the monitor flushes every detector on pagehide), and
 * the page that comes back reports page.reloaded
 * (low) over the real time away.
 */
export const pageFocusDetector: DetectorPlugin<PageFocusOptions> = {
  id: 'page-focus',
  listensTo: ['visibility', 'focus', 'tick', 'page-returned'],
  eventTypes: [
    { type: 'page.hidden', severity: 'medium', snapshot: false },
    { type: 'window.blurred', severity: 'low', snapshot: true },
    { type: 'page.reloaded', severity: 'low', snapshot: false },
  ],
  enabledByDefault: true,
  usesCamera: false,
  defaultOptions: { blurSeconds: 2, hiddenSeconds: 1 },
  create(partial = {}) {
    const o = { ...pageFocusDetector.defaultOptions, ...partial };
    const hidden = new SustainedCondition('page.hidden', 'medium', o.hiddenSeconds * 1000);
    const blurred = new SustainedCondition('window.blurred', 'low', o.blurSeconds * 1000);
    let focused = true;
    return {
      handle(signal): DetectorOutput[] {
        switch (signal.kind) {
          case 'visibility':
            if (signal.hidden) return [...blurred.end(signal.at), ...hidden.update(true, signal.at)];
            return [...hidden.update(false, signal.at), ...blurred.update(!focused, signal.at)];
          case 'focus':
            focused = signal.focused;
            return hidden.active ? [] : blurred.update(!focused, signal.at);
          case 'tick':
            return hidden.active ? hidden.tick(signal.at) : blurred.tick(signal.at);
          case 'page-returned': {
            const leftAt = Math.min(signal.leftAt, signal.at);
            const secondsAway = Math.round((signal.at - leftAt) / 1000);
            return [
              { kind: 'start', type: 'page.reloaded', at: leftAt, severity: 'low', details: { secondsAway } },
              { kind: 'end', type: 'page.reloaded', at: signal.at },
            ];
          }
          default:
            return [];
        }
      },
      flush(at) {
        return [...hidden.end(at), ...blurred.end(at)];
      },
    };
  },
};
