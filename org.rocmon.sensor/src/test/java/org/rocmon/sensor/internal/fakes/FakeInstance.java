package org.rocmon.sensor.internal.fakes;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.rocmon.api.dto.MixinDTO;
import org.rocmon.api.mixin.Aggregator;
import org.rocmon.api.mixin.MixinContext;
import org.rocmon.api.mixin.Publisher;
import org.rocmon.api.runtime.MixinInstance;

public final class FakeInstance<T> implements MixinInstance<T> {

    private final T mixin;
    private final MixinDTO info;
    private final MixinContext context;
    private final List<String> inputs;
    private final List<String> outputs;
    public final AtomicInteger closes = new AtomicInteger();
    public volatile boolean available = true;

    FakeInstance(T mixin, MixinDTO info, MixinContext context, List<String> inputs, List<String> outputs) {
        this.mixin = mixin;
        this.info = info;
        this.context = context;
        this.inputs = inputs;
        this.outputs = outputs;
    }

    @Override
    public T mixin() {
        return mixin;
    }

    @Override
    public MixinDTO info() {
        return info;
    }

    @Override
    public MixinContext context() {
        return context;
    }

    @Override
    public List<String> inputs() {
        return inputs;
    }

    @Override
    public List<String> outputs() {
        return outputs;
    }

    @Override
    public boolean available() {
        return available;
    }

    public boolean closed() {
        return closes.get() > 0;
    }

    @Override
    public void close() {
        if (closes.getAndIncrement() == 0) {
            if (mixin instanceof Aggregator) {
                ((Aggregator) mixin).close();
            } else if (mixin instanceof Publisher) {
                ((Publisher) mixin).close();
            }
        }
    }
}
