package org.madoguchi.daemon.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Face verification settings for the verification sessions.
 *
 * @param maxAttempts face mismatches allowed before falling back to PIN or 目視確認 (default 3)
 * @param threshold   the matcher score (0–1) at or above which two faces match (default 0.8, a
 *                    placeholder until a real matcher is calibrated)
 */
public record FaceConfig(int maxAttempts, double threshold) {
    public static final int DEFAULT_MAX_ATTEMPTS = 3;
    public static final double DEFAULT_THRESHOLD = 0.8;
    public static final FaceConfig DEFAULT = new FaceConfig(DEFAULT_MAX_ATTEMPTS, DEFAULT_THRESHOLD);

    @JsonCreator
    static FaceConfig fromYaml(
            @JsonProperty("maxAttempts") Integer maxAttempts,
            @JsonProperty("threshold") Double threshold) {
        return new FaceConfig(
                maxAttempts == null ? DEFAULT_MAX_ATTEMPTS : maxAttempts,
                threshold == null ? DEFAULT_THRESHOLD : threshold);
    }

    public FaceConfig {
        if (maxAttempts < 1 || maxAttempts > 10) {
            throw new IllegalArgumentException("face.maxAttempts は 1〜10 で指定してください"
                    + " / face.maxAttempts must be between 1 and 10: " + maxAttempts);
        }
        if (!(threshold > 0.0 && threshold <= 1.0)) {
            throw new IllegalArgumentException("face.threshold は 0 より大きく 1 以下で指定してください"
                    + " / face.threshold must be greater than 0 and at most 1: " + threshold);
        }
    }
}
