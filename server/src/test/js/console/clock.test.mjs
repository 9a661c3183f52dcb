import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ServerClock, formatDuration, durationParts } from '../../../main/resources/web/console/clock.js';
import { PanelLayout, panelsThatFit } from '../../../main/resources/web/console/panels.js';
import { newClientId } from '../../../main/resources/web/console/ids.js';
import { t, plural, useMessages, pickLocale, loadMessages } from '../../../main/resources/web/console/i18n.js';
import { lockMinutes, ApiError } from '../../../main/resources/web/console/api.js';

const english = (key, p) => ({
  'console.duration.seconds': `${p.s}s`,
  'console.duration.minutesSeconds': `${p.m}m ${p.s}s`,
  'console.duration.hoursMinutes': `${p.h}h ${p.m}m`,
  'console.duration.daysHours': `${p.d}d ${p.h}h`,
})[key];

test('durations_read_like_3m_12s', () => {
  assert.equal(formatDuration(0, english), '0s');
  assert.equal(formatDuration(12_999, english), '12s');
  assert.equal(formatDuration(192_000, english), '3m 12s');
  assert.equal(formatDuration(3_900_000, english), '1h 5m');
  assert.equal(formatDuration(2 * 86_400_000 + 3 * 3_600_000, english), '2d 3h');
  assert.deepEqual(durationParts(-5000), { days: 0, hours: 0, minutes: 0, seconds: 0 });
});

test('server_clock_advances_with_the_monotonic_clock_not_the_wall_clock', () => {
  let mono = 1000;
  let wall = 999_999_999;
  const clock = new ServerClock({ monotonic: () => mono, wall: () => wall });
  assert.equal(clock.now(), wall, 'falls back to the wall clock before any sync');
  clock.sync(5_000_000);
  mono += 2500;
  wall -= 1_000_000; // the user moved the clock back
  assert.equal(clock.now(), 5_002_500);
  assert.equal(clock.elapsedSince(5_000_000 - 10_000), 12_500);
  assert.equal(clock.elapsedSince(9_000_000), 0, 'never negative');
  clock.sync(undefined);
  assert.equal(clock.now(), 5_002_500, 'a missing timestamp is ignored');
});

test('panels_keep_opening_order_and_show_the_most_recently_used', () => {
  const layout = new PanelLayout(2);
  layout.open('a');
  layout.open('b');
  layout.open('c');
  assert.deepEqual(layout.visibleIds(), ['b', 'c']);
  assert.equal(layout.hasHidden(), true);
  layout.activate('a');
  assert.deepEqual(layout.visibleIds(), ['a', 'c']);
  layout.close('c');
  assert.deepEqual(layout.visibleIds(), ['a', 'b']);
  assert.equal(layout.open('a'), false);
  assert.equal(panelsThatFit(1920), 3);
  assert.equal(panelsThatFit(1280), 2);
  assert.equal(panelsThatFit(800), 1);
});

test('client_ids_are_uuids_even_without_random_uuid', () => {
  const insecure = { getRandomValues: (bytes) => globalThis.crypto.getRandomValues(bytes) };
  const id = newClientId(insecure);
  assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.notEqual(newClientId(insecure), id);
  assert.match(newClientId(), /^[0-9a-f-]{36}$/);
});

test('messages_fill_placeholders_and_pick_plural_forms', () => {
  useMessages({ 'x.greet': 'Hi {name}, {name}!', 'x.n.one': '{count} minute', 'x.n.other': '{count} minutes' }, 'en');
  assert.equal(t('x.greet', { name: '{count}' }), 'Hi {count}, {count}!', 'values are not expanded again');
  assert.equal(t('x.missing'), 'x.missing');
  assert.equal(plural('x.n', 1), '1 minute');
  assert.equal(plural('x.n', 15), '15 minutes');
  useMessages({ 'x.n.other': '{count} 分钟' }, 'zh-CN');
  assert.equal(plural('x.n', 1), '1 分钟');
});

test('chinese_is_picked_for_any_zh_language', () => {
  assert.equal(pickLocale('zh'), 'zh-CN');
  assert.equal(pickLocale('zh-TW'), 'zh-CN');
  assert.equal(pickLocale('en-GB'), 'en');
  assert.equal(pickLocale(undefined), 'en');
});

test('the_chosen_bundle_is_layered_over_english', async () => {
  const bundles = { '/i18n/en.json': { a: 'A', b: 'B' }, '/i18n/zh-CN.json': { a: '甲' } };
  const fetchImpl = async (url) => ({ ok: url in bundles, json: async () => bundles[url] });
  assert.equal(await loadMessages('zh-CN', fetchImpl), 'zh-CN');
  assert.equal(t('a'), '甲');
  assert.equal(t('b'), 'B');
  await loadMessages('en', async () => { throw new Error('offline'); });
  assert.equal(t('a'), 'a', 'a failed fetch leaves keys, never throws');
});

test('lock_minutes_come_from_the_answer_or_stay_unknown', () => {
  assert.equal(lockMinutes(new ApiError(429, { error: 'locked', retryAfterSeconds: 900 })), 15);
  assert.equal(lockMinutes(new ApiError(429, { error: 'locked', retryAfterSeconds: 61 })), 2);
  assert.equal(lockMinutes(new ApiError(429, { error: 'locked' }, '120')), 2);
  assert.equal(lockMinutes(new ApiError(429, { error: 'locked' })), null);
  assert.equal(lockMinutes(new ApiError(429, { error: 'rate_limited' })), 1);
});

test('observed_server_timestamps_only_raise_the_estimate_until_the_server_states_its_time', () => {
  let mono = 0;
  const clock = new ServerClock({ monotonic: () => mono, wall: () => 1000 });
  clock.observe(500);
  assert.equal(clock.now(), 1000, 'an older event says nothing new');
  clock.observe(4000);
  mono += 10;
  assert.equal(clock.now(), 4010, 'a client clock running behind is corrected upwards');
  clock.sync(3000);
  clock.observe(9000);
  assert.equal(clock.now(), 3000, 'a stated server time wins over observations');
});
