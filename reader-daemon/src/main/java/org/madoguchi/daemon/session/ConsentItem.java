package org.madoguchi.daemon.session;

import java.util.Optional;

/**
 * What a patient is asked to consent to after verifying with a マイナ保険証, as the national
 * online qualification flow asks it. Wire names never change.
 */
public enum ConsentItem {
    /** 薬剤情報: past prescriptions and dispensing. */
    MEDICATION("medication"),
    /** 診療情報: past treatment (procedures, diagnoses). */
    TREATMENT("treatment"),
    /** 特定健診等情報: health check-up results. */
    HEALTH_CHECKUP("health_checkup"),
    /** 限度額適用区分の情報提供: the high-cost medical expense category. */
    COST_LIMIT("cost_limit");

    private final String code;

    ConsentItem(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static Optional<ConsentItem> of(String code) {
        for (ConsentItem i : values()) {
            if (i.code.equals(code)) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }
}
