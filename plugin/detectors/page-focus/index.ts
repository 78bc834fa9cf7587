import { SustainedCondition, type DetectorOutput, type DetectorPlugin } from '../detector.js';

export interface PageFocusOptions {
  /** The window may lose focus this long (a system notification) before it counts. */
  blurSeconds: number;
}

/**
 * The test page hidden (another tab, minimised window) or the window without focus (another
 * application in front). While the page is hidden, only page.hidden is raised, not both.
 */
export const pageFocusDetector: DetectorPlugin<PageFocusOptions> = {
  id: 'page-focus',
  listensTo: ['visibility', 'focus', 'tick'],
  eventTypes: [
    { type: 'page.hidden', severity: 'medium', snapshot: false },
    { type: 'window.blurred', severity: 'low', snapshot: true },
  ],
  enabledByDefault: true,
  usesCamera: false,
  defaultOptions: { blurSeconds: 2 },
  create(partial = {}) {
    const o = { ...pageFocusDetector.defaultOptions, ...partial };
    const hidden = new SustainedCondition('page.hidden', 'medium', 0);
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
            return hidden.active ? [] : blurred.tick(signal.at);
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
