package org.rocmon.mixins.publisher.stream.internal;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** One stream path: how many publishers use it, who subscribes, and the latest frame of each channel. */
final class Topic {

    final AtomicInteger publishers = new AtomicInteger();
    final Set<Sink> subscribers = new CopyOnWriteArraySet<>();
    final Map<String, String> latest = new ConcurrentHashMap<>();
    final AtomicLong published = new AtomicLong();
}
