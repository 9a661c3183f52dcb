import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConsoleStore, Thread } from '../../../main/resources/web/console/store.js';

const message = (seq, extra = {}) => ({
  conversationId: 'c_1',
  seq,
  clientId: `client-${seq}`,
  author: { type: 'visitor', id: 'v_1', name: 'Visitor 7F3A' },
  text: `message ${seq}`,
  at: 1764750000000 + seq,
  ...extra,
});

const welcome = (extra = {}) => ({
  type: 'session.welcome',
  role: 'agent',
  heartbeatMs: 20000,
  agent: { id: 'a_1', name: 'Ann', email: 'ann@x', role: 'owner', status: 'online' },
  site: { id: 's_1', key: 'KEY', name: 'Demo' },
  visitors: [],
  conversations: [],
  ...extra,
});

test('thread_keeps_messages_in_seq_order_whatever_the_arrival_order', () => {
  const thread = new Thread('c_1');
  for (const seq of [3, 1, 2, 5, 4]) thread.insert(message(seq));
  assert.deepEqual(thread.messages().map((m) => m.seq), [1, 2, 3, 4, 5]);
  assert.equal(thread.contiguousSeq, 5);
  assert.equal(thread.hasGap(), false);
});

test('thread_ignores_a_repeated_seq_and_a_repeated_client_id', () => {
  const thread = new Thread('c_1');
  assert.equal(thread.insert(message(1)), true);
  assert.equal(thread.insert(message(1, { text: 'again' })), false);
  assert.equal(thread.insert(message(2, { clientId: 'client-1' })), false);
  assert.deepEqual(thread.messages().map((m) => m.text), ['message 1']);
});

test('thread_reports_a_gap_until_the_missing_message_arrives', () => {
  const thread = new Thread('c_1');
  thread.insert(message(1));
  thread.insert(message(3));
  assert.equal(thread.contiguousSeq, 1);
  assert.equal(thread.hasGap(), true);
  thread.insert(message(2));
  assert.equal(thread.contiguousSeq, 3);
  assert.equal(thread.hasGap(), false);
});

test('thread_rejects_messages_without_a_valid_seq', () => {
  const thread = new Thread('c_1');
  assert.equal(thread.insert(message(0)), false);
  assert.equal(thread.insert({ ...message(1), seq: '1' }), false);
  assert.equal(thread.messages().length, 0);
});

test('text_is_kept_exactly_including_astral_characters', () => {
  const store = new ConsoleStore();
  store.openThread('c_1');
  const text = '  hello 你好 😀👩‍👩‍👧 𠜎\n<b>not html</b>  ';
  store.applyMessageCreated(message(1, { text }));
  assert.equal(store.thread('c_1').messages()[0].text, text);
});

test('history_after_live_messages_merges_without_duplicates', () => {
  const store = new ConsoleStore();
  const thread = store.openThread('c_1');
  thread.resumeInFlight = 0;
  store.applyMessageCreated(message(4));
  store.applyHistory({ conversationId: 'c_1', messages: [1, 2, 3, 4].map((seq) => message(seq)), lastSeq: 4, complete: true });
  assert.deepEqual(thread.messages().map((m) => m.seq), [1, 2, 3, 4]);
  assert.equal(thread.resumeInFlight, null);
  assert.equal(thread.hasGap(), false);
});

test('a_complete_history_answer_marks_skipped_seqs_as_known', () => {
  const store = new ConsoleStore();
  const thread = store.openThread('c_1');
  thread.resumeInFlight = 0;
  store.applyHistory({ conversationId: 'c_1', messages: [message(1), message(2)], lastSeq: 5, complete: true });
  assert.equal(thread.contiguousSeq, 5);
  assert.equal(thread.hasGap(), false);
});

test('an_incomplete_history_answer_does_not_claim_more_than_it_sent', () => {
  const store = new ConsoleStore();
  const thread = store.openThread('c_1');
  thread.resumeInFlight = 0;
  store.applyHistory({ conversationId: 'c_1', messages: [message(1), message(2)], lastSeq: 900, complete: false });
  assert.equal(thread.contiguousSeq, 2);
});

test('history_for_a_closed_panel_is_dropped', () => {
  const store = new ConsoleStore();
  assert.equal(store.applyHistory({ conversationId: 'c_9', messages: [message(1)], lastSeq: 1, complete: true }), null);
  assert.equal(store.thread('c_9'), null);
});

