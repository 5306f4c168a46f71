package org.songprint.testsupport;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;

/**
 * One HTTP/1.1 request written byte for byte, for what an HTTP client library would not send as
 * asked (a request line of an exact length, say).
 */
public final class RawHttp {

    private RawHttp() {
    }

    /** The answer's status line and body, joined by " | ". */
    public static String statusAndBody(URL server, String requestLine) throws IOException {
        try (Socket socket = new Socket(server.getHost(), server.getPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write((requestLine + "\r\nHost: localhost\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int bodyStart = response.indexOf("\r\n\r\n");
            return response.substring(0, response.indexOf("\r\n")) + " | "
                    + (bodyStart < 0 ? "" : response.substring(bodyStart + 4));
        }
    }

    /** A GET request line of exactly {@code length} bytes: {@code pathAndQuery} padded with {@code &pad=x...}. */
    public static String getLineOf(String pathAndQuery, int length) {
        String head = "GET " + pathAndQuery + "&pad=";
        String tail = " HTTP/1.1";
        int padding = length - head.length() - tail.length();
        if (padding < 0) {
            throw new IllegalArgumentException("the request line is already longer than " + length);
        }
        return head + "x".repeat(padding) + tail;
    }
}
