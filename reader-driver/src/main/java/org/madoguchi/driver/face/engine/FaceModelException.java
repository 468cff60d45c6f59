package org.madoguchi.driver.face.engine;

import org.madoguchi.driver.face.FaceUnavailableException;

/**
 * A face model file is missing, corrupt (its SHA-256 differs from the pinned one) or does not fit
 * the network it is meant for. Raised while loading, so that a daemon fails at start-up rather than
 * at its first patient. The message names the file, in Japanese, then English.
 */
public final class FaceModelException extends FaceUnavailableException {
    /** What is wrong with the file. */
    public enum Reason {
        MISSING("見つかりません", "is missing"),
        CORRUPT("が壊れています (SHA-256 不一致)", "is corrupt (SHA-256 mismatch)"),
        INVALID("の内容がモデルと合いません", "does not fit the model");

        private final String ja;
        private final String en;

        Reason(String ja, String en) {
            this.ja = ja;
            this.en = en;
        }
    }

    private final String fileName;
    private final Reason reason;

    FaceModelException(String fileName, Reason reason, String detail) {
        this(fileName, reason, detail, null);
    }

    FaceModelException(String fileName, Reason reason, String detail, Throwable cause) {
        super("顔認証モデルのファイル " + fileName + " " + reason.ja + " / face model file " + fileName + " "
                + reason.en + (detail.isEmpty() ? "" : ": " + detail), cause);
        this.fileName = fileName;
        this.reason = reason;
    }

    /** The model file's name, e.g. {@code face_recognition_model.bin}. */
    public String fileName() {
        return fileName;
    }

    public Reason reason() {
        return reason;
    }
}
