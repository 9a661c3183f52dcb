import { createBackoff } from './backoff.js';

export const DEFAULT_HEARTBEAT_MS = 20000;
const PROBE_TIMEOUT_MS = 5000;

/**
 * One logical connection to the Parley gateway that survives network trouble.
 *
 * It owns the WebSocket, reconnects with backoff and jitter, pings every
 * heartbeat and declares the socket dead when nothing at all arrived for two
 * heartbeats (a silently dropped TCP connection never fires `close` in time).
 * It knows nothing about the chat protocol: the session says when the link is
 * really usable (`markOnline`, after session.welcome) and when to give up (`stop`).
 *
 * States: connecting (first attempt) → online → reconnecting … → online;
 * offline while the browser reports no network or after `stop`.
 */
export class Connection {
  #url;
  #createSocket;
  #backoff;
  #env;
  #handlers;
  #socket = null;
  #state = 'idle';
  #heartbeatMs = DEFAULT_HEARTBEAT_MS;
  #reconnectTimer = null;
  #pingTimer = null;
  #watchdogTimer = null;
  #wasOnline = false;
  #stopped = false;

  /**
   * @param {object} options
   * @param {string} options.url
   * @param {{onOpen?:Function, onFrame?:Function, onClose?:Function, onStateChange?:Function}} options.handlers
   * @param {(url:string)=>WebSocket} [options.createSocket]
   * @param {object} [options.env] window-like: setTimeout, clearTimeout, setInterval, clearInterval,
   *   addEventListener, navigator
   */
  constructor({ url, handlers, createSocket = (u) => new WebSocket(u), backoff = createBackoff(), env = globalThis }) {
    this.#url = url;
    this.#handlers = handlers;
    this.#createSocket = createSocket;
    this.#backoff = backoff;
    this.#env = env;
  }

  get state() {
    return this.#state;
  }

  get isOpen() {
    return this.#socket !== null && this.#socket.readyState === 1;
  }

  start() {
    this.#env.addEventListener?.('online', () => this.reconnectNow());
    this.#env.addEventListener?.('offline', () => {
      if (this.isOpen) this.#probe();
      else this.#setState('offline');
    });
    this.#connect();
  }

  /** Gives up for good (the server rejected us); no more reconnects. */
  stop() {
    this.#stopped = true;
    this.#clearReconnect();
    this.#abandonSocket();
    this.#setState('offline');
  }

  /** @returns {boolean} false if the frame could not be handed to an open socket. */
  send(frame) {
    if (!this.isOpen) return false;
    try {
      this.#socket.send(JSON.stringify(frame));
      return true;
    } catch {
      return false;
    }
  }

  /** Called by the session once session.welcome arrived on this socket. */
  markOnline(heartbeatMs) {
    if (Number.isFinite(heartbeatMs) && heartbeatMs >= 1000) this.#heartbeatMs = heartbeatMs;
    this.#wasOnline = true;
    this.#backoff.reset();
    this.#startPinging();
    this.#armWatchdog(this.#heartbeatMs * 2);
    this.#setState('online');
  }

  /** Reconnect without waiting for the backoff, e.g. because the network came back. */
  reconnectNow() {
    if (this.#stopped) return;
    if (this.isOpen) {
      this.#probe();
      return;
    }
    this.#clearReconnect();
    this.#abandonSocket();
    this.#connect();
  }

  /** Drops the current socket and reconnects through the normal backoff. */
  restart() {
    if (this.#stopped) return;
    this.#handleSocketGone();
  }

  /** After a network change an open-looking socket is often dead: find out quickly. */
  #probe() {
    this.send({ type: 'ping' });
    this.#armWatchdog(Math.min(PROBE_TIMEOUT_MS, this.#heartbeatMs * 2));
  }

  #connect() {
    if (this.#stopped) return;
    this.#setState(this.#waitingState());
    let socket;
    try {
      socket = this.#createSocket(this.#url);
    } catch {
      this.#scheduleReconnect();
      return;
    }
    this.#socket = socket;
    socket.onopen = () => {
      if (socket !== this.#socket) return;
      this.#armWatchdog(this.#heartbeatMs * 2);
      this.#handlers.onOpen?.();
    };
    socket.onmessage = (event) => {
      if (socket !== this.#socket) return;
      this.#armWatchdog(this.#heartbeatMs * 2);
      const frame = parseFrame(event.data);
      if (frame && frame.type !== 'pong') this.#handlers.onFrame?.(frame);
    };
    socket.onclose = (event) => {
      if (socket !== this.#socket) return;
      this.#handleSocketGone(event);
    };
    socket.onerror = () => {
      // A close event follows; reconnecting is handled there.
    };
    this.#armWatchdog(this.#heartbeatMs * 2);
  }

  #handleSocketGone(event) {
    this.#abandonSocket();
    this.#handlers.onClose?.(event);
    if (!this.#stopped) this.#scheduleReconnect();
  }

  #scheduleReconnect() {
    this.#clearReconnect();
    this.#setState(this.#waitingState());
    // While offline we still retry (onLine can be wrong), but the 'online' event usually wins.
    this.#reconnectTimer = this.#env.setTimeout(() => {
      this.#reconnectTimer = null;
      this.#connect();
    }, this.#backoff.nextDelay());
  }

  #waitingState() {
    if (this.#env.navigator?.onLine === false) return 'offline';
    return this.#wasOnline ? 'reconnecting' : 'connecting';
  }

  #abandonSocket() {
    this.#stopPinging();
    this.#clearWatchdog();
    const socket = this.#socket;
    this.#socket = null;
    if (!socket) return;
    socket.onopen = socket.onmessage = socket.onclose = socket.onerror = null;
    try {
      socket.close();
    } catch {
      // already closed
    }
  }

  #startPinging() {
    this.#stopPinging();
    this.#pingTimer = this.#env.setInterval(() => this.send({ type: 'ping' }), this.#heartbeatMs);
  }

  #stopPinging() {
    if (this.#pingTimer !== null) this.#env.clearInterval(this.#pingTimer);
    this.#pingTimer = null;
  }

  #armWatchdog(ms) {
    this.#clearWatchdog();
    this.#watchdogTimer = this.#env.setTimeout(() => {
      this.#watchdogTimer = null;
      this.#handleSocketGone();
    }, ms);
  }

  #clearWatchdog() {
    if (this.#watchdogTimer !== null) this.#env.clearTimeout(this.#watchdogTimer);
    this.#watchdogTimer = null;
  }

  #clearReconnect() {
    if (this.#reconnectTimer !== null) this.#env.clearTimeout(this.#reconnectTimer);
    this.#reconnectTimer = null;
  }

  #setState(state) {
    if (state === this.#state) return;
    this.#state = state;
    this.#handlers.onStateChange?.(state);
  }
}

function parseFrame(data) {
  if (typeof data !== 'string') return null;
  try {
    const frame = JSON.parse(data);
    return frame && typeof frame === 'object' && typeof frame.type === 'string' ? frame : null;
  } catch {
    return null;
  }
}
