package org.madoguchi.driver.face.engine;

/** TensorFlow's padding modes; {@code SAME} puts the odd extra row/column at the bottom/right. */
enum Padding {
    VALID,
    SAME;

    int outSize(int in, int kernel, int stride) {
        int out = this == SAME ? (in + stride - 1) / stride : (in - kernel) / stride + 1;
        if (out <= 0) {
            throw new IllegalArgumentException("input too small for the kernel");
        }
        return out;
    }

    int padBefore(int in, int kernel, int stride) {
        if (this == VALID) {
            return 0;
        }
        int total = Math.max((outSize(in, kernel, stride) - 1) * stride + kernel - in, 0);
        return total / 2;
    }
}
