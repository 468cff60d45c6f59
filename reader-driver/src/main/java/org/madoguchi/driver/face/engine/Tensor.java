package org.madoguchi.driver.face.engine;

import java.util.Arrays;

/** A feature map of one image, channels first (CHW): {@code data[(ch * h + y) * w + x]}. */
final class Tensor {
    final int channels;
    final int height;
    final int width;
    final float[] data;

    Tensor(int channels, int height, int width) {
        this(channels, height, width, new float[checkedSize(channels, height, width)]);
    }

    Tensor(int channels, int height, int width, float[] data) {
        if (data.length != checkedSize(channels, height, width)) {
            throw new IllegalArgumentException("tensor data does not fit its shape");
        }
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.data = data;
    }

    private static int checkedSize(int c, int h, int w) {
        if (c <= 0 || h <= 0 || w <= 0) {
            throw new IllegalArgumentException("tensor dimensions must be positive");
        }
        return Math.multiplyExact(Math.multiplyExact(c, h), w);
    }

    int plane() {
        return height * width;
    }

    /** Overwrites the values (image-derived data must not linger in the heap longer than needed). */
    void clear() {
        Arrays.fill(data, 0f);
    }
}
