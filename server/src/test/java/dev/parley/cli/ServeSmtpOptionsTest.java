package dev.parley.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.mail.SmtpConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** serve's SMTP options fail fast with a message naming the setting; the password never shows. */
class ServeSmtpOptionsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--smtp-host mail.example --smtp-tls sometimes --smtp-from p@x.example | --smtp-tls must be none, starttls or tls",
        "--smtp-host mail.example --smtp-port 0 --smtp-from p@x.example       | --smtp-port must be between 1 and 65535",
        "--smtp-host mail.example                                              | --smtp-from must be an email address",
        "--smtp-host mail.example --smtp-from p@x.example,evil@y.example       | --smtp-from must be an email address"})
    void bad_smtp_settings_exit_with_code_2_and_name_the_option(String args, String expected, @TempDir Path dir) throws Exception {
        var argv = new java.util.ArrayList<>(java.util.List.of("serve", "--port", "0", "--data", dir.toString()));
        argv.addAll(java.util.List.of(args.trim().split("\\s+")));
        var run = MainTest.parley(argv.toArray(String[]::new)); // a real process: serve reports on stderr
        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().contains(expected), "expected '" + expected + "' in: " + run.err());
    }

    @Test
    void the_smtp_password_is_not_in_the_settings_text() {
        var smtp = new SmtpConfig("mail.example", 587, SmtpConfig.Tls.STARTTLS, "parley", "hunter2", "parley@x.example");
        assertFalse(smtp.toString().contains("hunter2"), smtp.toString());
        assertTrue(smtp.toString().contains("password=***"));
        assertFalse(SmtpConfig.NONE.configured());
    }
}
