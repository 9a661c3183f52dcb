import assert from 'node:assert/strict';
import test from 'node:test';
import { MessageStore } from '../../../main/resources/web/chat/message-store.js';
import { Outbox } from '../../../main/resources/web/chat/outbox.js';
import { ChatSession, browserLanguage } from '../../../main/resources/web/chat/session.js';
import { fakeTimers, memoryStorage } from './helpers.mjs';

const visitor = { type: 'visitor', id: 'v_1', name: 'Visitor 1' };
const agent = { type: 'agent', id: 'a_1', name: 'Ann' };

function setup({ storage = memoryStorage(), token = null } = {}) {
  const clock = fakeTimers();
  const sent = [];
  const events = [];
  const connection = {
    open: true,
    onlineWith: null,
    stopped: false,
    restarted: 0,
    send(frame) { if (!this.open) return false; sent.push(frame); return true; },
    markOnline(ms) { this.onlineWith = ms; },
    stop() { this.stopped = true; },
    restart() { this.restarted++; },
  };
  const store = new MessageStore();
  const outbox = new Outbox(storage, 'parley:outbox:S');
  let ids = 0;
  const ui = new Proxy({}, { get: (_, name) => (...args) => events.push([name, ...args]) });
  const session = new ChatSession({
    site: 'S',
    identity: { token, hostOrigin: 'https://shop.example', page: { url: 'https://shop.example/', title: 'Shop', referrer: '' } },
    store, outbox, ui, env: clock.env, now: clock.now, newId: () => `id${++ids}`,
  });
  session.attach(connection);
  const frames = (type) => sent.filter((f) => f.type === type);
  const welcome = (conversation = null, extra = {}) => session.handleFrame({
    type: 'session.welcome', role: 'visitor', visitorId: 'v_1', token: 'T1', heartbeatMs: 20000,
    agentsOnline: true, site: { name: 'Demo', greeting: 'Hi', color: '#2563eb' }, conversation, ...extra,
  });
  const connect = (conversation) => { session.handleOpen(); welcome(conversation); };
  return { session, store, outbox, sent, frames, events, connection, clock, storage, welcome, connect };
}

test('hello_is_the_first_frame_on_every_new_socket_and_carries_token_host_origin_and_page', () => {
  const { session, sent } = setup({ token: 'OLD' });
  session.handleOpen();
  assert.deepEqual(sent[0], {
    type: 'session.hello', role: 'visitor', site: 'S', token: 'OLD', hostOrigin: 'https://shop.example',
    page: { url: 'https://shop.example/', title: 'Shop', referrer: '' }, language: null,
  });
});

test('hello_reports_the_browser_language_only_when_it_looks_like_a_language_tag', () => {
  assert.equal(browserLanguage({ navigator: { language: 'zh-CN' } }), 'zh-CN');
  assert.equal(browserLanguage({ navigator: { language: '<script>' } }), null);
  assert.equal(browserLanguage({}), null);
});

test('welcome_hands_the_token_to_the_host_and_marks_the_connection_online_with_the_heartbeat', () => {
  const { connect, events, connection } = setup();
  connect(null);
  assert.deepEqual(events.find((e) => e[0] === 'onToken'), ['onToken', 'T1']);
  assert.equal(connection.onlineWith, 20000);
});

test('welcome_with_a_conversation_resumes_from_0_on_a_fresh_page', () => {
  const { connect, frames } = setup();
  connect({ id: 'c_1', lastSeq: 3 });
  assert.deepEqual(frames('conversation.resume'), [{ type: 'conversation.resume', conversationId: 'c_1', afterSeq: 0 }]);
});

test('first_message_without_a_conversation_is_sent_alone_the_rest_wait_for_its_ack', () => {
  const { session, connect, frames, store } = setup();
  connect(null);
  session.send('one');
  session.send('two');
  assert.deepEqual(frames('message.send').map((f) => [f.text, f.conversationId]), [['one', undefined]]);
  session.handleFrame({ type: 'message.ack', clientId: 'id1', conversationId: 'c_9', seq: 1, at: 1 });
  assert.deepEqual(frames('message.send').map((f) => [f.text, f.conversationId]), [['one', undefined], ['two', 'c_9']]);
  assert.equal(session.conversationId, 'c_9');
  assert.deepEqual(store.entries().map((e) => [e.text, e.seq]), [['one', 1], ['two', null]]);
});

test('messages_written_while_offline_are_kept_and_sent_with_the_same_clientid_after_the_next_welcome', () => {
  const { session, connection, connect, frames } = setup();
  connect({ id: 'c_1', lastSeq: 0 });
  session.handleFrame({ type: 'conversation.history', conversationId: 'c_1', messages: [], lastSeq: 0, complete: true });
  connection.open = false;
  session.handleClose();
  session.send('while offline');
  assert.equal(frames('message.send').length, 0);
  connection.open = true;
  connect({ id: 'c_1', lastSeq: 0 });
  assert.deepEqual(frames('message.send'), [{ type: 'message.send', clientId: 'id1', text: 'while offline', conversationId: 'c_1' }]);
});

