package io.portico.http2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portico.io.ByteBuf;
import io.portico.io.ByteReader;
import io.portico.io.OneByteInputStream;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Test input helpers: frames from hex, readers fed whole or one byte per read, error assertions. */
final class Wire {
    private Wire() {
    }

    /** Hex to bytes; spaces, newlines and underscores are ignored so frames can be laid out by field. */
    static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex.replaceAll("[\\s_]", ""));
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    static ByteReader whole(byte[] b) {
        return new ByteReader(new ByteArrayInputStream(b), new byte[8192]);
    }

    /** One byte per read of the stream, through a buffer smaller than a frame header. */
    static ByteReader oneByteAtATime(byte[] b) {
        return new ByteReader(new OneByteInputStream(b), new byte[5]);
    }

    static FrameReader reader(String hex) {
        return new FrameReader(whole(hex(hex)));
    }

    /** Reads the one frame {@code hex} holds and checks nothing is left. */
    static Frame readOne(String hex) throws IOException {
        FrameReader r = reader(hex);
        Frame f = r.next();
        assertThat(f).isNotNull();
        assertThat(r.next()).as("after the frame").isNull();
        return f;
    }

    /** Every frame until the clean end of the stream. */
    static List<Frame> readAll(FrameReader r) throws IOException {
        List<Frame> frames = new ArrayList<>();
        for (Frame f; (f = r.next()) != null; ) {
            frames.add(f);
        }
        return frames;
    }

    static byte[] write(Frame... frames) {
        return write(new FrameWriter(), frames);
    }

    static byte[] write(FrameWriter w, Frame... frames) {
        ByteBuf out = new ByteBuf();
        for (Frame f : frames) {
            w.write(out, f);
        }
        return bytes(out);
    }

    static byte[] bytes(ByteBuf out) {
        return Arrays.copyOf(out.array(), out.length());
    }

    /**
     * What reading every frame produced, as comparable text: one line per frame, then how it
     * ended (the clean end, EOF, or the error with its scope, code and stream). Stream errors do
     * not end it: the reader reads on.
     */
    static String outcome(FrameReader r) {
        StringBuilder sb = new StringBuilder();
        while (true) {
            try {
                Frame f = r.next();
                if (f == null) {
                    return sb.append("end\n").toString();
                }
                sb.append(f).append('\n');
            } catch (StreamException e) {
                sb.append(e).append(" frame=").append(e.frame().orElse(null)).append('\n');
            } catch (ConnectionException e) {
                return sb.append(e).append('\n').toString();
            } catch (EOFException e) {
                return sb.append("eof\n").toString();
            } catch (IOException e) {
                return sb.append("io ").append(e).append('\n').toString();
            }
        }
    }

    static void assertConnectionError(ThrowingCallable call, ErrorCode code, int streamId) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ConnectionException.class, e -> {
            assertThat(e.code()).as("code of " + e).isEqualTo(code);
            assertThat(e.streamId()).as("stream of " + e).isEqualTo(streamId);
        });
    }

    static void assertStreamError(ThrowingCallable call, ErrorCode code, int streamId) {
        assertThatThrownBy(call).isInstanceOfSatisfying(StreamException.class, e -> {
            assertThat(e.code()).as("code of " + e).isEqualTo(code);
            assertThat(e.streamId()).as("stream of " + e).isEqualTo(streamId);
        });
    }
}
