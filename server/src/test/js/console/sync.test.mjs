import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConsoleStore } from '../../../main/resources/web/console/store.js';
import { ConsoleSync } from '../../../main/resources/web/console/sync.js';
import { ServerClock } from '../../../main/resources/web/console/clock.js';

class FakeSocket {
  constructor() {
    this.ready = true;
    this.sent = [];
  }
  isReady() {
    return this.ready;
  }
  send(frame) {
    if (!this.ready) return false;
    this.sent.push(frame);
    return true;
  }
  take(type) {
    const matching = this.sent.filter((frame) => frame.type === type);
    this.sent = this.sent.filter((frame) => frame.type !== type);
    return matching;
  }
}

/** Timers that only fire when the test advances the clock. */
class FakeTimers {
  constructor() {
    this.now = 0;
    this.tasks = new Map();
    this.nextId = 1;
  }
  setTimeout(fn, ms) {
    const id = this.nextId++;
    this.tasks.set(id, { fn, at: this.now + ms });
    return id;
  }
  clearTimeout(id) {
    this.tasks.delete(id);
  }
  setInterval() {
    return 0;
  }
  clearInterval() {}
  advance(ms) {
    this.now += ms;
    for (const [id, task] of [...this.tasks]) {
      if (task.at <= this.now) {
        this.tasks.delete(id);
        task.fn();
      }
    }
  }
}

function setup({ visible = () => true } = {}) {
  const store = new ConsoleStore();
  const socket = new FakeSocket();
  const timers = new FakeTimers();
  let nextId = 1;
  const sync = new ConsoleSync({
    store,
    socket,
    clock: new ServerClock({ monotonic: () => timers.now, wall: () => timers.now }),
    isVisible: visible,
    newId: () => `id-${nextId++}`,
    timers,
    now: () => timers.now,
    random: () => 1,
  });
  return { store, socket, timers, sync };
}

const welcome = (conversations = []) => ({
  type: 'session.welcome',
  role: 'agent',
  heartbeatMs: 20000,
  agent: { id: 'a_1', name: 'Ann', email: 'ann@x', role: 'owner', status: 'online' },
  site: { id: 's_1', key: 'KEY', name: 'Demo' },
  visitors: [],
  conversations,
});

const created = (seq, extra = {}) => ({
  type: 'message.created',
  conversationId: 'c_1',
  seq,
  clientId: `visitor-${seq}`,
  author: { type: 'visitor', id: 'v_1', name: 'Visitor' },
  text: `m${seq}`,
  at: 1000 + seq,
  ...extra,
});

test('opening_a_conversation_asks_for_the_whole_history', () => {
  const { socket, sync } = setup();
  sync.handleFrame(welcome([{ id: 'c_1', lastSeq: 3, unread: 0 }]));
  sync.openConversation('c_1');
  assert.deepEqual(socket.take('conversation.resume'), [{ type: 'conversation.resume', conversationId: 'c_1', afterSeq: 0 }]);
  sync.openConversation('c_1');
  assert.equal(socket.take('conversation.resume').length, 0, 'an open panel is not fetched twice');
});

test('a_seq_gap_triggers_a_resume_from_the_last_contiguous_seq', () => {
  const { socket, sync } = setup();
  sync.handleFrame(welcome([{ id: 'c_1', lastSeq: 2, unread: 0 }]));
  sync.openConversation('c_1');
  socket.take('conversation.resume');
  sync.handleFrame({ type: 'conversation.history', conversationId: 'c_1', messages: [created(1), created(2)], lastSeq: 2, complete: true });
  sync.handleFrame(created(3));
  assert.equal(socket.take('conversation.resume').length, 0);
  sync.handleFrame(created(5));
  assert.deepEqual(socket.take('conversation.resume'), [{ type: 'conversation.resume', conversationId: 'c_1', afterSeq: 3 }]);
});

test('an_incomplete_history_page_is_followed_by_the_next_page', () => {
  const { socket, sync } = setup();
  sync.handleFrame(welcome([{ id: 'c_1', lastSeq: 3, unread: 0 }]));
  sync.openConversation('c_1');
  socket.take('conversation.resume');
  sync.handleFrame({ type: 'conversation.history', conversationId: 'c_1', messages: [created(1), created(2)], lastSeq: 3, complete: false });
  assert.deepEqual(socket.take('conversation.resume'), [{ type: 'conversation.resume', conversationId: 'c_1', afterSeq: 2 }]);
});

