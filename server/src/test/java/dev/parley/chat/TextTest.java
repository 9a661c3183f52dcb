package dev.parley.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Text must reach both databases intact; only what no column can hold is replaced. */
class TextTest {

    @ParameterizedTest
    @ValueSource(strings = {"hello 你好 😀", "👨‍👩‍👧‍👦", "𠀀", "plain", "🇺🇦 flags and e\u0301 accents", "😀😀😀"})
    void valid_text_including_four_byte_characters_comes_back_untouched(String text) {
        assertSame(text, Text.storable(text));
    }

    @Test
    void nul_is_replaced_by_the_replacement_character() {
        assertEquals("a\uFFFDb\uFFFD", Text.storable("a\u0000b\u0000"));
    }

    @Test
    void lone_high_surrogate_is_replaced_in_the_middle_and_at_the_end() {
        assertEquals("a\uFFFDb", Text.storable("a\uD83Db"));
        assertEquals("ab\uFFFD", Text.storable("ab\uD83D"));
    }

    @Test
    void lone_low_surrogate_is_replaced() {
        assertEquals("\uFFFDa", Text.storable("\uDE00a"));
    }

    @Test
    void reversed_pair_is_two_lone_surrogates() {
        assertEquals("\uFFFD\uFFFD", Text.storable("\uDE00\uD83D"));
    }

    @Test
    void valid_pairs_around_a_bad_character_are_kept() {
        assertEquals("😀\uFFFD𠀀", Text.storable("😀\u0000𠀀"));
        assertEquals("\uFFFD😀", Text.storable("\uD83D😀"));
    }

    @Test
    void clip_never_splits_a_surrogate_pair() {
        assertEquals("ab", Text.clip("ab😀", 3));
        assertEquals("ab😀", Text.clip("ab😀c", 4));
        assertEquals("short", Text.clip("short", 10));
    }
}
