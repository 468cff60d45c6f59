package org.madoguchi.driver.face.engine;

/** Depthwise 3×3 then pointwise 1×1 with bias (TensorFlow's separableConv2d + bias). */
final class SeparableConv {
    private final DepthwiseConv depthwise;
    private final Conv2d pointwise;

    SeparableConv(DepthwiseConv depthwise, Conv2d pointwise) {
        this.depthwise = depthwise;
        this.pointwise = pointwise;
    }

    int outChannels() {
        return pointwise.outChannels;
    }

    Tensor forward(Tensor in, Activation act, Parallel par) {
        return forward(in, act, false, par);
    }

    /** @param maxPool follow with a fused 2×2, stride-2 max pool (see {@link Conv2d#forward(Tensor, Activation, boolean, Parallel)}) */
    Tensor forward(Tensor in, Activation act, boolean maxPool, Parallel par) {
        Tensor mid = depthwise.forward(in, par);
        Tensor out = pointwise.forward(mid, act, maxPool, par);
        mid.clear();
        return out;
    }
}
