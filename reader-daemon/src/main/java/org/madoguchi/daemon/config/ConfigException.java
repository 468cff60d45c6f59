package org.madoguchi.daemon.config;

/** The configuration file cannot be read or holds a bad value; the message is for the operator. */
public class ConfigException extends Exception {
    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