test('reconnect_resumes_open_threads_and_resends_the_outbox_with_the_same_client_id', () => {
  const { store, socket, sync } = setup();
  sync.handleFrame(welcome([{ id: 'c_1', lastSeq: 1, unread: 0 }]));
  sync.openConversation('c_1');
  sync.handleFrame({ type: 'conversation.history', conversationId: 'c_1', messages: [created(1)], lastSeq: 1, complete: true });
  socket.sent = [];

  socket.ready = false;
  const clientId = sync.sendMessage('c_1', 'sent while offline 😀');
  assert.equal(socket.sent.length, 0);
  assert.equal(store.pendingFor('c_1').length, 1);

  socket.ready = true;
  sync.handleFrame(welcome([{ id: 'c_1', lastSeq: 1, unread: 0 }]));
  assert.deepEqual(socket.take('conversation.resume'), [{ type: 'conversation.resume', conversationId: 'c_1', afterSeq: 1 }]);
  assert.deepEqual(socket.take('message.send'), [{ type: 'message.send', clientId, conversationId: 'c_1', text: 'sent while offline 😀' }]);

  sync.handleFrame(welcome([{ id: 'c_1', lastSeq: 1, unread: 0 }]));
  assert.equal(socket.take('message.send')[0].clientId, clientId, 'every reconnect resends what is not acked');
  sync.handleFrame({ type: 'message.ack', clientId, conversationId: 'c_1', seq: 2, at: 2000 });
  sync.handleFrame(welcome([{ id: 'c_1', lastSeq: 2, unread: 0 }]));
  assert.equal(socket.take('message.send').length, 0, 'acked messages are not resent');
});

test('each_message_is_shown_once_when_created_arrives_before_and_after_history', () => {
  const { store, socket, sync } = setup();
  sync.handleFrame(welcome([{ id: 'c_1', lastSeq: 0, unread: 0 }]));
  sync.openConversation('c_1');
  const clientId = sync.sendMessage('c_1', 'hello');
  sync.handleFrame({ type: 'message.ack', clientId, conversationId: 'c_1', seq: 1, at: 1 });
  sync.handleFrame(created(1, { clientId, author: { type: 'agent', id: 'a_1', name: 'Ann' }, text: 'hello' }));
  sync.handleFrame({ type: 'conversation.history', conversationId: 'c_1', messages: [created(1, { clientId, text: 'hello' })], lastSeq: 1, complete: true });
  assert.deepEqual(store.thread('c_1').messages().map((m) => m.text), ['hello']);
  assert.equal(store.pendingFor('c_1').length, 0);
  assert.equal(socket.take('message.send').length, 1);
});

test('unavailable_keeps_the_message_and_retries_it_later', () => {
  const { store, socket, timers, sync } = setup();
  sync.handleFrame(welcome([{ id: 'c_1', lastSeq: 0, unread: 0 }]));
  sync.openConversation('c_1');
  const clientId = sync.sendMessage('c_1', 'hello');
  socket.take('message.send');
  sync.handleFrame({ type: 'error', code: 'unavailable', message: 'Temporarily unavailable', ref: clientId });
  assert.equal(store.pending.get(clientId).status, 'retrying');
  assert.equal(store.notice('c_1').code, 'unavailable');

  timers.advance(500);
  sync.sweep();
  assert.equal(socket.take('message.send').length, 0, 'not before the backoff');
  timers.advance(1000);
  sync.sweep();
  assert.deepEqual(socket.take('message.send').map((f) => f.clientId), [clientId]);

  sync.handleFrame({ type: 'message.ack', clientId, conversationId: 'c_1', seq: 1, at: 1 });
  assert.equal(store.notice('c_1'), null, 'the notice goes once the message is stored');
});

