import { SustainedCondition, type DetectorOutput, type DetectorPlugin } from '../detector.js';

/** Leaving fullscreen once the test has entered it (a browser that cannot go fullscreen raises nothing). */
export const fullscreenDetector: DetectorPlugin = {
  id: 'fullscreen',
  listensTo: ['fullscreen'],
  eventTypes: [{ type: 'fullscreen.left', severity: 'low', snapshot: false }],
  enabledByDefault: true,
  usesCamera: false,
  defaultOptions: {},
  create() {
    const left = new SustainedCondition('fullscreen.left', 'low', 0);
    let entered = false;
    return {
      handle(signal): DetectorOutput[] {
        if (signal.kind !== 'fullscreen') return [];
        if (signal.active) entered = true;
        return entered ? left.update(!signal.active, signal.at) : [];
      },
      flush(at) {
        return left.end(at);
      },
    };
  },
};
