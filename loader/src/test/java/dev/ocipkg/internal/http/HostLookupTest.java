package dev.ocipkg.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Name lookups are bounded in time. A resolver that never answers stands in for a broken or hostile
 * DNS server, which no real registry or the system's resolver produces on demand.
 */
class HostLookupTest {
  private static final HostLookup.Resolver NEVER_ANSWERS =
      host -> {
        try {
          Thread.sleep(60_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        throw new UnknownHostException(host);
      };

  @Test
  void aLookupThatDoesNotAnswerFailsAfterTheTimeoutNamingTheHost() {
    long start = System.nanoTime();

    assertThatThrownBy(
            () -> HostLookup.addresses("registry.example", 300, new CutOff(), NEVER_ANSWERS))
        .isInstanceOf(SocketTimeoutException.class)
        .hasMessage("the name lookup of registry.example did not end within 300 ms");
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isBetween(250L, 5_000L);
  }

  @Test
  void aCutOffEndsTheWaitAtOnce() throws Exception {
    CutOff cut = new CutOff();
    cut.armAt(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200), false);
    long start = System.nanoTime();

    assertThatThrownBy(() -> HostLookup.addresses("registry.example", 60_000, cut, NEVER_ANSWERS))
        .isInstanceOf(SocketTimeoutException.class);
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(5_000L);
    assertThat(cut.fired()).isTrue();
  }

  @Test
  void anAnswerInTimeIsReturnedAndAnUnknownHostStaysUnknown() throws Exception {
    InetAddress loopback = InetAddress.getByAddress("registry.example", new byte[] {127, 0, 0, 1});
    AtomicReference<String> thread = new AtomicReference<>();

    InetAddress[] found =
        HostLookup.addresses(
            "registry.example",
            5_000,
            new CutOff(),
            host -> {
              thread.set(Thread.currentThread().getName());
              return new InetAddress[] {loopback};
            });

    assertThat(found).containsExactly(loopback);
    assertThat(thread.get()).startsWith("ocipkg-dns-");
    assertThatThrownBy(
            () ->
                HostLookup.addresses(
                    "nowhere.example",
                    5_000,
                    new CutOff(),
                    host -> {
                      throw new UnknownHostException(host);
                    }))
        .isInstanceOf(UnknownHostException.class)
        .hasMessage("nowhere.example");
  }

  @Test
  void anAddressLiteralIsParsedOnTheCallersThread() throws Exception {
    Thread caller = Thread.currentThread();
    for (String literal : new String[] {"127.0.0.1", "::1", "[::1]"}) {
      AtomicReference<Thread> ran = new AtomicReference<>();
      HostLookup.addresses(
          literal,
          1_000,
          new CutOff(),
          host -> {
            ran.set(Thread.currentThread());
            return InetAddress.getAllByName(host);
          });
      assertThat(ran.get()).isSameAs(caller);
    }
    for (String literal :
        new String[] {
          "255.255.255.255", "0.0.0.0", "::ffff:1.2.3.4", "[::ffff:1.2.3.4]", "fe80::1"
        }) {
      assertThat(HostLookup.isAddressLiteral(literal)).as(literal).isTrue();
    }
    // Whatever the JDK might look up as a name goes to a lookup thread.
    for (String name :
        new String[] {
          "1.2.3",
          "10.0.0.1.example",
          "proxy.corp:3128",
          "g:1",
          ".1:2",
          "1.2.3.256",
          "999.999.999.999",
          "1..2.3",
          "1.2.3.",
          "127",
          "127.1",
          "01.2.3.4",
          "[1.2.3.4]",
          "fe80::1%eth0",
          "registry.example",
          ""
        }) {
      assertThat(HostLookup.isAddressLiteral(name)).as(name).isFalse();
    }
  }

  @Test
  void whatTheLookupThrowsReachesTheCallerAsItIs() {
    assertThatThrownBy(
            () ->
                HostLookup.addresses(
                    "error.example",
                    5_000,
                    new CutOff(),
                    host -> {
                      throw new StackOverflowError("deep");
                    }))
        .isInstanceOf(StackOverflowError.class)
        .hasMessage("deep");
    assertThatThrownBy(
            () ->
                HostLookup.addresses(
                    "runtime.example",
                    5_000,
                    new CutOff(),
                    host -> {
                      throw new IllegalStateException("odd");
                    }))
        .isInstanceOf(IllegalStateException.class);
  }

  /**
   * Fewer lookups in flight than the limit are never refused, however quickly they follow each
   * other: a thread whose lookup has just ended is not counted as one that is waiting.
   */
  @Test
  void lookupsBelowTheLimitAreNeverRefused() throws Exception {
    InetAddress loopback = InetAddress.getByAddress("fast.example", new byte[] {127, 0, 0, 1});
    HostLookup.Resolver fast =
        host -> {
          try {
            Thread.sleep(1);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return new InetAddress[] {loopback};
        };
    java.util.concurrent.atomic.AtomicInteger refused =
        new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.ExecutorService callers =
        java.util.concurrent.Executors.newFixedThreadPool(HostLookup.MAX_RUNNING - 1);
    try {
      java.util.List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
      for (int c = 0; c < HostLookup.MAX_RUNNING - 1; c++) {
        done.add(
            callers.submit(
                () -> {
                  for (int i = 0; i < 300; i++) {
                    try {
                      HostLookup.addresses("fast.example", 5_000, new CutOff(), fast);
                    } catch (SocketTimeoutException e) {
                      refused.incrementAndGet();
                    } catch (UnknownHostException e) {
                      throw new IllegalStateException(e);
                    }
                  }
                  return null;
                }));
      }
      for (java.util.concurrent.Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      callers.shutdownNow();
    }

    assertThat(refused).hasValue(0);
  }

  @Test
  void lookupsStuckBeyondTheLimitFailAtOnceRatherThanPileUpThreads() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    HostLookup.Resolver stuck =
        host -> {
          try {
            release.await();
          } catch (InterruptedException e) {
            // cancelled by the waiter that gave up: stay stuck, as a real resolver would
            try {
              release.await();
            } catch (InterruptedException again) {
              Thread.currentThread().interrupt();
            }
          }
          throw new UnknownHostException(host);
        };
    try {
      for (int i = 0; i < HostLookup.MAX_RUNNING; i++) {
        assertThatThrownBy(() -> HostLookup.addresses("stuck.example", 50, new CutOff(), stuck))
            .isInstanceOf(SocketTimeoutException.class);
      }
      long start = System.nanoTime();

      assertThatThrownBy(() -> HostLookup.addresses("one.more", 10_000, new CutOff(), stuck))
          .isInstanceOf(SocketTimeoutException.class)
          .hasMessageContaining("name lookups are already waiting");
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(1_000L);
    } finally {
      release.countDown();
    }
  }
}
