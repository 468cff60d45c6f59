package org.madoguchi.driver.face.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A missing or corrupt weight file is a typed start-up error that names the file. */
class ModelLoadingTest {
    private static void copyModels(Path dir) throws Exception {
        for (FaceModel m : FaceModel.values()) {
            for (String f : new String[] {m.manifestFile(), m.weightsFile()}) {
                Files.write(dir.resolve(f), ModelSource.classpath().read(f));
            }
        }
    }

    @Test
    void theJarHoldsAllThreeModelsAndTheLicence() throws Exception {
        try (FaceEngine e = FaceEngine.load()) {
            assertEquals(0.55, e.threshold());
        }
        assertTrue(new String(ModelSource.classpath().read("LICENSE-face-api.txt"), "UTF-8").contains("MIT License"));
    }

    @Test
    void aFolderWithIntactFilesLoads(@TempDir Path dir) throws Exception {
        copyModels(dir);
        FaceEngine.load(FaceEngineConfig.defaults(), ModelSource.directory(dir)).close();
    }

    @Test
    void aMissingWeightFileIsNamed(@TempDir Path dir) throws Exception {
        copyModels(dir);
        Files.delete(dir.resolve("face_recognition_model.bin"));
        FaceModelException e = assertThrows(FaceModelException.class,
                () -> FaceEngine.load(FaceEngineConfig.defaults(), ModelSource.directory(dir)));
        assertEquals("face_recognition_model.bin", e.fileName());
        assertEquals(FaceModelException.Reason.MISSING, e.reason());
        assertTrue(e.getMessage().startsWith("顔認証モデルのファイル face_recognition_model.bin"), e.getMessage());
        assertTrue(e.getMessage().contains("face model file face_recognition_model.bin is missing"), e.getMessage());
    }

    @Test
    void aCorruptWeightFileIsNamed(@TempDir Path dir) throws Exception {
        copyModels(dir);
        Path bin = dir.resolve("tiny_face_detector_model.bin");
        byte[] b = Files.readAllBytes(bin);
        b[1000] ^= 0x01;
        Files.write(bin, b);
        FaceModelException e = assertThrows(FaceModelException.class,
                () -> FaceEngine.load(FaceEngineConfig.defaults(), ModelSource.directory(dir)));
        assertEquals("tiny_face_detector_model.bin", e.fileName());
        assertEquals(FaceModelException.Reason.CORRUPT, e.reason());
    }

    @Test
    void aTruncatedManifestIsNamed(@TempDir Path dir) throws Exception {
        copyModels(dir);
        Path manifest = dir.resolve("face_landmark_68_model-weights_manifest.json");
        byte[] b = Files.readAllBytes(manifest);
        Files.write(manifest, java.util.Arrays.copyOf(b, b.length / 2));
        FaceModelException e = assertThrows(FaceModelException.class,
                () -> FaceEngine.load(FaceEngineConfig.defaults(), ModelSource.directory(dir)));
        assertEquals("face_landmark_68_model-weights_manifest.json", e.fileName());
        assertEquals(FaceModelException.Reason.CORRUPT, e.reason());
    }

    @Test
    void theModelErrorIsAFaceUnavailableException() {
        assertTrue(org.madoguchi.driver.face.FaceUnavailableException.class.isAssignableFrom(FaceModelException.class));
    }
}
