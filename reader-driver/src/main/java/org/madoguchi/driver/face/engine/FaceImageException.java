package org.madoguchi.driver.face.engine;

/** An image cannot be used: empty, too large, of an unsupported format or undecodable. Japanese, then English. */
public final class FaceImageException extends Exception {
    /** Why the image was refused. */
    public enum Kind {
        EMPTY("画像が空です", "the image is empty"),
        TOO_MANY_BYTES("画像のデータが大きすぎます", "the image has too many bytes"),
        UNSUPPORTED_FORMAT("対応していない画像形式です (JPEG, PNG, JPEG 2000 のみ)",
                "unsupported image format (JPEG, PNG and JPEG 2000 only)"),
        UNDECODABLE("画像を読み取れません", "the image cannot be decoded"),
        TOO_MANY_PIXELS("画像の画素数が多すぎます", "the image has too many pixels"),
        TOO_SMALL("画像が小さすぎます", "the image is too small");

        private final String ja;
        private final String en;

        Kind(String ja, String en) {
            this.ja = ja;
            this.en = en;
        }
    }

    private final Kind kind;

    FaceImageException(Kind kind, String detail) {
        this(kind, detail, null);
    }

    FaceImageException(Kind kind, String detail, Throwable cause) {
        super(kind.ja + " / " + kind.en + (detail.isEmpty() ? "" : " (" + detail + ")"), cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
