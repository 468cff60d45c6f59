package org.madoguchi.driver.face.engine;

import java.util.List;

/**
 * A presentation-attack check from landmarks alone (not a certified PAD): over a short burst of
 * frames it looks for a blink or a head turn, and refuses a burst whose face does not change shape.
 * Pure functions; every measure is unchanged by moving, rotating or scaling the face in the image,
 * so a photo moved about in front of the camera shows no live signal.
 *
 * <ul>
 *   <li><b>Eye openness</b>, two ways, both from points 36–47: the eye aspect ratio (lid distance /
 *   eye width) and the lid distance / nose length (27–33). A blink must lower both; tilting a
 *   printed photo back changes the first but not the second.</li>
 *   <li><b>Head turn</b>: the nose tip's (30) position between the jaw ends (0, 16), measured along
 *   the line through the eyes, as a fraction of the jaw width. Turning a flat photo about a vertical
 *   axis squeezes all of it alike and leaves this ratio unchanged.</li>
 *   <li><b>Still</b>: the RMS difference of all 68 points from the first frame's, after the best
 *   shift + rotation + scale, in eye distances.</li>
 * </ul>
 */
public final class Liveness {
    private Liveness() {
    }

    public static LivenessVerdict evaluate(List<Landmarks68> burst, LivenessPolicy policy) {
        List<Landmarks68> frames = burst.subList(0, Math.min(burst.size(), policy.maxFrames()));
        int n = frames.size();
        if (n < policy.minFrames()) {
            return new LivenessVerdict(LivenessVerdict.Outcome.TOO_FEW_FRAMES, n, 0, 0, 0);
        }
        double earMax = 0;
        double earMin = Double.MAX_VALUE;
        double lidMax = 0;
        double lidMin = Double.MAX_VALUE;
        double yawMax = -Double.MAX_VALUE;
        double yawMin = Double.MAX_VALUE;
        double shape = 0;
        for (Landmarks68 f : frames) {
            double ear = eyeAspectRatio(f);
            double lid = lidToNose(f);
            double yaw = yaw(f);
            earMax = Math.max(earMax, ear);
            earMin = Math.min(earMin, ear);
            lidMax = Math.max(lidMax, lid);
            lidMin = Math.min(lidMin, lid);
            yawMax = Math.max(yawMax, yaw);
            yawMin = Math.min(yawMin, yaw);
            shape = Math.max(shape, shapeChange(frames.get(0), f));
        }
        double blink = Math.min(drop(earMin, earMax), drop(lidMin, lidMax));
        double turn = yawMax - yawMin;
        LivenessVerdict.Outcome outcome;
        if (shape < policy.stillShape()) {
            outcome = LivenessVerdict.Outcome.STILL;
        } else if (blink >= policy.blinkDrop()) {
            outcome = LivenessVerdict.Outcome.LIVE_BLINK;
        } else if (turn >= policy.turnSpan()) {
            outcome = LivenessVerdict.Outcome.LIVE_HEAD_TURN;
        } else {
            outcome = LivenessVerdict.Outcome.NO_LIVE_SIGNAL;
        }
        return new LivenessVerdict(outcome, n, blink, turn, shape);
    }

    private static double drop(double min, double max) {
        return max <= 0 ? 0 : (max - min) / max;
    }

    /** Mean lid distance of both eyes (points 37–41, 38–40 and 43–47, 44–46). */
    static double lidDistance(Landmarks68 f) {
        return (f.point(37).distanceTo(f.point(41)) + f.point(38).distanceTo(f.point(40))
                + f.point(43).distanceTo(f.point(47)) + f.point(44).distanceTo(f.point(46))) / 4;
    }

    /** Eye aspect ratio, both eyes averaged: lid distance / corner-to-corner width. */
    static double eyeAspectRatio(Landmarks68 f) {
        double width = (f.point(36).distanceTo(f.point(39)) + f.point(42).distanceTo(f.point(45))) / 2;
        return lidDistance(f) / width;
    }

    /** Lid distance / nose length (bridge top 27 to base 33). */
    static double lidToNose(Landmarks68 f) {
        return lidDistance(f) / Math.max(1e-9, f.point(27).distanceTo(f.point(33)));
    }

    /** Nose tip's sideways position between the jaw ends, along the eye line: 0 = centred, ±0.5 = at a jaw end. */
    static double yaw(Landmarks68 f) {
        FacePoint l = f.centre(36, 42);
        FacePoint r = f.centre(42, 48);
        double ux = r.x() - l.x();
        double uy = r.y() - l.y();
        double len = Math.max(1e-9, Math.hypot(ux, uy));
        ux /= len;
        uy /= len;
        double left = f.point(0).x() * ux + f.point(0).y() * uy;
        double right = f.point(16).x() * ux + f.point(16).y() * uy;
        double nose = f.point(30).x() * ux + f.point(30).y() * uy;
        return (nose - (left + right) / 2) / Math.max(1e-9, Math.abs(right - left));
    }

    /** RMS distance of {@code b}'s points to {@code a}'s after the best similarity, in {@code a}'s eye distances. */
    static double shapeChange(Landmarks68 a, Landmarks68 b) {
        int n = Landmarks68.COUNT;
        FacePoint ca = a.centre(0, n);
        FacePoint cb = b.centre(0, n);
        double dot = 0;
        double cross = 0;
        double norm = 0;
        for (int i = 0; i < n; i++) {
            double ux = b.point(i).x() - cb.x();
            double uy = b.point(i).y() - cb.y();
            double vx = a.point(i).x() - ca.x();
            double vy = a.point(i).y() - ca.y();
            dot += ux * vx + uy * vy;
            cross += ux * vy - uy * vx;
            norm += ux * ux + uy * uy;
        }
        double s = norm == 0 ? 0 : dot / norm;
        double t = norm == 0 ? 0 : cross / norm;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double ux = b.point(i).x() - cb.x();
            double uy = b.point(i).y() - cb.y();
            double ex = s * ux - t * uy - (a.point(i).x() - ca.x());
            double ey = t * ux + s * uy - (a.point(i).y() - ca.y());
            sum += ex * ex + ey * ey;
        }
        return Math.sqrt(sum / n) / Math.max(1e-9, a.interocularDistance());
    }
}