test('unacked_messages_are_resent_with_the_same_clientid_after_a_reconnect', () => {
  const { session, connect, frames } = setup();
  connect({ id: 'c_1', lastSeq: 0 });
  session.send('hello');
  session.handleClose();
  connect({ id: 'c_1', lastSeq: 1 });
  const sends = frames('message.send');
  assert.equal(sends.length, 2);
  assert.equal(sends[0].clientId, sends[1].clientId);
});

test('the_outbox_survives_a_reload_and_the_restored_message_shows_as_pending', () => {
  const storage = memoryStorage();
  const first = setup({ storage });
  first.connect({ id: 'c_1', lastSeq: 0 });
  first.connection.open = false;
  first.session.send('keep me');
  const second = setup({ storage });
  assert.deepEqual(second.store.entries().map((e) => [e.text, e.state]), [['keep me', 'pending']]);
  second.connect({ id: 'c_1', lastSeq: 0 });
  assert.equal(second.frames('message.send')[0].text, 'keep me');
});

test('history_after_reload_confirms_a_restored_pending_message_instead_of_duplicating_it', () => {
  const storage = memoryStorage();
  const first = setup({ storage });
  first.connection.open = false;
  first.session.send('maybe committed');
  const second = setup({ storage });
  second.connect({ id: 'c_1', lastSeq: 1 });
  second.session.handleFrame({
    type: 'conversation.history', conversationId: 'c_1', lastSeq: 1, complete: true,
    messages: [{ conversationId: 'c_1', seq: 1, clientId: 'id1', author: visitor, text: 'maybe committed', at: 1 }],
  });
  assert.deepEqual(second.store.entries().map((e) => [e.text, e.seq]), [['maybe committed', 1]]);
  assert.equal(second.outbox.size, 0);
});

test('a_skipped_seq_triggers_a_resume_from_the_last_contiguous_seq', () => {
  const { session, connect, frames } = setup();
  connect({ id: 'c_1', lastSeq: 1 });
  session.handleFrame({
    type: 'conversation.history', conversationId: 'c_1', lastSeq: 1, complete: true,
    messages: [{ conversationId: 'c_1', seq: 1, clientId: 'a', author: agent, text: 'one', at: 1 }],
  });
  session.handleFrame({ type: 'message.created', conversationId: 'c_1', seq: 3, clientId: 'c', author: agent, text: 'three', at: 3 });
  assert.deepEqual(frames('conversation.resume').at(-1), { type: 'conversation.resume', conversationId: 'c_1', afterSeq: 1 });
});

test('incomplete_history_is_fetched_page_by_page', () => {
  const { session, connect, frames } = setup();
  connect({ id: 'c_1', lastSeq: 3 });
  const message = (seq) => ({ conversationId: 'c_1', seq, clientId: `x${seq}`, author: agent, text: `${seq}`, at: seq });
  session.handleFrame({ type: 'conversation.history', conversationId: 'c_1', messages: [message(1), message(2)], lastSeq: 3, complete: false });
  assert.deepEqual(frames('conversation.resume').map((f) => f.afterSeq), [0, 2]);
  session.handleFrame({ type: 'conversation.history', conversationId: 'c_1', messages: [message(3)], lastSeq: 3, complete: true });
  assert.equal(frames('conversation.resume').length, 2);
});

test('a_message_created_by_another_tab_of_this_visitor_is_shown', () => {
  const { session, connect, store } = setup();
  connect({ id: 'c_1', lastSeq: 0 });
  session.handleFrame({ type: 'conversation.history', conversationId: 'c_1', messages: [], lastSeq: 0, complete: true });
  session.handleFrame({ type: 'message.created', conversationId: 'c_1', seq: 1, clientId: 'other-tab', author: visitor, text: 'from tab 2', at: 1 });
  assert.deepEqual(store.entries().map((e) => [e.text, e.author.type]), [['from tab 2', 'visitor']]);
});

test('rate_limited_keeps_the_message_and_resends_it_after_retryafterms', () => {
  const { session, connect, frames, clock, events, store } = setup();
  connect({ id: 'c_1', lastSeq: 0 });
  session.send('fast');
  session.handleFrame({ type: 'error', code: 'rate_limited', retryAfterMs: 4000, ref: 'id1' });
  assert.ok(events.some((e) => e[0] === 'onNotice' && e[1].code === 'rate_limited' && e[1].retryAfterMs === 4000));
  session.send('queued meanwhile');
  assert.equal(frames('message.send').length, 1);
  clock.advance(3999);
  assert.equal(frames('message.send').length, 1);
  clock.advance(1);
  assert.deepEqual(frames('message.send').map((f) => [f.clientId, f.text]), [['id1', 'fast'], ['id1', 'fast'], ['id2', 'queued meanwhile']]);
  assert.equal(store.entries()[0].state, 'pending');
});

