package io.portico.http2;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Reads the same bytes whole and one byte per read; the outcomes (frames, stream errors, and how
 * the reading ended) must be identical, valid input or not.
 */
class FrameDifferentialTest {
    private static final String PING = "000008 06 00 00000000 0000000000000063";

    static final List<String> STREAMS = List.of(
        "",
        PING,
        "000005 00 01 00000001 68656c6c6f" + PING,
        "000006 00 08 00000003 02 616263 0000  000004 00 09 00000001 03 000000",
        "000023 01 2c 00000003 10 80000014 09 746869732069732064756d6d79 546869732069732070616464696e672e",
        "000002 01 01 00000005 8286  000001 09 00 00000005 84  000001 09 04 00000005 41",
        "000012 04 00 00000000 0004 00010000 0003 00000064 ff01 ffffffff  000000 04 01 00000000",
        "000003 fa 07 00000001 010203" + PING,
        "00000b 07 00 00000000 80000007 00000001 6f6f70",
        // stream errors, each followed by a frame that still reads
        "000004 02 00 00000003 00000001" + PING,
        "000004 08 00 00000007 00000000" + PING,
        "000005 02 00 00000003 80000003 10" + PING,
        "000006 01 20 00000003 00000003 10 82  000001 09 04 00000003 84" + PING,
        // connection errors
        "004001 00 00 00000003",
        "000001 00 00 00000000 61",
        "000008 06 00 00000001 0000000000000000",
        "000004 00 08 00000001 04 000000",
        "000001 01 00 00000001 82" + PING,
        "000001 09 04 00000001 82",
        // truncated
        "000005 00",
        "000005 00 00 00000001 6869",
        "000001 01 00 00000001 82");

    @ParameterizedTest
    @FieldSource("STREAMS")
    void framesReadTheSameWholeAndOneByteAtATime(String hex) {
        byte[] wire = Wire.hex(hex);

        String whole = Wire.outcome(new FrameReader(Wire.whole(wire)));
        String oneByte = Wire.outcome(new FrameReader(Wire.oneByteAtATime(wire)));

        assertThat(oneByte).as("one byte at a time").isEqualTo(whole);
        assertThat(whole).doesNotContain("io ");
    }
}