test('message_created_with_the_pending_client_id_replaces_the_pending_message', () => {
  const store = new ConsoleStore();
  store.openThread('c_1');
  store.addPending({ clientId: 'mine', conversationId: 'c_1', text: 'hi', createdAt: 0 });
  assert.equal(store.pendingFor('c_1').length, 1);
  store.applyMessageCreated(message(1, { clientId: 'mine', author: { type: 'agent', id: 'a_1', name: 'Ann' }, text: 'hi' }));
  assert.equal(store.pendingFor('c_1').length, 0);
  assert.equal(store.thread('c_1').messages().length, 1);
});

test('an_ack_takes_the_message_out_of_the_outbox_but_keeps_it_visible', () => {
  const store = new ConsoleStore();
  store.openThread('c_1');
  store.addPending({ clientId: 'mine', conversationId: 'c_1', text: 'hi', createdAt: 0 });
  store.applyAck({ clientId: 'mine', conversationId: 'c_1', seq: 1, at: 1 });
  assert.equal(store.outbox().length, 0);
  assert.equal(store.pendingFor('c_1').length, 1);
});

test('an_ack_arriving_after_message_created_leaves_nothing_pending', () => {
  const store = new ConsoleStore();
  store.openThread('c_1');
  store.addPending({ clientId: 'mine', conversationId: 'c_1', text: 'hi', createdAt: 0 });
  store.applyMessageCreated(message(1, { clientId: 'mine' }));
  store.applyAck({ clientId: 'mine', conversationId: 'c_1', seq: 1, at: 1 });
  assert.equal(store.pending.size, 0);
});

test('history_containing_an_own_message_settles_it', () => {
  const store = new ConsoleStore();
  const thread = store.openThread('c_1');
  thread.resumeInFlight = 0;
  store.addPending({ clientId: 'mine', conversationId: 'c_1', text: 'hi', createdAt: 0 });
  store.applyHistory({ conversationId: 'c_1', messages: [message(1, { clientId: 'mine' })], lastSeq: 1, complete: true });
  assert.equal(store.pending.size, 0);
});

test('failed_messages_are_not_in_the_outbox', () => {
  const store = new ConsoleStore();
  store.addPending({ clientId: 'a', conversationId: 'c_1', text: 'x', createdAt: 0 });
  store.addPending({ clientId: 'b', conversationId: 'c_1', text: 'y', createdAt: 1 });
  store.updatePending('a', { status: 'failed', error: 'too_long' });
  assert.deepEqual(store.outbox().map((p) => p.clientId), ['b']);
});

test('conversations_are_sorted_by_last_activity', () => {
  const store = new ConsoleStore();
  store.applyWelcome(welcome({
    conversations: [
      { id: 'c_old', visitorId: 'v_1', visitorName: 'A', lastSeq: 1, unread: 0, lastMessage: { text: 'a', at: 100, authorType: 'visitor' }, createdAt: 50 },
      { id: 'c_new', visitorId: 'v_2', visitorName: 'B', lastSeq: 1, unread: 1, lastMessage: { text: 'b', at: 300, authorType: 'visitor' }, createdAt: 60 },
      { id: 'c_empty', visitorId: 'v_3', visitorName: 'C', lastSeq: 0, unread: 0, lastMessage: null, createdAt: 200 },
    ],
  }));
  assert.deepEqual(store.conversationList().map((c) => c.id), ['c_new', 'c_empty', 'c_old']);
  store.applyMessageCreated(message(2, { conversationId: 'c_old', at: 400 }));
  assert.deepEqual(store.conversationList().map((c) => c.id), ['c_old', 'c_new', 'c_empty']);
  assert.equal(store.conversations.get('c_old').lastMessage.text, 'message 2');
});

test('an_older_message_does_not_replace_the_preview', () => {
  const store = new ConsoleStore();
  store.upsertConversation({ id: 'c_1', visitorId: 'v_1', visitorName: 'A', lastSeq: 5, unread: 0, lastMessage: { text: 'latest', at: 500, authorType: 'visitor' }, createdAt: 1 });
  store.applyMessageCreated(message(3));
  assert.equal(store.conversations.get('c_1').lastMessage.text, 'latest');
});

