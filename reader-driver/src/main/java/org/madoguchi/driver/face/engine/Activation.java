package org.madoguchi.driver.face.engine;

/** The element-wise function after a convolution's bias. */
enum Activation {
    NONE,
    RELU,
    /** Leaky ReLU with slope 0.1, computed as the reference does: {@code relu(x - 0.1x) + 0.1x}. */
    LEAKY;

    private static final float LEAK = 0.1f;

    void apply(float[] v, int from, int to) {
        switch (this) {
            case NONE -> {
            }
            case RELU -> {
                for (int i = from; i < to; i++) {
                    v[i] = Math.max(v[i], 0f);
                }
            }
            case LEAKY -> {
                for (int i = from; i < to; i++) {
                    float x = v[i];
                    float m = x * LEAK;
                    v[i] = Math.max(x - m, 0f) + m;
                }
            }
        }
    }
}
