package io.portico.balance;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** A test instance whose live state the test sets; counts how often inFlight() is read. */
final class FakeEndpoint implements Endpoint {
    final String name;
    volatile int weight;
    volatile boolean available = true;
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger inFlightReads = new AtomicInteger();

    FakeEndpoint(String name, int weight) {
        this.name = name;
        this.weight = weight;
    }

    static List<FakeEndpoint> of(int... weights) {
        List<FakeEndpoint> list = new ArrayList<>();
        for (int i = 0; i < weights.length; i++) {
            list.add(new FakeEndpoint(String.valueOf((char) ('a' + i)), weights[i]));
        }
        return list;
    }

    static List<FakeEndpoint> many(int count, int weight) {
        List<FakeEndpoint> list = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            list.add(new FakeEndpoint("10.0." + i / 256 + "." + i % 256 + ":8080", weight));
        }
        return list;
    }

    @Override
    public int weight() {
        return weight;
    }

    @Override
    public boolean available() {
        return available;
    }

    @Override
    public int inFlight() {
        inFlightReads.incrementAndGet();
        return inFlight.get();
    }

    @Override
    public String toString() {
        return name;
    }
}
