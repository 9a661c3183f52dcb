// The owner's "When nobody can answer" settings: notification address and business hours. The
// weekly schedule is edited as a draft here (rows are added and removed), saved as one PUT.

import { api } from './api.js';

export const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** Every IANA zone the browser knows; the owner's own zone first if the list is missing. */
export function timeZones(intl = globalThis.Intl) {
  try {
    const zones = intl.supportedValuesOf('timeZone');
    if (Array.isArray(zones) && zones.length > 0) return zones.includes('UTC') ? zones : ['UTC', ...zones];
  } catch {
    // older browser: fall through
  }
  const own = browserZone(intl);
  return own === 'UTC' ? ['UTC'] : [own, 'UTC'];
}

export function browserZone(intl = globalThis.Intl) {
  try {
    return intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

/** Server hours JSON -> editable draft. <input type=time> cannot show 24:00, so midnight is shown as 00:00. */
export function draftFromHours(hours, zone = browserZone()) {
  const days = {};
  for (const day of DAYS) {
    const list = hours?.days?.[day] ?? [];
    days[day] = list.map((i) => ({ from: i.from, to: i.to === '24:00' ? '00:00' : i.to }));
  }
  if (!hours) for (const day of DAYS.slice(0, 5)) days[day] = [{ from: '09:00', to: '17:00' }];
  return { enabled: Boolean(hours), timeZone: hours?.timeZone ?? zone, days };
}

/** Draft -> hours JSON for the server (null when "always open"); an end of 00:00 means midnight. */
export function hoursFromDraft(draft) {
  if (!draft.enabled) return null;
  const days = {};
  for (const day of DAYS) {
    days[day] = (draft.days[day] ?? []).map((i) => ({ from: i.from, to: i.to === '00:00' ? '24:00' : i.to }));
  }
  return { timeZone: draft.timeZone, days };
}

export class OfflineSettings {
  constructor({ token, onChange, onAuthFailure = () => false, apiImpl = api }) {
    this.token = token;
    this.onChange = onChange;
    this.onAuthFailure = onAuthFailure;
    this.api = apiImpl;
    this.reset();
  }

  reset() {
    this.loading = false;
    this.loadError = null;
    this.data = null;
    this.draft = null;
    this.saving = false;
    this.saveError = null;
    this.saved = false;
  }

  async load() {
    this.loading = true;
    this.loadError = null;
    this.onChange();
    try {
      this.data = await this.api.loadOfflineSettings(this.token());
      this.draft = { ...draftFromHours(this.data?.hours), notificationEmail: this.data?.notificationEmail ?? '' };
    } catch (error) {
      if (this.onAuthFailure(error)) return;
      this.loadError = error;
    }
    this.loading = false;
    this.onChange();
  }

  edit(change) {
    if (!this.draft) return;
    change(this.draft);
    this.saved = false;
    this.onChange();
  }

  addInterval(day) {
    this.edit((d) => {
      const list = d.days[day];
      const last = list[list.length - 1];
      list.push(last ? { from: last.to === '00:00' ? '23:00' : last.to, to: '00:00' } : { from: '09:00', to: '17:00' });
    });
  }

  removeInterval(day, index) {
    this.edit((d) => d.days[day].splice(index, 1));
  }

  async save() {
    if (this.saving || !this.draft) return;
    this.saving = true;
    this.saveError = null;
    this.saved = false;
    this.onChange();
    try {
      this.data = await this.api.saveOfflineSettings(this.token(), {
        notificationEmail: this.draft.notificationEmail.trim(),
        hours: hoursFromDraft(this.draft),
      });
      this.saved = true;
    } catch (error) {
      if (this.onAuthFailure(error)) return;
      this.saveError = error;
    }
    this.saving = false;
    this.onChange();
  }
}
