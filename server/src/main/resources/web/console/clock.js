// Server time as seen from this tab, for display only ("time on site"). The estimate is anchored to
// the server time sent in session.welcome (`now`) and advanced with the monotonic clock, so a wrong
// or jumping client wall clock does not distort the durations. Before (or without) that we fall
// back to Date.now(), raised to any later server timestamp we have seen.

export class ServerClock {
  constructor({ monotonic = () => performance.now(), wall = () => Date.now() } = {}) {
    this.monotonic = monotonic;
    this.wall = wall;
    this.anchorServerMs = null;
    this.anchorMonotonicMs = 0;
    this.explicit = false;
  }

  /** Anchors the estimate to a server timestamp received just now. */
  sync(serverMs) {
    if (!Number.isFinite(serverMs)) return;
    this.explicit = true;
    this.anchorServerMs = serverMs;
    this.anchorMonotonicMs = this.monotonic();
  }

  /**
   * A server timestamp of something that already happened (a message, a visitor's arrival) proves
   * the server's clock is at least that far. Used only until the server states its time, it keeps a
   * client clock that runs behind from showing zero or frozen durations.
   */
  observe(serverMs) {
    if (this.explicit || !Number.isFinite(serverMs) || serverMs <= this.now()) return;
    this.anchorServerMs = serverMs;
    this.anchorMonotonicMs = this.monotonic();
  }

  isSynced() {
    return this.anchorServerMs !== null;
  }

  now() {
    if (this.anchorServerMs === null) return this.wall();
    return this.anchorServerMs + (this.monotonic() - this.anchorMonotonicMs);
  }

  /** Milliseconds since a server timestamp, never negative. */
  elapsedSince(serverMs) {
    if (!Number.isFinite(serverMs)) return 0;
    return Math.max(0, this.now() - serverMs);
  }
}

/** Splits a duration into whole days, hours, minutes and seconds. */
export function durationParts(ms) {
  const totalSeconds = Math.max(0, Math.floor(ms / 1000));
  return {
    days: Math.floor(totalSeconds / 86400),
    hours: Math.floor((totalSeconds % 86400) / 3600),
    minutes: Math.floor((totalSeconds % 3600) / 60),
    seconds: totalSeconds % 60,
  };
}

/**
 * "12s", "3m 12s", "1h 5m", "2d 3h" — the two most significant units. The unit words come from
 * the message bundle through `t`.
 */
export function formatDuration(ms, t) {
  const { days, hours, minutes, seconds } = durationParts(ms);
  if (days > 0) return t('console.duration.daysHours', { d: days, h: hours });
  if (hours > 0) return t('console.duration.hoursMinutes', { h: hours, m: minutes });
  if (minutes > 0) return t('console.duration.minutesSeconds', { m: minutes, s: seconds });
  return t('console.duration.seconds', { s: seconds });
}
