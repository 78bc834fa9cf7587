import 'webrtc-adapter';
import type { ApiClient } from '../api/client.js';
import type { RoomStateView } from '../../server/http/oral-room-routes.js';
import type { Presence, Side } from '../../server/http/oral-room-hub.js';

type Signal = { kind: 'description'; description: { type: 'offer' | 'answer'; sdp: string } } | { kind: 'candidate'; candidate: RTCIceCandidateInit };
interface SignalMessage {
  from: string;
  to: string;
  signal: Signal;
}

export interface RoomCallHandlers {
  state(room: RoomStateView | null): void;
  presence(presence: Presence): void;
  remote(stream: MediaStream | null): void;
  /** The signalling stream was refused or lost for good (room closed, session expired). */
  lost(): void;
}

/** What the page has received from the other side so far (RTCPeerConnection statistics). */
export interface ReceivedMedia {
  framesDecoded: number;
  audioPacketsReceived: number;
  connectionState: RTCPeerConnectionState | 'none';
}

/**
 * One page's side of the oral room call. Signalling goes through Cadre's server: a Server-Sent
 * Events stream brings presence, the room's state and the other side's messages; offers, answers
 * and ICE candidates are posted as JSON, one after the other in order. The assessor's page always
 * makes the offer; the candidate's answers. Each page load has a new peer id, so when either side
 * reloads, the other sees a new peer in the presence and the call is negotiated afresh. Nothing is
 * sent while the candidate is in the waiting room (the server refuses it too).
 */