test('rate_limited_waits_as_long_as_the_server_says', () => {
  const { store, socket, timers, sync } = setup();
  sync.handleFrame(welcome([{ id: 'c_1', lastSeq: 0, unread: 0 }]));
  const clientId = sync.sendMessage('c_1', 'hello');
  socket.take('message.send');
  sync.handleFrame({ type: 'error', code: 'rate_limited', retryAfterMs: 4000, ref: clientId });
  timers.advance(3000);
  sync.sweep();
  assert.equal(socket.take('message.send').length, 0);
  timers.advance(1000);
  sync.sweep();
  assert.equal(socket.take('message.send').length, 1);
  assert.equal(store.pending.get(clientId).status, 'sending');
});

test('too_long_fails_the_message_and_never_resends_it', () => {
  const { store, socket, timers, sync } = setup();
  sync.handleFrame(welcome([{ id: 'c_1', lastSeq: 0, unread: 0 }]));
  const clientId = sync.sendMessage('c_1', 'x'.repeat(5000));
  socket.take('message.send');
  sync.handleFrame({ type: 'error', code: 'too_long', message: 'too long', ref: clientId });
  assert.equal(store.pending.get(clientId).status, 'failed');
  assert.equal(store.notice('c_1').code, 'too_long');
  timers.advance(60000);
  sync.sweep();
  sync.handleFrame(welcome([{ id: 'c_1', lastSeq: 0, unread: 0 }]));
  assert.equal(socket.take('message.send').length, 0);
});

test('an_unacknowledged_message_is_resent_after_the_ack_timeout', () => {
  const { socket, timers, sync } = setup();
  sync.handleFrame(welcome([{ id: 'c_1', lastSeq: 0, unread: 0 }]));
  const clientId = sync.sendMessage('c_1', 'hello');
  socket.take('message.send');
  timers.advance(14000);
  sync.sweep();
  assert.equal(socket.take('message.send').length, 0);
  timers.advance(1000);
  sync.sweep();
  assert.deepEqual(socket.take('message.send').map((f) => f.clientId), [clientId]);
});

test('blank_messages_are_not_sent', () => {
  const { store, socket, sync } = setup();
  sync.handleFrame(welcome([{ id: 'c_1', lastSeq: 0, unread: 0 }]));
  assert.equal(sync.sendMessage('c_1', '  \n\t '), null);
  assert.equal(socket.take('message.send').length, 0);
  assert.equal(store.pending.size, 0);
});

test('a_visible_panel_is_marked_read_up_to_its_last_message', () => {
  const { store, socket, sync } = setup();
  sync.handleFrame(welcome([{ id: 'c_1', lastSeq: 2, unread: 2 }]));
  sync.openConversation('c_1');
  sync.handleFrame({ type: 'conversation.history', conversationId: 'c_1', messages: [created(1), created(2)], lastSeq: 2, complete: true });
  assert.deepEqual(socket.take('conversation.read'), [{ type: 'conversation.read', conversationId: 'c_1', seq: 2 }]);
  assert.equal(store.conversations.get('c_1').unread, 0);
  sync.readVisible();
  assert.equal(socket.take('conversation.read').length, 0, 'the same seq is not sent twice');
  sync.handleFrame(created(3));
  assert.deepEqual(socket.take('conversation.read'), [{ type: 'conversation.read', conversationId: 'c_1', seq: 3 }]);
});

test('a_hidden_panel_is_not_marked_read', () => {
  let visible = false;
  const { socket, sync } = setup({ visible: () => visible });
  sync.handleFrame(welcome([{ id: 'c_1', lastSeq: 1, unread: 1 }]));
  sync.openConversation('c_1');
  sync.handleFrame({ type: 'conversation.history', conversationId: 'c_1', messages: [created(1)], lastSeq: 1, complete: true });
  assert.equal(socket.take('conversation.read').length, 0);
  visible = true;
  sync.readVisible();
  assert.equal(socket.take('conversation.read').length, 1);
});

test('typing_is_throttled_and_stopped_when_the_composer_empties_or_goes_idle', () => {
  const { socket, timers, sync } = setup();
  sync.handleFrame(welcome([{ id: 'c_1', lastSeq: 0, unread: 0 }]));
  sync.noteComposerInput('c_1', 'h');
  sync.noteComposerInput('c_1', 'he');
  timers.advance(1000);
  sync.noteComposerInput('c_1', 'hel');
  assert.deepEqual(socket.take('typing.set').map((f) => f.typing), [true]);
  timers.advance(3000);
  sync.noteComposerInput('c_1', 'hell');
  assert.deepEqual(socket.take('typing.set').map((f) => f.typing), [true], 'renewed before the server forgets');
  sync.noteComposerInput('c_1', '');
  assert.deepEqual(socket.take('typing.set').map((f) => f.typing), [false]);

  sync.noteComposerInput('c_1', 'again');
  socket.take('typing.set');
  timers.advance(5000);
  assert.deepEqual(socket.take('typing.set').map((f) => f.typing), [false], 'idle composer stops typing');
});

