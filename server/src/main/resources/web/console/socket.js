// The agent's WebSocket: says hello, keeps the connection alive, notices when it died and
// reconnects with exponential backoff and jitter (so a restarted server is not hit by every console
// at the same instant). It knows frames only as JSON objects; what they mean is sync.js's business.

const FIRST_DELAY_MS = 500;
const MAX_DELAY_MS = 30000;
const HELLO_TIMEOUT_MS = 10000;
const DEFAULT_HEARTBEAT_MS = 20000;

/** Delay before reconnect attempt `attempt` (0-based): doubling, capped, randomised to 50–100 %. */
export function reconnectDelay(attempt, random = Math.random) {
  const ceiling = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** Math.min(attempt, 16));
  return Math.round(ceiling * (0.5 + random() * 0.5));
}

/**
 * A connection that has received nothing for two heartbeats plus slack is dead even if the browser
 * has not noticed (sleeping laptop, dropped Wi-Fi): the server answers every ping with a pong.
 */
export function silenceLimit(heartbeatMs) {
  return heartbeatMs * 2 + 5000;
}

/** Errors after which reconnecting cannot help: the hello itself was refused, or the session ended. */
export function isSessionRefusal(code, welcomed) {
  if (code === 'not_authenticated') return true;
  return !welcomed && (code === 'unknown_site' || code === 'origin_not_allowed');
}

export function socketUrl(location = globalThis.location) {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/ws`;
}

export class AgentSocket {
  /**
   * @param {object} options
   * @param {string} options.url
   * @param {() => string|null} options.token  read at every hello, so a new login is picked up
   * @param {(frame: object) => void} options.onFrame  every frame after the welcome (and the welcome)
   * @param {(state: 'connecting'|'online'|'reconnecting') => void} options.onState
   * @param {(code: string) => void} options.onRejected  the server refused our session; no retry
   * @param {{setInterval: Function, clearInterval: Function}} [options.heartbeatTimers]  timers that keep
   *   running in a hidden tab (see ticker.js)
   */
  constructor({ url, token, onFrame, onState, onRejected, WebSocketImpl = globalThis.WebSocket, timers = globalThis, heartbeatTimers = timers, random = Math.random, now = () => Date.now() }) {
    this.url = url;
    this.token = token;
    this.onFrame = onFrame;
    this.onState = onState;
    this.onRejected = onRejected;
    this.WebSocketImpl = WebSocketImpl;
    this.timers = timers;
    this.heartbeatTimers = heartbeatTimers;
    this.random = random;
    this.now = now;
    this.ws = null;
    this.state = 'idle';
    this.welcomed = false;
    this.everWelcomed = false;
    this.stopped = true;
    this.attempt = 0;
    this.heartbeatMs = DEFAULT_HEARTBEAT_MS;
    this.lastReceivedAt = 0;
    this.reconnectTimer = null;
    this.heartbeatTimer = null;
    this.helloTimer = null;
  }

  start() {
    this.stopped = false;
    this.attempt = 0;
    this.connect();
  }

  /** Closes for good (logout, rejected session). */
  stop() {
    this.stopped = true;
    this.clearTimers();
    this.detach();
    this.setState('idle');
  }

  isReady() {
    return this.welcomed && this.ws !== null && this.ws.readyState === 1;
  }

  /** Sends a frame if the session is up; returns false (and sends nothing) otherwise. */
  send(frame) {
    if (!this.isReady()) return false;
    try {
      this.ws.send(JSON.stringify(frame));
      return true;
    } catch {
      return false;
    }
  }

  /** Skips the backoff wait, e.g. when the browser reports it is online again. */
  reconnectNow() {
    if (this.stopped || this.isReady()) return;
    this.timers.clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    this.attempt = 0;
    this.detach();
    this.connect();
  }

  connect() {
    this.setState(this.everWelcomed ? 'reconnecting' : 'connecting');
    let ws;
    try {
      ws = new this.WebSocketImpl(this.url);
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.ws = ws;
    this.welcomed = false;
    ws.onopen = () => {
      this.lastReceivedAt = this.now();
      ws.send(JSON.stringify({ type: 'session.hello', role: 'agent', token: this.token() }));
      this.helloTimer = this.timers.setTimeout(() => this.dropAndReconnect(), HELLO_TIMEOUT_MS);
    };
    ws.onmessage = (event) => this.receive(event.data);
    ws.onclose = () => {
      if (this.ws === ws) this.dropAndReconnect();
    };
    ws.onerror = () => {
      // A close event always follows; reconnecting happens there.
    };
  }

  receive(data) {
    this.lastReceivedAt = this.now();
    let frame;
    try {
      frame = JSON.parse(data);
    } catch {
      return;
    }
    if (!frame || typeof frame.type !== 'string') return;
    if (frame.type === 'error' && isSessionRefusal(frame.code, this.welcomed)) {
      this.stop();
      this.onRejected(frame.code);
      return;
    }
    if (frame.type === 'session.welcome') {
      this.timers.clearTimeout(this.helloTimer);
      this.welcomed = true;
      this.everWelcomed = true;
      this.attempt = 0;
      if (Number.isFinite(frame.heartbeatMs) && frame.heartbeatMs > 0) this.heartbeatMs = frame.heartbeatMs;
      this.startHeartbeat();
      this.setState('online');
    }
    this.onFrame(frame);
  }

  startHeartbeat() {
    this.heartbeatTimers.clearInterval(this.heartbeatTimer);
    this.heartbeatTimer = this.heartbeatTimers.setInterval(() => {
      if (this.now() - this.lastReceivedAt > silenceLimit(this.heartbeatMs)) {
        this.dropAndReconnect();
        return;
      }
      this.send({ type: 'ping' });
    }, this.heartbeatMs);
  }

  /** Abandons the current connection at once (not waiting for a close that may never come). */
  dropAndReconnect() {
    this.detach();
    this.clearTimers();
    if (!this.stopped) this.scheduleReconnect();
  }

  scheduleReconnect() {
    this.setState(this.everWelcomed ? 'reconnecting' : 'connecting');
    const delay = reconnectDelay(this.attempt++, this.random);
    this.timers.clearTimeout(this.reconnectTimer);
    this.reconnectTimer = this.timers.setTimeout(() => {
      this.reconnectTimer = null;
      this.connect();
    }, delay);
  }

  detach() {
    const ws = this.ws;
    this.ws = null;
    this.welcomed = false;
    if (!ws) return;
    ws.onopen = ws.onmessage = ws.onclose = ws.onerror = null;
    try {
      ws.close();
    } catch {
      // already closed
    }
  }

  clearTimers() {
    this.timers.clearTimeout(this.helloTimer);
    this.heartbeatTimers.clearInterval(this.heartbeatTimer);
    this.timers.clearTimeout(this.reconnectTimer);
    this.helloTimer = this.heartbeatTimer = this.reconnectTimer = null;
  }

  setState(state) {
    if (this.state === state) return;
    this.state = state;
    this.onState?.(state);
  }
}
