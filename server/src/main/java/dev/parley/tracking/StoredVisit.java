package dev.parley.tracking;

import java.util.List;

/**
 * A visitor's row as stored, with the newest page views of its latest visit (oldest first) and how many views that
 * visit has in all.
 */
public record StoredVisit(int visitCount, long visitStartedAt, long lastSeenAt, PageView landing, String referrer,
                          List<PageView> pages, int pageViews) {
}