test('a_message_for_an_unknown_conversation_creates_a_row', () => {
  const store = new ConsoleStore();
  store.applyMessageCreated(message(1, { conversationId: 'c_new' }));
  const row = store.conversations.get('c_new');
  assert.equal(row.visitorName, 'Visitor 7F3A');
  assert.equal(row.lastSeq, 1);
});

test('visitor_left_and_offline_updates_remove_the_visitor', () => {
  const store = new ConsoleStore();
  store.applyWelcome(welcome({ visitors: [{ id: 'v_1', name: 'A', online: true, onlineSince: 1, page: {}, conversationId: null }] }));
  store.upsertVisitor({ id: 'v_2', name: 'B', online: true, onlineSince: 2, page: {}, conversationId: null });
  assert.deepEqual(store.visitorList().map((v) => v.id), ['v_2', 'v_1']);
  store.removeVisitor('v_1');
  store.upsertVisitor({ id: 'v_2', online: false });
  assert.equal(store.visitorList().length, 0);
});

test('typing_expires_without_renewal_and_clears_when_the_visitor_writes', () => {
  const store = new ConsoleStore();
  store.applyTyping({ conversationId: 'c_1', author: { type: 'visitor', id: 'v_1', name: 'A' }, typing: true }, 1000);
  assert.equal(store.typingAuthors('c_1').length, 1);
  assert.equal(store.expireTyping(2000), false);
  assert.equal(store.expireTyping(9000), true);
  assert.equal(store.typingAuthors('c_1').length, 0);

  store.applyTyping({ conversationId: 'c_1', author: { type: 'visitor', id: 'v_1', name: 'A' }, typing: true }, 1000);
  store.applyMessageCreated(message(1));
  assert.equal(store.typingAuthors('c_1').length, 0);
});

test('marking_read_locally_only_zeroes_unread_when_the_last_message_was_read', () => {
  const store = new ConsoleStore();
  store.upsertConversation({ id: 'c_1', lastSeq: 5, unread: 2 });
  store.markReadLocally('c_1', 4);
  assert.equal(store.conversations.get('c_1').unread, 2);
  store.markReadLocally('c_1', 5);
  assert.equal(store.conversations.get('c_1').unread, 0);
  assert.equal(store.totalUnread(), 0);
});

test('welcome_replaces_the_snapshot_but_keeps_open_threads', () => {
  const store = new ConsoleStore();
  store.openThread('c_1');
  store.applyMessageCreated(message(1));
  store.applyWelcome(welcome({ conversations: [{ id: 'c_1', lastSeq: 1, unread: 0 }] }));
  assert.equal(store.thread('c_1').messages().length, 1);
  assert.equal(store.agent.name, 'Ann');
});

const visitor = (id, extra = {}) => ({ id, name: `Visitor ${id}`, online: true, onlineSince: 1000, page: { url: 'https://shop.example/a', title: 'A', at: 1 }, visits: 1, ...extra });

test('visitor_list_is_sorted_newest_first_and_cached_until_visitors_change', () => {
  const store = new ConsoleStore();
  store.applyWelcome(welcome({ visitors: [visitor('v_1', { onlineSince: 1 }), visitor('v_2', { onlineSince: 2 })] }));
  const first = store.visitorList();
  assert.deepEqual(first.map((v) => v.id), ['v_2', 'v_1']);
  assert.equal(store.visitorList(), first, 'same array while nothing changed');
  store.upsertVisitor(visitor('v_3', { onlineSince: 3 }));
  assert.deepEqual(store.visitorList().map((v) => v.id), ['v_3', 'v_2', 'v_1']);
  store.removeVisitor('v_2');
  assert.deepEqual(store.visitorList().map((v) => v.id), ['v_3', 'v_1']);
});

