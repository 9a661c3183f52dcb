import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AgentSocket, reconnectDelay, silenceLimit, isSessionRefusal, socketUrl } from '../../../main/resources/web/console/socket.js';

class FakeTimers {
  constructor() {
    this.now = 0;
    this.tasks = new Map();
    this.nextId = 1;
  }
  setTimeout(fn, ms) {
    const id = this.nextId++;
    this.tasks.set(id, { fn, at: this.now + ms, every: 0 });
    return id;
  }
  setInterval(fn, ms) {
    const id = this.nextId++;
    this.tasks.set(id, { fn, at: this.now + ms, every: ms });
    return id;
  }
  clearTimeout(id) {
    this.tasks.delete(id);
  }
  clearInterval(id) {
    this.tasks.delete(id);
  }
  advance(ms) {
    const end = this.now + ms;
    for (;;) {
      const due = [...this.tasks].filter(([, task]) => task.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      const [id, task] = due;
      this.now = task.at;
      if (task.every) task.at += task.every;
      else this.tasks.delete(id);
      task.fn();
    }
    this.now = end;
  }
}

function fakeWebSocketClass(created) {
  return class FakeWebSocket {
    constructor(url) {
      this.url = url;
      this.readyState = 0;
      this.sent = [];
      created.push(this);
    }
    send(data) {
      this.sent.push(JSON.parse(data));
    }
    close() {
      this.readyState = 3;
    }
    // test helpers
    open() {
      this.readyState = 1;
      this.onopen?.();
    }
    receive(frame) {
      this.onmessage?.({ data: JSON.stringify(frame) });
    }
    drop() {
      this.readyState = 3;
      this.onclose?.({ code: 1006 });
    }
  };
}

function setup() {
  const created = [];
  const timers = new FakeTimers();
  const frames = [];
  const states = [];
  const rejected = [];
  const socket = new AgentSocket({
    url: 'ws://test/ws',
    token: () => 'tok',
    onFrame: (frame) => frames.push(frame),
    onState: (state) => states.push(state),
    onRejected: (code) => rejected.push(code),
    WebSocketImpl: fakeWebSocketClass(created),
    timers,
    random: () => 1,
    now: () => timers.now,
  });
  return { socket, created, timers, frames, states, rejected };
}

const welcome = { type: 'session.welcome', role: 'agent', heartbeatMs: 1000, agent: {}, site: {}, visitors: [], conversations: [] };

test('backoff_doubles_up_to_thirty_seconds_with_jitter', () => {
  assert.equal(reconnectDelay(0, () => 1), 500);
  assert.equal(reconnectDelay(1, () => 1), 1000);
  assert.equal(reconnectDelay(3, () => 1), 4000);
  assert.equal(reconnectDelay(20, () => 1), 30000);
  assert.equal(reconnectDelay(3, () => 0), 2000);
  assert.equal(silenceLimit(20000), 45000);
});

test('hello_is_the_first_frame_and_carries_the_token', () => {
  const { socket, created } = setup();
  socket.start();
  created[0].open();
  assert.deepEqual(created[0].sent, [{ type: 'session.hello', role: 'agent', token: 'tok' }]);
  assert.equal(socket.send({ type: 'ping' }), false, 'nothing else before the welcome');
});

test('welcome_makes_the_socket_ready_and_starts_heartbeats', () => {
  const { socket, created, timers, states, frames } = setup();
  socket.start();
  created[0].open();
  created[0].receive(welcome);
  assert.equal(socket.isReady(), true);
  assert.equal(states.at(-1), 'online');
  assert.equal(frames[0].type, 'session.welcome');
  timers.advance(1000);
  assert.deepEqual(created[0].sent.at(-1), { type: 'ping' });
});

test('a_dropped_connection_reconnects_after_backoff_and_says_hello_again', () => {
  const { socket, created, timers, states } = setup();
  socket.start();
  created[0].open();
  created[0].receive(welcome);
  created[0].drop();
  assert.equal(states.at(-1), 'reconnecting');
  assert.equal(created.length, 1);
  timers.advance(500);
  assert.equal(created.length, 2);
  created[1].drop();
  timers.advance(999);
  assert.equal(created.length, 2, 'second wait is longer');
  timers.advance(1);
  assert.equal(created.length, 3);
  created[2].open();
  assert.equal(created[2].sent[0].type, 'session.hello');
});

test('a_silent_connection_is_abandoned_and_replaced', () => {
  const { socket, created, timers } = setup();
  socket.start();
  created[0].open();
  created[0].receive(welcome);
  // heartbeat 1000 ms: silence limit is 7000 ms; pings go out but nothing comes back
  timers.advance(8000);
  assert.equal(socket.isReady(), false);
  timers.advance(1000);
  assert.ok(created.length >= 2);
});

test('not_authenticated_stops_reconnecting_and_reports_it', () => {
  const { socket, created, timers, rejected } = setup();
  socket.start();
  created[0].open();
  created[0].receive({ type: 'error', code: 'not_authenticated', message: 'expired' });
  created[0].drop();
  timers.advance(60000);
  assert.deepEqual(rejected, ['not_authenticated']);
  assert.equal(created.length, 1);
});

test('refusals_other_than_authentication_count_only_before_the_welcome', () => {
  assert.equal(isSessionRefusal('not_authenticated', true), true);
  assert.equal(isSessionRefusal('unknown_site', false), true);
  assert.equal(isSessionRefusal('unknown_site', true), false);
  assert.equal(isSessionRefusal('rate_limited', false), false);
});

test('a_missing_welcome_is_treated_as_a_dead_connection', () => {
  const { created, socket, timers } = setup();
  socket.start();
  created[0].open();
  timers.advance(10000);
  timers.advance(500);
  assert.equal(created.length, 2);
});

test('the_socket_url_follows_the_page_scheme', () => {
  assert.equal(socketUrl({ protocol: 'https:', host: 'chat.example:8443' }), 'wss://chat.example:8443/ws');
  assert.equal(socketUrl({ protocol: 'http:', host: 'localhost:8080' }), 'ws://localhost:8080/ws');
});
