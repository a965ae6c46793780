package io.portico.server;

import io.portico.http2.SettingsFrame;
import io.portico.server.http2.H2Client;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;

/** {@link H2Client}s to a {@link TestProxy}: h2c by prior knowledge on http, h2 by ALPN on https (SNI example.com). */
final class H2Connections {
    private H2Connections() {
    }

    /** A client that sent the preface and SETTINGS ({@code settings} plus ENABLE_PUSH 0). */
    static H2Client open(TestProxy proxy, SettingsFrame.Setting... settings) throws IOException {
        return proxy.transport() == TestProxy.Transport.TLS
                ? H2Client.tls(proxy.port(), TestPki.trustingTestCa(), TestProxy.TLS_NAME, settings)
                : H2Client.h2c(proxy.port(), settings);
    }

    /** A client that sent nothing yet; over TLS its handshake chose h2. */
    static H2Client withoutPreface(TestProxy proxy) throws IOException {
        Socket s = proxy.transport() == TestProxy.Transport.TLS
                ? H2Client.tlsSocket(proxy.port(), TestPki.trustingTestCa(), TestProxy.TLS_NAME)
                : new Socket(InetAddress.getLoopbackAddress(), proxy.port());
        return H2Client.withoutPreface(s, proxy.transport().scheme());
    }
}
