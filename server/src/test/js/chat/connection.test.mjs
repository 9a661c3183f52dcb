import assert from 'node:assert/strict';
import test from 'node:test';
import { createBackoff } from '../../../main/resources/web/chat/backoff.js';
import { Connection } from '../../../main/resources/web/chat/connection.js';
import { fakeTimers } from './helpers.mjs';

class FakeSocket {
  readyState = 0;
  sent = [];
  closed = false;
  send(data) { this.sent.push(JSON.parse(data)); }
  close() { this.closed = true; this.readyState = 3; }
  serverOpens() { this.readyState = 1; this.onopen?.(); }
  serverSends(frame) { this.onmessage?.({ data: JSON.stringify(frame) }); }
  serverCloses() { this.readyState = 3; this.onclose?.({ code: 1006 }); }
}

function setup() {
  const clock = fakeTimers();
  const sockets = [];
  const states = [];
  const frames = [];
  let opens = 0;
  const connection = new Connection({
    url: 'ws://parley.test/ws',
    createSocket: () => { const s = new FakeSocket(); sockets.push(s); return s; },
    backoff: createBackoff({ initialMs: 500, maxMs: 15000, jitter: 0 }),
    env: clock.env,
    handlers: {
      onOpen: () => { opens++; },
      onFrame: (f) => frames.push(f),
      onStateChange: (s) => states.push(s),
    },
  });
  return { connection, clock, sockets, states, frames, opens: () => opens };
}

test('reconnects_with_doubling_delays_and_resets_them_after_a_welcome', () => {
  const { connection, clock, sockets, states } = setup();
  connection.start();
  sockets[0].serverOpens();
  connection.markOnline(20000);
  sockets[0].serverCloses();
  assert.equal(states.at(-1), 'reconnecting');
  clock.advance(499);
  assert.equal(sockets.length, 1);
  clock.advance(1);
  assert.equal(sockets.length, 2);
  sockets[1].serverCloses();
  clock.advance(999);
  assert.equal(sockets.length, 2);
  clock.advance(1);
  assert.equal(sockets.length, 3);
  sockets[2].serverOpens();
  connection.markOnline(20000);
  sockets[2].serverCloses();
  clock.advance(500);
  assert.equal(sockets.length, 4);
});

test('state_goes_connecting_online_reconnecting_online', () => {
  const { connection, clock, sockets, states } = setup();
  connection.start();
  sockets[0].serverOpens();
  connection.markOnline(20000);
  sockets[0].serverCloses();
  clock.advance(500);
  sockets[1].serverOpens();
  connection.markOnline(20000);
  assert.deepEqual(states, ['connecting', 'online', 'reconnecting', 'online']);
});

test('pings_every_heartbeat_and_gives_up_on_a_socket_silent_for_two_heartbeats', () => {
  const { connection, clock, sockets } = setup();
  connection.start();
  sockets[0].serverOpens();
  connection.markOnline(1000);
  clock.advance(1000);
  assert.deepEqual(sockets[0].sent, [{ type: 'ping' }]);
  sockets[0].serverSends({ type: 'pong' });
  clock.advance(1999);
  assert.equal(sockets[0].closed, false);
  clock.advance(1);
  assert.equal(sockets[0].closed, true);
  clock.advance(500);
  assert.equal(sockets.length, 2);
});

test('pong_is_swallowed_other_frames_are_delivered', () => {
  const { connection, sockets, frames } = setup();
  connection.start();
  sockets[0].serverOpens();
  sockets[0].serverSends({ type: 'pong' });
  sockets[0].serverSends({ type: 'agents.status', online: true });
  sockets[0].onmessage({ data: 'not json' });
  assert.deepEqual(frames, [{ type: 'agents.status', online: true }]);
});

test('the_browser_coming_back_online_reconnects_at_once', () => {
  const { connection, clock, sockets } = setup();
  connection.start();
  sockets[0].serverOpens();
  connection.markOnline(20000);
  for (let i = 0; i < 5; i++) {
    sockets.at(-1).serverCloses();
    clock.advance(20000);
  }
  const before = sockets.length;
  sockets.at(-1).serverCloses();
  clock.env.dispatch('online');
  assert.equal(sockets.length, before + 1);
});

test('offline_while_the_browser_reports_no_network', () => {
  const { connection, clock, sockets, states } = setup();
  connection.start();
  sockets[0].serverOpens();
  connection.markOnline(20000);
  clock.env.navigator.onLine = false;
  sockets[0].serverCloses();
  assert.equal(states.at(-1), 'offline');
});

test('stop_ends_reconnecting_for_good', () => {
  const { connection, clock, sockets, states } = setup();
  connection.start();
  sockets[0].serverOpens();
  connection.stop();
  clock.advance(60000);
  assert.equal(sockets.length, 1);
  assert.equal(states.at(-1), 'offline');
});

test('send_reports_false_while_no_socket_is_open', () => {
  const { connection, sockets } = setup();
  connection.start();
  assert.equal(connection.send({ type: 'ping' }), false);
  sockets[0].serverOpens();
  assert.equal(connection.send({ type: 'ping' }), true);
});

test('going_offline_probes_the_open_socket_and_drops_it_within_five_seconds_if_silent', () => {
  const { connection, clock, sockets, states } = setup();
  connection.start();
  sockets[0].serverOpens();
  connection.markOnline(20000);
  clock.env.navigator.onLine = false;
  clock.env.dispatch('offline');
  assert.deepEqual(sockets[0].sent, [{ type: 'ping' }]);
  clock.advance(5000);
  assert.equal(sockets[0].closed, true);
  assert.equal(states.at(-1), 'offline');
});
