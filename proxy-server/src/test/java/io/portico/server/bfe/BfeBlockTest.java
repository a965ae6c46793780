package io.portico.server.bfe;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

/** mod_block's address ranges as the CIDR blocks that cover them exactly. */
class BfeBlockTest {

    private static InetAddress at(String text) throws UnknownHostException {
        return InetAddress.getByName(text);
    }

    @Test
    void oneAddressIsAFullLengthBlock() throws Exception {
        assertThat(BfeBlock.cidrs(at("192.0.2.7"), at("192.0.2.7"))).containsExactly("192.0.2.7/32");
        assertThat(BfeBlock.cidrs(at("::1"), at("::1"))).containsExactly("0:0:0:0:0:0:0:1/128");
    }

    @Test
    void alignedRangesAreOneBlockAndTheWholeSpaceIsSlashZero() throws Exception {
        assertThat(BfeBlock.cidrs(at("10.0.0.0"), at("10.255.255.255"))).containsExactly("10.0.0.0/8");
        assertThat(BfeBlock.cidrs(at("0.0.0.0"), at("255.255.255.255"))).containsExactly("0.0.0.0/0");
        assertThat(BfeBlock.cidrs(at("2001:db8::"), at("2001:db8::ffff"))).containsExactly("2001:db8:0:0:0:0:0:0/112");
    }

    @Test
    void anUnalignedRangeIsCoveredWithoutAnAddressMoreOrLess() throws Exception {
        assertThat(BfeBlock.cidrs(at("10.0.0.3"), at("10.0.0.9")))
                .containsExactly("10.0.0.3/32", "10.0.0.4/30", "10.0.0.8/31");
        assertThat(BfeBlock.cidrs(at("255.255.255.254"), at("255.255.255.255"))).containsExactly("255.255.255.254/31");
    }

    @Test
    void aRangeWhoseEndIsBelowItsStartCoversNothing() throws Exception {
        assertThat(BfeBlock.cidrs(at("10.0.0.9"), at("10.0.0.3"))).isEmpty();
    }
}
