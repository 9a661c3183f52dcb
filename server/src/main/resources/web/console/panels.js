// Which chat panels are open and which of them fit on screen. Panels keep the order in which they
// were opened (so they do not jump around); when more are open than fit, the most recently
// activated ones are shown and the rest wait in a tab strip.

export class PanelLayout {
  constructor(maxVisible = 3) {
    this.maxVisible = Math.max(1, maxVisible);
    this.openIds = [];
    this.recentIds = []; // most recently activated first
  }

  /** Opens (or re-activates) a panel. Returns true if it was not open before. */
  open(id) {
    const isNew = !this.openIds.includes(id);
    if (isNew) this.openIds.push(id);
    this.activate(id);
    return isNew;
  }

  activate(id) {
    if (!this.openIds.includes(id)) return;
    this.recentIds = [id, ...this.recentIds.filter((other) => other !== id)];
  }

  close(id) {
    this.openIds = this.openIds.filter((other) => other !== id);
    this.recentIds = this.recentIds.filter((other) => other !== id);
  }

  isOpen(id) {
    return this.openIds.includes(id);
  }

  setMaxVisible(count) {
    this.maxVisible = Math.max(1, count);
  }

  visibleIds() {
    const shown = new Set(this.recentIds.slice(0, this.maxVisible));
    return this.openIds.filter((id) => shown.has(id));
  }

  isVisible(id) {
    return this.recentIds.slice(0, this.maxVisible).includes(id);
  }

  /** True when some open panels do not fit and a tab strip is needed to reach them. */
  hasHidden() {
    return this.openIds.length > this.maxVisible;
  }
}

/** How many panels fit next to the sidebar at a given viewport width. */
export function panelsThatFit(viewportWidth) {
  if (viewportWidth >= 1600) return 3;
  if (viewportWidth >= 1100) return 2;
  return 1;
}
