package dev.parley.hub;

import io.vertx.core.Context;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Frames for many visitors at once, built on the hub's context: one task per connection event loop then writes that
 * loop's share, instead of one task per frame (see ClientChannel).
 */
final class Outgoing {
    private final SiteHub hub;
    private final Map<Context, LoopWrites> loops = new HashMap<>();

    Outgoing(SiteHub hub) {
        this.hub = hub;
    }

    void toVisitor(VisitorState visitor, String frame) {
        for (var s : visitor.sessions) {
            var loop = s.channel.context();
            if (loop == null) {
                s.send(frame);
            } else {
                writesOf(loop).add(s, frame);
            }
        }
    }

    /**
     * Hands each loop its writes; {@code afterwards}, if not null, runs on the hub's context once every loop has written.
     * Tasks a hub queues on one loop run in the order it queued them, so frames sent this way never overtake each other.
     */
    void flush(Runnable afterwards) {
        if (afterwards == null) {
            loops.values().forEach(writes -> writes.loop.runOnContext(v -> writes.run()));
            loops.clear();
            return;
        }
        int[] loopsLeft = {loops.size()};
        for (var writes : loops.values()) {
            writes.loop.runOnContext(v -> {
                try {
                    writes.run();
                } finally {
                    hub.execute(() -> {
                        if (--loopsLeft[0] == 0) {
                            afterwards.run();
                        }
                    });
                }
            });
        }
        loops.clear();
        if (loopsLeft[0] == 0) {
            afterwards.run();
        }
    }

    private LoopWrites writesOf(Context loop) {
        return loops.computeIfAbsent(loop, LoopWrites::new);
    }

    /** One loop's share: sessions and their frames side by side, so a frame costs no task object of its own. */
    private static final class LoopWrites {
        final Context loop;
        final List<Session> sessions = new ArrayList<>();
        final List<String> frames = new ArrayList<>();

        LoopWrites(Context loop) {
            this.loop = loop;
        }

        void add(Session session, String frame) {
            sessions.add(session);
            frames.add(frame);
        }

        void run() {
            for (int i = 0; i < sessions.size(); i++) {
                sessions.get(i).send(frames.get(i));
            }
        }
    }
}
