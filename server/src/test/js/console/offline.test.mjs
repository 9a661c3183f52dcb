import assert from 'node:assert/strict';
import test from 'node:test';
import { LeftMessages } from '../../../main/resources/web/console/left-messages.js';
import { draftFromHours, hoursFromDraft, timeZones } from '../../../main/resources/web/console/offline-settings.js';

function controller(messages = [], filter = 'new') {
  const calls = [];
  const c = new LeftMessages({
    token: () => 't',
    onChange: () => calls.push('change'),
    apiImpl: {
      listLeftMessages: async (_t, status) => ({ messages, counts: { new: 1, handled: 0 }, smtpConfigured: false, status }),
      setLeftMessageHandled: async (_t, id, handled) => ({ message: { ...messages.find((m) => m.id === id), status: handled ? 'handled' : 'new' } }),
      replyToLeftMessage: async () => { throw new Error('offline'); },
    },
  });
  c.filter = filter;
  return { c, calls };
}

test('a_created_frame_adds_the_message_on_top_and_updates_the_counts', async () => {
  const { c } = controller([{ id: 'a', status: 'new', createdAt: 1 }]);
  await c.load('new');
  assert.equal(c.smtpConfigured, false);
  c.handleFrame({ type: 'leftmessage.created', message: { id: 'b', status: 'new', createdAt: 2 }, counts: { new: 2, handled: 0 } });
  assert.deepEqual(c.messages.map((m) => m.id), ['b', 'a']);
  assert.equal(c.counts.new, 2);
});

test('a_new_message_is_not_added_under_the_handled_filter_but_a_listed_one_stays_when_marked', async () => {
  const { c } = controller([{ id: 'a', status: 'new', createdAt: 1 }]);
  await c.load('handled');
  c.messages = [];
  c.handleFrame({ type: 'leftmessage.created', message: { id: 'b', status: 'new', createdAt: 2 } });
  assert.equal(c.messages.length, 0);
  await c.load('new');
  await c.setHandled('a', true);
  assert.equal(c.messages[0].status, 'handled', 'stays in place, so the agent can undo');
});

test('a_failed_reply_keeps_the_draft_and_reports_the_error', async () => {
  const { c } = controller([{ id: 'a', status: 'new', email: 'x@y.z' }]);
  await c.load('new');
  c.toggleReply('a');
  c.noteDraft('a', 'Hello');
  assert.equal(await c.reply('a', 'Hello'), false);
  assert.equal(c.drafts.get('a'), 'Hello');
  assert.ok(c.errors.get('a'));
  assert.equal(c.busy.has('a'), false);
  assert.equal(await c.reply('a', '   '), false);
  assert.equal(c.errors.get('a').emptyReply, true);
});

test('hours_round_trip_between_the_server_and_the_editor_with_midnight_as_00_00', () => {
  const hours = { timeZone: 'Europe/Berlin', days: { mon: [{ from: '18:00', to: '24:00' }], tue: [] } };
  const draft = draftFromHours(hours);
  assert.equal(draft.enabled, true);
  assert.deepEqual(draft.days.mon, [{ from: '18:00', to: '00:00' }]);
  const back = hoursFromDraft(draft);
  assert.equal(back.timeZone, 'Europe/Berlin');
  assert.deepEqual(back.days.mon, [{ from: '18:00', to: '24:00' }]);
  assert.equal(hoursFromDraft({ ...draft, enabled: false }), null);
  const fresh = draftFromHours(null, 'Asia/Tokyo');
  assert.equal(fresh.enabled, false);
  assert.equal(fresh.timeZone, 'Asia/Tokyo');
  assert.deepEqual(fresh.days.fri, [{ from: '09:00', to: '17:00' }], 'a sensible default when switched on');
});

test('the_zone_list_comes_from_intl_and_falls_back_to_the_browser_zone', () => {
  assert.ok(timeZones().includes('Europe/Berlin'));
  const oldIntl = { supportedValuesOf: undefined, DateTimeFormat: () => ({ resolvedOptions: () => ({ timeZone: 'Asia/Tokyo' }) }) };
  assert.deepEqual(timeZones(oldIntl), ['Asia/Tokyo', 'UTC']);
});
