package dev.parley.mail;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.Date;
import java.util.Properties;

/** Sends one plain-text mail over SMTP (blocking; the mail worker's thread only). */
final class MailSender {
    private static final String TIMEOUT_MILLIS = "15000";
    private final SmtpConfig smtp;
    private final Session session;

    MailSender(SmtpConfig smtp) {
        this.smtp = smtp;
        var props = new Properties();
        var protocol = smtp.tls() == SmtpConfig.Tls.TLS ? "smtps" : "smtp";
        props.put("mail.transport.protocol", protocol);
        props.put("mail." + protocol + ".host", smtp.host());
        props.put("mail." + protocol + ".port", String.valueOf(smtp.port()));
        props.put("mail." + protocol + ".connectiontimeout", TIMEOUT_MILLIS);
        props.put("mail." + protocol + ".timeout", TIMEOUT_MILLIS);
        props.put("mail." + protocol + ".writetimeout", TIMEOUT_MILLIS);
        props.put("mail." + protocol + ".auth", String.valueOf(smtp.user() != null));
        if (smtp.tls() == SmtpConfig.Tls.STARTTLS) {
            props.put("mail.smtp.starttls.enable", "true");
            props.put("mail.smtp.starttls.required", "true");
        }
        if (smtp.tls() != SmtpConfig.Tls.NONE) {
            props.put("mail." + protocol + ".ssl.checkserveridentity", "true");
        }
        this.session = Session.getInstance(props);
    }

    void send(OutgoingMail mail) throws MessagingException {
        if (!MailText.isAddress(mail.recipient())) {
            throw new MessagingException("Invalid recipient address");
        }
        var message = new MimeMessage(session);
        message.setFrom(new InternetAddress(smtp.from(), true));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(mail.recipient(), true));
        if (MailText.isAddress(mail.replyTo())) {
            message.setReplyTo(new InternetAddress[] {new InternetAddress(mail.replyTo(), true)});
        }
        message.setSubject(MailText.header(mail.subject(), 200), "UTF-8");
        message.setText(mail.body(), "UTF-8");
        message.setSentDate(new Date());
        try (var transport = session.getTransport()) {
            transport.connect(smtp.host(), smtp.port(), smtp.user(), smtp.password());
            transport.sendMessage(message, message.getAllRecipients());
        }
    }
}
