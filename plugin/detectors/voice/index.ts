import { SustainedCondition, type DetectorOutput, type DetectorPlugin } from '../detector.js';

export interface VoiceOptions {
  /** Microphone RMS level (0–1) above which someone is probably speaking. */
  threshold: number;
  /** Speech must last this long to count. */
  minSeconds: number;
}

/**
 * Optional voice activity (off unless the centre turns it on): sustained sound at the microphone.
 * Never during a listening item (its audio would trigger it), never recorded: only the level is used.
 */
export const voiceDetector: DetectorPlugin<VoiceOptions> = {
  id: 'voice',
  listensTo: ['audio', 'listening', 'tick'],
  eventTypes: [{ type: 'voice.detected', severity: 'low', snapshot: false }],
  enabledByDefault: false,
  usesCamera: false,
  defaultOptions: { threshold: 0.08, minSeconds: 2 },
  create(partial = {}) {
    const o = { ...voiceDetector.defaultOptions, ...partial };
    const voice = new SustainedCondition('voice.detected', 'low', o.minSeconds * 1000);
    let listening = false;
    return {
      handle(signal): DetectorOutput[] {
        switch (signal.kind) {
          case 'listening':
            listening = signal.active;
            return listening ? voice.end(signal.at) : [];
          case 'audio':
            return listening ? [] : voice.update(signal.level >= o.threshold, signal.at);
          case 'tick':
            return listening ? [] : voice.tick(signal.at);
          default:
            return [];
        }
      },
      flush(at) {
        return voice.end(at);
      },
    };
  },
};
