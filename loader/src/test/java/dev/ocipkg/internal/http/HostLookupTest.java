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
    assertThat(HostLookup.isAddressLiteral("1.2.3")).isFalse();
    assertThat(HostLookup.isAddressLiteral("10.0.0.1.example")).isFalse();
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