test('visitor_detail_loads_then_follows_live_page_views_and_ignores_answers_for_another_visitor', () => {
  const store = new ConsoleStore();
  store.applyWelcome(welcome({ visitors: [visitor('v_1')] }));
  store.openVisitorDetail('v_1');
  assert.equal(store.visitorDetail.status, 'loading');
  store.applyVisitorDetail({ type: 'visitor.detail', visitor: visitor('v_9'), pages: [], conversations: [] });
  assert.equal(store.visitorDetail.status, 'loading', 'an answer for another visitor is not ours');
  store.applyVisitorDetail({ type: 'visitor.detail', visitor: visitor('v_1'), pages: [{ url: 'https://shop.example/a', title: 'A', at: 1 }], conversations: [{ id: 'c_1' }] });
  assert.equal(store.visitorDetail.status, 'ready');
  store.upsertVisitor(visitor('v_1', { page: { url: 'https://shop.example/b', title: 'B', at: 2 } }));
  assert.deepEqual(store.visitorDetail.pages.map((p) => p.url), ['https://shop.example/a', 'https://shop.example/b']);
  store.upsertVisitor(visitor('v_1', { page: { url: 'https://shop.example/b', title: 'B', at: 2 }, conversationId: 'c_2' }));
  assert.equal(store.visitorDetail.pages.length, 2, 'the same page again is no new view');
  store.removeVisitor('v_1');
  assert.equal(store.visitorDetail.visitor.online, false, 'the panel stays open and shows the visitor left');
  store.closeVisitorDetail();
  assert.equal(store.visitorDetail, null);
});

test('visitor_detail_errors_are_kept_for_the_visitor_they_name', () => {
  const store = new ConsoleStore();
  store.openVisitorDetail('v_1');
  store.visitorDetailFailed('v_2', 'not_found');
  assert.equal(store.visitorDetail.status, 'loading');
  store.visitorDetailFailed('v_1', 'not_found');
  assert.equal(store.visitorDetail.status, 'error');
  assert.equal(store.visitorDetail.code, 'not_found');
});

test('an_open_visitor_detail_lists_a_conversation_the_visitor_starts_meanwhile', () => {
  const store = new ConsoleStore();
  store.applyWelcome(welcome({ visitors: [visitor('v_1')] }));
  store.openVisitorDetail('v_1');
  store.applyVisitorDetail({ type: 'visitor.detail', visitor: visitor('v_1'), pages: [], conversations: [{ id: 'c_old', visitorId: 'v_1' }] });
  store.upsertConversation({ id: 'c_new', visitorId: 'v_1', lastSeq: 1 });
  store.upsertConversation({ id: 'c_other', visitorId: 'v_2', lastSeq: 1 });
  assert.deepEqual(store.visitorDetail.conversations.map((c) => c.id), ['c_new', 'c_old']);
  store.upsertConversation({ id: 'c_old', visitorId: 'v_1', lastSeq: 9 });
  assert.deepEqual(store.visitorDetail.conversations.map((c) => [c.id, c.lastSeq]), [['c_old', 9], ['c_new', 1]]);
});

test('a_broadcast_summary_marks_every_listed_online_visitor_invited_in_one_change', () => {
  const store = new ConsoleStore();
  store.applyWelcome(welcome({ visitors: [
    { id: 'v_1', name: 'A', online: true, onlineSince: 1, page: {}, conversationId: null },
    { id: 'v_2', name: 'B', online: true, onlineSince: 2, page: {}, conversationId: null }] }));
  let changes = 0;
  store.subscribe(() => changes++);
  store.applyInvitationsSent({ type: 'invitation.sent', count: 2, visitorIds: ['v_1', 'v_gone'], text: 'Sale', agent: { id: 'a_1', name: 'Ann' } });
  assert.equal(changes, 1, 'one re-render for the whole broadcast');
  assert.equal(store.visitors.get('v_1').invitation.status, 'sent');
  assert.equal(store.visitors.get('v_1').invitation.text, 'Sale');
  assert.equal(store.visitors.get('v_2').invitation, undefined, 'not listed, not invited');
  assert.equal(store.visitors.has('v_gone'), false, 'a visitor who left is not brought back');
  assert.deepEqual(store.lastBroadcast, { seq: 1, agentId: 'a_1', text: 'Sale', count: 2 }, 'how many it reached, for the sender\'s form');
  // A single invitation's acknowledgement (no text) changes nothing: its visitor.updated carries the invitation.
  store.applyInvitationsSent({ type: 'invitation.sent', count: 1, visitorIds: ['v_2'] });
  assert.equal(store.visitors.get('v_2').invitation, undefined);
  assert.equal(store.lastBroadcast.seq, 1, 'not a broadcast');
  // A broadcast that reached nobody still comes back, so the sender's form can say so.
  store.applyInvitationsSent({ type: 'invitation.sent', count: 0, visitorIds: [], text: 'Sale', agent: { id: 'a_1', name: 'Ann' } });
  assert.equal(changes, 2);
  assert.deepEqual(store.lastBroadcast, { seq: 2, agentId: 'a_1', text: 'Sale', count: 0 });
});
