package dev.parley.tracking;

import java.util.regex.Pattern;

/** The visitor's language: what the browser reports ({@code navigator.language}), else the first Accept-Language. */
public final class Languages {
    /** BCP 47 in the shape browsers send: "en", "en-US", "zh-Hans-CN", "de-CH-1996". */
    private static final Pattern TAG = Pattern.compile("[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8}){0,4}");

    private Languages() {
    }

    public static boolean isTag(String s) {
        return s != null && s.length() <= 35 && TAG.matcher(s).matches();
    }

    /** {@code reported} if it is a language tag, else the highest-ranked tag of {@code acceptLanguage}, else "". */
    public static String choose(String reported, String acceptLanguage) {
        if (isTag(reported)) {
            return reported;
        }
        if (acceptLanguage == null || acceptLanguage.isBlank()) {
            return "";
        }
        String best = "";
        double bestQ = -1;
        for (var part : acceptLanguage.split(",")) {
            var fields = part.trim().split(";");
            var tag = fields[0].trim();
            double q = 1;
            for (int i = 1; i < fields.length; i++) {
                var f = fields[i].trim();
                if (f.startsWith("q=")) {
                    try {
                        q = Double.parseDouble(f.substring(2));
                    } catch (NumberFormatException e) {
                        q = 0;
                    }
                }
            }
            if (isTag(tag) && q > bestQ) {
                best = tag;
                bestQ = q;
            }
        }
        return best;
    }
}
