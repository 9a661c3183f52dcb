// Runs the page's heartbeat intervals. Browsers throttle timers of hidden pages hard (Chrome: at
// most once a minute after five minutes hidden), which would let the server's 45 s idle timeout cut
// an agent's background tab; timers inside a dedicated worker are not throttled that way.
const intervals = new Map();

self.onmessage = ({ data }) => {
  if (data.type === 'start') {
    intervals.set(data.id, setInterval(() => self.postMessage(data.id), data.ms));
  } else if (data.type === 'stop') {
    clearInterval(intervals.get(data.id));
    intervals.delete(data.id);
  }
};
