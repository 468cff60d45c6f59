package org.madoguchi.driver.face.engine;

/** A fully connected layer {@code y = x · W + b}, accumulated in double as tfjs's CPU matMul does. */
final class Dense {
    private Dense() {
    }

    /** @param weights row-major [in][out]; @param bias one per output, or an empty array for none */
    static float[] apply(float[] x, float[] weights, float[] bias, int in, int out) {
        float[] y = new float[out];
        for (int j = 0; j < out; j++) {
            double s = 0;
            for (int i = 0; i < in; i++) {
                s += (double) x[i] * weights[i * out + j];
            }
            float v = (float) s;
            y[j] = bias.length == 0 ? v : v + bias[j];
        }
        return y;
    }
}