test('a_conversation_update_beyond_what_we_hold_fetches_the_missing_messages', () => {
  const { socket, sync } = setup();
  sync.handleFrame(welcome([{ id: 'c_1', lastSeq: 1, unread: 0 }]));
  sync.openConversation('c_1');
  sync.handleFrame({ type: 'conversation.history', conversationId: 'c_1', messages: [created(1)], lastSeq: 1, complete: true });
  socket.take('conversation.resume');
  sync.handleFrame({ type: 'conversation.updated', conversation: { id: 'c_1', lastSeq: 2, unread: 1 } });
  assert.deepEqual(socket.take('conversation.resume'), [{ type: 'conversation.resume', conversationId: 'c_1', afterSeq: 1 }]);
});

test('own_presence_follows_presence_changed_for_this_agent_only', () => {
  const { store, socket, sync } = setup();
  sync.handleFrame(welcome());
  sync.setPresence('away');
  assert.deepEqual(socket.take('presence.set'), [{ type: 'presence.set', status: 'away' }]);
  assert.equal(store.agent.status, 'away');
  sync.handleFrame({ type: 'presence.changed', agentId: 'a_2', status: 'online' });
  assert.equal(store.agent.status, 'away');
  sync.handleFrame({ type: 'presence.changed', agentId: 'a_1', status: 'online' });
  assert.equal(store.agent.status, 'online');
});

test('an_error_without_ref_becomes_a_global_notice', () => {
  const { store, sync } = setup();
  sync.handleFrame(welcome());
  sync.handleFrame({ type: 'error', code: 'not_found', message: 'No such conversation.' });
  assert.equal(store.globalNotice.code, 'not_found');
});

test('opening_a_visitor_asks_for_the_detail_and_an_error_naming_that_visitor_shows_in_the_panel', () => {
  const { store, socket, sync } = setup();
  sync.handleFrame(welcome());
  sync.openVisitorDetail('v_1');
  assert.deepEqual(socket.take('visitor.get'), [{ type: 'visitor.get', visitorId: 'v_1' }]);
  sync.handleFrame({ type: 'error', code: 'not_found', message: 'No such visitor.', visitorId: 'v_1' });
  assert.equal(store.visitorDetail.status, 'error');
  assert.equal(store.globalNotice, null, 'not a global notice');
});

test('an_open_visitor_detail_is_asked_again_after_a_reconnect', () => {
  const { store, socket, sync } = setup();
  sync.handleFrame(welcome());
  sync.openVisitorDetail('v_1');
  sync.handleFrame({ type: 'visitor.detail', visitor: { id: 'v_1', name: 'V' }, pages: [], conversations: [] });
  socket.take('visitor.get');
  sync.handleFrame(welcome());
  assert.deepEqual(socket.take('visitor.get'), [{ type: 'visitor.get', visitorId: 'v_1' }]);
  assert.equal(store.visitorDetail.status, 'loading');
});

test('presence_chosen_while_disconnected_is_sent_after_the_next_welcome_and_not_undone_by_it', () => {
  const { store, socket, sync } = setup();
  sync.handleFrame(welcome());
  socket.sent = [];
  socket.ready = false;
  sync.setPresence('away');
  assert.equal(store.agent.status, 'away', 'shown at once');
  assert.equal(socket.take('presence.set').length, 0);
  socket.ready = true;
  sync.handleFrame(welcome());
  assert.deepEqual(socket.take('presence.set'), [{ type: 'presence.set', status: 'away' }]);
  assert.equal(store.agent.status, 'away');
  sync.handleFrame({ type: 'presence.changed', agentId: 'a_1', status: 'away' });
  sync.handleFrame(welcome());
  assert.equal(socket.take('presence.set').length, 0, 'once confirmed it is not sent again');
});
