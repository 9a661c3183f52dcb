import assert from 'node:assert/strict';
import test from 'node:test';
import { createBackoff } from '../../../main/resources/web/chat/backoff.js';

test('delays_double_from_the_initial_value_up_to_the_cap', () => {
  const backoff = createBackoff({ initialMs: 500, maxMs: 15000, jitter: 0, random: () => 0.5 });
  const delays = Array.from({ length: 8 }, () => backoff.nextDelay());
  assert.deepEqual(delays, [500, 1000, 2000, 4000, 8000, 15000, 15000, 15000]);
});

test('jitter_stays_within_plus_or_minus_thirty_percent', () => {
  const low = createBackoff({ initialMs: 1000, jitter: 0.3, random: () => 0 });
  const high = createBackoff({ initialMs: 1000, jitter: 0.3, random: () => 0.999999 });
  assert.equal(low.nextDelay(), 700);
  assert.equal(high.nextDelay(), 1300);
});

test('reset_starts_again_from_the_initial_delay', () => {
  const backoff = createBackoff({ initialMs: 500, jitter: 0 });
  backoff.nextDelay();
  backoff.nextDelay();
  backoff.reset();
  assert.equal(backoff.nextDelay(), 500);
});

test('many_attempts_never_overflow_past_the_cap', () => {
  const backoff = createBackoff({ initialMs: 500, maxMs: 15000, jitter: 0 });
  for (let i = 0; i < 2000; i++) backoff.nextDelay();
  assert.equal(backoff.nextDelay(), 15000);
});
