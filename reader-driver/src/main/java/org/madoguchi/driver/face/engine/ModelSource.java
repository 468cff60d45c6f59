package org.madoguchi.driver.face.engine;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Where the model files are read from: the jar (the normal case) or a folder (tests, operators). */
public sealed interface ModelSource {
    /** Files larger than this are refused before they are read whole. */
    int MAX_FILE_BYTES = 16 * 1024 * 1024;

    /** The models packed into reader-driver's jar at build time. */
    static ModelSource classpath() {
        return new Classpath();
    }

    /** A folder holding the six model files under their original names. */
    static ModelSource directory(Path folder) {
        return new Directory(folder);
    }

    byte[] read(String fileName) throws FaceModelException;

    /** The jar's resources under {@code org/madoguchi/driver/face/engine/model/}. */
    record Classpath() implements ModelSource {
        @Override
        public byte[] read(String fileName) throws FaceModelException {
            try (InputStream in = ModelSource.class.getResourceAsStream("model/" + fileName)) {
                if (in == null) {
                    throw new FaceModelException(fileName, FaceModelException.Reason.MISSING, "not in the jar");
                }
                byte[] bytes = in.readNBytes(MAX_FILE_BYTES + 1);
                if (bytes.length > MAX_FILE_BYTES) {
                    throw new FaceModelException(fileName, FaceModelException.Reason.CORRUPT, "too large");
                }
                return bytes;
            } catch (IOException e) {
                throw new FaceModelException(fileName, FaceModelException.Reason.MISSING, "unreadable", e);
            }
        }
    }

    /** A folder of model files. */
    record Directory(Path folder) implements ModelSource {
        @Override
        public byte[] read(String fileName) throws FaceModelException {
            Path file = folder.resolve(fileName);
            try {
                if (Files.size(file) > MAX_FILE_BYTES) {
                    throw new FaceModelException(fileName, FaceModelException.Reason.CORRUPT, "too large");
                }
                return Files.readAllBytes(file);
            } catch (NoSuchFileException e) {
                throw new FaceModelException(fileName, FaceModelException.Reason.MISSING, file.toString());
            } catch (IOException e) {
                throw new FaceModelException(fileName, FaceModelException.Reason.MISSING,
                        file + " unreadable: " + e.getClass().getSimpleName(), e);
            }
        }
    }
}
