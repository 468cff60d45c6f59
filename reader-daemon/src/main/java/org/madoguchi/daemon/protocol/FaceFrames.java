package org.madoguchi.daemon.protocol;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The frames of a {@code faceCapture}: {@code image} (one frame) or {@code frames} (a burst of
 * {@value #MIN_FRAMES}–{@value #MAX_FRAMES}), each base64 of a JPEG or PNG (an empty frame is let
 * through for the simulator's stand-in, which looks at no image). The whole message is bounded by
 * {@link MessageCodec#MAX_FACE_MESSAGE}; what is neither JPEG nor PNG is refused here, before any
 * decoding, so noise costs nothing.
 */
final class FaceFrames {
    static final int MIN_FRAMES = 1;
    static final int MAX_FRAMES = 8;
    /** The first four bytes of the PNG signature: enough to refuse noise; the decoder checks the rest. */
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G'};

    private FaceFrames() {
    }

    static List<byte[]> of(ObjectNode b) throws ProtocolException {
        JsonNode image = b.get("image");
        JsonNode frames = b.get("frames");
        boolean hasImage = image != null && !image.isNull();
        boolean hasFrames = frames != null && !frames.isNull();
        if (hasImage == hasFrames) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "「image」か「frames」のどちらか一つを送ってください",
                    "Send either 'image' or 'frames', not both and not neither");
        }
        List<byte[]> out = new ArrayList<>();
        if (hasImage) {
            out.add(frame(image, "image"));
            return out;
        }
        if (!frames.isArray() || frames.size() < MIN_FRAMES || frames.size() > MAX_FRAMES) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "「frames」は " + MIN_FRAMES + "〜" + MAX_FRAMES
                    + " 枚の画像(base64)の配列です", "Field 'frames' must be an array of " + MIN_FRAMES + " to "
                    + MAX_FRAMES + " base64 images");
        }
        for (JsonNode f : frames) {
            out.add(frame(f, "frames"));
        }
        return out;
    }

    /**
     * {@code cardFrontCapture.image}: base64 of one JPEG or PNG (not empty: the card-front OCR has no
     * stand-in), within the message bound of a face capture.
     */
    static byte[] cardFront(ObjectNode b) throws ProtocolException {
        JsonNode image = b.get("image");
        if (image == null || image.isNull()) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "「image」がありません", "Missing field 'image'");
        }
        byte[] bytes = CommandDecoder.base64(image, "image");
        if (!jpegOrPng(bytes)) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "「image」は JPEG か PNG の画像です",
                    "Field 'image' must be a JPEG or PNG image");
        }
        return bytes;
    }

    private static byte[] frame(JsonNode v, String field) throws ProtocolException {
        byte[] bytes = CommandDecoder.base64(v, field);
        if (bytes.length > 0 && !jpegOrPng(bytes)) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "「" + field + "」の画像は JPEG か PNG です",
                    "The images in '" + field + "' must be JPEG or PNG");
        }
        return bytes;
    }

    static boolean jpegOrPng(byte[] b) {
        boolean jpeg = b.length >= 2 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8;
        return jpeg || (b.length >= PNG.length && Arrays.equals(b, 0, PNG.length, PNG, 0, PNG.length));
    }
}
