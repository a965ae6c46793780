package io.portico.http2;

import static io.portico.http2.Wire.assertConnectionError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SettingsTest {

    private static SettingsFrame frame(long... idValuePairs) {
        SettingsFrame.Setting[] s = new SettingsFrame.Setting[idValuePairs.length / 2];
        for (int i = 0; i < s.length; i++) {
            s[i] = new SettingsFrame.Setting((int) idValuePairs[2 * i], idValuePairs[2 * i + 1]);
        }
        return new SettingsFrame(false, List.of(s));
    }

    @Test
    void newSettingsHoldTheRfcInitialValues() {
        Settings s = new Settings();

        assertThat(s.headerTableSize()).isEqualTo(4096);
        assertThat(s.enablePush()).isTrue();
        assertThat(s.maxConcurrentStreams()).isEqualTo(Settings.UNLIMITED);
        assertThat(s.initialWindowSize()).isEqualTo(65_535);
        assertThat(s.maxFrameSize()).isEqualTo(16_384);
        assertThat(s.maxHeaderListSize()).isEqualTo(Settings.UNLIMITED);
        assertThat(s.enableConnectProtocol()).isFalse();
        assertThat(s.toFrame().settings()).as("nothing differs from the defaults").isEmpty();
    }

    @Test
    void applyingAFrameStoresEveryKnownSettingInOrder() {
        Settings s = new Settings();

        int delta = s.apply(frame(
                Settings.HEADER_TABLE_SIZE, 0,
                Settings.ENABLE_PUSH, 0,
                Settings.MAX_CONCURRENT_STREAMS, 100,
                Settings.INITIAL_WINDOW_SIZE, 1_000_000,
                Settings.MAX_FRAME_SIZE, 16_777_215,
                Settings.MAX_HEADER_LIST_SIZE, 0xFFFF_FFFFL,
                Settings.ENABLE_CONNECT_PROTOCOL, 1,
                Settings.INITIAL_WINDOW_SIZE, 70_000));

        assertThat(s.headerTableSize()).isZero();
        assertThat(s.enablePush()).isFalse();
        assertThat(s.maxConcurrentStreams()).isEqualTo(100);
        assertThat(s.initialWindowSize()).as("the last value wins").isEqualTo(70_000);
        assertThat(s.maxFrameSize()).isEqualTo(16_777_215);
        assertThat(s.maxHeaderListSize()).isEqualTo(0xFFFF_FFFFL);
        assertThat(s.enableConnectProtocol()).isTrue();
        assertThat(delta).as("net change of INITIAL_WINDOW_SIZE").isEqualTo(70_000 - 65_535);
    }

    @Test
    void theInitialWindowDeltaIsNegativeWhenThePeerShrinksIt() {
        Settings s = new Settings();

        assertThat(s.apply(frame(Settings.INITIAL_WINDOW_SIZE, 0))).isEqualTo(-65_535);
        assertThat(s.apply(frame(Settings.INITIAL_WINDOW_SIZE, Integer.MAX_VALUE))).isEqualTo(Integer.MAX_VALUE);
        assertThat(s.apply(frame(Settings.INITIAL_WINDOW_SIZE, 0))).isEqualTo(-Integer.MAX_VALUE);
        assertThat(s.apply(frame(Settings.MAX_CONCURRENT_STREAMS, 1))).as("no change").isZero();
        assertThat(s.apply(SettingsFrame.ACK)).isZero();
    }

    @Test
    void unknownSettingsAreIgnored() {
        Settings s = new Settings();

        assertThat(s.apply(frame(0x7, 1, 0xffff, 0xFFFF_FFFFL, 0x0, 5))).isZero();
        assertThat(s.toFrame().settings()).isEmpty();
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
        "ENABLE_PUSH,             2,          2, PROTOCOL_ERROR",
        "ENABLE_PUSH,             4294967295, 2, PROTOCOL_ERROR",
        "INITIAL_WINDOW_SIZE,     2147483648, 4, FLOW_CONTROL_ERROR",
        "INITIAL_WINDOW_SIZE,     4294967295, 4, FLOW_CONTROL_ERROR",
        "MAX_FRAME_SIZE,          16383,      5, PROTOCOL_ERROR",
        "MAX_FRAME_SIZE,          0,          5, PROTOCOL_ERROR",
        "MAX_FRAME_SIZE,          16777216,   5, PROTOCOL_ERROR",
        "ENABLE_CONNECT_PROTOCOL, 2,          8, PROTOCOL_ERROR"})
    void aValueTheRfcForbidsIsAConnectionError(String name, long value, int id, ErrorCode code) {
        assertConnectionError(() -> new Settings().apply(frame(id, value)), code, 0);
    }

    @Test
    void theLargestAllowedValuesAreAccepted() {
        Settings s = new Settings();

        s.apply(frame(Settings.INITIAL_WINDOW_SIZE, Integer.MAX_VALUE, Settings.MAX_FRAME_SIZE, 16_384));

        assertThat(s.initialWindowSize()).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void extendedConnectCannotBeWithdrawnOnceEnabled() {
        Settings s = new Settings();
        s.apply(frame(Settings.ENABLE_CONNECT_PROTOCOL, 1));

        s.apply(frame(Settings.ENABLE_CONNECT_PROTOCOL, 1));
        assertConnectionError(() -> s.apply(frame(Settings.ENABLE_CONNECT_PROTOCOL, 0)), ErrorCode.PROTOCOL_ERROR, 0);
    }

    @Test
    void ourOwnSettingsBecomeTheFrameWeSendInIdentifierOrder() throws IOException {
        Settings ours = new Settings()
                .set(Settings.MAX_HEADER_LIST_SIZE, 65_536)
                .set(Settings.MAX_CONCURRENT_STREAMS, 100)
                .set(Settings.ENABLE_PUSH, 0)
                .set(Settings.INITIAL_WINDOW_SIZE, 1 << 20);

        SettingsFrame f = ours.toFrame();

        assertThat(f.settings()).containsExactly(
                new SettingsFrame.Setting(Settings.ENABLE_PUSH, 0),
                new SettingsFrame.Setting(Settings.MAX_CONCURRENT_STREAMS, 100),
                new SettingsFrame.Setting(Settings.INITIAL_WINDOW_SIZE, 1 << 20),
                new SettingsFrame.Setting(Settings.MAX_HEADER_LIST_SIZE, 65_536));
        Settings peer = new Settings();
        peer.apply((SettingsFrame) new FrameReader(Wire.whole(Wire.write(f))).next());
        assertThat(peer.toFrame()).isEqualTo(f);
    }

    @Test
    void settingABadValueOfOurOwnIsABug() {
        Settings s = new Settings();

        assertThatThrownBy(() -> s.set(Settings.MAX_FRAME_SIZE, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> s.set(Settings.ENABLE_PUSH, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> s.set(0x10000, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> s.set(Settings.HEADER_TABLE_SIZE, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