test('unavailable_keeps_the_message_in_the_outbox_and_retries', () => {
  const { session, connect, frames, clock, events, outbox } = setup();
  connect({ id: 'c_1', lastSeq: 0 });
  session.send('during db trouble');
  session.handleFrame({ type: 'error', code: 'unavailable', ref: 'id1' });
  assert.ok(events.some((e) => e[0] === 'onNotice' && e[1].code === 'unavailable'));
  assert.equal(outbox.size, 1);
  clock.advance(2000);
  assert.equal(frames('message.send').length, 2);
  session.handleFrame({ type: 'message.ack', clientId: 'id1', conversationId: 'c_1', seq: 1, at: 1 });
  assert.equal(outbox.size, 0);
  assert.ok(events.some((e) => e[0] === 'onNoticeResolved' && e[1] === 'unavailable'));
});

test('too_long_from_the_server_marks_the_message_failed_and_stops_resending_it', () => {
  const { session, connect, store, outbox } = setup();
  connect({ id: 'c_1', lastSeq: 0 });
  session.send('x'.repeat(100));
  session.handleFrame({ type: 'error', code: 'too_long', message: 'limit is 50', ref: 'id1' });
  assert.equal(outbox.size, 0);
  assert.equal(store.entries()[0].state, 'failed');
});

test('text_over_the_limit_is_refused_locally_and_not_sent', () => {
  const { session, connect, frames } = setup();
  connect({ id: 'c_1', lastSeq: 0 });
  const result = session.send('😀'.repeat(2001));
  assert.equal(result.tooLong, true);
  assert.equal(frames('message.send').length, 0);
});

test('unknown_site_stops_reconnecting', () => {
  const { session, connection, events } = setup();
  session.handleOpen();
  session.handleFrame({ type: 'error', code: 'unknown_site', message: 'no such site' });
  assert.equal(connection.stopped, true);
  assert.ok(events.some((e) => e[0] === 'onFatal' && e[1] === 'unknown_site'));
});

test('typing_is_sent_once_renewed_after_3_s_while_typing_and_cleared_on_send', () => {
  const { session, connect, frames, clock } = setup();
  connect({ id: 'c_1', lastSeq: 0 });
  session.draftChanged('h');
  session.draftChanged('he');
  assert.equal(frames('typing.set').length, 1);
  clock.advance(3000);
  session.draftChanged('hel');
  assert.deepEqual(frames('typing.set').map((f) => f.typing), [true, true]);
  session.send('hello');
  assert.deepEqual(frames('typing.set').map((f) => f.typing), [true, true, false]);
});

test('typing_stops_when_the_composer_is_emptied_or_idle', () => {
  const { session, connect, frames, clock } = setup();
  connect({ id: 'c_1', lastSeq: 0 });
  session.draftChanged('a');
  session.draftChanged('');
  assert.deepEqual(frames('typing.set').map((f) => f.typing), [true, false]);
  session.draftChanged('b');
  clock.advance(5000);
  assert.deepEqual(frames('typing.set').map((f) => f.typing), [true, false, true, false]);
});

test('an_agent_typing_is_shown_until_cleared_until_their_message_arrives_or_after_a_timeout', () => {
  const { session, connect, events, clock } = setup();
  connect({ id: 'c_1', lastSeq: 0 });
  const typingEvents = () => events.filter((e) => e[0] === 'onTyping').map((e) => e[1].map((a) => a.name));
  session.handleFrame({ type: 'typing.changed', conversationId: 'c_1', author: { type: 'agent', name: 'Ann' }, typing: true });
  session.handleFrame({ type: 'message.created', conversationId: 'c_1', seq: 1, clientId: 'k', author: agent, text: 'hi', at: 1 });
  session.handleFrame({ type: 'typing.changed', conversationId: 'c_1', author: { type: 'agent', name: 'Ann' }, typing: true });
  clock.advance(7000);
  assert.deepEqual(typingEvents(), [['Ann'], [], ['Ann'], []]);
});

test('page_navigation_is_reported_as_page_viewed', () => {
  const { session, connect, frames } = setup();
  connect(null);
  session.reportPage({ url: 'https://shop.example/#b', title: 'B', referrer: '' });
  assert.deepEqual(frames('page.viewed'), [{ type: 'page.viewed', url: 'https://shop.example/#b', title: 'B', referrer: '' }]);
});
