export type MediaProblem = 'permission-denied' | 'no-device' | 'unsupported';

/**
 * The page's own camera and microphone for the oral room, with the check the waiting room shows:
 * the camera gives a picture, the microphone hears something (a live level from WebAudio).
 */
export class LocalMedia {
  stream: MediaStream | undefined;
  problem: MediaProblem | undefined;
  level = 0;
  cameraOk = false;
  micHeard = false;
  private audio: AudioContext | undefined;
  private meter: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly changed: () => void) {}

  async start(): Promise<void> {
    if (!navigator.mediaDevices?.getUserMedia) {
      this.problem = 'unsupported';
      return this.changed();
    }
    try {
      this.stream = await navigator.mediaDevices.getUserMedia({
        video: { width: 640, height: 480 },
        audio: { echoCancellation: true, noiseSuppression: true },
      });
    } catch (error) {
      const name = error instanceof DOMException ? error.name : '';
      this.problem =
        name === 'NotAllowedError' || name === 'SecurityError'
          ? 'permission-denied'
          : name === 'NotFoundError' || name === 'OverconstrainedError'
            ? 'no-device'
            : 'unsupported';
      return this.changed();
    }
    this.cameraOk = this.stream.getVideoTracks().some((t) => t.readyState === 'live');
    if (this.stream.getAudioTracks().length === 0) this.problem = 'no-device';
    else this.listen(this.stream);
    this.changed();
  }

  private listen(stream: MediaStream): void {
    this.audio = new AudioContext();
    const analyser = this.audio.createAnalyser();
    analyser.fftSize = 1024;
    this.audio.createMediaStreamSource(stream).connect(analyser);
    const buffer = new Float32Array(analyser.fftSize);
    this.meter = setInterval(() => {
      analyser.getFloatTimeDomainData(buffer);
      let sum = 0;
      for (const v of buffer) sum += v * v;
      this.level = Math.min(1, Math.sqrt(sum / buffer.length) * 4);
      if (this.level > 0.01) this.micHeard = true;
      this.changed();
    }, 200);
  }

  stop(): void {
    clearInterval(this.meter);
    for (const track of this.stream?.getTracks() ?? []) track.stop();
    this.stream = undefined;
    void this.audio?.close().catch(() => undefined);
    this.audio = undefined;
  }
}
