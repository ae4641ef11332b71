/**
 * HTTP/1.1 for the registry client on the JDK's sockets alone: requests and responses as small
 * values, sent by {@link HttpExchanges} on connections it owns ({@link Connector}, {@link
 * ConnectionPool}). Owning them is what lets every foreign byte be bounded (the head in {@link
 * ResponseHead}, chunked bodies in {@link ChunkedStream}), every connection be closed from any
 * thread, and nothing answer a challenge behind the registry client's back; it also costs a fresh
 * JVM fewer classes than the JDK's HTTP clients.
 */
@NullMarked
package dev.ocipkg.internal.http;

import org.jspecify.annotations.NullMarked;
