// Which rows of a long list of fixed-height rows to put in the DOM: the ones in the viewport plus a
// few either side. The rest are stood in for by two spacers, so the scrollbar stays true while the
// DOM holds a few dozen rows however many thousand the list has.

/**
 * @param {{count:number, scrollTop:number, viewportHeight:number, rowHeight:number, overscan?:number}} options
 * @returns {{first:number, last:number, before:number, after:number}} rows [first, last) and the spacer heights in px
 */
export function visibleWindow({ count, scrollTop, viewportHeight, rowHeight, overscan = 6 }) {
  const top = Math.max(0, Number.isFinite(scrollTop) ? scrollTop : 0);
  const height = Math.max(rowHeight, Number.isFinite(viewportHeight) ? viewportHeight : 0);
  const maxFirst = Math.max(0, count - Math.ceil(height / rowHeight));
  const first = Math.min(maxFirst, Math.max(0, Math.floor(top / rowHeight) - overscan));
  const last = Math.min(count, Math.ceil((top + height) / rowHeight) + overscan);
  return { first, last: Math.max(first, last), before: first * rowHeight, after: Math.max(0, count - Math.max(first, last)) * rowHeight };
}
