/**
 * The proctoring detector contract. A detector is a small, pure state machine: the monitor in
 * the candidate's browser turns what it observes (faces found in a downscaled camera frame about
 * twice a second, page visibility, window focus, fullscreen, clipboard, microphone level) into
 * signals, and each detector answers with the starts and ends of the events it recognises.
 * Detectors never touch the DOM, the network or the clock themselves, so one contract suite
 * (test/contracts/detector-contract.ts) checks every one of them in Node.
 *
 * Detectors describe; people decide. No event fails anyone: a reviewer looks at the timeline.
 */

export type Severity = 'low' | 'medium' | 'high';
export const SEVERITIES: readonly Severity[] = ['low', 'medium', 'high'];
/** low 1, medium 2, high 3: for ordering and thresholds. */
export const severityRank = (s: Severity): number => SEVERITIES.indexOf(s) + 1;

/** One face found in a frame: box and keypoints normalized to the frame (0–1). */
export interface FaceObservation {
  score: number;
  box: { x: number; y: number; width: number; height: number };
  /** BlazeFace keypoints: right eye, left eye, nose tip, mouth, right ear, left ear (the subject's). */
  keypoints: { x: number; y: number }[];
}

/** What the monitor observed, with the time (ms since the epoch, from the injected clock). */
export type Signal =
  | { kind: 'faces'; at: number; faces: FaceObservation[] }
  | { kind: 'camera'; at: number; live: boolean }
  | { kind: 'visibility'; at: number; hidden: boolean }
  | { kind: 'focus'; at: number; focused: boolean }
  | { kind: 'fullscreen'; at: number; active: boolean }
  | { kind: 'clipboard'; at: number; action: 'copy' | 'cut' | 'paste' }
  /** Microphone level, RMS 0–1, a few times a second when voice detection is on. */
  | { kind: 'audio'; at: number; level: number }
  /** A listening item is playing (voice detection pauses). */
  | { kind: 'listening'; at: number; active: boolean }
  /** A new page of the same sitting starts monitoring after one left at `leftAt` (a reload, or Back then forward). */
  | { kind: 'page-returned'; at: number; leftAt: number }
  /** Time passes (sent with every face sample and at least once a second). */
  | { kind: 'tick'; at: number };

export type SignalKind = Signal['kind'];

export interface EventTypeInfo {
  /** Stable id such as 'face.none'; also the translation key suffix 'proctoring:event:face.none'. */
  type: string;
  severity: Severity;
  /** Whether one small camera snapshot should accompany the event (throttled by the monitor). */
  snapshot: boolean;
}

export type DetectorOutput =
  | { kind: 'start'; type: string; at: number; severity: Severity; details?: Record<string, string | number | boolean> }
  | { kind: 'end'; type: string; at: number };

export interface DetectorInstance {
  /** Reacts to one signal; returns the event starts and ends it causes (often none). */
  handle(signal: Signal): DetectorOutput[];
  /** Ends every open event (the sitting ends or the monitor stops). */
  flush(at: number): DetectorOutput[];
}

export interface DetectorPlugin<Options = Record<string, never>> {
  /** Short id, also the folder name under plugin/detectors/. */
  id: string;
  /** Signal kinds this detector listens to; the monitor only starts the sources needed. */
  listensTo: readonly SignalKind[];
  eventTypes: readonly EventTypeInfo[];
  /** Off-by-default detectors (voice) run only when the centre turns them on. */
  enabledByDefault: boolean;
  /** Whether the detector needs the camera (a centre's accommodation can exempt a candidate from these). */
  usesCamera: boolean;
  defaultOptions: Options;
  create(options?: Partial<Options>): DetectorInstance;
}

/**
 * Helper for the usual shape of a detector: a condition that is either true or false at each
 * signal, which becomes an event once it has held for `minDurationMs` and ends when it stops.
 * The event's start is the moment the condition began, not the moment it was confirmed.
 */
export class SustainedCondition {
  private since: number | undefined;
  private open = false;
  constructor(
    readonly type: string,
    readonly severity: Severity,
    private readonly minDurationMs: number,
  ) {}

  update(active: boolean, at: number, details?: Record<string, string | number | boolean>): DetectorOutput[] {
    if (active) {
      if (this.since === undefined) this.since = at;
      if (!this.open && at - this.since >= this.minDurationMs) {
        this.open = true;
        return [{ kind: 'start', type: this.type, at: this.since, severity: this.severity, ...(details ? { details } : {}) }];
      }
      return [];
    }
    return this.end(at);
  }

  /** Time passes without a new observation: an active condition may now be long enough. */
  tick(at: number): DetectorOutput[] {
    if (this.since === undefined || this.open) return [];
    return this.update(true, at);
  }

  end(at: number): DetectorOutput[] {
    const wasOpen = this.open;
    this.since = undefined;
    this.open = false;
    return wasOpen ? [{ kind: 'end', type: this.type, at }] : [];
  }

  get active(): boolean {
    return this.since !== undefined;
  }
}
