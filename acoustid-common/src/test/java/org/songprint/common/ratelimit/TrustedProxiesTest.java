package org.songprint.common.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The client's address is what the last trusted proxy saw; whatever a client writes itself is ignored. */
class TrustedProxiesTest {

    private final TrustedProxies proxies = new TrustedProxies(List.of("127.0.0.1", "10.0.0.0/8", "fd00::/8"));

    @Test
    void aDirectCallerIsItsOwnPeerWhateverItClaims() {
        assertThat(proxies.clientAddress("198.51.100.7", List.of("203.0.113.1"))).isEqualTo("198.51.100.7");
    }

    @Test
    void behindOneProxyTheAddressItAppendedIsTaken() {
        assertThat(proxies.clientAddress("10.1.2.3", List.of("198.51.100.7"))).isEqualTo("198.51.100.7");
    }

    @Test
    void aForgedEntryLeftOfWhatTheProxyAppendedIsIgnored() {
        // the client sent "X-Forwarded-For: 203.0.113.1"; its proxy appended the address it saw
        assertThat(proxies.clientAddress("127.0.0.1", List.of("203.0.113.1, 198.51.100.7"))).isEqualTo("198.51.100.7");
        assertThat(proxies.clientAddress("127.0.0.1", List.of("203.0.113.1", "198.51.100.7"))).isEqualTo("198.51.100.7");
    }

    @Test
    void trustedHopsAreWalkedPastFromTheRight() {
        assertThat(proxies.clientAddress("127.0.0.1", List.of("203.0.113.1, 198.51.100.7, 10.9.9.9"))).isEqualTo("198.51.100.7");
        assertThat(proxies.clientAddress("10.0.0.5", List.of("2001:db8::1, fd12::3"))).isEqualTo("2001:db8::1");
    }

    @Test
    void garbageStopsTheWalkAtTheHopThatWroteIt() {
        assertThat(proxies.clientAddress("127.0.0.1", List.of("not-an-ip"))).isEqualTo("127.0.0.1");
        assertThat(proxies.clientAddress("127.0.0.1", List.of("evil.example, 10.2.2.2"))).isEqualTo("10.2.2.2");
        // names are never resolved
        assertThat(proxies.clientAddress("127.0.0.1", List.of("localhost"))).isEqualTo("127.0.0.1");
    }

    @Test
    void onlyTrustedHopsMeansTheLeftMostOfThem() {
        assertThat(proxies.clientAddress("127.0.0.1", List.of("127.0.0.1"))).isEqualTo("127.0.0.1");
        assertThat(proxies.clientAddress("127.0.0.1", List.of())).isEqualTo("127.0.0.1");
    }

    @Test
    void cidrBlocksMatchOnTheirPrefixOnly() {
        TrustedProxies block = new TrustedProxies(List.of("192.168.4.0/22"));
        assertThat(block.trusts("192.168.7.255")).isTrue();
        assertThat(block.trusts("192.168.8.0")).isFalse();
        assertThat(block.trusts("::ffff:192.168.5.1")).isTrue();
        assertThat(new TrustedProxies(List.of("bogus/33", "")).trusts("127.0.0.1")).isFalse();
    }

    @Test
    void aPortAfterAnIpv4HopIsDropped() {
        assertThat(proxies.clientAddress("127.0.0.1", List.of("198.51.100.7:52311"))).isEqualTo("198.51.100.7");
        assertThat(proxies.clientAddress("127.0.0.1", List.of("[2001:db8::9]:443"))).isEqualTo("2001:db8::9");
    }
}
