package org.madoguchi.driver.face.engine;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Optional;

import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.ImageInputStream;

import com.github.jaiimageio.jpeg2000.impl.J2KImageReaderSpi;

/**
 * Decodes JPEG, PNG and JPEG 2000 bytes with bounds: the format is recognised by its signature
 * (anything else is refused at once), the byte count, the header's pixel count and band count are
 * checked before any pixel is decoded, and large images are subsampled while decoding.
 */
final class ImageDecoder {
    static final int MIN_SIDE = 32;
    private static final int MAX_BANDS = 4;

    enum Format {
        JPEG,
        PNG,
        JPEG2000
    }

    private ImageDecoder() {
    }

    static Optional<Format> sniff(byte[] b) {
        if (b.length >= 3 && (b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xD8 && (b[2] & 0xff) == 0xFF) {
            return Optional.of(Format.JPEG);
        }
        if (startsWith(b, 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A)) {
            return Optional.of(Format.PNG);
        }
        if (startsWith(b, 0x00, 0x00, 0x00, 0x0C, 0x6A, 0x50, 0x20, 0x20, 0x0D, 0x0A, 0x87, 0x0A)
                || startsWith(b, 0xFF, 0x4F, 0xFF, 0x51)) {
            return Optional.of(Format.JPEG2000); // JP2 file, or a raw codestream (SOC, SIZ)
        }
        return Optional.empty();
    }

    private static boolean startsWith(byte[] b, int... sig) {
        if (b.length < sig.length) {
            return false;
        }
        for (int i = 0; i < sig.length; i++) {
            if ((b[i] & 0xff) != sig[i]) {
                return false;
            }
        }
        return true;
    }

    static FaceImage decode(byte[] bytes, FaceEngineConfig config) throws FaceImageException {
        if (bytes.length == 0) {
            throw new FaceImageException(FaceImageException.Kind.EMPTY, "");
        }
        if (bytes.length > config.maxEncodedBytes()) {
            throw new FaceImageException(FaceImageException.Kind.TOO_MANY_BYTES,
                    bytes.length + " > " + config.maxEncodedBytes());
        }
        Format format = sniff(bytes).orElseThrow(
                () -> new FaceImageException(FaceImageException.Kind.UNSUPPORTED_FORMAT, ""));
        ImageReader reader = reader(format);
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            if (in == null) {
                throw new FaceImageException(FaceImageException.Kind.UNDECODABLE, "no input stream");
            }
            reader.setInput(in, true, true);
            int w = reader.getWidth(0);
            int h = reader.getHeight(0);
            checkSize(w, h, config);
            Iterator<ImageTypeSpecifier> types = reader.getImageTypes(0);
            if (types != null && types.hasNext() && types.next().getNumBands() > MAX_BANDS) {
                throw new FaceImageException(FaceImageException.Kind.UNDECODABLE, "too many bands");
            }
            ImageReadParam param = reader.getDefaultReadParam();
            int step = (Math.max(w, h) + config.workingSize() - 1) / config.workingSize();
            if (step > 1) {
                param.setSourceSubsampling(step, step, 0, 0);
            }
            BufferedImage image = reader.read(0, param);
            if (image == null || image.getWidth() < MIN_SIDE || image.getHeight() < MIN_SIDE) {
                throw new FaceImageException(FaceImageException.Kind.UNDECODABLE, "no image");
            }
            FaceImage copy = FaceImage.copyOf(image);
            wipe(image);
            return copy;
        } catch (IOException | RuntimeException e) {
            // decoders report broken data with all kinds of runtime exceptions
            throw new FaceImageException(FaceImageException.Kind.UNDECODABLE, format + ": "
                    + e.getClass().getSimpleName(), e);
        } finally {
            reader.dispose();
        }
    }

    /** Overwrites the decoder's own pixel buffer where it is a plain array (the usual 8-bit case). */
    private static void wipe(BufferedImage image) {
        java.awt.image.DataBuffer buffer = image.getRaster().getDataBuffer();
        if (buffer instanceof java.awt.image.DataBufferByte bytes) {
            for (byte[] bank : bytes.getBankData()) {
                java.util.Arrays.fill(bank, (byte) 0);
            }
        } else if (buffer instanceof java.awt.image.DataBufferInt ints) {
            for (int[] bank : ints.getBankData()) {
                java.util.Arrays.fill(bank, 0);
            }
        } else if (buffer instanceof java.awt.image.DataBufferUShort shorts) {
            for (short[] bank : shorts.getBankData()) {
                java.util.Arrays.fill(bank, (short) 0);
            }
        }
    }

    static void checkSize(int w, int h, FaceEngineConfig config) throws FaceImageException {
        if (w <= 0 || h <= 0) {
            throw new FaceImageException(FaceImageException.Kind.UNDECODABLE, "no size");
        }
        if ((long) w * h > config.maxPixels()) {
            throw new FaceImageException(FaceImageException.Kind.TOO_MANY_PIXELS,
                    w + "x" + h + " > " + config.maxPixels() + " pixels");
        }
        if (w < MIN_SIDE || h < MIN_SIDE) {
            throw new FaceImageException(FaceImageException.Kind.TOO_SMALL, w + "x" + h);
        }
    }

    /** The JDK's own JPEG and PNG readers; jai-imageio's JPEG 2000 reader, found without the service registry. */
    private static ImageReader reader(Format format) throws FaceImageException {
        if (format == Format.JPEG2000) {
            try {
                return new J2KImageReaderSpi().createReaderInstance();
            } catch (IOException e) {
                throw new FaceImageException(FaceImageException.Kind.UNSUPPORTED_FORMAT, "no JPEG 2000 reader", e);
            }
        }
        String name = format == Format.JPEG ? "jpeg" : "png";
        Iterator<ImageReader> it = ImageIO.getImageReadersByFormatName(name);
        ImageReader fallback = null;
        while (it.hasNext()) {
            ImageReader r = it.next();
            if (r.getClass().getName().startsWith("com.sun.imageio.")) {
                if (fallback != null) {
                    fallback.dispose();
                }
                return r;
            }
            if (fallback == null) {
                fallback = r;
            } else {
                r.dispose();
            }
        }
        if (fallback == null) {
            throw new FaceImageException(FaceImageException.Kind.UNSUPPORTED_FORMAT, "no " + name + " reader");
        }
        return fallback;
    }
}
