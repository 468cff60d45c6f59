package org.madoguchi.daemon;

import java.util.ArrayList;
import java.util.List;

import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;

/** Every log line (level and formatted message) written while it is open, from every logger. */
final class LogLines extends AppenderBase<ILoggingEvent> implements AutoCloseable {
    private final List<String> lines = new ArrayList<>();

    static LogLines capture() {
        LogLines c = new LogLines();
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        c.setContext(context);
        c.start();
        context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(c);
        return c;
    }

    @Override
    protected synchronized void append(ILoggingEvent e) {
        lines.add(e.getLevel() + " " + e.getLoggerName() + " " + e.getFormattedMessage());
    }

    synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    /** The lines that contain {@code text}. */
    synchronized List<String> containing(String text) {
        List<String> out = new ArrayList<>();
        for (String l : lines) {
            if (l.contains(text)) {
                out.add(l);
            }
        }
        return out;
    }

    @Override
    public void close() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).detachAppender(this);
        stop();
    }
}
