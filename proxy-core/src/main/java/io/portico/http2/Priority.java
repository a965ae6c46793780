package io.portico.http2;

/**
 * The stream dependency and weight of a PRIORITY frame or a HEADERS frame with the PRIORITY flag
 * (RFC 9113 §5.3.2, deprecated but still on the wire). Read and checked, otherwise ignored.
 *
 * @param weight 1 to 256 (the wire carries weight - 1)
 */
public record Priority(int dependency, boolean exclusive, int weight) {
    public Priority {
        if (dependency < 0 || weight < 1 || weight > 256) {
            throw new IllegalArgumentException("dependency " + dependency + ", weight " + weight);
        }
    }
}
