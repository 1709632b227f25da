package org.rocmon.mixins.publisher.stream.internal;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.rocmon.http.sse.SseSink;

/** One stream path: how many publishers use it, who subscribes, and the latest frame of each channel. */
final class Topic {

    final AtomicInteger publishers = new AtomicInteger();
    final Set<SseSink> subscribers = new CopyOnWriteArraySet<>();
    final Map<String, String> latest = new ConcurrentHashMap<>();
    final AtomicLong published = new AtomicLong();
}
