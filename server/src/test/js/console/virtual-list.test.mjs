import { test } from 'node:test';
import assert from 'node:assert/strict';
import { visibleWindow } from '../../../main/resources/web/console/virtual-list.js';

test('at_the_top_only_the_first_screenful_plus_overscan_is_rendered', () => {
  const win = visibleWindow({ count: 3000, scrollTop: 0, viewportHeight: 480, rowHeight: 96, overscan: 6 });
  assert.deepEqual(win, { first: 0, last: 11, before: 0, after: (3000 - 11) * 96 });
});

test('in_the_middle_the_window_follows_the_scroll_position_and_spacers_keep_the_height', () => {
  const win = visibleWindow({ count: 3000, scrollTop: 96 * 1500, viewportHeight: 480, rowHeight: 96, overscan: 6 });
  assert.equal(win.first, 1494);
  assert.equal(win.last, 1511);
  assert.equal(win.before + (win.last - win.first) * 96 + win.after, 3000 * 96);
});

test('a_scroll_position_beyond_a_shrunken_list_still_shows_its_end', () => {
  const win = visibleWindow({ count: 10, scrollTop: 96 * 500, viewportHeight: 480, rowHeight: 96 });
  assert.equal(win.last, 10);
  assert.ok(win.first < 10 && win.first >= 0);
  assert.equal(win.after, 0);
});

test('short_lists_and_unmeasured_viewports_render_every_row_there_is', () => {
  assert.deepEqual(visibleWindow({ count: 3, scrollTop: 0, viewportHeight: 0, rowHeight: 96 }), { first: 0, last: 3, before: 0, after: 0 });
  assert.deepEqual(visibleWindow({ count: 0, scrollTop: 0, viewportHeight: 800, rowHeight: 96 }), { first: 0, last: 0, before: 0, after: 0 });
});
