package dev.parley.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class VisitTrailTest {
    static final Duration GAP = Duration.ofMinutes(30);
    static final long T0 = 1_764_750_000_000L;

    static PageView page(String url, long at) {
        return new PageView(url, "Title " + url, "https://www.bing.com/search?q=bikes", at);
    }

    @Test
    void a_visit_lasts_across_short_gaps_and_a_new_one_starts_after_the_gap() {
        var trail = new VisitTrail();
        assertTrue(trail.arrive(T0, GAP, page("/a", T0)));
        trail.view(page("/a", T0));
        trail.left(T0 + 1000);
        assertFalse(trail.arrive(T0 + 1000 + GAP.toMillis(), GAP, page("/b", T0 + 2000)), "exactly the gap: same visit");
        trail.view(page("/b", T0 + 2000));
        assertEquals(1, trail.visitCount());
        assertEquals(2, trail.pageCount());
        assertEquals("/a", trail.landing().url());
        assertEquals("bikes", trail.keywords());

        trail.left(T0 + 3000);
        long later = T0 + 3001 + GAP.toMillis();
        assertTrue(trail.arrive(later, GAP, page("/c", later)));
        trail.view(page("/c", later));
        assertEquals(2, trail.visitCount());
        assertEquals(later, trail.visitStartedAt());
        assertEquals("/c", trail.landing().url());
        assertEquals(1, trail.pageCount(), "pages are per visit");
    }

    @Test
    void the_same_page_twice_is_one_view_and_the_list_keeps_the_last_twenty() {
        var trail = new VisitTrail();
        trail.arrive(T0, GAP, page("/0", T0));
        assertTrue(trail.view(page("/0", T0)));
        assertFalse(trail.view(page("/0", T0 + 1)));
        for (int i = 1; i < 70; i++) {
            trail.view(page("/" + i, T0 + i));
        }
        assertEquals(VisitTrail.MAX_PAGES, trail.pageCount());
        assertEquals("/69", trail.current().url());
        assertEquals(20, VisitTrail.MAX_PAGES);
        assertEquals("/50", trail.pagesJson().getJsonObject(0).getString("url"));
        assertEquals("/0", trail.landing().url(), "the landing page stays even when its view scrolled out");
    }

    @Test
    void pages_keep_no_referrer_and_a_url_of_at_most_1024_characters_the_visit_keeps_its_referrer() {
        var trail = new VisitTrail();
        var longUrl = "https://shop.example/" + "u".repeat(2000);
        trail.arrive(T0, GAP, page(longUrl, T0));
        trail.view(page(longUrl, T0));
        trail.view(page("/next", T0 + 1));
        assertEquals("https://www.bing.com/search?q=bikes", trail.referrer());
        assertEquals(1024, trail.landing().url().length());
        assertEquals("", trail.landing().referrer());
        assertEquals("", trail.current().referrer());
    }

    @Test
    void over_the_rate_a_page_view_replaces_the_newest_page_instead_of_adding_one() {
        var trail = new VisitTrail();
        trail.arrive(T0, GAP, page("/a", T0));
        trail.view(page("/a", T0));
        trail.view(page("/b", T0 + 1));
        assertTrue(trail.moveTo(page("/c", T0 + 2)));
        assertFalse(trail.moveTo(page("/c", T0 + 3)), "already there");
        assertEquals(2, trail.pageCount());
        assertEquals("/c", trail.current().url());
        assertEquals("/a", trail.landing().url());
    }

    @Test
    void a_restored_visit_continues_where_the_store_left_it() {
        var trail = new VisitTrail();
        trail.restore(new StoredVisit(3, T0, T0 + 5000, page("/land", T0), "https://duckduckgo.com/?q=cargo", List.of(page("/land", T0), page("/x", T0 + 10))));
        assertFalse(trail.arrive(T0 + 6000, GAP, page("/y", T0 + 6000)));
        trail.view(page("/y", T0 + 6000));
        assertEquals(3, trail.visitCount());
        assertEquals(3, trail.pageCount());
        assertEquals("cargo", trail.keywords());
    }
}
