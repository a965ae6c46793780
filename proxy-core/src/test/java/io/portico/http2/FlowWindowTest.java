package io.portico.http2;

import static io.portico.http2.ErrorCode.FLOW_CONTROL_ERROR;
import static io.portico.http2.Wire.assertConnectionError;
import static io.portico.http2.Wire.assertStreamError;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Send and receive window arithmetic (RFC 9113 §6.9). */
class FlowWindowTest {
    private static final int MAX = Integer.MAX_VALUE;

    @Test
    void takeGrantsWhatTheWindowAllowsAndNoMore() {
        SendWindow w = new SendWindow(1, 100);

        assertThat(w.take(30)).isEqualTo(30);
        assertThat(w.take(100)).isEqualTo(70);
        assertThat(w.take(1)).isZero();
        assertThat(w.available()).isZero();
    }

    @Test
    void windowUpdatesExpandTheSendWindowUpToTwoToTheThirtyFirstMinusOne() {
        SendWindow w = new SendWindow(1, 0);

        w.expand(MAX - 10);
        w.expand(10);

        assertThat(w.available()).isEqualTo(MAX);
    }

    @Test
    void aStreamWindowUpdatePastTheMaximumIsAStreamFlowControlError() {
        SendWindow w = new SendWindow(3, 65_535);

        assertStreamError(() -> w.expand(MAX - 65_534), FLOW_CONTROL_ERROR, 3);
        assertThat(w.available()).as("unchanged").isEqualTo(65_535);
    }

    @Test
    void aConnectionWindowUpdatePastTheMaximumIsAConnectionFlowControlError() {
        SendWindow w = new SendWindow(0, MAX);

        assertConnectionError(() -> w.expand(1), FLOW_CONTROL_ERROR, 0);
    }

    @Test
    void aSettingsShrinkCanMakeTheSendWindowNegativeAndNothingMayBeSentUntilItRecovers() {
        SendWindow w = new SendWindow(1, 65_535);
        assertThat(w.take(60_000)).isEqualTo(60_000);

        w.adjust(16_384 - 65_535);

        assertThat(w.available()).isEqualTo(5_535 + 16_384 - 65_535).isNegative();
        assertThat(w.take(1)).isZero();
        w.expand(43_616);
        assertThat(w.available()).isZero();
        assertThat(w.take(1)).isZero();
        w.expand(1);
        assertThat(w.take(10)).isEqualTo(1);
    }

    @Test
    void theLowestWindowASettingsShrinkCanMakeStillHoldsInAnInt() {
        SendWindow w = new SendWindow(1, MAX);
        w.take(MAX);

        w.adjust(-MAX);

        assertThat(w.available()).isEqualTo(-MAX);
        w.expand(MAX);
        assertThat(w.available()).isZero();
    }

    @Test
    void aSettingsGrowthPastTheMaximumIsAConnectionFlowControlErrorEvenOnAStream() {
        SendWindow w = new SendWindow(5, 65_535);
        w.expand(MAX - 65_535);

        assertConnectionError(() -> w.adjust(1), FLOW_CONTROL_ERROR, 5);
    }

    @Test
    void aSettingsGrowthRaisesAWindowThatWasUsed() {
        SendWindow w = new SendWindow(1, 65_535);
        w.take(65_535);

        w.adjust(MAX - 65_535);

        assertThat(w.available()).isEqualTo(MAX - 65_535);
    }

    @Test
    void thePeerMaySendExactlyTheReceiveWindow() {
        ReceiveWindow w = new ReceiveWindow(1, 65_535);

        w.receive(65_535);

        assertThat(w.available()).isZero();
        w.receive(0);
    }

    @Test
    void dataPastTheStreamReceiveWindowIsAStreamFlowControlError() {
        ReceiveWindow w = new ReceiveWindow(7, 100);
        w.receive(60);

        assertStreamError(() -> w.receive(41), FLOW_CONTROL_ERROR, 7);
        assertThat(w.available()).as("unchanged").isEqualTo(40);
    }

    @Test
    void dataPastTheConnectionReceiveWindowIsAConnectionFlowControlError() {
        ReceiveWindow w = new ReceiveWindow(0, 65_535);

        assertConnectionError(() -> w.receive(65_536), FLOW_CONTROL_ERROR, 0);
    }

    @Test
    void releasedBytesAreReturnedInOneUpdateOnceTheyReachHalfTheWindow() {
        ReceiveWindow w = new ReceiveWindow(1, 1000);
        w.receive(1000);

        assertThat(w.release(300)).isZero();
        assertThat(w.release(199)).isZero();
        assertThat(w.pending()).isEqualTo(499);
        assertThat(w.release(1)).isEqualTo(500);
        assertThat(w.available()).isEqualTo(500);
        assertThat(w.pending()).isZero();
        assertThat(w.release(500)).isEqualTo(500);
        assertThat(w.available()).isEqualTo(1000);
    }

    @Test
    void aPeerThatFillsTheWindowIsNeverLeftWaitingOnceTheApplicationReadsHalf() {
        ReceiveWindow w = new ReceiveWindow(1, 16_384);
        long sent = 0;
        for (int round = 0; round < 100; round++) {
            int n = w.available();
            w.receive(n);
            sent += n;
            int increment = 0;
            while (increment == 0) {
                increment = w.release(1000);
            }
            assertThat(w.available()).isPositive();
        }
        assertThat(sent).isGreaterThan(100L * 8192);
    }

    @Test
    void flushReturnsWhateverIsPendingAtOnce() {
        ReceiveWindow w = new ReceiveWindow(1, 1000);
        w.receive(10);
        w.release(10);

        assertThat(w.flush()).isEqualTo(10);
        assertThat(w.flush()).isZero();
        assertThat(w.available()).isEqualTo(1000);
    }

    @Test
    void growingTheConnectionWindowReturnsTheIncrementToSend() {
        ReceiveWindow w = new ReceiveWindow(0, 65_535);

        assertThat(w.grow(1 << 20)).isEqualTo((1 << 20) - 65_535);
        assertThat(w.size()).isEqualTo(1 << 20);
        assertThat(w.available()).isEqualTo(1 << 20);
        assertThat(w.grow(1000)).as("never shrinks").isZero();
        w.receive(1 << 20);
        assertThat(w.release(1 << 19)).isEqualTo(1 << 19);
    }

    @Test
    void adjustingOurInitialWindowCanMakeTheReceiveWindowNegativeWithoutAnUpdate() {
        ReceiveWindow w = new ReceiveWindow(1, 65_535);
        w.receive(60_000);

        w.adjust(16_384 - 65_535);

        assertThat(w.size()).isEqualTo(16_384);
        assertThat(w.available()).isNegative();
        assertStreamError(() -> w.receive(1), FLOW_CONTROL_ERROR, 1);
        assertThat(w.release(60_000)).isEqualTo(60_000);
        assertThat(w.available()).isEqualTo(16_384);
    }
}
