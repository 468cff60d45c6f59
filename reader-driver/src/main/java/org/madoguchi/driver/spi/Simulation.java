package org.madoguchi.driver.spi;

import java.security.cert.X509Certificate;
import java.util.List;

import org.madoguchi.driver.face.CardFaceReader;
import org.madoguchi.driver.face.FaceMatcher;
import org.madoguchi.driver.pcsc.ReaderBackend;

/** A running in-process simulation: simulated readers, and the hands that insert and remove cards. */
public interface Simulation extends AutoCloseable {

    /** The back-end through which the daemon sees the simulated readers. */
    ReaderBackend backend();

    /** The card profiles that can be inserted, with a one-line description each. */
    List<ProfileInfo> profiles();

    /** Places a new card of the given profile in the reader (replacing any card there). */
    void insert(String reader, String profile) throws SimulationException;

    /** Takes the card out of the reader. */
    void remove(String reader) throws SimulationException;

    /**
     * The roots the simulated cards' certificates chain to (test roots, never J-LIS's): what the
     * daemon trusts, beside its configured trust anchors, in {@code --simulate} mode only.
     */
    List<X509Certificate> trustAnchors();

    /** The simulated OCR of the card face: the inserted profile's 照合番号B (or a wrong one on demand). */
    CardFaceReader cardFaceReader();

    /** The simulated face engine, steered per reader by {@link #steerFace}. */
    FaceMatcher faceMatcher();

    /** Decides what the simulated face engine reports for the next comparisons on a reader. */
    void steerFace(String reader, FaceOutcome outcome) throws SimulationException;

    /**
     * Turns a fault on for the card in the reader, until the card is removed; the two VERIFY drops
     * fire once, on the next VERIFY.
     */
    void injectFault(String reader, CardFault fault) throws SimulationException;

    @Override
    void close();

    /** Faults a simulated card can show: the wire names of {@code sim.fault} and {@code vpcd --fault}. */
    enum CardFault {
        /** The card leaves during the next VERIFY, before it counts the try. */
        DROP_VERIFY_BEFORE("drop-verify-before"),
        /** The card leaves during the next VERIFY, after it counted the try. */
        DROP_VERIFY_AFTER("drop-verify-after"),
        /** Answers with data come as {@code 61 xx} and need GET RESPONSE. */
        GET_RESPONSE("get-response"),
        /** A wrong Le is answered {@code 6C xx}. */
        WRONG_LE("wrong-le"),
        /** The first command after each power-up is answered {@code 6F 00}. */
        FAIL_AFTER_POWER_UP("fail-after-power-up");

        private final String code;

        CardFault(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }

        public static java.util.Optional<CardFault> of(String code) {
            for (CardFault f : values()) {
                if (f.code.equals(code)) {
                    return java.util.Optional.of(f);
                }
            }
            return java.util.Optional.empty();
        }
    }

    /** What the simulated face engine reports: the wire names of {@code sim.face}. */
    enum FaceOutcome {
        MATCH("match"),
        MISMATCH("mismatch"),
        NO_FACE("no_face");

        private final String code;

        FaceOutcome(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    /** A profile's name and what makes it different. */
    record ProfileInfo(String name, String description) {
    }
}
