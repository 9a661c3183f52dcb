package dev.parley.tracking;

/** Browser, operating system and device type as parsed from the User-Agent; empty strings when unknown. */
public record Device(String browser, String os, String type) {
    public static final String DESKTOP = "desktop";
    public static final String MOBILE = "mobile";
    public static final String TABLET = "tablet";
    public static final String BOT = "bot";
    public static final Device UNKNOWN = new Device("", "", "");
}
