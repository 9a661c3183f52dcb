package dev.parley.tracking;

import java.util.List;

/** A visitor's row as stored, with the page views of its latest visit (oldest first). */
public record StoredVisit(int visitCount, long visitStartedAt, long lastSeenAt, PageView landing, String referrer,
                          List<PageView> pages) {
}
