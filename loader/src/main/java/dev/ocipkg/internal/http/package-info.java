/**
 * HTTP for the registry client on the JDK alone: requests and responses as small values, sent on
 * {@link java.net.HttpURLConnection} ({@link HttpExchanges}), which costs a fresh JVM a fraction of
 * the classes and time of a third-party client. The one method it cannot send, PATCH (chunked
 * uploads, for the toolbox only), and a request answered chunked go through {@code java.net.http}
 * ({@link HttpClientExchanges}).
 */
@NullMarked
package dev.ocipkg.internal.http;

import org.jspecify.annotations.NullMarked;