export class RoomCall {
  readonly peerId = crypto.randomUUID();
  private source: EventSource | undefined;
  private pc: RTCPeerConnection | undefined;
  /** The other side's page this call is (being) negotiated with. */
  private remotePeer: string | null = null;
  private room: RoomStateView | null = null;
  private presence: Presence = { candidate: null, assessor: null };
  private pendingCandidates: RTCIceCandidateInit[] = [];
  private posts: Promise<unknown> = Promise.resolve();
  private inbox: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly options: {
      /** The room's API client: based on /api/oral/rooms/<booking id>, with the launch session when the page has it in its address. */
      api: ApiClient;
      side: Side;
      iceServers: RTCIceServer[];
      local: MediaStream;
      handlers: RoomCallHandlers;
    },
  ) {}

  connect(): void {
    this.source?.close();
    const source = new EventSource(this.options.api.url('/events', { peer: this.peerId }));
    this.source = source;
    source.addEventListener('state', (e) => {
      this.room = JSON.parse((e as MessageEvent<string>).data) as RoomStateView | null;
      this.options.handlers.state(this.room);
      this.negotiate();
    });
    source.addEventListener('presence', (e) => {
      this.presence = JSON.parse((e as MessageEvent<string>).data) as Presence;
      this.options.handlers.presence(this.presence);
      this.negotiate();
    });
    source.addEventListener('signal', (e) => {
      const message = JSON.parse((e as MessageEvent<string>).data) as SignalMessage;
      if (message.to !== this.peerId) return;
      this.inbox = this.inbox.then(() => this.receive(message)).catch(() => undefined);
    });
    source.addEventListener('error', () => {
      // EventSource retries by itself after a network error; a refusal (4xx) closes it for good.
      if (source.readyState === EventSource.CLOSED) {
        this.hangUp();
        this.options.handlers.lost();
      }
    });
  }

  close(): void {
    this.source?.close();
    this.source = undefined;
    this.hangUp();
  }

  /** Calls, waits or hangs up according to the room's state and who is there. */
  private negotiate(): void {
    const other = this.options.side === 'assessor' ? this.presence.candidate : this.presence.assessor;
    const inInterview = this.room !== null && this.room.state !== 'waiting' && this.room.state !== 'ended';
    if (!inInterview || !other) {
      this.hangUp();
      return;
    }
    if (other === this.remotePeer && this.pc) return;
    this.hangUp();
    this.remotePeer = other;
    if (this.options.side === 'assessor') this.inbox = this.inbox.then(() => this.offer()).catch(() => undefined);
  }

  private hangUp(): void {
    if (this.pc) {
      this.pc.ontrack = null;
      this.pc.onicecandidate = null;
      this.pc.onconnectionstatechange = null;
      this.pc.close();
      this.pc = undefined;
      this.options.handlers.remote(null);
    }
    this.remotePeer = null;
    this.pendingCandidates = [];
  }

  private newConnection(): RTCPeerConnection {
    const pc = new RTCPeerConnection({ iceServers: this.options.iceServers });
    for (const track of this.options.local.getTracks()) pc.addTrack(track, this.options.local);
    pc.ontrack = (e) => this.options.handlers.remote(e.streams[0] ?? new MediaStream([e.track]));
    pc.onicecandidate = (e) => {
      if (e.candidate && pc === this.pc) this.send({ kind: 'candidate', candidate: e.candidate.toJSON() });
    };
    // The network path broke (a Wi-Fi change, a NAT timeout): the assessor's page calls again.
    pc.onconnectionstatechange = () => {
      if (pc !== this.pc || pc.connectionState !== 'failed' || this.options.side !== 'assessor') return;
      const peer = this.remotePeer;
      this.hangUp();
      this.remotePeer = peer;
      this.inbox = this.inbox.then(() => this.offer()).catch(() => undefined);
    };
    this.pc = pc;
    return pc;
  }

  private async offer(): Promise<void> {
    const pc = this.newConnection();
    await pc.setLocalDescription(await pc.createOffer());
    this.send({ kind: 'description', description: { type: 'offer', sdp: pc.localDescription!.sdp } });
  }

  private async receive(message: SignalMessage): Promise<void> {
    const { signal } = message;
    if (signal.kind === 'description' && signal.description.type === 'offer') {
      // A new offer (the assessor's page reloaded, or called again): start afresh with it.
      if (this.options.side !== 'candidate') return;
      this.hangUp();
      this.remotePeer = message.from;
      const pc = this.newConnection();
      await pc.setRemoteDescription(signal.description);
      await this.flushCandidates(pc);
      await pc.setLocalDescription(await pc.createAnswer());
      this.send({ kind: 'description', description: { type: 'answer', sdp: pc.localDescription!.sdp } });
      return;
    }
    const pc = this.pc;
    if (!pc || message.from !== this.remotePeer) return;
    if (signal.kind === 'description') {
      await pc.setRemoteDescription(signal.description);
      await this.flushCandidates(pc);
    } else if (pc.remoteDescription) {
      await pc.addIceCandidate(signal.candidate);
    } else {
      this.pendingCandidates.push(signal.candidate);
    }
  }

  private async flushCandidates(pc: RTCPeerConnection): Promise<void> {
    const pending = this.pendingCandidates;
    this.pendingCandidates = [];
    for (const c of pending) await pc.addIceCandidate(c);
  }

  /** Posts in order: an answer never overtakes its offer, a candidate never its description. */
  private send(signal: Signal): void {
    const to = this.remotePeer;
    if (!to) return;
    this.posts = this.posts.then(() => this.options.api.post('/signal', { from: this.peerId, to, signal })).catch(() => undefined);
  }

  async received(): Promise<ReceivedMedia> {
    const out: ReceivedMedia = { framesDecoded: 0, audioPacketsReceived: 0, connectionState: this.pc?.connectionState ?? 'none' };
    if (!this.pc) return out;
    (await this.pc.getStats()).forEach((report: { type: string; kind?: string; framesDecoded?: number; packetsReceived?: number }) => {
      if (report.type !== 'inbound-rtp') return;
      if (report.kind === 'video') out.framesDecoded += report.framesDecoded ?? 0;
      if (report.kind === 'audio') out.audioPacketsReceived += report.packetsReceived ?? 0;
    });
    return out;
  }
}
