package dev.parley.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SearchKeywordsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "https://www.google.com/search?q=red+bikes&hl=en | red bikes",
            "https://www.google.co.uk/url?sa=t&q=bike%20shop%20london | bike shop london",
            "https://www.bing.com/search?q=folding+bike&form=QBLH | folding bike",
            "https://duckduckgo.com/?q=cargo+bike&t=h_ | cargo bike",
            "https://search.yahoo.com/search?p=bike+helmet&fr=yfp | bike helmet",
            "https://search.yahoo.co.jp/search?p=%E8%87%AA%E8%BB%A2%E8%BB%8A | 自転車",
            "https://www.baidu.com/s?ie=utf-8&wd=%E8%87%AA%E8%A1%8C%E8%BD%A6 | 自行车",
            "https://m.baidu.com/s?word=%E5%8D%95%E8%BD%A6 | 单车",
            "https://yandex.ru/search/?text=%D0%B2%D0%B5%D0%BB%D0%BE%D1%81%D0%B8%D0%BF%D0%B5%D0%B4&lr=213 | велосипед",
            "https://www.ecosia.org/search?q=e-bike | e-bike",
            "https://www.google.com.hk/search?q=%E5%8D%95%E8%BD%A6 | 单车",
    })
    void search_words_come_from_the_engines_query_parameter(String referrer, String keywords) {
        assertEquals(keywords, SearchKeywords.fromReferrer(referrer));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "https://www.google.com/", // what Google sends today: no query
            "https://www.bing.com/search?form=QBLH",
            "https://news.example.com/article?q=bikes", // not a search engine
            "https://google.evil.example/?q=x", // "google" must be followed by a public suffix only
            "not a url at all %%",
            "",
            "https://www.google.com/search?q=%E0%A4%A", // broken escape
    })
    void no_search_words_without_an_engine_query(String referrer) {
        assertNull(SearchKeywords.fromReferrer(referrer));
    }
}
