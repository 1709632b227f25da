package org.rocmon.collector.internal.edge;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

import org.rocmon.api.Measurement;

/** Fast edge settings and waits shared by the edge and resource tests. */
public final class EdgeTestSupport {

    private EdgeTestSupport() {
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000; // generous: CI machines may be loaded
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                StringBuilder dump = new StringBuilder();
                Thread.getAllStackTraces().forEach((t, st) -> {
                    dump.append('\n').append(t.getName()).append(' ').append(t.getState());
                    for (int i = 0; i < Math.min(st.length, 12); i++) {
                        dump.append("\n    at ").append(st[i]);
                    }
                });
                throw new AssertionError("timed out waiting for " + what + dump);
            }
            Thread.sleep(10);
        }
    }

    static Map<String, Measurement> value(double v) {
        Map<String, Measurement> m = new LinkedHashMap<>();
        m.put("a", Measurement.of(v, System.currentTimeMillis()));
        return m;
    }

    /** @return edge settings with short backoff, ack wait and keep-alive, for tests */
    public static EdgeService.Config config() {
        return new EdgeService.Config() {
            @Override
            public Class<? extends java.lang.annotation.Annotation> annotationType() {
                return EdgeService.Config.class;
            }

            @Override
            public long backoffInitialMillis() {
                return 20;
            }

            @Override
            public boolean localDelivery() {
                return true;
            }

            @Override
            public long backoffCapMillis() {
                return 200;
            }

            @Override
            public long initialAckWaitMillis() {
                return 300;
            }

            @Override
            public long keepAliveMillis() {
                return 250;
            }

            @Override
            public int threads() {
                return 2;
            }

            @Override
            public String buffer() {
                return "memory";
            }

            @Override
            public long commitMillis() {
                return 20;
            }

            @Override
            public boolean fsync() {
                return false;
            }
        };
    }
}
